"""Who may do what with a plan, as the buttons need it (pure; the server enforces the same).

The review check is the domain's own :func:`desktop.domain.workflow.review.check_reviewer` on the
record's flow, so a button is disabled with exactly the reason the server would give (不能审核本人
提交的事项, 初核与复核须由不同人员办理 …). Handler-side refusals come back as codes the page words.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QCoreApplication

from desktop.domain.plan_commands import ApprovePlan, DeletePlan, ReturnPlan, SubmitPlan
from desktop.domain.plan_records import PlanRecord
from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.common import Actor, TransitionRefused
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep, check_reviewer
from desktop.store.outbox import OutboxEntry
from desktop.store.plans import PlanRow

PROBLEM_FIELDS = {
    "project_name": "project_name", "collector": "identity", "supervising_unit": "identity",
    "agency_type": "agency_type", "agency": "agency", "category": "category", "items": "items",
    "scope": "scope", "annual_budget": "annual_budget", "trading_platform": "trading_platform",
    "validity_end": "validity", "form": "general",
}
"""Problem.field (desktop.domain.workflow.plan) -> the form row that shows it."""

WARNING_FIELDS = {
    "open_form_without_ground": "form", "open_form_ground_mismatch": "form", "validity_too_long": "validity",
    "elimination_rate_missing": "elimination_rate", "elimination_rate_low": "elimination_rate",
}
"""RuleWarning.code (desktop.domain.workflow.order110) -> the form row that shows it."""


class HandlerRefusal(enum.Enum):
    NOT_LOGGED_IN = "not_logged_in"
    NOT_HANDLER = "not_handler"
    NOT_PURCHASER = "not_purchaser"
    NO_IDENTITY = "no_identity"
    NOT_SYNCED = "not_synced"


def handler_refusal(account: AccountInfo | None) -> HandlerRefusal | None:
    """Why this account cannot 【新增】 / 【修改】 / 【提交】 plans (None: it can)."""
    if account is None:
        return HandlerRefusal.NOT_LOGGED_IN
    if account.user_type != UserType.PURCHASER.value:
        return HandlerRefusal.NOT_PURCHASER
    if account.post != Post.HANDLER.value:
        return HandlerRefusal.NOT_HANDLER
    return None


def own_plan(row: PlanRow, account: AccountInfo | None) -> bool:
    return account is not None and row.collector_unit_id == account.unit_id


def editable(row: PlanRow) -> bool:
    return row.status in (FlowStatus.DRAFT.value, FlowStatus.RETURNED.value)


def submitting(row: PlanRow) -> bool:
    """A 提交 or 删除 of this plan waits in the outbox: nothing more until it has been synced."""
    return SubmitPlan.name in row.pending or DeletePlan.name in row.pending


def deletable(row: PlanRow) -> bool:
    """Only a draft never submitted (the server keeps a submitted plan's history)."""
    return row.status == FlowStatus.DRAFT.value and row.submission == 0


def flow_of(record: PlanRecord, plan_id: str) -> ReviewFlow:
    steps = tuple(ReviewStep(s) for s in record.steps)
    status = FlowStatus(record.status)
    current = steps.index(ReviewStep(record.pending_step)) if record.pending_step in record.steps else 0
    return ReviewFlow(plan_id, record.collector_unit_id, steps, status=status, current=current,
                      submitter_account_id=record.submitter_account_id, approved_by=tuple(record.approved_by),
                      supervisor_unit_id=record.supervising_unit_id, regulator_unit_id=record.regulator_unit_id,
                      return_reason=record.return_reason)


def review_refusal(record: PlanRecord, plan_id: str, account: AccountInfo | None,
                   pending: tuple[OutboxEntry, ...] = ()) -> str | None:
    """Why ``account`` cannot 审核通过 / 退回 the pending step now (None: it can), in the domain's words."""
    if account is None:
        return QCoreApplication.translate("PlanRules", "请先登录")
    if record.pending_step is None:
        return QCoreApplication.translate("PlanRules", "当前状态为“{state}”，没有待审核的事项").format(
            state=record.state_label)
    for entry in pending:
        payload = entry.envelope.payload
        if entry.envelope.name in (ApprovePlan.name, ReturnPlan.name) and payload.get("step") == record.pending_step \
                and payload.get("submission") == record.submission:
            return QCoreApplication.translate("PlanRules", "已办理本环节，等待同步到服务器")
    try:
        actor = Actor(account.account_id, account.unit_id, UserType(account.user_type), Post(account.post))
        step = check_reviewer(flow_of(record, plan_id), actor)
    except TransitionRefused as exc:
        return exc.message
    except ValueError:
        return QCoreApplication.translate("PlanRules", "当前账号不能办理计划备案审核")
    if step in (ReviewStep.INTERNAL, ReviewStep.SUPERVISOR) and actor.user_type is not UserType.PURCHASER:
        return QCoreApplication.translate(
            "PlanRules", "框架协议计划备案需使用本单位的采购人账号登录办理（集采机构也使用其单位的采购人账号）")
    return None
