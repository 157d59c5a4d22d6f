"""Where bundled data files live.

One helper so that moving ``resources/`` later (or changing how it is bundled) touches one place.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources`` folder: inside a PyInstaller bundle, else at the repository root."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def data_path(name: str) -> Path:
    """Path of ``resources/data/<name>`` (the file is not required to exist)."""
    return resources_dir() / "data" / name


def template_path(name: str = "") -> Path:
    """Path of ``resources/templates/<name>`` (the folder itself for an empty name)."""
    folder = resources_dir() / "templates"
    return folder / name if name else folder
