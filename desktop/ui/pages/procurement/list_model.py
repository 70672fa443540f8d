"""The 计划备案 table: a :class:`desktop.ui.widgets.lazy_table.LazyTableModel` over
:class:`desktop.store.plans.Plans` keyset pages (plans not yet synced are listed first)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from desktop.domain.plan_commands import ApprovePlan, DeletePlan, ReturnPlan, SavePlan, SubmitPlan
from desktop.store.plans import PlanFilter, PlanRow
from desktop.ui.widgets.lazy_table import PAGE_SIZE, Index, LazyTableModel

PENDING_COLOUR = QColor("#b45f06")
RETURNED_COLOUR = QColor("#c62828")
DONE_COLOUR = QColor("#2e7d32")


def yuan(amount: str) -> str:
    """``2000000`` → ``2,000,000.00`` (the text as typed when it is not a number)."""
    try:
        return f"{Decimal(amount):,.2f}"
    except (InvalidOperation, ValueError):
        return amount


class PlanListModel(LazyTableModel[PlanRow, PlanFilter]):
    NUMBER, PROJECT, COLLECTOR, CONTENT, BUDGET, STATUS, STEP = range(7)

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(PlanFilter(), None, page_size, parent)
        self.set_headers(self.tr("计划编号"), self.tr("项目名称"), self.tr("征集人"), self.tr("品目/类别"),
                         self.tr("年度预算（元）"), self.tr("状态"), self.tr("当前环节"))

    def keyset_rows(self, rows: Sequence[PlanRow]) -> Sequence[PlanRow]:
        return [r for r in rows if not r.local]  # plans not yet synced come first, outside the keyset

    def reload_on_change(self) -> bool:
        return self.filter.status is not None or self.filter.to_review is not None  # a state filter, 待我审核

    def pending_text(self, row: PlanRow) -> str:
        labels = {SavePlan.name: self.tr("保存"), SubmitPlan.name: self.tr("提交"),
                  ApprovePlan.name: self.tr("审核通过"), ReturnPlan.name: self.tr("退回"),
                  DeletePlan.name: self.tr("删除")}
        names = "、".join(labels.get(n, n) for n in dict.fromkeys(row.pending))
        return self.tr("待同步：{actions}").format(actions=names) if names else ""

    def step_text(self, row: PlanRow) -> str:
        if row.pending_step:
            return row.pending_step
        if row.number:
            return self.tr("已生成计划编号")
        if row.status == "已退回":
            return self.tr("退回经办岗修改")
        return self.tr("经办岗填报")

    def display(self, row: PlanRow, column: int) -> str:
        if column == self.NUMBER:
            return row.number or (self.tr("（未同步）") if row.local else "—")
        if column == self.CONTENT:
            head = row.category or self.tr("未选分类")
            return f"{head}：{row.items}" if row.items else head
        if column == self.BUDGET:
            return yuan(row.annual_budget)
        if column == self.STATUS:
            return self.tr("{state}（待同步）").format(state=row.status) if row.pending else row.status
        if column == self.STEP:
            return self.step_text(row)
        return (row.number or "", row.project_name or self.tr("（未填写项目名称）"), row.collector_name)[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATUS and row.pending:
                return self.tr("{pending}。联网同步后生效；被服务器退回时，可在“被退回的操作”中查看原因。").format(
                    pending=self.pending_text(row))
            return self.display(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.STATUS, self.STEP):
            if row.pending:
                return PENDING_COLOUR
            if row.status == "已退回":
                return RETURNED_COLOUR
            if row.number:
                return DONE_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.BUDGET:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
