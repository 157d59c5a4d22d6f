"""Every figure's value and ids, for comparing two trees of the program (issue 15).

    python scripts/figure_dump.py dump DB OUT.pkl     # run from each tree's root
    python scripts/figure_dump.py compare A.pkl B.pkl

``dump`` computes every figure but the 待办 ones for 2024, 2025 and 2025-03-01 – 2025-08-15,
for the committee and the three organisers with the most events, both ways: the per-figure
path (``compute(ids=True)``) and the values with their ids read afterwards (``load_ids``).
``compare`` lists every entry whose value, type of number, printed value or ids — in their
order — differ. A change to the ids passes must leave the comparison empty.
"""

from __future__ import annotations

import datetime as dt
import pickle
import sys
from pathlib import Path
from typing import Any

Entry = tuple[str, "int | None", str, str]


def dump(db_path: str, out: str) -> None:
    from sqlalchemy import text

    from app.reports import figures as registry
    from app.reports.period import Period, Scope
    from app.services.opening import open_database

    db = open_database(Path(db_path))
    keys = [f.key for f in registry.figures() if f.group != "待办"]
    periods = [Period.year(2024), Period.year(2025),
               Period.between(dt.date(2025, 3, 1), dt.date(2025, 8, 15))]
    with db.reader() as session:
        busiest = [row[0] for row in session.execute(text(
            "SELECT organizer_id FROM events WHERE organizer_id IS NOT NULL "
            "AND deleted_at IS NULL GROUP BY organizer_id "
            "ORDER BY count(*) DESC, organizer_id LIMIT 3"))]
    found: dict[Entry, tuple[Any, tuple[int, ...]]] = {}
    for period in periods:
        for scope in [Scope(), *(Scope(unit_id=unit) for unit in busiest)]:
            eager = registry.compute(db, keys, period, scope, ids=True)
            lazy = registry.compute(db, keys, period, scope)
            registry.load_ids(db, lazy.values())
            for key in keys:
                found[(str(period), scope.unit_id, key, "ids")] = (eager[key].value,
                                                                    eager[key].ids)
                found[(str(period), scope.unit_id, key, "values")] = (lazy[key].value,
                                                                       lazy[key].ids)
    Path(out).write_bytes(pickle.dumps(found))
    print(f"{len(found)} entries; organisers {busiest}")


def compare(a_path: str, b_path: str) -> int:
    a = pickle.loads(Path(a_path).read_bytes())  # our own dumps
    b = pickle.loads(Path(b_path).read_bytes())
    differ = 0
    for entry, (value, ids) in a.items():
        other = b.get(entry)
        if other is None or (type(value), str(value), value, tuple(ids)) != (
                type(other[0]), str(other[0]), other[0], tuple(other[1])):
            differ += 1
            if differ <= 15:
                print("DIFF", entry, value, other and other[0])
    print(f"{len(a)} entries, {differ} differ, {len(set(b) - set(a))} only in the second")
    return 1 if differ or set(b) != set(a) else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "dump":
        dump(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
