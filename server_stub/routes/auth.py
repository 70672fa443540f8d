"""Login (CA key or password), logout, and who am I."""

from __future__ import annotations

import logging

from fastapi import APIRouter
from sqlalchemy import select

from desktop.domain.protocol import AccountInfo, CaLoginRequest, LoginChallenge, PasswordLoginRequest, SessionGrant
from server_stub.auth import (
    AuthRefused,
    account_info,
    check_ca_login,
    check_password,
    consume_nonce,
    issue_nonce,
    open_session,
    revoke_session,
)
from server_stub.deps import CurrentCaller, DbSession, State
from server_stub.models import Account, Unit

log = logging.getLogger(__name__)
router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/challenge")
def challenge(state: State, session: DbSession) -> LoginChallenge:
    answer = issue_nonce(session, state.settings.clock(), state.settings.nonce_ttl)
    session.commit()
    return answer


@router.post("/login/ca")
def login_ca(request: CaLoginRequest, state: State, session: DbSession) -> SessionGrant:
    now = state.settings.clock()
    try:
        consume_nonce(session, request.nonce, now)
    finally:
        session.commit()  # a nonce is spent by its first use, whatever the outcome
    try:
        checked = check_ca_login(session, request, state.trust, now)
    except AuthRefused as exc:
        log.info("CA login refused: %s", exc.code)
        raise
    grant = open_session(session, checked.account, "ca", now, state.settings.session_ttl)
    session.commit()
    log.info("CA login: account %s", checked.account.username)
    return grant


_BAD_PASSWORD = AuthRefused("password_incorrect", "用户名或密码错误", "wrong username or password")


@router.post("/login/password")
def login_password(request: PasswordLoginRequest, state: State, session: DbSession) -> SessionGrant:
    account = session.execute(select(Account).where(Account.username == request.username)).scalar_one_or_none()
    if account is None or not account.active or account.password_hash is None:
        raise _BAD_PASSWORD
    unit = session.get(Unit, account.unit_id)
    if unit is None or not unit.allow_password_login:
        raise AuthRefused("password_login_not_allowed", "本单位须使用 CA 数字证书登录", "unit requires CA login",
                          status=403)
    if not check_password(request.password, account.password_hash):
        log.info("password login refused for %s", request.username)
        raise _BAD_PASSWORD
    grant = open_session(session, account, "password", state.settings.clock(), state.settings.session_ttl)
    session.commit()
    log.info("password login: account %s", account.username)
    return grant


@router.post("/logout", status_code=204)
def logout(caller: CurrentCaller, state: State, session: DbSession) -> None:
    revoke_session(session, caller.token, state.settings.clock())
    session.commit()


@router.get("/me")
def me(caller: CurrentCaller, session: DbSession) -> AccountInfo:
    account = session.get(Account, caller.account_id)
    assert account is not None
    return account_info(session, account)
