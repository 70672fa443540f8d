"""合同在线签订: a local signing workbench (the server workflow comes later).

What the manual (§二 合同在线签订) asks of a signer, in order: open the contract, choose the CA
key, press 【签章】, left-click where the seal goes, confirm (只能签章一次，请谨慎操作), type the
PIN; the signed file is written next to the contract as ``<name>-已签章.pdf`` (【保存】 keeps a
copy elsewhere), reloaded, and every signature in it is checked and listed with its signing time.

Every PDF, token and signing call runs in the background (:mod:`.ops`, the PDF view's pdfium
thread); the page only reacts to results on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from enum import Enum, auto
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
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
from desktop.token.inventory import Inventory, KeyKind
from desktop.token.pin import PinSource
from desktop.token.report import build_report
from desktop.ui.errors import present_error
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.signatures_panel import SignaturesPanel
from desktop.ui.pages.contracts.trust import TrustSettings, load_trust
from desktop.ui.pin_dialog import QtPinSource
from desktop.ui.widgets.pdf_view import PdfInfo, PdfView

log = logging.getLogger(__name__)

TITLE_STYLE = "QLabel { font-size: 14pt; font-weight: bold; color: #1f3a5f; }"
FILE_STYLE = "QLabel { color: #5f6b7a; }"
HINT_STYLE = ("QLabel { color: #7a4100; background: #fff3e0; border: 1px solid #ffb74d; border-radius: 4px;"
              " padding: 6px; }")
STATUS_STYLE = "QLabel { color: #37474f; }"
SIGN_STYLE = ("QPushButton#sign_button { background: #c62828; color: white; font-weight: bold;"
              " padding: 6px 18px; border-radius: 4px; border: none; }"
              " QPushButton#sign_button:hover { background: #b71c1c; }"
              " QPushButton#sign_button:disabled { background: #e0b4b4; }")
RIGHT_COLUMN_WIDTH = 360


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _row_layout(row: QWidget) -> QHBoxLayout:
    """A row of the page. Every sub-layout lives on its own widget, created with its parent:
    a parentless layout handed over with ``addLayout`` leaves PySide 6.12 a wrapper that the
    garbage collector, running on a worker thread, can trip over after the page is deleted."""
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class State(Enum):
    IDLE = auto()
    CHECKING = auto()  # the engine's refusals, before placing
    PLACING = auto()  # the seal preview follows the mouse
    CONFIRMING = auto()  # 只能签章一次，请谨慎操作
    SIGNING = auto()  # PIN, key, pyHanko


class ContractsPage(QWidget):
    """Open a contract, place the seal, sign with a CA key, check every signature."""

    status_message = Signal(str)
    contract_did_sign = Signal(object)  # SignResult

    def __init__(self, service: ops.SigningService | None = None, pin_source: PinSource | None = None, *,
                 paths: AppPaths | None = None, trust: TrustSettings | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contracts_page")
        self._service = service
        self._pin_source: PinSource = pin_source or QtPinSource(self)
        self._paths = paths
        self._trust = trust
        self._clock = clock or _utcnow
        self._state = State.IDLE
        self._keys: list[UsableKey] = []
        self._scanned = False
        self._scanning = False
        self._verify_generation = 0
        self._verifying = False
        self.current_path: Path | None = None
        self.last_result: SignResult | None = None
        self.confirm_box: QMessageBox | None = None
        self.confirm_sign_button: QPushButton | None = None
        self.error_dialog: QWidget | None = None
        self._build()
        self._update_buttons()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(self.tr("合同在线签订"))
        title.setStyleSheet(TITLE_STYLE)
        self.file_label = QLabel(self.tr("未打开合同"))
        self.file_label.setObjectName("contract_file")
        self.file_label.setStyleSheet(FILE_STYLE)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        heading_row = QWidget()
        heading = _row_layout(heading_row)
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(self.file_label, 1)

        self.open_button = QPushButton(self.tr("打开合同"))
        self.open_button.setToolTip(self.tr("打开要签章的合同 PDF 文件"))
        self.demo_button = QPushButton(self.tr("演示合同"))
        self.demo_button.setToolTip(self.tr("生成一份演示用的框架协议采购合同并打开"))
        self.previous_button = QPushButton(self.tr("上一页"))
        self.next_button = QPushButton(self.tr("下一页"))
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance("第 888 / 888 页") + 8)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setToolTip(self.tr("缩小"))
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setToolTip(self.tr("放大"))
        for small in (self.zoom_out_button, self.zoom_in_button):
            small.setFixedWidth(small.fontMetrics().horizontalAdvance("＋") + 24)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("888%") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_button = QPushButton(self.tr("适合宽度"))

        toolbar_row = QWidget()
        toolbar = _row_layout(toolbar_row)
        toolbar.setSpacing(6)
        groups: tuple[tuple[QWidget, ...], ...] = (
            (self.open_button, self.demo_button),
            (self.previous_button, self.page_label, self.next_button),
            (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button))
        for number, group in enumerate(groups):
            if number:
                toolbar.addSpacing(18)
            for widget in group:
                toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.view = PdfView()
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.view)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(frame)
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
        layout.addWidget(toolbar_row)
        layout.addWidget(self._signing_bar())
        layout.addWidget(splitter, 1)

        self.open_button.clicked.connect(self.choose_file)
        self.demo_button.clicked.connect(self.open_demo_contract)
        self.previous_button.clicked.connect(self.view.previous_page)
        self.next_button.clicked.connect(self.view.next_page)
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.fit_button.clicked.connect(self.view.fit_width)
        self.view.document_loaded.connect(self._document_loaded)
        self.view.load_failed.connect(self._load_failed)
        self.view.page_changed.connect(self._page_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.view.placement_chosen.connect(self._placement_chosen)
        self.view.placement_cancelled.connect(self._placement_cancelled)
        self._page_changed(0, 0)
        self._zoom_changed(self.view.zoom)

    def _signing_bar(self) -> QWidget:
        """签章 key chooser and the two actions of the manual: 【签章】 and 【保存】."""
        caption = QLabel(self.tr("签章 key："))
        self.key_combo = QComboBox()
        self.key_combo.setObjectName("key_combo")
        self.key_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.key_combo.setMinimumContentsLength(24)
        self.key_combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.key_combo.setPlaceholderText(self.tr("正在检测 key……"))
        self.key_combo.currentIndexChanged.connect(lambda _index: self._update_buttons())
        caption.setBuddy(self.key_combo)
        self.refresh_keys_button = QPushButton(self.tr("刷新"))
        self.refresh_keys_button.setToolTip(self.tr("重新检测插入的 key"))
        self.refresh_keys_button.clicked.connect(self.refresh_keys)

        self.sign_button = QPushButton(self.tr("签章"))
        self.sign_button.setObjectName("sign_button")
        self.sign_button.setStyleSheet(SIGN_STYLE)
        self.sign_button.setToolTip(self.tr("用选中的 key 在合同上签章：先单击页面选择位置，确认后输入口令"))
        self.sign_button.setMinimumWidth(self.sign_button.fontMetrics().horizontalAdvance(self.tr("取消签章")) + 44)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setToolTip(self.tr("签章后的合同已自动保存在原文件旁；点此另存一份到其他位置"))
        self.sign_button.clicked.connect(self._sign_clicked)
        self.save_button.clicked.connect(self.choose_save_path)

        row = QWidget()
        bar = _row_layout(row)
        bar.setSpacing(6)
        bar.addWidget(caption)
        bar.addWidget(self.key_combo, 1)
        bar.addWidget(self.refresh_keys_button)
        bar.addSpacing(18)
        bar.addWidget(self.sign_button)
        bar.addWidget(self.save_button)
        return row

    def _right_column(self) -> QWidget:
        sign_box = QGroupBox(self.tr("签章"))
        self.hint = QLabel()
        self.hint.setObjectName("placement_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(HINT_STYLE)
        self.hint.setVisible(False)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setVisible(False)
        self.keys_status = QLabel()
        self.keys_status.setObjectName("keys_status")
        self.keys_status.setWordWrap(True)
        self.keys_status.setStyleSheet(STATUS_STYLE)
        self.status = QLabel(self.tr("打开合同，选择签章 key，然后点击【签章】。"))
        self.status.setObjectName("sign_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_STYLE)
        sign_layout = QVBoxLayout(sign_box)
        sign_layout.addWidget(self.hint)
        sign_layout.addWidget(self.busy)
        sign_layout.addWidget(self.status)
        sign_layout.addWidget(self.keys_status)

        verify_box = QGroupBox(self.tr("签章验证"))
        self.signatures = SignaturesPanel()
        verify_layout = QVBoxLayout(verify_box)
        verify_layout.addWidget(self.signatures)

        column = QWidget()
        column.setMinimumWidth(300)
        layout = QVBoxLayout(column)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(sign_box)
        layout.addWidget(verify_box, 1)
        return column

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        sizes = self.splitter.sizes()
        if sum(sizes) > RIGHT_COLUMN_WIDTH * 2 and sizes[1] < RIGHT_COLUMN_WIDTH:
            self.splitter.setSizes([sum(sizes) - RIGHT_COLUMN_WIDTH, RIGHT_COLUMN_WIDTH])
        if not self._scanned and not self._scanning:
            self.refresh_keys()

    # -- state ----------------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def busy_now(self) -> bool:
        return self._scanning or self._verifying or self._state in (State.CHECKING, State.SIGNING) \
            or self.view.busy

    @property
    def keys(self) -> list[UsableKey]:
        return list(self._keys)

    def selected_key(self) -> UsableKey | None:
        row = self.key_combo.currentIndex()
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def select_key(self, token_serial: str, key_id: str) -> None:
        for row, key in enumerate(self._keys):
            if key.token_serial == token_serial and key.certificate.key_id == key_id.lower():
                self.key_combo.setCurrentIndex(row)
                return
        raise LookupError(f"no usable key {key_id} on {token_serial}")

    def _set_state(self, state: State) -> None:
        self._state = state
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = self._state is State.IDLE
        loaded = self.view.info is not None
        working = self._state in (State.CHECKING, State.CONFIRMING, State.SIGNING)
        self.open_button.setEnabled(not working)
        self.demo_button.setEnabled(not working)
        self.previous_button.setEnabled(loaded and self.view.current_page > 0 and self._state is not State.SIGNING)
        self.next_button.setEnabled(loaded and self.view.current_page < self.view.page_count - 1
                                    and self._state is not State.SIGNING)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(loaded)
        if self._state is State.PLACING:
            self.sign_button.setText(self.tr("取消签章"))
            self.sign_button.setEnabled(True)
        else:
            self.sign_button.setText(self.tr("签章"))
            self.sign_button.setEnabled(idle and loaded and self._service is not None
                                        and self.selected_key() is not None and not self._verifying)
        self.save_button.setEnabled(idle and loaded and bool(self.signatures.reports))
        self.refresh_keys_button.setEnabled(self._service is not None and not self._scanning)
        self.key_combo.setEnabled(not working and bool(self._keys))
        self.busy.setVisible(self._state in (State.CHECKING, State.SIGNING) or self._scanning)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status_message.emit(text)

    # -- keys -----------------------------------------------------------------------------------

    def refresh_keys(self) -> None:
        if self._service is None:
            self.keys_status.setText(self.tr("未连接 key 服务，只能查看和验证合同。"))
            self.key_combo.setPlaceholderText(self.tr("未连接 key 服务"))
            self._update_buttons()
            return
        if self._scanning:
            return
        self._scanning = True
        self.keys_status.setText(self.tr("正在检测 key……"))
        self._update_buttons()
        ops.scan_keys(self, self._service).success(self._keys_scanned).failure(self._scan_failed) \
            .finally_(self._scan_done).run()

    def _scan_done(self) -> None:
        self._scanning = False
        self._scanned = True
        self._update_buttons()

    def _scan_failed(self, error: BaseException) -> None:
        self.keys_status.setText(self.tr("检测 key 失败。"))
        self.key_combo.setPlaceholderText(self.tr("检测 key 失败"))
        self.error_dialog = present_error(self, error)

    def _keys_scanned(self, inventory: Inventory) -> None:
        report = build_report(inventory, now=self._clock())
        previous = self.selected_key()
        self._keys = ops.sort_keys(report.usable_keys)
        self.key_combo.clear()
        for key in self._keys:
            self.key_combo.addItem(self._key_text(key))
            self.key_combo.setItemData(self.key_combo.count() - 1, self._key_details(key),
                                       Qt.ItemDataRole.ToolTipRole)
        chosen = 0 if self._keys else -1
        if previous is not None:
            for row, key in enumerate(self._keys):
                if (key.token_serial, key.certificate.key_id) == (previous.token_serial,
                                                                  previous.certificate.key_id):
                    chosen = row
        self.key_combo.setCurrentIndex(chosen)
        if self._keys:
            self.keys_status.setText(self.tr("找到 {n} 个可用于签章的证书。").format(n=len(self._keys)))
            self.key_combo.setPlaceholderText("")
        else:
            self.keys_status.setText(self.tr("没有找到可用的 key。请插入 CA key，或到【CA 绑定与诊断】查看原因。"))
            self.key_combo.setPlaceholderText(self.tr("没有可用的 key"))
        self._update_buttons()

    def _key_text(self, key: UsableKey) -> str:
        """Unit (or person), its code, the key's label and the certificate's end of validity."""
        cert = key.certificate
        personal = cert.kind is KeyKind.PERSONAL
        parts = [self.tr("{name}（个人）").format(name=cert.display_name) if personal else cert.display_name]
        if cert.credit_code:
            parts.append(self.tr("统一社会信用代码 {code}").format(code=cert.credit_code))
        elif cert.id_number:
            parts.append(self.tr("身份证号码 {code}").format(code=cert.id_number))
        parts.append(key.token_label)
        parts.append(self.tr("有效期至 {date}").format(date=f"{cert.not_after.astimezone():%Y-%m-%d}"))
        return "　".join(parts)

    def _key_details(self, key: UsableKey) -> str:
        return self.tr("key 序列号：{serial}\n证书：{subject}").format(serial=key.token_serial,
                                                                   subject=key.certificate.subject)

    # -- files ----------------------------------------------------------------------------------

    def _documents_dir(self) -> str:
        if self.current_path is not None:
            return str(self.current_path.parent)
        return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("打开合同"), self._documents_dir(), self.tr("PDF 文件 (*.pdf)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.open_file(Path(name)))
        dialog.open()

    def open_file(self, path: Path, page: int = 0) -> None:
        """Show ``path`` and check its signatures (both off the GUI thread)."""
        if self._state is State.PLACING:
            self.view.clear_placement()
            self._end_placing()
        self.current_path = path
        self.file_label.setText(str(path))
        self.file_label.setToolTip(str(path))
        self.view.open(path, page)
        self._verify(path)
        self._update_buttons()

    def open_demo_contract(self) -> None:
        folder = (self._paths or AppPaths.default()).data_dir / "contracts"
        target = folder / self.tr("框架协议采购合同（演示）.pdf")
        self._say(self.tr("正在生成演示合同……"))
        ops.make_demo_contract(self, target).success(self.open_file).run()

    def _document_loaded(self, info: PdfInfo) -> None:
        self._update_buttons()

    def _load_failed(self, error: BaseException) -> None:
        self.current_path = None
        self.file_label.setText(self.tr("未打开合同"))
        self._verify_generation += 1
        self._verifying = False
        self.signatures.show_nothing()
        self.view.close_document()
        self._update_buttons()
        self.error_dialog = present_error(self, error)

    def _page_changed(self, index: int, count: int) -> None:
        self.page_label.setText(self.tr("第 {n} / {count} 页").format(n=index + 1 if count else 0, count=count))
        self._update_buttons()

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")

    def _trust_settings(self) -> TrustSettings:
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

        ops.verify_signatures(self, path, self._trust_settings()).success(done).failure(failed) \
            .finally_(finished).run()

    def choose_save_path(self) -> None:
        if self.current_path is None:
            return
        suggested = str(Path(self._documents_dir()) / self.current_path.name)
        dialog = QFileDialog(self, self.tr("保存已签章的合同"), suggested, self.tr("PDF 文件 (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.open()

    def save_to(self, target: Path) -> None:
        """Copy the file on screen (byte for byte) to ``target``."""
        if self.current_path is None:
            return
        ops.save_copy(self, self.current_path, target) \
            .success(lambda out: self._say(self.tr("已另存为“{path}”。").format(path=out))) \
            .failure(lambda exc: self._show_error(exc)).run()

    # -- signing --------------------------------------------------------------------------------

    def _sign_clicked(self) -> None:
        if self._state is State.PLACING:
            self.view.cancel_placement()
        else:
            self.start_signing()

    def start_signing(self) -> None:
        """【签章】: check the key may sign this file, then let the user click the seal's place."""
        key = self.selected_key()
        if self._state is not State.IDLE or key is None or self.current_path is None or self._service is None:
            return
        self._set_state(State.CHECKING)
        self._say(self.tr("正在检查证书是否可以签署该合同……"))
        ops.check_can_sign(self, self.current_path, key.certificate.der) \
            .success(lambda _none: self._arm()) \
            .failure(self._check_failed).run()

    def _check_failed(self, error: BaseException) -> None:
        self._set_state(State.IDLE)
        self._say(self.tr("未签章。"))
        self._show_error(error)

    def _arm(self) -> None:
        self._set_state(State.PLACING)
        self.hint.setText(self.tr("请在合同页面上单击要盖章的位置（印章中心）。按 Esc 或单击右键取消。"))
        self.hint.setVisible(True)
        self._say(self.tr("请选择签章位置。"))
        self.view.arm_placement(DEFAULT_SEAL_SIZE, self.tr("单击此处签章"))

    def _end_placing(self) -> None:
        self.hint.setVisible(False)
        self._set_state(State.IDLE)

    def _placement_cancelled(self) -> None:
        if self._state in (State.PLACING, State.CONFIRMING):
            self._end_placing()
            self._say(self.tr("已取消签章。"))

    def _placement_chosen(self, page_index: int, rect: Rect) -> None:
        if self._state is not State.PLACING:
            return
        key = self.selected_key()
        if key is None:
            self.view.clear_placement()
            self._end_placing()
            return
        self.hint.setVisible(False)
        self._set_state(State.CONFIRMING)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认签章"),
                          self.tr("将使用“{name}”的证书，在第 {page} 页所选位置签章。").format(
                              name=key.certificate.display_name, page=page_index + 1),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirm_signing")
        box.setInformativeText(self.tr("只能签章一次，请谨慎操作。"))
        sign = box.addButton(self.tr("确定签章"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(sign)
        self.confirm_box, self.confirm_sign_button = box, sign

        def answered(_result: int) -> None:
            self.confirm_box = self.confirm_sign_button = None
            box.deleteLater()
            if box.clickedButton() is sign:
                self._sign(key, page_index, rect)
            else:
                self.view.clear_placement()
                self._end_placing()
                self._say(self.tr("已取消签章。"))

        box.finished.connect(answered)
        box.open()

    def _sign(self, key: UsableKey, page_index: int, rect: Rect) -> None:
        source = self.current_path
        if source is None or self._service is None:
            return
        output = ops.signed_output_path(source, self.tr("-已签章"))
        self._set_state(State.SIGNING)
        texts = ops.SigningTexts(opening_key=self.tr("请在弹出的窗口中输入 key 口令……"),
                                 signing=self.tr("正在签章……"))
        # the clicked point: the engine clamps it with the same seal_rect_at as the preview did,
        # so the seal lands exactly where the preview showed it
        center = self.view.placed_center or rect.center
        placement = SealPlacement(page_index, center, DEFAULT_SEAL_SIZE)
        options = SignOptions(extra_certificates=self._trust_settings().intermediates)
        ops.sign_contract(self, self._service, key, self._pin_source, source, output, placement, options, texts) \
            .progress(self._say) \
            .success(self._signed) \
            .failure(self._sign_failed) \
            .run()

    def _signed(self, result: SignResult) -> None:
        self.last_result = result
        self._set_state(State.IDLE)
        self._say(self.tr("签章完成，已保存为“{name}”（在原合同所在的文件夹）。").format(name=result.output.name))
        self.open_file(result.output, result.page_index)
        self.contract_did_sign.emit(result)

    def _sign_failed(self, error: BaseException) -> None:
        self.view.clear_placement()
        self._set_state(State.IDLE)
        self._say(self.tr("未签章。"))
        self._show_error(error)

    def _show_error(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)
