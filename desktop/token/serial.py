"""One daemon thread that runs the calls submitted to it in order, each answered through a Future.

PKCS#11 calls of one module stay on one thread (vendor drivers are not all thread-safe), as with a
one-worker ``ThreadPoolExecutor`` — but the interpreter joins a ``ThreadPoolExecutor``'s threads at
exit, so a call stuck inside a hung vendor driver (a key pulled out mid-operation, a driver waiting
for a dialog nobody sees) would keep the program from ever exiting. Here :meth:`SerialExecutor.shutdown`
waits a bounded time, and the thread, a daemon, does not hold the exit.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

__all__ = ["SerialExecutor"]

T = TypeVar("T")
_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]


class SerialExecutor:
    def __init__(self, name: str) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("cannot schedule new calls after shutdown")
            self._jobs.put((future, fn, args))
        return future

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, args = job
            if not future.set_running_or_notify_cancel():
                continue  # cancelled while queued
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self, timeout: float = 5.0) -> bool:
        """Cancel the calls not started, let the running one finish for up to ``timeout`` seconds;
        True when the thread has ended (False: it is stuck in a call and is left behind)."""
        with self._lock:
            if not self._closed:
                self._closed = True
                while True:
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is not None:
                        job[0].cancel()
                self._jobs.put(None)
        if threading.current_thread() is not self._thread:
            self._thread.join(timeout)
        return not self._thread.is_alive()
