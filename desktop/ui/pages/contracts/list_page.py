"""【合同在线签订】 list (seed manual §二): filters (state, 添加日期, counterparty), a search box, the
lazy table and its per-row buttons, and 【添加】 at the top right for the purchaser's 经办岗.

The page only shows and asks; :class:`~desktop.ui.pages.contracts.page.ContractsPage` opens the
dialogs and queues the commands. Every read happens in the background (the model's ops).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.protocol import AccountInfo
from desktop.domain.workflow.contract import ContractState
from desktop.store.contracts import ContractFilter, ContractRow, Contracts, Counterparty
from desktop.ui.ops import Op
from desktop.ui.pages.contracts.actions_delegate import ActionsDelegate
from desktop.ui.pages.contracts.list_model import ContractListModel
from desktop.ui.pages.contracts.pdf_pane import row_layout
from desktop.ui.pages.contracts.rules import Action, counterparty_is_supplier, may_add

TITLE_STYLE = "QLabel { font-size: 14pt; font-weight: bold; color: #1f3a5f; }"
NOTE_STYLE = "QLabel { color: #5f6b7a; }"
ADD_STYLE = ("QPushButton#add_button { background: #1565c0; color: white; font-weight: bold; padding: 5px 18px;"
             " border-radius: 4px; border: none; } QPushButton#add_button:disabled { background: #a9bcd3; }")
SEARCH_DELAY_MS = 300
COLUMN_WIDTHS = (190, 120, 170, 140, 170, 120, 120)


def _utc_midnight(day: QDate) -> dt.datetime:
    local = dt.datetime(day.year(), day.month(), day.day()).astimezone()
    return local.astimezone(dt.UTC)


class ContractListPage(QWidget):
    add_requested = Signal()
    action_requested = Signal(object, object)  # Action, ContractRow

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contract_list")
        self.account: AccountInfo | None = None
        self._contracts: Contracts | None = None
        self._parties_generation = 0
        self._parties_stale = True
        self.model = ContractListModel(parent=self)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self._build()
        self.set_account(None)

    def _build(self) -> None:
        title = QLabel(self.tr("合同在线签订"))
        title.setStyleSheet(TITLE_STYLE)
        self.note = QLabel()
        self.note.setObjectName("list_note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("add_button")
        self.add_button.setStyleSheet(ADD_STYLE)
        self.add_button.setToolTip(self.tr("添加合同签订信息：选择发布过结果公告的标段，上传合同 pdf 扫描件"))
        self.add_button.clicked.connect(self.add_requested)
        heading = QWidget()
        top = row_layout(heading)
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.note, 1)
        top.addWidget(self.add_button)

        self.state_combo = QComboBox()
        self.state_combo.setObjectName("state_filter")
        self.state_combo.addItem(self.tr("全部状态"), None)
        for state in ContractState:
            self.state_combo.addItem(state.value, state.value)
        self.date_check = QCheckBox(self.tr("添加日期"))
        self.date_from = QDateEdit()
        self.date_to = QDateEdit()
        today = QDate.currentDate()
        self.date_from.setDate(today.addMonths(-1))
        self.date_to.setDate(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.party_combo = QComboBox()
        self.party_combo.setObjectName("party_filter")
        self.party_combo.setMinimumContentsLength(12)
        self.party_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("搜索项目名称、标段、合同名称或单位"))
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        filters = QWidget()
        bar = row_layout(filters)
        bar.setSpacing(6)
        for widget in (QLabel(self.tr("状态：")), self.state_combo, self.date_check, self.date_from, QLabel("—"),
                       self.date_to, self.party_combo):
            bar.addWidget(widget)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("contract_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setMouseTracking(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.delegate = ActionsDelegate(lambda: self.account, self.table, self.table)
        self.delegate.triggered.connect(self.action_requested)
        self.table.setItemDelegateForColumn(ContractListModel.ACTIONS, self.delegate)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(ContractListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ContractListModel.ACTIONS, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(ContractListModel.ACTIONS, max(self.delegate.width_for((Action.SIGN, Action.VIEW)),
                                                            self.delegate.width_for((Action.VIEW, Action.FILE))))
        self.table.doubleClicked.connect(self._double_clicked)
        self.empty = QLabel()
        self.empty.setObjectName("empty_label")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(NOTE_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

        self.state_combo.currentIndexChanged.connect(self.apply_filters)
        self.party_combo.currentIndexChanged.connect(self.apply_filters)
        self.date_check.toggled.connect(self._dates_toggled)
        self.date_from.dateChanged.connect(self.apply_filters)
        self.date_to.dateChanged.connect(self.apply_filters)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.model.count_changed.connect(self._show_count)
        self.model.page_loaded.connect(self._page_loaded)
        self.model.modelReset.connect(self._show_empty)

    # --- state -----------------------------------------------------------------------------

    def set_contracts(self, contracts: Contracts | None) -> None:
        self._contracts = contracts
        self._parties_stale = True  # read after the first page: the list comes first
        self.model.set_source(contracts)

    def _page_loaded(self, _rows: int) -> None:
        self._show_empty()
        if self._parties_stale:
            self.reload_counterparties()

    def set_account(self, account: AccountInfo | None) -> None:
        self.account = account
        self.add_button.setVisible(may_add(account))
        if account is None:
            self.note.setText(self.tr("未登录：登录后显示本单位的合同；已下载的合同仍可查看"))
        else:
            self.note.setText(self.tr("{unit}（{type}{post}）").format(unit=account.unit_name, type=account.user_type,
                                                                    post=account.post))
        self.party_combo.setItemText(0, self._party_all())
        self._parties_stale = True
        if not self.model.loading:
            self.reload_counterparties()
        self.table.viewport().update()

    def _party_all(self) -> str:
        return self.tr("全部供应商") if counterparty_is_supplier(self.account) else self.tr("全部采购人")

    def reload_counterparties(self) -> None:
        self._parties_stale = False
        contracts = self._contracts
        self.party_combo.blockSignals(True)
        chosen = self.party_combo.currentData()
        self.party_combo.clear()
        self.party_combo.addItem(self._party_all(), None)
        self.party_combo.blockSignals(False)
        if contracts is None:
            return
        suppliers = counterparty_is_supplier(self.account)
        self._parties_generation += 1
        generation = self._parties_generation
        Op(self, lambda: contracts.counterparties(suppliers=suppliers)) \
            .success(lambda found: self._show_counterparties(generation, found, chosen)).run()

    def _show_counterparties(self, generation: int, found: list[Counterparty], chosen: object) -> None:
        if generation != self._parties_generation:
            return
        self.party_combo.blockSignals(True)
        for party in found:
            self.party_combo.addItem(f"{party.name}（{party.contracts}）", party.unit_id)
            if party.unit_id == chosen:
                self.party_combo.setCurrentIndex(self.party_combo.count() - 1)
        self.party_combo.blockSignals(False)

    def current_filter(self) -> ContractFilter:
        party = self.party_combo.currentData()
        suppliers = counterparty_is_supplier(self.account)
        start = end = None
        if self.date_check.isChecked():
            start = _utc_midnight(self.date_from.date())
            end = _utc_midnight(self.date_to.date().addDays(1))
        return ContractFilter(state=self.state_combo.currentData(), created_from=start, created_before=end,
                              supplier_unit_id=party if suppliers else None,
                              purchaser_unit_id=None if suppliers else party,
                              search=self.search_edit.text())

    def apply_filters(self) -> None:
        self._search_timer.stop()
        where = self.current_filter()
        if where != self.model.filter or self.model.rowCount() == 0:
            self.model.set_filter(where)

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filters()

    def _show_count(self, total: int | None) -> None:
        self.count_label.setText(self.tr("正在统计……") if total is None else self.tr("共 {n} 条").format(n=total))
        self._show_empty()

    def _show_empty(self) -> None:
        empty = self.model.rowCount() == 0 and not self.model.loading
        if self._contracts is None:
            self.empty.setText(self.tr("未连接服务器：合同在线签订需要登录后同步。"
                                       "可在【本地文件签章】中签署本机的 PDF 文件。"))
        else:
            self.empty.setText(self.tr("没有符合条件的合同"))
        self.empty.setVisible(empty)

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.column() != ContractListModel.ACTIONS:
            self.action_requested.emit(Action.VIEW, self.model.row_at(index.row()))

    def select_contract(self, contract_id: str) -> ContractRow | None:
        for number, row in enumerate(self.model.rows):
            if row.id == contract_id:
                self.table.selectRow(number)
                return row
        return None

    def button_center(self, contract_id: str, action: Action) -> tuple[QWidget, object] | None:
        """Where the row's button is drawn (for tests and screenshots): (viewport, QPoint)."""
        for number, row in enumerate(self.model.rows):
            if row.id == contract_id:
                index = self.model.index(number, ContractListModel.ACTIONS)
                self.table.scrollTo(index)
                cell = self.table.visualRect(index)
                for found, rect in self.delegate.button_rects(cell, index):
                    if found is action:
                        return self.table.viewport(), rect.center()
        return None

