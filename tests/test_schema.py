"""The JSON Schema for editors and the loader agree on what a valid file is."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from coordgraph.engine import Options, check_text
from coordgraph.schema import json_schema
from coordgraph.starter import starter_text

ROOT = Path(__file__).parent.parent
SCHEMA_FILE = ROOT / "coordgraph" / "org.schema.json"
EXAMPLES = sorted((ROOT / "orgs").glob("*.org.yaml"))


class EditorLoader(yaml.SafeLoader):
    """Reads YAML as an editor's language server does: dates stay strings."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def schema_errors(text: str) -> list[str]:
    data = yaml.load(text, Loader=EditorLoader)
    validator = jsonschema.Draft7Validator(
        json_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(data)]


def cg003(text: str) -> list[str]:
    result = check_text(text, "t.org.yaml", Options.default(as_of=date(2026, 11, 26)))
    return [f.message for f in result.findings if f.code == "CG003"]


def test_committed_schema_equals_the_command_output() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema()


def test_schema_is_valid_draft7() -> None:
    jsonschema.Draft7Validator.check_schema(json_schema())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples_point_editors_at_the_schema(example: Path) -> None:
    first = example.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (example.parent / match.group(1)).resolve() == SCHEMA_FILE.resolve()


VALID = [pytest.param(p.read_text(encoding="utf-8"), id=p.name) for p in EXAMPLES] + [
    pytest.param(starter_text("da"), id="starter"),
    pytest.param("version: 1\norganisation: {id: a, name: A}\n", id="minimal"),
]


@pytest.mark.parametrize("text", VALID)
def test_valid_files_are_schema_valid(text: str) -> None:
    assert cg003(text) == []
    assert schema_errors(text) == []


BASE = "version: 1\norganisation: {id: a, name: A}\n"
PEOPLE = "people:\n  anne: {name: Anne, role: leader}\n"

#: CG003 cases JSON Schema can express: both must reject them.
EXPRESSIBLE: dict[str, str] = {
    "unknown key": BASE + "people:\n  anne: {name: Anne, role: leader, rolle: x}\n",
    "unknown top-level key": BASE + "peple: {}\n",
    "wrong type": BASE + "people:\n  anne: {name: [Anne], role: leader}\n",
    "wrong type of list": BASE + PEOPLE + "forums:\n  f: {members: anne, frequency: weekly}\n",
    "missing key": BASE + "people:\n  anne: {name: Anne}\n",
    "missing top-level key": "organisation: {id: a, name: A}\n",
    "enum": BASE + "people:\n  anne: {name: Anne, role: chef}\n",
    "enum in link": BASE + PEOPLE + "links:\n  - {between: [anne, anne], frequency: hourly}\n",
    "date format": BASE + PEOPLE + "tasks:\n  t: {title: T, owner: anne, "
    "follow_up: {last: 'next week'}}\n",
    "negative number": BASE + "people:\n  anne: {name: Anne, role: leader, leadership_hours: -2}\n",
    "wrong version": "version: 2\norganisation: {id: a, name: A}\n",
}

#: What JSON Schema cannot express; the loader alone catches these (known limits).
KNOWN_LIMITS: dict[str, str] = {
    # ids are unique across people, forums, tasks and direction
    "id used in two sections": BASE + PEOPLE + "forums:\n  anne: {members: [anne], "
    "frequency: weekly}\n",
    # YAML 1.1 traps: to an editor (YAML 1.2) `no` is already the string "no"
    "YAML 1.1 trap": BASE + "people:\n  no: {name: Nora, role: leader}\n",
    # a link joins two *different* people
    "link to oneself": BASE + PEOPLE + "links:\n  - {between: [anne, anne], frequency: weekly}\n",
}


@pytest.mark.parametrize("text", EXPRESSIBLE.values(), ids=EXPRESSIBLE.keys())
def test_expressible_violations_are_rejected_by_both(text: str) -> None:
    assert cg003(text), "the loader must report it"
    assert schema_errors(text), "the JSON Schema must reject it"


@pytest.mark.parametrize("text", KNOWN_LIMITS.values(), ids=KNOWN_LIMITS.keys())
def test_known_limits_of_json_schema(text: str) -> None:
    assert cg003(text), "the loader must report it"
    assert schema_errors(text) == [], "if JSON Schema can express this now, move the case"


def test_schema_documents_the_three_questions() -> None:
    task = json_schema()["properties"]["tasks"]["additionalProperties"]
    descriptions: dict[str, Any] = {
        name: prop.get("description", "") for name, prop in task["properties"].items()
    }
    assert "What is the task?" in descriptions["description"]
    assert "What is the mandate?" in descriptions["mandate"]
    assert "What are the resources?" in descriptions["resources"]
