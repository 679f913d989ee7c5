#!/bin/bash
# Build the Linux installer: build/briefing-app_<version>_<arch>.deb, around the PyInstaller bundle.
#   packaging/linux/build-deb.sh        (what `make package` and tests/test_packaging.py run)
# Environment: PYTHON (default .venv/bin/python, the project's venv). Output goes to build/ (git-ignored).
# Needs: dpkg-deb, objdump (binutils), desktop-file-validate, appstreamcli; the pinned PyInstaller is
# installed into the venv here.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
case $PYTHON in /*) ;; */*) PYTHON=$PWD/$PYTHON ;; esac  # keep the venv's path: no symlink resolving
BUILD=$REPO/build
PACKAGING=$REPO/packaging
DIST=$BUILD/pyinstaller/dist/briefing-app
STAGE=$BUILD/deb/root
PREFIX=/opt/briefing-app
APP_ID=$("$PYTHON" -c "import sys; sys.path.insert(0, '$PACKAGING'); import bundle_contents as c; print(c.APP_ID)")
VERSION=$("$PYTHON" -c "import briefing_app; print(briefing_app.__version__)")
ARCH=$(dpkg --print-architecture)
DEB=$BUILD/briefing-app_${VERSION}_${ARCH}.deb
started=$(date +%s)

# 1. The desktop entry and AppStream metadata must pass their validators; build tools, pinned (a no-op
# once installed).
desktop-file-validate "$PACKAGING/linux/$APP_ID.desktop"
appstreamcli validate --no-net "$PACKAGING/linux/$APP_ID.metainfo.xml"
"$PYTHON" -m pip install --quiet --disable-pip-version-check -r "$PACKAGING/requirements.txt"

# 2. Icons from the SVG, then the frozen application (onedir), from a clean state every time.
rm -rf "$BUILD/icons" "$BUILD/pyinstaller" "$BUILD/deb" "$DEB"
QT_QPA_PLATFORM=offscreen "$PYTHON" "$PACKAGING/render_icons.py" "$BUILD/icons"
(cd "$REPO" && "$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$BUILD/pyinstaller/dist" --workpath "$BUILD/pyinstaller/work" "$PACKAGING/briefing-app.spec")
for needed in briefing_app/data/dataset.json briefing_app/resources/icons/app/briefing-app.svg; do
  if [ ! -f "$DIST/_internal/$needed" ]; then
    echo "build-deb: the bundle lacks $needed (is data/ complete?)" >&2
    exit 1
  fi
done
DEPENDS=$("$PYTHON" "$PACKAGING/linux/bundle_depends.py" "$DIST")

# 3. The package tree.
mkdir -p "$STAGE$PREFIX" "$STAGE/usr/bin" "$STAGE/usr/share/applications" "$STAGE/usr/share/metainfo" \
  "$STAGE/usr/share/icons" "$STAGE/usr/share/doc/briefing-app" "$STAGE/DEBIAN"
cp -a "$DIST/." "$STAGE$PREFIX/"
# On the PATH as a symbolic link (absolute, as Debian policy asks between top-level folders): the
# PyInstaller bootloader finds its _internal folder from its real path, and no shell starts first.
ln -s "$PREFIX/briefing-app" "$STAGE/usr/bin/briefing-app"
cp "$PACKAGING/linux/$APP_ID.desktop" "$STAGE/usr/share/applications/"
cp "$PACKAGING/linux/$APP_ID.metainfo.xml" "$STAGE/usr/share/metainfo/"
cp -r "$BUILD/icons/hicolor" "$STAGE/usr/share/icons/"
cp "$PACKAGING/linux/copyright" "$STAGE/usr/share/doc/briefing-app/copyright"

# Owned by root, readable by all, writable by none but root, whatever the build machine's umask.
chmod -R u+rwX,go+rX,go-w "$STAGE"

INSTALLED_SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
cat > "$STAGE/DEBIAN/control" <<EOF
Package: briefing-app
Version: $VERSION
Architecture: $ARCH
Maintainer: Briefing app developers <maintainers@briefing-app.invalid>
Installed-Size: $INSTALLED_SIZE
Depends: $DEPENDS
Section: misc
Priority: optional
Description: Evidence on leadership and management in UK public services, offline
 A briefing tool for officials in the NHS, schools, councils and the departments
 that brief ministers: find a figure, check its source, base, year and confidence,
 and print a one- or two-page briefing sheet. It works without a network; the
 dataset is bundled. Installed in $PREFIX, started with briefing-app.
EOF

# 4. The archive. zstd: about 1 s here where xz takes about 50 s for a 25 % smaller file.
dpkg-deb --root-owner-group -Zzstd --build "$STAGE" "$DEB" >/dev/null
echo "build-deb: $DEB ($(du -h "$DEB" | cut -f1), installed ${INSTALLED_SIZE} KiB, $(( $(date +%s) - started )) s)"
echo "build-deb: Depends: $DEPENDS"
