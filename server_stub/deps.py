"""What every route needs: the app's state and the caller's session (FastAPI dependencies)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Header, Request
from sqlalchemy.orm import Session

from server_stub.auth import AuthRefused, session_account
from server_stub.certificates import TrustStore
from server_stub.db import Database
from server_stub.settings import Settings


class ApiError(Exception):
    """An answer the server means to give: status, stable code, Chinese and English message."""

    def __init__(self, status: int, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


@dataclass
class AppState:
    settings: Settings
    db: Database
    trust: TrustStore


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.yucai
    return state


State = Annotated[AppState, Depends(app_state)]


def db_session(state: State) -> Iterator[Session]:
    with state.db.session() as session:
        yield session


DbSession = Annotated[Session, Depends(db_session)]


@dataclass(frozen=True)
class Caller:
    account_id: str
    unit_id: str
    token: str


def bearer_token(authorization: Annotated[str | None, Header()] = None) -> str:
    if not authorization or not authorization.startswith("Bearer "):
        raise AuthRefused("session_missing", "请先登录", "not logged in")
    return authorization[len("Bearer "):].strip()


def current_caller(state: State, session: DbSession, token: Annotated[str, Depends(bearer_token)]) -> Caller:
    account = session_account(session, token, state.settings.clock())
    caller = Caller(account_id=account.id, unit_id=account.unit_id, token=token)
    session.rollback()
    return caller


CurrentCaller = Annotated[Caller, Depends(current_caller)]
