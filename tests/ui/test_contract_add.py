"""2.1 【添加】: 【选择】 a lot with a published result, the PDF checked (real, unencrypted, under the
limit), 【保存】 queues ``add_contract`` and the list shows the new row as 待同步 — offline."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.domain.commands import AddContract
from desktop.ui.pages.contracts.add_dialog import AddContractDialog
from desktop.ui.pages.contracts.page import ContractsPage
from tests.signing.pdfs import PageSpec, build_pdf
from tests.ui.contract_env import PURCHASER, SUPPLIER, Profile, contract_data, lot_data, offline_profile, seed


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    made = offline_profile(tmp_path / "profile")
    seed(made.engine, contracts=[("ct-old", contract_data(1, lot_id="lot-3"))],
         lots=[("lot-1", lot_data(1)), ("lot-2", lot_data(2, published=False)), ("lot-3", lot_data(3)),
               ("lot-4", lot_data(4))])
    yield made
    made.close()


@pytest.fixture
def page(qtbot: QtBot, profile: Profile) -> ContractsPage:
    contracts = ContractsPage(None, engine=profile.engine, max_pdf_bytes=64 * 1024)
    qtbot.addWidget(contracts)
    contracts.resize(1200, 700)
    contracts.show()
    contracts.set_account(PURCHASER)
    qtbot.waitUntil(lambda: contracts.list.model.total == 1, timeout=10_000)
    return contracts


def encrypted_pdf() -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(build_pdf())))
    writer.encrypt("owner-secret", "")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def checked(qtbot: QtBot, dialog: AddContractDialog, path: Path) -> str:
    dialog.set_file(path)
    qtbot.waitUntil(lambda: not dialog.checking, timeout=10_000)
    return dialog.file_label.text()


def test_add_a_contract_offline(qtbot: QtBot, page: ContractsPage, profile: Profile, tmp_path: Path) -> None:
    qtbot.mouseClick(page.list.add_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, AddContractDialog) and not dialog.save_button.isEnabled()

    picker = dialog.choose_lot()
    qtbot.waitUntil(lambda: not picker.model.loading, timeout=10_000)
    # published, this purchaser's, no contract yet: lot-4 then lot-1 (newest result first)
    assert [lot.id for lot in picker.model.rows] == ["lot-4", "lot-1"]
    picker.search_edit.setText("zzmmj-2026-001")
    qtbot.waitUntil(lambda: [lot.id for lot in picker.model.rows] == ["lot-1"], timeout=5_000)
    assert not picker.ok_button.isEnabled()
    picker.choose_row(0)
    qtbot.mouseClick(picker.ok_button, Qt.MouseButton.LeftButton)  # 【确定】
    assert dialog.lot is not None and dialog.lot.id == "lot-1"
    assert dialog.project_edit.text() == "郑州市某某局采购项目1（ZZMMJ-2026-001）"
    assert dialog.supplier_label.text().startswith("河南豫采示范科技有限公司")
    assert dialog.title_edit.text() == "第1标段合同"

    files = tmp_path / "files"
    files.mkdir()
    cases = {"加密.pdf": encrypted_pdf(), "不是pdf.pdf": b"hello, not a pdf" * 10,
             "太大.pdf": build_pdf([PageSpec(content=b"% " + b"x" * 70_000)]),
             "损坏.pdf": build_pdf()[:300]}
    for name, data in cases.items():
        (files / name).write_bytes(data)
    assert "加密" in checked(qtbot, dialog, files / "加密.pdf")
    assert "不是 PDF 文件" in checked(qtbot, dialog, files / "不是pdf.pdf")
    assert "过大" in checked(qtbot, dialog, files / "太大.pdf") and "最大 64 KB" in dialog.file_label.text()
    assert checked(qtbot, dialog, files / "损坏.pdf").startswith("✘")
    assert not dialog.save_button.isEnabled()

    good = files / "台式计算机采购合同.pdf"
    good.write_bytes(build_pdf([PageSpec(), PageSpec()]))
    assert checked(qtbot, dialog, good).startswith("✔ 台式计算机采购合同.pdf（2 页")
    dialog.title_edit.setText("台式计算机采购合同")
    assert dialog.save_button.isEnabled()
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    contract_id = saved.args[0]

    [entry] = profile.engine.outbox.pending()
    command = entry.envelope.payload
    assert entry.envelope.name == AddContract.name
    sha = hashlib.sha256(good.read_bytes()).hexdigest()
    assert command == {"contract_id": contract_id, "lot_id": "lot-1", "title": "台式计算机采购合同",
                       "file_name": "台式计算机采购合同.pdf", "document_sha256": sha}
    stored = profile.engine.files.local_path(sha)
    assert stored is not None and stored.read_bytes() == good.read_bytes()  # a copy in the profile

    model = page.list.model
    qtbot.waitUntil(lambda: model.total == 2 and not model.loading, timeout=10_000)
    row = next(r for r in model.rows if r.id == contract_id)
    assert row.local and row.state == "待签章" and row.supplier_name == "河南豫采示范科技有限公司"
    number = model.rows.index(row)
    assert model.data(model.index(number, model.STATE)) == "待签章（待同步）"


def test_only_a_purchasers_handler_may_add(qtbot: QtBot, page: ContractsPage) -> None:
    page.set_account(SUPPLIER)
    assert not page.list.add_button.isVisible() and page.add_contract() is None
