"""Hostile files, and the values PyYAML itself does not survive.

The first half runs ``coordgraph check`` in a subprocess whose address space is capped
at 1 GiB (``RLIMIT_AS``): alias bombs, 100,000-deep nesting, a 19 MB file of keys, huge
scalars and integers. Each must end with exit 1 and an input finding (CG001, CG003 or
CG005), not a crash, a MemoryError or a hang (the subprocess timeout is the bound).

The second half is the list of PyYAML escapes (measured with PyYAML 6.0.3/6.0.4): inputs
on which ``yaml.safe_load`` raises something that is not a ``YAMLError``, or silently
returns a wrong value. Each must be a finding with its code and line.

Last, the limits are parameters of CG005: a config file can change them.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from coordgraph.engine import Options, check_text
from coordgraph.findings import Finding
from tests.strategies import run_cli

GIB = 1 << 30
#: The multi-megabyte files take seconds with libyaml's C parser and minutes without it.
needs_libyaml = pytest.mark.skipif(
    not yaml.__with_libyaml__, reason="PyYAML without libyaml parses 19 MB too slowly"
)
HEADER = "version: 1\norganisation: {id: o, name: O}\n"  # lines 1-2


def _cap_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def check_capped(path: Path, timeout: float = 120) -> tuple[list[dict], str]:
    """``coordgraph check --format json PATH`` under a 1 GiB cap: (findings, stderr)."""
    process = subprocess.run(
        [sys.executable, "-m", "coordgraph", "check", "--isolated", "--format", "json", str(path)],
        capture_output=True,
        timeout=timeout,
        preexec_fn=_cap_memory,
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "MemoryError" not in stderr, stderr[-2000:]
    assert process.returncode == 1, (process.returncode, stderr[-2000:])
    return json.loads(process.stdout)["findings"], stderr


def write(tmp_path: Path, text: str | bytes, name: str = "hostile.org.yaml") -> Path:
    path = tmp_path / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


# -- hostile files under a memory cap ---------------------------------------------------


def laughs_sequences(levels: int = 10, width: int = 10) -> str:
    lines = [HEADER.rstrip("\n"), "lol0: &lol0 [lol]"]
    for level in range(1, levels):
        items = ", ".join([f"*lol{level - 1}"] * width)
        lines.append(f"lol{level}: &lol{level} [{items}]")
    return "\n".join(lines) + "\n"


def laughs_mappings(levels: int = 9, width: int = 9) -> str:
    """Billion laughs in block mappings; the refs sit in values of fresh keys."""
    lines = [HEADER.rstrip("\n"), "l0: &l0 {a: lol}"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level}")
        lines += [f"  k{i}: *l{level - 1}" for i in range(width)]
    return "\n".join(lines) + "\n"


def laughs_in_people(levels: int = 9, width: int = 9) -> str:
    """The bomb where the schema walks: inside forums' member lists."""
    lines = [HEADER.rstrip("\n"), "people:", "  anne: {name: Anne, role: leader}", "forums:"]
    lines.append("  f0: {frequency: weekly, members: &m0 [anne, anne]}")
    for level in range(1, levels):
        refs = ", ".join([f"*m{level - 1}"] * width)
        lines.append(f"  f{level}: {{frequency: weekly, members: &m{level} [{refs}]}}")
    return "\n".join(lines) + "\n"


def quadratic(items: int = 200_000, aliases: int = 30) -> str:
    """No nesting at all: one big anchored list, aliased a few dozen times."""
    big = ", ".join(["x"] * items)
    refs = "\n".join(f"r{i}: *big" for i in range(aliases))
    return f"{HEADER}big: &big [{big}]\n{refs}\n"


@pytest.mark.parametrize(
    ("text", "first_line", "last_line"),
    [
        (laughs_sequences(), 4, 12),
        (laughs_mappings(), 4, 3 + 8 * 10),
        (laughs_in_people(), 7, 14),
        (quadratic(), 4, 33),
    ],
    ids=["sequences", "mappings", "forum-members", "quadratic"],
)
def test_alias_bombs_are_refused(
    tmp_path: Path, text: str, first_line: int, last_line: int
) -> None:
    findings, _ = check_capped(write(tmp_path, text))
    assert [f["code"] for f in findings] == ["CG005"], findings
    assert "alias" in findings[0]["message"]
    assert first_line <= findings[0]["line"] <= last_line  # at an alias, not at the top


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (HEADER + "x:\n" + "- " * 100_000 + "deep\n", 4),
        # the root mapping is level 1, so the 64th sequence (line 3 + 64) is one too many
        (HEADER + "x:\n" + "".join(" " * i + "- \n" for i in range(1, 200)), 3 + 64),
        (HEADER + "x: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n", 3),
        (HEADER + "x: " + "[{a: " * 50_000 + "1" + "}]" * 50_000 + "\n", 3),
    ],
    ids=["block-sequences-one-line", "block-sequences-indented", "flow-maps", "mixed"],
)
def test_deep_nesting_is_refused(tmp_path: Path, text: str, line: int) -> None:
    findings, _ = check_capped(write(tmp_path, text))
    assert [f["code"] for f in findings] == ["CG005"], findings
    assert findings[0]["line"] == line
    assert "64" in findings[0]["message"]


@needs_libyaml
def test_19_mb_of_keys_fits_in_memory_and_is_summarised(tmp_path: Path) -> None:
    """1.6 million unknown keys: the first 1000 are listed, the rest summed up."""
    lines = [HEADER]
    size, i = len(HEADER), 0
    while size < 19_000_000:
        line = f"k{i}: v\n"
        lines.append(line)
        size += len(line)
        i += 1
    findings, _ = check_capped(write(tmp_path, "".join(lines)), timeout=240)
    assert {f["code"] for f in findings} == {"CG003"}
    assert len(findings) == 1001
    assert [f["line"] for f in findings[:1000]] == list(range(3, 1003))
    summary = findings[-1]
    assert f"{i - 1000} more problems" in summary["message"]
    assert summary["line"] == 1003


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    findings, _ = check_capped(write(tmp_path, HEADER + "#" * 21_000_000 + "\n"))
    assert [(f["code"], f["line"]) for f in findings] == [("CG005", 1)]
    assert "20000000" in findings[0]["message"]


@needs_libyaml
def test_millions_of_nodes_without_aliases_are_refused(tmp_path: Path) -> None:
    """5 million tiny nodes would take more memory than the rest of the file's size."""
    text = HEADER + "x: [" + "1," * 5_100_000 + "1]\n"
    findings, _ = check_capped(write(tmp_path, text))
    assert [(f["code"], f["line"]) for f in findings] == [("CG005", 3)]
    assert "5000000" in findings[0]["message"] and "alias" not in findings[0]["message"]


def test_thousands_of_duplicate_keys_are_refused(tmp_path: Path) -> None:
    text = HEADER + "people:\n" + "  anne: {name: A, role: leader}\n" * 5000
    findings, _ = check_capped(write(tmp_path, text))
    codes = [f["code"] for f in findings]
    assert codes == ["CG002"] * 1000 + ["CG005"], codes[-3:]
    assert findings[-1]["line"] == 4 + 1001
    assert [f["line"] for f in findings[:2]] == [5, 6]


@pytest.mark.parametrize(
    ("snippet", "code", "line", "words"),
    [
        # a 5 MB value where an enum is expected: a finding whose message stays short
        ("  anne: {name: Anne, role: " + "x" * 5_000_000 + "}\n", "CG003", 4, ["role"]),
        # a 5 MB reference
        (
            "  anne: {name: Anne, role: leader}\n"
            "  bo: {name: Bo, role: staff, reports_to: " + "b" * 5_000_000 + "}\n",
            "CG004",
            5,
            ["reports_to"],
        ),
        # a 5 MB implicit key: YAML allows 1024 characters there
        ("  " + "k" * 5_000_000 + ": {name: A, role: leader}\n", "CG001", 4, ["cannot be read"]),
        # a 10 MB quoted name is fine, but the person has no role
        ('  anne: {name: "' + "å" * 5_000_000 + '"}\n', "CG003", 4, ["role"]),
    ],
    ids=["enum", "reference", "implicit-key", "quoted-name"],
)
def test_very_long_scalars(
    tmp_path: Path, snippet: str, code: str, line: int, words: list[str]
) -> None:
    findings, _ = check_capped(write(tmp_path, HEADER + "people:\n" + snippet))
    matching = [f for f in findings if f["code"] == code]
    assert len(matching) == 1, [(f["code"], f["message"][:100]) for f in findings]
    assert matching[0]["line"] == line
    assert all(word in matching[0]["message"] for word in words)
    assert all(len(f["message"]) < 1000 for f in findings)


@pytest.mark.parametrize(
    ("value", "line"),
    [
        ("!!int " + "7" * 10_000, 4),
        ("7" * 10_000, 4),
        ("!!float " + "7" * 10_000 + ".5", 4),
        ("-" + "7" * 4_400, 4),
    ],
    ids=["tagged-int", "plain-int", "float", "just-over-python-limit"],
)
def test_huge_integers(tmp_path: Path, value: str, line: int) -> None:
    text = HEADER + f"people:\n  anne: {{name: A, role: leader, leadership_hours: {value}}}\n"
    findings, _ = check_capped(write(tmp_path, text))
    [finding] = [f for f in findings if f["code"].startswith("CG0")]
    assert (finding["code"], finding["line"]) == ("CG003", line)
    assert "digits" in finding["message"]


# -- PyYAML's escapes -------------------------------------------------------------------

AS_OF = date(2026, 11, 26)
PEOPLE = "people:\n  anne: {name: Anne, role: leader}\n"  # lines 3-4


def check(text: str) -> list[Finding]:
    options = Options.default(as_of=AS_OF)
    return list(check_text(text, "t.org.yaml", options).findings)


def input_findings(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in check(text) if f.code.startswith("CG0")]


def pyyaml_escapes(text: str) -> bool:
    """True when PyYAML raises something that is not a YAMLError on ``text``."""
    try:
        yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    except Exception:
        return True
    return False


def task_with(field: str) -> str:
    return HEADER + PEOPLE + f"tasks:\n  t:\n    title: T\n    owner: anne\n    {field}\n"


@pytest.mark.parametrize(
    ("text", "expected", "words"),
    [
        # impossible date in a date field (line 9) and where text is expected (line 4)
        (task_with("mandate: {valid_until: 2024-13-45}"), [("CG003", 9)], ["2024-13-45"]),
        (
            HEADER + "people:\n  anne: {name: 2024-13-45, role: leader}\n",
            [("CG003", 4)],
            ["quotes"],
        ),
        (task_with("follow_up: {last: 2023-02-29}"), [("CG003", 9)], ["2023-02-29"]),
        # !!int and !!float with no value
        (HEADER + "people:\n  anne: {name: A, role: leader, leadership_hours: !!int }\n",
         [("CG003", 4)], ["digits"]),
        (task_with("resources: {hours_per_week: !!float }"), [("CG003", 9)], ["digits"]),
        (HEADER + "people:\n  anne: {name: !!int , role: leader}\n", [("CG003", 4)], ["string"]),
        # !!bool maybe, !!timestamp nope
        (task_with("mandate: {may_delegate: !!bool maybe}"), [("CG003", 9)], ["maybe"]),
        (task_with("mandate: {valid_until: !!timestamp nope}"), [("CG003", 9)], ["nope"]),
        (HEADER + "people:\n  anne: {name: !!timestamp nope, role: leader}\n",
         [("CG003", 4)], ["string"]),
        # an integer beyond Python's digit limit
        (task_with("resources: {budget_dkk: " + "9" * 4400 + "}"), [("CG003", 9)], ["digits"]),
    ],
    ids=[
        "impossible-date-field",
        "impossible-date-text",
        "29-february",
        "int-no-value",
        "float-no-value",
        "int-no-value-as-text",
        "bool-maybe",
        "timestamp-nope",
        "timestamp-nope-as-text",
        "int-over-digit-limit",
    ],
)  # fmt: skip
def test_pyyaml_crashes_become_findings(
    text: str, expected: list[tuple[str, int]], words: list[str]
) -> None:
    assert pyyaml_escapes(text), "PyYAML no longer crashes here; keep the test anyway"
    assert input_findings(text) == expected
    finding = next(f for f in check(text) if f.code == expected[0][0])
    assert all(word in finding.message for word in words), finding.message


def test_lone_surrogate_in_a_double_quoted_string() -> None:
    text = HEADER + 'people:\n  anne: {name: "Anne \\ud800", role: leader}\n'
    # libyaml refuses the escape (a syntax error); PyYAML's pure-Python scanner reads it
    # and our schema then refuses the value. Either way: a finding on line 4.
    code = "CG001" if yaml.__with_libyaml__ else "CG003"
    assert input_findings(text) == [(code, 4)]
    assert yaml.safe_load(text)["people"]["anne"]["name"] == "Anne \ud800"  # PyYAML: silent


def test_lone_surrogate_in_text_given_as_str() -> None:
    text = HEADER + "people:\n  anne: {name: Anne \ud800, role: leader}\n"
    [finding] = check(text)
    assert (finding.code, finding.line, finding.column) == ("CG001", 4, 21)
    assert "invalid character (U+D800)" in finding.message


@pytest.mark.parametrize(
    ("people", "line"),
    [
        ("  yes: {name: Y, role: leader}\n  true: {name: T, role: staff}\n", 5),
        ("  010: {name: O, role: leader}\n  8: {name: E, role: staff}\n", 5),
        ("  0x10: {name: H, role: leader}\n  16: {name: S, role: staff}\n", 5),
        ("  1_000: {name: U, role: leader}\n  1000: {name: T, role: staff}\n", 5),
        ("  ~: {name: N, role: leader}\n  null: {name: T, role: staff}\n", 5),
        (
            "  2024-01-02T10:00:00Z: {name: D, role: leader}\n"
            "  2024-1-2 11:00:00 +1: {name: T, role: staff}\n",
            5,
        ),
    ],
    ids=["yes-true", "octal", "hex", "underscore", "null", "date"],
)
def test_keys_that_pyyaml_would_merge_are_duplicates(people: str, line: int) -> None:
    text = HEADER + "people:\n" + people
    assert len(yaml.safe_load(text)["people"]) == 1  # PyYAML silently keeps one
    duplicates = [(f.code, f.line) for f in check(text) if f.code == "CG002"]
    assert duplicates == [("CG002", line)]


@pytest.mark.parametrize("payload", ["'@@@ not base64 @@@'", "'@@@@'", "aGVq", '"="'])
def test_binary_garbage_is_never_constructed(payload: str) -> None:
    text = HEADER + f"people:\n  anne: {{name: !!binary {payload}, role: leader}}\n"
    [finding] = [f for f in check(text) if f.code.startswith("CG0")]
    assert (finding.code, finding.line) == ("CG003", 4)
    assert "!!binary" in finding.message


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        # an id that differs only by a zero-width space
        ("  anne\u200b: {name: Skygge, role: staff}\n", [("CG003", 5)]),
        # ... by a non-breaking space, or a soft hyphen, or a word joiner
        ("  anne\u00a0: {name: Skygge, role: staff}\n", [("CG003", 5)]),
        ("  an\u00adne: {name: Skygge, role: staff}\n", [("CG003", 5)]),
        ("  \u2060anne: {name: Skygge, role: staff}\n", [("CG003", 5)]),
        # a reference with a non-breaking space: unknown, and the suggestion is 'anne'
        ('  bo: {name: Bo, role: staff, reports_to: "anne\u00a0"}\n', [("CG004", 5)]),
        ('  bo: {name: Bo, role: staff, reports_to: "anne\u200b"}\n', [("CG004", 5)]),
    ],
    ids=["zero-width", "nbsp", "soft-hyphen", "word-joiner", "ref-nbsp", "ref-zero-width"],
)
def test_lookalike_ids(extra: str, expected: list[tuple[str, int]]) -> None:
    text = HEADER + PEOPLE + extra
    assert input_findings(text) == expected
    finding = next(f for f in check(text) if f.code == expected[0][0])
    assert "'anne'" in finding.message


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("åse", "a\u030ase"),  # the same letters, composed and decomposed (NFC, NFD)
        ("søren", "s\u00f8ren\u00a0"),  # Danish letters and a non-breaking space
        ("anne", "anne "),  # padded with a space
        ("anne", "anne\x1f"),  # ... or a control character str.strip() strips
    ],
    ids=["nfd", "danish-nbsp", "padded", "padded-unit-separator"],
)
def test_lookalike_ids_whatever_else_the_ids_hold(first: str, second: str) -> None:
    """Every id is compared once normalised, also when all but one are plain."""
    quoted = second.encode("unicode_escape").decode("ascii").replace("\\u", "\\u")
    text = (
        HEADER
        + "people:\n"
        + f'  "{first}": {{name: Første, role: leader}}\n'
        + "".join(f"  p{i}: {{name: P, role: staff}}\n" for i in range(3))
        + f'  "{quoted}": {{name: Skygge, role: staff}}\n'
    )
    assert input_findings(text) == [("CG003", 8)]
    (finding,) = [f for f in check(text) if f.code == "CG003"]
    assert f"'{first}'" in finding.message


# -- the limits are CG005's params, and a config changes them ---------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # config discovery stops here
    return tmp_path


def nested(depth: int) -> str:
    return HEADER + "x: " + "[" * depth + "]" * depth + "\n"


def run_check(*args: str) -> tuple[int, list[dict]]:
    code, out, err = run_cli("check", "--format", "json", *args)
    assert code in (0, 1), err
    return code, json.loads(out)["findings"]


def cg005(findings: list[dict]) -> list[str]:
    return [f["message"] for f in findings if f["code"] == "CG005"]


def test_default_limits_are_documented_params_of_cg005() -> None:
    params = dict(Options.default().ruleset.rules["CG005"].params)
    assert params == {
        "max_bytes": 20_000_000,
        "max_depth": 64,
        "max_aliases": 1000,
        "max_nodes": 5_000_000,
    }
    doc = Path(__file__).resolve().parent.parent / "docs" / "format.md"
    text = " ".join(doc.read_text(encoding="utf-8").split())
    assert "20 MB, nesting 64 deep, 1,000 aliases, 5,000,000 values" in text


def test_a_config_file_lowers_the_depth_limit(repo: Path) -> None:
    (repo / "shallow.org.yaml").write_text(nested(12), encoding="utf-8")
    assert not cg005(run_check(str(repo / "shallow.org.yaml"))[1])
    (repo / ".coordgraph.yaml").write_text(
        "rules:\n  CG005: {params: {max_depth: 10}}\n", encoding="utf-8"
    )
    code, findings = run_check(str(repo / "shallow.org.yaml"))
    assert code == 1 and len(cg005(findings)) == 1 and "10 levels" in cg005(findings)[0]
    assert [f["line"] for f in findings] == [3]
    # and with --config from elsewhere; --isolated goes back to the defaults
    assert cg005(run_check("--config", str(repo / ".coordgraph.yaml"), str(repo))[1])
    assert not cg005(run_check("--isolated", str(repo / "shallow.org.yaml"))[1])


@pytest.mark.parametrize(
    ("params", "text", "words"),
    [
        ("{max_aliases: 2}", HEADER + "a: &a x\nb: [*a, *a, *a]\n", "2 aliases"),
        ("{max_nodes: 50}", HEADER + "x: [" + "1, " * 60 + "1]\n", "50"),
        ("{max_bytes: 100}", HEADER + "#" * 200 + "\n", "limit of 100"),
    ],
    ids=["aliases", "nodes", "bytes"],
)
def test_a_config_file_changes_each_limit(repo: Path, params: str, text: str, words: str) -> None:
    (repo / "x.org.yaml").write_text(text, encoding="utf-8")
    assert not cg005(run_check(str(repo / "x.org.yaml"))[1])
    (repo / ".coordgraph.yaml").write_text(
        f"rules:\n  CG005: {{params: {params}}}\n", encoding="utf-8"
    )
    messages = cg005(run_check(str(repo / "x.org.yaml"))[1])
    assert len(messages) == 1 and words in messages[0], messages


@pytest.mark.parametrize("setting", ["off", "info", "{severity: warning}", "{enabled: false}"])
def test_a_config_cannot_switch_the_limits_off_or_lower_them(repo: Path, setting: str) -> None:
    """CG005 can never be disabled or lowered: a file that cannot be read must not pass a
    gate. Saying so in a config is a config error, not a silent no."""
    (repo / "deep.org.yaml").write_text(nested(100), encoding="utf-8")
    (repo / ".coordgraph.yaml").write_text(f"rules:\n  CG005: {setting}\n", encoding="utf-8")
    code, _out, err = run_cli("check", str(repo / "deep.org.yaml"))
    assert code == 2 and "CG005 cannot be switched off or lowered" in err


def test_the_command_line_cannot_switch_the_limits_off(repo: Path) -> None:
    (repo / "deep.org.yaml").write_text(nested(100), encoding="utf-8")
    code, findings = run_check("--ignore", "CG005", "--isolated", str(repo / "deep.org.yaml"))
    assert code == 1 and cg005(findings)


def test_an_unknown_limit_is_a_config_error(repo: Path) -> None:
    (repo / "x.org.yaml").write_text(HEADER, encoding="utf-8")
    (repo / ".coordgraph.yaml").write_text(
        "rules:\n  CG005: {params: {max_dept: 10}}\n", encoding="utf-8"
    )
    code, _out, err = run_cli("check", str(repo / "x.org.yaml"))
    assert code == 2 and "max_dept" in err


def test_the_hostile_helpers_really_are_hostile() -> None:
    """Guard against a generator bug making the tests above trivially pass."""
    assert laughs_sequences().count("*lol") == 9 * 10
    assert laughs_in_people().count("*m") == 8 * 9
    assert len(quadratic().encode()) > 400_000
