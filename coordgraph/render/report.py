"""The meeting pack: a multi-page PDF for the leadership meeting.

The overview (organisation, check date, the three metrics, findings per family, the
organisation diagram), a page per unit, then a page per task that has findings (a
finding belongs to task X when its node starts with ``tasks/X``), in file order: the
three questions of distributed leadership answered or open, success criteria,
follow-up status, the findings in words with a plain-language suggestion, and the
task's focused diagram - one agenda item per page.

Nothing is smaller than 9 pt at A4 landscape: text that does not fit continues on the
next page and a diagram is drawn at full size (beside its text or on a page of its own)
or not at all. Pages, lists and diagram sizes are capped, so a large organisation's
pack stays readable and costs a bounded amount per page. Pages are saved through
``PdfPages`` with fixed metadata (no creation date), so the same input gives the same
bytes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING, Any

from coordgraph import nodepath
from coordgraph.checks.common import add_days, due_date
from coordgraph.findings import Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation, Task
from coordgraph.render import texts
from coordgraph.render.layout import Layout, layout_scene
from coordgraph.render.scene import (
    Scene,
    build_scene,
    flat,
    leadership_only,
    person_of_finding,
    task_of_finding,
    unit_members,
    units_only,
)
from coordgraph.render.textfit import truncate, wrap
from coordgraph.terms import fill, term

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from coordgraph.diff import Diff
    from coordgraph.findings import FileResult

PAGE = (11.69, 8.27)  # A4 landscape, inches
MARGIN = 0.5
FAMILIES = (("CG0", "input"), ("CG1", "coordination"), ("CG2", "mandate"), ("CG3", "drift"))
METRICS = ("congruence", "mandate_completeness", "anchoring")


def word(key: str, lang: str, **values: object) -> str:
    """The pack's word ``key`` (``pack.<key>`` in the terminology), filled in."""
    return fill(term(f"pack.{key}", lang), values, lang)


#: Every rule's parameters by code (``Ruleset.settings``): the pack's dates use the
#: same grace as CG305 and CG310.
Settings = Mapping[str, Mapping[str, Any]]


def _defaults() -> Settings:
    from coordgraph.catalogue import load_ruleset

    return load_ruleset("default").settings


# -- what goes on which page ----------------------------------------------------------------


def task_pages(
    findings: Sequence[Finding], org: Organisation | None
) -> list[tuple[str, list[Finding]]]:
    """Tasks with findings, in file order (tasks the model lacks last, sorted by id)."""
    by_task: dict[str, list[Finding]] = {}
    for finding in findings:
        task_id = task_of_finding(finding, org)
        if task_id is not None:
            by_task.setdefault(task_id, []).append(finding)
    order = {task_id: i for i, task_id in enumerate(org.tasks)} if org is not None else {}
    keys = sorted(by_task, key=lambda t: (t not in order, order.get(t, 0), t))
    return [(key, by_task[key]) for key in keys]


def format_metric(value: object) -> str:
    """A share as a percentage; missing, non-numeric or NaN values as an en dash."""
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return "–"
    return f"{round(value * 100)} %"


# -- text flow ------------------------------------------------------------------------------

#: Body text size (points). Every size on a page is this times a block's scale, and no
#: scale goes below 0.9: nothing in the pack is smaller than 9 pt at A4 landscape.
BODY = 10.0
LEADING = 1.35
MAX_TASK_PAGES = 25  # tasks with a page of their own; the rest are listed on summary pages
MAX_UNIT_PAGES = 15  # units with an overview page of their own
MAX_LISTED = 60  # entries on the summary, people and "other findings" lists before a cut
MAX_TEXT_PAGES = 3  # pages of text for one item (overview, unit, task) before it is cut
DIAGRAM_NODES = 40  # a diagram with more cards cannot be readable on one page: not laid out
UNIT_UNFOLDED = 14  # a unit page folds its sub-units beyond this many cards
NEWCOMER_DAYS = 365  # people who started within a year are marked as new on unit pages


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph: relative size (never below 0.9), weight, indent (inches), gap above."""

    text: str
    scale: float = 1.0
    bold: bool = False
    indent: float = 0.0
    before: float = 0.0
    colour: str = "#000000"


Line = tuple[str, float, bool, float, str, float]  # text, size, bold, indent, colour, gap


def paginate(blocks: Sequence[Block], width: float, heights: Sequence[float]) -> list[list[Line]]:
    """Wrap ``blocks`` to ``width`` and cut them into pages of the given heights (the last
    height repeats): text moves on to a new page instead of shrinking."""
    lines: list[Line] = []
    for block in blocks:
        size = BODY * max(0.9, block.scale)
        wrapped = wrap(block.text, width - block.indent, size, block.bold) if block.text else [""]
        for n, text in enumerate(wrapped):
            gap = block.before if n == 0 else 0.0
            lines.append((text, size, block.bold, block.indent, block.colour, gap))
    pages: list[list[Line]] = [[]]
    used = 0.0
    for line in lines:
        height = heights[min(len(pages) - 1, len(heights) - 1)]
        step = line[5] + line[1] * LEADING / 72.0
        if pages[-1] and used + step > height:
            pages.append([])
            used = 0.0
            line = (*line[:5], 0.0)  # no gap at the top of a page
            step = line[1] * LEADING / 72.0
        pages[-1].append(line)
        used += step
    return pages


def _set_lines(fig: Figure, lines: Sequence[Line], left: float, top: float) -> None:
    fig_w, fig_h = fig.get_size_inches()
    y = top
    for text, size, bold, indent, colour, gap in lines:
        y -= gap + size * LEADING / 72.0
        fig.text(
            (left + indent) / fig_w,
            y / fig_h,
            text,
            fontsize=size,
            fontweight="bold" if bold else "normal",
            color=colour,
            va="bottom",
            parse_math=False,
        )


def _header(fig: Figure, title: str, subtitle: str, page: int, pages: int, lang: str) -> None:
    fig_w, fig_h = fig.get_size_inches()
    fig.text(
        MARGIN / fig_w,
        1 - 0.55 / fig_h,
        truncate(title, fig_w - 2 * MARGIN, 16.0, True),
        fontsize=16.0,
        fontweight="bold",
        va="center",
        parse_math=False,
    )
    fig.text(
        MARGIN / fig_w,
        1 - 0.88 / fig_h,
        truncate(subtitle, fig_w - 2 * MARGIN, 10.0),
        fontsize=10.0,
        color="#333333",
        va="center",
        parse_math=False,
    )
    fig.text(
        1 - MARGIN / fig_w,
        0.3 / fig_h,
        word("page", lang, n=page, total=pages),
        fontsize=9.0,
        color="#333333",
        ha="right",
        va="center",
    )


def _severity(finding: Finding, lang: str) -> str:
    return word(f"severity.{finding.severity.value}", lang)


def finding_title(finding: Finding, lang: str) -> str:
    """``advarsel · Mangler mandat (CG201)``: the finding in words, its code second."""
    return f"{_severity(finding, lang)} · {texts.finding_word(finding.code, lang)} ({finding.code})"


def _finding_blocks(findings: Sequence[Finding], lang: str) -> list[Block]:
    """Each finding: its name in words, the message, a plain-language hint (no YAML keys)."""
    blocks = []
    for f in findings:
        blocks.append(Block(finding_title(f, lang), bold=True, before=0.08, indent=0.1))
        blocks.append(Block(f.message, indent=0.25))
        hint = texts.finding_hint(f.code, lang)
        if hint:
            blocks.append(Block(word("fix", lang, fix=hint), indent=0.25, colour="#333333"))
    return blocks


# -- pages ----------------------------------------------------------------------------------

TOP = PAGE[1] - 1.2  # where the text column starts (below the header)
BOTTOM = 0.55
TEXT_H = TOP - BOTTOM
FULL_TEXT_H = TEXT_H
FULL_W = PAGE[0] - 2 * MARGIN
DIAGRAM_TOP = PAGE[1] - 1.05

Rect = tuple[float, float, float, float]  # left, bottom, width, height (inches)
#: A diagram on a page of its own.
FULL_PAGE: Rect = (MARGIN, BOTTOM, FULL_W, DIAGRAM_TOP - BOTTOM)


def beside_text(column: float) -> Rect:
    """Where a diagram goes beside a text column ``column`` inches wide."""
    left = MARGIN + column + 0.3
    return (left, BOTTOM, PAGE[0] - MARGIN - left, DIAGRAM_TOP - BOTTOM)


@dataclass(slots=True)
class _Diagram:
    """A diagram planned at full size for ``rect``; ``hint`` says how to draw it apart."""

    scene: Scene
    layout: Layout
    rect: Rect
    hint: str
    legend_right: bool = False


Painter = Callable[["Figure", int, int], None]


@dataclass(frozen=True, slots=True)
class Page:
    """One page of the pack before it is drawn: what it is, and how to draw it.

    ``kind`` is ``overview``, ``unit:<id>``, ``task:<id>`` or ``summary``; a page that
    continues the text of the one before adds ``+``, a diagram page of its own ``:diagram``.
    """

    kind: str
    paint: Painter
    diagram: bool = False  # the page carries a diagram


def _diagram(scene: Scene, rect: Rect, hint: str) -> _Diagram | None:
    """The scene laid out, if it fits ``rect`` at full size (legend below it, or beside it
    when that is what makes it fit): planned for the very area it is drawn in."""
    from coordgraph.render.draw import fits, legend_width

    if not scene.nodes or len(scene.nodes) > DIAGRAM_NODES:
        return None
    width, height = rect[2], rect[3]
    layout = layout_scene(scene, width)
    if fits(scene, layout, width, height):
        return _Diagram(scene, layout, rect, hint)
    beside = width - legend_width(scene) - 0.2
    if beside > 2.0:
        narrower = layout_scene(scene, beside)
        if fits(scene, narrower, width, height, legend_right=True):
            return _Diagram(scene, narrower, rect, hint, legend_right=True)
    return None


def _paint_diagram(fig: Figure, diagram: _Diagram) -> None:
    """Draw the diagram at full size. Planning measured it with the drawing's own measure
    (:func:`~coordgraph.render.draw.fits`), so it fits; were it ever to need shrinking,
    below 9 pt, the page says how to draw it instead of drawing it smaller."""
    from coordgraph.render.draw import diagram_scale, draw_diagram

    scene, layout, rect = diagram.scene, diagram.layout, diagram.rect
    left, bottom, width, height = rect
    right = diagram.legend_right
    if diagram_scale(scene, layout, width, height, legend_right=right) < 1.0:
        note = Block(word("too_large", scene.lang, hint=diagram.hint), colour="#333333")
        _set_lines(fig, paginate([note], width, [height])[0], left, bottom + height)
        return
    draw_diagram(fig, scene, layout, rect, legend_right=right)


def _text_pages(
    kind: str,
    title: str,
    subtitle: str,
    blocks: Sequence[Block],
    lang: str,
    *,
    column: float = FULL_W,
    diagram: _Diagram | None = None,
) -> list[Page]:
    """Pages of text (with a diagram beside the first page's column when given), at most
    :data:`MAX_TEXT_PAGES`: what is left is named in a last line, never squeezed."""
    pages = paginate(blocks, column, [TEXT_H, FULL_TEXT_H])
    if len(pages) > MAX_TEXT_PAGES:
        pages = pages[:MAX_TEXT_PAGES]
        note = paginate([Block(word("more_text", lang), colour="#333333")], column, [TEXT_H])
        pages[-1] = [*pages[-1][:-2], *note[0]]

    def painter(n: int, lines: list[Line]) -> Painter:
        def paint(fig: Figure, page: int, total: int) -> None:
            head = title if n == 0 else word("continued", lang, title=title)
            _header(fig, head, subtitle, page, total, lang)
            _set_lines(fig, lines, MARGIN, TOP)
            if n == 0 and diagram is not None:
                _paint_diagram(fig, diagram)

        return paint

    return [
        Page(kind + ("+" if n else ""), painter(n, lines), n == 0 and diagram is not None)
        for n, lines in enumerate(pages)
    ]


def _diagram_page(kind: str, title: str, subtitle: str, diagram: _Diagram, lang: str) -> Page:
    def paint(fig: Figure, page: int, total: int) -> None:
        _header(fig, word("diagram_of", lang, title=title), subtitle, page, total, lang)
        _paint_diagram(fig, diagram)

    return Page(kind + ":diagram", paint, True)


def _with_diagram(
    kind: str,
    title: str,
    subtitle: str,
    blocks: list[Block],
    lang: str,
    scenes: Sequence[tuple[Scene, str]],
    column: float,
    hint: str,
) -> list[Page]:
    """Text with its diagram: beside the text if it fits there, else on a page of its own,
    else a note saying how to draw it. The first scene that fits wins; its note (what a
    reduced picture leaves out) is added to the text."""
    text_lines = sum(len(page) for page in paginate(blocks, column, [TEXT_H]))

    def noted(note: str) -> list[Block]:
        return [*blocks, Block(note, before=0.15, colour="#333333")] if note else blocks

    if text_lines * BODY * LEADING / 72.0 < TEXT_H:  # the text leaves room beside it
        for scene, note in scenes:
            beside = _diagram(scene, beside_text(column), hint)
            if beside is not None:
                return _text_pages(
                    kind, title, subtitle, noted(note), lang, column=column, diagram=beside
                )
    for scene, note in scenes:
        alone = _diagram(scene, FULL_PAGE, hint)
        if alone is not None:
            pages = _text_pages(kind, title, subtitle, noted(note), lang)
            return [*pages, _diagram_page(kind, title, subtitle, alone, lang)]
    return _text_pages(kind, title, subtitle, noted(word("too_large", lang, hint=hint)), lang)


#: Units named on the overview as the ones furthest behind.
UNITS_BEHIND = 3
#: Findings about neither a task nor a unit's person listed on an overview with unit
#: pages (the rest are counted).
MAX_OTHERS_WITH_UNITS = 3


def _units_behind(result: FileResult) -> list[tuple[str, str]]:
    """The units whose three shares are lowest on average, worst first, with the shares
    written out; units at 1.0 everywhere are not behind."""
    scored = []
    for order, (unit_id, metrics) in enumerate(result.unit_metrics.items()):
        values = [float(metrics.get(key, 1.0)) for key in METRICS]
        if min(values) < 1.0:
            scored.append((sum(values) / len(values), order, unit_id, metrics))
    scored.sort()
    return [
        (unit_id, " · ".join(format_metric(metrics.get(key)) for key in METRICS))
        for _score, _order, unit_id, metrics in scored[:UNITS_BEHIND]
    ]


def _overview(
    result: FileResult,
    graph: OrgGraph | None,
    pages: list[tuple[str, list[Finding]]],
    units: Sequence[str],
    lang: str,
    as_of: date,
) -> list[Page]:
    org = result.org
    title = org.name if org is not None else result.path
    subtitle = f"{word('pack', lang)} · {word('checked', lang, date=as_of.isoformat())}"
    metrics: Mapping[str, object] = result.metrics or {}
    blocks = [
        Block(word("file", lang, path=result.path), scale=0.9, colour="#333333"),
        Block(word("metrics", lang), scale=1.2, bold=True, before=0.15),
    ]
    for key in METRICS:
        blocks.append(Block(f"{word(key, lang)}: {format_metric(metrics.get(key))}", before=0.04))
    behind = _units_behind(result)
    if behind:
        blocks.append(Block(word("units_behind", lang), scale=1.2, bold=True, before=0.2))
        for unit_id, shares in behind:
            name = org.units[unit_id].name if org is not None and unit_id in org.units else unit_id
            blocks.append(Block(f"{name}: {shares}", before=0.04, scale=0.9))
    blocks.append(Block(word("families", lang), scale=1.2, bold=True, before=0.2))
    for prefix, family in FAMILIES:
        count = sum(1 for f in result.findings if f.code.startswith(prefix))
        blocks.append(Block(f"{word('family.' + family, lang)}: {count}", before=0.04))
    blocks.append(Block(f"{word('total', lang)}: {len(result.findings)}", bold=True, before=0.04))
    if units:
        blocks.append(Block(word("unit_pages", lang, n=len(units)), before=0.2))
    if pages:
        shown = min(len(pages), MAX_TASK_PAGES)
        blocks.append(Block(word("task_pages", lang, n=len(pages), shown=shown), before=0.2))
    else:
        blocks.append(Block(word("no_task_pages", lang), before=0.2))
    # Findings about a task are on its page; about a person in a unit with a page, there.
    on_unit_pages: set[str] = set()
    if org is not None:
        for unit_id in units:
            on_unit_pages.update(unit_members(org, unit_id))
    others = [
        f
        for f in result.findings
        if task_of_finding(f, org) is None
        and (org is None or person_of_finding(f, org) not in on_unit_pages)
    ]
    if others:
        blocks.append(Block(word("other", lang), scale=1.1, bold=True, before=0.2))
        # With unit pages, the overview keeps room for the units behind and its diagram.
        listed = MAX_OTHERS_WITH_UNITS if units else MAX_LISTED
        for f in others[:listed]:
            blocks.append(
                Block(f"{finding_title(f, lang)}: {f.message}", indent=0.1, before=0.04, scale=0.9)
            )
        if len(others) > listed:
            blocks.append(Block(word("more_other", lang, n=len(others) - listed), scale=0.9))
    if org is None or graph is None:
        blocks.append(Block(word("no_model", lang), before=0.3))
        return _text_pages("overview", title, subtitle, blocks, lang)
    first = build_scene(org, graph, result.findings, view="org", lang=lang)
    scenes = [(first, "")]
    if org.units:
        whole = build_scene(org, graph, result.findings, view="org", lang=lang, max_unfolded=-1)
        # last resorts: units and leaders only, folded deeper and deeper
        note = word("units_only", lang)
        scenes += [(units_only(whole, limit, lang), note) for limit in (UNIT_UNFOLDED, 8, 0)]
    else:
        scenes.append((leadership_only(first), word("leadership_only", lang)))
    return _with_diagram(
        "overview", title, subtitle, blocks, lang, scenes, 4.0, f"{result.path} -o {org.id}.svg"
    )


def _name(org: Organisation, person: str | None, lang: str) -> str:
    if person is None or person not in org.people:
        return word("none", lang)
    p = org.people[person]
    return f"{p.name} ({texts.role(p.role, lang)})"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:g}"


def resources_answer(task: Task, lang: str) -> str | None:
    """ "What are the resources?" answered in words, or None when the file is silent."""
    if task.resources is None:
        return None
    r = task.resources
    parts = []
    if r.hours_per_week is not None:
        parts.append(word("hours", lang, h=_number(r.hours_per_week)))
    if r.budget_dkk is not None:
        parts.append(word("budget", lang, b=_number(r.budget_dkk)))
    if r.note:
        parts.append(r.note)
    if r.is_oral:
        parts.append(word("oral", lang))
    return " · ".join(parts) or "-"


def mandate_answer(task: Task, org: Organisation, lang: str) -> str | None:
    """ "What is the mandate?" answered in words, or None when the task has none."""
    if task.mandate is None:
        return None
    m = task.mandate
    parts = []
    if m.granted_by is not None:
        parts.append(word("granted_by", lang, who=_name(org, m.granted_by, lang)))
    if m.decides:
        parts.append(word("decides", lang, what="; ".join(m.decides)))
    if m.limits:
        parts.append(word("limits", lang, what=m.limits))
    if m.valid_until is not None:
        parts.append(word("valid_until", lang, date=m.valid_until.isoformat()))
    if m.is_oral:
        parts.append(word("oral", lang) + ".")
    if m.may_delegate:
        parts.append(word("may_delegate", lang))
    if m.announced_to:
        names = [
            (org.forums[a].name or a)
            if a in org.forums
            else org.people[a].name
            if a in org.people
            else a
            for a in m.announced_to
        ]
        parts.append(word("announced", lang, who=", ".join(names)))
    return " ".join(parts) or "-"


def mandate_status(task: Task, lang: str, as_of: date) -> str:
    """Answered, or expired (as CG205 sees it: the day itself still counts): an expired
    mandate is never shown as answered."""
    m = task.mandate
    if m is not None and m.valid_until is not None and m.valid_until < as_of:
        return word("expired", lang, date=m.valid_until.isoformat())
    return word("answered", lang)


def _question_blocks(task: Task, org: Organisation, lang: str, as_of: date) -> list[Block]:
    blocks: list[Block] = []

    def question(key: str, answer: str | None, status: str | None = None) -> None:
        blocks.append(Block(word(key, lang), scale=1.1, bold=True, before=0.12))
        if answer:
            shown = status or word("answered", lang)
            blocks.append(Block(shown, indent=0.1, bold=True, scale=0.9))
            blocks.append(Block(answer, indent=0.1))
        else:
            blocks.append(Block(word("open", lang), indent=0.1, bold=True, scale=0.9))

    question("q.task", task.description)
    question("q.resources", resources_answer(task, lang))
    question("q.mandate", mandate_answer(task, org, lang), mandate_status(task, lang, as_of))
    return blocks


def _status(last: date, every: str, grace: int, as_of: date, lang: str) -> str:
    """ "Next due ... (on time / within grace / overdue)", with the dates CG305 and CG310
    compute (:func:`due_date`), so the pack and ``check`` agree on every date."""
    planned = due_date(last, every, 0)
    if planned >= as_of:
        status = word("on_time", lang)
    elif due_date(last, every, grace) >= as_of:
        status = word("in_grace", lang, days=grace)
    else:
        status = word("overdue", lang)
    return f"{word('follow_next', lang, date=planned.isoformat())} ({status})."


def follow_up_answer(
    task: Task, org: Organisation, lang: str, as_of: date, grace_days: int
) -> str | None:
    """The follow-up in words with its status (CG305's grace, so it agrees with the
    rule), or None when none is agreed."""
    follow = task.follow_up
    if follow is None:
        return None
    every = texts.frequency(follow.every, lang) if follow.every else "-"
    parts = [word("follow_with", lang, who=_name(org, follow.with_, lang), every=every)]
    if follow.last is None:
        parts.append(word("follow_never", lang))
    else:
        parts.append(word("follow_last", lang, date=follow.last.isoformat()))
        if follow.every is not None:
            parts.append(_status(follow.last, follow.every, grace_days, as_of, lang))
    return " ".join(parts)


def recurs_answer(task: Task, lang: str, as_of: date, grace_days: int) -> str | None:
    """A recurring duty in words with its status (CG310's grace), or None."""
    recurs = task.recurs
    if recurs is None:
        return None
    every = texts.frequency(recurs.every, lang) if recurs.every else "-"
    parts = [word("recurs_every", lang, every=every)]
    if recurs.last is None:
        parts.append(word("follow_never", lang))
    else:
        parts.append(word("follow_last", lang, date=recurs.last.isoformat()))
        if recurs.every is not None:
            parts.append(_status(recurs.last, recurs.every, grace_days, as_of, lang))
    return " ".join(parts)


def _follow_up_blocks(
    task: Task, org: Organisation, lang: str, as_of: date, settings: Settings
) -> list[Block]:
    """Success criteria, follow-up and a recurring duty; statuses use the rules' grace."""
    blocks = [Block(word("criteria", lang), scale=1.1, bold=True, before=0.12)]
    if task.success_criteria:
        for criterion in task.success_criteria:
            kind = f" ({word('criterion.' + criterion.kind, lang)})" if criterion.kind else ""
            blocks.append(Block(f"• {criterion.text}{kind}", indent=0.1))
    else:
        blocks.append(Block(word("no_criteria", lang), indent=0.1))
    blocks.append(Block(word("follow_up", lang), scale=1.1, bold=True, before=0.12))
    grace = int(settings["CG305"]["grace_days"])
    answer = follow_up_answer(task, org, lang, as_of, grace)
    blocks.append(Block(answer if answer is not None else word("no_follow_up", lang), indent=0.1))
    recurring = recurs_answer(task, lang, as_of, int(settings["CG310"]["grace_days"]))
    if recurring is not None:
        blocks.append(Block(word("recurs", lang), scale=1.1, bold=True, before=0.12))
        blocks.append(Block(recurring, indent=0.1))
    return blocks


def _task_pages(
    task_id: str,
    findings: list[Finding],
    org: Organisation | None,
    graph: OrgGraph | None,
    lang: str,
    as_of: date,
    settings: Settings,
    path: str,
) -> list[Page]:
    task = org.tasks.get(task_id) if org is not None else None
    if task is None or org is None or graph is None:
        blocks = [Block(word("unknown_task", lang))]
        blocks.append(
            Block(word("findings", lang, n=len(findings)), scale=1.1, bold=True, before=0.15)
        )
        blocks += _finding_blocks(findings, lang)
        return _text_pages(f"task:{task_id}", f"{word('task', lang)} {task_id}", "", blocks, lang)
    subtitle = (
        f"{word('task', lang)} {task.id} · {word('owner', lang)}: {_name(org, task.owner, lang)}"
        f" · {word('accountable', lang)}: {_name(org, graph.accountable_leader(task), lang)}"
    )
    blocks = [Block(texts.task_profile(task, lang), scale=0.95)]
    blocks += _question_blocks(task, org, lang, as_of)
    blocks += _follow_up_blocks(task, org, lang, as_of, settings)
    blocks.append(Block(word("findings", lang, n=len(findings)), scale=1.1, bold=True, before=0.15))
    blocks += _finding_blocks(findings, lang)
    scene = build_scene(org, graph, findings, view="tasks", focus=nodepath.task(task.id), lang=lang)
    scenes = [(scene, "")] + ([(flat(scene), "")] if scene.groups else [])
    return _with_diagram(
        f"task:{task.id}",
        task.title,
        subtitle,
        blocks,
        lang,
        scenes,
        4.6,
        f"{path} --focus {task.id} -o {task.id}.svg",
    )


def _units_for_pages(org: Organisation) -> list[str]:
    """Units in tree order (parents first), those with people in them."""
    children: dict[str | None, list[str]] = {}
    for each in org.units.values():
        children.setdefault(each.part_of, []).append(each.id)
    populated: set[str] = set()
    for person in org.people.values():
        up = person.unit
        seen: set[str] = set()
        while up is not None and up not in seen and up in org.units:
            seen.add(up)
            populated.add(up)
            up = org.units[up].part_of
    order: list[str] = []
    stack = list(reversed(children.get(None, [])))
    seen_units: set[str] = set()
    while stack:
        unit = stack.pop()
        if unit in seen_units:
            continue
        seen_units.add(unit)
        if unit in populated:
            order.append(unit)
        stack.extend(reversed(children.get(unit, [])))
    return order


def _unit_pages(
    unit_id: str,
    result: FileResult,
    org: Organisation,
    graph: OrgGraph,
    lang: str,
    as_of: date,
) -> list[Page]:
    """One unit's overview: its people (newcomers marked, findings named) and its diagram."""
    unit = org.units[unit_id]
    members = unit_members(org, unit_id)
    member_set = set(members)
    direct = [pid for pid in members if org.people[pid].unit == unit_id]
    codes: dict[str, set[str]] = {}
    count = 0
    for f in result.findings:
        person = person_of_finding(f, org)
        task_id = task_of_finding(f, org)
        if person is None and task_id is not None and task_id in org.tasks:
            person = org.tasks[task_id].owner
        if person in member_set:
            codes.setdefault(person, set()).add(f.code)
            count += 1
    name = unit.name or unit.id
    subtitle = word("unit_sub", lang, people=len(members), findings=count)
    blocks = []
    shares = result.unit_metrics.get(unit_id)
    if shares:
        blocks.append(Block(word("metrics", lang), scale=1.1, bold=True))
        for key in METRICS:
            text = f"{word(key, lang)}: {format_metric(shares.get(key))}"
            blocks.append(Block(text, indent=0.1, before=0.03, scale=0.9))
    blocks.append(Block(word("members", lang), scale=1.1, bold=True, before=0.12))
    for pid in direct[:MAX_LISTED]:
        p = org.people[pid]
        parts = [p.name, *(x for x in (p.title, texts.role(p.role, lang)) if x)]
        if p.started is not None and p.started > add_days(as_of, -NEWCOMER_DAYS):
            parts.append(word("newcomer", lang, date=p.started.isoformat()))
        found = ", ".join(texts.finding_word(c, lang) for c in sorted(codes.get(pid, ())))
        text = " · ".join(parts) + (f" — {found}" if found else "")
        blocks.append(Block(text, indent=0.1, before=0.03, scale=0.9))
    if len(direct) > MAX_LISTED:
        blocks.append(Block(f"… +{len(direct) - MAX_LISTED}", indent=0.1, scale=0.9))
    subunits = [u for u in org.units.values() if u.part_of == unit_id]
    if subunits:
        # the people of a sub-unit are listed on its own page
        blocks.append(Block(word("subunits", lang), scale=1.1, bold=True, before=0.15))
        for sub in subunits[:MAX_LISTED]:
            inside = set(unit_members(org, sub.id))
            total = sum(len(codes.get(pid, ())) for pid in inside)
            line = word("unit_sub", lang, people=len(inside), findings=total)
            blocks.append(Block(f"{sub.name or sub.id}: {line}", indent=0.1, scale=0.9))
    scene = build_scene(
        org,
        graph,
        result.findings,
        view="org",
        focus=nodepath.unit(unit_id),
        lang=lang,
        max_unfolded=UNIT_UNFOLDED,
    )
    depth = 0
    up = unit.part_of
    while up is not None and depth < len(org.units):
        depth, up = depth + 1, org.units[up].part_of if up in org.units else None
    # without the forums and people from outside, folded deeper, if the whole does not fit
    reduced = [units_only(scene, limit, lang, depth + 1) for limit in (UNIT_UNFOLDED, 8, 0)]
    return _with_diagram(
        f"unit:{unit_id}",
        word("unit", lang, name=name),
        subtitle,
        blocks,
        lang,
        [(scene, ""), *((r, word("units_only", lang)) for r in reduced)],
        4.0,
        f"{result.path} --focus {unit_id} -o {unit_id}.svg",
    )


def _summary_pages(
    rest: Sequence[tuple[str, list[Finding]]], org: Organisation | None, lang: str
) -> list[Page]:
    """The tasks beyond the page cap, one line each (capped too)."""
    blocks = [Block(word("summary_note", lang, n=MAX_TASK_PAGES), colour="#333333")]
    for task_id, found in rest[:MAX_LISTED]:
        task = org.tasks.get(task_id) if org is not None else None
        title = task.title if task is not None else task_id
        owner = ""
        if task is not None and org is not None and task.owner in org.people:
            owner = f" ({org.people[task.owner].name})"
        words = ", ".join(dict.fromkeys(texts.finding_word(f.code, lang) for f in found))
        blocks.append(Block(f"{title}{owner}: {words}", indent=0.1, before=0.04))
    if len(rest) > MAX_LISTED:
        blocks.append(Block(word("more_tasks", lang, n=len(rest) - MAX_LISTED), before=0.1))
    return _text_pages("summary", word("summary", lang), "", blocks, lang)


def pack_pages(
    result: FileResult,
    *,
    lang: str,
    as_of: date,
    settings: Settings | None = None,
    since: Diff | None = None,
) -> list[Page]:
    """The pages of the meeting pack, planned but not drawn.

    With ``since`` (``report --since REV``) the pack opens with "Since last time"
    (:mod:`coordgraph.render.since`). Then the overview, a page per unit (at most
    :data:`MAX_UNIT_PAGES`), a page per task with findings (at most
    :data:`MAX_TASK_PAGES`; the rest listed on summary pages), text that does not fit
    continued on the next page, and a diagram on a page of its own
    when it does not fit beside its text. Every page's work is bounded: a diagram with
    more than :data:`DIAGRAM_NODES` cards is never laid out.
    """
    org = result.org
    graph = result.graph if result.graph is not None else (OrgGraph(org) if org else None)
    tasks = task_pages(result.findings, org)
    units = _units_for_pages(org) if org is not None else []
    pages = []
    if since is not None:
        from coordgraph.render.since import since_pages

        pages += since_pages(since, org.name if org is not None else result.path)
    pages += _overview(result, graph, tasks, units[:MAX_UNIT_PAGES], lang, as_of)
    if org is not None and graph is not None:
        for unit_id in units[:MAX_UNIT_PAGES]:
            pages += _unit_pages(unit_id, result, org, graph, lang, as_of)
    for task_id, found in tasks[:MAX_TASK_PAGES]:
        pages += _task_pages(
            task_id, found, org, graph, lang, as_of, settings or _defaults(), result.path
        )
    if len(tasks) > MAX_TASK_PAGES:
        pages += _summary_pages(tasks[MAX_TASK_PAGES:], org, lang)
    return pages


def report_figures(
    result: FileResult,
    *,
    lang: str,
    as_of: date,
    settings: Settings | None = None,
    since: Diff | None = None,
) -> list[Figure]:
    """The pages of the meeting pack as figures (call inside :func:`draw.style`)."""
    from matplotlib.figure import Figure

    pages = pack_pages(result, lang=lang, as_of=as_of, settings=settings, since=since)
    figures = []
    for n, page in enumerate(pages, start=1):
        fig = Figure(figsize=PAGE, facecolor="white")
        page.paint(fig, n, len(pages))
        figures.append(fig)
    return figures


def write_report(
    result: FileResult,
    target: str | IO[bytes],
    *,
    lang: str,
    as_of: date,
    settings: Settings | None = None,
    since: Diff | None = None,
) -> int:
    """Write the meeting pack for one checked file to ``target``; return the page count.

    ``settings`` are the rules' parameters as the check used them (the grace days of
    CG305 and CG310), so every date on a page agrees with the findings.
    """
    from matplotlib.backends.backend_pdf import PdfPages

    from coordgraph.render.draw import CREATOR, style

    name = result.org.name if result.org is not None else result.path
    metadata = {
        "Title": f"{name} - {word('pack', lang)}",
        "Creator": CREATOR,
        "Producer": CREATOR,
        "CreationDate": None,
        "ModDate": None,
    }
    with style(), PdfPages(target, metadata=metadata) as pdf:
        figures = report_figures(result, lang=lang, as_of=as_of, settings=settings, since=since)
        for fig in figures:
            pdf.savefig(fig)
        count: int = pdf.get_pagecount()
    return count
