"""Check one organisation file: load -> model -> graph -> checks -> findings.

This module is the only place that joins the pipeline's stages; the CLI, the
reporters and the renderers all work from a :class:`FileResult`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordgraph import nodepath
from coordgraph.assemble import assemble
from coordgraph.catalogue import FIXED, Ruleset, load_ruleset
from coordgraph.checks import Context
from coordgraph.findings import (
    FILE_START,
    SORT_KEY,
    FileResult,
    Finding,
    Hit,
    Related,
    RelatedList,
    Severity,
    Span,
)
from coordgraph.graph import OrgGraph
from coordgraph.loader import Limits, paused_gc, read
from coordgraph.metrics import Measured, compute_metrics, unit_metrics
from coordgraph.model import Organisation
from coordgraph.places import Places
from coordgraph.schema import ORG, Validator
from coordgraph.suppress import apply_suppressions
from coordgraph.terms import LANGUAGES, Parts, fill_parts, template_parts
from coordgraph.validate import validate

if TYPE_CHECKING:
    from coordgraph.inputs import Problem


@dataclass(frozen=True, slots=True)
class Options:
    """How to check: which ruleset (already adjusted by config), language, date."""

    ruleset: Ruleset
    as_of: date
    lang: str = "en"
    select: tuple[str, ...] = ()  # selectors (code, prefix or name); empty = all enabled
    ignore: tuple[str, ...] = ()
    #: True when neither --lang nor the config chose the language: a file that says
    #: ``organisation.language`` then gets its findings in that language.
    follow_file: bool = False
    #: Findings name the other nodes they involve (:class:`Related`); the CLI turns
    #: this off for outputs that show none, so nothing holds the file's places.
    related: bool = True

    @classmethod
    def default(cls, as_of: date | None = None, lang: str = "en") -> Options:
        return cls(ruleset=load_ruleset("default"), as_of=as_of or date.today(), lang=lang)


def limits_from(ruleset: Ruleset) -> Limits:
    """The input limits: CG005's parameters (declared with their defaults)."""
    return Limits(**ruleset.rules["CG005"].params)


def active_codes(options: Options) -> frozenset[str]:
    """Codes that run under this ruleset, --select and --ignore."""
    ruleset = options.ruleset
    codes = {code for code, spec in ruleset.rules.items() if spec.enabled}
    if options.select:
        selected = {c for s in options.select for c in ruleset.select(s)}
        codes &= selected
    for selector in options.ignore:
        codes -= set(ruleset.select(selector))
    return frozenset(codes | FIXED)  # a file that cannot be read never passes


def check_file(
    path: Path, display_path: str, options: Options, problem: Problem | None = None
) -> FileResult:
    """Check the file at ``path``; findings carry ``display_path``.

    Never opens anything but a regular file (a FIFO would block), checks the size
    before reading and reads at most the size limit + 1 bytes. A path that cannot be
    read (or the ``problem`` already found for it while collecting) is a CG001
    ``unreadable`` finding; a file over the limit is CG005 ``size``.
    """
    from coordgraph.inputs import read_bounded

    limit = limits_from(options.ruleset).max_bytes
    data = None
    size = 0
    if problem is None:
        data, problem, size = read_bounded(path, limit)
    if problem is not None:
        args: dict[str, object] = {"detail": problem.detail(options.lang)}
        hit = Hit("CG001", "", args, variant="unreadable", span=Span.point(1, 1))
    elif data is None:
        args = {"size": size, "limit": limit}
        hit = Hit("CG005", "", args, variant="size", span=Span.point(1, 1))
    else:
        return check_text(data, display_path, options)
    findings = tuple(_findings([hit], display_path, None, None, options))
    return FileResult(display_path, findings, lang=options.lang)


def check_text(data: str | bytes, path: str, options: Options) -> FileResult:
    """Check one organisation given as text or bytes; ``path`` is what findings show.

    What only an editor needs (the text, the places of everything) is let go before the
    garbage collector runs again, so its first pass has only the result to look at;
    findings with related nodes hold the places until those are looked up (see
    :class:`~coordgraph.findings.Related`).
    """
    with paused_gc():
        return _analyse(data, path, options, False).result


@dataclass(frozen=True, slots=True)
class Analysis:
    """A check's result and what reading the file left: the text, the validator (its
    declared ids, references and places), for an editor that asks where things are."""

    result: FileResult
    text: str | None
    validator: Validator | None


def analyse(
    data: str | bytes, path: str, options: Options, every_reference: bool = False
) -> Analysis:
    """Check one organisation and keep what an editor needs besides the findings.

    The cyclic garbage collector is paused for the whole check: model and graph are
    hundreds of thousands of objects and almost none in cycles; rescanning them would
    cost more than the check itself.
    """
    with paused_gc():
        return _analyse(data, path, options, every_reference)


def _analyse(data: str | bytes, path: str, options: Options, every_reference: bool) -> Analysis:
    ruleset = options.ruleset
    codes = active_codes(options)
    limits = limits_from(ruleset)
    text, hits = read(data, limits)
    org = None
    validator = None
    if text is not None:
        validated = validate(text, ORG, limits, every_reference)
        hits.extend(validated.input_hits)
        validator = validated.validator
        if options.follow_file:
            own = declared_language(validated.raw, text)
            if own is not None and own != options.lang:
                options = replace(options, lang=own)
        if not validated.stopped and not validated.empty:
            built = assemble(validated.raw, validator)
            hits.extend(built.hits)
            org = built.org
    places = validator.places if validator is not None else None
    graph = OrgGraph(org) if org is not None else None
    metrics: Mapping[str, float] = {}
    per_unit: Mapping[str, Mapping[str, float]] = {}
    if org is not None and graph is not None:
        settings = ruleset.settings
        for code, spec in ruleset.rules.items():
            fn = spec.rule.check
            if fn is None or code not in codes or not spec.enabled:
                continue
            context = Context(org, graph, spec.params, options.as_of, settings)
            hits.extend(fn(context))
        metrics = Measured(partial(compute_metrics, graph))
        per_unit = Measured[dict[str, float]](partial(unit_metrics, graph))
    hits = [h for h in hits if h.code in codes]
    findings = _findings(hits, path, places, org, options)
    suppressed = 0
    if text is not None and "coordgraph:" in text:
        findings, suppressed, unused = apply_suppressions(findings, text, ruleset.select)
        if "CG006" in codes:
            findings += _findings(unused, path, places, org, options)
    findings.sort(key=SORT_KEY)
    result = FileResult(
        path, tuple(findings), metrics, org, graph, suppressed, per_unit, options.lang
    )
    return Analysis(result, text, validator)


_LANGUAGE_LINE = re.compile(r"""\blanguage\s*:\s*["']?(da|en)["']?\s*(?:[,}#]|$)""", re.M)


def declared_language(raw: Any, text: str) -> str | None:
    """The file's own ``organisation.language`` (da or en), if it says one.

    From the validated values; a file that stopped at a syntax error has none, so its
    text is searched for the line instead (only ``organisation`` has a ``language`` key),
    and a Danish file with a typo still gets its error in Danish.
    """
    if isinstance(raw, dict):
        organisation = raw.get("organisation")
        if isinstance(organisation, dict):
            own = organisation.get("language")
            return own if own in LANGUAGES else None
        return None
    if "language" not in text:
        return None
    match = _LANGUAGE_LINE.search(text)
    return match.group(1) if match else None


def _label(node: str, org: Organisation | None) -> str:
    section, _, rest = node.partition("/")
    ident = rest.split("/", 1)[0]
    if org is not None:
        if section == "people" and ident in org.people:
            return f"{org.people[ident].name} ({ident})"
        if section == "tasks" and ident in org.tasks:
            return f"'{org.tasks[ident].title}' ({ident})"
        if section == "forums" and ident in org.forums:
            return f"{org.forums[ident].name or ident} ({ident})"
    return node


class _Whereabouts:
    """A check's places and model, for the related nodes of its findings (looked up
    when an output asks; see :class:`Related`)."""

    __slots__ = ("_org", "_resolve")

    def __init__(self, resolve: Callable[[str], Span], org: Organisation | None) -> None:
        self._resolve = resolve
        self._org = org

    def related(self, node: str) -> tuple[Span, str]:
        return self._resolve(node), _label(node, self._org)


class _Entries:
    """A file's related entries, one per node (the same people come back in many
    findings), made when an output first reads a finding's. Kept apart from
    :class:`_Whereabouts`, which each entry holds until it is looked up: no cycle
    keeps a file's model alive once its findings go."""

    __slots__ = ("_made", "_source")

    def __init__(self, source: _Whereabouts) -> None:
        self._source = source
        self._made: dict[str, Related] = {}

    def entry(self, node: str) -> Related:
        known = self._made.get(node)
        if known is None:
            known = self._made[node] = Related.pending(node, self._source)
        return known


def _findings(
    hits: list[Hit],
    path: str,
    places: Places | None,
    org: Organisation | None,
    options: Options,
) -> list[Finding]:
    ruleset, lang = options.ruleset, options.lang
    result: list[Finding] = []
    append = result.append
    # a finding from its fields in order, without the named tuple's keyword handling
    new, related_list = tuple.__new__, RelatedList
    resolve = places.resolve if places is not None else _file_start
    entries = _Entries(_Whereabouts(resolve, org)) if options.related else None
    # The same tasks and people come back in many findings: each node's place and each
    # rule's words are made once, and related entries only when an output reads them.
    # A findings-heavy file makes a hundred thousand findings: keep this lean.
    span_of: dict[str, Span] = {}
    rules: dict[tuple[str, str | None], tuple[str, Severity, Parts, str]] = {}
    last: tuple[str, str | None] = ("", None)  # a rule's hits come together
    words: tuple[str, Severity, Parts, str] = ("", Severity.INFO, (), "")
    for code, node, args, related_nodes, variant, span in hits:
        if code != last[0] or variant != last[1]:
            last = (code, variant)
            known = rules.get(last)
            if known is None:
                spec = ruleset.rules[code]
                known = rules[last] = (
                    spec.name,
                    spec.severity,
                    template_parts(spec.template(variant, lang)),
                    spec.fix_for(variant, lang),
                )
            words = known
        if span is None:
            span = span_of.get(node)
            if span is None:
                span = span_of[node] = resolve(node)
        related: Sequence[Related] = ()
        if related_nodes and entries is not None:
            related = related_list(related_nodes, entries)
        append(
            new(
                Finding,
                (
                    code,
                    words[0],
                    words[1],
                    fill_parts(words[2], args, lang),
                    path,
                    span,
                    node or _node_at(span),
                    words[3],
                    related,
                ),
            )
        )
    return result


def _file_start(node: str) -> Span:
    """Where a finding is when there is no file to place it in."""
    return FILE_START


def _node_at(span: Span) -> str:
    """A node for findings about a place rather than a part of the model (syntax errors)."""
    return nodepath.join("line", span.line)
