"""Joining an open framework agreement in the main window against a real uvicorn server (issue 7 items
7, 8): 河南省政府采购中心's filed open 互认互通 agreement for 郑州市 (reached through server commands, as
tests/server/test_second_stage.py does). A new supplier (河南丁信息技术有限公司, dd_jb) finds it under
加入框架协议, 【申请加入】 with its contact and phone prefilled from its unit record (a bad phone refused
as typed, nothing queued); another (LATECOMER) applies through the API. The collector's 审核岗
(hncgzx_cgsh) sees both under 加入申请审核 with their deadlines, approves one and refuses the other —
the reason is required — and the applicant reads the reason and may apply again. The overdue warning
is recomputed for a later day; the collector's 经办岗 is told why it cannot review.

Screenshots: $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.agreement_commands import RemoveShortlistedSupplier
from desktop.domain.protocol import AccountInfo
from desktop.domain.second_stage_commands import ApplyToJoin
from desktop.ui.pages.procurement import joining_rules
from desktop.ui.pages.procurement.joining_apply import ApplyDialog
from desktop.ui.pages.procurement.joining_service import Application
from desktop.ui.pages.procurement.joining_widgets import ReasonDialog
from tests.server.fixtures import ApiFor, ServerUnderTest, api_for, lab_certificates, make_server  # noqa: F401
from tests.server.test_plans import World
from tests.server.test_second_stage import LATECOMER, NEWCOMER, open_agreement, register_supplier
from tests.ui.test_bids_supplier import joining, save_shot
from tests.ui.test_procurement_plans import LEFT, WAIT, User, server, users  # noqa: F401

pytestmark = pytest.mark.softhsm


def review_row(user: User, name: str, **expected: Any) -> Application:
    tab = joining(user).review

    def found() -> Application | None:
        return next((a for a in tab.rows if a.record is not None and a.record.name == name), None)

    def ready() -> bool:
        row = found()
        return row is not None and all(getattr(row.record, k) == v for k, v in expected.items())

    user.qtbot.waitUntil(ready, timeout=WAIT)
    row = found()
    assert row is not None and tab.select(row.application_id)
    return row


def own_status(user: User, status: str) -> None:
    tab = joining(user).joining
    user.qtbot.waitUntil(lambda: tab.mine.rowCount() >= 1 and tab.mine.item(0, 4).text() == status, timeout=WAIT)


def test_supplier_applies_and_the_collector_reviews(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    number = open_agreement(w)
    register_supplier(w, "dd", "dd_jb", NEWCOMER)
    register_supplier(w, "ww", "ww_jb", LATECOMER)

    # the supplier: the open agreement, 【申请加入】 prefilled from its unit record
    applicant: User = users("dd_jb")
    pages = joining(applicant)
    tab = pages.joining
    applicant.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: len(tab.agreements) == 1, timeout=WAIT)
    assert tab.select("p-o") and tab.table.item(0, 0).text() == number
    assert tab.table.item(0, 5).text() == "未申请" and tab.apply_button.isEnabled()
    qtbot.mouseClick(tab.apply_button, LEFT)
    dialog = pages.dialog
    assert isinstance(dialog, ApplyDialog)
    assert dialog.findChild(QLineEdit, "apply_code").text() == NEWCOMER.credit_code
    assert (dialog.edits["contact_person"].text(), dialog.edits["phone"].text()) == ("钱经理", "13900000055")
    dialog.edits["address"].setText("郑州市高新区科学大道100号")
    dialog.edits["phone"].setText("电话")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.isVisible() and "联系电话“电话”格式不正确" in dialog.problem.text()
    assert applicant.engine.outbox.pending_count() == 0
    dialog.edits["phone"].setText("13900000055")
    assert not dialog.problem.isVisible()  # the refusal goes once the field changes
    save_shot(qtbot, applicant, "joining-apply.png", dialog)
    qtbot.mouseClick(dialog.submit_button, LEFT)
    applicant.done(dialog)
    own_status(applicant, "待审核")
    assert tab.select("p-o")
    qtbot.waitUntil(lambda: not tab.apply_button.isEnabled(), timeout=WAIT)
    assert tab.refusal.text() == "不能申请加入：贵单位已有待审核的加入申请，请等待征集人审核"
    w.ok("ww_jb", ApplyToJoin("j-late", "p-o"))

    # the collector's 审核岗: both listed with their deadlines; one approved, one refused with a reason
    reviewer: User = users("hncgzx_cgsh")
    review = joining(reviewer).review
    reviewer.page.tabs.setCurrentWidget(review)
    late = review_row(reviewer, LATECOMER.name, status="待审核")
    assert review.table.item(review.table.currentRow(), 5).text() == late.record.review_due  # type: ignore[union-attr]
    assert review.approve_button.isEnabled() and review.refuse_button.isEnabled()
    qtbot.mouseClick(review.approve_button, LEFT)  # confirmed first: an admission cannot be taken back
    confirm = joining(reviewer).dialog
    assert isinstance(confirm, QMessageBox) and LATECOMER.name in confirm.text()
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.No), LEFT)
    assert reviewer.engine.outbox.pending_count() == 0
    qtbot.mouseClick(review.approve_button, LEFT)
    confirm = joining(reviewer).dialog
    assert isinstance(confirm, QMessageBox)
    qtbot.mouseClick(confirm.button(QMessageBox.StandardButton.Yes), LEFT)
    reviewer.synced()
    review_row(reviewer, LATECOMER.name, status="已入围")
    qtbot.waitUntil(lambda: not review.approve_button.isEnabled(), timeout=WAIT)
    assert "该申请已审核（已入围）" in review.refusal.text()

    newcomer = review_row(reviewer, NEWCOMER.name, status="待审核")
    assert "郑州市高新区科学大道100号" in review.detail.text()
    qtbot.mouseClick(review.refuse_button, LEFT)
    ask = joining(reviewer).dialog
    assert isinstance(ask, ReasonDialog)
    qtbot.mouseClick(ask.ok_button, LEFT)
    assert ask.isVisible() and ask.problem.text() == "审核不通过时必须填写原因"
    ask.reason_edit.setPlainText("所投产品不在协议品目范围内")
    save_shot(qtbot, reviewer, "joining-refuse.png", ask)
    qtbot.mouseClick(ask.ok_button, LEFT)
    reviewer.done(ask)
    review_row(reviewer, NEWCOMER.name, status="未通过", reason="所投产品不在协议品目范围内")

    # deadlines recomputed for a later day: the overdue review is flagged in the list
    account = reviewer.window.account
    assert account is not None
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    unreviewed = Application(newcomer.application_id, newcomer.record)  # as it was, 待审核
    review.set_rows(account, [unreviewed, *review.rows], review.agreements, later)
    assert review.select(newcomer.application_id)
    assert "尚未审核，已逾期" in review.table.item(0, 8).text()
    assert review.warnings.isVisible() and "7个工作日内" in review.warnings.text()
    save_shot(qtbot, reviewer, "joining-review-overdue.png")
    handler = AccountInfo("acc-cgzx-cgjb", "hncgzx_cgjb", account.unit_id, account.unit_name, account.credit_code,
                          account.user_type, "经办岗")
    assert joining_rules.review_refusal(handler, unreviewed, None, later) == "只有审核岗可以审核加入申请"
    joining(reviewer).reload()
    save_shot(qtbot, reviewer, "joining-review.png")

    # the applicant reads the reason, and may apply again
    applicant.sync()
    own_status(applicant, "未通过")
    assert tab.mine.item(0, 5).text() == "未通过原因：所投产品不在协议品目范围内"
    assert tab.select("p-o")
    qtbot.waitUntil(tab.apply_button.isEnabled, timeout=WAIT)
    save_shot(qtbot, applicant, "joining-tab.png")

    # the admitted latecomer is removed, then applies again: the reviewer is warned (Order 110), not refused
    w.ok("hncgzx_cgjb", RemoveShortlistedSupplier("p-o", LATECOMER.credit_code, "提供虚假材料"))
    w.ok("ww_jb", ApplyToJoin("j-again", "p-o"))
    reviewer.sync()
    qtbot.waitUntil(lambda: any(a.application_id == "j-again" and a.record is not None for a in review.rows),
                    timeout=WAIT)
    assert review.select("j-again")
    assert review.warnings.isVisible() and "被移出本框架协议（原因：提供虚假材料）" in review.warnings.text()
    assert review.approve_button.isEnabled()
