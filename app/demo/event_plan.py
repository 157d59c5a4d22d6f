"""What a county's year of meetings and activities looks like, and how they are titled.

``PLANS`` lists a typical county year; scalable rows are multiplied by the scale's
``activity_factor`` so that the same table yields the county set and the city benchmark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.demo import topics as tx
from app.demo.context import DemoContext, UnitInfo
from app.domain.enums import OutcomeKind, UnitKind
from app.text.numerals import cn_number

LEAVE_REASONS = (
    "因公出差", "身体原因", "参加县委重要会议", "外出学习培训", "家中有事", "住院治疗",
    "陪护家人就医", "单位有紧急工作",
)  # fmt: skip


@dataclass(frozen=True)
class Plan:
    kind: str
    per_year: float
    organizer: str  # office | research | committee | proposals | group | liaison | home | studio
    pool: str  # all | standing | chairs | leaders | unit | any
    size: tuple[int, int] = (0, 0)
    outcome: OutcomeKind | None = None
    outcome_share: float = 1.0
    scaled: bool = True
    meeting: bool = False  # invited: some 请假, a few 缺席
    title: str = ""  # key into _title()


PLANS: tuple[Plan, ...] = (
    Plan("常委会议", 6, "office", "standing", scaled=False, meeting=True),
    Plan("主席会议", 12, "office", "chairs", scaled=False, meeting=True),
    Plan("秘书长会议", 6, "office", "leaders", (1, 3), scaled=False),
    Plan("座谈会", 5, "committee", "unit", (8, 20), meeting=True),
    Plan("观摩推进会", 2, "office", "any", (15, 30), meeting=True),
    Plan("专题协商会", 3, "office", "any", (20, 40), OutcomeKind.CONSULTATION_REPORT, meeting=True),
    Plan(
        "对口协商会",
        2,
        "committee",
        "unit",
        (20, 30),
        OutcomeKind.CONSULTATION_REPORT,
        meeting=True,
    ),
    Plan("界别协商会", 1, "group", "unit", (20, 30), OutcomeKind.CONSULTATION_REPORT, meeting=True),
    Plan("提案办理协商会", 2, "proposals", "unit", (8, 15), meeting=True),
    Plan("网络议政会", 1, "office", "any", (20, 40)),
    Plan("视察", 7, "committee", "unit", (10, 25), OutcomeKind.INSPECTION_REPORT, 0.6),
    Plan("调研", 8, "committee", "unit", (8, 20), OutcomeKind.RESEARCH_REPORT, 0.85),
    Plan("民主评议", 1, "committee", "unit", (10, 20), OutcomeKind.APPRAISAL),
    Plan("专项民主监督", 1, "committee", "unit", (8, 15), OutcomeKind.SUGGESTION),
    Plan("专题学习", 40, "office", "leaders", (3, 7)),
    Plan("专题学习", 30, "group", "unit", (6, 15)),
    Plan("专题学习", 6, "committee", "unit", (5, 12)),
    Plan("专题学习", 8, "home", "unit", (5, 12)),
    Plan("读书活动", 10, "group", "unit", (8, 20)),
    Plan("委员讲坛", 6, "office", "any", (20, 40)),
    Plan("培训", 1, "office", "all", scaled=False, meeting=True, title="培训全体"),
    Plan("培训", 1, "office", "any", (30, 60)),
    Plan("服务为民", 22, "liaison", "unit", (5, 15)),
    Plan("服务为民", 6, "home", "unit", (5, 12)),
    Plan("服务为民", 4, "studio", "unit", (3, 8)),
    Plan("进基层联系群众", 12, "liaison", "unit", (6, 15)),
    Plan("送法下基层", 2, "studio", "unit", (4, 10)),
    Plan("座谈会", 4, "home", "unit", (6, 15)),
    Plan("文史研究", 4, "history", "unit", (5, 10)),
    Plan("联谊", 4, "office", "any", (10, 30)),
    Plan("接待", 10, "office", "leaders", (2, 5)),
)


def title_and_place(
    ctx: DemoContext, plan: Plan, unit: UnitInfo, topic: str, day: dt.date, seq: int | None
) -> tuple[str, str]:
    """A believable title and place for one event; ``seq``: 第N次 (meetings) or 第N期 (讲坛)."""
    rng = ctx.rng
    p = ctx.place
    term = cn_number(ctx.term_on(day).number)
    hall = f"{p}政协常委会议室"
    k = plan.kind
    if k == "常委会议":
        return f"政协第{term}届{p}委员会常务委员会第{cn_number(seq or 1)}次会议", hall
    if k == "主席会议":
        return f"{p}政协{term}届第{seq}次主席会议", f"{p}政协主席会议室"
    if k == "秘书长会议":
        return f"{p}政协秘书长办公会议", f"{p}政协主席会议室"
    org = f"{p}政协机关" if unit.kind is UnitKind.OFFICE else unit.name
    town = unit.township or rng.choice(ctx.scale.subdivisions)
    if k == "委员讲坛":
        return f"委员讲坛第{seq}期：{topic}的实践与思考", f"{p}政协会议中心"
    title = rng.choice(_options(ctx, k, plan, unit, topic, day, org, town))
    if unit.kind in (UnitKind.MEMBER_HOME, UnitKind.MEMBER_STUDIO):
        place = unit.name
    elif k in ("视察", "调研", "服务为民", "进基层联系群众", "送法下基层"):
        place = town
    else:
        place = hall
    return title, place


def _options(
    ctx: DemoContext,
    k: str,
    plan: Plan,
    unit: UnitInfo,
    topic: str,
    day: dt.date,
    org: str,
    town: str,
) -> list[str]:
    """Candidate titles for one event of kind ``k``; only the needed ones are built."""
    rng, p, w = ctx.rng, ctx.place, ctx.place_word

    def dept() -> str:
        return rng.choice(ctx.departments[:-1] or ctx.departments).name

    builders = {
        "座谈会": lambda: [s.format(t=topic) for s in tx.SYMPOSIA],
        "观摩推进会": lambda: list(tx.PROMOTION),
        "专题协商会": lambda: [f"关于推进{topic}的专题协商会", f"围绕“{topic}”开展专题协商"],
        "对口协商会": lambda: [f"就{topic}与{dept()}开展对口协商"],
        "界别协商会": lambda: [f"{unit.name}围绕{topic}开展界别协商"],
        "提案办理协商会": lambda: [f"重点提案“关于{topic}的建议”办理协商会"],
        "网络议政会": lambda: [f"“{topic}”网络议政"],
        "视察": lambda: [f"视察全{w}{topic}工作", f"视察{topic}项目推进情况"],
        "调研": lambda: [f"全{w}{topic}情况调研", f"{topic}专题调研"],
        "民主评议": lambda: [f"对{dept()}开展民主评议"],
        "专项民主监督": lambda: [f"{topic}专项民主监督"],
        "专题学习": lambda: [f"{org}专题学习{tx.study_theme(rng, day)}"],
        "读书活动": lambda: [
            f"{org}“书香政协”读书分享会",
            f"委员读书沙龙：{rng.choice(tx.BOOKS)}",
        ],
        "培训": lambda: (
            [f"全体委员学习贯彻{tx.study_theme(rng, day)}专题培训班"]
            if plan.title == "培训全体"
            else list(tx.TRAININGS)
        ),
        "服务为民": lambda: [f"{rng.choice(tx.SERVICES)}（{town}）"],
        "进基层联系群众": lambda: [f"{org}开展“进基层联系群众”活动"],
        "送法下基层": lambda: [f"“送法下基层”活动（{town}）"],
        "文史研究": lambda: [
            s.format(p=p[:-1], t=topic, n=cn_number(rng.randint(10, 30))) for s in tx.HISTORY
        ],
        "联谊": lambda: list(tx.FELLOWSHIP),
        "接待": lambda: [f"接待{rng.choice(tx.VISITORS)}调研考察"],
    }
    build = builders.get(k)
    return build() if build else [f"{topic}{k}"]
