"""Export → delete → import → compare, for the kinds whose rows hang on another record
(批示, 督办): the export re-imports exactly, and a second import changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.exchange.apply import import_file
from app.exchange.export import export_records


def assert_reimports_exactly(db: Any, actor: Any, kind: str, model: Any, count: int,
                             records: Callable[[Any], set[Any]], folder: Path) -> None:
    expected = records(db)
    out, n = export_records(db, kind, folder / f"{kind}.xlsx")
    assert n == count
    with db.session() as s:
        for row in s.scalars(select(model)):
            s.delete(row)
    assert len(import_file(db, out, kind, actor).created) == count
    assert records(db) == expected
    again = import_file(db, out, kind, actor)
    assert not again.created and not again.updated and len(again.unchanged) == count
