"""The command line's own sentences (errors, warnings, reasons), in the run's language.

The words are in the terminology tables (``tool.*`` in ``coordgraph/terminology/``),
like every other word a user sees. The language is ``--lang``/the config's ``lang`` once
the command knows it (:func:`set_language`), or the language of the files checked, else
the environment (``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with ``da``), else
English.
"""

from __future__ import annotations

import os

from coordgraph.terms import LANGUAGES, fill, term

LANGS = LANGUAGES

_chosen: str | None = None


def env_language() -> str:
    """``da`` when the environment's locale starts with ``da``, else ``en``."""
    env = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    return "da" if env.lower().startswith("da") else "en"


def set_language(lang: str | None) -> None:
    """Use ``lang`` for the tool's own messages from now on (None: the environment's)."""
    global _chosen
    _chosen = lang if lang in LANGS else None


def language() -> str:
    return _chosen or env_language()


def say(key: str, lang: str | None = None, **args: object) -> str:
    """The sentence ``tool.<key>`` in ``lang`` (default :func:`language`), filled in."""
    return fill(term(f"tool.{key}", lang or language()), args, lang or language())
