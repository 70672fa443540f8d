"""The signing workbench: a PDF, a CA key, a seal placed with the mouse, the signatures checked.

``Mode.LOCAL`` (the 【本地文件签章】 tab): open any PDF, 【签章】, click where the seal goes, confirm
(只能签章一次，请谨慎操作), PIN; the output is ``<name>-已签章.pdf`` next to the original.
``Mode.CONTRACT`` (the sign dialog, seed manual §二 2.2 步骤二): the contract's PDF is fixed;
【签章】 checks the key, a click places the seal, 【保存】 — warning, PIN — signs into the given
output and emits :attr:`SigningWorkbench.contract_did_sign`. PDF, token and signing calls run in
the background (:mod:`.ops`, the PDF view's pdfium thread).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.config import AppPaths
from desktop.signing.placement import DEFAULT_SEAL_SIZE, Rect
from desktop.signing.sign import SealPlacement, SignOptions, SignResult
from desktop.signing.verify import SignatureReport
from desktop.token.diagnosis import UsableKey
from desktop.token.pin import PinSource
from desktop.ui.errors import present_error
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.key_chooser import KeyChooser
from desktop.ui.pages.contracts.local_files import LocalFiles
from desktop.ui.pages.contracts.pdf_pane import PdfPane, row_layout
from desktop.ui.pages.contracts.sign_panel import SignPanel
from desktop.ui.pages.contracts.trust import TrustSettings, load_trust
from desktop.ui.pin_dialog import QtPinSource

TITLE_STYLE = "QLabel { font-size: 14pt; font-weight: bold; color: #1f3a5f; }"
FILE_STYLE = "QLabel { color: #5f6b7a; }"
SIGN_STYLE = ("QPushButton#sign_button { background: #c62828; color: white; font-weight: bold;"
              " padding: 6px 18px; border-radius: 4px; border: none; }"
              " QPushButton#sign_button:hover { background: #b71c1c; }"
              " QPushButton#sign_button:disabled { background: #e0b4b4; }")
RIGHT_COLUMN_WIDTH = 360


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Mode(Enum):
    LOCAL = auto()
    CONTRACT = auto()


class State(Enum):
    IDLE = auto()
    CHECKING = auto()  # the engine's refusals, before placing
    PLACING = auto()  # the seal preview follows the mouse
    PLACED = auto()  # CONTRACT: the place is chosen, 【保存】 signs
    CONFIRMING = auto()  # 只能签章一次，请谨慎操作
    SIGNING = auto()  # PIN, key, pyHanko
    SIGNED = auto()  # CONTRACT: done; nothing more to sign here


class SigningWorkbench(QWidget):
    """Open a contract, place the seal, sign with a CA key, check every signature."""

    status_message = Signal(str)
    contract_did_sign = Signal(object)  # SignResult

    def __init__(self, service: ops.SigningService | None = None, pin_source: PinSource | None = None, *,
                 paths: AppPaths | None = None, trust: TrustSettings | None = None,
                 clock: Callable[[], dt.datetime] | None = None, mode: Mode = Mode.LOCAL,
                 output: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signing_workbench")
        self.mode = mode
        self._service = service
        self._pin_source: PinSource = pin_source or QtPinSource(self)
        self._paths = paths
        self._trust = trust
        self._clock = clock or _utcnow
        self._output = output
        self._state = State.IDLE
        self._verify_generation = 0
        self._verifying = False
        self.current_path: Path | None = None
        self.last_result: SignResult | None = None
        self.confirm_box: QMessageBox | None = None
        self.confirm_sign_button: QPushButton | None = None
        self.error_dialog: QWidget | None = None
        self.files = LocalFiles(self, self, paths)
        self._build()
        self._update_buttons()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("本地文件签章") if self.mode is Mode.LOCAL else self.tr("合同签章"))
        title.setStyleSheet(TITLE_STYLE)
        self.file_label = QLabel(self.tr("未打开合同"))
        self.file_label.setObjectName("contract_file")
        self.file_label.setStyleSheet(FILE_STYLE)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        heading_row = QWidget()
        heading = row_layout(heading_row)
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.file_label, 1)

        self.open_button, self.demo_button = self.files.buttons()
        local = self.mode is Mode.LOCAL
        self.open_button.setVisible(local)
        self.demo_button.setVisible(local)
        self.pane = PdfPane((self.open_button, self.demo_button) if local else ())
        self.view = self.pane.view

        signing_bar = self._signing_bar()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pane)
        splitter.addWidget(self._right_column())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.setCollapsible(0, False)
        splitter.setCollapsible(1, False)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(8)
        layout.addWidget(heading_row)
        layout.addWidget(signing_bar)
        layout.addWidget(splitter, 1)

        self.view.document_loaded.connect(lambda _info: self._update_buttons())
        self.view.load_failed.connect(self._load_failed)
        self.view.page_changed.connect(lambda _i, _n: self._update_buttons())
        self.view.placement_chosen.connect(self._placement_chosen)
        self.view.placement_cancelled.connect(self._placement_cancelled)

    def _signing_bar(self) -> QWidget:
        """签章 key chooser and the two actions of the manual: 【签章】 and 【保存】."""
        self.keys = KeyChooser(self._service, self._clock)
        self.keys.changed.connect(self._update_buttons)
        self.key_combo = self.keys.combo
        self.sign_button = QPushButton(self.tr("签章"))
        self.sign_button.setObjectName("sign_button")
        self.sign_button.setStyleSheet(SIGN_STYLE)
        self.sign_button.setToolTip(self.tr("用选中的 key 在合同上签章：先单击页面选择位置，确认后输入口令"))
        self.sign_button.setMinimumWidth(self.sign_button.fontMetrics().horizontalAdvance(self.tr("取消签章")) + 44)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_button")
        if self.mode is Mode.LOCAL:
            self.save_button.setToolTip(self.tr("签章后的合同已自动保存在原文件旁；点此另存一份到其他位置"))
            self.save_button.clicked.connect(self.choose_save_path)
        else:
            self.save_button.setToolTip(self.tr("在所选位置签章并保存签章信息（只能签章一次）"))
            self.save_button.clicked.connect(self.confirm_placed)
        self.sign_button.clicked.connect(self._sign_clicked)
        row = QWidget()
        bar = row_layout(row)
        bar.setSpacing(6)
        bar.addWidget(self.keys, 1)
        bar.addSpacing(18)
        bar.addWidget(self.sign_button)
        bar.addWidget(self.save_button)
        return row

    def _right_column(self) -> QWidget:
        status = (self.tr("打开合同，选择签章 key，然后点击【签章】。") if self.mode is Mode.LOCAL
                  else self.tr("选择签章 key，点击【签章】，在需要盖章的地方单击，然后点击【保存】。"))
        self.panel = SignPanel(status, self.keys.status)
        self.hint, self.busy, self.status = self.panel.hint, self.panel.busy, self.panel.status
        self.signatures = self.panel.signatures
        return self.panel

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        sizes = self.splitter.sizes()
        if sum(sizes) > RIGHT_COLUMN_WIDTH * 2 and sizes[1] < RIGHT_COLUMN_WIDTH:
            self.splitter.setSizes([sum(sizes) - RIGHT_COLUMN_WIDTH, RIGHT_COLUMN_WIDTH])
        self.keys.ensure_scanned()

    # -- state ----------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def busy_now(self) -> bool:
        return self.keys.scanning or self._verifying or self._state in (State.CHECKING, State.SIGNING) \
            or self.view.busy

    def select_key(self, token_serial: str, key_id: str) -> None:
        self.keys.select_key(token_serial, key_id)

    def _set_state(self, state: State) -> None:
        self._state = state
        self._update_buttons()

    def _update_buttons(self) -> None:
        state, loaded = self._state, self.view.info is not None
        working = state in (State.CHECKING, State.CONFIRMING, State.SIGNING)
        self.open_button.setEnabled(not working)
        self.demo_button.setEnabled(not working)
        self.pane.lock_pages(state in (State.SIGNING, State.PLACED))
        if state is State.PLACING:
            self.sign_button.setText(self.tr("取消签章"))
            self.sign_button.setEnabled(True)
        else:
            self.sign_button.setText(self.tr("签章"))
            self.sign_button.setEnabled(state in (State.IDLE, State.PLACED) and loaded and self._service is not None
                                        and self.keys.selected_key() is not None and not self._verifying)
        if self.mode is Mode.LOCAL:
            self.save_button.setEnabled(state is State.IDLE and loaded and bool(self.signatures.reports))
        else:
            self.save_button.setEnabled(state is State.PLACED)
        self.keys.set_working(working or state in (State.PLACED, State.SIGNED))
        self.busy.setVisible(state in (State.CHECKING, State.SIGNING) or self.keys.scanning)

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status_message.emit(text)

    def show_error(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)

    # -- files ----------------------------------------------------------------------------------

    def choose_file(self) -> None:
        self.files.choose_file()

    def open_file(self, path: Path, page: int = 0, *, shown_name: str | None = None) -> None:
        """Show ``path`` and check its signatures (both off the GUI thread)."""
        if self._state in (State.PLACING, State.PLACED):
            self.view.clear_placement()
            self._end_placing()
        self.current_path = path
        self.file_label.setText(shown_name or str(path))
        self.file_label.setToolTip(str(path))
        self.view.open(path, page)
        self._verify(path)
        self._update_buttons()

    def open_demo_contract(self) -> None:
        self.files.open_demo_contract()

    def _load_failed(self, error: BaseException) -> None:
        self.current_path = None
        self.file_label.setText(self.tr("未打开合同"))
        self._verify_generation += 1
        self._verifying = False
        self.signatures.show_nothing()
        self.view.close_document()
        self._update_buttons()
        self.show_error(error)

    def trust_settings(self) -> TrustSettings:
        if self._trust is None:
            paths = self._paths or AppPaths.default()
            self._trust = load_trust(demo_token_dir=paths.demo_token_dir)
        return self._trust

    def _verify(self, path: Path) -> None:
        self._verify_generation += 1
        generation = self._verify_generation
        self._verifying = True
        self.signatures.show_checking()

        def done(reports: tuple[SignatureReport, ...]) -> None:
            if generation == self._verify_generation:
                self.signatures.show_reports(reports)

        def failed(error: BaseException) -> None:
            if generation == self._verify_generation:
                self.signatures.show_failed(getattr(error, "message", "") or type(error).__name__)

        def finished() -> None:
            if generation == self._verify_generation:
                self._verifying = False
                self._update_buttons()

        ops.verify_signatures(self, path, self.trust_settings()).success(done).failure(failed) \
            .finally_(finished).run()

    def choose_save_path(self) -> None:
        self.files.choose_save_path()

    def save_to(self, target: Path) -> None:
        """Copy the file on screen (byte for byte) to ``target``."""
        self.files.save_to(target)

    # -- signing --------------------------------------------------------------------------------

    def _sign_clicked(self) -> None:
        if self._state is State.PLACING:
            self.view.cancel_placement()
        else:
            self.start_signing()

    def start_signing(self) -> None:
        """【签章】: check the key may sign this file, then let the user click the seal's place."""
        key = self.keys.selected_key()
        if self._state is State.PLACED:
            self.view.clear_placement()
            self._state = State.IDLE
        if self._state is not State.IDLE or key is None or self.current_path is None or self._service is None:
            return
        self._set_state(State.CHECKING)
        self.say(self.tr("正在检查证书是否可以签署该合同……"))
        ops.check_can_sign(self, self.current_path, key.certificate.der) \
            .success(lambda _none: self._arm()) \
            .failure(self._check_failed).run()

    def _check_failed(self, error: BaseException) -> None:
        self._set_state(State.IDLE)
        self.say(self.tr("未签章。"))
        self.show_error(error)

    def _arm(self) -> None:
        self._set_state(State.PLACING)
        self.hint.setText(self.tr("请在合同页面上单击要盖章的位置（印章中心）。按 Esc 或单击右键取消。"))
        self.hint.setVisible(True)
        self.say(self.tr("请选择签章位置。"))
        self.view.arm_placement(DEFAULT_SEAL_SIZE, self.tr("单击此处签章"))

    def _end_placing(self) -> None:
        self.hint.setVisible(False)
        self._set_state(State.IDLE)

    def _placement_cancelled(self) -> None:
        if self._state in (State.PLACING, State.PLACED, State.CONFIRMING):
            self._end_placing()
            self.say(self.tr("已取消签章。"))

    def _placement_chosen(self, page_index: int, rect: Rect) -> None:
        if self._state is not State.PLACING:
            return
        if self.mode is Mode.CONTRACT:
            self._set_state(State.PLACED)
            self.hint.setText(self.tr("已选择签章位置。点击【保存】完成签章；要换位置，请再次点击【签章】。"))
            self.say(self.tr("请点击【保存】保存签章信息（只能签章一次，请谨慎操作）。"))
            return
        self.hint.setVisible(False)
        self._confirm(page_index, rect)

    def confirm_placed(self) -> None:
        """CONTRACT 【保存】: the once-only warning, then the PIN and the signature."""
        placed = self.view.placed
        if self._state is not State.PLACED or placed is None:
            return
        self.hint.setVisible(False)
        self._confirm(*placed)

    def _confirm(self, page_index: int, rect: Rect) -> None:
        key = self.keys.selected_key()
        if key is None:
            self.view.clear_placement()
            self._end_placing()
            return
        self._set_state(State.CONFIRMING)
        box, sign = self.panel.confirmation(self, key.certificate.display_name, page_index)
        self.confirm_box, self.confirm_sign_button = box, sign

        def answered(_result: int) -> None:
            self.confirm_box = self.confirm_sign_button = None
            box.deleteLater()
            if box.clickedButton() is sign:
                self._sign(key, page_index, rect)
            elif self.mode is Mode.CONTRACT:
                self._set_state(State.PLACED)
                self.say(self.tr("尚未签章。可以点击【保存】签章，或点击【签章】重新选择位置。"))
            else:
                self.view.clear_placement()
                self._end_placing()
                self.say(self.tr("已取消签章。"))

        box.finished.connect(answered)
        box.open()

    def _sign(self, key: UsableKey, page_index: int, rect: Rect) -> None:
        source = self.current_path
        if source is None or self._service is None:
            return
        output = self._output if self.mode is Mode.CONTRACT and self._output is not None \
            else ops.signed_output_path(source, self.tr("-已签章"))
        self._set_state(State.SIGNING)
        texts = ops.SigningTexts(opening_key=self.tr("请在弹出的窗口中输入 key 口令……"),
                                 signing=self.tr("正在签章……"))
        # the clicked point: the engine clamps it with the same seal_rect_at as the preview did,
        # so the seal lands exactly where the preview showed it
        center = self.view.placed_center or rect.center
        placement = SealPlacement(page_index, center, DEFAULT_SEAL_SIZE)
        options = SignOptions(extra_certificates=self.trust_settings().intermediates)
        ops.sign_contract(self, self._service, key, self._pin_source, source, output, placement, options, texts) \
            .progress(self.say).success(self._signed).failure(self._sign_failed).run()

    def _signed(self, result: SignResult) -> None:
        self.last_result = result
        if self.mode is Mode.CONTRACT:
            self._set_state(State.SIGNED)
            self.say(self.tr("签章完成。"))
            self.contract_did_sign.emit(result)
            return
        self._set_state(State.IDLE)
        self.say(self.tr("签章完成，已保存为“{name}”（在原合同所在的文件夹）。").format(name=result.output.name))
        self.open_file(result.output, result.page_index)
        self.contract_did_sign.emit(result)

    def _sign_failed(self, error: BaseException) -> None:
        self.view.clear_placement()
        self.hint.setVisible(False)
        self._set_state(State.IDLE)
        self.say(self.tr("未签章。"))
        self.show_error(error)
