"""Database health: integrity, references, schema version and derived keys."""

from __future__ import annotations

from sqlalchemy import select, text

from app.db.engine import Database
from app.models import Member
from app.services import audit_chain
from app.text.pinyin import search_key
from app.text.strokes import stroke_key


def check_database(db: Database) -> list[str]:
    """Every problem found, as a Chinese sentence; an empty list means healthy."""
    from app.db.migrate import check_schema

    problems: list[str] = []
    with db.engine.connect() as conn:
        if db.is_sqlite:
            result = conn.execute(text("PRAGMA quick_check")).scalar()
            if result != "ok":
                problems.append(f"SQLite 完整性检查未通过：{result}")
            broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
            for table, rowid, parent, _fk in broken[:20]:
                problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
            if len(broken) > 20:
                problems.append(f"……另有 {len(broken) - 20} 处引用缺失")
    problems += check_schema(db)
    if problems:
        return problems  # the tables below may not exist yet
    with db.reader() as session:
        stale = [
            m.name for m in session.execute(select(Member.name, Member.stroke_key,
                                                   Member.search_key)).all()
            if m.stroke_key != stroke_key(m.name) or m.search_key != search_key(m.name)
        ]
    if stale:
        problems.append(f"{len(stale)} 名委员的排序或检索键需要重建（如“{stale[0]}”）")
    with db.reader() as session:
        chain_break = audit_chain.verify(session)
    if chain_break is not None:
        problems.append(chain_break.message())
    return problems
