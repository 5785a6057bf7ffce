"""Helpers the rule families share: labels for messages, field predicates, intervals.

Message arguments are human-readable and language-neutral (names, titles, ids, ISO
dates), so one set of arguments fills both the Danish and the English template. Words
that need translating (frequencies) are passed as ``expected`` / ``actual``, which the
engine translates through the catalogue's ``terms``.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

from coordgraph.model import Organisation, Task

#: Intervals as (months, days); calendar-based (docs/format.md, frequencies).
INTERVALS: dict[str, tuple[int, int]] = {
    "daily": (0, 1),
    "weekly": (0, 7),
    "biweekly": (0, 14),
    "monthly": (1, 0),
    "quarterly": (3, 0),
    "halfyearly": (6, 0),
    "yearly": (12, 0),
    "biennial": (24, 0),
}


def person_label(org: Organisation, person_id: str) -> str:
    """``Bo Berg (bo)``."""
    person = org.people.get(person_id)
    return f"{person.name} ({person_id})" if person is not None else person_id


def task_label(task: Task) -> str:
    """``'Tovholder på ICDP' (icdp)``."""
    return f"'{task.title}' ({task.id})"


def people_list(org: Organisation, person_ids: Iterable[str]) -> str:
    """Several people for a message: ``Maria Lund (maria), Anja Holt (anja)``."""
    return ", ".join(person_label(org, p) for p in person_ids)


def has_resources(task: Task) -> bool:
    """Hvad er ressourcerne? Answered when ``resources`` declares at least one value."""
    r = task.resources
    return r is not None and any(v is not None for v in (r.hours_per_week, r.budget_dkk, r.note))


def has_follow_up(task: Task) -> bool:
    """A follow-up is declared when ``follow_up`` names at least one of with/every/last."""
    f = task.follow_up
    return f is not None and (f.with_ is not None or f.every is not None or f.last is not None)


def has_description(task: Task) -> bool:
    return task.description is not None and bool(task.description.strip())


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; the day of month is clamped at the month's end.

    Past the end of the calendar (year 9999) the result is :data:`datetime.date.max`.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if year > date.max.year:
        return date.max
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days``, saturating at :data:`datetime.date.max`."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max


def add_interval(day: date, every: str) -> date:
    """``day`` plus one interval (``monthly`` = one calendar month, ``weekly`` = 7 days)."""
    months, days = INTERVALS[every]
    return add_days(add_months(day, months), days)


def due_date(last: date, every: str, grace_days: int) -> date:
    """When something done on ``last`` and due ``every`` interval is overdue: the day
    after this. One function for CG305, CG310 and the meeting pack, so they agree."""
    return add_days(add_interval(last, every), grace_days)


def units_of(org: Organisation, person_id: str, levels_up: int | None = None) -> list[str]:
    """A person's units: home unit and ``also_in``, each followed by the units above it
    (``part_of``; at most ``levels_up`` of them, all when None), each once, nearest first."""
    person = org.people[person_id]
    result: dict[str, None] = {}
    for start in (person.unit, *person.also_in):
        current = start
        above = 0
        while current is not None and current not in result:
            result[current] = None
            if levels_up is not None and above >= levels_up:
                break
            above += 1
            current = org.units[current].part_of
    return list(result)
