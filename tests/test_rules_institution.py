"""Every rule on one realistic institution: Lindehøjskolen (tests/rules/).

A school with a resource centre (ressourcecenter), 12 people and 11 tasks. The expected
list was derived by hand from the rule definitions in docs/rules.md (reasoning in the
comments) and holds EVERY finding the file must give at 2026-12-01: a missing or an
extra finding fails the test.
"""

from __future__ import annotations

from datetime import date

from tests.rulekit import RULES_DIR, check

INSTITUTION = (RULES_DIR / "lindehoejskolen.org.yaml").read_text(encoding="utf-8")

# (line, code, node), in output order (line, column, code).
EXPECTED = [
    # elevperspektiv is in the pedagogical line; no task serves it
    (12, "CG308", "direction/elevperspektiv"),
    # mia: laeseindsats 4 h + laesetest 3 h = 7 > leadership_hours 6 (2 tasks <= 3)
    (23, "CG208", "people/mia"),
    # gry (owner of ppr-konsultation) talks only to jonas; without him no leader is reached
    (29, "CG106", "people/jonas"),
    # vagn has no link and no forum
    (37, "CG105", "people/vagn"),
    # complexity high needs weekly; mia and peter meet biweekly (resource centre)
    (55, "CG102", "tasks/laeseindsats"),
    # ahmad contributes but is neither in ressourcecenter nor team-mellemtrin
    (66, "CG207", "tasks/laeseindsats/mandate/announced_to"),
    # helle is staff and owns a leadership task (her mandate from mia is a valid chain)
    (73, "CG206", "tasks/laesebaand"),
    # laesetest serves only karakterer (a goal): off the line, and its parent serves laesning
    (93, "CG302", "tasks/laesetest/serves"),
    (93, "CG306", "tasks/laesetest/serves"),
    # vagn contributes to jonas' task but never talks to him
    (99, "CG104", "tasks/trivselsindsats/contributors/0"),
    # ... and was not told about the mandate (gry was)
    (103, "CG207", "tasks/trivselsindsats/mandate/announced_to"),
    # both criteria are kind: output
    (105, "CG307", "tasks/trivselsindsats/success_criteria"),
    # quarterly from 2026-08-01: due 2026-11-01 + 14 days = 2026-11-15 < 2026-12-01
    (108, "CG305", "tasks/trivselsindsats/follow_up/last"),
    # trivselsmaal (goal) and tryghed (value): no pedagogical-line element
    (109, "CG302", "tasks/trivselsindsats/serves"),
    # high complexity, jonas and peter meet biweekly; no description, criteria, follow-up
    (111, "CG102", "tasks/inklusionsindsats"),
    (111, "CG203", "tasks/inklusionsindsats"),
    (111, "CG303", "tasks/inklusionsindsats"),
    (111, "CG304", "tasks/inklusionsindsats"),
    # ester's maths task has no mandate (follow_up.with peter is her accountable leader)
    (124, "CG201", "tasks/matematik"),
    # lone and rasmus: link marked trust: low
    (134, "CG107", "tasks/teamkoordinering"),
    # valid until 2026-07-31
    (141, "CG205", "tasks/teamkoordinering/mandate/valid_until"),
    # ahmad is staff and owns a leadership task ...
    (150, "CG206", "tasks/lektiecafe"),
    # ... with a mandate from rasmus, who is no leader and owns no delegable parent task
    (154, "CG202", "tasks/lektiecafe/mandate/granted_by"),
    # the budget serves nothing
    (160, "CG301", "tasks/budget"),
    # vagn's SSP network builds on jonas' task; they never talk
    (175, "CG103", "tasks/ssp-netvaerk/depends_on/0"),
]


def test_every_finding_of_the_institution() -> None:
    result = check(INSTITUTION, as_of=date(2026, 12, 1))
    assert [(f.line, f.code, f.node) for f in result.findings] == EXPECTED


def test_the_institution_in_danish_gives_the_same_findings() -> None:
    result = check(INSTITUTION, as_of=date(2026, 12, 1), lang="da")
    assert [(f.line, f.code, f.node) for f in result.findings] == EXPECTED
    assert all("{" not in f.message for f in result.findings)


def test_strict_turns_coordination_and_mandate_findings_into_errors() -> None:
    result = check(INSTITUTION, as_of=date(2026, 12, 1), ruleset="strict")
    severities = {(f.code, f.severity.value) for f in result.findings}
    assert ("CG106", "error") in severities and ("CG201", "error") in severities
    assert ("CG305", "warning") in severities and ("CG308", "info") in severities
    assert [(f.line, f.code, f.node) for f in result.findings] == EXPECTED


def test_a_day_earlier_the_follow_up_is_not_yet_overdue_and_more_time_expires_more() -> None:
    earlier = check(INSTITUTION, as_of=date(2026, 11, 15))
    assert "CG305" not in {f.code for f in earlier.findings}
    later = check(INSTITUTION, as_of=date(2027, 8, 1))
    expired = [f.node for f in later.findings if f.code == "CG205"]
    assert expired == [
        "tasks/laeseindsats/mandate/valid_until",
        "tasks/laesebaand/mandate/valid_until",
        "tasks/laesetest/mandate/valid_until",
        "tasks/trivselsindsats/mandate/valid_until",
        "tasks/inklusionsindsats/mandate/valid_until",
        "tasks/teamkoordinering/mandate/valid_until",
    ]
