"""CA 自助绑定 statuses and invariants (seed manual §三 3.2; domain-rules.md §C4)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.roles import UserType
from desktop.domain.workflow.binding import (
    AccountOrigin,
    AccountStatus,
    BindingRefused,
    BindingStatus,
    KeyCertificate,
    UnitAccount,
    UnitKeyBinding,
    account_status,
    assess_binding,
    bind_unit_key,
    complete_unit_information,
    has_full_rights,
    unbind_unit_key,
)

from .helpers import AT, credit_code, id_number

CODE = credit_code(41, "91410100")
BUYER = UnitAccount("acc-buyer", UserType.PURCHASER, CODE, "郑州市某局")
AGENCY = UnitAccount("acc-agency", UserType.AGENCY, CODE, "郑州市某局")
KEY = KeyCertificate("SN-001", CODE)


def bound(account: UnitAccount, serial: str) -> UnitKeyBinding:
    return UnitKeyBinding(account.account_id, account.user_type, account.credit_code, serial, AT, "张三", "13800000000")


def test_unbound_then_bound() -> None:
    assessment = assess_binding(KEY, UserType.PURCHASER, [BUYER, AGENCY], [])
    assert assessment.status is BindingStatus.UNBOUND and assessment.account == BUYER
    assert assessment.explanation == "当前 key 未绑定，用户可以进行绑定操作。"
    outcome = bind_unit_key(assessment, KEY, "张三", "13800000000", AT)
    assert outcome.binding.certificate_serial == "SN-001" and outcome.ended is None
    assert outcome.account_status is AccountStatus.NORMAL
    again = assess_binding(KEY, UserType.PURCHASER, [BUYER], [outcome.binding])
    assert again.status is BindingStatus.BOUND
    with pytest.raises(BindingRefused) as info:
        bind_unit_key(again, KEY, "张三", "13800000000", AT)
    assert info.value.code == "binding_bound"
    assert info.value.message == "当前 key 已绑定账号信息，不能再次绑定。"


def test_renewal_replaces_the_certificate_and_keeps_history() -> None:
    old = bound(BUYER, "SN-OLD")
    assessment = assess_binding(KEY, UserType.PURCHASER, [BUYER], [old])
    assert assessment.status is BindingStatus.RENEWAL and assessment.current == old
    outcome = bind_unit_key(assessment, KEY, "张三", "13800000000", AT + dt.timedelta(days=1))
    assert outcome.ended is not None and outcome.ended.ended_reason == "续期" and not outcome.ended.active
    assert outcome.binding.certificate_serial == "SN-001" and outcome.binding.active


def test_same_key_for_another_role_is_refused_but_another_key_is_fine() -> None:
    buyer_binding = bound(BUYER, "SN-001")
    other_role = assess_binding(KEY, UserType.AGENCY, [BUYER, AGENCY], [buyer_binding])
    assert other_role.status is BindingStatus.BOUND_TO_OTHER_ROLE
    with pytest.raises(BindingRefused) as info:
        bind_unit_key(other_role, KEY, "张三", "1", AT)
    assert info.value.message == "当前 key 已经绑定了其他用户类型的账号，不能进行绑定操作。"
    second_key = KeyCertificate("SN-002", CODE)
    assert assess_binding(second_key, UserType.AGENCY, [BUYER, AGENCY], [buyer_binding]).status is (
        BindingStatus.UNBOUND)


def test_duplicate_accounts() -> None:
    twin = UnitAccount("acc-buyer-2", UserType.PURCHASER, CODE.lower(), "郑州市某局")
    assessment = assess_binding(KEY, UserType.PURCHASER, [BUYER, twin], [])
    assert assessment.status is BindingStatus.DUPLICATE
    assert "联系监管单位将多余账号清除后再绑定" in assessment.explanation
    with pytest.raises(BindingRefused) as info:
        bind_unit_key(assessment, KEY, "张三", "1", AT)
    assert info.value.code == "binding_duplicate"


def test_not_registered_and_not_a_unit_key() -> None:
    assert assess_binding(KEY, UserType.SUPPLIER, [BUYER], []).status is BindingStatus.NOT_REGISTERED
    for bad in (KeyCertificate("SN", None, id_number(1)), KeyCertificate("SN", "91410100MA000000C1")):
        with pytest.raises(BindingRefused) as info:
            assess_binding(bad, UserType.PURCHASER, [BUYER], [])
        assert info.value.code == "not_unit_key"
        assert "0371-65808207" in info.value.remedy


def test_operator_name_and_phone_are_required() -> None:
    with pytest.raises(BindingRefused) as info:
        bind_unit_key(assess_binding(KEY, UserType.PURCHASER, [BUYER], []), KEY, " ", "", AT)
    assert info.value.code == "operator_required"


def test_synced_supplier_gets_temporary_rights_until_it_completes_its_information() -> None:
    synced = UnitAccount("acc-s", UserType.SUPPLIER, credit_code(42, "91410100"), "某供应商",
                         AccountOrigin.TRADING_CENTRE, unit_information_completed=False)
    assert account_status(synced, has_active_key=False) is AccountStatus.NOT_ENABLED
    key = KeyCertificate("SN-S", synced.credit_code)
    outcome = bind_unit_key(assess_binding(key, UserType.SUPPLIER, [synced], []), key, "李四", "13900000000", AT)
    assert outcome.account_status is AccountStatus.KEY_BOUND_NOT_ENABLED
    assert outcome.account_status.value == "绑定key未启用" and not has_full_rights(outcome.account_status)
    completed = complete_unit_information(synced)
    assert account_status(completed, has_active_key=True) is AccountStatus.NORMAL


def test_unbind() -> None:
    binding = bound(BUYER, "SN-001")
    ended = unbind_unit_key(binding, AT)
    assert not ended.active and ended.ended_reason == "解绑"
    assert assess_binding(KEY, UserType.PURCHASER, [BUYER], [ended]).status is BindingStatus.UNBOUND
    with pytest.raises(BindingRefused):
        unbind_unit_key(ended, AT)


# --- invariants under any sequence of self-service attempts -----------------------------------------

CODES = [credit_code(n, "91410100") for n in (51, 52)]
ACCOUNTS = [UnitAccount(f"acc-{i}-{t.name}", t, c, f"单位{i}") for i, c in enumerate(CODES)
            for t in (UserType.PURCHASER, UserType.AGENCY, UserType.SUPPLIER)]
KEYS = [KeyCertificate(f"SN-{i}-{j}", c) for i, c in enumerate(CODES) for j in range(3)]


@given(st.lists(st.tuples(st.sampled_from(["bind", "unbind"]), st.sampled_from(KEYS),
                          st.sampled_from([UserType.PURCHASER, UserType.AGENCY, UserType.SUPPLIER])), max_size=40))
def test_one_key_one_account_and_one_account_one_key(script: list[tuple[str, KeyCertificate, UserType]]) -> None:
    bindings: list[UnitKeyBinding] = []
    for action, key, user_type in script:
        if action == "unbind":
            bindings = [unbind_unit_key(b, AT) if b.active and b.certificate_serial == key.serial else b
                        for b in bindings]
            continue
        assessment = assess_binding(key, user_type, ACCOUNTS, bindings)
        if not assessment.status.can_bind:
            with pytest.raises(BindingRefused):
                bind_unit_key(assessment, key, "张三", "13800000000", AT)
            continue
        outcome = bind_unit_key(assessment, key, "张三", "13800000000", AT)
        if outcome.ended is not None:
            bindings = [outcome.ended if b == assessment.current else b for b in bindings]
        bindings.append(outcome.binding)
        active = [b for b in bindings if b.active]
        serials = [b.certificate_serial for b in active]
        owners = [b.account_id for b in active]
        assert len(serials) == len(set(serials)), "one key, one login account"
        assert len(owners) == len(set(owners)), "one role (account), one key"
        assert all(b.credit_code == next(a.credit_code for a in ACCOUNTS if a.account_id == b.account_id)
                   for b in active)
