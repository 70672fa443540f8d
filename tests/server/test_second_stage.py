"""框架协议二阶段 (合同备案 by purchasers within the scope) and joining an open agreement (issue 7; seed
manual 1.3.1.5, 1.3.2) against a real server on SQLite and PostgreSQL.

Closed agreement: 郑州市教育局's legal-services agreement (主管预算单位, the e2e project of
test_agreements) with the method fixed in its plan — 直接选定, 二次竞价 or 顺序轮候 — each carried to
合同备案, its 合同公告 and the 采购计划备案 it creates, with every refusal. Open agreement: 河南省政府采购中心's
互认互通 desktop-PC agreement for 郑州市: direct choice, one join application approved within its
deadline and one refused with a reason after its review deadline had passed (the regulator sees it).

Demo purchasers: 郑州市第一中学 yz-zz (under 郑州市教育局; zzyz_jb / zzyz_sh), 郑州市教育局 itself
(zzjyj_jb / zzjyj_sh), 河南省郑州市某某局 mmj-zz (410100, outside 郑州市教育局's department;
zzmmj_jb / zzmmj_sh). The law firms get supplier accounts here so they can bid.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from desktop.domain.agreement_commands import (
    ApproveAgreement,
    ApproveAnnouncement,
    FileAgreement,
    LotForm,
    SaveAgreementFiling,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
)
from desktop.domain.agreement_records import AnnouncementRecord, ShortlistedSupplierRecord, TradingBridgeRecord
from desktop.domain.protocol import RecordKind, from_json
from desktop.domain.roles import Post, UnitKind, UserType
from desktop.domain.second_stage_commands import (
    ApplyToJoin,
    ApproveJoin,
    ApproveSecondStageContract,
    AwardBids,
    AwardRotation,
    CreateSecondStage,
    FileSecondStageContract,
    InviteBids,
    RefuseJoin,
    ReturnSecondStageContract,
    SelectSupplier,
    SubmitBid,
)
from desktop.domain.second_stage_records import (
    BidRecord,
    JoinApplicationRecord,
    ProcurementPlanRecord,
    SecondStageRecord,
)
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.workdays import DEFAULT_CALENDAR, local_date
from server_stub.auth import hash_password
from server_stub.demo import DEMO_PASSWORD, SUPPLIER2_CREDIT_CODE, SUPPLIER_CREDIT_CODE
from server_stub.services import registry
from server_stub.services import second_stage as second_stage_service
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import (
    LAW_FIRM_A,
    LAW_FIRM_B,
    LAW_FIRM_C,
    credit,
    numbered_central_plan,
    numbered_service_plan,
    publish_notice,
    record,
    records,
    run_bridge,
)
from tests.server.test_plans import World
from tests.server.test_sync_api import pull_all

ADDRESS = "郑州市金水区文化路1号"
NOT_FILED = "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作（合同备案）"
HOUR = dt.timedelta(hours=1)
NEWCOMER = SupplierForm("河南丁信息技术有限公司", credit("91410100MA0000551"), "郑州市高新区", "钱经理", "13900000055")
LATECOMER = SupplierForm("河南戊电脑销售有限公司", credit("91410100MA0000662"), "郑州市中原区", "孙经理", "13900000066")


def world(make_server: MakeServer, api_for: ApiFor, db_url: str) -> World:
    """A demo server whose sessions outlive the clock moves of these tests (deadlines, working days)."""
    return World(make_server(db_url, session_ttl=dt.timedelta(days=400)), api_for)


def today(w: World) -> dt.date:
    return local_date(w.server.clock())


def register_supplier(w: World, unit_id: str, username: str, form: SupplierForm) -> None:
    """A supplier unit with a password account (the law firms bid; newcomers apply to join)."""
    with w.server.db_session() as session:
        unit = registry.add_unit(session, unit_id, form.name, form.credit_code, UnitKind.SUPPLIER, "410105",
                                 allow_password_login=True, contact_person=form.contact_person,
                                 contact_phone=form.phone)
        registry.add_account(session, f"acc-{unit_id}", username, unit, UserType.SUPPLIER, Post.HANDLER,
                             password_hash=hash_password(DEMO_PASSWORD))
        session.commit()


def law_firm_accounts(w: World) -> None:
    for unit_id, username, form in (("lf-a", "lfa_jb", LAW_FIRM_A), ("lf-b", "lfb_jb", LAW_FIRM_B),
                                     ("lf-c", "lfc_jb", LAW_FIRM_C)):
        register_supplier(w, unit_id, username, form)


def closed_agreement(w: World, plan_id: str, method: SecondStageMethod | None, *, approve: bool = True,
                     suppliers: tuple[SupplierForm, ...] = (LAW_FIRM_A, LAW_FIRM_B, LAW_FIRM_C)) -> str:
    """郑州市教育局's closed legal-services agreement, its method fixed in the plan, filed (when asked);
    the 最高入围价格 (the agreement price) is 280000. Returns the plan number."""
    start = today(w) - dt.timedelta(days=30)
    number = numbered_service_plan(w, plan_id, validity_start=start.isoformat(),
                                   validity_end=(start + dt.timedelta(days=700)).isoformat(),
                                   second_stage_method=method)
    publish_notice(w, "zzjyj_jb", "zzjyj_sh", SaveCollectionNotice(f"n-{plan_id}", plan_id, ADDRESS,
                                                                   [LotForm("1", "法律顾问")]))
    w.ok("zzjyj_jb", SaveShortlistResult(f"r-{plan_id}", f"n-{plan_id}", ShortlistBasis.MAX_PRICE, "280000",
                                         list(suppliers), responsive_count=len(suppliers) + 1))
    w.ok("zzjyj_jb", SubmitAnnouncement(f"r-{plan_id}"))
    w.ok("zzjyj_sh", ApproveAnnouncement(f"r-{plan_id}", 1))
    w.ok("zzjyj_jb", SaveAgreementFiling(f"a-{plan_id}", plan_id))
    w.ok("zzjyj_jb", FileAgreement(f"a-{plan_id}"))
    if approve:
        w.ok("zzjyj_sh", ApproveAgreement(f"a-{plan_id}", 1))
    return number


def stage(w: World, username: str, procurement_id: str) -> SecondStageRecord:
    rec: SecondStageRecord = record(w, username, RecordKind.SECOND_STAGE, procurement_id, SecondStageRecord)
    return rec


def message(w: World, username: str, command: object) -> tuple[str, str]:
    reason = w.push(username, command).reason
    assert reason is not None, "expected a refusal"
    return reason.code, reason.message


def counts_match(w: World, username: str) -> None:
    """The per-kind count check a sync ends with agrees with what the account pulled (shared records)."""
    state, _ = pull_all(w.api(username), limit=500)
    pulled = Counter(kind for (kind, _id), data in state.items() if data is not None)
    assert w.api(username).counts().counts == dict(pulled), username


def filed_contract(w: World, handler: str, reviewer: str, procurement_id: str, title: str, amount: str) -> None:
    w.ok(handler, FileSecondStageContract(procurement_id, title, amount, today(w).isoformat()))
    w.ok(reviewer, ApproveSecondStageContract(procurement_id, stage(w, handler, procurement_id).submission))


def check_filed(w: World, purchaser: str, procurement_id: str, supplier: SupplierForm, amount: str, method: str,
                plan_number: str, sequence: int, regulator: str) -> None:
    """合同备案 done: the 合同公告 in its column for everyone, the 采购计划备案 for the purchaser, its regulator,
    the collector and the supplier (when registered), nobody else."""
    done = stage(w, purchaser, procurement_id)
    assert (done.state_label, done.supplier_credit_code, done.contract_amount, done.method) == (
        "已备案", supplier.credit_code, amount, method)
    assert done.procurement_plan_number == f"{plan_number}-{sequence:03d}" and done.filed_at is not None
    notice = record(w, "zzbgsb_jb", RecordKind.ANNOUNCEMENT, f"htgg-{procurement_id}", AnnouncementRecord)
    assert (notice.kind, notice.column, notice.state_label, notice.plan_number) == (
        "合同公告", "合同公告", "已发布", plan_number)
    assert supplier.name in notice.content and f"合同金额：{amount}元" in notice.content
    plan = record(w, purchaser, RecordKind.PROCUREMENT_PLAN, procurement_id, ProcurementPlanRecord)
    assert (plan.number, plan.supplier_credit_code, plan.amount, plan.method, plan.procurement_method,
            plan.announcement_id, plan.source) == (
        done.procurement_plan_number, supplier.credit_code, amount, method, "框架协议采购", f"htgg-{procurement_id}",
        "二阶段合同备案自动生成")
    assert procurement_id in records(w, regulator, RecordKind.PROCUREMENT_PLAN)


# --- 直接选定 -------------------------------------------------------------------------------------------

def test_direct_selection_to_contract_filing(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    law_firm_accounts(w)
    number = closed_agreement(w, "p-d", None, approve=False)  # 备案 submitted, not approved yet
    assert message(w, "zzyz_jb", CreateSecondStage("s-1", "p-d", "2027年度法律顾问")) == (
        "agreement_not_filed", NOT_FILED)
    w.ok("zzjyj_sh", ApproveAgreement("a-p-d", 1))

    # a purchaser 经办岗 within the scope: 郑州市教育局's department
    assert message(w, "zzmmj_jb", CreateSecondStage("s-1", "p-d", "法律顾问"))[0] == "purchaser_outside_scope"
    for username, code in [("zzyz_sh", "post_not_handler"), ("lfa_jb", "purchaser_account_required"),
                           ("hncgzx_jb", "purchaser_account_required")]:
        assert w.refused(username, CreateSecondStage("s-1", "p-d", "法律顾问")) == code, username
    w.ok("zzyz_jb", CreateSecondStage("s-1", "p-d", "2027年度法律顾问"))
    assert w.refused("zzyz_jb", CreateSecondStage("s-1", "p-d", "法律顾问")) == "second_stage_id_taken"
    created = stage(w, "zzyz_jb", "s-1")
    assert (created.state_label, created.method, created.form, created.plan_number) == (
        "待确定供应商", "直接选定", "封闭式", number)
    assert [s.credit_code for s in created.suppliers] == [f.credit_code for f in (LAW_FIRM_A, LAW_FIRM_B, LAW_FIRM_C)]
    assert "s-1" in records(w, "zzjyj_jb", RecordKind.SECOND_STAGE)  # the collector sees its agreement used
    assert "s-1" not in records(w, "zzmmj_jb", RecordKind.SECOND_STAGE)

    assert w.refused("zzyz_jb", SelectSupplier("s-1", SUPPLIER_CREDIT_CODE)) == "supplier_not_shortlisted"
    assert w.refused("zzjyj_jb", SelectSupplier("s-1", LAW_FIRM_B.credit_code)) == "other_unit"
    assert w.refused("zzyz_jb", InviteBids("s-1", w.server.clock() + HOUR)) == "method_mismatch"
    assert w.refused("zzyz_jb", AwardRotation("s-1", LAW_FIRM_A.credit_code)) == "method_mismatch"
    assert w.refused("zzyz_jb", FileSecondStageContract("s-1", "合同", "1", today(w).isoformat())) == \
        "supplier_not_determined"
    w.ok("zzyz_jb", SelectSupplier("s-1", LAW_FIRM_B.credit_code))
    assert w.refused("zzyz_jb", SelectSupplier("s-1", LAW_FIRM_A.credit_code)) == "second_stage_state"
    assert "s-1" in records(w, "lfb_jb", RecordKind.SECOND_STAGE)  # the chosen supplier sees it
    assert "s-1" not in records(w, "lfa_jb", RecordKind.SECOND_STAGE)

    # 合同备案: 经办岗 submits, 内部审核岗 approves; nobody approves their own submission
    w.ok("zzyz_jb", FileSecondStageContract("s-1", "2027年度法律顾问服务合同", "180000", today(w).isoformat()))
    pending = stage(w, "zzyz_jb", "s-1")
    assert (pending.state_label, pending.submission, pending.pending_step) == (
        "合同备案待内部审核岗审核", 1, "内部审核岗审核")
    for username, code in [("zzyz_jb", "own_submission"), ("zzjyj_sh", "other_unit"),
                           ("zzmmj_sh", "other_unit")]:
        assert w.refused(username, ApproveSecondStageContract("s-1", 1)) == code, username
    w.ok("zzyz_sh", ReturnSecondStageContract("s-1", 1, "合同金额与报价不一致"))
    returned = stage(w, "zzyz_jb", "s-1")
    assert (returned.state_label, returned.return_reason) == ("合同备案已退回", "合同金额与报价不一致")
    assert "htgg-s-1" not in records(w, "zzmmj_jb", RecordKind.ANNOUNCEMENT)
    w.ok("zzyz_jb", FileSecondStageContract("s-1", "2027年度法律顾问服务合同", "175000", today(w).isoformat()))
    assert w.refused("zzyz_sh", ApproveSecondStageContract("s-1", 1)) == "second_stage_contract_changed"
    w.ok("zzyz_sh", ApproveSecondStageContract("s-1", 2))
    check_filed(w, "zzyz_jb", "s-1", LAW_FIRM_B, "175000", "直接选定", number, 1, "zzczj_jg")
    assert [e.action for e in stage(w, "zzyz_jb", "s-1").history] == [
        "create", "select", "file", "return", "file", "approve"]
    assert "s-1" in records(w, "lfb_jb", RecordKind.PROCUREMENT_PLAN)
    assert "s-1" in records(w, "zzjyj_jb", RecordKind.PROCUREMENT_PLAN)
    assert "s-1" not in records(w, "zzmmj_jb", RecordKind.PROCUREMENT_PLAN)
    assert w.refused("zzyz_sh", ApproveSecondStageContract("s-1", 2)) == "second_stage_contract_changed"
    # a closed agreement admits nobody after collection
    register_supplier(w, "dd", "dd_jb", NEWCOMER)
    assert w.refused("dd_jb", ApplyToJoin("j-1", "p-d")) == "not_open_agreement"
    for username in ("zzyz_jb", "zzjyj_jb", "lfb_jb", "lfa_jb", "zzczj_jg", "zzmmj_jb"):
        counts_match(w, username)


# --- 二次竞价 -------------------------------------------------------------------------------------------

def test_second_bidding_to_contract_filing(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    law_firm_accounts(w)
    number = closed_agreement(w, "p-b", SecondStageMethod.SECOND_BIDDING)
    w.ok("zzjyj_jb", CreateSecondStage("s-b", "p-b", "法律顾问（二次竞价）"))  # the collector buys for itself
    assert w.refused("zzjyj_jb", SelectSupplier("s-b", LAW_FIRM_A.credit_code)) == "method_mismatch"
    deadline = w.server.clock() + HOUR
    assert w.refused("zzjyj_jb", InviteBids("s-b", w.server.clock() - HOUR)) == "bid_deadline_in_past"
    assert w.refused("zzjyj_jb", InviteBids("s-b", deadline, ceiling="300000")) == "ceiling_above_agreement_price"
    assert w.refused("zzjyj_jb", InviteBids("s-b", deadline, [SUPPLIER2_CREDIT_CODE])) == "supplier_not_shortlisted"
    assert w.refused("lfa_jb", SubmitBid("s-b", "1")) == "bidding_not_open"
    w.ok("zzjyj_jb", InviteBids("s-b", deadline))  # every shortlisted supplier; the agreement price caps
    invited = stage(w, "lfc_jb", "s-b")  # invited suppliers see the invitation and its deadline
    assert (invited.state_label, invited.ceiling, invited.deadline, invited.bid_count) == (
        "竞价中", "280000", deadline, 0)
    assert [x.code for x in invited.warnings] == ["response_time_short"]

    assert message(w, "lfc_jb", SubmitBid("s-b", "280000.01")) == (
        "bid_above_agreement_price", "报价不得高于协议价格（280000元）")
    w.ok("lfa_jb", SubmitBid("s-b", "260000"))
    w.ok("lfb_jb", SubmitBid("s-b", "250000"))
    assert w.refused("lfb_jb", SubmitBid("s-b", "240000")) == "bid_already_submitted"
    assert w.refused("zzbgsb_jb", SubmitBid("s-b", "1")) == "supplier_not_invited"
    assert w.refused("zzjyj_jb", SubmitBid("s-b", "1")) == "supplier_account_required"
    (own,) = records(w, "lfb_jb", RecordKind.SECOND_STAGE_BID).values()  # a bidder sees its own bid only
    assert (from_json(BidRecord, own).price, from_json(BidRecord, own).credit_code) == ("250000",
                                                                                        LAW_FIRM_B.credit_code)
    assert records(w, "zzjyj_jb", RecordKind.SECOND_STAGE_BID) == {}
    sealed = stage(w, "zzjyj_jb", "s-b")
    assert (sealed.bid_count, sealed.bids) == (2, [])  # sealed until the deadline
    assert message(w, "zzjyj_jb", AwardBids("s-b"))[0] == "bidding_not_closed"

    w.server.clock.offset += 2 * HOUR  # the server's clock passes the deadline
    late = message(w, "lfc_jb", SubmitBid("s-b", "200000"))
    assert late[0] == "bid_deadline_passed" and "已超过竞价响应截止时间" in late[1]
    assert w.refused("zzjyj_sh", AwardBids("s-b")) == "post_not_handler"
    w.ok("zzjyj_jb", AwardBids("s-b"))
    won = stage(w, "lfa_jb", "s-b")
    assert (won.state_label, won.supplier_credit_code, won.award_price) == (
        "待合同备案", LAW_FIRM_B.credit_code, "250000")
    assert [(b.rank, b.credit_code, b.price) for b in won.bids] == [
        (1, LAW_FIRM_B.credit_code, "250000"), (2, LAW_FIRM_A.credit_code, "260000")]

    assert message(w, "zzjyj_jb", FileSecondStageContract("s-b", "法律顾问合同", "250000.01",
                                                          today(w).isoformat()))[0] == "contract_above_winning_bid"
    filed_contract(w, "zzjyj_jb", "zzjyj_sh", "s-b", "法律顾问合同", "250000")
    check_filed(w, "zzjyj_jb", "s-b", LAW_FIRM_B, "250000", "二次竞价", number, 1, "zzczj_jg")

    # nobody bids: 竞价失败, the purchaser starts again
    w.ok("zzyz_jb", CreateSecondStage("s-b2", "p-b", "专项法律服务"))
    w.ok("zzyz_jb", InviteBids("s-b2", w.server.clock() + dt.timedelta(days=2), [LAW_FIRM_A.credit_code],
                               ceiling="100000"))
    assert message(w, "lfa_jb", SubmitBid("s-b2", "100001"))[1] == "报价不得高于协议价格（100000元）"
    w.server.clock.offset += dt.timedelta(days=3)
    w.ok("zzyz_jb", AwardBids("s-b2"))
    assert stage(w, "zzyz_jb", "s-b2").state_label == "竞价失败"
    assert w.refused("zzyz_jb", FileSecondStageContract("s-b2", "合同", "1", today(w).isoformat())) == \
        "supplier_not_determined"


# --- 顺序轮候 -------------------------------------------------------------------------------------------

def test_rotation_to_contract_filing(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    number = closed_agreement(w, "p-r", SecondStageMethod.ROTATION, suppliers=(LAW_FIRM_A, LAW_FIRM_B))
    a, b = LAW_FIRM_A.credit_code, LAW_FIRM_B.credit_code
    for procurement_id, username in (("r-1", "zzyz_jb"), ("r-2", "zzjyj_jb"), ("r-3", "zzyz_jb")):
        w.ok(username, CreateSecondStage(procurement_id, "p-r", f"法律顾问（{procurement_id}）"))
    assert stage(w, "zzyz_jb", "r-1").rotation_next == a  # the fixed order: the result announcement's
    assert w.refused("zzyz_jb", SelectSupplier("r-1", a)) == "method_mismatch"
    assert w.refused("zzyz_jb", AwardRotation("r-1", b)) == "rotation_not_next"
    w.ok("zzyz_jb", AwardRotation("r-1", a))
    assert (stage(w, "zzyz_jb", "r-1").rotation_cycle, stage(w, "zzjyj_jb", "r-2").rotation_next) == (1, b)
    refusal = message(w, "zzjyj_jb", AwardRotation("r-2", a))  # a second award in the same cycle
    assert refusal == ("rotation_already_awarded", "顺序轮候每个轮候周期内每家供应商只能获得一次成交（第1轮已成交）")
    w.ok("zzjyj_jb", AwardRotation("r-2", b))  # the cycle is complete: a new one starts with A
    w.ok("zzyz_jb", AwardRotation("r-3", a))
    assert [stage(w, "zzyz_jb", p).rotation_cycle for p in ("r-1", "r-3")] == [1, 2]
    assert stage(w, "zzjyj_jb", "r-2").supplier_credit_code == b
    assert w.refused("zzyz_jb", AwardRotation("r-3", b)) == "second_stage_state"

    filed_contract(w, "zzyz_jb", "zzyz_sh", "r-1", "法律顾问合同（第1轮）", "120000")
    check_filed(w, "zzyz_jb", "r-1", LAW_FIRM_A, "120000", "顺序轮候", number, 1, "zzczj_jg")
    filed_contract(w, "zzjyj_jb", "zzjyj_sh", "r-2", "法律顾问合同（第1轮）", "90000")
    check_filed(w, "zzjyj_jb", "r-2", LAW_FIRM_B, "90000", "顺序轮候", number, 2, "zzczj_jg")


# --- the open agreement ---------------------------------------------------------------------------------

def open_agreement(w: World) -> str:
    """河南省政府采购中心's open 互认互通 agreement for 郑州市 (the e2e project of test_agreements)."""
    number = numbered_central_plan(w, "p-o")
    run_bridge(w)
    publish_notice(w, "hncgzx_cgjb", "hncgzx_cgsh", SaveCollectionNotice("n-o", "p-o", "郑州市金水东路"))
    run_bridge(w)
    pushed = record(w, "hncgzx_cgjb", RecordKind.TRADING_BRIDGE, "p-o", TradingBridgeRecord).suppliers
    w.ok("hncgzx_cgjb", SaveShortlistResult("r-o", "n-o", ShortlistBasis.MAX_PRICE, "5200",
                                            [SupplierForm(s.name, s.credit_code) for s in pushed]))
    w.ok("hncgzx_cgjb", SubmitAnnouncement("r-o"))
    w.ok("hncgzx_cgsh", ApproveAnnouncement("r-o", 1))
    w.ok("hncgzx_cgjb", SaveAgreementFiling("a-o", "p-o"))
    w.ok("hncgzx_cgjb", FileAgreement("a-o"))
    w.ok("hncgzx_cgsh", ApproveAgreement("a-o", 1))
    return number


def join(w: World, username: str, application_id: str) -> JoinApplicationRecord:
    rec: JoinApplicationRecord = record(w, username, RecordKind.JOIN_APPLICATION, application_id,
                                        JoinApplicationRecord)
    return rec


def flag_overdue(w: World) -> int:
    with w.server.db_session() as session:
        changed = second_stage_service.flag_overdue(session, w.server.clock())
        session.commit()
        return changed


def test_open_agreement_direct_choice_and_joining(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    number = open_agreement(w)
    register_supplier(w, "dd", "dd_jb", NEWCOMER)
    register_supplier(w, "ww", "ww_jb", LATECOMER)

    # direct choice by a purchaser in 郑州市; the provincial 集采机构 itself is outside the scope
    assert w.refused("hncgzx_cgjb", CreateSecondStage("o-1", "p-o", "台式计算机")) == "purchaser_outside_scope"
    w.ok("zzmmj_jb", CreateSecondStage("o-1", "p-o", "办公台式计算机"))
    assert stage(w, "zzmmj_jb", "o-1").method == "直接选定"
    w.ok("zzmmj_jb", SelectSupplier("o-1", SUPPLIER_CREDIT_CODE))
    filed_contract(w, "zzmmj_jb", "zzmmj_sh", "o-1", "台式计算机采购合同", "52000")
    supplier = SupplierForm("河南豫采示范科技有限公司", SUPPLIER_CREDIT_CODE)
    check_filed(w, "zzmmj_jb", "o-1", supplier, "52000", "直接选定", number, 1, "zzczj_jg")
    assert "o-1" in records(w, "hncgzx_cgjb", RecordKind.PROCUREMENT_PLAN)

    # a supplier applies at any time; reviewed within 7 working days, announced within 2
    assert w.refused("zzbgsb_jb", ApplyToJoin("j-0", "p-o")) == "already_shortlisted"
    assert w.refused("zzmmj_jb", ApplyToJoin("j-0", "p-o")) == "supplier_account_required"
    w.ok("dd_jb", ApplyToJoin("j-1", "p-o", contact_person="钱经理"))
    assert w.refused("dd_jb", ApplyToJoin("j-2", "p-o")) == "join_application_pending"
    applied = join(w, "dd_jb", "j-1")
    received = local_date(applied.received_at)
    assert (applied.status, applied.name, applied.credit_code, applied.warnings) == (
        "待审核", NEWCOMER.name, NEWCOMER.credit_code, [])
    assert applied.review_due == DEFAULT_CALENDAR.add_workdays(received, 7).isoformat()
    for username in ("hncgzx_cgjb", "hnczt_jg"):  # the collector and its regulator see it
        assert join(w, username, "j-1").status == "待审核", username
    assert "j-1" not in records(w, "zzbgsb_jb", RecordKind.JOIN_APPLICATION)
    assert w.refused("zzmmj_jb", SelectSupplier("o-1", NEWCOMER.credit_code)) == "second_stage_state"
    w.ok("zzmmj_jb", CreateSecondStage("o-2", "p-o", "办公台式计算机（二）"))
    assert w.refused("zzmmj_jb", SelectSupplier("o-2", NEWCOMER.credit_code)) == "supplier_not_shortlisted"

    for username, code in [("hncgzx_cgjb", "post_not_reviewer"), ("zzjyj_sh", "other_unit"),
                           ("dd_jb", "other_unit")]:
        assert w.refused(username, ApproveJoin("j-1")) == code, username
    w.ok("hncgzx_cgsh", ApproveJoin("j-1"))  # within the deadline
    approved = join(w, "hnczt_jg", "j-1")
    assert (approved.status, approved.announcement_id, approved.warnings) == ("已入围", "rwgg-j-1", [])
    assert approved.announced_at is not None and approved.announce_due == DEFAULT_CALENDAR.add_workdays(
        local_date(approved.announced_at), 2).isoformat()
    announcement = record(w, "zzbgsb_jb", RecordKind.ANNOUNCEMENT, "rwgg-j-1", AnnouncementRecord)
    assert (announcement.column, announcement.form, [s.credit_code for s in announcement.suppliers]) == (
        "结果公告", "开放式", [NEWCOMER.credit_code])
    assert NEWCOMER.name in announcement.title and "5200元" in announcement.content
    roster = sorted((from_json(ShortlistedSupplierRecord, r) for r in
                     records(w, "hncgzx_cgjb", RecordKind.SHORTLISTED_SUPPLIER).values()), key=lambda r: r.position)
    assert roster[-1].credit_code == NEWCOMER.credit_code and roster[-1].result_id == "rwgg-j-1"
    assert w.refused("hncgzx_cgsh", ApproveJoin("j-1")) == "join_already_reviewed"
    w.ok("zzmmj_jb", SelectSupplier("o-2", NEWCOMER.credit_code))  # the newcomer can be chosen now
    assert stage(w, "zzmmj_jb", "o-2").supplier_credit_code == NEWCOMER.credit_code

    # another application waits past its review deadline: flagged for the regulator, then refused with a reason
    w.ok("ww_jb", ApplyToJoin("j-3", "p-o"))
    due = dt.date.fromisoformat(join(w, "ww_jb", "j-3").review_due)
    assert flag_overdue(w) == 0
    w.server.clock.offset += dt.timedelta(days=(DEFAULT_CALENDAR.add_workdays(due, 1) - today(w)).days)
    assert flag_overdue(w) == 1 and flag_overdue(w) == 0
    flagged = join(w, "hnczt_jg", "j-3")
    assert [x.code for x in flagged.warnings][:1] == ["join_review_overdue"]
    assert "尚未审核，已逾期1个工作日" in flagged.warnings[0].message
    refused = w.push("hncgzx_cgsh", RefuseJoin("j-3", " "))
    assert refused.reason is not None and refused.reason.code == "refusal_reason_required"
    w.ok("hncgzx_cgsh", RefuseJoin("j-3", "所投产品不在协议品目范围内"))
    refusal = join(w, "ww_jb", "j-3")
    assert (refusal.status, refusal.reason) == ("未通过", "所投产品不在协议品目范围内")
    assert [x.code for x in refusal.warnings][:1] == ["join_review_overdue"]  # reviewed late: still flagged
    assert w.refused("zzmmj_jb", CreateSecondStage("o-2", "p-o", "x")) == "second_stage_id_taken"
    w.ok("zzmmj_jb", CreateSecondStage("o-3", "p-o", "办公台式计算机（三）"))
    assert w.refused("zzmmj_jb", SelectSupplier("o-3", LATECOMER.credit_code)) == "supplier_not_shortlisted"
    w.ok("ww_jb", ApplyToJoin("j-4", "p-o"))  # refused before: it may apply again
    for username in ("zzmmj_jb", "hncgzx_cgjb", "hnczt_jg", "dd_jb", "ww_jb", "zzbgsb_jb"):
        counts_match(w, username)
