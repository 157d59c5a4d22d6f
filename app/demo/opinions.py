"""社情民意信息: collection, local bulletin issues, forwarding upward and adoption by level."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from app.demo import topics as tx
from app.demo.context import DemoContext
from app.demo.dates import random_day, weekday_near
from app.demo.events import add_instruction
from app.domain.enums import ForwardLevel, Gender, OpinionStatus, UnitKind

ARCHIVE_REASON = "不采用：内容与已编发信息重复，存档备查"  # as the 不采用 step writes it

CATEGORY_WEIGHTS = {
    "economy": 12, "agriculture": 16, "urban_rural": 14, "environment": 8, "education": 10,
    "health": 10, "culture_tourism": 6, "social": 14, "law_governance": 8, "other": 2,
}  # fmt: skip
OUTLETS = {
    ForwardLevel.CITY: ("市政协《社情民意》",),
    ForwardLevel.PROVINCE: ("省政协《社情民意》",),
    ForwardLevel.NATIONAL: ("全国政协《每日社情》", "全国政协《政协信息》"),
}
ISSUED_SHARE = 0.25  # issued in the committee's own 《社情民意》
FORWARD_IF_ISSUED = 0.7  # of those, forwarded to the first level up
_UNITS = ("民盟{p}委员会", "民建{p}委员会", "{p}工商联", "{p}妇联")


@dataclass
class Item:
    received: dt.date
    code: str
    title: str
    issued: dt.date | None = None
    archived: bool = False
    forwards: list[tuple[ForwardLevel, dt.date, dt.date | None, str]] = field(default_factory=list)
    bulletin: tuple[int, int] | None = None  # (year, issue no)


class OpinionMaker:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng
        self.codes = [c for _, c in ctx.opinion_categories] or list(CATEGORY_WEIGHTS)
        self.labels = {c: label for label, c in ctx.opinion_categories}
        self.weights = [CATEGORY_WEIGHTS.get(c, 4) for c in self.codes]
        self.informants = [
            ctx.names.name(Gender.MALE if i % 3 else Gender.FEMALE) for i in range(12)
        ]
        self.units = [u.format(p=ctx.place) for u in _UNITS]
        self.channels = ctx.units_of(UnitKind.SPECIAL_COMMITTEE)

    def run(self) -> None:
        ctx, rng = self.ctx, self.rng
        items: list[Item] = []
        for year in range(ctx.window_start.year, ctx.today.year + 1):
            start = max(dt.date(year, 1, 1), ctx.window_start)
            end = min(dt.date(year, 12, 31), ctx.today)
            share = ((end - start).days + 1) / 365
            n = round(ctx.scale.opinions_per_year * share * rng.uniform(0.95, 1.05))
            items += [self._item(random_day(rng, start, end, weekday=False)) for _ in range(n)]
            ctx.check_cancel()
        items.sort(key=lambda i: i.received)
        self._number_issues(items)
        serial: Counter[int] = Counter()
        for item in items:
            serial[item.received.year] += 1
            self._write(item, f"{item.received.year}-{serial[item.received.year]:04d}")

    def _item(self, received: dt.date) -> Item:
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        code = rng.choices(self.codes, self.weights)[0]
        classics = tx.OPINION_CLASSICS.get(code, ())
        if classics and rng.random() < 0.08:
            title = rng.choice(classics)
        else:
            topic = rng.choice(tx.TOPICS.get(code, tx.TOPICS["other"]))
            title = rng.choice(tx.OPINION_TITLES).format(t=topic, w=ctx.place_word)
        item = Item(received, code, title)
        issued = rng.random() < ISSUED_SHARE
        item.archived = not issued and rng.random() < 0.4
        if issued:
            day = weekday_near(received + dt.timedelta(days=rng.randint(5, 25)))
            item.issued = day if day <= today else None
        levels = self.ctx.scale.forwards
        if item.archived or not levels:
            return item
        first_share = levels[0][1]
        # P(forward | not issued) chosen so that the first level gets ``first_share`` of all
        rest = max(0.0, first_share - ISSUED_SHARE * FORWARD_IF_ISSUED) / ((1 - ISSUED_SHARE) * 0.6)
        chance = FORWARD_IF_ISSUED if issued else rest
        base = item.issued or received + dt.timedelta(days=rng.randint(10, 30))
        previous_share = 1.0
        for i, (level, share, adopt) in enumerate(levels):
            if i > 0:
                chance = share / previous_share
            previous_share = share
            if rng.random() >= chance:
                break
            sent = weekday_near(
                base + dt.timedelta(days=rng.randint(1, 10) if i == 0 else rng.randint(3, 20))
            )
            if sent > today:
                break
            adopted = None
            if rng.random() < adopt:
                day = sent + dt.timedelta(days=rng.randint(5, 40))
                adopted = day if day <= today else None
            item.forwards.append((level, sent, adopted, rng.choice(OUTLETS[level])))
            base = sent
        return item

    def _number_issues(self, items: list[Item]) -> None:
        """《社情民意》 issues, numbered from 1 each year; an issue carries 1–3 items."""
        issue: tuple[int, int] | None = None
        issue_day: dt.date | None = None
        room = 0
        numbers: Counter[int] = Counter()
        for item in sorted((i for i in items if i.issued), key=lambda i: i.issued or i.received):
            assert item.issued is not None
            if (
                issue
                and issue_day
                and room > 0
                and (item.issued - issue_day).days <= 7
                and (item.issued.year == issue_day.year)
                and issue_day >= item.received  # an item is never issued before it arrives
            ):
                item.issued = issue_day
                room -= 1
            else:
                numbers[item.issued.year] += 1
                issue, issue_day = (item.issued.year, numbers[item.issued.year]), item.issued
                room = self.rng.choices((0, 1, 2), (60, 30, 10))[0]
            item.bulletin = issue

    def _write(self, item: Item, serial: str) -> None:
        ctx, rng, today = self.ctx, self.rng, self.ctx.today
        age = (today - item.received).days
        # 已编发 means issued in the committee's own 《社情民意》 (本级编发), as the 编发 step
        # sets it; an item only forwarded (上报) to a higher level stays 编辑中 here
        if item.issued:
            status = OpinionStatus.ISSUED
        elif item.forwards:
            status = OpinionStatus.EDITING
        elif age > 40 or (item.archived and age > 10):  # not used: 存档
            status = OpinionStatus.ARCHIVED
        elif age > 5:
            status = OpinionStatus.EDITING
        else:
            status = OpinionStatus.RECEIVED
        channel = ctx.research
        if rng.random() < 0.3:
            channel = next((u for u in self.channels if item.code in u.topic_codes), channel)
        oid = ctx.writer.add(
            "opinion_reports",
            serial_no=serial,
            title=item.title,
            category=self.labels.get(item.code, item.code),
            received_on=item.received,
            body="反映情况、分析原因并提出建议（演示数据）。",
            status=status,
            channel_unit_id=channel.id,
            issued_on=item.issued,
            bulletin_year=item.bulletin[0] if item.bulletin else None,
            bulletin_no=item.bulletin[1] if item.bulletin else None,
            # the reason, as the 不采用 step writes it (an import requires it the same way)
            notes=ARCHIVE_REASON if status == OpinionStatus.ARCHIVED else "",
            created_at=dt.datetime.combine(item.received, dt.time(11, 0)),
        )
        roll = rng.random()
        if roll < 0.85:
            count = rng.choices((1, 2, 3), (70, 22, 8))[0]
            picked = ctx.pick_weighted(item.received, count)
            for position, member_id in enumerate(picked, start=1):  # as the service numbers them
                ctx.writer.add(
                    "opinion_submitters", opinion_id=oid, member_id=member_id, position=position
                )
        else:
            name = rng.choice(self.informants if roll < 0.95 else self.units)
            ctx.writer.add("opinion_submitters", opinion_id=oid, name=name, position=1)
        for level, sent, adopted, outlet in item.forwards:
            ctx.writer.add(
                "opinion_forwards",
                opinion_id=oid,
                level=level,
                forwarded_on=sent,
                adopted=adopted is not None,
                adopted_on=adopted,
                outlet=outlet if adopted else "",
            )
        sent_up = item.issued or (item.forwards[0][1] if item.forwards else None)
        if sent_up and rng.random() < 0.025:
            add_instruction(ctx, sent_up, opinion_id=oid)
