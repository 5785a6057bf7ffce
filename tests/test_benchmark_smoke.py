"""The benchmark script runs (tiny sizes, one repetition) and prints every ratio row.

Only that: no timing is asserted here. The numbers themselves live in
benchmarks/RESULTS.md, written by a full ``python benchmarks/run.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = (
    "load-60",
    "load-240",
    "load-nogc",
    "floor",
    "scale-2x",
    "scale-4x",
    "cli-60",
    "cli-240",
    "startup",
    "memory",
    "jobs",
    "yamllint",
    "render",
    "formats",
    "format-memory",
    "findings-heavy",
    *(
        f"{shape}{part}"
        for shape in ("cycle", "pairs", "reports-chain", "part-of-chain", "contributors")
        for part in ("", "-2x", "-memory")
    ),
)


def test_quick_benchmark_prints_every_ratio_row(tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--results", str(results)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    table = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| ([\w-]+) \| [^|]+ \| ([^|]+) \|", done.stdout, re.M)
    }
    for key in ROWS:
        assert key in table, f"row {key} missing from:\n{done.stdout}"
        ratio = table[key].strip()
        # A number, or '-' for a row the script skipped (it says why in the note).
        assert ratio == "-" or float(ratio) > 0, (key, ratio)
    written = results.read_text(encoding="utf-8")
    assert "## Machine" in written and "CPU:" in written and "PyYAML" in written
    assert all(f"| {key} |" in written for key in ROWS)
