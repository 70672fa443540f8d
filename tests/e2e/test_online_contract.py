"""合同在线签订 end to end (issue 6): one real server (uvicorn, the demo dataset and its lots), two
client profiles (their own stores, engines and file folders), two SoftHSM unit keys.

The purchaser adds the contract and signs it; the supplier, online, sees it and gets the document,
goes offline and signs there (first with a key that is not its own: the server refuses that later
with its reason, kept for the user; then with its own key); both sync; the purchaser files the
contract. The final PDF — the locked main document — carries both signatures, which poppler's
``pdfsig`` accepts as valid and trusted.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.demo.softhsm import Lab
from desktop.domain.contract_records import ContractNoticeRecord
from desktop.domain.protocol import from_json
from desktop.signing.democontract import build_contract
from desktop.signing.sign import SealPlacement, SignOptions, sign_pdf
from desktop.signing.trust import load_certificates
from desktop.store import Store
from desktop.store.contracts import ContractRow, LotFilter, Lots
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from desktop.ui.pages.contracts.service import ContractService
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import MakeServer, OpenKey, ServerUnderTest
from tests.signing.pdfsig import signed_entries

pytestmark = pytest.mark.softhsm
LOT = "lot-mmj-2026-001-1"  # 台式计算机及显示器: 河南省郑州市某某局 -> 河南豫采示范科技有限公司 (demo_contracts)
PURCHASER_SEAL = SealPlacement(1, (160.0, 470.0))  # the demo contract's page 2: 甲方（盖章）
SUPPLIER_SEAL = SealPlacement(1, (400.0, 470.0))  # 乙方（盖章）


@dataclass
class Client:
    store: Store
    http: httpx.Client
    engine: SyncEngine
    service: ContractService

    def row(self, contract_id: str) -> ContractRow:
        row = self.engine.contracts.get(contract_id)
        assert row is not None, f"{contract_id} not in the local list"
        return row


@pytest.fixture
def server(make_server: MakeServer, tmp_path: Path) -> ServerUnderTest:
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def clients(tmp_path: Path) -> Iterator[Any]:
    made: list[Client] = []

    def make(url: str, name: str) -> Client:
        store = Store.open(tmp_path / name / "local.sqlite3")
        http = httpx.Client(base_url=url, timeout=10)
        engine = SyncEngine(ApiClient(http), store, page_size=50)
        engine.documents.chunk_size = 32 * 1024  # several chunks per PDF
        made.append(Client(store, http, engine, ContractService(engine)))
        return made[-1]

    yield make
    for client in made:
        client.http.close()
        client.store.close()


@pytest.fixture
def sign(softhsm_lab: Lab) -> Any:
    """What the sign dialog does: sign the current document into the staging folder, keep it and
    queue the command; the CA intermediates are embedded, as the app does with the ones it ships."""
    options = SignOptions(extra_certificates=tuple(load_certificates(softhsm_lab.intermediate_pem)))

    def sign_(client: Client, row: ContractRow, key: Any, placement: SealPlacement) -> str:
        document = client.service.document(row.document_sha256)  # local: no network needed
        result = sign_pdf(document, client.service.staging_output(), key, placement, options)
        return client.service.record_signature(row, row.document_sha256, result)

    return sign_


def test_purchaser_and_offline_supplier_sign_then_the_contract_is_filed(
        server: ServerUnderTest, clients: Any, open_key: OpenKey, sign: Any, tmp_path: Path, nss_db: str) -> None:
    purchaser: Client = clients(server.url, "purchaser")
    LoginService(purchaser.engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    purchaser.engine.sync()
    lots = Lots(purchaser.store).page(LotFilter(purchaser_unit_id="mmj-zz", without_contract=True))
    assert LOT in {lot.id for lot in lots} and "lot-mmj-2026-003-1" not in {lot.id for lot in lots}  # unpublished
    lot = next(x for x in lots if x.id == LOT)

    # 2.1 添加 and 2.2 签章 on the purchaser's computer, then one sync takes both up (files first)
    pdf = tmp_path / "台式计算机采购合同.pdf"
    pdf.write_bytes(build_contract())
    contract_id = purchaser.service.add_contract(lot, "台式计算机采购合同", pdf)
    assert purchaser.row(contract_id).local
    with open_key("unit_rsa", "a001") as key:
        first_sha = sign(purchaser, purchaser.row(contract_id), key, PURCHASER_SEAL)
    report = purchaser.engine.sync()
    assert [r.status.value for r in report.applied] == ["applied", "applied"] and not report.rejected
    row = purchaser.row(contract_id)
    assert (row.state, row.document_sha256, row.local) == ("采购人已确认", first_sha, False)
    assert row.purchaser_signed_at is not None and row.pending == ()

    # the supplier sees it on its next sync (2.2 步骤三) and gets the document while online
    supplier: Client = clients(server.url, "supplier")
    with open_key("unit_ec", "b001") as key:
        LoginService(supplier.engine.api, None).login_with_key(key)
    supplier.engine.sync()
    seen = supplier.row(contract_id)
    assert seen.state == "采购人已确认" and supplier.engine.documents.local_path(first_sha) is not None

    # offline: a seal with someone else's key, then with its own; both wait in the outbox
    server.live.stop()
    with open_key("crowded", "d001") as wrong_key:
        wrong_sha = sign(supplier, seen, wrong_key, SUPPLIER_SEAL)
    with open_key("unit_ec", "b001") as key:
        second_sha = sign(supplier, seen, key, SUPPLIER_SEAL)
    with pytest.raises(SyncError) as offline:
        supplier.engine.sync()
    assert offline.value.kind is SyncErrorKind.OFFLINE and supplier.engine.outbox.pending_count() == 2
    assert supplier.row(contract_id).pending == ("sign_contract", "sign_contract")

    server.live.start()
    report = supplier.engine.sync()
    [refused] = report.rejected
    assert len(report.applied) == 1
    assert refused.reason is not None and refused.reason.code == "signer_wrong_unit"
    assert "不是供应商河南豫采示范科技有限公司的单位 CA 锁" in refused.reason.message
    [kept] = supplier.engine.outbox.rejected()  # what the rejected-commands page lists
    assert kept.envelope.payload["signed_sha256"] == wrong_sha and kept.reason == refused.reason
    assert supplier.row(contract_id).state == "供应商已确认"
    assert supplier.row(contract_id).document_sha256 == second_sha

    # 2.4 合同备案 by the purchaser: the doubly signed PDF becomes the locked main document
    purchaser.engine.sync()
    row = purchaser.row(contract_id)
    assert row.state == "供应商已确认" and row.supplier_signed_at is not None
    purchaser.service.file_contract(row)
    report = purchaser.engine.sync()
    assert len(report.applied) == 1 and not report.rejected
    filed = purchaser.row(contract_id)
    assert filed.state == "已备案" and filed.filed_at is not None and filed.document_sha256 == second_sha
    notice = purchaser.engine.records.get("contract_notice", contract_id)
    assert notice is not None
    assert from_json(ContractNoticeRecord, notice.data).document_sha256 == second_sha
    supplier.engine.sync()
    assert supplier.row(contract_id).state == "已备案"

    final = purchaser.service.document(second_sha)  # downloaded by the purchaser: the supplier's upload
    assert final.read_bytes().startswith(Path(purchaser.engine.files.path_for(first_sha)).read_bytes())
    entries = signed_entries(final, nss_db)
    assert len(entries) == 2
    assert all(e.valid and e.trusted for e in entries.values()), entries
    assert [e.total_document_signed for e in entries.values()].count(True) == 1  # the last one covers all
    assert {e.signer for e in entries.values()} == {"郑州市某某局", "河南某某科技有限公司"}


def test_signing_the_same_document_from_two_computers_accepts_exactly_one(
        server: ServerUnderTest, clients: Any, open_key: OpenKey, sign: Any, tmp_path: Path) -> None:
    """Two handlers of the purchaser sign the same upload at once: one signature wins, the other
    is refused with the reason, and both computers end with the same contract."""
    first: Client = clients(server.url, "first")
    second: Client = clients(server.url, "second")
    for client in (first, second):
        LoginService(client.engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    first.engine.sync()
    lot = Lots(first.store).get(LOT)
    assert lot is not None
    pdf = tmp_path / "合同.pdf"
    pdf.write_bytes(build_contract())
    contract_id = first.service.add_contract(lot, "台式计算机采购合同", pdf)
    first.engine.sync()
    second.engine.sync()  # downloads the upload: 待签章, the purchaser's turn
    with open_key("unit_rsa", "a001") as key:
        sign(first, first.row(contract_id), key, PURCHASER_SEAL)
        sign(second, second.row(contract_id), key, SealPlacement(1, (200.0, 600.0)))
    won = first.engine.sync()
    lost = second.engine.sync()
    assert len(won.applied) == 1 and not won.rejected
    [refused] = lost.rejected
    assert refused.reason is not None and refused.reason.code in ("already_signed", "base_outdated")
    assert first.row(contract_id) == second.row(contract_id)
    assert first.row(contract_id).state == "采购人已确认"
