"""计划备案 records as the change feed carries them (issue 7), shared by client and server.

Kinds (:class:`desktop.domain.protocol.RecordKind`):

* ``plan`` — one 框架协议计划备案 with its form, review state, history, problems and warnings (Order
  No. 110 rules travel as warnings, never as refusals) and, once the last step approved, its
  计划编号. Visible to the collector unit from creation; once submitted, also to the unit that
  reviews it from outside: the 主管预算单位 for a subordinate collector, else the regulator (本级
  财政部门) of the collector's region (集采机构: 初核 / 复核; 主管预算单位: 备案).
* ``threshold`` — one row of the 分散采购限额 table (id ``<region>/<goods|services>``; region
  ``000000`` is the fallback); visible to everyone, so the client checks budgets offline.
* ``procurement_item`` — one 品目 of the catalogue the 【采购内容】 picker offers (id = code), with
  whether it is inside the 集中采购目录 (集采品目); visible to everyone.

Record ids are the feed ids; ``from_json(PlanRecord, change.data)`` reads one back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from desktop.domain.plan_commands import PlanForm
from desktop.domain.workflow.common import Category, Item
from desktop.domain.workflow.thresholds import ThresholdEntry, ThresholdTable

__all__ = [
    "FALLBACK_REGION",
    "CatalogueItemRecord",
    "PlanEventRecord",
    "PlanProblemRecord",
    "PlanRecord",
    "PlanWarningRecord",
    "ThresholdRecord",
    "catalogue_from_records",
    "threshold_id",
    "threshold_table_from_records",
]

FALLBACK_REGION = "000000"
"""The region code of a threshold that applies where no region has its own."""


@dataclass(frozen=True)
class PlanEventRecord:
    """One line of the 审核记录: submit / approve / return, who, when, which step, why."""

    at: dt.datetime
    action: str
    from_state: str
    to_state: str
    actor_account_id: str
    actor_unit_id: str
    submission: int
    reason: str = ""
    step: str = ""
    actor_name: str = ""


@dataclass(frozen=True)
class PlanProblemRecord:
    code: str
    field: str
    message: str


@dataclass(frozen=True)
class PlanWarningRecord:
    code: str
    message: str
    source: str = ""


@dataclass(frozen=True)
class PlanRecord:
    form: PlanForm
    project_name: str
    identity: str
    """A :class:`desktop.domain.workflow.plan.CollectorIdentity` value."""
    collector_unit_id: str
    collector_name: str
    region_code: str
    region_name: str
    budget_year: int
    status: str
    """A :class:`desktop.domain.workflow.review.FlowStatus` value (待提交 / 审核中 / 已退回 / 审核通过)."""
    state_label: str
    """What the list's status column shows: 待提交, 待内部审核岗审核, 已退回, 已生成计划编号 …"""
    steps: list[str]
    """The chain this identity needs (:class:`desktop.domain.workflow.review.ReviewStep` values)."""
    submission: int
    """How many times the plan was submitted (0: never); approve/return name the round they saw."""
    created_at: dt.datetime
    updated_at: dt.datetime
    pending_step: str | None = None
    submitter_account_id: str = ""
    approved_by: list[str] = field(default_factory=list)
    return_reason: str = ""
    supervising_unit_id: str | None = None
    supervising_unit_name: str = ""
    regulator_unit_id: str | None = None
    regulator_name: str = ""
    agency_unit_id: str | None = None
    agency_name: str = ""
    number: str | None = None
    """计划编号, KJXY-<region>-<budget year>-<sequence> (desktop.domain.workflow.plan_review)."""
    numbered_at: dt.datetime | None = None
    is_interop: bool = False
    """互认互通 (a trading platform chosen, 省本级 only): pushed to the trading system once numbered."""
    problems: list[PlanProblemRecord] = field(default_factory=list)
    """What still blocks 提交 (a draft may be saved incomplete)."""
    warnings: list[PlanWarningRecord] = field(default_factory=list)
    history: list[PlanEventRecord] = field(default_factory=list)

    @property
    def editable(self) -> bool:
        return self.status in ("待提交", "已退回")


@dataclass(frozen=True)
class ThresholdRecord:
    region_code: str
    category: Category
    amount: str
    """Yuan, a decimal string."""
    confirmed: bool
    source: str


def threshold_id(region_code: str, category: Category) -> str:
    return f"{region_code}/{'goods' if category is Category.GOODS else 'services'}"


def threshold_table_from_records(records: Iterable[ThresholdRecord]) -> ThresholdTable:
    """The table the rules use, from the synced (or stored) rows; ``000000`` rows are the fallback."""
    entries, fallback = [], {}
    for r in records:
        entry = ThresholdEntry(r.region_code, r.category, Decimal(r.amount), r.confirmed, r.source)
        if r.region_code == FALLBACK_REGION:
            fallback[r.category] = entry
        else:
            entries.append(entry)
    return ThresholdTable(entries, fallback)


@dataclass(frozen=True)
class CatalogueItemRecord:
    code: str
    name: str
    in_catalogue: bool
    """Inside the 集中采购目录 (集采品目): only 集采机构 collect it; budget units only items outside."""
    source: str = ""


def catalogue_from_records(records: Iterable[CatalogueItemRecord]) -> dict[str, Item]:
    return {r.code: Item(r.code, r.name, r.in_catalogue) for r in records}
