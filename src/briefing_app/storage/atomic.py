"""Atomic file writes: write a temporary file beside the target, flush it to disk, then replace.

A reader (or a crash at any moment, even SIGKILL or a power cut) sees either the old file or the new
one, never a mixture. A failed write leaves the old file as it was and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
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


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temporary file next to ``path``; on success it replaces ``path`` atomically.

    ``mode`` is "w"/"wt" (text, no newline translation) or "wb". Raises :class:`WriteError` with a readable
    reason on failure, leaving any previous file untouched and no temporary file behind.
    """
    if mode not in ("w", "wt", "wb"):
        raise ValueError(f"atomic_open writes whole files: mode must be 'w', 'wt' or 'wb', not {mode!r}")
    shown = Path(path)
    # Write through a symbolic link (a settings file linked from a dotfiles folder stays a link).
    target = Path(os.path.realpath(shown))
    if target.is_dir():
        raise WriteError(f"Cannot write {shown}: the path is a folder", shown, errno.EISDIR)
    binary = mode == "wb"
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


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb") as handle:
        handle.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` exactly as given (no newline translation) in ``encoding``."""
    with atomic_open(path, "w", encoding=encoding) as handle:
        handle.write(text)
