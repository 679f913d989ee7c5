"""The installer: build the frozen app and the .deb exactly as `make package` does, install the package
into a throw-away root with dpkg, run the installed program offline (command line and window), remove it.

The build takes about a minute: those tests are marked slow. The checks of what the spec leaves out
run without building.
"""

from __future__ import annotations

import ast
import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from install_helpers import assert_bundled_unchanged, normalised, offline, tool

import briefing_app

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
BUILD_SCRIPT = PACKAGING / "linux" / "build-deb.sh"
sys.path.insert(0, str(PACKAGING))
import bundle_contents as contents  # noqa: E402

PREFIX = Path("opt") / "briefing-app"
DATASET = "dataset.json"
# What platform-notes section 5 found the target must provide (the bundle carries everything else).
REQUIRED_DEPENDS = ("libc6", "libegl1", "libgl1", "libxcb1", "libfontconfig1", "fonts-dejavu-core")
GUI_SECONDS = 8  # how long the window runs before the test ends it, when there is no quit option


# ---- what stays out, checked without a build --------------------------------------------------------


def qt_modules_imported_by_the_application() -> dict[str, str]:
    """Every PySide6 module named in an import anywhere under src/briefing_app -> one file importing it."""
    found = {}
    for path in sorted((REPO / "src" / "briefing_app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "PySide6" and len(parts) > 1 and parts[1].startswith("Qt"):
                    found.setdefault(parts[1], str(path.relative_to(REPO)))
    return found


def test_the_application_imports_no_qt_module_the_installer_leaves_out():
    imported = qt_modules_imported_by_the_application()
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported.keys()
    left_out = {module: where for module, where in imported.items() if module in contents.EXCLUDED_QT_MODULES}
    assert not left_out, f"imported but excluded in packaging/bundle_contents.py: {left_out}"


def test_the_spec_keeps_the_modules_printing_and_pyqtgraph_need():
    for needed in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg", "QtOpenGL", "QtOpenGLWidgets", "QtTest"):
        assert needed not in contents.EXCLUDED_QT_MODULES


@pytest.mark.parametrize(
    ("path", "excluded"),
    [
        ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
        ("PySide6\\plugins\\platforms\\qvnc.dll", True),
        ("PySide6/Qt/plugins/generic/libqtuiotouchplugin.so", True),
        ("PySide6/Qt/lib/libQt6Network.so.6", True),
        ("PySide6\\Qt6Network.dll", True),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", False),
        ("PySide6/Qt/lib/libQt6Gui.so.6", False),
        ("PySide6\\plugins\\platforms\\qwindows.dll", False),
    ],
)
def test_the_spec_drops_embedded_device_plugins_on_every_platform(path, excluded):
    assert contents.is_excluded_qt_file(path) is excluded


def test_the_spec_is_valid_python():
    compile((PACKAGING / "briefing-app.spec").read_text(encoding="utf-8"), "briefing-app.spec", "exec")


# ---- build, install, run, remove ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def deb() -> Path:
    """Build the .deb with the script `make package` runs, into build/ (clean each time)."""
    env = dict(os.environ, PYTHON=sys.executable)
    started = time.monotonic()
    result = subprocess.run(["bash", str(BUILD_SCRIPT)], capture_output=True, text=True, env=env, cwd=REPO)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-8000:]}"
    print(f"\nbuilt in {time.monotonic() - started:.0f} s: {result.stdout.strip().splitlines()[-2:]}")
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()
    path = REPO / "build" / f"briefing-app_{briefing_app.__version__}_{arch}.deb"
    assert path.is_file()
    return path


def dpkg_install(deb: Path, root: Path) -> list[str]:
    """Install with dpkg itself into ``root``, with a database of its own there: no system change, no root
    needed. The dependencies are not in that empty database, hence --force-depends."""
    admin = root.parent / (root.name + "-dpkg")
    for folder in ("info", "updates", "triggers"):
        (admin / folder).mkdir(parents=True, exist_ok=True)
    for file in ("status", "available"):
        (admin / file).touch()
    root.mkdir(parents=True, exist_ok=True)
    return [tool("dpkg"), f"--admindir={admin}", f"--instdir={root}", "--force-not-root"]


@pytest.fixture(scope="module")
def installed(deb, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("installed") / "root"
    dpkg = dpkg_install(deb, root)
    result = subprocess.run([*dpkg, "--force-depends", "-i", str(deb)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


@pytest.fixture()
def run_env(tmp_path) -> dict[str, str]:
    """A clean environment for the installed program: offscreen, its own home, config and log folders."""
    home = tmp_path / "home"
    home.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "BRIEFING_APP_CONFIG_DIR": str(tmp_path / "config"),
        "BRIEFING_APP_LOG_DIR": str(tmp_path / "log"),
        "XDG_RUNTIME_DIR": str(tmp_path / "runtime"),
    }
    (tmp_path / "runtime").mkdir(mode=0o700)
    return env


def assert_no_internet_connection(trace: Path) -> None:
    attempts = [line for line in trace.read_text().splitlines() if re.search(r"AF_INET6?\b", line)]
    assert not attempts, "the installed program tried to connect:\n" + "\n".join(attempts[:10])


@pytest.mark.slow
def test_package_metadata_and_depends(deb, installed):
    fields = {}
    for name in ("Package", "Version", "Architecture", "Depends", "Installed-Size"):
        fields[name] = subprocess.run(
            [tool("dpkg-deb"), "--field", str(deb), name], capture_output=True, text=True, check=True
        ).stdout.strip()
    assert fields["Package"] == "briefing-app"
    assert fields["Version"] == briefing_app.__version__
    assert deb.name.endswith(f"_{fields['Architecture']}.deb")
    depends = {re.match(r"[\w.+-]+", item.strip()).group(): item.strip() for item in fields["Depends"].split(",")}
    assert set(REQUIRED_DEPENDS) <= depends.keys(), fields["Depends"]
    libc = re.fullmatch(r"libc6 \(>= 2\.(\d+)\)", depends["libc6"])
    assert libc and int(libc.group(1)) >= 34, depends["libc6"]
    # Installed-Size (KiB) matches what the package really puts on disk, within 5 %.
    on_disk = sum(path.lstat().st_size for path in installed.rglob("*") if path.is_file() or path.is_symlink())
    assert abs(int(fields["Installed-Size"]) * 1024 - on_disk) < 0.05 * on_disk
    members = subprocess.run([tool("ar"), "t", str(deb)], capture_output=True, text=True, check=True).stdout.split()
    assert "data.tar.zst" in members


@pytest.mark.slow
def test_package_installs_the_bundle_launcher_desktop_entry_and_icons(installed, tmp_path):
    bundle = installed / PREFIX
    assert os.access(bundle / contents.EXECUTABLE, os.X_OK)
    on_path = installed / "usr" / "bin" / contents.EXECUTABLE
    assert os.readlink(on_path) == f"/{PREFIX}/{contents.EXECUTABLE}"
    # The bootloader finds its bundle from its real path when started through a link.
    link = tmp_path / contents.EXECUTABLE
    link.symlink_to(bundle / contents.EXECUTABLE)
    version = subprocess.run([str(link), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"{contents.EXECUTABLE} {briefing_app.__version__}", version.stderr
    share = installed / "usr" / "share"
    assert (share / "applications" / f"{contents.APP_ID}.desktop").read_bytes() == (
        PACKAGING / "linux" / f"{contents.APP_ID}.desktop"
    ).read_bytes()
    assert (share / "metainfo" / f"{contents.APP_ID}.metainfo.xml").is_file()
    for size in contents.ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{contents.ICON_NAME}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{contents.ICON_NAME}.svg").is_file()
    # Nothing is writable by others.
    for path in installed.rglob("*"):
        if not path.is_symlink():
            assert not path.stat().st_mode & 0o002, path


@pytest.mark.slow
def test_bundle_carries_the_dataset_resources_and_qt_translations(installed):
    internal = installed / PREFIX / "_internal"
    assert_bundled_unchanged(contents.BUNDLED_FOLDERS, internal, REPO)
    translations = internal / "PySide6" / "Qt" / "translations"
    assert {path.name for path in translations.glob("qtbase_*.qm")} >= {"qtbase_de.qm", "qtbase_fr.qm", "qtbase_en.qm"}


@pytest.mark.slow
def test_bundle_leaves_out_unused_qt_and_keeps_what_the_app_needs(installed):
    internal = installed / PREFIX / "_internal"
    names = {path.name for path in internal.rglob("*")}
    for module in contents.EXCLUDED_QT_MODULES:
        assert f"{module}.abi3.so" not in names
        assert f"libQt6{module.removeprefix('Qt')}.so.6" not in names
    dropped = [str(path.relative_to(internal)) for path in internal.rglob("*") if contents.is_excluded_qt_file(str(path))]
    assert not dropped
    assert {"libQt6Network.so.6", "libqvnc.so", "libqtuiotouchplugin.so"}.isdisjoint(names)
    for module in ("QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtSvg", "QtOpenGL", "QtOpenGLWidgets"):
        assert f"{module}.abi3.so" in names
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in ("platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so",
                   "printsupport/libcupsprintersupport.so", "imageformats/libqsvg.so", "iconengines/libqsvgicon.so"):
        assert (plugins / plugin).is_file(), plugin


@pytest.mark.slow
def test_installed_program_works_offline_from_the_command_line(installed, run_env, tmp_path, catalogue):
    program = str(installed / PREFIX / contents.EXECUTABLE)
    trace = tmp_path / "connect.trace"

    validate = subprocess.run(
        offline([program, "validate", str(installed / PREFIX / "_internal" / "briefing_app" / "data" / DATASET)], trace),
        capture_output=True, text=True, env=run_env, timeout=120,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert validate.stdout.startswith("VALID:")
    assert f"{len(catalogue.dataset.findings)} findings" in validate.stdout
    assert_no_internet_connection(trace)

    # The frozen program's export equals the source tree's, byte for byte, and lists the health findings.
    arguments = ["export", "--format", "csv", "--sector", "health", "-o"]
    frozen_csv, source_csv = tmp_path / "frozen.csv", tmp_path / "source.csv"
    export = subprocess.run(
        offline([program, *arguments, str(frozen_csv)], trace), capture_output=True, text=True, env=run_env, timeout=120
    )
    assert export.returncode == 0, export.stdout + export.stderr
    subprocess.run([sys.executable, "-m", "briefing_app", *arguments, str(source_csv)], check=True, capture_output=True,
                   env=dict(run_env, PATH=os.environ["PATH"]), timeout=120)
    assert frozen_csv.read_bytes() == source_csv.read_bytes()
    rows = list(csv.DictReader(io.StringIO(frozen_csv.read_text(encoding="utf-8-sig"), newline="")))
    # One row per measure, one for a finding with none (briefing_app.domain.export).
    expected_ids = [f.id for f in catalogue.findings_in("health") for _ in (f.measures or [None])]
    assert [row["id"] for row in rows if row["kind"] == "finding"] == expected_ids
    assert_no_internet_connection(trace)


@pytest.mark.slow
def test_installed_program_writes_the_health_briefing_sheet_offline(installed, run_env, tmp_path, catalogue):
    from pypdf import PdfReader

    program = str(installed / PREFIX / contents.EXECUTABLE)
    trace = tmp_path / "connect.trace"
    pdf = tmp_path / "health.pdf"
    sheet = subprocess.run(
        offline([program, "sheet", "--sector", "health", "-o", str(pdf)], trace),
        capture_output=True, text=True, env=run_env, timeout=120,
    )
    assert sheet.returncode == 0, sheet.stdout + sheet.stderr
    reader = PdfReader(pdf)
    from briefing_app.sheets.build import MAX_SECTOR_PAGES

    assert 1 <= len(reader.pages) <= MAX_SECTOR_PAGES
    text = normalised(" ".join(page.extract_text() or "" for page in reader.pages))
    assert normalised(catalogue.sectors["health"].name) in text
    assert_no_internet_connection(trace)


@pytest.mark.slow
def test_installed_program_writes_word_and_opendocument_sheets_offline(installed, run_env, tmp_path, catalogue):
    """python-docx's templates and odfpy are in the bundle: the frozen program writes both editable formats."""
    import docx
    from odf.opendocument import load
    from odf.text import H

    program = str(installed / PREFIX / contents.EXECUTABLE)
    trace = tmp_path / "connect.trace"
    for name in ("health.docx", "health.odt"):
        result = subprocess.run(offline([program, "sheet", "--sector", "health", "-o", str(tmp_path / name)], trace),
                                capture_output=True, text=True, env=run_env, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
    assert docx.Document(str(tmp_path / "health.docx")).paragraphs[0].text == "Health: leadership and management"
    assert load(str(tmp_path / "health.odt")).text.getElementsByType(H)
    assert_no_internet_connection(trace)


QUIT_OPTION = "--quit-after-first-paint"


def quit_option(program: str, env: dict[str, str]) -> str | None:
    """The main window's option to quit after its first paint, if this build has one (even hidden from
    --help): argparse refuses an unknown option with status 2 once it has read the whole line."""
    dataset = Path(program).parent / "_internal" / "briefing_app" / "data" / DATASET
    probe = subprocess.run([program, QUIT_OPTION, "validate", str(dataset)], capture_output=True, text=True, env=env,
                           timeout=60)
    return QUIT_OPTION if probe.returncode == 0 else None


def run_window(command: list[str], env: dict[str, str], quit_flag: str | None) -> subprocess.CompletedProcess:
    """Open the window; with the quit option it must exit 0 by itself, else it must still be running
    after GUI_SECONDS (start-up, first paint and the extensions attached) when the test ends it."""
    if quit_flag:
        return subprocess.run([*command, quit_flag], capture_output=True, text=True, env=env, timeout=120)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=GUI_SECONDS)
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)  # exited too early
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=30)
        return subprocess.CompletedProcess(command, 0, stdout, stderr)


@pytest.mark.slow
def test_installed_program_opens_its_window_offscreen_and_offline(installed, run_env, tmp_path):
    program = str(installed / PREFIX / contents.EXECUTABLE)
    trace = tmp_path / "connect.trace"
    result = run_window(offline([program], trace), run_env, quit_option(program, run_env))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    logged = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "log").glob("*.log"))
    assert " ERROR " not in logged, logged
    assert_no_internet_connection(trace)


@pytest.mark.slow
def test_installed_program_shows_a_window_on_an_x_screen(installed, run_env, xvfb):
    """The real desktop path: the bundled xcb platform plugin and its libraries open a visible window."""
    env = dict(run_env, DISPLAY=xvfb, QT_QPA_PLATFORM="xcb")
    program = subprocess.Popen([str(installed / PREFIX / contents.EXECUTABLE)], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = subprocess.run(
            [tool("xdotool"), "search", "--sync", "--onlyvisible", "--pid", str(program.pid)],
            capture_output=True, text=True, env=env, timeout=60,
        )
        assert found.returncode == 0 and found.stdout.strip(), found.stderr
        assert program.poll() is None, "the program exited after showing its window"
    finally:
        program.terminate()
        _, stderr = program.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr


@pytest.mark.slow
def test_removal_leaves_nothing_behind(deb, tmp_path):
    root = tmp_path / "root"
    dpkg = dpkg_install(deb, root)
    subprocess.run([*dpkg, "--force-depends", "-i", str(deb)], capture_output=True, text=True, check=True)
    assert (root / PREFIX / contents.EXECUTABLE).is_file()
    removed = subprocess.run([*dpkg, "-r", "briefing-app"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not (root / PREFIX).exists()
    assert [path for path in root.rglob("*")] == []
