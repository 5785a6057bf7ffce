"""SARIF 2.1.0 (``--format sarif``), for GitHub code scanning and other SARIF viewers.

One run, tool ``coordgraph``. ``driver.rules`` lists every enabled rule of the ruleset
(in catalogue order), plus any rule that reported although it is switched off (the
always-on input rules); ``results`` is always present, empty when nothing was found.

Choices where the SARIF spec leaves room, and what GitHub code scanning asks for:

- ``artifactLocation.uri`` is the displayed path, relative and posix, percent-encoded
  (RFC 3986: spaces, ``æøå``), with ``uriBaseId: "%SRCROOT%"``; the run's
  ``originalUriBaseIds`` says where ``%SRCROOT%`` is: the directory coordgraph ran in
  (run it from the repository root, so GitHub can place the alerts). An absolute path
  becomes a ``file://`` URI without a base id.
- Regions are 1-based with an exclusive ``endColumn`` (as the spec says); an inverted
  or empty span is clamped so the region is never invalid. ``columnKind`` is
  ``unicodeCodePoints``: columns count characters, as the YAML parser does.
- ``partialFingerprints``: ``primaryLocationLineHash`` (the key GitHub reads) is the
  finding's fingerprint (rule + file + node, never line numbers) and its occurrence,
  ``<fingerprint>:<n>`` (n = 1 unless one rule reports the same node again), so
  inserting lines above a finding never opens a new alert;
  ``coordgraphFingerprint/v1`` keeps the fingerprint made unique within the log the
  same way as for GitLab (:func:`coordgraph.reporters.common.unique_fingerprints`).
- The node is the result's logical location (``fullyQualifiedName``); related people
  and tasks become ``relatedLocations`` (ids 1, 2, …; at most 100 per result) and are
  linked from the message with SARIF's ``[label](id)`` syntax, as GitHub shows related
  locations only when the message links them. So that no text is taken for a link,
  ``\\``, ``[`` and ``]`` in messages and labels are escaped with a backslash.
- Each rule has ``defaultConfiguration.level`` and GitHub's ``properties``: ``tags``,
  ``precision`` (``very-high``: every rule is an exact check of what the file
  declares, not a heuristic) and the problem severity (error / warning /
  recommendation for error / warning / info), under the key ``problem.severity`` as
  CodeQL writes it and nested as ``problem: {severity}`` for readers that split it.
- ``shortDescription`` (shown at the top of a GitHub alert) is the rule's one-line
  ``summary`` from the catalogue, or, for a rule without one, its name in words
  (``missing-mandate`` -> "Missing mandate"); ``fullDescription`` is the rationale;
  ``help`` is the fix hint (``help.markdown`` adds the rationale and the catalogue's
  bad / good examples), in the chosen language.
- GitHub accepts at most 25,000 results in a run. Beyond that the log keeps the
  25,000 most severe (errors, then warnings, then info; ties in report order), in
  report order, and says how many were left out: a ``toolExecutionNotification`` of
  the run's invocation and the run's ``properties`` (``findings``, ``resultsOmitted``).
- The log is written piece by piece, one result per line, never held whole in memory.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from json.encoder import encode_basestring
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import coordgraph
from coordgraph.findings import Finding, Severity, Span, normalise_path
from coordgraph.messages import say
from coordgraph.reporters.common import json_array, one_line, ordered, unique_fingerprints
from coordgraph.terms import term

if TYPE_CHECKING:
    from coordgraph.catalogue import Ruleset, RuleSpec
    from coordgraph.findings import FileResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "coordgraphFingerprint/v1"
LINE_HASH_KEY = "primaryLocationLineHash"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
PROBLEM_SEVERITY = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "recommendation",
}
PRECISION = "very-high"
#: GitHub code scanning rejects a run with more results than this.
MAX_RESULTS = 25_000
#: Related locations per result (GitHub shows at most 100 locations of an alert).
MAX_RELATED = 100
_RESULTS_SLOT = "\x00results\x00"
_MARKUP = re.compile(r"[\\\[\]]")


def _information_uri() -> str:
    """The project's home page from the installed metadata, else its PyPI page."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        meta = metadata("coordgraph")
    except (ImportError, PackageNotFoundError):  # pragma: no cover - running from a bare tree
        return "https://pypi.org/project/coordgraph/"
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "home", "documentation", "source"}:
            return url.strip()
    home = (meta.get_all("Home-page") or [""])[0]
    return str(home) if home and home != "UNKNOWN" else "https://pypi.org/project/coordgraph/"


INFORMATION_URI = _information_uri()


def render(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> str:
    """The SARIF log as JSON text (deterministic: same input, same string)."""
    return "".join(chunks(results, ruleset, lang))


def build(results: Sequence[FileResult], ruleset: Ruleset, lang: str) -> dict[str, Any]:
    """The SARIF log as a JSON-ready dict."""
    document: dict[str, Any] = json.loads(render(results, ruleset, lang))
    return document


def chunks(
    results: Sequence[FileResult], ruleset: Ruleset, lang: str, *, srcroot: bool = True
) -> Iterator[str]:
    """The SARIF log piece by piece: the run's head, then one result per line.

    ``srcroot=False`` leaves out where ``%SRCROOT%`` is (the working directory, which
    may name a person or a place), for ``check --pseudonymise``.
    """
    findings = [f for result in results for f in ordered(result.findings)]
    plain = [f.fingerprint for f in findings]
    unique = unique_fingerprints(findings, plain)
    used = {f.code for f in findings}
    codes = [code for code, spec in ruleset.rules.items() if spec.enabled or code in used]
    unknown = sorted(used - set(codes))  # reported by a rule the ruleset does not know
    rules = [_rule(ruleset.rules[code], lang) for code in codes]
    rules += [_unknown_rule(code, findings) for code in unknown]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    kept = _most_severe(findings, MAX_RESULTS)
    run: dict[str, Any] = {
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
    }
    if kept is not None:
        omitted = len(findings) - len(kept)
        text = say("sarif_capped", lang, total=len(findings), limit=len(kept), omitted=omitted)
        run["invocations"] = [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {
                        "level": "warning",
                        "message": {"text": text},
                        "descriptor": {"id": "coordgraph/results-capped"},
                    }
                ],
            }
        ]
        run["properties"] = {"findings": len(findings), "resultsOmitted": omitted}
    base = _srcroot() if srcroot else None
    if base is not None:
        run["originalUriBaseIds"] = {SRCROOT: {"uri": base}}
    run["language"] = lang
    run["columnKind"] = "unicodeCodePoints"
    run["results"] = _RESULTS_SLOT
    document = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    head, tail = json.dumps(document, ensure_ascii=False, indent=2).split(json.dumps(_RESULTS_SLOT))
    yield head
    seen: dict[str, int] = {}
    artifacts: dict[str, str] = {}
    words = (say("sarif_see_also", lang), lang)

    def items() -> Iterator[str]:
        for i, finding in enumerate(findings):
            seen[plain[i]] = occurrence = seen.get(plain[i], 0) + 1
            if kept is not None and i not in kept:
                continue
            artifact = artifacts.get(finding.path)
            if artifact is None:
                artifact = artifacts[finding.path] = one_line(artifact_location(finding.path))
            line_hash = f"{plain[i]}:{occurrence}"
            yield _result(finding, unique[i], line_hash, index[finding.code], artifact, words)

    yield from json_array(items(), "        ", encoded=True)
    yield tail + "\n"


def _most_severe(findings: Sequence[Finding], limit: int) -> set[int] | None:
    """Indexes of the ``limit`` most severe findings (ties: report order); None if all fit."""
    if len(findings) <= limit:
        return None
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity.rank, i))
    return set(ranked[:limit])


def _srcroot() -> str | None:
    """``%SRCROOT%``: the directory coordgraph runs in, as a ``file://`` URI ending in /."""
    try:
        uri = Path.cwd().as_uri()
    except (OSError, ValueError):  # the working directory is gone
        return None
    return uri if uri.endswith("/") else uri + "/"


def escape_markup(text: str) -> str:
    """Text in which SARIF's embedded-link syntax finds no link: ``\\ [ ]`` escaped."""
    return _MARKUP.sub(lambda m: "\\" + m.group(), text)


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
    heads = {key: term(f"explain.{key}", lang) for key in ("why", "fix", "bad", "good")}
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
        "properties": _properties(spec.severity, ["coordgraph", spec.family]),
    }


def _properties(severity: Severity, tags: list[str]) -> dict[str, Any]:
    problem = PROBLEM_SEVERITY[severity]
    return {
        "tags": tags,
        "precision": PRECISION,
        "problem.severity": problem,
        "problem": {"severity": problem},
    }


def _unknown_rule(code: str, findings: Sequence[Finding]) -> dict[str, Any]:
    first = next(f for f in findings if f.code == code)
    text = title(first.name)
    return {
        "id": code,
        "name": first.name,
        "shortDescription": {"text": text},
        "fullDescription": {"text": text},
        "help": {"text": first.fix or text},
        "defaultConfiguration": {"level": LEVEL[first.severity]},
        "properties": _properties(first.severity, ["coordgraph"]),
    }


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


_string = encode_basestring  # a JSON string literal (UTF-8 kept), in C


def _region_json(span: Span) -> str:
    """:func:`region` as JSON text (written by hand: this runs once per result)."""
    line = span.line if span.line > 1 else 1
    column = span.column if span.column > 1 else 1
    end_line = span.end_line if span.end_line > line else line
    end_column = span.end_column if span.end_column > 1 else 1
    if end_line == line and end_column < column:
        end_column = column
    return (
        f'{{"startLine": {line}, "startColumn": {column}, '
        f'"endLine": {end_line}, "endColumn": {end_column}}}'
    )


def _logical_json(node: str) -> str:
    if not node:
        return ""
    name = node.rsplit("/", 1)[-1]
    return (
        f', "logicalLocations": [{{"name": {_string(name)}, '
        f'"fullyQualifiedName": {_string(node)}}}]'
    )


def _result(
    finding: Finding,
    fingerprint: str,
    line_hash: str,
    rule_index: int,
    artifact: str,
    words: tuple[str, str],
) -> str:
    """One result as one line of JSON text.

    Written from templates, not ``json.dumps`` of a dict: a log holds up to 25,000 of
    these, and building and encoding nested dicts cost several times the check of the
    finding itself. ``artifact`` is the artifactLocation's JSON, the same for a file;
    ``words`` the "see also" of the log's language, and the language.
    """
    message = escape_markup(finding.message)
    related = ""
    if finding.related:
        items = []
        links = []
        for number, rel in enumerate(finding.related[:MAX_RELATED], start=1):
            label = escape_markup(rel.label or rel.node)
            items.append(
                f'{{"id": {number}, "message": {{"text": {_string(label)}}}, '
                f'"physicalLocation": {{"artifactLocation": {artifact}, '
                f'"region": {_region_json(rel.span)}}}{_logical_json(rel.node)}}}'
            )
            links.append(f"[{label}]({number})")
        see_also, lang = words
        more = len(finding.related) - len(links)
        if more > 0:
            links.append(say("sarif_more_related", lang, n=more))
        message = f"{message} ({see_also}: {', '.join(links)})"
        related = f', "relatedLocations": [{", ".join(items)}]'
    return (
        f'{{"ruleId": {_string(finding.code)}, "ruleIndex": {rule_index}, '
        f'"level": "{LEVEL[finding.severity]}", "message": {{"text": {_string(message)}}}, '
        f'"locations": [{{"physicalLocation": {{"artifactLocation": {artifact}, '
        f'"region": {_region_json(finding.span)}}}{_logical_json(finding.node)}}}], '
        f'"partialFingerprints": {{"{LINE_HASH_KEY}": "{line_hash}", '
        f'"{FINGERPRINT_KEY}": "{fingerprint}"}}{related}}}'
    )
