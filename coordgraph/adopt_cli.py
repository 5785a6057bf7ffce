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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coordgraph.cli_common import EXIT_OK, ToolError, Worded, parse_date, remember_language

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coordgraph.diff import Diff
    from coordgraph.engine import Options
    from coordgraph.findings import FileResult


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


@click.command("import", cls=Worded)
@click.argument("staff_list", type=click.Path(dir_okay=False, readable=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
    metavar="NAME.org.yaml",
)
@click.option(
    "--into",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
)
@click.option(
    "--team-forums",
    metavar="FREQUENCY",
)
@click.option(
    "--sheet",
    metavar="NAME",
)
@click.option(
    "--name",
    "org_name",
    metavar="NAME",
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
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
    replacing = into is None or os.path.realpath(target) != os.path.realpath(into)
    if replacing and os.path.lexists(target) and not _is_device(target):
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


# -- diff ------------------------------------------------------------------------------------


def _read_version(path: Path, lang: str) -> bytes:
    """A file's bytes (bounded), or exit 2 saying why not."""
    from coordgraph.inputs import read_bounded
    from coordgraph.loader import Limits
    from coordgraph.messages import say

    limit = Limits().max_bytes
    if not os.path.lexists(path):
        reason = say("not_found", lang)
        raise ToolError(_words("diff.error.unreadable", lang, path=_shown(path), reason=reason))
    data, problem, size = read_bounded(path, limit)
    if problem is not None:
        reason = problem.detail(lang)
        raise ToolError(_words("diff.error.unreadable", lang, path=_shown(path), reason=reason))
    if data is None:
        reason = say("too_big", lang, size=size, limit=limit)
        raise ToolError(_words("diff.error.unreadable", lang, path=_shown(path), reason=reason))
    return data


def own_language(data: bytes) -> str | None:
    """``organisation.language`` as the file writes it, if it can be read."""
    from coordgraph.loader import decode
    from coordgraph.yamlwalk import outline

    text, _ = decode(data)
    if text is None:
        return None
    try:
        found = outline(text).language
    except Exception:  # a file that does not parse: its findings say so
        return None
    return found if found in ("da", "en") else None


def versions_options(
    path: Path, data: bytes, config: Path | None, lang: str | None, as_of: date | None
) -> Options:
    """Options as ``check`` would use them, in the language ``render`` would: ``--lang``,
    else the config's, else the file's own ``organisation.language``, else LANG."""
    from dataclasses import replace

    from coordgraph.catalogue import ConfigError
    from coordgraph.config import config_for, options_for
    from coordgraph.messages import say

    try:
        options = options_for(path, config, False, lang, as_of)
        configured = config_for(path, config, False).lang
    except ConfigError as exc:
        raise ToolError(say("config_error", detail=exc)) from None
    if lang is None and configured is None:
        own = own_language(data)
        if own is not None:
            options = replace(options, lang=own)
    return options


def since_diff(
    path: Path,
    rev: str,
    options: Options,
    pseudonymise: bool,
    data: bytes | None = None,
) -> tuple[Diff, FileResult]:
    """The difference between ``path`` now and in git revision ``rev`` (exit 2 when git
    cannot give it), and the file's own result."""
    from coordgraph.diff import DiffError, diff_versions, read_revision, words
    from coordgraph.loader import Limits

    lang = options.lang
    new = data if data is not None else _read_version(path, lang)
    try:
        old = read_revision(path, rev, Limits().max_bytes)
    except DiffError as exc:
        raise ToolError(exc.message(lang)) from None
    return diff_versions(
        old, new, str(path), options, rev, words("worktree", lang), pseudonymise=pseudonymise
    )


@click.command("diff", cls=Worded)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, readable=False, path_type=Path))
@click.option(
    "--since",
    metavar="REV",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    metavar="FILE",
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
)
@click.option(
    "--as-of",
    callback=parse_date,
    metavar="DATE",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--pseudonymise",
    is_flag=True,
)
def diff_command(
    files: tuple[Path, ...],
    since: str | None,
    fmt: str,
    output: str | None,
    lang: str | None,
    as_of: date | None,
    config: Path | None,
    pseudonymise: bool,
) -> int:
    """Show what changed between two versions of an organisation file.

    coordgraph diff OLD NEW compares two files; coordgraph diff --since REV FILE compares
    FILE with its version in git revision REV. People, units, forums, tasks, mandates,
    links and direction added, removed and changed; findings resolved and new; metrics.
    Exit 0 when the comparison was made, 2 when it could not be.
    """
    from coordgraph.diff import FORMATS, diff_versions

    words_lang = _lang(lang)
    if (since is None and len(files) != 2) or (since is not None and len(files) != 1):
        raise ToolError(_words("diff.error.args", words_lang))
    new_path = files[-1]
    if output is not None and output != "-":
        _plan_write(Path(output), list(files), words_lang)
    new = _read_version(new_path, words_lang)
    options = versions_options(new_path, new, config, lang, as_of)
    if since is not None:
        found, _ = since_diff(new_path, since, options, pseudonymise, new)
    else:
        old = _read_version(files[0], options.lang)
        found, _ = diff_versions(
            old, new, str(new_path), options, str(files[0]), str(new_path), pseudonymise
        )
    text = "".join(FORMATS[fmt](found))
    if output is None or output == "-":
        click.echo(text if fmt == "text" else text.encode("utf-8"), nl=False)
    else:
        from coordgraph.safewrite import RefusedWrite, write_atomic

        try:
            write_atomic(Path(output), text.encode("utf-8"), list(files))
        except RefusedWrite as exc:
            raise ToolError(exc.message(options.lang)) from None
    return EXIT_OK
