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

Joining an open agreement (kind ``join_application``): a supplier applies; the collector's 审核岗
approves (the supplier joins 入围供应商管理 and the announcement ``rwgg-<id>`` is published in the
结果公告 column — a feed-only announcement record, the 入围结果公告 row of the plan stays the original)
or refuses with a reason. The record carries the review deadline (7 working days) and the
announcement deadline (2 working days); :func:`flag_overdue` republishes applications whose overdue
flags changed (for a periodic worker; the client recomputes them for today with the same domain
function). The applicant, the collector and the collector's regulator see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.agreement_records import AnnouncementRecord, ReviewEventRecord, SupplierEntryRecord
from desktop.domain.plan_records import PlanWarningRecord
from desktop.domain.protocol import RecordKind, from_json, to_json
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
    BidEntryRecord,
    BidRecord,
    JoinApplicationRecord,
    ProcurementPlanRecord,
    SecondStageRecord,
)
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import AgreementFiling, SecondStageMethod
from desktop.domain.workflow.announcement import AnnouncementKind, ShortlistBasis, column_for
from desktop.domain.workflow.common import Category, WorkflowError, WorkflowEvent
from desktop.domain.workflow.order110 import AgreementForm
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
    ShortlistEntry,
    Unit,
)
from server_stub.services import agreements, announcements, feed, plans, shortlist
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import (
    actor,
    add_history,
    history,
    is_interop,
    numbered_plan,
    pending_as_seen,
    refused,
    unit,
    warning_rows,
)

__all__ = ["HANDLERS", "flag_overdue", "terms_of"]


# --- the agreement as the second stage sees it -----------------------------------------------------

def _fixed_method(plan: FrameworkPlan) -> SecondStageMethod | None:
    value = plan.form.get("second_stage_method")
    return SecondStageMethod(value) if value else None


def _admitted(session: Session, plan_id: str) -> list[SupplierInfo]:
    rows = session.execute(select(JoinApplication).where(JoinApplication.plan_id == plan_id,
                                                         JoinApplication.status == wf.JoinStatus.APPROVED.value)
                           .order_by(JoinApplication.reviewed_at, JoinApplication.id)).scalars()
    return [SupplierInfo(**row.supplier) for row in rows]


def _removed(session: Session, plan_id: str) -> list[str]:
    """Suppliers no longer on 入围供应商管理 (a removal deactivates the roster row)."""
    return list(session.execute(select(ShortlistEntry.credit_code).where(
        ShortlistEntry.plan_id == plan_id, ShortlistEntry.active.is_(False))).scalars())


def terms_of(session: Session, plan: FrameworkPlan, filing: AgreementFiling) -> wf.AgreementTerms:
    """The filed agreement of ``plan`` as the second stage uses it."""
    result = announcements.shortlist_result_of(session, plan)
    ceiling = (result.basis_value if result is not None and result.basis is ShortlistBasis.MAX_PRICE
               else None)
    suppliers = wf.current_suppliers((s.info for s in filing.suppliers), _admitted(session, plan.id),
                                     _removed(session, plan.id))
    return wf.AgreementTerms(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name, form=filing.form,
        method=wf.second_stage_method(filing.form, _fixed_method(plan)), collector_unit_id=plan.collector_unit_id,
        collector_name=filing.collector.name, suppliers=suppliers, scope=filing.scope, price_ceiling=ceiling,
        category=filing.category, validity_start=filing.validity_start, validity_end=filing.validity_end)


def _filed_terms(session: Session, plan: FrameworkPlan) -> wf.AgreementTerms:
    return terms_of(session, plan, agreements.require_agreement_filed(session, plan.id))


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


def _flush(session: Session, code: str = "second_stage_changed") -> None:
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        raise CommandRejected(code, "该事项已被他人同时办理，请同步后重新查看",
                              "the record changed concurrently") from None


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
        warnings=[from_json(PlanWarningRecord, w) for w in row.warnings], history=history(row))


def _publish(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, terms: wf.AgreementTerms) -> None:
    _flush(session)
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
    terms = _filed_terms(session, plan)
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
    warnings = wf.method_warnings(terms.form, _fixed_method(plan), category,
                                  result.evaluation_method if result is not None else None)
    row = SecondStageProcurement(id=step.record.procurement_id, plan_id=plan.id, purchaser_unit_id=purchaser.unit_id,
                                 method=step.record.method.value, title=step.record.title, invited=[], approved_by=[],
                                 return_reason="", submission=0, current_step=0, warnings=warning_rows(warnings),
                                 history=[], created_by=account.id, created_at=context.now, updated_at=context.now)
    _store(row, step.record)
    session.add(row)
    _event(row, step.event, account)
    _publish(session, row, plan, terms)


def _acting(session: Session, command_id: str) -> tuple[SecondStageProcurement, FrameworkPlan, wf.AgreementTerms,
                                                         wf.SecondStage]:
    row, plan = _load(session, command_id)
    terms = _filed_terms(session, plan)
    return row, plan, terms, _stage(session, row)


def select_supplier(session: Session, account: Account, command: SelectSupplier, context: CommandContext) -> None:
    """直接选定."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
    try:
        step = wf.select_supplier(stage, terms, actor(account), command.credit_code, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store(row, step.record)
    _event(row, step.event, account)
    row.updated_at = context.now
    _publish(session, row, plan, terms)


def invite_bids(session: Session, account: Account, command: InviteBids, context: CommandContext) -> None:
    """二次竞价: the invitation, its deadline and ceiling; invited suppliers see the procurement."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
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
    _publish(session, row, plan, terms)


def submit_bid(session: Session, account: Account, command: SubmitBid, context: CommandContext) -> None:
    """An invited supplier bids (server clock against the deadline)."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
    supplier = unit(session, account.unit_id)
    price = Decimal(command.price.strip())
    try:
        new = wf.submit_bid(stage, actor(account), supplier.credit_code, price, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    bid = SecondStageBid(procurement_id=row.id, credit_code=supplier.credit_code, supplier_unit_id=supplier.id,
                         account_id=account.id, price=format(price, "f"), at=context.now)
    session.add(bid)
    _flush(session, "bid_already_submitted")
    row.updated_at = context.now  # bumps the version: a racing award sees the bid or is refused
    assert row.deadline is not None and len(new.bids) == len(stage.bids) + 1
    feed.publish(session, RecordKind.SECOND_STAGE_BID, f"bid-{bid.id}", to_json(BidRecord(
        procurement_id=row.id, plan_number=plan.number or "", project_name=plan.project_name, title=row.title,
        supplier_name=supplier.name, credit_code=supplier.credit_code, price=bid.price, at=bid.at,
        deadline=row.deadline)), scope_unit_id=supplier.id)
    _publish(session, row, plan, terms)


def award_bids(session: Session, account: Account, command: AwardBids, context: CommandContext) -> None:
    """After the deadline the bids are opened: the lowest wins (竞价失败 when nobody bid)."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
    try:
        step = wf.award_bids(stage, terms, actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store(row, step.record)
    _event(row, step.event, account)
    row.updated_at = context.now
    _publish(session, row, plan, terms)


def award_rotation(session: Session, account: Account, command: AwardRotation, context: CommandContext) -> None:
    """顺序轮候: the next supplier of the rotation gets the award; the rotation moves on."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
    state = _state_row(session, plan.id)
    try:
        step, rotation = wf.award_rotation(stage, terms, _rotation(state, terms), actor(account),
                                           command.credit_code, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    state.rotation_order, state.rotation_cycle = list(rotation.order), rotation.cycle
    state.rotation_awarded = list(rotation.awarded)
    _flush(session, "rotation_changed")
    _store(row, step.record)
    _event(row, step.event, account)
    row.updated_at = context.now
    _publish(session, row, plan, terms)
    waiting = session.execute(select(SecondStageProcurement).where(
        SecondStageProcurement.plan_id == plan.id, SecondStageProcurement.id != row.id,
        SecondStageProcurement.state == wf.SecondStageState.CHOOSING.value)).scalars()
    for other in waiting:  # their purchasers see who is next now
        _publish(session, other, plan, terms)


# --- handlers: 合同备案 --------------------------------------------------------------------------------

def file_contract(session: Session, account: Account, command: FileSecondStageContract,
                  context: CommandContext) -> None:
    """经办岗 submits the 合同备案 (only under a filed agreement) to the 内部审核岗."""
    row, plan, terms, stage = _acting(session, command.procurement_id)
    contract = wf.ContractTerms(command.contract_title, Decimal(command.amount.strip()),
                                dt.date.fromisoformat(command.signed_on))
    try:
        step = wf.submit_contract_filing(stage, actor(account), contract, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    row.submission += 1
    _store(row, step.record)
    row.warnings = _contract_warning_rows(row, contract, local_date(context.now))
    _event(row, step.event, account)
    row.updated_at = context.now
    _publish(session, row, plan, terms)


def _contract_warning_rows(row: SecondStageProcurement, contract: wf.ContractTerms, today: dt.date
                           ) -> list[dict[str, Any]]:
    kept = [w for w in row.warnings if not w["code"].startswith("contract_")]
    return [*kept, *warning_rows(wf.contract_warnings(contract, today))]


def _reviewed(session: Session, account: Account, procurement_id: str, submission: int
              ) -> tuple[SecondStageProcurement, FrameworkPlan, wf.AgreementTerms, wf.SecondStage]:
    row, plan, terms, stage = _acting(session, procurement_id)
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
    state = _state_row(session, plan.id)
    state.contracts_filed += 1
    _flush(session)
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
    _publish(session, row, plan, terms)
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
    _publish(session, row, plan, terms)


# --- joining an open agreement -----------------------------------------------------------------------

def _events(row: JoinApplication) -> tuple[WorkflowEvent, ...]:
    return tuple(WorkflowEvent(row.id, e["action"], e["from_state"], e["to_state"], e["actor_account_id"],
                               e["actor_unit_id"], dt.datetime.fromisoformat(e["at"]), e.get("reason", ""))
                 for e in row.events)


def _application(row: JoinApplication) -> wf.JoinApplication:
    return wf.JoinApplication(
        row.id, row.plan_id, row.supplier_unit_id, SupplierInfo(**row.supplier), row.received_at,
        dt.date.fromisoformat(row.review_due), wf.JoinStatus(row.status), row.reviewed_at,
        row.reviewer_account_id or "", row.reason,
        dt.date.fromisoformat(row.announce_due) if row.announce_due else None, row.announced_at, _events(row))


def _store_application(row: JoinApplication, application: wf.JoinApplication, account: Account) -> None:
    row.status, row.reviewed_at = application.status.value, application.reviewed_at
    row.reviewer_account_id = application.reviewer_account_id or None
    row.reason = application.reason
    row.announce_due = application.announce_due.isoformat() if application.announce_due else None
    row.announced_at = application.announced_at
    known = len(row.events)
    row.events = [*row.events, *(to_json(ReviewEventRecord(
        at=e.at, action=e.action, from_state=e.from_state, to_state=e.to_state, actor_account_id=e.actor_account_id,
        actor_unit_id=e.actor_unit_id, submission=0, reason=e.reason, actor_name=account.username))
        for e in application.events[known:])]


def _join_record(session: Session, row: JoinApplication, plan: FrameworkPlan, now: dt.datetime
                 ) -> JoinApplicationRecord:
    info = SupplierInfo(**row.supplier)
    collector = unit(session, plan.collector_unit_id)
    warnings = wf.join_deadline_warnings(_application(row), now)
    row.flags = [w.code for w in warnings]
    return JoinApplicationRecord(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name,
        collector_unit_id=collector.id, collector_name=collector.name, supplier_unit_id=row.supplier_unit_id,
        name=info.name, credit_code=info.credit_code, status=row.status, received_at=row.received_at,
        review_due=row.review_due, address=info.address, contact_person=info.contact_person, phone=info.phone,
        reviewed_at=row.reviewed_at, reason=row.reason, announce_due=row.announce_due,
        announced_at=row.announced_at, announcement_id=row.announcement_id or "",
        warnings=[PlanWarningRecord(w.code, w.message, w.source) for w in warnings], flags_at=now,
        history=[from_json(ReviewEventRecord, e) for e in row.events])


def _regulator_of(session: Session, plan: FrameworkPlan) -> str | None:
    if plan.regulator_unit_id is not None:
        return plan.regulator_unit_id
    regulator = plans.regulator_for(session, plan.region_code)
    return regulator.id if regulator is not None else None


def _publish_join(session: Session, row: JoinApplication, plan: FrameworkPlan, now: dt.datetime) -> None:
    data = to_json(_join_record(session, row, plan, now))
    _flush(session, "join_application_changed")
    feed.publish(session, RecordKind.JOIN_APPLICATION, row.id, data, scope_unit_id=row.supplier_unit_id,
                 shared_with=[plan.collector_unit_id, _regulator_of(session, plan)])


def apply_to_join(session: Session, account: Account, command: ApplyToJoin, context: CommandContext) -> None:
    """A supplier applies to join a filed open agreement."""
    plan = numbered_plan(session, command.plan_id)
    if not agreements.agreement_filed(session, plan.id):
        raise CommandRejected("agreement_not_filed", "框架协议备案完成后，供应商才可以申请加入",
                              "the agreement is not filed yet")
    terms = _filed_terms(session, plan)
    if session.get(JoinApplication, command.application_id) is not None:
        raise CommandRejected("join_application_id_taken", f"加入申请编号“{command.application_id}”已被使用",
                              f"application id {command.application_id} is taken")
    supplier = unit(session, account.unit_id)
    info = SupplierInfo(supplier.name, supplier.credit_code, command.address.strip() or "",
                        command.contact_person.strip() or supplier.contact_person,
                        command.phone.strip() or supplier.contact_phone)
    pending = session.execute(select(JoinApplication.credit_code).where(
        JoinApplication.plan_id == plan.id, JoinApplication.status == wf.JoinStatus.PENDING.value)).scalars()
    try:
        application = wf.apply_to_join(command.application_id, terms, actor(account), info, list(pending),
                                       context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    row = JoinApplication(id=application.application_id, plan_id=plan.id, supplier_unit_id=supplier.id,
                          credit_code=info.credit_code, supplier=to_json(info), status=application.status.value,
                          received_at=context.now, review_due=application.review_due.isoformat(), reason="",
                          flags=[], events=[], created_by=account.id)
    _store_application(row, application, account)
    session.add(row)
    _flush(session, "join_application_pending")
    _publish_join(session, row, plan, context.now)


def _reviewing(session: Session, application_id: str) -> tuple[JoinApplication, FrameworkPlan, wf.AgreementTerms]:
    row = session.get(JoinApplication, application_id)
    if row is None:
        raise CommandRejected("join_application_unknown", f"加入申请“{application_id}”不存在",
                              f"application {application_id} not found")
    plan = numbered_plan(session, row.plan_id)
    return row, plan, _filed_terms(session, plan)


def approve_join(session: Session, account: Account, command: ApproveJoin, context: CommandContext) -> None:
    """审核通过: the supplier joins 入围供应商管理 and the announcement is published with the approval."""
    row, plan, terms = _reviewing(session, command.application_id)
    try:
        approved = wf.approve_join(_application(row), terms, actor(account), context.now)
        announced = wf.announce_join(approved, context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store_application(row, announced, account)
    row.announcement_id = f"rwgg-{row.id}"
    shortlist.admit(session, plan, announced.supplier, row.announcement_id, context.now)
    _publish_admission(session, row, plan, terms, announced.supplier, context.now)
    _publish_join(session, row, plan, context.now)


def _publish_admission(session: Session, row: JoinApplication, plan: FrameworkPlan, terms: wf.AgreementTerms,
                       supplier: SupplierInfo, now: dt.datetime) -> None:
    """The announcement of an admitted supplier (结果公告 column; the shortlist updated dynamically)."""
    collector = unit(session, plan.collector_unit_id)
    kind = AnnouncementKind.SHORTLIST_RESULT
    fee = f"；付费标准（最高入围价格）：{terms.price_ceiling:f}元" if terms.price_ceiling is not None else ""
    record = AnnouncementRecord(
        kind=kind.value, column=column_for(kind).value, plan_id=plan.id, plan_number=plan.number or "",
        project_name=plan.project_name, title=f"{plan.project_name}入围供应商动态更新公告（{supplier.name}）",
        form=AgreementForm.OPEN.value, is_interop=is_interop(plan), collector_unit_id=collector.id,
        collector_name=collector.name, owner_unit_id=collector.id, owner_name=collector.name,
        status=FlowStatus.APPROVED.value, state_label="已发布", submission=0, created_at=now, updated_at=now,
        published_at=now, content=(f"经审核，{supplier.name}（统一社会信用代码 {supplier.credit_code}）"
                                   f"加入本开放式框架协议{fee}。"),
        suppliers=[SupplierEntryRecord(**to_json(supplier))], needs_tendering=False)
    assert row.announcement_id is not None
    feed.publish(session, RecordKind.ANNOUNCEMENT, row.announcement_id, to_json(record))


def refuse_join(session: Session, account: Account, command: RefuseJoin, context: CommandContext) -> None:
    """审核不通过 with the reason the applicant reads."""
    row, plan, terms = _reviewing(session, command.application_id)
    try:
        refused_application = wf.refuse_join(_application(row), terms, actor(account), context.now, command.reason)
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store_application(row, refused_application, account)
    _publish_join(session, row, plan, context.now)


def flag_overdue(session: Session, now: dt.datetime) -> int:
    """Republish the join applications whose deadline flags changed as of ``now`` (review overdue,
    announcement overdue); returns how many. For a periodic worker; the caller commits."""
    rows = session.execute(select(JoinApplication).where(JoinApplication.status.in_(
        [wf.JoinStatus.PENDING.value, wf.JoinStatus.APPROVED.value]))).scalars().all()
    changed = 0
    for row in rows:
        codes = [w.code for w in wf.join_deadline_warnings(_application(row), now)]
        if codes != list(row.flags):
            _publish_join(session, row, numbered_plan(session, row.plan_id), now)
            changed += 1
    return changed


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
    ApplyToJoin.name: apply_to_join,
    ApproveJoin.name: approve_join,
    RefuseJoin.name: refuse_join,
}
"""Registered in ``apply_command._HANDLERS`` (issue 7, second stage)."""
