"""【查看】/【审核】 of a second-stage procurement: the agreement, how the supplier was chosen (the 二次竞价
invitation and, once opened, the ranked bids), the contract as filed (with 合同在线签订 when linked), the
合同公告 and the 采购计划备案 it created, the payments and the history; the 内部审核岗 approves or returns
the 合同备案 with a reason (never their own submission — the button says why).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.domain.agreement_records import ReviewEventRecord
from desktop.domain.protocol import AccountInfo
from desktop.domain.second_stage_commands import ApproveSecondStageContract, ReturnSecondStageContract
from desktop.domain.second_stage_records import ProcurementPlanRecord, SecondStageRecord
from desktop.ui.pages.procurement import second_stage_rules as rules
from desktop.ui.pages.procurement.announcement_view import PAGE_CSS
from desktop.ui.pages.procurement.framework_widgets import (
    PENDING_BOX,
    RETURN_BOX,
    TITLE_STYLE,
    ReviewBox,
    box,
)
from desktop.ui.pages.procurement.second_stage_contract import online_contract_note
from desktop.ui.pages.procurement.second_stage_dialogs import QueueingDialog, china_time
from desktop.ui.pages.procurement.second_stage_service import Procurement, SecondStageService
from desktop.ui.pages.procurement.second_stage_tab import pending_text


def _table(heads: str, rows: list[tuple[str, ...]]) -> str:
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in heads.split("|"))
    body = "".join("<tr>" + "".join(f"<td>{e(v or '—')}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _h3(text: str) -> str:
    return f"<h3>{html.escape(text)}</h3>"


def _facts(pairs: list[tuple[str, str]]) -> str:
    return "<table>" + "".join(f"<tr><th align='left'>{html.escape(k)}</th><td>{html.escape(v or '—')}</td></tr>"
                               for k, v in pairs) + "</table>"


class SecondStageViewDialog(QueueingDialog):
    def __init__(self, service: SecondStageService, procurement: Procurement, account: AccountInfo | None,
                 plan: ProcurementPlanRecord | None, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("second_stage_view")
        self.setWindowTitle(self.tr("合同备案"))
        self.procurement = procurement
        r = procurement.record
        reviewing = rules.in_review(procurement)
        self.refusal = rules.review_refusal(procurement, account) if reviewing else None
        title = QLabel(html.escape(procurement.title))
        title.setStyleSheet(TITLE_STYLE)
        state = r.state_label if r is not None else self.tr("新增（未同步）")
        self.state = QLabel(self.tr("状态：{state}").format(state=state))
        self.state.setObjectName("second_stage_state")
        pending = procurement.pending_names
        self.pending = box(pending_text(pending), PENDING_BOX)
        self.pending.setVisible(bool(pending))
        self.page = QTextBrowser(self)
        self.page.setObjectName("second_stage_page")
        self.page.setOpenLinks(False)
        self.page.setHtml(PAGE_CSS + (self.details(r, plan) if r is not None else ""))
        self.history = QLabel(self.history_html(r.history if r is not None else []))
        self.history.setObjectName("second_stage_history")
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setWordWrap(True)
        self.review = ReviewBox(self.refusal, reviewing, self)
        self.review.approve_requested.connect(self.approve)
        self.review.return_requested.connect(self.return_)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.problems, 1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (title, self.state, self.pending):
            layout.addWidget(widget)
        if r is not None and r.state_label == "合同备案已退回":
            layout.addWidget(box(self.tr("退回原因：{reason}").format(reason=r.return_reason), RETURN_BOX))
        layout.addWidget(self.page, 1)
        layout.addWidget(QLabel(self.tr("办理记录（北京时间）：")))
        layout.addWidget(self.history)
        layout.addWidget(self.review)
        layout.addLayout(footer)
        self.resize(900, 680)

    def details(self, r: SecondStageRecord, plan: ProcurementPlanRecord | None) -> str:
        names = {s.credit_code: s.name for s in r.suppliers}
        parts = [_h3(self.tr("框架协议")), _facts([
            (self.tr("计划编号"), r.plan_number), (self.tr("项目名称"), r.project_name),
            (self.tr("框架协议类型"), r.form), (self.tr("征集人"), r.collector_name),
            (self.tr("采购人"), r.purchaser_name), (self.tr("确定成交供应商的方式"), r.method)])]
        if r.deadline is not None:
            invited = "、".join(names.get(c, c) for c in r.invited)
            parts += [_h3(self.tr("二次竞价")), _facts([
                (self.tr("竞价响应截止时间（北京时间）"), china_time(r.deadline)),
                (self.tr("最高限价（元）"), r.ceiling or ""),
                (self.tr("受邀供应商"), invited), (self.tr("报价数"), str(r.bid_count))])]
            if r.bids:
                parts.append(_table(self.tr("排名|供应商|统一社会信用代码|报价（元）|报价时间"), [
                    (str(b.rank), b.name, b.credit_code, b.price, china_time(b.at)) for b in r.bids]))
        if r.rotation_cycle is not None:
            parts.append(_facts([(self.tr("顺序轮候周期"), self.tr("第 {n} 轮").format(n=r.rotation_cycle))]))
        online = online_contract_note(self.procurement)
        parts += [_h3(self.tr("成交与合同")), _facts([
            (self.tr("成交供应商"), f"{r.supplier_name}（{r.supplier_credit_code}）" if r.supplier_name else ""),
            (self.tr("成交报价（元）"), r.award_price or ""), (self.tr("确定时间"), china_time(r.awarded_at)),
            (self.tr("合同名称"), r.contract_title), (self.tr("合同金额（元）"), r.contract_amount or ""),
            (self.tr("合同签订日期"), r.contract_signed_on or ""), (self.tr("合同在线签订"), online),
            (self.tr("备案时间"), china_time(r.filed_at)), (self.tr("合同公告"), r.announcement_id),
            (self.tr("采购计划备案编号"), r.procurement_plan_number)])]
        if plan is not None:
            parts += [_h3(self.tr("采购计划备案（系统自动生成）")), _facts([
                (self.tr("采购计划备案编号"), plan.number), (self.tr("采购方式"), plan.procurement_method),
                (self.tr("预算年度"), str(plan.budget_year or "")), (self.tr("金额（元）"), plan.amount),
                (self.tr("来源"), plan.source)])]
        if r.payments:
            parts += [_h3(self.tr("资金支付")),
                      _table(self.tr("申请编号|支付金额（元）|申请时间"),
                             [(pay.payment_id, pay.amount, china_time(pay.requested_at)) for pay in r.payments]),
                      _facts([(self.tr("已申请支付合计（元）"), r.paid_total)])]
        if r.warnings:
            parts.append("<p>" + "<br>".join(f"⚠ {html.escape(w.message)}" for w in r.warnings) + "</p>")
        return "".join(parts)

    def history_html(self, events: list[ReviewEventRecord]) -> str:
        """审核记录 in 北京时间, each action in the manual's words (退回 with its reason)."""
        actions = {"create": self.tr("新增"), "select": self.tr("直接选定"), "invite": self.tr("发起竞价"),
                   "award": self.tr("确定成交供应商"), "bidding_failed": self.tr("竞价失败"),
                   "rotation_award": self.tr("顺序轮候确定"), "file": self.tr("合同备案"),
                   "submit": self.tr("合同备案"), "approve": self.tr("审核通过"), "return": self.tr("退回")}
        lines = []
        for event in events:
            line = f"{china_time(event.at)}  {actions.get(event.action, event.action)}  " \
                   f"{event.actor_name or event.actor_account_id}"
            if event.reason:
                line += "  " + self.tr("原因：{reason}").format(reason=event.reason)
            lines.append(html.escape(line))
        return "<br>".join(lines)

    def approve(self) -> None:
        r = self.procurement.record
        if r is None:
            return
        command = ApproveSecondStageContract(self.procurement.procurement_id, r.submission)
        self.queue(self.review.approve_button, command.procurement_id,
                   self.tr("合同备案已审核通过，联网同步后发布合同公告并生成采购计划备案。"), command)

    def return_(self, reason: str) -> None:
        r = self.procurement.record
        if r is None:
            return
        command = ReturnSecondStageContract(self.procurement.procurement_id, r.submission, reason)
        self.queue(self.review.return_button, command.procurement_id,
                   self.tr("合同备案已退回经办岗，联网同步后生效。"), command)

    def _failed(self, error: BaseException) -> None:
        self.review.set_busy(False)
        super()._failed(error)
