"""The 合同在线签订 table: a lazy model over the store's keyset pages.

Nothing is read on the GUI thread. Setting a filter resets the model and asks for the first page
in the background; the view asks for more (``canFetchMore``/``fetchMore``) as the user scrolls
near the end, and each page is read from where the last one stopped (keyset: the same cost for
the first page and the 500th, at 100 or 100,000 contracts). The total for the filter is counted
separately, also in the background, and only labels the list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, Protocol

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.domain.commands import AddContract, DeleteContract, FileContract, ReplaceContractDocument, SignContract
from desktop.store.contracts import ContractFilter, ContractRow
from desktop.ui.ops import Op

PAGE_SIZE = 100
RELOAD_ABOVE = 200
"""More changed contracts than this in one sync: read the list again instead of row by row."""
PENDING_COLOUR = QColor("#b45f06")

_Index = QModelIndex | QPersistentModelIndex


class ContractSource(Protocol):
    """What the model reads (``desktop.store.contracts.Contracts``); called on worker threads."""

    def page(self, where: ContractFilter = ..., after: tuple[str, str] | None = ...,
             limit: int | None = ...) -> list[ContractRow]: ...

    def count(self, where: ContractFilter = ...) -> int: ...

    def get(self, contract_id: str) -> ContractRow | None: ...


def when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment is not None else ""


class ContractListModel(QAbstractTableModel):
    PROJECT, LOT, TITLE, PURCHASER, SUPPLIER, STATE, SIGNED_AT, ACTIONS = range(8)
    RowRole = Qt.ItemDataRole.UserRole + 1

    loading_changed = Signal(bool)
    count_changed = Signal(object)  # int, or None while counting
    page_loaded = Signal(int)  # rows now loaded

    def __init__(self, source: ContractSource | None = None, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self.page_size = page_size
        self.filter = ContractFilter()
        self.rows: list[ContractRow] = []
        self.total: int | None = None
        self.exhausted = source is None
        self.loading = False
        self._generation = 0
        self._headers = (self.tr("项目名称"), self.tr("标段"), self.tr("合同名称"), self.tr("采购人"),
                         self.tr("供应商"), self.tr("状态"), self.tr("签章时间"), self.tr("操作"))

    # --- queries ---------------------------------------------------------------------------

    def set_source(self, source: ContractSource | None) -> None:
        self._source = source
        self.reload()

    def set_filter(self, where: ContractFilter) -> None:
        self.filter = where
        self.reload()

    def reload(self) -> None:
        """Forget the rows and read the first page (and the count) again."""
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self.total = None
        self.exhausted = self._source is None
        self._set_loading(False)
        self.endResetModel()
        self.count_changed.emit(None)
        if self._source is None:
            return
        self.fetchMore(QModelIndex())  # the count follows the first page (the rows come first)

    def _count(self) -> None:
        source, where, generation = self._source, self.filter, self._generation
        if source is not None:
            Op(self, lambda: source.count(where)).success(lambda n: self._counted(generation, n)).run()

    def _counted(self, generation: int, total: int) -> None:
        if generation == self._generation:
            self.total = total
            self.count_changed.emit(total)

    def _set_loading(self, loading: bool) -> None:
        if loading != self.loading:
            self.loading = loading
            self.loading_changed.emit(loading)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted and not self.loading and self._source is not None

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        source, where, generation = self._source, self.filter, self._generation
        assert source is not None
        after = self.rows[-1].cursor if self.rows else None
        limit = self.page_size
        self._set_loading(True)
        Op(self, lambda: source.page(where, after, limit)) \
            .success(lambda rows: self._arrived(generation, rows, limit)) \
            .failure(lambda _exc: self._failed(generation)).run()

    def _arrived(self, generation: int, rows: list[ContractRow], limit: int) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        first_page = not self.rows
        self.exhausted = len(rows) < limit
        if first_page and self.exhausted:
            self._counted(generation, len(rows))
        elif first_page:
            self._count()
        if rows:
            first = len(self.rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.page_loaded.emit(len(self.rows))

    def _failed(self, generation: int) -> None:
        if generation == self._generation:
            self._set_loading(False)
            self.exhausted = True

    def refresh(self, ids: Iterable[str] | None) -> None:
        """Some contracts changed (a sync, a local action): re-read those shown, or the whole
        list when one may be new or too many changed. ``None``: everything changed."""
        wanted = None if ids is None else set(ids)
        loaded = {row.id: number for number, row in enumerate(self.rows)}
        if wanted is None or len(wanted) > RELOAD_ABOVE or not wanted <= loaded.keys() or self._source is None:
            self.reload()
            return
        source, generation = self._source, self._generation
        chosen = sorted(wanted)
        Op(self, lambda: [source.get(i) for i in chosen]) \
            .success(lambda fresh: self._replaced(generation, chosen, fresh)).run()

    def _replaced(self, generation: int, ids: list[str], fresh: list[ContractRow | None]) -> None:
        if generation != self._generation:
            return
        for contract_id, row in zip(ids, fresh, strict=True):
            number = next((n for n, r in enumerate(self.rows) if r.id == contract_id), None)
            if number is None:
                continue
            if row is None:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self.rows[number]
                self.endRemoveRows()
            else:
                self.rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, self.ACTIONS))

    # --- the table -------------------------------------------------------------------------

    def row_at(self, number: int) -> ContractRow:
        return self.rows[number]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def pending_text(self, row: ContractRow) -> str:
        labels = {AddContract.name: self.tr("添加"), SignContract.name: self.tr("签章"),
                  FileContract.name: self.tr("备案"), ReplaceContractDocument.name: self.tr("更换文件"),
                  DeleteContract.name: self.tr("删除")}
        names = "、".join(labels.get(n, n) for n in dict.fromkeys(row.pending))
        return self.tr("待同步：{actions}").format(actions=names) if names else ""

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == self.RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.STATE:
                return self.tr("{state}（待同步）").format(state=row.state) if row.pending else row.state
            values = (row.project_name, row.lot_name, row.title, row.purchaser_name, row.supplier_name, row.state,
                      when(row.signed_at), "")
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATE and row.pending:
                return self.tr("{pending}。联网同步后生效；被服务器退回时，可在“被退回的操作”中查看原因。").format(
                    pending=self.pending_text(row))
            if column == self.SIGNED_AT and row.signed_at is not None:
                lines = [self.tr("采购人签章：{t}").format(t=when(row.purchaser_signed_at))]
                if row.supplier_signed_at is not None:
                    lines.append(self.tr("供应商签章：{t}").format(t=when(row.supplier_signed_at)))
                return "\n".join(lines)
            if column == self.TITLE:  # the file itself: 【更换文件】 changes it, not the title
                return "\n".join((row.title, self.tr("合同文件：{name}").format(name=row.file_name)))
            if column == self.PROJECT:
                return row.project_name
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATE and row.pending:
            return PENDING_COLOUR
        return None
