"""入围供应商管理 (seed manual 1.3.1.3): locked identity, editable contacts, 委托代理商."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workflow.common import FieldLocked, WorkflowError
from desktop.domain.workflow.suppliers import (
    ShortlistedSupplier,
    SupplierInfo,
    add_agent,
    edit_supplier,
    remove_agent,
    supplier_info,
    sync_roster,
    update_agent,
)

from .helpers import credit_code

A = supplier_info("郑州甲科技有限公司", credit_code(11, "91410100"), "郑州市金水区", "张三", "0371-65800001")
B = supplier_info("洛阳乙电脑有限公司", credit_code(12, "91410300"))
AGENT = supplier_info("开封丙商贸有限公司", credit_code(13, "91410200"))


def test_supplier_info_checks_name_code_and_phone() -> None:
    assert supplier_info(" 甲 ", credit_code(11, "91410100").lower()).credit_code == credit_code(11, "91410100")
    with pytest.raises(WorkflowError) as info:
        supplier_info("甲", "91410100000000001X")
    assert info.value.code == "supplier_credit_code_invalid"
    assert info.value.message.startswith("供应商“甲”的统一社会信用代码")
    with pytest.raises(WorkflowError) as info:
        supplier_info(" ", credit_code(1))
    assert info.value.code == "supplier_name_required"
    with pytest.raises(WorkflowError) as info:
        supplier_info("甲", credit_code(1), phone="call me")
    assert info.value.code == "phone_invalid"


def test_name_and_credit_code_are_locked_contacts_editable() -> None:
    row = ShortlistedSupplier(A)
    edited = edit_supplier(row, SupplierInfo(A.name, A.credit_code, "郑州市郑东新区", "李四", "13800000000"))
    assert (edited.info.address, edited.info.contact_person, edited.info.phone) == ("郑州市郑东新区", "李四",
                                                                                     "13800000000")
    with pytest.raises(FieldLocked) as info:
        edit_supplier(row, SupplierInfo("郑州甲科技股份有限公司", A.credit_code))
    assert info.value.code == "supplier_identity_locked"
    assert info.value.message == "供应商名称、统一社会信用代码不允许修改"
    assert info.value.fields == ("name",)
    with pytest.raises(FieldLocked):
        edit_supplier(row, SupplierInfo(A.name, B.credit_code))


def test_agents_one_or_more() -> None:
    row = add_agent(ShortlistedSupplier(A), AGENT)
    second = supplier_info("新乡丁贸易有限公司", credit_code(14, "91410700"))
    row = add_agent(row, second)
    assert [a.name for a in row.agents] == [AGENT.name, second.name]
    with pytest.raises(WorkflowError) as info:
        add_agent(row, AGENT)
    assert info.value.code == "agent_duplicate"
    with pytest.raises(WorkflowError) as info:
        add_agent(row, A)
    assert info.value.code == "agent_is_supplier"
    row = update_agent(row, SupplierInfo(AGENT.name, AGENT.credit_code, "开封市"))
    assert row.agents[0].address == "开封市"
    row = remove_agent(row, AGENT.credit_code.lower())
    assert [a.name for a in row.agents] == [second.name]
    with pytest.raises(WorkflowError):
        remove_agent(row, AGENT.credit_code)
    with pytest.raises(WorkflowError):
        update_agent(row, AGENT)


def test_sync_keeps_maintained_rows_and_follows_the_announcement() -> None:
    maintained = add_agent(edit_supplier(ShortlistedSupplier(A), SupplierInfo(A.name, A.credit_code, "新地址")),
                           AGENT)
    roster = sync_roster([maintained], [B, A])
    assert [r.info.name for r in roster] == [B.name, A.name]
    assert roster[1] == maintained
    assert sync_roster(roster, [B]) == (ShortlistedSupplier(B),)


@given(st.lists(st.integers(min_value=1, max_value=40), unique=True, max_size=8),
       st.lists(st.integers(min_value=1, max_value=40), unique=True, max_size=8))
def test_sync_roster_mirrors_the_announced_codes(before: list[int], announced: list[int]) -> None:
    roster = [ShortlistedSupplier(supplier_info(f"供应商{n}", credit_code(n, "91410100"))) for n in before]
    infos = [supplier_info(f"供应商{n}", credit_code(n, "91410100")) for n in announced]
    synced = sync_roster(roster, infos)
    assert [s.credit_code for s in synced] == [i.credit_code for i in infos]
