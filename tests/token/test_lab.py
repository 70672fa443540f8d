"""The SoftHSM2 lab holds what the fixture promises, read back through python-pkcs11."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pkcs11
import pytest
from pkcs11 import Attribute, ObjectClass

from desktop.demo.pki import CertProfile, Storage
from desktop.demo.softhsm import Lab, LabToken, Problem, TokenSpec

pytestmark = pytest.mark.softhsm


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _objects(lib: Any, token: LabToken, *, login: bool) -> list[tuple[ObjectClass, str, str]]:
    """(class, label, CKA_ID hex) of every object, collected before reading attributes."""
    tok = lib.get_token(token_label=token.label)
    with tok.open(user_pin=token.user_pin if login else None) as session:
        found = list(session.get_objects())  # iterating while reading attributes -> OperationActive
        return [(obj[Attribute.CLASS], _text(obj[Attribute.LABEL]), _key_id(obj)) for obj in found]


def _key_id(obj: Any) -> str:
    if obj[Attribute.CLASS] == ObjectClass.DATA:  # data objects have no CKA_ID
        return ""
    return bytes(obj[Attribute.ID]).hex()


@pytest.fixture(scope="module")
def lib(softhsm_lab: Lab) -> Any:
    assert os.environ["SOFTHSM2_CONF"] == str(softhsm_lab.conf)
    return pkcs11.lib(softhsm_lab.module)


def test_every_token_is_present_and_initialised(softhsm_lab: Lab, lib: Any) -> None:
    present = {tok.label: tok for tok in lib.get_tokens() if tok.label}
    for token in softhsm_lab.tokens.values():
        assert token.label in present, token.label
        found = present[token.label]
        assert _text(found.serial) == token.serial
        assert pkcs11.TokenFlag.TOKEN_INITIALIZED in found.flags
    assert {"unit_rsa", "unit_ec", "problems", "empty", "crowded"} <= set(softhsm_lab.tokens)


@pytest.mark.parametrize("name", ["unit_rsa", "unit_ec", "problems", "empty", "crowded"])
def test_objects_without_login(softhsm_lab: Lab, lib: Any, name: str) -> None:
    token = softhsm_lab.token(name)
    objects = _objects(lib, token, login=False)
    assert len(objects) == token.public_object_count
    certs = {(label, key_id) for cls, label, key_id in objects if cls == ObjectClass.CERTIFICATE}
    expected = {(c.label, c.key_id) for c in token.certificates}
    expected |= {(g.label, g.key_id) for g in token.garbage}
    if token.ca_certificate:
        expected.add(("豫采演示签名CA", ""))
    assert certs == expected
    publics = {key_id for cls, _, key_id in objects if cls == ObjectClass.PUBLIC_KEY}
    assert publics == {c.key_id for c in token.certificates if c.storage is not Storage.ABSENT}
    privates = {key_id for cls, _, key_id in objects if cls == ObjectClass.PRIVATE_KEY}
    assert privates == {c.key_id for c in token.certificates if c.storage is Storage.VISIBLE}
    assert sum(cls == ObjectClass.DATA for cls, _, _ in objects) == token.data_objects


@pytest.mark.parametrize("name", ["unit_rsa", "unit_ec", "problems", "crowded"])
def test_private_keys_after_login(softhsm_lab: Lab, lib: Any, name: str) -> None:
    token = softhsm_lab.token(name)
    objects = _objects(lib, token, login=True)
    assert len(objects) == token.object_count
    privates = {key_id for cls, _, key_id in objects if cls == ObjectClass.PRIVATE_KEY}
    assert privates == {c.key_id for c in token.certificates if c.storage is not Storage.ABSENT}


def test_visible_and_hidden_private_keys_side_by_side(softhsm_lab: Lab) -> None:
    token = softhsm_lab.token("unit_ec")
    assert {c.storage for c in token.certificates} == {Storage.VISIBLE, Storage.PRIVATE}


def test_certificate_values_and_chinese_labels(softhsm_lab: Lab, lib: Any) -> None:
    token = softhsm_lab.token("problems")
    with lib.get_token(token_label=token.label).open() as session:
        found = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
        values = {_text(obj[Attribute.LABEL]): bytes(obj[Attribute.VALUE]) for obj in found}
    for cert in token.certificates:
        assert values[cert.label] == cert.der
    assert values["损坏的证书"].startswith(b"\x30\x82\x01\x00 this is not")
    assert token.label == "问题证书key"


def test_the_lab_covers_every_problem(softhsm_lab: Lab) -> None:
    problems = {c.problem for t in softhsm_lab.tokens.values() for c in t.certificates}
    problems |= {g.problem for t in softhsm_lab.tokens.values() for g in t.garbage}
    assert problems == set(Problem) | {None}
    algorithms = {c.key_algorithm for t in softhsm_lab.tokens.values() for c in t.certificates}
    assert algorithms == {"RSA-2048", "EC-P256"}


def test_a_token_added_later_is_seen_by_a_fresh_process(softhsm_lab: Lab) -> None:
    late = softhsm_lab.add_token(TokenSpec("late", "后插入key", profiles=(
        CertProfile("后插入单位证书", bytes.fromhex("e001"), common_name="后插入公司",
                    credit_code="91410100MA000000NY"),)))
    assert softhsm_lab.token("late") is late and late.serial
    assert "late" not in softhsm_lab.tokens  # tokens = what a module loaded at start can see
    # A process that loads the module now sees it; this process would need lib.reinitialize().
    shown = subprocess.run(["softhsm2-util", "--show-slots"], env={**os.environ, **softhsm_lab.env},
                           capture_output=True, text=True, check=True).stdout
    assert late.serial in shown
