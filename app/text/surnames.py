"""Surnames: cleaning names, splitting surname from given name, surname readings.

Shared by :mod:`app.text.pinyin` (readings) and :mod:`app.text.strokes` (the surname is one unit
in 姓氏笔画 order), so the compound-surname list lives here once.

Splitting rules (:func:`split_name`):

1. All whitespace (ASCII, full-width U+3000, no-break spaces) and zero-width characters are removed
   first: printed rosters pad two-character names ("张  琳").
2. Names with a middle dot ("阿沛·阿旺晋美", "买买提·艾则孜") are transliterated minority or foreign
   names. Dot look-alikes (• ・ ‧ ． . and others) are normalised to "·". The part before the first
   "·" is the surname unit, the rest is the given name; the surname table is not applied to it.
3. Otherwise a compound surname (欧阳, 司马 …) is recognised when the name has at least
   three characters: a two-character name such as 欧阳 is read as surname 欧 + given
   name 阳. A few compound surnames whose first character is a common single surname and
   whose second character often starts a given name (闻人 vs 闻 + 人杰) are recognised
   only in names of four or more characters.
4. Else the first character is the surname.
"""

from __future__ import annotations

import re

#: Compound surnames → accepted readings (syllables separated by spaces), the first is the default.
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "欧阳": ("ou yang",),
    "司马": ("si ma",),
    "上官": ("shang guan",),
    "诸葛": ("zhu ge",),
    "东方": ("dong fang",),
    "皇甫": ("huang fu",),
    "尉迟": ("yu chi",),
    "万俟": ("mo qi",),
    "长孙": ("zhang sun",),
    "司徒": ("si tu",),
    "夏侯": ("xia hou",),
    "公孙": ("gong sun",),
    "慕容": ("mu rong",),
    "令狐": ("ling hu",),
    "宇文": ("yu wen",),
    "澹台": ("tan tai",),
    "端木": ("duan mu",),
    "轩辕": ("xuan yuan",),
    "独孤": ("du gu",),
    "南宫": ("nan gong",),
    "西门": ("xi men",),
    "百里": ("bai li",),
    "呼延": ("hu yan",),
    "赫连": ("he lian",),
    "申屠": ("shen tu",),
    "闻人": ("wen ren",),
    "太史": ("tai shi",),
    "公冶": ("gong ye",),
    "濮阳": ("pu yang",),
    "淳于": ("chun yu",),
    "钟离": ("zhong li",),
    "拓跋": ("tuo ba",),
    "鲜于": ("xian yu",),
    "司空": ("si kong",),
    "左丘": ("zuo qiu",),
    "东郭": ("dong guo",),
    "公羊": ("gong yang",),
    "亓官": ("qi guan",),
    "司寇": ("si kou",),
    "巫马": ("wu ma",),
    "公西": ("gong xi",),
    "漆雕": ("qi diao",),
    "乐正": ("yue zheng",),
    "壤驷": ("rang si",),
    "公良": ("gong liang",),
    "颛孙": ("zhuan sun",),
    "谷梁": ("gu liang",),
    "段干": ("duan gan",),
    "羊舌": ("yang she",),
    "微生": ("wei sheng",),
    "梁丘": ("liang qiu",),
    "东门": ("dong men",),
    "仲孙": ("zhong sun",),
    "宗政": ("zong zheng",),
    "单于": ("chan yu",),
    "第五": ("di wu",),
}

#: Compound surnames recognised only in names of four or more characters (see rule 3).
AMBIGUOUS_COMPOUNDS: frozenset[str] = frozenset({"闻人", "宗政", "单于", "乐正", "谷梁"})

#: Single surnames whose surname reading differs from the everyday one, or that have more than one
#: accepted reading (the first is the default). Entries that pypinyin already reads right (华, 任,
#: 车, 万) are listed anyway so that the intent is recorded and a pypinyin change cannot break them.
SINGLE_SURNAMES: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "区": ("ou", "qu"),
    "朴": ("piao",),
    "查": ("zha",),
    "盖": ("ge", "gai"),
    "翟": ("zhai", "di"),
    "缪": ("miao", "mou"),
    "覃": ("qin", "tan"),
    "任": ("ren",),
    "华": ("hua",),
    "乐": ("yue", "le"),
    "员": ("yun",),
    "召": ("shao",),
    "种": ("chong",),
    "繁": ("po",),
    "车": ("che",),
    "秘": ("bi",),
    "冼": ("xian",),
    "尉": ("wei", "yu"),
    "蔚": ("wei", "yu"),
    "万": ("wan",),
    "长": ("chang", "zhang"),
    "折": ("she",),
    "句": ("gou",),
    "阚": ("kan",),
    "谌": ("chen",),
    "郇": ("huan", "xun"),
    "逄": ("pang",),
    "祭": ("zhai",),
    "宓": ("mi", "fu"),
    "莘": ("shen", "xin"),
    "燕": ("yan",),
    "隗": ("wei", "kui"),
    "隽": ("juan",),
    "褚": ("chu",),
    "柏": ("bai",),
    "薄": ("bo",),
    "卜": ("bu",),
    "重": ("chong",),
    "都": ("du",),
    "贲": ("ben",),
    "相": ("xiang",),
    "朝": ("chao",),
    "曲": ("qu",),
    "行": ("xing", "hang"),
    "应": ("ying",),
    "纪": ("ji",),
    "粘": ("nian",),
    "佴": ("nai",),
    "能": ("nai",),
    "占": ("zhan",),
    "便": ("pian",),
    "要": ("yao",),
    "奇": ("ji",),
    "乜": ("nie",),
    "那": ("na",),
    "黑": ("he",),
    "沈": ("shen",),
    "叶": ("ye",),
    "石": ("shi",),
    "贾": ("jia",),
    "尚": ("shang",),
    "和": ("he",),
    "殷": ("yin",),
    "宁": ("ning",),
    "强": ("qiang",),
    "过": ("guo",),
}

_WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_DOTS = re.compile("[\u00b7\u2022\u2027\u2219\u22c5\u30fb\uff0e\uff65.]")

MIDDLE_DOT = "·"


def clean_name(name: str) -> str:
    """Remove all whitespace and zero-width characters; normalise middle-dot look-alikes to "·"."""
    return _DOTS.sub(MIDDLE_DOT, _WHITESPACE.sub("", name))


def split_name(name: str) -> tuple[str, str]:
    """Split a person's name into (surname, given name) by the rules in the module docstring.

    >>> split_name("张  琳")
    ('张', '琳')
    >>> split_name("欧阳修")
    ('欧阳', '修')
    >>> split_name("阿沛·阿旺晋美")
    ('阿沛', '阿旺晋美')
    """
    cleaned = clean_name(name)
    if MIDDLE_DOT in cleaned:
        head, _, tail = cleaned.partition(MIDDLE_DOT)
        return head, tail
    head = cleaned[:2]
    if head in COMPOUND_SURNAMES:
        minimum = 4 if head in AMBIGUOUS_COMPOUNDS else 3
        if len(cleaned) >= minimum:
            return head, cleaned[2:]
    return cleaned[:1], cleaned[1:]


def is_dotted(name: str) -> bool:
    """Whether the name is a minority/foreign name written with a middle dot."""
    return MIDDLE_DOT in clean_name(name)


def surname_readings(surname: str) -> tuple[tuple[str, ...], ...] | None:
    """Accepted readings of a surname as syllable tuples (default first), or None if not listed."""
    readings = COMPOUND_SURNAMES.get(surname) or SINGLE_SURNAMES.get(surname)
    if readings is None:
        return None
    return tuple(tuple(reading.split()) for reading in readings)
