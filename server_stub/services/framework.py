"""What the framework-agreement services after plan filing share (issue 7): the plan as the later
steps see it, who acts, refusals with the domain's wording, and review-history entries.

Used by :mod:`announcements` (信息发布), :mod:`shortlist` (入围供应商管理) and :mod:`agreements`
(框架协议备案).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.agreement_records import ReviewEventRecord
from desktop.domain.plan_records import PlanProblemRecord, PlanWarningRecord
from desktop.domain.protocol import to_json
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.common import Actor, FormInvalid, Problem, RuleWarning, WorkflowError, WorkflowEvent
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.plan import CollectorIdentity, Party
from desktop.domain.workflow.plan_review import PlanFiling, plan_review_steps
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from server_stub.models import Account, FrameworkPlan, Unit
from server_stub.services.command_base import CommandRejected

WORKFLOW_USER_TYPES = (UserType.PURCHASER.value, UserType.AGENCY.value)


def refused(exc: WorkflowError, form_label: str = "") -> CommandRejected:
    """A domain refusal as the command's answer (a form's problems listed after ``form_label``)."""
    if isinstance(exc, FormInvalid):
        return problems_refused(exc.problems, form_label)
    return CommandRejected(exc.code, exc.message, exc.message_en)


def problems_refused(problems: Iterable[Problem], form_label: str) -> CommandRejected:
    listed = tuple(problems)
    prefix = f"{form_label}不符合要求：" if form_label else ""
    return CommandRejected(listed[0].code, prefix + "；".join(p.message for p in listed),
                           "; ".join(p.message_en for p in listed))


def problem_rows(problems: Iterable[Problem]) -> list[dict[str, Any]]:
    return [to_json(PlanProblemRecord(p.code, p.field, p.message)) for p in problems]


def warning_rows(warnings: Iterable[RuleWarning]) -> list[dict[str, Any]]:
    return [to_json(PlanWarningRecord(w.code, w.message, w.source)) for w in warnings]


def actor(account: Account) -> Actor:
    return Actor(account.id, account.unit_id, UserType(account.user_type), Post(account.post), account.username)


def numbered_plan(session: Session, plan_id: str) -> FrameworkPlan:
    plan = session.get(FrameworkPlan, plan_id)
    if plan is None or plan.deleted_at is not None:
        raise CommandRejected("plan_unknown", f"计划备案“{plan_id}”不存在或已删除", f"plan {plan_id} not found")
    return plan


def agreement_form(plan: FrameworkPlan) -> AgreementForm:
    return AgreementForm(plan.form.get("form", AgreementForm.CLOSED.value))


def is_interop(plan: FrameworkPlan) -> bool:
    return plan.form.get("trading_platform") is not None


def plan_filing(plan: FrameworkPlan) -> PlanFiling:
    """The plan as the later steps need it: its number and whether it is 互认互通."""
    identity = CollectorIdentity(plan.identity)
    flow = ReviewFlow(plan.id, plan.collector_unit_id, plan_review_steps(identity), status=FlowStatus(plan.status))
    return PlanFiling(plan.id, identity, plan.region_code, plan.budget_year, flow, is_interop=is_interop(plan),
                      number=plan.number)


def agency_unit_id(plan: FrameworkPlan) -> str | None:
    """The entrusted agency when it is another unit than the collector."""
    agency = plan.form.get("agency_unit_id")
    return agency if agency and agency != plan.collector_unit_id else None


def unit(session: Session, unit_id: str) -> Unit:
    row = session.get(Unit, unit_id)
    assert row is not None, unit_id
    return row


def party(row: Unit) -> Party:
    return Party(row.id, row.name, row.credit_code)


def require_workflow_account(account: Account, what: str) -> None:
    if account.user_type not in WORKFLOW_USER_TYPES:
        raise CommandRejected("account_type_not_allowed", f"{what}需使用征集人的采购人账号或其委托代理机构的账号办理",
                              "a purchaser or agency account is required")


def flow_of(row: Any, steps: tuple[ReviewStep, ...] = (ReviewStep.INTERNAL,)) -> ReviewFlow:
    """The review flow stored on an announcement or agreement-filing row."""
    return ReviewFlow(row.id, getattr(row, "owner_unit_id", None) or row.collector_unit_id, steps,
                      status=FlowStatus(row.status), current=row.current_step,
                      submitter_account_id=row.submitter_account_id or "", approved_by=tuple(row.approved_by),
                      return_reason=row.return_reason)


def store_flow(row: Any, flow: ReviewFlow) -> None:
    row.status, row.current_step = flow.status.value, flow.current
    row.submitter_account_id = flow.submitter_account_id or None
    row.approved_by, row.return_reason = list(flow.approved_by), flow.return_reason


def add_history(row: Any, event: WorkflowEvent, submission: int, account: Account) -> None:
    entry = ReviewEventRecord(at=event.at, action=event.action, from_state=event.from_state, to_state=event.to_state,
                              actor_account_id=event.actor_account_id, actor_unit_id=event.actor_unit_id,
                              submission=submission, reason=event.reason, actor_name=account.username)
    row.history = [*row.history, to_json(entry)]


def history(row: Any) -> list[ReviewEventRecord]:
    from desktop.domain.protocol import from_json

    return [from_json(ReviewEventRecord, e) for e in row.history]


def pending_as_seen(row: Any, submission: int, label: str, state_label: str) -> None:
    """The reviewer's command names the round pending now (an offline reviewer never approves a later one)."""
    if row.submission != submission or row.status != FlowStatus.IN_REVIEW.value:
        raise CommandRejected(f"{label}_changed", f"当前状态为“{state_label}”，已不是您审核时的状态，请同步后重新查看",
                              "the record is no longer at the step the reviewer saw")


def date_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None
