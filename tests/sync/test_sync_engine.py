"""The sync engine against a real uvicorn server on 127.0.0.1, two client stores, SoftHSM keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from keyrings.alt.file import PlaintextKeyring

from desktop.domain.commands import AddOperator, RemoveOperator, UpdateUnitContact
from desktop.domain.protocol import CommandStatus
from desktop.store import Store
from desktop.store.models import RecordRow
from desktop.store.outbox import OutboxStatus
from desktop.sync.client import ApiClient
from desktop.sync.credentials import CredentialStore
from desktop.sync.engine import Backoff, ConnectionState, Phase, SyncEngine, SyncProgress
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD, PERSON2_ID_NUMBER
from tests.server.fixtures import MakeServer, OpenKey, ServerUnderTest
from tests.sync.proxy import CuttingProxy

pytestmark = pytest.mark.softhsm


@dataclass
class Client:
    """One desktop profile: its own store, httpx client, API, login and engine."""

    store: Store
    http: httpx.Client
    api: ApiClient
    login: LoginService
    engine: SyncEngine

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@pytest.fixture
def server(make_server: MakeServer, tmp_path: Path) -> ServerUnderTest:
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[object]:
    clients: list[Client] = []

    def make(url: str, name: str, keyring_file: Path | None = None, **engine_options: object) -> Client:
        store = Store.open(tmp_path / f"{name}.sqlite3")
        http = httpx.Client(base_url=url, timeout=5)
        api = ApiClient(http)
        credentials = None
        if keyring_file is not None:
            backend = PlaintextKeyring()
            backend.file_path = str(keyring_file)  # type: ignore[misc]
            credentials = CredentialStore(url, backend=backend)
        client = Client(store, http, api, LoginService(api, credentials),
                        SyncEngine(api, store, page_size=7, **engine_options))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.http.close()
        client.store.close()


def test_two_clients_converge(server: ServerUnderTest, make_client, open_key: OpenKey) -> None:
    handler = make_client(server.url, "handler")
    reviewer = make_client(server.url, "reviewer")
    for client, key_id in ((handler, "a001"), (reviewer, "a002")):  # purchaser unit key, then 张三's personal key
        key = open_key("unit_rsa", key_id)
        client.login.login_with_key(key)
        key.close()  # one login at a time on a token

    progress: list[SyncProgress] = []
    first = handler.engine.sync(progress.append)
    assert first.pulled > 30 and not first.full_resync and first.clock_warning is None
    assert {p.phase for p in progress} >= {Phase.META, Phase.PULL, Phase.CHECK}
    reviewer.engine.sync()

    handler.engine.outbox.enqueue(AddOperator(operator_id="op-ww", full_name="王五", id_number=PERSON2_ID_NUMBER),
                                  handler.now())
    assert handler.engine.status(ConnectionState.ONLINE).pending == 1
    report = handler.engine.sync()
    assert [r.status for r in report.applied] == [CommandStatus.APPLIED]
    assert report.changes.ids["operator"] == {"op-ww"}

    seen = reviewer.engine.sync()
    assert "op-ww" in seen.changes.ids["operator"]
    assert reviewer.engine.records.get("operator", "op-ww").data["name"] == "王五"  # type: ignore[union-attr]

    handler.engine.outbox.enqueue(RemoveOperator(operator_id="op-ww"), handler.now())
    handler.engine.sync()
    reviewer.engine.sync()
    assert reviewer.engine.records.get("operator", "op-ww") is None  # the tombstone arrived
    assert reviewer.engine.records.counts() == handler.engine.records.counts()


def test_rejected_command_is_kept_with_the_reason(server: ServerUnderTest, make_client) -> None:
    reviewer = make_client(server.url, "reviewer")
    reviewer.login.login_with_password("zzmmj_sh", DEMO_PASSWORD)
    reviewer.engine.outbox.enqueue(AddOperator(operator_id="op-r", full_name="赵六", id_number=PERSON2_ID_NUMBER),
                                   reviewer.now())
    report = reviewer.engine.sync()
    [result] = report.rejected
    assert result.reason is not None and "经办岗" in result.reason.message
    [entry] = reviewer.engine.outbox.rejected()
    assert entry.status is OutboxStatus.REJECTED and entry.reason == result.reason
    assert reviewer.engine.status(ConnectionState.ONLINE).rejected == 1


def test_offline_then_back(server: ServerUnderTest, make_client) -> None:
    client = make_client(server.url, "handler")
    client.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    client.engine.sync()
    server.live.stop()
    client.engine.outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000008"),
                                 client.now())
    with pytest.raises(SyncError) as info:
        client.engine.sync()
    assert info.value.kind is SyncErrorKind.OFFLINE and info.value.retryable
    assert "离线" in info.value.message
    assert client.engine.outbox.pending_count() == 1  # kept, not dropped

    server.live.start()  # same port
    report = client.engine.sync()
    assert len(report.applied) == 1 and client.engine.outbox.pending_count() == 0
    assert client.engine.records.get("unit", "mmj-zz").data["contact_phone"] == "0371-67000008"  # type: ignore[union-attr]


def test_exactly_once_when_the_answer_is_lost(server: ServerUnderTest, make_client) -> None:
    proxy = CuttingProxy(server.live.port)
    try:
        client = make_client(proxy.url, "handler")
        client.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
        client.engine.sync()
        command = AddOperator(operator_id="op-once", full_name="王五", id_number=PERSON2_ID_NUMBER)
        queued = client.engine.outbox.enqueue(command, client.now())
        revision_before = client.engine.api.meta().revision

        proxy.cut_next_response = True
        with pytest.raises(SyncError) as info:
            client.engine.push()
        assert info.value.kind is SyncErrorKind.OFFLINE and proxy.cuts == 1
        assert client.engine.outbox.pending_count() == 1  # the client does not know it was applied

        results = client.engine.push()  # the same UUID again
        assert results[0].uuid == queued.uuid and results[0].repeated
        assert results[0].status is CommandStatus.APPLIED
        assert client.engine.api.meta().revision == revision_before + 1  # applied once, not twice
        entry = client.engine.outbox.get(queued.uuid)
        assert entry is not None and entry.attempts == 2 and entry.status is OutboxStatus.APPLIED
        client.engine.sync()
        assert client.engine.records.get("operator", "op-once") is not None
    finally:
        proxy.close()


def test_count_mismatch_triggers_full_resync(server: ServerUnderTest, make_client) -> None:
    client = make_client(server.url, "handler")
    client.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    client.engine.sync()
    expected = client.engine.records.counts()
    with client.store.transaction() as session:  # local damage the cursor cannot see
        session.delete(session.get(RecordRow, ("region", "410100")))
        session.add(RecordRow(kind="unit", id="ghost", revision=1, data="{}"))
    report = client.engine.sync()
    assert report.full_resync and report.notes and "重新完整同步" in report.notes[0]
    assert client.engine.records.counts() == expected
    assert client.engine.records.get("unit", "ghost") is None

    client.engine.auto_full_resync = False
    with client.store.transaction() as session:
        session.delete(session.get(RecordRow, ("region", "410100")))
    with pytest.raises(SyncError) as info:
        client.engine.sync()
    assert info.value.code == "count_mismatch" and "region" in info.value.message


def test_clock_skew_warning(server: ServerUnderTest, make_client) -> None:
    client = make_client(server.url, "handler")
    client.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    assert client.engine.sync().clock_warning is None
    client.engine.clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=7)
    report = client.engine.sync()
    assert report.clock_warning is not None and "7 分钟" in report.clock_warning
    assert dt.timedelta(minutes=6) < report.clock_skew < dt.timedelta(minutes=8)


def test_session_in_keyring_restore_and_logout(server: ServerUnderTest, make_client, tmp_path: Path,
                                               open_key: OpenKey) -> None:
    keyring_file = tmp_path / "keyring.cfg"
    first = make_client(server.url, "one", keyring_file=keyring_file)
    grant = first.login.login_with_key(open_key("unit_ec", "b001"))  # supplier unit key (EC)
    assert keyring_file.exists() and grant.account.username == "hnycsf_jb"
    second = make_client(server.url, "two", keyring_file=keyring_file)
    assert second.login.restore(dt.datetime.now(dt.UTC))
    assert second.api.me().username == "hnycsf_jb"
    second.login.logout()
    assert not second.login.restore(dt.datetime.now(dt.UTC))
    with pytest.raises(SyncError) as info:
        first.api.me()  # revoked on the server
    assert info.value.kind is SyncErrorKind.AUTH


def test_default_plaintext_keyring_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    from desktop.sync.errors import CredentialsUnavailable

    monkeypatch.setattr(keyring, "get_keyring", lambda: PlaintextKeyring())
    with pytest.raises(CredentialsUnavailable):
        CredentialStore("http://127.0.0.1:1")


def test_backoff_grows_and_resets() -> None:
    import random

    backoff = Backoff(base=1, factor=2, maximum=10, jitter=0, rng=random.Random(1))
    assert [backoff.next_delay() for _ in range(6)] == [1, 2, 4, 8, 10, 10]
    backoff.reset()
    assert backoff.next_delay() == 1


def test_protocol_errors_from_a_broken_server() -> None:
    """Answers a correct server never sends (a gateway 502, a truncated body): MockTransport."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/meta":
            return httpx.Response(200, content=b'{"server_time": "2026-')
        return httpx.Response(502, content=b"Bad Gateway")

    with httpx.Client(transport=httpx.MockTransport(handler), base_url="http://server") as http:
        api = ApiClient(http, token="t")
        with pytest.raises(SyncError) as info:
            api.meta()
        assert info.value.kind is SyncErrorKind.PROTOCOL
        with pytest.raises(SyncError) as info:
            api.counts()
        assert info.value.kind is SyncErrorKind.OFFLINE
