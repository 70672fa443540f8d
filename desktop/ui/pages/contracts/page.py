"""合同在线签订 (seed manual §二): the list of online-signing records and, in a second tab, the
workbench that signs any local PDF.

The page opens the dialogs the list asks for — 【添加】, 【签章】, 【查看】, 【合同备案】, and from
【查看】 【更换文件】 and 【删除】 — and turns
what the user did into commands in the outbox (:class:`ContractService`, always on a worker);
``outbox_did_change`` tells the main window to show the pending count and sync soon. Sync
results arrive through :meth:`ContractsPage.data_changed`.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QMessageBox, QTabWidget, QVBoxLayout, QWidget

from desktop.config import AppPaths
from desktop.domain.errors import YucaiError
from desktop.domain.protocol import AccountInfo
from desktop.domain.roles import UserType
from desktop.store.changes import Changes
from desktop.store.contracts import ContractRow, Lots
from desktop.sync.engine import SyncEngine
from desktop.sync.errors import SyncError
from desktop.token.pin import PinSource
from desktop.ui.errors import present_error
from desktop.ui.ops import Op, Progress
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.add_dialog import AddContractDialog
from desktop.ui.pages.contracts.list_page import ContractListPage
from desktop.ui.pages.contracts.replace_dialog import ReplaceDocumentDialog
from desktop.ui.pages.contracts.rules import Action, may_add, may_change_document, may_file, my_turn
from desktop.ui.pages.contracts.service import DEFAULT_MAX_PDF_BYTES, ContractService, ShownDocument
from desktop.ui.pages.contracts.sign_dialog import SignContractDialog
from desktop.ui.pages.contracts.trust import TrustSettings
from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
from desktop.ui.pages.contracts.workbench import SigningWorkbench
from desktop.ui.pin_dialog import QtPinSource

log = logging.getLogger(__name__)


class DocumentUnavailable(YucaiError):
    code = "contract_document_unavailable"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ContractsPage(QWidget):
    status_message = Signal(str)
    outbox_did_change = Signal()
    """A command was queued here: update the pending count and sync soon."""

    def __init__(self, service: ops.SigningService | None = None, pin_source: PinSource | None = None, *,
                 engine: SyncEngine | None = None, paths: AppPaths | None = None,
                 trust: TrustSettings | None = None, clock: Callable[[], dt.datetime] | None = None,
                 max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contracts_page")
        self._signing = service
        self._pin_source: PinSource = pin_source or QtPinSource(self)
        self._paths = paths
        self._clock = clock or _utcnow
        self.engine = engine
        self.max_pdf_bytes = max_pdf_bytes
        """合同 pdf 扫描件 size limit of 【添加】 and 【更换文件】 (``[contracts] max_pdf_mb``)."""
        self.service = ContractService(engine, max_pdf_bytes) if engine is not None else None
        self.account: AccountInfo | None = None
        self.dialog: QWidget | None = None
        self.error_dialog: QWidget | None = None
        self.busy_contract: str | None = None

        self.list = ContractListPage()
        self.workbench = SigningWorkbench(service, self._pin_source, paths=paths, trust=trust, clock=self._clock)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.list, self.tr("合同在线签订"))
        self.tabs.addTab(self.workbench, self.tr("本地文件签章"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.preloaded = False
        ops.preload_signing(self).success(lambda _none: setattr(self, "preloaded", True)) \
            .failure(lambda exc: log.warning("preloading the signing stack failed: %r", exc)).run()
        self.workbench.status_message.connect(self.status_message)
        self.list.add_requested.connect(self.add_contract)
        self.list.action_requested.connect(self.act)
        if engine is not None:
            self.list.set_contracts(engine.contracts)
            state = engine.state
            Op(self, lambda: state.account).success(self._remembered).run()

    # --- account and data ------------------------------------------------------------------

    def show_workbench(self) -> None:
        self.tabs.setCurrentWidget(self.workbench)

    def _remembered(self, account: AccountInfo | None) -> None:
        if self.account is None and account is not None:
            self._show_account(account)

    def set_account(self, account: object) -> None:
        """The logged-in account (None after logging out), kept for working offline."""
        known = account if isinstance(account, AccountInfo) else None
        self._show_account(known)
        if self.service is not None:
            service = self.service
            Op(self, lambda: service.remember_account(known)).run()

    def _show_account(self, account: AccountInfo | None) -> None:
        self.account = account
        self.list.set_account(account)

    def data_changed(self, changes: Changes) -> None:
        if changes.full_reset:
            self.list.model.reload()
        elif "contract" in changes.ids:
            self.list.model.refresh(changes.ids["contract"])
        elif changes.outbox:  # applied or refused commands: the 待同步 marks change
            self.list.model.refresh({row.id for row in self.list.model.rows})
        if changes.full_reset or "contract" in changes.ids:
            self.list.reload_counterparties()

    def _queued(self, contract_id: str | None, message: str) -> None:
        if contract_id is not None:
            self.list.model.refresh({contract_id})
        self.status_message.emit(message)
        self.outbox_did_change.emit()

    # --- actions ---------------------------------------------------------------------------

    def act(self, action: Action, row: ContractRow) -> None:
        if action is Action.SIGN:
            self.sign(row)
        elif action is Action.VIEW:
            self.view(row)
        elif action is Action.FILE:
            self.file(row)

    def add_contract(self) -> AddContractDialog | None:
        """【添加】: the edit dialog (purchaser 经办岗 only)."""
        if self.service is None or self.engine is None or self.account is None or not may_add(self.account):
            return None
        dialog = AddContractDialog(self.service, Lots(self.engine.store), self.account.unit_id, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda cid: self._added(cid))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _added(self, contract_id: str) -> None:
        self.list.model.reload()
        self._queued(None, self.tr("已保存合同签订信息，联网同步后生效；请在列表中点击【签章】。"))

    def _document(self, sha256: str, then: Callable[[Path], None], done: Callable[[], None]) -> None:
        """The PDF ``sha256`` here, downloading it first if needed (progress in the status bar)."""
        service = self.service
        assert service is not None
        downloading = self.tr("正在下载合同文件……{kb} KB")
        offline = (self.tr("合同文件尚未下载到本机，请联网同步后再打开。"), "document not downloaded yet")

        def work(progress: Progress) -> Path:
            try:
                return service.document(sha256, lambda n, _t: progress(downloading.format(kb=n // 1024)))
            except SyncError as exc:
                if exc.retryable:
                    raise DocumentUnavailable(*offline) from exc
                raise

        Op.with_progress(self, work).progress(self.status_message.emit).success(then) \
            .failure(self._failed).finally_(done).run()

    def _failed(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)

    def _busy(self, row: ContractRow) -> bool:
        if self.busy_contract is not None:
            return True
        self.busy_contract = row.id
        return False

    def _idle(self) -> None:
        self.busy_contract = None

    def sign(self, row: ContractRow) -> None:
        """【签章】: the current PDF (downloaded if needed), then the sign dialog."""
        if self.service is None or not my_turn(row, self.account) or self._busy(row):
            return
        party = self.tr("供应商") if self.account is not None and \
            self.account.user_type == UserType.SUPPLIER.value else self.tr("采购人")
        self._document(row.document_sha256, lambda path: self._open_sign_dialog(row, path, party), self._idle)

    def _open_sign_dialog(self, row: ContractRow, document: Path, party: str) -> None:
        assert self.service is not None
        dialog = SignContractDialog(self.service, row, document, party, self._signing, self._pin_source,
                                    paths=self._paths, trust=self.workbench.trust_settings(), clock=self._clock,
                                    parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed.connect(lambda _sha: self._queued(row.id, self.tr(
            "签章已保存，联网同步后提交服务器。")))
        self.dialog = dialog
        dialog.open()

    def view(self, row: ContractRow) -> None:
        """【查看】: the signed file with its seals, signing times and the verification panel."""
        if self.service is None or self._busy(row):
            return
        service = self.service

        def facts() -> tuple[ShownDocument, object]:
            return service.shown_document(row), service.record(row.id)

        def open_view(found: tuple[ShownDocument, object]) -> None:
            shown, record = found
            self._document(shown.sha256, lambda path: self._open_view(row, record, path, shown), self._idle)

        def failed(error: BaseException) -> None:
            self._idle()
            self._failed(error)

        Op(self, facts).success(open_view).failure(failed).run()

    def _open_view(self, row: ContractRow, record: object, document: Path, shown: ShownDocument) -> None:
        from desktop.domain.contract_records import ContractRecord

        dialog = ContractViewDialog(row, record if isinstance(record, ContractRecord) else None, document,
                                    self.workbench.trust_settings(), shown=shown,
                                    may_change=may_change_document(row, self.account), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.replace_requested.connect(lambda r: self.replace_document(r, over=dialog))
        dialog.delete_requested.connect(lambda r: self.delete(r, over=dialog))
        self.dialog = dialog
        dialog.open()

    def file(self, row: ContractRow) -> QMessageBox | None:
        """合同备案 (2.4): confirm, then queue ``file_contract``."""
        if self.service is None or not may_file(row, self.account):
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("合同备案"),
                          self.tr("对《{title}》进行合同备案？").format(title=row.title),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("confirm_filing")
        box.setInformativeText(self.tr("备案后，采购人和供应商签章后的 pdf 自动作为合同主文档，不允许修改。"))
        yes = box.addButton(self.tr("备案"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        service = self.service

        def answered(_result: int) -> None:
            if box.clickedButton() is yes:
                Op(self, lambda: service.file_contract(row)) \
                    .success(lambda _none: self._queued(row.id, self.tr("已提交合同备案，联网同步后生效。"))) \
                    .failure(self._failed).run()

        box.finished.connect(answered)
        self.dialog = box
        box.open()
        return box

    def replace_document(self, row: ContractRow, over: ContractViewDialog | None = None
                         ) -> ReplaceDocumentDialog | None:
        """【更换文件】 before anyone signed (from 【查看】, the dialog ``over``, which closes once the
        replacement is queued): a new PDF with 【添加】's checks, then the command."""
        if self.service is None or not may_change_document(row, self.account):
            return None
        dialog = ReplaceDocumentDialog(self.service, row, over.file_name if over is not None else None,
                                       over or self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def saved(_sha: str) -> None:
            self._queued(row.id, self.tr("已更换合同文件，联网同步后生效；同步后再签章。"))
            if over is not None:
                over.close()

        dialog.saved.connect(saved)
        self.dialog = dialog
        dialog.open()
        return dialog

    def delete(self, row: ContractRow, over: ContractViewDialog | None = None) -> QMessageBox | None:
        """【删除】 before anyone signed (from 【查看】, the dialog ``over``, which closes once the
        deletion is queued): confirm, then queue ``delete_contract``."""
        if self.service is None or not may_change_document(row, self.account):
            return None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("删除合同签订信息"),
                          self.tr("删除《{title}》的合同签订信息？").format(title=row.title),
                          QMessageBox.StandardButton.NoButton, over or self)
        box.setObjectName("confirm_delete")
        box.setInformativeText(self.tr("删除后不能恢复；该标段可以重新添加合同签订信息。"))
        yes = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        no = box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        service = self.service

        def answered(_result: int) -> None:
            if box.clickedButton() is yes:
                Op(self, lambda: service.delete_contract(row)) \
                    .success(lambda _none: self._queued(row.id, self.tr("已删除合同签订信息，联网同步后生效。"))) \
                    .failure(self._failed).run()
                if over is not None:
                    over.close()

        box.finished.connect(answered)
        self.dialog = box
        box.open()
        return box
