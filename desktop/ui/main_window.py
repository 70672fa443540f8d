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
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
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

from desktop.config import RESOURCES, TokenSettings
from desktop.domain.protocol import SessionGrant
from desktop.store.changes import Changes
from desktop.store.outbox import OutboxEntry
from desktop.sync.engine import Backoff, ConnectionState, SyncEngine, SyncProgress, SyncReport, SyncStatus
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from desktop.token.report import DiagnosisReport
from desktop.ui.login_dialog import KeyChoice, KeyLogin, LoginDialog
from desktop.ui.ops import Op
from desktop.ui.pages.ca_binding.page import CaBindingPage
from desktop.ui.pages.contracts.ops import SigningService
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.diagnosis.ops import KeyService
from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.pages.procurement.page import ProcurementPage
from desktop.ui.pages.sync_rejections import SyncRejectionsPage
from desktop.ui.pin_dialog import QtPinSource
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
"""


class Page(IntEnum):
    PROCUREMENT = 0
    CONTRACTS = 1
    CA_BINDING = 2
    SYNC_REJECTIONS = 3  # no navigation entry: reached from the sync indicator


NAV_MIN_WIDTH = 196
START_PAGE = Page.CA_BINDING  # a new user first checks that the key works
SYNC_INTERVAL_MS = 60_000
SERVER_START_TIMEOUT = 20.0


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class SyncWiring:
    """What the window needs to sync, built by the composition root (``desktop.app``)."""

    engine: SyncEngine
    login: LoginService
    key_login: KeyLogin
    """Opens the chosen key with the PIN typed in the login dialog and logs in; runs on a worker."""
    server_url: str
    wait_ready: Callable[[float], bool] | None = None
    """Waits (on a worker) for the embedded local server to accept connections, restarting it if
    it has exited; called before every sync."""
    credential_note: str | None = None
    """Why the session cannot be kept in the OS keyring (shown once), None when it can."""
    clock: Callable[[], dt.datetime] = field(default=_utcnow)
    interval_ms: int = SYNC_INTERVAL_MS
    backoff: Backoff = field(default_factory=Backoff)


@dataclass(frozen=True)
class SyncOutcome:
    """One background sync: the report (None when not logged in), the indicator's status, the error."""

    status: SyncStatus
    report: SyncReport | None = None
    error: SyncError | None = None


class SyncController(QObject):
    """Runs syncs in the background and schedules the next one; lives on the GUI thread."""

    status_did_change = Signal(object)  # SyncStatus
    progress_did_change = Signal(object)  # SyncProgress, emitted by the worker, delivered queued
    data_did_change = Signal(object)  # Changes
    session_did_change = Signal(object)  # AccountInfo | None
    message = Signal(str)
    resync_offered = Signal(str)  # the Chinese explanation of the failed count check

    def __init__(self, wiring: SyncWiring, parent: QObject) -> None:
        super().__init__(parent)
        self.wiring = wiring
        self.engine = wiring.engine
        self.running = False
        self.stopped = False
        self._again: Callable[[], SyncOutcome] | None = None
        self.status = SyncStatus(ConnectionState.OFFLINE, pending=0)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)

    @property
    def logged_in(self) -> bool:
        return bool(self.engine.api.token)

    # --- GUI side --------------------------------------------------------------------------

    def start(self) -> None:
        """Reuse the session kept in the keyring (checked with the server), then sync."""
        self.running = True
        Op(self, self._restore).success(self._restored).failure(self._op_failed).run()

    def stop(self) -> None:
        self.stopped = True
        self.timer.stop()

    def sync_now(self) -> None:
        self._run(self._sync)

    def full_resync(self) -> None:
        """The user agreed: forget the local records and pull everything again, then sync."""
        self._run(self._resync)

    def refresh_status(self) -> None:
        """Re-read the pending and rejected counts (after the outbox changed)."""
        state = self.status.state
        Op(self, lambda: self.engine.status(state, self.status.last_error)).success(self._show_status).run()

    def logged_in_with(self, grant: SessionGrant) -> None:
        self.session_did_change.emit(grant.account)
        self.sync_now()

    def logout(self) -> None:
        Op(self, self.wiring.login.logout).success(lambda _none: self.session_did_change.emit(None)).run()

    def _run(self, work: Callable[[], SyncOutcome]) -> None:
        if self.stopped:
            return
        if self.running:  # asked for while one runs (e.g. right after a login): run it after that one
            self._again = work
            return
        self.running = True
        self.timer.stop()
        self._show_status(SyncStatus(ConnectionState.SYNCING, pending=self.status.pending,
                                     rejected=self.status.rejected))
        Op(self, work).success(self._synced).failure(self._op_failed).run()

    def _show_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_did_change.emit(status)

    def _schedule(self, delay_ms: int) -> None:
        again, self._again = self._again, None
        if self.stopped:
            return
        if again is not None:
            QTimer.singleShot(0, self, lambda: self._run(again))
            return
        self.timer.start(max(0, delay_ms))

    def _restored(self, outcome: tuple[object, SyncError | None]) -> None:
        account, error = outcome
        self.running = False
        if account is not None:
            self.session_did_change.emit(account)
        if error is not None and error.kind is SyncErrorKind.AUTH:
            self.message.emit(self.tr("登录已失效，请重新登录"))
        self.sync_now()

    def _synced(self, outcome: SyncOutcome) -> None:
        self.running = False
        self._show_status(outcome.status)
        error, report = outcome.error, outcome.report
        backoff = self.wiring.backoff
        if error is None:
            backoff.reset()
            if report is not None:
                self._reported(report)
            self._schedule(self.wiring.interval_ms)
            return
        if error.retryable:
            self._schedule(int(backoff.next_delay() * 1000))
            return
        backoff.reset()
        if error.kind is SyncErrorKind.AUTH:  # expired or revoked: forget it, keep checking the server
            self.logout()
            self.message.emit(self.tr("登录已失效，请重新登录"))
        elif error.code == "count_mismatch":
            self.resync_offered.emit(error.message)
        else:
            self.message.emit(error.message)
        self._schedule(self.wiring.interval_ms)

    def _reported(self, report: SyncReport) -> None:
        if report.changes:
            self.data_did_change.emit(report.changes)
        if report.clock_warning:
            self.message.emit(report.clock_warning)
        if report.rejected:
            self.message.emit(self.tr("{n} 项操作被服务器退回，请查看原因").format(n=len(report.rejected)))

    def _op_failed(self, error: BaseException) -> None:
        """A bug, not a network state: tell the user once (the presenter), keep syncing later."""
        from desktop.ui.errors import present_error

        self.running = False
        parent = self.parent()
        present_error(parent if isinstance(parent, QWidget) else None, error)
        self._schedule(self.wiring.interval_ms)

    # --- worker side -----------------------------------------------------------------------

    def wait_for_server(self) -> None:
        """On a worker: wait until the embedded local server accepts connections (quick once it does)."""
        if self.wiring.wait_ready is not None and not self.wiring.wait_ready(SERVER_START_TIMEOUT):
            log.warning("the local server did not start")

    def _wait_for_server(self) -> None:
        self.wait_for_server()  # quick when it is up; starts the embedded server again if it died

    def _restore(self) -> tuple[object, SyncError | None]:
        self._wait_for_server()
        login = self.wiring.login
        try:
            if not login.restore(self.wiring.clock()):
                return None, None
            return login.api.me(), None
        except SyncError as exc:
            if exc.kind is SyncErrorKind.AUTH:
                login.logout()
                return None, exc
            return None, None  # offline: keep the session, the next sync will tell

    def _sync(self) -> SyncOutcome:
        self._wait_for_server()
        return self._guarded(lambda: self.engine.sync(progress=self.progress_did_change.emit))

    def _resync(self) -> SyncOutcome:
        def both() -> SyncReport:
            changes = self.engine.full_resync(progress=self.progress_did_change.emit)
            report = self.engine.sync(progress=self.progress_did_change.emit)
            return SyncReport(applied=report.applied, rejected=report.rejected, pulled=report.pulled,
                              changes=changes.merge(report.changes), full_resync=True,
                              clock_skew=report.clock_skew, clock_warning=report.clock_warning,
                              revision=report.revision)
        return self._guarded(both)

    def _guarded(self, work: Callable[[], SyncReport]) -> SyncOutcome:
        engine = self.engine
        try:
            if not self.logged_in:  # only see whether the server is there
                engine.check_meta(engine.api.meta())
                return SyncOutcome(engine.status(ConnectionState.ONLINE, self.tr("未登录：登录后开始同步")))
            report = work()
        except SyncError as exc:
            state = ConnectionState.OFFLINE if exc.retryable else ConnectionState.ONLINE
            return SyncOutcome(engine.status(state, exc.message), error=exc)
        return SyncOutcome(engine.status(ConnectionState.ONLINE), report=report)


class AppKeyService(KeyService, SigningService, Protocol):
    """What the pages need of ``desktop.token.service.TokenService``: diagnosis and signing."""


class MainWindow(QMainWindow):
    data_did_change = Signal(object)
    """Changes from a sync (practice 5): pages refresh only the record kinds they show."""

    def __init__(self, token_service: AppKeyService, token_settings: TokenSettings, *,
                 clock: Callable[[], dt.datetime] | None = None,
                 pin_source: QtPinSource | None = None, sync: SyncWiring | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("豫采桌面"))
        self.setObjectName("main_window")
        self.pin_source = pin_source or QtPinSource(self)

        self.procurement = ProcurementPage()
        self.contracts = ContractsPage(token_service, self.pin_source)
        self.diagnosis = DiagnosisPage(token_service, token_settings, self.pin_source, clock=clock)
        self.ca_binding = CaBindingPage(self.diagnosis)

        self.rejections = SyncRejectionsPage()
        self.pages = QStackedWidget()
        for page in (self.procurement, self.contracts, self.ca_binding, self.rejections):
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
        controller.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        controller.resync_offered.connect(self.offer_full_resync)
        self.sync_status.rejections_requested.connect(self.show_rejections)
        self.rejections.dismiss_requested.connect(self._dismiss_rejection)

    def _sync_progress(self, progress: SyncProgress) -> None:
        if self.sync is not None and self.sync.running:  # a late progress after the answer is stale
            self.sync_status.show_progress(progress)

    def _data_changed(self, changes: Changes) -> None:
        self.data_did_change.emit(changes)
        if changes.outbox and self.current_page() is Page.SYNC_REJECTIONS:
            self.show_rejections()

    def _show_account(self, account: object) -> None:
        from desktop.domain.protocol import AccountInfo

        self.account = account if isinstance(account, AccountInfo) else None
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

        dialog = LoginDialog(self.key_choices(), with_key, with_password, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._logged_in(dialog.grant))
        self.login_dialog = dialog
        dialog.open()
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
