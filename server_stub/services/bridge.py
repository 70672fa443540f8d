"""互认互通: the bridge between the framework-agreement workflow and the 公共资源交易系统 (issue 7;
seed manual 1.1 (七), 1.3.1.1 注意, 1.3.1.2).

Only 省本级 projects take part (a plan with a trading platform, ``is_interop``). What travels:

* out (推送): the plan once numbered (计划信息, for 项目受理), then each published 征集公告 and
  入围结果公告 — queued in ``trading_bridge_messages`` by :func:`enqueue_plan` /
  :func:`enqueue_announcement` inside the transaction that made them, pushed by the worker;
* in (接收): 分包信息 after 项目受理 (the 征集公告 can be edited only once they arrived) and the
  shortlisted suppliers after the evaluation (the 入围结果公告 chooses from them).

Every message has an id made from its subject (``<计划编号>/plan``, ``<计划编号>/collection_notice`` …),
so enqueueing twice is a no-op and the trading system recognises a retried push. Incoming messages
are applied once (their id is stored) and acknowledged after the commit: a lost acknowledgement
means a redelivery, which is recognised and only acknowledged again.

A failed push is retried with a growing delay (:func:`retry_delay`) or at once after 【重新推送】
(``retry_trading_push``). The messages of one plan go in order: a later one waits while an earlier
one has not gone through. The user reads the state on the plan's ``trading_bridge`` record:
待推送 / 已推送 / 已接收分包 / 已接收入围供应商 / 推送失败 with the reason and the next retry.

:func:`run_once` is one pass of the worker (tests call it); :class:`BridgeWorker` runs it every
``Settings.bridge_poll_seconds`` while the app is served.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.agreement_commands import RetryTradingPush
from desktop.domain.agreement_records import (
    AnnouncementLotRecord,
    BridgeMessageRecord,
    BridgeState,
    SupplierEntryRecord,
    TradingBridgeRecord,
    TradingPushState,
)
from desktop.domain.protocol import RecordKind, to_json
from desktop.domain.roles import Post, UserType, require_handler
from desktop.domain.workflow.announcement import Lot
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.suppliers import SupplierInfo, supplier_info
from server_stub.db import Database
from server_stub.models import (
    Account,
    FrameworkAnnouncement,
    FrameworkPlan,
    TradingBridgeMessage,
    TradingBridgeProject,
    Unit,
)
from server_stub.services import feed
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.periodic import PeriodicWorker
from server_stub.services.trading_sim import TradingMessage, TradingSimulator, TradingUnavailable
from server_stub.settings import Settings

__all__ = [
    "HANDLERS",
    "BridgePass",
    "BridgeWorker",
    "TradingSystem",
    "enqueue_announcement",
    "enqueue_plan",
    "is_interop",
    "lots_of",
    "publish_bridge",
    "push_state",
    "retry_delay",
    "run_once",
    "suppliers_of",
]

log = logging.getLogger(__name__)

OUT, IN = "out", "in"
PENDING, PUSHED, FAILED, RECEIVED = "待推送", "已推送", "推送失败", "已接收"
SUBJECTS = {"plan": "计划信息", "collection_notice": "征集公告", "shortlist_result": "入围结果公告",
            "lots": "分包信息", "suppliers": "入围供应商"}
_ANNOUNCEMENT_SUBJECT = {"征集公告": "collection_notice", "入围结果公告": "shortlist_result"}
BEIJING = dt.timezone(dt.timedelta(hours=8))
RETRY_BASE = dt.timedelta(seconds=30)
RETRY_MAX = dt.timedelta(minutes=30)


class TradingSystem(Protocol):
    """What the bridge needs from the trading system (:class:`TradingSimulator` here)."""

    def receive(self, message: TradingMessage) -> None: ...

    def outgoing(self) -> list[TradingMessage]: ...

    def ack(self, message_ids: Iterable[str]) -> None: ...


def retry_delay(attempts: int) -> dt.timedelta:
    """After the n-th failed attempt: 30 s, 1 min, 2 min … at most 30 min."""
    delay: dt.timedelta = RETRY_BASE * 2 ** max(attempts - 1, 0)
    return min(delay, RETRY_MAX)


def is_interop(plan: FrameworkPlan) -> bool:
    """与公共资源交易中心互认互通的项目: a trading platform was chosen (省本级 only)."""
    return plan.form.get("trading_platform") is not None


def _scopes(plan: FrameworkPlan) -> tuple[str, str | None]:
    agency = plan.form.get("agency_unit_id")
    return plan.collector_unit_id, agency if agency and agency != plan.collector_unit_id else None


# --- what came back -----------------------------------------------------------------------------------

def lots_of(session: Session, plan_id: str) -> tuple[Lot, ...] | None:
    """The lots the trading system pushed for the plan (None: none yet)."""
    project = session.get(TradingBridgeProject, plan_id)
    if project is None or project.lots is None:
        return None
    return tuple(Lot(lot["number"], lot["name"],
                     Decimal(lot["max_unit_price"]) if lot.get("max_unit_price") else None) for lot in project.lots)


def suppliers_of(session: Session, plan_id: str) -> tuple[SupplierInfo, ...] | None:
    """The shortlisted suppliers the trading system pushed (None: none yet)."""
    project = session.get(TradingBridgeProject, plan_id)
    if project is None or project.suppliers is None:
        return None
    return tuple(SupplierInfo(**s) for s in project.suppliers)


def push_state(session: Session, announcement: FrameworkAnnouncement) -> TradingPushState:
    """Where the push of a published announcement stands (NONE: nothing to push)."""
    subject = _ANNOUNCEMENT_SUBJECT.get(announcement.kind)
    if subject is None:
        return TradingPushState.NONE
    message = session.execute(select(TradingBridgeMessage).where(
        TradingBridgeMessage.plan_id == announcement.plan_id, TradingBridgeMessage.subject == subject,
        TradingBridgeMessage.direction == OUT)).scalars().first()
    if message is None:
        return TradingPushState.NONE
    return {PUSHED: TradingPushState.PUSHED, FAILED: TradingPushState.FAILED}.get(message.state,
                                                                                 TradingPushState.PENDING)


# --- queueing -------------------------------------------------------------------------------------------

def _plan_payload(session: Session, plan: FrameworkPlan) -> dict[str, Any]:
    collector = session.get(Unit, plan.collector_unit_id)
    assert collector is not None
    form = plan.form
    return {"plan_id": plan.id, "plan_number": plan.number, "project_name": plan.project_name,
            "collector_name": collector.name, "collector_credit_code": collector.credit_code,
            "region_code": plan.region_code, "identity": plan.identity, "budget_year": plan.budget_year,
            "form": form.get("form"), "category": form.get("category"), "annual_budget": form.get("annual_budget"),
            "trading_platform": form.get("trading_platform"),
            "items": [{"code": i["code"], "name": i["name"]} for i in form.get("items", [])]}


def _enqueue(session: Session, plan: FrameworkPlan, subject: str, payload: dict[str, Any], now: dt.datetime) -> bool:
    message_id = f"{plan.number}/{subject}"
    if session.get(TradingBridgeMessage, message_id) is not None:
        return False
    session.add(TradingBridgeMessage(message_id=message_id, plan_id=plan.id, direction=OUT, subject=subject,
                                     payload=payload, state=PENDING, attempts=0, last_error="", created_at=now))
    session.flush()
    return True


def enqueue_plan(session: Session, plan: FrameworkPlan, now: dt.datetime) -> bool:
    """Queue the 计划信息 of a numbered 互认互通 plan (no-op otherwise or when queued before)."""
    if plan.number is None or plan.deleted_at is not None or not is_interop(plan):
        return False
    if session.get(TradingBridgeProject, plan.id) is None:
        session.add(TradingBridgeProject(plan_id=plan.id, lots=None, suppliers=None, created_at=now, updated_at=now))
    queued = _enqueue(session, plan, "plan", _plan_payload(session, plan), now)
    if queued:
        publish_bridge(session, plan)
    return queued


def enqueue_announcement(session: Session, row: FrameworkAnnouncement, plan: FrameworkPlan, now: dt.datetime
                         ) -> bool:
    """Queue a published 征集公告 / 入围结果公告 of a 互认互通 project (manual 1.3.1.2 1 (6), 2 (5))."""
    subject = _ANNOUNCEMENT_SUBJECT.get(row.kind)
    if subject is None or plan.number is None or not is_interop(plan):
        return False
    payload = {"announcement_id": row.id, "kind": row.kind, "title": row.title, "content": row.content,
               "plan_number": plan.number, "lots": row.lots, "basis": row.basis, "basis_value": row.basis_value,
               "suppliers": row.suppliers,
               "published_at": row.published_at.isoformat() if row.published_at else None}
    queued = _enqueue(session, plan, subject, payload, now)
    if queued:
        publish_bridge(session, plan)
    return queued


# --- the record the user reads --------------------------------------------------------------------------

def _local(moment: dt.datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _state(project: TradingBridgeProject, messages: list[TradingBridgeMessage]) -> tuple[BridgeState, str]:
    failed = [m for m in messages if m.direction == OUT and m.state == FAILED]
    if failed:
        first = failed[0]
        when = (f"将于 {_local(first.next_attempt_at)} 自动重试" if first.next_attempt_at is not None
                else "等待重试")
        subject = SUBJECTS.get(first.subject, first.subject)
        return BridgeState.FAILED, (f"{subject}推送失败（已尝试 {first.attempts} 次）：{first.last_error}；"
                                    f"{when}，也可点击【重新推送】")
    if project.suppliers is not None:
        return BridgeState.SUPPLIERS_RECEIVED, ""
    if project.lots is not None:
        return BridgeState.LOTS_RECEIVED, ""
    if any(m.subject == "plan" and m.state == PUSHED for m in messages):
        return BridgeState.PUSHED, ""
    return BridgeState.PENDING, ""


def _record(session: Session, plan: FrameworkPlan, project: TradingBridgeProject) -> TradingBridgeRecord:
    messages = list(session.execute(select(TradingBridgeMessage).where(TradingBridgeMessage.plan_id == plan.id)
                                    .order_by(TradingBridgeMessage.created_at,
                                              TradingBridgeMessage.message_id)).scalars())
    state, reason = _state(project, messages)
    return TradingBridgeRecord(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name,
        collector_unit_id=plan.collector_unit_id, state=state.value, updated_at=project.updated_at, reason=reason,
        lots_received=project.lots is not None,
        lots=[AnnouncementLotRecord(lot["number"], lot["name"], lot.get("max_unit_price"))
              for lot in project.lots or []],
        suppliers_received=project.suppliers is not None,
        suppliers=[SupplierEntryRecord(**s) for s in project.suppliers or []],
        messages=[BridgeMessageRecord(message_id=m.message_id, direction="推送" if m.direction == OUT else "接收",
                                      subject=SUBJECTS.get(m.subject, m.subject), state=m.state, attempts=m.attempts,
                                      created_at=m.created_at, last_error=m.last_error,
                                      next_attempt_at=m.next_attempt_at if m.state == FAILED else None,
                                      done_at=m.done_at)
                  for m in messages])


def publish_bridge(session: Session, plan: FrameworkPlan) -> None:
    project = session.get(TradingBridgeProject, plan.id)
    if project is None:
        return
    session.flush()
    collector, agency = _scopes(plan)
    feed.publish(session, RecordKind.TRADING_BRIDGE, plan.id, to_json(_record(session, plan, project)),
                 scope_unit_id=collector, shared_with=(agency,))


# --- 重新推送 -------------------------------------------------------------------------------------------

def retry_trading_push(session: Session, account: Account, command: RetryTradingPush, context: CommandContext
                       ) -> None:
    """【重新推送】: the failed pushes of the plan are due now (the worker takes them on its next pass)."""
    require_handler(Post(account.post), "重新推送")
    plan = session.get(FrameworkPlan, command.plan_id)
    if plan is None or plan.deleted_at is not None:
        raise CommandRejected("plan_unknown", f"计划备案“{command.plan_id}”不存在或已删除",
                              f"plan {command.plan_id} not found")
    if account.unit_id not in _scopes(plan) or account.user_type not in (UserType.PURCHASER.value,
                                                                          UserType.AGENCY.value):
        raise CommandRejected("other_unit", "只能办理本单位（征集人或其委托的代理机构）的事项",
                              "only the collector or its entrusted agency")
    if not is_interop(plan):
        raise CommandRejected("not_interop", "该项目不属于与公共资源交易中心互认互通的项目，无需推送",
                              "not an interop project")
    failed = session.execute(select(TradingBridgeMessage).where(
        TradingBridgeMessage.plan_id == plan.id, TradingBridgeMessage.direction == OUT,
        TradingBridgeMessage.state == FAILED)).scalars().all()
    if not failed:
        raise CommandRejected("nothing_to_retry", "没有推送失败的信息，无需重新推送", "no failed push to retry")
    for message in failed:
        message.next_attempt_at = context.now
    publish_bridge(session, plan)


HANDLERS = {RetryTradingPush.name: retry_trading_push}
"""Registered in ``apply_command._HANDLERS``."""


# --- the worker ---------------------------------------------------------------------------------------

@dataclass
class BridgePass:
    """What one pass did (for logs and tests)."""

    queued: int = 0
    pushed: int = 0
    failed: int = 0
    received: int = 0
    acknowledged: int = 0
    fetch_error: str = ""


def run_once(db: Database, settings: Settings, system: TradingSystem | None = None) -> BridgePass:
    """One pass: queue numbered 互认互通 plans not queued yet, push what is due, collect what came back."""
    if system is None:
        system = TradingSimulator(db.session, settings.trading_faults, settings.clock)
    report = BridgePass()
    now = settings.clock()
    with db.session() as session:
        plans = session.execute(select(FrameworkPlan).outerjoin(
            TradingBridgeProject, TradingBridgeProject.plan_id == FrameworkPlan.id).where(
            FrameworkPlan.number.is_not(None), FrameworkPlan.deleted_at.is_(None),
            TradingBridgeProject.plan_id.is_(None))).scalars().all()
        report.queued = sum(enqueue_plan(session, plan, now) for plan in plans)
        session.commit()
    _push_due(db, system, settings, report)
    _collect(db, system, settings, report)
    return report


def _push_due(db: Database, system: TradingSystem, settings: Settings, report: BridgePass) -> None:
    now = settings.clock()
    with db.session() as session:
        due = session.execute(select(TradingBridgeMessage.message_id).where(
            TradingBridgeMessage.direction == OUT, TradingBridgeMessage.state != PUSHED,
            (TradingBridgeMessage.next_attempt_at.is_(None)) | (TradingBridgeMessage.next_attempt_at <= now))
            .order_by(TradingBridgeMessage.created_at, TradingBridgeMessage.message_id)).scalars().all()
    for message_id in due:
        with db.session() as session:  # read, then let go: the trading system commits in between
            message = session.get(TradingBridgeMessage, message_id)
            assert message is not None
            earlier = session.execute(select(TradingBridgeMessage.message_id).where(
                TradingBridgeMessage.plan_id == message.plan_id, TradingBridgeMessage.direction == OUT,
                TradingBridgeMessage.state != PUSHED, TradingBridgeMessage.created_at < message.created_at)).first()
            plan = session.get(FrameworkPlan, message.plan_id)
            assert plan is not None
            outgoing = TradingMessage(message.message_id, message.subject, plan.number or "", message.payload)
            skip = message.state == PUSHED or earlier is not None
            session.rollback()
        if skip:
            continue
        error = ""
        try:
            system.receive(outgoing)
        except TradingUnavailable as exc:
            error = exc.reason
        with db.session() as session:
            message = session.get(TradingBridgeMessage, message_id)
            plan = session.get(FrameworkPlan, message.plan_id) if message is not None else None
            if message is None or plan is None:
                continue
            message.attempts += 1
            if error:
                message.state, message.last_error = FAILED, error
                message.next_attempt_at = settings.clock() + retry_delay(message.attempts)
                report.failed += 1
                log.info("push %s failed (attempt %d): %s", message_id, message.attempts, error)
            else:
                message.state, message.last_error, message.next_attempt_at = PUSHED, "", None
                message.done_at = settings.clock()
                report.pushed += 1
            project = session.get(TradingBridgeProject, plan.id)
            if project is not None:
                project.updated_at = settings.clock()
            publish_bridge(session, plan)
            if message.subject in ("collection_notice", "shortlist_result"):
                from server_stub.services import announcements  # the announcement shows its push state

                announcements.republish(session, str(message.payload.get("announcement_id", "")))
            session.commit()


def _collect(db: Database, system: TradingSystem, settings: Settings, report: BridgePass) -> None:
    try:
        incoming = system.outgoing()
    except TradingUnavailable as exc:
        report.fetch_error = exc.reason
        log.info("fetching from the trading system failed: %s", exc.reason)
        return
    applied: list[str] = []
    for message in incoming:
        with db.session() as session:
            if session.get(TradingBridgeMessage, message.message_id) is None:
                plan = session.execute(select(FrameworkPlan).where(FrameworkPlan.number == message.plan_number)
                                       ).scalars().first()
                if plan is None:
                    log.warning("message %s names no known plan", message.message_id)
                    applied.append(message.message_id)
                    continue
                now = settings.clock()
                try:
                    _apply_incoming(session, plan, message, now)
                    session.add(TradingBridgeMessage(message_id=message.message_id, plan_id=plan.id, direction=IN,
                                                     subject=message.kind, payload=message.payload, state=RECEIVED,
                                                     attempts=1, last_error="", created_at=now, done_at=now))
                    session.flush()
                    publish_bridge(session, plan)
                    session.commit()
                except (IntegrityError, StaleDataError, CommandRejected) as exc:
                    # applied concurrently, or the announcement changed under it: not acknowledged, next pass
                    session.rollback()
                    log.info("message %s not applied this time: %r", message.message_id, exc)
                    continue
                report.received += 1
        applied.append(message.message_id)
    if not applied:
        return
    try:
        system.ack(applied)
        report.acknowledged = len(applied)
    except TradingUnavailable as exc:  # redelivered next time, and recognised then
        log.info("acknowledging to the trading system failed: %s", exc.reason)


def _lot(data: dict[str, Any]) -> dict[str, Any] | None:
    number, name = str(data.get("number", "")).strip(), str(data.get("name", "")).strip()
    price = data.get("max_unit_price")
    if not number or not name:
        return None
    if price is not None:
        try:
            if not Decimal(str(price)).is_finite():
                price = None
        except InvalidOperation:
            price = None
    return {"number": number, "name": name, "max_unit_price": str(price) if price is not None else None}


def _supplier(data: dict[str, Any]) -> dict[str, Any] | None:
    try:
        info = supplier_info(str(data.get("name", "")), str(data.get("credit_code", "")),
                             str(data.get("address", "")), str(data.get("contact_person", "")),
                             str(data.get("phone", "")))
    except WorkflowError as exc:
        log.warning("pushed supplier refused: %s", exc.message_en)
        return None
    checked: dict[str, Any] = to_json(info)
    return checked


def _apply_incoming(session: Session, plan: FrameworkPlan, message: TradingMessage, now: dt.datetime) -> None:
    from server_stub.services import announcements

    project = session.get(TradingBridgeProject, plan.id)
    if project is None:
        project = TradingBridgeProject(plan_id=plan.id, lots=None, suppliers=None, created_at=now, updated_at=now)
        session.add(project)
    if message.kind == "lots":
        lots = [lot for lot in (_lot(d) for d in message.payload.get("lots", [])) if lot is not None]
        project.lots, project.updated_at = lots, now
        session.flush()
        announcements.lots_arrived(session, plan, now)
    elif message.kind == "suppliers":
        suppliers = [s for s in (_supplier(d) for d in message.payload.get("suppliers", [])) if s is not None]
        project.suppliers, project.updated_at = suppliers, now
        session.flush()
        announcements.suppliers_arrived(session, plan, now)
    else:
        log.warning("unknown message kind %s (%s)", message.kind, message.message_id)


class BridgeWorker(PeriodicWorker):
    """Runs :func:`run_once` every ``Settings.bridge_poll_seconds`` in a daemon thread."""

    def __init__(self, db: Database, settings: Settings) -> None:
        super().__init__("trading-bridge", settings.bridge_poll_seconds or 2.0, lambda: run_once(db, settings))
