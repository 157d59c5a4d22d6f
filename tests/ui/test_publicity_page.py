"""宣传文史 page through the real window: a media report and a 文史 publication entered, a
refused save that keeps the editor open and writes nothing, edit, filters, delete and restore,
and the model tester on both lists."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog

from app.domain.enums import MediaLevel
from app.services.publicity import MediaReportService, PublicationService
from tests.ui.test_honors_page import cell, set_filter
from tests.ui.test_platforms_page import fill


def test_media_reports_and_publications_through_the_window(window, scripted, db, qtbot,
                                                          qtmodeltester) -> None:
    container = window.show_page("publicity")
    media_page, books_page = container.media, container.publications
    media = MediaReportService(db)

    scripted.then(fill(combos=("level",), title="委员之家里的协商", outlet="《人民政协报》",
                       level="中央级", reported_on="2024-06-01", link="2024年6月1日第3版"))
    media_page.add_button.click()
    first = media_page.current_id()
    assert media.get(first).outlet == "人民政协报"
    assert cell(media_page, first, "outlet") == "人民政协报"

    refused = fill(combos=("level",), title="无日期的报道", outlet="山西日报", level="省级",
                   reported_on="2024-13-01")
    scripted.then(refused)
    media_page.add_button.click()
    assert refused.editor.result() != QDialog.DialogCode.Accepted  # type: ignore[attr-defined]
    assert "不是有效的日期" in refused.editor.errors["reported_on"].text()  # type: ignore[attr-defined]
    assert media.count() == 1

    scripted.then(fill(combos=("level",), title="民主监督助推民生实事", outlet="上党晚报",
                       level="市级", reported_on="2025-03-01"))
    media_page.add_button.click()
    second = media_page.current_id()
    version = media.get(second).version
    media_page.select_id(second)
    scripted.then(fill(combos=("level",), level="省级"))
    media_page.edit_button.click()
    assert media.get(second).version == version + 1
    assert media.get(second).level == MediaLevel.PROVINCIAL

    set_filter(media_page, "year", None)
    assert set(media_page.model.ids()) == {first, second}
    set_filter(media_page, "level", MediaLevel.CENTRAL)
    assert media_page.model.ids() == [first]
    set_filter(media_page, "level", None)
    set_filter(media_page, "year", 2025)
    assert media_page.model.ids() == [second]
    set_filter(media_page, "year", None)
    media_page.select_id(first)
    assert "2024年6月1日第3版" in media_page.detail.toPlainText()

    container.tabs.setCurrentWidget(books_page)
    books = PublicationService(db)
    scripted.then(fill(title="《长治文史》第30辑", volumes="2", words="32.5",
                       published_on="2025-09-01", editor_unit="文化文史和学习委员会"))
    books_page.add_button.click()
    book = books_page.current_id()
    assert (books.get(book).volumes, books.get(book).words) == (2, Decimal("32.5"))
    assert (cell(books_page, book, "volumes"), cell(books_page, book, "words")) == (
        "2册", "32.5万字")
    refused = fill(title="负字数", words="-1", published_on="2025-01-01")
    scripted.then(refused)
    books_page.add_button.click()
    assert "不小于0" in refused.editor.errors["words"].text()  # type: ignore[attr-defined]
    assert books.count() == 1

    media_page.select_id(first)
    media_page.delete_button.click()
    qtbot.waitUntil(lambda: media_page.model.ids() == [second])
    media_page.bin_toggle.setChecked(True)
    media_page.select_id(first)
    media_page.restore_button.click()
    media_page.bin_toggle.setChecked(False)
    qtbot.waitUntil(lambda: set(media_page.model.ids()) == {first, second})

    qtbot.wait(50)  # no change still queued (see test_platforms_page)
    qtmodeltester.check(media_page.model, force_py=True)
    qtmodeltester.check(books_page.model, force_py=True)
