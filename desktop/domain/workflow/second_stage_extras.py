"""The rest of the framework agreement's second stage (issue 7): removing a shortlisted supplier, the
link to 合同在线签订, and 资金支付申请. Pure rules; the server supplies the state.

移出入围供应商 (Order No. 110 as gathered in domain-rules.md §A8: a supplier that colludes, supplies false
material, refuses an award without good reason … leaves the agreement): the collector's 经办岗 removes
a supplier on the roster — one of the agreement's or one admitted to an open agreement since — always
with a reason (:func:`remove_supplier`). The removed supplier is no longer offered in the second stage
and leaves the 顺序轮候 order (:func:`desktop.domain.workflow.second_stage.rotation_remove`, the only
change that order admits).

合同在线签订 (seed manual §2.4 "合同备案时，选择项目及标段后，如果有对应的合同在线签订的数据，自动将签章后的
pdf当作合同主文档，不允许修改"): once a second-stage procurement has its supplier, a 标段
(:func:`lot_id_for`) is offered to 合同在线签订; at 合同备案 a live online contract of that lot must be
signed by both parties (供应商已确认), and its doubly signed PDF becomes the locked main document
(:func:`main_document`). Its own 【合同备案】 is refused (:func:`refuse_online_filing`): the second
stage's 合同备案 files it (and publishes the one 合同公告).

资金支付 (manual 1.3.1.4 (3) "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作"): the
purchaser's 经办岗 requests payments against a filed (已备案) contract; the running total never exceeds
the contract amount; a payment id already recorded with the same amount is not recorded again
(:func:`request_payment`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from desktop.domain.workflow.agreement import SecondStageAction, require_agreement_filed
from desktop.domain.workflow.common import (
    Actor,
    Post,
    RuleWarning,
    TransitionRefused,
    WorkflowError,
    WorkflowEvent,
)
from desktop.domain.workflow.contract import ContractState
from desktop.domain.workflow.second_stage import SecondStage, require_purchaser_handler
from desktop.domain.workflow.suppliers import ShortlistedSupplier

__all__ = [
    "LOT_PREFIX",
    "Payment",
    "is_second_stage_lot",
    "lot_id_for",
    "main_document",
    "paid_total",
    "refuse_contract_after_filing",
    "refuse_online_filing",
    "remove_supplier",
    "request_payment",
]


# --- 移出入围供应商 -----------------------------------------------------------------------------------

def remove_supplier(plan_id: str, roster: Sequence[ShortlistedSupplier], removed: Mapping[str, dt.date],
                    credit_code: str, reason: str, actor: Actor, at: dt.datetime) -> WorkflowEvent:
    """The collector's 经办岗 removes ``credit_code`` from the roster, with a reason.

    ``removed``: credit codes removed before, with the day (they stay removed)."""
    if actor.post is not Post.HANDLER:
        raise TransitionRefused("post_not_handler", "只有经办岗可以移出入围供应商", "only a handler post may remove")
    if credit_code in removed:
        raise TransitionRefused("supplier_already_removed",
                                f"该供应商已于{removed[credit_code]:%Y-%m-%d}移出入围供应商，不能重复移出",
                                "the supplier was already removed")
    supplier = next((s for s in roster if s.credit_code == credit_code), None)
    if supplier is None:
        raise WorkflowError("shortlisted_supplier_unknown", f"未找到统一社会信用代码为“{credit_code}”的入围供应商",
                            f"no shortlisted supplier {credit_code}")
    text = reason.strip()
    if not text:
        raise WorkflowError("removal_reason_required", "移出入围供应商时必须填写原因", "a removal needs a reason")
    return WorkflowEvent(plan_id, "remove_supplier", "入围", "已移出", actor.account_id, actor.unit_id, at, text,
                         (("supplier", credit_code), ("name", supplier.info.name)))


def rejoin_warning(credit_code: str, removed: Mapping[str, tuple[dt.date, str]]) -> RuleWarning | None:
    """A removed supplier applying to join the same open agreement again: Order No. 110 forbids it
    (domain-rules.md, unverified clause); the manual is silent, so the reviewer is warned, not refused.

    ``removed``: credit code → (day removed, reason)."""
    if credit_code not in removed:
        return None
    day, reason = removed[credit_code]
    return RuleWarning("rejoin_after_removal",
                       f"该供应商已于{day:%Y-%m-%d}被移出本框架协议（原因：{reason}）；被移出的供应商不得再加入"
                       "同一开放式框架协议，请审核时注意",
                       "the supplier was removed from this agreement and may not re-join it", _REMOVAL_SOURCE)


_REMOVAL_SOURCE = "财政部令第110号（二手资料整理，待核对原文）"


# --- 合同在线签订 ------------------------------------------------------------------------------------

LOT_PREFIX = "ssl-"
"""The 标段 of a second-stage procurement: ``ssl-<procurement id>``."""


def lot_id_for(procurement_id: str) -> str:
    return LOT_PREFIX + procurement_id


def is_second_stage_lot(lot_id: str) -> bool:
    return lot_id.startswith(LOT_PREFIX)


def main_document(state: ContractState | None, signed_sha256: str | None) -> str:
    """At 合同备案: the main document taken from 合同在线签订 ("" when the lot has no live online contract).

    The online contract must be signed by both parties; its doubly signed PDF is then the main document."""
    if state is None:
        return ""
    if state not in (ContractState.SUPPLIER_CONFIRMED, ContractState.FILED) or not signed_sha256:
        raise TransitionRefused("online_contract_unsigned",
                                f"该标段已有合同在线签订数据（当前状态“{state.value}”），采购人和供应商均签章"
                                "（供应商已确认）后，签章后的 pdf 将作为合同主文档，才能进行合同备案",
                                "the online contract of the lot must be signed by both parties first")
    return signed_sha256


def refuse_online_filing(lot_id: str) -> None:
    """合同在线签订's own 【合同备案】 of a second-stage lot: filed through the framework agreement."""
    if is_second_stage_lot(lot_id):
        raise TransitionRefused("second_stage_lot",
                                "该标段属于框架协议二阶段采购，请通过【合同管理】-【合同备案】（框架协议）办理合同备案，"
                                "签章后的 pdf 将自动作为合同主文档",
                                "file a second-stage contract through the framework agreement's contract filing")


def refuse_contract_after_filing(second_stage_filed: bool) -> None:
    """A second-stage lot takes no new online contract once its 合同备案 was approved without one."""
    if second_stage_filed:
        raise TransitionRefused("second_stage_filed",
                                "该标段的框架协议二阶段合同已备案（未使用合同在线签订），不能再添加合同签订信息",
                                "the second-stage contract of this lot is already filed")


# --- 资金支付 ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Payment:
    payment_id: str
    amount: Decimal
    requested_at: dt.datetime
    account_id: str = ""


def paid_total(payments: Iterable[Payment]) -> Decimal:
    return sum((p.amount for p in payments), Decimal(0))


def request_payment(stage: SecondStage, agreement_filed: bool, actor: Actor, recorded: Sequence[Payment],
                    payment_id: str, amount: Decimal, at: dt.datetime) -> Payment | None:
    """资金支付申请 by the purchaser's 经办岗; None: this payment id is already recorded as asked."""
    require_purchaser_handler(actor, stage.purchaser_unit_id, "申请资金支付")
    if not agreement_filed:
        require_agreement_filed(None, SecondStageAction.PAYMENT)
    earlier = next((p for p in recorded if p.payment_id == payment_id), None)
    if earlier is not None:
        if earlier.amount != amount:
            raise TransitionRefused("payment_id_taken", f"支付申请编号“{payment_id}”已用于另一笔支付",
                                    f"payment id {payment_id} is taken")
        return None
    if not stage.filed or stage.contract is None:
        raise TransitionRefused("contract_not_filed",
                                f"当前状态为“{stage.state_label}”，合同备案完成（已备案）后才能申请资金支付",
                                "the contract must be filed before payments")
    if amount <= 0:
        raise WorkflowError("payment_amount_invalid", "支付金额应大于 0", "the payment must be positive")
    total = paid_total(recorded) + amount
    if total > stage.contract.amount:
        raise WorkflowError("payment_exceeds_contract",
                            f"累计支付金额（{total:f}元）不得超过合同金额（{stage.contract.amount:f}元），"
                            f"本次最多可申请{stage.contract.amount - paid_total(recorded):f}元",
                            "the payments may not exceed the contract amount")
    return Payment(payment_id, amount, at, actor.account_id)
