"""SARIF output: valid against the official 2.1.0 schema and useful to GitHub code scanning."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

import coordgraph
from coordgraph.catalogue import Prose, Ruleset, RuleSpec, load_ruleset
from coordgraph.checks import Rule
from coordgraph.findings import FileResult, Finding, Related, Severity, Span
from coordgraph.reporters import sarif

SCHEMA_PATH = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
OFFICIAL_SCHEMA = Path(__file__).resolve().parents[2] / "shared" / "schemas" / SCHEMA_PATH.name
SOLSIKKEN = "orgs/solsikken.org.yaml"
AALHOLM = "./orgs/Ålholm børnehus.org.yaml"  # a space and Danish letters in the path


def spec(code: str, name: str, family: str, severity: Severity, enabled: bool = True) -> RuleSpec:
    prose = Prose(
        message={"en": f"{name} message", "da": f"{name} besked"},
        rationale={"en": f"Why {name} matters.", "da": f"Hvorfor {name} betyder noget: æøå."},
        fix={"en": f"Fix {name}.", "da": f"Ret {name} – få styr på mandatet."},
        examples={"bad": "tasks:\n  x: {title: X, owner: bo}\n"} if code == "CG201" else {},
        summary={
            "en": "A delegated task without a mandate",
            "da": "En uddelegeret opgave uden mandat",
        }
        if code == "CG201"
        else {"en": "", "da": ""},
        short={"en": name, "da": name},
        hint={"en": f"Fix {name}.", "da": f"Ret {name}."},
    )
    rule = Rule(code, name, severity)
    assert rule.family == family
    return RuleSpec(rule=rule, severity=severity, params={}, enabled=enabled, words=prose)


RULESET = Ruleset(
    name="test",
    rules={
        s.code: s
        for s in (
            spec("CG001", "yaml-syntax", "input", Severity.ERROR, enabled=False),
            spec("CG003", "schema-violation", "input", Severity.ERROR),
            spec("CG104", "uncoordinated-contributors", "coordination", Severity.WARNING),
            spec("CG105", "isolated-person", "coordination", Severity.WARNING, enabled=False),
            spec("CG201", "missing-mandate", "mandate", Severity.WARNING),
            spec("CG209", "wide-span", "mandate", Severity.INFO),
            spec("CG308", "uncarried-line-element", "drift", Severity.INFO),
        )
    },
)


def finding(
    code: str,
    node: str,
    span: Span,
    message: str,
    severity: Severity = Severity.WARNING,
    path: str = SOLSIKKEN,
    related: tuple[Related, ...] = (),
) -> Finding:
    return Finding(
        code=code,
        name=RULESET.rules[code].name,
        severity=severity,
        message=message,
        path=path,
        span=span,
        node=node,
        fix=RULESET.rules[code].text("fix", "da"),
        related=related,
    )


MANDATE = finding(
    "CG201",
    "tasks/icdp-implementering",
    Span(42, 3, 42, 22),
    "Bo Berg (inbetweener) ejer 'Tovholder på implementering af ICDP' uden et mandat",
    related=(
        Related("people/bo", Span(30, 3, 30, 5), "Bo Berg (bo)"),
        Related("people/anne", Span(25, 3, 25, 7), "Anne Holm (anne)"),
    ),
)
CONTRIBUTOR = finding(
    "CG104",
    "tasks/sprogindsats/contributors/1",
    Span(77, 22, 77, 28),
    "Søren Ærø bidrager til 'Sprogindsats på Mariehønen' uden at tale med ejeren Mette Kjær",
    related=(Related("people/soeren", Span(60, 3, 60, 9), "Søren Ærø (soeren)"),),
)
SCHEMA_1 = finding(
    "CG003",
    "tasks/udeliv/resources",
    Span(91, 7, 91, 21),
    "'hours_per_week' skal være et tal, ikke 'fire'",
    Severity.ERROR,
)
SCHEMA_2 = finding(
    "CG003",
    "tasks/udeliv/resources",
    Span(92, 7, 92, 17),
    "Ukendt nøgle 'budjet' (mente du 'budget_dkk'?)",
    Severity.ERROR,
)
WIDE = finding(
    "CG209",
    "people/anne",
    Span(0, 0, 0, 0),  # out of range on purpose: must still give a valid region
    "Anne Holm har 24 direkte medarbejdere (mere end 20)",
    Severity.INFO,
    path=AALHOLM,
)


def results() -> list[FileResult]:
    return [
        FileResult(SOLSIKKEN, (MANDATE, CONTRIBUTOR, SCHEMA_1, SCHEMA_2)),
        FileResult(AALHOLM, (WIDE,)),
        FileResult("orgs/skovbakkeskolen.org.yaml", ()),
    ]


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def own_message(result: dict[str, Any]) -> str:
    """A result's message without the links to its related locations, unescaped."""
    text = re.split(r" \((?:se også|see also): \[", result["message"]["text"])[0]
    return re.sub(r"\\(.)", r"\1", text)


def log(res: list[FileResult], ruleset: Ruleset = RULESET, lang: str = "da") -> dict[str, Any]:
    return json.loads(sarif.render(res, ruleset, lang))


#: SHA-256 of the official SARIF 2.1.0 schema (OASIS, sarif-schema-2.1.0.json), so the
#: copy is checked on any checkout, not only where the official file lies beside it.
OFFICIAL_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


def test_test_copy_of_schema_is_the_official_one() -> None:
    assert hashlib.sha256(SCHEMA_PATH.read_bytes()).hexdigest() == OFFICIAL_SHA256
    if OFFICIAL_SCHEMA.is_file():
        assert json.loads(SCHEMA_PATH.read_text("utf-8")) == json.loads(
            OFFICIAL_SCHEMA.read_text("utf-8")
        )


def test_with_findings_validates_against_official_schema(
    validator: jsonschema.protocols.Validator,
) -> None:
    document = log(results())
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, errors[0]
    assert document["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert document["version"] == "2.1.0"
    assert len(document["runs"]) == 1
    assert len(document["runs"][0]["results"]) == 5


def test_schema_validation_is_not_vacuous(validator: jsonschema.protocols.Validator) -> None:
    document = log(results())
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert not validator.is_valid(broken)
    broken = copy.deepcopy(document)
    broken["runs"][0]["results"][0]["level"] = "info"
    assert not validator.is_valid(broken)


@pytest.mark.parametrize("res", [[], [FileResult(SOLSIKKEN, ())]], ids=["no-files", "clean-file"])
def test_empty_validates_and_results_are_present(
    validator: jsonschema.protocols.Validator, res: list[FileResult]
) -> None:
    document = log(res)
    assert validator.is_valid(document)
    run = document["runs"][0]
    assert "results" in run and run["results"] == []
    assert run["tool"]["driver"]["rules"], "rules are listed even when nothing was found"


def test_driver_identifies_the_tool() -> None:
    driver = log(results())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "coordgraph"
    assert driver["version"] == coordgraph.__version__
    assert driver["informationUri"].startswith("https://")


def test_rules_cover_enabled_and_reported_rules_with_texts() -> None:
    rules = log(results())["runs"][0]["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    # catalogue order; the disabled and unreported CG001 and CG105 are not listed
    assert ids == ["CG003", "CG104", "CG201", "CG209", "CG308"]
    for rule in rules:
        source = RULESET.rules[rule["id"]]
        assert rule["name"] == source.name
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"] == source.text("rationale", "da")
        assert rule["help"]["text"] == source.text("fix", "da")
        assert source.text("fix", "da") in rule["help"]["markdown"]
        assert source.family in rule["properties"]["tags"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["CG201"]["shortDescription"]["text"] == "En uddelegeret opgave uden mandat"
    assert by_id["CG104"]["shortDescription"]["text"] == "Uncoordinated contributors"  # no summary
    assert by_id["CG201"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["CG003"]["defaultConfiguration"]["level"] == "error"
    assert by_id["CG209"]["defaultConfiguration"]["level"] == "note"
    assert "```yaml\ntasks:" in by_id["CG201"]["help"]["markdown"]


def test_disabled_rule_that_reports_is_still_listed() -> None:
    syntax = finding(
        "CG001", "line/3", Span(3, 1, 3, 2), "Filen er ikke gyldig YAML", Severity.ERROR
    )
    document = log([FileResult(SOLSIKKEN, (syntax,))])
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    result = document["runs"][0]["results"][0]
    assert rules[result["ruleIndex"]]["id"] == "CG001"


def test_results_point_at_their_rule_level_and_message() -> None:
    document = log(results())
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_message = {own_message(r): r for r in run["results"]}
    for f in (MANDATE, CONTRIBUTOR, SCHEMA_1, SCHEMA_2, WIDE):
        result = by_message[f.message]
        assert result["ruleId"] == f.code
        assert rules[result["ruleIndex"]]["id"] == f.code
        expected = {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        assert result["level"] == expected


def test_locations_are_relative_one_based_and_logical() -> None:
    run = log(results())["runs"][0]
    for result in run["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
        if region["endLine"] == region["startLine"]:
            assert region["endColumn"] >= region["startColumn"]
        (logical,) = location["logicalLocations"]
        assert logical["fullyQualifiedName"]
    mandate = next(r for r in run["results"] if r["ruleId"] == "CG201")
    physical = mandate["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == SOLSIKKEN
    assert physical["region"] == {"startLine": 42, "startColumn": 3, "endLine": 42, "endColumn": 22}
    assert mandate["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "tasks/icdp-implementering"
    )
    wide = next(r for r in run["results"] if r["ruleId"] == "CG209")
    uri = wide["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in uri and "Å" not in uri  # percent-encoded, a valid URI reference
    assert unquote(uri) == "orgs/Ålholm børnehus.org.yaml"
    assert wide["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


def test_absolute_path_becomes_file_uri() -> None:
    location = sarif.artifact_location("/srv/org filer/solsikken.org.yaml")
    assert location == {"uri": "file:///srv/org%20filer/solsikken.org.yaml"}
    assert sarif.artifact_location("C:\\orgs\\a.org.yaml") == {"uri": "file:///C:/orgs/a.org.yaml"}


def test_partial_fingerprints_are_the_findings_and_unique() -> None:
    run = log(results())["runs"][0]
    prints = [r["partialFingerprints"]["coordgraphFingerprint/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints), "two CG003 on one node must stay two alerts"
    by_message = {own_message(r): r for r in run["results"]}
    for f in (MANDATE, CONTRIBUTOR, WIDE, SCHEMA_1):
        assert by_message[f.message]["partialFingerprints"]["coordgraphFingerprint/v1"] == (
            f.fingerprint
        )
    assert SCHEMA_1.fingerprint == SCHEMA_2.fingerprint
    derived = by_message[SCHEMA_2.message]["partialFingerprints"]["coordgraphFingerprint/v1"]
    assert derived != SCHEMA_2.fingerprint


def test_related_locations_name_the_people_involved() -> None:
    run = log(results())["runs"][0]
    mandate = next(r for r in run["results"] if r["ruleId"] == "CG201")
    related = mandate["relatedLocations"]
    assert [r["id"] for r in related] == [1, 2]
    assert mandate["message"]["text"].endswith(
        " (se også: [Bo Berg (bo)](1), [Anne Holm (anne)](2))"
    )
    assert [r["message"]["text"] for r in related] == ["Bo Berg (bo)", "Anne Holm (anne)"]
    assert related[1]["physicalLocation"]["region"]["startLine"] == 25
    assert related[1]["physicalLocation"]["artifactLocation"]["uri"] == SOLSIKKEN
    assert related[1]["logicalLocations"][0]["fullyQualifiedName"] == "people/anne"
    schema_result = next(r for r in run["results"] if r["ruleId"] == "CG003")
    assert "relatedLocations" not in schema_result


def test_danish_letters_survive_encoding() -> None:
    text = sarif.render(results(), RULESET, "da")
    assert "Søren Ærø" in text  # written as UTF-8, not \u escapes
    decoded = json.loads(text.encode("utf-8").decode("utf-8"))
    messages = {own_message(r) for r in decoded["runs"][0]["results"]}
    assert CONTRIBUTOR.message in messages
    rules = decoded["runs"][0]["tool"]["driver"]["rules"]
    assert any("æøå" in r["fullDescription"]["text"] for r in rules)


def test_language_selects_rule_texts() -> None:
    rules = log(results(), lang="en")["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["help"]["text"] == "Fix schema-violation."
    assert log(results(), lang="en")["runs"][0]["language"] == "en"


def test_deterministic_and_independent_of_input_order() -> None:
    first = sarif.render(results(), RULESET, "da")
    assert sarif.render(results(), RULESET, "da") == first
    shuffled = [FileResult(SOLSIKKEN, (SCHEMA_2, CONTRIBUTOR, SCHEMA_1, MANDATE)), *results()[1:]]
    assert sarif.render(shuffled, RULESET, "da") == first


def test_bundled_default_ruleset_renders_valid_sarif(
    validator: jsonschema.protocols.Validator,
) -> None:
    ruleset = load_ruleset("default")
    for lang in ("da", "en"):
        document = log(results()[2:], ruleset, lang)
        assert validator.is_valid(document)
        enabled = [code for code, s in ruleset.rules.items() if s.enabled]
        assert [r["id"] for r in document["runs"][0]["tool"]["driver"]["rules"]] == enabled
