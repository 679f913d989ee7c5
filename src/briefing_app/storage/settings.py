"""User settings: a small pydantic model with a schema version, kept in the user's configuration folder.

No Qt here: window geometry and splitter states are stored as base64 text made by the window.
A corrupt, unreadable or unknown-version settings file never stops the application: it falls back to the
defaults and reports a warning that the window shows in its status bar. Each setting is checked on its
own: one bad value (text that is not base64, a list where an extension keeps a mapping) falls back to its
default alone, with a warning naming it, and the next save writes the repaired file. A settings file that
is not a regular file (a pipe would block start-up, /dev/zero would never end) or is too large is not read.
"""

from __future__ import annotations

import errno
import logging
import os
import stat
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import from_json

from .atomic import WriteError, atomic_write_text

SETTINGS_SCHEMA_VERSION = 1
SETTINGS_FILE_NAME = "settings.json"
CONFIG_DIR_ENV = "BRIEFING_APP_CONFIG_DIR"
APP_DIR_NAME = "briefing-app"
MAX_SETTINGS_BYTES = 1024 * 1024

log = logging.getLogger(__name__)

# What QWidget.saveGeometry()/saveState() give, as base64: anything else (a non-ASCII character in a
# hand-edited file) would fail when the window decodes it.
Base64 = Annotated[str, Field(pattern=r"^[A-Za-z0-9+/]*={0,2}$", max_length=64 * 1024)]
Name = Annotated[str, Field(max_length=4_096)]


class Settings(BaseModel):
    """What the window remembers between runs. Every field has a default, so an empty file is valid."""

    # Unknown keys are ignored rather than refused: a settings file written by a newer version of the
    # same schema still opens. Assignments are validated so a bad value never reaches the file.
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: Literal[1] = SETTINGS_SCHEMA_VERSION
    window_geometry: Base64 = Field(default="", description="QMainWindow.saveGeometry(), base64")
    window_state: Base64 = Field(default="", description="QMainWindow.saveState(), base64")
    splitters: dict[Name, Base64] = Field(default={}, description="QSplitter.saveState() by splitter name, base64")
    sector: Name | None = Field(default=None, description="Sector id; None means all sectors")
    search: str = ""
    theme: Name | None = None
    min_confidence: Name | None = Field(default=None, description="A Confidence value; None means any")
    findings_sort: tuple[Annotated[int, Field(ge=-1, le=1_000)], Annotated[int, Field(ge=0, le=1)]] = Field(
        default=(-1, 0), description="(column, Qt.SortOrder value); -1 is dataset order"
    )
    recommendations_sort: tuple[Annotated[int, Field(ge=-1, le=1_000)], Annotated[int, Field(ge=0, le=1)]] = (-1, 0)
    current_kind: Literal["finding", "recommendation", ""] = ""
    current_id: Name = ""
    lower_tab: int = Field(default=0, ge=0, le=100, description="Index of the chart / briefing-pack tab")
    last_dataset_dir: Name = ""
    extensions: dict[Name, dict[Name, Any]] = Field(
        default={}, description="Free space for the chart and sheet extensions: a mapping per extension"
    )


def default_config_dir() -> Path:
    """BRIEFING_APP_CONFIG_DIR if set (tests, portable use), else the platform's user configuration folder."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_DIR_NAME, appauthor=False))


class SettingsStore:
    """Reads and writes :class:`Settings` as JSON in one folder."""

    def __init__(self, config_dir: str | os.PathLike[str] | None = None):
        self.config_dir = Path(config_dir) if config_dir is not None else default_config_dir()
        self.warning: str | None = None

    @property
    def path(self) -> Path:
        return self.config_dir / SETTINGS_FILE_NAME

    def load(self) -> Settings:
        """The saved settings, each bad one replaced by its default (:attr:`warning` then says which).

        Never raises: a file that cannot be used at all gives the defaults, with a warning.
        """
        self.warning = None
        path = self.path
        try:
            text = self._read(path)
        except FileNotFoundError:
            return Settings()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return self._defaults(f"{path} could not be used ({getattr(exc, 'strerror', None) or exc})")
        try:
            data = from_json(text)
        except ValueError as exc:
            return self._defaults(f"{path} could not be used (invalid JSON: {exc})")
        if not isinstance(data, dict):
            return self._defaults(f"{path} could not be used (it holds no settings object)")
        if data.get("schema_version", SETTINGS_SCHEMA_VERSION) != SETTINGS_SCHEMA_VERSION:
            return self._defaults(
                f"{path} could not be used (schema_version {data['schema_version']!r} is not one this version reads)"
            )
        settings, bad = validate_fields(data)
        if bad:
            self.warning = (
                f"Settings file {path}: {len(bad)} setting(s) could not be used and the default settings are in use "
                f"for them ({'; '.join(bad)}); the file is repaired when the settings are next saved."
            )
            log.warning(self.warning)
        return settings

    def _defaults(self, reason: str) -> Settings:
        self.warning = f"Settings file {reason}; the default settings are in use."
        log.warning(self.warning)
        return Settings()

    @staticmethod
    def _read(path: Path) -> str:
        """The file's text; OSError or ValueError for one that is not a regular file or is too large.

        Opened without blocking (a named pipe would otherwise wait for a writer for ever) and checked
        after opening, so a file swapped for a pipe or a device in between is caught too.
        """
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
        try:
            status = os.fstat(fd)
            if stat.S_ISDIR(status.st_mode):
                raise OSError(errno.EISDIR, "it is a folder, not a file")
            if not stat.S_ISREG(status.st_mode):
                raise ValueError("it is not a regular file (a pipe, socket or device), so it was not read")
            if status.st_size > MAX_SETTINGS_BYTES:
                raise ValueError(f"the file is larger than {MAX_SETTINGS_BYTES // 1024} KB")
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = handle.read(MAX_SETTINGS_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) > MAX_SETTINGS_BYTES:
            raise ValueError(f"the file is larger than {MAX_SETTINGS_BYTES // 1024} KB")
        return data.decode("utf-8")

    def save(self, settings: Settings) -> None:
        """Write the settings atomically. Raises WriteError (a readable message) if the folder is not writable."""
        try:
            self.config_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"Cannot create the settings folder {self.config_dir}: {exc.strerror or exc}") from None
        atomic_write_text(self.path, settings.model_dump_json(indent=2) + "\n")


def validate_fields(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from ``data`` one field at a time: a bad field (or a bad entry of a mapping) keeps its
    default and is named, with the reason, in the list returned. Unknown keys are ignored."""
    values: dict[str, Any] = {}
    bad: list[str] = []

    def check(name: str, value: Any) -> bool:
        try:
            Settings.model_validate({name: value})
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            reason = "not base64 text" if first["type"] == "string_pattern_mismatch" else first["msg"]
            bad.append(f"{where}: {reason}")
            return False
        return True

    for name, value in data.items():
        if name not in Settings.model_fields or name == "schema_version":
            continue
        if name in ("splitters", "extensions") and isinstance(value, dict):
            # Keep the good entries of a mapping: one bad splitter or extension does not lose the others.
            values[name] = {key: entry for key, entry in value.items() if check(name, {key: entry})}
        elif check(name, value):
            values[name] = value
    return Settings.model_validate(values), bad
