"""The ``coordgraph render`` and ``coordgraph report`` commands.

Registered on the main group by :mod:`coordgraph.cli`. Importing this module must stay
cheap and must not import matplotlib (``coordgraph check`` imports it to register the
commands): everything heavy is imported inside the command functions.

Both commands exit 0 when the output was written - a diagram is not a check, use
``coordgraph check`` to gate on findings - and 2 when they cannot run as asked (bad
option, unreadable file, unknown ``--focus``, an output that would overwrite the input).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from coordgraph.cli_common import ToolError, Worded, parse_date, remember_language
from coordgraph.messages import say, set_language

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coordgraph.engine import Options
    from coordgraph.findings import FileResult

IMAGE_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
TEXT_SUFFIXES = {
    ".mmd": "mermaid",
    ".mermaid": "mermaid",
    ".dot": "dot",
    ".gv": "dot",
    ".html": "html",
    ".htm": "html",
}
#: Beyond these a picture is a hairball that costs minutes to draw: refused with advice.
MAX_TASKS_DRAWN = 400
MAX_CARDS_DRAWN = 800


def _check(
    org: Path,
    config: Path | None,
    lang: str | None,
    as_of: date | None,
    pseudonymise: bool = False,
) -> tuple[FileResult, Options]:
    """Check ``org`` with its configuration, as ``coordgraph check`` would.

    The language is ``--lang``, else the config's ``lang``, else the file's own
    ``organisation.language``, else the environment, else English: a file that says it
    is Danish is drawn in Danish wherever it is rendered. ``pseudonymise``: the file is
    checked (and then drawn) with names and ids replaced (:mod:`coordgraph.pseudonym`).
    """
    from dataclasses import replace

    from coordgraph.catalogue import ConfigError
    from coordgraph.config import options_for
    from coordgraph.engine import check_file as check_original
    from coordgraph.pseudonym import check_file as check_pseudonymised
    from coordgraph.pseudonym import display_path

    def check_file(path: Path, shown: str, options: Options) -> FileResult:
        if pseudonymise:
            return check_pseudonymised(path, display_path(1, 1), options)
        return check_original(path, shown, options)

    if not os.path.lexists(org):  # anything else unreadable is CG001's to explain
        raise click.UsageError(say("no_such_file", path=org))
    try:
        options: Options = options_for(org, config, False, lang, as_of)
    except ConfigError as exc:
        raise ToolError(say("config_error", detail=exc)) from None
    result = check_file(org, str(org), options)
    options = replace(options, lang=result.lang)  # the file's own, unless one was chosen
    set_language(options.lang)
    return result, options


def _write(target: Path, data: bytes | None, org: Path) -> None:
    """Write ``data`` through :mod:`coordgraph.safewrite`; None only checks that it may be
    written (before the drawing work starts)."""
    from coordgraph.display import printable
    from coordgraph.safewrite import RefusedWrite, plan_write, write_atomic

    try:
        if data is None:
            plan_write(target, (org,))
        else:
            write_atomic(target, data, protected=(org,))
    except RefusedWrite as exc:
        raise ToolError(printable(exc.message())) from None
    except OSError as exc:
        reason = exc.strerror or exc
        raise ToolError(say("cannot_write", path=printable(str(target)), reason=reason)) from None


def _unreadable(result: FileResult, org: Path) -> ToolError:
    first = next((f for f in result.findings if f.code.startswith("CG0")), None)
    reason = f": {first.code} {first.message}" if first is not None else ""
    return ToolError(say("cannot_draw", path=org, reason=reason))


def _output_kind(output: str | None, fmt: str | None) -> str:
    """``mermaid`` / ``dot`` for text, else the image format from the file name."""
    if fmt is not None:
        return fmt
    if output is None or output == "-":
        raise click.UsageError(say("give_output"))
    suffix = Path(output).suffix.lower()
    kind = IMAGE_SUFFIXES.get(suffix) or TEXT_SUFFIXES.get(suffix)
    if kind is None:
        raise click.UsageError(say("unknown_format", path=output))
    return kind


@click.command("render", cls=Worded)
@click.argument("org", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    metavar="FILE",
)
@click.option(
    "--view",
    type=click.Choice(["org", "tasks"]),
    default=None,
)
@click.option(
    "--focus",
    metavar="ID",
)
@click.option(
    "--no-findings",
    is_flag=True,
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
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "dot", "html"]),
)
@click.option(
    "--pseudonymise",
    is_flag=True,
)
def render(
    org: Path,
    output: str | None,
    view: str | None,
    focus: str | None,
    no_findings: bool,
    lang: str | None,
    as_of: date | None,
    config: Path | None,
    fmt: str | None,
    pseudonymise: bool,
) -> int:
    """Draw the organisation ORG as a diagram (SVG, PNG, PDF) or as Mermaid / DOT text."""
    set_language(lang)
    kind = _output_kind(output, fmt)
    if kind in IMAGE_SUFFIXES.values() and output == "-":
        raise click.UsageError(say("images_stdout"))
    if output is not None and output != "-":
        _write(Path(output), None, org)  # refuse a forbidden output before the work
    result, options = _check(org, config, lang, as_of, pseudonymise)
    if result.org is None:
        raise _unreadable(result, org)
    from coordgraph.graph import OrgGraph
    from coordgraph.render.scene import UnknownFocus, build_scene, resolve_focus

    graph = result.graph if result.graph is not None else OrgGraph(result.org)
    focus_key = None
    if focus is not None and pseudonymise:
        raise click.UsageError(say("focus_pseudonymised"))
    if focus is not None:
        try:
            focus_key = resolve_focus(result.org, focus)
        except UnknownFocus as exc:
            raise click.UsageError(str(exc)) from None
    if view is None:
        view = "tasks" if focus_key is not None and focus_key.startswith("tasks/") else "org"
    if kind == "html":
        from coordgraph.render.html import html_document

        grace = int(options.ruleset.settings["CG305"]["grace_days"])
        page = html_document(
            result,
            lang=options.lang,
            as_of=options.as_of,
            grace_days=grace,
            first_view=view,
            focus=focus_key,
            show_findings=not no_findings,
        )
        if output is None or output == "-":
            click.echo(page.encode("utf-8"), nl=False)
        else:
            _write(Path(output), page.encode("utf-8"), org)
            click.echo(say("wrote", options.lang, path=output), err=True)
        return 0
    text_export = kind in ("mermaid", "dot")
    if not text_export and focus_key is None and view == "tasks":
        # refuse before any work: thousands of task boxes are no picture anyone can read
        tasks = len(result.org.tasks)
        if tasks > MAX_TASKS_DRAWN:
            from coordgraph.render import texts

            words = texts.text(
                "limit.tasks", options.lang, count=f"{tasks:,}", limit=MAX_TASKS_DRAWN
            )
            raise ToolError(words)
    scene = build_scene(
        result.org,
        graph,
        None if no_findings else result.findings,
        view=view,
        focus=focus_key,
        lang=options.lang,
        with_tasks=True if text_export else None,
    )
    if text_export:
        if kind == "mermaid":
            from coordgraph.render.mermaid import to_mermaid

            text = to_mermaid(scene)
        else:
            from coordgraph.render.dot import to_dot

            text = to_dot(scene)
        if output is None or output == "-":
            click.echo(text, nl=False)
        else:
            _write(Path(output), text.encode("utf-8"), org)
            click.echo(say("wrote", options.lang, path=output), err=True)
        return 0
    if len(scene.nodes) > MAX_CARDS_DRAWN:
        from coordgraph.render import texts

        cards = f"{len(scene.nodes):,}"
        raise ToolError(texts.text("limit.cards", options.lang, count=cards, limit=MAX_CARDS_DRAWN))
    import io

    from coordgraph.render import draw
    from coordgraph.render.layout import layout_scene

    buffer = io.BytesIO()
    draw.render(scene, layout_scene(scene), buffer, kind)
    assert output is not None
    _write(Path(output), buffer.getvalue(), org)
    click.echo(say("wrote", options.lang, path=output), err=True)
    return 0


@click.command("report", cls=Worded)
@click.argument("org", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(readable=False, path_type=Path),  # safewrite decides what may be written
    metavar="FILE.pdf",
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
    "--since",
    metavar="REV",
)
@click.option(
    "--pseudonymise",
    is_flag=True,
)
def report(
    org: Path,
    output: Path,
    lang: str | None,
    as_of: date | None,
    config: Path | None,
    since: str | None,
    pseudonymise: bool,
) -> int:
    """Write the meeting pack for ORG: an overview page and one page per task with findings."""
    set_language(lang)
    if output.suffix.lower() != ".pdf":
        raise click.UsageError(say("pack_is_pdf", path=output))
    _write(output, None, org)  # refuse a forbidden output before the work
    result, options = _check(org, config, lang, as_of, pseudonymise)
    import io

    from coordgraph.render.report import write_report

    changes = None
    if since is not None:
        from coordgraph.adopt_cli import since_diff

        changes, result = since_diff(org, since, options, pseudonymise)
    buffer = io.BytesIO()
    pages = write_report(
        result,
        buffer,
        lang=options.lang,
        as_of=options.as_of,
        settings=options.ruleset.settings,
        since=changes,
    )
    _write(output, buffer.getvalue(), org)
    key = "wrote_pack_one" if pages == 1 else "wrote_pack"
    click.echo(say(key, options.lang, path=output, pages=pages), err=True)
    return 0
