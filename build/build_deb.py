"""Package the Linux bundle as a .deb: ``python build/build_deb.py [--out DIR] [--bundle DIR]``.

Layout of the package (for UOS, Kylin and other Debian-family desktops):
    /opt/<name>/                      the PyInstaller bundle as built
    /usr/bin/<name>                   → /opt/<name>/<name> (the launcher on the PATH)
    /usr/share/applications/<name>.desktop
    /usr/share/icons/hicolor/*/apps/<name>.png|svg
    /usr/share/doc/<name>/copyright   where the licence texts are
Depends are computed by dpkg-shlibdeps from what the bundle's ELF files need from the system,
so the libraries of the build machine must be installed (see .ci/run). No maintainer scripts:
the desktop database and icon cache are refreshed by the triggers of desktop-file-utils and
hicolor-icon-theme. Built with ``dpkg-deb --root-owner-group`` (no fakeroot needed), xz-compressed
because older dpkg (UOS 20, Kylin V10) cannot read zstd.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import project as zxlz

import build as bundle_build

HICOLOR_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def stage(p: zxlz.Project, bundle: Path, work: Path) -> Path:
    """The package tree under ``work/debian/<name>`` (dpkg-shlibdeps recognises libraries inside
    such a tree as the package's own)."""
    root = work / "debian" / p.name
    if root.exists():
        shutil.rmtree(root)
    opt = root / "opt" / p.name
    shutil.copytree(bundle, opt, symlinks=True)
    for path in [opt, *opt.rglob("*")]:  # files 0644, programs and folders 0755
        if path.is_symlink():
            continue
        executable = path.is_dir() or os.access(path, os.X_OK) or is_elf(path)
        path.chmod(0o755 if executable else 0o644)
    usr = root / "usr"
    (usr / "bin").mkdir(parents=True)
    (usr / "bin" / p.name).symlink_to(f"/opt/{p.name}/{p.name}")
    desktop = (zxlz.BUILD / "linux" / "zxlz-workbench.desktop").read_text(encoding="utf-8")
    desktop = (desktop.replace("@NAME@", p.name).replace("@DISPLAY_NAME@", p.display_name)
               .replace("@DESCRIPTION@", p.description.split("：", 1)[-1]))
    apps = usr / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{p.name}.desktop").write_text(desktop, encoding="utf-8")
    hicolor = usr / "share" / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        target = hicolor / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copyfile(zxlz.ICONS / f"zxlz-{size}.png", target / f"{p.name}.png")
    (hicolor / "scalable" / "apps").mkdir(parents=True)
    shutil.copyfile(zxlz.ICONS / "zxlz.svg", hicolor / "scalable" / "apps" / f"{p.name}.svg")
    doc = usr / "share" / "doc" / p.name
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"{p.display_name} {p.version}\n\n"
        f"The licences of the bundled third-party software are in /opt/{p.name}/_internal/"
        "licenses/ (a summary in THIRD-PARTY.txt there).\n", encoding="utf-8")
    for path in [*usr.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)
    return root


def soname(path: Path) -> str | None:
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.strip().startswith("SONAME"):
            return line.split()[-1]
    return None


def shlib_depends(work: Path, root: Path) -> str:
    """``Depends`` from dpkg-shlibdeps over every ELF file of the bundle.

    Libraries the bundle carries itself (OpenSSL, libffi, SQLite… for Python's modules) are
    declared as provided by this package in debian/shlibs.local, and ``-x`` drops that
    self-dependency; otherwise dpkg-shlibdeps would fall through to the build machine's
    packages of the same soname (libssl3, libffi8…), which older systems do not have.
    """
    debian = work / "debian"
    (debian / "control").write_text(
        f"Source: {root.name}\n\nPackage: {root.name}\nArchitecture: any\n", encoding="utf-8")
    elf = sorted(f for f in root.rglob("*") if f.is_file() and not f.is_symlink() and is_elf(f))
    own = []
    for f in elf:
        name = soname(f) if ".so" in f.name else None
        if name and ".so." in name:
            library, version = name.split(".so.", 1)
            own.append(f"{library} {version} {root.name}")
    (debian / "shlibs.local").write_text("\n".join(sorted(set(own))) + "\n", encoding="utf-8")
    libdirs = sorted({f"-l{f.parent}" for f in elf})
    result = subprocess.run(
        ["dpkg-shlibdeps", "-O", "--ignore-missing-info", "--warnings=0", f"-x{root.name}",
         *libdirs, *map(str, elf)],
        cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        missing = sorted({line.split("cannot find library ")[1].split()[0]
                          for line in result.stderr.splitlines()
                          if "cannot find library" in line})
        hint = (f"\ninstall the system packages that provide: {', '.join(missing)}"
                if missing else "")
        raise SystemExit(f"dpkg-shlibdeps failed:\n{result.stderr[-3000:]}{hint}")
    for line in result.stdout.splitlines():
        if line.startswith("shlibs:Depends="):
            return line.split("=", 1)[1]
    raise SystemExit(f"dpkg-shlibdeps printed no Depends:\n{result.stdout}")


def control(p: zxlz.Project, root: Path, depends: str, arch: str) -> None:
    size_kib = sum(f.stat().st_size for f in root.rglob("*")
                   if f.is_file() and not f.is_symlink()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir(mode=0o755)
    summary = p.description.split("：", 1)
    (debian / "control").write_text(
        f"Package: {p.name}\n"
        f"Version: {p.version}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {p.publisher}\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {depends}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {summary[0]}\n"
        f" {summary[-1]}\n"
        " .\n"
        " 程序安装在 /opt 下，命令为 " + p.name + "。用户数据在 ~/.local/share/" + p.name + "，\n"
        " 卸载时不会删除。\n",
        encoding="utf-8")


def build_deb(out: Path, bundle: Path) -> Path:
    p = zxlz.load()
    if not (bundle / p.name).is_file():
        raise SystemExit(f"no bundle at {bundle}: run python build/build.py first")
    work = out / "deb"
    work.mkdir(parents=True, exist_ok=True)
    root = stage(p, bundle, work)
    depends = shlib_depends(work, root)
    arch = architecture()
    control(p, root, depends, arch)
    target = out / f"{p.name}_{p.version}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(root)
    print(f"package: {target}\nsize: {zxlz.mb(target.stat().st_size)}\nDepends: {depends}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=bundle_build.default_out(),
                        help="build folder of build.py; the .deb is written there")
    parser.add_argument("--bundle", type=Path, default=None,
                        help="the bundle folder (default: OUT/dist/<name>)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    build_deb(out, (args.bundle or bundle_build.bundle_dir(out, zxlz.load())).resolve())
    return 0


if __name__ == "__main__":
    sys.exit(main())
