"""What the 计划备案 pages do to the local store and the outbox (no Qt): blocking calls made from
:class:`~desktop.ui.ops.Op` workers, never on the GUI thread.

:meth:`PlanService.context` gathers from the synced records what the domain rules need to check a
form offline — the unit (its kind and whether it is a 主管预算单位, hence the 征集人身份 it may
take), its division and supervising unit, the agencies, the 品目 catalogue and the 分散采购限额 —
so the dialog runs :func:`desktop.domain.plan_commands.form_problems` exactly as the server will.
Every user action becomes a command in the outbox; the sync engine takes it from there.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from desktop.domain.commands import CommandInvalid
from desktop.domain.plan_commands import (
    ApprovePlan,
    DeletePlan,
    PlanContext,
    PlanForm,
    ReturnPlan,
    SavePlan,
    SubmitPlan,
    form_problems,
    form_warnings,
    plan_draft,
    unknown_items,
)
from desktop.domain.plan_records import (
    CatalogueItemRecord,
    PlanRecord,
    ThresholdRecord,
    catalogue_from_records,
    threshold_table_from_records,
)
from desktop.domain.protocol import AccountInfo, ProtocolError, RecordKind, from_json
from desktop.domain.roles import Post, UnitKind, UserType
from desktop.domain.workflow.common import Item, Problem, Region, RuleWarning
from desktop.domain.workflow.plan import (
    AgencyType,
    CollectorIdentity,
    Party,
    default_agency_type,
    identity_choices,
)
from desktop.domain.workflow.review import ReviewStep
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdTable
from desktop.store.outbox import OutboxEntry, OutboxStatus
from desktop.store.plans import Plans, ReviewerScope
from desktop.sync.engine import SyncEngine

AGENCY_KINDS: dict[AgencyType, UnitKind] = {
    AgencyType.CENTRAL_PROCUREMENT: UnitKind.CENTRAL_PROCUREMENT,
    AgencyType.ENTRUSTED_CENTRAL_AGENCY: UnitKind.CENTRAL_PROCUREMENT,
    AgencyType.ENTRUSTED_SOCIAL_AGENCY: UnitKind.SOCIAL_AGENCY,
}
"""Which units 【委托代理机构】 offers for each 代理机构类型 (the server checks the same)."""


def _party(unit_id: str, data: dict[str, Any]) -> Party:
    return Party(unit_id, str(data.get("name", "")), str(data.get("credit_code", "")))


def _region(code: str, name: str) -> Region | None:
    try:
        return Region(code, name)
    except ValueError:
        return None


@dataclass(frozen=True)
class PlanCheck:
    """What the form breaks (blocks 提交) and what Order No. 110 advises (never blocks)."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[RuleWarning, ...] = ()


@dataclass(frozen=True)
class FormContext:
    """The registry as this computer knows it, for one logged-in account."""

    account: AccountInfo
    collector: Party | None
    """The account's unit; None until the registry has been synced once."""
    unit_kind: UnitKind | None = None
    is_supervising_unit: bool = False
    region: Region | None = None
    supervising_unit: Party | None = None
    regions: dict[str, Region] = field(default_factory=dict)
    agencies: dict[UnitKind, tuple[Party, ...]] = field(default_factory=dict)
    catalogue: dict[str, Item] = field(default_factory=dict)
    thresholds: ThresholdTable = DEFAULT_THRESHOLDS

    @property
    def ready(self) -> bool:
        return self.collector is not None and self.region is not None

    @property
    def identities(self) -> tuple[CollectorIdentity, ...]:
        """选择征集人身份: what this unit may collect as (the domain decides; empty: none)."""
        if self.unit_kind is None:
            return ()
        return identity_choices(self.unit_kind, self.is_supervising_unit)

    def scope_choices(self) -> list[Region]:
        """适用采购人或服务对象范围: the divisions within the unit's own (no cross-region use)."""
        own = self.region
        return sorted((r for r in self.regions.values() if own is not None and own.covers(r.code)),
                      key=lambda r: r.code)

    def agencies_for(self, kind: AgencyType) -> tuple[Party, ...]:
        unit_kind = AGENCY_KINDS.get(kind)
        return self.agencies.get(unit_kind, ()) if unit_kind is not None else ()

    def plan_context(self, form: PlanForm) -> PlanContext:
        assert self.collector is not None and self.region is not None
        agency = None
        if form.agency_unit_id:
            kind = form.agency_type or default_agency_type(form.identity)
            agency = next((p for p in self.agencies_for(kind) if p.unit_id == form.agency_unit_id), None)
        scope = tuple(self.regions.get(c) or Region(c, c) for c in form.scope_region_codes)
        supervising = self.supervising_unit if form.identity is CollectorIdentity.SUBORDINATE_BUDGET_UNIT else None
        return PlanContext(collector=self.collector, region=self.region, supervising_unit=supervising,
                           agency=agency, scope=scope, catalogue=self.catalogue or None)

    def check(self, form: PlanForm) -> PlanCheck:
        """The same rules the server applies to 提交, run here."""
        try:
            form.check_shape()
            context = self.plan_context(form)
            draft = plan_draft(form, context)
        except CommandInvalid as exc:
            return PlanCheck((Problem(exc.code, "form", exc.message, exc.message_en),))
        missing = unknown_items(form, context.catalogue)
        extra = (Problem("item_unknown", "items", f"品目“{'、'.join(missing)}”不在品目目录中，请重新选择采购内容",
                         "unknown items"),) if missing else ()
        return PlanCheck(form_problems(draft, self.thresholds) + extra, form_warnings(draft))


def reviewer_scope(account: AccountInfo) -> ReviewerScope:
    return ReviewerScope(account.account_id, account.unit_id,
                         internal=account.post == Post.REVIEWER.value and account.user_type == UserType.PURCHASER.value,
                         regulator=account.user_type == UserType.REGULATOR.value)


@dataclass(frozen=True)
class PlanView:
    """A plan as the review view shows it: the server's record and this user's unsynced commands."""

    record: PlanRecord | None
    pending: tuple[OutboxEntry, ...] = ()
    form: PlanForm | None = None
    """The form as last saved here (a pending 保存), else the record's."""


class PlanService:
    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine
        self.plans = Plans(engine.store)

    # --- reading ---------------------------------------------------------------------------

    def remembered_account(self) -> AccountInfo | None:
        return self.engine.state.account

    def context(self, account: AccountInfo) -> FormContext:
        records = self.engine.records
        regions = {r.id: region for r in records.list(RecordKind.REGION.value)
                   if (region := _region(r.id, str(r.data.get("name", "")))) is not None}
        items = []
        for r in records.list(RecordKind.PROCUREMENT_ITEM.value):
            try:
                items.append(from_json(CatalogueItemRecord, r.data))
            except ProtocolError:
                continue
        rows = []
        for r in records.list(RecordKind.THRESHOLD.value):
            try:
                rows.append(from_json(ThresholdRecord, r.data))
            except ProtocolError:
                continue
        try:
            thresholds = threshold_table_from_records(rows) if rows else DEFAULT_THRESHOLDS
        except (ValueError, KeyError):
            thresholds = DEFAULT_THRESHOLDS
        agencies: dict[UnitKind, list[Party]] = {}
        for unit_id, data in self.plans.units_of_kinds([k.value for k in set(AGENCY_KINDS.values())]):
            agencies.setdefault(UnitKind(str(data["kind"])), []).append(_party(unit_id, data))
        unit = records.get(RecordKind.UNIT.value, account.unit_id)
        common: dict[str, Any] = {"regions": regions, "catalogue": catalogue_from_records(items),
                                  "thresholds": thresholds,
                                  "agencies": {k: tuple(v) for k, v in agencies.items()}}
        if unit is None:
            return FormContext(account, None, **common)
        data = unit.data
        try:
            kind: UnitKind | None = UnitKind(str(data.get("kind")))
        except ValueError:
            kind = None
        supervisor_id = data.get("supervising_unit_id")
        supervisor = records.get(RecordKind.UNIT.value, str(supervisor_id)) if supervisor_id else None
        return FormContext(account, _party(unit.id, data), unit_kind=kind, is_supervising_unit=not supervisor_id,
                           region=regions.get(str(data.get("region_code", ""))),
                           supervising_unit=_party(supervisor.id, supervisor.data) if supervisor else None, **common)

    def record(self, plan_id: str) -> PlanRecord | None:
        found = self.engine.records.get(RecordKind.PLAN.value, plan_id)
        if found is None:
            return None
        try:
            return from_json(PlanRecord, found.data)
        except ProtocolError:
            return None

    def view(self, plan_id: str) -> PlanView:
        pending = tuple(e for e in self.engine.outbox.for_subject(plan_id) if e.status is OutboxStatus.PENDING)
        record = self.record(plan_id)
        form = record.form if record is not None else None
        for entry in pending:
            if entry.envelope.name == SavePlan.name:
                try:
                    form = from_json(SavePlan, entry.envelope.payload).form
                except ProtocolError:
                    continue
        return PlanView(record, pending, form)

    # --- commands --------------------------------------------------------------------------

    @staticmethod
    def new_plan_id() -> str:
        return str(uuid.uuid4())

    def _queue(self, *commands: SavePlan | SubmitPlan | ApprovePlan | ReturnPlan | DeletePlan) -> None:
        for command in commands:  # every one is valid before any is queued
            command.validate()
        now = self.engine.clock()
        for command in commands:
            self.engine.outbox.enqueue(command, now)

    def save(self, plan_id: str, form: PlanForm, submit: bool = False) -> str:
        """【保存】 (and 【提交】 after it); the plan id."""
        commands: list[SavePlan | SubmitPlan] = [SavePlan(plan_id, form)]
        if submit:
            commands.append(SubmitPlan(plan_id))
        self._queue(*commands)
        return plan_id

    def submit(self, plan_id: str) -> None:
        self._queue(SubmitPlan(plan_id))

    def delete(self, plan_id: str) -> None:
        self._queue(DeletePlan(plan_id))

    def approve(self, record_id: str, submission: int, step: ReviewStep) -> None:
        self._queue(ApprovePlan(record_id, submission, step))

    def return_plan(self, record_id: str, submission: int, step: ReviewStep, reason: str) -> None:
        self._queue(ReturnPlan(record_id, submission, step, reason.strip()))
