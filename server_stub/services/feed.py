"""The change feed: one row per record holding its latest state and the revision that wrote it.

Revisions come from the single ``server_state`` row. Bumping it with an UPDATE takes that row's
lock until the transaction ends, so transactions that write the feed commit in revision order:
once a reader sees revision R, every row up to R is visible too. A page is therefore read as
"rows with cursor < revision <= R", and an empty page moves the cursor to R.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from desktop.domain.protocol import Change, ChangePage, CountCheck
from server_stub.models import FeedRecord, ServerState


def current_revision(session: Session) -> int:
    return int(session.execute(select(ServerState.revision).where(ServerState.id == 1)).scalar_one())


def next_revision(session: Session) -> int:
    result = session.execute(update(ServerState).where(ServerState.id == 1)
                             .values(revision=ServerState.revision + 1).returning(ServerState.revision))
    return int(result.scalar_one())


def publish(session: Session, kind: str, record_id: str, data: dict[str, Any] | None,
            scope_unit_id: str | None = None) -> int:
    """Write the record's new state (None: a tombstone) at a fresh revision; return it."""
    revision = next_revision(session)
    row = session.get(FeedRecord, (kind, record_id))
    if row is None:
        session.add(FeedRecord(kind=kind, record_id=record_id, scope_unit_id=scope_unit_id,
                               revision=revision, data=data))
    else:
        row.revision, row.data, row.scope_unit_id = revision, data, scope_unit_id
    session.flush()
    return revision


def _visible(unit_id: str) -> Any:
    return or_(FeedRecord.scope_unit_id.is_(None), FeedRecord.scope_unit_id == unit_id)


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


def count_live(session: Session, unit_id: str) -> CountCheck:
    """Per-kind counts of live records the unit sees; call inside one snapshot transaction."""
    revision = current_revision(session)
    rows = session.execute(
        select(FeedRecord.kind, func.count()).where(FeedRecord.data.is_not(None), _visible(unit_id))
        .group_by(FeedRecord.kind)).all()
    return CountCheck(revision=revision, counts={str(kind): int(n) for kind, n in rows})
