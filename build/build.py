"""Build the onedir bundle: ``python build/build.py [--out DIR]``.

1. a virtual environment ``DIR/venv`` with exactly what the bundle ships (pyproject's
   dependencies and the bundle's extras) plus the ``build`` extra — nothing else of the machine
   ends up in the bundle (``--use-current-python`` skips this and uses this interpreter);
2. PyInstaller with build/zxlz.spec, work files in ``DIR/work``;
3. the bundle in ``DIR/dist/<name>/``, checked by running ``<name> --version``; its size is printed.

DIR defaults to ``<temp>/zxlz-build`` and must lie outside the source tree. Runs on Linux and
Windows alike (PyInstaller does not cross-compile: each system builds its own bundle).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project as zxlz

WINDOWS = sys.platform == "win32"


def default_out() -> Path:
    return Path(tempfile.gettempdir()) / "zxlz-build"


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if WINDOWS else "bin/python")


def run(cmd: list[str | Path], **kwargs: object) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kwargs)  # type: ignore[call-overload]


def prepare_python(out: Path, p: zxlz.Project, use_current: bool) -> Path:
    """The interpreter that runs PyInstaller, with the shipped and the build requirements."""
    if use_current:
        return Path(sys.executable)
    venv = out / "venv"
    python = venv_python(venv)
    if not python.exists():
        run([sys.executable, "-m", "venv", venv])
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         *p.dependencies, *p.build_requires])
    return python


def bundle_dir(out: Path, p: zxlz.Project) -> Path:
    return out / "dist" / p.name


def executable(bundle: Path, p: zxlz.Project, cli: bool = True) -> Path:
    """The program in the bundle; on Windows ``cli`` picks the console one."""
    if WINDOWS:
        return bundle / (f"{p.name}-cli.exe" if cli else f"{p.name}.exe")
    return bundle / p.name


def report_size(bundle: Path) -> int:
    total, files = zxlz.folder_size(bundle)
    parts: dict[str, int] = {}
    internal = bundle / "_internal"
    for item in internal.iterdir() if internal.exists() else []:
        if item.is_symlink():
            continue
        parts[item.name] = zxlz.folder_size(item)[0] if item.is_dir() else item.stat().st_size
    print(f"\nlargest parts of {internal}:")
    for name, size in sorted(parts.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {zxlz.mb(size):>9}  {name}")
    print(f"\nbundle: {bundle}\nsize: {zxlz.mb(total)} in {files} files")
    return total


def build(out: Path, *, use_current_python: bool = False, clean: bool = False) -> Path:
    p = zxlz.load()
    out = out.resolve()
    if out == zxlz.ROOT or zxlz.ROOT in out.parents:
        raise SystemExit(f"--out {out} lies inside the source tree; choose a folder outside it")
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    python = prepare_python(out, p, use_current_python)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0"}
    run([python, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         *(["--clean"] if clean else []),
         "--distpath", out / "dist", "--workpath", out / "work",
         zxlz.BUILD / "zxlz.spec"], cwd=zxlz.ROOT, env=env)
    bundle = bundle_dir(out, p)
    exe = executable(bundle, p)
    shown = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                           encoding="utf-8", timeout=120)
    if shown.returncode != 0 or p.version not in shown.stdout:
        print(shown.stdout, shown.stderr, file=sys.stderr)
        raise SystemExit(f"the built program does not start: {exe} --version")
    print(f"\n{shown.stdout.strip()} — built in {time.monotonic() - started:.0f} s")
    report_size(bundle)
    return bundle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=default_out(),
                        help="folder for venv/, work/ and dist/ (default: %(default)s)")
    parser.add_argument("--use-current-python", action="store_true",
                        help="run PyInstaller with this interpreter instead of a fresh venv")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    args = parser.parse_args(argv)
    build(args.out, use_current_python=args.use_current_python, clean=args.clean)
    return 0


if __name__ == "__main__":
    sys.exit(main())
