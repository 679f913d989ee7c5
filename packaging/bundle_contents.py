"""What goes into the frozen application and what stays out, shared by briefing-app.spec (every
platform) and tests/test_packaging.py. Plain data: no PyInstaller or Qt import here."""

APP_ID = "io.github.briefingapp.BriefingApp"  # reverse-DNS id: .desktop, AppStream, macOS bundle id
EXECUTABLE = "briefing-app"
ICON_NAME = "briefing-app"  # resources/icons/app/briefing-app.svg, and the hicolor icon name
ICON_SIZES = (16, 32, 48, 64, 128, 256)

# Folders at the top of the repository -> where briefing_app.domain.bundled looks for them inside the
# bundle (importlib.resources.files("briefing_app") / "data" and / "resources").
BUNDLED_FOLDERS = {"data": "briefing_app/data", "resources": "briefing_app/resources"}

# Qt modules the application never uses. PyInstaller's Qt hooks collect a module's shared library,
# plugins and translations only when it is imported, so excluding the Python module keeps all of it out
# even if some optional import elsewhere would reach it. Kept in: QtCore, QtGui, QtWidgets,
# QtPrintSupport (print, preview, PDF), QtSvg/QtSvgWidgets (icons, SVG export), QtOpenGL/QtOpenGLWidgets
# and QtTest (pyqtgraph imports them at start-up), QtDBus (the xcb/wayland platform plugins link it).
EXCLUDED_QT_MODULES = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtBluetooth", "QtCanvasPainter", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDesigner",
    "QtGraphs", "QtGraphsWidgets", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtPdf", "QtPdfWidgets",
    "QtPositioning", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickTest",
    "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus", "QtSerialPort",
    "QtSpatialAudio", "QtSql", "QtStateMachine", "QtTextToSpeech", "QtUiTools", "QtWebChannel",
    "QtWebEngineCore", "QtWebEngineQuick", "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages that must not be frozen: other Qt bindings, GUI toolkits and test tools that optional
# imports could pull in, and the parts of pyqtgraph that need libraries the app does not ship
# (opengl: PyOpenGL; jupyter: jupyter_rfb; examples: demo scripts).
EXCLUDED_PYTHON_MODULES = (
    "PyQt5", "PyQt6", "PySide2", "tkinter", "matplotlib", "IPython", "pytest", "hypothesis",
    "pyqtgraph.opengl", "pyqtgraph.jupyter", "pyqtgraph.examples",
)

# Qt plugins and libraries for embedded devices, remote frame buffers and touch tables, never used on a
# desktop (xcb and wayland are the Linux desktop platforms; offscreen serves the command line and tests).
# libqtuiotouchplugin listens for TUIO touch events on a UDP socket: an offline app has no use for it.
# Named by file stem, the same on every platform: libqvnc.so, qvnc.dll and libqvnc.dylib are all "qvnc".
EXCLUDED_QT_PLUGINS = (
    "qeglfs", "qlinuxfb", "qminimalegl", "qvnc", "qvkkhrdisplay",
    "qevdevkeyboardplugin", "qevdevmouseplugin", "qevdevtabletplugin", "qevdevtouchplugin", "qtuiotouchplugin",
)
# Qt libraries that only the plugins above need (PyInstaller collects dependencies before the spec drops
# the plugins): libQt6Network.so.6 / Qt6Network.dll / QtNetwork.framework. QtNetwork was needed only by
# the TUIO plugin.
EXCLUDED_QT_LIBRARIES = ("EglFSDeviceIntegration", "EglFsKmsSupport", "Network")


def file_stem(file_name: str) -> str:
    """libqvnc.so -> qvnc, libQt6Network.so.6 -> Qt6Network, qvnc.dll -> qvnc."""
    stem = file_name.split(".", 1)[0]
    return stem[3:] if stem.startswith("lib") else stem


def is_excluded_qt_file(path: str) -> bool:
    """True for a bundled file (its destination path, any separator) that the installer leaves out."""
    parts = path.replace("\\", "/").split("/")
    stem = file_stem(parts[-1])
    if "egldeviceintegrations" in parts or stem in EXCLUDED_QT_PLUGINS:
        return True
    return stem in {f"{prefix}{name}" for name in EXCLUDED_QT_LIBRARIES for prefix in ("Qt6", "Qt")}
