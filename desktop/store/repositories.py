"""Records and sync state: queries that return plain values, never ORM rows."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson
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
        """Apply one page of the feed and move the cursor, in one transaction (see :meth:`apply_rows`).

        ``data`` may hold any value ``json.dumps`` takes, and is encoded exactly as it does."""
        return self.apply_rows([(c.revision, c.kind, c.id, c.data) for c in changes], cursor, json_values=False)

    def apply_rows(self, rows: Sequence[FeedRow], cursor: int, *, json_values: bool = True) -> Changes:
        """Apply one page of the feed, ``(revision, kind, id, data or None)`` in revision order,
        and move the cursor, in one transaction.

        Set-based (one upsert and one delete statement per page, executemany, rows prepared as
        tuples) rather than a row at a time through the ORM: an initial pull of 100,000 records
        spent seconds in per-row ``session.get`` calls. ``json_values``: every ``data`` is what a
        JSON reader returns for standard JSON (dict, list, str, int, float, bool, None; no NaN or
        Infinity), so orjson encodes it ten times faster than ``json.dumps`` with the same meaning.
        """
        touched = _touched(rows)
        if sum(map(len, touched.values())) != len(rows):  # a record twice: its later state wins
            rows = list({(row[1], row[2]): row for row in rows}.values())
        encode = _encode if json_values else _encode_exactly
        upserts = [(kind, rid, rev, encode(data)) for rev, kind, rid, data in rows if data is not None]
        deletes = [(kind, rid) for _rev, kind, rid, data in rows if data is None]
        projected = [(kind, rid, rev, data) for rev, kind, rid, data in rows if kind in PROJECTED_KINDS] \
            if not PROJECTED_KINDS.isdisjoint(touched) else []
        with self._store.transaction() as session:
            conn = session.connection()
            if upserts:
                conn.exec_driver_sql(_UPSERT, upserts)
            if deletes:
                conn.exec_driver_sql("DELETE FROM records WHERE kind = ? AND id = ?", deletes)
            if projected:
                projections.project(conn, projected)
            conn.exec_driver_sql(_SET_STATE, (CURSOR_KEY, str(cursor)))
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
_SET_STATE = "INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_SUBCLASS
PROJECTED_KINDS = frozenset((projections.CONTRACT_KIND, projections.LOT_KIND))
CURSOR_KEY = "cursor"
LAST_SYNC_KEY = "last_sync"
ACCOUNT_KEY = "account"


FeedRow = tuple[int, str, str, dict[str, Any] | None]
"""(revision, kind, id, data or None for a tombstone): one change of the feed."""


def _touched(rows: Sequence[FeedRow]) -> dict[str, set[str]]:
    """Kind -> ids of the rows (a page is nearly always of one kind: one set comprehension)."""
    kinds = {row[1] for row in rows}
    if len(kinds) == 1:
        return {kinds.pop(): {row[2] for row in rows}}
    touched: dict[str, set[str]] = {kind: set() for kind in kinds}
    for _rev, kind, rid, _data in rows:
        touched[kind].add(rid)
    return touched


def _encode_exactly(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)


def _encode(data: Any) -> str:
    """``json.dumps(data, ensure_ascii=False)`` up to whitespace, for JSON values (see apply_rows)."""
    try:
        return orjson.dumps(data, option=_ORJSON_OPTIONS).decode()
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, a lone surrogate: the json module decides
        return json.dumps(data, ensure_ascii=False)


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
