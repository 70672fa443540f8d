"""A form row's parts for the 计划备案 form: the field with the rules' messages under it."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget


class FieldRow(QWidget):
    """A field's widget with the rules' messages under it."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.hide()
        layout.addWidget(self.message)

    def say(self, problems: list[str], warnings: list[str]) -> None:
        lines = [f"<span style='color:#c62828'>✘ {html.escape(p)}</span>" for p in problems]
        lines += [f"<span style='color:#8a5300'>⚠ {html.escape(w)}</span>" for w in warnings]
        self.message.setText("<br>".join(lines))
        self.message.setVisible(bool(lines))

    @property
    def text(self) -> str:
        return self.message.text() if self.message.isVisible() else ""


def row_of(parent: QWidget, *widgets: QWidget, stretch: int = -1) -> QWidget:
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for n, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if n == stretch else 0)
    if stretch < 0:
        layout.addStretch(1)
    return box
