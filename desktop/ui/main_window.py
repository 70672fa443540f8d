"""The main window: left navigation, one page per capability, a status bar with the key count
and the sync indicator.

It arranges pages; each page owns its widgets, models and background ops. With a
:class:`SyncWiring` (built by ``desktop.app``) it also runs the sync: a 登录 action, a sync every
minute in the background (an :class:`~desktop.ui.ops.Op`, with :class:`Backoff` after failures),
the rejected-commands page behind the status indicator, and an offer (never silent) of a full
resync when the count check fails. Every sync's :class:`Changes` goes out on
``data_did_change`` for pages to refresh what they show.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import Any, Protocol

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.config import RESOURCES, ContractSettings, TokenSettings
from desktop.domain.commands import UpdateUnitContact
from desktop.domain.protocol import AccountInfo, DemoAccount, SessionGrant
from desktop.store.changes import Changes
from desktop.store.outbox import OutboxEntry
from desktop.sync.engine import SyncProgress
from desktop.token.report import DiagnosisReport
from desktop.ui.login_dialog import KeyChoice, LoginDialog
from desktop.ui.ops import Op
from desktop.ui.pages.ca_binding.page import CaBindingPage
from desktop.ui.pages.contracts.ops import SigningService
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.diagnosis.ops import KeyService
from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.pages.procurement.page import ProcurementPage
from desktop.ui.pages.sync_rejections import SyncRejectionsPage
from desktop.ui.pages.unit_info import UnitInfoPage
from desktop.ui.pin_dialog import QtPinSource
from desktop.ui.sync_controller import SyncController, SyncWiring
from desktop.ui.widgets.key_status import KeyStatusLabel
from desktop.ui.widgets.sync_status import SyncStatusWidget

log = logging.getLogger(__name__)

ICONS = RESOURCES / "icons"
NAV_STYLE = """
QWidget#nav_panel { background: #1f3a5f; }
QLabel#app_title { color: #ffffff; font-size: 15pt; font-weight: bold; padding: 18px 16px 4px 16px; }
QLabel#app_subtitle { color: #a9bcd3; padding: 0 16px 14px 16px; }
QListWidget#navigation { background: transparent; border: none; color: #dce6f2; outline: 0; }
QListWidget#navigation::item { padding: 10px 12px; margin: 2px 8px; border-radius: 4px; }
QListWidget#navigation::item:hover { background: #2b4c75; }
QListWidget#navigation::item:selected { background: #3d6aa3; color: #ffffff; }
QListWidget#navigation::item:disabled { color: #6d85a5; }
"""


class Page(IntEnum):
    PROCUREMENT = 0
    CONTRACTS = 1
    CA_BINDING = 2
    UNIT_INFO = 3
    SYNC_REJECTIONS = 4  # no navigation entry: reached from the sync indicator


TEMPORARY_RIGHTS_PAGES = (Page.UNIT_INFO, Page.CA_BINDING)
"""What a 绑定key未启用 account may use (its temporary rights; seed manual §三 步骤三)."""


NAV_MIN_WIDTH = 196
START_PAGE = Page.CA_BINDING  # a new user first checks that the key works


class AppKeyService(KeyService, SigningService, Protocol):
    """What the pages need of ``desktop.token.service.TokenService``: diagnosis and signing."""


class MainWindow(QMainWindow):
    data_did_change = Signal(object)
    """Changes from a sync (practice 5): pages refresh only the record kinds they show."""

    def __init__(self, token_service: AppKeyService, token_settings: TokenSettings, *,
                 clock: Callable[[], dt.datetime] | None = None,
                 pin_source: QtPinSource | None = None, sync: SyncWiring | None = None,
                 contract_settings: ContractSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("豫采桌面"))
        self.setObjectName("main_window")
        self.pin_source = pin_source or QtPinSource(self)

        self.procurement = ProcurementPage(engine=sync.engine if sync is not None else None)
        self.contracts = ContractsPage(token_service, self.pin_source,
                                       engine=sync.engine if sync is not None else None,
                                       max_pdf_bytes=(contract_settings or ContractSettings()).max_pdf_bytes)
        self.diagnosis = DiagnosisPage(token_service, token_settings, self.pin_source, clock=clock)
        self.ca_binding = CaBindingPage(self.diagnosis, token_service, self.pin_source, clock=clock)
        self.unit_info = UnitInfoPage()
        self.account: AccountInfo | None = None

        self.rejections = SyncRejectionsPage()
        self.pages = QStackedWidget()
        for page in (self.procurement, self.contracts, self.ca_binding, self.unit_info, self.rejections):
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
        self.contracts.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.procurement.status_message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.sync: SyncController | None = None
        self.resync_box: QMessageBox | None = None
        self._resync_declined = False
        if sync is not None:
            self._build_sync(sync)
        self.show_page(START_PAGE)
        self.resize(1200, 760)

    # --- sync --------------------------------------------------------------------------------

    def _build_sync(self, wiring: SyncWiring) -> None:
        self._wiring = wiring
        self.sync = controller = SyncController(wiring, self)
        self.account_button = QPushButton(self.tr("登录"))
        self.account_button.setObjectName("account_button")
        self.account_button.setFlat(True)
        self.account_button.setStyleSheet("QPushButton { color: #1565c0; padding: 0 6px; }")
        self.sync_status = SyncStatusWidget()
        bar = self.statusBar()
        bar.insertPermanentWidget(0, self.account_button)
        bar.insertPermanentWidget(1, self.sync_status)

        menu = self.menuBar().addMenu(self.tr("账户与同步"))
        self.login_action = QAction(self.tr("登录…"), self)
        self.login_action.triggered.connect(self.open_login)
        self.logout_action = QAction(self.tr("退出登录"), self)
        self.logout_action.triggered.connect(controller.logout)
        self.sync_action = QAction(self.tr("立即同步"), self)
        self.sync_action.setShortcut("F5")
        self.sync_action.triggered.connect(controller.sync_now)
        self.resync_action = QAction(self.tr("重新完整同步…"), self)
        self.resync_action.triggered.connect(lambda: self.offer_full_resync(None))
        self.rejections_action = QAction(self.tr("被退回的操作"), self)
        self.rejections_action.triggered.connect(self.show_rejections)
        for action in (self.login_action, self.logout_action, self.sync_action, self.resync_action,
                       self.rejections_action):
            menu.addAction(action)
        self._account_menu = QMenu(self)
        self._account_menu.addAction(self.logout_action)
        self.account_button.clicked.connect(self._account_clicked)
        self._show_account(None)

        controller.status_did_change.connect(self.sync_status.show_status)
        controller.progress_did_change.connect(self._sync_progress)
        controller.data_did_change.connect(self._data_changed)
        controller.session_did_change.connect(self._show_account)
        controller.session_did_change.connect(self.contracts.set_account)
        self.data_did_change.connect(self.contracts.data_changed)
        self.contracts.outbox_did_change.connect(controller.sync_now)  # pending count, and up when online
        controller.session_did_change.connect(self.procurement.set_account)
        self.data_did_change.connect(self.procurement.data_changed)
        self.procurement.outbox_did_change.connect(controller.sync_now)
        controller.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        controller.resync_offered.connect(self.offer_full_resync)
        self.sync_status.rejections_requested.connect(self.show_rejections)
        self.rejections.dismiss_requested.connect(self._dismiss_rejection)
        self.unit_info.submitted.connect(self._queue_unit_info)
        self.ca_binding.connect_sync(wiring.engine, ready=controller.wait_for_server, sync_now=controller.sync_now)
        controller.session_did_change.connect(self.ca_binding.set_account)
        self.data_did_change.connect(self.ca_binding.data_changed)
        self.ca_binding.login_requested.connect(self.login_with)

    def _sync_progress(self, progress: SyncProgress) -> None:
        if self.sync is not None and self.sync.running:  # a late progress after the answer is stale
            self.sync_status.show_progress(progress)

    def _data_changed(self, changes: Changes) -> None:
        self.data_did_change.emit(changes)
        if self.account is not None and ("unit" in changes.kinds or changes.full_reset):
            self._load_unit_info()
        if changes.outbox and self.current_page() is Page.SYNC_REJECTIONS:
            self.show_rejections()

    def _show_account(self, account: object) -> None:
        self.account = account if isinstance(account, AccountInfo) else None
        self._apply_rights()
        self._load_unit_info()
        if self.account is None:
            self.account_button.setText(self.tr("登录"))
            self.account_button.setToolTip(self.tr("用 CA 数字证书（key）或账号密码登录，登录后自动同步"))
        else:
            who = self.account.operator_name or self.account.username
            self.account_button.setText(self.tr("{who}（{unit}，{post}）").format(
                who=who, unit=self.account.unit_name, post=self.account.post))
            self.account_button.setToolTip(self.tr("已登录账号 {name}").format(name=self.account.username))
        self.login_action.setEnabled(self.account is None)
        self.logout_action.setEnabled(self.account is not None)

    # --- 单位信息 and 绑定key未启用 ------------------------------------------------------------------

    def _apply_rights(self) -> None:
        """A 绑定key未启用 account reaches only its temporary-rights pages; the rest are greyed out."""
        limited = self.account is not None and self.account.key_bound_not_enabled
        for page in (Page.PROCUREMENT, Page.CONTRACTS, Page.CA_BINDING, Page.UNIT_INFO):
            item = self.navigation.item(int(page))
            allowed = not limited or page in TEMPORARY_RIGHTS_PAGES
            flags = item.flags()
            item.setFlags(flags | Qt.ItemFlag.ItemIsEnabled if allowed else flags & ~Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip("" if allowed else self.tr(
                "账号状态为“绑定key未启用”：请先在【单位信息】中维护单位信息并提交"))
        if limited:  # what this account must do first
            self.show_page(Page.UNIT_INFO)

    def _load_unit_info(self) -> None:
        account = self.account
        if account is None or self.sync is None:
            self.unit_info.show_unit(None, None)
            return
        records = self.sync.engine.records

        def read() -> tuple[dict[str, Any] | None, str]:
            unit = records.get("unit", account.unit_id)
            data = unit.data if unit is not None else None
            region = records.get("region", str(data.get("region_code", ""))) if data else None
            return data, str(region.data.get("name", "")) if region is not None and region.data else ""

        Op(self, read).success(lambda found: self._show_unit_info(account, *found)).run()

    def _show_unit_info(self, account: AccountInfo, unit: dict[str, Any] | None, region: str) -> None:
        if account is not self.account:
            return  # the session changed meanwhile
        if account.key_bound_not_enabled and unit is not None and unit.get("temporary_rights") is False:
            self.account = account = replace(account, key_bound_not_enabled=False)  # submitted: full rights
            self._apply_rights()
            self.statusBar().showMessage(self.tr("单位信息已提交，账号已具有正式功能权限"), 15_000)
        self.unit_info.show_unit(account, unit, region)

    def _queue_unit_info(self, command: UpdateUnitContact) -> None:
        if self.sync is None:
            return
        outbox, sync, now = self.sync.engine.outbox, self.sync, self._wiring.clock()
        Op(self, lambda: outbox.enqueue(command, now)).success(lambda _e: sync.sync_now()).run()
        self.statusBar().showMessage(self.tr("单位信息已保存，正在提交到服务器"), 10_000)

    def _account_clicked(self) -> None:
        if self.account is None:
            self.open_login()
        else:
            self._account_menu.popup(self.account_button.mapToGlobal(self.account_button.rect().topLeft()))

    def key_choices(self) -> list[KeyChoice]:
        """The usable keys the last scan found, for the login dialog."""
        report = self.diagnosis.report
        if report is None:
            return []
        choices = []
        for usable in report.usable_keys:
            cert = usable.certificate
            choices.append(KeyChoice(module_path=usable.module, token_label=usable.token_label,
                                     token_serial=usable.token_serial, key_id=cert.key_id,
                                     holder=cert.common_name or cert.organization or cert.label,
                                     code=cert.credit_code or cert.id_number or "", not_after=cert.not_after))
        return choices

    def open_login(self) -> LoginDialog | None:
        """登录: a window-modal dialog; on success the sync starts at once."""
        if self.sync is None:
            return None
        login, key_login, ready = self._wiring.login, self._wiring.key_login, self.sync.wait_for_server

        def with_key(choice: KeyChoice, pin: str) -> SessionGrant:
            ready()  # the local server may still be starting
            return key_login(choice, pin)

        def with_password(username: str, password: str) -> SessionGrant:
            ready()
            return login.login_with_password(username, password)

        def demo_accounts() -> list[DemoAccount]:
            ready()
            return api.demo_accounts().accounts

        api = self.sync.engine.api
        dialog = LoginDialog(self.key_choices(), with_key, with_password, self,
                             binding_wizard=self.ca_binding.binding_dialog, demo_accounts=demo_accounts)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._logged_in(dialog.grant))
        self.login_dialog = dialog
        dialog.open()
        return dialog

    def login_with(self, choice: KeyChoice) -> LoginDialog | None:
        """"用该 key 登录" after a CA 自助绑定: the login dialog with that key chosen, asking for its PIN."""
        dialog = self.open_login()
        if dialog is not None:
            dialog.use_key(choice)
        return dialog

    def _logged_in(self, grant: SessionGrant | None) -> None:
        if grant is None or self.sync is None:
            return
        if self._wiring.credential_note:
            self.statusBar().showMessage(self._wiring.credential_note + self.tr("；本次登录只在程序运行期间有效"),
                                         15_000)
        self.sync.logged_in_with(grant)

    def show_rejections(self) -> None:
        """被退回的操作: the page behind the indicator's red link (reloaded from the outbox)."""
        self.navigation.setCurrentRow(-1)
        self.pages.setCurrentWidget(self.rejections)
        if self.sync is not None:
            outbox = self.sync.engine.outbox
            Op(self, outbox.rejected).success(self._show_rejected).run()

    def _show_rejected(self, entries: list[OutboxEntry]) -> None:
        self.rejections.show_entries(entries)

    def _dismiss_rejection(self, uuid: str) -> None:
        if self.sync is None:
            return
        outbox = self.sync.engine.outbox
        Op(self, lambda: outbox.dismiss(uuid)).success(self._dismissed).run()

    def _dismissed(self, _changes: Changes) -> None:
        self.show_rejections()
        if self.sync is not None:
            self.sync.refresh_status()

    def offer_full_resync(self, explanation: str | None) -> None:
        """Ask before a full resync (never silent). ``explanation``: the failed check, None from the menu.

        After the user said 稍后 once, a failed check only shows a note until they choose
        重新完整同步 from the menu.
        """
        if self.sync is None or (self.resync_box is not None and self.resync_box.isVisible()):
            return
        if explanation is not None and self._resync_declined:
            self.statusBar().showMessage(self.tr("本机数据与服务器不一致，可在“账户与同步”菜单中重新完整同步"), 15_000)
            return
        box = QMessageBox(self)
        box.setObjectName("resync_offer")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("重新完整同步"))
        if explanation is not None:
            box.setText(self.tr("本机保存的数据与服务器核对不一致。"))
            detail = explanation + "\n\n"
        else:
            box.setText(self.tr("重新从服务器下载全部数据？"))
            detail = ""
        box.setInformativeText(detail + self.tr(
            "重新完整同步会清除本机保存的服务器数据，再从服务器完整下载一遍；"
            "尚未上传的操作和被退回的操作不受影响。数据较多时需要几分钟。\n\n是否现在重新完整同步？"))
        self.resync_yes = box.addButton(self.tr("重新完整同步"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("稍后"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(self.resync_yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._resync_answered(box.clickedButton() is self.resync_yes))
        self.resync_box = box
        box.open()

    def _resync_answered(self, yes: bool) -> None:
        self.resync_box = None
        if self.sync is None:
            return
        self._resync_declined = not yes
        if yes:
            self.sync.full_resync()

    def _build_navigation(self) -> QListWidget:
        nav = QListWidget()
        nav.setObjectName("navigation")
        nav.setIconSize(QSize(22, 22))
        for text, icon in ((self.tr("框架协议采购"), "nav-procurement.svg"),
                           (self.tr("合同在线签订"), "nav-contract.svg"),
                           (self.tr("CA 绑定与诊断"), "nav-key.svg"),
                           (self.tr("单位信息"), "nav-unit.svg")):
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
        if page is Page.SYNC_REJECTIONS:
            self.show_rejections()
            return
        self.navigation.setCurrentRow(int(page))

    def current_page(self) -> Page:
        return Page(self.pages.currentIndex())

    def start(self) -> None:
        """Begin background work (first key scan, watching for keys, the first sync)."""
        self.diagnosis.start()
        if self.sync is not None:
            self.sync.start()

    def shutdown(self) -> None:
        """Stop timers and cancel any open PIN prompt so the token workers can finish."""
        self.diagnosis.stop()
        if self.sync is not None:
            self.sync.stop()
        self.pin_source.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _report_changed(self, report: DiagnosisReport) -> None:
        self.key_status.show_report(report)
