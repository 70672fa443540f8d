"""The workbench's right column: the 签章 box (hint, busy bar, status, key status) above the
签章验证 box (:class:`SignaturesPanel`)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLabel, QMessageBox, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.ui.pages.contracts.key_chooser import STATUS_STYLE
from desktop.ui.pages.contracts.signatures_panel import SignaturesPanel

HINT_STYLE = ("QLabel { color: #7a4100; background: #fff3e0; border: 1px solid #ffb74d; border-radius: 4px;"
              " padding: 6px; }")


class SignPanel(QWidget):
    def __init__(self, status_text: str, keys_status: QLabel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        self.status = QLabel(status_text)
        self.status.setObjectName("sign_status")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(STATUS_STYLE)
        sign_layout = QVBoxLayout(sign_box)
        for widget in (self.hint, self.busy, self.status, keys_status):
            sign_layout.addWidget(widget)

        verify_box = QGroupBox(self.tr("签章验证"))
        self.signatures = SignaturesPanel()
        verify_layout = QVBoxLayout(verify_box)
        verify_layout.addWidget(self.signatures)

        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(sign_box)
        layout.addWidget(verify_box, 1)

    def confirmation(self, parent: QWidget, signer: str, page_index: int) -> tuple[QMessageBox, QPushButton]:
        """确认签章: the once-only warning; (the box, its 【确定签章】 button). Not opened yet."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("确认签章"),
                          self.tr("将使用“{name}”的证书，在第 {page} 页所选位置签章。").format(
                              name=signer, page=page_index + 1),
                          QMessageBox.StandardButton.NoButton, parent)
        box.setObjectName("confirm_signing")
        box.setInformativeText(self.tr("只能签章一次，请谨慎操作。"))
        sign = box.addButton(self.tr("确定签章"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(sign)
        return box, sign
