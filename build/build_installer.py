"""Build the Windows installer: ``python build/build_installer.py [--out DIR] [--bundle DIR]``.

Compiles build/windows/installer.nsi with makensis, passing name, version, display name and
publisher from pyproject.toml. On Windows it packs the Windows bundle built by build.py. On Linux
(``makensis`` from Debian's ``nsis`` package) it checks that the script compiles, packing the Linux
bundle in place of the Windows one — useful as a check and as a size estimate, not for shipping.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project as zxlz

import build as bundle_build

SCRIPT = zxlz.BUILD / "windows" / "installer.nsi"


def makensis() -> str:
    found = shutil.which("makensis")
    for candidate in (r"C:\Program Files (x86)\NSIS\makensis.exe",
                      r"C:\Program Files\NSIS\makensis.exe"):
        if found is None and Path(candidate).exists():
            found = candidate
    if found is None:
        raise SystemExit("makensis not found: install NSIS (Debian: apt-get install nsis; "
                         "Windows: choco install nsis)")
    return found


def defines(p: zxlz.Project, bundle: Path, target: Path) -> list[str]:
    values = {
        "NAME": p.name,
        "DISPLAY_NAME": p.display_name,
        "VERSION": p.version,
        "VERSION4": p.windows_version_text,
        "PUBLISHER": p.publisher,
        "BUNDLE": str(bundle),
        "ICON": str(zxlz.ICONS / "zxlz.ico"),
        "OUTFILE": str(target),
    }
    prefix = "/" if sys.platform == "win32" else "-"
    return [f"{prefix}D{key}={value}" for key, value in values.items()]


def installer_name(p: zxlz.Project, windows: bool = sys.platform == "win32") -> str:
    suffix = "" if windows else "-linux-payload-check"
    return f"{p.name}-{p.version}-setup{suffix}.exe"


def build_installer(out: Path, bundle: Path) -> Path:
    p = zxlz.load()
    if not bundle.is_dir():
        raise SystemExit(f"no bundle at {bundle}: run python build/build.py first")
    target = out / installer_name(p)
    prefix = "/" if sys.platform == "win32" else "-"
    cmd = [makensis(), f"{prefix}V2", f"{prefix}INPUTCHARSET", "UTF8",
           *defines(p, bundle, target), str(SCRIPT)]
    result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8",
                            errors="replace")
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"makensis failed with exit status {result.returncode}")
    warnings = [line for line in result.stdout.splitlines() if "warning" in line.lower()]
    for line in warnings:
        print(line)
    print(f"installer: {target}\nsize: {zxlz.mb(target.stat().st_size)}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=bundle_build.default_out(),
                        help="build folder of build.py; the installer is written there")
    parser.add_argument("--bundle", type=Path, default=None,
                        help="the bundle folder (default: OUT/dist/<name>)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    build_installer(out, (args.bundle or bundle_build.bundle_dir(out, zxlz.load())).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
