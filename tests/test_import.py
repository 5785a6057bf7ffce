"""coordgraph import: staff lists in the shapes municipalities have them (CSV with commas
or semicolons, UTF-8 or Excel's Windows-1252, XLSX, ODS), built here, made into org files
that check without input findings; --into adds to a file without touching what the user
wrote."""

from __future__ import annotations

import difflib
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest

from coordgraph.engine import Options, check_text
from coordgraph.importer import scalar, slug
from tests.test_cli import run

HEADER_DA = ["Navn", "Stilling", "Enhed", "Leder", "Startdato", "CPR-nr."]
ROWS = [
    ["Marianne Holt", "Dagtilbudsleder", "Dagtilbuddet Kastanjen", "", "01-08-2015", "010203-1234"],
    ["Jonas Friis", "Teamkoordinator", "Dagtilbuddet Kastanjen / Egern", "Marianne Holt", "", ""],
    ["Sofie Bæk", "Pædagog", "Dagtilbuddet Kastanjen / Egern", "Jonas Friis", "15.10.2026", ""],
    ["Søren Ærø", "Pædagog", "Dagtilbuddet Kastanjen / Egern", "Jonas Friis", "", "311299-9999"],
    ["Søren Lund", "Pædagogmedhjælper", "Dagtilbuddet Kastanjen / Ugler", "Marianne Holt", "", ""],
    [
        "Åse Øster",
        "Køkkenleder",
        "Dagtilbuddet Kastanjen > Køkkenet",
        "Marianne Holt",
        "2024-01-02",
        "",
    ],
]
NAMES = [row[0] for row in ROWS]


def _csv(rows: list[list[str]], sep: str) -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if sep in value or '"' in value else value

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


def _check(path: Path) -> list[str]:
    """Codes of the findings of the org file at ``path`` (the real check)."""
    result = check_text(path.read_bytes(), str(path), Options.default(date(2026, 12, 1)))
    assert result.org is not None
    return [f.code for f in result.findings]


def _imported(tmp_path: Path, staff: Path, *extra: str) -> tuple[Path, str]:
    target = tmp_path / "kastanjen.org.yaml"
    code, output = run("import", str(staff), "-o", str(target), "--lang", "da", *extra)
    assert code == 0, output
    assert "Traceback" not in output
    return target, output


def _assert_kastanjen(target: Path) -> None:
    text = target.read_text(encoding="utf-8")
    codes = _check(target)
    assert not [c for c in codes if c.startswith("CG0")], codes
    result = check_text(text, str(target), Options.default(date(2026, 12, 1)))
    org = result.org
    assert org is not None
    assert [p.name for p in org.people.values()] == NAMES
    assert list(org.people) == ["marianne", "jonas", "sofie", "søren", "søren-2", "åse"]
    assert org.people["sofie"].reports_to == "jonas"
    assert org.people["sofie"].started == date(2026, 10, 15)
    assert org.people["marianne"].started == date(2015, 8, 1)
    assert org.people["marianne"].role == "leader"  # others report to her, she to nobody
    assert org.people["jonas"].role == "inbetweener"
    assert org.people["sofie"].role == "staff"
    assert org.units["egern"].part_of == "dagtilbuddet-kastanjen"
    assert org.people["sofie"].unit == "egern"
    assert org.units["egern"].leader == "jonas"
    assert org.name == "Dagtilbuddet Kastanjen"
    # a column no field reads is never copied into the file
    assert "010203" not in text and "CPR" not in text
    assert "rolle gættet" in text  # guessed roles are marked for the leader to check


@pytest.mark.parametrize(
    ("sep", "encoding"),
    [(",", "utf-8"), (";", "utf-8"), (";", "cp1252"), (",", "cp1252"), (";", "utf-8-sig")],
)
def test_csv_with_commas_or_semicolons_in_utf8_or_windows_1252(
    tmp_path: Path, sep: str, encoding: str
) -> None:
    staff = tmp_path / "personale.csv"
    staff.write_bytes(_csv([HEADER_DA, *ROWS], sep).encode(encoding))
    if encoding == "cp1252":
        with pytest.raises(UnicodeDecodeError):
            staff.read_bytes().decode("utf-8")  # really not UTF-8
    target, output = _imported(tmp_path, staff)
    _assert_kastanjen(target)
    assert "CPR-nr." in output  # the user is told which columns were not read


def test_excel_separator_line_and_english_headers(tmp_path: Path) -> None:
    staff = tmp_path / "staff.csv"
    header = ["Name", "Job title", "Department", "Manager", "Start date", "Role"]
    rows = [[*r[:5], ""] for r in ROWS]
    rows[1][5] = "koordinator"
    rows[0][5] = "leder"
    staff.write_text("sep=;\n" + _csv([header, *rows], ";"), encoding="utf-8")
    target, _ = _imported(tmp_path, staff)
    _assert_kastanjen(target)


def _xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Personale"
    for row in rows:
        sheet.append(row)
    book.save(path)


def _ods(path: Path, rows: list[list[object]]) -> None:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Personale")
    for row in rows:
        tr = TableRow()
        for value in row:
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                cell.addElement(P(text=value.isoformat()))
            else:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    doc.save(str(path))


def _with_dates(rows: list[list[str]]) -> list[list[object]]:
    """The rows as a spreadsheet has them: dates as dates, empty cells empty."""
    out: list[list[object]] = []
    for row in rows:
        cells: list[object] = list(row)
        if row[4] == "15.10.2026":
            cells[4] = date(2026, 10, 15)
        if row[4] == "01-08-2015":
            cells[4] = date(2015, 8, 1)
        out.append(cells)
    return out


def test_xlsx_built_here(tmp_path: Path) -> None:
    staff = tmp_path / "personale.xlsx"
    _xlsx(staff, [HEADER_DA, *_with_dates(ROWS)])
    target, _ = _imported(tmp_path, staff)
    _assert_kastanjen(target)


def test_ods_built_here(tmp_path: Path) -> None:
    staff = tmp_path / "personale.ods"
    _ods(staff, [HEADER_DA, *_with_dates(ROWS)])
    target, _ = _imported(tmp_path, staff)
    _assert_kastanjen(target)


def test_team_forums_make_a_meeting_per_unit(tmp_path: Path) -> None:
    staff = tmp_path / "personale.csv"
    staff.write_text(_csv([HEADER_DA, *ROWS], ";"), encoding="utf-8")
    target, _ = _imported(tmp_path, staff, "--team-forums", "ugentligt")
    result = check_text(target.read_bytes(), str(target), Options.default(date(2026, 12, 1)))
    org = result.org
    assert org is not None
    forum = org.forums[org.units["egern"].forum or ""]
    assert forum.frequency == "weekly" and forum.name == "Teammøde Egern"
    assert set(forum.members) == {"jonas", "sofie", "søren"}
    assert not [f for f in result.findings if f.code.startswith("CG0")]
    # the team meeting covers its members: none of them is isolated or outside it
    flagged = {f.node for f in result.findings if f.code in ("CG105", "CG108")}
    assert not flagged & {"people/jonas", "people/sofie", "people/søren"}


def test_ids_keep_danish_letters_and_collisions_are_numbered() -> None:
    assert slug("Søren Ærø") == "søren-ærø"
    assert slug("Zoë Müller") == "zoe-muller"
    assert slug("Åse") == "åse"
    for text in ("No", "yes", "1.10", "2024-01-02", "a: b", "#x", "Ole, Bo", "null", " x"):
        assert scalar(text) != text  # quoted: YAML would read something else


def test_awkward_names_and_a_circle_of_managers_still_check_cleanly(tmp_path: Path) -> None:
    staff = tmp_path / "personale.csv"
    rows = [
        ["Navn", "Leder", "Rolle"],
        ["No", "Yes", "leder"],
        ["Yes", "No", "boss"],  # a circle, and a role word nobody knows
        ["A: B #1", "Ukendt", ""],
        ["No", "", ""],  # twice on the list
        ["Ole, Bo", "Ole, Bo", ""],  # reports to himself
    ]
    staff.write_text(_csv(rows, ";"), encoding="utf-8")
    target = tmp_path / "x.org.yaml"
    code, output = run("import", str(staff), "-o", str(target), "--lang", "en")
    assert code == 0, output
    codes = _check(target)
    assert not [c for c in codes if c.startswith("CG0")], (codes, target.read_text())
    for warning in ("circle", "twice", "not on the list", "themself", "boss"):
        assert warning in output, output


def test_map_names_a_column_and_first_plus_last_names_are_joined(tmp_path: Path) -> None:
    staff = tmp_path / "liste.csv"
    staff.write_text("Fornavn;Efternavn;Arbejdssted\nAnne;Holm;Solsikken\nBo;Berg;Solsikken\n")
    target = tmp_path / "sol.org.yaml"
    code, output = run("import", str(staff), "-o", str(target), "--map", "Arbejdssted=unit")
    assert code == 0, output
    text = target.read_text(encoding="utf-8")
    assert "name: Anne Holm" in text and "unit: solsikken" in text


@pytest.mark.parametrize(
    ("name", "content", "args", "words"),
    [
        ("broken.xlsx", b"PK\x03\x04 not really a zip", (), "cannot be read as a spreadsheet"),
        ("random.xlsx", bytes(range(256)) * 4, (), "cannot be read as a spreadsheet"),
        ("empty.csv", b"", (), "no rows with text"),
        ("x.pdf", b"%PDF-1.4", (), "cannot tell what kind of file"),
        ("nonames.csv", b"Stilling;Enhed\nKok;Huset\n", (), "--map COLUMN=name"),
        ("l.csv", b"Navn\nAnne\n", ("--map", "Foo=name"), "no column is called 'foo'"),
        ("l.csv", b"Navn\nAnne\n", ("--map", "Navn=age"), "the field must be one of"),
        ("l.csv", b"Navn\nAnne\n", ("--team-forums", "often"), "is not a frequency"),
        ("l.csv", b"Navn\nAnne\n", ("--sheet", "Ark1"), "--sheet is for spreadsheets"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, name: str, content: bytes, args: tuple[str, ...], words: str
) -> None:
    staff = tmp_path / name
    staff.write_bytes(content)
    target = tmp_path / "out.org.yaml"
    code, output = run("import", str(staff), "-o", str(target), "--lang", "en", *args)
    assert code == 2, output
    assert words in output, output
    assert "Traceback" not in output
    assert output.count("coordgraph: error:") == 1
    assert not target.exists()


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    staff = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(staff, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 210_000_000)
    code, output = run("import", str(staff), "-o", str(tmp_path / "o.org.yaml"), "--lang", "en")
    assert code == 2 and "would unpack to more than" in output, output


def test_never_writes_over_an_existing_file_or_a_non_org_name(tmp_path: Path) -> None:
    staff = tmp_path / "l.csv"
    staff.write_text("Navn\nAnne Holm\n", encoding="utf-8")
    existing = tmp_path / "mine.org.yaml"
    existing.write_text("# mine\n", encoding="utf-8")
    code, output = run("import", str(staff), "-o", str(existing), "--lang", "en")
    assert code == 2 and "--into" in output
    assert existing.read_text(encoding="utf-8") == "# mine\n"
    code, output = run("import", str(staff), "-o", str(tmp_path / "out.yaml"), "--lang", "en")
    assert code == 2 and "*.org.yaml" in output
    code, output = run("import", str(staff))
    assert code == 2
    into = tmp_path / "into.org.yaml"
    into.write_text("version: 1\norganisation: {id: x, name: X}\n", encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(into), "-o", str(existing))
    assert code == 2 and "already exists" in output
    assert existing.read_text(encoding="utf-8") == "# mine\n"


# -- --into -------------------------------------------------------------------------------

EXISTING = """\
# yaml-language-server: $schema=../coordgraph/org.schema.json
# Børnehuset Solsikken: our own notes stay exactly as we wrote them.
version: 1
organisation:
  id: solsikken
  name: Børnehuset Solsikken   # the name parents know
  direction:
    pedagogical_line:
      leg: Legen er grundlaget for børns læring

units:
  solsikken: {name: Børnehuset Solsikken, leader: anne}   # the house

people:
  # the leaders first
  anne:
    name: Anne Holm
    role: leader        # since 2019
    title: Dagtilbudsleder
    unit: solsikken

  bo:
    name: Bo Berg   # ICDP
    role: inbetweener
    reports_to: anne
    unit: solsikken
  # Carla left in 2025 (kept as a note)
  tove: {name: Tove Lund, role: external}

forums:
  personalemoede:            # every month
    name: Personalemøde
    members: [anne, bo]
    frequency: monthly

tasks:
  icdp:
    title: Tovholder på ICDP
    owner: bo
    description: |
      Planlægge ICDP
      for alle
    serves: [leg]
# the end of the file: nothing below
"""

NEW_LIST = "Navn;Stilling;Enhed;Leder\n" + "\n".join(
    [
        "Anne Holm;Dagtilbudsleder;Børnehuset Solsikken;",
        "Dorte Dam;Pædagog;Børnehuset Solsikken;Anne Holm",
        "Bo Hansen;Pædagog;Vuggestuen Mælkebøtten;Anne Holm",
    ]
)


def _only_insertions(before: str, after: str) -> list[str]:
    """The inserted texts, asserting that nothing of ``before`` was changed or removed."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    inserted = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        assert op in ("equal", "insert"), (op, before[a0:a1], after[b0:b1])
        if op == "insert":
            inserted.append(after[b0:b1])
    return inserted


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_into_adds_people_and_keeps_every_byte_the_user_wrote(tmp_path: Path, newline: str) -> None:
    org = tmp_path / "solsikken.org.yaml"
    original = EXISTING.replace("\n", newline).encode("utf-8")
    org.write_bytes(original)
    staff = tmp_path / "personale.csv"
    staff.write_text(NEW_LIST, encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "en")
    assert code == 0, output
    after = org.read_bytes()
    inserted = _only_insertions(original.decode(), after.decode())
    added = "".join(inserted)
    assert "Dorte Dam" in added and "Bo Hansen" in added and "Mælkebøtten" in added
    assert "Anne Holm" not in added  # already in the file
    # new people in the style the file uses (a block per person), with the file's newlines
    assert re.search(r"  dorte:\r?\n    name: Dorte Dam\r?\n    role: staff", added), added
    assert ("\r\n" in added) == (newline == "\r\n")
    assert "bo-2:" in added  # Bo Hansen's id, since bo is taken
    # leavers are reported, never removed; externals are not expected on a staff list
    assert "Bo Berg (bo)" in output and "Tove" not in output.split("not on the list")[-1]
    codes = _check(org)
    assert not [c for c in codes if c.startswith("CG0")], codes
    assert "dorte → personalemoede" not in output  # the unit has no forum of its own


def test_into_flow_style_people_get_flow_lines(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parent.parent / "orgs" / "kastanjen.org.yaml"
    org = tmp_path / "kastanjen.org.yaml"
    original = source.read_bytes()
    org.write_bytes(original)
    staff = tmp_path / "liste.csv"
    staff.write_text("Navn;Enhed\nMarianne Holt;Børnehuset Egern\nNy Kollega;Børnehuset Egern\n")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "da")
    assert code == 0, output
    added = "".join(_only_insertions(original.decode(), org.read_text(encoding="utf-8")))
    assert "  ny: {name: Ny Kollega, role: staff, unit: egern}" in added
    assert "ny → teammoede-egern" in output  # the unit's meeting: the user adds them
    assert "Jonas Friis (jonas)" in output  # not on the list: reported


def test_into_with_nothing_new_leaves_the_file_alone(tmp_path: Path) -> None:
    org = tmp_path / "solsikken.org.yaml"
    org.write_text(EXISTING, encoding="utf-8")
    before = org.stat().st_mtime_ns, org.read_bytes()
    staff = tmp_path / "l.csv"
    staff.write_text("Navn\nAnne Holm\nBo Berg\n", encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "en")
    assert code == 0 and "nothing added" in output
    assert (org.stat().st_mtime_ns, org.read_bytes()) == before


def test_into_refuses_a_file_that_cannot_be_read(tmp_path: Path) -> None:
    org = tmp_path / "broken.org.yaml"
    org.write_text("version: 1\npeople: {anne: [\n", encoding="utf-8")
    staff = tmp_path / "l.csv"
    staff.write_text("Navn\nAnne Holm\n", encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "en")
    assert code == 2 and "CG001" in output and "coordgraph check" in output, output
    assert org.read_text(encoding="utf-8") == "version: 1\npeople: {anne: [\n"


def test_into_a_flow_people_section_is_refused_with_advice(tmp_path: Path) -> None:
    org = tmp_path / "flow.org.yaml"
    text = "version: 1\norganisation: {id: x, name: X}\npeople: {anne: {name: A, role: leader}}\n"
    org.write_text(text, encoding="utf-8")
    staff = tmp_path / "l.csv"
    staff.write_text("Navn\nBo Berg\n", encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "en")
    assert code == 2 and "one entry a line" in output, output
    assert org.read_text(encoding="utf-8") == text


def test_into_a_file_without_people_adds_the_section(tmp_path: Path) -> None:
    org = tmp_path / "empty.org.yaml"
    text = "version: 1\norganisation: {id: x, name: X}  # no people yet"
    org.write_text(text, encoding="utf-8")
    staff = tmp_path / "l.csv"
    staff.write_text("Navn;Enhed\nBo Berg;Huset\n", encoding="utf-8")
    code, output = run("import", str(staff), "--into", str(org), "--lang", "en")
    assert code == 0, output
    after = org.read_text(encoding="utf-8")
    assert after.startswith(text)
    assert not [c for c in _check(org) if c.startswith("CG0")]


def test_coordgraph_check_never_imports_the_adoption_modules(tmp_path: Path) -> None:
    import subprocess
    import sys
    import textwrap

    org = tmp_path / "x.org.yaml"
    org.write_text(EXISTING, encoding="utf-8")
    heavy = (
        "matplotlib",
        "python_calamine",
        "openpyxl",
        "selenium",
        "coordgraph.importer",
        "coordgraph.staff",
        "coordgraph.diff",
        "coordgraph.pseudonym",
        "coordgraph.render.html",
    )
    code = textwrap.dedent(
        f"""
        import sys
        from click.testing import CliRunner
        import coordgraph.cli
        result = CliRunner().invoke(coordgraph.cli.cli, ["check", {str(org)!r}],
                                    standalone_mode=False)
        assert result.return_value == 1, result.output
        assert {{"import", "diff"}} <= set(coordgraph.cli.cli.commands)
        loaded = [m for m in {heavy!r} if m in sys.modules]
        assert not loaded, loaded
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
