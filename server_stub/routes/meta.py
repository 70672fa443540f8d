"""``GET /meta``: server time, protocol version, revision (no login needed)."""

from __future__ import annotations

from fastapi import APIRouter

from desktop.domain.protocol import PROTOCOL_VERSION, Meta
from server_stub.deps import DbSession, State
from server_stub.services import feed

router = APIRouter(tags=["meta"])


@router.get("/meta")
def meta(state: State, session: DbSession) -> Meta:
    return Meta(server_time=state.settings.clock(), protocol_version=PROTOCOL_VERSION,
                revision=feed.current_revision(session))
