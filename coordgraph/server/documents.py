"""One state per open file: its text, the last check of it, the last check that could
model the organisation.

A check is the engine's :func:`~coordgraph.engine.analyse` with every reference kept,
under the options ``coordgraph check`` would use for the file (its ``.coordgraph.yaml``,
the language that decides, today's date). Nothing grows with editing: a new text
replaces the old one, a new check the old one, and a check that modelled the
organisation replaces the one kept for completion while the file is half-typed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coordgraph.catalogue import ConfigError
from coordgraph.config import default_config, discover, read_config
from coordgraph.engine import Analysis, Options, analyse
from coordgraph.messages import env_language
from coordgraph.server.text import Lines

if TYPE_CHECKING:
    from coordgraph.config import Config
    from coordgraph.findings import Finding
    from coordgraph.model import Organisation
    from coordgraph.schema import Validator
    from coordgraph.server.ids import Occurrence

BOM = "\ufeff"
#: File names the server checks (as ``coordgraph check`` finds them in a folder).
SUFFIXES = (".org.yaml", ".org.yml")
#: Input findings after which the file was not read to its end: ids declared further
#: down are unknown, so a rename would miss places.
STOPPING = frozenset({"CG001", "CG005"})


def is_org_file(path: str) -> bool:
    return path.endswith(SUFFIXES)


@dataclass
class Settings:
    """What the editor said at start-up (``initializationOptions``) or the command line."""

    lang: str | None = None  # like ``check --lang``
    rules_url: str | None = None  # where the rule reference is read (docs/rules.md)


@dataclass
class Check:
    """One check of one version of a document."""

    version: int
    text: str  # the document's text as checked (a leading BOM included)
    options: Options
    analysis: Analysis
    config_problem: str | None = None  # a configuration that cannot be used
    _lines: Lines | None = field(default=None, repr=False)
    _occurrences: list[Occurrence] | None = field(default=None, repr=False)  # see .ids
    _occurrence_starts: list[int] | None = field(default=None, repr=False)

    @property
    def lines(self) -> Lines:
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines

    @property
    def shift(self) -> int:
        """Characters before the checked text: the engine reads past a leading BOM."""
        return 1 if self.text.startswith(BOM) else 0

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.analysis.result.findings

    @property
    def org(self) -> Organisation | None:
        return self.analysis.result.org

    @property
    def validator(self) -> Validator | None:
        return self.analysis.validator

    @property
    def read_whole(self) -> bool:
        """The file was read to its end: every id and reference in it is known."""
        return self.validator is not None and not any(f.code in STOPPING for f in self.findings)

    @property
    def lang(self) -> str:
        """The language of the findings: the file's own, unless the editor or config chose."""
        return self.analysis.result.lang


@dataclass
class Document:
    """An open file. ``check`` is of ``version`` unless the file changed since (then a
    new check is due); ``modelled`` is the last check that had a model."""

    uri: str
    path: Path | None
    text: str
    version: int
    check: Check | None = None
    modelled: Check | None = None
    _lines: Lines | None = field(default=None, repr=False)

    @property
    def lines(self) -> Lines:
        if self.check is not None and self.check.text is self.text:
            return self.check.lines
        if self._lines is None or self._lines.text is not self.text:
            self._lines = Lines(self.text)
        return self._lines

    def change(self, text: str, version: int) -> None:
        self.text = text
        self.version = version
        self._lines = None

    def forget(self) -> None:
        """Drop the last check (the configuration or the date may have changed since):
        the next question checks the file again. The modelled check stays."""
        self.check = None

    def checked(self, settings: Settings, options: Options | None = None) -> Check:
        """The check of the current text, made now if the text changed since the last."""
        if self.check is not None and self.check.version == self.version:
            return self.check
        problem = None
        if options is None:
            options, problem = options_for_document(self.path, settings)
        text = self.text
        shown = str(self.path) if self.path is not None else self.uri
        analysis = analyse(text, shown, options, every_reference=True)
        check = Check(self.version, text, options, analysis, problem)
        self.check = check
        if check.org is not None and check.validator is not None:
            self.modelled = check
        return check

    @property
    def lang(self) -> str:
        return self.check.lang if self.check is not None else "en"


# -- options as ``coordgraph check`` would take them ------------------------------------

_CONFIGS: dict[Path, tuple[tuple[int, int], Config | ConfigError]] = {}
#: Configuration files remembered (a long session opens files under many folders).
_MAX_CONFIGS = 64


def options_for_document(path: Path | None, settings: Settings) -> tuple[Options, str | None]:
    """The options ``coordgraph check`` would use for the file at ``path``, and the
    problem with its configuration if it has one (then the defaults are used).

    The nearest ``.coordgraph.yaml`` is read again when it changed on disk, so editing
    the configuration takes effect without restarting the editor.
    """
    problem = None
    config = default_config()
    if path is not None:
        try:
            found = discover(path)
            if found is not None:
                config = _config(found)
        except ConfigError as exc:
            problem = str(exc)
        except OSError as exc:
            problem = f"{exc.filename or ''}: {exc.strerror or exc}"
    chosen = settings.lang or config.lang  # else the file's organisation.language
    options = Options(
        ruleset=config.ruleset,
        as_of=date.today(),
        lang=chosen or env_language(),
        follow_file=chosen is None,
    )
    return options, problem


def _config(found: Path) -> Config:
    try:
        stat = os.stat(found)
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = (0, 0)
    known = _CONFIGS.get(found)
    if known is None or known[0] != stamp:
        try:
            read: Config | ConfigError = read_config(found)
        except ConfigError as exc:
            read = exc
        if len(_CONFIGS) >= _MAX_CONFIGS:
            _CONFIGS.pop(next(iter(_CONFIGS)))
        known = _CONFIGS[found] = (stamp, read)
    if isinstance(known[1], ConfigError):
        raise known[1]
    return known[1]
