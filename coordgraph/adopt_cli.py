"""The adoption commands: ``coordgraph import`` (an org file from a staff list) and
``coordgraph diff`` (what changed between two versions of an org file).

Registered on the main group by :mod:`coordgraph.cli`. Importing this module is cheap:
the spreadsheet reader, the checker and git are reached only inside the commands, so
``coordgraph check`` pays nothing for them.

Both exit 0 when they did what was asked and 2 when they could not (a broken
spreadsheet, a missing git revision, an output that must not be written), with one line
saying what to do, in the user's language.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coordgraph.cli_common import EXIT_OK, ToolError

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coordgraph.engine import Options


def _lang(lang: str | None) -> str:
    from coordgraph.messages import language

    return lang or language()


def _words(key: str, lang: str, **values: object) -> str:
    from coordgraph.terms import fill, term

    return fill(term(key, lang), values, lang)


def _say(line: str) -> None:
    from coordgraph.display import printable

    click.echo(printable(line), err=True)


def _warn(line: str, lang: str) -> None:
    from coordgraph.messages import say

    _say(f"coordgraph: {say('warning', lang)}: {line}")


def _shown(path: Path | str) -> str:
    from coordgraph.display import printable

    return printable(str(path))


def _staff_error(exc: Exception, lang: str) -> ToolError:
    """A :class:`~coordgraph.staff.StaffError` as the one-line error it stands for."""
    from coordgraph.inputs import Problem

    fields = dict(getattr(exc, "fields", {}))
    reason = fields.get("reason")
    if isinstance(reason, Problem):
        fields["reason"] = reason.detail(lang)
    for key, value in fields.items():
        if isinstance(value, Path):
            fields[key] = _shown(value)
    key = getattr(exc, "key", "bad_sheet")
    return ToolError(_words(f"import.error.{key}", lang, **fields))


def _read_org_text(path: Path, lang: str) -> tuple[str, bytes]:
    """An existing org file's text (BOM removed) and the BOM it had, or exit 2."""
    from coordgraph.inputs import read_bounded
    from coordgraph.loader import Limits

    data, problem, size = read_bounded(path, Limits().max_bytes)
    if problem is not None:
        raise ToolError(
            _words("import.error.unreadable", lang, path=_shown(path), reason=problem.detail(lang))
        )
    if data is None:
        raise ToolError(
            _words("import.error.too_large", lang, path=_shown(path), size=size, limit="20 MB")
        )
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    try:
        return data[len(bom) :].decode("utf-8"), bom
    except UnicodeDecodeError:
        detail = "CG001 not UTF-8"
        raise ToolError(
            _words("import.error.into_unreadable", lang, file=_shown(path), detail=detail)
        ) from None


def _input_findings(text: str, where: Path, options: Options) -> list[tuple[str, str, str]]:
    """(fingerprint, code, message) of every CG0 finding of ``text``."""
    from coordgraph.engine import check_text

    result = check_text(text, str(where), options)
    return [(f.fingerprint, f.code, f.message) for f in result.findings if f.code < "CG1"]


def _verified(text: str, where: Path, options: Options, before: set[str], lang: str) -> None:
    """Refuse to write a file that has input findings it did not have before."""
    fresh = [f for f in _input_findings(text, where, options) if f[0] not in before]
    if fresh:
        detail = "; ".join(f"{code} {message}" for _, code, message in fresh[:3])
        raise ToolError(_words("import.error.invalid_result", lang, detail=detail))


@click.command("import")
@click.argument("staff_list", type=click.Path(dir_okay=False, readable=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    metavar="NAME.org.yaml",
    help="The organisation file to write (a new file). With --into: write the result "
    "here instead of into FILE.",
)
@click.option(
    "--into",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Add the people who are not in this org file yet (nothing else in it changes) "
    "and report who is in it but not on the list.",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read a column as a field: name, first_name, last_name, title, unit, reports_to, "
    "role, started, id, or ignore. Repeatable.",
)
@click.option(
    "--team-forums",
    metavar="FREQUENCY",
    help="Make a team meeting for each unit (weekly, biweekly, monthly... or ugentligt, "
    "hver 14. dag, månedligt...).",
)
@click.option("--sheet", metavar="NAME", help="The sheet to read (default: the first with data).")
@click.option("--name", "org_name", metavar="NAME", help="The organisation's name.")
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    help="Language of the comments and messages (default: the file's, else LANG).",
)
def import_command(
    staff_list: Path,
    output: Path | None,
    into: Path | None,
    mappings: tuple[str, ...],
    team_forums: str | None,
    sheet: str | None,
    org_name: str | None,
    lang: str | None,
) -> int:
    """Make an organisation file from a staff list (CSV, XLSX, XLS or ODS).

    Columns are recognised by their headers in Danish or English: navn/name,
    stilling/title, enhed/unit, leder/reports_to, rolle/role, startdato/started. Other
    columns are never copied. With --into FILE the new people are added to an existing
    file and those no longer on the list are reported.
    """
    from coordgraph.importer import frequency_of, into_file, new_file, plan, slug
    from coordgraph.model import FREQUENCIES
    from coordgraph.safewrite import is_org_name
    from coordgraph.staff import StaffError, parse_mapping, read_staff

    if output is None and into is None:
        raise click.UsageError("give -o NAME.org.yaml for a new file, or --into FILE")
    existing_text, bom = ("", b"")
    from coordgraph.yamlwalk import outline

    found = None
    if into is not None:
        existing_text, bom = _read_org_text(into, _lang(lang))
    language = lang
    if into is not None and language is None:
        from coordgraph.config import config_for

        language = config_for(into, None, False).lang
    if into is not None and language is None:
        try:
            found = outline(existing_text)
            language = found.language if found.language in ("da", "en") else None
        except Exception:  # a broken file: said below, in the environment's language
            language = None
    words_lang = _lang(language)
    target = output if output is not None else into
    assert target is not None
    if not is_org_name(target):
        raise ToolError(_words("import.error.not_org", words_lang, file=_shown(target)))
    frequency = None
    if team_forums is not None:
        frequency = frequency_of(team_forums)
        if frequency is None:
            choices = ", ".join(FREQUENCIES)
            raise ToolError(
                _words("import.error.frequency", words_lang, value=team_forums, choices=choices)
            )
    if into is None and os.path.lexists(target) and not _is_device(target):
        raise ToolError(_words("import.error.exists", words_lang, file=_shown(target)))
    protected = [staff_list] + ([into] if into is not None and target != into else [])
    _plan_write(target, protected, words_lang)
    try:
        staff = read_staff(staff_list, parse_mapping(mappings), sheet)
    except StaffError as exc:
        raise _staff_error(exc, words_lang) from None
    if not staff.rows:
        raise ToolError(_words("import.error.no_people", words_lang))
    source = staff_list.name
    columns = ", ".join(f"{field} ← {header}" for field, header in staff.columns.items())
    _say(_words("import.read", words_lang, n=len(staff.rows), source=source, columns=columns))
    if staff.ignored:
        _say(_words("import.ignored", words_lang, columns=", ".join(staff.ignored)))
    if staff.skipped:
        rows = ", ".join(str(n) for n in staff.skipped[:20])
        _say(_words("import.skipped", words_lang, rows=rows))

    from coordgraph.config import options_for
    from coordgraph.importer import Existing

    options = options_for(target, lang=words_lang)
    if into is not None:
        before = _input_findings(existing_text, into, options)
        stopping = [f for f in before if f[1] in ("CG001", "CG005")]
        if stopping:
            detail = f"{stopping[0][1]} {stopping[0][2]}"
            raise ToolError(
                _words("import.error.into_unreadable", words_lang, file=_shown(into), detail=detail)
            )
        found = found or outline(existing_text)
        try:
            result = plan(staff, words_lang, frequency, Existing.of(found))
            text, _ = into_file(existing_text, result, words_lang, source)
        except StaffError as exc:
            raise _staff_error(exc, words_lang) from None
        for line in result.warnings:
            _warn(line, words_lang)
        _verified(text, target, options, {f[0] for f in before}, words_lang)
        if result.people or result.units or result.forums:
            _write_org(target, bom + text.encode("utf-8"), protected, words_lang)
        _report_into(result, into, words_lang)
        return EXIT_OK

    result = plan(staff, words_lang, frequency)
    for line in result.warnings:
        _warn(line, words_lang)
    stem = target.name[: -len(".org.yaml")] if target.name.lower().endswith(".org.yaml") else ""
    stem = stem or target.name.rsplit(".org.", 1)[0]
    org_id = slug(stem) or "organisation"
    tops = [u for u in result.units if u.part_of is None]
    name = org_name or (tops[0].name if len(tops) == 1 else stem.replace("-", " ").title())
    text = new_file(
        result,
        org_id=org_id,
        org_name=name,
        lang=words_lang,
        source=source,
        file_name=target.name,
        schema_ref=_schema_ref(target),
    )
    _verified(text, target, options, set(), words_lang)
    _write_org(target, text.encode("utf-8"), protected, words_lang)
    _say(
        _words(
            "import.wrote",
            words_lang,
            file=_shown(target),
            people=len(result.people),
            units=len(result.units),
            forums=len(result.forums),
        )
    )
    return EXIT_OK


def _is_device(path: Path) -> bool:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _plan_write(target: Path, protected: list[Path], lang: str) -> None:
    from coordgraph.safewrite import RefusedWrite, plan_write

    try:
        plan_write(target, protected, allow_org=True)
    except RefusedWrite as exc:
        raise ToolError(exc.message(lang)) from None


def _write_org(target: Path, data: bytes, protected: list[Path], lang: str) -> None:
    from coordgraph.safewrite import RefusedWrite, write_atomic

    try:
        write_atomic(target, data, protected, allow_org=True)
    except RefusedWrite as exc:
        raise ToolError(exc.message(lang)) from None


def _schema_ref(target: Path) -> str:
    """The JSON Schema's path relative to the new file, for editors (as ``init`` writes)."""
    schema_file = Path(__file__).parent / "org.schema.json"
    folder = Path(os.path.realpath(target)).parent
    try:
        return os.path.relpath(schema_file, folder)
    except ValueError:  # another drive on Windows
        return schema_file.as_posix()


def _report_into(result: object, into: Path, lang: str) -> None:
    from coordgraph.importer import Plan

    assert isinstance(result, Plan)
    if result.people:
        names = ", ".join(f"{p.name} ({p.id})" for p in result.people)
        _say(_words("import.added", lang, n=len(result.people), file=_shown(into), names=names))
    else:
        _say(_words("import.nothing_new", lang, file=_shown(into)))
    if result.units:
        names = ", ".join(f"{u.name} ({u.id})" for u in result.units)
        _say(_words("import.added_units", lang, n=len(result.units), names=names))
    if result.known:
        _say(_words("import.known", lang, n=len(result.known)))
    if result.leavers:
        names = ", ".join(f"{name or pid} ({pid})" for pid, name in result.leavers)
        _say(_words("import.leavers", lang, file=_shown(into), names=names))
    if result.members_to_add:
        pairs = ", ".join(f"{person} → {forum}" for person, forum in result.members_to_add)
        _say(_words("import.members_to_add", lang, pairs=pairs))
