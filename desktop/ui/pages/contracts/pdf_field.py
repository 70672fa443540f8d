"""合同文件： the contract PDF chosen for 【添加】 and for 【更换文件】, checked as soon as it is picked.

One widget for both dialogs, so both apply the same checks (:meth:`ContractService.check_pdf`: a
real, unencrypted, readable PDF under the configured size limit), in the background, and show the
result the same way (✔ name, pages and size, or ✘ and the reason).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QWidget

from desktop.ui.ops import Op
from desktop.ui.pages.contracts.pdf_pane import row_layout
from desktop.ui.pages.contracts.service import CheckedPdf, ContractService, size_text

OK_STYLE = "QLabel { color: #2e7d32; }"
BAD_STYLE = "QLabel { color: #c62828; }"


class PdfFileField(QWidget):
    changed = Signal()
    """A check started or ended (``pdf`` and ``checking`` may have changed)."""

    def __init__(self, service: ContractService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.pdf: CheckedPdf | None = None
        self.checking = False
        self.label = QLabel(self.tr("未上传"))
        self.label.setObjectName("file_label")
        self.label.setWordWrap(True)
        self.button = QPushButton(self.tr("上传"))
        self.button.setObjectName("upload_button")
        self.button.setToolTip(self.tr("上传合同 pdf 扫描件（不能加密，最大 {size}）").format(
            size=size_text(service.max_pdf_bytes)))
        row = row_layout(self)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.button.clicked.connect(self.choose_file)

    def set_busy(self, busy: bool) -> None:
        """The dialog is saving (or checking): no other file now."""
        self.button.setEnabled(not busy and not self.checking)

    def choose_file(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("上传合同 pdf 扫描件"), folder, self.tr("PDF 文件 (*.pdf)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.set_file(Path(name)))
        dialog.open()

    def set_file(self, path: Path) -> None:
        """Check ``path`` in the background; the result shows in the label."""
        self.pdf = None
        self.checking = True
        self.label.setStyleSheet("")
        self.label.setText(self.tr("正在检查“{name}”……").format(name=path.name))
        self.changed.emit()
        service = self._service
        Op(self, lambda: service.check_pdf(path)).success(self._checked).failure(self._refused) \
            .finally_(self._check_done).run()

    def _check_done(self) -> None:
        self.checking = False
        self.changed.emit()

    def _checked(self, pdf: CheckedPdf) -> None:
        self.pdf = pdf
        self.label.setStyleSheet(OK_STYLE)
        self.label.setText(self.tr("✔ {name}（{pages} 页，{size}）").format(
            name=pdf.path.name, pages=pdf.pages, size=size_text(pdf.size)))

    def _refused(self, error: BaseException) -> None:
        self.label.setStyleSheet(BAD_STYLE)
        self.label.setText("✘ " + (getattr(error, "message", "") or str(error)))
