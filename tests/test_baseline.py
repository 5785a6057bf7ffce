"""Baselines: line moves keep findings hidden, new ones show, fixed ones count as stale."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coordgraph.baseline import Baseline, apply_baseline, load_baseline, write_baseline
from coordgraph.catalogue import ConfigError
from coordgraph.findings import FileResult, Finding, Severity, Span
from coordgraph.safewrite import RefusedWrite

SOLSIKKEN = "orgs/solsikken.org.yaml"
SKOVBAKKE = "orgs/skovbakkeskolen.org.yaml"


def finding(
    code: str,
    node: str,
    line: int,
    message: str,
    path: str = SOLSIKKEN,
    severity: Severity = Severity.WARNING,
) -> Finding:
    name = {
        "CG201": "missing-mandate",
        "CG104": "uncoordinated-contributors",
        "CG003": "schema-violation",
        "CG308": "uncarried-line-element",
    }[code]
    return Finding(code, name, severity, message, path, Span(line, 5, line, 12), node)


MANDATE = finding("CG201", "tasks/icdp", 42, "Bo Berg ejer 'Tovholder på ICDP' uden et mandat")
CONTRIB = finding(
    "CG104", "tasks/sprog/contributors/0", 77, "Søren Ærø taler ikke med ejeren Mette Kjær"
)
TWIN = finding(
    "CG003", "tasks/udeliv/resources", 91, "Ukendt nøgle 'budjet'", severity=Severity.ERROR
)
LINE = finding("CG308", "direction/udeliv", 14, "Udeliv bæres af ingen opgave", path=SKOVBAKKE)


def results(*findings: Finding) -> list[FileResult]:
    paths = sorted({f.path for f in findings} | {SOLSIKKEN})
    return [FileResult(p, tuple(f for f in findings if f.path == p)) for p in paths]


def shifted(f: Finding, lines: int) -> Finding:
    s = f.span
    return f._replace(span=Span(s.line + lines, s.column, s.end_line + lines, s.end_column))


def all_findings(res: list[FileResult]) -> list[Finding]:
    return [f for r in res for f in r.findings]


def test_write_is_sorted_deterministic_json(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    count = write_baseline(results(MANDATE, CONTRIB, LINE), target)
    assert count == 3
    text = target.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["version"] == 1
    entries = data["entries"]
    assert [e["code"] for e in entries] == ["CG308", "CG104", "CG201"]  # by path, then code
    assert entries[1] == {
        "fingerprint": CONTRIB.fingerprint,
        "code": "CG104",
        "path": SOLSIKKEN,
        "node": "tasks/sprog/contributors/0",
        "message": CONTRIB.message,
    }
    assert "Søren Ærø" in text  # UTF-8, readable in review
    assert all(set(e) == {"fingerprint", "code", "path", "node", "message"} for e in entries)
    # the same findings in another order give the same bytes
    again = tmp_path / "again.json"
    write_baseline(list(reversed(results(LINE, CONTRIB, MANDATE))), again)
    assert again.read_bytes() == target.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.json", "baseline.json"]


def test_write_replaces_an_existing_baseline(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(MANDATE, CONTRIB), target)
    write_baseline(results(MANDATE), target)
    assert len(load_baseline(target)) == 1


def test_shifted_findings_stay_hidden_new_one_shows_removed_one_is_stale(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(MANDATE, CONTRIB, LINE), target)
    baseline = load_baseline(target)
    # Someone inserts 17 lines at the top of both files: every span moves, nodes stay.
    moved = [shifted(MANDATE, 17), shifted(LINE, 17)]  # CONTRIB was fixed
    new = finding("CG201", "tasks/sprog", 60, "Mette Kjær ejer 'Sprogindsats' uden et mandat")
    filtered, hidden, stale = apply_baseline(results(*moved, new), baseline)
    assert all_findings(filtered) == [new]
    assert hidden == 2
    assert stale == 1


def test_nothing_hidden_without_match_and_results_untouched() -> None:
    res = results(MANDATE, LINE)
    filtered, hidden, stale = apply_baseline(res, Baseline())
    assert filtered == res and (hidden, stale) == (0, 0)


def test_same_fingerprint_twice_is_a_multiset(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(TWIN), target)
    third = TWIN._replace(span=Span(95, 5, 95, 9), message="Ukendt nøgle 'vikar'")
    filtered, hidden, stale = apply_baseline(results(TWIN, third), load_baseline(target))
    assert hidden == 1 and stale == 0
    assert all_findings(filtered) == [third]  # one recorded entry hides one finding


def test_stale_only_counts_files_that_were_checked(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(MANDATE, LINE), target)
    # pre-commit checks only solsikken: skovbakkeskolen's entry is not stale
    _, hidden, stale = apply_baseline([FileResult(SOLSIKKEN, ())], load_baseline(target))
    assert (hidden, stale) == (0, 1)


def test_dot_slash_paths_match(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(MANDATE), target)
    dotted = MANDATE._replace(path="./" + MANDATE.path)
    filtered, hidden, stale = apply_baseline(
        [FileResult(dotted.path, (dotted,))], load_baseline(target)
    )
    assert (hidden, stale) == (1, 0) and all_findings(filtered) == []


@pytest.mark.parametrize(
    ("content", "key", "problem"),
    [
        (None, "", "cannot read the baseline"),
        ("{not json", "", "not valid JSON (line 1, column 2"),
        ("[]", "", "must be a JSON object"),
        ('{"entries": []}', "version", "missing"),
        ('{"version": 2, "entries": []}', "version", "unsupported baseline version 2"),
        ('{"version": true, "entries": []}', "version", "unsupported"),
        ('{"version": 1}', "entries", "must be a list"),
        ('{"version": 1, "entries": ["x"]}', "entries[0]", "must be an object"),
        ('{"version": 1, "entries": [{"code": "CG201"}]}', "entries[0].fingerprint", "missing"),
        ('{"version": 1, "entries": [{"fingerprint": "a", "node": 3}]}', "entries[0].node", "must"),
    ],
)
def test_invalid_baseline_is_a_clear_config_error(
    tmp_path: Path, content: str | None, key: str, problem: str
) -> None:
    target = tmp_path / "baseline.json"
    if content is not None:
        target.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_baseline(target)
    assert info.value.source == str(target)
    assert info.value.key == key
    assert problem in info.value.detail("en")


def test_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    target.write_bytes(b'{"version": 1, "entries": [{"fingerprint": "\xe6"}]}')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_baseline(target)


def test_unwritable_target_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(RefusedWrite, match=r"cannot write to .*does not exist"):
        write_baseline(results(MANDATE), tmp_path / "no-such-dir" / "baseline.json")
    directory = tmp_path / "a-directory"
    directory.mkdir()
    with pytest.raises(RefusedWrite, match="it is a folder"):
        write_baseline(results(MANDATE), directory)
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))


@pytest.mark.skipif(os.name != "posix", reason="posix file modes")
def test_written_file_is_readable_by_others(tmp_path: Path) -> None:
    target = tmp_path / "baseline.json"
    write_baseline(results(MANDATE), target)
    assert target.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600
