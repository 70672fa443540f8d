"""【计划备案】 list (seed manual 1.3.1.1, 1.3.3): state filter (and 待我审核 for reviewers), a search
box, the lazy table, 【新增】 for the collector's 经办岗 and the row buttons 【修改】 【提交】 【删除】
【查看】 / 【审核】. The page only shows and asks; :class:`ProcurementPage` opens dialogs and queues."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.protocol import AccountInfo
from desktop.domain.workflow.review import FlowStatus
from desktop.store.plans import PlanFilter, PlanRow, Plans
from desktop.ui.pages.procurement import rules
from desktop.ui.pages.procurement.list_model import PlanListModel
from desktop.ui.pages.procurement.service import reviewer_scope

TITLE_STYLE = "QLabel { font-size: 14pt; font-weight: bold; color: #1f3a5f; }"
NOTE_STYLE = "QLabel { color: #5f6b7a; }"
ADD_STYLE = ("QPushButton#plan_add { background: #1565c0; color: white; font-weight: bold; padding: 5px 18px;"
             " border-radius: 4px; border: none; } QPushButton#plan_add:disabled { background: #a9bcd3; }")
SEARCH_DELAY_MS = 300
TO_REVIEW = "to_review"
COLUMN_WIDTHS = (170, 0, 120, 150, 110, 124, 116)
"""Per column; 0: the column that takes the remaining width (项目名称)."""


class PlanListPage(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)  # PlanRow
    submit_requested = Signal(object)
    delete_requested = Signal(object)
    view_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_list")
        self.account: AccountInfo | None = None
        self.model = PlanListModel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filters)

        title = QLabel(self.tr("计划备案"))
        title.setStyleSheet(TITLE_STYLE)
        self.note = QLabel()
        self.note.setObjectName("plan_note")
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        self.add_button = QPushButton(self.tr("新增"))
        self.add_button.setObjectName("plan_add")
        self.add_button.setStyleSheet(ADD_STYLE)
        self.add_button.clicked.connect(self.add_requested)
        heading = QWidget(self)
        top = QHBoxLayout(heading)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.note, 1)
        top.addWidget(self.add_button)

        self.state_combo = QComboBox()
        self.state_combo.setObjectName("plan_state_filter")
        self.state_combo.addItem(self.tr("全部状态"), None)
        for status in FlowStatus:
            self.state_combo.addItem(status.value, status.value)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("plan_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("搜索计划编号、项目名称、征集人或品目"))
        self.count_label = QLabel()
        self.count_label.setObjectName("plan_count")
        self.edit_button = QPushButton(self.tr("修改"))
        self.submit_button = QPushButton(self.tr("提交"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.view_button = QPushButton(self.tr("查看"))
        self.view_button.setObjectName("plan_view")
        filters = QWidget(self)
        bar = QHBoxLayout(filters)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.setSpacing(6)
        bar.addWidget(QLabel(self.tr("状态：")))
        bar.addWidget(self.state_combo)
        bar.addWidget(self.search_edit, 1)
        bar.addWidget(self.count_label)
        bar.addSpacing(12)
        for button in (self.edit_button, self.submit_button, self.delete_button, self.view_button):
            bar.addWidget(button)

        self.table = QTableView()
        self.table.setObjectName("plan_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                self.table.setColumnWidth(column, width)
            else:
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel()
        self.empty.setObjectName("plan_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(NOTE_STYLE)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)

        self.state_combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.update_buttons())
        self.table.doubleClicked.connect(lambda _i: self._ask(self.view_requested))
        self.edit_button.clicked.connect(lambda: self._ask(self.edit_requested))
        self.submit_button.clicked.connect(lambda: self._ask(self.submit_requested))
        self.delete_button.clicked.connect(lambda: self._ask(self.delete_requested))
        self.view_button.clicked.connect(lambda: self._ask(self.view_requested))
        self.model.count_changed.connect(self._counted)
        self.model.modelReset.connect(self.update_buttons)
        self.model.dataChanged.connect(lambda *_a: self.update_buttons())
        self.model.rowsRemoved.connect(lambda *_a: self.update_buttons())
        self._keep: str | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.page_loaded.connect(self._restore_selection)
        self.set_account(None)

    # --- state ---------------------------------------------------------------------------------

    def set_source(self, plans: Plans | None) -> None:
        self.model.set_source(plans)

    def set_account(self, account: AccountInfo | None, handler_note: str = "") -> None:
        self.account = account
        reviewer = account is not None and rules.handler_refusal(account) is not None
        has_item = self.state_combo.findData(TO_REVIEW) >= 0
        if reviewer and not has_item:
            self.state_combo.insertItem(1, self.tr("待我审核"), TO_REVIEW)
        elif not reviewer and has_item:
            self.state_combo.removeItem(self.state_combo.findData(TO_REVIEW))
        self.note.setText(handler_note)
        self._counted(self.model.total)
        self.view_button.setText(self.tr("审核") if reviewer else self.tr("查看"))
        self.update_buttons()

    def filter(self) -> PlanFilter:
        state = self.state_combo.currentData()
        if state == TO_REVIEW and self.account is not None:
            return PlanFilter(search=self.search_edit.text(), to_review=reviewer_scope(self.account))
        return PlanFilter(status=state if isinstance(state, str) else None, search=self.search_edit.text())

    def apply_filters(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.filter())

    def show_to_review(self) -> None:
        index = self.state_combo.findData(TO_REVIEW)
        if index >= 0:
            self.state_combo.setCurrentIndex(index)

    def _counted(self, total: object) -> None:
        if self.account is None:
            self.count_label.clear()
            self.empty.setText(self.tr("请先登录，登录并同步后在这里办理计划备案"))
            self.empty.show()
            return
        if total is None:
            self.count_label.setText(self.tr("正在读取……"))
            self.empty.hide()
            return
        self.count_label.setText(self.tr("共 {n} 条").format(n=total))
        self.empty.setVisible(total == 0)
        self.empty.setText(self.tr("没有符合条件的计划备案"))

    def selected(self) -> PlanRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= self.model.rowCount():
            return None
        return self.model.row_at(rows[0].row())

    def select_plan(self, plan_id: str) -> bool:
        for number, row in enumerate(self.model.rows):
            if row.id == plan_id:
                self.table.selectRow(number)
                return True
        return False

    def keep_selection(self, plan_id: str | None) -> None:
        """Select ``plan_id`` once the next reload shows it (a plan just saved here)."""
        self._keep = plan_id

    def _remember_selection(self) -> None:
        row = self.selected()
        if row is not None and self._keep is None:
            self._keep = row.id

    def _restore_selection(self, _rows: int) -> None:
        keep, self._keep = self._keep, None
        if keep is not None:
            self.select_plan(keep)

    def _ask(self, signal: SignalInstance) -> None:
        row = self.selected()
        if row is not None:
            signal.emit(row)

    def update_buttons(self) -> None:
        row = self.selected()
        handler = self.account is not None and rules.handler_refusal(self.account) is None
        mine = row is not None and handler and rules.own_plan(row, self.account) and not rules.submitting(row)
        self.add_button.setEnabled(handler)
        self.edit_button.setEnabled(mine and row is not None and rules.editable(row))
        self.submit_button.setEnabled(mine and row is not None and rules.editable(row))
        self.delete_button.setEnabled(mine and row is not None and rules.deletable(row))
        self.view_button.setEnabled(row is not None)
        for button in (self.edit_button, self.submit_button, self.delete_button):
            button.setVisible(handler)
