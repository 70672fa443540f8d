"""绑定记录 (issue 5 item 7) with real widgets (offscreen), a real uvicorn server and SoftHSM keys: binds
done through the API (a unit key, a refusal, a personal key), then the main window logged in with a password —
a 监管 account sees the 绑定记录 tab and the records (filter by credit code, 加载更多, offline); a purchaser
account does not see the tab, and the server's refusal is shown if asked anyway."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.app import make_key_login
from desktop.demo import pki
from desktop.demo.softhsm import Lab
from desktop.domain.protocol import BindResult
from desktop.token.pin import FixedPin
from desktop.ui.main_window import MainWindow, Page
from desktop.ui.pages.ca_binding.audit import (
    ACTION,
    FINGERPRINT,
    FULL_TEXT,
    NOTE,
    OPERATOR,
    OUTCOME,
    SERIAL,
    UNIT,
    USER_TYPE,
    BindingAuditPanel,
)
from desktop.ui.sync_controller import SyncWiring
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import ServerUnderTest, lab_certificates, make_server  # noqa: F401  (fixtures)
from tests.ui.test_ca_binding_wizard import WAIT, Client, shot

pytestmark = pytest.mark.softhsm


@pytest.fixture
def server(make_server: Any, tmp_path: Path) -> ServerUnderTest:  # noqa: F811
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}", demo_certificates=())  # no key bound yet


@pytest.fixture
def client(server: ServerUnderTest, softhsm_lab: Lab, tmp_path: Path) -> Iterator[Client]:
    c = Client(server.url, softhsm_lab, tmp_path)
    yield c
    c.close()


def bind_through_the_api(client: Client, token_service: Any, lab: Lab, tmp_path: Path) -> BindResult:
    """A unit key bound (CA 自助绑定), a refused bind, and 张三's personal key added by the unit account."""
    def key(token_name: str, key_id: str) -> Any:
        token = lab.token(token_name)
        return token_service.open_signing_key(lab.module, token.serial, key_id, FixedPin(token.user_pin)) \
            .result(timeout=60)

    with key("unit_rsa", "a001") as unit_key:
        bound = client.binding.bind(unit_key, "采购人", "李娜", "13800000001")
    with key("unit_ec", "b001") as supplier_key, pytest.raises(Exception, match="已注册入库"):
        client.binding.bind(supplier_key, "采购人", "李四", "13800000002")  # not a 采购人: refused
    (tmp_path / "unit").mkdir()
    unit = Client(str(client.http.base_url), lab, tmp_path / "unit")
    try:
        unit.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
        with key("unit_rsa", "a002") as personal_key:
            unit.binding.add_personal_key(personal_key, "op-mmj-zhangsan")
    finally:
        unit.close()
    return bound


def window_for(qtbot: QtBot, client: Client, token_service: Any, lab_settings: Any) -> MainWindow:
    wiring = SyncWiring(engine=client.engine, login=client.login, server_url=str(client.http.base_url),
                        key_login=make_key_login(token_service, client.login), interval_ms=60_000)
    window = MainWindow(token_service, lab_settings, sync=wiring)
    qtbot.addWidget(window)
    window.resize(1200, 760)
    window.show()
    window.show_page(Page.CA_BINDING)
    return window


def log_in_with_password(qtbot: QtBot, window: MainWindow, username: str) -> None:
    login = window.open_login()
    assert login is not None
    login.tabs.setCurrentIndex(1)  # 账号密码登录
    login.username_edit.setText(username)
    login.password_edit.setText(DEMO_PASSWORD)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.account is not None, timeout=WAIT)


def audit_tab_visible(window: MainWindow) -> bool:
    page = window.ca_binding
    assert page.audit is not None
    return page.tabs.isTabVisible(page.tabs.indexOf(page.audit))


def test_the_regulator_reads_the_binding_records(qtbot: QtBot, client: Client, server: ServerUnderTest,
                                                 token_service: Any, lab_settings: Any, softhsm_lab: Lab,
                                                 tmp_path: Path) -> None:
    bound = bind_through_the_api(client, token_service, softhsm_lab, tmp_path)
    window = window_for(qtbot, client, token_service, lab_settings)
    page = window.ca_binding
    assert not audit_tab_visible(window)  # logged out
    log_in_with_password(qtbot, window, "zzczj_jg")
    assert window.account is not None and window.account.user_type == "监管"
    assert audit_tab_visible(window)
    assert page.tabs.tabText(page.tabs.indexOf(page.audit)) == "绑定记录"
    page.show_audit()
    audit = page.audit
    assert audit is not None
    qtbot.waitUntil(lambda: len(audit.entries) == 3 and not audit.busy_now, timeout=WAIT)
    table = audit.table

    def cell(row: int, column: int) -> str:
        return table.item(row, column).text()

    # newest first: the personal key, the refusal, the unit key
    assert [cell(r, ACTION) for r in range(3)] == ["绑定（个人 key）", "绑定（单位 key）", "绑定（单位 key）"]
    assert [cell(r, OUTCOME) for r in range(3)] == ["成功", "拒绝", "成功"]
    assert cell(2, USER_TYPE) == "采购人" and cell(0, USER_TYPE) == "采购人"
    assert cell(2, UNIT) == f"河南省郑州市某某局\n{pki.PURCHASER_CREDIT_CODE}"
    assert cell(2, OPERATOR) == "李娜\n13800000001" and "经办账号：zzmmj_jb" in table.item(0, OPERATOR).toolTip()
    fingerprint = table.item(2, FINGERPRINT)
    assert fingerprint.data(FULL_TEXT) == bound.fingerprint_sha256 and "…" in fingerprint.text()
    assert bound.fingerprint_sha256 in fingerprint.toolTip() and len(fingerprint.text()) == 13
    assert table.item(2, SERIAL).data(FULL_TEXT) == bound.certificate_serial
    assert "zzmmj_jb" in cell(2, NOTE) and "已注册入库" in cell(1, NOTE)
    assert "binding_not_registered" in table.item(1, NOTE).toolTip()
    assert audit.count_label.text() == "共 3 条记录" and not audit.more_button.isVisible()
    assert not audit.notice.isVisible() and not audit.empty.isVisible()
    shot(qtbot, window, "ca-binding-audit.png")

    # the filter: checked with its check character before the server is asked
    audit.code_edit.setText(pki.PURCHASER_CREDIT_CODE[:-1] + ("0" if pki.PURCHASER_CREDIT_CODE[-1] != "0" else "1"))
    qtbot.mouseClick(audit.query_button, Qt.MouseButton.LeftButton)
    assert audit.filter_error.isVisible() and "校验位" in audit.filter_error.text()
    assert len(audit.entries) == 3 and not audit.busy_now  # nothing asked
    audit.code_edit.setText(" " + pki.PURCHASER_CREDIT_CODE.lower() + " ")
    qtbot.mouseClick(audit.query_button, Qt.MouseButton.LeftButton)
    assert not audit.filter_error.isVisible() and audit.code_edit.text() == pki.PURCHASER_CREDIT_CODE
    qtbot.waitUntil(lambda: not audit.busy_now and audit.count_label.text() == "共 1 条记录", timeout=WAIT)
    assert [e.fingerprint_sha256 for e in audit.entries] == [bound.fingerprint_sha256]
    audit.code_edit.setText(pki.SUPPLIER_CREDIT_CODE)  # the supplier's key refused as 采购人
    audit.code_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: not audit.busy_now and audit.count_label.text() == "共 1 条记录", timeout=WAIT)
    assert cell(0, OUTCOME) == "拒绝" and cell(0, UNIT) == pki.SUPPLIER_CREDIT_CODE  # bound to no unit
    audit.code_edit.setText(pki.EXTRA_CREDIT_CODES[0])
    audit.code_edit.returnPressed.emit()
    qtbot.waitUntil(lambda: not audit.busy_now and audit.empty.isVisible(), timeout=WAIT)
    assert pki.EXTRA_CREDIT_CODES[0] in audit.empty.text() and table.rowCount() == 0
    qtbot.mouseClick(audit.reset_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not audit.busy_now and len(audit.entries) == 3, timeout=WAIT)
    assert audit.code_edit.text() == "" and audit.credit_code is None

    # page by page: 加载更多
    pages = BindingAuditPanel(client.binding, page_size=2)
    qtbot.addWidget(pages)
    pages.set_account(window.account)
    pages.show()
    qtbot.waitUntil(lambda: not pages.busy_now and len(pages.entries) == 2, timeout=WAIT)
    assert pages.more_button.isVisible() and pages.more_button.isEnabled() and "加载更多" in pages.count_label.text()
    qtbot.mouseClick(pages.more_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not pages.busy_now and len(pages.entries) == 3, timeout=WAIT)
    assert [e.id for e in pages.entries] == [e.id for e in audit.entries] and pages.table.rowCount() == 3
    assert not pages.more_button.isVisible() and pages.count_label.text() == "共 3 条记录"

    # offline: said plainly, with what to do
    server.live.stop()
    qtbot.mouseClick(audit.refresh_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not audit.busy_now and audit.notice.isVisible(), timeout=WAIT)
    assert "无法连接服务器" in audit.notice.text() and "【刷新】" in audit.notice.text()
    assert table.rowCount() == 0

    page.set_account(None)  # logged out: the tab goes, with what it showed
    assert not audit_tab_visible(window) and audit.entries == [] and not audit.refresh_button.isEnabled()
    window.shutdown()


def test_a_purchaser_does_not_see_the_records(qtbot: QtBot, client: Client, token_service: Any,
                                              lab_settings: Any) -> None:
    window = window_for(qtbot, client, token_service, lab_settings)
    log_in_with_password(qtbot, window, "zzmmj_jb")
    assert window.account is not None and window.account.user_type == "采购人"
    assert not audit_tab_visible(window)
    window.ca_binding.show_audit()
    assert window.ca_binding.tabs.currentWidget() is not window.ca_binding.audit

    # asked anyway (an account said to be 监管 that the server knows is not): the server's refusal
    panel = BindingAuditPanel(client.binding)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_account(replace(window.account, user_type="监管"))
    qtbot.waitUntil(lambda: not panel.busy_now and panel.notice.isVisible(), timeout=WAIT)
    assert "仅监管账号可以查看 CA 绑定记录" in panel.notice.text() and panel.table.rowCount() == 0
    panel.set_account(window.account)
    assert "仅监管账号" in panel.notice.text() and not panel.refresh_button.isEnabled()
    window.shutdown()
