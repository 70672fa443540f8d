"""入围供应商管理 and 框架协议备案 (issue 7; seed manual 1.3.1.3, 1.3.1.4) against a real server on SQLite
and PostgreSQL, the second-stage gate other code calls, and two projects carried end to end: a
主管预算单位's closed agreement and a 集采机构's open 互认互通 agreement, from the numbered plan through
征集公告, 入围结果公告 and suppliers to the filed agreement.
"""

from __future__ import annotations

import dataclasses

import pytest

from desktop.domain.agreement_commands import (
    AddSupplierAgent,
    ApproveAgreement,
    ApproveAnnouncement,
    FileAgreement,
    LotForm,
    RemoveSupplierAgent,
    ReturnAgreement,
    SaveAgreementFiling,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
    UpdateShortlistedSupplier,
    UpdateSupplierAgent,
)
from desktop.domain.agreement_records import (
    AgreementRecord,
    AnnouncementRecord,
    ShortlistedSupplierRecord,
    TradingBridgeRecord,
)
from desktop.domain.protocol import RecordKind, from_json
from desktop.domain.workflow.agreement import SecondStageAction
from desktop.domain.workflow.announcement import ShortlistBasis
from server_stub.demo import SUPPLIER2_CREDIT_CODE, SUPPLIER_CREDIT_CODE
from server_stub.services import agreements
from server_stub.services.command_base import CommandRejected
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import (
    AGENT,
    LAW_FIRM_A,
    LAW_FIRM_B,
    numbered_central_plan,
    numbered_service_plan,
    publish_notice,
    record,
    records,
    run_bridge,
)
from tests.server.test_plans import World, world

ADDRESS = "郑州市金水区文化路1号"
NOT_FILED = "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作"


def roster(w: World, username: str = "zzjyj_jb") -> list[ShortlistedSupplierRecord]:
    rows = [from_json(ShortlistedSupplierRecord, r) for r in records(w, username, RecordKind.SHORTLISTED_SUPPLIER)
            .values()]
    return sorted(rows, key=lambda r: r.position)


def agreement(w: World, username: str, filing_id: str) -> AgreementRecord:
    rec: AgreementRecord = record(w, username, RecordKind.AGREEMENT, filing_id, AgreementRecord)
    return rec


def shortlisted(w: World, *, publish: bool = True) -> None:
    """郑州市教育局's closed project p-1 with its 入围结果公告 (甲, 乙) saved, and published when asked."""
    numbered_service_plan(w, "p-1", validity_start="2026-03-01", validity_end="2028-02-29")
    publish_notice(w, "zzjyj_jb", "zzjyj_sh", SaveCollectionNotice("n-1", "p-1", ADDRESS, [LotForm("1", "法律顾问")]))
    w.ok("zzjyj_jb", SaveShortlistResult("r-1", "n-1", ShortlistBasis.MAX_PRICE, "280000", [LAW_FIRM_A, LAW_FIRM_B]))
    if publish:
        w.ok("zzjyj_jb", SubmitAnnouncement("r-1"))
        w.ok("zzjyj_sh", ApproveAnnouncement("r-1", 1))


def gate(w: World, plan_id: str, action: SecondStageAction = SecondStageAction.CONTRACT_FILING) -> str:
    """What the second stage gets from the gate: "filed", or the refusal's code and message."""
    with w.server.db_session() as session:
        filed = agreements.agreement_filed(session, plan_id)
        try:
            agreements.require_agreement_filed(session, plan_id, action)
        except CommandRejected as exc:
            assert not filed
            return f"{exc.code}: {exc.message}"
        assert filed
        return "filed"


# --- 入围供应商管理 ---------------------------------------------------------------------------------------

def test_shortlisted_suppliers_and_their_agents(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    shortlisted(w)
    first = roster(w)[0]
    assert (first.name, first.credit_code, first.address, first.plan_number, first.agents) == (
        LAW_FIRM_A.name, LAW_FIRM_A.credit_code, LAW_FIRM_A.address, "KJXY-410100-2026-00001", [])
    code = LAW_FIRM_A.credit_code
    moved = dataclasses.replace(LAW_FIRM_A, address="郑州市郑东新区商务内环5号", contact_person="李律师",
                                phone="0371-61234567")
    w.ok("zzjyj_jb", UpdateShortlistedSupplier("p-1", code, moved))
    assert (roster(w)[0].address, roster(w)[0].contact_person) == ("郑州市郑东新区商务内环5号", "李律师")
    # name and credit code are locked
    renamed = w.push("zzjyj_jb", UpdateShortlistedSupplier("p-1", code, dataclasses.replace(moved, name="新名称")))
    assert renamed.reason is not None and (renamed.reason.code, renamed.reason.message) == (
        "supplier_identity_locked", "供应商名称、统一社会信用代码不允许修改")
    recoded = UpdateShortlistedSupplier("p-1", code, dataclasses.replace(moved, credit_code=LAW_FIRM_B.credit_code))
    assert w.refused("zzjyj_jb", recoded) == "supplier_identity_locked"
    # one or more 委托代理商
    w.ok("zzjyj_jb", AddSupplierAgent("p-1", code, AGENT))
    second = SupplierForm("河南戊商贸有限公司", SUPPLIER2_CREDIT_CODE, "郑州市二七区")
    w.ok("zzjyj_jb", AddSupplierAgent("p-1", code, second))
    assert [a.name for a in roster(w)[0].agents] == [AGENT.name, second.name]
    assert w.refused("zzjyj_jb", AddSupplierAgent("p-1", code, AGENT)) == "agent_duplicate"
    assert w.refused("zzjyj_jb", AddSupplierAgent("p-1", code, LAW_FIRM_A)) == "agent_is_supplier"
    bad = w.push("zzjyj_jb", AddSupplierAgent("p-1", code, dataclasses.replace(AGENT, credit_code="91410100MA000044")))
    assert bad.reason is not None and bad.reason.code == "supplier_credit_code_invalid"
    assert "委托代理商" in bad.reason.message
    w.ok("zzjyj_jb", UpdateSupplierAgent("p-1", code, dataclasses.replace(second, phone="13700000000")))
    w.ok("zzjyj_jb", RemoveSupplierAgent("p-1", code, AGENT.credit_code))
    assert [(a.name, a.phone) for a in roster(w)[0].agents] == [(second.name, "13700000000")]
    assert w.refused("zzjyj_jb", RemoveSupplierAgent("p-1", code, AGENT.credit_code)) == "agent_not_found"
    # who may: the collector's 经办岗 only
    assert w.refused("zzjyj_sh", AddSupplierAgent("p-1", code, AGENT)) == "post_not_handler"
    assert w.refused("zzmmj_jb", AddSupplierAgent("p-1", code, AGENT)) == "other_unit"
    assert w.refused("zzbgsb_jb", AddSupplierAgent("p-1", code, AGENT)) == "account_type_not_allowed"
    assert w.refused("zzjyj_jb", AddSupplierAgent("p-1", SUPPLIER_CREDIT_CODE, AGENT)) == \
        "shortlisted_supplier_unknown"
    assert roster(w, "zzmmj_jb") == []


# --- 框架协议备案 -----------------------------------------------------------------------------------------

def test_agreement_filing_carries_and_locks_the_parties(api_for: ApiFor, db_url: str,
                                                        make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    shortlisted(w, publish=False)
    refused = w.push("zzjyj_jb", SaveAgreementFiling("a-1", "p-1")).reason
    assert refused is not None and (refused.code, refused.message) == (
        "shortlist_result_not_published", "入围结果公告发布后，才可以进行框架协议备案")
    w.ok("zzjyj_jb", SubmitAnnouncement("r-1"))
    w.ok("zzjyj_sh", ApproveAnnouncement("r-1", 1))
    w.ok("zzjyj_jb", AddSupplierAgent("p-1", LAW_FIRM_B.credit_code, AGENT))

    w.ok("zzjyj_jb", SaveAgreementFiling("a-1", "p-1"))
    draft = agreement(w, "zzjyj_jb", "a-1")
    assert (draft.state_label, draft.collector_name, draft.form, draft.result_id) == ("待备案", "郑州市教育局",
                                                                                     "封闭式", "r-1")
    assert [(s.name, [a.name for a in s.agents]) for s in draft.suppliers] == [
        (LAW_FIRM_A.name, []), (LAW_FIRM_B.name, [AGENT.name])]
    assert (draft.validity_start, draft.validity_end, draft.category) == ("2026-03-01", "2028-02-29", "服务")
    assert draft.scope_region_code is None  # a 主管预算单位's agreement names no region
    assert "a-1" not in records(w, "zzbgsb_jb", RecordKind.AGREEMENT)
    locked = w.push("zzjyj_jb", SaveAgreementFiling("a-1", "p-1", collector_name="郑州市第一中学")).reason
    assert locked is not None and (locked.code, locked.message) == (
        "agreement_parties_locked", "征集人、入围供应商信息系统自动带出，不允许进行修改")
    dropped = SaveAgreementFiling("a-1", "p-1", supplier_credit_codes=[LAW_FIRM_A.credit_code])
    assert w.refused("zzjyj_jb", dropped) == "agreement_parties_locked"
    same = SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2027-02-28", collector_name="郑州市教育局",
                               supplier_credit_codes=[LAW_FIRM_A.credit_code.lower(), LAW_FIRM_B.credit_code])
    w.ok("zzjyj_jb", same)
    assert w.refused("zzjyj_jb", SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2026-01-01")) == \
        "validity_end_before_start"
    w.ok("zzjyj_jb", SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2029-03-01"))
    assert [x.code for x in agreement(w, "zzjyj_jb", "a-1").warnings] == ["validity_too_long"]
    assert w.refused("zzjyj_jb", SaveAgreementFiling("a-2", "p-1")) == "agreement_exists"
    # changes in 入围供应商管理 flow into a filing that is still editable
    w.ok("zzjyj_jb", UpdateShortlistedSupplier("p-1", LAW_FIRM_A.credit_code,
                                               dataclasses.replace(LAW_FIRM_A, phone="0371-68888888")))
    w.ok("zzjyj_jb", SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2028-02-29"))
    assert agreement(w, "zzjyj_jb", "a-1").suppliers[0].phone == "0371-68888888"


def test_agreement_review_and_the_second_stage_gate(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    shortlisted(w)
    assert gate(w, "p-1") == f"agreement_not_filed: {NOT_FILED}（合同备案）"
    w.ok("zzjyj_jb", SaveAgreementFiling("a-1", "p-1"))
    for username, code in [("zzjyj_sh", "post_not_handler"), ("zzmmj_jb", "other_unit"),
                           ("zzyz_jb", "other_unit"), ("zzbgsb_jb", "account_type_not_allowed")]:
        assert w.refused(username, FileAgreement("a-1")) == code, username
    w.ok("zzjyj_jb", FileAgreement("a-1"))  # 备案
    pending = agreement(w, "zzjyj_jb", "a-1")
    assert (pending.state_label, pending.submission) == ("待内部审核岗审核", 1)
    assert pending.history[0].action == "file"
    assert w.refused("zzjyj_jb", SaveAgreementFiling("a-1", "p-1")) == "agreement_not_editable"
    assert gate(w, "p-1", SecondStageAction.PAYMENT) == f"agreement_not_filed: {NOT_FILED}（资金支付）"
    for username, code in [("zzjyj_jb", "own_submission"), ("zzmmj_sh", "other_unit"), ("zzyz_sh", "other_unit"),
                           ("zzczj_sh", "account_type_not_allowed")]:
        assert w.refused(username, ApproveAgreement("a-1", 1)) == code, username
    w.ok("zzjyj_sh", ReturnAgreement("a-1", 1, "有效期请与征集文件一致"))
    returned = agreement(w, "zzjyj_jb", "a-1")
    assert (returned.state_label, returned.return_reason) == ("已退回", "有效期请与征集文件一致")
    w.ok("zzjyj_jb", SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2028-02-28"))
    w.ok("zzjyj_jb", FileAgreement("a-1"))
    assert w.refused("zzjyj_sh", ApproveAgreement("a-1", 1)) == "agreement_changed"
    w.ok("zzjyj_sh", ApproveAgreement("a-1", 2))
    filed = agreement(w, "zzbgsb_jb", "a-1")  # filed: everyone sees it
    assert (filed.state_label, filed.validity_end) == ("已备案", "2028-02-28") and filed.filed_at is not None
    assert [e.action for e in filed.history] == ["file", "return", "file", "approve"]
    assert gate(w, "p-1") == "filed" and gate(w, "p-1", SecondStageAction.PAYMENT) == "filed"
    assert w.refused("zzjyj_sh", ApproveAgreement("a-1", 2)) == "agreement_changed"
    assert w.refused("zzjyj_jb", FileAgreement("a-1")) == "agreement_not_editable"
    assert gate(w, "nope") == f"agreement_not_filed: {NOT_FILED}（合同备案）"


# --- end to end -------------------------------------------------------------------------------------------

def test_closed_agreement_of_a_supervising_budget_unit(api_for: ApiFor, db_url: str,
                                                       make_server: MakeServer) -> None:
    """主管预算单位 (郑州市教育局), 封闭式, not 互认互通: suppliers are added by hand."""
    w = world(make_server, api_for, db_url)
    number = numbered_service_plan(w, "p-c")
    publish_notice(w, "zzjyj_jb", "zzjyj_sh", SaveCollectionNotice(
        "n-c", "p-c", ADDRESS, [LotForm("1", "常年法律顾问", "200000"), LotForm("2", "专项审计", "150000")]))
    result = SaveShortlistResult("r-c", "n-c", ShortlistBasis.MAX_PRICE, "180000", [LAW_FIRM_A, LAW_FIRM_B],
                                 responsive_count=4)
    w.ok("zzjyj_jb", result)
    w.ok("zzjyj_jb", SubmitAnnouncement("r-c"))
    w.ok("zzjyj_sh", ApproveAnnouncement("r-c", 1))
    w.ok("zzjyj_jb", AddSupplierAgent("p-c", LAW_FIRM_B.credit_code, AGENT))
    w.ok("zzjyj_jb", SaveAgreementFiling("a-c", "p-c", "2026-03-01", "2028-02-28"))
    w.ok("zzjyj_jb", FileAgreement("a-c"))
    w.ok("zzjyj_sh", ApproveAgreement("a-c", 1))

    browser = records(w, "zzmmj_jb", RecordKind.ANNOUNCEMENT)  # any purchaser's announcements browser
    assert {rid: (d["column"], d["plan_number"]) for rid, d in browser.items()} == {
        "n-c": ("采购公告", number), "r-c": ("结果公告", number)}
    filed = agreement(w, "zzmmj_jb", "a-c")
    assert (filed.state_label, filed.form, filed.plan_number) == ("已备案", "封闭式", number)
    assert [(s.credit_code, len(s.agents)) for s in filed.suppliers] == [
        (LAW_FIRM_A.credit_code, 0), (LAW_FIRM_B.credit_code, 1)]
    assert gate(w, "p-c") == "filed"
    assert records(w, "zzjyj_jb", RecordKind.TRADING_BRIDGE) == {}


def test_open_interop_agreement_of_a_central_procurement_agency(api_for: ApiFor, db_url: str,
                                                                make_server: MakeServer) -> None:
    """集采机构 (河南省政府采购中心, 省本级), 开放式, 互认互通: lots and suppliers come from the trading system."""
    w = world(make_server, api_for, db_url)
    number = numbered_central_plan(w, "p-o")
    assert w.refused("hncgzx_cgjb", SaveCollectionNotice("n-o", "p-o", ADDRESS)) == "lots_not_received"
    run_bridge(w)  # pushed, accepted, the lots come back
    publish_notice(w, "hncgzx_cgjb", "hncgzx_cgsh", SaveCollectionNotice("n-o", "p-o", "郑州市金水东路"))
    run_bridge(w)  # the notice is pushed; the shortlist comes back
    bridge_state = record(w, "hncgzx_cgjb", RecordKind.TRADING_BRIDGE, "p-o", TradingBridgeRecord)
    assert bridge_state.state == "已接收入围供应商"
    pushed = [s.credit_code for s in bridge_state.suppliers]
    assert sorted(pushed) == sorted([SUPPLIER_CREDIT_CODE, SUPPLIER2_CREDIT_CODE])

    picked = [SupplierForm(s.name, s.credit_code) for s in bridge_state.suppliers]
    w.ok("hncgzx_cgjb", SaveShortlistResult("r-o", "n-o", suppliers=picked))  # open: no basis needed
    w.ok("hncgzx_cgjb", SubmitAnnouncement("r-o"))
    w.ok("hncgzx_cgsh", ApproveAnnouncement("r-o", 1))
    run_bridge(w)  # the result is pushed too
    result = record(w, "zzmmj_jb", RecordKind.ANNOUNCEMENT, "r-o", AnnouncementRecord)
    assert (result.column, result.trading_push, result.needs_tendering) == ("结果公告", "已推送", False)
    project = [m.subject for m in record(w, "hncgzx_cgjb", RecordKind.TRADING_BRIDGE, "p-o",
                                          TradingBridgeRecord).messages]
    assert project == ["计划信息", "分包信息", "征集公告", "入围供应商", "入围结果公告"]
    assert [r.credit_code for r in roster(w, "hncgzx_cgjb")] == pushed

    w.ok("hncgzx_cgjb", SaveAgreementFiling("a-o", "p-o"))
    w.ok("hncgzx_cgjb", FileAgreement("a-o"))
    assert w.refused("hnczt_jg", ApproveAgreement("a-o", 1)) == "account_type_not_allowed"  # internal review only
    w.ok("hncgzx_cgsh", ApproveAgreement("a-o", 1))
    filed = agreement(w, "zzmmj_jb", "a-o")
    assert (filed.state_label, filed.form, filed.plan_number) == ("已备案", "开放式", number)
    assert (filed.scope_region_code, filed.scope_region_name, filed.category) == ("410100", "郑州市", "货物")

    # the second stage: purchasers in 郑州市, shortlisted suppliers only
    with w.server.db_session() as session:
        agreements.require_in_scope(session, "p-o", "410105", SUPPLIER_CREDIT_CODE)
        for region, code, refusal in [("410200", SUPPLIER_CREDIT_CODE, "purchaser_outside_scope"),
                                      ("410105", LAW_FIRM_A.credit_code, "supplier_not_shortlisted")]:
            with pytest.raises(CommandRejected) as info:
                agreements.require_in_scope(session, "p-o", region, code)
            assert info.value.code == refusal
