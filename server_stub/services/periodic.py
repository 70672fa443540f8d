"""A job the served app runs in a daemon thread at start and then every interval until stopped (the
互认互通 bridge, the join-application deadline flags); a failing pass is logged and the next one
retries. No service imports here: every service may use it."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Self

__all__ = ["PeriodicWorker"]

log = logging.getLogger(__name__)


class PeriodicWorker:
    def __init__(self, name: str, interval: float, job: Callable[[], object]) -> None:
        self._name, self._interval, self._job = name, interval, job
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._job()
            except Exception:  # keep the worker alive; the next pass retries
                log.exception("%s pass failed", self._name)
            self._stop.wait(self._interval)
