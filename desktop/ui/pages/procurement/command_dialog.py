"""The common tail of the framework dialogs that turn what the user entered into commands: queue them
in the outbox in the background, then report and close — or, when queuing fails, give the buttons
back and show why (nothing entered is lost)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from desktop.domain.agreement_commands import AgreementCommand
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement.framework_service import FrameworkService


class CommandDialog(QDialog):
    saved = Signal(str, str)  # plan id, status message

    def __init__(self, service: FrameworkService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.error_dialog: QWidget | None = None

    def queue_and_close(self, plan_id: str, message: str, commands: Sequence[AgreementCommand],
                        buttons: Sequence[QPushButton]) -> None:
        """Queue ``commands`` (``buttons`` disabled meanwhile); on success emit ``saved`` and close."""
        for button in buttons:
            button.setEnabled(False)
        service, queued = self._service, tuple(commands)
        Op(self, lambda: service.queue(*queued)).success(lambda _r: self._done(plan_id, message)) \
            .failure(lambda error: self._failed(error, buttons)).run()

    def _done(self, plan_id: str, message: str) -> None:
        self.saved.emit(plan_id, message)
        self.accept()

    def _failed(self, error: BaseException, buttons: Sequence[QPushButton]) -> None:
        for button in buttons:
            button.setEnabled(True)
        self.error_dialog = present_error(self, error)
