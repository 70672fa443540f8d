"""入围供应商管理 on the server (issue 7; seed manual 1.3.1.3, 1.3.1.2 2 (3)).

The roster of a plan is synced from its 入围结果公告 each time the announcement is saved
(:func:`sync_from_result`, "公告信息保存后，入围供应商信息会直接同步至入围供应商管理模块中"): suppliers
already on the roster keep their maintained address, contacts and agents; new ones arrive as
announced; suppliers no longer announced leave it (a tombstone). The collector's 经办岗 then
maintains it through 【供应商管理】: address, contact person and phone (name and 统一社会信用代码 are
locked) and one or more 委托代理商 per supplier. The rules are
:mod:`desktop.domain.workflow.suppliers`.

移出入围供应商 (:func:`remove`, the command ``remove_shortlisted_supplier``, handled with the second stage in
:mod:`server_stub.services.second_stage_actions`): the collector's 经办岗 removes a supplier — one of the
agreement's or one admitted to an open agreement — with a reason; the row is deactivated (a tombstone
in the feed) and keeps who removed it, when and why (``removed_*``); it stays removed (the domain
refuses a second removal) and leaves the second stage.

Feed: kind ``shortlisted_supplier``, id ``ss-<n>``, seen by the collector unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.agreement_commands import (
    AddSupplierAgent,
    RemoveShortlistedSupplier,
    RemoveSupplierAgent,
    UpdateShortlistedSupplier,
    UpdateSupplierAgent,
)
from desktop.domain.agreement_records import ShortlistedSupplierRecord, SupplierEntryRecord
from desktop.domain.identity import normalize_code
from desktop.domain.protocol import RecordKind, to_json
from desktop.domain.roles import Post, require_handler
from desktop.domain.workflow.common import WorkflowError, WorkflowEvent
from desktop.domain.workflow.second_stage_extras import remove_supplier
from desktop.domain.workflow.suppliers import (
    ShortlistedSupplier,
    SupplierInfo,
    add_agent,
    edit_supplier,
    remove_agent,
    sync_roster,
    update_agent,
)
from desktop.domain.workflow.workdays import local_date
from server_stub.models import Account, FrameworkPlan, ShortlistEntry
from server_stub.services import feed
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import actor, numbered_plan, refused, require_workflow_account

__all__ = ["HANDLERS", "admit", "remove", "roster", "sync_from_result"]


def _info(row: ShortlistEntry) -> SupplierInfo:
    return SupplierInfo(row.name, row.credit_code, row.address, row.contact_person, row.phone)


def _domain(row: ShortlistEntry) -> ShortlistedSupplier:
    return ShortlistedSupplier(_info(row), tuple(SupplierInfo(**a) for a in row.agents))


def _rows(session: Session, plan_id: str) -> list[ShortlistEntry]:
    return list(session.execute(select(ShortlistEntry).where(ShortlistEntry.plan_id == plan_id)
                                .order_by(ShortlistEntry.position, ShortlistEntry.id)).scalars())


def roster(session: Session, plan_id: str) -> tuple[ShortlistedSupplier, ...]:
    """The plan's current roster (active rows, in the announcement's order)."""
    return tuple(_domain(r) for r in _rows(session, plan_id) if r.active)


def _store(row: ShortlistEntry, supplier: ShortlistedSupplier) -> None:
    info = supplier.info
    row.name, row.address, row.contact_person, row.phone = info.name, info.address, info.contact_person, info.phone
    row.agents = [to_json(a) for a in supplier.agents]


def _publish(session: Session, plan: FrameworkPlan, row: ShortlistEntry) -> None:
    session.flush()
    data = None
    if row.active:
        data = to_json(ShortlistedSupplierRecord(
            plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name, result_id=row.result_id,
            position=row.position, name=row.name, credit_code=row.credit_code, address=row.address,
            contact_person=row.contact_person, phone=row.phone, updated_at=row.updated_at,
            agents=[SupplierEntryRecord(**a) for a in row.agents]))
    feed.publish(session, RecordKind.SHORTLISTED_SUPPLIER, f"ss-{row.id}", data, scope_unit_id=plan.collector_unit_id)


def sync_from_result(session: Session, plan: FrameworkPlan, result_id: str, announced: Iterable[SupplierInfo],
                     now: dt.datetime) -> None:
    """Bring the roster in line with the saved result announcement (checked, de-duplicated suppliers)."""
    unique: dict[str, SupplierInfo] = {}
    for info in announced:
        unique.setdefault(info.credit_code, info)
    rows = {r.credit_code: r for r in _rows(session, plan.id)}
    current = tuple(_domain(r) for r in rows.values() if r.active)
    synced = sync_roster(current, unique.values())
    kept = set()
    for position, supplier in enumerate(synced, 1):
        code = supplier.credit_code
        kept.add(code)
        row = rows.get(code)
        if row is None:
            row = ShortlistEntry(plan_id=plan.id, credit_code=code, agents=[], active=True)
            session.add(row)
        elif not row.active:  # dropped before, announced again: as announced, no agents
            supplier = ShortlistedSupplier(supplier.info)
        changed = (row.active is not True or row.position != position or row.result_id != result_id
                   or row.id is None or _domain(row) != supplier)
        row.active, row.position, row.result_id = True, position, result_id
        _store(row, supplier)
        if changed:
            row.updated_at = now
            _publish(session, plan, row)
    for code, row in rows.items():
        if code not in kept and row.active:
            row.active, row.updated_at = False, now
            _publish(session, plan, row)


def admit(session: Session, plan: FrameworkPlan, info: SupplierInfo, announcement_id: str, now: dt.datetime
          ) -> None:
    """A supplier admitted to an open agreement after its result (加入申请审核通过) joins the roster at the
    end (a supplier dropped before comes back as admitted, without its old agents)."""
    rows = _rows(session, plan.id)
    row = next((r for r in rows if r.credit_code == info.credit_code), None)
    if row is None:
        row = ShortlistEntry(plan_id=plan.id, credit_code=info.credit_code, agents=[])
        session.add(row)
    row.active, row.result_id, row.updated_at = True, announcement_id, now
    row.position = max((r.position for r in rows if r.active and r is not row), default=0) + 1
    _store(row, ShortlistedSupplier(info))
    _publish(session, plan, row)


# --- 【供应商管理】 ------------------------------------------------------------------------------------

def _collector_plan(session: Session, account: Account, plan_id: str, what: str) -> FrameworkPlan:
    require_handler(Post(account.post), what)
    require_workflow_account(account, "入围供应商管理")
    plan = numbered_plan(session, plan_id)
    if account.unit_id != plan.collector_unit_id:
        raise CommandRejected("other_unit", "入围供应商由征集人通过【合同管理】-【入围供应商管理】维护",
                              "only the collector maintains its shortlisted suppliers")
    return plan


def _entry(session: Session, account: Account, plan_id: str, credit_code: str, what: str
           ) -> tuple[FrameworkPlan, ShortlistEntry]:
    plan = _collector_plan(session, account, plan_id, what)
    row = session.execute(select(ShortlistEntry).where(ShortlistEntry.plan_id == plan.id,
                                                       ShortlistEntry.credit_code == normalize_code(credit_code))
                          ).scalars().first()
    if row is None or not row.active:
        raise CommandRejected("shortlisted_supplier_unknown", f"未找到统一社会信用代码为“{credit_code}”的入围供应商",
                              f"no shortlisted supplier {credit_code}")
    return plan, row


def _change(session: Session, account: Account, plan_id: str, credit_code: str, what: str,
            change: Callable[[ShortlistedSupplier], ShortlistedSupplier], now: dt.datetime) -> None:
    plan, row = _entry(session, account, plan_id, credit_code, what)
    try:
        supplier = change(_domain(row))
    except WorkflowError as exc:
        raise refused(exc) from exc
    _store(row, supplier)
    row.updated_at = now
    _publish(session, plan, row)


def update_shortlisted_supplier(session: Session, account: Account, command: UpdateShortlistedSupplier,
                                context: CommandContext) -> None:
    form = command.supplier
    changed = SupplierInfo(form.name, form.credit_code, form.address, form.contact_person, form.phone)
    _change(session, account, command.plan_id, command.credit_code, "维护入围供应商",
            lambda s: edit_supplier(s, changed), context.now)


def add_supplier_agent(session: Session, account: Account, command: AddSupplierAgent, context: CommandContext
                       ) -> None:
    agent = command.agent.checked("委托代理商")
    _change(session, account, command.plan_id, command.credit_code, "增加委托代理商",
            lambda s: add_agent(s, agent), context.now)


def update_supplier_agent(session: Session, account: Account, command: UpdateSupplierAgent,
                          context: CommandContext) -> None:
    agent = command.agent.checked("委托代理商")
    _change(session, account, command.plan_id, command.credit_code, "修改委托代理商",
            lambda s: update_agent(s, agent), context.now)


def remove_supplier_agent(session: Session, account: Account, command: RemoveSupplierAgent,
                          context: CommandContext) -> None:
    _change(session, account, command.plan_id, command.credit_code, "删除委托代理商",
            lambda s: remove_agent(s, command.agent_credit_code), context.now)


def remove(session: Session, account: Account, command: RemoveShortlistedSupplier, now: dt.datetime
           ) -> tuple[FrameworkPlan, WorkflowEvent]:
    """移出入围供应商 (the collector's 经办岗, with a reason): the roster row is deactivated and keeps who
    removed it, when and why; a removed supplier stays removed. The caller updates the second stage."""
    plan = _collector_plan(session, account, command.plan_id, "移出入围供应商")
    rows = _rows(session, plan.id)
    removed = {r.credit_code: local_date(r.removed_at) for r in rows if not r.active and r.removed_at is not None}
    code = normalize_code(command.credit_code)
    try:
        event = remove_supplier(plan.id, [_domain(r) for r in rows if r.active], removed, code, command.reason,
                                actor(account), now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    row = next(r for r in rows if r.credit_code == code)
    row.active, row.updated_at = False, now
    row.removed_at, row.removed_reason, row.removed_by = now, event.reason, account.id
    _publish(session, plan, row)
    return plan, event


HANDLERS: dict[str, Callable[..., None]] = {
    UpdateShortlistedSupplier.name: update_shortlisted_supplier,
    AddSupplierAgent.name: add_supplier_agent,
    UpdateSupplierAgent.name: update_supplier_agent,
    RemoveSupplierAgent.name: remove_supplier_agent,
}
