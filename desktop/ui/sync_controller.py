"""Background sync for the main window: :class:`SyncWiring` (built by ``desktop.app``) and the
:class:`SyncController` that runs a sync every minute on a worker, with :class:`Backoff` after
failures, and reports status, progress and each sync's outcome as signals."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.protocol import SessionGrant
from desktop.sync.engine import Backoff, ConnectionState, SyncEngine, SyncReport, SyncStatus
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from desktop.ui.login_dialog import KeyLogin
from desktop.ui.ops import Op

log = logging.getLogger(__name__)

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
