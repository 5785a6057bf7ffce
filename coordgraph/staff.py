"""Reading a staff list: a CSV file or a spreadsheet (xlsx, xlsm, xls, ods) as rows of text.

A municipality's HR system or a leader's own spreadsheet is the usual start of an
organisation file. The list is read, never evaluated: formulas are read as the values
the spreadsheet stored, macros are never run, and nothing in a cell becomes code.

* **CSV** with the standard library's ``csv`` module: UTF-8 (with or without BOM),
  UTF-16 with BOM, else Windows-1252 (what Danish Excel writes with "CSV (semikolon
  separeret)"); the separator is found from the header line (``;``, ``,``, tab or ``|``),
  and Excel's ``sep=;`` first line is understood.
* **Spreadsheets** with python-calamine (a Rust reader: fast, no other dependency, and
  it reads xlsx, xls and ods alike). The first sheet with data is read, or ``--sheet``.

Reading is bounded: the file's size is checked before reading, a zip container's
unpacked size before unpacking, and the rows counted. Anything wrong is a
:class:`StaffError` whose words are in the terminology (``import.*``), never a traceback.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: A staff list larger than this is not a staff list.
MAX_BYTES = 20_000_000
#: Unpacked size of a spreadsheet's zip container (xlsx, ods): guards against zip bombs.
MAX_UNPACKED = 200_000_000
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL = 500  # characters kept of one cell

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
SHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

Cell = str | datetime.date | None
Row = tuple[int, tuple[Cell, ...]]  # (row number in the file or sheet, 1-based; cells)

#: The fields a column can fill, and the headers that name each (Danish and English),
#: compared after :func:`header_key`.
FIELDS = ("name", "first_name", "last_name", "title", "unit", "reports_to", "role", "started", "id")
HEADERS: dict[str, tuple[str, ...]] = {
    "name": (
        "navn",
        "fulde navn",
        "fuldt navn",
        "medarbejder",
        "medarbejdernavn",
        "name",
        "full name",
        "employee",
        "employee name",
    ),
    "first_name": ("fornavn", "first name", "given name", "firstname"),
    "last_name": ("efternavn", "last name", "surname", "family name", "lastname"),
    "title": (
        "stilling",
        "stillingsbetegnelse",
        "titel",
        "jobtitel",
        "title",
        "job title",
        "position",
    ),
    "unit": ("enhed", "afdeling", "team", "unit", "department"),
    "reports_to": (
        "leder",
        "nærmeste leder",
        "naermeste leder",
        "chef",
        "reports to",
        "reports_to",
        "manager",
        "line manager",
        "supervisor",
    ),
    "role": ("rolle", "role"),
    "started": (
        "startdato",
        "start dato",
        "ansat",
        "ansat dato",
        "ansættelsesdato",
        "ansaettelsesdato",
        "tiltrædelse",
        "tiltrædelsesdato",
        "started",
        "start date",
        "start",
        "hire date",
        "hired",
    ),
    "id": ("id", "initialer", "initials"),
}


class StaffError(Exception):
    """The staff list cannot be read as asked; ``key`` names the words (``import.<key>``)."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


@dataclass(frozen=True, slots=True)
class Table:
    """The list as read: its header cells and rows (text, a date, or None when empty)."""

    headers: tuple[str, ...]
    rows: tuple[Row, ...]
    header_row: int  # 1-based row number of the header in the file or sheet
    encoding: str = ""  # for CSV: the encoding it was read in
    delimiter: str = ""  # for CSV: the separator found


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One person of the list, as the columns say (nothing derived yet)."""

    line: int  # row number in the file or sheet, 1-based, for messages
    name: str
    title: str = ""
    unit: str = ""
    reports_to: str = ""
    role: str = ""
    started: Cell = None
    id: str = ""


@dataclass(frozen=True, slots=True)
class Staff:
    """The rows read and what was made of the columns."""

    rows: tuple[StaffRow, ...]
    columns: dict[str, str] = field(default_factory=dict)  # field -> header used
    ignored: tuple[str, ...] = ()  # headers no field reads (never copied anywhere)
    skipped: tuple[int, ...] = ()  # row numbers without a name
    table: Table | None = None


_SPACES = re.compile(r"\s+")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


def clean(text: object) -> str:
    """A cell as one line of text: control characters dropped, spaces collapsed, cut."""
    line = _SPACES.sub(" ", _CONTROL.sub("", str(text))).strip()
    return line[:MAX_CELL]


def header_key(text: str) -> str:
    """A header compared loosely: lower case, ``_``/``-``/``.`` as spaces, one space."""
    lowered = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[_\-.:/]+", " ", lowered).split())


# -- reading ----------------------------------------------------------------------------


def read_table(path: Path, sheet: str | None = None) -> Table:
    """The staff list at ``path``: CSV by its suffix, else a spreadsheet (by suffix or by
    its zip signature)."""
    from coordgraph.inputs import read_bounded

    data, problem, size = read_bounded(path, MAX_BYTES)
    if problem is not None:
        raise StaffError("unreadable", path=path, reason=problem.key)
    if data is None:
        raise StaffError("too_large", path=path, size=size, limit=MAX_BYTES)
    suffix = path.suffix.lower()
    looks_zipped = data[:4] == b"PK\x03\x04"
    looks_ole = data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls
    if suffix in SHEET_SUFFIXES or (suffix not in CSV_SUFFIXES and (looks_zipped or looks_ole)):
        return read_sheet(data, path, sheet)
    if suffix in CSV_SUFFIXES or not suffix:
        if looks_zipped or looks_ole:
            raise StaffError("csv_is_sheet", path=path)
        if sheet is not None:
            raise StaffError("sheet_in_csv", path=path)
        return read_csv(data, path)
    raise StaffError("unknown_kind", path=path, suffix=suffix)


def decode_csv(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 or UTF-16 by BOM, else UTF-8, else Windows-1252, else
    Latin-1 (which reads any bytes; the few Windows-1252 leaves undefined)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", "replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise StaffError("bad_utf16") from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


DELIMITERS = (";", ",", "\t", "|")


def _delimiter(first_line: str) -> str:
    """The separator that splits the header line into the most cells (outside quotes)."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = [(outside.count(d), -i, d) for i, d in enumerate(DELIMITERS)]
    best = max(counts)
    return best[2] if best[0] > 0 else ","


def read_csv(data: bytes, path: Path) -> Table:
    text, encoding = decode_csv(data)
    if "\x00" in text:
        raise StaffError("binary", path=path)
    lines = text.splitlines()
    offset = 0
    delimiter = ""
    if lines and re.fullmatch(r'"?sep=(.)"?', lines[0].strip()):  # Excel's separator line
        delimiter = lines[0].strip().strip('"')[4]
        offset = 1
    body = "\n".join(lines[offset:])
    first = next((line for line in lines[offset:] if line.strip()), "")
    delimiter = delimiter or _delimiter(first)
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    rows: list[Row] = []
    try:
        for number, record in enumerate(reader, start=1 + offset):
            if len(rows) > MAX_ROWS:
                raise StaffError("too_many_rows", path=path, limit=MAX_ROWS)
            rows.append((number, tuple(record[:MAX_COLUMNS])))
    except csv.Error as exc:
        raise StaffError("bad_csv", path=path, reason=str(exc)) from None
    return _table(rows, path, encoding=encoding, delimiter=delimiter)


def _check_zip(data: bytes, path: Path) -> None:
    """Refuse a zip container that would unpack to more than :data:`MAX_UNPACKED`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise StaffError("bad_sheet", path=path, reason="zip") from None
    if len(infos) > 10_000 or sum(info.file_size for info in infos) > MAX_UNPACKED:
        raise StaffError("too_large_unpacked", path=path, limit=MAX_UNPACKED)


def read_sheet(data: bytes, path: Path, sheet: str | None) -> Table:
    """The first sheet with data (or the one named ``sheet``) of a workbook."""
    if data[:4] == b"PK\x03\x04":
        _check_zip(data, path)
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - a dependency of the package
        raise StaffError("no_reader", path=path) from None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(workbook.sheet_names)
        if sheet is not None:
            if sheet not in names:
                raise StaffError("no_sheet", path=path, sheet=sheet, sheets=", ".join(names))
            chosen = [sheet]
        else:
            chosen = names
        for name in chosen:
            values = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            rows: list[Row] = []
            for number, record in enumerate(values, start=1):
                cells = tuple(_sheet_cell(value) for value in list(record)[:MAX_COLUMNS])
                if any(c not in (None, "") for c in cells):
                    if len(rows) > MAX_ROWS:
                        raise StaffError("too_many_rows", path=path, limit=MAX_ROWS)
                    rows.append((number, cells))
            if rows:
                return _table(rows, path)
    except StaffError:
        raise
    except Exception as exc:  # calamine's errors: a broken, encrypted or foreign file
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise StaffError("bad_sheet", path=path, reason=reason) from None
    raise StaffError("empty", path=path)


def _sheet_cell(value: object) -> Cell:
    """A spreadsheet value as text or a date: 12.0 as ``12``, a datetime as its date."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def _table(rows: list[Row], path: Path, encoding: str = "", delimiter: str = "") -> Table:
    """The first row with text is the header; the rows after it are the people."""
    start = next(
        (
            i
            for i, (_, cells) in enumerate(rows)
            if any(isinstance(c, str) and c.strip() for c in cells)
        ),
        None,
    )
    if start is None:
        raise StaffError("empty", path=path)
    header_number, header_cells = rows[start]
    headers = tuple(clean(c) if c is not None else "" for c in header_cells)
    body: list[Row] = []
    for number, raw in rows[start + 1 :]:
        cells = tuple(clean(c) if isinstance(c, str) else c for c in raw)
        if any(c not in (None, "") for c in cells):
            body.append((number, cells))
    return Table(headers, tuple(body), header_number, encoding, delimiter)


# -- columns ----------------------------------------------------------------------------


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """``--map COL=field`` options as {header key: field}; ``field`` may be ``ignore``."""
    result: dict[str, str] = {}
    for pair in pairs:
        column, sep, target = pair.rpartition("=")
        target = target.strip().lower().replace("-", "_")
        if not sep or not column.strip():
            raise StaffError("bad_map", given=pair, fields=", ".join((*FIELDS, "ignore")))
        if target not in FIELDS and target != "ignore":
            raise StaffError("bad_map_field", given=pair, fields=", ".join((*FIELDS, "ignore")))
        result[header_key(column)] = target
    return result


def columns(table: Table, mapping: dict[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """Which column fills each field ({field: index}), and the headers left unread."""
    keys = [header_key(h) for h in table.headers]
    for wanted in mapping:
        if wanted not in keys:
            shown = ", ".join(h for h in table.headers if h) or "-"
            raise StaffError("map_no_column", column=wanted, headers=shown)
    chosen: dict[str, int] = {}
    used: set[int] = set()
    for index, key in enumerate(keys):  # --map first: the user said so
        target = mapping.get(key)
        if target is not None:
            used.add(index)
            if target != "ignore" and target not in chosen:
                chosen[target] = index
    for name in FIELDS:  # then the known headers, in the order the fields are listed
        if name in chosen:
            continue
        for index, key in enumerate(keys):
            if index not in used and key in HEADERS[name]:
                chosen[name] = index
                used.add(index)
                break
    ignored = tuple(
        h for i, h in enumerate(table.headers) if i not in used and h and keys[i] not in mapping
    )
    return chosen, ignored


def read_staff(path: Path, mapping: dict[str, str], sheet: str | None = None) -> Staff:
    """The people of the staff list at ``path``, with ``--map`` applied."""
    table = read_table(path, sheet)
    chosen, ignored = columns(table, mapping)
    if "name" not in chosen and not ("first_name" in chosen and "last_name" in chosen):
        shown = ", ".join(h for h in table.headers if h) or "-"
        raise StaffError("no_name_column", headers=shown)

    def cell(row: tuple[Cell, ...], name: str) -> Cell:
        index = chosen.get(name)
        if index is None or index >= len(row):
            return None
        return row[index]

    def text(row: tuple[Cell, ...], name: str) -> str:
        value = cell(row, name)
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value or ""

    people = []
    skipped = []
    for line, row in table.rows:
        name = text(row, "name")
        if not name:
            name = " ".join(x for x in (text(row, "first_name"), text(row, "last_name")) if x)
        if not name:
            skipped.append(line)
            continue
        people.append(
            StaffRow(
                line=line,
                name=name,
                title=text(row, "title"),
                unit=text(row, "unit"),
                reports_to=text(row, "reports_to"),
                role=text(row, "role"),
                started=cell(row, "started"),
                id=text(row, "id"),
            )
        )
    used_columns = {name: table.headers[index] for name, index in chosen.items()}
    return Staff(tuple(people), used_columns, ignored, tuple(skipped), table)
