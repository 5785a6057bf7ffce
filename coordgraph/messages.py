"""The command line's own words (errors, warnings, reasons) in Danish and English.

Rule messages live in the rule catalogue; these are the sentences the tool itself says
about writing files, reading inputs and running workers. Every key has both languages
(a test holds that). The language is ``--lang``/the config's ``lang`` once the command
knows it (:func:`set_language`), else the environment (``LC_ALL``, ``LC_MESSAGES``,
``LANG`` starting with ``da``), else English.
"""

from __future__ import annotations

import os

LANGS = ("da", "en")

TEXTS: dict[str, dict[str, str]] = {
    "warning": {"en": "warning", "da": "advarsel"},
    "error": {"en": "error", "da": "fejl"},
    # -- writing ----------------------------------------------------------------------
    "refuse_input": {
        "en": "refusing to write over the input file '{path}'; choose another output",
        "da": "skriver ikke over inputfilen '{path}'; vælg et andet output",
    },
    "refuse_org": {
        "en": "refusing to write to '{path}': it is named like an organisation file "
        "(*.org.yaml, *.org.yml); choose another name for the output",
        "da": "skriver ikke til '{path}': den hedder som en organisationsfil "
        "(*.org.yaml, *.org.yml); vælg et andet navn til outputtet",
    },
    "refuse_mode": {
        "en": "refusing to write to '{path}': its permissions do not allow us to write it "
        "(mode {mode}, owner {owner}); make it writable or choose another output",
        "da": "skriver ikke til '{path}': dens rettigheder tillader ikke, at vi skriver i den "
        "(tilstand {mode}, ejer {owner}); gør den skrivbar eller vælg et andet output",
    },
    "refuse_folder": {
        "en": "cannot write to '{path}': it is a folder; give a file name",
        "da": "kan ikke skrive til '{path}': det er en mappe; angiv et filnavn",
    },
    "refuse_loop": {
        "en": "cannot write to '{path}': its symbolic links form a loop",
        "da": "kan ikke skrive til '{path}': dens symbolske links danner en løkke",
    },
    "no_folder": {
        "en": "cannot write to '{path}': the folder '{folder}' does not exist",
        "da": "kan ikke skrive til '{path}': mappen '{folder}' findes ikke",
    },
    "cannot_write": {
        "en": "cannot write '{path}': {reason}",
        "da": "kan ikke skrive '{path}': {reason}",
    },
    "summary_skipped": {
        "en": "the job summary (GITHUB_STEP_SUMMARY) was not written: {reason}",
        "da": "jobopsummeringen (GITHUB_STEP_SUMMARY) blev ikke skrevet: {reason}",
    },
    "summary_full": {
        "en": "'{path}' would pass GitHub's 1 MiB limit",
        "da": "'{path}' ville overskride GitHubs grænse på 1 MiB",
    },
    # -- workers ----------------------------------------------------------------------
    "workers_fallback": {
        "en": "could not start {n} worker processes ({reason}); checking in this process instead",
        "da": "kunne ikke starte {n} arbejdsprocesser ({reason}); tjekker i denne proces i stedet",
    },
    "workers_broken": {
        "en": "a worker process stopped unexpectedly ({reason}); run again with --jobs 1",
        "da": "en arbejdsproces stoppede uventet ({reason}); kør igen med --jobs 1",
    },
    # -- SARIF ------------------------------------------------------------------------
    "sarif_capped": {
        "en": "{total} findings, more than the {limit} results GitHub accepts in one SARIF "
        "run: the {limit} most severe are in the report, {omitted} were left out. "
        "Use --format json or --format text for the full list.",
        "da": "{total} fund, flere end de {limit} resultater GitHub modtager i én SARIF-kørsel: "
        "de {limit} alvorligste er med i rapporten, {omitted} blev udeladt. "
        "Brug --format json eller --format text for hele listen.",
    },
    "sarif_see_also": {"en": "see also", "da": "se også"},
    "sarif_more_related": {"en": "and {n} more", "da": "og {n} mere"},
    # -- unreadable inputs (details for CG001's "unreadable" message) -------------------
    "not_regular": {
        "en": "not a regular file but {kind}; it is not opened",
        "da": "ikke en almindelig fil, men {kind}; den åbnes ikke",
    },
    "kind_fifo": {"en": "a named pipe (FIFO)", "da": "et navngivet rør (FIFO)"},
    "kind_char": {"en": "a character device", "da": "en tegnenhed"},
    "kind_block": {"en": "a block device", "da": "en blokenhed"},
    "kind_socket": {"en": "a socket", "da": "en socket"},
    "kind_folder": {"en": "a folder", "da": "en mappe"},
    "kind_other": {"en": "a special file", "da": "en særlig fil"},
    "no_permission": {
        "en": "no permission to read it",
        "da": "ingen tilladelse til at læse den",
    },
    "link_loop": {
        "en": "its symbolic links form a loop",
        "da": "dens symbolske links danner en løkke",
    },
    "vanished": {
        "en": "it no longer exists (removed while checking, or a link to nothing)",
        "da": "den findes ikke længere (fjernet under tjekket, eller et link til ingenting)",
    },
    "folder_unreadable": {
        "en": "this folder cannot be searched for *.org.yaml files: {reason}",
        "da": "mappen kan ikke gennemsøges for *.org.yaml-filer: {reason}",
    },
    "config_unreadable": {
        "en": "its configuration cannot be looked up: {reason}",
        "da": "dens konfiguration kan ikke slås op: {reason}",
    },
    "os_error": {"en": "{reason}", "da": "{reason}"},
}

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
    """The text ``key`` in ``lang`` (default :func:`language`), filled with ``args``."""
    texts = TEXTS[key]
    return texts.get(lang or language(), texts["en"]).format(**args)
