"""The owners of two concepts: what an identity number says (birth date, gender) and how a
sensitive field is shown masked."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from app.domain.enums import Gender
from app.domain.identity import Identity, IdNumberError, identity_of, identity_or_none
from app.domain.privacy import MASKS, mask_field, mask_value
from app.domain.schema import MEMBER, RECORD_TYPES
from app.text.idcard import check_character

TODAY = dt.date(2024, 4, 23)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, dt.date, int]:
    birth = draw(st.dates(dt.date(1900, 1, 1), TODAY))
    sequence = draw(st.integers(0, 999))
    first17 = f"110105{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_character(first17), birth, sequence


@given(valid_numbers())
def test_birth_date_and_gender_come_from_the_number(case: tuple[str, dt.date, int]) -> None:
    number, birth, sequence = case
    who = identity_of(number, today=TODAY)
    assert (who.number, who.birth_date) == (number, birth)
    assert who.gender == (Gender.MALE if sequence % 2 else Gender.FEMALE)


@given(st.text(alphabet="0123456789Xx -", max_size=20))
def test_anything_else_is_refused_with_a_message(raw: str) -> None:
    try:
        who = identity_of(raw)
    except IdNumberError as exc:
        assert str(exc)
        assert identity_or_none(raw) is None
    else:
        assert len(who.number) == 18 and who.birth_date <= dt.date.today()
        assert identity_or_none(raw) == who


def test_published_vector_and_legacy_number() -> None:
    assert identity_of("11010519491231002X") == Identity(
        "11010519491231002X", dt.date(1949, 12, 31), Gender.FEMALE)
    assert identity_of("110105491231002").number == "11010519491231002X"
    assert identity_or_none("110105194912310021") is None  # wrong check character


def test_fills_only_what_is_empty_and_names_each_disagreement() -> None:
    who = identity_of("11010519491231002X")
    assert who.fills(None, None) == {"birth_date": dt.date(1949, 12, 31),
                                      "gender": Gender.FEMALE}
    assert who.fills(dt.date(1950, 1, 1), Gender.MALE) == {}
    assert who.disagreements(dt.date(1949, 12, 31), Gender.FEMALE) == {}
    assert who.disagreements(dt.date(1950, 1, 1), Gender.MALE) == {
        "birth_date": "与身份证号中的出生日期1949-12-31不一致",
        "gender": "与身份证号中的性别“女”不一致"}


def test_every_sensitive_field_of_the_schema_has_a_mask() -> None:
    sensitive = {spec.name for rtype in RECORD_TYPES.values() for spec in rtype.fields.values()
                 if spec.sensitive}
    assert sensitive and sensitive <= set(MASKS)


def test_masks_sensitive_values_and_leaves_the_rest() -> None:
    assert mask_field(MEMBER, "id_number", "11010519491231002X") == "110105********002X"
    assert mask_field(MEMBER, "mobile", "13812345678") == "138****5678"
    assert mask_field(MEMBER, "office_phone", "0355-1234567") == "0355-1234567"
    assert mask_field(MEMBER, "name", "张琳") == "张琳"
    assert mask_field(MEMBER, "no_such_field", "x") == "x"
    for empty in (None, ""):
        assert mask_value(MEMBER.fields["mobile"], empty) == empty


@given(valid_numbers())
def test_a_masked_id_number_keeps_only_the_region_and_the_last_four(
        case: tuple[str, dt.date, int]) -> None:
    number = case[0]
    assert mask_field(MEMBER, "id_number", number) == number[:6] + "*" * 8 + number[-4:]


@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_a_masked_mobile_keeps_only_the_first_three_and_the_last_four(mobile: str) -> None:
    assert mask_field(MEMBER, "mobile", mobile) == mobile[:3] + "****" + mobile[-4:]
