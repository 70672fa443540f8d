"""Joining an open agreement on the server (issue 7; seed manual 1.3.2, domain-rules.md §A9).

Kind ``join_application``: a supplier applies; the collector's 审核岗 approves (the supplier joins
入围供应商管理 and the announcement ``rwgg-<id>`` is published in the 结果公告 column — a feed-only
announcement record, the 入围结果公告 row of the plan stays the original) or refuses with a reason. The
record carries the review deadline (7 working days) and the announcement deadline (2 working days);
:func:`flag_overdue` republishes applications whose overdue flags changed (run periodically by
:mod:`server_stub.services.workers`; the client recomputes them for today with the same domain
function). The applicant, the collector and the collector's regulator see it. The rules are
:mod:`desktop.domain.workflow.second_stage`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.agreement_records import AnnouncementRecord, ReviewEventRecord, SupplierEntryRecord
from desktop.domain.plan_records import PlanWarningRecord
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.second_stage_commands import ApplyToJoin, ApproveJoin, RefuseJoin
from desktop.domain.second_stage_records import JoinApplicationRecord
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.announcement import AnnouncementKind, column_for
from desktop.domain.workflow.common import WorkflowError, WorkflowEvent
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.second_stage_extras import rejoin_warning
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.domain.workflow.workdays import local_date
from server_stub.models import Account, FrameworkPlan, JoinApplication, ShortlistEntry
from server_stub.services import agreements, feed, plans, shortlist
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import actor, is_interop, numbered_plan, refused, unit
from server_stub.services.second_stage_terms import filed_terms, flush

__all__ = ["HANDLERS", "flag_overdue"]


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
    row.flags = [w.code for w in warnings]  # what flag_overdue compares: the deadlines only
    removed = session.execute(select(ShortlistEntry).where(
        ShortlistEntry.plan_id == plan.id, ShortlistEntry.credit_code == row.credit_code,
        ShortlistEntry.removed_at.is_not(None))).scalars().first()
    rejoin = rejoin_warning(row.credit_code, {} if removed is None or removed.removed_at is None else {
        removed.credit_code: (local_date(removed.removed_at), removed.removed_reason or "")})
    if rejoin is not None:
        warnings = (rejoin, *warnings)
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
    flush(session, "join_application_changed")
    feed.publish(session, RecordKind.JOIN_APPLICATION, row.id, data, scope_unit_id=row.supplier_unit_id,
                 shared_with=[plan.collector_unit_id, _regulator_of(session, plan)])


def apply_to_join(session: Session, account: Account, command: ApplyToJoin, context: CommandContext) -> None:
    """A supplier applies to join a filed open agreement."""
    plan = numbered_plan(session, command.plan_id)
    if not agreements.agreement_filed(session, plan.id):
        raise CommandRejected("agreement_not_filed", "框架协议备案完成后，供应商才可以申请加入",
                              "the agreement is not filed yet")
    terms = filed_terms(session, plan)
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
    flush(session, "join_application_pending")
    _publish_join(session, row, plan, context.now)


def _reviewing(session: Session, application_id: str) -> tuple[JoinApplication, FrameworkPlan, wf.AgreementTerms]:
    row = session.get(JoinApplication, application_id)
    if row is None:
        raise CommandRejected("join_application_unknown", f"加入申请“{application_id}”不存在",
                              f"application {application_id} not found")
    plan = numbered_plan(session, row.plan_id)
    return row, plan, filed_terms(session, plan)


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
    ApplyToJoin.name: apply_to_join,
    ApproveJoin.name: approve_join,
    RefuseJoin.name: refuse_join,
}
"""Merged into :data:`server_stub.services.second_stage.HANDLERS`."""
