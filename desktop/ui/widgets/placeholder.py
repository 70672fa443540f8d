"""A clean page for a capability that is not built yet: what it will do, and no fake data."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

TITLE_STYLE = "QLabel { font-size: 16pt; font-weight: bold; color: #1f3a5f; }"
CARD_STYLE = "QFrame#placeholder_card { background: #ffffff; border: 1px solid #dde3ea; border-radius: 6px; }"
NOTE_STYLE = "QLabel { color: #6b7785; }"


class PlaceholderPanel(QWidget):
    def __init__(self, title: str, intro: str, planned: Sequence[str], note: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        heading = QLabel(title)
        heading.setStyleSheet(TITLE_STYLE)
        lead = QLabel(intro)
        lead.setWordWrap(True)

        caption = QLabel(self.tr("计划提供的功能："))
        caption.setStyleSheet("QLabel { font-weight: bold; }")

        card = QFrame()
        card.setObjectName("placeholder_card")
        card.setStyleSheet(CARD_STYLE)
        items = QVBoxLayout(card)
        items.setContentsMargins(18, 14, 18, 14)
        items.setSpacing(8)
        for line in planned:
            label = QLabel("•  " + line)
            label.setWordWrap(True)
            items.addWidget(label)

        footer = QLabel(note)
        footer.setWordWrap(True)
        footer.setStyleSheet(NOTE_STYLE)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(heading)
        layout.addWidget(lead)
        layout.addWidget(caption)
        layout.addWidget(card)
        layout.addWidget(footer)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.planned = tuple(planned)
