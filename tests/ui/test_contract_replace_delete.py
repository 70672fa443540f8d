"""【更换文件】 and 【删除】 of a contract nobody has signed yet (待签章, purchaser 经办岗), offered in
【查看】 beside the file: real widgets over a real store, synced with a real uvicorn server (the demo
dataset and its lots).

The replacement gets 【添加】's checks, goes up before its command and becomes the contract's file;
a deletion is confirmed first and the server's tombstone takes the row away. A contract added
offline and deleted before it reached the server: the deletion follows the addition. Once a
signature exists (or waits to be synced) neither button is offered, and a command from a client
that did not know yet is refused by the server with the domain's reason. The size limit of both
dialogs comes from ``config.toml``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop import config
from desktop.config import AppPaths, ContractSettings, TokenSettings
from desktop.demo.softhsm import Lab
from desktop.domain.commands import DeleteContract, ReplaceContractDocument
from desktop.signing.democontract import build_contract
from desktop.signing.sign import SealPlacement, SignOptions, sign_pdf
from desktop.signing.trust import load_certificates
from desktop.store import Store
from desktop.store.contracts import ContractRow, LotFilter, Lots
from desktop.store.outbox import OutboxStatus
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine, SyncReport
from desktop.sync.login import LoginService
from desktop.ui.main_window import MainWindow
from desktop.ui.pages.contracts.list_model import ContractListModel
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.contracts.replace_dialog import ReplaceDocumentDialog
from desktop.ui.pages.contracts.rules import Action
from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
from server_stub.demo import DEMO_PASSWORD
from server_stub.models import OnlineContract
from server_stub.settings import Settings
from tests.server.fixtures import (  # noqa: F401  (fixtures)
    OpenKey,
    ServerUnderTest,
    lab_certificates,
    make_server,
    open_key,
)
from tests.signing.pdfs import PageSpec, build_pdf

pytestmark = pytest.mark.softhsm
LOT = "lot-mmj-2026-001-1"  # 台式计算机及显示器: 河南省郑州市某某局 -> 河南豫采示范科技有限公司
LIMIT = 64 * 1024
PURCHASER_SEAL = SealPlacement(1, (160.0, 470.0))  # the demo contract's page 2: 甲方（盖章）


@dataclass
class Purchaser:
    qtbot: QtBot
    store: Store
    http: httpx.Client
    engine: SyncEngine
    page: ContractsPage
    files: Path

    def sync(self) -> SyncReport:
        report = self.engine.sync()
        self.page.data_changed(report.changes)
        return report

    def add(self, name: str = "台式计算机采购合同.pdf", lot_id: str = LOT) -> str:
        """2.1 【保存】 (the add dialog's own call): the provisional row and ``add_contract``."""
        lot = Lots(self.store).get(lot_id)
        assert lot is not None and self.page.service is not None
        pdf = self.files / name
        pdf.write_bytes(build_contract())
        contract_id = self.page.service.add_contract(lot, "台式计算机采购合同", pdf)
        self.page.list.model.reload()
        return contract_id

    def model(self) -> ContractListModel:
        return self.page.list.model

    def shown(self, contract_id: str, check: Any = lambda _row: True) -> ContractRow:
        """The list's row once it satisfies ``check`` (the model reads in the background)."""
        model = self.model()

        def found() -> ContractRow | None:
            row = next((r for r in model.rows if r.id == contract_id), None)
            return row if row is not None and not model.loading and check(row) else None

        self.qtbot.waitUntil(lambda: found() is not None, timeout=10_000)
        row = found()
        assert row is not None
        return row

    def gone(self, contract_id: str) -> None:
        model = self.model()
        self.qtbot.waitUntil(lambda: not model.loading and all(r.id != contract_id for r in model.rows),
                             timeout=10_000)

    def buttons(self, contract_id: str) -> tuple[Action, ...]:
        model = self.model()
        number = next(n for n, r in enumerate(model.rows) if r.id == contract_id)
        return self.page.list.delegate.actions(model.index(number, ContractListModel.ACTIONS))

    def view(self, contract_id: str) -> ContractViewDialog:
        """【查看】 (the row's painted button) until the document and its verification are shown."""
        where = self.page.list.button_center(contract_id, Action.VIEW)
        assert where is not None
        viewport, point = where
        before = self.page.dialog
        self.qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)
        self.qtbot.waitUntil(lambda: self.page.dialog is not before
                             and isinstance(self.page.dialog, ContractViewDialog), timeout=10_000)
        dialog = self.page.dialog
        assert isinstance(dialog, ContractViewDialog) and dialog.row.id == contract_id
        self.qtbot.waitUntil(lambda: not dialog.busy and dialog.view.info is not None, timeout=30_000)
        return dialog

    def may_change(self, contract_id: str) -> bool:
        """Whether 【查看】 offers 【更换文件】 and 【删除】 (closed again afterwards)."""
        dialog = self.view(contract_id)
        offered = not dialog.change_bar.isHidden()
        dialog.close()
        return offered

    def answer(self, text: str) -> None:
        """Press the confirmation box's button labelled ``text``."""
        box = self.page.dialog
        assert isinstance(box, QMessageBox)
        button = next(b for b in box.buttons() if b.text() == text)
        self.qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def server(make_server: Any, tmp_path: Path) -> ServerUnderTest:  # noqa: F811
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def purchaser(qtbot: QtBot, server: ServerUnderTest, tmp_path: Path) -> Iterator[Purchaser]:
    store = Store.open(tmp_path / "purchaser" / "local.sqlite3")
    http = httpx.Client(base_url=server.url, timeout=10)
    engine = SyncEngine(ApiClient(http), store, page_size=50)
    grant = LoginService(engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    engine.sync()  # the demo lots
    page = ContractsPage(None, engine=engine, max_pdf_bytes=LIMIT)
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.set_account(grant.account)
    files = tmp_path / "files"
    files.mkdir()
    made = Purchaser(qtbot, store, http, engine, page, files)
    qtbot.waitUntil(lambda: not page.list.model.loading, timeout=10_000)
    yield made
    http.close()
    store.close()


def closed(dialog: ContractViewDialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


def server_row(server: ServerUnderTest, contract_id: str) -> tuple[str, str, dt.datetime | None]:
    with server.db_session() as session:
        row = session.get(OnlineContract, contract_id)
        assert row is not None
        return row.document_sha256, row.file_name, row.deleted_at


def test_replace_the_file_before_signing(qtbot: QtBot, purchaser: Purchaser, server: ServerUnderTest) -> None:
    contract_id = purchaser.add()
    assert not purchaser.sync().rejected
    row = purchaser.shown(contract_id, lambda r: not r.local)
    assert purchaser.buttons(contract_id) == (Action.SIGN, Action.VIEW)

    view = purchaser.view(contract_id)
    assert view.values["file"].text() == "台式计算机采购合同.pdf" and view.view.page_count == 2
    assert not view.change_bar.isHidden() and "尚未签章" in view.banner.text()
    qtbot.mouseClick(view.replace_button, Qt.MouseButton.LeftButton)
    dialog = purchaser.page.dialog
    assert isinstance(dialog, ReplaceDocumentDialog) and dialog.row.id == contract_id
    assert not dialog.save_button.isEnabled()
    assert "最大 64 KB" in dialog.file_field.button.toolTip()  # the limit the page was given

    def check(path: Path) -> str:
        dialog.set_file(path)
        qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
        return dialog.file_field.label.text()

    too_big, not_pdf = purchaser.files / "太大.pdf", purchaser.files / "不是pdf.pdf"
    too_big.write_bytes(build_pdf([PageSpec(content=b"% " + b"x" * 70_000)]))
    not_pdf.write_bytes(b"hello, not a pdf" * 10)
    assert "过大" in check(too_big) and "最大 64 KB" in dialog.file_field.label.text()
    assert "不是 PDF 文件" in check(not_pdf) and not dialog.save_button.isEnabled()
    new = purchaser.files / "台式计算机采购合同（修订）.pdf"
    new.write_bytes(build_pdf([PageSpec(), PageSpec(), PageSpec()]))
    new_sha = hashlib.sha256(new.read_bytes()).hexdigest()
    assert check(new).startswith("✔ 台式计算机采购合同（修订）.pdf（3 页")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(view), timeout=5_000)  # 【查看】 showed the old file: closed

    [entry] = purchaser.engine.outbox.pending()
    assert entry.envelope.name == ReplaceContractDocument.name
    assert entry.envelope.payload == {"contract_id": contract_id, "file_name": new.name, "document_sha256": new_sha}
    assert purchaser.engine.files.local_path(new_sha) is not None  # kept in the profile, goes up first
    row = purchaser.shown(contract_id, lambda r: r.pending == ("replace_contract_document",))
    model = purchaser.model()
    state = model.index(model.rows.index(row), ContractListModel.STATE)
    assert model.data(state) == "待签章（待同步）"
    assert "待同步：更换文件" in model.data(state, Qt.ItemDataRole.ToolTipRole)
    assert purchaser.buttons(contract_id) == (Action.VIEW,)  # 签章 after the sync: of the new file
    view = purchaser.view(contract_id)  # the new file, with a note; it may be replaced again, or deleted
    assert view.view.page_count == 3 and view.values["file"].text() == new.name
    assert "本机更换、尚未同步" in view.banner.text() and not view.change_bar.isHidden()
    view.close()

    report = purchaser.sync()
    assert [r.status.value for r in report.applied] == ["applied"] and not report.rejected
    assert server_row(server, contract_id)[:2] == (new_sha, new.name)
    row = purchaser.shown(contract_id, lambda r: r.pending == () and r.document_sha256 == new_sha)
    assert row.file_name == new.name and row.state == "待签章"
    title = model.index(model.rows.index(row), ContractListModel.TITLE)
    assert f"合同文件：{new.name}" in model.data(title, Qt.ItemDataRole.ToolTipRole)
    assert purchaser.buttons(contract_id) == (Action.SIGN, Action.VIEW)
    view = purchaser.view(contract_id)
    assert view.view.page_count == 3 and view.values["file"].text() == new.name
    assert "本机更换" not in view.banner.text()
    view.close()


def test_delete_after_confirmation_and_the_tombstone_takes_the_row_away(
        qtbot: QtBot, purchaser: Purchaser, server: ServerUnderTest) -> None:
    contract_id = purchaser.add()
    purchaser.sync()
    purchaser.shown(contract_id, lambda r: not r.local)

    view = purchaser.view(contract_id)
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    box = purchaser.page.dialog
    assert isinstance(box, QMessageBox) and box.objectName() == "confirm_delete"
    assert "台式计算机采购合同" in box.text() and "不能恢复" in box.informativeText()
    purchaser.answer("取消")
    qtbot.wait(100)
    assert purchaser.engine.outbox.pending_count() == 0 and view.isVisible()  # nothing without the confirmation

    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    purchaser.answer("删除")
    qtbot.waitUntil(lambda: purchaser.engine.outbox.pending_count() == 1, timeout=10_000)
    assert purchaser.engine.outbox.pending()[0].envelope.name == DeleteContract.name
    assert closed(view)
    purchaser.shown(contract_id, lambda r: r.pending == ("delete_contract",))
    assert purchaser.buttons(contract_id) == (Action.VIEW,)  # waiting: no signing, nothing more to change
    assert not purchaser.may_change(contract_id)

    report = purchaser.sync()
    assert len(report.applied) == 1 and not report.rejected
    assert server_row(server, contract_id)[2] is not None
    purchaser.gone(contract_id)
    assert purchaser.engine.contracts.get(contract_id) is None
    free = Lots(purchaser.store).page(LotFilter(purchaser_unit_id="mmj-zz", without_contract=True))
    assert LOT in {lot.id for lot in free}  # the lot may get a contract again


def test_deleting_a_contract_added_offline_follows_its_addition(
        qtbot: QtBot, purchaser: Purchaser, server: ServerUnderTest) -> None:
    server.live.stop()
    contract_id = purchaser.add()
    row = purchaser.shown(contract_id)
    assert row.local and purchaser.buttons(contract_id) == (Action.SIGN, Action.VIEW)
    view = purchaser.view(contract_id)  # the file is on this computer: no network needed
    qtbot.mouseClick(view.delete_button, Qt.MouseButton.LeftButton)
    purchaser.answer("删除")
    row = purchaser.shown(contract_id, lambda r: r.pending == ("add_contract", "delete_contract"))
    model = purchaser.model()
    state = model.index(model.rows.index(row), ContractListModel.STATE)
    assert "待同步：添加、删除" in model.data(state, Qt.ItemDataRole.ToolTipRole)

    server.live.start()
    report = purchaser.sync()  # the addition (its file first), then the deletion
    assert len(report.applied) == 2 and not report.rejected
    assert server_row(server, contract_id)[2] is not None
    purchaser.gone(contract_id)


def test_a_deletion_after_a_refused_addition_is_not_another_refusal(
        qtbot: QtBot, purchaser: Purchaser, server: ServerUnderTest) -> None:
    first = purchaser.add()
    purchaser.sync()
    second = purchaser.add("另一份合同.pdf")  # the lot is taken meanwhile (here: by the first)
    purchaser.page.delete(purchaser.shown(second))
    purchaser.answer("删除")
    qtbot.waitUntil(lambda: purchaser.engine.outbox.pending_count() == 2, timeout=10_000)

    report = purchaser.sync()
    assert [r.reason.code for r in report.rejected if r.reason] == ["lot_has_contract", "contract_unknown"]
    [kept] = purchaser.engine.outbox.rejected()  # what 被退回的操作 lists: the addition and its reason
    assert kept.envelope.name == "add_contract" and kept.reason is not None
    assert "已添加过合同签订信息" in kept.reason.message
    [follow_on] = [e for e in purchaser.engine.outbox.for_subject(second) if e.envelope.name == "delete_contract"]
    assert follow_on.status is OutboxStatus.DISMISSED
    purchaser.gone(second)
    purchaser.shown(first)


def test_no_replace_or_delete_once_signed(qtbot: QtBot, purchaser: Purchaser, server: ServerUnderTest,
                                          open_key: OpenKey, softhsm_lab: Lab) -> None:  # noqa: F811
    contract_id = purchaser.add()
    purchaser.sync()
    row = purchaser.shown(contract_id, lambda r: not r.local)
    service = purchaser.page.service
    assert service is not None
    options = SignOptions(extra_certificates=tuple(load_certificates(softhsm_lab.intermediate_pem)))
    with open_key("unit_rsa", "a001") as key:  # what the sign dialog does
        result = sign_pdf(service.document(row.document_sha256), service.staging_output(), key, PURCHASER_SEAL,
                          options)
    service.record_signature(row, row.document_sha256, result)
    purchaser.page.list.model.refresh({contract_id})
    row = purchaser.shown(contract_id, lambda r: r.pending == ("sign_contract",))
    assert purchaser.buttons(contract_id) == (Action.VIEW,)
    assert not purchaser.may_change(contract_id)  # a signature waits: the file is as good as signed

    assert not purchaser.sync().rejected
    row = purchaser.shown(contract_id, lambda r: r.state == "采购人已确认" and r.pending == ())
    assert purchaser.buttons(contract_id) == (Action.VIEW,)
    assert not purchaser.may_change(contract_id)
    assert purchaser.page.replace_document(row) is None and purchaser.page.delete(row) is None

    # a client that had not synced yet (another computer of the unit) is refused by the server
    stale = purchaser.engine.files.import_bytes(build_pdf([PageSpec()]), dt.datetime.now(dt.UTC))
    outbox = purchaser.engine.outbox
    outbox.enqueue(ReplaceContractDocument(contract_id=contract_id, file_name="新.pdf",
                                           document_sha256=stale.sha256), dt.datetime.now(dt.UTC))
    outbox.enqueue(DeleteContract(contract_id=contract_id), dt.datetime.now(dt.UTC))
    report = purchaser.sync()
    assert [r.reason.code for r in report.rejected if r.reason] == ["document_signed", "document_signed"]
    assert all("合同已签章，不能更换或删除合同文件" in e.reason.message
               for e in outbox.rejected() if e.reason is not None)
    assert server_row(server, contract_id)[0] == result.sha256
    purchaser.shown(contract_id, lambda r: r.pending == () and r.document_sha256 == result.sha256)


# --- the size limit: config.toml -> MainWindow -> the page ---------------------------------------

def test_the_pdf_size_limit_comes_from_config_toml(tmp_path: Path) -> None:
    paths = AppPaths(data_dir=tmp_path, config_file=tmp_path / "config.toml")
    default = config.load(paths, environ={}).contracts
    assert default == ContractSettings() and default.max_pdf_bytes == Settings().contract_pdf_max_bytes  # the server's

    paths.config_file.write_text("[contracts]\nmax_pdf_mb = 2.5\n", encoding="utf-8")
    assert config.load(paths, environ={}).contracts.max_pdf_bytes == int(2.5 * 1024 * 1024)
    paths.config_file.write_text("[contracts]\nmax_pdf_mb = 8\n", encoding="utf-8")
    assert config.load(paths, environ={}).contracts.max_pdf_bytes == 8 * 1024 * 1024

    for bad in ('"20"', "0", "-1", "true", "4096"):
        paths.config_file.write_text(f"[contracts]\nmax_pdf_mb = {bad}\n", encoding="utf-8")
        with pytest.raises(config.ConfigError) as refused:
            config.load(paths, environ={})
        assert "contracts.max_pdf_mb" in refused.value.message
    paths.config_file.write_text("[contracts]\nmax_pdf = 3\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"contracts\.max_pdf"):
        config.load(paths, environ={})


def test_the_main_window_hands_the_limit_to_the_contract_page(qtbot: QtBot, token_service: object,
                                                              lab_settings: TokenSettings) -> None:
    window = MainWindow(token_service, lab_settings,  # type: ignore[arg-type]
                        contract_settings=ContractSettings(max_pdf_mb=1.5))
    qtbot.addWidget(window)
    try:
        assert window.contracts.max_pdf_bytes == int(1.5 * 1024 * 1024)
    finally:
        window.shutdown()
    plain = MainWindow(token_service, lab_settings)  # type: ignore[arg-type]
    qtbot.addWidget(plain)
    try:
        assert plain.contracts.max_pdf_bytes == ContractSettings().max_pdf_bytes
    finally:
        plain.shutdown()
