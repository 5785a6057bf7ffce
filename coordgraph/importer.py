"""``coordgraph import``: an organisation file from a staff list.

What is derived, and how (the README's "Starting from a staff list" says it to users):

* **ids** from the first name, lower case, Danish letters kept (``Søren Ærø`` ->
  ``søren``), other accents dropped; a second Søren is ``søren-2``. An id column
  (``id``/``initialer``) is used where it gives a free id.
* **roles** from the role column (``leder``, ``koordinator``, ``medarbejder``... in
  Danish or English). Without one, a person others report to is a leader when they
  report to nobody on the list, else an inbetweener; everyone else is staff. A guessed
  role is marked with a comment in the file, to be checked.
* **reports_to** from the manager column, by full name or id. A name not on the list, a
  person who reports to themself, and a chain that would go round in a circle are left
  out, with a comment and a warning: the file must check without input findings.
* **units** from the unit column; ``Kastanjen / Egern`` (or ``>``) nests Egern in
  Kastanjen. A unit's leader is its one leader or inbetweener, if it has exactly one.
* **forums**: with ``--team-forums FREQUENCY``, a team meeting for each unit with at
  least two people, set as the unit's own forum.

``--into FILE`` adds the people who are not in FILE yet (matched by name, or by id when
the list has ids) at the end of its ``people`` section, and new units at the end of its
``units`` section, in the style the file already uses. Nothing else in the file changes:
every byte outside the added lines stays as it was. People in the file who are not on
the list are reported, never removed.
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from coordgraph.model import FREQUENCIES
from coordgraph.scalars import STR, implicit_tag
from coordgraph.staff import Cell, Staff, StaffError, StaffRow
from coordgraph.terms import fill, term
from coordgraph.yamlwalk import Outline, Section, outline

#: Words in a role column, in Danish and English, compared in lower case.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "leader": (
        "leader",
        "leder",
        "ledelse",
        "chef",
        "souschef",
        "mellemleder",
        "afdelingsleder",
        "dagtilbudsleder",
        "institutionsleder",
        "skoleleder",
        "manager",
        "management",
    ),
    "inbetweener": (
        "inbetweener",
        "koordinator",
        "teamkoordinator",
        "tovholder",
        "ressourceperson",
        "vejleder",
        "coordinator",
        "team coordinator",
    ),
    "staff": ("staff", "medarbejder", "personale", "ansat", "employee", "pædagog"),
    "external": ("external", "ekstern", "konsulent", "consultant", "forældrerepræsentant"),
}
UNIT_SEPARATORS = re.compile(r"\s+[/>]\s+")
MIN_FORUM = 2  # a team meeting needs at least two people


def words(key: str, lang: str, **values: object) -> str:
    """The import's words (``import.<key>`` in the terminology), filled in."""
    return fill(term(f"import.{key}", lang), values, lang)


# -- ids and YAML text ---------------------------------------------------------------------


def slug(text: str) -> str:
    """An id from text: lower case, Danish letters kept, other accents dropped, anything
    that is not a letter or digit a hyphen."""
    out = []
    for ch in unicodedata.normalize("NFC", text.casefold()):
        if ch in "æøå":
            out.append(ch)
        elif ch.isalnum():
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            out.append(base or ch)
        else:
            out.append("-")
    return re.sub(r"-+", "-", "".join(out)).strip("-")


def unique(base: str, taken: set[str]) -> str:
    """``base``, else ``base-2``, ``base-3``...: the first that is not taken (then taken)."""
    base = base or "id"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


_PLAIN = re.compile(r"[^\W\d_][\w .'()/+-]*", re.UNICODE)


def scalar(text: str) -> str:
    """``text`` as a YAML scalar that reads back as exactly this text, in block and flow
    context alike: plain when that is safe (letters, digits, spaces and ``.'()/+-``, not
    a word YAML 1.1 reads as true/false/null/a number), else double-quoted."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and implicit_tag(text) == STR:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(scalar(i) for i in items) + "]"


# -- understanding the rows -----------------------------------------------------------------


def role_of(word: str) -> str | None:
    key = " ".join(word.casefold().split())
    for role, known in ROLE_WORDS.items():
        if key in known:
            return role
    return None


_DMY = re.compile(r"(\d{1,2})[.\-/](\d{1,2})[.\-/](\d{2}|\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?")


def date_of(value: Cell) -> datetime.date | None:
    """A start date: a spreadsheet date, ISO ``2026-10-15``, or Danish ``15-10-2026``,
    ``15.10.2026``, ``15/10/26`` (day first, as in Denmark)."""
    if isinstance(value, datetime.date):
        return value
    if not value:
        return None
    text = value.strip()
    try:
        if match := _YMD.fullmatch(text):
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DMY.fullmatch(text):
            year = int(match[3])
            year += 2000 if year < 100 else 0
            return datetime.date(year, int(match[2]), int(match[1]))
    except ValueError:
        return None
    return None


def frequency_of(word: str) -> str | None:
    """A frequency given on the command line, as the file writes it (``weekly``), from
    the file's word or the Danish or English word shown to users (``ugentligt``)."""
    key = " ".join(word.casefold().split())
    for name in FREQUENCIES:
        if key == name or key in (term(f"frequency.{name}", lang) for lang in ("da", "en")):
            return name
    return None


# -- the plan -------------------------------------------------------------------------------


@dataclass(slots=True)
class PlannedUnit:
    id: str
    name: str
    part_of: str | None = None
    leader: str | None = None
    forum: str | None = None
    new: bool = True


@dataclass(slots=True)
class PlannedPerson:
    id: str
    name: str
    role: str
    title: str = ""
    unit: str | None = None
    reports_to: str | None = None
    started: datetime.date | None = None
    notes: list[str] = field(default_factory=list)  # comments for the line, already worded
    line: int = 0


@dataclass(slots=True)
class PlannedForum:
    id: str
    name: str
    members: list[str]
    frequency: str


@dataclass(slots=True)
class Plan:
    """What to write: new units, people and forums, and what to tell the user."""

    units: list[PlannedUnit] = field(default_factory=list)
    people: list[PlannedPerson] = field(default_factory=list)
    forums: list[PlannedForum] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)  # ids of rows already in the file
    leavers: list[tuple[str, str]] = field(default_factory=list)  # (id, name) not on the list
    members_to_add: list[tuple[str, str]] = field(default_factory=list)  # (person, forum)


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(slots=True)
class Existing:
    """What an org file already declares (empty for a new file)."""

    ids: set[str] = field(default_factory=set)
    people: dict[str, str] = field(default_factory=dict)  # id -> name
    roles: dict[str, str] = field(default_factory=dict)  # id -> role
    units: dict[str, str] = field(default_factory=dict)  # id -> name
    unit_forums: dict[str, str] = field(default_factory=dict)  # unit id -> forum id

    @classmethod
    def of(cls, found: Outline) -> Existing:
        result = cls(ids=set(found.ids))
        people = found.section("people")
        for entry in people.entries if people is not None else ():
            result.people[entry.id] = entry.fields.get("name", "")
            result.roles[entry.id] = entry.fields.get("role", "")
        units = found.section("units")
        for entry in units.entries if units is not None else ():
            result.units[entry.id] = entry.fields.get("name", entry.id)
            if "forum" in entry.fields:
                result.unit_forums[entry.id] = entry.fields["forum"]
        return result


def plan(
    staff: Staff,
    lang: str,
    team_forums: str | None = None,
    existing: Existing | None = None,
) -> Plan:
    """Decide the units, people and forums to write for ``staff`` (see the module doc)."""
    existing = existing or Existing()
    result = Plan()
    taken = set(existing.ids)
    by_name = {_key(name): pid for pid, name in existing.people.items() if name}

    # -- who is new, who is known, who left
    rows: list[StaffRow] = []
    seen_names: set[str] = set()
    for row in staff.rows:
        key = _key(row.name)
        if key in seen_names:
            result.warnings.append(words("warn.twice", lang, line=row.line, name=row.name))
            continue
        seen_names.add(key)
        known = by_name.get(key) or (row.id if row.id in existing.people else None)
        if known is not None:
            result.known.append(known)
        else:
            rows.append(row)
    listed = set(result.known)
    for ident, name in existing.people.items():
        if ident not in listed and existing.roles.get(ident) != "external":
            result.leavers.append((ident, name))

    # -- units (new ones only; existing matched by name or id)
    unit_by_name = {_key(name): uid for uid, name in existing.units.items()}
    unit_by_name.update({_key(uid): uid for uid in existing.units})
    units: dict[str, PlannedUnit] = {}

    def unit_for(text: str) -> str | None:
        parent: str | None = None
        for part in (p.strip() for p in UNIT_SEPARATORS.split(text)):
            if not part:
                continue
            uid = unit_by_name.get(_key(part))
            if uid is None:
                uid = unique(slug(part), taken)
                unit_by_name[_key(part)] = uid
                units[uid] = PlannedUnit(uid, part, part_of=parent)
            parent = uid
        return parent

    # -- people: ids first (a manager may come later in the list than their staff)
    people: list[PlannedPerson] = []
    for row in rows:
        pid: str | None = None
        if row.id:
            wanted = row.id.strip()
            if wanted and "/" not in wanted and wanted not in taken:
                pid = wanted
                taken.add(pid)
        if pid is None:
            first = row.name.split()[0] if row.name.split() else row.name
            pid = unique(slug(first) or "person", taken)
        person = PlannedPerson(pid, row.name, "", title=row.title, line=row.line)
        person.unit = unit_for(row.unit) if row.unit else None
        started = date_of(row.started)
        if row.started not in (None, "") and started is None:
            result.warnings.append(
                words("warn.date", lang, line=row.line, name=row.name, value=row.started)
            )
            person.notes.append(words("note.date", lang, value=row.started))
        person.started = started
        people.append(person)

    # -- reports_to: by full name or id, among the list and the file
    ids_by_name = dict(by_name)
    ids_by_name.update({_key(p.name): p.id for p in people})
    ids_by_id = {p.id: p.id for p in people} | {pid: pid for pid in existing.people}
    for row, person in zip(rows, people, strict=True):
        if not row.reports_to:
            continue
        target = ids_by_name.get(_key(row.reports_to)) or ids_by_id.get(row.reports_to.strip())
        if target is None:
            result.warnings.append(
                words("warn.manager", lang, line=row.line, name=row.name, manager=row.reports_to)
            )
            person.notes.append(words("note.manager", lang, manager=row.reports_to))
        elif target == person.id:
            result.warnings.append(words("warn.self", lang, line=row.line, name=row.name))
        else:
            person.reports_to = target
    _break_cycles(people, result, lang)

    # -- roles: from the column, else guessed from who reports to whom
    managers = {p.reports_to for p in people if p.reports_to}
    for row, person in zip(rows, people, strict=True):
        role = role_of(row.role) if row.role else None
        if row.role and role is None:
            result.warnings.append(
                words("warn.role", lang, line=row.line, name=row.name, value=row.role)
            )
        if role is None:
            if person.id in managers:
                role = "leader" if person.reports_to is None else "inbetweener"
            else:
                role = "staff"
            person.notes.insert(0, words("note.role", lang, role=role))
        person.role = role

    # -- units' leaders and team meetings
    for uid, unit in units.items():
        heads = [p.id for p in people if p.unit == uid and p.role in ("leader", "inbetweener")]
        if len(heads) == 1:
            unit.leader = heads[0]
    if team_forums is not None:
        forum_word = words("team_forum", lang, unit="").strip()
        for uid, unit in units.items():
            members = [p.id for p in people if p.unit == uid]
            if unit.leader is not None and unit.leader not in members:
                members.insert(0, unit.leader)
            if len(members) < MIN_FORUM:
                continue
            fid = unique(slug(f"{forum_word} {uid}"), taken)
            name = words("team_forum", lang, unit=unit.name)
            result.forums.append(PlannedForum(fid, name, members, team_forums))
            unit.forum = fid
    for person in people:  # newcomers in a unit the file already has a meeting for
        forum = existing.unit_forums.get(person.unit or "")
        if forum is not None:
            result.members_to_add.append((person.id, forum))
    result.units = list(units.values())
    result.people = people
    return result


def _break_cycles(people: Sequence[PlannedPerson], result: Plan, lang: str) -> None:
    """Leave out the ``reports_to`` that closes a circle (A -> B -> A), in list order."""
    boss = {p.id: p.reports_to for p in people}
    for person in people:
        seen = {person.id}
        up = person.reports_to
        while up is not None and up in boss:
            if up in seen:
                result.warnings.append(
                    words("warn.cycle", lang, line=person.line, name=person.name)
                )
                person.notes.append(words("note.cycle", lang))
                person.reports_to = None
                boss[person.id] = None
                break
            seen.add(up)
            up = boss.get(up)


# -- writing ---------------------------------------------------------------------------------


def _comment(notes: Sequence[str]) -> str:
    text = "; ".join(" ".join(n.split()) for n in notes)
    return f"  # {text}" if text else ""


def person_fields(person: PlannedPerson) -> list[tuple[str, str]]:
    fields = [("name", scalar(person.name)), ("role", person.role)]
    if person.title:
        fields.append(("title", scalar(person.title)))
    if person.unit:
        fields.append(("unit", scalar(person.unit)))
    if person.reports_to:
        fields.append(("reports_to", scalar(person.reports_to)))
    if person.started is not None:
        fields.append(("started", person.started.isoformat()))
    return fields


def unit_fields(unit: PlannedUnit) -> list[tuple[str, str]]:
    fields = [("name", scalar(unit.name))]
    for key in ("part_of", "leader", "forum"):
        value = getattr(unit, key)
        if value:
            fields.append((key, scalar(value)))
    return fields


def forum_fields(forum: PlannedForum) -> list[tuple[str, str]]:
    return [
        ("name", scalar(forum.name)),
        ("members", flow_list(forum.members)),
        ("frequency", forum.frequency),
    ]


def entry_lines(
    ident: str,
    fields: list[tuple[str, str]],
    indent: int,
    flow: bool,
    field_indent: int,
    comment: str = "",
) -> list[str]:
    """One entry as YAML lines: ``id: {a: 1, b: 2}`` or a block of ``a: 1`` lines."""
    pad = " " * indent
    if flow:
        inner = ", ".join(f"{k}: {v}" for k, v in fields)
        return [f"{pad}{scalar(ident)}: {{{inner}}}{comment}"]
    # a block: the comment goes with the role it is usually about, else with the id
    on_role = comment and any(k == "role" for k, _ in fields)
    lines = [f"{pad}{scalar(ident)}:{'' if on_role else comment}"]
    for k, v in fields:
        lines.append(f"{' ' * field_indent}{k}: {v}{comment if on_role and k == 'role' else ''}")
    return lines


def new_file(
    result: Plan,
    *,
    org_id: str,
    org_name: str,
    lang: str,
    source: str,
    file_name: str,
    schema_ref: str,
) -> str:
    """The text of a new, commented organisation file."""

    def w(key: str, **values: object) -> str:
        return words(f"file.{key}", lang, **values)

    out = [
        f"# yaml-language-server: $schema={schema_ref}",
        f"# {w('head', source=source)}",
        f"# {w('check', file=file_name)}",
        f"# {w('next')}",
        "version: 1",
        "organisation:",
        f"  id: {scalar(org_id)}",
        f"  name: {scalar(org_name)}",
        f"  language: {lang}",
        f"  # direction:                     # {w('direction')}",
        "  #   pedagogical_line:",
        f"  #     leg: {w('direction_example')}",
        "",
    ]
    if result.units:
        out.append(f"units:                             # {w('units')}")
        for unit in result.units:
            out += entry_lines(unit.id, unit_fields(unit), 2, True, 4)
        out.append("")
    out.append(f"people:                            # {w('people')}")
    for person in result.people:
        out += entry_lines(person.id, person_fields(person), 2, True, 4, _comment(person.notes))
    out.append("")
    if result.forums:
        out.append(f"forums:                            # {w('forums')}")
        for forum in result.forums:
            out += entry_lines(forum.id, forum_fields(forum), 2, True, 4)
        out.append("")
    first = result.people[0].id if result.people else "id"
    second = result.people[1].id if len(result.people) > 1 else first
    out += [
        f"# tasks:                           # {w('tasks')}",
        "#   opgave-id:",
        f"#     title: {w('task_title')}",
        f"#     owner: {first}",
        f"#     description: ...             # {term('pack.q.task', lang)}",
        f"#     mandate: {{granted_by: {first}}}     # {term('pack.q.mandate', lang)}",
        f"#     resources: {{hours_per_week: 2}}    # {term('pack.q.resources', lang)}",
        "",
        f"# links:                           # {w('links')}",
        f"#   - {{between: [{first}, {second}], frequency: weekly}}",
        "",
    ]
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Insertion:
    at: int
    text: str


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one ``index`` is on (the end if there is none)."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _insertion(
    text: str,
    section: Section | None,
    name: str,
    entries: list[tuple[str, list[tuple[str, str]], str]],
    header_comment: str,
    before: Section | None = None,
) -> Insertion | None:
    """Where and what to add for ``entries`` (id, fields, comment) in section ``name``."""
    if not entries:
        return None
    nl = _newline(text)
    if section is None:
        lines = [f"{name}:"]
        lines += [f"  # {header_comment}"]
        for ident, fields, comment in entries:
            lines += entry_lines(ident, fields, 2, True, 4, comment)
        block = nl.join(lines) + nl
        if before is not None and before.key_column == 0:
            return Insertion(before.key_start, block + nl)
        lead = "" if not text or text.endswith("\n") else nl
        return Insertion(len(text), lead + nl + block)
    if section.style == "flow":
        raise StaffError("into_flow", section=name)
    if section.style not in ("block", "empty"):
        raise StaffError("into_shape", section=name)
    if section.entries:
        first = section.entries[0]
        indent = first.column
        flow = bool(first.flow_value)
        field_indent = first.field_column if first.field_column is not None else indent + 2
        at = _after_line(text, max(section.end, section.entries[-1].end))
    else:
        indent, flow, field_indent = 2, True, 4
        at = _after_line(text, section.key_start)
    lines = [f"{' ' * indent}# {header_comment}"]
    for ident, fields, comment in entries:
        lines += entry_lines(ident, fields, indent, flow, field_indent, comment)
    lead = "" if at == 0 or text[at - 1] == "\n" else nl
    return Insertion(at, lead + nl.join(lines) + nl)


def into_file(text: str, result: Plan, lang: str, source: str) -> tuple[str, list[Insertion]]:
    """``text`` with the plan's new units, people and forums added (nothing else changed)."""
    found = outline(text)
    added = words("file.added", lang, source=source)
    people = [(p.id, person_fields(p), _comment(p.notes)) for p in result.people]
    units = [(u.id, unit_fields(u), "") for u in result.units]
    forums = [(f.id, forum_fields(f), "") for f in result.forums]
    insertions = [
        _insertion(text, found.section("units"), "units", units, added, found.section("people")),
        _insertion(text, found.section("people"), "people", people, added),
        _insertion(text, found.section("forums"), "forums", forums, added),
    ]
    chosen = sorted((i for i in insertions if i is not None), key=lambda i: i.at)
    out = []
    last = 0
    for insertion in chosen:
        out.append(text[last : insertion.at])
        out.append(insertion.text)
        last = insertion.at
    out.append(text[last:])
    return "".join(out), chosen
