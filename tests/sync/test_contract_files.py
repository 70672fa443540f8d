"""Contract files and the commands that name them, against a real uvicorn server: files go up
(resumably, in chunks, with progress) before their command; a file not yet on the server holds
back its command and the ones after it; a file that can never go up refuses its command with a
reason; documents come down on demand and, after a pull, for contracts still to be signed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from desktop.domain.commands import AddContract, UpdateUnitContact
from desktop.domain.protocol import Change
from desktop.store import Store
from desktop.store.blobfiles import BlobFiles
from desktop.store.outbox import OutboxStatus
from desktop.sync.client import ApiClient
from desktop.sync.engine import Phase, SyncEngine, SyncProgress
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import MakeServer, ServerUnderTest
from tests.sync.proxy import CuttingProxy

pytestmark = pytest.mark.softhsm
CHUNK = 64 * 1024


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Client:
    store: Store
    http: httpx.Client
    api: ApiClient
    engine: SyncEngine

    def login(self, username: str) -> None:
        LoginService(self.api, None).login_with_password(username, DEMO_PASSWORD)

    def add_file(self, data: bytes) -> str:
        return self.engine.files.import_bytes(data, now()).sha256


@pytest.fixture
def server(make_server: MakeServer, tmp_path: Path) -> ServerUnderTest:
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[object]:
    made: list[Client] = []

    def make(url: str, name: str) -> Client:
        store = Store.open(tmp_path / name / "local.sqlite3")
        http = httpx.Client(base_url=url, timeout=5)
        api = ApiClient(http)
        engine = SyncEngine(api, store, page_size=50)
        engine.documents.chunk_size = CHUNK
        made.append(Client(store, http, api, engine))
        return made[-1]

    yield make
    for client in made:
        client.http.close()
        client.store.close()


def pdf_bytes(size: int, seed: str) -> bytes:
    body = hashlib.sha256(seed.encode()).digest() * (size // 32 + 1)
    return (b"%PDF-1.7\n" + body)[:size]


def add_contract(contract_id: str, sha: str) -> AddContract:
    return AddContract(contract_id=contract_id, lot_id="lot-none", title="测试合同", file_name="测试合同.pdf",
                       document_sha256=sha)


def test_a_file_cut_off_holds_back_its_command_and_the_ones_after(server: ServerUnderTest, make_client) -> None:
    proxy = CuttingProxy(server.live.port)
    try:
        client = make_client(proxy.url, "purchaser")
        client.login("zzmmj_jb")
        client.engine.sync()
        data = pdf_bytes(10 * CHUNK + 123, "big")
        sha = client.add_file(data)
        outbox = client.engine.outbox
        before = outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000011"), now())
        held = outbox.enqueue(add_contract("ct-held", sha), now())
        after = outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000012"), now())

        seen: list[SyncProgress] = []

        def progress(p: SyncProgress) -> None:
            seen.append(p)
            if p.phase is Phase.UPLOAD and p.done >= 3 * CHUNK // 1024 and not proxy.cuts:
                proxy.cut_next_response = True  # the network drops in the middle of the file

        with pytest.raises(SyncError) as info:
            client.engine.push(progress)
        assert info.value.kind is SyncErrorKind.OFFLINE and proxy.cuts == 1
        assert outbox.get(before.uuid).status is OutboxStatus.APPLIED  # type: ignore[union-attr]
        assert [e.envelope.uuid for e in outbox.pending()] == [held.uuid, after.uuid]  # order kept
        status = client.api.blob_status(sha)
        assert 0 < status.received < len(data) and not status.complete
        assert not client.engine.files.get(sha).uploaded  # type: ignore[union-attr]

        seen.clear()
        results = client.engine.push(progress)  # continues where the server is, then pushes both
        assert [r.uuid for r in results] == [held.uuid, after.uuid]
        uploads = [p for p in seen if p.phase is Phase.UPLOAD]
        first_push = next(i for i, p in enumerate(seen) if p.phase is Phase.PUSH)
        assert uploads and seen.index(uploads[-1]) < first_push  # the whole file before the command
        assert uploads[0].done >= status.received // 1024  # resumed, not restarted
        assert uploads[-1].done == uploads[-1].total == len(data) // 1024
        assert client.api.blob_status(sha).complete and client.engine.files.get(sha).uploaded  # type: ignore[union-attr]
        assert outbox.get(after.uuid).status is OutboxStatus.APPLIED  # type: ignore[union-attr]
        assert outbox.get(held.uuid).status in (OutboxStatus.APPLIED, OutboxStatus.REJECTED)  # type: ignore[union-attr]
    finally:
        proxy.close()


def test_a_missing_file_refuses_its_command_and_the_rest_go_on(server: ServerUnderTest, make_client) -> None:
    client = make_client(server.url, "purchaser")
    client.login("zzmmj_jb")
    sha = client.add_file(pdf_bytes(5000, "gone"))
    os.unlink(client.engine.files.path_for(sha))  # deleted behind the app's back
    damaged = client.add_file(pdf_bytes(5000, "damaged"))
    client.engine.files.path_for(damaged).write_bytes(pdf_bytes(5000, "other bytes"))
    outbox = client.engine.outbox
    lost = outbox.enqueue(add_contract("ct-lost", sha), now())
    broken = outbox.enqueue(add_contract("ct-broken", damaged), now())
    later = outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000013"), now())
    report = client.engine.sync()
    assert [r.uuid for r in report.rejected] == [lost.uuid, broken.uuid]
    assert [r.uuid for r in report.applied] == [later.uuid]
    reasons = {e.envelope.uuid: e.reason for e in outbox.rejected()}
    assert reasons[lost.uuid].code == "local_file_missing" and "找不到" in reasons[lost.uuid].message  # type: ignore[union-attr]
    assert reasons[broken.uuid].code == "local_file_corrupt"  # type: ignore[union-attr]
    assert client.api.me().username == "zzmmj_jb"


def test_a_file_the_server_refuses_refuses_its_command(server: ServerUnderTest, make_client) -> None:
    supplier = make_client(server.url, "supplier")
    supplier.login("zzbgsb_jb")
    purchaser = make_client(server.url, "purchaser")
    purchaser.login("zzmmj_jb")
    data = pdf_bytes(3000, "shared")
    sha = supplier.add_file(data)
    supplier.api.blob_announce(sha, len(data))  # another unit announced these bytes first
    purchaser.add_file(data)
    queued = purchaser.engine.outbox.enqueue(add_contract("ct-other", sha), now())
    report = purchaser.engine.sync()
    [refused] = report.rejected
    assert refused.uuid == queued.uuid and refused.reason is not None
    assert refused.reason.code == "blob_other_unit" and "其他单位" in refused.reason.message
    assert purchaser.api.me().username == "zzmmj_jb"  # a 403 about a file is not a lost session


def test_documents_download_on_demand_and_after_a_pull(server: ServerUnderTest, make_client) -> None:
    first = make_client(server.url, "first")
    first.login("zzmmj_jb")
    data = pdf_bytes(7 * CHUNK + 5, "contract")
    sha = first.add_file(data)
    first.engine.documents.upload(sha)

    second = make_client(server.url, "second")  # another computer of the same unit
    second.login("zzmmj_sh")
    files = second.engine.files
    partial = files.path_for(sha).with_name(files.path_for(sha).name + ".part")
    partial.parent.mkdir(parents=True)
    partial.write_bytes(data[:CHUNK])  # a download that broke off
    got: list[int] = []
    path = second.engine.documents.fetch(sha, lambda done, _total: got.append(done))
    assert path.read_bytes() == data and not partial.exists() and got[-1] == len(data) and got[0] > CHUNK
    assert files.get(sha).uploaded and files.local_path(sha) == path  # type: ignore[union-attr]
    assert second.engine.documents.fetch(sha) == path  # local now: no request

    third = make_client(server.url, "third")
    third.login("zzmmj_sh")
    cursor = third.engine.state.cursor
    record = {"lot_id": "lot-1", "project_name": "项目", "lot_name": "标段", "title": "合同",
              "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局", "supplier_unit_id": "ycsf",
              "supplier_name": "河南豫采示范科技有限公司", "supplier_credit_code": "91410100MA000000C0",
              "amount": "1.00", "state": "待签章", "file_name": "合同.pdf", "document_sha256": sha,
              "original_sha256": sha, "created_at": now().isoformat()}
    third.engine.records.apply_page([Change(1, "contract", "ct-1", record)], cursor)
    assert third.engine.prefetch_documents() == ["ct-1"]
    assert BlobFiles(third.store).local_path(sha) is not None
    assert third.engine.prefetch_documents() == []  # nothing left to fetch


def test_a_document_the_server_refuses_is_not_downloaded_on_every_sync(server: ServerUnderTest,
                                                                       make_client) -> None:
    client = make_client(server.url, "purchaser")
    client.login("zzmmj_sh")
    asked: list[str] = []
    client.http.event_hooks["request"].append(lambda request: asked.append(request.url.path))
    missing = "f" * 64  # named by a contract record, never uploaded
    record = {"lot_id": "lot-1", "project_name": "项目", "lot_name": "标段", "title": "合同",
              "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局", "supplier_unit_id": "ycsf",
              "supplier_name": "河南豫采示范科技有限公司", "supplier_credit_code": "91410100MA000000C0",
              "amount": "1.00", "state": "待签章", "file_name": "合同.pdf", "document_sha256": missing,
              "original_sha256": missing, "created_at": now().isoformat()}
    client.engine.records.apply_page([Change(1, "contract", "ct-9", record)], client.engine.state.cursor)
    tries = []
    for _sync in range(8):
        before = len(asked)
        assert client.engine.prefetch_documents() == []
        tries.append(len(asked) > before)
    assert tries == [True, False, False, True, False, False, False, False]  # then after 2, then 4 syncs
    with pytest.raises(SyncError) as info:  # 【查看】 still asks, and says why
        client.engine.documents.fetch(missing)
    assert info.value.kind is SyncErrorKind.REJECTED and info.value.message


def test_an_offline_fetch_says_so(server: ServerUnderTest, make_client) -> None:
    client = make_client(server.url, "purchaser")
    client.login("zzmmj_jb")
    server.live.stop()
    with pytest.raises(SyncError) as info:
        client.engine.documents.fetch("e" * 64)
    assert info.value.kind is SyncErrorKind.OFFLINE
    server.live.start()
    assert client.engine.prefetch_documents() == []
