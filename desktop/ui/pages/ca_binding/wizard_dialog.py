"""【CA 自助绑定】 of the login window: the wizard in a dialog with its own PIN prompt (on top of it);
"用该 key 登录" hands the bound key back to the login window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.sync.binding import BindingService
from desktop.ui.login_dialog import KeyChoice
from desktop.ui.pages.ca_binding import ops
from desktop.ui.pages.ca_binding.wizard import BindingWizard
from desktop.ui.pin_dialog import QtPinSource


class BindingWizardDialog(QDialog):
    """The wizard opened from the login window; "用该 key 登录" hands the key back to it."""

    def __init__(self, service: ops.BindingKeyService, binding: BindingService, *,
                 on_login: Callable[[KeyChoice], None] | None = None, ready: ops.Ready | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("binding_wizard_dialog")
        self.setWindowTitle(self.tr("CA 自助绑定"))
        self.pin_source = QtPinSource(self)
        self.wizard = BindingWizard(service, binding, self.pin_source, ready=ready, clock=clock, parent=self)
        self._on_login = on_login
        self.wizard.login_requested.connect(self._login)
        buttons = QDialogButtonBox()
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.wizard, 1)
        layout.addWidget(buttons)
        self.resize(1040, 760)

    def _login(self, choice: KeyChoice) -> None:
        if self._on_login is not None:
            self._on_login(choice)
        self.accept()

    def done(self, result: int) -> None:
        self.pin_source.close()  # cancels a PIN prompt still open
        super().done(result)
