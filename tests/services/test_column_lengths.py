"""Everything the program writes fits its column. SQLite never enforces VARCHAR(n), PostgreSQL
does: a value one character too long opened no PostgreSQL database at all (the reference code
``ethnic_religious_hkmt`` in VARCHAR(20)). Structural checks here, and the longest values the
input rules allow written on both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.demo import generate_demo
from app.domain.enums import RefList
from app.domain.fields import REF_LABEL_LENGTH, Kind
from app.domain.schema import RECORD_TYPES
from app.errors import ValidationError
from app.models import Base, Member, OpinionSubmitter, RefValue
from app.services.members import MemberService
from app.services.opening import open_database
from app.services.opinions import OpinionService
from app.services.refdata import RefValueService
from app.text.idcard import check_character


def _bounded(column: sa.Column[Any]) -> int | None:
    """The length PostgreSQL enforces, or None for unbounded text and non-text columns."""
    kind = column.type
    if isinstance(kind, sa.Enum | sa.Text) or not isinstance(kind, sa.String):
        return None
    return kind.length


def test_every_typed_field_is_limited_to_its_column() -> None:
    """Input is checked against ``max_length`` (a Chinese message); the column must hold it."""
    for rtype in RECORD_TYPES.values():
        table = Base.metadata.tables[rtype.entity]
        for spec in rtype.fields.values():
            if spec.kind not in (Kind.TEXT, Kind.REF) or spec.name not in table.c:
                continue
            length = _bounded(table.c[spec.name])
            if length is None:
                continue
            assert spec.max_length is not None and spec.max_length <= length, \
                f"{rtype.entity}.{spec.name}: 输入上限 {spec.max_length}，字段长度 {length}"


def test_every_reference_column_holds_any_label_of_its_list() -> None:
    assert _bounded(RefValue.__table__.c.label) == REF_LABEL_LENGTH
    for rtype in RECORD_TYPES.values():
        table = Base.metadata.tables[rtype.entity]
        for spec in rtype.fields.values():
            if spec.kind == Kind.REF:
                assert spec.max_length == REF_LABEL_LENGTH
                assert _bounded(table.c[spec.name]) in (None, REF_LABEL_LENGTH), spec.name


def _too_long(db: Any) -> list[str]:
    """Every stored value longer than its column allows, as "table.column n>limit"."""
    found = []
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            for column in table.c:
                limit = _bounded(column)
                if limit is None:
                    continue
                longest = conn.scalar(sa.select(sa.func.max(sa.func.length(column))))
                if longest and longest > limit:
                    found.append(f"{table.name}.{column.name} {longest}>{limit}")
    return found


@pytest.mark.parametrize("scale", ["county"])
def test_seed_and_demo_values_fit_their_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                scale: str) -> None:
    """On SQLite, which would store them anyway: so a PostgreSQL-only failure cannot hide."""
    monkeypatch.setenv("ZXLZ_HOME", str(tmp_path / "home"))
    db = open_database(tmp_path / "demo.sqlite")
    try:
        assert _too_long(db) == []  # the seed
        generate_demo(db, scale=scale, seed=3)
        assert _too_long(db) == []
    finally:
        db.dispose()


def _id(birth: str, sequence: int) -> str:
    first17 = f"140428{birth}{sequence:03d}"
    return first17 + check_character(first17)


def test_the_longest_allowed_values_are_stored(db, actor) -> None:
    """A 40-character name (its stroke key is far longer), 60-character reference labels."""
    refs = RefValueService(db)
    labels = {}
    for field, list_name, char in (("party", RefList.PARTY, "党"),
                                   ("ethnicity", RefList.ETHNICITY, "族"),
                                   ("education", RefList.EDUCATION, "学"),
                                   ("degree", RefList.DEGREE, "位"),
                                   ("title_level", RefList.TITLE_LEVEL, "级"),
                                   ("employer_type", RefList.EMPLOYER_TYPE, "性")):
        labels[field] = char * REF_LABEL_LENGTH
        refs.add(actor, list_name, labels[field])
    name = "爨" * 20 + "·" + "龘" * 19
    member = MemberService(db).create(actor, {
        "name": name, "id_number": _id("19750315", 2), **labels, "member_card_no": "9" * 30,
        "postcode": "0" * 10, "email": "a" * 90 + "@gov.cn"}).value
    assert len(member.stroke_key) > 200
    assert {k: getattr(member, k) for k in labels} == labels
    with db.reader() as session:
        assert session.get(Member, member.id).name == name


def test_too_long_values_are_refused_in_chinese_and_nothing_is_written(db, actor) -> None:
    with pytest.raises(ValidationError, match=f"不能超过{REF_LABEL_LENGTH}个字"):
        RefValueService(db).add(actor, RefList.PARTY, "党" * (REF_LABEL_LENGTH + 1))
    with pytest.raises(ValidationError, match=f"不能超过{REF_LABEL_LENGTH}个字"):
        MemberService(db).create(actor, {"name": "张琳", "party": "党" * 61})
    limit = OpinionSubmitter.__table__.c.name.type.length
    opinions = OpinionService(db)
    report = opinions.create(actor, {"title": "关于加强农村饮水安全的建议",
                                     "received_on": "2025-03-01"}).value
    with pytest.raises(ValidationError, match=f"第1位报送人.*不能超过{limit}个字"):
        opinions.set_submitters(actor, report.id, [{"name": "信" * (limit + 1)}],
                                version=opinions.get(report.id).version)
    assert opinions.get(report.id).submitters == []
    with db.reader() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Member)) == 0
        assert session.scalar(sa.select(sa.func.count()).where(
            RefValue.label.like("党党%"))) == 0
