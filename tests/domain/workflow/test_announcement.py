"""信息发布 (seed manual 1.3.1.2): 征集公告 and 入围结果公告."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from desktop.domain.roles import Post
from desktop.domain.workflow.announcement import (
    AnnouncementKind,
    CollectionNotice,
    CollectorContact,
    Column,
    Lot,
    ShortlistBasis,
    ShortlistResult,
    approve_announcement,
    collection_needs_tendering,
    column_for,
    edit_collection_notice,
    new_collection_notice,
    new_shortlist_result,
    notice_problems,
    receive_lots,
    receive_pushed_suppliers,
    result_problems,
    result_warnings,
    return_announcement,
    submit_collection_notice,
    submit_shortlist_result,
)
from desktop.domain.workflow.common import FieldLocked, FormInvalid, TransitionRefused
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.plan_review import PlanFiling, approve_plan, new_plan_filing, submit_plan
from desktop.domain.workflow.suppliers import SupplierInfo, supplier_info

from .helpers import AT, actor, credit_code, supervising_draft

CONTACT = CollectorContact("河南省司法厅", "王五", "0371-65800000", "郑州市金水路")
HANDLER = actor("h1", "u-sft")
REVIEWER = actor("r1", "u-sft", Post.REVIEWER)
S1 = supplier_info("甲律师事务所", credit_code(21, "31410000"))
S2 = supplier_info("乙律师事务所", credit_code(22, "31410000"))
S3 = supplier_info("丙律师事务所", credit_code(23, "31410000"))


def numbered_plan(interop: bool = False) -> PlanFiling:
    draft = supervising_draft(trading_platform="河南省公共资源交易系统" if interop else None)
    filing = submit_plan(new_plan_filing("p1", draft, 2025), draft, HANDLER, AT).record
    return approve_plan(filing, REVIEWER, AT, sequence=1).record


def published_notice(interop: bool = False) -> CollectionNotice:
    notice = new_collection_notice("n1", numbered_plan(interop), CONTACT, "u-sft")
    if interop:
        notice = receive_lots(notice, (Lot("1", "法律顾问"),))
    else:
        notice = edit_collection_notice(notice, CONTACT, (Lot("1", "法律顾问", Decimal(300)),))
    notice = submit_collection_notice(notice, HANDLER, AT).record
    published = approve_announcement(notice, REVIEWER, AT)
    assert isinstance(published.record, CollectionNotice)
    return published.record


def test_columns() -> None:
    assert column_for(AnnouncementKind.COLLECTION) is Column.PROCUREMENT
    assert column_for(AnnouncementKind.SHORTLIST_RESULT) is Column.RESULT
    assert column_for(AnnouncementKind.CONTRACT) is Column.CONTRACT


def test_notice_needs_a_numbered_plan() -> None:
    draft = supervising_draft()
    with pytest.raises(TransitionRefused) as info:
        new_collection_notice("n1", new_plan_filing("p1", draft, 2025), CONTACT, "u-sft")
    assert info.value.code == "plan_not_numbered"


def test_collector_fields_are_locked_but_the_address_is_editable() -> None:
    notice = new_collection_notice("n1", numbered_plan(), CONTACT, "u-sft")
    moved = edit_collection_notice(notice, replace(CONTACT, address=" 郑州市郑东新区 "), ())
    assert moved.collector.address == "郑州市郑东新区"
    with pytest.raises(FieldLocked) as info:
        edit_collection_notice(notice, replace(CONTACT, contact_person="赵六", phone="0371-1234567"), ())
    assert info.value.code == "collector_fields_locked"
    assert info.value.fields == ("contact_person", "phone")
    assert info.value.message == "征集人名称、联系人、联系方式从备案的计划中带入，不可更改"


def test_publishing_goes_through_internal_review() -> None:
    notice = new_collection_notice("n1", numbered_plan(), CONTACT, "u-sft")
    with pytest.raises(FormInvalid) as info:
        submit_collection_notice(notice, HANDLER, AT)
    assert info.value.codes == ("lots_required",)
    notice = edit_collection_notice(notice, CONTACT, (Lot("1", "法律顾问"),))
    submitted = submit_collection_notice(notice, HANDLER, AT).record
    assert submitted.state_label == "待内部审核岗审核"
    with pytest.raises(TransitionRefused):
        edit_collection_notice(submitted, CONTACT, ())
    with pytest.raises(TransitionRefused) as refused:
        approve_announcement(submitted, actor("h1", "u-sft", Post.REVIEWER), AT)
    assert refused.value.code == "own_submission"
    returned = return_announcement(submitted, REVIEWER, AT, "地址有误").record
    assert returned.state_label == "已退回"
    again = submit_collection_notice(returned, HANDLER, AT).record
    published = approve_announcement(again, REVIEWER, AT)
    assert published.record.state_label == "已发布" and published.event.to_state == "已发布"
    assert published.record.published and not published.record.push_to_trading_system


def test_interop_notice_waits_for_lots_and_cannot_change_them() -> None:
    notice = new_collection_notice("n1", numbered_plan(interop=True), CONTACT, "u-sft")
    with pytest.raises(TransitionRefused) as info:
        edit_collection_notice(notice, CONTACT, ())
    assert info.value.message == "需交易系统将对应的分包信息推送过来后，才可以编辑征集公告内容"
    with pytest.raises(TransitionRefused):
        submit_collection_notice(notice, HANDLER, AT)
    notice = receive_lots(notice, (Lot("1", "法律顾问"), Lot("2", "审计")))
    assert edit_collection_notice(notice, replace(CONTACT, address="新址"), notice.lots).collector.address == "新址"
    with pytest.raises(FieldLocked) as locked:
        edit_collection_notice(notice, CONTACT, (Lot("1", "法律顾问"),))
    assert locked.value.code == "lots_from_trading_system"
    assert published_notice(interop=True).push_to_trading_system


def test_non_interop_notice_does_not_take_pushed_lots() -> None:
    notice = new_collection_notice("n1", numbered_plan(), CONTACT, "u-sft")
    with pytest.raises(ValueError):
        receive_lots(notice, ())


def test_result_only_after_the_notice_is_published() -> None:
    notice = new_collection_notice("n1", numbered_plan(), CONTACT, "u-sft")
    with pytest.raises(TransitionRefused) as info:
        new_shortlist_result("r1", notice, AgreementForm.CLOSED, "u-sft")
    assert info.value.code == "collection_notice_not_published"
    assert info.value.message == "征集公告发布完成后才可以发布入围结果公告"
    assert new_shortlist_result("r1", published_notice(), AgreementForm.CLOSED, "u-sft").plan_id == "p1"


def _result(**changes: object) -> ShortlistResult:
    result = new_shortlist_result("r1", published_notice(), AgreementForm.CLOSED, "u-sft")
    return replace(result, **changes)  # type: ignore[arg-type]


def test_result_needs_basis_value_and_valid_unique_suppliers() -> None:
    assert [p.code for p in result_problems(_result())] == ["shortlist_basis_required",
                                                             "shortlisted_suppliers_required"]
    bad = SupplierInfo("丁律师事务所", "31410000MA0000000X")
    problems = result_problems(_result(basis=ShortlistBasis.MIN_SCORE, suppliers=(S1, S1, bad)))
    assert [p.code for p in problems] == ["shortlist_basis_value_required", "shortlisted_supplier_duplicate",
                                          "supplier_credit_code_invalid"]
    assert problems[0].message == "请填写最低入围分值"
    ok = _result(basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal("280.00"), suppliers=(S1, S2))
    assert result_problems(ok) == ()


def test_result_is_published_through_review_and_keeps_normalised_codes() -> None:
    lower = SupplierInfo(S1.name, S1.credit_code.lower())
    result = _result(basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal(280), suppliers=(lower, S2))
    submitted = submit_shortlist_result(result, HANDLER, AT).record
    assert submitted.suppliers[0].credit_code == S1.credit_code
    published = approve_announcement(submitted, REVIEWER, AT).record
    assert isinstance(published, ShortlistResult) and published.published
    with pytest.raises(FormInvalid):
        submit_shortlist_result(_result(), HANDLER, AT)


def test_interop_result_chooses_from_the_pushed_suppliers() -> None:
    result = new_shortlist_result("r1", published_notice(interop=True), AgreementForm.CLOSED, "u-sft")
    result = receive_pushed_suppliers(result, (S1, S2))
    chosen = replace(result, basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal(1), suppliers=(S1, S3))
    problems = result_problems(chosen)
    assert [p.code for p in problems] == ["supplier_not_pushed"]
    assert "丙律师事务所" in problems[0].message
    with pytest.raises(ValueError):
        receive_pushed_suppliers(_result(), (S1,))


def test_result_warns_on_order_110_elimination() -> None:
    full = _result(basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal(1), suppliers=(S1, S2), responsive_count=2)
    assert [w.code for w in result_warnings(full)] == ["no_supplier_eliminated", "elimination_rate_low"]
    assert result_warnings(replace(full, responsive_count=3)) == ()
    assert result_warnings(replace(full, form=AgreementForm.OPEN)) == ()
    assert [w.code for w in result_warnings(replace(full, responsive_count=1))] == ["shortlist_exceeds_responsive"]


def test_open_agreements_skip_tendering_in_the_collection_stage() -> None:
    """Manual 1.3.2: 开放式框架协议采购征集环节不需要进行招标过程 — no 最低入围分值, no cut-off needed,
    no elimination warning; a 最高入围价格 (the fee standard) may still be stated."""
    assert collection_needs_tendering(AgreementForm.CLOSED) and not collection_needs_tendering(AgreementForm.OPEN)
    result = new_shortlist_result("r1", published_notice(), AgreementForm.OPEN, "u-sft")
    assert [p.code for p in result_problems(result)] == ["shortlisted_suppliers_required"]
    listed = replace(result, suppliers=(S1, S2), responsive_count=2)
    assert result_problems(listed) == () and result_warnings(listed) == ()
    scored = replace(listed, basis=ShortlistBasis.MIN_SCORE, basis_value=Decimal(80))
    assert [p.message for p in result_problems(scored)] == [
        "开放式框架协议采购征集环节不需要进行招标过程，不设最低入围分值"]
    priced = replace(listed, basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal(5000))
    assert result_problems(priced) == ()
    assert [p.code for p in result_problems(replace(priced, basis_value=None))] == ["shortlist_basis_value_required"]
    published = approve_announcement(submit_shortlist_result(listed, HANDLER, AT).record, REVIEWER, AT).record
    assert published.published


def test_notice_problems_list_what_blocks_submission() -> None:
    notice = new_collection_notice("n1", numbered_plan(), replace(CONTACT, address=""), "u-sft")
    assert [p.code for p in notice_problems(notice)] == ["lots_required", "address_required"]
    assert notice_problems(published_notice()) == ()
