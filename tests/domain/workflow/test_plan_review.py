"""计划备案 review chains (seed manual 1.3.1.1 第一步–第四步, 1.3.3) and separation of duties."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.common import FormInvalid, TransitionRefused
from desktop.domain.workflow.plan_review import (
    PlanFiling,
    approve_plan,
    history_labels,
    new_plan_filing,
    parse_plan_number,
    plan_number,
    return_plan,
    submit_plan,
)
from desktop.domain.workflow.review import FlowStatus, ReviewStep

from .helpers import AT, actor, central_draft, subordinate_draft, supervising_draft

HANDLER = actor("h1", "u-sft")
REVIEWER = actor("r1", "u-sft", Post.REVIEWER)


def _submitted_supervising() -> PlanFiling:
    filing = new_plan_filing("p1", supervising_draft(), 2025)
    return submit_plan(filing, supervising_draft(), HANDLER, AT).record


def test_supervising_unit_chain_is_internal_review_then_number() -> None:
    filing = new_plan_filing("p1", supervising_draft(), 2025)
    assert filing.state_label == "待提交"
    step = submit_plan(filing, supervising_draft(), HANDLER, AT)
    assert step.record.state_label == "待内部审核岗审核"
    assert (step.event.action, step.event.from_state, step.event.actor_account_id) == ("submit", "待提交", "h1")
    done = approve_plan(step.record, REVIEWER, AT, sequence=12)
    assert done.record.number == "KJXY-410000-2025-00012"
    assert done.record.state_label == "已生成计划编号"
    assert done.event.to_state == "已生成计划编号"
    assert ("plan_number", "KJXY-410000-2025-00012") in done.event.detail
    assert not done.record.push_to_trading_system


def test_interop_plan_is_pushed_once_numbered() -> None:
    draft = supervising_draft(trading_platform="河南省公共资源交易系统")
    filing = submit_plan(new_plan_filing("p1", draft, 2025), draft, HANDLER, AT).record
    assert not filing.push_to_trading_system
    assert approve_plan(filing, REVIEWER, AT, sequence=1).record.push_to_trading_system


def test_subordinate_unit_needs_its_supervising_unit() -> None:
    draft = subordinate_draft()
    filing = new_plan_filing("p2", draft, 2025)
    assert filing.flow.steps == (ReviewStep.INTERNAL, ReviewStep.SUPERVISOR)
    filing = submit_plan(filing, draft, actor("h2", "u-sub"), AT).record
    filing = approve_plan(filing, actor("r2", "u-sub", Post.REVIEWER), AT).record
    assert filing.state_label == "待主管预算单位审核"
    with pytest.raises(TransitionRefused) as info:
        approve_plan(filing, actor("r2b", "u-sub", Post.REVIEWER), AT, sequence=1)
    assert info.value.code == "other_unit"
    assert info.value.message == "需由征集人的主管预算单位审核"
    with pytest.raises(TransitionRefused) as info:
        approve_plan(filing, actor("h9", "u-sft", Post.HANDLER), AT, sequence=1)
    assert info.value.code == "post_not_reviewer"
    done = approve_plan(filing, actor("r9", "u-sft", Post.REVIEWER), AT, sequence=3).record
    assert done.number == "KJXY-410000-2025-00003"


def test_central_agency_chain_has_regulator_first_and_second_review() -> None:
    draft = central_draft()
    filing = new_plan_filing("p3", draft, 2025, regulator_unit_id="u-czj")
    filing = submit_plan(filing, draft, actor("h3", "u-zzjc"), AT).record
    filing = approve_plan(filing, actor("r3", "u-zzjc", Post.REVIEWER), AT).record
    assert filing.state_label == "待监管部门初核"
    purchaser = actor("x", "u-czj", Post.REVIEWER)
    with pytest.raises(TransitionRefused) as info:
        approve_plan(filing, purchaser, AT)
    assert info.value.code == "not_regulator"
    wrong_office = actor("g0", "u-other", Post.HANDLER, UserType.REGULATOR)
    with pytest.raises(TransitionRefused):
        approve_plan(filing, wrong_office, AT)
    first = actor("g1", "u-czj", Post.HANDLER, UserType.REGULATOR)
    filing = approve_plan(filing, first, AT).record
    assert filing.state_label == "待监管部门复核"
    with pytest.raises(TransitionRefused) as info:
        approve_plan(filing, first, AT, sequence=1)
    assert info.value.code == "already_reviewed"
    second = actor("g2", "u-czj", Post.REVIEWER, UserType.REGULATOR)
    with pytest.raises(ValueError):
        approve_plan(filing, second, AT)  # the server must reserve a sequence for the last step
    done = approve_plan(filing, second, AT, sequence=7).record
    assert done.number == "KJXY-410100-2025-00007"
    assert done.flow.approved_by == ("r3", "g1", "g2")


def test_nobody_approves_their_own_submission() -> None:
    both = actor("h1", "u-sft", Post.REVIEWER)  # same account id as the submitter
    with pytest.raises(TransitionRefused) as info:
        approve_plan(_submitted_supervising(), both, AT, sequence=1)
    assert info.value.code == "own_submission"
    assert info.value.message == "不能审核本人提交的事项"


def test_only_the_collectors_handler_submits() -> None:
    filing = new_plan_filing("p1", supervising_draft(), 2025)
    with pytest.raises(TransitionRefused) as info:
        submit_plan(filing, supervising_draft(), REVIEWER, AT)
    assert info.value.code == "post_not_handler"
    with pytest.raises(TransitionRefused) as info:
        submit_plan(filing, supervising_draft(), actor("h5", "u-else"), AT)
    assert info.value.code == "other_unit"
    with pytest.raises(TransitionRefused) as info:
        submit_plan(filing, central_draft(), HANDLER, AT)
    assert info.value.code == "plan_collector_changed"


def test_an_invalid_draft_cannot_be_submitted() -> None:
    filing = new_plan_filing("p1", supervising_draft(), 2025)
    with pytest.raises(FormInvalid) as info:
        submit_plan(filing, supervising_draft(annual_budget=Decimal(1)), HANDLER, AT)
    assert info.value.codes == ("budget_below_threshold",)


def test_return_needs_a_reason_and_resubmission_restarts_the_chain() -> None:
    filing = _submitted_supervising()
    with pytest.raises(TransitionRefused) as info:
        return_plan(filing, REVIEWER, AT, "  ")
    assert info.value.code == "return_reason_required"
    returned = return_plan(filing, REVIEWER, AT, "预算金额有误")
    assert returned.record.state_label == "已退回"
    assert returned.record.flow.return_reason == "预算金额有误"
    assert returned.event.reason == "预算金额有误"
    assert returned.event.detail == (("step", "内部审核岗审核"),)
    with pytest.raises(TransitionRefused) as info:
        approve_plan(returned.record, REVIEWER, AT, sequence=1)
    assert info.value.code == "not_in_review"
    again = submit_plan(returned.record, supervising_draft(), HANDLER, AT).record
    assert again.state_label == "待内部审核岗审核" and again.flow.return_reason == ""
    assert history_labels((returned.event,)) == ("待内部审核岗审核 → 已退回（r1）：预算金额有误",)


def test_cannot_submit_twice() -> None:
    with pytest.raises(TransitionRefused) as info:
        submit_plan(_submitted_supervising(), supervising_draft(), HANDLER, AT)
    assert info.value.code == "not_editable"


def test_plan_number_format_and_errors() -> None:
    assert plan_number("410100", 2025, 1) == "KJXY-410100-2025-00001"
    assert plan_number("410100", 2025, 123456) == "KJXY-410100-2025-123456"
    for bad in (("4101", 2025, 1), ("410100", 25, 1), ("410100", 2025, 0)):
        with pytest.raises(ValueError):
            plan_number(*bad)
    with pytest.raises(ValueError):
        parse_plan_number("KJXY-410100-2025-1")


@given(st.from_regex(r"\A[0-9]{6}\Z"), st.integers(1000, 9999), st.integers(1, 10**8))
def test_plan_number_round_trips_so_it_is_unique(region: str, year: int, sequence: int) -> None:
    assert parse_plan_number(plan_number(region, year, sequence)) == (region, year, sequence)


ACCOUNTS = [actor("h3", "u-zzjc"), actor("h4", "u-zzjc"), actor("r3", "u-zzjc", Post.REVIEWER),
            actor("r4", "u-zzjc", Post.REVIEWER), actor("g1", "u-czj", Post.HANDLER, UserType.REGULATOR),
            actor("g2", "u-czj", Post.REVIEWER, UserType.REGULATOR)]


@given(st.lists(st.tuples(st.sampled_from(["submit", "approve", "return"]), st.sampled_from(ACCOUNTS)),
                max_size=30))
def test_any_sequence_keeps_separation_of_duties(script: list[tuple[str, object]]) -> None:
    draft = central_draft()
    filing = new_plan_filing("p", draft, 2025, regulator_unit_id="u-czj")
    sequence = 0
    for action, who in script:
        try:
            if action == "submit":
                filing = submit_plan(filing, draft, who, AT).record  # type: ignore[arg-type]
            elif action == "approve":
                sequence += 1
                filing = approve_plan(filing, who, AT, sequence=sequence).record  # type: ignore[arg-type]
            else:
                filing = return_plan(filing, who, AT, "退回").record  # type: ignore[arg-type]
        except TransitionRefused:
            continue
        flow = filing.flow
        assert flow.submitter_account_id not in flow.approved_by
        assert len(set(flow.approved_by)) == len(flow.approved_by)
        assert (filing.number is not None) == (flow.status is FlowStatus.APPROVED)
        if filing.number is not None:
            assert flow.approved_by[0] in ("r3", "r4") and set(flow.approved_by[1:]) == {"g1", "g2"}
            filing = replace(filing)  # a numbered plan accepts no further action
            for who2 in ACCOUNTS:
                with pytest.raises(TransitionRefused):
                    approve_plan(filing, who2, AT, sequence=99)
            break
