"""A seeded mutation corpus: the example organisations, damaged in 300+ ways.

Every example file in ``orgs/`` is mutated the way files get damaged in real life
(lines dropped, swapped, duplicated, re-indented; truncation; flipped bytes; stray
tabs, control characters and quotes; other line endings and encodings) and each result
goes through the real command-line entry point in this process. Whatever the damage:
no traceback, exit 0 or 1 (a damaged file is a finding, never "could not run"), valid
JSON whose findings lie inside the file, and no case over 10 seconds.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.strategies import run_cli

ROOT = Path(__file__).resolve().parent.parent
ORGS = sorted((ROOT / "orgs").glob("*.org.yaml"))
AS_OF = "2026-12-01"
SEEDS = 7
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

Mutation = Callable[[bytes, random.Random], bytes]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _join(lines: list[bytes]) -> bytes:
    return b"\n".join(lines)


def drop_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rnd.randrange(len(lines))]
    return _join(lines)


def swap_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return _join(lines)


def duplicate_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    index = rnd.randrange(len(lines))
    lines.insert(rnd.randrange(len(lines) + 1), lines[index])
    return _join(lines)


def reindent_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    index = rnd.randrange(len(lines))
    stripped = lines[index].lstrip(b" ")
    indent = len(lines[index]) - len(stripped)
    lines[index] = b" " * max(0, indent + rnd.choice([-4, -2, -1, 1, 2, 3])) + stripped
    return _join(lines)


def dedent_block(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    start = rnd.randrange(len(lines))
    for i in range(start, min(len(lines), start + rnd.randint(2, 12))):
        lines[i] = lines[i].lstrip(b" ")
    return _join(lines)


def join_lines(data: bytes, rnd: random.Random) -> bytes:
    breaks = [m.start() for m in re.finditer(b"\n", data)]
    cut = rnd.choice(breaks)
    return data[:cut] + rnd.choice([b"", b" "]) + data[cut + 1 :]


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data))]  # may split a UTF-8 sequence (æøå)


def byte_flip(data: bytes, rnd: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rnd.randint(1, 3)):
        buffer[rnd.randrange(len(buffer))] ^= rnd.randint(1, 255)
    return bytes(buffer)


def _insert(data: bytes, rnd: random.Random, piece: bytes) -> bytes:
    where = rnd.randrange(len(data) + 1)
    return data[:where] + piece + data[where:]


def insert_tab(data: bytes, rnd: random.Random) -> bytes:
    if rnd.random() < 0.5:  # a tab as indentation: YAML forbids it
        lines = _lines(data)
        index = rnd.randrange(len(lines))
        lines[index] = b"\t" + lines[index].lstrip(b" ")
        return _join(lines)
    return _insert(data, rnd, b"\t")


CONTROLS = [bytes([c]) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)] + [
    "\x85".encode(),
    "\u2028".encode(),
    "\ufeff".encode(),
    "\u200b".encode(),
    b"\r",
]


def insert_control(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, rnd.choice(CONTROLS))


def insert_quote(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, rnd.choice([b'"', b"'", b'"\\', b"`", b"\xe2\x80\x9d"]))


TOKENS = [
    b"&x ",
    b"*x",
    b"*nowhere ",
    b"!!binary ",
    b"!!python/object/apply:os.system ",
    b"!custom ",
    b"? ",
    b"- ",
    b": ",
    b"{",
    b"[",
    b"}",
    b"<<: *x\n",
    b"\n---\n",
    b"\n...\n",
    b"%TAG ! tag:x,2000:\n",
    b"# coordgraph: ignore[CG999]\n",
    b"#",
    b"|",
    b">-\n",
]


def insert_token(data: bytes, rnd: random.Random) -> bytes:
    return _insert(data, rnd, rnd.choice(TOKENS))


TRAPS = [b"no", b"on", b"1.10", b"2024-13-45", b"~", b"!!int", b"!!bool maybe", b"0x1F", b"1e3"]


def replace_value(data: bytes, rnd: random.Random) -> bytes:
    spots = [m.end() for m in re.finditer(rb": (?=\S)", data)]
    where = rnd.choice(spots)
    end = data.find(b"\n", where)
    end = len(data) if end < 0 else end
    return data[:where] + rnd.choice([*TRAPS, b"9" * 5000, b"x" * 20000]) + data[end:]


def delete_range(data: bytes, rnd: random.Random) -> bytes:
    start = rnd.randrange(len(data))
    return data[:start] + data[start + rnd.randint(1, 300) :]


def line_endings(data: bytes, rnd: random.Random) -> bytes:
    ending = rnd.choice([b"\r\n", b"\r", b"\n\n", b"\r\r\n"])
    lines = _lines(data)
    start = rnd.randrange(len(lines))
    stop = start + rnd.randint(1, len(lines))
    return (
        b"\n".join(lines[:start])
        + b"\n"
        + ending.join(lines[start:stop])
        + b"\n".join([b"", *lines[stop:]])
    )


def encoding(data: bytes, rnd: random.Random) -> bytes:
    text = data.decode("utf-8")
    choice = rnd.randrange(5)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("latin-1", "replace")
    if choice == 2:
        return b"\xef\xbb\xbf" + data  # a BOM is fine
    if choice == 3:
        return text.encode("utf-8-sig") * 2  # a BOM in the middle
    return text.encode("cp1252", "replace")


MUTATIONS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        drop_line,
        swap_lines,
        duplicate_line,
        reindent_line,
        dedent_block,
        join_lines,
        truncate,
        byte_flip,
        insert_tab,
        insert_control,
        insert_quote,
        insert_token,
        replace_value,
        delete_range,
        line_endings,
        encoding,
    )
}
CASES = [
    pytest.param(org, name, seed, id=f"{org.stem}-{name}-{seed}")
    for org in ORGS
    for name in MUTATIONS
    for seed in range(SEEDS)
]


def test_the_corpus_is_large_enough() -> None:
    assert len(ORGS) >= 3, ORGS
    assert len(CASES) >= 300


def mutated(org: Path, name: str, seed: int) -> bytes:
    rnd = random.Random(f"{org.name}:{name}:{seed}")  # str seeds are stable across runs
    return MUTATIONS[name](org.read_bytes(), rnd)


def _decodes(data: bytes) -> bool:
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@pytest.mark.parametrize(("org", "name", "seed"), CASES)
def test_mutated_file_is_reported_not_crashed(
    org: Path, name: str, seed: int, tmp_path: Path
) -> None:
    data = mutated(org, name, seed)
    target = tmp_path / org.name
    target.write_bytes(data)
    start = time.monotonic()
    code, out, err = run_cli(
        "check", "--isolated", "--as-of", AS_OF, "--format", "json", str(target)
    )
    elapsed = time.monotonic() - start
    assert elapsed < 10, f"{elapsed:.1f}s"
    assert "Traceback" not in out + err and "internal error" not in err, err
    assert code in (0, 1), err
    report = json.loads(out)
    findings = report["findings"]
    severities = {f["severity"] for f in findings}
    assert code == (1 if severities & {"error", "warning"} else 0)
    last_line = len(_LINE_BREAK.split(data.decode("utf-8", "replace")))
    for f in findings:
        assert 1 <= f["line"] <= last_line and f["column"] >= 1, f
        assert f["path"] == str(target)
    if not _decodes(data):
        # Not UTF-8: exactly one finding that says so, nothing guessed from the bytes.
        assert [f["code"] for f in findings] == ["CG001"], findings
        assert "UTF" in findings[0]["message"]


def test_unmutated_examples_have_no_input_findings(tmp_path: Path) -> None:
    """The baseline the mutations start from is clean, so their findings are theirs."""
    code, out, err = run_cli(
        "check", "--isolated", "--as-of", AS_OF, "--format", "json", *map(str, ORGS)
    )
    assert code in (0, 1), err
    assert not [f for f in json.loads(out)["findings"] if f["code"].startswith("CG0")]
