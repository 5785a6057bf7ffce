"""--pseudonymise: no name, id or free text of the input in any output of check (every
format), render (SVG, PDF, Mermaid, DOT, HTML), report and diff; and the findings are
the same findings, on the same lines."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from coordgraph.engine import Options, check_text
from coordgraph.pseudonym import Pseudonymiser
from tests.test_cli import run

ORG = """\
# Zelmira's own notes: nothing of this is shown anywhere
version: 1
organisation:
  id: solvognen
  name: Solvognens Dagtilbud
  direction:
    pedagogical_line:
      legebroen: Legebroen mellem hjem og dagtilbud
    values:
      tillidsbaand: Tillidsbånd mellem voksne
    goals:
      sprogspiren: Sprogspiren i kommunens politik
units:
  vibeholm: {name: Vibeholm Børnehus, kind: Zelmiras hus, leader: zelmira}
  kragereden: {name: Kragereden, part_of: vibeholm, leader: quintus, forum: sludremoede}
people:
  zelmira: {name: Zelmira Qvistgaard, role: leader, title: Dagtilbudsleder, unit: vibeholm}
  quintus:
    name: Quintus Østergård
    role: inbetweener
    title: Teamkoordinator
    reports_to: zelmira
    unit: kragereden
  ottilie: {name: Ottilie Brønnumsen, role: staff, title: Pædagog, unit: kragereden,
            reports_to: quintus, started: 2026-10-01}
  wendelin: {name: Wendelin Ydesen, role: staff, unit: kragereden, reports_to: quintus}
  xaverius: {name: Xaverius Fjordbæk, role: external, title: Tale-hørekonsulent}
forums:
  sludremoede:
    name: Sludremødet i Kragereden
    members: [quintus, ottilie, wendelin]
    frequency: weekly
tasks:
  spirekassen:
    title: Spirekassen hos Quintus
    description: |
      Quintus planlægger Spirekassen
      sammen med Ottilie
    owner: quintus
    contributors: [ottilie, xaverius]
    complexity: high
    mandate: {granted_by: zelmira, decides: [Zelmiras mødeplan], limits: Kun Vibeholm}
    resources: {hours_per_week: 3, note: Vikar fra Kragereden}
    success_criteria: [Ottilie oplever ro, {text: Wendelin taler mere, kind: outcome}]
    follow_up: {with: zelmira, every: monthly, last: 2026-01-15}
    serves: [legebroen]
  uglespejlet:
    title: Uglespejlet
    owner: ottilie
    depends_on: [spirekassen, ghostlyghostface]
    serves: [sprogspiren]
links:
  - {between: [zelmira, quintus], frequency: biweekly, channel: Zelmiras kontor, trust: low}
  - {between: [quintus, xaverius], frequency: monthly}
"""

#: Every name, id and free text of ORG (whole words; the file's name too).
SECRETS = [
    "solvognen",
    "legebroen",
    "tillidsbaand",
    "sprogspiren",
    "vibeholm",
    "kragereden",
    "zelmira",
    "quintus",
    "ottilie",
    "wendelin",
    "xaverius",
    "sludremoede",
    "spirekassen",
    "uglespejlet",
    "ghostlyghostface",
    "Qvistgaard",
    "Østergård",
    "Brønnumsen",
    "Ydesen",
    "Fjordbæk",
    "Solvognens",
    "Sludremødet",
    "Dagtilbudsleder",
    "Teamkoordinator",
    "Tale-hørekonsulent",
    "Legebroen mellem",
    "Tillidsbånd",
    "Vikar fra",
    "Zelmiras mødeplan",
    "Zelmiras",
    "oplever ro",
    "taler mere",
    "Kun Vibeholm",
    "planlægger",
]


def _leaks(text: str) -> list[str]:
    lowered = text.casefold()
    return [s for s in SECRETS if s.casefold() in lowered]


@pytest.fixture
def org(tmp_path: Path) -> Path:
    folder = tmp_path / "solvognen"
    folder.mkdir()
    path = folder / "solvognen.org.yaml"
    path.write_text(ORG, encoding="utf-8")
    return path


def test_the_fixture_really_names_them(org: Path) -> None:
    code, output = run("check", str(org), "--as-of", "2026-12-01", "--lang", "en")
    assert code == 1
    assert set(_leaks(output)) >= {"zelmira", "quintus", "spirekassen", "ghostlyghostface"}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "gitlab"])
def test_check_in_every_format(org: Path, fmt: str) -> None:
    code, output = run(
        "check", str(org), "--format", fmt, "--pseudonymise", "--as-of", "2026-12-01",
        "--statistics", cwd=org.parent,
    )  # fmt: skip
    assert code == 1, output
    assert "CG201" in output or "missing-mandate" in output or fmt == "text"
    assert not _leaks(output), _leaks(output)
    assert "organisation.org.yaml" in output


def test_check_keeps_the_findings_and_their_lines(org: Path) -> None:
    options = Options.default(date(2026, 12, 1), "en")
    before = check_text(ORG, "x", options)
    p = Pseudonymiser("en")
    p.learn(ORG)
    after = check_text(p.apply(ORG), "x", options)
    assert [(f.code, f.span.line) for f in before.findings] == [
        (f.code, f.span.line) for f in after.findings
    ]
    assert {"CG004", "CG107", "CG201"} <= {f.code for f in after.findings}


@pytest.mark.parametrize("suffix", [".svg", ".pdf", ".mmd", ".dot", ".html"])
def test_render_in_every_format(org: Path, tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"picture{suffix}"
    code, output = run(
        "render", str(org), "-o", str(out), "--pseudonymise", "--as-of", "2026-12-01",
        "--lang", "da",
    )  # fmt: skip
    assert code == 0, output
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(out.read_bytes()))
        text = " ".join(page.extract_text() for page in reader.pages)
        text += " " + str(reader.metadata)
        assert "Leder 1" in text
    else:
        text = out.read_text(encoding="utf-8")
    assert not _leaks(text), _leaks(text)
    assert not _leaks(output)


@pytest.mark.parametrize("view", ["org", "tasks"])
def test_the_png_is_drawn_from_the_same_pseudonymised_picture(
    org: Path, tmp_path: Path, view: str
) -> None:
    svg, png = tmp_path / "p.svg", tmp_path / "p.png"
    for out in (svg, png):
        args = ("render", str(org), "-o", str(out), "--view", view, "--as-of", "2026-12-01")
        code, output = run(*args, "--pseudonymise")
        assert code == 0, output
    assert not _leaks(svg.read_text(encoding="utf-8"))
    assert not _leaks(png.read_bytes().decode("latin-1"))  # no text chunk names anyone


def test_report(org: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "pack.pdf"
    code, output = run("report", str(org), "-o", str(out), "--pseudonymise", "--lang", "da",
                       "--as-of", "2026-12-01")  # fmt: skip
    assert code == 0, output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
    assert "Inbetweener 1" in text and "Mangler mandat" in text
    assert not _leaks(text), _leaks(text)


def _changed(text: str) -> str:
    return text.replace(
        "  xaverius:", "  yrsa: {name: Yrsa Kildegaard, role: staff}\n  xaverius:"
    ).replace("frequency: biweekly, channel", "frequency: weekly, channel")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diff_in_every_format(org: Path, fmt: str) -> None:
    old = org.parent / "old.org.yaml"
    old.write_text(ORG, encoding="utf-8")
    org.write_text(_changed(ORG), encoding="utf-8")
    code, output = run("diff", str(old), str(org), "--format", fmt, "--pseudonymise",
                       "--as-of", "2026-12-01", "--lang", "en")  # fmt: skip
    assert code == 0, output
    leaks = [
        s for s in [*SECRETS, "Yrsa", "Kildegaard", "yrsa"] if s.casefold() in output.casefold()
    ]
    assert not leaks, leaks
    assert "Staff 3" in output  # the newcomer, by role and number
    assert "CG102" in output  # resolved: leader and coordinator now talk weekly


def test_report_since_and_diff_since(org: Path, tmp_path: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    folder = org.parent

    def g(*args: str) -> None:
        subprocess.run([git, "-c", "user.name=t", "-c", "user.email=t@x.invalid", *args],
                       cwd=folder, check=True, capture_output=True)  # fmt: skip

    g("init", "-q")
    g("add", ".")
    g("commit", "-q", "-m", "zelmira")
    org.write_text(_changed(ORG), encoding="utf-8")
    code, output = run("diff", "--since", "HEAD", org.name, "--pseudonymise", cwd=folder)
    assert code == 0 and not _leaks(output), output
    from pypdf import PdfReader

    out = tmp_path / "pack.pdf"
    code, output = run("report", org.name, "-o", str(out), "--since", "HEAD", "--pseudonymise",
                       "--as-of", "2026-12-01", cwd=folder)  # fmt: skip
    assert code == 0, output
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    first = reader.pages[0].extract_text()
    whole = " ".join(page.extract_text() for page in reader.pages) + str(reader.metadata)
    assert "Staff 3" in first
    assert not _leaks(whole) and "Yrsa" not in whole


def test_the_same_person_gets_the_same_pseudonym_in_check_and_diff(org: Path) -> None:
    old = org.parent / "old.org.yaml"
    old.write_text(ORG, encoding="utf-8")
    org.write_text(_changed(ORG), encoding="utf-8")  # a newcomer, in nobody's meeting
    code, checked = run("check", str(org), "--pseudonymise", "--as-of", "2026-12-01",
                        "--lang", "en")  # fmt: skip
    isolated = re.search(r"CG105 isolated-person +Staff (\d+) \(staff-\1\)", checked)
    assert isolated is not None, checked
    code, diffed = run("diff", str(old), str(org), "--pseudonymise", "--lang", "en")
    assert code == 0
    assert f"+ Staff {isolated.group(1)} (staff-{isolated.group(1)})" in diffed, diffed


def test_a_baseline_and_pseudonyms_do_not_mix(org: Path, tmp_path: Path) -> None:
    code, output = run("check", str(org), "--pseudonymise", "--write-baseline",
                       str(tmp_path / "b.json"))  # fmt: skip
    assert code == 2 and "baseline" in output


def test_an_unparseable_file_leaks_nothing_either(tmp_path: Path) -> None:
    bad = tmp_path / "zelmira.org.yaml"
    bad.write_text("version: 1\npeople:\n  zelmira: {name: Zelmira Qvistgaard\n", encoding="utf-8")
    code, output = run("check", str(bad), "--pseudonymise", "--format", "json")
    assert code == 1 and "CG001" in output
    assert "zelmira" not in output.casefold() and "qvistgaard" not in output.casefold()


def test_a_yaml_trap_is_kept_as_written_and_still_reported(tmp_path: Path) -> None:
    org = tmp_path / "trap.org.yaml"
    org.write_text(
        "version: 1\norganisation: {id: x, name: X}\npeople:\n"
        "  no: {name: Zelmira Qvistgaard, role: leader}\n"
        "  bo: {name: Quintus Østergård, role: staff, reports_to: no}\n",
        encoding="utf-8",
    )
    code, output = run("check", str(org), "--pseudonymise", "--lang", "en")
    assert code == 1
    assert "'no' is read by YAML 1.1 as a boolean" in output  # not mistaken for a name
    assert not _leaks(output) and "Qvistgaard" not in output
