"""Choice lists for filters and editors, read through the services."""

from __future__ import annotations

from typing import Any

from app.db.engine import Database
from app.domain.enums import RefList, UnitKind
from app.services.crud import ListQuery
from app.services.org import DepartmentService, SectorService, UnitService
from app.services.refdata import EventKindService, RefValueService
from app.services.terms import TermService, term_name

Choice = tuple[str, Any]


class Options:
    def __init__(self, db: Database) -> None:
        self.db = db

    def terms(self) -> list[Choice]:
        svc = TermService(self.db)
        return [(term_name(t), t.id) for t in svc.fetch(svc.ids())]

    def sectors(self, *, include_retired: bool = False) -> list[Choice]:
        svc = SectorService(self.db)
        return [(s.name, s.id) for s in svc.fetch(svc.ids())
                if include_retired or not s.retired]

    def sector_names(self) -> dict[int, str]:
        return {value: text for text, value in self.sectors(include_retired=True)}

    def units(self, *kinds: UnitKind) -> list[Choice]:
        return [(u.name, u.id) for u in UnitService(self.db).of_kind(*kinds) if not u.retired]

    def all_units(self) -> list[Choice]:
        return self.units(*UnitKind)

    def ref(self, list_name: RefList) -> list[Choice]:
        return [(label, label) for label in RefValueService(self.db).labels(list_name)]

    def departments(self) -> list[Choice]:
        svc = DepartmentService(self.db)
        return [(d.name, d.id) for d in svc.fetch(svc.ids(ListQuery(filters={"retired": False})))]

    def department_names(self) -> dict[int, str]:
        """Every department's name by id, retired ones too (they are on old records)."""
        svc = DepartmentService(self.db)
        return {d.id: d.name for d in svc.fetch(svc.ids())}

    def sessions(self, term_id: int | None = None) -> list[Choice]:
        """Plenary sessions (十届三次会议), of one term if given, in order."""
        from app.services.terms import SessionService

        svc = SessionService(self.db)
        query = ListQuery(filters={"term_id": term_id} if term_id else {})
        return [(svc.describe(s), s.id) for s in svc.fetch(svc.ids(query))]

    def current_term_id(self) -> int | None:
        """The term set as current in 系统设置, or the latest one."""
        from app.services.terms import CommitteeService

        return CommitteeService(self.db).current_term_id()

    def event_kinds(self) -> list[Choice]:
        svc = EventKindService(self.db)
        return [(f"{k.name}（{k.family.label}）", k.id)
                for k in svc.fetch(svc.ids(ListQuery(filters={"retired": False})))]


def year_choices(back: int = 12) -> list[Choice]:
    """This year and the ``back`` years before it, newest first."""
    import datetime as dt

    this_year = dt.date.today().year
    return [(f"{y}年", y) for y in range(this_year, this_year - back, -1)]
