"""Second-stage (二阶段) and open-agreement joining records as the change feed carries them (issue 7).

Kinds (:class:`desktop.domain.protocol.RecordKind`):

* ``second_stage`` — one second-stage procurement under a filed framework agreement
  (:class:`SecondStageRecord`): how the supplier is chosen (直接选定 / 二次竞价 / 顺序轮候), the award
  and the 合同备案 with its review. Seen by the purchaser and the collector; during a 二次竞价 by the
  invited suppliers too (the invitation and its deadline, never the other bids); after the award
  by the chosen supplier. Bids are listed only once the deadline has passed and the award is made.
* ``second_stage_bid`` — one supplier's own bid (:class:`BidRecord`); only that supplier sees it.
* ``procurement_plan`` — the 采购计划备案 created automatically by the second-stage 合同备案
  (:class:`ProcurementPlanRecord`, manual 1.3.1.5 注意). Seen by the purchaser, its 本级财政（监管）部门,
  the collector and the supplier.
* ``join_application`` — a supplier's application to join an open agreement
  (:class:`JoinApplicationRecord`) with its review deadline (7 working days) and, once approved,
  its announcement deadline (2 working days). Seen by the applicant, the collector and the
  collector's regulator; ``warnings`` carries the overdue flags as of ``flags_at``, and
  :func:`desktop.domain.workflow.second_stage.join_deadline_warnings` recomputes them for today.

The 合同公告 of a second-stage contract and the announcement of an admitted supplier travel as
``announcement`` records (:class:`desktop.domain.agreement_records.AnnouncementRecord`, columns
合同公告 and 结果公告). Amounts are decimal strings, dates ``YYYY-MM-DD``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from desktop.domain.agreement_records import ReviewEventRecord, SupplierEntryRecord
from desktop.domain.plan_records import PlanWarningRecord

__all__ = [
    "BidEntryRecord",
    "BidRecord",
    "JoinApplicationRecord",
    "PaymentEntryRecord",
    "ProcurementPlanRecord",
    "SecondStageRecord",
]


@dataclass(frozen=True)
class BidEntryRecord:
    """A bid as the procurement lists it after the award (rank 1 = the winner)."""

    rank: int
    name: str
    credit_code: str
    price: str
    at: dt.datetime


@dataclass(frozen=True)
class PaymentEntryRecord:
    """One 资金支付申请 against the filed contract."""

    payment_id: str
    amount: str
    requested_at: dt.datetime
    requested_by: str = ""


@dataclass(frozen=True)
class SecondStageRecord:
    plan_id: str
    plan_number: str
    project_name: str
    form: str
    """封闭式 / 开放式."""
    method: str
    """直接选定 / 二次竞价 / 顺序轮候 (:class:`desktop.domain.workflow.agreement.SecondStageMethod`)."""
    title: str
    purchaser_unit_id: str
    purchaser_name: str
    collector_unit_id: str
    collector_name: str
    state: str
    """:class:`desktop.domain.workflow.second_stage.SecondStageState` value."""
    state_label: str
    """待确定供应商 / 竞价中 / 竞价失败 / 待合同备案 / 合同备案待内部审核岗审核 / 合同备案已退回 / 已备案."""
    created_at: dt.datetime
    updated_at: dt.datetime
    suppliers: list[SupplierEntryRecord] = field(default_factory=list)
    """The agreement's current suppliers (in its fixed order) when the record was written."""
    rotation_next: str | None = None
    """顺序轮候: the credit code next in the rotation (updated on every procurement still choosing when
    the rotation moves; the server decides at the award)."""
    rotation_cycle: int | None = None
    invited: list[str] = field(default_factory=list)
    deadline: dt.datetime | None = None
    ceiling: str | None = None
    """二次竞价: the agreement price capping the bids."""
    bid_count: int = 0
    bids: list[BidEntryRecord] = field(default_factory=list)
    supplier_name: str = ""
    supplier_credit_code: str = ""
    award_price: str | None = None
    awarded_at: dt.datetime | None = None
    contract_title: str = ""
    contract_amount: str | None = None
    contract_signed_on: str | None = None
    filing_status: str = "待提交"
    """:class:`desktop.domain.workflow.review.FlowStatus` value of the 合同备案."""
    submission: int = 0
    pending_step: str | None = None
    submitter_account_id: str = ""
    approved_by: list[str] = field(default_factory=list)
    return_reason: str = ""
    filed_at: dt.datetime | None = None
    announcement_id: str = ""
    """The 合同公告 published at filing."""
    procurement_plan_number: str = ""
    lot_id: str = ""
    """The 标段 offered to 合同在线签订 once the supplier is chosen (a registered supplier only)."""
    online_contract_id: str = ""
    """The 合同在线签订 record of that lot, if any; its doubly signed PDF becomes the main document."""
    online_contract_state: str = ""
    document_sha256: str = ""
    """The 合同主文档 taken from 合同在线签订 at 合同备案 (locked)."""
    payments: list[PaymentEntryRecord] = field(default_factory=list)
    paid_total: str = "0"
    warnings: list[PlanWarningRecord] = field(default_factory=list)
    history: list[ReviewEventRecord] = field(default_factory=list)


@dataclass(frozen=True)
class BidRecord:
    procurement_id: str
    plan_number: str
    project_name: str
    title: str
    supplier_name: str
    credit_code: str
    price: str
    at: dt.datetime
    deadline: dt.datetime


@dataclass(frozen=True)
class ProcurementPlanRecord:
    """采购计划备案, generated by the second-stage 合同备案 ("系统自动生成对应的采购计划备案内容")."""

    number: str
    procurement_id: str
    plan_id: str
    plan_number: str
    """The framework agreement's 计划编号."""
    project_name: str
    title: str
    purchaser_unit_id: str
    purchaser_name: str
    supplier_name: str
    supplier_credit_code: str
    amount: str
    method: str
    """二阶段确定供应商的方式."""
    contract_title: str
    signed_on: str
    announcement_id: str
    created_at: dt.datetime
    procurement_method: str = "框架协议采购"
    budget_year: int | None = None
    source: str = "二阶段合同备案自动生成"


@dataclass(frozen=True)
class JoinApplicationRecord:
    plan_id: str
    plan_number: str
    project_name: str
    collector_unit_id: str
    collector_name: str
    supplier_unit_id: str
    name: str
    credit_code: str
    status: str
    """待审核 / 已入围 / 未通过 (:class:`desktop.domain.workflow.second_stage.JoinStatus`)."""
    received_at: dt.datetime
    review_due: str
    """The last day of the 7-working-day review (YYYY-MM-DD)."""
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    reviewed_at: dt.datetime | None = None
    reason: str = ""
    """Why it was refused."""
    announce_due: str | None = None
    announced_at: dt.datetime | None = None
    announcement_id: str = ""
    warnings: list[PlanWarningRecord] = field(default_factory=list)
    """Overdue flags (join_review_overdue / join_announcement_overdue) as of ``flags_at``."""
    flags_at: dt.datetime | None = None
    history: list[ReviewEventRecord] = field(default_factory=list)
