"""``coordgraph render --format html``: one self-contained, interactive HTML file.

Why plain SVG and a little script (and not a vendored diagram library): the pictures'
own layout (:func:`~coordgraph.render.layout.layout_scene`: unit boxes, cards, lines
routed around cards) is written out as SVG elements, so the page shows exactly the
picture ``render -o x.svg`` draws, with every card an element that can be clicked,
reached with Tab and read by a screen reader. A library (Cytoscape.js, D3, vis-network)
would bring its own layout and ~100-500 kB of code to review and update; this page
needs ~200 lines of script with no dependency, and nothing is fetched: the page sets a
Content-Security-Policy that forbids every request (``default-src 'none'``; the one
script and the one style sheet are allowed by their hashes), because the data is staff
data. Everything the page shows is in the file: the SVG, the details as JSON, the words
in the file's language.

The page: the organisation and the tasks view (tabs), a panel with the details of what
is clicked (a person's tasks, a task's three questions - task, resources, mandate -
follow-up and findings with what to do), a filter by unit, a filter by rule family, and
a search by name. Text from the file is only ever inserted as text (never as markup),
and the JSON is escaped so that no name can end the script element. The bytes are the
same for the same input.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from coordgraph.findings import FileResult, Finding
from coordgraph.graph import OrgGraph
from coordgraph.model import Organisation, Task
from coordgraph.render import texts
from coordgraph.render.draw import (
    DARK,
    FILL,
    FINDING_DASH,
    GREY,
    GROUP_FILLS,
    LABEL_SIZE,
    PURPLE,
    VERMILLION,
    _edge_style,
    _label_candidates,
    _legend_label,
    _merged,
    _touches_focus,
    legend_keys,
)
from coordgraph.render.layout import (
    BADGE_GAP,
    GROUP_LINE_SIZE,
    GROUP_PAD,
    GROUP_TITLE_SIZE,
    PAD_Y,
    STYLES,
    Box,
    LabelPlacer,
    Layout,
    findings_height,
    layout_scene,
    line_height,
)
from coordgraph.render.report import (
    follow_up_answer,
    mandate_answer,
    mandate_status,
    resources_answer,
)
from coordgraph.render.scene import (
    FORUM,
    TASK,
    UNIT,
    Scene,
    SceneEdge,
    SceneGroup,
    SceneNode,
    _descendants,
    build_scene,
    person_of_finding,
    task_of_finding,
)
from coordgraph.render.textfit import text_width
from coordgraph.terms import fill, term

PT = 72.0  # SVG user units per inch: font sizes in points keep their meaning
FAMILIES = ("CG0", "CG1", "CG2", "CG3")
FAMILY_WORDS = {"CG0": "input", "CG1": "coordination", "CG2": "mandate", "CG3": "drift"}
#: Beyond this many cards a view is left out of the page (as ``render`` refuses a picture).
MAX_CARDS = 800
MAX_TASKS = 400


def word(key: str, lang: str, **values: object) -> str:
    """The page's words (``html.<key>`` in the terminology), filled in."""
    return fill(term(f"html.{key}", lang), values, lang)


def _e(text: object) -> str:
    """Text for an element or an attribute: every markup character escaped."""
    return html.escape(str(text), quote=True)


def _n(value: float) -> str:
    """A coordinate in SVG units, short and deterministic."""
    text = f"{value * PT:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _dash(dash: Any, width: float) -> str:
    """A matplotlib dash pattern as an SVG ``stroke-dasharray`` (scaled by the width,
    as matplotlib scales it)."""
    if dash in (None, "solid", "-"):
        return ""
    if dash == "-.":
        pattern: Sequence[float] = (6.4, 1.6, 1.0, 1.6)
    elif dash == "--":
        pattern = (3.7, 1.6)
    elif isinstance(dash, tuple) and len(dash) == 2 and isinstance(dash[1], tuple):
        pattern = dash[1]
    else:
        return ""
    return " ".join(f"{p * width:g}" for p in pattern)


# -- the SVG of one view ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Card:
    """What the script needs to know about a card: its key, its units, its codes."""

    key: str
    units: tuple[str, ...]
    codes: tuple[str, ...]
    label: str
    search: str


def _text(x: float, y: float, line: str, size: float, anchor: str, bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size:g}" text-anchor="{anchor}"'
        f'{weight} dominant-baseline="central">{_e(line)}</text>'
    )


def _findings_badge(
    x: float, top: float, lines: Sequence[str], codes: Sequence[str], size: float, anchor: str
) -> str:
    """The finding words in a white box with a vermillion frame; each line knows its
    rule family, so the family filter can hide it."""
    if not lines:
        return ""
    step = line_height(size)
    width = max(text_width(line, size, True) for line in lines) + 2 * BADGE_GAP
    height = len(lines) * step + 2 * BADGE_GAP
    left = x - width / 2 if anchor == "middle" else x - BADGE_GAP
    out = [
        f'<g class="badge"><rect x="{_n(left)}" y="{_n(top)}" width="{_n(width)}" '
        f'height="{_n(height)}" rx="2" fill="#ffffff" stroke="{VERMILLION}"/>'
    ]
    y = top + BADGE_GAP
    for n, line in enumerate(lines):
        code = next((c for c in codes if line.endswith(c)), "")
        family = code[:3] if code else ""
        text = _text(x, y + step / 2, line, size, anchor, True)
        out.append(f'<g class="fline" data-family="{family}" data-n="{n}">{text}</g>')
        y += step
    out.append("</g>")
    return "".join(out)


def _card_svg(node: SceneNode, box: Box, layout: Layout, height: float, card: _Card) -> str:
    style = STYLES[node.kind]
    fill_colour = FILL.get(node.style, "#ffffff")
    if node.kind == TASK:
        rx = 0.0
        fill_colour = FILL.get(node.style, FILL["leadership"])
    elif node.kind == FORUM:
        rx = min(box.h / 2, 0.25)
        fill_colour = FILL["forum"]
    elif node.kind == UNIT:
        rx = 0.12
        fill_colour = FILL["unit"]
    else:
        rx = 0.08
    top = height - box.top
    stroke = PURPLE if node.kind == FORUM else DARK
    classes = "card" + (" focus" if node.focus else "")
    out = [
        f'<g class="{classes}" data-key="{_e(node.key)}" data-units="{_e(" ".join(card.units))}"'
        f' data-codes="{_e(" ".join(card.codes))}" data-search="{_e(card.search)}"'
        f' tabindex="0" role="button" aria-label="{_e(card.label)}">',
        f'<rect class="frame" x="{_n(box.x)}" y="{_n(top)}" width="{_n(box.w)}" '
        f'height="{_n(box.h)}" rx="{_n(rx)}" fill="{fill_colour}" stroke="{stroke}" '
        f'stroke-width="{1.6 if node.kind == UNIT else 0.9}"/>',
    ]
    if node.codes:
        dash = _dash(FINDING_DASH, 2.4)
        out.append(
            f'<rect class="flagged" x="{_n(box.x)}" y="{_n(top)}" width="{_n(box.w)}" '
            f'height="{_n(box.h)}" rx="{_n(rx)}" fill="none" stroke="{VERMILLION}" '
            f'stroke-width="2.4" stroke-dasharray="{dash}"/>'
        )
    fitted = layout.cards[node.key]
    y = top + PAD_Y
    for line in fitted.heading:
        step = line_height(style.heading_size)
        out.append(_text(box.cx, y + step / 2, line, style.heading_size, "middle", True))
        y += step
    for line in fitted.lines:
        step = line_height(style.body_size)
        out.append(_text(box.cx, y + step / 2, line, style.body_size, "middle"))
        y += step
    if fitted.findings:
        badge_h = findings_height(style, len(fitted.findings))
        badge_top = height - (box.y + PAD_Y + badge_h)
        out.append(
            _findings_badge(
                box.cx, badge_top, fitted.findings, node.codes, style.badge_size, "middle"
            )
        )
    out.append("</g>")
    return "".join(out)


def _group_svg(group: SceneGroup, layout: Layout, depth: int, height: float, card: _Card) -> str:
    frame = layout.groups[group.key]
    box = frame.box
    top = height - box.top
    flagged = bool(group.codes)
    stroke = VERMILLION if flagged else GREY
    dash = f' stroke-dasharray="{_dash(FINDING_DASH, 2.0)}"' if flagged else ""
    out = [
        f'<g class="group" data-key="{_e(group.key)}" data-units="{_e(" ".join(card.units))}"'
        f' data-codes="{_e(" ".join(card.codes))}" data-search="{_e(card.search)}"'
        f' tabindex="0" role="button" aria-label="{_e(card.label)}">',
        f'<rect class="frame" x="{_n(box.x)}" y="{_n(top)}" width="{_n(box.w)}" '
        f'height="{_n(box.h)}" rx="{_n(0.15)}" fill="{GROUP_FILLS[depth % len(GROUP_FILLS)]}" '
        f'stroke="{stroke}" stroke-width="{2.0 if flagged else 1.2}"{dash}/>',
    ]
    x = box.x + GROUP_PAD
    y = top + PAD_Y
    for line in frame.title:
        step = line_height(GROUP_TITLE_SIZE)
        out.append(_text(x, y + step / 2, line, GROUP_TITLE_SIZE, "start", True))
        y += step
    for line in frame.lines:
        step = line_height(GROUP_LINE_SIZE)
        out.append(_text(x, y + step / 2, line, GROUP_LINE_SIZE, "start"))
        y += step
    if frame.findings:
        out.append(
            _findings_badge(
                x + BADGE_GAP, y + BADGE_GAP, frame.findings, group.codes, GROUP_LINE_SIZE, "start"
            )
        )
    out.append("</g>")
    return "".join(out)


def _markers() -> str:
    """Arrow heads, one per colour used by directed lines."""
    from coordgraph.render.draw import BLUE, GREEN

    out = []
    for name, colour in (("blue", BLUE), ("green", GREEN), ("grey", GREY)):
        out.append(
            f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    return "<defs>" + "".join(out) + "</defs>"


def _edges_svg(scene: Scene, layout: Layout, height: float) -> str:
    from coordgraph.render.draw import BLUE, GREEN

    arrow = {BLUE: "blue", GREEN: "green", GREY: "grey"}
    placer = LabelPlacer(layout)
    out = []
    labels: list[tuple[SceneEdge, list[str], Sequence[tuple[float, float]], bool]] = []
    for n, edge, lines in _merged(scene, layout):
        route = layout.routes[n]
        colour, width, dash, head, _ = _edge_style(edge)
        focused = _touches_focus(scene, edge)
        if focused:
            width *= 1.35
        points = " ".join(f"{_n(x)},{_n(height - y)}" for x, y in route)
        dashes = _dash(dash, width)
        extra = f' stroke-dasharray="{dashes}"' if dashes else ""
        if head != "-":
            extra += f' marker-end="url(#arrow-{arrow.get(colour, "grey")})"'
        family = " ".join(sorted({c[:3] for c in edge.codes}))
        out.append(
            f'<polyline class="edge edge-{edge.kind}" data-ends="{_e(edge.source)} '
            f'{_e(edge.target)}" data-family="{family}" points="{points}" fill="none" '
            f'stroke="{colour}" stroke-width="{width:g}" stroke-linejoin="round"{extra}/>'
        )
        if lines:
            labels.append((edge, lines, route, focused))
    labels.sort(key=lambda item: (item[0].kind != "missing", not item[3]))
    pad = 0.2 * LABEL_SIZE / PT
    for edge, lines, path, _ in labels:
        colour = _edge_style(edge)[0]
        w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * pad + 0.02
        h = len(lines) * LABEL_SIZE * 1.2 / PT + 2 * pad + 0.02
        x, y = placer.place(_label_candidates(path), w, h)
        top = height - (y + h / 2)
        family = " ".join(sorted({c[:3] for c in edge.codes}))
        dash = ' stroke-dasharray="3 2"' if edge.kind == "missing" else ""
        parts = [
            f'<g class="label edge-{edge.kind}" data-ends="{_e(edge.source)} {_e(edge.target)}"'
            f' data-family="{family}"><rect x="{_n(x - w / 2)}" y="{_n(top)}" width="{_n(w)}"'
            f' height="{_n(h)}" rx="3" fill="#ffffff" stroke="{colour}" stroke-width="0.6"'
            f"{dash}/>"
        ]
        step = LABEL_SIZE * 1.2 / PT
        ty = top + pad + 0.01 + step / 2
        for line in lines:
            parts.append(_text(x, ty, line, LABEL_SIZE, "middle"))
            ty += step
        parts.append("</g>")
        out.append("".join(parts))
    return "".join(out)


def view_svg(scene: Scene, layout: Layout, cards: Mapping[str, _Card]) -> str:
    """One view as an SVG element, from the same layout as the pictures."""
    height = layout.height
    depth: dict[str, int] = {}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="diagram" role="group" '
        f'aria-label="{_e(scene.title)} · {_e(scene.subtitle)}" '
        f'width="{layout.width:.2f}in" height="{layout.height:.2f}in" '
        f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}">',
        _markers(),
    ]
    for group in scene.groups:  # parents first
        depth[group.key] = depth.get(group.parent, -1) + 1 if group.parent else 0
        if group.key in layout.groups:
            out.append(_group_svg(group, layout, depth[group.key], height, cards[group.key]))
    out.append(_edges_svg(scene, layout, height))
    for node in scene.nodes:
        out.append(_card_svg(node, layout.boxes[node.key], layout, height, cards[node.key]))
    out.append("</svg>")
    return "".join(out)


# -- what the panel shows -----------------------------------------------------------------


def _unit_chain(org: Organisation, unit: str | None) -> list[str]:
    chain: list[str] = []
    while unit is not None and unit in org.units and unit not in chain:
        chain.append(unit)
        unit = org.units[unit].part_of
    return chain


def person_units(org: Organisation, person: str) -> list[str]:
    """The units of a person: home unit and ``also_in``, each with its ancestors."""
    p = org.people[person]
    found: list[str] = []
    for unit in (p.unit, *p.also_in):
        for u in _unit_chain(org, unit):
            if u not in found:
                found.append(u)
    return found


def _findings_of(findings: Sequence[Finding], org: Organisation) -> dict[str, list[int]]:
    """Finding indexes by the node key they belong to (a person, a task, a forum, a unit),
    and by every person a finding names."""
    from coordgraph.render.scene import _subject

    by_key: dict[str, list[int]] = {}

    def add(key: str, index: int) -> None:
        found = by_key.setdefault(key, [])
        if index not in found:
            found.append(index)

    for n, finding in enumerate(findings):
        person = person_of_finding(finding, org)
        if person is not None:
            add(f"people/{person}", n)
        task = task_of_finding(finding, org)
        if task is not None and task in org.tasks:
            add(f"tasks/{task}", n)
        for section, ids in (("forums", org.forums), ("units", org.units)):
            subject = _subject(finding.node, section, ids)
            if subject is not None:
                add(f"{section}/{subject}", n)
        for rel in finding.related:
            who = _subject(rel.node, "people", org.people)
            if who is not None:
                add(f"people/{who}", n)
    return by_key


def _mandate_shown(task: Task, org: Organisation, lang: str, as_of: date) -> str:
    """The mandate in words; an expired one says so first, never passing as answered."""
    answer = mandate_answer(task, org, lang)
    if answer is None:
        return ""
    m = task.mandate
    if m is not None and m.valid_until is not None and m.valid_until < as_of:
        return f"{mandate_status(task, lang, as_of)} · {answer}"
    return answer


def page_data(
    result: FileResult, graph: OrgGraph, lang: str, as_of: date, grace_days: int
) -> dict[str, Any]:
    """Everything the panel shows, as plain data (in file order, so the bytes are stable)."""
    org = result.org
    assert org is not None
    findings = list(result.findings)
    by_key = _findings_of(findings, org)
    role = {pid: texts.role(p.role, lang) for pid, p in org.people.items()}
    entries: dict[str, dict[str, Any]] = {}
    for pid, p in org.people.items():
        owns = [t.id for t in org.tasks.values() if t.owner == pid]
        entries[f"people/{pid}"] = {
            "kind": "person",
            "name": p.name,
            "role": role[pid],
            "title": p.title or "",
            "units": [f"units/{u}" for u in person_units(org, pid)],
            "reports_to": f"people/{p.reports_to}" if p.reports_to else "",
            "started": p.started.isoformat() if p.started else "",
            "owns": [f"tasks/{t}" for t in owns],
            "contributes": [f"tasks/{t.id}" for t in org.tasks.values() if pid in t.contributors],
            "granted": [
                f"tasks/{t.id}"
                for t in org.tasks.values()
                if t.mandate is not None and t.mandate.granted_by == pid and t.owner != pid
            ],
            "findings": by_key.get(f"people/{pid}", []),
        }
    for tid, t in org.tasks.items():
        leader = graph.accountable_leader(t)
        entries[f"tasks/{tid}"] = {
            "kind": "task",
            "name": t.title,
            "about": texts.task_profile(t, lang),
            "owner": f"people/{t.owner}",
            "accountable": f"people/{leader}" if leader else "",
            "contributors": [f"people/{c}" for c in t.contributors if c in org.people],
            "description": t.description or "",
            "resources": resources_answer(t, lang) or "",
            "mandate": _mandate_shown(t, org, lang, as_of),
            "follow_up": follow_up_answer(t, org, lang, as_of, grace_days) or "",
            "criteria": [
                c.text + (f" ({term('pack.criterion.' + c.kind, lang)})" if c.kind else "")
                for c in t.success_criteria
            ],
            "findings": by_key.get(f"tasks/{tid}", []),
        }
    for fid, forum in org.forums.items():
        entries[f"forums/{fid}"] = {
            "kind": "forum",
            "name": forum.name or fid,
            "frequency": texts.frequency(forum.frequency, lang),
            "members": [f"people/{m}" for m in dict.fromkeys(forum.members) if m in org.people],
            "findings": by_key.get(f"forums/{fid}", []),
        }
    for uid, u in org.units.items():
        inside = _descendants(org, uid)
        entries[f"units/{uid}"] = {
            "kind": "unit",
            "name": u.name or uid,
            "leader": f"people/{u.leader}" if u.leader else "",
            "forum": f"forums/{u.forum}" if u.forum else "",
            "members": [f"people/{p.id}" for p in org.people.values() if p.unit in inside],
            "findings": by_key.get(f"units/{uid}", []),
        }
    found = []
    for f in findings:
        found.append(
            {
                "code": f.code,
                "family": f.code[:3],
                "severity": term(f"severity.{f.severity.value}", lang),
                "word": texts.finding_word(f.code, lang),
                "message": f.message,
                "hint": texts.finding_hint(f.code, lang) or f.fix,
                "line": f.span.line,
            }
        )
    return {"entries": entries, "findings": found, "words": _ui_words(lang)}


def _ui_words(lang: str) -> dict[str, str]:
    keys = (
        "close",
        "person",
        "task",
        "unit",
        "forum",
        "role",
        "title",
        "units",
        "reports_to",
        "started",
        "owns",
        "contributes",
        "granted",
        "no_tasks",
        "findings",
        "no_findings",
        "owner",
        "accountable",
        "contributors",
        "members",
        "leader",
        "meeting",
        "frequency",
        "matches",
        "line",
    )
    out = {key: word(key, lang) for key in keys}
    for key in ("q.task", "q.resources", "q.mandate", "open", "criteria", "no_criteria"):
        out[key] = term(f"pack.{key}", lang)
    out["follow_up"] = term("pack.follow_up", lang)
    out["no_follow_up"] = term("pack.no_follow_up", lang)
    out["fix"] = word("fix", lang)
    return out


def _card_info(
    scene: Scene, org: Organisation, data: Mapping[str, Any], lang: str
) -> dict[str, _Card]:
    """Per card and unit box: the units it belongs to (for the unit filter), the codes it
    shows, its spoken label and the text a search looks in."""
    entries = data["entries"]
    found = data["findings"]
    result: dict[str, _Card] = {}

    def units_of(key: str) -> tuple[str, ...]:
        section, _, ident = key.partition("/")
        if section == "people" and ident in org.people:
            return tuple(f"units/{u}" for u in person_units(org, ident))
        if section == "tasks" and ident in org.tasks:
            owner = org.tasks[ident].owner
            return tuple(f"units/{u}" for u in person_units(org, owner)) if owner else ()
        if section == "units" and ident in org.units:
            inside = _descendants(org, ident)
            return tuple(f"units/{u}" for u in (*_unit_chain(org, ident), *sorted(inside)))
        if section == "forums" and ident in org.forums:
            units: list[str] = []
            for member in org.forums[ident].members:
                if member in org.people:
                    units += [u for u in person_units(org, member) if u not in units]
            return tuple(f"units/{u}" for u in units)
        return ()

    def label(key: str, heading: str, codes: Sequence[str]) -> str:
        entry = entries.get(key, {})
        kind = word(entry.get("kind", "unit"), lang)
        parts = [f"{heading} ({kind})"]
        if entry.get("kind") == "person":
            parts.append(entry["role"])
        count = len(entry.get("findings", [])) if entry else len(codes)
        parts.append(word("findings", lang, n=count))
        return ", ".join(parts)

    def search(key: str, heading: str) -> str:
        entry = entries.get(key, {})
        words = [heading, entry.get("name", ""), entry.get("title", "")]
        return " ".join(w for w in words if w).casefold()

    for node in scene.nodes:
        codes = tuple(
            sorted({found[i]["code"] for i in entries.get(node.key, {}).get("findings", [])})
        )
        result[node.key] = _Card(
            node.key,
            units_of(node.key),
            codes or node.codes,
            label(node.key, node.heading, node.codes),
            search(node.key, node.heading),
        )
    for group in scene.groups:
        result[group.key] = _Card(
            group.key,
            units_of(group.key),
            group.codes,
            label(group.key, group.title, group.codes),
            search(group.key, group.title),
        )
    return result


# -- the page --------------------------------------------------------------------------------


def _asset(name: str) -> str:
    """The page's style sheet or script, shipped beside this module."""
    from importlib import resources

    return resources.files("coordgraph.render").joinpath(name).read_text("utf-8").strip()


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _json(data: Any) -> str:
    """JSON that cannot end the script element it sits in, whatever a name holds."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _legend(scene: Scene, lang: str) -> str:
    keys = legend_keys(scene)
    if not keys:
        return ""
    items = "".join(f"<li>{_e(_legend_label(k, lang))}</li>" for k in keys)
    return f'<ul class="legend" aria-label="{_e(word("legend", lang))}">{items}</ul>'


def _unit_options(org: Organisation, lang: str) -> str:
    options = [f'<option value="">{_e(word("all_units", lang))}</option>']
    for uid in org.units:
        depth = len(_unit_chain(org, uid)) - 1
        name = "\u2003" * depth + (org.units[uid].name or uid)
        options.append(f'<option value="units/{_e(uid)}">{_e(name)}</option>')
    return "".join(options)


def html_document(
    result: FileResult,
    *,
    lang: str,
    as_of: date,
    grace_days: int = 14,
    first_view: str = "org",
    focus: str | None = None,
    show_findings: bool = True,
) -> str:
    """The whole page for one checked organisation (``result.org`` must be set)."""
    org = result.org
    assert org is not None
    graph = result.graph if result.graph is not None else OrgGraph(org)
    findings = result.findings if show_findings else ()
    data = page_data(
        FileResult(result.path, tuple(findings), result.metrics, org, graph),
        graph,
        lang,
        as_of,
        grace_days,
    )
    sections = []
    tabs = []
    for view in ("org", "tasks"):
        name = texts.text(f"view.{view}", lang)
        scene = build_scene(
            org, graph, findings if show_findings else None, view=view, focus=focus, lang=lang
        )
        hidden = " hidden" if view != first_view else ""
        pressed = "true" if view == first_view else "false"
        tabs.append(
            f'<button type="button" data-view="view-{view}" aria-pressed="{pressed}">'
            f"{_e(name)}</button>"
        )
        too_many = view == "tasks" and focus is None and len(org.tasks) > MAX_TASKS
        if too_many or len(scene.nodes) > MAX_CARDS:
            reason = texts.text(
                "limit.tasks" if too_many else "limit.cards",
                lang,
                count=f"{len(org.tasks if too_many else scene.nodes):,}",
                limit=MAX_TASKS if too_many else MAX_CARDS,
            )
            body = f'<p class="note">{_e(word("not_drawn", lang, view=name, reason=reason))}</p>'
        else:
            layout = layout_scene(scene)
            cards = _card_info(scene, org, data, lang)
            note = ""
            if scene.folded:
                note = f'<p class="note">{_e(texts.text("folded_note", lang))}</p>'
            body = note + view_svg(scene, layout, cards) + _legend(scene, lang)
        sections.append(
            f'<section class="view" id="view-{view}" aria-label="{_e(name)}"{hidden}>'
            f"{body}</section>"
        )
    families = "".join(
        f'<label><input type="checkbox" data-family="{code}" checked> '
        f"{_e(term('pack.family.' + FAMILY_WORDS[code], lang))}</label>"
        for code in FAMILIES
    )
    title = org.name
    subtitle = " · ".join(
        (word("checked", lang, date=as_of.isoformat()), word("file", lang, path=result.path))
    )
    style, script = _asset("page.css"), _asset("page.js")
    policy = (
        f"default-src 'none'; style-src '{_hash(style)}'; script-src '{_hash(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    empty = word("choose", lang)
    return "".join(
        [
            "<!DOCTYPE html>\n",
            f'<html lang="{_e(lang)}"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(policy)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{_e(title)}</title><style>{style}</style></head><body>",
            f'<a class="skip" href="#panel">{_e(word("skip", lang))}</a>',
            f"<header><h1>{_e(title)}</h1><p>{_e(subtitle)}</p></header>",
            f'<div class="controls"><div class="tabs" role="group" '
            f'aria-label="{_e(word("views", lang))}">{"".join(tabs)}</div>',
            f'<label>{_e(word("unit_filter", lang))} <select id="unit-filter">'
            f"{_unit_options(org, lang)}</select></label>",
            f"<fieldset><legend>{_e(word('families', lang))}</legend>{families}</fieldset>",
            f'<label>{_e(word("search", lang))} <input id="search" type="search" '
            f'autocomplete="off" aria-describedby="search-status"></label>',
            '<span id="search-status" role="status" aria-live="polite"></span></div>',
            f'<main><div class="views">{"".join(sections)}</div>',
            f'<aside id="panel" tabindex="-1" aria-live="polite" '
            f'aria-label="{_e(word("details", lang))}" data-empty="{_e(empty)}">'
            f"<p>{_e(empty)}</p></aside></main>",
            f"<noscript><p>{_e(word('noscript', lang))}</p></noscript>",
            f'<script type="application/json" id="cg-data">{_json(data)}</script>',
            f"<script>{script}</script></body></html>\n",
        ]
    )
