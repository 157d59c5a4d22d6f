"""The detail pane of a 社情民意信息: submitters, 本级编发, 上报 and 采用 per level, 批示 (a pure
function of the ``OpinionChain`` the service returns)."""

from __future__ import annotations

from html import escape

from app.domain.enums import OpinionStatus
from app.domain.schema import INSTRUCTION, OPINION, OPINION_FORWARD
from app.services.opinions import SUBMITTERS, OpinionChain
from ui.framework.html import GREEN, body_text, coloured, day, heading, link, note, para

OL = OPINION.label_of
F = OPINION_FORWARD.label_of


def opinion_html(c: OpinionChain) -> str:
    o = c.report
    e = escape
    parts = [f"<h2>{e(o.title)}</h2>",
             para(f"{OL('serial_no')}：{e(o.serial_no)}" if o.serial_no else "",
                  f"{OL('received_on')}：{day(o.received_on)}", e(o.category),
                  f"{OL('status')}：<b>{e(o.status.label)}</b>")]
    if c.channel_unit:
        parts.append(para(f"{OL('channel_unit_id')}：{e(c.channel_unit)}"))
    people = [link("members", s.member_id, c.members.get(s.member_id, f"委员{s.member_id}"))
              if s.member_id else e(f"{s.name}（非委员）") for s in o.submitters]
    parts.append(para(f"{SUBMITTERS}：" + ("、".join(people) if people else "未填写")))

    parts.append(heading("编发、上报和采用"))
    if o.issued_on:
        parts.append(para(f"本级编发：{day(o.issued_on)}，《社情民意》{o.bulletin_year}年"
                          f"第{o.bulletin_no}期"))
    elif o.status == OpinionStatus.ARCHIVED:
        parts.append(para("存档不采用"))
    for f in o.forwards:
        adopted = (coloured(f"{day(f.adopted_on)} 被{f.level.label}采用", GREEN)
                   + (f"（{e(f.outlet)}）" if f.outlet else "")) if f.adopted else "尚未采用"
        parts.append(para(f"{F('forwarded_on')} {day(f.forwarded_on)} 上报{e(f.level.label)}",
                          adopted))
    if not (o.issued_on or o.forwards or o.status == OpinionStatus.ARCHIVED):
        parts.append(note("尚未编发或上报。用上方“编发”“上报”按钮登记；"
                          "上级采用后点击“登记采用”。"))
    if c.instructions:
        parts.append(heading(f"{INSTRUCTION.label}（{len(c.instructions)}条）"))
        parts += [para(day(i.instructed_on), e(i.level.label), e(i.leader), e(i.gist))
                  for i in c.instructions]
    if o.notes:
        parts.append(heading(OL("notes")) + body_text(o.notes))
    if o.body:
        parts.append(heading(OL("body")) + body_text(o.body))
    return "".join(parts)
