"""CG2 - mandate: fixtures in tests/rules/CG2*.yaml, plus variants and message contents."""

from __future__ import annotations

import pytest

from tests.rulekit import Case, load_cases, of_rule, run_case

CASES = load_cases("CG2")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture(case: Case) -> None:
    result = run_case(case)
    assert not [f for f in result.findings if f.code.startswith("CG0")]
    found = [(f.node, f.line - case.offset) for f in of_rule(result.findings, case.rule)]
    assert found == list(case.expect)


def _findings(case_name: str, code: str, lang: str = "en") -> list:
    (case,) = [c for c in CASES if c.name == case_name]
    return of_rule(run_case(case, lang).findings, code)


def test_cg201_message_names_owner_and_task() -> None:
    (first, *_) = _findings("delegated-tasks-without-mandate-any-non-leader-owner", "CG201")
    assert first.message == (
        "Bo Berg (bo) owns the delegated task 'Tovholder på ICDP' (icdp) without a mandate: "
        "what may they decide?"
    )
    (first, *_) = _findings("delegated-tasks-without-mandate-any-non-leader-owner", "CG201", "da")
    assert first.message == (
        "Bo Berg (bo) er ansvarlig for den uddelegerede opgave 'Tovholder på ICDP' (icdp), men "
        "har intet mandat: hvad må vedkommende beslutte?"
    )


def test_cg202_variants() -> None:
    (colleague,) = _findings("granted-by-a-colleague-without-authority", "CG202")
    assert "granted by Bo Berg (bo), who is not a leader" in colleague.message
    (self_granted,) = _findings("granted-to-oneself", "CG202")
    assert "has granted the mandate for 'Tovholder på ICDP' (icdp) to themselves" in (
        self_granted.message
    )
    top, chain = _findings("chain-that-never-reaches-a-leader", "CG202")
    assert "who is not a leader" in top.message
    assert "breaks at 'Sprogstrategi for området' (sprogstrategi)" in chain.message
    *_, deepest = _findings("chain-broken-by-self-grant-higher-up", "CG202")
    assert "passed on by Sara Ebbesen (sara) from 'Sprogindsats i Havblik' (havblik)" in (
        deepest.message
    )
    assert "breaks at 'Sprogarbejdet i området' (omraade)" in deepest.message


def test_cg205_message_gives_the_dates() -> None:
    (finding,) = _findings("valid-until-the-day-before-has-expired", "CG205", "da")
    assert "gjaldt til 2026-11-30 og er udløbet (tjekket pr. 2026-12-01)" in finding.message


def test_cg207_names_everyone_uncovered_once() -> None:
    (finding,) = _findings("teachers-not-told", "CG207")
    assert finding.message.endswith(
        "has not been announced to 2 contributor(s): Maria Skovgaard (maria), Anja Poulsen (anja)"
    )
    assert [r.node for r in finding.related] == ["people/maria", "people/anja"]


def test_cg208_variants_and_numbers() -> None:
    (count,) = _findings("one-more-than-max-tasks", "CG208")
    assert count.message.startswith("Bo Berg (bo) owns 4 delegated tasks, more than 3: 'ICDP' (a)")
    (hours,) = _findings("hours-over-leadership-hours-sub-tasks-included", "CG208")
    assert "need 5.5 hours a week, more than the 5 leadership hours" in hours.message
    assert [r.node for r in hours.related] == ["tasks/sprog", "tasks/cafe"]
    (both,) = _findings("too-many-and-too-long", "CG208", "da")
    assert (
        "er ansvarlig for 2 uddelegerede opgaver (flere end 1), der kræver 2 timer om ugen"
        in both.message
    )


def test_cg209_is_info_and_counts_reports() -> None:
    (finding,) = _findings("twenty-one-reports", "CG209")
    assert finding.severity.value == "info"
    assert finding.message == "Anne Holm (anne) has 21 direct reports, more than 20"
