"""移出入围供应商, the 合同在线签订 link and 资金支付 (desktop.domain.workflow.second_stage_extras): every rule,
no I/O."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.roles import Post
from desktop.domain.workflow import second_stage as ss
from desktop.domain.workflow import second_stage_extras as ex
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.contract import ContractState
from desktop.domain.workflow.suppliers import ShortlistedSupplier

from .helpers import actor
from .test_second_stage import CONTRACT, HANDLER, NOW, REVIEWER, S1, S2, S3, awarded, refusal, started, terms

NOT_FILED = "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作（资金支付）"
COLLECTOR = actor("jyj-jb", "u-jyj")
ROSTER = (ShortlistedSupplier(S1), ShortlistedSupplier(S2), ShortlistedSupplier(S3))
SHA = "a" * 64


# --- 移出入围供应商 -----------------------------------------------------------------------------------

def test_removing_a_supplier_needs_a_reason_and_a_roster_entry() -> None:
    event = ex.remove_supplier("p1", ROSTER, {}, S2.credit_code, " 拒不履行合同 ", COLLECTOR, NOW)
    assert (event.subject_id, event.action, event.reason, event.at) == ("p1", "remove_supplier", "拒不履行合同", NOW)
    assert dict(event.detail) == {"supplier": S2.credit_code, "name": S2.name}
    assert refusal("removal_reason_required", ex.remove_supplier, "p1", ROSTER, {}, S2.credit_code, "  ",
                   COLLECTOR, NOW) == "移出入围供应商时必须填写原因"
    assert "未找到统一社会信用代码为" in refusal("shortlisted_supplier_unknown", ex.remove_supplier, "p1", ROSTER[:1],
                                               {}, S2.credit_code, "原因", COLLECTOR, NOW)
    gone = {S2.credit_code: dt.date(2026, 11, 20)}
    assert refusal("supplier_already_removed", ex.remove_supplier, "p1", ROSTER[::2], gone, S2.credit_code, "原因",
                   COLLECTOR, NOW) == "该供应商已于2026-11-20移出入围供应商，不能重复移出"
    refusal("post_not_handler", ex.remove_supplier, "p1", ROSTER, {}, S2.credit_code, "原因",
            actor("jyj-sh", "u-jyj", Post.REVIEWER), NOW)


def test_a_removed_supplier_is_no_longer_offered() -> None:
    current = ss.current_suppliers((S1, S2, S3), removed=[S2.credit_code])
    assert [s.credit_code for s in current] == [S1.credit_code, S3.credit_code]
    refusal("supplier_not_shortlisted", ss.require_supplier, terms(suppliers=current), S2.credit_code)


# --- 合同在线签订 ------------------------------------------------------------------------------------

def test_second_stage_lots() -> None:
    assert ex.lot_id_for("s-1") == "ssl-s-1" and ex.is_second_stage_lot("ssl-s-1")
    assert not ex.is_second_stage_lot("lot-mmj-2026-001-1")
    ex.refuse_online_filing("lot-mmj-2026-001-1")  # other lots: filed in 合同在线签订 as before
    assert "【合同管理】-【合同备案】（框架协议）" in refusal("second_stage_lot", ex.refuse_online_filing, "ssl-s-1")
    ex.refuse_contract_after_filing(False)
    refusal("second_stage_filed", ex.refuse_contract_after_filing, True)


def test_the_doubly_signed_pdf_is_the_main_document() -> None:
    assert ex.main_document(None, None) == ""  # no online contract: filed as before
    assert ex.main_document(ContractState.SUPPLIER_CONFIRMED, SHA) == SHA
    assert ex.main_document(ContractState.FILED, SHA) == SHA
    for state in (ContractState.AWAITING_SIGNATURES, ContractState.PURCHASER_CONFIRMED):
        message = refusal("online_contract_unsigned", ex.main_document, state, None)
        assert f"当前状态“{state.value}”" in message and "供应商已确认" in message


# --- 资金支付 ----------------------------------------------------------------------------------------

def filed_stage() -> ss.SecondStage:
    submitted = ss.submit_contract_filing(awarded(), HANDLER, CONTRACT, NOW).record
    return ss.approve_contract_filing(submitted, REVIEWER, NOW).record


def pay(stage: ss.SecondStage, amount: str, recorded: tuple[ex.Payment, ...] = (), payment_id: str = "pay-1"
        ) -> ex.Payment | None:
    return ex.request_payment(stage, True, HANDLER, recorded, payment_id, Decimal(amount), NOW)


def test_payments_only_after_both_filings() -> None:
    stage = filed_stage()
    payment = pay(stage, "50000")
    assert payment == ex.Payment("pay-1", Decimal(50000), NOW, HANDLER.account_id)
    assert refusal("agreement_not_filed", ex.request_payment, stage, False, HANDLER, (), "pay-1", Decimal(1),
                   NOW) == NOT_FILED
    message = refusal("contract_not_filed", pay, awarded(), "1")
    assert message == "当前状态为“待合同备案”，合同备案完成（已备案）后才能申请资金支付"
    refusal("contract_not_filed", pay, started(terms()), "1")
    for who, code in ((REVIEWER, "post_not_handler"), (COLLECTOR, "other_unit")):
        refusal(code, ex.request_payment, stage, True, who, (), "pay-1", Decimal(1), NOW)
    refusal("payment_amount_invalid", pay, stage, "0")


def test_payments_never_exceed_the_contract() -> None:
    stage = filed_stage()  # contract amount 200000
    first = pay(stage, "150000")
    assert first is not None
    message = refusal("payment_exceeds_contract", pay, stage, "50000.01", (first,), "pay-2")
    assert message == "累计支付金额（200000.01元）不得超过合同金额（200000元），本次最多可申请50000元"
    last = pay(stage, "50000", (first,), "pay-2")
    assert last is not None and ex.paid_total((first, last)) == CONTRACT.amount


def test_a_payment_id_is_recorded_once() -> None:
    stage = filed_stage()
    first = pay(stage, "150000")
    assert first is not None
    assert pay(stage, "150000", (first,)) is None  # the same request again: nothing new
    refusal("payment_id_taken", pay, stage, "100", (first,))


@given(st.lists(st.integers(min_value=1, max_value=90_000), max_size=12))
def test_the_running_total_stays_within_the_contract(amounts: list[int]) -> None:
    stage = filed_stage()
    recorded: list[ex.Payment] = []
    for n, amount in enumerate(amounts):
        try:
            payment = pay(stage, str(amount), tuple(recorded), f"pay-{n}")
        except WorkflowError as exc:
            assert exc.code == "payment_exceeds_contract"
            assert ex.paid_total(recorded) + amount > CONTRACT.amount
            continue
        assert payment is not None
        recorded.append(payment)
    assert ex.paid_total(recorded) <= CONTRACT.amount

