"""Generate synthetic organisation files for the benchmark (see benchmarks/README.md).

A generated organisation is a municipal daycare area built from units (institutions) of
about 40 people, each with one leader, about one inbetweener per 8 people (each the
coordinator of a team) and pedagogical staff, plus a few external partners. It has the
forums, links and tasks a real file has — delegated leadership tasks with mandates,
resources, success criteria and follow-up, ``part_of`` trees and ``depends_on`` chains,
practice tasks for staff (about 2.5 tasks per person in all) — and a handful of
deliberate gaps so the rules have something to find: ``max(6, people // 100)`` of them,
cycling through missing or expired mandates, overdue follow-up, output-only criteria,
drift off the pedagogical line, uncoordinated tasks and contributors, and so on. Every
leader also gets a CG209 info: with one leader per 40 people, spans are wide.

The output is valid per the file format (ids unique across sections, every reference
declared, no YAML 1.1 traps), seeded and reproducible: the same ``people`` and ``seed``
give byte-identical text. Dates are relative to :data:`AS_OF`; check with
``--as-of 2026-12-01`` for stable findings. The text is built with string joins, not
``yaml.dump``, so 10,000 people take well under a second or two.

Usage::

    python benchmarks/generate.py --people 2500 --seed 1 -o out.org.yaml
    python benchmarks/generate.py --folder DIR --files 500 --people 40 --seed 1
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

#: The check date the generated dates are relative to (pass it as ``--as-of``).
AS_OF = date(2026, 12, 1)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SCHEMA_COMMENT = "# yaml-language-server: $schema=../coordgraph/org.schema.json"

FIRST_NAMES = _words(
    """
    Anne Bo Mette Karim Louise Sofie Jens Hanne Ida Ahmed Nanna Lene Rasmus Ole Freja
    Birthe Søren Bjørn Åse Jørgen Signe Lars Nadia Thomas Birgitte Maria Peter Kasper
    Anja Emil Karen Yasmin Tina Jonas Rikke Mads Fatima Sune Helle Christian Line Gitte
    Erik Dorthe Ali Karina Bente Jette Niels Susanne Anders Maja Ditte Julie Sara Torben
    Amalie Kristian Mikkel Hassan Sanne Katrine Frederik Lotte Emma Simon Birgit Oliver
    Marie Jakob Cecilie Ella Laura Nikolaj Pia Mathias Stine Gry Vibeke Kirsten Henning
    Åge Tove Pernille
    """
)
LAST_NAMES = _words(
    """
    Holm Berg Kjær Haddad Østergaard Lund Møller Bæk Frederiksen Yilmaz Søgaard Thomsen
    Vestergaard Dahl Nørgaard Kragh Skov Ravn Jensen Nielsen Hansen Pedersen Andersen
    Christensen Larsen Sørensen Rasmussen Jørgensen Petersen Madsen Kristensen Olsen
    Poulsen Johansen Mortensen Knudsen Mikkelsen Bruun Brøndum Aagaard Højgaard Fogh
    Winther Lauridsen Damgaard Rahimi Juhl Hvid Bach Krogh Brandt Ebbesen Schmidt Jessen
    Bech Lindberg Mølgaard
    """
)
UNIT_NAMES = _words(
    """
    Solsikken Mælkebøtten Spiren Egebo Havblik Regnbuen Mariehønen Troldehøj Kastanjen
    Bøgely Lærkereden Skovtrolden Myretuen Stjernen Fyrtårnet Humlebien Æblehaven
    Åkanden Møllehuset Tusindfryd
    """
)
TEAM_NAMES = _words(
    """
    Mariehønen Sommerfuglen Regnbuen Skovgruppen Bjørnene Frøerne Egernene Uglerne
    Pindsvinene Myrerne Løverne Snegle
    """
)
STAFF_TITLES = (
    "Pædagog",
    "Pædagog",
    "Pædagog",
    "Pædagogmedhjælper",
    "Pædagogisk assistent",
    "Pædagog",
    "PAU-elev",
    "Pædagogmedhjælper",
)
EXTERNAL_TITLES = (
    "Psykolog, Pædagogisk Psykologisk Rådgivning (PPR)",
    "Tale-høre-konsulent, PPR",
    "Sundhedsplejerske, kommunens sundhedstjeneste",
    "Socialrådgiver, Familieafdelingen",
    "Sprogkonsulent, dagtilbudsafdelingen",
)
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})

DIRECTION = """\
  direction:
    pedagogical_line:
      icdp: Relationsbaseret pædagogik efter ICDP's otte samspilstemaer
      leg: Legen er grundlaget for børns læring, trivsel og udvikling
      sprogpaedagogik: Sprogunderstøttende samspil i hverdagens rutiner
      inkluderende-faellesskaber: Inkluderende børnefællesskaber, hvor alle deltager
    values:
      tryghed: Psykologisk tryghed for børn og voksne
      faellesskab: Alle børn er en del af fællesskabet
      anerkendelse: Vi møder barnet og familien med anerkendelse
    goals:
      sprog-maal: Alle børn har et alderssvarende sprog ved skolestart
      trivsel: Børns trivsel øges (kommunens børne- og ungepolitik)
      overgang: Sammenhængende overgang fra dagtilbud til skole
"""
LINE_ELEMENTS = ("icdp", "leg", "sprogpaedagogik", "inkluderende-faellesskaber")

# Specialty of an inbetweener: (key, title, task title, description, decides, serves,
# complexity, sub-task title, network name).
Specialty = tuple[str, str, str, str, tuple[str, ...], tuple[str, ...], str, str, str]
SPECIALTIES: tuple[Specialty, ...] = (
    (
        "icdp",
        "ICDP-vejleder",
        "Implementering af ICDP",
        "Planlægge ICDP-træningsgrupper og følge op med videofeedback på stuerne",
        ("Mødeplan for ICDP-træning", "Fordeling af vejledningstimer"),
        ("icdp", "tryghed"),
        "high",
        "Videofeedback på stuerne",
        "ICDP-vejledere",
    ),
    (
        "sprog",
        "Sprogvejleder",
        "Sprogindsats",
        "Vejlede kollegerne i sprogunderstøttende samspil og følge op på sprogvurderinger",
        ("Plan for sproggrupper", "Valg af materialer til dialogisk læsning"),
        ("sprogpaedagogik", "sprog-maal"),
        "medium",
        "Sprogcafé for forældre",
        "sprogvejledere",
    ),
    (
        "inklusion",
        "Inklusionsvejleder",
        "Inklusionsindsats",
        "Vejlede teamene i at skabe inkluderende fællesskaber for børn i udsatte positioner",
        ("Prioritering af vejledningsforløb", "Indhold i tværfaglige møder"),
        ("inkluderende-faellesskaber", "trivsel"),
        "high",
        "Tværfaglige sparringsmøder",
        "inklusionsvejledere",
    ),
    (
        "leg",
        "Legevejleder",
        "Udvikling af legemiljøer",
        "Udvikle legemiljøer ude og inde og vejlede kollegerne i at deltage i børnenes leg",
        ("Indretning af legezoner", "Indkøb af legematerialer"),
        ("leg", "faellesskab"),
        "medium",
        "Legezoner på legepladsen",
        "legevejledere",
    ),
)
PRACTICE = (
    ("Sproggrupper for de ældste børn", ("sprogpaedagogik",)),
    ("Legezoner på legepladsen", ("leg",)),
    ("Indkøring af nye børn", ("tryghed", "icdp")),
    ("Dialogisk læsning på stuen", ("sprogpaedagogik", "sprog-maal")),
    ("Måltidspædagogik", ("faellesskab",)),
    ("Forældresamtaler", ("anerkendelse",)),
    ("Overgangssamtaler med skolen", ("overgang",)),
    ("Bevægelseslege", ("leg",)),
    ("Naturture", ("leg", "faellesskab")),
    ("Relationsarbejde med børn i udsatte positioner", ("icdp", "inkluderende-faellesskaber")),
    ("Praktikvejledning", ()),
    ("Pædagogisk dokumentation", ("leg",)),
)
LIMITS = (
    "Budget, vagtplan og personaleforhold afgøres af lederen",
    "Indkøb over 5.000 kr. og personaleforhold afgøres af lederen",
    "Inden for institutionens budget; ansættelser afgøres af lederen",
)
VALID_UNTIL = ("2027-06-30", "2027-07-31", "2027-12-31")
GAP_KINDS = (
    "missing-mandate",  # CG201
    "expired-mandate",  # CG205
    "overdue-follow-up",  # CG305
    "output-only",  # CG307
    "off-line",  # CG302
    "foreign-granter",  # CG101
    "missing-resources",  # CG204
    "undefined-task",  # CG203
    "not-announced",  # CG207
    "staff-owner",  # CG206
    "stranger-contributor",  # CG104
)


def _q(text: str) -> str:
    """A double-quoted YAML scalar (safe for any text)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(items: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(items) + "]"


class _Person:
    __slots__ = ("hours", "id", "name", "reports_to", "role", "team", "title", "unit")

    def __init__(self, pid: str, name: str, role: str, title: str) -> None:
        self.id = pid
        self.name = name
        self.role = role
        self.title = title
        self.reports_to: str | None = None
        self.unit = -1
        self.team = -1
        self.hours: int | None = None


class _Task:
    __slots__ = (
        "announced",
        "complexity",
        "contributors",
        "criteria",
        "decides",
        "depends_on",
        "description",
        "follow_up",
        "granted_by",
        "id",
        "kind",
        "limits",
        "may_delegate",
        "owner",
        "part_of",
        "resources",
        "serves",
        "title",
        "valid_until",
    )

    def __init__(self, tid: str, title: str, owner: str, kind: str = "leadership") -> None:
        self.id = tid
        self.title = title
        self.owner = owner
        self.kind = kind
        self.description: str | None = None
        self.contributors: list[str] = []
        self.complexity: str | None = None
        self.part_of: str | None = None
        self.depends_on: list[str] = []
        self.granted_by: str | None = None  # mandate present when set
        self.decides: tuple[str, ...] = ()
        self.limits = ""
        self.valid_until = ""
        self.may_delegate = False
        self.announced: list[str] = []
        self.resources: tuple[int, int | None, str | None] | None = None
        self.criteria: list[tuple[str, str | None]] = []
        self.follow_up: tuple[str, str, str] | None = None
        self.serves: tuple[str, ...] = ()


def _counts(people: int) -> tuple[int, int, int, int]:
    """Leaders, inbetweeners, externals and staff for ``people`` people in all."""
    leaders = max(1, round(people / 40))
    inbetweeners = max(1, round(people / 8)) if people >= 3 else 0
    externals = max(1, round(people * 0.025)) if people >= 6 else 0
    leaders = min(leaders, people)
    inbetweeners = min(inbetweeners, people - leaders)
    externals = min(externals, people - leaders - inbetweeners)
    return leaders, inbetweeners, externals, people - leaders - inbetweeners - externals


def generate(
    people: int,
    seed: int = 0,
    *,
    org_id: str | None = None,
    name: str | None = None,
    gappy: bool = False,
) -> str:
    """Return the YAML text of one synthetic organisation with exactly ``people`` people.

    ``gappy``: every task is a leadership task, handed over with a mandate and a
    follow-up but without description, resources or success criteria, so nearly every
    task has three findings or more (a findings-heavy file).
    """
    if people < 1:
        raise ValueError("people must be at least 1")
    rng = random.Random(seed)
    rand = rng.random
    randrange = rng.randrange

    def pick(seq: tuple | list):  # type: ignore[type-arg]
        return seq[randrange(len(seq))]

    n_lead, n_inb, n_ext, _ = _counts(people)

    # -- people ----------------------------------------------------------------------
    persons: list[_Person] = []
    for i in range(people):
        first = pick(FIRST_NAMES)
        last = pick(LAST_NAMES)
        pid = f"{first.lower().translate(_ASCII)}-{last.lower().translate(_ASCII)}-{i + 1}"
        persons.append(_Person(pid, f"{first} {last}", "", ""))
    leaders = persons[:n_lead]
    inbs = persons[n_lead : n_lead + n_inb]
    exts = persons[n_lead + n_inb : n_lead + n_inb + n_ext]
    staff = persons[n_lead + n_inb + n_ext :]

    units = n_lead
    unit_names = [
        f"Børnehuset {UNIT_NAMES[u % len(UNIT_NAMES)]}"
        + (f" {u // len(UNIT_NAMES) + 1}" if u >= len(UNIT_NAMES) else "")
        for u in range(units)
    ]
    head = leaders[0]
    head.role = "leader"
    head.title = "Dagtilbudsleder" if units == 1 else "Områdeleder"
    # Leaders in areas of up to 8 below the head once there are more than 9.
    area_of: list[int] = [0] * units
    area_heads: list[_Person] = []
    if units > 9:
        for u in range(1, units):
            area_of[u] = (u - 1) // 8
            if (u - 1) % 8 == 0:
                area_heads.append(leaders[u])
    for u, p in enumerate(leaders):
        p.role = "leader"
        p.unit = u
        if u == 0:
            continue
        p.title = f"Daglig pædagogisk leder, {unit_names[u]}"
        if units > 9 and (u - 1) % 8 != 0:
            p.reports_to = area_heads[area_of[u]].id
        else:
            p.reports_to = head.id
        if units > 9 and (u - 1) % 8 == 0:
            p.title = f"Områdeleder og daglig leder, {unit_names[u]}"

    # Inbetweeners and staff spread over units; one team per inbetweener.
    unit_inbs: list[list[_Person]] = [[] for _ in range(units)]
    for i, p in enumerate(inbs):
        p.role = "inbetweener"
        p.unit = i % units
        p.team = len(unit_inbs[p.unit])
        unit_inbs[p.unit].append(p)
        p.reports_to = leaders[p.unit].id
    unit_teams: list[list[list[_Person]]] = [
        [[] for _ in range(max(1, len(unit_inbs[u])))] for u in range(units)
    ]
    unit_loose: list[list[_Person]] = [[] for _ in range(units)]
    for i, p in enumerate(staff):
        p.role = "staff"
        p.title = pick(STAFF_TITLES)
        p.unit = i % units
        teams = unit_teams[p.unit]
        p.team = (i // units) % len(teams)
        teams[p.team].append(p)
        unit_loose[p.unit].append(p)
        p.reports_to = leaders[p.unit].id
    for i, p in enumerate(exts):
        p.role = "external"
        p.title = EXTERNAL_TITLES[i % len(EXTERNAL_TITLES)]
        p.unit = i % units
    spec_of: dict[str, int] = {}
    for p in inbs:
        spec = (p.unit + p.team) % (len(SPECIALTIES) + 1)
        spec_of[p.id] = spec
        team_name = TEAM_NAMES[p.team % len(TEAM_NAMES)]
        if spec == len(SPECIALTIES):
            p.title = f"Teamkoordinator, {team_name}"
        else:
            p.title = f"{SPECIALTIES[spec][1]} og teamkoordinator, {team_name}"

    def team_forum(u: int, t: int) -> str:
        return f"teammoede-{u + 1}-{t + 1}"

    def unit_forum(u: int) -> str:
        return f"personalemoede-{u + 1}"

    # -- forums ----------------------------------------------------------------------
    forums: list[str] = []

    def forum(fid: str, fname: str, members: list[str], frequency: str) -> None:
        forums.append(
            f"  {fid}:\n    name: {_q(fname)}\n    members: {_flow(members)}\n"
            f"    frequency: {frequency}\n"
        )

    if units > 9:
        forum(
            "ledergruppe",
            "Områdets ledergruppe",
            [head.id] + [a.id for a in area_heads],
            "biweekly",
        )
        for a in range(len(area_heads)):
            members = [leaders[u].id for u in range(1, units) if area_of[u] == a]
            forum(f"ledergruppe-{a + 1}", f"Ledergruppe, område {a + 1}", members, "biweekly")
    elif units > 1:
        forum("ledergruppe", "Ledergruppe", [p.id for p in leaders], "biweekly")
    for u in range(units):
        members = [leaders[u].id] + [p.id for p in unit_inbs[u]] + [p.id for p in unit_loose[u]]
        forum(unit_forum(u), f"Personalemøde, {unit_names[u]}", members, "monthly")
        if unit_inbs[u]:
            for t, coordinator in enumerate(unit_inbs[u]):
                members = [coordinator.id] + [p.id for p in unit_teams[u][t]]
                forum(
                    team_forum(u, t),
                    f"Teammøde, {TEAM_NAMES[t % len(TEAM_NAMES)]}, {unit_names[u]}",
                    members,
                    "weekly",
                )
    for s, spec in enumerate(SPECIALTIES):
        members = [p.id for p in inbs if spec_of[p.id] == s]
        for chunk in range(0, len(members), 12):
            group = members[chunk : chunk + 12]
            if len(group) >= 2:
                forum(
                    f"netvaerk-{spec[0]}-{chunk // 12 + 1}",
                    f"Netværk for {spec[8]} {chunk // 12 + 1}",
                    group,
                    "monthly",
                )

    # -- links -----------------------------------------------------------------------
    links: list[str] = []

    def link(a: str, b: str, frequency: str, channel: str, trust: str | None = None) -> None:
        text = f"  - between: [{a}, {b}]\n    frequency: {frequency}\n    channel: {_q(channel)}\n"
        if trust is not None:
            text += f"    trust: {trust}\n"
        links.append(text)

    trusts = ("high", "high", "medium")
    for p in leaders[1:]:
        link(p.reports_to or head.id, p.id, "biweekly", "1:1-møde", pick(trusts))
    for p in inbs:
        high = spec_of[p.id] < len(SPECIALTIES) and SPECIALTIES[spec_of[p.id]][6] == "high"
        link(leaders[p.unit].id, p.id, "weekly" if high else "biweekly", "1:1-møde", pick(trusts))
    for p in exts:
        link(leaders[p.unit].id, p.id, pick(("monthly", "quarterly")), "Tværfagligt møde")
    for u in range(units):
        loose = unit_loose[u]
        for i in range(1, len(loose), 5):
            if rand() < 0.5:
                link(loose[i - 1].id, loose[i].id, "daily", "Makkerpar på stuen")

    # -- tasks -----------------------------------------------------------------------
    tasks: list[_Task] = []
    spec_tasks: dict[str, _Task] = {}
    team_tasks: dict[str, _Task] = {}
    practice_by_unit: list[list[_Task]] = [[] for _ in range(units)]

    def follow_up(task: _Task, leader: str, every: str) -> None:
        back = randrange(3, 25) if every == "monthly" else randrange(10, 80)
        task.follow_up = (leader, every, (AS_OF - timedelta(days=back)).isoformat())

    def delegate(task: _Task, granted_by: str, announced: list[str]) -> None:
        task.granted_by = granted_by
        task.limits = pick(LIMITS)
        task.valid_until = pick(VALID_UNTIL)
        task.announced = announced

    for u in range(units):
        leader = leaders[u]
        unit = unit_names[u]
        ext_here = [p.id for p in exts if p.unit == u]
        t = _Task(f"laereplan-{u + 1}", f"Pædagogisk læreplan i {unit}", leader.id)
        t.description = "Evaluere læreplanen med personalet og justere læringsmiljøerne"
        t.contributors = [p.id for p in unit_inbs[u][:3]]
        t.complexity = "high"
        t.serves = ("leg", "icdp")
        tasks.append(t)
        t = _Task(f"kvalitet-{u + 1}", f"Kvalitetsdialog og tidlig indsats i {unit}", leader.id)
        t.description = "Følge op på børnenes trivsel og samarbejde med kommunens fagfolk"
        t.contributors = ext_here[:2]
        t.serves = ("inkluderende-faellesskaber", "trivsel")
        tasks.append(t)

        previous_spec: _Task | None = None
        delegator: _Task | None = None
        for p in unit_inbs[u]:
            team = unit_teams[u][p.team]
            team_ids = [s.id for s in team]
            team_name = TEAM_NAMES[p.team % len(TEAM_NAMES)]
            hours = 0
            t = _Task(
                f"teamkoordinering-{u + 1}-{p.team + 1}",
                f"Teamkoordinering, {team_name}, {unit}",
                p.id,
            )
            t.description = (
                "Lede teammøderne, fordele de pædagogiske opgaver og sikre sammenhæng "
                "med den pædagogiske linje"
            )
            t.contributors = team_ids[:4]
            delegate(t, leader.id, [team_forum(u, p.team)])
            t.decides = ("Dagsorden for teammøder", "Fordeling af opgaver i teamet")
            t.resources = (2, None, None)
            hours += 2
            t.criteria = [
                ("Teamet evaluerer sin praksis mod læreplanen hvert halve år", None),
                ("Forældrene oplever en tryg hverdag for deres børn", "outcome"),
            ]
            follow_up(t, leader.id, "monthly")
            t.serves = (pick(LINE_ELEMENTS), "tryghed")
            tasks.append(t)
            team_tasks[p.id] = t

            s = spec_of[p.id]
            if s < len(SPECIALTIES):
                key, _title, ttitle, desc, decides, serves, cx, subtitle, _net = SPECIALTIES[s]
                t = _Task(f"{key}-{u + 1}-{p.team + 1}", f"{ttitle} i {unit}", p.id)
                t.description = desc
                t.contributors = team_ids[4:7] or team_ids[:2]
                t.complexity = cx
                delegate(t, leader.id, [unit_forum(u)])
                t.decides = decides
                if delegator is None:
                    t.may_delegate = True
                h = 3 + randrange(2)
                t.resources = (h, 5000 * (1 + randrange(4)), "Vikardækning og materialer")
                hours += h
                t.criteria = [
                    ("Alle pædagoger i teamet har deltaget i et vejledningsforløb", "output"),
                    ("Børnene oplever mere nærværende voksne", "outcome"),
                ]
                follow_up(t, leader.id, pick(("monthly", "quarterly")))
                t.serves = serves
                if previous_spec is not None:
                    t.depends_on = [previous_spec.id]
                tasks.append(t)
                spec_tasks[p.id] = t
                if rand() < 0.5:
                    sub = _Task(f"{t.id}-del", f"{subtitle} i {unit}", p.id)
                    sub.description = f"Delopgave under {ttitle.lower()}: {subtitle.lower()}"
                    sub.contributors = team_ids[:2]
                    sub.complexity = "low"
                    sub.part_of = t.id
                    delegate(sub, leader.id, [team_forum(u, p.team)])
                    sub.decides = (f"Planlægning af {subtitle.lower()}",)
                    sub.resources = (1, None, None)
                    hours += 1
                    sub.criteria = [("Kollegerne bruger vejledningen i hverdagen", None)]
                    follow_up(sub, leader.id, "quarterly")
                    tasks.append(sub)
                elif delegator is not None:
                    # Re-delegated by a colleague who holds a mandate that may delegate.
                    sub = _Task(
                        f"{delegator.id}-{p.team + 1}", f"{delegator.title}, {team_name}", p.id
                    )
                    sub.description = "Videredelegeret del af indsatsen for teamets børn"
                    sub.contributors = team_ids[:2]
                    sub.complexity = "low"
                    sub.part_of = delegator.id
                    delegate(sub, delegator.owner, [unit_forum(u)])
                    sub.decides = ("Tilrettelæggelse i teamet",)
                    sub.resources = (1, None, None)
                    hours += 1
                    sub.criteria = [("Teamets børn indgår i indsatsen", None)]
                    follow_up(sub, leader.id, "quarterly")
                    tasks.append(sub)
                if delegator is None:
                    delegator = t
                previous_spec = t
            if rand() < 0.35:
                p.hours = hours + randrange(3)

        # Practice tasks for staff (2 or 3 each), inside their team.
        for t_index, team in enumerate(unit_teams[u]):
            parent = spec_tasks.get(unit_inbs[u][t_index].id) if unit_inbs[u] else None
            previous: _Task | None = None
            for sp in team:
                for k in range(2 if rand() < 0.45 else 3):
                    title, serves = pick(PRACTICE)
                    t = _Task(f"{sp.id}-opgave-{k + 1}", title, sp.id, kind="practice")
                    if len(team) > 1:
                        other = team[randrange(len(team))]
                        if other is not sp:
                            t.contributors = [other.id]
                    if parent is not None and rand() < 0.25:
                        t.part_of = parent.id
                    else:
                        t.serves = serves
                    if previous is not None and rand() < 0.2:
                        t.depends_on = [previous.id]
                    tasks.append(t)
                    practice_by_unit[u].append(t)
                    previous = t

    # -- gaps --------------------------------------------------------------------------
    n_gaps = max(6, people // 100)
    targets = list(team_tasks.values()) + list(spec_tasks.values())
    order = [targets[i] for i in _shuffled(len(targets), rng)]
    used: set[str] = set()
    g = 0
    attempts = 0
    while g < n_gaps and attempts < n_gaps * 3 and order:
        kind = GAP_KINDS[(seed + attempts) % len(GAP_KINDS)]
        attempts += 1
        if _apply_gap(kind, order, used, tasks, leaders, staff, practice_by_unit, rng):
            g += 1

    if gappy:
        unit_of = {p.id: p.unit for p in persons}
        for t in tasks:
            t.kind = "leadership"
            t.description = None
            t.resources = None
            t.criteria = []
            leader = leaders[max(0, unit_of[t.owner])].id
            if t.granted_by is None and leader != t.owner:
                delegate(t, leader, [])
            if t.follow_up is None and leader != t.owner:
                follow_up(t, leader, "monthly")

    # -- text --------------------------------------------------------------------------
    oid = org_id or f"syntetisk-{people}-{seed}"
    oname = name or f"Syntetisk dagtilbudsområde ({people} personer, seed {seed})"
    out: list[str] = [
        SCHEMA_COMMENT,
        "\n# Generated by benchmarks/generate.py; dates are relative to ",
        AS_OF.isoformat(),
        "\nversion: 1\norganisation:\n  id: ",
        oid,
        "\n  name: ",
        _q(oname),
        "\n",
        DIRECTION,
        "\npeople:\n",
    ]
    for p in persons:
        line = f"  {p.id}: {{name: {_q(p.name)}, role: {p.role}, title: {_q(p.title)}"
        if p.reports_to is not None:
            line += f", reports_to: {p.reports_to}"
        if p.hours is not None:
            line += f", leadership_hours: {p.hours}"
        out.append(line + "}\n")
    if forums:
        out.append("\nforums:\n")
        out.extend(forums)
    out.append("\ntasks:\n")
    out.extend(_task_text(t) for t in tasks)
    if links:
        out.append("\nlinks:\n")
        out.extend(links)
    return "".join(out)


def _shuffled(n: int, rng: random.Random) -> list[int]:
    """A seeded permutation of ``range(n)`` using only ``random()`` (stable everywhere)."""
    keys = [rng.random() for _ in range(n)]
    return sorted(range(n), key=keys.__getitem__)


def _apply_gap(
    kind: str,
    order: list[_Task],
    used: set[str],
    tasks: list[_Task],
    leaders: list[_Person],
    staff: list[_Person],
    practice_by_unit: list[list[_Task]],
    rng: random.Random,
) -> bool:
    """Introduce one deliberate gap of ``kind``; False when no target fits."""

    def take(pred: Callable[[_Task], bool] = lambda t: True) -> _Task | None:
        for t in order:
            if t.id not in used and pred(t):
                used.add(t.id)
                return t
        return None

    if kind == "staff-owner":
        candidates = [p for p in staff if p.team >= 0 and p.id not in used]
        if not candidates:
            return False
        p = candidates[int(rng.random() * len(candidates))]
        used.add(p.id)
        leader = leaders[p.unit]
        t = _Task(f"{p.id}-sprogansvar", "Sprogansvarlig på stuen", p.id)
        t.description = "Planlægge sprogaktiviteter og inspirere kollegerne på stuen"
        t.granted_by = leader.id
        t.decides = ("Valg af sprogmaterialer",)
        t.limits = LIMITS[0]
        t.valid_until = VALID_UNTIL[0]
        t.announced = [f"personalemoede-{p.unit + 1}"]
        t.resources = (1, 2000, None)
        t.criteria = [("Børnene bruger flere ord i hverdagens samtaler", "outcome")]
        t.follow_up = (leader.id, "quarterly", (AS_OF - timedelta(days=30)).isoformat())
        t.serves = ("sprogpaedagogik",)
        tasks.append(t)
        return True
    if kind == "stranger-contributor":
        if len(practice_by_unit) < 2:
            return False
        for u in range(len(practice_by_unit) - 1):
            here, there = practice_by_unit[u], practice_by_unit[u + 1]
            if here and there:
                task = here[int(rng.random() * len(here))]
                if task.id in used:
                    continue
                stranger = there[int(rng.random() * len(there))].owner
                if stranger not in task.contributors and stranger != task.owner:
                    used.add(task.id)
                    task.contributors = [*task.contributors, stranger]
                    return True
        return False
    if kind == "foreign-granter":
        if len(leaders) < 2:
            return False
        t = take()
        if t is None:
            return False
        own = t.granted_by
        index = next(i for i, p in enumerate(leaders) if p.id == own)
        t.granted_by = leaders[(index + 1) % len(leaders)].id
        return True
    if kind == "off-line":
        t = take(lambda t: t.id.startswith("teamkoordinering-"))
        if t is None:
            return False
        t.serves = ("overgang",)
        return True
    if kind == "missing-mandate":
        t = take(lambda t: not t.may_delegate)
        if t is None:
            return False
        t.granted_by = None
        return True
    t = take()
    if t is None:
        return False
    if kind == "expired-mandate":
        t.valid_until = "2026-06-30"
    elif kind == "overdue-follow-up":
        assert t.follow_up is not None
        t.follow_up = (t.follow_up[0], "monthly", "2026-05-12")
    elif kind == "output-only":
        t.criteria = [
            ("Antal gennemførte møder registreret", "output"),
            ("Referat lagt på intranettet efter hvert møde", "output"),
        ]
    elif kind == "missing-resources":
        t.resources = None
    elif kind == "undefined-task":
        t.description = None
    elif kind == "not-announced":
        t.announced = []
    return True


def _task_text(t: _Task) -> str:
    parts = [f"  {t.id}:\n    title: {_q(t.title)}\n"]
    if t.kind != "leadership":
        parts.append(f"    kind: {t.kind}\n")
    if t.description is not None:
        parts.append(f"    description: {_q(t.description)}\n")
    parts.append(f"    owner: {t.owner}\n")
    if t.contributors:
        parts.append(f"    contributors: {_flow(t.contributors)}\n")
    if t.complexity is not None:
        parts.append(f"    complexity: {t.complexity}\n")
    if t.part_of is not None:
        parts.append(f"    part_of: {t.part_of}\n")
    if t.depends_on:
        parts.append(f"    depends_on: {_flow(t.depends_on)}\n")
    if t.granted_by is not None:
        parts.append(
            f"    mandate:\n      granted_by: {t.granted_by}\n"
            f"      decides: {_flow([_q(d) for d in t.decides])}\n"
            f"      limits: {_q(t.limits)}\n"
            f"      valid_until: {t.valid_until}\n"
        )
        if t.may_delegate:
            parts.append("      may_delegate: true\n")
        parts.append(f"      announced_to: {_flow(t.announced)}\n")
    if t.resources is not None:
        hours, budget, note = t.resources
        parts.append(f"    resources:\n      hours_per_week: {hours}\n")
        if budget is not None:
            parts.append(f"      budget_dkk: {budget}\n")
        if note is not None:
            parts.append(f"      note: {_q(note)}\n")
    if t.criteria:
        parts.append("    success_criteria:\n")
        for text, kind in t.criteria:
            if kind is None:
                parts.append(f"      - {_q(text)}\n")
            else:
                parts.append(f"      - {{text: {_q(text)}, kind: {kind}}}\n")
    if t.follow_up is not None:
        who, every, last = t.follow_up
        parts.append(
            f"    follow_up:\n      with: {who}\n      every: {every}\n      last: {last}\n"
        )
    if t.serves:
        parts.append(f"    serves: {_flow(t.serves)}\n")
    return "".join(parts)


# -- shapes that stress one dimension ---------------------------------------------------

_HEAD = "version: 1\norganisation: {id: form, name: Formen}\n"


def _everyone(ids: list[str]) -> str:
    """One forum of everyone: nobody is isolated, so the shape is not a findings list."""
    return "forums:\n  alle:\n    frequency: monthly\n    members:\n" + "".join(
        f"      - {i}\n" for i in ids
    )


def reports_to_cycle(people: int, size: int = 0) -> str:
    """Everyone reports to the next in one circle (or in circles of ``size``, e.g. 2),
    all in one forum with a leader."""
    size = size or people
    lines = [_HEAD, "people:\n", "  leder: {name: Leder, role: leader}\n"]
    for i in range(people):
        boss = i + 1 if (i + 1) % size else i + 1 - size
        lines.append(f"  p{i}: {{name: Person {i}, role: staff, reports_to: p{boss}}}\n")
    lines.append(_everyone(["leder", *(f"p{i}" for i in range(people))]))
    return "".join(lines)


_DIRECTION = (
    "  direction:\n    pedagogical_line:\n      leg: Legen er grundlaget for børns læring\n"
)
_TASK_BODY = (
    "description: Planlægge og følge indsatsen, "
    "resources: {hours_per_week: 2}, "
    "success_criteria: [{text: Børnene oplever mere ro, kind: outcome}], "
    "serves: [leg]"
)


def reports_to_chain(depth: int) -> str:
    """A leader and a chain ``depth`` deep below her, everyone owning a delegated task
    without a mandate or follow-up: every accountable leader is found by walking up the
    chain (each task's other answers are written, so it has two findings, not ten)."""
    lines = [
        "version: 1\norganisation:\n  id: form\n  name: Formen\n",
        _DIRECTION,
        "people:\n",
        "  p0: {name: Leder, role: leader}\n",
    ]
    for i in range(1, depth + 1):
        lines.append(f"  p{i}: {{name: Person {i}, role: inbetweener, reports_to: p{i - 1}}}\n")
    lines.append(_everyone([f"p{i}" for i in range(depth + 1)]))
    lines.append("tasks:\n")
    for i in range(1, depth + 1):
        lines.append(f"  t{i}: {{title: Opgave {i}, owner: p{i}, {_TASK_BODY}}}\n")
    return "".join(lines)


def part_of_chain(depth: int) -> str:
    """A task re-delegated ``depth`` times: each part granted by the owner of the task it
    is part of, who may delegate, and followed up by the leader; the chain's authority
    is checked up to the leader."""
    lines = [
        "version: 1\norganisation:\n  id: form\n  name: Formen\n",
        _DIRECTION,
        "people:\n",
        "  p0: {name: Leder, role: leader}\n",
    ]
    for i in range(1, depth + 1):
        lines.append(f"  p{i}: {{name: Person {i}, role: inbetweener, reports_to: p0}}\n")
    lines.append(_everyone([f"p{i}" for i in range(depth + 1)]))
    lines.append("tasks:\n")
    follow = "follow_up: {with: p0, every: monthly, last: 2026-11-15}"
    for i in range(1, depth + 1):
        part = f"part_of: t{i - 1}, " if i > 1 else ""
        lines.append(
            f"  t{i}: {{title: Opgave {i}, owner: p{i}, {part}{_TASK_BODY}, {follow}, "
            f"mandate: {{granted_by: p{i - 1}, may_delegate: true}}}}\n"
        )
    return "".join(lines)


def many_contributors(count: int) -> str:
    """One task with ``count`` contributors, none of whom talks to its owner (they meet
    each other in a forum): a finding for each contributor."""
    lines = [_HEAD, "people:\n", "  leder: {name: Leder, role: leader}\n"]
    lines += [f"  p{i}: {{name: Person {i}, role: staff}}\n" for i in range(count)]
    lines.append(_everyone([f"p{i}" for i in range(count)]))
    lines.append("tasks:\n  t:\n    title: Den store opgave\n    owner: leder\n")
    lines.append("    contributors:\n")
    lines += [f"      - p{i}\n" for i in range(count)]
    return "".join(lines)


def generate_folder(path: str | Path, files: int, people: int, seed: int = 0) -> list[Path]:
    """Write ``files`` institution files ``inst-0001.org.yaml``, ... into ``path``."""
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for i in range(1, files + 1):
        target = folder / f"inst-{i:04d}.org.yaml"
        unit = UNIT_NAMES[(i - 1) % len(UNIT_NAMES)]
        text = generate(
            people,
            seed=seed * 1_000_003 + i,
            org_id=f"inst-{i:04d}",
            name=f"Børnehuset {unit} (institution {i})",
        )
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=2500, help="people per organisation")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", help="file to write (default: standard output)")
    parser.add_argument("--folder", help="write --files institution files into this folder")
    parser.add_argument("--files", type=int, default=10, help="number of files for --folder")
    args = parser.parse_args(argv)
    if args.people < 1 or args.files < 0:
        parser.error("--people must be at least 1 and --files not negative")
    if args.folder:
        written = generate_folder(args.folder, args.files, args.people, args.seed)
        print(f"wrote {len(written)} files to {args.folder}", file=sys.stderr)
        return 0
    text = generate(args.people, args.seed)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
