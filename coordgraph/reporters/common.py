"""Helpers the CI reporters share: a total order and CI-unique fingerprints.

A finding's fingerprint (rule + file + node) is unique unless one rule reports the
same node twice (two schema problems on one key, say). :func:`unique_fingerprints`
keeps the plain fingerprint for the first occurrence (in report order) and derives one
for the n-th (n >= 2) as ``sha256(f"{fingerprint}\\0{n}")[:32]``: deterministic, and
unchanged for every finding that is not a repeat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from coordgraph.findings import Finding


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in a fully deterministic order (the engine's order, ties broken)."""
    return sorted(findings, key=lambda f: (*f.sort_key(), f.message, f.fingerprint))


def unique_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One fingerprint per finding, in the same order, all distinct (see module doc)."""
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
