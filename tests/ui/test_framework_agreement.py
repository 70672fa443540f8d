"""框架协议采购 after plan filing in the main window against a real uvicorn server (issue 7 items 9, 10):
a closed agreement run by a 主管预算单位 (郑州市教育局: 经办岗 zzjyj_jb, 内部审核岗 zzjyj_sh), each user a
real MainWindow with its own store and sync engine, logged in with the demo password.

numbered plan (filed and numbered through the API, as tests/ui/test_procurement_plans.py does in the
UI) → 【项目向导】 → 征集公告 refused for what is missing, then filled and 【提交】 → the reviewer
(never the submitter) approves → published in 采购公告 → 入围结果公告 with suppliers added by hand (a
bad credit code refused as it is typed) → approved → 结果公告 → 【供应商管理】 edits and a 委托代理商 →
【框架协议备案】 【新增】, 【备案】 → approved (已备案) → the second stage by 郑州市第一中学 (inside the scope:
经办岗 zzyz_jb, 内部审核岗 zzyz_sh): 【新增】, 直接选定, 【合同备案】, approved → the 合同公告 in 信息发布 for
the collector. Along the way the notice is submitted offline (待同步
in the wizard, sent when the server is back) and an agent added here while the same agent was added on
another computer is refused by the server and listed with its reason. And a 互认互通 project of the
集采机构 whose push to the trading system fails: the reason is shown, the 征集公告 waits for the lots,
【重新推送】 fixes it.

Screenshots go to $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.agreement_commands import AddSupplierAgent, SupplierForm
from desktop.domain.workflow.announcement import Column
from desktop.store.outbox import OutboxStatus
from desktop.sync.engine import ConnectionState
from desktop.ui.main_window import Page
from desktop.ui.pages.procurement.agreement_dialog import AgreementFilingDialog, AgreementViewDialog
from desktop.ui.pages.procurement.announcement_view import AnnouncementDialog
from desktop.ui.pages.procurement.framework_pages import FrameworkPages
from desktop.ui.pages.procurement.framework_service import Project
from desktop.ui.pages.procurement.notice_dialog import CollectionNoticeDialog
from desktop.ui.pages.procurement.result_dialog import ShortlistResultDialog
from desktop.ui.pages.procurement.second_stage_choose import ChooseSupplierDialog
from desktop.ui.pages.procurement.second_stage_contract import ContractFilingDialog
from desktop.ui.pages.procurement.second_stage_dialogs import NewProcurementDialog
from desktop.ui.pages.procurement.second_stage_view import SecondStageViewDialog
from desktop.ui.pages.procurement.suppliers_dialog import SupplierManagementDialog
from desktop.ui.pages.procurement.wizard_dialog import ProjectWizardDialog
from server_stub.demo import SUPPLIER2_CREDIT_CODE
from tests.server.fixtures import ApiFor, ServerUnderTest, api_for, lab_certificates, make_server  # noqa: F401
from tests.server.framework_helpers import (
    AGENT,
    LAW_FIRM_A,
    LAW_FIRM_B,
    numbered_central_plan,
    numbered_service_plan,
    run_bridge,
)
from tests.server.test_plans import World
from tests.ui.test_procurement_plans import LEFT, WAIT, User, closed, server, shot, users  # noqa: F401
from tests.ui.test_second_stage_ui import click as stage_click
from tests.ui.test_second_stage_ui import pages as stage_pages
from tests.ui.test_second_stage_ui import procurement

pytestmark = pytest.mark.softhsm
PLAN = "p-law"
PROJECT = "郑州市教育局法律顾问服务框架协议"
ADDRESS = "郑州市金水区文化路1号"
SECOND_AGENT = SupplierForm("河南戊商贸有限公司", SUPPLIER2_CREDIT_CODE, "郑州市二七区")


def applied(user: User, subject: str, name: str) -> None:
    """This user's ``name`` command about ``subject`` has reached the server (queued in the background)."""
    outbox = user.engine.outbox
    user.qtbot.waitUntil(lambda: any(e.envelope.name == name and e.status is OutboxStatus.APPLIED
                                     for e in outbox.for_subject(subject)), timeout=WAIT)


def pages(user: User) -> FrameworkPages:
    return user.page.framework


def project(user: User, plan_id: str = PLAN, **expected: Any) -> Project:
    """The project as the user's pages show it, once every ``expected`` attribute holds."""
    fw = pages(user)

    def ready() -> bool:
        found = fw.project(plan_id)
        return found is not None and all(getattr(found, k) == v for k, v in expected.items())

    user.qtbot.waitUntil(ready, timeout=WAIT)
    found = fw.project(plan_id)
    assert found is not None
    return found


def open_wizard(user: User, plan_id: str = PLAN) -> ProjectWizardDialog:
    fw = pages(user)
    project(user, plan_id)
    user.page.tabs.setCurrentWidget(fw.announce)
    assert fw.announce.select(plan_id)
    user.qtbot.mouseClick(fw.announce.buttons["wizard"], LEFT)
    wizard = fw.wizard
    assert isinstance(wizard, ProjectWizardDialog)
    return wizard


def click(user: User, wizard: ProjectWizardDialog, action: str) -> Any:
    """A wizard button; the dialog it opened (or None)."""
    button = wizard.buttons[action]
    assert button.isEnabled(), (action, button.toolTip(), wizard.hints)
    user.qtbot.mouseClick(button, LEFT)
    return pages(user).dialog


def state(wizard: ProjectWizardDialog, step: str) -> str:
    return wizard.states[step].text()


def wait_state(user: User, wizard: ProjectWizardDialog, step: str, text: str) -> None:
    user.qtbot.waitUntil(lambda: text in state(wizard, step), timeout=WAIT)


def review_in_wizard(user: User, step: str) -> None:
    """The 内部审核岗 opens the wizard and approves the announcement of ``step``."""
    user.sync()
    wizard = open_wizard(user)
    user.qtbot.waitUntil(lambda: wizard.buttons[f"{step}_view"].text() == "审核", timeout=WAIT)
    dialog = click(user, wizard, f"{step}_view")
    assert isinstance(dialog, AnnouncementDialog) and dialog.approve_button.isEnabled()
    user.qtbot.mouseClick(dialog.approve_button, LEFT)
    user.done(dialog)
    wait_state(user, wizard, step, "已发布")
    wizard.reject()


def test_supervising_unit_runs_a_closed_agreement_to_a_second_stage_contract(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    number = numbered_service_plan(w, PLAN, validity_start="2026-03-01", validity_end="2028-02-29")
    handler: User = users("zzjyj_jb")
    wizard = open_wizard(handler)
    assert number in wizard.facts.text() and "封闭式" in wizard.facts.text()
    assert "未编辑" in state(wizard, "notice") and not wizard.bridge_row.isVisible()  # 郑州市: not 互认互通
    assert not wizard.buttons["result_edit"].isEnabled()
    assert wizard.buttons["result_edit"].toolTip() == "征集公告发布完成后才可以发布入围结果公告"
    assert not wizard.buttons["agreement_open"].isEnabled()

    # 征集公告: carried and locked; a refusal first (what is missing), nothing queued
    notice = click(handler, wizard, "notice_edit")
    assert isinstance(notice, CollectionNoticeDialog)
    assert (notice.collector_edit.text(), notice.contact_edit.text(), notice.phone_edit.text()) == (
        "郑州市教育局", "吴强", "0371-67170001")
    assert notice.collector_edit.isReadOnly() and notice.phone_edit.isReadOnly()
    assert not notice.address_edit.isReadOnly()
    qtbot.mouseClick(notice.submit_button, LEFT)
    assert notice.isVisible() and "不能提交" in notice.problems.text()
    assert "请增加分包信息" in notice.problems.text() and "请填写联系地址" in notice.problems.text()
    assert handler.engine.outbox.pending_count() == 0
    shot(qtbot, handler.window, "framework-notice.png", notice)
    notice.address_edit.setText(ADDRESS)
    notice.add_lot("1", "法律顾问服务", "280000")
    server.live.stop()  # offline: 【提交】 waits in the outbox, the wizard says so
    qtbot.mouseClick(notice.submit_button, LEFT)
    qtbot.waitUntil(lambda: closed(notice), timeout=WAIT)
    handler.synced(ConnectionState.OFFLINE)
    wait_state(handler, wizard, "notice", "编辑中（未同步）")
    assert wizard.pending.isVisible() and "待同步：保存征集公告、提交" in wizard.pending.text()
    assert not wizard.buttons["notice_edit"].isEnabled()  # submitted here: no more changes
    server.live.start()
    handler.sync()
    wait_state(handler, wizard, "notice", "待内部审核岗审核")
    assert not wizard.pending.isVisible()
    own = click(handler, wizard, "notice_view")  # nobody approves their own submission
    assert isinstance(own, AnnouncementDialog)
    assert not own.approve_button.isEnabled() and "不能审核本人提交的事项" in own.review.refusal_label.text()
    own.reject()
    wizard.reject()

    reviewer: User = users("zzjyj_sh")
    review_in_wizard(reviewer, "notice")

    # published in 采购公告: the browser shows it, read-only
    handler.sync()
    fw = pages(handler)
    handler.page.tabs.setCurrentWidget(fw.browser)
    fw.browser.show_column(Column.PROCUREMENT)
    qtbot.waitUntil(lambda: fw.browser.model.rowCount() == 1, timeout=WAIT)
    assert fw.browser.model.rows[0].title == f"{PROJECT}征集公告"
    fw.browser.table.selectRow(0)
    shot(qtbot, handler.window, "framework-announcements.png")
    qtbot.mouseClick(fw.browser.view_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(fw.dialog, AnnouncementDialog), timeout=WAIT)
    view = fw.dialog
    assert isinstance(view, AnnouncementDialog)
    assert ADDRESS in view.page.toPlainText() and "法律顾问服务" in view.page.toPlainText()
    assert not view.review.isVisible() and not view.history.isVisible()
    shot(qtbot, handler.window, "framework-announcement-view.png", view)
    view.reject()

    # 入围结果公告: suppliers added by hand, a bad credit code refused as it is typed
    wizard = open_wizard(handler)
    assert "已发布" in state(wizard, "notice") and wizard.buttons["result_edit"].isEnabled()
    result = click(handler, wizard, "result_edit")
    assert isinstance(result, ShortlistResultDialog)
    assert not result.pick_button.isEnabled()  # not 互认互通: suppliers are added by hand
    result.basis_combo.setCurrentIndex(result.basis_combo.findData("最高入围价格"))
    result.value_edit.setText("280000")
    for key, value in (("name", LAW_FIRM_A.name), ("credit_code", LAW_FIRM_A.credit_code[:-1] + "0"),
                       ("address", LAW_FIRM_A.address)):
        result.new_edits[key].setText(value)
    qtbot.mouseClick(result.add_button, LEFT)
    assert result.add_error.isVisible() and "河南甲律师事务所" in result.add_error.text()
    assert result.table.rowCount() == 0
    result.new_edits["credit_code"].setText(LAW_FIRM_A.credit_code)
    qtbot.mouseClick(result.add_button, LEFT)
    for key in ("name", "credit_code", "address", "contact_person", "phone"):
        result.new_edits[key].setText(getattr(LAW_FIRM_B, key))
    assert result.add_typed()
    assert [result.table.item(n, 0).text() for n in range(2)] == [LAW_FIRM_A.name, LAW_FIRM_B.name]
    qtbot.mouseClick(result.submit_button, LEFT)
    handler.done(result)
    wait_state(handler, wizard, "result", "待内部审核岗审核")
    handler.qtbot.waitUntil(lambda: "2 家入围供应商" in state(wizard, "suppliers"), timeout=WAIT)
    wizard.reject()
    review_in_wizard(reviewer, "result")
    handler.sync()
    handler.page.tabs.setCurrentWidget(fw.browser)
    fw.browser.show_column(Column.RESULT)
    qtbot.waitUntil(lambda: fw.browser.model.rowCount() == 1, timeout=WAIT)
    assert fw.browser.model.rows[0].kind == "入围结果公告"

    # 【供应商管理】: name and code locked, address editable, one 委托代理商
    handler.page.tabs.setCurrentWidget(fw.suppliers)
    qtbot.waitUntil(lambda: fw.suppliers.model.rowCount() == 1, timeout=WAIT)
    fw.suppliers.select(PLAN)
    qtbot.mouseClick(fw.suppliers.buttons["suppliers"], LEFT)
    manage = fw.dialog
    assert isinstance(manage, SupplierManagementDialog) and manage.table.rowCount() == 2
    assert manage.name_edit.isReadOnly() and manage.code_edit.text() == LAW_FIRM_A.credit_code
    manage.address_edit.setText("郑州市郑东新区商务内环5号")
    manage.contact_edit.setText("李律师")
    manage.phone_edit.setText("12")
    assert not manage.save_supplier() and "格式不正确" in manage.message.text()  # refused here
    manage.phone_edit.setText("0371-61234567")
    qtbot.mouseClick(manage.save_button, LEFT)
    qtbot.mouseClick(manage.add_agent_button, LEFT)
    for key in ("name", "credit_code", "address", "contact_person", "phone"):
        manage.agent_edits[key].setText(getattr(AGENT, key))
    qtbot.mouseClick(manage.agent_save_button, LEFT)
    handler.synced()
    qtbot.waitUntil(lambda: manage.table.item(0, 6).text() == "1 家" and manage.table.item(0, 7).text() == "已同步"
                    and manage.table.item(0, 3).text() == "郑州市郑东新区商务内环5号", timeout=WAIT)
    manage.table.selectRow(0)
    assert manage.agents.rowCount() == 1 and manage.agents.item(0, 0).text() == AGENT.name
    shot(qtbot, handler.window, "framework-suppliers.png", manage)

    # the same 委托代理商 added on another computer meanwhile: this one is refused, with the reason
    server.live.stop()
    qtbot.mouseClick(manage.add_agent_button, LEFT)
    for key in ("name", "credit_code", "address"):
        manage.agent_edits[key].setText(getattr(SECOND_AGENT, key))
    qtbot.mouseClick(manage.agent_save_button, LEFT)
    qtbot.waitUntil(lambda: manage.table.item(0, 6).text() == "2 家" and manage.table.item(0, 7).text() == "待同步",
                    timeout=WAIT)
    server.live.start()
    w.ok("zzjyj_jb", AddSupplierAgent(PLAN, LAW_FIRM_A.credit_code, SECOND_AGENT))
    handler.sync()
    qtbot.waitUntil(lambda: manage.table.item(0, 7).text() == "已同步", timeout=WAIT)
    assert manage.table.item(0, 6).text() == "2 家"
    manage.reject()
    status = handler.window.sync_status
    qtbot.waitUntil(lambda: status.rejected_button.isVisible(), timeout=WAIT)
    qtbot.mouseClick(status.rejected_button, LEFT)
    rejections = handler.window.rejections.model
    qtbot.waitUntil(lambda: rejections.rowCount() == 1, timeout=WAIT)
    assert rejections.data(rejections.index(0, 0)) == "新增委托代理商"
    assert rejections.data(rejections.index(0, 2)) == f"委托代理商“{SECOND_AGENT.name}”已存在"
    handler.window.show_page(Page.PROCUREMENT)

    # 框架协议备案: 【新增】 picks the project; collector and suppliers carried and locked; 【备案】
    handler.page.tabs.setCurrentWidget(fw.agreements)
    qtbot.mouseClick(fw.agreements.buttons["add"], LEFT)
    filing = fw.dialog
    assert isinstance(filing, AgreementFilingDialog) and filing.project is not None
    assert filing.collector_edit.text() == "郑州市教育局" and filing.collector_edit.isReadOnly()
    assert LAW_FIRM_A.name in filing.suppliers.toPlainText() and AGENT.name in filing.suppliers.toPlainText()
    assert filing.start_edit.date().toString("yyyy-MM-dd") == "2026-03-01"
    shot(qtbot, handler.window, "framework-agreement.png", filing)
    qtbot.mouseClick(filing.save_button, LEFT)
    handler.done(filing)
    qtbot.waitUntil(lambda: fw.agreements.model.rowCount() == 1, timeout=WAIT)
    assert fw.agreements.select(PLAN)
    qtbot.mouseClick(fw.agreements.buttons["file"], LEFT)
    qtbot.waitUntil(lambda: (p := fw.project(PLAN)) is not None and p.agreement is not None
                    and p.agreement.state_label == "待内部审核岗审核", timeout=WAIT)

    reviewer.sync()
    rfw = pages(reviewer)
    reviewer.page.tabs.setCurrentWidget(rfw.agreements)
    qtbot.waitUntil(lambda: rfw.agreements.select(PLAN), timeout=WAIT)
    qtbot.mouseClick(rfw.agreements.buttons["view"], LEFT)
    check = rfw.dialog
    assert isinstance(check, AgreementViewDialog) and check.review.approve_button.isEnabled()
    qtbot.mouseClick(check.review.approve_button, LEFT)
    reviewer.done(check)

    handler.sync()
    done = project(handler)
    qtbot.waitUntil(lambda: (p := fw.project(PLAN)) is not None and p.agreement is not None
                    and p.agreement.filed, timeout=WAIT)
    assert done.plan.number == number
    wizard = open_wizard(handler)
    for step, text in (("notice", "已发布"), ("result", "已发布"), ("agreement", "已备案")):
        assert text in state(wizard, step), step
    assert "二阶段的合同备案" in wizard.hints["agreement"].text()
    shot(qtbot, handler.window, "framework-wizard.png", wizard)
    wizard.reject()
    handler.window.show_page(Page.PROCUREMENT)

    # the second stage: 郑州市第一中学 (所属预算单位) 【新增】, 直接选定, 【合同备案】; its 内部审核岗 approves
    purchaser: User = users("zzyz_jb")
    ss = stage_pages(purchaser)
    qtbot.waitUntil(lambda: ss.data is not None and any(a.plan_id == PLAN for a in ss.data.agreements),
                    timeout=WAIT)
    qtbot.mouseClick(ss.tab.buttons["add"], LEFT)
    new = ss.dialog
    assert isinstance(new, NewProcurementDialog) and new.choose(PLAN)
    new.title_edit.setText("2027年度法律顾问")
    qtbot.mouseClick(new.save_button, LEFT)
    purchaser.done(new)
    created = procurement(purchaser, state_label="待确定供应商")
    choose = stage_click(purchaser, "choose", created)
    assert isinstance(choose, ChooseSupplierDialog)
    choose.supplier_combo.setCurrentIndex(choose.supplier_combo.findData(LAW_FIRM_A.credit_code))
    qtbot.mouseClick(choose.buttons["select"], LEFT)
    purchaser.done(choose)
    filing = stage_click(purchaser, "file", procurement(purchaser, created.procurement_id, state_label="待合同备案"))
    assert isinstance(filing, ContractFilingDialog)
    filing.amount_edit.setText("150000")
    qtbot.mouseClick(filing.file_button, LEFT)
    purchaser.done(filing)
    approver: User = users("zzyz_sh")
    check = stage_click(approver, "view", procurement(approver, created.procurement_id,
                                                      state_label="合同备案待内部审核岗审核"))
    assert isinstance(check, SecondStageViewDialog) and check.review.approve_button.isEnabled()
    qtbot.mouseClick(check.review.approve_button, LEFT)
    approver.done(check)

    handler.sync()  # the collector reads the 合同公告 in 信息发布
    handler.page.tabs.setCurrentWidget(fw.browser)
    fw.browser.show_column(Column.CONTRACT)
    qtbot.waitUntil(lambda: fw.browser.model.rowCount() == 1, timeout=WAIT)
    assert fw.browser.model.rows[0].id == f"htgg-{created.procurement_id}"


def test_trading_bridge_failure_is_shown_and_pushed_again(
        qtbot: QtBot, users: Any, server: ServerUnderTest, api_for: ApiFor) -> None:  # noqa: F811
    w = World(server, api_for)
    numbered_central_plan(w, "p-hz")
    server.settings.trading_faults.fail["plan"] = 1
    assert run_bridge(w).failed == 1
    handler: User = users("hncgzx_cgjb")
    wizard = open_wizard(handler, "p-hz")
    assert wizard.bridge_row.isVisible() and "推送失败" in wizard.bridge.text()
    assert "公共资源交易系统暂时无法访问" in wizard.bridge.text()
    assert not wizard.buttons["notice_edit"].isEnabled()  # the lots have not arrived
    assert wizard.hints["notice"].text() == "需交易系统将对应的分包信息推送过来后，才可以编辑征集公告内容"
    shot(qtbot, handler.window, "framework-wizard-bridge.png", wizard)
    assert wizard.retry_button.isEnabled()
    qtbot.mouseClick(wizard.retry_button, LEFT)  # 重新推送
    applied(handler, "p-hz", "retry_trading_push")
    assert run_bridge(w).pushed == 1
    handler.sync()
    qtbot.waitUntil(lambda: "已接收分包" in wizard.bridge.text(), timeout=WAIT)
    assert not wizard.retry_button.isVisible() and wizard.buttons["notice_edit"].isEnabled()
    notice = click(handler, wizard, "notice_edit")
    assert isinstance(notice, CollectionNoticeDialog)
    assert notice.lots.rowCount() == 1 and notice.lots.item(0, 1).text() == "台式计算机"
    assert notice.lots_note.isVisible() and not notice.add_lot_button.isVisible()
    notice.reject()
    wizard.reject()
