"""The organisation file format (version 1) as data: specs that read YAML events.

One declarative description (:data:`ORG`) serves three purposes: validating a file
(CG003, with positions; :mod:`coordgraph.validate` feeds the specs libyaml's events),
producing the JSON Schema for editors (``coordgraph schema``), and knowing which fields
hold references (CG004). Each spec reads a scalar in exactly one method,
:meth:`Spec.read`, whose first lines are its fast path: most values of a file are plain
text, plain numbers, ISO dates or true/false, and take no other step. Mappings and lists
are read by the validator's loop, frame by frame, with the spec's fields.

:class:`Validator` is what specs report into: hits, declared ids and references.
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import re
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar

import yaml

from coordgraph import keydocs, mistakes, nodepath
from coordgraph.findings import Hit, Span
from coordgraph.model import (
    COMPLEXITIES,
    CRITERION_KINDS,
    FOLLOW_UP_INTERVALS,
    FREQUENCIES,
    LANGUAGES,
    MANDATE_FORMS,
    ROLES,
    TASK_KINDS,
    TRUST_LEVELS,
)
from coordgraph.places import LineIndex, Marks, Parser, Place, Places, as_place, place_of
from coordgraph.scalars import (
    ALLOWED_COLLECTION_TAGS,
    ALLOWED_SCALAR_TAGS,
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    TAG,
    TIMESTAMP,
    TYPED_STARTS,
    TYPED_WORDS,
    ScalarError,
    construct,
    has_surrogate,
    implicit_tag,
    tag_of,
)
from coordgraph.terms import Term, term

INVALID: Any = object()  # a value that failed validation (already reported)
#: libyaml refuses a lone surrogate (an escape like ``"\\ud800"``) and text reaches it
#: only as valid UTF-8, so its scalars never hold one; PyYAML's pure-Python parser,
#: used where libyaml is missing, lets them through, and then every value is checked.
CHECKS_SURROGATES = Parser is yaml.SafeLoader
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")
NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})

#: At most this many CG003/CG004 findings per file; the rest are counted in one summary
#: finding. A hostile or generated file can hold millions of problems, and listing them
#: all would cost time and memory without helping anyone.
MAX_REPORTED = 1000
#: Message arguments (values and ids as written) are cut to this many characters, and
#: no "did you mean" is looked for beyond it: a 5 MB value must not make a 5 MB message.
MAX_SHOWN = 200

#: The kind of id each section declares.
SECTION_KINDS = {"people": "person", "forums": "forum", "tasks": "task", "units": "unit"}
#: The word for each kind of id in messages.
KIND_TERMS = {
    "person": Term("kind.person"),
    "forum": Term("kind.forum"),
    "task": Term("kind.task"),
    "direction": Term("kind.direction-element"),
    "unit": Term("kind.unit"),
}


def clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[: MAX_SHOWN - 1] + "…"
    return value


def close_match(word: str, candidates: list[str], cutoff: float = 0.6) -> list[str]:
    """difflib's best match, skipped for very long words (its cost grows with them)."""
    if len(word) > MAX_SHOWN:
        return []
    return difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)


class Validator:
    """Collects hits, declared ids and references while the specs read a file."""

    def __init__(self, text: str, every_reference: bool = False) -> None:
        self.lines = LineIndex(text)
        self.places = Places(text, self.lines)
        self.hits: list[Hit] = []
        #: keep every reference, sound or not (an editor asks where an id is used)
        self.every_reference = every_reference
        # (path of the referring field's parent, its last step, id, accepted kinds,
        # where the id is written); only references not already sound when read,
        # unless every reference is asked for
        self.refs: list[tuple[str | None, str | int, str, tuple[str, ...], Place]] = []
        # id -> (kind, path of declaration, where its key is written)
        self.ids = self.places.ids
        # declarations that reused an id: reported, and left out of the model
        self.duplicates: set[str] = set()
        self.dropped = 0  # hits over MAX_REPORTED, counted only
        self.first_dropped: Span | None = None
        #: what a finding already explains, so no second finding says it again: the
        #: path of a required key written under another name, the index of a key that
        #: is a piece of a value cut by a comma
        self.explained: set[Any] = set()

    @property
    def full(self) -> bool:
        """No room for more findings: callers may skip costly work (suggestions)."""
        return len(self.hits) >= MAX_REPORTED

    def at(self, event: Any) -> Span:
        """Where an event's text is."""
        return self.lines.marks(event.start_mark, event.end_mark)

    def hit(self, variant: str, path: str, span: Span, code: str = "CG003", **args: Any) -> None:
        if self.full:
            self._drop(span)
            return
        args.setdefault("where", path or "/")
        args = {key: clip(value) for key, value in args.items()}
        self.hits.append(Hit(code, path, args, variant=variant, span=span))

    def explain(self, found: mistakes.Explained, path: str, span: Span | None = None) -> None:
        """Report a mistake recognised (CG003): at ``span``, else where it was made."""
        args = {"where": path or "/", **found.args}
        at = span if span is not None else self.lines.point(found.at)
        self.add(Hit("CG003", path, args, variant=found.variant, span=at))

    def add(self, hit: Hit) -> None:
        if self.full:
            self._drop(hit.span)
            return
        self.hits.append(hit._replace(args={k: clip(a) for k, a in hit.args.items()}))

    def _drop(self, span: Span | None) -> None:
        self.dropped += 1
        if self.first_dropped is None:
            self.first_dropped = span

    def summary(self) -> None:
        """One finding for everything over the cap."""
        if self.dropped:
            span = self.first_dropped or Span.point(1, 1)
            args = {"where": "/", "count": self.dropped, "limit": MAX_REPORTED}
            self.hits.append(Hit("CG003", "", args, variant="capped", span=span))


def is_null(event: Any) -> bool:
    """An empty value: plain ``~``, ``null`` or nothing, or tagged ``!!null``."""
    tag = event.tag
    if tag is None:
        return not event.style and event.value in NULL_TEXTS
    return bool(tag == NULL)


def scalar_type(event: Any) -> Term:
    """The word for what a scalar is, for 'must be X, not Y' messages."""
    tag = tag_of(event.value, not event.style, event.tag)
    word = {
        BOOL: "bool-value",
        INT: "number-value",
        FLOAT: "number-value",
        NULL: "null-value",
        TIMESTAMP: "date-value",
    }.get(tag, "string")
    return Term(f"input.type.{word}")


def collection_type(event: Any) -> Term:
    mapping = type(event).__name__ == "MappingStartEvent"
    return Term("input.type.mapping" if mapping else "input.type.list")


def type_word(word: str) -> Term:
    """A type ('string', 'mapping', 'date'...) as a word of the terminology."""
    return Term(f"input.type.{word}")


def shown_tag(tag: str) -> str:
    return tag.replace(TAG, "!!")


def scalar_tag_ok(event: Any, path: str, v: Validator, value: bool = True) -> bool:
    """Whether a scalar's tag is one YAML reads as plain data; else reported. A value
    that begins with a word after '!' (``!vigtigt``) is most likely text."""
    tag = event.tag
    if tag is None or tag == "!" or tag in ALLOWED_SCALAR_TAGS:
        return True
    if value and tag.startswith("!") and not tag.startswith("!!") and not event.style:
        _key, written, fixed = mistakes.value_at(v.lines.text, event.start_mark.index)
        v.hit("tag_as_text", path, v.at(event), value=written, fixed=fixed)
        return False
    v.hit("tag", path, v.at(event), tag=shown_tag(tag))
    return False


def collection_tag_ok(tag: str | None) -> bool:
    return tag is None or tag == "!" or tag in ALLOWED_COLLECTION_TAGS


class Spec(ABC):
    """A part of the format: reads a scalar written for it, describes itself as JSON
    Schema. ``expected`` is the word for what it wants ('must be X, not Y')."""

    description: str = ""
    expected: str = "string"

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        """The value of a scalar written here, or INVALID (reported)."""
        path = nodepath.child(prefix, step)
        if scalar_tag_ok(event, path, v):
            v.hit(
                "wrong_type",
                path,
                v.at(event),
                expected=type_word(self.expected),
                actual=scalar_type(event),
            )
        return INVALID

    @abstractmethod
    def json_schema(self) -> dict[str, Any]:
        """The spec as JSON Schema (draft-07), for editors."""

    def _described(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass
class Text(Spec):
    """Text, and its two narrower forms: an id (:class:`Ref`) and one of a set of words
    (:class:`Enum`). One ``read`` serves all three, so the common case (plain text) is
    one call."""

    description: str = ""
    #: Ref: the kinds of declared id it may name; Enum: the words it may be
    kinds: tuple[str, ...] | None = field(default=None, init=False)
    values: tuple[str, ...] | None = field(default=None, init=False)

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        value = event.value
        if not (
            event.tag is None
            and (
                event.style
                or (value and value[0] not in TYPED_STARTS and value not in TYPED_WORDS)
                or implicit_tag(value) is STR
            )
            and (not CHECKS_SURROGATES or not has_surrogate(value))
        ):
            value = self._unusual(event, prefix, step, v)
            if value is INVALID:
                return INVALID
        if self.kinds is not None:
            # Kept for the end of the file unless already sound (the first declaration
            # of an id stands, so a reference to one already seen is good).
            declared = v.ids.get(value)
            if declared is None or declared[0] not in self.kinds or v.every_reference:
                place = place_of(event.start_mark, event.end_mark)
                v.refs.append((prefix, step, value, self.kinds, place))
        elif self.values is not None and value not in self.values:
            _bad_word(self.values, event, value, prefix, step, v)
            return INVALID
        return value

    def _unusual(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        """A value that is not plain text: a tag, a YAML 1.1 trap, another type."""
        value = event.value
        path = nodepath.child(prefix, step)
        if not scalar_tag_ok(event, path, v):
            return INVALID
        tag = tag_of(value, not event.style, event.tag)
        if tag != STR:
            if event.tag is None and tag != NULL:
                # A YAML 1.1 trap: the author wrote text, PyYAML would read something else.
                v.hit("yaml11_trap", path, v.at(event), value=value, actual=scalar_type(event))
                return value
            actual = scalar_type(event)
            v.hit("wrong_type", path, v.at(event), expected=type_word("string"), actual=actual)
            return INVALID
        if has_surrogate(value):
            v.hit("surrogate", path, v.at(event))
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        if self.values is not None:
            return self._described({"type": "string", "enum": list(self.values)})
        return self._described({"type": "string"})


class Ref(Text):
    """An id of a declared person, forum, task, unit or direction element."""

    def __init__(self, kinds: tuple[str, ...] = ("person",), description: str = "") -> None:
        super().__init__(description)
        self.kinds = kinds


class Enum(Text):
    """One of a set of words."""

    def __init__(self, values: tuple[str, ...] = (), description: str = "") -> None:
        super().__init__(description)
        self.values = values


def _bad_word(
    values: tuple[str, ...],
    event: Any,
    value: str,
    prefix: str | None,
    step: str | int,
    v: Validator,
) -> None:
    """A word that is not one of ``values``: a Danish word for one of them is named as
    such, a misspelling gets the word it is closest to."""
    path = nodepath.child(prefix, step)
    allowed = ", ".join(values)
    meant = None if v.full else mistakes.understood("value", str(value), values)
    if meant is not None:
        v.hit("danish_value", path, v.at(event), value=value, key=step, suggestion=meant)
        return
    close = [] if v.full else close_match(str(value), list(values))
    if close:
        span = v.at(event)
        v.hit(
            "bad_enum_suggest",
            path,
            span,
            value=value,
            allowed=allowed,
            key=step,
            suggestion=close[0],
        )
        return
    v.hit("bad_enum", path, v.at(event), value=value, allowed=allowed)


def _scalar_problem(exc: ScalarError, event: Any, path: str, v: Validator) -> None:
    """A value that cannot be read as its type, in the catalogue's words."""
    v.hit(f"scalar_{exc.reason}", path, v.at(event), value=event.value, digits=exc.digits)


@dataclass
class Number(Spec):
    integer: bool = False
    exactly: int | None = None
    description: str = ""

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "integer" if self.integer else "number"

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        value = event.value
        if (
            event.tag is None
            and not event.style
            and value.isascii()
            and value.isdigit()
            and len(value) < 16
            and (value[0] != "0" or value == "0")  # 010 is octal in YAML 1.1
        ):
            return int(value)
        path = nodepath.child(prefix, step)
        if not scalar_tag_ok(event, path, v):
            return INVALID
        tag = tag_of(value, not event.style, event.tag)
        if tag not in (INT, FLOAT) or (self.integer and tag != INT):
            return Spec.read(self, event, prefix, step, v)
        try:
            number = construct(tag, value)
        except ScalarError as exc:
            _scalar_problem(exc, event, path, v)
            return INVALID
        if number != number or number in (float("inf"), float("-inf")):
            v.hit("not_finite", path, v.at(event), value=value)
            return INVALID
        if number < 0:
            v.hit("negative", path, v.at(event), value=value)
            return INVALID
        return number

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number", "minimum": 0}
        if self.exactly is not None:
            schema = {"const": self.exactly}
        return self._described(schema)


@dataclass
class Bool(Spec):
    description: str = ""
    expected = "boolean"

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        value = event.value
        if event.tag is None and not event.style and value in ("true", "false"):
            return value == "true"
        path = nodepath.child(prefix, step)
        if not scalar_tag_ok(event, path, v):
            return INVALID
        if tag_of(value, not event.style, event.tag) != BOOL:
            meant = None if v.full else mistakes.understood("bool", value)
            if meant is not None:
                v.hit("danish_bool", path, v.at(event), value=value, key=step, suggestion=meant)
                return INVALID
            return Spec.read(self, event, prefix, step, v)
        try:
            return construct(BOOL, value)
        except ScalarError as exc:
            _scalar_problem(exc, event, path, v)
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "boolean"})


@dataclass
class Date(Spec):
    """An ISO date, written plain (``2027-06-30``) or quoted."""

    description: str = ""
    expected = "date"
    #: a month (``2024-11``) is enough here
    months: ClassVar[bool] = False

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        value = event.value
        if event.tag is None and len(value) == 10 and _ISO_DATE.match(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass  # not a real date (2026-02-30): read and reported below
        path = nodepath.child(prefix, step)
        if not scalar_tag_ok(event, path, v):
            return INVALID
        tag = tag_of(value, not event.style, event.tag)
        text = value.strip()
        if tag == TIMESTAMP or (tag == STR and _ISO_DATE.match(text)):
            try:
                day = construct(TIMESTAMP, text)
            except ScalarError:
                self._bad(event, value, path, step, v)
                return INVALID
            return day.date() if isinstance(day, datetime.datetime) else day
        self._bad(event, value, path, step, v)
        return INVALID

    def _bad(self, event: Any, value: str, path: str, step: str | int, v: Validator) -> None:
        """Not a date as the file writes one: a date written the Danish way is named
        with the date to write instead."""
        found = None if v.full else mistakes.read_date(value)
        span = v.at(event)
        if found is None:
            v.hit("bad_date", path, span, value=value)
        elif found[0] == "day":
            v.hit("danish_date", path, span, value=value, key=step, suggestion=found[1])
        elif self.months:
            v.hit("danish_month", path, span, value=value, key=step, suggestion=found[1])
        else:
            suggestion = mistakes.last_day(found[1])
            v.hit("month_needs_day", path, span, value=value, key=step, suggestion=suggestion)

    def json_schema(self) -> dict[str, Any]:
        # Editors get the format; a plain YAML date is a string to JSON Schema tools.
        return self._described({"type": "string", "format": "date"})


@dataclass
class MonthOrDate(Date):
    """An ISO date, or a month (``2024-11``, plain or quoted) meaning its last day."""

    months: ClassVar[bool] = True

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        if event.tag is None or event.tag == STR:
            match = _MONTH.match(event.value.strip())
            if match is not None:
                year, month = int(match.group(1)), int(match.group(2))
                if 1 <= month <= 12 and year >= 1:
                    return datetime.date(year, month, calendar.monthrange(year, month)[1])
        return Date.read(self, event, prefix, step, v)

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"})


@dataclass
class ListOf(Spec):
    item: Spec
    description: str = ""
    expected = "list"

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        """A text where a list belongs: the list it was most likely meant to be."""
        value = event.value
        plain = not event.style
        if (
            event.tag is None
            and isinstance(step, str)
            and not v.full
            and (not plain or implicit_tag(value) == STR)
        ):
            start, end = event.start_mark.index, event.end_mark.index
            found = mistakes.list_written_as_text(v.lines.text, start, end, value, plain, step)
            if found is not None:
                explained, pieces = found
                v.explained.update(pieces)
                v.explain(explained, nodepath.child(prefix, step), v.at(event))
                return INVALID
        return Spec.read(self, event, prefix, step, v)

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "array", "items": self.item.json_schema()})


@dataclass
class Obj(Spec):
    """A mapping with a fixed set of keys; anything else is an unknown key."""

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    description: str = ""
    #: checks on the whole validated object: (value dict, path, its place, validator)
    extra: Callable[[dict[str, Any], str, Place, Validator], None] | None = None
    expected = "mapping"

    def __post_init__(self) -> None:
        # Each field's name as the spec spells it: results are keyed by these few
        # strings rather than by a fresh copy per key read from the file.
        self.names = {name: name for name in self.fields}
        self.readers = {name: spec.read for name, spec in self.fields.items()}
        self.required_names = frozenset(self.required)

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        """A scalar where this mapping belongs. Under an id (``people: bo:``) a key of
        the entry written at the ids' indentation (``name: Bo`` under ``bo:``) is
        explained as a line not indented; the entry left empty above it says nothing
        of its own."""
        if isinstance(step, str) and prefix and not v.full:
            key = v.places.declared(nodepath.child(prefix, step))
            if key is not None:
                found = mistakes.entry_not_indented(v.lines, key[0], step, self.fields)
                if found is not None:
                    v.explain(found, nodepath.child(prefix, step))
                    return INVALID
                if is_null(event) and mistakes.keys_below(v.lines.text, key[0], self.fields):
                    return INVALID
                if not is_null(event) and event.tag is None and prefix in SECTION_KINDS:
                    value = mistakes.shown(event.value)
                    fixed = mistakes.shown(self.example(step, event.value))
                    kind = KIND_TERMS[SECTION_KINDS[prefix]]
                    path = nodepath.child(prefix, step)
                    v.hit("entry_as_text", path, v.at(event), value=value, kind=kind, fixed=fixed)
                    return INVALID
        return Spec.read(self, event, prefix, step, v)

    def example(self, key: str, text: str) -> str:
        """An entry written with its keys, ``text`` as its name or title and the other
        required keys still to fill in: ``bo: {name: Bo Berg, role: …}``."""
        named = next((name for name in ("name", "title") if name in self.fields), None)
        parts = [f"{named}: {mistakes.plain_or_quoted(text)}"] if named else []
        for name in self.required:
            if name != named:
                parts.append(
                    f"{name}: " + ("[…]" if isinstance(self.fields[name], ListOf) else "…")
                )
        return f"{key}: {{{', '.join(parts)}}}"

    def unknown_key(self, name: str, plain: bool, span: Span, path: str, v: Validator) -> None:
        """Report a key that is not a field (a merge key is named as such); a Danish
        word for a field, or a misspelt one, gets the field's name."""
        if name == "<<" and plain:
            v.hit("merge_key", path, span)
            return
        child_path = nodepath.child(path, name)
        where = path or "/"
        meant = None if v.full else mistakes.understood("key", name, tuple(self.fields))
        if meant is not None:
            v.explained.add(nodepath.child(path, meant))
            v.hit("danish_key", child_path, span, key=name, where=where, suggestion=meant)
            return
        close = [] if v.full else close_match(name, list(self.fields))
        if close:
            v.explained.add(nodepath.child(path, close[0]))
            suggestion = close[0]
            v.hit(
                "unknown_key_suggest",
                child_path,
                span,
                key=name,
                where=where,
                suggestion=suggestion,
            )
        else:
            v.hit("unknown_key", child_path, span, key=name, where=where)

    def close(
        self,
        result: dict[str, Any],
        path: str,
        marks: Marks,
        subject: Place | Marks | None,
        v: Validator,
        invalid: bool,
    ) -> dict[str, Any]:
        """After the last key: missing required fields, the extra check, invalid dropped.

        ``subject`` is where the key the mapping was written under is (``tasks: {x:
        ...}``), where a missing field is reported; else the mapping's own ``marks``.
        """
        for name in self.required:
            if name not in result and not (
                v.explained and nodepath.child(path, name) in v.explained
            ):
                where = as_place(subject) if subject is not None else place_of(*marks)
                v.hit("missing_key", path, v.lines.span(where), key=name)
        if self.extra is not None:
            self.extra(result, path, place_of(*marks), v)
            invalid = True  # it may have marked values invalid
        if invalid:
            return {k: val for k, val in result.items() if val is not INVALID}
        return result

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for name, spec in self.fields.items():
            schema = spec.json_schema()
            if name not in self.required:
                schema = _nullable(schema)
            properties[name] = schema
        result: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if self.required:
            result["required"] = list(self.required)
        return self._described(result)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional field's schema: it may also be empty (``key:`` or ``key: null``,
    the same as leaving it out). Written as ``type: [T, "null"]`` (and ``null`` among
    the enum values), not as ``anyOf``: a validator then reports a wrong value in one
    line ("'boss' is not one of ...") instead of every branch it tried."""
    kind = schema.get("type")
    if kind is None:
        return {"anyOf": [schema, {"type": "null"}]}
    schema = dict(schema)
    schema["type"] = [*kind, "null"] if isinstance(kind, list) else [kind, "null"]
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
    return schema


@dataclass
class IdMap(Spec):
    """A section mapping ids to entries: ``people``, ``forums``, ``tasks``, units,
    direction. An id is text, not empty, and has no "/" (node paths are split there)."""

    section: str  # the node path prefix: people, forums, tasks, units, direction
    kind: str  # person, forum, task, unit, direction
    item: Spec
    description: str = ""
    expected = "mapping"

    def json_schema(self) -> dict[str, Any]:
        english, danish = (term(f"entry.{self.kind}", lang) for lang in ("en", "da"))
        entry = english if danish == english else f"{english} · {danish}"
        return self._described(
            {
                "type": "object",
                "additionalProperties": {"title": entry, **self.item.json_schema()},
                "propertyNames": {"minLength": 1, "pattern": "^[^/]*$"},
            }
        )


@dataclass
class Criterion(Spec):
    """A success criterion: plain text, or ``{text, kind}``."""

    obj: Obj = field(
        default_factory=lambda: Obj(
            {"text": Text(), "kind": Enum(values=CRITERION_KINDS)}, required=("text",)
        )
    )

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        return _PLAIN_TEXT.read(event, prefix, step, v)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, self.obj.json_schema()]}


@dataclass
class Anything(Spec):
    """Plain data (settings files): any mapping, list or YAML 1.1 scalar, built as the
    Python value PyYAML's safe loader would give, minus what it would do silently
    (repeated keys, merge keys, tags beyond the standard ones are reported)."""

    description: str = ""

    def read(self, event: Any, prefix: str | None, step: str | int, v: Validator) -> Any:
        path = nodepath.child(prefix, step)
        if not scalar_tag_ok(event, path, v):
            return INVALID
        try:
            return construct(tag_of(event.value, not event.style, event.tag), event.value)
        except ScalarError as exc:
            _scalar_problem(exc, event, path, v)
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {}


def _check_between(value: dict[str, Any], path: str, place: Place, v: Validator) -> None:
    between = value.get("between")
    if not isinstance(between, list):
        return
    where = nodepath.child(path, "between")
    if len(between) != 2:
        span = v.places.span(where) or v.lines.span(place)
        v.hit("between_count", where, span, count=len(between))
        value["between"] = INVALID
    elif between[0] == between[1] and between[0] is not INVALID:
        span = v.places.span(where) or v.lines.span(place)
        v.hit("between_same", where, span, id=between[0])
        value["between"] = INVALID


_PLAIN_TEXT = Text()
_TEXT_MAP = IdMap("direction", "direction", Text())

MANDATE = Obj(
    {
        "granted_by": Ref(kinds=("person",)),
        "decides": ListOf(Text()),
        "limits": Text(),
        "valid_until": Date(),
        "may_delegate": Bool(),
        "announced_to": ListOf(Ref(kinds=("person", "forum"))),
        "form": Enum(values=MANDATE_FORMS),
    },
)
RESOURCES = Obj(
    {
        "hours_per_week": Number(),
        "budget_dkk": Number(),
        "note": Text(),
        "form": Enum(values=MANDATE_FORMS),
    },
)
FOLLOW_UP = Obj(
    {
        "with": Ref(kinds=("person",)),
        "every": Enum(values=FOLLOW_UP_INTERVALS),
        "last": MonthOrDate(),
    },
)
RECURS = Obj(
    {
        "every": Enum(values=FOLLOW_UP_INTERVALS),
        "last": MonthOrDate(),
    },
)
UNIT = Obj(
    {
        "name": Text(),
        "kind": Text(),
        "part_of": Ref(kinds=("unit",)),
        "leader": Ref(kinds=("person",)),
        "forum": Ref(kinds=("forum",)),
    },
    required=("name",),
)
PERSON = Obj(
    {
        "name": Text(),
        "role": Enum(values=ROLES),
        "title": Text(),
        "reports_to": Ref(kinds=("person",)),
        "leadership_hours": Number(),
        "unit": Ref(kinds=("unit",)),
        "also_in": ListOf(Ref(kinds=("unit",))),
        "started": Date(),
    },
    required=("name", "role"),
)
FORUM = Obj(
    {
        "name": Text(),
        "members": ListOf(Ref(kinds=("person",))),
        "frequency": Enum(values=FREQUENCIES),
    },
    required=("members", "frequency"),
)
TASK = Obj(
    {
        "title": Text(),
        "kind": Enum(values=TASK_KINDS),
        "description": Text(),
        "owner": Ref(kinds=("person",)),
        "contributors": ListOf(Ref(kinds=("person",))),
        "complexity": Enum(values=COMPLEXITIES),
        "part_of": Ref(kinds=("task",)),
        "depends_on": ListOf(Ref(kinds=("task",))),
        "mandate": MANDATE,
        "resources": RESOURCES,
        "success_criteria": ListOf(Criterion()),
        "follow_up": FOLLOW_UP,
        "serves": ListOf(Ref(kinds=("direction",))),
        "venue": Ref(kinds=("forum",)),
        "informal": Bool(),
        "recurs": RECURS,
    },
    required=("title", "owner"),
)
LINK = Obj(
    {
        "between": ListOf(Ref(kinds=("person",))),
        "frequency": Enum(values=FREQUENCIES),
        "channel": Text(),
        "trust": Enum(values=TRUST_LEVELS),
    },
    required=("between", "frequency"),
    extra=_check_between,
)
ORGANISATION = Obj(
    {
        "id": Text(),
        "name": Text(),
        "language": Enum(values=LANGUAGES),
        "direction": Obj(
            {
                "pedagogical_line": _TEXT_MAP,
                "values": _TEXT_MAP,
                "goals": _TEXT_MAP,
            },
        ),
    },
    required=("id", "name"),
)
ORG = Obj(
    {
        "version": Number(integer=True, exactly=1),
        "organisation": ORGANISATION,
        "people": IdMap("people", "person", PERSON),
        "forums": IdMap("forums", "forum", FORUM),
        "units": IdMap("units", "unit", UNIT),
        "tasks": IdMap("tasks", "task", TASK),
        "links": ListOf(LINK),
    },
    required=("version", "organisation"),
)


ANYTHING = Anything()


@cache
def text_fields() -> frozenset[str]:
    """The keys of the format whose value is free text (``title``, ``name``...): where a
    '#' cutting a value goes unnoticed."""
    found: set[str] = set()
    todo: list[Spec] = [ORG]
    seen: set[int] = set()
    while todo:
        spec = todo.pop()
        if id(spec) in seen:
            continue
        seen.add(id(spec))
        if isinstance(spec, Obj):
            for name, inner in spec.fields.items():
                if type(inner) is Text:
                    found.add(name)
                todo.append(inner)
        elif isinstance(spec, IdMap | ListOf):
            todo.append(spec.item)
        elif isinstance(spec, Criterion):
            todo.append(spec.obj)
    return frozenset(found)


#: The schema's identity: a name, not an address (coordgraph is installed from git, so
#: there is no web address to promise). It stays the same while the format is version 1.
SCHEMA_ID = "urn:coordgraph:org-file:1"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the organisation file, every key with a title and
    a description (English, with the Danish words) and every fixed value explained."""
    schema = ORG.json_schema()
    _document(schema, ())
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "coordgraph organisation file (format version 1)",
        "description": "An organisation that practises distributed leadership "
        "(distribueret ledelse): its people, forums, units, tasks and links. "
        "Checked by `coordgraph check`.",
        **schema,
    }


def _document(schema: dict[str, Any], path: tuple[str, ...]) -> None:
    """Give every property under ``schema`` its title and description from
    :mod:`coordgraph.keydocs`, and each fixed value its meaning (``enumDescriptions``,
    which editors show beside the values); ``path`` is the field names so far."""
    properties = schema.get("properties", {})
    for name, sub in properties.items():
        steps = (*path, name)
        doc = keydocs.doc_path(steps)
        words: dict[str, str] = {}
        if keydocs.known(doc):
            words = {
                "title": keydocs.schema_title(doc),
                "description": keydocs.schema_description(doc),
            }
        if "enum" in sub:
            sub["enumDescriptions"] = [
                keydocs.meaning(doc, value, "en") or "" for value in sub["enum"]
            ]
        _document(sub, steps)
        properties[name] = {**words, **{k: v for k, v in sub.items() if k not in words}}
    entry = schema.get("additionalProperties")
    if isinstance(entry, dict):
        _document(entry, path)
    items = schema.get("items")
    if isinstance(items, dict):
        _document(items, path)
    for branch in schema.get("anyOf", ()):
        _document(branch, path)
