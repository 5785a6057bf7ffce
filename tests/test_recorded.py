"""What `check` reports on a fixed corpus is what it reported when it was recorded.

``scripts/record_findings.py`` recorded, for the examples, every rule fixture, the whole
mutation corpus and targeted input cases, the findings (code, node, position, severity,
a digest of the message, related places), the metrics and a digest of the model. A
refactoring must leave all of it as it was; a change of behaviour that is meant is
re-recorded, with the reason in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts.record_findings import OUT, corpus, summary
from tests.rulekit import ruleset_with

RECORDED: dict[str, Any] = json.loads(Path(OUT).read_text(encoding="utf-8"))
CORPUS = corpus()


def test_the_corpus_is_what_was_recorded() -> None:
    assert sorted(CORPUS) == sorted(RECORDED)


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_findings_are_as_recorded(name: str) -> None:
    from coordgraph.engine import Options, check_text

    data, rule, params, as_of = CORPUS[name]
    ruleset = ruleset_with(rule, params) if rule else ruleset_with("CG101", {})
    options = Options(ruleset=ruleset, as_of=as_of, lang="en")
    now = json.loads(json.dumps(summary(check_text(data, "t.org.yaml", options))))
    assert now == RECORDED[name]
