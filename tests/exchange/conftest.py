"""Fixtures for the Excel exchange tests: a small committee, messy workbooks built on the spot,
and a snapshot of every table to prove that a refused import wrote nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from app.models import Base, CommitteeSettings, Department, PlenarySession, Sector, Term
from app.services.members import MemberService
from app.text.idcard import check_character


def id_number(birth: str, sequence: int, area: str = "140428") -> str:
    """A valid identity number: ``birth`` as YYYYMMDD, odd ``sequence`` for a man."""
    first17 = f"{area}{birth}{sequence:03d}"
    return first17 + check_character(first17)


@dataclass
class World:
    term_id: int
    session3_id: int
    session4_id: int
    members: dict[str, int]  # name (or name+birth month for namesakes) → id
    sectors: dict[str, int]
    departments: dict[str, int]


@pytest.fixture
def world(db: Any, actor: Any) -> World:
    with db.session() as session:
        term = Term(number=10, start_on=dt.date(2021, 12, 20))
        session.add(term)
        session.flush()
        s3 = PlenarySession(term_id=term.id, number=3, start_on=dt.date(2023, 3, 1))
        s4 = PlenarySession(term_id=term.id, number=4, start_on=dt.date(2024, 4, 22))
        departments = [Department(name="县住房和城乡建设管理局", short_name="县住建局"),
                       Department(name="县教育科技局", short_name="县教科局"),
                       Department(name="县交通运输局", short_name="县交通局")]
        session.add_all([s3, s4, *departments])
        settings = session.scalars(select(CommitteeSettings)).one()
        settings.region, settings.current_term_id = "示范县", term.id
        session.flush()
        sectors = {s.name: s.id for s in session.scalars(select(Sector))}
        ids = (term.id, s3.id, s4.id, {d.name: d.id for d in departments})
    service = MemberService(db)
    people = [("张琳", "19750315", 2, "医药卫生界"), ("李强", "19680501", 11, "中共"),
              ("王伟", "19700203", 13, "经济界"), ("王伟", "19821110", 15, "教育界"),
              ("赵敏", "19790909", 24, "妇联")]  # odd sequence numbers are men
    members = {}
    for name, birth, seq, sector in people:
        record = service.create(actor, {
            "name": name, "id_number": id_number(birth, seq), "party": "中共",
            "seat": {"term_id": ids[0], "sector_id": sectors[sector]}}).value
        key = name if name != "王伟" else f"王伟{birth[:6]}"
        members[key] = record.id
    return World(ids[0], ids[1], ids[2], members, sectors, ids[3])


@pytest.fixture
def snapshot(db: Any) -> Callable[[], dict[str, list[tuple[Any, ...]]]]:
    """Every row of every table: equal snapshots before and after mean nothing was written."""
    def take() -> dict[str, list[tuple[Any, ...]]]:
        with db.reader() as session:
            return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr)
                    for t in Base.metadata.sorted_tables}
    return take


@pytest.fixture
def book(tmp_path: Path) -> Callable[..., Path]:
    """Write a workbook: rows of cells, merged ranges ("A1:F1"), cells formatted as text."""
    def write(name: str, rows: Sequence[Sequence[Any]], merges: Sequence[str] = (),
              sheet: str = "Sheet1", extra_sheets: dict[str, Sequence[Sequence[Any]]] | None = None
              ) -> Path:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = sheet
        for row in rows:
            ws.append(list(row))
        for ref in merges:
            ws.merge_cells(ref)
        for title, other in (extra_sheets or {}).items():
            more = wb.create_sheet(title)
            for row in other:
                more.append(list(row))
        path = tmp_path / name
        wb.save(path)
        return path
    return write
