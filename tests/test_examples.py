"""The example organisations in orgs/ and the benchmark generator in benchmarks/.

The examples must stay valid (no CG0 finding), carry the yaml-language-server comment,
and show a handful of findings: exactly the gaps orgs/README.md lists. The generator
must be reproducible and produce valid files of the requested size.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from click.testing import CliRunner

from coordgraph.catalogue import load_ruleset
from coordgraph.cli import main
from coordgraph.engine import Options, check_text
from coordgraph.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
ORGS = ROOT / "orgs"
EXAMPLES = sorted(ORGS.glob("*.org.yaml"))
AS_OF = date(2026, 12, 1)  # the examples' dates are set relative to late 2026
SCHEMA_LINE = "# yaml-language-server: $schema=../coordgraph/org.schema.json"

#: The deliberate gaps of each example, as documented in orgs/README.md.
EXPECTED: dict[str, Counter[str]] = {
    "solsikken.org.yaml": Counter(
        ["CG104", "CG107", "CG205", "CG206", "CG301", "CG302", "CG305", "CG307"]
    ),
    "skovbakkeskolen.org.yaml": Counter(
        ["CG102", "CG104", "CG201", "CG205", "CG207", "CG305", "CG307"]
    ),
    "dagtilbud-nord.org.yaml": Counter(
        ["CG101", "CG105", "CG203", "CG204", "CG208", "CG302", "CG306", "CG308"]
    ),
    # The showcase of the rules for units, venues, rhythms, oral mandates and informal
    # tasks: each of them fires exactly once, beside a few of the older rules.
    "kastanjen.org.yaml": Counter(
        [
            *("CG102", "CG108", "CG109", "CG110", "CG201", "CG203", "CG204", "CG205"),
            *("CG206", "CG210", "CG302", "CG302", "CG303", "CG304", "CG309", "CG310"),
            "CG311",
        ]
    ),
}
#: Examples that show many rules at once rather than a handful of gaps.
SHOWCASES = {"kastanjen.org.yaml"}
#: Where kastanjen's finding for each rule added with units and rhythms points.
KASTANJEN_NODES = {
    "CG108": "people/mads/forums/teammoede-egern",
    "CG109": "tasks/referat/venue",
    "CG110": "tasks/icdp-video/depends_on/0",
    "CG210": "tasks/icdp-video/mandate/form",
    "CG309": "direction/udsatte",
    "CG310": "tasks/laereplan/recurs/last",
    "CG311": "tasks/udeliv/informal",
}

_RULES_IN_CATALOGUE = "CG201" in load_ruleset("default").rules
needs_rules = pytest.mark.skipif(
    not _RULES_IN_CATALOGUE, reason="rules CG1-CG3 are not in rules/default.yaml yet"
)


def _load_generator() -> ModuleType:
    path = ROOT / "benchmarks" / "generate.py"
    spec = importlib.util.spec_from_file_location("coordgraph_bench_generate", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate = _load_generator()


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key repeated in one mapping."""


def _construct_unique(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    keys: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        assert key not in keys, f"duplicate key {key!r} at line {key_node.start_mark.line + 1}"
        keys.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _construct_unique,  # type: ignore[arg-type]
)


def parse_unique(text: str) -> dict:
    return yaml.load(text, Loader=_UniqueKeyLoader)


def findings_of(text: str, path: str = "t.org.yaml") -> list[Finding]:
    return list(check_text(text, path, Options.default(as_of=AS_OF)).findings)


# -- examples -----------------------------------------------------------------------


def test_every_example_is_listed() -> None:
    assert {p.name for p in EXAMPLES} == set(EXPECTED)
    readme = (ORGS / "README.md").read_text(encoding="utf-8")
    for name in EXPECTED:
        assert f"`{name}`" in readme


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_starts_with_schema_comment(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == SCHEMA_LINE
    assert (path.parent / "../coordgraph/org.schema.json").resolve().is_file()


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_parses_without_duplicate_keys(path: Path) -> None:
    doc = parse_unique(path.read_text(encoding="utf-8"))
    assert doc["version"] == 1
    ids = [*doc["people"], *doc["forums"], *doc["tasks"]]
    for elements in doc["organisation"]["direction"].values():
        ids.extend(elements)
    assert len(ids) == len(set(ids)), "ids must be unique across sections"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_no_input_findings(path: Path) -> None:
    found = findings_of(path.read_text(encoding="utf-8"), str(path))
    assert [(f.code, f.line, f.message) for f in found if f.code.startswith("CG0")] == []


@needs_rules
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_has_a_handful_of_findings(path: Path) -> None:
    found = findings_of(path.read_text(encoding="utf-8"), str(path))
    if path.name in SHOWCASES:
        assert max(Counter(f.code for f in found).values()) <= 2
    else:
        assert 4 <= len(found) <= 10, [(f.code, f.node) for f in found]


@needs_rules
def test_kastanjen_shows_each_new_rule_once_where_the_readme_says() -> None:
    path = ORGS / "kastanjen.org.yaml"
    found = findings_of(path.read_text(encoding="utf-8"), str(path))
    nodes = {f.code: f.node for f in found if f.code in KASTANJEN_NODES}
    assert nodes == KASTANJEN_NODES
    readme = (ORGS / "README.md").read_text(encoding="utf-8")
    for code, node in KASTANJEN_NODES.items():
        assert f"| {code} " in readme and f"`{node}`" in readme, code


@needs_rules
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_findings_match_readme(path: Path) -> None:
    found = findings_of(path.read_text(encoding="utf-8"), str(path))
    assert Counter(f.code for f in found) == EXPECTED[path.name], [(f.code, f.node) for f in found]


def test_examples_through_the_cli() -> None:
    runner = CliRunner()
    args = ["check", "--isolated", "--format", "json", "--as-of", AS_OF.isoformat()]
    args += [str(p) for p in EXAMPLES]
    gc_was_enabled = gc.isenabled()
    with runner.isolation() as streams:
        try:
            main(args)
        except SystemExit as exc:
            code = exc.code
        else:
            code = 0
        output = streams[0].getvalue().decode()
    if gc_was_enabled:
        gc.enable()  # the CLI switches the cyclic collector off for its short run
    assert code in (0, 1), output
    report = json.loads(output)
    assert len(report["files"]) == len(EXAMPLES)
    assert [f for f in report["findings"] if f["code"].startswith("CG0")] == []


# -- generator ----------------------------------------------------------------------


def test_generator_is_reproducible() -> None:
    assert generate.generate(120, seed=7) == generate.generate(120, seed=7)
    assert generate.generate(120, seed=7) != generate.generate(120, seed=8)


@pytest.mark.parametrize("people", [1, 2, 7, 40, 130, 450])
def test_generator_output_parses_with_requested_size(people: int) -> None:
    text = generate.generate(people, seed=people)
    assert text.splitlines()[0] == SCHEMA_LINE
    doc = parse_unique(text)
    assert len(doc["people"]) == people
    ids = [*doc["people"], *(doc.get("forums") or {}), *doc["tasks"]]
    for elements in doc["organisation"]["direction"].values():
        ids.extend(elements)
    assert len(ids) == len(set(ids))
    roles = Counter(p["role"] for p in doc["people"].values())
    assert roles["leader"] >= 1
    if people >= 40:
        assert roles["inbetweener"] == round(people / 8)
        assert roles["external"] >= 1
        assert 2.2 <= len(doc["tasks"]) / people <= 2.8


@pytest.mark.parametrize("people", [7, 40, 450])
def test_generator_output_has_no_input_findings(people: int) -> None:
    found = findings_of(generate.generate(people, seed=3))
    assert [(f.code, f.line, f.message) for f in found if f.code.startswith("CG0")] == []


@needs_rules
def test_generator_output_has_some_gaps() -> None:
    found = findings_of(generate.generate(400, seed=1))
    gaps = [f for f in found if f.code != "CG209"]  # CG209: 1 leader per 40 people
    assert 6 <= len(gaps) < 30
    assert len({f.code for f in gaps}) >= 5


def test_generator_handles_municipal_size() -> None:
    # How fast it is, benchmarks/run.py measures; here: it produces the whole org.
    text = generate.generate(10_000, seed=1)
    assert text.count("\n  - between:") > 0


def test_generate_folder_and_cli(tmp_path: Path) -> None:
    written = generate.generate_folder(tmp_path / "many", files=3, people=30, seed=2)
    assert [p.name for p in written] == [
        "inst-0001.org.yaml",
        "inst-0002.org.yaml",
        "inst-0003.org.yaml",
    ]
    texts = [p.read_text(encoding="utf-8") for p in written]
    assert len(set(texts)) == 3
    assert parse_unique(texts[0])["organisation"]["id"] == "inst-0001"
    out = tmp_path / "one.org.yaml"
    assert generate.main(["--people", "25", "--seed", "4", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == generate.generate(25, seed=4)


def test_the_findings_quoted_in_the_readme_are_what_check_prints() -> None:
    from tests.strategies import run_cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quoted = [line for line in readme.splitlines() if line.startswith("orgs/") and ".yaml:" in line]
    assert quoted
    for line in quoted:
        path = line.split(":", 1)[0]
        args = ("check", "--isolated", "--as-of", AS_OF.isoformat(), "--lang", "en")
        _code, out, _err = run_cli(*args, str(ROOT / path))
        assert line in out.replace(str(ROOT / path), path).splitlines(), line
