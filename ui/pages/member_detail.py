"""The 履职档案 of a member as HTML for the detail pane (a pure function of the dossier)."""

from __future__ import annotations

from html import escape

from app.domain.enums import Attendance
from app.scoring.catalog import fmt_points
from app.services.dossier import Dossier
from app.text.idcard import mask_id_number
from app.text.phone import mask_phone
from ui.theme import colour

SHOWN = 30  # rows per section; the rest are counted


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse;"
            f"border-color:{colour('border')}'><tr style='background:{colour('header_bg')}'>"
            f"{head}</tr>{body}</table>")


def _more(total: int) -> str:
    if total <= SHOWN:
        return ""
    return f"<p style='color:{colour('muted')}'>……另有 {total - SHOWN} 条未列出</p>"


def dossier_html(d: Dossier, *, show_sensitive: bool = False) -> str:
    m = d.member
    e = escape
    parts = [f"<h2>{e(m.name)}</h2>"]
    facts = [m.gender.label if m.gender else "", m.ethnicity,
             f"{m.birth_date:%Y.%m}生" if m.birth_date else "", m.party, m.education]
    parts.append(f"<p>{e('，'.join(f for f in facts if f))}</p>")
    if m.work_unit_post:
        parts.append(f"<p>{e(m.work_unit_post)}</p>")
    phone = m.mobile if show_sensitive else mask_phone(m.mobile)
    id_no = m.id_number if show_sensitive else mask_id_number(m.id_number)
    contact = [f"手机：{phone}" if m.mobile else "", f"身份证号：{id_no}" if m.id_number else ""]
    if any(contact):
        shown = e('　'.join(c for c in contact if c))
        parts.append(f"<p style='color:{colour('muted')}'>{shown}</p>")

    if d.seats:
        parts.append("<h3>届次与任职</h3>")
        parts.append(_table(["届次", "界别", "政协职务", "产生方式", "任职", "离任"], [
            [e(s.term), e(s.sector), e(s.post + ("（常委）" if s.standing and s.post != "常委"
                                                 else "")),
             e(s.origin), f"{s.joined_on or ''}",
             e(f"{s.left_reason} {s.left_on}") if s.left_on else ""] for s in d.seats]))
    if d.units:
        parts.append("<h3>所在机构</h3><p>" + e("；".join(f"{u}（{r}）" for u, r in d.units))
                     + "</p>")
    if d.years:
        parts.append("<h3>逐年履职统计</h3>")
        parts.append(_table(
            ["年度", "应参加", "出席", "请假", "缺席", "领衔提案", "联名提案", "社情民意",
             "被采用", "受表彰"],
            [[str(y.year), str(y.invited), str(y.present), str(y.excused), str(y.absent),
              str(y.proposals_lead), str(y.proposals_cosigned), str(y.opinions),
              str(y.opinions_adopted), str(y.honors)] for y in d.years]))
    if d.scores:
        parts.append("<h3>履职考核</h3>")
        parts.append(_table(["年度", "总分", "名次", "等次", "最低履职要求"], [
            [str(sc_year), fmt_points(sc.total), str(sc.rank), e(sc.grade.label),
             "完成" if sc.minimum_met else
             f"<span style='color:{colour('error')}'>{e('；'.join(sc.missing))}</span>"]
            for sc_year, sc in d.scores]))
        latest_year, latest = d.scores[0]
        items = "；".join(f"{i.label}{fmt_points(i.points)}分" for i in latest.items)
        parts.append(f"<p>{latest_year}年度得分明细：{e(items)}。"
                     f"<span style='color:{colour('hint')}'>每一分依据的记录见“履职考核”页。"
                     "</span></p>")
    if d.participations:
        parts.append(f"<h3>会议和活动（{len(d.participations)}次）</h3>")
        shade = {Attendance.PRESENT: colour("ok"), Attendance.EXCUSED: colour("warn"),
                 Attendance.ABSENT: colour("error")}
        parts.append(_table(["日期", "名称", "类型", "出席情况"], [
            [f"{p.start_on}", f"<a href='page:events?id={p.event_id}'>{e(p.title)}</a>",
             e(p.kind_name),
             f"<span style='color:{shade[p.attendance]}'>{e(p.attendance.label)}</span>"
             + (e(f"（{p.leave_reason}）") if p.leave_reason else "")]
            for p in d.participations[:SHOWN]]))
        parts.append(_more(len(d.participations)))
    if d.proposals:
        parts.append(f"<h3>提案（{len(d.proposals)}件）</h3>")
        parts.append(_table(["提案号", "案由", "身份", "办理情况", "承办单位", "答复"], [
            [e(p.number_text), f"<a href='page:proposals?id={p.proposal_id}'>{e(p.title)}</a>",
             e(p.role_label), e(p.stage_label), e("、".join(p.departments)),
             e("、".join(p.reply_classes))] for p in d.proposals[:SHOWN]]))
        parts.append(_more(len(d.proposals)))
    if d.opinions:
        parts.append(f"<h3>社情民意信息（{len(d.opinions)}篇）</h3>")
        parts.append(_table(["收到日期", "标题", "上报", "采用", "批示"], [
            [f"{o.received_on}", f"<a href='page:opinions?id={o.opinion_id}'>{e(o.title)}</a>",
             e("、".join(lv.label for lv in o.forwarded_levels)),
             e("、".join(lv.label for lv in o.adopted_levels)),
             str(o.instruction_count or "")] for o in d.opinions[:SHOWN]]))
        parts.append(_more(len(d.opinions)))
    if d.honors:
        parts.append(f"<h3>表彰（{len(d.honors)}项）</h3>")
        parts.append(_table(["日期", "荣誉", "级别", "授予单位"], [
            [f"{h.awarded_on}", e(h.title), e(h.level), e(h.awarding_body)] for h in d.honors]))
    if not (d.participations or d.proposals or d.opinions or d.honors):
        parts.append(f"<p style='color:{colour('muted')}'>暂无履职记录。"
                     "会议活动的参加人员、提案和社情民意"
                     "录入后会自动出现在这里。</p>")
    return "".join(parts)
