"""The status-bar sync indicator: 在线 / 离线 / 同步中, pending commands, progress of a long sync."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.sync.engine import ConnectionState, SyncProgress, SyncStatus

_COLOURS = {ConnectionState.ONLINE: "#2e7d32", ConnectionState.OFFLINE: "#9e9e9e",
            ConnectionState.SYNCING: "#1565c0"}


class SyncStatusWidget(QWidget):
    """Shows a :class:`SyncStatus`; ``rejections_requested`` when the user clicks the rejections link."""

    rejections_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.dot = QLabel("●", self)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("sync_state")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("sync_pending")
        self.step_label = QLabel(self)
        self.step_label.setObjectName("sync_step")
        self.step_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sync_progress")
        self.progress.setFixedWidth(110)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.rejected_button = QPushButton(self)
        self.rejected_button.setObjectName("sync_rejected")
        self.rejected_button.setFlat(True)
        self.rejected_button.setStyleSheet("color: #c62828; text-decoration: underline;")
        self.rejected_button.clicked.connect(self.rejections_requested)
        self.rejected_button.hide()
        for w in (self.dot, self.state_label, self.pending_label, self.step_label, self.progress,
                  self.rejected_button):
            layout.addWidget(w)
        self.show_status(SyncStatus(ConnectionState.OFFLINE, pending=0))

    def show_status(self, status: SyncStatus) -> None:
        self.dot.setStyleSheet(f"color: {_COLOURS[status.state]};")
        self.state_label.setText(self._state_text(status.state))
        self.pending_label.setText(self.tr("待上传 {n} 项").format(n=status.pending) if status.pending
                                   else self.tr("无待上传"))
        tip = status.last_error or ""
        self.setToolTip(tip)
        if status.rejected:
            self.rejected_button.setText(self.tr("{n} 项被退回").format(n=status.rejected))
            self.rejected_button.show()
        else:
            self.rejected_button.hide()
        if status.state is not ConnectionState.SYNCING:
            self.progress.hide()
            self.step_label.hide()

    def show_progress(self, progress: SyncProgress) -> None:
        """A long sync: a bar with a known total, else a busy indicator with the count so far."""
        self.progress.show()
        self.step_label.setText(progress.label)
        self.step_label.show()
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(progress.done)
        else:
            self.progress.setRange(0, 0)
        self.progress.setFormat("%v/%m" if progress.total else "")
        self.progress.setToolTip(self.tr("{step}：已处理 {n} 项").format(step=progress.label, n=progress.done))

    def _state_text(self, state: ConnectionState) -> str:
        return {ConnectionState.ONLINE: self.tr("在线"), ConnectionState.OFFLINE: self.tr("离线"),
                ConnectionState.SYNCING: self.tr("同步中")}[state]
