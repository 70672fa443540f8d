"""【更换文件】: another contract PDF for a record nobody has signed yet (待签章, purchaser 经办岗).

The new file gets the checks of 【添加】 (:class:`PdfFileField`); 【保存】 keeps it in the profile's
file folder and queues ``replace_contract_document`` (:meth:`ContractService.replace_document`),
which reaches the server on the next sync after the file itself. The server refuses it once the
contract is signed or filed (the file is then locked).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.store.contracts import ContractRow
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.contracts.add_dialog import SAVE_STYLE
from desktop.ui.pages.contracts.pdf_field import PdfFileField
from desktop.ui.pages.contracts.pdf_pane import row_layout
from desktop.ui.pages.contracts.service import ContractService


class ReplaceDocumentDialog(QDialog):
    saved = Signal(str)  # the new file's SHA-256

    def __init__(self, service: ContractService, row: ContractRow, current_name: str | None = None,
                 parent: QWidget | None = None) -> None:
        """``current_name``: the file 【查看】 showed (a replacement not yet synced), else the row's."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("更换合同文件"))
        self.setObjectName("replace_document")
        self._service = service
        self.row = row
        self.error_dialog: QWidget | None = None
        self._saving = False

        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_contract")
        self.save_button.setStyleSheet(SAVE_STYLE)
        cancel = QPushButton(self.tr("取消"))
        heading = QLabel(self.tr("更换合同文件"))
        heading.setStyleSheet("QLabel { font-size: 12pt; font-weight: bold; color: #1f3a5f; }")
        top = QWidget()
        bar = row_layout(top)
        bar.addWidget(heading)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(cancel)

        self.file_field = PdfFileField(service)
        self.file_field.label.setText(self.tr("请上传新的合同文件"))
        form = QFormLayout()
        current = current_name or row.file_name
        for label, value in ((self.tr("项目名称："), row.project_name), (self.tr("标段："), row.lot_name),
                             (self.tr("合同名称："), row.title), (self.tr("当前文件："), current)):
            shown = QLabel(value)
            shown.setWordWrap(True)
            form.addRow(label, shown)
        form.addRow(self.tr("新文件："), self.file_field)
        body = QWidget()
        body.setLayout(form)
        self.status = QLabel(self.tr("合同尚未签章，可以更换合同文件；保存后双方使用新文件签章。签章后不能再更换。"))
        self.status.setWordWrap(True)
        self.status.setObjectName("replace_status")
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(body)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setMinimumWidth(600)
        self.resize(600, 300)

        self.file_field.changed.connect(self._update)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self._update()

    @property
    def checking(self) -> bool:
        return self.file_field.checking

    def _update(self) -> None:
        busy = self.checking or self._saving
        self.save_button.setEnabled(self.file_field.pdf is not None and not busy)
        self.file_field.set_busy(busy)

    def set_file(self, path: Path) -> None:
        self.file_field.set_file(path)

    def save(self) -> None:
        pdf, row = self.file_field.pdf, self.row
        if pdf is None or self._saving:
            return
        self._saving = True
        self._update()
        self.status.setText(self.tr("正在保存……"))
        service = self._service
        Op(self, lambda: service.replace_document(row, pdf.path)).success(self._saved) \
            .failure(self._save_failed).run()

    def _saved(self, sha256: str) -> None:
        self._saving = False
        self.saved.emit(sha256)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update()
        self.status.setText(self.tr("未保存。"))
        self.error_dialog = present_error(self, error)
