"""年度工作回眸 for every unit in one action: a folder of drafts, one per office and special
committee, each with its 数据底稿, as an office sends each unit its section to complete.

Every draft is rendered into a scratch folder first; only when all of them succeeded are they
moved into the target folder together (``fileio.FileGroup``: all or none). A template error or
a cancelled run leaves the target folder as it was.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import fileio
from app.db.engine import Database
from app.errors import AppError
from app.models import Unit
from app.reports.engine import Progress, ReportResult, generate
from app.reports.kind_review import SECTION_KINDS
from app.reports.kinds import ReportRequest, get_kind
from app.reports.settings import ReportSettings

UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True)
class UnitDraft:
    unit: str
    path: Path
    evidence: Path | None
    placeholders: int


def section_units(db: Database) -> list[tuple[int, str]]:
    """The units a 年度工作回眸 has a section for (办公室, 研究室, each 专门委员会), in order."""
    with db.reader() as s:
        rows = s.execute(select(Unit.id, Unit.name).where(
            Unit.deleted_at.is_(None), Unit.retired.is_(False), Unit.kind.in_(SECTION_KINDS))
            .order_by(Unit.sort_order, Unit.id)).all()
    return [(int(i), str(n)) for i, n in rows]


def draft_name(prefix: str, unit: str) -> str:
    """The file name of one unit's draft: 2025年度工作回眸-提案委员会.docx."""
    return f"{UNSAFE.sub('_', prefix)}-{UNSAFE.sub('_', unit)}.docx"


def generate_each_unit(db: Database, request: ReportRequest, folder: Path, *,
                       prefix: str = "年度工作回眸", progress: Progress | None = None,
                       should_cancel: Callable[[], bool] | None = None,
                       today: dt.date | None = None, settings: ReportSettings | None = None,
                       actor: Any = None, record: bool = True, evidence: bool = True
                       ) -> list[UnitDraft]:
    """One 年度工作回眸 per unit into ``folder``; raises ``AppError`` (nothing written) on any
    problem. ``request.unit_id`` is ignored: every unit gets its draft."""
    if get_kind(request.kind).key != "year-review":
        raise AppError("“每个单位一份”只用于年度工作回眸。")
    folder = Path(folder)
    if not folder.is_dir():
        raise AppError(f"保存文稿的文件夹“{folder}”不存在。")
    units = section_units(db)
    if not units:
        raise AppError("没有办公室、研究室或专门委员会，无法按单位生成。请先在“机构”页登记。")
    report = progress or (lambda _m, _f: None)
    scratch = Path(tempfile.mkdtemp(prefix=".回眸-", dir=folder))
    try:
        made: list[tuple[str, ReportResult]] = []
        for n, (unit_id, name) in enumerate(units):
            def step(message: str, fraction: float, n: int = n, name: str = name) -> None:
                report(f"{name}（{n + 1}/{len(units)}）：{message}", (n + fraction) / len(units))

            out = scratch / draft_name(prefix, name)
            result = generate(db, replace(request, out=out, unit_id=unit_id), progress=step,
                              should_cancel=should_cancel, today=today, settings=settings,
                              actor=actor, record=False, evidence=evidence)
            made.append((name, result))
        drafts: list[UnitDraft] = []
        with fileio.FileGroup() as files:
            for name, result in made:
                target = folder / result.path.name
                files.write(target, functools.partial(shutil.copyfile, result.path))
                book = None
                if result.evidence is not None:
                    book = folder / result.evidence.name
                    files.write(book, functools.partial(shutil.copyfile, result.evidence))
                drafts.append(UnitDraft(name, target, book, result.placeholders))
            # the history entries are written once every file is in place, else taken back
            files.commit(then=(lambda: _record(db, request, drafts, made, actor))
                         if record else None)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report("全部单位的文稿已生成。", 1.0)
    return drafts


def _record(db: Database, request: ReportRequest, drafts: list[UnitDraft],
            made: list[tuple[str, ReportResult]], actor: Any) -> None:
    """One 文稿生成记录 entry per unit draft (after the files are in place)."""
    from app.services.context import Actor
    from app.services.documents import DocumentService

    period = request.period
    who = actor or Actor(request.username or "system")
    service = DocumentService(db)
    for d, (_name, result) in zip(drafts, made, strict=True):
        service.record(who, kind="year-review", title=result.title, file_path=str(d.path),
                       template=str(result.template),
                       period_from=period.start if period else None,
                       period_to=period.end if period else None, scope=d.unit,
                       figures=result.values)
