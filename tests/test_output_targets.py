"""What an output path names decides how it is written (issue 16): only a regular file the user may write
is replaced; a device, a pipe or standard output is written into, never replaced; a socket, a pipe
nobody reads and a disk device are refused; a link planted in a shared folder by another user is not
followed. The same rules hold for every command that writes a file.

The tests run as root, where the kernel never says "permission denied": the device nodes are made with
mknod in the test's own folder (never the machine's /dev/null), and the "other user" is uid 65534.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from briefing_app.cli import main
from briefing_app.storage import atomic
from briefing_app.storage.atomic import WriteError, atomic_write_bytes, atomic_write_text


# Looked up when used, so that each test shows the old behaviour, not an import error, on the old code.
def inspect_output(path):
    return atomic.inspect_output(path)

OTHER_UID = 65534  # "nobody"
OLD = "old contents\n"


def make_device(path: Path, minor: int) -> Path:
    """A character device like /dev/null (minor 3) or /dev/full (minor 7), made in the test's folder."""
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


def is_char_device(path: Path) -> bool:
    return stat.S_ISCHR(os.lstat(path).st_mode)


def run_cli(*args: str) -> tuple[int, str]:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main(list(args))
    return status, stderr.getvalue()


# ---- devices ------------------------------------------------------------------------------------


def test_a_null_device_is_written_into_not_replaced(tmp_path):
    null = make_device(tmp_path / "null", 3)
    atomic_write_text(null, "anything")
    assert is_char_device(null)
    assert inspect_output(null).kind == atomic.DEVICE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]  # no temporary file either


def test_a_full_device_reports_a_full_disk_and_stays_a_device(tmp_path):
    full = make_device(tmp_path / "full", 7)
    with pytest.raises(WriteError, match="the disk is full"):
        atomic_write_bytes(full, b"x" * 10_000)
    assert is_char_device(full)


@pytest.mark.parametrize("command", [
    ["schema"],
    ["export", "--format", "csv"],
    ["chart", "--sector", "health"],
    ["sheet", "--sector", "health"],
])
def test_every_command_writes_into_a_device_and_says_wrote_only_when_it_did(tmp_path, qapp, command):
    # chart and sheet choose the format from the name: give the device a name with the right extension.
    extension = {"chart": ".svg", "sheet": ".pdf"}.get(command[0], "")
    null = make_device(tmp_path / f"null{extension}", 3)
    status, _err = run_cli(*command, "-o", str(null))
    assert status == 0
    assert is_char_device(null)
    full = make_device(tmp_path / f"full{extension}", 7)
    status, err = run_cli(*command, "-o", str(full))
    assert status == 1
    assert "the disk is full" in err and "Wrote" not in err
    assert is_char_device(full)


# ---- pipes, sockets, standard output --------------------------------------------------------------


def test_a_named_pipe_with_a_reader_receives_the_data_and_stays_a_pipe(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    opened = False
    for _attempt in range(500):
        try:
            atomic_write_text(fifo, "through the pipe\n")
            opened = True
            break
        except WriteError as exc:
            assert "no program is reading" in str(exc)
            threading.Event().wait(0.01)
    reader.join(timeout=10)
    assert opened
    assert not reader.is_alive()
    assert b"".join(received) == b"through the pipe\n"
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_named_pipe_without_a_reader_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(WriteError, match="named pipe and no program is reading from it"):
        atomic_write_text(fifo, "lost")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "socket"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(WriteError, match="it is a socket"):
            atomic_write_text(path, "x")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        server.close()


def test_dev_stdout_is_standard_output(tmp_path):
    # A real process, its standard output a file opened for appending, as `>>` in the shell does.
    out = tmp_path / "out.txt"
    out.write_text("before\n")
    with open(out, "a") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "briefing_app", "schema", "-o", "/dev/stdout"],
            stdout=handle, stderr=subprocess.PIPE, text=True, timeout=120,
        )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("before\n{")
    assert '"title"' in text
    assert inspect_output("/dev/stdout").kind == atomic.STREAM
    assert inspect_output("/dev/fd/2").kind == atomic.STREAM


# ---- write-protected files -----------------------------------------------------------------------


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o000])
def test_a_write_protected_file_is_refused_even_for_root(tmp_path, mode):
    path = tmp_path / "protected.json"
    path.write_text(OLD)
    path.chmod(mode)
    with pytest.raises(WriteError, match="write-protected"):
        atomic_write_text(path, "new")
    assert path.read_text() == OLD
    assert stat.S_IMODE(path.stat().st_mode) == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["protected.json"]


def test_the_command_line_refuses_a_write_protected_file(tmp_path):
    path = tmp_path / "schema.json"
    path.write_text(OLD)
    path.chmod(0o444)
    status, err = run_cli("schema", "-o", str(path))
    assert status == 1
    assert f"Cannot write {path}: the file is write-protected" in err and "Wrote" not in err
    assert path.read_text() == OLD


def test_a_writable_file_is_replaced_and_keeps_its_mode(tmp_path):
    path = tmp_path / "f.json"
    path.write_text(OLD)
    path.chmod(0o640)
    assert inspect_output(path).kind == atomic.REGULAR_FILE
    atomic_write_text(path, "new")
    assert path.read_text() == "new" and stat.S_IMODE(path.stat().st_mode) == 0o640
    assert inspect_output(tmp_path / "none.json").kind == atomic.NEW_FILE


# ---- symbolic links ---------------------------------------------------------------------------------


@pytest.fixture()
def shared_folder(tmp_path) -> Path:
    """A folder like /tmp: world-writable and sticky, owned by root."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o1777)
    return folder


def test_a_link_planted_in_a_shared_folder_by_another_user_is_not_followed(tmp_path, shared_folder):
    victim = tmp_path / "victim.conf"
    victim.write_text(OLD)
    link = shared_folder / "report.csv"
    link.symlink_to(victim)
    os.lchown(link, OTHER_UID, OTHER_UID)
    with pytest.raises(WriteError, match="symbolic link in the shared folder .* made by another user"):
        atomic_write_text(link, "overwritten")
    assert victim.read_text() == OLD and link.is_symlink()
    # Every command that writes a file refuses it the same way, and so does a link further up the path.
    status, err = run_cli("export", "--format", "csv", "-o", str(link))
    assert status == 1 and "made by another user" in err
    folder_link = shared_folder / "reports"
    folder_link.symlink_to(tmp_path)
    os.lchown(folder_link, OTHER_UID, OTHER_UID)
    with pytest.raises(WriteError, match="made by another user"):
        atomic_write_text(folder_link / "victim.conf", "overwritten")
    assert victim.read_text() == OLD


def test_links_the_user_or_the_folder_owner_made_are_followed(tmp_path, shared_folder):
    target = tmp_path / "mine.csv"
    target.write_text(OLD)
    own = shared_folder / "own.csv"
    own.symlink_to(target)  # made by this user (root), who also owns the folder
    output = inspect_output(own)
    assert output.kind == atomic.REGULAR_FILE and output.path == target and output.links == (own,)
    atomic_write_text(own, "new")
    assert target.read_text() == "new" and own.is_symlink()
    # In a private folder any link is followed, whoever made it (the kernel's rule too).
    private = tmp_path / "private"
    private.mkdir()
    theirs = private / "theirs.csv"
    theirs.symlink_to(target)
    os.lchown(theirs, OTHER_UID, OTHER_UID)
    atomic_write_text(theirs, "again")
    assert target.read_text() == "again"


def test_a_relative_link_chain_resolves_like_realpath(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    final = tmp_path / "b" / "final.txt"
    final.write_text(OLD)
    (tmp_path / "b" / "hop").symlink_to("final.txt")
    (tmp_path / "a" / "start").symlink_to("../b/hop")
    output = inspect_output(tmp_path / "a" / "start")
    assert output.path == Path(os.path.realpath(tmp_path / "a" / "start"))
    assert len(output.links) == 2
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    with pytest.raises(WriteError, match="too many levels of symbolic links"):
        atomic_write_text(loop, "x")


# ---- the sheet's file name -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["brief.png", "brief.svg", "brief", "brief.pdf.txt"])
def test_sheet_refuses_a_file_name_of_another_format(tmp_path, name):
    out = tmp_path / name
    status, err = run_cli("sheet", "--sector", "health", "-o", str(out))
    assert status == 2
    assert "must end in .pdf" in err and "Wrote" not in err
    assert list(tmp_path.iterdir()) == []


def test_sheet_writes_a_pdf_to_standard_output(tmp_path):
    out = tmp_path / "stdout.bin"
    with open(out, "wb") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "briefing_app", "sheet", "--sector", "health", "-o", "/dev/stdout"],
            stdout=handle, stderr=subprocess.PIPE, text=True, timeout=300,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_who_may_write_follows_the_permission_bits_of_the_users_class(monkeypatch):
    """Non-root users need the write bit of their class (owner, group, others); root needs any write bit."""
    from types import SimpleNamespace

    def status(mode: int, uid: int = 1000, gid: int = 1000):
        return SimpleNamespace(st_mode=stat.S_IFREG | mode, st_uid=uid, st_gid=gid)

    monkeypatch.setattr(atomic.os, "geteuid", lambda: 0)
    assert atomic.may_write(status(0o200)) and atomic.may_write(status(0o002))
    assert not atomic.may_write(status(0o444))
    monkeypatch.setattr(atomic.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(atomic.os, "getegid", lambda: 1000)
    monkeypatch.setattr(atomic.os, "getgroups", lambda: [1000])
    assert atomic.may_write(status(0o644)) and not atomic.may_write(status(0o444))
    assert not atomic.may_write(status(0o464))  # the owner's bit counts for the owner, not the group's
    monkeypatch.setattr(atomic.os, "geteuid", lambda: 2000)
    assert atomic.may_write(status(0o464))  # in the file's group
    monkeypatch.setattr(atomic.os, "getegid", lambda: 3000)
    monkeypatch.setattr(atomic.os, "getgroups", lambda: [3000])
    assert not atomic.may_write(status(0o664)) and atomic.may_write(status(0o646))  # others
