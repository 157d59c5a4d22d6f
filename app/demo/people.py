"""One plausible person: the ``members`` row with consistent ID number, birth date, gender,
party, job and contact details."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from app.demo.context import DemoContext
from app.demo.derive import id_number, member_keys
from app.demo.profiles import make_profile
from app.domain.enums import CppccPost, Gender
from app.text.pinyin import name_pinyin

DEMOCRATIC_PARTIES = ("民革", "民盟", "民建", "民进", "农工党", "九三学社")
# A party's own 界别 seats its members; other 界别 have this share of CPC members.
PARTY_OF_SECTOR = {p: p for p in ("中共", *DEMOCRATIC_PARTIES, "无党派人士")}
CPC_SHARE: dict[str, float] = {
    "共青团和青联": 0.35, "总工会": 0.35, "妇联": 0.35, "工商联": 0.1, "科协": 0.25,
    "经济界": 0.2, "农业界": 0.35, "教育界": 0.3, "文化艺术界": 0.25, "新闻出版界": 0.4,
    "医药卫生界": 0.25, "社会福利和社会保障界": 0.35, "少数民族界": 0.25, "宗教界": 0.0,
    "特别邀请人士": 0.2,
}  # fmt: skip
FEMALE_SHARE: dict[str, float] = {
    "妇联": 0.85, "教育界": 0.45, "医药卫生界": 0.4, "文化艺术界": 0.4, "宗教界": 0.1,
    "中共": 0.2, "农业界": 0.15, "经济界": 0.2,
}  # fmt: skip
EXPERTISE: dict[str, str] = {
    "医药卫生界": "临床医学、基层医疗卫生服务", "教育界": "基础教育、教育管理",
    "农业界": "农业技术推广、农村集体经济", "经济界": "企业管理、金融服务",
    "工商联": "民营经济、企业经营管理", "文化艺术界": "文艺创作、非物质文化遗产保护",
    "新闻出版界": "新闻宣传", "特别邀请人士": "法律服务",
    "社会福利和社会保障界": "社会保障、养老服务",
}  # fmt: skip
_MOBILE_PREFIXES = (
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "130",
    "131", "132", "155", "156", "185", "186", "176", "187", "188", "177", "180", "181", "189",
    "199", "133", "153", "183", "198",
)  # fmt: skip
_NATIVE = ("山西长治", "山西高平", "山西晋城", "河南林州", "河北邯郸", "山西沁源", "山西屯留")
_ROADS = ("建设路", "人民路", "解放路", "英雄路", "府前街", "太行街", "长兴路", "新华街")
_OTHER_POSTS = ("{up}政协委员", "{p}青年企业家协会副会长", "{p}作家协会会员", "{p}工商联执委")


@dataclass
class Person:
    id: int
    name: str
    gender: Gender
    birth: dt.date
    party: str


class PersonMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self._ids: set[str] = set()
        self._mobiles: set[str] = set()
        subs = ctx.scale.subdivisions[: ctx.scale.liaison_groups] or (ctx.place,)
        self.townships = subs
        self._township_weights = [1.3 if i < 2 else 1.0 for i in range(len(subs))]

    def township(self) -> str:
        return self.ctx.rng.choices(self.townships, self._township_weights)[0]

    def party_for(self, sector: str) -> str:
        """A party for a member of ``sector``: its own party, else CPC at the sector's share."""
        rng = self.ctx.rng
        if sector in PARTY_OF_SECTOR:
            return PARTY_OF_SECTOR[sector]
        if rng.random() < CPC_SHARE.get(sector, 0.25):
            return "中共"
        roll = rng.random()
        if roll < 0.85:
            return "群众"
        if roll < 0.95:
            return "无党派人士"
        return rng.choice(DEMOCRATIC_PARTIES)

    def _unique(self, make: Callable[[], str], seen: set[str]) -> str:
        while True:
            value = make()
            if value not in seen:
                seen.add(value)
                return value

    def make(
        self,
        *,
        sector: str,
        age_on: dt.date,
        ages: tuple[int, int, int],
        township: str,
        senior: bool = False,
        post: CppccPost = CppccPost.MEMBER,
        party: str = "",
        party_rank: int = -1,
        card_no: str = "",
        created: dt.date | None = None,
    ) -> Person:
        """Write one member row. ``ages`` = (low, high, mode) on ``age_on``; ``party_rank``
        0/1 makes a democratic-party member the local 主委/副主委."""
        ctx, rng = self.ctx, self.ctx.rng
        female = rng.random() < FEMALE_SHARE.get(sector, 0.28)
        if post is CppccPost.CHAIR:
            female = rng.random() < 0.1
        gender = Gender.FEMALE if female else Gender.MALE
        name = ctx.names.name(gender)
        low, high, mode = ages
        age = round(rng.triangular(low, high, mode))
        birth = age_on - dt.timedelta(days=round(age * 365.25) + rng.randint(0, 364))
        if sector == "少数民族界":
            ethnicity = rng.choices(("回族", "满族", "蒙古族"), (60, 25, 15))[0]
        else:
            ethnicity = rng.choices(("汉族", "回族", "满族"), (97, 2, 1))[0]
        party = party or self.party_for(sector)
        profile = make_profile(rng, ctx.place, sector, township, senior=senior, cpc=party == "中共")
        unit_post = self._unit_post(post, party, party_rank, profile.work_unit_post)

        area = ctx.scale.area_codes[0] if rng.random() < 0.8 else rng.choice(ctx.scale.area_codes)
        parity = 1 if gender is Gender.MALE else 0  # the 17th digit: odd 男, even 女
        id_no = self._unique(
            lambda: id_number(area, birth, rng.randrange(0, 500) * 2 + parity), self._ids
        )
        mobile = self._unique(
            lambda: rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}", self._mobiles
        )
        joined_party = None
        if party == "中共":
            joined_party = birth + dt.timedelta(days=rng.randint(21 * 365, 34 * 365))
        elif party in DEMOCRATIC_PARTIES:
            joined_party = birth + dt.timedelta(days=rng.randint(30 * 365, 46 * 365))
        if joined_party is not None and joined_party > age_on:
            joined_party = age_on - dt.timedelta(days=rng.randint(200, 900))
        work_started = birth + dt.timedelta(days=rng.randint(19 * 365, 24 * 365))
        keys = member_keys(name)
        email = ""
        if rng.random() < 0.25:
            local = name_pinyin(name) or "zx"
            email = f"{local}{birth.year % 100:02d}@{rng.choice(('163.com', 'qq.com', '126.com'))}"
        other = ""
        if rng.random() < 0.12:
            up = ctx.scale.parent_region
            other = rng.choice(_OTHER_POSTS).format(p=ctx.place, up=up)
        resume = (
            f"{work_started:%Y.%m}—      参加工作\n"
            f"{max(work_started, age_on - dt.timedelta(days=rng.randint(400, 3000))):%Y.%m}—"
            f"      {unit_post}"
        )
        member_id = ctx.writer.add(
            "members",
            name=name,
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            native_place=f"山西{ctx.place[:-1]}" if rng.random() < 0.7 else rng.choice(_NATIVE),
            party=party,
            party_joined_on=joined_party,
            work_started_on=work_started,
            education=profile.education,
            degree=profile.degree,
            school_major=profile.school_major,
            professional_title=profile.professional_title,
            title_level=profile.title_level,
            work_unit_post=unit_post,
            employer_type=profile.employer_type,
            mobile=mobile,
            office_phone=f"0355-{rng.randrange(10**7):07d}" if rng.random() < 0.4 else "",
            address=f"{ctx.place}{township}{rng.choice(_ROADS)}{rng.randint(1, 199)}号",
            postcode="046000" if ctx.scale.is_city else "046600",
            email=email,
            id_number=id_no,
            member_card_no=card_no,
            other_posts=other,
            expertise=EXPERTISE.get(sector, ""),
            resume=resume,
            created_at=dt.datetime.combine(created or age_on, dt.time(9, 0)),
            **keys,
        )
        ctx.member_names[member_id] = name
        ctx.member_weight[member_id] = rng.lognormvariate(0, 0.8)
        return Person(member_id, name, gender, birth, party)

    def _unit_post(self, post: CppccPost, party: str, party_rank: int, job: str) -> str:
        place = self.ctx.place
        if post is CppccPost.CHAIR:
            return f"{place}政协主席"
        if post is CppccPost.SECRETARY_GENERAL:
            return f"{place}政协秘书长"
        if post is CppccPost.VICE_CHAIR:
            if party == "中共":
                return f"{place}政协副主席"
            if party in DEMOCRATIC_PARTIES:
                return f"{place}政协副主席、{party}{place}委员会主委"
            return f"{place}政协副主席，{job}"
        if party in DEMOCRATIC_PARTIES and party_rank in (0, 1):
            role = "主委" if party_rank == 0 else "副主委"
            return f"{party}{place}委员会{role}、{job}"
        return job
