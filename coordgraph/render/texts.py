"""Words the diagrams and the meeting pack print, in Danish and English.

Kept apart from the rule catalogue: these are labels of the pictures (legend entries,
role names, headings), not rule texts. Unknown keys fall back to English, then to the key,
so a missing translation shows up as a readable word instead of an exception.
"""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    # roles and kinds
    "role.leader": {"da": "leder", "en": "leader"},
    "role.inbetweener": {"da": "inbetweener", "en": "inbetweener"},
    "role.staff": {"da": "medarbejder", "en": "staff"},
    "role.external": {"da": "ekstern", "en": "external"},
    "kind.leadership": {"da": "ledelsesopgave", "en": "leadership task"},
    "kind.practice": {"da": "praksisopgave", "en": "practice task"},
    "complexity.low": {"da": "lav kompleksitet", "en": "low complexity"},
    "complexity.medium": {"da": "middel kompleksitet", "en": "medium complexity"},
    "complexity.high": {"da": "høj kompleksitet", "en": "high complexity"},
    # frequencies
    "freq.daily": {"da": "dagligt", "en": "daily"},
    "freq.weekly": {"da": "ugentligt", "en": "weekly"},
    "freq.biweekly": {"da": "hver 14. dag", "en": "every two weeks"},
    "freq.monthly": {"da": "månedligt", "en": "monthly"},
    "freq.quarterly": {"da": "kvartalsvis", "en": "quarterly"},
    "freq.halfyearly": {"da": "halvårligt", "en": "half-yearly"},
    "freq.yearly": {"da": "årligt", "en": "yearly"},
    "freq.biennial": {"da": "hvert andet år", "en": "every two years"},
    # views and titles
    "view.org": {"da": "Organisation og kommunikation", "en": "Organisation and communication"},
    "view.tasks": {"da": "Opgaver", "en": "Tasks"},
    "focus": {"da": "Fokus", "en": "Focus"},
    "missing": {"da": "mangler", "en": "missing"},
    "mandate": {"da": "mandat", "en": "mandate"},
    "depends": {"da": "afhænger af", "en": "depends on"},
    "part_of": {"da": "del af", "en": "part of"},
    "owns": {"da": "ansvarlig", "en": "owner"},
    "owner": {"da": "Ansvarlig", "en": "Owner"},
    "also_here": {"da": "Også her", "en": "Also here"},
    "members_n": {"da": "{n} deltagere", "en": "{n} members"},
    "everyone": {"da": "alle på tegningen", "en": "everyone in the picture"},
    "everyone_but": {"da": "alle undtagen {names}", "en": "everyone but {names}"},
    "people_n": {"da": "{n} personer", "en": "{n} people"},
    "tasks_n": {"da": "{n} opgaver", "en": "{n} tasks"},
    "findings_more": {"da": "+{n} fund mere", "en": "+{n} more findings"},
    "limit.tasks": {
        "da": "opgavevisningen ville tegne {count} opgaver, flere end de {limit}, der kan læses: "
        "tegn en del med --focus PERSON, --focus ENHED eller --focus OPGAVE, eller brug "
        "--format mermaid|dot for det hele som tekst",
        "en": "the tasks view would draw {count} tasks, more than the {limit} that stay "
        "readable: draw a part with --focus PERSON, --focus UNIT or --focus TASK, or use "
        "--format mermaid|dot for the whole as text",
    },
    "limit.cards": {
        "da": "tegningen ville få {count} kort, flere end de {limit}, der kan læses: tegn en "
        "del med --focus, beskriv enheder (units:, de foldes sammen til ét kort hver), eller "
        "brug --format mermaid|dot for det hele som tekst",
        "en": "the picture would have {count} cards, more than the {limit} that stay "
        "readable: draw a part with --focus, declare units (they fold into one card each), "
        "or use --format mermaid|dot for the whole as text",
    },
    "folded_note": {
        "da": "Enhederne er foldet sammen; se én enhed med --focus ENHED",
        "en": "Units are folded; draw one unit with --focus UNIT",
    },
    "contributes": {"da": "bidrager", "en": "contributes"},
    "member": {"da": "deltager", "en": "member"},
    "unplaced.one": {
        "da": "1 fund hører ikke til en person eller opgave på tegningen (se coordgraph check)",
        "en": "1 finding is not tied to a person or task on the diagram (see coordgraph check)",
    },
    "unplaced.many": {
        "da": "{n} fund hører ikke til en person eller opgave på tegningen (se coordgraph check)",
        "en": "{n} findings are not tied to a person or task on the diagram (see coordgraph check)",
    },
    # legend
    "legend.leader": {"da": "Leder", "en": "Leader"},
    "legend.inbetweener": {"da": "Inbetweener", "en": "Inbetweener"},
    "legend.staff": {"da": "Medarbejder", "en": "Staff"},
    "legend.external": {"da": "Ekstern", "en": "External"},
    "legend.task": {"da": "Ledelsesopgave", "en": "Leadership task"},
    "legend.forum": {"da": "Forum (fast møde)", "en": "Forum (recurring meeting)"},
    "legend.freq.frequent": {"da": "Taler dagligt/ugentligt", "en": "Talk daily/weekly"},
    "legend.freq.regular": {"da": "Taler 14. dag/månedligt", "en": "Talk biweekly/monthly"},
    "legend.freq.rare": {"da": "Taler sjældnere (prikket)", "en": "Talk less often (dotted)"},
    "legend.member": {"da": "Deltager i forum", "en": "Forum member"},
    "legend.delegation": {"da": "Delegering → ansvarlig", "en": "Delegation → owner"},
    "legend.mandate": {"da": "Mandat givet af", "en": "Mandate granted by"},
    "legend.owns": {"da": "Ansvarlig for opgaven", "en": "Owns the task"},
    "legend.unit": {"da": "Enhed (navn, eget møde)", "en": "Unit (name, own meeting)"},
    "legend.unit_card": {"da": "Enhed, foldet sammen", "en": "Unit, folded"},
    "legend.practice": {"da": "Praksisopgave", "en": "Practice task"},
    "legend.contributes": {"da": "Bidrager (prikket)", "en": "Contributes (dotted)"},
    "legend.depends": {"da": "Afhænger af (pil)", "en": "Depends on (arrow)"},
    "legend.part_of": {"da": "Del af (streg-prik)", "en": "Part of (dash-dot)"},
    "legend.missing": {"da": "Mangler kontakt (stiplet)", "en": "Missing contact (dashed)"},
    "legend.finding": {"da": "Fund (stiplet kant)", "en": "Finding (dashed outline)"},
    "legend.focus": {"da": "I fokus (fed ramme)", "en": "In focus (bold frame)"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The label ``key`` in ``lang`` (``da`` or ``en``), formatted with ``values``."""
    entry = _TEXTS.get(key)
    if entry is None:
        return key
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template


def role(name: str, lang: str) -> str:
    return text(f"role.{name}", lang) if f"role.{name}" in _TEXTS else name


def frequency(name: str | None, lang: str) -> str:
    if name is None:
        return ""
    return text(f"freq.{name}", lang) if f"freq.{name}" in _TEXTS else name


#: Every rule's finding as a leadership team reads it: a short name for the diagrams
#: (shown before the code) and a plain-language hint for the meeting pack, with no YAML
#: key names. One table keyed by rule code, so the words can move into the project's
#: terminology in one piece.
FINDING_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "CG001": {
        "da": (
            "Filen kan ikke læses",
            "Ret filen ved den viste linje (indrykning, kolon eller anførselstegn).",
        ),
        "en": (
            "File cannot be read",
            "Correct the file at the line shown (indentation, a colon or a quote).",
        ),
    },
    "CG002": {
        "da": ("Skrevet to gange", "Det samme er skrevet to gange: saml det til én linje."),
        "en": ("Written twice", "The same entry is written twice: merge it into one."),
    },
    "CG003": {
        "da": (
            "Ugyldig oplysning",
            "En oplysning i filen har en form, værktøjet ikke kender: ret den som beskeden siger.",
        ),
        "en": (
            "Invalid entry",
            "An entry in the file has a form the tool does not know: correct it as the message "
            "says.",
        ),
    },
    "CG004": {
        "da": (
            "Ukendt henvisning",
            "Der henvises til en person, et møde eller en opgave, som ikke findes: tilføj den "
            "eller ret stavemåden.",
        ),
        "en": (
            "Unknown reference",
            "A person, meeting or task is named that does not exist: add it or correct the "
            "spelling.",
        ),
    },
    "CG005": {
        "da": (
            "Filen er for stor",
            "Skriv organisationen enklere ud, uden dybe lag og gentagelser.",
        ),
        "en": (
            "File too large",
            "Write the organisation out more plainly, without deep nesting or repetition.",
        ),
    },
    "CG006": {
        "da": (
            "Unødig undtagelse",
            "En kommentar undtager et fund, der ikke findes: slet kommentaren.",
        ),
        "en": (
            "Unused exception",
            "A comment silences a finding that does not occur: delete the comment.",
        ),
    },
    "CG101": {
        "da": (
            "Ingen kontakt til leder",
            "Aftal fast kontakt mellem den ansvarlige og lederen, fx et 1:1-møde eller et fælles "
            "møde.",
        ),
        "en": (
            "No contact with leader",
            "Agree regular contact between the owner and the leader, e.g. a 1:1 or a shared "
            "meeting.",
        ),
    },
    "CG102": {
        "da": (
            "For lidt kontakt med leder",
            "Mød hinanden oftere, eller drøft om opgaven reelt kræver mindre afstemning.",
        ),
        "en": (
            "Too little contact with leader",
            "Meet more often, or discuss whether the task really needs less alignment.",
        ),
    },
    "CG103": {
        "da": (
            "Afhængighed uden kontakt",
            "De to ansvarlige for opgaver, der bygger på hinanden, bør tale sammen: et møde eller "
            "et fælles forum.",
        ),
        "en": (
            "Dependency without contact",
            "The owners of two tasks that build on each other should talk: a meeting or a shared "
            "forum.",
        ),
    },
    "CG104": {
        "da": (
            "Bidragyder uden kontakt",
            "Skab kontakt mellem bidragyderen og den ansvarlige, eller tag bidragyderen af "
            "opgaven.",
        ),
        "en": (
            "Contributor without contact",
            "Create contact between the contributor and the owner, or take the contributor off "
            "the task.",
        ),
    },
    "CG105": {
        "da": (
            "Isoleret person",
            "Personen deltager hverken i møder eller har faste samtaler: skriv dem på, der findes.",
        ),
        "en": (
            "Isolated person",
            "The person has no meetings and no regular talks: add the ones that exist.",
        ),
    },
    "CG106": {
        "da": (
            "Eneste bindeled",
            "Kun én person forbinder nogen til ledelsen: giv dem en vej mere til en leder.",
        ),
        "en": (
            "Only link to leaders",
            "Only one person connects some owners to the leaders: give them a second way to a "
            "leader.",
        ),
    },
    "CG107": {
        "da": (
            "Lav tillid",
            "Arbejd med relationen først, eller lad en leder med en tillidsfuld relation give og "
            "følge op på mandatet.",
        ),
        "en": (
            "Low trust",
            "Work on the relation first, or let a leader with a relation of trust grant and "
            "follow up the mandate.",
        ),
    },
    "CG108": {
        "da": (
            "Ikke med i enhedens møde",
            "Personen er ikke med i sin egen enheds faste møde: skriv dem på, eller drøft hvorfor.",
        ),
        "en": (
            "Not in own unit's meeting",
            "The person is not in their own unit's meeting: add them, or discuss why.",
        ),
    },
    "CG109": {
        "da": (
            "Ikke med i mødet",
            "Den ansvarlige er ikke med i det møde, hvor opgaven træffes: skriv dem på, eller "
            "flyt opgaven.",
        ),
        "en": (
            "Absent from the meeting",
            "The owner is not in the meeting where the task is decided: add them, or move the "
            "task.",
        ),
    },
    "CG110": {
        "da": (
            "For lidt kontakt om afhængighed",
            "De to ansvarlige for opgaver, der bygger på hinanden, bør mødes oftere.",
        ),
        "en": (
            "Too little contact on a dependency",
            "The owners of two tasks that build on each other should meet more often.",
        ),
    },
    "CG201": {
        "da": (
            "Mangler mandat",
            "Aftal mandatet: hvem giver det, hvad må den ansvarlige beslutte, inden for hvilke "
            "rammer og hvor længe.",
        ),
        "en": (
            "No mandate",
            "Agree the mandate: who grants it, what the owner may decide, within which limits and "
            "until when.",
        ),
    },
    "CG202": {
        "da": (
            "Mandat uden myndighed",
            "Lad en leder give mandatet, eller gør opgaven til en del af en opgave, hvis "
            "ansvarlige må uddelegere.",
        ),
        "en": (
            "Mandate without authority",
            "Let a leader grant the mandate, or make the task part of a task whose owner may "
            "delegate.",
        ),
    },
    "CG203": {
        "da": ("Mangler beskrivelse", "Beskriv hvad opgaven er, og hvad den ikke er."),
        "en": ("No description", "Describe what the task is, and what it is not."),
    },
    "CG204": {
        "da": (
            "Mangler ressourcer",
            "Aftal ressourcerne: timer om ugen, budget eller fx vikardækning.",
        ),
        "en": (
            "No resources",
            "Agree the resources: hours a week, a budget, or e.g. cover for course days.",
        ),
    },
    "CG205": {
        "da": (
            "Udløbet mandat",
            "Forny mandatet med en ny slutdato efter en samtale om, hvordan det er gået, eller "
            "afslut opgaven.",
        ),
        "en": (
            "Expired mandate",
            "Renew the mandate with a new end date after a talk about how it went, or end the "
            "task.",
        ),
    },
    "CG206": {
        "da": (
            "Uerklæret inbetweener",
            "Personen leder i praksis: giv rollen som inbetweener og et mandat, eller gør det til "
            "en praksisopgave.",
        ),
        "en": (
            "Undeclared inbetweener",
            "The person leads in practice: give them the inbetweener role and a mandate, or make "
            "it a practice task.",
        ),
    },
    "CG207": {
        "da": (
            "Mandat ikke meldt ud",
            "Meld mandatet ud til dem, der bidrager, fx på et personalemøde, og skriv det ned.",
        ),
        "en": (
            "Mandate not announced",
            "Announce the mandate to those who contribute, e.g. at a staff meeting, and write it "
            "down.",
        ),
    },
    "CG208": {
        "da": (
            "For mange opgaver",
            "Giv en af opgaverne til en anden, skær ned på timerne, eller afsæt mere tid til "
            "ledelse.",
        ),
        "en": (
            "Too many tasks",
            "Hand one of the tasks to someone else, reduce the hours, or set aside more "
            "leadership time.",
        ),
    },
    "CG209": {
        "da": ("Stort ledelsesspænd", "Fordel ledelsen bevidst, fx med inbetweenere med mandat."),
        "en": (
            "Wide span",
            "Distribute the leadership deliberately, e.g. through inbetweeners with mandates.",
        ),
    },
    "CG210": {
        "da": (
            "Mundtligt mandat",
            "Skriv mandatet og ressourcerne ned, og meld dem ud, så kollegerne kender rammen.",
        ),
        "en": (
            "Oral mandate",
            "Write the mandate and resources down and announce them, so colleagues know the frame.",
        ),
    },
    "CG301": {
        "da": (
            "Uforankret opgave",
            "Skriv hvilke dele af retningen opgaven er til for, eller drøft om den er nødvendig.",
        ),
        "en": (
            "Unanchored task",
            "Write which parts of the direction the task is for, or discuss whether it is needed.",
        ),
    },
    "CG302": {
        "da": (
            "Uden for pædagogisk linje",
            "Drøft hvordan opgaven hænger sammen med den pædagogiske linje, og skriv det ind.",
        ),
        "en": (
            "Off the pedagogical line",
            "Discuss how the task relates to the pedagogical line, and write it in.",
        ),
    },
    "CG303": {
        "da": (
            "Mangler succeskriterier",
            "Aftal hvad der skal være anderledes for børnene, familierne eller personalet.",
        ),
        "en": (
            "No success criteria",
            "Agree what should be different for the children, the families or the staff.",
        ),
    },
    "CG304": {
        "da": (
            "Mangler opfølgning",
            "Aftal opfølgning: med hvem, hvor ofte, og hvornår den sidst fandt sted.",
        ),
        "en": (
            "No follow-up",
            "Agree the follow-up: with whom, how often, and when it last happened.",
        ),
    },
    "CG305": {
        "da": (
            "Opfølgning forfalden",
            "Hold opfølgningen og skriv datoen ind, eller aftal den rytme, I faktisk holder.",
        ),
        "en": (
            "Follow-up overdue",
            "Hold the follow-up and write in the date, or agree the rhythm you actually keep.",
        ),
    },
    "CG306": {
        "da": (
            "Delopgave trækker væk",
            "Lad delopgaven tjene det samme som hele opgaven, eller gør den til en selvstændig "
            "opgave.",
        ),
        "en": (
            "Sub-task drifts away",
            "Let the sub-task serve what the whole task serves, or make it a task of its own.",
        ),
    },
    "CG307": {
        "da": (
            "Kun optællinger som mål",
            "Tilføj mindst ét mål for, hvad der skal være anderledes for børnene, familierne "
            "eller personalet.",
        ),
        "en": (
            "Only counts as criteria",
            "Add at least one criterion for what should be different for the children, families "
            "or staff.",
        ),
    },
    "CG308": {
        "da": (
            "Linje uden opgave",
            "Ingen opgave bærer dette element af den pædagogiske linje: giv nogen en opgave, "
            "eller tag det ud.",
        ),
        "en": (
            "Line without a task",
            "No task carries this element of the pedagogical line: give someone a task, or take "
            "it out.",
        ),
    },
    "CG309": {
        "da": (
            "Mål uden opgave",
            "Ingen opgave tjener denne værdi eller dette mål: giv nogen en opgave, eller tag det "
            "ud.",
        ),
        "en": (
            "Goal without a task",
            "No task serves this value or goal: give someone a task, or take it out.",
        ),
    },
    "CG310": {
        "da": (
            "Tilbagevendende opgave forfalden",
            "Opgaven skulle have været gjort igen: planlæg den, og skriv datoen ind, når den er "
            "gjort.",
        ),
        "en": (
            "Recurring task overdue",
            "The task was due again: plan it, and write in the date when it is done.",
        ),
    },
    "CG311": {
        "da": (
            "Uformel ledelse",
            "Overdrag opgaven: hvad er opgaven, hvad er ressourcerne, hvad er mandatet.",
        ),
        "en": (
            "Informal leadership",
            "Hand the task over: what is the task, what are the resources, what is the mandate.",
        ),
    },
}


def finding_word(code: str, lang: str) -> str:
    """The short name of a finding (``Mangler mandat``); the code itself when unknown."""
    entry = FINDING_TEXTS.get(code)
    if entry is None:
        return code
    return (entry.get(lang) or entry["en"])[0]


def finding_hint(code: str, lang: str) -> str | None:
    """A plain-language hint for the meeting pack, or None for an unknown code."""
    entry = FINDING_TEXTS.get(code)
    if entry is None:
        return None
    return (entry.get(lang) or entry["en"])[1]
