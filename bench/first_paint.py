"""Start a window in this process and report, on standard output, the wall-clock time of the first
paint (and of the first chart paint), and resident memory then; then exit at once.

    python bench/first_paint.py bare|bare-domain|bare-chart|bare-chart-domain|app|app-chart [--dataset PATH]

The parent process records the time just before launching this one, so the difference is the whole
start-up: interpreter, imports, dataset, window and first paint.
"""

from __future__ import annotations

import os
import sys
import time


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def report_and_exit(label: str) -> None:
    print(f"{label} {time.time():.6f} {rss_mib():.1f}", flush=True)
    os._exit(0)


def is_pyqtgraph_view(obj) -> bool:
    return obj is not None and any(
        cls.__name__ == "GraphicsView" and cls.__module__.startswith("pyqtgraph") for cls in type(obj).__mro__
    )


def watch(app, want_chart: bool) -> None:
    """Exit at the first paint of a main window (or, with want_chart, of a pyqtgraph view)."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class Watcher(QObject):
        def eventFilter(self, obj, event):  # noqa: N802 (Qt name)
            # Only widgets: the QWindow behind each top-level widget gets paint-related events too.
            if event.type() == QEvent.Type.Paint and obj.isWidgetType():
                if want_chart:
                    # Any pyqtgraph view (PlotWidget, GraphicsLayoutWidget and their subclasses derive from
                    # pyqtgraph's GraphicsView) or its viewport; matched by name so pyqtgraph is not imported here.
                    if is_pyqtgraph_view(obj) or is_pyqtgraph_view(obj.parent()):
                        # The viewport of a pyqtgraph view paints: the chart is on screen.
                        QTimer.singleShot(0, lambda: report_and_exit("chart"))
                elif isinstance(obj, QMainWindow) or isinstance(obj.window(), QMainWindow):
                    QTimer.singleShot(0, lambda: report_and_exit("paint"))
            return False

    app._bench_watcher = Watcher()
    app.installEventFilter(app._bench_watcher)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    kind = sys.argv[1]
    dataset = sys.argv[sys.argv.index("--dataset") + 1] if "--dataset" in sys.argv else None
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    watch(app, want_chart="chart" in kind)
    if kind in ("bare-domain", "bare-chart-domain"):
        # The floor of this design: what any window on this dataset pays before its own widgets (the
        # pydantic models imported and built, the bundled dataset validated, Qt's namespace of enums
        # that every real window uses), then the bare window itself.
        from PySide6.QtCore import Qt  # noqa: F401

        from briefing_app.domain import load_catalogue

        app._bench_catalogue = load_catalogue(dataset)
        kind = kind.replace("-domain", "")
    if kind == "bare":
        from PySide6.QtWidgets import QLabel, QMainWindow

        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello"))
        window.resize(1366, 768)
        window.show()
        app.exec()
    elif kind == "bare-chart":
        import pyqtgraph as pg
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        plot = pg.PlotWidget()
        plot.addItem(pg.BarGraphItem(x0=0, y=[1, 2, 3, 4], height=0.6, width=[27, 20, 20, 40]))
        window.setCentralWidget(plot)
        window.resize(1366, 768)
        window.show()
        app.exec()
    else:
        from briefing_app.app import run_gui

        run_gui(dataset_path=dataset)


if __name__ == "__main__":
    main()
