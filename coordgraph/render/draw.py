"""Drawing a :class:`~coordgraph.render.scene.Scene` with matplotlib's object API.

Only ``matplotlib.figure.Figure`` and explicit artists are used: no pyplot state, no
display, no global rcParams (everything happens inside :func:`style`, an ``rc_context``
reset to matplotlib's defaults, so a user's matplotlibrc cannot change the picture).
This module is imported lazily by the CLI: ``coordgraph check`` never loads matplotlib.

Meaning never rests on colour alone. Roles are written on the cards; communication
frequency is line width and dotting; findings are a heavy dashed outline with the rule
code written on the card; a missing coordination link is a dashed line labelled
"missing". The colours are the Okabe-Ito palette, safe for colour-blind readers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING

from coordgraph import __version__
from coordgraph.render import texts
from coordgraph.render.layout import (
    BADGE_GAP,
    H_GAP,
    LAYER_GAP,
    PAD_Y,
    STYLES,
    Box,
    LabelPlacer,
    Layout,
    arc_control,
    badge_height,
    curve_point,
    edge_curve,
    line_height,
)
from coordgraph.render.scene import FORUM, PERSON, TASK, Scene, SceneEdge, SceneNode
from coordgraph.render.textfit import text_width, truncate

if TYPE_CHECKING:  # pragma: no cover - typing only
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
}

#: Communication frequency -> (group, line width, dash pattern); the group names the legend
#: entry. Line width and dotting carry the meaning, so a grey print still shows it.
FREQUENCY_STYLE = {
    "daily": ("frequent", 2.4, "solid"),
    "weekly": ("frequent", 2.4, "solid"),
    "biweekly": ("regular", 1.3, "solid"),
    "monthly": ("regular", 1.3, "solid"),
    "quarterly": ("rare", 1.1, (0, (1, 2))),
    "halfyearly": ("rare", 1.1, (0, (1, 2))),
    "yearly": ("rare", 1.1, (0, (1, 2))),
}
MISSING_DASH = (0, (5, 3))
FINDING_DASH = (0, (4, 2))
PARALLEL_RADS = (0.0, 0.2, -0.2, 0.38, -0.38, 0.55, -0.55)

RC = {
    "svg.hashsalt": "coordgraph",
    "svg.fonttype": "path",
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

LEGEND_SIZE = 7.5
TITLE_BAND = 0.6
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
        matplotlib.rcParams.update(RC)
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
    "task",
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
        used.add(node.style if node.kind == PERSON else node.kind)
        if node.codes:
            used.add("finding")
        if node.focus:
            used.add("focus")
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


def _legend_handles(keys: Sequence[str], lang: str) -> tuple[list[object], list[str]]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[object] = []
    for key in keys:
        if key in ("leader", "inbetweener", "staff", "external"):
            handles.append(Patch(facecolor=FILL[key], edgecolor=DARK, linewidth=0.9))
        elif key == "task":
            handles.append(Patch(facecolor=FILL["leadership"], edgecolor=DARK, linewidth=0.9))
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
        boxstyle = f"round,pad=0,rounding_size={box.h / 2:.4f}"
        fill = FILL["forum"]
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
        linewidth=0.9 * scale,
        zorder=3,
        gid=f"node-{safe_id(node.key)}",
    )
    if node.codes:
        patch.set_edgecolor(VERMILLION)
        patch.set_linewidth(2.4 * scale)
        patch.set_linestyle(FINDING_DASH)
    return patch


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
    # body lines start below the tallest heading of this kind
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
    if card.badge:
        ax.text(
            box.cx,
            box.y + PAD_Y + badge_height(kind) / 2,
            card.badge,
            ha="center",
            va="center",
            fontsize=kind.badge_size * scale,
            fontweight="bold",
            color=BLACK,
            zorder=5,
            parse_math=False,
            gid=f"finding-{'-'.join(node.codes)}-{safe_id(node.key)}",
            bbox={
                "boxstyle": f"round,pad={BADGE_GAP * 72 / kind.badge_size:.3f}",
                "facecolor": "white",
                "edgecolor": VERMILLION,
                "linewidth": 1.0 * scale,
            },
        )
    return patch


def _edge_style(edge: SceneEdge) -> tuple[str, float, object, str, float]:
    """Colour, width, dash, arrow style and z-order of an edge kind."""
    if edge.kind == "link":
        _, lw, dash = FREQUENCY_STYLE[edge.frequency or "monthly"]
        return DARK, lw, dash, "-", 1.0
    if edge.kind == "member":
        _, lw, dash = FREQUENCY_STYLE[edge.frequency or "monthly"]
        return PURPLE, max(0.8, lw * 0.6), dash, "-", 0.9
    if edge.kind in ("delegation", "mandate"):
        return BLUE, 1.4, "solid", "-|>", 1.2
    if edge.kind == "owns":
        return DARK, 1.8, "solid", "-", 1.0
    if edge.kind == "contributes":
        return GREY, 1.0, (0, (1, 2)), "-", 1.0
    if edge.kind == "depends":
        return GREEN, 1.5, "solid", "-|>", 1.2
    if edge.kind == "part_of":
        return GREY, 1.1, "-.", "-|>", 1.1
    # missing links run above the cards: a finding must not vanish behind a bystander
    return VERMILLION, 2.0, MISSING_DASH, "-", 3.5


def _bow(a: Box, b: Box) -> float:
    """Curvature that lifts a same-line edge off the cards between its ends.

    ``arc3`` puts the curve's apex ``rad * distance / 2`` off the chord; the apex should
    clear half a card plus part of the layer gap, towards the inside of the figure.
    """
    dx = b.cx - a.cx
    if abs(a.cy - b.cy) > 1e-6 or abs(dx) <= a.w + H_GAP * 1.5:
        return 0.0
    lift = a.h / 2 + LAYER_GAP * 0.45
    downward = a.y - lift > 0.15
    rad = min(0.6, 2 * lift / abs(dx))
    # arc3: control point = midpoint + rad * (dy, -dx); rad * dx > 0 bends downward
    sign = 1.0 if dx > 0 else -1.0
    return rad * sign * (1.0 if downward else -1.0)


LABEL_SIZE = 6.0
LABEL_LINES = 3
DELEGATION_TS = (0.72, 0.6, 0.84, 0.5, 0.4, 0.3)
MISSING_TS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8)


def _merged(scene: Scene) -> list[tuple[SceneEdge, list[str]]]:
    """Edges to draw with their label lines; delegations between one pair become one arrow.

    A leader who delegates three tasks to one coordinator gets one arrow listing the
    three tasks, not three arrows with labels on top of each other.
    """
    drawn: list[tuple[SceneEdge, list[str]]] = []
    delegations: dict[tuple[str, str], list[str]] = {}
    for edge in scene.edges:
        if edge.kind == "delegation":
            pair = (edge.source, edge.target)
            if pair not in delegations:
                delegations[pair] = []
                drawn.append((edge, delegations[pair]))
            delegations[pair].append(truncate(edge.label, 1.6, LABEL_SIZE))
        elif edge.kind == "missing":
            drawn.append((edge, [truncate(" · ".join([edge.label, *edge.codes]), 1.6, LABEL_SIZE)]))
        else:
            drawn.append((edge, []))
    for lines in delegations.values():
        if len(lines) > LABEL_LINES:
            extra = len(lines) - (LABEL_LINES - 1)
            lines[LABEL_LINES - 1 :] = [f"+{extra}"]
    return drawn


def _draw_edges(ax: Axes, scene: Scene, layout: Layout, scale: float) -> None:
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    groups: dict[tuple[str, str], list[tuple[SceneEdge, list[str]]]] = {}
    for edge, lines in _merged(scene):
        if edge.source in layout.boxes and edge.target in layout.boxes:
            pair = (min(edge.source, edge.target), max(edge.source, edge.target))
            groups.setdefault(pair, []).append((edge, lines))
    placer = LabelPlacer(layout)
    labels: list[tuple[SceneEdge, list[str], Box, Box, float]] = []
    for (first, _), group in groups.items():
        for k, (edge, lines) in enumerate(group):
            a, b = layout.boxes[edge.source], layout.boxes[edge.target]
            offset = PARALLEL_RADS[k % len(PARALLEL_RADS)]
            if edge.source != first:
                offset = -offset
            rad = _bow(a, b) + offset
            start, control, end = edge_curve(a, b, rad)
            colour, lw, dash, arrow, z = _edge_style(edge)
            gid = None
            if edge.kind == "missing":
                gid = (
                    f"missing-{'-'.join(edge.codes)}-{safe_id(edge.source)}-{safe_id(edge.target)}"
                )
            patch = FancyArrowPatch(
                path=Path([start, control, end], [Path.MOVETO, Path.CURVE3, Path.CURVE3]),
                arrowstyle=arrow,
                mutation_scale=9.0 * scale,
                color=colour,
                linewidth=lw * scale,
                linestyle=dash,
                zorder=z,
                gid=gid,
            )
            ax.add_artist(patch)
            if lines:
                labels.append((edge, lines, a, b, rad))
    # missing links first: they are the findings, their labels get the free places
    labels.sort(key=lambda item: item[0].kind != "missing")
    pad = 0.2 * LABEL_SIZE / 72.0
    for edge, lines, a, b, rad in labels:
        colour = _edge_style(edge)[0]
        w = max(text_width(line, LABEL_SIZE) for line in lines) + 2 * pad + 0.02
        h = len(lines) * LABEL_SIZE * 1.2 / 72.0 + 2 * pad + 0.02
        control = arc_control(a, b, rad)
        ts = MISSING_TS if edge.kind == "missing" else DELEGATION_TS
        points = [curve_point((a.cx, a.cy), control, (b.cx, b.cy), t) for t in ts]
        x, y = placer.place(points, w, h)
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
        band += 0.25
    return band


def draw_diagram(
    fig: Figure,
    scene: Scene,
    layout: Layout,
    rect: tuple[float, float, float, float],
    *,
    legend: bool = True,
) -> float:
    """Draw ``scene`` into ``rect`` (left, bottom, width, height in inches) of ``fig``.

    The diagram is scaled down (never up) to fit; fonts and lines scale with it, so the
    fitted text stays inside its cards. The legend keeps its size below the diagram.
    Returns the scale used.
    """
    fig_w, fig_h = fig.get_size_inches()
    left, bottom, width, height = rect
    keys = legend_keys(scene) if legend else []
    ncol, keys_h = _legend_geometry(keys, width, scene.lang)
    band = legend_band(scene, width, legend)
    avail = max(0.1, height - band)
    scale = min(1.0, width / layout.width, avail / layout.height)
    dw, dh = layout.width * scale, layout.height * scale
    ax_left = left + (width - dw) / 2
    ax_bottom = bottom + band + (avail - dh)
    ax = fig.add_axes((ax_left / fig_w, ax_bottom / fig_h, dw / fig_w, dh / fig_h))
    ax.set_xlim(0, layout.width)
    ax.set_ylim(0, layout.height)
    ax.set_axis_off()
    for node in scene.nodes:
        _draw_card(ax, node, layout.boxes[node.key], layout, scale)
    _draw_edges(ax, scene, layout, scale)
    if keys:
        handles, labels = _legend_handles(keys, scene.lang)
        fig.legend(
            handles,
            labels,
            loc="upper center",
            bbox_to_anchor=((left + width / 2) / fig_w, (bottom + band) / fig_h),
            ncol=ncol,
            fontsize=LEGEND_SIZE,
            frameon=False,
            handlelength=3.0,
            borderaxespad=0.0,
        )
    if scene.unplaced:
        which = "unplaced.one" if scene.unplaced == 1 else "unplaced.many"
        note = texts.text(which, scene.lang, n=scene.unplaced)
        fig.text(
            (left + width / 2) / fig_w,
            (bottom + band - keys_h - 0.12) / fig_h,
            truncate(note, width - 0.2, 7.0),
            ha="center",
            va="center",
            fontsize=7.0,
            color=DARK,
            parse_math=False,
        )
    return scale


def figure_size(scene: Scene, layout: Layout) -> tuple[float, float]:
    """Size of a stand-alone figure: title band, diagram at scale 1, legend band."""
    width = max(layout.width, MIN_FIGURE_WIDTH, legend_width(scene) + 0.4)
    width = round(width, 2)
    return width, round(TITLE_BAND + layout.height + legend_band(scene, width) + 0.1, 2)


def make_figure(scene: Scene, layout: Layout) -> Figure:
    """A stand-alone figure of the scene: title, subtitle, diagram, legend."""
    from matplotlib.figure import Figure

    width, height = figure_size(scene, layout)
    fig = Figure(figsize=(width, height), dpi=100, facecolor="white")
    fig.text(
        0.2 / width,
        1 - 0.25 / height,
        truncate(scene.title, width - 0.4, 12.0, True),
        ha="left",
        va="center",
        fontsize=12.0,
        fontweight="bold",
        parse_math=False,
    )
    fig.text(
        0.2 / width,
        1 - 0.48 / height,
        truncate(scene.subtitle, width - 0.4, 8.5),
        ha="left",
        va="center",
        fontsize=8.5,
        color=DARK,
        parse_math=False,
    )
    draw_diagram(fig, scene, layout, (0.0, 0.1, width, height - TITLE_BAND - 0.1))
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
