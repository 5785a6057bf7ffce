"""What every command shares: exit codes, the one-line usage error, date options.

Kept apart from :mod:`coordgraph.cli` so command modules (``render``, ``report``) can
use it without importing the main group.
"""

from __future__ import annotations

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


def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """Click callback for ``--as-of``: an ISO date, or a usage error saying how to write it."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from coordgraph.messages import say

        raise click.BadParameter(say("not_a_date", value=value)) from None
