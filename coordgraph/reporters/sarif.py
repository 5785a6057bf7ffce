"""SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other SARIF viewers.

One run, tool ``coordgraph``. ``driver.rules`` lists every enabled rule of the ruleset
(in catalogue order), plus any rule that reported although it is switched off (the
always-on input rules); ``results`` is always present, empty when nothing was found.

Choices where the SARIF spec leaves room:

- ``artifactLocation.uri`` is the displayed path, relative and posix, percent-encoded
  (RFC 3986: spaces, ``æøå``), with ``uriBaseId: "%SRCROOT%"``; run coordgraph from the
  repository root so GitHub can place the alerts. An absolute path becomes a
  ``file://`` URI without a base id.
- Regions are 1-based with an exclusive ``endColumn`` (as the spec says); an inverted
  or empty span is clamped so the region is never invalid. ``columnKind`` is
  ``unicodeCodePoints``: columns count characters, as the YAML parser does.
- ``partialFingerprints["coordgraphFingerprint/v1"]`` is the finding's fingerprint
  (rule + file + node, never lines), made unique within the log the same way as for
  GitLab (see :func:`coordgraph.reporters.gitlab.unique_fingerprints`), so two findings
  of one rule on one node stay two alerts.
- The node is the result's logical location (``fullyQualifiedName``); related people
  and tasks become ``relatedLocations`` with their label as message.
- ``shortDescription`` (shown at the top of a GitHub alert) is the rule's one-line
  ``summary`` from the catalogue, or, for a rule without one, its name in words
  (``missing-mandate`` -> "Missing mandate"); ``fullDescription`` is the rationale;
  ``help`` is the fix hint (``help.markdown`` adds the rationale and the catalogue's
  bad / good examples), in the chosen language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import coordgraph
from coordgraph.findings import Finding, Severity, Span, normalise_path
from coordgraph.reporters.common import ordered, unique_fingerprints

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset, RuleSpec
    from coordgraph.findings import FileResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "coordgraphFingerprint/v1"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_HEADINGS = {
    "en": {"why": "Why", "fix": "How to fix", "bad": "Example of the problem", "good": "Fixed"},
    "da": {
        "why": "Hvorfor",
        "fix": "Sådan retter du det",
        "bad": "Eksempel på problemet",
        "good": "Rettet",
    },
}


def _information_uri() -> str:
    """The project's home page from the installed metadata, else its PyPI page."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        meta = metadata("coordgraph")
    except (ImportError, PackageNotFoundError):  # pragma: no cover - running from a bare tree
        return "https://pypi.org/project/coordgraph/"
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"homepage", "home", "documentation", "source"}:
            return url.strip()
    home = meta.get("Home-page")
    return home if home and home != "UNKNOWN" else "https://pypi.org/project/coordgraph/"


INFORMATION_URI = _information_uri()


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    """The SARIF log as JSON text (deterministic: same input, same string)."""
    return json.dumps(build(results, ruleset, lang), ensure_ascii=False, indent=2) + "\n"


def build(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    findings = [f for result in results for f in ordered(result.findings)]
    used = {f.code for f in findings}
    codes = [code for code, spec in ruleset.rules.items() if spec.enabled or code in used]
    unknown = sorted(used - set(codes))  # reported by a rule the ruleset does not know
    rules = [_rule(ruleset.rules[code], lang) for code in codes]
    rules += [_unknown_rule(code, findings) for code in unknown]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sarif_results = [
        _result(f, fp, index[f.code])
        for f, fp in zip(findings, unique_fingerprints(findings), strict=True)
    ]
    return {
        "$schema": SCHEMA_URI,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "coordgraph",
                        "version": coordgraph.__version__,
                        "semanticVersion": coordgraph.__version__,
                        "informationUri": INFORMATION_URI,
                        "language": lang,
                        "rules": rules,
                    }
                },
                "language": lang,
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def title(name: str) -> str:
    """``missing-mandate`` -> ``Missing mandate``."""
    words = name.replace("_", "-").split("-")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def short_description(spec: RuleSpec, lang: str) -> str:
    """The rule's one-line summary in ``lang`` if the catalogue has one, else its title."""
    summary = spec.summary
    text = (summary.get(lang) or summary.get("en") or "") if summary else ""
    return (text or title(spec.name)).strip()


def _rule(spec: RuleSpec, lang: str) -> dict[str, Any]:
    heads = _HEADINGS.get(lang, _HEADINGS["en"])
    rationale = spec.text("rationale", lang).strip()
    fix = spec.text("fix", lang).strip()
    markdown = [
        f"**{spec.code} {spec.name}**",
        "",
        f"### {heads['why']}",
        "",
        rationale,
        "",
        f"### {heads['fix']}",
        "",
        fix,
    ]
    for kind in ("bad", "good"):
        example = spec.examples.get(kind)
        if example:
            markdown += ["", f"### {heads[kind]}", "", "```yaml", example.rstrip("\n"), "```"]
    return {
        "id": spec.code,
        "name": spec.name,
        "shortDescription": {"text": short_description(spec, lang)},
        "fullDescription": {"text": rationale},
        "help": {"text": fix, "markdown": "\n".join(markdown)},
        "defaultConfiguration": {"level": LEVEL[spec.severity]},
        "properties": {"tags": ["coordgraph", spec.family]},
    }


def _unknown_rule(code: str, findings: Sequence[Finding]) -> dict[str, Any]:
    name = next(f.name for f in findings if f.code == code)
    return {"id": code, "name": name, "shortDescription": {"text": title(name)}}


def artifact_location(path: str) -> dict[str, str]:
    """A SARIF artifactLocation for a displayed path (see module doc)."""
    posix = normalise_path(path)
    if PurePosixPath(posix).is_absolute() or PureWindowsPath(path).drive:
        if re.match(r"^[A-Za-z]:/", posix):
            posix = "/" + posix
        return {"uri": "file://" + quote(posix, safe="/:")}
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def region(span: Span) -> dict[str, int]:
    """A valid SARIF region: every value >= 1, never ending before it starts."""
    line = max(1, span.line)
    column = max(1, span.column)
    end_line = max(line, span.end_line)
    end_column = max(1, span.end_column)
    if end_line == line:
        end_column = max(column, end_column)
    return {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column}


def _logical(node: str) -> list[dict[str, str]]:
    if not node:
        return []
    return [{"name": node.rsplit("/", 1)[-1], "fullyQualifiedName": node}]


def _result(finding: Finding, fingerprint: str, rule_index: int) -> dict[str, Any]:
    artifact = artifact_location(finding.path)
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": artifact, "region": region(finding.span)}
    }
    logical = _logical(finding.node)
    if logical:
        location["logicalLocations"] = logical
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    related = []
    for i, rel in enumerate(finding.related):
        item: dict[str, Any] = {
            "id": i,
            "message": {"text": rel.label or rel.node},
            "physicalLocation": {"artifactLocation": dict(artifact), "region": region(rel.span)},
        }
        rel_logical = _logical(rel.node)
        if rel_logical:
            item["logicalLocations"] = rel_logical
        related.append(item)
    if related:
        result["relatedLocations"] = related
    return result
