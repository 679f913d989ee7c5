"""An installed copy finds the bundled dataset through package resources, not the working directory."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (path,) = out.glob("briefing_app-*.whl")
    return path


def test_wheel_carries_data_and_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "briefing_app/data/dataset.json" in names
    assert "briefing_app/data/dataset.schema.json" in names
    assert "briefing_app/data/dataset.json.sig" in names  # the edition's signature (docs/editions.md)
    assert "briefing_app/resources/edition-keys.json" in names  # the compiler's public key
    assert any(n.startswith("briefing_app/resources/") for n in names)


def test_unpacked_wheel_loads_its_own_dataset_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import briefing_app, sys; from briefing_app.domain import bundled_dataset_path, load_catalogue;"
        "p = bundled_dataset_path(); c = load_catalogue(); print(p); print(len(c.dataset.findings))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    path, count = result.stdout.split()
    assert Path(path).is_relative_to(site / "briefing_app" / "data")
    assert int(count) > 0
