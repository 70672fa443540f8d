"""desktop.token.certificates: every identity location, odd encodings, SM2, garbage."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509

from desktop.demo import pki
from desktop.demo.pki import CertProfile, Place, Usage
from desktop.demo.softhsm import Lab
from desktop.domain.cert_identity import CREDIT_CODE_RULES, ID_NUMBER_RULES
from desktop.token.certificates import (
    CertificateUnreadable,
    decode_extension_strings,
    read_certificate,
)
from desktop.token.errors import TokenError
from desktop.token.inventory import CertificateInfo, KeyKind, PrivateKeyEvidence

NONE = PrivateKeyEvidence.NONE


@pytest.fixture(scope="module")
def ca() -> pki.CA:
    return pki.make_ca()


@pytest.fixture(scope="module")
def ec_key() -> pki.PrivateKey:
    return pki.software_key("ec256")


def issue(ca: pki.CA, key: pki.PrivateKey, **fields: object) -> bytes:
    profile = CertProfile(label="测试", key_id=b"\x01", **fields)  # type: ignore[arg-type]
    return pki.der(pki.issue_certificate(ca, profile, key.public_key()))


def parse(der: bytes) -> CertificateInfo:
    return read_certificate(der, key_id="01", label="测试", private_key=NONE)


ALL_PLACES = tuple(Place)


@pytest.mark.parametrize("place", ALL_PLACES)
def test_credit_code_found_in_each_place(ca: pki.CA, ec_key: pki.PrivateKey, place: Place) -> None:
    info = parse(issue(ca, ec_key, common_name="某某公司", credit_code=pki.SUPPLIER_CREDIT_CODE,
                       credit_places=(place,)))
    assert info.kind is KeyKind.UNIT
    assert info.credit_code == pki.SUPPLIER_CREDIT_CODE
    assert info.credit_code_source == pki.expected_source((place,), credit=True)
    assert info.invalid_credit_codes == ()
    assert info.id_number is None


@pytest.mark.parametrize("place", ALL_PLACES)
def test_id_number_found_in_each_place(ca: pki.CA, ec_key: pki.PrivateKey, place: Place) -> None:
    info = parse(issue(ca, ec_key, common_name="张三", id_number=pki.PERSON_ID_NUMBER, id_places=(place,)))
    assert info.kind is KeyKind.PERSONAL
    assert info.id_number == pki.PERSON_ID_NUMBER
    assert info.id_number_source == pki.expected_source((place,), credit=False)
    assert info.credit_code is None and info.invalid_credit_codes == ()


@pytest.mark.parametrize("place", ALL_PLACES)
def test_wrong_check_character_is_reported_not_accepted(ca: pki.CA, ec_key: pki.PrivateKey,
                                                       place: Place) -> None:
    info = parse(issue(ca, ec_key, credit_code=pki.WRONG_CHECK_CREDIT_CODE, credit_places=(place,)))
    assert info.credit_code is None
    assert info.invalid_credit_codes == (pki.WRONG_CHECK_CREDIT_CODE,)
    assert info.kind is KeyKind.UNIT  # a unit key with a broken code is still a unit key


def test_wrong_id_check_character(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    info = parse(issue(ca, ec_key, id_number=pki.WRONG_CHECK_ID_NUMBER))
    assert info.id_number is None
    assert info.invalid_id_numbers == (pki.WRONG_CHECK_ID_NUMBER,)
    assert info.kind is KeyKind.PERSONAL


def test_rule_order_prefers_the_2023_extension(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    info = parse(issue(ca, ec_key, credit_code=pki.SUPPLIER_CREDIT_CODE,
                       credit_places=(Place.SUBJECT_OU, Place.EXT_2012, Place.EXT_2023)))
    assert info.credit_code_source == "ext:1.2.156.10260.4.4"


def test_rules_are_data_in_the_documented_order() -> None:
    assert [r.source for r in CREDIT_CODE_RULES][:5] == [
        "ext:1.2.156.10260.4.4", "ext:1.2.156.10260.4.1.4", "ext:1.2.156.10260.4.1.3",
        "ext:1.2.86.11.7.4", "ext:1.2.86.11.7.3"]
    assert [r.source for r in ID_NUMBER_RULES][:3] == [
        "ext:1.2.156.10260.4.1.1.1", "ext:1.2.156.10260.4.1.1", "ext:1.2.86.11.7.1"]
    assert all(r.meaning for r in CREDIT_CODE_RULES + ID_NUMBER_RULES)


def test_unit_and_personal_codes_together_make_a_unit_key(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    info = parse(issue(ca, ec_key, credit_code=pki.SUPPLIER_CREDIT_CODE, id_number=pki.PERSON_ID_NUMBER))
    assert info.kind is KeyKind.UNIT
    assert (info.credit_code, info.id_number) == (pki.SUPPLIER_CREDIT_CODE, pki.PERSON_ID_NUMBER)


def test_no_identity_code(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    info = parse(issue(ca, ec_key, common_name="无编码"))
    assert info.kind is KeyKind.UNKNOWN
    assert (info.credit_code, info.id_number, info.invalid_credit_codes, info.invalid_id_numbers) == (
        None, None, (), ())


def test_all_fields(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    now = dt.datetime.now(dt.UTC)
    der = issue(ca, ec_key, common_name="河南某某科技有限公司", organization="河南某某科技有限公司",
                credit_code=pki.SUPPLIER_CREDIT_CODE)
    info = read_certificate(der, key_id="b001", label="单位证书", private_key=PrivateKeyEvidence.PUBLIC_KEY)
    assert info.subject == "CN=河南某某科技有限公司,O=河南某某科技有限公司,L=郑州市,ST=河南省,C=CN"
    assert info.issuer == f"CN={pki.INTERMEDIATE_NAME},O={pki.CA_ORGANIZATION},C=CN"
    assert (info.common_name, info.organization) == ("河南某某科技有限公司", "河南某某科技有限公司")
    assert (info.key_id, info.label, info.private_key) == ("b001", "单位证书", PrivateKeyEvidence.PUBLIC_KEY)
    assert info.serial == info.serial.upper() and int(info.serial, 16) > 0
    assert info.not_before.tzinfo is not None and info.not_after.utcoffset() == dt.timedelta(0)
    assert info.not_before < now < info.not_after
    assert info.key_algorithm == "EC-P256"
    assert info.key_usage == ("digital_signature", "non_repudiation")
    assert info.extended_key_usage == ("client_auth", "email_protection")
    assert info.is_ca is False and info.can_sign
    assert len(info.fingerprint_sha256) == 64 and info.der == der


def test_rsa_and_encipherment_only(ca: pki.CA) -> None:
    der = issue(ca, pki.software_key("rsa2048"), usage=Usage.ENCIPHERMENT)
    info = parse(der)
    assert info.key_algorithm == "RSA-2048"
    assert info.key_usage == ("key_encipherment", "data_encipherment")
    assert not info.can_sign


def test_ca_certificates(ca: pki.CA) -> None:
    root = parse(pki.der(ca.root))
    assert root.is_ca and "key_cert_sign" in root.key_usage and "crl_sign" in root.key_usage
    assert root.subject == root.issuer == f"CN={pki.ROOT_NAME},O={pki.CA_ORGANIZATION},C=CN"


def test_rfc4514_escaping_keeps_chinese_readable(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    info = parse(issue(ca, ec_key, common_name="张三", organization='某某公司, "分部"+1'))
    assert info.subject.startswith("CN=张三,O=某某公司\\, \\\"分部\\\"\\+1,")
    assert "\\E" not in info.subject and "\\x" not in info.subject


# --- odd encodings -----------------------------------------------------------------------

def _rewrite(der: bytes, change: object) -> bytes:
    cert = asn1_x509.Certificate.load(der)
    change(cert)  # type: ignore[operator]
    return bytes(cert.dump(force=True))


def test_extension_string_encodings() -> None:
    code = pki.SUPPLIER_CREDIT_CODE
    for value in (asn1_core.UTF8String(code), asn1_core.PrintableString(code), asn1_core.IA5String(code),
                  asn1_core.BMPString(code), asn1_core.OctetString(asn1_core.UTF8String(code).dump())):
        assert decode_extension_strings(value.dump()) == [code]
    assert decode_extension_strings(code.encode()) == [code]  # raw text without a DER header
    assert decode_extension_strings(b"\xff\xfe\x00") == []


def test_extension_value_in_a_sequence(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    seq = asn1_core.Sequence()
    seq.contents = asn1_core.UTF8String(pki.SUPPLIER_CREDIT_CODE).dump()
    assert decode_extension_strings(seq.dump()) == [pki.SUPPLIER_CREDIT_CODE]


def test_utf8_text_mislabelled_as_teletex_is_recovered(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    name = "张三".encode()
    utf8 = b"\x0c" + bytes([len(name)]) + name
    der = issue(ca, ec_key, common_name="张三")
    assert der.count(utf8) == 1
    info = parse(der.replace(utf8, b"\x14" + utf8[1:]))  # same bytes, tagged T61String
    assert info.common_name == "张三"
    assert info.subject.startswith("CN=张三,")


@pytest.mark.parametrize("where", ["curve", "algorithm"])
def test_sm2_key_is_reported_not_a_crash(ca: pki.CA, ec_key: pki.PrivateKey, where: str) -> None:
    def to_sm2(cert: asn1_x509.Certificate) -> None:
        spki = cert["tbs_certificate"]["subject_public_key_info"]
        if where == "curve":
            spki["algorithm"]["parameters"] = asn1_keys.ECDomainParameters(
                name="named", value=asn1_keys.NamedCurve("1.2.156.10197.1.301"))
        else:
            spki["algorithm"] = asn1_keys.PublicKeyAlgorithm(
                {"algorithm": "1.2.156.10197.1.301", "parameters": asn1_core.Null()})
        sm3_sm2 = asn1_x509.SignedDigestAlgorithm({"algorithm": "1.2.156.10197.1.501"})
        cert["tbs_certificate"]["signature"] = sm3_sm2
        cert["signature_algorithm"] = sm3_sm2
    der = _rewrite(issue(ca, ec_key, credit_code=pki.SUPPLIER_CREDIT_CODE), to_sm2)
    info = parse(der)
    assert info.key_algorithm == "SM2"
    assert info.credit_code == pki.SUPPLIER_CREDIT_CODE


def test_trailing_padding_is_ignored(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    der = issue(ca, ec_key)
    padded = parse(der + b"\x00" * 64)
    assert padded.der == der and padded.fingerprint_sha256 == parse(der).fingerprint_sha256


@pytest.mark.parametrize("garbage", [b"", b"garbage", b"\x30\x82\x01\x00 not a certificate", b"\x30\x00",
                                     b"\x04\x03abc", bytes(range(256))])
def test_garbage_is_certificate_unreadable(garbage: bytes) -> None:
    with pytest.raises(CertificateUnreadable) as caught:
        parse(garbage)
    assert isinstance(caught.value, TokenError)
    assert caught.value.code == "certificate_unreadable"


def test_truncated_certificate_is_unreadable(ca: pki.CA, ec_key: pki.PrivateKey) -> None:
    with pytest.raises(CertificateUnreadable):
        parse(issue(ca, ec_key)[:-20])


# --- the lab's certificates ---------------------------------------------------------------

def test_every_lab_certificate_parses_as_expected(softhsm_lab: Lab) -> None:
    checked = 0
    for token in softhsm_lab.tokens.values():
        for expected in token.certificates:
            info = read_certificate(expected.der, key_id=expected.key_id, label=expected.label,
                                    private_key=NONE)
            assert info.kind == expected.kind, expected.label
            assert info.credit_code == expected.credit_code, expected.label
            assert info.credit_code_source == expected.credit_code_source, expected.label
            assert info.id_number == expected.id_number, expected.label
            assert info.id_number_source == expected.id_number_source, expected.label
            assert info.invalid_credit_codes == (
                (expected.invalid_credit_code,) if expected.invalid_credit_code else ()), expected.label
            assert info.key_algorithm == expected.key_algorithm
            assert info.serial == expected.serial
            assert info.common_name == expected.common_name
            assert info.can_sign == (expected.usage is Usage.SIGNING)
            checked += 1
    assert checked >= 10
