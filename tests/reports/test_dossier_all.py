"""Every member's 履职档案 at once (issue 15): the member figures computed for the whole set
(``compute_members``, one query per figure) equal the registry's one-member figures, and the
all-members draft shows each member exactly as that member's own draft does — figures, seat,
and the lists of participations, proposals, opinion reports and honors — on SQLite and on
PostgreSQL (``report_demo`` runs on both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import select

from app.models import Member
from app.reports.figures import compute, subject_figures
from app.reports.member_figures import MEMBER_FIGURES, batch_keys, compute_members
from app.reports.period import Period, Scope
from tests.reports.conftest import ReportDemo, render


def member_ids(demo: ReportDemo) -> list[int]:
    with demo.db.reader() as s:
        return list(s.scalars(select(Member.id).order_by(Member.id)))  # the deleted too


def test_every_member_figure_but_one_is_defined_by_rows() -> None:
    """A new member figure should be written with ``member_figure`` (one query for a set)."""
    others = {f.key for f in subject_figures("member")} - set(batch_keys())
    assert others == {"member.platform_sessions"}
    assert len(MEMBER_FIGURES) == 15


@pytest.mark.parametrize("year", [2024, 2025])
def test_figures_of_a_set_equal_one_member_at_a_time(report_demo: ReportDemo, year: int
                                                     ) -> None:
    ids = member_ids(report_demo)
    period = Period.year(year)
    keys = batch_keys()
    together = compute_members(report_demo.db, keys, period, ids)
    assert set(together) == set(ids)
    nonzero = 0
    for member_id in ids[:: 1 if year == 2025 else 4]:
        alone = compute(report_demo.db, keys, period, Scope(member_id=member_id))
        for key in keys:
            a, t = alone[key], together[member_id][key]
            assert (t.value, sorted(t.ids)) == (a.value, sorted(a.ids)), (member_id, key)
            assert (t.label, t.unit, t.entity, t.definition) == \
                (a.label, a.unit, a.entity, a.definition)
            nonzero += bool(a.value)
    assert nonzero > 300  # the demo's members did something in the year


def test_a_member_outside_the_set_is_not_computed(report_demo: ReportDemo) -> None:
    ids = member_ids(report_demo)[:3]
    together = compute_members(report_demo.db, ["member.invited"], Period.year(2025), ids)
    assert list(together) == ids
    with pytest.raises(ValueError):
        compute_members(report_demo.db, ["member.platform_sessions"], Period.year(2025), ids)


def member_blocks(path: Path) -> dict[str, list[list[list[str]]]]:
    """Member name -> the tables of that member's 档案 (each table as rows of cell texts)."""
    out: dict[str, list[list[list[str]]]] = {}
    current: list[list[list[str]]] = []
    for table in Document(str(path)).tables:
        cells = [[c.text.strip() for c in r.cells] for r in table.rows]
        if cells and cells[0][0] == "姓名":
            current = out.setdefault(cells[0][1], [])
            if current:  # two members of one name: not comparable by name
                current.append([["重名"]])
        current.append(cells)
    return out


def test_all_members_draft_equals_each_members_own_draft(report_demo: ReportDemo) -> None:
    year = Period.year(2025)
    everyone = member_blocks(render(report_demo, "member-dossier", "all-members-2025.docx",
                                    period=year))
    assert len(everyone) > 150
    with report_demo.db.reader() as s:
        members = {m.name: m.id for m in s.scalars(select(Member))}
    # members with the most different records: lists of every kind, and the quiet ones
    names = sorted(everyone, key=lambda n: -len(str(everyone[n])))
    chosen = [*names[:4], *names[-2:]]
    for name in chosen:
        assert [["重名"]] not in everyone[name]
        own = member_blocks(render(report_demo, "member-dossier", f"one-{members[name]}.docx",
                                   period=year, member_id=members[name]))
        assert own == {name: everyone[name]}, name
    assert any(len(everyone[n]) >= 5 for n in chosen)  # figures + every list were compared


def test_the_rendered_tree_is_freed_before_the_saved_draft_is_reopened(
        report_demo: ReportDemo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The all-members body is the largest tree the program holds (660 MB at city scale):
    the reopening check must not hold a second one beside it, nor the body's XML as text."""
    from app.reports import engine
    from app.reports.render_check import BODY, CheckedTemplate

    released: list[CheckedTemplate] = []
    seen: list[tuple[int, int]] = []
    release, reopen = CheckedTemplate.release, engine.open_docx

    def spy_release(self: CheckedTemplate) -> None:
        body = [p for p in self.rendered if p.where == BODY]
        assert len(body) == 1 and body[0].result == ""  # never kept beside the tree
        assert len(self.docx.element.body) > 1000
        released.append(self)
        release(self)

    def spy_reopen(path: str) -> object:
        tpl, = released
        seen.append((len(tpl.docx.element.body), len(tpl.rendered)))
        return reopen(path)

    monkeypatch.setattr(CheckedTemplate, "release", spy_release)
    monkeypatch.setattr(engine, "open_docx", spy_reopen)
    path = render(report_demo, "member-dossier", "freed-2025.docx", period=Period.year(2025))
    assert seen == [(0, 0)]
    assert len(member_blocks(path)) > 150  # the draft saved before the tree was freed is whole
