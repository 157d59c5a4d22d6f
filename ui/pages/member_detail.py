"""The 履职档案 of a member as HTML for the detail pane (a pure function of the dossier)."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import Any

from app.domain.enums import Attendance
from app.domain.privacy import mask_field
from app.domain.schema import MEMBER
from app.domain.scoring import fmt_points
from app.reports.dossier import Dossier
from ui.theme import colour

NO_YEAR = 0  # proposals without a 提交日期 are listed last, under 未填日期


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return (f"<table cellspacing='0' cellpadding='3' border='1' style='border-collapse:collapse;"
            f"border-color:{colour('border')}'><tr style='background:{colour('header_bg')}'>"
            f"{head}</tr>{body}</table>")


def _year_label(year: int) -> str:
    return f"{year}年" if year != NO_YEAR else "未填提交日期"


def _records_by_year(d: Dossier) -> list[str]:
    """Every record of the member, grouped by year, newest year first, each year counted.

    Nothing is cut off: a clerk entering last year's work must find every line of it here.
    A contents line at the top links to each year (anchors ``#yYYYY``)."""
    e = escape
    shade = {Attendance.PRESENT: colour("ok"), Attendance.EXCUSED: colour("warn"),
             Attendance.ABSENT: colour("error")}
    years: dict[int, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for p in d.participations:
        years[p.start_on.year]["events"].append(p)
    for pr in d.proposals:
        years[d.proposal_years.get(pr.proposal_id, NO_YEAR)]["proposals"].append(pr)
    for o in d.opinions:
        years[o.received_on.year]["opinions"].append(o)
    for h in d.honors:
        years[h.awarded_on.year]["honors"].append(h)
    if not years:
        return []
    order = sorted(years, key=lambda y: (y == NO_YEAR, -y))
    units = (("events", "会议和活动", "次"), ("proposals", "提案", "件"),
             ("opinions", "社情民意", "篇"), ("honors", "表彰", "项"))

    def summary(year: int) -> str:
        return "，".join(f"{name}{len(years[year][key])}{unit}"
                        for key, name, unit in units if years[year].get(key))

    out = ["<h3>逐年履职记录</h3><p>" + "<br>".join(
        f"<a href='#y{y}'>{_year_label(y)}</a>：{e(summary(y))}" for y in order) + "</p>"]
    for y in order:
        group = years[y]
        out.append(f"<a name='y{y}'></a><h3 style='white-space:nowrap'>"
                   f"{_year_label(y)}（{e(summary(y))}）</h3>")
        if group.get("events"):
            rows = sorted(group["events"], key=lambda p: p.start_on, reverse=True)
            out.append(f"<h4>会议和活动（{len(rows)}次）</h4>")
            out.append(_table(["日期", "名称", "类型", "出席情况"], [
                [_nowrap(f"{p.start_on}"),
                 f"<a href='page:events?id={p.event_id}'>{e(p.title)}</a>", e(p.kind_name),
                 f"<span style='color:{shade[p.attendance]}'>{e(p.attendance.label)}</span>"
                 + (e(f"（{p.leave_reason}）") if p.leave_reason else "")] for p in rows]))
        if group.get("proposals"):
            rows = group["proposals"]
            out.append(f"<h4>提案（{len(rows)}件）</h4>")
            out.append(_table(["提案号", "案由", "身份", "办理情况", "承办单位", "答复"], [
                [_nowrap(e(p.number_text)),
                 f"<a href='page:proposals?id={p.proposal_id}'>{e(p.title)}</a>",
                 e(p.role_label), e(p.stage_label), e("、".join(p.departments)),
                 e("、".join(p.reply_classes))] for p in rows]))
        if group.get("opinions"):
            rows = sorted(group["opinions"], key=lambda o: o.received_on, reverse=True)
            out.append(f"<h4>社情民意信息（{len(rows)}篇）</h4>")
            out.append(_table(["收到日期", "标题", "上报", "采用", "批示"], [
                [_nowrap(f"{o.received_on}"),
                 f"<a href='page:opinions?id={o.opinion_id}'>{e(o.title)}</a>",
                 e("、".join(lv.label for lv in o.forwarded_levels)),
                 e("、".join(lv.label for lv in o.adopted_levels)),
                 str(o.instruction_count or "")] for o in rows]))
        if group.get("honors"):
            rows = sorted(group["honors"], key=lambda h: h.awarded_on, reverse=True)
            out.append(f"<h4>表彰（{len(rows)}项）</h4>")
            out.append(_table(["日期", "荣誉", "级别", "授予单位"], [
                [_nowrap(f"{h.awarded_on}"), e(h.title), e(h.level), e(h.awarding_body)]
                for h in rows]))
    return out


def _nowrap(text: str) -> str:
    """Dates and years must not wrap ("202/5") in the narrow pane."""
    return f"<span style='white-space:nowrap'>{text}</span>"


def dossier_html(d: Dossier, *, show_sensitive: bool = False) -> str:
    m = d.member
    e = escape
    parts = [f"<h2>{e(m.name)}</h2>"]
    facts = [m.gender.label if m.gender else "", m.ethnicity,
             f"{m.birth_date:%Y.%m}生" if m.birth_date else "", m.party, m.education]
    parts.append(f"<p>{e('，'.join(f for f in facts if f))}</p>")
    if m.work_unit_post:
        parts.append(f"<p>{e(m.work_unit_post)}</p>")
    phone = m.mobile if show_sensitive else mask_field(MEMBER, "mobile", m.mobile)
    id_no = m.id_number if show_sensitive else mask_field(MEMBER, "id_number", m.id_number)
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
            [[_nowrap(str(y.year)), str(y.invited), str(y.present), str(y.excused), str(y.absent),
              str(y.proposals_lead), str(y.proposals_cosigned), str(y.opinions),
              str(y.opinions_adopted), str(y.honors)] for y in d.years]))
    if d.scores:
        parts.append("<h3>履职考核</h3>")
        parts.append(_table(["年度", "总分", "名次", "等次", "最低履职要求"], [
            [_nowrap(str(sc_year)), fmt_points(sc.total), str(sc.rank), e(sc.grade.label),
             "完成" if sc.minimum_met else
             f"<span style='color:{colour('error')}'>{e('；'.join(sc.missing))}</span>"]
            for sc_year, sc in d.scores]))
        latest_year, latest = d.scores[0]
        items = "；".join(f"{i.label}{fmt_points(i.points)}分" for i in latest.items)
        parts.append(f"<p>{latest_year}年度得分明细：{e(items)}。"
                     f"<span style='color:{colour('muted')}'>"
                     "每一分依据的记录见“履职考核”页。</span></p>")
    parts.extend(_records_by_year(d))
    if not (d.participations or d.proposals or d.opinions or d.honors):
        parts.append(f"<p style='color:{colour('muted')}'>暂无履职记录。"
                     "会议活动的参加人员、提案和社情民意"
                     "录入后会自动出现在这里。</p>")
    return "".join(parts)
