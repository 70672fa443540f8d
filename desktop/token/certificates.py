"""Read one X.509 certificate object from a token into a :class:`CertificateInfo`.

Pure parsing: no PKCS#11, no Qt. asn1crypto is used rather than ``cryptography`` because it is
lenient with what Chinese CAs actually issue (SM2 keys, odd string types, non-strict DER) and
still decodes every field we need.

Identity codes (统一社会信用代码, 身份证号码) are looked for in the places listed in
docs/domain-rules.md §C3, in that order; the order is data (:data:`CREDIT_CODE_RULES`,
:data:`ID_NUMBER_RULES`), not code.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any, ClassVar

from asn1crypto import core as asn1_core
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509

from desktop.domain.cert_identity import (
    CertificateFormatError,
    identity_of_certificate,
    strings_in_extension,
)
from desktop.token.errors import TokenError
from desktop.token.inventory import CertificateInfo, KeyKind, PrivateKeyEvidence


class CertificateUnreadable(TokenError):
    """The value of a certificate object is not a parsable X.509 certificate."""

    code = "certificate_unreadable"

    def __init__(self, reason: str) -> None:
        super().__init__(f"证书内容无法解析：{reason}", f"cannot parse the certificate: {reason}")
        self.reason = reason


SM2_CURVE_OID = "1.2.156.10197.1.301"

# RFC 4514 names for the attribute types a help-desk reader expects; others print dotted.
_DN_NAMES = {
    "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.9": "STREET",
    "2.5.4.10": "O", "2.5.4.11": "OU", "0.9.2342.19200300.100.1.25": "DC",
    "0.9.2342.19200300.100.1.1": "UID", "2.5.4.5": "serialNumber", "2.5.4.97": "organizationIdentifier",
    "1.2.840.113549.1.9.1": "emailAddress", "2.5.4.4": "SN", "2.5.4.42": "GN", "2.5.4.12": "title",
}

# --- public entry point -------------------------------------------------------------------

def read_certificate(der: bytes, *, key_id: str, label: str,
                     private_key: PrivateKeyEvidence) -> CertificateInfo:
    """Parse ``der``; raise :class:`CertificateUnreadable` when it is not an X.509 certificate."""
    cert = _load(der)
    try:
        exact = bytes(cert.dump())  # some tokens pad CKA_VALUE: keep only the certificate itself
        return _describe(cert, exact, key_id=key_id, label=label, private_key=private_key)
    except CertificateUnreadable:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # asn1crypto parses lazily: a broken inner field only shows up here
        raise CertificateUnreadable(f"{type(exc).__name__}: {exc}") from exc


def _load(der: bytes) -> asn1_x509.Certificate:
    if not der:
        raise CertificateUnreadable("证书对象为空")
    try:
        cert = asn1_x509.Certificate.load(der)  # not strict: trailing padding is tolerated
        cert["tbs_certificate"]["subject_public_key_info"]
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise CertificateUnreadable(f"{type(exc).__name__}: {exc}") from exc
    return cert


def _describe(cert: asn1_x509.Certificate, der: bytes, *, key_id: str, label: str,
              private_key: PrivateKeyEvidence) -> CertificateInfo:
    tbs = cert["tbs_certificate"]
    subject = tbs["subject"]
    try:
        codes = identity_of_certificate(der)
    except CertificateFormatError as exc:
        raise CertificateUnreadable(str(exc)) from exc
    kind = KeyKind.UNIT if codes.is_unit else KeyKind.PERSONAL if codes.is_personal else KeyKind.UNKNOWN
    return CertificateInfo(
        key_id=key_id,
        label=label,
        subject=rfc4514(subject),
        common_name=_first_attribute(subject, "2.5.4.3"),
        organization=_first_attribute(subject, "2.5.4.10"),
        issuer=rfc4514(tbs["issuer"]),
        serial=format(int(tbs["serial_number"].native), "X"),
        not_before=_utc(tbs["validity"]["not_before"].native),
        not_after=_utc(tbs["validity"]["not_after"].native),
        key_algorithm=key_algorithm(bytes(tbs["subject_public_key_info"].dump())),
        key_usage=_key_usage(cert),
        extended_key_usage=_extended_key_usage(cert),
        is_ca=_is_ca(cert),
        kind=kind,
        credit_code=codes.credit_code,
        credit_code_source=codes.credit_code_source,
        invalid_credit_codes=codes.invalid_credit_codes,
        id_number=codes.id_number,
        id_number_source=codes.id_number_source,
        invalid_id_numbers=codes.invalid_id_numbers,
        fingerprint_sha256=hashlib.sha256(der).hexdigest().upper(),
        private_key=private_key,
        der=der,
    )


# --- names --------------------------------------------------------------------------------

def rfc4514(name: asn1_x509.Name) -> str:
    """RFC 4514 string, most specific RDN first; non-ASCII text is kept as text, not escaped."""
    rdns = []
    for rdn in reversed(list(name.chosen)):
        parts = [f"{_DN_NAMES.get(atv['type'].dotted, atv['type'].dotted)}={_dn_value(atv)}"
                 for atv in rdn]
        rdns.append("+".join(parts))
    return ",".join(rdns)


def _dn_value(atv: Any) -> str:
    text = _attribute_text(atv)
    if text is None:  # not a string type: RFC 4514 says "#" + hex of the DER
        return "#" + bytes(atv["value"].dump()).hex()
    return _escape(text)


def _escape(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if ch in '\\"+,;<>' or (i == 0 and ch in "# ") or (i == len(text) - 1 and ch == " "):
            out.append("\\" + ch)
        elif ch == "\x00":
            out.append("\\00")
        else:
            out.append(ch)
    return "".join(out)


def _attribute_text(atv: Any) -> str | None:
    value = atv["value"]
    inner = value.chosen if isinstance(value, asn1_core.Choice) else value
    if isinstance(inner, asn1_core.Any):
        inner = _parse_any(inner.dump())
    return _string_of(inner)


def _string_of(value: Any) -> str | None:
    """Text of an ASN.1 string value; UTF-8 bytes mislabelled as T61/Printable are recovered."""
    if isinstance(value, (asn1_core.TeletexString, asn1_core.PrintableString)):
        raw = bytes(value.contents or b"")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return str(value.native)
    if isinstance(value, asn1_core.AbstractString):
        return str(value.native)
    return None


def _parse_any(data: bytes) -> Any:
    try:
        return asn1_core.Asn1Value.load(data, strict=True)
    except (ValueError, TypeError):
        return None


def _first_attribute(name: asn1_x509.Name, oid: str) -> str | None:
    for text in _attribute_texts(name, oid):
        return text
    return None


def _attribute_texts(name: asn1_x509.Name, oid: str | None) -> Iterator[str]:
    """Texts of the attributes of type ``oid`` (all attributes when None), in DER order."""
    for rdn in name.chosen:
        for atv in rdn:
            if oid is None or atv["type"].dotted == oid:
                text = _attribute_text(atv)
                if text is not None:
                    yield text


# --- key, usage, validity -----------------------------------------------------------------

class _RawAlgorithm(asn1_core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("algorithm", asn1_core.ObjectIdentifier), ("parameters", asn1_core.Any, {"optional": True})]


class _RawPublicKeyInfo(asn1_core.Sequence):  # type: ignore[misc]
    """SubjectPublicKeyInfo without asn1crypto's per-algorithm specs, which raise on unknown OIDs."""

    _fields: ClassVar[list[tuple[Any, ...]]] = [
        ("algorithm", _RawAlgorithm), ("public_key", asn1_core.OctetBitString)]


_EC_CURVES = {"1.2.840.10045.3.1.7": "EC-P256", "1.3.132.0.34": "EC-P384", "1.3.132.0.35": "EC-P521",
              SM2_CURVE_OID: "SM2"}
_RSA_OIDS = ("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10")
_OTHER_KEYS = {"1.3.101.112": "Ed25519", "1.3.101.113": "Ed448", "1.2.840.10040.4.1": "DSA"}


def key_algorithm(spki_der: bytes) -> str:
    """"RSA-2048", "EC-P256", "SM2" ...; an unknown algorithm is reported by its OID."""
    spki = _RawPublicKeyInfo.load(spki_der)
    oid = str(spki["algorithm"]["algorithm"].dotted)
    if oid == SM2_CURVE_OID:  # some SM2 certificates name the curve as the key algorithm itself
        return "SM2"
    if oid in _RSA_OIDS:
        modulus = asn1_keys.RSAPublicKey.load(bytes(spki["public_key"].native))["modulus"].native
        return f"RSA-{int(modulus).bit_length()}"
    if oid == "1.2.840.10045.2.1":  # id-ecPublicKey: the curve is in the parameters
        params = bytes(spki["algorithm"]["parameters"].dump())
        if params[:1] != b"\x06":  # not a named curve (explicit parameters or absent)
            return "EC-explicit"
        curve = str(asn1_core.ObjectIdentifier.load(params).dotted)
        return _EC_CURVES.get(curve, f"EC-{curve}")
    return _OTHER_KEYS.get(oid, oid)


def _key_usage(cert: asn1_x509.Certificate) -> tuple[str, ...]:
    value = cert.key_usage_value
    if value is None:
        return ()
    names = value.native  # a set of asn1crypto's snake_case bit names
    order = asn1_x509.KeyUsage._map  # keep the bit order, not set order
    return tuple(order[i] for i in sorted(order) if order[i] in names)


def _extended_key_usage(cert: asn1_x509.Certificate) -> tuple[str, ...]:
    value = cert.extended_key_usage_value
    if value is None:
        return ()
    return tuple(str(purpose.native) for purpose in value)


def _is_ca(cert: asn1_x509.Certificate) -> bool:
    value = cert.basic_constraints_value
    return bool(value is not None and value["ca"].native)


def _utc(value: Any) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise CertificateUnreadable(f"有效期不是时间：{value!r}")
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


# --- identity codes -----------------------------------------------------------------------

def decode_extension_strings(data: bytes) -> list[str]:
    """The text inside an identity extension value (see desktop.domain.cert_identity)."""
    return list(strings_in_extension(data))
