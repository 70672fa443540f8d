"""Records and sync state: queries that return plain values, never ORM rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop.domain.protocol import AccountInfo, Change, ProtocolError, from_json, to_json
from desktop.store import projections
from desktop.store.changes import Changes
from desktop.store.database import Store
from desktop.store.models import BlobRow, RecordRow, SyncStateRow


@dataclass(frozen=True)
class Record:
    kind: str
    id: str
    revision: int
    data: dict[str, Any]


def _record(row: RecordRow) -> Record:
    return Record(kind=row.kind, id=row.id, revision=row.revision, data=json.loads(row.data))


class Records:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, kind: str, record_id: str) -> Record | None:
        with self._store.reading() as session:
            row = session.get(RecordRow, (kind, record_id))
            return _record(row) if row else None

    def list(self, kind: str) -> list[Record]:
        with self._store.reading() as session:
            rows = session.execute(select(RecordRow).where(RecordRow.kind == kind).order_by(RecordRow.id)).scalars()
            return [_record(r) for r in rows]

    def counts(self) -> dict[str, int]:
        with self._store.reading() as session:
            rows = session.execute(select(RecordRow.kind, func.count()).group_by(RecordRow.kind)).all()
            return {str(k): int(n) for k, n in rows}

    def apply_page(self, changes: Sequence[Change], cursor: int) -> Changes:
        """Apply one page of the feed and move the cursor, in one transaction.

        Set-based (one upsert and one delete statement per page, executemany) rather than a row
        at a time through the ORM: an initial pull of 100,000 records spent seconds in per-row
        ``session.get`` calls.
        """
        latest: dict[tuple[str, str], Change] = {}
        for change in changes:  # in revision order: a later state of the same record wins
            latest[(change.kind, change.id)] = change
        dumps = json.dumps
        upserts = [(c.kind, c.id, c.revision, dumps(c.data, ensure_ascii=False))
                   for c in latest.values() if c.data is not None]
        deletes = [(c.kind, c.id) for c in latest.values() if c.data is None]
        touched: dict[str, set[str]] = {}
        for kind, record_id in latest:
            touched.setdefault(kind, set()).add(record_id)
        with self._store.transaction() as session:
            conn = session.connection()
            if upserts:
                conn.exec_driver_sql(_UPSERT, upserts)
            if deletes:
                conn.exec_driver_sql("DELETE FROM records WHERE kind = ? AND id = ?", deletes)
            projections.project(conn, [(c.kind, c.id, c.revision, c.data) for c in latest.values()
                                       if c.kind in PROJECTED_KINDS])
            _set_state(session, CURSOR_KEY, str(cursor))
        return Changes(ids={k: frozenset(v) for k, v in touched.items()}, revision=cursor)

    def reset(self) -> Changes:
        """Forget every record and the cursor (before a full resync)."""
        with self._store.transaction() as session:
            session.execute(delete(RecordRow))
            projections.forget_synced(session.connection())
            session.execute(delete(SyncStateRow).where(SyncStateRow.key == CURSOR_KEY))
        return Changes(full_reset=True, revision=0)


_UPSERT = ("INSERT INTO records (kind, id, revision, data) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (kind, id) DO UPDATE SET revision = excluded.revision, data = excluded.data")
PROJECTED_KINDS = frozenset((projections.CONTRACT_KIND, projections.LOT_KIND))
CURSOR_KEY = "cursor"
LAST_SYNC_KEY = "last_sync"
ACCOUNT_KEY = "account"


def _set_state(session: Session, key: str, value: str) -> None:
    row = session.get(SyncStateRow, key)
    if row is None:
        session.add(SyncStateRow(key=key, value=value))
    else:
        row.value = value


class SyncState:
    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> str | None:
        with self._store.reading() as session:
            row = session.get(SyncStateRow, key)
            return row.value if row else None

    def set(self, key: str, value: str) -> None:
        with self._store.transaction() as session:
            _set_state(session, key, value)

    @property
    def cursor(self) -> int:
        value = self.get(CURSOR_KEY)
        return int(value) if value else 0

    @property
    def last_sync(self) -> dt.datetime | None:
        value = self.get(LAST_SYNC_KEY)
        return dt.datetime.fromisoformat(value) if value else None

    def mark_synced(self, when: dt.datetime) -> None:
        self.set(LAST_SYNC_KEY, when.isoformat())

    @property
    def account(self) -> AccountInfo | None:
        """The account last logged in on this profile (what the user may do while offline)."""
        value = self.get(ACCOUNT_KEY)
        if not value:
            return None
        try:
            return from_json(AccountInfo, json.loads(value))
        except (ValueError, ProtocolError):
            return None

    def remember_account(self, account: AccountInfo | None) -> None:
        with self._store.transaction() as session:
            if account is None:
                session.execute(delete(SyncStateRow).where(SyncStateRow.key == ACCOUNT_KEY))
            else:
                _set_state(session, ACCOUNT_KEY, json.dumps(to_json(account), ensure_ascii=False))


@dataclass(frozen=True)
class LocalBlob:
    sha256: str
    size: int
    path: str
    uploaded: bool


class Blobs:
    """Local files known by SHA-256, and whether the server holds them."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def add(self, sha256: str, size: int, path: str, now: dt.datetime, *, uploaded: bool = False) -> None:
        """Register a local file; ``uploaded``: the server is known to hold it (a download)."""
        with self._store.transaction() as session:
            row = session.get(BlobRow, sha256)
            if row is None:
                session.add(BlobRow(sha256=sha256, size=size, path=path, uploaded=int(uploaded),
                                    created_at=now.isoformat()))
            else:
                row.path = path
                row.uploaded = int(uploaded or bool(row.uploaded))

    def mark_uploaded(self, sha256: str) -> None:
        with self._store.transaction() as session:
            row = session.get(BlobRow, sha256)
            if row is not None:
                row.uploaded = 1

    def get(self, sha256: str) -> LocalBlob | None:
        with self._store.reading() as session:
            row = session.get(BlobRow, sha256)
            return LocalBlob(row.sha256, row.size, row.path, bool(row.uploaded)) if row else None

    def not_uploaded(self) -> list[LocalBlob]:
        with self._store.reading() as session:
            rows = session.execute(select(BlobRow).where(BlobRow.uploaded == 0)).scalars()
            return [LocalBlob(r.sha256, r.size, r.path, False) for r in rows]
