"""Record what `check` reports on a fixed corpus, to hold a refactoring to it.

Writes tests/data/recorded-findings.json: for every example organisation, every rule
fixture case, every case of the mutation corpus and a set of targeted input cases, the
findings (code, node, position, severity and a digest of the English message), the
metrics and a digest of the model. ``tests/test_recorded.py`` checks the current code
against it. Re-record only for a change of behaviour that is meant, and say which in
the commit message:

    python scripts/record_findings.py
"""

from __future__ import annotations

import hashlib
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "tests" / "data" / "recorded-findings.json"
AS_OF = date(2026, 12, 1)

#: The model fields recorded (format 1.0's), so fields added later do not count as a
#: change as long as these keep their values.
MODEL_FIELDS = {
    "Organisation": ("id", "name", "direction", "people", "forums", "tasks", "links"),
    "DirectionElement": ("id", "kind", "text"),
    "Person": ("id", "name", "role", "title", "reports_to", "leadership_hours"),
    "Forum": ("id", "members", "frequency", "name"),
    "Task": (
        "id",
        "title",
        "owner",
        "kind",
        "description",
        "contributors",
        "complexity",
        "part_of",
        "depends_on",
        "mandate",
        "resources",
        "success_criteria",
        "follow_up",
        "serves",
    ),
    "Mandate": ("granted_by", "decides", "limits", "valid_until", "may_delegate", "announced_to"),
    "Resources": ("hours_per_week", "budget_dkk", "note"),
    "SuccessCriterion": ("text", "kind"),
    "FollowUp": ("with_", "every", "last"),
    "Link": ("index", "between", "frequency", "channel", "trust"),
}


def project(value: Any) -> Any:
    """The recorded fields of a model value, as plain JSON data."""
    name = type(value).__name__
    if name in MODEL_FIELDS:
        # Defaults the file did not write are recorded as their effective value.
        effective = {"kind": "effective_kind", "complexity": "effective_complexity"}
        fields = MODEL_FIELDS[name]
        if name != "Task":
            return {f: project(getattr(value, f)) for f in fields}
        return {f: project(getattr(value, effective.get(f, f))) for f in fields}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): project(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [project(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def summary(result: Any) -> dict[str, Any]:
    return {
        "findings": [
            [
                f.code,
                f.node,
                f.span.line,
                f.span.column,
                f.span.end_line,
                f.span.end_column,
                f.severity.value,
                hashlib.sha256(f.message.encode("utf-8")).hexdigest()[:12],
                [[r.node, r.span.line, r.span.column] for r in f.related],
            ]
            for f in result.findings
        ],
        "metrics": {k: round(float(v), 6) for k, v in sorted(result.metrics.items())},
        "model": None if result.org is None else digest(project(result.org)),
        "suppressed": result.suppressed,
    }


def corpus() -> dict[str, tuple[bytes | str, str, dict[str, Any], date]]:
    """name -> (data, rule whose params are set, params, as_of)."""
    from tests import input_cases
    from tests.rulekit import load_cases
    from tests.test_mutations import CASES, mutated

    cases: dict[str, tuple[bytes | str, str, dict[str, Any], date]] = {}
    for org in sorted((ROOT / "orgs").glob("*.org.yaml")):
        cases[f"orgs/{org.name}"] = (org.read_bytes(), "", {}, AS_OF)
    institution = ROOT / "tests" / "rules" / "lindehoejskolen.org.yaml"
    cases["institution"] = (institution.read_bytes(), "", {}, AS_OF)
    for case in load_cases():
        cases[f"fixture/{case.id}"] = (case.text, case.rule, dict(case.params), case.as_of)
    for param in CASES:
        org, name, seed = param.values
        cases[f"mutation/{org.stem}-{name}-{seed}"] = (mutated(org, name, seed), "", {}, AS_OF)
    for group in (
        input_cases.ORDINARY_WITH_PROBLEMS,
        input_cases.UNUSUAL_YAML,
        input_cases.LAYOUTS,
    ):
        for name, text in group.items():
            cases[f"input/{name}"] = (input_cases.full(text), "", {}, AS_OF)
    for name, text in input_cases.ODD_ROOTS.items():
        cases[f"root/{name}"] = (text, "", {}, AS_OF)
    return cases


def record() -> dict[str, Any]:
    from coordgraph.engine import Options, check_text
    from tests.rulekit import ruleset_with

    result = {}
    for name, (data, rule, params, as_of) in corpus().items():
        ruleset = ruleset_with(rule, params) if rule else ruleset_with("CG101", {})
        options = Options(ruleset=ruleset, as_of=as_of, lang="en")
        result[name] = summary(check_text(data, "t.org.yaml", options))
    return result


def main() -> None:
    data = record()
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n")
    print(f"recorded {len(data)} cases in {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
