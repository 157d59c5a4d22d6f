"""Export of every record of a kind in its import layout: what the importer reads back.

Identity and mobile numbers are masked by default (110105********002X, 138****5678); an
unmasked export is for administrators only, needs a reason, and is written to the audit log.
Importing a masked export again changes nothing: masked numbers are left as they are.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.errors import AppError
from app.exchange.kinds import Context
from app.exchange.layout import save_workbook
from app.exchange.lookups import Lookups
from app.exchange.plan import kind_class
from app.exchange.templates import build_sheet, export_title
from app.services import audit
from app.services.context import Actor


def check_unmasked(db: Database, actor: Actor | None, reason: str, what: str) -> None:
    """An unmasked export of personal data: an administrator, a reason, an audit entry."""
    if actor is None:
        raise AppError("导出不打码的身份证号和手机号码时，必须说明操作人。")
    actor.require_admin("导出不打码的身份证号和手机号码")
    if not reason.strip():
        raise AppError("导出不打码的身份证号和手机号码时，必须填写用途（理由），"
                       "该操作会记入操作日志。")
    from app.domain.schema import MEMBER

    with db.session() as session:
        audit.record(session, actor, AuditAction.EXPORT, MEMBER, None,
                     f"导出{what}（身份证号、手机号码未打码），用途：{reason.strip()}")


def export_records(db: Database, kind: str, path: Path | str, *, masked: bool = True,
                   actor: Actor | None = None, reason: str = "") -> tuple[Path, int]:
    """Write every record of ``kind`` as the importer reads it; returns (path, records)."""
    importer = kind_class(kind)(db)
    if not masked and importer.name == "members":
        check_unmasked(db, actor, reason, f"{importer.label}数据")
    wb = Workbook()
    with db.reader() as session:
        ctx = Context(Lookups(session))
        records = list(importer.export_records(session, ctx, masked))
        build_sheet(wb, importer, ctx.lookups, export_title(importer.label), records)
    return save_workbook(wb, path), len(records)
