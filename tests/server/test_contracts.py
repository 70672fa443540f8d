"""合同在线签订 on the server (seed manual §二; issue 6), against the real uvicorn server on SQLite and
PostgreSQL, with the purchaser's and the supplier's unit keys on SoftHSM (bound to the demo accounts)
signing through desktop.signing: the whole flow, every refusal, filing and its notice, who sees
what (feed and counts), who may download the PDFs, and two signatures racing for one document."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.demo.softhsm import Lab
from desktop.domain.commands import AddContract, DeleteContract, FileContract, ReplaceContractDocument, SignContract
from desktop.domain.contract_records import ContractNoticeRecord, ContractRecord, LotRecord
from desktop.domain.protocol import CommandResult, CommandStatus, RecordKind, from_json
from desktop.domain.workflow.contract import ContractState
from desktop.sync.login import LoginService
from server_stub.db import make_engine, migrate
from server_stub.demo import DEMO_PASSWORD, PURCHASER_CREDIT_CODE, SUPPLIER_CREDIT_CODE
from server_stub.models import CertificateBinding, FeedCount, FeedRecord
from server_stub.models import OnlineContract as ContractRow
from server_stub.services import contracts, feed
from tests.conftest import LabCA
from tests.server.contract_helpers import (
    Party,
    applied,
    contract_pdf,
    encrypted_pdf,
    flip,
    lab_key,
    nss_trusting,
    refused,
    sha,
    sign,
    sign_changing_content,
)
from tests.server.fixtures import ApiFor, MakeServer, OpenKey, ServerUnderTest
from tests.signing.pdfsig import signed_entries
from tests.signing.pki import SoftPki

pytestmark = pytest.mark.softhsm

LOT = "lot-mmj-2026-001-1"  # 郑州市某某局 → 河南豫采示范科技有限公司 (ycsf)
LOT2 = "lot-mmj-2026-002-1"  # same parties
BGSB_LOT = "lot-mmj-2026-001-2"  # 郑州市某某局 → 郑州某某办公设备有限公司 (bgsb)
UNPUBLISHED_LOT = "lot-mmj-2026-003-1"
PDF_LIMIT = 100_000


@dataclass
class World:
    server: ServerUnderTest
    purchaser: Party  # zzmmj_jb, 采购人·经办岗 of mmj-zz (its unit key a001 is bound to it)
    reviewer: Party  # zzmmj_sh, 采购人·审核岗 of mmj-zz
    supplier: Party  # hnycsf_jb, 供应商·经办岗 of ycsf, logged in with its unit key b001 (CA only)
    other_supplier: Party  # zzbgsb_jb, a supplier that is no party
    outsider: Party  # zzjyj_jb, a purchaser of another unit
    purchaser_key: Any
    supplier_key: Any
    spare_key: Any  # a lab certificate nobody bound (the client refuses a certificate signing twice)
    folder: Path

    def add(self, contract_id: str, lot: str = LOT, label: str | None = None) -> tuple[str, bytes]:
        """添加 a contract (upload + push) as the purchaser; returns (document sha, bytes)."""
        data = contract_pdf(label or contract_id)
        digest = self.purchaser.upload(data)
        applied(self.purchaser.push_one(AddContract(contract_id, lot, f"{contract_id} 采购合同", "合同.pdf", digest)))
        return digest, data

    def sign_as(self, party: Party, key: Any, contract_id: str, base: bytes, at: tuple[float, float] = (300, 200)
                ) -> tuple[CommandResult, bytes]:
        signed = sign(key, base, self.folder, at)
        party.upload(signed)
        return party.push_one(SignContract(contract_id, sha(base), sha(signed))), signed


def _login(api_for: ApiFor, url: str, name: str, username: str) -> Party:
    api = api_for(url)
    LoginService(api, None).login_with_password(username, DEMO_PASSWORD)
    return Party(name, api, url)


@pytest.fixture
def world(db_url: str, make_server: MakeServer, api_for: ApiFor, open_key: OpenKey, lab_ca: LabCA,
          tmp_path: Path) -> World:
    server = make_server(db_url, contract_pdf_max_bytes=PDF_LIMIT)
    supplier_key = open_key("unit_ec", "b001")
    supplier_api = api_for(server.url)
    LoginService(supplier_api, None).login_with_key(supplier_key)
    return World(server=server,
                 purchaser=_login(api_for, server.url, "purchaser", "zzmmj_jb"),
                 reviewer=_login(api_for, server.url, "reviewer", "zzmmj_sh"),
                 supplier=Party("supplier", supplier_api, server.url),
                 other_supplier=_login(api_for, server.url, "other supplier", "zzbgsb_jb"),
                 outsider=_login(api_for, server.url, "outsider", "zzjyj_jb"),
                 purchaser_key=open_key("unit_rsa", "a001"), supplier_key=supplier_key,
                 spare_key=lab_key(lab_ca.ca, "备用证书", SUPPLIER_CREDIT_CODE, "河南某某科技有限公司"),
                 folder=tmp_path)


@pytest.fixture(scope="module")
def nss_db(softhsm_lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> str:
    return nss_trusting(softhsm_lab.root_pem, tmp_path_factory.mktemp("nss"))


def _row(world: World, contract_id: str) -> ContractRow:
    with world.server.db_session() as session:
        row = session.get(ContractRow, contract_id)
        assert row is not None
        session.expunge(row)
        return row


def _assert_counts_match(party: Party) -> None:
    """The count check the client runs: per kind, the server's count of what this caller sees."""
    seen: dict[str, int] = {}
    for (kind, _id), data in party.pull().items():
        if data is not None:
            seen[kind] = seen.get(kind, 0) + 1
    assert party.counts() == seen, party.name


# --- the whole flow ------------------------------------------------------------------------------

def test_lots_are_offered_to_their_parties_only(world: World) -> None:
    lots = {rid: from_json(LotRecord, data) for rid, data in world.purchaser.live(RecordKind.LOT).items()}
    assert set(lots) == {LOT, LOT2, BGSB_LOT}  # the unpublished lot stays off the feed
    assert all(lot.result_published for lot in lots.values())
    first = lots[LOT]
    assert (first.purchaser_name, first.supplier_name) == ("河南省郑州市某某局", "河南豫采示范科技有限公司")
    assert first.amount == "386000.00"
    assert first.supplier_credit_code == "91410100MA000000C0"
    assert set(world.supplier.live(RecordKind.LOT)) == {LOT, LOT2}
    assert set(world.other_supplier.live(RecordKind.LOT)) == {BGSB_LOT}
    assert world.outsider.live(RecordKind.LOT) == {}
    for party in (world.purchaser, world.supplier, world.other_supplier, world.outsider):
        _assert_counts_match(party)


def test_sign_sign_file(world: World, nss_db: str) -> None:
    purchaser, supplier = world.purchaser, world.supplier
    original, data = world.add("HT-1")

    # 待签章: the purchaser sees it, nobody else (not even the supplier, manual 2.2 步骤三)
    record = from_json(ContractRecord, purchaser.live(RecordKind.CONTRACT)["HT-1"])
    assert record.state == ContractState.AWAITING_SIGNATURES.value
    assert (record.document_sha256, record.original_sha256, record.file_name) == (original, original, "合同.pdf")
    assert (record.project_name, record.lot_name) == ("郑州市某某局办公设备采购项目", "台式计算机及显示器")
    assert record.amount == "386000.00"
    for other in (supplier, world.other_supplier, world.outsider):
        assert "HT-1" not in other.live(RecordKind.CONTRACT)
        _assert_counts_match(other)
    _assert_counts_match(purchaser)

    # 2.2 the purchaser signs with its unit key: 采购人已确认, and now the supplier sees it
    result, first = world.sign_as(purchaser, world.purchaser_key, "HT-1", data, at=(150, 150))
    applied(result)
    record = from_json(ContractRecord, purchaser.live(RecordKind.CONTRACT)["HT-1"])
    assert record.state == ContractState.PURCHASER_CONFIRMED.value and record.document_sha256 == sha(first)
    assert record.original_sha256 == original and record.purchaser_signed_at is not None
    assert abs(record.purchaser_signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=2)
    seen = from_json(ContractRecord, supplier.live(RecordKind.CONTRACT)["HT-1"])
    assert seen == record
    for party in (purchaser, supplier, world.other_supplier, world.outsider):
        _assert_counts_match(party)
    assert "HT-1" not in world.other_supplier.live(RecordKind.CONTRACT)

    # the supplier downloads what it signs (the purchaser-signed file), signs offline, uploads
    assert supplier.get(f"/blobs/{sha(first)}").content == first
    result, both = world.sign_as(supplier, world.supplier_key, "HT-1", first, at=(450, 150))
    applied(result)
    record = from_json(ContractRecord, supplier.live(RecordKind.CONTRACT)["HT-1"])
    assert record.state == ContractState.SUPPLIER_CONFIRMED.value and record.document_sha256 == sha(both)
    assert record.supplier_signed_at is not None
    row = _row(world, "HT-1")
    assert row.purchaser_signed_sha256 == sha(first) and row.supplier_signed_sha256 == sha(both)
    assert row.purchaser_signed_by == "acc-mmj-jb" and row.supplier_signed_by == "acc-ycsf-jb"
    assert row.purchaser_certificate_sha256 == sha(world.purchaser_key.certificate)
    assert row.supplier_certificate_sha256 == sha(world.supplier_key.certificate)

    # 2.4 合同备案: the doubly signed PDF is the locked main document; a 合同公告 for everyone
    refused(supplier.push_one(FileContract("HT-1")), "not_contract_purchaser")
    refused(world.reviewer.push_one(FileContract("HT-1")), "post_not_handler")
    applied(purchaser.push_one(FileContract("HT-1")))
    record = from_json(ContractRecord, purchaser.live(RecordKind.CONTRACT)["HT-1"])
    assert record.state == ContractState.FILED.value and record.filed_at is not None
    assert record.document_sha256 == sha(both)
    for party in (purchaser, supplier, world.other_supplier, world.outsider):
        notice = from_json(ContractNoticeRecord, party.live(RecordKind.CONTRACT_NOTICE)["HT-1"])
        assert notice.contract_id == "HT-1" and notice.document_sha256 == sha(both)
        assert notice.title == "郑州市某某局办公设备采购项目（台式计算机及显示器）合同公告"
        assert notice.supplier_name == "河南豫采示范科技有限公司" and notice.amount == "386000.00"
        _assert_counts_match(party)
    assert "HT-1" not in world.outsider.live(RecordKind.CONTRACT)

    # locked: no replacing, no deleting, no filing or signing again
    again = contract_pdf("HT-1 v2")
    message = refused(purchaser.push_one(ReplaceContractDocument("HT-1", "合同.pdf", purchaser.upload(again))),
                      "main_document_locked")
    assert "不允许修改" in message
    refused(purchaser.push_one(DeleteContract("HT-1")), "main_document_locked")
    refused(purchaser.push_one(FileContract("HT-1")), "already_filed")
    result, _ = world.sign_as(supplier, world.spare_key, "HT-1", both)
    refused(result, "already_signed")

    # the final file, checked independently by poppler: two valid, trusted signatures
    final = world.folder / "final.pdf"
    final.write_bytes(purchaser.get(f"/blobs/{sha(both)}").content)
    assert final.read_bytes() == both
    entries = signed_entries(final, nss_db)
    assert len(entries) == 2
    assert all(e.valid and e.trusted for e in entries.values()), entries
    assert sorted(e.total_document_signed for e in entries.values()) == [False, True]


# --- refusals -------------------------------------------------------------------------------------

def test_add_contract_refusals(world: World) -> None:
    purchaser = world.purchaser
    good = purchaser.upload(contract_pdf("good"))

    def add(party: Party, contract_id: str, lot: str, digest: str) -> CommandResult:
        return party.push_one(AddContract(contract_id, lot, "采购合同", "合同.pdf", digest))

    refused(add(purchaser, "A-1", "no-such-lot", good), "lot_unknown")
    assert "发布过结果公告" in refused(add(purchaser, "A-1", UNPUBLISHED_LOT, good), "lot_result_not_published")
    refused(add(world.reviewer, "A-1", LOT, world.reviewer.upload(contract_pdf("rev"))), "post_not_handler")
    refused(add(world.supplier, "A-1", LOT, world.supplier.upload(contract_pdf("sup"))), "not_contract_purchaser")
    refused(add(world.outsider, "A-1", LOT, world.outsider.upload(contract_pdf("out"))), "not_contract_purchaser")

    # the PDF: on the server, uploaded by this unit, a real unencrypted unsigned PDF, not too large
    missing = sha(b"never uploaded")
    assert "上传" in refused(add(purchaser, "A-1", LOT, missing), "document_missing")
    refused(add(purchaser, "A-1", LOT, world.outsider.upload(contract_pdf("outsider's"))), "document_missing")
    refused(add(purchaser, "A-1", LOT, purchaser.upload(b"PK\x03\x04 a zip, not a pdf")), "pdf_invalid")
    refused(add(purchaser, "A-1", LOT, purchaser.upload(b"%PDF-1.7\n garbage garbage\n%%EOF\n")), "pdf_invalid")
    assert "未加密" in refused(add(purchaser, "A-1", LOT, purchaser.upload(encrypted_pdf())), "pdf_encrypted")
    big = contract_pdf("big") + b"%" + b"x" * PDF_LIMIT + b"\n"
    assert "MB" in refused(add(purchaser, "A-1", LOT, purchaser.upload(big)), "pdf_too_large")
    already = sign(world.purchaser_key, contract_pdf("pre-signed"), world.folder)
    refused(add(purchaser, "A-1", LOT, purchaser.upload(already)), "pdf_already_signed")
    assert world.purchaser.live(RecordKind.CONTRACT) == {}

    applied(add(purchaser, "A-1", LOT, good))
    refused(add(purchaser, "A-1", LOT2, good), "contract_exists")
    refused(add(purchaser, "A-2", LOT, good), "lot_has_contract")
    _assert_counts_match(purchaser)


def test_sign_refusals(world: World, lab_ca: LabCA, open_key: OpenKey) -> None:
    purchaser, supplier = world.purchaser, world.supplier
    original, data = world.add("S-1")

    # wrong order, wrong post, strangers
    result, _ = world.sign_as(supplier, world.supplier_key, "S-1", data)
    assert "采购人签章后" in refused(result, "purchaser_not_signed")
    result, _ = world.sign_as(world.reviewer, world.purchaser_key, "S-1", data)
    refused(result, "post_not_handler")
    result, _ = world.sign_as(world.outsider, world.purchaser_key, "S-1", data)
    refused(result, "contract_unknown")

    # the command must name the current document and an uploaded signed file
    signed = sign(world.purchaser_key, data, world.folder)
    refused(purchaser.push_one(SignContract("S-1", sha(b"old version"), sha(signed))), "base_outdated")
    refused(purchaser.push_one(SignContract("S-1", original, sha(signed))), "document_missing")

    # the wrong key: the supplier's unit key, a personal key, a key nobody bound, a foreign CA, an expired one
    result, _ = world.sign_as(purchaser, world.supplier_key, "S-1", data)
    message = refused(result, "signer_wrong_unit")
    assert "河南省郑州市某某局" in message and "CA 锁" in message
    world.purchaser_key.close()  # one login per token: 张三's personal key is on the purchaser's token
    personal = open_key("unit_rsa", "a002")
    result, _ = world.sign_as(purchaser, personal, "S-1", data)
    assert "单位 CA 锁" in refused(result, "signer_personal_key")
    personal.close()
    world.purchaser_key = open_key("unit_rsa", "a001")
    unbound = lab_key(lab_ca.ca, "未绑定的单位证书", PURCHASER_CREDIT_CODE, "郑州市某某局")
    result, _ = world.sign_as(purchaser, unbound, "S-1", data)
    assert "CA 自助绑定" in refused(result, "signer_not_bound")
    stranger = SoftPki.create("Foreign").key("郑州市某某局", "郑州市某某局", credit_code=PURCHASER_CREDIT_CODE)
    result, _ = world.sign_as(purchaser, stranger, "S-1", data)
    refused(result, "signer_certificate_untrusted")
    expired = lab_key(lab_ca.ca, "过期的单位证书", PURCHASER_CREDIT_CODE, "郑州市某某局",
                      not_before=dt.timedelta(days=-400), not_after=dt.timedelta(days=-3))
    _bind(world.server, expired, "acc-mmj-sh")  # bound, so only its expiry is wrong
    result, _ = world.sign_as(purchaser, expired, "S-1", data)
    assert "已过期" in refused(result, "signer_certificate_expired")

    # the wrong file: not made from the current document, two seals at once, tampered, data appended,
    # content changed while sealing
    result, _ = world.sign_as(purchaser, world.purchaser_key, "S-1", contract_pdf("another contract"))
    refused(result, "base_outdated")
    other = sign(world.purchaser_key, contract_pdf("another contract"), world.folder)
    purchaser.upload(other)
    assert "重新签章" in refused(purchaser.push_one(SignContract("S-1", original, sha(other))),
                                 "signed_pdf_not_incremental")
    twice = sign(unbound, sign(world.purchaser_key, data, world.folder), world.folder, at=(450, 150))
    purchaser.upload(twice)
    refused(purchaser.push_one(SignContract("S-1", original, sha(twice))), "signed_pdf_two_signatures")
    covered = _covered_position(signed, len(data))
    tampered = flip(signed, covered)
    purchaser.upload(tampered)
    assert "篡改" in refused(purchaser.push_one(SignContract("S-1", original, sha(tampered))), "signed_pdf_tampered")
    appended = signed + b"\n% appended after signing\n"
    purchaser.upload(appended)
    refused(purchaser.push_one(SignContract("S-1", original, sha(appended))), "signed_pdf_unsigned_data")
    changed = sign_changing_content(unbound, data)
    purchaser.upload(changed)
    assert "不能修改" in refused(purchaser.push_one(SignContract("S-1", original, sha(changed))),
                                "signed_pdf_content_changed")
    purchaser.upload(data)
    refused(purchaser.push_one(SignContract("S-1", original, sha(b"x"))), "document_missing")

    # nothing of that changed the contract
    assert _row(world, "S-1").state == ContractState.AWAITING_SIGNATURES.value

    # a clock far behind the signature: refused; then the real signature is accepted
    world.server.clock.offset = -dt.timedelta(hours=2)
    try:
        result, first = world.sign_as(purchaser, world.purchaser_key, "S-1", data)
        refused(result, "signing_time_in_future")
    finally:
        world.server.clock.offset = dt.timedelta(0)
    purchaser.upload(first)
    applied(purchaser.push_one(SignContract("S-1", original, sha(first))))

    # each party signs once, in order; no replacing or deleting a signed contract
    result, _ = world.sign_as(purchaser, world.spare_key, "S-1", first, at=(450, 400))
    assert "只能签章一次" in refused(result, "already_signed")
    result, _ = world.sign_as(supplier, unbound, "S-1", first)  # a purchaser's certificate
    refused(result, "signer_wrong_unit")
    result, _ = world.sign_as(supplier, world.supplier_key, "S-1", data)  # from the unsigned original
    refused(result, "base_outdated")
    refused(purchaser.push_one(ReplaceContractDocument("S-1", "新.pdf", purchaser.upload(contract_pdf("new")))),
            "document_signed")
    refused(purchaser.push_one(DeleteContract("S-1")), "document_signed")
    refused(purchaser.push_one(FileContract("S-1")), "signatures_incomplete")
    result, both = world.sign_as(supplier, world.supplier_key, "S-1", first, at=(450, 150))
    applied(result)
    result, _ = world.sign_as(supplier, world.spare_key, "S-1", both, at=(300, 500))
    refused(result, "already_signed")


def _covered_position(signed: bytes, base_size: int) -> int:
    """A byte of the new revision that the new signature covers (before its /Contents)."""
    import re

    start, length1, _offset2, _length2 = (int(v) for v in re.findall(
        rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", signed)[-1])
    assert start == 0 and length1 > base_size + 200
    return length1 - 100


def _bind(server: ServerUnderTest, key: Any, account_id: str) -> None:
    with server.db_session() as session:
        cert = key.cert
        session.add(CertificateBinding(account_id=account_id, fingerprint_sha256=sha(key.certificate),
                                       serial_hex=format(cert.serial_number, "X"),
                                       issuer=cert.issuer.rfc4514_string(), subject=cert.subject.rfc4514_string(),
                                       credit_code=PURCHASER_CREDIT_CODE, active=True, kind="unit",
                                       bound_at=dt.datetime.now(dt.UTC), not_after=cert.not_valid_after_utc))
        session.commit()


def test_replace_and_delete_before_signing(world: World) -> None:
    purchaser = world.purchaser
    first, _ = world.add("R-1")
    second_data = contract_pdf("R-1 corrected")
    second = purchaser.upload(second_data)
    refused(world.reviewer.push_one(ReplaceContractDocument("R-1", "更正.pdf", second)), "post_not_handler")
    refused(world.supplier.push_one(ReplaceContractDocument("R-1", "更正.pdf", second)), "not_contract_purchaser")
    refused(purchaser.push_one(ReplaceContractDocument("R-1", "更正.pdf", purchaser.upload(b"not a pdf"))),
            "pdf_invalid")
    applied(purchaser.push_one(ReplaceContractDocument("R-1", "更正.pdf", second)))
    record = from_json(ContractRecord, purchaser.live(RecordKind.CONTRACT)["R-1"])
    assert (record.document_sha256, record.original_sha256, record.file_name) == (second, second, "更正.pdf")
    result, _ = world.sign_as(purchaser, world.purchaser_key, "R-1", contract_pdf("R-1"))  # the replaced file
    refused(result, "base_outdated")
    assert first != second

    refused(world.reviewer.push_one(DeleteContract("R-1")), "post_not_handler")
    refused(world.outsider.push_one(DeleteContract("R-1")), "contract_unknown")
    before = purchaser.counts()
    applied(purchaser.push_one(DeleteContract("R-1")))
    assert purchaser.pull()[(RecordKind.CONTRACT.value, "R-1")] is None  # a tombstone
    assert purchaser.counts().get(RecordKind.CONTRACT, 0) == before[RecordKind.CONTRACT] - 1
    _assert_counts_match(purchaser)
    refused(purchaser.push_one(DeleteContract("R-1")), "contract_unknown")
    refused(purchaser.push_one(ReplaceContractDocument("R-1", "更正.pdf", second)), "contract_unknown")
    world.add("R-2")  # the lot is free again
    refused(purchaser.push_one(AddContract("R-1", LOT2, "重用编号", "合同.pdf", second)), "contract_exists")


# --- blobs -------------------------------------------------------------------------------------------

def test_contract_documents_are_for_its_parties(world: World) -> None:
    purchaser, supplier = world.purchaser, world.supplier
    original, data = world.add("B-1")
    strangers = (world.other_supplier, world.outsider)
    assert purchaser.get(f"/blobs/{original}").content == data
    for party in (supplier, *strangers):  # before the purchaser signed, the supplier is a stranger too
        for path in (f"/blobs/{original}", f"/blobs/{original}/status"):
            answer = party.get(path)
            assert answer.status_code == 403 and answer.json()["code"] == "blob_other_unit", (party.name, path)

    result, first = world.sign_as(purchaser, world.purchaser_key, "B-1", data)
    applied(result)
    for digest, content in ((original, data), (sha(first), first)):  # current and previous documents
        assert supplier.get(f"/blobs/{digest}").content == content
        assert supplier.get(f"/blobs/{digest}/status").json()["complete"] is True
        ranged = supplier.get(f"/blobs/{digest}", headers={"Range": "bytes=100-"})
        assert ranged.status_code == 206 and ranged.content == content[100:]
        for party in strangers:
            assert party.get(f"/blobs/{digest}").status_code == 403, party.name
        # reading is not writing: the supplier cannot touch the purchaser's upload
        put = supplier.request("PUT", f"/blobs/{digest}/data", params={"offset": 0}, content=b"x")
        assert put.status_code == 403
        # announcing a document it may read answers its status (nothing to upload), a stranger gets 403
        assert supplier.api.blob_announce(digest, len(content)).complete
        stranger = world.outsider.request("POST", "/blobs", json={"sha256": digest, "size": len(content)})
        assert stranger.status_code == 403

    result, both = world.sign_as(supplier, world.supplier_key, "B-1", first)
    applied(result)
    assert purchaser.get(f"/blobs/{sha(both)}").content == both
    assert supplier.get(f"/blobs/{original}").status_code == 200
    for party in strangers:
        assert party.get(f"/blobs/{sha(both)}").status_code == 403

    # a deleted record shares nothing
    digest, _ = world.add("B-2", lot=BGSB_LOT)
    applied(purchaser.push_one(DeleteContract("B-2")))
    assert world.other_supplier.get(f"/blobs/{digest}").status_code == 403
    assert purchaser.get(f"/blobs/{digest}").status_code == 200


# --- concurrency -----------------------------------------------------------------------------------

def test_two_signatures_at_once_exactly_one_wins(world: World, api_for: ApiFor) -> None:
    second = _login(api_for, world.server.url, "purchaser (second client)", "zzmmj_jb")
    with world.server.db_session() as session:
        for n in range(3):
            contracts.add_lot(session, f"race-lot-{n}", project_id="prj-race", project_code="RACE",
                              project_name="并发签章测试项目", lot_no=str(n), lot_name=f"标段{n}",
                              purchaser_unit_id="mmj-zz", supplier_unit_id="ycsf", amount="1.00",
                              result_published_at=dt.datetime.now(dt.UTC))
        session.commit()
    for n in range(3):
        contract_id = f"RACE-{n}"
        original, data = world.add(contract_id, lot=f"race-lot-{n}")
        files = [sign(world.purchaser_key, data, world.folder, at=(150 + 200 * i, 150)) for i in range(2)]
        clients = [world.purchaser, second]
        for client, signed in zip(clients, files, strict=True):
            client.upload(signed)
        done = _race(clients, [SignContract(contract_id, original, sha(f)) for f in files])
        statuses = sorted(r.status.value for r in done)
        assert statuses == [CommandStatus.APPLIED.value, CommandStatus.REJECTED.value], done
        loser = next(r for r in done if r.status is CommandStatus.REJECTED)
        assert loser.reason is not None and loser.reason.code in ("already_signed", "contract_changed"), loser
        winner = files[[r.status for r in done].index(CommandStatus.APPLIED)]
        row = _row(world, contract_id)
        assert row.state == ContractState.PURCHASER_CONFIRMED.value
        assert row.document_sha256 == row.purchaser_signed_sha256 == sha(winner)
        assert world.supplier.live(RecordKind.CONTRACT)[contract_id]["document_sha256"] == sha(winner)


def _race(clients: list[Party], commands: list[SignContract]) -> list[CommandResult]:
    """Push one command per client at the same moment (threads released by a barrier)."""
    barrier = threading.Barrier(len(clients))
    results: list[CommandResult | None] = [None] * len(clients)

    def push(i: int) -> None:
        barrier.wait()
        results[i] = clients[i].push_one(commands[i])

    threads = [threading.Thread(target=push, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(r is not None for r in results)
    return [r for r in results if r is not None]


# --- the feed with two scopes -----------------------------------------------------------------------

def _scanned(session: Session) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in session.execute(select(FeedRecord).where(FeedRecord.data.is_not(None))).scalars():
        scopes = {""} if row.scope_unit_id is None else {row.scope_unit_id, *(row.shared_with or "").split("|")} - {""}
        for scope in scopes:
            counts[row.kind, scope] = counts.get((row.kind, scope), 0) + 1
    return counts


def _kept(session: Session) -> dict[tuple[str, str], int]:
    return {(r.kind, r.scope_unit_id): r.live for r in session.execute(select(FeedCount)).scalars() if r.live}


@pytest.fixture
def feed_db(db_url: str) -> Iterator[Session]:
    engine = make_engine(db_url)
    migrate(engine)
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def test_feed_counts_of_shared_records(feed_db: Session) -> None:
    """A record shared by several units counts once for each; scope changes, tombstones and
    resurrections keep ``feed_counts`` equal to a scan, and rebuild_counts agrees."""
    session = feed_db
    steps: list[tuple[str, dict[str, int] | None, str | None, list[str | None]]] = [
        ("c1", {"n": 1}, "p", []),  # the purchaser only (待签章)
        ("c1", {"n": 2}, "p", ["s"]),  # the supplier joins (采购人已确认)
        ("c2", {"n": 1}, "p", ["s"]),
        ("c2", None, "p", ["s"]),  # tombstone
        ("c2", {"n": 2}, "p", ["s2", None]),  # back, shared with another unit
        ("c3", {"n": 1}, "p", ["p", "p"]),  # the same unit twice counts once
        ("c4", {"n": 1}, None, ["s"]),  # public: sharing is meaningless
        ("c5", {"n": 1}, "p", ["s", "s2", "s_3"]),  # three more units ("_" is no LIKE wildcard here)
        ("c1", {"n": 3}, "p", []),  # narrowed again
    ]
    for record_id, data, scope, shared in steps:
        feed.publish(session, "contract", record_id, data, scope_unit_id=scope, shared_with=shared)
        assert _kept(session) == _scanned(session), (record_id, data, scope, shared)
    assert feed.count_live(session, "p").counts == {"contract": 5}
    assert feed.count_live(session, "s").counts == {"contract": 2}  # c4 (public), c5; c1 left it
    assert feed.count_live(session, "s2").counts == {"contract": 3}
    assert {c.id for c in feed.read_page(session, "s2", 0, 100).changes} == {"c2", "c4", "c5"}
    assert {c.id for c in feed.read_page(session, "s", 0, 100).changes} == {"c4", "c5"}
    assert {c.id for c in feed.read_page(session, "sx3", 0, 100).changes} == {"c4"}
    assert {c.id for c in feed.read_page(session, "s_3", 0, 100).changes} == {"c4", "c5"}
    before = _kept(session)
    feed.rebuild_counts(session)
    assert _kept(session) == before
    session.commit()
