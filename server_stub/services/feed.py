"""The change feed: one row per record holding its latest state and the revision that wrote it.

Revisions come from the single ``server_state`` row. Bumping it with an UPDATE takes that row's
lock until the transaction ends, so transactions that write the feed commit in revision order:
once a reader sees revision R, every row up to R is visible too. A page is therefore read as
"rows with cursor < revision <= R", and an empty page moves the cursor to R.

Who sees a record: everyone (no scope), or the accounts of ``scope_unit_id`` and of the units a
record is ``shared_with`` (a lot, an online contract: its purchaser and its supplier; a plan: its
collector, its reviewing units and its agency). ``feed_counts`` counts a shared record once under
each of its units, so a unit's count is still the sum of its own row and the public row.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Text, cast, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from desktop.domain.protocol import Change, ChangePage, CountCheck
from server_stub.models import FeedCount, FeedRecord, ServerState


def current_revision(session: Session) -> int:
    return int(session.execute(select(ServerState.revision).where(ServerState.id == 1)).scalar_one())


def next_revision(session: Session) -> int:
    result = session.execute(update(ServerState).where(ServerState.id == 1)
                             .values(revision=ServerState.revision + 1).returning(ServerState.revision))
    return int(result.scalar_one())


def _scopes(scope_unit_id: str | None, shared_with: str | None) -> tuple[str, ...]:
    """The ``feed_counts`` scopes a record counts under ("" = everyone)."""
    if scope_unit_id is None:
        return ("",)
    return (scope_unit_id, *_split(shared_with))


def _split(shared_with: str | None) -> tuple[str, ...]:
    return tuple(unit for unit in (shared_with or "").split("|") if unit)


def _joined(scope_unit_id: str | None, shared_with: Iterable[str | None]) -> str | None:
    """``|a|b|`` of the other units that see the record (sorted, no repeats), None when none."""
    if scope_unit_id is None:
        return None
    units = sorted({unit for unit in shared_with if unit and unit != scope_unit_id})
    if any("|" in unit for unit in units):
        raise ValueError(f"unit ids may not contain '|': {units}")
    return f"|{'|'.join(units)}|" if units else None


def publish(session: Session, kind: str, record_id: str, data: dict[str, Any] | None,
            scope_unit_id: str | None = None, shared_with: Iterable[str | None] = ()) -> int:
    """Write the record's new state (None: a tombstone) at a fresh revision; return it.

    ``shared_with``: more units that see the record (None entries are skipped; ignored for a
    public record). Keeps ``feed_counts`` in step (the revision bump above serialises writers, so
    no lost update).
    """
    shared = _joined(scope_unit_id, shared_with)
    revision = next_revision(session)
    row = session.get(FeedRecord, (kind, record_id))
    if row is None:
        session.add(FeedRecord(kind=kind, record_id=record_id, scope_unit_id=scope_unit_id,
                               shared_with=shared, revision=revision, data=data))
    else:
        if row.data is not None:
            for scope in _scopes(row.scope_unit_id, row.shared_with):
                _count(session, kind, scope, -1)
        row.revision, row.data = revision, data
        row.scope_unit_id, row.shared_with = scope_unit_id, shared
    if data is not None:
        for scope in _scopes(scope_unit_id, shared):
            _count(session, kind, scope, +1)
    session.flush()
    return revision


def _count(session: Session, kind: str, scope: str, delta: int) -> None:
    counter = session.get(FeedCount, (kind, scope))
    if counter is None:
        session.add(FeedCount(kind=kind, scope_unit_id=scope, live=delta))
    else:
        counter.live += delta


def rebuild_counts(session: Session) -> None:
    """Recompute ``feed_counts`` from the feed (after rows were written without :func:`publish`)."""
    session.execute(delete(FeedCount))
    counts: Counter[tuple[str, str]] = Counter()
    live = session.execute(select(FeedRecord.kind, FeedRecord.scope_unit_id, FeedRecord.shared_with)
                           .where(FeedRecord.data.is_not(None)))
    for kind, scope_unit_id, shared_with in live:
        for scope in _scopes(scope_unit_id, shared_with):
            counts[kind, scope] += 1
    if counts:
        session.execute(insert(FeedCount), [{"kind": kind, "scope_unit_id": scope, "live": n}
                                            for (kind, scope), n in counts.items()])


def _visible(unit_id: str) -> Any:
    # Written so that no index on scope_unit_id applies: the page query must walk the revision
    # index (SQLite otherwise scans every record of the unit and sorts them, ~17 ms at 100,000).
    # shared_with has no index at all, for the same reason.
    return or_(func.coalesce(FeedRecord.scope_unit_id, "").in_(["", unit_id]),
               FeedRecord.shared_with.contains(f"|{unit_id}|", autoescape=True))


def read_page(session: Session, unit_id: str, cursor: int, limit: int) -> ChangePage:
    revision = current_revision(session)
    rows = session.execute(
        select(FeedRecord).where(FeedRecord.revision > cursor, FeedRecord.revision <= revision, _visible(unit_id))
        .order_by(FeedRecord.revision).limit(limit + 1)).scalars().all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [Change(revision=r.revision, kind=r.kind, id=r.record_id, data=r.data) for r in rows]
    next_cursor = rows[-1].revision if has_more else max(revision, cursor)
    return ChangePage(changes=changes, next_cursor=next_cursor, has_more=has_more, revision=revision)


def read_page_json(session: Session, unit_id: str, cursor: int, limit: int) -> bytes:
    """:func:`read_page` already encoded as the JSON of a ``ChangePage``, for the route.

    The stored record JSON is spliced in as the database holds it (cast to text): no ORM objects,
    no decode and re-encode of every record. A 5,000-record page took ~100 ms the other way.
    Core rows (not the ORM's), and strings quoted by the json module's own C quoting function
    (what ``json.dumps(s, ensure_ascii=False)`` returns, without building an encoder per call):
    half the time again.
    """
    revision = current_revision(session)
    rows = session.connection().execute(
        select(FeedRecord.revision, FeedRecord.kind, FeedRecord.record_id, cast(FeedRecord.data, Text))
        .where(FeedRecord.revision > cursor, FeedRecord.revision <= revision, _visible(unit_id))
        .order_by(FeedRecord.revision).limit(limit + 1)).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = rows[-1][0] if has_more else max(revision, cursor)
    quote = _quote
    kinds: dict[str, str] = {}
    changes = ",".join(
        f'{{"revision":{rev},"kind":{kinds.get(kind) or kinds.setdefault(kind, quote(kind))},"id":{quote(rid)},'
        f'"data":{data if data is not None else "null"}}}' for rev, kind, rid, data in rows)
    body = (f'{{"changes":[{changes}],"next_cursor":{next_cursor},"has_more":{"true" if has_more else "false"},'
            f'"revision":{revision}}}')
    return body.encode("utf-8")


_quote: Callable[[str], str] = json.encoder.encode_basestring
"""``json.dumps(s, ensure_ascii=False)`` for a str ``s``."""


def count_live(session: Session, unit_id: str) -> CountCheck:
    """Per-kind counts of live records the unit sees; call inside one snapshot transaction."""
    revision = current_revision(session)
    rows = session.execute(
        select(FeedCount.kind, func.sum(FeedCount.live)).where(FeedCount.scope_unit_id.in_(["", unit_id]))
        .group_by(FeedCount.kind)).all()
    return CountCheck(revision=revision, counts={str(kind): int(n) for kind, n in rows if n})
