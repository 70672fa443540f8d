"""计划备案 review chain and plan number (seed manual 1.3.1.1 第一步–第四步, 1.3.3 第一步–第四步).

* 主管预算单位: 经办岗 填报 → 内部审核岗审核 → 计划编号;
* 其他预算单位: … → 内部审核岗 → 其主管预算单位审核 (第三步（如有）) → 计划编号;
* 集采机构: … → 内部审核岗 → 监管部门初核 → 监管部门复核 → 计划编号.

Every step may return the plan with a reason (:func:`return_plan`). The number is a pure function
of region, year and a sequence the caller (the server) reserves. For 互认互通 projects the plan is
pushed to the trading system once it has its number (manual 1.3.1.1 注意).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from desktop.domain.workflow import review
from desktop.domain.workflow.common import Actor, Transition, TransitionRefused, WorkflowEvent
from desktop.domain.workflow.plan import CollectorIdentity, PlanDraft, validate_plan
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdTable

__all__ = [
    "PlanFiling",
    "approve_plan",
    "history_labels",
    "new_plan_filing",
    "parse_plan_number",
    "plan_number",
    "plan_review_steps",
    "return_plan",
    "submit_plan",
]

_STEPS: dict[CollectorIdentity, tuple[ReviewStep, ...]] = {
    CollectorIdentity.SUPERVISING_BUDGET_UNIT: (ReviewStep.INTERNAL,),
    CollectorIdentity.SUBORDINATE_BUDGET_UNIT: (ReviewStep.INTERNAL, ReviewStep.SUPERVISOR),
    CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY: (ReviewStep.INTERNAL, ReviewStep.REGULATOR_FIRST,
                                                  ReviewStep.REGULATOR_SECOND),
}


def plan_review_steps(identity: CollectorIdentity) -> tuple[ReviewStep, ...]:
    return _STEPS[identity]


_NUMBER = re.compile(r"\AKJXY-([0-9]{6})-([0-9]{4})-([0-9]{5,})\Z")


def plan_number(region_code: str, year: int, sequence: int) -> str:
    """The 计划编号: ``KJXY-<region>-<year>-<sequence, 5 digits or more>``, e.g. KJXY-410100-2025-00012.

    Unique as long as the caller never reuses (region, year, sequence): the mapping is injective.
    """
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region code must have 6 digits: {region_code!r}")
    if not 1000 <= year <= 9999:
        raise ValueError(f"year out of range: {year}")
    if sequence < 1:
        raise ValueError(f"sequence starts at 1: {sequence}")
    return f"KJXY-{region_code}-{year:04d}-{sequence:05d}"


def parse_plan_number(number: str) -> tuple[str, int, int]:
    """(region, year, sequence) of a number made by :func:`plan_number`; ``ValueError`` otherwise."""
    match = _NUMBER.match(number)
    if match is None:
        raise ValueError(f"not a plan number: {number!r}")
    return match[1], int(match[2]), int(match[3])


@dataclass(frozen=True)
class PlanFiling:
    """A plan on its way through the chain; ``number`` is set once the last step approves."""

    plan_id: str
    identity: CollectorIdentity
    region_code: str
    budget_year: int
    flow: ReviewFlow
    is_interop: bool = False
    number: str | None = None

    @property
    def state_label(self) -> str:
        return "已生成计划编号" if self.number else self.flow.state_label

    @property
    def push_to_trading_system(self) -> bool:
        """互认互通 project with a number: the plan goes to the trading system for 项目受理."""
        return self.is_interop and self.number is not None


def new_plan_filing(plan_id: str, draft: PlanDraft, budget_year: int,
                    regulator_unit_id: str | None = None) -> PlanFiling:
    """A draft filing for ``draft``'s collector, with the chain its identity requires."""
    supervisor = draft.supervising_unit.unit_id if draft.supervising_unit else None
    flow = ReviewFlow(plan_id, draft.collector.unit_id, plan_review_steps(draft.identity),
                      supervisor_unit_id=supervisor, regulator_unit_id=regulator_unit_id)
    return PlanFiling(plan_id, draft.identity, draft.region.code, budget_year, flow, draft.is_interop)


def _with_flow(filing: PlanFiling, step: Transition[ReviewFlow], number: str | None = None
               ) -> Transition[PlanFiling]:
    new = replace(filing, flow=step.record, number=number or filing.number)
    event = step.event
    if number:
        event = replace(event, to_state=new.state_label, detail=(*event.detail, ("plan_number", number)))
    return Transition(new, event)


def submit_plan(filing: PlanFiling, draft: PlanDraft, actor: Actor, at: dt.datetime,
                thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> Transition[PlanFiling]:
    """第一步: the collector's 经办岗 submits; the draft must pass :func:`validate_plan` first."""
    if draft.collector.unit_id != filing.flow.owner_unit_id or draft.identity is not filing.identity:
        raise TransitionRefused("plan_collector_changed", "征集人或征集人身份与备案记录不一致，请重新新增计划备案",
                                "the collector or its identity differs from the filing")
    validate_plan(draft, thresholds)
    return _with_flow(filing, review.submit(filing.flow, actor, at))


def approve_plan(filing: PlanFiling, actor: Actor, at: dt.datetime, sequence: int | None = None
                 ) -> Transition[PlanFiling]:
    """Approve the pending step. On the last step pass the reserved ``sequence``: the number is made."""
    last = filing.flow.is_last_step
    if last and sequence is None:
        raise ValueError("the last approval needs the reserved plan-number sequence")
    step = review.approve(filing.flow, actor, at)
    if step.record.status is FlowStatus.APPROVED and sequence is not None:
        return _with_flow(filing, step, plan_number(filing.region_code, filing.budget_year, sequence))
    return _with_flow(filing, step)


def return_plan(filing: PlanFiling, actor: Actor, at: dt.datetime, reason: str) -> Transition[PlanFiling]:
    """退回 by the reviewer of the pending step, with a reason; the 经办岗 edits and resubmits."""
    return _with_flow(filing, review.return_for_changes(filing.flow, actor, at, reason))


def history_labels(events: tuple[WorkflowEvent, ...]) -> tuple[str, ...]:
    """One line per event for the 审核记录 panel, e.g. "待内部审核岗审核 → 审核通过（u2）"."""
    return tuple(f"{e.from_state} → {e.to_state}（{e.actor_account_id}）" + (f"：{e.reason}" if e.reason else "")
                 for e in events)
