"""二次竞价 from the supplier's side in the main window against a real uvicorn server (issue 7 item 7):
郑州市教育局's closed legal-services agreement (method 二次竞价, 协议价格 280000, reached through server
commands as tests/server/test_second_stage.py does) invites the three law firms; 河南甲律师事务所's
经办岗 (lfa_jb) sees the invitation with its deadline and ceiling, is refused a bid above the ceiling
with the manual's wording (nothing queued), bids 250000 through 【报价】, cannot bid twice, and after
the purchaser's award (server clock past the deadline) reads that it won.

Screenshots: $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.second_stage_commands import AwardBids, CreateSecondStage, InviteBids, SubmitBid
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.ui.pages.procurement import joining_rules
from desktop.ui.pages.procurement.bids_dialog import BidDialog
from desktop.ui.pages.procurement.joining_pages import JoiningPages
from desktop.ui.pages.procurement.joining_service import Invitation
from tests.server.fixtures import ApiFor, ServerUnderTest, api_for, lab_certificates, make_server  # noqa: F401
from tests.server.framework_helpers import LAW_FIRM_B
from tests.server.test_plans import World
from tests.server.test_second_stage import closed_agreement, law_firm_accounts
from tests.ui.test_procurement_plans import LEFT, WAIT, User, closed, server, shot, users  # noqa: F401

pytestmark = pytest.mark.softhsm
def save_shot(qtbot: QtBot, user: User, name: str, dialog: Any = None) -> None:
    """Into $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots."""
    shot(qtbot, user.window, name, dialog)


def joining(user: User) -> JoiningPages:
    return user.page.joining


def invitation(user: User, procurement_id: str, **expected: Any) -> Invitation:
    """The invitation as the 二次竞价 tab shows it, once every ``expected`` attribute holds."""
    tab = joining(user).bids

    def ready() -> bool:
        found = next((r for r in tab.rows if r.procurement_id == procurement_id), None)
        return found is not None and all(getattr(found, k) == v for k, v in expected.items())

    user.qtbot.waitUntil(ready, timeout=WAIT)
    return next(r for r in tab.rows if r.procurement_id == procurement_id)


def test_supplier_bids_once_and_reads_the_result(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    law_firm_accounts(w)
    closed_agreement(w, "p-b", SecondStageMethod.SECOND_BIDDING)
    w.ok("zzjyj_jb", CreateSecondStage("s-b", "p-b", "法律顾问（二次竞价）"))
    deadline = server.clock() + dt.timedelta(minutes=30)
    w.ok("zzjyj_jb", InviteBids("s-b", deadline))

    bidder: User = users("lfa_jb")
    page, pages = bidder.page, joining(bidder)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count()) if page.tabs.isTabVisible(i)]
    assert "二次竞价" in titles and "加入框架协议" in titles  # a supplier's tabs
    assert not {"计划备案", "采购公告发布", "入围供应商管理", "框架协议备案", "加入申请审核"} & set(titles)
    page.tabs.setCurrentWidget(pages.bids)
    row = invitation(bidder, "s-b")
    assert (row.record.ceiling, row.record.deadline, row.price) == ("280000", deadline, None)
    assert pages.bids.select("s-b")
    tab = pages.bids
    assert tab.table.item(0, 5).text() == "280000" and tab.table.item(0, 7).text() == "竞价中"
    assert tab.bid_button.isEnabled()

    # above the ceiling: refused with the rule's words, nothing queued
    qtbot.mouseClick(tab.bid_button, LEFT)
    dialog = pages.dialog
    assert isinstance(dialog, BidDialog)
    dialog.price_edit.setText("280000.01")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.isVisible() and "报价不得高于协议价格（280000元）" in dialog.problem.text()
    dialog.price_edit.setText("abc")
    assert not dialog.submit() and "报价" in dialog.problem.text()
    assert bidder.engine.outbox.pending_count() == 0
    dialog.price_edit.setText("250000")
    assert not dialog.problem.isVisible()
    save_shot(qtbot, bidder, "bids-dialog.png", dialog)
    qtbot.mouseClick(dialog.submit_button, LEFT)
    bidder.done(dialog)
    mine = invitation(bidder, "s-b", price="250000", pending_price=None)
    assert mine.bid is not None and mine.bid.price == "250000"  # synced: its own bid record

    # once only: the button says why, and 【报价】 is refused before any form opens
    assert tab.select("s-b")
    assert not tab.bid_button.isEnabled()
    assert tab.bid_button.toolTip() == "每家供应商只能报价一次，已提交的报价不能修改"
    refused = pages.open_bid(mine)
    assert isinstance(refused, QMessageBox) and "只能报价一次" in refused.text()
    refused.close()
    late = dataclasses.replace(mine, bid=None, pending_price=None)  # this computer's clock past the deadline
    assert "已超过竞价响应截止时间" in (joining_rules.bid_refusal(
        bidder.window.account, late, "1000", deadline + dt.timedelta(minutes=1)) or "")
    save_shot(qtbot, bidder, "bids-tab.png")

    # another firm bids higher; the server's clock passes the deadline; the purchaser awards
    w.ok("lfb_jb", SubmitBid("s-b", "260000"))
    server.clock.offset += dt.timedelta(minutes=40)
    w.ok("zzjyj_jb", AwardBids("s-b"))
    server.clock.offset = dt.timedelta(0)  # back to real time: the client's clock-skew gate
    bidder.sync()
    invitation(bidder, "s-b", price="250000")
    assert tab.select("s-b")
    qtbot.waitUntil(lambda: tab.table.item(0, 7).text() == "已成交（成交价 250000 元）", timeout=WAIT)
    assert "报价排名（元）：1. 河南甲律师事务所 250000；2. " + LAW_FIRM_B.name + " 260000" in tab.detail.text()
    assert not tab.bid_button.isEnabled() and "当前状态为" in tab.bid_button.toolTip()
    save_shot(qtbot, bidder, "bids-result.png")
