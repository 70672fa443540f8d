"""The PIN prompt: :class:`QtPinSource` is the GUI's ``PinSource`` (Electrum's QtHandlerBase).

The key layer calls ``get_pin`` on its token worker thread. We hand the request to the GUI
thread with a queued signal, open a window-modal dialog there, and wait on an event until the
user answers. The PIN passes through a local object once and is never kept, logged or shown.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserCancelled
from desktop.token.pin import PinRequest

FINAL_TRY_STYLE = ("QLabel { color: #ffffff; background: #c62828; font-weight: bold;"
                   " padding: 8px; border-radius: 4px; }")
COUNT_LOW_STYLE = ("QLabel { color: #7a4100; background: #fff3e0; border: 1px solid #ffb74d;"
                   " padding: 6px; border-radius: 4px; }")


class PinDialog(QDialog):
    """Asks for one PIN; the text is taken out (and the field cleared) by :meth:`take_pin`."""

    def __init__(self, request: PinRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("输入 key 口令"))
        self.setObjectName("pin_dialog")

        intro = QLabel(self.tr("请输入 key 的口令（PIN），用于{purpose}。").format(purpose=request.purpose))
        intro.setWordWrap(True)
        facts = QFormLayout()
        facts.addRow(self.tr("key 标签："), QLabel(request.token_label or self.tr("（无标签）")))
        facts.addRow(self.tr("序列号："), QLabel(request.token_serial or self.tr("（未知）")))

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setObjectName("pin_warning")
        if request.final_try:
            self.warning.setText(self.tr("仅剩最后一次机会，再错将锁定 key！\n"
                                         "如不确定口令，请点击【取消】，先联系 CA 厂商。"))
            self.warning.setStyleSheet(FINAL_TRY_STYLE)
        elif request.count_low:
            self.warning.setText(self.tr("这个 key 已多次输错口令，剩余尝试次数不多，请确认后再输入。"))
            self.warning.setStyleSheet(COUNT_LOW_STYLE)
        self.warning.setVisible(request.final_try or request.count_low)

        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setObjectName("pin_edit")
        self.pin_edit.setPlaceholderText(self.tr("口令"))
        self.pin_edit.setMinimumWidth(260)
        form = QFormLayout()
        form.addRow(self.tr("口令（PIN）："), self.pin_edit)

        note = QLabel(self.tr("本程序不保存口令，输错后也不会自动重试。"))
        note.setStyleSheet("QLabel { color: #666666; }")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.pin_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(facts)
        layout.addWidget(self.warning)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.pin_edit.setFocus()

    def take_pin(self) -> str:
        pin = self.pin_edit.text()
        self.pin_edit.clear()
        return pin


@dataclass
class _Question:
    request: PinRequest
    answered: threading.Event = field(default_factory=threading.Event)
    pin: str | None = field(default=None, repr=False)


class QtPinSource(QObject):
    """``PinSource`` for the GUI: callable from any thread, answers from a modal dialog."""

    dialog_shown = Signal(object)  # the PinDialog, for tests and screenshots
    _asked = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent_widget = parent
        self._closed = threading.Event()
        self._pending: list[tuple[_Question, PinDialog]] = []
        self._asked.connect(self._ask, Qt.ConnectionType.QueuedConnection)

    def get_pin(self, request: PinRequest) -> str:
        """Block the calling (worker) thread until the user answers; ``UserCancelled`` on cancel."""
        if self._closed.is_set():
            raise UserCancelled()
        question = _Question(request)
        if QThread.currentThread() is self.thread():
            self._ask(question)  # called on the GUI thread: wait in the dialog's own loop
            while not question.answered.is_set():
                dialog = self._pending[-1][1] if self._pending else None
                if dialog is None:
                    break
                dialog.exec()
        else:
            self._asked.emit(question)
            while not question.answered.wait(0.2):
                if self._closed.is_set():
                    break
        pin, question.pin = question.pin, None
        if pin is None:
            raise UserCancelled()
        return pin

    def close(self) -> None:
        """Cancel every open prompt and refuse new ones (the window is closing)."""
        self._closed.set()
        for question, dialog in list(self._pending):
            dialog.reject()
            question.answered.set()

    @Slot(object)
    def _ask(self, question: _Question) -> None:
        if self._closed.is_set():
            question.answered.set()
            return
        dialog = PinDialog(question.request, self._parent_widget)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        entry = (question, dialog)
        self._pending.append(entry)

        def done(result: int) -> None:
            if entry in self._pending:
                self._pending.remove(entry)
            pin = dialog.take_pin()  # clears the field whatever the answer
            question.pin = pin if result == QDialog.DialogCode.Accepted else None
            question.answered.set()

        dialog.finished.connect(done)
        dialog.open()
        self.dialog_shown.emit(dialog)
