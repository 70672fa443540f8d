"""二次竞价 for a supplier (issue 7 item 7; domain-rules.md §A8): the procurements it is invited to, with
the 竞价响应截止时间 and the ceiling (协议价格), its own bid and, after the award, the result. 【报价】
(经办岗) asks :class:`JoiningPages` to open the bid form; the tab only shows and asks.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post
from desktop.domain.workflow.second_stage import SecondStageState
from desktop.ui.pages.procurement import joining_rules as rules
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, box, chosen, select_by
from desktop.ui.pages.procurement.joining_service import Invitation
from desktop.ui.pages.procurement.joining_widgets import (
    DONE,
    FAILED,
    PENDING,
    action_button,
    fill,
    heading,
    simple_table,
    when,
)


class BidsTab(QWidget):
    bid_requested = Signal(object)  # Invitation

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bids_tab")
        self.account: AccountInfo | None = None
        self.rows: list[Invitation] = []
        self.now = dt.datetime.now(dt.UTC)
        self.note = QLabel()
        self.bid_button = action_button(self.tr("报价"), "bid_submit", "#1565c0")
        self.bid_button.clicked.connect(self._ask)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.bid_button)
        self.table = simple_table(self, [
            self.tr("计划编号"), self.tr("框架协议项目"), self.tr("采购项目名称"), self.tr("采购人"),
            self.tr("竞价响应截止时间"), self.tr("协议价格（元）"), self.tr("我的报价（元）"), self.tr("状态")],
            "bids_table", stretch=2)
        self.detail = box("", INFO_BOX, "bid_detail")
        self.empty = QLabel()
        self.empty.setObjectName("bids_empty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("二次竞价"), self.note))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.detail)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.set_rows(None, [], self.now)

    def set_rows(self, account: AccountInfo | None, rows: list[Invitation], now: dt.datetime) -> None:
        self.account, self.rows, self.now = account, list(rows), now
        handler = account is not None and account.post == Post.HANDLER.value
        self.note.setText(self.tr("采购人发起二次竞价后，被邀请的入围供应商在竞价响应截止时间前报价一次，报价不得高于协议价格，"
                                  "报价最低者成交。") if handler or account is None else
                          self.tr("审核岗可以查看竞价邀请和结果；报价由经办岗办理。"))
        self.bid_button.setVisible(handler)
        code = account.credit_code if account is not None else ""
        cells = [[i.record.plan_number, i.record.project_name, i.record.title, i.record.purchaser_name,
                  when(i.record.deadline), i.record.ceiling or "",
                  (i.price or "") + (self.tr("（待同步）") if i.bid is None and i.pending_price else ""),
                  rules.bid_result(i, code, now)] for i in rows]
        fill(self.table, cells, self._colour)
        self.count_label.setText(self.tr("共 {n} 项竞价邀请").format(n=len(rows)))
        self.empty.setText(self.tr("没有二次竞价邀请。采购人邀请贵单位参加二次竞价后，联网同步即可在这里看到。")
                           if account is not None else self.tr("请先登录"))
        self.empty.setVisible(not rows)
        self._show_selected()

    @staticmethod
    def _colour(_row: int, column: int, value: str) -> QColor | None:
        if column == 6 and value.endswith("）"):
            return PENDING
        if column == 7:
            return DONE if value.startswith("已成交") else FAILED if value in ("未成交", "竞价失败") else None
        return None

    def selected(self) -> Invitation | None:
        return chosen(self.table, self.rows)

    def select(self, procurement_id: str) -> bool:
        return select_by(self.table, self.rows, lambda r: r.procurement_id, procurement_id)

    def _ask(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.bid_requested.emit(chosen)

    def _show_selected(self) -> None:
        chosen = self.selected()
        refusal = rules.bid_refusal(self.account, chosen, None, self.now) if chosen is not None else None
        self.bid_button.setEnabled(chosen is not None and refusal is None)
        self.bid_button.setToolTip(refusal or "")
        self.detail.setVisible(chosen is not None)
        if chosen is not None:
            self.detail.setText(self._detail(chosen, refusal))

    def _detail(self, invitation: Invitation, refusal: str | None) -> str:
        r = invitation.record
        lines = [self.tr("<b>{title}</b>（{purchaser}）").format(title=html.escape(r.title),
                                                               purchaser=html.escape(r.purchaser_name)),
                 self.tr("竞价响应截止时间：{deadline}；协议价格（最高限价）：{ceiling} 元；已邀请 {n} 家入围供应商")
                 .format(deadline=when(r.deadline), ceiling=r.ceiling or "—", n=len(r.invited))]
        if invitation.bid is not None:
            lines.append(self.tr("我的报价：{price} 元（{at} 提交）").format(price=invitation.bid.price,
                                                                        at=when(invitation.bid.at, seconds=True)))
        elif invitation.pending_price:
            lines.append(self.tr("我的报价：{price} 元，待同步：联网同步后提交服务器")
                         .format(price=invitation.pending_price))
        if r.supplier_name:
            lines.append(self.tr("成交供应商：{name}，成交价 {price} 元").format(name=html.escape(r.supplier_name),
                                                                         price=r.award_price or "—"))
        if r.bids:
            ranked = "；".join(f"{b.rank}. {html.escape(b.name)} {b.price}" for b in r.bids)
            lines.append(self.tr("报价排名（元）：{ranked}").format(ranked=ranked))
        if refusal is not None and self.bid_button.isVisibleTo(self) and r.state == SecondStageState.BIDDING.value:
            lines.append(self.tr("不能报价：{reason}").format(reason=html.escape(refusal)))
        return "<br>".join(lines)
