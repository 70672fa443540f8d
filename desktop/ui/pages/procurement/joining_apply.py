"""【申请加入】 an open framework agreement (开放式; domain-rules.md §A9): the supplier's name and credit
code are its unit's (locked); address, contact person and phone are prefilled from the unit record and
editable. Checked with the domain's rules before :class:`JoiningPages` queues it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.domain.second_stage_commands import ApplyToJoin
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, PROBLEM_STYLE, box, locked
from desktop.ui.pages.procurement.joining_service import OpenAgreement
from desktop.ui.pages.procurement.joining_widgets import action_button


class ApplyDialog(QDialog):
    submitted = Signal(object)  # ApplyToJoin

    def __init__(self, agreement: OpenAgreement, application_id: str, supplier: tuple[str, str],
                 prefill: tuple[str, str, str], check: Callable[[ApplyToJoin], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("apply_dialog")
        self.setWindowTitle(self.tr("申请加入框架协议"))
        self.agreement = agreement
        self.application_id = application_id
        self._check = check
        r = agreement.record
        intro = box(html.escape(self.tr("申请加入开放式框架协议“{project}”（{number}），征集人：{collector}。"
                                        "征集人应在收到申请后7个工作日内完成审核，审核通过后2个工作日内发布入围公告。").format(
            project=r.project_name, number=r.plan_number, collector=r.collector_name)), INFO_BOX)
        self.problem = QLabel()
        self.problem.setObjectName("apply_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(self.tr("供应商名称："), locked(supplier[0], "apply_name"))
        form.addRow(self.tr("统一社会信用代码："), locked(supplier[1], "apply_code"))
        self.edits: dict[str, QLineEdit] = {}
        for key, label, value in (("address", self.tr("供应商地址："), prefill[0]),
                                  ("contact_person", self.tr("供应商联系人："), prefill[1]),
                                  ("phone", self.tr("供应商联系电话："), prefill[2])):
            edit = QLineEdit(value)
            edit.setObjectName(f"apply_{key}")
            edit.textChanged.connect(lambda _t: self.problem.hide())
            self.edits[key] = edit
            form.addRow(label, edit)
        self.submit_button = action_button(self.tr("提交申请"), "apply_ok", "#1565c0")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(560, 330)

    def command(self) -> ApplyToJoin:
        return ApplyToJoin(self.application_id, self.agreement.record.plan_id,
                           *(self.edits[k].text().strip() for k in ("address", "contact_person", "phone")))

    def submit(self) -> bool:
        command = self.command()
        problem = self._check(command)
        if problem is not None:
            self.problem.setText(self.tr("不能申请：{reason}").format(reason=problem))
            self.problem.show()
            return False
        self.submitted.emit(command)
        self.accept()
        return True
