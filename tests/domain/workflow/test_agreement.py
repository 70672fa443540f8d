"""框架协议备案 and the second-stage gate (seed manual 1.3.1.4, 1.3.1.5)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from desktop.domain.roles import Post
from desktop.domain.workflow.agreement import (
    AgreementFiling,
    SecondStageAction,
    SecondStageMethod,
    agreement_warnings,
    approve_agreement,
    edit_agreement,
    file_agreement,
    new_agreement_filing,
    refresh_suppliers,
    require_agreement_filed,
    require_in_scope,
    return_agreement,
    second_stage_method_warnings,
)
from desktop.domain.workflow.announcement import (
    ShortlistBasis,
    ShortlistResult,
    approve_announcement,
    new_shortlist_result,
    submit_shortlist_result,
)
from desktop.domain.workflow.common import Category, FieldLocked, TransitionRefused, WorkflowError
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.suppliers import ShortlistedSupplier, SupplierInfo, add_agent, edit_supplier, sync_roster

from .helpers import AT, ZHENGZHOU, actor, party
from .test_announcement import HANDLER, REVIEWER, S1, S2, S3, published_notice

COLLECTOR = party("u-sft", "河南省司法厅", 1)


def draft_result() -> ShortlistResult:
    result = new_shortlist_result("r1", published_notice(), AgreementForm.CLOSED, "u-sft")
    return replace(result, basis=ShortlistBasis.MAX_PRICE, basis_value=Decimal(300), suppliers=(S1, S2))


def published_result() -> ShortlistResult:
    submitted = submit_shortlist_result(draft_result(), HANDLER, AT).record
    record = approve_announcement(submitted, REVIEWER, AT).record
    assert isinstance(record, ShortlistResult)
    return record


def new_filing(**kwargs: object) -> AgreementFiling:
    result = published_result()
    return new_agreement_filing("a1", result, COLLECTOR, sync_roster((), result.suppliers), "u-sft",
                                **kwargs)  # type: ignore[arg-type]


def filed() -> AgreementFiling:
    submitted = file_agreement(new_filing(scope=ZHENGZHOU), HANDLER, AT).record
    return approve_agreement(submitted, REVIEWER, AT).record


def test_filing_requires_the_published_result() -> None:
    with pytest.raises(TransitionRefused) as info:
        new_agreement_filing("a1", draft_result(), COLLECTOR, (), "u-sft")
    assert info.value.code == "shortlist_result_not_published"


def test_collector_and_suppliers_are_carried_and_locked() -> None:
    filing = new_filing()
    assert filing.state_label == "待备案"
    assert [s.credit_code for s in filing.suppliers] == [S1.credit_code, S2.credit_code]
    start, end = dt.date(2025, 4, 1), dt.date(2027, 3, 31)
    saved = edit_agreement(filing, COLLECTOR, filing.suppliers, start, end)
    assert (saved.validity_start, saved.validity_end) == (start, end)
    with pytest.raises(FieldLocked) as info:
        edit_agreement(filing, replace(COLLECTOR, name="别的单位"), filing.suppliers, None, None)
    assert info.value.code == "agreement_parties_locked"
    assert info.value.message == "征集人、入围供应商信息系统自动带出，不允许进行修改"
    assert "入围供应商管理" in info.value.remedy
    with pytest.raises(FieldLocked) as info:
        edit_agreement(filing, COLLECTOR, filing.suppliers[:1], None, None)
    assert info.value.fields == ("suppliers",)
    with pytest.raises(WorkflowError) as bad:
        edit_agreement(filing, COLLECTOR, filing.suppliers, end, start)
    assert bad.value.code == "validity_end_before_start"


def test_contacts_maintained_in_the_roster_flow_into_the_filing() -> None:
    filing = new_filing()
    row = edit_supplier(filing.suppliers[0], SupplierInfo(S1.name, S1.credit_code, "新地址"))
    row = add_agent(row, S3)
    refreshed = refresh_suppliers(filing, (row,))
    assert refreshed.suppliers[0].info.address == "新地址" and refreshed.suppliers[0].agents == (S3,)
    assert refreshed.suppliers[1] == filing.suppliers[1]


def test_filing_is_reviewed_by_the_internal_reviewer() -> None:
    step = file_agreement(new_filing(), HANDLER, AT)
    assert step.event.action == "file" and step.record.state_label == "待内部审核岗审核"
    with pytest.raises(TransitionRefused):
        refresh_suppliers(step.record, ())
    with pytest.raises(TransitionRefused) as info:
        approve_agreement(step.record, actor("h1", "u-sft", Post.REVIEWER), AT)
    assert info.value.code == "own_submission"
    returned = return_agreement(step.record, REVIEWER, AT, "有效期有误").record
    assert returned.state_label == "已退回"
    done = approve_agreement(file_agreement(returned, HANDLER, AT).record, REVIEWER, AT)
    assert done.record.filed and done.record.state_label == "已备案" and done.event.to_state == "已备案"


def test_second_stage_needs_a_filed_agreement() -> None:
    for action in SecondStageAction:
        with pytest.raises(WorkflowError) as info:
            require_agreement_filed(new_filing(), action)
        assert info.value.code == "agreement_not_filed"
        assert info.value.message.startswith("只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作")
    with pytest.raises(WorkflowError):
        require_agreement_filed(None, SecondStageAction.PAYMENT)
    agreement = filed()
    assert require_agreement_filed(agreement, SecondStageAction.CONTRACT_FILING) is agreement


def test_second_stage_purchaser_in_scope_and_supplier_shortlisted() -> None:
    agreement = filed()
    require_in_scope(agreement, "410102", S1.credit_code)
    with pytest.raises(WorkflowError) as info:
        require_in_scope(agreement, "410302", S1.credit_code)
    assert info.value.code == "purchaser_outside_scope"
    with pytest.raises(WorkflowError) as info:
        require_in_scope(agreement, "410102", S3.credit_code)
    assert info.value.code == "supplier_not_shortlisted"


def test_warnings() -> None:
    long = replace(new_filing(category=Category.GOODS), validity_start=dt.date(2025, 1, 1),
                   validity_end=dt.date(2026, 6, 30))
    assert [w.code for w in agreement_warnings(long)] == ["validity_too_long"]
    assert second_stage_method_warnings(AgreementForm.CLOSED, SecondStageMethod.ROTATION) == ()
    assert [w.code for w in second_stage_method_warnings(AgreementForm.OPEN, SecondStageMethod.SECOND_BIDDING)] == [
        "open_agreement_direct_selection"]


def test_roster_rows_are_shortlisted_suppliers() -> None:
    assert all(isinstance(s, ShortlistedSupplier) for s in new_filing().suppliers)
