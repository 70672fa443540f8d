"""签章 key chooser: the usable signing keys found by a background scan, unit keys first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSizePolicy, QWidget

from desktop.token.diagnosis import UsableKey
from desktop.token.inventory import Inventory, KeyKind
from desktop.token.report import build_report
from desktop.ui.errors import present_error
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.pdf_pane import row_layout

STATUS_STYLE = "QLabel { color: #37474f; }"


class KeyChooser(QWidget):
    """``签章 key：`` [combo] 【刷新】, and a status line (:attr:`status`) the owner places."""

    changed = Signal()
    """The selection, the key list or the scanning state changed."""

    def __init__(self, service: ops.SigningService | None, clock: Callable[[], dt.datetime],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._clock = clock
        self._keys: list[UsableKey] = []
        self.scanned = False
        self.scanning = False
        self.error_dialog: QWidget | None = None

        caption = QLabel(self.tr("签章 key："))
        self.combo = QComboBox()
        self.combo.setObjectName("key_combo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setPlaceholderText(self.tr("正在检测 key……"))
        self.combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        caption.setBuddy(self.combo)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setToolTip(self.tr("重新检测插入的 key"))
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel()
        self.status.setObjectName("keys_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_STYLE)

        layout = row_layout(self)
        layout.setSpacing(6)
        layout.addWidget(caption)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.refresh_button)
        self.set_working(False)

    @property
    def available(self) -> bool:
        return self._service is not None

    @property
    def keys(self) -> list[UsableKey]:
        return list(self._keys)

    def selected_key(self) -> UsableKey | None:
        row = self.combo.currentIndex()
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def select_key(self, token_serial: str, key_id: str) -> None:
        for row, key in enumerate(self._keys):
            if key.token_serial == token_serial and key.certificate.key_id == key_id.lower():
                self.combo.setCurrentIndex(row)
                return
        raise LookupError(f"no usable key {key_id} on {token_serial}")

    def set_working(self, working: bool) -> None:
        """Freeze the choice while a signature is being made."""
        self.combo.setEnabled(not working and bool(self._keys))
        self.refresh_button.setEnabled(self._service is not None and not self.scanning and not working)

    def ensure_scanned(self) -> None:
        if not self.scanned and not self.scanning:
            self.refresh()

    def refresh(self) -> None:
        if self._service is None:
            self.status.setText(self.tr("未连接 key 服务，只能查看和验证合同。"))
            self.combo.setPlaceholderText(self.tr("未连接 key 服务"))
            self.changed.emit()
            return
        if self.scanning:
            return
        self.scanning = True
        self.status.setText(self.tr("正在检测 key……"))
        self.set_working(False)
        self.changed.emit()
        ops.scan_keys(self, self._service).success(self._scanned).failure(self._scan_failed) \
            .finally_(self._scan_done).run()

    def _scan_done(self) -> None:
        self.scanning = False
        self.scanned = True
        self.set_working(False)
        self.changed.emit()

    def _scan_failed(self, error: BaseException) -> None:
        self.status.setText(self.tr("检测 key 失败。"))
        self.combo.setPlaceholderText(self.tr("检测 key 失败"))
        self.error_dialog = present_error(self, error)

    def _scanned(self, inventory: Inventory) -> None:
        report = build_report(inventory, now=self._clock())
        previous = self.selected_key()
        self._keys = ops.sort_keys(report.usable_keys)
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in self._keys:
            self.combo.addItem(self._key_text(key))
            self.combo.setItemData(self.combo.count() - 1, self._key_details(key), Qt.ItemDataRole.ToolTipRole)
        chosen = 0 if self._keys else -1
        if previous is not None:
            for row, key in enumerate(self._keys):
                if (key.token_serial, key.certificate.key_id) == (previous.token_serial,
                                                                  previous.certificate.key_id):
                    chosen = row
        self.combo.setCurrentIndex(chosen)
        self.combo.blockSignals(False)
        if self._keys:
            self.status.setText(self.tr("找到 {n} 个可用于签章的证书。").format(n=len(self._keys)))
            self.combo.setPlaceholderText("")
        else:
            self.status.setText(self.tr("没有找到可用的 key。请插入 CA key，或到【CA 绑定与诊断】查看原因。"))
            self.combo.setPlaceholderText(self.tr("没有可用的 key"))
        self.changed.emit()

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
