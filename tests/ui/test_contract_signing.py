"""The signing workbench (本地文件签章) end to end: real widgets, the real TokenService on the
SoftHSM lab, real signing.

A test clicks 【签章】, clicks the page where the seal goes, confirms, answers the real PIN
dialog, and then checks the signed file with the signing engine's own verifier.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.config import AppPaths
from desktop.demo.softhsm import USER_PIN, Lab
from desktop.signing.placement import DEFAULT_SEAL_SIZE, Rect, rect_to_view, seal_rect_from_click, user_to_view
from desktop.signing.sign import page_geometry
from desktop.signing.trust import load_certificates
from desktop.signing.verify import verify_pdf
from desktop.ui.pages.contracts.ops import signed_output_path
from desktop.ui.pages.contracts.trust import TrustSettings
from desktop.ui.pages.contracts.workbench import SigningWorkbench, State
from desktop.ui.pin_dialog import PinDialog, QtPinSource
from tests.signing.pdfs import PageSpec, build_pdf

PURCHASER = ("unit_rsa", "a001")  # 郑州市某某局, RSA
SUPPLIER = ("unit_ec", "b001")  # 河南某某科技有限公司, EC
PURCHASER_SEAL = (160.0, 470.0)  # user space on the demo contract's page 2, under 甲方（盖章）
SUPPLIER_SEAL = (400.0, 470.0)  # under 乙方（盖章）


class PinAnswers:
    """Answers the real PIN dialog: types the next PIN of the list and presses 确定."""

    def __init__(self, qtbot: QtBot, source: QtPinSource) -> None:
        self.qtbot = qtbot
        self.pins: list[str] = []
        self.asked = 0
        source.dialog_shown.connect(self._answer)

    def _answer(self, dialog: PinDialog) -> None:
        self.asked += 1
        dialog.pin_edit.setText(self.pins.pop(0))
        dialog.ok_button.click()


@pytest.fixture
def trust(softhsm_lab: Lab) -> TrustSettings:
    return TrustSettings(roots=tuple(load_certificates(softhsm_lab.root_pem)))


@pytest.fixture
def page(qtbot: QtBot, token_service: object, tmp_path: Path, trust: TrustSettings) -> Iterator[SigningWorkbench]:
    host = QWidget()
    qtbot.addWidget(host)
    source = QtPinSource(host)
    paths = AppPaths(data_dir=tmp_path / "data", config_file=tmp_path / "config.toml")
    contracts = SigningWorkbench(token_service, source, paths=paths, trust=trust, parent=host)  # type: ignore[arg-type]
    contracts.pin_answers = PinAnswers(qtbot, source)  # type: ignore[attr-defined]
    host.resize(1200, 800)
    contracts.resize(1200, 800)
    host.show()
    qtbot.waitExposed(host)
    qtbot.waitUntil(lambda: bool(contracts.keys.keys) and not contracts.busy_now, timeout=60_000)
    yield contracts
    source.close()


def idle(page: SigningWorkbench) -> bool:
    return page.state is State.IDLE and not page.busy_now


def open_contract(qtbot: QtBot, page: SigningWorkbench, path: Path | None = None) -> Path:
    if path is None:
        page.open_demo_contract()
    else:
        page.open_file(path)
    qtbot.waitUntil(lambda: page.current_path is not None and page.view.info is not None and idle(page),
                    timeout=30_000)
    assert page.current_path is not None
    return page.current_path


def click_point(page: SigningWorkbench, user_point: tuple[float, float]) -> QPoint:
    geometry = page.view.geometry_of(page.view.current_page)
    vx, vy = user_to_view(geometry, *user_point, page.view.zoom)
    point = QPoint(round(vx), round(vy))
    page.view.ensureVisible(point.x(), point.y(), 200, 200)
    return point


def place_seal(qtbot: QtBot, page: SigningWorkbench, lab: Lab, who: tuple[str, str], point: QPoint) -> Rect:
    """【签章】, then a left click on the page: returns the box the view fixed."""
    token, key_id = who
    page.select_key(lab.token(token).serial, key_id)
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state is State.PLACING, timeout=15_000)
    qtbot.mouseMove(page.view.canvas, point)
    qtbot.mouseClick(page.view.canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: page.confirm_box is not None, timeout=5_000)
    assert page.view.placed is not None
    return page.view.placed[1]


def confirm_and_sign(qtbot: QtBot, page: SigningWorkbench, pin: str = USER_PIN) -> None:
    box = page.confirm_box
    assert box is not None and "只能签章一次，请谨慎操作" in box.informativeText()
    page.pin_answers.pins.append(pin)  # type: ignore[attr-defined]
    assert page.confirm_sign_button is not None
    page.confirm_sign_button.click()
    qtbot.waitUntil(lambda: page.state is State.IDLE, timeout=30_000)
    qtbot.waitUntil(lambda: idle(page), timeout=30_000)


def sign(qtbot: QtBot, page: SigningWorkbench, lab: Lab, who: tuple[str, str],
         user_point: tuple[float, float]) -> tuple[Rect, Rect]:
    """Place and sign; returns (the box the click gave, the box expected from the geometry)."""
    point = click_point(page, user_point)
    geometry = page.view.geometry_of(page.view.current_page)
    expected = seal_rect_from_click(geometry, point.x(), point.y(), page.view.zoom, DEFAULT_SEAL_SIZE)
    placed = place_seal(qtbot, page, lab, who, point)
    confirm_and_sign(qtbot, page)
    return placed, expected


def red_pixels(page: SigningWorkbench, rect: Rect) -> int:
    image = page.view.rendered_image()
    ratio = image.devicePixelRatio()
    box = rect_to_view(page.view.geometry_of(page.view.current_page), rect, page.view.zoom * ratio)
    count = 0
    for y in range(int(box.y0), int(box.y1), 2):
        for x in range(int(box.x0), int(box.x1), 2):
            c = image.pixelColor(x, y)
            if c.red() > 150 and c.green() < 110 and c.blue() < 110:
                count += 1
    return count


def test_purchaser_then_supplier_sign_the_demo_contract(qtbot: QtBot, page: SigningWorkbench,
                                                         softhsm_lab: Lab, trust: TrustSettings) -> None:
    source = open_contract(qtbot, page)
    assert source.parent == page._paths.data_dir / "contracts"  # type: ignore[union-attr]
    assert page.signatures.reports == () and "还没有签章" in page.signatures.summary.text()
    with qtbot.waitSignal(page.view.page_changed):
        qtbot.mouseClick(page.pane.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.view.busy, timeout=15_000)
    assert page.pane.page_label.text() == "第 2 / 2 页"

    placed, expected = sign(qtbot, page, softhsm_lab, PURCHASER, PURCHASER_SEAL)
    assert placed == expected
    first = page.last_result
    assert first is not None and first.output == source.with_name(source.stem + "-已签章.pdf")
    assert first.page_index == 1 and first.rect == placed  # the engine put the seal where the preview was
    reports = verify_pdf(first.output, trust.roots)
    assert len(reports) == 1 and reports[0].intact and reports[0].trusted
    assert reports[0].unit == "郑州市某某局"
    # the page shows the signed file, on the signed page, with its signature
    qtbot.waitUntil(lambda: page.current_path == first.output and len(page.signatures.rows) == 1
                    and not page.view.busy, timeout=30_000)
    assert page.view.current_page == 1
    row = page.signatures.rows[0]
    assert row.valid and "郑州市某某局" in row.title.text()
    assert row.values["credit_code"].text() == reports[0].credit_code
    assert [row.values[k].text() for k in ("intact", "trusted", "covers")] == ["✔ 内容完整", "✔ 证书可信",
                                                                              "✔ 覆盖整个文件"]
    assert reports[0].signing_time is not None
    assert row.values["signing_time"].text().startswith(f"{reports[0].signing_time.astimezone():%Y-%m-%d %H:%M}")
    assert red_pixels(page, first.rect) > 50  # pdfium with forms draws the seal

    # the supplier signs the purchaser's output at another zoom
    qtbot.mouseClick(page.pane.zoom_in_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.view.busy, timeout=15_000)
    assert not page.view.fit_width_mode
    placed2, expected2 = sign(qtbot, page, softhsm_lab, SUPPLIER, SUPPLIER_SEAL)
    assert placed2 == expected2
    second = page.last_result
    assert second is not None and second.output.name == source.stem + "-已签章(2).pdf"
    assert second.rect == placed2
    reports = verify_pdf(second.output, trust.roots)
    assert [r.unit for r in reports] == ["郑州市某某局", "河南某某科技有限公司"]
    assert all(r.intact and r.trusted and r.covers_whole_document for r in reports)
    qtbot.waitUntil(lambda: page.current_path == second.output and len(page.signatures.rows) == 2
                    and not page.view.busy, timeout=30_000)
    assert all(r.valid for r in page.signatures.rows)
    assert "共 2 个签章，全部有效" in page.signatures.summary.text()
    assert red_pixels(page, first.rect) > 50 and red_pixels(page, second.rect) > 50  # both seals visible
    assert first.output.is_file() and source.is_file()  # inputs untouched, outputs kept


def test_a_rotated_cropped_page_at_another_zoom(qtbot: QtBot, page: SigningWorkbench, softhsm_lab: Lab,
                                                tmp_path: Path, trust: TrustSettings) -> None:
    odd = tmp_path / "rotated.pdf"
    odd.write_bytes(build_pdf([
        PageSpec(),
        PageSpec(media=(0, 0, 612, 792), crop=(36, 48, 576, 744), rotate=90),
    ]))
    open_contract(qtbot, page, odd)
    page.view.set_page(1)
    page.view.set_zoom(1.25)
    qtbot.waitUntil(lambda: not page.view.busy, timeout=15_000)
    geometry = page_geometry(odd, 1)
    assert page.view.geometry_of(1) == geometry
    point = QPoint(int(page.view.canvas.width() * 0.7), int(page.view.canvas.height() * 0.35))
    page.view.ensureVisible(point.x(), point.y(), 200, 200)
    placed = place_seal(qtbot, page, softhsm_lab, PURCHASER, point)
    assert placed == seal_rect_from_click(geometry, point.x(), point.y(), 1.25)
    assert placed.width == pytest.approx(DEFAULT_SEAL_SIZE[1])  # turned with the page: upright on screen
    confirm_and_sign(qtbot, page)
    result = page.last_result
    assert result is not None and result.output == tmp_path / "rotated-已签章.pdf"
    assert result.page_index == 1 and result.rect == placed
    reports = verify_pdf(result.output, trust.roots)
    assert len(reports) == 1 and reports[0].intact


def test_the_same_certificate_cannot_sign_twice(qtbot: QtBot, page: SigningWorkbench, softhsm_lab: Lab,
                                                tmp_path: Path) -> None:
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(build_pdf([PageSpec()]))
    open_contract(qtbot, page, contract)
    sign(qtbot, page, softhsm_lab, SUPPLIER, (300, 400))
    signed = tmp_path / "合同-已签章.pdf"
    qtbot.waitUntil(lambda: page.current_path == signed and len(page.signatures.rows) == 1, timeout=30_000)

    page.select_key(softhsm_lab.token(SUPPLIER[0]).serial, SUPPLIER[1])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.error_dialog is not None and idle(page), timeout=15_000)
    dialog = page.error_dialog
    assert isinstance(dialog, QMessageBox)
    assert "每方只能签章一次" in dialog.text()  # the engine's AlreadySigned, before any click or PIN
    assert not page.view.placing and page.pin_answers.asked == 1  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["合同-已签章.pdf", "合同.pdf"]
    dialog.close()


def test_a_wrong_pin_shows_the_key_layers_error_and_writes_nothing(qtbot: QtBot, page: SigningWorkbench,
                                                                   softhsm_lab: Lab, tmp_path: Path) -> None:
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(build_pdf([PageSpec()]))
    open_contract(qtbot, page, contract)
    place_seal(qtbot, page, softhsm_lab, PURCHASER, click_point(page, (300, 300)))
    confirm_and_sign(qtbot, page, pin="000000")
    dialog = page.error_dialog
    assert isinstance(dialog, QMessageBox)
    assert "口令（PIN）错误" in dialog.text()
    assert page.last_result is None and page.view.placed is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["合同.pdf"]  # no output, no temporary file
    dialog.close()
    # the next try with the right PIN works (the key layer never retried on its own)
    sign(qtbot, page, softhsm_lab, PURCHASER, (300, 300))
    assert page.last_result is not None and page.last_result.output.is_file()


def test_cancelling_the_confirmation_signs_nothing(qtbot: QtBot, page: SigningWorkbench, softhsm_lab: Lab,
                                                  tmp_path: Path) -> None:
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(build_pdf([PageSpec()]))
    open_contract(qtbot, page, contract)
    place_seal(qtbot, page, softhsm_lab, PURCHASER, click_point(page, (300, 300)))
    box = page.confirm_box
    assert box is not None
    cancel = next(b for b in box.buttons() if box.buttonRole(b) is QMessageBox.ButtonRole.RejectRole)
    cancel.click()
    qtbot.waitUntil(lambda: idle(page), timeout=5_000)
    assert page.view.placed is None and page.pin_answers.asked == 0  # type: ignore[attr-defined]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["合同.pdf"]
    # 【签章】 again, then 取消签章 before clicking the page
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state is State.PLACING, timeout=15_000)
    assert page.sign_button.text() == "取消签章"
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    assert page.state is State.IDLE and not page.view.placing


def test_output_names_never_overwrite(tmp_path: Path) -> None:
    source = tmp_path / "合同.pdf"
    assert signed_output_path(source, "-已签章") == tmp_path / "合同-已签章.pdf"
    (tmp_path / "合同-已签章.pdf").write_bytes(b"x")
    assert signed_output_path(source, "-已签章") == tmp_path / "合同-已签章(2).pdf"
    assert signed_output_path(tmp_path / "合同-已签章.pdf", "-已签章") == tmp_path / "合同-已签章(2).pdf"
    (tmp_path / "合同-已签章(2).pdf").write_bytes(b"x")
    assert signed_output_path(tmp_path / "合同-已签章(2).pdf", "-已签章") == tmp_path / "合同-已签章(3).pdf"


def test_save_copies_the_signed_file_byte_for_byte(qtbot: QtBot, page: SigningWorkbench, softhsm_lab: Lab,
                                                   tmp_path: Path) -> None:
    contract = tmp_path / "合同.pdf"
    contract.write_bytes(build_pdf([PageSpec()]))
    open_contract(qtbot, page, contract)
    assert not page.save_button.isEnabled()  # nothing signed yet
    sign(qtbot, page, softhsm_lab, PURCHASER, (300, 300))
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=30_000)
    target = tmp_path / "copy" / "归档.pdf"
    target.parent.mkdir()
    page.save_to(target)
    qtbot.waitUntil(lambda: target.is_file(), timeout=10_000)
    assert target.read_bytes() == (tmp_path / "合同-已签章.pdf").read_bytes()


@pytest.mark.skipif(not os.environ.get("YUCAI_SCREENSHOT_DIR"), reason="set YUCAI_SCREENSHOT_DIR to render")
def test_screenshot(qtbot: QtBot, page: SigningWorkbench, softhsm_lab: Lab) -> None:
    """``YUCAI_SCREENSHOT_DIR=docs/screenshots pytest tests/ui/test_contract_signing.py -k screenshot``:
    signing-placement.png (the seal preview following the mouse) and signing.png (two seals and
    the signature panel), at the size the page has in the main window."""
    out = Path(os.environ["YUCAI_SCREENSHOT_DIR"])
    host = page.window()
    host.resize(1000, 760)
    page.resize(1000, 760)
    open_contract(qtbot, page)
    page.view.next_page()
    qtbot.waitUntil(lambda: not page.view.busy, timeout=15_000)
    sign(qtbot, page, softhsm_lab, PURCHASER, PURCHASER_SEAL)
    qtbot.waitUntil(lambda: len(page.signatures.rows) == 1 and idle(page), timeout=30_000)

    page.select_key(softhsm_lab.token(SUPPLIER[0]).serial, SUPPLIER[1])
    qtbot.mouseClick(page.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.state is State.PLACING, timeout=15_000)
    point = click_point(page, SUPPLIER_SEAL)
    qtbot.mouseMove(page.view.canvas, point)
    qtbot.wait(100)
    assert host.grab().save(str(out / "signing-placement.png"))
    qtbot.mouseClick(page.view.canvas, Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: page.confirm_box is not None, timeout=5_000)
    confirm_and_sign(qtbot, page)
    qtbot.waitUntil(lambda: len(page.signatures.rows) == 2 and idle(page), timeout=30_000)
    qtbot.wait(100)
    page.view.verticalScrollBar().setValue(page.view.verticalScrollBar().maximum() // 4)
    qtbot.wait(100)
    assert host.grab().save(str(out / "signing.png"))
