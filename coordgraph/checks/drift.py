"""CG3 - drift / målforskydning: means becoming ends.

Merton's goal displacement and Selznick's drift of an organisation's character: a task
that is not anchored in the pedagogical line, that nobody follows up, or that is
measured only by what is easy to count, slowly becomes its own purpose.
Scope (each rule declares it): CG301, CG302 and CG306 concern leadership tasks; CG303-CG305
and CG307 delegated tasks; CG308 looks at every task.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from coordgraph import nodepath
from coordgraph.checks import Context, Param, rule
from coordgraph.checks.common import due_date, has_follow_up, person_label, task_label
from coordgraph.findings import Hit, Severity
from coordgraph.model import Task
from coordgraph.terms import Term


def _elements(ids: tuple[str, ...]) -> str:
    """Direction elements for a message: ``sprog, overgang``."""
    return ", ".join(ids)


def _serves_node(task: Task) -> str:
    return nodepath.task(task.id, "serves") if task.serves else nodepath.task(task.id)


@rule("CG301", "unanchored-task", scope="leadership")
def unanchored_task(ctx: Context) -> Iterator[Hit]:
    """A leadership task that serves nothing in the direction, not even via its parent."""
    org, graph = ctx.org, ctx.graph
    for task in graph.leadership_tasks:
        if not graph.effective_serves(task):
            yield Hit(
                "CG301",
                nodepath.task(task.id),
                {"owner": person_label(org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )


@rule("CG302", "off-pedagogical-line", scope="leadership")
def off_pedagogical_line(ctx: Context) -> Iterator[Hit]:
    """A leadership task that serves something, but no element of the pedagogical line.

    An empty effective ``serves`` is CG301's, not this rule's. The node is the task's
    own ``serves`` when it has one, else the task (it inherits from its parent).
    """
    org, graph = ctx.org, ctx.graph
    for task in graph.leadership_tasks:
        serves = graph.effective_serves(task)
        if not serves or graph.serves_pedagogical_line(task):
            continue
        yield Hit(
            "CG302",
            _serves_node(task),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "serves": _elements(serves),
            },
            related=(nodepath.person(task.owner),),
        )


@rule("CG303", "missing-success-criteria", scope="delegated")
def missing_success_criteria(ctx: Context) -> Iterator[Hit]:
    """A delegated task without ``success_criteria``: nobody can tell when it succeeds."""
    for task in ctx.graph.delegated_tasks:
        if not task.success_criteria and not task.informal:  # informal: CG311's
            yield Hit(
                "CG303",
                nodepath.task(task.id),
                {"owner": person_label(ctx.org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )


@rule("CG304", "missing-follow-up", scope="delegated")
def missing_follow_up(ctx: Context) -> Iterator[Hit]:
    """A delegated task without ``follow_up`` (or with an empty one): opfølgning."""
    for task in ctx.graph.delegated_tasks:
        if has_follow_up(task) or task.informal:  # informal: CG311 says it all
            continue
        node = nodepath.task(task.id, *(("follow_up",) if task.follow_up is not None else ()))
        yield Hit(
            "CG304",
            node,
            {"owner": person_label(ctx.org, task.owner), "task": task_label(task)},
            related=(nodepath.person(task.owner),),
        )


@rule("CG305", "overdue-follow-up", params=(Param("grace_days", "count", 14),), scope="delegated")
def overdue_follow_up(ctx: Context) -> Iterator[Hit]:
    """The last follow-up is more than one interval (plus ``grace_days``) ago.

    Due date = ``follow_up.last`` + one ``every`` interval (calendar months for monthly
    and longer, clamped at month end) + ``grace_days``. Fires when the due date lies
    before the check date, i.e. from the day after it. A follow-up without ``last`` or
    ``every`` cannot be overdue.
    """
    org = ctx.org
    grace: int = ctx.params["grace_days"]
    # Follow-ups are held on the same few meeting dates: each due date worked out once.
    due_dates: dict[tuple[date, str], date] = {}
    for task in ctx.graph.delegated_tasks:
        follow = task.follow_up
        if follow is None or follow.last is None or follow.every is None:
            continue
        due = due_dates.get((follow.last, follow.every))
        if due is None:
            due = due_dates[(follow.last, follow.every)] = due_date(
                follow.last, follow.every, grace
            )
        if due >= ctx.as_of:
            continue
        yield Hit(
            "CG305",
            nodepath.task(task.id, "follow_up", "last"),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "last": follow.last.isoformat(),
                "expected": Term(f"frequency.{follow.every}"),
                "due": due.isoformat(),
                "grace_days": grace,
                "with": person_label(org, follow.with_) if follow.with_ else "",
            },
            related=(nodepath.person(task.owner),)
            + ((nodepath.person(follow.with_),) if follow.with_ else ()),
            variant=None if follow.with_ else "no_with",
        )


@rule("CG306", "diverging-subtask", scope="leadership")
def diverging_subtask(ctx: Context) -> Iterator[Hit]:
    """A sub-task whose own ``serves`` shares nothing with its parent's effective serves.

    The part is heading somewhere the whole is not. A sub-task with an empty own
    ``serves`` inherits its parent's and never fires. A parent that serves nothing at
    all shares nothing either, so its sub-tasks that serve something do fire (with their
    own wording); the parent itself is CG301's.
    """
    org, graph = ctx.org, ctx.graph
    for task in graph.leadership_tasks:
        if task.part_of is None or not task.serves:
            continue
        parent = org.tasks[task.part_of]
        parent_serves = graph.effective_serves(parent)
        if set(task.serves) & set(parent_serves):
            continue
        yield Hit(
            "CG306",
            nodepath.task(task.id, "serves"),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "serves": _elements(task.serves),
                "parent": task_label(parent),
                "parent_serves": _elements(parent_serves),
            },
            related=(nodepath.task(parent.id), nodepath.person(task.owner)),
            variant=None if parent_serves else "parent_unanchored",
        )


@rule("CG307", "output-only-criteria", scope="delegated")
def output_only_criteria(ctx: Context) -> Iterator[Hit]:
    """Every success criterion of a delegated task is ``kind: output``.

    Counts displace intangible goals (Bohte & Meier). A plain string has no kind and
    never counts as output.
    """
    for task in ctx.graph.delegated_tasks:
        criteria = task.success_criteria
        if criteria and all(c.kind == "output" for c in criteria):
            yield Hit(
                "CG307",
                nodepath.task(task.id, "success_criteria"),
                {
                    "owner": person_label(ctx.org, task.owner),
                    "task": task_label(task),
                    "count": len(criteria),
                },
                related=(nodepath.person(task.owner),),
            )


@rule("CG308", "uncarried-line-element", Severity.INFO, scope="direction")
def uncarried_line_element(ctx: Context) -> Iterator[Hit]:
    """A pedagogical-line element that no task serves, directly or via its parent."""
    org, graph = ctx.org, ctx.graph
    carried = graph.served_direction
    for element in org.pedagogical_line():
        if element.id not in carried:
            yield Hit(
                "CG308",
                nodepath.direction(element.id),
                {"element": element.id, "text": element.text},
            )


@rule("CG309", "unserved-direction", Severity.INFO, scope="direction")
def unserved_direction(ctx: Context) -> Iterator[Hit]:
    """A value or political goal that no task serves, directly or via its parent.

    CG308's counterpart for the values and the goals: tasks of any kind and owner count.
    """
    org, graph = ctx.org, ctx.graph
    carried = graph.served_direction
    for element in org.direction.values():
        if element.kind == "pedagogical_line" or element.id in carried:
            continue
        yield Hit(
            "CG309",
            nodepath.direction(element.id),
            {"element": element.id, "text": element.text},
            variant=None if element.kind == "values" else "goal",
        )


@rule(
    "CG310",
    "overdue-recurring-task",
    scope="tasks",
    params=(Param("grace_days", "count", 14),),
)
def overdue_recurring_task(ctx: Context) -> Iterator[Hit]:
    """A duty that came round and was not done: ``recurs.last`` plus one ``recurs.every``
    (biennial = 24 months) plus ``grace_days`` lies before the check date.

    Any task, whoever owns it (the biennial evaluation of the learning plan is the
    leader's). The same due date as the meeting pack shows.
    """
    org = ctx.org
    grace: int = ctx.params["grace_days"]
    for task in org.tasks.values():
        recurs = task.recurs
        if recurs is None or recurs.last is None or recurs.every is None:
            continue
        due = due_date(recurs.last, recurs.every, grace)
        if due >= ctx.as_of:
            continue
        yield Hit(
            "CG310",
            nodepath.task(task.id, "recurs", "last"),
            {
                "owner": person_label(org, task.owner),
                "task": task_label(task),
                "last": recurs.last.isoformat(),
                "expected": Term(f"frequency.{recurs.every}"),
                "due": due.isoformat(),
            },
            related=(nodepath.person(task.owner),),
        )


@rule("CG311", "informal-leadership", scope="delegated")
def informal_leadership(ctx: Context) -> Iterator[Hit]:
    """Leadership work carried without being handed over: a leadership task marked
    ``informal`` whose owner is not a leader.

    No shared direction, frame or follow-up. It replaces, for that task, CG201, CG203,
    CG204, CG303 and CG304: one finding says it all.
    """
    org = ctx.org
    for task in ctx.graph.delegated_tasks:
        if task.informal:
            yield Hit(
                "CG311",
                nodepath.task(task.id, "informal"),
                {"owner": person_label(org, task.owner), "task": task_label(task)},
                related=(nodepath.person(task.owner),),
            )
