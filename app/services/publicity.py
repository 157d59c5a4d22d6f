"""文史 publications and media reports (宣传与文史), on the generic record service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from app.domain.schema import MEDIA_REPORT, PUBLICATION
from app.errors import FieldProblem
from app.models import MediaReport, Publication
from app.services.common import year_range
from app.services.crud import FilterFn, RecordService, SortFn


class PublicationService(RecordService[Publication]):
    model = Publication
    rtype = PUBLICATION
    search_columns = (Publication.title, Publication.editor_unit)
    default_sort = "published_on"

    def filters(self) -> dict[str, FilterFn]:
        return {"year": lambda v: year_range(Publication.published_on, v)}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [Publication.id],
                "published_on": lambda: [Publication.published_on],
                "title": lambda: [Publication.title],
                "volumes": lambda: [Publication.volumes]}

    def check(self, session: Session, values: dict[str, Any], current: Publication | None
              ) -> list[FieldProblem]:
        words = values.get("words")
        if isinstance(words, Decimal) and (words < 0 or not words.is_finite()):
            return [FieldProblem("words", PUBLICATION.label_of("words"), words,
                                 "应为不小于0的数字，如 32.5（万字）")]
        return []


class MediaReportService(RecordService[MediaReport]):
    model = MediaReport
    rtype = MEDIA_REPORT
    search_columns = (MediaReport.title, MediaReport.outlet)
    default_sort = "reported_on"

    def filters(self) -> dict[str, FilterFn]:
        return {"year": lambda v: year_range(MediaReport.reported_on, v),
                "level": lambda v: MediaReport.level == v,
                "outlet": lambda v: MediaReport.outlet == v}

    def sorts(self) -> dict[str, SortFn]:
        return {"id": lambda: [MediaReport.id],
                "reported_on": lambda: [MediaReport.reported_on],
                "title": lambda: [MediaReport.title],
                "outlet": lambda: [MediaReport.outlet, MediaReport.reported_on],
                "level": lambda: [MediaReport.level, MediaReport.reported_on]}

    def check(self, session: Session, values: dict[str, Any], current: MediaReport | None
              ) -> list[FieldProblem]:
        """The outlet is stored without the book-title marks a clerk may type (《》)."""
        outlet = values.get("outlet")
        if isinstance(outlet, str) and outlet.startswith("《") and outlet.endswith("》"):
            values["outlet"] = outlet[1:-1].strip()
            if not values["outlet"]:
                return [FieldProblem("outlet", MEDIA_REPORT.label_of("outlet"), outlet,
                                     "必须填写")]
        return []
