"""The second stage linked to 合同在线签订 (issue 7; seed manual §2.4 "合同备案时，选择项目及标段后，如果有对应的合同
在线签订的数据，自动将签章后的 pdf当作合同主文档，不允许修改"), against a real server on SQLite and PostgreSQL
with the purchaser's and the supplier's unit keys on SoftHSM.

河南省政府采购中心's open agreement: 河南省郑州市某某局 (zzmmj_jb / zzmmj_sh, unit key a001) chooses
河南豫采示范科技有限公司 (hnycsf_jb, unit key b001): the 标段 ``ssl-o-1`` is offered to both; the online
contract is added, deleted, added again and signed by both, each change shown on the second-stage
record; 合同备案 is refused until both signed, then takes the doubly signed PDF as the locked main
document; the online signing's own 【合同备案】 is refused for this lot; approval files the online contract
without a second 合同公告. 二次竞价: the lot carries the winning bid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain.agreement_records import AnnouncementRecord
from desktop.domain.commands import AddContract, DeleteContract, FileContract, SignContract
from desktop.domain.contract_records import ContractRecord, LotRecord
from desktop.domain.protocol import RecordKind, from_json
from desktop.domain.second_stage_commands import (
    ApproveSecondStageContract,
    AwardBids,
    CreateSecondStage,
    FileSecondStageContract,
    InviteBids,
    SelectSupplier,
    SubmitBid,
)
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.sync.login import LoginService
from server_stub.demo import SUPPLIER_CREDIT_CODE
from tests.server.contract_helpers import Party, applied, contract_pdf, refused, sha, sign
from tests.server.fixtures import ApiFor, MakeServer, OpenKey
from tests.server.framework_helpers import LAW_FIRM_B, record, records
from tests.server.test_plans import World
from tests.server.test_second_stage import (
    HOUR,
    closed_agreement,
    counts_match,
    law_firm_accounts,
    message,
    open_agreement,
    stage,
    today,
    world,
)

pytestmark = pytest.mark.softhsm


def party(w: World, username: str) -> Party:
    return Party(username, w.api(username), w.server.url)


def signed_by(who: Party, key: Any, contract_id: str, base: bytes, folder: Path) -> bytes:
    signed = sign(key, base, folder)
    who.upload(signed)
    applied(who.push_one(SignContract(contract_id, sha(base), sha(signed))))
    return signed


def test_the_online_contract_becomes_the_main_document(api_for: ApiFor, db_url: str, make_server: MakeServer,
                                                       open_key: OpenKey, tmp_path: Path) -> None:
    w = world(make_server, api_for, db_url)
    number = open_agreement(w)
    purchaser = party(w, "zzmmj_jb")
    supplier_key = open_key("unit_ec", "b001")
    supplier = Party("hnycsf_jb", api_for(w.server.url), w.server.url)
    LoginService(supplier.api, None).login_with_key(supplier_key)

    w.ok("zzmmj_jb", CreateSecondStage("o-1", "p-o", "办公台式计算机"))
    assert stage(w, "zzmmj_jb", "o-1").lot_id == ""
    w.ok("zzmmj_jb", SelectSupplier("o-1", SUPPLIER_CREDIT_CODE))
    assert stage(w, "zzmmj_jb", "o-1").lot_id == "ssl-o-1"
    lot = from_json(LotRecord, purchaser.live(RecordKind.LOT)["ssl-o-1"])
    assert (lot.project_code, lot.lot_name, lot.supplier_credit_code, lot.amount, lot.purchaser_name) == (
        number, "办公台式计算机", SUPPLIER_CREDIT_CODE, "0", "河南省郑州市某某局")
    assert lot.result_published_at is not None and "ssl-o-1" in supplier.live(RecordKind.LOT)

    # each change of the online contract shows on the second-stage record
    first = purchaser.upload(contract_pdf("o-1 first"))
    applied(purchaser.push_one(AddContract("c-0", "ssl-o-1", "台式计算机采购合同", "合同.pdf", first)))
    shown = stage(w, "zzmmj_jb", "o-1")
    assert (shown.online_contract_id, shown.online_contract_state) == ("c-0", "待签章")
    applied(purchaser.push_one(DeleteContract("c-0")))
    assert (stage(w, "zzmmj_jb", "o-1").online_contract_id, stage(w, "zzmmj_jb", "o-1").lot_id) == ("", "ssl-o-1")
    data = contract_pdf("o-1")
    applied(purchaser.push_one(AddContract("c-1", "ssl-o-1", "台式计算机采购合同", "合同.pdf", purchaser.upload(data))))
    filing = FileSecondStageContract("o-1", "台式计算机采购合同", "52000", today(w).isoformat())
    code, text = message(w, "zzmmj_jb", filing)
    assert code == "online_contract_unsigned" and "当前状态“待签章”" in text

    half = signed_by(purchaser, open_key("unit_rsa", "a001"), "c-1", data, tmp_path)
    assert stage(w, "zzmmj_jb", "o-1").online_contract_state == "采购人已确认"
    assert "当前状态“采购人已确认”" in message(w, "zzmmj_jb", filing)[1]
    both = signed_by(supplier, supplier_key, "c-1", half, tmp_path)
    assert stage(w, "zzmmj_jb", "o-1").online_contract_state == "供应商已确认"

    # the online signing's own 【合同备案】 is not the way for this lot
    text = refused(purchaser.push_one(FileContract("c-1")), "second_stage_lot")
    assert "【合同管理】-【合同备案】（框架协议）" in text

    w.ok("zzmmj_jb", filing)
    submitted = stage(w, "zzmmj_jb", "o-1")
    assert submitted.document_sha256 == sha(both)  # the doubly signed PDF: the locked main document
    w.ok("zzmmj_sh", ApproveSecondStageContract("o-1", submitted.submission))
    done = stage(w, "zzmmj_jb", "o-1")
    assert (done.state_label, done.online_contract_id, done.online_contract_state, done.document_sha256) == (
        "已备案", "c-1", "已备案", sha(both))
    contract = from_json(ContractRecord, purchaser.live(RecordKind.CONTRACT)["c-1"])
    assert (contract.state, contract.document_sha256, contract.filed_at) == ("已备案", sha(both), done.filed_at)
    assert from_json(ContractRecord, supplier.live(RecordKind.CONTRACT)["c-1"]).state == "已备案"
    # one 合同公告: the second stage's, none from 合同在线签订
    assert records(w, "zzbgsb_jb", RecordKind.CONTRACT_NOTICE) == {}
    notice = record(w, "zzbgsb_jb", RecordKind.ANNOUNCEMENT, "htgg-o-1", AnnouncementRecord)
    assert notice.column == "合同公告"
    refused(purchaser.push_one(DeleteContract("c-1")), "main_document_locked")
    for username in ("zzmmj_jb", "hncgzx_cgjb"):
        counts_match(w, username)


def test_a_bidding_award_offers_its_lot_at_the_winning_price(api_for: ApiFor, db_url: str,
                                                             make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    law_firm_accounts(w)
    closed_agreement(w, "p-b", SecondStageMethod.SECOND_BIDDING)
    w.ok("zzjyj_jb", CreateSecondStage("s-b", "p-b", "法律顾问（二次竞价）"))
    w.ok("zzjyj_jb", InviteBids("s-b", w.server.clock() + HOUR))
    w.ok("lfb_jb", SubmitBid("s-b", "250000"))
    w.server.clock.offset += 2 * HOUR
    w.ok("zzjyj_jb", AwardBids("s-b"))
    assert stage(w, "zzjyj_jb", "s-b").lot_id == "ssl-s-b"
    lot = from_json(LotRecord, records(w, "lfb_jb", RecordKind.LOT)["ssl-s-b"])
    assert (lot.supplier_credit_code, lot.amount) == (LAW_FIRM_B.credit_code, "250000")
    # no online contract for the lot: 合同备案 as before
    w.ok("zzjyj_jb", FileSecondStageContract("s-b", "法律顾问合同", "250000", today(w).isoformat()))
    assert stage(w, "zzjyj_jb", "s-b").document_sha256 == ""
    # an online contract added during the review: the approval would miss it
    purchaser = party(w, "zzjyj_jb")
    late = purchaser.upload(contract_pdf("s-b late"))
    applied(purchaser.push_one(AddContract("c-b", "ssl-s-b", "法律顾问合同", "合同.pdf", late)))
    assert message(w, "zzjyj_sh", ApproveSecondStageContract("s-b", 1)) == (
        "online_contract_changed", "合同在线签订数据与合同备案时的合同主文档不一致，请退回后重新备案")
    applied(purchaser.push_one(DeleteContract("c-b")))
    w.ok("zzjyj_sh", ApproveSecondStageContract("s-b", 1))
    assert stage(w, "zzjyj_jb", "s-b").state_label == "已备案"
    text = refused(purchaser.push_one(AddContract("c-b2", "ssl-s-b", "法律顾问合同", "合同.pdf", late)),
                   "second_stage_filed")
    assert text == "该标段的框架协议二阶段合同已备案（未使用合同在线签订），不能再添加合同签订信息"
