"""【合同管理】-【合同备案】 of framework agreements (seed manual 1.3.1.5): the purchaser unit's
second-stage procurements — 【新增】, 【确定成交供应商】 (直接选定 / 【发起竞价】 / 顺序轮候), 【合同备案】,
【资金支付】 and 【查看】/【审核】. The tab only shows and asks; :class:`SecondStagePages` opens and queues.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.pages.procurement.framework_widgets import NOTE_STYLE, chosen, select_by
from desktop.ui.pages.procurement.plan_list import ADD_STYLE, TITLE_STYLE
from desktop.ui.pages.procurement.projects_tab import DONE, FAILED, PENDING
from desktop.ui.pages.procurement.second_stage_service import Procurement

_Index = QModelIndex | QPersistentModelIndex
translate = QCoreApplication.translate


def action_label(name: str) -> str:
    labels = {
        "create_second_stage": translate("SecondStageActions", "新增"),
        "select_second_stage_supplier": translate("SecondStageActions", "直接选定"),
        "invite_second_bids": translate("SecondStageActions", "发起竞价"),
        "award_second_bids": translate("SecondStageActions", "确定成交供应商"),
        "award_rotation": translate("SecondStageActions", "顺序轮候确定"),
        "file_second_stage_contract": translate("SecondStageActions", "合同备案"),
        "approve_second_stage_contract": translate("SecondStageActions", "审核通过"),
        "return_second_stage_contract": translate("SecondStageActions", "退回"),
        "request_payment": translate("SecondStageActions", "资金支付"),
    }
    return labels.get(name, name)


def pending_text(names: tuple[str, ...]) -> str:
    if not names:
        return ""
    actions = "、".join(dict.fromkeys(action_label(n) for n in names))
    return translate("SecondStageActions", "待同步：{actions}").format(actions=actions)


def amount_text(p: Procurement) -> str:
    r = p.record
    if r is None:
        return "—"
    value = r.contract_amount or r.award_price
    return f"{value}" if value else "—"


class SecondStageModel(QAbstractTableModel):
    NUMBER, PROJECT, TITLE, METHOD, SUPPLIER, AMOUNT, STATE, PENDING = range(8)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Procurement] = []
        self._headers = (self.tr("计划编号"), self.tr("项目名称"), self.tr("采购项目名称"), self.tr("方式"),
                         self.tr("成交供应商"), self.tr("金额（元）"), self.tr("状态"), self.tr("待同步"))

    def set_rows(self, rows: list[Procurement]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def display(self, p: Procurement, column: int) -> str:
        r, agreement = p.record, p.agreement.record if p.agreement is not None else None
        if column == self.NUMBER:
            return r.plan_number if r else (agreement.plan_number if agreement else "")
        if column == self.PROJECT:
            return r.project_name if r else (agreement.project_name if agreement else "")
        if column == self.TITLE:
            return p.title
        if column == self.METHOD:
            return r.method if r else "—"
        if column == self.SUPPLIER:
            return (r.supplier_name or "—") if r else "—"
        if column == self.AMOUNT:
            return amount_text(p)
        if column == self.STATE:
            return r.state_label if r else self.tr("新增（未同步）")
        return pending_text(p.pending_names)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.display(p, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            text = self.display(p, column)
            if column == self.PENDING:
                return PENDING
            if text in ("合同备案已退回", "竞价失败"):
                return FAILED
            if text == "已备案":
                return DONE
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SecondStageTab(QWidget):
    add_requested = Signal()
    choose_requested = Signal(object)  # Procurement
    file_requested = Signal(object)
    pay_requested = Signal(object)
    view_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("second_stage_tab")
        self.model = SecondStageModel(self)
        self.handler = False
        title = QLabel(self.tr("合同备案"))
        title.setStyleSheet(TITLE_STYLE)
        self.note = QLabel()
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.note, 1)
        self.buttons: dict[str, QPushButton] = {}
        add = self._button("add", self.tr("新增"), self.add_requested.emit)
        add.setObjectName("second_stage_add")
        add.setStyleSheet(ADD_STYLE.replace("plan_add", "second_stage_add"))
        heading.addWidget(add)
        bar = QHBoxLayout()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        for key, text, signal in (("choose", self.tr("确定成交供应商"), self.choose_requested),
                                  ("file", self.tr("合同备案"), self.file_requested),
                                  ("pay", self.tr("资金支付"), self.pay_requested),
                                  ("view", self.tr("查看"), self.view_requested)):
            bar.addWidget(self._button(key, text, lambda _c=False, s=signal: self._ask(s)))
        self.table = QTableView()
        self.table.setObjectName("second_stage_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(SecondStageModel.TITLE, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(NOTE_STYLE)
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.buttons["view"].click())
        self.model.modelReset.connect(self.update_buttons)
        self.set_procurements(None)

    def _button(self, key: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"second_stage_{key}")
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def set_note(self, text: str, handler: bool) -> None:
        self.note.setText(text)
        self.handler = handler
        self.buttons["view"].setText(self.tr("查看") if handler else self.tr("查看/审核"))
        self.update_buttons()

    def set_procurements(self, rows: list[Procurement] | None) -> None:
        """The unit's procurements (None: not logged in / not read yet)."""
        keep = self.selected()
        self.model.set_rows(rows or [])
        if keep is not None:
            self.select(keep.procurement_id)
        if rows is None:
            self.count_label.clear()
            self.empty.setText(self.tr("请先登录，登录并同步后在这里办理"))
        else:
            self.count_label.setText(self.tr("共 {n} 个二阶段采购").format(n=self.model.rowCount()))
            self.empty.setText(self.tr("没有二阶段采购。框架协议备案完成后，征集范围内的采购人点击【新增】"
                                       "选择框架协议，确定成交供应商后进行合同备案。"))
        self.empty.setVisible(self.model.rowCount() == 0)
        self.update_buttons()

    def selected(self) -> Procurement | None:
        return chosen(self.table, self.model.rows)

    def select(self, procurement_id: str) -> bool:
        return select_by(self.table, self.model.rows, lambda r: r.procurement_id, procurement_id)

    def _ask(self, signal: Any) -> None:
        p = self.selected()
        if p is not None:
            signal.emit(p)

    def update_buttons(self) -> None:
        p = self.selected()
        for key, button in self.buttons.items():
            if key == "add":
                button.setEnabled(self.handler)
            elif key == "view":
                button.setEnabled(p is not None)
            else:  # the 经办岗's steps: why one cannot be done is said when it is clicked
                button.setVisible(self.handler)
                button.setEnabled(self.handler and p is not None)
