"""What offices write for coded values, mapped to the labels the program stores.

Enumerations (``LabeledEnum``) accept their label or code (``from_label``) and the aliases
here; reference lists (党派, 学历 …) are user-editable, so an alias only applies when its
target is in the office's own list, and anything else is left for the service check to
report ("不在“党派”列表中").
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from typing import Any, TypeVar

from app.domain.enums import (
    AssignmentRole,
    Attendance,
    CppccPost,
    ForwardLevel,
    Gender,
    LabeledEnum,
    LeftReason,
    OpinionStatus,
    ParticipationRole,
    ProposalType,
    RefList,
    ReplyClass,
    ReviewStatus,
    Satisfaction,
    TermOrigin,
    UnitRole,
)
from app.exchange.normalize import CellError, parse_text

E = TypeVar("E", bound=LabeledEnum)

ENUM_ALIASES: dict[type[LabeledEnum], dict[str, str]] = {
    Gender: {"男性": "男", "女性": "女", "m": "男", "f": "女"},
    CppccPost: {"政协主席": "主席", "政协副主席": "副主席", "常务委员": "常委",
                "委员会委员": "委员", "普通委员": "委员", "政协委员": "委员"},
    TermOrigin: {"换届": "换届产生", "换届选举": "换届产生", "选举": "换届产生",
                 "协商产生": "换届产生", "增补委员": "增补", "补选": "增补"},
    LeftReason: {"辞职": "辞去", "辞去委员": "辞去", "撤销委员资格": "撤销", "免职": "免去",
                 "逝世": "去世", "病故": "去世", "届满离任": "届满", "任期届满": "届满"},
    Attendance: {"到会": "出席", "参加": "出席", "到": "出席", "√": "出席", "缺会": "缺席",
                 "未到": "缺席", "无故缺席": "缺席", "事假": "请假", "病假": "请假"},
    ParticipationRole: {"参会": "参加", "主持人": "主持", "主持会议": "主持", "发言人": "发言",
                        "作发言": "发言", "带队领导": "带队", "领队": "带队"},
    ProposalType: {"个人提案": "个人", "联名提案": "联名", "集体提案": "集体",
                   "党派团体": "集体", "党派团体提案": "集体", "界别提案": "集体",
                   "专委会提案": "集体"},
    ReviewStatus: {"已立案": "立案", "予以立案": "立案", "不立案": "不予立案", "未立案": "不予立案",
                   "并案处理": "并案", "合并": "并案", "转为意见建议": "转意见建议",
                   "作为意见建议": "转意见建议", "转意见": "转意见建议", "撤回": "撤案",
                   "未审查": "待审查", "审查中": "待审查"},
    AssignmentRole: {"主办单位": "主办", "协办单位": "协办", "会办单位": "会办",
                     "分办单位": "分办"},
    Satisfaction: {"比较满意": "基本满意", "较满意": "基本满意", "很满意": "满意",
                   "非常满意": "满意"},
    OpinionStatus: {"收集": "已收集", "收到": "已收集", "已收到": "已收集", "待处理": "已收集",
                    "编辑": "编辑中", "编发": "已编发", "已采用": "已编发", "本级编发": "已编发",
                    "未采用": "不采用", "存档": "不采用", "存档不采用": "不采用"},
    ForwardLevel: {"市": "市政协", "市级": "市政协", "市政协采用": "市政协", "省": "省政协",
                   "省级": "省政协", "全国": "全国政协", "国家": "全国政协", "国家级": "全国政协"},
    UnitRole: {"委员": "成员", "组员": "成员", "专委会主任": "主任", "专委会副主任": "副主任",
               "联络组长": "组长"},
}

REF_ALIASES: dict[RefList, dict[str, str]] = {
    RefList.PARTY: {
        "中共党员": "中共", "中国共产党": "中共", "共产党员": "中共", "中共预备党员": "中共",
        "党员": "中共", "民革党员": "民革", "中国国民党革命委员会": "民革",
        "民盟盟员": "民盟", "中国民主同盟": "民盟", "民建会员": "民建",
        "中国民主建国会": "民建", "民进会员": "民进", "中国民主促进会": "民进",
        "农工党党员": "农工党", "中国农工民主党": "农工党", "农工民主党": "农工党",
        "致公党党员": "致公党", "中国致公党": "致公党", "九三": "九三学社",
        "九三学社社员": "九三学社", "台盟盟员": "台盟", "台湾民主自治同盟": "台盟",
        "无党派": "无党派人士", "无党派民主人士": "无党派人士", "无": "群众",
    },
    RefList.EDUCATION: {
        "大学本科": "大学", "本科": "大学", "大本": "大学", "大学专科": "大专", "专科": "大专",
        "硕士研究生": "研究生", "博士研究生": "研究生", "硕士": "研究生", "博士": "研究生",
        "研究生班": "研究生", "中等专业学校": "中专", "中技": "中专", "技工学校": "中专",
        "普通高中": "高中", "职业高中": "高中", "职高": "高中", "初中": "初中及以下",
        "小学": "初中及以下",
    },
    RefList.DEGREE: {"学士学位": "学士", "硕士学位": "硕士", "博士学位": "博士", "无学位": "无"},
    RefList.TITLE_LEVEL: {"正高": "正高级", "副高": "副高级", "中级职称": "中级",
                          "初级职称": "初级", "高级": "副高级"},
    RefList.EMPLOYER_TYPE: {"村": "村（社区）", "社区": "村（社区）", "村/社区": "村（社区）",
                            "机关": "党政机关", "行政机关": "党政机关", "国企": "国有企业",
                            "民企": "民营企业", "私营企业": "民营企业", "非公企业": "民营企业",
                            "事业": "事业单位"},
}


def _key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


_ENUM_KEYS = {enum: {_key(k): v for k, v in table.items()} for enum, table in ENUM_ALIASES.items()}
_REF_KEYS = {ref: {_key(k): v for k, v in table.items()} for ref, table in REF_ALIASES.items()}


def choices_text(labels: Iterable[str]) -> str:
    return "、".join(labels)


@functools.cache
def _enum_keys(enum: type[LabeledEnum]) -> dict[str, LabeledEnum]:
    out: dict[str, LabeledEnum] = {}
    for member in enum:
        out.setdefault(_key(member.value), member)
        out.setdefault(_key(member.label), member)
    return out


def enum_member(enum: type[E], value: Any) -> E | None:
    """The member of ``enum`` for a cell: its label or code, an alias, or the one label that
    begins with the text ("A" → "A类（已解决或基本解决）"); None for a blank cell."""
    if isinstance(value, enum):
        return value
    text = parse_text(value)
    if not text:
        return None
    key = _key(text)
    found = _enum_keys(enum).get(key)
    if found is not None:
        return found  # type: ignore[return-value]
    alias = _ENUM_KEYS.get(enum, {}).get(key)
    if alias is not None:
        member = enum.from_label(alias)
        if member is not None:
            return member
    # the one label the text begins: "A" or "A类" for A类（已解决或基本解决）, "党政领导领衔" for
    # 党政领导领衔督办
    starts = [m for m in enum if _key(m.label).startswith(key)]
    if len(starts) == 1 and (len(key) >= 2 or enum is ReplyClass):
        return starts[0]
    raise CellError("应为以下之一：" + choices_text(enum.labels()))


@functools.lru_cache(maxsize=64)
def _label_keys(labels: tuple[str, ...]) -> dict[str, str]:
    return {_key(label): label for label in labels}


@functools.lru_cache(maxsize=4096)
def _ref_label(ref_list: RefList, text: str, labels: tuple[str, ...]) -> str:
    by_key = _label_keys(labels)
    key = _key(text)
    if key in by_key:
        return by_key[key]
    alias = _REF_KEYS.get(ref_list, {}).get(key)
    if alias is not None and _key(alias) in by_key:
        return by_key[_key(alias)]
    if ref_list == RefList.ETHNICITY and key + "族" in by_key:
        return by_key[key + "族"]
    ends = [label for k, label in by_key.items() if len(k) >= 2 and key.endswith(k)]
    if len(ends) == 1:
        return ends[0]
    return text


def ref_label(ref_list: RefList, value: Any, labels: Iterable[str]) -> str:
    """The office's own label for a reference-list cell: the text itself when it is in the list,
    else an alias or a form that ends with a listed label (省委党校研究生 → 研究生, 汉 → 汉族).

    Unknown text is returned unchanged for the service check to report.
    """
    text = parse_text(value)
    if not text:
        return ""
    return _ref_label(ref_list, text, tuple(labels))
