"""What changed between two versions of an organisation file: ``coordgraph diff``.

Both versions are checked with the same options and under the same displayed path, so
a finding is "the same" in both exactly when its fingerprint (rule, file, node) is:
a finding is *resolved* when only the older version has it and *new* when only the newer
one has. People, units, forums, tasks, mandates, links and direction elements are
compared by id (links by the pair they join); metrics by value.

The older version can come from git (``--since REV``): :func:`read_revision` runs
``git show --no-textconv REV:path`` with no shell, no pager and no textconv or filter
program, reads at most the size limit, and gives up after a timeout. Nothing in the
file or the repository is ever executed by coordgraph.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coordgraph.catalogue import prose
from coordgraph.findings import FileResult, Finding
from coordgraph.model import Link, Organisation, Task
from coordgraph.terms import fill, term

if TYPE_CHECKING:  # pragma: no cover - typing only
    from coordgraph.engine import Options

SECTIONS = ("people", "units", "forums", "tasks", "mandates", "links", "direction")
METRICS = ("congruence", "mandate_completeness", "anchoring")
COUNTS = (
    "coordination_requirements",
    "coordination_covered",
    "delegated_tasks",
    "complete_mandates",
    "leadership_tasks",
    "anchored_tasks",
)
GIT_TIMEOUT = 60  # seconds


class DiffError(Exception):
    """The older version cannot be had; ``key`` names the words (``diff.error.<key>``)."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def message(self, lang: str) -> str:
        return words(f"error.{self.key}", lang, **self.fields)


def words(key: str, lang: str, **values: object) -> str:
    """The diff's words (``diff.<key>`` in the terminology), filled in."""
    return fill(term(f"diff.{key}", lang), values, lang)


# -- the comparison ---------------------------------------------------------------------------

Value = str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an entry: its value before and after (text, or a list of words)."""

    field: str
    old: Value
    new: Value

    @property
    def added(self) -> tuple[str, ...]:
        if isinstance(self.old, tuple) and isinstance(self.new, tuple):
            return tuple(x for x in self.new if x not in self.old)
        return ()

    @property
    def removed(self) -> tuple[str, ...]:
        if isinstance(self.old, tuple) and isinstance(self.new, tuple):
            return tuple(x for x in self.old if x not in self.new)
        return ()


@dataclass(frozen=True, slots=True)
class Change:
    """An entry added, removed or changed (``kind``), with its name in words."""

    section: str
    id: str
    kind: str  # "added" | "removed" | "changed"
    label: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class MetricChange:
    key: str
    old: float | None
    new: float | None


@dataclass(frozen=True, slots=True)
class Diff:
    """Everything ``coordgraph diff`` reports."""

    old_label: str
    new_label: str
    path: str
    changes: tuple[Change, ...]
    resolved: tuple[Finding, ...]
    new: tuple[Finding, ...]
    metrics: tuple[MetricChange, ...]
    unreadable: tuple[tuple[str, str], ...] = ()  # (which version, why) not modelled
    lang: str = "en"

    def of(self, section: str, kind: str | None = None) -> list[Change]:
        return [c for c in self.changes if c.section == section and kind in (None, c.kind)]


def _text(value: object) -> Value:
    """A field's value as compared and shown: text, or a tuple of texts for a list."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple | list):
        return tuple(str(_text(v)) for v in value)
    return str(value)


def _person(org: Organisation, ident: str) -> dict[str, Value]:
    p = org.people[ident]
    fields = ("name", "role", "title", "reports_to", "unit", "also_in", "leadership_hours")
    return {f: _text(getattr(p, f)) for f in (*fields, "started")}


def _unit(org: Organisation, ident: str) -> dict[str, Value]:
    u = org.units[ident]
    return {f: _text(getattr(u, f)) for f in ("name", "kind", "part_of", "leader", "forum")}


def _forum(org: Organisation, ident: str) -> dict[str, Value]:
    f = org.forums[ident]
    return {"name": _text(f.name), "members": _text(f.members), "frequency": f.frequency}


def _task(org: Organisation, ident: str) -> dict[str, Value]:
    t = org.tasks[ident]
    fields = (
        "title",
        "owner",
        "kind",
        "description",
        "contributors",
        "complexity",
        "part_of",
        "depends_on",
        "serves",
        "venue",
        "informal",
    )
    values = {f: _text(getattr(t, f)) for f in fields}
    r = t.resources
    for name in ("hours_per_week", "budget_dkk", "note", "form"):
        values[f"resources.{name}"] = _text(getattr(r, name)) if r is not None else ""
    values["success_criteria"] = tuple(
        c.text + (f" ({c.kind})" if c.kind else "") for c in t.success_criteria
    )
    follow = t.follow_up
    for name, attr in (("with", "with_"), ("every", "every"), ("last", "last")):
        values[f"follow_up.{name}"] = _text(getattr(follow, attr)) if follow is not None else ""
    rec = t.recurs
    for name in ("every", "last"):
        values[f"recurs.{name}"] = _text(getattr(rec, name)) if rec is not None else ""
    return values


def _mandate(task: Task) -> dict[str, Value]:
    m = task.mandate
    assert m is not None
    names = ("granted_by", "decides", "limits", "valid_until", "may_delegate", "announced_to")
    return {n: _text(getattr(m, n)) for n in (*names, "form")}


def _link_key(link: Link) -> str:
    a, b = sorted(link.between)
    return f"{a}+{b}"


def _links(org: Organisation) -> dict[str, Link]:
    result: dict[str, Link] = {}
    for link in org.links:
        result.setdefault(_link_key(link), link)
    return result


def _label(section: str, ident: str, org: Organisation) -> str:
    """An entry's name in words, with its id: ``Bo Berg (bo)``."""
    if section == "people":
        return f"{org.people[ident].name} ({ident})"
    if section == "units":
        return f"{org.units[ident].name or ident} ({ident})"
    if section == "forums":
        return f"{org.forums[ident].name or ident} ({ident})"
    if section in ("tasks", "mandates"):
        return f"{org.tasks[ident].title} ({ident})"
    if section == "links":
        a, b = ident.split("+", 1)

        def name(p: str) -> str:
            return org.people[p].name if p in org.people else p

        return f"{name(a)} – {name(b)}"
    return f"{org.direction[ident].text} ({ident})"


def _entries(org: Organisation, section: str) -> dict[str, dict[str, Value]]:
    """Each entry of ``section`` by key, with its compared fields."""
    if section == "people":
        return {i: _person(org, i) for i in org.people}
    if section == "units":
        return {i: _unit(org, i) for i in org.units}
    if section == "forums":
        return {i: _forum(org, i) for i in org.forums}
    if section == "tasks":
        return {i: _task(org, i) for i in org.tasks}
    if section == "mandates":
        return {t.id: _mandate(t) for t in org.tasks.values() if t.mandate is not None}
    if section == "links":
        return {
            key: {f: _text(getattr(link, f)) for f in ("frequency", "channel", "trust")}
            for key, link in _links(org).items()
        }
    return {i: {"kind": e.kind, "text": e.text} for i, e in org.direction.items()}


def compare_models(old: Organisation, new: Organisation) -> list[Change]:
    """Entries added, removed and changed, section by section, in file order."""
    changes: list[Change] = []
    for section in SECTIONS:
        before, after = _entries(old, section), _entries(new, section)
        for key, values in after.items():
            if key not in before:
                changes.append(Change(section, key, "added", _label(section, key, new)))
                continue
            was, now = before[key], values
            fields = tuple(
                FieldChange(name, was.get(name, ""), value)
                for name, value in now.items()
                if was.get(name, "") != value
            )
            if fields:
                changes.append(Change(section, key, "changed", _label(section, key, new), fields))
        for key in before:
            if key not in after:
                changes.append(Change(section, key, "removed", _label(section, key, old)))
    return changes


def compare(old: FileResult, new: FileResult, old_label: str, new_label: str, lang: str) -> Diff:
    """The difference between two checked versions of one file (checked under one path)."""
    changes: list[Change] = []
    unreadable: list[tuple[str, str]] = []
    for which, result in (("old", old), ("new", new)):
        if result.org is None:
            first = next((f for f in result.findings if f.code.startswith("CG0")), None)
            unreadable.append((which, f"{first.code} {first.message}" if first else ""))
    if old.org is not None and new.org is not None:
        changes = compare_models(old.org, new.org)
    before = {f.fingerprint for f in old.findings}
    after = {f.fingerprint for f in new.findings}
    resolved = tuple(f for f in old.findings if f.fingerprint not in after)
    fresh = tuple(f for f in new.findings if f.fingerprint not in before)
    metrics = []
    for key in (*METRICS, *COUNTS):
        was, now = old.metrics.get(key), new.metrics.get(key)
        if was is not None or now is not None:
            metrics.append(MetricChange(key, was, now))
    return Diff(
        old_label,
        new_label,
        new.path,
        tuple(changes),
        resolved,
        fresh,
        tuple(metrics),
        tuple(unreadable),
        lang,
    )


# -- reading the older version from git ------------------------------------------------------


def _git_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_PAGER": "cat",
            "PAGER": "cat",
            "LC_ALL": "C",
            "GIT_OPTIONAL_LOCKS": "0",
        }
    )
    return env


def _git(args: Sequence[str], cwd: Path, limit: int = 1 << 20) -> tuple[int, bytes, str]:
    """Run git (never through a shell); (exit code, stdout up to ``limit`` + 1 bytes, the
    first line of stderr)."""
    git = shutil.which("git")
    if git is None:
        raise DiffError("no_git")
    try:
        process = subprocess.Popen(
            [git, "--no-pager", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_git_env(),
        )
    except OSError as exc:
        raise DiffError("git_failed", reason=exc.strerror or str(exc)) from None
    try:
        out, err = process.communicate(timeout=GIT_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise DiffError("timeout", seconds=GIT_TIMEOUT) from None
    message = err.decode("utf-8", "replace").strip().splitlines()
    return process.returncode, out[: limit + 1], message[0] if message else ""


def read_revision(path: Path, rev: str, limit: int) -> bytes:
    """The bytes of ``path`` as it was in git revision ``rev`` (``git show REV:path``)."""
    if not rev or rev.startswith("-") or any(c in rev for c in "\0\n\r"):
        raise DiffError("bad_rev", rev=rev)
    real = Path(os.path.realpath(path))
    folder = real.parent
    if not folder.is_dir():
        raise DiffError("not_repo", path=path, reason="-")
    code, out, err = _git(["rev-parse", "--show-toplevel"], folder)
    if code != 0:
        raise DiffError("not_repo", path=path, reason=err or "-")
    top = Path(out.decode("utf-8", "replace").strip())
    try:
        relative = real.relative_to(Path(os.path.realpath(top))).as_posix()
    except ValueError:
        raise DiffError("not_repo", path=path, reason="-") from None
    code, _, _ = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top)
    if code != 0:
        raise DiffError("no_rev", rev=rev)
    code, size, _ = _git(["cat-file", "-s", f"{rev}:{relative}"], top)
    if code != 0:
        raise DiffError("not_in_rev", path=relative, rev=rev)
    if int(size.strip()) > limit if size.strip().isdigit() else False:  # never read a huge blob
        raise DiffError("too_large", path=relative, rev=rev, limit=limit)
    code, out, _ = _git(["show", "--no-textconv", f"{rev}:{relative}"], top, limit)
    if code != 0:
        raise DiffError("not_in_rev", path=relative, rev=rev)
    if len(out) > limit:
        raise DiffError("too_large", path=relative, rev=rev, limit=limit)
    return out


# -- output ----------------------------------------------------------------------------------


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _metric_value(key: str, value: float | None) -> str:
    if key in METRICS:
        return _percent(value)
    return "–" if value is None else str(int(value))


def _metric_name(key: str, lang: str) -> str:
    return term(f"pack.{key}", lang) if key in METRICS else words(f"count.{key}", lang)


def metric_lines(diff: Diff) -> list[str]:
    """``Coordination congruence: 67 % → 80 % (+13)``; unchanged counts left out."""
    lang = diff.lang
    lines = []
    for m in diff.metrics:
        if m.key not in METRICS and m.old == m.new:
            continue
        was, now = _metric_value(m.key, m.old), _metric_value(m.key, m.new)
        line = f"{_metric_name(m.key, lang)}: {was} → {now}"
        if m.old is not None and m.new is not None and m.old != m.new:
            delta = (m.new - m.old) * (100 if m.key in METRICS else 1)
            line += f" ({round(delta):+d})"
        elif m.old == m.new:
            line = f"{_metric_name(m.key, lang)}: {now} ({words('unchanged', lang)})"
        lines.append(line)
    return lines


def field_text(change: FieldChange) -> str:
    """``title: Pædagog → Souschef``; a list as what joined and left (``+ana −bo``)."""
    if isinstance(change.old, tuple) and isinstance(change.new, tuple):
        parts = [f"+{x}" for x in change.added] + [f"−{x}" for x in change.removed]
        if not parts:  # same members, another order
            parts = [", ".join(change.new)]
        return f"{change.field}: {' '.join(parts)}"
    was = str(change.old) or "–"
    now = str(change.new) or "–"
    return f"{change.field}: {_short(was)} → {_short(now)}"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


MARKS = {"added": "+", "removed": "−", "changed": "~"}


def change_line(change: Change) -> str:
    line = f"{MARKS[change.kind]} {change.label}"
    if change.fields:
        line += ": " + "; ".join(field_text(f) for f in change.fields)
    return line


def finding_line(finding: Finding, lang: str) -> str:
    """``warning CG201 Missing mandate: <message>``."""
    short = prose(finding.code).short.get(lang) or prose(finding.code).short.get("en", "")
    severity = term(f"severity.{finding.severity.value}", lang)
    return f"{severity} {finding.code} {short}: {finding.message}"


def counts_line(diff: Diff, section: str) -> str:
    n = {k: len(diff.of(section, k)) for k in ("added", "removed", "changed")}
    return words("counts", diff.lang, **n)


def text_chunks(diff: Diff) -> Iterator[str]:
    """The diff for people: headings, a line per change, finding and metric."""
    lang = diff.lang
    yield f"{words('title', lang)}: {diff.path} ({diff.old_label} → {diff.new_label})\n"
    for which, why in diff.unreadable:
        yield words("unreadable", lang, which=words(which, lang), detail=why) + "\n"
    if not diff.changes and not diff.unreadable:
        yield words("no_changes", lang) + "\n"
    for section in SECTIONS:
        entries = diff.of(section)
        if not entries:
            continue
        yield f"\n{words('section.' + section, lang)}: {counts_line(diff, section)}\n"
        for change in entries:
            yield f"  {change_line(change)}\n"
    yield f"\n{words('findings', lang)}: "
    yield words("findings_counts", lang, resolved=len(diff.resolved), new=len(diff.new)) + "\n"
    for finding in diff.resolved:
        yield f"  ✓ {words('resolved_mark', lang)}  {finding_line(finding, lang)}\n"
    for finding in diff.new:
        yield f"  + {words('new_mark', lang)}  {finding_line(finding, lang)}\n"
    lines = metric_lines(diff)
    if lines:
        yield f"\n{words('metrics', lang)}:\n"
        for line in lines:
            yield f"  {line}\n"


def _md(text: str) -> str:
    """Text safe in a Markdown list item or table cell: markup characters escaped."""
    out = []
    for ch in " ".join(text.split()):
        if ch in "\\`*_[]<>|":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def markdown_chunks(diff: Diff) -> Iterator[str]:
    """The diff as Markdown, for a wiki page or a pull request comment."""
    lang = diff.lang
    yield f"## {_md(words('title', lang))}: {_md(diff.path)}\n\n"
    yield f"{_md(diff.old_label)} → {_md(diff.new_label)}\n"
    for which, why in diff.unreadable:
        yield "\n" + _md(words("unreadable", lang, which=words(which, lang), detail=why)) + "\n"
    if not diff.changes and not diff.unreadable:
        yield "\n" + _md(words("no_changes", lang)) + "\n"
    for section in SECTIONS:
        entries = diff.of(section)
        if not entries:
            continue
        heading = words("section." + section, lang)
        yield f"\n### {_md(heading)} ({_md(counts_line(diff, section))})\n\n"
        for change in entries:
            kind = words(change.kind, lang)
            text = f"**{_md(kind)}** {_md(change.label)}"
            if change.fields:
                text += ": " + "; ".join(_md(field_text(f)) for f in change.fields)
            yield f"- {text}\n"
    counts = words("findings_counts", lang, resolved=len(diff.resolved), new=len(diff.new))
    yield f"\n### {_md(words('findings', lang))} ({_md(counts)})\n\n"
    for finding in diff.resolved:
        yield f"- ✓ **{_md(words('resolved_mark', lang))}** {_md(finding_line(finding, lang))}\n"
    for finding in diff.new:
        yield f"- **{_md(words('new_mark', lang))}** {_md(finding_line(finding, lang))}\n"
    lines = metric_lines(diff)
    if lines:
        yield f"\n### {_md(words('metrics', lang))}\n\n"
        for line in lines:
            yield f"- {_md(line)}\n"


def _finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "message": finding.message,
        "node": finding.node,
        "line": finding.span.line,
        "fingerprint": finding.fingerprint,
        "fix": finding.fix,
    }


def _value(value: Value) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def document(diff: Diff) -> dict[str, Any]:
    """The diff as plain data (the JSON format)."""
    changes: dict[str, dict[str, list[Any]]] = {}
    for section in SECTIONS:
        changes[section] = {"added": [], "removed": [], "changed": []}
        for change in diff.of(section):
            entry: dict[str, Any] = {"id": change.id, "label": change.label}
            if change.fields:
                entry["fields"] = {
                    f.field: {"old": _value(f.old), "new": _value(f.new)} for f in change.fields
                }
            changes[section][change.kind].append(entry)
    return {
        "tool": "coordgraph",
        "path": diff.path,
        "old": diff.old_label,
        "new": diff.new_label,
        "unreadable": [{"version": w, "detail": d} for w, d in diff.unreadable],
        "changes": changes,
        "findings": {
            "resolved": [_finding_dict(f) for f in diff.resolved],
            "new": [_finding_dict(f) for f in diff.new],
        },
        "metrics": {m.key: {"old": m.old, "new": m.new} for m in diff.metrics},
    }


def json_chunks(diff: Diff) -> Iterator[str]:
    yield json.dumps(document(diff), ensure_ascii=False, indent=2) + "\n"


FORMATS: Mapping[str, Callable[[Diff], Iterator[str]]] = {
    "text": text_chunks,
    "json": json_chunks,
    "markdown": markdown_chunks,
}


# -- checking both versions --------------------------------------------------------------------


def diff_versions(
    old: bytes,
    new: bytes,
    display: str,
    options: Options,
    old_label: str,
    new_label: str,
    pseudonymise: bool = False,
) -> tuple[Diff, FileResult]:
    """Check both versions under one displayed path and compare them; also return the
    newer version's result (the meeting pack is drawn from it).

    With ``pseudonymise`` both are rewritten with shared pseudonyms, the newer one learnt
    first, so its pseudonyms are the ones a pseudonymised check or pack of that file
    alone shows.
    """
    from coordgraph.engine import check_text
    from coordgraph.loader import decode

    if not pseudonymise:
        before = check_text(old, display, options)
        after = check_text(new, display, options)
        return compare(before, after, old_label, new_label, options.lang), after
    from coordgraph.pseudonym import Pseudonymiser, display_path

    shown = display_path(1, 1)
    texts = [decode(data)[0] for data in (new, old)]
    pseudonymiser = Pseudonymiser(options.lang)
    for text in texts:
        if text is not None:
            pseudonymiser.learn(text)
    rewritten: list[str | bytes] = [
        pseudonymiser.apply(text) if text is not None else data
        for text, data in zip(texts, (new, old), strict=True)
    ]
    after = pseudonymiser.result(check_text(rewritten[0], shown, options))
    before = pseudonymiser.result(check_text(rewritten[1], shown, options))
    old_label, new_label = (pseudonymiser.scrub(label) for label in (old_label, new_label))
    return compare(before, after, old_label, new_label, options.lang), after
