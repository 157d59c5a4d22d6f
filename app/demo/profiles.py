"""What a member does: 工作单位及职务, employer type, title, education — by 界别.

Templates use ``{p}`` (the committee's place, 示范县), ``{t}`` (the member's township, or
county/district at city level), ``{v}`` (a village), ``{co}`` (a company), ``{bu}`` (a
government bureau), ``{sch}`` (a school), ``{sec}`` (the township's Party secretary post) and
``{head}`` (its head post).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# (template, employer type, title kind or "")
Template = tuple[str, str, str]

OFFICIAL: tuple[Template, ...] = (
    ("{p}{bu}局长", "党政机关", ""),
    ("{p}{bu}党组书记、局长", "党政机关", ""),
    ("{p}{bu}副局长", "党政机关", ""),
    ("{sec}", "党政机关", ""),
    ("{head}", "党政机关", ""),
    ("中共{p}委组织部副部长", "党政机关", ""),
    ("中共{p}委统战部部长", "党政机关", ""),
    ("{p}经济技术开发区管委会副主任", "党政机关", ""),
    ("{p}人民法院副院长", "党政机关", ""),
    ("{p}人民检察院副检察长", "党政机关", ""),
)
TEACHER: tuple[Template, ...] = (
    ("{p}{sch}校长", "事业单位", "teacher"),
    ("{p}{sch}副校长", "事业单位", "teacher"),
    ("{p}{sch}教师", "事业单位", "teacher"),
    ("{t}中心学校校长", "事业单位", "teacher"),
    ("{p}职业技术学校教务处主任", "事业单位", "teacher"),
)
DOCTOR: tuple[Template, ...] = (
    ("{p}人民医院党委书记、院长", "事业单位", "doctor"),
    ("{p}人民医院副院长", "事业单位", "doctor"),
    ("{p}人民医院内科主任", "事业单位", "doctor"),
    ("{p}人民医院外科主任", "事业单位", "doctor"),
    ("{p}中医医院副院长", "事业单位", "doctor"),
    ("{p}中医医院针灸科主任", "事业单位", "doctor"),
    ("{p}妇幼保健计划生育服务中心主任", "事业单位", "doctor"),
    ("{p}疾病预防控制中心副主任", "事业单位", "doctor"),
    ("{t}卫生院院长", "事业单位", "doctor"),
    ("{p}仁和医院院长", "民营企业", "doctor"),
)
BUSINESS: tuple[Template, ...] = (
    ("{co}董事长", "民营企业", ""),
    ("{co}总经理", "民营企业", "econ"),
    ("{co}董事长、总经理", "民营企业", ""),
    ("{co}副总经理", "民营企业", "econ"),
    ("{p}农村商业银行行长", "国有企业", "econ"),
    ("中国建设银行{p}支行行长", "国有企业", "econ"),
    ("国网{p}供电公司副总经理", "国有企业", "engineer"),
    ("{p}城市建设投资有限公司总经理", "国有企业", "econ"),
)
FARMER: tuple[Template, ...] = (
    ("{t}{v}村党支部书记、村委会主任", "村（社区）", ""),
    ("{t}{v}村党支部书记", "村（社区）", ""),
    ("{t}{v}村村委会主任", "村（社区）", ""),
    ("{p}{farm}种植专业合作社理事长", "其他", ""),
    ("山西{brand}农业科技有限公司董事长", "民营企业", ""),
    ("{p}农业技术推广中心主任", "事业单位", "agri"),
    ("{p}畜牧兽医服务中心主任", "事业单位", "agri"),
    ("{t}农业综合服务中心主任", "事业单位", "agri"),
)
CULTURE: tuple[Template, ...] = (
    ("{p}文化馆馆长", "事业单位", "culture"),
    ("{p}博物馆副馆长", "事业单位", "culture"),
    ("{p}上党梆子剧团团长", "事业单位", "culture"),
    ("{p}书法家协会主席", "社会组织", ""),
    ("{p}作家协会副主席", "社会组织", ""),
    ("省级非物质文化遗产“堆锦”代表性传承人", "其他", ""),
)
PRESS: tuple[Template, ...] = (
    ("{p}融媒体中心主任", "事业单位", "press"),
    ("{p}融媒体中心副主任", "事业单位", "press"),
    ("{p}融媒体中心记者", "事业单位", "press"),
    ("《示范日报》驻{p}记者站站长", "事业单位", "press"),
)
SOCIAL: tuple[Template, ...] = (
    ("{p}残疾人联合会理事长", "党政机关", ""),
    ("{p}红十字会常务副会长", "社会组织", ""),
    ("{p}康乐养老服务中心负责人", "社会组织", ""),
    ("{t}{v}社区党总支书记、居委会主任", "村（社区）", ""),
    ("{p}民政局副局长", "党政机关", ""),
)
LAW: tuple[Template, ...] = (
    ("山西{brand}律师事务所主任", "社会组织", "lawyer"),
    ("山西{brand}律师事务所律师", "社会组织", "lawyer"),
    ("{p}公证处主任", "事业单位", ""),
)
RELIGION: tuple[Template, ...] = (
    ("{p}佛教协会会长", "宗教团体", ""),
    ("{p}伊斯兰教协会会长", "宗教团体", ""),
    ("{p}基督教两会主席", "宗教团体", ""),
    ("{p}道教协会副会长", "宗教团体", ""),
)
RETIRED: tuple[Template, ...] = (
    ("{p}退休干部", "其他", ""),
    ("{p}{bu}退休干部", "其他", ""),
)
PROFESSIONAL = TEACHER + DOCTOR + BUSINESS[:4] + LAW + OFFICIAL[2:3]

# 界别 → templates to draw from. Unknown 界别 (a clerk's own) fall back to PROFESSIONAL.
BY_SECTOR: dict[str, tuple[Template, ...]] = {
    "中共": OFFICIAL,
    "无党派人士": PROFESSIONAL,
    "共青团和青联": (
        ("共青团{p}委员会书记", "党政机关", ""),
        ("{p}青年企业家协会会长、{co}总经理", "民营企业", ""),
        ("{t}{v}村党支部书记", "村（社区）", ""),
        ("{p}{sch}教师", "事业单位", "teacher"),
    ),
    "总工会": (
        ("{p}总工会副主席", "党政机关", ""),
        ("国网{p}供电公司工会主席", "国有企业", ""),
        ("{co}车间主任", "民营企业", "engineer"),
    ),
    "妇联": (
        ("{p}妇女联合会主席", "党政机关", ""),
        ("{p}妇女联合会副主席", "党政机关", ""),
        ("{co}总经理", "民营企业", ""),
        ("{t}{v}村妇联主席", "村（社区）", ""),
        ("{p}{sch}教师", "事业单位", "teacher"),
    ),
    "科协": (
        ("{p}科学技术协会主席", "党政机关", ""),
        ("{p}农业技术推广中心高级农艺师", "事业单位", "agri"),
        ("{co}技术总监", "民营企业", "engineer"),
    ),
    "工商联": (
        ("{p}工商业联合会副主席、{co}董事长", "民营企业", ""),
        ("{p}工商业联合会副会长、{co}总经理", "民营企业", ""),
        ("{co}董事长", "民营企业", ""),
    ),
    "经济界": BUSINESS,
    "农业界": FARMER,
    "教育界": (*TEACHER, ("{p}教育科技局副局长", "党政机关", "")),
    "文化艺术界": CULTURE,
    "新闻出版界": PRESS,
    "医药卫生界": DOCTOR,
    "社会福利和社会保障界": SOCIAL,
    "少数民族界": (
        ("{p}民族宗教事务服务中心主任", "事业单位", ""),
        ("{p}清真食品有限公司总经理", "民营企业", ""),
        ("{t}{v}村村委会主任", "村（社区）", ""),
        ("{p}{sch}教师", "事业单位", "teacher"),
    ),
    "宗教界": RELIGION,
    "特别邀请人士": (*LAW, *RETIRED, ("{p}人民法院副院长", "党政机关", ""), BUSINESS[0]),
}

TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "teacher": (("正高级", "正高级教师"), ("副高级", "高级教师"), ("中级", "一级教师")),
    "doctor": (("正高级", "主任医师"), ("副高级", "副主任医师"), ("中级", "主治医师")),
    "agri": (("正高级", "农业技术推广研究员"), ("副高级", "高级农艺师"), ("中级", "农艺师")),
    "econ": (("副高级", "高级经济师"), ("中级", "经济师"), ("副高级", "高级会计师")),
    "engineer": (("正高级", "正高级工程师"), ("副高级", "高级工程师"), ("中级", "工程师")),
    "culture": (("副高级", "副研究馆员"), ("中级", "馆员"), ("副高级", "国家二级演员")),
    "press": (("副高级", "主任记者"), ("中级", "记者")),
    "lawyer": (("副高级", "二级律师"), ("中级", "三级律师")),
}
SCHOOLS: dict[str, tuple[str, ...]] = {
    "teacher": ("山西师范大学 汉语言文学", "太原师范学院 数学与应用数学", "长治学院 英语"),
    "doctor": ("山西医科大学 临床医学", "长治医学院 临床医学", "山西中医药大学 中医学"),
    "agri": ("山西农业大学 农学", "山西农业大学 园艺", "山西农业大学 动物医学"),
    "econ": ("山西财经大学 会计学", "山西财经大学 金融学", "山西大学 经济学"),
    "engineer": ("太原理工大学 电气工程及其自动化", "中北大学 机械设计制造及其自动化"),
    "culture": ("山西大学 美术学", "山西艺术职业学院 戏曲表演", "山西大学 历史学"),
    "press": ("山西大学 新闻学", "山西传媒学院 广播电视编导"),
    "lawyer": ("山西大学 法学", "中国政法大学 法学"),
    "": ("山西大学 汉语言文学", "中共山西省委党校 经济管理", "山西财经大学 行政管理"),
}
_BUREAUS = (
    "发展和改革局", "农业农村局", "住房和城乡建设管理局", "卫生健康局", "文化和旅游局", "民政局",
    "财政局", "自然资源局", "交通运输局", "水利局", "商务局", "应急管理局", "市场监督管理局",
    "医疗保障局", "人力资源和社会保障局", "审计局", "林业局", "行政审批服务管理局",
)  # fmt: skip
_SCHOOLS = ("第一中学", "第二中学", "第三中学", "实验中学", "实验小学", "城关小学", "示范中学")
_BRANDS = (
    "鑫源", "华远", "金泰", "瑞丰", "德润", "恒达", "宏盛", "众诚", "丰泽", "天成", "晋丰", "太行",
    "上党", "长荣", "汇通", "康源", "佳禾", "绿源", "正大", "聚丰",
)  # fmt: skip
_TRADES = (
    "农业科技", "煤业", "建设工程", "商贸", "房地产开发", "食品", "药业", "新能源科技", "物流",
    "建材", "餐饮管理", "文化传媒", "中药材",
)  # fmt: skip
_FARMS = ("中药材", "谷子", "蔬菜", "食用菌", "核桃", "小杂粮", "肉牛养殖", "生猪养殖")
VILLAGES = (
    "东庄", "西河", "南岭", "北坡", "柳树沟", "石门", "杏园", "张家庄", "李村", "王家坡", "大沟",
    "河头", "岭上", "后沟", "红星", "新庄", "马村", "郭村", "崇贤", "东王", "西申", "南漳",
)  # fmt: skip


def township_posts(township: str) -> tuple[str, str]:
    """(Party secretary post, head post) of a township, county or district."""
    last = township[-1]
    if last in "镇乡":
        return f"{township}党委书记", f"{township}人民政府{last}长"
    return f"中共{township}委书记", f"{township}人民政府{last}长"


@dataclass(frozen=True)
class Profile:
    work_unit_post: str
    employer_type: str
    professional_title: str
    title_level: str
    education: str
    degree: str
    school_major: str


def _education(rng: random.Random, employer_type: str, title_kind: str) -> tuple[str, str]:
    if employer_type in ("村（社区）", "宗教团体", "其他") and not title_kind:
        edu = rng.choices(("大学", "大专", "中专", "高中", "初中及以下"), (25, 35, 15, 20, 5))[0]
    elif title_kind in ("doctor", "teacher") or employer_type == "党政机关":
        edu = rng.choices(("研究生", "大学", "大专"), (25, 68, 7))[0]
    else:
        edu = rng.choices(("研究生", "大学", "大专", "中专"), (12, 58, 24, 6))[0]
    if edu == "研究生":
        return edu, rng.choices(("硕士", "博士"), (88, 12))[0]
    if edu == "大学":
        return edu, rng.choices(("学士", "无"), (80, 20))[0]
    return edu, "无"


_PARTY_POSTS = ("党委", "党组", "党支部", "党总支", "中共", "{sec}")


def _non_party(templates: tuple[Template, ...]) -> tuple[Template, ...]:
    return tuple(t for t in templates if not any(w in t[0] for w in _PARTY_POSTS))


def make_profile(
    rng: random.Random, place: str, sector: str, township: str, *, senior: bool, cpc: bool
) -> Profile:
    """A member's job and qualifications; ``senior`` (常委, leaders) favours the first,
    most senior templates of the list. Posts in Party organs go to CPC members only."""
    templates = BY_SECTOR.get(sector, PROFESSIONAL)
    if not cpc:
        templates = _non_party(templates) or _non_party(PROFESSIONAL)
    if senior:
        template, employer_type, kind = templates[rng.randrange(min(2, len(templates)))]
    else:
        template, employer_type, kind = rng.choice(templates)
    secretary, head = township_posts(township)
    brand = rng.choice(_BRANDS)
    text = template.format(
        p=place,
        t=township,
        v=rng.choice(VILLAGES),
        co=f"山西{brand}{rng.choice(_TRADES)}有限公司",
        bu=rng.choice(_BUREAUS),
        sch=rng.choice(_SCHOOLS),
        sec=secretary,
        head=head,
        brand=brand,
        farm=rng.choice(_FARMS),
    )
    education, degree = _education(rng, employer_type, kind)
    level, title = ("", "")
    if kind and rng.random() < 0.85:
        level, title = rng.choice(TITLES[kind])
    school = ""
    if education in ("研究生", "大学", "大专"):
        school = rng.choice(SCHOOLS.get(kind, SCHOOLS[""]))
    return Profile(text, employer_type, title, level, education, degree, school)
