"""【查看】 (2.2 步骤三): the signed file with its seals, each signing time, the verification panel.

A filed contract (已备案) shows its signed PDF as the locked main document: nothing here replaces
or deletes it. Before anyone signed (待签章) the purchaser's 经办岗 finds 【更换文件】 and 【删除】 here,
beside the file they change (the page opens their dialogs: :mod:`.rules`). A signature or a
replaced file made on this computer and not yet synced is shown with a note.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
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

from desktop.domain.commands import ReplaceContractDocument, SignContract
from desktop.domain.contract_records import ContractRecord
from desktop.domain.workflow.contract import ContractState
from desktop.signing.verify import SignatureReport
from desktop.store.contracts import ContractRow
from desktop.ui.errors import present_error
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.list_model import when
from desktop.ui.pages.contracts.pdf_pane import PdfPane, row_layout
from desktop.ui.pages.contracts.service import ShownDocument
from desktop.ui.pages.contracts.signatures_panel import SignaturesPanel
from desktop.ui.pages.contracts.trust import TrustSettings

LOCK_STYLE = ("QLabel { color: #1b5e20; background: #e8f5e9; border: 1px solid #81c784; border-radius: 4px;"
              " padding: 6px; }")
PENDING_STYLE = ("QLabel { color: #7a4100; background: #fff3e0; border: 1px solid #ffb74d; border-radius: 4px;"
                 " padding: 6px; }")
NOTE_STYLE = ("QLabel { color: #1f3a5f; background: #e3f2fd; border: 1px solid #90caf9; border-radius: 4px;"
              " padding: 6px; }")
DELETE_STYLE = "QPushButton#delete_contract { color: #c62828; }"


class ContractViewDialog(QDialog):
    replace_requested = Signal(object)  # ContractRow: 【更换文件】
    delete_requested = Signal(object)  # ContractRow: 【删除】

    def __init__(self, row: ContractRow, record: ContractRecord | None, document: Path, trust: TrustSettings,
                 *, shown: ShownDocument | None = None, may_change: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("查看合同：{title}").format(title=row.title))
        self.setObjectName("view_contract")
        self.row = row
        shown = shown or ShownDocument(row.document_sha256, row.file_name)
        self.file_name = shown.file_name
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
                ("title", self.tr("合同名称："), row.title), ("file", self.tr("合同文件："), shown.file_name),
                ("purchaser", self.tr("采购人："), row.purchaser_name),
                ("supplier", self.tr("供应商："), row.supplier_name), ("amount", self.tr("合同金额（元）："), amount),
                ("state", self.tr("状态："), row.state),
                ("purchaser_signed_at", self.tr("采购人签章时间："), when(row.purchaser_signed_at) or "—"),
                ("supplier_signed_at", self.tr("供应商签章时间："), when(row.supplier_signed_at) or "—"),
                ("filed_at", self.tr("备案时间："), when(row.filed_at) or "—")):
            fact = QLabel(value)
            fact.setWordWrap(True)
            fact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.values[key] = fact
            form.addRow(label, fact)
        self.banner = QLabel()
        self.banner.setObjectName("view_banner")
        self.banner.setWordWrap(True)
        if row.state == ContractState.FILED.value:
            self.banner.setText(self.tr("已备案：签章后的 pdf 为合同主文档，已锁定，不允许修改（不能更换或删除）。"))
            self.banner.setStyleSheet(LOCK_STYLE)
        elif shown.pending == SignContract.name:
            self.banner.setText(self.tr("显示的是本机刚签章、尚未同步的文件；联网同步后提交服务器。"))
            self.banner.setStyleSheet(PENDING_STYLE)
        elif shown.pending == ReplaceContractDocument.name:
            self.banner.setText(self.tr("显示的是本机更换、尚未同步的合同文件；联网同步后提交服务器，之后再签章。"))
            self.banner.setStyleSheet(PENDING_STYLE)
        elif may_change:
            self.banner.setText(self.tr("合同尚未签章：可以更换合同文件，或删除本条合同签订信息；"
                                        "签章后不能再更换或删除。"))
            self.banner.setStyleSheet(NOTE_STYLE)
        self.banner.setVisible(bool(self.banner.text()))
        self.replace_button = QPushButton(self.tr("更换文件"))
        self.replace_button.setObjectName("replace_document")
        self.replace_button.setToolTip(self.tr("上传另一份合同 pdf 扫描件，替换尚未签章的合同文件"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.delete_button.setObjectName("delete_contract")
        self.delete_button.setStyleSheet(DELETE_STYLE)
        self.delete_button.setToolTip(self.tr("删除本条尚未签章的合同签订信息"))
        self.change_bar = QWidget()
        bar = row_layout(self.change_bar)
        bar.addWidget(self.replace_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        self.change_bar.setVisible(may_change)
        self.replace_button.clicked.connect(lambda: self.replace_requested.emit(self.row))
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.row))

        verify_box = QGroupBox(self.tr("签章验证"))
        self.signatures = SignaturesPanel()
        QVBoxLayout(verify_box).addWidget(self.signatures)
        column = QWidget()
        column.setMinimumWidth(330)
        right = QVBoxLayout(column)
        right.setContentsMargins(8, 0, 0, 0)
        right.addWidget(self.banner)
        right.addWidget(facts)
        right.addWidget(self.change_bar)
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
        dialog = QFileDialog(self, self.tr("另存为"), str(Path(folder) / self.file_name),
                             self.tr("PDF 文件 (*.pdf)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("pdf")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_to(Path(name)))
        dialog.open()

    def save_to(self, target: Path) -> None:
        ops.save_copy(self, self.document, target) \
            .failure(lambda exc: setattr(self, "error_dialog", present_error(self, exc))).run()
