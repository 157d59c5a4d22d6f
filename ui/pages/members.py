"""委员 page: the roster with filters, the member editor and the 履职档案 in the detail pane."""

from __future__ import annotations

from typing import Any

from app.domain.enums import RefList, UnitKind
from app.domain.identity import identity_or_none
from app.domain.privacy import mask_field
from app.domain.schema import MEMBER, MEMBER_TERM
from app.models import Member
from app.reports.dossier import member_dossier
from app.services.members import MemberService
from ui.framework.columns import Column
from ui.framework.editor import RecordEditor, Section
from ui.framework.options import Options
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import (
    exchange_buttons,
    records_export,
)
from ui.pages.member_detail import dossier_html
from ui.pages.print_tables import MEMBER_STATS, ROSTER, table_button

SEAT_FIELDS = ("sector_id", "post", "is_standing", "standing_since", "origin", "joined_on",
               "left_on", "left_reason", "left_note")


class MembersPage(RecordPage[Member]):
    title = "委员"
    entities = ("members", "sectors", "units", "member_terms", "participations", "proposals",
                "opinion_reports", "honors")
    search_hint = "搜索姓名、拼音首字母（如 zl）或工作单位"
    empty_hint = "本届还没有委员。点击“新增”录入；如果还没有设置届次，请先到“系统设置”新增本届。"

    service_type = MemberService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)
        self._sector_names: dict[int, str] = {}
        self._show_sensitive = False
        self.term_id = self._current_term()

    def _current_term(self) -> int | None:
        """The term set as current in 系统设置, or the latest one (kept until a change)."""
        return self.options.current_term_id()

    def reload(self) -> None:
        shown = (self._show_sensitive, self.term_id)
        self._show_sensitive = self.ctx.settings.show_sensitive()
        self._sector_names = self.options.sector_names()
        self.term_id = self._current_term()
        if shown != (self._show_sensitive, self.term_id):
            self._keep_rows = False  # the rows' texts depend on both: read them again
        super().reload()

    def seat(self, member: Member) -> Any:
        return next((t for t in member.terms if t.term_id == self.term_id), None)

    def columns(self) -> list[Column]:
        def sector(m: Member) -> str:
            seat = self.seat(m)
            return self._sector_names.get(seat.sector_id, "") if seat and seat.sector_id else ""

        def post(m: Member) -> str:
            seat = self.seat(m)
            return seat.post.label if seat else ""

        def status(m: Member) -> str:
            seat = self.seat(m)
            if seat is None:
                return "非本届"
            if seat.left_on:
                reason = seat.left_reason.label if seat.left_reason else "离任"
                return f"已{reason}（{seat.left_on:%Y-%m-%d}）"
            return "在任"

        def phone(m: Member) -> str:
            # read on the GUI thread at reload: list export evaluates columns in a worker thread
            return m.mobile if self._show_sensitive else mask_field(MEMBER, "mobile", m.mobile)

        return [
            Column("name", "姓名", lambda m: m.name, "strokes", 80),
            Column("gender", "性别", lambda m: m.gender.label if m.gender else "", None, 44),
            Column("birth", "出生年月", lambda m: f"{m.birth_date:%Y.%m}" if m.birth_date else "",
                   "birth_date", 72),
            Column("party", "党派", lambda m: m.party, None, 80),
            Column("sector", "界别", sector, None, 110),
            Column("post", "政协职务", post, None, 70),
            Column("status", "状态", status, None, 120),  # key columns first: seen at 1366
            Column("work", MEMBER.label_of("work_unit_post"), lambda m: m.work_unit_post,
                   "work_unit_post", 260),
            Column("mobile", MEMBER.label_of("mobile"), phone, None, 100),
        ]

    def data_buttons(self) -> list[ExtraButton]:
        return [*exchange_buttons(self, "members"), table_button(self, [ROSTER, MEMBER_STATS])]

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "members")]

    def sort_choices(self) -> list[tuple[str, str]]:
        return [("按姓氏笔画排序", "strokes"), ("按拼音排序", "pinyin")]

    def default_filters(self) -> dict[str, Any]:
        return {"term_id": self.term_id} if self.term_id is not None else {}

    def filter_specs(self) -> list[FilterSpec]:
        o = self.options
        return [
            FilterSpec("term_id", "届次", o.terms),
            FilterSpec("sector_id", "界别", o.sectors),
            FilterSpec("group_id", "界别组", lambda: o.units(UnitKind.SECTOR_GROUP)),
            FilterSpec("party", "党派", lambda: o.ref(RefList.PARTY)),
            FilterSpec("standing", "常委", lambda: [("常委", True), ("非常委", False)]),
            FilterSpec("unit_id", "专委会", lambda: o.units(UnitKind.SPECIAL_COMMITTEE)),
            FilterSpec("liaison_id", "联络组", lambda: o.units(UnitKind.LIAISON_GROUP)),
            FilterSpec("status", "状态", lambda: [("在任", "active"), ("已离任", "left")]),
        ]

    def year_scores(self, year: int) -> Any:
        """The year's 履职考核 scores for the 履职档案, kept until the next change anywhere."""
        from app.scoring.engine import year_scores

        cache: dict[int, Any] = self.__dict__.setdefault("_year_scores", {})
        if year not in cache:
            cache[year] = year_scores(self.ctx.db, year)
        return cache[year]

    def _on_changes(self, changes: Any) -> None:
        self.__dict__.pop("_year_scores", None)
        super()._on_changes(changes)

    def detail_html(self, record: Any) -> str:
        return dossier_html(member_dossier(self.ctx.db, record.id, self.year_scores),
                            show_sensitive=self.ctx.settings.show_sensitive())

    def open_editor(self, record_id: int | None) -> bool:
        member = self.service.get(record_id) if record_id is not None else None

        def seat_values(record: Any) -> dict[str, Any]:
            seat = self.seat(record)
            return {f"seat.{n}": getattr(seat, n) for n in SEAT_FIELDS} if seat else {}

        sections: list[Section] = [
            Section("基本信息", ["name", "gender", "ethnicity", "birth_date", "native_place",
                             "party", "party_joined_on", "id_number", "member_card_no",
                             "sort_number"]),
            Section("工作和学历", ["work_unit_post", "employer_type", "professional_title",
                              "title_level", "education", "degree", "school_major",
                              "work_started_on"]),
            Section("联系方式", ["mobile", "office_phone", "address", "postcode", "email"]),
        ]
        if self.term_id is not None:
            sections.append(Section("本届任职", SEAT_FIELDS, MEMBER_TERM, "seat"))
        sections.append(Section("其他", ["other_posts", "expertise", "resume", "notes"]))
        o = self.options
        options = {
            "ethnicity": lambda: o.ref(RefList.ETHNICITY),
            "party": lambda: o.ref(RefList.PARTY),
            "education": lambda: o.ref(RefList.EDUCATION),
            "degree": lambda: o.ref(RefList.DEGREE),
            "title_level": lambda: o.ref(RefList.TITLE_LEVEL),
            "employer_type": lambda: o.ref(RefList.EMPLOYER_TYPE),
            "seat.sector_id": o.sectors,
        }

        def add_term(data: dict[str, Any]) -> None:
            if "seat" in data:
                data["seat"]["term_id"] = self.term_id

        def setup(editor: RecordEditor) -> None:
            id_input = editor.inputs["id_number"].widget
            id_input.editingFinished.connect(lambda: _fill_from_id(editor))  # type: ignore[attr-defined]

        title = f"编辑委员：{member.name}" if member else "新增委员"
        return self.run_editor(member, title, sections, options=options, values_for=seat_values,
                               before_save=add_term, setup=setup)


def _fill_from_id(editor: RecordEditor) -> None:
    """Typing a valid ID number fills an empty birth date and gender at once."""
    info = identity_or_none(editor.data().get("id_number") or "")
    if info is None:
        return
    data = editor.data()
    for name, value in info.fills(data.get("birth_date") or None, data.get("gender")).items():
        editor.set(name, value)
