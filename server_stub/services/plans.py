"""框架协议计划备案 on the server (issue 7; seed manual 1.3.1.1, 1.3.3): the command handlers, the
plan number, the feed records, and the reference data (分散采购限额, 品目 catalogue).

The rules are the domain's (:mod:`desktop.domain.workflow.plan`, ``plan_review``, ``review``,
:mod:`desktop.domain.plan_commands`); this module supplies what only the server knows: the caller's
unit and account, the registry (regions, the supervising unit, the entrusted agency, the regulator
of a region), the threshold table and the catalogue as configured here, and the next sequence of
the plan number. The client's own item flags are never trusted: a 品目's name and whether it is a
集采品目 come from ``procurement_items``.

Who does what:

* 经办岗 of the collector unit with a 采购人 account saves, submits, deletes a never-submitted draft
  (a 集采机构 files with its unit's 采购人 account, manual 1.3.3);
* 内部审核岗: a 审核岗 采购人 account of the collector unit; 主管预算单位审核: a 审核岗 采购人 account of the
  subordinate's registered 主管预算单位;
* 监管部门初核 / 复核 (集采机构 only): two different accounts of the regulator of the collector's
  region — the nearest 财政部门 / 监管部门 unit at the collector's division, its city, or the province;
* nobody approves or returns what they submitted, and one account approves one step per round.

Feed (kind ``plan``): the collector unit sees its plans from creation; once submitted, the plan
is also seen by the 主管预算单位 (subordinate collectors) or else the regulator of the region.

计划编号: ``KJXY-<collector's division>-<budget year>-<sequence>`` (plan_review.plan_number), the
sequence counted per (division, budget year) from 1 in ``plan_number_sequences`` and taken only
inside the transaction of the final approval (a refused approval rolls it back: no gaps from
refusals). ``framework_plans.number`` is unique as a backstop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

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
    PlanEventRecord,
    PlanProblemRecord,
    PlanRecord,
    PlanWarningRecord,
    ThresholdRecord,
    catalogue_from_records,
    threshold_id,
    threshold_table_from_records,
)
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.roles import Post, UnitKind, UserType, require_handler
from desktop.domain.workflow import plan_review, review
from desktop.domain.workflow.common import (
    Actor,
    Category,
    FormInvalid,
    Item,
    Problem,
    Transition,
    WorkflowError,
    WorkflowEvent,
)
from desktop.domain.workflow.common import Region as DomainRegion
from desktop.domain.workflow.plan import (
    AgencyType,
    CollectorIdentity,
    Party,
    PlanDraft,
    default_agency_type,
    require_identity_allowed,
)
from desktop.domain.workflow.plan_review import PlanFiling
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.thresholds import ThresholdTable
from server_stub.models import (
    Account,
    FeedRecord,
    FrameworkPlan,
    FrameworkPlanEvent,
    PlanNumberSequence,
    ProcurementItem,
    ProcurementThreshold,
    Region,
    Unit,
)
from server_stub.services import bridge, feed
from server_stub.services.command_base import CommandContext, CommandRejected

__all__ = [
    "HANDLERS",
    "approve_plan",
    "catalogue",
    "delete_plan",
    "publish_reference_data",
    "regulator_for",
    "return_plan",
    "save_plan",
    "set_catalogue_item",
    "set_threshold",
    "submit_plan",
    "threshold_table",
]

_REGULATOR_KINDS = (UnitKind.FINANCE.value, UnitKind.REGULATOR.value)
_AGENCY_UNIT_KIND: dict[AgencyType, UnitKind] = {
    AgencyType.CENTRAL_PROCUREMENT: UnitKind.CENTRAL_PROCUREMENT,
    AgencyType.ENTRUSTED_CENTRAL_AGENCY: UnitKind.CENTRAL_PROCUREMENT,
    AgencyType.ENTRUSTED_SOCIAL_AGENCY: UnitKind.SOCIAL_AGENCY,
}


# --- reference data: thresholds and the catalogue --------------------------------------------------

def _threshold_record(row: ProcurementThreshold) -> ThresholdRecord:
    return ThresholdRecord(row.region_code, Category(row.category), row.amount, row.confirmed, row.source)


def _item_record(row: ProcurementItem) -> CatalogueItemRecord:
    return CatalogueItemRecord(row.code, row.name, row.in_catalogue, row.source)


def threshold_table(session: Session) -> ThresholdTable:
    """The 分散采购限额 table as configured in ``procurement_thresholds``."""
    rows = session.execute(select(ProcurementThreshold)).scalars()
    return threshold_table_from_records(_threshold_record(r) for r in rows)


def catalogue(session: Session, codes: Iterable[str] | None = None) -> dict[str, Item]:
    """品目 by code (only ``codes`` when given)."""
    query = select(ProcurementItem)
    if codes is not None:
        query = query.where(ProcurementItem.code.in_(list(codes)))
    return catalogue_from_records(_item_record(r) for r in session.execute(query).scalars())


def set_threshold(session: Session, region_code: str, category: Category, amount: Decimal, source: str,
                  confirmed: bool = True) -> None:
    """Configure one 分散采购限额 (``000000``: the fallback) and publish it; the caller commits."""
    if amount < 0 or not amount.is_finite():
        raise ValueError(f"invalid threshold {amount}")
    row = session.get(ProcurementThreshold, (region_code, category.value))
    if row is None:
        row = ProcurementThreshold(region_code=region_code, category=category.value)
        session.add(row)
    row.amount, row.source, row.confirmed = format(amount, "f"), source, confirmed
    session.flush()
    threshold_table(session)  # refuse a table the rules cannot use (e.g. a missing fallback)
    feed.publish(session, RecordKind.THRESHOLD, threshold_id(region_code, category), to_json(_threshold_record(row)))


def set_catalogue_item(session: Session, code: str, name: str, in_catalogue: bool, source: str = "") -> None:
    """Add or change one 品目 of the catalogue and publish it; the caller commits."""
    row = session.get(ProcurementItem, code)
    if row is None:
        row = ProcurementItem(code=code)
        session.add(row)
    row.name, row.in_catalogue, row.source = name, in_catalogue, source
    session.flush()
    feed.publish(session, RecordKind.PROCUREMENT_ITEM, code, to_json(_item_record(row)))


def _sync_kind(session: Session, kind: RecordKind, wanted: dict[str, dict[str, Any]]) -> int:
    published = 0
    existing: dict[str, dict[str, Any] | None] = {
        r.record_id: r.data for r in session.execute(select(FeedRecord).where(FeedRecord.kind == kind.value)).scalars()}
    for record_id, data in wanted.items():
        if existing.get(record_id) != data:
            feed.publish(session, kind, record_id, data)
            published += 1
    for record_id, old in existing.items():
        if record_id not in wanted and old is not None:
            feed.publish(session, kind, record_id, None)
            published += 1
    return published


def publish_reference_data(session: Session) -> int:
    """Bring the public ``threshold`` and ``procurement_item`` feed records in line with the tables
    (at start-up: the migration seeds the tables, an operator may have changed rows); commits.
    Returns how many records were published (0 when nothing changed)."""
    thresholds = {threshold_id(r.region_code, Category(r.category)): to_json(_threshold_record(r))
                  for r in session.execute(select(ProcurementThreshold)).scalars()}
    items = {r.code: to_json(_item_record(r)) for r in session.execute(select(ProcurementItem)).scalars()}
    published = _sync_kind(session, RecordKind.THRESHOLD, thresholds)
    published += _sync_kind(session, RecordKind.PROCUREMENT_ITEM, items)
    session.commit()
    return published


# --- the registry as the rules need it -------------------------------------------------------------

def _refused(exc: WorkflowError) -> CommandRejected:
    if isinstance(exc, FormInvalid):
        return _problems_refused(exc.problems)
    return CommandRejected(exc.code, exc.message, exc.message_en)


def _problems_refused(problems: Iterable[Problem]) -> CommandRejected:
    listed = tuple(problems)
    return CommandRejected(listed[0].code, "计划备案信息不符合要求：" + "；".join(p.message for p in listed),
                           "; ".join(p.message_en for p in listed))


def _party(unit: Unit) -> Party:
    return Party(unit.id, unit.name, unit.credit_code)


def _region(session: Session, code: str) -> DomainRegion:
    row = session.get(Region, code)
    if row is None:
        raise CommandRejected("region_unknown", f"区域“{code}”不存在", f"unknown region {code}")
    return DomainRegion(row.code, row.name)


def _ancestors(code: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((code, code[:4] + "00", code[:2] + "0000")))


def regulator_for(session: Session, region_code: str) -> Unit | None:
    """The 本级财政（监管）部门 of a division: the nearest 财政部门 / 监管部门 unit at the division, its
    city or its province (财政部门 first when both exist at one level)."""
    for code in _ancestors(region_code):
        units = session.execute(select(Unit).where(Unit.region_code == code, Unit.kind.in_(_REGULATOR_KINDS))
                                .order_by(Unit.id)).scalars().all()
        if units:
            return sorted(units, key=lambda u: u.kind != UnitKind.FINANCE.value)[0]
    return None


def _is_supervising_unit(unit: Unit) -> bool:
    """A unit that reports to no 主管预算单位 is one itself (it prepares its own departmental budget)."""
    return unit.supervising_unit_id is None


def _actor(account: Account) -> Actor:
    return Actor(account.id, account.unit_id, UserType(account.user_type), Post(account.post), account.username)


def _require_purchaser(account: Account) -> None:
    if account.user_type != UserType.PURCHASER.value:
        raise CommandRejected("plan_needs_purchaser_account",
                              "框架协议计划备案需使用本单位的采购人账号登录办理（集采机构也使用其单位的采购人账号）",
                              "plan filing needs the unit's purchaser account")


def _supervising_unit(session: Session, unit: Unit, identity: CollectorIdentity) -> Unit | None:
    if identity is not CollectorIdentity.SUBORDINATE_BUDGET_UNIT:
        return None
    supervisor = session.get(Unit, unit.supervising_unit_id) if unit.supervising_unit_id else None
    if supervisor is None:
        raise CommandRejected("supervising_unit_missing",
                              "本单位未登记主管预算单位，不能以“预算单位”身份发起框架协议采购",
                              "the unit has no registered supervising unit")
    return supervisor


def _agency(session: Session, form: PlanForm) -> Unit | None:
    if form.agency_unit_id is None:
        return None
    kind = form.agency_type if form.agency_type is not None else default_agency_type(form.identity)
    expected = _AGENCY_UNIT_KIND.get(kind)
    if expected is None:
        raise CommandRejected("agency_not_expected", "代理机构类型为“不委托代理机构”时不能选择代理机构",
                              "no agency may be chosen without entrusting one")
    agency = session.get(Unit, form.agency_unit_id)
    if agency is None:
        raise CommandRejected("agency_unknown", f"代理机构“{form.agency_unit_id}”不存在",
                              f"unknown agency {form.agency_unit_id}")
    if agency.kind != expected.value:
        raise CommandRejected("agency_kind_mismatch",
                              f"“{agency.name}”不是{expected.value}，与代理机构类型“{kind.value}”不符",
                              f"{agency.id} is not a {expected.name} unit")
    return agency


def _context(session: Session, unit: Unit, form: PlanForm) -> tuple[PlanContext, Unit | None, Unit | None]:
    """The form's context from the tables, plus the supervising unit and the agency rows."""
    supervisor = _supervising_unit(session, unit, form.identity)
    agency = _agency(session, form)
    items = catalogue(session, [i.code.strip() for i in form.items])
    missing = unknown_items(form, items)
    if missing:
        raise CommandRejected("item_unknown", f"品目“{'、'.join(missing)}”不在品目目录中，请重新选择采购内容",
                              f"unknown items {', '.join(missing)}")
    context = PlanContext(collector=_party(unit), region=_region(session, unit.region_code),
                          supervising_unit=_party(supervisor) if supervisor is not None else None,
                          agency=_party(agency) if agency is not None else None,
                          scope=tuple(_region(session, code) for code in form.scope_region_codes),
                          catalogue=items)
    return context, supervisor, agency


# --- plans: rows, filings, records ----------------------------------------------------------------

def _plan(session: Session, plan_id: str) -> FrameworkPlan:
    plan = session.get(FrameworkPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise CommandRejected("plan_unknown", f"计划备案“{plan_id}”不存在或已删除", f"plan {plan_id} not found")
    return plan


def _own_plan(session: Session, account: Account, plan_id: str) -> FrameworkPlan:
    plan = _plan(session, plan_id)
    if plan.collector_unit_id != account.unit_id:
        raise CommandRejected("other_unit", "只能办理本单位的事项", "only records of the caller's own unit")
    return plan


def _form(plan: FrameworkPlan) -> PlanForm:
    return from_json(PlanForm, plan.form)


def _identity(plan: FrameworkPlan) -> CollectorIdentity:
    return CollectorIdentity(plan.identity)


def _filing(plan: FrameworkPlan) -> PlanFiling:
    identity = _identity(plan)
    flow = ReviewFlow(plan.id, plan.collector_unit_id, plan_review.plan_review_steps(identity),
                      status=FlowStatus(plan.status), current=plan.current_step,
                      submitter_account_id=plan.submitter_account_id or "", approved_by=tuple(plan.approved_by),
                      supervisor_unit_id=plan.supervising_unit_id, regulator_unit_id=plan.regulator_unit_id,
                      return_reason=plan.return_reason)
    return PlanFiling(plan.id, identity, plan.region_code, plan.budget_year, flow,
                      is_interop=_form(plan).trading_platform is not None, number=plan.number)


def _check_form(draft: PlanDraft, thresholds: ThresholdTable) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    problems = [to_json(PlanProblemRecord(p.code, p.field, p.message)) for p in form_problems(draft, thresholds)]
    warnings = [to_json(PlanWarningRecord(w.code, w.message, w.source)) for w in form_warnings(draft)]
    return problems, warnings


def _sharing_units(plan: FrameworkPlan) -> list[str | None]:
    """Who else sees a submitted plan: its 主管预算单位 (for a subordinate collector), the regulator
    of its region, and the entrusted agency (it prepares the 征集公告)."""
    if plan.submission == 0:
        return []
    supervising = plan.supervising_unit_id if _identity(plan) is CollectorIdentity.SUBORDINATE_BUDGET_UNIT else None
    return [supervising, plan.regulator_unit_id, _form(plan).agency_unit_id]


def _name(session: Session, unit_id: str | None) -> str:
    unit = session.get(Unit, unit_id) if unit_id else None
    return unit.name if unit is not None else ""


def _record(session: Session, plan: FrameworkPlan) -> PlanRecord:
    filing = _filing(plan)
    form = _form(plan)
    events = session.execute(select(FrameworkPlanEvent, Account.username)
                             .join(Account, Account.id == FrameworkPlanEvent.actor_account_id)
                             .where(FrameworkPlanEvent.plan_id == plan.id).order_by(FrameworkPlanEvent.id)).all()
    region = session.get(Region, plan.region_code)
    pending = filing.flow.pending_step
    return PlanRecord(
        form=form, project_name=plan.project_name, identity=plan.identity,
        collector_unit_id=plan.collector_unit_id, collector_name=_name(session, plan.collector_unit_id),
        region_code=plan.region_code, region_name=region.name if region is not None else "",
        budget_year=plan.budget_year, status=plan.status, state_label=filing.state_label,
        steps=[s.value for s in filing.flow.steps], submission=plan.submission,
        created_at=plan.created_at, updated_at=plan.updated_at,
        pending_step=pending.value if pending is not None else None,
        submitter_account_id=plan.submitter_account_id or "", approved_by=list(plan.approved_by),
        return_reason=plan.return_reason,
        supervising_unit_id=plan.supervising_unit_id, supervising_unit_name=_name(session, plan.supervising_unit_id),
        regulator_unit_id=plan.regulator_unit_id, regulator_name=_name(session, plan.regulator_unit_id),
        agency_unit_id=form.agency_unit_id, agency_name=_name(session, form.agency_unit_id),
        number=plan.number, numbered_at=plan.numbered_at, is_interop=filing.is_interop,
        problems=[from_json(PlanProblemRecord, p) for p in plan.problems],
        warnings=[from_json(PlanWarningRecord, w) for w in plan.warnings],
        history=[PlanEventRecord(at=e.at, action=e.action, from_state=e.from_state, to_state=e.to_state,
                                 actor_account_id=e.actor_account_id, actor_unit_id=e.actor_unit_id,
                                 submission=e.submission, reason=e.reason, step=e.step, actor_name=username)
                 for e, username in events],
    )


def _publish(session: Session, plan: FrameworkPlan) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise CommandRejected("plan_changed", "计划备案已被他人同时办理，请同步后重新查看",
                              "the plan changed concurrently") from None
    data = None if plan.deleted_at is not None else to_json(_record(session, plan))
    feed.publish(session, RecordKind.PLAN, plan.id, data, scope_unit_id=plan.collector_unit_id,
                 shared_with=_sharing_units(plan))


def _apply(session: Session, plan: FrameworkPlan, step: Transition[PlanFiling], now: dt.datetime) -> None:
    flow = step.record.flow
    plan.status, plan.current_step = flow.status.value, flow.current
    plan.submitter_account_id = flow.submitter_account_id or None
    plan.approved_by, plan.return_reason = list(flow.approved_by), flow.return_reason
    if step.record.number and plan.number is None:
        plan.number, plan.numbered_at = step.record.number, now
    plan.updated_at = now
    _add_event(session, plan, step.event)


def _add_event(session: Session, plan: FrameworkPlan, event: WorkflowEvent) -> None:
    session.add(FrameworkPlanEvent(plan_id=plan.id, at=event.at, action=event.action, from_state=event.from_state,
                                   to_state=event.to_state, actor_account_id=event.actor_account_id,
                                   actor_unit_id=event.actor_unit_id, submission=plan.submission,
                                   step=dict(event.detail).get("step", ""), reason=event.reason))


def _reserve_sequence(session: Session, region_code: str, year: int) -> int:
    """The next 计划编号 sequence for (division, year); the row lock serialises concurrent approvals."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(PlanNumberSequence).values(region_code=region_code, year=year, last=0)
                    .on_conflict_do_nothing())
    result = session.execute(update(PlanNumberSequence)
                             .where(PlanNumberSequence.region_code == region_code, PlanNumberSequence.year == year)
                             .values(last=PlanNumberSequence.last + 1).returning(PlanNumberSequence.last)
                             .execution_options(synchronize_session=False))
    return int(result.scalar_one())


# --- handlers --------------------------------------------------------------------------------------

def save_plan(session: Session, account: Account, command: SavePlan, context: CommandContext) -> None:
    """【保存】: create the draft or change a draft / returned plan of the caller's unit."""
    require_handler(Post(account.post), "填报计划备案")
    _require_purchaser(account)
    unit = session.get(Unit, account.unit_id)
    assert unit is not None
    form = command.form
    try:
        require_identity_allowed(UnitKind(unit.kind), _is_supervising_unit(unit), form.identity)
    except WorkflowError as exc:
        raise _refused(exc) from exc
    plan = session.get(FrameworkPlan, command.plan_id)
    if plan is not None:
        if plan.collector_unit_id != unit.id or plan.deleted_at is not None:
            raise CommandRejected("plan_id_taken", f"计划备案编号“{command.plan_id}”已被使用",
                                  f"plan id {command.plan_id} is taken")
        if not FlowStatus(plan.status).editable:
            raise CommandRejected("plan_not_editable", f"计划备案当前状态为“{_filing(plan).state_label}”，不能修改",
                                  "the plan can only be changed as a draft or after a return")
        if plan.identity != form.identity.value:
            raise CommandRejected("plan_collector_changed", "征集人身份不能修改，请重新新增计划备案",
                                  "the collector identity of a plan cannot change")
    plan_context, supervisor, _agency_unit = _context(session, unit, form)
    problems, warnings = _check_form(plan_draft(form, plan_context), threshold_table(session))
    now = context.now
    if plan is None:
        plan = FrameworkPlan(id=command.plan_id, collector_unit_id=unit.id, identity=form.identity.value,
                             status=FlowStatus.DRAFT.value, current_step=0, submission=0, approved_by=[],
                             return_reason="", created_by=account.id, created_at=now)
        session.add(plan)
    plan.region_code, plan.budget_year = unit.region_code, form.budget_year
    plan.project_name = form.project_name.strip()
    plan.form = to_json(form)
    plan.supervising_unit_id = supervisor.id if supervisor is not None else None
    plan.problems, plan.warnings = problems, warnings
    plan.updated_at = now
    _publish(session, plan)


def submit_plan(session: Session, account: Account, command: SubmitPlan, context: CommandContext) -> None:
    """提交: the saved form must pass every rule; the chain of the collector identity starts."""
    require_handler(Post(account.post), "提交计划备案")
    _require_purchaser(account)
    plan = _own_plan(session, account, command.plan_id)
    unit = session.get(Unit, plan.collector_unit_id)
    assert unit is not None
    form = _form(plan)
    plan_context, supervisor, _agency_unit = _context(session, unit, form)
    draft = plan_draft(form, plan_context)
    thresholds = threshold_table(session)
    problems = form_problems(draft, thresholds)
    if problems:
        raise _problems_refused(problems)
    regulator = regulator_for(session, unit.region_code)
    if regulator is None and form.identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY:
        raise CommandRejected("regulator_missing", "未找到本级财政（监管）部门，集采机构的计划备案无法提交初核",
                              "no regulator for the collector's region")
    plan.supervising_unit_id = supervisor.id if supervisor is not None else None
    plan.regulator_unit_id = regulator.id if regulator is not None else None
    try:
        step = plan_review.submit_plan(_filing(plan), draft, _actor(account), context.now, thresholds)
    except WorkflowError as exc:
        raise _refused(exc) from exc
    plan.submission += 1
    plan.problems, plan.warnings = _check_form(draft, thresholds)
    _apply(session, plan, step, context.now)
    _publish(session, plan)


def _pending_as_seen(plan: FrameworkPlan, submission: int, step: ReviewStep) -> PlanFiling:
    """The filing, when the reviewer's command names the round and step pending now."""
    filing = _filing(plan)
    if plan.submission != submission or filing.flow.pending_step is not step:
        raise CommandRejected("plan_changed",
                              f"计划备案当前状态为“{filing.state_label}”，已不是您审核时的状态（{step.value}），"
                              "请同步后重新查看", "the plan is no longer at the step the reviewer saw")
    return filing


def _check_plan_reviewer(filing: PlanFiling, account: Account) -> ReviewStep:
    try:
        step = review.check_reviewer(filing.flow, _actor(account))
    except WorkflowError as exc:
        raise _refused(exc) from exc
    if step in (ReviewStep.INTERNAL, ReviewStep.SUPERVISOR):
        _require_purchaser(account)
    return step


def approve_plan(session: Session, account: Account, command: ApprovePlan, context: CommandContext) -> None:
    """审核通过 of the pending step; the last one makes the 计划编号."""
    plan = _plan(session, command.plan_id)
    filing = _pending_as_seen(plan, command.submission, command.step)
    _check_plan_reviewer(filing, account)
    sequence = _reserve_sequence(session, plan.region_code, plan.budget_year) if filing.flow.is_last_step else None
    try:
        step = plan_review.approve_plan(filing, _actor(account), context.now, sequence)
    except WorkflowError as exc:
        raise _refused(exc) from exc
    _apply(session, plan, step, context.now)
    _publish(session, plan)
    bridge.enqueue_plan(session, plan, context.now)  # 互认互通: numbered 省本级 plans go to the trading system


def return_plan(session: Session, account: Account, command: ReturnPlan, context: CommandContext) -> None:
    """退回 of the pending step with a reason: back to the 经办岗, the next submission starts over."""
    plan = _plan(session, command.plan_id)
    filing = _pending_as_seen(plan, command.submission, command.step)
    _check_plan_reviewer(filing, account)
    try:
        step = plan_review.return_plan(filing, _actor(account), context.now, command.reason)
    except WorkflowError as exc:
        raise _refused(exc) from exc
    _apply(session, plan, step, context.now)
    _publish(session, plan)


def delete_plan(session: Session, account: Account, command: DeletePlan, context: CommandContext) -> None:
    """删除 of a draft never submitted (a submitted plan keeps its history and can only be returned)."""
    require_handler(Post(account.post), "删除计划备案")
    _require_purchaser(account)
    plan = _own_plan(session, account, command.plan_id)
    if plan.submission > 0:
        raise CommandRejected("plan_submitted", "计划备案已提交过，不能删除", "a submitted plan cannot be deleted")
    plan.deleted_at = plan.updated_at = context.now
    _publish(session, plan)


HANDLERS: dict[str, Callable[..., None]] = {
    SavePlan.name: save_plan,
    SubmitPlan.name: submit_plan,
    ApprovePlan.name: approve_plan,
    ReturnPlan.name: return_plan,
    DeletePlan.name: delete_plan,
}
"""Registered in ``apply_command._HANDLERS``."""
