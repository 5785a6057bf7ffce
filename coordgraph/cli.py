"""The command line: ``coordgraph check``, ``rules``, ``explain``, ``schema``, ``init``,
``render`` and ``report``.

Exit codes (README, "Command line"): 0 no finding at or above ``--fail-on``; 1 findings at or
above it; 2 the tool could not run as asked. Never a traceback: :func:`main` turns an
unexpected exception into one line and exit 2. Heavy modules (matplotlib, the CI
reporters) are imported only by the commands that use them.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import io
import itertools
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coordgraph import __version__
from coordgraph.catalogue import ConfigError
from coordgraph.cli_common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ToolError,
    WordedGroup,
    language_first,
    language_in,
    parse_date,
    remember_language,
    usage_message,
)
from coordgraph.display import printable
from coordgraph.findings import Severity
from coordgraph.messages import say, set_language
from coordgraph.safewrite import RefusedWrite
from coordgraph.terms import term

if TYPE_CHECKING:
    from coordgraph.inputs import Input

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
FAIL_ON = ("error", "warning", "info", "never")
_BLOCK = 1 << 16  # characters printed at a time


@click.group(
    cls=WordedGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="coordgraph")
def cli() -> None:
    """Find coordination gaps in organisations that practise distributed leadership.

    An organisation declares its people, leadership tasks, forums and communication
    links in a YAML file (*.org.yaml). coordgraph checks it like a linter: every
    delegated task clear on what the task is, its resources and its mandate; the
    people involved actually communicating; the task anchored in the pedagogical line.

    Start with `coordgraph init`, then `coordgraph check`. `coordgraph rules` lists
    what is checked; `coordgraph explain CG201` explains one rule.
    """


# -- check ----------------------------------------------------------------------------


def collect(paths: Sequence[str]) -> list[Input]:
    """Inputs to check (see :func:`coordgraph.inputs.collect`); a missing path is exit 2."""
    from coordgraph.inputs import MissingPath
    from coordgraph.inputs import collect as collect_inputs

    try:
        return collect_inputs(paths)
    except MissingPath as exc:
        raise ToolError(say("missing_path", path=printable(exc.given))) from None


#: Settings of a run that say what its output shows, not how to check.
_NOT_OPTIONS = ("pseudonymise", "metrics", "related")


def _check_one(job: tuple[Input, dict[str, Any]]) -> Any:
    """Check one input (in this process or a worker), with options from its config.

    Returns only what the reporters need (path, findings, metrics, suppressed count):
    the model and graph of each file are dropped here, so a folder of thousands of
    files never holds more than one file's model at a time.
    """
    from dataclasses import replace

    from coordgraph.config import config_for, options_for
    from coordgraph.engine import check_file
    from coordgraph.findings import FileResult
    from coordgraph.inputs import Problem

    item, settings = job
    pseudonymise = settings.get("pseudonymise", False)
    shows_metrics = settings.get("metrics", True)
    shows_related = settings.get("related", True)
    settings = {k: v for k, v in settings.items() if k not in _NOT_OPTIONS}
    problem = item.problem
    # A path that cannot be read takes the config of the folder it is in.
    where = item.path if problem is None else item.path.parent / "_"
    try:
        if not item.explicit:
            config = config_for(where, settings["config"], settings["isolated"])
            if config.excludes(item.path):
                return None
        options = options_for(where, **settings)
    except OSError as exc:  # a folder on the way up that cannot be looked into
        options = options_for(item.path, **{**settings, "config": None, "isolated": True})
        if problem is None:
            try:  # the file's own problem, if it has one, says more than its config's
                os.stat(item.path)
                problem = Problem.of(exc, config=True)
            except OSError as own:
                problem = Problem.of(own)
    if not shows_related:
        options = replace(options, related=False)
    if pseudonymise:
        from coordgraph.pseudonym import check_file as check_pseudonymised

        result = check_pseudonymised(item.path, item.display, options, problem)
    else:
        result = check_file(item.path, item.display, options, problem)
    # What only some outputs show is worked out for those only: related nodes (JSON,
    # SARIF) are looked up here, so the file's places are let go; metrics (JSON,
    # --statistics) are measured.
    for finding in result.findings:
        for related in finding.related:
            related.settle()
    metrics: dict[str, float] = {}
    per_unit: dict[str, dict[str, float]] = {}
    if shows_metrics:
        metrics = dict(result.metrics)
        per_unit = {unit: dict(values) for unit, values in result.unit_metrics.items()}
    return FileResult(
        result.path,
        result.findings,
        metrics,
        None,
        None,
        result.suppressed,
        per_unit,
        result.lang,
    )


def worker_count(jobs: int, files: int) -> int:
    """Workers worth starting: never more than asked, than files, or than CPUs we may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(jobs, files, cpus))


def _watch_parent(parent: int) -> None:
    """Worker initializer: exit when the parent is gone (killed, not shut down).

    A worker waits on a queue its siblings also hold open, so it would never notice
    on its own; this thread checks the parent's pid twice a second.
    """
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(3)

    threading.Thread(target=watch, name="coordgraph-parent-watch", daemon=True).start()


def _abandon(pool: Any) -> None:
    """Stop a pool that failed to start: end the workers it did start, wait for none."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()
            process.join(5)
    with contextlib.suppress(Exception):
        pool.shutdown(wait=False, cancel_futures=True)


def _run_parallel(jobs_list: list[tuple[Input, dict[str, Any]]], workers: int) -> list[Any] | None:
    """Results from ``workers`` processes, or None when they could not be started."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunk = max(1, len(jobs_list) // (workers * 8))
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)
        )
    except (OSError, ValueError) as exc:
        _warn("workers_fallback", n=workers, reason=_reason(exc))
        return None
    try:
        results = pool.map(_check_one, jobs_list, chunksize=chunk)  # starts the workers
    except OSError as exc:  # fork failed (process limit, memory)
        _abandon(pool)
        _warn("workers_fallback", n=workers, reason=_reason(exc))
        return None
    try:
        collected = list(results)
    except BrokenProcessPool as exc:
        _abandon(pool)
        raise ToolError(say("workers_broken", reason=_reason(exc))) from None
    except BaseException:
        _abandon(pool)
        raise
    pool.shutdown(wait=True)
    return collected


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _warn(key: str, **fields: object) -> None:
    """One warning line on stderr, in the run's language."""
    click.echo(f"coordgraph: {say('warning')}: {say(key, None, **fields)}", err=True)


def run_checks(
    files: list[Input], settings: dict[str, Any], jobs: int, progress: bool
) -> list[Any]:
    jobs_list = [(item, settings) for item in files]
    results: list[Any] | None = None
    workers = worker_count(jobs, len(jobs_list))
    if workers > 1:
        results = _run_parallel(jobs_list, workers)
    if results is None:
        if progress:
            with click.progressbar(jobs_list, label="Checking", file=sys.stderr) as bar:
                results = [_check_one(job) for job in bar]
        else:
            results = [_check_one(job) for job in jobs_list]
    return [r for r in results if r is not None]


def write_output(
    chunks: Iterable[str], output: str | None, inputs: Sequence[Path], utf8: bool = False
) -> None:
    """Print, or write to ``output`` through :mod:`coordgraph.safewrite`; streamed, so the
    report is never held whole in memory.

    ``utf8``: a machine format (JSON, SARIF, XML, workflow commands) goes to stdout as
    UTF-8 bytes whatever the terminal's encoding, as its readers expect; the text format
    follows the terminal, with what it cannot show escaped.
    """
    if output is None or output == "-":
        block: list[str] = []
        size = 0
        for chunk in itertools.chain(chunks, (None,)):
            if chunk is not None:
                block.append(chunk)
                size += len(chunk)
            if block and (chunk is None or size >= _BLOCK):
                text = "".join(block)
                click.echo(text.encode("utf-8", "backslashreplace") if utf8 else text, nl=False)
                block, size = [], 0
        return
    from coordgraph.safewrite import write_chunks

    encoded = (chunk.encode("utf-8", "backslashreplace") for chunk in chunks)
    write_chunks(Path(output), encoded, protected=inputs)


def _step_summary(reporter: Any, results: Sequence[Any], inputs: Sequence[Path], lang: str) -> None:
    """Append the job summary for ``--format github``; a problem is a warning, never fatal."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    summary = getattr(reporter, "write_step_summary", None)
    if not target or summary is None:
        return

    def warn(reason: str) -> None:
        _warn("summary_skipped", reason=reason)

    summary(results, Path(target), lang, protected=inputs, warn=warn)


def exit_code(results: Sequence[Any], fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    failing = any(f.severity.rank >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


@cli.command()
# readable=False: click would refuse an unreadable path itself (exit 2, the rest unchecked);
# coordgraph makes it a CG001 finding instead.
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    metavar="FILE",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--isolated",
    is_flag=True,
)
@click.option(
    "--as-of",
    callback=parse_date,
    metavar="DATE",
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="FILE",
)
@click.option(
    "--write-baseline",
    type=click.Path(readable=False, path_type=Path),  # written, never read
    metavar="FILE",
)
@click.option(
    "--statistics",
    is_flag=True,
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
)
@click.option(
    "--no-hints",
    is_flag=True,
)
@click.option(
    "--color/--no-color",
    default=None,
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
)
@click.option(
    "--pseudonymise",
    is_flag=True,
)
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config: Path | None,
    isolated: bool,
    as_of: date | None,
    lang: str | None,
    baseline: Path | None,
    write_baseline: Path | None,
    statistics: bool,
    quiet: bool,
    no_hints: bool,
    color: bool | None,
    jobs: int,
    pseudonymise: bool,
) -> int:
    """Check organisation files for coordination, mandate and drift gaps.

    PATHS are files or directories (default: the current directory); directories are
    searched for *.org.yaml and *.org.yml. Exit status: 0 nothing at or above
    --fail-on, 1 findings at or above it, 2 the check could not run.
    """
    set_language(lang)
    if pseudonymise and (baseline is not None or write_baseline is not None):
        raise ToolError(say("pseudonymise_baseline"))
    files = collect(paths or (".",))
    if not files:
        shown = ", ".join(printable(p) for p in paths or (".",))
        raise ToolError(say("no_org_files", paths=shown))
    if pseudonymise:
        from dataclasses import replace

        from coordgraph.pseudonym import display_path

        files = [
            replace(item, display=display_path(n, len(files)))
            for n, item in enumerate(files, start=1)
        ]
    settings: dict[str, Any] = {
        "config": config,
        "isolated": isolated,
        "lang": lang,
        "as_of": as_of,
        "select": select,
        "ignore": ignore,
    }
    if pseudonymise:
        settings["pseudonymise"] = True
    settings["metrics"] = statistics or fmt == "json"
    settings["related"] = fmt in ("json", "sarif")
    # Fail fast on a bad config or selector, before any work (and any worker) starts.
    from coordgraph.config import options_for

    first_options = options_for(
        files[0].path,
        **{k: v for k, v in settings.items() if k not in _NOT_OPTIONS},
    )
    set_language(first_options.lang)
    inputs = [item.path for item in files]
    # ... and on an output that will be refused (an org file, read-only, an input).
    from coordgraph.safewrite import plan_write

    if write_baseline is not None:
        plan_write(write_baseline, inputs)
    elif output is not None and output != "-":
        plan_write(Path(output), inputs)
    progress = (
        len(files) > 1 and fmt == "text" and not quiet and output is None and sys.stderr.isatty()
    )
    results = run_checks(files, settings, jobs, progress)
    out_lang = first_options.lang
    if first_options.follow_file:  # no --lang, no config lang: the files' own, if they agree
        own = {r.lang for r in results}
        out_lang = own.pop() if len(own) == 1 else out_lang
    set_language(out_lang)

    if write_baseline is not None:
        from coordgraph.baseline import write_baseline as record

        record(results, write_baseline, protected=inputs)
        count = sum(len(r.findings) for r in results)
        click.echo(
            say("baseline_recorded", count=count, path=printable(str(write_baseline))), err=True
        )
        return EXIT_OK
    if baseline is not None:
        from coordgraph.baseline import apply_baseline, load_baseline

        results, hidden, stale = apply_baseline(results, load_baseline(baseline))
        if fmt == "text" and not quiet:
            shown = printable(str(baseline))
            click.echo(say("baseline_applied", path=shown, hidden=hidden, stale=stale), err=True)

    ruleset = first_options.ruleset
    chunks: Iterable[str]
    if fmt == "text":
        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        from coordgraph.reporters import text as text_reporter

        chunks = text_reporter.chunks(
            results, ruleset, out_lang, color=use_color, quiet=quiet, hints=not no_hints
        )
        if statistics:
            chunks = itertools.chain(chunks, (_statistics_text(results, out_lang),))
    else:
        reporter = importlib.import_module(f"coordgraph.reporters.{fmt}")
        if fmt == "sarif" and pseudonymise:  # the working directory may name someone
            chunks = reporter.chunks(results, ruleset, out_lang, srcroot=False)
        else:
            chunks = reporter.chunks(results, ruleset, out_lang)
        if fmt == "github":
            _step_summary(reporter, results, inputs, out_lang)
        if fmt == "sarif":
            total = sum(len(r.findings) for r in results)
            if total > reporter.MAX_RESULTS:
                limit = reporter.MAX_RESULTS
                _warn("sarif_capped", total=total, limit=limit, omitted=total - limit)
        if statistics and output is not None:
            click.echo(_statistics_text(results, out_lang), err=True, nl=False)
    write_output(chunks, output, inputs, utf8=fmt != "text")
    return exit_code(results, fail_on)


def _statistics_text(results: Sequence[Any], lang: str) -> str:
    """Counts per rule, then each file's metrics and each unit's (which unit is behind)."""
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for finding in result.findings:
            key = (finding.code, finding.name)
            counts[key] = counts.get(key, 0) + 1
    lines = ["", term("statistics.heading", lang)]
    for (code, name), count in sorted(counts.items()):
        lines.append(f"{count:6d}  {code} {name}")

    def shares(metrics: Mapping[str, float]) -> str:
        return ", ".join(
            f"{term('statistics.' + key, lang)} {metrics[key]:.2f}"
            for key in ("congruence", "mandate_completeness", "anchoring")
            if key in metrics
        )

    for result in results:
        if result.metrics:
            lines.append(f"{printable(result.path)}: {shares(result.metrics)}")
        for unit, metrics in result.unit_metrics.items():
            lines.append(f"  {term('statistics.unit', lang)} {printable(unit)}: {shares(metrics)}")
    return "\n".join(lines) + "\n"


# -- rules, explain, schema ----------------------------------------------------------


def _ruleset_and_lang(config: Path | None, lang: str | None) -> tuple[Any, str]:
    from coordgraph.config import config_for, language

    found = config_for(Path.cwd() / "_", config, isolated=False)
    chosen = language(lang, found)
    set_language(chosen)
    return found.ruleset, chosen


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
)
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def rules(fmt: str, lang: str | None, config: Path | None) -> int:
    """List every rule: code, name, family, severity and what it checks."""
    from coordgraph import explain

    ruleset, lang = _ruleset_and_lang(config, lang)
    if fmt == "json":
        click.echo(json.dumps(explain.rules_json(ruleset, lang), ensure_ascii=False, indent=2))
    else:
        click.echo(explain.rules_table(ruleset, lang), nl=False)
    return EXIT_OK


@cli.command(name="explain")
@click.argument("rule")
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
)
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def explain_command(rule: str, lang: str | None, config: Path | None) -> int:
    """Explain one rule (by code, e.g. CG201, or name, e.g. missing-mandate)."""
    from coordgraph import explain

    ruleset, lang = _ruleset_and_lang(config, lang)
    spec = ruleset.lookup(rule)
    if spec is None:
        raise ToolError(say("no_rule", rule=printable(rule)))
    click.echo(explain.explain_text(spec, lang), nl=False)
    return EXIT_OK


def schema_text() -> str:
    """The JSON Schema as ``coordgraph schema`` prints it (``org.schema.json``)."""
    from coordgraph.schema import json_schema

    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


@cli.command()
@click.option(
    "--output",
    "-o",
    metavar="FILE",
)
def schema(output: str | None) -> int:
    """Print the JSON Schema (draft-07) of the organisation file, for editors."""
    write_output([schema_text()], output, (), utf8=True)
    return EXIT_OK


@cli.command()
@click.argument(
    "file",
    required=False,
    default="organisation.org.yaml",
    type=click.Path(dir_okay=False, readable=False, path_type=Path),
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
    default="da",
    show_default=True,
)
def init(file: Path, lang: str) -> int:
    """Write a commented starter organisation file (never overwrites a file)."""
    from coordgraph.starter import starter_text

    set_language(lang)
    through = False  # a device or FIFO (say /dev/stdout): written to, nothing replaced
    if os.path.lexists(file):  # a dangling symlink counts as taken too
        try:
            through = not stat.S_ISREG(os.stat(file).st_mode) and not file.is_dir()
        except OSError:
            through = False
        if not through:
            raise ToolError(say("exists", path=printable(str(file))))
    from coordgraph.safewrite import write_atomic
    from coordgraph.starter import schema_home, schema_reference

    folder = Path.cwd() if through else Path(os.path.realpath(file)).parent
    schema_file = schema_home(folder)
    text = starter_text(
        lang, schema_ref=schema_reference(schema_file, folder), file=printable(file.name)
    )
    write_atomic(file, text.encode("utf-8"), protected=(), allow_org=True)
    if through:
        return EXIT_OK
    shown = printable(str(file))
    click.echo(say("wrote_starter", path=shown), err=True)
    shown_schema = printable(str(schema_file))
    if not schema_file.exists():  # the editors' schema, kept in the repository
        write_atomic(schema_file, schema_text().encode("utf-8"), protected=(file,))
        click.echo(say("wrote_schema", path=shown_schema), err=True)
    elif _read_quietly(schema_file) != schema_text():
        click.echo(say("old_schema", path=shown_schema), err=True)
    return EXIT_OK


def _read_quietly(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


@cli.command()
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    callback=remember_language,
    is_eager=True,
)
@click.option(
    "--stdio",
    is_flag=True,
    hidden=True,
)
def server(lang: str | None, stdio: bool) -> int:
    """Run the language server for editors (LSP over standard input and output).

    Editors start it themselves; docs/editors.md shows how for VS Code, Neovim and
    Emacs. It checks each *.org.yaml file as you type, like `coordgraph check`.
    """
    from coordgraph.server import serve

    serve(lang)
    return EXIT_OK


def _register_render_commands() -> None:
    """``render`` and ``report`` (their module imports matplotlib only when they run)."""
    from coordgraph.render.cli import render, report

    cli.add_command(render)
    cli.add_command(report)


_register_render_commands()


def _register_adoption_commands() -> None:
    from coordgraph.adopt_cli import diff_command, import_command

    cli.add_command(import_command)
    cli.add_command(diff_command)


_register_adoption_commands()


def _tolerant_streams() -> None:
    """Never fail on a character the terminal's encoding lacks (``PYTHONIOENCODING=latin-1``
    and an emoji, an ASCII terminal and Danish letters): show it as an escape instead."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(Exception):
                stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and exit with its code, never with a traceback."""
    # A CLI run is short and the node tree has no cycles: skip the cyclic collector.
    gc.disable()
    _tolerant_streams()
    args = list(argv) if argv is not None else sys.argv[1:]
    # the tool's own messages: --lang if given, else the environment's until a command knows
    set_language(language_in(args))
    args = language_first(args)
    try:
        code = cli.main(
            args=args,
            prog_name="coordgraph",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:  # one line, in the run's language
        click.echo(f"coordgraph: {say('error')}: {usage_message(exc)}", err=True)
        code = EXIT_USAGE
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code if isinstance(exc, ToolError) else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo(f"coordgraph: {say('aborted')}", err=True)
        code = EXIT_USAGE
    except ConfigError as exc:
        click.echo(f"coordgraph: {say('error')}: {say('config_error', detail=exc)}", err=True)
        code = EXIT_USAGE
    except RefusedWrite as exc:
        click.echo(f"coordgraph: {say('error')}: {printable(exc.message())}", err=True)
        code = EXIT_USAGE
    except BrokenPipeError:
        code = EXIT_USAGE
    except OSError as exc:
        reason = exc.strerror or exc
        if exc.filename:
            path = f"'{printable(os.fsdecode(exc.filename))}'"
            said = say("cannot_access", path=path, reason=reason)
        else:
            said = say("cannot_access_unnamed", reason=reason)
        click.echo(f"coordgraph: {say('error')}: {said}", err=True)
        code = EXIT_USAGE
    except Exception as exc:
        message = " ".join(str(exc).split())[:300]
        detail = f"{type(exc).__name__}: {message}"
        click.echo(f"coordgraph: {say('internal', detail=detail)}", err=True)
        code = EXIT_USAGE
    set_language(None)
    sys.exit(code if isinstance(code, int) else EXIT_OK)
