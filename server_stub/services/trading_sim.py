"""The simulated 公共资源交易系统 (河南省公共资源交易系统) for 互认互通 (issue 7; seed manual 1.1 (七),
1.3.1.1 注意, 1.3.1.2 1 (2)(5)(6), 2 (2)(5)).

It stands for a separate system: it keeps its own tables (``trading_sim_*``), every call runs in
its own transaction, and the procurement side (:mod:`server_stub.services.bridge`) reaches it only
through the three calls a real interface offers:

* :meth:`TradingSimulator.receive` — a pushed message: ``plan`` (计划信息, after numbering),
  ``collection_notice`` / ``shortlist_result`` (a published 征集公告 / 入围结果公告). Idempotent by
  message id: a repeated id is acknowledged again and never processed twice;
* :meth:`TradingSimulator.outgoing` — what it has for the procurement system: ``lots`` (分包信息,
  after 项目受理) and ``suppliers`` (入围供应商, after the evaluation), redelivered with the same id
  until acknowledged;
* :meth:`TradingSimulator.ack`.

Unless told to wait for its operator (``TradingFaults.hold``), it answers by itself: a plan is
accepted at once (项目受理) with one lot per 品目, and a published 征集公告 leads to a shortlist of
the registered suppliers (the companies that responded, in this simulation). The trading centre's
operator (``routes/trading.py``) lists the projects, accepts a held project with its lots, and
records the shortlisted suppliers of a held evaluation.

Failures (``Settings.trading_faults``, tests set them): ``fail`` raises :class:`TradingUnavailable`
before anything happens; ``lose_answer`` raises it after the message was processed and committed
(the caller cannot tell the two apart: it must retry with the same id, and the retry must not
duplicate anything).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.protocol import to_json
from desktop.domain.roles import UnitKind
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.suppliers import supplier_info
from server_stub.models import TradingSimInbox, TradingSimOutbox, TradingSimProject, Unit
from server_stub.settings import TradingFaults

__all__ = [
    "TradingLot",
    "TradingMessage",
    "TradingProjectInfo",
    "TradingRefused",
    "TradingSimulator",
    "TradingSupplier",
    "TradingUnavailable",
]

PENDING_ACCEPTANCE = "待受理"
ACCEPTED = "已受理"
AUTO_SHORTLIST_MAX = 3


class TradingUnavailable(Exception):
    """The trading system could not be reached, or its answer was lost: retry with the same id."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TradingRefused(Exception):
    """The trading centre's operator asked for something the project's state does not allow."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message, self.message_en = code, message, message_en


@dataclass(frozen=True)
class TradingMessage:
    """One message of the 互认互通 interface; ``message_id`` is the idempotency key."""

    message_id: str
    kind: str
    plan_number: str
    payload: dict[str, Any]


@dataclass(frozen=True)
class TradingLot:
    number: str
    name: str
    max_unit_price: str | None = None


@dataclass(frozen=True)
class TradingSupplier:
    name: str
    credit_code: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""


@dataclass(frozen=True)
class TradingAcceptRequest:
    """项目受理 by the trading centre's operator, with the lots (分包)."""

    lots: list[TradingLot]


@dataclass(frozen=True)
class TradingShortlistRequest:
    """The shortlisted suppliers after the evaluation in the trading system."""

    suppliers: list[TradingSupplier]


@dataclass(frozen=True)
class TradingProjectInfo:
    plan_number: str
    plan_id: str
    project_name: str
    collector_name: str
    status: str
    received_at: dt.datetime
    accepted_at: dt.datetime | None = None
    items: list[dict[str, Any]] = field(default_factory=list)
    lots: list[TradingLot] | None = None
    announcements: list[dict[str, Any]] = field(default_factory=list)
    shortlisted: list[TradingSupplier] | None = None
    messages_received: int = 0


Sessions = Callable[[], AbstractContextManager[Session]]


class TradingSimulator:
    """The trading system's side of 互认互通, over its own tables."""

    def __init__(self, sessions: Sessions, faults: TradingFaults, clock: Callable[[], dt.datetime]) -> None:
        self._sessions = sessions
        self._faults = faults
        self._clock = clock

    # --- faults -----------------------------------------------------------------------------------

    def _take(self, table: dict[str, int], operation: str) -> bool:
        left = table.get(operation, 0)
        if left > 0:
            table[operation] = left - 1
            return True
        return False

    def _before(self, operation: str) -> None:
        if self._take(self._faults.fail, operation):
            raise TradingUnavailable(self._faults.reason)

    def _after(self, operation: str) -> None:
        if self._take(self._faults.lose_answer, operation):
            raise TradingUnavailable(self._faults.reason)

    # --- the interface the procurement system calls ---------------------------------------------------

    def receive(self, message: TradingMessage) -> None:
        """Accept a pushed message once (a repeated id is acknowledged without effect)."""
        self._before(message.kind)
        with self._sessions() as session:
            if session.get(TradingSimInbox, message.message_id) is None:
                now = self._clock()
                session.add(TradingSimInbox(message_id=message.message_id, kind=message.kind,
                                            plan_number=message.plan_number, payload=message.payload, received_at=now))
                self._process(session, message, now)
                session.commit()
        self._after(message.kind)

    def outgoing(self) -> list[TradingMessage]:
        """Messages for the procurement system not acknowledged yet, oldest first."""
        self._before("fetch")
        with self._sessions() as session:
            rows = session.execute(select(TradingSimOutbox).where(TradingSimOutbox.acked_at.is_(None))
                                   .order_by(TradingSimOutbox.created_at, TradingSimOutbox.message_id)).scalars()
            messages = [TradingMessage(r.message_id, r.kind, r.plan_number, r.payload) for r in rows]
        self._after("fetch")
        return messages

    def ack(self, message_ids: Iterable[str]) -> None:
        self._before("ack")
        ids = list(message_ids)
        with self._sessions() as session:
            now = self._clock()
            for row in session.execute(select(TradingSimOutbox).where(TradingSimOutbox.message_id.in_(ids))).scalars():
                row.acked_at = row.acked_at or now
            session.commit()
        self._after("ack")

    # --- what the trading system does with a message -------------------------------------------------

    def _process(self, session: Session, message: TradingMessage, now: dt.datetime) -> None:
        if message.kind == "plan":
            project = session.get(TradingSimProject, message.plan_number)
            if project is not None:  # the same plan under another message id: nothing new
                return
            payload = message.payload
            project = TradingSimProject(plan_number=message.plan_number, plan_id=payload["plan_id"],
                                        project_name=payload["project_name"], collector_name=payload["collector_name"],
                                        status=PENDING_ACCEPTANCE, items=list(payload.get("items", [])),
                                        lots=None, announcements=[], shortlisted=None, received_at=now)
            session.add(project)
            session.flush()
            if "accept" not in self._faults.hold:
                lots = [TradingLot(str(n), item["name"]) for n, item in enumerate(project.items, 1)]
                self._accept(session, project, lots, now)
            return
        project = session.get(TradingSimProject, message.plan_number)
        if project is None:  # an announcement for a project it never received: recorded, nothing else
            return
        entry = {"message_id": message.message_id, "kind": message.kind, "title": message.payload.get("title", ""),
                 "published_at": message.payload.get("published_at")}
        project.announcements = [*project.announcements, entry]
        if (message.kind == "collection_notice" and "shortlist" not in self._faults.hold
                and project.shortlisted is None):
            self._shortlist(session, project, self._respondents(session), now)

    def _respondents(self, session: Session) -> list[TradingSupplier]:
        """The simulation's bidders: registered suppliers with complete unit information."""
        units = session.execute(select(Unit).where(Unit.kind == UnitKind.SUPPLIER.value,
                                                   Unit.info_completed.is_(True))
                                .order_by(Unit.id).limit(AUTO_SHORTLIST_MAX)).scalars()
        return [TradingSupplier(u.name, u.credit_code, "", u.contact_person, u.contact_phone) for u in units]

    def _accept(self, session: Session, project: TradingSimProject, lots: list[TradingLot], now: dt.datetime) -> None:
        project.status, project.accepted_at = ACCEPTED, now
        project.lots = to_json(lots)
        session.add(TradingSimOutbox(message_id=f"{project.plan_number}/lots", plan_number=project.plan_number,
                                     kind="lots", payload={"lots": to_json(lots)}, created_at=now))

    def _shortlist(self, session: Session, project: TradingSimProject, suppliers: list[TradingSupplier],
                   now: dt.datetime) -> None:
        project.shortlisted = to_json(suppliers)
        session.add(TradingSimOutbox(message_id=f"{project.plan_number}/suppliers", plan_number=project.plan_number,
                                     kind="suppliers", payload={"suppliers": to_json(suppliers)}, created_at=now))

    # --- the trading centre's operator ----------------------------------------------------------------

    def projects(self) -> list[TradingProjectInfo]:
        with self._sessions() as session:
            rows = session.execute(select(TradingSimProject).order_by(TradingSimProject.received_at,
                                                                      TradingSimProject.plan_number)).scalars().all()
            counts: dict[str, int] = {}
            for number in session.execute(select(TradingSimInbox.plan_number)).scalars():
                counts[number] = counts.get(number, 0) + 1
            return [self._info(r, counts.get(r.plan_number, 0)) for r in rows]

    def project(self, plan_number: str) -> TradingProjectInfo:
        for info in self.projects():
            if info.plan_number == plan_number:
                return info
        raise TradingRefused("trading_project_unknown", f"交易系统中没有计划编号为“{plan_number}”的项目",
                             f"no project {plan_number}")

    @staticmethod
    def _info(row: TradingSimProject, received: int) -> TradingProjectInfo:
        return TradingProjectInfo(
            plan_number=row.plan_number, plan_id=row.plan_id, project_name=row.project_name,
            collector_name=row.collector_name, status=row.status, received_at=row.received_at,
            accepted_at=row.accepted_at, items=list(row.items),
            lots=[TradingLot(**lot) for lot in row.lots] if row.lots is not None else None,
            announcements=list(row.announcements),
            shortlisted=[TradingSupplier(**s) for s in row.shortlisted] if row.shortlisted is not None else None,
            messages_received=received)

    def accept(self, plan_number: str, lots: list[TradingLot]) -> TradingProjectInfo:
        """项目受理 with its lots (for a project held for the operator)."""
        if not lots:
            raise TradingRefused("lots_required", "请填写分包信息", "at least one lot")
        numbers = [lot.number.strip() for lot in lots]
        if any(not n for n in numbers) or any(not lot.name.strip() for lot in lots) or len(set(numbers)) != len(lots):
            raise TradingRefused("lot_invalid", "分包编号、分包名称不能为空，分包编号不能重复", "invalid lots")
        with self._sessions() as session:
            project = self._held(session, plan_number)
            if project.status != PENDING_ACCEPTANCE:
                raise TradingRefused("trading_project_accepted", "项目已受理，分包信息已推送", "already accepted")
            self._accept(session, project, [TradingLot(lot.number.strip(), lot.name.strip(), lot.max_unit_price)
                                            for lot in lots], self._clock())
            session.commit()
        return self.project(plan_number)

    def shortlist(self, plan_number: str, suppliers: list[TradingSupplier]) -> TradingProjectInfo:
        """Record the shortlisted suppliers (credit codes checked) and queue them for the procurement system."""
        if not suppliers:
            raise TradingRefused("suppliers_required", "请填写入围供应商", "at least one supplier")
        checked = []
        for s in suppliers:
            try:
                info = supplier_info(s.name, s.credit_code, s.address, s.contact_person, s.phone)
            except WorkflowError as exc:
                raise TradingRefused(exc.code, exc.message, exc.message_en) from exc
            checked.append(TradingSupplier(info.name, info.credit_code, info.address, info.contact_person, info.phone))
        if len({s.credit_code for s in checked}) != len(checked):
            raise TradingRefused("supplier_duplicate", "入围供应商重复", "a supplier is listed twice")
        with self._sessions() as session:
            project = self._held(session, plan_number)
            if project.status != ACCEPTED:
                raise TradingRefused("trading_project_not_accepted", "项目尚未受理", "the project is not accepted yet")
            if project.shortlisted is not None:
                raise TradingRefused("suppliers_already_pushed", "入围供应商已推送", "the shortlist was already sent")
            self._shortlist(session, project, checked, self._clock())
            session.commit()
        return self.project(plan_number)

    @staticmethod
    def _held(session: Session, plan_number: str) -> TradingSimProject:
        project = session.get(TradingSimProject, plan_number)
        if project is None:
            raise TradingRefused("trading_project_unknown", f"交易系统中没有计划编号为“{plan_number}”的项目",
                                 f"no project {plan_number}")
        return project
