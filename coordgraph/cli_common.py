"""What every command shares: exit codes, the one-line usage error, date options.

Kept apart from :mod:`coordgraph.cli` so command modules (``render``, ``report``) can
use it without importing the main group.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

import click

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class ToolError(click.ClickException):
    """The tool cannot run as asked: one line on stderr, exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file: IO[Any] | None = None) -> None:
        from coordgraph.messages import say

        click.echo(f"coordgraph: {say('error')}: {self.format_message()}", err=True)


def remember_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Click callback for ``--lang`` (eager): the tool speaks it from the first error on,
    even one about another option."""
    from coordgraph.messages import set_language

    if value is not None:
        set_language(value)
    return value


def usage_message(exc: click.UsageError) -> str:
    """A usage error as one line in the run's language, with where to read more.

    Click's own sentences are English; the usual ones are said again in our words from
    what the exception carries, anything else keeps click's sentence.
    """
    from coordgraph.messages import say

    said = None
    if isinstance(exc, click.NoSuchOption):
        said = say("usage_no_such_option", name=exc.option_name)
        if exc.possibilities:
            said += "; " + say("usage_did_you_mean", names=", ".join(sorted(exc.possibilities)))
    elif isinstance(exc, click.MissingParameter):
        said = say("usage_missing", name=_hint(exc))
    elif isinstance(exc, click.BadParameter) and exc.param is not None:
        said = say("usage_invalid", name=_hint(exc), message=_choice_message(exc.message))
    else:
        message = exc.format_message()
        match = re.match(
            r"No such command '(.*?)'\.(?: \(Did you mean one of: (.*)\?\))?$", message
        )
        if match:
            said = say("usage_no_such_command", name=match[1])
            if match[2]:
                said += "; " + say("usage_did_you_mean", names=match[2])
        match = re.match(r"Got unexpected extra arguments? \((.*)\)$", message)
        if match:
            said = say("usage_extra", args=match[1])
        match = re.match(r"Option '(.*)' requires (?:an argument|\d+ arguments)\.?$", message)
        if match:
            said = say("usage_needs_value", name=match[1])
        if said is None:
            said = message
    command = exc.ctx.command_path if exc.ctx is not None else "coordgraph"
    return f"{said} ({say('usage_see_help', command=command)})"


def _hint(exc: click.BadParameter) -> str:
    """The parameter as the user wrote it (``'--as-of'``, ``'ORG'``)."""
    if exc.param_hint is not None:
        return exc.param_hint if isinstance(exc.param_hint, str) else " / ".join(exc.param_hint)
    if exc.param is not None and exc.ctx is not None:
        return exc.param.get_error_hint(exc.ctx)
    return exc.param.name or "?" if exc.param is not None else "?"


def language_in(args: Sequence[str]) -> str | None:
    """``--lang X`` or ``--lang=X`` among the arguments, before click reads them: an error
    about another option, found while parsing, is then already in that language."""
    for n, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(args):
            return args[n + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _choice_message(message: str) -> str:
    """Click's own words for a bad choice or path, in ours."""
    from coordgraph.messages import say

    match = re.match(r"'(.*)' is not one of (.*)\.$", message) or re.match(
        r"'(.*)' is not (.*)\.$", message
    )
    if match and " is not one of " in message:
        return say("usage_not_one_of", value=match[1], choices=match[2])
    for pattern, key in _CLICK_PATH_WORDS:
        match = re.match(pattern, message)
        if match:
            return say(key, path=match[1])
    match = re.match(r"'(.*)' is not a valid (?:integer|integer range)\.$", message)
    if match:
        return say("usage_not_whole_number", value=match[1])
    match = re.match(r"(.*) is not in the range (.*)\.$", message)
    if match:
        return say("usage_not_in_range", value=match[1], range=match[2])
    return message


#: Click's sentences about a path, and ours.
_CLICK_PATH_WORDS = (
    (r"(?:Path|File|Directory) '(.*)' does not exist\.$", "usage_no_path"),
    (r"(?:Path|File) '(.*)' is a directory\.$", "usage_is_folder"),
    (r"(?:Path|Directory) '(.*)' is a file\.$", "usage_is_file"),
    (r"(?:Path|File|Directory) '(.*)' is not readable\.$", "usage_not_readable"),
)


def language_first(args: list[str]) -> list[str]:
    """``coordgraph --lang da check ...`` read as ``coordgraph check --lang da ...``: the
    language may come before the command too. Without a command (``coordgraph --lang da
    --help``) it only chooses the language of what is said."""
    if args[:1] == ["--lang"] and len(args) >= 2:
        lang, rest = args[:2], args[2:]
    elif args[:1] and args[0].startswith("--lang="):
        lang, rest = args[:1], args[1:]
    else:
        return args
    for n, arg in enumerate(rest):
        if not arg.startswith("-"):
            return [*rest[: n + 1], *lang, *rest[n + 1 :]]
    return rest


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``--as-of``: an ISO date, or a usage error saying how to write it."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from coordgraph.messages import say

        raise click.BadParameter(say("not_a_date", value=value)) from None


# -- help in the run's language ---------------------------------------------------------


def _help(key: str) -> str | None:
    """``help.<key>`` in the run's language, or None when the terminology has none."""
    from coordgraph.messages import language
    from coordgraph.terms import table

    return table(language()).get(f"help.{key}")


class Worded(click.Command):
    """A command whose help is in the terminology (``help.<command>.*``), shown in the
    run's language: ``--help`` says the same in Danish and English."""

    def _name(self) -> str:
        return self.name or "coordgraph"

    def _option_help(self, option: click.Option) -> str | None:
        if option.name == "version":
            return _help("version")
        return _help(f"{self._name()}.{option.name}")

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _help("help")
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        about = _help(f"{self._name()}.about") or self.help or ""
        first = " ".join(about.split("\n\n", 1)[0].split())
        if len(first) <= limit:
            return first
        return first[: first.rfind(" ", 0, limit - 3)].rstrip(",;:") + "..."

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=f"{_help('usage')}: ")

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        about = _help(f"{self._name()}.about")
        if about is None:
            super().format_help_text(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            for n, paragraph in enumerate(about.split("\n\n")):
                if n:
                    formatter.write_paragraph()
                formatter.write_text(paragraph)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        default = _help("default") or "default"
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue  # arguments are in the usage line
            said = self._option_help(param)
            if said is not None:
                param.help = said
            record = param.get_help_record(ctx)
            if record is not None:
                rows.append((record[0], record[1].replace("[default: ", f"[{default}: ")))
        if rows:
            with formatter.section(_help("options") or "Options"):
                formatter.write_dl(rows)


class WordedGroup(Worded, click.Group):
    """The main command: its commands are :class:`Worded` too."""

    command_class = Worded

    def _name(self) -> str:
        return "coordgraph"

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Worded.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(60)))
        if rows:
            with formatter.section(_help("commands") or "Commands"):
                formatter.write_dl(rows)
