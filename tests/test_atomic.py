"""Atomic writes: the old file or the new one, never a mixture; a clear WriteError and no litter on failure.

The failure cases (read-only folder, full disk, a folder in the way) are simulated by making the
system calls fail, because the tests run as root, where chmod does not stop a write; where the
machine allows it, the same cases also run against a real tmpfs in a private mount namespace.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from reliability_helpers import add_count

from briefing_app.storage import atomic
from briefing_app.storage.atomic import WriteError, atomic_open, atomic_write_bytes, atomic_write_text

OLD_TEXT = '{"version": "old"}\n'
NEW_TEXT = '{"version": "new", "text": "caf\u00e9 \u2014 \U0001f600"}\r\n'


def temporaries(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.endswith(atomic.TEMP_SUFFIX))


@pytest.fixture()
def old_file(tmp_path) -> Path:
    path = tmp_path / "pack.json"
    path.write_text(OLD_TEXT, encoding="utf-8")
    return path


# ---- writing ------------------------------------------------------------------------------------


def test_writes_text_exactly_without_newline_translation(tmp_path):
    path = tmp_path / "out.json"
    atomic_write_text(path, NEW_TEXT)
    assert path.read_bytes() == NEW_TEXT.encode("utf-8")
    assert temporaries(tmp_path) == []


def test_writes_bytes(tmp_path):
    path = tmp_path / "out.bin"
    data = bytes(range(256)) * 10
    atomic_write_bytes(path, data)
    assert path.read_bytes() == data


def test_replaces_old_content(old_file):
    atomic_write_text(old_file, NEW_TEXT)
    assert old_file.read_bytes().decode("utf-8") == NEW_TEXT
    assert temporaries(old_file.parent) == []


def test_new_file_gets_the_usual_permissions(tmp_path):
    # mkstemp creates 0600; a new file should look like one made by open(): 0666 less the umask.
    reference = tmp_path / "reference"
    reference.write_text("x")
    path = tmp_path / "new.json"
    atomic_write_text(path, NEW_TEXT)
    assert path.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_existing_file_keeps_its_permissions(old_file):
    old_file.chmod(0o640)
    atomic_write_text(old_file, NEW_TEXT)
    assert old_file.stat().st_mode & 0o777 == 0o640


def test_writes_through_a_symbolic_link(tmp_path):
    real = tmp_path / "dotfiles" / "settings.json"
    real.parent.mkdir()
    real.write_text(OLD_TEXT)
    link = tmp_path / "settings.json"
    link.symlink_to(real)
    atomic_write_text(link, NEW_TEXT)
    assert link.is_symlink()
    assert real.read_bytes().decode("utf-8") == NEW_TEXT
    assert temporaries(tmp_path) == [] and temporaries(real.parent) == []


def test_a_long_file_name_still_gets_a_temporary_file(tmp_path):
    path = tmp_path / ("n" * 250 + ".json")  # 255 bytes: the longest name ext4 allows
    atomic_write_text(path, NEW_TEXT)
    assert path.read_bytes().decode("utf-8") == NEW_TEXT
    assert temporaries(tmp_path) == []


def test_refuses_append_and_read_modes(tmp_path):
    for mode in ("a", "r+", "w+"):
        with pytest.raises(ValueError):
            with atomic_open(tmp_path / "x", mode):
                pass


def test_a_later_save_removes_old_leftovers_of_a_killed_save_only(tmp_path):
    path = tmp_path / "pack.json"
    old_leftover = tmp_path / ".pack.json.abcd_123.tmp"  # as mkstemp names them
    fresh_leftover = tmp_path / ".pack.json.zyxw9876.tmp"  # maybe a save in progress elsewhere
    lookalike = tmp_path / ".pack.json.Backup-1.tmp"  # the user's own file: not ours
    other = tmp_path / ".other.json.abcd1234.tmp"  # another file's temporary
    for leftover in (old_leftover, fresh_leftover, lookalike, other):
        leftover.write_text("partial")
    two_hours_ago = time.time() - 7200
    for leftover in (old_leftover, lookalike, other):
        os.utime(leftover, (two_hours_ago, two_hours_ago))
    atomic_write_text(path, NEW_TEXT)
    assert not old_leftover.exists()
    assert fresh_leftover.exists() and lookalike.exists() and other.exists()


# ---- failures: clear message, old file intact, no temporary file ---------------------------------


def assert_untouched(old_file: Path) -> None:
    assert old_file.read_text(encoding="utf-8") == OLD_TEXT
    assert temporaries(old_file.parent) == []


def test_path_that_is_a_folder(tmp_path):
    folder = tmp_path / "pack.json"
    folder.mkdir()
    (folder / "inside.txt").write_text("keep")
    with pytest.raises(WriteError) as caught:
        atomic_write_text(folder, NEW_TEXT)
    assert str(caught.value) == f"Cannot write {folder}: the path is a folder"
    assert (folder / "inside.txt").read_text() == "keep"
    assert temporaries(tmp_path) == []


def test_folder_that_does_not_exist(tmp_path):
    path = tmp_path / "no" / "such" / "pack.json"
    with pytest.raises(WriteError) as caught:
        atomic_write_text(path, NEW_TEXT)
    assert str(caught.value) == f"Cannot write {path}: the folder does not exist"
    assert caught.value.errno == errno.ENOENT and caught.value.path == str(path)


def _raise(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


class _FailingHandle:
    """A real file handle whose write or flush fails as a full disk would."""

    def __init__(self, handle, failing: str, code: int):
        self._handle = handle
        setattr(self, failing, _raise(code))

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._handle.close()


# (what fails, errno, the reason the user reads)
FAILURES = [
    ("mkstemp", errno.EROFS, "the folder is read-only"),
    ("mkstemp", errno.EACCES, "permission denied"),
    ("mkstemp", errno.ENOSPC, "the disk is full"),
    ("write", errno.ENOSPC, "the disk is full"),
    ("flush", errno.EDQUOT, "the disk quota is exceeded"),
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("fsync", errno.EIO, "the disk reported an input/output error"),
    ("replace", errno.EACCES, "permission denied"),
    ("replace", errno.EROFS, "the folder is read-only"),
    ("replace", errno.EISDIR, "the path is a folder"),
]


@pytest.mark.parametrize(("failing", "code", "reason"), FAILURES, ids=[f"{f}-{errno.errorcode[c]}" for f, c, _ in FAILURES])
def test_failure_gives_a_clear_message_and_keeps_the_old_file(old_file, monkeypatch, failing, code, reason):
    if failing == "mkstemp":
        monkeypatch.setattr(atomic.tempfile, "mkstemp", _raise(code))
    elif failing in ("write", "flush"):
        real_fdopen = os.fdopen
        monkeypatch.setattr(atomic.os, "fdopen", lambda *a, **k: _FailingHandle(real_fdopen(*a, **k), failing, code))
    elif failing == "fsync":
        monkeypatch.setattr(atomic.os, "fsync", _raise(code))
    else:
        monkeypatch.setattr(atomic.os, "replace", _raise(code))
    with pytest.raises(WriteError) as caught:
        atomic_write_text(old_file, NEW_TEXT * 1000)
    monkeypatch.undo()
    assert str(caught.value) == f"Cannot write {old_file}: {reason}"
    assert caught.value.errno == code
    assert_untouched(old_file)


def test_an_error_in_the_caller_keeps_the_old_file(old_file):
    with pytest.raises(ZeroDivisionError):
        with atomic_open(old_file) as handle:
            handle.write(NEW_TEXT)
            1 / 0
    assert_untouched(old_file)


def test_text_that_cannot_be_encoded_keeps_the_old_file(old_file):
    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(old_file, "\ud800 a lone surrogate")
    assert_untouched(old_file)


def test_replace_is_retried_while_another_program_holds_the_file(old_file, monkeypatch):
    # Windows: an antivirus scanner or viewer holding the target makes os.replace fail for a moment.
    real_replace = os.replace
    calls = []

    def busy_then_free(src, dst):
        calls.append(dst)
        if len(calls) < 3:
            raise PermissionError(errno.EACCES, "in use")
        real_replace(src, dst)

    monkeypatch.setattr(atomic, "_REPLACE_ATTEMPTS", 5)
    monkeypatch.setattr(atomic.time, "sleep", lambda seconds: None)
    monkeypatch.setattr(atomic.os, "replace", busy_then_free)
    atomic_write_text(old_file, NEW_TEXT)
    monkeypatch.undo()
    assert len(calls) == 3
    assert old_file.read_bytes().decode("utf-8") == NEW_TEXT
    assert temporaries(old_file.parent) == []


# ---- the application's own savers: briefing pack, settings, CSV export ---------------------------


def _save(kind: str, path: Path) -> str:
    """Save with the application's own code; the readable message of the failure ('' on success)."""
    if kind == "pack":
        from briefing_app.sheets.pack import Pack, PackError

        try:
            Pack(title="New pack").save(path)
        except PackError as exc:
            assert all(problem.file == str(path) for problem in exc.problems)
            return str(exc)
    elif kind == "settings":
        from briefing_app.storage.settings import Settings, SettingsStore

        try:
            SettingsStore(path.parent).save(Settings(search="new"))
        except WriteError as exc:
            return str(exc)
    else:
        from briefing_app.cli import main

        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = main(["export", "--format", "csv", "-o", str(path)])
        if status != 0:
            assert status == 1
            return stderr.getvalue().strip()
    return ""


@pytest.mark.parametrize("kind", ["pack", "settings", "export"])
@pytest.mark.parametrize(
    ("how", "reason"),
    [("read-only", "the folder is read-only"), ("disk full", "the disk is full"), ("folder", "the path is a folder")],
)
def test_application_saves_fail_clearly_and_keep_the_old_file(tmp_path, monkeypatch, kind, how, reason):
    path = tmp_path / ("settings.json" if kind == "settings" else "output.json")
    if how == "folder":
        path.mkdir()
    else:
        path.write_text(OLD_TEXT, encoding="utf-8")
        if how == "read-only":
            monkeypatch.setattr(atomic.tempfile, "mkstemp", _raise(errno.EROFS))
        else:
            monkeypatch.setattr(atomic.os, "fsync", _raise(errno.ENOSPC))
    message = _save(kind, path)
    monkeypatch.undo()
    assert f"Cannot write {path}: {reason}" in message
    if how == "folder":
        assert path.is_dir() and list(path.iterdir()) == []
    else:
        assert path.read_text(encoding="utf-8") == OLD_TEXT
    assert temporaries(tmp_path) == []


# ---- the same on a real small or read-only file system, in a private mount namespace -------------

REAL_FS_SCRIPT = textwrap.dedent(
    """
    import json, subprocess, sys
    from pathlib import Path
    from briefing_app.storage.atomic import WriteError, atomic_write_text

    folder = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)], check=True)
    target = folder / "pack.json"
    target.write_text('{"version": "old"}')
    results = {}
    try:
        atomic_write_text(target, '{"version": "new", "padding": "' + "x" * 400_000 + '"}')
        results["full"] = "written"
    except WriteError as exc:
        results["full"] = str(exc)
    results["after_full"] = [target.read_text(), sorted(p.name for p in folder.iterdir())]
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    try:
        atomic_write_text(target, '{"version": "new"}')
        results["read_only"] = "written"
    except WriteError as exc:
        results["read_only"] = str(exc)
    results["after_read_only"] = [target.read_text(), sorted(p.name for p in folder.iterdir())]
    print(json.dumps(results))
    """
)


def _private_mounts_work() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _private_mounts_work(), reason="needs root and unshare -m for a private tmpfs (the simulated cases above still run)")
def test_real_full_disk_and_read_only_folder(tmp_path):
    folder = tmp_path / "mnt"
    folder.mkdir()
    # unshare -m gives the child its own mount namespace with private propagation: the tmpfs vanishes with it.
    result = subprocess.run(
        ["unshare", "-m", sys.executable, "-c", REAL_FS_SCRIPT, str(folder)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    results = json.loads(result.stdout)
    target = folder / "pack.json"
    assert results["full"] == f"Cannot write {target}: the disk is full"
    assert results["after_full"] == ['{"version": "old"}', ["pack.json"]]
    assert results["read_only"] == f"Cannot write {target}: the folder is read-only"
    assert results["after_read_only"] == ['{"version": "old"}', ["pack.json"]]
    assert list(folder.iterdir()) == []  # nothing left on the real disk


# ---- SIGKILL at random moments while a briefing pack is being saved -------------------------------

KILLS = 300
PACK_ITEMS = 40  # with a 900-character note each: a pack file of about 40 KB

# A long-lived helper: for each line it reads (a starting counter), it forks a child that saves a
# briefing pack (the real Pack.save) again and again with an increasing counter in its title and
# notes, prints the child's pid and waits for it to die. Forking from a warm process makes a kill
# cycle take milliseconds instead of a Python start-up.
SAVER_SCRIPT = textwrap.dedent(
    """
    import os, sys
    from briefing_app.sheets.pack import Pack

    path, items = sys.argv[1], int(sys.argv[2])

    def pack_for(counter):
        pack = Pack(title=f"Pack {counter}", edition="test-edition")
        for i in range(items):
            pack.add("finding", f"finding-{i}", f"counter {counter}: " + "Speaking note. " * 60)
        return pack

    for line in sys.stdin:
        counter = int(line)
        pid = os.fork()
        if pid == 0:
            while True:
                pack_for(counter).save(path)
                counter += 1
        print(pid, flush=True)
        os.waitpid(pid, 0)
        print("reaped", flush=True)
    """
)


def check_pack_file(path: Path) -> int:
    """The counter of a complete pack on disk, read by the real pack loader; fails on a torn or mixed file."""
    from briefing_app.sheets.pack import open_pack

    pack = open_pack(path)
    counter = int(pack.title.removeprefix("Pack "))
    assert [item.id for item in pack.items] == [f"finding-{i}" for i in range(PACK_ITEMS)]
    assert all(item.note.startswith(f"counter {counter}: ") for item in pack.items)
    return counter


@pytest.mark.skipif(not hasattr(os, "fork"), reason="SIGKILL and fork are POSIX")
def test_sigkill_while_saving_a_pack_never_leaves_a_torn_file(tmp_path, pytestconfig):
    path = tmp_path / "briefing.brief.json"
    rng = random.Random(8)  # fixed seed: the same sequence of delays on every run
    saver = subprocess.Popen(
        [sys.executable, "-c", SAVER_SCRIPT, str(path), str(PACK_ITEMS)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    last_counter = -1
    interrupted_saves = 0
    try:
        for _ in range(KILLS):
            saver.stdin.write(f"{last_counter + 1}\n")
            saver.stdin.flush()
            child = int(saver.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.015))  # a random moment: before, during or after a save
            os.kill(child, signal.SIGKILL)
            assert saver.stdout.readline().strip() == "reaped"
            if path.exists():
                counter = check_pack_file(path)
                assert counter >= last_counter  # never older than a version already seen
                last_counter = counter
            leftovers = temporaries(tmp_path)
            if leftovers:  # the kill landed inside a save: only the temporary file is incomplete
                interrupted_saves += 1
                for leftover in leftovers:
                    leftover.unlink()
    finally:
        saver.stdin.close()
        saver.wait(timeout=30)
    add_count(pytestconfig, "SIGKILLs while saving a briefing pack", KILLS)
    add_count(pytestconfig, "SIGKILLs that interrupted a save (temporary file left, pack intact)", interrupted_saves)
    assert last_counter >= 0, "no save ever finished"
    assert interrupted_saves > 0, "no kill landed inside a save: the test did not test anything"


# ---- an unexpected error in the running application loses no work ----------------------------------

# A real application process (not pytest-qt, which catches exceptions itself): an exception in a slot
# and one in a Python override Qt calls while painting must be logged and shown, and the application
# must keep running, answer the user and save a briefing pack afterwards.
CRASH_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QAbstractListModel, Qt, QTimer
    from PySide6.QtWidgets import QApplication, QListView
    from briefing_app.app import ExceptionReporter
    from briefing_app.domain import load_catalogue
    from briefing_app.sheets.pack import Pack, open_pack
    from briefing_app.views.main_window import MainWindow

    log_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    reporter = ExceptionReporter(log_dir).install()
    window = MainWindow(load_catalogue(), None)
    window.show()
    pack = Pack(title="Unsaved work")
    pack.add("finding", window.catalogue.dataset.findings[0].id, "my speaking note")

    class BrokenModel(QAbstractListModel):
        def rowCount(self, parent=None):
            return 3

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            if role == Qt.ItemDataRole.DisplayRole and index.row() == 1:
                raise ValueError("a bug in a model's data()")
            return "row" if role == Qt.ItemDataRole.DisplayRole else None

    model = BrokenModel()
    view = QListView()
    view.setModel(model)

    def failing_slot():
        raise RuntimeError("a bug in a slot")

    def afterwards():
        finding = window.catalogue.dataset.findings[3].id
        window.select_finding(finding)
        pack.save(out.parent / "saved.brief.json")
        dialog = reporter.dialog
        out.write_text(json.dumps({
            "errors": reporter.count,
            "dialog_visible": dialog is not None and dialog.isVisible(),
            "dialog_plain": dialog is not None and dialog.textFormat() == Qt.TextFormat.PlainText,
            "current": list(window.current_item()), "expected": ["finding", finding],
            "pack_notes": [item.note for item in open_pack(out.parent / "saved.brief.json").items],
        }))
        app.exit(0)

    window.action("copy").triggered.connect(failing_slot)
    QTimer.singleShot(0, window.action("copy").trigger)
    QTimer.singleShot(0, view.show)
    QTimer.singleShot(300, afterwards)
    sys.exit(app.exec())
    """
)


def test_unexpected_errors_are_reported_and_the_application_keeps_running(tmp_path):
    out = tmp_path / "result.json"
    result = subprocess.run(
        [sys.executable, "-c", CRASH_SCRIPT, str(tmp_path / "logs"), str(out)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    state = json.loads(out.read_text())
    assert state["errors"] >= 2
    assert state["dialog_visible"] and state["dialog_plain"]
    assert state["current"] == state["expected"]
    assert state["pack_notes"] == ["my speaking note"]
    log = (tmp_path / "logs" / "briefing-app.log").read_text(encoding="utf-8")
    assert "RuntimeError: a bug in a slot" in log
    assert "a bug in a model's data()" in log
    assert log.count("Traceback (most recent call last)") >= 2
