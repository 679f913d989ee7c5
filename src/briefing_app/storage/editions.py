"""The editions this user has opened, kept so that the app can say what changed since "the last edition I used".

No Qt here. Each edition opened is copied byte for byte (with its signature file, if any) into
``editions/`` of the user's data folder (platformdirs; ``$BRIEFING_APP_DATA_DIR`` overrides it), named by
the SHA-256 of its bytes, and listed in ``editions/index.json``, newest first. At most MAX_EDITIONS are kept:
the oldest are forgotten and their copies deleted. Every file is written atomically (storage/atomic.py).
A damaged index is set aside and started afresh: the history is a convenience, never a reason not to open.
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .atomic import WriteError, atomic_write_bytes, atomic_write_text

DATA_DIR_ENV = "BRIEFING_APP_DATA_DIR"
APP_DIR_NAME = "briefing-app"
MAX_EDITIONS = 8
MAX_INDEX_BYTES = 256 * 1024
SIGNATURE_SUFFIX = ".sig"


def default_data_dir() -> Path:
    """BRIEFING_APP_DATA_DIR if set (tests, portable use), else the platform's user data folder."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


class HistoryEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    edition_id: str = Field(max_length=100)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    verified: bool = False
    status: str = Field(default="", max_length=1_000, description="What the app said about it when opened")
    opened: datetime

    @property
    def file_name(self) -> str:
        return f"{self.sha256[:32]}.json"


class HistoryFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: str = Field(default="briefing-app-edition-history", pattern="^briefing-app-edition-history$")
    editions: list[HistoryEntry] = Field(default=[], max_length=100)


class EditionHistory:
    def __init__(self, data_dir: str | os.PathLike[str] | None = None, limit: int = MAX_EDITIONS):
        self.folder = Path(data_dir if data_dir is not None else default_data_dir()) / "editions"
        self.limit = limit
        self.warning = ""

    @property
    def index_path(self) -> Path:
        return self.folder / "index.json"

    def entries(self) -> list[HistoryEntry]:
        """Newest first. An unreadable index counts as empty (and is replaced at the next record)."""
        try:
            with open(self.index_path, "rb") as handle:
                data = handle.read(MAX_INDEX_BYTES + 1)
        except FileNotFoundError:
            return []
        except OSError as exc:
            self.warning = f"The list of editions used cannot be read ({exc.strerror or exc})."
            return []
        try:
            if len(data) > MAX_INDEX_BYTES:
                raise ValueError("too large")
            return list(HistoryFile.model_validate_json(data).editions)
        except (ValidationError, ValueError):
            self.warning = f"The list of editions used ({self.index_path}) was damaged and has been started afresh."
            return []

    def path_of(self, entry: HistoryEntry) -> Path:
        return self.folder / entry.file_name

    def previous(self, sha256: str) -> HistoryEntry | None:
        """The edition used most recently whose bytes differ from ``sha256`` and whose copy is still there."""
        for entry in self.entries():
            if entry.sha256 != sha256 and self.path_of(entry).is_file():
                return entry
        return None

    def record(self, data: bytes, edition_id: str, verified: bool = False, status: str = "",
               signature: bytes | None = None, opened: datetime | None = None) -> HistoryEntry:
        """Keep a copy of this edition and put it first in the list; raise WriteError if it cannot be saved."""
        sha = hashlib.sha256(data).hexdigest()
        entry = HistoryEntry(edition_id=edition_id[:100], sha256=sha, verified=verified, status=status[:1_000],
                             opened=(opened or datetime.now(UTC)).replace(microsecond=0))
        self.folder.mkdir(parents=True, exist_ok=True)
        copy = self.path_of(entry)
        if not (copy.is_file() and _sha256_of(copy) == sha):
            atomic_write_bytes(copy, data)
        signature_copy = copy.with_name(copy.name + SIGNATURE_SUFFIX)
        if signature is not None:
            atomic_write_bytes(signature_copy, signature)
        elif signature_copy.exists():
            signature_copy.unlink()
        kept = [entry] + [e for e in self.entries() if e.sha256 != sha]
        forgotten, kept = kept[self.limit:], kept[: self.limit]
        atomic_write_text(self.index_path, HistoryFile(editions=kept).model_dump_json(indent=2) + "\n")
        for old in forgotten:
            if old.sha256 in {e.sha256 for e in kept}:
                continue
            for path in (self.path_of(old), self.path_of(old).with_name(old.file_name + SIGNATURE_SUFFIX)):
                try:
                    path.unlink()
                except FileNotFoundError:
                    pass
        return entry


def _sha256_of(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


__all__ = ["EditionHistory", "HistoryEntry", "WriteError", "default_data_dir", "MAX_EDITIONS"]
