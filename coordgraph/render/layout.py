"""Where every card and unit box goes, and the path of every line (no matplotlib).

Positions are in inches, origin at the lower left, so the drawing can map them 1:1 onto a
figure and text sizes in points keep their meaning.

**Placement** is a nest of blocks. The page is a block; each unit is a block (a box with
a title band) inside its parent's. A block stacks rows: the cards of its upper layers
(leaders, forum hubs, inbetweeners), then a row of its sub-units (boxes, or cards when
folded), then its lower layers (staff, externals, tasks below the people). A long layer
wraps into several rows, column by column, so the left-to-right order chosen by
barycentre sweeps (which removes most crossings) survives. Cards never overlap by
construction: items in a row are a gap apart and rows are stacked with gaps.

**Routing** is orthogonal and exact, not a heuristic that usually works: the free space
of every block - the channels between its rows, the gaps between the items of a row,
its padding and title band - is a set of rectangles that contain no card. A line is a
shortest path (A*) through adjacent rectangles, turned into horizontal and vertical
segments that each stay inside one rectangle, so no segment can cross a card it does not
connect. Lines sharing a rectangle get separate tracks. The cost is linear in the number
of rectangles for building and about the length of a path for each search.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from coordgraph.render import texts
from coordgraph.render.scene import FORUM, PERSON, TASK, UNIT, UNIT_LAYER, Scene, SceneNode
from coordgraph.render.textfit import text_width, truncate, wrap

MARGIN_X = 0.35
MARGIN_Y = 0.35
PAGE_MARGIN = 0.15  # round a diagram laid out for a page of the meeting pack
H_GAP = 0.35  # between the items of a row: room for vertical lines
LINE_GAP = 0.3  # between the rows of one wrapped layer
LAYER_GAP = 0.55  # between layers: room for lines and their labels
GROUP_PAD = 0.2  # inside a unit box, around its rows
SWEEPS = 4
ASPECT = 1.4  # target width / height of a block (landscape, like screens and A4)
PAD_X = 0.08
PAD_Y = 0.06
LINE_HEIGHT = 1.3  # line height as a multiple of the font size
BADGE_GAP = 0.04
TITLE_COST = 4.0  # a line through a unit's title band costs this much more per inch
BEND_COST = 0.25  # inches a turn is worth: straighter lines win ties
GREED = 1.6  # weighted A*: a path at most this much dearer than the best, found fast
CROWD_COST = 0.06  # each line already in a rectangle makes it this much dearer per inch
CROWD_CAP = 10  # beyond ten lines a rectangle is simply crowded: keeps the search local

#: Smallest text anywhere on a diagram (points): readable on a projector and in the pack.
MIN_TEXT = 9.0


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
    PERSON: KindStyle(10.0, 9.0, 9.0, 1.3, 2.2, 2),
    TASK: KindStyle(10.0, 9.0, 9.0, 1.4, 2.2, 3),
    FORUM: KindStyle(9.5, 9.0, 9.0, 1.0, 2.0, 3),
    UNIT: KindStyle(10.5, 9.0, 9.0, 1.4, 2.1, 2),
}
GROUP_TITLE_SIZE = 10.5
GROUP_LINE_SIZE = 9.0
GROUP_TEXT_MAX = 3.2  # inches a unit's title may take before it wraps
BODY_LINES = 2  # a title or subtitle longer than one line wraps onto a second
FINDING_LINES = 3  # lines of findings on a card; the rest are counted ("+2 fund mere")


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in inches; ``x``, ``y`` is the lower-left corner."""

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

    def contains(self, other: Box, slack: float = 1e-6) -> bool:
        return (
            self.x - slack <= other.x
            and self.y - slack <= other.y
            and other.right <= self.right + slack
            and other.top <= self.top + slack
        )


@dataclass(frozen=True, slots=True)
class Card:
    """The text of a node, already fitted to its box."""

    heading: tuple[str, ...]
    lines: tuple[str, ...]
    findings: tuple[str, ...]  # short finding words with the code, then "+N more"


@dataclass(frozen=True, slots=True)
class GroupFrame:
    """A unit's box with its fitted title and subtitle lines."""

    box: Box
    title: tuple[str, ...]
    lines: tuple[str, ...]
    findings: tuple[str, ...]
    title_h: float  # height of the title band at the top of the box


Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Layout:
    boxes: Mapping[str, Box]  # cards, by scene node key
    cards: Mapping[str, Card]
    width: float
    height: float
    groups: Mapping[str, GroupFrame] = field(default_factory=dict)
    routes: Sequence[tuple[Point, ...]] = ()  # per scene edge, in scene order; () if not drawn


def line_height(size: float) -> float:
    return size * LINE_HEIGHT / 72.0


def findings_height(style: KindStyle, count: int) -> float:
    return count * line_height(style.badge_size) + 2 * BADGE_GAP if count else 0.0


def finding_lines(
    codes: Sequence[str], lang: str, width: float, size: float, most: int = 0
) -> tuple[str, ...]:
    """Findings as short words with the code second, ``Mangler mandat · CG201`` (bold).

    A long name wraps onto a second line; at most :data:`FINDING_LINES` lines in all, the
    findings that do not fit counted on the last ("+2 fund mere").
    """
    if not codes:
        return ()
    lines: list[str] = []
    for n, code in enumerate(codes):
        wrapped = wrap(f"{texts.finding_word(code, lang)} · {code}", width, size, True, 2)
        left = len(codes) - n - 1
        room = (most or FINDING_LINES) - len(lines) - (1 if left else 0)
        if len(wrapped) > room:
            rest = len(codes) - n
            break
        lines.extend(wrapped)
    else:
        rest = 0
    if rest:
        lines.append(truncate(texts.text("findings_more", lang, n=rest), width, size, True))
    return tuple(lines)


def _fit_cards(
    nodes: Sequence[SceneNode], lang: str
) -> tuple[dict[str, Card], dict[str, tuple[float, float]]]:
    """Fit every node's text and return its card and its size.

    All cards of one kind share one width, so wrapped layers line up in columns; each
    card is as tall as its own text. Text wraps onto a second line before it is
    shortened.
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
            for code in node.codes[:2]:
                word = f"{texts.finding_word(code, lang)} · {code}"
                needed = max(needed, text_width(word, style.badge_size, True) + 2 * BADGE_GAP)
        text_w = round(min(needed, style.max_text) + 0.005, 2)
        for node in group:
            heading = wrap(node.heading, text_w, style.heading_size, True, style.heading_lines)
            lines: list[str] = []
            for line in node.lines:
                lines.extend(wrap(line, text_w, style.body_size, False, BODY_LINES))
            # a folded unit is a summary: its first finding and how many more
            most = 2 if kind == UNIT else FINDING_LINES
            found = finding_lines(node.codes, lang, text_w - 2 * BADGE_GAP, style.badge_size, most)
            cards[node.key] = Card(tuple(heading), tuple(lines), found)
            height = (
                2 * PAD_Y
                + len(heading) * line_height(style.heading_size)
                + len(lines) * line_height(style.body_size)
                + (findings_height(style, len(found)) + BADGE_GAP if found else 0.0)
            )
            sizes[node.key] = (round(text_w + 2 * PAD_X, 3), round(height, 3))
    return cards, sizes


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
                        near = [
                            position[n]
                            for n in adjacency.get(key, ())
                            if n in layer_of and layer_of[n] in swept
                        ]
                        centre = sum(near) / len(near) if near else position[key]
                        keyed.append((centre, i, key))
                    keyed.sort()
                    row[:] = [key for _, _, key in keyed]
                    remember(row)
                swept.add(lid)


# -- blocks ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    """A card or a block in a row, with its size and (after placement) its corner."""

    key: str
    w: float
    h: float
    block: _Block | None = None
    x: float = 0.0
    top: float = 0.0  # distance from the top of the page (placement works top down)


@dataclass(slots=True)
class _Row:
    items: list[_Item]
    grid: float | None = None  # column pitch when the row is part of a wrapped layer
    columns: int = 0
    gap_after: float = LINE_GAP

    @property
    def h(self) -> float:
        return max(item.h for item in self.items)

    def width(self) -> float:
        if self.grid is not None:
            return self.columns * self.grid - H_GAP
        return sum(item.w for item in self.items) + H_GAP * (len(self.items) - 1)


@dataclass(slots=True)
class _Block:
    key: str | None
    rows: list[_Row]
    title: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    pad: float = GROUP_PAD
    title_h: float = 0.0
    inner_w: float = 0.0
    w: float = 0.0
    h: float = 0.0


def _wrap_layer(items: list[_Item], target: float, hard: bool, by_rows: bool = False) -> list[_Row]:
    """A layer of cards of one width in rows of about ``target`` inches (at most, when
    ``hard``), filled column by column so the left-to-right order survives the wrapping;
    ``by_rows`` fills row by row instead, so a layer sorted by role reads top down."""
    w = items[0].w
    fit = (target + H_GAP + 1e-9) / (w + H_GAP)
    capacity = max(1, int(fit) if hard else round(fit))
    lines = math.ceil(len(items) / capacity)
    columns = math.ceil(len(items) / lines)
    rows = [_Row([], grid=w + H_GAP, columns=columns) for _ in range(lines)]
    for i, item in enumerate(items):
        rows[i // columns if by_rows else i % lines].items.append(item)
    return rows


def _wrap_units(items: list[_Item], target: float) -> list[_Row]:
    """Sub-unit boxes (and folded unit cards) in rows no wider than ``target``."""
    rows: list[_Row] = []
    current: list[_Item] = []
    used = 0.0
    for item in items:
        extra = item.w + (H_GAP if current else 0.0)
        if current and used + extra > target + 1e-9:
            rows.append(_Row(current))
            current, used = [], 0.0
            extra = item.w
        current.append(item)
        used += extra
    if current:
        rows.append(_Row(current))
    return rows


def _unit_rows(units: list[_Item], cards: Sequence[_Row], page_w: float | None) -> list[_Row]:
    """Sub-units in rows: the wrapping whose block comes closest to :data:`ASPECT`.

    Tries one row, two rows, ... (a handful of sub-units, so the few tries are cheap);
    on a page, rows never get wider than the page.
    """
    if not units:
        return []
    card_w = max((row.width() for row in cards), default=0.0)
    card_h = sum(row.h + LAYER_GAP for row in cards)
    widest = max(item.w for item in units)
    # candidate row widths: the first j sub-units side by side, for a few j
    prefix: list[float] = []
    used = -H_GAP
    for item in units[:12]:
        used += item.w + H_GAP
        prefix.append(used)
    best: tuple[float, list[_Row]] | None = None
    for candidate in prefix:
        target = max(widest, candidate)
        if page_w is not None:
            target = min(target, max(page_w, widest))
        rows = _wrap_units(units, target)
        w = max(card_w, max(row.width() for row in rows))
        h = card_h + sum(row.h for row in rows) + LAYER_GAP * (len(rows) - 1)
        too_wide = page_w is not None and w > page_w + 1e-6
        score = abs(math.log((w / h) / ASPECT)) + (100.0 if too_wide else 0.0)
        if best is None or score < best[0] - 1e-9:
            best = (score, rows)
    assert best is not None
    return best[1]


def _target_width(items: Iterable[_Item]) -> float:
    """Row width that gives a block of these items about :data:`ASPECT` width / height."""
    area = 0.0
    widest = 0.0
    for item in items:
        area += (item.w + H_GAP) * (item.h + LINE_GAP)
        widest = max(widest, item.w)
    return max(widest, math.sqrt(area * ASPECT))


def _build_block(
    key: str | None,
    scene: Scene,
    members: Mapping[str | None, list[SceneNode]],
    children: Mapping[str | None, list[str]],
    order: Mapping[str, float],
    sizes: Mapping[str, tuple[float, float]],
    frames: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]],
    page_w: float | None = None,
    rank: Mapping[str, int] | None = None,
) -> _Block:
    """The block of one unit (``key``) or of the page (``None``), sizes computed bottom up."""
    group_index = {g.key: g for g in scene.groups}
    rank = rank or {}
    sub_items: list[tuple[int, _Item]] = []
    inner = None if page_w is None else max(0.5, page_w - 2 * GROUP_PAD)
    for child in children.get(key, ()):
        block = _build_block(child, scene, members, children, order, sizes, frames, inner, rank)
        sub_items.append((group_index[child].rank, _Item(child, block.w, block.h, block)))
    layers: dict[int, list[_Item]] = {}
    for node in members.get(key, ()):
        w, h = sizes[node.key]
        if node.kind == UNIT:
            sub_items.append((node.rank, _Item(node.key, w, h)))
        else:
            layers.setdefault(node.layer, []).append(_Item(node.key, w, h))
    sub_items.sort(key=lambda pair: pair[0])
    units = [item for _, item in sub_items]
    mixed: set[int] = set()
    for layer, items in layers.items():
        ranks = {item.key: rank.get(item.key, 0) for item in items}
        if len(set(ranks.values())) > 1:
            mixed.add(layer)  # people of every role in one band: leaders first
        items.sort(key=lambda item: (ranks[item.key], order.get(item.key, 0.0)))
    everything = [item for items in layers.values() for item in items] + units
    target = _target_width(everything) if everything else 0.0
    if page_w is not None:
        target = max(page_w, max((item.w for item in everything), default=0.0))
    rows: list[_Row] = []
    hard = page_w is not None
    upper = [
        r
        for x in sorted(layers)
        if x <= UNIT_LAYER
        for r in _wrap_layer(layers[x], target, hard, x in mixed)
    ]
    lower = [
        r
        for x in sorted(layers)
        if x > UNIT_LAYER
        for r in _wrap_layer(layers[x], target, hard, x in mixed)
    ]
    for part in (upper, _unit_rows(units, upper + lower, page_w), lower):
        for n, row in enumerate(part):
            if n == 0 and rows:
                rows[-1].gap_after = LAYER_GAP
            rows.append(row)
    inner_w = max((row.width() for row in rows), default=0.0)
    inner_h = sum(row.h for row in rows) + sum(row.gap_after for row in rows[:-1])
    if key is None:
        block = _Block(None, rows, pad=0.0)
        block.inner_w, block.w, block.h = inner_w, inner_w, inner_h
        return block
    group = group_index[key]
    title_w = max(
        [text_width(group.title, GROUP_TITLE_SIZE, True)]
        + [text_width(line, GROUP_LINE_SIZE) for line in group.lines]
    )
    inner_w = max(inner_w, min(title_w, GROUP_TEXT_MAX), 1.2)
    title = tuple(wrap(group.title, inner_w, GROUP_TITLE_SIZE, True, BODY_LINES))
    lines: list[str] = []
    for line in group.lines:
        lines.extend(wrap(line, inner_w, GROUP_LINE_SIZE, False, BODY_LINES))
    found = finding_lines(group.codes, scene.lang, inner_w - 2 * BADGE_GAP, GROUP_LINE_SIZE)
    frames[key] = (title, tuple(lines), found)
    title_h = (
        PAD_Y
        + len(title) * line_height(GROUP_TITLE_SIZE)
        + len(lines) * line_height(GROUP_LINE_SIZE)
        + (len(found) * line_height(GROUP_LINE_SIZE) + 2 * BADGE_GAP if found else 0.0)
        + PAD_Y
    )
    block = _Block(key, rows, title, tuple(lines), found, GROUP_PAD, title_h)
    block.inner_w = inner_w
    block.w = round(inner_w + 2 * GROUP_PAD, 4)
    block.h = (
        round(title_h + GROUP_PAD + inner_h + GROUP_PAD, 4)
        if rows
        else round(title_h + GROUP_PAD, 4)
    )
    return block


# -- free space -----------------------------------------------------------------------------

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in page coordinates (y up)


@dataclass(slots=True)
class _Placement:
    height: float
    boxes: dict[str, Box] = field(default_factory=dict)
    group_boxes: dict[str, Box] = field(default_factory=dict)
    title_h: dict[str, float] = field(default_factory=dict)
    free: list[Rect] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)

    def rect(self, x0: float, top0: float, x1: float, top1: float, cost: float = 1.0) -> None:
        """A free rectangle given by distances from the page top (``top0`` < ``top1``)."""
        if x1 - x0 > 1e-6 and top1 - top0 > 1e-6:
            self.free.append(
                (
                    round(x0, 6),
                    round(self.height - top1, 6),
                    round(x1, 6),
                    round(self.height - top0, 6),
                )
            )
            self.cost.append(cost)


def _place(block: _Block, x: float, top: float, out: _Placement, outer: Rect | None) -> None:
    """Give every item of ``block`` (outer corner ``x``, ``top``) its place; record free space.

    ``outer`` is the block's own rectangle (x0, top0, x1, top1), whose padding and title
    band are free space too.
    """
    x0, x1 = x, x + block.w
    if block.key is not None:
        out.group_boxes[block.key] = Box(
            round(x, 4), round(out.height - top - block.h, 4), block.w, block.h
        )
        out.title_h[block.key] = block.title_h
        out.rect(x0, top, x1, top + block.title_h, TITLE_COST)
    inner_x = x + block.pad
    y = top + block.title_h + block.pad
    # padding: left and right strips, and the band between the title and the first row
    bottom = top + block.h
    if block.pad > 0:
        out.rect(x0, top + block.title_h, inner_x, bottom)
        out.rect(x1 - block.pad, top + block.title_h, x1, bottom)
        out.rect(x0, top + block.title_h, x1, y)
        out.rect(x0, bottom - block.pad, x1, bottom)
    for n, row in enumerate(block.rows):
        row_h = row.h
        if row.grid is not None:
            start = inner_x + (block.inner_w - row.width()) / 2
            positions = [start + c * row.grid for c in range(len(row.items))]
        else:
            start = inner_x + (block.inner_w - row.width()) / 2
            positions = []
            cursor = start
            for item in row.items:
                positions.append(cursor)
                cursor += item.w + H_GAP
        previous = x0
        for item, px in zip(row.items, positions, strict=True):
            item.x, item.top = px, y
            out.rect(previous, y, px, y + row_h)  # the gap left of the item
            if item.h < row_h - 1e-6:
                out.rect(px, y + item.h, px + item.w, y + row_h)  # under a shorter item
            previous = px + item.w
            if item.block is not None:
                _place(item.block, px, y, out, None)
            else:
                out.boxes[item.key] = Box(
                    round(px, 4), round(out.height - y - item.h, 4), item.w, item.h
                )
        out.rect(previous, y, x1, y + row_h)
        y += row_h
        if n < len(block.rows) - 1:
            out.rect(x0, y, x1, y + row.gap_after)  # the channel below the row
            y += row.gap_after


# -- routing ---------------------------------------------------------------------------------

_EPS = 1e-6


class _Grid:
    """Rectangles in a uniform grid of cells, for finding neighbours near-linearly."""

    def __init__(self, rects: Sequence[Rect], cell: float = 1.0) -> None:
        self.cell = cell
        self.rects = rects
        self.cells: dict[tuple[int, int], list[int]] = {}
        for i, r in enumerate(rects):
            for c in self._cells(r):
                self.cells.setdefault(c, []).append(i)

    def _cells(self, r: Rect) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(int((r[0] - _EPS) // c), int((r[2] + _EPS) // c) + 1)
            for j in range(int((r[1] - _EPS) // c), int((r[3] + _EPS) // c) + 1)
        ]

    def near(self, r: Rect) -> list[int]:
        seen: dict[int, None] = {}
        for c in self._cells(r):
            for i in self.cells.get(c, ()):
                seen[i] = None
        return list(seen)


def _overlap(a: Rect, b: Rect) -> Rect | None:
    """The closed intersection of two rectangles when it has positive length."""
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[2], b[2]), min(a[3], b[3])
    if x1 < x0 - _EPS or y1 < y0 - _EPS:
        return None
    if x1 - x0 <= _EPS and y1 - y0 <= _EPS:
        return None  # a corner
    return (x0, y0, max(x0, x1), max(y0, y1))


#: How near a free rectangle's edge must be to a card's side to touch it. Cards are
#: rounded to 4 decimals and free rectangles to 6, so an exact test misses real contacts.
_TOUCH = 1e-3


def _contact(box: Box, r: Rect) -> tuple[str, Rect] | None:
    """Which side of ``box`` free rectangle ``r`` touches from outside, and where."""
    if abs(r[3] - box.y) <= _TOUCH:
        side = "bottom"
    elif abs(r[1] - box.top) <= _TOUCH:
        side = "top"
    elif abs(r[2] - box.x) <= _TOUCH:
        side = "left"
    elif abs(r[0] - box.right) <= _TOUCH:
        side = "right"
    else:
        return None
    if side in ("bottom", "top"):
        lo, hi = max(r[0], box.x), min(r[2], box.right)
        y = box.y if side == "bottom" else box.top
        return (side, (lo, y, hi, y)) if hi - lo > 0.05 else None
    lo, hi = max(r[1], box.y), min(r[3], box.top)
    x = box.x if side == "left" else box.right
    return (side, (x, lo, x, hi)) if hi - lo > 0.05 else None


def _mid(r: Rect) -> Point:
    return ((r[0] + r[2]) / 2, (r[1] + r[3]) / 2)


class Router:
    """Orthogonal routes through the free rectangles of a placement."""

    def __init__(self, free: Sequence[Rect], cost: Sequence[float]) -> None:
        self.free = free
        self.cost = cost
        self.grid = _Grid(free)
        self.neighbours: list[list[tuple[int, Rect]]] = [[] for _ in free]
        for i, r in enumerate(free):
            for j in self.grid.near(r):
                if j > i:
                    o = _overlap(r, free[j])
                    if o is not None:
                        self.neighbours[i].append((j, o))
                        self.neighbours[j].append((i, o))
        for row in self.neighbours:
            row.sort(key=lambda pair: pair[0])
        self.load = [0] * len(free)  # lines already routed through each rectangle
        self.expanded = 0  # regions taken from the queue (work done, for tests)

    def contacts(self, box: Box) -> list[tuple[int, str, Rect]]:
        near = self.grid.near((box.x, box.y, box.right, box.top))
        result = []
        for i in sorted(near):
            found = _contact(box, self.free[i])
            if found is not None:
                result.append((i, found[0], found[1]))
        return result

    def search(
        self, source: Box, target: Box
    ) -> tuple[list[int], tuple[str, Rect], tuple[str, Rect]] | None:
        """Regions from ``source`` to ``target`` and the sides where the line meets them."""
        starts = self.contacts(source)
        goals = {i: (side, seg) for i, side, seg in self.contacts(target)}
        if not starts or not goals:
            return None
        goal_point = (target.cx, target.cy)
        best: dict[int, float] = {}
        came: dict[int, tuple[int, Point]] = {}
        entry: dict[int, Point] = {}
        start_side: dict[int, tuple[str, Rect]] = {}
        queue: list[tuple[float, float, int, int]] = []
        counter = 0
        for i, side, seg in starts:
            p = _mid(seg)
            g = abs(p[0] - source.cx) + abs(p[1] - source.cy)
            if g < best.get(i, math.inf):
                best[i] = g
                entry[i] = p
                start_side[i] = (side, seg)
                h = abs(p[0] - goal_point[0]) + abs(p[1] - goal_point[1])
                heapq.heappush(queue, (g + GREED * h, g, counter, i))
                counter += 1
        done: set[int] = set()
        finish: tuple[float, int] | None = None
        while queue:
            _, g, _, i = heapq.heappop(queue)
            if i in done:
                continue
            done.add(i)
            self.expanded += 1
            e = entry[i]
            if i in goals:  # the first region at the target ends the search
                p = _mid(goals[i][1])
                finish = (g + (abs(p[0] - e[0]) + abs(p[1] - e[1])) * self.cost[i], i)
                break
            for j, o in self.neighbours[i]:
                if j in done:
                    continue
                w = _mid(o)
                crowd = 1.0 + CROWD_COST * min(self.load[i], CROWD_CAP)
                step = (abs(w[0] - e[0]) + abs(w[1] - e[1])) * self.cost[i] * crowd + BEND_COST
                ng = g + step
                if ng < best.get(j, math.inf) - 1e-9:
                    best[j] = ng
                    entry[j] = w
                    came[j] = (i, w)
                    h = abs(w[0] - goal_point[0]) + abs(w[1] - goal_point[1])
                    heapq.heappush(queue, (ng + GREED * h, ng, counter, j))
                    counter += 1
        if finish is None:
            return None
        path = [finish[1]]
        while path[-1] in came:
            path.append(came[path[-1]][0])
        path.reverse()
        for region in path:
            self.load[region] += 1
        return path, start_side[path[0]], goals[finish[1]]


def _spread(lo: float, hi: float, k: int, n: int) -> float:
    return lo + (hi - lo) * (k + 1) / (n + 1)


def _route_all(router: Router, ends: Sequence[tuple[Box, Box] | None]) -> list[tuple[Point, ...]]:
    """Search every line, give lines sharing a rectangle or a card side separate tracks,
    and turn each into horizontal and vertical segments."""
    found: list[tuple[list[int], tuple[str, Rect], tuple[str, Rect]] | None] = []
    users: dict[int, list[int]] = {}
    ports: dict[tuple[int, str], list[tuple[float, int, int]]] = {}
    for n, pair in enumerate(ends):
        result = router.search(*pair) if pair is not None else None
        found.append(result)
        if result is None or pair is None:
            continue
        path, start, goal = result
        for region in dict.fromkeys(path):
            users.setdefault(region, []).append(n)
        a, b = pair
        # ports: spread along each card side, ordered by where the other end lies
        for which, box, other, (side, _seg) in ((0, a, b, start), (1, b, a, goal)):
            along = other.cx if side in ("top", "bottom") else other.cy
            ports.setdefault((id(box), side), []).append((along, n, which))
    track: dict[tuple[int, int], tuple[float, float]] = {}
    for region, lines in users.items():
        r = router.free[region]
        count = len(lines)
        for k, n in enumerate(lines):
            track[(region, n)] = (_spread(r[0], r[2], k, count), _spread(r[1], r[3], k, count))
    port_at: dict[tuple[int, int], Point] = {}
    for (_, side), items in ports.items():
        items.sort()
        count = len(items)
        for k, (_, n, which) in enumerate(items):
            result = found[n]
            assert result is not None
            seg = result[1][1] if which == 0 else result[2][1]
            if side in ("top", "bottom"):
                port_at[(n, which)] = (_spread(seg[0], seg[2], k, count), seg[1])
            else:
                port_at[(n, which)] = (seg[0], _spread(seg[1], seg[3], k, count))
    routes: list[tuple[Point, ...]] = []
    for n, result in enumerate(found):
        if result is None:
            routes.append(())
            continue
        path, start, goal = result
        waypoints = [port_at[(n, 0)]]
        for a_region, b_region in itertools.pairwise(path):
            o = _overlap(router.free[a_region], router.free[b_region])
            assert o is not None
            ta, tb = track[(a_region, n)], track[(b_region, n)]
            ra, rb = router.free[a_region], router.free[b_region]
            x = ta[0] if _vertical(ra) else tb[0] if _vertical(rb) else (o[0] + o[2]) / 2
            y = ta[1] if not _vertical(ra) else tb[1] if not _vertical(rb) else (o[1] + o[3]) / 2
            waypoints.append((min(max(x, o[0]), o[2]), min(max(y, o[1]), o[3])))
        waypoints.append(port_at[(n, 1)])
        points: list[Point] = [waypoints[0]]
        last = len(path) - 1
        for k, region in enumerate(path):
            p, q = waypoints[k], waypoints[k + 1]
            tx, ty = track[(region, n)]
            horizontal = not _vertical(router.free[region])
            if k == 0:
                horizontal = start[0] in ("top", "bottom")
            elif k == last:
                horizontal = goal[0] in ("top", "bottom")
            leaves_flat = start[0] in ("top", "bottom")
            arrives_flat = goal[0] in ("top", "bottom")
            if k == 0 and k == last and leaves_flat != arrives_flat:
                # leave one side, arrive at a side at right angles: one corner
                if start[0] in ("top", "bottom"):
                    points += [(p[0], q[1]), q]
                else:
                    points += [(q[0], p[1]), q]
                continue
            if horizontal:
                points += [(p[0], ty), (q[0], ty), q]
            else:
                points += [(tx, p[1]), (tx, q[1]), q]
        routes.append(_simplify(points))
    return routes


def _vertical(r: Rect) -> bool:
    return (r[3] - r[1]) > (r[2] - r[0])


def _simplify(points: Sequence[Point]) -> tuple[Point, ...]:
    """Drop repeated points and the middle one of three on a line."""
    out: list[Point] = []
    for p in points:
        p = (round(p[0], 4), round(p[1], 4))
        if out and abs(out[-1][0] - p[0]) < 1e-6 and abs(out[-1][1] - p[1]) < 1e-6:
            continue
        if len(out) >= 2:
            a, b = out[-2], out[-1]
            same_x = abs(a[0] - b[0]) < 1e-6 and abs(b[0] - p[0]) < 1e-6
            same_y = abs(a[1] - b[1]) < 1e-6 and abs(b[1] - p[1]) < 1e-6
            if same_x or same_y:
                out[-1] = p
                continue
        out.append(p)
    return tuple(out)


def layout_scene(scene: Scene, width: float | None = None) -> Layout:
    """Place every card and unit box of ``scene`` and route every line.

    ``width`` (inches) is the room on a page: the page's own rows wrap to it instead of
    to a pleasant aspect ratio.
    """
    cards, sizes = _fit_cards(scene.nodes, scene.lang)
    keys = {node.key for node in scene.nodes}
    layers: dict[int, list[str]] = {}
    for node in scene.nodes:
        layers.setdefault(node.layer, []).append(node.key)
    adjacency: dict[str, list[str]] = {}
    for edge in scene.edges:
        if edge.source in keys and edge.target in keys and edge.source != edge.target:
            adjacency.setdefault(edge.source, []).append(edge.target)
            adjacency.setdefault(edge.target, []).append(edge.source)
    _order_layers(layers, adjacency)
    order = {key: float(i) for row in layers.values() for i, key in enumerate(row)}
    members: dict[str | None, list[SceneNode]] = {}
    for node in scene.nodes:
        members.setdefault(node.group, []).append(node)
    children: dict[str | None, list[str]] = {}
    for group in scene.groups:
        children.setdefault(group.parent, []).append(group.key)
    frames: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}
    # on a page the margins are the page's: keep only a little room for lines round the edge
    margin_x, margin_y = (MARGIN_X, MARGIN_Y) if width is None else (PAGE_MARGIN, PAGE_MARGIN)
    page_w = None if width is None else max(0.5, width - 2 * margin_x)
    roles = {"leader": 0, "inbetweener": 1, "staff": 2, "external": 3}
    rank = {n.key: roles.get(n.style, 4) for n in scene.nodes if n.kind == PERSON}
    root = _build_block(None, scene, members, children, order, sizes, frames, page_w, rank)
    page_width = round(max(root.w, 1.0) + 2 * margin_x, 4)
    height = round(max(root.h, 0.5) + 2 * margin_y, 4)
    placement = _Placement(height)
    # the margins are free space all round
    placement.rect(0, 0, page_width, margin_y)
    placement.rect(0, height - margin_y, page_width, height)
    placement.rect(0, 0, margin_x, height)
    placement.rect(page_width - margin_x, 0, page_width, height)
    root.inner_w = page_width - 2 * margin_x
    root.w = page_width - 2 * margin_x
    _place(root, margin_x, margin_y, placement, None)
    boxes = placement.boxes
    groups = {
        key: GroupFrame(placement.group_boxes[key], *frames[key], placement.title_h[key])
        for key in frames
    }
    router = Router(placement.free, placement.cost)
    ends: list[tuple[Box, Box] | None] = []
    for edge in scene.edges:
        a = boxes.get(edge.source) or (groups[edge.source].box if edge.source in groups else None)
        b = boxes.get(edge.target) or (groups[edge.target].box if edge.target in groups else None)
        ends.append((a, b) if a is not None and b is not None and a is not b else None)
    routes = _route_all(router, ends)
    return Layout(
        boxes=boxes,
        cards=cards,
        width=page_width,
        height=height,
        groups=groups,
        routes=tuple(routes),
    )


class LabelPlacer:
    """Places edge labels where they cover no card and no earlier label, if it can.

    Cards, unit titles and placed labels are kept in a uniform grid of ``cell``-inch
    cells, so each test looks only at its neighbourhood: placing all labels stays
    near-linear. Covering a card (or a unit's name) is far worse than covering another
    label: a label may hide a label, never a name, unless nothing else is possible.
    """

    CARD = 10  # cost of covering a card or a unit's title
    LABEL = 1  # cost of covering an earlier label

    def __init__(self, layout: Layout, cell: float = 1.0) -> None:
        self.cell = cell
        self.width = layout.width
        self.height = layout.height
        self._grid: dict[tuple[int, int], list[tuple[Box, int]]] = {}
        for box in layout.boxes.values():
            self._add(box, self.CARD)
        for frame in layout.groups.values():
            band = Box(frame.box.x, frame.box.top - frame.title_h, frame.box.w, frame.title_h)
            self._add(band, self.CARD)

    def _cells(self, box: Box) -> list[tuple[int, int]]:
        c = self.cell
        return [
            (i, j)
            for i in range(int(box.x // c), int(box.right // c) + 1)
            for j in range(int(box.y // c), int(box.top // c) + 1)
        ]

    def _add(self, box: Box, cost: int) -> None:
        for cell in self._cells(box):
            self._grid.setdefault(cell, []).append((box, cost))

    def collisions(self, box: Box) -> int:
        """What ``box`` covers: cards and titles weigh :data:`CARD`, labels :data:`LABEL`
        (leaving the diagram weighs most)."""
        hits = {
            id(other): cost
            for cell in self._cells(box)
            for other, cost in self._grid.get(cell, ())
            if box.overlaps(other)
        }
        outside = box.x < 0 or box.y < 0 or box.right > self.width or box.top > self.height
        return sum(hits.values()) + (100 if outside else 0)

    def place(self, candidates: Sequence[Point], w: float, h: float) -> Point:
        """The first candidate centre without collisions, else the least bad one."""
        best: tuple[int, Point, Box] | None = None
        for point in candidates:
            # inside the diagram: a label by a line in the margin moves inwards
            x = min(max(point[0], w / 2), max(w / 2, self.width - w / 2))
            y = min(max(point[1], h / 2), max(h / 2, self.height - h / 2))
            point = (x, y)
            box = Box(point[0] - w / 2, point[1] - h / 2, w, h)
            count = self.collisions(box)
            if best is None or count < best[0]:
                best = (count, point, box)
            if count == 0:
                break
        assert best is not None, "at least one candidate is required"
        self._add(best[2], self.LABEL)
        return best[1]
