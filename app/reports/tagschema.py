"""What a template may write: every name, attribute and list field of the context of each
kind of document, with its Chinese label and an example. Template validation checks tags
against it, and the field reference (字段说明) is printed from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from app.reports.figures import (
    BREAKDOWNS,
    REGISTRY,
    SUBJECT_FIGURES,
    Breakdown,
    Figure,
    breakdowns,
    figures,
    subject_figures,
)
from app.reports.lists import LISTS


@dataclass
class Node:
    label: str
    example: str = ""
    kind: str = "value"  # value | object | list | figure | breakdown | function | method
    children: dict[str, Node] = field(default_factory=dict)
    item: Node | None = None  # what a list (or breakdown) yields
    returns: Node | None = None  # what a function or method gives
    note: str = ""
    key: str = ""  # registry key of a figure or breakdown


def value(label: str, example: str = "", note: str = "") -> Node:
    return Node(label, example, note=note)


def obj(label: str, children: dict[str, Node], note: str = "") -> Node:
    return Node(label, kind="object", children=children, note=note)


def listing(label: str, item: Node, note: str = "") -> Node:
    return Node(label, kind="list", item=item, note=note)


TEXT = value("文字")

# The forms of every figure: {{ proposals.accepted.approx }} …
FIGURE_ATTRS: dict[str, Node] = {
    "text": value("精确值（与直接写指标相同）", "236"),
    "with_unit": value("带单位", "236件"),
    "approx": value("约数“N余”", "230余"),
    "jin": value("约数“近N”", "近500"),
    "yue_wan": value("约数“约N万”", "约160万"),
    "chao": value("约数“超N亿/万”", "超213亿"),
    "cn": value("中文数字", "二百三十六"),
    "small": value("小数目用中文（两、三…十）", "两"),
    "yoy": value("与上年比较（上年没有记录时为空）", "比上年增加12件"),
    "yoy_pct": value("与上年比较（百分比；上年没有记录时为空）", "增长5.4%"),
    "has_prev": value("上年同期有无记录（可以比较）", "是"),
    "change": value("比上年增减的数值", "12"),
    "value": value("数值（用于判断和比较，不直接打印）", "236"),
    "label": value("指标名称", "立案"),
    "unit": value("单位", "件"),
    "definition": value("统计口径", ""),
    "key": value("指标代号", "proposals.accepted"),
}


def _figure_node(fig: Figure | None, label: str = "", unit: str = "") -> Node:
    node = Node(fig.label if fig else label, kind="figure", children=dict(FIGURE_ATTRS),
                note=fig.definition if fig else "", key=fig.key if fig else "")
    node.children["prev"] = Node("上年同期的同一指标", kind="figure", children=FIGURE_ATTRS)
    node.children["percent_of"] = Node("占另一指标的百分比：percent_of(proposals.replied)",
                                       "50.7%", kind="method", returns=value("百分比", "50.7%"))
    return node


def _row_node(b: Breakdown) -> Node:
    row = _figure_node(None, f"{b.label}的一项", b.unit)
    row.children.pop("prev")
    row.children.update(share=value("占合计的百分比", "18.3%"),
                        phrase=value("名称加数值加单位", "市政协105篇"),
                        row_label=value("这一项的名称", "经济发展"))
    return row


def _breakdown_node(b: Breakdown) -> Node:
    row = _row_node(b)
    return Node(b.label, kind="breakdown", item=row, key=b.key, note=b.definition, children={
        "phrases": value("各项连写（只列有数的项）", "市政协105篇、省政协42篇、全国政协15篇"),
        "top": Node("前几项的名称：top(3)", kind="method",
                    returns=value("名称", "住建、农业、教育")),
        "total": _figure_node(None, "合计", b.unit),
        "label": value("分类统计名称", b.label),
    })


PREFIX_LABELS = {
    "events": "会议活动", "participations": "出勤", "outcomes": "协商调研成果",
    "members": "委员队伍",
    "honors": "表彰", "opinions": "社情民意信息", "proposals": "提案", "study": "学习活动",
    "activities": "协商监督和会议", "service": "服务为民", "homes": "委员之家",
    "studios": "委员工作室", "platforms": "协商议事", "publications": "文史资料",
    "media": "媒体报道", "scoring": "履职考核",
}  # fmt: skip


def figure_nodes(prefix_filter: set[str] | None = None) -> dict[str, Node]:
    """``proposals``, ``opinions`` …: one object per key prefix, with its figures."""
    out: dict[str, Node] = {}
    for fig in figures():
        prefix, name = fig.key.split(".", 1)
        label = PREFIX_LABELS.get(prefix, fig.group)
        out.setdefault(prefix, obj(label, {})).children[name] = _figure_node(fig)
    for b in breakdowns():
        prefix, name = b.key.split(".", 1)
        if prefix in out:
            out[prefix].children[name] = _breakdown_node(b)
    if prefix_filter is not None:
        out = {k: v for k, v in out.items() if k in prefix_filter}
    return out


def subject_nodes(subject: str) -> dict[str, Node]:
    nodes = {f.key.split(".", 1)[1]: _figure_node(f) for f in subject_figures(subject)}
    for b in breakdowns():
        if b.key.startswith(f"{subject}."):
            nodes[b.key.split(".", 1)[1]] = _breakdown_node(b)
    return nodes


def _lists_node() -> Node:
    return obj("记录清单", {name: listing(d.label, obj(d.label, {
        k: value(v) for k, v in d.fields.items()})) for name, d in LISTS.items()},
        note="用 {% for x in lists.key_proposals %} … {% endfor %} 逐条列出")


COMMITTEE = obj("本级政协", {
    "name": value("政协全称（含届次）", "政协第十届示范县委员会"),
    "plain_name": value("政协全称（不含届次）", "政协示范县委员会"),
    "formal_name": value("正式全称", "中国人民政治协商会议第十届示范县委员会"),
    "region": value("行政区划", "示范县"),
    "region_short": value("政协简称（带地名）", "示范县政协"),
    "parent_region": value("上级行政区划", "示范市"),
    "place_word": value("县/市/区", "县"), "short": value("简称", "县政协"),
    "party_committee": value("同级党委", "中共示范县委"), "party_short": value("党委简称", "县委"),
    "government": value("同级政府", "示范县人民政府"),
    "government_short": value("政府简称", "县政府"), "congress_short": value("人大简称", "县人大"),
    "founded_year": value("政协成立年份", "1984"),
    "age": value("到统计年度成立的年数", "41"),
    "anniversary": value("到下一年度成立的年数（工作安排用）", "42"),
    "round_age": value("统计年度是否逢五逢十周年", "否"),
    "round_anniversary": value("下一年度是否逢五逢十周年", "否"),
    "cppcc_age": value("下一年度人民政协成立的年数", "77"),
})  # fmt: skip
PERIOD = obj("统计期间", {
    "label": value("期间名称", "2025年"),
    "about": value("“关于…”的写法", "2025年 / 十届四次会议以来"),
    "since": value("起始全体会议", "十届四次会议"), "kind": value("期间类型", "year"),
    "start": value("开始日期", "2025年1月1日"), "end": value("截止日期", "2025年12月31日"),
    "span": value("起止日期", "2025年1月1日至2025年12月31日"), "year": value("年度", "2025"),
    "plan_year": value("下一年度", "2026"), "review_title": value("回顾部分标题", "2025年工作回顾"),
    "plan_title": value("安排部分标题", "2026年工作安排"), "previous": value("上年同期", "2024年"),
    "whole": value("统计用语：全年（公历年度）/ 十届四次会议以来 / 期间", "全年"),
    "lead": value("段首用语：一年来 / 十届四次会议以来 / …期间", "一年来"),
    "year_word": value("句中用语：“全年”（公历年度）或空", "全年"),
    "as_of": value("截至日期（期末，全文只用这一个）", "2025年12月31日"),
})  # fmt: skip
SESSION_FIELDS = {
    "exists": value("数据库中有这次会议", "是"), "name": value("会议简称", "十届五次会议"),
    "full_name": value("会议全称", "政协第十届示范县委员会第五次会议"),
    "number": value("次（中文）", "五"), "term_number": value("届（中文）", "十"),
    "date": value("开幕日期", "2026年1月8日"), "start": value("开幕日期", "2026年1月8日"),
    "end": value("闭幕日期", "2026年1月10日"), "dates": value("会期", "2026年1月8日至10日"),
    "place": value("地点", "示范县会议中心"),
}  # fmt: skip


@cache
def common_roots() -> dict[str, Node]:
    roots = figure_nodes()
    roots.update(
        committee=COMMITTEE, period=PERIOD,
        term=obj("届次", {"number": value("届（中文）", "十"), "name": value("届次", "第十届")}),
        scope=obj("统计范围", {"label": value("范围名称", "全会"), "unit": value("单位名称", "")}),
        today=value("今天", "2026年1月5日"), speaker=value("报告人（主席）", "吴磊"),
        session=obj("全体会议（报告在此会上作；汇编为所编的会议）",
                    {**SESSION_FIELDS, **subject_nodes("session")}),
        lists=_lists_node(),
        todo=Node("待补充占位：todo(\"本年工作总体要求\")", kind="function",
                  returns=value("【待补充：…】", "【待补充：本年工作总体要求】")),
        chart=Node("图表：chart(proposals.by_category)", kind="function",
                   returns=value("条形图图片")),
        clauses=Node("连写几个分句，数为零的分句自动略去："
                     "clauses(x and \"开展视察\" ~ x ~ \"次\", …)",
                     kind="function", returns=value("分句", "开展视察7次，调研8次")),
    )  # fmt: skip
    return roots


def _member_item() -> Node:
    fields = {k: value(v) for k, v in {
        "name": "姓名", "gender": "性别", "ethnicity": "民族", "birth": "出生年月", "party": "党派",
        "education": "学历", "degree": "学位", "title": "职称", "work": "工作单位及职务",
        "native_place": "籍贯", "term": "届次", "sector": "界别", "post": "政协职务",
        "standing": "是否常委", "joined": "任职日期", "origin": "产生方式",
        "units": "所在机构及职务",
    }.items()}  # fmt: skip
    row = {"date": value("日期"), "title": value("名称/标题")}
    fields.update(
        event_list=listing("参加的会议活动", obj("会议活动", {
            **row, "kind": value("类型"), "attendance": value("出席情况"), "role": value("角色")})),
        proposal_list=listing("提出的提案", obj("提案", {
            "number": value("提案号"), "title": value("案由"), "role": value("方式"),
            "status": value("办理状态"), "departments": value("承办单位"),
            "reply": value("答复类别")})),
        opinion_list=listing("报送的社情民意信息",
                             obj("信息", {**row, "adoption": value("采用情况")})),
        honor_list=listing("获得的表彰", obj("表彰", {
            **row, "level": value("级别"), "body": value("授予单位")})),
    )
    fields.update(subject_nodes("member"))
    return obj("委员", fields)


def kind_roots(kind: str) -> dict[str, Node]:
    """The names a template of ``kind`` may use (shared ones plus the kind's own)."""
    roots = dict(common_roots())
    if kind == "year-review":
        section = {k: v for k, v in figure_nodes().items()}
        section.update(
            name=value("单位名称", "提案委员会"), short_name=value("简称", "提案委"),
            kind=value("单位类型", "专门委员会"), is_office=value("是否办公室"),
            is_research=value("是否研究室（研究中心）"), is_committee=value("是否专门委员会"),
            handles_proposals=value("是否提案委员会"),
            handles_opinions=value("是否研究室（负责全会社情民意信息）"),
            self_word=value("本单位的自称", "本委"), lists=_lists_node())
        roots["units"] = listing("各单位（办公室、研究室和各专门委员会）", obj("单位", section),
                                 note="单位自己的数字：u.study.sessions、u.outcomes.items …")
    elif kind == "proposal-compilation":
        proposal = obj("提案", {**{k: value(v) for k, v in LISTS["key_proposals"].fields.items()},
                              "num": value("提案号（数字）", "5"),
                              "body": value("提案正文"), "type": value("提案类型"),
                              "submitted": value("提交日期"),
                              "paragraphs": listing("正文各段", TEXT)})
        roots["categories"] = listing("按类别分组的立案提案", obj("类别", {
            "name": value("类别", "经济发展"),
            "count": _row_node(BREAKDOWNS["session.by_category"]),
            "proposals": listing("该类别的提案", proposal)}))
    elif kind == "member-dossier":
        roots["members"] = listing("委员（一位或全体）", _member_item())
    elif kind == "sign-in":
        roots["event"] = obj("会议活动", {
            **{k: value(v) for k, v in {
                "title": "名称", "kind": "类型", "place": "地点", "date": "日期",
                "dates": "起止日期",
                "organizer": "组织单位", "sheet_title": "签到表标题"}.items()},
            **subject_nodes("event")})
        roots["attendees"] = listing("参加人员", obj("参加人员", {k: value(v) for k, v in {
            "name": "姓名（两字姓名中间加空格）", "plain_name": "姓名", "sector": "界别",
            "work": "工作单位及职务", "role": "角色", "attendance": "出席情况",
            "note": "备注（请假）", "leave_reason": "请假事由"}.items()}))
    elif kind == "member-bulletin":
        roots["bulletin"] = obj("履职考核", {k: value(v, e) for k, (v, e) in {
            "year": ("考核年度", "2025"),
            "minimum": ("最低履职要求", "出席全体会议、提案不少于1件……"),
            "grading": ("等次评定办法", "得分前15%的委员评为优秀……"),
            "base": ("基础分", "50"),
            "include_missed": ("是否列出未完成最低履职要求的委员", "否")}.items()})
        member = obj("委员", {k: value(v) for k, v in {
            "name": "姓名", "sector": "界别", "group": "界别组", "total": "总分",
            "rank": "名次", "grade": "等次", "missing": "未完成的最低履职要求"}.items()})
        roots["excellent"] = listing("履职考核优秀委员（按姓氏笔画）", member)
        roots["missed"] = listing("未完成最低履职要求的委员（仅在选择列出时）", member)
        roots["sector_groups"] = listing("各界别组考核结果（按平均分排列）", obj("界别组", {
            k: value(v) for k, v in {"name": "名称", "members": "人数", "average": "平均分",
                                     "excellent": "优秀人数", "rank": "名次"}.items()}))
    return roots


def all_keys() -> set[str]:
    figures()
    return {*REGISTRY, *SUBJECT_FIGURES, *BREAKDOWNS}
