"""``YUCAI_SCREENSHOT_DIR=docs/screenshots pytest tests/ui/test_contract_screenshots.py`` (run by
scripts/screenshots): the 合同在线签订 list, the 【添加】 dialog, the sign dialog with the seal placed,
【查看】 of a contract both parties signed, and 【更换文件】 opened from 【查看】 of one nobody signed yet
— real widgets over a real store, real signatures made with the SoftHSM lab keys."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.demo.softhsm import Lab
from desktop.domain.commands import SignContract
from desktop.signing.democontract import build_contract
from desktop.signing.sign import SealPlacement, SignOptions, sign_pdf
from desktop.signing.trust import load_certificates
from desktop.store.changes import Changes
from desktop.token.pin import FixedPin
from desktop.ui.pages.contracts.add_dialog import AddContractDialog
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.contracts.replace_dialog import ReplaceDocumentDialog
from desktop.ui.pages.contracts.rules import Action
from desktop.ui.pages.contracts.sign_dialog import SignContractDialog
from desktop.ui.pages.contracts.trust import TrustSettings
from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
from desktop.ui.pages.contracts.workbench import State
from desktop.ui.pin_dialog import QtPinSource
from tests.signing.pdfs import PageSpec, build_pdf
from tests.ui.contract_env import PURCHASER, Profile, contract_data, lot_data, offline_profile, seed
from tests.ui.test_contract_signing import PURCHASER_SEAL, SUPPLIER_SEAL, click_point

pytestmark = pytest.mark.skipif(not os.environ.get("YUCAI_SCREENSHOT_DIR"),
                                reason="set YUCAI_SCREENSHOT_DIR to render")
SIZE = (1200, 760)
PROJECTS = (("郑州市某某局办公设备采购项目", ("台式计算机及显示器", "打印复印一体机", "投影设备")),
            ("郑州市某某局信息化运维服务项目", ("信息系统运维服务", "网络设备维保")),
            ("郑州市某某局网络安全设备采购项目", ("下一代防火墙", "日志审计系统")),
            ("郑州市某某局物业管理服务项目", ("办公楼物业管理",)),
            ("郑州市某某局公务用车定点维修项目", ("车辆定点维修",)))
SUPPLIERS = (("ycsf", "河南豫采示范科技有限公司"), ("bgsb", "郑州某某办公设备有限公司"))


def with_dialog(base_widget: QWidget, dialog: QWidget) -> QPixmap:
    """The page dimmed and the dialog drawn centred on it with a plain title bar (offscreen has no
    window manager to draw one), as scripts/screenshots does."""
    base = base_widget.grab()
    shot = dialog.grab()
    title_height = 30
    painter = QPainter(base)
    painter.fillRect(base.rect(), QColor(0, 0, 0, 110))
    x = (base.width() - shot.width()) // 2
    y = max(0, (base.height() - shot.height() - title_height) // 2)
    painter.fillRect(QRect(x - 1, y - 1, shot.width() + 2, shot.height() + title_height + 2), QColor("#4a5a6e"))
    title = QRect(x, y, shot.width(), title_height)
    painter.fillRect(title, QColor("#e8edf3"))
    painter.setPen(QColor("#1f2d3d"))
    painter.setFont(base_widget.font())
    painter.drawText(title.adjusted(12, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), dialog.windowTitle())
    painter.drawPixmap(QPoint(x, y + title_height), shot)
    painter.end()
    return base


def realistic(i: int, state: str | None = None, **overrides: object) -> dict[str, object]:
    project, lots = PROJECTS[i % len(PROJECTS)]
    lot_name = lots[i % len(lots)]
    unit, name = SUPPLIERS[i % 2]
    data = contract_data(i, state=state, supplier=unit, project_name=project, lot_name=lot_name,
                         title=f"{lot_name}采购合同", supplier_name=name)
    data.update(overrides)
    return data


def test_screenshots(qtbot: QtBot, tmp_path: Path, token_service: object, softhsm_lab: Lab) -> None:
    out = Path(os.environ["YUCAI_SCREENSHOT_DIR"])
    profile: Profile = offline_profile(tmp_path / "profile")
    engine = profile.engine
    now = dt.datetime.now(dt.UTC)
    trust = TrustSettings(roots=tuple(load_certificates(softhsm_lab.root_pem)),
                          intermediates=tuple(load_certificates(softhsm_lab.intermediate_pem)))

    # a contract both parties signed with the lab keys, filed: what 【查看】 shows
    original = tmp_path / "original.pdf"
    original.write_bytes(build_contract())
    once, twice = tmp_path / "once.pdf", tmp_path / "twice.pdf"
    times = []
    for source, target, (token, key_id), seal in ((original, once, ("unit_rsa", "a001"), PURCHASER_SEAL),
                                                  (once, twice, ("unit_ec", "b001"), SUPPLIER_SEAL)):
        lab_token = softhsm_lab.token(token)
        key = token_service.open_signing_key(softhsm_lab.module, lab_token.serial, key_id,  # type: ignore[attr-defined]
                                             FixedPin(lab_token.user_pin)).result(60)
        with key:
            times.append(sign_pdf(source, target, key, SealPlacement(1, seal),
                                  SignOptions(extra_certificates=trust.intermediates)).signing_time)
    filed = engine.files.import_bytes(twice.read_bytes(), now, uploaded=True)
    unsigned = engine.files.import_bytes(build_contract(), now, uploaded=True)
    rows = [(f"ct-{i:04d}", realistic(i)) for i in range(1, 240)]
    rows.append(("ct-filed", realistic(300, state="已备案", document_sha256=filed.sha256,
                                       purchaser_signed_at=times[0].isoformat(),
                                       supplier_signed_at=times[1].isoformat(),
                                       filed_at=(times[1] + dt.timedelta(minutes=20)).isoformat())))
    rows.append(("ct-new", realistic(301, state="待签章", document_sha256=unsigned.sha256)))
    seed(engine, rows, lots=[("lot-a", lot_data(1) | {"project_name": "郑州市某某局办公家具采购项目",
                                                      "lot_name": "办公桌椅", "project_code": "ZZMMJ-2026-007"}),
                             ("lot-b", lot_data(2) | {"project_name": "郑州市某某局档案数字化服务项目",
                                                      "lot_name": "档案扫描与著录", "project_code": "ZZMMJ-2026-009"})])
    row = engine.contracts.get("ct-0236")  # signed here, waiting for the next sync
    assert row is not None
    engine.outbox.enqueue(SignContract(contract_id=row.id, base_sha256=row.document_sha256,
                                       signed_sha256="e" * 64), now)

    host = QWidget()
    qtbot.addWidget(host)
    source = QtPinSource(host)
    page = ContractsPage(token_service, source, engine=engine, trust=trust, parent=host)  # type: ignore[arg-type]
    host.resize(*SIZE)
    page.resize(*SIZE)
    host.show()
    page.set_account(PURCHASER)
    model = page.list.model
    qtbot.waitUntil(lambda: model.total == 241 and not model.loading and page.list.party_combo.count() == 3,
                    timeout=15_000)
    page.data_changed(Changes(outbox=True))
    qtbot.wait(300)
    assert page.grab().save(str(out / "contracts-list.png"))

    # 【添加】 with a lot chosen and the PDF checked
    dialog = page.add_contract()
    assert isinstance(dialog, AddContractDialog)
    picker = dialog.choose_lot()
    qtbot.waitUntil(lambda: len(picker.model.rows) == 2, timeout=10_000)
    picker.choose_row(0)
    picker.accept_selected()
    pdf = tmp_path / "办公桌椅采购合同.pdf"
    pdf.write_bytes(build_pdf([PageSpec(), PageSpec(), PageSpec()]))
    dialog.set_file(pdf)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=10_000)
    dialog.adjustSize()
    assert with_dialog(page, dialog).save(str(out / "contract-add.png"))
    dialog.reject()

    # 【签章】: the seal placed, 【保存】 enabled
    target = engine.contracts.get("ct-new")
    assert target is not None
    page.act(Action.SIGN, target)
    qtbot.waitUntil(lambda: isinstance(page.dialog, SignContractDialog), timeout=15_000)
    sign_dialog = page.dialog
    assert isinstance(sign_dialog, SignContractDialog)
    bench = sign_dialog.workbench
    sign_dialog.resize(*SIZE)
    sign_dialog.show()
    qtbot.waitUntil(lambda: bool(bench.keys.keys) and not bench.busy_now and bench.view.info is not None,
                    timeout=60_000)
    bench.select_key(softhsm_lab.token("unit_rsa").serial, "a001")
    bench.view.set_page(1)
    qtbot.waitUntil(lambda: not bench.view.busy, timeout=15_000)
    qtbot.mouseClick(bench.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bench.state is State.PLACING, timeout=15_000)
    point = click_point(bench, PURCHASER_SEAL)  # type: ignore[arg-type]
    qtbot.mouseClick(bench.view.canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.wait(200)
    assert sign_dialog.grab().save(str(out / "contract-sign.png"))
    sign_dialog.reject()

    # 【查看】 the filed contract: two seals, signing times, the verification panel
    filed_row = engine.contracts.get("ct-filed")
    assert filed_row is not None
    page.act(Action.VIEW, filed_row)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ContractViewDialog), timeout=15_000)
    view = page.dialog
    assert isinstance(view, ContractViewDialog)
    view.resize(*SIZE)
    view.show()
    qtbot.waitUntil(lambda: not view.busy and len(view.signatures.rows) == 2, timeout=60_000)
    view.view.set_page(1)
    qtbot.waitUntil(lambda: not view.view.busy, timeout=15_000)
    qtbot.wait(200)
    view.view.verticalScrollBar().setValue(view.view.verticalScrollBar().maximum() // 3)
    qtbot.wait(100)
    assert view.grab().save(str(out / "contract-view.png"))
    view.close()

    # 【查看】 before anyone signed: 【更换文件】 and 【删除】 beside the file; 【更换文件】 with a new PDF checked
    unsigned_row = engine.contracts.get("ct-new")
    assert unsigned_row is not None
    page.act(Action.VIEW, unsigned_row)
    qtbot.waitUntil(lambda: page.dialog is not view and isinstance(page.dialog, ContractViewDialog),
                    timeout=15_000)
    unsigned = page.dialog
    assert isinstance(unsigned, ContractViewDialog)
    unsigned.resize(*SIZE)
    unsigned.show()
    qtbot.waitUntil(lambda: not unsigned.busy and unsigned.view.info is not None, timeout=60_000)
    replace = page.replace_document(unsigned_row, over=unsigned)
    assert isinstance(replace, ReplaceDocumentDialog)
    revised = tmp_path / "下一代防火墙采购合同（修订）.pdf"
    revised.write_bytes(build_pdf([PageSpec(), PageSpec()]))
    replace.set_file(revised)
    qtbot.waitUntil(lambda: replace.file_field.pdf is not None, timeout=10_000)
    replace.adjustSize()
    qtbot.wait(200)
    assert with_dialog(unsigned, replace).save(str(out / "contract-replace.png"))
    replace.reject()
    unsigned.close()
    source.close()
    profile.close()
