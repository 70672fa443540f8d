"""Who may do what in 【合同管理】-【合同备案】 of framework agreements, by the domain's own rules run on
the GUI thread (pure and fast): the second-stage record is turned back into the domain's
:class:`~desktop.domain.workflow.second_stage.SecondStage` and the very transition the server will
run is tried here, so a refusal is shown with the server's words before anything is queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QCoreApplication

from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post, UserType
from desktop.domain.second_stage_records import SecondStageRecord
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import Actor, RuleWarning, WorkflowError
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep, check_reviewer
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.ui.pages.procurement.framework_rules import actor_of
from desktop.ui.pages.procurement.second_stage_service import Procurement, decimal

translate = QCoreApplication.translate
FILED = "已备案"
Attempt = Callable[[wf.SecondStage, wf.AgreementTerms, Actor], object]


def account_refusal(account: AccountInfo | None, handler: bool = True) -> str | None:
    """Why ``account`` cannot use the tab (or, ``handler``, fill it in): a purchaser's 经办岗 does."""
    if account is None:
        return translate("SecondStageRules", "请先登录")
    if account.user_type != UserType.PURCHASER.value:
        return translate("SecondStageRules", "框架协议二阶段的合同备案需使用采购人账号办理")
    if handler and account.post != Post.HANDLER.value:
        return translate("SecondStageRules", "只有经办岗可以办理，审核岗在【查看/审核】中审核合同备案")
    return None


def _flow(procurement_id: str, r: SecondStageRecord) -> ReviewFlow:
    return ReviewFlow(procurement_id, r.purchaser_unit_id, (ReviewStep.INTERNAL,), status=FlowStatus(r.filing_status),
                      submitter_account_id=r.submitter_account_id, approved_by=tuple(r.approved_by),
                      return_reason=r.return_reason)


def stage_of(p: Procurement) -> wf.SecondStage | None:
    """The domain's second stage, as the record shows it (sealed bids are not in it)."""
    r = p.record
    if r is None:
        return None
    supplier = SupplierInfo(r.supplier_name, r.supplier_credit_code) if r.supplier_credit_code else None
    return wf.SecondStage(
        p.procurement_id, r.plan_id, SecondStageMethod(r.method), r.purchaser_unit_id, r.title,
        _flow(p.procurement_id, r), state=wf.SecondStageState(r.state), invited=tuple(r.invited),
        deadline=r.deadline, ceiling=decimal(r.ceiling), supplier=supplier, award_price=decimal(r.award_price),
        awarded_at=r.awarded_at, rotation_cycle=r.rotation_cycle)


def _ready(p: Procurement, account: AccountInfo | None) -> tuple[wf.SecondStage, wf.AgreementTerms, Actor] | str:
    """The stage, its terms and the actor, or why nothing can be done on it now."""
    refusal = account_refusal(account)
    if refusal is not None:
        return refusal
    assert account is not None
    stage, terms, actor = stage_of(p), p.terms(), actor_of(account)
    if stage is None:
        return translate("SecondStageRules", "尚未同步到服务器，同步后才能继续办理")
    if terms is None:
        return translate("SecondStageRules", "本机尚未同步该框架协议，请联网同步后再办理")
    if p.pending:
        return translate("SecondStageRules", "已办理本环节，等待同步到服务器")
    if actor is None:
        return translate("SecondStageRules", "框架协议二阶段的合同备案需使用采购人账号办理")
    return stage, terms, actor


def _tried(p: Procurement, account: AccountInfo | None, attempt: Attempt) -> str | None:
    found = _ready(p, account)
    if isinstance(found, str):
        return found
    try:
        attempt(*found)
    except WorkflowError as exc:
        return exc.message
    return None


def choose_refusal(p: Procurement, account: AccountInfo | None) -> str | None:
    """Why 【确定成交供应商】 is not possible now (whatever the method)."""
    found = _ready(p, account)
    if isinstance(found, str):
        return found
    stage = found[0]
    if stage.state is wf.SecondStageState.BIDDING_FAILED:
        return translate("SecondStageRules", "竞价失败（截止时间前没有供应商报价），请点击【新增】重新发起二阶段采购")
    if stage.state not in (wf.SecondStageState.CHOOSING, wf.SecondStageState.BIDDING):
        name = p.record.supplier_name if p.record else ""
        return translate("SecondStageRules", "已确定成交供应商：{name}").format(name=name)
    return None


def select_refusal(p: Procurement, account: AccountInfo | None, credit_code: str, now: dt.datetime) -> str | None:
    """直接选定 ``credit_code``."""
    return _tried(p, account, lambda s, t, a: wf.select_supplier(s, t, a, credit_code, now))


def invite_check(p: Procurement, account: AccountInfo | None, codes: list[str], deadline: dt.datetime,
                 ceiling: Decimal | None, now: dt.datetime) -> tuple[str | None, tuple[RuleWarning, ...]]:
    """【发起竞价】: the refusal, or the warnings (too short a response time, a single bidder)."""
    found = _ready(p, account)
    if isinstance(found, str):
        return found, ()
    try:
        stage, terms, actor = found
        _step, warnings = wf.invite_bids(stage, terms, actor, codes, deadline, ceiling, now)
    except WorkflowError as exc:
        return exc.message, ()
    return None, warnings


def award_bids_refusal(p: Procurement, account: AccountInfo | None, now: dt.datetime) -> str | None:
    """【确定成交供应商】 of a 二次竞价: only after the deadline (the server's clock has the last word)."""
    return _tried(p, account, lambda s, t, a: wf.award_bids(s, t, a, now))


def rotation(r: SecondStageRecord) -> wf.Rotation:
    """The rotation as the record shows it: the order of the current suppliers, ``rotation_next`` next."""
    order = tuple(s.credit_code for s in r.suppliers)
    upto = order.index(r.rotation_next) if r.rotation_next in order else len(order)
    return wf.Rotation(order, r.rotation_cycle or 1, order[:upto])


def rotation_refusal(p: Procurement, account: AccountInfo | None, credit_code: str, now: dt.datetime) -> str | None:
    record = p.record
    if record is None:
        return translate("SecondStageRules", "尚未同步到服务器，同步后才能继续办理")
    if not record.rotation_next:
        return translate("SecondStageRules", "本机尚未同步顺序轮候的下一家供应商，请联网同步后再办理")
    return _tried(p, account, lambda s, t, a: wf.award_rotation(s, t, rotation(record), a, credit_code, now))


def filing_refusal(p: Procurement, account: AccountInfo | None, contract: wf.ContractTerms | None,
                   now: dt.datetime) -> str | None:
    """【合同备案】 by the 经办岗 (with ``contract``: the terms as typed)."""
    found = _ready(p, account)
    if isinstance(found, str):
        return found
    stage, _terms, actor = found
    if stage.state is not wf.SecondStageState.AWARDED:
        text = translate("SecondStageRules", "当前状态为“{state}”，确定成交供应商后才能进行合同备案")
        return text.format(state=stage.state_label)
    if not stage.filing.status.editable:
        return translate("SecondStageRules", "合同备案已提交（{state}），不能修改").format(state=stage.state_label)
    if contract is None:
        return None
    try:
        wf.submit_contract_filing(stage, actor, contract, now)
    except WorkflowError as exc:
        return exc.message
    return None


def review_refusal(p: Procurement, account: AccountInfo | None) -> str | None:
    """Why ``account`` cannot 审核通过 / 退回 the 合同备案 now (nobody approves their own submission)."""
    r = p.record
    if r is None:
        return translate("SecondStageRules", "尚未同步到服务器，暂不能审核")
    if account is None:
        return translate("SecondStageRules", "请先登录")
    if any(n.startswith(("approve_", "return_")) for n in p.pending_names):
        return translate("SecondStageRules", "已办理本环节，等待同步到服务器")
    actor = actor_of(account)
    if actor is None or account.user_type != UserType.PURCHASER.value:
        return translate("SecondStageRules", "框架协议二阶段的合同备案需使用采购人账号办理")
    try:
        check_reviewer(_flow(p.procurement_id, r), actor)
    except WorkflowError as exc:
        return exc.message
    return None


def in_review(p: Procurement) -> bool:
    return p.record is not None and p.record.filing_status == FlowStatus.IN_REVIEW.value


def unpaid(r: SecondStageRecord) -> Decimal | None:
    amount = decimal(r.contract_amount)
    return None if amount is None else amount - (decimal(r.paid_total) or Decimal(0))


def payment_refusal(p: Procurement, account: AccountInfo | None, amount: Decimal | None = None) -> str | None:
    """【资金支付】: only a filed contract, and never beyond what is left of the contract amount."""
    refusal = account_refusal(account)
    if refusal is not None:
        return refusal
    r = p.record
    if r is None or r.state_label != FILED:
        return translate("SecondStageRules", "合同备案完成（已备案）后才可以申请资金支付")
    left = unpaid(r)
    if amount is not None and left is not None and amount > left:
        return translate("SecondStageRules", "支付金额不得超过合同未支付金额（{left}元）").format(left=f"{left:f}")
    return None
