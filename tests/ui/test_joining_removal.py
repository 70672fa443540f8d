"""【移出】 in 入围供应商管理 against a real uvicorn server (issue 7 item 7; Order 110: a supplier that
breaches the agreement leaves it): 郑州市教育局's filed closed legal-services agreement (reached through
server commands); its 经办岗 (zzjyj_jb) opens 【供应商管理】, 【移出】 河南甲律师事务所 — confirmed, the
reason required — while offline (the row shows 待同步（移出）), then syncs: the server takes the supplier
off the roster and a second-stage selection of it is refused.

Screenshots: $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.second_stage_commands import CreateSecondStage, SelectSupplier
from desktop.sync.engine import ConnectionState
from desktop.ui.pages.procurement.suppliers_dialog import SupplierManagementDialog
from tests.server.fixtures import ApiFor, ServerUnderTest, api_for, lab_certificates, make_server  # noqa: F401
from tests.server.framework_helpers import LAW_FIRM_A
from tests.server.test_plans import World
from tests.server.test_second_stage import closed_agreement
from tests.ui.test_bids_supplier import save_shot
from tests.ui.test_framework_agreement import pages, project
from tests.ui.test_procurement_plans import LEFT, WAIT, User, server, users  # noqa: F401

pytestmark = pytest.mark.softhsm


def test_collector_removes_a_shortlisted_supplier(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    closed_agreement(w, "p-x", None)
    handler: User = users("zzjyj_jb")
    fw = pages(handler)
    project(handler, "p-x")
    handler.page.tabs.setCurrentWidget(fw.suppliers)
    assert fw.suppliers.select("p-x")
    qtbot.mouseClick(fw.suppliers.buttons["suppliers"], LEFT)
    dialog = fw.dialog
    assert isinstance(dialog, SupplierManagementDialog)
    assert dialog.table.rowCount() == 3 and dialog.select(LAW_FIRM_A.credit_code)
    assert dialog.remove_button.isVisible() and dialog.remove_button.isEnabled()

    qtbot.mouseClick(dialog.remove_button, LEFT)
    ask = dialog.remove_dialog
    assert ask is not None and LAW_FIRM_A.name in ask.prompt.text()
    assert "移出后二阶段不能再选择该供应商" in ask.prompt.text()
    qtbot.mouseClick(ask.ok_button, LEFT)  # no reason: refused, nothing queued
    assert ask.isVisible() and "原因" in ask.problem.text()
    assert handler.engine.outbox.pending_count() == 0
    ask.reason_edit.setPlainText("无正当理由拒绝签订二阶段合同")
    save_shot(qtbot, handler, "suppliers-remove.png", ask)
    server.live.stop()  # offline: the removal waits in the outbox, the row says so
    qtbot.mouseClick(ask.ok_button, LEFT)
    handler.synced(ConnectionState.OFFLINE)
    qtbot.waitUntil(lambda: dialog.table.item(0, 7).text() == "待同步（移出）", timeout=WAIT)
    assert dialog.select(LAW_FIRM_A.credit_code) and not dialog.remove_button.isEnabled()
    save_shot(qtbot, handler, "suppliers-removing.png", dialog)

    server.live.start()
    handler.sync()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT)
    assert LAW_FIRM_A.credit_code not in [dialog.table.item(r, 2).text() for r in range(2)]
    w.ok("zzyz_jb", CreateSecondStage("s-x", "p-x", "法律顾问"))
    assert w.refused("zzyz_jb", SelectSupplier("s-x", LAW_FIRM_A.credit_code)) == "supplier_not_shortlisted"
    dialog.reject()
