"""The rule checks: one small pure function per rule, grouped by family.

A check takes a :class:`Context` and yields :class:`~coordgraph.findings.Hit` objects.
It never formats text and never knows positions: the engine turns hits into findings
using the rule catalogue (``rules/default.yaml``) for severity, message and fix.
Register a check with ``@check("CG201")``; the registry is :data:`CHECKS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from coordgraph.findings import Hit
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation


@dataclass(frozen=True, slots=True)
class Context:
    org: Organisation
    graph: OrgGraph
    params: Mapping[str, Any]  # the rule's parameters, defaults merged with config
    as_of: date  # check date for CG205 / CG305


CheckFn = Callable[[Context], Iterable[Hit]]

CHECKS: dict[str, CheckFn] = {}


def check(code: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check for rule ``code``."""

    def register(fn: CheckFn) -> CheckFn:
        if code in CHECKS:
            raise ValueError(f"two checks registered for {code}")
        CHECKS[code] = fn
        return fn

    return register


def load_all() -> dict[str, CheckFn]:
    """Import the family modules (which register their checks) and return the registry."""
    from coordgraph.checks import coordination, drift, mandate  # noqa: F401

    return CHECKS
