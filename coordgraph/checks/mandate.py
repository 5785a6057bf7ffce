"""CG2 - mandate: the inbetweener's three questions.

What is the task? What are the resources? What is the mandate? A delegated task that
leaves one of them open leaves the inbetweener to guess, and colleagues to wonder on
whose authority they are being led. Scope (each rule declares it): every rule here concerns
delegated tasks, except CG206 (leadership tasks owned by staff), CG208 and CG209
(people).
"""

from __future__ import annotations

from collections.abc import Iterator

from coordgraph import nodepath
from coordgraph.checks import Context, Param, rule
from coordgraph.checks.common import (
    has_description,
    has_resources,
    people_list,
    person_label,
    task_label,
)
from coordgraph.findings import Hit, Severity
from coordgraph.model import Task


@rule("CG201", "missing-mandate", scope="delegated")
def missing_mandate(ctx: Context) -> Iterator[Hit]:
    """A delegated task without ``mandate``: nobody knows what the owner may decide."""
    for task in ctx.graph.delegated_tasks:
        if task.mandate is None and not task.informal:  # informal: CG311 says it all
            yield Hit(
                "CG201",
                nodepath.task(task.id),
                {"owner": person_label(ctx.org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )


@rule("CG202", "mandate-without-authority", scope="delegated")
def mandate_without_authority(ctx: Context) -> Iterator[Hit]:
    """A mandate granted by someone who has no authority to grant it.

    ``granted_by`` must be a leader, or the owner of the parent task (``part_of``) whose
    own mandate has ``may_delegate: true``, and such a delegation chain must end at a
    leader. A mandate granted to oneself is no mandate. A mandate without ``granted_by``
    is not this rule's: its accountable leader falls back to ``follow_up.with`` or the
    ``reports_to`` chain (docs/format.md, "Derived notions").
    """
    org, graph = ctx.org, ctx.graph
    known: dict[str, Task | None] = {}  # each chain's answer, walked once
    for task in graph.delegated_tasks:
        mandate = task.mandate
        if mandate is None or mandate.granted_by is None:
            continue
        grantor = mandate.granted_by
        if grantor != task.owner and org.people[grantor].role == "leader":
            continue  # the common case: granted by a leader
        args = {
            "owner": person_label(org, task.owner),
            "task": task_label(task),
            "grantor": person_label(org, grantor),
        }
        node = nodepath.task(task.id, "mandate", "granted_by")
        if grantor == task.owner:
            yield Hit("CG202", node, args, (nodepath.person(task.owner),), variant="self")
            continue
        parent = org.tasks[task.part_of] if task.part_of is not None else None
        if not _may_delegate(parent, grantor):
            yield Hit("CG202", node, args, (nodepath.person(grantor), nodepath.person(task.owner)))
            continue
        assert parent is not None
        broken = _broken_link(ctx, parent, known)
        if broken is not None:
            yield Hit(
                "CG202",
                node,
                {**args, "parent": task_label(parent), "broken": task_label(broken)},
                (nodepath.person(grantor), nodepath.person(task.owner), nodepath.task(broken.id)),
                variant="chain",
            )


def _may_delegate(parent: Task | None, grantor: str) -> bool:
    """True when ``grantor`` owns ``parent`` and its mandate may be delegated."""
    return (
        parent is not None
        and parent.owner == grantor
        and parent.mandate is not None
        and parent.mandate.may_delegate
    )


def _broken_link(ctx: Context, start: Task, known: dict[str, Task | None]) -> Task | None:
    """Follow the delegation chain up from ``start``; the task where it fails, or None.

    ``start`` holds a delegable mandate. Its grantor must be a leader, or hold a
    delegable mandate on ``start``'s parent in turn. ``part_of`` has no cycles, so the
    walk ends. Every task the walk passes shares its answer, kept in ``known``, so a
    chain is walked once however many of its tasks ask.
    """
    org = ctx.org
    walked: list[str] = []
    current: Task | None = start
    answer: Task | None = None
    while current is not None:
        if current.id in known:
            answer = known[current.id]
            break
        walked.append(current.id)
        mandate = current.mandate
        grantor = mandate.granted_by if mandate is not None else None
        if grantor is None or grantor == current.owner:
            answer = current
            break
        if org.people[grantor].role == "leader":
            break
        parent = org.tasks[current.part_of] if current.part_of is not None else None
        if not _may_delegate(parent, grantor):
            answer = current
            break
        current = parent
    for ident in walked:
        known[ident] = answer
    return answer


@rule("CG203", "undefined-task", scope="delegated")
def undefined_task(ctx: Context) -> Iterator[Hit]:
    """A delegated task without ``description``: what is the task?"""
    for task in ctx.graph.delegated_tasks:
        if not has_description(task) and not task.informal:  # informal: CG311's
            yield Hit(
                "CG203",
                nodepath.task(task.id),
                {"owner": person_label(ctx.org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )


@rule("CG204", "missing-resources", scope="delegated")
def missing_resources(ctx: Context) -> Iterator[Hit]:
    """A delegated task without ``resources`` (or with an empty one): what are they?"""
    for task in ctx.graph.delegated_tasks:
        if has_resources(task) or task.informal:  # informal: CG311 says it all
            continue
        node = nodepath.task(task.id, *(("resources",) if task.resources is not None else ()))
        yield Hit(
            "CG204",
            node,
            {"owner": person_label(ctx.org, task.owner), "task": task_label(task)},
            related=(nodepath.person(task.owner),),
        )


@rule("CG205", "expired-mandate", scope="mandates")
def expired_mandate(ctx: Context) -> Iterator[Hit]:
    """A mandate whose ``valid_until`` lies before the check date.

    Every task with a mandate, whoever owns it: a leader's expired mandate (a deputy's
    mandate for the rota, say) has expired too. The day itself still counts: a mandate
    valid until today has not expired.
    """
    for task in ctx.org.tasks.values():
        mandate = task.mandate
        if mandate is None or mandate.valid_until is None or mandate.valid_until >= ctx.as_of:
            continue
        yield Hit(
            "CG205",
            nodepath.task(task.id, "mandate", "valid_until"),
            {
                "owner": person_label(ctx.org, task.owner),
                "task": task_label(task),
                "valid_until": mandate.valid_until.isoformat(),
                "as_of": ctx.as_of.isoformat(),
            },
            related=(nodepath.person(task.owner),),
        )


@rule("CG206", "undeclared-inbetweener", scope="leadership")
def undeclared_inbetweener(ctx: Context) -> Iterator[Hit]:
    """A ``staff`` person owns a leadership task: an inbetweener nobody has declared."""
    org = ctx.org
    for task in ctx.graph.leadership_tasks:
        if org.people[task.owner].role == "staff":
            yield Hit(
                "CG206",
                nodepath.task(task.id),
                {"owner": person_label(org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )


@rule("CG207", "mandate-not-announced", scope="delegated")
def mandate_not_announced(ctx: Context) -> Iterator[Hit]:
    """Contributors to a delegated task who were not told about its mandate.

    Only tasks with a ``mandate``. A contributor is covered when listed in
    ``mandate.announced_to`` or a member of a forum listed there. The owner (who holds
    the mandate) and the grantor (who gave it) know it and are never named. One finding
    per task, naming everyone uncovered, on ``announced_to`` (else on the mandate).
    """
    org, graph = ctx.org, ctx.graph
    forums_of = graph.forums_of
    for task in graph.delegated_tasks:
        mandate = task.mandate
        if mandate is None:
            continue
        # Told directly, or through a forum they are in (asked per contributor: a forum
        # of the whole house would otherwise be copied for every task).
        told = frozenset(mandate.announced_to)
        knows = {task.owner, mandate.granted_by}
        missing = [
            p
            for p in dict.fromkeys(task.contributors)
            if p not in told and p not in knows and told.isdisjoint(forums_of.get(p, ()))
        ]
        if not missing:
            continue
        fields = ("mandate", "announced_to") if mandate.announced_to else ("mandate",)
        yield Hit(
            "CG207",
            nodepath.task(task.id, *fields),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "people": people_list(org, missing),
                "count": len(missing),
            },
            related=tuple(nodepath.person(p) for p in missing),
        )


@rule("CG208", "overloaded-inbetweener", params=(Param("max_tasks", "count", 3),), scope="people")
def overloaded_inbetweener(ctx: Context) -> Iterator[Hit]:
    """Someone who owns more delegated tasks, or hours of them, than they can carry.

    Fires when a person owns more than ``max_tasks`` delegated tasks or, only when they
    declare ``leadership_hours``, when ``resources.hours_per_week`` of all delegated
    tasks they own (sub-tasks included) adds up to more than that.
    """
    org, graph = ctx.org, ctx.graph
    max_tasks: int = ctx.params["max_tasks"]
    owned: dict[str, list[Task]] = {}
    for task in graph.delegated_tasks:
        owned.setdefault(task.owner, []).append(task)
    for person in org.people.values():
        tasks = owned.get(person.id)
        if not tasks:
            continue
        hours = sum(
            t.resources.hours_per_week
            for t in tasks
            if t.resources is not None and t.resources.hours_per_week is not None
        )
        too_many = len(tasks) > max_tasks
        too_long = person.leadership_hours is not None and hours > person.leadership_hours
        if not (too_many or too_long):
            continue
        variant = "both" if too_many and too_long else "tasks" if too_many else "hours"
        yield Hit(
            "CG208",
            nodepath.person(person.id),
            {
                "person": person_label(org, person.id),
                "count": len(tasks),
                "max_tasks": max_tasks,
                "hours": _number(hours),
                "leadership_hours": _number(person.leadership_hours or 0),
                "tasks": ", ".join(task_label(t) for t in tasks),
            },
            related=tuple(nodepath.task(t.id) for t in tasks),
            variant=None if variant == "tasks" else variant,
        )


def _number(value: float) -> str:
    """``5`` rather than ``5.0``; ``2.5`` stays."""
    return f"{value:g}"


@rule(
    "CG209",
    "wide-span",
    Severity.INFO,
    params=(Param("max_reports", "count", 20),),
    scope="leaders",
)
def wide_span(ctx: Context) -> Iterator[Hit]:
    """A leader with more than ``max_reports`` direct reports: too wide a span of control."""
    org, graph = ctx.org, ctx.graph
    max_reports: int = ctx.params["max_reports"]
    for person in org.people.values():
        if person.role != "leader":
            continue
        reports = graph.direct_reports.get(person.id, ())
        if len(reports) > max_reports:
            yield Hit(
                "CG209",
                nodepath.person(person.id),
                {
                    "person": person_label(org, person.id),
                    "count": len(reports),
                    "max_reports": max_reports,
                },
            )


@rule("CG210", "oral-mandate", Severity.INFO, scope="tasks")
def oral_mandate(ctx: Context) -> Iterator[Hit]:
    """A task whose mandate or resources were agreed only by word of mouth.

    Colleagues can only respect a frame they know (CG207's reasoning): write it down and
    announce it. One finding per task, on the mandate's ``form`` when that is oral.
    """
    org = ctx.org
    for task in org.tasks.values():
        mandate = task.mandate is not None and task.mandate.is_oral
        resources = task.resources is not None and task.resources.is_oral
        if not (mandate or resources):
            continue
        variant = "both" if mandate and resources else None if mandate else "resources"
        yield Hit(
            "CG210",
            nodepath.task(task.id, "mandate" if mandate else "resources", "form"),
            {"owner": person_label(org, task.owner), "task": task_label(task)},
            related=(nodepath.person(task.owner),),
            variant=variant,
        )
