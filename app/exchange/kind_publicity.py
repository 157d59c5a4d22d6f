"""文史资料 and 媒体报道: one line per publication or report.

A publication matches a stored one on 书刊名称 and 出版日期; a report on 报道标题, 媒体名称 and
报道日期 (the outlet compared without 《》, as it is stored).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.schema import MEDIA_REPORT, PUBLICATION
from app.exchange.kinds import Column, Context, FlatKind, cell_value, col
from app.exchange.model import Entry
from app.models import MediaReport, Publication
from app.services.publicity import MediaReportService, PublicationService

P, M = PUBLICATION, MEDIA_REPORT
PUBLICATION_COLUMNS: tuple[Column, ...] = (
    col(P, "title", "书名", "刊物名称", "名称", "文史资料名称", width=30, note="必填。"),
    col(P, "volumes", "册", "卷册数", "数量（册）", width=8),
    col(P, "words", "字数", "字数(万字)", "字数（万）", width=10, note="以万字计，如 32.5。"),
    col(P, "published_on", "出版时间", "印发日期", "出版日期（时间）", "日期", width=12,
        note="必填。如2024-09-01或2024年9月1日。"),
    col(P, "editor_unit", "编辑单位", "编印", "主编单位", width=20),
    col(P, "notes", width=20),
)
MEDIA_COLUMNS: tuple[Column, ...] = (
    col(M, "title", "标题", "新闻标题", "报道题目", width=30, note="必填。"),
    col(M, "outlet", "媒体", "刊发媒体", "报道媒体", "刊登媒体", width=16,
        note="必填，如“人民政协报”；写不写书名号《》都可以。"),
    col(M, "level", "级别", "媒体级别", width=10, note="必填：中央级、省级、市级或县级。"),
    col(M, "reported_on", "日期", "刊发日期", "报道时间", "刊登日期", width=12,
        note="必填。如2024-06-01或2024年6月1日。"),
    col(M, "link", "链接", "网址", "版面", width=24),
    col(M, "notes", width=20),
)


def _export(session: Session, model: Any, order: Any, columns: tuple[Column, ...]
            ) -> Iterator[list[list[Any]]]:
    rows = session.scalars(select(model).where(model.deleted_at.is_(None))
                           .order_by(order, model.id)).all()
    for row in rows:
        yield [[cell_value(getattr(row, c.key)) for c in columns]]


class PublicationKind(FlatKind):
    name = "publications"
    label = "文史资料"
    title = "文史资料导入模板"
    rtype = PUBLICATION
    service = PublicationService
    columns = PUBLICATION_COLUMNS
    names_members = False

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("title") or not v.get("published_on"):
            return []
        return [("publication", v["title"], v["published_on"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "书刊名称和出版日期相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        v = entry.values
        if not v.get("title") or not v.get("published_on"):
            return []
        stmt = select(Publication).where(Publication.deleted_at.is_(None),
                                         Publication.title == v["title"],
                                         Publication.published_on == v["published_on"])
        return [(p.id, f"文史资料“{p.title}”（编号{p.id}）", self.identity_reason(()))
                for p in session.scalars(stmt)]

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        return _export(session, Publication, Publication.published_on, self.columns)


class MediaReportKind(PublicationKind):
    name = "media_reports"
    label = "媒体报道"
    title = "媒体报道导入模板"
    rtype = MEDIA_REPORT
    service = MediaReportService  # type: ignore[assignment]
    columns = MEDIA_COLUMNS

    def prepare(self, entry: Entry, ctx: Context) -> None:
        outlet = entry.values.get("outlet")
        if isinstance(outlet, str) and outlet.startswith("《") and outlet.endswith("》"):
            entry.values["outlet"] = outlet[1:-1].strip()  # as the service stores it

    def identity(self, entry: Entry) -> list[tuple[Any, ...]]:
        v = entry.values
        if not v.get("title") or not v.get("outlet") or not v.get("reported_on"):
            return []
        return [("media", v["title"], v["outlet"], v["reported_on"])]

    def identity_reason(self, key: tuple[Any, ...]) -> str:
        return "报道标题、媒体名称和报道日期相同"

    def find_existing(self, session: Session, entry: Entry, ctx: Context
                      ) -> list[tuple[int, str, str]]:
        v = entry.values
        if not v.get("title") or not v.get("outlet") or not v.get("reported_on"):
            return []
        stmt = select(MediaReport).where(MediaReport.deleted_at.is_(None),
                                         MediaReport.title == v["title"],
                                         MediaReport.outlet == v["outlet"],
                                         MediaReport.reported_on == v["reported_on"])
        return [(r.id, f"媒体报道“{r.title}”（{r.outlet}，编号{r.id}）",
                 self.identity_reason(())) for r in session.scalars(stmt)]

    def export_records(self, session: Session, ctx: Context, masked: bool
                       ) -> Iterator[list[list[Any]]]:
        return _export(session, MediaReport, MediaReport.reported_on, self.columns)
