"""合同在线签订 in the local store: the contract and lot projections, list queries, provisional
rows, pending markers, the schema-3 upgrade, and the content-addressed file folder."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.commands import AddContract, SignContract, UpdateUnitContact
from desktop.domain.protocol import AccountInfo, Change, CommandResult, CommandStatus, RejectReason
from desktop.store import Store
from desktop.store.blobfiles import BlobFiles
from desktop.store.contracts import ContractFilter, Contracts, LotFilter, Lots
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.outbox import Outbox, OutboxStatus
from desktop.store.repositories import Blobs, Records, SyncState

DB_FIXTURES = Path(__file__).resolve().parent.parent / "data" / "db"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
BASE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
STATES = ("待签章", "采购人已确认", "供应商已确认", "已备案")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


def contract(i: int, **overrides: Any) -> dict[str, Any]:
    state = STATES[i % 4]
    data: dict[str, Any] = {
        "lot_id": f"lot-{i}", "project_name": f"办公设备采购项目{i % 10}", "lot_name": f"第{i % 3 + 1}标段",
        "title": f"采购合同{i}", "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局",
        "supplier_unit_id": f"s{i % 5}", "supplier_name": f"供应商{i % 5}有限公司",
        "supplier_credit_code": "91410100MA000000C0", "amount": "100.00", "state": state,
        "file_name": f"合同{i}.pdf", "document_sha256": hashlib.sha256(f"doc{i}".encode()).hexdigest(),
        "original_sha256": hashlib.sha256(f"orig{i}".encode()).hexdigest(),
        "created_at": (BASE + dt.timedelta(hours=i)).isoformat(),
        "purchaser_signed_at": (BASE + dt.timedelta(hours=i, minutes=5)).isoformat() if state != "待签章" else None,
        "supplier_signed_at": None, "filed_at": None}
    data.update(overrides)
    return data


def lot(i: int, published: bool = True, purchaser: str = "mmj-zz") -> dict[str, Any]:
    return {"project_id": f"p{i}", "project_code": f"ZZCG-{i:03d}", "project_name": f"项目{i}", "lot_no": str(i),
            "lot_name": f"标段{i}", "purchaser_unit_id": purchaser, "purchaser_name": "河南省郑州市某某局",
            "supplier_unit_id": "ycsf", "supplier_name": "河南豫采示范科技有限公司",
            "supplier_credit_code": "91410100MA000000C0", "amount": "1000.00",
            "result_published_at": (BASE + dt.timedelta(days=i)).isoformat() if published else None}


def load(store: Store, n: int) -> None:
    records = Records(store)
    changes = [Change(i + 1, "contract", f"c{i:04d}", contract(i)) for i in range(n)]
    records.apply_page(changes, cursor=n)


def test_saved_v2_database_builds_the_projections(tmp_path: Path) -> None:
    copy = tmp_path / "v2.sqlite"
    shutil.copy(DB_FIXTURES / "v2.sqlite", copy)
    store = Store.open(copy)
    try:
        assert store.schema_version == SCHEMA_VERSION >= 3
        [row] = Contracts(store).page()
        assert (row.id, row.state, row.title, row.supplier_name) == ("ct-1", "采购人已确认", "台式计算机采购合同",
                                                                     "河南豫采示范科技有限公司")
        assert row.created_at == dt.datetime(2026, 11, 18, 1, 30, tzinfo=dt.UTC)  # +08:00 normalised to UTC
        assert row.signed_at == dt.datetime(2026, 11, 19, 2, 0, tzinfo=dt.UTC) and not row.local
        assert row.pending == ()
        [found] = Lots(store).page(LotFilter(purchaser_unit_id="mmj-zz"))
        assert (found.id, found.project_code, found.contracts) == ("lot-1", "ZZCG-2026-001", 1)
        [sign] = Outbox(store).for_subject("ct-1")  # the subject was filled in from the payload
        assert sign.envelope.name == "sign_contract" and sign.status is OutboxStatus.APPLIED
        assert [e.envelope.name for e in Outbox(store).pending()] == ["update_unit_contact"]
        assert Contracts(store).documents_to_fetch(10) == []  # its document is a known blob
    finally:
        store.close()


def test_pull_projects_contracts_tombstones_and_resets(store: Store) -> None:
    load(store, 40)
    contracts, records = Contracts(store), Records(store)
    assert contracts.count() == 40
    records.apply_page([Change(41, "contract", "c0001", contract(1, state="供应商已确认",
                                                                 supplier_signed_at=NOW.isoformat())),
                        Change(42, "contract", "c0002", None),
                        Change(43, "contract", "bad", {"title": "缺少字段"})], cursor=43)
    row = contracts.get("c0001")
    assert row is not None and row.state == "供应商已确认" and row.signed_at == NOW
    assert contracts.get("c0002") is None and contracts.get("bad") is None
    assert records.get("contract", "bad") is not None  # kept for the count check, just not listed
    assert contracts.count() == 39
    records.reset()
    assert contracts.count() == 0


def test_filters_search_and_keyset_pages(store: Store) -> None:
    load(store, 250)
    contracts = Contracts(store, page_size=100)
    first = contracts.page()
    assert [r.id for r in first[:2]] == ["c0249", "c0248"]  # newest first
    second = contracts.page(after=first[-1].cursor)
    third = contracts.page(after=second[-1].cursor)
    ids = [r.id for r in first + second + third]
    assert len(ids) == 250 == len(set(ids)) and contracts.page(after=third[-1].cursor) == []

    filed = ContractFilter(state="已备案")
    assert contracts.count(filed) == 62 and all(r.state == "已备案" for r in contracts.page(filed))
    by_supplier = ContractFilter(supplier_unit_id="s3")
    assert contracts.count(by_supplier) == 50
    assert {r.supplier_name for r in contracts.page(by_supplier)} == {"供应商3有限公司"}
    window = ContractFilter(created_from=BASE + dt.timedelta(hours=10), created_before=BASE + dt.timedelta(hours=20))
    assert [r.id for r in contracts.page(window)] == [f"c{i:04d}" for i in range(19, 9, -1)]
    assert contracts.count(ContractFilter(search="采购合同12")) == 11  # 12, 120..129
    assert contracts.count(ContractFilter(search="  供应商4有限  ")) == 50
    combined = ContractFilter(state="待签章", supplier_unit_id="s0", search="项目0")
    assert [r.id for r in contracts.page(combined)] == [f"c{i:04d}" for i in range(240, -1, -20)]
    names = [(c.unit_id, c.name, c.contracts) for c in contracts.counterparties(suppliers=True)]
    assert names == [(f"s{i}", f"供应商{i}有限公司", 50) for i in range(5)]
    assert [c.name for c in contracts.counterparties(suppliers=False)] == ["河南省郑州市某某局"]


def test_provisional_rows_and_pending_markers(store: Store) -> None:
    records, contracts, lots, outbox = Records(store), Contracts(store), Lots(store), Outbox(store)
    records.apply_page([Change(1, "lot", "lot-1", lot(1)), Change(2, "lot", "lot-2", lot(2, published=False)),
                        Change(3, "lot", "lot-3", lot(3, purchaser="other")),
                        Change(4, "contract", "c-signed", contract(1, lot_id="lot-9"))], cursor=4)
    assert [x.id for x in lots.page(LotFilter(purchaser_unit_id="mmj-zz"))] == ["lot-1"]
    assert lots.count(LotFilter(purchaser_unit_id="mmj-zz", search="zzcg-001")) == 1
    chosen = lots.get("lot-1")
    assert chosen is not None and chosen.contracts == 0

    sha = "c" * 64
    add = AddContract(contract_id="c-new", lot_id="lot-1", title="新合同", file_name="新合同.pdf",
                      document_sha256=sha)
    envelope = outbox.enqueue(add, NOW)
    contracts.add_local("c-new", chosen, add.title, add.file_name, sha, NOW)
    sign = outbox.enqueue(SignContract(contract_id="c-signed", base_sha256="a" * 64, signed_sha256="b" * 64), NOW)
    outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000001"), NOW)
    new = contracts.get("c-new")
    assert new is not None and new.local and new.state == "待签章" and new.pending == ("add_contract",)
    assert new.supplier_name == "河南豫采示范科技有限公司" and new.created_at == NOW
    assert contracts.get("c-signed").pending == ("sign_contract",)  # type: ignore[union-attr]
    assert lots.get("lot-1").contracts == 1  # type: ignore[union-attr]
    assert lots.page(LotFilter(purchaser_unit_id="mmj-zz", without_contract=True)) == []

    # applied: still shown (provisional) until the pull brings the server's record
    outbox.record_results([CommandResult(sign.uuid, CommandStatus.APPLIED, revision=9)], NOW)
    assert contracts.get("c-signed").pending == ()  # type: ignore[union-attr]
    records.apply_page([Change(10, "contract", "c-new", contract(7, title="新合同"))], cursor=10)
    server_row = contracts.get("c-new")
    assert server_row is not None and not server_row.local and server_row.revision == 10

    # a refused addition takes its provisional row away with it
    again = outbox.enqueue(AddContract(contract_id="c-refused", lot_id="lot-1", title="被退回", file_name="x.pdf",
                                       document_sha256=sha), NOW)
    contracts.add_local("c-refused", chosen, "被退回", "x.pdf", sha, NOW)
    assert contracts.count() == 3
    outbox.record_results([CommandResult(again.uuid, CommandStatus.REJECTED,
                                         reason=RejectReason("lot_has_contract", "该标段已有合同"))], NOW)
    assert contracts.count() == 2 and contracts.get("c-refused") is None
    records.reset()  # a full resync keeps what only this computer knows
    assert [r.id for r in contracts.page()] == []
    assert envelope.uuid in {e.envelope.uuid for e in outbox.for_subject("c-new")}


def test_documents_to_fetch_are_unsigned_and_missing(store: Store, tmp_path: Path) -> None:
    load(store, 8)
    wanted = Contracts(store).documents_to_fetch(10)
    assert [cid for cid, _ in wanted] == ["c0005", "c0004", "c0001", "c0000"]  # 待签章 / 采购人已确认 only
    files = BlobFiles(store)
    first_sha = wanted[0][1]
    Blobs(store).add(first_sha, 3, str(files.path_for(first_sha)), NOW, uploaded=True)
    assert [cid for cid, _ in Contracts(store).documents_to_fetch(2)] == ["c0004", "c0001"]


def test_blob_files_are_content_addressed_and_atomic(store: Store, tmp_path: Path) -> None:
    files = BlobFiles(store)
    source = tmp_path / "合同.pdf"
    source.write_bytes(b"%PDF-1.7\n" + b"x" * 1000)
    sha = hashlib.sha256(source.read_bytes()).hexdigest()
    blob = files.import_file(source, NOW)
    assert blob.sha256 == sha and not blob.uploaded and source.is_file()
    assert files.local_path(sha) == files.path_for(sha) == Path(blob.path)
    assert files.import_bytes(source.read_bytes(), NOW).path == blob.path  # idempotent
    assert [b.sha256 for b in Blobs(store).not_uploaded()] == [sha]

    staged = files.staging_path()
    assert staged.parent.is_dir() and not staged.exists()
    staged.write_bytes(b"%PDF-1.7 signed")
    adopted = files.adopt(staged, NOW, expected_sha256=hashlib.sha256(b"%PDF-1.7 signed").hexdigest())
    assert not staged.exists() and Path(adopted.path).read_bytes() == b"%PDF-1.7 signed"
    other = files.staging_path()
    other.write_bytes(b"changed")
    with pytest.raises(Exception, match="改动"):
        files.adopt(other, NOW, expected_sha256="0" * 64)

    Path(blob.path).write_bytes(b"short")  # a damaged file is not offered as the document
    assert files.local_path(sha) is None
    leftovers = [p for p in files.folder.rglob("*.part")]
    assert leftovers == []


def test_the_last_account_is_remembered_for_offline_work(store: Store) -> None:
    state = SyncState(store)
    assert state.account is None
    account = AccountInfo(account_id="acc-ycsf-jb", username="hnycsf_jb", unit_id="ycsf",
                          unit_name="河南豫采示范科技有限公司", credit_code="91410100MA000000C0",
                          user_type="供应商", post="经办岗", operator_name="李四")
    state.remember_account(account)
    assert SyncState(store).account == account
    state.remember_account(None)
    assert state.account is None
