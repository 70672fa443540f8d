"""框架协议二阶段 (【合同管理】-【合同备案】, issue 7 items 7 and 9) in the main window against a real uvicorn
server: 郑州市第一中学 (zzyz_jb 经办岗, zzyz_sh 内部审核岗, under 郑州市教育局) buys under 郑州市教育局's
closed legal-services agreement, filed through server commands (tests/server/test_second_stage.py).

* 直接选定: 【新增】 (the agreement offered, a title; saved offline: 待同步, then synced) →
  【确定成交供应商】 → 【合同备案】 (a contract dated tomorrow refused with the domain's words, nothing
  queued) → the 经办岗 may not approve his own submission → the 内部审核岗 approves → 已备案 with its
  合同公告 and 采购计划备案; 【资金支付】 beyond the contract amount is refused, within it applied;
* 二次竞价: a ceiling above the agreement price refused, 【发起竞价】 with a short deadline (warned),
  【确定成交供应商】 refused before the deadline, the law firms bid, after it the bids are opened ranked;
* 顺序轮候: the next supplier shown and awarded; a purchaser outside the scope is told why 【新增】
  offers nothing.

Screenshots go to $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.second_stage_commands import CreateSecondStage, SubmitBid
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.sync.engine import ConnectionState
from desktop.ui.pages.procurement.second_stage_choose import ChooseSupplierDialog
from desktop.ui.pages.procurement.second_stage_contract import ContractFilingDialog, PaymentDialog
from desktop.ui.pages.procurement.second_stage_dialogs import NewProcurementDialog
from desktop.ui.pages.procurement.second_stage_pages import SecondStagePages
from desktop.ui.pages.procurement.second_stage_service import Procurement
from desktop.ui.pages.procurement.second_stage_view import SecondStageViewDialog
from tests.server.fixtures import ApiFor, ServerUnderTest, api_for, lab_certificates, make_server  # noqa: F401
from tests.server.framework_helpers import LAW_FIRM_A, LAW_FIRM_B
from tests.server.test_plans import World
from tests.server.test_second_stage import closed_agreement, law_firm_accounts
from tests.ui.test_procurement_plans import LEFT, WAIT, User, closed, server, shot, users  # noqa: F401

pytestmark = pytest.mark.softhsm
PROJECT = "郑州市教育局法律顾问服务框架协议"


def pages(user: User) -> SecondStagePages:
    user.page.tabs.setCurrentWidget(user.page.second_stage.tab)
    return user.page.second_stage


def procurement(user: User, procurement_id: str | None = None, **expected: Any) -> Procurement:
    """The procurement as the tab shows it (the newest when no id is given), once ``expected`` holds."""
    ss = user.page.second_stage

    def found() -> Procurement | None:
        rows = ss.data.procurements if ss.data is not None else []
        if procurement_id is None:
            return rows[0] if rows else None
        return ss.procurement(procurement_id)

    def ready() -> bool:
        p = found()
        return p is not None and all(getattr(p.record, k, None) == v for k, v in expected.items())

    user.qtbot.waitUntil(ready, timeout=WAIT)
    p = found()
    assert p is not None
    return p


def click(user: User, key: str, p: Procurement) -> Any:
    """Select ``p`` and click the tab's ``key`` button; the dialog it opened."""
    ss = pages(user)
    assert ss.tab.select(p.procurement_id)
    button = ss.tab.buttons[key]
    assert button.isEnabled(), key
    user.qtbot.mouseClick(button, LEFT)
    if key == "view":
        user.qtbot.waitUntil(lambda: isinstance(ss.dialog, SecondStageViewDialog), timeout=WAIT)
    return ss.dialog


def test_direct_selection_to_filed_contract(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    number = closed_agreement(w, "p-d", None)
    handler: User = users("zzyz_jb")
    ss = pages(handler)
    qtbot.waitUntil(lambda: ss.data is not None and any(a.plan_id == "p-d" for a in ss.data.agreements),
                    timeout=WAIT)
    assert ss.tab.buttons["add"].isEnabled() and ss.tab.empty.isVisible()

    qtbot.mouseClick(ss.tab.buttons["add"], LEFT)
    new = ss.dialog
    assert isinstance(new, NewProcurementDialog) and new.choose("p-d")
    assert new.collector_edit.text() == "郑州市教育局" and new.collector_edit.isReadOnly()
    assert new.scope_edit.text() == "郑州市教育局及其所属预算单位" and new.price_edit.text() == "280000 元"
    assert LAW_FIRM_A.name in new.suppliers.text()
    qtbot.mouseClick(new.save_button, LEFT)
    assert new.isVisible() and "请填写采购项目名称" in new.problems.text()  # refused here
    new.title_edit.setText("2027年度法律顾问")
    shot(qtbot, handler.window, "second-stage-new.png", new)
    server.live.stop()  # offline: the 【新增】 waits in the outbox, the row says so
    qtbot.mouseClick(new.save_button, LEFT)
    qtbot.waitUntil(lambda: closed(new), timeout=WAIT)
    handler.synced(ConnectionState.OFFLINE)
    offline = procurement(handler)
    assert offline.record is None and offline.title == "2027年度法律顾问"
    model = ss.tab.model
    assert [model.display(offline, c) for c in (model.NUMBER, model.STATE, model.PENDING)] == [
        number, "新增（未同步）", "待同步：新增"]
    assert ss.choose(offline) is not None  # refused with the reason: not on the server yet
    assert isinstance(ss.dialog, QMessageBox) and "尚未同步到服务器" in ss.dialog.informativeText()
    ss.dialog.accept()
    server.live.start()
    handler.sync()
    created = procurement(handler, state_label="待确定供应商")
    assert model.display(created, model.PENDING) == ""
    assert (created.record and created.record.method, created.record and created.record.plan_number) == (
        "直接选定", number)

    # 直接选定 among the current suppliers
    choose = click(handler, "choose", created)
    assert isinstance(choose, ChooseSupplierDialog) and choose.supplier_combo.count() == 3
    choose.supplier_combo.setCurrentIndex(choose.supplier_combo.findData(LAW_FIRM_B.credit_code))
    shot(qtbot, handler.window, "second-stage-direct.png", choose)
    qtbot.mouseClick(choose.buttons["select"], LEFT)
    handler.done(choose)
    awarded = procurement(handler, created.procurement_id, state_label="待合同备案")
    assert awarded.record is not None and awarded.record.supplier_name == LAW_FIRM_B.name
    refused = ss.choose(awarded)  # already determined: said why, nothing opened
    assert isinstance(refused, QMessageBox) and "已确定成交供应商" in refused.informativeText()
    refused.accept()

    # 合同备案: a contract dated tomorrow is refused with the domain's words; then filed
    filing = click(handler, "file", awarded)
    assert isinstance(filing, ContractFilingDialog)
    assert filing.title_edit.text() == "2027年度法律顾问合同" and "请填写有效的合同金额" in filing.problems.text()
    filing.amount_edit.setText("180000")
    today = filing.signed_edit.date()
    filing.signed_edit.setDate(today.addDays(1))
    qtbot.mouseClick(filing.file_button, LEFT)
    assert filing.isVisible() and "合同签订日期不能晚于今天" in filing.problems.text()
    assert handler.engine.outbox.pending_count() == 0
    filing.signed_edit.setDate(today)
    assert filing.problems.text() == ""
    shot(qtbot, handler.window, "second-stage-contract.png", filing)
    qtbot.mouseClick(filing.file_button, LEFT)
    handler.done(filing)
    submitted = procurement(handler, created.procurement_id, state_label="合同备案待内部审核岗审核")
    own = click(handler, "view", submitted)  # nobody approves their own submission
    assert isinstance(own, SecondStageViewDialog) and own.review.isVisible()
    assert not own.review.approve_button.isEnabled()
    assert "不能审核本人提交的事项" in own.review.refusal_label.text()
    own.reject()

    reviewer: User = users("zzyz_sh")
    rss = pages(reviewer)
    assert not rss.tab.buttons["add"].isEnabled() and rss.tab.buttons["view"].text() == "查看/审核"
    check = click(reviewer, "view", procurement(reviewer, created.procurement_id))
    assert isinstance(check, SecondStageViewDialog) and check.review.approve_button.isEnabled()
    qtbot.mouseClick(check.review.approve_button, LEFT)
    reviewer.done(check)

    handler.sync()
    done = procurement(handler, created.procurement_id, state_label="已备案")
    assert done.record is not None and done.record.procurement_plan_number == f"{number}-001"
    shot(qtbot, handler.window, "second-stage-list.png")
    view = click(handler, "view", done)
    assert isinstance(view, SecondStageViewDialog) and not view.review.isVisible()
    text = view.page.toPlainText()
    assert f"htgg-{created.procurement_id}" in text and f"{number}-001" in text and "框架协议采购" in text
    assert "二阶段合同备案自动生成" in text and "180000" in text
    assert [line for line in view.history.text().split("<br>") if "审核通过" in line]
    shot(qtbot, handler.window, "second-stage-view.png", view)
    view.reject()

    pay = click(handler, "pay", done)  # 【资金支付】 once 已备案, never beyond the contract amount
    assert isinstance(pay, PaymentDialog) and pay.problems.text() == ""
    pay.amount_edit.setText("180000.01")
    qtbot.mouseClick(pay.pay_button, LEFT)
    assert pay.isVisible() and "支付金额不得超过合同未支付金额（180000元）" in pay.problems.text()
    assert handler.engine.outbox.pending_count() == 0
    pay.amount_edit.setText("100000")
    qtbot.mouseClick(pay.pay_button, LEFT)
    handler.done(pay)
    paid = procurement(handler, created.procurement_id, paid_total="100000")
    assert paid.record is not None and [p.amount for p in paid.record.payments] == ["100000"]
    again = click(handler, "pay", paid)
    assert isinstance(again, PaymentDialog) and again.findChild(QLineEdit, "second_stage_unpaid").text() == "80000"
    again.reject()


def test_second_bidding_up_to_the_award(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    law_firm_accounts(w)
    closed_agreement(w, "p-b", SecondStageMethod.SECOND_BIDDING)
    w.ok("zzyz_jb", CreateSecondStage("s-b", "p-b", "专项法律服务（二次竞价）"))
    handler: User = users("zzyz_jb")
    pages(handler)
    created = procurement(handler, "s-b", method="二次竞价", state_label="待确定供应商")
    invite = click(handler, "choose", created)
    assert isinstance(invite, ChooseSupplierDialog)
    invite.ceiling_edit.setText("300000")
    assert "二次竞价的最高限价不得高于协议价格（280000元）" in invite.problems.text()
    qtbot.mouseClick(invite.buttons["invite"], LEFT)
    assert invite.isVisible() and handler.engine.outbox.pending_count() == 0
    invite.ceiling_edit.setText("")
    invite.some_radio.setChecked(True)
    invite.invited.item(2).setCheckState(Qt.CheckState.Unchecked)  # not 河南丙
    shot(qtbot, handler.window, "second-stage-invite.png", invite)
    handler.engine.clock = server.clock  # this computer's clock keeps time with the server's, moved below
    deadline = (server.clock() + dt.timedelta(minutes=10)).astimezone(CHINA_TIME).replace(second=0, microsecond=0)
    invite.deadline_edit.setDateTime(QDateTime(deadline.replace(tzinfo=None)))
    assert "合理的响应时间" in invite.problems.text()  # a warning, not a refusal
    qtbot.mouseClick(invite.buttons["invite"], LEFT)
    handler.done(invite)
    bidding = procurement(handler, "s-b", state_label="竞价中")
    assert bidding.record is not None and bidding.record.invited == [LAW_FIRM_A.credit_code, LAW_FIRM_B.credit_code]
    w.ok("lfa_jb", SubmitBid("s-b", "260000"))
    w.ok("lfb_jb", SubmitBid("s-b", "250000"))
    handler.sync()
    bidding = procurement(handler, "s-b", bid_count=2)
    early = click(handler, "choose", bidding)  # before the deadline: refused with the domain's words
    assert isinstance(early, ChooseSupplierDialog) and "前不能确定成交供应商" in early.problems.text()
    assert "已收到 2 份报价" in early.bids_label.text()
    qtbot.mouseClick(early.buttons["award"], LEFT)
    assert early.isVisible() and handler.engine.outbox.pending_count() == 0
    early.reject()
    server.clock.offset += dt.timedelta(minutes=11)  # the response deadline passes
    award = click(handler, "choose", bidding)
    assert isinstance(award, ChooseSupplierDialog) and award.problems.text() == ""
    qtbot.mouseClick(award.buttons["award"], LEFT)
    handler.done(award)
    won = procurement(handler, "s-b", state_label="待合同备案")
    assert won.record is not None and (won.record.supplier_name, won.record.award_price) == (LAW_FIRM_B.name, "250000")
    view = click(handler, "view", won)
    assert isinstance(view, SecondStageViewDialog)
    text = view.page.toPlainText()
    assert text.index(LAW_FIRM_B.credit_code + "\n250000") < text.index(LAW_FIRM_A.credit_code + "\n260000")
    shot(qtbot, handler.window, "second-stage-bids.png", view)
    view.reject()
    filing = click(handler, "file", won)  # prefilled from the award
    assert isinstance(filing, ContractFilingDialog) and filing.amount_edit.text() == "250000"
    assert won.record is not None and won.record.lot_id == f"ssl-{won.procurement_id}"  # a registered winner
    assert f"已生成合同在线签订标段（ssl-{won.procurement_id}）" in filing.online.text()
    filing.amount_edit.setText("250000.01")
    assert "二次竞价成交的合同金额不得高于成交报价（250000元）" in filing.problems.text()
    filing.reject()


def test_rotation_award_and_a_purchaser_outside_the_scope(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    closed_agreement(w, "p-r", SecondStageMethod.ROTATION)
    w.ok("zzyz_jb", CreateSecondStage("s-r", "p-r", "法律顾问（顺序轮候）"))
    handler: User = users("zzyz_jb")
    pages(handler)
    created = procurement(handler, "s-r", method="顺序轮候", rotation_next=LAW_FIRM_A.credit_code)
    dialog = click(handler, "choose", created)
    assert isinstance(dialog, ChooseSupplierDialog) and dialog.next_code == LAW_FIRM_A.credit_code
    assert LAW_FIRM_A.name in dialog.next_label.text() and "第 1 轮" in dialog.next_label.text()
    shot(qtbot, handler.window, "second-stage-rotation.png", dialog)
    qtbot.mouseClick(dialog.buttons["rotation"], LEFT)
    handler.done(dialog)
    won = procurement(handler, "s-r", state_label="待合同备案")
    assert won.record is not None and won.record.supplier_credit_code == LAW_FIRM_A.credit_code

    outsider: User = users("zzmmj_jb")  # 郑州市某某局: outside 郑州市教育局's department
    oss = pages(outsider)
    qtbot.waitUntil(lambda: oss.data is not None and bool(oss.data.agreements), timeout=WAIT)
    qtbot.mouseClick(oss.tab.buttons["add"], LEFT)
    new = oss.dialog
    assert isinstance(new, NewProcurementDialog) and new.agreement_combo.count() == 0
    assert not new.save_button.isEnabled() and new.others.isVisible()
    assert "只有征集范围（郑州市教育局及其所属预算单位）内的采购人或服务对象可以使用此框架协议" in new.others.text()
    new.reject()
