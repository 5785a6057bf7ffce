"""Findings: what a check reports, where, and how it is identified across runs.

Checks yield :class:`Hit` (a subject node and message arguments, no text and no
position). The engine turns hits into :class:`Finding` objects by looking up the node's
position in the loaded document and the message template in the rule catalogue.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple, Protocol, overload

if TYPE_CHECKING:  # the result of a check carries them; nothing here uses them
    from coordgraph.graph import OrgGraph
    from coordgraph.model import Organisation


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is more severe."""
        return {"info": 1, "warning": 2, "error": 3}[self.value]

    def __str__(self) -> str:
        return self.value


class Span(NamedTuple):
    """A 1-based, end-inclusive-line / end-exclusive-column region of a file.

    A named tuple, like :class:`Finding`: a check of a findings-heavy file places a
    hundred thousand, and a tuple is made in one step. Ordered by line, then column.
    """

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


FILE_START = Span(1, 1, 1, 1)


class Hit(NamedTuple):
    """What a check found, before it has text and a position.

    ``node`` is the logical anchor (``tasks/<id>/mandate``); ``args`` fill the
    message template of the rule (or of ``variant`` within the rule, used by the
    CG0 input rules that have several messages). ``related`` names other nodes the
    finding involves (people, tasks). ``span`` overrides the node's position, for
    input findings that point at a place rather than a node. A named tuple: a check
    of a findings-heavy file makes tens of thousands, and a tuple is cheap to make.
    """

    code: str
    node: str
    args: Mapping[str, object] = MappingProxyType({})
    related: tuple[str, ...] = ()
    variant: str | None = None
    span: Span | None = None


class RelatedSource(Protocol):
    """Where a file's related nodes are looked up: the places and model of one check."""

    def related(self, node: str) -> tuple[Span, str]:
        """Where ``node`` is written, and what it is called (``Anne Holm (anne)``)."""
        ...


class Related:
    """Another node a finding involves (a person, a task, a forum): where it is
    written and what it is called.

    Made by a check as *pending*: both are looked up when first asked. Most outputs
    (text, GitHub, GitLab, JUnit) show neither, and a file where each of 100,000
    contributors has a finding would otherwise place and name every one of them.
    :meth:`settle` looks them up now and lets the file's places go; pickling settles.
    """

    __slots__ = ("_label", "_source", "_span", "node")

    def __init__(self, node: str, span: Span, label: str) -> None:
        self.node = node
        self._span: Span | None = span
        self._label = label
        self._source: RelatedSource | None = None

    @classmethod
    def pending(cls, node: str, source: RelatedSource) -> Related:
        related = cls.__new__(cls)
        related.node = node
        related._span = None
        related._label = ""
        related._source = source
        return related

    def settle(self) -> None:
        source = self._source
        if source is not None:
            self._span, self._label = source.related(self.node)
            self._source = None

    @property
    def span(self) -> Span:
        self.settle()
        assert self._span is not None  # settled, or made with its span
        return self._span

    @property
    def label(self) -> str:
        self.settle()
        return self._label

    def _key(self) -> tuple[str, Span, str]:
        return (self.node, self.span, self.label)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Related):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Related(node={self.node!r}, span={self.span!r}, label={self.label!r})"

    def __reduce__(self) -> tuple[type[Related], tuple[str, Span, str]]:
        return (Related, self._key())


class RelatedEntries(Protocol):
    """Where a file's :class:`Related` entries come from: one per node, shared by every
    finding that names it."""

    def entry(self, node: str) -> Related: ...


class RelatedList(Sequence[Related]):
    """A finding's related nodes, made into :class:`Related` entries when first read.

    A check names them as node paths; a file where each of 100,000 contributors has a
    finding would otherwise make a tuple of entries per finding that most outputs never
    read. Compares, hashes and pickles as the tuple of its entries.
    """

    __slots__ = ("_entries", "_nodes", "_source")

    def __init__(self, nodes: tuple[str, ...], source: RelatedEntries) -> None:
        self._nodes = nodes
        self._source: RelatedEntries | None = source
        self._entries: tuple[Related, ...] = ()

    def _items(self) -> tuple[Related, ...]:
        source = self._source
        if source is not None:
            entry = source.entry
            self._entries = tuple([entry(node) for node in self._nodes])
            self._source = None
        return self._entries

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[Related]:
        return iter(self._items())

    @overload
    def __getitem__(self, index: int) -> Related: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Related, ...]: ...

    def __getitem__(self, index: int | slice) -> Related | tuple[Related, ...]:
        return self._items()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RelatedList):
            return self._items() == other._items()
        if isinstance(other, tuple):
            return self._items() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._items())

    def __repr__(self) -> str:
        return repr(self._items())

    def __reduce__(self) -> tuple[type[tuple[Related, ...]], tuple[tuple[Related, ...]]]:
        return (tuple, (self._items(),))


class Finding(NamedTuple):
    """One finding, as every output shows it. A named tuple, like :class:`Hit`: a
    findings-heavy check makes 100,000 and a tuple is made in one step; copies with
    changes are made with ``_replace``."""

    code: str
    name: str
    severity: Severity
    message: str
    path: str
    span: Span
    node: str
    fix: str = ""
    related: Sequence[Related] = ()

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    @property
    def fingerprint(self) -> str:
        """Stable identity from rule, file and node: never from line numbers."""
        return fingerprint(self.code, self.path, self.node)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return SORT_KEY(self)


#: :meth:`Finding.sort_key` as one C call (a findings-heavy check sorts 100,000).
SORT_KEY = attrgetter("path", "span.line", "span.column", "code", "node")


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything known about one checked file: what the reporters, the renderers and
    the editor's server work from."""

    path: str  # as displayed: given on the command line, or dir joined with relative path
    findings: tuple[Finding, ...]  # sorted by line, column, code; suppressions applied
    metrics: Mapping[str, float] = field(default_factory=dict)
    org: Organisation | None = None  # None when nothing could be modelled
    graph: OrgGraph | None = None
    suppressed: int = 0  # findings hidden by suppression comments
    #: the metrics of each unit (its people's tasks), by unit id; empty without units
    unit_metrics: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    lang: str = "en"  # the language its findings are written in


def normalise_path(path: str) -> str:
    """A displayed path as fingerprints and CI systems see it: posix, no leading ``./``."""
    normalised = path.replace("\\", "/")
    while normalised.startswith("./"):
        normalised = normalised[2:]
    return normalised


def fingerprint(code: str, path: str, node: str) -> str:
    digest = hashlib.sha256(f"{code}\0{normalise_path(path)}\0{node}".encode()).hexdigest()
    return digest[:32]


def count_by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts
