"""提案 page: where every proposal stands (counts per 办理状态 above the list, overdue ones in
red), the proposal editor with the member picker and co-signers, and the handling chain as
buttons (``proposal_actions``) with the whole chain in the detail pane (``proposal_detail``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.domain.enums import ProposalStage, ProposalType, RefList, UnitKind
from app.domain.fields import FieldSpec
from app.domain.schema import PROPOSAL
from app.models import Proposal
from app.services.proposals import COSIGNERS, INTERIM, ProposalService, number_text, stage
from app.services.terms import SessionService
from ui.framework.columns import Column
from ui.framework.editor import RecordEditor, Section
from ui.framework.html import RED
from ui.framework.inputs import Input, ListInput, PickerInput
from ui.framework.options import Options, year_choices
from ui.framework.record_page import ExportChoice, ExtraButton, FilterSpec, RecordPage
from ui.pages.exchange_actions import (
    exchange_buttons,
    more_kind_buttons,
    records_export,
)
from ui.pages.print_tables import PROPOSAL_STATS, table_button
from ui.pages.proposal_actions import ProposalActions
from ui.pages.proposal_detail import overdue_days, proposal_html
from ui.widgets.member_picker import pick_members

FIELDS = ["term_id", "session_id", "number", "title", "category", "type", "lead_member_id",
          "collective_proposer", "channel_unit_id", "submitted_on"]
STICKY = ("term_id", "session_id", "submitted_on", "category")  # kept for the next new one


class ProposalsPage(RecordPage[Proposal]):
    title = "提案"
    entities = ("proposals", "departments", "members", "units")
    search_hint = "搜索案由、第一提案人或集体提案单位"
    empty_hint = ("还没有提案。点击“新增”录入，提案号按届次会议（或闭会期间）自动编排；"
                  "录入后用“办理”一行的按钮登记审查、交办、答复、评价和办结。"
                  "如果还没有设置届次和全体会议，请先到“系统设置”新增。")
    tally_filter = "stage"
    action_row_label = "办理："

    service_type = ProposalService

    def prepare(self) -> None:
        self.options = Options(self.ctx.db)
        self.workflow = ProposalActions(self)
        self._names: dict[int, str] = {}
        self._departments: dict[int, str] = {}
        self._last_new: dict[str, Any] = {}

    # ----- list ----------------------------------------------------------------------
    def reload(self) -> None:
        self._departments = {}  # read again when asked: a department may have been renamed
        self._names.clear()  # a member may have been renamed
        super().reload()

    def department_names(self) -> dict[int, str]:
        if not self._departments:
            self._departments = self.options.department_names()
        return self._departments

    def fetch_rows(self, ids: list[int]) -> list[Any]:
        """Plain rows with the names the list shows (``ProposalService.list_rows``)."""
        return self.service.list_rows(ids)

    def _proposer(self, p: Any) -> str:
        name = p.lead_name or p.collective_proposer
        return f"{name}等{p.cosigner_count + 1}人" if p.cosigner_count and name else name

    def _handling(self, p: Any) -> str:
        return "、".join(a.department_name or "" for a in p.assignments)

    def _due(self, p: Any) -> str:
        today = dt.date.today()
        open_rows = [a for a in p.assignments if a.replied_on is None]
        if p.closed_on or not open_rows:
            return ""
        late = max(overdue_days(a, p, today) for a in open_rows)
        return f"逾期{late}天" if late else f"{min(a.due_on for a in open_rows)}"

    def columns(self) -> list[Column]:
        return [
            Column("number", PROPOSAL.label_of("number"), number_text, "number", 140),
            Column("title", PROPOSAL.label_of("title"), lambda p: p.title, "title", 220),
            Column("proposer", "提案人", self._proposer, None, 96),
            Column("submitted", PROPOSAL.label_of("submitted_on"),  # key columns first
                   lambda p: f"{p.submitted_on}", "submitted_on", 86),
            Column("category", PROPOSAL.label_of("category"), lambda p: p.category, None, 80),
            Column("stage", "办理状态", lambda p: stage(p).label, None, 62),
            Column("departments", "承办单位", self._handling, None, 110),
            Column("due", "办理期限", self._due, None, 84),
            Column("flags", "标记", lambda p: "、".join(
                t for t, on in (("重点", p.is_key), ("优秀", p.is_excellent)) if on), None, 44),
        ]

    def row_colour(self, record: Any) -> str | None:
        """Overdue: a department's 办理期限 has passed without its reply."""
        today = dt.date.today()
        return RED if any(overdue_days(a, record, today) for a in record.assignments) else None

    def default_filters(self) -> dict[str, Any]:
        return self.options.year_filter()

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("session_id", "会议", lambda: [*self.options.sessions(),
                                                     ("闭会期间", INTERIM)]),
            FilterSpec("stage", "办理状态", lambda: [(s.label, s) for s in ProposalStage]),
            FilterSpec("category", "类别", lambda: self.options.ref(RefList.PROPOSAL_CATEGORY)),
            FilterSpec("type", "类型", lambda: [(t.label, t) for t in ProposalType]),
            FilterSpec("department_id", "承办单位", self.options.departments),
            FilterSpec("is_key", "重点提案", lambda: [("重点提案", True), ("非重点提案", False)]),
            FilterSpec("overdue", "逾期", lambda: [("逾期未答复", True)]),
        ]

    def extra_buttons(self) -> list[ExtraButton]:
        return list(self.workflow.buttons())

    def data_buttons(self) -> list[ExtraButton]:
        return [*exchange_buttons(self, "proposals"), table_button(self, [PROPOSAL_STATS]),
                *more_kind_buttons(self, "instructions"), *more_kind_buttons(self, "supervisions")]

    def export_choices(self) -> list[ExportChoice]:
        return [records_export(self, "proposals"),
                records_export(self, "instructions", "领导批示（完整记录，可修改后再导入）"),
                records_export(self, "supervisions", "提案督办（完整记录，可修改后再导入）")]

    def detail_html(self, record: Any) -> str:
        chain = self.service.chain(record.id)  # type: ignore[attr-defined]
        return proposal_html(chain, dt.date.today())

    # ----- editor --------------------------------------------------------------------
    def open_editor(self, record_id: int | None) -> bool:
        p = self.service.get(record_id) if record_id is not None else None
        o = self.options
        sections = [Section("提案", FIELDS), Section(COSIGNERS, ["cosigner_ids"]),
                    Section(PROPOSAL.label_of("body"), ["body"])]
        options = {"term_id": o.terms,
                   "session_id": lambda: [("闭会期间", None), *o.sessions()],
                   "category": lambda: o.ref(RefList.PROPOSAL_CATEGORY),
                   "channel_unit_id": lambda: o.units(UnitKind.SPECIAL_COMMITTEE)}
        inputs: dict[str, Input] = {
            "lead_member_id": PickerInput(PROPOSAL.fields["lead_member_id"], self._pick_lead,
                                          self._name, placeholder="点击“选择…”从委员名单中选择"),
            "cosigner_ids": ListInput(FieldSpec("cosigner_ids", COSIGNERS),
                                      [("添加联名人…", self._add_cosigners)], self._list_names),
        }
        values = {} if p is not None else self._new_values()
        hints = {
            "number": "留空则自动编号（每次会议一个序列，闭会期间另一个序列）",
            "session_id": "全体会议期间提交的选该次会议；会后提交的选“闭会期间”",
            "lead_member_id": "个人、联名提案必须选择；联名提案的其他委员在“联名人”页添加",
            "collective_proposer": "集体提案填写，如“民盟示范县委员会”“农业界别”",
            "cosigner_ids": "联名提案至少一位联名人，按签名顺序排列；个人提案不能有联名人",
        }

        def setup(editor: RecordEditor) -> None:
            for name in ("term_id", "session_id"):
                editor.inputs[name].widget.currentIndexChanged.connect(  # type: ignore[attr-defined]
                    lambda _i: self._show_next_number(editor))
            self._show_next_number(editor)

        saved = self.run_editor(p, f"编辑提案：{number_text(p)}" if p else "新增提案", sections,
                                options=options, values=values, inputs=inputs, hints=hints,
                                setup=setup, values_for=lambda r: {
                                    "cosigner_ids": [c.member_id for c in r.cosigners]})
        created_id = self.current_id() if saved and p is None else None
        if created_id is not None:
            created = self.service.get(created_id)
            self._last_new = {n: getattr(created, n) for n in STICKY}
        return saved

    def _new_values(self) -> dict[str, Any]:
        if self._last_new:
            return dict(self._last_new)
        today = dt.date.today()
        term_id = self.options.current_term_id()
        session_id = None  # 闭会期间, unless a plenary of the term began in the last 90 days
        if term_id is not None:
            svc = SessionService(self.ctx.db)
            for s in svc.fetch(svc.ids()):
                if s.term_id == term_id and s.start_on <= today <= s.start_on + dt.timedelta(90):
                    session_id = s.id
        return {"term_id": term_id, "session_id": session_id, "submitted_on": today,
                "type": ProposalType.INDIVIDUAL}

    def _show_next_number(self, editor: RecordEditor) -> None:
        term_id = editor.inputs["term_id"].value()
        number = editor.inputs["number"].widget
        if term_id is None:
            number.setPlaceholderText("留空自动编号")  # type: ignore[attr-defined]
            return
        n = self.service.next_number(term_id, editor.inputs["session_id"].value())  # type: ignore[attr-defined]
        number.setPlaceholderText(f"留空自动编号（下一个为第{n:03d}号）")  # type: ignore[attr-defined]

    # ----- members -------------------------------------------------------------------
    def _name(self, member_id: int) -> str:
        if member_id not in self._names:
            self._names.update(self.service.member_names([member_id]))  # type: ignore[attr-defined]
        return self._names.get(member_id, f"委员{member_id}")

    def _list_names(self, ids: list[int]) -> list[str]:
        return [self._name(i) for i in ids]

    def _pick_lead(self, current: int | None) -> int | None:
        ids = pick_members(self.ctx, "选择第一提案人", preselected=[current] if current else [],
                           single=True)
        return ids[0] if ids else None

    def _add_cosigners(self, present: list[Any]) -> list[tuple[Any, str]] | None:
        ids = pick_members(self.ctx, "添加联名人")
        return [(i, self._name(i)) for i in ids or [] if i not in present]
