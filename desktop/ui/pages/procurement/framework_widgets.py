"""Small parts shared by the pages after plan filing: styles, the 待同步 wording, a locked field, the
review box (审核意见, 【审核通过】, 【退回】 with a required reason, or why this account may not), and
the selection of a list whose table shows one record per row."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_records import ReviewEventRecord
from desktop.domain.workflow.common import TransitionRefused, require_reason
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE

T = TypeVar("T")


def chosen(table: QTableView, rows: Sequence[T]) -> T | None:
    """The record of the selected row (row n shows ``rows[n]``), or None."""
    picked = table.selectionModel().selectedRows()
    number = picked[0].row() if picked else None
    return rows[number] if number is not None and number < len(rows) else None


def select_by(table: QTableView, rows: Sequence[T], key: Callable[[T], str], wanted: str) -> bool:
    """Select the row of the record whose ``key`` is ``wanted``; False when none is listed."""
    for number, row in enumerate(rows):
        if key(row) == wanted:
            table.selectRow(number)
            return True
    return False

translate = QCoreApplication.translate

TITLE_STYLE = "QLabel { font-size: 13pt; font-weight: bold; color: #1f3a5f; }"
NOTE_STYLE = "QLabel { color: #5f6b7a; }"
BOX = ("QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border}; border-radius: 4px;"
       " padding: 6px; }}")
PENDING_BOX = BOX.format(fg="#7a4100", bg="#fff3e0", border="#ffb74d")
RETURN_BOX = BOX.format(fg="#b71c1c", bg="#fdecea", border="#ef9a9a")
INFO_BOX = BOX.format(fg="#0d3c61", bg="#e8f1fb", border="#90caf9")
PROBLEM_STYLE = "QLabel { color: #c62828; }"
LOCKED_STYLE = "QLineEdit { background: #eef1f5; color: #37474f; }"


def action_label(name: str) -> str:
    labels = {
        "save_collection_notice": translate("FrameworkActions", "保存征集公告"),
        "save_shortlist_result": translate("FrameworkActions", "保存入围结果公告"),
        "submit_announcement": translate("FrameworkActions", "提交"),
        "approve_announcement": translate("FrameworkActions", "审核通过"),
        "return_announcement": translate("FrameworkActions", "退回"),
        "update_shortlisted_supplier": translate("FrameworkActions", "修改入围供应商"),
        "add_supplier_agent": translate("FrameworkActions", "新增委托代理商"),
        "update_supplier_agent": translate("FrameworkActions", "修改委托代理商"),
        "remove_supplier_agent": translate("FrameworkActions", "删除委托代理商"),
        "remove_shortlisted_supplier": translate("FrameworkActions", "移出入围供应商"),
        "submit_second_bid": translate("FrameworkActions", "报价"),
        "apply_to_join_agreement": translate("FrameworkActions", "申请加入"),
        "approve_join_application": translate("FrameworkActions", "审核通过"),
        "refuse_join_application": translate("FrameworkActions", "审核不通过"),
        "save_agreement_filing": translate("FrameworkActions", "保存框架协议备案"),
        "file_agreement": translate("FrameworkActions", "备案"),
        "approve_agreement": translate("FrameworkActions", "审核通过"),
        "return_agreement": translate("FrameworkActions", "退回"),
        "retry_trading_push": translate("FrameworkActions", "重新推送"),
    }
    return labels.get(name, name)


def pending_text(names: tuple[str, ...]) -> str:
    """待同步：… (empty when nothing waits)."""
    if not names:
        return ""
    actions = "、".join(dict.fromkeys(action_label(n) for n in names))
    return translate("FrameworkActions", "待同步：{actions}").format(actions=actions)


def pending_note(names: tuple[str, ...]) -> str:
    note = translate("FrameworkActions",
                     "{pending}。本机已记录，联网同步后提交服务器；被服务器退回时，可在“被退回的操作”中查看原因。")
    return note.format(pending=pending_text(names))


def locked(value: str, name: str = "") -> QLineEdit:
    """A field carried from elsewhere that may not be changed here."""
    edit = QLineEdit(value)
    edit.setReadOnly(True)
    edit.setStyleSheet(LOCKED_STYLE)
    edit.setToolTip(translate("FrameworkActions", "系统自动带出，不允许修改"))
    if name:
        edit.setObjectName(name)
    return edit


def box(text: str, style: str, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    if name:
        label.setObjectName(name)
    return label


def history_html(events: list[ReviewEventRecord]) -> str:
    actions = {"submit": translate("FrameworkActions", "提交"), "approve": translate("FrameworkActions", "审核通过"),
               "return": translate("FrameworkActions", "退回"), "file": translate("FrameworkActions", "备案"),
               "remove_supplier": translate("FrameworkActions", "移出入围供应商")}
    lines = []
    for event in events:
        line = f"{event.at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}  {actions.get(event.action, event.action)}  " \
               f"{event.actor_name or event.actor_account_id}"
        if event.reason and event.action == "remove_supplier":
            line += "  " + translate("FrameworkActions", "移出原因：{reason}").format(reason=event.reason)
        elif event.reason:
            line += "  " + translate("FrameworkActions", "退回原因：{reason}").format(reason=event.reason)
        lines.append(html.escape(line))
    return "<br>".join(lines)


class ReviewBox(QWidget):
    """审核意见 and the two buttons, or the reason this account may not review."""

    approve_requested = Signal()
    return_requested = Signal(str)

    def __init__(self, refusal: str | None, in_review: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refusal = refusal
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("review_reason")
        self.reason_edit.setPlaceholderText(self.tr("审核意见（退回时必须填写退回原因）"))
        self.reason_edit.setMaximumHeight(60)
        self.reason_error = QLabel()
        self.reason_error.setStyleSheet(PROBLEM_STYLE)
        self.reason_error.hide()
        self.refusal_label = QLabel(self.tr("不能审核：{reason}").format(reason=refusal or ""))
        self.refusal_label.setObjectName("review_refusal")
        self.refusal_label.setStyleSheet("QLabel { color: #7a4100; }")
        self.refusal_label.setWordWrap(True)
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("review_approve")
        self.approve_button.setStyleSheet(BUTTON_STYLE.format(name="review_approve", colour="#2e7d32"))
        self.return_button = QPushButton(self.tr("退回"))
        self.return_button.setObjectName("review_return")
        self.return_button.setStyleSheet(BUTTON_STYLE.format(name="review_return", colour="#c62828"))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.refusal_label, 1)
        for button in (self.approve_button, self.return_button):
            button.setMinimumWidth(96)
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.setEnabled(refusal is None)
            if refusal is not None:
                button.setToolTip(refusal)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.reason_error)
        layout.addLayout(row)
        self.reason_edit.setVisible(refusal is None)
        self.refusal_label.setVisible(refusal is not None)
        self.setVisible(in_review)
        self.approve_button.clicked.connect(self._approve)
        self.return_button.clicked.connect(self._return)

    def _approve(self) -> None:
        if self.refusal is None:
            self.set_busy(True)
            self.approve_requested.emit()

    def _return(self) -> None:
        if self.refusal is not None:
            return
        try:
            reason = require_reason(self.reason_edit.toPlainText())
        except TransitionRefused as exc:
            self.reason_error.setText(exc.message)
            self.reason_error.show()
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.set_busy(True)
        self.return_requested.emit(reason)

    def set_busy(self, busy: bool) -> None:
        for button in (self.approve_button, self.return_button):
            button.setEnabled(not busy and self.refusal is None)
