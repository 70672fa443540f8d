"""The token threads' executor: calls in order on one thread, answered through futures; a call that
never returns (a hung vendor driver) delays shutdown only by the timeout and keeps no one waiting."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.token.serial import SerialExecutor


def test_calls_run_in_order_on_one_thread_and_errors_reach_the_caller() -> None:
    executor = SerialExecutor("test-serial")
    seen: list[tuple[int, int]] = []
    futures = [executor.submit(lambda n: seen.append((n, threading.get_ident())) or n * n, n) for n in range(5)]
    assert [f.result(5) for f in futures] == [0, 1, 4, 9, 16]
    assert [n for n, _ in seen] == [0, 1, 2, 3, 4] and len({t for _, t in seen}) == 1
    assert seen[0][1] != threading.get_ident()
    failing = executor.submit(lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        failing.result(5)
    assert executor.submit(lambda: "still running").result(5) == "still running"
    assert executor.shutdown(5)
    with pytest.raises(RuntimeError):
        executor.submit(lambda: None)


def test_a_stuck_call_does_not_hold_shutdown() -> None:
    executor = SerialExecutor("test-serial-stuck")
    release, inside = threading.Event(), threading.Event()

    def driver_call() -> bool:  # a vendor driver call that does not come back
        inside.set()
        return release.wait()

    stuck = executor.submit(driver_call)
    queued = executor.submit(lambda: "never run")
    assert inside.wait(5)
    started = time.monotonic()
    assert executor.shutdown(0.2) is False  # left behind after the timeout
    assert time.monotonic() - started < 2
    assert queued.cancelled() and not stuck.done()
    thread = next(t for t in threading.enumerate() if t.name == "test-serial-stuck")
    assert thread.daemon  # the interpreter does not wait for it at exit
    release.set()
    assert stuck.result(5) is True
    thread.join(5)
    assert not thread.is_alive() and executor.shutdown(0)
