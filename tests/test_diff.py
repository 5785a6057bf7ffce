"""coordgraph diff: pairs of files for each kind of change, findings resolved and new by
fingerprint, metrics; --since in a temporary git repository (and nothing in it executed);
the meeting pack's first page with report --since."""

from __future__ import annotations

import io
import json
import math
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli import run

BASE = """\
version: 1
organisation:
  id: sol
  name: Børnehuset Solsikken
  direction:
    pedagogical_line:
      relation: Relationsbaseret pædagogik
    values:
      tryghed: Tryghed for alle
units:
  sol: {name: Solsikken, leader: anne}
  bi: {name: Bierne, part_of: sol}
people:
  anne: {name: Anne Holm, role: leader, unit: sol}
  bo: {name: Bo Berg, role: inbetweener, reports_to: anne, unit: bi}
  carla: {name: Carla Dam, role: staff, reports_to: bo, unit: bi}
forums:
  moede: {name: Personalemøde, members: [anne, bo, carla], frequency: monthly}
tasks:
  icdp:
    title: Tovholder på ICDP
    description: Planlægge ICDP
    owner: bo
    complexity: high
    mandate: {granted_by: anne, decides: [Mødeplan], valid_until: 2027-06-30}
    resources: {hours_per_week: 4}
    success_criteria: [{text: Ro ved aflevering, kind: outcome}]
    follow_up: {with: anne, every: monthly, last: 2026-11-15}
    serves: [relation]
  sprog:
    title: Sprogindsats
    owner: carla
    kind: practice
    serves: [tryghed]
links:
  - {between: [anne, bo], frequency: weekly}
"""


def _variant(edit: Callable[[str], str]) -> str:
    text = edit(BASE)
    assert text != BASE, "the edit changed nothing"
    return text


CASES: dict[str, tuple[Callable[[str], str], str, str, str]] = {
    # name: (edit, section, kind, id)
    "person added": (
        lambda t: t.replace("forums:", "  dorte: {name: Dorte Dam, role: staff}\nforums:"),
        "people",
        "added",
        "dorte",
    ),
    "person removed": (
        lambda t: (
            t.replace("  carla: {name: Carla Dam, role: staff, reports_to: bo, unit: bi}\n", "")
            .replace("[anne, bo, carla]", "[anne, bo]")
            .replace("owner: carla", "owner: bo")
        ),
        "people",
        "removed",
        "carla",
    ),
    "person changed": (
        lambda t: t.replace("role: staff, reports_to: bo, unit: bi", "role: staff, unit: sol"),
        "people",
        "changed",
        "carla",
    ),
    "unit added": (
        lambda t: t.replace("people:", "  ugler: {name: Uglerne, part_of: sol}\npeople:"),
        "units",
        "added",
        "ugler",
    ),
    "unit changed": (
        lambda t: t.replace("bi: {name: Bierne, part_of: sol}", "bi: {name: Bierne, leader: bo}"),
        "units",
        "changed",
        "bi",
    ),
    "forum members": (
        lambda t: t.replace(
            "[anne, bo, carla], frequency: monthly", "[anne, bo], frequency: weekly"
        ),
        "forums",
        "changed",
        "moede",
    ),
    "task added": (
        lambda t: t.replace("links:", "  nyt:\n    title: Nyt\n    owner: carla\nlinks:"),
        "tasks",
        "added",
        "nyt",
    ),
    "task changed": (
        lambda t: t.replace("hours_per_week: 4", "hours_per_week: 6"),
        "tasks",
        "changed",
        "icdp",
    ),
    "mandate removed": (
        lambda t: t.replace(
            "    mandate: {granted_by: anne, decides: [Mødeplan], valid_until: 2027-06-30}\n", ""
        ),
        "mandates",
        "removed",
        "icdp",
    ),
    "mandate changed": (
        lambda t: t.replace("valid_until: 2027-06-30", "valid_until: 2028-06-30"),
        "mandates",
        "changed",
        "icdp",
    ),
    "mandate added": (
        lambda t: t.replace(
            "    kind: practice\n", "    kind: practice\n    mandate: {granted_by: anne}\n"
        ),
        "mandates",
        "added",
        "sprog",
    ),
    "link added": (
        lambda t: t + "  - {between: [bo, carla], frequency: daily}\n",
        "links",
        "added",
        "bo+carla",
    ),
    "link removed": (
        lambda t: t.replace("links:\n  - {between: [anne, bo], frequency: weekly}\n", ""),
        "links",
        "removed",
        "anne+bo",
    ),
    "link changed": (
        lambda t: t.replace("frequency: weekly}", "frequency: monthly, trust: low}"),
        "links",
        "changed",
        "anne+bo",
    ),
    "direction changed": (
        lambda t: t.replace("Tryghed for alle", "Tryghed og trivsel"),
        "direction",
        "changed",
        "tryghed",
    ),
}


def _pair(tmp_path: Path, new: str, old: str = BASE) -> tuple[Path, Path]:
    a, b = tmp_path / "old.org.yaml", tmp_path / "new.org.yaml"
    a.write_text(old, encoding="utf-8")
    b.write_text(new, encoding="utf-8")
    return a, b


def _diff(*args: str, cwd: Path | None = None) -> dict[str, Any]:
    code, output = run("diff", "--format", "json", "--as-of", "2026-12-01", *args, cwd=cwd)
    assert code == 0, output
    data: dict[str, Any] = json.loads(output[output.index("{") :])
    return data


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_change(tmp_path: Path, case: str) -> None:
    edit, section, kind, ident = CASES[case]
    a, b = _pair(tmp_path, _variant(edit))
    data = _diff(str(a), str(b))
    found = data["changes"][section][kind]
    assert [entry["id"] for entry in found] == [ident], data["changes"]
    elsewhere = {
        (s, k, e["id"])
        for s, kinds in data["changes"].items()
        for k, entries in kinds.items()
        for e in entries
        if (s, k, e["id"]) != (section, kind, ident)
    }
    # a change is reported where it is; removing a person also changes what named them
    expected = {("forums", "changed", "moede"), ("tasks", "changed", "sprog")}
    assert elsewhere == (expected if case == "person removed" else set()), elsewhere


def test_field_changes_are_shown_old_and_new(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, CASES["forum members"][0](BASE))
    data = _diff(str(a), str(b))
    fields = data["changes"]["forums"]["changed"][0]["fields"]
    assert fields["members"] == {"old": ["anne", "bo", "carla"], "new": ["anne", "bo"]}
    assert fields["frequency"] == {"old": "monthly", "new": "weekly"}
    code, text = run("diff", str(a), str(b), "--lang", "en", "--as-of", "2026-12-01")
    assert code == 0 and "members: −carla" in text and "frequency: monthly → weekly" in text


def test_findings_resolved_and_new_by_fingerprint_and_metrics(tmp_path: Path) -> None:
    # the new version gives the practice task's owner a mandate-less delegated task (new
    # findings) and links carla to bo (congruence can only rise)
    new = BASE.replace(
        "links:",
        "  opgave:\n    title: Ny opgave\n    owner: carla\n    serves: [relation]\nlinks:",
    )
    old = BASE.replace("    description: Planlægge ICDP\n", "")  # CG203 in the old only
    a, b = _pair(tmp_path, new, old)
    data = _diff(str(a), str(b))
    resolved = {f["code"] for f in data["findings"]["resolved"]}
    fresh = {(f["code"], f["node"]) for f in data["findings"]["new"]}
    assert resolved == {"CG203"}
    assert ("CG201", "tasks/opgave") in fresh and ("CG206", "tasks/opgave") in fresh
    metrics = data["metrics"]
    assert metrics["mandate_completeness"]["old"] == 0.0
    assert metrics["mandate_completeness"]["new"] == 0.5
    code, text = run("diff", str(a), str(b), "--lang", "da", "--as-of", "2026-12-01")
    assert code == 0
    assert "✓ løst" in text and "Mangler beskrivelse" in text
    assert "+ nyt" in text and "Mangler mandat" in text
    assert "Afklarede mandater: 0 % → 50 % (+50)" in text


def test_markdown_output(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, CASES["person added"][0](BASE))
    code, text = run("diff", str(a), str(b), "--format", "markdown", "--lang", "en")
    assert code == 0
    assert "## Since last time" in text and "### People (1 added, 0 removed, 0 changed)" in text
    assert "- **added** Dorte Dam (dorte)" in text and "### Findings" in text


def test_no_changes(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, BASE)
    code, text = run("diff", str(a), str(b), "--lang", "en", "--as-of", "2026-12-01")
    assert code == 0 and "No changes" in text and "0 resolved, 0 new" in text


def test_an_unreadable_version_is_said_and_its_findings_still_compared(tmp_path: Path) -> None:
    a, b = _pair(tmp_path, BASE, "version: 1\npeople: [\n")
    data = _diff(str(a), str(b))
    assert data["unreadable"][0]["version"] == "old" and "CG001" in data["unreadable"][0]["detail"]
    assert {f["code"] for f in data["findings"]["resolved"]} == {"CG001"}


def test_bad_arguments_are_one_line_and_exit_2(tmp_path: Path) -> None:
    a, _ = _pair(tmp_path, BASE)
    for args in ((str(a),), (str(a), str(a), str(a)), ("--since", "HEAD", str(a), str(a))):
        code, output = run("diff", *args, "--lang", "en")
        assert code == 2 and "give two files" in output, output
    code, output = run("diff", str(a), str(tmp_path / "missing.org.yaml"), "--lang", "en")
    assert code == 2 and "cannot read" in output and "Traceback" not in output


# -- --since in a git repository ------------------------------------------------------------

GIT = shutil.which("git")
needs_git = pytest.mark.skipif(GIT is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / "orgs").mkdir(parents=True)
    _git(root, "init", "-q")
    org = root / "orgs" / "sol.org.yaml"
    org.write_text(BASE.replace("    description: Planlægge ICDP\n", ""), encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "last meeting")
    _git(root, "tag", "moede-1")
    org.write_text(
        BASE.replace("forums:", "  dorte: {name: Dorte Dam, role: staff}\nforums:"),
        encoding="utf-8",
    )
    return root


@needs_git
def test_since_reads_the_older_version_from_git(repo: Path) -> None:
    data = _diff("--since", "moede-1", "orgs/sol.org.yaml", cwd=repo)
    assert data["old"] == "moede-1"
    assert [e["id"] for e in data["changes"]["people"]["added"]] == ["dorte"]
    assert {f["code"] for f in data["findings"]["resolved"]} == {"CG203"}
    # from another folder, by a path through it, the same
    data = _diff("--since", "HEAD", str(repo / "orgs" / "sol.org.yaml"), cwd=repo.parent)
    assert [e["id"] for e in data["changes"]["people"]["added"]] == ["dorte"]


@needs_git
@pytest.mark.parametrize(
    ("rev", "words"),
    [
        ("no-such-revision", "git has no revision 'no-such-revision'"),
        ("--output=/tmp/x", "is not a git revision"),
        ("HEAD~5", "git has no revision"),
    ],
)
def test_since_a_revision_git_does_not_have(repo: Path, rev: str, words: str) -> None:
    code, output = run("diff", "--since", rev, "orgs/sol.org.yaml", "--lang", "en", cwd=repo)
    assert code == 2 and words in output, output
    assert "Traceback" not in output and output.count("coordgraph: error:") == 1


@needs_git
def test_since_a_file_the_revision_did_not_have(repo: Path) -> None:
    (repo / "orgs" / "new.org.yaml").write_text(BASE, encoding="utf-8")
    code, output = run("diff", "--since", "HEAD", "orgs/new.org.yaml", "--lang", "en", cwd=repo)
    assert code == 2 and "did not exist in revision HEAD" in output, output


def test_since_outside_a_repository(tmp_path: Path) -> None:
    org = tmp_path / "sol.org.yaml"
    org.write_text(BASE, encoding="utf-8")
    (tmp_path / ".git").write_text("not a repository\n", encoding="utf-8")
    code, output = run("diff", "--since", "HEAD", str(org), "--lang", "en")
    assert code == 2 and ("not in a git repository" in output or "git is not" in output), output


@needs_git
def test_since_runs_nothing_the_repository_asks_for(repo: Path) -> None:
    """A repository can ask git to run programs (a textconv filter for diffs); reading
    the older version must not run them."""
    marker = repo / "ran"
    _git(repo, "config", "diff.evil.textconv", f"touch {marker}; cat")
    _git(repo, "config", "core.pager", f"touch {marker}; cat")
    (repo / ".gitattributes").write_text("*.yaml diff=evil\n", encoding="utf-8")
    _git(repo, "add", ".gitattributes")
    _git(repo, "commit", "-q", "-m", "attributes")
    data = _diff("--since", "moede-1", "orgs/sol.org.yaml", cwd=repo)
    assert [e["id"] for e in data["changes"]["people"]["added"]] == ["dorte"]
    assert not marker.exists()


@needs_git
def test_report_since_opens_with_since_last_time(repo: Path) -> None:
    from pypdf import PdfReader

    pack = repo / "pack.pdf"
    code, output = run(
        "report",
        "orgs/sol.org.yaml",
        "-o",
        str(pack),
        "--since",
        "moede-1",
        "--as-of",
        "2026-12-01",
        "--lang",
        "da",
        cwd=repo,
    )
    assert code == 0, output
    reader = PdfReader(io.BytesIO(pack.read_bytes()))
    first = reader.pages[0].extract_text()
    assert first.startswith("Siden sidst"), first[:200]
    assert "Løste fund (1)" in first and "Mangler beskrivelse (CG203)" in first
    assert "Nye fund (" in first
    assert "Dorte Dam (dorte)" in first  # the newcomer, under people
    second = reader.pages[1].extract_text()
    assert "Nøgletal" in second or "Børnehuset Solsikken" in second
    # the same input, the same bytes
    again = repo / "again.pdf"
    code, _ = run(
        "report", "orgs/sol.org.yaml", "-o", str(again), "--since", "moede-1",
        "--as-of", "2026-12-01", "--lang", "da", cwd=repo,
    )  # fmt: skip
    assert code == 0 and again.read_bytes() == pack.read_bytes()


@needs_git
def test_the_since_page_keeps_the_packs_9_point_rule(repo: Path) -> None:
    from pypdf import PdfReader

    pack = repo / "pack.pdf"
    code, output = run(
        "report", "orgs/sol.org.yaml", "-o", str(pack), "--since", "moede-1",
        "--as-of", "2026-12-01", "--lang", "en", cwd=repo,
    )  # fmt: skip
    assert code == 0, output
    sizes: list[float] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            sizes.append(size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]))

    PdfReader(io.BytesIO(pack.read_bytes())).pages[0].extract_text(visitor_text=visit)
    assert len(sizes) > 10 and min(sizes) >= 9.0 - 0.01, min(sizes)
