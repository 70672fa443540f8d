"""The one error presenter (Electrum ``on_error``, Anki ``show_exception``): three outcomes.

* the user cancelled (``UserCancelled``, a cancelled future): say nothing;
* an expected error of ours (``YucaiError``): show its Chinese message, and its remedy if it
  carries one;
* anything else: log the traceback and show a generic Chinese message with a button that
  copies the details for the help desk.

Dialogs are opened window-modal with ``open()`` (no nested event loop) and returned, so a
caller or a test can look at them.
"""

from __future__ import annotations

import logging
import traceback
from concurrent.futures import CancelledError

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserCancelled, YucaiError

log = logging.getLogger(__name__)


def present_error(parent: QWidget | None, error: BaseException) -> QDialog | None:
    """Show ``error`` to the user the way its kind deserves; returns the dialog, if any."""
    if isinstance(error, UserCancelled | CancelledError):
        return None
    if isinstance(error, YucaiError):
        title = QCoreApplication.translate("present_error", "豫采桌面")
        box = QMessageBox(QMessageBox.Icon.Warning, title, error.message,
                          QMessageBox.StandardButton.Ok, parent)
        if error.remedy:
            box.setInformativeText(QCoreApplication.translate("present_error", "处理办法：") + error.remedy)
        box.open()
        return box
    log.error("unexpected error", exc_info=error)
    dialog = UnexpectedErrorDialog(parent, error)
    dialog.open()
    return dialog


class UnexpectedErrorDialog(QDialog):
    """A bug or an unknown failure: a plain apology, the details, and a copy button."""

    def __init__(self, parent: QWidget | None, error: BaseException) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("豫采桌面"))
        self.details = "".join(traceback.format_exception(error)).rstrip()

        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size))
        self.message = QLabel(self.tr("程序遇到了意外错误，当前操作没有完成。\n"
                                      "请点击【复制详细信息】，把内容发给技术支持。"))
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.message, 1)

        self.details_view = QPlainTextEdit(self.details)
        self.details_view.setReadOnly(True)
        self.details_view.setMinimumHeight(160)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton(self.tr("复制详细信息"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(self.tr("关闭"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.details_view, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(self.tr("已复制"))
