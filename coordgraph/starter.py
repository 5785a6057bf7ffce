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

from coordgraph.terms import fill, term

#: The JSON Schema's file name in a repository of organisation files.
SCHEMA_NAME = "org.schema.json"

#: The starter's comments: ``starter.<key>`` in the terminology.
_COMMENT_KEYS = (
    "head",
    "direction",
    "people",
    "forums",
    "task",
    "mandate",
    "resources",
    "follow_up",
    "links",
    "units",
    "language",
)


def starter_text(
    lang: str = "da",
    today: date | None = None,
    schema_ref: str = "org.schema.json",
    file: str = "organisation.org.yaml",
) -> str:
    """The starter in ``lang``; ``file`` is the name it is written under, for the line
    that says how to check it."""
    c = {key: fill(term(f"starter.{key}", lang), {"file": file}, lang) for key in _COMMENT_KEYS}
    today = today or date.today()
    valid_until = (today + timedelta(days=365)).isoformat()
    return f"""\
# yaml-language-server: $schema={schema_ref}
# {c["head"]}
version: 1
organisation:
  id: min-institution
  name: Min institution
  language: {lang}                     # {c["language"]}
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
