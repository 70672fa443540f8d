"""信息发布, 入围供应商管理, 框架协议备案 and 互认互通 records as the change feed carries them (issue 7).

Kinds (:class:`desktop.domain.protocol.RecordKind`):

* ``announcement`` — a 征集公告, 入围结果公告 or 合同公告 (:class:`AnnouncementRecord`), with the
  河南省政府采购网 ``column`` it is published in (采购公告 / 结果公告 / 合同公告). While it is edited or
  reviewed only the editing unit and the collector (or its entrusted agency) see it; once
  published, everyone does (the announcements browser).
* ``shortlisted_supplier`` — one row of 入围供应商管理 (:class:`ShortlistedSupplierRecord`): synced
  from the saved 入围结果公告, with its 委托代理商; the collector sees it.
* ``agreement`` — one 框架协议备案 (:class:`AgreementRecord`); the collector sees it while it is
  edited and reviewed, everyone once it is filed (purchasers in the scope use it in the second stage).
* ``trading_bridge`` — 互认互通 (省本级 projects only): what was pushed to and received from the
  公共资源交易系统 for one plan (:class:`TradingBridgeRecord`, id = the plan id); the collector (and its
  entrusted agency) see it. ``state`` is what the user reads: 待推送 / 已推送 / 已接收分包 /
  已接收入围供应商 / 推送失败 (with ``reason``).

Amounts and scores are decimal strings, dates ``YYYY-MM-DD``; ``from_json(Record, change.data)``
reads one back.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from desktop.domain.plan_records import PlanProblemRecord, PlanWarningRecord

__all__ = [
    "AgentRecord",
    "AgreementRecord",
    "AnnouncementLotRecord",
    "AnnouncementRecord",
    "BridgeMessageRecord",
    "BridgeState",
    "CollectorContactRecord",
    "ReviewEventRecord",
    "ShortlistedSupplierEntry",
    "ShortlistedSupplierRecord",
    "SupplierEntryRecord",
    "TradingBridgeRecord",
    "TradingPushState",
]


@dataclass(frozen=True)
class ReviewEventRecord:
    """One line of the 审核记录: submit / approve / return (file for an agreement), who, when, why."""

    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    actor_account_id: str
    actor_unit_id: str
    submission: int
    reason: str = ""
    actor_name: str = ""


@dataclass(frozen=True)
class CollectorContactRecord:
    """征集人信息 on a 征集公告: name, contact and phone carried from the plan (locked), address editable."""

    name: str
    contact_person: str
    phone: str
    address: str


@dataclass(frozen=True)
class AnnouncementLotRecord:
    number: str
    name: str
    max_unit_price: str | None = None


@dataclass(frozen=True)
class SupplierEntryRecord:
    name: str
    credit_code: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""


AgentRecord = SupplierEntryRecord
"""A 委托代理商 carries the same fields."""


class TradingPushState(enum.StrEnum):
    """Where one push to the trading system stands (互认互通)."""

    NONE = ""
    """Not a 互认互通 project, or nothing to push yet."""
    PENDING = "待推送"
    PUSHED = "已推送"
    FAILED = "推送失败"


@dataclass(frozen=True)
class AnnouncementRecord:
    kind: str
    """征集公告 / 入围结果公告 / 合同公告 (:class:`desktop.domain.workflow.announcement.AnnouncementKind`)."""
    column: str
    """The column it is (to be) published in: 采购公告 / 结果公告 / 合同公告."""
    plan_id: str
    plan_number: str
    project_name: str
    title: str
    form: str
    """封闭式 / 开放式."""
    is_interop: bool
    collector_unit_id: str
    collector_name: str
    owner_unit_id: str
    """The unit whose 经办岗 edits and submits and whose 内部审核岗 approves (collector or agency)."""
    owner_name: str
    status: str
    """:class:`desktop.domain.workflow.review.FlowStatus` value."""
    state_label: str
    """编辑中 / 待内部审核岗审核 / 已退回 / 已发布."""
    submission: int
    created_at: dt.datetime
    updated_at: dt.datetime
    published_at: dt.datetime | None = None
    pending_step: str | None = None
    submitter_account_id: str = ""
    approved_by: list[str] = field(default_factory=list)
    return_reason: str = ""
    content: str = ""
    collector: CollectorContactRecord | None = None
    """征集公告: 征集人信息."""
    lots: list[AnnouncementLotRecord] = field(default_factory=list)
    lots_received: bool = False
    """互认互通: the trading system pushed the lots (the notice can be edited only then)."""
    notice_id: str = ""
    """入围结果公告: its 征集公告."""
    basis: str | None = None
    """最高入围价格 / 最低入围分值."""
    basis_value: str | None = None
    suppliers: list[SupplierEntryRecord] = field(default_factory=list)
    pushed_suppliers: list[SupplierEntryRecord] = field(default_factory=list)
    """互认互通: the shortlisted suppliers the trading centre pushed, to choose from."""
    responsive_count: int | None = None
    evaluation_method: str | None = None
    needs_tendering: bool = True
    """False for 开放式 agreements: 征集环节不需要进行招标过程 (no 最低入围分值, no elimination)."""
    trading_push: str = ""
    """:class:`TradingPushState` of its push to the trading system once published (互认互通)."""
    problems: list[PlanProblemRecord] = field(default_factory=list)
    warnings: list[PlanWarningRecord] = field(default_factory=list)
    history: list[ReviewEventRecord] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.status in ("待提交", "已退回")


@dataclass(frozen=True)
class ShortlistedSupplierRecord:
    """入围供应商管理: name and credit code locked; address, contacts and 委托代理商 maintained here."""

    plan_id: str
    plan_number: str
    project_name: str
    result_id: str
    position: int
    """Order on the result announcement (from 1)."""
    name: str
    credit_code: str
    address: str
    contact_person: str
    phone: str
    updated_at: dt.datetime
    agents: list[AgentRecord] = field(default_factory=list)


@dataclass(frozen=True)
class ShortlistedSupplierEntry:
    """A supplier on a framework agreement, with its 委托代理商 (carried from 入围供应商管理, locked)."""

    name: str
    credit_code: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""
    agents: list[AgentRecord] = field(default_factory=list)


@dataclass(frozen=True)
class AgreementRecord:
    plan_id: str
    plan_number: str
    project_name: str
    result_id: str
    form: str
    """封闭式 / 开放式."""
    collector_unit_id: str
    collector_name: str
    collector_credit_code: str
    status: str
    state_label: str
    """待备案 / 待内部审核岗审核 / 已退回 / 已备案."""
    submission: int
    created_at: dt.datetime
    updated_at: dt.datetime
    suppliers: list[ShortlistedSupplierEntry] = field(default_factory=list)
    scope_region_code: str | None = None
    scope_region_name: str = ""
    category: str | None = None
    validity_start: str | None = None
    validity_end: str | None = None
    filed_at: dt.datetime | None = None
    pending_step: str | None = None
    submitter_account_id: str = ""
    approved_by: list[str] = field(default_factory=list)
    return_reason: str = ""
    warnings: list[PlanWarningRecord] = field(default_factory=list)
    history: list[ReviewEventRecord] = field(default_factory=list)

    @property
    def filed(self) -> bool:
        return self.status == "审核通过"


class BridgeState(enum.StrEnum):
    """互认互通 state of a project, as its 桥接状态 column shows it."""

    PENDING = "待推送"
    PUSHED = "已推送"
    """The plan reached the trading system; 项目受理 pending (no lots yet)."""
    LOTS_RECEIVED = "已接收分包"
    SUPPLIERS_RECEIVED = "已接收入围供应商"
    FAILED = "推送失败"


@dataclass(frozen=True)
class BridgeMessageRecord:
    """One message between the procurement and the trading system; ``message_id`` is its
    idempotency key on both sides (a retried push is recognised, never applied twice)."""

    message_id: str
    direction: str
    """推送 (to the trading system) or 接收 (from it)."""
    subject: str
    """计划信息 / 征集公告 / 入围结果公告 / 分包信息 / 入围供应商."""
    state: str
    """待推送 / 已推送 / 推送失败 / 已接收."""
    attempts: int
    created_at: dt.datetime
    last_error: str = ""
    next_attempt_at: dt.datetime | None = None
    done_at: dt.datetime | None = None


@dataclass(frozen=True)
class TradingBridgeRecord:
    plan_id: str
    plan_number: str
    project_name: str
    collector_unit_id: str
    state: str
    """:class:`BridgeState` value."""
    updated_at: dt.datetime
    reason: str = ""
    """Why the last push failed (and when it is retried), for 推送失败."""
    lots_received: bool = False
    lots: list[AnnouncementLotRecord] = field(default_factory=list)
    suppliers_received: bool = False
    suppliers: list[SupplierEntryRecord] = field(default_factory=list)
    messages: list[BridgeMessageRecord] = field(default_factory=list)
