"""Check one organisation file: load -> model -> graph -> checks -> findings.

This module is the only place that joins the pipeline's stages; the CLI, the
reporters and the renderers all work from a :class:`FileResult`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coordgraph.catalogue import Ruleset, load_ruleset
from coordgraph.checks import Context, load_all
from coordgraph.findings import FILE_START, Finding, Hit, Related, Span
from coordgraph.graph import OrgGraph
from coordgraph.loader import Limits, compose, paused_gc, read
from coordgraph.model import Organisation
from coordgraph.schema import build
from coordgraph.stream import build_streaming
from coordgraph.suppress import apply_suppressions

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


#: Input rules that can never be switched off: a file that cannot be read must not pass.
ALWAYS_ON = frozenset({"CG001", "CG005"})
#: Message arguments whose values are words to translate via the catalogue's ``terms``.
TERM_ARGS = frozenset({"expected", "actual", "kind"})


def limits_from(ruleset: Ruleset) -> Limits:
    spec = ruleset.rules.get("CG005")
    params = dict(spec.params) if spec is not None else {}
    defaults = Limits()
    return Limits(
        max_bytes=int(params.get("max_bytes", defaults.max_bytes)),
        max_depth=int(params.get("max_depth", defaults.max_depth)),
        max_aliases=int(params.get("max_aliases", defaults.max_aliases)),
        max_nodes=int(params.get("max_nodes", defaults.max_nodes)),
    )


def active_codes(options: Options) -> frozenset[str]:
    """Codes that run under this ruleset, --select and --ignore."""
    ruleset = options.ruleset
    codes = {code for code, spec in ruleset.rules.items() if spec.enabled}
    if options.select:
        selected = {c for s in options.select for c in ruleset.select(s)}
        codes &= selected
    for selector in options.ignore:
        codes -= set(ruleset.select(selector))
    return frozenset(codes | ALWAYS_ON)


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
    return FileResult(display_path, tuple(_findings([hit], display_path, {}, None, options)))


def check_text(data: str | bytes, path: str, options: Options) -> FileResult:
    """Check one organisation given as text or bytes; ``path`` is what findings show.

    The cyclic garbage collector is paused for the whole check: nodes, model and graph
    are millions of objects and almost none in cycles; rescanning them would cost more than
    the check itself (the node tree is freed by reference counting on the way out).
    """
    with paused_gc():
        return _check_text(data, path, options)


def _check_text(data: str | bytes, path: str, options: Options) -> FileResult:
    ruleset = options.ruleset
    codes = active_codes(options)
    limits = limits_from(ruleset)
    loaded = read(data, limits)
    built = None
    if loaded.text is not None:
        # One pass over the events for an ordinary file; the node tree for the rest.
        built = build_streaming(loaded.text, limits)
        if built is None:
            loaded = compose(loaded.text, limits)
    if built is None:
        built = build(loaded.root)
    hits = loaded.hits + built.hits
    org = built.org
    graph = OrgGraph(org) if org is not None else None
    metrics: dict[str, float] = {}
    if org is not None and graph is not None:
        checks = load_all()
        for code, spec in ruleset.rules.items():
            fn = checks.get(code)
            if fn is None or code not in codes:
                continue
            context = Context(org=org, graph=graph, params=spec.params, as_of=options.as_of)
            hits.extend(fn(context))
        metrics = _metrics(graph)
    hits = [h for h in hits if h.code in codes]
    findings = _findings(hits, path, built.positions, org, options)
    suppressed = 0
    if loaded.text is not None and "coordgraph:" in loaded.text:
        findings, suppressed = apply_suppressions(
            findings, loaded.text, path, options, "CG006" in codes
        )
    findings.sort(key=Finding.sort_key)
    return FileResult(path, tuple(findings), metrics, org, graph, suppressed)


def _metrics(graph: OrgGraph) -> dict[str, float]:
    try:
        from coordgraph.metrics import compute_metrics
    except ImportError:  # metrics land with the rules; until then there are none
        return {}
    return compute_metrics(graph)


def resolve_span(node: str, positions: Mapping[str, Span]) -> Span:
    """The position of ``node``, else of its nearest ancestor that is in the file."""
    current = node
    while current:
        span = positions.get(current)
        if span is not None:
            return span
        cut = current.rfind("/")
        current = current[:cut] if cut > 0 else ""
    return FILE_START


class _Args(dict):
    """Message arguments; a missing one shows as ``{name}`` instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


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


def _findings(
    hits: list[Hit],
    path: str,
    positions: Mapping[str, Span],
    org: Organisation | None,
    options: Options,
) -> list[Finding]:
    ruleset, lang = options.ruleset, options.lang
    result = []
    for hit in hits:
        spec = ruleset.rules[hit.code]
        args = _Args(hit.args)
        for name in TERM_ARGS & args.keys():
            args[name] = ruleset.term(str(args[name]), lang)
        message = spec.template(hit.variant, lang).format_map(args)
        span = hit.span or resolve_span(hit.node, positions)
        related = tuple(
            Related(node, resolve_span(node, positions), _label(node, org)) for node in hit.related
        )
        result.append(
            Finding(
                code=hit.code,
                name=spec.name,
                severity=spec.severity,
                message=message,
                path=path,
                span=span,
                node=hit.node or _node_at(span),
                fix=spec.text("fix", lang),
                related=related,
            )
        )
    return result


def _node_at(span: Span) -> str:
    """A node for findings about a place rather than a part of the model (syntax errors)."""
    return f"line/{span.line}"
