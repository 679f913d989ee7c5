"""User settings: a small pydantic model with a schema version, kept in the user's configuration folder.

No Qt here: window geometry and splitter states are stored as base64 text made by the window.
A corrupt, unreadable or unknown-version settings file never stops the application: it falls back to the
defaults and reports a warning that the window shows in its status bar.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .atomic import WriteError, atomic_write_text

SETTINGS_SCHEMA_VERSION = 1
SETTINGS_FILE_NAME = "settings.json"
CONFIG_DIR_ENV = "BRIEFING_APP_CONFIG_DIR"
APP_DIR_NAME = "briefing-app"
MAX_SETTINGS_BYTES = 1024 * 1024

log = logging.getLogger(__name__)


class Settings(BaseModel):
    """What the window remembers between runs. Every field has a default, so an empty file is valid."""

    # Unknown keys are ignored rather than refused: a settings file written by a newer version of the
    # same schema still opens. Assignments are validated so a bad value never reaches the file.
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    schema_version: Literal[1] = SETTINGS_SCHEMA_VERSION
    window_geometry: str = Field(default="", description="QMainWindow.saveGeometry(), base64")
    window_state: str = Field(default="", description="QMainWindow.saveState(), base64")
    splitters: dict[str, str] = Field(default={}, description="QSplitter.saveState() by splitter name, base64")
    sector: str | None = Field(default=None, description="Sector id; None means all sectors")
    search: str = ""
    theme: str | None = None
    min_confidence: str | None = Field(default=None, description="A Confidence value; None means any")
    findings_sort: tuple[int, int] = Field(default=(-1, 0), description="(column, Qt.SortOrder value); -1 is dataset order")
    recommendations_sort: tuple[int, int] = (-1, 0)
    current_kind: Literal["finding", "recommendation", ""] = ""
    current_id: str = ""
    lower_tab: int = Field(default=0, ge=0, description="Index of the chart / briefing-pack tab")
    last_dataset_dir: str = ""
    extensions: dict[str, Any] = Field(
        default={}, description="Free space for the chart and sheet extensions, one key per extension"
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
        """The saved settings, or the defaults (with :attr:`warning` set) if the file cannot be used."""
        self.warning = None
        path = self.path
        if not path.exists():
            return Settings()
        try:
            if path.stat().st_size > MAX_SETTINGS_BYTES:
                raise ValueError(f"the file is larger than {MAX_SETTINGS_BYTES // 1024} KB")
            text = path.read_text(encoding="utf-8")
            return Settings.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"]) or "the file"
            reason = f"{where}: {first['msg']}"
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
        self.warning = f"Settings file {path} could not be used ({reason}); the default settings are in use."
        log.warning(self.warning)
        return Settings()

    def save(self, settings: Settings) -> None:
        """Write the settings atomically. Raises WriteError (a readable message) if the folder is not writable."""
        try:
            self.config_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise WriteError(f"Cannot create the settings folder {self.config_dir}: {exc.strerror or exc}") from None
        atomic_write_text(self.path, settings.model_dump_json(indent=2) + "\n")
