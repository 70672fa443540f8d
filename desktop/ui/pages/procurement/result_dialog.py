"""入围结果公告 (seed manual 1.3.1.2 2): only after the 征集公告 is published.

最高入围价格 or 最低入围分值 with its value; the shortlisted suppliers — 【选择】 from those the trading
centre pushed (互认互通 projects), or added by hand with a 统一社会信用代码 checked as it is added
(GB 32100-2015 check character, :mod:`desktop.domain.identity`). Saving syncs the suppliers into
入围供应商管理; 【提交】 sends it to the 内部审核岗 once the rules find nothing missing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_commands import SaveShortlistResult, SubmitAnnouncement, SupplierForm
from desktop.domain.commands import CommandInvalid
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.order110 import EvaluationMethod
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.command_dialog import CommandDialog
from desktop.ui.pages.procurement.framework_service import FrameworkService, Project
from desktop.ui.pages.procurement.framework_widgets import PENDING_BOX, PROBLEM_STYLE, RETURN_BOX, TITLE_STYLE, box
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE, SUMMARY_OK

FIELDS = ("name", "credit_code", "address", "contact_person", "phone")


class PickSuppliersDialog(QDialog):
    """【选择】: tick the suppliers the trading centre pushed."""

    def __init__(self, pushed: list[SupplierForm], chosen: set[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("选择入围供应商"))
        self.pushed = pushed
        self.list = QListWidget(self)
        for supplier in pushed:
            item = QListWidgetItem(f"{supplier.name}（{supplier.credit_code}）")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if supplier.credit_code in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("交易中心推送的入围供应商：")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> list[SupplierForm]:
        return [s for n, s in enumerate(self.pushed) if self.list.item(n).checkState() == Qt.CheckState.Checked]


class ShortlistResultDialog(CommandDialog):
    def __init__(self, service: FrameworkService, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("result_dialog")
        self.setWindowTitle(self.tr("入围结果公告"))
        self.project = project
        self.result_id = project.result_id or service.new_id("r")
        self.picker: PickSuppliersDialog | None = None
        self.refusal = rules.result_refusal(project)
        record, form = project.result, project.result_form
        self.suppliers: list[SupplierForm] = []
        self.evaluation: EvaluationMethod | None = form.evaluation_method if form else (
            EvaluationMethod(record.evaluation_method) if record and record.evaluation_method else None)

        heading = QLabel(html.escape(self.tr("入围结果公告编辑：{project}").format(project=project.project_name)))
        heading.setStyleSheet(TITLE_STYLE)
        heading.setWordWrap(True)
        self.returned = box(self.tr("退回原因：{reason}").format(reason=record.return_reason if record else ""),
                            RETURN_BOX, "result_returned")
        self.returned.setVisible(record is not None and record.status == "已退回")
        self.blocked = box(self.refusal or "", PENDING_BOX, "result_refusal")
        self.blocked.setVisible(self.refusal is not None)

        default_title = self.tr("{project}入围结果公告").format(project=project.project_name)
        self.title_edit = QLineEdit((form.title if form else record.title if record else "") or default_title)
        self.basis_combo = QComboBox()
        self.basis_combo.setObjectName("result_basis")
        self.basis_combo.addItem(self.tr("请选择"), None)
        for basis in ShortlistBasis:
            self.basis_combo.addItem(basis.value, basis.value)
        chosen = form.basis.value if form and form.basis else (record.basis if record else None)
        self.basis_combo.setCurrentIndex(max(0, self.basis_combo.findData(chosen)))
        self.value_edit = QLineEdit((form.basis_value if form else record.basis_value if record else None) or "")
        self.value_edit.setObjectName("result_basis_value")
        self.value_edit.setPlaceholderText(self.tr("价格（元）或分值"))
        count = form.responsive_count if form else (record.responsive_count if record else None)
        self.responsive_edit = QLineEdit("" if count is None else str(count))
        self.responsive_edit.setPlaceholderText(self.tr("选填，用于核对淘汰率"))
        basis_row = QHBoxLayout()
        basis_row.addWidget(self.basis_combo)
        basis_row.addWidget(self.value_edit, 1)

        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("result_suppliers")
        self.table.setHorizontalHeaderLabels([self.tr("供应商名称"), self.tr("统一社会信用代码"), self.tr("供应商地址"),
                                              self.tr("联系人"), self.tr("联系电话")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.pick_button = QPushButton(self.tr("选择"))
        self.pick_button.setObjectName("result_pick")
        self.pushed = [SupplierForm(s.name, s.credit_code, s.address, s.contact_person, s.phone)
                       for s in rules.pushed_suppliers(project)]
        self.pick_button.setEnabled(bool(self.pushed))
        self.pick_button.setToolTip(self.tr("从交易中心推送的入围供应商中选择") if self.pushed else
                                    self.tr("交易中心尚未推送入围供应商；非互认互通项目的入围供应商需要自行添加"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.pick_button.clicked.connect(self.pick)
        self.remove_button.clicked.connect(self._remove)

        adding = QGroupBox(self.tr("自行添加入围供应商"))
        grid = QGridLayout(adding)
        self.new_edits: dict[str, QLineEdit] = {}
        labels = (self.tr("供应商名称"), self.tr("统一社会信用代码"), self.tr("供应商地址"), self.tr("联系人"),
                  self.tr("联系电话"))
        for n, (key, label) in enumerate(zip(FIELDS, labels, strict=True)):
            edit = QLineEdit()
            edit.setObjectName(f"result_new_{key}")
            self.new_edits[key] = edit
            grid.addWidget(QLabel(label), n // 2, (n % 2) * 2)
            grid.addWidget(edit, n // 2, (n % 2) * 2 + 1)
        self.new_edits["credit_code"].setPlaceholderText(self.tr("18位，系统校验校验位"))
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("result_add_supplier")
        self.add_button.clicked.connect(self.add_typed)
        grid.addWidget(self.add_button, 2, 3, Qt.AlignmentFlag.AlignRight)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.add_error = QLabel()
        self.add_error.setObjectName("result_add_error")
        self.add_error.setStyleSheet(PROBLEM_STYLE)
        self.add_error.setWordWrap(True)
        self.add_error.hide()
        grid.addWidget(self.add_error, 3, 0, 1, 4)
        supplier_buttons = QHBoxLayout()
        supplier_buttons.addWidget(self.pick_button)
        supplier_buttons.addWidget(self.remove_button)
        supplier_buttons.addStretch(1)
        suppliers = QWidget(self)
        column = QVBoxLayout(suppliers)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(supplier_buttons)
        column.addWidget(adding)

        fields = QWidget(self)
        rows = QFormLayout(fields)
        rows.addRow(self.tr("公告标题："), self.title_edit)
        rows.addRow(self.tr("最高入围价格或最低入围分值："), basis_row)
        rows.addRow(self.tr("响应供应商数量："), self.responsive_edit)
        rows.addRow(self.tr("入围供应商："), suppliers)
        if project.form == "开放式":
            note = QLabel(self.tr("开放式框架协议采购征集环节不需要进行招标过程，不设最低入围分值。"))
            note.setStyleSheet("QLabel { color: #5f6b7a; }")
            rows.addRow("", note)

        self.problems = QLabel()
        self.problems.setObjectName("result_problems")
        self.problems.setWordWrap(True)
        self.problems.hide()
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("result_save")
        self.save_button.setStyleSheet(BUTTON_STYLE.format(name="result_save", colour="#546e7a"))
        self.submit_button = QPushButton(self.tr("提交"))
        self.submit_button.setObjectName("result_submit")
        self.submit_button.setStyleSheet(BUTTON_STYLE.format(name="result_submit", colour="#1565c0"))
        cancel = QPushButton(self.tr("取消"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        for button in (self.save_button, self.submit_button, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.returned)
        layout.addWidget(self.blocked)
        layout.addWidget(fields, 1)
        layout.addLayout(buttons)
        for widget in (fields, self.save_button, self.submit_button):
            widget.setEnabled(self.refusal is None)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        cancel.clicked.connect(self.reject)
        entries = form.suppliers if form else [SupplierForm(s.name, s.credit_code, s.address, s.contact_person, s.phone)
                                               for s in (record.suppliers if record else [])]
        self.set_suppliers(list(entries))
        self.resize(860, 700)

    # --- suppliers -------------------------------------------------------------------------

    def set_suppliers(self, suppliers: list[SupplierForm]) -> None:
        self.suppliers = suppliers
        self.table.setRowCount(len(suppliers))
        for row, supplier in enumerate(suppliers):
            for column, key in enumerate(FIELDS):
                self.table.setItem(row, column, QTableWidgetItem(getattr(supplier, key)))

    def add_typed(self) -> bool:
        """【添加】 the supplier typed in: its credit code is checked now."""
        typed = SupplierForm(*(self.new_edits[k].text().strip() for k in FIELDS))
        try:
            info = rules.supplier_of(typed, "入围供应商")
        except CommandInvalid as exc:
            self.add_error.setText(exc.message)
            self.add_error.show()
            return False
        if any(s.credit_code.upper() == info.credit_code for s in self.suppliers):
            self.add_error.setText(self.tr("入围供应商“{name}”已在列表中").format(name=info.name))
            self.add_error.show()
            return False
        self.add_error.hide()
        for edit in self.new_edits.values():
            edit.clear()
        self.set_suppliers([*self.suppliers, SupplierForm(info.name, info.credit_code, info.address,
                                                          info.contact_person, info.phone)])
        return True

    def pick(self) -> PickSuppliersDialog:
        chosen = {s.credit_code for s in self.suppliers}
        self.picker = dialog = PickSuppliersDialog(self.pushed, chosen, self)
        dialog.accepted.connect(lambda: self._picked(dialog.chosen()))
        dialog.open()
        return dialog

    def _picked(self, chosen: list[SupplierForm]) -> None:
        pushed = {s.credit_code for s in self.pushed}
        kept = [s for s in self.suppliers if s.credit_code not in pushed]
        self.set_suppliers(chosen + kept)

    def _remove(self) -> None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        self.set_suppliers([s for n, s in enumerate(self.suppliers) if n not in rows])

    # --- saving ----------------------------------------------------------------------------

    def command(self) -> SaveShortlistResult:
        basis = self.basis_combo.currentData()
        count = self.responsive_edit.text().strip()
        return SaveShortlistResult(self.result_id, self.project.notice_id or "",
                                   ShortlistBasis(basis) if basis else None, self.value_edit.text().strip() or None,
                                   list(self.suppliers), int(count) if count.isdigit() else None, self.evaluation,
                                   self.title_edit.text().strip())

    def say(self, lines: list[str], ok: bool = False) -> None:
        self.problems.setText("\n".join(lines))
        self.problems.setStyleSheet(SUMMARY_OK if ok else PROBLEM_STYLE)
        self.problems.setVisible(bool(lines))

    def save(self, submit: bool) -> None:
        if self.refusal is not None:
            return
        command = self.command()
        problems, warnings, refusal = rules.check_result(self.project, command)
        if refusal is not None:
            self.say([self.tr("不能保存：{reason}").format(reason=refusal)])
            return
        if submit and problems:
            self.say([self.tr("不能提交，请先补充以下内容（可以先保存）：")] + [f"✘ {p.message}" for p in problems]
                     + [f"⚠ {w.message}" for w in warnings])
            return
        commands: list[SaveShortlistResult | SubmitAnnouncement] = [command]
        if submit:
            commands.append(SubmitAnnouncement(self.result_id))
        message = (self.tr("入围结果公告已保存并提交，联网同步后流转至内部审核岗审核。") if submit
                   else self.tr("入围结果公告已保存，入围供应商联网同步后进入入围供应商管理。"))
        self.queue_and_close(self.project.plan_id, message, commands, (self.save_button, self.submit_button))
