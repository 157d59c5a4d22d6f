"""Every member's score of a year, explained item by item, from the records in a handful of
set-based queries (one per kind of record, not one per member).

Nothing here is stored: scores are derived whenever they are asked for, so a corrected record
or an edited rule shows at once. Each item names its rule, its points and the ids of the
records behind it; the items of a member add up to the member's total.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from sqlalchemy.orm import Session

from app.db.engine import Database
from app.domain.scoring import (
    ADJUSTMENT_ITEM,
    ADJUSTMENT_LABEL,
    BASE_ITEM,
    BASE_LABEL,
    CAP_ITEM_PREFIX,
    CATEGORIES,
    CATEGORY_LABELS,
    category_of,
    fmt_points,
)
from app.scoring.grading import assign_grades
from app.scoring.model import GroupResult, MemberScore, ScoreItem, YearScores, entity_of
from app.scoring.queries import (
    Tally,
    adjustments_by_member,
    committees,
    population,
    proposers,
    seated,
    tally_attendance,
    tally_honors,
    tally_instructions,
    tally_opinions,
    tally_proposals,
)
from app.scoring.rules import Rule, RuleSet, RuleSetService, preview_rule_set
from app.services.context import SYSTEM, Actor


def compute_scores(db: Database, year: int, actor: Actor = SYSTEM) -> YearScores:
    """Every member's explained score of ``year`` under that year's rules."""
    rule_set = RuleSetService(db).load(year, actor)
    with db.reader() as s:
        return _compute(s, year, rule_set)


def scores_in(session: Session, year: int) -> YearScores:
    """The year's scores computed in an open (read-only) session, once per session: what the
    figures registry uses, so several figures of one document share one computation."""
    cache: dict[int, YearScores] = session.info.setdefault("zxlz_year_scores", {})
    if year not in cache:
        cache[year] = _compute(session, year, preview_rule_set(session, year))
    return cache[year]


def totals_in(session: Session, year: int) -> YearScores:
    """The year's scores without their items — totals, grades, ranks, minimum duties and
    warnings, the same as ``scores_in``'s — once per session: what the 履职考核 figures
    use (a third cheaper on a city's year: attendance is counted, not listed). Reuses the
    explained scores when the session has them already."""
    full: dict[int, YearScores] = session.info.get("zxlz_year_scores", {})
    if year in full:
        return full[year]
    cache: dict[int, YearScores] = session.info.setdefault("zxlz_year_totals", {})
    if year not in cache:
        cache[year] = _compute(session, year, preview_rule_set(session, year),
                               explained=False)
    return cache[year]


def year_scores(db: Database, year: int) -> YearScores:
    """The year's scores without writing anything (a year without its own rule set is scored
    with the rules it would get): for views that only look, like the 履职档案."""
    with db.reader() as s:
        return scores_in(s, year)


def member_scores(db: Database, member_id: int, years: Iterable[int],
                  scores_of: Callable[[int], YearScores] | None = None
                  ) -> list[tuple[int, MemberScore]]:
    """One member's scores of the given years, newest first. ``scores_of`` lets a caller that
    keeps the year's scores (the client, until the next change) supply them."""
    get = scores_of or (lambda year: year_scores(db, year))
    out: list[tuple[int, MemberScore]] = []
    for year in sorted(set(years), reverse=True):
        score = get(year).by_member(member_id)
        if score is not None:
            out.append((year, score))
    return out


# ── Items, caps, minimum duties ────────────────────────────────────────────────────────────

# One line of the plan: a rule, its points as written, and its cap note (points as written).
_PlannedRule = tuple[Rule, str, str]


def _plan(rule_set: RuleSet) -> list[tuple[str, str, list[_PlannedRule]]]:
    """The active rules by category, in the set's order, with their points already written
    out: worked out once per year, not once per member (2,000 members on a city's year)."""
    return [(category, label,
             [(rule, fmt_points(rule.points),
               "" if rule.cap is None else f"，本项上限{fmt_points(rule.cap)}分")
              for rule in rule_set.rules if rule.category == category and rule.active])
            for category, label in CATEGORIES]


def _rule_points(rule: Rule, n: int) -> tuple[Decimal, bool]:
    """A rule's points for ``n`` records, and whether its cap cut them."""
    raw = rule.points * n
    if rule.cap is not None and abs(raw) > rule.cap:
        return (rule.cap if raw > 0 else -rule.cap), True
    return raw, False


# A rule's line for n records: (points, note, whether the points count toward the category
# cap), worked out once per (rule, n) in a call — most members share their numbers.
_Line = tuple[Decimal, str, bool]


def _items(rule_set: RuleSet, ids: dict[str, list[int]],
           plan: list[tuple[str, str, list[_PlannedRule]]],
           lines: dict[tuple[str, int], _Line]) -> list[ScoreItem]:
    items: list[ScoreItem] = []
    if rule_set.base_score:
        items.append(ScoreItem(BASE_ITEM, BASE_LABEL, "", rule_set.base_score))
    for category, label, rules in plan:
        positive = Decimal(0)
        for rule, unit_text, cap_text in rules:
            found = ids.get(rule.code)
            if not found:
                continue
            records = tuple(sorted(found))
            n = len(records)
            line = lines.get((rule.code, n))
            if line is None:
                points, capped = _rule_points(rule, n)
                line = lines[(rule.code, n)] = (
                    points, f"{n}项×{unit_text}分" + (cap_text if capped else ""), points > 0)
            points, note, gained = line
            if gained:
                positive += points
            items.append(ScoreItem(rule.code, rule.label, category, points, n,
                                   rule.points, records, note))
        cap = rule_set.category_caps.get(category)
        if cap is not None and positive > cap:
            items.append(ScoreItem(f"{CAP_ITEM_PREFIX}{category}", f"{label}类封顶",
                                   category, cap - positive,
                                   note=f"{label}类加分{fmt_points(positive)}分，"
                                        f"上限{fmt_points(cap)}分"))
    return items


# A rule code's points for n records: the sum over its rules, and the positive ones by
# category (what the category caps apply to); None when no active rule has the code.
_Points = tuple[Decimal, tuple[tuple[str, Decimal], ...]] | None


def _points_for(rules: list[tuple[str, Rule]], n: int) -> _Points:
    points = [(category, _rule_points(rule, n)[0]) for category, rule in rules]
    if not points:
        return None
    return (sum((p for _, p in points), Decimal(0)),
            tuple((category, p) for category, p in points if p > 0))


def _total(rule_set: RuleSet, counts: Mapping[str, int], by_code: _ByCode,
           points_of: dict[tuple[str, int], _Points]) -> Decimal:
    """The sum of the points of ``_items`` (without adjustments) from the number of records
    per rule: the same rules, caps and category caps, without writing the items out.
    ``points_of`` keeps each (rule code, number of records)'s points for the call (most
    members share their numbers)."""
    total = rule_set.base_score or Decimal(0)
    positive: dict[str, Decimal] = {}
    for code, n in counts.items():
        if not n:
            continue
        key = (code, n)
        if key in points_of:
            found = points_of[key]
        else:
            found = points_of[key] = _points_for(by_code.get(code, []), n)
        if found is None:
            continue
        points, gains = found
        total += points
        for category, gained in gains:
            positive[category] = positive.get(category, Decimal(0)) + gained
    for category, gained in positive.items():
        cap = rule_set.category_caps.get(category)
        if cap is not None and gained > cap:
            total += cap - gained
    return total


# The active rules of a year by code, each with its category (``_plan`` by code).
_ByCode = dict[str, list[tuple[str, Rule]]]


def _by_code(plan: list[tuple[str, str, list[_PlannedRule]]]) -> _ByCode:
    out: _ByCode = {}
    for category, _label, rules in plan:
        for rule, _unit_text, _cap_text in rules:
            out.setdefault(rule.code, []).append((category, rule))
    return out


def _missing(
    rule_set: RuleSet, n: Mapping[str, int]
) -> tuple[tuple[str, ...], dict[str, int]]:
    """The minimum duties not met, from the number of records per rule."""
    counts = {
        "plenary": n.get("attend_plenary", 0),
        "proposals": sum(n.get(c, 0) for c in
                         ("proposal_lead", "proposal_cosign", "proposal_collective")),
        "opinions": n.get("opinion_submitted", 0),
        "activities": sum(n.get(c, 0) for c in
                          ("attend_committee", "attend_sector_group", "attend_activity")),
    }
    missing: list[str] = []
    if rule_set.require_plenary and (n.get("absent_plenary") or not (
            counts["plenary"] or n.get("excused_plenary"))):
        missing.append("未出席全体会议")
    if counts["proposals"] < rule_set.min_proposals:
        missing.append(f"提案{counts['proposals']}件（应不少于{rule_set.min_proposals}件）")
    if counts["opinions"] < rule_set.min_opinions:
        missing.append(f"社情民意信息{counts['opinions']}篇（应不少于{rule_set.min_opinions}篇）")
    if counts["activities"] < rule_set.min_activities:
        missing.append(f"其他履职活动{counts['activities']}次（应不少于{rule_set.min_activities}次）")
    return tuple(missing), counts


def _compute(s: Session, year: int, rule_set: RuleSet, *, explained: bool = True
             ) -> YearScores:
    """Every member's score; with ``explained=False`` only the totals, grades, minimum duties
    and warnings (no items: attendance is counted in SQL instead of listed), which is all
    the 履职考核 figures need."""
    members = population(s, year)
    units = committees(s, year)
    tally = Tally()
    tally_attendance(s, year, rule_set, tally, with_ids=explained)
    tally_proposals(s, year, tally)
    submitters = tally_opinions(s, year, tally)
    tally_instructions(s, year, tally, submitters)
    tally_honors(s, year, tally)
    adjustments = adjustments_by_member(s, year)
    silent = seated(s, year - 1) - proposers(s, year - 1, year)
    plan = _plan(rule_set)
    by_code = _by_code(plan)
    lines: dict[tuple[str, int], _Line] = {}
    points_of: dict[tuple[str, int], _Points] = {}
    for mid, score in members.items():
        ids = tally.ids.get(mid, {})
        counts = {rule: len(found) for rule, found in ids.items()}
        counts.update(tally.counts.get(mid, {}))
        score.committees = tuple(units.get(mid, ()))
        extra = adjustments.get(mid, ())
        if explained:
            score.items = _items(rule_set, ids, plan, lines)
            for aid, points, reason in extra:
                score.items.append(ScoreItem(ADJUSTMENT_ITEM, f"{ADJUSTMENT_LABEL}：{reason}",
                                             "", points, 1, None, (aid,)))
            score.total = sum((i.points for i in score.items), Decimal(0))
        else:
            score.total = _total(rule_set, counts, by_code, points_of) + sum(
                (points for _, points, _ in extra), Decimal(0))
        score.missing, score.counts = _missing(rule_set, counts)
        if mid in silent:
            score.warnings = ("连续两年未提交提案",)
    ordered = sorted(members.values(), key=lambda m: (-m.total, m.stroke_key, m.member_id))
    assign_grades(rule_set, ordered)
    return YearScores(year, rule_set, ordered)


__all__ = ["CATEGORY_LABELS", "GroupResult", "MemberScore", "ScoreItem", "YearScores",
           "category_of", "compute_scores", "entity_of", "member_scores", "scores_in",
           "totals_in", "year_scores"]
