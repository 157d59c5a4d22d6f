"""Each year's rule set: copied on first use, edited per year, never shared between years."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Executable, bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.enums import AuditAction, GradeMode
from app.domain.schema import SCORING_RULE, SCORING_RULE_SET
from app.domain.scoring import (
    CATEGORY_LABELS,
    DEFAULT_CATEGORY_CAPS,
    DEFAULT_SET_VALUES,
    RULES,
    RULES_BY_CODE,
)
from app.errors import FieldProblem, NotFoundError, ValidationError
from app.models import EventKind, ScoringRule, ScoringRuleSet
from app.services import audit
from app.services.context import SYSTEM, Actor, Changes, publish
from app.services.validation import clean

# Fields of a rule set the office edits (SCORING_RULE_SET); year is fixed once created.
SET_FIELDS = ("base_score", "grade_mode", "excellent_min", "good_min", "pass_min",
              "excellent_share", "good_share", "require_plenary", "min_proposals",
              "min_opinions", "min_activities", "notes")
RULE_FIELDS = ("label", "points", "yearly_cap", "active")


@dataclass(frozen=True)
class Rule:
    id: int
    code: str
    label: str
    category: str
    points: Decimal
    cap: Decimal | None
    active: bool
    event_kind_id: int | None


@dataclass(frozen=True)
class RuleSet:
    """A detached snapshot of one year's rules."""

    id: int
    year: int
    version: int
    base_score: Decimal
    grade_mode: GradeMode
    excellent_min: Decimal
    good_min: Decimal
    pass_min: Decimal
    excellent_share: int
    good_share: int
    require_plenary: bool
    min_proposals: int
    min_opinions: int
    min_activities: int
    category_caps: dict[str, Decimal]
    notes: str
    rules: tuple[Rule, ...] = field(default=())

    def rule(self, code: str) -> Rule | None:
        for rule in self.rules:
            if rule.code == code:
                return rule
        return None

    def minimum_text(self) -> str:
        """The minimum duties in one line: 出席全体会议、提案≥1件、……"""
        parts = ["出席全体会议"] if self.require_plenary else []
        if self.min_proposals:
            parts.append(f"提案不少于{self.min_proposals}件")
        if self.min_opinions:
            parts.append(f"社情民意信息不少于{self.min_opinions}篇")
        if self.min_activities:
            parts.append(f"参加其他履职活动不少于{self.min_activities}次")
        return "、".join(parts) or "未设最低履职要求"


def _caps(text: str) -> dict[str, Decimal]:
    if not text:
        return {}
    raw = json.loads(text)
    return {k: Decimal(str(v)) for k, v in raw.items() if k in CATEGORY_LABELS}


def _caps_text(caps: dict[str, Decimal]) -> str:
    return json.dumps({k: str(v) for k, v in caps.items()}, ensure_ascii=False, sort_keys=True)


class _RuleRow(NamedTuple):
    """A rule as read (columns, not an ORM object: a year's ~35 rules are read per score)."""

    id: int | None  # None: a catalog rule the default rules lack
    code: str
    label: str
    event_kind_id: int | None
    points: Decimal
    yearly_cap: Decimal | None
    active: bool | None


_RULE_COLUMNS = (ScoringRule.id, ScoringRule.code, ScoringRule.label, ScoringRule.event_kind_id,
                 ScoringRule.points, ScoringRule.yearly_cap, ScoringRule.active)


@cache
def _rules_sql() -> tuple[Executable, Executable]:
    """The rules of a set (``:set_id``) and the default rules (no set): built once."""
    live = ScoringRule.deleted_at.is_(None)
    return (select(*_RULE_COLUMNS).where(ScoringRule.rule_set_id == bindparam("set_id"), live),
            select(*_RULE_COLUMNS).where(ScoringRule.rule_set_id.is_(None), live))


def _set_rules(session: Session, set_id: int) -> list[_RuleRow]:
    # session.execute, not the bare connection: pending edits of the session are flushed first
    return [_RuleRow(*r) for r in session.execute(_rules_sql()[0], {"set_id": set_id})]


def snapshot(session: Session, row: ScoringRuleSet) -> RuleSet:
    rules = _set_rules(session, row.id)
    order = {r.code: i for i, r in enumerate(RULES)}
    ordered = sorted(rules, key=lambda r: (order.get(r.code, len(order)), r.id or 0))
    return RuleSet(
        id=row.id, year=row.year, version=row.version, base_score=row.base_score,
        grade_mode=row.grade_mode, excellent_min=row.excellent_min, good_min=row.good_min,
        pass_min=row.pass_min, excellent_share=row.excellent_share, good_share=row.good_share,
        require_plenary=row.require_plenary, min_proposals=row.min_proposals,
        min_opinions=row.min_opinions, min_activities=row.min_activities,
        category_caps=_caps(row.category_caps), notes=row.notes,
        rules=tuple(
            Rule(r.id or 0, r.code, r.label, RULES_BY_CODE[r.code].category
                 if r.code in RULES_BY_CODE else "", r.points, r.yearly_cap, bool(r.active),
                 r.event_kind_id)
            for r in ordered
        ),
    )


def _template_rules(session: Session) -> list[_RuleRow]:
    """The default rules (no rule set); any catalog rule missing from them is added."""
    rows = [_RuleRow(*r) for r in session.execute(_rules_sql()[1])]
    have = {r.code for r in rows}
    missing = [rdef for rdef in RULES if rdef.code not in have]
    if missing:
        kinds = {name: kid for name, kid in session.execute(select(EventKind.name, EventKind.id))}
        rows += [_RuleRow(None, rdef.code, rdef.label, kinds.get(rdef.event_kind),
                          Decimal(rdef.points), Decimal(rdef.cap) if rdef.cap else None, None)
                 for rdef in missing]
    return rows


def ensure_rule_set(session: Session, year: int, actor: Actor = SYSTEM) -> ScoringRuleSet:
    """The year's rule set, created on first use as a copy of the nearest earlier year's set
    (or the nearest later one, or the default rules): once a year has a set it keeps it."""
    row = session.scalar(select(ScoringRuleSet).where(ScoringRuleSet.year == year))
    if row is not None:
        return row
    live = ScoringRuleSet.deleted_at.is_(None)
    source = session.scalar(
        select(ScoringRuleSet).where(ScoringRuleSet.year < year, live)
        .order_by(ScoringRuleSet.year.desc()).limit(1)
    ) or session.scalar(
        select(ScoringRuleSet).where(ScoringRuleSet.year > year, live)
        .order_by(ScoringRuleSet.year).limit(1)
    )
    return _create(session, year, source, actor)


def _create(
    session: Session, year: int, source: ScoringRuleSet | None, actor: Actor
) -> ScoringRuleSet:
    if source is not None:
        row = ScoringRuleSet(year=year, **{name: getattr(source, name) for name in SET_FIELDS},
                             category_caps=source.category_caps)
        rules = _set_rules(session, source.id)
        origin = f"复制{source.year}年度规则"
    else:
        values = dict(DEFAULT_SET_VALUES,
                      grade_mode=GradeMode(str(DEFAULT_SET_VALUES["grade_mode"])))
        row = ScoringRuleSet(year=year, category_caps=_caps_text(DEFAULT_CATEGORY_CAPS),
                             **values)
        rules = _template_rules(session)
        origin = "采用默认规则"
    session.add(row)
    session.flush()
    for rule in rules:
        session.add(ScoringRule(rule_set_id=row.id, code=rule.code, label=rule.label,
                                event_kind_id=rule.event_kind_id, points=rule.points,
                                yearly_cap=rule.yearly_cap, active=rule.active))
    session.flush()
    audit.record(session, actor, AuditAction.CREATE, SCORING_RULE_SET, row.id,
                 f"建立{year}年度履职考核规则（{origin}）")
    return row


@cache
def _sets_sql() -> Executable:
    return select(ScoringRuleSet.id, ScoringRuleSet.year, ScoringRuleSet.deleted_at.is_(None))


def preview_rule_set(session: Session, year: int) -> RuleSet:
    """The rules ``year`` is (or would be) scored with, without writing anything: its own set,
    else what ``ensure_rule_set`` would copy. For figures computed in a read-only session."""
    sets = [(set_id, set_year, bool(live)) for set_id, set_year, live
            in session.execute(_sets_sql())]  # a set per year: a few rows
    own = next((set_id for set_id, set_year, _live in sets if set_year == year), None)
    if own is not None:
        return snapshot(session, session.get_one(ScoringRuleSet, own))
    earlier = [(set_year, set_id) for set_id, set_year, live in sets if live and set_year < year]
    later = [(set_year, set_id) for set_id, set_year, live in sets if live and set_year > year]
    source = max(earlier) if earlier else min(later) if later else None
    if source is not None:
        row = session.get_one(ScoringRuleSet, source[1])
        return replace(snapshot(session, row), id=0, year=year, version=0)
    values = dict(DEFAULT_SET_VALUES, grade_mode=GradeMode(str(DEFAULT_SET_VALUES["grade_mode"])))
    order = {r.code: i for i, r in enumerate(RULES)}
    rules = sorted(_template_rules(session), key=lambda r: order.get(r.code, len(order)))
    return RuleSet(
        id=0, year=year, version=0, min_proposals=1, min_opinions=1, min_activities=3,
        require_plenary=True, category_caps=dict(DEFAULT_CATEGORY_CAPS), notes="",
        rules=tuple(Rule(r.id or 0, r.code, r.label, RULES_BY_CODE[r.code].category
                         if r.code in RULES_BY_CODE else "", r.points, r.yearly_cap,
                         r.active if r.active is not None else True, r.event_kind_id)
                    for r in rules),
        **values,  # type: ignore[arg-type]
    )


def _problem(name: str, label: str, value: Any, message: str) -> FieldProblem:
    return FieldProblem(name, label, value, message)


class RuleSetService:
    """Read and edit the rule set of a year; every change is audited and applies to that year
    only."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def years(self) -> list[int]:
        with self.db.reader() as s:
            return list(s.scalars(select(ScoringRuleSet.year).where(
                ScoringRuleSet.deleted_at.is_(None)).order_by(ScoringRuleSet.year)))

    def load(self, year: int, actor: Actor = SYSTEM) -> RuleSet:
        """The year's rules; creates the set on first use (copy of the nearest year's)."""
        with self.db.reader() as s:
            row = s.scalar(select(ScoringRuleSet).where(ScoringRuleSet.year == year))
            if row is not None:
                return snapshot(s, row)
        try:
            with self.db.session() as s:
                result = snapshot(s, ensure_rule_set(s, year, actor))
        except IntegrityError:
            # another clerk's program created the year's set at the same moment: use theirs
            with self.db.reader() as s:
                row = s.scalar(select(ScoringRuleSet).where(ScoringRuleSet.year == year))
                if row is None:
                    raise
                return snapshot(s, row)
        publish(Changes.of("scoring_rule_sets", [result.id]))
        return result

    def update(self, actor: Actor, year: int, data: dict[str, Any], version: int | None = None,
               caps: dict[str, Any] | None = None) -> RuleSet:
        """Change the year's settings (SET_FIELDS) and, with ``caps``, its category caps."""
        actor.require_write()
        with self.db.session() as s:
            row = ensure_rule_set(s, year, actor)
            if version is not None and row.version != version:
                from app.errors import ConflictError

                raise ConflictError(f"{year}年度考核规则已被他人修改，请重新打开后再改。")
            values, problems = clean(s, SCORING_RULE_SET, {k: v for k, v in data.items()
                                                           if k in SET_FIELDS}, current=row)
            new_caps = _caps(row.category_caps)
            if caps is not None:
                new_caps = {}
                for code, value in caps.items():
                    label = CATEGORY_LABELS.get(code)
                    if label is None:
                        raise KeyError(code)
                    if value in (None, ""):
                        continue
                    try:
                        number = Decimal(str(value).strip())
                    except InvalidOperation:
                        problems.append(_problem(code, f"{label}上限", value, "应为数字"))
                        continue
                    if number < 0:
                        problems.append(_problem(code, f"{label}上限", value, "不能小于0"))
                        continue
                    new_caps[code] = number
            merged = {name: values.get(name, getattr(row, name)) for name in SET_FIELDS}
            problems += _check_set(merged)
            if problems:
                raise ValidationError(problems, f"{year}年度考核规则")
            diff = {k: (getattr(row, k), v) for k, v in values.items() if getattr(row, k) != v}
            for name, value in values.items():
                setattr(row, name, value)
            caps_text = _caps_text(new_caps)
            if caps is not None and caps_text != row.category_caps:
                diff["category_caps"] = (row.category_caps, caps_text)
                row.category_caps = caps_text
            if diff:
                s.flush()
                audit.record(s, actor, AuditAction.UPDATE, SCORING_RULE_SET, row.id,
                             f"修改{year}年度履职考核规则", diff)
            result = snapshot(s, row)
        publish(Changes.of("scoring_rule_sets", [result.id]))
        return result

    def update_rule(self, actor: Actor, year: int, code: str, data: dict[str, Any]) -> RuleSet:
        """Change one rule (label, points, cap, active) of the year's set."""
        actor.require_write()
        with self.db.session() as s:
            row = ensure_rule_set(s, year, actor)
            rule = s.scalar(select(ScoringRule).where(ScoringRule.rule_set_id == row.id,
                                                      ScoringRule.code == code))
            if rule is None:
                raise NotFoundError(f"{year}年度考核规则中没有“{code}”这一项。")
            values, problems = clean(s, SCORING_RULE, {k: v for k, v in data.items()
                                                       if k in RULE_FIELDS}, current=rule)
            if values.get("yearly_cap") is not None and values["yearly_cap"] < 0:
                problems.append(_problem("yearly_cap", "年度上限", data.get("yearly_cap"),
                                         "不能小于0"))
            if problems:
                raise ValidationError(problems, f"考核规则“{rule.label}”")
            diff = {k: (getattr(rule, k), v) for k, v in values.items() if getattr(rule, k) != v}
            for name, value in values.items():
                setattr(rule, name, value)
            if diff:
                s.flush()
                audit.record(s, actor, AuditAction.UPDATE, SCORING_RULE, rule.id,
                             f"修改{year}年度考核规则“{rule.label}”", diff)
            result = snapshot(s, row)
        publish(Changes.of("scoring_rule_sets", [result.id]))
        return result

    def copy_from(self, actor: Actor, year: int, source_year: int) -> RuleSet:
        """Replace the year's rules by a copy of another year's (e.g. last year's)."""
        actor.require_write()
        if year == source_year:
            raise ValidationError([_problem("year", "年度", source_year,
                                            "不能从本年度复制")], "考核规则")
        with self.db.session() as s:
            source = ensure_rule_set(s, source_year, actor)
            row = s.scalar(select(ScoringRuleSet).where(ScoringRuleSet.year == year))
            if row is not None:
                old = select(ScoringRule).where(ScoringRule.rule_set_id == row.id)
                for rule in s.scalars(old):
                    s.delete(rule)
                s.flush()
                for name in SET_FIELDS:
                    setattr(row, name, getattr(source, name))
                row.category_caps = source.category_caps
                for rule in s.scalars(select(ScoringRule).where(
                        ScoringRule.rule_set_id == source.id, ScoringRule.deleted_at.is_(None))):
                    s.add(ScoringRule(rule_set_id=row.id, code=rule.code, label=rule.label,
                                      event_kind_id=rule.event_kind_id, points=rule.points,
                                      yearly_cap=rule.yearly_cap, active=rule.active))
                s.flush()
                audit.record(s, actor, AuditAction.UPDATE, SCORING_RULE_SET, row.id,
                             f"{year}年度履职考核规则改为复制{source_year}年度规则")
            else:
                row = _create(s, year, source, actor)
            result = snapshot(s, row)
        publish(Changes.of("scoring_rule_sets", [result.id]))
        return result


def _check_set(values: dict[str, Any]) -> list[FieldProblem]:
    """Cross-field rules: thresholds descend, shares add up to at most 100 %."""
    problems: list[FieldProblem] = []
    label = SCORING_RULE_SET.label_of
    ordered = values["excellent_min"] > values["good_min"] > values["pass_min"]
    if values["grade_mode"] == GradeMode.POINTS and not ordered:
        problems.append(_problem("good_min", label("good_min"), values["good_min"],
                                 f"分数线应依次降低：优秀{values['excellent_min']}"
                                 f" > 良好{values['good_min']} > 称职{values['pass_min']}"))
    if values["excellent_share"] + values["good_share"] > 100:
        problems.append(_problem("good_share", label("good_share"), values["good_share"],
                                 f"优秀比例与良好比例之和不能超过100%"
                                 f"（现为{values['excellent_share'] + values['good_share']}%）"))
    return problems
