"""Generated documents (文稿生成记录): every draft is recorded with its kind, period, scope,
template, file and user, and the figures it printed, and audited."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.engine import Database
from app.domain.enums import AuditAction
from app.domain.schema import RecordType
from app.models import GeneratedDocument
from app.services import audit
from app.services.context import Actor, Changes, publish

GENERATED = RecordType("generated_documents", "生成文稿", {})


@dataclass(frozen=True)
class DocumentEntry:
    id: int
    created_at: dt.datetime
    kind: str
    title: str
    period_from: dt.date | None
    period_to: dt.date | None
    scope: str
    template: str
    file_path: str
    username: str
    figures: dict[str, Any]


def _entry(row: GeneratedDocument) -> DocumentEntry:
    try:
        figures = json.loads(row.figures) if row.figures else {}
    except ValueError:
        figures = {}
    return DocumentEntry(row.id, row.created_at, row.kind, row.title, row.period_from,
                         row.period_to, row.scope, row.template, row.file_path, row.username,
                         figures)


class DocumentService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, actor: Actor, *, kind: str, title: str, file_path: str,
               template: str = "", period_from: dt.date | None = None,
               period_to: dt.date | None = None, scope: str = "",
               figures: dict[str, Any] | None = None) -> DocumentEntry:
        """Add one history row (any signed-in user may generate documents)."""
        with self.db.session() as session:
            row = GeneratedDocument(
                kind=kind[:40], title=title[:200], period_from=period_from, period_to=period_to,
                scope=scope[:100], template=template[:300], file_path=file_path[:500],
                username=actor.username[:40],
                figures=json.dumps(figures or {}, ensure_ascii=False))
            session.add(row)
            session.flush()
            audit.record(session, actor, AuditAction.GENERATE, GENERATED, row.id,
                         f"生成文稿“{title}”：{file_path}")
            entry = _entry(row)
        publish(Changes.of("generated_documents", [entry.id]))
        return entry

    def history(self, limit: int = 200, kind: str | None = None) -> list[DocumentEntry]:
        """The latest documents first."""
        stmt = select(GeneratedDocument).order_by(GeneratedDocument.created_at.desc(),
                                                  GeneratedDocument.id.desc())
        if kind:
            stmt = stmt.where(GeneratedDocument.kind == kind)
        with self.db.reader() as session:
            return [_entry(r) for r in session.scalars(stmt.limit(limit))]
