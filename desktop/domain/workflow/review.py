"""Review chains: 经办岗 submits, reviewers approve step by step, any step may return (退回).

One engine for every review the manual describes:

* plan filing (1.3.1.1, 1.3.3): 内部审核岗 → 主管预算单位 (when the collector is not one) →
  监管部门初核 → 监管部门复核 (集采机构), then the plan number (:mod:`plan_review`);
* announcement publishing (1.3.1.2 (3)): "经办岗人员编辑公告经内部岗审核通过，发布公告内容";
* framework agreement filing (1.3.1.4 (3)): 经办岗 备案 → 内部审核岗.

Separation of duties (DESIGN.md "Roles"): the account that submitted never approves or returns
the submission, and one account approves at most one step of a round. A return sends the record
back to the 经办岗 with a reason; a resubmission starts the chain again from the first step.

States::

    待提交 --submit--> 审核中(step 1) --approve--> … 审核中(step n) --approve--> 审核通过
                         |  any step --return(reason)--> 已退回 --submit--> 审核中(step 1)
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace

from desktop.domain.workflow.common import (
    Actor,
    Post,
    Transition,
    TransitionRefused,
    UserType,
    WorkflowEvent,
    require_reason,
)

__all__ = [
    "FlowStatus",
    "ReviewAction",
    "ReviewFlow",
    "ReviewStep",
    "approve",
    "check_reviewer",
    "return_for_changes",
    "submit",
]


class ReviewStep(enum.StrEnum):
    INTERNAL = "内部审核岗审核"
    SUPERVISOR = "主管预算单位审核"
    REGULATOR_FIRST = "监管部门初核"
    REGULATOR_SECOND = "监管部门复核"


class FlowStatus(enum.StrEnum):
    DRAFT = "待提交"
    IN_REVIEW = "审核中"
    RETURNED = "已退回"
    APPROVED = "审核通过"

    @property
    def editable(self) -> bool:
        """The 经办岗 may change the record (a draft, or one returned for changes)."""
        return self in (FlowStatus.DRAFT, FlowStatus.RETURNED)


class ReviewAction(enum.StrEnum):
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


@dataclass(frozen=True)
class ReviewFlow:
    """Where a record stands in its chain, and who acted in the current round."""

    subject_id: str
    owner_unit_id: str
    """The unit whose 经办岗 fills in and submits (and whose 审核岗 does the internal review)."""
    steps: tuple[ReviewStep, ...]
    status: FlowStatus = FlowStatus.DRAFT
    current: int = 0
    submitter_account_id: str = ""
    approved_by: tuple[str, ...] = ()
    """Accounts that approved the steps before ``current`` in this round, in order."""
    supervisor_unit_id: str | None = None
    regulator_unit_id: str | None = None
    return_reason: str = ""

    def __post_init__(self) -> None:
        if not self.steps or len(set(self.steps)) != len(self.steps):
            raise ValueError("a review chain needs at least one step and no step twice")

    @property
    def pending_step(self) -> ReviewStep | None:
        return self.steps[self.current] if self.status is FlowStatus.IN_REVIEW else None

    @property
    def is_last_step(self) -> bool:
        """True while the pending step is the last: approving it completes the chain."""
        return self.status is FlowStatus.IN_REVIEW and self.current == len(self.steps) - 1

    @property
    def state_label(self) -> str:
        """The status column's text: 待提交, 待内部审核岗审核, 待监管部门复核, 已退回, 审核通过."""
        step = self.pending_step
        return f"待{step.value}" if step is not None else self.status.value


def _refuse(code: str, message: str, message_en: str) -> TransitionRefused:
    return TransitionRefused(code, message, message_en)


def _event(flow: ReviewFlow, new: ReviewFlow, action: ReviewAction, actor: Actor, at: dt.datetime,
           reason: str = "", step: ReviewStep | None = None) -> WorkflowEvent:
    detail = (("step", step.value),) if step is not None else ()
    return WorkflowEvent(flow.subject_id, action.value, flow.state_label, new.state_label, actor.account_id,
                         actor.unit_id, at, reason, detail)


def submit(flow: ReviewFlow, actor: Actor, at: dt.datetime) -> Transition[ReviewFlow]:
    """The owner unit's 经办岗 submits a draft or a returned record; the chain starts at step 1."""
    if not flow.status.editable:
        raise _refuse("not_editable", f"当前状态为“{flow.state_label}”，不能提交",
                      f"cannot submit in {flow.status.name}")
    if actor.unit_id != flow.owner_unit_id:
        raise _refuse("other_unit", "只能办理本单位的事项", "only records of the caller's own unit")
    if actor.post is not Post.HANDLER:
        raise _refuse("post_not_handler", "只有经办岗可以填报并提交", "only a handler post may submit")
    new = replace(flow, status=FlowStatus.IN_REVIEW, current=0, submitter_account_id=actor.account_id,
                  approved_by=(), return_reason="")
    return Transition(new, _event(flow, new, ReviewAction.SUBMIT, actor, at))


def check_reviewer(flow: ReviewFlow, actor: Actor) -> ReviewStep:
    """The pending step if ``actor`` may approve or return it; else :class:`TransitionRefused`."""
    step = flow.pending_step
    if step is None:
        raise _refuse("not_in_review", f"当前状态为“{flow.state_label}”，没有待审核的事项",
                      f"nothing to review in {flow.status.name}")
    if actor.account_id == flow.submitter_account_id:
        raise _refuse("own_submission", "不能审核本人提交的事项", "an account cannot approve its own submission")
    if actor.account_id in flow.approved_by:
        raise _refuse("already_reviewed", "同一账号不能重复审核同一事项（初核与复核须由不同人员办理）",
                      "one account reviews one step of a round only")
    if step is ReviewStep.INTERNAL:
        _require_unit(actor, flow.owner_unit_id, "只能审核本单位的事项")
        _require_reviewer_post(actor, step)
    elif step is ReviewStep.SUPERVISOR:
        _require_unit(actor, flow.supervisor_unit_id, "需由征集人的主管预算单位审核")
        _require_reviewer_post(actor, step)
    else:
        if actor.user_type is not UserType.REGULATOR:
            raise _refuse("not_regulator", f"{step.value}需由监管部门办理", "a regulator account is required")
        if flow.regulator_unit_id is not None:
            _require_unit(actor, flow.regulator_unit_id, "需由本级财政（监管）部门审核")
    return step


def _require_unit(actor: Actor, unit_id: str | None, message: str) -> None:
    if unit_id is None or actor.unit_id != unit_id:
        raise _refuse("other_unit", message, "the actor's unit may not review this step")


def _require_reviewer_post(actor: Actor, step: ReviewStep) -> None:
    if actor.post is not Post.REVIEWER:
        raise _refuse("post_not_reviewer", f"只有审核岗可以办理{step.value}", "only a reviewer post may review")


def approve(flow: ReviewFlow, actor: Actor, at: dt.datetime) -> Transition[ReviewFlow]:
    """Approve the pending step; after the last step the flow is 审核通过."""
    step = check_reviewer(flow, actor)
    approved_by = (*flow.approved_by, actor.account_id)
    if flow.current + 1 < len(flow.steps):
        new = replace(flow, current=flow.current + 1, approved_by=approved_by)
    else:
        new = replace(flow, status=FlowStatus.APPROVED, approved_by=approved_by)
    return Transition(new, _event(flow, new, ReviewAction.APPROVE, actor, at, step=step))


def return_for_changes(flow: ReviewFlow, actor: Actor, at: dt.datetime, reason: str) -> Transition[ReviewFlow]:
    """退回: the reviewer of the pending step sends the record back to the 经办岗 with a reason."""
    step = check_reviewer(flow, actor)
    text = require_reason(reason)
    new = replace(flow, status=FlowStatus.RETURNED, current=0, approved_by=(), return_reason=text)
    return Transition(new, _event(flow, new, ReviewAction.RETURN, actor, at, text, step))
