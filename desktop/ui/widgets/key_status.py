"""The status-bar indicator: how many keys the last scan found, and when it ran."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from desktop.token.report import DiagnosisReport


class KeyStatusLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("key_status")
        self.setText(self.tr("正在检测 key……"))

    def show_report(self, report: DiagnosisReport) -> None:
        # an uninitialised token is usually a reader's or driver's empty slot, not a key
        tokens = [t for _, t in report.inventory.tokens() if t.initialized]
        usable = len({(u.module, u.token_serial) for u in report.usable_keys})
        when = f"{report.inventory.taken_at.astimezone():%H:%M:%S}"
        self.setText(self.tr("检测到 {count} 个 key（可用 {usable} 个）　上次检测 {time}").format(
            count=len(tokens), usable=usable, time=when))
