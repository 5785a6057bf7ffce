"""The organisation file format (version 1) as data, and its validation.

One declarative description (:data:`ORG`) serves three purposes: validating YAML nodes
(CG003, with positions), producing the JSON Schema for editors (``coordgraph schema``),
and knowing which fields hold references (CG004). :func:`build` then turns the
validated values into the consistent :class:`~coordgraph.model.Organisation`: entities
whose required fields are broken are left out, references that do not resolve are
dropped, and cycles are broken, so the rules only ever see a sound model.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime
import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from coordgraph import scalars
from coordgraph.findings import Hit, Span
from coordgraph.loader import MAPPING, SCALAR, SEQUENCE, Node
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
    DirectionElement,
    FollowUp,
    Forum,
    Link,
    Mandate,
    Organisation,
    Person,
    Recurrence,
    Resources,
    SuccessCriterion,
    Task,
    Unit,
)

INVALID = object()  # a value that failed validation (already reported)
_STR = scalars.STR
_implicit_tag = scalars.implicit_tag
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u3000]")

# Which section each kind of id lives in, and the word used in messages.
SECTIONS = {
    "people": "person",
    "forums": "forum",
    "tasks": "task",
    "direction": "direction",
    "units": "unit",
}
#: At most this many CG003/CG004 findings per file; the rest are counted in one summary
#: finding. A hostile or generated file can hold millions of problems, and listing them
#: all would cost time and memory without helping anyone.
MAX_REPORTED = 1000
#: Total work for "did you mean" on unknown references (candidates compared), so a file
#: with thousands of broken references stays linear instead of quadratic.
SUGGESTION_BUDGET = 50_000
#: Message arguments (values and ids as written) are cut to this many characters, and
#: no "did you mean" is looked for beyond it: a 5 MB value must not make a 5 MB message.
MAX_SHOWN = 200


def _clip(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return value[: MAX_SHOWN - 1] + "…"
    return value


def _close_match(word: str, candidates: list[str], cutoff: float = 0.6) -> list[str]:
    """difflib's best match, skipped for very long words (its cost grows with them)."""
    if len(word) > MAX_SHOWN:
        return []
    return difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)


KIND_TERMS = {
    "person": "person",
    "forum": "forum",
    "task": "task",
    "direction": "direction-element",
    "unit": "unit",
}


class Positions(dict):
    """Node path -> the YAML node it was written at; spans are made only when asked.

    Only the entries of the id sections (``people/<id>``, ``direction/<id>``, ...) are
    stored as such. Any other path, a field or a list item, is found when asked, from
    the mapping or list it was validated in (``containers``: path -> node and spec), the
    way validation read it: the key of a known field, or the item at an index. A file
    has hundreds of thousands of such paths and a few findings that need one. Built in
    ``eager`` mode (every path stored), for files whose ids hold a "/", it is a plain
    dict.
    """

    def __init__(self) -> None:
        super().__init__()
        # path -> (what was read there, what finds a child in it: ``child_node``)
        self.containers: dict[str, tuple[Any, Any]] = {}

    def get(self, path: str, default: Span | None = None) -> Span | None:  # type: ignore[override]
        node = self.node(path)
        return default if node is None else node.span

    def node(self, path: str) -> Spanned | None:
        """The node written at ``path`` (a key for a field), or None."""
        node = dict.get(self, path)
        if node is not None or not self.containers:
            return node
        parent, _, last = path.rpartition("/")
        found = self.containers.get(parent)
        if found is None:
            return None
        container, spec = found
        return spec.child_node(container, last)


class Validator:
    """Collects hits, positions and references while specs walk the node tree."""

    def __init__(self, eager: bool = False) -> None:
        self.hits: list[Hit] = []
        self.positions = Positions()
        self.eager = eager  # store every path in positions (see Positions)
        self.slashed = False  # an id holds a "/": its paths may meet others' (see build)
        # (path of the referring field as prefix and last step, see _ref_path; id,
        # accepted kinds, node written)
        self.refs: list[tuple[str | None, str | int, str, tuple[str, ...], Any]] = []
        # id -> (kind, path of declaration, the key it is declared with)
        self.ids: dict[str, tuple[str, str, Spanned]] = {}
        # declarations that reused an id: reported, and left out of the model
        self.duplicates: set[str] = set()
        self.dropped = 0  # hits over MAX_REPORTED, counted only
        self.first_dropped: Span | None = None

    @property
    def full(self) -> bool:
        """No room for more findings: callers may skip costly work (suggestions)."""
        return len(self.hits) >= MAX_REPORTED

    def hit(self, variant: str, path: str, span: Span, code: str = "CG003", **args: Any) -> None:
        if self.full:
            self._drop(span)
            return
        args.setdefault("where", path or "/")
        args = {key: _clip(value) for key, value in args.items()}
        self.hits.append(Hit(code, path, args, variant=variant, span=span))

    def add(self, hit: Hit) -> None:
        if self.full:
            self._drop(hit.span)
            return
        self.hits.append(replace(hit, args={k: _clip(a) for k, a in hit.args.items()}))

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

    def ref_span(self, prefix: str | None, last: str | int, where: Any) -> Span:
        """Where a reference in ``refs`` is written (its node here; see stream.py)."""
        return where.span

    def declare(self, kind: str, path: str, ident: str, key: Spanned) -> None:
        previous = self.ids.get(ident)
        if previous is not None:
            self.hit("duplicate_id", path, key.span, id=ident, first=previous[1])
            self.duplicates.add(path)
            return
        self.ids[ident] = (kind, path, key)  # the span is made only for a finding


def _scalar_hit(exc: scalars.ScalarError, node: Node, path: str, v: Validator) -> None:
    """A value that cannot be read as its type, in the catalogue's words."""
    v.hit(f"scalar_{exc.reason}", path, node.span, value=node.value, digits=exc.digits)


def _node_type(node: Node) -> str:
    """The word for what a node is, for 'must be X, not Y' messages."""
    if node.kind == MAPPING:
        return "mapping"
    if node.kind == SEQUENCE:
        return "list"
    tag = scalars.tag_of(node)
    return {
        scalars.BOOL: "bool-value",
        scalars.INT: "number-value",
        scalars.FLOAT: "number-value",
        scalars.NULL: "null-value",
        scalars.TIMESTAMP: "date-value",
    }.get(tag, "string")


_NULL_TEXTS = frozenset({"", "~", "null", "Null", "NULL"})


def _is_null(node: Node) -> bool:
    if node.kind != SCALAR:
        return False
    if node.tag is not None:
        return node.tag == scalars.NULL
    return node.plain and node.value in _NULL_TEXTS


def _tag_ok(node: Node, path: str, v: Validator) -> bool:
    allowed = (
        scalars.ALLOWED_SCALAR_TAGS if node.kind == SCALAR else scalars.ALLOWED_COLLECTION_TAGS
    )
    if node.tag is None or node.tag in allowed:
        return True
    v.hit("tag", path, node.span, tag=node.tag.replace(scalars.TAG, "!!"))
    return False


_has_surrogate = scalars.has_surrogate
# How Obj and ListOf may take Text.validate's fast path (plain text) for a field or item
# inline, without a call: not at all, as Text, as Ref (also records the reference) or as
# Enum (when the value is one of the allowed ones). Exact types only: a subclass may
# validate differently.
_SLOW, _TEXT, _REF, _ENUM = 0, 1, 2, 3


def _fast_mode(spec: Spec) -> int:
    kind = type(spec)
    if kind is Text or kind is Criterion:  # a criterion written as text is just text
        return _TEXT
    return _REF if kind is Ref else _ENUM if kind is Enum else _SLOW


class Spanned(Protocol):
    """Anything that knows where it was written: a :class:`Node`, or the streaming
    validator's lighter record of a key or item (see :mod:`coordgraph.stream`)."""

    @property
    def span(self) -> Span: ...


def field_value(spec: Spec, child: Node, child_path: str, v: Validator, key: Spanned) -> Any:
    """A field's value off the fast path; a nested object learns the key it is under."""
    if type(spec) is Obj:
        return spec.validate(child, child_path, v, key)
    return spec.validate(child, child_path, v)


def list_index(step: str) -> int | None:
    """A path step as a list index (``3``), or None when it is not one (``03``, ``x``)."""
    if not (step.isascii() and step.isdigit()) or (len(step) > 1 and step[0] == "0"):
        return None
    return int(step)


class Spec:
    """A part of the format: validates a node and describes itself as JSON Schema."""

    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _described(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass
class Text(Spec):
    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        # Fast path: untagged text that YAML 1.1 also reads as text (most of a file).
        if node.kind is SCALAR and node.tag is None:
            value = node.value
            if (not node.plain or _implicit_tag(value) is _STR) and (
                value.isascii() or not scalars.has_surrogate(value)
            ):
                return value
        return self._checked(node, path, v)

    def _checked(self, node: Node, path: str, v: Validator) -> Any:
        if not _tag_ok(node, path, v):
            return INVALID
        if node.kind != SCALAR:
            v.hit("wrong_type", path, node.span, expected="string", actual=_node_type(node))
            return INVALID
        tag = scalars.tag_of(node)
        if tag != scalars.STR:
            if node.tag is None and tag != scalars.NULL:
                # A YAML 1.1 trap: the author wrote text, PyYAML would read something else.
                v.hit("yaml11_trap", path, node.span, value=node.value, actual=_node_type(node))
                return node.value
            v.hit("wrong_type", path, node.span, expected="string", actual=_node_type(node))
            return INVALID
        if scalars.has_surrogate(node.value):
            v.hit("surrogate", path, node.span)
            return INVALID
        return node.value

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "string"})


@dataclass
class Ref(Text):
    """An id of a declared person, forum, task or direction element."""

    kinds: tuple[str, ...] = ("person",)

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        value = super().validate(node, path, v)
        if value is not INVALID:
            v.refs.append((None, path, value, self.kinds, node))
        return value


@dataclass
class Enum(Text):
    values: tuple[str, ...] = ()

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        value = super().validate(node, path, v)
        if value is INVALID:
            return INVALID
        if value not in self.values:
            close = [] if v.full else _close_match(str(value), list(self.values))
            allowed = ", ".join(self.values)
            if close:
                allowed += f" (did you mean '{close[0]}'?)"
            v.hit("bad_enum", path, node.span, value=value, allowed=allowed)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "string", "enum": list(self.values)})


@dataclass
class Number(Spec):
    integer: bool = False
    exactly: int | None = None
    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if not _tag_ok(node, path, v):
            return INVALID
        expected = "integer" if self.integer else "number"
        if node.kind != SCALAR:
            v.hit("wrong_type", path, node.span, expected=expected, actual=_node_type(node))
            return INVALID
        tag = scalars.tag_of(node)
        if tag not in (scalars.INT, scalars.FLOAT) or (self.integer and tag != scalars.INT):
            v.hit("wrong_type", path, node.span, expected=expected, actual=_node_type(node))
            return INVALID
        try:
            value = scalars.construct(tag, node.value)
        except scalars.ScalarError as exc:
            _scalar_hit(exc, node, path, v)
            return INVALID
        if value != value or value in (float("inf"), float("-inf")):
            v.hit("not_finite", path, node.span, value=node.value)
            return INVALID
        if value < 0:
            v.hit("negative", path, node.span, value=node.value)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "integer" if self.integer else "number", "minimum": 0}
        if self.exactly is not None:
            schema = {"const": self.exactly}
        return self._described(schema)


@dataclass
class Bool(Spec):
    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if not _tag_ok(node, path, v):
            return INVALID
        if node.kind != SCALAR or scalars.tag_of(node) != scalars.BOOL:
            v.hit("wrong_type", path, node.span, expected="boolean", actual=_node_type(node))
            return INVALID
        try:
            return scalars.construct(scalars.BOOL, node.value)
        except scalars.ScalarError as exc:
            _scalar_hit(exc, node, path, v)
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "boolean"})


@dataclass
class Date(Spec):
    """An ISO date, written plain (``2027-06-30``) or quoted."""

    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if not _tag_ok(node, path, v):
            return INVALID
        if node.kind != SCALAR:
            v.hit("wrong_type", path, node.span, expected="date", actual=_node_type(node))
            return INVALID
        tag = scalars.tag_of(node)
        text = node.value.strip()
        if tag == scalars.TIMESTAMP or (tag == scalars.STR and _ISO_DATE.match(text)):
            try:
                value = scalars.construct(scalars.TIMESTAMP, text)
            except scalars.ScalarError:
                v.hit("bad_date", path, node.span, value=node.value)
                return INVALID
            if isinstance(value, datetime.datetime):
                return value.date()
            return value
        v.hit("bad_date", path, node.span, value=node.value)
        return INVALID

    def json_schema(self) -> dict[str, Any]:
        # Editors get the format; a plain YAML date is a string to JSON Schema tools.
        return self._described({"type": "string", "format": "date"})


_MONTH = re.compile(r"^([0-9]{4})-([0-9]{2})$")


@dataclass
class MonthOrDate(Date):
    """An ISO date, or a month (``2024-11``, plain or quoted) meaning its last day."""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if node.kind == SCALAR and node.tag in (None, scalars.STR):
            match = _MONTH.match(node.value.strip())
            if match is not None:
                year, month = int(match.group(1)), int(match.group(2))
                if 1 <= month <= 12 and year >= 1:
                    last = calendar.monthrange(year, month)[1]
                    return datetime.date(year, month, last)
        return super().validate(node, path, v)

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}(-[0-9]{2})?$"})


@dataclass
class ListOf(Spec):
    item: Spec
    description: str = ""

    def __post_init__(self) -> None:
        self._mode = _fast_mode(self.item)

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if node.tag is not None and not _tag_ok(node, path, v):
            return INVALID
        if node.kind != SEQUENCE:
            v.hit("wrong_type", path, node.span, expected="list", actual=_node_type(node))
            return INVALID
        result = []
        positions = v.positions
        eager = v.eager
        if not eager:
            positions.containers[path] = (node, self)
        item, mode, refs = self.item, self._mode, v.refs
        for index, child in enumerate(node.value):
            if eager:
                positions[f"{path}/{index}"] = child
            if mode and child.kind is SCALAR and child.tag is None:
                value = child.value
                if (not child.plain or _implicit_tag(value) is _STR) and (
                    value.isascii() or not _has_surrogate(value)
                ):
                    # Text.validate's fast path, inlined (see _fast_mode).
                    if mode == _REF:
                        refs.append((path, index, value, item.kinds, child))
                        result.append(value)
                        continue
                    if mode == _TEXT or value in item.values:
                        result.append(value)
                        continue
            # Invalid items stay as INVALID so later items keep the index they were
            # written at (findings point at ``.../contributors/<n>``).
            result.append(self.item_value(child, f"{path}/{index}", v))
        return result

    def item_value(self, child: Node, child_path: str, v: Validator) -> Any:
        """An item off the fast path: validated by the item spec; null is never an item."""
        if _is_null(child):
            v.hit("wrong_type", child_path, child.span, expected="string", actual="null-value")
            return INVALID
        return self.item.validate(child, child_path, v)

    def child_node(self, node: Node, step: str) -> Node | None:
        """The item ``validate`` stored at ``<path>/<step>`` (see Positions)."""
        index = list_index(step)
        if index is None:
            return None
        return node.value[index] if index < len(node.value) else None

    def json_schema(self) -> dict[str, Any]:
        return self._described({"type": "array", "items": self.item.json_schema()})


@dataclass
class Obj(Spec):
    """A mapping with a fixed set of keys; anything else is an unknown key."""

    fields: dict[str, Spec]
    required: tuple[str, ...] = ()
    description: str = ""
    #: checks on the whole validated object: (value dict, path, node, validator)
    extra: Callable[[dict[str, Any], str, Spanned, Validator], None] | None = None

    def __post_init__(self) -> None:
        self._modes = {name: _fast_mode(spec) for name, spec in self.fields.items()}
        self._names = {name: name for name in self.fields}

    def validate(self, node: Node, path: str, v: Validator, key: Node | None = None) -> Any:
        if node.tag is not None and not _tag_ok(node, path, v):
            return INVALID
        if node.kind != MAPPING:
            v.hit("wrong_type", path, node.span, expected="mapping", actual=_node_type(node))
            return INVALID
        result: dict[str, Any] = {}
        fields, modes = self.fields, self._modes
        positions = v.positions
        eager = v.eager
        if not eager:
            positions.containers[path] = (node, self)
        refs = v.refs
        prefix = path or None  # a field's path is "<path>/<name>", or just the name
        subject = key
        invalid = False
        for key, child in node.value:
            if key.kind is SCALAR and key.tag is None:
                name = key.value
            else:
                name = _key_text(key, path, v)
                if name is None:
                    continue
            spec = fields.get(name)
            if spec is None:
                self.unknown_key(name, key.plain, key.span, path, v)
                continue
            if eager:
                positions[f"{path}/{name}" if path else name] = key
            if child.kind is SCALAR:
                if child.tag is None:
                    value = child.value
                    if child.plain:
                        if value in _NULL_TEXTS:
                            continue  # an explicit empty value is the same as leaving the key out
                        text = _implicit_tag(value) is _STR
                    else:
                        text = True
                    mode = modes[name]
                    if mode and text and (value.isascii() or not _has_surrogate(value)):
                        # Text.validate's fast path, inlined (see _fast_mode).
                        if mode == _REF:
                            refs.append((prefix, name, value, spec.kinds, child))
                            result[name] = value
                            continue
                        if mode == _TEXT or value in spec.values:
                            result[name] = value
                            continue
                elif child.tag == scalars.NULL:
                    continue  # an explicit empty value is the same as leaving the key out
            value = field_value(spec, child, f"{path}/{name}" if path else name, v, key)
            if value is INVALID:
                invalid = True
            result[name] = value
        return self.close(result, path, node, subject, v, invalid)

    def unknown_key(self, name: str, plain: bool, span: Span, path: str, v: Validator) -> None:
        """Report a key that is not a field (a merge key is named as such)."""
        if name == "<<" and plain:
            v.hit("merge_key", path, span)
            return
        child_path = f"{path}/{name}" if path else name
        close = [] if v.full else _close_match(name, list(self.fields))
        if close:
            v.hit(
                "unknown_key_suggest",
                child_path,
                span,
                key=name,
                where=path or "/",
                suggestion=close[0],
            )
        else:
            v.hit("unknown_key", child_path, span, key=name, where=path or "/")

    def close(
        self,
        result: dict[str, Any],
        path: str,
        node: Spanned,
        subject: Spanned | None,
        v: Validator,
        invalid: bool,
    ) -> dict[str, Any]:
        """After the last key: missing required fields, the extra check, invalid dropped.

        ``subject`` is the key the mapping was written under (``tasks: {x: ...}``), where
        a missing field is reported; ``node`` is the mapping itself.
        """
        for name in self.required:
            if name not in result:
                anchor = subject.span if subject is not None else node.span
                v.hit("missing_key", path, anchor, key=name)
        if self.extra is not None:
            self.extra(result, path, node, v)
            invalid = True  # it may have marked values invalid
        if invalid:
            return {k: val for k, val in result.items() if val is not INVALID}
        return result

    def child_node(self, node: Node, step: str) -> Node | None:
        """The key ``validate`` stored at ``<path>/<step>`` (see Positions)."""
        if step not in self.fields:
            return None
        found = None
        allowed = scalars.ALLOWED_SCALAR_TAGS
        for key, _child in node.value:  # names as validate reads them; the last one wins
            if key.kind is SCALAR and (key.tag is None or key.tag in allowed) and key.value == step:
                found = key
        return found

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for name, spec in self.fields.items():
            schema = spec.json_schema()
            if name not in self.required:
                schema = {"anyOf": [schema, {"type": "null"}]}
                if "description" in schema["anyOf"][0]:
                    schema["description"] = schema["anyOf"][0]["description"]
            properties[name] = schema
        schema = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        if self.required:
            schema["required"] = list(self.required)
        return self._described(schema)


def _key_text(key: Node, path: str, v: Validator) -> str | None:
    """A mapping key as text; non-text keys are reported."""
    if key.kind != SCALAR:
        v.hit("wrong_type", path, key.span, expected="string", actual=_node_type(key))
        return None
    if key.tag is not None and not _tag_ok(key, path, v):
        return None
    return key.value


@dataclass
class IdMap(Spec):
    """A section mapping ids to entries: ``people``, ``forums``, ``tasks``, direction."""

    section: str  # the node path prefix: people, forums, tasks, direction
    kind: str  # person, forum, task, direction
    item: Spec
    description: str = ""

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if not _tag_ok(node, path, v):
            return INVALID
        if node.kind != MAPPING:
            v.hit("wrong_type", path, node.span, expected="mapping", actual=_node_type(node))
            return INVALID
        result: dict[str, Any] = {}
        for key, child in node.value:
            ident = key.value
            if not (
                key.kind is SCALAR
                and key.tag is None
                and (not key.plain or _implicit_tag(ident) is _STR)
                and ident.strip()
            ):
                ident = self._ident(key, path, v)  # reports what is wrong with the id
                if ident is None:
                    continue
            child_path = f"{self.section}/{ident}"
            if "/" in ident:
                v.slashed = True
            v.positions[child_path] = key
            v.declare(self.kind, child_path, ident, key)
            if isinstance(self.item, Obj):
                value = self.item.validate(child, child_path, v, key)
            else:
                value = self.item.validate(child, child_path, v)
            result[ident] = value
        return result

    def _ident(self, key: Node, path: str, v: Validator) -> str | None:
        if key.kind != SCALAR:
            v.hit("wrong_type", path, key.span, expected="string", actual=_node_type(key))
            return None
        if key.tag is not None and not _tag_ok(key, path, v):
            return None
        tag = scalars.tag_of(key)
        if tag != scalars.STR:
            v.hit(
                "yaml11_trap",
                f"{self.section}/{key.value}",
                key.span,
                value=key.value,
                actual=_node_type(key),
            )
        if not key.value.strip():
            v.hit("empty_id", path, key.span)
            return None
        return key.value

    def json_schema(self) -> dict[str, Any]:
        return self._described(
            {
                "type": "object",
                "additionalProperties": self.item.json_schema(),
                "propertyNames": {"minLength": 1},
            }
        )


def _check_between(value: dict[str, Any], path: str, node: Spanned, v: Validator) -> None:
    between = value.get("between")
    if not isinstance(between, list):
        return
    if len(between) != 2:
        span = v.positions.get(f"{path}/between") or node.span  # made only for a finding
        v.hit("between_count", f"{path}/between", span, count=len(between))
        value["between"] = INVALID
    elif between[0] == between[1] and between[0] is not INVALID:
        span = v.positions.get(f"{path}/between") or node.span
        v.hit("between_same", f"{path}/between", span, id=between[0])
        value["between"] = INVALID


@dataclass
class Criterion(Spec):
    """A success criterion: plain text, or ``{text, kind}``."""

    obj: Obj = field(
        default_factory=lambda: Obj(
            {"text": Text(), "kind": Enum(values=CRITERION_KINDS)}, required=("text",)
        )
    )

    def validate(self, node: Node, path: str, v: Validator) -> Any:
        if node.kind == MAPPING:
            return self.obj.validate(node, path, v)
        return _PLAIN_TEXT.validate(node, path, v)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "string"}, self.obj.json_schema()]}


_PLAIN_TEXT = Text()
_TEXT_MAP = IdMap("direction", "direction", Text())

MANDATE = Obj(
    {
        "granted_by": Ref(kinds=("person",), description="Who granted the mandate (a leader)"),
        "decides": ListOf(Text(), description="What the holder decides (handlerum)"),
        "limits": Text(description="The limits of the mandate (rammer)"),
        "valid_until": Date(description="Last day the mandate is valid"),
        "may_delegate": Bool(description="Whether the holder may delegate sub-tasks"),
        "announced_to": ListOf(
            Ref(kinds=("person", "forum")), description="People or forums who have been told"
        ),
        "form": Enum(values=MANDATE_FORMS, description="oral or written (default written)"),
    },
    description="Hvad er mandatet? What is the mandate?",
)
RESOURCES = Obj(
    {
        "hours_per_week": Number(),
        "budget_dkk": Number(),
        "note": Text(),
        "form": Enum(values=MANDATE_FORMS, description="oral or written (default written)"),
    },
    description="Hvad er ressourcerne? What are the resources?",
)
FOLLOW_UP = Obj(
    {
        "with": Ref(kinds=("person",)),
        "every": Enum(values=FOLLOW_UP_INTERVALS),
        "last": MonthOrDate(),
    },
    description="Opfølgning: with whom, how often, and when last",
)
RECURS = Obj(
    {
        "every": Enum(values=FOLLOW_UP_INTERVALS),
        "last": MonthOrDate(),
    },
    description="A duty that comes round: how often, and when it was last done",
)
UNIT = Obj(
    {
        "name": Text(),
        "kind": Text(description="område, institution, hus, stue, gruppe, team..."),
        "part_of": Ref(kinds=("unit",)),
        "leader": Ref(kinds=("person",)),
        "forum": Ref(kinds=("forum",)),
    },
    required=("name",),
    description="A unit of the structure: område, institution, hus, stue, gruppe",
)
PERSON = Obj(
    {
        "name": Text(),
        "role": Enum(values=ROLES),
        "title": Text(),
        "reports_to": Ref(kinds=("person",)),
        "leadership_hours": Number(description="Hours per week set aside for leadership tasks"),
        "unit": Ref(kinds=("unit",), description="The person's home unit"),
        "also_in": ListOf(Ref(kinds=("unit",)), description="Other units they work in"),
        "started": Date(description="When the person began"),
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
    description="A recurring meeting: every member communicates with every other",
)
TASK = Obj(
    {
        "title": Text(),
        "kind": Enum(values=TASK_KINDS),
        "description": Text(description="Hvad er opgaven? What is the task?"),
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
        "venue": Ref(kinds=("forum",), description="The forum where the task is carried out"),
        "informal": Bool(description="Carried in practice, never handed over"),
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
    description="One-to-one communication (undirected)",
)
ORGANISATION = Obj(
    {
        "id": Text(),
        "name": Text(),
        "language": Enum(values=LANGUAGES, description="Language of findings and pictures"),
        "direction": Obj(
            {
                "pedagogical_line": _TEXT_MAP,
                "values": _TEXT_MAP,
                "goals": _TEXT_MAP,
            },
            description="What every leadership task must stay aligned with",
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


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft-07) of the organisation file."""
    schema = ORG.json_schema()
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://coordgraph.invalid/org.schema.json",
        "title": "coordgraph organisation file (format version 1)",
        **schema,
    }


# -- building the model ----------------------------------------------------------------


@dataclass
class Built:
    org: Organisation | None
    hits: list[Hit]
    positions: Positions


def _normalised(ident: str) -> str:
    if ident.isascii():  # nothing invisible, no odd space, already NFC
        return ident.strip()
    return unicodedata.normalize("NFC", _ODD_SPACE.sub(" ", _INVISIBLE.sub("", ident))).strip()


def build(root: Node | None) -> Built:
    """Validate the node tree and build the model (CG003, CG004)."""
    v = Validator()
    if root is None:
        return Built(None, v.hits, v.positions)
    if root.kind == SCALAR and _is_null(root):
        v.hit("empty_file", "", Span.point(1, 1))
        return Built(None, v.hits, v.positions)
    raw = ORG.validate(root, "", v)
    if v.slashed:
        # An id with a "/" can give two places one path (``people/a/name``: the name of
        # person a, or person "a/name"); record every path as written, last one wins.
        v = Validator(eager=True)
        raw = ORG.validate(root, "", v)
    if raw is INVALID:
        v.summary()
        return Built(None, v.hits, v.positions)
    return finish(raw, v)


def finish(raw: dict[str, Any], v: Validator) -> Built:
    """From validated values to the model: version, look-alike ids, references, cycles."""
    version_node = v.positions.get("version")
    if "version" in raw and raw["version"] != 1 and version_node is not None:
        v.hit("bad_version", "version", version_node, value=raw["version"])
    _check_lookalikes(v)
    _check_refs(v)
    org = _assemble(raw, v)
    v.summary()
    return Built(org, v.hits, v.positions)


def _check_lookalikes(v: Validator) -> None:
    seen: dict[str, str] = {}
    for ident, (_kind, path, key) in v.ids.items():
        norm = _normalised(ident)
        other = seen.get(norm)
        if other is not None and other != ident:
            v.hit("lookalike_id", path, key.span, id=ident, other=other)
        else:
            seen.setdefault(norm, ident)


def _check_refs(v: Validator) -> None:
    ids = v.ids
    by_kind: dict[str, list[str]] = {}
    for ident, (kind, _path, _key) in ids.items():
        by_kind.setdefault(kind, []).append(ident)
    # per accepted kinds: (candidate ids, normalised id -> first id with that form)
    lookup: dict[tuple[str, ...], tuple[list[str], dict[str, str]]] = {}
    budget = SUGGESTION_BUDGET
    for prefix, last, ident, kinds, node in v.refs:
        declared = ids.get(ident)
        if declared is not None and declared[0] in kinds:
            continue
        path = f"{prefix}/{last}" if prefix is not None else str(last)
        span = v.ref_span(prefix, last, node)
        kind_word = "person-or-forum" if kinds == ("person", "forum") else KIND_TERMS[kinds[0]]
        if declared is None:
            close = None
            if not v.full:  # suggestions only for findings that will be listed
                entry = lookup.get(kinds)
                if entry is None:
                    candidates = [i for k in kinds for i in by_kind.get(k, ())]
                    normal: dict[str, str] = {}
                    for candidate in candidates:
                        normal.setdefault(_normalised(candidate), candidate)
                    entry = lookup[kinds] = (candidates, normal)
                candidates, normal = entry
                # A look-alike (invisible or odd spaces) first, else a spelling neighbour.
                close = normal.get(_normalised(ident))
                if close is None and len(candidates) <= budget:
                    budget -= len(candidates)
                    matches = _close_match(ident, candidates)
                    close = matches[0] if matches else None
            if close is not None:
                v.hit(
                    "unknown_suggest",
                    path,
                    span,
                    code="CG004",
                    id=ident,
                    kind=kind_word,
                    suggestion=close,
                )
            else:
                v.add(
                    Hit("CG004", path, {"where": path, "id": ident, "kind": kind_word}, span=span)
                )
        elif declared[0] not in kinds:
            v.hit(
                "wrong_kind",
                path,
                span,
                code="CG004",
                id=ident,
                kind=kind_word,
                actual=KIND_TERMS[declared[0]],
            )


def _assemble(raw: dict[str, Any], v: Validator) -> Organisation | None:
    organisation = raw.get("organisation")
    if not isinstance(organisation, dict) or "id" not in organisation or "name" not in organisation:
        # Without the organisation's identity we still check the rest.
        organisation = {"id": "?", "name": "?", **(organisation or {})}
    duplicates = v.duplicates  # paths of entries that reused an id: left out
    direction: dict[str, DirectionElement] = {}
    for kind in ("pedagogical_line", "values", "goals"):
        group = (organisation.get("direction") or {}).get(kind) or {}
        for ident, text in group.items():
            if isinstance(text, str) and not (duplicates and f"direction/{ident}" in duplicates):
                direction.setdefault(ident, DirectionElement(ident, kind, text))

    units: dict[str, Unit] = {}
    for ident, entry in (raw.get("units") or {}).items():
        if not isinstance(entry, dict) or "name" not in entry:
            continue
        if duplicates and f"units/{ident}" in duplicates:
            continue
        units[ident] = Unit(
            id=ident,
            name=entry["name"],
            kind=entry.get("kind"),
            part_of=entry.get("part_of"),
            leader=entry.get("leader"),
            forum=entry.get("forum"),
        )
    for ident, unit in list(units.items()):
        if unit.part_of is not None and unit.part_of not in units:
            units[ident] = _replace(unit, part_of=None)
    _break_cycles(units, "part_of", "units", v)

    people: dict[str, Person] = {}
    for ident, entry in (raw.get("people") or {}).items():
        if not isinstance(entry, dict) or "name" not in entry or "role" not in entry:
            continue
        if duplicates and f"people/{ident}" in duplicates:
            continue
        unit = entry.get("unit")
        also_in = entry.get("also_in")
        people[ident] = _new_person(
            id=ident,
            name=entry["name"],
            role=entry["role"],
            title=entry.get("title"),
            reports_to=entry.get("reports_to"),
            leadership_hours=entry.get("leadership_hours"),
            unit=unit if unit in units else None,
            also_in=tuple([u for u in also_in if u in units]) if also_in else (),
            started=entry.get("started"),
        )
    for ident, person in list(people.items()):
        if person.reports_to is not None and person.reports_to not in people:
            people[ident] = _replace(person, reports_to=None)
    _break_cycles(people, "reports_to", "people", v)

    forums: dict[str, Forum] = {}
    for ident, entry in (raw.get("forums") or {}).items():
        if not isinstance(entry, dict) or "members" not in entry or "frequency" not in entry:
            continue
        if duplicates and f"forums/{ident}" in duplicates:
            continue
        forums[ident] = Forum(
            id=ident,
            members=tuple(m for m in entry["members"] if m in people),
            frequency=entry["frequency"],
            name=entry.get("name"),
        )
    for ident, unit in list(units.items()):
        if (unit.leader is not None and unit.leader not in people) or (
            unit.forum is not None and unit.forum not in forums
        ):
            units[ident] = _replace(
                unit,
                leader=unit.leader if unit.leader in people else None,
                forum=unit.forum if unit.forum in forums else None,
            )

    tasks: dict[str, Task] = {}
    raw_tasks = raw.get("tasks") or {}
    for ident, entry in raw_tasks.items():
        if not isinstance(entry, dict) or "title" not in entry or entry.get("owner") not in people:
            continue
        if duplicates and f"tasks/{ident}" in duplicates:
            continue
        tasks[ident] = _task(ident, entry, people, forums, direction)
    for ident, task in list(tasks.items()):
        if task.part_of is not None and task.part_of not in tasks:
            tasks[ident] = _replace(task, part_of=None)
        if any(d not in tasks for d in task.depends_on):
            kept = [
                (d, i)
                for d, i in zip(
                    task.depends_on,
                    task.depends_on_index or range(len(task.depends_on)),
                    strict=True,
                )
                if d in tasks
            ]
            tasks[ident] = _replace(
                tasks[ident],
                depends_on=tuple(d for d, _ in kept),
                depends_on_index=tuple(i for _, i in kept),
            )
    _break_cycles(tasks, "part_of", "tasks", v)

    links: list[Link] = []
    for index, entry in enumerate(raw.get("links") or []):
        if not isinstance(entry, dict) or "frequency" not in entry:
            continue
        between = entry.get("between")
        if not isinstance(between, list) or len(between) != 2:
            continue
        a, b = between
        if a == b or a not in people or b not in people:
            continue
        links.append(
            Link(
                index=index,
                between=(a, b),
                frequency=entry["frequency"],
                channel=entry.get("channel"),
                trust=entry.get("trust"),
            )
        )
    return Organisation(
        id=organisation["id"],
        name=organisation["name"],
        direction=direction,
        people=people,
        forums=forums,
        tasks=tasks,
        links=tuple(links),
        units=units,
        language=organisation.get("language"),
    )


def _task(
    ident: str,
    entry: dict[str, Any],
    people: dict[str, Person],
    forums: dict[str, Forum],
    direction: dict[str, DirectionElement],
) -> Task:
    get = entry.get
    mandate = None
    m = get("mandate")
    if isinstance(m, dict):
        granted_by = m.get("granted_by")
        mandate = _new_mandate(
            granted_by=granted_by if granted_by in people else None,
            decides=tuple([d for d in m.get("decides") or () if isinstance(d, str)]),
            limits=m.get("limits"),
            valid_until=m.get("valid_until"),
            may_delegate=bool(m.get("may_delegate", False)),
            announced_to=tuple(
                [a for a in m.get("announced_to") or () if a in people or a in forums]
            ),
            form=m.get("form"),
        )
    resources = None
    r = get("resources")
    if isinstance(r, dict):
        resources = _new_resources(
            r.get("hours_per_week"), r.get("budget_dkk"), r.get("note"), r.get("form")
        )
    recurs = None
    c = get("recurs")
    if isinstance(c, dict):
        recurs = Recurrence(every=c.get("every"), last=c.get("last"))
    follow_up = None
    f = get("follow_up")
    if isinstance(f, dict):
        with_ = f.get("with")
        follow_up = _new_follow_up(
            with_=with_ if with_ in people else None,
            every=f.get("every"),
            last=f.get("last"),
        )
    criteria = []
    for item in get("success_criteria") or ():
        if isinstance(item, str):
            criteria.append(_new_criterion(item))
        elif isinstance(item, dict) and "text" in item:
            criteria.append(_new_criterion(item["text"], item.get("kind")))
    contributors = contributors_index = depends_on = depends_on_index = ()
    written = get("contributors")
    if written:
        contributors, contributors_index = _kept(written, people.__contains__)
    written = get("depends_on")
    if written:
        depends_on, depends_on_index = _kept(written, _is_text)
    serves = get("serves")
    venue = get("venue")
    return _new_task(
        id=ident,
        title=entry["title"],
        owner=entry["owner"],
        kind=get("kind"),
        description=get("description"),
        contributors=contributors,
        contributors_index=contributors_index,
        complexity=get("complexity"),
        part_of=get("part_of"),
        depends_on=depends_on,
        depends_on_index=depends_on_index,
        mandate=mandate,
        resources=resources,
        success_criteria=tuple(criteria),
        follow_up=follow_up,
        serves=tuple([s for s in serves if s in direction]) if serves else (),
        venue=venue if venue in forums else None,
        informal=bool(get("informal", False)),
        recurs=recurs,
    )


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _kept(
    written: list[Any], keep: Callable[[Any], bool]
) -> tuple[tuple[Any, ...], tuple[int, ...]]:
    """The items of a list to keep, and the index each was written at (empty when every
    item is kept: each then stands where it was written, see ``Task.contributor_node``)."""
    if all(map(keep, written)):  # the usual case
        return tuple(written), ()
    kept = [(item, i) for i, item in enumerate(written) if keep(item)]
    return tuple([item for item, _ in kept]), tuple([i for _, i in kept])


def _direct_constructor(cls: type) -> Callable[..., Any]:
    """Build instances of a frozen, slotted model dataclass by setting its slots directly.

    The result equals ``cls(...)`` (same class, same values: the model classes have no
    ``__post_init__``), without the frozen ``__init__``'s ``object.__setattr__`` call per
    field, which was a third of building a model with tens of thousands of tasks. Any
    class this cannot mirror exactly is returned unchanged, to be called as usual.
    """
    fields = dataclasses.fields(cls)
    if (
        hasattr(cls, "__post_init__")
        or "__slots__" not in cls.__dict__
        or any(not f.init or f.default_factory is not dataclasses.MISSING for f in fields)
    ):
        return cls
    params = [
        f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"
        for f in fields
    ]
    body = "".join(f"    _set_{f.name}(self, {f.name})\n" for f in fields)
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    for f in fields:
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is not dataclasses.MISSING:
            namespace[f"_default_{f.name}"] = f.default
    source = f"def new({', '.join(params)}):\n    self = _new(_cls)\n{body}    return self\n"
    exec(source, namespace)  # as dataclasses itself builds __init__
    return namespace["new"]


_new_task = _direct_constructor(Task)
_new_mandate = _direct_constructor(Mandate)
_new_resources = _direct_constructor(Resources)
_new_follow_up = _direct_constructor(FollowUp)
_new_criterion = _direct_constructor(SuccessCriterion)
_new_person = _direct_constructor(Person)


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _break_cycles(entities: dict[str, Any], attr: str, section: str, v: Validator) -> None:
    """Report each cycle of ``attr`` links once (CG004) and cut it so the model is a forest."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    for start in entities:
        if start in state:
            continue
        walk: list[str] = []
        current: str | None = start
        while current is not None and current not in state:
            state[current] = 1
            walk.append(current)
            current = getattr(entities[current], attr)
        if current is not None and state.get(current) == 1:
            cycle = walk[walk.index(current) :]
            first = min(cycle, key=list(entities).index)
            path = f"{section}/{first}/{attr}"
            span = (
                v.positions.get(path) or v.positions.get(f"{section}/{first}") or Span.point(1, 1)
            )
            order = cycle[cycle.index(first) :] + cycle[: cycle.index(first)]
            v.add(
                Hit(
                    "CG004",
                    path,
                    {"field": attr, "cycle": " → ".join([*order, first])},
                    variant="cycle",
                    span=span,
                )
            )
            for member in cycle:
                entities[member] = _replace(entities[member], **{attr: None})
        for item in walk:
            state[item] = 2
