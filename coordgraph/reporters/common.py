"""Helpers the CI reporters share: a total order, CI-unique fingerprints, streamed JSON.

A finding's fingerprint (rule + file + node) is unique unless one rule reports the
same node twice (two schema problems on one key, say). :func:`unique_fingerprints`
keeps the plain fingerprint for the first occurrence (in report order) and derives one
for the n-th (n >= 2) as ``sha256(f"{fingerprint}\\0{n}")[:32]``: deterministic, and
unchanged for every finding that is not a repeat.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter
from typing import Any

from coordgraph.findings import Finding


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a fully deterministic order (the engine's order, ties broken).

    The fingerprint adds nothing to the key: it is made from code, path and node,
    which the sort key already holds.
    """
    return sorted(findings, key=_order)


#: The engine's order (:meth:`Finding.sort_key`) with the message last, as one C call.
_order = attrgetter("path", "span.line", "span.column", "code", "node", "message")


def unique_fingerprints(
    findings: Sequence[Finding], plain: Sequence[str] | None = None
) -> list[str]:
    """One fingerprint per finding, in the same order, all distinct (see module doc).

    ``plain``: the findings' own fingerprints, if the caller has them already.
    """
    if plain is None:
        plain = [f.fingerprint for f in findings]
    taken = set(plain)
    seen: dict[str, int] = {}
    result: list[str] = []
    for fp in plain:
        seen[fp] = seen.get(fp, 0) + 1
        occurrence = seen[fp]
        if occurrence == 1:
            result.append(fp)
            continue
        derived = fp
        salt = occurrence
        while derived in taken:  # a derived value never shadows another finding's
            derived = hashlib.sha256(f"{fp}\0{salt}".encode()).hexdigest()[:32]
            salt += 1
        taken.add(derived)
        result.append(derived)
    return result


def one_line(value: Any) -> str:
    """``value`` as compact one-line JSON (UTF-8 kept: Danish letters stay readable)."""
    return json.dumps(value, ensure_ascii=False)


def json_array(items: Iterable[Any], indent: str, encoded: bool = False) -> Iterator[str]:
    """A JSON array streamed one item per line: ``[``, items at ``indent``, ``]``.

    One item per line keeps the output diff- and grep-friendly, and lets the reporters
    write a report of any size without holding it (or its dicts) whole in memory.
    ``encoded``: the items are JSON text already.
    """
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + indent + (item if encoded else one_line(item))
        first = False
    yield "[]" if first else "\n" + indent[:-2] + "]"
