"""表彰: members honoured at every level, and each year one honour for the committee itself."""

from __future__ import annotations

import datetime as dt

from app.demo.context import DemoContext
from app.demo.dates import random_day
from app.domain.enums import HonorLevel

# (title, awarding body, "local" | "up" | provincial | national, weight). {w}: 县/市 of the
# committee, {uw}: the level above (市/省); {p}/{up}: the place names.
_HONORS: tuple[tuple[str, str, str, float], ...] = (
    ("优秀政协委员", "政协{p}委员会", "local", 8),
    ("履职优秀委员", "政协{p}委员会", "local", 3),
    ("社情民意信息工作先进个人", "政协{p}委员会", "local", 3),
    ("全{w}优秀教师", "{p}人民政府", "local", 1),
    ("全{uw}优秀政协委员", "政协{up}委员会", "up", 3),
    ("全{uw}优秀信息员", "中共{up}委统战部", "up", 2),
    ("{up}妇联“最美执委”", "{up}妇女联合会", "up", 1),
    ("全{uw}“三八红旗手”", "{up}妇女联合会", "up", 1),
    ("全省“扫黄打非”先进个人", "山西省“扫黄打非”工作领导小组", "province", 1),
    ("全省优秀信息员", "中共山西省委统战部", "province", 1.5),
    ("山西省劳动模范", "山西省人民政府", "province", 0.5),
    ("全省社会治理矛盾纠纷化解案例竞赛一等奖", "中共山西省委政法委员会", "province", 0.5),
    ("全国五一劳动奖章", "中华全国总工会", "national", 0.1),
    ("全国三八红旗手", "全国妇联", "national", 0.08),
    ("全国优秀教师", "教育部", "national", 0.08),
)
_ORG_HONORS = ("全{uw}反映社情民意信息工作先进单位", "全{uw}政协提案工作先进集体")


def build_honors(ctx: DemoContext) -> None:
    rng, scale = ctx.rng, ctx.scale
    w = ctx.place_word
    uw = "省" if scale.is_city else "市"
    local = HonorLevel.CITY if scale.is_city else HonorLevel.COUNTY
    up = HonorLevel.PROVINCIAL if scale.is_city else HonorLevel.CITY
    levels = {
        "local": local,
        "up": up,
        "province": HonorLevel.PROVINCIAL,
        "national": HonorLevel.NATIONAL,
    }
    names = {"p": ctx.place, "up": scale.parent_region, "w": w, "uw": uw}
    weights = [h[3] for h in _HONORS]
    for index, year in enumerate(range(ctx.window_start.year, ctx.today.year + 1)):
        start = max(dt.date(year, 1, 1), ctx.window_start)
        end = min(dt.date(year, 12, 31), ctx.today)
        share = ((end - start).days + 1) / 365
        for _ in range(round(scale.honors_per_year * share)):
            title, body, level, _weight = rng.choices(_HONORS, weights)[0]
            day = random_day(rng, start, end)
            member = ctx.pick_weighted(day)
            if not member:
                continue
            ctx.writer.add(
                "honors",
                member_id=member[0],
                title=title.format(**names),
                level=levels[level],
                awarded_on=day,
                awarding_body=body.format(**names),
            )
        if share > 0.5:
            ctx.writer.add(
                "honors",
                recipient=f"{ctx.place}政协",
                title=_ORG_HONORS[index % len(_ORG_HONORS)].format(**names),
                level=up,
                awarded_on=random_day(rng, start, end),
                awarding_body=f"政协{scale.parent_region}委员会",
            )
