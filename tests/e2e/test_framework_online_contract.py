"""A second-stage contract signed online by both parties (issues 6 and 7): the supplier chosen in the
second stage gets its 标段 in 合同在线签订; the purchaser adds the contract and stamps it with its unit
key, the supplier stamps it with its own (SoftHSM keys, as tests/e2e/test_online_contract.py), and the
framework agreement's 合同备案 takes the doubly signed PDF as its locked main document.

Walkthrough (河南省政府采购中心's closed desktop-PC agreement for 郑州市, 直接选定, filed as in flow 3 of
test_framework_agreements.py but with 河南豫采示范科技有限公司 chosen):

1. zzmmj_jb: 【合同管理】-【合同备案】（框架协议）【新增】, choose 河南豫采示范科技有限公司 → the 标段 appears in
   合同在线签订;
2. zzmmj_jb: 合同在线签订 【添加】 the contract PDF on that 标段, 【签章】 with the unit key (unit_rsa a001);
   a 合同备案 now is refused: the online contract is not signed by both parties;
3. hnycsf_jb (logs in with its unit key unit_ec b001): 【签章】 with its key;
4. zzmmj_jb: 合同备案 (the signed PDF is the main document); zzmmj_sh: 审核通过 → 合同公告, 采购计划备案,
   and the online contract is 已备案.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain.agreement_commands import LotForm
from desktop.domain.protocol import RecordKind
from desktop.domain.second_stage_commands import CreateSecondStage, FileSecondStageContract, SelectSupplier
from desktop.domain.second_stage_records import SecondStageRecord
from desktop.signing.democontract import build_contract
from desktop.signing.sign import SealPlacement, SignOptions, sign_pdf
from desktop.signing.trust import load_certificates
from desktop.store.contracts import Lots
from desktop.ui.pages.contracts.rules import Action, row_actions
from desktop.ui.pages.contracts.service import ContractService
from tests.e2e.framework_flow import (
    CENTRAL_AGENCY,
    MMJ,
    OFFICE,
    YUCAI,
    YUCAI_HANDLER,
    Client,
    Demo,
    agreement_filed,
    central_form,
    check_contract_published,
    collected,
    contract_filed,
)
from tests.server.fixtures import OpenKey

pytestmark = pytest.mark.softhsm
PURCHASER_SEAL = SealPlacement(1, (160.0, 470.0))  # the demo contract's page 2: 甲方（盖章）
SUPPLIER_SEAL = SealPlacement(1, (400.0, 470.0))  # 乙方（盖章）


def signed(client: Client, contract_id: str, key: Any, placement: SealPlacement, options: SignOptions) -> str:
    """【签章】 as the sign dialog does it: the current document signed into staging, the command queued."""
    service = ContractService(client.engine)
    row = client.engine.contracts.get(contract_id)
    assert row is not None
    result = sign_pdf(service.document(row.document_sha256), service.staging_output(), key, placement, options)
    return service.record_signature(row, row.document_sha256, result)


def test_second_stage_contract_signed_online_then_filed(demo: Demo, open_key: OpenKey, softhsm_lab: Any,
                                                        tmp_path: Path) -> None:
    options = SignOptions(extra_certificates=tuple(load_certificates(softhsm_lab.intermediate_pem)))
    project = collected(demo, CENTRAL_AGENCY, "cgzx-sign", central_form(demo.today()), [LotForm("1", "台式计算机")],
                        "5200", [YUCAI, OFFICE])
    agreement_filed(demo, CENTRAL_AGENCY, project)
    purchaser = demo(MMJ.handler)
    purchaser.ok(CreateSecondStage("mmj-sign-1", project.plan_id, "办公台式计算机"),
                 SelectSupplier("mmj-sign-1", YUCAI.credit_code))
    chosen = purchaser.read(RecordKind.SECOND_STAGE, "mmj-sign-1", SecondStageRecord)
    assert chosen.lot_id and chosen.online_contract_id == ""
    lot = Lots(purchaser.store).get(chosen.lot_id)
    assert lot is not None and (lot.supplier_credit_code, lot.purchaser_unit_id) == (YUCAI.credit_code, "mmj-zz")

    pdf = tmp_path / "台式计算机采购合同.pdf"
    pdf.write_bytes(build_contract())
    contract_id = ContractService(purchaser.engine).add_contract(lot, "办公台式计算机采购合同", pdf)
    signed(purchaser, contract_id, open_key("unit_rsa", "a001"), PURCHASER_SEAL, options)
    report = purchaser.sync()
    assert len(report.applied) == 2 and not report.rejected
    half = purchaser.refused(FileSecondStageContract("mmj-sign-1", "办公台式计算机采购合同", "5200",
                                                     demo.today().isoformat()))
    assert (half.code, half.message) == (
        "online_contract_unsigned", "该标段已有合同在线签订数据（当前状态“采购人已确认”），采购人和供应商均签章"
        "（供应商已确认）后，签章后的 pdf 将作为合同主文档，才能进行合同备案")

    supplier_key = open_key("unit_ec", "b001")
    supplier = demo(YUCAI_HANDLER, key=supplier_key)  # no password: it logs in with its unit key
    final_sha = signed(supplier, contract_id, supplier_key, SUPPLIER_SEAL, options)
    report = supplier.sync()
    assert len(report.applied) == 1 and not report.rejected

    purchaser.sync()
    both = purchaser.engine.contracts.get(contract_id)
    assert both is not None and both.state == "供应商已确认"
    assert Action.FILE not in row_actions(both, purchaser.engine.api.me())  # filed through 框架协议 → 合同备案 instead
    done = contract_filed(demo, MMJ, "mmj-sign-1", "办公台式计算机采购合同", "5200")
    assert (done.document_sha256, done.online_contract_id) == (final_sha, contract_id)
    check_contract_published(supplier, purchaser, done, "mmj-sign-1", YUCAI, "5200", "直接选定")
    online = purchaser.engine.contracts.get(contract_id)
    assert online is not None and (online.state, online.document_sha256) == ("已备案", final_sha)
