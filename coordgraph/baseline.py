"""Baselines: accept today's findings, see only new ones (``--write-baseline`` / ``--baseline``).

A baseline is a JSON file::

    {
      "version": 1,
      "tool": "coordgraph",
      "entries": [
        {"fingerprint": "…", "code": "CG201", "path": "orgs/solsikken.org.yaml",
         "node": "tasks/icdp-implementering", "message": "Bo Berg …"}
      ]
    }

Matching uses the fingerprint only (rule + file + node, never line numbers), so edits
that move a finding to another line keep it hidden; ``code``, ``path``, ``node`` and
``message`` are there for the people who review the file. Entries are sorted (path,
code, node, fingerprint, message) and the file has no timestamp, so the same findings
always give the same bytes and a baseline diffs well in review.

Entries form a multiset: one entry per finding, so when a rule reports the same node
twice the baseline holds two equal fingerprints, and a third such finding later still
shows. The paths are the displayed paths with ``./`` dropped, as in the fingerprint:
write and use a baseline from the same directory with the same kind of paths
(relative paths from the repository root, typically).

A recorded entry is *stale* when no finding matches it any more (the problem was
fixed, or the task renamed). Only entries for files that were checked in this run
count: a pre-commit run on two files does not call the rest of the baseline stale.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordgraph.catalogue import ConfigError
from coordgraph.findings import Finding, normalise_path
from coordgraph.safewrite import write_atomic

if TYPE_CHECKING:
    from coordgraph.findings import FileResult

FORMAT_VERSION = 1
_ENTRY_FIELDS = ("fingerprint", "code", "path", "node", "message")


@dataclass(frozen=True, slots=True, order=True)
class BaselineEntry:
    path: str
    code: str
    node: str
    fingerprint: str
    message: str = ""

    @classmethod
    def of(cls, finding: Finding) -> BaselineEntry:
        return cls(
            path=normalise_path(finding.path),
            code=finding.code,
            node=finding.node,
            fingerprint=finding.fingerprint,
            message=finding.message,
        )

    def as_json(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _ENTRY_FIELDS}


@dataclass(frozen=True, slots=True)
class Baseline:
    entries: tuple[BaselineEntry, ...] = ()
    source: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    def counts(self) -> Counter[str]:
        """How many findings each fingerprint may hide."""
        return Counter(entry.fingerprint for entry in self.entries)


def entries_of(results: Iterable[FileResult]) -> list[BaselineEntry]:
    """One sorted entry per finding."""
    return sorted(BaselineEntry.of(f) for result in results for f in result.findings)


def dumps(entries: Iterable[BaselineEntry]) -> str:
    """The baseline file's text for these entries (give them sorted: :func:`entries_of`)."""
    document = {
        "version": FORMAT_VERSION,
        "tool": "coordgraph",
        "entries": [entry.as_json() for entry in entries],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_baseline(
    results: Sequence[FileResult],
    path: str | os.PathLike[str],
    protected: Iterable[Path] = (),
) -> int:
    """Record every finding of ``results`` in ``path``; returns the number of entries.

    Written through :func:`coordgraph.safewrite.write_atomic`: atomically, never over
    one of the ``protected`` input files, an org file or a file we may not write. A
    target that cannot be written raises :class:`coordgraph.safewrite.RefusedWrite`
    (one line, exit 2: the tool could not run as asked).
    """
    entries = entries_of(results)
    write_atomic(Path(path), dumps(entries).encode("utf-8"), protected=protected)
    return len(entries)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def load_baseline(path: str | os.PathLike[str]) -> Baseline:
    """Read a baseline written by :func:`write_baseline`.

    Raises :class:`ConfigError` naming the file and the offending key when the file
    cannot be read, is not JSON, or does not have the baseline's shape.
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(source, "", "baseline_not_utf8") from None
    except OSError as exc:
        raise ConfigError(source, "", "baseline_unreadable", reason=_reason(exc)) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            source, "", "baseline_not_json", line=exc.lineno, column=exc.colno, detail=exc.msg
        ) from None
    return Baseline(_parse(raw, source), source)


def _parse(raw: Any, source: str) -> tuple[BaselineEntry, ...]:
    if not isinstance(raw, dict):
        raise ConfigError(source, "", "baseline_shape")
    if "version" not in raw:
        raise ConfigError(source, "version", "baseline_no_version")
    version = raw["version"]
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise ConfigError(
            source,
            "version",
            "baseline_version",
            version=repr(version),
            supported=FORMAT_VERSION,
        )
    entries = raw.get("entries")
    if not isinstance(entries, list):
        raise ConfigError(source, "entries", "must_be_list")
    parsed = []
    for index, item in enumerate(entries):
        key = f"entries[{index}]"
        if not isinstance(item, dict):
            raise ConfigError(source, key, "must_be_object")
        fingerprint = item.get("fingerprint")
        if not isinstance(fingerprint, str) or not fingerprint:
            raise ConfigError(source, f"{key}.fingerprint", "missing_or_not_text")
        values = {}
        for name in ("code", "path", "node", "message"):
            value = item.get(name, "")
            if not isinstance(value, str):
                raise ConfigError(source, f"{key}.{name}", "must_be_text")
            values[name] = value
        parsed.append(BaselineEntry(fingerprint=fingerprint, **values))
    return tuple(parsed)


def apply_baseline(
    results: Sequence[FileResult], baseline: Baseline
) -> tuple[list[FileResult], int, int]:
    """Hide recorded findings: ``(filtered results, hidden count, stale count)``.

    Each entry hides at most one finding with its fingerprint (first in report order).
    ``stale`` counts entries, for the files in ``results``, that matched nothing.
    """
    remaining = baseline.counts()
    filtered: list[FileResult] = []
    hidden = 0
    for result in results:
        kept: list[Finding] = []
        for finding in result.findings:
            fp = finding.fingerprint
            if remaining[fp] > 0:
                remaining[fp] -= 1
                hidden += 1
            else:
                kept.append(finding)
        filtered.append(
            result if len(kept) == len(result.findings) else replace(result, findings=tuple(kept))
        )
    checked = {normalise_path(result.path) for result in results}
    paths = {entry.fingerprint: entry.path for entry in baseline.entries}
    stale = sum(n for fp, n in remaining.items() if n > 0 and paths[fp] in checked)
    return filtered, hidden, stale
