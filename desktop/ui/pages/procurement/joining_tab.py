"""加入框架协议 for a supplier (issue 7 items 7, 8; domain-rules.md §A9): the filed open agreements
(开放式) with 【申请加入】, and the supplier's own applications with their status (待审核 / 已入围 /
未通过) and the reason. The tab only shows and asks; :class:`JoiningPages` opens the form and queues.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post
from desktop.domain.workflow.second_stage import JoinStatus
from desktop.ui.pages.procurement import joining_rules as rules
from desktop.ui.pages.procurement.framework_widgets import chosen, select_by
from desktop.ui.pages.procurement.joining_service import Application, OpenAgreement
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


def status_text(application: Application) -> str:
    if application.record is None:
        return JoinStatus.PENDING.value
    return application.record.status


class JoiningTab(QWidget):
    apply_requested = Signal(object)  # OpenAgreement

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joining_tab")
        self.account: AccountInfo | None = None
        self.agreements: list[OpenAgreement] = []
        self.applications: list[Application] = []
        self.now = dt.datetime.now(dt.UTC)
        self.note = QLabel()
        self.apply_button = action_button(self.tr("申请加入"), "join_apply", "#1565c0")
        self.apply_button.clicked.connect(self._ask)
        self.refusal = QLabel()
        self.refusal.setObjectName("join_refusal")
        self.refusal.setStyleSheet("QLabel { color: #7a4100; }")
        self.refusal.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.refusal, 1)
        bar.addWidget(self.apply_button)
        self.table = simple_table(self, [
            self.tr("计划编号"), self.tr("项目名称"), self.tr("征集人"), self.tr("有效期"), self.tr("入围供应商"),
            self.tr("我的申请")], "open_agreements_table", stretch=1)
        self.empty = QLabel()
        self.empty.setObjectName("joining_empty")
        self.empty.setWordWrap(True)
        upper = QGroupBox(self.tr("开放式框架协议"))
        column = QVBoxLayout(upper)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)
        lower = QGroupBox(self.tr("我的加入申请"))
        self.mine = simple_table(self, [
            self.tr("项目名称"), self.tr("征集人"), self.tr("申请时间"), self.tr("审核截止"), self.tr("状态"),
            self.tr("说明")], "join_applications_table", stretch=5)
        QVBoxLayout(lower).addWidget(self.mine)
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("加入框架协议"), self.note))
        layout.addWidget(upper, 3)
        layout.addWidget(lower, 2)
        self.table.itemSelectionChanged.connect(self._update_button)
        self.set_rows(None, [], [], self.now)

    def set_rows(self, account: AccountInfo | None, agreements: list[OpenAgreement],
                 applications: list[Application], now: dt.datetime) -> None:
        self.account, self.agreements, self.applications, self.now = account, agreements, applications, now
        handler = account is not None and account.post == Post.HANDLER.value
        self.note.setText(self.tr("开放式框架协议有效期内，供应商可以随时申请加入；征集人审核通过后即成为入围供应商。")
                          if handler or account is None else self.tr("审核岗可以查看；加入申请由经办岗提交。"))
        self.apply_button.setVisible(handler)
        fill(self.table, [[a.record.plan_number, a.record.project_name, a.record.collector_name,
                           self._validity(a), self.tr("{n} 家").format(n=len(a.record.suppliers)),
                           self._latest(a)] for a in agreements], self._colour)
        self.empty.setText(self.tr("没有可申请加入的开放式框架协议。") if account is not None else self.tr("请先登录"))
        self.empty.setVisible(not agreements)
        fill(self.mine, [[a.record.project_name if a.record else self._project(a.plan_id),
                          a.record.collector_name if a.record else "",
                          when(a.record.received_at) if a.record else self.tr("待同步"),
                          a.record.review_due if a.record else "", status_text(a), self._explain(a)]
                         for a in applications], self._colour)
        self._update_button()

    def _project(self, plan_id: str) -> str:
        return next((a.record.project_name for a in self.agreements if a.record.plan_id == plan_id), plan_id)

    def _validity(self, agreement: OpenAgreement) -> str:
        r = agreement.record
        return f"{r.validity_start or ''} — {r.validity_end or ''}" if r.validity_start or r.validity_end else "—"

    def _latest(self, agreement: OpenAgreement) -> str:
        latest = agreement.latest
        if latest is None:
            return self.tr("未申请")
        return status_text(latest) + (self.tr("（待同步）") if latest.record is None else "")

    def _explain(self, application: Application) -> str:
        r = application.record
        if r is None:
            return self.tr("本机已记录，联网同步后提交征集人审核")
        if r.status == JoinStatus.REFUSED.value:
            return self.tr("未通过原因：{reason}").format(reason=r.reason)
        if r.status == JoinStatus.APPROVED.value:
            return self.tr("{at} 审核通过，已成为入围供应商").format(at=when(r.reviewed_at))
        return self.tr("等待征集人审核（{due}前）").format(due=r.review_due)

    @staticmethod
    def _colour(_row: int, _column: int, value: str) -> QColor | None:
        if value.startswith(JoinStatus.APPROVED.value):
            return DONE
        if value.startswith(JoinStatus.REFUSED.value):
            return FAILED
        return PENDING if value.startswith(JoinStatus.PENDING.value) else None

    def selected(self) -> OpenAgreement | None:
        return chosen(self.table, self.agreements)

    def select(self, plan_id: str) -> bool:
        return select_by(self.table, self.agreements, lambda a: a.record.plan_id, plan_id)

    def _ask(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.apply_requested.emit(chosen)

    def _update_button(self) -> None:
        chosen = self.selected()
        refusal = rules.apply_refusal(self.account, chosen, None, self.now) if chosen is not None else None
        self.apply_button.setEnabled(chosen is not None and refusal is None)
        self.apply_button.setToolTip(refusal or "")
        shown = refusal is not None and self.apply_button.isVisibleTo(self)
        self.refusal.setText(self.tr("不能申请加入：{reason}").format(reason=refusal) if shown else "")
