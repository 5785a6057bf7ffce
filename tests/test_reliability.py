"""Hostile file systems, through the command line: writing never harms a file, no input
hangs or stops a run, text output cannot drive a terminal, workers behave.

Tables of cases where they fit. Runs that could hang before the fix (a FIFO read, a
worker left behind) run in a subprocess with a generous timeout: the timeout only
guards against a hang, nothing here measures time. Permission cases run as root too:
writing is judged by the permission bits (so a read-only file is refused even to
root), and reading is shown in a subprocess that gave up root's power to override
them (``setpriv``); where neither is possible the test says so and skips.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.test_cli import GAPPY

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-12-01"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
OLD = b"the previous content\n"
HANG_GUARD = 300  # seconds: only a hang ever gets near this


# -- running the CLI ---------------------------------------------------------------------


def cli(*args: str, env: dict[str, str | None] | None = None) -> tuple[int, str, str]:
    """The real entry point in this process: (exit code, stdout, stderr)."""
    import gc

    from coordgraph.cli import main

    code: int | None = None
    environment: dict[str, str | None] = {"GITHUB_STEP_SUMMARY": None, "LC_ALL": None}
    environment["LANG"] = "C.UTF-8"
    environment.update(env or {})
    with CliRunner().isolation(env=environment) as streams:
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else -1
        finally:
            gc.enable()
        out = streams[0].getvalue().decode("utf-8", "replace")
        err = streams[1].getvalue().decode("utf-8", "replace")
    assert code is not None
    assert "Traceback" not in out + err
    return code, out, err


def drop_privileges() -> list[str]:
    """A command prefix under which permission bits apply (root's override given up)."""
    if not IS_ROOT:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and setpriv (to give up CAP_DAC_OVERRIDE) is missing")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def cli_process(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    unprivileged: bool = False,
    prefix: list[str] | None = None,
) -> tuple[int, bytes, str]:
    """``python -m coordgraph ARGS`` in a subprocess: (exit code, stdout bytes, stderr)."""
    command = [*(prefix or []), sys.executable, "-m", "coordgraph", *args]
    if unprivileged:
        command = drop_privileges() + command
    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    environment.update({"LANG": "C.UTF-8", "LC_ALL": "", **(env or {})})
    try:
        done = subprocess.run(
            command, cwd=cwd, env=environment, capture_output=True, timeout=HANG_GUARD
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"coordgraph {' '.join(args)} hung")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err, err
    return done.returncode, done.stdout, err


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    (work / ".git").mkdir()  # config discovery stops here
    (work / "good.org.yaml").write_text(GAPPY, encoding="utf-8")
    monkeypatch.chdir(work)
    return work


def debris(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def make_device(path: Path) -> None:
    """A character device like /dev/null (major 1, minor 3), or skip."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot make a device node here ({exc})")


def chown_away(path: Path) -> None:
    """Give ``path`` to another user (nobody), or skip."""
    try:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    except (PermissionError, AttributeError, OSError) as exc:
        pytest.skip(f"cannot give a file to another user here ({exc})")


# -- 1. writing never harms a file ------------------------------------------------------------

#: The commands that write a file, with the output's suffix each accepts.
WRITERS: dict[str, tuple[Callable[[str], list[str]], str]] = {
    "check -o": (lambda out: ["check", "--isolated", "-o", out, "good.org.yaml"], ".json"),
    "--write-baseline": (
        lambda out: ["check", "--isolated", "--write-baseline", out, "good.org.yaml"],
        ".json",
    ),
    "render -o": (
        lambda out: ["render", "--format", "mermaid", "-o", out, "good.org.yaml"],
        ".mmd",
    ),
    "report -o": (lambda out: ["report", "-o", out, "good.org.yaml"], ".pdf"),
}


def _read_only(repo: Path, name: str) -> Path:
    target = repo / name
    target.write_bytes(OLD)
    target.chmod(0o444)
    return target


def _someone_elses(repo: Path, name: str) -> Path:
    target = repo / name
    target.write_bytes(OLD)
    target.chmod(0o644)
    chown_away(target)
    return target


def _org_named(repo: Path, name: str) -> Path:
    target = repo / "other.org.yaml"  # not an input of the run
    target.write_bytes(OLD)
    return target


def _link_to_org(repo: Path, name: str) -> Path:
    (repo / "other.org.yaml").write_bytes(OLD)
    link = repo / name
    link.symlink_to("other.org.yaml")
    return link


def _loop(repo: Path, name: str) -> Path:
    link = repo / name
    link.symlink_to(name)
    return link


def _folder(repo: Path, name: str) -> Path:
    folder = repo / name
    folder.mkdir()
    return folder


def _dangling_into_nowhere(repo: Path, name: str) -> Path:
    link = repo / name
    link.symlink_to(repo / "missing-folder" / name)
    return link


REFUSED = {
    "read-only (0444)": (_read_only, "permissions"),
    "someone else's, no write bit for us": (_someone_elses, "permissions"),
    "an org file that is not an input": (_org_named, "organisation file"),
    "a symlink to an org file": (_link_to_org, "organisation file"),
    "a symlink loop": (_loop, "loop"),
    "a folder": (_folder, "folder"),
    "a symlink into a missing folder": (_dangling_into_nowhere, "does not exist"),
}


def _snapshot(path: Path) -> tuple[Any, ...]:
    st = os.lstat(path)
    content = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else None
    return (stat.S_IFMT(st.st_mode), st.st_mode & 0o7777, st.st_uid, content, link)


@pytest.mark.parametrize(
    ("writer", "case"),
    [
        (writer, case)
        for writer in WRITERS
        for case in REFUSED
        # report takes only *.pdf outputs: an org-named one is a usage error before that
        if not (writer == "report -o" and REFUSED[case][0] is _org_named)
    ],
)
def test_a_target_that_must_not_be_written_is_refused_in_one_line(
    repo: Path, writer: str, case: str
) -> None:
    command, suffix = WRITERS[writer]
    make, words = REFUSED[case]
    target = make(repo, "out" + suffix)
    before = _snapshot(target)
    others = {p.name: _snapshot(p) for p in repo.iterdir() if p.name != ".git"}
    code, _, err = cli(*command(target.name))
    assert code == 2, err
    line = one_line(err)
    assert words in line and "internal error" not in line
    assert _snapshot(target) == before
    assert {p.name: _snapshot(p) for p in repo.iterdir() if p.name != ".git"} == others
    assert debris(repo) == []


def test_refusal_is_in_danish_with_lang_da(repo: Path) -> None:
    _read_only(repo, "out.json")
    code, _, err = cli("check", "--isolated", "--lang", "da", "-o", "out.json", "good.org.yaml")
    assert code == 2
    assert "skriver ikke til 'out.json'" in one_line(err) and "rettigheder" in err


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_device_is_written_through_never_replaced(repo: Path, writer: str) -> None:
    command, suffix = WRITERS[writer]
    device = repo / ("null" + suffix)
    make_device(device)
    code, _, err = cli(*command(device.name))
    assert code in (0, 1), err
    assert stat.S_ISCHR(os.lstat(device).st_mode)  # still the device
    assert debris(repo) == []


@contextlib.contextmanager
def fifo_reader(path: Path) -> Iterator[Callable[[], bytes]]:
    """A FIFO at ``path`` with a reader already attached (so a writer never waits)."""
    os.mkfifo(path)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)

    def drain() -> bytes:
        chunks = []
        while True:
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)

    try:
        yield drain
    finally:
        os.close(fd)


def test_a_fifo_gets_the_whole_report_and_stays_a_fifo(repo: Path) -> None:
    with fifo_reader(repo / "report.fifo") as drain:
        code, _, err = cli("check", "--isolated", "--format", "gitlab", "-o", "report.fifo",
                           "good.org.yaml")  # fmt: skip
        assert code == 1, err
        issues = json.loads(drain())
    assert {issue["check_name"] for issue in issues} >= {"CG201"}
    assert stat.S_ISFIFO(os.lstat(repo / "report.fifo").st_mode)
    assert debris(repo) == []


def test_a_socket_is_refused_in_one_line_and_left_alone(repo: Path) -> None:
    if len(str(repo / "out.sock")) > 100:
        pytest.skip("the temporary path is too long for a unix socket")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(repo / "out.sock"))
        code, _, err = cli("check", "--isolated", "-o", "out.sock", "good.org.yaml")
        assert code == 2 and "out.sock" in one_line(err)
        assert stat.S_ISSOCK(os.lstat(repo / "out.sock").st_mode)


def test_a_symlink_is_written_through_and_stays_a_link(repo: Path) -> None:
    (repo / "reports").mkdir()
    (repo / "reports" / "latest.json").write_bytes(OLD)
    (repo / "reports" / "latest.json").chmod(0o640)
    (repo / "report.json").symlink_to("reports/latest.json")
    (repo / "chain.json").symlink_to("report.json")  # a link to a link
    for name in ("report.json", "chain.json"):
        code, _, err = cli("check", "--isolated", "--format", "json", "-o", name, "good.org.yaml")
        assert code == 1, err
        assert (repo / name).is_symlink()
        report = json.loads((repo / "reports" / "latest.json").read_text(encoding="utf-8"))
        assert report["files"][0]["path"] == "good.org.yaml"
    assert os.readlink(repo / "report.json") == "reports/latest.json"
    assert (repo / "reports" / "latest.json").stat().st_mode & 0o777 == 0o640  # mode kept
    assert debris(repo) == [] and debris(repo / "reports") == []


def test_a_dangling_symlink_creates_the_file_it_names(repo: Path) -> None:
    """As a shell redirection would: the link stays, the file appears where it points."""
    (repo / "reports").mkdir()
    (repo / "report.json").symlink_to("reports/new.json")
    code, _, err = cli("check", "--isolated", "--format", "json", "-o", "report.json",
                       "good.org.yaml")  # fmt: skip
    assert code == 1, err
    assert (repo / "report.json").is_symlink()
    assert json.loads((repo / "reports" / "new.json").read_text(encoding="utf-8"))["findings"]


def test_a_replaced_file_keeps_its_mode_and_owner(repo: Path) -> None:
    target = repo / "shared.json"
    target.write_bytes(OLD)
    target.chmod(0o666)  # anyone may write it: so may we
    chown_away(target)
    code, _, err = cli("check", "--isolated", "--format", "json", "-o", "shared.json",
                       "good.org.yaml")  # fmt: skip
    assert code == 1, err
    st = target.stat()
    assert (st.st_mode & 0o777, st.st_uid) == (0o666, 65534)
    assert json.loads(target.read_text(encoding="utf-8"))["findings"]


def test_dev_stdout_writes_to_the_standard_output(repo: Path) -> None:
    code, out, err = cli_process("check", "--isolated", "--format", "json", "-o", "/dev/stdout",
                                 "good.org.yaml", cwd=repo)  # fmt: skip
    assert code == 1, err
    assert json.loads(out)["files"][0]["path"] == "good.org.yaml"


def test_init_writes_through_a_device_but_never_over_a_file(repo: Path) -> None:
    make_device(repo / "null.org.yaml")
    code, _, err = cli("init", "null.org.yaml")
    assert code == 0, err
    assert stat.S_ISCHR(os.lstat(repo / "null.org.yaml").st_mode)
    code, _, err = cli("init", "good.org.yaml")
    assert code == 2 and "findes allerede" in one_line(err)


# -- the GitHub job summary ------------------------------------------------------------------


def _summary_check(summary: Path | str) -> tuple[int, str, str]:
    return cli("check", "--isolated", "--format", "github", "--as-of", AS_OF, "good.org.yaml",
               env={"GITHUB_STEP_SUMMARY": str(summary)})  # fmt: skip


@pytest.mark.parametrize(
    ("make", "words"),
    [(_org_named, "organisation file"), (_read_only, "permissions")],
    ids=["an org file", "read-only"],
)
def test_step_summary_that_must_not_be_written_is_skipped_with_a_warning(
    repo: Path, make: Callable[[Path, str], Path], words: str
) -> None:
    target = make(repo, "summary.md")
    code, out, err = _summary_check(target)
    assert code == 1  # the check itself ran and reported
    assert "::warning file=good.org.yaml" in out
    line = one_line(err)
    assert "GITHUB_STEP_SUMMARY" in line and words in line and line.startswith("coordgraph: ")
    assert target.read_bytes() == OLD


def test_step_summary_into_a_fifo_and_through_a_symlink(repo: Path) -> None:
    with fifo_reader(repo / "summary.fifo") as drain:
        code, _, err = _summary_check(repo / "summary.fifo")
        assert code == 1 and err == ""
        assert "| good.org.yaml |" in drain().decode("utf-8")
    (repo / "real.md").write_bytes(b"# Earlier step\n")
    (repo / "summary.md").symlink_to("real.md")
    code, _, err = _summary_check(repo / "summary.md")
    assert code == 1 and err == ""
    assert (repo / "summary.md").is_symlink()
    text = (repo / "real.md").read_text(encoding="utf-8")
    assert text.startswith("# Earlier step\n") and "CG201" in text


# -- 2 and 3. inputs: never a hang, never a stop ---------------------------------------------


def _fifo(repo: Path) -> None:
    os.mkfifo(repo / "special.org.yaml")


def _device(repo: Path) -> None:
    make_device(repo / "special.org.yaml")


def _socket(repo: Path) -> None:
    if len(str(repo / "special.org.yaml")) > 100:
        pytest.skip("the temporary path is too long for a unix socket")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(repo / "special.org.yaml"))
    server.close()  # the socket file stays


def _loop_input(repo: Path) -> None:
    (repo / "special.org.yaml").symlink_to("special.org.yaml")


def _dangling(repo: Path) -> None:
    (repo / "special.org.yaml").symlink_to("gone.org.yaml")


def _unreadable_file(repo: Path) -> None:
    (repo / "special.org.yaml").write_text(GAPPY, encoding="utf-8")
    (repo / "special.org.yaml").chmod(0)


def _folder_without_x(repo: Path) -> None:
    (repo / "special").mkdir()
    (repo / "special" / "inside.org.yaml").write_text(GAPPY, encoding="utf-8")
    (repo / "special").chmod(0o600)  # can list its names, cannot open what is inside


def _folder_without_r(repo: Path) -> None:
    (repo / "special").mkdir()
    (repo / "special" / "inside.org.yaml").write_text(GAPPY, encoding="utf-8")
    (repo / "special").chmod(0o300)  # can enter, cannot list: unsearchable


#: case: (setup, paths to check, path of the CG001 finding, words, drop root's override)
INPUTS: dict[str, tuple[Callable[[Path], None], list[str], str, str, bool]] = {
    "FIFO, named": (_fifo, ["good.org.yaml", "special.org.yaml"], "special.org.yaml",
                    "named pipe", False),
    "FIFO, in a folder": (_fifo, ["."], "special.org.yaml", "named pipe", False),
    "device, in a folder": (_device, ["."], "special.org.yaml", "character device", False),
    "socket, in a folder": (_socket, ["."], "special.org.yaml", "socket", False),
    "symlink loop, named": (_loop_input, ["special.org.yaml", "good.org.yaml"],
                            "special.org.yaml", "loop", False),
    "symlink loop, in a folder": (_loop_input, ["."], "special.org.yaml", "loop", False),
    "dangling symlink, in a folder": (_dangling, ["."], "special.org.yaml",
                                      "no longer exists", False),
    "no read permission, named": (_unreadable_file, ["special.org.yaml", "good.org.yaml"],
                                  "special.org.yaml", "no permission", True),
    "no read permission, in a folder": (_unreadable_file, ["."], "special.org.yaml",
                                        "no permission", True),
    "folder without x, in a folder": (_folder_without_x, ["."], "special/inside.org.yaml",
                                      "no permission", True),
    "file in a folder without x, named first": (
        _folder_without_x, ["special/inside.org.yaml", "good.org.yaml"],
        "special/inside.org.yaml", "no permission", True),
    "folder without r, in a folder": (_folder_without_r, ["."], "special",
                                      "cannot be searched", True),
    "folder without r, named": (_folder_without_r, ["good.org.yaml", "special"], "special",
                                "cannot be searched", True),
}  # fmt: skip


@pytest.mark.parametrize("case", list(INPUTS))
def test_an_input_that_cannot_be_read_is_a_finding_and_the_rest_is_checked(
    repo: Path, case: str
) -> None:
    setup, paths, where, words, unprivileged = INPUTS[case]
    setup(repo)
    try:
        code, out, err = cli_process(
            "check", "--format", "json", "--as-of", AS_OF, *paths,
            cwd=repo, unprivileged=unprivileged,
        )  # fmt: skip
    finally:
        for path in (repo / "special", repo / "special.org.yaml"):
            if path.exists() and not path.is_symlink():
                path.chmod(0o700)  # so the temporary folder can be cleaned up
    assert code == 1, err
    report = json.loads(out)
    mine = [f for f in report["findings"] if f["path"] == where]
    assert [(f["code"], f["severity"]) for f in mine] == [("CG001", "error")], report
    assert words in mine[0]["message"]
    assert "ordinary file" in mine[0]["fix"]  # not 'correct the YAML'
    assert any(f["code"] == "CG201" for f in report["findings"] if f["path"] == "good.org.yaml")


def test_an_input_in_danish(repo: Path) -> None:
    _fifo(repo)
    code, out, err = cli_process("check", "--format", "json", "--lang", "da", ".", cwd=repo)
    assert code == 1, err
    (finding,) = [f for f in json.loads(out)["findings"] if f["path"] == "special.org.yaml"]
    assert "navngivet rør" in finding["message"]
    assert "almindelig fil" in finding["fix"]


@pytest.mark.parametrize("lang,words", [("en", "coordgraph init"), ("da", "coordgraph init")])
def test_an_empty_file_says_to_write_the_organisation(repo: Path, lang: str, words: str) -> None:
    (repo / "empty.org.yaml").write_text("# only a comment\n", encoding="utf-8")
    code, out, err = cli_process(
        "check", "--format", "json", "--lang", lang, "empty.org.yaml", cwd=repo
    )
    assert code == 1, err
    (finding,) = json.loads(out)["findings"]
    assert finding["code"] == "CG001" and words in finding["fix"]
    assert "YAML" not in finding["fix"]


def test_a_file_that_vanishes_before_it_is_read(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import coordgraph.inputs

    (repo / "gone.org.yaml").write_text(GAPPY, encoding="utf-8")
    collect = coordgraph.inputs.collect

    def collect_then_remove(paths: Any) -> Any:
        found = collect(paths)
        (repo / "gone.org.yaml").unlink()
        return found

    monkeypatch.setattr(coordgraph.inputs, "collect", collect_then_remove)
    code, out, err = cli("check", "--isolated", "--format", "json", ".")
    assert code == 1, err
    (finding,) = [f for f in json.loads(out)["findings"] if f["path"] == "gone.org.yaml"]
    assert finding["code"] == "CG001" and "no longer exists" in finding["message"]


def test_a_missing_path_is_still_a_usage_error(repo: Path) -> None:
    code, _, err = cli("check", "nothing-here.org.yaml")
    assert code == 2 and "does not exist" in one_line(err)


# -- non-UTF-8 file names and narrow terminals --------------------------------------------------

NAME = os.fsdecode(b"\xff.org.yaml")  # the bytes of a Latin-1 file name
SHOWN = "%FF.org.yaml"  # its byte shown percent-encoded


def _shown_path(fmt: str, out: str) -> set[str]:
    if fmt == "text":
        return {line.split(":", 1)[0] for line in out.splitlines() if ".org.yaml:" in line}
    if fmt == "json":
        return {f["path"] for f in json.loads(out)["findings"]}
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    if fmt == "github":
        return {line.split("file=", 1)[1].split(",", 1)[0].replace("%25", "%")
                for line in out.splitlines() if line.startswith("::")}  # fmt: skip
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        return {suite.get("name", "") for suite in ET.fromstring(out).iter("testsuite")}
    assert fmt == "gitlab"
    return {issue["location"]["path"] for issue in json.loads(out)}


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses non-UTF-8 file names")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
@pytest.mark.parametrize("how", ["in a folder", "named"])
def test_a_file_name_that_is_not_utf8_works_in_every_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, how: str
) -> None:
    folder = tmp_path / "kommune"
    folder.mkdir()
    (folder / ".git").mkdir()
    with open(os.path.join(os.fsencode(folder), b"\xff.org.yaml"), "wb") as handle:
        handle.write(GAPPY.encode("utf-8"))
    monkeypatch.chdir(folder)
    code, out, err = cli("check", "--isolated", "--format", fmt, "--as-of", AS_OF,
                         "." if how == "in a folder" else NAME)  # fmt: skip
    assert code == 1, err
    assert "\ufffd" not in out  # nothing lost to an encoding error
    expected = "%25FF.org.yaml" if fmt == "sarif" else SHOWN  # SARIF encodes the % again
    assert _shown_path(fmt, out) == {expected}


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_a_terminal_that_cannot_show_every_character(repo: Path, encoding: str) -> None:
    text = GAPPY.replace("Tovholder på ICDP", "Sprog 😀 på Ærø")
    (repo / "good.org.yaml").write_text(text, encoding="utf-8")
    code, out, err = cli_process("check", "--isolated", "--as-of", AS_OF, "good.org.yaml",
                                 cwd=repo, env={"PYTHONIOENCODING": encoding})  # fmt: skip
    assert code == 1, err
    assert b"CG201" in out
    if encoding == "latin-1":
        shown = out.decode("latin-1")
        assert "Ærø" in shown and "\\U0001f600" in shown
    # Machine formats stay UTF-8 whatever the terminal (their readers expect it).
    code, out, err = cli_process("check", "--isolated", "--format", "json", "--as-of", AS_OF,
                                 "good.org.yaml", cwd=repo,
                                 env={"PYTHONIOENCODING": encoding})  # fmt: skip
    assert code == 1, err
    assert any("😀" in f["message"] for f in json.loads(out.decode("utf-8"))["findings"])


# -- 4. bounded reading ------------------------------------------------------------------------

_COUNTING = """
import sys
from coordgraph.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
with open("/proc/self/io") as io:
    read = next(int(l.split()[1]) for l in io if l.startswith("rchar:"))
print(f"READ {read}", file=sys.stderr)
sys.exit(code)
"""


def _bytes_read(repo: Path, *args: str) -> tuple[int, dict[str, Any], int]:
    """Run the CLI in a subprocess; also how many bytes it read in all (rchar)."""
    if not Path("/proc/self/io").exists():
        pytest.skip("needs /proc/self/io to count the bytes read")

    def at_most_1_5_gb() -> None:  # so a whole read fails here instead of swapping the host
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3 // 2, 3 * 1024**3 // 2))

    try:
        done = subprocess.run(
            [sys.executable, "-c", _COUNTING, *args], cwd=repo, capture_output=True,
            timeout=HANG_GUARD, env={**os.environ, "LANG": "C.UTF-8"},
            preexec_fn=at_most_1_5_gb,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("hung")
    err = done.stderr.decode("utf-8", "replace")
    assert "READ " in err, err
    read = int(err.rsplit("READ ", 1)[1].split()[0])
    return done.returncode, json.loads(done.stdout), read


def test_a_huge_sparse_file_is_refused_unread(repo: Path) -> None:
    with open(repo / "huge.org.yaml", "wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB of holes: no disk used
    code, report, read = _bytes_read(repo, "check", "--isolated", "--format", "json",
                                     "huge.org.yaml", "good.org.yaml")  # fmt: skip
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["path"] == "huge.org.yaml"]
    assert finding["code"] == "CG005" and str(3 * 1024**3) in finding["message"]
    assert read < 200 * 1024**2  # start-up reads a few MB of modules; not the 3 GB


def test_a_file_larger_than_its_size_says_is_read_only_to_the_limit(repo: Path) -> None:
    """/proc files report size 0 and hold more: like a file that grows while read."""
    source = Path("/proc/kallsyms")
    if not source.exists() or source.stat().st_size != 0:
        pytest.skip("needs a /proc file that reports size 0")
    try:
        with source.open("rb") as handle:
            if len(handle.read(100_000)) < 100_000:
                pytest.skip(f"{source} is too small here")
    except OSError:
        pytest.skip(f"{source} is not readable here")
    (repo / "growing.org.yaml").symlink_to(source)
    (repo / ".coordgraph.yaml").write_text("rules: {CG005: {params: {max_bytes: 1000}}}\n")
    code, report, read = _bytes_read(repo, "check", "--format", "json", "growing.org.yaml")
    assert code == 1
    (finding,) = report["findings"]
    assert finding["code"] == "CG005" and "1000" in finding["message"]
    with source.open("rb") as handle:
        whole = sum(len(chunk) for chunk in iter(lambda: handle.read(1 << 20), b""))
    baseline_code, _, startup = _bytes_read(repo, "check", "--format", "json", "good.org.yaml")
    assert baseline_code == 1
    assert read - startup < whole // 4  # bounded by the limit, not the file


# -- 5. --jobs ---------------------------------------------------------------------------------


def _folder_of(repo: Path, count: int) -> None:
    for i in range(count):
        (repo / f"inst{i:03d}.org.yaml").write_text(GAPPY.replace("gap", f"gap{i}"), "utf-8")


def test_workers_are_capped_at_files_and_cpus(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from concurrent.futures import ProcessPoolExecutor

    _folder_of(repo, 2)  # with good.org.yaml: 3 files
    asked: list[int] = []
    real_init = ProcessPoolExecutor.__init__

    def recording_init(self: Any, max_workers: int | None = None, *args: Any, **kw: Any) -> None:
        asked.append(max_workers or 0)
        real_init(self, max_workers, *args, **kw)

    monkeypatch.setattr(ProcessPoolExecutor, "__init__", recording_init)
    code, out, _ = cli("check", "--isolated", "--jobs", "300", "--format", "json", ".")
    assert code == 1
    assert len(json.loads(out)["files"]) == 3
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 1
    assert all(n <= min(3, cpus) for n in asked), asked


@pytest.mark.parametrize("forks_before_failing", [0, 1])
def test_when_workers_cannot_start_the_check_runs_here(
    repo: Path, monkeypatch: pytest.MonkeyPatch, forks_before_failing: int
) -> None:
    """A fork refused (process limit) after none or some workers started: no hang, no
    worker left behind, the same report as --jobs 1 and a one-line warning."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork" or len(os.sched_getaffinity(0)) < 2:
        pytest.skip("needs the fork start method and two CPUs")
    _folder_of(repo, 3)
    expected = cli("check", "--isolated", "--jobs", "1", "--format", "json", ".")
    real_fork = os.fork
    forks = [0]

    def failing_fork() -> int:
        if forks[0] >= forks_before_failing:
            raise BlockingIOError(errno.EAGAIN, "Resource temporarily unavailable")
        forks[0] += 1
        return real_fork()

    monkeypatch.setattr(os, "fork", failing_fork)
    code, out, err = cli("check", "--isolated", "--jobs", "2", "--format", "json", ".")
    assert (code, out) == expected[:2]
    assert "could not start 2 worker processes" in one_line(err)
    assert multiprocessing.active_children() == []


def test_when_the_process_limit_is_reached_the_check_runs_here(repo: Path) -> None:
    """A real RLIMIT_NPROC of 1, for a user it applies to (root is exempt)."""
    setpriv = shutil.which("setpriv")
    if not IS_ROOT or setpriv is None:
        pytest.skip("needs root and setpriv to run as another user")
    _folder_of(repo, 3)
    caps = "+dac_read_search,+dac_override"  # to reach the files as the other user
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
              f"--inh-caps={caps}", f"--ambient-caps={caps}", "prlimit", "--nproc=1"]  # fmt: skip
    if shutil.which("prlimit") is None:
        pytest.skip("needs prlimit")
    code, out, err = cli_process("check", "--isolated", "--jobs", "2", "--format", "json", ".",
                                 cwd=repo, prefix=prefix)  # fmt: skip
    if "Operation not permitted" in err and code != 1:
        pytest.skip(f"cannot switch user here: {err.strip()}")
    assert code == 1, err
    assert len(json.loads(out)["files"]) == 4
    assert "could not start" in err


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status  # a zombie has exited


def test_workers_do_not_outlive_a_killed_parent(repo: Path) -> None:
    if not Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").exists():
        pytest.skip("needs /proc/PID/task/TID/children")
    _folder_of(repo, 300)
    parent = subprocess.Popen(
        [sys.executable, "-m", "coordgraph", "check", "-q", "--isolated", "--jobs", "2", "."],
        cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    try:
        while parent.poll() is None and len(workers) < 2:
            workers = _children(parent.pid)
            time.sleep(0.01)
        if len(workers) < 2:
            pytest.skip("the check finished before its workers could be seen")
        for pid in workers:  # freeze them mid-work, so they cannot just finish
            os.kill(pid, signal.SIGSTOP)
        parent.kill()
        parent.wait(HANG_GUARD)
        for pid in workers:
            os.kill(pid, signal.SIGCONT)
        deadline = time.monotonic() + 60  # the workers check twice a second
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers), "workers outlived their parent"
    finally:
        for pid in workers:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_folder_keeps_no_model_per_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    """Only what the reports need survives a file's check: no model, no graph."""
    import gc

    from coordgraph.model import Organisation
    from coordgraph.reporters import text

    _folder_of(repo, 4)
    seen: list[Any] = []
    alive: list[int] = []
    chunks = text.chunks

    def reporting(results: Any, *args: Any, **kwargs: Any) -> Any:
        seen.extend(results)
        alive.append(sum(isinstance(o, Organisation) for o in gc.get_objects()))
        return chunks(results, *args, **kwargs)

    monkeypatch.setattr(text, "chunks", reporting)
    code, _, err = cli("check", "--isolated", "--jobs", jobs, ".")
    assert code == 1, err
    assert len(seen) == 5 and all(r.org is None and r.graph is None for r in seen)
    assert alive == [0], "models of checked files were still alive when reporting"


# -- 6. text output cannot drive the terminal ----------------------------------------------------

FORGED = "Tovholder\\x1b]0;pwned\\x07\\n::error file=good.org.yaml,line=1::forged\\u202eevil"


def test_control_characters_in_titles_are_shown_escaped(repo: Path) -> None:
    text = GAPPY.replace("title: Tovholder på ICDP", f'title: "{FORGED}"')
    (repo / "good.org.yaml").write_text(text, encoding="utf-8")
    code, out, err = cli("check", "--isolated", "--as-of", AS_OF, "good.org.yaml")
    assert code == 1, err
    assert not any((ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) < 0xA0 for ch in out)
    assert "\u202e" not in out
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "Tovholder\\x1b]0;pwned\\x07\\n::error file=" in out
    assert "\\u202eevil" in out


def test_a_file_named_like_a_workflow_command_cannot_start_a_line(repo: Path) -> None:
    (repo / "::error file=x::forged.org.yaml").write_text(GAPPY, encoding="utf-8")
    code, out, err = cli("check", "--isolated", "--as-of", AS_OF, ".")
    assert code == 1, err
    assert not any(line.startswith("::") for line in out.splitlines())
    assert "./::error file=x::forged.org.yaml:" in out


# -- the tool's own words ----------------------------------------------------------------------


def test_every_message_of_the_tool_is_in_danish_and_english() -> None:
    from coordgraph.terms import table

    da, en = table("da"), table("en")
    tool = [key for key in en if key.startswith("tool.")]
    assert len(tool) > 40
    for key in tool:
        assert da.get(key, "").strip() and en[key].strip(), key
