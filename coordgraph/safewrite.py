"""Safe writing of everything coordgraph produces (reports, diagrams, baselines).

Output goes to a temporary file in the target's directory and is then renamed over the
target, so an interrupted run never leaves a half-written file; and an input org file
is never overwritten by a report (a swapped argument must not destroy the organisation).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class RefusedWrite(Exception):
    """Writing was refused to protect an input; the tool exits 2."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: Path, data: bytes, protected: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``target`` via a temporary file and a rename."""
    for path in protected:
        if _same_file(target, path):
            raise RefusedWrite(
                f"refusing to write over the input file '{target}'; choose another output"
            )
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:  # owns (and closes) the handle from here
            # mkstemp makes the file private (0600); a report gets the usual mode, as
            # open() would give it: 0666 less the umask, or the mode of the file replaced.
            os.chmod(temporary, _mode_for(target))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
