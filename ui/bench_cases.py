"""Benchmark cases of the client, registered with the core's harness (``python main.py bench``).

Each measures what a clerk waits for — a page opening with its first screen of rows, one
search keystroke — against the bare SQL a page cannot do without.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from typing import Any

from app.bench.harness import Runner, Target, case
from app.db.engine import Database

VISIBLE_ROWS = 30  # rows on screen at 1366×768


_WINDOWS: dict[int, tuple[Database, Any]] = {}


def _window(db: Database) -> Any:  # a MainWindow, imported lazily
    """The one main window of ``db`` for every case, as a clerk has one: each window adds
    application-wide event filters (idle lock), so a window per case made every later case
    pay for the earlier ones' filters on each of the ~1,200 events of building a page."""
    kept = _WINDOWS.get(id(db))
    if kept is not None and kept[0] is db:
        return kept[1]
    window = _new_window(db)
    _WINDOWS[id(db)] = (db, window)
    return window


def _new_window(db: Database) -> Any:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from app.services.context import Actor
    from ui.application import make_application
    from ui.main_window import MainWindow
    from ui.settings import Settings

    make_application()
    settings = Settings(QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"),
                                  QSettings.Format.IniFormat))
    window = MainWindow(db, Actor("bench"), settings=settings)
    window.dialogs.exec = lambda dialog: False  # type: ignore[method-assign]
    return window


def first_screen(page: Any) -> None:
    model = page.model
    for row in range(min(VISIBLE_ROWS, model.rowCount())):
        for col in range(model.columnCount()):
            model.data(model.index(row, col))


def _term_id(path: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT current_term_id FROM committee_settings").fetchone()[0]


def _ids_and_first_screen(path: str, table: str, id_sql: str, params: tuple[Any, ...] = ()
                          ) -> list[Any]:
    """The baseline of opening a page: all ids in order, then the first screen's rows."""
    with sqlite3.connect(path) as conn:
        first = [r[0] for r in conn.execute(id_sql, params)][:VISIBLE_ROWS]
        marks = ",".join("?" * len(first))
        return conn.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", first).fetchall()


MEMBERS_SQL = """SELECT m.id FROM members m WHERE m.deleted_at IS NULL AND EXISTS (
    SELECT 1 FROM member_terms t WHERE t.member_id = m.id AND t.term_id = ?)
    {search} ORDER BY m.sort_number IS NULL, m.sort_number, m.stroke_key, m.id"""


# The pages' target (issue 15): at most 3× the bare SQL, or at most 30 ms on the reference
# machine (``--absolute``).
@case("ui.members.open", "打开委员页（本届委员，按姓氏笔画，首屏30行）vs 同一查询的裸 SQL",
      target=Target(3, or_ms=30, known_miss="#15", ceiling=75))
def members_open(db: Database) -> tuple[Runner, Runner]:
    from ui.pages.members import MembersPage

    window = _window(db)
    path = str(db.file_path)
    term = _term_id(path)

    def measured() -> object:
        page = MembersPage(window.ctx)
        page.reload()
        first_screen(page)
        page.deleteLater()
        return page

    def baseline() -> object:
        return _ids_and_first_screen(path, "members", MEMBERS_SQL.format(search=""), (term,))

    return measured, baseline


@case("ui.members.keystroke", "委员页搜索每次按键（z→zh→zha→zhan→zhang，含首屏）vs 裸 LIKE 查询",
      target=Target(3, or_ms=30, known_miss="#15", ceiling=20))
def members_keystroke(db: Database) -> tuple[Runner, Runner]:
    from ui.pages.members import MembersPage

    window = _window(db)
    page = MembersPage(window.ctx)
    page.reload()
    path = str(db.file_path)
    term = _term_id(path)
    typed = ["z", "zh", "zha", "zhan", "zhang"]
    state = {"i": 0}

    def measured() -> object:
        text = typed[state["i"] % len(typed)]
        state["i"] += 1
        page.search.blockSignals(True)
        page.search.setText(text)
        page.search.blockSignals(False)
        page.refine()  # what the search box's timer runs once the clerk stops typing
        first_screen(page)
        return page

    def baseline() -> object:
        text = typed[state["i"] % len(typed)]
        like = f"%{text}%"
        search = ("AND (lower(m.name) LIKE ? OR lower(m.search_key) LIKE ? "
                  "OR lower(m.work_unit_post) LIKE ?)")
        with sqlite3.connect(path) as conn:
            return conn.execute(MEMBERS_SQL.format(search=search),
                                (term, like, like, like)).fetchall()

    return measured, baseline


@case("ui.activities.open-all", "履职活动页打开全部年份（约5万条，首屏30行）vs 裸 SQL",
      target=Target(3, or_ms=300, known_miss="#15", ceiling=225))
def activities_open_all(db: Database) -> tuple[Runner, Runner]:
    from ui.pages.events import ActivitiesPage

    window = _window(db)
    path = str(db.file_path)

    def measured() -> object:
        page = ActivitiesPage(window.ctx)
        page.filter_boxes["year"].setCurrentIndex(0)  # 全部
        page.reload()
        first_screen(page)
        page.deleteLater()
        return page

    def baseline() -> object:
        return _ids_and_first_screen(
            path, "events",
            "SELECT e.id FROM events e JOIN event_kinds k ON k.id = e.kind_id "
            "WHERE e.deleted_at IS NULL AND k.family NOT IN ('meeting', 'consultation') "
            "ORDER BY e.start_on DESC, e.id")

    return measured, baseline


# Opening each list page as it opens for a clerk (the latest year), then changing a filter
# (the year before), against the bare SQL of the same list.
PAGE_SQL = {
    "meetings": ("events", "SELECT e.id FROM events e JOIN event_kinds k ON k.id = e.kind_id "
                 "WHERE e.deleted_at IS NULL AND k.family IN ('meeting', 'consultation') "
                 "AND e.start_on BETWEEN ? AND ? ORDER BY e.start_on DESC, e.id"),
    "activities": ("events", "SELECT e.id FROM events e JOIN event_kinds k ON k.id = e.kind_id "
                   "WHERE e.deleted_at IS NULL AND k.family NOT IN ('meeting', 'consultation') "
                   "AND e.start_on BETWEEN ? AND ? ORDER BY e.start_on DESC, e.id"),
    "proposals": ("proposals", "SELECT id FROM proposals WHERE deleted_at IS NULL "
                  "AND submitted_on BETWEEN ? AND ? ORDER BY term_id, session_id, number, id"),
    "opinions": ("opinion_reports", "SELECT id FROM opinion_reports WHERE deleted_at IS NULL "
                 "AND received_on BETWEEN ? AND ? ORDER BY received_on DESC, id"),
}


def _page_cases(key: str) -> None:
    table, sql = PAGE_SQL[key]

    def prepare_open(db: Database) -> tuple[Runner, Runner]:
        window = _window(db)
        entry = next(e for e in window.entries if e.key == key)
        path = str(db.file_path)
        year = _latest_year(path, table)

        def measured() -> object:
            page = entry.factory(window.ctx)
            page.reload()
            first_screen(page)
            page.deleteLater()
            return page

        def baseline() -> object:
            return _ids_and_first_screen(path, table, sql, (f"{year}-01-01", f"{year}-12-31"))

        return measured, baseline

    def prepare_filter(db: Database) -> tuple[Runner, Runner]:
        window = _window(db)
        page = next(e for e in window.entries if e.key == key).factory(window.ctx)
        page.reload()
        path = str(db.file_path)
        year = _latest_year(path, table)
        box = page.filter_boxes["year"]
        state = {"flip": False}

        def measured() -> object:
            state["flip"] = not state["flip"]
            box.setCurrentIndex(box.findData(year - 1 if state["flip"] else year))
            first_screen(page)
            return page

        def baseline() -> object:
            y = year - 1 if state["flip"] else year
            return _ids_and_first_screen(path, table, sql, (f"{y}-01-01", f"{y}-12-31"))

        return measured, baseline

    case(f"ui.{key}.open", f"打开{key}页（最近一年，首屏30行）vs 裸 SQL",
         target=Target(3, or_ms=30, known_miss=PAGE_MISSES.get(key, ""),
                       ceiling=PAGE_CEILING))(prepare_open)
    filter_miss = FILTER_MISSES.get(key, "")
    case(f"ui.{key}.filter", f"{key}页切换年度筛选（含首屏）vs 裸 SQL",
         target=Target(3, or_ms=30, known_miss=filter_miss,
                       ceiling=PAGE_CEILING if filter_miss else None))(prepare_filter)


def _latest_year(path: str, table: str) -> int:
    column = {"events": "start_on", "proposals": "submitted_on",
              "opinion_reports": "received_on"}[table]
    with sqlite3.connect(path) as conn:
        return int(conn.execute(f"SELECT max({column}) FROM {table} "
                                f"WHERE {column} <= date('now')").fetchone()[0][:4])


# Pages whose ratio is above 3× today: tracked in issue 15. Since 2026-12-07 (listpages) the
# count row is one GROUP BY and the rows plain values, so what remains of an ``open`` is
# building the page's widgets (~130, 12–20 ms of CPU), which the bare SQL (1–6 ms) does not
# do; the ``filter`` cases are at 2–7× on city-decade and 4–7× on the county demo (CPU-time
# medians, docs/BENCHMARKS.md), so no mark can go yet: CI checks the county demo.
PAGE_MISSES = {key: "#15" for key in PAGE_SQL}
# Since 2026-12-07 (pages2) a year switch reads only the ids (``RecordPage.refine``) and the
# pages open without application-wide event filters: CPU-time medians 2.0× (会议协商, 履职活动)
# on the county demo and 1.3–1.8× on city-decade, so those two marks are gone. 社情民意 (2.4×
# county) keeps its mark while the margin is thin (county wall-clock ratios run above CPU
# time); 提案 (3.3× county, 3.5× city: its count row is a second query) is not met.
FILTER_MISSES = {"proposals": "#15", "opinions": "#15"}
# A regression bound on top of the known miss: about 3× the worst ratio measured on
# 2026-12-07 (97× for ui.proposals.open on city-decade, whose bare query takes 1.5 ms). Not
# tightened with the gains: wall-clock ratios on a loaded CI machine swing 2–3× (county demo,
# load average 9: 50–115× for ui.*.open).
PAGE_CEILING = 300

for _key in PAGE_SQL:
    _page_cases(_key)


@case("ui.home.year-change", "首页换统计年度时界面线程的占用（发出请求，再用结果建数字和图表）"
      "vs 同样的统计放在界面线程上算（改为后台计算之前的卡顿）", target=Target(0.25))
def home_year_change(db: Database) -> tuple[Runner, Runner]:
    from ui.pages.home_loader import load_home

    window = _window(db)
    page = window.show_page("dashboard")
    page.wait_ready()
    page.loader.request = lambda _work: 0  # the worker's share is the baseline, not measured
    box = page.year_box
    year = int(box.currentData())
    ratio = page.devicePixelRatioF()
    ready = {y: load_home(db, y, ratio) for y in (year, year - 1)}
    state = {"flip": False}

    def measured() -> object:
        state["flip"] = not state["flip"]
        y = year - 1 if state["flip"] else year
        box.setCurrentIndex(box.findData(y))  # returns at once: the numbers come later
        page.show_data(ready[y])  # and then the GUI thread builds the page from them
        return page

    def baseline() -> object:
        return load_home(db, year - 1 if state["flip"] else year, ratio)

    return measured, baseline
