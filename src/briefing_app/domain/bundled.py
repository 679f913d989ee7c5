"""Where the bundled dataset and resources are: inside the package when installed or frozen, else at the top
of a source checkout."""

from __future__ import annotations

from pathlib import Path

DATASET_NAME = "dataset.json"


def _package_dir(name: str) -> Path:
    # Installed wheels and frozen builds (PyInstaller puts the package folder in the bundle) carry data/ and
    # resources/ inside the package. Found from this file's folder rather than importlib.resources, whose
    # import costs about 15 ms of start-up; the package is never imported from a zip file.
    packaged = Path(__file__).resolve().parents[1] / name
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
