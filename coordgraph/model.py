"""The organisation as plain frozen dataclasses.

The model is built by :mod:`coordgraph.schema` from validated YAML nodes. It is always
internally consistent: every id a field refers to exists in the model (references that
could not be resolved were reported as CG004 and left out), and ``part_of`` /
``reports_to`` contain no cycles. Rules can therefore index without guards.
Mappings keep the order of the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from coordgraph import nodepath

ROLES = ("leader", "inbetweener", "staff", "external")
TASK_KINDS = ("leadership", "practice")
COMPLEXITIES = ("low", "medium", "high")
TRUST_LEVELS = ("low", "medium", "high")
CRITERION_KINDS = ("outcome", "output")
DIRECTION_KINDS = ("pedagogical_line", "values", "goals")

#: Communication frequencies, most frequent first.
FREQUENCIES = (
    "daily",
    "weekly",
    "biweekly",
    "monthly",
    "quarterly",
    "halfyearly",
    "yearly",
    "biennial",
)
MANDATE_FORMS = ("written", "oral")
LANGUAGES = ("da", "en")
#: What a task is when the file does not say (shown as a default, never as written).
DEFAULT_KIND = "leadership"
DEFAULT_COMPLEXITY = "medium"
#: Follow-up intervals (``follow_up.every``); no daily follow-up in the format.
FOLLOW_UP_INTERVALS = FREQUENCIES[1:]
#: Rank of a frequency: lower is more frequent.
FREQUENCY_RANK = {name: rank for rank, name in enumerate(FREQUENCIES)}


def more_frequent(a: str | None, b: str | None) -> str | None:
    """Return the more frequent of two frequencies (``None`` means no contact)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if FREQUENCY_RANK[a] <= FREQUENCY_RANK[b] else b


def at_least_as_frequent(actual: str, required: str) -> bool:
    """True when contact at ``actual`` frequency satisfies a ``required`` frequency."""
    return FREQUENCY_RANK[actual] <= FREQUENCY_RANK[required]


@dataclass(frozen=True, slots=True)
class DirectionElement:
    """One element of the direction: a pedagogical-line element, a value or a goal."""

    id: str
    kind: str  # one of DIRECTION_KINDS
    text: str


@dataclass(frozen=True, slots=True)
class Unit:
    """A part of the structure (område, institution, hus, stue, gruppe, team...)."""

    id: str
    name: str
    kind: str | None = None  # free text
    part_of: str | None = None  # parent unit
    leader: str | None = None  # the person who leads or coordinates it
    forum: str | None = None  # the unit's own recurring meeting


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str  # one of ROLES
    title: str | None = None
    reports_to: str | None = None
    leadership_hours: float | None = None
    unit: str | None = None  # home unit
    also_in: tuple[str, ...] = ()  # other units they work in
    started: date | None = None  # informative: newcomers are marked in the pack


@dataclass(frozen=True, slots=True)
class Forum:
    """A recurring meeting: every member communicates with every other member."""

    id: str
    members: tuple[str, ...]
    frequency: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class Mandate:
    """Hvad er mandatet? Who granted it, what it decides, its limits and validity."""

    granted_by: str | None = None
    decides: tuple[str, ...] = ()
    limits: str | None = None
    valid_until: date | None = None
    may_delegate: bool = False
    announced_to: tuple[str, ...] = ()  # people or forum ids
    form: str | None = None  # "oral" | "written"; None: not written (written by default)

    @property
    def is_oral(self) -> bool:
        return self.form == "oral"


@dataclass(frozen=True, slots=True)
class Resources:
    """Hvad er ressourcerne?"""

    hours_per_week: float | None = None
    budget_dkk: float | None = None
    note: str | None = None
    form: str | None = None  # "oral" | "written"; None: not written (written by default)

    @property
    def is_oral(self) -> bool:
        return self.form == "oral"


@dataclass(frozen=True, slots=True)
class SuccessCriterion:
    text: str
    kind: str | None = None  # "outcome" | "output" | None for a plain string


@dataclass(frozen=True, slots=True)
class FollowUp:
    """Opfølgning: with whom, how often, and when it last happened."""

    with_: str | None = None  # ``follow_up.with`` in the file
    every: str | None = None
    last: date | None = None


@dataclass(frozen=True, slots=True)
class Recurrence:
    """A duty that comes round: how often, and when it was last done."""

    every: str | None = None
    last: date | None = None  # a month written as ``2024-11`` counts as its last day


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    title: str
    owner: str
    kind: str | None = None  # as written; see ``is_leadership``
    description: str | None = None
    contributors: tuple[str, ...] = ()
    complexity: str | None = None  # as written; see ``effective_complexity``
    part_of: str | None = None
    depends_on: tuple[str, ...] = ()
    mandate: Mandate | None = None
    resources: Resources | None = None
    success_criteria: tuple[SuccessCriterion, ...] = ()
    follow_up: FollowUp | None = None
    serves: tuple[str, ...] = ()
    #: Where each kept contributor / dependency stood in the file's list (entries that
    #: referred to nothing were left out, so positions and indexes can differ); empty
    #: when nothing was left out (each stands where it was written).
    contributors_index: tuple[int, ...] = ()
    depends_on_index: tuple[int, ...] = ()
    venue: str | None = None  # the forum where the task is carried out and decided
    informal: bool = False  # carried in practice, never handed over
    recurs: Recurrence | None = None

    @property
    def is_leadership(self) -> bool:
        return (self.kind or DEFAULT_KIND) == "leadership"

    @property
    def effective_kind(self) -> str:
        return self.kind or DEFAULT_KIND

    @property
    def effective_complexity(self) -> str:
        return self.complexity or DEFAULT_COMPLEXITY

    def contributor_node(self, position: int) -> str:
        """Node of ``contributors[position]`` as written in the file."""
        return self.contributor_nodes((position,))[0]

    def contributor_nodes(self, positions: Iterable[int]) -> list[str]:
        """:meth:`contributor_node` of each position (the task's path built once)."""
        base, written, child = (
            nodepath.task(self.id, "contributors"),
            self.contributors_index,
            nodepath.child,
        )
        return [child(base, written[p] if written else p) for p in positions]

    def dependency_node(self, position: int) -> str:
        """Node of ``depends_on[position]`` as written in the file."""
        index = self.depends_on_index[position] if self.depends_on_index else position
        return nodepath.task(self.id, "depends_on", index)


@dataclass(frozen=True, slots=True)
class Link:
    """One-to-one communication between two people (undirected)."""

    index: int  # position in the ``links`` list, 0-based; the node is ``links/<index>``
    between: tuple[str, str]
    frequency: str
    channel: str | None = None
    trust: str | None = None


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    direction: Mapping[str, DirectionElement] = field(default_factory=dict)
    people: Mapping[str, Person] = field(default_factory=dict)
    forums: Mapping[str, Forum] = field(default_factory=dict)
    tasks: Mapping[str, Task] = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    units: Mapping[str, Unit] = field(default_factory=dict)
    language: str | None = None  # organisation.language: da | en

    def pedagogical_line(self) -> tuple[DirectionElement, ...]:
        return tuple(e for e in self.direction.values() if e.kind == "pedagogical_line")
