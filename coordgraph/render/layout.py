"""Where every card goes: layered placement in pure Python (no matplotlib).

Positions are in inches, origin at the lower left, so the drawing can map them 1:1 onto a
figure and text sizes in points keep their meaning. The algorithm is a small Sugiyama-style
pipeline that is near-linear in the size of the scene:

1. **Layers** come from the scene (leaders on top, inbetweeners in the middle, staff and
   externals below, forum hubs under their most senior member, tasks below the people).
2. **Order** within each layer by barycentre sweeps (down, then up, a few times): each
   card moves towards the mean position of its neighbours in the layers already swept,
   which removes most crossings at O(edges) per sweep.
3. **Wrap** a layer that is wider than the target width into several lines, column by
   column, so left-to-right order (and with it the crossing reduction) survives.
4. **x** coordinates: the widest layer is spread evenly; every other layer places each
   column as close as possible to its neighbours' mean x while keeping the minimum gap,
   solved exactly by isotonic regression (pool adjacent violators, linear time).

Cards never overlap by construction: within a line consecutive columns are at least one
card width plus a gap apart, lines and layers are stacked with gaps, and everything is
clamped inside the margins.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coordgraph.render.scene import FORUM, PERSON, TASK, Scene, SceneNode
from coordgraph.render.textfit import text_width, truncate, wrap

MARGIN_X = 0.35
MARGIN_Y = 0.5
H_GAP = 0.3  # between cards of one line
LINE_GAP = 0.3  # between the lines of a wrapped layer
LAYER_GAP = 0.6  # between layers: room for edges and their labels
SWEEPS = 4
ASPECT = 1.4  # target width / height of the diagram (landscape, like screens and A4)
PAD_X = 0.08
PAD_Y = 0.06
LINE_HEIGHT = 1.3  # line height as a multiple of the font size
BADGE_GAP = 0.04


@dataclass(frozen=True, slots=True)
class KindStyle:
    """Font sizes (points) and text width limits (inches) of one kind of node."""

    heading_size: float
    body_size: float
    badge_size: float
    min_text: float
    max_text: float
    heading_lines: int


STYLES: Mapping[str, KindStyle] = {
    PERSON: KindStyle(8.0, 7.0, 6.5, 1.1, 1.9, 1),
    TASK: KindStyle(7.5, 6.5, 6.5, 1.2, 1.9, 2),
    FORUM: KindStyle(7.5, 6.5, 6.0, 0.8, 1.5, 1),
}


@dataclass(frozen=True, slots=True)
class Box:
    """A card's rectangle in inches; ``x``, ``y`` is the lower-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def overlaps(self, other: Box) -> bool:
        """True when the interiors intersect (touching edges do not count)."""
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.top
            and other.y < self.top
        )


@dataclass(frozen=True, slots=True)
class Card:
    """The text of a node, already fitted to its box."""

    heading: tuple[str, ...]
    lines: tuple[str, ...]
    badge: str


@dataclass(frozen=True, slots=True)
class Layout:
    boxes: Mapping[str, Box]  # by scene node key
    cards: Mapping[str, Card]
    width: float
    height: float


def line_height(size: float) -> float:
    return size * LINE_HEIGHT / 72.0


def badge_height(style: KindStyle) -> float:
    return line_height(style.badge_size) + 2 * BADGE_GAP


def _badge(codes: Sequence[str], width: float, size: float) -> str:
    """Codes joined by spaces, shortened to ``CG101 CG201 +2`` when they do not fit."""
    if not codes:
        return ""
    for keep in range(len(codes), 0, -1):
        text = " ".join(codes[:keep])
        if keep < len(codes):
            text += f" +{len(codes) - keep}"
        if text_width(text, size, True) <= width:
            return text
    return truncate(" ".join(codes), width, size, True)


def _fit_cards(
    nodes: Sequence[SceneNode],
) -> tuple[dict[str, Card], dict[str, tuple[float, float]]]:
    """Fit every node's text and return its card plus the card size of each kind.

    All cards of one kind share one size: rows then line up, and non-overlap is a matter
    of spacing, not of per-card bookkeeping.
    """
    by_kind: dict[str, list[SceneNode]] = {}
    for node in nodes:
        by_kind.setdefault(node.kind, []).append(node)
    cards: dict[str, Card] = {}
    sizes: dict[str, tuple[float, float]] = {}
    for kind, group in by_kind.items():
        style = STYLES[kind]
        needed = style.min_text
        for node in group:
            needed = max(needed, text_width(node.heading, style.heading_size, True))
            for line in node.lines:
                needed = max(needed, text_width(line, style.body_size))
            # badges do not widen cards: they shorten to "CG101 CG201 +2" instead
        text_w = round(min(needed, style.max_text) + 0.005, 2)
        heading_lines = 1
        body_lines = 0
        any_badge = False
        for node in group:
            heading = wrap(node.heading, text_w, style.heading_size, True, style.heading_lines)
            lines = tuple(truncate(line, text_w, style.body_size) for line in node.lines)
            badge = _badge(node.codes, text_w - 2 * BADGE_GAP, style.badge_size)
            cards[node.key] = Card(tuple(heading), lines, badge)
            heading_lines = max(heading_lines, len(heading))
            body_lines = max(body_lines, len(lines))
            any_badge = any_badge or bool(badge)
        height = (
            2 * PAD_Y
            + heading_lines * line_height(style.heading_size)
            + body_lines * line_height(style.body_size)
            + (badge_height(style) + BADGE_GAP if any_badge else 0.0)
        )
        sizes[kind] = (round(text_w + 2 * PAD_X, 3), round(height, 3))
    return cards, sizes


def _pool_adjacent_violators(values: Sequence[float]) -> list[float]:
    """Least-squares non-decreasing fit of ``values`` (isotonic regression), O(n)."""
    blocks: list[list[float]] = []  # [sum, count]
    for value in values:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted: list[float] = []
    for total, count in blocks:
        fitted.extend([total / count] * int(count))
    return fitted


def _order_layers(layers: dict[int, list[str]], adjacency: Mapping[str, Sequence[str]]) -> None:
    """Barycentre sweeps, in place: reorder each layer by its neighbours' mean position."""
    layer_of = {key: lid for lid, row in layers.items() for key in row}
    position: dict[str, float] = {}

    def remember(row: list[str]) -> None:
        for i, key in enumerate(row):
            position[key] = (i + 0.5) / len(row)

    for row in layers.values():
        remember(row)
    ids = sorted(layers)
    for _ in range(SWEEPS):
        for sequence in (ids, ids[::-1]):
            swept: set[int] = set()
            for lid in sequence:
                row = layers[lid]
                if swept:
                    keyed = []
                    for i, key in enumerate(row):
                        near = [position[n] for n in adjacency.get(key, ()) if layer_of[n] in swept]
                        centre = sum(near) / len(near) if near else position[key]
                        keyed.append((centre, i, key))
                    keyed.sort()
                    row[:] = [key for _, _, key in keyed]
                    remember(row)
                swept.add(lid)


def _grid(
    ids: Sequence[int],
    counts: Mapping[int, int],
    size_of: Mapping[int, tuple[float, float]],
    target: float,
) -> dict[int, tuple[int, int]]:
    """(lines, columns) of each layer when no line may be wider than ``target``."""
    grid = {}
    for lid in ids:
        w = size_of[lid][0]
        capacity = max(1, int((target + H_GAP + 1e-9) // (w + H_GAP)))
        lines = math.ceil(counts[lid] / capacity)
        grid[lid] = (lines, math.ceil(counts[lid] / lines))
    return grid


def _extent(
    grid: Mapping[int, tuple[int, int]], size_of: Mapping[int, tuple[float, float]]
) -> tuple[float, float]:
    width = max(cols * (size_of[lid][0] + H_GAP) - H_GAP for lid, (_, cols) in grid.items())
    height = sum(
        lines * (size_of[lid][1] + LINE_GAP) - LINE_GAP for lid, (lines, _) in grid.items()
    )
    return width, height + LAYER_GAP * (len(grid) - 1)


def _choose_grid(
    ids: Sequence[int],
    counts: Mapping[int, int],
    size_of: Mapping[int, tuple[float, float]],
) -> dict[int, tuple[int, int]]:
    """The wrapping whose diagram comes closest to :data:`ASPECT` (width / height).

    Candidate widths are the widths of k cards of some layer; each candidate costs
    O(layers), and there are at most as many candidates as nodes.
    """
    if not ids:
        return {}
    candidates = sorted(
        {
            round(k * (size_of[lid][0] + H_GAP) - H_GAP, 6)
            for lid in ids
            for k in range(1, counts[lid] + 1)
        }
    )
    best: tuple[float, dict[int, tuple[int, int]]] | None = None
    for target in candidates:
        grid = _grid(ids, counts, size_of, target)
        width, height = _extent(grid, size_of)
        score = abs(math.log((width / height) / ASPECT))
        if best is None or score < best[0] - 1e-9:
            best = (score, grid)
    assert best is not None
    return best[1]


def layout_scene(scene: Scene) -> Layout:
    """Place every node of ``scene``; see the module docstring for the method."""
    cards, sizes = _fit_cards(scene.nodes)
    kind_of = {node.key: node.kind for node in scene.nodes}
    layers: dict[int, list[str]] = {}
    for node in scene.nodes:
        layers.setdefault(node.layer, []).append(node.key)
    adjacency: dict[str, list[str]] = {}
    for edge in scene.edges:
        if edge.source in kind_of and edge.target in kind_of and edge.source != edge.target:
            adjacency.setdefault(edge.source, []).append(edge.target)
            adjacency.setdefault(edge.target, []).append(edge.source)
    _order_layers(layers, adjacency)

    # wrap long layers into lines of a common width, chosen for a pleasant aspect ratio
    ids = sorted(layers)
    size_of = {lid: sizes[kind_of[layers[lid][0]]] for lid in ids}
    grid = _choose_grid(ids, {lid: len(layers[lid]) for lid in ids}, size_of)

    def unit(lid: int) -> float:
        return sizes[kind_of[layers[lid][0]]][0] + H_GAP

    def span(lid: int) -> float:
        return grid[lid][1] * unit(lid) - H_GAP

    content_w = max((span(lid) for lid in ids), default=1.0)
    centre_x: dict[str, float] = {}

    def columns(lid: int) -> list[list[str]]:
        lines, cols = grid[lid]
        row = layers[lid]
        return [row[c * lines : (c + 1) * lines] for c in range(cols)]

    def place(lid: int, anchored: bool) -> None:
        cols = columns(lid)
        step = unit(lid)
        w = step - H_GAP
        lo = MARGIN_X + w / 2
        hi = MARGIN_X + content_w - w / 2
        start = MARGIN_X + (content_w - span(lid)) / 2 + w / 2
        desired = []
        for c, members in enumerate(cols):
            pulls = []
            if anchored:
                for key in members:
                    near = [centre_x[n] for n in adjacency.get(key, ()) if n in centre_x]
                    if near:
                        pulls.append(sum(near) / len(near))
            desired.append(sum(pulls) / len(pulls) if pulls else start + c * step)
        shifted = [d - c * step for c, d in enumerate(desired)]
        fitted = _pool_adjacent_violators(shifted)
        upper = hi - (len(cols) - 1) * step
        for c, members in enumerate(cols):
            x = min(max(fitted[c], lo), upper) + c * step
            for key in members:
                centre_x[key] = x

    if ids:
        widest = max(ids, key=lambda lid: (span(lid), -lid))
        place(widest, anchored=False)
        for lid in [i for i in ids if i > widest] + [i for i in reversed(ids) if i < widest]:
            place(lid, anchored=True)

    # y: layers top to bottom, the lines of a layer stacked within it
    content_h = 0.0
    tops: dict[int, float] = {}
    for n, lid in enumerate(ids):
        if n:
            content_h += LAYER_GAP
        tops[lid] = content_h
        lines = grid[lid][0]
        h = sizes[kind_of[layers[lid][0]]][1]
        content_h += lines * h + (lines - 1) * LINE_GAP
    height = content_h + 2 * MARGIN_Y
    width = content_w + 2 * MARGIN_X
    boxes: dict[str, Box] = {}
    for lid in ids:
        w, h = sizes[kind_of[layers[lid][0]]]
        for members in columns(lid):
            for line, key in enumerate(members):
                top = MARGIN_Y + tops[lid] + line * (h + LINE_GAP)
                boxes[key] = Box(round(centre_x[key] - w / 2, 4), round(height - top - h, 4), w, h)
    return Layout(boxes=boxes, cards=cards, width=round(width, 4), height=round(height, 4))


# -- edge geometry --------------------------------------------------------------------------

Point = tuple[float, float]


def arc_control(a: Box, b: Box, rad: float) -> Point:
    """Control point of matplotlib's ``arc3`` curve between two card centres."""
    return (
        (a.cx + b.cx) / 2 + rad * (b.cy - a.cy),
        (a.cy + b.cy) / 2 - rad * (b.cx - a.cx),
    )


def curve_point(p0: Point, c: Point, p2: Point, t: float) -> Point:
    u = 1 - t
    return (
        u * u * p0[0] + 2 * u * t * c[0] + t * t * p2[0],
        u * u * p0[1] + 2 * u * t * c[1] + t * t * p2[1],
    )


def _inside(box: Box, p: Point) -> bool:
    return box.x <= p[0] <= box.right and box.y <= p[1] <= box.top


def _crossing(box: Box, p0: Point, c: Point, p2: Point, lo: float, hi: float) -> float:
    """Bisection for the ``t`` where the curve crosses ``box``'s border between lo and hi."""
    inside_lo = _inside(box, curve_point(p0, c, p2, lo))
    for _ in range(24):
        mid = (lo + hi) / 2
        if _inside(box, curve_point(p0, c, p2, mid)) == inside_lo:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def edge_curve(a: Box, b: Box, rad: float) -> tuple[Point, Point, Point]:
    """The visible part of an ``arc3`` edge from card ``a`` to card ``b``.

    Returns the quadratic Bézier (start, control, end) clipped to the card borders, so
    arrow heads touch the target card. Computed here, in pure Python, because matplotlib's
    patch clipping (``patchA``/``patchB``) costs milliseconds per edge.
    """
    p0, p2 = (a.cx, a.cy), (b.cx, b.cy)
    c = arc_control(a, b, rad)
    t0 = _crossing(a, p0, c, p2, 0.0, 0.5) if not _inside(a, curve_point(p0, c, p2, 0.5)) else 0.0
    t1 = _crossing(b, p0, c, p2, 0.5, 1.0) if not _inside(b, curve_point(p0, c, p2, 0.5)) else 1.0
    # the piece of a quadratic Bézier between t0 and t1 (blossoming)
    u0, u1 = 1 - t0, 1 - t1
    mid_w = u0 * t1 + t0 * u1
    control = (
        u0 * u1 * p0[0] + mid_w * c[0] + t0 * t1 * p2[0],
        u0 * u1 * p0[1] + mid_w * c[1] + t0 * t1 * p2[1],
    )
    return curve_point(p0, c, p2, t0), control, curve_point(p0, c, p2, t1)


class LabelPlacer:
    """Places edge labels where they cover no card and no earlier label, if it can.

    Cards and placed labels are kept in a uniform grid of ``cell``-inch cells, so each
    test looks only at its neighbourhood: placing all labels stays near-linear.
    """

    def __init__(self, layout: Layout, cell: float = 1.0) -> None:
        self.cell = cell
        self.width = layout.width
        self.height = layout.height
        self._grid: dict[tuple[int, int], list[Box]] = {}
        for box in layout.boxes.values():
            self._add(box)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(int(box.x // c), int(box.right // c) + 1)
            for j in range(int(box.y // c), int(box.top // c) + 1)
        ]

    def _add(self, box: Box) -> None:
        for cell in self._cells(box):
            self._grid.setdefault(cell, []).append(box)

    def collisions(self, box: Box) -> int:
        """How many cards and labels ``box`` overlaps (leaving the diagram counts too)."""
        hits = {
            id(other)
            for cell in self._cells(box)
            for other in self._grid.get(cell, ())
            if box.overlaps(other)
        }
        outside = box.x < 0 or box.y < 0 or box.right > self.width or box.top > self.height
        return len(hits) + (10 if outside else 0)

    def place(self, candidates: Sequence[Point], w: float, h: float) -> Point:
        """The first candidate centre without collisions, else the least bad one."""
        best: tuple[int, Point, Box] | None = None
        for point in candidates:
            box = Box(point[0] - w / 2, point[1] - h / 2, w, h)
            count = self.collisions(box)
            if best is None or count < best[0]:
                best = (count, point, box)
            if count == 0:
                break
        assert best is not None, "at least one candidate is required"
        self._add(best[2])
        return best[1]
