"""信息发布, 入围供应商管理, 框架协议备案 and 互认互通 commands (issue 7; seed manual 1.3.1.2–1.3.1.4).

Announcements (【信息发布】-【采购公告发布】, 【项目向导】), by the collector or its entrusted agency:

* ``save_collection_notice``  征集公告 from the template for a numbered plan. 征集人名称、联系人、联系方式
                              come from the plan and are locked (empty = as carried; anything else
                              must equal it); 联系地址 is editable; lots (分包) are entered here, or for
                              互认互通 projects come from the trading system (and nothing can be
                              edited before they arrive).
* ``save_shortlist_result``   入围结果公告, once the 征集公告 is published: 最高入围价格 or 最低入围分值, and
                              the shortlisted suppliers (picked from those the trading centre pushed,
                              or added by hand: every credit code is checked here already). Saving
                              syncs the suppliers into 入围供应商管理.
* ``submit_announcement`` / ``approve_announcement`` / ``return_announcement``
                              经办岗 submits, 内部审核岗 approves (published into its column) or returns.

入围供应商管理 (【合同管理】-【入围供应商管理】-【供应商管理】), by the collector's 经办岗:
``update_shortlisted_supplier`` (name and credit code locked), ``add_supplier_agent``,
``update_supplier_agent``, ``remove_supplier_agent`` (委托代理商, one or more per supplier), and
``remove_shortlisted_supplier`` (移出: the supplier leaves the agreement, with the reason; a
顺序轮候 order changes only then).

框架协议备案 (【合同管理】-【框架协议备案】), by the collector: ``save_agreement_filing`` (【新增】: pick
the project; collector and suppliers are carried and locked), ``file_agreement`` (备案, 经办岗),
``approve_agreement`` / ``return_agreement`` (内部审核岗).

互认互通: ``retry_trading_push`` (重新推送) asks the bridge to retry a failed push now.

Everything here is checked without context (shape, lengths, numbers, dates, credit codes); the
server adds the state and permission checks with the rules of :mod:`desktop.domain.workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from desktop.domain.plan_commands import _date, _decimal, _invalid, _text
from desktop.domain.workflow.announcement import Lot, ShortlistBasis
from desktop.domain.workflow.common import TransitionRefused, WorkflowError, require_reason
from desktop.domain.workflow.order110 import EvaluationMethod
from desktop.domain.workflow.suppliers import SupplierInfo, supplier_info

__all__ = [
    "AGREEMENT_COMMANDS",
    "AddSupplierAgent",
    "AgreementCommand",
    "ApproveAgreement",
    "ApproveAnnouncement",
    "FileAgreement",
    "LotForm",
    "RemoveShortlistedSupplier",
    "RemoveSupplierAgent",
    "RetryTradingPush",
    "ReturnAgreement",
    "ReturnAnnouncement",
    "SaveAgreementFiling",
    "SaveCollectionNotice",
    "SaveShortlistResult",
    "SubmitAnnouncement",
    "SupplierForm",
    "UpdateShortlistedSupplier",
    "UpdateSupplierAgent",
]

MAX_LOTS = 100
MAX_SUPPLIERS = 200


def _id(value: str, label_zh: str, label_en: str) -> str:
    return _text(value, label_zh, label_en, 64)


def _round(submission: int) -> None:
    if submission < 1:
        raise _invalid("审核轮次不正确", "submission round starts at 1", "submission_invalid")


def _reason(reason: str) -> None:
    try:
        require_reason(reason)
    except TransitionRefused as exc:  # the domain's wording, as a command refusal
        raise _invalid(exc.message, exc.message_en, exc.code) from exc
    _text(reason, "退回原因", "return reason", 500)


def _phone(value: str, label_zh: str) -> None:
    text = value.strip()
    if text and (not 7 <= len(text) <= 20 or not all(c.isdigit() or c in "-+ " for c in text)):
        raise _invalid(f"{label_zh}“{value}”格式不正确", f"invalid phone number {value!r}", "phone_invalid")


# --- parts of forms ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class LotForm:
    """分包信息: number, name and, where the lot sets one, the 最高限制单价 (yuan, a decimal string)."""

    number: str
    name: str
    max_unit_price: str | None = None

    def check_shape(self) -> None:
        _text(self.number, "分包编号", "lot number", 20)
        _text(self.name, "分包名称", "lot name", 200)
        if self.max_unit_price is not None and _decimal(self.max_unit_price, "最高限制单价", "max unit price") <= 0:
            raise _invalid("最高限制单价应大于 0", "the max unit price must be positive", "number_invalid")

    def lot(self) -> Lot:
        price = self.max_unit_price
        return Lot(self.number.strip(), self.name.strip(), Decimal(price.strip()) if price is not None else None)


@dataclass(frozen=True)
class SupplierForm:
    """A supplier or 委托代理商 as entered: name, 统一社会信用代码 (checked), address and contacts."""

    name: str
    credit_code: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""

    def checked(self, label: str = "供应商") -> SupplierInfo:
        """The checked, normalised info; raises CommandInvalid with the rule's wording."""
        _text(self.name, f"{label}名称", "name", 200)
        _text(self.address, f"{label}地址", "address", 200, required=False)
        _text(self.contact_person, f"{label}联系人", "contact person", 50, required=False)
        try:
            return supplier_info(self.name, self.credit_code, self.address, self.contact_person, self.phone, label)
        except WorkflowError as exc:
            raise _invalid(exc.message, exc.message_en, exc.code) from exc


# --- announcements -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class SaveCollectionNotice:
    """【项目向导】→【保存】 the 征集公告 of a numbered plan (create, or change a draft / returned one)."""

    name: ClassVar[str] = "save_collection_notice"
    notice_id: str
    plan_id: str
    address: str
    lots: list[LotForm] = field(default_factory=list)
    """Ignored for 互认互通 projects when empty (the trading system's lots are kept)."""
    title: str = ""
    """公告标题; empty: "<项目名称>征集公告"."""
    content: str = ""
    """The rest of the template (征集内容、响应要求 …), free text."""
    collector_name: str = ""
    contact_person: str = ""
    phone: str = ""
    """征集人名称、联系人、联系方式 as the form shows them (locked; empty = as carried from the plan)."""

    def validate(self) -> None:
        _id(self.notice_id, "公告编号", "announcement id")
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.address, "联系地址", "address", 200, required=False)
        _text(self.title, "公告标题", "title", 200, required=False)
        _text(self.content, "公告内容", "content", 20000, required=False)
        _text(self.collector_name, "征集人名称", "collector name", 200, required=False)
        _text(self.contact_person, "联系人", "contact person", 50, required=False)
        _phone(self.phone, "联系方式")
        if len(self.lots) > MAX_LOTS:
            raise _invalid(f"分包过多（最多 {MAX_LOTS} 个）", "too many lots", "field_too_long")
        for lot in self.lots:
            lot.check_shape()
        numbers = [lot.number.strip() for lot in self.lots]
        if len(set(numbers)) != len(numbers):
            raise _invalid("分包编号重复", "a lot number is used twice", "lot_number_duplicate")


@dataclass(frozen=True)
class SaveShortlistResult:
    """【保存】 the 入围结果公告 of a published 征集公告; the suppliers go to 入围供应商管理."""

    name: ClassVar[str] = "save_shortlist_result"
    result_id: str
    notice_id: str
    basis: ShortlistBasis | None = None
    basis_value: str | None = None
    """The 最高入围价格 (yuan) or 最低入围分值, a decimal string."""
    suppliers: list[SupplierForm] = field(default_factory=list)
    responsive_count: int | None = None
    """Suppliers whose responses met the requirements (for Order No. 110's elimination warning)."""
    evaluation_method: EvaluationMethod | None = None
    title: str = ""
    content: str = ""

    def validate(self) -> None:
        _id(self.result_id, "公告编号", "announcement id")
        _id(self.notice_id, "征集公告编号", "collection notice id")
        if self.basis_value is not None:
            _decimal(self.basis_value, self.basis.value if self.basis else "入围价格或分值", "shortlisting basis")
        if len(self.suppliers) > MAX_SUPPLIERS:
            raise _invalid(f"入围供应商过多（最多 {MAX_SUPPLIERS} 家）", "too many suppliers", "field_too_long")
        for supplier in self.suppliers:
            supplier.checked("入围供应商")
        if self.responsive_count is not None and not 0 <= self.responsive_count <= 10000:
            raise _invalid("响应供应商数量不正确", "responsive count out of range", "number_invalid")
        _text(self.title, "公告标题", "title", 200, required=False)
        _text(self.content, "公告内容", "content", 20000, required=False)


@dataclass(frozen=True)
class SubmitAnnouncement:
    """提交: the 经办岗 sends the announcement to the 内部审核岗."""

    name: ClassVar[str] = "submit_announcement"
    announcement_id: str

    def validate(self) -> None:
        _id(self.announcement_id, "公告编号", "announcement id")


@dataclass(frozen=True)
class ApproveAnnouncement:
    """审核通过 (round ``submission`` as the reviewer saw it): the announcement is published."""

    name: ClassVar[str] = "approve_announcement"
    announcement_id: str
    submission: int

    def validate(self) -> None:
        _id(self.announcement_id, "公告编号", "announcement id")
        _round(self.submission)


@dataclass(frozen=True)
class ReturnAnnouncement:
    name: ClassVar[str] = "return_announcement"
    announcement_id: str
    submission: int
    reason: str

    def validate(self) -> None:
        _id(self.announcement_id, "公告编号", "announcement id")
        _round(self.submission)
        _reason(self.reason)


# --- 入围供应商管理 ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UpdateShortlistedSupplier:
    """Change a shortlisted supplier's address, contact person or phone (name and code are locked)."""

    name: ClassVar[str] = "update_shortlisted_supplier"
    plan_id: str
    credit_code: str
    """Which supplier (as synced from the result announcement)."""
    supplier: SupplierForm

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.credit_code, "统一社会信用代码", "credit code", 18)
        _text(self.supplier.address, "供应商地址", "address", 200, required=False)
        _text(self.supplier.contact_person, "供应商联系人", "contact person", 50, required=False)
        _phone(self.supplier.phone, "供应商联系电话")


@dataclass(frozen=True)
class AddSupplierAgent:
    """委托代理商 → 新增 for one shortlisted supplier."""

    name: ClassVar[str] = "add_supplier_agent"
    plan_id: str
    credit_code: str
    agent: SupplierForm

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.credit_code, "统一社会信用代码", "credit code", 18)
        self.agent.checked("委托代理商")


@dataclass(frozen=True)
class UpdateSupplierAgent:
    """Change an agent's address or contacts (the agent is found by its credit code)."""

    name: ClassVar[str] = "update_supplier_agent"
    plan_id: str
    credit_code: str
    agent: SupplierForm

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.credit_code, "统一社会信用代码", "credit code", 18)
        self.agent.checked("委托代理商")


@dataclass(frozen=True)
class RemoveSupplierAgent:
    name: ClassVar[str] = "remove_supplier_agent"
    plan_id: str
    credit_code: str
    agent_credit_code: str

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.credit_code, "统一社会信用代码", "credit code", 18)
        _text(self.agent_credit_code, "委托代理商统一社会信用代码", "agent credit code", 18)


@dataclass(frozen=True)
class RemoveShortlistedSupplier:
    """移出入围供应商 by the collector's 经办岗, with the reason (Order 110: a supplier that breaches the
    agreement leaves it); the supplier is no longer offered in the second stage."""

    name: ClassVar[str] = "remove_shortlisted_supplier"
    plan_id: str
    credit_code: str
    reason: str

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")
        _text(self.credit_code, "统一社会信用代码", "credit code", 18)
        if not self.reason.strip():
            raise _invalid("移出入围供应商时必须填写原因", "a removal needs a reason", "removal_reason_required")
        _text(self.reason, "移出原因", "reason", 500)


# --- 框架协议备案 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SaveAgreementFiling:
    """【新增】/【修改】→【保存】: pick the project (a plan with a published 入围结果公告).

    ``collector_name`` and ``supplier_credit_codes`` are what the form shows (locked: empty = as
    carried; anything else must equal it). Only the validity period is the filer's own.
    """

    name: ClassVar[str] = "save_agreement_filing"
    filing_id: str
    plan_id: str
    validity_start: str | None = None
    """YYYY-MM-DD; None: the plan's."""
    validity_end: str | None = None
    collector_name: str = ""
    supplier_credit_codes: list[str] = field(default_factory=list)

    def validate(self) -> None:
        _id(self.filing_id, "框架协议备案编号", "agreement filing id")
        _id(self.plan_id, "计划备案编号", "plan id")
        _date(self.validity_start, "框架协议有效期开始日期", "validity start")
        _date(self.validity_end, "框架协议有效期截止日期", "validity end")
        _text(self.collector_name, "征集人名称", "collector name", 200, required=False)
        if len(self.supplier_credit_codes) > MAX_SUPPLIERS:
            raise _invalid("入围供应商过多", "too many suppliers", "field_too_long")


@dataclass(frozen=True)
class FileAgreement:
    """列表页面的【备案】 by the 经办岗: the filing goes to the 内部审核岗."""

    name: ClassVar[str] = "file_agreement"
    filing_id: str

    def validate(self) -> None:
        _id(self.filing_id, "框架协议备案编号", "agreement filing id")


@dataclass(frozen=True)
class ApproveAgreement:
    """审核通过: 框架协议备案完成 (second-stage contract filing and payment become possible)."""

    name: ClassVar[str] = "approve_agreement"
    filing_id: str
    submission: int

    def validate(self) -> None:
        _id(self.filing_id, "框架协议备案编号", "agreement filing id")
        _round(self.submission)


@dataclass(frozen=True)
class ReturnAgreement:
    name: ClassVar[str] = "return_agreement"
    filing_id: str
    submission: int
    reason: str

    def validate(self) -> None:
        _id(self.filing_id, "框架协议备案编号", "agreement filing id")
        _round(self.submission)
        _reason(self.reason)


# --- 互认互通 -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RetryTradingPush:
    """重新推送: failed pushes of the project to the trading system are retried at once."""

    name: ClassVar[str] = "retry_trading_push"
    plan_id: str

    def validate(self) -> None:
        _id(self.plan_id, "计划备案编号", "plan id")


AgreementCommand = (SaveCollectionNotice | SaveShortlistResult | SubmitAnnouncement | ApproveAnnouncement
                    | ReturnAnnouncement | UpdateShortlistedSupplier | AddSupplierAgent | UpdateSupplierAgent
                    | RemoveSupplierAgent | RemoveShortlistedSupplier | SaveAgreementFiling | FileAgreement
                    | ApproveAgreement | ReturnAgreement | RetryTradingPush)

AGREEMENT_COMMANDS: tuple[type[AgreementCommand], ...] = (
    SaveCollectionNotice, SaveShortlistResult, SubmitAnnouncement, ApproveAnnouncement, ReturnAnnouncement,
    UpdateShortlistedSupplier, AddSupplierAgent, UpdateSupplierAgent, RemoveSupplierAgent, RemoveShortlistedSupplier,
    SaveAgreementFiling, FileAgreement, ApproveAgreement, ReturnAgreement, RetryTradingPush)
