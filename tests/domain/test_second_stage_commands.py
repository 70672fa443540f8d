"""二阶段 and joining commands: payload shape, the checks made before queueing, records read back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop.domain.agreement_records import SupplierEntryRecord
from desktop.domain.commands import COMMANDS, CommandInvalid, command_payload, parse_command
from desktop.domain.identity import credit_code_check_char
from desktop.domain.protocol import RecordKind, from_json, to_json
from desktop.domain.second_stage_commands import (
    SECOND_STAGE_COMMANDS,
    ApplyToJoin,
    ApproveJoin,
    ApproveSecondStageContract,
    AwardBids,
    AwardRotation,
    CreateSecondStage,
    FileSecondStageContract,
    InviteBids,
    RefuseJoin,
    RequestPayment,
    ReturnSecondStageContract,
    SelectSupplier,
    SubmitBid,
)
from desktop.domain.second_stage_records import (
    BidEntryRecord,
    BidRecord,
    JoinApplicationRecord,
    ProcurementPlanRecord,
    SecondStageRecord,
)

CODE = "31410000MD0000011" + credit_code_check_char("31410000MD0000011")
AT = dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC)

EXAMPLES: list[Any] = [
    CreateSecondStage("s-1", "p-1", "2027年度法律顾问"), SelectSupplier("s-1", CODE),
    InviteBids("s-1", AT, [CODE], "250000.50"), InviteBids("s-2", AT), SubmitBid("s-1", "240000"), AwardBids("s-1"),
    AwardRotation("s-1", CODE), FileSecondStageContract("s-1", "法律顾问合同", "200000", "2026-11-26"),
    ApproveSecondStageContract("s-1", 1), ReturnSecondStageContract("s-1", 1, "金额有误"),
    ApplyToJoin("j-1", "p-1", "郑州市", "张三", "0371-60000000"), ApproveJoin("j-1"), RefuseJoin("j-1", "资质不符"),
    RequestPayment("pay-1", "s-1", "50000.00"),
]


def test_every_command_round_trips_and_is_registered() -> None:
    for command in EXAMPLES:
        assert parse_command(command.name, command_payload(command)) == command
    assert {c.name for c in EXAMPLES} == {c.name for c in SECOND_STAGE_COMMANDS} <= set(COMMANDS)


@pytest.mark.parametrize(("command", "code"), [
    (CreateSecondStage("s" * 49, "p-1", "x"), "field_too_long"),
    (CreateSecondStage("s-1", "p-1", " "), "field_required"),
    (SelectSupplier("s-1", CODE[:-1] + ("0" if CODE[-1] != "0" else "1")), "supplier_credit_code_invalid"),
    (InviteBids("s-1", AT, ceiling="0"), "number_invalid"),
    (InviteBids("s-1", AT, ceiling="1.001"), "number_invalid"),
    (SubmitBid("s-1", "-1"), "number_invalid"),
    (SubmitBid("s-1", "一万"), "number_invalid"),
    (FileSecondStageContract("s-1", "合同", "100", "2026/11/26"), "date_invalid"),
    (FileSecondStageContract("s-1", "合同", "0", "2026-11-26"), "number_invalid"),
    (ApproveSecondStageContract("s-1", 0), "submission_invalid"),
    (ReturnSecondStageContract("s-1", 1, " "), "return_reason_required"),
    (RefuseJoin("j-1", ""), "refusal_reason_required"),
    (ApplyToJoin("j-1", "p-1", phone="电话"), "phone_invalid"),
    (RequestPayment("pay-1", "s-1", "0"), "number_invalid"),
    (RequestPayment("", "s-1", "100"), "field_required"),
])
def test_refused_before_queueing(command: Any, code: str) -> None:
    with pytest.raises(CommandInvalid) as info:
        parse_command(command.name, command_payload(command))
    assert info.value.code == code and info.value.message


def test_a_naive_deadline_never_travels() -> None:
    payload = command_payload(InviteBids("s-1", AT))
    payload["deadline"] = "2026-11-27T09:00:00"
    with pytest.raises(CommandInvalid) as info:
        parse_command(InviteBids.name, payload)
    assert info.value.code == "payload_malformed"
    with pytest.raises(CommandInvalid) as naive:  # checked before queueing too
        InviteBids("s-1", dt.datetime(2026, 11, 27, 9)).validate()
    assert naive.value.code == "date_invalid"


def test_records_read_back() -> None:
    stage = SecondStageRecord(
        plan_id="p-1", plan_number="KJXY-410100-2026-00001", project_name="项目", form="封闭式", method="二次竞价",
        title="法律顾问", purchaser_unit_id="yz-zz", purchaser_name="郑州市第一中学", collector_unit_id="jyj-zz",
        collector_name="郑州市教育局", state="已确定供应商", state_label="待合同备案", created_at=AT, updated_at=AT,
        suppliers=[SupplierEntryRecord("甲", CODE)], deadline=AT, bids=[BidEntryRecord(1, "甲", CODE, "1", AT)])
    assert from_json(SecondStageRecord, to_json(stage)) == stage
    bid = BidRecord("s-1", "KJXY", "项目", "法律顾问", "甲", CODE, "1", AT, AT)
    assert from_json(BidRecord, to_json(bid)) == bid
    plan = ProcurementPlanRecord("KJXY-001", "s-1", "p-1", "KJXY", "项目", "法律顾问", "yz-zz", "郑州市第一中学", "甲",
                                 CODE, "1", "直接选定", "合同", "2026-11-26", "htgg-s-1", AT, budget_year=2026)
    assert from_json(ProcurementPlanRecord, to_json(plan)) == plan
    join = JoinApplicationRecord("p-1", "KJXY", "项目", "cgzx-hn", "河南省政府采购中心", "dd", "丁", CODE, "待审核",
                                 AT, "2026-12-08")
    assert from_json(JoinApplicationRecord, to_json(join)) == join
    assert {RecordKind.SECOND_STAGE, RecordKind.SECOND_STAGE_BID, RecordKind.PROCUREMENT_PLAN,
            RecordKind.JOIN_APPLICATION} <= set(RecordKind)
