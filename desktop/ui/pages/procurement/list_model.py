"""The 计划备案 table: a lazy model over :class:`desktop.store.plans.Plans` keyset pages.

Nothing is read on the GUI thread: a filter resets the model and the first page is read in the
background; the view asks for more (``canFetchMore``/``fetchMore``) as the user scrolls; the total
is counted separately. After a sync the shown rows are read again (or the list, when one may be new).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.domain.plan_commands import ApprovePlan, DeletePlan, ReturnPlan, SavePlan, SubmitPlan
from desktop.store.plans import PlanFilter, PlanRow, Plans
from desktop.ui.ops import Op

PAGE_SIZE = 100
PENDING_COLOUR = QColor("#b45f06")
RETURNED_COLOUR = QColor("#c62828")
DONE_COLOUR = QColor("#2e7d32")

_Index = QModelIndex | QPersistentModelIndex


def yuan(amount: str) -> str:
    """``2000000`` → ``2,000,000.00`` (the text as typed when it is not a number)."""
    try:
        return f"{Decimal(amount):,.2f}"
    except (InvalidOperation, ValueError):
        return amount


class PlanListModel(QAbstractTableModel):
    NUMBER, PROJECT, COLLECTOR, CONTENT, BUDGET, STATUS, STEP = range(7)
    RowRole = Qt.ItemDataRole.UserRole + 1

    count_changed = Signal(object)  # int, or None while counting
    page_loaded = Signal(int)

    def __init__(self, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._source: Plans | None = None
        self.page_size = page_size
        self.filter = PlanFilter()
        self.rows: list[PlanRow] = []
        self.total: int | None = None
        self.exhausted = True
        self.loading = False
        self._generation = 0
        self._headers = (self.tr("计划编号"), self.tr("项目名称"), self.tr("征集人"), self.tr("品目/类别"),
                         self.tr("年度预算（元）"), self.tr("状态"), self.tr("当前环节"))

    # --- queries ---------------------------------------------------------------------------

    def set_source(self, source: Plans | None) -> None:
        self._source = source
        self.reload()

    def set_filter(self, where: PlanFilter) -> None:
        self.filter = where
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = None
        self.exhausted = self._source is None
        self.loading = False
        self.endResetModel()
        self.count_changed.emit(None)
        if self._source is None:
            return
        self.fetchMore(QModelIndex())
        source, where, generation = self._source, self.filter, self._generation
        Op(self, lambda: source.count(where)).success(lambda n: self._counted(generation, n)).run()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.count_changed.emit(total)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted and not self.loading and self._source is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        source, where, generation = self._source, self.filter, self._generation
        assert source is not None
        synced = [r for r in self.rows if not r.local]
        after = synced[-1].cursor if synced else None
        first = not self.rows
        limit = self.page_size
        self.loading = True
        Op(self, lambda: source.page(where, None if first else after, limit)) \
            .success(lambda rows: self._arrived(generation, rows, limit)) \
            .failure(lambda _exc: self._failed(generation)).run()

    def _arrived(self, generation: int, rows: list[PlanRow], limit: int) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.exhausted = sum(1 for r in rows if not r.local) < limit
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self.rows))

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self.loading = False
            self.exhausted = True

    def refresh(self, ids: Iterable[str] | None) -> None:
        """Plans changed: re-read those shown, or the list when one may be new or leave the filter
        (a state filter, 待我审核) or ``None``."""
        wanted = None if ids is None else set(ids)
        shown = {row.id for row in self.rows}
        filtered = self.filter.status is not None or self.filter.to_review is not None
        if wanted is None or not wanted <= shown or self._source is None or len(wanted) > 100 or filtered:
            self.reload()
            return
        source, generation, chosen = self._source, self._generation, sorted(wanted)
        Op(self, lambda: [source.get(i) for i in chosen]) \
            .success(lambda fresh: self._replaced(generation, chosen, fresh)).run()

    def _replaced(self, generation: int, ids: list[str], fresh: list[PlanRow | None]) -> None:
        if generation != self._generation:
            return
        for plan_id, row in zip(ids, fresh, strict=True):
            number = next((n for n, r in enumerate(self.rows) if r.id == plan_id), None)
            if number is None:
                continue
            if row is None:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
            else:
                self.rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, self.STEP))

    # --- the table -------------------------------------------------------------------------

    def row_at(self, number: int) -> PlanRow:
        return self.rows[number]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
