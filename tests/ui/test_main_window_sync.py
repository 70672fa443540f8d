"""The main window's sync wiring against a real uvicorn server: key login through the dialog,
background sync, offline and back (the outbox drains), rejected commands, the full-resync offer,
and the embedded local server the app starts as a child process."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import delete

from desktop.app import EmbeddedServer, make_key_login
from desktop.config import TokenSettings
from desktop.demo.softhsm import Lab
from desktop.domain.commands import AddOperator, UpdateUnitContact
from desktop.store import Store
from desktop.store.models import RecordRow
from desktop.sync.client import ApiClient
from desktop.sync.engine import Backoff, ConnectionState, SyncEngine
from desktop.sync.errors import SyncError
from desktop.sync.login import LoginService
from desktop.ui.main_window import MainWindow, Page, SyncWiring
from server_stub.demo import DEMO_PASSWORD, PERSON2_ID_NUMBER
from tests.server.fixtures import ServerUnderTest, lab_certificates, make_server  # noqa: F401  (fixtures)
from tests.ui.helpers import wait_for_scan

pytestmark = pytest.mark.softhsm
SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def server(make_server: Any, tmp_path: Path) -> ServerUnderTest:  # noqa: F811
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


class Harness:
    def __init__(self, url: str, tmp_path: Path, token_service: Any, settings: TokenSettings) -> None:
        self.store = Store.open(tmp_path / "client.sqlite3")
        self.http = httpx.Client(base_url=url, timeout=5)
        self.api = ApiClient(self.http)
        self.login = LoginService(self.api, None)
        self.engine = SyncEngine(self.api, self.store, page_size=5, auto_full_resync=False)
        self.wiring = SyncWiring(engine=self.engine, login=self.login,
                                 key_login=make_key_login(token_service, self.login), server_url=url,
                                 interval_ms=60_000, backoff=Backoff(base=0.2, maximum=0.5))
        self.window = MainWindow(token_service, settings, sync=self.wiring)

    def close(self) -> None:
        self.window.shutdown()
        self.http.close()
        self.store.close()


@pytest.fixture
def harness(qtbot: QtBot, server: ServerUnderTest, tmp_path: Path, token_service: Any,
            lab_settings: TokenSettings) -> Iterator[Harness]:
    h = Harness(server.url, tmp_path, token_service, lab_settings)
    qtbot.addWidget(h.window)
    h.window.show()
    yield h
    h.close()


def _synced(qtbot: QtBot, h: Harness, state: ConnectionState = ConnectionState.ONLINE) -> None:
    assert h.window.sync is not None
    qtbot.waitUntil(lambda: not h.window.sync.running and h.window.sync.status.state is state,  # type: ignore[union-attr]
                    timeout=30_000)


def _password_login(qtbot: QtBot, h: Harness, username: str = "zzmmj_jb") -> None:
    dialog = h.window.open_login()
    assert dialog is not None
    dialog.tabs.setCurrentIndex(1)
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(DEMO_PASSWORD)
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: h.window.account is not None, timeout=20_000)


def test_key_login_from_the_window_then_sync(qtbot: QtBot, harness: Harness, softhsm_lab: Lab) -> None:
    h = harness
    h.window.start()
    _synced(qtbot, h)
    assert h.window.sync_status.state_label.text() == "在线"
    assert "未登录" in h.window.sync_status.toolTip()
    assert h.window.account_button.text() == "登录"
    wait_for_scan(qtbot, h.window.diagnosis)

    dialog = h.window.open_login()
    assert dialog is not None
    token = softhsm_lab.token("unit_rsa")
    choices = h.window.key_choices()
    index = next(i for i, c in enumerate(choices) if c.token_serial == token.serial and c.key_id == "a001")
    dialog.key_combo.setCurrentIndex(index)
    dialog.pin_edit.setText(token.user_pin)
    with qtbot.waitSignal(h.window.data_did_change, timeout=30_000) as changed:
        qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    assert h.window.account is not None and h.window.account.unit_name == "河南省郑州市某某局"
    assert "河南省郑州市某某局" in h.window.account_button.text()
    assert changed.args[0].ids.get("unit")  # the pull brought the registry
    _synced(qtbot, h)
    assert h.engine.records.get("unit", "mmj-zz") is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "main-window-sync.png"))


def test_offline_keeps_the_app_usable_and_the_outbox_drains(qtbot: QtBot, harness: Harness,
                                                            server: ServerUnderTest) -> None:
    h = harness
    h.window.start()
    _synced(qtbot, h)
    _password_login(qtbot, h)
    _synced(qtbot, h)

    server.live.stop()
    h.engine.outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000009"), now())
    assert h.window.sync is not None
    h.window.sync.sync_now()
    _synced(qtbot, h, ConnectionState.OFFLINE)
    assert h.window.sync_status.state_label.text() == "离线"
    assert h.window.sync_status.pending_label.text() == "待上传 1 项"
    assert h.window.sync.timer.isActive()  # retried with backoff, not given up
    h.window.show_page(Page.PROCUREMENT)  # still usable
    assert h.window.current_page() is Page.PROCUREMENT
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "main-window-offline.png"))

    server.live.start()  # same port: the backoff timer finds it again by itself
    qtbot.waitUntil(lambda: h.window.sync.status.state is ConnectionState.ONLINE  # type: ignore[union-attr]
                    and h.window.sync.status.pending == 0, timeout=30_000)
    assert h.window.sync_status.pending_label.text() == "无待上传"
    record = h.engine.records.get("unit", "mmj-zz")
    assert record is not None and record.data["contact_phone"] == "0371-67000009"


def test_rejected_commands_page_from_the_indicator(qtbot: QtBot, harness: Harness) -> None:
    h = harness
    h.window.start()
    _synced(qtbot, h)
    _password_login(qtbot, h, "zzmmj_sh")  # a reviewer: adding an operator is a handler's job
    _synced(qtbot, h)
    h.engine.outbox.enqueue(AddOperator(operator_id="op-x", full_name="赵六", id_number=PERSON2_ID_NUMBER), now())
    h.window.sync.sync_now()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: h.window.sync_status.rejected_button.isVisible(), timeout=30_000)
    assert h.window.sync_status.rejected_button.text() == "1 项被退回"
    qtbot.mouseClick(h.window.sync_status.rejected_button, Qt.MouseButton.LeftButton)
    assert h.window.current_page() is Page.SYNC_REJECTIONS
    qtbot.waitUntil(lambda: h.window.rejections.model.rowCount() == 1, timeout=10_000)
    model = h.window.rejections.model
    assert "经办岗" in model.data(model.index(0, 2))
    SHOTS.mkdir(parents=True, exist_ok=True)
    h.window.grab().save(str(SHOTS / "main-window-rejections.png"))
    h.window.rejections.table.selectRow(0)
    qtbot.mouseClick(h.window.rejections.dismiss_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: h.window.rejections.model.rowCount() == 0 and
                    not h.window.sync_status.rejected_button.isVisible(), timeout=10_000)


def test_failed_count_check_offers_a_full_resync(qtbot: QtBot, harness: Harness) -> None:
    h = harness
    h.window.start()
    _synced(qtbot, h)
    _password_login(qtbot, h)
    _synced(qtbot, h)
    with h.store.transaction() as session:  # lose a record behind the engine's back
        session.execute(delete(RecordRow).where(RecordRow.kind == "unit", RecordRow.id == "mmj-zz"))
    h.window.sync.sync_now()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: h.window.resync_box is not None and h.window.resync_box.isVisible(), timeout=30_000)
    box = h.window.resync_box
    assert isinstance(box, QMessageBox)
    assert "核对不一致" in box.text() and "是否现在重新完整同步" in box.informativeText()
    assert h.engine.records.get("unit", "mmj-zz") is None  # nothing done before the user answers
    SHOTS.mkdir(parents=True, exist_ok=True)
    box.grab().save(str(SHOTS / "resync-offer.png"))
    qtbot.mouseClick(h.window.resync_yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: h.engine.records.get("unit", "mmj-zz") is not None, timeout=30_000)
    _synced(qtbot, h)
    assert h.window.sync.status.last_error is None  # type: ignore[union-attr]


def test_embedded_server_child_process(qtbot: QtBot, tmp_path: Path, softhsm_lab: Lab, token_service: Any,
                                       lab_settings: TokenSettings) -> None:
    """The app's own server: a child process on 127.0.0.1 with the demo data, the (here: lab) root
    CA as trust root and the exported certificates bound; a key login and a sync go through."""
    from desktop.demo.token import export_certificates

    demo_dir = tmp_path / "demo-token"
    demo_dir.mkdir()
    shutil.copy(softhsm_lab.root_pem, demo_dir / "root-ca.pem")
    unit = softhsm_lab.token("unit_rsa")
    export_certificates(demo_dir, [("purchaser-a001", unit.certificate("a001").der)])
    server = EmbeddedServer.start(tmp_path / "data", demo_dir, preferred_port=0)
    h: Harness | None = None
    try:
        assert server.wait_ready(30)
        h = Harness(server.url, tmp_path, token_service, lab_settings)
        qtbot.addWidget(h.window)
        grant = h.wiring.key_login(next(c for c in _choices(qtbot, h) if c.key_id == "a001"
                                        and c.token_serial == unit.serial), unit.user_pin)
        assert grant.account.username == "zzmmj_jb"
        report = h.engine.sync()
        assert report.pulled > 0 and h.engine.records.get("unit", "mmj-zz") is not None

        assert server.process is not None
        server.process.kill()  # the server dies; the app's next sync starts it again, same port and data
        server.process.wait(10)
        h.engine.outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000010"), now())
        with pytest.raises(SyncError):
            h.engine.sync()
        assert h.engine.outbox.pending_count() == 1
        assert server.wait_ready(30) and server.restarts == 1
        h.engine.sync()
        assert h.engine.outbox.pending_count() == 0
    finally:
        if h is not None:
            h.close()
        server.stop()
    assert server.process is not None and server.process.returncode is not None
    assert not server.wait_ready(0.5)  # stopped for good: not started again


def _choices(qtbot: QtBot, h: Harness) -> list[Any]:
    h.window.diagnosis.start()
    wait_for_scan(qtbot, h.window.diagnosis)
    return h.window.key_choices()


def test_expired_session_logs_out_and_keeps_checking(qtbot: QtBot, harness: Harness,
                                                     server: ServerUnderTest) -> None:
    h = harness
    h.window.start()
    _synced(qtbot, h)
    _password_login(qtbot, h)
    _synced(qtbot, h)
    server.clock.offset = server.settings.session_ttl + dt.timedelta(minutes=1)
    h.window.sync.sync_now()  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: h.window.account is None and not h.api.token, timeout=30_000)
    assert h.window.account_button.text() == "登录" and h.window.login_action.isEnabled()
    assert h.window.sync.timer.isActive()  # type: ignore[union-attr]


def test_sync_asked_for_during_a_sync_runs_right_after(qtbot: QtBot, harness: Harness) -> None:
    """A login (or 立即同步) while the background sync runs is not lost until the next interval."""
    import threading

    h = harness
    h.login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    release, calls = threading.Event(), []
    real_sync = h.engine.sync

    def slow_sync(**kwargs: Any) -> Any:
        calls.append(1)
        release.wait(10)
        return real_sync(**kwargs)

    h.engine.sync = slow_sync  # type: ignore[method-assign]
    controller = h.window.sync
    assert controller is not None
    controller.sync_now()
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=10_000)
    controller.sync_now()  # while the first one runs
    release.set()
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=10_000)
    _synced(qtbot, h)
    assert controller.timer.isActive() and controller.timer.interval() == h.wiring.interval_ms
