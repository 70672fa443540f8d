"""信息发布 on the server (issue 7; seed manual 1.3.1.2, 1.3.1.5): 征集公告 and 入围结果公告 with their
publication review, and the 合同公告 of second-stage contracts.

The rules are the domain's (:mod:`desktop.domain.workflow.announcement`); this module supplies what
only the server knows: the plan (numbered? 互认互通? 封闭式 or 开放式?), the collector's unit (name,
contact person, 固话 carried into the notice), what the trading system pushed
(:mod:`server_stub.services.bridge`), and who the caller is.

Who does what: the 经办岗 of the collector unit or of its entrusted agency ("征集人或委托的代理机构")
opens the 【项目向导】 and saves; the unit that created an announcement edits and submits it, and its
内部审核岗 approves (nobody approves their own submission) or returns it with a reason. Accounts are
采购人 or 代理机构 accounts.

Feed (kind ``announcement``, with its ``column``): the editing unit and the collector (or agency)
see an announcement while it is edited or reviewed; once published, everyone does. A published
announcement of a 互认互通 project is queued for the trading system in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.agreement_commands import (
    ApproveAnnouncement,
    ReturnAnnouncement,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
)
from desktop.domain.agreement_records import (
    AnnouncementLotRecord,
    AnnouncementRecord,
    CollectorContactRecord,
    SupplierEntryRecord,
)
from desktop.domain.plan_records import PlanProblemRecord, PlanWarningRecord
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.roles import Post, require_handler
from desktop.domain.workflow.announcement import (
    AnnouncementKind,
    CollectionNotice,
    CollectorContact,
    Lot,
    ShortlistBasis,
    ShortlistResult,
    approve_announcement,
    collection_needs_tendering,
    column_for,
    edit_collection_notice,
    new_collection_notice,
    new_shortlist_result,
    notice_problems,
    receive_lots,
    result_problems,
    result_warnings,
    return_announcement,
    submit_collection_notice,
    submit_shortlist_result,
)
from desktop.domain.workflow.common import Transition, WorkflowError
from desktop.domain.workflow.order110 import EvaluationMethod
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.suppliers import SupplierInfo
from server_stub.models import Account, FrameworkAnnouncement, FrameworkPlan, Unit
from server_stub.services import bridge, feed, shortlist
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import (
    actor,
    add_history,
    agency_unit_id,
    agreement_form,
    flow_of,
    history,
    is_interop,
    numbered_plan,
    pending_as_seen,
    plan_filing,
    problem_rows,
    refused,
    require_workflow_account,
    store_flow,
    unit,
    warning_rows,
)

__all__ = [
    "HANDLERS",
    "lots_arrived",
    "publish_contract_announcement",
    "republish",
    "shortlist_result_of",
    "suppliers_arrived",
]

COLLECTION = AnnouncementKind.COLLECTION.value
RESULT = AnnouncementKind.SHORTLIST_RESULT.value
CONTRACT = AnnouncementKind.CONTRACT.value


# --- rows and domain values -----------------------------------------------------------------------

def _lots(rows: list[dict[str, Any]]) -> tuple[Lot, ...]:
    return tuple(Lot(r["number"], r["name"], Decimal(r["max_unit_price"]) if r.get("max_unit_price") else None)
                 for r in rows)


def _lot_rows(lots: tuple[Lot, ...]) -> list[dict[str, Any]]:
    return [{"number": lot.number, "name": lot.name,
             "max_unit_price": format(lot.max_unit_price, "f") if lot.max_unit_price is not None else None}
            for lot in lots]


def _notice(row: FrameworkAnnouncement, plan: FrameworkPlan) -> CollectionNotice:
    assert row.collector is not None
    return CollectionNotice(row.id, row.plan_id, CollectorContact(**row.collector), is_interop(plan), flow_of(row),
                            _lots(row.lots), row.lots_received)


def _result(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan) -> ShortlistResult:
    pushed = (bridge.suppliers_of(session, plan.id) or ()) if is_interop(plan) else ()
    return ShortlistResult(
        row.id, row.plan_id, is_interop(plan), agreement_form(plan), flow_of(row),
        basis=ShortlistBasis(row.basis) if row.basis else None,
        basis_value=Decimal(row.basis_value) if row.basis_value is not None else None,
        suppliers=tuple(SupplierInfo(**s) for s in row.suppliers), pushed_suppliers=pushed,
        responsive_count=row.responsive_count,
        evaluation_method=EvaluationMethod(row.evaluation_method) if row.evaluation_method else None)


def _of_plan(session: Session, plan_id: str, kind: str) -> FrameworkAnnouncement | None:
    return session.execute(select(FrameworkAnnouncement).where(FrameworkAnnouncement.plan_id == plan_id,
                                                               FrameworkAnnouncement.kind == kind)).scalars().first()


def shortlist_result_of(session: Session, plan: FrameworkPlan) -> ShortlistResult | None:
    """The plan's 入围结果公告 as the domain sees it (None: not started)."""
    row = _of_plan(session, plan.id, RESULT)
    return _result(session, row, plan) if row is not None else None


def _state_label(row: FrameworkAnnouncement) -> str:
    if row.status == FlowStatus.APPROVED.value:
        return "已发布"
    return "编辑中" if row.status == FlowStatus.DRAFT.value else flow_of(row).state_label


# --- the feed record --------------------------------------------------------------------------------

def _record(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan) -> AnnouncementRecord:
    collector, owner = unit(session, plan.collector_unit_id), unit(session, row.owner_unit_id)
    flow = flow_of(row)
    pending = flow.pending_step
    pushed = bridge.suppliers_of(session, plan.id) if row.kind == RESULT and is_interop(plan) else None
    form = agreement_form(plan)
    return AnnouncementRecord(
        kind=row.kind, column=column_for(AnnouncementKind(row.kind)).value, plan_id=plan.id,
        plan_number=plan.number or "", project_name=plan.project_name, title=row.title, form=form.value,
        is_interop=is_interop(plan), collector_unit_id=collector.id, collector_name=collector.name,
        owner_unit_id=owner.id, owner_name=owner.name, status=row.status, state_label=_state_label(row),
        submission=row.submission, created_at=row.created_at, updated_at=row.updated_at,
        published_at=row.published_at, pending_step=pending.value if pending is not None else None,
        submitter_account_id=row.submitter_account_id or "", approved_by=list(row.approved_by),
        return_reason=row.return_reason, content=row.content,
        collector=CollectorContactRecord(**row.collector) if row.collector else None,
        lots=[AnnouncementLotRecord(**lot) for lot in row.lots], lots_received=row.lots_received,
        notice_id=row.notice_id or "", basis=row.basis, basis_value=row.basis_value,
        suppliers=[SupplierEntryRecord(**s) for s in row.suppliers],
        pushed_suppliers=[SupplierEntryRecord(**to_json(s)) for s in pushed or ()],
        responsive_count=row.responsive_count, evaluation_method=row.evaluation_method,
        needs_tendering=collection_needs_tendering(form), trading_push=bridge.push_state(session, row).value,
        problems=[from_json(PlanProblemRecord, p) for p in row.problems],
        warnings=[from_json(PlanWarningRecord, w) for w in row.warnings], history=history(row))


def _publish(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise CommandRejected("announcement_changed", "公告已被他人同时办理，请同步后重新查看",
                              "the announcement changed concurrently") from None
    published = row.status == FlowStatus.APPROVED.value  # then everyone sees it (the announcements browser)
    feed.publish(session, RecordKind.ANNOUNCEMENT, row.id, to_json(_record(session, row, plan)),
                 scope_unit_id=None if published else row.owner_unit_id,
                 shared_with=(plan.collector_unit_id, agency_unit_id(plan)))


def republish(session: Session, announcement_id: str) -> None:
    """Publish the announcement's record again (e.g. its push state changed)."""
    row = session.get(FrameworkAnnouncement, announcement_id)
    if row is not None:
        plan = session.get(FrameworkPlan, row.plan_id)
        assert plan is not None
        _publish(session, row, plan)


# --- who may -------------------------------------------------------------------------------------------

def _require_editor_unit(account: Account, plan: FrameworkPlan) -> None:
    require_workflow_account(account, "信息发布")
    if account.unit_id not in (plan.collector_unit_id, agency_unit_id(plan)):
        raise CommandRejected("other_unit", "只能办理本单位（征集人或其委托的代理机构）的征集项目",
                              "only the collector or its entrusted agency")


def _require_owner(account: Account, row: FrameworkAnnouncement) -> None:
    if account.unit_id != row.owner_unit_id:
        raise CommandRejected("other_unit", "公告由编辑该公告的单位办理", "only the unit that edits the announcement")


def _own_announcement(session: Session, account: Account, announcement_id: str
                      ) -> tuple[FrameworkAnnouncement, FrameworkPlan]:
    row = session.get(FrameworkAnnouncement, announcement_id)
    if row is None:
        raise CommandRejected("announcement_unknown", f"公告“{announcement_id}”不存在",
                              f"announcement {announcement_id} not found")
    plan = numbered_plan(session, row.plan_id)
    _require_editor_unit(account, plan)
    _require_owner(account, row)
    return row, plan


def _new_row(announcement_id: str, kind: str, plan: FrameworkPlan, account: Account, now: dt.datetime,
             title: str) -> FrameworkAnnouncement:
    return FrameworkAnnouncement(id=announcement_id, kind=kind, plan_id=plan.id, owner_unit_id=account.unit_id,
                                 title=title, content="", lots=[], lots_received=False, suppliers=[],
                                 status=FlowStatus.DRAFT.value, current_step=0, submission=0, approved_by=[],
                                 return_reason="", problems=[], warnings=[], history=[], created_by=account.id,
                                 created_at=now, updated_at=now)


def _taken(session: Session, announcement_id: str) -> CommandRejected:
    return CommandRejected("announcement_id_taken", f"公告编号“{announcement_id}”已被使用",
                           f"announcement id {announcement_id} is taken")


# --- 征集公告 --------------------------------------------------------------------------------------------

def _carried(session: Session, plan: FrameworkPlan, address: str) -> CollectorContact:
    """征集人信息从备案的计划中带入: the collector unit's name, contact person and 固话."""
    collector = unit(session, plan.collector_unit_id)
    return CollectorContact(collector.name, collector.contact_person, collector.contact_phone, address)


def save_collection_notice(session: Session, account: Account, command: SaveCollectionNotice,
                           context: CommandContext) -> None:
    """【项目向导】→【保存】: create the notice of a numbered plan, or change a draft / returned one."""
    require_handler(Post(account.post), "编辑征集公告")
    plan = numbered_plan(session, command.plan_id)
    _require_editor_unit(account, plan)
    row = session.get(FrameworkAnnouncement, command.notice_id)
    try:
        if row is None:
            existing = _of_plan(session, plan.id, COLLECTION)
            if existing is not None:
                raise CommandRejected("collection_notice_exists",
                                      f"该项目已有征集公告（{existing.id}），请在原公告上修改",
                                      "the plan already has a collection notice")
            notice = new_collection_notice(command.notice_id, plan_filing(plan), _carried(session, plan, ""),
                                           account.unit_id)
            lots = bridge.lots_of(session, plan.id) if notice.is_interop else None
            if lots is not None:
                notice = receive_lots(notice, lots)
        else:
            if row.kind != COLLECTION or row.plan_id != plan.id:
                raise _taken(session, command.notice_id)
            _require_owner(account, row)
            notice = _notice(row, plan)
        carried = notice.collector
        shown = CollectorContact(command.collector_name or carried.name,
                                 command.contact_person or carried.contact_person, command.phone or carried.phone,
                                 command.address)
        lots = (tuple(lot.lot() for lot in command.lots) if command.lots or not notice.is_interop else notice.lots)
        notice = edit_collection_notice(notice, shown, lots)
    except WorkflowError as exc:
        raise refused(exc) from exc
    if row is None:
        row = _new_row(command.notice_id, COLLECTION, plan, account, context.now, "")
        session.add(row)
    row.title = command.title.strip() or f"{plan.project_name}征集公告"
    row.content = command.content.strip()
    row.collector = to_json(notice.collector)
    row.lots, row.lots_received = _lot_rows(notice.lots), notice.lots_received
    row.problems, row.warnings = problem_rows(notice_problems(notice)), []
    row.updated_at = context.now
    _publish(session, row, plan)


def lots_arrived(session: Session, plan: FrameworkPlan, now: dt.datetime) -> None:
    """The trading system pushed the lots: a draft 征集公告 shows them (and becomes editable)."""
    row = _of_plan(session, plan.id, COLLECTION)
    lots = bridge.lots_of(session, plan.id)
    if row is None or lots is None:
        return  # the notice takes them when it is created
    try:
        notice = receive_lots(_notice(row, plan), lots)
    except WorkflowError:  # under review or published: the lots it went out with stay
        return
    row.lots, row.lots_received = _lot_rows(notice.lots), True
    row.problems = problem_rows(notice_problems(notice))
    row.updated_at = now
    _publish(session, row, plan)


# --- 入围结果公告 -----------------------------------------------------------------------------------------

def _chosen(command: SaveShortlistResult, pushed: tuple[SupplierInfo, ...]) -> tuple[SupplierInfo, ...]:
    """The suppliers as checked by the command; one picked from the pushed ones comes as pushed."""
    by_code = {s.credit_code: s for s in pushed}
    chosen = []
    for form in command.suppliers:
        info = form.checked("入围供应商")
        chosen.append(by_code.get(info.credit_code, info))
    return tuple(chosen)


def save_shortlist_result(session: Session, account: Account, command: SaveShortlistResult,
                          context: CommandContext) -> None:
    """【保存】 the 入围结果公告; its suppliers are synced into 入围供应商管理 at once."""
    require_handler(Post(account.post), "编辑入围结果公告")
    notice_row = session.get(FrameworkAnnouncement, command.notice_id)
    if notice_row is None or notice_row.kind != COLLECTION:
        raise CommandRejected("collection_notice_unknown", f"征集公告“{command.notice_id}”不存在",
                              f"collection notice {command.notice_id} not found")
    plan = numbered_plan(session, notice_row.plan_id)
    _require_editor_unit(account, plan)
    row = session.get(FrameworkAnnouncement, command.result_id)
    try:
        if row is None:
            existing = _of_plan(session, plan.id, RESULT)
            if existing is not None:
                raise CommandRejected("shortlist_result_exists",
                                      f"该项目已有入围结果公告（{existing.id}），请在原公告上修改",
                                      "the plan already has a shortlist result announcement")
            result = new_shortlist_result(command.result_id, _notice(notice_row, plan), agreement_form(plan),
                                          account.unit_id)
            pushed = (bridge.suppliers_of(session, plan.id) or ()) if result.is_interop else ()
            result = replace(result, pushed_suppliers=pushed)
        else:
            if row.kind != RESULT or row.plan_id != plan.id:
                raise _taken(session, command.result_id)
            _require_owner(account, row)
            result = _result(session, row, plan)
            if not result.publication.status.editable:
                raise CommandRejected("announcement_not_editable", f"公告当前状态为“{result.state_label}”，不能修改",
                                      "the announcement is under review or published")
    except WorkflowError as exc:
        raise refused(exc) from exc
    result = replace(result, basis=command.basis,
                     basis_value=Decimal(command.basis_value.strip()) if command.basis_value is not None else None,
                     suppliers=_chosen(command, result.pushed_suppliers), responsive_count=command.responsive_count,
                     evaluation_method=command.evaluation_method)
    if row is None:
        row = _new_row(command.result_id, RESULT, plan, account, context.now, "")
        row.notice_id = notice_row.id
        session.add(row)
    row.title = command.title.strip() or f"{plan.project_name}入围结果公告"
    row.content = command.content.strip()
    row.basis = result.basis.value if result.basis is not None else None
    row.basis_value = format(result.basis_value, "f") if result.basis_value is not None else None
    row.suppliers = [to_json(s) for s in result.suppliers]
    row.responsive_count = result.responsive_count
    row.evaluation_method = result.evaluation_method.value if result.evaluation_method is not None else None
    row.problems = problem_rows(result_problems(result))
    row.warnings = warning_rows(result_warnings(result))
    row.updated_at = context.now
    _publish(session, row, plan)
    shortlist.sync_from_result(session, plan, row.id, result.suppliers, context.now)


def suppliers_arrived(session: Session, plan: FrameworkPlan, now: dt.datetime) -> None:
    """The trading centre pushed the shortlisted suppliers: a draft result shows them to choose from."""
    row = _of_plan(session, plan.id, RESULT)
    if row is None:
        return
    result = _result(session, row, plan)
    if result.publication.status.editable:
        row.problems = problem_rows(result_problems(result))
        row.updated_at = now
    _publish(session, row, plan)


# --- review -----------------------------------------------------------------------------------------------

def _submitted(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan, account: Account,
               now: dt.datetime) -> Transition[Any]:
    if row.kind == COLLECTION:
        return submit_collection_notice(_notice(row, plan), actor(account), now)
    if row.kind == RESULT:
        return submit_shortlist_result(_result(session, row, plan), actor(account), now)
    raise CommandRejected("announcement_not_reviewed", "合同公告随合同备案发布，无需提交审核",
                          "a contract announcement is published with its contract filing")


def submit_announcement(session: Session, account: Account, command: SubmitAnnouncement,
                        context: CommandContext) -> None:
    """提交: the 经办岗 of the editing unit sends it to its 内部审核岗."""
    require_handler(Post(account.post), "提交公告")
    row, plan = _own_announcement(session, account, command.announcement_id)
    try:
        step = _submitted(session, row, plan, account, context.now)
    except WorkflowError as exc:
        raise refused(exc, "公告信息") from exc
    row.submission += 1
    store_flow(row, step.record.publication)
    if isinstance(step.record, ShortlistResult):  # the checked, normalised suppliers
        row.suppliers = [to_json(s) for s in step.record.suppliers]
    add_history(row, step.event, row.submission, account)
    row.updated_at = context.now
    _publish(session, row, plan)


def _reviewed(session: Session, account: Account, announcement_id: str, submission: int
              ) -> tuple[FrameworkAnnouncement, FrameworkPlan]:
    row = session.get(FrameworkAnnouncement, announcement_id)
    if row is None:
        raise CommandRejected("announcement_unknown", f"公告“{announcement_id}”不存在",
                              f"announcement {announcement_id} not found")
    plan = numbered_plan(session, row.plan_id)
    require_workflow_account(account, "公告审核")
    pending_as_seen(row, submission, "announcement", _state_label(row))
    return row, plan


def _domain(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan) -> CollectionNotice | ShortlistResult:
    return _notice(row, plan) if row.kind == COLLECTION else _result(session, row, plan)


def approve(session: Session, account: Account, command: ApproveAnnouncement, context: CommandContext) -> None:
    """审核通过: published in its column, visible to everyone; 互认互通: queued for the trading system."""
    row, plan = _reviewed(session, account, command.announcement_id, command.submission)
    try:
        step = approve_announcement(_domain(session, row, plan), actor(account), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    store_flow(row, step.record.publication)
    add_history(row, step.event, row.submission, account)
    row.updated_at = row.published_at = context.now
    bridge.enqueue_announcement(session, row, plan, context.now)
    _publish(session, row, plan)


def return_(session: Session, account: Account, command: ReturnAnnouncement, context: CommandContext) -> None:
    """退回 with a reason: back to the 经办岗."""
    row, plan = _reviewed(session, account, command.announcement_id, command.submission)
    try:
        step = return_announcement(_domain(session, row, plan), actor(account), context.now, command.reason)
    except WorkflowError as exc:
        raise refused(exc) from exc
    store_flow(row, step.record.publication)
    add_history(row, step.event, row.submission, account)
    row.updated_at = context.now
    _publish(session, row, plan)


# --- 合同公告 ---------------------------------------------------------------------------------------------

def publish_contract_announcement(session: Session, announcement_id: str, plan_id: str, title: str,
                                  publisher_unit_id: str, content: str, now: dt.datetime) -> None:
    """Publish a second-stage contract's 合同公告 in the 合同公告 column (manual 1.3.1.5), for the contract
    filing to call inside its transaction; visible to everyone. Publishing the same id again is a no-op."""
    if session.get(FrameworkAnnouncement, announcement_id) is not None:
        return
    plan = numbered_plan(session, plan_id)
    if session.get(Unit, publisher_unit_id) is None:
        raise ValueError(f"unknown unit {publisher_unit_id!r}")
    row = FrameworkAnnouncement(id=announcement_id, kind=CONTRACT, plan_id=plan.id, owner_unit_id=publisher_unit_id,
                                title=title, content=content, lots=[], lots_received=False, suppliers=[],
                                status=FlowStatus.APPROVED.value, current_step=0, submission=0, approved_by=[],
                                return_reason="", problems=[], warnings=[], history=[], created_by=None,
                                created_at=now, updated_at=now, published_at=now)
    session.add(row)
    _publish(session, row, plan)


HANDLERS: dict[str, Callable[..., None]] = {
    SaveCollectionNotice.name: save_collection_notice,
    SaveShortlistResult.name: save_shortlist_result,
    SubmitAnnouncement.name: submit_announcement,
    ApproveAnnouncement.name: approve,
    ReturnAnnouncement.name: return_,
}
"""Registered (with shortlist, agreements and bridge) in ``apply_command._HANDLERS``."""
