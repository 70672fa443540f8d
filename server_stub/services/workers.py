"""Periodic jobs the served app runs in daemon threads (started and stopped by the app's lifespan).

:class:`PeriodicWorker` runs a job at start and then every interval until stopped; a failing pass is
logged and the next one retries. :func:`overdue_flags` is the job of ``Settings.overdue_poll_seconds``:
the join applications of open agreements whose deadline flags changed are republished
(:func:`server_stub.services.joining.flag_overdue`).
"""

from __future__ import annotations

import logging

from server_stub.db import Database
from server_stub.services import joining
from server_stub.services.periodic import PeriodicWorker
from server_stub.settings import Settings

__all__ = ["PeriodicWorker", "overdue_flags"]

log = logging.getLogger(__name__)


def overdue_flags(db: Database, settings: Settings) -> int:
    """One pass: republish the join applications whose overdue flags changed as of the server's clock."""
    with db.session() as session:
        changed = joining.flag_overdue(session, settings.clock())
        session.commit()
    if changed:
        log.info("flagged %d join application(s) overdue", changed)
    return changed
