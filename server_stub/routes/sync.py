"""Push commands, pull the change feed, count check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy.orm import Session

from desktop.domain.protocol import DEFAULT_PAGE_SIZE, ChangePage, CountCheck, PushRequest, PushResponse
from server_stub.deps import ApiError, CurrentCaller, DbSession, State
from server_stub.models import Account
from server_stub.services import feed
from server_stub.services.apply_command import CommandContext, apply_envelope

router = APIRouter(prefix="/sync", tags=["sync"])


def _snapshot(session: Session) -> None:
    """Run the rest of this transaction on one snapshot (PostgreSQL; SQLite reads are already)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


@router.post("/push")
def push(request: PushRequest, caller: CurrentCaller, state: State, session: DbSession) -> PushResponse:
    if len({c.uuid for c in request.commands}) != len(request.commands):
        raise ApiError(400, "duplicate_uuid", "同一批操作中有重复编号", "duplicate command UUIDs in one push")
    results = []
    for envelope in request.commands:
        account = session.get(Account, caller.account_id)
        assert account is not None
        context = CommandContext(settings=state.settings, trust=state.trust, now=state.settings.clock())
        results.append(apply_envelope(session, account, envelope, context))
    revision = feed.current_revision(session)
    session.rollback()
    return PushResponse(results=results, revision=revision)


@router.get("/changes", response_model=ChangePage)
def changes(caller: CurrentCaller, state: State, session: DbSession,
            cursor: Annotated[int, Query(ge=0)] = 0,
            limit: Annotated[int, Query(ge=1)] = DEFAULT_PAGE_SIZE) -> Response:
    """A page of the feed (a ``ChangePage``), encoded by :func:`feed.read_page_json` for speed."""
    _snapshot(session)
    body = feed.read_page_json(session, caller.unit_id, cursor, min(limit, state.settings.page_size_limit))
    session.rollback()
    return Response(content=body, media_type="application/json")


@router.get("/counts")
def counts(caller: CurrentCaller, session: DbSession) -> CountCheck:
    _snapshot(session)
    check = feed.count_live(session, caller.unit_id)
    session.rollback()
    return check
