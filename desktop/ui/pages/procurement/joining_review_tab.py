"""加入申请审核 for the collector of an open agreement (issue 7 items 7, 8; domain-rules.md §A9): the
applications to its agreements with 收到时间, 审核截止 (7 working days), 公告截止 (2 working days) and the
overdue warnings recomputed for today; its 审核岗 【审核通过】 or 【审核不通过】 (reason required). The
tab shows and asks; :class:`JoiningPages` checks and queues.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.domain.agreement_records import AgreementRecord
from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.second_stage import JoinStatus
from desktop.ui.pages.procurement import joining_rules as rules
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, RETURN_BOX, box, chosen, pending_text, select_by
from desktop.ui.pages.procurement.joining_service import Application
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

WARNING_COLUMN = 8


class JoinReviewTab(QWidget):
    approve_requested = Signal(object)  # Application
    refuse_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("join_review_tab")
        self.account: AccountInfo | None = None
        self.rows: list[Application] = []
        self.agreements: dict[str, AgreementRecord] = {}
        self.now = dt.datetime.now(dt.UTC)
        self.note = QLabel()
        self.approve_button = action_button(self.tr("审核通过"), "join_approve", "#2e7d32")
        self.refuse_button = action_button(self.tr("审核不通过"), "join_refuse", "#c62828")
        self.approve_button.clicked.connect(lambda: self._ask(approve=True))
        self.refuse_button.clicked.connect(lambda: self._ask(approve=False))
        self.count_label = QLabel()
        self.refusal = QLabel()
        self.refusal.setObjectName("join_review_refusal")
        self.refusal.setStyleSheet("QLabel { color: #7a4100; }")
        self.refusal.setWordWrap(True)
        bar = QHBoxLayout()
        bar.addWidget(self.count_label)
        bar.addWidget(self.refusal, 1)
        bar.addWidget(self.approve_button)
        bar.addWidget(self.refuse_button)
        self.table = simple_table(self, [
            self.tr("计划编号"), self.tr("项目名称"), self.tr("供应商名称"), self.tr("统一社会信用代码"),
            self.tr("收到时间"), self.tr("审核截止"), self.tr("公告截止"), self.tr("状态"), self.tr("提示")],
            "join_review_table", stretch=WARNING_COLUMN)
        self.detail = box("", INFO_BOX, "join_review_detail")
        self.warnings = box("", RETURN_BOX, "join_review_warnings")
        self.empty = QLabel()
        self.empty.setObjectName("join_review_empty")
        self.empty.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(heading(self.tr("加入申请审核"), self.note))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.detail)
        layout.addWidget(self.warnings)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.set_rows(None, [], {}, self.now)

    def reviewer(self) -> bool:
        a = self.account
        return a is not None and a.post == Post.REVIEWER.value and a.user_type != UserType.REGULATOR.value

    def set_rows(self, account: AccountInfo | None, rows: list[Application], agreements: dict[str, AgreementRecord],
                 now: dt.datetime) -> None:
        self.account, self.rows, self.agreements, self.now = account, list(rows), agreements, now
        if account is not None and account.user_type == UserType.REGULATOR.value:
            note = self.tr("监管部门：查看征集人是否在期限内审核加入申请、发布入围公告。")
        elif self.reviewer():
            note = self.tr("供应商申请加入开放式框架协议后，征集人审核岗应在收到之日起7个工作日内审核，"
                           "审核通过后2个工作日内发布入围公告（系统自动发布）。")
        else:
            note = self.tr("加入申请由征集人审核岗审核，经办岗可以查看。")
        self.note.setText(note)
        for button in (self.approve_button, self.refuse_button):
            button.setVisible(self.reviewer())
        fill(self.table, [self._cells(a) for a in rows], self._colour)
        self.count_label.setText(self.tr("共 {n} 条申请").format(n=len(rows)))
        self.empty.setText(self.tr("没有加入申请。供应商申请加入本单位的开放式框架协议后，联网同步即可在这里看到。")
                           if account is not None else self.tr("请先登录"))
        self.empty.setVisible(not rows)
        self._show_selected()

    def _cells(self, application: Application) -> list[str]:
        r = application.record
        assert r is not None  # the collector lists synced applications only
        status = r.status + (f"（{pending_text(application.pending)}）" if application.pending else "")
        warnings = "；".join(w.message for w in rules.deadline_warnings(application, self.now))
        return [r.plan_number, r.project_name, r.name, r.credit_code, when(r.received_at), r.review_due,
                r.announce_due or "", status, warnings]

    @staticmethod
    def _colour(_row: int, column: int, value: str) -> QColor | None:
        if column == WARNING_COLUMN and value:
            return FAILED
        if column == WARNING_COLUMN - 1:
            return (PENDING if "待同步" in value or value.startswith(JoinStatus.PENDING.value)
                    else DONE if value == JoinStatus.APPROVED.value else FAILED)
        return None

    def selected(self) -> Application | None:
        return chosen(self.table, self.rows)

    def select(self, application_id: str) -> bool:
        return select_by(self.table, self.rows, lambda r: r.application_id, application_id)

    def _ask(self, approve: bool) -> None:
        chosen = self.selected()
        if chosen is not None:
            (self.approve_requested if approve else self.refuse_requested).emit(chosen)

    def refusal_for(self, application: Application) -> str | None:
        return rules.review_refusal(self.account, application, self.agreements.get(application.plan_id), self.now)

    def _show_selected(self) -> None:
        chosen = self.selected()
        refusal = self.refusal_for(chosen) if chosen is not None else None
        for button in (self.approve_button, self.refuse_button):
            button.setEnabled(chosen is not None and refusal is None)
            button.setToolTip(refusal or "")
        shown = chosen is not None and refusal is not None and self.reviewer()
        self.refusal.setText(self.tr("不能审核：{reason}").format(reason=refusal) if shown else "")
        self.detail.setVisible(chosen is not None)
        warnings = rules.deadline_warnings(chosen, self.now) if chosen is not None else ()
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("<br>".join(html.escape(w.message) for w in warnings))
        if chosen is not None and chosen.record is not None:
            r = chosen.record
            lines = [self.tr("<b>{name}</b>（{code}）申请加入“{project}”").format(
                name=html.escape(r.name), code=r.credit_code, project=html.escape(r.project_name)),
                self.tr("地址：{address}；联系人：{contact}；联系电话：{phone}").format(
                    address=html.escape(r.address or "—"), contact=html.escape(r.contact_person or "—"),
                    phone=html.escape(r.phone or "—"))]
            if r.reason:
                lines.append(self.tr("未通过原因：{reason}").format(reason=html.escape(r.reason)))
            if r.announcement_id:
                lines.append(self.tr("入围公告：{at} 已发布").format(at=when(r.announced_at)))
            self.detail.setText("<br>".join(lines))
