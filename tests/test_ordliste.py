"""The Danish words follow the glossary (docs/ordliste.md).

* no Danish text a user sees — the rules' words (``coordgraph/prose/``) and the Danish
  terminology table (the tool's own sentences included) — uses a word the glossary's table
  *Ord, vi undgår* lists, outside code form (``kind: output``) and outside the few places
  named below with their reason;
* every term the glossary's table *Ordene* chooses (in bold) is used in those texts, and
  where the catalogue names a concept it names it with the glossary's term (the CG3
  family is "målforskydning", the severities "fejl", "advarsel" and "info").

The glossary is read as the user reads it: a word added to the avoided table is checked
from then on, with no edit here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
import yaml

from coordgraph.terms import table

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = ROOT / "docs" / "ordliste.md"

# -- the glossary, as written ------------------------------------------------------------


def _table(heading: str) -> list[list[str]]:
    """The rows (cells, unstripped of Markdown) of the first table under ``## heading``."""
    text = GLOSSARY.read_text(encoding="utf-8")
    _, found, rest = text.partition(f"\n## {heading}\n")
    assert found, f"docs/ordliste.md has no section '## {heading}'"
    rows = []
    for line in rest.split("\n## ")[0].splitlines():
        if line.startswith("|") and not re.fullmatch(r"\|[-| ]+\|", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    assert len(rows) > 1, heading
    return rows[1:]  # without the header


def avoided() -> dict[str, re.Pattern[str]]:
    """Each avoided word or phrase (first column, in backticks) as a word-boundary
    pattern; a trailing ``*`` is any ending."""
    words: dict[str, re.Pattern[str]] = {}
    for row in _table("Ord, vi undgår"):
        for word in re.findall(r"`([^`]+)`", row[0]):
            stem = word.removesuffix("*")
            ending = r"\w*" if word.endswith("*") else ""
            body = r"\s+".join(re.escape(part) for part in stem.split())
            words[word] = re.compile(rf"(?<!\w){body}{ending}(?!\w)", re.IGNORECASE)
    return words


def chosen() -> list[str]:
    """The terms the glossary chooses: every bold word of its first table."""
    terms = []
    for row in _table("Ordene"):
        terms += re.findall(r"\*\*([^*]+)\*\*", " ".join(row))
    return terms


# -- the Danish texts a user sees ----------------------------------------------------------


def _prose() -> Iterator[tuple[str, str]]:
    """(``CG301 message``, text) for every Danish text of every rule."""

    def walk(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            if isinstance(node.get("da"), str):
                yield where, node["da"]
            for key, value in node.items():
                if key not in ("da", "en", "examples"):
                    yield from walk(value, f"{where}.{key}" if " " in where else f"{where} {key}")

    for entry in sorted(resources.files("coordgraph").joinpath("prose").iterdir(), key=str):
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8"))
            yield from walk(data, entry.name.removesuffix(".yaml"))


#: Keys of the terminology that are words coordgraph *understands* when a user writes
#: them (a user may well write "ejer"), never words it shows.
UNDERSTOOD = ("input.understood.",)


def danish_texts() -> list[tuple[str, str]]:
    """Every Danish text a user sees, named by where it is kept."""
    texts = [
        (f"terminology {key}", value)
        for key, value in table("da").items()
        if not key.startswith(UNDERSTOOD)
    ]
    return texts + list(_prose())


#: File keys and values written as in the file (``kind: output``, ``role: staff``),
#: backticked code and dotted keys (``mandate.granted_by``): code form, not words.
CODE = re.compile(r"`[^`]*`|\b[a-z_]+(\.[a-z_]+)*: [a-z_{}]+\b|\b[a-z_]+\.[a-z_]+\b")


def _words_only(text: str) -> str:
    return CODE.sub(" ", text)


#: Where an avoided word is right, and why: (where the text is kept, avoided word).
ALLOWED: dict[tuple[str, str], str] = {
    ("terminology tool.refuse_mode", "ejer"): "the owner of a file on the computer, not a task",
    ("CG101 rationale", "kongruens"): "cites socio-technical congruence (Cataldo et al.)",
}


def test_the_glossary_has_both_tables_and_stands_alone() -> None:
    assert len(chosen()) >= 40
    assert len(avoided()) >= 20
    text = GLOSSARY.read_text(encoding="utf-8")
    # links only to pages of the repository
    for target in re.findall(r"\]\(([^)]+)\)", text):
        assert not re.match(r"[a-z]+:", target), target
        assert (GLOSSARY.parent / target.split("#")[0]).exists(), target


def test_the_avoided_patterns_match_what_they_mean() -> None:
    words = avoided()
    assert words["ejer"].search("Bo ejer opgaven") and not words["ejer"].search("ejerskab")
    assert words["familie"].search("Fund efter familie")
    assert not any(words[w].search("børnene, familierne eller personalet") for w in words)
    assert words["drift"].search("CG3 Drift") and not words["drift"].search("driftsopgaver")
    assert words["undertryk*"].search("En undertrykkelseskommentar")
    assert words["slår aldrig ud"].search("og slår aldrig\nud")
    assert words["en forum"].search("som er en forum") and not words["en forum"].search("et forum")
    assert not words["delegere"].search("må videredelegere og uddelegere")
    code = _words_only("(kind: output, 3 i alt) og `serves` og mandate.granted_by")
    assert not words["outcome"].search(_words_only("helst én effekt (kind: outcome)"))
    assert "serves" not in code and "granted_by" not in code and "output" not in code


@pytest.mark.parametrize("word", sorted(avoided()))
def test_no_danish_text_uses_an_avoided_word(word: str) -> None:
    pattern = avoided()[word]
    used = [
        f"{where}: {text}"
        for where, text in danish_texts()
        if pattern.search(_words_only(text)) and (where, word) not in ALLOWED
    ]
    assert not used, f"'{word}' is avoided (docs/ordliste.md):\n" + "\n".join(used)


def test_every_exception_names_an_avoided_word() -> None:
    words = avoided()
    texts = dict(danish_texts())
    for where, word in ALLOWED:
        assert word in words, (where, word)
        if where in texts:
            assert words[word].search(texts[where]), f"{where} no longer needs its exception"


@pytest.mark.parametrize("term", chosen())
def test_every_chosen_term_is_used(term: str) -> None:
    pattern = re.compile(rf"(?<!\w){re.escape(term)}", re.IGNORECASE)
    assert any(pattern.search(text) for _, text in danish_texts()), (
        f"docs/ordliste.md chooses '{term}', but no Danish text uses it"
    )


#: Where the catalogue names a concept (terminology key), the glossary's word for it.
NAMED = {
    "family.drift": "målforskydning",
    "pack.family.drift": "målforskydning",
    "family.coordination": "koordinering",
    "pack.family.coordination": "koordinering",
    "family.mandate": "mandat",
    "pack.family.mandate": "mandat",
    "explain.family": "regelgruppe",
    "pack.families": "regelgruppe",
    "explain.severity": "alvorsgrad",
    "severity.error": "fejl",
    "severity.warning": "advarsel",
    "severity.info": "info",
    "pack.severity.error": "fejl",
    "pack.severity.warning": "advarsel",
    "pack.severity.info": "info",
    "summary.error.one": "fejl",
    "summary.warning.one": "advarsel",
    "summary.info.one": "info",
    "summary.suppressed": "undtagelse",
    "role.leader": "leder",
    "role.inbetweener": "inbetweener",
    "role.staff": "medarbejder",
    "role.external": "ekstern",
    "picture.legend.leader": "leder",
    "picture.legend.inbetweener": "inbetweener",
    "picture.legend.staff": "medarbejder",
    "picture.legend.external": "ekstern",
    "picture.owner": "ansvarlig",
    "picture.legend.owns": "ansvarlig",
    "picture.legend.delegation": "uddelegering",
    "pack.owner": "ansvarlig",
    "html.owner": "ansvarlig",
    "html.owns": "ansvarlig",
    "scope.delegated": "den ansvarlige",
    "pack.accountable": "hører under",
    "html.accountable": "hører under",
    "statistics.congruence": "koordineringsdækning",
    "pack.congruence": "koordineringsdækning",
    "statistics.mandate_completeness": "afklarede mandater",
    "pack.mandate_completeness": "afklarede mandater",
    "statistics.anchoring": "forankring",
    "pack.anchoring": "forankring",
    "pack.pack": "mødepakke",
    "pack.metrics": "nøgletal",
    "pack.overdue": "forsinket",
    "pack.in_grace": "respit",
    "pack.criteria": "succeskriterier",
    "pack.criterion.outcome": "effekt",
    "pack.criterion.output": "optælling",
    "pack.follow_up": "opfølgning",
    "pack.q.resources": "ressourcer",
    "pack.q.mandate": "mandat",
    "picture.kind.leadership": "ledelsesopgave",
    "picture.kind.practice": "praksisopgave",
    "picture.depends": "bygger på",
    "picture.legend.depends": "bygger på",
    "picture.complexity.high": "kompleksitet",
    "diff.count.delegated_tasks": "uddelegerede opgaver",
    "diff.section.links": "forbindelse",
    "diff.section.direction": "retning",
    "kind.forum": "et forum",
    "kind.unit": "enhed",
    "frequency.daily": "dagligt",
    "frequency.weekly": "ugentligt",
    "frequency.biweekly": "hver 14. dag",
    "frequency.monthly": "månedligt",
    "frequency.quarterly": "kvartalsvis",
    "frequency.halfyearly": "halvårligt",
    "frequency.yearly": "årligt",
    "frequency.biennial": "hvert andet år",
    "import.error.frequency": "hyppighed",
}


def test_the_named_terms_are_the_glossarys() -> None:
    terms = {term.lower() for term in chosen()}
    for word in set(NAMED.values()):
        assert any(word in term or term in word for term in terms), (
            f"'{word}' is not a term of docs/ordliste.md"
        )


@pytest.mark.parametrize(("key", "word"), sorted(NAMED.items()))
def test_the_catalogue_names_each_concept_with_the_glossarys_term(key: str, word: str) -> None:
    da = table("da")
    assert key in da, key
    assert re.search(rf"(?<!\w){re.escape(word)}", da[key], re.IGNORECASE), (key, da[key], word)


def test_every_frequency_word_is_the_glossarys_and_says_how_often() -> None:
    glossary = GLOSSARY.read_text(encoding="utf-8")
    for key, word in table("da").items():
        if key.startswith("frequency."):
            assert f"**{word}**" in glossary, (key, word)


def test_the_rule_families_in_danish() -> None:
    """`coordgraph rules --lang da` and the pack head the families with the chosen words."""
    from coordgraph.catalogue import load_ruleset
    from coordgraph.explain import explain_text, rules_table

    ruleset = load_ruleset("default")
    listing = rules_table(ruleset, "da")
    assert "CG3 målforskydning" in listing and "CG1 koordinering" in listing
    assert explain_text(ruleset.rules["CG306"], "da").startswith(
        "# CG306 diverging-subtask (regelgruppe: målforskydning)"
    )
    assert table("da")["pack.family.drift"] == "CG3 Målforskydning"
