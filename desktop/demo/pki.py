"""A demo/test PKI: root CA -> intermediate signing CA -> end-entity certificates that carry
Chinese identity codes where real CAs put them (docs/domain-rules.md §C3).

Names are deterministic; keys and serial numbers are fresh on every run. Nothing here talks to
a token: :mod:`desktop.demo.softhsm` generates the keys on SoftHSM and calls
:func:`issue_certificate` with the public key it reads back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.domain.identity import credit_code_check_char, id_number_check_char

KeyType = Literal["rsa2048", "ec256"]
PublicKey = rsa.RSAPublicKey | ec.EllipticCurvePublicKey
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey

ROOT_NAME = "豫采演示根CA"
INTERMEDIATE_NAME = "豫采演示签名CA"
CA_ORGANIZATION = "豫采桌面演示"


def _credit(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def _idn(first17: str) -> str:
    return first17 + id_number_check_char(first17)


# Fixed test identity codes; every valid one passes desktop.domain.identity.
PURCHASER_CREDIT_CODE = "11410100MB0000001" + credit_code_check_char("11410100MB0000001")  # 机关, 郑州
SUPPLIER_CREDIT_CODE = "91410100MA000000C0"  # 企业, remainder 0 -> check "0" (domain-rules §C1)
SUPPLIER2_CREDIT_CODE = "91410100MA000000NY"  # remainder 1 -> check "Y"
EXTRA_CREDIT_CODES = tuple(_credit(f"9141010{n}MA00000{n}X") for n in range(2, 8))
WRONG_CHECK_CREDIT_CODE = "91410100MA000000C1"  # SUPPLIER_CREDIT_CODE with a broken check char
PERSON_ID_NUMBER = _idn("41010519900307123")  # 郑州市金水区, born 1990-03-07
PERSON2_ID_NUMBER = _idn("41010519851120004")
WRONG_CHECK_ID_NUMBER = PERSON_ID_NUMBER[:17] + ("0" if PERSON_ID_NUMBER[17] != "0" else "1")

OID_GMT2023_CREDIT = "1.2.156.10260.4.4"
OID_GMT2012_ORG = "1.2.156.10260.4.1.4"
OID_RSA_CREDIT = "1.2.86.11.7.4"
OID_GMT2023_ID = "1.2.156.10260.4.1.1.1"
OID_GMT2012_ID = "1.2.156.10260.4.1.1"
OID_RSA_ID = "1.2.86.11.7.1"


class Place(StrEnum):
    """Where a certificate carries an identity code. ``source`` is what the parser reports."""

    EXT_2012 = "ext_2012"  # credit: 1.2.156.10260.4.1.4 UTF8String; id: 1.2.156.10260.4.1.1 PrintableString
    EXT_2023 = "ext_2023"  # credit: 1.2.156.10260.4.4 UTF8String; id: 1.2.156.10260.4.1.1.1 PrintableString
    EXT_RSA = "ext_rsa"  # credit: 1.2.86.11.7.4; id: 1.2.86.11.7.1 (PrintableString)
    EXT_WRAPPED = "ext_wrapped"  # the 2012 OID, value an OCTET STRING wrapping a UTF8String
    SUBJECT_SERIAL = "subject_serial"  # subject serialNumber
    SUBJECT_OU = "subject_ou"  # subject OU
    SUBJECT_ORG_ID = "subject_org_id"  # organizationIdentifier "NTRCN-<code>"
    SUBJECT_CN = "subject_cn"  # appended to the CN: "name@<code>" (found only as "any DN token")


_CREDIT_EXT = {Place.EXT_2012: OID_GMT2012_ORG, Place.EXT_2023: OID_GMT2023_CREDIT,
               Place.EXT_RSA: OID_RSA_CREDIT, Place.EXT_WRAPPED: OID_GMT2012_ORG}
_ID_EXT = {Place.EXT_2012: OID_GMT2012_ID, Place.EXT_2023: OID_GMT2023_ID,
           Place.EXT_RSA: OID_RSA_ID, Place.EXT_WRAPPED: OID_GMT2012_ID}
_SUBJECT_SOURCE = {Place.SUBJECT_SERIAL: "subject:serialNumber", Place.SUBJECT_OU: "subject:OU",
                   Place.SUBJECT_ORG_ID: "subject:organizationIdentifier", Place.SUBJECT_CN: "subject:any"}


# The parser's search order (desktop.token.certificates rules), used to predict its answer.
_CREDIT_ORDER = (Place.EXT_2023, Place.EXT_2012, Place.EXT_WRAPPED, Place.EXT_RSA, Place.SUBJECT_OU,
                 Place.SUBJECT_SERIAL, Place.SUBJECT_ORG_ID, Place.SUBJECT_CN)
_ID_ORDER = (Place.EXT_2023, Place.EXT_2012, Place.EXT_WRAPPED, Place.EXT_RSA, Place.SUBJECT_OU,
             Place.SUBJECT_SERIAL, Place.SUBJECT_ORG_ID, Place.SUBJECT_CN)


def expected_source(places: tuple[Place, ...], *, credit: bool) -> str:
    """The ``credit_code_source`` / ``id_number_source`` the parser should report."""
    order = _CREDIT_ORDER if credit else _ID_ORDER
    place = min(places, key=order.index)
    table = _CREDIT_EXT if credit else _ID_EXT
    if place in table:
        return f"ext:{table[place]}"
    if not credit and place is Place.SUBJECT_ORG_ID:  # organizationIdentifier is for organisations
        return "subject:any"
    return _SUBJECT_SOURCE[place]


class Usage(StrEnum):
    SIGNING = "signing"  # digitalSignature + nonRepudiation
    ENCIPHERMENT = "encipherment"  # keyEncipherment + dataEncipherment only: cannot sign


class Storage(StrEnum):
    """How the private key of a certificate is kept on the token."""

    PRIVATE = "private"  # normal: CKA_PRIVATE=True, visible only after login
    VISIBLE = "visible"  # CKA_PRIVATE=False: visible without login
    ABSENT = "absent"  # no key object at all, only the certificate


@dataclass(frozen=True)
class CertProfile:
    """One end-entity certificate (and the key behind it) to put on a token.

    ``not_before``/``not_after`` are offsets from the moment of issue, so a profile written
    once stays "expired" or "expiring soon" whenever the lab is built.
    """

    label: str
    key_id: bytes
    key_type: KeyType = "ec256"
    common_name: str = "演示证书"
    organization: str | None = None
    credit_code: str | None = None
    credit_places: tuple[Place, ...] = (Place.EXT_2012,)
    id_number: str | None = None
    id_places: tuple[Place, ...] = (Place.EXT_2012,)
    not_before: dt.timedelta = dt.timedelta(days=-30)
    not_after: dt.timedelta = dt.timedelta(days=365)
    usage: Usage = Usage.SIGNING
    storage: Storage = Storage.PRIVATE
    extended_key_usage: tuple[str, ...] = ("client_auth", "email_protection")

    @property
    def key_id_hex(self) -> str:
        return self.key_id.hex()


@dataclass(frozen=True)
class CA:
    root_key: PrivateKey
    root: x509.Certificate
    intermediate_key: PrivateKey
    intermediate: x509.Certificate

    @property
    def chain(self) -> tuple[x509.Certificate, x509.Certificate]:
        return self.intermediate, self.root


def _ca_name(cn: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, CA_ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, cn),
    ])


def _serial(*parts: str) -> int:
    """A positive 63-bit serial derived from the names, so re-runs are recognisable."""
    seed = "|".join(parts).encode() + dt.datetime.now(dt.UTC).isoformat().encode()
    return int.from_bytes(hashlib.sha256(seed).digest()[:8], "big") >> 1 or 1


def make_ca(now: dt.datetime | None = None) -> CA:
    """A fresh root CA and an intermediate signing CA (EC P-256: fast and small)."""
    now = now or dt.datetime.now(dt.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    inter_key = ec.generate_private_key(ec.SECP256R1())
    root_name, inter_name = _ca_name(ROOT_NAME), _ca_name(INTERMEDIATE_NAME)
    ca_usage = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                             data_encipherment=False, key_agreement=False, key_cert_sign=True,
                             crl_sign=True, encipher_only=False, decipher_only=False)
    root = (
        x509.CertificateBuilder()
        .subject_name(root_name).issuer_name(root_name).public_key(root_key.public_key())
        .serial_number(_serial(ROOT_NAME))
        .not_valid_before(now - dt.timedelta(days=3650)).not_valid_after(now + dt.timedelta(days=7300))
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(ca_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    intermediate = (
        x509.CertificateBuilder()
        .subject_name(inter_name).issuer_name(root_name).public_key(inter_key.public_key())
        .serial_number(_serial(INTERMEDIATE_NAME))
        .not_valid_before(now - dt.timedelta(days=1825)).not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(ca_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(inter_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                       critical=False)
        .sign(root_key, hashes.SHA256())
    )
    return CA(root_key=root_key, root=root, intermediate_key=inter_key, intermediate=intermediate)


def write_ca_pem(ca: CA, directory: Path) -> tuple[Path, Path]:
    """Write ``root-ca.pem`` and ``intermediate-ca.pem``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    root_path, inter_path = directory / "root-ca.pem", directory / "intermediate-ca.pem"
    root_path.write_bytes(ca.root.public_bytes(serialization.Encoding.PEM))
    inter_path.write_bytes(ca.intermediate.public_bytes(serialization.Encoding.PEM))
    return root_path, inter_path


def load_ca_pem(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


# --- end-entity certificates -------------------------------------------------------------

def _der_string(text: str, *, printable: bool) -> bytes:
    value = asn1_core.PrintableString(text) if printable else asn1_core.UTF8String(text)
    return bytes(value.dump())


def _subject(profile: CertProfile) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
             x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "河南省"),
             x509.NameAttribute(NameOID.LOCALITY_NAME, "郑州市")]
    if profile.organization:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, profile.organization))
    cn = profile.common_name
    codes = ((profile.credit_code, profile.credit_places), (profile.id_number, profile.id_places))
    for code, places in codes:
        if code is None:
            continue
        if Place.SUBJECT_OU in places:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, code))
        if Place.SUBJECT_SERIAL in places:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, code))
        if Place.SUBJECT_ORG_ID in places:
            attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_IDENTIFIER, f"NTRCN-{code}"))
        if Place.SUBJECT_CN in places:
            cn = f"{cn}@{code}"
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def _identity_extensions(profile: CertProfile) -> list[x509.UnrecognizedExtension]:
    exts: list[x509.UnrecognizedExtension] = []
    if profile.credit_code is not None:
        for place in profile.credit_places:
            if place in _CREDIT_EXT:
                value = _der_string(profile.credit_code, printable=False)
                if place is Place.EXT_WRAPPED:
                    value = bytes(asn1_core.OctetString(value).dump())
                exts.append(x509.UnrecognizedExtension(x509.ObjectIdentifier(_CREDIT_EXT[place]), value))
    if profile.id_number is not None:
        for place in profile.id_places:
            if place in _ID_EXT:
                value = _der_string(profile.id_number, printable=True)
                if place is Place.EXT_WRAPPED:
                    value = bytes(asn1_core.OctetString(value).dump())
                exts.append(x509.UnrecognizedExtension(x509.ObjectIdentifier(_ID_EXT[place]), value))
    # two places may share an OID (EXT_2012 and EXT_WRAPPED): keep the first
    unique: dict[str, x509.UnrecognizedExtension] = {}
    for ext in exts:
        unique.setdefault(ext.oid.dotted_string, ext)
    return list(unique.values())


_EKU = {"client_auth": ExtendedKeyUsageOID.CLIENT_AUTH,
        "email_protection": ExtendedKeyUsageOID.EMAIL_PROTECTION,
        "server_auth": ExtendedKeyUsageOID.SERVER_AUTH, "code_signing": ExtendedKeyUsageOID.CODE_SIGNING}


def _key_usage(usage: Usage) -> x509.KeyUsage:
    signing = usage is Usage.SIGNING
    return x509.KeyUsage(digital_signature=signing, content_commitment=signing,
                         key_encipherment=not signing, data_encipherment=not signing, key_agreement=False,
                         key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False)


def issue_certificate(ca: CA, profile: CertProfile, public_key: PublicKey,
                      now: dt.datetime | None = None) -> x509.Certificate:
    """Sign an end-entity certificate for ``public_key`` with the intermediate CA."""
    now = now or dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_subject(profile))
        .issuer_name(ca.intermediate.subject)
        .public_key(public_key)
        .serial_number(_serial(profile.label, profile.key_id_hex))
        .not_valid_before(now + profile.not_before)
        .not_valid_after(now + profile.not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(profile.usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.intermediate_key.public_key()),
                       critical=False)
    )
    if profile.extended_key_usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([_EKU[name] for name in profile.extended_key_usage]), critical=False)
    for ext in _identity_extensions(profile):
        builder = builder.add_extension(ext, critical=False)
    return builder.sign(ca.intermediate_key, hashes.SHA256())


def software_key(key_type: KeyType) -> PrivateKey:
    """A key made in memory (tests that need no token, and certificates without a token key)."""
    if key_type == "rsa2048":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)
