"""【查看】 / 【审核】 of an announcement (seed manual 1.3.1.2 (3)): the announcement as it will be (or was)
published, read-only, with its state, 审核记录 and — for the 内部审核岗 of the editing unit, never the
one who submitted it — 【审核通过】 (published in its column) and 【退回】 with a reason."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from desktop.domain.agreement_commands import ApproveAnnouncement, ReturnAnnouncement
from desktop.domain.agreement_records import AnnouncementRecord
from desktop.domain.protocol import AccountInfo
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.framework_service import FrameworkService
from desktop.ui.pages.procurement.framework_widgets import (
    PENDING_BOX,
    RETURN_BOX,
    ReviewBox,
    box,
    history_html,
    pending_note,
)

PAGE_CSS = ("<style>h2{color:#1f3a5f;text-align:center;} h3{color:#1f3a5f;margin-bottom:2px;}"
            " td,th{padding:3px 8px;border:1px solid #c5cfdb;} table{border-collapse:collapse;}"
            " .meta{color:#5f6b7a;text-align:center;}</style>")


class AnnouncementDialog(QDialog):
    acted = Signal(str)  # status message

    def __init__(self, service: FrameworkService, announcement_id: str, record: AnnouncementRecord,
                 account: AccountInfo | None, pending: tuple[str, ...] = (), internal: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcement_view")
        self.setWindowTitle(record.kind)
        self._service = service
        self.announcement_id = announcement_id
        self.record = record
        self.error_dialog: QWidget | None = None
        in_review = internal and record.pending_step is not None
        self.refusal = rules.review_refusal(announcement_id, record.owner_unit_id, record, account, pending) \
            if in_review else None

        state = self.tr("栏目：{column}    状态：{state}").format(column=record.column, state=record.state_label)
        if record.published_at is not None:
            published = record.published_at.astimezone(CHINA_TIME)
            state += "    " + self.tr("发布时间：{at}").format(at=f"{published:%Y-%m-%d %H:%M}")
        self.state = QLabel(state)
        self.state.setObjectName("announcement_state")
        self.pending = box(pending_note(pending), PENDING_BOX, "announcement_pending")
        self.pending.setVisible(bool(pending))
        self.returned = box(self.tr("退回原因：{reason}").format(reason=record.return_reason), RETURN_BOX)
        self.returned.setVisible(record.status == "已退回" and bool(record.return_reason))
        self.page = QTextBrowser(self)
        self.page.setObjectName("announcement_page")
        self.page.setHtml(self.page_html())
        self.history = QLabel(history_html(record.history))
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setWordWrap(True)
        self.history.setVisible(internal and bool(record.history))  # 审核记录: the editing unit's, not the public's
        self.review = ReviewBox(self.refusal, in_review, self)
        self.review.approve_requested.connect(self.approve)
        self.review.return_requested.connect(self.return_)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.pending)
        layout.addWidget(self.returned)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.history)
        layout.addWidget(self.review)
        layout.addLayout(footer)
        self.resize(780, 680)

    @property
    def approve_button(self) -> QPushButton:
        return self.review.approve_button

    def page_html(self) -> str:
        r = self.record
        e = html.escape
        meta = self.tr("计划编号：{number}　框架协议类型：{form}").format(number=r.plan_number, form=r.form)
        parts = [PAGE_CSS, f"<h2>{e(r.title)}</h2>", f"<p class='meta'>{e(meta)}</p>"]
        if r.collector is not None:
            c = r.collector
            lines = (self.tr("征集人名称：{v}").format(v=c.name), self.tr("联系人：{v}").format(v=c.contact_person),
                     self.tr("联系方式：{v}").format(v=c.phone), self.tr("联系地址：{v}").format(v=c.address or "—"))
            heading = self.tr("征集人信息")
            parts.append(f"<h3>{e(heading)}</h3><p>" + "<br>".join(e(t) for t in lines) + "</p>")
        if r.lots:
            lot_heads = (self.tr("分包编号"), self.tr("分包名称"), self.tr("最高限制单价（元）"))
            lot_rows = [(lot.number, lot.name, lot.max_unit_price or "—") for lot in r.lots]
            parts.append(self._table(self.tr("分包信息"), lot_heads, lot_rows))
        if r.basis:
            parts.append(f"<h3>{e(r.basis)}</h3><p>{e(r.basis_value or '—')}</p>")
        if r.suppliers:
            heads = (self.tr("序号"), self.tr("供应商名称"), self.tr("统一社会信用代码"), self.tr("供应商地址"))
            rows = [(str(n), s.name, s.credit_code, s.address) for n, s in enumerate(r.suppliers, 1)]
            parts.append(self._table(self.tr("入围供应商"), heads, rows))
        if r.content:
            heading = self.tr("公告内容")
            parts.append(f"<h3>{e(heading)}</h3><p>" + e(r.content).replace("\n", "<br>") + "</p>")
        parts.append(f"<p class='meta'>{e(r.owner_name)}</p>")
        return "".join(parts)

    @staticmethod
    def _table(title: str, heads: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
        e = html.escape
        head = "".join(f"<th>{e(h)}</th>" for h in heads)
        body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in rows)
        return f"<h3>{e(title)}</h3><table><tr>{head}</tr>{body}</table>"

    # --- review ----------------------------------------------------------------------------

    def approve(self) -> None:
        service, command = self._service, ApproveAnnouncement(self.announcement_id, self.record.submission)
        message = self.tr("已审核通过，联网同步后公告发布在“{column}”栏目。").format(column=self.record.column)
        Op(self, lambda: service.queue(command)).success(lambda _r: self._done(message)).failure(self._failed).run()

    def return_(self, reason: str) -> None:
        service = self._service
        command = ReturnAnnouncement(self.announcement_id, self.record.submission, reason)
        message = self.tr("公告已退回经办岗，联网同步后生效。")
        Op(self, lambda: service.queue(command)).success(lambda _r: self._done(message)).failure(self._failed).run()

    def _done(self, message: str) -> None:
        self.acted.emit(message)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.review.set_busy(False)
        self.error_dialog = present_error(self, error)
