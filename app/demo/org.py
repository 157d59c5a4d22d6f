"""The committee itself: settings, terms and sessions, units, 承办单位 and outside leaders."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.demo.context import DemoContext, Department, SectorInfo, SessionInfo, TermInfo, UnitInfo
from app.demo.dates import add_years, weekday_near
from app.domain.enums import Gender, RefList, UnitKind
from app.models import CommitteeSettings, EventKind, RefValue, Sector, Unit
from app.services.seed import TYPICAL_DEPARTMENTS

# Subject areas (proposal category codes) each seeded special committee covers; its events
# and its 归口 proposals draw their topics from these.
COMMITTEE_TOPICS: dict[str, tuple[str, ...]] = {
    "提案委员会": ("other", "urban_rural", "social"),
    "经济科技委员会": ("economy", "sci_tech"),
    "农业农村委员会": ("agriculture",),
    "人口资源环境委员会": ("environment", "urban_rural"),
    "文史和学习委员会": ("culture_tourism",),
    "教科卫体委员会": ("education", "health", "sci_tech"),
    "社会法制和民族宗教委员会": ("social", "law_governance", "ethnic_religious_hkmt"),
}

# Which departments (by name without the place prefix) handle each proposal category.
CATEGORY_DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "economy": ("发展和改革局", "工业和信息化局", "商务局", "行政审批服务管理局", "能源局"),
    "agriculture": ("农业农村局", "水利局", "林业局", "自然资源局"),
    "urban_rural": ("住房和城乡建设管理局", "城市管理局", "交通运输局", "自然资源局"),
    "environment": ("生态环境分局", "生态环境局", "林业局", "水利局"),
    "education": ("教育科技局", "教育局"),
    "health": ("卫生健康局", "医疗保障局", "市场监督管理局"),
    "sci_tech": ("教育科技局", "科学技术局", "工业和信息化局"),
    "culture_tourism": ("文化和旅游局", "融媒体中心", "委宣传部"),
    "social": ("民政局", "人力资源和社会保障局", "医疗保障局", "退役军人事务局", "妇女联合会"),
    "law_governance": ("公安局", "司法局", "应急管理局", "信访局", "委政法委员会"),
    "ethnic_religious_hkmt": ("委统战部", "民政局"),
    "other": ("委组织部", "委统战部", "人民政府办公室", "各乡镇人民政府"),
}

_CITY_RENAMES = {
    "县教育科技局": ("市教育局", "市教育局"),
    "县生态环境分局": ("市生态环境局", "市生态环境局"),
    "县消防救援大队": ("市消防救援支队", "市消防支队"),
    "各乡镇人民政府": ("各县（市、区）人民政府", "各县区"),
}
_STUDIOS = (
    "法律委员工作室", "金融委员工作室", "医疗健康委员工作室", "农业科技委员工作室",
    "商会委员工作室", "开发区委员工作室", "高校委员工作室", "文化旅游委员工作室",
)  # fmt: skip
_COMMUNITIES = ("城东社区", "城西社区", "新华社区", "和平社区", "人民路社区", "建设路社区")


def _departments(ctx: DemoContext) -> list[tuple[str, str, str]]:
    if not ctx.scale.is_city:
        return list(TYPICAL_DEPARTMENTS)
    result = []
    for name, short, kind in TYPICAL_DEPARTMENTS:
        if name in _CITY_RENAMES:
            name, short = _CITY_RENAMES[name]
        else:
            name, short = "市" + name[1:], "市" + short[1:]
        result.append((name, short, kind))
    return result


def _core(name: str) -> str:
    return name[1:] if name[0] in "县市" else name


def build_org(ctx: DemoContext) -> None:
    session_ = ctx.writer.session  # the seeded rows, read in the same transaction
    w, rng, scale = ctx.writer, ctx.rng, ctx.scale

    # Reference data seeded with the database.
    ctx.kinds = {k.name: k.id for k in session_.scalars(select(EventKind))}
    for ref in session_.scalars(select(RefValue).order_by(RefValue.sort_order)):
        if ref.list_name is RefList.PROPOSAL_CATEGORY:
            ctx.proposal_categories.append((ref.label, ref.code or "other"))
        elif ref.list_name is RefList.OPINION_CATEGORY:
            ctx.opinion_categories.append((ref.label, ref.code or "other"))
    if scale.is_city:
        research = session_.scalars(
            select(Unit).where(Unit.kind == UnitKind.RESEARCH_CENTER)
        ).first()
        if research is not None and research.name == "研究室":
            w.update("units", research.id, name="研究中心", short_name="研究中心")
    for unit in session_.scalars(select(Unit).order_by(Unit.sort_order, Unit.id)):
        name = "研究中心" if scale.is_city and unit.name == "研究室" else unit.name
        all_codes = tuple(code for _, code in ctx.proposal_categories)
        topics = COMMITTEE_TOPICS.get(name, all_codes)
        ctx.units.append(UnitInfo(unit.id, name, unit.kind, topic_codes=topics))
    for sector in session_.scalars(select(Sector).order_by(Sector.sort_order)):
        ctx.sectors.append(SectorInfo(sector.id, sector.name, sector.group_id))
        if sector.group_id is not None:
            ctx.group_sectors.setdefault(sector.group_id, set()).add(sector.id)

    # Terms and their annual plenary sessions, oldest first.
    first_number = scale.term_number - scale.previous_terms
    for number in range(first_number, scale.term_number + 1):
        start = add_years(scale.term_start, 5 * (number - scale.term_number))
        end = add_years(start, 5)
        term_id = w.add(
            "terms", number=number, start_on=start, end_on=end, created_at=_stamp(start)
        )
        term = TermInfo(term_id, number, start, end)
        for k in range(1, 6):
            if k == 1:
                day = start
            else:
                year = start.year + k - 1 + (1 if start.month >= 10 else 0)
                month = scale.session_months[min(k - 2, len(scale.session_months) - 1)]
                day = weekday_near(dt.date(year, month, rng.randint(8, 22)))
            if day >= end:
                break
            last = day + dt.timedelta(days=3 if scale.is_city else 2)
            assign = weekday_near(last + dt.timedelta(days=rng.randint(21, 35)))
            sid = w.add(
                "plenary_sessions",
                term_id=term_id,
                number=k,
                start_on=day,
                end_on=last,
                place=f"{ctx.place}会议中心",
                created_at=_stamp(day),
            )
            term.sessions.append(SessionInfo(sid, term_id, k, day, last, assign))
        ctx.terms.append(term)

    # Liaison groups, 委员之家 and 委员工作室 (the seeded units are already in ctx.units).
    order = 100
    for township in scale.subdivisions[: scale.liaison_groups]:
        order += 1
        name = f"{township}政协工作联络组" if not scale.is_city else f"{township}委员联络组"
        uid = w.add(
            "units", name=name, short_name=township, kind=UnitKind.LIAISON_GROUP, sort_order=order
        )
        ctx.units.append(UnitInfo(uid, name, UnitKind.LIAISON_GROUP, township=township))
    liaisons = ctx.units_of(UnitKind.LIAISON_GROUP)
    for i in range(scale.member_homes):
        order += 1
        group = liaisons[i % len(liaisons)]
        if i < len(liaisons):
            name = f"{group.township}委员之家"
        else:
            name = (
                f"{group.township}{_COMMUNITIES[(i // len(liaisons)) % len(_COMMUNITIES)]}委员之家"
            )
        uid = w.add(
            "units",
            name=name,
            short_name=name[:-4],
            kind=UnitKind.MEMBER_HOME,
            parent_id=group.id,
            sort_order=order,
        )
        ctx.units.append(UnitInfo(uid, name, UnitKind.MEMBER_HOME, township=group.township))
    for name in _STUDIOS[: scale.studios]:
        order += 1
        uid = w.add(
            "units", name=name, short_name=name[:-5], kind=UnitKind.MEMBER_STUDIO, sort_order=order
        )
        ctx.units.append(UnitInfo(uid, name, UnitKind.MEMBER_STUDIO))

    for order, (name, short, kind) in enumerate(_departments(ctx), 1):
        did = w.add(
            "departments",
            name=name,
            short_name=short,
            kind=kind,
            sort_order=order,
            contact=ctx.names.name(Gender.MALE if order % 3 else Gender.FEMALE),
        )
        ctx.departments.append(Department(did, name, short, _core(name)))

    _leaders(ctx)
    current = ctx.current_term
    w.flush()
    settings_ = session_.scalars(select(CommitteeSettings)).first()
    values = dict(
        region=scale.region,
        parent_region=scale.parent_region,
        level=scale.level,
        founded_year=scale.founded_year,
        current_term_id=current.id,
    )
    if settings_ is None:
        w.add("committee_settings", **values)
    else:
        w.update("committee_settings", settings_.id, version=settings_.version + 1, **values)


def _leaders(ctx: DemoContext) -> None:
    """Party and government leaders outside the committee who supervise and instruct."""
    p = ctx.place_word
    up = "市" if p == "县" else "省"
    names = ctx.names
    posts = {
        "secretary": f"{p}委书记",
        "head": f"{p}委副书记、{p}长",
        "deputy": f"{p}委副书记",
        "executive": f"{p}委常委、常务副{p}长",
        "vice_head": f"副{p}长",
        "united_front": f"{p}委常委、统战部部长",
        "up_leader": f"{up}委常委、统战部部长",
        "up_cppcc": f"{up}政协副主席",
        "up_head": f"副{up}长",
    }
    for i, (key, post) in enumerate(posts.items()):
        ctx.leaders[key] = f"{post}{names.name(Gender.FEMALE if i % 4 == 3 else Gender.MALE)}"


def departments_for(ctx: DemoContext, code: str) -> list[Department]:
    """Departments that usually handle a category, the usual lead unit first."""
    cores = CATEGORY_DEPARTMENTS.get(code, ())
    found = sorted(
        (d for d in ctx.departments if d.core in cores), key=lambda d: cores.index(d.core)
    )
    return found or ctx.departments


def _stamp(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0))
