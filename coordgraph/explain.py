"""Rule documentation from the catalogue: ``coordgraph explain``, ``coordgraph rules``
and ``docs/rules.md``.

Everything here is generated from the ruleset (``rules/*.yaml``), so the documentation
cannot drift from the checks. ``explain_text`` follows ruff's rule pages: what it does,
why, an example, what to write instead, how to fix it, parameters, default severity.

Regenerate the rule reference with ``python -m coordgraph.explain`` (writes
``docs/rules.md``; a test fails while it is out of date).
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from coordgraph.catalogue import Ruleset, RuleSpec, load_ruleset
from coordgraph.checks import FAMILIES, SCOPES
from coordgraph.terms import LANGUAGES, term

WIDTH = 88


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "en"


def _heading(key: str, lang: str) -> str:
    return term(f"explain.{key}", lang)


def summary(spec: RuleSpec, lang: str) -> str:
    """One line saying what the rule checks (its prose's ``summary``)."""
    return spec.text("summary", _lang(lang)).strip()


def _severity(value: str, lang: str) -> str:
    return term(f"severity.{value}", lang)


def _param_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_param_value(v)}" for k, v in value.items()) + "}"
    return str(value)


def _paragraphs(text: str) -> str:
    """Re-wrap prose (folded YAML) at :data:`WIDTH`, keeping blank-line paragraphs."""
    parts = [" ".join(p.split()) for p in text.strip().split("\n\n")]
    return "\n\n".join(textwrap.fill(p, WIDTH) for p in parts if p)


def _sections(spec: RuleSpec, lang: str) -> list[tuple[str, str]]:
    """(heading, body in Markdown) pairs for one rule."""
    lang = _lang(lang)
    sections = [
        (_heading("what", lang), _paragraphs(summary(spec, lang))),
        (_heading("scope", lang), term(f"scope.{spec.rule.scope}", lang)),
        (_heading("why", lang), _paragraphs(spec.text("rationale", lang))),
    ]
    for kind in ("bad", "good"):
        example = spec.examples.get(kind)
        if example:
            sections.append((_heading(kind, lang), "```yaml\n" + example.rstrip("\n") + "\n```"))
    sections.append((_heading("fix", lang), _paragraphs(spec.text("fix", lang))))
    if spec.params:
        body = "\n".join(f"- `{k}`: `{_param_value(v)}`" for k, v in spec.params.items())
    else:
        body = _heading("none", lang)
    sections.append((_heading("params", lang), body))
    default = spec.rule.severity.value
    body = _severity(default, lang)
    if not spec.enabled:
        body += f" ({_heading('disabled', lang)})"
    elif spec.severity.value != default:
        body += f" ({_heading('here', lang)}: {_severity(spec.severity.value, lang)})"
    sections.append((_heading("severity", lang), body))
    sections.append((_heading("message", lang), "`" + spec.template(None, lang) + "`"))
    return sections


def _title(spec: RuleSpec, lang: str) -> str:
    lang = _lang(lang)
    family = term(f"family.{spec.family}", lang)
    return f"{spec.code} {spec.name} ({_heading('family', lang).lower()}: {family})"


def explain_text(spec: RuleSpec, lang: str) -> str:
    """The text of ``coordgraph explain CODE``: Markdown-style, ending with a newline."""
    lines = [f"# {_title(spec, lang)}", ""]
    for heading, body in _sections(spec, lang):
        lines += [f"## {heading}", "", body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def rules_table(ruleset: Ruleset, lang: str) -> str:
    """The text of ``coordgraph rules``: one rule a line, grouped by family."""
    lang = _lang(lang)
    rows = [
        (
            spec.code,
            spec.name,
            _severity(spec.severity.value, lang) if spec.enabled else _heading("off", lang),
            summary(spec, lang),
        )
        for spec in ruleset.rules.values()
    ]
    name_width = max((len(r[1]) for r in rows), default=4)
    severity_width = max((len(r[2]) for r in rows), default=4)
    lines: list[str] = []
    family = None
    for spec, (code, name, severity, what) in zip(ruleset.rules.values(), rows, strict=True):
        if spec.family != family:
            family = spec.family
            if lines:
                lines.append("")
            label = term(f"family.{family}", lang)
            lines.append(f"{FAMILIES[family]} {label}")
        lines.append(f"  {code}  {name:<{name_width}}  {severity:<{severity_width}}  {what}")
    return "\n".join(lines) + "\n"


def rules_json(ruleset: Ruleset, lang: str) -> list[dict[str, Any]]:
    """``coordgraph rules --format json``: every rule with its settings and texts."""
    lang = _lang(lang)
    return [
        {
            "code": spec.code,
            "name": spec.name,
            "family": spec.family,
            "severity": spec.severity.value,
            "default_severity": spec.rule.severity.value,
            "enabled": spec.enabled,
            "params": json.loads(json.dumps(dict(spec.params), default=str)),
            "summary": summary(spec, lang),
            "message": spec.template(None, lang),
            "rationale": " ".join(spec.text("rationale", lang).split()),
            "fix": spec.text("fix", lang).strip(),
        }
        for spec in ruleset.rules.values()
    ]


DOC_INTRO = """\
# coordgraph rules

<!-- Generated from the rules (coordgraph/checks/, coordgraph/prose/) by
     `python -m coordgraph.explain`; do not edit. -->

Every rule of the default ruleset, in English and Danish. Select or ignore rules by
code (`CG201`), by code prefix (`CG2` = the mandate family) or by name
(`missing-mandate`); `coordgraph explain CODE` prints one rule in the terminal. The
strict ruleset (`extends: strict`) raises every CG1 and CG2 rule to `error`.

{scopes}

CG205 and CG305 compare with the check date (`--as-of`, default today).

## Decisions where the design is silent

- **Positions.** A finding points at the field it is about when the field is written
  (`tasks/<id>/mandate/valid_until`, `.../follow_up/last`, `.../serves`,
  `.../success_criteria`, `.../mandate/granted_by`, `.../mandate/announced_to`), else at
  the task, person or direction element. CG104 points at the contributor's entry,
  CG103 at the dependency's entry in `depends_on`.
- **CG103 `include_contributors`.** Off (default): only the two owners count. On: the
  dependency counts as attended when anyone working on the depending task (owner or
  contributor) communicates with anyone working on the other.
- **CG104.** A contributor listed twice is reported once (at the first entry); the owner
  listed as a contributor is no gap.
- **CG106.** Counts owners of tasks of any kind; the message names how many owners are cut
  off and the first of them in file order.
- **CG202.** A mandate without `granted_by` is not this rule's (its accountable leader falls
  back to `follow_up.with` or `reports_to`). A chain is followed up through `part_of`; the
  message names the task where it breaks.
- **CG204 / CG304.** An empty `resources: {}` or `follow_up: {}` counts as missing. Any
  declared value (even `hours_per_week: 0`, or only a `note`) counts as declared.
- **CG205.** A mandate is valid through its `valid_until` day.
- **CG207.** The owner (who holds the mandate) and the grantor (who gave it) are never
  named. The finding is on `announced_to` when it is written, else on `mandate`.
- **CG208.** Counts every delegated task the person owns, sub-tasks included, and reports
  the count, the hours, or both, once per person.
- **CG305.** A follow-up without `last` or without `every` cannot be overdue. Dates past
  the end of the calendar never fall due.
- **CG306.** A parent whose effective `serves` is empty shares nothing, so a sub-task that
  serves something fires (with its own wording); the parent itself is CG301's.

## Metrics

`coordgraph check --statistics`, the JSON output and the meeting pack show three shares:

- **Coordination congruence** (after Cataldo et al.): the share of coordination
  requirements that communication covers. A requirement is a pair of two different
  people who need to coordinate: a delegated task's owner and its accountable leader, a
  task's owner and each contributor, and the owners of two tasks joined by
  `depends_on`. Pairs are counted once however many tasks create them; a delegated task
  without an accountable leader creates no pair (CG101 reports it).
- **Mandate completeness**: the share of delegated tasks that answer all three
  questions: a description, resources (at least one declared value, as for CG204) and a
  mandate.
- **Anchoring**: the share of leadership tasks whose effective `serves` reaches the
  pedagogical line.

A share with nothing to count is 1.0: nothing is required, so nothing is missing.
"""


def rules_doc(ruleset: Ruleset | None = None) -> str:
    """The Markdown of ``docs/rules.md``: an index, then every rule in both languages."""
    ruleset = ruleset or load_ruleset("default")
    lines = [DOC_INTRO.replace("{scopes}", _scope_paragraph(ruleset)), "## Index", ""]
    lines += ["| Code | Name | Family | Severity | What it checks |", "|---|---|---|---|---|"]
    for spec in ruleset.rules.values():
        anchor = f"{spec.code.lower()}-{spec.name}"
        lines.append(
            f"| [{spec.code}](#{anchor}) | `{spec.name}` | {spec.family} | "
            f"{spec.severity.value} | {summary(spec, 'en')} |"
        )
    lines.append("")
    for spec in ruleset.rules.values():
        lines += [f"## {spec.code} {spec.name}", ""]
        for lang, label in (("en", "English"), ("da", "Dansk")):
            lines += [f"### {label}", ""]
            for heading, body in _sections(spec, lang):
                lines += [f"#### {heading}", "", body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _scope_paragraph(ruleset: Ruleset) -> str:
    """What each rule looks at, as one paragraph (from the rules' declared scopes)."""
    parts = []
    for scope in SCOPES:
        codes = [spec.code for spec in ruleset.rules.values() if spec.rule.scope == scope]
        if codes:
            parts.append(f"{', '.join(codes)}: {term(f'scope.{scope}', 'en')}")
    text = "Scope. " + "; ".join(parts) + "."
    return textwrap.fill(text, WIDTH)


DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def write_rules_doc(path: Path | str = DOC_PATH) -> Path:
    """Write the rule reference (``docs/rules.md``) from the default catalogue."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(rules_doc(), encoding="utf-8", newline="\n")
    return target


def main(argv: list[str] | None = None) -> int:
    """``python -m coordgraph.explain [OUTPUT]``: write the rule reference (docs/rules.md)."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) > 1 or (args and args[0].startswith("-")):
        print("usage: python -m coordgraph.explain [OUTPUT]  (default: docs/rules.md)")
        return 0 if args and args[0] in ("-h", "--help") else 2
    target = write_rules_doc(args[0]) if args else write_rules_doc()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
