"""单位信息 and 绑定key未启用 in the main window, against a real server and a SoftHSM key: a supplier
synced from the trading centre binds its key, logs in with it, reaches only its temporary-rights
pages, submits its unit information, and gets full rights after the sync (seed manual §三 步骤三)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.config import TokenSettings
from desktop.demo.softhsm import Lab
from desktop.domain.roles import UserType
from tests.server.fixtures import ServerUnderTest, lab_certificates, make_server, open_key  # noqa: F401
from tests.server.test_binding import bind, with_chain
from tests.ui.helpers import wait_for_scan
from tests.ui.test_main_window_sync import Harness, _synced

pytestmark = pytest.mark.softhsm
SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))


@pytest.fixture
def harness(qtbot: QtBot, make_server: Any, tmp_path: Path, token_service: Any,  # noqa: F811
            lab_settings: TokenSettings, softhsm_lab: Lab) -> Iterator[Harness]:
    # the synced supplier's lab key carries no intermediate CA certificate: the server knows it
    server: ServerUnderTest = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}",
                                          trust_roots=(softhsm_lab.root_pem, softhsm_lab.intermediate_pem))
    h = Harness(server.url, tmp_path, token_service, lab_settings)
    qtbot.addWidget(h.window)
    h.window.show()
    yield h
    h.close()


def _enabled(h: Harness, row: int) -> bool:
    return bool(h.window.navigation.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)


def test_key_bound_not_enabled_until_the_unit_information_is_submitted(
        qtbot: QtBot, harness: Harness, softhsm_lab: Lab, open_key: Any) -> None:  # noqa: F811
    from desktop.ui.main_window import Page

    h = harness
    held = open_key("crowded", "d001")  # 河南中原同步供应商有限公司
    bound = bind(str(h.http.base_url).rstrip("/"), with_chain(held, softhsm_lab), UserType.SUPPLIER.value,
                 name="王五", phone="0371-60000008")
    held.close()  # PKCS#11 logs in per application: the dialog's login needs the key free
    assert bound.status_code == 200 and bound.json()["account_status"] == "绑定key未启用"

    h.window.start()
    _synced(qtbot, h)
    wait_for_scan(qtbot, h.window.diagnosis)
    dialog = h.window.open_login()
    assert dialog is not None
    token = softhsm_lab.token("crowded")
    choices = h.window.key_choices()
    dialog.key_combo.setCurrentIndex(next(i for i, c in enumerate(choices)
                                          if c.token_serial == token.serial and c.key_id == "d001"))
    dialog.pin_edit.setText(token.user_pin)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: h.window.account is not None, timeout=20_000)
    assert h.window.account is not None and h.window.account.key_bound_not_enabled

    # temporary rights: procurement and contracts are greyed out, the window shows 单位信息
    assert not _enabled(h, Page.PROCUREMENT) and not _enabled(h, Page.CONTRACTS)
    assert _enabled(h, Page.UNIT_INFO) and _enabled(h, Page.CA_BINDING)
    assert h.window.current_page() is Page.UNIT_INFO
    page = h.window.unit_info
    qtbot.waitUntil(lambda: page.details.isVisible(), timeout=30_000)
    assert page.banner.isVisible() and "绑定key未启用" in page.banner.findChild(type(page.name)).text()
    assert page.name.text() == "河南中原同步供应商有限公司"
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "unit-info-key-not-enabled.png"))

    # a bad phone number is refused on the page, nothing is queued
    page.contact_person.setText("王五")
    page.contact_phone.setText("电话")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert "联系电话" in page.problem.text()
    assert h.engine.outbox.pending_count() == 0

    page.contact_phone.setText("0371-60000008")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: h.window.account is not None and not h.window.account.key_bound_not_enabled,
                    timeout=30_000)
    assert _enabled(h, Page.PROCUREMENT) and _enabled(h, Page.CONTRACTS)
    assert not page.banner.isVisible()
    assert page.contact_phone.text() == "0371-60000008"
    assert h.engine.outbox.pending_count() == 0
