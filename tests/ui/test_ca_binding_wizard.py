"""CA 自助绑定 and 管理 key walked through with real widgets (offscreen), the real TokenService on the
SoftHSM lab, a real uvicorn server and the real PIN dialog: the wizard opened from the login window,
读取证书信息 → 未绑定 → 提交绑定 (PIN) → 用该 key 登录; refusals as the user sees them; 操作人员管理 with an
operator added through the outbox, and a personal key added, renewed and unbound (with confirmation)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import make_key_login
from desktop.demo import pki
from desktop.demo.softhsm import Lab
from desktop.domain.identity import id_number_check_char
from desktop.domain.protocol import AccountInfo
from desktop.store import Store
from desktop.sync.binding import BindingService
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine
from desktop.sync.login import LoginService
from desktop.ui.login_dialog import KeyChoice, LoginDialog
from desktop.ui.pages.ca_binding.key_panel import KeyPanel
from desktop.ui.pages.ca_binding.operators import OperatorsPanel
from desktop.ui.pages.ca_binding.personal_keys import PersonalKeysDialog
from desktop.ui.pages.ca_binding.wizard import BindingWizard
from desktop.ui.pages.ca_binding.wizard_dialog import BindingWizardDialog
from desktop.ui.pin_dialog import PinDialog, QtPinSource
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import ServerUnderTest, lab_certificates, make_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.softhsm
SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))
WAIT = 30_000


class PinAnswers:
    """Answers the real PIN dialog with the next PIN and presses 确定; remembers what it said."""

    def __init__(self, source: QtPinSource) -> None:
        self.pins: list[str] = []
        self.intros: list[str] = []
        source.dialog_shown.connect(self._answer)

    def _answer(self, dialog: PinDialog) -> None:
        self.intros.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        dialog.pin_edit.setText(self.pins.pop(0))
        dialog.ok_button.click()


class Client:
    """What the app builds for one server: ApiClient, LoginService, BindingService, store and sync."""

    def __init__(self, url: str, lab: Lab, tmp_path: Path) -> None:
        self.http = httpx.Client(base_url=url, timeout=10)
        self.api = ApiClient(self.http)
        self.login = LoginService(self.api, None)
        intermediate = pki.der(x509.load_pem_x509_certificate(lab.intermediate_pem.read_bytes()))
        self.binding = BindingService(self.api, intermediates=[intermediate])  # "shipped with the app"
        self.store = Store.open(tmp_path / "client.sqlite3")
        self.engine = SyncEngine(self.api, self.store, auto_full_resync=False)

    def close(self) -> None:
        self.http.close()
        self.store.close()


@pytest.fixture
def server(make_server: Any, tmp_path: Path) -> ServerUnderTest:  # noqa: F811
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}", demo_certificates=())  # no key bound yet


@pytest.fixture
def client(server: ServerUnderTest, softhsm_lab: Lab, tmp_path: Path) -> Iterator[Client]:
    c = Client(server.url, softhsm_lab, tmp_path)
    yield c
    c.close()


def shot(qtbot: QtBot, widget: QWidget, name: str) -> None:
    qtbot.wait(100)  # let the pending layout requests run before grabbing
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / name))


def choose(panel: KeyPanel, lab: Lab, token_name: str, key_id: str) -> None:
    serial = lab.token(token_name).serial
    for index in range(panel.combo.count()):
        panel.combo.setCurrentIndex(index)
        current = panel.current()
        if current is not None and current.token_serial == serial and current.certificate.key_id == key_id:
            return
    raise AssertionError(f"{token_name}/{key_id} not offered")


def read_and_load(qtbot: QtBot, wizard: BindingWizard, lab: Lab, token_name: str, key_id: str) -> None:
    """【读取证书信息】, choose the key, then 【加载单位信息】 (automatic when the first choice fits)."""
    qtbot.mouseClick(wizard.read_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.key_panel.combo.count() > 0 and not wizard.busy_now, timeout=WAIT)
    choose(wizard.key_panel, lab, token_name, key_id)
    if wizard.status is None and wizard.load_button.isEnabled():
        qtbot.mouseClick(wizard.load_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not wizard.busy_now, timeout=WAIT)


def test_bind_from_the_login_window_then_log_in(qtbot: QtBot, client: Client, token_service: Any,
                                                softhsm_lab: Lab) -> None:
    def wizard_factory(parent: QWidget, use_key: Any) -> BindingWizardDialog:
        return BindingWizardDialog(token_service, client.binding, on_login=use_key, parent=parent)

    login = LoginDialog([], make_key_login(token_service, client.login), client.login.login_with_password,
                        binding_wizard=wizard_factory)
    qtbot.addWidget(login)
    login.show()
    assert login.no_key_label.isVisible() and login.binding_button.isVisible()
    qtbot.mouseClick(login.binding_button, Qt.MouseButton.LeftButton)
    dialog = login.binding_dialog
    assert isinstance(dialog, BindingWizardDialog) and dialog.isVisible()
    wizard = dialog.wizard
    pins = PinAnswers(dialog.pin_source)
    assert "确保贵单位已注册入库" in wizard.findChild(QLabel, "binding_guide").text()  # 操作指引

    wizard.user_type.setCurrentIndex(wizard.user_type.findData("采购人"))
    wizard.operator_name.setText("李娜")  # QTest types ASCII only
    wizard.operator_phone.setText("13800000001")
    read_and_load(qtbot, wizard, softhsm_lab, "unit_rsa", "a001")
    assert wizard.key_panel.code.text() == pki.PURCHASER_CREDIT_CODE
    assert "证书检查通过" in wizard.key_panel.preflight.text()
    assert wizard.unit_name.text() == "河南省郑州市某某局" and wizard.unit_code.text() == pki.PURCHASER_CREDIT_CODE
    assert "未绑定" in wizard.status_label.text() and "用户可以进行绑定操作" in wizard.status_label.text()
    assert not wizard.submit_button.isEnabled()  # the confirmation is not ticked yet
    wizard.confirm.setChecked(True)
    shot(qtbot, dialog, "ca-binding-wizard.png")

    wizard.operator_phone.setText("电话")
    qtbot.mouseClick(wizard.submit_button, Qt.MouseButton.LeftButton)  # a phone that is not one
    assert wizard.form_error.isVisible() and "格式不正确" in wizard.form_error.text()
    wizard.operator_phone.setText("13800000001")
    pins.pins.append(softhsm_lab.token("unit_rsa").user_pin)
    with qtbot.waitSignal(wizard.bound, timeout=WAIT) as bound:
        qtbot.mouseClick(wizard.submit_button, Qt.MouseButton.LeftButton)
    assert bound.args[0].username == "zzmmj_jb" and "绑定 key" in pins.intros[0]
    assert "绑定成功" in wizard.message.text() and "zzmmj_jb" in wizard.message.text()
    qtbot.waitUntil(lambda: "已绑定" in wizard.status_label.text() and not wizard.busy_now, timeout=WAIT)
    assert wizard.message.isVisible() and wizard.login_button.isVisible() and not wizard.submit_button.isEnabled()
    shot(qtbot, dialog, "ca-binding-wizard-bound.png")

    # 用该 key 登录: back in the login window with the key chosen; the PIN is typed there
    with qtbot.waitSignal(dialog.accepted, timeout=WAIT):
        qtbot.mouseClick(wizard.login_button, Qt.MouseButton.LeftButton)
    assert login.login_button.isEnabled() is False and login.notice_label.isVisible()
    assert softhsm_lab.token("unit_rsa").label in login.key_combo.currentText()
    qtbot.keyClicks(login.pin_edit, softhsm_lab.token("unit_rsa").user_pin)
    with qtbot.waitSignal(login.accepted, timeout=WAIT):
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    assert login.grant is not None and login.grant.account.username == "zzmmj_jb"


def test_refusals_are_shown_with_what_to_do(qtbot: QtBot, client: Client, token_service: Any,
                                            softhsm_lab: Lab) -> None:
    dialog = BindingWizardDialog(token_service, client.binding)
    qtbot.addWidget(dialog)
    dialog.show()
    wizard = dialog.wizard
    pins = PinAnswers(dialog.pin_source)
    wizard.operator_name.setText("李娜")
    wizard.operator_phone.setText("0371-67000001")

    # the manual's prompts from the diagnosis, before asking the server
    read_and_load(qtbot, wizard, softhsm_lab, "problems", "c001")
    assert "key 已经到期" in wizard.key_panel.preflight.text() and "需要续期或新办 key" in \
        wizard.key_panel.preflight.text()
    assert not wizard.load_button.isEnabled() and not wizard.submit_button.isEnabled()
    choose(wizard.key_panel, softhsm_lab, "unit_rsa", "a002")  # 张三's personal key
    assert "操作人员管理" in wizard.key_panel.preflight.text() and wizard.key_panel.blocked()

    # a credit code no unit is registered with: the server's message and what to do
    choose(wizard.key_panel, softhsm_lab, "problems", "c003")  # valid, expiring soon: a warning only
    assert "即将" in wizard.key_panel.preflight.text() or "到期" in wizard.key_panel.preflight.text()
    qtbot.mouseClick(wizard.load_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.message.isVisible() and not wizard.busy_now, timeout=WAIT)
    assert "未查询到统一社会信用代码" in wizard.message.text() and "已注册入库" in wizard.message.text()
    assert wizard.status is None and not wizard.submit_button.isEnabled()

    # the supplier's key as 采购人: 未注册, shown with its explanation, nothing to submit
    read_and_load(qtbot, wizard, softhsm_lab, "unit_ec", "b001")
    assert "未注册" in wizard.status_label.text() and not wizard.confirm.isEnabled()

    # 未绑定 when read, bound by someone else before 提交绑定: the server refuses with 已绑定
    read_and_load(qtbot, wizard, softhsm_lab, "unit_rsa", "a001")
    assert "未绑定" in wizard.status_label.text()
    other = token_service.open_signing_key(softhsm_lab.module, softhsm_lab.token("unit_rsa").serial, "a001",
                                           _fixed(softhsm_lab.token("unit_rsa").user_pin)).result(timeout=60)
    with other:
        client.binding.bind(other, "采购人", "李娜", "0371-67000001")
    wizard.confirm.setChecked(True)
    pins.pins.append(softhsm_lab.token("unit_rsa").user_pin)
    qtbot.mouseClick(wizard.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.message.isVisible() and not wizard.busy_now, timeout=WAIT)
    text = wizard.message.text()
    assert "当前 key 已绑定账号信息，不能再次绑定" in text and "处理办法" in text and "直接用该 key 登录" in text
    assert not wizard.login_button.isVisible()
    qtbot.waitUntil(lambda: "已绑定" in wizard.status_label.text() and not wizard.busy_now, timeout=WAIT)
    assert wizard.message.isVisible() and not wizard.confirm.isChecked()  # the status the server has now
    shot(qtbot, dialog, "ca-binding-wizard-refused.png")


def _fixed(pin: str) -> Any:
    from desktop.token.pin import FixedPin

    return FixedPin(pin)


def test_operators_and_personal_keys(qtbot: QtBot, client: Client, token_service: Any, softhsm_lab: Lab) -> None:
    grant = client.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    client.engine.sync()
    panel = OperatorsPanel(client.engine.records, client.engine.outbox, token_service, client.binding)
    qtbot.addWidget(panel)
    panel.resize(900, 520)
    panel.show()
    synced: list[bool] = []
    panel.commands_queued.connect(lambda: synced.append(not client.engine.sync().rejected))  # nothing refused
    assert "请先用单位账号" in panel.notice.text() and not panel.add_button.isEnabled()
    panel.set_account(grant.account)
    qtbot.waitUntil(lambda: len(panel.operators) == 2, timeout=WAIT)
    assert [o.name for o in panel.operators] == ["张三", "李娜"]
    assert panel.operators[0].username == "zzmmj_sh"

    # 添加 an operator: through the outbox, then the sync
    editor = panel.edit_operator(None)
    editor.name_edit.setText("王六")
    editor.id_edit.setText("41010519950101002")  # the check character is missing
    editor.ok_button.click()
    assert editor.isVisible() and "18 位" in editor.error.text()
    number = "41010519950101002" + id_number_check_char("41010519950101002")
    editor.id_edit.setText(number)
    editor.phone_edit.setText("13800000009")
    editor.ok_button.click()
    qtbot.waitUntil(lambda: synced == [True], timeout=WAIT)
    panel.data_changed(client.engine.sync().changes)
    qtbot.waitUntil(lambda: any(o.name == "王六" and not o.pending for o in panel.operators), timeout=WAIT)
    shot(qtbot, panel, "ca-binding-operators.png")

    # 修改 his ID number (UpdateOperatorIdNumber), then 删除 him after the confirmation
    def select(name: str) -> None:
        panel.table.selectRow(next(i for i, o in enumerate(panel.operators) if o.name == name))

    select("王六")
    editor = panel.edit_operator(panel.selected())
    assert editor.name_edit.isReadOnly() and editor.id_edit.text() == number
    corrected = "41010519950101003" + id_number_check_char("41010519950101003")
    editor.id_edit.setText(corrected)
    editor.ok_button.click()
    qtbot.waitUntil(lambda: synced == [True, True], timeout=WAIT)
    panel.data_changed(client.engine.sync().changes)
    qtbot.waitUntil(lambda: any(o.id_number == corrected for o in panel.operators), timeout=WAIT)
    select("王六")
    box = panel.confirm_remove()
    assert box is not None and "王六" in box.text()
    next(b for b in box.buttons() if b.text() == "删除").click()
    qtbot.waitUntil(lambda: synced == [True, True, True], timeout=WAIT)
    panel.data_changed(client.engine.sync().changes)
    qtbot.waitUntil(lambda: [o.name for o in panel.operators] == ["张三", "李娜"], timeout=WAIT)

    # 管理 key for 张三
    panel.table.selectRow(next(i for i, o in enumerate(panel.operators) if o.name == "张三"))
    dialog = panel.manage_keys()
    assert isinstance(dialog, PersonalKeysDialog)
    pins = PinAnswers(dialog.pin_source)
    qtbot.waitUntil(lambda: dialog.key_panel.combo.count() > 0 and dialog._busy == 0, timeout=WAIT)
    assert dialog.empty.isVisible() and dialog.table.rowCount() == 0
    choose(dialog.key_panel, softhsm_lab, "unit_ec", "b002")  # 李四's key: refused before asking anyone
    assert "身份证号不一致" in dialog.key_panel.preflight.text() and not dialog.add_button.isEnabled()
    choose(dialog.key_panel, softhsm_lab, "unit_rsa", "a001")  # a unit key
    assert "不是个人 key" in dialog.key_panel.preflight.text() and not dialog.add_button.isEnabled()

    choose(dialog.key_panel, softhsm_lab, "unit_rsa", "a002")
    pins.pins.append(softhsm_lab.token("unit_rsa").user_pin)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1 and dialog._busy == 0, timeout=WAIT)
    assert "添加成功" in dialog.message.text() and "zzmmj_sh" in dialog.message.text()
    assert dialog.table.item(0, 4).text() == "有效" and dialog.table.item(0, 0).text() == "张三"
    assert not dialog.renew_button.isEnabled()  # the same certificate: nothing to renew

    # 续期 with another certificate of 张三 (on a key carrying no CA certificate)
    choose(dialog.key_panel, softhsm_lab, "crowded", "d002")
    assert dialog.renew_button.isEnabled()
    pins.pins.append(softhsm_lab.token("crowded").user_pin)
    qtbot.mouseClick(dialog.renew_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2 and dialog._busy == 0, timeout=WAIT)
    assert "续期成功" in dialog.message.text()
    assert [dialog.table.item(r, 4).text() for r in range(2)] == ["有效", "已续期"]
    shot(qtbot, dialog, "ca-binding-personal-keys.png")

    # 解绑, after the confirmation
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.unbind_button, Qt.MouseButton.LeftButton)
    box = dialog.unbind_box
    assert box is not None and "确定解绑" in box.text()
    dialog.unbind_yes.click()
    qtbot.waitUntil(lambda: "已解绑" in dialog.message.text() and dialog._busy == 0, timeout=WAIT)
    assert sorted(dialog.table.item(r, 4).text() for r in range(2)) == ["已续期", "已解绑"]
    assert not dialog.unbind_button.isEnabled()
    assert client.binding.personal_keys("op-mmj-zhangsan")[-1].ended_reason == "解绑"
    assert len(pins.pins) == 0 and all("绑定个人 key" in intro for intro in pins.intros)


def test_operators_panel_for_a_reviewer(qtbot: QtBot, client: Client, token_service: Any) -> None:
    panel = OperatorsPanel(client.engine.records, client.engine.outbox, token_service, client.binding)
    qtbot.addWidget(panel)
    reviewer = AccountInfo(account_id="acc-mmj-sh", username="zzmmj_sh", unit_id="mmj-zz",
                           unit_name="河南省郑州市某某局", credit_code=pki.PURCHASER_CREDIT_CODE, user_type="采购人",
                           post="审核岗")
    panel.set_account(reviewer)
    assert "仅单位经办岗" in panel.notice.text() and not panel.add_button.isEnabled()
    assert panel.manage_keys() is None


def test_key_choice_of_a_bound_key_is_added_to_the_login_dialog(qtbot: QtBot) -> None:
    login = LoginDialog([], lambda _c, _p: None, None)  # type: ignore[arg-type,return-value]
    qtbot.addWidget(login)
    login.show()
    assert not hasattr(login, "binding_button")
    choice = KeyChoice(module_path="/m.so", token_label="采购人测试key", token_serial="1", key_id="a001",
                       holder="郑州市某某局", code=pki.PURCHASER_CREDIT_CODE)
    login.use_key(choice)
    login.use_key(choice)
    assert login.key_combo.count() == 1 and not login.no_key_label.isVisible()
    qtbot.keyClicks(login.pin_edit, "123456")
    assert login.login_button.isEnabled()


def test_the_main_window_binds_then_logs_in_and_manages_operators(qtbot: QtBot, client: Client, token_service: Any,
                                                                   lab_settings: Any, softhsm_lab: Lab) -> None:
    from desktop.ui.main_window import MainWindow, Page
    from desktop.ui.sync_controller import SyncWiring

    wiring = SyncWiring(engine=client.engine, login=client.login, server_url=str(client.http.base_url),
                        key_login=make_key_login(token_service, client.login), interval_ms=60_000)
    window = MainWindow(token_service, lab_settings, sync=wiring)
    qtbot.addWidget(window)
    window.show()
    window.show_page(Page.CA_BINDING)
    page = window.ca_binding
    assert page.wizard is not None and page.operators is not None
    assert [page.tabs.tabText(i) for i in range(3)] == ["密钥诊断", "CA 自助绑定", "操作人员管理"]
    page.show_wizard()
    wizard = page.wizard
    pins = PinAnswers(window.pin_source)
    wizard.operator_name.setText("李娜")
    wizard.operator_phone.setText("13800000001")
    read_and_load(qtbot, wizard, softhsm_lab, "unit_rsa", "a001")
    wizard.confirm.setChecked(True)
    pins.pins.append(softhsm_lab.token("unit_rsa").user_pin)
    with qtbot.waitSignal(wizard.bound, timeout=WAIT):
        qtbot.mouseClick(wizard.submit_button, Qt.MouseButton.LeftButton)
    shot(qtbot, window, "ca-binding-main-window.png")

    qtbot.mouseClick(wizard.login_button, Qt.MouseButton.LeftButton)  # 用该 key 登录
    login = window.login_dialog
    assert login.notice_label.isVisible() and "采购人测试key" in login.key_combo.currentText()
    login.pin_edit.setText(softhsm_lab.token("unit_rsa").user_pin)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.account is not None, timeout=WAIT)
    page.show_operators()
    operators = page.operators
    qtbot.waitUntil(lambda: [o.name for o in operators.operators] == ["张三", "李娜"], timeout=WAIT)
    assert operators.add_button.isEnabled() and not operators.notice.isVisible()
    shot(qtbot, window, "ca-binding-main-window-operators.png")
    window.shutdown()
