"""Render the example organisations in ``orgs/`` to ``docs/pictures/`` for the README.

Usage: ``python scripts/make_pictures.py [--as-of 2026-12-01] [--lang da]``

For every ``orgs/*.org.yaml`` it writes ``<name>-org.svg`` (people, communication,
delegations) and ``<name>-tasks.svg`` (tasks and dependencies), with findings, checked as
of a fixed date so the pictures only change when the examples or the renderer change.
Output is deterministic: re-running it on unchanged input gives byte-identical files.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coordgraph.config import options_for  # noqa: E402
from coordgraph.engine import check_file  # noqa: E402
from coordgraph.render import draw  # noqa: E402
from coordgraph.render.layout import layout_scene  # noqa: E402
from coordgraph.render.scene import build_scene  # noqa: E402
from coordgraph.safewrite import write_atomic  # noqa: E402

AS_OF = date(2026, 12, 1)  # the date orgs/README.md counts its findings on


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=date.fromisoformat, default=AS_OF)
    parser.add_argument("--lang", choices=("da", "en"), default="da")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "pictures")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    files = sorted((ROOT / "orgs").glob("*.org.yaml"))
    if not files:
        print("no orgs/*.org.yaml to render", file=sys.stderr)
        return 1
    for path in files:
        options = options_for(path, None, False, args.lang, args.as_of)
        result = check_file(path, f"orgs/{path.name}", options)
        if result.org is None or result.graph is None:
            print(f"{path.name}: could not be read, skipped", file=sys.stderr)
            continue
        stem = path.name.removesuffix(".org.yaml")
        for view in ("org", "tasks"):
            scene = build_scene(
                result.org, result.graph, result.findings, view=view, lang=args.lang
            )
            buffer = io.BytesIO()
            draw.render(scene, layout_scene(scene), buffer, "svg")
            target = args.out / f"{stem}-{view}.svg"
            write_atomic(target, buffer.getvalue())
            print(f"wrote {target} ({len(result.findings)} findings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
