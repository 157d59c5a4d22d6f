"""The rules a read-only computation scores a year with (``preview_rule_set``) are the rules
the year gets when its set is created (``RuleSetService.load``): the default rules, the
nearest earlier year's, else the nearest later year's — and a year's own set once it has one.
On SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from app.db.engine import Database
from app.scoring.rules import RuleSet, RuleSetService, preview_rule_set
from app.services.context import Actor
from tests.scoring.conftest import YEAR


def _preview(db: Database, year: int) -> RuleSet:
    with db.reader() as s:
        return preview_rule_set(s, year)


def _as_created(preview: RuleSet, created: RuleSet) -> RuleSet:
    """``preview`` with the ids the created set's rows got (the preview has none)."""
    ids = {r.code: r.id for r in created.rules}
    return replace(preview, id=created.id, version=created.version,
                   rules=tuple(replace(r, id=ids[r.code]) for r in preview.rules))


def test_preview_is_what_the_year_gets(any_db: Database, actor: Actor) -> None:
    svc = RuleSetService(any_db)
    # no set at all: the default rules, every catalog rule among them
    preview = _preview(any_db, YEAR - 1)
    assert preview.id == 0 and preview.rules
    assert _as_created(preview, svc.load(YEAR - 1)) == svc.load(YEAR - 1)
    # a later year copies the nearest earlier set, edits included
    svc.update_rule(actor, YEAR - 1, "attend_plenary", {"points": "25", "yearly_cap": "50"})
    svc.update(actor, YEAR - 1, {"min_proposals": 2})
    preview = _preview(any_db, YEAR + 1)
    assert preview.year == YEAR + 1
    assert preview.rule("attend_plenary").points == 25  # type: ignore[union-attr]
    assert preview.rule("attend_plenary").cap == 50  # type: ignore[union-attr]
    assert preview.min_proposals == 2
    assert _as_created(preview, svc.load(YEAR + 1)) == svc.load(YEAR + 1)
    # an earlier year without a set copies the nearest later one
    svc.update_rule(actor, YEAR - 1, "attend_plenary", {"points": "7"})
    preview = _preview(any_db, YEAR - 3)
    assert preview.rule("attend_plenary").points == 7  # type: ignore[union-attr]
    assert _as_created(preview, svc.load(YEAR - 3)) == svc.load(YEAR - 3)
    # a year with its own set: that set, as it is now
    svc.update_rule(actor, YEAR + 1, "attend_plenary", {"active": False})
    own = _preview(any_db, YEAR + 1)
    assert own == svc.load(YEAR + 1)
    assert own.rule("attend_plenary").active is False  # type: ignore[union-attr]
    assert own.rule("attend_plenary").points == Decimal(25)  # type: ignore[union-attr]
    # the nearest earlier set, not any earlier one
    preview = _preview(any_db, YEAR + 3)
    assert preview.rule("attend_plenary").active is False  # type: ignore[union-attr]
    assert _as_created(preview, svc.load(YEAR + 3)) == svc.load(YEAR + 3)
