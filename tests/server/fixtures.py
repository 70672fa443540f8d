"""Fixtures shared by the server and sync tests (imported into their conftest modules)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.config import TokenSettings
from desktop.demo.softhsm import Lab
from desktop.sync.client import ApiClient
from server_stub.app import create_app
from server_stub.settings import Settings
from tests.server.live import LiveServer, MovableClock, PostgresCluster, start_postgres, stop_postgres


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster for the session (initdb + pg_ctl in a tmp dir, Unix socket only)."""
    cluster = start_postgres()
    yield cluster
    stop_postgres(cluster)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'server.sqlite3'}"
        return
    cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
    url = cluster.create_database()
    yield url
    cluster.drop_database(url)


@pytest.fixture(scope="session")
def lab_certificates(softhsm_lab: Lab) -> tuple[bytes, ...]:
    """The lab certificates the demo seed binds (purchaser unit RSA, personal, supplier unit EC)."""
    return (softhsm_lab.token("unit_rsa").certificate("a001").der,
            softhsm_lab.token("unit_rsa").certificate("a002").der,
            softhsm_lab.token("unit_ec").certificate("b001").der)


@dataclass
class ServerUnderTest:
    live: LiveServer
    settings: Settings
    clock: MovableClock
    app: Any

    @property
    def url(self) -> str:
        return self.live.url

    def db_session(self) -> Any:
        return self.app.state.yucai.db.session()


MakeServer = Callable[..., ServerUnderTest]


@pytest.fixture
def make_server(softhsm_lab: Lab, lab_certificates: tuple[bytes, ...],
                tmp_path: Path) -> Iterator[MakeServer]:
    started: list[ServerUnderTest] = []

    def make(db_url: str, **overrides: Any) -> ServerUnderTest:
        clock = MovableClock()
        options: dict[str, Any] = {"demo": True, "trust_roots": (softhsm_lab.root_pem,),
                                   "demo_certificates": lab_certificates,
                                   "blob_dir": tmp_path / f"blobs{len(started)}", "clock": clock}
        settings = Settings(db_url=db_url, **{**options, **overrides})
        app = create_app(settings)
        server = ServerUnderTest(LiveServer(app).start(), settings, clock, app)
        started.append(server)
        return server

    yield make
    for server in started:
        server.live.stop()
        server.app.state.yucai.db.dispose()


ApiFor = Callable[[str], ApiClient]


@pytest.fixture
def api_for() -> Iterator[ApiFor]:
    """``api_for(url)``: an ApiClient over a fresh httpx.Client, closed after the test."""
    clients: list[httpx.Client] = []

    def make(url: str) -> ApiClient:
        clients.append(httpx.Client(base_url=url, timeout=10))
        return ApiClient(clients[-1])

    yield make
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def token_service(softhsm_lab: Lab) -> Iterator[Any]:
    from desktop.token.service import TokenService

    service = TokenService(TokenSettings(module_paths=(softhsm_lab.module,), search_known_locations=False))
    yield service
    service.close()


OpenKey = Callable[[str, str], Any]


@pytest.fixture
def open_key(softhsm_lab: Lab, token_service: Any) -> Iterator[OpenKey]:
    """Open a logged-in signing key: ``open_key("unit_rsa", "a001")``; closed after the test."""
    from desktop.token.pin import FixedPin

    opened: list[Any] = []

    def open_(token_name: str, key_id: str) -> Any:
        token = softhsm_lab.token(token_name)
        future: Future[Any] = token_service.open_signing_key(softhsm_lab.module, token.serial, key_id,
                                                             FixedPin(token.user_pin))
        key = future.result(timeout=60)
        opened.append(key)
        return key

    yield open_
    for key in opened:
        key.close()
