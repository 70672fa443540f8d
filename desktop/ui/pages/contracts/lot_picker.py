"""【选择】: the 标段 of this purchaser whose result announcement is published (synced ``lot``
records), with a search box; 【确定】 at the top right returns the chosen lot."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.store.contracts import LotFilter, LotRow, Lots
from desktop.ui.ops import Op
from desktop.ui.pages.contracts.list_model import when
from desktop.ui.pages.contracts.pdf_pane import row_layout

PAGE = 200
_Index = QModelIndex | QPersistentModelIndex


class LotTableModel(QAbstractTableModel):
    def __init__(self, lots: Lots, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lots = lots
        self.filter = LotFilter()
        self.rows: list[LotRow] = []
        self.exhausted = False
        self.loading = False
        self._generation = 0
        self._headers = (self.tr("项目编号"), self.tr("项目名称"), self.tr("标段"), self.tr("成交供应商"),
                         self.tr("成交金额（元）"), self.tr("结果公告时间"))

    def set_filter(self, where: LotFilter) -> None:
        self._generation += 1
        self.beginResetModel()
        self.filter, self.rows, self.exhausted, self.loading = where, [], False, False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted and not self.loading

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        lots, where, offset, generation = self._lots, self.filter, len(self.rows), self._generation
        self.loading = True
        Op(self, lambda: lots.page(where, offset, PAGE)).success(lambda rows: self._arrived(generation, rows)).run()

    def _arrived(self, generation: int, rows: list[LotRow]) -> None:
        if generation != self._generation:
            return
        self.loading = False
        self.exhausted = len(rows) < PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        lot = self.rows[index.row()]
        return (lot.project_code, lot.project_name, lot.lot_name, lot.supplier_name, lot.amount,
                when(lot.result_published_at))[index.column()]


class LotPickerDialog(QDialog):
    def __init__(self, lots: Lots, purchaser_unit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("选择标段"))
        self.setObjectName("lot_picker")
        self.chosen: LotRow | None = None
        self._purchaser = purchaser_unit_id
        self.model = LotTableModel(lots, self)
        intro = QLabel(self.tr("只列出已发布结果公告、尚未添加合同签订信息的标段。"))
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("搜索项目编号、项目名称、标段或供应商"))
        self.ok_button = QPushButton(self.tr("确定"))
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        cancel = QPushButton(self.tr("取消"))
        top = QWidget()
        bar = row_layout(top)
        bar.addWidget(intro)
        bar.addStretch(1)
        bar.addWidget(self.ok_button)
        bar.addWidget(cancel)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 160), (3, 220), (4, 110), (5, 130)):
            self.table.horizontalHeader().resizeSection(column, width)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.table, 1)
        self.resize(960, 520)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.ok_button.setEnabled(
            bool(self.table.selectionModel().selectedRows())))
        self.table.doubleClicked.connect(lambda _i: self.accept_selected())
        self.ok_button.clicked.connect(self.accept_selected)
        cancel.clicked.connect(self.reject)
        self.search()

    def search(self) -> None:
        self.model.set_filter(LotFilter(purchaser_unit_id=self._purchaser, search=self.search_edit.text(),
                                        without_contract=True))

    def choose_row(self, number: int) -> None:
        self.table.selectRow(number)

    def accept_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.chosen = self.model.rows[rows[0].row()]
            self.accept()
