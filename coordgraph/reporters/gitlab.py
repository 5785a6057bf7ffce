"""GitLab Code Quality report (``--format gitlab``).

GitLab reads a JSON list of issues (a subset of the Code Climate format) from a
``artifacts:reports:codequality`` file and shows them in merge requests. Each issue::

    {"description": "CG201 missing-mandate: Bo Berg (inbetweener) owns ...",
     "check_name": "CG201",
     "fingerprint": "<32 hex>",
     "severity": "minor",
     "location": {"path": "orgs/solsikken.org.yaml", "lines": {"begin": 42}}}

Severity: ``error`` -> ``major``, ``warning`` -> ``minor``, ``info`` -> ``info``.

GitLab uses the fingerprint to tell issues apart and to compare a merge request with
its target branch, so fingerprints must be unique within a report. A finding's
fingerprint (rule + file + node, see :func:`coordgraph.findings.fingerprint`) is
unique unless one rule reports the same node twice (two schema problems on one key,
say). :func:`unique_fingerprints` then keeps the plain fingerprint for the first
occurrence (in report order) and derives one for the n-th (n >= 2) as
``sha256(f"{fingerprint}\\0{n}")[:32]`` — deterministic, and unchanged for every
finding that is not a repeat.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from coordgraph.findings import Severity, normalise_path
from coordgraph.reporters.common import json_array, ordered, unique_fingerprints

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset
    from coordgraph.findings import FileResult

SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


_string = encode_basestring  # a JSON string literal (UTF-8 kept), in C


def _issues(results: Sequence[FileResult]) -> Iterator[str]:
    """One issue per finding as one line of JSON text (from a template: see
    :func:`coordgraph.reporters.json.finding_json` for why)."""
    findings = [f for result in results for f in ordered(result.findings)]
    paths: dict[str, str] = {}
    for f, fp in zip(findings, unique_fingerprints(findings), strict=True):
        path = paths.get(f.path)
        if path is None:
            path = paths[f.path] = _string(normalise_path(f.path))
        yield (
            f'{{"description": {_string(f"{f.code} {f.name}: {f.message}")}, '
            f'"check_name": {_string(f.code)}, "fingerprint": "{fp}", '
            f'"severity": "{SEVERITY[f.severity]}", '
            f'"location": {{"path": {path}, "lines": {{"begin": {max(1, f.line)}}}}}}}'
        )


def chunks(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> Iterator[str]:
    """The report piece by piece: a JSON list, one issue per line."""
    yield from json_array(_issues(results), "  ", encoded=True)
    yield "\n"


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    """The Code Quality report as JSON text (a list; ``[]`` when nothing was found)."""
    return "".join(chunks(results, ruleset, lang))
