"""The 合同在线签订 table: a :class:`desktop.ui.widgets.lazy_table.LazyTableModel` over the store's
keyset pages (the same cost for the first page and the 500th, at 100 or 100,000 contracts)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from desktop.domain.commands import AddContract, DeleteContract, FileContract, ReplaceContractDocument, SignContract
from desktop.store.contracts import ContractFilter, ContractRow
from desktop.ui.widgets.lazy_table import PAGE_SIZE, RELOAD_ABOVE, Index, LazyTableModel

__all__ = ["PAGE_SIZE", "RELOAD_ABOVE", "ContractListModel", "ContractSource", "when"]

PENDING_COLOUR = QColor("#b45f06")


class ContractSource(Protocol):
    """What the model reads (``desktop.store.contracts.Contracts``); called on worker threads."""

    def page(self, where: ContractFilter = ..., after: tuple[str, str] | None = ...,
             limit: int | None = ...) -> list[ContractRow]: ...

    def count(self, where: ContractFilter = ...) -> int: ...

    def get(self, contract_id: str) -> ContractRow | None: ...


def when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}" if moment is not None else ""


class ContractListModel(LazyTableModel[ContractRow, ContractFilter]):
    PROJECT, LOT, TITLE, PURCHASER, SUPPLIER, STATE, SIGNED_AT, ACTIONS = range(8)

    def __init__(self, source: ContractSource | None = None, page_size: int = PAGE_SIZE,
                 parent: QObject | None = None) -> None:
        super().__init__(ContractFilter(), source, page_size, parent)
        self.set_headers(self.tr("项目名称"), self.tr("标段"), self.tr("合同名称"), self.tr("采购人"),
                         self.tr("供应商"), self.tr("状态"), self.tr("签章时间"), self.tr("操作"))

    def pending_text(self, row: ContractRow) -> str:
        labels = {AddContract.name: self.tr("添加"), SignContract.name: self.tr("签章"),
                  FileContract.name: self.tr("备案"), ReplaceContractDocument.name: self.tr("更换文件"),
                  DeleteContract.name: self.tr("删除")}
        names = "、".join(labels.get(n, n) for n in dict.fromkeys(row.pending))
        return self.tr("待同步：{actions}").format(actions=names) if names else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
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
