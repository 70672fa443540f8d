"""The main window: left navigation, one page per capability, a status bar with the key count.

It only arranges pages; each page owns its widgets, models and background ops.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.config import RESOURCES, TokenSettings
from desktop.token.report import DiagnosisReport
from desktop.ui.pages.ca_binding.page import CaBindingPage
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.diagnosis.ops import KeyService
from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.pages.procurement.page import ProcurementPage
from desktop.ui.pin_dialog import QtPinSource
from desktop.ui.widgets.key_status import KeyStatusLabel

ICONS = RESOURCES / "icons"
NAV_STYLE = """
QWidget#nav_panel { background: #1f3a5f; }
QLabel#app_title { color: #ffffff; font-size: 15pt; font-weight: bold; padding: 18px 16px 4px 16px; }
QLabel#app_subtitle { color: #a9bcd3; padding: 0 16px 14px 16px; }
QListWidget#navigation { background: transparent; border: none; color: #dce6f2; outline: 0; }
QListWidget#navigation::item { padding: 10px 12px; margin: 2px 8px; border-radius: 4px; }
QListWidget#navigation::item:hover { background: #2b4c75; }
QListWidget#navigation::item:selected { background: #3d6aa3; color: #ffffff; }
"""


class Page(IntEnum):
    PROCUREMENT = 0
    CONTRACTS = 1
    CA_BINDING = 2


NAV_MIN_WIDTH = 196
START_PAGE = Page.CA_BINDING  # the only working capability of this release


class MainWindow(QMainWindow):
    def __init__(self, token_service: KeyService, token_settings: TokenSettings, *,
                 clock: Callable[[], dt.datetime] | None = None,
                 pin_source: QtPinSource | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("豫采桌面"))
        self.setObjectName("main_window")
        self.pin_source = pin_source or QtPinSource(self)

        self.procurement = ProcurementPage()
        self.contracts = ContractsPage()
        self.diagnosis = DiagnosisPage(token_service, token_settings, self.pin_source, clock=clock)
        self.ca_binding = CaBindingPage(self.diagnosis)

        self.pages = QStackedWidget()
        for page in (self.procurement, self.contracts, self.ca_binding):
            self.pages.addWidget(page)
        self.navigation = self._build_navigation()

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._nav_panel())
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.key_status = KeyStatusLabel()
        self.statusBar().addPermanentWidget(self.key_status)
        self.diagnosis.report_did_change.connect(self._report_changed)
        self.diagnosis.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.show_page(START_PAGE)
        self.resize(1200, 760)

    def _build_navigation(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("navigation")
        nav.setIconSize(QSize(22, 22))
        for text, icon in ((self.tr("框架协议采购"), "nav-procurement.svg"),
                           (self.tr("合同在线签订"), "nav-contract.svg"),
                           (self.tr("CA 绑定与诊断"), "nav-key.svg")):
            item = QListWidgetItem(QIcon(str(ICONS / icon)), text)
            item.setSizeHint(QSize(0, 46))
            nav.addItem(item)
        nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        return nav

    def _nav_panel(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("nav_panel")
        panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        panel.setStyleSheet(NAV_STYLE)
        nav = self.navigation
        widest = max(nav.fontMetrics().horizontalAdvance(nav.item(i).text()) for i in range(nav.count()))
        panel.setFixedWidth(max(NAV_MIN_WIDTH, widest + nav.iconSize().width() + 72))  # item padding, margins
        title = QLabel(self.tr("豫采桌面"))
        title.setObjectName("app_title")
        subtitle = QLabel(self.tr("河南省政府采购"))
        subtitle.setObjectName("app_subtitle")
        subtitle.setWordWrap(True)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addWidget(self.navigation, 1)
        return panel

    def show_page(self, page: Page) -> None:
        self.navigation.setCurrentRow(int(page))

    def current_page(self) -> Page:
        return Page(self.pages.currentIndex())

    def start(self) -> None:
        """Begin background work (first key scan, watching for keys)."""
        self.diagnosis.start()

    def shutdown(self) -> None:
        """Stop timers and cancel any open PIN prompt so the token workers can finish."""
        self.diagnosis.stop()
        self.pin_source.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _report_changed(self, report: DiagnosisReport) -> None:
        self.key_status.show_report(report)
