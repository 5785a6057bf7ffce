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

from coordgraph.render.cli import report
from coordgraph.render.draw import style
from coordgraph.render.report import (
    add_interval,
    format_metric,
    report_figures,
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


def test_pdf_has_the_overview_and_one_page_per_task_with_findings(result):
    data = _pdf(result)
    assert data.startswith(b"%PDF")
    assert len(PAGE.findall(data)) == 1 + 3


def test_pdf_page_count_follows_the_findings(result):
    # without the task findings only the overview remains
    others = tuple(f for f in result.findings if not f.node.startswith("tasks/"))
    data = _pdf(replace(result, findings=others))
    assert len(PAGE.findall(data)) == 1
    one = tuple(f for f in result.findings if f.node.startswith("tasks/sprogindsats-2/"))
    assert len(PAGE.findall(_pdf(replace(result, findings=one)))) == 2


def test_overview_page_shows_metrics_date_and_family_counts(result):
    with style():
        pages = report_figures(result, lang="da", as_of=samples.AS_OF)
        overview = " | ".join(_texts(pages[0]))
    assert "Børnehuset Solsikken" in overview
    assert "Tjekket pr. 2026-11-30" in overview
    congruence = round(result.metrics["congruence"] * 100)
    assert f"Koordineringskongruens: {congruence} %" in overview
    assert "Mandatfuldstændighed: 50 %" in overview  # one of the two delegated tasks
    counts = {f.code[:3]: 0 for f in result.findings}
    for f in result.findings:
        counts[f.code[:3]] += 1
    assert f"CG1 Koordinering: {counts['CG1']}" in overview
    assert f"CG3 Drift (målforskydning): {counts['CG3']}" in overview
    assert "CG0 Input (filen): 0" in overview
    assert f"I alt: {len(result.findings)}" in overview
    assert len(pages[0].axes) == 1  # the organisation diagram


def test_missing_metrics_show_a_dash(result):
    with style():
        pages = report_figures(replace(result, metrics={}), lang="en", as_of=samples.AS_OF)
        overview = " | ".join(_texts(pages[0]))
    assert "Coordination congruence: –" in overview
    assert "Anchoring in the pedagogical line: –" in overview


def test_task_page_answers_the_three_questions_or_leaves_them_open(result):
    with style():
        pages = report_figures(result, lang="da", as_of=samples.AS_OF)
        well_run = " | ".join(_texts(pages[1]))
        gaps = " | ".join(_texts(pages[2]))
    for question in ("Hvad er opgaven?", "Hvad er ressourcerne?", "Hvad er mandatet?"):
        assert question in well_run and question in gaps
    assert well_run.count("✓ Besvaret") == 3 and "○ Åben" not in well_run
    assert "Givet af Anne Holm (leder)." in well_run
    assert "4 timer/uge · 20.000 kr. · Vikardækning på kursusdage" in well_run
    assert "Sidst: 2026-10-15." in well_run and "(forfalden)" in well_run
    assert gaps.count("○ Åben") == 3 and "✓ Besvaret" not in gaps
    assert "Ingen opfølgning aftalt." in gaps
    assert "advarsel CG201 missing-mandate" in gaps
    assert any(t.startswith("Forslag: ") for t in _texts(pages[2]))
    assert "Side 3 af 4" in gaps


def test_task_page_in_english(result):
    english = samples.checked("en")
    with style():
        pages = report_figures(english, lang="en", as_of=samples.AS_OF)
        text = " | ".join(_texts(pages[2]))
    assert "What is the task?" in text and "What are the resources?" in text
    assert "○ Open" in text and "Page 3 of 4" in text


def test_long_findings_lists_are_cut_with_a_note_not_spilled(result):
    many = tuple(
        replace(result.findings[-2], message="Et meget langt fund " * 20) for _ in range(60)
    )
    with style():
        pages = report_figures(replace(result, findings=many), lang="da", as_of=samples.AS_OF)
        texts = _texts(pages[1])
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(pages[1])
        canvas.draw()
        renderer = canvas.get_renderer()
        for text in pages[1].texts:
            box = text.get_window_extent(renderer)
            assert box.y0 >= 0 and box.x1 <= pages[1].bbox.x1 + 0.5, text.get_text()
    assert any(t.startswith("… (flere: se coordgraph check)") for t in texts)


def test_add_interval_is_calendar_based():
    assert add_interval(date(2026, 1, 31), "monthly") == date(2026, 2, 28)
    assert add_interval(date(2026, 11, 30), "quarterly") == date(2027, 2, 28)
    assert add_interval(date(2026, 12, 28), "biweekly") == date(2027, 1, 11)


def _follow_up_text(result, as_of: date, grace_days: int = 14) -> str:
    with style():
        pages = report_figures(result, lang="da", as_of=as_of, grace_days=grace_days)
        return " ".join(_texts(pages[1]))


def test_follow_up_status_agrees_with_cg305_grace(result):
    # last 2026-10-15, monthly: due 2026-11-15, CG305 fires after 14 days' grace
    assert "Næste senest: 2026-11-15 (i tide)." in _follow_up_text(result, date(2026, 11, 15))
    in_grace = _follow_up_text(result, date(2026, 11, 29))
    assert "(overskredet, men inden for 14 dages henstand)" in in_grace
    assert "(forfalden)" in _follow_up_text(result, date(2026, 11, 30))
    assert "(forfalden)" in _follow_up_text(result, date(2026, 11, 20), grace_days=0)


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
    assert "(4 pages)" in result.output
    assert len(PAGE.findall(out.read_bytes())) == 4


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
