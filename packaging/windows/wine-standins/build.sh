#!/bin/bash
# Build the wine-only stand-in DLLs (see the comment at the top of each .c file) into OUT:
#   packaging/windows/wine-standins/build.sh OUT
# They exist only so that the Windows build (PyInstaller imports Qt, numpy and pydantic-core while it
# analyses the app) and the installer test can run under wine 8.0 (Debian 12). They are copied into a
# throw-away wine prefix's system32 and never into the application bundle or an installer.
# Needs: x86_64-w64-mingw32-gcc and -objdump (gcc-mingw-w64-x86-64), wine's own ucrtbase.dll.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:?usage: build.sh OUT}
WINE_DLLS=${WINE_DLLS:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
CC=x86_64-w64-mingw32-gcc
OBJDUMP=x86_64-w64-mingw32-objdump
mkdir -p "$OUT"
FLAGS=(-O2 -Wall -shared -nostdlib -nostartfiles -Wl,--entry,DllMain -s)

"$CC" "${FLAGS[@]}" -o "$OUT/bcryptprimitives.dll" "$HERE/bcryptprimitives.c" "$HERE/bcryptprimitives.def" \
  -ladvapi32 -lkernel32
"$CC" "${FLAGS[@]}" -o "$OUT/icuuc.dll" "$HERE/icuuc.c" "$HERE/icuuc.def" -lkernel32

# ucrtbase: forward every export of wine's ucrtbase (copied as ucrtbase_wine.dll) except the complex
# functions implemented in ucrtbase-complex.c.
implemented=$(sed -n 's/^DEFINE_ALL(\([a-z]*\),.*/\1 \1f \1l/p; s/^[a-zA-Z]* \(c[a-z]*\)(.*/\1/p' \
  "$HERE/ucrtbase-complex.c" | tr ' ' '\n' | sort -u)
[ "$(echo "$implemented" | wc -l)" -ge 30 ] || { echo "build.sh: could not list the complex functions" >&2; exit 1; }
{
  echo "LIBRARY ucrtbase.dll"
  echo "EXPORTS"
  "$OBJDUMP" -p "$WINE_DLLS/ucrtbase.dll" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' \
    | sed -n 's/^\s*\[ *[0-9]*\] \([A-Za-z0-9_?@$]*\)$/\1/p' | while read -r name; do
      if grep -qx -- "$name" <<<"$implemented"; then echo "    $name"; else echo "    $name=ucrtbase_wine.$name"; fi
    done
} > "$OUT/ucrtbase.def"
"$CC" "${FLAGS[@]}" -fno-builtin -o "$OUT/ucrtbase.dll" "$HERE/ucrtbase-complex.c" "$OUT/ucrtbase.def" \
  -lmsvcrt -lkernel32
cp "$WINE_DLLS/ucrtbase.dll" "$OUT/ucrtbase_wine.dll"
echo "wine stand-ins: $(cd "$OUT" && ls *.dll | tr '\n' ' ')"
