"""The project's facts for packaging, read from ``pyproject.toml`` (the single source).

Used by the PyInstaller spec, ``build.py``, ``build_deb.py``, the installer defines and the tests.
Standard library only (and ``packaging`` where PyInstaller is installed), so it runs anywhere.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
ICONS = ROOT / "resources" / "icons"


@dataclass(frozen=True)
class Project:
    name: str  # the distribution name; also the executable, the install folder and the app id
    version: str
    description: str
    display_name: str  # 政协履职工作台: window title, shortcuts, installer, desktop entry
    publisher: str
    dependencies: tuple[str, ...]  # what the bundle ships: runtime + the bundle's extras
    build_requires: tuple[str, ...]  # the ``build`` extra (PyInstaller)
    max_bundle_mb: float
    max_installer_mb: float
    max_cold_start_s: float

    @property
    def windows_version(self) -> tuple[int, int, int, int]:
        """``0.1.0`` → (0, 1, 0, 0) for the Windows version resource and the installer."""
        match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", self.version)
        if match is None:
            raise ValueError(f"version {self.version!r} does not start with a number")
        parts = [int(p or 0) for p in match.groups()]
        return parts[0], parts[1], parts[2], parts[3]

    @property
    def windows_version_text(self) -> str:
        return ".".join(str(p) for p in self.windows_version)


def load(root: Path = ROOT) -> Project:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    bundle = data.get("tool", {}).get("zxlz", {}).get("bundle", {})
    optional = project.get("optional-dependencies", {})
    shipped = list(project.get("dependencies", []))
    for extra in bundle.get("extras", []):
        shipped += optional[extra]
    return Project(
        name=project["name"],
        version=project["version"],
        description=project.get("description", ""),
        display_name=bundle.get("display-name", project["name"]),
        publisher=bundle.get("publisher", project["name"]),
        dependencies=tuple(shipped),
        build_requires=tuple(optional.get("build", [])),
        max_bundle_mb=float(bundle.get("max-bundle-mb", 250)),
        max_installer_mb=float(bundle.get("max-installer-mb", 90)),
        max_cold_start_s=float(bundle.get("max-cold-start-s", 3.0)),
    )


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under ``path``; symlinks count as links, not as their targets."""
    total = files = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            files += 1
    return total, files


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


# --------------------------------------------------------------------------- licences


def shipped_distributions(requirements: tuple[str, ...]) -> list[str]:
    """Names of the installed distributions that ``requirements`` pull in (markers honoured)."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen: dict[str, str] = {}
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": extra}):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        try:
            dist = metadata.distribution(req.name)
        except metadata.PackageNotFoundError:
            continue
        new_extras = set(req.extras) - {e for e in seen.get(key, "").split(",") if e}
        if key in seen and not new_extras:
            continue
        seen[key] = ",".join(sorted(set(seen.get(key, "").split(",")) | set(req.extras)))
        for line in dist.requires or []:
            sub = Requirement(line)
            if sub.marker is None:
                todo.append((sub, ""))
            else:
                for ex in ["", *req.extras]:
                    if sub.marker.evaluate({"extra": ex}):
                        todo.append((sub, ex))
                        break
    return sorted(seen)


LICENSE_NAMES = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)


def license_files(requirements: tuple[str, ...]) -> tuple[list[tuple[str, str]], str]:
    """Licence texts of every shipped distribution and Python itself, as PyInstaller data entries
    (source, destination folder), plus a summary table (name, version, licence)."""
    from importlib import metadata

    entries: list[tuple[str, str]] = []
    lines = ["Third-party software in this program / 本程序包含的第三方软件", ""]
    for name in shipped_distributions(requirements):
        dist = metadata.distribution(name)
        meta = dist.metadata
        licence = (meta.get("License-Expression") or "").strip()
        if not licence:
            classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
                           if c.startswith("License ::")]
            licence = "; ".join(classifiers)
        if not licence:
            licence = next(iter((meta.get("License") or "").strip().splitlines()), "")
        lines.append(f"{meta['Name']} {dist.version}: {licence or 'see the files in this folder'}")
        for file in dist.files or []:
            if LICENSE_NAMES.search(file.name) or "licenses" in file.parts:
                source = Path(str(dist.locate_file(file)))
                if source.is_file() and ".dist-info" in str(file):
                    entries.append((str(source), f"licenses/{meta['Name']}"))
    for candidate in (Path(sys.base_prefix) / "LICENSE.txt",
                      Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}."
                      f"{sys.version_info[1]}" / "LICENSE.txt"):
        if candidate.is_file():
            entries.append((str(candidate), "licenses/Python"))
            lines.append(f"Python {sys.version.split()[0]}: PSF-2.0")
            break
    return entries, "\n".join(lines) + "\n"


if __name__ == "__main__":  # ``python build/project.py``: print the facts, e.g. for CI logs
    p = load()
    for field, value in vars(p).items():
        print(f"{field} = {value}")
    print(f"windows_version = {p.windows_version_text}")
