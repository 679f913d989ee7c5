"""The Windows installers, built and tested on Linux under wine (packaging/windows/, packaging/README.md).

Builds both installers with the script `make package-windows` runs (NSIS with zlib instead of LZMA to
save about two minutes; the content is the same), then for each: a fresh 64-bit wine prefix, a silent
install, checks of the files, Start-menu shortcut and uninstall entry, the installed program writing the
health briefing sheet, its window on a virtual X screen (screenshot kept in build/windows/), a silent
uninstall, and checks that the folder, the shortcut and the uninstall entry are gone.

Every wine command runs in a network namespace of its own with no network, from a cold wine session,
traced so that an attempt to connect to an Internet address fails the test. The wine-only stand-in DLLs
(packaging/windows/wine-standins/) go into the throw-away prefix, never into the bundle or an installer.
Slow: about 6-8 minutes on the project's machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from install_helpers import assert_bundled_unchanged, normalised, offline, tool

import briefing_app

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
WINDOWS = PACKAGING / "windows"
BUILD = REPO / "build"
WINDOWS_BUILD = BUILD / "windows"
sys.path.insert(0, str(PACKAGING))
import bundle_contents as contents  # noqa: E402

VERSION = briefing_app.__version__
APP_NAME = "Briefing app"
PUBLISHER = "Briefing app developers"
NSIS_UNINSTALL_KEY = r"Software\Microsoft\Windows\CurrentVersion\Uninstall" + "\\" + contents.APP_ID
STANDINS = ("bcryptprimitives.dll", "icuuc.dll", "ucrtbase.dll", "ucrtbase_wine.dll")
WINDOW_SETTLE_SECONDS = 20
SCREENSHOT = WINDOWS_BUILD / "windows-wine.png"  # committed as docs/windows-wine.png


# ---- checks that need no build ----------------------------------------------------------------------


def test_windows_pins_are_exact_and_hashed():
    """Every input of the Windows build has an exact version and a sha256 (pip --require-hashes)."""
    for name in ("requirements.txt", "python.txt"):
        text = (WINDOWS / name).read_text(encoding="utf-8")
        requirements = re.findall(r"^([A-Za-z0-9_.-]+)(\S*) \\\n\s+--hash=sha256:([0-9a-f]{64})$", text, re.MULTILINE)
        lines = [line for line in text.splitlines() if line and not line.startswith(("#", " "))]
        assert len(requirements) == len(lines) > 0, name
        assert all(version.startswith("==") for _, version, _ in requirements), name
    # The same PyInstaller pair as the Linux build.
    linux = dict(re.findall(r"^([\w-]+)==(\S+)$", (PACKAGING / "requirements.txt").read_text(), re.MULTILINE))
    windows = dict(re.findall(r"^([\w-]+)==(\S+) ", (WINDOWS / "requirements.txt").read_text(), re.MULTILINE))
    for name in ("pyinstaller", "pyinstaller-hooks-contrib"):
        assert windows[name] == linux[name], name


def test_the_nsis_installer_is_per_user_with_a_start_menu_entry_and_uninstall_key():
    script = (WINDOWS / "briefing-app.nsi").read_text(encoding="utf-8")
    assert re.search(r"^RequestExecutionLevel user$", script, re.MULTILINE)
    assert re.search(r'^InstallDir "\$LOCALAPPDATA\\Programs\\', script, re.MULTILINE)
    assert 'CreateShortcut "$SMPROGRAMS\\' in script
    assert "HKLM" not in script
    assert f'!define UNINSTALL_KEY "{NSIS_UNINSTALL_KEY}"' in script


def test_the_msi_is_per_user():
    source = (WINDOWS / "briefing-app.wxs").read_text(encoding="utf-8")
    assert 'InstallScope="perUser"' in source
    assert '<Directory Id="LocalAppDataFolder">' in source
    assert "ALLUSERS" not in source


# ---- build ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def installers() -> dict[str, Path]:
    """Build both installers with the script `make package-windows` runs."""
    for name in ("wine", "makensis", "wixl", "x86_64-w64-mingw32-gcc"):
        tool(name)
    env = dict(os.environ, PYTHON=sys.executable, NSIS_COMPRESSOR="zlib")
    started = time.monotonic()
    result = subprocess.run(["bash", str(WINDOWS / "build-windows.sh"), "all"], capture_output=True, text=True,
                            env=env, cwd=REPO, timeout=1500)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    print(f"\nWindows build in {time.monotonic() - started:.0f} s:",
          *[line for line in result.stdout.splitlines() if line.startswith("build-windows:")], sep="\n  ")
    built = {"nsis": BUILD / f"briefing-app-{VERSION}-setup.exe", "msi": BUILD / f"briefing-app-{VERSION}.msi"}
    for path in built.values():
        assert path.is_file(), path
    return built


@pytest.mark.slow
def test_the_windows_bundle_carries_the_data_and_no_wine_stand_in(installers):
    bundle = WINDOWS_BUILD / "pyinstaller" / "dist" / contents.EXECUTABLE
    internal = bundle / "_internal"
    assert (bundle / f"{contents.EXECUTABLE}.exe").is_file()
    assert (bundle / f"{contents.EXECUTABLE}-cli.exe").is_file()
    assert_bundled_unchanged(contents.BUNDLED_FOLDERS, internal, REPO)
    names = {path.name.lower() for path in bundle.rglob("*")}
    assert names.isdisjoint(STANDINS)
    assert {"qwindows.dll", "qt6core.dll", "qt6printsupport.dll", "qsvg.dll"} <= names
    assert not [path for path in bundle.rglob("*") if contents.is_excluded_qt_file(str(path))]
    # Nor in the installers: their payloads are compressed, so look at the MSI's file table instead.
    table = subprocess.run([tool("msiinfo"), "export", str(installers["msi"]), "File"], capture_output=True,
                           text=True, check=True).stdout.lower()
    assert "briefing-app-cli.exe" in table and "dataset.json" in table
    assert not any(standin in table for standin in STANDINS)


# ---- wine -------------------------------------------------------------------------------------------


class Wine:
    """A throw-away 64-bit wine prefix; every command runs offline, from a cold session, traced."""

    def __init__(self, root: Path, display: str):
        self.root = root
        self.prefix = root / "prefix"
        self.traces = root / "traces"
        self.traces.mkdir(parents=True)
        self.count = 0
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root / "home"),  # wine writes nothing into the real home
            "XDG_CONFIG_HOME": str(root / "home" / ".config"),
            "XDG_DATA_HOME": str(root / "home" / ".local" / "share"),
            "XDG_RUNTIME_DIR": str(root / "runtime"),
            "LANG": "C.UTF-8",
            "DISPLAY": display,
            "WINEPREFIX": str(self.prefix),
            "WINEARCH": "win64",
            "WINEDEBUG": "-all",
            # No Mono or Gecko (their installers would be downloaded), no host menu entries, and the
            # stand-in ucrtbase before wine's own.
            "WINEDLLOVERRIDES": "mscoree,mshtml=;winemenubuilder.exe=d;ucrtbase=n,b",
            # The application's settings and error log, in folders of the test's own (wine passes the
            # environment on to Windows programs).
            "BRIEFING_APP_CONFIG_DIR": self.windows_path(root / "config"),
            "BRIEFING_APP_LOG_DIR": self.windows_path(root / "log"),
        }
        (root / "home").mkdir()
        (root / "runtime").mkdir(mode=0o700)

    def command(self, *arguments: str) -> list[str]:
        """``arguments`` in a new network namespace (only a down loopback), traced for connect()."""
        self.count += 1
        trace = self.traces / f"{self.count}.trace"
        return offline(list(arguments), trace, "--seccomp-bpf")

    def run(self, *arguments: str, timeout: int = 300) -> subprocess.CompletedProcess:
        """A wine command from a cold session (the previous one has ended); returns when the whole session
        (wineserver and wine's services included) has ended, so the trace covers every process."""
        self.wait()
        return subprocess.run(self.command(*arguments), capture_output=True, text=True, env=self.env, timeout=timeout)

    def wait(self) -> None:
        subprocess.run([tool("wineserver"), "-w"], env=self.env, timeout=300, check=False)

    def windows_path(self, path: Path) -> str:
        return "Z:" + str(path).replace("/", "\\")

    def assert_offline(self) -> None:
        # Wine's printing support asks a local CUPS server for printers (port 631 on 127.0.0.1 and ::1;
        # unreachable here): the machine itself, not the network. Any other address fails the test.
        loopback = re.compile(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"')
        attempts = [line for trace in sorted(self.traces.glob("*.trace"))
                    for line in trace.read_text().splitlines()
                    if re.search(r"AF_INET6?\b", line) and not loopback.search(line)]
        assert not attempts, "something under wine tried to connect:\n" + "\n".join(attempts[:10])

    def user_folder(self) -> Path:
        users = [path for path in (self.prefix / "drive_c" / "users").iterdir() if path.name != "Public"]
        assert len(users) == 1, users
        return users[0]

    def registry(self) -> dict[str, dict[str, str]]:
        """HKCU (user.reg) and HKLM (system.reg) keys -> their string and dword values, as wine saved them."""
        keys: dict[str, dict[str, str]] = {}
        for hive, file in (("HKCU", "user.reg"), ("HKLM", "system.reg")):
            current = None
            for line in (self.prefix / file).read_text(encoding="utf-8", errors="replace").splitlines():
                if line.startswith("["):
                    name = line[1:line.index("]")].replace("\\\\", "\\")
                    current = keys.setdefault(f"{hive}\\{name}", {})
                elif current is not None and (match := re.match(r'^"([^"]*)"=(?:str\(\d\):)?"?(.*?)"?$', line)):
                    current[match.group(1)] = match.group(2).replace("\\\\", "\\").replace('\\"', '"')
        return keys


def uninstall_entries(registry: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    return {key: values for key, values in registry.items()
            if "\\CurrentVersion\\Uninstall\\" in key and values.get("DisplayName") == APP_NAME}


def screenshot(display: str, target: Path) -> None:
    """The whole X screen as a PNG, through Qt's xcb platform in a separate process."""
    code = ("import sys\nfrom PySide6.QtGui import QGuiApplication\napp = QGuiApplication([])\n"
            "sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)\n")
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    subprocess.run([sys.executable, "-c", code, str(target)], env=env, check=True, timeout=60, capture_output=True)


def check_the_window(wine: Wine, folder: Path, timings: dict[str, float]) -> None:
    """The installed program's window appears, draws, logs no error; a screenshot goes to SCREENSHOT."""
    started = time.monotonic()
    wine.wait()
    window = subprocess.Popen(wine.command(tool("wine"), str(folder / f"{contents.EXECUTABLE}.exe")),
                              env=wine.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = subprocess.run([tool("xdotool"), "search", "--sync", "--onlyvisible", "--name", APP_NAME],
                               capture_output=True, text=True, env=wine.env, timeout=180)
        assert found.returncode == 0 and found.stdout.strip(), found.stderr
        assert window.poll() is None, "the program exited after showing its window"
        # The chart and briefing-pack extensions attach after the first paint; importing pyqtgraph and
        # numpy takes a while under wine.
        time.sleep(WINDOW_SETTLE_SECONDS)
        shot = wine.root / "window.png"
        screenshot(wine.env["DISPLAY"], shot)
        assert shot.stat().st_size > 20_000  # a drawn window, not an empty screen
        WINDOWS_BUILD.mkdir(parents=True, exist_ok=True)
        shutil.copy2(shot, SCREENSHOT)
    finally:
        subprocess.run([tool("wineserver"), "-k"], env=wine.env, timeout=60, check=False)
        _, stderr = window.communicate(timeout=60)
    assert "Traceback" not in stderr, stderr[-3000:]
    logged = "".join(path.read_text(encoding="utf-8") for path in (wine.root / "log").glob("*.log"))
    assert " ERROR " not in logged, logged[-3000:]
    timings["window"] = time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["nsis", "msi"])
def test_installs_runs_offline_and_uninstalls_cleanly_under_wine(kind, installers, tmp_path, xvfb, catalogue):
    from pypdf import PdfReader

    from briefing_app.sheets.build import MAX_SECTOR_PAGES

    wine = Wine(tmp_path / "wine", xvfb)
    installer = installers[kind]
    timings = {}

    # A fresh prefix, with the stand-ins wine 8.0 lacks (built by build-windows.sh, test-only).
    started = time.monotonic()
    init = wine.run(tool("wineboot"), "--init")
    assert init.returncode == 0, init.stderr[-3000:]
    system32 = wine.prefix / "drive_c" / "windows" / "system32"
    for standin in STANDINS:
        shutil.copy2(WINDOWS_BUILD / "standins" / standin, system32 / standin)
    timings["prefix"] = time.monotonic() - started

    # Silent install, as IT would run it.
    started = time.monotonic()
    if kind == "nsis":
        install = wine.run(tool("wine"), str(installer), "/S")
    else:
        install = wine.run(tool("wine"), "msiexec", "/i", wine.windows_path(installer), "/qn")
    wine.wait()
    timings["install"] = time.monotonic() - started
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]

    user = wine.user_folder()
    folder = user / "AppData" / "Local" / "Programs" / APP_NAME
    shortcut = user / "AppData" / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / f"{APP_NAME}.lnk"
    for name in (f"{contents.EXECUTABLE}.exe", f"{contents.EXECUTABLE}-cli.exe",
                 "_internal/briefing_app/data/dataset.json"):
        assert (folder / name).is_file(), name
    assert shortcut.is_file()
    assert f"{contents.EXECUTABLE}.exe".encode("utf-16-le") in shortcut.read_bytes() or \
        f"{contents.EXECUTABLE}.exe".encode() in shortcut.read_bytes()
    entries = uninstall_entries(wine.registry())
    assert len(entries) == 1, entries
    (key, values), = entries.items()
    assert values["DisplayVersion"] == VERSION and values["Publisher"] == PUBLISHER
    if kind == "nsis":
        assert key == "HKCU\\" + NSIS_UNINSTALL_KEY
        assert values["QuietUninstallString"].endswith("uninstall.exe\" /S")
    else:
        # Windows Installer writes this entry itself; wine 8.0's msi puts it under HKLM even for a
        # per-user product, so the hive is not checked here.
        assert values["UninstallString"].startswith("MsiExec.exe /X{")
    # No stand-in was installed, and nothing reached the user's real home (HOME is the test's own).
    assert not [path for path in folder.rglob("*") if path.name.lower() in STANDINS]

    # The installed program writes the health briefing sheet.
    started = time.monotonic()
    pdf = tmp_path / "health.pdf"
    sheet = wine.run(tool("wine"), str(folder / f"{contents.EXECUTABLE}-cli.exe"), "sheet", "--sector", "health",
                     "-o", wine.windows_path(pdf))
    timings["sheet"] = time.monotonic() - started
    assert sheet.returncode == 0, sheet.stdout[-3000:] + sheet.stderr[-3000:]
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= MAX_SECTOR_PAGES
    text = normalised(" ".join(page.extract_text() or "" for page in reader.pages))
    assert normalised(catalogue.sectors["health"].name) in text
    assert "OFFICIAL" in text

    # The window opens on the X screen through Qt's Windows platform plugin (wine's X11 driver). Only
    # from the NSIS install: both installers carry the same bundle (checked above), and the window
    # step costs about a minute of CI's 20.
    if kind == "nsis":
        check_the_window(wine, folder, timings)

    # Silent uninstall removes the folder, the shortcut and the uninstall entry.
    started = time.monotonic()
    if kind == "nsis":
        # The NSIS uninstaller copies itself to %TEMP% and runs from there: wait for the session to end.
        uninstall = wine.run(tool("wine"), str(folder / "uninstall.exe"), "/S")
    else:
        uninstall = wine.run(tool("wine"), "msiexec", "/x", wine.windows_path(installer), "/qn")
    wine.wait()
    timings["uninstall"] = time.monotonic() - started
    assert uninstall.returncode == 0, uninstall.stdout[-3000:] + uninstall.stderr[-3000:]
    assert not folder.exists(), sorted(str(path) for path in folder.rglob("*"))[:20]
    assert not shortcut.exists()
    assert uninstall_entries(wine.registry()) == {}
    assert not [key for key in wine.registry() if key.endswith("\\Uninstall\\" + contents.APP_ID)]

    print(f"\n{kind}: " + ", ".join(f"{step} {seconds:.0f} s" for step, seconds in timings.items()))
    wine.assert_offline()
