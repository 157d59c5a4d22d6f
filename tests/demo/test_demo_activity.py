"""The county demo's year 2025: events, proposals, opinion reports and honors in believable
numbers, every handling stage present as of ``today``, and dates in a consistent order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.domain.enums import EventFamily

if TYPE_CHECKING:
    from tests.demo.conftest import Demo

IN_2025 = "BETWEEN '2025-01-01' AND '2025-12-31'"


def _kinds(county: Demo) -> dict[str, int]:
    return dict(
        county.rows(
            "SELECT k.name, count(*) FROM events e JOIN event_kinds k ON k.id = e.kind_id "
            f"WHERE e.start_on {IN_2025} GROUP BY k.name"
        )
    )


def test_events_per_kind(county: Demo) -> None:
    kinds = _kinds(county)
    assert kinds["全体会议"] == 1
    assert 5 <= kinds["常委会议"] <= 7 and 10 <= kinds["主席会议"] <= 14
    assert 4 <= kinds["专题协商会"] + kinds["对口协商会"] + kinds["界别协商会"] <= 8
    assert 10 <= kinds["视察"] + kinds["调研"] <= 22
    assert 25 <= kinds["服务为民"] <= 50
    families = {
        f
        for (f,) in county.rows(
            "SELECT DISTINCT k.family FROM events e JOIN event_kinds k ON k.id = e.kind_id "
            f"WHERE e.start_on {IN_2025}"
        )
    }
    assert families == {f.value for f in EventFamily}
    study = dict(
        county.rows(
            "SELECT u.kind, count(*) FROM events e JOIN event_kinds k ON k.id = e.kind_id "
            "JOIN units u ON u.id = e.organizer_id "
            f"WHERE k.name = '专题学习' AND e.start_on {IN_2025} GROUP BY u.kind"
        )
    )
    assert 32 <= study["office"] <= 48 and 22 <= study["sector_group"] <= 38
    assert 0 < county.value(f"SELECT sum(featured) FROM events WHERE start_on {IN_2025}") < 30


def test_meeting_numbering_and_titles(county: Demo) -> None:
    rows = county.rows(
        "SELECT e.sequence_no, e.title FROM events e JOIN event_kinds k ON k.id = e.kind_id "
        "WHERE k.name = '常委会议' ORDER BY e.start_on"
    )
    numbers = [n for n, _ in rows]
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] > 1
    assert rows[0][1].startswith("政协第十届示范县委员会常务委员会第")
    plenary = county.rows(
        "SELECT title, session_id FROM events e JOIN event_kinds k ON k.id = e.kind_id "
        "WHERE k.name = '全体会议' ORDER BY start_on"
    )
    assert [t for t, _ in plenary] == [
        "政协第十届示范县委员会第三次会议",
        "政协第十届示范县委员会第四次会议",
    ]
    assert all(session_id for _, session_id in plenary)


def test_attendance(county: Demo) -> None:
    plenary = dict(
        county.rows(
            "SELECT p.attendance, count(*) FROM participations p "
            "JOIN events e ON e.id = p.event_id JOIN event_kinds k ON k.id = e.kind_id "
            f"WHERE k.name = '全体会议' AND e.start_on {IN_2025} GROUP BY p.attendance"
        )
    )
    total = sum(plenary.values())
    assert total == county.value(
        "SELECT count(*) FROM member_terms mt JOIN plenary_sessions s ON s.term_id = mt.term_id "
        "WHERE s.start_on LIKE '2025%' AND mt.joined_on <= s.start_on "
        "AND (mt.left_on IS NULL OR mt.left_on > s.start_on)"
    )  # every seated member is invited
    assert 0.82 <= plenary["present"] / total <= 0.96  # ~90 % 出席
    assert plenary["excused"] > 0
    assert county.value(
        "SELECT count(*) FROM participations p JOIN events e ON e.id = p.event_id "
        "JOIN event_kinds k ON k.id = e.kind_id WHERE k.name = '全体会议' "
        "AND p.attendance = 'absent'"
    )  # a few 缺席 over the two plenaries
    assert (
        county.value(
            "SELECT count(*) FROM participations WHERE attendance = 'excused' AND leave_reason = ''"
        )
        == 0
    )
    assert (
        county.value(  # nobody takes part in an event while not seated
            "SELECT count(*) FROM participations p JOIN events e ON e.id = p.event_id WHERE NOT "
            "EXISTS (SELECT 1 FROM member_terms mt WHERE mt.member_id = p.member_id AND "
            "mt.joined_on <= e.start_on AND (mt.left_on IS NULL OR mt.left_on > e.start_on))"
        )
        == 0
    )


def test_outcomes_and_service_metrics(county: Demo) -> None:
    consultations = county.rows(
        "SELECT o.aspects, o.items, count(p.id) FROM outcomes o JOIN events e ON e.id = o.event_id "
        "JOIN event_kinds k ON k.id = e.kind_id LEFT JOIN participations p ON p.event_id = e.id "
        f"WHERE o.kind = 'consultation_report' AND e.start_on {IN_2025} GROUP BY o.id"
    )
    assert 4 <= len(consultations) <= 8
    for aspects, items, participants in consultations:
        assert 3 <= aspects <= 6 and 10 <= items <= 20 and 18 <= participants <= 40
    research = county.value(
        f"SELECT count(*) FROM outcomes o JOIN events e ON e.id = o.event_id WHERE e.start_on "
        f"{IN_2025} AND o.kind IN ('research_report', 'inspection_report')"
    )
    assert research >= 6
    assert county.value("SELECT count(*) FROM outcomes WHERE adopted") > 0
    assert county.value("SELECT count(*) FROM instructions WHERE outcome_id IS NOT NULL") > 0
    funds, beneficiaries = county.rows(
        f"SELECT funds_raised, beneficiaries FROM events WHERE title LIKE '%金秋助学%' "
        f"AND start_on {IN_2025}"
    )[0]
    assert 780_000 <= float(funds) <= 880_000 and 200 <= beneficiaries <= 240
    served = county.value(
        "SELECT sum(people_served) FROM events e JOIN event_kinds k ON k.id = e.kind_id "
        f"WHERE k.name = '服务为民' AND e.start_on {IN_2025}"
    )
    assert served > 1000


def test_proposals_2025(county: Demo) -> None:
    by_status = dict(
        county.rows(
            f"SELECT review_status, count(*) FROM proposals WHERE submitted_on {IN_2025} "
            "GROUP BY review_status"
        )
    )
    received = sum(by_status.values())
    assert 200 <= received <= 320
    assert 0.85 <= by_status["accepted"] / received <= 0.95
    assert (
        5 <= county.value(f"SELECT sum(is_key) FROM proposals WHERE submitted_on {IN_2025}") <= 15
    )
    assert (
        county.value(
            "SELECT count(*) FROM proposals WHERE is_key AND (supervision_level IS NULL OR "
            "supervisor = '')"
        )
        == 0
    )
    supervised = county.value(
        f"SELECT count(DISTINCT proposal_id) FROM supervision_records WHERE supervised_on {IN_2025}"
    )
    assert 60 <= supervised <= 110
    assert (
        5
        <= county.value(f"SELECT sum(is_excellent) FROM proposals WHERE submitted_on {IN_2025}")
        <= 15
    )
    classes = dict(
        county.rows(
            "SELECT a.reply_class, count(*) FROM proposal_assignments a JOIN proposals p "
            f"ON p.id = a.proposal_id WHERE a.role = 'lead' AND a.reply_class IS NOT NULL "
            f"AND p.submitted_on {IN_2025} GROUP BY a.reply_class"
        )
    )
    replied = sum(classes.values())
    assert 0.38 <= classes["A"] / replied <= 0.62 and 0.28 <= classes["B"] / replied <= 0.52
    assert 0.04 <= classes["C"] / replied <= 0.16
    types = dict(
        county.rows(
            f"SELECT type, count(*) FROM proposals WHERE submitted_on {IN_2025} GROUP BY type"
        )
    )
    assert types["individual"] > types["joint"] > types["collective"] > 0
    assert (
        county.value(
            "SELECT count(*) FROM proposals WHERE type = 'collective' "
            "AND (collective_proposer = '' OR lead_member_id IS NOT NULL)"
        )
        == 0
    )
    cosigners = county.rows(
        "SELECT count(c.id) FROM proposals p LEFT JOIN proposal_cosigners c "
        "ON c.proposal_id = p.id WHERE p.type = 'joint' GROUP BY p.id"
    )
    assert all(1 <= n <= 5 for (n,) in cosigners)


def test_proposal_numbering(county: Demo) -> None:
    for (session_id,) in county.rows(
        "SELECT DISTINCT session_id FROM proposals WHERE session_id IS NOT NULL"
    ):
        numbers = [
            n
            for (n,) in county.rows(
                "SELECT number FROM proposals WHERE session_id = ? ORDER BY number", session_id
            )
        ]
        assert numbers == list(range(1, len(numbers) + 1))
    interim = [
        n
        for (n,) in county.rows(
            "SELECT number FROM proposals WHERE session_id IS NULL ORDER BY number"
        )
    ]
    assert len(interim) == len(set(interim)) and 15 <= len(interim) <= 80
    assert (
        county.value(
            "SELECT count(*) FROM proposals p JOIN proposals t ON t.id = p.merged_into_id "
            "WHERE p.review_status <> 'merged' OR t.review_status <> 'accepted'"
        )
        == 0
    )


def test_every_proposal_stage_is_present(county: Demo) -> None:
    stage_sql = """
        SELECT CASE
          WHEN p.review_status <> 'accepted' THEN p.review_status
          WHEN a.id IS NULL THEN 'accepted'
          WHEN a.replied_on IS NULL THEN 'assigned'
          WHEN a.satisfaction IS NULL THEN 'replied'
          WHEN p.closed_on IS NULL THEN 'evaluated'
          ELSE 'closed' END, count(*)
        FROM proposals p LEFT JOIN proposal_assignments a
          ON a.proposal_id = p.id AND a.role = 'lead'
        GROUP BY 1"""
    stages = dict(county.rows(stage_sql))
    assert set(stages) == {
        "pending",
        "accepted",
        "assigned",
        "replied",
        "evaluated",
        "closed",
        "rejected",
        "merged",
        "converted",
        "withdrawn",
    }
    assert stages["closed"] > stages["evaluated"]
    order = county.value(
        "SELECT count(*) FROM proposals p JOIN proposal_assignments a ON a.proposal_id = p.id "
        "WHERE a.assigned_on < p.submitted_on OR a.replied_on < a.assigned_on "
        "OR a.evaluated_on < a.replied_on OR p.closed_on < a.evaluated_on "
        "OR a.due_on <= a.assigned_on OR a.replied_on > '2025-12-31'"
    )
    assert order == 0
    leads = county.value(
        "SELECT count(*) FROM proposals p WHERE (SELECT count(*) FROM proposal_assignments a "
        "WHERE a.proposal_id = p.id AND a.role = 'lead') > 1"
    )
    assert leads == 0


def test_opinion_reports_2025(county: Demo) -> None:
    received = county.value(f"SELECT count(*) FROM opinion_reports WHERE received_on {IN_2025}")
    assert 300 <= received <= 500
    forwarded = dict(
        county.rows(
            f"SELECT level, count(*) FROM opinion_forwards WHERE forwarded_on {IN_2025} "
            "GROUP BY level"
        )
    )
    assert forwarded["city"] > forwarded["province"] > forwarded["national"] > 0
    assert 0.15 <= forwarded["city"] / received <= 0.35
    adopted = dict(
        county.rows(
            f"SELECT level, count(*) FROM opinion_forwards WHERE adopted AND adopted_on {IN_2025} "
            "GROUP BY level"
        )
    )
    assert adopted["city"] > adopted["province"] > 0
    assert (
        county.value(
            "SELECT count(*) FROM opinion_forwards WHERE adopted AND (adopted_on IS NULL "
            "OR adopted_on < forwarded_on OR outlet = '')"
        )
        == 0
    )
    outlets = {
        o for (o,) in county.rows("SELECT DISTINCT outlet FROM opinion_forwards WHERE adopted")
    }
    assert "市政协《社情民意》" in outlets and any(o.startswith("全国政协") for o in outlets)
    issued = county.value(f"SELECT count(*) FROM opinion_reports WHERE issued_on {IN_2025}")
    assert 0.15 <= issued / received <= 0.35
    issues = [
        n
        for (n,) in county.rows(
            "SELECT DISTINCT bulletin_no FROM opinion_reports WHERE bulletin_year = 2025 "
            "ORDER BY bulletin_no"
        )
    ]
    assert issues == list(range(1, len(issues) + 1)) and len(issues) < issued
    statuses = {s for (s,) in county.rows("SELECT DISTINCT status FROM opinion_reports")}
    assert statuses == {"received", "editing", "issued", "archived"}
    submitters = dict(
        county.rows("SELECT member_id IS NULL, count(*) FROM opinion_submitters GROUP BY 1")
    )
    assert submitters[0] > 5 * submitters[1] > 0  # mostly members, some named informants
    assert county.value("SELECT count(*) FROM instructions WHERE opinion_id IS NOT NULL") > 0


def test_honors(county: Demo) -> None:
    rows = county.rows(f"SELECT member_id, recipient, level FROM honors WHERE awarded_on {IN_2025}")
    assert 20 <= len(rows) <= 32
    organisations = [r for r in rows if r[0] is None]
    assert len(organisations) == 1 and organisations[0][1] == "示范县政协"
    assert len({level for _, _, level in rows}) >= 3
