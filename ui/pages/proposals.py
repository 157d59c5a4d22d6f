"""提案 page: where every proposal stands, with the proposal editor."""

from __future__ import annotations

from html import escape
from typing import Any

from app.domain.enums import ProposalStage, ProposalType, RefList
from app.domain.schema import PROPOSAL
from app.models import Proposal
from app.services.crud import RecordService
from app.services.proposals import ProposalService, number_text, stage
from app.services.status import latest_year
from ui.framework.columns import Column
from ui.framework.editor import Section
from ui.framework.options import Options, year_choices
from ui.framework.record_page import FilterSpec, RecordPage


class ProposalsPage(RecordPage):
    title = "提案"
    entities = ("proposals", "departments", "members")
    search_hint = "搜索案由、提案人或集体提案单位"
    empty_hint = "还没有提案。点击“新增”录入，提案号会按届次会议自动编排。"

    def make_service(self) -> RecordService[Any]:
        self.options = Options(self.ctx.db)
        return ProposalService(self.ctx.db)

    def columns(self) -> list[Column]:
        return [
            Column("number", "提案号", lambda p: number_text(p), "number", 170),
            Column("title", PROPOSAL.label_of("title"), lambda p: p.title, "title", 320),
            Column("type", "类型", lambda p: p.type.label, None, 50),
            Column("category", PROPOSAL.label_of("category"), lambda p: p.category, None, 100),
            Column("stage", "办理状态", lambda p: stage(p).label, None, 80),
            Column("key", "重点", lambda p: "重点" if p.is_key else "", None, 44),
            Column("submitted", "提交日期", lambda p: f"{p.submitted_on}", "submitted_on", 90),
        ]

    def default_filters(self) -> dict[str, Any]:
        year = latest_year(self.ctx.db, "proposals")
        return {"year": year} if year else {}

    def filter_specs(self) -> list[FilterSpec]:
        years = year_choices()
        return [
            FilterSpec("year", "年度", lambda: years),
            FilterSpec("stage", "办理状态", lambda: [(s.label, s) for s in ProposalStage]),
            FilterSpec("category", "类别", lambda: self.options.ref(RefList.PROPOSAL_CATEGORY)),
            FilterSpec("type", "类型", lambda: [(t.label, t) for t in ProposalType]),
            FilterSpec("is_key", "重点提案", lambda: [("重点提案", True)]),
            FilterSpec("overdue", "逾期", lambda: [("逾期未答复", True)]),
        ]

    def detail_html(self, p: Proposal) -> str:
        e = escape
        parts = [f"<h2>{e(p.title)}</h2>",
                 f"<p>{e(number_text(p))}　{e(p.type.label)}提案　{e(p.category)}　"
                 f"当前：<b>{e(stage(p).label)}</b></p>"]
        if p.collective_proposer:
            parts.append(f"<p>提案单位：{e(p.collective_proposer)}</p>")
        departments = dict((v, t) for t, v in self.options.departments())
        for a in p.assignments:
            reply = (f"{a.replied_on} 答复（{a.reply_class.value}类）" if a.replied_on
                     else f"办理期限 {a.due_on}")
            feel = f"，{a.satisfaction.label}" if a.satisfaction else ""
            name = departments.get(a.department_id, "")
            parts.append(f"<p>{e(a.role.label)}：{e(name)}，{e(reply)}{e(feel)}</p>")
        if p.body:
            parts.append(f"<p style='white-space:pre-wrap'>{e(p.body)}</p>")
        return "".join(parts)

    def open_editor(self, record_id: int | None) -> bool:
        proposal = self.service.get(record_id) if record_id is not None else None
        sections = [Section("提案", ["term_id", "session_id", "number", "title", "category",
                                     "type", "lead_member_id", "collective_proposer",
                                     "submitted_on", "body"])]
        options = {"term_id": self.options.terms,
                   "category": lambda: self.options.ref(RefList.PROPOSAL_CATEGORY),
                   "session_id": self._sessions, "lead_member_id": self._members}

        return self.run_editor(proposal, "编辑提案" if proposal else "新增提案", sections,
                               options=options)

    def _sessions(self) -> list[tuple[str, Any]]:
        from app.services.terms import SessionService

        svc = SessionService(self.ctx.db)
        return [(svc.describe(s), s.id) for s in svc.fetch(svc.ids())]

    def _members(self) -> list[tuple[str, Any]]:
        from app.services.crud import ListQuery
        from app.services.members import MemberService

        svc = MemberService(self.ctx.db)
        active = svc.ids(ListQuery(filters={"status": "active"}))
        return [(m.name, m.id) for m in svc.fetch(active)]

