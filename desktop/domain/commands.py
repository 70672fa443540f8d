"""Commands: what a user asks for, as it travels from the client's outbox to the server.

Each command is a frozen dataclass with a stable ``name`` and a payload validated here with the
domain rules, so the client refuses a malformed command before queueing it and the server
refuses it again (it trusts nothing). Permissions and state checks happen on the server.
Workflow commands (plans, contracts, bindings) join :data:`COMMANDS` as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from desktop.domain.agreement_commands import AGREEMENT_COMMANDS
from desktop.domain.errors import YucaiError
from desktop.domain.identity import InvalidIdentityCode, validate_id_number
from desktop.domain.plan_commands import PLAN_COMMANDS
from desktop.domain.protocol import ProtocolError, from_json, to_json
from desktop.domain.second_stage_commands import SECOND_STAGE_COMMANDS


class CommandInvalid(YucaiError):
    """A command whose payload breaks a domain rule (before any permission check)."""

    code = "command_invalid"

    def __init__(self, message: str, message_en: str, code: str | None = None) -> None:
        super().__init__(message, message_en)
        if code:
            self.code = code


class Command(Protocol):
    name: ClassVar[str]

    def validate(self) -> None: ...


def _require_text(value: str, label_zh: str, label_en: str, limit: int = 100) -> str:
    text = value.strip()
    if not text:
        raise CommandInvalid(f"{label_zh}不能为空", f"{label_en} is required", "field_required")
    if len(text) > limit:
        raise CommandInvalid(f"{label_zh}过长（最多 {limit} 个字）", f"{label_en} too long", "field_too_long")
    return text


def _require_phone(value: str) -> str:
    text = value.strip()
    if not (7 <= len(text) <= 20) or not all(c.isdigit() or c in "-+ " for c in text):
        raise CommandInvalid(f"联系电话“{value}”格式不正确", f"invalid phone number {value!r}", "phone_invalid")
    return text


def _require_id_number(value: str) -> str:
    try:
        return validate_id_number(value)
    except InvalidIdentityCode as exc:
        raise CommandInvalid(exc.message, exc.message_en, exc.code) from exc


@dataclass(frozen=True)
class AddOperator:
    """经办岗 registers an operator (操作人) of its own unit."""

    name: ClassVar[str] = "add_operator"
    operator_id: str
    full_name: str
    id_number: str
    phone: str = ""

    def validate(self) -> None:
        _require_text(self.operator_id, "操作人编号", "operator id", 64)
        _require_text(self.full_name, "操作人姓名", "operator name", 50)
        _require_id_number(self.id_number)
        if self.phone:
            _require_phone(self.phone)


@dataclass(frozen=True)
class UpdateOperatorPhone:
    name: ClassVar[str] = "update_operator_phone"
    operator_id: str
    phone: str

    def validate(self) -> None:
        _require_phone(self.phone)


@dataclass(frozen=True)
class RemoveOperator:
    """Withdraw an operator; it leaves the feed as a tombstone."""

    name: ClassVar[str] = "remove_operator"
    operator_id: str

    def validate(self) -> None:
        _require_text(self.operator_id, "操作人编号", "operator id", 64)


@dataclass(frozen=True)
class UpdateUnitContact:
    name: ClassVar[str] = "update_unit_contact"
    contact_person: str
    contact_phone: str

    def validate(self) -> None:
        _require_text(self.contact_person, "联系人", "contact person", 50)
        _require_phone(self.contact_phone)


@dataclass(frozen=True)
class UpdateOperatorIdNumber:
    """操作人员管理: correct an operator's 身份证号码 (a personal key binds only to a matching number)."""

    name: ClassVar[str] = "update_operator_id_number"
    operator_id: str
    id_number: str

    def validate(self) -> None:
        _require_text(self.operator_id, "操作人编号", "operator id", 64)
        _require_id_number(self.id_number)


# --- 合同在线签订 (seed manual §二; issue 6) ---------------------------------------------------
# A command that names a PDF by SHA-256 needs that blob on the server first: the sync engine
# uploads every digest :func:`command_blobs` returns before it pushes the command.

def _require_sha256(value: str, label_zh: str = "合同文件") -> str:
    if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
        raise CommandInvalid(f"{label_zh}的摘要格式不正确（应为 64 位小写十六进制 SHA-256）",
                             f"{label_zh}: SHA-256 hex digest expected", "sha256_invalid")
    return value


def _require_pdf_name(value: str) -> str:
    text = _require_text(value, "合同文件名", "file name", 200)
    if not text.lower().endswith(".pdf") or any(ch in text for ch in "/\\"):
        raise CommandInvalid(f"合同文件“{text}”不是 pdf 文件名", f"{text!r} is not a PDF file name",
                             "file_name_invalid")
    return text


@dataclass(frozen=True)
class AddContract:
    """2.1 【添加】→【选择】 a lot with a published result announcement → upload the PDF →【保存】: 待签章."""

    name: ClassVar[str] = "add_contract"
    contract_id: str
    lot_id: str
    title: str
    file_name: str
    document_sha256: str

    def validate(self) -> None:
        _require_text(self.contract_id, "合同编号", "contract id", 64)
        _require_text(self.lot_id, "标段", "lot", 64)
        _require_text(self.title, "合同名称", "contract title", 200)
        _require_pdf_name(self.file_name)
        _require_sha256(self.document_sha256)


@dataclass(frozen=True)
class ReplaceContractDocument:
    """Upload another PDF before anyone has signed."""

    name: ClassVar[str] = "replace_contract_document"
    contract_id: str
    file_name: str
    document_sha256: str

    def validate(self) -> None:
        _require_text(self.contract_id, "合同编号", "contract id", 64)
        _require_pdf_name(self.file_name)
        _require_sha256(self.document_sha256)


@dataclass(frozen=True)
class DeleteContract:
    """Withdraw a record nobody has signed yet; it leaves the feed as a tombstone."""

    name: ClassVar[str] = "delete_contract"
    contract_id: str

    def validate(self) -> None:
        _require_text(self.contract_id, "合同编号", "contract id", 64)


@dataclass(frozen=True)
class SignContract:
    """2.2/2.3 【签章】…【保存】: ``signed_sha256`` must be ``base_sha256``'s exact bytes plus one
    incremental signature by the signer's bound key (checked by the server)."""

    name: ClassVar[str] = "sign_contract"
    contract_id: str
    base_sha256: str
    signed_sha256: str

    def validate(self) -> None:
        _require_text(self.contract_id, "合同编号", "contract id", 64)
        _require_sha256(self.base_sha256)
        _require_sha256(self.signed_sha256, "签章后的合同文件")
        if self.base_sha256 == self.signed_sha256:
            raise CommandInvalid("签章后的合同文件与签章前相同，请重新签章", "the signed PDF equals the unsigned one",
                                 "signature_missing")


@dataclass(frozen=True)
class FileContract:
    """2.4 合同备案: the doubly signed PDF becomes the locked main document; publishes the 合同公告."""

    name: ClassVar[str] = "file_contract"
    contract_id: str

    def validate(self) -> None:
        _require_text(self.contract_id, "合同编号", "contract id", 64)


COMMANDS: dict[str, type[Any]] = {c.name: c for c in (
    AddOperator, UpdateOperatorPhone, UpdateOperatorIdNumber, RemoveOperator, UpdateUnitContact,
    AddContract, ReplaceContractDocument, DeleteContract, SignContract, FileContract, *PLAN_COMMANDS,
    *AGREEMENT_COMMANDS, *SECOND_STAGE_COMMANDS)}


def command_blobs(command: object) -> tuple[str, ...]:
    """The blobs (SHA-256) a command refers to, which must reach the server before it."""
    if isinstance(command, AddContract | ReplaceContractDocument):
        return (command.document_sha256,)
    if isinstance(command, SignContract):
        return (command.signed_sha256,)
    return ()


def command_payload(command: Command) -> dict[str, Any]:
    payload = to_json(command)
    assert isinstance(payload, dict)
    return payload


def parse_command(name: str, payload: dict[str, Any]) -> Command:
    """The validated command for a wire name and payload; raises :class:`CommandInvalid`."""
    cls = COMMANDS.get(name)
    if cls is None:
        raise CommandInvalid(f"未知的操作类型“{name}”", f"unknown command {name!r}", "command_unknown")
    try:
        command: Command = from_json(cls, payload)
    except ProtocolError as exc:
        raise CommandInvalid(f"操作内容不完整或格式错误：{exc.detail}", f"malformed payload: {exc.detail}",
                             "payload_malformed") from exc
    command.validate()
    return command
