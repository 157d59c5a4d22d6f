"""协商议事 page: the sessions held on 有事来商量 platforms (who took part, how many, what was
carried out) and, in a second tab, the platforms themselves (乡镇协商议事会, 村/社区协商议事室,
委员之家). Sessions come first: they are what a clerk enters week by week."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain.enums import PlatformLevel, UnitKind
from app.domain.fields import FieldSpec
from app.domain.schema import PLATFORM, PLATFORM_SESSION
from app.models import Platform, PlatformSession
from app.services.context import Changes
from app.services.platforms import MEMBERS, PlatformService, PlatformSessionService
from ui.framework.columns import Column, field_column
from ui.framework.context import PageContext
from ui.framework.editor import Section
from ui.framework.html import body_text, day, heading, link, note, table
from ui.framework.inputs import Input, ListInput
from ui.framework.options import Options, year_choices, year_filter
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import exchange_buttons, records_export
from ui.widgets.member_picker import pick_members

SESSION_FIELDS = ["platform_id", "held_on", "topic", "participants", "results_done",
                  "member_ids", "notes"]
PLATFORM_FIELDS = ["name", "level", "town", "unit_id", "established_on", "notes"]


def _number(value: int | None, unit: str) -> str:
    return f"{value}{unit}" if value is not None else ""


class PlatformSessionsPage(RecordPage[PlatformSession]):
    title = "协商议事活动"
    entities = ("platform_sessions", "platforms", "members")
    search_hint = "搜索议题、平台名称、乡镇或参加委员"
    empty_hint = ("还没有协商议事活动。先在“协商议事平台”页登记平台（如某村协商议事室），"
                  "再点击“新增”登记每次议事：议题、参加人数、参加委员和办成实事件数。")
    default_descending = True

    service_type = PlatformSessionService

    def prepare(self) -> None:
        self._names: dict[int, str] = {}
        self._platforms: dict[int, str] = {}
        self.platforms = PlatformService(self.ctx.db)

    def reload(self) -> None:
        self._names.clear()  # a member or a platform may have been renamed
        self._platforms = self.service.platform_names()  # type: ignore[attr-defined]
        super().reload()

    def fetch_rows(self, ids: list[int]) -> list[Any]:
        rows = self.service.fetch(ids)
        missing = {m.member_id for s in rows for m in s.members} - self._names.keys()
        self._names.update(self.service.member_names(missing))  # type: ignore[attr-defined]
        return rows

    def _members(self, s: PlatformSession) -> str:
        return "、".join(self._names.get(m.member_id, "") for m in s.members)

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "platform_sessions")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "platform_sessions")]

    def columns(self) -> list[Column]:
        return [
            field_column(PLATFORM_SESSION, "held_on", sort="held_on", width=90),
            Column("platform", PLATFORM_SESSION.label_of("platform_id"),
                   lambda s: self._platforms.get(s.platform_id, ""), None, 150),
            Column("level", PLATFORM.label_of("level"),
                   lambda s: s.platform.level.label if s.platform else "", None, 80),
            field_column(PLATFORM_SESSION, "topic", sort="topic", width=220),
            Column("participants", PLATFORM_SESSION.label_of("participants"),
                   lambda s: _number(s.participants, "人"), "participants", 64),
            Column("members", MEMBERS, self._members, None, 140),
            Column("results", PLATFORM_SESSION.label_of("results_done"),
                   lambda s: _number(s.results_done, "件"), None, 84),
        ]

    def default_filters(self) -> dict[str, Any]:
        return year_filter(self.ctx.db)

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("level", PLATFORM.label_of("level"),
                       lambda: [(lv.label, lv) for lv in PlatformLevel]),
            FilterSpec("platform_id", PLATFORM_SESSION.label_of("platform_id"),
                       self._platform_choices),
        ]

    def _platform_choices(self) -> list[tuple[str, Any]]:
        svc = self.platforms
        return [(p.name, p.id) for p in svc.fetch(svc.ids())]

    def _on_changes(self, changes: Changes) -> None:
        if changes.concerns("platforms"):  # a platform added or renamed: offer it to filter by
            box = self.filter_boxes["platform_id"]
            chosen = box.currentData()
            box.blockSignals(True)
            while box.count() > 1:
                box.removeItem(1)
            for text, value in self._platform_choices():
                box.addItem(text, value)
            box.setCurrentIndex(max(box.findData(chosen), 0) if chosen is not None else 0)
            box.blockSignals(False)
        super()._on_changes(changes)

    def detail_html(self, record: PlatformSession) -> str:
        label = PLATFORM_SESSION.label_of
        platform = record.platform
        where = (f"{platform.name}（{platform.level.label}"
                 f"{'，' + platform.town if platform.town else ''}）") if platform else ""
        rows = [[label("platform_id"), escape(where)],
                [label("held_on"), day(record.held_on)],
                [label("participants"), _number(record.participants, "人") or "（未填写）"],
                [label("results_done"), _number(record.results_done, "件") or "（未填写）"]]
        names = self.service.member_names(m.member_id for m in record.members)  # type: ignore[attr-defined]
        members = "、".join(link("members", m.member_id, names.get(m.member_id, ""))
                           for m in record.members)
        rows.append([MEMBERS, members or "（未登记）"])
        return (heading(record.topic) + table(["项目", "内容"], rows)
                + body_text(record.notes)
                + note("每位参加委员计一人次，计入“委员参与协商议事”；点击姓名可查看其履职档案。"))

    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        options = {"platform_id": self._platform_choices}
        members = ListInput(FieldSpec("member_ids", MEMBERS), [("选择委员…", self._add_members)],
                            self._describe)
        values: dict[str, Any] = ({"member_ids": [m.member_id for m in item.members]}
                                  if item is not None else {})
        hints = {"participants": "参加议事的全部人数（委员、群众和部门人员等），可不填",
                 "results_done": "通过协商落实、办成的实事件数，可不填",
                 "member_ids": "参加本次议事的政协委员，每人计一人次"}
        inputs: dict[str, Input] = {"member_ids": members}
        return self.run_editor(item, "编辑协商议事活动" if item else "登记协商议事活动",
                               [Section("议事", SESSION_FIELDS)], options=options,
                               values=values, inputs=inputs, hints=hints)

    def _describe(self, ids: list[int]) -> list[str]:
        missing = set(ids) - self._names.keys()
        self._names.update(self.service.member_names(missing))  # type: ignore[attr-defined]
        return [self._names.get(i, f"委员{i}") for i in ids]

    def _add_members(self, present: list[Any]) -> list[tuple[Any, str]] | None:
        ids = [i for i in pick_members(self.ctx, "选择参加议事的委员") or [] if i not in present]
        return list(zip(ids, self._describe(ids), strict=True))


class PlatformsPage(RecordPage[Platform]):
    title = "协商议事平台"
    entities = ("platforms", "platform_sessions", "units")
    search_hint = "搜索平台名称或乡镇"
    empty_hint = ("还没有协商议事平台。点击“新增”登记乡镇协商议事会、村（社区）协商议事室"
                  "或委员之家。")

    service_type = PlatformService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)
        self._counts: dict[int, int] = {}
        self._units: dict[int, str] = {}

    def reload(self) -> None:
        self._units = {value: text for text, value in self.options.all_units()}
        super().reload()

    def fetch_rows(self, ids: list[int]) -> list[Any]:
        counts = self.service.session_counts(ids)  # type: ignore[attr-defined]
        self._counts.update({i: counts.get(i, 0) for i in ids})
        return self.service.fetch(ids)

    def data_buttons(self) -> list[ExtraButton]:
        return exchange_buttons(self, "platforms")

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "platforms")]

    def columns(self) -> list[Column]:
        return [
            field_column(PLATFORM, "name", sort="name", width=200),
            field_column(PLATFORM, "level", sort="level", width=90),
            field_column(PLATFORM, "town", sort="town", width=110),
            Column("unit", PLATFORM.label_of("unit_id"),
                   lambda p: self._units.get(p.unit_id or 0, ""), None, 130),
            field_column(PLATFORM, "established_on", sort="established_on", width=90),
            Column("sessions", "议事活动", lambda p: f"{self._counts.get(p.id, 0)}次", None, 70),
        ]

    def filter_specs(self) -> list[FilterSpec]:
        return [FilterSpec("level", PLATFORM.label_of("level"),
                           lambda: [(lv.label, lv) for lv in PlatformLevel]),
                FilterSpec("unit_id", PLATFORM.label_of("unit_id"), self._unit_choices)]

    def _unit_choices(self) -> list[tuple[str, Any]]:
        return self.options.units(UnitKind.LIAISON_GROUP, UnitKind.MEMBER_HOME,
                                  UnitKind.MEMBER_STUDIO, UnitKind.SPECIAL_COMMITTEE,
                                  UnitKind.SECTOR_GROUP, UnitKind.OFFICE, UnitKind.OTHER)

    def detail_html(self, record: Platform) -> str:
        label = PLATFORM.label_of
        counts = self.service.session_counts([record.id])  # type: ignore[attr-defined]
        rows = [[label("level"), record.level.label],
                [label("town"), escape(record.town) or "（未填写）"],
                [label("unit_id"), escape(self._units.get(record.unit_id or 0, "（未填写）"))],
                [label("established_on"), day(record.established_on) or "（未填写）"],
                ["协商议事活动", f"{counts.get(record.id, 0)}次"]]
        return (heading(record.name) + table(["项目", "内容"], rows) + body_text(record.notes)
                + note("本平台的议事活动在“协商议事活动”页登记和查看。"))

    def open_editor(self, record_id: int | None) -> bool:
        item = self.service.get(record_id) if record_id is not None else None
        hints = {"name": "如“东关村协商议事室”“城关镇协商议事会”",
                 "town": "平台所在的乡镇（街道），统计和筛选用",
                 "unit_id": "负责联系该平台的乡镇联络组、委员之家等，按机构统计时用"}
        return self.run_editor(item, "编辑协商议事平台" if item else "新增协商议事平台",
                               [Section("平台", PLATFORM_FIELDS)],
                               options={"unit_id": self._unit_choices}, hints=hints)


class ConsultationPlatformsPage(QWidget):
    """Two record pages in tabs: the sessions (first) and the platforms."""

    title = "协商议事"

    def __init__(self, ctx: PageContext) -> None:
        super().__init__()
        self.setObjectName("page_ConsultationPlatformsPage")
        self.tabs = QTabWidget()
        self.sessions = PlatformSessionsPage(ctx)
        self.platforms = PlatformsPage(ctx)
        self.tabs.addTab(self.sessions, "协商议事活动")
        self.tabs.addTab(self.platforms, "协商议事平台")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def record_pages(self) -> list[RecordPage]:
        return [self.sessions, self.platforms]
