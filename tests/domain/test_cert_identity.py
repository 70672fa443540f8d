"""The stdlib DER reader behind identity extraction, on certificates made with `cryptography`."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from desktop.demo import pki
from desktop.demo.pki import CertProfile, Place
from desktop.domain.cert_identity import CertificateFormatError, certificate_texts, identity_of_certificate


@pytest.fixture(scope="module")
def ca() -> pki.CA:
    return pki.make_ca()


def _der(ca: pki.CA, profile: CertProfile) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    cert = pki.issue_certificate(ca, profile, key.public_key())
    return cert.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize("place", list(Place))
def test_credit_code_is_found_wherever_the_ca_put_it(ca: pki.CA, place: Place) -> None:
    profile = CertProfile("单位", b"\x01", common_name="河南某某科技有限公司", organization="河南某某科技有限公司",
                          credit_code=pki.SUPPLIER_CREDIT_CODE, credit_places=(place,))
    codes = identity_of_certificate(_der(ca, profile))
    assert codes.credit_code == pki.SUPPLIER_CREDIT_CODE and codes.is_unit


def test_personal_certificate_carries_an_id_number(ca: pki.CA) -> None:
    profile = CertProfile("个人", b"\x02", common_name="张三", id_number=pki.PERSON_ID_NUMBER)
    der = _der(ca, profile)
    codes = identity_of_certificate(der)
    assert codes.id_number == pki.PERSON_ID_NUMBER and codes.is_personal and codes.credit_code is None
    assert ("2.5.4.3", "张三") in certificate_texts(der).subject  # Chinese text decoded, not bytes


def test_wrong_check_character_is_reported_as_invalid(ca: pki.CA) -> None:
    profile = CertProfile("错", b"\x03", common_name="某公司", credit_code=pki.WRONG_CHECK_CREDIT_CODE)
    codes = identity_of_certificate(_der(ca, profile))
    assert codes.credit_code is None and codes.invalid_credit_codes == (pki.WRONG_CHECK_CREDIT_CODE,)


@pytest.mark.parametrize("junk", [b"", b"\x30", b"\x30\x03\x02\x01", b"not a certificate", b"\x30\x00"])
def test_garbage_is_a_format_error(junk: bytes) -> None:
    with pytest.raises(CertificateFormatError):
        identity_of_certificate(junk)
