"""个人证书绑定 (seed manual §三 3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workflow.binding import BindingRefused, KeyCertificate
from desktop.domain.workflow.personal_key import (
    Operator,
    bind_personal_key,
    personal_key_id_number,
    renew_personal_key,
    unbind_personal_key,
)

from .helpers import AT, credit_code, id_number

ID = id_number(17)
OPERATOR = Operator("op1", "acc-buyer", "张三", ID)
KEY = KeyCertificate("P-001", id_number=ID)


def test_bind_when_the_id_numbers_match() -> None:
    binding = bind_personal_key(OPERATOR, KEY, frozenset(), AT)
    assert (binding.operator_id, binding.id_number, binding.certificate_serial) == ("op1", ID, "P-001")
    lower_x = Operator("op2", "acc", "李四", "11010519491231002x")
    assert bind_personal_key(lower_x, KeyCertificate("P-2", id_number="11010519491231002X"), (), AT).active


def test_operator_id_number_first() -> None:
    with pytest.raises(BindingRefused) as info:
        bind_personal_key(Operator("op1", "acc", "张三"), KEY, (), AT)
    assert info.value.code == "operator_id_number_missing"
    assert info.value.message == "请先维护人员身份证号信息"


def test_mismatch_uses_the_manual_remedy() -> None:
    with pytest.raises(BindingRefused) as info:
        bind_personal_key(OPERATOR, KeyCertificate("P-9", id_number=id_number(18)), (), AT)
    assert info.value.code == "id_number_mismatch"
    assert info.value.message == "key 中的身份证号与人员信息中的身份证号不一致"
    assert "CA 助手" in info.value.remedy


def test_a_unit_key_is_refused_as_personal() -> None:
    with pytest.raises(BindingRefused) as info:
        bind_personal_key(OPERATOR, KeyCertificate("U-1", credit_code=credit_code(1)), (), AT)
    assert info.value.code == "unit_key_as_personal"
    with pytest.raises(BindingRefused) as info:
        personal_key_id_number(KeyCertificate("X"))
    assert info.value.code == "personal_key_without_id"
    with pytest.raises(BindingRefused) as info:
        personal_key_id_number(KeyCertificate("X", id_number=ID[:-1] + ("0" if ID[-1] != "0" else "1")))
    assert info.value.code == "personal_key_id_invalid"


def test_one_key_one_account() -> None:
    with pytest.raises(BindingRefused) as info:
        bind_personal_key(OPERATOR, KEY, {"P-001"}, AT)
    assert info.value.code == "key_already_bound"


def test_renew_and_unbind() -> None:
    binding = bind_personal_key(OPERATOR, KEY, (), AT)
    later = AT + dt.timedelta(days=365)
    with pytest.raises(BindingRefused) as info:
        renew_personal_key(binding, OPERATOR, KEY, {"P-001"}, later)
    assert info.value.code == "renewal_same_certificate"
    ended, new = renew_personal_key(binding, OPERATOR, KeyCertificate("P-002", id_number=ID), {"P-001"}, later)
    assert (ended.ended_reason, ended.active, new.certificate_serial, new.active) == ("续期", False, "P-002", True)
    with pytest.raises(BindingRefused):
        renew_personal_key(binding, OPERATOR, KeyCertificate("P-003", id_number=id_number(18)), (), later)
    gone = unbind_personal_key(new, later)
    assert gone.ended_reason == "解绑" and not gone.active
    with pytest.raises(BindingRefused):
        unbind_personal_key(gone, later)
    with pytest.raises(BindingRefused):
        renew_personal_key(gone, OPERATOR, KeyCertificate("P-004", id_number=ID), (), later)


@given(st.integers(0, 999), st.integers(0, 999))
def test_binding_succeeds_exactly_when_the_numbers_are_equal(a: int, b: int) -> None:
    operator = Operator("op", "acc", "某人", id_number(a))
    key = KeyCertificate("P", id_number=id_number(b))
    try:
        bind_personal_key(operator, key, (), AT)
        bound = True
    except BindingRefused as exc:
        assert exc.code == "id_number_mismatch"
        bound = False
    assert bound == (a == b)
