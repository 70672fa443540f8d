"""合同签章页面 (2.2 步骤二 / 2.3): the workbench in contract mode over the contract's current PDF.

Choose the key, 【签章】, click where the seal goes, 【保存】 (只能签章一次，请谨慎操作), PIN. The
signed PDF is written to the profile's staging folder off the GUI thread, then kept as a file
addressed by its SHA-256 and ``sign_contract`` is queued (:meth:`ContractService.record_signature`);
it reaches the server on the next sync, which works offline too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from desktop.config import AppPaths
from desktop.signing.sign import SignResult
from desktop.store.contracts import ContractRow
from desktop.token.pin import PinSource
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.contracts import ops
from desktop.ui.pages.contracts.service import ContractService
from desktop.ui.pages.contracts.trust import TrustSettings
from desktop.ui.pages.contracts.workbench import Mode, SigningWorkbench, State

FACTS_STYLE = ("QLabel { background: #eef3f9; border: 1px solid #c5d3e3; border-radius: 4px; padding: 6px;"
               " color: #1f2d3d; }")


class SignContractDialog(QDialog):
    signed = Signal(str)  # SHA-256 of the signed PDF, kept and queued

    def __init__(self, service: ContractService, row: ContractRow, document: Path, party: str,
                 signing: ops.SigningService | None, pin_source: PinSource, *, paths: AppPaths | None = None,
                 trust: TrustSettings | None = None, clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("合同签章"))
        self.setObjectName("sign_contract")
        self.row = row
        self._service = service
        self._output = service.staging_output()
        self.signed_sha256: str | None = None
        self.error_dialog: QWidget | None = None
        facts = QLabel(self.tr("{project}　{lot}　《{title}》\n当前状态：{state}　本次以{party}身份签章。"
                               "注意：只能签章一次，请谨慎操作。").format(
            project=row.project_name, lot=row.lot_name, title=row.title, state=row.state, party=party))
        facts.setObjectName("contract_facts")
        facts.setWordWrap(True)
        facts.setStyleSheet(FACTS_STYLE)
        self.workbench = SigningWorkbench(signing, pin_source, paths=paths, trust=trust, clock=clock,
                                          mode=Mode.CONTRACT, output=self._output, parent=self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(facts)
        layout.addWidget(self.workbench, 1)
        self.workbench.contract_did_sign.connect(self._signed)
        self.workbench.open_file(document, shown_name=row.file_name)
        self.resize(1180, 800)

    def _signed(self, result: SignResult) -> None:
        service, row = self._service, self.row
        Op(self, lambda: service.record_signature(row, row.document_sha256, result)) \
            .success(self._kept).failure(self._keep_failed).run()

    def _kept(self, sha256: str) -> None:
        self.signed_sha256 = sha256
        self.signed.emit(sha256)
        self.accept()

    def _keep_failed(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)

    def done(self, result: int) -> None:
        if self.workbench.state in (State.SIGNING, State.CONFIRMING):
            return  # the signature is being made: closing now would lose it
        if self.signed_sha256 is None:
            with contextlib.suppress(OSError):
                self._output.unlink(missing_ok=True)
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workbench.state in (State.SIGNING, State.CONFIRMING):
            event.ignore()
            return
        super().closeEvent(event)
