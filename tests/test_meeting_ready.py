"""Meeting-ready diagrams and pack: units as boxes, no line through a card, words not
codes, nothing below 9 pt, bounded work for large organisations."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordgraph.findings import FileResult
from coordgraph.render import draw, texts
from coordgraph.render.cli import report as report_command
from coordgraph.render.layout import MIN_TEXT, Box, Layout, layout_scene
from coordgraph.render.scene import (
    MAX_UNFOLDED,
    PERSON,
    TASK,
    UNIT,
    Scene,
    build_scene,
    resolve_focus,
    task_layers,
)
from tests import _render_samples as samples
from tests.test_render import svg_texts

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "orgs").glob("*.org.yaml"))
UNITS_EXAMPLE = ROOT / "orgs" / "kastanjen.org.yaml"
V1_SOLSIKKEN = ROOT / "tests" / "data" / "v1.0" / "solsikken.org.yaml"  # written without units


def _generated(people: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    return str(generate(people, seed=1))


def _checked(text: str, lang: str = "da") -> FileResult:
    result = samples.checked_text(text, lang)
    assert result.org is not None and result.graph is not None
    return result


def _example(path: Path, lang: str = "da") -> FileResult:
    return _checked(path.read_text(encoding="utf-8"), lang)


# -- geometry --------------------------------------------------------------------------------


def _crosses(p: tuple[float, float], q: tuple[float, float], box: Box, eps: float = 1e-6) -> bool:
    """True when the axis-parallel segment p-q enters the interior of ``box``."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    return x0 < box.right - eps and x1 > box.x + eps and y0 < box.top - eps and y1 > box.y + eps


def _on_border(p: tuple[float, float], box: Box, eps: float = 1e-3) -> bool:
    inside_x = box.x - eps <= p[0] <= box.right + eps
    inside_y = box.y - eps <= p[1] <= box.top + eps
    on_x = abs(p[0] - box.x) <= eps or abs(p[0] - box.right) <= eps
    on_y = abs(p[1] - box.y) <= eps or abs(p[1] - box.top) <= eps
    return inside_x and inside_y and (on_x or on_y)


class _Index:
    """Cards in 1-inch buckets, so a segment is tested against the cards near it only."""

    def __init__(self, boxes: dict[str, Box]) -> None:
        self.cells: dict[tuple[int, int], list[str]] = {}
        self.boxes = boxes
        for key, box in boxes.items():
            for cell in self._cells(box.x, box.y, box.right, box.top):
                self.cells.setdefault(cell, []).append(key)

    @staticmethod
    def _cells(x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
        for i in range(int(x0) - 1, int(x1) + 2):
            for j in range(int(y0) - 1, int(y1) + 2):
                yield (i, j)

    def near(self, p: tuple[float, float], q: tuple[float, float]) -> set[str]:
        x0, x1 = sorted((p[0], q[0]))
        y0, y1 = sorted((p[1], q[1]))
        return {k for c in self._cells(x0, y0, x1, y1) for k in self.cells.get(c, ())}


def assert_geometry(scene: Scene, layout: Layout) -> None:
    """No card overlaps another; every line is drawn, orthogonal, from border to border,
    and crosses no card but its own two ends; cards sit inside their unit's box."""
    boxes = dict(layout.boxes)
    assert set(boxes) == {n.key for n in scene.nodes}
    ordered = sorted(boxes.items(), key=lambda kv: kv[1].x)
    for i, (ka, a) in enumerate(ordered):  # sweep on x: near-linear, not all pairs
        for kb, b in ordered[i + 1 :]:
            if b.x >= a.right:
                break
            assert not a.overlaps(b), (ka, kb)
    index = _Index(boxes)
    frames = {key: frame.box for key, frame in layout.groups.items()}
    assert len(layout.routes) == len(scene.edges)
    for edge, route in zip(scene.edges, layout.routes, strict=True):
        ends = (edge.source, edge.target)
        assert route, f"{edge.kind} {ends} has no route"
        start = boxes.get(edge.source) or frames[edge.source]
        end = boxes.get(edge.target) or frames[edge.target]
        assert _on_border(route[0], start), (edge, route[0])
        assert _on_border(route[-1], end), (edge, route[-1])
        for p, q in itertools.pairwise(route):
            assert abs(p[0] - q[0]) < 1e-6 or abs(p[1] - q[1]) < 1e-6, (edge, p, q)
            for key in index.near(p, q):
                if key not in ends:
                    assert not _crosses(p, q, boxes[key]), f"{edge.kind} {ends} crosses {key}"
    for node in scene.nodes:
        if node.group is not None:
            assert frames[node.group].contains(boxes[node.key]), (node.key, node.group)
        for key, frame in frames.items():
            if node.group != key and not _ancestor(scene, key, node.group):
                assert not frame.overlaps(boxes[node.key]), (node.key, "in", key)
    for group in scene.groups:
        if group.parent is not None:
            assert frames[group.parent].contains(frames[group.key]), group.key


def _ancestor(scene: Scene, key: str, group: str | None) -> bool:
    parents = {g.key: g.parent for g in scene.groups}
    while group is not None:
        if group == key:
            return True
        group = parents.get(group)
    return False


def _scenes(result: FileResult) -> Iterator[tuple[str, Scene]]:
    org, graph, found = result.org, result.graph, result.findings
    assert org is not None and graph is not None
    for view in ("org", "tasks"):
        yield view, build_scene(org, graph, found, view=view, lang="da")
    person = next(iter(org.people))
    yield f"focus {person}", build_scene(org, graph, found, focus=f"people/{person}", lang="da")
    yield (
        f"focus {person} tasks",
        build_scene(org, graph, found, view="tasks", focus=f"people/{person}", lang="da"),
    )
    task = next(iter(org.tasks), None)
    if task is not None:
        yield f"focus {task}", build_scene(org, graph, found, view="tasks", focus=f"tasks/{task}")
    for unit in list(org.units)[:2]:
        yield f"focus {unit}", build_scene(org, graph, found, focus=f"units/{unit}", lang="da")


GENERATED = [("generated", n) for n in (30, 60, 120)] + [("units", n) for n in (12, 60, 120)]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_no_line_crosses_a_card_and_no_cards_overlap(path):
    for name, scene in _scenes(_example(path)):
        assert_geometry(scene, layout_scene(scene)), name
        assert_geometry(scene, layout_scene(scene, 10.69)), name  # as laid out for a page


@pytest.mark.parametrize(("kind", "people"), GENERATED, ids=lambda x: str(x))
def test_generated_orgs_up_to_120_people_no_line_crosses_a_card(kind, people):
    text = _generated(people) if kind == "generated" else samples.units_yaml(people)
    for name, scene in _scenes(_checked(text)):
        if name in ("org", "tasks"):
            unfolded = build_scene(*_parts(text), view=name, lang="da", max_unfolded=-1)
            assert_geometry(unfolded, layout_scene(unfolded))
        assert_geometry(scene, layout_scene(scene)), name


def _parts(text: str) -> tuple:
    result = _checked(text)
    return result.org, result.graph, result.findings


def test_the_geometry_check_itself_finds_a_line_through_a_card():
    # the test above is only as good as _crosses and _on_border
    card = Box(1, 1, 1, 1)
    assert _crosses((0.5, 1.5), (2.5, 1.5), card)
    assert not _crosses((0.5, 1.0), (2.5, 1.0), card)  # along the border is not through
    assert not _crosses((0.5, 0.5), (0.9, 0.5), card)
    assert _on_border((1.5, 2.0), card) and not _on_border((1.5, 1.5), card)


def _real_text_fits(fig) -> int:
    """Every text drawn on a card or a unit box fits inside it, measured by matplotlib's
    renderer with the font's real metrics; returns how many texts were checked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyBboxPatch

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    checked = 0
    for ax in fig.axes:
        frames = [
            (p, p.get_window_extent(renderer))
            for p in ax.patches + [a for a in ax.artists if isinstance(a, FancyBboxPatch)]
            if isinstance(p, FancyBboxPatch)
            and (p.get_gid() or "").startswith(("node-", "unit-"))
            and not (p.get_gid() or "").startswith("unit-title")
        ]
        for text in ax.texts:
            if text.get_bbox_patch() is not None and not text.get_gid():
                continue  # a line's label stands free
            extent = text.get_window_extent(renderer)
            if text.get_bbox_patch() is not None:
                extent = text.get_bbox_patch().get_window_extent(renderer)
            cx, cy = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2
            owners = [b for _, b in frames if b.contains(cx, cy)]
            assert owners, text.get_text()
            box = min(owners, key=lambda b: b.width * b.height)  # the card, not its unit
            slack = 0.5  # half a pixel of anti-aliasing
            assert box.x0 - slack <= extent.x0 and extent.x1 <= box.x1 + slack, text.get_text()
            assert box.y0 - slack <= extent.y0 and extent.y1 <= box.y1 + slack, text.get_text()
            assert text.get_fontsize() >= MIN_TEXT, text.get_text()
            checked += 1
    return checked


@pytest.mark.parametrize(
    "source", [*EXAMPLES, "units-120", "generated-60"], ids=lambda p: getattr(p, "name", p)
)
def test_every_label_fits_its_card_by_the_fonts_real_metrics(source):
    if isinstance(source, Path):
        result = _example(source)
    elif source == "units-120":
        result = _checked(samples.units_yaml(120))
    else:
        result = _checked(_generated(60))
    assert result.org is not None
    for view in ("org", "tasks"):
        scene = build_scene(result.org, result.graph, result.findings, view=view, lang="da")
        with draw.style():
            fig = draw.make_figure(scene, layout_scene(scene))
            assert _real_text_fits(fig) >= len(scene.nodes)


# -- units -----------------------------------------------------------------------------------


def test_units_are_boxes_titled_in_the_svg_with_their_members_inside():
    result = _example(UNITS_EXAMPLE)
    org = result.org
    assert org is not None and org.units
    scene = build_scene(org, result.graph, result.findings, view="org", lang="da")
    layout = layout_scene(scene)
    buffer = io.BytesIO()
    draw.render(scene, layout, buffer, "svg")
    svg = buffer.getvalue().decode("utf-8")
    words = svg_texts(svg)
    for unit in org.units.values():
        assert unit.name in words, unit.name  # text, not outlines
        assert f'id="unit-units_{unit.id}"' in svg
        box = layout.groups[f"units/{unit.id}"].box
        for person in org.people.values():
            if person.unit == unit.id:
                assert box.contains(layout.boxes[f"people/{person.id}"]), person.id
    # the unit's own forum is its subtitle, not a hub with a line per member
    assert "Teammøde Egern · ugentligt" in words
    assert "forums/teammoede-egern" not in scene.index()
    assert not any(e.source == "forums/teammoede-egern" for e in scene.edges)
    # someone who also works in a unit is named in its box; their card stays at home
    assert "Også her: Peter Juhl" in words
    assert layout.groups["units/kastanjen"].box.contains(layout.boxes["people/peter"])
    assert not layout.groups["units/ugler"].box.contains(layout.boxes["people/peter"])


def test_a_forum_across_units_gets_one_line_per_unit_not_one_per_member():
    result = _example(UNITS_EXAMPLE)
    scene = build_scene(result.org, result.graph, result.findings, view="org", lang="da")
    council = [e for e in scene.edges if e.source == "forums/foraeldreraad"]
    # marianne, jonas, sofie and ahmed sit in Kastanjen's box: one line to it, with a count
    assert {(e.target, e.label) for e in council} == {
        ("units/kastanjen", "4 deltagere"),
        ("people/gry", "deltager"),
    }


def test_without_units_forums_still_reach_their_members_and_nothing_is_boxed():
    result = _example(V1_SOLSIKKEN)
    scene = build_scene(result.org, result.graph, result.findings, view="org", lang="da")
    assert scene.groups == () and not scene.folded
    assert all(n.group is None for n in scene.nodes)
    assert any(e.kind == "member" and e.target.startswith("people/") for e in scene.edges)


def test_a_large_organisation_folds_its_units_into_cards_with_counts_and_findings():
    result = _checked(samples.units_yaml(400))
    org = result.org
    assert org is not None and len(org.people) > 300
    scene = build_scene(org, result.graph, result.findings, view="org", lang="da")
    assert scene.folded
    people_cards = [n for n in scene.nodes if n.kind == PERSON]
    units = [n for n in scene.nodes if n.kind == UNIT]
    assert units and len(people_cards) + len(units) <= 2 * MAX_UNFOLDED
    assert all(re.match(r"\d+ personer", n.lines[0]) for n in units)
    assert any(n.codes for n in units)  # their findings travel with them
    layout = layout_scene(scene)
    assert_geometry(scene, layout)
    # drill down: one unit unfolded, its own people on cards
    unit = units[0].key
    focused = build_scene(org, result.graph, result.findings, focus=unit, lang="da")
    assert any(g.key == unit for g in focused.groups)
    assert all(n.kind != UNIT or n.key != unit for n in focused.nodes)
    assert resolve_focus(org, unit.partition("/")[2]) == unit


# -- cards and findings ----------------------------------------------------------------------


def test_task_cards_name_their_owner_and_print_no_default_as_written():
    result = _example(ROOT / "orgs" / "skovbakkeskolen.org.yaml")
    org = result.org
    assert org is not None
    scene = build_scene(org, result.graph, result.findings, view="tasks", lang="da")
    cards = {n.key: n for n in scene.nodes if n.kind == TASK}
    for task in org.tasks.values():
        lines = cards[f"tasks/{task.id}"].lines
        assert lines[0] == f"Ansvarlig: {org.people[task.owner].name}"
        shown = " ".join(lines)
        assert ("middel kompleksitet" in shown) == (task.complexity == "medium")
        assert ("ledelsesopgave" in shown) == (task.kind == "leadership")


def test_findings_on_cards_are_words_in_the_files_language_code_second():
    result = _example(UNITS_EXAMPLE)
    for lang, word in (("da", "Mangler mandat · CG201"), ("en", "No mandate · CG201")):
        scene = build_scene(result.org, result.graph, result.findings, view="tasks", lang=lang)
        layout = layout_scene(scene)
        assert word in layout.cards["tasks/sprogindsats"].findings


def test_every_rule_has_short_words_and_a_plain_hint_in_danish_and_english():
    from coordgraph.catalogue import load_ruleset

    yaml_keys = re.compile(r"\b[a-z]+_[a-z_]+\b|\.(last|every|with)\b")  # follow_up.last
    for code, spec in load_ruleset("default").rules.items():
        for lang in ("da", "en"):
            word, hint = spec.prose.short[lang], spec.prose.hint[lang]
            assert word and len(word) <= 36, (code, lang, word)
            assert hint.endswith("."), (code, lang)
            assert not yaml_keys.search(hint), (code, lang, hint)  # no follow_up.last
        danish = f"{spec.prose.short['da']} {spec.prose.hint['da']}".lower()
        assert "ejer" not in danish, code  # the task's owner is "ansvarlig"
    assert texts.finding_word("CG201", "da") == "Mangler mandat"
    assert texts.finding_word("CG205", "da") == "Udløbet mandat"


# -- focus -----------------------------------------------------------------------------------


def test_a_persons_tasks_focus_includes_dependencies_in_both_directions():
    result = _example(ROOT / "orgs" / "skovbakkeskolen.org.yaml")
    org, graph = result.org, result.graph
    assert org is not None
    for person in org.people:
        scene = build_scene(org, graph, None, view="tasks", focus=f"people/{person}")
        shown = {n.key for n in scene.nodes}
        for task in org.tasks.values():
            if task.owner != person:
                continue
            for dep in task.depends_on:
                assert f"tasks/{dep}" in shown, (person, task.id, dep)
            for other in org.tasks.values():
                if task.id in other.depends_on:
                    assert f"tasks/{other.id}" in shown, (person, other.id, task.id)
    kasper = build_scene(org, graph, None, view="tasks", focus="people/kasper")
    assert any(e.kind == "depends" for e in kasper.edges)


def test_the_focus_draws_its_own_lines_above_the_others():
    result = _example(ROOT / "orgs" / "skovbakkeskolen.org.yaml")
    scene = build_scene(
        result.org, result.graph, result.findings, view="org", focus="people/kasper"
    )
    with draw.style():
        fig = draw.make_figure(scene, layout_scene(scene))
    from matplotlib.patches import FancyArrowPatch

    lines = [a for a in fig.axes[0].get_children() if isinstance(a, FancyArrowPatch)]
    own = [a.get_zorder() for a in lines if "people_kasper" in (a.get_gid() or "")]
    others = [a.get_zorder() for a in lines if "people_kasper" not in (a.get_gid() or "")]
    assert own and others and min(own) > max(others)


def test_focus_on_a_unit_from_the_command_line(tmp_path):
    from coordgraph.render.cli import render

    out = tmp_path / "egern.svg"
    result = CliRunner().invoke(
        render, [str(UNITS_EXAMPLE), "-o", str(out), "--focus", "egern", "--as-of", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    words = svg_texts(out.read_text(encoding="utf-8"))
    assert "Børnehuset Egern" in words and "Sofie Bæk" in words
    assert "Fatima Hassan" not in words  # Ugler's, not Egern's


def test_the_files_own_language_is_used_when_neither_option_nor_config_says(tmp_path):
    from coordgraph.render.cli import render

    org = tmp_path / "k.org.yaml"
    org.write_text(UNITS_EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "k.svg"
    env = {"LANG": "en_GB.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = CliRunner(env=env).invoke(render, [str(org), "-o", str(out), "--as-of", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "Organisation og kommunikation" in svg_texts(out.read_text(encoding="utf-8"))
    result = CliRunner(env=env).invoke(
        render, [str(org), "-o", str(out), "--as-of", "2026-12-01", "--lang", "en"]
    )
    assert "Organisation and communication" in svg_texts(out.read_text(encoding="utf-8"))


# -- bounded work ----------------------------------------------------------------------------


class _CountingTuple(tuple):
    """A tuple that counts how many items are read from it, to bound the layering's work."""

    reads = 0

    def __iter__(self):
        for item in super().__iter__():
            _CountingTuple.reads += 1
            yield item


def test_task_layering_is_linear_in_dependencies():
    from coordgraph.model import Organisation, Person, Task

    n, fan = 300, 200  # every task depends on up to 200 earlier ones: 60,000 dependencies
    tasks = {}
    for i in range(n):
        deps = _CountingTuple(f"t{j}" for j in range(max(0, i - fan), i))
        tasks[f"t{i}"] = Task(f"t{i}", f"Opgave {i}", "a", depends_on=deps)
    org = Organisation("x", "X", people={"a": Person("a", "A", "leader")}, tasks=tasks)
    edges = sum(len(t.depends_on) for t in tasks.values())
    _CountingTuple.reads = 0
    depth = task_layers(org, org.tasks)
    assert depth["t0"] == 0 and depth[f"t{n - 1}"] == n - 1
    assert _CountingTuple.reads <= 2 * edges  # each list read once, not once per visit


def test_the_tasks_view_of_12000_tasks_is_refused_with_advice_not_drawn(tmp_path):
    from coordgraph.render.cli import render

    lines = ["version: 1", "organisation: {id: big, name: Stor}", "people:"]
    lines.append("  a: {name: Anne, role: leader}")
    lines.append("tasks:")
    lines += [f"  t{i}: {{title: Opgave {i}, owner: a}}" for i in range(12000)]
    org = tmp_path / "big.org.yaml"
    org.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "big.svg"
    result = CliRunner().invoke(render, [str(org), "-o", str(out), "--view", "tasks"])
    assert result.exit_code == 2
    assert "12,000 tasks" in result.output and "--focus" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_the_pack_of_400_people_has_a_bounded_number_of_pages_and_work_per_page(monkeypatch):
    from coordgraph.render import report

    result = _checked(samples.units_yaml(400))
    laid_out: list[int] = []
    original = report.layout_scene

    def counting(scene, width=None):
        laid_out.append(len(scene.nodes))
        return original(scene, width)

    monkeypatch.setattr(report, "layout_scene", counting)
    pages = report.pack_pages(result, lang="da", as_of=samples.AS_OF)
    kinds = [p.kind for p in pages]
    units = [k for k in kinds if re.fullmatch(r"unit:[^:+]+", k)]
    tasks = [k for k in kinds if re.fullmatch(r"task:[^:+]+", k)]
    assert len(units) == report.MAX_UNIT_PAGES and len(tasks) == report.MAX_TASK_PAGES
    assert "summary" in kinds  # the tasks beyond the cap are listed, not dropped
    assert kinds[0] == "overview" and pages[0].diagram  # an overview that fits a page
    # each item: its text pages (capped) and perhaps a page for its diagram
    per_item = report.MAX_TEXT_PAGES + 1
    assert len(pages) <= per_item * (2 + report.MAX_UNIT_PAGES + report.MAX_TASK_PAGES)
    assert laid_out and max(laid_out) <= report.DIAGRAM_NODES  # bounded per page


# -- the PDF ---------------------------------------------------------------------------------


def _pdf_runs(data: bytes) -> list[tuple[str, float]]:
    """Every text run in the PDF with its size in points, read back with pypdf."""
    import math

    from pypdf import PdfReader

    runs: list[tuple[str, float]] = []
    for page in PdfReader(io.BytesIO(data)).pages:

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                scale_tm = math.hypot(tm[0], tm[1])
                scale_cm = math.hypot(cm[0], cm[1])
                runs.append((text, size * scale_tm * scale_cm))

        page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("source", [UNITS_EXAMPLE, "units-120"], ids=lambda p: str(p)[-20:])
def test_no_pdf_text_is_below_9_pt_and_the_danish_finding_words_are_there(tmp_path, source):
    if source == "units-120":
        org = tmp_path / "units.org.yaml"
        org.write_text(samples.units_yaml(120), encoding="utf-8")
    else:
        org = source
    out = tmp_path / "pakke.pdf"
    result = CliRunner().invoke(
        report_command, [str(org), "-o", str(out), "--lang", "da", "--as-of", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    runs = _pdf_runs(data)
    assert runs
    small = [(text, size) for text, size in runs if size < MIN_TEXT - 0.01]
    assert not small, small[:5]
    text = " ".join(t for t, _ in runs)
    assert "Mangler mandat" in text  # findings in words, searchable in the PDF
    assert "follow_up" not in text and "granted_by" not in text
    assert b"/FontFile2" in data  # TrueType (Type 42) fonts: text stays text


def test_svg_keeps_text_as_text():
    result = _example(UNITS_EXAMPLE)
    scene = build_scene(result.org, result.graph, result.findings, lang="da")
    buffer = io.BytesIO()
    draw.render(scene, layout_scene(scene), buffer, "svg")
    svg = buffer.getvalue().decode("utf-8")
    assert "Marianne Holt" in svg_texts(svg)
    assert 'id="DejaVuSans' not in svg  # no glyph outlines


def test_check_still_never_imports_matplotlib_with_units(tmp_path):
    code = (
        "import sys; from click.testing import CliRunner; import coordgraph.cli;"
        f"CliRunner().invoke(coordgraph.cli.cli, ['check', {str(UNITS_EXAMPLE)!r}]);"
        "assert 'matplotlib' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


ODD_UNITS = (
    """version: 1
organisation: {id: odd, name: Skæve enheder}
units:
  top: {name: Top, forum: f1}
  empty: {name: Tom enhed, part_of: top}
  twin: {name: Tvilling, part_of: top, forum: f1}
  deep0: {name: Dyb 0, part_of: top}
"""
    + "".join(f"  deep{i}: {{name: Dyb {i}, part_of: deep{i - 1}}}\n" for i in range(1, 25))
    + """people:
  a: {name: Anne, role: leader, unit: top}
  b: {name: Bo, role: inbetweener, unit: deep24, reports_to: a}
  c: {name: Carla, role: staff, also_in: [twin, deep3]}
  d: {name: Dorte, role: staff, unit: twin}
  e: {name: Erik, role: staff, unit: twin}
forums:
  f1: {name: Fælles, members: [a, b, c, d, e], frequency: weekly}
  f2: {name: Kun tvilling, members: [d, e], frequency: monthly}
tasks:
  t: {title: Opgave, owner: b, contributors: [c, d], depends_on: [u]}
  u: {title: Anden opgave, owner: d, depends_on: [t]}
links:
  - {between: [a, c], frequency: daily}
"""
)


@pytest.mark.parametrize("limit", [60, 3, 0, -1])
def test_odd_units_draw_without_error_or_crossing(limit):
    # an empty unit, two units sharing a forum, a chain 25 deep, someone only "also in",
    # a forum inside one unit, a dependency cycle; folded at every depth
    result = _checked(ODD_UNITS)
    org, graph, found = result.org, result.graph, result.findings
    assert org is not None
    scenes = [
        build_scene(org, graph, found, view=view, lang="da", max_unfolded=limit)
        for view in ("org", "tasks")
    ]
    scenes += [
        build_scene(org, graph, found, focus=f"units/{u}", lang="da", max_unfolded=limit)
        for u in ("top", "twin", "deep3", "empty")
    ]
    for scene in scenes:
        layout = layout_scene(scene)
        assert_geometry(scene, layout)
        buffer = io.BytesIO()
        draw.render(scene, layout, buffer, "svg")
        assert svg_texts(buffer.getvalue().decode("utf-8"))


_HASHES = """
import hashlib, io, sys
sys.path.insert(0, {root!r})
from tests import _render_samples as samples
from coordgraph.render import draw
from coordgraph.render.layout import layout_scene
from coordgraph.render.report import write_report
from coordgraph.render.scene import build_scene
result = samples.checked_text(open({path!r}, encoding="utf-8").read())
out = []
for view in ("org", "tasks"):
    scene = build_scene(result.org, result.graph, result.findings, view=view, lang="da")
    buffer = io.BytesIO()
    draw.render(scene, layout_scene(scene), buffer, "svg")
    out.append(hashlib.sha256(buffer.getvalue()).hexdigest())
buffer = io.BytesIO()
write_report(result, buffer, lang="da", as_of=samples.AS_OF)
out.append(hashlib.sha256(buffer.getvalue()).hexdigest())
print(" ".join(out))
"""


def test_units_pictures_and_pack_are_byte_identical_across_hash_seeds():
    import os

    script = _HASHES.format(root=str(ROOT), path=str(UNITS_EXAMPLE))
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "31337")
    }
    assert len(runs) == 1


def test_a_meeting_nearly_everyone_attends_names_who_is_not_in_it_instead_of_lines():
    result = _example(V1_SOLSIKKEN)
    org = result.org
    assert org is not None
    scene = build_scene(org, result.graph, result.findings, view="org", lang="da")
    staff_meeting = scene.index()["forums/personalemoede"]
    outside = [
        p.name for p in org.people.values() if p.id not in org.forums["personalemoede"].members
    ]
    assert 0 < len(outside) <= 3
    assert staff_meeting.lines[-1] == "alle undtagen " + ", ".join(outside)
    assert not any(e.source == "forums/personalemoede" for e in scene.edges)
    # a small team meeting keeps its lines
    assert any(e.source == "forums/teammoede-mariehoenen" for e in scene.edges)


def test_a_picture_of_more_cards_than_stay_readable_is_refused_with_advice(tmp_path):
    from coordgraph.render.cli import MAX_CARDS_DRAWN, render

    org = tmp_path / "big.org.yaml"
    org.write_text(_generated(MAX_CARDS_DRAWN + 100), encoding="utf-8")
    out = tmp_path / "big.svg"
    result = CliRunner().invoke(render, [str(org), "-o", str(out), "--lang", "da"])
    assert result.exit_code == 2
    assert "kort" in result.output and "--focus" in result.output and "units:" in result.output
    assert not out.exists()
    # as text it is still there, whole
    result = CliRunner().invoke(render, [str(org), "--format", "dot"])
    assert result.exit_code == 0 and "digraph" in result.output


def test_the_pack_shows_a_default_as_a_default_and_a_written_value_as_written(tmp_path):
    """Kastanjen's sprogindsats writes neither kind nor complexity, icdp-video both."""
    out = tmp_path / "pakke.pdf"
    result = CliRunner().invoke(
        report_command,
        [str(UNITS_EXAMPLE), "-o", str(out), "--lang", "da", "--as-of", "2026-12-01"],
    )
    assert result.exit_code == 0, result.output
    text = " ".join(t for t, _ in _pdf_runs(out.read_bytes()))
    assert "ledelsesopgave (standard) · middel kompleksitet (standard)" in text
    assert "praksisopgave · høj kompleksitet" in text
    assert "praksisopgave (standard)" not in text and "høj kompleksitet (standard)" not in text
