"""CA 绑定与诊断: 密钥诊断, CA 自助绑定 (the wizard, also reached from the login window),
操作人员管理 (personal keys, for a unit account logged in) and 绑定记录 (the binding audit, a tab shown
only while a 监管 account is logged in).

Without a server (no sync wiring) the two binding tabs say so; :meth:`CaBindingPage.connect_sync`
puts the working ones in place over the sync's ApiClient and local store.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.config import RESOURCES
from desktop.domain.protocol import AccountInfo
from desktop.store.changes import Changes
from desktop.sync.binding import BindingService
from desktop.sync.engine import SyncEngine
from desktop.token.pin import PinSource
from desktop.ui.login_dialog import KeyChoice
from desktop.ui.pages.ca_binding.audit import BindingAuditPanel
from desktop.ui.pages.ca_binding.operators import OperatorsPanel
from desktop.ui.pages.ca_binding.ops import BindingKeyService, Ready
from desktop.ui.pages.ca_binding.wizard import BindingWizard
from desktop.ui.pages.ca_binding.wizard_dialog import BindingWizardDialog
from desktop.ui.pages.diagnosis.page import DiagnosisPage

log = logging.getLogger(__name__)


def shipped_intermediates() -> tuple[bytes, ...]:
    """The intermediate CA certificates shipped in ``resources/ca/intermediates`` (DER)."""
    from desktop.signing.errors import TrustRootError
    from desktop.signing.trust import bundled_ca

    try:
        return tuple(bundled_ca(RESOURCES / "ca").intermediates)
    except TrustRootError:
        log.warning("bundled CA certificates unreadable", exc_info=True)
        return ()


class CaBindingPage(QWidget):
    login_requested = Signal(object)
    """"用该 key 登录" after a binding in the tab: the KeyChoice of the bound key."""

    def __init__(self, diagnosis: DiagnosisPage, token_service: BindingKeyService | None = None,
                 pin_source: PinSource | None = None, *, clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnosis = diagnosis
        self._token_service, self._pin_source, self._clock = token_service, pin_source, clock
        self.binding: BindingService | None = None
        self._ready: Ready | None = None
        self.wizard: BindingWizard | None = None
        self.operators: OperatorsPanel | None = None
        self.audit: BindingAuditPanel | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.diagnosis, self.tr("密钥诊断"))
        self.tabs.addTab(self._offline(), self.tr("CA 自助绑定"))
        self.tabs.addTab(self._offline(), self.tr("操作人员管理"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _offline(self) -> QLabel:
        label = QLabel(self.tr("未连接政府采购系统服务器：CA 绑定需要联网办理。"
                               "绑定前可先用【密钥诊断】确认 key 是否可用。"))
        label.setWordWrap(True)
        label.setMargin(24)
        return label

    def connect_sync(self, engine: SyncEngine, *, ready: Ready | None = None, sync_now: Callable[[], None],
                     intermediates: tuple[bytes, ...] | None = None) -> None:
        """Build the wizard and 操作人员管理 over ``engine``'s ApiClient, records and outbox."""
        assert self._token_service is not None and self._pin_source is not None
        self._ready = ready
        self.binding = BindingService(engine.api, shipped_intermediates() if intermediates is None else intermediates)
        self.wizard = BindingWizard(self._token_service, self.binding, self._pin_source, ready=ready,
                                    clock=self._clock)
        self.operators = OperatorsPanel(engine.records, engine.outbox, self._token_service, self.binding,
                                        ready=ready, clock=self._clock)
        self.wizard.login_requested.connect(self.login_requested)
        self.operators.commands_queued.connect(sync_now)
        self.audit = BindingAuditPanel(self.binding, ready=ready)
        self.tabs.setTabVisible(self.tabs.addTab(self.audit, self.tr("绑定记录")), False)
        for index, widget, title in ((1, self.wizard, self.tr("CA 自助绑定")),
                                     (2, self.operators, self.tr("操作人员管理"))):
            old = self.tabs.widget(index)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, widget, title)
            if old is not None:
                old.deleteLater()

    def binding_dialog(self, parent: QWidget, use_key: Callable[[KeyChoice], None]) -> QDialog:
        """【CA 自助绑定】 of the login window (a ``BindingWizardFactory``)."""
        assert self._token_service is not None and self.binding is not None
        return BindingWizardDialog(self._token_service, self.binding, on_login=use_key, ready=self._ready,
                                   clock=self._clock, parent=parent)

    def set_account(self, account: object) -> None:
        info = account if isinstance(account, AccountInfo) else None
        if self.operators is not None:
            self.operators.set_account(info)
        if self.audit is not None:
            self.audit.set_account(info)
            self.tabs.setTabVisible(self.tabs.indexOf(self.audit), self.audit.allowed)

    def data_changed(self, changes: Changes) -> None:
        if self.operators is not None:
            self.operators.data_changed(changes)

    def show_wizard(self) -> None:
        self.tabs.setCurrentIndex(1)

    def show_operators(self) -> None:
        self.tabs.setCurrentIndex(2)

    def show_audit(self) -> None:
        """绑定记录 (a 监管 account only: the tab is hidden otherwise)."""
        if self.audit is not None and self.audit.allowed:
            self.tabs.setCurrentWidget(self.audit)
