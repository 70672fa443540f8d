"""【合同备案】 of a second-stage contract by the purchaser's 经办岗 (合同名称, 合同金额, 合同签订日期 —
prefilled from the award), then the 内部审核岗's review in 【查看/审核】; and 【资金支付】 once it is 已备案.

When the award's 标段 went through 合同在线签订, the doubly signed PDF becomes the 合同主文档 at filing:
the dialog shows the online contract's state and that the document is not editable here.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QDateEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.protocol import AccountInfo
from desktop.domain.second_stage_commands import FileSecondStageContract, RequestPayment
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.workdays import local_date
from desktop.ui.pages.procurement import second_stage_rules as rules
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, RETURN_BOX, TITLE_STYLE, box, locked
from desktop.ui.pages.procurement.second_stage_dialogs import QueueingDialog, china_time
from desktop.ui.pages.procurement.second_stage_service import Procurement, SecondStageService, decimal

translate = QCoreApplication.translate


def online_contract_note(p: Procurement) -> str:
    """合同在线签订 linked to the award, as one sentence (empty when none)."""
    r = p.record
    if r is None:
        return ""
    if r.document_sha256:
        text = translate("SecondStageContract", "合同主文档取自合同在线签订（双方签章，SHA-256 {sha}…），"
                         "已锁定，不允许修改。")
        return text.format(sha=r.document_sha256[:16])
    if r.online_contract_id:
        text = translate("SecondStageContract", "已关联合同在线签订（{state}）：备案时以双方签章后的合同文件"
                         "作为合同主文档，不允许修改。")
        return text.format(state=r.online_contract_state or "—")
    if r.lot_id:
        text = translate("SecondStageContract", "成交供应商确定后已生成合同在线签订标段（{lot}），"
                         "可在“合同在线签订”中签订合同。")
        return text.format(lot=r.lot_id)
    return ""


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ContractFilingDialog(QueueingDialog):
    def __init__(self, service: SecondStageService, procurement: Procurement, account: AccountInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("second_stage_contract")
        self.setWindowTitle(self.tr("合同备案"))
        self.procurement, self.account = procurement, account
        r = procurement.record
        assert r is not None
        heading = QLabel(html.escape(r.title))
        heading.setStyleSheet(TITLE_STYLE)
        self.returned = box(self.tr("退回原因：{reason}").format(reason=r.return_reason), RETURN_BOX,
                            "second_stage_returned")
        self.returned.setVisible(r.state_label == "合同备案已退回")
        self.online = box(online_contract_note(procurement), INFO_BOX, "second_stage_online")
        self.online.setVisible(bool(self.online.text()))
        self.title_edit = QLineEdit(r.contract_title or self.tr("{title}合同").format(title=r.title))
        self.title_edit.setObjectName("second_stage_contract_title")
        self.amount_edit = QLineEdit(r.contract_amount or r.award_price or "")
        self.amount_edit.setObjectName("second_stage_contract_amount")
        self.amount_edit.setPlaceholderText(self.tr("单位：元"))
        signed = (dt.date.fromisoformat(r.contract_signed_on) if r.contract_signed_on
                  else local_date(r.awarded_at or service.engine.clock()))
        self.signed_edit = QDateEdit(_qdate(signed))
        self.signed_edit.setObjectName("second_stage_contract_signed")
        self.signed_edit.setCalendarPopup(True)
        self.signed_edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow(self.tr("计划编号："), locked(r.plan_number))
        form.addRow(self.tr("框架协议："), locked(r.project_name))
        form.addRow(self.tr("确定成交供应商的方式："), locked(r.method))
        form.addRow(self.tr("成交供应商："), locked(f"{r.supplier_name}（{r.supplier_credit_code}）",
                                                   "second_stage_contract_supplier"))
        if r.award_price:
            form.addRow(self.tr("成交报价（元）："), locked(r.award_price))
        form.addRow(self.tr("合同名称："), self.title_edit)
        form.addRow(self.tr("合同金额（元）："), self.amount_edit)
        form.addRow(self.tr("合同签订日期："), self.signed_edit)
        self.file_button = self.primary(self.tr("备案"), "second_stage_file")
        self.file_button.setToolTip(self.tr("提交内部审核岗审核；审核通过后发布合同公告并生成采购计划备案"))
        layout = QVBoxLayout(self)
        for widget in (heading, self.returned, self.online):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(self.footer(self.file_button))
        for edit in (self.title_edit, self.amount_edit):
            edit.textChanged.connect(lambda _t: self.recheck())
        self.signed_edit.dateChanged.connect(lambda _d: self.recheck())
        self.file_button.clicked.connect(self.file)
        self.resize(720, max(360, self.sizeHint().height()))
        self.recheck()

    def contract(self) -> wf.ContractTerms | None:
        amount = decimal(self.amount_edit.text())
        signed = self.signed_edit.date().toPython()
        assert isinstance(signed, dt.date)
        return wf.ContractTerms(self.title_edit.text().strip(), amount, signed) if amount is not None else None

    def recheck(self) -> bool:
        """True when the 合同备案 may go; the refusal or the late-filing warnings are shown."""
        contract, now = self.contract(), self._service.engine.clock()
        if contract is None:
            return not self.refuse(self.tr("请填写有效的合同金额"))
        refusal = rules.filing_refusal(self.procurement, self.account, contract, now)
        warnings = [] if refusal else [w.message for w in wf.contract_warnings(contract, local_date(now))]
        return not self.refuse(refusal, warnings)

    def file(self) -> None:
        contract = self.contract()
        if contract is None or not self.recheck():
            return
        command = FileSecondStageContract(self.procurement.procurement_id, contract.title, f"{contract.amount:f}",
                                          contract.signed_on.isoformat())
        self.queue(self.file_button, command.procurement_id,
                   self.tr("合同备案已提交，联网同步后流转至内部审核岗审核。"), command)


class PaymentDialog(QueueingDialog):
    """【资金支付】 (资金支付申请) against a filed contract: never beyond what is left unpaid."""

    def __init__(self, service: SecondStageService, procurement: Procurement, account: AccountInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("second_stage_payment")
        self.setWindowTitle(self.tr("资金支付"))
        self.procurement, self.account = procurement, account
        r = procurement.record
        assert r is not None
        heading = QLabel(html.escape(r.contract_title or r.title))
        heading.setStyleSheet(TITLE_STYLE)
        left = rules.unpaid(r)
        form = QFormLayout()
        form.addRow(self.tr("成交供应商："), locked(r.supplier_name))
        form.addRow(self.tr("合同金额（元）："), locked(r.contract_amount or "—"))
        form.addRow(self.tr("已申请支付（元）："), locked(r.paid_total))
        unpaid = locked(f"{left:f}" if left is not None else "—", "second_stage_unpaid")
        form.addRow(self.tr("未支付金额（元）："), unpaid)
        done = "\n".join(f"{china_time(pay.requested_at)}  {pay.amount}" for pay in r.payments)
        if done:
            form.addRow(self.tr("支付记录："), QLabel(done))
        self.amount_edit = QLineEdit()
        self.amount_edit.setObjectName("second_stage_payment_amount")
        self.amount_edit.setPlaceholderText(self.tr("单位：元"))
        form.addRow(self.tr("本次支付金额（元）："), self.amount_edit)
        self.pay_button = self.primary(self.tr("提交申请"), "second_stage_pay")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(self.footer(self.pay_button))
        self.amount_edit.textChanged.connect(lambda _t: self.recheck())
        self.pay_button.clicked.connect(self.pay)
        self.resize(600, max(300, self.sizeHint().height()))
        self.refuse(rules.payment_refusal(procurement, account))

    def recheck(self) -> bool:
        text = self.amount_edit.text().strip()
        amount = decimal(text)
        if text and amount is None:
            return not self.refuse(self.tr("支付金额“{text}”不是有效的金额").format(text=text))
        return not self.refuse(rules.payment_refusal(self.procurement, self.account, amount))

    def pay(self) -> None:
        amount = decimal(self.amount_edit.text())
        if amount is None:
            self.refuse(self.tr("请填写本次支付金额"))
            return
        if not self.recheck():
            return
        command = RequestPayment(self._service.new_id("pay"), self.procurement.procurement_id, f"{amount:f}")
        self.queue(self.pay_button, command.procurement_id, self.tr("资金支付申请已提交，联网同步后生效。"), command)
