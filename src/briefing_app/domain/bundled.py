"""Where the bundled dataset and resources are, found through package resources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DATASET_NAME = "dataset.json"
SCHEMA_NAME = "dataset.schema.json"


def _package_dir(name: str) -> Path:
    # Installed wheels and frozen builds carry data/ and resources/ inside the package.
    packaged = Path(str(resources.files("briefing_app"))) / name
    if packaged.is_dir():
        return packaged
    # A source checkout (editable install or PYTHONPATH=src): the folders at the top of the repository,
    # found from this file's location, never from the working directory.
    return Path(__file__).resolve().parents[3] / name


def data_dir() -> Path:
    return _package_dir("data")


def resources_dir() -> Path:
    return _package_dir("resources")


def bundled_dataset_path() -> Path:
    return data_dir() / DATASET_NAME
