"""Check one organisation file: load -> model -> graph -> checks -> findings.

This module is the only place that joins the pipeline's stages; the CLI, the
reporters and the renderers all work from a :class:`FileResult`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from coordgraph.catalogue import Ruleset, load_ruleset
from coordgraph.findings import Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation


@dataclass(frozen=True, slots=True)
class Options:
    """How to check: which ruleset (already adjusted by config), language, date."""

    ruleset: Ruleset
    as_of: date
    lang: str = "en"
    select: tuple[str, ...] = ()  # selectors (code, prefix or name); empty = all enabled
    ignore: tuple[str, ...] = ()

    @classmethod
    def default(cls, as_of: date | None = None, lang: str = "en") -> Options:
        return cls(ruleset=load_ruleset("default"), as_of=as_of or date.today(), lang=lang)


@dataclass(frozen=True, slots=True)
class FileResult:
    """Everything known about one checked file."""

    path: str  # as displayed: given on the command line, or dir joined with relative path
    findings: tuple[Finding, ...]  # sorted by line, column, code; suppressions applied
    metrics: Mapping[str, float] = field(default_factory=dict)
    org: Organisation | None = None  # None when nothing could be modelled
    graph: OrgGraph | None = None
    suppressed: int = 0  # findings hidden by suppression comments
