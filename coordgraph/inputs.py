"""Finding and reading the files to check, so that no input stops the run or hangs it.

Every path that cannot be read becomes a CG001 ``unreadable`` finding on that path and
the other files are still checked: a symlink loop, a file or folder without
permission, a file that vanished, a dangling symlink, and anything that is not a
regular file (a FIFO, a device, a socket named ``*.org.yaml``), which is never opened:
opening a FIFO would wait for a writer forever. Only a path named on the command line
that does not exist at all stops the run (exit 2: a typo, not a finding).

Reading is bounded: the size is checked with ``stat`` before reading and at most
``limit + 1`` bytes are ever read, so a huge (or sparse, or growing) file costs no
more memory than the limit allows.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from coordgraph.display import display_path
from coordgraph.messages import say
from coordgraph.safewrite import ORG_SUFFIXES

_READ_CHUNK = 1 << 20


class MissingPath(Exception):
    """A path named on the command line does not exist (the run cannot go as asked)."""

    def __init__(self, given: str) -> None:
        super().__init__(given)
        self.given = given


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a path cannot be read; worded in the run's language when the finding is made.

    Plain values only, so it travels to worker processes.
    """

    key: str  # a messages key: not_regular, no_permission, link_loop, vanished, os_error
    kind: str = ""  # for not_regular: kind_fifo, kind_char, ...
    reason: str = ""  # for os_error: the system's words
    folder: bool = False  # the path is a folder that cannot be searched
    config: bool = False  # the file's configuration could not be looked up

    @classmethod
    def of(cls, exc: OSError, folder: bool = False, config: bool = False) -> Problem:
        number = exc.errno
        if number in (errno.EACCES, errno.EPERM):
            return cls("no_permission", folder=folder, config=config)
        if number == errno.ELOOP:
            return cls("link_loop", folder=folder, config=config)
        if number in (errno.ENOENT, errno.ENOTDIR):
            return cls("vanished", folder=folder, config=config)
        reason = exc.strerror or type(exc).__name__
        return cls("os_error", reason=reason, folder=folder, config=config)

    @classmethod
    def special(cls, mode: int) -> Problem:
        if stat.S_ISFIFO(mode):
            kind = "kind_fifo"
        elif stat.S_ISCHR(mode):
            kind = "kind_char"
        elif stat.S_ISBLK(mode):
            kind = "kind_block"
        elif stat.S_ISSOCK(mode):
            kind = "kind_socket"
        elif stat.S_ISDIR(mode):
            kind = "kind_folder"
        else:
            kind = "kind_other"
        return cls("not_regular", kind=kind)

    def detail(self, lang: str) -> str:
        """The ``detail`` of CG001's ``unreadable`` message, in ``lang``."""
        if self.key == "not_regular":
            text = say("not_regular", lang, kind=say(self.kind, lang))
        else:
            text = say(self.key, lang, reason=self.reason)
        if self.folder:
            return say("folder_unreadable", lang, reason=text)
        if self.config:
            return say("config_unreadable", lang, reason=text)
        return text


@dataclass(frozen=True, slots=True)
class Input:
    """One path to check: a file, or a path already known to be unreadable."""

    path: Path
    display: str  # as shown in reports (see :func:`coordgraph.display.display_path`)
    explicit: bool  # named on the command line (then always checked)
    problem: Problem | None = None


def read_bounded(path: Path, limit: int) -> tuple[bytes | None, Problem | None, int]:
    """``(data, None, size)``, or ``(None, problem, 0)``, or ``(None, None, size)`` when
    the file is larger than ``limit`` bytes (not read beyond ``limit + 1`` bytes)."""
    try:
        before = os.stat(path)  # follows symlinks: a loop or a dangling link fails here
    except OSError as exc:
        return None, Problem.of(exc), 0
    if not stat.S_ISREG(before.st_mode):
        return None, Problem.special(before.st_mode), 0  # never opened (a FIFO would block)
    if before.st_size > limit:
        return None, None, before.st_size
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        # O_NONBLOCK: should the path have been swapped for a FIFO since the stat, the
        # open returns at once instead of waiting for a writer (and fstat then says so).
        fd = os.open(path, flags)
    except OSError as exc:
        return None, Problem.of(exc), 0
    try:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            return None, Problem.special(opened.st_mode), 0
        if opened.st_size > limit:
            return None, None, opened.st_size
        buffer = bytearray()
        while len(buffer) <= limit:
            chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - len(buffer)))
            if not chunk:
                break
            buffer += chunk
        if len(buffer) > limit:  # it grew while we read: refuse, without reading on
            return None, None, max(len(buffer), os.fstat(fd).st_size)
        return bytes(buffer), None, len(buffer)
    except OSError as exc:
        return None, Problem.of(exc), 0
    finally:
        os.close(fd)


def _is_org(name: str) -> bool:
    return name.endswith(ORG_SUFFIXES)


def _joined(given: str, relative: str) -> str:
    """How a path found under ``given`` is shown: as given, joined with the rest."""
    if not relative or relative == ".":
        return given
    return relative if given in (".", "./") else os.path.join(given, relative)


def _walk(top: Path, given: str) -> Iterator[tuple[str, Path, Problem | None]]:
    """``(relative, path, problem)`` for every org file under ``top`` and every folder
    that cannot be searched (hidden folders skipped, symlinked folders not followed)."""
    errors: list[OSError] = []
    for root, dirs, names in os.walk(top, onerror=errors.append):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if _is_org(name):
                full = Path(root) / name
                yield os.path.relpath(full, top).replace(os.sep, "/"), full, None
    for error in errors:
        where = Path(error.filename) if error.filename else top
        relative = os.path.relpath(where, top).replace(os.sep, "/")
        yield relative, where, Problem.of(error, folder=True)


def collect(paths: Sequence[str]) -> list[Input]:
    """Inputs to check, in a stable order, each real file once.

    A path named explicitly is always checked; a folder is searched recursively for
    ``*.org.yaml`` / ``*.org.yml``. Raises :class:`MissingPath` for a named path that
    does not exist (not even as a dangling symlink).
    """
    inputs: list[Input] = []
    seen: set[str] = set()

    def add(item: Input) -> None:
        key = os.path.realpath(item.path)
        if key not in seen:
            seen.add(key)
            inputs.append(item)

    for given in paths:
        path = Path(given)
        shown = display_path(given)
        try:
            mode = os.stat(path).st_mode
        except (FileNotFoundError, NotADirectoryError) as exc:
            if not os.path.lexists(path):
                raise MissingPath(given) from None
            add(Input(path, shown, True, Problem.of(exc)))  # a dangling symlink
            continue
        except OSError as exc:  # a loop, a folder on the way we may not enter, ...
            add(Input(path, shown, True, Problem.of(exc)))
            continue
        if not stat.S_ISDIR(mode):
            add(Input(path, shown, True))  # checked whatever its name or kind
            continue
        for relative, full, problem in sorted(_walk(path, given), key=lambda x: x[0]):
            add(Input(full, display_path(_joined(given, relative)), False, problem))
    return inputs
