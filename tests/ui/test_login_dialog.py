"""The login dialog wired to the real server and a SoftHSM key (the dialog only collects input)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.demo.softhsm import Lab
from desktop.domain.protocol import SessionGrant
from desktop.sync.login import LoginService
from desktop.token.pin import FixedPin
from desktop.ui.login_dialog import KeyChoice, LoginDialog
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import api_for, lab_certificates, make_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.softhsm
SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))


@pytest.fixture
def dialog_parts(softhsm_lab: Lab, token_service: Any, make_server: Any,  # noqa: F811
                 api_for: Any, tmp_path: Path) -> Any:  # noqa: F811
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    login = LoginService(api_for(server.url), None)
    token = softhsm_lab.token("unit_rsa")
    cert = token.certificate("a001")
    choice = KeyChoice(module_path=softhsm_lab.module, token_label=token.label, token_serial=token.serial,
                       key_id="a001", holder=cert.organization or cert.common_name, code=cert.credit_code or "",
                       not_after=cert.not_after)

    def with_key(key: KeyChoice, pin: str) -> SessionGrant:
        signing_key = token_service.open_signing_key(key.module_path, key.token_serial, key.key_id,
                                                     FixedPin(pin)).result()
        try:
            return login.login_with_key(signing_key)
        finally:
            signing_key.close()

    return choice, with_key, login.login_with_password


def test_key_login(qtbot: QtBot, dialog_parts: Any) -> None:
    choice, with_key, with_password = dialog_parts
    dialog = LoginDialog([choice], with_key, with_password)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.login_button.isEnabled()

    qtbot.keyClicks(dialog.pin_edit, "000000")  # wrong PIN: a message, no retry, the field is empty again
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=30_000)
    assert "PIN" in dialog.error_label.text() and dialog.pin_edit.text() == ""
    assert dialog.grant is None
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "login_dialog_wrong_pin.png"))

    qtbot.keyClicks(dialog.pin_edit, "123456")
    with qtbot.waitSignal(dialog.accepted, timeout=30_000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.grant is not None and dialog.grant.account.username == "zzmmj_jb"


def test_password_login_and_refusal(qtbot: QtBot, dialog_parts: Any) -> None:
    choice, with_key, with_password = dialog_parts
    dialog = LoginDialog([choice], with_key, with_password)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    qtbot.keyClicks(dialog.username_edit, "zzmmj_jb")
    qtbot.keyClicks(dialog.password_edit, "wrong")
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.error_label.isVisible(), timeout=10_000)
    assert dialog.error_label.text() == "用户名或密码错误"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "login_dialog_password.png"))
    qtbot.keyClicks(dialog.password_edit, DEMO_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.grant is not None and dialog.grant.account.post == "经办岗"


def test_no_key_inserted(qtbot: QtBot, dialog_parts: Any) -> None:
    _choice, with_key, _ = dialog_parts
    dialog = LoginDialog([], with_key, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin_edit, "123456")
    assert dialog.no_key_label.isVisible() and not dialog.login_button.isEnabled()
    assert dialog.tabs.count() == 1


def test_demo_accounts_fill_the_password_login(qtbot: QtBot, make_server: Any, api_for: Any,  # noqa: F811
                                               tmp_path: Path) -> None:
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    api = api_for(server.url)
    login = LoginService(api, None)
    dialog = LoginDialog([], lambda _k, _p: login.login_with_password("", ""), login.login_with_password,
                         demo_accounts=lambda: api.demo_accounts().accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.demo_combo.isVisible(), timeout=10_000)
    labels = [dialog.demo_combo.itemText(i) for i in range(dialog.demo_combo.count())]
    assert "郑州市教育局 · 采购人审核岗 · zzjyj_sh" in labels
    assert not any("hnycsf_jb" in label for label in labels)  # no password login for that supplier
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "login_dialog_demo_accounts.png"))
    index = labels.index("郑州市教育局 · 采购人审核岗 · zzjyj_sh")
    dialog.demo_combo.setCurrentIndex(index)
    dialog.demo_combo.activated.emit(index)
    assert dialog.username_edit.text() == "zzjyj_sh" and dialog.password_edit.text() == DEMO_PASSWORD
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert dialog.grant is not None and dialog.grant.account.username == "zzjyj_sh"

    plain = make_server(f"sqlite:///{tmp_path / 'plain.sqlite3'}", demo=False)
    assert api_for(plain.url).demo_accounts().accounts == []  # only a demo server lists accounts


def test_no_demo_accounts_offline_and_no_error(qtbot: QtBot, make_server: Any, api_for: Any,  # noqa: F811
                                               tmp_path: Path) -> None:
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    api = api_for(server.url)
    server.live.stop()
    asked: list[bool] = []

    def offline_accounts() -> Any:
        asked.append(True)
        return api.demo_accounts().accounts  # raises: the server is down

    login = LoginService(api, None)
    dialog = LoginDialog([], lambda _k, _p: login.login_with_password("", ""), login.login_with_password,
                         demo_accounts=offline_accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: bool(asked), timeout=10_000)
    qtbot.wait(300)
    assert not dialog.demo_combo.isVisible() and dialog.demo_accounts == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    server.live.start()
