"""The commented starter organisation written by ``coordgraph init``, and where its
``$schema`` comment points.

It shows every part of the format with one complete delegated task, and it checks
clean: dates are set relative to the day it is written. Its first line points editors
with the YAML language server at the JSON Schema, by a path relative to the file, to a
copy of the schema kept in the same repository (:func:`schema_home`): a reference into
the Python installation would break for a colleague, and after moving or upgrading it.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

#: The JSON Schema's file name in a repository of organisation files.
SCHEMA_NAME = "org.schema.json"

_COMMENTS = {
    "da": {
        "head": "Organisationsfil for coordgraph. Tjek den med: coordgraph check {file}",
        "direction": "det, som alle ledelsesopgaver skal holde retning efter",
        "people": "role: leader | inbetweener | staff | external",
        "forums": "faste møder: alle deltagere kommunikerer med hinanden",
        "task": "Hvad er opgaven?",
        "mandate": "Hvad er mandatet? Hvem har givet det, og hvad må der besluttes?",
        "resources": "Hvad er ressourcerne?",
        "follow_up": "opfølgning: med hvem, hvor ofte og hvornår sidst",
        "links": "en-til-en-kommunikation",
        "units": "strukturen: område, institution, hus, stue, gruppe",
        "language": "sproget i fund, tegninger og mødemateriale: da eller en",
    },
    "en": {
        "head": "coordgraph organisation file. Check it with: coordgraph check {file}",
        "direction": "what every leadership task must stay aligned with",
        "people": "role: leader | inbetweener | staff | external",
        "forums": "recurring meetings: every member communicates with every other",
        "task": "What is the task?",
        "mandate": "What is the mandate? Who granted it, and what may be decided?",
        "resources": "What are the resources?",
        "follow_up": "follow-up: with whom, how often, and when last",
        "links": "one-to-one communication",
        "units": "the structure: area, institution, house, room, group",
        "language": "the language of findings, diagrams and the pack: da or en",
    },
}


def starter_text(
    lang: str = "da", today: date | None = None, schema_ref: str = "org.schema.json"
) -> str:
    c = _COMMENTS.get(lang, _COMMENTS["en"])
    today = today or date.today()
    valid_until = (today + timedelta(days=365)).isoformat()
    return f"""\
# yaml-language-server: $schema={schema_ref}
# {c["head"].format(file="organisation.org.yaml")}
version: 1
organisation:
  id: min-institution
  name: Min institution
  language: {lang}                       # {c["language"]}
  direction:                       # {c["direction"]}
    pedagogical_line:
      leg: Legen er grundlaget for børns læring
    values:
      tryghed: Psykologisk tryghed for børn og voksne
    goals:
      sprog: Alle børn styrkes sprogligt

units:                             # {c["units"]}
  institution:
    name: Min institution
    kind: institution
    leader: leder
    forum: personalemoede

people:                            # {c["people"]}
  leder:
    name: Lene Leder
    role: leader
    title: Dagtilbudsleder
    unit: institution
  koordinator:
    name: Kim Koordinator
    role: inbetweener
    title: Teamkoordinator
    reports_to: leder
    leadership_hours: 4
    unit: institution
  paedagog:
    name: Pia Pædagog
    role: staff
    title: Pædagog
    reports_to: leder
    unit: institution

forums:                            # {c["forums"]}
  personalemoede:
    name: Personalemøde
    members: [leder, koordinator, paedagog]
    frequency: monthly

tasks:
  legemiljoe:
    title: Udvikling af legemiljøer på stuerne
    description: Planlægge og følge arbejdet med legemiljøer sammen med teamet  # {c["task"]}
    owner: koordinator
    contributors: [paedagog]
    complexity: medium
    mandate:                       # {c["mandate"]}
      granted_by: leder
      decides: [Indretning af legezoner, Rækkefølgen af stuerne]
      limits: Indkøb over 5.000 kr. aftales med lederen
      valid_until: {valid_until}
      may_delegate: false
      announced_to: [personalemoede]
    resources:                     # {c["resources"]}
      hours_per_week: 2
      budget_dkk: 10000
    success_criteria:
      - {{text: Børnene leger længere og mere fordybet i legezonerne, kind: outcome}}
    follow_up:                     # {c["follow_up"]}
      with: leder
      every: monthly
      last: {today.isoformat()}
    serves: [leg, tryghed, sprog]

links:                             # {c["links"]}
  - between: [leder, koordinator]
    frequency: weekly
    channel: 1:1-møde
    trust: high
"""


def repository_root(folder: Path) -> Path | None:
    """The nearest folder from ``folder`` upward that holds ``.git``, or None."""
    for candidate in (folder, *folder.parents):
        try:
            if (candidate / ".git").exists():
                return candidate
        except OSError:  # a folder on the way up that cannot be looked into
            return None
    return None


def schema_home(folder: Path) -> Path:
    """Where the schema for an organisation file in ``folder`` is kept: the nearest
    ``org.schema.json`` from ``folder`` up to the repository's root, else one at the
    root (at ``folder`` itself outside a repository)."""
    root = repository_root(folder)
    for candidate in (folder, *folder.parents):
        found = candidate / SCHEMA_NAME
        try:
            if found.is_file():
                return found
        except OSError:
            break
        if candidate == root:
            break
    return (root or folder) / SCHEMA_NAME


def schema_reference(schema: Path, folder: Path) -> str:
    """The ``$schema`` value for a file in ``folder``: the schema's path relative to it,
    with forward slashes (it stays right wherever the repository is copied)."""
    try:
        return Path(os.path.relpath(schema, folder)).as_posix()
    except ValueError:  # another drive on Windows: nothing relative exists
        return schema.as_posix()
