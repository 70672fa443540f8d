"""Reliability with real processes: the server SIGKILLed during a push of 1,000 commands, a client
SIGKILLed in the middle of a pull, and broken answers (truncated body, 502 from a proxy) that must
leave the local database exactly as it was."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select, text

from desktop.domain.commands import AddOperator, UpdateUnitContact
from desktop.domain.protocol import CommandStatus
from desktop.store import Store
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD, PERSON2_ID_NUMBER
from server_stub.models import AppliedCommand, ServerState
from server_stub.services import registry
from tests.server.fixtures import MakeServer, ServerUnderTest

ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("YUCAI_RELIABILITY_SEED", random.randrange(1 << 30)))


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """``python -m server_stub`` as a real process on one port and one SQLite file; SIGKILL-able."""

    def __init__(self, db: Path, log: Path) -> None:
        self.db, self.log, self.port = db, log, _free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.kills = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with open(self.log, "ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "server_stub", "--db", f"sqlite:///{self.db}", "--port", str(self.port),
                 "--demo", "--blob-dir", str(self.db.parent / "blobs")],
                cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text(errors="replace")[-2000:]
            try:
                if httpx.get(f"{self.url}/meta", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)
            self.kills += 1

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture
def server_process(tmp_path: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(tmp_path / "server.sqlite3", tmp_path / "server.log")
    server.start()
    yield server
    server.stop()


def _client(tmp_path: Path, url: str, name: str, **options: Any) -> tuple[Store, httpx.Client, SyncEngine]:
    store = Store.open(tmp_path / f"{name}.sqlite3")
    http = httpx.Client(base_url=url, timeout=httpx.Timeout(10, connect=2))
    return store, http, SyncEngine(ApiClient(http), store, **options)


def test_server_sigkilled_during_a_push_of_1000_commands(server_process: ServerProcess, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    store, http, engine = _client(tmp_path, server_process.url, "client")
    try:
        LoginService(engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
        engine.sync()
        revision_before = engine.api.meta().revision
        queued = [engine.outbox.enqueue(AddOperator(operator_id=f"op-k-{n:04d}", full_name="压力测试",
                                                    id_number=PERSON2_ID_NUMBER), _now()).uuid
                  for n in range(1000)]
        partial_kills = 0
        for attempt in range(12):
            killer: threading.Timer | None = None
            if attempt < 4:  # kill at a random point of the push, a few times, then let it finish
                killer = threading.Timer(rng.uniform(0.05, 0.8), server_process.kill)
                killer.start()
            try:
                engine.push()
            except SyncError as exc:
                assert exc.kind is SyncErrorKind.OFFLINE, exc
                pending = engine.outbox.pending_count()
                partial_kills += 0 < pending < 1000
            if killer is not None:
                killer.join()
            if engine.outbox.pending_count() == 0:
                break
            if server_process.process is not None and server_process.process.poll() is not None:
                server_process.start()  # same port, same database file
        assert engine.outbox.pending_count() == 0, f"seed {SEED}"
        assert server_process.kills >= 1 and partial_kills >= 1, f"seed {SEED}: no kill landed mid-push"

        if server_process.process is None or server_process.process.poll() is not None:
            server_process.start()
        report = engine.sync()
        assert not report.rejected
        statuses = {engine.outbox.get(u).status.value for u in queued}  # type: ignore[union-attr]
        assert statuses == {"applied"}, f"seed {SEED}"
        # exactly once on the server: one answer row per UUID, one feed revision per command
        server_db = create_engine(f"sqlite:///{server_process.db}")
        with server_db.connect() as conn:
            rows = conn.execute(select(AppliedCommand.uuid, AppliedCommand.status)
                                .where(AppliedCommand.uuid.in_(queued))).all()
            revision = conn.execute(select(ServerState.revision)).scalar_one()
            operators = conn.execute(text("SELECT count(*) FROM operators WHERE id LIKE 'op-k-%'")).scalar_one()
        server_db.dispose()
        assert len(rows) == 1000 and {s for _u, s in rows} == {CommandStatus.APPLIED.value}
        assert operators == 1000
        assert revision - revision_before == 1000, f"seed {SEED}: some command was applied twice"
        assert len([r for r in engine.records.list("operator") if r.id.startswith("op-k-")]) == 1000
    finally:
        http.close()
        store.close()


CLIENT_SCRIPT = """
import sys, httpx
from pathlib import Path
from desktop.store import Store
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine
from desktop.sync.login import LoginService
url, db, password = sys.argv[1:4]
store = Store.open(Path(db))
http = httpx.Client(base_url=url, timeout=10)
engine = SyncEngine(ApiClient(http), store, page_size=5)
LoginService(engine.api, None).login_with_password("zzmmj_jb", password)
engine.pull(lambda p: print(p.done, flush=True))
print("done", flush=True)
"""


def _feed(url: str) -> dict[tuple[str, str], int]:
    api = ApiClient(httpx.Client(base_url=url, timeout=10))
    LoginService(api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    seen: dict[tuple[str, str], int] = {}
    cursor = 0
    while True:
        page = api.changes(cursor, 500)
        for change in page.changes:
            if change.data is None:
                seen.pop((change.kind, change.id), None)
            else:
                seen[(change.kind, change.id)] = change.revision
        cursor = page.next_cursor
        if not page.has_more:
            api.http.close()
            return seen


def test_client_sigkilled_mid_pull_resumes_without_duplicates_or_gaps(make_server: MakeServer,
                                                                      tmp_path: Path) -> None:
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    with server.db_session() as session:
        for n in range(1500):
            registry.add_operator(session, f"op-p-{n:04d}", "mmj-zz", "拉取测试", PERSON2_ID_NUMBER)
        session.commit()
    db = tmp_path / "client.sqlite3"
    Store.open(db).close()
    rng = random.Random(SEED)
    stop_after = rng.randrange(3, 60)  # pages applied before the kill
    client = subprocess.Popen([sys.executable, "-c", CLIENT_SCRIPT, server.url, str(db), DEMO_PASSWORD],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert client.stdout is not None
    for pages, line in enumerate(client.stdout, start=1):
        if pages >= stop_after or line.startswith("done"):
            break
    client.send_signal(signal.SIGKILL)
    client.wait(10)
    client.stdout.close()
    assert client.returncode == -signal.SIGKILL

    expected = _feed(server.url)
    store = Store.open(db)
    try:
        engine = SyncEngine(ApiClient(httpx.Client(base_url=server.url, timeout=10)), store, page_size=50)
        cursor = engine.state.cursor
        have = {(r.kind, r.id): r.revision for kind in {k for k, _ in expected}
                for r in engine.records.list(kind)}
        assert 0 < cursor < max(expected.values()), f"seed {SEED}: the kill did not land mid-pull"
        # no gap so far: every record at or below the cursor is there, nothing beyond it
        assert have == {k: r for k, r in expected.items() if r <= cursor}, f"seed {SEED}"
        LoginService(engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
        report = engine.sync()
        assert not report.full_resync  # the count check agrees without a resync
        final = {(r.kind, r.id): r.revision for kind in {k for k, _ in expected}
                 for r in engine.records.list(kind)}
        assert final == expected
        with store.reading() as session:
            total = session.execute(text("SELECT count(*), count(DISTINCT kind || '/' || id) FROM records")).one()
        assert total[0] == total[1] == len(expected)  # no duplicates
        engine.api.http.close()
    finally:
        store.close()


# --- answers a correct server never sends --------------------------------------------------------

Breaker = Callable[[httpx.Request, httpx.Response], httpx.Response]


def _truncate(_request: httpx.Request, response: httpx.Response) -> httpx.Response:
    body = response.content
    return httpx.Response(response.status_code, content=body[: len(body) // 2],
                          headers={"content-type": "application/json"})


def _gateway(_request: httpx.Request, _response: httpx.Response) -> httpx.Response:
    return httpx.Response(502, content=b"<html><body>502 Bad Gateway</body></html>",
                          headers={"content-type": "text/html"})


def _dump(store: Store) -> list[Any]:
    """Everything the sync may write, except the outbox's attempt counter (bookkeeping of tries)."""
    queries = ("SELECT * FROM records ORDER BY 1, 2", "SELECT * FROM sync_state ORDER BY 1",
               "SELECT seq, uuid, name, payload, status, reason_code, reason_message, finished_at, revision "
               "FROM outbox ORDER BY seq", "SELECT * FROM blobs ORDER BY 1")
    with store.reading() as session:
        return [session.execute(text(q)).all() for q in queries]


@pytest.mark.parametrize("path", ["/sync/push", "/sync/changes", "/sync/counts"])
@pytest.mark.parametrize("breaker", [_truncate, _gateway], ids=["truncated", "502"])
def test_broken_answer_leaves_the_local_database_unchanged(server: ServerUnderTest, tmp_path: Path, path: str,
                                                           breaker: Breaker) -> None:
    """The real server behind a MockTransport that breaks the answer to one path (a proxy's doing)."""
    upstream = httpx.Client(base_url=server.url, timeout=10)
    broken = {"on": False}

    def forward(request: httpx.Request) -> httpx.Response:
        answer = upstream.send(upstream.build_request(request.method, request.url.path, params=request.url.params,
                                                      headers={k: v for k, v in request.headers.items()
                                                               if k.lower() in ("authorization", "content-type")},
                                                      content=request.content))
        answer.read()
        if broken["on"] and request.url.path == path:
            return breaker(request, answer)
        return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)

    store = Store.open(tmp_path / "client.sqlite3")
    http = httpx.Client(transport=httpx.MockTransport(forward), base_url="http://proxy")
    try:
        engine = SyncEngine(ApiClient(http), store, page_size=5)
        LoginService(engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
        engine.sync()
        with server.db_session() as session:  # news on the server for the pull to bring
            registry.add_operator(session, "op-news", "mmj-zz", "新来的", PERSON2_ID_NUMBER)
            session.commit()
        engine.outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000077"), _now())
        if path != "/sync/push":
            engine.push()  # the push is not under test here: get it out of the way
        before = _dump(store)
        broken["on"] = True
        with pytest.raises(SyncError) as info:
            if path == "/sync/push":
                engine.push()
            elif path == "/sync/changes":
                engine.pull()
            else:
                engine.check_counts()
        expected_kind = SyncErrorKind.OFFLINE if breaker is _gateway else SyncErrorKind.PROTOCOL
        assert info.value.kind is expected_kind
        assert _dump(store) == before  # nothing half-applied, no cursor moved, no command marked
        broken["on"] = False
        engine.sync()
        assert engine.outbox.pending_count() == 0 and engine.records.get("operator", "op-news") is not None
    finally:
        http.close()
        upstream.close()
        store.close()


@pytest.fixture
def server(make_server: MakeServer, tmp_path: Path) -> ServerUnderTest:
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
