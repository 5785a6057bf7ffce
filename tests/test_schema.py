"""The JSON Schema for editors and the loader agree on what a valid file is."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from coordgraph import keydocs
from coordgraph.engine import Options, check_text
from coordgraph.schema import json_schema
from coordgraph.starter import starter_text
from coordgraph.terms import table

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


# -- the schema in an editor, and in check-jsonschema ----------------------------------------


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real check-jsonschema, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_jsonschema_names_a_wrong_value_in_one_line(tmp_path: Path) -> None:
    """With the optional keys written as ``type: [T, "null"]`` (not ``anyOf``), the
    first error is the wrong value itself, not a dump of the whole ``people`` mapping."""
    org = tmp_path / "boss.org.yaml"
    org.write_text(BASE + "people:\n  anne:\n    name: Anne\n    role: boss\n", encoding="utf-8")
    result = check_jsonschema("--schemafile", SCHEMA_FILE, org)
    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line.strip() for line in result.stdout.splitlines() if "::" in line]
    assert errors[0] == (
        f"{org}::$.people.anne.role: 'boss' is not one of "
        "['leader', 'inbetweener', 'staff', 'external']"
    )


def test_the_schema_passes_its_metaschema_check() -> None:
    result = check_jsonschema("--check-metaschema", SCHEMA_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_jsonschema_finds_the_examples_and_the_starter_valid(tmp_path: Path) -> None:
    starter = tmp_path / "starter.org.yaml"
    starter.write_text(starter_text("da"), encoding="utf-8")
    examples = [*EXAMPLES, *sorted((ROOT / "docs" / "examples").glob("*.org.yaml")), starter]
    result = check_jsonschema("--schemafile", SCHEMA_FILE, *examples)
    assert result.returncode == 0, result.stdout + result.stderr


def _properties(
    schema: dict[str, Any], path: tuple[str, ...] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """Every property of the schema with its field names, through entries and lists."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name, sub in schema.get("properties", {}).items():
        found.append((".".join((*path, name)), sub))
        found += _properties(sub, (*path, name))
    for key in ("additionalProperties", "items"):
        if isinstance(schema.get(key), dict):
            found += _properties(schema[key], path)
    for branch in schema.get("anyOf", ()):
        found += _properties(branch, path)
    return found


def test_every_property_has_a_title_and_a_description() -> None:
    properties = _properties(json_schema())
    assert len(properties) > 60
    for path, schema in properties:
        assert schema.get("title") and schema.get("description"), path
        assert "anyOf" not in schema or path == "tasks.success_criteria", path
        if "enum" in schema:
            assert len(schema["enumDescriptions"]) == len(schema["enum"]), path
            assert all(schema["enumDescriptions"][:-1]), path
    titles = dict(properties)
    assert titles["tasks.mandate.limits"]["title"] == "Limits · Rammer"
    assert "handlerum" in titles["tasks.mandate.decides"]["description"]
    assert json_schema()["$id"] == "urn:coordgraph:org-file:1"


def test_the_words_of_the_keys_are_those_of_the_format() -> None:
    """Every key the format has is documented in both languages, and nothing else."""
    documented = {
        key.removeprefix("server.key.").rsplit(".", 1)[0]
        for key in table("en")
        if key.startswith("server.key.")
    }
    assert documented == {path for path, _schema in _properties(json_schema())}
    for lang in ("da", "en"):
        for path in documented:
            assert keydocs.title(path, lang) != f"server.key.{path}.title"
            assert keydocs.text(path, lang) != f"server.key.{path}.text"
    for path, group in keydocs.VALUE_GROUPS.items():
        assert path in documented, path
        assert any(key.startswith(f"server.value.{group}.") for key in table("da"))


def test_the_server_words_are_the_same_keys_in_both_languages() -> None:
    danish = {k for k in table("da") if k.startswith("server.")}
    english = {k for k in table("en") if k.startswith("server.")}
    assert danish == english and len(danish) > 150
