"""Seed 1's 2023 as an office would have it in Excel: the workbooks a clerk of 长子县政协 keeps
(委员名册, 机构, 承办单位, 会议活动 with attendance, 活动成果, 提案 through 立案/重点/督办/答复,
社情民意 with 上报 and 采用, 表彰, 批示, 协商议事平台 and 议事活动, 文史资料, 媒体报道), with counts
chosen so that the records hold the figures seed 1 prints (全年共立案236件, 412篇 …).

The files are messy the way an office's files are: a title row above the header, headers
that are aliases of the template's (出生年月, 提案人 …), several date forms (2023.3.10,
2023年3月10日, 20230310, real dates), blank lines, a 合计 row. ``write_year`` writes them
and returns the import commands in the order a clerk runs them (the setup first).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, ClassVar

from openpyxl import Workbook

YEAR = 2023
SETUP = ["setup", "--name", "政协长子县委员会", "--region", "长子县", "--level", "县",
         "--parent-region", "长治市", "--founded-year", "1984", "--term", "十",
         "--term-start", "2021-12-20", "--session", "一次:2021-12-20"]

# ── the figures seed 1 prints, as the fixture's records hold them ────────────────────────
OFFICE_STUDY = 41  # 县政协机关全年开展专题学习41次
GROUP_STUDY = 33  # 各界（别组）开展33次
REPORTS = 15  # 形成高质量协商报告15篇
INSPECTIONS = 12  # 先后开展视察调研10余次 (the year's 视察 and 调研: 7 + 5)
ACCEPTED = 236  # 全年共立案236件
KEY = 10  # 确定重点提案10件
SUPERVISED = 80  # 督办提案80件 (住建、农业、教育 most)
OPINIONS = 412  # 全年共收集社情民意信息412篇
TO_CITY, TO_PROVINCE, TO_NATION = 108, 32, 10  # 编辑上报市政协108篇、省政协32篇、全国政协10篇
PROMOTION_MEETINGS = 2  # 先后两次召开观摩推进会
PLATFORM_MEMBER_TIMES = 113  # 参与协商议事活动110余次
HIGHER_HONORS = 23  # 受省、市表彰的政协委员达20余人次
NATIONAL_TITLE = "强化林权管理，防止药材抢青滥采"

SURNAMES = ("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
            "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦"
            "江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
         "明", "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文博", "晓东", "海燕", "志强",
         "红梅", "国庆", "春生", "卫东", "晋平", "丹", "瑞", "鹏", "慧", "俊峰", "雪梅", "宏伟",
         "海涛"]
SECTORS = [  # 界别 → 界别组 (the county preset of ``setup``) and how many members it has
    ("中共", "中共组", 14), ("民革", "民主党派和无党派组", 3), ("民盟", "民主党派和无党派组", 4),
    ("民建", "民主党派和无党派组", 3), ("民进", "民主党派和无党派组", 3),
    ("农工党", "民主党派和无党派组", 2), ("九三学社", "民主党派和无党派组", 2),
    ("无党派人士", "民主党派和无党派组", 5), ("共青团和青联", "群团组", 4), ("总工会", "群团组", 4),
    ("妇联", "群团组", 5), ("科协", "群团组", 3), ("工商联", "经济组", 8), ("经济界", "经济组", 12),
    ("农业界", "农业组", 12), ("教育界", "教育组", 10), ("文化艺术界", "文化新闻组", 7),
    ("新闻出版界", "文化新闻组", 4), ("医药卫生界", "医卫组", 9),
    ("社会福利和社会保障界", "社会和民族宗教组", 4), ("少数民族界", "社会和民族宗教组", 2),
    ("宗教界", "社会和民族宗教组", 2), ("特别邀请人士", "特邀组", 8)]
DEPARTMENTS = [  # 承办单位: name, 简称, and the 督办提案 each leads (住建、农业、教育 first)
    ("长子县住房和城乡建设局", "住建", 20), ("长子县农业农村局", "农业", 16),
    ("长子县教育局", "教育", 12), ("长子县发展和改革局", "发改", 6),
    ("长子县卫生健康局", "卫健", 6),
    ("长子县文化和旅游局", "文旅", 5), ("长子县交通运输局", "交通", 5),
    ("长子县自然资源局", "自然资源", 4), ("长治市生态环境局长子分局", "生态环境", 3),
    ("长子县应急管理局", "应急", 3)]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def _messy(day: dt.date, n: int) -> Any:
    """A date in one of the forms offices type (or a real Excel date)."""
    form = n % 4
    if form == 0:
        return day
    if form == 1:
        return f"{day.year}.{day.month}.{day.day}"
    if form == 2:
        return f"{day.year}年{day.month}月{day.day}日"
    return day.strftime("%Y-%m-%d")


def _book(path: Path, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
          footer: Sequence[Sequence[Any]] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    for row in footer:
        ws.append(list(row))
    wb.save(path)
    return path


class Roster:
    """The 第十届 members: 吴斌 (主席), four 副主席, a 秘书长, the members seed 1 names."""

    def __init__(self) -> None:
        rng = random.Random(1984)
        names = [s + g for g in GIVEN for s in SURNAMES]
        rng.shuffle(names)
        fixed = ["吴斌", "张琳", "杨路", "李科杰", "郭晋生", "申红霞", "牛建国", "秦晓燕"]
        pool = iter(n for n in names if n not in fixed)
        self.rows: list[dict[str, Any]] = []
        taken = 0
        for sector, group, count in SECTORS:
            for _ in range(count):
                name = fixed[taken] if taken < len(fixed) else next(pool)
                taken += 1
                self.rows.append({"name": name, "sector": sector, "group": group})
        for i, r in enumerate(self.rows):
            r["post"] = ("主席" if i == 0 else "副主席" if i <= 4 else "秘书长" if i == 5
                         else "常委" if i % 5 == 0 else "委员")
            r["standing"] = r["post"] != "委员"
            r["birth"] = dt.date(1960 + i % 25, 1 + i % 12, 1 + i % 27)
            r["added"] = None
        # 增补 in 2023: three members at 十届三次会议, two of them also 常委
        for r, standing in zip(self.rows[-3:], (True, True, False), strict=True):
            r["added"] = dt.date(2023, 3, 9)
            r["standing"] = standing
            r["post"] = "常委" if standing else "委员"
        self.names = [r["name"] for r in self.rows]
        self.by_group: dict[str, list[str]] = {}
        for r in self.rows:
            self.by_group.setdefault(r["group"], []).append(r["name"])
        self.standing = [r["name"] for r in self.rows if r["standing"]]


def members_book(folder: Path, roster: Roster) -> Path:
    header = ["序号", "姓名", "性别", "民族", "出生年月", "党派", "届次", "界别", "政协职务",
              "常委", "任常委日期", "产生方式", "任职日期", "工作单位及职务"]
    rows = []
    for i, r in enumerate(roster.rows):
        b = r["birth"]
        birth = [f"{b.year}.{b.month:02d}", f"{b.year}-{b.month:02d}", f"{b.year}年{b.month}月",
                 b][i % 4]
        party = ("中共" if r["sector"] in ("中共", "共青团和青联") else r["sector"]
                 if r["sector"] in ("民革", "民盟", "民建", "民进", "农工党", "九三学社")
                 else "群众")
        rows.append([i + 1, r["name"], "女" if i % 3 == 1 else "男", "汉族", birth, party,
                     "第十届" if i % 2 else "十届", r["sector"], r["post"],
                     "是" if r["standing"] else "否",
                     _messy(r["added"], i) if r["added"] and r["standing"] else None,
                     "增补" if r["added"] else "换届产生",
                     _messy(r["added"], i) if r["added"] else "2021.12.20",
                     f"长子县某单位职务{i + 1}"])
    return _book(folder / "01 委员名册.xlsx", "政协第十届长子县委员会委员名册（2023年12月）",
                 header, rows, footer=[[], ["注：共" + str(len(rows)) + "名委员。"]])


def terms_books(folder: Path) -> list[tuple[str, Path]]:
    terms = _book(folder / "02 届次.xlsx", "长子县政协届次", ["届次", "开始日期", "结束日期"],
                  [["第十届", "2021年12月20日", None]])
    sessions = _book(folder / "03 全体会议.xlsx", "政协第十届长子县委员会历次全体会议",
                     ["届次", "会议", "开幕日期", "闭幕日期", "地点"],
                     [["第十届", "一次会议", "2021.12.20", "2021.12.23", "长子县会议中心"],
                      ["第十届", "二次会议", dt.date(2022, 3, 8), dt.date(2022, 3, 11),
                       "长子县会议中心"],
                      ["第十届", "十届三次会议", "2023-03-10", "2023-03-13", "长子县会议中心"],
                      ["第十届", "四次会议", "2024年4月23日", "2024年4月25日", "长子县会议中心"]])
    return [("terms", terms), ("plenary_sessions", sessions)]


def units_book(folder: Path, roster: Roster) -> Path:
    rows: list[list[Any]] = []
    for group, names in roster.by_group.items():
        for i, name in enumerate(names):
            rows.append([group if i == 0 else None, "界别组" if i == 0 else None, name,
                         "召集人" if i == 0 else "成员", "2021.12.20"])
    town = "丹朱镇政协工作联络组"
    for i, name in enumerate(roster.names[20:26]):
        rows.append([town if i == 0 else None, "乡镇联络组" if i == 0 else None, name,
                     "组长" if i == 0 else "成员", "2023-03-20"])
    return _book(folder / "04 机构及成员.xlsx", "界别组和乡镇联络组成员名单",
                 ["机构名称", "机构类型", "委员", "职务", "起始日期"], rows)


def departments_book(folder: Path) -> Path:
    return _book(folder / "05 承办单位.xlsx", "提案承办单位名单", ["承办单位", "单位简称", "类型"],
                 [[name, short, "政府部门"] for name, short, _n in DEPARTMENTS])


class Events:
    """The year's 会议活动 rows, with the outcomes that come out of some of them."""

    HEADER: ClassVar[list[str]] = [
        "活动名称", "类型", "开始日期", "结束日期", "地点", "组织单位", "所属全会", "届内次序",
        "主题", "出席委员", "请假委员", "非委员参加人数", "服务群众（人次）", "备注"]

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.rows: list[list[Any]] = []
        self.outcomes: list[list[Any]] = []
        self.rng = random.Random(2023)

    def add(self, title: str, kind: str, day: dt.date, organizer: str, present: list[str],
            excused: Sequence[str] = (), *, place: str = "", session: str = "",
            seq: int | None = None, topic: str = "", guests: int | None = None,
            served: int | None = None) -> None:
        n = len(self.rows)
        self.rows.append([title, kind, _messy(day, n), None, place, organizer, session, seq,
                          topic, "、".join(present),
                          "、".join(f"{m}（出差）" for m in excused), guests, served, None])

    def outcome(self, event_title: str, day: dt.date, title: str, kind: str, aspects: int,
                items: int) -> None:
        self.outcomes.append([_messy(day, len(self.outcomes) + 1), event_title, title, kind,
                              _messy(day + dt.timedelta(days=20), len(self.outcomes)),
                              aspects or None, items or None, "县委、县政府"])

    def build(self) -> None:
        r, rng = self.roster, self.rng
        names = r.names
        leaders = names[:6]
        # 十届三次会议: every member expected, four excused
        self.add("政协第十届长子县委员会第三次会议", "全体会议", dt.date(2023, 3, 10), "办公室",
                 names[:-4], names[-4:], place="长子县会议中心",
                 session="十届三次会议")
        for i, day in enumerate([dt.date(2023, 3, 9), dt.date(2023, 6, 28),
                                  dt.date(2023, 9, 26), dt.date(2023, 12, 22)]):
            self.add(f"十届县政协第{8 + i}次常委会议", "常委会议", day, "办公室",
                     r.standing[1:], r.standing[:1] if i == 2 else (), seq=8 + i)
        for i in range(6):
            self.add(f"十届县政协第{20 + i}次主席会议", "主席会议",
                     dt.date(2023, 2 + i * 2, 15), "办公室", leaders)
        for i in range(OFFICE_STUDY):  # 机关 专题学习: the chairs attend
            day = dt.date(2023, 1, 6) + dt.timedelta(days=8 * i)
            self.add(f"县政协机关第{i + 1}次专题学习", "专题学习", day, "办公室", leaders[:3])
        groups = list(r.by_group)
        for i in range(GROUP_STUDY):
            group = groups[i % len(groups)]
            members = r.by_group[group]
            self.add(f"{group}专题学习（{i // len(groups) + 1}）", "专题学习",
                     dt.date(2023, 2 + i % 10, 10 + i % 15), group, members[1:], members[:1])
        self.add("学习贯彻中共二十大精神专题培训班", "培训", dt.date(2023, 4, 18), "办公室", names,
                 place="县委党校")
        self.add("文史研究读书会", "读书活动", dt.date(2023, 5, 20), "文化新闻组",
                 r.by_group["文化新闻组"])
        self.add("“书香政协 悦读谱华章”读书分享会", "读书活动", dt.date(2023, 4, 23), "群团组",
                 r.by_group["群团组"])
        # 视察 and 调研: 12, two of them the research behind seed 1's two reports
        visits = ["城市防洪排涝及生态环境综合治理工程", "体育（儿童）公园项目", "专业市场建设",
                  "乡村振兴战略推进", "重点项目建设", "优化营商环境", "城乡一体化"]
        for i, topic in enumerate(visits):
            self.add(f"视察{topic}", "视察", dt.date(2023, 4 + i, 12), "办公室",
                     rng.sample(names, 15), topic=topic)
        research = [
            ("赴晋城市高平、泽州学习考察文旅康养集聚区建设", "晋城市高平市、泽州县",
             "文旅康养集聚区建设"),
            ("壮大农村集体经济经营性收入专题调研", "全县28个典型村", "壮大农村集体经济"),
            ("重点项目建设难点堵点专题调研", "长子县经济技术开发区", "重点项目建设"),
            ("产品综合利用专题调研", "长子县", "产品综合利用"),
            ("县域医疗卫生服务专题调研", "长子县", "县域医疗卫生")]
        for i, (title, place, topic) in enumerate(research):
            self.add(title, "调研", dt.date(2023, 5 + i, 8), "经济科技委员会" if i != 1
                     else "农业农村委员会", rng.sample(names, 12), place=place, topic=topic)
        consult = [("围绕创优营商环境专题协商会", "专题协商会"),
                   ("加快项目建设对口协商会", "对口协商会"),
                   ("深化招商引资界别协商会", "界别协商会")]
        for i, (title, kind) in enumerate(consult):
            self.add(title, kind, dt.date(2023, 6 + i, 20), "提案委员会", rng.sample(names, 20))
        # 15 reports: the two seed 1 quotes and thirteen more
        k = research[0][0]
        self.outcome(k, dt.date(2023, 5, 8), "关于加快文旅康养集聚区建设的调研报告", "调研报告",
                     4, 13)
        self.outcome(research[1][0], dt.date(2023, 6, 8),
                     "关于壮大农村集体经济经营性收入的调研报告", "调研报告", 5, 17)
        sources = ([(t, dt.date(2023, 5 + i, 8), "调研报告") for i, (t, _p, _t) in
                    enumerate(research)][2:] +
                   [(f"视察{v}", dt.date(2023, 4 + i, 12), "视察报告") for i, v in
                    enumerate(visits)] +
                   [(t, dt.date(2023, 6 + i, 20), "协商报告") for i, (t, _k) in enumerate(consult)])
        for title, day, kind in sources[:REPORTS - 2]:
            self.outcome(title, day, f"关于{title.removeprefix('视察')}的{kind}", kind, 0, 0)
        for i in range(PROMOTION_MEETINGS):
            self.add(f"“有事来商量”平台建设观摩推进会（{'一二'[i]}）", "观摩推进会",
                     dt.date(2023, 5 + i * 5, 25), "办公室", leaders + rng.sample(names[6:], 10))
        self.add("联系“中国作家太行笔会”采风团采风", "联谊", dt.date(2023, 8, 16),
                 "文史和学习委员会", names[6:9], place="法兴寺、木化石公园", guests=34)
        self.add("市政协机关离退休人员和政协委员参观重点项目", "联谊", dt.date(2023, 9, 12),
                 "办公室", names[9:21], guests=41)
        self.add("接待李世雄博士考察交流", "接待", dt.date(2023, 10, 9), "办公室", leaders[:2])
        for i, town in enumerate(["丹朱镇", "鲍店镇", "石哲镇"]):
            self.add(f"{town}“进基层联系群众”活动", "进基层联系群众", dt.date(2023, 7 + i, 5),
                     "办公室", rng.sample(names, 25), served=None)

    def books(self, folder: Path) -> list[tuple[str, Path]]:
        events = _book(folder / "06 2023年会议活动.xlsx", "县政协2023年会议活动登记表",
                       self.HEADER, self.rows)
        outcomes = _book(folder / "07 2023年协商调研成果.xlsx", "2023年协商调研成果",
                         ["活动日期", "活动名称", "成果标题", "成果类型", "形成日期", "建议方面数",
                          "建议条数", "报送对象"], self.outcomes)
        return [("events", events), ("outcomes", outcomes)]


def proposals_book(folder: Path, roster: Roster) -> Path:
    """十届三次会议's proposals (and a few 闭会期间): 242 received, 236 立案, all answered."""
    rng = random.Random(236)
    names = roster.names
    supervised = [short for _n, short, count in DEPARTMENTS for _ in range(count)]
    assert len(supervised) == SUPERVISED
    shorts = [short for _n, short, _c in DEPARTMENTS]
    header = ["会议", "提案号", "案由", "类别", "提案人", "提交日期", "审查结果", "审查日期",
              "审查意见", "重点提案", "督办层级", "督办领导", "承办单位", "交办日期", "答复日期",
              "办理结果", "满意度", "评价日期"]
    rows: list[list[Any]] = []
    categories = ["经济发展", "农业农村", "城乡建设与管理", "教育", "医疗卫生", "文化旅游",
                  "社会事业与民生保障"]
    for i in range(ACCEPTED):
        in_session = i < ACCEPTED - 4
        number = i + 1 if in_session else i - (ACCEPTED - 4) + 1
        filed = dt.date(2023, 3, 10) if in_session else dt.date(2023, 6 + number, 3)
        lead = rng.sample(names, 1 + (i % 4 == 0))
        if i < SUPERVISED:
            dept = supervised[i]
            level = "党政领导领衔督办" if i < KEY else "政协领导督办" if i % 2 else "专委会督办"
            leader = "县委副书记" if i < KEY else "县政协副主席" if i % 2 else ""
        else:
            dept = shorts[3 + i % 7]
            level = leader = ""
        rows.append([
            "十届三次会议" if in_session else "闭会期间",
            [f"十届三次会议第{number:03d}号", number, f"{number:03d}"][i % 3] if in_session
            else number,
            f"关于{categories[i % 7]}的建议（{i + 1}）", categories[i % 7], "、".join(lead),
            _messy(filed, i), "立案", _messy(filed + dt.timedelta(days=10), i + 1), None,
            "是" if i < KEY else None, level or None, leader or None, dept,
            _messy(filed + dt.timedelta(days=20), i + 2),
            _messy(filed + dt.timedelta(days=80), i + 3), "A" if i % 3 else "B",
            "满意" if i % 5 else "基本满意", _messy(filed + dt.timedelta(days=95), i)])
    for j, result in enumerate(["不予立案", "不予立案", "转意见建议", "转意见建议", "转意见建议",
                                "不予立案"]):
        rows.append(["十届三次会议", ACCEPTED - 4 + j + 1, f"关于个人诉求事项的意见（{j + 1}）",
                     None, names[30 + j], "2023年3月11日", result, "2023-03-20",
                     "属个人诉求，不符合立案条件" if result == "不予立案" else "转有关部门参考",
                     None, None, None, None, None, None, None, None, None])
    return _book(folder / "08 十届三次会议提案及办理情况.xlsx",
                 "政协第十届长子县委员会第三次会议以来提案办理情况一览表", header, rows,
                 footer=[["合计", f"{len(rows)}件"]])


def opinions_book(folder: Path, roster: Roster) -> Path:
    """412 items received in 2023; 108 上报市政协, 32 of them also 省政协, 10 also 全国政协."""
    rng = random.Random(412)
    header = ["登记号", "标题", "收到日期", "报送人", "归口单位", "上报层级", "上报日期", "已采用",
              "采用日期", "采用刊物"]
    rows: list[list[Any]] = []
    for i in range(OPINIONS):
        received = dt.date(2023, 1, 4) + dt.timedelta(days=i * 350 // OPINIONS)
        title = NATIONAL_TITLE if i == 5 else f"关于改进基层工作的建议（{i + 1}）"
        submitter = "李科杰" if i == 5 else rng.choice(roster.names)
        levels = (["市政协"] if i < TO_CITY else []) + (["省政协"] if i < TO_PROVINCE else []) + (
            ["全国政协"] if i < TO_NATION else [])
        first = [f"CZ2023-{i + 1:03d}", title, _messy(received, i), submitter, "研究室"]
        if not levels:
            rows.append([*first, None, None, None, None, None])
        for j, level in enumerate(levels):
            sent = received + dt.timedelta(days=5 + j * 5)
            adopted = i == 5 and level == "全国政协"
            rows.append([*(first if j == 0 else [None] * 5), level, _messy(sent, i + j),
                         "是" if adopted else None,
                         _messy(sent + dt.timedelta(days=20), i) if adopted else None,
                         "《每日社情》" if adopted else None])
    return _book(folder / "09 2023年社情民意信息登记表.xlsx",
                 "县政协2023年社情民意信息收集上报登记表", header, rows)


def honors_book(folder: Path, roster: Roster) -> Path:
    """Seed 1's three named honors first (省级), then 20 more 市级 (23 人次 above the county),
    a few 县级 ones, and the committee's own 先进单位."""
    rows: list[list[Any]] = [
        ["张琳", None, "全省社会治理综治中心矛盾纠纷化解案例竞赛一等奖", "省级", "2023-03-15",
         "山西省委政法委"],
        ["杨路", None, "全省“扫黄打非”先进个人", "省级", "2023.6.20", "山西省“扫黄打非”工作小组"],
        ["李科杰", None, "省委统战部优秀信息员", "省级", "2023年9月1日", "中共山西省委统战部"],
        ["张琳", None, "市妇联“最美执委”", "市级", "2023-03-08", "长治市妇联"],
        ["李科杰", None, "市委统战部优秀信息员", "市级", "2023-09-05", "中共长治市委统战部"]]
    for i, name in enumerate(roster.names[40:58]):
        rows.append([name, None, f"长治市优秀工作者（{i + 1}）", "市级", f"2023.{4 + i % 8}.10",
                     "长治市人民政府"])
    for name in roster.names[60:65]:
        rows.append([name, None, "长子县政协2023年度模范委员", "县级", "2023-12-22", "长子县政协"])
    rows.append([None, "县政协", "全市反映社情民意信息工作先进单位", "市级", "2023-12-26",
                 "长治市政协"])
    assert sum(1 for r in rows if r[0] and r[3] in ("省级", "市级")) == HIGHER_HONORS
    return _book(folder / "10 2023年表彰.xlsx", "2023年委员及县政协受表彰情况",
                 ["委员", "受表彰单位", "荣誉名称", "表彰级别", "表彰日期", "授予单位"], rows)


def platform_books(folder: Path, roster: Roster) -> list[tuple[str, Path]]:
    towns = ["丹朱镇", "鲍店镇", "石哲镇", "大堡头镇", "慈林镇", "色头镇", "南漳镇", "宋村乡",
             "南陈乡", "碾张乡", "常张乡"]
    platforms: list[list[Any]] = [[f"{t}协商议事会", "乡镇（街道）", t, "办公室", "2022.6.1"]
                                  for t in towns]
    platforms += [[f"{t}中心村协商议事室", "村", t, None, "2022-09-01"] for t in towns[:6]]
    plat = _book(folder / "11 协商议事平台.xlsx", "“有事来商量”协商议事平台",
                 ["平台名称", "平台层级", "所属乡镇（街道）", "联系机构", "建立日期"], platforms)
    rng = random.Random(110)
    sessions: list[list[Any]] = []
    left = PLATFORM_MEMBER_TIMES
    i = 0
    while left:
        take = min(left, 2 + i % 3)
        left -= take
        p = platforms[i % len(platforms)]
        day = dt.date(2023, 1 + i % 12, 3 + i % 25)
        sessions.append([p[0], _messy(day, i), f"议题{i + 1}：村内道路和环境整治", 10 + take,
                         "、".join(rng.sample(roster.names, take)), 1 if i % 2 else None])
        i += 1
    sess = _book(folder / "12 2023年协商议事活动.xlsx", "2023年“有事来商量”协商议事活动登记",
                 ["协商议事平台", "议事日期", "议题", "参加人数", "参加委员", "办成实事（件）"],
                 sessions)
    return [("platforms", plat), ("platform_sessions", sess)]


def publicity_books(folder: Path) -> list[tuple[str, Path]]:
    pubs = _book(folder / "13 文史资料.xlsx", "县政协文史资料编印情况",
                 ["书名", "册数", "字数（万字）", "出版日期", "编印单位"],
                 [["长子“国保”100问", 1, 12.5, "2023.10.15", "文史和学习委员会"],
                  ["雪川稿（点校本）", 1, 8, "2023年11月", "文史和学习委员会"],
                  ["临症经录（整理本）", 1, 6.2, "2023-12-01", "文史和学习委员会"]])
    media = _book(folder / "14 媒体报道.xlsx", "2023年媒体报道县政协工作情况",
                  ["报道标题", "媒体名称", "媒体层级", "报道日期"],
                  [["长子县政协：文史研究读书会讲述长子故事", "《政协报》", "省级", "2023-06-02"],
                   ["长子政协开展文史研究读书活动", "上党晚报", "市级", "2023.6.9"]])
    return [("publications", pubs), ("media_reports", media)]


def instructions_book(folder: Path) -> Path:
    return _book(folder / "15 领导批示.xlsx", "2023年领导批示登记",
                 ["批示对象", "提案号", "对象标题", "对象日期", "活动名称", "领导层级", "批示领导",
                  "批示日期"],
                 [["活动成果", None, "关于加快文旅康养集聚区建设的调研报告", "2023-05-08",
                   "赴晋城市高平、泽州学习考察文旅康养集聚区建设", "县级领导", "县委书记",
                   "2023-06-20"]])


def write_year(folder: Path) -> list[tuple[str, Path]]:
    """Write the workbooks into ``folder``; the (kind, file) imports in a clerk's order."""
    folder.mkdir(parents=True, exist_ok=True)
    roster = Roster()
    events = Events(roster)
    events.build()
    return [*terms_books(folder), ("members", members_book(folder, roster)),
            ("units", units_book(folder, roster)), ("departments", departments_book(folder)),
            *events.books(folder), ("proposals", proposals_book(folder, roster)),
            ("opinions", opinions_book(folder, roster)), ("honors", honors_book(folder, roster)),
            *platform_books(folder, roster), *publicity_books(folder),
            ("instructions", instructions_book(folder))]


def appraisals_2024_book(folder: Path) -> Path:
    """Seed 1's plan for 2024 carried out: 民主评议 of 县应急管理局 and 县文旅局, the target in the
    活动 主题 column (entered after the year, for the 2024 draft)."""
    return _book(folder / "16 2024年民主评议.xlsx", "2024年民主评议工作",
                 ["活动名称", "类型", "开始日期", "组织单位", "主题"],
                 [["对县应急管理局开展民主评议", "民主评议", "2024.6.18",
                   "社会法制和民族宗教委员会", "县应急管理局"],
                  ["对县文旅局开展民主评议", "民主评议", "2024年9月10日", "文史和学习委员会",
                   "县文旅局"]])
