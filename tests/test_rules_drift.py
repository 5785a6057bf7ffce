"""CG3 - drift / målforskydning: fixtures in tests/rules/CG3*.yaml, plus the calendar."""

from __future__ import annotations

from datetime import date

import pytest

from coordgraph.checks.common import add_interval, add_months
from tests.rulekit import Case, load_cases, of_rule, run_case

CASES = load_cases("CG3")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_fixture(case: Case) -> None:
    result = run_case(case)
    assert not [f for f in result.findings if f.code.startswith("CG0")]
    found = [(f.node, f.line - case.offset) for f in of_rule(result.findings, case.rule)]
    assert found == list(case.expect)


def _findings(case_name: str, code: str, lang: str = "en") -> list:
    (case,) = [c for c in CASES if c.name == case_name]
    return of_rule(run_case(case, lang).findings, code)


@pytest.mark.parametrize(
    ("start", "every", "expected"),
    [
        (date(2026, 1, 31), "monthly", date(2026, 2, 28)),
        (date(2024, 1, 31), "monthly", date(2024, 2, 29)),
        (date(2026, 8, 31), "quarterly", date(2026, 11, 30)),
        (date(2026, 11, 15), "quarterly", date(2027, 2, 15)),
        (date(2026, 8, 31), "halfyearly", date(2027, 2, 28)),
        (date(2024, 2, 29), "yearly", date(2025, 2, 28)),
        (date(2026, 12, 25), "weekly", date(2027, 1, 1)),
        (date(2026, 12, 25), "biweekly", date(2027, 1, 8)),
        (date(2026, 12, 31), "monthly", date(2027, 1, 31)),
        (date(9999, 12, 1), "monthly", date.max),
        (date(9999, 12, 30), "weekly", date.max),
    ],
)
def test_intervals_are_calendar_based_and_clamped(start: date, every: str, expected: date) -> None:
    assert add_interval(start, every) == expected


def test_add_months_over_many_years() -> None:
    assert add_months(date(2026, 3, 31), 23) == date(2028, 2, 29)
    assert add_months(date(2026, 3, 31), 0) == date(2026, 3, 31)


def test_cg305_message_gives_last_and_due_dates_in_both_languages() -> None:
    (en,) = _findings("monthly-one-day-later-is-overdue", "CG305")
    assert en.message == (
        "The follow-up with Anne Holm (anne) on 'ICDP' (icdp), owned by Bo Berg (bo), is "
        "overdue: last held 2026-10-16, planned monthly, so it was due by 2026-11-30 "
        "(14 days' grace included)"
    )
    (da,) = _findings("monthly-one-day-later-is-overdue", "CG305", "da")
    assert "sidst holdt 2026-10-16, aftalt månedligt" in da.message
    assert "senest have været holdt 2026-11-30 (14 dages respit medregnet)" in da.message
    first, *_ = _findings("every-interval-on-its-first-overdue-day", "CG305")
    assert first.message.startswith("The follow-up on 'A' (w), owned by Bo Berg (bo), is overdue")


def test_cg305_far_future_dates_do_not_overflow() -> None:
    text = (
        "version: 1\norganisation: {id: x, name: X}\n"
        "people:\n  bo: {name: Bo Berg, role: inbetweener}\n"
        "tasks:\n  a: {title: A, owner: bo, follow_up: {every: yearly, last: 9999-06-01}}\n"
    )
    case = Case("CG305", "far-future", text, ())
    assert of_rule(run_case(case).findings, "CG305") == []


def test_cg306_variants() -> None:
    (diverging,) = _findings("diverging-overlapping-and-inheriting-sub-tasks", "CG306")
    assert diverging.message == (
        "The sub-task 'Registrering til kvalitetsrapporten' (dokumentation) serves kvalitet; "
        "its parent 'ICDP i Havblik' (icdp-havblik) serves icdp, tryghed: they share nothing, "
        "so the part is heading somewhere the whole is not"
    )
    assert [r.node for r in diverging.related] == ["tasks/icdp-havblik", "people/amalie"]
    (unanchored,) = _findings("a-parent-serving-nothing-shares-nothing", "CG306", "da")
    assert (
        "den overordnede opgave 'Budget' (budget) understøtter hverken den pædagogiske linje, "
        "værdierne eller de politiske mål"
    ) in unanchored.message


def test_cg302_names_what_the_task_serves() -> None:
    first, inherited = _findings("serves-only-a-political-goal", "CG302")
    assert "serves overgang, tryghed, but no element of the pedagogical line" in first.message
    assert "'Brobygning' (brobygning)" in inherited.message


def test_cg307_counts_the_criteria() -> None:
    aula, enkelt = _findings("only-outputs", "CG307")
    assert "(kind: output, 2 in all)" in aula.message
    assert "(kind: output, 1 in all)" in enkelt.message


def test_cg308_is_info_and_quotes_the_element() -> None:
    first, _ = _findings("elements-nobody-carries", "CG308", "da")
    assert first.severity.value == "info"
    assert first.message == (
        "Ingen opgave understøtter boerneperspektiv ('Børneperspektivet') i den pædagogiske linje"
    )


def test_cg311_says_it_all_for_an_informal_task() -> None:
    """The five findings about what a handed-over task lacks are not given for a task
    that was never handed over: CG311 is the one finding."""
    from tests.rulekit import check

    text = (
        "version: 1\norganisation: {id: t, name: T}\npeople:\n"
        "  marianne: {name: Marianne Dahl, role: leader}\n"
        "  jonas: {name: Jonas Lind, role: inbetweener, reports_to: marianne}\n"
        "tasks:\n  udeliv: {title: Udelivsdage, owner: jonas, informal: true}\n"
        "  formelt: {title: Formelt, owner: jonas}\n"
    )
    by_task: dict[str, set[str]] = {}
    for finding in check(text).findings:
        by_task.setdefault(finding.node.split("/")[1], set()).add(finding.code)
    replaced = {"CG201", "CG203", "CG204", "CG303", "CG304"}
    assert "CG311" in by_task["udeliv"] and not by_task["udeliv"] & replaced
    assert replaced <= by_task["formelt"] and "CG311" not in by_task["formelt"]
