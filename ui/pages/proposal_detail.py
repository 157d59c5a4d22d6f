"""The detail pane of a proposal: its whole handling chain as HTML (a pure function of the
``ProposalChain`` the service returns and of today's date)."""

from __future__ import annotations

import datetime as dt
from html import escape

from app.domain.enums import ReviewStatus, Satisfaction
from app.domain.schema import INSTRUCTION, PROPOSAL, PROPOSAL_ASSIGNMENT
from app.models import Proposal, ProposalAssignment
from app.services.proposal_stage import REPLYING, is_supervised
from app.services.proposals import COSIGNERS, ProposalChain, number_text, stage
from ui.framework.html import GREEN, RED, body_text, coloured, day, heading, link, note, para

P = PROPOSAL.label_of
PA = PROPOSAL_ASSIGNMENT.label_of
SATISFACTION_COLOUR = {Satisfaction.SATISFIED: GREEN, Satisfaction.BASICALLY: GREEN,
                       Satisfaction.UNSATISFIED: RED}


def overdue_days(a: ProposalAssignment, p: Proposal, today: dt.date) -> int:
    """Days past the 办理期限 of an unreplied assignment of an open proposal (0: not overdue)."""
    if p.closed_on is not None or a.replied_on is not None or a.due_on >= today:
        return 0
    return (today - a.due_on).days


def proposal_html(c: ProposalChain, today: dt.date) -> str:
    p = c.proposal
    e = escape
    flags = [coloured("重点提案", RED) if p.is_key else "",
             coloured("优秀提案", GREEN) if p.is_excellent else ""]
    parts = [f"<h2>{e(p.title)}</h2>",
             para(e(number_text(p)), e(f"{p.type.label}提案"), e(p.category),
                  f"当前：<b>{e(stage(p).label)}</b>", *flags)]
    parts.append(para(_proposers(c)))
    facts = [f"{P('submitted_on')}：{day(p.submitted_on)}",
             f"{P('channel_unit_id')}：{e(c.channel_unit)}" if c.channel_unit else ""]
    parts.append(para(*facts))
    parts.append(_review(c))
    parts.append(_assignments(p, c, today))
    if p.closed_on:
        parts.append(para(f"<b>{P('closed_on')}：{day(p.closed_on)}</b>"))
    parts.append(_supervision(p))
    if c.instructions:
        parts.append(heading(f"{INSTRUCTION.label}（{len(c.instructions)}条）"))
        parts += [para(day(i.instructed_on), e(i.level.label), e(i.leader), e(i.gist))
                  for i in c.instructions]
    if p.body:
        parts.append(heading(P("body")))
        parts.append(body_text(p.body))
    return "".join(parts)


def _proposers(c: ProposalChain) -> str:
    p = c.proposal
    out = []
    if p.lead_member_id:
        name = c.members.get(p.lead_member_id, f"委员{p.lead_member_id}")
        out.append(f"{P('lead_member_id')}：{link('members', p.lead_member_id, name)}")
    if p.collective_proposer:
        out.append(f"{P('collective_proposer')}：{escape(p.collective_proposer)}")
    if p.cosigners:
        names = "、".join(link("members", s.member_id, c.members.get(s.member_id, ""))
                         for s in p.cosigners)
        out.append(f"{COSIGNERS}（{len(p.cosigners)}人）：{names}")
    return "<br>".join(out)


def _review(c: ProposalChain) -> str:
    p = c.proposal
    if p.review_status == ReviewStatus.PENDING:
        return note("尚未审查。审查后点击上方“审查”按钮登记结果（立案、不予立案、并案等）。")
    parts = [heading("审查"),
             para(f"{P('review_status')}：<b>{escape(p.review_status.label)}</b>",
                  f"{P('reviewed_on')}：{day(p.reviewed_on)}")]
    if p.review_note:
        parts.append(para(f"{P('review_note')}：{escape(p.review_note)}"))
    if c.merged_into:
        parts.append(para(f"{P('merged_into_id')}：{link('proposals', *c.merged_into)}"))
    if c.merged_here:
        parts.append(para("并入本提案：" + "；".join(link("proposals", i, t)
                                                   for i, t in c.merged_here)))
    return "".join(parts)


def _assignments(p: Proposal, c: ProposalChain, today: dt.date) -> str:
    if not p.assignments:
        if p.review_status == ReviewStatus.ACCEPTED and p.closed_on is None:
            return note("已立案，尚未交办。点击“交办”选择承办单位。")
        return ""
    parts = [heading(f"交办与答复（{len(p.assignments)}个承办单位）")]
    for a in p.assignments:
        late = overdue_days(a, p, today)
        due = f"{PA('due_on')} {day(a.due_on)}" + (
            "　" + coloured(f"逾期{late}天未答复", RED) if late else "")
        lines = [f"<b>{escape(c.departments.get(a.department_id, ''))}</b>"
                 f"（{escape(a.role.label)}）　{PA('assigned_on')} {day(a.assigned_on)}　{due}"]
        if a.replied_on:
            reply = [f"{day(a.replied_on)} 答复",
                     f"{a.reply_class.value}类" if a.reply_class else "",
                     f"文号 {escape(a.reply_doc_no)}" if a.reply_doc_no else ""]
            lines.append("　".join(r for r in reply if r))
        elif a.role in REPLYING:
            lines.append("尚未答复")
        else:
            lines.append(f"{escape(a.role.label)}单位意见送主办单位，由主办单位答复")
        if a.satisfaction:
            lines.append(f"{PA('satisfaction')}：" + coloured(
                a.satisfaction.label, SATISFACTION_COLOUR[a.satisfaction])
                + f"（{day(a.evaluated_on)}）" + (f"　{escape(a.evaluation_note)}"
                                                  if a.evaluation_note else ""))
        parts.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(parts)


def _supervision(p: Proposal) -> str:
    parts = []
    if p.is_key or p.supervision_level is not None or p.supervisor:
        level = p.supervision_level.label if p.supervision_level else "未定督办层级"
        head = f"{P('is_key')}：" if p.is_key else f"{P('supervision_level')}："
        parts.append(para(f"{head}{escape(level)}",
                          f"{P('supervisor')}：{escape(p.supervisor)}" if p.supervisor else ""))
    for s in p.supervisions:
        parts.append(para(day(s.supervised_on), escape(s.level.label), escape(s.leader),
                          escape(s.form), escape(s.notes)))
    if not parts:
        return ""
    title = ("重点提案与督办" if p.is_key else "督办") if is_supervised(p) else "重点提案"
    count = f"（督办{len(p.supervisions)}次）" if p.supervisions else ""
    return heading(title + count) + "".join(parts)
