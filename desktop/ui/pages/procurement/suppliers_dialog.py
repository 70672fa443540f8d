"""【合同管理】-【入围供应商管理】-【供应商管理】 (seed manual 1.3.1.3): the shortlisted suppliers synced
from the published 入围结果公告 — 供应商名称、统一社会信用代码 locked; address, contact person and phone
editable — and one or more 委托代理商 per supplier (【新增】 【修改】 【删除】); 【移出】 takes a supplier off the
agreement (confirmed, with a required reason; it is no longer offered in the second stage). Each change
is checked here with the domain's rules and queued at once; until synced the rows show 待同步 (as they will be).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_commands import (
    AddSupplierAgent,
    AgreementCommand,
    RemoveShortlistedSupplier,
    RemoveSupplierAgent,
    SupplierForm,
    UpdateShortlistedSupplier,
    UpdateSupplierAgent,
)
from desktop.domain.commands import CommandInvalid
from desktop.domain.protocol import AccountInfo
from desktop.domain.workflow.suppliers import ShortlistedSupplier
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.framework_service import FrameworkService, Project
from desktop.ui.pages.procurement.framework_widgets import (
    INFO_BOX,
    PENDING_BOX,
    PROBLEM_STYLE,
    TITLE_STYLE,
    box,
    locked,
)
from desktop.ui.pages.procurement.joining_widgets import ReasonDialog, action_button
from desktop.ui.pages.procurement.joining_widgets import simple_table as _table
from desktop.ui.pages.procurement.plan_dialog import SUMMARY_OK

FIELDS = ("name", "credit_code", "address", "contact_person", "phone")
REMOVAL = RemoveShortlistedSupplier.name


class SupplierManagementDialog(QDialog):
    queued = Signal(str, str)  # plan id, status message

    def __init__(self, service: FrameworkService, project: Project, account: AccountInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suppliers_dialog")
        self.setWindowTitle(self.tr("入围供应商管理"))
        self._service = service
        self.project = project
        self.error_dialog: QWidget | None = None
        self.refusal = rules.handler_refusal(account, project, collector_only=True)
        self.roster: list[tuple[ShortlistedSupplier, bool]] = []
        self.removing: set[str] = set()
        """Credit codes whose 【移出】 waits in the outbox."""
        self.remove_dialog: ReasonDialog | None = None
        self.agent_code: str | None = None
        """The agent being edited (None: a new one)."""

        heading = QLabel(html.escape(self.tr("供应商管理：{project}（{number}）").format(
            project=project.project_name, number=project.number)))
        heading.setStyleSheet(TITLE_STYLE)
        heading.setWordWrap(True)
        note = box(self.tr("从发布的入围结果公告中同步入围供应商信息。供应商名称、统一社会信用代码不允许修改，"
                           "供应商地址、联系人、联系电话如有变更可以修改；点击“委托代理商”可以增加入围供应商的委托代理商。"),
                   INFO_BOX)
        view_only = self.tr("只能查看：{reason}").format(reason=self.refusal or "")
        self.blocked = box(view_only, PENDING_BOX, "suppliers_refusal")
        self.blocked.setVisible(self.refusal is not None)
        self.table = _table(self, [self.tr("序号"), self.tr("供应商名称"), self.tr("统一社会信用代码"),
                                   self.tr("供应商地址"), self.tr("联系人"), self.tr("联系电话"), self.tr("委托代理商"),
                                   self.tr("同步")], "suppliers_table")
        self.table.setMinimumHeight(110)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)

        details = QGroupBox(self.tr("入围供应商信息"))
        form = QFormLayout(details)
        self.name_edit = locked("", "supplier_name")
        self.code_edit = locked("", "supplier_code")
        self.address_edit = QLineEdit()
        self.address_edit.setObjectName("supplier_address")
        self.contact_edit = QLineEdit()
        self.contact_edit.setObjectName("supplier_contact")
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("supplier_phone")
        self.save_button = QPushButton(self.tr("保存修改"))
        self.save_button.setObjectName("supplier_save")
        self.save_button.clicked.connect(self.save_supplier)
        for label, widget in ((self.tr("供应商名称："), self.name_edit),
                              (self.tr("统一社会信用代码："), self.code_edit),
                              (self.tr("供应商地址："), self.address_edit),
                              (self.tr("供应商联系人："), self.contact_edit),
                              (self.tr("供应商联系电话："), self.phone_edit)):
            form.addRow(label, widget)
        self.remove_button = action_button(self.tr("移出"), "supplier_remove", "#c62828")
        self.remove_button.setToolTip(self.tr("将该供应商移出本框架协议（须填写原因），移出后二阶段不能再选择该供应商"))
        self.remove_button.clicked.connect(self.remove_supplier)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addStretch(1)
        actions.addWidget(self.remove_button)
        form.addRow("", actions)

        agents = QGroupBox(self.tr("委托代理商"))
        column = QVBoxLayout(agents)
        self.agents = _table(self, [self.tr("代理商名称"), self.tr("统一社会信用代码"), self.tr("地址"),
                                    self.tr("联系人"), self.tr("联系电话")], "agents_table")
        self.agents.setMinimumHeight(90)
        for stretched in (0, 2):
            self.agents.horizontalHeader().setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self.add_agent_button = QPushButton(self.tr("新增"))
        self.add_agent_button.setObjectName("agent_add")
        self.edit_agent_button = QPushButton(self.tr("修改"))
        self.edit_agent_button.setObjectName("agent_edit")
        self.remove_agent_button = QPushButton(self.tr("删除"))
        self.remove_agent_button.setObjectName("agent_remove")
        self.add_agent_button.clicked.connect(lambda: self.open_agent(None))
        self.edit_agent_button.clicked.connect(self._edit_selected_agent)
        self.remove_agent_button.clicked.connect(self.remove_agent)
        row = QHBoxLayout()
        for button in (self.add_agent_button, self.edit_agent_button, self.remove_agent_button):
            row.addWidget(button)
        row.addStretch(1)
        self.agent_form = QWidget(self)
        agent_grid = QFormLayout(self.agent_form)
        agent_grid.setContentsMargins(0, 0, 0, 0)
        self.agent_edits: dict[str, QLineEdit] = {}
        labels = (self.tr("代理商名称："), self.tr("统一社会信用代码："), self.tr("地址："), self.tr("联系人："),
                  self.tr("联系电话："))
        for key, label in zip(FIELDS, labels, strict=True):
            edit = QLineEdit()
            edit.setObjectName(f"agent_{key}")
            self.agent_edits[key] = edit
            agent_grid.addRow(label, edit)
        self.agent_save_button = QPushButton(self.tr("保存委托代理商"))
        self.agent_save_button.setObjectName("agent_save")
        self.agent_save_button.clicked.connect(self.save_agent)
        agent_cancel = QPushButton(self.tr("取消"))
        agent_cancel.clicked.connect(lambda: self.agent_form.hide())
        agent_buttons = QHBoxLayout()
        agent_buttons.addStretch(1)
        agent_buttons.addWidget(self.agent_save_button)
        agent_buttons.addWidget(agent_cancel)
        agent_grid.addRow(agent_buttons)
        self.agent_form.hide()
        column.addWidget(self.agents)
        column.addLayout(row)
        column.addWidget(self.agent_form)

        lower = QHBoxLayout()
        lower.addWidget(details, 2)
        lower.addWidget(agents, 3)
        self.message = QLabel()
        self.message.setObjectName("suppliers_message")
        self.message.setWordWrap(True)
        self.message.hide()
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addWidget(self.blocked)
        layout.addWidget(self.table, 1)
        layout.addLayout(lower)
        layout.addLayout(footer)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.agents.itemSelectionChanged.connect(self._update_buttons)
        self.resize(1000, 640)
        self.set_project(project)
        if self.roster:
            self.table.selectRow(0)

    # --- contents --------------------------------------------------------------------------

    def set_project(self, project: Project) -> None:
        keep = self.selected()
        self.project = project
        self.roster = list(rules.roster(project))
        self.removing = {str(e.envelope.payload.get("credit_code", "")) for e in
                         project.pending_for(f"roster:{project.plan_id}") if e.envelope.name == REMOVAL}
        self.table.setRowCount(len(self.roster))
        for row, (supplier, pending) in enumerate(self.roster):
            info = supplier.info
            state = self.tr("待同步") if pending else self.tr("已同步")
            if info.credit_code in self.removing:
                state = self.tr("待同步（移出）")
            cells = (str(row + 1), info.name, info.credit_code, info.address, info.contact_person, info.phone,
                     self.tr("{n} 家").format(n=len(supplier.agents)), state)
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        if keep is not None:
            self.select(keep.credit_code)
        self._show_selected()

    def selected(self) -> ShortlistedSupplier | None:
        rows = self.table.selectionModel().selectedRows()
        return self.roster[rows[0].row()][0] if rows and rows[0].row() < len(self.roster) else None

    def select(self, credit_code: str) -> bool:
        for row, (supplier, _p) in enumerate(self.roster):
            if supplier.credit_code == credit_code:
                self.table.selectRow(row)
                return True
        return False

    def _show_selected(self) -> None:
        supplier = self.selected()
        info = supplier.info if supplier is not None else None
        for edit, key in ((self.name_edit, "name"), (self.code_edit, "credit_code"), (self.address_edit, "address"),
                          (self.contact_edit, "contact_person"), (self.phone_edit, "phone")):
            edit.setText(getattr(info, key) if info is not None else "")
        agents = supplier.agents if supplier is not None else ()
        self.agents.setRowCount(len(agents))
        for row, agent in enumerate(agents):
            for column, key in enumerate(FIELDS):
                self.agents.setItem(row, column, QTableWidgetItem(getattr(agent, key)))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected()
        can = self.refusal is None and chosen is not None and chosen.credit_code not in self.removing
        self.remove_button.setEnabled(can)
        self.remove_button.setVisible(self.refusal is None)
        for widget in (self.address_edit, self.contact_edit, self.phone_edit, self.save_button, self.add_agent_button):
            widget.setEnabled(can)
        agent = bool(self.agents.selectionModel().selectedRows())
        self.edit_agent_button.setEnabled(can and agent)
        self.remove_agent_button.setEnabled(can and agent)

    def say(self, text: str, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(SUMMARY_OK if ok else PROBLEM_STYLE)
        self.message.setVisible(bool(text))

    # --- actions ---------------------------------------------------------------------------

    def _queue(self, supplier: ShortlistedSupplier, command: AgreementCommand, message: str) -> bool:
        refusal = rules.supplier_change(supplier, command)
        if refusal is not None:
            self.say(refusal)
            return False
        service, plan_id = self._service, self.project.plan_id
        Op(self, lambda: service.queue(command)).success(lambda _r: self._queued(plan_id, message)) \
            .failure(self._failed).run()
        return True

    def _queued(self, plan_id: str, message: str) -> None:
        self.say(message, ok=True)
        self.queued.emit(plan_id, message)

    def save_supplier(self) -> bool:
        supplier = self.selected()
        if supplier is None or self.refusal is not None:
            return False
        info = supplier.info
        form = SupplierForm(info.name, info.credit_code, self.address_edit.text().strip(),
                            self.contact_edit.text().strip(), self.phone_edit.text().strip())
        return self._queue(supplier, UpdateShortlistedSupplier(self.project.plan_id, info.credit_code, form),
                           self.tr("入围供应商信息已修改，联网同步后生效。"))

    def open_agent(self, code: str | None) -> None:
        """Show the agent form: empty for 【新增】, filled (credit code locked) for 【修改】."""
        supplier = self.selected()
        agent = next((a for a in supplier.agents if a.credit_code == code), None) if supplier and code else None
        self.agent_code = agent.credit_code if agent is not None else None
        for key, edit in self.agent_edits.items():
            edit.setText(getattr(agent, key) if agent is not None else "")
        for key in ("name", "credit_code"):
            self.agent_edits[key].setReadOnly(agent is not None)
        self.agent_form.show()

    def _edit_selected_agent(self) -> None:
        rows = self.agents.selectionModel().selectedRows()
        supplier = self.selected()
        if rows and supplier is not None and rows[0].row() < len(supplier.agents):
            self.open_agent(supplier.agents[rows[0].row()].credit_code)

    def save_agent(self) -> bool:
        supplier = self.selected()
        if supplier is None or self.refusal is not None:
            return False
        form = SupplierForm(*(self.agent_edits[k].text().strip() for k in FIELDS))
        plan_id, code = self.project.plan_id, supplier.credit_code
        if self.agent_code is None:
            command: AgreementCommand = AddSupplierAgent(plan_id, code, form)
            message = self.tr("已新增委托代理商“{name}”，联网同步后生效。").format(name=form.name)
        else:
            command = UpdateSupplierAgent(plan_id, code, form)
            message = self.tr("委托代理商“{name}”已修改，联网同步后生效。").format(name=form.name)
        if self._queue(supplier, command, message):
            self.agent_form.hide()
            return True
        return False

    def remove_agent(self) -> bool:
        rows = self.agents.selectionModel().selectedRows()
        supplier = self.selected()
        if not rows or supplier is None or rows[0].row() >= len(supplier.agents) or self.refusal is not None:
            return False
        agent = supplier.agents[rows[0].row()]
        command = RemoveSupplierAgent(self.project.plan_id, supplier.credit_code, agent.credit_code)
        message = self.tr("已删除委托代理商“{name}”，联网同步后生效。").format(name=agent.name)
        return self._queue(supplier, command, message)

    def remove_supplier(self) -> ReasonDialog | None:
        """【移出】: confirm, with the reason required; then queued like every change here."""
        supplier = self.selected()
        if supplier is None or self.refusal is not None or supplier.credit_code in self.removing:
            return None
        plan_id, code = self.project.plan_id, supplier.credit_code

        def problem(reason: str) -> str | None:
            try:
                RemoveShortlistedSupplier(plan_id, code, reason).validate()
            except CommandInvalid as exc:
                return exc.message
            return None

        dialog = ReasonDialog(self.tr("移出入围供应商"), self.tr(
            "确定将“{name}”（{code}）移出本框架协议的入围供应商？移出后二阶段不能再选择该供应商。请填写移出原因：")
            .format(name=supplier.info.name, code=code), self.tr("移出"), problem, self, "supplier_remove_dialog")
        dialog.accepted.connect(lambda: self._queue(supplier, RemoveShortlistedSupplier(plan_id, code, dialog.reason),
                                                    self.tr("已移出入围供应商“{name}”，联网同步后生效。")
                                                    .format(name=supplier.info.name)))
        dialog.finished.connect(lambda _r: setattr(self, "remove_dialog", None))
        self.remove_dialog = dialog
        dialog.open()
        return dialog

    def _failed(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)
