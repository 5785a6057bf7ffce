"""The common authoring mistakes, explained for people (issue 15).

For every case of ``tests/authoring_mistakes.py``: a finding on the line where the
mistake was made, whose message names the problem and says what to write instead, in
Danish and in English. And for every message coordgraph can give about the file itself:
the Danish is Danish (no parser words, no English), nothing from the parser reaches the
user in its own words, and no explanation can make a file with a mistake pass, crash or
hang.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordgraph import mistakes
from coordgraph.catalogue import prose
from coordgraph.engine import Options, check_text
from coordgraph.findings import Finding
from coordgraph.places import LineIndex, Parser
from coordgraph.terms import Parts, fill_parts, table
from tests.authoring_mistakes import HEADER, MISTAKES, PEOPLE, Mistake

AS_OF = date(2026, 11, 26)
LANGS = ("da", "en")


def check(data: str | bytes, lang: str) -> list[Finding]:
    options = Options.default(as_of=AS_OF, lang=lang)
    return list(check_text(data, "t.org.yaml", options).findings)


def test_the_corpus_is_large_and_every_name_is_its_own() -> None:
    assert len(MISTAKES) >= 25
    names = [case.name for case in MISTAKES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", MISTAKES, ids=[case.name for case in MISTAKES])
def test_the_mistake_is_named_on_its_own_line_with_what_to_write(case: Mistake, lang: str) -> None:
    findings = check(case.data, lang)
    words = case.da if lang == "da" else case.en
    here = [f for f in findings if f.code == case.code and f.line == case.line]
    shown = [(f.code, f.line, f.message) for f in findings]
    assert here, f"no {case.code} on line {case.line}: {shown}"
    assert any(all(word in f.message for word in words) for f in here), (words, shown)


#: What the parser says in its own words; none of it may reach a user.
PARSER_WORDS = re.compile(
    r"found character|could not find|did not find|not allowed in this context|while "
    r"scanning|while parsing|unexpected end|tab character|simple key|hexdecimal|it looks like"
)
#: Words of a parser, not of a pedagogical leader: never in the Danish.
JARGON = re.compile(r"\b(mapping|scalar|skalar|flow|token|parser|sequence|sekvens)\b", re.I)
#: English that gave Danish messages away before.
ENGLISH = re.compile(r"did you mean|looks like|is not|the file|\bwrite\b|\bline\b", re.I)


@pytest.mark.parametrize("case", MISTAKES, ids=[case.name for case in MISTAKES])
def test_the_words_are_the_users_never_the_parsers(case: Mistake) -> None:
    for lang in LANGS:
        for finding in check(case.data, lang):
            if not finding.code.startswith("CG0"):
                continue
            assert not PARSER_WORDS.search(finding.message), finding.message
            if lang == "da":
                assert not JARGON.search(finding.message), finding.message
                assert not ENGLISH.search(finding.message), finding.message
                assert "ejer" not in finding.message.lower(), finding.message


def test_every_explanation_is_given_by_some_case() -> None:
    """Every message about a common mistake, in each of the input rules, is given by
    some case of the corpus: none is written and never shown."""
    given_variants = {
        (f.code, _variant(f)) for case in MISTAKES for f in check(case.data, "en") if f.code < "CG1"
    }
    not_authoring = ("unreadable", "empty", "lone_surrogate")  # not made by typing
    explained = {("CG001", v) for v in prose("CG001").variants if v not in not_authoring}
    explained |= {("CG003", v) for v in NEW_CG003}
    explained |= {("CG002", None), ("CG002", "repeated_id")}
    missing = explained - given_variants
    assert not missing, sorted(missing)


#: The CG003 messages about common mistakes (the others predate this corpus).
NEW_CG003 = (
    "bad_enum_suggest",
    "danish_value",
    "danish_bool",
    "danish_date",
    "danish_month",
    "month_needs_day",
    "danish_key",
    "not_indented",
    "entry_as_text",
    "comma_in_flow",
    "list_as_text",
    "dash_without_space",
    "colon_in_text",
    "tag_as_text",
    "anchor_as_text",
    "hash_in_value",
)


def _variant(finding: Finding) -> str | None:
    """The variant of an input finding, found from its English message."""
    words = prose(finding.code)
    templates: dict[str | None, str] = {None: words.message["en"]}
    templates.update((name, texts["en"]) for name, texts in words.variants.items())
    matching = []
    for name, template in templates.items():
        pattern = re.sub(r"\\\{[a-z_]+\\\}", ".*", re.escape(template))
        if re.fullmatch(pattern, finding.message, re.S):
            matching.append((len(re.sub(r"\{[a-z_]+\}", "", template)), name))
    return max(matching, key=lambda found: found[0])[1] if matching else None


def test_the_words_understood_are_the_same_keys_in_both_tables() -> None:
    danish = {k for k in table("da") if k.startswith("input.")}
    english = {k for k in table("en") if k.startswith("input.")}
    assert danish == english and danish


def test_every_danish_value_word_means_a_word_of_the_format() -> None:
    from coordgraph.model import (
        COMPLEXITIES,
        CRITERION_KINDS,
        FREQUENCIES,
        LANGUAGES,
        MANDATE_FORMS,
        ROLES,
        TASK_KINDS,
        TRUST_LEVELS,
    )
    from coordgraph.schema import ORG, text_fields

    values = {
        *FREQUENCIES,
        *ROLES,
        *COMPLEXITIES,
        *TRUST_LEVELS,
        *TASK_KINDS,
        *CRITERION_KINDS,
        *MANDATE_FORMS,
        *LANGUAGES,
    }
    for lang in LANGS:
        for key in table(lang):
            if key.startswith("input.understood.value."):
                assert key.rsplit(".", 1)[1] in values, key
            if key.startswith("input.understood.key."):
                assert key.rsplit(".", 1)[1] in _every_key(ORG), key
    assert "title" in text_fields() and "owner" not in text_fields()


def _every_key(spec: object, seen: set[int] | None = None) -> set[str]:
    from coordgraph.schema import Criterion, IdMap, ListOf, Obj

    seen = set() if seen is None else seen
    if id(spec) in seen:
        return set()
    seen.add(id(spec))
    if isinstance(spec, Obj):
        found = set(spec.fields)
        for inner in spec.fields.values():
            found |= _every_key(inner, seen)
        return found
    if isinstance(spec, IdMap | ListOf):
        return _every_key(spec.item, seen)
    if isinstance(spec, Criterion):
        return _every_key(spec.obj, seen)
    return set()


# -- the parts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("15/09/2026", ("day", "2026-09-15")),
        ("15.09.2026", ("day", "2026-09-15")),
        ("15-09-2026", ("day", "2026-09-15")),
        ("15/9-2026", ("day", "2026-09-15")),
        ("1.2.26", ("day", "2026-02-01")),
        ("09/15/2026", ("day", "2026-09-15")),  # only a US reading is a date
        ("2026-9-5", ("day", "2026-09-05")),
        ("2026/09/15", ("day", "2026-09-15")),
        ("15. sept. 2026", ("day", "2026-09-15")),
        ("1 maj 2027", ("day", "2027-05-01")),
        ("september 2026", ("month", "2026-09")),
        ("Marts 2027", ("month", "2027-03")),
        ("09/2026", ("month", "2026-09")),
        ("2026-9", ("month", "2026-09")),
        ("31/02/2026", None),
        ("snart", None),
        ("15/09", None),
        ("x" * 500, None),
    ],
)
def test_dates_written_the_danish_way_are_read(written: str, read: tuple[str, str] | None) -> None:
    assert mistakes.read_date(written) == read


def test_a_last_day_of_a_month() -> None:
    assert mistakes.last_day("2026-02") == "2026-02-28"
    assert mistakes.last_day("2028-02") == "2028-02-29"


@pytest.mark.parametrize(
    ("group", "word", "allowed", "meant"),
    [
        ("value", "Kvartalsvis", None, "quarterly"),
        ("value", "hver  14. dag", None, "biweekly"),
        ("value", "14-dages", None, "biweekly"),
        ("value", "fortnightly", None, "biweekly"),
        ("value", "lav", ("low", "medium", "high"), "low"),
        ("value", "lav", ("daily",), None),
        ("key", "leder", ("name", "reports_to"), "reports_to"),
        ("key", "leder", ("name", "leader"), "leader"),
        ("key", "Gyldig_til", None, "valid_until"),
        ("bool", "Ja", None, "true"),
        ("month", "okt", None, "10"),
        ("value", "nonsense", None, None),
    ],
)
def test_words_understood(
    group: str, word: str, allowed: tuple[str, ...] | None, meant: str | None
) -> None:
    assert mistakes.understood(group, word, allowed) == meant


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Pædagog: ny", '"Pædagog: ny"'),
        ('Bo "Bubber" Berg', "'Bo \"Bubber\" Berg'"),
        ('Bo\'s "stue"', '"Bo\'s \\"stue\\""'),
        ("C:\\mappe", '"C:\\\\mappe"'),
    ],
)
def test_a_value_in_quotes_reads_back_as_the_value(value: str, written: str) -> None:
    assert mistakes.quoted(value) == written
    assert yaml.safe_load(f"x: {written}") == {"x": value}


# -- never worse than before -------------------------------------------------------------

BASE = (
    HEADER
    + PEOPLE
    + (
        "  bo: {name: Bo Berg, role: inbetweener, reports_to: anne, title: Pædagog}\n"
        "forums:\n"
        "  pm:\n"
        "    name: Personalemøde\n"
        "    members: [anne, bo]\n"
        "    frequency: monthly\n"
        "tasks:\n"
        "  icdp:\n"
        "    title: Tovholder på ICDP\n"
        "    owner: bo\n"
        "    mandate: {granted_by: anne, valid_until: 2027-06-30, decides: [Mødeplan]}\n"
        "    follow_up:\n"
        "      with: anne\n"
        "      every: monthly\n"
        "      last: 2026-10\n"
        "links:\n"
        "  - {between: [anne, bo], frequency: weekly}\n"
    )
)


def _every_field_filled(parts: Parts, args: Mapping[str, object], lang: str) -> str:
    """The engine's ``fill_parts``, failing when a field of the message has no argument
    (asked of the engine itself: a file may well hold text such as ``{id}``)."""
    missing = [name for _text, name in parts if name is not None and name not in args]
    assert not missing, (missing, "".join(text + "{" + str(name) + "}" for text, name in parts))
    return fill_parts(parts, args, lang)


DAMAGE = [
    "\t", "  ", " ", ":", ": ", ",", '"', "'", "[", "]", "{", "}", "#", " #x", "- ", "-",
    "&", "*", "!", "|", ">", "%", "@", "`", "?", "\\", "\x07", "\n", "æ",
]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(min_value=0, max_value=len(BASE)),
    st.sampled_from(DAMAGE),
    st.integers(min_value=0, max_value=3),
)
def test_any_damage_gives_findings_in_the_file_and_never_an_error(
    at: int, damage: str, remove: int
) -> None:
    """Whatever is typed or deleted at any place: no exception, every input finding is
    on a line of the file, and every field of its message is filled."""
    text = BASE[:at] + damage + BASE[at + remove :]
    lines = text.count("\n") + 1
    for lang in LANGS:
        with mock.patch("coordgraph.engine.fill_parts", _every_field_filled):
            findings = check(text, lang)
        for finding in findings:
            assert 1 <= finding.line <= lines, (finding.line, finding.message)
    # the explanation itself, unguarded (the loader gives plain words should it fail)
    parser = Parser(text)
    try:
        while parser.get_event() is not None:
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        opened = exc.context_mark.index if exc.problem_mark and exc.context_mark else None
        found = mistakes.explain_syntax(
            text,
            LineIndex(text),
            exc.problem or "",
            exc.context or "",
            mark.index if mark else 0,
            opened,
            frozenset({"version", "organisation", "people", "forums", "tasks", "links"}),
        )
        if found is not None:
            assert 0 <= found.at <= len(text)
            texts = prose("CG001").variants[found.variant]
            assert set(re.findall(r"\{([a-z_]+)\}", texts["en"])) <= set(found.args)
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()


@pytest.mark.parametrize("case", MISTAKES, ids=[case.name for case in MISTAKES])
def test_a_mistake_never_passes(case: Mistake) -> None:
    assert any(
        f.code.startswith("CG0") and f.severity.value == "error" for f in check(case.data, "en")
    )


def test_a_comment_after_a_value_is_not_a_mistake() -> None:
    text = BASE.replace("title: Pædagog}", "title: Pædagog}  # ny i år").replace(
        "    name: Personalemøde\n", "    name: Personalemøde # hver måned\n"
    )
    text += "# afsluttende kommentar #1\n"
    assert not [f.message for f in check(text, "en") if f.code.startswith("CG0")]


def test_a_hash_inside_quotes_or_a_text_block_is_text() -> None:
    text = BASE.replace("    name: Personalemøde\n", '    name: "Møde #1"\n').replace(
        "    title: Tovholder på ICDP\n",
        "    title: Tovholder på ICDP\n    description: |\n      Plan #2 for\n      title: x #3\n",
    )
    assert not [f.message for f in check(text, "en") if f.code.startswith("CG0")]


def test_an_anchor_used_by_an_alias_is_not_a_mistake() -> None:
    text = BASE.replace("frequency: monthly\n", "frequency: &m monthly\n", 1).replace(
        "      every: monthly", "      every: *m"
    )
    assert not [f.message for f in check(text, "en") if f.code.startswith("CG0")]


def test_the_explanation_of_a_syntax_error_looks_at_a_few_lines_only() -> None:
    """An error at the end of a long file: the explanation reads a bounded stretch
    above it, never the whole file (MAX_LINES lines at most)."""
    body = "".join(f"  p{i}:\n    name: P {i}\n    role: staff\n" for i in range(20_000))
    text = HEADER + "people:\n" + body + "  q:\n    name: Q\n     role: staff\n"
    line = mistakes.line_at(text, len(text) - 5)
    assert len(list(mistakes.above(text, line))) == mistakes.MAX_LINES
    [finding] = check(text, "en")
    assert finding.line == text.count("\n") and "4 spaces" in finding.message
