"""Adding a rule takes only the documented steps, and everything picks it up.

In a copy of the project, a throwaway rule is added exactly as
docs/CONTRIBUTING-INTERNAL.md says: its check with ``@rule`` in a family module, its
prose file, its fixture, then ``python -m coordgraph.explain``. Then ``check`` reports
it, ``explain`` and ``rules`` show it, the regenerated docs/rules.md has it, and the
catalogue tests and the family's fixture tests pass with it, none of them edited.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = '''

@rule("CG399", "untitled-criterion", scope="tasks")
def untitled_criterion(ctx: Context) -> Iterator[Hit]:
    """A success criterion that says nothing: nobody can tell whether it was met."""
    for task in ctx.org.tasks.values():
        for criterion in task.success_criteria:
            if criterion.text.strip().lower() in {"ok", "done", "fint"}:
                yield Hit(
                    "CG399",
                    nodepath.task(task.id, "success_criteria"),
                    {"task": task_label(task)},
                    related=(nodepath.person(task.owner),),
                )
'''

PROSE = """\
summary:
  en: "A success criterion that says nothing."
  da: "Et succeskriterium, der ikke siger noget."
short:
  en: "Empty criterion"
  da: "Tomt kriterium"
hint:
  en: "Write what should be different when the task has succeeded."
  da: "Skriv, hvad der skal være anderledes, når opgaven er lykkedes."
message:
  en: "A success criterion of {task} says nothing"
  da: "Et succeskriterium for {task} siger ikke noget"
rationale:
  en: "A criterion like 'OK' cannot be met or missed: nobody can tell whether the task succeeded."
  da: "Et kriterium som 'OK' kan hverken nås eller mangle: ingen kan se, om opgaven lykkedes."
fix:
  en: "Write what should be different for the children, the families or the staff."
  da: "Skriv, hvad der skal være anderledes for børnene, familierne eller personalet."
examples:
  bad: |
    people:
      anne: {name: Anne Holm, role: leader}
    tasks:
      t: {title: T, owner: anne, success_criteria: [{text: OK}]}
  good: |
    people:
      anne: {name: Anne Holm, role: leader}
    tasks:
      t: {title: T, owner: anne, success_criteria: [{text: Alle børn har en sprogplan}]}
"""

FIXTURE = """\
rule: CG399
cases:
  - name: a-criterion-that-says-ok
    org: |
      people:
        anne: {name: Anne Holm, role: leader}
      tasks:
        t: {title: T, owner: anne, success_criteria: [{text: OK}]}
    expect:
      - [tasks/t/success_criteria, 4]
  - name: a-criterion-that-says-something
    org: |
      people:
        anne: {name: Anne Holm, role: leader}
      tasks:
        t: {title: T, owner: anne, success_criteria: [{text: Alle har en plan}]}
    expect: []
"""

ORG = """\
version: 1
organisation: {id: t, name: Testinstitutionen}
people:
  anne: {name: Anne Holm, role: leader}
tasks:
  t: {title: Sprogarbejdet, owner: anne, success_criteria: [{text: OK}]}
"""


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the throwaway rule added by the documented steps only."""
    target = tmp_path_factory.mktemp("project")
    for part in ("coordgraph", "rules", "tests", "docs", "benchmarks", "scripts"):
        shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")
    drift = target / "coordgraph" / "checks" / "drift.py"
    drift.write_text(drift.read_text(encoding="utf-8") + CHECK, encoding="utf-8")
    (target / "coordgraph" / "prose" / "CG399.yaml").write_text(PROSE, encoding="utf-8")
    (target / "tests" / "rules" / "CG399.yaml").write_text(FIXTURE, encoding="utf-8")
    (target / "t.org.yaml").write_text(ORG, encoding="utf-8")
    run(target, "-m", "coordgraph.explain")
    return target


def run(where: Path, *args: str, ok: tuple[int, ...] = (0,)) -> str:
    env = {**os.environ, "PYTHONPATH": str(where), "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.run(
        [sys.executable, *args], cwd=where, env=env, capture_output=True, text=True, timeout=600
    )
    assert process.returncode in ok, process.stdout + process.stderr
    return process.stdout


def test_check_reports_the_new_rule(copy: Path) -> None:
    out = run(copy, "-m", "coordgraph", "check", "--isolated", "t.org.yaml", ok=(1,))
    assert re.search(r"t.org.yaml:6:\d+: warning CG399 untitled-criterion", out), out
    assert "A success criterion of 'Sprogarbejdet' (t) says nothing" in out


def test_explain_and_rules_show_it(copy: Path) -> None:
    explained = run(copy, "-m", "coordgraph", "explain", "CG399", "--lang", "da")
    assert explained.startswith("# CG399 untitled-criterion (regelgruppe: målforskydning)")
    assert "Skriv, hvad der skal være anderledes for børnene" in explained
    listed = run(copy, "-m", "coordgraph", "rules")
    assert "CG399  untitled-criterion" in listed


def test_the_generated_rule_reference_has_it(copy: Path) -> None:
    text = (copy / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "## CG399 untitled-criterion" in text
    assert "[CG399](#cg399-untitled-criterion)" in text


def test_the_catalogue_and_fixture_tests_pick_it_up_unedited(copy: Path) -> None:
    out = run(
        copy,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_catalogue.py",
        "tests/test_rules_drift.py",
        "-k",
        "CG399 or every_rule or declared or fixture",
    )
    assert "passed" in out and "failed" not in out
    collected = run(
        copy,
        "-m",
        "pytest",
        "--collect-only",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_catalogue.py",
        "tests/test_rules_drift.py",
    )
    assert "CG399" in collected  # the catalogue's and the fixtures' cases include it
