"""Choice lists for filters and editors, read through the services.

Reference lists (departments, sessions, units …) are read once and kept until the next change
anywhere (any write of this program, or another clerk's seen by ``Operations``), so opening a
page does not read them again (issue 15)."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from app.db.engine import Database
from app.domain.enums import RefList, UnitKind
from app.services.context import Changes, subscribe
from app.services.crud import ListQuery
from app.services.org import DepartmentService, SectorService, UnitService
from app.services.refdata import EventKindService, RefValueService
from app.services.terms import TermService, term_name

Choice = tuple[str, Any]
T = TypeVar("T")

_caches: dict[int, dict[tuple[Any, ...], Any]] = {}  # by id(db); dropped with the db
_lock = threading.Lock()
_generation = [0]  # advanced by every change: a list read across a change is not kept


def forget_choices(_changes: Changes | None = None) -> None:
    """Read every reference list again on next use (called on every change)."""
    with _lock:
        _generation[0] += 1
        for cache in _caches.values():
            cache.clear()


subscribe(forget_choices)  # this program's writes, as they commit (any thread)


def _cached(db: Database, key: tuple[Any, ...], read: Callable[[], T]) -> T:
    with _lock:
        cache = _caches.get(id(db))
        if cache is None:
            cache = _caches[id(db)] = {}
            weakref.finalize(db, _caches.pop, id(db), None)
        if key in cache:
            return cache[key]  # type: ignore[no-any-return]
        generation = _generation[0]
    value = read()
    with _lock:
        if generation == _generation[0]:
            cache.setdefault(key, value)
    return value


class Options:
    """Each method's result is a fresh list (callers may change it) of cached values."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _keep(self, key: tuple[Any, ...], read: Callable[[], list[Choice]]) -> list[Choice]:
        return list(_cached(self.db, key, read))

    def terms(self) -> list[Choice]:
        def read() -> list[Choice]:
            svc = TermService(self.db)
            return [(term_name(t), t.id) for t in svc.fetch(svc.ids())]

        return self._keep(("terms",), read)

    def sectors(self, *, include_retired: bool = False) -> list[Choice]:
        def read() -> list[Choice]:
            svc = SectorService(self.db)
            return [(s.name, s.id) for s in svc.fetch(svc.ids())
                    if include_retired or not s.retired]

        return self._keep(("sectors", include_retired), read)

    def sector_names(self) -> dict[int, str]:
        return {value: text for text, value in self.sectors(include_retired=True)}

    def units(self, *kinds: UnitKind) -> list[Choice]:
        return self._keep(("units", *kinds), lambda: [
            (u.name, u.id) for u in UnitService(self.db).of_kind(*kinds) if not u.retired])

    def all_units(self) -> list[Choice]:
        return self.units(*UnitKind)

    def ref(self, list_name: RefList) -> list[Choice]:
        return self._keep(("ref", list_name), lambda: [
            (label, label) for label in RefValueService(self.db).labels(list_name)])

    def departments(self) -> list[Choice]:
        def read() -> list[Choice]:
            svc = DepartmentService(self.db)
            return [(d.name, d.id)
                    for d in svc.fetch(svc.ids(ListQuery(filters={"retired": False})))]

        return self._keep(("departments",), read)

    def department_names(self) -> dict[int, str]:
        """Every department's name by id, retired ones too (they are on old records)."""
        def read() -> list[Choice]:
            svc = DepartmentService(self.db)
            return [(d.name, d.id) for d in svc.fetch(svc.ids())]

        return {value: text for text, value in self._keep(("all departments",), read)}

    def sessions(self, term_id: int | None = None) -> list[Choice]:
        """Plenary sessions (十届三次会议), of one term if given, in order."""
        from app.services.terms import SessionService

        def read() -> list[Choice]:
            svc = SessionService(self.db)
            query = ListQuery(filters={"term_id": term_id} if term_id else {})
            return [(svc.describe(s), s.id) for s in svc.fetch(svc.ids(query))]

        return self._keep(("sessions", term_id), read)

    def current_term_id(self) -> int | None:
        """The term set as current in 系统设置, or the latest one."""
        from app.services.terms import CommitteeService

        return _cached(self.db, ("current term",),
                       lambda: CommitteeService(self.db).current_term_id())

    def event_kinds(self) -> list[Choice]:
        def read() -> list[Choice]:
            svc = EventKindService(self.db)
            return [(f"{k.name}（{k.family.label}）", k.id)
                    for k in svc.fetch(svc.ids(ListQuery(filters={"retired": False})))]

        return self._keep(("event kinds",), read)


    def default_year(self) -> int | None:
        """The year every page opens on (``status.default_year``), kept until a change or a
        new day."""
        import datetime as dt

        from app.services.status import default_year

        key = ("default year", dt.date.today())
        year = _cached(self.db, key, lambda: default_year(self.db))
        if year is None:  # an empty database is not remembered: its first records count at once
            with _lock:
                _caches.get(id(self.db), {}).pop(key, None)
        return year

    def year_filter(self) -> dict[str, Any]:
        """A record page's 年度 filter as it opens (``default_filters``): the default year, or
        none on an empty database (the list then shows its first-run hint)."""
        year = self.default_year()
        return {"year": year} if year else {}


def year_choices(back: int = 12) -> list[Choice]:
    """This year and the ``back`` years before it, newest first."""
    import datetime as dt

    this_year = dt.date.today().year
    return [(f"{y}年", y) for y in range(this_year, this_year - back, -1)]


def opening_year(db: Database) -> int:
    """The year a year box opens on: ``default_year``, or this year on an empty database."""
    import datetime as dt

    return Options(db).default_year() or dt.date.today().year


def year_filter(db: Database) -> dict[str, Any]:
    """``Options(db).year_filter()`` for a page that keeps no options of its own."""
    return Options(db).year_filter()
