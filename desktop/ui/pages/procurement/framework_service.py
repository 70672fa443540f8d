"""What the pages after plan filing read and queue (no Qt): blocking calls made from
:class:`~desktop.ui.ops.Op` workers, never on the GUI thread.

A :class:`Project` is one numbered plan with everything that followed it — its 征集公告 and
入围结果公告, the shortlisted suppliers, the 框架协议备案, the 互认互通 state — as synced, plus this
user's commands about it still waiting in the outbox (the pages mark them 待同步, and a form saved
offline opens as it was saved). Every user action becomes a command in the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from desktop.domain.agreement_commands import (
    AGREEMENT_COMMANDS,
    SaveAgreementFiling,
    SaveCollectionNotice,
    SaveShortlistResult,
)
from desktop.domain.agreement_records import (
    AgreementRecord,
    AnnouncementRecord,
    CollectorContactRecord,
    ShortlistedSupplierRecord,
    TradingBridgeRecord,
)
from desktop.domain.commands import Command, parse_command
from desktop.domain.plan_records import PlanRecord
from desktop.domain.protocol import AccountInfo, RecordKind, from_json_or_none
from desktop.domain.workflow.announcement import AnnouncementKind
from desktop.store.framework import AnnouncementFilter, AnnouncementRow, FrameworkRecords
from desktop.store.outbox import OutboxEntry
from desktop.sync.engine import SyncEngine

T = TypeVar("T")
NAMES = frozenset(c.name for c in AGREEMENT_COMMANDS)
ROSTER_COMMANDS = frozenset({"update_shortlisted_supplier", "add_supplier_agent", "update_supplier_agent",
                             "remove_supplier_agent", "remove_shortlisted_supplier"})
PENDING_LIMIT = 100_000


def target(entry: OutboxEntry) -> str:
    """What a pending command is about: an announcement or filing id, ``roster:<plan>`` or ``bridge:<plan>``."""
    payload, name = entry.envelope.payload, entry.envelope.name
    if name == SaveCollectionNotice.name:
        return str(payload.get("notice_id", ""))
    if name == SaveShortlistResult.name:
        return str(payload.get("result_id", ""))
    if name in ROSTER_COMMANDS:
        return f"roster:{payload.get('plan_id', '')}"
    if name == "retry_trading_push":
        return f"bridge:{payload.get('plan_id', '')}"
    return str(payload.get("announcement_id") or payload.get("filing_id") or "")


def _latest(entries: Iterable[OutboxEntry], cls: type[T], where: str, value: str) -> T | None:
    """The last pending command of ``cls`` whose payload field ``where`` is ``value``."""
    found: T | None = None
    for entry in entries:
        if entry.envelope.name == getattr(cls, "name", None) and entry.envelope.payload.get(where) == value:
            command = parse_command(entry.envelope.name, entry.envelope.payload)
            if isinstance(command, cls):
                found = command
    return found


@dataclass(frozen=True)
class Project:
    """A numbered plan and its steps after filing, as this computer knows them."""

    plan_id: str
    plan: PlanRecord
    carried: CollectorContactRecord
    """征集人信息 carried from the plan (the notice's, once it exists): name, contact, 固话, address."""
    notice_id: str | None = None
    notice: AnnouncementRecord | None = None
    notice_form: SaveCollectionNotice | None = None
    """The 征集公告 as last saved here and not yet synced."""
    result_id: str | None = None
    result: AnnouncementRecord | None = None
    result_form: SaveShortlistResult | None = None
    roster: tuple[tuple[str, ShortlistedSupplierRecord], ...] = ()
    """(record id, supplier) of 入围供应商管理, in the announcement's order."""
    filing_id: str | None = None
    agreement: AgreementRecord | None = None
    filing_form: SaveAgreementFiling | None = None
    bridge: TradingBridgeRecord | None = None
    pending: tuple[OutboxEntry, ...] = field(default=())
    """This user's commands about the project still waiting to be synced, oldest first."""
    collector_credit_code: str = ""

    @property
    def number(self) -> str:
        return self.plan.number or ""

    @property
    def project_name(self) -> str:
        return self.plan.project_name

    @property
    def is_interop(self) -> bool:
        return self.plan.is_interop

    @property
    def form(self) -> str:
        return self.plan.form.form.value

    @property
    def owner_unit_id(self) -> str:
        """Who edits the announcements: the collector, or its entrusted agency."""
        return self.plan.collector_unit_id

    def pending_for(self, *targets: str | None) -> tuple[OutboxEntry, ...]:
        wanted = {t for t in targets if t}
        return tuple(e for e in self.pending if target(e) in wanted)

    def pending_names(self, *targets: str | None) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.envelope.name for e in self.pending_for(*targets)))

    @property
    def notice_published(self) -> bool:
        return self.notice is not None and self.notice.published_at is not None

    @property
    def result_published(self) -> bool:
        return self.result is not None and self.result.published_at is not None


class QueueingService:
    """What the framework pages' services share: new record ids and queuing commands in the outbox."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    @staticmethod
    def new_id(prefix: str) -> str:
        return f"{prefix}-{uuid.uuid4().hex[:24]}"  # short: the server derives ids (htgg-<id>, …) from it

    def queue(self, *commands: Command) -> None:
        """Validate every command (raises CommandInvalid with the rule's wording), then queue them all."""
        for command in commands:
            command.validate()
        now = self.engine.clock()
        for command in commands:
            self.engine.outbox.enqueue(command, now)


class FrameworkService(QueueingService):
    def __init__(self, engine: SyncEngine) -> None:
        super().__init__(engine)
        self.records = FrameworkRecords(engine.store)

    # --- reading ---------------------------------------------------------------------------

    def projects(self, account: AccountInfo) -> list[Project]:
        """The numbered plans this account's unit collects (or runs as the agency), newest first."""
        plans = [(pid, plan) for pid, data in self.records.numbered_plans(account.unit_id)
                 if (plan := from_json_or_none(PlanRecord, data)) is not None]
        ids = [pid for pid, _ in plans]
        by_plan: dict[str, dict[str, list[tuple[str, Any]]]] = {pid: {} for pid in ids}
        kinds: tuple[tuple[RecordKind, type[Any]], ...] = (
            (RecordKind.ANNOUNCEMENT, AnnouncementRecord), (RecordKind.SHORTLISTED_SUPPLIER, ShortlistedSupplierRecord),
            (RecordKind.AGREEMENT, AgreementRecord), (RecordKind.TRADING_BRIDGE, TradingBridgeRecord))
        for kind, cls in kinds:
            for rid, data in self.records.of_plans(kind.value, ids):
                value = from_json_or_none(cls, data)
                if value is not None and value.plan_id in by_plan:
                    by_plan[value.plan_id].setdefault(kind.value, []).append((rid, value))
        pending = [e for e in self.engine.outbox.pending(PENDING_LIMIT) if e.envelope.name in NAMES]
        return [self._project(pid, plan, by_plan[pid], pending) for pid, plan in plans]

    def _carried(self, plan: PlanRecord) -> tuple[CollectorContactRecord, str]:
        """征集人信息 from the collector unit (name, contact person, 固话), and its credit code."""
        unit = self.engine.records.get(RecordKind.UNIT.value, plan.collector_unit_id)
        data = unit.data if unit is not None else {}
        return (CollectorContactRecord(str(data.get("name") or plan.collector_name),
                                       str(data.get("contact_person", "")), str(data.get("contact_phone", "")), ""),
                str(data.get("credit_code", "")))

    def _project(self, plan_id: str, plan: PlanRecord, found: dict[str, list[tuple[str, Any]]],
                 pending: list[OutboxEntry]) -> Project:
        announcements = found.get(RecordKind.ANNOUNCEMENT.value, [])
        notice = next(((i, a) for i, a in announcements if a.kind == AnnouncementKind.COLLECTION.value), None)
        result = next(((i, a) for i, a in announcements if a.kind == AnnouncementKind.SHORTLIST_RESULT.value), None)
        notice_form = _latest(pending, SaveCollectionNotice, "plan_id", plan_id)
        notice_id = notice[0] if notice else (notice_form.notice_id if notice_form else None)
        result_form = _latest(pending, SaveShortlistResult, "notice_id", notice_id) if notice_id else None
        result_id = result[0] if result else (result_form.result_id if result_form else None)
        agreement = next(iter(found.get(RecordKind.AGREEMENT.value, [])), None)
        filing_form = _latest(pending, SaveAgreementFiling, "plan_id", plan_id)
        filing_id = agreement[0] if agreement else (filing_form.filing_id if filing_form else None)
        roster = tuple(sorted(found.get(RecordKind.SHORTLISTED_SUPPLIER.value, []), key=lambda r: r[1].position))
        bridge = next((b for _i, b in found.get(RecordKind.TRADING_BRIDGE.value, [])), None)
        mine = {notice_id, result_id, filing_id, f"roster:{plan_id}", f"bridge:{plan_id}"} - {None}
        carried, credit_code = self._carried(plan)
        if notice is not None and notice[1].collector is not None:
            carried = notice[1].collector
        return Project(plan_id, plan, carried, notice_id, notice[1] if notice else None, notice_form, result_id,
                       result[1] if result else None, result_form, roster, filing_id,
                       agreement[1] if agreement else None, filing_form, bridge,
                       tuple(e for e in pending if target(e) in mine), credit_code)

    def announcement(self, announcement_id: str) -> AnnouncementRecord | None:
        found = self.engine.records.get(RecordKind.ANNOUNCEMENT.value, announcement_id)
        return from_json_or_none(AnnouncementRecord, found.data) if found is not None else None

    def announcement_page(self, where: AnnouncementFilter, after: tuple[str, str] | None, limit: int
                          ) -> list[AnnouncementRow]:
        return self.records.announcements(where, after, limit)

    def announcement_count(self, where: AnnouncementFilter) -> int:
        return self.records.count_announcements(where)
