"""框架协议二阶段 on the server (issue 7; seed manual 1.3.1.5, 1.3.2) and joining an open agreement.

The rules are :mod:`desktop.domain.workflow.second_stage` (the same code the client runs offline);
this module supplies what only the server knows: the filed agreement (the gate
:func:`server_stub.services.agreements.require_agreement_filed` refuses with the manual's wording
"只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作"), the method fixed in the plan, the
agreement price (the 入围结果公告's 最高入围价格), the current suppliers (the agreement's, plus those
admitted to an open agreement, minus those no longer on 入围供应商管理), the caller's unit (its division
and its 主管预算单位), the server clock (bid deadlines, working-day deadlines) and the sequences.

Second stage (kind ``second_stage``, id = the procurement id): created by a purchaser's 经办岗 inside
the scope; the supplier chosen by the agreement's method; 合同备案 submitted by the 经办岗 and approved
by the purchaser's 内部审核岗. Approval publishes the 合同公告 (``htgg-<id>``, column 合同公告, via
:func:`announcements.publish_contract_announcement`) and creates the 采购计划备案 (kind
``procurement_plan``, id = the procurement id, number ``<计划编号>-<nnn>`` counted per agreement).

Bids (kind ``second_stage_bid``, ``bid-<n>``): only the bidder sees its own bid; the procurement lists
the bids once they are opened at the award. A bid touches the procurement row, so a bid racing the
award is serialised by the row's optimistic version.

Joining an open agreement (kind ``join_application``) lives in :mod:`server_stub.services.joining`
(its handlers are part of :data:`HANDLERS`; :func:`flag_overdue` is re-exported), the agreement's terms
in :mod:`server_stub.services.second_stage_terms`.

Linked to 合同在线签订 (seed manual §2.4; :mod:`server_stub.services.second_stage_links`): when the supplier
is determined and is a registered unit, the 标段 ``ssl-<id>`` is offered to 合同在线签订 (``lot_id``); the
record shows that lot's online contract (``online_contract_id`` / ``online_contract_state``, republished
by :func:`republish_lot` on every change of it). At 合同备案 a live online contract must be 供应商已确认 and
its doubly signed PDF becomes the locked ``document_sha256``; at approval it becomes 已备案 too (no second
合同公告). Removing a shortlisted supplier republishes the procurements still choosing
(:func:`supplier_removed`); 资金支付申请 and the removal command are handled in
:mod:`server_stub.services.second_stage_actions`; the record lists the payments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.agreement_records import SupplierEntryRecord
from desktop.domain.plan_records import PlanWarningRecord
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.second_stage_commands import (
    ApproveJoin,
    ApproveSecondStageContract,
    AwardBids,
    AwardRotation,
    CreateSecondStage,
    FileSecondStageContract,
    InviteBids,
    ReturnSecondStageContract,
    SelectSupplier,
    SubmitBid,
)
from desktop.domain.second_stage_records import (
    BidEntryRecord,
    BidRecord,
    ProcurementPlanRecord,
    SecondStageRecord,
)
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import SecondStageAction, SecondStageMethod
from desktop.domain.workflow.common import Category, Transition, WorkflowError, WorkflowEvent
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.domain.workflow.workdays import local_date
from server_stub.models import (
    Account,
    FrameworkPlan,
    JoinApplication,
    SecondStageAgreement,
    SecondStageBid,
    SecondStageProcurement,
    Unit,
)
from server_stub.services import agreements, announcements, feed, joining, plans
from server_stub.services import second_stage_links as links
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import (
    actor,
    add_history,
    history,
    numbered_plan,
    pending_as_seen,
    refused,
    unit,
    warning_rows,
)
from server_stub.services.joining import flag_overdue
from server_stub.services.second_stage_terms import filed_terms, fixed_method, flush, terms_of

__all__ = ["HANDLERS", "acting", "flag_overdue", "publish", "republish_lot", "supplier_removed", "terms_of"]


# --- the agreement as the second stage sees it -----------------------------------------------------

def _purchaser(row: Unit) -> wf.Purchaser:
    return wf.Purchaser(row.id, row.name, row.region_code, row.supervising_unit_id)


def _unit_by_code(session: Session, credit_code: str) -> Unit | None:
    return session.execute(select(Unit).where(Unit.credit_code == credit_code)).scalars().first()


def _state_row(session: Session, plan_id: str) -> SecondStageAgreement:
    row = session.get(SecondStageAgreement, plan_id)
    if row is None:
        row = SecondStageAgreement(plan_id=plan_id, rotation_order=None, rotation_cycle=1, rotation_awarded=[],
                                   contracts_filed=0)
        session.add(row)
    return row


def _rotation(state: SecondStageAgreement | None, terms: wf.AgreementTerms) -> wf.Rotation:
    stored = (wf.Rotation(tuple(state.rotation_order), state.rotation_cycle, tuple(state.rotation_awarded))
              if state is not None and state.rotation_order is not None else None)
    return wf.rotation_sync(stored, [s.credit_code for s in terms.suppliers])


# --- procurement rows and domain values -------------------------------------------------------------

def _bids(session: Session, procurement_id: str) -> list[SecondStageBid]:
    return list(session.execute(select(SecondStageBid).where(SecondStageBid.procurement_id == procurement_id)
                                .order_by(SecondStageBid.id)).scalars())


def _stage(session: Session, row: SecondStageProcurement) -> wf.SecondStage:
    flow = ReviewFlow(row.id, row.purchaser_unit_id, (ReviewStep.INTERNAL,), status=FlowStatus(row.status),
                      current=row.current_step, submitter_account_id=row.submitter_account_id or "",
                      approved_by=tuple(row.approved_by), return_reason=row.return_reason)
    contract = row.contract
    return wf.SecondStage(
        row.id, row.plan_id, SecondStageMethod(row.method), row.purchaser_unit_id, row.title, flow,
        state=wf.SecondStageState(row.state), invited=tuple(row.invited), deadline=row.deadline,
        ceiling=Decimal(row.ceiling) if row.ceiling is not None else None,
        bids=tuple(wf.Bid(b.credit_code, Decimal(b.price), b.at) for b in _bids(session, row.id)),
        supplier=SupplierInfo(**row.supplier) if row.supplier else None,
        award_price=Decimal(row.award_price) if row.award_price is not None else None,
        awarded_at=row.awarded_at, rotation_cycle=row.rotation_cycle,
        contract=wf.ContractTerms(contract["title"], Decimal(contract["amount"]),
                                  dt.date.fromisoformat(contract["signed_on"])) if contract else None)


def _store(row: SecondStageProcurement, stage: wf.SecondStage) -> None:
    row.state, row.invited, row.deadline = stage.state.value, list(stage.invited), stage.deadline
    row.ceiling = format(stage.ceiling, "f") if stage.ceiling is not None else None
    row.supplier = to_json(stage.supplier) if stage.supplier is not None else None
    row.award_price = format(stage.award_price, "f") if stage.award_price is not None else None
    row.awarded_at, row.rotation_cycle = stage.awarded_at, stage.rotation_cycle
    contract = stage.contract
    row.contract = ({"title": contract.title, "amount": format(contract.amount, "f"),
                     "signed_on": contract.signed_on.isoformat()} if contract is not None else None)
    flow = stage.filing
    row.status, row.current_step = flow.status.value, flow.current
    row.submitter_account_id = flow.submitter_account_id or None
    row.approved_by, row.return_reason = list(flow.approved_by), flow.return_reason


def _opened_bids(session: Session, row: SecondStageProcurement, stage: wf.SecondStage,
                 terms: wf.AgreementTerms) -> list[BidEntryRecord]:
    """The bids, ranked, once opened (awarded or failed); none while bidding is open."""
    if stage.state is wf.SecondStageState.BIDDING or not stage.bids:
        return []
    order = [s.credit_code for s in terms.suppliers]
    names = {s.credit_code: s.name for s in terms.suppliers}
    ranked: list[wf.Bid] = []
    remaining = list(stage.bids)
    while remaining:
        best = wf.winning_bid(remaining, order)
        assert best is not None
        ranked.append(best)
        remaining.remove(best)
    return [BidEntryRecord(i, names.get(b.credit_code, b.credit_code), b.credit_code, format(b.price, "f"), b.at)
            for i, b in enumerate(ranked, 1)]


def _record(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, terms: wf.AgreementTerms
            ) -> SecondStageRecord:
    stage = _stage(session, row)
    purchaser = unit(session, row.purchaser_unit_id)
    rotation_next: str | None = None
    if stage.method is SecondStageMethod.ROTATION:
        rotation_next = _rotation(session.get(SecondStageAgreement, plan.id), terms).next
    pending = stage.filing.pending_step
    supplier = stage.supplier
    contract = stage.contract
    return SecondStageRecord(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name, form=terms.form.value,
        method=stage.method.value, title=row.title, purchaser_unit_id=purchaser.id, purchaser_name=purchaser.name,
        collector_unit_id=plan.collector_unit_id, collector_name=terms.collector_name, state=stage.state.value,
        state_label=stage.state_label, created_at=row.created_at, updated_at=row.updated_at,
        suppliers=[SupplierEntryRecord(**to_json(s)) for s in terms.suppliers], rotation_next=rotation_next,
        rotation_cycle=row.rotation_cycle, invited=list(stage.invited), deadline=stage.deadline,
        ceiling=row.ceiling, bid_count=len(stage.bids), bids=_opened_bids(session, row, stage, terms),
        supplier_name=supplier.name if supplier else "", supplier_credit_code=supplier.credit_code if supplier else "",
        award_price=row.award_price, awarded_at=row.awarded_at,
        contract_title=contract.title if contract else "",
        contract_amount=format(contract.amount, "f") if contract else None,
        contract_signed_on=contract.signed_on.isoformat() if contract else None,
        filing_status=row.status, submission=row.submission, pending_step=pending.value if pending else None,
        submitter_account_id=row.submitter_account_id or "", approved_by=list(row.approved_by),
        return_reason=row.return_reason, filed_at=row.filed_at, announcement_id=row.announcement_id or "",
        procurement_plan_number=row.procurement_plan_number or "",
        warnings=[from_json(PlanWarningRecord, w) for w in row.warnings], history=history(row),
        **links.record_fields(session, row))


def publish(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, terms: wf.AgreementTerms) -> None:
    flush(session)
    codes = set(row.invited)
    if row.supplier:
        codes.add(row.supplier["credit_code"])
    suppliers = [u.id for u in (_unit_by_code(session, code) for code in sorted(codes)) if u is not None]
    feed.publish(session, RecordKind.SECOND_STAGE, row.id, to_json(_record(session, row, plan, terms)),
                 scope_unit_id=row.purchaser_unit_id, shared_with=[plan.collector_unit_id, *suppliers])


def _load(session: Session, procurement_id: str) -> tuple[SecondStageProcurement, FrameworkPlan]:
    row = session.get(SecondStageProcurement, procurement_id)
    if row is None:
        raise CommandRejected("second_stage_unknown", f"二阶段采购“{procurement_id}”不存在",
                              f"second-stage procurement {procurement_id} not found")
    return row, numbered_plan(session, row.plan_id)


def _event(row: Any, event: WorkflowEvent, account: Account) -> None:
    add_history(row, event, row.submission, account)


# --- handlers: choosing the supplier ------------------------------------------------------------------

def create(session: Session, account: Account, command: CreateSecondStage, context: CommandContext) -> None:
    """A purchaser in the scope starts a second-stage procurement under a filed agreement."""
    plan = numbered_plan(session, command.plan_id)
    terms = filed_terms(session, plan)
    if session.get(SecondStageProcurement, command.procurement_id) is not None:
        raise CommandRejected("second_stage_id_taken", f"二阶段采购编号“{command.procurement_id}”已被使用",
                              f"procurement id {command.procurement_id} is taken")
    purchaser = _purchaser(unit(session, account.unit_id))
    try:
        step = wf.new_second_stage(command.procurement_id, terms, purchaser, actor(account), command.title,
                                   context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    result = announcements.shortlist_result_of(session, plan)
    category = Category(plan.form["category"]) if plan.form.get("category") else None
    warnings = wf.method_warnings(terms.form, fixed_method(plan), category,
                                  result.evaluation_method if result is not None else None)
    row = SecondStageProcurement(id=step.record.procurement_id, plan_id=plan.id, purchaser_unit_id=purchaser.unit_id,
                                 method=step.record.method.value, title=step.record.title, invited=[], approved_by=[],
                                 return_reason="", submission=0, current_step=0, warnings=warning_rows(warnings),
                                 history=[], created_by=account.id, created_at=context.now, updated_at=context.now)
    _store(row, step.record)
    session.add(row)
    _event(row, step.event, account)
    publish(session, row, plan, terms)


def acting(session: Session, command_id: str, action: SecondStageAction = SecondStageAction.CONTRACT_FILING
           ) -> tuple[SecondStageProcurement, FrameworkPlan, wf.AgreementTerms, wf.SecondStage]:
    """The procurement, its plan, the filed agreement's terms (refused with the manual's wording for
    ``action`` when the agreement is not filed) and the domain value."""
    row, plan = _load(session, command_id)
    terms = filed_terms(session, plan, action)
    return row, plan, terms, _stage(session, row)


def _awarded(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, terms: wf.AgreementTerms,
             step: Transition[wf.SecondStage], account: Account, now: dt.datetime) -> None:
    """Store an award (or a failed bidding); a determined supplier gets its 标段 in 合同在线签订."""
    _store(row, step.record)
    _event(row, step.event, account)
    row.updated_at = now
    if step.record.state is wf.SecondStageState.AWARDED:
        flush(session)
        links.offer_lot(session, row, plan, now)
    publish(session, row, plan, terms)


def select_supplier(session: Session, account: Account, command: SelectSupplier, context: CommandContext) -> None:
    """直接选定."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    try:
        step = wf.select_supplier(stage, terms, actor(account), command.credit_code, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _awarded(session, row, plan, terms, step, account, context.now)


def invite_bids(session: Session, account: Account, command: InviteBids, context: CommandContext) -> None:
    """二次竞价: the invitation, its deadline and ceiling; invited suppliers see the procurement."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    ceiling = Decimal(command.ceiling.strip()) if command.ceiling is not None else None
    try:
        step, warnings = wf.invite_bids(stage, terms, actor(account), command.credit_codes, command.deadline,
                                        ceiling, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store(row, step.record)
    row.warnings = [*row.warnings, *warning_rows(warnings)]
    _event(row, step.event, account)
    row.updated_at = context.now
    publish(session, row, plan, terms)


def submit_bid(session: Session, account: Account, command: SubmitBid, context: CommandContext) -> None:
    """An invited supplier bids (server clock against the deadline)."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    supplier = unit(session, account.unit_id)
    price = Decimal(command.price.strip())
    try:
        new = wf.submit_bid(stage, actor(account), supplier.credit_code, price, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    bid = SecondStageBid(procurement_id=row.id, credit_code=supplier.credit_code, supplier_unit_id=supplier.id,
                         account_id=account.id, price=format(price, "f"), at=context.now)
    session.add(bid)
    flush(session, "bid_already_submitted")
    row.updated_at = context.now  # bumps the version: a racing award sees the bid or is refused
    assert row.deadline is not None and len(new.bids) == len(stage.bids) + 1
    feed.publish(session, RecordKind.SECOND_STAGE_BID, f"bid-{bid.id}", to_json(BidRecord(
        procurement_id=row.id, plan_number=plan.number or "", project_name=plan.project_name, title=row.title,
        supplier_name=supplier.name, credit_code=supplier.credit_code, price=bid.price, at=bid.at,
        deadline=row.deadline)), scope_unit_id=supplier.id)
    publish(session, row, plan, terms)


def award_bids(session: Session, account: Account, command: AwardBids, context: CommandContext) -> None:
    """After the deadline the bids are opened: the lowest wins (竞价失败 when nobody bid)."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    try:
        step = wf.award_bids(stage, terms, actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _awarded(session, row, plan, terms, step, account, context.now)


def award_rotation(session: Session, account: Account, command: AwardRotation, context: CommandContext) -> None:
    """顺序轮候: the next supplier of the rotation gets the award; the rotation moves on."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    state = _state_row(session, plan.id)
    try:
        step, rotation = wf.award_rotation(stage, terms, _rotation(state, terms), actor(account),
                                           command.credit_code, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    state.rotation_order, state.rotation_cycle = list(rotation.order), rotation.cycle
    state.rotation_awarded = list(rotation.awarded)
    flush(session, "rotation_changed")
    _awarded(session, row, plan, terms, step, account, context.now)
    for other in _still_choosing(session, plan.id):  # their purchasers see who is next now
        publish(session, other, plan, terms)


# --- handlers: 合同备案 --------------------------------------------------------------------------------

def file_contract(session: Session, account: Account, command: FileSecondStageContract,
                  context: CommandContext) -> None:
    """经办岗 submits the 合同备案 (only under a filed agreement) to the 内部审核岗."""
    row, plan, terms, stage = acting(session, command.procurement_id)
    contract = wf.ContractTerms(command.contract_title, Decimal(command.amount.strip()),
                                dt.date.fromisoformat(command.signed_on))
    try:
        step = wf.submit_contract_filing(stage, actor(account), contract, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    row.document_sha256 = links.main_document_at_filing(session, row) or None  # locked from now on
    row.submission += 1
    _store(row, step.record)
    row.warnings = _contract_warning_rows(row, contract, local_date(context.now))
    _event(row, step.event, account)
    row.updated_at = context.now
    publish(session, row, plan, terms)


def _contract_warning_rows(row: SecondStageProcurement, contract: wf.ContractTerms, today: dt.date
                           ) -> list[dict[str, Any]]:
    kept = [w for w in row.warnings if not w["code"].startswith("contract_")]
    return [*kept, *warning_rows(wf.contract_warnings(contract, today))]


def _reviewed(session: Session, account: Account, procurement_id: str, submission: int
              ) -> tuple[SecondStageProcurement, FrameworkPlan, wf.AgreementTerms, wf.SecondStage]:
    row, plan, terms, stage = acting(session, procurement_id)
    pending_as_seen(row, submission, "second_stage_contract", stage.state_label)
    return row, plan, terms, stage


def approve_contract(session: Session, account: Account, command: ApproveSecondStageContract,
                     context: CommandContext) -> None:
    """内部审核岗 approves: 合同备案完成, the 合同公告 is published, the 采购计划备案 is created."""
    row, plan, terms, stage = _reviewed(session, account, command.procurement_id, command.submission)
    try:
        step = wf.approve_contract_filing(stage, actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    filed = step.record
    assert filed.supplier is not None and filed.contract is not None
    links.require_main_document_unchanged(session, row)
    state = _state_row(session, plan.id)
    state.contracts_filed += 1
    flush(session)
    number = f"{plan.number}-{state.contracts_filed:03d}"
    _store(row, filed)
    row.warnings = _contract_warning_rows(row, filed.contract, local_date(context.now))
    row.filed_at, row.procurement_plan_number = context.now, number
    row.announcement_id = f"htgg-{row.id}"
    _event(row, step.event, account)
    row.updated_at = context.now
    purchaser = unit(session, row.purchaser_unit_id)
    announcements.publish_contract_announcement(
        session, row.announcement_id, plan.id, f"{purchaser.name}{filed.contract.title}合同公告", purchaser.id,
        _notice_text(plan, purchaser, filed), context.now)
    links.file_online_contract(session, row, context.now)  # 已备案 there too, without a second 合同公告
    publish(session, row, plan, terms)
    _publish_procurement_plan(session, row, plan, purchaser, filed, context.now)


def _notice_text(plan: FrameworkPlan, purchaser: Unit, stage: wf.SecondStage) -> str:
    assert stage.supplier is not None and stage.contract is not None
    return "\n".join((
        f"框架协议：{plan.project_name}（计划编号 {plan.number}）",
        f"采购人：{purchaser.name}",
        f"供应商：{stage.supplier.name}（统一社会信用代码 {stage.supplier.credit_code}）",
        f"二阶段确定供应商的方式：{stage.method.value}",
        f"合同名称：{stage.contract.title}",
        f"合同金额：{stage.contract.amount:f}元",
        f"合同签订日期：{stage.contract.signed_on:%Y-%m-%d}",
    ))


def _publish_procurement_plan(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, purchaser: Unit,
                              stage: wf.SecondStage, now: dt.datetime) -> None:
    """采购计划备案, generated by the 合同备案: the purchaser, its regulator, the collector and the supplier
    see it."""
    assert stage.supplier is not None and stage.contract is not None and row.procurement_plan_number is not None
    record = ProcurementPlanRecord(
        number=row.procurement_plan_number, procurement_id=row.id, plan_id=plan.id, plan_number=plan.number or "",
        project_name=plan.project_name, title=row.title, purchaser_unit_id=purchaser.id,
        purchaser_name=purchaser.name, supplier_name=stage.supplier.name,
        supplier_credit_code=stage.supplier.credit_code, amount=format(stage.contract.amount, "f"),
        method=stage.method.value, contract_title=stage.contract.title,
        signed_on=stage.contract.signed_on.isoformat(), announcement_id=row.announcement_id or "", created_at=now,
        budget_year=stage.contract.signed_on.year)
    regulator = plans.regulator_for(session, purchaser.region_code)
    supplier = _unit_by_code(session, stage.supplier.credit_code)
    feed.publish(session, RecordKind.PROCUREMENT_PLAN, row.id, to_json(record), scope_unit_id=purchaser.id,
                 shared_with=[regulator.id if regulator else None, plan.collector_unit_id,
                              supplier.id if supplier else None])


def return_contract(session: Session, account: Account, command: ReturnSecondStageContract,
                    context: CommandContext) -> None:
    row, plan, terms, stage = _reviewed(session, account, command.procurement_id, command.submission)
    try:
        step = wf.return_contract_filing(stage, actor(account), context.now, command.reason)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store(row, step.record)
    _event(row, step.event, account)
    row.updated_at = context.now
    publish(session, row, plan, terms)


# --- other changes that show on the procurements ----------------------------------------------------

def _still_choosing(session: Session, plan_id: str) -> list[SecondStageProcurement]:
    """The plan's procurements whose supplier is not determined yet (待确定供应商, 竞价中)."""
    return list(session.execute(select(SecondStageProcurement).where(
        SecondStageProcurement.plan_id == plan_id, SecondStageProcurement.state.in_(
            [wf.SecondStageState.CHOOSING.value, wf.SecondStageState.BIDDING.value]))
        .order_by(SecondStageProcurement.id)).scalars())


def approve_join(session: Session, account: Account, command: ApproveJoin, context: CommandContext) -> None:
    """审核通过 (:func:`joining.approve_join`); the procurements still choosing offer the new supplier."""
    joining.approve_join(session, account, command, context)
    application = session.get(JoinApplication, command.application_id)
    assert application is not None
    plan = numbered_plan(session, application.plan_id)
    terms = filed_terms(session, plan)
    for row in _still_choosing(session, plan.id):
        publish(session, row, plan, terms)


def republish_lot(session: Session, lot_id: str) -> None:
    """The online contract of a second-stage lot changed: its procurement shows the new state."""
    row = session.execute(select(SecondStageProcurement).where(SecondStageProcurement.lot_id == lot_id)
                          ).scalars().first()
    if row is not None:
        plan = numbered_plan(session, row.plan_id)
        publish(session, row, plan, filed_terms(session, plan))


def supplier_removed(session: Session, plan: FrameworkPlan, event: WorkflowEvent, account: Account) -> None:
    """移出入围供应商: the procurements still choosing a supplier show the current suppliers and 顺序轮候
    next supplier, with the removal (and its reason) in their history. The stored rotation drops the
    supplier now (the only change its order admits)."""
    state = session.get(SecondStageAgreement, plan.id)
    if not agreements.agreement_filed(session, plan.id):
        return
    terms = filed_terms(session, plan)
    if state is not None and state.rotation_order is not None:
        rotation = _rotation(state, terms)
        state.rotation_order, state.rotation_cycle = list(rotation.order), rotation.cycle
        state.rotation_awarded = list(rotation.awarded)
        flush(session, "rotation_changed")
    for row in _still_choosing(session, plan.id):
        label = _stage(session, row).state_label
        add_history(row, WorkflowEvent(row.id, event.action, label, label, event.actor_account_id,
                                       event.actor_unit_id, event.at, event.reason, event.detail),
                    row.submission, account)
        row.updated_at = event.at
        publish(session, row, plan, terms)


HANDLERS: dict[str, Callable[..., None]] = {
    CreateSecondStage.name: create,
    SelectSupplier.name: select_supplier,
    InviteBids.name: invite_bids,
    SubmitBid.name: submit_bid,
    AwardBids.name: award_bids,
    AwardRotation.name: award_rotation,
    FileSecondStageContract.name: file_contract,
    ApproveSecondStageContract.name: approve_contract,
    ReturnSecondStageContract.name: return_contract,
    **joining.HANDLERS,
    ApproveJoin.name: approve_join,
}
"""Registered in ``apply_command._HANDLERS`` (issue 7, second stage)."""
