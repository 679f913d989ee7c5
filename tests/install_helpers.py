"""What the installer tests (tests/test_packaging.py, tests/test_windows_installer.py) share: the system
tools they need, text as a PDF reader extracts it, commands run with no network (traced), and the check
that a bundle carries the data and resources unchanged."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path


def tool(name: str) -> str:
    path = shutil.which(name)
    # Installed by ./bootstrap (scripts/system-packages.sh TEST_PACKAGES): missing means a broken set-up.
    assert path, f"{name} is not installed; run ./bootstrap test (scripts/system-packages.sh)"
    return path


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def offline(command: list[str], trace: Path, *strace_options: str) -> list[str]:
    """``command`` with no network: in a new network namespace (only a down loopback, so any connection
    fails), and traced (strace, with ``strace_options``) so that even an attempt to connect to an Internet
    address shows up in ``trace``."""
    unshare = [tool("unshare"), "--net"] if os.geteuid() == 0 else [tool("unshare"), "--map-root-user", "--net"]
    strace = [tool("strace"), "-f", *strace_options, "-qq", "-e", "trace=connect", "-e", "signal=none",
              "-o", str(trace)]
    return [*unshare, *strace, *command]


def assert_bundled_unchanged(folders: dict[str, str], internal: Path, repo: Path) -> None:
    """Every file of each folder ``repo/source`` is in the bundle at ``internal/target``, byte for byte."""
    for source, target in folders.items():
        files = [path for path in (repo / source).rglob("*") if path.is_file()]
        assert files, f"{source} has no files to compare"
        for original in files:
            copy = internal / target / original.relative_to(repo / source)
            assert copy.read_bytes() == original.read_bytes(), copy
