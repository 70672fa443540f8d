"""CA 自助绑定 (seed manual §三; issue 5): the binding status of a key, binding it, and the audit.

``/binding/status`` and ``/binding/bind`` answer anyone: they run before any login, from the
login window's 【CA 自助绑定】. Binding proves possession: the key signs
:func:`desktop.domain.protocol.binding_message` over a nonce from ``POST /auth/challenge``; the
nonce is spent by its first use, whatever the outcome. ``/binding/audit`` is for 监管 accounts.

``/binding/personal...`` (§3.3 个人证书绑定): a unit's 经办岗, logged in, lists its operators' personal
keys, adds one (the key signs :func:`desktop.domain.protocol.personal_binding_message` after its PIN
was verified on the token), renews and unbinds them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy.exc import OperationalError

from desktop.domain.protocol import (
    BindingAuditPage,
    BindingStatusAnswer,
    BindingStatusRequest,
    BindRequest,
    BindResult,
    PersonalKeyInfo,
    PersonalKeyList,
    PersonalKeyRequest,
)
from desktop.domain.roles import UserType
from server_stub.auth import AuthRefused, consume_nonce
from server_stub.deps import ApiError, CurrentCaller, DbSession, State
from server_stub.models import Account
from server_stub.services import binding

router = APIRouter(prefix="/binding", tags=["binding"])


@router.post("/status")
def binding_status(request: BindingStatusRequest, state: State, session: DbSession) -> BindingStatusAnswer:
    try:
        user_type = binding.parse_user_type(request.user_type)
        key = binding.check_certificate(request.certificate, request.chain, state.trust, state.settings.clock())
        return binding.status_answer(session, key, user_type)
    except binding.BindingError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.message_en) from exc
    finally:
        session.rollback()


@router.post("/bind")
def bind(request: BindRequest, state: State, session: DbSession) -> BindResult:
    now = state.settings.clock()
    try:
        _spend_nonce(session, request.nonce, now)
    except ApiError as exc:
        binding.record_refusal(session, request, now, exc.code, exc.message)
        raise
    try:
        return binding.bind(session, request, state.trust, now)
    except binding.BindingError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.message_en) from exc


@router.get("/audit")
def audit(caller: CurrentCaller, session: DbSession, cursor: Annotated[int, Query(ge=0)] = 0,
          limit: Annotated[int, Query(ge=1, le=500)] = 100,
          credit_code: Annotated[str | None, Query(max_length=18)] = None,
          newest_first: bool = False) -> BindingAuditPage:
    account = session.get(Account, caller.account_id)
    assert account is not None
    if account.user_type != UserType.REGULATOR.value:
        raise ApiError(403, "audit_regulator_only", "仅监管账号可以查看 CA 绑定记录",
                       "only regulator accounts may read the binding audit")
    entries, has_more = binding.audit_entries(session, cursor, limit, credit_code, newest_first)
    session.rollback()
    return BindingAuditPage(entries=entries, next_cursor=entries[-1].id if entries else cursor, has_more=has_more)


def _spend_nonce(session: DbSession, nonce: str, now: dt.datetime) -> None:
    """Consume the nonce in its own transaction (spent by its first use, whatever the outcome). SQLite
    may refuse a read transaction's upgrade to a write while another bind commits: try again."""
    for attempt in range(3):
        try:
            consume_nonce(session, nonce, now)
            session.commit()
            return
        except AuthRefused as exc:
            session.commit()
            raise ApiError(403, exc.code, exc.message.replace("登录", "绑定"), exc.message_en) from exc
        except OperationalError:
            session.rollback()
            if attempt == 2:
                raise


@router.get("/personal")
def personal_keys(caller: CurrentCaller, state: State, session: DbSession) -> PersonalKeyList:
    answer = binding.list_personal(session, caller.account_id, state.settings.clock())
    session.rollback()
    return answer


def _change(caller: CurrentCaller, state: State, session: DbSession, request: PersonalKeyRequest | None,
            binding_id: int | None) -> PersonalKeyInfo:
    now = state.settings.clock()
    if request is not None:
        _spend_nonce(session, request.nonce, now)
    try:
        return binding.change_personal(session, caller.account_id, request, binding_id, state.trust, now)
    except binding.BindingError as exc:
        raise ApiError(exc.status, exc.code, exc.message, exc.message_en) from exc


@router.post("/personal")
def add_personal_key(request: PersonalKeyRequest, caller: CurrentCaller, state: State,
                     session: DbSession) -> PersonalKeyInfo:
    return _change(caller, state, session, request, None)


@router.post("/personal/{binding_id}/renew")
def renew_personal_key(binding_id: int, request: PersonalKeyRequest, caller: CurrentCaller, state: State,
                       session: DbSession) -> PersonalKeyInfo:
    return _change(caller, state, session, request, binding_id)


@router.post("/personal/{binding_id}/unbind")
def unbind_personal_key(binding_id: int, caller: CurrentCaller, state: State, session: DbSession) -> PersonalKeyInfo:
    return _change(caller, state, session, None, binding_id)
