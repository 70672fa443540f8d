"""2.1 采购人经办岗添加合同签订信息: 【选择】 the lot, name the contract, upload the PDF, 【保存】.

The PDF is checked in the background as soon as it is chosen (a real, unencrypted PDF under the
size limit: the signing engine's own input checks; :class:`PdfFileField`, shared with 【更换文件】),
and again when saved; 【保存】 copies it into
the profile's file folder and queues ``add_contract`` (:meth:`ContractService.add_contract`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.store.contracts import LotRow, Lots
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.contracts.lot_picker import LotPickerDialog
from desktop.ui.pages.contracts.pdf_field import PdfFileField
from desktop.ui.pages.contracts.pdf_pane import row_layout
from desktop.ui.pages.contracts.service import CheckedPdf, ContractService

SAVE_STYLE = ("QPushButton#save_contract { background: #1565c0; color: white; font-weight: bold; padding: 5px 18px;"
              " border-radius: 4px; border: none; } QPushButton#save_contract:disabled { background: #a9bcd3; }")


class AddContractDialog(QDialog):
    saved = Signal(str)  # the new contract id

    def __init__(self, service: ContractService, lots: Lots, purchaser_unit_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("编辑合同在线签订"))
        self.setObjectName("add_contract")
        self._service = service
        self._lots = lots
        self._purchaser = purchaser_unit_id
        self.lot: LotRow | None = None
        self.picker: LotPickerDialog | None = None
        self.error_dialog: QWidget | None = None
        self._saving = False

        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("save_contract")
        self.save_button.setStyleSheet(SAVE_STYLE)
        cancel = QPushButton(self.tr("取消"))
        heading = QLabel(self.tr("填写合同信息"))
        heading.setStyleSheet("QLabel { font-size: 12pt; font-weight: bold; color: #1f3a5f; }")
        top = QWidget()
        bar = row_layout(top)
        bar.addWidget(heading)
        bar.addStretch(1)
        bar.addWidget(self.save_button)
        bar.addWidget(cancel)

        self.project_edit = QLineEdit()
        self.project_edit.setReadOnly(True)
        self.project_edit.setPlaceholderText(self.tr("请点击【选择】，选择发布过结果公告的标段"))
        self.choose_button = QPushButton(self.tr("选择"))
        project_row = QWidget()
        row = row_layout(project_row)
        row.addWidget(self.project_edit, 1)
        row.addWidget(self.choose_button)
        self.lot_label = QLabel("—")
        self.purchaser_label = QLabel("—")
        self.supplier_label = QLabel("—")
        self.amount_label = QLabel("—")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("contract_title")
        self.title_edit.setMaxLength(200)
        self.title_edit.setPlaceholderText(self.tr("例如：台式计算机采购合同"))
        self.file_field = PdfFileField(service)
        self.file_label = self.file_field.label
        self.upload_button = self.file_field.button
        form = QFormLayout()
        form.addRow(self.tr("项目名称："), project_row)
        form.addRow(self.tr("标段："), self.lot_label)
        form.addRow(self.tr("采购人："), self.purchaser_label)
        form.addRow(self.tr("供应商："), self.supplier_label)
        form.addRow(self.tr("成交金额（元）："), self.amount_label)
        form.addRow(self.tr("合同名称："), self.title_edit)
        form.addRow(self.tr("合同文件："), self.file_field)
        body = QWidget()
        body.setLayout(form)
        self.status = QLabel(self.tr("采购单位、供应商线下确定合同内容后，上传该合同 PDF 文件，保存后双方在线签章。"))
        self.status.setWordWrap(True)
        self.status.setObjectName("add_status")
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(body)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.setMinimumWidth(680)
        self.resize(680, 420)

        self.choose_button.clicked.connect(self.choose_lot)
        self.file_field.changed.connect(self._update)
        self.title_edit.textChanged.connect(lambda _t: self._update())
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self._update()

    @property
    def pdf(self) -> CheckedPdf | None:
        return self.file_field.pdf

    @property
    def checking(self) -> bool:
        return self.file_field.checking

    def _update(self) -> None:
        busy = self.checking or self._saving
        ready = self.lot is not None and self.pdf is not None and bool(self.title_edit.text().strip())
        self.save_button.setEnabled(ready and not busy)
        self.choose_button.setEnabled(not busy)
        self.file_field.set_busy(busy)

    # --- lot -------------------------------------------------------------------------------

    def choose_lot(self) -> LotPickerDialog:
        picker = LotPickerDialog(self._lots, self._purchaser, self)
        picker.setWindowModality(Qt.WindowModality.WindowModal)
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        picker.accepted.connect(lambda: self.set_lot(picker.chosen))
        self.picker = picker
        picker.open()
        return picker

    def set_lot(self, lot: LotRow | None) -> None:
        self.picker = None
        if lot is None:
            return
        self.lot = lot
        self.project_edit.setText(f"{lot.project_name}（{lot.project_code}）")
        self.project_edit.setCursorPosition(0)
        self.lot_label.setText(lot.lot_name)
        self.purchaser_label.setText(lot.purchaser_name)
        self.supplier_label.setText(f"{lot.supplier_name}（{lot.supplier_credit_code}）")
        self.amount_label.setText(lot.amount)
        if not self.title_edit.text().strip():
            self.title_edit.setText(self.tr("{lot}合同").format(lot=lot.lot_name))
        self._update()

    # --- file ------------------------------------------------------------------------------

    def choose_file(self) -> None:
        self.file_field.choose_file()

    def set_file(self, path: Path) -> None:
        """Check ``path`` in the background; the result shows under 合同文件."""
        self.file_field.set_file(path)

    # --- save ------------------------------------------------------------------------------

    def save(self) -> None:
        lot, pdf, title = self.lot, self.pdf, self.title_edit.text()
        if lot is None or pdf is None or self._saving:
            return
        self._saving = True
        self._update()
        self.status.setText(self.tr("正在保存……"))
        service = self._service
        Op(self, lambda: service.add_contract(lot, title, pdf.path)).success(self._saved) \
            .failure(self._save_failed).run()

    def _saved(self, contract_id: str) -> None:
        self._saving = False
        self.saved.emit(contract_id)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        self._update()
        self.status.setText(self.tr("未保存。"))
        self.error_dialog = present_error(self, error)
