"""No network: the command-line exports, charts and printed sheets make no network connection.

Each command runs in a subprocess, on the hostile dataset (whose text holds ``<img src="file:…">`` and
``<a href="https://…">``), under up to three independent watchers:

- a ``sitecustomize`` that installs the same guard as tests/conftest.py (any non-UNIX socket connection
  or name lookup from Python is refused and recorded);
- ``strace -f`` recording every connect/sendto/sendmsg system call, so C++ code (Qt, CUPS) is watched too;
  only AF_UNIX is allowed;
- ``unshare -n``: a private network namespace with no interface up, as on an offline laptop.

Each command must succeed and write its file. strace and unshare are in scripts/system-packages.sh; when
the machine lacks them (or root for unshare), the watcher is left out and the others still run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from reliability_helpers import ImageProbe, add_count, hostile_strings, make_hostile

GUARD = textwrap.dedent(
    """
    # Installed by tests/test_no_network.py: refuse and record any network use from Python.
    import os, socket

    _log = os.environ["BRIEFING_NETWORK_LOG"]

    def _record(what):
        with open(_log, "a", encoding="utf-8") as handle:
            handle.write(what + "\\n")
        raise OSError(f"network access refused by the test guard: {what}")

    def _check(sock, address):
        if sock.family != getattr(socket, "AF_UNIX", None):
            _record(f"connect {address!r}")

    _connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

    def connect(self, address):
        _check(self, address)
        return _connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        _check(self, args[-1])
        return _sendto(self, data, *args)

    def getaddrinfo(host, *args, **kwargs):
        _record(f"name lookup {host!r}")

    socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = getaddrinfo
    """
)


def _cases() -> list[tuple[str, list[str], str]]:
    """(id, arguments after the command name with {out} for the output folder, the file it writes)."""
    return [
        ("export-csv", ["export", "--format", "csv", "-o", "{out}/findings.csv"], "findings.csv"),
        ("export-json", ["export", "--format", "json", "-o", "{out}/findings.json"], "findings.json"),
        ("chart-png", ["chart", "--sector", "health", "-o", "{out}/chart.png"], "chart.png"),
        ("chart-svg", ["chart", "--sector", "education", "-o", "{out}/chart.svg"], "chart.svg"),
        ("chart-csv", ["chart", "--sector", "local-government", "-o", "{out}/chart.csv"], "chart.csv"),
        ("sheet-sector", ["sheet", "--sector", "health", "-o", "{out}/sheet.pdf"], "sheet.pdf"),
        ("sheet-overview", ["sheet", "--overview", "-o", "{out}/overview.pdf"], "overview.pdf"),
    ]


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=30).returncode == 0


UNSHARE = _unshare_works()
STRACE = shutil.which("strace") is not None and subprocess.run(
    ["strace", "-f", "-o", os.devnull, "true"], capture_output=True, timeout=30
).returncode == 0


def watched(command: list[str], strace_log: Path) -> tuple[list[str], list[str]]:
    """The command wrapped in strace and unshare -n where the machine has them, and the watchers' names."""
    watchers = ["python guard"]
    if STRACE:
        command = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(strace_log), *command]
        watchers.append("strace")
    if UNSHARE:
        command = ["unshare", "-n", *command]
        watchers.append("unshare -n")
    return command, watchers


@pytest.fixture(scope="module")
def hostile_setup(tmp_path_factory, dataset_path):
    folder = tmp_path_factory.mktemp("offline")
    probe = ImageProbe(folder)
    raw = json.loads(dataset_path.read_text(encoding="utf-8"))
    make_hostile(raw, hostile_strings(probe.url))
    dataset = folder / "hostile.json"
    dataset.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    guard_dir = folder / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    return dataset, guard_dir, probe


# connect(5, {sa_family=AF_INET, sin_port=htons(443), ...}, 16) = -1 ENETUNREACH
_SOCKET_CALL = re.compile(r"\b(connect|sendto|sendmsg)\(\d+, .*?sa_family=(AF_\w+)")


def _local_print_server(line: str) -> bool:
    """IPP to the CUPS server on this machine (libcups tries localhost:631 when its socket file is missing)."""
    return "htons(631)" in line and ('inet_addr("127.0.0.1")' in line or '"::1"' in line)


def internet_calls(strace_log: str, printing: bool = False) -> list[str]:
    """Socket calls to anything but a local (UNIX) socket, or when printing, the local print server."""
    return [
        line for line in strace_log.splitlines()
        if (m := _SOCKET_CALL.search(line)) and m.group(2) != "AF_UNIX" and not (printing and _local_print_server(line))
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("args", "written"), [c[1:] for c in _cases()], ids=[c[0] for c in _cases()])
def test_command_makes_no_network_connection(hostile_setup, tmp_path, args, written, pytestconfig):
    dataset, guard_dir, probe = hostile_setup
    probe.reset()
    out = tmp_path / "out"
    out.mkdir()
    network_log = tmp_path / "network.log"
    strace_log = tmp_path / "strace.log"
    command = [sys.executable, "-m", "briefing_app", args[0], "--dataset", str(dataset)]
    command += [a.format(out=out) for a in args[1:]]
    command, watchers = watched(command, strace_log)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(guard_dir), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "BRIEFING_NETWORK_LOG": str(network_log),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert (out / written).stat().st_size > 0
    assert not network_log.exists(), network_log.read_text()
    if STRACE:
        assert internet_calls(strace_log.read_text()) == []
    assert not probe.was_read(), "the <img src=file:...> in the dataset text was loaded"
    add_count(pytestconfig, f"commands run offline (watchers: {', '.join(watchers)})", 1)


def test_the_guard_and_strace_detect_a_connection(hostile_setup, tmp_path):
    """The watchers are not blind: a deliberate connection is caught by both."""
    _, guard_dir, _ = hostile_setup
    network_log = tmp_path / "network.log"
    strace_log = tmp_path / "strace.log"
    code = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=0.2)\nexcept OSError:\n    pass\n"
    command = [sys.executable, "-c", code]
    if STRACE:
        command = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(strace_log), *command]
    env = {**os.environ, "PYTHONPATH": str(guard_dir), "BRIEFING_NETWORK_LOG": str(network_log)}
    subprocess.run(command, capture_output=True, timeout=60, env=env, check=True)
    assert "name lookup '192.0.2.1'" in network_log.read_text()
    if STRACE:
        # Without the guard the connect system call is made (and fails fast under unshare -n).
        env.pop("PYTHONPATH")
        command = ["strace", "-f", "-qq", "-e", "trace=connect", "-o", str(strace_log), sys.executable, "-c", code]
        if UNSHARE:
            command = ["unshare", "-n", *command]
        subprocess.run(command, capture_output=True, timeout=60, env=env, check=True)
        assert internet_calls(strace_log.read_text())


# Printing through Qt's print support, as File > Print does, to a PDF file so that no printer is needed.
PRINT_SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from PySide6.QtPrintSupport import QPrinter
    from briefing_app.domain import load_catalogue
    from briefing_app.sheets import build
    from briefing_app.sheets.model import SheetOptions
    from briefing_app.sheets.printing import prepare_printer, print_sheet, printer_named

    catalogue = load_catalogue(sys.argv[1])
    sheet = build.sector_sheet(catalogue, "health", SheetOptions())[0]
    printer = printer_named(None)
    prepare_printer(printer, sheet)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(sys.argv[2])
    print_sheet(sheet, printer)
    """
)


@pytest.mark.slow
def test_printing_makes_no_network_connection(hostile_setup, tmp_path, pytestconfig):
    """Only the local print system may be contacted (CUPS's socket, or localhost:631 when it has none)."""
    dataset, guard_dir, probe = hostile_setup
    probe.reset()
    printed = tmp_path / "printed.pdf"
    network_log = tmp_path / "network.log"
    strace_log = tmp_path / "strace.log"
    command, watchers = watched([sys.executable, "-c", PRINT_SCRIPT, str(dataset), str(printed)], strace_log)
    env = {**os.environ, "PYTHONPATH": str(guard_dir), "BRIEFING_NETWORK_LOG": str(network_log),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, env=env)
    assert result.returncode == 0, result.stderr
    assert printed.read_bytes().startswith(b"%PDF")
    assert not network_log.exists(), network_log.read_text()
    if STRACE:
        assert internet_calls(strace_log.read_text(), printing=True) == []
    assert not probe.was_read()
    add_count(pytestconfig, f"commands run offline (watchers: {', '.join(watchers)})", 1)


def test_only_the_local_print_server_is_allowed_when_printing():
    lines = [
        '1 connect(4, {sa_family=AF_UNIX, sun_path="/run/cups/cups.sock"}, 110) = 0',
        '1 connect(4, {sa_family=AF_INET, sin_port=htons(631), sin_addr=inet_addr("127.0.0.1")}, 16) = -1',
        '1 connect(4, {sa_family=AF_INET6, sin6_port=htons(631), inet_pton(AF_INET6, "::1", &sin6_addr)}, 28) = -1',
        '1 connect(5, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("192.0.2.7")}, 16) = -1',
        '1 connect(6, {sa_family=AF_INET, sin_port=htons(631), sin_addr=inet_addr("10.0.0.9")}, 16) = -1',
    ]
    log = "\n".join(lines)
    assert internet_calls(log, printing=True) == lines[3:]
    assert internet_calls(log) == lines[1:]
