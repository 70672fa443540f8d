"""合同在线签订 (seed manual §二): purchaser then supplier, once each; the filed PDF is locked."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.common import TransitionRefused, WorkflowError
from desktop.domain.workflow.contract import (
    ContractState,
    MainDocumentLocked,
    OnlineContract,
    Signer,
    file_contract,
    new_online_contract,
    next_signer,
    replace_document,
    require_document_mutable,
    sign_contract,
    visible_to_supplier,
)

from .helpers import AT, actor, credit_code

PURCHASER = actor("p-h", "u-buyer")
PURCHASER_REVIEWER = actor("p-r", "u-buyer", Post.REVIEWER)
SUPPLIER = actor("s-h", "u-seller", user_type=UserType.SUPPLIER)
OTHER_SUPPLIER = actor("x-h", "u-other", user_type=UserType.SUPPLIER)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_contract() -> OnlineContract:
    return new_online_contract("c1", "lot1", True, "u-buyer", "u-seller", credit_code(31, "91410100"), sha("v1"),
                               PURCHASER, AT).record


def test_happy_path() -> None:
    contract = new_contract()
    assert contract.state is ContractState.AWAITING_SIGNATURES and contract.state.value == "待签章"
    assert next_signer(contract) is Signer.PURCHASER and not visible_to_supplier(contract)
    step = sign_contract(contract, PURCHASER, sha("v1+p"), AT)
    assert step.record.state.value == "采购人已确认"
    assert (step.event.from_state, step.event.to_state) == ("待签章", "采购人已确认")
    assert visible_to_supplier(step.record) and next_signer(step.record) is Signer.SUPPLIER
    step = sign_contract(step.record, SUPPLIER, sha("v1+p+s"), AT)
    assert step.record.state.value == "供应商已确认"
    assert step.record.document_sha256 == sha("v1+p+s")
    filed = file_contract(step.record, PURCHASER, AT)
    assert filed.record.state.value == "已备案" and filed.record.main_document_locked
    assert ("main_document", sha("v1+p+s")) in filed.event.detail
    assert next_signer(filed.record) is None


def test_creation_needs_a_published_result_a_pdf_and_the_purchaser_handler() -> None:
    with pytest.raises(WorkflowError) as info:
        new_online_contract("c1", "lot1", False, "u-buyer", "u-seller", "", sha("v1"), PURCHASER, AT)
    assert info.value.message == "请选择发布过结果公告的标段信息"
    with pytest.raises(WorkflowError) as info:
        new_online_contract("c1", "lot1", True, "u-buyer", "u-seller", "", "not a hash", PURCHASER, AT)
    assert info.value.code == "document_required"
    with pytest.raises(TransitionRefused) as info:
        new_online_contract("c1", "lot1", True, "u-buyer", "u-seller", "", sha("v1"), PURCHASER_REVIEWER, AT)
    assert info.value.code == "post_not_handler"


def test_wrong_order_is_refused() -> None:
    with pytest.raises(TransitionRefused) as info:
        sign_contract(new_contract(), SUPPLIER, sha("s"), AT)
    assert info.value.code == "purchaser_not_signed"
    assert info.value.message == "采购人签章后，供应商才能签章"
    with pytest.raises(TransitionRefused) as info:
        file_contract(new_contract(), PURCHASER, AT)
    assert info.value.code == "signatures_incomplete"


def test_each_party_signs_once() -> None:
    signed = sign_contract(new_contract(), PURCHASER, sha("p"), AT).record
    with pytest.raises(TransitionRefused) as info:
        sign_contract(signed, PURCHASER, sha("p2"), AT)
    assert info.value.code == "already_signed"
    assert "只能签章一次" in info.value.message
    both = sign_contract(signed, SUPPLIER, sha("s"), AT).record
    with pytest.raises(TransitionRefused):
        sign_contract(both, SUPPLIER, sha("s2"), AT)


def test_who_may_sign() -> None:
    with pytest.raises(TransitionRefused) as info:
        sign_contract(new_contract(), PURCHASER_REVIEWER, sha("p"), AT)
    assert info.value.code == "post_not_handler"
    signed = sign_contract(new_contract(), PURCHASER, sha("p"), AT).record
    with pytest.raises(TransitionRefused) as info:
        sign_contract(signed, OTHER_SUPPLIER, sha("s"), AT)
    assert info.value.code == "not_contract_party"
    with pytest.raises(TransitionRefused):
        sign_contract(new_contract(), actor("p-h", "u-elsewhere"), sha("p"), AT)


def test_a_signature_must_change_the_file() -> None:
    with pytest.raises(WorkflowError) as info:
        sign_contract(new_contract(), PURCHASER, sha("v1"), AT)
    assert info.value.code == "signature_missing"


def test_document_replaceable_only_before_signing_and_locked_once_filed() -> None:
    contract = new_contract()
    assert replace_document(contract, PURCHASER, sha("v2"), AT).record.document_sha256 == sha("v2")
    with pytest.raises(TransitionRefused):
        replace_document(contract, SUPPLIER, sha("v2"), AT)
    signed = sign_contract(contract, PURCHASER, sha("p"), AT).record
    with pytest.raises(MainDocumentLocked) as info:
        replace_document(signed, PURCHASER, sha("v3"), AT)
    assert info.value.code == "document_signed"
    both = sign_contract(signed, SUPPLIER, sha("s"), AT).record
    filed = file_contract(both, PURCHASER, AT).record
    with pytest.raises(MainDocumentLocked) as info:
        require_document_mutable(filed)
    assert info.value.code == "main_document_locked"
    assert "不允许修改" in info.value.message
    with pytest.raises(TransitionRefused) as again:
        file_contract(filed, PURCHASER, AT)
    assert again.value.code == "already_filed"


def test_framework_second_stage_filing_needs_the_filed_agreement() -> None:
    signed = sign_contract(sign_contract(new_contract(), PURCHASER, sha("p"), AT).record, SUPPLIER, sha("s"),
                           AT).record
    with pytest.raises(WorkflowError) as info:
        file_contract(signed, PURCHASER, AT, framework_agreement_filed=False)
    assert info.value.code == "agreement_not_filed"
    assert file_contract(signed, PURCHASER, AT, framework_agreement_filed=True).record.state is ContractState.FILED
    with pytest.raises(TransitionRefused):
        file_contract(signed, SUPPLIER, AT)


ACTORS = [PURCHASER, PURCHASER_REVIEWER, SUPPLIER, OTHER_SUPPLIER]


@given(st.lists(st.tuples(st.sampled_from(["sign", "file", "replace"]), st.sampled_from(ACTORS),
                          st.integers(0, 5)), max_size=25))
def test_any_sequence_signs_in_order_and_once(script: list[tuple[str, object, int]]) -> None:
    contract = new_contract()
    for action, who, n in script:
        before = contract
        try:
            if action == "sign":
                contract = sign_contract(contract, who, sha(f"sig{n}"), AT).record  # type: ignore[arg-type]
            elif action == "file":
                contract = file_contract(contract, who, AT).record  # type: ignore[arg-type]
            else:
                contract = replace_document(contract, who, sha(f"doc{n}"), AT).record  # type: ignore[arg-type]
        except WorkflowError:
            assert contract == before
            continue
        if contract.supplier_signature is not None:
            assert contract.purchaser_signature is not None
        if before.purchaser_signature is not None:
            assert contract.purchaser_signature == before.purchaser_signature
        if before.supplier_signature is not None:
            assert contract.supplier_signature == before.supplier_signature
        if before.state is ContractState.FILED:
            assert contract == before
        if contract.purchaser_signature is not None and before.purchaser_signature is not None:
            assert contract.document_sha256 in (before.document_sha256,
                                                 getattr(contract.supplier_signature, "signed_document_sha256", ""))
