"""The one place where coordgraph writes files (reports, diagrams, baselines, starters,
the GitHub job summary), so that writing never harms a file.

What happens to the target, decided by :func:`plan_write` before anything is written:

- **A regular file, or a new one**: written to a temporary file in the same folder and
  renamed over the target, so an interrupted run leaves the old file (or none) and no
  debris. A replaced file keeps its mode (and, where we may, its owner). A file with
  other hard links is replaced under this name only; the other names keep the old
  content (a rename cannot change them; docs/ci.md says so).
- **A symbolic link** is written through to the file it names; the link stays a link.
  A *dangling* link is treated like a shell redirection would: the file it names is
  created, if that file's folder exists (else a one-line error).
- **A device, FIFO or socket** (``/dev/null``, a named pipe) is opened and written to,
  never renamed over. Opening a FIFO waits for its reader, as a shell redirection does.
  ``/dev/stdout``, ``/dev/stderr`` and ``/dev/fd/N`` write to that descriptor directly.
- **Refused** with a one-line error (exit 2): a target whose permission bits do not let
  us write it (judged by the bits, also when running as root, which could override
  them); a folder; a symlink loop; any output named ``*.org.yaml`` / ``*.org.yml``
  (only ``coordgraph init`` and ``coordgraph import`` write those); and any file that is
  one of this run's inputs, however its path is spelled (another name, a symlink, a hard
  link).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from coordgraph.messages import say

ORG_SUFFIXES = (".org.yaml", ".org.yml")
_STD_NAMES = {"/dev/stdin": 0, "/dev/stdout": 1, "/dev/stderr": 2}
_FD_PATH = re.compile(r"/(?:dev|proc/self)/fd/(\d+)")


class RefusedWrite(Exception):
    """Writing was refused or failed: the tool says why in one line and exits 2."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields

    def message(self, lang: str | None = None) -> str:
        return say(self.key, lang, **self.fields)

    def __str__(self) -> str:
        return self.message()


@dataclass(frozen=True, slots=True)
class Plan:
    """How a target will be written (see the module doc)."""

    path: Path  # where the bytes go (through symlinks: the file they name)
    kind: str  # "new" | "replace" | "through" | "fd"
    fd: int = -1  # for "fd"
    mode: int | None = None  # for "replace": the mode to keep
    owner: tuple[int, int] | None = None  # for "replace": (uid, gid) to keep if we may


def is_org_name(path: str | os.PathLike[str]) -> bool:
    """Whether a path is named like an organisation file (any letter case)."""
    return os.fspath(path).lower().endswith(ORG_SUFFIXES)


def writable_by_bits(st: os.stat_result) -> bool:
    """Whether the permission bits let this process write: owner, group or other bits.

    Deliberately not ``os.access``: root may write anything, but a file someone made
    read-only (or that belongs to someone else without write permission for us) is not
    ours to replace, whoever runs the tool.
    """
    if not hasattr(os, "geteuid"):  # Windows: only the read-only flag exists
        return bool(st.st_mode & stat.S_IWUSR)
    if st.st_uid == os.geteuid():
        return bool(st.st_mode & stat.S_IWUSR)
    if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
        return bool(st.st_mode & stat.S_IWGRP)
    return bool(st.st_mode & stat.S_IWOTH)


def _fd_alias(target: Path) -> int | None:
    """The open descriptor a path like ``/dev/stdout`` or ``/dev/fd/3`` names, if any."""
    text = os.path.normpath(os.fspath(target))
    fd = _STD_NAMES.get(text)
    if fd is None:
        match = _FD_PATH.fullmatch(text)
        fd = int(match.group(1)) if match else None
    if fd is None:
        return None
    try:
        os.fstat(fd)
    except OSError:
        return None  # not open here: let the path itself be tried (and fail in one line)
    return fd


def _is_protected(real: str, st: os.stat_result | None, protected: Iterable[Path]) -> bool:
    """Whether the file at real path ``real`` (stat ``st``) is one of ``protected``."""
    for path in protected:
        try:
            if os.path.realpath(path) == real:
                return True
            if st is not None:
                other = os.stat(path)
                if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                    return True
        except (OSError, ValueError):
            continue
    return False


def _owner(st: os.stat_result) -> str:
    try:
        import pwd

        return pwd.getpwuid(st.st_uid).pw_name
    except (ImportError, KeyError):
        return f"uid {st.st_uid}"


def plan_write(
    target: str | os.PathLike[str], protected: Iterable[Path] = (), *, allow_org: bool = False
) -> Plan:
    """Decide how ``target`` is written, or raise :class:`RefusedWrite` saying why not.

    Called before the work starts (so a refused output fails fast) and again when
    writing. ``allow_org`` is for ``coordgraph init``, which writes an org file.
    """
    target = Path(target)
    fd = _fd_alias(target)
    if fd is not None:
        return Plan(target, "fd", fd=fd)
    final = Path(os.path.realpath(target)) if os.path.islink(target) else target
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise RefusedWrite("refuse_loop", path=target) from None
        raise RefusedWrite("cannot_write", path=target, reason=exc.strerror or exc) from None
    if _is_protected(os.path.realpath(target), st, protected):
        raise RefusedWrite("refuse_input", path=target)
    if not allow_org and (is_org_name(target) or is_org_name(final)):
        raise RefusedWrite("refuse_org", path=target)
    if st is None:
        folder = final.parent if str(final.parent) else Path(".")
        if not folder.is_dir():
            raise RefusedWrite("no_folder", path=target, folder=folder)
        return Plan(final, "new")
    if stat.S_ISDIR(st.st_mode):
        raise RefusedWrite("refuse_folder", path=target)
    if not writable_by_bits(st):
        mode = stat.filemode(st.st_mode)
        raise RefusedWrite("refuse_mode", path=target, mode=mode, owner=_owner(st))
    if stat.S_ISREG(st.st_mode):
        return Plan(final, "replace", mode=st.st_mode & 0o777, owner=(st.st_uid, st.st_gid))
    return Plan(target, "through")


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _replace(plan: Plan, chunks: Iterable[bytes]) -> None:
    """Write to a temporary file beside the target, then rename it over the target."""
    directory = plan.path.parent if str(plan.path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{plan.path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:  # owns (and closes) the handle from here
            # mkstemp makes the file private (0600); a report gets the usual mode, as
            # open() would give it: 0666 less the umask, or the mode of the file replaced.
            os.chmod(temporary, plan.mode if plan.mode is not None else _default_mode())
            if hasattr(os, "chown") and plan.owner not in (None, (os.geteuid(), os.getegid())):
                with contextlib.suppress(OSError):  # only where we may (root)
                    os.chown(temporary, *plan.owner)
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, plan.path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _write_descriptor(fd: int, chunks: Iterable[bytes]) -> None:
    for stream in (sys.stdout, sys.stderr):  # what Python buffered goes first
        with contextlib.suppress(Exception):
            stream.flush()
    for chunk in chunks:
        view = memoryview(chunk)
        while view:
            view = view[os.write(fd, view) :]


def _write_through(path: Path, chunks: Iterable[bytes], append: bool = False) -> None:
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if append:
        flags |= os.O_APPEND | os.O_CREAT
    fd = os.open(path, flags, 0o666)
    with os.fdopen(fd, "wb") as stream:
        for chunk in chunks:
            stream.write(chunk)


def write_chunks(
    target: str | os.PathLike[str],
    chunks: Iterable[bytes],
    protected: Iterable[Path] = (),
    *,
    allow_org: bool = False,
) -> None:
    """Write ``chunks`` to ``target`` by the rules of the module doc (streamed: the whole
    output is never held in memory)."""
    plan = plan_write(target, protected, allow_org=allow_org)
    try:
        if plan.kind == "fd":
            _write_descriptor(plan.fd, chunks)
        elif plan.kind == "through":
            _write_through(plan.path, chunks)
        else:
            _replace(plan, chunks)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise RefusedWrite("cannot_write", path=target, reason=exc.strerror or exc) from None


def write_atomic(
    target: str | os.PathLike[str],
    data: bytes,
    protected: Iterable[Path] = (),
    *,
    allow_org: bool = False,
) -> None:
    """Write ``data`` to ``target`` (a regular file atomically; see the module doc)."""
    write_chunks(target, (data,), protected, allow_org=allow_org)


def append(target: str | os.PathLike[str], data: bytes, protected: Iterable[Path] = ()) -> None:
    """Append ``data`` to ``target`` (created if missing), by the same rules.

    For files other tools also append to, such as GitHub's job summary: appending is not
    atomic, but it never replaces, truncates or renames anything.
    """
    plan = plan_write(target, protected)
    try:
        if plan.kind == "fd":
            _write_descriptor(plan.fd, (data,))
        else:
            _write_through(plan.path, (data,), append=True)
    except OSError as exc:
        raise RefusedWrite("cannot_write", path=target, reason=exc.strerror or exc) from None
