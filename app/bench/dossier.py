"""Benchmark case: every member's 委员履职档案 of a year (issue 15).

Measured: ``generate`` of the all-members draft end to end (every seated member's fields,
figures with the records behind them, the four record lists, the docxtpl render, layout,
saving, and 数据底稿.xlsx). Baseline: hand-written SQL for the same per-member counts (GROUP
BY member) and the same list rows, plus a bare docxtpl render of the same template with a
context whose values are already computed.
"""

from __future__ import annotations

from app.bench.harness import Runner, Target, case
from app.bench.reports import draft_runners
from app.bench.stats import YEAR
from app.db.engine import Database

SEATED = """SELECT DISTINCT m.id FROM members m JOIN member_terms t ON t.member_id = m.id
    WHERE m.deleted_at IS NULL AND (t.joined_on IS NULL OR t.joined_on <= :end)
    AND (t.left_on IS NULL OR t.left_on > :end)"""

# Per member: the statistics table's counts, then the rows of the four lists.
BASELINE_DOSSIER_SQL = [
    f"""SELECT p.member_id, p.attendance, count(*), sum(p.role = 'speaker')
       FROM participations p JOIN events e ON e.id = p.event_id
       WHERE e.deleted_at IS NULL AND e.start_on BETWEEN :start AND :end
       AND p.member_id IN ({SEATED}) GROUP BY p.member_id, p.attendance""",
    """SELECT lead_member_id, count(*), sum(review_status = 'accepted'),
       sum(review_status = 'accepted' AND is_key) FROM proposals
       WHERE deleted_at IS NULL AND submitted_on BETWEEN :start AND :end
       GROUP BY lead_member_id""",
    """SELECT c.member_id, count(*) FROM proposal_cosigners c JOIN proposals p
       ON p.id = c.proposal_id WHERE p.deleted_at IS NULL
       AND p.submitted_on BETWEEN :start AND :end GROUP BY c.member_id""",
    """SELECT s.member_id, count(*), sum(o.issued_on IS NOT NULL OR EXISTS (
       SELECT 1 FROM opinion_forwards f WHERE f.opinion_id = o.id AND f.adopted))
       FROM opinion_submitters s JOIN opinion_reports o ON o.id = s.opinion_id
       WHERE o.deleted_at IS NULL AND o.received_on BETWEEN :start AND :end
       GROUP BY s.member_id""",
    """SELECT p.member_id, e.start_on, e.title, k.name, p.attendance, p.leave_reason, p.role
       FROM participations p JOIN events e ON e.id = p.event_id
       JOIN event_kinds k ON k.id = e.kind_id
       WHERE e.deleted_at IS NULL AND e.start_on BETWEEN :start AND :end
       ORDER BY e.start_on, e.id""",
    """SELECT p.*, a.department_id, a.reply_class FROM proposals p
       LEFT JOIN proposal_assignments a ON a.proposal_id = p.id
       WHERE p.deleted_at IS NULL AND p.submitted_on BETWEEN :start AND :end
       ORDER BY p.submitted_on, p.number""",
    """SELECT o.*, f.level, f.adopted FROM opinion_reports o
       LEFT JOIN opinion_forwards f ON f.opinion_id = o.id
       WHERE o.deleted_at IS NULL AND o.received_on BETWEEN :start AND :end
       ORDER BY o.received_on, o.id""",
    """SELECT * FROM honors WHERE deleted_at IS NULL AND awarded_on BETWEEN :start AND :end
       ORDER BY awarded_on""",
    """SELECT m.*, t.*, s.name FROM members m JOIN member_terms t ON t.member_id = m.id
       LEFT JOIN sectors s ON s.id = t.sector_id WHERE m.deleted_at IS NULL""",
]


@case("report.dossier-all",
      f"{YEAR}年全体委员履职档案（含数据底稿）vs 按委员分组的聚合 SQL + 同一模板的裸 docxtpl 渲染",
      target=Target(2.5, or_ms=2000, known_miss="#15", ceiling=7))
def dossier_all(db: Database) -> tuple[Runner, Runner]:
    return draft_runners(db, "member-dossier", BASELINE_DOSSIER_SQL)
