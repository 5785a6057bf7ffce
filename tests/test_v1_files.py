"""Files written for version 0.1 mean what they meant.

``tests/data/v1.0/`` holds the three example organisations exactly as version 0.1 shipped
them (no units, venues, rhythms, oral mandates or informal tasks) and the findings
version 0.1 reported for them on 2026-12-01. Every key added since is optional, so the
same file must give the same findings, at the same places, in the same words.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from coordgraph.engine import Options, check_text

DATA = Path(__file__).resolve().parent / "data" / "v1.0"
FILES = sorted(DATA.glob("*.org.yaml"))
NEW_KEYS = ("units:", "unit:", "also_in:", "started:", "venue:", "informal:", "recurs:")


def test_the_old_files_are_there() -> None:
    assert [p.name for p in FILES] == [
        "dagtilbud-nord.org.yaml",
        "skovbakkeskolen.org.yaml",
        "solsikken.org.yaml",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_v1_0_file_without_new_keys_gives_the_same_findings(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not [key for key in NEW_KEYS if key in text]
    assert "form:" not in text and "language:" not in text and "biennial" not in text
    recorded = json.loads(
        path.with_name(path.name.replace(".org.yaml", ".findings.json")).read_text(encoding="utf-8")
    )
    result = check_text(text, path.name, Options.default(as_of=date(2026, 12, 1)))
    found = [
        {
            "code": f.code,
            "severity": f.severity,
            "line": f.line,
            "column": f.column,
            "node": f.node,
            "message": f.message,
        }
        for f in result.findings
    ]
    assert found == recorded
    assert len(recorded) >= 7
