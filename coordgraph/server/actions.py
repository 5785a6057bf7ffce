"""Code actions: the fixes the editor offers on a finding.

- a YAML 1.1 trap (an id or text that YAML 1.1 reads as ``false``, a number or a date):
  put it in quotes;
- an unknown reference or key with a "did you mean": use the id or key meant;
- any finding: a suppression comment above its line, with a reason to write (the
  comment joins one already there);
- a suppression that ignores nothing (CG006): remove it;
- a delegated task without a mandate, resources or follow-up (CG201, CG204, CG304): the
  skeleton of the missing part under the task, filled in where the file already says
  it (the accountable leader, the follow-up the task's complexity needs);
- a ``$schema`` comment that leads to no file: point it at the repository's schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lsprotocol import types

from coordgraph import nodepath
from coordgraph.findings import Finding
from coordgraph.model import DEFAULT_COMPLEXITY, Task
from coordgraph.scalars import NULL, STR, tag_of
from coordgraph.schema import Bool, Date, Number, Text, close_match
from coordgraph.server.context import ITEM, fields_of, spec_at
from coordgraph.server.diagnostics import (
    broken_schema_reference,
    diagnostic,
    schema_repair,
)
from coordgraph.server.documents import Check, Document
from coordgraph.server.ids import occurrence_at, scalar, suggestion
from coordgraph.server.ranges import index_range, span_indexes
from coordgraph.suppress import find_suppressions
from coordgraph.terms import term

#: Findings a suppression comment cannot hide (a file that cannot be read must never
#: pass) or that are about a comment themselves.
NOT_SUPPRESSIBLE = frozenset({"CG001", "CG005", "CG006"})
#: Declared ids compared with unknown ones for "did you mean", at most, in one request
#: (a whole file selected with a thousand unknown references stays quick).
SUGGESTION_BUDGET = 50_000
#: The part a finding says is missing, and the words of its action.
SKELETONS = {"CG201": "mandate", "CG204": "resources", "CG304": "follow_up"}
_COMMENT = re.compile(r"#\s*coordgraph:\s*ignore\[([^\]]*)\](.*)$")


@dataclass(frozen=True, slots=True)
class Edit:
    """A replacement of the text between two indexes."""

    start: int
    end: int
    text: str


class _Actions:
    """Builds the actions for one request."""

    def __init__(
        self,
        document: Document,
        check: Check,
        encoding: str,
        rules_url: str | None,
        versioned: bool,
    ) -> None:
        self.document = document
        self.check = check
        self.encoding = encoding
        self.rules_url = rules_url
        self.versioned = versioned
        self.lang = check.lang
        self.budget = SUGGESTION_BUDGET

    def action(
        self, title: str, edits: list[Edit], finding: Finding | None = None, preferred: bool = False
    ) -> types.CodeAction:
        """A quick fix made of ``edits``, linked to the finding's diagnostic."""
        check = self.check
        text_edits = [
            types.TextEdit(
                range=index_range(check.lines, e.start, e.end, self.encoding), new_text=e.text
            )
            for e in edits
        ]
        if self.versioned:
            edit = types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(
                            uri=self.document.uri, version=check.version
                        ),
                        edits=list(text_edits),
                    )
                ]
            )
        else:
            edit = types.WorkspaceEdit(changes={self.document.uri: text_edits})
        linked = None
        if finding is not None:
            linked = diagnostic(finding, check, self.document.uri, self.encoding, self.rules_url)
        return types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[linked] if linked is not None else None,
            is_preferred=preferred or None,
            edit=edit,
        )


def code_actions(
    document: Document,
    check: Check,
    start: int,
    end: int,
    encoding: str,
    rules_url: str | None = None,
    versioned: bool = False,
) -> list[types.CodeAction]:
    """The actions for the findings whose range meets ``start``..``end`` (indexes into
    the checked text), and for a broken ``$schema`` comment there."""
    builder = _Actions(document, check, encoding, rules_url, versioned)
    result: list[types.CodeAction] = []
    for finding in check.findings:
        first, last = span_indexes(check.lines, finding.span, check.shift)
        if last < start or first > end:
            continue
        result.extend(_for_finding(builder, finding, first, last))
    result.extend(_schema_reference(builder, start, end))
    return result


def _for_finding(
    b: _Actions, finding: Finding, first: int, last: int
) -> Iterator[types.CodeAction]:
    lang = b.lang
    code = finding.code
    if code == "CG003":
        quoted = _quote_trap(b.check, finding, first, last)
        if quoted is not None:
            title = term("server.action.quote", lang).format(value=b.check.text[first:last])
            yield b.action(title, [quoted], finding, preferred=True)
        meant = _meant_key(b.check, finding, first, last)
        if meant is not None:
            title = term("server.action.suggest", lang).format(
                old=b.check.text[first:last], new=meant
            )
            yield b.action(title, [Edit(first, last, meant)], finding, preferred=True)
    if code == "CG004":
        meant_id = _meant_id(b, first)
        if meant_id is not None:
            old = b.check.text[first:last]
            title = term("server.action.suggest", lang).format(old=old, new=meant_id)
            yield b.action(title, [Edit(first, last, scalar(meant_id))], finding, preferred=True)
    if code in SKELETONS:
        skeleton = _skeleton(b.check, finding, SKELETONS[code])
        if skeleton is not None:
            yield b.action(term(f"server.action.{SKELETONS[code]}", lang), [skeleton], finding)
    if code == "CG006":
        removal = _remove_suppression(b.check, finding)
        if removal is not None:
            yield b.action(term("server.action.remove_suppression", lang), [removal], finding)
    if code not in NOT_SUPPRESSIBLE:
        title = term("server.action.suppress", lang).format(code=code)
        yield b.action(title, [_suppression(b.check, finding)], finding)


# -- quoting and "did you mean" -----------------------------------------------------------


def _steps(node: str) -> tuple[str, ...]:
    """A node path as context steps (list indexes become list items)."""
    return tuple(ITEM if nodepath.list_index(s) is not None else s for s in nodepath.split(node))


def _quote_trap(check: Check, finding: Finding, first: int, last: int) -> Edit | None:
    """Quotes for a YAML 1.1 trap: plain text that YAML 1.1 reads as another type,
    where the format wants text or an id."""
    value = check.text[first:last]
    if not value or value != value.strip() or "\n" in value or value[0] in "\"'!&*[{|>":
        return None
    if tag_of(value, True, None) in (STR, NULL):
        return None
    steps = _steps(finding.node)
    spec, _names = spec_at(steps)
    if isinstance(spec, (Number, Bool, Date)) or (
        isinstance(spec, Text) and spec.values is not None
    ):
        return None  # a number or date where one is wanted: quotes would not help
    return Edit(first, last, json.dumps(value, ensure_ascii=False))


def _meant_key(check: Check, finding: Finding, first: int, last: int) -> str | None:
    """The key an unknown key was meant to be (CG003's "did you mean")."""
    key = check.text[first:last]
    steps = _steps(finding.node)
    if not steps or steps[-1] != key:
        return None
    parent, _names = spec_at(steps[:-1])
    fields = fields_of(parent)
    if not fields or key in fields:
        return None
    matches = close_match(key, list(fields))
    return matches[0] if matches else None


def _meant_id(b: _Actions, first: int) -> str | None:
    """The declared id an unknown reference was meant to be (CG004's "did you mean"),
    while the request's budget of comparisons lasts."""
    check = b.check
    found = occurrence_at(check, first)
    validator = check.validator
    if found is None or found.declaration or validator is None:
        return None
    if found.ident in validator.ids:
        return None  # declared, but of another kind: no spelling to correct
    candidates = [i for i, (kind, _p, _pl) in validator.ids.items() if kind in found.kinds]
    if len(candidates) > b.budget:
        return None
    b.budget -= len(candidates)
    return suggestion(found.ident, candidates)


# -- suppression comments -------------------------------------------------------------------


def _suppression(check: Check, finding: Finding) -> Edit:
    """A comment above the finding's line that hides it; joins a comment already there."""
    lines = check.lines
    row = max(0, min(finding.span.line - 1, len(lines) - 1))
    if row > 0:
        above = lines.content(row - 1)
        match = _COMMENT.search(above)
        if match is not None and above.lstrip().startswith("#"):
            codes = [c.strip() for c in match.group(1).split(",") if c.strip()]
            if finding.code not in codes:
                start = lines.starts[row - 1] + match.start(1)
                joined = ", ".join([*codes, finding.code])
                return Edit(start, start + len(match.group(1)), joined)
    content = lines.content(row)
    indent = content[: len(content) - len(content.lstrip(" \t"))]
    reason = term("server.action.reason", check.lang)
    at = lines.starts[row]
    break_ = _line_break(check.text)
    return Edit(at, at, f"{indent}# coordgraph: ignore[{finding.code}] {reason}{break_}")


def _remove_suppression(check: Check, finding: Finding) -> Edit | None:
    """Remove the comment CG006 reports: the whole line when it holds nothing else."""
    lines = check.lines
    row = finding.span.line - 1
    if not 0 <= row < len(lines):
        return None
    for line, column, _end, _selectors in find_suppressions(check.text):
        if line != finding.span.line:
            continue
        content = lines.content(row)
        start = lines.starts[row]
        if content[: column - 1].strip():  # code before the comment: keep it
            cut = len(content[: column - 1].rstrip())
            return Edit(start + cut, start + len(content), "")
        following = lines.starts[row + 1] if row + 1 < len(lines) else len(check.text)
        return Edit(start, following, "")
    return None


def _line_break(text: str) -> str:
    """The file's own line break."""
    match = re.search(r"\r\n|\r|\n", text)
    return match.group(0) if match else "\n"


# -- skeletons ----------------------------------------------------------------------------


def _skeleton(check: Check, finding: Finding, part: str) -> Edit | None:
    """The missing part under the task the finding is about, written where the task's
    last line ends (a block mapping) or before its closing brace (a flow mapping)."""
    entity = nodepath.entity(finding.node)
    validator = check.validator
    if entity is None or entity[0] != "tasks" or validator is None:
        return None
    task_id = entity[1]
    path = nodepath.task(task_id)
    if validator.places.span(nodepath.child(path, part)) is not None:
        return None  # written, but empty: the key is there to fill in
    container = validator.places.container(path)
    if container is None:
        return None
    start, end, _line, column, _is_map = container
    shift = check.shift
    start, end = start + shift, end + shift
    text = check.text
    task = check.org.tasks.get(task_id) if check.org is not None else None
    values = _values(check, task, part)
    if text.startswith("{", start):
        close = text.rfind("}", start, end)
        if close < 0:
            return None
        inside = ", ".join(f"{key}: {value}" for key, value in values)  # "limits: ," is empty
        before = text[start + 1 : close].rstrip()
        comma = ", " if before and not before.endswith(",") else " "
        cut = start + 1 + len(before)
        return Edit(cut, close, f"{comma}{part}: {{{inside}}}")
    lines = check.lines
    row = lines.line_of(max(start, end - 1))
    first_row = lines.line_of(start)
    while row > first_row and not _content(lines.content(row)):
        row -= 1
    at = lines.end(row)
    break_ = _line_break(text)
    indent = " " * column
    question = {"mandate": "pack.q.mandate", "resources": "pack.q.resources"}.get(part)
    head = f"{indent}{part}:" + (f"  # {term(question, check.lang)}" if question else "")
    body = [f"{indent}  {key}: {value}".rstrip() for key, value in values]
    return Edit(at, at, break_ + break_.join([head, *body]))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _values(check: Check, task: Task | None, part: str) -> list[tuple[str, str]]:
    """The keys of the skeleton, with what the file already says: the accountable
    leader grants the mandate and follows up, as often as the task's complexity needs
    (the CG102 parameter); everything else is left for the user to write."""
    leader = None
    if task is not None and check.analysis.result.graph is not None:
        leader = check.analysis.result.graph.accountable_leader(task)
    who = scalar(leader) if leader else ""
    if part == "mandate":
        return [("granted_by", who), ("decides", "[]"), ("limits", ""), ("valid_until", "")]
    if part == "resources":
        return [("hours_per_week", ""), ("budget_dkk", ""), ("note", "")]
    required = check.options.ruleset.rules["CG102"].params.get("required", {})
    complexity = task.effective_complexity if task is not None else DEFAULT_COMPLEXITY
    every = str(required.get(complexity, "")) if isinstance(required, dict) else ""
    return [("with", who), ("every", every), ("last", "")]


# -- the $schema comment --------------------------------------------------------------------


def _schema_reference(b: _Actions, start: int, end: int) -> Iterator[types.CodeAction]:
    broken = broken_schema_reference(b.document, b.check.lines)
    if broken is None or broken[1] < start or broken[0] > end:
        return
    repaired = schema_repair(b.document)
    if repaired is None or repaired == broken[2]:
        return
    title = term("server.action.schema_reference", b.lang).format(path=repaired)
    yield b.action(title, [Edit(broken[0], broken[1], repaired)], preferred=True)
