"""What the 履职考核 rules can count: every rule code with its category and default points.

Modelled on the published 办法 in DOMAIN §5c (桐城, 安庆, 广水, 闵行, 宣威). The engine
(app/scoring/engine.py) knows how to find the records of each code; the office edits points,
caps and whether a rule is used, per year (app/scoring/rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Categories in display order: (code, label).
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("meetings", "会议出勤"),
    ("activities", "履职活动"),
    ("proposals", "提案"),
    ("opinions", "社情民意"),
    ("speeches", "会议发言"),
    ("honors", "表彰奖励"),
)
CATEGORY_LABELS: dict[str, str] = dict(CATEGORIES)

# Items that are not rules of the table but still appear in an explained score.
BASE_ITEM = "base"
BASE_LABEL = "基础分"
CAP_ITEM_PREFIX = "cap_"
ADJUSTMENT_ITEM = "adjustment"
ADJUSTMENT_LABEL = "考核加减分"

# Event kinds that make the plenary and the 常委会议 (seeded names; the rule's event kind wins).
PLENARY_KIND = "全体会议"
STANDING_KIND = "常委会议"


@dataclass(frozen=True)
class RuleDef:
    code: str
    label: str
    category: str
    points: str
    cap: str | None = None
    event_kind: str = ""  # the seeded event kind the rule is about, if any
    note: str = ""  # how the records are found, shown in the rules table


RULES: tuple[RuleDef, ...] = (
    # 会议出勤: the plenary and the 常委会议; leave (请假, approved) costs less than absence.
    RuleDef("attend_plenary", "出席全体会议", "meetings", "10", None, PLENARY_KIND,
            "每次全体会议出席"),
    RuleDef("excused_plenary", "请假缺席全体会议", "meetings", "-2", None, PLENARY_KIND,
            "经主席批准请假"),
    RuleDef("absent_plenary", "无故缺席全体会议", "meetings", "-10", None, PLENARY_KIND,
            "未请假缺席"),
    RuleDef("attend_standing", "出席常委会议", "meetings", "3", None, STANDING_KIND,
            "常委每次出席"),
    RuleDef("excused_standing", "常委请假缺席常委会议", "meetings", "-2", None, STANDING_KIND,
            "经主席批准请假（常委从严）"),
    RuleDef("absent_standing", "常委无故缺席常委会议", "meetings", "-5", None, STANDING_KIND,
            "未请假缺席（常委从严）"),
    # 履职活动: committee, 界别组 and other activities.
    RuleDef("attend_committee", "参加专委会活动", "activities", "2", None, "",
            "专门委员会组织的会议活动"),
    RuleDef("absent_committee", "无故缺席专委会活动", "activities", "-3", None, "",
            "未经专委会主任批准缺席"),
    RuleDef("attend_sector_group", "参加界别组活动", "activities", "2", None, "",
            "界别组组织的会议活动"),
    RuleDef("absent_sector_group", "无故缺席界别组活动", "activities", "-3", None, "",
            "未请假缺席"),
    RuleDef("attend_activity", "参加视察调研、学习培训等其他履职活动", "activities", "2", "20",
            "", "其他会议活动"),
    RuleDef("absent_unexcused", "无故缺席其他会议和活动", "activities", "-3", None, "",
            "未请假缺席"),
    # 提案: by role, then extras for what became of it (credited to the 第一提案人 / 主笔人).
    RuleDef("proposal_lead", "提交提案（第一提案人）", "proposals", "10", None, "",
            "个人提案或联名提案的第一提案人"),
    RuleDef("proposal_cosign", "联名提案（附议人）", "proposals", "3", None, "",
            "联名提案的其他提案人"),
    RuleDef("proposal_collective", "集体提案主笔人", "proposals", "5", None, "",
            "集体提案登记的主笔人（第一主笔人和前两位参与人，至多3人）"),
    RuleDef("proposal_accepted", "提案立案", "proposals", "10", None, "",
            "第一提案人或第一主笔人"),
    RuleDef("proposal_key", "提案列为重点提案", "proposals", "15", None, "", "第一提案人"),
    RuleDef("proposal_excellent", "提案评为优秀提案", "proposals", "10", None, "", "第一提案人"),
    RuleDef("proposal_converted", "提案转为社情民意或意见建议", "proposals", "5", None, "",
            "第一提案人"),
    # 社情民意: each submitter of a report received in the year.
    RuleDef("opinion_submitted", "报送社情民意信息", "opinions", "5", "30", "", "每篇信息"),
    RuleDef("opinion_issued", "社情民意信息被本级编发", "opinions", "5", None, "",
            "本级《社情民意》编发"),
    RuleDef("opinion_adopted_city", "社情民意信息被市政协采用", "opinions", "8"),
    RuleDef("opinion_adopted_province", "社情民意信息被省政协采用", "opinions", "15"),
    RuleDef("opinion_adopted_national", "社情民意信息被全国政协采用", "opinions", "30"),
    RuleDef("instruction_county", "建言成果获县级领导批示", "opinions", "5", None, "",
            "社情民意信息的报送人、提案的第一提案人"),
    RuleDef("instruction_higher", "建言成果获市级以上领导批示", "opinions", "10", None, "",
            "社情民意信息的报送人、提案的第一提案人"),
    # 会议发言
    RuleDef("speech", "会议发言", "speeches", "3", None, "", "参加人员角色为“发言”"),
    RuleDef("written_speech", "书面发言", "speeches", "2", None, "",
            "参加人员角色为“书面发言”"),
    # 表彰 by level.
    RuleDef("honor_national", "获国家级表彰", "honors", "10"),
    RuleDef("honor_provincial", "获省级表彰", "honors", "8"),
    RuleDef("honor_city", "获市级表彰", "honors", "6"),
    RuleDef("honor_county", "获县级表彰", "honors", "4"),
    RuleDef("honor_internal", "获政协内部表彰", "honors", "2"),
)
RULES_BY_CODE: dict[str, RuleDef] = {r.code: r for r in RULES}

# Defaults of a new rule set: category caps and grading (安庆: 优秀 ≥90, 良好 80–89, 称职 60–79).
DEFAULT_CATEGORY_CAPS: dict[str, Decimal] = {
    "activities": Decimal(30),
    "proposals": Decimal(40),
    "opinions": Decimal(30),
    "speeches": Decimal(10),
    "honors": Decimal(10),
}
# A new year's settings when there is no earlier year to copy: base 50, the top 15 % 优秀 and
# the next 30 % 良好 (a share, so the grades spread however busy the year was), 称职 from 70.
DEFAULT_SET_VALUES: dict[str, object] = {
    "base_score": Decimal(50),
    "grade_mode": "share",
    "excellent_share": 15,
    "good_share": 30,
    "excellent_min": Decimal(110),
    "good_min": Decimal(90),
    "pass_min": Decimal(70),
}


def fmt_points(value: Decimal) -> str:
    """Points as people write them: 10, 2.5, -3 (no trailing zeros, never 1E+1)."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def category_of(code: str) -> str:
    rule = RULES_BY_CODE.get(code)
    return rule.category if rule else ""
