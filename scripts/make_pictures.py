"""Render the example organisations to ``docs/pictures/`` for the README and the docs.

Usage: ``python scripts/make_pictures.py [--as-of 2026-12-01] [--lang da]``

For every ``orgs/*.org.yaml`` it writes
``<name>-org.svg`` (units, people, communication, delegations) and ``<name>-tasks.svg``
(tasks, owners and dependencies), with findings, checked as of a fixed date so the
pictures only change when the examples or the renderer change; for an example with units
also ``<name>-<unit>.svg``, the first unit drawn on its own (``--focus UNIT``).
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
        result = check_file(path, path.relative_to(ROOT).as_posix(), options)
        if result.org is None or result.graph is None:
            print(f"{path.name}: could not be read, skipped", file=sys.stderr)
            continue
        stem = path.name.removesuffix(".org.yaml")
        pictures: list[tuple[str, str, str | None]] = [
            ("org", "org", None),
            ("tasks", "tasks", None),
        ]
        inner = [u for u in result.org.units.values() if u.part_of is not None]
        if inner:
            pictures.append((inner[0].id, "org", f"units/{inner[0].id}"))
        for name, view, focus in pictures:
            scene = build_scene(
                result.org, result.graph, result.findings, view=view, focus=focus, lang=args.lang
            )
            buffer = io.BytesIO()
            draw.render(scene, layout_scene(scene), buffer, "svg")
            target = args.out / f"{stem}-{name}.svg"
            write_atomic(target, buffer.getvalue())
            print(f"wrote {target} ({len(result.findings)} findings)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
