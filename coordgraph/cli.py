"""The command line: ``coordgraph check``, ``rules``, ``explain``, ``schema``, ``init``,
``render`` and ``report``.

Exit codes (DESIGN section 6): 0 no finding at or above ``--fail-on``; 1 findings at or
above it; 2 the tool could not run as asked. Never a traceback: :func:`main` turns an
unexpected exception into one line and exit 2. Heavy modules (matplotlib, the CI
reporters) are imported only by the commands that use them.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import click

from coordgraph import __version__
from coordgraph.catalogue import ConfigError
from coordgraph.cli_common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ToolError, parse_date
from coordgraph.findings import Severity
from coordgraph.safewrite import RefusedWrite

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
FAIL_ON = ("error", "warning", "info", "never")
ORG_SUFFIXES = (".org.yaml", ".org.yml")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def collect(paths: Sequence[str]) -> list[tuple[Path, str, bool]]:
    """Files to check as (path, display path, named explicitly), in a stable order.

    A file named explicitly is always checked; a directory is searched recursively for
    ``*.org.yaml`` / ``*.org.yml`` (hidden directories skipped).
    """
    files: list[tuple[Path, str, bool]] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise ToolError(f"'{given}' does not exist; give a file or a directory")
        if path.is_dir():
            found = []
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if name.endswith(ORG_SUFFIXES):
                        full = Path(root) / name
                        found.append((full.relative_to(path).as_posix(), full))
            for relative, full in sorted(found):
                display = relative if given in (".", "./") else os.path.join(given, relative)
                key = full.resolve()
                if key not in seen:
                    seen.add(key)
                    files.append((full, display, False))
        else:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append((path, given, True))
    return files


def _check_one(job: tuple[Path, str, bool, dict[str, Any]]) -> Any:
    """Check one file (in this process or a worker): options come from its config."""
    from coordgraph.config import config_for, options_for
    from coordgraph.engine import check_file
    from coordgraph.findings import FileResult

    path, display, explicit, settings = job
    settings = dict(settings)
    strip = settings.pop("_strip", False)
    if not explicit:
        config = config_for(path, settings["config"], settings["isolated"])
        if config.excludes(path):
            return None
    options = options_for(path, **settings)
    result = check_file(path, display, options)
    if strip:
        # Workers send back only what the reporters need (the model stays behind).
        result = FileResult(
            result.path, result.findings, result.metrics, None, None, result.suppressed
        )
    return result


def run_checks(
    files: list[tuple[Path, str, bool]], settings: dict[str, Any], jobs: int, progress: bool
) -> list[Any]:
    jobs_list = [(path, display, explicit, settings) for path, display, explicit in files]
    if jobs > 1 and len(jobs_list) > 1:
        from concurrent.futures import ProcessPoolExecutor

        stripped = [(p, d, e, {**s, "_strip": True}) for p, d, e, s in jobs_list]
        chunk = max(1, len(stripped) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(_check_one, stripped, chunksize=chunk))
    elif progress:
        with click.progressbar(jobs_list, label="Checking", file=sys.stderr) as bar:
            results = [_check_one(job) for job in bar]
    else:
        results = [_check_one(job) for job in jobs_list]
    return [r for r in results if r is not None]


def write_output(text: str, output: str | None, inputs: Sequence[Path]) -> None:
    """Print, or write atomically to ``output`` (never over an input org file)."""
    if output is None or output == "-":
        click.echo(text, nl=False)
        return
    from coordgraph.safewrite import write_atomic

    write_atomic(Path(output), text.encode("utf-8"), protected=inputs)


def exit_code(results: Sequence[Any], fail_on: str) -> int:
    if fail_on == "never":
        return EXIT_OK
    threshold = Severity(fail_on).rank
    failing = any(f.severity.rank >= threshold for r in results for f in r.findings)
    return EXIT_FINDINGS if failing else EXIT_OK


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format: text for people, the others for CI systems.",
)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Exit 1 when a finding at or above this severity remains.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Only these rules: code (CG201), prefix (CG2) or name. Repeatable.",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
    help="Skip these rules: code, prefix or name. Repeatable.",
)
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Use this config file instead of discovering .coordgraph.yaml.",
)
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option(
    "--as-of",
    callback=parse_date,
    metavar="DATE",
    help="Check date for expiry and follow-up rules (default: today).",
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    help="Language of messages (default: config, then LANG, then English).",
)
@click.option(
    "--baseline",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Hide findings recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Record the current findings as the baseline and exit 0.",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Show counts per rule and the metrics (congruence, mandate, anchoring).",
)
@click.option("--quiet", "-q", is_flag=True, help="Print findings only, no summary.")
@click.option(
    "--color/--no-color", default=None, help="Colour the text output (default: only on a terminal)."
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Check files in this many parallel processes.",
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
    color: bool | None,
    jobs: int,
) -> int:
    """Check organisation files for coordination, mandate and drift gaps.

    PATHS are files or directories (default: the current directory); directories are
    searched for *.org.yaml and *.org.yml. Exit status: 0 nothing at or above
    --fail-on, 1 findings at or above it, 2 the check could not run.
    """
    files = collect(paths or (".",))
    if not files:
        raise ToolError("no *.org.yaml or *.org.yml files found in " + ", ".join(paths or (".",)))
    settings = {
        "config": config,
        "isolated": isolated,
        "lang": lang,
        "as_of": as_of,
        "select": select,
        "ignore": ignore,
    }
    # Fail fast on a bad config or selector, before any work (and any worker) starts.
    from coordgraph.config import options_for

    first_options = options_for(files[0][0], **settings)
    progress = (
        len(files) > 1 and fmt == "text" and not quiet and output is None and sys.stderr.isatty()
    )
    results = run_checks(files, settings, jobs, progress)
    inputs = [path for path, _display, _explicit in files]

    if write_baseline is not None:
        from coordgraph.baseline import write_baseline as record

        record(results, write_baseline, protected=inputs)
        count = sum(len(r.findings) for r in results)
        click.echo(f"Recorded {count} findings in the baseline {write_baseline}.", err=True)
        return EXIT_OK
    if baseline is not None:
        from coordgraph.baseline import apply_baseline, load_baseline

        results, hidden, stale = apply_baseline(results, load_baseline(baseline))
        if fmt == "text" and not quiet:
            click.echo(
                f"Baseline {baseline}: {hidden} findings hidden, {stale} recorded "
                "entries no longer match (prune them with --write-baseline).",
                err=True,
            )

    ruleset, out_lang = first_options.ruleset, first_options.lang
    if fmt == "text":
        use_color = color if color is not None else (output is None and sys.stdout.isatty())
        from coordgraph.reporters import text as text_reporter

        report = text_reporter.render(results, ruleset, out_lang, color=use_color, quiet=quiet)
        if statistics:
            report += _statistics_text(results)
    else:
        reporter = importlib.import_module(f"coordgraph.reporters.{fmt}")
        report = reporter.render(results, ruleset, out_lang)
        if fmt == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
            summary = getattr(reporter, "write_step_summary", None)
            if summary is not None:
                summary(results, Path(os.environ["GITHUB_STEP_SUMMARY"]), out_lang)
        if statistics and output is not None:
            click.echo(_statistics_text(results), err=True, nl=False)
    write_output(report, output, inputs)
    return exit_code(results, fail_on)


def _statistics_text(results: Sequence[Any]) -> str:
    counts: dict[tuple[str, str], int] = {}
    for result in results:
        for finding in result.findings:
            key = (finding.code, finding.name)
            counts[key] = counts.get(key, 0) + 1
    lines = ["", "Statistics:"]
    for (code, name), count in sorted(counts.items()):
        lines.append(f"{count:6d}  {code} {name}")
    for result in results:
        if result.metrics:
            shown = ", ".join(
                f"{key} {value:.2f}"
                for key, value in result.metrics.items()
                if key in ("congruence", "mandate_completeness", "anchoring")
            )
            lines.append(f"{result.path}: {shown}")
    return "\n".join(lines) + "\n"


# -- rules, explain, schema ----------------------------------------------------------


def _ruleset_and_lang(config: Path | None, lang: str | None) -> tuple[Any, str]:
    from coordgraph.config import config_for, language

    found = config_for(Path.cwd() / "_", config, isolated=False)
    return found.ruleset, language(lang, found)


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--lang", type=click.Choice(["da", "en"]))
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
@click.option("--lang", type=click.Choice(["da", "en"]))
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def explain_command(rule: str, lang: str | None, config: Path | None) -> int:
    """Explain one rule (by code, e.g. CG201, or name, e.g. missing-mandate)."""
    from coordgraph import explain

    ruleset, lang = _ruleset_and_lang(config, lang)
    spec = ruleset.lookup(rule)
    if spec is None:
        raise ToolError(f"no rule '{rule}'; `coordgraph rules` lists them all")
    click.echo(explain.explain_text(spec, lang), nl=False)
    return EXIT_OK


@cli.command()
def schema() -> int:
    """Print the JSON Schema (draft-07) of the organisation file."""
    from coordgraph.schema import json_schema

    click.echo(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


@cli.command()
@click.argument(
    "file",
    required=False,
    default="organisation.org.yaml",
    type=click.Path(dir_okay=False, path_type=Path),
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    default="da",
    show_default=True,
    help="Language of the comments in the starter file.",
)
def init(file: Path, lang: str) -> int:
    """Write a commented starter organisation file (never overwrites a file)."""
    from coordgraph.starter import starter_text

    if os.path.lexists(file):  # a dangling symlink counts as taken too
        raise ToolError(f"'{file}' already exists; choose another name or remove it first")
    from coordgraph.safewrite import write_atomic

    schema_file = Path(__file__).parent / "org.schema.json"
    try:
        schema_ref = os.path.relpath(schema_file, file.resolve().parent)
    except ValueError:  # another drive on Windows
        schema_ref = schema_file.as_posix()
    write_atomic(file, starter_text(lang, schema_ref=schema_ref).encode("utf-8"), protected=())
    click.echo(f"Wrote {file}. Check it with: coordgraph check {file}", err=True)
    return EXIT_OK


def _register_render_commands() -> None:
    try:
        from coordgraph.render.cli import render, report
    except ImportError:  # the render package is optional until it lands
        return
    cli.add_command(render)
    cli.add_command(report)


_register_render_commands()


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point: run the CLI and exit with its code, never with a traceback."""
    # A CLI run is short and the node tree has no cycles: skip the cyclic collector.
    gc.disable()
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="coordgraph",
            standalone_mode=False,
        )
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code if isinstance(exc, ToolError) else EXIT_USAGE
    except click.exceptions.Abort:
        click.echo("coordgraph: aborted", err=True)
        code = EXIT_USAGE
    except ConfigError as exc:
        click.echo(f"coordgraph: config error: {exc}", err=True)
        code = EXIT_USAGE
    except RefusedWrite as exc:
        click.echo(f"coordgraph: error: {exc}", err=True)
        code = EXIT_USAGE
    except BrokenPipeError:
        code = EXIT_USAGE
    except OSError as exc:
        where = f" '{exc.filename}'" if exc.filename else ""
        click.echo(f"coordgraph: error: cannot access{where}: {exc.strerror or exc}", err=True)
        code = EXIT_USAGE
    except Exception as exc:
        message = " ".join(str(exc).split())[:300]
        click.echo(
            f"coordgraph: internal error ({type(exc).__name__}: {message}); please report this "
            "with the file that caused it",
            err=True,
        )
        code = EXIT_USAGE
    sys.exit(code if isinstance(code, int) else EXIT_OK)
