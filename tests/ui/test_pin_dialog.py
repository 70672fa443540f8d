"""QtPinSource: called from a worker thread, answered in a modal dialog on the GUI thread."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.errors import UserCancelled
from desktop.token.pin import PinRequest
from desktop.ui.pin_dialog import PinDialog, QtPinSource

REQUEST = PinRequest(token_label="采购人测试key", token_serial="0123456789abcdef", purpose="诊断")


def _ask(qtbot: QtBot, source: QtPinSource, request: PinRequest,
         pool: ThreadPoolExecutor) -> tuple[Future[str], PinDialog]:
    with qtbot.waitSignal(source.dialog_shown, timeout=5000) as shown:
        future = pool.submit(source.get_pin, request)
    dialog = shown.args[0]
    assert isinstance(dialog, PinDialog)
    return future, dialog


@pytest.fixture
def source(qtbot: QtBot):  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    pin_source = QtPinSource(window)
    yield pin_source
    pin_source.close()


def test_typed_pin_is_returned_to_the_worker_and_not_kept(qtbot: QtBot, source: QtPinSource) -> None:
    with ThreadPoolExecutor(1) as pool:
        future, dialog = _ask(qtbot, source, REQUEST, pool)
        assert dialog.isModal() and dialog.isVisible()
        assert dialog.pin_edit.echoMode() is QLineEdit.EchoMode.Password
        assert not dialog.ok_button.isEnabled()
        assert not dialog.warning.isVisible()
        qtbot.keyClicks(dialog.pin_edit, "123456")
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert future.result(timeout=5) == "123456"
    assert _deleted(dialog) or dialog.pin_edit.text() == ""  # the field is cleared on the way out
    assert "123456" not in repr(vars(source))


def test_cancel_raises_user_cancelled(qtbot: QtBot, source: QtPinSource) -> None:
    with ThreadPoolExecutor(1) as pool:
        future, dialog = _ask(qtbot, source, REQUEST, pool)
        qtbot.keyClicks(dialog.pin_edit, "999")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        with pytest.raises(UserCancelled):
            future.result(timeout=5)


def test_final_try_warns_loudly(qtbot: QtBot, source: QtPinSource) -> None:
    request = PinRequest(token_label="采购人测试key", token_serial="01", purpose="签章", final_try=True)
    with ThreadPoolExecutor(1) as pool:
        future, dialog = _ask(qtbot, source, request, pool)
        assert dialog.warning.isVisible()
        assert "仅剩最后一次机会，再错将锁定 key" in dialog.warning.text()
        dialog.reject()
        with pytest.raises(UserCancelled):
            future.result(timeout=5)


def test_count_low_warns(qtbot: QtBot, source: QtPinSource) -> None:
    request = PinRequest(token_label="k", token_serial="01", count_low=True)
    with ThreadPoolExecutor(1) as pool:
        future, dialog = _ask(qtbot, source, request, pool)
        assert dialog.warning.isVisible() and "剩余尝试次数不多" in dialog.warning.text()
        assert "最后一次" not in dialog.warning.text()
        dialog.reject()
        with pytest.raises(UserCancelled):
            future.result(timeout=5)


def test_closing_the_source_cancels_a_waiting_worker(qtbot: QtBot, source: QtPinSource) -> None:
    with ThreadPoolExecutor(1) as pool:
        future, _dialog = _ask(qtbot, source, REQUEST, pool)
        source.close()
        with pytest.raises(UserCancelled):
            future.result(timeout=5)
        with pytest.raises(UserCancelled):  # refuses new prompts once closed
            pool.submit(source.get_pin, REQUEST).result(timeout=5)


def _deleted(widget: QWidget) -> bool:
    from shiboken6 import isValid

    return not isValid(widget)
