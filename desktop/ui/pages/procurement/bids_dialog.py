"""【报价】: the supplier's one bid in a 二次竞价 — the procurement, its deadline and ceiling locked, the
price typed. Checked here with the domain's rules (≤ 协议价格, before the deadline by this computer's
clock, not bid already) and refused with the reason; what passes is queued by :class:`JoiningPages`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.pages.procurement.framework_widgets import PENDING_BOX, PROBLEM_STYLE, box, locked
from desktop.ui.pages.procurement.joining_service import Invitation
from desktop.ui.pages.procurement.joining_widgets import action_button, when


class BidDialog(QDialog):
    submitted = Signal(str, str)  # procurement id, price

    def __init__(self, invitation: Invitation, check: Callable[[str], str | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bid_dialog")
        self.setWindowTitle(self.tr("二次竞价报价"))
        self.invitation = invitation
        self._check = check
        r = invitation.record
        form = QFormLayout()
        for label, value, name in ((self.tr("框架协议项目："), f"{r.project_name}（{r.plan_number}）", "bid_project"),
                                   (self.tr("采购项目名称："), r.title, "bid_title"),
                                   (self.tr("采购人："), r.purchaser_name, "bid_purchaser"),
                                   (self.tr("竞价响应截止时间："), when(r.deadline), "bid_deadline"),
                                   (self.tr("协议价格（元）："), r.ceiling or "", "bid_ceiling")):
            form.addRow(label, locked(value, name))
        self.price_edit = QLineEdit()
        self.price_edit.setObjectName("bid_price")
        self.price_edit.setPlaceholderText(self.tr("不得高于协议价格，单位：元"))
        form.addRow(self.tr("报价（元）："), self.price_edit)
        warning = box(self.tr("每家供应商只能报价一次，提交后不能修改；截止时间以服务器时间为准。"), PENDING_BOX)
        self.problem = QLabel()
        self.problem.setObjectName("bid_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.price_edit.textChanged.connect(lambda _t: self.problem.hide())
        self.submit_button = action_button(self.tr("提交报价"), "bid_ok", "#1565c0")
        self.submit_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(warning)
        layout.addWidget(self.problem)
        layout.addStretch(1)  # spare height below the text, not inside the note
        layout.addLayout(buttons)
        self.resize(520, 330)

    def submit(self) -> bool:
        price = self.price_edit.text().strip()
        problem = self._check(price)
        if problem is not None:
            self.problem.setText(self.tr("不能报价：{reason}").format(reason=problem))
            self.problem.show()
            return False
        self.submitted.emit(self.invitation.procurement_id, price)
        self.accept()
        return True

