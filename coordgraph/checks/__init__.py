"""The rules: each declared once, next to its check.

A rule is its code, name, default severity and typed parameters, declared with
:func:`rule` on the small pure function that checks it (the input rules CG0, whose
findings come from reading the file, are declared in :mod:`coordgraph.checks.input`).
Its words, in Danish and English, are in ``coordgraph/prose/<code>.yaml``; its fixture
is ``tests/rules/<code>.yaml``. The registry (:func:`registry`) is what the catalogue,
the engine, ``explain``, the docs, the renderers and the tests read: nothing keeps a
copy of it.

A check takes a :class:`Context` and yields :class:`~coordgraph.findings.Hit` objects.
It never formats text and never knows positions: the engine turns hits into findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coordgraph.findings import Hit, Severity
from coordgraph.graph import OrgGraph
from coordgraph.model import COMPLEXITIES, FREQUENCIES, Organisation

#: Each family: the prefix of its codes, and its name.
FAMILIES = {"input": "CG0", "coordination": "CG1", "mandate": "CG2", "drift": "CG3"}


@dataclass(frozen=True, slots=True)
class Context:
    org: Organisation
    graph: OrgGraph
    params: Mapping[str, Any]  # the rule's parameters: declared defaults, then settings
    as_of: date  # the check date (``--as-of``, default today)
    #: every rule's parameters, for a rule that shares another's (CG110 uses CG102's)
    settings: Mapping[str, Mapping[str, Any]] | None = None

    def params_of(self, code: str) -> Mapping[str, Any]:
        if self.settings is not None and code in self.settings:
            return self.settings[code]
        return registry()[code].defaults


CheckFn = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Param:
    """A rule parameter: its name, its kind of value and its default.

    Kinds: ``count`` (a whole number, 0 or more), ``flag`` (true or false),
    ``frequency_by_complexity`` (for each complexity, a frequency).
    """

    name: str
    kind: str
    default: Any

    def problem(self, value: Any) -> tuple[str, dict[str, object]] | None:
        """Why ``value`` cannot be this parameter's, as a sentence of the terminology
        (``config.<name>``) and its values, or None."""
        if self.kind == "count":
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            return None if ok else ("param_count", {})
        if self.kind == "flag":
            return None if isinstance(value, bool) else ("true_or_false", {})
        if self.kind == "frequency_by_complexity":
            if not isinstance(value, Mapping):
                return ("param_table", {})
            for key, given in value.items():
                if key not in COMPLEXITIES:
                    return ("param_not_complexity", {"value": key})
                if given not in FREQUENCIES:
                    return (
                        "param_not_frequency",
                        {"value": given, "known": ", ".join(FREQUENCIES)},
                    )
            return None
        raise ValueError(f"unknown parameter kind {self.kind}")

    def merged(self, value: Any) -> Any:
        """The setting on top of the default (a table keeps the entries not given)."""
        if self.kind == "frequency_by_complexity":
            return {**self.default, **value}
        return value


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as declared: everything about it but its words (see the prose files)."""

    code: str
    name: str
    severity: Severity
    params: tuple[Param, ...] = ()
    check: CheckFn | None = None  # None: an input rule, found while reading the file
    #: what it looks at (a key of the terminology's ``scope`` words)
    scope: str = "file"
    #: its finding is a missing communication between two people (drawn as a dashed line)
    missing_link: bool = False

    @property
    def family(self) -> str:
        for family, prefix in FAMILIES.items():
            if self.code.startswith(prefix):
                return family
        raise ValueError(self.code)

    @property
    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


_REGISTRY: dict[str, Rule] = {}


#: What a rule may look at (``scope``).
SCOPES = ("file", "delegated", "mandates", "leadership", "tasks", "people", "leaders", "direction")


def declare(
    code: str,
    name: str,
    severity: Severity = Severity.WARNING,
    params: tuple[Param, ...] = (),
    check: CheckFn | None = None,
    scope: str = "file",
    missing_link: bool = False,
) -> Rule:
    """Add a rule to the registry (codes and names are unique)."""
    if code in _REGISTRY or any(r.name == name for r in _REGISTRY.values()):
        raise ValueError(f"{code} {name} is declared twice")
    if scope not in SCOPES:
        raise ValueError(f"{code}: unknown scope {scope}")
    declared = Rule(code, name, severity, params, check, scope, missing_link)
    declared.family  # noqa: B018 - a code outside the families fails here
    _REGISTRY[code] = declared
    return declared


def rule(
    code: str,
    name: str,
    severity: Severity = Severity.WARNING,
    *,
    scope: str,
    params: tuple[Param, ...] = (),
    missing_link: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Declare the rule that the decorated function checks."""

    def register(fn: CheckFn) -> CheckFn:
        declare(code, name, severity, params, fn, scope, missing_link)
        return fn

    return register


def registry() -> dict[str, Rule]:
    """Every rule, in code order (the family modules are imported on first use)."""
    from coordgraph.checks import coordination, drift, input, mandate  # noqa: F401

    return dict(sorted(_REGISTRY.items()))
