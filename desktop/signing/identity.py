"""Who signed: names, validity and identity codes of a signer certificate, for reports and the seal.

The 统一社会信用代码 / 身份证号码 search is shared with the key layer and the server:
:func:`desktop.domain.cert_identity.identity_of_certificate` (docs/domain-rules.md §C3). This
module adds what a signature report shows besides: subject and issuer names, serial, validity,
key algorithm, fingerprint.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.domain.cert_identity import CertificateFormatError, IdentityCodes, identity_of_certificate

__all__ = ["CertificateIdentity", "IdentityCodes", "certificate_identity", "rfc4514"]


@dataclass(frozen=True)
class CertificateIdentity:
    """Plain facts about a signer certificate, for reports and the seal."""

    subject: str
    common_name: str | None
    organization: str | None
    issuer: str
    issuer_common_name: str | None
    serial: str  # upper-case hex
    not_before: dt.datetime  # timezone-aware UTC
    not_after: dt.datetime
    key_algorithm: str  # "RSA-2048", "EC-P256" ...
    fingerprint_sha256: str
    codes: IdentityCodes

    @property
    def display_name(self) -> str:
        """The unit for a unit key, else the person (or whatever the CN says)."""
        return self.organization or self.common_name or self.subject

    @property
    def credit_code(self) -> str | None:
        return self.codes.credit_code


def _attribute_text(attr: Any) -> str | None:
    from asn1crypto import core

    try:
        value = attr["value"]
        if isinstance(value, core.Choice):
            value = value.chosen
        if isinstance(value, core.Any):
            value = core.Asn1Value.load(value.dump(), strict=True)
        if isinstance(value, (core.TeletexString, core.PrintableString)):
            raw = bytes(value.contents or b"")
            try:  # UTF-8 mislabelled as T61/Printable is common in Chinese certificates
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                return str(value.native)
        if isinstance(value, core.AbstractString):
            return str(value.native)
    except (ValueError, TypeError, KeyError):
        return None
    return None


_DN_NAMES = {"2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.7": "L", "2.5.4.8": "ST", "2.5.4.10": "O",
             "2.5.4.11": "OU", "2.5.4.5": "serialNumber", "2.5.4.97": "organizationIdentifier",
             "1.2.840.113549.1.9.1": "emailAddress"}


def rfc4514(name: Any) -> str:
    """``CN=...,O=...,C=CN`` (most specific first, text unescaped but for RFC 4514 specials)."""
    parts = []
    for rdn in reversed(list(name.chosen)):
        items = []
        for attr in rdn:
            text = _attribute_text(attr)
            value = text if text is not None else "#" + bytes(attr["value"].dump()).hex()
            value = "".join("\\" + ch if ch in '\\"+,;<>' else ch for ch in value)
            items.append(f"{_DN_NAMES.get(attr['type'].dotted, attr['type'].dotted)}={value}")
        parts.append("+".join(items))
    return ",".join(parts)


def _key_algorithm(cert: object) -> str:
    from asn1crypto import x509

    assert isinstance(cert, x509.Certificate)
    info = cert.public_key
    algo = info.algorithm
    if algo == "rsa":
        return f"RSA-{info.bit_size}"
    if algo == "ec":
        curve = info.curve[1] if info.curve[0] == "named" else "explicit"
        names = {"secp256r1": "P256", "secp384r1": "P384", "secp521r1": "P521"}
        return f"EC-{names.get(curve, curve)}"
    return str(algo).upper()


def _codes(der: bytes) -> IdentityCodes:
    try:
        return identity_of_certificate(der)
    except CertificateFormatError:
        return IdentityCodes()


def certificate_identity(der: bytes) -> CertificateIdentity:
    """Identity facts of a DER certificate (raises ``ValueError`` when it is not one)."""
    from asn1crypto import x509

    cert = x509.Certificate.load(der)
    cert.native  # noqa: B018 - parse everything now so bad input fails here
    subject = cert.subject.native
    issuer = cert.issuer.native

    def first(d: dict[str, object], key: str) -> str | None:
        v = d.get(key)
        if isinstance(v, list):
            v = v[0] if v else None
        return str(v) if v is not None else None

    return CertificateIdentity(
        subject=rfc4514(cert.subject),
        common_name=first(subject, "common_name"),
        organization=first(subject, "organization_name"),
        issuer=rfc4514(cert.issuer),
        issuer_common_name=first(issuer, "common_name"),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before,
        not_after=cert.not_valid_after,
        key_algorithm=_key_algorithm(cert),
        fingerprint_sha256=cert.sha256.hex(),
        codes=_codes(der),
    )
