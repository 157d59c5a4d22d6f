"""协商议事 platforms and their sessions, 文史 publications and media reports for the demo.

Runs after every other stage, so the records made before it stay the same for a given seed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.demo.context import DemoContext
from app.demo.dates import random_day
from app.domain.enums import MediaLevel, PlatformLevel, UnitKind

_VILLAGES = ("东关村", "西街村", "南庄村", "北坡村", "新华社区", "和平社区")
_TOPICS = ("村道硬化和路灯安装", "老旧小区加装电梯", "农村生活垃圾分类", "留守老人助餐服务",
           "集体经济合作社发展", "小区停车难", "农田灌溉水渠修缮", "村卫生室标准化建设",
           "乡村旅游民宿规范", "防汛隐患排查整治")
_OUTLETS = (("人民政协报", MediaLevel.CENTRAL, 1), ("山西日报", MediaLevel.PROVINCIAL, 2),
            ("山西政协报", MediaLevel.PROVINCIAL, 3), ("长治日报", MediaLevel.CITY, 4),
            ("上党晚报", MediaLevel.CITY, 3), ("{p}融媒体中心", MediaLevel.COUNTY, 6))
_REPORTS = ("委员之家里的“有事来商量”", "{p}政协：协商议事解难题", "把协商平台搭到群众家门口",
            "{p}政协委员积极建言献策", "文史资料出版座谈会召开", "民主监督助推民生实事")


def build_grassroots(ctx: DemoContext) -> None:
    rng = ctx.rng
    w = ctx.writer
    years = range(ctx.window_start.year, ctx.today.year + 1)
    established = ctx.window_start - dt.timedelta(days=365)
    platforms: list[int] = []
    for i, group in enumerate(ctx.units_of(UnitKind.LIAISON_GROUP)):
        town = group.township
        platforms.append(w.add("platforms", name=f"{town}协商议事会",
                               level=PlatformLevel.TOWNSHIP, unit_id=group.id, town=town,
                               established_on=established))
        village = _VILLAGES[i % len(_VILLAGES)]
        level = PlatformLevel.COMMUNITY if village.endswith("社区") else PlatformLevel.VILLAGE
        platforms.append(w.add("platforms", name=f"{town}{village}协商议事室", level=level,
                               unit_id=group.id, town=town, established_on=established))
    for home in ctx.units_of(UnitKind.MEMBER_HOME):
        platforms.append(w.add("platforms", name=home.name, level=PlatformLevel.MEMBER_HOME,
                               unit_id=home.id, town=home.township,
                               established_on=established))
    for year in years:
        start = max(dt.date(year, 1, 1), ctx.window_start)
        end = min(dt.date(year, 12, 31), ctx.today)
        for platform_id in platforms:
            for _ in range(rng.randint(1, 3)):
                day = random_day(rng, start, end)
                session_id = w.add("platform_sessions", platform_id=platform_id, held_on=day,
                                   topic=rng.choice(_TOPICS), participants=rng.randint(12, 60),
                                   results_done=rng.choice((None, 0, 1, 1, 2, 3)))
                for position, member_id in enumerate(ctx.pick_weighted(day, rng.randint(1, 3)),
                                                     start=1):
                    w.add("platform_session_members", session_id=session_id,
                          member_id=member_id, position=position)
        _publicity(ctx, year, start, end)


def _publicity(ctx: DemoContext, year: int, start: dt.date, end: dt.date) -> None:
    rng, w, place = ctx.rng, ctx.writer, ctx.place
    editor = next((u.name for u in ctx.units if "文史" in u.name), ctx.office.name)
    for n in range(rng.randint(1, 2)):
        w.add("publications", title=f"《{place}文史》第{(year - 2000) * 2 + n}辑",
              volumes=rng.randint(1, 3), words=Decimal(rng.randint(150, 400)) / 10,
              published_on=random_day(rng, start, end), editor_unit=editor)
    weights = [o[2] for o in _OUTLETS]
    for _ in range(rng.randint(6, 12)):
        outlet, level, _weight = rng.choices(_OUTLETS, weights)[0]
        w.add("media_reports", title=rng.choice(_REPORTS).format(p=place),
              outlet=outlet.format(p=place), level=level,
              reported_on=random_day(rng, start, end))
