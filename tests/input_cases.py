"""Targeted input cases: ordinary files with problems, unusual YAML, and layouts whose
places are easy to get wrong. Used by the recorded-findings test and the input tests.

Each value is the part of a file after :data:`HEADER` (or a whole file when it starts
with ``version:``).
"""

from __future__ import annotations

HEADER = "version: 1\norganisation: {id: t, name: Test}\n"
PEOPLE = (
    "people:\n"
    "  anne: {name: Anne Holm, role: leader}\n"
    "  bo: {name: Bo Berg, role: inbetweener, reports_to: anne}\n"
)

ORDINARY_WITH_PROBLEMS = {
    "unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, titel: Pædagog}\n",
    "unknown-top-level-key": PEOPLE + "extra: 1\n",
    "merge-key-text": PEOPLE + "  cy: {name: Cy, role: staff, <<: x}\n",
    "missing-required": PEOPLE + "  cy: {role: staff}\n",
    "bad-enum": PEOPLE + "  cy: {name: Cy, role: leder}\n",
    "null-field-is-absent": PEOPLE + "  cy: {name: Cy, role: staff, title: ~, reports_to: }\n",
    "null-id-entry": PEOPLE + "  cy:\n",
    "quoted-keys": PEOPLE + "  'cy': {\"name\": Cy, 'role': staff}\n",
    "yaml11-trap": PEOPLE + "  cy: {name: no, role: staff}\n",
    "number-as-name": PEOPLE + "  cy: {name: 12, role: staff}\n",
    "numbers-dates-bools": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: 2026-01-31, may_delegate: yes}\n"
    "    resources: {hours_per_week: 3.5, budget_dkk: -4}\n"
    "    follow_up: {with: anne, every: monthly, last: 2026-13-01}\n",
    "plain-values-at-their-edges": "version: 1\norganisation: {id: t, name: T}\npeople:\n"
    "  anne: {name: A, role: leader, leadership_hours: 010}\n"
    "  bo: {name: B, role: staff, reports_to: anne, leadership_hours: 0}\n"
    "  cy: {name: C, role: staff, leadership_hours: 12345678901234567890}\n"
    "  dy: {name: D, role: staff, leadership_hours: '7'}\n"
    "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: '2026-02-30', may_delegate: false}\n"
    "    follow_up: {with: anne, every: monthly, last: '2026-02-03'}\n"
    "  u:\n    title: U\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: 2026-1-5, may_delegate: True}\n"
    "    resources: {hours_per_week: 1_000, budget_dkk: 0x10}\n",
    "bad-date-and-bool": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    mandate: {granted_by: anne, valid_until: soon, may_delegate: maybe}\n",
    "unknown-references": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bø\n"
    "    contributors: [anne, ann, '', ~, 7]\n    depends_on: [x]\n    part_of: t\n",
    "criteria-both-forms": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    success_criteria: [Alle har en plan, {text: Målt, kind: outcome}, {kind: x}, ~]\n",
    "links": PEOPLE + "links:\n  - {between: [anne, anne], frequency: weekly}\n"
    "  - {between: [anne], frequency: weekly}\n  - {between: [anne, bo]}\n",
    "direction": "version: 1\norganisation:\n  id: t\n  name: T\n  direction:\n"
    "    values: {tryghed: Tryghed, tal: 12, tom: ''}\n    goals: {}\n",
    "wrong-version": "version: 2\norganisation: {id: t, name: T}\n",
    "lookalike-ids": PEOPLE + "  'bo\u200b': {name: Bo igen, role: staff}\n",
    "duplicate-id-across-sections": PEOPLE + "forums:\n  bo: {members: [anne, bo], "
    "frequency: weekly}\n",
    "reports-to-cycle": "version: 1\norganisation: {id: t, name: T}\npeople:\n"
    "  a: {name: A, role: leader, reports_to: b}\n  b: {name: B, role: leader, reports_to: a}\n",
    "suppression": PEOPLE + "tasks:\n  t: {title: T, owner: bo}  # coordgraph: ignore[CG201]\n",
    "non-ascii-and-multiline": PEOPLE + "  cy:\n    name: >-\n      Cæcilie\n      Ørsted\n"
    "    role: staff\n",
}


UNUSUAL_YAML = {
    "anchor-and-alias": PEOPLE + "  cy: &c {name: Cy, role: staff}\n  dy: *c\n",
    "anchor-only": PEOPLE + "  cy: {name: &n Cy, role: staff}\n",
    "tag": PEOPLE + "  cy: {name: !!str Cy, role: staff}\n",
    "python-tag": PEOPLE + "  cy: !!python/object/apply:os.system [echo]\n",
    "non-specific-tag": PEOPLE + "  cy: {name: ! Cy, role: staff}\n",
    "duplicate-field": PEOPLE + "  cy: {name: Cy, name: Cyrus, role: staff}\n",
    "duplicate-field-after-null": PEOPLE + "  cy: {name: , name: Cy, role: staff}\n",
    "duplicate-id": PEOPLE + "  bo: {name: Bo igen, role: staff}\n",
    "duplicate-unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, yes: 1, on: 2}\n",
    "several-documents": PEOPLE + "---\nversion: 1\n",
    "slash-in-id": PEOPLE + "  a/b: {name: Cy, role: staff}\n",
    "number-as-id": PEOPLE + "  12: {name: Cy, role: staff}\n",
    "empty-id": PEOPLE + "  '': {name: Cy, role: staff}\n",
    "list-for-mapping": PEOPLE + "  cy: [Cy, staff]\n",
    "mapping-for-list": PEOPLE + "forums:\n  f: {members: {anne: 1}, frequency: weekly}\n",
    "list-for-text": PEOPLE + "  cy: {name: [Cy], role: staff}\n",
    "collection-as-key": PEOPLE + "  cy: {[name]: Cy, role: staff}\n",
    "collection-under-unknown-key": PEOPLE + "  cy: {name: Cy, role: staff, x: [1]}\n",
    "syntax-error": PEOPLE + "  cy: {name: Cy, role: staff\n",
    "people-as-list": "people:\n  - anne\n",
}


LAYOUTS = {
    "block-everything": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n"
    "    contributors:\n    - anne\n    - bo\n    mandate:\n      granted_by: anne\n"
    "      decides:\n        - a\n        - b\n    success_criteria:\n"
    "      - text: Målt\n        kind: outcome\n      - Alle\n  u:\n    title: U\n"
    "    owner: anne\nlinks:\n- between: [anne, bo]\n  frequency: weekly\n"
    "- between:\n  - anne\n  - bø\n  frequency: weekly\n",
    "block-item-ended-by-the-next-entry": PEOPLE + "tasks:\n  t:\n    title: T\n"
    "    owner: bo\n    success_criteria:\n      - text: Målt\n        kind: outcome\n"
    "  u: {title: U, owner: bo}\nlinks:\n  - between: [anne, bo]\n    frequency: weekly\n"
    "forums: {}\n",
    "flow-over-lines": PEOPLE + "tasks:\n  t: {title: T,\n    owner: bo, contributors: [\n"
    "      anne, bo], mandate: {granted_by: anne}}\n",
    "crlf": (PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n").replace("\n", "\r\n"),
    "other-line-breaks": (PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n")
    .replace("\n", "\r", 3)
    .replace("\n", "\x85", 2)
    .replace("\n", "\u2028", 2),
    "no-final-newline": PEOPLE + "tasks:\n  t:\n    title: T\n    owner: bo\n    mandate:\n"
    "      granted_by: anne",
    "comments-and-blank-lines": PEOPLE + "tasks:\n  t:\n    title: T  # titel\n\n"
    "    # ejer\n    owner: bo\n    mandate:\n      granted_by: anne\n\n  # næste\n"
    "  u: {title: U, owner: bo}\n",
    "multiline-scalars": PEOPLE + "tasks:\n  t:\n    title: |\n      To\n      linjer\n"
    "    description: >\n      foldet\n      tekst\n    owner: bo\n",
    "non-ascii-ids": "people:\n  åse: {name: Åse Ørum, role: leader}\n  bø: {name: Bø, "
    "role: staff, reports_to: åse}\ntasks:\n  æ: {title: Æ, owner: bø, contributors: [åse]}\n",
}


ODD_ROOTS = {
    "empty": "",
    "comment": "# nothing\n",
    "list": "[]\n",
    "scalar": "just text\n",
    "null": "~\n",
    "tagged-root": "!!map {}\n",
    "anchored-root": "&a {}\n",
}


def full(text: str) -> str:
    """A complete file from a case."""
    return text if text.startswith("version:") else HEADER + text
