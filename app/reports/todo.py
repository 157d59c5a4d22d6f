"""The 首页's to-do list (待办): what waits for the office today, each with its records.

Every number comes from the figures registry (so a clerk can read its 口径 and open the records
behind it): the 待办 figures of ``app.reports.defs_todo`` over the proposals and 社情民意 received
since 1 January of last year, 会议活动总数 of this week, and 未完成最低履职要求的委员 of this
year. Items with nothing waiting are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.db.engine import Database
from app.reports.figures import FigureValue, compute
from app.reports.period import Period
from app.services.status import default_year

# Which client page shows each kind of record (a navigate key; "events" picks 会议协商 or
# 履职活动 by the event's kind).
PAGE_OF_ENTITY = {"proposals": "proposals", "opinion_reports": "opinions", "events": "events",
                  "members": "members"}

# (figure key, shown as urgent): the order of the list, most pressing first
WAITING = (
    ("todo.replies_overdue", True),
    ("todo.replies_due", True),
    ("proposals.pending", False),
    ("todo.proposals_assign", False),
    ("todo.proposals_reply", False),
    ("todo.proposals_evaluate", False),
    ("todo.opinions_issue", False),
    ("todo.opinions_forward", False),
    ("todo.opinions_adoption", False),
)
WEEK = "events.total"
BELOW_MINIMUM = "scoring.below_minimum"
LABELS = {"proposals.pending": "提案待审查", WEEK: "本周会议活动"}


@dataclass(frozen=True)
class TodoItem:
    key: str  # the figure's key
    label: str  # what waits, e.g. 超过答复期限未答复
    count: int
    unit: str
    entity: str  # the table of the records
    page: str  # the client page that shows them (navigate key)
    ids: tuple[int, ...]
    definition: str  # the figure's 口径 and the span it was counted over
    urgent: bool = False

    @property
    def text(self) -> str:
        return f"{self.label}　{self.count}{self.unit}"


@dataclass(frozen=True)
class TodoList:
    today: dt.date
    since: dt.date  # proposals and 社情民意 received from this day are looked at
    items: tuple[TodoItem, ...]


def todo_list(db: Database, today: dt.date | None = None) -> TodoList:
    """What waits on ``today`` (default: the real today), most pressing first."""
    today = today or dt.date.today()
    since = dt.date(today.year - 1, 1, 1)
    recent = Period.between(since, today)
    monday = today - dt.timedelta(days=today.weekday())
    week = Period.between(monday, monday + dt.timedelta(days=6))
    # the year every page opens on (the latest with records, up to today): early in January
    # that is last year, whose members are assessed — not a new year in which nobody has
    # attended anything yet
    duties_year = min(default_year(db) or today.year, today.year)
    year = Period.year(duties_year)
    values = compute(db, [key for key, _urgent in WAITING], recent)
    values.update(compute(db, [WEEK], week))
    values.update(compute(db, [BELOW_MINIMUM], year))
    spans = {WEEK: week, BELOW_MINIMUM: year}
    urgent = dict(WAITING)
    items = []
    for key in [k for k, _u in WAITING] + [WEEK, BELOW_MINIMUM]:
        value = values[key]
        if not value.value:
            continue
        label = f"{duties_year}年未完成最低履职要求的委员" if key == BELOW_MINIMUM else None
        items.append(_item(value, spans.get(key, recent), urgent.get(key, False), label))
    return TodoList(today, since, tuple(items))


def _item(value: FigureValue, period: Period, urgent: bool, label: str | None = None
          ) -> TodoItem:
    return TodoItem(
        key=value.key, label=label or LABELS.get(value.key, value.label), count=int(value.value),
        unit=value.unit, entity=value.entity, page=PAGE_OF_ENTITY[value.entity],
        ids=value.ids, definition=f"统计范围：{period.label}。口径：{value.definition}",
        urgent=urgent)
