"""Each kind of rule on hand-made records, caps, minimum duties and the two-year warning,
on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

from app.db.engine import Database
from app.domain.enums import ScoreGrade
from app.scoring.engine import MemberScore, compute_scores
from app.scoring.rules import RuleSetService
from tests.scoring.conftest import YEAR, Committee


def _rules(score: MemberScore) -> dict[str, tuple[int, ...]]:
    return {i.rule: tuple(sorted(i.records)) for i in score.items}


def _score(db: Database, c: Committee, name: str) -> MemberScore:
    score = compute_scores(db, YEAR).by_member(c.m[name])
    assert score is not None, name
    return score


def test_attendance_by_meeting_kind_leave_and_absence(any_db: Database,
                                                      committee: Committee) -> None:
    c, ev = committee, committee.events
    one = _rules(_score(any_db, c, "王一"))
    assert one["attend_plenary"] == (ev["plenary"],)  # last year's plenary is not counted
    assert one["excused_standing"] == (ev["standing"],)
    assert one["attend_committee"] == (ev["committee"],)
    assert one["attend_sector_group"] == (ev["group"],)
    assert one["attend_activity"] == (ev["inspect"],)
    two = _rules(_score(any_db, c, "李二"))
    assert two["excused_plenary"] == (ev["plenary"],)
    assert two["absent_committee"] == (ev["committee"],)
    three = _rules(_score(any_db, c, "张三"))
    assert three["absent_plenary"] == (ev["plenary"],)
    assert three["absent_sector_group"] == (ev["group"],)
    assert three["absent_unexcused"] == (ev["inspect"],)
    points = {i.rule: i.points for i in _score(any_db, c, "张三").items}
    # approved leave costs less than absence, and the 常委 deduction is the stricter one
    rules = RuleSetService(any_db).load(YEAR)
    excused, absent = rules.rule("excused_plenary"), rules.rule("absent_plenary")
    assert excused is not None and absent is not None and absent.points < excused.points < 0
    assert points["absent_plenary"] == absent.points


def test_speeches(any_db: Database, committee: Committee) -> None:
    c = committee
    assert _rules(_score(any_db, c, "王一"))["speech"] == (c.events["plenary"],)
    assert _rules(_score(any_db, c, "刘四"))["written_speech"] == (c.events["plenary"],)


def test_proposals_by_role_and_outcome(any_db: Database, committee: Committee) -> None:
    c, p = committee, committee.proposals
    one = _rules(_score(any_db, c, "王一"))
    assert one["proposal_lead"] == tuple(sorted((p["star"], p["joint"])))
    for extra in ("proposal_accepted", "proposal_key", "proposal_excellent"):
        assert one[extra] == (p["star"],), extra
    assert _rules(_score(any_db, c, "李二"))["proposal_cosign"] == (p["joint"],)
    three = _rules(_score(any_db, c, "张三"))
    assert three["proposal_collective"] == (p["collective"],)
    assert three["proposal_accepted"] == (p["collective"],)
    four = _rules(_score(any_db, c, "刘四"))
    assert four["proposal_lead"] == (p["converted"],)
    assert four["proposal_converted"] == (p["converted"],)
    assert four["proposal_collective"] == (p["collective"],)
    assert _rules(_score(any_db, c, "陈五"))["proposal_collective"] == (p["collective"],)
    six = _rules(_score(any_db, c, "杨六"))  # 4th author of a collective; withdrawn own one
    assert "proposal_collective" not in six and "proposal_lead" not in six


def test_opinions_adoption_instructions_and_honors(any_db: Database,
                                                   committee: Committee) -> None:
    c, o = committee, committee.opinions
    one = _rules(_score(any_db, c, "王一"))
    assert one["opinion_submitted"] == tuple(sorted(o.values()))
    assert one["opinion_issued"] == (o["two"],)
    assert one["opinion_adopted_city"] == (o["two"],)
    assert one["opinion_adopted_national"] == (o["two"],)
    assert "opinion_adopted_province" not in one  # forwarded, not adopted
    assert one["instruction_county"] == (c.instructions["opinion"],)
    assert one["instruction_higher"] == (c.instructions["proposal"],)
    assert one["honor_national"] == (c.honors["national"],)
    two = _rules(_score(any_db, c, "李二"))  # co-author of the adopted item shares its credit
    assert two["opinion_adopted_national"] == (o["two"],)
    assert two["instruction_county"] == (c.instructions["opinion"],)
    assert _rules(_score(any_db, c, "杨六"))["honor_county"] == (c.honors["county"],)
    assert "honor_city" not in _rules(_score(any_db, c, "杨六"))  # last year's honor


def test_caps_and_items_add_up(any_db: Database, committee: Committee) -> None:
    scores = compute_scores(any_db, YEAR)
    assert len(scores.members) == 7
    for member in scores.members:
        assert member.total == sum(i.points for i in member.items)
    one = scores.by_member(committee.m["王一"])
    assert one is not None
    caps = scores.rule_set.category_caps
    assert one.category_points("proposals") == caps["proposals"]
    cap_item = next(i for i in one.items if i.rule == "cap_proposals")
    assert cap_item.points == caps["proposals"] - Decimal(55)  # 20 + 10 + 15 + 10
    assert one.category_points("opinions") == caps["opinions"]
    base = next(i for i in one.items if i.rule == "base")
    assert base.points == scores.rule_set.base_score


def test_rule_cap(any_db: Database, committee: Committee, actor: object) -> None:
    RuleSetService(any_db).update_rule(actor, YEAR, "opinion_submitted", {"yearly_cap": "5"})
    item = next(i for i in _score(any_db, committee, "王一").items
                if i.rule == "opinion_submitted")
    assert item.count == 2 and item.points == 5 and "上限5分" in item.note


def test_minimum_duties_and_two_year_warning(any_db: Database, committee: Committee) -> None:
    scores = compute_scores(any_db, YEAR)
    by_name = {m.name: m for m in scores.members}
    assert by_name["王一"].minimum_met
    assert by_name["陈五"].missing == ("社情民意信息0篇（应不少于1篇）",)
    assert "未出席全体会议" in by_name["张三"].missing
    # approved leave from the plenary does not fail the plenary duty
    assert by_name["李二"].missing == ("其他履职活动0次（应不少于3次）",)
    assert len(by_name["赵七"].missing) == 4
    assert by_name["赵七"].warnings == ("连续两年未提交提案",)
    assert not by_name["陈五"].warnings and not by_name["杨六"].warnings
    # missing a minimum duty means at best 称职, whatever the total
    for m in scores.members:
        if not m.minimum_met:
            assert m.grade in (ScoreGrade.COMPETENT, ScoreGrade.POOR)


def test_group_results(any_db: Database, committee: Committee) -> None:
    scores = compute_scores(any_db, YEAR)
    groups = scores.groups("sector_group")
    assert [g.members for g in groups] == [7]
    assert groups[0].average == scores.average
    committees = scores.groups("committee")
    assert [(g.unit_id, g.members) for g in committees] == [(committee.committee_id, 2)]
