"""框架协议备案 on the server, and the second-stage gate (issue 7; seed manual 1.3.1.4, 1.3.1.5).

【合同管理】-【框架协议备案】-【新增】: the collector's 经办岗 picks the project (a plan whose 入围结果公告
is published); the collector and the shortlisted suppliers (with their 委托代理商, from 入围供应商管理)
are carried and locked; only the validity period is the filer's own. 【备案】 sends it to the
collector's 内部审核岗, whose approval completes the filing (nobody approves their own). The rules
are :mod:`desktop.domain.workflow.agreement`.

Gate for other code (the second-stage 合同备案 and 资金支付): :func:`agreement_filed` and
:func:`require_agreement_filed` ("只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作"), plus
:func:`require_in_scope` (a purchaser inside the collection scope, a shortlisted supplier).

Feed (kind ``agreement``): the collector sees a filing while it is edited or reviewed; once filed,
everyone does (purchasers in the scope use it in the second stage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.agreement_commands import ApproveAgreement, FileAgreement, ReturnAgreement, SaveAgreementFiling
from desktop.domain.agreement_records import AgentRecord, AgreementRecord, ShortlistedSupplierEntry
from desktop.domain.identity import normalize_code
from desktop.domain.plan_records import PlanWarningRecord
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.roles import Post, require_handler
from desktop.domain.workflow.agreement import (
    AgreementFiling,
    SecondStageAction,
    agreement_warnings,
    approve_agreement,
    edit_agreement,
    file_agreement,
    new_agreement_filing,
    refresh_suppliers,
    return_agreement,
)
from desktop.domain.workflow.agreement import require_agreement_filed as domain_require_agreement_filed
from desktop.domain.workflow.agreement import require_in_scope as domain_require_in_scope
from desktop.domain.workflow.common import Category, Region, WorkflowError, WorkflowEvent
from desktop.domain.workflow.plan import CollectorIdentity, Party
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.suppliers import ShortlistedSupplier, SupplierInfo
from server_stub.models import Account, FrameworkAgreementFiling, FrameworkPlan
from server_stub.models import Region as RegionRow
from server_stub.services import announcements, feed, shortlist
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import (
    actor,
    add_history,
    agreement_form,
    date_text,
    flow_of,
    history,
    numbered_plan,
    party,
    pending_as_seen,
    refused,
    require_workflow_account,
    store_flow,
    unit,
    warning_rows,
)

__all__ = ["HANDLERS", "agreement_filed", "filing_of", "note_removal", "require_agreement_filed", "require_in_scope"]


# --- rows and domain values -----------------------------------------------------------------------

def _supplier(data: dict[str, object]) -> ShortlistedSupplier:
    info = data["info"]
    agents = data.get("agents") or []
    assert isinstance(info, dict) and isinstance(agents, list)
    return ShortlistedSupplier(SupplierInfo(**info), tuple(SupplierInfo(**a) for a in agents))


def _region(session: Session, code: str | None) -> Region | None:
    if code is None:
        return None
    row = session.get(RegionRow, code)
    return Region(code, row.name if row is not None else code)


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _filing(session: Session, row: FrameworkAgreementFiling, plan: FrameworkPlan) -> AgreementFiling:
    return AgreementFiling(row.id, plan.id, row.result_id, agreement_form(plan), Party(**row.collector),
                           tuple(_supplier(s) for s in row.suppliers), flow_of(row),
                           _region(session, row.scope_region_code),
                           Category(row.category) if row.category else None,
                           _date(row.validity_start), _date(row.validity_end))


def filing_of(session: Session, plan_id: str) -> FrameworkAgreementFiling | None:
    return session.execute(select(FrameworkAgreementFiling).where(FrameworkAgreementFiling.plan_id == plan_id)
                           ).scalars().first()


def _state_label(row: FrameworkAgreementFiling) -> str:
    if row.status == FlowStatus.APPROVED.value:
        return "已备案"
    return "待备案" if row.status == FlowStatus.DRAFT.value else flow_of(row).state_label


def _record(session: Session, row: FrameworkAgreementFiling, plan: FrameworkPlan) -> AgreementRecord:
    collector = row.collector
    pending = flow_of(row).pending_step
    scope = _region(session, row.scope_region_code)
    suppliers = [_supplier(s) for s in row.suppliers]
    return AgreementRecord(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name, result_id=row.result_id,
        form=agreement_form(plan).value, collector_unit_id=row.collector_unit_id, collector_name=collector["name"],
        collector_credit_code=collector["credit_code"], status=row.status, state_label=_state_label(row),
        submission=row.submission, created_at=row.created_at, updated_at=row.updated_at,
        suppliers=[ShortlistedSupplierEntry(s.info.name, s.info.credit_code, s.info.address, s.info.contact_person,
                                            s.info.phone, [AgentRecord(**to_json(a)) for a in s.agents])
                   for s in suppliers],
        scope_region_code=row.scope_region_code, scope_region_name=scope.name if scope is not None else "",
        category=row.category, validity_start=row.validity_start, validity_end=row.validity_end,
        filed_at=row.filed_at, pending_step=pending.value if pending is not None else None,
        submitter_account_id=row.submitter_account_id or "", approved_by=list(row.approved_by),
        return_reason=row.return_reason, warnings=[from_json(PlanWarningRecord, w) for w in row.warnings],
        history=history(row))


def _publish(session: Session, row: FrameworkAgreementFiling, plan: FrameworkPlan) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise CommandRejected("agreement_changed", "框架协议备案已被他人同时办理，请同步后重新查看",
                              "the filing changed concurrently") from None
    scope = None if row.status == FlowStatus.APPROVED.value else row.collector_unit_id
    feed.publish(session, RecordKind.AGREEMENT, row.id, to_json(_record(session, row, plan)), scope_unit_id=scope)


def note_removal(session: Session, plan: FrameworkPlan, event: WorkflowEvent, account: Account) -> None:
    """移出入围供应商 shows in the agreement's history (who, why); its filed supplier list stays as filed."""
    row = filing_of(session, plan.id)
    if row is None:
        return
    detail = dict(event.detail)
    who = f"{detail.get('name', '')}（{detail.get('supplier', '')}）"
    add_history(row, replace(event, reason=f"{who}：{event.reason}"), row.submission, account)
    _publish(session, row, plan)


def _store(row: FrameworkAgreementFiling, filing: AgreementFiling) -> None:
    row.suppliers = [to_json(s) for s in filing.suppliers]
    row.validity_start, row.validity_end = date_text(filing.validity_start), date_text(filing.validity_end)
    row.warnings = warning_rows(agreement_warnings(filing))


# --- who may ---------------------------------------------------------------------------------------

def _require_collector(account: Account, plan: FrameworkPlan) -> None:
    require_workflow_account(account, "框架协议备案")
    if account.unit_id != plan.collector_unit_id:
        raise CommandRejected("other_unit", "框架协议备案由征集人通过【合同管理】-【框架协议备案】办理",
                              "only the collector files the agreement")


def _own_filing(session: Session, account: Account, filing_id: str) -> tuple[FrameworkAgreementFiling, FrameworkPlan]:
    row = session.get(FrameworkAgreementFiling, filing_id)
    if row is None:
        raise CommandRejected("agreement_unknown", f"框架协议备案“{filing_id}”不存在", f"filing {filing_id} not found")
    plan = numbered_plan(session, row.plan_id)
    _require_collector(account, plan)
    return row, plan


# --- handlers ----------------------------------------------------------------------------------------

def _new_filing(session: Session, command: SaveAgreementFiling, plan: FrameworkPlan) -> AgreementFiling:
    existing = filing_of(session, plan.id)
    if existing is not None:
        raise CommandRejected("agreement_exists", f"该项目已有框架协议备案（{existing.id}），请在原备案上修改",
                              "the plan already has an agreement filing")
    result = announcements.shortlist_result_of(session, plan)
    if result is None:
        raise CommandRejected("shortlist_result_not_published", "入围结果公告发布后，才可以进行框架协议备案",
                              "publish the shortlist result announcement first")
    form = plan.form
    scope_codes = form.get("scope_region_codes") or []
    scope = (_region(session, scope_codes[0])
             if plan.identity == CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY.value and scope_codes else None)
    category = Category(form["category"]) if form.get("category") else None
    filing = new_agreement_filing(command.filing_id, result, party(unit(session, plan.collector_unit_id)),
                                  shortlist.roster(session, plan.id), plan.collector_unit_id, scope, category)
    return replace(filing, validity_start=_date(form.get("validity_start")),
                   validity_end=_date(form.get("validity_end")))


def _as_shown(filing: AgreementFiling, command: SaveAgreementFiling
              ) -> tuple[Party, tuple[ShortlistedSupplier, ...]]:
    """The parties as the form shows them (empty = as carried): compared by the domain's lock rule."""
    collector = filing.collector
    if command.collector_name.strip():
        collector = replace(collector, name=command.collector_name.strip())
    suppliers = filing.suppliers
    if command.supplier_credit_codes:
        by_code = {s.credit_code: s for s in filing.suppliers}
        suppliers = tuple(by_code.get(normalize_code(code), ShortlistedSupplier(SupplierInfo("", normalize_code(code))))
                          for code in command.supplier_credit_codes)
    return collector, suppliers


def save_agreement_filing(session: Session, account: Account, command: SaveAgreementFiling,
                          context: CommandContext) -> None:
    """【新增】/【修改】→【保存】 (a draft or a returned filing)."""
    require_handler(Post(account.post), "填报框架协议备案")
    plan = numbered_plan(session, command.plan_id)
    _require_collector(account, plan)
    row = session.get(FrameworkAgreementFiling, command.filing_id)
    try:
        if row is None:
            filing = _new_filing(session, command, plan)
        else:
            if row.plan_id != plan.id:
                raise CommandRejected("agreement_id_taken", f"框架协议备案编号“{command.filing_id}”已被使用",
                                      f"filing id {command.filing_id} is taken")
            filing = refresh_suppliers(_filing(session, row, plan), shortlist.roster(session, plan.id))
        collector, suppliers = _as_shown(filing, command)
        start = _date(command.validity_start) if command.validity_start is not None else filing.validity_start
        end = _date(command.validity_end) if command.validity_end is not None else filing.validity_end
        filing = edit_agreement(filing, collector, suppliers, start, end)
    except WorkflowError as exc:
        raise refused(exc) from exc
    if row is None:
        row = FrameworkAgreementFiling(
            id=filing.filing_id, plan_id=plan.id, result_id=filing.result_id, collector_unit_id=plan.collector_unit_id,
            collector=to_json(filing.collector),
            scope_region_code=filing.scope.code if filing.scope is not None else None,
            category=filing.category.value if filing.category is not None else None,
            status=FlowStatus.DRAFT.value, current_step=0, submission=0, approved_by=[], return_reason="",
            history=[], created_by=account.id, created_at=context.now)
        session.add(row)
    _store(row, filing)
    row.updated_at = context.now
    _publish(session, row, plan)


def file_(session: Session, account: Account, command: FileAgreement, context: CommandContext) -> None:
    """【备案】: the suppliers are refreshed from 入围供应商管理 one last time, then 内部审核岗 reviews."""
    require_handler(Post(account.post), "提交框架协议备案")
    row, plan = _own_filing(session, account, command.filing_id)
    try:
        filing = refresh_suppliers(_filing(session, row, plan), shortlist.roster(session, plan.id))
        step = file_agreement(filing, actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    row.submission += 1
    _store(row, step.record)
    store_flow(row, step.record.flow)
    add_history(row, step.event, row.submission, account)
    row.updated_at = context.now
    _publish(session, row, plan)


def _reviewed(session: Session, account: Account, filing_id: str, submission: int
              ) -> tuple[FrameworkAgreementFiling, FrameworkPlan]:
    row = session.get(FrameworkAgreementFiling, filing_id)
    if row is None:
        raise CommandRejected("agreement_unknown", f"框架协议备案“{filing_id}”不存在", f"filing {filing_id} not found")
    plan = numbered_plan(session, row.plan_id)
    require_workflow_account(account, "框架协议备案审核")
    pending_as_seen(row, submission, "agreement", _state_label(row))
    return row, plan


def approve(session: Session, account: Account, command: ApproveAgreement, context: CommandContext) -> None:
    """审核通过: 框架协议备案完成; the filing becomes visible to everyone."""
    row, plan = _reviewed(session, account, command.filing_id, command.submission)
    try:
        step = approve_agreement(_filing(session, row, plan), actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    store_flow(row, step.record.flow)
    add_history(row, step.event, row.submission, account)
    row.updated_at = row.filed_at = context.now
    _publish(session, row, plan)


def return_(session: Session, account: Account, command: ReturnAgreement, context: CommandContext) -> None:
    row, plan = _reviewed(session, account, command.filing_id, command.submission)
    try:
        step = return_agreement(_filing(session, row, plan), actor(account), context.now, command.reason)
    except WorkflowError as exc:
        raise refused(exc) from exc
    store_flow(row, step.record.flow)
    add_history(row, step.event, row.submission, account)
    row.updated_at = context.now
    _publish(session, row, plan)


HANDLERS: dict[str, Callable[..., None]] = {
    SaveAgreementFiling.name: save_agreement_filing,
    FileAgreement.name: file_,
    ApproveAgreement.name: approve,
    ReturnAgreement.name: return_,
}


# --- the second-stage gate ------------------------------------------------------------------------------

def agreement_filed(session: Session, plan_id: str) -> bool:
    """框架协议备案完成 for the project (plan) ``plan_id``."""
    row = filing_of(session, plan_id)
    return row is not None and row.status == FlowStatus.APPROVED.value


def require_agreement_filed(session: Session, plan_id: str,
                            action: SecondStageAction = SecondStageAction.CONTRACT_FILING) -> AgreementFiling:
    """The filed agreement of the project, or :class:`CommandRejected` ``agreement_not_filed`` with the
    manual's wording ("只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作"): call it from the
    second-stage 合同备案 and 资金支付 inside their transaction."""
    row = filing_of(session, plan_id)
    plan = session.get(FrameworkPlan, plan_id)
    filing = _filing(session, row, plan) if row is not None and plan is not None else None
    try:
        return domain_require_agreement_filed(filing, action)
    except WorkflowError as exc:
        raise refused(exc) from exc


def require_in_scope(session: Session, plan_id: str, purchaser_region_code: str, supplier_credit_code: str) -> None:
    """The purchaser (by its division) is inside the collection scope and the supplier is shortlisted."""
    filing = require_agreement_filed(session, plan_id)
    try:
        domain_require_in_scope(filing, purchaser_region_code, normalize_code(supplier_credit_code))
    except WorkflowError as exc:
        raise refused(exc) from exc
