"""The meeting pack: a multi-page PDF for the leadership meeting (DESIGN section 8).

Page 1 is the overview: organisation, check date, the three metrics, the organisation
diagram with its findings, and the number of findings per family. Then exactly one page
per task that has findings (a finding belongs to task X when its node starts with
``tasks/X``), in file order: the task's focused diagram, the three questions of
distributed leadership answered or open, success criteria, follow-up status, and the
findings with their fix hints - one agenda item per page.

Pages are A4 landscape figures saved through ``PdfPages`` with fixed metadata (no
creation date), so the same input gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, TYPE_CHECKING

from coordgraph.checks.common import add_days, add_interval
from coordgraph.findings import Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation, Task
from coordgraph.render import texts
from coordgraph.render.layout import layout_scene
from coordgraph.render.scene import build_scene, task_of_finding
from coordgraph.render.textfit import truncate, wrap

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.figure import Figure

    from coordgraph.findings import FileResult

PAGE = (11.69, 8.27)  # A4 landscape, inches
MARGIN = 0.5
FAMILIES = (("CG0", "input"), ("CG1", "coordination"), ("CG2", "mandate"), ("CG3", "drift"))
METRICS = ("congruence", "mandate_completeness", "anchoring")
GRACE_DAYS = 14  # CG305's default

_WORDS: dict[str, dict[str, str]] = {
    "pack": {
        "da": "Mødemateriale til ledelsesmødet",
        "en": "Meeting pack for the leadership meeting",
    },
    "checked": {"da": "Tjekket pr. {date}", "en": "Checked as of {date}"},
    "file": {"da": "Fil: {path}", "en": "File: {path}"},
    "metrics": {"da": "Nøgletal", "en": "Metrics"},
    "congruence": {"da": "Koordineringskongruens", "en": "Coordination congruence"},
    "mandate_completeness": {"da": "Mandatfuldstændighed", "en": "Mandate completeness"},
    "anchoring": {
        "da": "Forankring i den pædagogiske linje",
        "en": "Anchoring in the pedagogical line",
    },
    "families": {"da": "Fund efter familie", "en": "Findings by family"},
    "family.input": {"da": "CG0 Input (filen)", "en": "CG0 Input (the file)"},
    "family.coordination": {"da": "CG1 Koordinering", "en": "CG1 Coordination"},
    "family.mandate": {"da": "CG2 Mandat", "en": "CG2 Mandate"},
    "family.drift": {"da": "CG3 Drift (målforskydning)", "en": "CG3 Drift (goal displacement)"},
    "total": {"da": "I alt", "en": "Total"},
    "task_pages": {
        "da": "Opgaver med fund: {n} (én side hver, side 2-{last})",
        "en": "Tasks with findings: {n} (one page each, pages 2-{last})",
    },
    "no_task_pages": {"da": "Ingen opgaver har fund.", "en": "No task has findings."},
    "other": {"da": "Øvrige fund (ikke om en opgave)", "en": "Other findings (not about a task)"},
    "no_model": {
        "da": "Organisationen kunne ikke læses; se inputfundene (CG0) med coordgraph check.",
        "en": "The organisation could not be read; see the input findings (CG0) "
        "with coordgraph check.",
    },
    "page": {"da": "Side {n} af {total}", "en": "Page {n} of {total}"},
    "task": {"da": "Opgave", "en": "Task"},
    "owner": {"da": "Ejer", "en": "Owner"},
    "accountable": {"da": "Ansvarlig leder", "en": "Accountable leader"},
    "none": {"da": "ingen", "en": "none"},
    "q.task": {"da": "Hvad er opgaven?", "en": "What is the task?"},
    "q.resources": {"da": "Hvad er ressourcerne?", "en": "What are the resources?"},
    "q.mandate": {"da": "Hvad er mandatet?", "en": "What is the mandate?"},
    "answered": {"da": "✓ Besvaret", "en": "✓ Answered"},
    "open": {"da": "○ Åben - ikke besvaret i filen", "en": "○ Open - not answered in the file"},
    "hours": {"da": "{h} timer/uge", "en": "{h} hours/week"},
    "budget": {"da": "{b} kr.", "en": "DKK {b}"},
    "granted_by": {"da": "Givet af {who}.", "en": "Granted by {who}."},
    "decides": {"da": "Beslutter: {what}.", "en": "Decides: {what}."},
    "limits": {"da": "Rammer: {what}.", "en": "Limits: {what}."},
    "valid_until": {"da": "Gyldigt til {date}.", "en": "Valid until {date}."},
    "may_delegate": {"da": "Må videredelegere.", "en": "May delegate further."},
    "announced": {"da": "Meldt ud til: {who}.", "en": "Announced to: {who}."},
    "criteria": {"da": "Succeskriterier", "en": "Success criteria"},
    "criterion.outcome": {"da": "effekt", "en": "outcome"},
    "criterion.output": {"da": "output, en optælling", "en": "output, a count"},
    "no_criteria": {"da": "Ingen succeskriterier.", "en": "No success criteria."},
    "follow_up": {"da": "Opfølgning", "en": "Follow-up"},
    "no_follow_up": {"da": "Ingen opfølgning aftalt.", "en": "No follow-up agreed."},
    "follow_with": {"da": "Med {who}, {every}.", "en": "With {who}, {every}."},
    "follow_last": {"da": "Sidst: {date}.", "en": "Last: {date}."},
    "follow_never": {"da": "Ikke holdt endnu.", "en": "Not held yet."},
    "follow_next": {"da": "Næste senest: {date}", "en": "Next due: {date}"},
    "overdue": {"da": "forfalden", "en": "overdue"},
    "on_time": {"da": "i tide", "en": "on time"},
    "in_grace": {
        "da": "overskredet, men inden for {days} dages henstand",
        "en": "past due, within the {days} days' grace",
    },
    "findings": {"da": "Fund ({n})", "en": "Findings ({n})"},
    "fix": {"da": "Forslag: {fix}", "en": "Fix: {fix}"},
    "unknown_task": {
        "da": "Opgaven findes ikke i den læste model (se inputfundene).",
        "en": "The task is not in the model that could be read (see the input findings).",
    },
    "severity.error": {"da": "fejl", "en": "error"},
    "severity.warning": {"da": "advarsel", "en": "warning"},
    "severity.info": {"da": "info", "en": "info"},
    "truncated": {"da": "… (flere: se coordgraph check)", "en": "… (more: see coordgraph check)"},
}


def word(key: str, lang: str, **values: object) -> str:
    entry = _WORDS[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


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


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the text column: relative size, weight, indent (inches), gap above."""

    text: str
    scale: float = 1.0
    bold: bool = False
    indent: float = 0.0
    before: float = 0.0
    colour: str = "#000000"


def _flow(
    fig: Figure,
    blocks: Sequence[Block],
    rect: tuple[float, float, float, float],
    lang: str,
    sizes: Sequence[float] = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5, 6.0),
) -> None:
    """Set ``blocks`` into ``rect`` (left, bottom, width, height; inches), shrinking the
    font until everything fits and cutting off the rest with a note when even the
    smallest size does not."""
    left, bottom, width, height = rect
    fig_w, fig_h = fig.get_size_inches()
    lines: list[tuple[str, float, bool, float, str, float]] = []
    for size in sizes:
        lines = []
        used = 0.0
        for block in blocks:
            fs = size * block.scale
            wrapped = wrap(block.text, width - block.indent, fs, block.bold) if block.text else [""]
            for n, line in enumerate(wrapped):
                gap = block.before * size / 9.0 if n == 0 else 0.0
                lines.append((line, fs, block.bold, block.indent, block.colour, gap))
                used += gap + fs * 1.35 / 72.0
        if used <= height:
            break
    y = bottom + height
    note = word("truncated", lang)
    note_h = sizes[-1] * 1.35 / 72.0
    for i, (line, fs, bold, indent, colour, gap) in enumerate(lines):
        step = gap + fs * 1.35 / 72.0
        reserve = 0.0 if i == len(lines) - 1 else note_h
        if y - step < bottom + reserve:
            # no room for this line and the ones after it: say so instead
            fig.text(
                left / fig_w,
                (y - note_h) / fig_h,
                truncate(note, width, sizes[-1]),
                fontsize=sizes[-1],
                color="#333333",
                va="bottom",
                parse_math=False,
            )
            return
        y -= step
        fig.text(
            (left + indent) / fig_w,
            y / fig_h,
            line,
            fontsize=fs,
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
        1 - 0.85 / fig_h,
        truncate(subtitle, fig_w - 2 * MARGIN, 9.0),
        fontsize=9.0,
        color="#333333",
        va="center",
        parse_math=False,
    )
    fig.text(
        1 - MARGIN / fig_w,
        0.3 / fig_h,
        word("page", lang, n=page, total=pages),
        fontsize=8.0,
        color="#333333",
        ha="right",
        va="center",
    )


def _severity(finding: Finding, lang: str) -> str:
    return word(f"severity.{finding.severity.value}", lang)


def _finding_blocks(findings: Sequence[Finding], lang: str) -> list[Block]:
    blocks = []
    for f in findings:
        head = f"{_severity(f, lang)} {f.code} {f.name}"
        blocks.append(Block(head, bold=True, before=0.06, indent=0.1))
        blocks.append(Block(f.message, indent=0.25))
        if f.fix:
            blocks.append(Block(word("fix", lang, fix=f.fix), indent=0.25, colour="#333333"))
    return blocks


# -- pages ----------------------------------------------------------------------------------


def _overview(
    fig: Figure,
    result: FileResult,
    graph: OrgGraph | None,
    pages: list[tuple[str, list[Finding]]],
    lang: str,
    as_of: date,
    total_pages: int,
) -> None:
    from coordgraph.render.draw import draw_diagram

    org = result.org
    title = org.name if org is not None else result.path
    subtitle = f"{word('pack', lang)} · {word('checked', lang, date=as_of.isoformat())}"
    _header(fig, title, subtitle, 1, total_pages, lang)
    metrics: Mapping[str, object] = result.metrics or {}
    blocks = [
        Block(word("file", lang, path=result.path), scale=0.85, colour="#333333"),
        Block(word("metrics", lang), scale=1.2, bold=True, before=0.15),
    ]
    for key in METRICS:
        blocks.append(Block(f"{word(key, lang)}: {format_metric(metrics.get(key))}", before=0.04))
    blocks.append(Block(word("families", lang), scale=1.2, bold=True, before=0.2))
    for prefix, family in FAMILIES:
        count = sum(1 for f in result.findings if f.code.startswith(prefix))
        blocks.append(Block(f"{word('family.' + family, lang)}: {count}", before=0.04))
    blocks.append(Block(f"{word('total', lang)}: {len(result.findings)}", bold=True, before=0.04))
    if pages:
        blocks.append(
            Block(word("task_pages", lang, n=len(pages), last=len(pages) + 1), before=0.2)
        )
    else:
        blocks.append(Block(word("no_task_pages", lang), before=0.2))
    others = [f for f in result.findings if task_of_finding(f, org) is None]
    if others:
        blocks.append(Block(word("other", lang), scale=1.1, bold=True, before=0.2))
        for f in others:
            blocks.append(
                Block(
                    f"{_severity(f, lang)} {f.code}: {f.message}",
                    indent=0.1,
                    before=0.03,
                    scale=0.9,
                )
            )
    column = 3.6
    _flow(fig, blocks, (MARGIN, 0.6, column, PAGE[1] - 1.2 - 0.6), lang)
    if org is None or graph is None:
        fig.text(
            (MARGIN + column + 0.4) / PAGE[0],
            0.5,
            word("no_model", lang),
            fontsize=10,
            va="center",
            parse_math=False,
        )
        return
    scene = build_scene(org, graph, result.findings, view="org", lang=lang)
    left = MARGIN + column + 0.3
    draw_diagram(fig, scene, layout_scene(scene), (left, 0.5, PAGE[0] - MARGIN - left, 6.6))


def _name(org: Organisation, person: str | None, lang: str) -> str:
    if person is None or person not in org.people:
        return word("none", lang)
    p = org.people[person]
    return f"{p.name} ({texts.role(p.role, lang)})"


def _number(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".") if value == int(value) else f"{value:g}"


def _question_blocks(task: Task, org: Organisation, lang: str) -> list[Block]:
    blocks: list[Block] = []

    def question(key: str, answer: str | None) -> None:
        blocks.append(Block(word(key, lang), scale=1.1, bold=True, before=0.12))
        if answer:
            blocks.append(Block(word("answered", lang), indent=0.1, bold=True, scale=0.9))
            blocks.append(Block(answer, indent=0.1))
        else:
            blocks.append(Block(word("open", lang), indent=0.1, bold=True, scale=0.9))

    question("q.task", task.description)
    resources = None
    if task.resources is not None:
        r = task.resources
        parts = []
        if r.hours_per_week is not None:
            parts.append(word("hours", lang, h=_number(r.hours_per_week)))
        if r.budget_dkk is not None:
            parts.append(word("budget", lang, b=_number(r.budget_dkk)))
        if r.note:
            parts.append(r.note)
        resources = " · ".join(parts) or "-"
    question("q.resources", resources)
    mandate = None
    if task.mandate is not None:
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
        mandate = " ".join(parts) or "-"
    question("q.mandate", mandate)
    return blocks


def _follow_up_blocks(
    task: Task, org: Organisation, lang: str, as_of: date, grace_days: int
) -> list[Block]:
    """Success criteria and follow-up; the status uses CG305's grace, so it agrees with it."""
    blocks = [Block(word("criteria", lang), scale=1.1, bold=True, before=0.12)]
    if task.success_criteria:
        for criterion in task.success_criteria:
            kind = f" ({word('criterion.' + criterion.kind, lang)})" if criterion.kind else ""
            blocks.append(Block(f"• {criterion.text}{kind}", indent=0.1))
    else:
        blocks.append(Block(word("no_criteria", lang), indent=0.1))
    blocks.append(Block(word("follow_up", lang), scale=1.1, bold=True, before=0.12))
    follow = task.follow_up
    if follow is None:
        blocks.append(Block(word("no_follow_up", lang), indent=0.1))
        return blocks
    every = texts.frequency(follow.every, lang) if follow.every else "-"
    parts = [word("follow_with", lang, who=_name(org, follow.with_, lang), every=every)]
    if follow.last is None:
        parts.append(word("follow_never", lang))
    else:
        parts.append(word("follow_last", lang, date=follow.last.isoformat()))
        if follow.every is not None:
            due = add_interval(follow.last, follow.every)
            if due >= as_of:
                status = word("on_time", lang)
            elif add_days(due, grace_days) >= as_of:
                status = word("in_grace", lang, days=grace_days)
            else:
                status = word("overdue", lang)
            parts.append(f"{word('follow_next', lang, date=due.isoformat())} ({status}).")
    blocks.append(Block(" ".join(parts), indent=0.1))
    return blocks


def _task_page(
    fig: Figure,
    task_id: str,
    findings: list[Finding],
    org: Organisation | None,
    graph: OrgGraph | None,
    lang: str,
    as_of: date,
    page: int,
    total_pages: int,
    grace_days: int,
) -> None:
    from coordgraph.render.draw import draw_diagram

    task = org.tasks.get(task_id) if org is not None else None
    if task is None or org is None or graph is None:
        _header(fig, f"{word('task', lang)} {task_id}", "", page, total_pages, lang)
        blocks = [Block(word("unknown_task", lang))]
        blocks.append(
            Block(word("findings", lang, n=len(findings)), scale=1.1, bold=True, before=0.15)
        )
        blocks += _finding_blocks(findings, lang)
        _flow(fig, blocks, (MARGIN, 0.6, PAGE[0] - 2 * MARGIN, PAGE[1] - 1.8), lang)
        return
    subtitle = (
        f"{word('task', lang)} {task.id} · {word('owner', lang)}: {_name(org, task.owner, lang)}"
        f" · {word('accountable', lang)}: {_name(org, graph.accountable_leader(task), lang)}"
    )
    _header(fig, task.title, subtitle, page, total_pages, lang)
    blocks = _question_blocks(task, org, lang)
    blocks += _follow_up_blocks(task, org, lang, as_of, grace_days)
    blocks.append(Block(word("findings", lang, n=len(findings)), scale=1.1, bold=True, before=0.15))
    blocks += _finding_blocks(findings, lang)
    column = 5.0
    _flow(fig, blocks, (MARGIN, 0.6, column, PAGE[1] - 1.2 - 0.6), lang)
    scene = build_scene(org, graph, findings, view="tasks", focus=f"tasks/{task.id}", lang=lang)
    left = MARGIN + column + 0.3
    draw_diagram(fig, scene, layout_scene(scene), (left, 0.5, PAGE[0] - MARGIN - left, 6.6))


def report_figures(
    result: FileResult, *, lang: str, as_of: date, grace_days: int = GRACE_DAYS
) -> list[Figure]:
    """The pages of the meeting pack as figures (call inside :func:`draw.style`)."""
    from matplotlib.figure import Figure

    org = result.org
    graph = result.graph if result.graph is not None else (OrgGraph(org) if org else None)
    pages = task_pages(result.findings, org)
    total = 1 + len(pages)
    fig = Figure(figsize=PAGE, facecolor="white")
    _overview(fig, result, graph, pages, lang, as_of, total)
    figures = [fig]
    for n, (task_id, found) in enumerate(pages, start=2):
        fig = Figure(figsize=PAGE, facecolor="white")
        _task_page(fig, task_id, found, org, graph, lang, as_of, n, total, grace_days)
        figures.append(fig)
    return figures


def write_report(
    result: FileResult,
    target: str | IO[bytes],
    *,
    lang: str,
    as_of: date,
    grace_days: int = GRACE_DAYS,
) -> int:
    """Write the meeting pack for one checked file to ``target``; return the page count.

    ``grace_days`` is CG305's parameter, so the follow-up status on a task page agrees
    with the rule's finding.
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
        for fig in report_figures(result, lang=lang, as_of=as_of, grace_days=grace_days):
            pdf.savefig(fig)
        count = pdf.get_pagecount()
    return count
