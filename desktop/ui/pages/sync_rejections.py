"""被退回的操作: commands the server refused, with its reason, until the user puts them away."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.store.outbox import OutboxEntry

COMMAND_TITLES = {"add_operator": "添加操作人", "update_operator_phone": "修改操作人电话",
                  "update_operator_id_number": "修改操作人身份证号码", "remove_operator": "删除操作人",
                  "update_unit_contact": "修改单位联系人", "add_contract": "添加合同签订信息",
                  "replace_contract_document": "更换合同文件", "delete_contract": "删除合同签订信息",
                  "sign_contract": "合同签章", "file_contract": "合同备案",
                  "save_plan": "保存计划备案", "submit_plan": "提交计划备案", "approve_plan": "计划备案审核通过",
                  "return_plan": "退回计划备案", "delete_plan": "删除计划备案",
                  "save_collection_notice": "保存征集公告", "save_shortlist_result": "保存入围结果公告",
                  "submit_announcement": "提交公告", "approve_announcement": "公告审核通过",
                  "return_announcement": "退回公告", "update_shortlisted_supplier": "修改入围供应商",
                  "add_supplier_agent": "新增委托代理商", "update_supplier_agent": "修改委托代理商",
                  "remove_supplier_agent": "删除委托代理商", "save_agreement_filing": "保存框架协议备案",
                  "file_agreement": "框架协议备案", "approve_agreement": "框架协议备案审核通过",
                  "return_agreement": "退回框架协议备案", "retry_trading_push": "重新推送至交易系统",
                  "create_second_stage": "新增二阶段采购", "select_second_stage_supplier": "直接选定成交供应商",
                  "invite_second_bids": "发起二次竞价", "award_second_bids": "确定二次竞价成交供应商",
                  "award_rotation": "顺序轮候确定成交供应商", "file_second_stage_contract": "二阶段合同备案",
                  "approve_second_stage_contract": "二阶段合同备案审核通过",
                  "return_second_stage_contract": "退回二阶段合同备案", "request_payment": "资金支付申请"}


class RejectionsTableModel(QAbstractTableModel):
    HEADERS = ("操作", "提交时间", "退回原因", "原因代码")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[OutboxEntry] = []

    def set_entries(self, entries: list[OutboxEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        entry = self.entries[index.row()]
        reason = entry.reason
        values = (COMMAND_TITLES.get(entry.envelope.name, entry.envelope.name),
                  f"{entry.envelope.created_at.astimezone():%Y-%m-%d %H:%M}",
                  reason.message if reason else "", reason.code if reason else "")
        return values[index.column()]


class SyncRejectionsPage(QWidget):
    """The list of rejected commands; ``dismiss_requested(uuid)`` when the user puts one away."""

    dismiss_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_rejections")
        self.model = RejectionsTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.empty = QLabel(self.tr("没有被退回的操作"), self)
        self.dismiss_button = QPushButton(self.tr("我已知晓，移出列表"), self)
        self.dismiss_button.clicked.connect(self._dismiss_selected)
        intro = QLabel(self.tr("以下操作已被服务器退回，未生效。请根据原因修改后重新办理。"), self)
        intro.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        for w in (intro, self.empty, self.table):
            layout.addWidget(w)
        layout.addLayout(buttons)
        self.show_entries([])

    def show_entries(self, entries: list[OutboxEntry]) -> None:
        self.model.set_entries(entries)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not entries)
        self.table.setVisible(bool(entries))
        self.dismiss_button.setEnabled(bool(entries))

    def _dismiss_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        for row in sorted(rows):
            self.dismiss_requested.emit(self.model.entries[row].envelope.uuid)
