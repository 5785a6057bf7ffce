"""The model is built field by field as the file says: every field of a task, each
with a value no other field has, lands in its own attribute (assembly builds tasks by
position, for speed, so a field out of order must show here)."""

from __future__ import annotations

import dataclasses
from datetime import date

from coordgraph.engine import Options, check_text
from coordgraph.model import FollowUp, Mandate, Recurrence, Resources, SuccessCriterion, Task

TEXT = """\
version: 1
organisation:
  id: t
  name: T
  direction:
    values: {tryghed: Tryghed, leg: Leg}
people:
  anne: {name: Anne, role: leader}
  bo: {name: Bo, role: inbetweener, reports_to: anne}
  cy: {name: Cy, role: staff}
forums:
  raad: {members: [anne, bo, cy], frequency: monthly}
tasks:
  base: {title: Base, owner: anne}
  other: {title: Other, owner: anne}
  t:
    title: Titlen
    owner: bo
    kind: practice
    description: Beskrivelsen
    contributors: [nobody, cy]
    complexity: high
    part_of: base
    depends_on: [other, gone, base]
    mandate:
      granted_by: anne
      decides: [Dagsorden]
      limits: Grænsen
      valid_until: 2027-06-30
      may_delegate: true
      announced_to: [raad]
      form: oral
    resources: {hours_per_week: 2, budget_dkk: 300, note: Noten, form: oral}
    success_criteria: [Kriteriet, {text: Målet, kind: outcome}]
    follow_up: {with: anne, every: monthly, last: 2026-11-01}
    serves: [tryghed, leg]
    venue: raad
    informal: true
    recurs: {every: yearly, last: 2026-01}
"""


def test_every_field_of_a_task_lands_in_its_own_attribute() -> None:
    org = check_text(TEXT, "t.org.yaml", Options.default(as_of=date(2026, 12, 1))).org
    assert org is not None
    expected = Task(
        id="t",
        title="Titlen",
        owner="bo",
        kind="practice",
        description="Beskrivelsen",
        contributors=("cy",),
        contributors_index=(1,),
        complexity="high",
        part_of="base",
        depends_on=("other", "base"),
        depends_on_index=(0, 2),
        mandate=Mandate(
            granted_by="anne",
            decides=("Dagsorden",),
            limits="Grænsen",
            valid_until=date(2027, 6, 30),
            may_delegate=True,
            announced_to=("raad",),
            form="oral",
        ),
        resources=Resources(hours_per_week=2, budget_dkk=300, note="Noten", form="oral"),
        success_criteria=(SuccessCriterion("Kriteriet"), SuccessCriterion("Målet", "outcome")),
        follow_up=FollowUp(with_="anne", every="monthly", last=date(2026, 11, 1)),
        serves=("tryghed", "leg"),
        venue="raad",
        informal=True,
        recurs=Recurrence(every="yearly", last=date(2026, 1, 31)),
    )
    task = org.tasks["t"]
    for field in dataclasses.fields(Task):
        assert getattr(task, field.name) == getattr(expected, field.name), field.name
    assert task == expected
