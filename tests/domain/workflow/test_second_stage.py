"""二阶段 and joining an open agreement (desktop.domain.workflow.second_stage): every rule, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.roles import Post, UserType
from desktop.domain.workflow import second_stage as ss
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import Actor, Category, WorkflowError
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.suppliers import supplier_info

from .helpers import ZHENGZHOU, actor, credit_code

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # Friday, 17:00 in Henan
HOUR = dt.timedelta(hours=1)
S1 = supplier_info("甲律师事务所", credit_code(21, "31410000"))
S2 = supplier_info("乙律师事务所", credit_code(22, "31410000"))
S3 = supplier_info("丙律师事务所", credit_code(23, "31410000"))
NEWCOMER = supplier_info("丁科技有限公司", credit_code(24, "91410100"))

# the purchaser 郑州市第一中学 (under 郑州市教育局), its posts; the collector 郑州市教育局
PURCHASER = ss.Purchaser("u-yz", "郑州市第一中学", "410105", "u-jyj")
HANDLER = actor("yz-jb", "u-yz")
REVIEWER = actor("yz-sh", "u-yz", Post.REVIEWER)
COLLECTOR_REVIEWER = actor("jyj-sh", "u-jyj", Post.REVIEWER)


def supplier_actor(account: str, unit: str = "u-s") -> Actor:
    return Actor(account, unit, UserType.SUPPLIER, Post.HANDLER)


def terms(method: SecondStageMethod | None = None, **changes: object) -> ss.AgreementTerms:
    form = changes.pop("form", AgreementForm.CLOSED)
    assert isinstance(form, AgreementForm)
    base = ss.AgreementTerms("p1", "KJXY-410100-2026-00001", "法律顾问服务", form, ss.second_stage_method(form, method),
                             "u-jyj", "郑州市教育局", (S1, S2, S3), price_ceiling=Decimal(280000),
                             category=Category.SERVICES, validity_start=dt.date(2026, 3, 1),
                             validity_end=dt.date(2028, 2, 28))
    return replace(base, **changes)  # type: ignore[arg-type]


def started(agreement: ss.AgreementTerms) -> ss.SecondStage:
    return ss.new_second_stage("s1", agreement, PURCHASER, HANDLER, "2027年度法律顾问", NOW).record


def refusal(code: str, call: object, *args: object) -> str:
    with pytest.raises(WorkflowError) as info:
        call(*args)  # type: ignore[operator]
    assert info.value.code == code, (info.value.code, info.value.message)
    assert info.value.message and info.value.message_en
    return info.value.message


# --- the agreement: method, suppliers, scope, validity ------------------------------------------------

def test_the_method_is_the_one_fixed_at_collection() -> None:
    closed, open_ = AgreementForm.CLOSED, AgreementForm.OPEN
    assert ss.second_stage_method(closed, None) is SecondStageMethod.DIRECT_SELECTION  # the default
    assert ss.second_stage_method(closed, SecondStageMethod.ROTATION) is SecondStageMethod.ROTATION
    assert ss.second_stage_method(open_, SecondStageMethod.SECOND_BIDDING) is SecondStageMethod.DIRECT_SELECTION
    assert ss.method_warnings(closed, None) == ()
    assert [w.code for w in ss.method_warnings(open_, SecondStageMethod.ROTATION)] == [
        "open_agreement_direct_selection"]
    quality = ss.method_warnings(closed, SecondStageMethod.SECOND_BIDDING, Category.SERVICES,
                                 EvaluationMethod.QUALITY_PRIORITY)
    assert [w.code for w in quality] == ["second_bidding_quality_priority"]
    assert [w.code for w in ss.method_warnings(closed, SecondStageMethod.ROTATION, Category.GOODS)] == [
        "rotation_for_goods"]
    assert ss.method_warnings(closed, SecondStageMethod.ROTATION, Category.SERVICES) == ()


def test_current_suppliers_keep_the_agreements_order() -> None:
    assert ss.current_suppliers((S1, S2), (NEWCOMER, S1), removed=(S2.credit_code,)) == (S1, NEWCOMER)
    assert ss.require_supplier(terms(), S2.credit_code) == S2
    assert refusal("supplier_not_shortlisted", ss.require_supplier, terms(), NEWCOMER.credit_code) == \
        "二阶段只能从入围供应商中确定成交供应商"


def test_purchasers_in_the_scope() -> None:
    department = terms()  # a 主管预算单位's agreement: its own department
    ss.require_purchaser_in_scope(department, PURCHASER)
    ss.require_purchaser_in_scope(department, ss.Purchaser("u-jyj", "郑州市教育局", "410100"))
    message = refusal("purchaser_outside_scope", ss.require_purchaser_in_scope, department,
                      ss.Purchaser("u-mmj", "某某局", "410100"))
    assert "郑州市教育局及其所属预算单位" in message
    region = terms(scope=ZHENGZHOU)  # a 集采机构's agreement: 郑州市
    ss.require_purchaser_in_scope(region, ss.Purchaser("u-mmj", "某某局", "410100"))
    ss.require_purchaser_in_scope(region, PURCHASER)
    assert "郑州市" in refusal("purchaser_outside_scope", ss.require_purchaser_in_scope, region,
                               ss.Purchaser("u-kf", "开封某局", "410200"))


def test_only_within_the_validity_period() -> None:
    ss.require_in_validity(terms(), dt.date(2026, 3, 1))
    ss.require_in_validity(terms(), dt.date(2028, 2, 28))
    refusal("agreement_not_in_force", ss.require_in_validity, terms(), dt.date(2026, 2, 28))
    refusal("agreement_expired", ss.require_in_validity, terms(), dt.date(2028, 2, 29))
    ss.require_in_validity(terms(validity_start=None, validity_end=None), dt.date(2040, 1, 1))


def test_who_starts_a_second_stage() -> None:
    step = ss.new_second_stage("s1", terms(), PURCHASER, HANDLER, " 法律顾问 ", NOW)
    stage = step.record
    assert (stage.state_label, stage.method, stage.title, stage.filing.owner_unit_id) == (
        "待确定供应商", SecondStageMethod.DIRECT_SELECTION, "法律顾问", "u-yz")
    assert step.event.action == "create"
    refusal("post_not_handler", ss.new_second_stage, "s1", terms(), PURCHASER, REVIEWER, "x", NOW)
    refusal("purchaser_account_required", ss.new_second_stage, "s1", terms(), PURCHASER, supplier_actor("s"), "x",
            NOW)
    refusal("other_unit", ss.new_second_stage, "s1", terms(), PURCHASER, actor("mmj-jb", "u-mmj"), "x", NOW)
    refusal("purchaser_outside_scope", ss.new_second_stage, "s1", terms(), ss.Purchaser("u-mmj", "某某局", "410100"),
            actor("mmj-jb", "u-mmj"), "x", NOW)
    refusal("agreement_expired", ss.new_second_stage, "s1", terms(validity_end=dt.date(2026, 11, 26)), PURCHASER,
            HANDLER, "x", NOW)
    refusal("title_required", ss.new_second_stage, "s1", terms(), PURCHASER, HANDLER, " ", NOW)


# --- 直接选定 ------------------------------------------------------------------------------------------

def test_direct_selection() -> None:
    stage = started(terms())
    step = ss.select_supplier(stage, terms(), HANDLER, S2.credit_code, NOW)
    assert (step.record.state_label, step.record.supplier) == ("待合同备案", S2)
    refusal("second_stage_state", ss.select_supplier, step.record, terms(), HANDLER, S1.credit_code, NOW)
    refusal("supplier_not_shortlisted", ss.select_supplier, stage, terms(), HANDLER, NEWCOMER.credit_code, NOW)
    refusal("post_not_handler", ss.select_supplier, stage, terms(), REVIEWER, S1.credit_code, NOW)
    rotation = started(terms(SecondStageMethod.ROTATION))
    assert "顺序轮候" in refusal("method_mismatch", ss.select_supplier, rotation, terms(SecondStageMethod.ROTATION),
                               HANDLER, S1.credit_code, NOW)
    # an open agreement chooses directly, among the suppliers admitted since too
    open_terms = terms(SecondStageMethod.SECOND_BIDDING, form=AgreementForm.OPEN, suppliers=(S1, NEWCOMER))
    assert open_terms.method is SecondStageMethod.DIRECT_SELECTION
    picked = ss.select_supplier(started(open_terms), open_terms, HANDLER, NEWCOMER.credit_code, NOW).record
    assert picked.supplier == NEWCOMER


# --- 二次竞价 ------------------------------------------------------------------------------------------

BIDDING = terms(SecondStageMethod.SECOND_BIDDING)


def bidding(**changes: object) -> ss.SecondStage:
    stage = started(BIDDING)
    step, _ = ss.invite_bids(stage, BIDDING, HANDLER, [], NOW + 48 * HOUR, None, NOW)
    return replace(step.record, **changes)  # type: ignore[arg-type]


def test_invitation() -> None:
    stage = started(BIDDING)
    step, warnings = ss.invite_bids(stage, BIDDING, HANDLER, [], NOW + 48 * HOUR, None, NOW)
    assert (step.record.state_label, step.record.invited, step.record.ceiling) == (
        "竞价中", (S1.credit_code, S2.credit_code, S3.credit_code), Decimal(280000))
    assert warnings == ()
    step, warnings = ss.invite_bids(stage, BIDDING, HANDLER, [S1.credit_code], NOW + HOUR, Decimal(250000), NOW)
    assert (step.record.invited, step.record.ceiling) == ((S1.credit_code,), Decimal(250000))
    assert [w.code for w in warnings] == ["response_time_short", "single_bidder"]
    refusal("supplier_not_shortlisted", ss.invite_bids, stage, BIDDING, HANDLER, [NEWCOMER.credit_code],
            NOW + HOUR, None, NOW)
    refusal("bid_deadline_in_past", ss.invite_bids, stage, BIDDING, HANDLER, [], NOW, None, NOW)
    assert "280000" in refusal("ceiling_above_agreement_price", ss.invite_bids, stage, BIDDING, HANDLER, [],
                               NOW + HOUR, Decimal(300000), NOW)
    refusal("ceiling_invalid", ss.invite_bids, stage, BIDDING, HANDLER, [], NOW + HOUR, Decimal(0), NOW)
    no_price = replace(BIDDING, price_ceiling=None)  # a result with 最低入围分值: the invitation states it
    refusal("ceiling_required", ss.invite_bids, stage, no_price, HANDLER, [], NOW + HOUR, None, NOW)
    assert ss.invite_bids(stage, no_price, HANDLER, [], NOW + HOUR, Decimal(9), NOW)[0].record.ceiling == 9
    refusal("method_mismatch", ss.invite_bids, started(terms()), terms(), HANDLER, [], NOW + HOUR, None, NOW)
    refusal("second_stage_state", ss.invite_bids, step.record, BIDDING, HANDLER, [], NOW + HOUR, None, NOW)


def test_bids() -> None:
    stage = bidding()
    first = ss.submit_bid(stage, supplier_actor("s1"), S1.credit_code, Decimal(250000), NOW + HOUR)
    assert first.bids == (ss.Bid(S1.credit_code, Decimal(250000), NOW + HOUR),)
    assert "280000" in refusal("bid_above_agreement_price", ss.submit_bid, stage, supplier_actor("s2"),
                               S2.credit_code, Decimal("280000.01"), NOW)
    ss.submit_bid(stage, supplier_actor("s2"), S2.credit_code, Decimal(280000), NOW)  # equal is allowed
    refusal("bid_already_submitted", ss.submit_bid, first, supplier_actor("s1"), S1.credit_code, Decimal(1), NOW)
    refusal("bid_deadline_passed", ss.submit_bid, stage, supplier_actor("s2"), S2.credit_code, Decimal(1),
            NOW + 48 * HOUR + dt.timedelta(seconds=1))
    ss.submit_bid(stage, supplier_actor("s2"), S2.credit_code, Decimal(1), NOW + 48 * HOUR)  # the deadline itself
    refusal("supplier_not_invited", ss.submit_bid, stage, supplier_actor("n"), NEWCOMER.credit_code, Decimal(1), NOW)
    refusal("supplier_account_required", ss.submit_bid, stage, HANDLER, S1.credit_code, Decimal(1), NOW)
    refusal("post_not_handler", ss.submit_bid, stage, replace(supplier_actor("s"), post=Post.REVIEWER),
            S1.credit_code, Decimal(1), NOW)
    refusal("bid_invalid", ss.submit_bid, stage, supplier_actor("s1"), S1.credit_code, Decimal(0), NOW)
    refusal("bidding_not_open", ss.submit_bid, started(BIDDING), supplier_actor("s1"), S1.credit_code, Decimal(1),
            NOW)


def test_lowest_bid_wins_after_the_deadline() -> None:
    bids = (ss.Bid(S1.credit_code, Decimal(260000), NOW), ss.Bid(S2.credit_code, Decimal(240000), NOW + HOUR),
            ss.Bid(S3.credit_code, Decimal(250000), NOW))
    stage = bidding(bids=bids)
    refusal("bidding_not_closed", ss.award_bids, stage, BIDDING, HANDLER, NOW + 48 * HOUR)
    refusal("post_not_handler", ss.award_bids, stage, BIDDING, REVIEWER, NOW + 49 * HOUR)
    step = ss.award_bids(stage, BIDDING, HANDLER, NOW + 49 * HOUR)
    assert (step.record.supplier, step.record.award_price, step.record.state_label) == (
        S2, Decimal(240000), "待合同备案")
    failed = ss.award_bids(bidding(), BIDDING, HANDLER, NOW + 49 * HOUR).record
    assert failed.state_label == "竞价失败" and failed.supplier is None
    refusal("second_stage_state", ss.award_bids, failed, BIDDING, HANDLER, NOW + 50 * HOUR)
    removed = replace(BIDDING, suppliers=(S1, S3))  # the lowest bidder left the agreement meanwhile
    refusal("supplier_not_shortlisted", ss.award_bids, stage, removed, HANDLER, NOW + 49 * HOUR)


def test_ties_go_to_the_first_bid_then_the_agreements_order() -> None:
    order = [S1.credit_code, S2.credit_code, S3.credit_code]
    early, late = NOW, NOW + HOUR
    tie = [ss.Bid(S3.credit_code, Decimal(5), late), ss.Bid(S2.credit_code, Decimal(5), early)]
    assert ss.winning_bid(tie, order) == tie[1]
    same_instant = [ss.Bid(S3.credit_code, Decimal(5), early), ss.Bid(S2.credit_code, Decimal(5), early)]
    assert ss.winning_bid(same_instant, order) == same_instant[1]
    assert ss.winning_bid([], order) is None


@given(st.lists(st.tuples(st.sampled_from([S1.credit_code, S2.credit_code, S3.credit_code]),
                          st.integers(min_value=1, max_value=5), st.integers(min_value=0, max_value=3)),
                min_size=1, max_size=3, unique_by=lambda b: b[0]))
def test_the_winner_is_never_beaten(raw: list[tuple[str, int, int]]) -> None:
    bids = [ss.Bid(code, Decimal(price), NOW + minutes * HOUR) for code, price, minutes in raw]
    winner = ss.winning_bid(bids, [S1.credit_code, S2.credit_code, S3.credit_code])
    assert winner is not None
    assert all((winner.price, winner.at) <= (b.price, b.at) for b in bids)


# --- 顺序轮候 ------------------------------------------------------------------------------------------

A, B, C = S1.credit_code, S2.credit_code, S3.credit_code


def test_rotation_follows_the_fixed_order_once_per_cycle() -> None:
    rotation = ss.Rotation((A, B, C))
    assert rotation.next == A
    rotation = ss.rotation_award(rotation, A)
    assert (rotation.next, rotation.cycle) == (B, 1)
    assert "第1轮" in refusal("rotation_already_awarded", ss.rotation_award, rotation, A)
    refusal("rotation_not_next", ss.rotation_award, rotation, C)
    refusal("supplier_not_shortlisted", ss.rotation_award, rotation, NEWCOMER.credit_code)
    rotation = ss.rotation_award(ss.rotation_award(rotation, B), C)
    assert (rotation.next, rotation.cycle, rotation.awarded) == (A, 2, ())  # a new cycle


def test_the_order_changes_only_when_a_supplier_is_removed() -> None:
    rotation = ss.rotation_award(ss.Rotation((A, B, C)), A)
    removed = ss.rotation_remove(rotation, B)
    assert (removed.order, removed.next) == ((A, C), C)
    assert ss.rotation_remove(ss.rotation_award(removed, C), C) == ss.Rotation((A,), 2, ())  # cycle complete
    # syncing with the agreement's suppliers never reorders the others; newcomers join at the end
    synced = ss.rotation_sync(rotation, [C, B, A, NEWCOMER.credit_code])
    assert synced.order == (A, B, C, NEWCOMER.credit_code) and synced.awarded == (A,)
    assert ss.rotation_sync(rotation, [A, C]) == ss.rotation_remove(rotation, B)
    assert ss.rotation_sync(None, [B, A, B]) == ss.Rotation((B, A))


@given(st.lists(st.integers(min_value=0, max_value=3), max_size=30))
def test_every_supplier_is_awarded_once_per_cycle(removals: list[int]) -> None:
    """Awarding whoever is next, with removals in between: no supplier twice in one cycle."""
    rotation = ss.Rotation(tuple(credit_code(i, "91410100") for i in range(1, 6)))
    per_cycle: dict[int, list[str]] = {}
    for step in removals:
        if step == 0 and len(rotation.order) > 1:
            rotation = ss.rotation_remove(rotation, rotation.order[-1])
            continue
        code = rotation.next
        assert code is not None
        per_cycle.setdefault(rotation.cycle, []).append(code)
        rotation = ss.rotation_award(rotation, code)
    for awarded in per_cycle.values():
        assert len(awarded) == len(set(awarded))


def test_award_in_rotation() -> None:
    agreement = terms(SecondStageMethod.ROTATION)
    stage = started(agreement)
    step, after = ss.award_rotation(stage, agreement, ss.Rotation((A, B, C)), HANDLER, A, NOW)
    assert (step.record.supplier, step.record.rotation_cycle, after.next) == (S1, 1, B)
    refusal("rotation_already_awarded", ss.award_rotation, started(agreement), agreement, after, HANDLER, A, NOW)
    refusal("method_mismatch", ss.award_rotation, started(terms()), terms(), ss.Rotation((A,)), HANDLER, A, NOW)
    refusal("second_stage_state", ss.award_rotation, step.record, agreement, after, HANDLER, B, NOW)


# --- 合同备案 ------------------------------------------------------------------------------------------

CONTRACT = ss.ContractTerms("法律顾问服务合同", Decimal(200000), dt.date(2026, 11, 26))


def awarded(stage: ss.SecondStage | None = None) -> ss.SecondStage:
    return ss.select_supplier(stage or started(terms()), terms(), HANDLER, S1.credit_code, NOW).record


def test_contract_filing_review() -> None:
    refusal("supplier_not_determined", ss.submit_contract_filing, started(terms()), HANDLER, CONTRACT, NOW)
    submitted = ss.submit_contract_filing(awarded(), HANDLER, replace(CONTRACT, title=" 合同 "), NOW)
    stage = submitted.record
    assert (stage.state_label, stage.contract, submitted.event.action) == (
        "合同备案待内部审核岗审核", replace(CONTRACT, title="合同"), "file")
    # nobody approves their own submission; only the purchaser's 审核岗
    refusal("own_submission", ss.approve_contract_filing, stage, HANDLER, NOW)
    refusal("other_unit", ss.approve_contract_filing, stage, COLLECTOR_REVIEWER, NOW)
    refusal("post_not_reviewer", ss.approve_contract_filing, stage, actor("yz-jb2", "u-yz"), NOW)
    returned = ss.return_contract_filing(stage, REVIEWER, NOW, "合同金额有误").record
    assert (returned.state_label, returned.filing.return_reason) == ("合同备案已退回", "合同金额有误")
    refusal("return_reason_required", ss.return_contract_filing, stage, REVIEWER, NOW, " ")
    again = ss.submit_contract_filing(returned, HANDLER, CONTRACT, NOW).record
    filed = ss.approve_contract_filing(again, REVIEWER, NOW).record
    assert filed.filed and filed.state_label == "已备案" and filed.filing.status is FlowStatus.APPROVED
    refusal("not_editable", ss.submit_contract_filing, filed, HANDLER, CONTRACT, NOW)


def test_contract_terms() -> None:
    stage = awarded()
    refusal("contract_amount_invalid", ss.submit_contract_filing, stage, HANDLER, replace(CONTRACT, amount=0), NOW)
    refusal("contract_title_required", ss.submit_contract_filing, stage, HANDLER, replace(CONTRACT, title=""), NOW)
    refusal("contract_signed_in_future", ss.submit_contract_filing, stage, HANDLER,
            replace(CONTRACT, signed_on=dt.date(2026, 11, 28)), NOW)
    won = replace(stage, award_price=Decimal(199999))  # 二次竞价: not above the winning bid
    assert "199999" in refusal("contract_above_winning_bid", ss.submit_contract_filing, won, HANDLER, CONTRACT, NOW)
    refusal("other_unit", ss.submit_contract_filing, stage, actor("mmj-jb", "u-mmj"), CONTRACT, NOW)


def test_contract_deadlines_are_warnings() -> None:
    assert ss.contract_warnings(CONTRACT, dt.date(2026, 11, 30)) == ()  # 2 working days
    assert [w.code for w in ss.contract_warnings(CONTRACT, dt.date(2026, 12, 1))] == ["contract_announcement_late"]
    late = ss.contract_warnings(CONTRACT, dt.date(2026, 12, 8))
    assert [w.code for w in late] == ["contract_filing_late", "contract_announcement_late"]
    assert "8个工作日" in late[0].message


# --- joining an open agreement -------------------------------------------------------------------------

OPEN = terms(form=AgreementForm.OPEN, scope=ZHENGZHOU, collector_unit_id="u-cgzx", collector_name="河南省政府采购中心")
APPLICANT = supplier_actor("dd-jb", "u-dd")
CENTRE_REVIEWER = actor("cgzx-sh", "u-cgzx", Post.REVIEWER)
RECEIVED = dt.datetime(2025, 5, 6, 2, 0, tzinfo=dt.UTC)  # Tuesday after the May 1–5 holiday


def application(at: dt.datetime = RECEIVED) -> ss.JoinApplication:
    agreement = replace(OPEN, validity_start=None, validity_end=None)
    return ss.apply_to_join("j1", agreement, APPLICANT, NEWCOMER, [], at)


def test_applying_to_join() -> None:
    app = application()
    assert (app.status, app.review_due, app.supplier_unit_id) == (ss.JoinStatus.PENDING, dt.date(2025, 5, 15), "u-dd")
    assert "封闭式" in refusal("not_open_agreement", ss.apply_to_join, "j1", terms(), APPLICANT, NEWCOMER, [], NOW)
    refusal("supplier_account_required", ss.apply_to_join, "j1", OPEN, HANDLER, NEWCOMER, [], NOW)
    refusal("post_not_handler", ss.apply_to_join, "j1", OPEN, replace(APPLICANT, post=Post.REVIEWER), NEWCOMER,
            [], NOW)
    refusal("already_shortlisted", ss.apply_to_join, "j1", OPEN, APPLICANT, S1, [], NOW)
    refusal("join_application_pending", ss.apply_to_join, "j1", OPEN, APPLICANT, NEWCOMER,
            [NEWCOMER.credit_code], NOW)
    refusal("agreement_expired", ss.apply_to_join, "j1", OPEN, APPLICANT, NEWCOMER, [],
            dt.datetime(2028, 3, 1, tzinfo=dt.UTC))


def test_reviewing_a_join_application() -> None:
    app = application()
    agreement = replace(OPEN, validity_start=None, validity_end=None)
    at = dt.datetime(2025, 8, 12, 2, 0, tzinfo=dt.UTC)
    approved = ss.approve_join(app, agreement, CENTRE_REVIEWER, at)
    assert (approved.status, approved.announce_due) == (ss.JoinStatus.APPROVED, dt.date(2025, 8, 14))
    announced = ss.announce_join(approved, at)
    assert announced.announced_at == at and ss.announce_join(announced, NOW).announced_at == at
    refusal("join_not_approved", ss.announce_join, app, at)
    refusal("join_already_reviewed", ss.approve_join, approved, agreement, CENTRE_REVIEWER, at)
    refusal("post_not_reviewer", ss.approve_join, app, agreement, actor("cgzx-jb", "u-cgzx"), at)
    refusal("other_unit", ss.approve_join, app, agreement, REVIEWER, at)
    refusal("own_submission", ss.approve_join, app, agreement, replace(CENTRE_REVIEWER, account_id="dd-jb"), at)
    refusal("already_shortlisted", ss.approve_join, app, replace(agreement, suppliers=(NEWCOMER,)),
            CENTRE_REVIEWER, at)
    refused = ss.refuse_join(app, agreement, CENTRE_REVIEWER, at, " 资质证书已过期 ")
    assert (refused.status, refused.reason, refused.events[-1].action) == (ss.JoinStatus.REFUSED, "资质证书已过期",
                                                                           "refuse")
    refusal("refusal_reason_required", ss.refuse_join, app, agreement, CENTRE_REVIEWER, at, "  ")


def test_join_deadlines_flag_what_is_overdue() -> None:
    app = application()
    on_time = dt.datetime(2025, 5, 15, 9, 0, tzinfo=dt.UTC)  # the last day, 17:00 in Henan
    assert ss.join_deadline_warnings(app, on_time) == ()
    late = dt.datetime(2025, 5, 16, 1, 0, tzinfo=dt.UTC)
    (warning,) = ss.join_deadline_warnings(app, late)
    assert warning.code == "join_review_overdue" and "尚未审核，已逾期1个工作日" in warning.message
    agreement = replace(OPEN, validity_start=None, validity_end=None)
    reviewed_late = ss.approve_join(app, agreement, CENTRE_REVIEWER, dt.datetime(2025, 5, 20, 1, tzinfo=dt.UTC))
    assert reviewed_late.announce_due == dt.date(2025, 5, 22)
    codes = [w.code for w in ss.join_deadline_warnings(reviewed_late, dt.datetime(2025, 5, 26, 1, tzinfo=dt.UTC))]
    assert codes == ["join_review_overdue", "join_announcement_overdue"]
    announced = ss.announce_join(reviewed_late, dt.datetime(2025, 5, 21, 1, tzinfo=dt.UTC))
    assert [w.code for w in ss.join_deadline_warnings(announced, dt.datetime(2025, 6, 30, tzinfo=dt.UTC))] == [
        "join_review_overdue"]
    refused = ss.refuse_join(app, agreement, CENTRE_REVIEWER, dt.datetime(2025, 5, 14, 1, tzinfo=dt.UTC), "不符合")
    assert ss.join_deadline_warnings(refused, dt.datetime(2025, 12, 1, tzinfo=dt.UTC)) == ()
    # a deadline running into a year whose holidays are not published yet is an estimate
    december = application(dt.datetime(2026, 12, 28, 2, tzinfo=dt.UTC))
    assert [w.code for w in ss.join_deadline_warnings(december, december.received_at)] == ["deadline_estimated"]
