"""The simulated 公共资源交易系统's own endpoints (互认互通; issue 7), for the trading centre's operator.

The procurement side talks to the trading system through :mod:`server_stub.services.bridge` (push
plans and announcements, collect lots and shortlisted suppliers). These endpoints are the trading
centre's desk: list the projects it received, 项目受理 of a project held for the operator (with its
lots), and the shortlisted suppliers after an evaluation held for the operator
(``Settings.trading_faults.hold``). Only accounts of a 公共资源交易中心 unit may use them.
"""

from __future__ import annotations

from fastapi import APIRouter

from desktop.domain.roles import UnitKind
from server_stub.deps import ApiError, CurrentCaller, DbSession, State
from server_stub.models import Account, Unit
from server_stub.services.trading_sim import (
    TradingAcceptRequest,
    TradingProjectInfo,
    TradingRefused,
    TradingShortlistRequest,
    TradingSimulator,
    TradingUnavailable,
)

router = APIRouter(prefix="/trading", tags=["trading"])


def _desk(caller: CurrentCaller, state: State, session: DbSession) -> TradingSimulator:
    account = session.get(Account, caller.account_id)
    unit = session.get(Unit, account.unit_id) if account is not None else None
    session.rollback()
    if unit is None or unit.kind != UnitKind.TRADING_CENTER.value:
        raise ApiError(403, "not_trading_centre",
                       "只有公共资源交易中心的账号可以办理交易系统的项目受理和入围供应商推送",
                       "only trading-centre accounts")
    return TradingSimulator(state.db.session, state.settings.trading_faults, state.settings.clock)


def _refused(exc: TradingRefused) -> ApiError:
    status = 404 if exc.code == "trading_project_unknown" else 409
    return ApiError(status, exc.code, exc.message, exc.message_en)


@router.get("/projects")
def projects(caller: CurrentCaller, state: State, session: DbSession) -> list[TradingProjectInfo]:
    return _desk(caller, state, session).projects()


@router.get("/projects/{plan_number}")
def project(plan_number: str, caller: CurrentCaller, state: State, session: DbSession) -> TradingProjectInfo:
    try:
        return _desk(caller, state, session).project(plan_number)
    except TradingRefused as exc:
        raise _refused(exc) from exc


@router.post("/projects/{plan_number}/accept")
def accept(plan_number: str, request: TradingAcceptRequest, caller: CurrentCaller, state: State,
           session: DbSession) -> TradingProjectInfo:
    """项目受理 with the lots (分包): they go back to the procurement system on the bridge's next pass."""
    try:
        return _desk(caller, state, session).accept(plan_number, request.lots)
    except TradingRefused as exc:
        raise _refused(exc) from exc
    except TradingUnavailable as exc:  # pragma: no cover - the desk itself never injects faults
        raise ApiError(503, "trading_unavailable", exc.reason, "trading system unavailable") from exc


@router.post("/projects/{plan_number}/shortlist")
def shortlist(plan_number: str, request: TradingShortlistRequest, caller: CurrentCaller, state: State,
              session: DbSession) -> TradingProjectInfo:
    """The shortlisted suppliers (credit codes checked): pushed to the procurement system next."""
    try:
        return _desk(caller, state, session).shortlist(plan_number, request.suppliers)
    except TradingRefused as exc:
        raise _refused(exc) from exc
