"""Drawing a :class:`~coordgraph.render.scene.Scene` with matplotlib's object API.

Only ``matplotlib.figure.Figure`` and explicit artists are used: no pyplot state, no
display, no global rcParams (everything happens inside :func:`style`, an ``rc_context``
reset to matplotlib's defaults, so a user's matplotlibrc cannot change the picture).
This module is imported lazily by the CLI: ``coordgraph check`` never loads matplotlib.

Meaning never rests on colour alone. Roles are written on the cards; communication
frequency is line width and dotting; findings are a heavy dashed outline with the finding
written in words on the card, its code second; a missing coordination link is a dashed
line labelled with the finding. Units are tinted boxes behind their cards. The colours
are the Okabe-Ito palette, safe for colour-blind readers. Text stays text in SVG
(``svg.fonttype: none``) and PDF (embedded TrueType), so it can be searched and edited.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any, Literal

from coordgraph import __version__
from coordgraph.render import texts
from coordgraph.render.layout import (
    BADGE_GAP,
    GROUP_LINE_SIZE,
    GROUP_PAD,
    GROUP_TITLE_SIZE,
    LINE_HEIGHT,
    MIN_TEXT,
    PAD_Y,
    STYLES,
    Box,
    GroupFrame,
    LabelPlacer,
    Layout,
    findings_height,
    line_height,
)
from coordgraph.render.scene import (
    FORUM,
    PERSON,
    TASK,
    UNIT,
    Scene,
    SceneEdge,
    SceneGroup,
    SceneNode,
)
from coordgraph.render.textfit import text_width, truncate

if TYPE_CHECKING:  # pragma: no cover - typing only
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

CREATOR = f"coordgraph {__version__}"
FORMATS = ("svg", "png", "pdf")

# Okabe-Ito palette
BLACK = "#000000"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
DARK = "#333333"
GREY = "#777777"

FILL = {
    "leader": "#CCE3F0",  # tint of blue
    "inbetweener": "#FAE6BF",  # tint of orange
    "staff": "#D9F0E9",  # tint of bluish green
    "external": "#FFFFFF",
    "leadership": "#FBF9D5",  # tint of yellow
    "practice": "#EEEEEE",
    "forum": "#F5E1EC",  # tint of reddish purple
    "unit": "#EAEAEA",
}
#: Unit boxes, by depth: light greys that stay apart in a grey print and behind cards.
GROUP_FILLS = ("#F4F4F4", "#EBEBEB", "#F9F9F9", "#E4E4E4")

#: Communication frequency -> (group, line width, dash pattern); the group names the legend
#: entry. Line width and dotting carry the meaning, so a grey print still shows it.
FREQUENCY_STYLE: dict[str, tuple[str, float, Any]] = {
    "daily": ("frequent", 2.4, "solid"),
    "weekly": ("frequent", 2.4, "solid"),
    "biweekly": ("regular", 1.3, "solid"),
    "monthly": ("regular", 1.3, "solid"),
    "quarterly": ("rare", 1.1, (0, (1, 2))),
    "halfyearly": ("rare", 1.1, (0, (1, 2))),
    "yearly": ("rare", 1.1, (0, (1, 2))),
    "biennial": ("rare", 1.1, (0, (1, 2))),
}
MISSING_DASH = (0, (5, 3))
FINDING_DASH = (0, (4, 2))

RC: dict[str, Any] = {
    "svg.hashsalt": "coordgraph",
    "svg.fonttype": "none",  # text stays text: searchable, editable in a drawing program
    "svg.image_inline": True,
    "pdf.fonttype": 42,
    "pdf.compression": 6,
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
    "axes.unicode_minus": False,
    "text.usetex": False,
    "text.hinting": "default",
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "savefig.bbox": None,
    "savefig.transparent": False,
    "savefig.facecolor": "white",
    "savefig.edgecolor": "white",
    "path.simplify": True,
    "legend.frameon": False,
}

LEGEND_SIZE = MIN_TEXT
TITLE_BAND = 0.7
NOTE_BAND = 0.3
MIN_FIGURE_WIDTH = 6.5


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib's defaults plus :data:`RC`, for the duration of one drawing.

    Starting from the defaults makes output independent of any matplotlibrc; the
    context restores the caller's rcParams afterwards.
    """
    import warnings

    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings():
        # a name in a script DejaVu Sans lacks is drawn as boxes; one warning per glyph
        # on stderr would only bury the command's output
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        matplotlib.rcdefaults()
        params: Any = matplotlib.rcParams  # its stubs know only literal keys
        params.update(RC)
        yield


def safe_id(text: str) -> str:
    """An SVG-friendly id fragment (gid) for a node key."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


# -- legend -------------------------------------------------------------------------------

LEGEND_ORDER = (
    "leader",
    "inbetweener",
    "staff",
    "external",
    "unit",
    "unit_card",
    "task",
    "practice",
    "forum",
    "freq.frequent",
    "freq.regular",
    "freq.rare",
    "member",
    "delegation",
    "mandate",
    "owns",
    "contributes",
    "depends",
    "part_of",
    "missing",
    "finding",
    "focus",
)


def legend_keys(scene: Scene) -> list[str]:
    """Legend entries for exactly what the scene draws, in a fixed order."""
    used: set[str] = set()
    for node in scene.nodes:
        if node.kind == PERSON:
            used.add(node.style)
        elif node.kind == TASK:
            used.add("practice" if node.style == "practice" else "task")
        elif node.kind == UNIT:
            used.add("unit_card")
        else:
            used.add(node.kind)
        if node.codes:
            used.add("finding")
        if node.focus:
            used.add("focus")
    if scene.groups:
        used.add("unit")
    if any(group.codes for group in scene.groups):
        used.add("finding")
    for edge in scene.edges:
        if edge.kind == "link":
            used.add("freq." + FREQUENCY_STYLE[edge.frequency or "monthly"][0])
        else:
            used.add(edge.kind)
    return [key for key in LEGEND_ORDER if key in used]


def _legend_label(key: str, lang: str) -> str:
    return texts.text(f"legend.{key}", lang)


def _legend_geometry(keys: Sequence[str], width: float, lang: str) -> tuple[int, float]:
    """Columns and height (inches) of the legend band for ``width`` inches."""
    if not keys:
        return 1, 0.0
    em = LEGEND_SIZE / 72.0
    label_w = max(text_width(_legend_label(k, lang), LEGEND_SIZE) for k in keys)
    column = 3.0 * em + 0.8 * em + label_w + 2.0 * em
    ncol = max(1, min(len(keys), int(width // column)))
    rows = math.ceil(len(keys) / ncol)
    return ncol, rows * 1.75 * em + 2 * 0.4 * em + 0.15


def legend_width(scene: Scene) -> float:
    """Width one legend column needs: figures are never narrower."""
    keys = legend_keys(scene)
    if not keys:
        return 0.0
    em = LEGEND_SIZE / 72.0
    return 5.8 * em + max(text_width(_legend_label(k, scene.lang), LEGEND_SIZE) for k in keys)


def _legend_handles(keys: Sequence[str], lang: str) -> tuple[list[Artist], list[str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Artist] = []
    for key in keys:
        if key in ("leader", "inbetweener", "staff", "external"):
            handles.append(Patch(facecolor=FILL[key], edgecolor=DARK, linewidth=0.9))
        elif key == "task":
            handles.append(Patch(facecolor=FILL["leadership"], edgecolor=DARK, linewidth=0.9))
        elif key == "practice":
            handles.append(Patch(facecolor=FILL["practice"], edgecolor=DARK, linewidth=0.9))
        elif key == "unit":
            handles.append(Patch(facecolor=GROUP_FILLS[0], edgecolor=GREY, linewidth=1.2))
        elif key == "unit_card":
            handles.append(Patch(facecolor=FILL["unit"], edgecolor=DARK, linewidth=1.6))
        elif key == "forum":
            handles.append(Patch(facecolor=FILL["forum"], edgecolor=PURPLE, linewidth=0.9))
        elif key.startswith("freq."):
            group = key[5:]
            _, lw, dash = next(v for v in FREQUENCY_STYLE.values() if v[0] == group)
            handles.append(Line2D([], [], color=DARK, linewidth=lw, linestyle=dash))
        elif key == "member":
            handles.append(Line2D([], [], color=PURPLE, linewidth=1.0))
        elif key in ("delegation", "mandate"):
            handles.append(Line2D([], [], color=BLUE, linewidth=1.4, marker=">", markersize=5))
        elif key == "owns":
            handles.append(Line2D([], [], color=DARK, linewidth=1.8))
        elif key == "contributes":
            handles.append(Line2D([], [], color=GREY, linewidth=1.0, linestyle=(0, (1, 2))))
        elif key == "depends":
            handles.append(Line2D([], [], color=GREEN, linewidth=1.5, marker=">", markersize=5))
        elif key == "part_of":
            handles.append(Line2D([], [], color=GREY, linewidth=1.1, linestyle="-."))
        elif key == "missing":
            handles.append(Line2D([], [], color=VERMILLION, linewidth=2.0, linestyle=MISSING_DASH))
        elif key == "finding":
            handles.append(
                Patch(facecolor="white", edgecolor=VERMILLION, linewidth=2.0, linestyle="--")
            )
        elif key == "focus":
            handles.append(Patch(facecolor="white", edgecolor=BLACK, linewidth=2.6))
    return handles, [_legend_label(k, lang) for k in keys]


# -- the diagram --------------------------------------------------------------------------


def _card_patch(node: SceneNode, box: Box, scale: float) -> Patch:
    from matplotlib.patches import FancyBboxPatch

    if node.kind == TASK:
        boxstyle = "square,pad=0"
        fill = FILL.get(node.style, FILL["leadership"])
    elif node.kind == FORUM:
        boxstyle = f"round,pad=0,rounding_size={min(box.h / 2, 0.25):.4f}"
        fill = FILL["forum"]
    elif node.kind == UNIT:
        boxstyle = "round,pad=0,rounding_size=0.12"
        fill = FILL["unit"]
    else:
        boxstyle = "round,pad=0,rounding_size=0.08"
        fill = FILL.get(node.style, "#FFFFFF")
    edge = PURPLE if node.kind == FORUM else DARK
    patch = FancyBboxPatch(
        (box.x, box.y),
        box.w,
        box.h,
        boxstyle=boxstyle,
        mutation_scale=1.0,
        facecolor=fill,
        edgecolor=edge,
        linewidth=(1.6 if node.kind == UNIT else 0.9) * scale,
        zorder=3,
        gid=f"node-{safe_id(node.key)}",
    )
    if node.codes:
        patch.set_edgecolor(VERMILLION)
        patch.set_linewidth(2.4 * scale)
        patch.set_linestyle(FINDING_DASH)
    return patch


def _findings_badge(
    ax: Axes,
    x: float,
    y: float,
    lines: Sequence[str],
    size: float,
    scale: float,
    gid: str,
    ha: str = "center",
) -> None:
    """Finding words in a white box with a vermillion frame, ``y`` its vertical centre."""
    ax.text(
        x,
        y,
        "\n".join(lines),
        ha=ha,
        va="center",
        fontsize=size * scale,
        fontweight="bold",
        linespacing=LINE_HEIGHT,
        color=BLACK,
        zorder=5,
        parse_math=False,
        gid=gid,
        bbox={
            "boxstyle": f"round,pad={BADGE_GAP * 72 / size:.3f}",
            "facecolor": "white",
            "edgecolor": VERMILLION,
            "linewidth": 1.0 * scale,
        },
    )


def _draw_card(ax: Axes, node: SceneNode, box: Box, layout: Layout, scale: float) -> Patch:
    from matplotlib.patches import FancyBboxPatch

    patch = _card_patch(node, box, scale)
    ax.add_artist(patch)  # not add_patch: the limits are fixed, skip recomputing them
    if node.focus:
        ring = 0.06
        ax.add_artist(
            FancyBboxPatch(
                (box.x - ring, box.y - ring),
                box.w + 2 * ring,
                box.h + 2 * ring,
                boxstyle="round,pad=0,rounding_size=0.1",
                mutation_scale=1.0,
                facecolor="none",
                edgecolor=BLACK,
                linewidth=2.6 * scale,
                zorder=3,
                gid=f"focus-{safe_id(node.key)}",
            )
        )
    kind = STYLES[node.kind]
    card = layout.cards[node.key]
    y = box.top - PAD_Y
    for line in card.heading:
        step = line_height(kind.heading_size)
        ax.text(
            box.cx,
            y - step / 2,
            line,
            ha="center",
            va="center",
            fontsize=kind.heading_size * scale,
            fontweight="bold",
            zorder=4,
            parse_math=False,
        )
        y -= step
    for line in card.lines:
        step = line_height(kind.body_size)
        ax.text(
            box.cx,
            y - step / 2,
            line,
            ha="center",
            va="center",
            fontsize=kind.body_size * scale,
            color="#222222",
            zorder=4,
            parse_math=False,
        )
        y -= step
    if card.findings:
        _findings_badge(
            ax,
            box.cx,
            box.y + PAD_Y + findings_height(kind, len(card.findings)) / 2,
            card.findings,
            kind.badge_size,
            scale,
            f"finding-{'-'.join(node.codes)}-{safe_id(node.key)}",
        )
    return patch


def _draw_group(ax: Axes, group: SceneGroup, frame: GroupFrame, depth: int, scale: float) -> None:
    """A unit's box: a tinted rounded frame, the name in bold, its forum below the name."""
    from matplotlib.patches import FancyBboxPatch

    box = frame.box
    ax.add_artist(
        FancyBboxPatch(
            (box.x, box.y),
            box.w,
            box.h,
            boxstyle="round,pad=0,rounding_size=0.15",
            mutation_scale=1.0,
            facecolor=GROUP_FILLS[depth % len(GROUP_FILLS)],
            edgecolor=VERMILLION if group.codes else GREY,
            linewidth=(2.0 if group.codes else 1.2) * scale,
            linestyle=FINDING_DASH if group.codes else "solid",
            zorder=0.2 + 0.01 * depth,
            gid=f"unit-{safe_id(group.key)}",
        )
    )
    x = box.x + GROUP_PAD
    y = box.top - PAD_Y
    for line in frame.title:
        step = line_height(GROUP_TITLE_SIZE)
        ax.text(
            x,
            y - step / 2,
            line,
            ha="left",
            va="center",
            fontsize=GROUP_TITLE_SIZE * scale,
            fontweight="bold",
            zorder=2.5,
            parse_math=False,
            gid=f"unit-title-{safe_id(group.key)}",
        )
        y -= step
    for line in frame.lines:
        step = line_height(GROUP_LINE_SIZE)
        ax.text(
            x,
            y - step / 2,
            line,
            ha="left",
            va="center",
            fontsize=GROUP_LINE_SIZE * scale,
            color="#222222",
            zorder=2.5,
            parse_math=False,
        )
        y -= step
    if frame.findings:
        h = len(frame.findings) * line_height(GROUP_LINE_SIZE)
        _findings_badge(
            ax,
            x + BADGE_GAP,
            y - BADGE_GAP - h / 2,
            frame.findings,
            GROUP_LINE_SIZE,
            scale,
            f"finding-{'-'.join(group.codes)}-{safe_id(group.key)}",
            ha="left",
        )


def _edge_style(edge: SceneEdge) -> tuple[str, float, Any, str, float]:
    """Colour, width, dash, arrow style and z-order of an edge kind."""
    if edge.kind == "link":
        _, lw, dash = FREQUENCY_STYLE[edge.frequency or "monthly"]
        return DARK, lw, dash, "-", 1.0
    if edge.kind == "member":
        _, lw, dash = FREQUENCY_STYLE[edge.frequency or "monthly"]
        return PURPLE, max(0.9, lw * 0.6), dash, "-", 0.9
    if edge.kind in ("delegation", "mandate"):
        return BLUE, 1.4, "solid", "-|>", 1.2
    if edge.kind == "owns":
        return DARK, 1.8, "solid", "-", 1.0
    if edge.kind == "contributes":
        return GREY, 1.1, (0, (1, 2)), "-", 1.0
    if edge.kind == "depends":
        return GREEN, 1.5, "solid", "-|>", 1.2
    if edge.kind == "part_of":
        return GREY, 1.1, "-.", "-|>", 1.1
    return VERMILLION, 2.0, MISSING_DASH, "-", 2.0


LABEL_SIZE = MIN_TEXT
LABEL_LINES = 3
LABEL_WIDTH = 2.4  # inches an edge label may take before it is shortened


def _label_lines(edge: SceneEdge, lang: str) -> list[str]:
    """A missing link's label names the finding in words, its code second."""
    if edge.kind == "missing":
        return [
            truncate(f"{texts.finding_word(code, lang)} · {code}", LABEL_WIDTH, LABEL_SIZE)
            for code in edge.codes
        ] or [edge.label]
    if edge.kind == "delegation":
        return [truncate(edge.label, LABEL_WIDTH, LABEL_SIZE)]
    if edge.kind == "member" and edge.target.startswith("units/"):
        return [edge.label]  # a forum's bundled line to a unit: how many members
    return []


def _merged(scene: Scene, layout: Layout) -> list[tuple[int, SceneEdge, list[str]]]:
    """Edges to draw (scene index, edge, label lines); delegations between one pair share
    one arrow that lists the tasks.

    A leader who delegates three tasks to one coordinator gets one arrow listing the
    three tasks, not three arrows with labels on top of each other.
    """
    drawn: list[tuple[int, SceneEdge, list[str]]] = []
    delegations: dict[tuple[str, str], list[str]] = {}
    for n, edge in enumerate(scene.edges):
        if n >= len(layout.routes) or not layout.routes[n]:
            continue
        lines = _label_lines(edge, scene.lang)
        if edge.kind == "delegation":
            pair = (edge.source, edge.target)
            if pair not in delegations:
                delegations[pair] = []
                drawn.append((n, edge, delegations[pair]))
            delegations[pair].extend(lines)
        else:
            drawn.append((n, edge, lines))
    for lines in delegations.values():
        if len(lines) > LABEL_LINES:
            extra = len(lines) - (LABEL_LINES - 1)
            lines[LABEL_LINES - 1 :] = [f"+{extra}"]
    return drawn


def _touches_focus(scene: Scene, edge: SceneEdge) -> bool:
    focused = {node.key for node in scene.nodes if node.focus}
    focused.update(group.key for group in scene.groups if group.focus)
    return edge.source in focused or edge.target in focused


def _label_candidates(route: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Middles of the route's segments, horizontal and long ones first, then thirds."""
    segments = []
    for p, q in itertools.pairwise(route):
        length = abs(q[0] - p[0]) + abs(q[1] - p[1])
        flat = abs(q[1] - p[1]) < 1e-6
        segments.append((not flat, -length, p, q))
    segments.sort(key=lambda s: (s[0], s[1]))
    points = []
    for t in (0.5, 0.3, 0.7, 0.15, 0.85):
        for _, _, p, q in segments:
            points.append((p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t))
    return points


def _draw_edges(ax: Axes, scene: Scene, layout: Layout, scale: float) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    placer = LabelPlacer(layout)
    labels: list[tuple[SceneEdge, list[str], Sequence[tuple[float, float]], bool]] = []
    for n, edge, lines in _merged(scene, layout):
        route = layout.routes[n]
        colour, lw, dash, arrow, z = _edge_style(edge)
        focused = _touches_focus(scene, edge)
        if focused:
            # the focus's own lines first: above every other line, a little heavier
            lw, z = lw * 1.35, z + 1.5
        ends = f"{safe_id(edge.source)}-{safe_id(edge.target)}"
        gid = f"edge-{edge.kind}-{ends}"
        if edge.kind == "missing":
            gid = f"missing-{'-'.join(edge.codes)}-{ends}"
        patch = FancyArrowPatch(
            path=Path(list(route)),
            arrowstyle=arrow,
            mutation_scale=9.0 * scale,
            color=colour,
            linewidth=lw * scale,
            linestyle=dash,
            joinstyle="round",
            capstyle="butt",
            zorder=z,
            gid=gid,
        )
        ax.add_artist(patch)
        if lines:
            labels.append((edge, lines, route, focused))
    # missing links first, then the focus's: theirs are the labels that must be free
    labels.sort(key=lambda item: (item[0].kind != "missing", not item[3]))
    pad = 0.2 * LABEL_SIZE / 72.0
    for edge, lines, path, _ in labels:
        colour = _edge_style(edge)[0]
        w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * pad + 0.02
        h = len(lines) * LABEL_SIZE * 1.2 / 72.0 + 2 * pad + 0.02
        x, y = placer.place(_label_candidates(path), w, h)
        ax.text(
            x,
            y,
            "\n".join(lines),
            ha="center",
            va="center",
            fontsize=LABEL_SIZE * scale,
            linespacing=1.2,
            color=BLACK,
            zorder=6,
            parse_math=False,
            bbox={
                "boxstyle": "round,pad=0.2",
                "facecolor": "white",
                "edgecolor": colour,
                "linewidth": 0.6 * scale,
                "linestyle": "--" if edge.kind == "missing" else "-",
            },
        )


def legend_band(scene: Scene, width: float, legend: bool = True) -> float:
    """Height (inches) reserved below the diagram for the legend and the footnote."""
    band = _legend_geometry(legend_keys(scene), width, scene.lang)[1] if legend else 0.0
    if scene.unplaced:
        band += NOTE_BAND
    return band


#: How far (inches) a diagram may overrun its room and still count as drawn at full size:
#: a millionth of an inch absorbs float rounding and is far below a printer's dot.
FIT_SLACK = 1e-6


def _margins(scene: Scene, width: float, legend: bool, legend_right: bool) -> tuple[float, float]:
    """What the legend and the footnote take of a ``width`` inches wide area: the column
    beside the diagram (``legend_right``) and the band below it, in inches."""
    side = legend_width(scene) + 0.2 if legend_right and legend and legend_keys(scene) else 0.0
    return side, legend_band(scene, width, legend and not legend_right)


def diagram_scale(
    scene: Scene,
    layout: Layout,
    width: float,
    height: float,
    *,
    legend: bool = True,
    legend_right: bool = False,
) -> float:
    """The scale :func:`draw_diagram` draws ``layout`` at in ``width`` x ``height`` inches:
    1.0 when it fits at full size, below 1 when it must shrink. :func:`fits` asks the
    same question, so what the meeting pack plans at full size is drawn at full size."""
    side, band = _margins(scene, width, legend, legend_right)
    avail = max(0.1, height - band)
    return min(
        1.0,
        (width - side + FIT_SLACK) / layout.width,
        (avail + FIT_SLACK) / layout.height,
    )


def draw_diagram(
    fig: Figure,
    scene: Scene,
    layout: Layout,
    rect: tuple[float, float, float, float],
    *,
    legend: bool = True,
    legend_right: bool = False,
) -> float:
    """Draw ``scene`` into ``rect`` (left, bottom, width, height in inches) of ``fig``.

    The diagram is scaled down (never up) to fit; fonts and lines scale with it, so the
    fitted text stays inside its cards. The legend keeps its size, below the diagram or,
    with ``legend_right``, in one column beside it. Returns the scale used: the meeting
    pack only draws diagrams that fit at 1 (see :func:`fits`), so its text never drops
    below :data:`MIN_TEXT`.
    """
    fig_w, fig_h = fig.get_size_inches()
    left, bottom, width, height = rect
    keys = legend_keys(scene) if legend else []
    ncol, keys_h = _legend_geometry(keys, width, scene.lang)
    side, band = _margins(scene, width, legend, legend_right)
    avail = max(0.1, height - band)
    scale = diagram_scale(scene, layout, width, height, legend=legend, legend_right=legend_right)
    dw, dh = layout.width * scale, layout.height * scale
    ax_left = left + (width - side - dw) / 2
    ax_bottom = bottom + band + (avail - dh)
    ax = fig.add_axes((ax_left / fig_w, ax_bottom / fig_h, dw / fig_w, dh / fig_h))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(0, layout.height)
    ax.set_axis_off()
    depth: dict[str, int] = {}
    for group in scene.groups:  # parents come before their sub-units
        depth[group.key] = depth.get(group.parent, -1) + 1 if group.parent else 0
        if group.key in layout.groups:
            _draw_group(ax, group, layout.groups[group.key], depth[group.key], scale)
    for node in scene.nodes:
        _draw_card(ax, node, layout.boxes[node.key], layout, scale)
    _draw_edges(ax, scene, layout, scale)
    if keys:
        handles, labels = _legend_handles(keys, scene.lang)
        if legend_right:
            anchor = ((left + width - side + 0.2) / fig_w, (bottom + height) / fig_h)
            loc: Literal["upper left", "upper center"] = "upper left"
            ncol = 1
        else:  # right under the diagram
            anchor = ((left + width / 2) / fig_w, (ax_bottom - 0.1) / fig_h)
            loc = "upper center"
        fig.legend(
            handles,
            labels,
            loc=loc,
            bbox_to_anchor=anchor,
            ncol=ncol,
            fontsize=LEGEND_SIZE,
            frameon=False,
            handlelength=3.0,
            borderaxespad=0.0,
        )
    if scene.unplaced:
        which = "unplaced.one" if scene.unplaced == 1 else "unplaced.many"
        note = texts.text(which, scene.lang, n=scene.unplaced)
        below = 0.0 if legend_right else keys_h
        fig.text(
            (left + width / 2) / fig_w,
            (ax_bottom - 0.1 - below - 0.12) / fig_h,
            truncate(note, width - 0.2, MIN_TEXT),
            ha="center",
            va="center",
            fontsize=MIN_TEXT,
            color=DARK,
            parse_math=False,
        )
    return scale


def fits(
    scene: Scene, layout: Layout, width: float, height: float, legend_right: bool = False
) -> bool:
    """True when the diagram and its legend fit ``width`` x ``height`` inches at scale 1:
    exactly when :func:`draw_diagram` would draw it there at full size."""
    if diagram_scale(scene, layout, width, height, legend_right=legend_right) < 1.0:
        return False
    if legend_right:  # the legend's column must not run off the bottom either
        legend_h = len(legend_keys(scene)) * 1.75 * LEGEND_SIZE / 72.0 + 0.2
        return legend_h <= height + FIT_SLACK
    return True


def figure_size(scene: Scene, layout: Layout) -> tuple[float, float]:
    """Size of a stand-alone figure: title band, diagram at scale 1, legend band."""
    width = max(layout.width, MIN_FIGURE_WIDTH, legend_width(scene) + 0.4)
    width = math.ceil(width * 100) / 100  # rounded up: the diagram must not shrink
    title = TITLE_BAND + (NOTE_BAND if scene.folded else 0.0)
    height = title + layout.height + legend_band(scene, width) + 0.1
    return width, math.ceil(height * 100) / 100


def make_figure(scene: Scene, layout: Layout) -> Figure:
    """A stand-alone figure of the scene: title, subtitle, diagram, legend."""
    from matplotlib.figure import Figure

    width, height = figure_size(scene, layout)
    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    fig.text(
        0.2 / width,
        1 - 0.25 / height,
        truncate(scene.title, width - 0.4, 13.0, True),
        ha="left",
        va="center",
        fontsize=13.0,
        fontweight="bold",
        parse_math=False,
    )
    fig.text(
        0.2 / width,
        1 - 0.5 / height,
        truncate(scene.subtitle, width - 0.4, 10.0),
        ha="left",
        va="center",
        fontsize=10.0,
        color=DARK,
        parse_math=False,
    )
    title = TITLE_BAND
    if scene.folded:
        fig.text(
            0.2 / width,
            1 - (TITLE_BAND + 0.1) / height,
            truncate(texts.text("folded_note", scene.lang), width - 0.4, MIN_TEXT),
            ha="left",
            va="center",
            fontsize=MIN_TEXT,
            color=DARK,
            parse_math=False,
        )
        title += NOTE_BAND
    draw_diagram(fig, scene, layout, (0.0, 0.1, width, height - title - 0.1))
    return fig


def png_dpi(fig: Figure) -> int:
    """Resolution for PNG: 150 dpi, less for very large organisations (≤ 8000 px a side)."""
    width, height = fig.get_size_inches()
    return max(30, min(150, int(8000 / max(width, height))))


def save_figure(fig: Figure, target: str | IO[bytes], fmt: str) -> None:
    """Save without timestamps or tool versions that would change between runs."""
    if fmt == "svg":
        fig.savefig(target, format="svg", metadata={"Date": None, "Creator": CREATOR})
    elif fmt == "pdf":
        fig.savefig(
            target,
            format="pdf",
            metadata={
                "CreationDate": None,
                "ModDate": None,
                "Creator": CREATOR,
                "Producer": CREATOR,
            },
        )
    elif fmt == "png":
        fig.savefig(target, format="png", dpi=png_dpi(fig), metadata={"Software": None})
    else:
        raise ValueError(f"unknown image format {fmt!r}")


def render(scene: Scene, layout: Layout, target: str | IO[bytes], fmt: str) -> None:
    """Draw ``scene`` and save it to ``target`` as ``fmt`` (svg, png or pdf)."""
    with style():
        fig = make_figure(scene, layout)
        save_figure(fig, target, fmt)
