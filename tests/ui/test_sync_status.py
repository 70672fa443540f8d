"""The sync indicator and the rejected-commands page (wiring only; the rules are tested elsewhere)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.protocol import CommandEnvelope, RejectReason
from desktop.store.outbox import OutboxEntry, OutboxStatus
from desktop.sync.engine import ConnectionState, Phase, SyncProgress, SyncStatus
from desktop.ui.pages.sync_rejections import SyncRejectionsPage
from desktop.ui.widgets.sync_status import SyncStatusWidget

SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))


def test_states_pending_and_progress(qtbot: QtBot) -> None:
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    assert widget.state_label.text() == "离线"
    widget.show_status(SyncStatus(ConnectionState.ONLINE, pending=0))
    assert (widget.state_label.text(), widget.pending_label.text()) == ("在线", "无待上传")
    widget.show_status(SyncStatus(ConnectionState.SYNCING, pending=3, rejected=1))
    widget.show_progress(SyncProgress(Phase.PULL, done=120, total=None))
    assert widget.state_label.text() == "同步中" and widget.pending_label.text() == "待上传 3 项"
    assert widget.progress.isVisible() and widget.rejected_button.text() == "1 项被退回"
    widget.show_progress(SyncProgress(Phase.PUSH, done=2, total=3))
    assert widget.progress.maximum() == 3 and widget.progress.value() == 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.adjustSize()  # as a status bar would relayout it
    widget.grab().save(str(SHOTS / "sync_status_syncing.png"))
    widget.show_status(SyncStatus(ConnectionState.OFFLINE, pending=3, last_error="无法连接服务器"))
    assert not widget.progress.isVisible() and widget.toolTip() == "无法连接服务器"
    with qtbot.waitSignal(widget.rejections_requested):
        qtbot.mouseClick(widget.rejected_button, Qt.MouseButton.LeftButton)


def test_rejections_page_lists_reasons_and_dismisses(qtbot: QtBot) -> None:
    page = SyncRejectionsPage()
    qtbot.addWidget(page)
    page.resize(720, 300)
    page.show()
    assert page.empty.isVisible()
    entry = OutboxEntry(seq=1, envelope=CommandEnvelope("u-1", "add_operator", {"full_name": "赵六"},
                                                        dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)),
                        status=OutboxStatus.REJECTED, attempts=1,
                        reason=RejectReason("post_not_handler", "只有经办岗可以添加操作人", "handler only"),
                        finished_at=None)
    page.show_entries([entry])
    model = page.model
    assert model.data(model.index(0, 0)) == "添加操作人"
    assert model.data(model.index(0, 2)) == "只有经办岗可以添加操作人"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "sync_rejections.png"))
    page.table.selectRow(0)
    with qtbot.waitSignal(page.dismiss_requested) as dismissed:
        qtbot.mouseClick(page.dismiss_button, Qt.MouseButton.LeftButton)
    assert dismissed.args == ["u-1"]
