"""信息发布 / 入围供应商管理 / 框架协议备案 / 互认互通 commands: payload shape and the checks made before
a command is queued (desktop.domain.agreement_commands), and the records read back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from desktop.domain.agreement_commands import (
    AGREEMENT_COMMANDS,
    AddSupplierAgent,
    ApproveAgreement,
    ApproveAnnouncement,
    FileAgreement,
    LotForm,
    RemoveShortlistedSupplier,
    RemoveSupplierAgent,
    RetryTradingPush,
    ReturnAgreement,
    ReturnAnnouncement,
    SaveAgreementFiling,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
    UpdateShortlistedSupplier,
    UpdateSupplierAgent,
)
from desktop.domain.agreement_records import (
    AgreementRecord,
    AnnouncementRecord,
    CollectorContactRecord,
    ShortlistedSupplierEntry,
    TradingBridgeRecord,
)
from desktop.domain.commands import COMMANDS, CommandInvalid, command_payload, parse_command
from desktop.domain.identity import credit_code_check_char
from desktop.domain.protocol import from_json, to_json
from desktop.domain.workflow.announcement import Lot, ShortlistBasis
from desktop.domain.workflow.order110 import EvaluationMethod

CODE = "31410000MD0000011" + credit_code_check_char("31410000MD0000011")
AGENT_CODE = "91410100MA0000441" + credit_code_check_char("91410100MA0000441")
FIRM = SupplierForm("河南甲律师事务所", CODE, "郑州市", "张律师", "0371-60000011")
AGENT = SupplierForm("郑州丁法律咨询有限公司", AGENT_CODE)
AT = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)

EXAMPLES: list[Any] = [
    SaveCollectionNotice("n-1", "p-1", "郑州市金水区", [LotForm("1", "法律顾问", "300000.50"), LotForm("2", "审计")],
                         title="征集公告", content="正文", collector_name="郑州市教育局", contact_person="吴强",
                         phone="0371-67170001"),
    SaveShortlistResult("r-1", "n-1", ShortlistBasis.MAX_PRICE, "280000", [FIRM], 3, EvaluationMethod.PRICE_PRIORITY),
    SaveShortlistResult("r-2", "n-2"),
    SubmitAnnouncement("n-1"), ApproveAnnouncement("n-1", 1), ReturnAnnouncement("n-1", 1, "地址有误"),
    UpdateShortlistedSupplier("p-1", CODE, FIRM), AddSupplierAgent("p-1", CODE, AGENT),
    UpdateSupplierAgent("p-1", CODE, AGENT), RemoveSupplierAgent("p-1", CODE, AGENT_CODE),
    RemoveShortlistedSupplier("p-1", CODE, "严重违约"),
    SaveAgreementFiling("a-1", "p-1", "2026-03-01", "2027-02-28", "郑州市教育局", [CODE]),
    SaveAgreementFiling("a-2", "p-2"), FileAgreement("a-1"), ApproveAgreement("a-1", 1),
    ReturnAgreement("a-1", 1, "有效期有误"), RetryTradingPush("p-1"),
]


def test_every_command_round_trips_and_is_registered() -> None:
    for command in EXAMPLES:
        assert parse_command(command.name, command_payload(command)) == command
    assert {c.name for c in EXAMPLES} == {c.name for c in AGREEMENT_COMMANDS} <= set(COMMANDS)


@pytest.mark.parametrize(("command", "code"), [
    (SaveCollectionNotice("", "p-1", "地址"), "field_required"),
    (SaveCollectionNotice("n-1", "p-1", "地址", [LotForm("1", "甲"), LotForm(" 1 ", "乙")]), "lot_number_duplicate"),
    (SaveCollectionNotice("n-1", "p-1", "地址", [LotForm("1", "甲", "0")]), "number_invalid"),
    (SaveCollectionNotice("n-1", "p-1", "地址", [LotForm("1", "甲", "1.001")]), "number_invalid"),
    (SaveCollectionNotice("n-1", "p-1", "地址", phone="电话"), "phone_invalid"),
    (SaveShortlistResult("r-1", "n-1", ShortlistBasis.MIN_SCORE, "八十"), "number_invalid"),
    (SaveShortlistResult("r-1", "n-1", suppliers=[SupplierForm("甲", CODE[:-1] + ("0" if CODE[-1] != "0" else "1"))]),
     "supplier_credit_code_invalid"),
    (SaveShortlistResult("r-1", "n-1", suppliers=[SupplierForm(" ", CODE)]), "field_required"),
    (SaveShortlistResult("r-1", "n-1", responsive_count=-1), "number_invalid"),
    (AddSupplierAgent("p-1", CODE, SupplierForm("代理商", "123")), "supplier_credit_code_invalid"),
    (UpdateShortlistedSupplier("p-1", CODE, SupplierForm("甲", CODE, phone="12")), "phone_invalid"),
    (ReturnAnnouncement("n-1", 1, "  "), "return_reason_required"),
    (ReturnAgreement("a-1", 0, "原因"), "submission_invalid"),
    (ApproveAnnouncement("n-1", 0), "submission_invalid"),
    (SaveAgreementFiling("a-1", "p-1", "2026/03/01"), "date_invalid"),
    (RetryTradingPush(""), "field_required"),
    (RemoveShortlistedSupplier("p-1", CODE, " "), "removal_reason_required"),
])
def test_refused_before_queueing(command: Any, code: str) -> None:
    with pytest.raises(CommandInvalid) as info:
        parse_command(command.name, command_payload(command))
    assert info.value.code == code and info.value.message


def test_hand_added_suppliers_are_checked_and_normalised() -> None:
    info = SupplierForm(" 河南甲律师事务所 ", CODE.lower(), phone=" 0371-60000011 ").checked()
    assert (info.name, info.credit_code, info.phone) == ("河南甲律师事务所", CODE, "0371-60000011")
    with pytest.raises(CommandInvalid) as bad:
        SupplierForm("乙公司", "91410100MA000000C1").checked("委托代理商")
    assert bad.value.message.startswith("委托代理商“乙公司”的")
    assert LotForm(" 1 ", " 法律顾问 ", "300000").lot() == Lot("1", "法律顾问", Decimal(300000))


def test_records_read_back() -> None:
    announcement = AnnouncementRecord(
        kind="征集公告", column="采购公告", plan_id="p-1", plan_number="KJXY-410100-2026-00001", project_name="项目",
        title="征集公告", form="封闭式", is_interop=False, collector_unit_id="jyj-zz", collector_name="郑州市教育局",
        owner_unit_id="jyj-zz", owner_name="郑州市教育局", status="待提交", state_label="编辑中", submission=0,
        created_at=AT, updated_at=AT, collector=CollectorContactRecord("郑州市教育局", "吴强", "0371-67170001", "地址"))
    assert from_json(AnnouncementRecord, to_json(announcement)) == announcement and announcement.editable
    filing = AgreementRecord(
        plan_id="p-1", plan_number="KJXY-410100-2026-00001", project_name="项目", result_id="r-1", form="封闭式",
        collector_unit_id="jyj-zz", collector_name="郑州市教育局", collector_credit_code=CODE, status="审核通过",
        state_label="已备案", submission=1, created_at=AT, updated_at=AT,
        suppliers=[ShortlistedSupplierEntry("甲", CODE, agents=[])])
    assert from_json(AgreementRecord, to_json(filing)) == filing and filing.filed
    bridge = TradingBridgeRecord("p-1", "KJXY-410000-2026-00001", "项目", "cgzx-hn", "待推送", AT)
    assert from_json(TradingBridgeRecord, to_json(bridge)) == bridge
