"""Second-stage (二阶段) and open-agreement joining commands (issue 7; seed manual 1.3.1.5, 1.3.2).

By the purchaser (a 采购人 account of a unit inside the agreement's scope), under a filed agreement:

* ``create_second_stage``            经办岗 starts a procurement (【合同管理】-【合同备案】, 框架协议); the
                                     method is the agreement's (fixed at collection);
* ``select_second_stage_supplier``   直接选定 (closed agreements so fixed, and every open agreement);
* ``invite_second_bids``             二次竞价: invite current suppliers (none named: all), a response
                                     deadline, optionally a ceiling below the agreement price;
* ``award_second_bids``              after the deadline: the lowest bid wins;
* ``award_rotation``                 顺序轮候: the supplier the purchaser saw as next;
* ``file_second_stage_contract``     经办岗 enters the contract and submits its 合同备案;
* ``approve_second_stage_contract`` / ``return_second_stage_contract``
                                     内部审核岗: approval publishes the 合同公告 and creates the
                                     采购计划备案.

``request_payment`` (资金支付申请) by the purchaser's 经办岗 once the contract is filed: refused
with the manual's wording until the agreement is filed, and beyond the contract amount.

By a supplier: ``submit_second_bid`` (an invited supplier, once, before the deadline by the server's
clock) and ``apply_to_join_agreement`` (an open agreement). By the collector's 审核岗:
``approve_join_application`` (the supplier joins; the announcement is published) and
``refuse_join_application`` (with the reason).

Everything here is checked without context; the server adds state, scope and permission checks
with :mod:`desktop.domain.workflow.second_stage`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from desktop.domain.identity import InvalidIdentityCode, validate_credit_code
from desktop.domain.plan_commands import _date, _decimal, _invalid, _text

__all__ = [
    "SECOND_STAGE_COMMANDS",
    "ApplyToJoin",
    "ApproveJoin",
    "ApproveSecondStageContract",
    "AwardBids",
    "AwardRotation",
    "CreateSecondStage",
    "FileSecondStageContract",
    "InviteBids",
    "RefuseJoin",
    "RequestPayment",
    "ReturnSecondStageContract",
    "SecondStageCommand",
    "SelectSupplier",
    "SubmitBid",
]

ID_LIMIT = 48
"""Ids stay short enough for the ids derived from them (合同公告 ``htgg-<id>``, 入围公告 ``rwgg-<id>``)."""
MAX_INVITED = 200


def _id(value: str, label_zh: str, label_en: str) -> str:
    return _text(value, label_zh, label_en, ID_LIMIT)


def _procurement(value: str) -> str:
    return _id(value, "二阶段采购编号", "second-stage procurement id")


def _credit_code(value: str) -> str:
    try:
        return validate_credit_code(value)
    except InvalidIdentityCode as exc:
        raise _invalid(f"供应商{exc.message}", exc.message_en, "supplier_credit_code_invalid") from exc


def _amount(value: str, label_zh: str, label_en: str) -> None:
    if _decimal(value, label_zh, label_en) <= 0:
        raise _invalid(f"{label_zh}应大于 0", f"{label_en} must be positive", "number_invalid")


def _round(submission: int) -> None:
    if submission < 1:
        raise _invalid("审核轮次不正确", "submission round starts at 1", "submission_invalid")


def _reason(reason: str, label_zh: str, code: str) -> None:
    if not reason.strip():
        raise _invalid(f"{label_zh}时必须填写原因", "a reason is required", code)
    _text(reason, "原因", "reason", 500)


def _phone(value: str) -> None:
    text = value.strip()
    if text and (not 7 <= len(text) <= 20 or not all(c.isdigit() or c in "-+ " for c in text)):
        raise _invalid(f"联系电话“{value}”格式不正确", f"invalid phone number {value!r}", "phone_invalid")


# --- the procurement ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CreateSecondStage:
    """A purchaser's 经办岗 starts a second-stage procurement under the filed agreement of ``plan_id``."""

    name: ClassVar[str] = "create_second_stage"
    procurement_id: str
    plan_id: str
    title: str

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _text(self.plan_id, "计划备案编号", "plan id", 64)
        _text(self.title, "采购项目名称", "title", 200)


@dataclass(frozen=True)
class SelectSupplier:
    """直接选定: the purchaser picks a current supplier."""

    name: ClassVar[str] = "select_second_stage_supplier"
    procurement_id: str
    credit_code: str

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _credit_code(self.credit_code)


@dataclass(frozen=True)
class InviteBids:
    """二次竞价: invite suppliers (empty: every current supplier) to bid by ``deadline``."""

    name: ClassVar[str] = "invite_second_bids"
    procurement_id: str
    deadline: dt.datetime
    """竞价响应截止时间 (with its time zone); the server's clock decides."""
    credit_codes: list[str] = field(default_factory=list)
    ceiling: str | None = None
    """A ceiling below the agreement price (yuan); None: the agreement price."""

    def validate(self) -> None:
        _procurement(self.procurement_id)
        if self.deadline.tzinfo is None:
            raise _invalid("竞价响应截止时间缺少时区", "the deadline needs a time zone", "date_invalid")
        if len(self.credit_codes) > MAX_INVITED:
            raise _invalid("邀请的供应商过多", "too many suppliers invited", "field_too_long")
        for code in self.credit_codes:
            _credit_code(code)
        if self.ceiling is not None:
            _amount(self.ceiling, "协议价格", "ceiling")


@dataclass(frozen=True)
class SubmitBid:
    """An invited supplier's 经办岗 bids (yuan), once, before the deadline."""

    name: ClassVar[str] = "submit_second_bid"
    procurement_id: str
    price: str

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _amount(self.price, "报价", "bid")


@dataclass(frozen=True)
class AwardBids:
    """确定成交供应商 after the deadline: the lowest bid wins (竞价失败 when nobody bid)."""

    name: ClassVar[str] = "award_second_bids"
    procurement_id: str

    def validate(self) -> None:
        _procurement(self.procurement_id)


@dataclass(frozen=True)
class AwardRotation:
    """顺序轮候: award the supplier shown as next (the server refuses when it is no longer next)."""

    name: ClassVar[str] = "award_rotation"
    procurement_id: str
    credit_code: str

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _credit_code(self.credit_code)


@dataclass(frozen=True)
class FileSecondStageContract:
    """合同备案 by the 经办岗: the contract's title, amount (yuan) and signing date; goes to 内部审核岗."""

    name: ClassVar[str] = "file_second_stage_contract"
    procurement_id: str
    contract_title: str
    amount: str
    signed_on: str
    """YYYY-MM-DD."""

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _text(self.contract_title, "合同名称", "contract title", 200)
        _amount(self.amount, "合同金额", "contract amount")
        _date(self.signed_on, "合同签订日期", "signing date")


@dataclass(frozen=True)
class ApproveSecondStageContract:
    """审核通过 (round ``submission``): 合同公告 published, 采购计划备案 created."""

    name: ClassVar[str] = "approve_second_stage_contract"
    procurement_id: str
    submission: int

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _round(self.submission)


@dataclass(frozen=True)
class ReturnSecondStageContract:
    name: ClassVar[str] = "return_second_stage_contract"
    procurement_id: str
    submission: int
    reason: str

    def validate(self) -> None:
        _procurement(self.procurement_id)
        _round(self.submission)
        _reason(self.reason, "退回", "return_reason_required")


@dataclass(frozen=True)
class RequestPayment:
    """资金支付申请 (yuan) against a filed second-stage contract; ``payment_id`` makes it idempotent."""

    name: ClassVar[str] = "request_payment"
    payment_id: str
    procurement_id: str
    amount: str

    def validate(self) -> None:
        _id(self.payment_id, "支付申请编号", "payment id")
        _procurement(self.procurement_id)
        _amount(self.amount, "支付金额", "payment amount")


# --- joining an open agreement ----------------------------------------------------------------------

@dataclass(frozen=True)
class ApplyToJoin:
    """A supplier applies to join the open agreement of ``plan_id`` (name and credit code: its unit's)."""

    name: ClassVar[str] = "apply_to_join_agreement"
    application_id: str
    plan_id: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""

    def validate(self) -> None:
        _id(self.application_id, "加入申请编号", "application id")
        _text(self.plan_id, "计划备案编号", "plan id", 64)
        _text(self.address, "供应商地址", "address", 200, required=False)
        _text(self.contact_person, "供应商联系人", "contact person", 50, required=False)
        _phone(self.phone)


@dataclass(frozen=True)
class ApproveJoin:
    """审核通过 by the collector's 审核岗: the supplier joins and the announcement is published."""

    name: ClassVar[str] = "approve_join_application"
    application_id: str

    def validate(self) -> None:
        _id(self.application_id, "加入申请编号", "application id")


@dataclass(frozen=True)
class RefuseJoin:
    """审核不通过, with the reason the applicant reads."""

    name: ClassVar[str] = "refuse_join_application"
    application_id: str
    reason: str

    def validate(self) -> None:
        _id(self.application_id, "加入申请编号", "application id")
        _reason(self.reason, "审核不通过", "refusal_reason_required")


SecondStageCommand = (CreateSecondStage | SelectSupplier | InviteBids | SubmitBid | AwardBids | AwardRotation
                      | FileSecondStageContract | ApproveSecondStageContract | ReturnSecondStageContract
                      | RequestPayment | ApplyToJoin | ApproveJoin | RefuseJoin)

SECOND_STAGE_COMMANDS: tuple[type[SecondStageCommand], ...] = (
    CreateSecondStage, SelectSupplier, InviteBids, SubmitBid, AwardBids, AwardRotation, FileSecondStageContract,
    ApproveSecondStageContract, ReturnSecondStageContract, RequestPayment, ApplyToJoin, ApproveJoin, RefuseJoin)
