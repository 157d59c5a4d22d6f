"""宣传与文史 page: media reports about the committee's and its members' work, and the 文史
books and journals it compiled, as two tabs of record pages."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import MediaLevel
from app.domain.schema import MEDIA_REPORT, PUBLICATION
from app.models import MediaReport, Publication
from app.services.publicity import MediaReportService, PublicationService
from ui.framework.columns import Column, field_column
from ui.framework.context import PageContext
from ui.framework.editor import Section
from ui.framework.html import body_text, day, heading, table
from ui.framework.options import year_choices, year_filter
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import exchange_buttons, records_export


def _words(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return f"{text}万字"


def _details(title: str, rows: list[tuple[str, str]], notes: str) -> str:
    cells = [[escape(a), escape(b) if b else "（未填写）"] for a, b in rows]
    return heading(title) + table(["项目", "内容"], cells) + body_text(notes)


class MediaReportsPage(RecordPage[MediaReport]):
    title = "媒体报道"
    entities = ("media_reports",)
    search_hint = "搜索报道标题或媒体名称"
    empty_hint = ("还没有媒体报道。点击“新增”登记报道本会工作或委员履职的新闻："
                  "标题、媒体、层级和日期。")
    default_descending = True

    service_type = MediaReportService

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "media_reports")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "media_reports")]

    def columns(self) -> list[Column]:
        return [field_column(MEDIA_REPORT, "reported_on", sort="reported_on", width=90),
                field_column(MEDIA_REPORT, "title", sort="title", width=260),
                field_column(MEDIA_REPORT, "outlet", sort="outlet", width=140),
                field_column(MEDIA_REPORT, "level", sort="level", width=72)]

    def default_filters(self) -> dict[str, Any]:
        return year_filter(self.ctx.db)

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [FilterSpec("year", "年度", lambda: years),
                FilterSpec("level", MEDIA_REPORT.label_of("level"),
                           lambda: [(lv.label, lv) for lv in MediaLevel])]

    def detail_html(self, record: MediaReport) -> str:
        label = MEDIA_REPORT.label_of
        return _details(record.title, [(label("outlet"), record.outlet),
                                       (label("level"), record.level.label),
                                       (label("reported_on"), day(record.reported_on)),
                                       (label("link"), record.link)], record.notes)

    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        hints = {"outlet": "如“人民政协报”“山西日报”；同名媒体在统计“报道媒体家数”时计一家",
                 "level": "中央级：人民政协报、人民日报等；省级、市级、县级按主办单位层级",
                 "link": "网址，或报纸的日期和版面，如“2024年6月1日第3版”"}
        return self.run_editor(item, "编辑媒体报道" if item else "登记媒体报道",
                               [Section("报道", ["title", "outlet", "level", "reported_on",
                                                 "link", "notes"])], hints=hints)


class PublicationsPage(RecordPage[Publication]):
    title = "文史资料"
    entities = ("publications",)
    search_hint = "搜索书刊名称或编印单位"
    empty_hint = "还没有文史资料。点击“新增”登记编印出版的文史书刊：名称、册数、字数和出版日期。"
    default_descending = True

    service_type = PublicationService

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "publications")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "publications")]

    def columns(self) -> list[Column]:
        return [field_column(PUBLICATION, "published_on", sort="published_on", width=90),
                field_column(PUBLICATION, "title", sort="title", width=260),
                Column("volumes", PUBLICATION.label_of("volumes"),
                       lambda p: f"{p.volumes}册" if p.volumes is not None else "", "volumes", 60),
                Column("words", PUBLICATION.label_of("words"), lambda p: _words(p.words),
                       None, 90),
                field_column(PUBLICATION, "editor_unit", width=160)]

    def default_filters(self) -> dict[str, Any]:
        return year_filter(self.ctx.db)

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [FilterSpec("year", "年度", lambda: years)]

    def detail_html(self, record: Publication) -> str:
        label = PUBLICATION.label_of
        volumes = f"{record.volumes}册" if record.volumes is not None else ""
        return _details(record.title, [(label("volumes"), volumes),
                                       (label("words"), _words(record.words)),
                                       (label("published_on"), day(record.published_on)),
                                       (label("editor_unit"), record.editor_unit)],
                        record.notes)

    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        hints = {"title": "如“《长治文史》第30辑”“《长子“国保”100问》”",
                 "words": "以万字计，如 32.5",
                 "volumes": "一套书的册数；期刊每期登记一条"}
        return self.run_editor(item, "编辑文史资料" if item else "登记文史资料",
                               [Section("文史资料", ["title", "volumes", "words", "published_on",
                                                     "editor_unit", "notes"])], hints=hints)


class PublicityPage(QWidget):
    """Two record pages in tabs: media reports and 文史 publications."""

    title = "宣传文史"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_PublicityPage")
        self.tabs = QTabWidget()
        self.media = MediaReportsPage(ctx)
        self.publications = PublicationsPage(ctx)
        self.tabs.addTab(self.media, "媒体报道")
        self.tabs.addTab(self.publications, "文史资料")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def record_pages(self) -> list[RecordPage]:
        return [self.media, self.publications]
