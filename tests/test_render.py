"""Diagrams: scene contents, layout geometry, findings on the picture, determinism, CLI."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordgraph.render import draw
from coordgraph.render.cli import render
from coordgraph.render.layout import Box, LabelPlacer, Layout, layout_scene
from coordgraph.render.scene import UnknownFocus, build_scene, resolve_focus
from tests import _render_samples as samples

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent


def _scene(view: str = "org", findings: bool = True, **kwargs):
    org = samples.solsikken()
    found = samples.solsikken_findings() if findings else None
    return build_scene(org, samples.graph_of(org), found, view=view, **kwargs)


def _svg(scene) -> str:
    import io

    buffer = io.BytesIO()
    draw.render(scene, layout_scene(scene), buffer, "svg")
    return buffer.getvalue().decode("utf-8")


def svg_texts(svg: str) -> list[str]:
    """Every text the SVG holds as text (``svg.fonttype: none``), in document order."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg.encode("utf-8"))
    return ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]


# -- scene ------------------------------------------------------------------------------


def test_org_view_has_people_and_forum_hubs_not_pairwise_forum_edges():
    scene = _scene("org")
    kinds = {n.key: n.kind for n in scene.nodes}
    assert [k for k, v in kinds.items() if v == "person"] == [
        f"people/{p}" for p in samples.solsikken().people
    ]
    assert kinds["forums/personalemoede"] == "forum"
    assert not any(v == "task" for v in kinds.values())
    members = [e for e in scene.edges if e.kind == "member"]
    assert len(members) == 5  # one spoke per member, not 5*4/2 pairwise edges
    assert all(e.source == "forums/personalemoede" for e in members)


def test_org_view_delegation_arrow_runs_from_granter_to_owner_labelled_with_the_task():
    scene = _scene("org")
    delegations = [e for e in scene.edges if e.kind == "delegation"]
    assert [(e.source, e.target, e.label) for e in delegations] == [
        ("people/anne", "people/bo", "Tovholder på implementering af ICDP")
    ]


def test_layers_put_leaders_on_top_inbetweeners_middle_staff_and_externals_below():
    scene = _scene("org")
    layout = layout_scene(scene)
    y = {key: box.cy for key, box in layout.boxes.items()}
    assert y["people/anne"] > y["people/bo"] > y["people/carla"]
    assert y["people/dorte"] > y["people/frida"]  # the external sits with the staff
    assert y["people/dorte"] > y["people/erik"]


def test_task_view_has_tasks_dependencies_and_part_of():
    scene = _scene("tasks")
    kinds = {e.kind for e in scene.edges}
    assert {"owns", "contributes", "depends", "part_of", "mandate"} <= kinds
    depends = [e for e in scene.edges if e.kind == "depends"]
    assert [(e.source, e.target) for e in depends] == [
        ("tasks/sprogindsats", "tasks/icdp-implementering")
    ]
    layout = layout_scene(scene)
    # a task sits below what it depends on, a sub-task below its parent
    assert layout.boxes["tasks/icdp-implementering"].cy > layout.boxes["tasks/sprogindsats"].cy
    assert layout.boxes["tasks/sprogindsats"].cy > layout.boxes["tasks/sprogscreening"].cy


def test_findings_become_codes_on_nodes_and_missing_edges_for_cg101_cg103_cg104():
    scene = _scene("org")
    nodes = scene.index()
    # task findings sit on the task's owner in the org view
    assert {"CG101", "CG201", "CG203", "CG103", "CG104"} <= set(nodes["people/dorte"].codes)
    assert nodes["people/frida"].codes == ("CG105",)
    missing = {(e.source, e.target): e.codes for e in scene.edges if e.kind == "missing"}
    assert missing == {
        ("people/anne", "people/dorte"): ("CG101",),
        ("people/bo", "people/dorte"): ("CG103",),
        ("people/dorte", "people/frida"): ("CG104",),
    }
    assert scene.unplaced == 1  # the links/7 input finding has no node on the picture


def test_task_findings_sit_on_the_task_box_in_the_tasks_view():
    nodes = _scene("tasks").index()
    assert "CG201" in nodes["tasks/sprogindsats"].codes
    assert "CG201" not in nodes["people/dorte"].codes


def test_no_findings_means_no_codes_and_no_missing_edges():
    scene = _scene("org", findings=False)
    assert not any(n.codes for n in scene.nodes)
    assert not any(e.kind == "missing" for e in scene.edges)
    assert scene.unplaced == 0


def test_focus_on_a_person_draws_their_links_forums_and_tasks():
    org = samples.solsikken()
    scene = build_scene(org, samples.graph_of(org), None, view="org", focus="people/bo")
    keys = {n.key for n in scene.nodes}
    # link to anne and carla, the forum and its members, the task's people
    assert keys == {
        "people/anne",
        "people/bo",
        "people/carla",
        "people/dorte",
        "people/erik",
        "forums/personalemoede",
    }
    assert scene.index()["people/bo"].focus


def test_focus_on_a_task_draws_owner_contributors_leader_dependencies_and_subtasks():
    org = samples.solsikken()
    graph = samples.graph_of(org)
    scene = build_scene(
        org,
        graph,
        samples.solsikken_findings(),
        view="tasks",
        focus="tasks/sprogindsats",
    )
    keys = {n.key for n in scene.nodes}
    assert {
        "tasks/sprogindsats",
        "tasks/icdp-implementering",  # dependency
        "tasks/sprogscreening",  # sub-task
        "people/dorte",  # owner
        "people/erik",  # contributor
        "people/frida",  # contributor
        "people/anne",  # accountable leader (first leader up dorte's reports_to)
        "people/bo",  # owner of the dependency
    } == keys
    assert "people/carla" not in keys  # on the dependency only, not this task


def test_resolve_focus_accepts_ids_and_node_paths_and_suggests():
    org = samples.solsikken()
    assert resolve_focus(org, "bo") == "people/bo"
    assert resolve_focus(org, "tasks/sprogindsats") == "tasks/sprogindsats"
    with pytest.raises(UnknownFocus, match="did you mean 'sprogindsats'"):
        resolve_focus(org, "sprogindsat")


# -- layout -----------------------------------------------------------------------------


def _assert_clean(layout: Layout) -> None:
    boxes = list(layout.boxes.items())
    for key, box in boxes:
        assert box.x >= 0 and box.y >= 0, key
        assert box.right <= layout.width and box.top <= layout.height, key
    for (ka, a), (kb, b) in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (ka, kb)


@pytest.mark.parametrize("view", ["org", "tasks"])
def test_60_person_layout_has_no_overlapping_cards_and_none_cut_off(view):
    org = samples.synthetic(60)
    assert len(org.people) == 60
    scene = build_scene(
        org, samples.graph_of(org), samples.synthetic_findings(org), view=view, lang="da"
    )
    layout = layout_scene(scene)
    assert len(layout.boxes) == len(scene.nodes)
    assert sum(1 for n in scene.nodes if n.kind == "person") >= (60 if view == "org" else 10)
    _assert_clean(layout)


def test_box_overlap_check_itself_detects_overlap():
    # the geometry test above is only as good as Box.overlaps
    assert Box(0, 0, 1, 1).overlaps(Box(0.5, 0.5, 1, 1))
    assert not Box(0, 0, 1, 1).overlaps(Box(1, 0, 1, 1))  # touching is fine


def _crossings(layout: Layout, edges: list[tuple[str, str]]) -> int:
    count = 0
    for (a1, b1), (a2, b2) in itertools.combinations(edges, 2):
        x = layout.boxes
        if (x[a1].cx - x[a2].cx) * (x[b1].cx - x[b2].cx) < 0:
            count += 1
    return count


def test_barycentre_ordering_removes_the_crossings_of_file_order():
    from coordgraph.model import Link, Organisation, Person

    people = {
        "a": Person("a", "Leder A", "leader"),
        "b": Person("b", "Leder B", "leader"),
        # file order interleaves the two teams: drawn in file order every link crosses
        **{f"{t}{i}": Person(f"{t}{i}", f"Pæd {t}{i}", "staff") for i in range(3) for t in "ba"},
    }
    links = tuple(
        Link(n, (t, f"{t}{i}"), "weekly")
        for n, (t, i) in enumerate(itertools.product("ab", range(3)))
    )
    org = Organisation("x", "X", people=people, links=links)
    scene = build_scene(org, samples.graph_of(org), None, view="org")
    layout = layout_scene(scene)
    edges = [(f"people/{link.between[0]}", f"people/{link.between[1]}") for link in links]
    assert _crossings(layout, edges) == 0
    # the same cards in file order would cross
    staff = [k for k in layout.boxes if k not in ("people/a", "people/b")]
    step = 3.0
    file_order = Layout(
        boxes={
            **{k: layout.boxes[k] for k in ("people/a", "people/b")},
            **{k: Box(i * step, 0, 1, 1) for i, k in enumerate(staff_sorted(staff, people))},
        },
        cards=layout.cards,
        width=layout.width,
        height=layout.height,
    )
    assert _crossings(file_order, edges) > 0


def staff_sorted(keys: list[str], people: dict) -> list[str]:
    order = list(people)
    return sorted(keys, key=lambda k: order.index(k.split("/", 1)[1]))


def test_label_placer_avoids_cards_when_it_can():
    layout = Layout(boxes={"a": Box(0, 0, 2, 1), "b": Box(0, 2, 2, 1)}, cards={}, width=2, height=3)
    placer = LabelPlacer(layout)
    # the first candidate is on card a, the second is free
    assert placer.place([(1.0, 0.5), (1.0, 1.5)], 0.5, 0.2) == (1.0, 1.5)
    # that spot is now taken by the label: the next label takes the other free place
    assert placer.place([(1.0, 1.5), (1.0, 1.75)], 0.5, 0.2) == (1.0, 1.75)


# -- drawing ----------------------------------------------------------------------------


def test_findings_are_drawn_as_marks_in_the_svg():
    with_findings = _svg(_scene("org", lang="en"))
    without = _svg(_scene("org", findings=False, lang="en"))
    assert with_findings != without
    assert 'id="finding-CG105-people_frida"' in with_findings
    assert "Isolated person · CG105" in svg_texts(with_findings)  # words first, code second
    assert 'id="missing-CG101-people_anne-people_dorte"' in with_findings
    assert 'id="missing-CG103-people_bo-people_dorte"' in with_findings
    assert 'id="missing-CG104-people_dorte-people_frida"' in with_findings
    assert 'id="finding-' not in without and "CG105" not in without
    assert 'id="missing-' not in without


def test_legend_lists_only_what_is_drawn():
    org_keys = draw.legend_keys(_scene("org"))
    assert "missing" in org_keys and "finding" in org_keys and "forum" in org_keys
    assert "depends" not in org_keys and "task" not in org_keys
    assert "freq.regular" not in org_keys  # no biweekly/monthly link in the sample
    plain = draw.legend_keys(_scene("org", findings=False))
    assert "missing" not in plain and "finding" not in plain
    tasks = draw.legend_keys(_scene("tasks"))
    assert "depends" in tasks and "forum" not in tasks and "freq.frequent" not in tasks


def test_texts_follow_the_language_and_danish_letters_survive():
    da = svg_texts(_svg(_scene("org", lang="da")))
    en = svg_texts(_svg(_scene("org", lang="en")))
    assert "medarbejder" in da and "staff" in en
    assert "Dorte Øster" in da
    assert "Mangler kontakt (stiplet)" in da
    assert "Ingen kontakt til leder · CG101" in da and "No contact with leader · CG101" in en


def _text_artists_inside(fig) -> None:
    """Every text is inside the figure; every card text inside its card."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.patches import FancyBboxPatch

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    figure_box = fig.bbox
    texts = [t for ax in fig.axes for t in ax.texts] + list(fig.texts)
    for legend in fig.legends:
        texts += legend.get_texts()
    assert texts
    for text in texts:
        extent = text.get_window_extent(renderer)
        assert extent.x0 >= figure_box.x0 - 0.5 and extent.x1 <= figure_box.x1 + 0.5, text
        assert extent.y0 >= figure_box.y0 - 0.5 and extent.y1 <= figure_box.y1 + 0.5, text
    for ax in fig.axes:
        cards = [p for p in ax.get_children() if isinstance(p, FancyBboxPatch)]
        for text in ax.texts:
            if text.get_bbox_patch() is not None and not text.get_gid():
                continue  # edge labels: free-standing
            extent = text.get_window_extent(renderer)
            cx, cy = (extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2
            owners = [c for c in cards if c.get_window_extent(renderer).contains(cx, cy)]
            assert owners, text.get_text()
            card = owners[0].get_window_extent(renderer)
            assert card.x0 <= extent.x0 and extent.x1 <= card.x1, text.get_text()
            assert card.y0 <= extent.y0 and extent.y1 <= card.y1, text.get_text()


@pytest.mark.parametrize("view", ["org", "tasks"])
def test_every_text_fits_its_card_and_the_figure(view):
    org = samples.synthetic(60)
    scene = build_scene(
        org, samples.graph_of(org), samples.synthetic_findings(org), view=view, lang="da"
    )
    with draw.style():
        fig = draw.make_figure(scene, layout_scene(scene))
        _text_artists_inside(fig)


def test_long_names_are_shortened_not_spilled():
    from coordgraph.model import Organisation, Person

    long = "Wolfgang Amadeus Mozart-Østergaard-Wiśniewska " * 3
    org = Organisation(
        "x",
        "X",
        people={
            "w": Person("w", long, "inbetweener", "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"),
            "a": Person("a", "A", "leader"),
        },
    )
    scene = build_scene(org, samples.graph_of(org), None, view="org")
    layout = layout_scene(scene)
    card = layout.cards["people/w"]
    # two lines first, then shortened
    assert len(card.heading) == 2 and card.heading[-1].endswith("…")
    assert card.lines[0].endswith("…")
    with draw.style():
        _text_artists_inside(draw.make_figure(scene, layout))


def test_control_characters_in_names_keep_the_svg_well_formed():
    from xml.etree import ElementTree

    from coordgraph.model import Organisation, Person

    org = Organisation(
        "x", "X\x07", people={"a": Person("a", "Anne\x03 --Holm\x1b\ufffe", "leader")}
    )
    scene = build_scene(org, samples.graph_of(org), None)
    assert scene.index()["people/a"].heading.startswith("Anne")
    svg = _svg(scene)
    ElementTree.fromstring(svg.encode("utf-8"))
    assert "Anne --Holm" in svg_texts(svg)


def test_drawing_leaves_global_rcparams_alone():
    import matplotlib

    before = dict(matplotlib.rcParams)
    _svg(_scene("org"))
    assert dict(matplotlib.rcParams) == before


# -- determinism ------------------------------------------------------------------------

_HASH_SCRIPT = textwrap.dedent(
    """
    import hashlib, io, json, sys
    sys.path.insert(0, {tests!r})
    import _render_samples as samples
    from coordgraph.render import draw
    from coordgraph.render.layout import layout_scene
    from coordgraph.render.scene import build_scene

    result = samples.checked()
    out = {{}}
    for view, focus in (("org", None), ("tasks", None), ("tasks", "tasks/sprogindsats")):
        scene = build_scene(result.org, result.graph, result.findings, view=view, focus=focus,
                            lang="da")
        for fmt in ("svg", "png", "pdf"):
            runs = []
            for _ in range(2):
                buffer = io.BytesIO()
                draw.render(scene, layout_scene(scene), buffer, fmt)
                runs.append(hashlib.sha256(buffer.getvalue()).hexdigest())
            out[f"{{view}}-{{focus}}-{{fmt}}"] = runs
    out["pyplot"] = "matplotlib.pyplot" in sys.modules
    print(json.dumps(out))
    """
)


def _hashes(seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    script = _HASH_SCRIPT.format(tests=str(TESTS))
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_svg_png_pdf_are_byte_identical_across_runs_and_hash_seeds():
    first, second = _hashes("1"), _hashes("4242")
    assert first["pyplot"] is False and second["pyplot"] is False
    del first["pyplot"], second["pyplot"]
    assert len(first) == 9
    for name, (run1, run2) in first.items():
        assert run1 == run2, f"{name}: two runs in one process differ"
    assert first == second


def test_svg_and_pdf_carry_no_date_and_png_no_software_stamp():
    import io

    scene = _scene("org")
    layout = layout_scene(scene)
    outputs = {}
    for fmt in ("svg", "pdf", "png"):
        buffer = io.BytesIO()
        draw.render(scene, layout, buffer, fmt)
        outputs[fmt] = buffer.getvalue()
    assert b"<dc:date>" not in outputs["svg"]
    assert b"coordgraph" in outputs["svg"]
    assert b"/CreationDate" not in outputs["pdf"] and b"/ModDate" not in outputs["pdf"]
    assert b"Software" not in outputs["png"] and b"tIME" not in outputs["png"]


# -- command line -----------------------------------------------------------------------


@pytest.fixture()
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "solsikken.org.yaml"
    path.write_text(samples.SOLSIKKEN_YAML, encoding="utf-8")
    return path


def _invoke(*args: str):
    return CliRunner().invoke(render, list(args), catch_exceptions=False)


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_cli_renders_each_image_format(org_file, fmt):
    out = org_file.parent / f"out.{fmt}"
    result = _invoke(str(org_file), "-o", str(out), "--as-of", "2026-11-30", "--lang", "da")
    assert result.exit_code == 0, result.output
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF"}[fmt]
    assert out.read_bytes().startswith(magic)
    assert not [p for p in org_file.parent.iterdir() if p.name.endswith(".tmp")]


def test_cli_no_findings_changes_the_picture(org_file):
    a, b = org_file.parent / "a.svg", org_file.parent / "b.svg"
    assert _invoke(str(org_file), "-o", str(a), "--as-of", "2026-11-30").exit_code == 0
    assert _invoke(str(org_file), "-o", str(b), "--no-findings").exit_code == 0
    assert "CG201" in a.read_text() and "CG201" not in b.read_text()


def test_cli_focus_on_a_task_defaults_to_the_tasks_view(org_file):
    out = org_file.parent / "focus.svg"
    result = _invoke(str(org_file), "-o", str(out), "--focus", "sprogindsats", "--lang", "en")
    assert result.exit_code == 0, result.output
    svg = out.read_text()
    assert 'id="focus-tasks_sprogindsats"' in svg
    assert "Tasks · Focus: Sprogindsats i vuggestuen" in svg_texts(svg)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "x.jpg"], "cannot tell the format"),
        ([], "give -o FILE.svg"),
        (["-o", "-"], "give -o FILE.svg"),
        (["-o", "x.svg", "--focus", "nobody"], "'nobody' is neither a person, a task nor a unit"),
        (["-o", "x.svg", "--as-of", "1/2/2026"], "is not a date"),
    ],
)
def test_cli_usage_errors_exit_2_with_one_line(org_file, args, message):
    result = CliRunner().invoke(render, [str(org_file), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cli_refuses_to_overwrite_the_input(org_file):
    before = org_file.read_bytes()
    result = CliRunner().invoke(render, [str(org_file), "--format", "dot", "-o", str(org_file)])
    assert result.exit_code == 2
    assert "refusing to write over the input" in result.output
    assert org_file.read_bytes() == before


def test_cli_missing_or_unreadable_org_exits_2(tmp_path):
    result = CliRunner().invoke(render, [str(tmp_path / "nope.org.yaml"), "-o", "x.svg"])
    assert result.exit_code == 2 and "no such file" in result.output
    broken = tmp_path / "broken.org.yaml"
    broken.write_text("people: [\n", encoding="utf-8")
    result = CliRunner().invoke(render, [str(broken), "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2 and "could not be read" in result.output
    assert not (tmp_path / "x.svg").exists()


def test_cli_says_why_a_special_file_or_a_dangling_link_cannot_be_drawn(tmp_path):
    """Not 'no such file' for what exists: the reason check gives (CG001), in one line."""
    fifo = tmp_path / "pipe.org.yaml"
    os.mkfifo(fifo)
    dangling = tmp_path / "gone.org.yaml"
    dangling.symlink_to(tmp_path / "nowhere.org.yaml")
    for path, reason in ((fifo, "named pipe (FIFO)"), (dangling, "a link to nothing")):
        result = CliRunner().invoke(render, [str(path), "-o", str(tmp_path / "x.svg")])
        assert result.exit_code == 2, result.output
        assert "no such file" not in result.output
        assert reason in result.output and "CG001" in result.output
        assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "x.svg").exists()


def test_importing_the_render_commands_does_not_import_matplotlib():
    code = (
        "import sys, coordgraph.render.cli, coordgraph.render.scene, "
        "coordgraph.render.layout, coordgraph.render.mermaid, coordgraph.render.dot; "
        "assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_coordgraph_check_never_imports_matplotlib(org_file):
    code = textwrap.dedent(
        f"""
        import sys
        from click.testing import CliRunner
        import coordgraph.cli
        result = CliRunner().invoke(
            coordgraph.cli.cli,
            ["check", {str(org_file)!r}, "--as-of", "2026-11-30"],
            standalone_mode=False,
        )
        assert result.return_value == 1, (result.return_value, result.output)
        assert "CG201" in result.output
        assert "render" in coordgraph.cli.cli.commands
        assert "matplotlib" not in sys.modules, "check imported matplotlib"
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- any organisation -------------------------------------------------------------------

from xml.etree import ElementTree  # noqa: E402

from hypothesis import given, settings  # noqa: E402

from tests.strategies import budget, emit, organisations  # noqa: E402


def _checked(doc: dict):
    from coordgraph.engine import Options, check_text

    return check_text(emit(doc), "gen.org.yaml", Options.default(as_of=samples.AS_OF))


@settings(max_examples=budget(0.5), deadline=None)
@given(organisations(max_people=12, max_tasks=8))
def test_any_organisation_lays_out_without_overlap_in_both_views(doc):
    result = _checked(doc)
    assert result.org is not None
    for view in ("org", "tasks"):
        scene = build_scene(result.org, result.graph, result.findings, view=view)
        layout = layout_scene(scene)
        assert set(layout.boxes) == {n.key for n in scene.nodes}
        _assert_clean(layout)
        keys = {n.key for n in scene.nodes}
        assert all(e.source in keys and e.target in keys for e in scene.edges)
        from tests.test_meeting_ready import assert_geometry

        assert_geometry(scene, layout)  # every line routed, none through a card


@settings(max_examples=budget(0.1), deadline=None)
@given(organisations(max_people=8, max_tasks=6))
def test_any_organisation_and_any_focus_draws(doc):
    import io

    result = _checked(doc)
    assert result.org is not None
    focus = next(iter(result.org.tasks), None) or next(iter(result.org.people))
    key = resolve_focus(result.org, focus)
    scene = build_scene(result.org, result.graph, result.findings, view="org", focus=key)
    buffer = io.BytesIO()
    draw.render(scene, layout_scene(scene), buffer, "svg")
    ElementTree.fromstring(buffer.getvalue())  # well-formed XML whatever the names hold
