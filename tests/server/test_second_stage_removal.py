"""移出入围供应商 (remove_shortlisted_supplier, issue 7) against a real server on SQLite and PostgreSQL:
who may remove (the collector's 经办岗), every refusal, the roster tombstone, and the second stage
afterwards — the supplier is no longer offered, the 顺序轮候 order drops it (the only change it
admits), the procurements still choosing show it with the reason in their history; a supplier
admitted by joining an open agreement is removed the same way (and, admitted, was offered to the
procurements started before it joined)."""

from __future__ import annotations

from sqlalchemy import select

from desktop.domain.agreement_commands import RemoveShortlistedSupplier
from desktop.domain.agreement_records import AgreementRecord
from desktop.domain.protocol import CommandStatus, RecordKind, from_json
from desktop.domain.second_stage_commands import (
    ApplyToJoin,
    ApproveJoin,
    AwardRotation,
    CreateSecondStage,
    InviteBids,
    SelectSupplier,
)
from desktop.domain.workflow.agreement import SecondStageMethod
from server_stub.demo import SUPPLIER_CREDIT_CODE
from server_stub.models import ShortlistEntry
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import LAW_FIRM_A, LAW_FIRM_B, LAW_FIRM_C, records
from tests.server.test_second_stage import (
    HOUR,
    NEWCOMER,
    closed_agreement,
    counts_match,
    join,
    message,
    open_agreement,
    register_supplier,
    stage,
    world,
)

REASON = "无正当理由拒绝接受成交"


def test_removal_from_a_closed_rotation(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    register_supplier(w, "lf-b", "lfb_jb", LAW_FIRM_B)
    closed_agreement(w, "p-r", SecondStageMethod.ROTATION)
    a, b, c = LAW_FIRM_A.credit_code, LAW_FIRM_B.credit_code, LAW_FIRM_C.credit_code
    for procurement_id, username in (("r-1", "zzyz_jb"), ("r-2", "zzjyj_jb"), ("r-3", "zzyz_jb")):
        w.ok(username, CreateSecondStage(procurement_id, "p-r", f"法律顾问（{procurement_id}）"))
    w.ok("zzyz_jb", AwardRotation("r-1", a))
    assert stage(w, "zzjyj_jb", "r-2").rotation_next == b

    # the collector's 经办岗 only, with a reason, a supplier on the roster
    for username, code in [("zzjyj_sh", "post_not_handler"), ("zzyz_jb", "other_unit"),
                           ("lfb_jb", "account_type_not_allowed"), ("hncgzx_cgjb", "other_unit")]:
        assert w.refused(username, RemoveShortlistedSupplier("p-r", b, REASON)) == code, username
    assert w.push("zzjyj_jb", RemoveShortlistedSupplier("p-r", b, "  ")).status is CommandStatus.REJECTED
    assert message(w, "zzjyj_jb", RemoveShortlistedSupplier("p-r", SUPPLIER_CREDIT_CODE, REASON)) == (
        "shortlisted_supplier_unknown", f"未找到统一社会信用代码为“{SUPPLIER_CREDIT_CODE}”的入围供应商")

    w.ok("zzjyj_jb", RemoveShortlistedSupplier("p-r", b, REASON))
    code, text = message(w, "zzjyj_jb", RemoveShortlistedSupplier("p-r", b, REASON))
    assert code == "supplier_already_removed" and text.endswith("移出入围供应商，不能重复移出")
    roster = records(w, "zzjyj_jb", RecordKind.SHORTLISTED_SUPPLIER)
    assert sorted(r["credit_code"] for r in roster.values()) == sorted([a, c])  # a tombstone for B
    with w.server.db_session() as session:
        row = session.execute(select(ShortlistEntry).where(ShortlistEntry.credit_code == b)).scalar_one()
        assert (row.active, row.removed_reason, row.removed_at is not None) == (False, REASON, True)

    # the procurements still choosing: current suppliers, the rotation without B, the removal in the history
    waiting = stage(w, "zzjyj_jb", "r-2")
    assert [s.credit_code for s in waiting.suppliers] == [a, c] and waiting.rotation_next == c
    last = waiting.history[-1]
    assert (last.action, last.reason, last.from_state, last.to_state) == (
        "remove_supplier", REASON, "待确定供应商", "待确定供应商")
    assert stage(w, "zzyz_jb", "r-1").history[-1].action == "rotation_award"  # awarded before: unchanged
    assert w.refused("zzjyj_jb", AwardRotation("r-2", b)) == "supplier_not_shortlisted"
    w.ok("zzjyj_jb", AwardRotation("r-2", c))  # A and C had theirs: a new cycle starts with A
    assert stage(w, "zzyz_jb", "r-3").rotation_next == a
    w.ok("zzyz_jb", AwardRotation("r-3", a))
    assert stage(w, "zzyz_jb", "r-3").rotation_cycle == 2
    assert "r-2" not in records(w, "lfb_jb", RecordKind.SECOND_STAGE)
    for username in ("zzjyj_jb", "zzyz_jb", "lfb_jb"):
        counts_match(w, username)


def test_removal_of_a_supplier_that_joined_an_open_agreement(api_for: ApiFor, db_url: str,
                                                             make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    open_agreement(w)
    register_supplier(w, "dd", "dd_jb", NEWCOMER)
    w.ok("zzmmj_jb", CreateSecondStage("o-1", "p-o", "办公台式计算机"))
    w.ok("dd_jb", ApplyToJoin("j-1", "p-o"))
    assert NEWCOMER.credit_code not in [s.credit_code for s in stage(w, "zzmmj_jb", "o-1").suppliers]
    w.ok("hncgzx_cgsh", ApproveJoin("j-1"))  # the procurement started before offers the newcomer now
    assert NEWCOMER.credit_code in [s.credit_code for s in stage(w, "zzmmj_jb", "o-1").suppliers]

    assert w.refused("hncgzx_cgsh", RemoveShortlistedSupplier("p-o", NEWCOMER.credit_code, REASON)) == \
        "post_not_handler"
    w.ok("hncgzx_cgjb", RemoveShortlistedSupplier("p-o", NEWCOMER.credit_code, "提供虚假材料"))
    choosing = stage(w, "zzmmj_jb", "o-1")
    assert NEWCOMER.credit_code not in [s.credit_code for s in choosing.suppliers]
    assert (choosing.history[-1].action, choosing.history[-1].reason) == ("remove_supplier", "提供虚假材料")
    assert w.refused("zzmmj_jb", SelectSupplier("o-1", NEWCOMER.credit_code)) == "supplier_not_shortlisted"
    assert w.refused("zzmmj_jb", InviteBids("o-1", w.server.clock() + HOUR)) == "method_mismatch"
    w.ok("zzmmj_jb", SelectSupplier("o-1", SUPPLIER_CREDIT_CODE))
    for username in ("hncgzx_cgjb", "zzmmj_jb", "dd_jb"):
        counts_match(w, username)
    [agreement] = [from_json(AgreementRecord, data) for data in records(w, "zzmmj_jb", RecordKind.AGREEMENT).values()
                   if data["plan_id"] == "p-o"]  # the filed agreement's history says who left and why
    assert (agreement.history[-1].action, agreement.history[-1].reason) == (
        "remove_supplier", f"{NEWCOMER.name}（{NEWCOMER.credit_code}）：提供虚假材料")
    # applying again: Order 110 forbids it, the manual is silent — the reviewer is warned, not refused
    assert not [x for x in join(w, "hncgzx_cgsh", "j-1").warnings if x.code == "rejoin_after_removal"]
    w.ok("dd_jb", ApplyToJoin("j-2", "p-o"))
    again = join(w, "hncgzx_cgsh", "j-2")
    [warning] = [x for x in again.warnings if x.code == "rejoin_after_removal"]
    assert "被移出本框架协议（原因：提供虚假材料）" in warning.message
