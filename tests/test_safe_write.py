"""Writing output never destroys anything: atomic writes, protected inputs, no overwrite.

``--output`` goes to a temporary file beside the target and is renamed over it, so an
interruption leaves the old file (or none) and no debris; an input org file is never
overwritten by a report, however its path is spelled, and no report is ever written to
a file named like an org file; ``coordgraph init`` never overwrites a file. Special
targets (devices, FIFOs, symlinks, read-only files) are in tests/test_reliability.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from coordgraph import safewrite
from tests.strategies import run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "orgs" / "solsikken.org.yaml").read_bytes()
OLD_REPORT = b"the previous report\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # config discovery stops here
    (tmp_path / "a.org.yaml").write_bytes(EXAMPLE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def debris(directory: Path) -> list[str]:
    """Temporary files left behind (safewrite names them ``.<target>.<random>.tmp``)."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def check(*args: str) -> tuple[int, str, str]:
    return run_cli("check", "--isolated", "--as-of", "2026-12-01", *args)


# -- --output is atomic -------------------------------------------------------------------


def test_output_is_written_whole_and_leaves_no_temporary_file(repo: Path) -> None:
    (repo / "report.json").write_bytes(OLD_REPORT)
    code, out, err = check("--format", "json", "--output", "report.json", "a.org.yaml")
    assert code == 1, err
    assert out == ""  # the report went to the file, not to stdout
    report = json.loads((repo / "report.json").read_text(encoding="utf-8"))
    assert report["files"][0]["path"] == "a.org.yaml" and report["findings"]
    assert debris(repo) == []


def test_output_keeps_the_usual_file_mode(repo: Path) -> None:
    code, _, err = check("--output", "report.txt", "a.org.yaml")
    assert code == 1, err
    umask = os.umask(0)
    os.umask(umask)
    assert (repo / "report.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_hard_linked_report_is_replaced_under_its_own_name_only(repo: Path) -> None:
    (repo / "report.json").write_bytes(OLD_REPORT)
    os.link(repo / "report.json", repo / "archive.json")
    code, _, err = check("--format", "json", "--output", "report.json", "a.org.yaml")
    assert code == 1, err
    assert json.loads((repo / "report.json").read_text(encoding="utf-8"))["findings"]
    assert (repo / "archive.json").read_bytes() == OLD_REPORT
    assert debris(repo) == []


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_interrupted_output_leaves_the_target_untouched(
    repo: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    """The rename (or the flush before it) fails: the old report stays, no debris."""
    (repo / "report.json").write_bytes(OLD_REPORT)

    def interrupted(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, failing, interrupted)
    code, _out, err = check("--format", "json", "--output", "report.json", "a.org.yaml")
    assert code == 2, err  # the tool could not do as asked
    assert "No space left on device" in err and "Traceback" not in err
    assert (repo / "report.json").read_bytes() == OLD_REPORT
    assert debris(repo) == []


def test_keyboard_interrupt_during_the_write_leaves_no_debris(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = repo / "report.txt"
    target.write_bytes(OLD_REPORT)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        safewrite.write_atomic(target, b"new report\n")
    assert target.read_bytes() == OLD_REPORT
    assert debris(repo) == []


def test_output_into_a_missing_directory_or_onto_a_directory(repo: Path) -> None:
    code, _, err = check("--output", "missing/report.txt", "a.org.yaml")
    assert code == 2 and "Traceback" not in err
    (repo / "adir").mkdir()
    code, _, err = check("--output", "adir", "a.org.yaml")
    assert code == 2 and "Traceback" not in err
    assert (repo / "adir").is_dir() and list((repo / "adir").iterdir()) == []
    assert debris(repo) == []


def test_output_to_a_new_file_in_another_directory(repo: Path) -> None:
    (repo / "out").mkdir()
    code, _, err = check("--format", "sarif", "--output", "out/report.sarif", "a.org.yaml")
    assert code == 1, err
    assert json.loads((repo / "out" / "report.sarif").read_text(encoding="utf-8"))["runs"]
    assert debris(repo / "out") == []


# -- an input org file is never overwritten --------------------------------------------------


def _link(repo: Path, kind: str) -> str:
    if kind == "symlink":
        (repo / "alias.yaml").symlink_to(repo / "a.org.yaml")
        return "alias.yaml"
    if kind == "hardlink":
        os.link(repo / "a.org.yaml", repo / "hard.yaml")
        return "hard.yaml"
    return {
        "same": "a.org.yaml",
        "dot": "./a.org.yaml",
        "absolute": str(repo / "a.org.yaml"),
        "detour": "adir/../a.org.yaml",
    }[kind]


@pytest.mark.parametrize("kind", ["same", "dot", "absolute", "detour", "symlink", "hardlink"])
@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_report_over_an_input_org_file_is_refused(repo: Path, kind: str, fmt: str) -> None:
    (repo / "adir").mkdir()
    output = _link(repo, kind)
    code, out, err = check("--format", fmt, "--output", output, "a.org.yaml")
    assert code == 2, (out, err)
    assert "refusing to write over the input file" in err and "Traceback" not in err
    assert (repo / "a.org.yaml").read_bytes() == EXAMPLE
    assert debris(repo) == []


def test_report_over_an_org_file_found_in_a_directory_is_refused(repo: Path) -> None:
    (repo / "sub").mkdir()
    (repo / "sub" / "b.org.yaml").write_bytes(EXAMPLE)
    code, _, err = check("--output", "sub/b.org.yaml", ".")
    assert code == 2 and "refusing" in err
    assert (repo / "sub" / "b.org.yaml").read_bytes() == EXAMPLE


@pytest.mark.parametrize("name", ["other.org.yaml", "other.org.yml", "OTHER.ORG.YAML"])
def test_any_org_file_is_refused_as_an_output_even_when_not_checked(repo: Path, name: str) -> None:
    """A swapped argument must not destroy another organisation either."""
    (repo / name).write_bytes(b"version: 1\n")
    code, _, err = check("--format", "json", "--output", name, "a.org.yaml")
    assert code == 2 and "organisation file" in err and "Traceback" not in err
    assert (repo / name).read_bytes() == b"version: 1\n"
    assert not (repo / "new.org.yaml").exists()
    code, _, err = check("--output", "new.org.yaml", "a.org.yaml")
    assert code == 2 and not (repo / "new.org.yaml").exists()
    assert debris(repo) == []


def test_baseline_over_an_input_org_file_is_refused(repo: Path) -> None:
    code, _, err = check("--write-baseline", "a.org.yaml", "a.org.yaml")
    assert (repo / "a.org.yaml").read_bytes() == EXAMPLE
    assert code == 2 and "refusing" in err


def test_write_atomic_refuses_protected_paths_directly(tmp_path: Path) -> None:
    org = tmp_path / "x.org.yaml"
    org.write_bytes(EXAMPLE)
    with pytest.raises(safewrite.RefusedWrite):
        safewrite.write_atomic(tmp_path / "." / "x.org.yaml", b"report", protected=[org])
    assert org.read_bytes() == EXAMPLE
    safewrite.write_atomic(tmp_path / "y.txt", b"report", protected=[org])
    assert (tmp_path / "y.txt").read_bytes() == b"report"
    assert debris(tmp_path) == []


# -- init never overwrites ---------------------------------------------------------------------


def test_init_writes_a_starter_that_checks_clean(repo: Path) -> None:
    code, _, err = run_cli("init", "ny.org.yaml", "--lang", "en")
    assert code == 0, err
    assert (repo / "ny.org.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server")
    code, out, err = check("--format", "json", "ny.org.yaml")
    assert code == 0, out
    assert debris(repo) == []


def test_init_names_the_file_in_a_comment_that_a_line_break_cannot_leave(repo: Path) -> None:
    name = "x\nroot: 1.org.yaml"
    code, _, err = run_cli("init", name, "--lang", "en")
    assert code == 0, err
    lines = (repo / name).read_text(encoding="utf-8").splitlines()
    assert (
        lines[1]
        == "# coordgraph organisation file. Check it with: coordgraph check x\\nroot: 1.org.yaml"
    )
    assert not any(line.startswith("root:") for line in lines)
    code, out, _ = check("--format", "json", name)
    assert code == 0, out


@pytest.mark.parametrize("existing", [EXAMPLE, b"", b"not yaml at all: ["])
def test_init_refuses_to_overwrite(repo: Path, existing: bytes) -> None:
    target = repo / "taken.org.yaml"
    target.write_bytes(existing)
    code, out, err = run_cli("init", "taken.org.yaml")
    assert code == 2, (out, err)
    assert "findes allerede" in err and "Traceback" not in err
    assert target.read_bytes() == existing


def test_init_refuses_the_default_name_when_taken(repo: Path) -> None:
    (repo / "organisation.org.yaml").write_bytes(EXAMPLE)
    code, _, err = run_cli("init")
    assert code == 2 and "findes allerede" in err
    assert (repo / "organisation.org.yaml").read_bytes() == EXAMPLE


def test_init_refuses_a_directory(repo: Path) -> None:
    (repo / "dir.org.yaml").mkdir()
    code, _, err = run_cli("init", "dir.org.yaml")
    assert code == 2 and "Traceback" not in err
    assert (repo / "dir.org.yaml").is_dir()


def test_init_refuses_a_dangling_symlink(repo: Path) -> None:
    (repo / "dangling.org.yaml").symlink_to(repo / "nowhere" / "x.org.yaml")
    code, _, err = run_cli("init", "dangling.org.yaml")
    assert code == 2 and "Traceback" not in err
    assert (repo / "dangling.org.yaml").is_symlink()


def test_a_failing_chmod_closes_the_file_and_leaves_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    handles: list[int] = []
    real_mkstemp = safewrite.tempfile.mkstemp

    def tracking_mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        handles.append(fd)
        return fd, name

    monkeypatch.setattr(safewrite.tempfile, "mkstemp", tracking_mkstemp)
    with pytest.raises(safewrite.RefusedWrite, match="Operation not permitted"):
        safewrite.write_atomic(tmp_path / "r.txt", b"report")
    assert not (tmp_path / "r.txt").exists() and debris(tmp_path) == []
    with pytest.raises(OSError):  # the descriptor was closed, not leaked
        os.fstat(handles[0])
