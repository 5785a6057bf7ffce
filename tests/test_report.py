"""The meeting pack: one overview page plus exactly one page per task with findings."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from coordgraph.checks.common import add_interval
from coordgraph.render.cli import report
from coordgraph.render.draw import style
from coordgraph.render.report import (
    PAGE as A4,
)
from coordgraph.render.report import (
    format_metric,
    pack_pages,
    task_pages,
    write_report,
)
from tests import _render_samples as samples

TESTS = Path(__file__).resolve().parent
PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


@pytest.fixture(scope="module")
def result():
    return samples.checked("da")


def _pdf(result, lang: str = "da") -> bytes:
    buffer = io.BytesIO()
    write_report(result, buffer, lang=lang, as_of=samples.AS_OF)
    return buffer.getvalue()


def _texts(fig) -> list[str]:
    texts = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        texts += [t.get_text() for t in ax.texts]
    return texts


def _drawn(result, lang: str = "da", as_of: date = samples.AS_OF, **kwargs) -> dict[str, str]:
    """Each page of the pack drawn, by its kind (``overview``, ``task:<id>``, ...): its
    texts joined with `` | ``."""
    from matplotlib.figure import Figure

    out = {}
    with style():
        pages = pack_pages(result, lang=lang, as_of=as_of, **kwargs)
        for n, page in enumerate(pages, start=1):
            fig = Figure(figsize=A4)
            page.paint(fig, n, len(pages))
            out[page.kind] = " | ".join(_texts(fig))
            out[page.kind + "#figure"] = fig  # type: ignore[assignment]
    return out


def _kinds(result, lang: str = "da") -> list[str]:
    return [page.kind for page in pack_pages(result, lang=lang, as_of=samples.AS_OF)]


def test_a_finding_belongs_to_the_task_its_node_names_not_to_a_prefix(result):
    pages = task_pages(result.findings, result.org)
    # sprogindsats-2 starts with "sprogindsats" but is its own task with its own page
    assert [task for task, _ in pages] == ["icdp-implementering", "sprogindsats", "sprogindsats-2"]
    by_task = dict(pages)
    assert [f.code for f in by_task["sprogindsats-2"]] == ["CG104"]
    assert all(
        f.node == "tasks/sprogindsats" or f.node.startswith("tasks/sprogindsats/")
        for f in by_task["sprogindsats"]
    )


def _starts(kinds: list[str]) -> list[str]:
    """The page kinds that start something (not continuations or diagram pages)."""
    return [k for k in kinds if not k.endswith("+") and not k.endswith(":diagram")]


def test_pdf_has_the_overview_and_one_page_per_task_with_findings(result):
    data = _pdf(result)
    assert data.startswith(b"%PDF")
    kinds = _kinds(result)
    assert _starts(kinds) == [
        "overview",
        "task:icdp-implementering",
        "task:sprogindsats",
        "task:sprogindsats-2",
    ]
    assert len(PAGE.findall(data)) == len(kinds)


def test_pdf_page_count_follows_the_findings(result):
    # without the task findings only the overview remains
    others = tuple(f for f in result.findings if not f.node.startswith("tasks/"))
    assert _starts(_kinds(replace(result, findings=others))) == ["overview"]
    one = tuple(f for f in result.findings if f.node.startswith("tasks/sprogindsats-2/"))
    kinds = _kinds(replace(result, findings=one))
    assert _starts(kinds) == ["overview", "task:sprogindsats-2"]
    assert len(PAGE.findall(_pdf(replace(result, findings=one)))) == len(kinds)


def test_overview_page_shows_metrics_date_and_family_counts(result):
    pages = _drawn(result)
    overview = pages["overview"]
    assert "Børnehuset Solsikken" in overview
    assert "Tjekket pr. 2026-11-30" in overview
    congruence = round(result.metrics["congruence"] * 100)
    assert f"Koordineringsdækning: {congruence} %" in overview
    assert "Afklarede mandater: 50 %" in overview  # one of the two delegated tasks
    counts = {f.code[:3]: 0 for f in result.findings}
    for f in result.findings:
        counts[f.code[:3]] += 1
    assert f"CG1 Koordinering: {counts['CG1']}" in overview
    assert f"CG3 Målforskydning: {counts['CG3']}" in overview
    assert "CG0 Filen: 0" in overview
    assert f"I alt: {len(result.findings)}" in overview
    # the organisation diagram, beside the text or on a page of its own
    diagram = pages.get("overview:diagram#figure") or pages["overview#figure"]
    assert len(diagram.axes) == 1


def test_missing_metrics_show_a_dash(result):
    overview = _drawn(replace(result, metrics={}), lang="en")["overview"]
    assert "Coordination congruence: –" in overview
    assert "Anchoring in the pedagogical line: –" in overview


def test_task_page_answers_the_three_questions_or_leaves_them_open(result):
    pages = _drawn(result)
    well_run = pages["task:icdp-implementering"]
    gaps = pages["task:sprogindsats"]
    for question in ("Hvad er opgaven?", "Hvad er ressourcerne?", "Hvad er mandatet?"):
        assert question in well_run and question in gaps
    assert well_run.count("✓ Besvaret") == 3 and "○ Åben" not in well_run
    assert "Givet af Anne Holm (leder)." in well_run
    assert "4 timer/uge · 20.000 kr. · Vikardækning på kursusdage" in well_run
    assert "Sidst: 2026-10-15." in well_run and "(forsinket)" in well_run
    assert gaps.count("○ Åben") == 3 and "✓ Besvaret" not in gaps
    assert "Ingen opfølgning aftalt." in gaps
    assert "advarsel · Mangler mandat (CG201)" in gaps  # the finding in words, code second
    assert "Forslag: Aftal mandatet" in gaps  # a plain hint
    assert "granted_by" not in gaps and "follow_up" not in gaps  # no YAML key names
    kinds = _kinds(result)
    number = kinds.index("task:sprogindsats") + 1
    assert f"Side {number} af {len(kinds)}" in gaps


def test_task_page_in_english(result):
    english = samples.checked("en")
    text = _drawn(english, lang="en")["task:sprogindsats"]
    assert "What is the task?" in text and "What are the resources?" in text
    assert "○ Open" in text and "warning · No mandate (CG201)" in text
    kinds = _kinds(english, lang="en")
    assert f"Page {kinds.index('task:sprogindsats') + 1} of {len(kinds)}" in text


def test_long_findings_lists_continue_on_the_next_page_not_shrunk_or_spilled(result):
    many = tuple(
        result.findings[-2]._replace(message="Et meget langt fund " * 20) for _ in range(60)
    )
    task = task_pages(many, result.org)[0][0]
    pages = _drawn(replace(result, findings=many))
    continued = [k for k in pages if k.startswith(f"task:{task}+") and "#" not in k]
    assert continued, "the findings go on over further pages"
    assert "(fortsat)" in pages[continued[0]]
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    for kind in [f"task:{task}", *continued]:
        fig = pages[kind + "#figure"]
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        renderer = canvas.get_renderer()
        for text in fig.texts:
            box = text.get_window_extent(renderer)
            assert box.y0 >= 0 and box.x1 <= fig.bbox.x1 + 0.5, text.get_text()
            assert text.get_fontsize() >= 9.0, text.get_text()


def test_add_interval_is_calendar_based():
    assert add_interval(date(2026, 1, 31), "monthly") == date(2026, 2, 28)
    assert add_interval(date(2026, 11, 30), "quarterly") == date(2027, 2, 28)
    assert add_interval(date(2026, 12, 28), "biweekly") == date(2027, 1, 11)


def _follow_up_text(result, as_of: date, grace_days: int = 14) -> str:
    settings = {"CG305": {"grace_days": grace_days}, "CG310": {"grace_days": grace_days}}
    page = _drawn(result, as_of=as_of, settings=settings)["task:icdp-implementering"]
    return page.replace(" | ", " ")  # lines wrap at spaces


def test_follow_up_status_agrees_with_cg305_grace(result):
    # last 2026-10-15, monthly: due 2026-11-15, CG305 fires after 14 days' grace
    assert "Næste senest: 2026-11-15 (i tide)." in _follow_up_text(result, date(2026, 11, 15))
    in_grace = _follow_up_text(result, date(2026, 11, 29))
    assert "(forsinket, men inden for 14 dages respit)" in in_grace
    assert "(forsinket)" in _follow_up_text(result, date(2026, 11, 30))
    assert "(forsinket)" in _follow_up_text(result, date(2026, 11, 20), grace_days=0)


def test_follow_up_at_the_end_of_the_calendar_does_not_crash(result):
    from coordgraph.model import FollowUp

    task = result.org.tasks["icdp-implementering"]
    late = replace(task, follow_up=FollowUp("anne", "yearly", date(9999, 12, 20)))
    org = replace(result.org, tasks={**result.org.tasks, task.id: late})
    text = _follow_up_text(replace(result, org=org), date(2026, 11, 30))
    assert "Sidst: 9999-12-20." in text


def test_format_metric():
    assert format_metric(0.8333) == "83 %"
    assert format_metric(1) == "100 %"
    assert format_metric(None) == "–"
    assert format_metric(float("nan")) == "–"
    assert format_metric(True) == "–"


def test_pdf_is_deterministic_without_dates(result):
    first, second = _pdf(result), _pdf(result)
    assert first == second
    assert b"/CreationDate" not in first and b"/ModDate" not in first
    assert b"coordgraph" in first


_SCRIPT = textwrap.dedent(
    """
    import hashlib, io, sys
    sys.path.insert(0, {tests!r})
    import _render_samples as samples
    from coordgraph.render.report import write_report
    buffer = io.BytesIO()
    write_report(samples.checked(), buffer, lang="da", as_of=samples.AS_OF)
    print(hashlib.sha256(buffer.getvalue()).hexdigest())
    """
)


def test_pdf_is_identical_across_hash_seeds():
    digests = set()
    for seed in ("2", "977"):
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT.format(tests=str(TESTS))],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


# -- command line -------------------------------------------------------------------------


@pytest.fixture()
def org_file(tmp_path: Path) -> Path:
    path = tmp_path / "solsikken.org.yaml"
    path.write_text(samples.SOLSIKKEN_YAML, encoding="utf-8")
    return path


def test_cli_report_writes_the_pack(org_file):
    out = org_file.parent / "møde.pdf"
    result = CliRunner().invoke(
        report, [str(org_file), "-o", str(out), "--as-of", "2026-11-30", "--lang", "da"]
    )
    assert result.exit_code == 0, result.output
    pages = len(PAGE.findall(out.read_bytes()))
    assert f"({pages} sider)" in result.output and pages >= 4  # --lang da


def test_cli_report_needs_a_pdf_and_never_overwrites_the_input(org_file):
    runner = CliRunner()
    bad = runner.invoke(report, [str(org_file), "-o", str(org_file.parent / "pack.svg")])
    assert bad.exit_code == 2 and "PDF" in bad.output
    before = org_file.read_bytes()
    same = org_file.parent / "x.pdf"
    same.symlink_to(org_file)
    refused = runner.invoke(report, [str(org_file), "-o", str(same)])
    assert refused.exit_code == 2 and "refusing to write over the input" in refused.output
    assert org_file.read_bytes() == before


def test_cli_report_on_an_unreadable_org_still_writes_an_overview(tmp_path):
    broken = tmp_path / "broken.org.yaml"
    broken.write_text("people: [\n", encoding="utf-8")
    out = tmp_path / "pack.pdf"
    result = CliRunner().invoke(report, [str(broken), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert len(PAGE.findall(out.read_bytes())) == 1


def test_metrics_keys_the_report_reads_are_the_engines(result):
    # the overview reads these keys; fail loudly if the engine renames them
    assert {"congruence", "mandate_completeness", "anchoring"} <= set(result.metrics)
    json.dumps(dict(result.metrics))


def _one_task_pack(text: str, as_of: date, lang: str = "da") -> tuple[str, set[str]]:
    """The pack's page for the task ``t`` of ``text``, and the codes check gives it."""
    from coordgraph.engine import Options, check_text

    checked = check_text(text, "t.org.yaml", Options.default(as_of=as_of, lang=lang))
    page = _drawn(checked, lang=lang, as_of=as_of).get("task:t", "")
    codes = {f.code for f in checked.findings if f.node.startswith("tasks/t/")}
    return page.replace(" | ", " "), codes


ONE_TASK = (
    "version: 1\norganisation: {{id: o, name: O}}\npeople:\n"
    "  m: {{name: Marianne Dahl, role: leader}}\n"
    "  k: {{name: Kasper Bang, role: inbetweener, reports_to: m}}\n"
    "links:\n  - {{between: [m, k], frequency: weekly}}\n"
    "tasks:\n  t:\n    title: Opgave\n    owner: k\n    description: D\n"
    "    mandate: {{granted_by: m, valid_until: 2026-06-30}}\n"
    "    follow_up: {{with: m, every: monthly, last: {last}}}\n"
    "    recurs: {{every: biennial, last: {recurs}}}\n"
)


@pytest.mark.parametrize(
    "as_of",
    [
        date(2026, 11, 29),
        date(2026, 11, 30),
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2027, 1, 1),
    ],
)
def test_the_pack_and_check_agree_on_every_date(as_of: date) -> None:
    """The pack says "forsinket" exactly when CG305 / CG310 fire: one due-date function."""
    text = ONE_TASK.format(last="2026-10-15", recurs="2024-11")
    page, codes = _one_task_pack(text, as_of)
    follow, _, recurs = page.partition("Tilbagevendende opgave")
    assert ("(forsinket)" in follow) == ("CG305" in codes), (as_of, follow)
    assert ("(forsinket)" in recurs) == ("CG310" in codes), (as_of, recurs)


def test_an_expired_mandate_is_never_shown_as_answered() -> None:
    text = ONE_TASK.format(last="2026-11-20", recurs="2026-01")
    page, codes = _one_task_pack(text, date(2026, 12, 1))
    assert "CG205" in codes
    mandate = page.split("Hvad er mandatet?")[1]
    assert "✗ Udløbet 2026-06-30" in mandate and "✓ Besvaret" not in mandate.split("Succes")[0]
    page, codes = _one_task_pack(text, date(2026, 6, 30))
    assert "CG205" not in codes and "✓ Besvaret" in page.split("Hvad er mandatet?")[1]


# -- a diagram the pack plans at full size is drawn at full size ------------------------------

#: Seven cards whose diagram fits a page of its own only with the legend beside it, and
#: eight findings (goals no task serves) that belong to no card, so a note about them goes
#: under the diagram; the text of the overview is too long to leave room beside it. The
#: pack planned the diagram at full size, then drew it with room for the note taken twice,
#: a little smaller than planned: ``report`` stopped with an internal error.
LEGEND_BESIDE_AND_NOTE = """\
version: 1
organisation:
  id: lille-hus
  name: Det lille hus
  direction:
    goals:
      maal-0: Mål nummer 0, som ingen opgave tjener
      maal-1: Mål nummer 1, som ingen opgave tjener
      maal-2: Mål nummer 2, som ingen opgave tjener
      maal-3: Mål nummer 3, som ingen opgave tjener
      maal-4: Mål nummer 4, som ingen opgave tjener
      maal-5: Mål nummer 5, som ingen opgave tjener
      maal-6: Mål nummer 6, som ingen opgave tjener
      maal-7: Mål nummer 7, som ingen opgave tjener
people:
  bjoern:
    name: Bjørn Mikkelsen
    role: leader
    title: Dagtilbudsleder og daglig pædagogisk leder for Det lille hus
  ida:
    name: Ida Skov
    role: inbetweener
    title: ICDP-vejleder og teamkoordinator, Mariehønen
    reports_to: bjoern
  birthe: {name: Birthe Olsen, role: staff, title: Pædagogmedhjælper, reports_to: bjoern}
  kristian:
    name: Kristian Kristensen
    role: staff
    title: Pædagog og sprogansvarlig på stuen
    reports_to: bjoern
  pernille: {name: Pernille Larsen, role: staff, title: Pædagogmedhjælper, reports_to: bjoern}
forums:
  personalemoede:
    name: Personalemøde
    members: [bjoern, ida, birthe, kristian, pernille]
    frequency: monthly
  teammoede:
    name: Teammøde, Mariehønen
    members: [ida, birthe, kristian, pernille]
    frequency: weekly
tasks:
  icdp:
    title: Implementering af ICDP
    owner: ida
    mandate: {granted_by: bjoern, decides: [Mødeplan]}
  sprog:
    title: Sprogansvarlig på stuen
    owner: kristian
    mandate: {granted_by: bjoern, decides: [Sprogmaterialer]}
links:
  - between: [bjoern, ida]
    frequency: weekly
"""


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_a_diagram_with_the_legend_beside_and_a_note_below_is_drawn_at_full_size(
    tmp_path, monkeypatch
):
    from coordgraph.render import draw

    drawn: list[tuple[bool, int, float]] = []
    original = draw.draw_diagram

    def spy(fig, scene, layout, rect, **kwargs):
        scale = original(fig, scene, layout, rect, **kwargs)
        drawn.append((kwargs.get("legend_right", False), scene.unplaced, scale))
        return scale

    monkeypatch.setattr(draw, "draw_diagram", spy)
    org = tmp_path / "lille-hus.org.yaml"
    org.write_text(LEGEND_BESIDE_AND_NOTE, encoding="utf-8")
    out = tmp_path / "pakke.pdf"
    result = CliRunner().invoke(
        report, [str(org), "-o", str(out), "--lang", "da", "--as-of", "2026-12-01"]
    )
    assert result.exit_code == 0, result.output
    # the case this test is about: the whole diagram, legend beside it, the note below it
    assert (True, 8, 1.0) in drawn, drawn
    assert all(scale == 1.0 for _, _, scale in drawn), drawn
    text = _pdf_text(out.read_bytes())
    assert "8 fund hører ikke til en person eller opgave på tegningen" in text
    assert "Tegning: Det lille hus" in text


def _edge(accepts, low: float, high: float) -> float:
    """The smallest value in [low, high] that ``accepts`` (it accepts ``high``)."""
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (low, middle) if accepts(middle) else (middle, high)
    return high


@pytest.mark.parametrize("unplaced", [0, 3], ids=["no-note", "note"])
@pytest.mark.parametrize("legend_right", [False, True], ids=["legend-below", "legend-beside"])
def test_what_fits_at_full_size_is_drawn_at_full_size(result, legend_right, unplaced):
    """The pack chooses a diagram with ``draw.fits`` and draws it with ``draw_diagram``:
    right at the edge of what fits, the drawing is at full size too (never below 9 pt)."""
    from matplotlib.figure import Figure

    from coordgraph.render import draw
    from coordgraph.render.layout import layout_scene
    from coordgraph.render.scene import build_scene

    scene = build_scene(result.org, result.graph, result.findings, view="org", lang="da")
    scene = replace(scene, unplaced=unplaced)
    layout = layout_scene(scene, 6.0)
    roomy = 40.0
    width = _edge(lambda w: draw.fits(scene, layout, w, roomy, legend_right), 0.0, roomy)
    # at that width (a narrower legend below takes more rows)
    height = _edge(lambda h: draw.fits(scene, layout, width, h, legend_right), 0.0, roomy)
    for w, h in [(width, height), (width + 1e-7, height), (width, height + 1e-7)]:
        fig = Figure(figsize=(w + 1.0, h + 1.0))
        scale = draw.draw_diagram(fig, scene, layout, (0.5, 0.5, w, h), legend_right=legend_right)
        assert scale == 1.0, (w, h, scale)
    assert not draw.fits(scene, layout, width - 0.01, height, legend_right)
    assert not draw.fits(scene, layout, width, height - 0.01, legend_right)


def test_a_diagram_that_would_have_to_shrink_is_named_not_drawn_smaller(result, monkeypatch):
    """Were planning ever to misjudge a diagram again, the pack is still written: the
    diagram's place says how to draw it, and no text is drawn below 9 pt."""
    from coordgraph.render import draw

    monkeypatch.setattr(draw, "fits", lambda *args, **kwargs: True)  # planning misjudges
    pages = _drawn(result)
    kinds = [kind for kind in pages if "#" not in kind]
    assert "overview" in kinds
    overview = pages["overview"]
    assert "Tegningen er for stor til en læsbar side" in overview
    assert f"coordgraph render {samples.PATH} -o solsikken.svg" in overview.replace(" | ", " ")
    assert not pages["overview#figure"].axes  # nothing drawn smaller instead
    for kind in kinds:
        fig = pages[kind + "#figure"]
        for text in [*fig.texts, *(t for ax in fig.axes for t in ax.texts)]:
            assert text.get_fontsize() >= 9.0, (kind, text.get_text())
