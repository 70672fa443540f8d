"""Background work for the GUI, after Anki's ``QueryOp``: the GUI thread never waits.

An :class:`Op` runs a callable on a ``QThreadPool`` thread. When the callable returns a
``concurrent.futures.Future`` (what ``TokenService`` hands out), the op waits for that future
off the GUI thread too. Success, failure and progress callbacks are delivered on the GUI thread
through a queued signal. A page reads::

    Op(self, self._service.scan).success(self._show_inventory).run()

Without a ``failure`` callback the error goes to the one error presenter
(:func:`desktop.ui.errors.present_error`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QMetaObject, QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop.ui.errors import present_error

T = TypeVar("T")
Progress = Callable[[str], None]
"""Called from the worker with a short Chinese status text; shown on the GUI thread."""

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread (a child of the op's parent) and carries results back to it."""

    finished = Signal(object, object)  # result, error
    progressed = Signal(str)

    def __init__(self, parent: QObject, op: Op[Any]) -> None:
        super().__init__(parent)
        self._op: Op[Any] | None = op  # keeps the op alive while its work runs
        self.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, result: object, error: object) -> None:
        op, self._op = self._op, None  # the worker deletes the relay once it has stopped using it
        if op is not None:
            op._finish(result, error if isinstance(error, BaseException) else None)

    @Slot(str)
    def _progress(self, text: str) -> None:
        if self._op is not None:
            self._op._report(text)


class Op(Generic[T]):
    """One piece of background work with callbacks on the GUI thread. Build, chain, ``run()``."""

    def __init__(self, parent: QObject, work: Callable[[], T | Future[T]], *,
                 pool: QThreadPool | None = None) -> None:
        self._parent = parent
        self._work: Callable[[Progress], T | Future[T]] = lambda _progress: work()
        self._pool = pool
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._on_progress: Callable[[str], None] | None = None
        self._on_finally: Callable[[], None] | None = None
        self._relay: _Relay | None = None

    @classmethod
    def with_progress(cls, parent: QObject, work: Callable[[Progress], T | Future[T]], *,
                      pool: QThreadPool | None = None) -> Op[T]:
        """An op whose callable receives a :data:`Progress` function."""
        op: Op[T] = cls(parent, lambda: None, pool=pool)  # type: ignore[arg-type,return-value]
        op._work = work
        return op

    def success(self, callback: Callable[[T], None]) -> Op[T]:
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException], None]) -> Op[T]:
        self._on_failure = callback
        return self

    def progress(self, callback: Callable[[str], None]) -> Op[T]:
        self._on_progress = callback
        return self

    def finally_(self, callback: Callable[[], None]) -> Op[T]:
        """Runs after success or failure (re-enable buttons, hide the busy indicator)."""
        self._on_finally = callback
        return self

    def run(self) -> Op[T]:
        if self._relay is not None:
            raise RuntimeError("an Op runs once")
        self._relay = _Relay(self._parent, self)
        (self._pool or QThreadPool.globalInstance()).start(self._execute)
        return self

    # -- worker side ------------------------------------------------------------------------

    def _execute(self) -> None:
        try:
            outcome = self._work(self._emit_progress)
        except BaseException as exc:
            self._emit(None, exc)
            return
        if isinstance(outcome, Future):
            outcome.add_done_callback(self._future_done)
        else:
            self._emit(outcome, None)

    def _future_done(self, future: Future[T]) -> None:
        try:
            result = future.result()
        except BaseException as exc:  # includes CancelledError: the presenter ignores it
            self._emit(None, exc)
            return
        self._emit(result, None)

    def _emit(self, result: object, error: BaseException | None) -> None:
        relay = self._relay
        try:
            if relay is not None:
                relay.finished.emit(result, error)
                # Deleting from _deliver raced with this thread still inside emit(); posted from
                # here, the deletion is queued after the result and after we are done with it.
                QMetaObject.invokeMethod(relay, "deleteLater", Qt.ConnectionType.QueuedConnection)
        except RuntimeError:  # the page that started the op is gone; nobody to tell
            log.debug("op finished after its owner was deleted", exc_info=error)

    def _emit_progress(self, text: str) -> None:
        relay = self._relay
        try:
            if relay is not None:
                relay.progressed.emit(text)
        except RuntimeError:
            pass

    # -- GUI side ---------------------------------------------------------------------------

    def _report(self, text: str) -> None:
        if self._on_progress is not None:
            self._on_progress(text)

    def _finish(self, result: object, error: BaseException | None) -> None:
        self._relay = None
        parent = self._parent if isinstance(self._parent, QWidget) else None
        try:
            if error is None:
                if self._on_success is not None:
                    self._on_success(result)  # type: ignore[arg-type]
            elif self._on_failure is not None:
                self._on_failure(error)
            else:
                present_error(parent, error)
        except Exception as exc:  # a bug in a callback: tell the user, then let Qt report it
            present_error(parent, exc)
            raise
        finally:
            if self._on_finally is not None:
                self._on_finally()
