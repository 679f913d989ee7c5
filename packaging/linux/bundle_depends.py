"""The Debian Depends of the frozen bundle: the system libraries it links but does not carry.

    python packaging/linux/bundle_depends.py BUNDLE_DIR      prints the Depends value

Reads every ELF file's needed libraries (objdump -p) and the glibc symbol versions it uses
(objdump -T); a needed library that is not inside the bundle must come from the system and is mapped
to its Debian package through SONAME_PACKAGES. An unknown one fails the build with a message naming
it and the file that needs it, so a new Qt plugin or library cannot slip in without a Depends.
(dpkg-shlibdeps does this for packages built from source, but needs a debian/ source tree; the table
keeps the result the same whatever happens to be installed on the build machine.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# The C library and its parts (the bundle needs at least the glibc version computed below).
LIBC_SONAMES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libresolv.so.2",
                "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libutil.so.1"}

# Libraries PyInstaller leaves to the system (graphics drivers must match the machine; libxcb must match
# the X libraries), by soname -> Debian 12 package.
SONAME_PACKAGES = {
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libxcb.so.1": "libxcb1",
    "libdrm.so.2": "libdrm2",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
}

# Needed only by an optional plugin that Qt loads on demand and skips when the library is missing:
# the GTK 3 platform theme (native dialogs on GNOME desktops, which have GTK 3 anyway).
OPTIONAL_SONAMES = {"libgtk-3.so.0", "libgdk-3.so.0"}

# Not libraries but needed at run time: the fontconfig configuration (/etc/fonts, through libfontconfig1
# and fontconfig-config; the bundle carries the library but not its configuration) and a font.
RUNTIME_PACKAGES = ("libfontconfig1", "fonts-dejavu-core")

ELF_MAGIC = b"\x7fELF"


def elf_files(bundle: Path) -> list[Path]:
    files = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == ELF_MAGIC:
                    files.append(path)
    return files


def needed_libraries(path: Path) -> list[str]:
    output = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"^\s*NEEDED\s+(\S+)", output, flags=re.MULTILINE)


def glibc_versions(path: Path) -> set[tuple[int, ...]]:
    output = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True, check=True).stdout
    return {tuple(int(part) for part in found.split(".")) for found in re.findall(r"GLIBC_(\d+(?:\.\d+)+)", output)}


def depends(bundle: Path) -> str:
    files = elf_files(bundle)
    inside = {path.name for path in bundle.rglob("*") if path.is_file() or path.is_symlink()}
    packages: set[str] = set()
    unknown: list[str] = []
    newest_glibc = (2, 17)
    for path in files:
        newest_glibc = max([newest_glibc, *glibc_versions(path)])
        for soname in needed_libraries(path):
            if soname in inside or soname in LIBC_SONAMES or soname in OPTIONAL_SONAMES:
                continue
            if soname in SONAME_PACKAGES:
                packages.add(SONAME_PACKAGES[soname])
            else:
                unknown.append(f"{soname} (needed by {path.relative_to(bundle)})")
    if unknown:
        raise SystemExit(
            "The bundle needs system libraries with no known Debian package; add them to SONAME_PACKAGES "
            "in packaging/linux/bundle_depends.py:\n  " + "\n  ".join(sorted(set(unknown)))
        )
    glibc = ".".join(map(str, newest_glibc))
    return ", ".join([f"libc6 (>= {glibc})", *sorted(packages | set(RUNTIME_PACKAGES))])


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    print(depends(Path(sys.argv[1])))
