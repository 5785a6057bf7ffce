"""Organisations and findings for the rendering tests, built by hand.

The renderers work from an :class:`Organisation`, an :class:`OrgGraph` and findings; these
helpers build those directly so the rendering tests do not depend on the loader or the
rules. ``synthetic(n)`` makes an organisation of ``n`` people shaped like a real one:
a few leaders, an inbetweener per team, teams of staff, forums, links and tasks.
"""

from __future__ import annotations

from datetime import date

from coordgraph.findings import Finding, Related, Severity, Span
from coordgraph.graph import OrgGraph
from coordgraph.model import (
    DirectionElement,
    FollowUp,
    Forum,
    Link,
    Mandate,
    Organisation,
    Person,
    Resources,
    SuccessCriterion,
    Task,
)

PATH = "orgs/solsikken.org.yaml"


def solsikken() -> Organisation:
    """The format reference's example plus a second inbetweener whose tasks have problems."""
    people = {
        "anne": Person("anne", "Anne Holm", "leader", "Dagtilbudsleder"),
        "bo": Person("bo", "Bo Berg", "inbetweener", "ICDP-vejleder", "anne", 5),
        "carla": Person("carla", "Carla Dam", "staff", "Pædagog", "anne"),
        "dorte": Person("dorte", "Dorte Øster", "inbetweener", "Sprogansvarlig", "anne"),
        "erik": Person("erik", 'Erik "Æble" Ås', "staff", "Pædagogmedhjælper", "dorte"),
        "frida": Person("frida", "Frida Lund", "external", "Talepædagog (PPR)"),
    }
    direction = {
        "icdp": DirectionElement("icdp", "pedagogical_line", "Relationsbaseret pædagogik"),
        "sprog": DirectionElement("sprog", "goals", "Alle børn styrkes sprogligt"),
    }
    forums = {
        "personalemoede": Forum(
            "personalemoede", ("anne", "bo", "carla", "dorte", "erik"), "monthly", "Personalemøde"
        )
    }
    tasks = {
        "icdp-implementering": Task(
            id="icdp-implementering",
            title="Tovholder på implementering af ICDP",
            owner="bo",
            description="Planlægge og følge ICDP-forløbet",
            contributors=("carla",),
            complexity="high",
            mandate=Mandate(
                granted_by="anne",
                decides=("Mødeplan for ICDP-træning",),
                limits="Budget afgøres af lederen",
                valid_until=date(2027, 6, 30),
                announced_to=("personalemoede",),
            ),
            resources=Resources(4, 20000, "Vikardækning på kursusdage"),
            success_criteria=(
                SuccessCriterion("Alle pædagoger har gennemført ICDP trin 1"),
                SuccessCriterion("Forældre oplever mere ro", "outcome"),
            ),
            follow_up=FollowUp("anne", "monthly", date(2026, 10, 15)),
            serves=("icdp",),
        ),
        "sprogindsats": Task(
            id="sprogindsats",
            title="Sprogindsats i vuggestuen",
            owner="dorte",
            contributors=("erik", "frida"),
            depends_on=("icdp-implementering",),
            serves=("sprog",),
        ),
        "sprogscreening": Task(
            id="sprogscreening",
            title="Sprogscreening af 3-årige",
            owner="erik",
            kind="practice",
            part_of="sprogindsats",
        ),
    }
    links = (
        Link(0, ("anne", "bo"), "weekly", "1:1-møde", "high"),
        Link(1, ("bo", "carla"), "daily"),
        Link(2, ("dorte", "erik"), "quarterly"),
    )
    return Organisation(
        "solsikken", "Børnehuset Solsikken", direction, people, forums, tasks, links
    )


def finding(code: str, node: str, *related: str, line: int = 1, fix: str = "") -> Finding:
    return Finding(
        code=code,
        name=code.lower(),
        severity=Severity.WARNING,
        message=f"{code} about {node}",
        path=PATH,
        span=Span(line, 1, line, 2),
        node=node,
        fix=fix or f"Fix {code}",
        related=tuple(Related(r, Span(1, 1, 1, 2), r) for r in related),
    )


def solsikken_findings() -> list[Finding]:
    """Findings as the rules would report them on :func:`solsikken`."""
    return [
        finding("CG101", "tasks/sprogindsats", "people/dorte", "people/anne", line=40),
        finding("CG201", "tasks/sprogindsats", line=40),
        finding("CG203", "tasks/sprogindsats", line=40),
        finding("CG104", "tasks/sprogindsats/contributors/1", "people/frida", "people/dorte"),
        finding(
            "CG103",
            "tasks/sprogindsats",
            "tasks/icdp-implementering",
            "people/dorte",
            "people/bo",
            line=41,
        ),
        finding("CG305", "tasks/icdp-implementering/follow_up", line=30),
        finding("CG105", "people/frida", line=12),
        finding("CG004", "links/7", line=60),
    ]


def synthetic(n: int, seed: int = 7) -> Organisation:
    """An organisation of ``n`` people: leaders, teams with coordinators, forums, tasks."""
    import random

    rng = random.Random(seed)
    people: dict[str, Person] = {}
    leaders = [f"leder{i}" for i in range(max(1, n // 40))]
    for i, pid in enumerate(leaders):
        people[pid] = Person(pid, f"Leder Nummer {i}", "leader", "Afdelingsleder")
    team_size = 9
    teams = max(1, (n - len(leaders)) // team_size)
    coordinators = []
    for t in range(teams):
        pid = f"koord{t}"
        coordinators.append(pid)
        people[pid] = Person(
            pid,
            f"Koordinator Ølund {t}",
            "inbetweener",
            "Teamkoordinator",
            leaders[t % len(leaders)],
        )
    staff: list[list[str]] = [[] for _ in range(teams)]
    i = 0
    while len(people) < n:
        t = i % teams
        pid = f"ped{i}"
        role = "external" if i % 23 == 22 else "staff"
        people[pid] = Person(pid, f"Pædagog Åse {i}", role, "Pædagog", coordinators[t])
        staff[t].append(pid)
        i += 1
    forums = {
        f"team{t}": Forum(f"team{t}", (coordinators[t], *staff[t]), "weekly", f"Teammøde {t}")
        for t in range(teams)
    }
    forums["ledermoede"] = Forum("ledermoede", (*leaders, *coordinators), "biweekly", "Ledermøde")
    links = []
    everyone = list(people)
    for k in range(n // 3):
        a, b = rng.sample(everyone, 2)
        links.append(Link(k, (a, b), rng.choice(["daily", "weekly", "monthly", "yearly"])))
    tasks: dict[str, Task] = {}
    for t in range(teams):
        tid = f"opgave{t}"
        deps = (f"opgave{t - 1}",) if t and t % 3 else ()
        tasks[tid] = Task(
            id=tid,
            title=f"Tovholder på indsats nummer {t}",
            owner=coordinators[t],
            contributors=tuple(staff[t][:2]),
            depends_on=deps,
            mandate=Mandate(granted_by=leaders[t % len(leaders)]) if t % 2 else None,
        )
    return Organisation(
        "synth", f"Syntetisk organisation ({n})", {}, people, forums, tasks, tuple(links)
    )


def synthetic_findings(org: Organisation) -> list[Finding]:
    result = []
    for task in org.tasks.values():
        if task.mandate is None:
            result.append(finding("CG201", f"tasks/{task.id}"))
        for c in task.contributors[1:]:
            result.append(
                finding(
                    "CG104",
                    f"tasks/{task.id}/contributors/1",
                    f"people/{c}",
                    f"people/{task.owner}",
                )
            )
    return result


def graph_of(org: Organisation) -> OrgGraph:
    return OrgGraph(org)


#: The format reference's example grown a little, as a file: one well-run task, one with many gaps
#: (CG101, CG103, CG104, CG201, ...), a sub-task, an external, and names that need
#: escaping in Mermaid and DOT.
SOLSIKKEN_YAML = r"""version: 1
organisation:
  id: solsikken
  name: Børnehuset Solsikken
  direction:
    pedagogical_line:
      icdp: Relationsbaseret pædagogik efter ICDP's otte samspilstemaer
      leg: Legen er grundlaget for børns læring
    values:
      tryghed: Psykologisk tryghed for børn og voksne
    goals:
      sprog: Alle børn styrkes sprogligt

people:
  anne: {name: Anne Holm, role: leader, title: Dagtilbudsleder}
  bo:
    name: Bo Berg
    role: inbetweener
    title: ICDP-vejleder
    reports_to: anne
    leadership_hours: 5
  carla: {name: Carla Dam, role: staff, title: Pædagog, reports_to: anne}
  dorte: {name: Dorte Øster, role: inbetweener, title: "Sprog | tale #1", reports_to: anne}
  erik: {name: "Erik \"Æble\" Ås <x>", role: staff, title: 'Back\slash & co', reports_to: dorte}
  frida: {name: Frida Lund, role: external, title: Talepædagog (PPR)}

forums:
  personalemoede:
    name: Personalemøde
    members: [anne, bo, carla]
    frequency: monthly

tasks:
  icdp-implementering:
    title: Tovholder på implementering af ICDP
    description: Planlægge og følge ICDP-forløbet for hele personalegruppen
    owner: bo
    contributors: [carla]
    complexity: high
    mandate:
      granted_by: anne
      decides: [Mødeplan for ICDP-træning, Fordeling af vejledningstimer]
      limits: Budget og personaleforhold afgøres af lederen
      valid_until: 2027-06-30
      announced_to: [personalemoede]
    resources: {hours_per_week: 4, budget_dkk: 20000, note: Vikardækning på kursusdage}
    success_criteria:
      - Alle pædagoger har gennemført ICDP trin 1 inden 1. juni 2027
      - {text: Forældre oplever mere ro ved aflevering, kind: outcome}
    follow_up: {with: anne, every: monthly, last: 2026-10-15}
    serves: [icdp, tryghed]
  sprogindsats:
    title: Sprogindsats i vuggestuen
    owner: dorte
    contributors: [erik, frida]
    depends_on: [icdp-implementering]
    serves: [sprog]
  sprogindsats-2:
    title: Sprogindsats i børnehaven
    kind: practice
    owner: erik
    contributors: [frida]
    part_of: sprogindsats

links:
  - between: [anne, bo]
    frequency: weekly
    channel: 1:1-møde
    trust: high
  - between: [dorte, erik]
    frequency: quarterly
"""
AS_OF = date(2026, 11, 30)


def checked(lang: str = "da"):  # -> FileResult
    """:data:`SOLSIKKEN_YAML` through the whole pipeline (loader, schema, rules)."""
    from coordgraph.engine import Options, check_text

    return check_text(SOLSIKKEN_YAML, PATH, Options.default(as_of=AS_OF, lang=lang))


def units_yaml(people: int, seed: int = 3) -> str:
    """An organisation file with units, of about ``people`` people.

    An area (when there are several institutions) of institutions of about 40 people,
    each with houses led by an inbetweener; every unit has its own forum; staff also work
    in a neighbouring house now and then; parents' councils and a network cut across the
    units (forums that are nobody's unit forum); tasks depend on tasks in other houses and
    some lack a mandate, so the picture has findings and missing links.
    """
    import random

    rng = random.Random(seed)
    first = [
        "Anne",
        "Bo",
        "Mette",
        "Karim",
        "Sofie",
        "Jens",
        "Åse",
        "Søren",
        "Bjørn",
        "Ida",
        "Ahmed",
        "Nanna",
        "Lene",
        "Freja",
    ]
    last = [
        "Holm",
        "Berg",
        "Kjær",
        "Østergaard",
        "Lund",
        "Møller",
        "Bæk",
        "Dahl",
        "Nørgaard",
        "Skov",
        "Ravn",
        "Haddad",
    ]

    def name() -> str:
        return f"{rng.choice(first)} {rng.choice(last)}"

    n_inst = max(1, people // 40)
    units: list[str] = []
    persons: list[str] = []
    forums: list[str] = []
    tasks: list[str] = []
    links: list[str] = []
    area = n_inst > 1
    if area:
        units.append(
            "  omraade: {name: Område Nord, kind: område, leader: chef, forum: ledermoede}"
        )
        persons.append(
            f"  chef: {{name: {name()}, role: leader, title: Områdeleder, unit: omraade}}"
        )
    heads = []
    house_tasks: list[str] = []
    budget = people - (1 if area else 0)
    per_inst = max(6, budget // n_inst)
    externals = max(1, people // 25)
    for i in range(n_inst):
        inst = f"inst{i}"
        head = f"leder{i}"
        heads.append(head)
        parent = ", part_of: omraade" if area else ""
        units.append(
            f"  {inst}: {{name: Institution {i} Solstrålen, kind: institution{parent}, "
            f"leader: {head}, forum: pm{i}}}"
        )
        up = ", reports_to: chef" if area else ""
        persons.append(
            f"  {head}: {{name: {name()}, role: leader, title: Dagtilbudsleder, unit: {inst}{up}}}"
        )
        inst_members = [head]
        houses = 3 if per_inst >= 12 else 1
        staff_per_house = max(2, (per_inst - 1 - houses) // houses)
        house_staff: list[list[str]] = []
        for h in range(houses):
            hid = f"hus{i}x{h}"
            coord = f"koord{i}x{h}"
            units.append(
                f"  {hid}: {{name: Hus {h} ved Institution {i}, kind: hus, part_of: {inst}, "
                f"leader: {coord}, forum: tm{i}x{h}}}"
            )
            persons.append(
                f"  {coord}: {{name: {name()}, role: inbetweener, title: Teamkoordinator, "
                f"unit: {hid}, reports_to: {head}}}"
            )
            members = [coord]
            for k in range(staff_per_house):
                pid = f"p{i}x{h}x{k}"
                also = f", also_in: [hus{i}x{(h + 1) % houses}]" if k == 1 and houses > 1 else ""
                persons.append(
                    f"  {pid}: {{name: {name()}, role: staff, title: Pædagog, unit: {hid}, "
                    f"reports_to: {coord}{also}}}"
                )
                members.append(pid)
            house_staff.append(members)
            inst_members += members
            forums.append(
                f"  tm{i}x{h}: {{name: Teammøde hus {h}, members: [{', '.join(members)}], "
                "frequency: weekly}"
            )
            links.append(f"  - {{between: [{coord}, {head}], frequency: weekly}}")
            tid = f"t{i}x{h}"
            mandate = (
                f", mandate: {{granted_by: {head}, valid_until: 2027-06-30}}" if h % 2 == 0 else ""
            )
            linked = house_tasks and rng.random() < 0.6
            deps = f", depends_on: [{house_tasks[-1]}]" if linked else ""
            tasks.append(
                f"  {tid}: {{title: Tovholder på læringsmiljø i hus {h} ({i}), owner: {coord}, "
                f"contributors: [{', '.join(members[1:3])}]{mandate}{deps}, "
                "serves: [icdp]}"
            )
            house_tasks.append(tid)
            tasks.append(
                f"  prak{i}x{h}: {{title: Sprogstund i hus {h}, kind: practice, "
                f"owner: {members[-1]}, serves: [icdp]}}"
            )
        forums.append(
            f"  pm{i}: {{name: Personalemøde {i}, members: [{', '.join(inst_members)}], "
            "frequency: monthly}"
        )
        parent_rep = f"forælder{i}"
        persons.append(
            f"  {parent_rep}: {{name: {name()}, role: external, title: Forældrerepræsentant}}"
        )
        council = [head, *(staff[1] for staff in house_staff if len(staff) > 1), parent_rep]
        forums.append(
            f"  raad{i}: {{name: Forældreråd {i}, members: [{', '.join(council)}], "
            "frequency: quarterly}"
        )
    for e in range(externals - n_inst):
        persons.append(f"  ekstern{e}: {{name: {name()}, role: external, title: Konsulent}}")
    network = [p.split(":")[0].strip() for p in persons if "Teamkoordinator" in p][:12]
    forums.append(
        f"  netvaerk: {{name: ICDP-netværk, members: [{', '.join(network)}], frequency: quarterly}}"
    )
    if area:
        forums.append(
            f"  ledermoede: {{name: Ledermøde, members: [chef, {', '.join(heads)}], "
            "frequency: biweekly}"
        )
    return "\n".join(
        [
            "version: 1",
            "organisation:",
            "  id: nord",
            f"  name: Dagtilbud med enheder ({people})",
            "  language: da",
            "  direction:",
            "    pedagogical_line: {icdp: Relationsbaseret pædagogik}",
            "units:",
            *units,
            "people:",
            *persons,
            "forums:",
            *forums,
            "tasks:",
            *tasks,
            "links:",
            *(links or ["  []"]),
            "",
        ]
    )


def checked_text(text: str, lang: str = "da"):  # -> FileResult
    from coordgraph.engine import Options, check_text

    return check_text(text, "units.org.yaml", Options.default(as_of=AS_OF, lang=lang))
