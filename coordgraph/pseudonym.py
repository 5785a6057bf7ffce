"""``--pseudonymise``: outputs that name nobody.

An organisation file names colleagues and records judgements about them (``trust:
low``). A report shared outside the leadership team - with a consultant, in a course,
in a bug report - must not. With ``--pseudonymise`` the file is rewritten in memory
before it is checked or drawn, and every output is made from that copy:

* a person's id becomes their role and a number (``staff-3``) and their name the same
  in words (``Medarbejder 3``), numbered by role in the order of the file; their title
  is left empty;
* tasks, forums, units and direction elements become ``task-1``/``Opgave 1``,
  ``forum-1``, ``unit-1``, ``line-1`` (pedagogical line), ``value-1``, ``goal-1``;
* the organisation becomes ``organisation``, and every other free text (descriptions,
  what a mandate decides, notes, channels, success criteria, unit kinds) ``Tekst N``;
* keys and values the format does not know (typos) become ``key-N`` and ``value-N``;
* the file's path becomes ``organisation.org.yaml`` (``organisation-2.org.yaml``...).

What stays: the structure (who reports to whom, who owns what, who meets whom), roles,
frequencies, trust levels, dates, hours and amounts, and the line numbers of every
finding (each replacement keeps the line breaks of what it replaces), so a finding can
still be found in the original file by its line. Values that YAML reads as numbers,
dates or true/false are kept as written: they are not names, and the check reports them.

Replacements are a function of the original value within one run: the same person,
text or id gets the same pseudonym in both versions given to ``coordgraph diff``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from coordgraph.findings import FileResult, Finding, Related
from coordgraph.model import ROLES
from coordgraph.scalars import STR, tag_of
from coordgraph.schema import (
    Bool,
    Criterion,
    Date,
    Enum,
    IdMap,
    Number,
    Obj,
    Ref,
    Text,
)
from coordgraph.terms import fill, term
from coordgraph.yamlwalk import Step, walk

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coordgraph.engine import Options
    from coordgraph.inputs import Problem

#: Node properties (anchors, tags) in front of a scalar: kept, only the scalar is replaced.
_PROPERTIES = re.compile(r"(?:(?:&[^\s,\[\]{}]+|![^\s,\[\]{}]*)\s+)*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|‘[^’]*’|“[^”]*”")
_BREAKS = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
DIRECTION_IDS = {"pedagogical_line": "line", "values": "value", "goals": "goal"}
_DATE_OR_NUMBER = re.compile(r"\d{4}-\d{1,2}(-\d{1,2})?|[-+]?\d+(\.\d*)?")


def words(key: str, lang: str, **values: object) -> str:
    """The pseudonyms' words (``pseudonym.<key>`` in the terminology), filled in."""
    return fill(term(f"pseudonym.{key}", lang), values, lang)


def display_path(number: int, total: int) -> str:
    """The path shown for the ``number``-th of ``total`` files (1-based)."""
    return "organisation.org.yaml" if total <= 1 else f"organisation-{number}.org.yaml"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class Pseudonymiser:
    """Learns a file's names and ids (:meth:`learn`), then rewrites files (:meth:`apply`)
    and any text made from them (:meth:`scrub`). One instance per run: files learnt
    together share their pseudonyms."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._declared: list[tuple[str, str, str]] = []  # (section, id, direction kind)
        self._roles: dict[str, str] = {}
        self._ids: dict[str, str] = {}  # original id -> pseudonym id
        self._names: dict[str, str] = {}  # pseudonym id -> its name in words
        self._texts: dict[str, str] = {}  # original free text -> pseudonym
        self._keys: dict[str, str] = {}
        self._values: dict[str, str] = {}
        self._originals: set[str] = set()  # every name, id and text replaced (for scrub)
        self._kept: set[str] = set()  # ids YAML reads as true/false, numbers, dates: kept
        self._numbered = 0  # declarations numbered so far
        self._counts: dict[str, int] = {}
        self._scrubber: re.Pattern[str] | None = None

    # -- learning ---------------------------------------------------------------------

    def learn(self, text: str) -> None:
        """Record the ids ``text`` declares, in order, and each person's role. A file that
        cannot be parsed is learnt up to the error (it gets only syntax findings)."""
        try:
            for step in walk(text):
                self._learn(step)
        except yaml.YAMLError:
            pass
        self._scrubber = None

    def _learn(self, step: Step) -> None:
        event = step.event
        if step.kind == "key" and isinstance(step.spec, IdMap):
            ident = str(event.value)
            kind = str(step.path[2]) if step.spec.section == "direction" else ""
            self._declared.append((step.spec.section, ident, kind))
            if tag_of(ident, not event.style, event.tag) != STR:
                self._kept.add(ident)  # written as it is (a trap the check reports)
        elif (
            step.kind == "value"
            and len(step.path) == 3
            and step.path[0] == "people"
            and step.path[2] == "role"
        ):
            self._roles.setdefault(str(step.path[1]), str(event.value))

    def _number(self) -> None:
        """Give every declared id not yet numbered its pseudonym."""
        lang = self.lang
        for section, ident, kind in self._declared[self._numbered :]:
            if ident in self._ids:
                continue
            if section == "people":
                role = self._roles.get(ident, "")
                base = role if role in ROLES else "person"
                word = term(f"role.{role}", lang) if role in ROLES else words("person", lang)
            elif section == "direction":
                base = DIRECTION_IDS.get(kind, "direction")
                word = words(f"direction.{base}", lang)
            else:
                base = {"tasks": "task", "forums": "forum", "units": "unit"}.get(section, "id")
                word = words(base, lang)
            n = self._counts[base] = self._counts.get(base, 0) + 1
            pseudo = f"{base}-{n}"
            self._ids[ident] = pseudo
            self._names[pseudo] = f"{word[:1].upper()}{word[1:]} {n}"
            self._originals.add(ident)
        self._numbered = len(self._declared)

    # -- replacing --------------------------------------------------------------------

    def pseudo_id(self, ident: str) -> str:
        """The pseudonym of an id (an undeclared one gets ``unknown-N``)."""
        self._number()
        found = self._ids.get(ident)
        if found is None:
            n = self._counts["unknown"] = self._counts.get("unknown", 0) + 1
            found = self._ids[ident] = f"unknown-{n}"
            self._originals.add(ident)
            self._scrubber = None
        return found

    def _text(self, original: str) -> str:
        found = self._texts.get(original)
        if found is None:
            found = self._texts[original] = words("text", self.lang, n=len(self._texts) + 1)
            self._originals.add(original)
            self._scrubber = None
        return found

    def _generic(self, table: dict[str, str], base: str, original: str) -> str:
        found = table.get(original)
        if found is None:
            found = table[original] = f"{base}-{len(table) + 1}"
            self._originals.add(original)
            self._scrubber = None
        return found

    def _replacement(self, step: Step) -> str | None:
        """What the scalar of ``step`` becomes, or None to keep it as written."""
        event = step.event
        value = str(event.value)
        plain = not event.style
        tag = tag_of(value, plain, event.tag)
        if value == "" or tag != STR:
            return None  # empty, or a number/date/true-false: not a name (and reported)
        path, spec = step.path, step.spec
        if step.kind == "key":
            if isinstance(spec, IdMap):
                return self.pseudo_id(value)
            if isinstance(spec, Obj) and value in spec.fields:
                return None
            return self._generic(self._keys, "key", value)
        if isinstance(spec, Ref):
            return self.pseudo_id(value)
        if isinstance(spec, Enum):
            return None if spec.values is None or value in spec.values else self._value(value)
        if isinstance(spec, Number | Bool | Date):
            if _DATE_OR_NUMBER.fullmatch(value.strip()):
                return None  # a quoted date or number: the check reads it as one
            return self._value(value)  # text where a number, date or yes/no belongs
        if isinstance(spec, Text | Criterion):
            return self._named_text(path, value)
        return self._value(value)

    def _value(self, value: str) -> str:
        return self._generic(self._values, "value", value)

    def _named_text(self, path: tuple[str | int, ...], value: str) -> str:
        """A name where the format has one (person, task, forum, unit, organisation,
        direction element), else a numbered text."""
        if path == ("organisation", "id"):
            self._originals.add(value)
            return "organisation"
        if path == ("organisation", "name"):
            self._originals.add(value)
            return words("organisation", self.lang)
        if len(path) == 4 and path[:2] == ("organisation", "direction"):
            self._originals.add(value)
            return self._names.get(self.pseudo_id(str(path[3])), self._text(value))
        if len(path) == 3 and isinstance(path[1], str):
            section, ident, name = path
            names = {
                ("people", "name"),
                ("tasks", "title"),
                ("forums", "name"),
                ("units", "name"),
            }
            if (section, name) in names:
                self._originals.add(value)
                return self._names.get(self.pseudo_id(str(ident)), self._text(value))
            if (section, name) == ("people", "title"):
                self._originals.add(value)
                return ""
            if (section, name) == ("units", "kind"):
                self._originals.add(value)
                return term("kind.unit", self.lang)
        return self._text(value)

    def apply(self, text: str) -> str:
        """``text`` with every name, id and free text replaced, line breaks kept."""
        self._number()
        edits: list[tuple[int, int, str]] = []
        seen: set[int] = set()
        try:
            for step in walk(text):
                if step.kind not in ("key", "value") or step.start in seen:
                    continue
                seen.add(step.start)
                new = self._replacement(step)
                if new is None:
                    continue
                start, end = step.start, step.end
                written = text[start:end]
                skip = _PROPERTIES.match(written)
                if skip is not None:
                    start += skip.end()
                breaks = "".join(_BREAKS.findall(text[start:end]))
                edits.append((start, end, _quoted(new) + breaks))
        except yaml.YAMLError:
            return text  # not parseable: checked as it is, and it gets only CG001
        out = []
        last = 0
        for start, end, new in sorted(edits):
            out.append(text[last:start])
            out.append(new)
            last = end
        out.append(text[last:])
        self._scrubber = None
        return "".join(out)

    # -- anything made from the original ------------------------------------------------

    def scrub(self, text: str) -> str:
        """``text`` with any original name or id that slipped through replaced, as a
        whole word (a safety net: outputs are made from the rewritten file, so only a
        message quoting the file as written - an anchor, a tag - could hold one)."""
        if self._scrubber is None:
            self._number()
            known = sorted(
                (o for o in self._originals - self._kept if o.strip()), key=len, reverse=True
            )
            if not known:
                return text
            alternatives = "|".join(re.escape(o) for o in known)
            self._scrubber = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        return self._scrubber.sub(self._scrub_one, text)

    def _scrub_one(self, match: re.Match[str]) -> str:
        found = match.group(0)
        if found in self._ids:
            return self._ids[found]
        if found in self._texts:
            return self._texts[found]
        return "…"

    def scrub_quoted(self, message: str) -> str:
        """The safety net on what a message quotes ('…', "…", ‘…’, “…”) only: the
        message's own words ("the pedagogical line") are never mistaken for an id."""
        return _QUOTED.sub(lambda m: self.scrub(m.group(0)), message)

    def scrub_node(self, node: str) -> str:
        """A node path with any segment that is an original id replaced."""
        parts = node.split("/")
        return "/".join(
            self._ids.get(p, p) if i and p not in self._kept else p for i, p in enumerate(parts)
        )

    def finding(self, finding: Finding) -> Finding:
        related = tuple(
            Related(self.scrub_node(r.node), r.span, self.scrub_quoted(r.label))
            for r in finding.related
        )
        return finding._replace(
            message=self.scrub_quoted(finding.message),
            node=self.scrub_node(finding.node),
            related=related,
        )

    def result(self, result: FileResult) -> FileResult:
        """A check's result with the safety net applied to every finding."""
        return replace(result, findings=tuple(self.finding(f) for f in result.findings))


def pseudonymised_texts(texts: Iterable[str], lang: str) -> tuple[list[str], Pseudonymiser]:
    """Rewrite several versions of one organisation with shared pseudonyms."""
    texts = list(texts)
    pseudonymiser = Pseudonymiser(lang)
    for text in texts:
        pseudonymiser.learn(text)
    return [pseudonymiser.apply(text) for text in texts], pseudonymiser


def check_file(
    path: Path, display: str, options: Options, problem: Problem | None = None
) -> FileResult:
    """:func:`coordgraph.engine.check_file` on the pseudonymised file (``display`` should
    be a path from :func:`display_path`). A file that cannot be read, decoded or parsed
    is checked as it is: it gets only the findings that say so, and since those quote
    the file as written (the line to write instead), each says its rule's summary."""
    from coordgraph.engine import check_file as check_original
    from coordgraph.engine import check_text, limits_from
    from coordgraph.inputs import read_bounded
    from coordgraph.loader import decode

    if problem is not None:
        return check_original(path, display, options, problem)
    data, problem, _ = read_bounded(path, limits_from(options.ruleset).max_bytes)
    if data is None:
        return check_original(path, display, options, problem)
    text, _hit = decode(data)
    if text is None:
        return _quoting_nothing(check_text(data, display, options), options)
    pseudonymiser = Pseudonymiser(options.lang)
    pseudonymiser.learn(text)
    result = pseudonymiser.result(check_text(pseudonymiser.apply(text), display, options))
    if result.org is None and any(f.code == "CG001" for f in result.findings):
        return _quoting_nothing(result, options)  # not rewritten: it does not parse
    return result


def _quoting_nothing(result: FileResult, options: Options) -> FileResult:
    """The findings of a file that could not be rewritten, each with its rule's summary
    for a message (the place is kept): the messages quote the file as it is written."""
    rules = options.ruleset.rules
    findings = tuple(
        finding._replace(message=rules[finding.code].text("summary", options.lang))
        for finding in result.findings
    )
    return replace(result, findings=findings)
