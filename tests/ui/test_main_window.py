"""The main window: navigation, pages without fake data, the key status bar."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTabWidget
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
        "框架协议采购", "合同在线签订", "CA 绑定与诊断", "单位信息"]
    assert window.current_page() is Page.CA_BINDING
    _click_nav(qtbot, window, Page.PROCUREMENT)
    assert window.pages.currentWidget() is window.procurement
    _click_nav(qtbot, window, Page.CONTRACTS)
    assert window.pages.currentWidget() is window.contracts
    _click_nav(qtbot, window, Page.CA_BINDING)
    assert window.pages.currentWidget() is window.ca_binding
    _click_nav(qtbot, window, Page.UNIT_INFO)
    assert window.pages.currentWidget() is window.unit_info and window.unit_info.empty.isVisible()
    _click_nav(qtbot, window, Page.CA_BINDING)
    tabs = window.ca_binding.findChild(QTabWidget)
    assert tabs is not None and tabs.tabText(0) == "密钥诊断" and tabs.currentWidget() is window.diagnosis


def test_procurement_page_without_a_login_shows_no_data(window: MainWindow) -> None:
    page = window.procurement
    assert page.tabs.tabText(0) == "计划备案"
    assert page.plans.model.rowCount() == 0 and not page.plans.add_button.isEnabled()  # no fake records
    assert "请先登录" in page.plans.note.text()


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
        assert texts == ["Framework agreements", "Online contract signing", "CA binding & diagnosis",
                         "Unit information"]
        assert win.diagnosis.refresh_button.text() == "Refresh"
        assert win.diagnosis.tree_model.headerData(0, Qt.Orientation.Horizontal) == "Name"
        assert win.procurement.tabs.tabText(0) == "Plan filing"
        win.shutdown()
    finally:
        remove_translators(app, translators)
        install_translators(app, "zh_CN")


def test_the_contracts_page_is_connected_to_the_keys(qtbot: QtBot, window: MainWindow) -> None:
    """The real window wires the signing workbench to the token service: usable keys are listed."""
    _click_nav(qtbot, window, Page.CONTRACTS)
    assert window.pages.currentWidget() is window.contracts
    window.contracts.show_workbench()  # 本地文件签章
    combo = window.contracts.workbench.key_combo
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=30_000)
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert any("11410100MB00000018" in t for t in texts)  # the lab's purchaser unit key
