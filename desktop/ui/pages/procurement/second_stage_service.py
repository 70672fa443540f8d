"""What 【合同管理】-【合同备案】 of framework agreements reads and queues (no Qt): blocking calls made from
:class:`~desktop.ui.ops.Op` workers, never on the GUI thread.

A :class:`Procurement` is one second-stage procurement of the purchaser's unit as synced, or as
created here and not yet synced, plus this user's commands about it still in the outbox (the tab
marks them 待同步). An :class:`AgreementOption` is a filed agreement with what the second stage needs
of it — the agreement price from its 入围结果公告 and the domain's answer whether this purchaser is
inside its scope and validity (:func:`desktop.domain.workflow.second_stage.require_purchaser_in_scope`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from desktop.domain.agreement_records import AgreementRecord, AnnouncementRecord
from desktop.domain.commands import parse_command
from desktop.domain.protocol import AccountInfo, RecordKind, from_json_or_none
from desktop.domain.second_stage_commands import CreateSecondStage
from desktop.domain.second_stage_records import ProcurementPlanRecord, SecondStageRecord
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import Category, Region, WorkflowError
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.domain.workflow.workdays import local_date
from desktop.store.outbox import OutboxEntry
from desktop.store.second_stage import SecondStageRecords
from desktop.sync.engine import SyncEngine
from desktop.ui.pages.procurement.framework_service import QueueingService

NAMES = frozenset({"create_second_stage", "select_second_stage_supplier", "invite_second_bids",
                   "award_second_bids", "award_rotation", "file_second_stage_contract",
                   "approve_second_stage_contract", "return_second_stage_contract", "request_payment"})
PENDING_LIMIT = 100_000


def decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text.strip()) if text and text.strip() else None
    except InvalidOperation:
        return None


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@dataclass(frozen=True)
class AgreementOption:
    """A filed agreement as 【新增】 offers it; ``refusal``: why this purchaser may not use it."""

    filing_id: str
    record: AgreementRecord
    ceiling: Decimal | None
    """The agreement price: the 入围结果公告's 最高入围价格 (None when it names 最低入围分值)."""
    refusal: str | None = None

    @property
    def plan_id(self) -> str:
        return self.record.plan_id

    def terms(self, method: SecondStageMethod | None = None,
              suppliers: tuple[SupplierInfo, ...] | None = None) -> wf.AgreementTerms:
        """The domain's view of the agreement; the method is the procurement's once it is synced
        (the agreement record does not carry it — only scope and validity are checked without it)."""
        r = self.record
        form = AgreementForm(r.form)
        scope = Region(r.scope_region_code, r.scope_region_name) if r.scope_region_code else None
        listed = suppliers if suppliers is not None else tuple(
            SupplierInfo(s.name, s.credit_code, s.address, s.contact_person, s.phone) for s in r.suppliers)
        return wf.AgreementTerms(
            plan_id=r.plan_id, plan_number=r.plan_number, project_name=r.project_name, form=form,
            method=method or wf.second_stage_method(form, None), collector_unit_id=r.collector_unit_id,
            collector_name=r.collector_name, suppliers=listed, scope=scope, price_ceiling=self.ceiling,
            category=Category(r.category) if r.category else None, validity_start=_day(r.validity_start),
            validity_end=_day(r.validity_end))


@dataclass(frozen=True)
class Procurement:
    procurement_id: str
    record: SecondStageRecord | None
    created: CreateSecondStage | None = None
    """The 【新增】 still waiting in the outbox (no record yet)."""
    agreement: AgreementOption | None = None
    pending: tuple[OutboxEntry, ...] = field(default=())

    @property
    def title(self) -> str:
        return self.record.title if self.record else (self.created.title if self.created else "")

    @property
    def plan_id(self) -> str:
        return self.record.plan_id if self.record else (self.created.plan_id if self.created else "")

    @property
    def pending_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.envelope.name for e in self.pending))

    def terms(self) -> wf.AgreementTerms | None:
        """The agreement as this procurement uses it: its method and current suppliers (the record's)."""
        r = self.record
        if r is None or self.agreement is None:
            return None
        suppliers = tuple(SupplierInfo(s.name, s.credit_code, s.address, s.contact_person, s.phone)
                          for s in r.suppliers)
        return self.agreement.terms(SecondStageMethod(r.method), suppliers)


@dataclass(frozen=True)
class SecondStageData:
    procurements: list[Procurement]
    agreements: list[AgreementOption]
    now: dt.datetime
    unit_known: bool
    """This computer holds the purchaser's unit (its division decides the scope)."""


class SecondStageService(QueueingService):
    def __init__(self, engine: SyncEngine) -> None:
        super().__init__(engine)
        self.records = SecondStageRecords(engine.store)

    def purchaser(self, account: AccountInfo) -> wf.Purchaser | None:
        unit = self.engine.records.get(RecordKind.UNIT.value, account.unit_id)
        if unit is None:
            return None
        data = unit.data
        return wf.Purchaser(account.unit_id, str(data.get("name") or account.unit_name),
                            str(data.get("region_code") or ""), data.get("supervising_unit_id") or None)

    def agreements(self, purchaser: wf.Purchaser | None, now: dt.datetime) -> list[AgreementOption]:
        """Every filed agreement, each with the reason this purchaser may not use it (None: it may)."""
        filed = [(fid, r) for fid, data in self.records.filed_agreements()
                 if (r := from_json_or_none(AgreementRecord, data)) is not None]
        prices: dict[str, Decimal | None] = {}
        for _rid, data in self.records.results([r.plan_id for _f, r in filed]):
            result = from_json_or_none(AnnouncementRecord, data)
            if result is not None and result.basis == "最高入围价格":
                prices[result.plan_id] = decimal(result.basis_value)
        options = [AgreementOption(fid, record, prices.get(record.plan_id)) for fid, record in filed]
        return [replace(o, refusal=self._refusal(o, purchaser, now)) for o in options]

    @staticmethod
    def _refusal(option: AgreementOption, purchaser: wf.Purchaser | None, now: dt.datetime) -> str | None:
        if purchaser is None or not purchaser.region_code:
            return None  # the page refuses 【新增】 itself until the unit is synced
        try:
            terms = option.terms()
            wf.require_purchaser_in_scope(terms, purchaser)
            wf.require_in_validity(terms, local_date(now))
        except WorkflowError as exc:
            return exc.message
        return None

    def load(self, account: AccountInfo) -> SecondStageData:
        now = self.engine.clock()
        purchaser = self.purchaser(account)
        agreements = self.agreements(purchaser, now)
        by_plan = {a.plan_id: a for a in agreements}
        pending = [e for e in self.engine.outbox.pending(PENDING_LIMIT) if e.envelope.name in NAMES]
        mine: dict[str, list[OutboxEntry]] = {}
        for entry in pending:
            mine.setdefault(str(entry.envelope.payload.get("procurement_id", "")), []).append(entry)
        found: list[Procurement] = []
        for pid, data in self.records.procurements(account.unit_id):
            record = from_json_or_none(SecondStageRecord, data)
            if record is not None:
                found.append(Procurement(pid, record, None, by_plan.get(record.plan_id), tuple(mine.pop(pid, []))))
        created = []
        for pid, entries in mine.items():  # created here, not synced yet: newest first, above the rest
            command = parse_command(entries[0].envelope.name, entries[0].envelope.payload)
            if isinstance(command, CreateSecondStage):
                created.append(Procurement(pid, None, command, by_plan.get(command.plan_id), tuple(entries)))
        known = purchaser is not None and bool(purchaser.region_code)
        return SecondStageData([*reversed(created), *found], agreements, now, known)

    def procurement_plan(self, procurement_id: str) -> ProcurementPlanRecord | None:
        found = self.engine.records.get(RecordKind.PROCUREMENT_PLAN.value, procurement_id)
        return from_json_or_none(ProcurementPlanRecord, found.data) if found is not None else None
