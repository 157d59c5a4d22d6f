"""One date parser behind every CLI date option (issue #16): the same forms accepted by
``stats``, ``report``, ``export`` and ``setup``, one Chinese message naming option and value."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli import build_parser, main
from app.cli.options import DateOptionError, parse_cli_date

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def forms(d: dt.date) -> list[str]:
    full_width = str.maketrans("0123456789-", "０１２３４５６７８９－")
    return [d.isoformat(), f"{d.year}/{d.month}/{d.day}", f"{d.year}.{d.month}.{d.day}",
            f"{d:%Y%m%d}", f"{d.year}年{d.month}月{d.day}日", f"{d.year}年{d.month}月{d.day}号",
            f" {d.isoformat()} ", d.isoformat().translate(full_width),
            f"{d.year}-{d.month}-{d.day}"]


@settings(deadline=None)
@given(DAYS)
def test_every_written_form_of_a_day_is_that_day(day: dt.date) -> None:
    for text in forms(day):
        assert parse_cli_date("--from", text) == day, text


@settings(deadline=None)
@given(st.text(max_size=14))
def test_any_text_is_a_day_or_one_message_naming_option_and_value(text: str) -> None:
    try:
        value = parse_cli_date("--to", text)
    except DateOptionError as exc:
        message = str(exc)
        assert message.startswith("选项 --to 的值")
        invisible = "只有不可见的字符（U+" in message  # e.g. ESC: named by its code, not printed
        assert text.strip() == "" or f"“{text}”" in message or invisible
    else:
        assert type(value) is dt.date and 1900 <= value.year <= 2100


def test_a_value_of_only_control_characters_is_named_by_code() -> None:
    with pytest.raises(DateOptionError, match=r"只有不可见的字符（U\+001B）"):
        parse_cli_date("--to", "\x1b")


@pytest.mark.parametrize("text", ["2025-03", "202503", "2025年3月"])
def test_a_month_without_its_day_is_refused(text: str) -> None:
    with pytest.raises(DateOptionError, match="缺少日"):
        parse_cli_date("--to", text)


@pytest.mark.parametrize("argv", [
    ["stats", "--from", "20250101", "--to", "2025年12月31日"],
    ["report", "work-report", "--from", "20250101", "--to", "2025.12.31", "--out", "x.docx"],
    ["export", "member-stats", "--from", "20250101", "--to", "2025/12/31", "--out", "x.xlsx"],
])
def test_report_stats_and_export_accept_the_same_forms(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert (args.date_from, args.date_to) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize("command", [
    ["stats"], ["report", "work-report", "--out", "x.docx"], ["export", "roster", "--out", "x.xlsx"]
])
def test_a_bad_date_is_one_line_naming_the_option_and_value(
        command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--from", "20250230", "--to", "2025-12-31"])
    assert exit_info.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == ("错误：选项 --from 的值“20250230”不是有效的日期（2025年2月没有30日），"
                    "应为 2025-01-01、2025/1/1、2025.1.1、20250101 或 2025年1月1日")
