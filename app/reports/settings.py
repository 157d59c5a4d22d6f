"""Report settings a clerk can change (the GUI's 系统设置 writes them): the font of each role
and the page margins. Stored as JSON in the user data folder; missing keys take defaults."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path

from app import config, fileio
from app.reports.gongwen import Margins

log = logging.getLogger(__name__)
FILE_NAME = "report_settings.json"


@dataclass
class ReportSettings:
    # role → font name chosen by the user ("" = detect: the first installed candidate)
    fonts: dict[str, str] = field(default_factory=dict)
    # role → font used when no candidate is installed ("" = the role's standard Windows font)
    fallback: dict[str, str] = field(default_factory=dict)
    margins: Margins | None = None  # None: as the template has them

    def to_json(self) -> str:
        data = asdict(self)
        return json.dumps(data, ensure_ascii=False, indent=1)


def settings_path() -> Path:
    return config.data_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> ReportSettings:
    path = path or settings_path()
    if not path.exists():
        return ReportSettings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        margins = data.get("margins")
        return ReportSettings(fonts=dict(data.get("fonts") or {}),
                              fallback=dict(data.get("fallback") or {}),
                              margins=Margins(**margins) if margins else None)
    except (ValueError, TypeError, OSError) as exc:  # a broken file must not stop a report
        log.warning("report settings %s ignored: %s", path, exc)
        return ReportSettings()


def save_settings(settings: ReportSettings, path: Path | None = None) -> Path:
    path = path or settings_path()
    return fileio.write_text(path, settings.to_json())
