"""The project lists after plan filing: 【信息发布】-【采购公告发布】 (【项目向导】), 【合同管理】-
【入围供应商管理】 (【供应商管理】) and 【合同管理】-【框架协议备案】 (【新增】 【修改】 【备案】 【查看】/【审核】).

One model of the unit's numbered projects, read in the background; each tab shows the columns and
rows its step needs. The tabs only show and ask; :class:`FrameworkPages` opens dialogs and queues.
"""

from __future__ import annotations

import enum
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
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

from desktop.ui.pages.procurement.framework_service import Project
from desktop.ui.pages.procurement.framework_widgets import NOTE_STYLE, chosen, pending_text, select_by
from desktop.ui.pages.procurement.plan_list import ADD_STYLE, TITLE_STYLE

_Index = QModelIndex | QPersistentModelIndex
PENDING = QColor("#b45f06")
DONE = QColor("#2e7d32")
FAILED = QColor("#c62828")


class Mode(enum.Enum):
    WIZARD = "wizard"
    SUPPLIERS = "suppliers"
    AGREEMENT = "agreement"


class ProjectListModel(QAbstractTableModel):
    NUMBER, PROJECT, FORM, NOTICE, RESULT, BRIDGE, SUPPLIERS, AGENTS, FILING, PENDING = range(10)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Project] = []
        self._headers = (self.tr("计划编号"), self.tr("项目名称"), self.tr("框架协议类型"), self.tr("征集公告"),
                         self.tr("入围结果公告"), self.tr("互认互通"), self.tr("入围供应商"), self.tr("委托代理商"),
                         self.tr("框架协议备案"), self.tr("待同步"))

    def set_rows(self, rows: list[Project]) -> None:
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

    def notice_state(self, p: Project) -> str:
        if p.notice is not None:
            return p.notice.state_label
        if p.notice_form is not None:
            return self.tr("编辑中（未同步）")
        if p.is_interop and (p.bridge is None or not p.bridge.lots_received):
            return self.tr("等待分包信息")
        return self.tr("未编辑")

    def result_state(self, p: Project) -> str:
        if p.result is not None:
            return p.result.state_label
        if p.result_form is not None:
            return self.tr("编辑中（未同步）")
        return self.tr("未编辑") if p.notice_published else "—"

    def filing_state(self, p: Project) -> str:
        if p.agreement is not None:
            return p.agreement.state_label
        if p.filing_form is not None:
            return self.tr("待备案（未同步）")
        return self.tr("未备案") if p.result_published else "—"

    def display(self, p: Project, column: int) -> str:
        if column == self.NUMBER:
            return p.number
        if column == self.PROJECT:
            return p.project_name
        if column == self.FORM:
            return p.form
        if column == self.NOTICE:
            return self.notice_state(p)
        if column == self.RESULT:
            return self.result_state(p)
        if column == self.BRIDGE:
            return (p.bridge.state if p.bridge is not None else self.tr("待推送")) if p.is_interop else self.tr("否")
        if column == self.SUPPLIERS:
            return self.tr("{n} 家").format(n=len(p.roster))
        if column == self.AGENTS:
            return self.tr("{n} 家").format(n=sum(len(r.agents) for _i, r in p.roster))
        if column == self.FILING:
            return self.filing_state(p)
        return pending_text(tuple(e.envelope.name for e in p.pending))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p, column = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.ToolTipRole and column == self.BRIDGE and p.bridge is not None:
                return p.bridge.reason or p.bridge.state
            return self.display(p, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            text = self.display(p, column)
            if column == self.PENDING:
                return PENDING
            if (column == self.BRIDGE and text == "推送失败") or text == "已退回":
                return FAILED
            if text in ("已发布", "已备案", "已接收入围供应商"):
                return DONE
        return None


class ProjectsTab(QWidget):
    """One step's list of projects and its buttons (``Mode`` decides which)."""

    wizard_requested = Signal(object)  # Project
    suppliers_requested = Signal(object)
    add_requested = Signal()
    edit_requested = Signal(object)
    file_requested = Signal(object)
    view_requested = Signal(object)

    COLUMNS: ClassVar[dict[Mode, tuple[int, ...]]] = {
        Mode.WIZARD: (ProjectListModel.NUMBER, ProjectListModel.PROJECT, ProjectListModel.FORM,
                      ProjectListModel.NOTICE, ProjectListModel.RESULT, ProjectListModel.BRIDGE,
                      ProjectListModel.PENDING),
        Mode.SUPPLIERS: (ProjectListModel.NUMBER, ProjectListModel.PROJECT, ProjectListModel.RESULT,
                         ProjectListModel.SUPPLIERS, ProjectListModel.AGENTS, ProjectListModel.PENDING),
        Mode.AGREEMENT: (ProjectListModel.NUMBER, ProjectListModel.PROJECT, ProjectListModel.FORM,
                         ProjectListModel.SUPPLIERS, ProjectListModel.FILING, ProjectListModel.PENDING),
    }

    def __init__(self, mode: Mode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.setObjectName(f"projects_{mode.value}")
        self.model = ProjectListModel(self)
        self.all: list[Project] = []
        self.handler = False
        titles = {Mode.WIZARD: self.tr("采购公告发布"), Mode.SUPPLIERS: self.tr("入围供应商管理"),
                  Mode.AGREEMENT: self.tr("框架协议备案")}
        title = QLabel(titles[mode])
        title.setStyleSheet(TITLE_STYLE)
        self.note = QLabel()
        self.note.setStyleSheet(NOTE_STYLE)
        self.note.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.note, 1)
        self.buttons: dict[str, QPushButton] = {}
        if mode is Mode.AGREEMENT:
            add = self._button("add", self.tr("新增"), self.add_requested.emit)
            add.setStyleSheet(ADD_STYLE.replace("plan_add", "agreement_add"))
            add.setObjectName("agreement_add")
            heading.addWidget(add)
        bar = QHBoxLayout()
        self.count_label = QLabel()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        if mode is Mode.WIZARD:
            bar.addWidget(self._button("wizard", self.tr("项目向导"), lambda: self._ask(self.wizard_requested)))
        elif mode is Mode.SUPPLIERS:
            bar.addWidget(self._button("suppliers", self.tr("供应商管理"), lambda: self._ask(self.suppliers_requested)))
        else:
            for key, text, signal in (("edit", self.tr("修改"), self.edit_requested),
                                      ("file", self.tr("备案"), self.file_requested),
                                      ("view", self.tr("查看"), self.view_requested)):
                bar.addWidget(self._button(key, text, lambda _c=False, s=signal: self._ask(s)))
        self.table = QTableView()
        self.table.setObjectName(f"projects_{mode.value}_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProjectListModel.PROJECT, QHeaderView.ResizeMode.Stretch)
        for column in range(self.model.columnCount()):
            self.table.setColumnHidden(column, column not in self.COLUMNS[mode])
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
        self.table.doubleClicked.connect(lambda _i: self._double_clicked())
        self.model.modelReset.connect(self.update_buttons)
        self.set_projects(None)

    def _button(self, key: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(f"projects_{key}")
        button.clicked.connect(slot)
        self.buttons[key] = button
        return button

    def set_note(self, text: str, handler: bool) -> None:
        self.note.setText(text)
        self.handler = handler
        if "view" in self.buttons:
            self.buttons["view"].setText(self.tr("查看") if handler else self.tr("查看/审核"))
        self.update_buttons()

    def shown(self, project: Project) -> bool:
        if self.mode is Mode.SUPPLIERS:
            return bool(project.roster)
        if self.mode is Mode.AGREEMENT:
            return project.filing_id is not None
        return True

    def set_projects(self, projects: list[Project] | None) -> None:
        """The unit's projects (None: not logged in / not read yet)."""
        keep = self.selected()
        self.all = list(projects or [])
        self.model.set_rows([p for p in self.all if self.shown(p)])
        if keep is not None:
            self.select(keep.plan_id)
        empty = {Mode.WIZARD: self.tr("没有已生成计划编号的框架协议项目。"
                                      "计划备案审核完成、生成计划编号后，在这里点击【项目向导】编辑公告。"),
                 Mode.SUPPLIERS: self.tr("没有入围供应商。入围结果公告保存后，入围供应商会同步到这里。"),
                 Mode.AGREEMENT: self.tr("没有框架协议备案。入围结果公告发布后，点击【新增】选择项目进行备案。")}
        if projects is None:
            self.count_label.clear()
            self.empty.setText(self.tr("请先登录，登录并同步后在这里办理"))
        else:
            self.count_label.setText(self.tr("共 {n} 个项目").format(n=self.model.rowCount()))
            self.empty.setText(empty[self.mode])
        self.empty.setVisible(self.model.rowCount() == 0)
        self.update_buttons()

    def selected(self) -> Project | None:
        return chosen(self.table, self.model.rows)

    def select(self, plan_id: str) -> bool:
        return select_by(self.table, self.model.rows, lambda r: r.plan_id, plan_id)

    def _ask(self, signal: Any) -> None:
        project = self.selected()
        if project is not None:
            signal.emit(project)

    def _double_clicked(self) -> None:
        key = {Mode.WIZARD: "wizard", Mode.SUPPLIERS: "suppliers", Mode.AGREEMENT: "view"}[self.mode]
        if self.buttons[key].isEnabled():
            self.buttons[key].click()

    def update_buttons(self) -> None:
        project = self.selected()
        for key, button in self.buttons.items():
            if key == "add":
                button.setEnabled(self.handler)
            elif key in ("edit", "file"):
                button.setVisible(self.handler)
                button.setEnabled(self.handler and project is not None)
            else:
                button.setEnabled(project is not None)
