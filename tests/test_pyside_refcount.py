"""Regression guard for PySide6 6.12.0 on CPython 3.11 (platform-notes section 1): every
Signal.emit(True) dropped a reference to True until the interpreter aborted."""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    one = Signal(object)
    flag = Signal(bool)
    two = Signal(object, object)


def test_emitting_true_keeps_its_refcount(qapp):
    emitter = _Emitter()
    received = []
    emitter.one.connect(received.append)

    def emit_all(times: int) -> None:
        for _ in range(times):
            emitter.one.emit(True)
            emitter.flag.emit(True)
            emitter.two.emit(True, True)
        received.clear()

    emit_all(10)  # first emits create cached signal objects that hold references of their own
    before = sys.getrefcount(True)
    emit_all(3000)
    # The broken build lost one reference per emit (-9000 here) and then aborted. A drift of one
    # or two references comes from the interpreter's own bookkeeping and does not grow with the count.
    assert abs(sys.getrefcount(True) - before) <= 2
