"""What the supplier-side tabs (二次竞价, 加入框架协议) and the collector's 加入申请审核 read and queue (no
Qt): blocking calls made from :class:`~desktop.ui.ops.Op` workers, never on the GUI thread.

Each view pairs the synced record with this user's commands about it still waiting in the outbox, so
a bid or an application made offline shows at once as 待同步 and cannot be made twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.agreement_records import AgreementRecord
from desktop.domain.commands import parse_command
from desktop.domain.protocol import AccountInfo, RecordKind, from_json_or_none
from desktop.domain.roles import UserType
from desktop.domain.second_stage_commands import ApplyToJoin, SubmitBid
from desktop.domain.second_stage_records import BidRecord, JoinApplicationRecord, SecondStageRecord
from desktop.store.joining import JoiningRecords
from desktop.store.outbox import OutboxEntry
from desktop.sync.engine import SyncEngine
from desktop.ui.pages.procurement.framework_service import QueueingService

NAMES = frozenset({"submit_second_bid", "apply_to_join_agreement", "approve_join_application",
                   "refuse_join_application"})
PENDING_LIMIT = 100_000


def _subject(entry: OutboxEntry) -> str:
    payload = entry.envelope.payload
    return str(payload.get("procurement_id") or payload.get("application_id") or "")


@dataclass(frozen=True)
class Invitation:
    """A 二次竞价 this supplier is invited to, with its own bid (synced, or waiting to be sent)."""

    procurement_id: str
    record: SecondStageRecord
    bid: BidRecord | None = None
    pending_price: str | None = None
    """The price of a 【报价】 still in the outbox."""

    @property
    def price(self) -> str | None:
        return self.bid.price if self.bid is not None else self.pending_price


@dataclass(frozen=True)
class Application:
    """A join application: synced (``record``) or only queued here (``form``)."""

    application_id: str
    record: JoinApplicationRecord | None = None
    form: ApplyToJoin | None = None
    pending: tuple[str, ...] = ()
    """Names of this user's commands about it still in the outbox."""

    @property
    def plan_id(self) -> str:
        return self.record.plan_id if self.record is not None else self.form.plan_id if self.form else ""


@dataclass(frozen=True)
class OpenAgreement:
    agreement_id: str
    record: AgreementRecord
    applications: tuple[Application, ...] = field(default=())
    """This supplier's applications to it, newest first."""

    @property
    def latest(self) -> Application | None:
        return self.applications[0] if self.applications else None


@dataclass(frozen=True)
class SupplierView:
    invitations: list[Invitation]
    agreements: list[OpenAgreement]
    applications: list[Application]
    unit: dict[str, Any]
    """The supplier's unit record (name, contact person, phone) for prefilling an application."""


@dataclass(frozen=True)
class CollectorView:
    applications: list[Application]
    agreements: dict[str, AgreementRecord]
    """plan id → the collector's filed open agreement (for the review rules)."""


class JoiningService(QueueingService):
    def __init__(self, engine: SyncEngine) -> None:
        super().__init__(engine)
        self.records = JoiningRecords(engine.store)

    def now(self) -> dt.datetime:
        return self.engine.clock()

    def _pending(self) -> list[OutboxEntry]:
        return [e for e in self.engine.outbox.pending(PENDING_LIMIT) if e.envelope.name in NAMES]

    def _applications(self, found: Iterable[tuple[str, dict[str, Any]]], pending: list[OutboxEntry],
                      unsynced: bool) -> list[Application]:
        by_id: dict[str, list[str]] = {}
        queued: dict[str, ApplyToJoin] = {}
        for entry in pending:
            by_id.setdefault(_subject(entry), []).append(entry.envelope.name)
            command = parse_command(entry.envelope.name, entry.envelope.payload)
            if isinstance(command, ApplyToJoin):
                queued[command.application_id] = command
        apps = [Application(rid, rec, None, tuple(by_id.get(rid, ())))
                for rid, data in found if (rec := from_json_or_none(JoinApplicationRecord, data)) is not None]
        if unsynced:
            known = {a.application_id for a in apps}
            apps = [Application(i, None, c, tuple(by_id.get(i, ()))) for i, c in reversed(queued.items())
                    if i not in known] + apps
        return apps

    def supplier_view(self, account: AccountInfo) -> SupplierView:
        pending = self._pending()
        bids = {b.procurement_id: b for _i, data in self.records.bids(account.credit_code)
                if (b := from_json_or_none(BidRecord, data)) is not None}
        prices = {str(e.envelope.payload.get("procurement_id")): str(e.envelope.payload.get("price"))
                  for e in pending if e.envelope.name == SubmitBid.name}
        invitations = [Invitation(rid, rec, bids.get(rid), prices.get(rid))
                       for rid, data in self.records.invitations(account.credit_code)
                       if (rec := from_json_or_none(SecondStageRecord, data)) is not None]
        applications = self._applications(self.records.join_applications(supplier_unit_id=account.unit_id),
                                          pending, unsynced=True)
        agreements = [OpenAgreement(rid, agreement, tuple(a for a in applications if a.plan_id == agreement.plan_id))
                      for rid, data in self.records.open_agreements()
                      if (agreement := from_json_or_none(AgreementRecord, data)) is not None]
        unit = self.engine.records.get(RecordKind.UNIT.value, account.unit_id)
        return SupplierView(invitations, agreements, applications, unit.data if unit is not None else {})

    def collector_view(self, account: AccountInfo) -> CollectorView:
        """Applications to this unit's agreements (a regulator: every one it was shown)."""
        collector = None if account.user_type == UserType.REGULATOR.value else account.unit_id
        applications = self._applications(self.records.join_applications(collector_unit_id=collector),
                                          self._pending(), unsynced=False)
        agreements = {a.plan_id: a for _i, data in self.records.open_agreements()
                      if (a := from_json_or_none(AgreementRecord, data)) is not None}
        return CollectorView(applications, agreements)
