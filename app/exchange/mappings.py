"""Column mappings a person chose for a layout the importer did not recognise, remembered per
(record kind, header signature) in ``import_mappings.json`` in the user data folder, so that
next month's file from the same template imports without asking again."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from app import config, fileio
from app.errors import FileWriteError

FILE_NAME = "import_mappings.json"
log = logging.getLogger(__name__)


def _path() -> Path:
    return config.data_dir() / FILE_NAME


def _load() -> dict[str, dict[str, dict[str, str]]]:
    path = _path()
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # a damaged file must not stop an import
        log.warning("ignoring unreadable %s: %s", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def _save(data: dict[str, dict[str, dict[str, str]]]) -> bool:
    """Replace the file atomically. Remembering is a convenience: a full disk must not stop
    the import the clerk is doing, so a failure is logged and the old file stays."""
    try:
        fileio.write_text(_path(), json.dumps(data, ensure_ascii=False, indent=1))
    except FileWriteError as exc:
        log.warning("column mapping not remembered: %s", exc)
        return False
    return True


def remembered(kind: str, signature: str) -> dict[str, str] | None:
    """The mapping (header text → column key, "" for a skipped column) saved for the layout."""
    found = _load().get(kind, {}).get(signature)
    return dict(found) if isinstance(found, dict) else None


def remember(kind: str, signature: str, mapping: dict[str, str]) -> bool:
    """Keep the mapping; False when the file could not be written (the import goes on)."""
    data = _load()
    data.setdefault(kind, {})[signature] = dict(mapping)
    return _save(data)


def forget(kind: str, signature: str) -> bool:
    data = _load()
    if signature not in data.get(kind, {}):
        return False
    del data[kind][signature]
    return _save(data)
