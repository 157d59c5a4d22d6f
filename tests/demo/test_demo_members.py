"""The county demo's committee: terms, members, seats and units look like a real county's."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from app.text.pinyin import search_key
from app.text.strokes import stroke_key

if TYPE_CHECKING:
    from tests.demo.conftest import Demo

TODAY = "2025-12-31"
CURRENT = (
    "FROM member_terms mt JOIN members m ON m.id = mt.member_id "
    "JOIN committee_settings cs ON cs.current_term_id = mt.term_id "
    f"WHERE mt.joined_on <= '{TODAY}' AND (mt.left_on IS NULL OR mt.left_on > '{TODAY}')"
)
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _check_char(first17: str) -> str:
    """GB 11643 check character, computed here independently of app.text."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def test_committee_settings_and_terms(county: Demo) -> None:
    region, parent, level, founded, number = county.rows(
        "SELECT region, parent_region, level, founded_year, t.number FROM committee_settings cs "
        "JOIN terms t ON t.id = cs.current_term_id"
    )[0]
    assert (region, parent, level, founded, number) == ("示范县", "示范市", "county", 1984, 10)
    terms = county.rows("SELECT number, start_on, end_on FROM terms ORDER BY number")
    assert terms == [(9, "2016-12-20", "2021-12-20"), (10, "2021-12-20", "2026-12-20")]
    sessions = county.rows(
        "SELECT s.number, s.start_on FROM plenary_sessions s JOIN terms t ON t.id = s.term_id "
        "WHERE t.number = 10 ORDER BY s.number"
    )
    assert [n for n, _ in sessions] == [1, 2, 3, 4, 5]
    assert [d[:7] for _, d in sessions[1:]] == ["2023-02", "2024-02", "2025-02", "2026-01"]


def test_member_counts_and_composition(county: Demo) -> None:
    assert 200 <= county.summary.current_members <= 230
    assert county.value(f"SELECT count(*) {CURRENT}") == county.summary.current_members
    assert 30 <= county.value(f"SELECT count(*) {CURRENT} AND mt.is_standing") <= 40
    posts = dict(county.rows(f"SELECT mt.post, count(*) {CURRENT} GROUP BY mt.post"))
    assert posts["chair"] == 1 and 4 <= posts["vice_chair"] <= 5
    assert posts["secretary_general"] == 1
    assert county.value(f"SELECT avg(m.party <> '中共') {CURRENT}") >= 0.6
    assert county.value(f"SELECT avg(m.party <> '中共') {CURRENT} AND mt.is_standing") >= 0.6
    assert 0.2 <= county.value(f"SELECT avg(m.gender = 'female') {CURRENT}") <= 0.4
    assert 0.8 <= county.value(f"SELECT avg(m.ethnicity = '汉族') {CURRENT}") < 1
    high = county.value(f"SELECT avg(m.education IN ('大学', '研究生')) {CURRENT}")
    assert high >= 0.6
    sectors = county.value(f"SELECT count(DISTINCT mt.sector_id) {CURRENT}")
    assert sectors >= 20
    names = [n for (n,) in county.rows(f"SELECT m.name {CURRENT}")]
    assert len(names) == len(set(names))
    single = sum(1 for n in names if len(n) == 2) / len(names)
    assert 0.25 <= single <= 0.55  # ~40 % single-character given names


def test_additions_departures_and_former_members(county: Demo) -> None:
    rows = county.rows(
        "SELECT origin, left_reason, joined_on, left_on FROM member_terms mt "
        "JOIN terms t ON t.id = mt.term_id WHERE t.number = 10"
    )
    added = [r for r in rows if r[0] == "addition"]
    left = [r for r in rows if r[1] is not None]
    assert 3 <= len(added) <= 15 and all(r[2] > "2021-12-20" for r in added)
    assert 3 <= len(left) <= 12 and {r[1] for r in left} >= {"resigned", "deceased"}
    assert all(r[3] and r[3] <= TODAY for r in left)
    former = county.value(
        "SELECT count(*) FROM members m WHERE NOT EXISTS (SELECT 1 FROM member_terms mt "
        "JOIN terms t ON t.id = mt.term_id WHERE mt.member_id = m.id AND t.number = 10)"
    )
    assert 20 <= former <= 60
    assert (
        county.value(
            "SELECT count(*) FROM member_terms mt JOIN terms t ON t.id = mt.term_id "
            "WHERE t.number = 9 AND mt.left_reason = 'term_end'"
        )
        > 50
    )  # continuing and former members served the 9th term to its end


def test_identity_numbers_and_contacts(county: Demo) -> None:
    rows = county.rows(f"SELECT m.id_number, m.birth_date, m.gender, m.mobile, m.name {CURRENT}")
    for id_number, birth, gender, mobile, name in rows:
        assert re.fullmatch(r"\d{17}[\dX]", id_number), name
        assert id_number[17] == _check_char(id_number[:17]), name
        assert id_number[6:14] == birth.replace("-", ""), name
        assert int(id_number[16]) % 2 == (1 if gender == "male" else 0), name
        assert re.fullmatch(r"1[3-9]\d{9}", mobile), name
        age = (dt.date(2025, 12, 31) - dt.date.fromisoformat(birth)).days / 365.25
        assert 30 <= age <= 66, name
    assert len({r[0] for r in rows}) == len(rows)
    assert len({r[3] for r in rows}) == len(rows)


def test_derived_name_keys(county: Demo) -> None:
    for name, skey, qkey in county.rows("SELECT name, stroke_key, search_key FROM members"):
        assert skey == stroke_key(name)
        assert qkey == search_key(name)


def test_work_units_are_plausible(county: Demo) -> None:
    rows = county.rows(f"SELECT m.work_unit_post, m.party, mt.post {CURRENT}")
    assert all(post for post, _, _ in rows)
    chair = [post for post, _, p in rows if p == "chair"]
    assert chair == ["示范县政协主席"]
    # Posts in Party organs (党委书记, 村党支部书记 …) are held by CPC members only.
    assert all(party == "中共" for post, party, _ in rows if "党委书记" in post or "党支部" in post)


def test_units_and_memberships(county: Demo) -> None:
    groups = county.rows(
        "SELECT u.id, count(um.id), sum(um.role = 'group_leader'), sum(um.role = 'liaison_officer')"
        " FROM units u LEFT JOIN unit_memberships um ON um.unit_id = u.id "
        "WHERE u.kind = 'liaison_group' GROUP BY u.id"
    )
    assert len(groups) == 12
    for _id, size, leaders, officers in groups:
        assert 8 <= size <= 20 and leaders == 1 and officers == 1
    directors = county.rows(
        "SELECT u.name, sum(um.role = 'director') FROM units u JOIN unit_memberships um "
        "ON um.unit_id = u.id WHERE u.kind = 'special_committee' GROUP BY u.id"
    )
    assert directors and all(n == 1 for _, n in directors)
    kinds = dict(county.rows("SELECT kind, count(*) FROM units GROUP BY kind"))
    assert kinds["member_home"] >= 3 and kinds["member_studio"] >= 3
    assert county.value("SELECT count(*) FROM sectors WHERE group_id IS NULL") == 0
    assert county.value("SELECT count(*) FROM departments") >= 30
