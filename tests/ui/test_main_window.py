"""The main window: navigation, placeholder pages without fake data, the key status bar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QTabWidget
from pytestqt.qtbot import QtBot

from desktop.config import TokenSettings
from desktop.ui.application import install_translators, remove_translators
from desktop.ui.main_window import MainWindow, Page
from desktop.ui.pages.diagnosis.page import DiagnosisPage
from tests.ui.helpers import wait_for_scan


@pytest.fixture
def window(qtbot: QtBot, token_service: object, lab_settings: TokenSettings) -> Iterator[MainWindow]:
    win = MainWindow(token_service, lab_settings)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    yield win
    win.shutdown()


def _click_nav(qtbot: QtBot, window: MainWindow, page: Page) -> None:
    nav = window.navigation
    rect = nav.visualItemRect(nav.item(int(page)))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_navigation_switches_pages(qtbot: QtBot, window: MainWindow) -> None:
    assert window.windowTitle() == "豫采桌面"
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        "框架协议采购", "合同在线签订", "CA 绑定与诊断"]
    assert window.current_page() is Page.CA_BINDING
    _click_nav(qtbot, window, Page.PROCUREMENT)
    assert window.pages.currentWidget() is window.procurement
    _click_nav(qtbot, window, Page.CONTRACTS)
    assert window.pages.currentWidget() is window.contracts
    _click_nav(qtbot, window, Page.CA_BINDING)
    assert window.pages.currentWidget() is window.ca_binding
    tabs = window.ca_binding.findChild(QTabWidget)
    assert tabs is not None and tabs.tabText(0) == "密钥诊断" and tabs.currentWidget() is window.diagnosis


def test_placeholder_pages_say_what_will_come_and_show_no_data(window: MainWindow) -> None:
    for page, title in ((window.procurement, "框架协议采购"),):
        assert not page.findChildren(QAbstractItemView)  # no tables, no fake records
        assert page.panel.planned and "后续版本" in " ".join(
            label.text() for label in page.panel.findChildren(QLabel))
        assert title in [label.text() for label in page.panel.findChildren(QLabel)]


def test_status_bar_counts_the_keys_after_a_scan(qtbot: QtBot, window: MainWindow) -> None:
    window.start()
    page = window.findChild(DiagnosisPage)
    assert page is window.diagnosis
    wait_for_scan(qtbot, page)
    assert page.report is not None
    count = len([t for _, t in page.report.inventory.tokens() if t.initialized])
    qtbot.waitUntil(lambda: f"检测到 {count} 个 key" in window.key_status.text())
    assert "上次检测" in window.key_status.text()


def test_closing_the_window_stops_watching(qtbot: QtBot, window: MainWindow) -> None:
    window.start()
    wait_for_scan(qtbot, window.diagnosis)
    assert window.diagnosis.watching
    window.close()
    assert not window.diagnosis.watching


def test_english_translation(qtbot: QtBot, token_service: object, lab_settings: TokenSettings) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, "en")
    try:
        assert translators, "resources/i18n/yucai_en.qm is missing"
        win = MainWindow(token_service, lab_settings)  # type: ignore[arg-type]
        qtbot.addWidget(win)
        assert win.windowTitle() == "Yucai Desktop"
        texts = [win.navigation.item(i).text() for i in range(win.navigation.count())]
        assert texts == ["Framework agreements", "Online contract signing", "CA binding & diagnosis"]
        assert win.diagnosis.refresh_button.text() == "Refresh"
        assert win.diagnosis.tree_model.headerData(0, Qt.Orientation.Horizontal) == "Name"
        assert win.procurement.panel.findChildren(QLabel)[0].text() == "Framework agreements"
        win.shutdown()
    finally:
        remove_translators(app, translators)
        install_translators(app, "zh_CN")


def test_the_contracts_page_is_connected_to_the_keys(qtbot: QtBot, window: MainWindow) -> None:
    """The real window wires the signing workbench to the token service: usable keys are listed."""
    _click_nav(qtbot, window, Page.CONTRACTS)
    assert window.pages.currentWidget() is window.contracts
    qtbot.waitUntil(lambda: window.contracts.key_combo.count() > 0, timeout=30_000)
    texts = [window.contracts.key_combo.itemText(i) for i in range(window.contracts.key_combo.count())]
    assert any("11410100MB00000018" in t for t in texts)  # the lab's purchaser unit key
