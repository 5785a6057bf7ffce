"""docs/ci.md says what works: its install routes, its pre-commit pin and its date-free
gate are checked here against the real command line."""

from __future__ import annotations

import re
import shlex
from datetime import date
from pathlib import Path

import pytest

from coordgraph.starter import starter_text
from tests.test_cli import run

CI_DOC = (Path(__file__).resolve().parent.parent / "docs" / "ci.md").read_text(encoding="utf-8")
#: Far past the starter's mandate and follow-up dates: both calendar rules fire.
LATE = "2100-01-01"


EXAMPLES = "\n".join(re.findall(r"^```\w*\n(.*?)^```", CI_DOC, re.M | re.S))


def test_no_example_installs_from_a_package_index_or_pins_a_missing_tag() -> None:
    assert "pip install" in EXAMPLES
    assert not re.search(r"pip install coordgraph\b", EXAMPLES)  # no index has it
    assert not re.search(r"^\s*rev:\s*v\d", EXAMPLES, re.M)  # no release tags exist
    installs = re.findall(r'pip install "git\+https://[^"]+"', EXAMPLES)
    assert installs and all("<commit SHA>" in line for line in installs)
    assert re.search(r"^\s*rev: <full commit SHA>", EXAMPLES, re.M)


@pytest.fixture
def calendar_only(tmp_path: Path) -> Path:
    """An org whose only findings, on LATE, are the calendar rules'."""
    (tmp_path / ".git").mkdir()
    text = starter_text("en", today=date(2026, 1, 5))
    (tmp_path / "org.org.yaml").write_text(text, encoding="utf-8")
    code, output = run("check", "--isolated", "--as-of", LATE, "org.org.yaml", cwd=tmp_path)
    assert code == 1 and {"CG205", "CG305"} <= set(re.findall(r"CG\d{3}", output))
    assert set(re.findall(r"\b(CG\d{3}) [a-z-]+ ", output)) == {"CG205", "CG305"}
    return tmp_path


def test_the_documented_date_free_gate_passes_when_only_a_date_passed(
    calendar_only: Path,
) -> None:
    hook = re.search(r"args: \[(--ignore, CG205, --ignore, CG305)\]", CI_DOC)
    command = re.search(r"`coordgraph check (--ignore CG205 --ignore CG305) orgs/`", CI_DOC)
    assert hook and command, "docs/ci.md no longer shows the date-free gate"
    for args in (hook.group(1).split(", "), shlex.split(command.group(1))):
        code, output = run("check", "--isolated", "--as-of", LATE, *args, "org.org.yaml",
                           cwd=calendar_only)  # fmt: skip
        assert code == 0, output


def test_fail_on_error_is_date_free_with_the_default_ruleset(calendar_only: Path) -> None:
    code, output = run("check", "--isolated", "--as-of", LATE, "--fail-on", "error",
                       "org.org.yaml", cwd=calendar_only)  # fmt: skip
    assert code == 0, output
    assert "`--fail-on error` is date-free too" in CI_DOC
