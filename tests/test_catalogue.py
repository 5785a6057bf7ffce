"""The rules: declared once, worded in both languages, and what the docs show.

* every declared rule has a prose file, every prose file a declared rule, every rule
  outside CG0 a check and fixtures that make it fire and stay silent;
* every placeholder of every message (and variant) is filled by what the check yields;
* the examples shown by ``coordgraph explain`` really are bad and good;
* ``explain_text`` works for every code and name in both languages, and
  ``docs/rules.md`` is what ``python -m coordgraph.explain`` generates;
* rulesets only adjust: the strict ruleset raises CG1/CG2 to error and leaves the rest
  alone; a setting of the wrong type is refused.

Everything is read from the registry (``coordgraph.checks.registry``): adding a rule
needs no edit here.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

import coordgraph
from coordgraph.catalogue import ConfigError, RuleSpec, load_ruleset
from coordgraph.checks import FAMILIES, registry
from coordgraph.engine import Options, check_text
from coordgraph.explain import explain_text, rules_doc, rules_json, rules_table, write_rules_doc
from coordgraph.findings import Hit, Severity
from coordgraph.terms import Term, read_table, table
from tests.rulekit import AS_OF, full_text, load_cases, model, ruleset_with
from tests.rulekit import hits as rule_hits

DEFAULT = load_ruleset("default")
STRICT = load_ruleset("strict")
REGISTRY = registry()
RULE_CODES = [code for code, rule in REGISTRY.items() if rule.check is not None]
ROOT = Path(__file__).resolve().parent.parent


# -- declared once, worded, fixtured -------------------------------------------------


def test_every_rule_is_declared_once_with_its_words() -> None:
    assert list(DEFAULT.rules) == list(REGISTRY) == sorted(REGISTRY)
    prose = {
        entry.name.removesuffix(".yaml")
        for entry in resources.files("coordgraph").joinpath("prose").iterdir()
        if entry.name.endswith(".yaml")
    }
    assert prose == set(REGISTRY), "every rule has a prose file and every prose file a rule"
    names = [rule.name for rule in REGISTRY.values()]
    assert len(set(names)) == len(names)
    for code, rule in REGISTRY.items():
        assert re.fullmatch(r"CG[0-3][0-9]{2}", code), code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name), rule.name
        assert code.startswith(FAMILIES[rule.family])
        assert (rule.check is None) == code.startswith("CG0"), code


def test_every_rule_has_fixtures_that_fire_and_stay_silent() -> None:
    cases = load_cases("CG")
    assert {c.rule for c in cases if c.expect} == set(RULE_CODES)
    assert {c.rule for c in cases if not c.expect} == set(RULE_CODES)


def test_declared_defaults_are_the_default_rulesets() -> None:
    for code, rule in REGISTRY.items():
        spec = DEFAULT.rules[code]
        assert spec.severity is rule.severity and dict(spec.params) == rule.defaults, code
        assert spec.enabled


@pytest.mark.parametrize("code", RULE_CODES)
def test_entry_is_complete_in_both_languages(code: str) -> None:
    spec = DEFAULT.rules[code]
    for what in ("summary", "message", "rationale", "fix"):
        texts = getattr(spec, what)
        assert set(texts) == {"da", "en"}, (code, what)
        assert texts["da"].strip() and texts["en"].strip(), (code, what)
        assert texts["da"] != texts["en"], (code, what)
    for variant, texts in spec.variants.items():
        assert texts["da"].strip() and texts["en"].strip() and texts["da"] != texts["en"], variant
    assert set(spec.examples) == {"bad", "good"}


_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@pytest.mark.parametrize("code", list(REGISTRY))
def test_every_text_has_both_languages_with_the_same_placeholders(code: str) -> None:
    """Every text of a rule (input rules too): summary, short, hint, message, rationale,
    fix, each variant and each variant's own fix, in Danish and English, naming the same
    placeholders, so neither language leaves out or invents a value."""
    prose = DEFAULT.rules[code].prose
    texts = {what: getattr(prose, what) for what in ("summary", "short", "hint", "message",
                                                    "rationale", "fix")}  # fmt: skip
    texts |= {f"variants.{name}": words for name, words in prose.variants.items()}
    texts |= {f"fixes.{name}": words for name, words in prose.fixes.items()}
    assert set(prose.fixes) <= set(prose.variants), code
    for what, words in texts.items():
        assert set(words) == {"da", "en"}, (code, what)
        assert words["da"].strip() and words["en"].strip(), (code, what)
        da, en = (set(_PLACEHOLDER.findall(words[lang])) for lang in ("da", "en"))
        assert da == en, (code, what, da ^ en)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_terminology_reads_as_yaml_load_reads_it(lang: str) -> None:
    """The quick reader of the tables gives what a full YAML load gives, text for text."""
    text = (Path(coordgraph.__file__).parent / "terminology" / f"{lang}.yaml").read_text("utf-8")

    def flat(data: dict[str, Any], prefix: str = "") -> dict[str, str]:
        found: dict[str, str] = {}
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else key
            found.update(flat(value, name) if isinstance(value, dict) else {name: value})
        return found

    expected = flat(yaml.safe_load(text))
    assert all(isinstance(value, str) for value in expected.values())
    assert read_table(text) == expected
    assert len(expected) > 800


@pytest.mark.parametrize("text", ["a: [x, y]\n", "a: &x b\nc: *x\n", "a: b\n---\nc: d\n"])
def test_the_terminology_reader_refuses_what_has_no_place_in_a_table(text: str) -> None:
    with pytest.raises(ValueError):
        read_table(text)


def test_terminology_tables_have_the_same_keys_and_placeholders() -> None:
    """One terminology table per language, the same keys in both, each word naming the
    same placeholders in both."""
    da, en = table("da"), table("en")
    assert set(da) == set(en), sorted(set(da) ^ set(en))
    for key, word in en.items():
        assert set(_PLACEHOLDER.findall(da[key])) == set(_PLACEHOLDER.findall(word)), key


def test_danish_texts_are_written_with_danish_letters() -> None:
    danish = " ".join(
        spec.text(what, "da") for spec in DEFAULT.rules.values() for what in ("rationale", "fix")
    )
    assert {"æ", "ø", "å"} <= set(danish)
    for word in ("opgave", "mandat", "koordinering", "tillid", "målforskydning",
                 "den pædagogiske linje", "værdigrundlag", "inbetweener", "opfølgning",
                 "handlerum", "ressourcer"):  # fmt: skip
        assert word in danish.lower(), word


@pytest.mark.parametrize(
    ("code", "source"),
    [
        ("CG101", "Cataldo"),
        ("CG102", "Cataldo"),
        ("CG104", "Cataldo"),
        ("CG103", "Sosa"),
        ("CG301", "Merton"),
        ("CG302", "Selznick"),
        ("CG306", "Merton"),
        ("CG307", "Bohte"),
    ],
)
def test_rationales_cite_the_research(code: str, source: str) -> None:
    spec = DEFAULT.rules[code]
    assert source in spec.text("rationale", "en") and source in spec.text("rationale", "da")


# -- placeholders are filled by the checks ---------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _fixture_hits() -> dict[str, list[Hit]]:
    found: dict[str, list[Hit]] = defaultdict(list)
    for case in load_cases("CG"):
        for hit in rule_hits(model(case.text), case.rule, case.params, case.as_of):
            found[hit.code].append(hit)
    return found


FIXTURE_HITS = _fixture_hits()


@pytest.mark.parametrize("code", RULE_CODES)
def test_every_template_is_filled_by_the_args_the_check_yields(code: str) -> None:
    spec = DEFAULT.rules[code]
    hits = FIXTURE_HITS[code]
    assert hits, f"no fixture makes {code} fire"
    used_variants = set()
    for hit in hits:
        used_variants.add(hit.variant)
        for lang in ("da", "en"):
            template = spec.template(hit.variant, lang)
            message = template.format(**hit.args)  # KeyError if an argument is missing
            assert "{" not in message and "}" not in message
            assert _fields(template) <= set(hit.args)
    # every message of the rule is produced by some fixture
    assert used_variants == {None, *spec.variants}, code


def test_translated_args_are_words_of_the_terminology() -> None:
    """Arguments that are words (frequencies, kinds) are translated when the message is
    made: each is in both terminology tables."""
    seen = 0
    for hits in FIXTURE_HITS.values():
        for hit in hits:
            for value in hit.args.values():
                if isinstance(value, Term):
                    seen += 1
                    assert value.key in table("da") and value.key in table("en"), value
    assert seen


def test_nodes_name_a_section_and_an_id() -> None:
    sections = {"people", "tasks", "direction", "forums", "links", "units"}
    for hits in FIXTURE_HITS.values():
        for hit in hits:
            section, _, rest = hit.node.partition("/")
            assert section in sections and rest, hit.node
            for related in hit.related:
                assert related.split("/")[0] in {"people", "tasks", "forums", "units"}, related


# -- examples shown by explain -----------------------------------------------------------

#: The CG209 example shows three of 21 reports; the test lowers the limit to match.
EXAMPLE_PARAMS = {"CG209": {"max_reports": 2}}


@pytest.mark.parametrize("code", RULE_CODES)
@pytest.mark.parametrize("kind", ["bad", "good"])
def test_examples_are_valid_and_bad_fires_and_good_does_not(code: str, kind: str) -> None:
    spec = DEFAULT.rules[code]
    options = Options(ruleset=ruleset_with(code, EXAMPLE_PARAMS.get(code, {})), as_of=AS_OF)
    result = check_text(full_text(spec.examples[kind]), f"{code}-{kind}.org.yaml", options)
    assert not [f.message for f in result.findings if f.code.startswith("CG0")]
    fired = [f for f in result.findings if f.code == code]
    assert bool(fired) == (kind == "bad"), [f.message for f in fired]


# -- explain, rules, docs ----------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("code", list(DEFAULT.rules))
def test_explain_by_code_and_by_name(code: str, lang: str) -> None:
    spec = DEFAULT.rules[code]
    assert DEFAULT.lookup(code) is spec and DEFAULT.lookup(spec.name) is spec
    text = explain_text(spec, lang)
    assert text.startswith(f"# {code} {spec.name}") and text.endswith("\n")
    assert spec.text("fix", lang).split()[0] in text
    headings = {
        "en": ["## What it does", "## Applies to", "## Why is this bad?", "## How to fix it",
               "## Parameters", "## Default severity"],
        "da": ["## Hvad reglen gør", "## Gælder for", "## Hvorfor er det et problem?",
               "## Sådan retter du det", "## Parametre", "## Alvorsgrad"],
    }  # fmt: skip
    positions = [text.index(h) for h in headings[lang]]
    assert positions == sorted(positions)
    if spec.examples:
        assert spec.examples["bad"].splitlines()[0] in text
        assert spec.examples["good"].splitlines()[-1] in text


def test_explain_shows_params_and_an_adjusted_severity() -> None:
    spec = STRICT.rules["CG102"]
    text = explain_text(spec, "en")
    assert "- `required`: `{high: weekly, medium: monthly, low: quarterly}`" in text
    assert "warning (in this configuration: error)" in text
    assert "advarsel (i denne konfiguration: fejl)" in explain_text(spec, "da")
    off = DEFAULT.with_overrides({"CG209": "off"}, "test").rules["CG209"]
    assert "switched off in this configuration" in explain_text(off, "en")


def test_rules_table_and_json_list_every_rule() -> None:
    ruleset = DEFAULT.with_overrides({"CG2": {"severity": "error"}, "CG209": "off"}, "t")
    table = rules_table(ruleset, "da")
    lines = {line.split()[0]: line for line in table.splitlines() if line.startswith("  CG")}
    assert list(lines) == list(DEFAULT.rules)
    assert "  fra  " in lines["CG209"] and "  fejl  " in lines["CG201"]
    assert "En uddelegeret opgave uden mandat." in lines["CG201"]
    data = rules_json(ruleset, "en")
    assert [r["code"] for r in data] == list(DEFAULT.rules)
    cg201 = data[list(DEFAULT.rules).index("CG201")]
    assert cg201["severity"] == "error" and cg201["default_severity"] == "warning"
    assert cg201["summary"] == "A delegated task without a mandate."
    assert data[list(DEFAULT.rules).index("CG209")]["enabled"] is False


def test_rules_doc_is_generated_and_up_to_date(tmp_path: Path) -> None:
    written = write_rules_doc(tmp_path / "docs" / "rules.md")
    assert written.read_text(encoding="utf-8") == rules_doc()
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_doc(), "run: python -m coordgraph.explain"
    for spec in DEFAULT.rules.values():
        assert f"## {spec.code} {spec.name}" in committed
        assert spec.text("rationale", "da").split()[0] in committed


# -- strict ------------------------------------------------------------------------------


def test_strict_raises_coordination_and_mandate_to_error_only() -> None:
    assert STRICT.name == "strict"
    assert list(STRICT.rules) == list(DEFAULT.rules)
    for code, spec in STRICT.rules.items():
        default: RuleSpec = DEFAULT.rules[code]
        if code.startswith(("CG1", "CG2")):
            assert spec.severity is Severity.ERROR, code
            assert spec.params == default.params
        else:
            assert spec == default, code


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        ({"CG208": {"params": {"max_tasks": 2.5}}}, "whole number"),
        ({"CG208": {"params": {"max_tasks": -1}}}, "whole number"),
        ({"CG208": {"params": {"max_tasks": True}}}, "whole number"),
        ({"CG005": {"params": {"max_depth": float("nan")}}}, "whole number"),
        ({"CG103": {"params": {"include_contributors": "yes"}}}, "true or false"),
        ({"CG102": {"params": {"required": {"high": "sometimes"}}}}, "not one of"),
        ({"CG102": {"params": {"required": {"huge": "weekly"}}}}, "not a complexity"),
        ({"CG102": {"params": {"required": "weekly"}}}, "mapping"),
        ({"CG208": {"params": {"max_task": 2}}}, "unknown parameter"),
        ({"CG001": "off"}, "cannot be switched off"),
        ({"CG005": {"severity": "info"}}, "cannot be switched off"),
    ],
)
def test_settings_are_checked_against_the_declared_types(setting: dict, problem: str) -> None:
    with pytest.raises(ConfigError, match=problem):
        DEFAULT.with_overrides(setting, "test")


def test_a_prefix_leaves_the_fixed_input_rules_alone() -> None:
    ruleset = DEFAULT.with_overrides({"CG0": "info"}, "test")
    assert ruleset.rules["CG001"].severity is Severity.ERROR
    assert ruleset.rules["CG003"].severity is Severity.INFO
    params = DEFAULT.with_overrides({"CG005": {"params": {"max_depth": 10}}}, "t")
    assert params.rules["CG005"].params["max_depth"] == 10
