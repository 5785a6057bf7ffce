"""Helpers for the rule tests: YAML fixtures under tests/rules/, run through the engine.

A fixture file ``tests/rules/CG101.yaml`` holds cases for one rule (sqlfluff style)::

    rule: CG101
    cases:
      - name: owner-and-leader-never-meet
        as_of: 2026-12-01          # optional, default AS_OF
        params: {max_tasks: 2}     # optional, overrides the rule's params
        org: |                     # the org file; version/organisation are added
          people: ...              # when the text has no `organisation:` line
        expect:                    # every finding of the rule: [node, line]
          - [tasks/icdp, 4]

Lines in ``expect`` count from the first line of ``org`` as written in the fixture,
so they read the same in the fixture and in the file the engine sees.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from coordgraph.assemble import assemble
from coordgraph.catalogue import Ruleset, load_ruleset
from coordgraph.checks import Context, registry
from coordgraph.engine import Options, check_text
from coordgraph.findings import FileResult, Finding, Hit
from coordgraph.graph import OrgGraph
from coordgraph.loader import Limits
from coordgraph.model import Organisation
from coordgraph.schema import ORG
from coordgraph.validate import validate

RULES_DIR = Path(__file__).resolve().parent / "rules"
AS_OF = date(2026, 12, 1)
HEADER = "version: 1\norganisation: {id: test, name: Testinstitutionen}\n"


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    org: str
    expect: tuple[tuple[str, int], ...]
    as_of: date = AS_OF
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def offset(self) -> int:
        """Lines added in front of ``org`` to make a complete file."""
        return 0 if has_organisation(self.org) else HEADER.count("\n")

    @property
    def text(self) -> str:
        return self.org if has_organisation(self.org) else HEADER + self.org

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.name}"


def has_organisation(text: str) -> bool:
    return any(line.startswith("organisation:") for line in text.splitlines())


def full_text(snippet: str) -> str:
    """A complete org file from a snippet (catalogue examples): adds what is missing of
    ``version`` and ``organisation``."""
    if not has_organisation(snippet):
        return HEADER + snippet
    if not any(line.startswith("version:") for line in snippet.splitlines()):
        return "version: 1\n" + snippet
    return snippet


def load_cases(prefix: str = "CG") -> list[Case]:
    """Every case of every fixture whose rule starts with ``prefix``, in file order."""
    cases = []
    for path in sorted(RULES_DIR.glob("CG*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        rule = raw["rule"]
        if not rule.startswith(prefix):
            continue
        for entry in raw["cases"]:
            cases.append(
                Case(
                    rule=rule,
                    name=entry["name"],
                    org=entry["org"],
                    expect=tuple((node, line) for node, line in entry.get("expect") or ()),
                    as_of=entry.get("as_of", AS_OF),
                    params=entry.get("params") or {},
                )
            )
    return cases


def ruleset_with(code: str, params: Mapping[str, Any]) -> Ruleset:
    ruleset = load_ruleset("default")
    if params:
        ruleset = ruleset.with_overrides({code: {"params": dict(params)}}, "test")
    return ruleset


def run_case(case: Case, lang: str = "en") -> FileResult:
    options = Options(ruleset=ruleset_with(case.rule, case.params), as_of=case.as_of, lang=lang)
    return check_text(case.text, f"{case.id}.org.yaml", options)


def check(text: str, as_of: date = AS_OF, lang: str = "en", ruleset: str = "default") -> FileResult:
    options = Options(ruleset=load_ruleset(ruleset), as_of=as_of, lang=lang)
    return check_text(text, "t.org.yaml", options)


def of_rule(findings: tuple[Finding, ...] | list[Finding], code: str) -> list[Finding]:
    return [f for f in findings if f.code == code]


def model(text: str) -> Organisation:
    """The model of a complete org file (which must have no CG0 finding)."""
    validated = validate(text, ORG, Limits())
    assert not validated.input_hits, validated.input_hits
    built = assemble(validated.raw, validated.validator)
    assert built.org is not None and not built.hits, [h.variant for h in built.hits]
    return built.org


def hits(
    org: Organisation, code: str, params: Mapping[str, Any] | None = None, as_of: date = AS_OF
) -> list[Hit]:
    """The raw hits of one rule on a model, with the catalogue's params (overridden)."""
    ruleset = ruleset_with(code, params or {})
    spec = ruleset.rules[code]
    context = Context(org, OrgGraph(org), spec.params, as_of, ruleset.settings)
    check = registry()[code].check
    assert check is not None, f"{code} has no check function"
    return list(check(context))


def case_hits(case: Case) -> Iterator[Hit]:
    return iter(hits(model(case.text), case.rule, case.params, case.as_of))
