"""What the controllers of the 框架协议采购 tabs share (:class:`FrameworkPages`, :class:`SecondStagePages`,
:class:`JoiningPages`): window-modal dialogs that forget themselves when closed (the one opened last
stays reachable as ``dialog`` for tests and screenshots), a refusal box with the reason, errors shown
over the page, and what follows a queued command (a status line, a sync soon, the tab read again)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.domain.protocol import AccountInfo
from desktop.store.changes import Changes
from desktop.ui.errors import present_error


class TabController(QObject):
    kinds: ClassVar[frozenset[str]] = frozenset()
    """The record kinds the tabs show: a sync that changed one of them reads the tabs again."""
    status_message = Signal(str)
    outbox_did_change = Signal()
    """A command was queued: update the pending count and sync soon."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.account: AccountInfo | None = None
        self.dialog: QWidget | None = None
        """The dialog opened last (tests and screenshots reach it here) until it closes."""
        self.error_dialog: QWidget | None = None

    def reload(self) -> None:
        """Read the tabs' records again (in the background)."""
        raise NotImplementedError

    def data_changed(self, changes: Changes) -> None:
        if self.account is not None and (changes.full_reset or changes.outbox or changes.kinds & self.kinds):
            self.reload()

    def dialog_parent(self) -> QWidget:
        return self.page

    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._forget(dialog))
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def refusal_box(self, name: str, title: str, text: str, details: str = "") -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.dialog_parent())
        box.setObjectName(name)
        if details:
            box.setInformativeText(details)
        self._show(box)
        return box

    def _queued(self, message: str) -> None:
        self.status_message.emit(message)
        self.outbox_did_change.emit()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.error_dialog = present_error(self.dialog_parent(), error)
