"""What the contract pages do to the local store and the sync engine (no Qt): blocking calls,
made from :class:`~desktop.ui.ops.Op` workers, never on the GUI thread.

Every user action becomes a command in the outbox (it reaches the server on the next sync, with
the PDFs it names uploaded first); the PDFs live in the profile's content-addressed folder.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from desktop.config import ContractSettings
from desktop.domain.commands import AddContract, DeleteContract, FileContract, ReplaceContractDocument, SignContract
from desktop.domain.contract_records import ContractRecord
from desktop.domain.errors import YucaiError
from desktop.domain.protocol import AccountInfo, ProtocolError, from_json
from desktop.signing.pdfinput import open_pdf, read_pdf_bytes
from desktop.signing.sign import SignResult
from desktop.store.contracts import ContractRow, LotRow
from desktop.store.outbox import OutboxStatus
from desktop.sync.documents import ByteProgress
from desktop.sync.engine import SyncEngine

DEFAULT_MAX_PDF_BYTES = ContractSettings().max_pdf_bytes
"""合同 pdf 扫描件 size limit unless ``config.toml`` says otherwise (``[contracts] max_pdf_mb``)."""


def size_text(size: int) -> str:
    """``12.5 MB`` / ``64 KB``."""
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class ContractFileRefused(YucaiError):
    code = "contract_file_refused"


@dataclass(frozen=True)
class CheckedPdf:
    path: Path
    size: int
    pages: int


@dataclass(frozen=True)
class ShownDocument:
    sha256: str
    file_name: str
    pending: str | None = None
    """The command made here and not yet synced that produced this file (``sign_contract`` or
    ``replace_contract_document``), None for the contract's current file."""


class ContractService:
    def __init__(self, engine: SyncEngine, max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES) -> None:
        self.engine = engine
        self.max_pdf_bytes = max_pdf_bytes

    # --- reading ---------------------------------------------------------------------------

    def account(self) -> AccountInfo | None:
        return self.engine.state.account

    def remember_account(self, account: AccountInfo | None) -> None:
        self.engine.state.remember_account(account)

    def record(self, contract_id: str) -> ContractRecord | None:
        """The server's full record (None for a contract only this computer knows yet)."""
        record = self.engine.records.get("contract", contract_id)
        if record is None:
            return None
        try:
            return from_json(ContractRecord, record.data)
        except ProtocolError:
            return None

    def shown_document(self, row: ContractRow) -> ShownDocument:
        """What 【查看】 shows: the file of the latest signature or replacement made here and not
        yet synced, else the current PDF."""
        for entry in reversed(self.engine.outbox.for_subject(row.id)):
            if entry.status is not OutboxStatus.PENDING:
                continue
            payload = entry.envelope.payload
            if entry.envelope.name == SignContract.name:
                return ShownDocument(str(payload["signed_sha256"]), row.file_name, SignContract.name)
            if entry.envelope.name == ReplaceContractDocument.name:
                return ShownDocument(str(payload["document_sha256"]), str(payload["file_name"]),
                                     ReplaceContractDocument.name)
        return ShownDocument(row.document_sha256, row.file_name)

    def document(self, sha256: str, progress: ByteProgress | None = None) -> Path:
        """The local copy of a contract PDF, downloaded now if needed (raises SyncError offline)."""
        return self.engine.documents.fetch(sha256, progress)

    def local_document(self, sha256: str) -> Path | None:
        return self.engine.documents.local_path(sha256)

    # --- checks ----------------------------------------------------------------------------

    def check_pdf(self, path: Path) -> CheckedPdf:
        """A real, unencrypted, readable PDF under the size limit (the pdfinput checks)."""
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise ContractFileRefused(f"无法读取文件“{path.name}”：{exc.strerror or exc}",
                                      f"cannot read {path.name}: {exc}") from exc
        if size > self.max_pdf_bytes:
            raise ContractFileRefused(
                f"合同文件“{path.name}”过大（{size_text(size)}），最大 {size_text(self.max_pdf_bytes)}，请压缩后再上传",
                f"{path.name} is {size} bytes; the limit is {self.max_pdf_bytes}")
        document = open_pdf(path, read_pdf_bytes(path))  # NotAPdf, EncryptedPdf, CorruptPdf
        pages = document.page_count
        if pages < 1:
            raise ContractFileRefused(f"合同文件“{path.name}”没有页面", f"{path.name} has no pages")
        return CheckedPdf(path, size, pages)

    # --- commands --------------------------------------------------------------------------

    def add_contract(self, lot: LotRow, title: str, pdf: Path) -> str:
        """2.1 【保存】: keep the PDF, queue ``add_contract``, show a provisional row; the new id."""
        checked = self.check_pdf(pdf)
        now = self.engine.clock()
        contract_id = str(uuid.uuid4())
        command = AddContract(contract_id=contract_id, lot_id=lot.id, title=title.strip(),
                              file_name=checked.path.name, document_sha256="0" * 64)
        command.validate()  # refuse a bad title or file name before the file is copied
        blob = self.engine.files.import_file(checked.path, now)
        command = AddContract(contract_id=contract_id, lot_id=lot.id, title=title.strip(),
                              file_name=checked.path.name, document_sha256=blob.sha256)
        self.engine.outbox.enqueue(command, now)
        self.engine.contracts.add_local(contract_id, lot, command.title, command.file_name, blob.sha256, now)
        return contract_id

    def replace_document(self, row: ContractRow, pdf: Path) -> str:
        """【更换文件】 before anyone signed: keep the new PDF, queue ``replace_contract_document``
        (the file goes up before the command, as for 【添加】); its SHA-256. A contract added here
        and not yet synced gets the replacement after its addition, in the same order."""
        checked = self.check_pdf(pdf)
        now = self.engine.clock()
        ReplaceContractDocument(contract_id=row.id, file_name=checked.path.name,
                                document_sha256="0" * 64).validate()  # a bad file name: before the copy
        blob = self.engine.files.import_file(checked.path, now)
        self.engine.outbox.enqueue(ReplaceContractDocument(contract_id=row.id, file_name=checked.path.name,
                                                           document_sha256=blob.sha256), now)
        return blob.sha256

    def delete_contract(self, row: ContractRow) -> None:
        """【删除】 before anyone signed; the server's tombstone takes the row away on the next sync.
        For a contract added here and not yet synced the deletion simply follows the addition (a
        pending addition may already be on its way up, so it is never taken back)."""
        self.engine.outbox.enqueue(DeleteContract(contract_id=row.id), self.engine.clock())

    def staging_output(self) -> Path:
        """Where the signer writes the signed PDF before it is kept (same folder as the files)."""
        return self.engine.files.staging_path()

    def record_signature(self, row: ContractRow, base_sha256: str, result: SignResult) -> str:
        """2.2/2.3 【保存】 done: keep the signed PDF and queue ``sign_contract``; its SHA-256."""
        now = self.engine.clock()
        blob = self.engine.files.adopt(result.output, now, expected_sha256=result.sha256)
        self.engine.outbox.enqueue(SignContract(contract_id=row.id, base_sha256=base_sha256,
                                                signed_sha256=blob.sha256), now)
        return blob.sha256

    def file_contract(self, row: ContractRow) -> None:
        """2.4 合同备案: the doubly signed PDF becomes the locked main document."""
        self.engine.outbox.enqueue(FileContract(contract_id=row.id), self.engine.clock())
