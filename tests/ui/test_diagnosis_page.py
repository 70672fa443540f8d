"""密钥诊断 on the real SoftHSM lab through the real TokenService."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.config import TokenSettings
from desktop.demo import pki
from desktop.demo.pki import CertProfile
from desktop.demo.softhsm import USER_PIN, Lab, TokenSpec
from desktop.token.diagnosis import Severity
from desktop.token.report import report_to_json, report_to_text
from desktop.ui.pages.diagnosis.findings_model import BACKGROUND, FindingsTableModel
from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.pages.diagnosis.tree_model import ERROR_COLOR, Column, NodeKind
from desktop.ui.pin_dialog import PinDialog, QtPinSource
from tests.ui.helpers import cell, certificate_row, nodes, wait_for_scan


@pytest.fixture
def page(qtbot: QtBot, token_service: object, lab_settings: TokenSettings) -> Iterator[DiagnosisPage]:
    host = QWidget()
    qtbot.addWidget(host)
    source = QtPinSource(host)
    diagnosis = DiagnosisPage(token_service, lab_settings, source, parent=host)  # type: ignore[arg-type]
    diagnosis.resize(1000, 700)
    host.show()
    yield diagnosis
    diagnosis.stop()
    source.close()


def _finding_rows(model: FindingsTableModel) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity.value, f.key_id or "") for f in model.findings()]


def test_scan_shows_tokens_certificates_and_findings(qtbot: QtBot, page: DiagnosisPage,
                                                     softhsm_lab: Lab) -> None:
    page.refresh()
    assert page.busy.isVisibleTo(page) and not page.refresh_button.isEnabled()
    wait_for_scan(qtbot, page)
    model = page.tree_model

    (module_index, module_node), = nodes(model, NodeKind.MODULE)
    assert module_node.module.path == softhsm_lab.module
    assert cell(model, module_index, Column.KIND) == "证书驱动"
    token_names = {cell(model, i, Column.NAME) for i, _ in nodes(model, NodeKind.TOKEN)}
    for lab_token in softhsm_lab.tokens.values():
        assert f"{lab_token.label}（{lab_token.serial}）" in token_names

    unit = softhsm_lab.token("unit_rsa")
    row = certificate_row(model, unit.serial, "a001")
    assert cell(model, row, Column.NAME) == "郑州市某某局单位证书"
    assert cell(model, row, Column.KIND) == "单位"
    assert cell(model, row, Column.HOLDER) == "郑州市某某局"
    assert cell(model, row, Column.CODE) == pki.PURCHASER_CREDIT_CODE
    assert cell(model, row, Column.PRIVATE_KEY) == "有"  # its public key is visible without a PIN
    assert cell(model, row, Column.KEY_ID) == "a001"
    person = certificate_row(model, unit.serial, "a002")
    assert (cell(model, person, Column.KIND), cell(model, person, Column.CODE)) == ("个人", pki.PERSON_ID_NUMBER)

    problems = softhsm_lab.token("problems")
    expired = certificate_row(model, problems.serial, "c001")
    assert cell(model, expired, Column.VALIDITY, Qt.ItemDataRole.ForegroundRole).color() == ERROR_COLOR
    bad_code = certificate_row(model, problems.serial, "c005")
    assert "校验位错误" in str(cell(model, bad_code, Column.CODE))
    assert cell(model, certificate_row(model, problems.serial, "c006"), Column.PRIVATE_KEY) == "未确认"
    unreadable = [n for _, n in nodes(model, NodeKind.UNREADABLE)]
    assert [n.unreadable.key_id for n in unreadable if n.unreadable] == ["c0ff"]

    codes = {(code, key_id) for code, _, key_id in _finding_rows(page.findings_model)}
    for expected in [("cert_expired", "c001"), ("cert_not_yet_valid", "c002"), ("cert_expiring_soon", "c003"),
                     ("credit_code_invalid", "c005"), ("no_private_key", "c006"),
                     ("key_usage_unsuitable", "c007"), ("no_certificate", "c0ff"), ("no_certificate", "")]:
        assert expected in codes
    # errors first, coloured, each with its remedy
    severities = [s for _, s, _ in _finding_rows(page.findings_model)]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    first = page.findings_model.index(0, 1)
    assert page.findings_model.data(first, Qt.ItemDataRole.BackgroundRole).color() == BACKGROUND[Severity.ERROR]
    assert "处理办法：" in page.findings_model.data(first)
    assert page.report is not None and page.report.usable_key_found
    assert "已找到可用的 key" in page.summary.text()
    assert page.copy_button.isEnabled() and page.export_button.isEnabled()


def test_copy_puts_the_report_on_the_clipboard(qtbot: QtBot, page: DiagnosisPage) -> None:
    page.refresh()
    wait_for_scan(qtbot, page)
    QGuiApplication.clipboard().clear()
    with qtbot.waitSignal(page.status_message):
        qtbot.mouseClick(page.copy_button, Qt.MouseButton.LeftButton)
    assert page.report is not None
    text = QGuiApplication.clipboard().text()
    assert text == report_to_text(page.report)
    assert text.startswith("豫采桌面 CA key 诊断报告") and "处理办法：" in text


def test_export_writes_text_and_json_atomically(qtbot: QtBot, page: DiagnosisPage, tmp_path: Path) -> None:
    page.refresh()
    wait_for_scan(qtbot, page)
    assert page.report is not None
    txt, js = tmp_path / "诊断报告.txt", tmp_path / "诊断报告.json"
    txt.write_text("旧内容", encoding="utf-8")  # replaced, not appended to
    with qtbot.waitSignal(page.status_message, timeout=10_000):
        page.export_report(txt)
    with qtbot.waitSignal(page.status_message, timeout=10_000):
        page.export_report(js)
    assert txt.read_text(encoding="utf-8-sig") == report_to_text(page.report)
    assert json.loads(js.read_text(encoding="utf-8")) == report_to_json(page.report)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([txt.name, js.name])  # no temp files left


def test_pin_check_confirms_keys_and_a_wrong_pin_warns_next_time(qtbot: QtBot, page: DiagnosisPage,
                                                                 softhsm_lab: Lab) -> None:
    page.refresh()
    wait_for_scan(qtbot, page)
    problems = softhsm_lab.token("problems")
    assert page.select_token(problems.serial)
    source = page.pin_source
    assert isinstance(source, QtPinSource)

    # a wrong PIN: the login check becomes a finding; SoftHSM then reports "count low"
    with qtbot.waitSignal(source.dialog_shown, timeout=10_000) as shown:
        qtbot.mouseClick(page.check_pin_button, Qt.MouseButton.LeftButton)
    dialog: PinDialog = shown.args[0]
    assert "问题证书key" in " ".join(label.text() for label in dialog.findChildren(type(page.summary)))
    qtbot.keyClicks(dialog.pin_edit, "000000")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "pin_incorrect" in {c for c, _, _ in _finding_rows(page.findings_model)},
                    timeout=15_000)
    qtbot.waitUntil(lambda: not page.busy_now)

    # the right PIN: the warning is shown, and the key without a private key is now known
    with qtbot.waitSignal(source.dialog_shown, timeout=10_000) as shown:
        qtbot.mouseClick(page.check_pin_button, Qt.MouseButton.LeftButton)
    dialog = shown.args[0]
    assert dialog.warning.isVisible() and "剩余尝试次数不多" in dialog.warning.text()
    qtbot.keyClicks(dialog.pin_edit, USER_PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    c006 = lambda: certificate_row(page.tree_model, problems.serial, "c006")  # noqa: E731
    qtbot.waitUntil(lambda: cell(page.tree_model, c006(), Column.PRIVATE_KEY) == "无", timeout=15_000)
    rows = _finding_rows(page.findings_model)
    assert ("no_private_key", "error", "c006") in rows
    assert "pin_incorrect" not in {c for c, _, _ in rows}
    assert cell(page.tree_model, certificate_row(page.tree_model, problems.serial, "c001"),
                Column.PRIVATE_KEY) == "有"


def test_cancelling_the_pin_prompt_changes_nothing(qtbot: QtBot, page: DiagnosisPage, softhsm_lab: Lab) -> None:
    page.refresh()
    wait_for_scan(qtbot, page)
    before = page.findings_model.findings()
    assert page.select_token(softhsm_lab.token("unit_ec").serial)
    source = page.pin_source
    assert isinstance(source, QtPinSource)
    with qtbot.waitSignal(source.dialog_shown, timeout=10_000) as shown:
        page.check_pin()
    shown.args[0].reject()
    qtbot.waitUntil(lambda: not page.busy_now, timeout=10_000)
    assert page.findings_model.findings() == before
    assert page.check_pin_button.isEnabled()
    assert not [w for w in QGuiApplication.topLevelWindows() if w.isVisible() and "错误" in w.title()]


def test_a_key_inserted_later_appears_without_clicking_refresh(qtbot: QtBot, page: DiagnosisPage,
                                                               softhsm_lab: Lab) -> None:
    page.start()
    wait_for_scan(qtbot, page)
    label = "界面测试插入key"
    spec = TokenSpec("ui_hotplug", label, profiles=(
        CertProfile("界面测试单位证书", bytes.fromhex("f001"), common_name="界面测试公司",
                    organization="界面测试公司", credit_code=pki.SUPPLIER2_CREDIT_CODE),))
    token_count = len(nodes(page.tree_model, NodeKind.TOKEN))
    added = softhsm_lab.add_token(spec)

    def shown() -> bool:
        names = {cell(page.tree_model, i, Column.NAME) for i, _ in nodes(page.tree_model, NodeKind.TOKEN)}
        return f"{label}（{added.serial}）" in names

    qtbot.waitUntil(shown, timeout=30_000)
    assert len(nodes(page.tree_model, NodeKind.TOKEN)) == token_count + 1
    row = certificate_row(page.tree_model, added.serial, "f001")
    assert cell(page.tree_model, row, Column.CODE) == pki.SUPPLIER2_CREDIT_CODE
