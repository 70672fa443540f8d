"""FastAPI app factory: no module-level app state.

``create_app(settings)`` opens the database, upgrades it with Alembic, seeds the demo data when
asked, and mounts the routes. Request logs name the method, path, status and duration only:
never headers (the bearer token), bodies (passwords, signatures) or query strings.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from desktop.domain.protocol import ErrorBody, to_json
from server_stub import demo
from server_stub.auth import AuthRefused
from server_stub.certificates import TrustStore
from server_stub.db import Database, migrate
from server_stub.deps import ApiError, AppState
from server_stub.routes import auth, binding, blobs, meta, sync, trading
from server_stub.services import bridge, plans, workers
from server_stub.settings import Settings

__all__ = ["Settings", "create_app"]

log = logging.getLogger("server_stub.requests")


def _error(status: int, code: str, message: str, message_en: str) -> JSONResponse:
    return JSONResponse(status_code=status, content=to_json(ErrorBody(code, message, message_en)))


def create_app(settings: Settings) -> FastAPI:
    db = Database(settings.db_url)
    migrate(db.engine)
    with db.session() as session:
        plans.publish_reference_data(session)  # 分散采购限额 and 品目 into the feed (issue 7)
    if settings.demo:
        with db.session() as session:
            demo.seed(session, settings.demo_certificates, settings.clock())
    state = AppState(settings=settings, db=db, trust=TrustStore.from_pem_files(settings.trust_roots))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        worker = bridge.BridgeWorker(db, settings).start() if settings.bridge_poll_seconds else None  # 互认互通
        overdue = (workers.PeriodicWorker("overdue-flags", settings.overdue_poll_seconds,
                                          lambda: workers.overdue_flags(db, settings)).start()
                   if settings.overdue_poll_seconds else None)  # 加入申请 deadlines (issue 7)
        yield
        for running in (worker, overdue):
            if running is not None:
                running.stop()
        db.dispose()

    app = FastAPI(lifespan=lifespan, title="豫采桌面中心服务 (Yucai server)", version="0.1.0",
                  responses={400: {"model": ErrorBody}, 401: {"model": ErrorBody}, 403: {"model": ErrorBody}})
    app.state.yucai = state
    for module in (meta, auth, binding, sync, blobs, trading):
        app.include_router(module.router)

    @app.exception_handler(ApiError)
    def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.message_en)

    @app.exception_handler(AuthRefused)
    def _auth_refused(_request: Request, exc: AuthRefused) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.message_en)

    @app.exception_handler(RequestValidationError)
    def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(422, "request_invalid", f"请求格式错误：{where}", f"invalid request at {where}")

    @app.middleware("http")
    async def _log_requests(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        log.info("%s %s -> %d (%.1f ms)", request.method, request.url.path, response.status_code,
                 (time.perf_counter() - started) * 1000)
        return response

    return app
