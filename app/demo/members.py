"""Members and their seats: the current term (leaders, 常委, 增补, departures), earlier terms
(continuing and former members), and memberships of committees, groups, homes and studios."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from app.demo.context import DemoContext, Seat, SectorInfo, TermInfo
from app.demo.dates import random_day
from app.demo.people import DEMOCRATIC_PARTIES, PersonMaker
from app.domain.enums import CppccPost, LeftReason, TermOrigin, UnitKind, UnitRole

# Seats per 界别 in a typical county of ~220 (DOMAIN 4b); other sizes scale proportionally.
SECTOR_WEIGHTS: dict[str, float] = {
    "中共": 34, "民革": 5, "民盟": 8, "民建": 7, "民进": 7, "农工党": 5, "九三学社": 4,
    "无党派人士": 10, "共青团和青联": 6, "总工会": 6, "妇联": 8, "科协": 6, "工商联": 12,
    "经济界": 18, "农业界": 18, "教育界": 14, "文化艺术界": 8, "新闻出版界": 4,
    "医药卫生界": 12, "社会福利和社会保障界": 6, "少数民族界": 4, "宗教界": 4,
    "特别邀请人士": 12,
}  # fmt: skip
VICE_CHAIR_SECTORS = ("中共", "民盟", "中共", "无党派人士", "民建", "工商联", "中共", "民进")
SECTOR_COMMITTEE: dict[str, str] = {
    "经济界": "经济科技委员会", "工商联": "经济科技委员会", "科协": "经济科技委员会",
    "农业界": "农业农村委员会", "教育界": "教科卫体委员会", "医药卫生界": "教科卫体委员会",
    "文化艺术界": "文史和学习委员会", "新闻出版界": "文史和学习委员会",
    "少数民族界": "社会法制和民族宗教委员会", "宗教界": "社会法制和民族宗教委员会",
    "社会福利和社会保障界": "社会法制和民族宗教委员会", "特别邀请人士": "社会法制和民族宗教委员会",
}  # fmt: skip
STUDIO_SECTORS: dict[str, tuple[str, ...]] = {
    "法律": ("特别邀请人士", "无党派人士", "民盟"), "金融": ("经济界", "工商联", "民建"),
    "医疗健康": ("医药卫生界", "农工党"), "农业科技": ("农业界", "科协"), "商会": ("工商联",),
    "开发区": ("经济界", "中共"), "高校": ("教育界", "民进"),
    "文化旅游": ("文化艺术界", "新闻出版界"),
}  # fmt: skip
_LEFT_NOTES = {
    LeftReason.RESIGNED: ("因工作调动辞去委员职务", "因个人原因辞去委员职务"),
    LeftReason.DECEASED: ("因病去世",),
    LeftReason.REMOVED: ("因工作变动免去委员职务",),
}
_YOUTH = ("共青团和青联",)


def _allocate(sectors: list[SectorInfo], n: int) -> dict[int, int]:
    """Seats per sector id by largest remainder over SECTOR_WEIGHTS."""
    weights = {s.id: SECTOR_WEIGHTS.get(s.name, 4.0) for s in sectors}
    total = sum(weights.values())
    exact = {sid: n * w / total for sid, w in weights.items()}
    seats = {sid: int(x) for sid, x in exact.items()}
    by_remainder = sorted(exact, key=lambda sid: exact[sid] - seats[sid], reverse=True)
    for sid in by_remainder[: n - sum(seats.values())]:
        seats[sid] += 1
    return seats


def build_members(ctx: DemoContext) -> None:
    maker = PersonMaker(ctx)
    party: dict[int, str] = {}
    township: dict[int, str] = {}
    _current_term(ctx, maker, party, township)
    _earlier_terms(ctx, maker, party)
    _write_seats(ctx)
    _unit_memberships(ctx, party, township)


def _current_term(
    ctx: DemoContext, maker: PersonMaker, party: dict[int, str], township: dict[int, str]
) -> None:
    rng, scale, term = ctx.rng, ctx.scale, ctx.current_term
    by_name = {s.name: s for s in ctx.sectors}
    cpc = by_name.get("中共", ctx.sectors[0])
    leaders: list[tuple[SectorInfo, CppccPost]] = [(cpc, CppccPost.CHAIR)]
    for name in (VICE_CHAIR_SECTORS * 2)[: scale.vice_chairs]:
        leaders.append((by_name.get(name, cpc), CppccPost.VICE_CHAIR))
    leaders.append((cpc, CppccPost.SECRETARY_GENERAL))
    counts = _allocate(ctx.sectors, scale.members - len(leaders))

    plain: list[SectorInfo] = [s for s in ctx.sectors for _ in range(counts[s.id])]
    rng.shuffle(plain)
    parties = [maker.party_for(s.name) for s in plain]
    leader_parties = [maker.party_for(s.name) for s, _ in leaders]
    leader_parties = [  # a vice-chair from a non-party 界别 is a non-CPC figure
        p if s.name == "中共" or p != "中共" else "无党派人士"
        for (s, _), p in zip(leaders, leader_parties, strict=True)
    ]
    # 常委: one seat for each party and 无党派 without a vice-chair, the rest drawn with CPC
    # members capped, so that non-CPC members are over the 65 % the rules ask for (DOMAIN §6).
    standing_left = scale.standing - len(leaders)
    cpc_room = int(0.32 * scale.standing) - leader_parties.count("中共")
    led = {s.name for s, _ in leaders}
    picks: list[int] = []
    for name in (*DEMOCRATIC_PARTIES, "无党派人士"):
        if name in led or standing_left - len(picks) <= 0:
            continue
        idx = next((i for i, s in enumerate(plain) if s.name == name), None)
        if idx is not None:
            picks.append(idx)
    rest = [i for i in range(len(plain)) if i not in picks]
    rng.shuffle(rest)
    for i in rest:
        if len(picks) >= standing_left:
            break
        if parties[i] == "中共":
            if cpc_room <= 0:
                continue
            cpc_room -= 1
        picks.append(i)
    standing = set(picks)

    order = [(s, post, True, p) for (s, post), p in zip(leaders, leader_parties, strict=True)]
    order += [(plain[i], CppccPost.STANDING, True, parties[i]) for i in sorted(standing)]
    order += [
        (s, CppccPost.MEMBER, False, parties[i]) for i, s in enumerate(plain) if i not in standing
    ]
    party_rank: dict[str, int] = defaultdict(int)
    for s, post in leaders:
        if post is CppccPost.VICE_CHAIR and s.name in DEMOCRATIC_PARTIES:
            party_rank[s.name] = 1  # the vice-chair is the party's 主委
    window_sessions = ctx.sessions_between(ctx.window_start, ctx.today)
    late_standing = window_sessions[0].start_on if window_sessions else None
    n_added = round(0.04 * scale.members)
    n_left = round(0.03 * scale.members)
    seats: list[Seat] = []
    for i, (sector, post, is_standing, member_party) in enumerate(order, 1):
        leader = post not in (CppccPost.STANDING, CppccPost.MEMBER)
        if leader:
            ages = (50, 60, 56)
        elif sector.name in _YOUTH:
            ages = (30, 40, 34)
        else:
            ages = (40, 62, 52) if is_standing else (30, 65, 50)
        place = maker.township()
        rank = party_rank[sector.name] if sector.name in DEMOCRATIC_PARTIES else -1
        if rank >= 0:
            party_rank[sector.name] += 1
        added = not is_standing and i > len(order) - n_added
        joined = term.start_on
        if added:  # 增补: mostly within the demo's window, so that reports have some
            earliest = max(term.start_on + dt.timedelta(days=200), ctx.window_start)
            if rng.random() < 0.4:
                earliest = term.start_on + dt.timedelta(days=200)
            joined = random_day(rng, earliest, ctx.today - dt.timedelta(days=30))
        person = maker.make(
            sector=sector.name,
            age_on=ctx.today,
            ages=ages,
            township=place,
            senior=is_standing,
            post=post,
            party=member_party,
            party_rank=rank,
            card_no=f"{term.number:02d}{i:03d}",
            created=joined,
        )
        party[person.id] = person.party
        township[person.id] = place
        since = term.start_on if is_standing else None
        if post is CppccPost.STANDING and late_standing and rng.random() < 0.06:
            since = late_standing  # 增补常委 at a later plenary
        origin = TermOrigin.ADDITION if added else TermOrigin.ELECTION
        seats.append(
            Seat(person.id, term.id, sector.id, post, is_standing, since, joined, None, origin)
        )

    candidates = [s for s in seats if s.post is CppccPost.MEMBER and s.joined_on == term.start_on]
    reasons = [LeftReason.DECEASED, LeftReason.REMOVED] + [LeftReason.RESIGNED] * n_left
    for seat, reason in zip(
        rng.sample(candidates, min(n_left, len(candidates))), reasons, strict=False
    ):
        seat.left_on = random_day(rng, term.start_on + dt.timedelta(days=300), ctx.today)
        seat.left_reason, seat.left_note = reason, rng.choice(_LEFT_NOTES[reason])
    ctx.seats[term.id] = seats


def _earlier_terms(ctx: DemoContext, maker: PersonMaker, party: dict[int, str]) -> None:
    rng, scale = ctx.rng, ctx.scale
    earlier = ctx.terms[:-1]
    if not earlier:
        return
    current = ctx.seats[ctx.current_term.id]
    served = [s for s in current if s.joined_on == ctx.current_term.start_on]
    served = rng.sample(served, round(scale.continuing_share * len(served)))
    for term in reversed(earlier):  # newest earlier term first
        ctx.seats[term.id] = [_old_seat(s, term) for s in served]
        served = [s for s in served if rng.random() < 0.35]
    fill = [max(scale.members * 0.3, scale.members - len(ctx.seats[t.id])) for t in earlier]
    for _ in range(scale.former_members):
        last = rng.choices(range(len(earlier)), fill)[0]
        term = earlier[last]
        sector = rng.choices(ctx.sectors, [SECTOR_WEIGHTS.get(s.name, 4) for s in ctx.sectors])[0]
        person = maker.make(
            sector=sector.name,
            age_on=term.end_on,
            ages=(40, 72, 57),
            township=maker.township(),
            card_no=f"{term.number:02d}{len(ctx.seats[term.id]) + 1:03d}",
            created=term.start_on,
        )
        party[person.id] = person.party
        seat = _old_seat(
            Seat(person.id, 0, sector.id, CppccPost.MEMBER, False, None, term.start_on, None), term
        )
        if rng.random() < 0.05:
            seat.left_on = random_day(rng, term.start_on + dt.timedelta(days=200), term.end_on)
            reason = rng.choice((LeftReason.RESIGNED, LeftReason.DECEASED))
            seat.left_reason, seat.left_note = reason, rng.choice(_LEFT_NOTES[reason])
        ctx.seats[term.id].append(seat)
        if last > 0 and rng.random() < 0.35:
            ctx.seats[earlier[last - 1].id].append(_old_seat(seat, earlier[last - 1]))
    for term in earlier:
        _earlier_posts(ctx, term, party)


def _old_seat(seat: Seat, term: TermInfo) -> Seat:
    """A seat in an earlier term that ran to its end (届满)."""
    return Seat(
        seat.member_id,
        term.id,
        seat.sector_id,
        CppccPost.MEMBER,
        False,
        None,
        term.start_on,
        term.end_on,
        left_reason=LeftReason.TERM_END,
    )


def _earlier_posts(ctx: DemoContext, term: TermInfo, party: dict[int, str]) -> None:
    rng, scale = ctx.rng, ctx.scale
    seats = [s for s in ctx.seats[term.id] if s.left_on == term.end_on]
    rng.shuffle(seats)
    cpc = [s for s in seats if party[s.member_id] == "中共"]
    others = [s for s in seats if party[s.member_id] != "中共"]
    chosen: list[tuple[Seat, CppccPost]] = []
    if len(cpc) >= 2:
        chosen += [(cpc.pop(), CppccPost.CHAIR), (cpc.pop(), CppccPost.SECRETARY_GENERAL)]
    for i in range(scale.vice_chairs):
        pool = cpc if i % 2 == 0 and cpc else others
        if pool:
            chosen.append((pool.pop(), CppccPost.VICE_CHAIR))
    for seat, post in chosen:
        seat.post, seat.is_standing, seat.standing_since = post, True, term.start_on
    rest = cpc + others
    n_standing = round(scale.standing * len(ctx.seats[term.id]) / scale.members) - len(chosen)
    for seat in rng.sample(rest, max(0, min(n_standing, len(rest)))):
        seat.post, seat.is_standing, seat.standing_since = (
            CppccPost.STANDING,
            True,
            term.start_on,
        )


def _write_seats(ctx: DemoContext) -> None:
    for term in ctx.terms:
        for seat in ctx.seats[term.id]:
            ctx.writer.add(
                "member_terms",
                member_id=seat.member_id,
                term_id=term.id,
                sector_id=seat.sector_id,
                post=seat.post,
                is_standing=seat.is_standing,
                standing_since=seat.standing_since,
                origin=seat.origin,
                joined_on=seat.joined_on,
                left_on=seat.left_on,
                left_reason=seat.left_reason,
                left_note=seat.left_note,
            )


def _unit_memberships(ctx: DemoContext, party: dict[int, str], township: dict[int, str]) -> None:
    """Committees, liaison groups, 界别组 conveners, homes and studios — current term only."""
    rng = ctx.rng
    seats = [s for s in ctx.seats[ctx.current_term.id] if s.post is not CppccPost.CHAIR]
    sector_name = {s.id: s.name for s in ctx.sectors}
    members: dict[int, dict[int, UnitRole]] = defaultdict(dict)  # unit → member → role

    committees = ctx.units_of(UnitKind.SPECIAL_COMMITTEE)
    by_name = {u.name: u for u in committees}
    plain = [s for s in seats if s.post in (CppccPost.STANDING, CppccPost.MEMBER)]
    heads = [s for s in plain if s.is_standing and s.left_on is None]
    rng.shuffle(heads)
    for unit in committees:
        if heads:
            members[unit.id][heads.pop().member_id] = UnitRole.DIRECTOR
        for _ in range(rng.randint(1, 2)):
            if heads:
                members[unit.id][heads.pop().member_id] = UnitRole.DEPUTY_DIRECTOR
    for seat in seats:
        if committees and rng.random() < 0.75:
            home = by_name.get(SECTOR_COMMITTEE.get(sector_name[seat.sector_id], ""))
            unit = home if home and rng.random() < 0.7 else rng.choice(committees)
            members[unit.id].setdefault(seat.member_id, UnitRole.MEMBER)

    liaisons = {u.township: u for u in ctx.units_of(UnitKind.LIAISON_GROUP)}
    cap = max(20, round(0.96 * len(seats) / max(1, len(liaisons))))  # 8–20 in a county
    for seat in seats:
        group = liaisons.get(township.get(seat.member_id, ""))
        if group is None or seat.post not in (CppccPost.STANDING, CppccPost.MEMBER):
            continue
        if rng.random() < 0.8 and len(members[group.id]) < cap:
            members[group.id][seat.member_id] = UnitRole.MEMBER
    placed = {m for g in liaisons.values() for m in members[g.id]}
    spare = [s.member_id for s in plain if s.member_id not in placed]
    for group in liaisons.values():  # small groups take members who work in the township
        while len(members[group.id]) < 8 and spare:
            members[group.id][spare.pop()] = UnitRole.MEMBER
    for group in liaisons.values():
        ids = list(members[group.id])
        for mid, role in zip(ids, (UnitRole.GROUP_LEADER, UnitRole.LIAISON_OFFICER), strict=False):
            members[group.id][mid] = role

    for group in ctx.units_of(UnitKind.SECTOR_GROUP):
        own = [s for s in plain if _group_of(ctx, s.sector_id) == group.id and s.left_on is None]
        standing = [s for s in own if s.is_standing] or own
        if standing:
            members[group.id][rng.choice(standing).member_id] = UnitRole.CONVENER

    for home in ctx.units_of(UnitKind.MEMBER_HOME):
        group = liaisons.get(home.township)
        pool = list(members[group.id]) if group else [s.member_id for s in plain]
        chosen = rng.sample(pool, min(len(pool), rng.randint(6, 12)))
        for i, mid in enumerate(chosen):
            members[home.id][mid] = UnitRole.CONVENER if i == 0 else UnitRole.MEMBER
    for studio in ctx.units_of(UnitKind.MEMBER_STUDIO):
        wanted = STUDIO_SECTORS.get(studio.name.removesuffix("委员工作室"), ())
        pool = [s.member_id for s in plain if sector_name[s.sector_id] in wanted]
        pool = pool or [s.member_id for s in plain]
        chosen = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        for i, mid in enumerate(chosen):
            members[studio.id][mid] = UnitRole.CONVENER if i == 0 else UnitRole.MEMBER

    seat_of = {s.member_id: s for s in ctx.seats[ctx.current_term.id]}
    for unit in ctx.units:
        for mid, role in members.get(unit.id, {}).items():
            seat = seat_of[mid]
            ctx.writer.add(
                "unit_memberships",
                unit_id=unit.id,
                member_id=mid,
                role=role,
                since=seat.joined_on,
                until=seat.left_on,
            )
        ctx.unit_members[unit.id] = list(members.get(unit.id, {}).items())


def _group_of(ctx: DemoContext, sector_id: int) -> int | None:
    return next((s.group_id for s in ctx.sectors if s.id == sector_id), None)
