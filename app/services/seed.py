"""Reference data every new database starts with (DOMAIN §4, §5c).

A new database is one with neither reference values nor units. It gets, in one transaction:
the editable reference lists, the event kinds, the office and the usual county special
committees, the 界别组 units with their 界别, a placeholder committee-settings row, default
scoring rules and an ``admin`` account. Terms, members and 承办单位 are the clerk's own data
and are never seeded into a real database; ``TYPICAL_DEPARTMENTS`` is exposed for the demo.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import CommitteeLevel, EventFamily, RefList, UnitKind, UserRole
from app.domain.scoring import RULES as SCORING_RULE_DEFS
from app.models import (
    CommitteeSettings,
    EventKind,
    RefValue,
    ScoringRule,
    Sector,
    SecurityPolicy,
    Unit,
    User,
)

if TYPE_CHECKING:
    from app.db.engine import Database

# ── Reference lists: (label, code) in display order ────────────────────────────────────────

# Short forms as rosters print them; codes are GB/T 4762 政治面貌 codes.
PARTIES: tuple[tuple[str, str], ...] = (
    ("中共", "01"),
    ("民革", "04"),
    ("民盟", "05"),
    ("民建", "06"),
    ("民进", "07"),
    ("农工党", "08"),
    ("致公党", "09"),
    ("九三学社", "10"),
    ("台盟", "11"),
    ("无党派人士", "12"),
    ("群众", "13"),
)

# GB/T 3304 order and codes; 汉族 first.
ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)  # fmt: skip

# As printed on 委员登记表; codes are the GB/T 4658 level codes.
EDUCATIONS: tuple[tuple[str, str], ...] = (
    ("研究生", "10"),
    ("大学", "20"),
    ("大专", "30"),
    ("中专", "40"),
    ("高中", "60"),
    ("初中及以下", "70"),
)
DEGREES: tuple[str, ...] = ("博士", "硕士", "学士", "无")
TITLE_LEVELS: tuple[str, ...] = ("正高级", "副高级", "中级", "初级", "无")
EMPLOYER_TYPES: tuple[str, ...] = (
    "党政机关", "事业单位", "国有企业", "民营企业", "社会组织", "宗教团体", "村（社区）", "其他",
)  # fmt: skip

# DOMAIN 4f; the code names the category in configuration and in the demo's topic tables.
PROPOSAL_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("经济发展", "economy"),
    ("农业农村", "agriculture"),
    ("城乡建设与管理", "urban_rural"),
    ("生态环境与资源", "environment"),
    ("教育", "education"),
    ("医疗卫生", "health"),
    ("科技", "sci_tech"),
    ("文化旅游", "culture_tourism"),
    ("社会事业与民生保障", "social"),
    ("政法与社会治理", "law_governance"),
    ("民族宗教与港澳台侨外事", "ethnic_religious_hkmt"),
    ("党建统战及其他", "other"),
)
OPINION_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("经济", "economy"),
    ("农业农村", "agriculture"),
    ("城乡建设", "urban_rural"),
    ("生态环境", "environment"),
    ("教育", "education"),
    ("医疗卫生", "health"),
    ("文化旅游", "culture_tourism"),
    ("社会民生", "social"),
    ("社会治理", "law_governance"),
    ("其他", "other"),
)

# ── Event kinds: (name, family, measure word, default score) in display order ──────────────

EVENT_KINDS: tuple[tuple[str, EventFamily, str, str], ...] = (
    ("全体会议", EventFamily.MEETING, "次", "5"),
    ("常委会议", EventFamily.MEETING, "次", "3"),
    ("主席会议", EventFamily.MEETING, "次", "2"),
    ("秘书长会议", EventFamily.MEETING, "次", "1"),
    ("座谈会", EventFamily.MEETING, "次", "2"),
    ("交办会", EventFamily.MEETING, "次", "1"),
    ("观摩推进会", EventFamily.MEETING, "次", "2"),
    ("专题协商会", EventFamily.CONSULTATION, "次", "3"),
    ("对口协商会", EventFamily.CONSULTATION, "次", "3"),
    ("界别协商会", EventFamily.CONSULTATION, "次", "3"),
    ("提案办理协商会", EventFamily.CONSULTATION, "次", "2"),
    ("网络议政会", EventFamily.CONSULTATION, "次", "2"),
    ("视察", EventFamily.INSPECTION, "次", "2"),
    ("调研", EventFamily.INSPECTION, "次", "2"),
    ("民主评议", EventFamily.OVERSIGHT, "次", "3"),
    ("专项民主监督", EventFamily.OVERSIGHT, "次", "2"),
    ("专题学习", EventFamily.STUDY, "次", "1"),
    ("读书活动", EventFamily.STUDY, "次", "1"),
    ("委员讲坛", EventFamily.STUDY, "期", "2"),
    ("培训", EventFamily.STUDY, "次", "2"),
    ("服务为民", EventFamily.SERVICE, "次", "2"),
    ("进基层联系群众", EventFamily.SERVICE, "次", "2"),
    ("送法下基层", EventFamily.SERVICE, "次", "2"),
    ("文史研究", EventFamily.HISTORY, "次", "2"),
    ("联谊", EventFamily.OUTREACH, "次", "1"),
    ("接待", EventFamily.OTHER, "批次", "0"),
)

# ── Units ───────────────────────────────────────────────────────────────────────────────────

# (name, short name, kind). A county calls its research office 研究室; a city 研究中心.
OFFICE_UNITS: tuple[tuple[str, str, UnitKind], ...] = (
    ("办公室", "办公室", UnitKind.OFFICE),
    ("研究室", "研究室", UnitKind.RESEARCH_CENTER),
)
SPECIAL_COMMITTEES: tuple[tuple[str, str], ...] = (
    ("提案委员会", "提案委"),
    ("经济科技委员会", "经科委"),
    ("农业农村委员会", "农业委"),
    ("人口资源环境委员会", "人资环委"),
    ("文史和学习委员会", "文史委"),
    ("教科卫体委员会", "教科卫体委"),
    ("社会法制和民族宗教委员会", "社法民宗委"),
)

# 界别组 and their 界别 (name, short name) in roster order (DOMAIN 4b).
SECTOR_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("中共组", (("中共", "中共"),)),
    (
        "民主党派和无党派组",
        (
            ("民革", "民革"),
            ("民盟", "民盟"),
            ("民建", "民建"),
            ("民进", "民进"),
            ("农工党", "农工党"),
            ("九三学社", "九三"),
            ("无党派人士", "无党派"),
        ),
    ),
    (
        "群团组",
        (("共青团和青联", "共青团"), ("总工会", "工会"), ("妇联", "妇联"), ("科协", "科协")),
    ),
    ("经济组", (("工商联", "工商联"), ("经济界", "经济界"))),
    ("农业组", (("农业界", "农业界"),)),
    ("教育组", (("教育界", "教育界"),)),
    ("文化新闻组", (("文化艺术界", "文艺界"), ("新闻出版界", "新闻界"))),
    ("医卫组", (("医药卫生界", "医卫界"),)),
    (
        "社会和民族宗教组",
        (("社会福利和社会保障界", "社福界"), ("少数民族界", "少数民族界"), ("宗教界", "宗教界")),
    ),
    ("特邀组", (("特别邀请人士", "特邀"),)),
)

# 界别 a 市级 committee usually has on top of the county list (group, name, short name); the
# ``setup`` command and the first-run wizard add them when the clerk chooses the city list.
CITY_EXTRA_SECTORS: tuple[tuple[str, str, str], ...] = (
    ("民主党派和无党派组", "致公党", "致公党"),
    ("群团组", "台联", "台联"),
    ("群团组", "侨联", "侨联"),
    ("教育组", "科学技术界", "科技界"),
    ("教育组", "社会科学界", "社科界"),
    ("教育组", "体育界", "体育界"),
    ("社会和民族宗教组", "对外友好界", "友好界"),
)

# ── Scoring rules: the default rules (no rule set) from app/domain/scoring.py (DOMAIN 5c) ──

SCORING_RULES: tuple[tuple[str, str, str, str, str | None], ...] = tuple(
    (r.code, r.label, r.event_kind, r.points, r.cap) for r in SCORING_RULE_DEFS
)

# ── 承办单位 a county usually assigns proposals to (name, short name, kind) — demo only ─────

TYPICAL_DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("县委组织部", "县委组织部", "党委部门"),
    ("县委宣传部", "县委宣传部", "党委部门"),
    ("县委统战部", "县委统战部", "党委部门"),
    ("县委政法委员会", "县委政法委", "党委部门"),
    ("县人民政府办公室", "县政府办", "政府部门"),
    ("县发展和改革局", "县发改局", "政府部门"),
    ("县教育科技局", "县教科局", "政府部门"),
    ("县工业和信息化局", "县工信局", "政府部门"),
    ("县公安局", "县公安局", "政府部门"),
    ("县民政局", "县民政局", "政府部门"),
    ("县司法局", "县司法局", "政府部门"),
    ("县财政局", "县财政局", "政府部门"),
    ("县人力资源和社会保障局", "县人社局", "政府部门"),
    ("县自然资源局", "县自然资源局", "政府部门"),
    ("县生态环境分局", "县生态环境分局", "垂直管理"),
    ("县住房和城乡建设管理局", "县住建局", "政府部门"),
    ("县交通运输局", "县交通局", "政府部门"),
    ("县水利局", "县水利局", "政府部门"),
    ("县农业农村局", "县农业农村局", "政府部门"),
    ("县林业局", "县林业局", "政府部门"),
    ("县商务局", "县商务局", "政府部门"),
    ("县文化和旅游局", "县文旅局", "政府部门"),
    ("县卫生健康局", "县卫健局", "政府部门"),
    ("县退役军人事务局", "县退役军人局", "政府部门"),
    ("县应急管理局", "县应急局", "政府部门"),
    ("县审计局", "县审计局", "政府部门"),
    ("县市场监督管理局", "县市场监管局", "政府部门"),
    ("县医疗保障局", "县医保局", "政府部门"),
    ("县能源局", "县能源局", "政府部门"),
    ("县行政审批服务管理局", "县行政审批局", "政府部门"),
    ("县城市管理局", "县城管局", "政府部门"),
    ("县信访局", "县信访局", "政府部门"),
    ("县融媒体中心", "县融媒体中心", "事业单位"),
    ("县供电公司", "县供电公司", "国有企业"),
    ("县消防救援大队", "县消防大队", "垂直管理"),
    ("县妇女联合会", "县妇联", "群团组织"),
    ("各乡镇人民政府", "各乡镇", "乡镇"),
)


def _is_new(session: Session) -> bool:
    refs = session.scalar(select(func.count()).select_from(RefValue))
    units = session.scalar(select(func.count()).select_from(Unit))
    return not refs and not units


def _plain(labels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((label, "") for label in labels)


def _ref_lists() -> list[tuple[RefList, tuple[tuple[str, str], ...]]]:
    return [
        (RefList.PARTY, PARTIES),
        (RefList.ETHNICITY, tuple((n, f"{i:02d}") for i, n in enumerate(ETHNICITIES, 1))),
        (RefList.EDUCATION, EDUCATIONS),
        (RefList.DEGREE, _plain(DEGREES)),
        (RefList.TITLE_LEVEL, _plain(TITLE_LEVELS)),
        (RefList.EMPLOYER_TYPE, _plain(EMPLOYER_TYPES)),
        (RefList.PROPOSAL_CATEGORY, PROPOSAL_CATEGORIES),
        (RefList.OPINION_CATEGORY, OPINION_CATEGORIES),
    ]


def seed_reference_data(session: Session) -> bool:
    """Add the reference data inside the caller's transaction if the database is new."""
    if not _is_new(session):
        return False
    for list_name, values in _ref_lists():
        for order, (label, code) in enumerate(values, 1):
            session.add(RefValue(list_name=list_name, label=label, code=code, sort_order=order))

    kinds: dict[str, EventKind] = {}
    for order, (name, family, measure, score) in enumerate(EVENT_KINDS, 1):
        kinds[name] = EventKind(
            name=name,
            family=family,
            measure_word=measure,
            default_score=Decimal(score),
            sort_order=order,
        )
        session.add(kinds[name])

    order = 0
    for name, short, kind in OFFICE_UNITS:
        order += 1
        session.add(Unit(name=name, short_name=short, kind=kind, sort_order=order))
    for name, short in SPECIAL_COMMITTEES:
        order += 1
        session.add(
            Unit(name=name, short_name=short, kind=UnitKind.SPECIAL_COMMITTEE, sort_order=order)
        )
    sector_order = 0
    for group_name, sectors in SECTOR_GROUPS:
        order += 1
        group = Unit(
            name=group_name, short_name=group_name, kind=UnitKind.SECTOR_GROUP, sort_order=order
        )
        session.add(group)
        session.flush()  # the group's id for its sectors
        for sector_name, sector_short in sectors:
            sector_order += 1
            session.add(
                Sector(
                    name=sector_name,
                    short_name=sector_short,
                    group_id=group.id,
                    sort_order=sector_order,
                )
            )

    if not session.scalar(select(func.count()).select_from(CommitteeSettings)):
        session.add(CommitteeSettings(region="本县", level=CommitteeLevel.COUNTY))

    session.flush()  # event kind ids for the rules
    for code, label, kind_name, points, cap in SCORING_RULES:
        session.add(
            ScoringRule(
                code=code,
                label=label,
                event_kind_id=kinds[kind_name].id if kind_name else None,
                points=Decimal(points),
                yearly_cap=Decimal(cap) if cap is not None else None,
            )
        )
    if session.scalar(select(User).where(User.username == "admin")) is None:
        session.add(User(username="admin", display_name="管理员", role=UserRole.ADMIN))
    if session.scalar(select(SecurityPolicy.id)) is None:
        session.add(SecurityPolicy())
    session.flush()
    return True


def ensure_reference_data(db: Database) -> bool:
    """Seed a new database in one transaction; True if it seeded, False if it had data."""
    with db.session() as session:
        return seed_reference_data(session)
