"""``GET /meta``: server time, protocol version, revision (no login needed); and, on a server started
with ``--demo`` only, ``GET /demo/accounts``: the demo dataset's password accounts for the login dialog."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from desktop.domain.protocol import PROTOCOL_VERSION, DemoAccount, DemoAccountList, Meta
from server_stub import demo
from server_stub.deps import ApiError, DbSession, State
from server_stub.models import Account, Unit
from server_stub.services import feed

router = APIRouter(tags=["meta"])


@router.get("/meta")
def meta(state: State, session: DbSession) -> Meta:
    return Meta(server_time=state.settings.clock(), protocol_version=PROTOCOL_VERSION,
                revision=feed.current_revision(session))


@router.get("/demo/accounts")
def demo_accounts(state: State, session: DbSession) -> DemoAccountList:
    if not state.settings.demo:
        raise ApiError(404, "not_demo", "仅演示服务器提供演示账号", "only a demo server lists its accounts")
    rows = session.execute(select(Account, Unit).join(Unit, Account.unit_id == Unit.id).where(
        Account.active.is_(True), Account.password_hash.is_not(None)).order_by(Account.id)).all()
    order = {row[0]: n for n, row in enumerate(demo.ACCOUNTS)}
    accounts = sorted(rows, key=lambda r: (order.get(r[0].id, len(order)), r[0].id))
    return DemoAccountList([DemoAccount(a.username, u.name, a.user_type, a.post, demo.DEMO_PASSWORD)
                            for a, u in accounts])
