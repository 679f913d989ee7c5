# Debian packages the application and its tests need (platform-notes section 2). Sourced by ./bootstrap.
# To run: Python with venv, make, and the libraries Qt needs for a real window (xcb) and offscreen.
BASE_PACKAGES="python3 python3-venv python3-pip make libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 \
libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 fonts-dejavu-core"
# To test: a real print queue (CUPS with a PDF printer), a virtual screen, and PDF tools.
TEST_PACKAGES="cups printer-driver-cups-pdf libcups2 xvfb xauth poppler-utils locales"
# To build the installer: desktop-file and AppStream validators, dpkg-deb (in dpkg).
PACKAGE_PACKAGES="desktop-file-utils appstream dpkg-dev binutils"
# The packaging tests (tests/test_packaging.py, tests/test_desktop_files.py) build the .deb and check it:
# validators, objdump (binutils), strace and unshare (util-linux) for the no-network check, xdotool to
# find the frozen app's window under Xvfb.
TEST_PACKAGES="$TEST_PACKAGES desktop-file-utils appstream binutils strace util-linux xdotool"
# tests/test_editable_exports.py converts the Word and OpenDocument exports to PDF with LibreOffice (headless)
# to prove they open without repair: Writer without its GUI, about 50 packages, ~21 s to install here.
TEST_PACKAGES="$TEST_PACKAGES libreoffice-writer-nogui"
# To build the Windows installers (make package-windows; shared research windows-build.md section 2):
# wine (64-bit) runs the Windows Python and PyInstaller, NSIS's makensis and wixl (msitools) write the
# installers, mingw-w64 compiles the wine-only stand-in DLLs, osslsigncode checks the Windows Python's
# Authenticode digests, unzip unpacks it.
WINDOWS_PACKAGES="wine wine64 libwine fonts-wine nsis wixl msitools gcc-mingw-w64-x86-64 osslsigncode unzip"
# tests/test_windows_installer.py builds both installers and installs them under wine on an X screen.
TEST_PACKAGES="$TEST_PACKAGES $WINDOWS_PACKAGES"
