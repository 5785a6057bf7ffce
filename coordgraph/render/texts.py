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
    # views and titles
    "view.org": {"da": "Organisation og kommunikation", "en": "Organisation and communication"},
    "view.tasks": {"da": "Opgaver", "en": "Tasks"},
    "focus": {"da": "Fokus", "en": "Focus"},
    "missing": {"da": "mangler", "en": "missing"},
    "mandate": {"da": "mandat", "en": "mandate"},
    "depends": {"da": "afhænger af", "en": "depends on"},
    "part_of": {"da": "del af", "en": "part of"},
    "owns": {"da": "ejer", "en": "owns"},
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
    "legend.task": {"da": "Opgave", "en": "Task"},
    "legend.forum": {"da": "Forum (fast møde)", "en": "Forum (recurring meeting)"},
    "legend.freq.frequent": {
        "da": "Kommunikation dagligt/ugentligt",
        "en": "Communication daily/weekly",
    },
    "legend.freq.regular": {
        "da": "Kommunikation hver 14. dag/månedligt",
        "en": "Communication biweekly/monthly",
    },
    "legend.freq.rare": {
        "da": "Kommunikation sjældnere (prikket)",
        "en": "Communication less often (dotted)",
    },
    "legend.member": {"da": "Deltager i forum", "en": "Forum member"},
    "legend.delegation": {
        "da": "Delegering: giver → ejer (opgave)",
        "en": "Delegation: granter → owner (task)",
    },
    "legend.mandate": {"da": "Mandat givet af → opgave", "en": "Mandate granted by → task"},
    "legend.owns": {"da": "Ejer opgaven", "en": "Owns the task"},
    "legend.contributes": {"da": "Bidrager til opgaven", "en": "Contributes to the task"},
    "legend.depends": {"da": "Afhænger af (pil)", "en": "Depends on (arrow)"},
    "legend.part_of": {"da": "Del af (streg-prik)", "en": "Part of (dash-dot)"},
    "legend.missing": {
        "da": "Manglende koordinering (stiplet, fund)",
        "en": "Missing coordination (dashed, finding)",
    },
    "legend.finding": {
        "da": "Fund: stiplet kraftig kant + kode",
        "en": "Finding: heavy dashed outline + code",
    },
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
