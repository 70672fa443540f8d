"""TokenService on the real SoftHSM2 lab: scanning, PIN checks, signing keys, hot plug."""

from __future__ import annotations

from typing import Any

import pkcs11
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding

from desktop.config import TokenSettings
from desktop.demo.pki import CertProfile
from desktop.demo.softhsm import Lab, TokenSpec
from desktop.token import errors as te
from desktop.token.inventory import Inventory, KeyKind, PrivateKeyEvidence, TokenInfo
from desktop.token.pin import FixedPin
from desktop.token.service import TokenService


@pytest.fixture
def service(softhsm_lab: Lab):
    svc = TokenService(TokenSettings(module_paths=(softhsm_lab.module,), search_known_locations=False))
    yield svc
    svc.close()


def token_named(inventory: Inventory, label: str) -> TokenInfo:
    return next(t for _, t in inventory.tokens() if t.label == label)


def test_scan_lists_every_lab_token_and_certificate(service: TokenService, softhsm_lab: Lab) -> None:
    inventory = service.scan().result(timeout=60)
    (module,) = inventory.modules
    assert module.loaded and module.error is None and "SoftHSM" in module.manufacturer
    for lab_token in softhsm_lab.tokens.values():
        token = token_named(inventory, lab_token.label)
        assert token.serial == lab_token.serial and token.initialized
        end_entity = {c.key_id: c for c in token.certificates if not c.is_ca}
        assert set(end_entity) == {c.key_id for c in lab_token.certificates}
        for expected in lab_token.certificates:
            got = end_entity[expected.key_id]
            assert (got.credit_code, got.id_number, got.kind) == (
                expected.credit_code, expected.id_number, expected.kind)
            assert got.label == expected.label  # Chinese object labels survive
        assert {u.key_id for u in token.unreadable_certificates} == {g.key_id for g in lab_token.garbage}
        assert token.object_count == lab_token.public_object_count


def test_private_key_is_inferred_without_a_pin(service: TokenService, softhsm_lab: Lab) -> None:
    inventory = service.scan().result(timeout=60)
    unit_ec = {c.key_id: c for c in token_named(inventory, softhsm_lab.token("unit_ec").label).certificates}
    assert unit_ec["b001"].private_key is PrivateKeyEvidence.PRIVATE_KEY  # CKA_PRIVATE=False key
    assert unit_ec["b002"].private_key is PrivateKeyEvidence.PUBLIC_KEY  # hidden key, public visible
    problems = {c.key_id: c for c in token_named(inventory, softhsm_lab.token("problems").label).certificates}
    assert problems["c006"].private_key is PrivateKeyEvidence.NOT_CHECKED
    assert problems["c006"].has_private_key is None


def test_check_login_with_the_right_pin_finds_the_private_keys(service: TokenService, softhsm_lab: Lab) -> None:
    lab_token = softhsm_lab.token("problems")
    check = service.check_login(softhsm_lab.module, lab_token.serial, FixedPin(lab_token.user_pin)).result(60)
    assert check.error is None
    assert "c006" not in check.private_key_ids and "c001" in check.private_key_ids
    assert check.sign_failures == ()


def test_wrong_pin_is_reported_once_and_leaks_no_session(service: TokenService, softhsm_lab: Lab) -> None:
    lab_token = softhsm_lab.token("unit_rsa")
    check = service.check_login(softhsm_lab.module, lab_token.serial, FixedPin("000000")).result(60)
    assert isinstance(check.error, te.PinIncorrect)
    assert check.error.count_low  # SoftHSM sets COUNT_LOW after a failure; we re-read the flags
    # python-pkcs11 0.9.5 leaves a read-only session open after a failed login; an SO login
    # would then fail with SessionReadOnlyExists. Ours must succeed.
    lib = pkcs11.lib(softhsm_lab.module)
    token = lib.get_token(token_label=lab_token.label)
    with token.open(rw=True, so_pin=lab_token.so_pin):
        pass
    good = service.check_login(softhsm_lab.module, lab_token.serial, FixedPin(lab_token.user_pin)).result(60)
    assert good.error is None  # and the good login clears COUNT_LOW again


@pytest.mark.parametrize("name,key_id", [("unit_rsa", "a001"), ("unit_ec", "b001")])
def test_signing_key_signs_on_the_token(service: TokenService, softhsm_lab: Lab, name: str, key_id: str) -> None:
    lab_token = softhsm_lab.token(name)
    key = service.open_signing_key(softhsm_lab.module, lab_token.serial, key_id,
                                   FixedPin(lab_token.user_pin)).result(60)
    with key:
        data = "合同摘要".encode()
        signature = key.sign(data, "sha256")
        cert = x509.load_der_x509_certificate(key.certificate)
        public = cert.public_key()
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(signature, data, ec.ECDSA(hashes.SHA256()))
        else:
            public.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())  # type: ignore[union-attr]
        assert any(x509.load_der_x509_certificate(c).subject == cert.issuer for c in key.chain)
        assert key.certificate == lab_token.certificate(key_id).der
    with pytest.raises(te.TokenError):
        key.sign(b"after close", "sha256")


def test_a_key_held_open_is_reported_in_use_until_closed(service: TokenService, softhsm_lab: Lab) -> None:
    """PKCS#11 logs in per application: while one operation holds the key, a second login is
    refused by the token; the user learns the key is busy (not an unknown failure)."""
    lab_token = softhsm_lab.token("unit_ec")

    def open_key() -> Any:
        return service.open_signing_key(softhsm_lab.module, lab_token.serial, "b001",
                                        FixedPin(lab_token.user_pin)).result(60)

    with open_key():
        with pytest.raises(te.KeyInUse) as info:
            open_key()
        assert info.value.remedy and "关闭" in info.value.remedy
    open_key().close()


def test_signing_key_that_does_not_exist(service: TokenService, softhsm_lab: Lab) -> None:
    lab_token = softhsm_lab.token("problems")
    with pytest.raises(te.KeyNotFound):
        service.open_signing_key(softhsm_lab.module, lab_token.serial, "c006",
                                 FixedPin(lab_token.user_pin)).result(60)


def test_a_key_inserted_after_start_is_noticed(service: TokenService, softhsm_lab: Lab) -> None:
    before = service.scan().result(60)
    assert service.poll_changes().result(60) is False
    spec = TokenSpec("hotplug", "后插入的key", profiles=(
        CertProfile("后插入单位证书", bytes.fromhex("e001"), common_name="后插入公司",
                    organization="后插入公司", credit_code="91410100MA000000C0"),))
    softhsm_lab.add_token(spec)
    assert service.poll_changes().result(60) is True
    after = service.scan().result(60)
    assert len(after.tokens()) == len(before.tokens()) + 1
    new = token_named(after, "后插入的key")
    assert new.certificates[0].kind is KeyKind.UNIT


