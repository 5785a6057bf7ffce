"""Configuration: ``.coordgraph.yaml`` discovered upward from each checked file.

Discovery stops at the repository root (a directory holding ``.git``) or the file
system root. ``--config`` names one file for all; ``--isolated`` ignores config files.
Paths inside a config (``extends``, ``exclude``) resolve against its directory. Any
unknown key, rule, parameter or severity is a :class:`ConfigError` (exit 2): a typo in
a CI gate must never silently fall back to defaults.
"""

from __future__ import annotations

import difflib
import fnmatch
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from coordgraph.catalogue import BUNDLED, ConfigError, Ruleset, load_ruleset, read_settings
from coordgraph.engine import Options
from coordgraph.messages import env_language

CONFIG_NAME = ".coordgraph.yaml"
KEYS = ("extends", "lang", "rules", "exclude")
LANGS = ("da", "en")


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None  # None: built-in defaults
    ruleset: Ruleset
    lang: str | None
    exclude: tuple[str, ...] = ()

    @property
    def base_dir(self) -> Path | None:
        return self.path.parent if self.path is not None else None

    def excludes(self, file: Path) -> bool:
        """Whether a file found by walking a directory is excluded by this config."""
        if not self.exclude or self.base_dir is None:
            return False
        try:  # realpath, not resolve(): a symlink loop must not raise here
            real = Path(os.path.realpath(file))
            relative = real.relative_to(os.path.realpath(self.base_dir)).as_posix()
        except ValueError:
            return False
        return any(
            fnmatch.fnmatch(relative, pattern) or relative.startswith(pattern.rstrip("/") + "/")
            for pattern in self.exclude
        )


def read_config(path: Path) -> Config:
    source = str(path)
    raw = read_settings(path)
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        raise ConfigError(source, "", "settings_mapping")
    for key in raw:
        if key not in KEYS:
            close = difflib.get_close_matches(str(key), KEYS, n=1)
            suggestion = close[0] if close else ""
            raise ConfigError(source, str(key), "unknown_setting", suggestion=suggestion)
    extends = raw.get("extends", "default")
    if not isinstance(extends, str):
        raise ConfigError(source, "extends", "extends_value")
    try:
        ruleset = load_ruleset(extends, path.parent)
    except ConfigError as exc:
        if extends not in BUNDLED and not (path.parent / extends).is_file():  # name it here
            raise ConfigError(
                source, "extends", "extends_named", name=extends, detail=exc.detail()
            ) from None
        raise
    if "rules" in raw and raw["rules"] is not None:
        ruleset = ruleset.with_overrides(raw["rules"], source)
    lang = raw.get("lang")
    if lang is not None and lang not in LANGS:
        raise ConfigError(source, "lang", "bad_lang", value=lang)
    exclude = raw.get("exclude") or []
    if not isinstance(exclude, list) or not all(isinstance(p, str) for p in exclude):
        raise ConfigError(source, "exclude", "exclude_list")
    return Config(path, ruleset, lang, tuple(exclude))


@lru_cache(maxsize=256)
def _cached(path: Path) -> Config:
    return read_config(path)


def default_config() -> Config:
    return Config(None, load_ruleset("default"), None)


def discover(start: Path) -> Path | None:
    """The nearest ``.coordgraph.yaml`` from ``start`` upward to the repository root.

    A folder that cannot be looked into (no permission) holds no config we could read
    and no file we could check: the search goes on above it.
    """
    directory = start if _probe(start.is_dir) else start.parent
    directory = Path(os.path.realpath(directory))
    for candidate in (directory, *directory.parents):
        config = candidate / CONFIG_NAME
        if _probe(config.is_file):
            return config
        if _probe((candidate / ".git").exists):
            return None
    return None


def _probe(test: Callable[[], bool]) -> bool:
    try:
        return test()
    except OSError:  # e.g. no permission to search the folder
        return False


def config_for(file: Path, explicit: Path | None, isolated: bool) -> Config:
    if isolated:
        return default_config()
    if explicit is not None:
        return _cached(explicit.resolve())
    found = discover(file)
    return _cached(found) if found is not None else default_config()


def language(cli_lang: str | None, config: Config) -> str:
    """--lang, then the config's lang, then LANG (da_DK... -> da), else English, for a
    command that reads no organisation (a check also follows ``organisation.language``
    before LANG: :attr:`Options.follow_file`)."""
    if cli_lang:
        return cli_lang
    if config.lang:
        return config.lang
    return env_language()


def options_for(
    file: Path,
    config: Path | None = None,
    isolated: bool = False,
    lang: str | None = None,
    as_of: date | None = None,
    select: tuple[str, ...] = (),
    ignore: tuple[str, ...] = (),
) -> Options:
    """The options to check ``file`` with, from its config and the command line."""
    found = config_for(file, config, isolated)
    ruleset = found.ruleset
    for selector in (*select, *ignore):
        if not ruleset.select(selector):
            raise ConfigError("command line", selector, "no_rule_selected")
    chosen = lang or found.lang  # --lang, then the config's lang
    return Options(
        ruleset=ruleset,
        as_of=as_of or date.today(),
        lang=chosen or env_language(),
        select=tuple(select),
        ignore=tuple(ignore),
        follow_file=chosen is None,
    )
