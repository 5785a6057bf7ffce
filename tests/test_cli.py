"""The command line as users meet it: exit codes, files, formats, config, suppression."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordgraph.cli import main
from coordgraph.starter import starter_text

CLEAN = starter_text("en")
BROKEN = "version: 1\norganisation: {id: x, name: X\n"  # unterminated flow mapping
GAPPY = textwrap.dedent(
    """\
    version: 1
    organisation: {id: gap, name: Gap}
    people:
      anne: {name: Anne Holm, role: leader}
      bo: {name: Bo Berg, role: inbetweener, reports_to: anne}
    tasks:
      icdp:
        title: Tovholder på ICDP
        owner: bo
    """
)


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the real entry point (with its error handling) and capture stdout + stderr."""
    runner = CliRunner()
    old = Path.cwd()
    code = 0
    try:
        if cwd is not None:
            os.chdir(cwd)
        with runner.isolation(env=env) as streams:
            try:
                main(list(args))
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 2
            output = streams[0].getvalue().decode() + streams[1].getvalue().decode()
    finally:
        os.chdir(old)
    assert "Traceback" not in output
    return code, output


@pytest.fixture
def orgs(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # stop config discovery at this "repository"
    (tmp_path / "clean.org.yaml").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "broken.org.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "gappy.org.yaml").write_text(GAPPY, encoding="utf-8")
    return tmp_path


def test_exit_0_when_clean(orgs: Path) -> None:
    code, output = run("check", str(orgs / "clean.org.yaml"))
    assert code == 0, output
    assert "No findings in 1 file." in output


def test_exit_1_on_findings_and_fail_on_never(orgs: Path) -> None:
    code, output = run("check", str(orgs / "gappy.org.yaml"))
    assert code == 1
    assert "CG201 missing-mandate" in output
    code, _ = run("check", "--fail-on", "never", str(orgs / "gappy.org.yaml"))
    assert code == 0


def test_fail_on_error_ignores_warnings(orgs: Path) -> None:
    code, output = run("check", "--fail-on", "error", str(orgs / "gappy.org.yaml"))
    assert "warning" in output and code == 0


def test_exit_2_on_missing_path(orgs: Path) -> None:
    code, output = run("check", str(orgs / "nope.org.yaml"))
    assert code == 2
    assert "does not exist" in output


def test_exit_2_on_bad_option(orgs: Path) -> None:
    code, output = run("check", "--no-such-option", str(orgs))
    assert code == 2
    code, output = run("check", "--format", "xml", str(orgs))
    assert code == 2
    code, output = run("check", "--as-of", "tomorrow", str(orgs))
    assert code == 2 and "YYYY-MM-DD" in output


def test_exit_2_on_unknown_selector(orgs: Path) -> None:
    code, output = run("check", "--select", "CG999", str(orgs))
    assert code == 2 and "CG999" in output


def test_a_broken_file_does_not_stop_the_next(orgs: Path) -> None:
    code, output = run(
        "check", str(orgs / "broken.org.yaml"), str(orgs / "gappy.org.yaml"), "--no-color"
    )
    assert code == 1
    lines = output.splitlines()
    assert any(line.startswith(f"{orgs / 'broken.org.yaml'}:2:") and "CG001" in line
               for line in lines)  # fmt: skip
    assert any(str(orgs / "gappy.org.yaml") in line and "CG201" in line for line in lines)


def test_directory_is_searched_and_paths_shown_as_given(orgs: Path) -> None:
    sub = orgs / "area" / "inst"
    sub.mkdir(parents=True)
    (sub / "nested.org.yml").write_text(GAPPY, encoding="utf-8")
    (sub / "notes.yaml").write_text("not: an org file\n", encoding="utf-8")
    _code, output = run("check", "--format", "json", ".", cwd=orgs)
    paths = [f["path"] for f in json.loads(output)["files"]]
    assert paths == [
        "area/inst/nested.org.yml",
        "broken.org.yaml",
        "clean.org.yaml",
        "gappy.org.yaml",
    ]
    _code, output = run("check", "--format", "json", "area", cwd=orgs)
    assert [f["path"] for f in json.loads(output)["files"]] == ["area/inst/nested.org.yml"]


def test_explicit_file_is_checked_whatever_its_name(orgs: Path) -> None:
    other = orgs / "organisation.yaml"
    other.write_text(GAPPY, encoding="utf-8")
    code, output = run("check", str(other))
    assert code == 1 and "CG201" in output


def test_json_output_fields(orgs: Path) -> None:
    _code, output = run("check", "--format", "json", str(orgs / "gappy.org.yaml"))
    document = json.loads(output)
    finding = next(f for f in document["findings"] if f["code"] == "CG201")
    assert finding["name"] == "missing-mandate"
    assert finding["severity"] == "warning"
    assert finding["node"] == "tasks/icdp"
    assert (finding["line"], finding["column"]) == (7, 3)
    assert finding["end_line"] >= finding["line"]
    assert len(finding["fingerprint"]) == 32
    assert "Bo Berg" in finding["message"]
    assert set(document["files"][0]["metrics"]) >= {"congruence", "mandate_completeness"}


def test_findings_sorted_by_line_then_column_then_code(orgs: Path) -> None:
    _, output = run("check", "--format", "json", str(orgs / "gappy.org.yaml"))
    findings = json.loads(output)["findings"]
    keys = [(f["line"], f["column"], f["code"]) for f in findings]
    assert keys == sorted(keys)
    assert len(findings) >= 3


def test_output_file_and_quiet(orgs: Path) -> None:
    target = orgs / "report.txt"
    code, output = run("check", "-q", "-o", str(target), str(orgs / "gappy.org.yaml"))
    assert code == 1 and output == ""
    written = target.read_text(encoding="utf-8")
    assert "CG201" in written and "Found" not in written


def test_danish_messages(orgs: Path) -> None:
    _, output = run("check", "--lang", "da", str(orgs / "clean.org.yaml"))
    assert "Ingen fund i 1 fil." in output


def test_lang_from_environment(orgs: Path) -> None:
    # clean.org.yaml says `language: en`, which comes before the environment
    _, output = run("check", str(orgs / "clean.org.yaml"), env={"LANG": "da_DK.UTF-8"})
    assert "No findings" in output
    _, output = run("check", str(orgs / "gappy.org.yaml"), env={"LANG": "da_DK.UTF-8"})
    assert "Fandt" in output and "advarsel" in output


def test_select_and_ignore_by_code_prefix_and_name(orgs: Path) -> None:
    path = str(orgs / "gappy.org.yaml")
    _, output = run("check", "--select", "CG2", path)
    codes = {line.split()[2] for line in output.splitlines() if ": " in line and "CG" in line}
    assert codes and all(code.startswith("CG2") for code in codes)
    _, output = run("check", "--ignore", "missing-mandate", path)
    assert "CG201" not in output and "CG2" in output


def test_config_discovered_upward_and_isolated(orgs: Path) -> None:
    (orgs / ".coordgraph.yaml").write_text("rules:\n  CG201: off\nlang: da\n", encoding="utf-8")
    sub = orgs / "sub"
    sub.mkdir()
    (sub / "gappy.org.yaml").write_text(GAPPY, encoding="utf-8")
    _, output = run("check", str(sub / "gappy.org.yaml"))
    assert "CG201" not in output and "Fandt" in output
    _, output = run("check", "--isolated", str(sub / "gappy.org.yaml"))
    assert "CG201" in output and "Found" in output


def test_config_severity_change(orgs: Path) -> None:
    (orgs / ".coordgraph.yaml").write_text("rules:\n  CG201: {severity: error}\n")
    _, output = run("check", str(orgs / "gappy.org.yaml"))
    assert "error CG201" in output


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ("rulez: {}\n", ["rulez", "did you mean 'rules'"]),
        ("rules:\n  CG999: off\n", ["rules.CG999", "unknown rule"]),
        ("rules:\n  CG102: {params: {requird: {}}}\n", ["rules.CG102.params.requird"]),
        ("rules:\n  CG204: {severity: fatal}\n", ["rules.CG204.severity", "fatal"]),
        (
            "rules:\n  CG102: {params: {required: {high: often}}}\n",
            ["rules.CG102.params.required", "often"],
        ),
        ("lang: fr\n", ["lang", "fr"]),
        ("extends: missing.yaml\n", ["missing.yaml"]),
        ("rules: [1\n", ["not valid YAML", "line 1"]),
        # Read like an organisation file: limits, repeated keys and tags are refused.
        ("rules:\n  x: " + "[" * 5000 + "]" * 5000 + "\n", ["nested more than 64 levels"]),
        ("rules: {}\nlang: da\nrules: {}\n", ["'rules' is repeated", "line 3"]),
        ("x: &a [*a]\n", ["'*a' refers to itself"]),
        ("lang: !!python/object/apply:os.system [echo]\n", ["!!python/object", "not allowed"]),
        ("base: &b {CG201: off}\nrules: {<<: *b}\n", ["merge keys", "line 2"]),
    ],
)
def test_bad_config_exits_2_naming_file_and_key(orgs: Path, config: str, words: list[str]) -> None:
    (orgs / ".coordgraph.yaml").write_text(config, encoding="utf-8")
    code, output = run("check", str(orgs / "gappy.org.yaml"))
    assert code == 2, output
    assert ".coordgraph.yaml" in output
    for word in words:
        assert word in output
    assert len(output.strip().splitlines()) == 1


def test_strict_ruleset_raises_mandate_findings_to_errors(orgs: Path) -> None:
    (orgs / ".coordgraph.yaml").write_text("extends: strict\n", encoding="utf-8")
    _, output = run("check", str(orgs / "gappy.org.yaml"))
    assert "error CG201" in output


def test_suppression_comment_hides_finding_and_unused_is_reported(orgs: Path) -> None:
    text = GAPPY.replace(
        "  icdp:\n", "  # coordgraph: ignore[CG201] mandate is being written\n  icdp:\n"
    )
    # CG209 (wide span) cannot fire on Bo: this suppression matches nothing.
    text = text.replace("  bo: {name", "  # coordgraph: ignore[CG209]\n  bo: {name")
    path = orgs / "suppressed.org.yaml"
    path.write_text(text, encoding="utf-8")
    _, output = run("check", str(path))
    assert "CG201" not in output.split("CG006")[0].replace("ignore[CG201]", "")
    assert "CG006 unused-suppression" in output
    unused = next(line for line in output.splitlines() if "CG006" in line)
    assert ":5:3:" in unused and "CG209" in unused
    assert "1 suppressed by comments" in output


def test_suppression_on_the_same_line(orgs: Path) -> None:
    text = GAPPY.replace("  icdp:\n", "  icdp:  # coordgraph: ignore[missing-mandate]\n")
    path = orgs / "same-line.org.yaml"
    path.write_text(text, encoding="utf-8")
    _, output = run("check", str(path))
    assert "CG201" not in output and "CG006" not in output


def test_statistics(orgs: Path) -> None:
    _, output = run("check", "--statistics", str(orgs / "gappy.org.yaml"))
    assert "Statistics:" in output and "CG201 missing-mandate" in output
    assert "congruence" in output


def test_rules_explain_schema_init(orgs: Path) -> None:
    code, output = run("rules")
    assert code == 0 and "CG201" in output
    code, output = run("explain", "CG201", "--lang", "da")
    assert code == 0 and "mandat" in output.lower()
    code, output = run("explain", "no-such-rule")
    assert code == 2
    code, output = run("schema")
    assert json.loads(output)["$schema"].startswith("http://json-schema.org/draft-07")


def test_init_output_checks_clean(orgs: Path) -> None:
    target = orgs / "new.org.yaml"
    code, _ = run("init", str(target))
    assert code == 0
    code, output = run("check", str(target))
    assert code == 0, output
    code, output = run("init", str(target))  # init speaks Danish unless told otherwise
    assert code == 2 and "findes allerede" in output
    code, output = run("init", "--lang", "en", str(target))
    assert code == 2 and "already exists" in output


def test_help_explains() -> None:
    code, output = run("check", "--help")
    assert code == 0
    for word in ("--fail-on", "--select", "--as-of", "Exit status"):
        assert word in output


def test_installed_console_script_finds_bundled_rulesets(tmp_path: Path) -> None:
    """Run the real entry point from a neutral directory (not the source tree)."""
    org = tmp_path / "a.org.yaml"
    org.write_text(GAPPY, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    process = subprocess.run(
        [sys.executable, "-m", "coordgraph", "check", "--lang", "da", str(org)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert process.returncode == 1, process.stderr
    assert "CG201" in process.stdout


def test_output_file_gets_the_usual_permissions(orgs: Path) -> None:
    target = orgs / "report.json"
    run("check", "--format", "json", "-o", str(target), str(orgs / "clean.org.yaml"))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(
    ("ruleset", "words"),
    [
        ("version: 1\nextends: default\nrules:\n  CG2O1: off\n", ["CG2O1", "unknown rule"]),
        ("version: 1\nextends: default\nrules:\n  CG204: {severity: loud}\n", ["loud"]),
        ("version: 1\nrules:\n  - {code: CG201, name: x}\n", ["rules", "must be a mapping"]),
        ("version: 1\nextends: ./kommune-regler.yaml\n", ["extend each other in a circle"]),
        ("version: 1\nextends: strict\nbogus: 1\n", ["bogus", "unknown key"]),
        ("version: 1\nrules: " + "{a: " * 3000 + "}" * 3000 + "\n", ["nested more than"]),
        ("version: 1\nversion: 1\n", ["'version' is repeated"]),
    ],
)
def test_bad_ruleset_exits_2_naming_file_and_key(
    orgs: Path, ruleset: str, words: list[str]
) -> None:
    (orgs / "kommune-regler.yaml").write_text(ruleset, encoding="utf-8")
    (orgs / ".coordgraph.yaml").write_text("extends: kommune-regler.yaml\n", encoding="utf-8")
    code, output = run("check", str(orgs / "gappy.org.yaml"))
    assert code == 2, output
    assert "kommune-regler.yaml" in output
    for word in words:
        assert word in output


def test_own_ruleset_extending_strict(orgs: Path) -> None:
    (orgs / "kommune-regler.yaml").write_text(
        "version: 1\nname: kommune\nextends: strict\nrules:\n  CG203: off\n", encoding="utf-8"
    )
    (orgs / ".coordgraph.yaml").write_text("extends: kommune-regler.yaml\n", encoding="utf-8")
    code, output = run("check", str(orgs / "gappy.org.yaml"))
    assert code == 1
    assert "error CG201" in output and "CG203" not in output
