"""Commands: what a user asks for, as it travels from the client's outbox to the server.

Each command is a frozen dataclass with a stable ``name`` and a payload validated here with the
domain rules, so the client refuses a malformed command before queueing it and the server
refuses it again (it trusts nothing). Permissions and state checks happen on the server.
Workflow commands (plans, contracts, bindings) join :data:`COMMANDS` as they are built.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from desktop.domain.errors import YucaiError
from desktop.domain.identity import InvalidIdentityCode, validate_id_number
from desktop.domain.protocol import ProtocolError, from_json, to_json


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
        try:
            validate_id_number(self.id_number)
        except InvalidIdentityCode as exc:
            raise CommandInvalid(exc.message, exc.message_en, exc.code) from exc
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


COMMANDS: dict[str, type[Any]] = {c.name: c for c in (AddOperator, UpdateOperatorPhone, RemoveOperator,
                                                     UpdateUnitContact)}


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
