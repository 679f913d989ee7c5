"""Atomic file writes: write a temporary file beside the target, flush it to disk, then replace.

A reader (or a crash at any moment, even SIGKILL or a power cut) sees either the old file or the new
one, never a mixture. A failed write leaves the old file as it was and no temporary file behind.

What is replaced, and what is not (:func:`inspect_output` decides, before anything is written):

- only a regular file, and only one the user may write: a write-protected file (no write permission
  for the user; for root, no write bit at all, as ``rm`` and ``vi`` treat it) is refused, not replaced;
- a character device (``/dev/null``, a terminal), a named pipe with a reader, or standard output and
  error (``/dev/stdout``, ``/dev/fd/N``) is written to directly, never replaced by a file; a pipe with
  no reader, a socket or a disk (block) device is refused;
- symbolic links are followed (a settings file linked from a dotfiles folder stays a link), except a
  link in a shared folder (world-writable, like ``/tmp``) owned neither by the user nor by the folder's
  owner: the kernel's ``protected_symlinks`` rule, applied to every link on the way.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Temporary files are named ".<target name>.<random>.tmp"; the target's name is shortened so the
# temporary name stays within the 255-byte limit of common file systems.
TEMP_SUFFIX = ".tmp"
_NAME_PART = 100

# A temporary file is left behind only when the process is killed mid-write; the next successful write
# of the same file removes such leftovers once they are this old (no live write takes an hour).
STALE_TEMP_AGE_S = 3600

# On Windows an antivirus scanner, indexer or a viewer may hold the target open for a moment;
# replacing it then fails with PermissionError. Retry for about a second before giving up.
_REPLACE_ATTEMPTS = 10 if sys.platform == "win32" else 1
_REPLACE_PAUSE_S = 0.1


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread is started.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


class WriteError(Exception):
    """A file could not be written; the message is fit for the user. The old file is intact."""

    def __init__(self, message: str, path: str | os.PathLike[str] | None = None, errno_value: int | None = None):
        super().__init__(message)
        self.path = None if path is None else str(path)
        self.errno = errno_value


_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the folder is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.ENOENT: "the folder does not exist",
    errno.EISDIR: "the path is a folder",
    errno.ENOTDIR: "part of the path is not a folder",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EIO: "the disk reported an input/output error",
    errno.ELOOP: "there are too many levels of symbolic links",
    errno.EPIPE: "the program reading it stopped reading",
    errno.ENXIO: "nothing is reading from it",
}


def _describe(exc: OSError) -> str:
    reason = _REASONS.get(exc.errno) or exc.strerror or str(exc) or type(exc).__name__
    if sys.platform == "win32" and exc.errno in (errno.EACCES, errno.EPERM):
        reason += " (is the file open in another program?)"
    return reason


def _error(target: Path, exc: OSError) -> WriteError:
    return WriteError(f"Cannot write {target}: {_describe(exc)}", target, exc.errno)


def _replace(source: Path, target: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE_S)


def _temp_prefix(target: Path) -> str:
    return f".{target.name[:_NAME_PART]}."


def remove_stale_temporaries(target: Path, older_than_s: float = STALE_TEMP_AGE_S) -> int:
    """Delete temporary files of ``target`` left by a killed writer; returns how many were removed.

    Only names exactly as mkstemp makes them (prefix, 8 random characters, suffix) are touched.
    """
    pattern = re.compile(re.escape(_temp_prefix(target)) + r"[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
    cutoff = time.time() - older_than_s
    removed = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir(target.parent):
            if not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
    return removed


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); Windows has no folder handles to flush."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ---- what the path names ----------------------------------------------------------------------------

# Kinds of output (OutputTarget.kind).
NEW_FILE = "new file"  # nothing there yet: a file is created atomically
REGULAR_FILE = "file"  # a regular file: replaced atomically
DEVICE = "device"  # a character device such as /dev/null or a terminal: written to directly
PIPE = "pipe"  # a named pipe with a reader: written to directly
STREAM = "stream"  # an open file descriptor of this process (/dev/stdout, /dev/fd/N): written to directly

_MAX_LINKS = 40  # as the kernel's ELOOP limit
_STREAM_NAME = re.compile(r"^/(?:dev/(?:std(?P<std>out|err)|fd/(?P<dev_fd>\d+))|proc/(?:self|(?P<pid>\d+))/fd/(?P<proc_fd>\d+))$")


@dataclass(frozen=True)
class OutputTarget:
    """Where a write to ``given`` goes, found before anything is written."""

    given: Path  # the path as the user gave it
    path: Path  # the file actually written: ``given`` with every symbolic link resolved
    kind: str  # NEW_FILE, REGULAR_FILE, DEVICE, PIPE or STREAM
    links: tuple[Path, ...] = ()  # the symbolic links followed on the way, in order
    descriptor: int | None = None  # for STREAM: the descriptor to write to

    @property
    def replaced(self) -> bool:
        """True when the write makes a new file (atomically); False when it writes into what is there."""
        return self.kind in (NEW_FILE, REGULAR_FILE)

    @property
    def through_link(self) -> bool:
        return bool(self.links)


def _refuse(given: Path, reason: str, code: int | None = None) -> WriteError:
    return WriteError(f"Cannot write {given}: {reason}", given, code)


def _standard_stream(text: str) -> int | None:
    """The descriptor named by /dev/stdout, /dev/stderr, /dev/fd/N or /proc/self/fd/N, else None."""
    if os.name != "posix":
        return None
    match = _STREAM_NAME.match(text)
    if match is None:
        return None
    if match.group("pid") is not None and int(match.group("pid")) != os.getpid():
        return None
    if match.group("std"):
        return 1 if match.group("std") == "out" else 2
    return int(match.group("dev_fd") or match.group("proc_fd"))


def _shared_folder(status: os.stat_result) -> bool:
    """A folder anyone may create names in (world-writable, usually sticky too, like /tmp)."""
    return bool(status.st_mode & stat.S_IWOTH)


def _check_link(given: Path, link: str, link_status: os.stat_result, folder: str) -> None:
    """Refuse to follow a link planted in a shared folder by someone else (the kernel's protected_symlinks)."""
    try:
        folder_status = os.stat(folder)
    except OSError:
        return
    if not _shared_folder(folder_status):
        return
    owner = link_status.st_uid
    if owner == os.geteuid() or owner == folder_status.st_uid:
        return
    raise _refuse(
        given,
        f"{link} is a symbolic link in the shared folder {folder}, made by another user (uid {owner}); "
        "writing through it could replace someone else's file, so it is not followed",
        errno.EACCES,
    )


def _resolve(given: Path) -> tuple[Path, tuple[Path, ...]]:
    """``given`` with every symbolic link resolved, as realpath does, checking each link on the way."""
    if os.name != "posix":
        links = (given,) if os.path.islink(given) else ()
        return Path(os.path.realpath(given)), links
    text = os.fspath(given)
    if not os.path.isabs(text):
        text = os.path.join(os.getcwd(), text)
    pending = text.split("/")[::-1]  # components still to walk, the next one last
    resolved = "/"
    links: list[Path] = []
    while pending:
        part = pending.pop()
        if part in ("", "."):
            continue
        if part == "..":
            resolved = os.path.dirname(resolved)
            continue
        candidate = os.path.join(resolved, part)
        try:
            status = os.lstat(candidate)
        except OSError:  # missing (a new file) or not a folder: reported when the file is opened
            resolved = candidate
            continue
        if not stat.S_ISLNK(status.st_mode):
            resolved = candidate
            continue
        if len(links) >= _MAX_LINKS:
            raise _refuse(given, _REASONS[errno.ELOOP], errno.ELOOP)
        _check_link(given, candidate, status, resolved)
        links.append(Path(candidate))
        target = os.readlink(candidate)
        if target.startswith("/"):
            resolved = "/"
        pending.extend(target.split("/")[::-1])
    return Path(resolved), tuple(links)


def may_write(status: os.stat_result) -> bool:
    """Whether the user may write a file with this status, as the permission bits say.

    Root may write anything, so for root (where EACCES never comes) a file with no write bit at all is
    taken as write-protected, as ``rm`` and ``vi`` take it; anyone else needs the bit of their class.
    """
    if os.name != "posix":
        return bool(status.st_mode & stat.S_IWRITE)
    uid = os.geteuid()
    if uid == 0:
        return bool(status.st_mode & 0o222)
    if status.st_uid == uid:
        return bool(status.st_mode & stat.S_IWUSR)
    if status.st_gid == os.getegid() or status.st_gid in os.getgroups():
        return bool(status.st_mode & stat.S_IWGRP)
    return bool(status.st_mode & stat.S_IWOTH)


def inspect_output(path: str | os.PathLike[str]) -> OutputTarget:
    """What writing ``path`` would do, or WriteError (a readable reason) when it must not be written.

    Nothing is created or changed. The window uses it to ask before writing through a symbolic link.
    """
    given = Path(path)
    if "\x00" in os.fspath(given):
        raise _refuse(given, "the file name contains a NUL character")
    descriptor = _standard_stream(os.fspath(given))
    if descriptor is not None:
        try:
            status = os.fstat(descriptor)
        except OSError:
            raise _refuse(given, f"file descriptor {descriptor} is not open", errno.EBADF) from None
        if stat.S_ISDIR(status.st_mode):
            raise _refuse(given, "the path is a folder", errno.EISDIR)
        return OutputTarget(given, given, STREAM, (), descriptor)
    target, links = _resolve(given)
    try:
        status = os.stat(target)
    except FileNotFoundError:
        if not os.path.isdir(target.parent):
            raise _refuse(given, _REASONS[errno.ENOENT], errno.ENOENT) from None
        return OutputTarget(given, target, NEW_FILE, links)
    except OSError as exc:
        raise _error(given, exc) from None
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        raise _refuse(given, "the path is a folder", errno.EISDIR)
    if stat.S_ISREG(mode):
        if not may_write(status):
            raise _refuse(
                given,
                "the file is write-protected (read-only); it was left as it is. "
                "Make it writable or choose another name",
                errno.EACCES,
            )
        return OutputTarget(given, target, REGULAR_FILE, links)
    if stat.S_ISCHR(mode):
        return OutputTarget(given, target, DEVICE, links)
    if stat.S_ISFIFO(mode):
        return OutputTarget(given, target, PIPE, links)
    if stat.S_ISSOCK(mode):
        raise _refuse(given, "it is a socket, not a file", errno.ENXIO)
    if stat.S_ISBLK(mode):
        raise _refuse(given, "it is a disk device; the application does not write onto disks", errno.EPERM)
    raise _refuse(given, "it is not a regular file")


# ---- writing --------------------------------------------------------------------------------------


def _open_direct(target: OutputTarget) -> int:
    """A descriptor open for writing into a device, pipe or stream, without creating or truncating anything."""
    if target.kind == STREAM:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        return os.dup(target.descriptor)
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if target.kind == PIPE:
        flags |= os.O_NONBLOCK  # fails with ENXIO at once, instead of waiting for ever, when nothing reads
    try:
        fd = os.open(target.path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO and target.kind == PIPE:
            raise _refuse(target.given, "it is a named pipe and no program is reading from it", errno.ENXIO) from None
        raise _error(target.given, exc) from None
    try:
        status = os.fstat(fd)
        if stat.S_ISREG(status.st_mode) or stat.S_ISDIR(status.st_mode) or stat.S_ISBLK(status.st_mode):
            raise _refuse(target.given, "it was replaced by something else while being written; nothing was written")
        if target.kind == PIPE:
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


@contextlib.contextmanager
def _direct_open(target: OutputTarget, binary: bool, encoding: str | None,
                 before_write: Callable[[], None] | None = None) -> Iterator[IO]:
    """Collect what the caller writes, then write it into the device, pipe or stream in one go.

    Nothing is written when the caller fails part way, as with a file.
    """
    buffer = io.BytesIO()
    handle = buffer if binary else io.TextIOWrapper(buffer, encoding=encoding, newline="", write_through=True)
    yield handle
    handle.flush()
    data = buffer.getvalue()
    if before_write is not None:
        before_write()
    fd = _open_direct(target)
    try:
        _write_all(fd, data)
    except OSError as exc:
        raise _error(target.given, exc) from None
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8", *,
                before_replace: Callable[[], None] | None = None) -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` atomically.

    ``mode`` is "w"/"wt" (text, no newline translation) or "wb". Raises :class:`WriteError` with a readable
    reason on failure, leaving any previous file untouched and no temporary file behind. What is not a
    regular file is never replaced: see :func:`inspect_output`. ``before_replace`` is called at the last
    moment, once the new contents are on disk; whatever it raises stops the write (the old file is kept).
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_open writes whole files: mode must be 'w', 'wt' or 'wb', not {mode!r}")
    shown = Path(path)
    binary = mode == "wb"
    output = inspect_output(shown)
    if not output.replaced:
        with _direct_open(output, binary, encoding, before_replace) as handle:
            yield handle
        return
    target = output.path
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(target), suffix=TEMP_SUFFIX, dir=target.parent)
    except OSError as exc:
        raise _error(shown, exc) from None
    tmp = Path(tmp_name)
    try:
        try:
            handle = os.fdopen(fd, "wb" if binary else "w", encoding=None if binary else encoding, newline=None if binary else "")
        except BaseException:
            os.close(fd)
            raise
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        try:
            keep_mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            keep_mode = 0o666 & ~_UMASK  # what open() would have given a new file
        with contextlib.suppress(OSError):
            os.chmod(tmp, keep_mode)
        if before_replace is not None:
            before_replace()
        _replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _error(shown, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_folder(target.parent)
    remove_stale_temporaries(target)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, **options) -> None:
    with atomic_open(path, "wb", **options) as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8", **options) -> None:
    """Write ``text`` exactly as given (no newline translation) in ``encoding``; ``options`` as atomic_open's."""
    with atomic_open(path, "w", encoding=encoding, **options) as handle:
        handle.write(text)
