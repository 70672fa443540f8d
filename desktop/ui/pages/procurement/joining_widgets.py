"""Small parts of the second-stage tabs: a read-only table, a tab heading, China-time formatting and
the dialog that asks for a required reason (【审核不通过】, 【移出】)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.pages.procurement.framework_widgets import NOTE_STYLE, PROBLEM_STYLE
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE
from desktop.ui.pages.procurement.plan_list import TITLE_STYLE

DONE = QColor("#2e7d32")
FAILED = QColor("#c62828")
PENDING = QColor("#b45f06")


def when(value: dt.datetime | None, seconds: bool = False) -> str:
    """A moment as the day and time in Henan (deadlines are China time)."""
    if value is None:
        return ""
    return value.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def simple_table(parent: QWidget, headers: Sequence[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A read-only, single-row-selection table sized to its contents (``stretch``: the wide column)."""
    table = QTableWidget(0, len(headers), parent)
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill(table: QTableWidget, rows: Sequence[Sequence[str]],
         colour: Callable[[int, int, str], QColor | None] | None = None) -> None:
    """Replace the table's rows, keeping the selected row when it still exists."""
    keep = table.currentRow()
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            tint = colour(r, c, value) if colour is not None else None
            if tint is not None:
                item.setForeground(tint)
            table.setItem(r, c, item)
    if 0 <= keep < len(rows):
        table.selectRow(keep)


def heading(title: str, note: QLabel, *extra: QWidget) -> QHBoxLayout:
    label = QLabel(title)
    label.setStyleSheet(TITLE_STYLE)
    note.setStyleSheet(NOTE_STYLE)
    note.setWordWrap(True)
    row = QHBoxLayout()
    row.addWidget(label)
    row.addSpacing(16)
    row.addWidget(note, 1)
    for widget in extra:
        row.addWidget(widget)
    return row


def action_button(text: str, name: str, colour: str | None = None) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    if colour is not None:
        button.setStyleSheet(BUTTON_STYLE.format(name=name, colour=colour))
    return button


class ReasonDialog(QDialog):
    """Asks for the reason a refusal or a removal needs; 【确定】 stays here until ``check`` passes."""

    def __init__(self, title: str, text: str, confirm: str, check: Callable[[str], str | None],
                 parent: QWidget | None = None, name: str = "reason_dialog") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self._check = check
        self.reason = ""
        self.prompt = prompt = QLabel(text)
        prompt.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("reason_edit")
        self.reason_edit.setPlaceholderText(self.tr("请填写原因（必填）"))
        self.reason_edit.setMinimumHeight(90)
        self.problem = QLabel()
        self.problem.setObjectName("reason_problem")
        self.problem.setStyleSheet(PROBLEM_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.reason_edit.textChanged.connect(self.problem.hide)
        self.ok_button = action_button(confirm, "reason_ok", "#c62828")
        self.ok_button.clicked.connect(self.confirm)
        cancel = QPushButton(self.tr("取消"))
        cancel.setObjectName("reason_cancel")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(460, 250)

    def confirm(self) -> bool:
        reason = self.reason_edit.toPlainText().strip()
        problem = self._check(reason)
        if problem is not None:
            self.problem.setText(problem)
            self.problem.show()
            self.reason_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.reason = reason
        self.accept()
        return True
