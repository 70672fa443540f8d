"""Command payloads are checked with the domain rules on both sides (client outbox, server)."""

from __future__ import annotations

import hashlib

import pytest

from desktop.domain.commands import (
    COMMANDS,
    AddContract,
    CommandInvalid,
    FileContract,
    SignContract,
    UpdateOperatorIdNumber,
    command_blobs,
    command_payload,
    parse_command,
)
from desktop.domain.identity import id_number_check_char

A = hashlib.sha256(b"a").hexdigest()
B = hashlib.sha256(b"b").hexdigest()
ID_NUMBER = "41010519900307123" + id_number_check_char("41010519900307123")


def add(**changes: str) -> AddContract:
    fields = {"contract_id": "c-1", "lot_id": "lot-1", "title": "办公设备采购合同", "file_name": "合同.pdf",
              "document_sha256": A} | changes
    return AddContract(**fields)


def test_every_command_round_trips_through_its_payload() -> None:
    commands = [add(), SignContract("c-1", A, B), FileContract("c-1"), UpdateOperatorIdNumber("op-1", ID_NUMBER)]
    for command in commands:
        assert parse_command(command.name, command_payload(command)) == command
    assert {c.name for c in commands} <= set(COMMANDS)


@pytest.mark.parametrize(("changes", "code"), [
    ({"file_name": "合同.docx"}, "file_name_invalid"),
    ({"file_name": "../合同.pdf"}, "file_name_invalid"),
    ({"document_sha256": A.upper()}, "sha256_invalid"),
    ({"document_sha256": A[:-1]}, "sha256_invalid"),
    ({"title": "  "}, "field_required"),
    ({"lot_id": ""}, "field_required"),
])
def test_add_contract_refusals(changes: dict[str, str], code: str) -> None:
    with pytest.raises(CommandInvalid) as info:
        parse_command(AddContract.name, command_payload(add(**changes)))
    assert info.value.code == code


def test_signing_must_change_the_document() -> None:
    with pytest.raises(CommandInvalid) as info:
        SignContract("c-1", A, A).validate()
    assert info.value.code == "signature_missing" and "重新签章" in info.value.message


def test_id_number_is_checked() -> None:
    wrong = ID_NUMBER[:17] + ("0" if ID_NUMBER[17] != "0" else "1")
    with pytest.raises(CommandInvalid) as info:
        UpdateOperatorIdNumber("op-1", wrong).validate()
    assert "校验" in info.value.message or "身份证" in info.value.message


def test_blobs_a_command_needs_on_the_server_first() -> None:
    assert command_blobs(add()) == (A,)
    assert command_blobs(SignContract("c-1", A, B)) == (B,)
    assert command_blobs(FileContract("c-1")) == ()
    assert command_blobs(UpdateOperatorIdNumber("op-1", ID_NUMBER)) == ()
