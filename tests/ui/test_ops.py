"""Op: work off the GUI thread, callbacks on it."""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.errors import UserCancelled, YucaiError
from desktop.ui.errors import UnexpectedErrorDialog
from desktop.ui.ops import Op


def test_callable_runs_off_the_gui_thread_and_success_runs_on_it(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    seen: dict[str, object] = {}

    def work() -> int:
        seen["work_thread"] = threading.current_thread()
        return 42

    def done(value: int) -> None:
        seen["value"], seen["callback_thread"] = value, threading.current_thread()

    Op(owner, work).success(done).run()
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["work_thread"] is not threading.main_thread()
    assert seen["callback_thread"] is threading.main_thread()


def test_a_returned_future_is_awaited_off_the_gui_thread(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    release = threading.Event()
    results: list[str] = []
    with ThreadPoolExecutor(1) as pool:
        future: Future[str] = pool.submit(lambda: release.wait(5) and "done")  # type: ignore[arg-type]
        Op(owner, lambda: future).success(results.append).run()
        qtbot.wait(50)
        assert results == []  # the GUI thread kept running while the future was pending
        release.set()
        qtbot.waitUntil(lambda: results == ["done"])


def test_failure_and_finally_callbacks(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    failures: list[BaseException] = []
    finished: list[bool] = []

    def boom() -> None:
        raise YucaiError("出错了")

    Op(owner, boom).failure(failures.append).finally_(lambda: finished.append(True)).run()
    qtbot.waitUntil(lambda: bool(finished))
    assert isinstance(failures[0], YucaiError) and failures[0].message == "出错了"


def test_progress_reaches_the_gui_thread(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    texts: list[tuple[str, bool]] = []
    results: list[int] = []

    def work(progress) -> int:  # type: ignore[no-untyped-def]
        progress("第一步")
        progress("第二步")
        return 2

    (Op.with_progress(owner, work)
        .progress(lambda text: texts.append((text, threading.current_thread() is threading.main_thread())))
        .success(results.append).run())
    qtbot.waitUntil(lambda: results == [2])
    assert texts == [("第一步", True), ("第二步", True)]


def test_without_a_failure_callback_errors_go_to_the_presenter(qtbot: QtBot) -> None:
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()

    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    finished: list[bool] = []
    Op(owner, bug).finally_(lambda: finished.append(True)).run()
    qtbot.waitUntil(lambda: bool(finished))
    dialogs = owner.findChildren(UnexpectedErrorDialog)
    assert len(dialogs) == 1 and "ZeroDivisionError" in dialogs[0].details
    dialogs[0].reject()

    finished.clear()

    def cancelled() -> None:
        raise UserCancelled()

    Op(owner, cancelled).finally_(lambda: finished.append(True)).run()
    qtbot.waitUntil(lambda: bool(finished))
    assert len(owner.findChildren(UnexpectedErrorDialog)) <= 1  # nothing new for a cancel


def test_an_op_outliving_its_owner_is_dropped_quietly(qtbot: QtBot) -> None:
    owner = QWidget()
    release = threading.Event()
    results: list[str] = []
    with ThreadPoolExecutor(1) as pool:
        future: Future[str] = pool.submit(lambda: release.wait(5) and "late")  # type: ignore[arg-type]
        Op(owner, lambda: future).success(results.append).run()
        qtbot.wait(20)
        owner.deleteLater()
        qtbot.wait(20)
        release.set()
    qtbot.wait(50)
    assert results == []


def test_finished_ops_leave_no_relay_behind(qtbot: QtBot) -> None:
    """A page polling every few seconds must not collect one helper object per poll."""
    owner = QWidget()
    qtbot.addWidget(owner)
    done: list[int] = []
    for i in range(20):
        Op(owner, lambda i=i: i).success(done.append).run()
    qtbot.waitUntil(lambda: len(done) == 20)
    qtbot.waitUntil(lambda: not owner.findChildren(QObject, options=Qt.FindChildOption.FindDirectChildrenOnly))
