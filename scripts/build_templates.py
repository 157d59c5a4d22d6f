"""Write the built-in Word templates into resources/templates/ (GB/T 9704 layout).

    python scripts/build_templates.py            # all templates
    python scripts/build_templates.py 提案汇编   # one

The .docx files are committed: they are user-editable material (a clerk copies and edits them
in Word or WPS); this script is how they are regenerated after a change. Each tag is typed in
one run, and every 【待补充：…】 is highlighted, as the template authoring rules ask.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docx.document import Document  # noqa: E402

from app.reports.docmeta import add_font_table, set_east_asian_language, used_fonts  # noqa: E402
from app.reports.gongwen import (  # noqa: E402
    add_row,
    cover_section,
    new_document,
    outline,
    page_break,
    para,
    section_break,
    table,
    toc_field,
)
from app.text._resources import template_path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))

from template_narratives import P, _head, _lines, work_report, year_review  # noqa: E402

__all__ = ["P", "work_report", "year_review"]


def proposal_report() -> Document:
    d = new_document()
    _head(d, "{{ committee.name }}常务委员会关于{{ period.about }}提案工作情况的报告",
          speaker="【待补充：报告人】")
    _lines(d, [
        ("称谓", "各位委员："),
        "现在，我代表{{ committee.name }}常务委员会，向大会报告{{ period.about }}的提案工作情况"
        "，请予审议。",
        ("Heading 1", "一、提案提出和审查情况"),
        "{{ period.about }}，{% if proposals.received %}{{ clauses(\"共收到提案\" ~ "
        "proposals.received ~ \"件\", proposals.received.yoy) }}{% else %}没有收到提案"
        "{% endif %}。{% if proposals.by_type %}其中，"
        "{{ proposals.by_type.phrases }}。{% endif %}"
        "{% if proposals.accepted %}经审查，{{ clauses(\"立案\" ~ proposals.accepted ~ \"件\", "
        "\"立案率\" ~ proposals.accept_rate) }}"
        "{% if proposals.merged %}；并案处理{{ proposals.merged }}件{% endif %}"
        "{% if proposals.converted %}；转为意见建议{{ proposals.converted }}件{% endif %}"
        "{% if proposals.rejected %}；不予立案{{ proposals.rejected }}件{% endif %}"
        "{% if proposals.withdrawn %}；撤案{{ proposals.withdrawn }}件{% endif %}"
        "{% if proposals.pending %}；尚待审查{{ proposals.pending }}件{% endif %}。{% endif %}"
        "{% if proposals.proposers %}{{ proposals.proposers }}名委员参与提出提案。{% endif %}"
        "{% if proposals.by_category %}立案提案按内容分类如下：{% endif %}",
        "{%p if proposals.by_category %}",
    ])
    widths = [70.0, 40.0, 40.0]
    t = table(d, widths, ["类别", "件数", "占比"])
    add_row(d, t, ["{%tr for c in proposals.by_category %}"], widths, merge=True)
    add_row(d, t, ["{{ c.row_label }}", "{{ c }}", "{{ c.share }}"], widths, center=(1, 2))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    add_row(d, t, ["合计", "{{ proposals.accepted }}", "100%"], widths, center=(0, 1, 2))
    _lines(d, [
        ("图表", "{{ chart(proposals.by_category) }}"),
        "{%p endif %}",
        "【待补充：提案选题的特点分析】",
        ("Heading 1", "二、提案办理和督办情况"),
        "{%p if proposals.accepted %}",
        "{% if proposals.departments %}立案提案交由{{ proposals.departments }}家承办单位办理。"
        "{% endif %}{% if proposals.replied %}截至{{ period.as_of }}，已办复"
        "{{ proposals.replied }}件，办复率{{ proposals.reply_rate }}。{% endif %}"
        "{% if proposals.by_reply_class %}从办理结果看，{% for c in proposals.by_reply_class %}"
        "{{ c.row_label }}{{ c }}件，占{{ c.share }}{% if loop.last %}。{% else %}；{% endif %}"
        "{% endfor %}{% endif %}{% if proposals.evaluated %}提案者对答复进行评价"
        "{{ proposals.evaluated }}件，其中{{ clauses(proposals.satisfied and \"满意\" ~ "
        "proposals.satisfied ~ \"件\", proposals.basically_satisfied and \"基本满意\" ~ "
        "proposals.basically_satisfied ~ \"件\", proposals.unsatisfied and \"不满意\" ~ "
        "proposals.unsatisfied ~ \"件\")|replace(\"，\", \"、\") }}，满意率"
        "{{ proposals.satisfaction_rate }}。{% endif %}",
        "{%p endif %}",
        # 督办提案 are this period's proposals; 开展督办 counts visits by their date: two
        # cohorts, two sentences
        "{%p if proposals.key or proposals.supervised or proposals.supervision_visits %}",
        "{% if proposals.key %}确定重点提案{{ proposals.key }}件，"
        "【待补充：重点提案的遴选和领衔督办安排】。{% endif %}"
        "{% if proposals.supervised %}{{ clauses(\"督办提案\" ~ proposals.supervised ~ \"件\", "
        "proposals.supervised_by_department and \"重点督办\" ~ "
        "proposals.supervised_by_department.top(3) ~ \"等承办单位办理的提案\") }}。{% endif %}"
        "{% if proposals.supervision_visits %}{{ period.whole }}开展督办"
        "{{ proposals.supervision_visits }}次。{% endif %}"
        "{% if lists.key_proposals %}重点提案如下：{% endif %}",
        "{%p endif %}",
        "{%p if lists.key_proposals %}",
    ])
    widths = [14.0, 22.0, 48.0, 24.0, 24.0, 24.0]
    t = table(d, widths, ["序号", "提案号", "案由", "提案人", "主办单位", "督办领导"])
    add_row(d, t, ["{%tr for p in lists.key_proposals %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ p.no }}", "{{ p.title }}", "{{ p.proposer }}",
                   "{{ p.departments }}", "{{ p.supervisor }}"], widths, center=(0, 1))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, ["{%p endif %}"])
    _lines(d, [
        ("Heading 1", "三、提案工作的主要成效"),
        "【待补充：提案推动解决的问题和取得的成效，如“《关于……的建议》（第N号）推动了……”】",
        "{%p if lists.excellent_proposals %}",
        "{{ period.about }}评选优秀提案{{ proposals.excellent }}件：{% for p in lists.excellent"
        "_proposals %}"
        "《{{ p.title }}》（{{ p.no }}，{{ p.proposer }}）{% if loop.last %}。{% else %}；{% en"
        "dif %}"
        "{% endfor %}",
        "{%p endif %}",
        ("Heading 1", "四、存在的问题"), "【待补充：提案工作存在的问题】",
        ("Heading 1", "五、下一步工作"), "【待补充：今后的工作打算】",
        "各位委员，【待补充：结束语】",
    ])
    return d


def proposal_compilation() -> Document:
    d = new_document()
    _lines(d, [("居中", ""), ("居中", ""), ("Title", "{{ session.full_name }}"),
               ("Title", "提案汇编"), ("居中", ""),
               ("居中", "{{ committee.plain_name }}提案委员会编"),
               ("居中", "{{ today }}")])
    cover_section(d)  # the cover has no page number; numbering starts at 1 after it
    _lines(d, [
        ("部分标题", "编印说明"),
        "{{ session.full_name }}于{{ session.dates }}召开。会议期间，委员和参加政协的各单位共提"
        "出提案"
        "{{ session.received }}件，经提案审查委员会审查，立案{{ session.accepted }}件"
        "{% if session.key %}，其中确定重点提案{{ session.key }}件{% endif %}。",
        "本汇编收录立案提案{{ session.accepted }}件，按类别分组，各类别内按提案号顺序编排，每件"
        "提案列明"
        "提案号、案由、提案人、承办单位和提案内容。提案内容以提案人提交的文本为准。【待补充：其他需要说明的事项】",
    ])
    page_break(d)
    _lines(d, [("部分标题", "目　录")])
    toc_field(d, "1-2", "（目录在 Word 或 WPS 中打开时自动生成页码；如未显示，"
                        "请在此处点右键选“更新域”。）")
    page_break(d)
    _lines(d, [("部分标题", "提案一览")])
    widths = [17.0, 71.0, 34.0, 34.0]
    t = table(d, widths, ["提案号", "案由", "提案人", "承办单位"])
    add_row(d, t, ["{%tr for c in categories %}"], widths, merge=True)
    add_row(d, t, ["{{ c.name }}（{{ c.count }}件）"], widths, style="表头", merge=True)
    add_row(d, t, ["{%tr for p in c.proposals %}"], widths, merge=True)
    add_row(d, t, ["{{ p.num }}", "{{ p.title }}", "{{ p.proposer }}", "{{ p.departments }}"],
            widths, center=(0,))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    page_break(d)
    # categories and proposal titles carry outline levels: the 目录 (TOC field) lists them
    para(d, "{%p for c in categories %}")
    outline(para(d, "{{ c.name }}", "部分标题"), 0)
    para(d, "{%p for p in c.proposals %}")
    outline(para(d, "{{ p.title }}", "分节标题"), 1)
    _lines(d, [
        ("居中连排", "{{ p.no }}　提案人：{{ p.proposer }}"),
        ("信息行", "类别：{{ p.category }}　　提案类型：{{ p.type }}"),
        ("信息行", "承办单位：{{ p.departments }}"
                   "{% if p.assist %}（协办：{{ p.assist }}）{% endif %}"),
        "{%p for t in p.paragraphs %}",
        "{{ t }}",
        "{%p endfor %}",
        ("居中", ""),
        "{%p endfor %}",
        "{%p endfor %}",
    ])
    return d


def _record_table(d: Document, rows: str, columns: list[tuple[str, str, float]],
                  empty: str) -> None:
    """A table of one member's records, or a sentence when there are none."""
    widths = [w for _h, _c, w in columns]
    para(d, f"{{%p if {rows} %}}")
    t = table(d, widths, [h for h, _c, _w in columns])
    add_row(d, t, [f"{{%tr for r in {rows} %}}"], widths, merge=True)
    add_row(d, t, [c for _h, c, _w in columns], widths)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, ["{%p else %}", empty, "{%p endif %}"])


def member_dossier() -> Document:
    d = new_document()
    _lines(d, ["{%p for m in members %}", ("Title", "委员履职档案"),
               ("Subtitle", "（{{ period.label }}）"), ("居中", "")])
    widths = [30.0, 48.0, 30.0, 48.0]
    t = table(d, widths)
    for cells in (["姓名", "{{ m.name }}", "性别", "{{ m.gender }}"],
                  ["民族", "{{ m.ethnicity }}", "出生年月", "{{ m.birth }}"],
                  ["党派", "{{ m.party }}", "学历", "{{ m.education }}"],
                  ["界别", "{{ m.sector }}", "政协职务", "{{ m.post }}"],
                  ["届次", "{{ m.term }}", "任职日期", "{{ m.joined }}"]):
        add_row(d, t, cells, widths, center=(0, 2))
    add_row(d, t, ["工作单位及职务", "{{ m.work }}", "", ""], widths, center=(0,))
    add_row(d, t, ["所在机构", "{{ m.units }}", "", ""], widths, center=(0,))
    for r in t.rows[-2:]:
        r.cells[1].merge(r.cells[3])
    _lines(d, [("Heading 1", "一、履职情况统计")])
    t = table(d, [50.0, 28.0, 50.0, 28.0], ["项目", "数量", "项目", "数量"])
    for cells in (["应参加会议活动", "{{ m.invited }}次", "出席", "{{ m.present }}次"],
                  ["请假", "{{ m.excused }}次", "缺席", "{{ m.absent }}次"],
                  ["出席会议和协商", "{{ m.meetings_present }}次", "参加履职活动",
                   "{{ m.activities_present }}次"],
                  ["提交提案（第一提案人）", "{{ m.proposals_lead }}件", "联名提案",
                   "{{ m.proposals_cosigned }}件"],
                  ["提案立案", "{{ m.proposals_accepted }}件", "重点提案",
                   "{{ m.proposals_key }}件"],
                  ["报送社情民意信息", "{{ m.opinions }}篇", "信息被采用",
                   "{{ m.opinions_adopted }}篇"],
                  ["会议发言", "{{ m.speeches }}次", "获得表彰", "{{ m.honors }}项"]):
        add_row(d, t, cells, [50.0, 28.0, 50.0, 28.0], center=(1, 3))
    _lines(d, [("Heading 1", "二、参加会议和活动")])
    _record_table(d, "m.event_list", [("日期", "{{ r.date }}", 36.0),
                                      ("名称", "{{ r.title }}", 72.0),
                                      ("类型", "{{ r.kind }}", 22.0),
                                      ("出席情况", "{{ r.attendance }}", 26.0)],
                  "统计期间内没有参加会议活动的记录。")
    _lines(d, [("Heading 1", "三、提交提案")])
    _record_table(d, "m.proposal_list", [("提案号", "{{ r.number }}", 34.0),
                                         ("案由", "{{ r.title }}", 54.0),
                                         ("方式", "{{ r.role }}", 20.0),
                                         ("办理状态", "{{ r.status }}", 18.0),
                                         ("承办单位", "{{ r.departments }}", 30.0)],
                  "统计期间内没有提出提案。")
    _lines(d, [("Heading 1", "四、反映社情民意")])
    _record_table(d, "m.opinion_list", [("日期", "{{ r.date }}", 36.0),
                                        ("标题", "{{ r.title }}", 78.0),
                                        ("采用情况", "{{ r.adoption }}", 42.0)],
                  "统计期间内没有报送社情民意信息。")
    _lines(d, [("Heading 1", "五、获得表彰")])
    _record_table(d, "m.honor_list", [("日期", "{{ r.date }}", 36.0),
                                      ("荣誉名称", "{{ r.title }}", 60.0),
                                      ("级别", "{{ r.level }}", 18.0),
                                      ("授予单位", "{{ r.body }}", 42.0)],
                  "统计期间内没有获得表彰的记录。")
    _lines(d, [("Heading 1", "六、履职小结"), "【待补充：本人履职情况小结（可由委员本人填写）】",
               "{%p if not loop.last %}"])
    section_break(d)  # each member's own section: page numbers start at 1 for everyone
    _lines(d, ["{%p endif %}", "{%p endfor %}"])
    return d


def sign_in() -> Document:
    d = new_document()
    _lines(d, [("Title", "{{ event.sheet_title }}"), ("居中", "时间：{{ event.dates }}"),
               ("居中", "地点：{{ event.place }}"), ("居中", "")])
    widths = [14.0, 24.0, 54.0, 40.0, 24.0]
    t = table(d, widths, ["序号", "姓名", "界别", "签　名", "备注"])
    add_row(d, t, ["{%tr for a in attendees %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ a.name }}", "{{ a.sector }}", "", "{{ a.note }}"],
            widths, style="表格文字大", center=(0, 1), height_mm=11)
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [("居中", ""),
               ("称谓", "应到{{ event.invited }}人，实到＿＿＿人，请假{{ event.excused }}人。")])
    return d


def member_bulletin() -> Document:
    """委员年度履职情况通报 (履职考核, app/scoring): figures, 优秀 list, optional missed list."""
    d = new_document()
    _lines(d, [
        ("Title", "关于{{ bulletin.year }}年度委员履职情况的通报"), ("居中", ""),
        ("称谓", "各位委员："),
        "根据《{{ committee.plain_name }}委员履职考核办法》【待补充：办法文号】，"
        "{{ committee.short }}对全体委员{{ bulletin.year }}年度履职情况进行了考核，"
        "经【待补充：常委会议或主席会议名称】审议，现将有关情况通报如下。",
        ("Heading 1", "一、总体情况"),
        "{{ bulletin.year }}年，广大委员【待补充：全年履职总体评价】。"
        "{% if proposals.received %}全年共提交提案{{ proposals.received }}件，{% endif %}"
        "{% if opinions.received %}报送社情民意信息{{ opinions.received }}篇，{% endif %}"
        "全年共组织各类会议和活动{{ events.total }}次。",
        "本年度共有{{ scoring.assessed }}名委员参加履职考核，平均得分{{ scoring.average }}分。"
        "按照{{ bulletin.grading }}的办法，评定优秀{{ scoring.excellent }}名、良好"
        "{{ scoring.good }}名、称职{{ scoring.competent }}名"
        "{% if scoring.poor %}、不称职{{ scoring.poor }}名{% endif %}。"
        "{{ scoring.minimum_met }}名委员完成了年度最低履职要求（{{ bulletin.minimum }}），"
        "占参加考核委员的{{ scoring.minimum_rate }}。",
        ("Heading 1", "二、履职考核优秀委员"),
        "经考核，以下{{ scoring.excellent }}名委员年度履职考核等次为优秀，予以通报表扬"
        "（按姓氏笔画排列）：",
    ])
    widths = [14.0, 30.0, 60.0, 26.0, 26.0]
    t = table(d, widths, ["序号", "姓名", "界别", "得分", "名次"])
    add_row(d, t, ["{%tr for m in excellent %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ m.name }}", "{{ m.sector }}", "{{ m.total }}",
                   "{{ m.rank }}"], widths, center=(0, 1, 3, 4))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p if sector_groups %}",
        "各界别组考核情况如下（按平均得分排列）：",
        "{%p endif %}",
    ])
    widths = [14.0, 52.0, 24.0, 30.0, 36.0]
    t = table(d, widths, ["名次", "界别组", "人数", "平均得分", "优秀人数"])
    add_row(d, t, ["{%tr for g in sector_groups %}"], widths, merge=True)
    add_row(d, t, ["{{ g.rank }}", "{{ g.name }}", "{{ g.members }}", "{{ g.average }}",
                   "{{ g.excellent }}"], widths, center=(0, 2, 3, 4))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p if bulletin.include_missed %}",
        ("Heading 1", "三、未完成最低履职要求的委员"),
        "以下委员未完成{{ bulletin.year }}年度最低履职要求，请认真对照《委员履职考核办法》，"
        "切实增强履职意识：",
    ])
    widths = [14.0, 30.0, 50.0, 62.0]
    t = table(d, widths, ["序号", "姓名", "界别", "未完成的要求"])
    add_row(d, t, ["{%tr for m in missed %}"], widths, merge=True)
    add_row(d, t, ["{{ loop.index }}", "{{ m.name }}", "{{ m.sector }}", "{{ m.missing }}"],
            widths, center=(0, 1))
    add_row(d, t, ["{%tr endfor %}"], widths, merge=True)
    _lines(d, [
        "{%p endif %}",
        ("Heading 1", "{% if bulletin.include_missed %}四{% else %}三{% endif %}、有关要求"),
        "希望受到通报表扬的委员珍惜荣誉、再接再厉；全体委员以先进为榜样，【待补充：对全体委员"
        "的要求】，为{{ committee.region }}高质量发展贡献智慧和力量。",
        ("居中", ""),
        ("署名", "{{ committee.plain_name }}办公室"),
        ("署名", "{{ today }}"),
    ])
    return d


TEMPLATES: dict[str, Callable[[], Document]] = {
    "常委会工作报告": work_report, "年度工作回眸": year_review, "提案工作情况报告": proposal_report,
    "提案汇编": proposal_compilation, "委员履职档案": member_dossier, "会议签到表": sign_in,
    "委员年度履职情况通报": member_bulletin,
}  # fmt: skip


def main(names: list[str]) -> int:
    folder = template_path()
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(TEMPLATES):
        doc = TEMPLATES[name]()
        doc.core_properties.title = name
        doc.core_properties.author = "政协履职工作台"
        doc.core_properties.comments = "内置模板；模板标记的写法见 docs/REPORTS.md"
        set_east_asian_language(doc)
        add_font_table(doc, used_fonts(doc))
        path = folder / f"{name}.docx"
        doc.save(str(path))
        print(f"已生成 {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
