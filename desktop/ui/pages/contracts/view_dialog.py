"""【查看】 (2.2 步骤三): the signed file with its seals, each signing time, the verification panel.

A filed contract (已备案) shows its signed PDF as the locked main document: nothing here replaces
or deletes it. A signature made on this computer and not yet synced is shown with a note.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.contract_records import ContractRecord
from desktop.domain.workflow.contract import ContractState
from desktop.signing.verify import SignatureReport
from desktop.store.contracts import ContractRow
from desktop.ui.errors import present_error
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.list_model import when
from desktop.ui.pages.contracts.pdf_pane import PdfPane
from desktop.ui.pages.contracts.signatures_panel import SignaturesPanel
from desktop.ui.pages.contracts.trust import TrustSettings

LOCK_STYLE = ("QLabel { color: #1b5e20; background: #e8f5e9; border: 1px solid #81c784; border-radius: 4px;"
              " padding: 6px; }")
PENDING_STYLE = ("QLabel { color: #7a4100; background: #fff3e0; border: 1px solid #ffb74d; border-radius: 4px;"
                 " padding: 6px; }")


class ContractViewDialog(QDialog):
    def __init__(self, row: ContractRow, record: ContractRecord | None, document: Path, trust: TrustSettings,
                 *, locally_signed: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("查看合同：{title}").format(title=row.title))
        self.setObjectName("view_contract")
        self.row = row
        self.document = document
        self.error_dialog: QWidget | None = None
        self.save_button = QPushButton(self.tr("另存为"))
        self.save_button.setToolTip(self.tr("原样保存一份签章后的合同文件"))
        self.save_button.clicked.connect(self.choose_save_path)
        self.pane = PdfPane((self.save_button,))
        self.view = self.pane.view

        facts = QGroupBox(self.tr("合同信息"))
        form = QFormLayout(facts)
        amount = record.amount if record is not None else "—"
        self.values: dict[str, QLabel] = {}
        for key, label, value in (
                ("project", self.tr("项目名称："), row.project_name), ("lot", self.tr("标段："), row.lot_name),
                ("title", self.tr("合同名称："), row.title), ("purchaser", self.tr("采购人："), row.purchaser_name),
                ("supplier", self.tr("供应商："), row.supplier_name), ("amount", self.tr("合同金额（元）："), amount),
                ("state", self.tr("状态："), row.state),
                ("purchaser_signed_at", self.tr("采购人签章时间："), when(row.purchaser_signed_at) or "—"),
                ("supplier_signed_at", self.tr("供应商签章时间："), when(row.supplier_signed_at) or "—"),
                ("filed_at", self.tr("备案时间："), when(row.filed_at) or "—")):
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = shown
            form.addRow(label, shown)
        self.banner = QLabel()
        self.banner.setObjectName("view_banner")
        self.banner.setWordWrap(True)
        if row.state == ContractState.FILED.value:
            self.banner.setText(self.tr("已备案：签章后的 pdf 为合同主文档，已锁定，不允许修改（不能更换或删除）。"))
            self.banner.setStyleSheet(LOCK_STYLE)
        elif locally_signed:
            self.banner.setText(self.tr("显示的是本机刚签章、尚未同步的文件；联网同步后提交服务器。"))
            self.banner.setStyleSheet(PENDING_STYLE)
        self.banner.setVisible(bool(self.banner.text()))

        verify_box = QGroupBox(self.tr("签章验证"))
        self.signatures = SignaturesPanel()
        QVBoxLayout(verify_box).addWidget(self.signatures)
        column = QWidget()
        column.setMinimumWidth(330)
        right = QVBoxLayout(column)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.banner)
        right.addWidget(facts)
        right.addWidget(verify_box, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pane)
        splitter.addWidget(column)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([780, 380])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 10, 10, 10)
        layout.addWidget(splitter)
        self.resize(1180, 800)

        self.verifying = True
        self.signatures.show_checking()
        self.view.open(document)
        ops.verify_signatures(self, document, trust).success(self._verified).failure(self._not_verified).run()

    @property
    def busy(self) -> bool:
        return self.verifying or self.view.busy

    def _verified(self, reports: tuple[SignatureReport, ...]) -> None:
        self.verifying = False
        self.signatures.show_reports(reports)

    def _not_verified(self, error: BaseException) -> None:
        self.verifying = False
        self.signatures.show_failed(getattr(error, "message", "") or type(error).__name__)

    def choose_save_path(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        dialog = QFileDialog(self, self.tr("另存为"), str(Path(folder) / self.row.file_name),
                             self.tr("PDF 文件 (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.open()

    def save_to(self, target: Path) -> None:
        ops.save_copy(self, self.document, target) \
            .failure(lambda exc: setattr(self, "error_dialog", present_error(self, exc))).run()
