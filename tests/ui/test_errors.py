"""The one error presenter: cancelled → nothing, ours → message (+ remedy), bug → details."""

from __future__ import annotations

from concurrent.futures import CancelledError

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.errors import UserCancelled, YucaiError
from desktop.token.errors import PinLocked
from desktop.ui.errors import UnexpectedErrorDialog, present_error


class _WithRemedy(YucaiError):
    code = "test_with_remedy"

    def __init__(self) -> None:
        super().__init__("证书已过期")
        self.remedy = "请联系 CA 厂商续期"


def test_cancel_shows_nothing(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    assert present_error(parent, UserCancelled()) is None
    assert present_error(parent, CancelledError()) is None


def test_our_error_shows_its_chinese_message(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    box = present_error(parent, PinLocked())
    assert isinstance(box, QMessageBox)
    assert box.text() == PinLocked().message
    box.reject()

    box = present_error(parent, _WithRemedy())
    assert isinstance(box, QMessageBox)
    assert box.text() == "证书已过期" and "请联系 CA 厂商续期" in box.informativeText()
    box.reject()


def test_an_unexpected_error_is_logged_with_copyable_details(qtbot: QtBot, caplog) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    try:
        {}["missing"]
    except KeyError as exc:
        error = exc
    dialog = present_error(parent, error)
    assert isinstance(dialog, UnexpectedErrorDialog)
    assert "意外错误" in dialog.message.text()
    assert "KeyError" in dialog.details and "test_errors.py" in dialog.details
    assert any(r.exc_info and r.exc_info[1] is error for r in caplog.records)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == dialog.details
    assert dialog.copy_button.text() == "已复制"
    dialog.reject()
