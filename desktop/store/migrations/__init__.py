"""Numbered schema steps for the local database; ``PRAGMA user_version`` holds the version.

Each release that changes the schema appends a step and saves a database of the previous
version under ``tests/data/db/vN.sqlite``, which the upgrade test opens with the current code.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, text

from desktop.store import projections
from desktop.store.errors import SchemaTooNew


def _v1(conn: Connection) -> None:
    conn.execute(text("CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL,"
                      " data TEXT NOT NULL, PRIMARY KEY (kind, id))"))
    conn.execute(text("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL UNIQUE,"
                      " name TEXT NOT NULL, payload TEXT NOT NULL, created_at TEXT NOT NULL,"
                      " status TEXT NOT NULL DEFAULT 'pending')"))
    conn.execute(text("CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"))


def _v2(conn: Connection) -> None:
    """Rejection reasons and attempts on the outbox; the blob table."""
    for column in ("reason_code TEXT", "reason_message TEXT", "reason_message_en TEXT",
                   "attempts INTEGER NOT NULL DEFAULT 0", "finished_at TEXT", "revision INTEGER"):
        conn.execute(text(f"ALTER TABLE outbox ADD COLUMN {column}"))
    conn.execute(text("CREATE INDEX ix_outbox_status ON outbox (status, seq)"))
    conn.execute(text("CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, path TEXT NOT NULL,"
                      " uploaded INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)"))


def _v3(conn: Connection) -> None:
    """合同在线签订 (issue 6): indexed projections of contract and lot records for the lists, built
    from the records already here; the outbox learns which record a command concerns."""
    for statement in (*projections.CONTRACT_DDL, *projections.LOT_DDL):
        conn.execute(text(statement))
    conn.execute(text("ALTER TABLE outbox ADD COLUMN subject TEXT"))
    subject = "coalesce(json_extract(payload, '$.contract_id'), json_extract(payload, '$.plan_id'))"
    conn.execute(text(f"UPDATE outbox SET subject = {subject} WHERE json_valid(payload)"))
    conn.execute(text("CREATE INDEX ix_outbox_subject ON outbox (subject, status)"))
    projections.rebuild(conn)


STEPS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(STEPS)


def schema_version(conn: Connection) -> int:
    return int(conn.execute(text("PRAGMA user_version")).scalar_one())


def upgrade(conn: Connection, target: int = SCHEMA_VERSION) -> int:
    """Run the missing steps up to ``target`` inside the caller's transaction; return the old version."""
    found = schema_version(conn)
    if found > SCHEMA_VERSION:
        raise SchemaTooNew(found, SCHEMA_VERSION)
    for version in range(found + 1, target + 1):
        STEPS[version - 1](conn)
        conn.execute(text(f"PRAGMA user_version = {version}"))
    return found
