"""Certificate checks for CA login, with ``cryptography``: chain to a configured root, validity
at server time, key usage, the login signature.

Every refusal is a :class:`CertificateRefused` with a stable code the client shows in Chinese.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.domain.cert_identity import identity_of_certificate

MAX_CHAIN_DEPTH = 5


class CertificateRefused(Exception):
    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class TrustStore:
    roots: tuple[x509.Certificate, ...]

    @classmethod
    def from_pem_files(cls, paths: Iterable[Path]) -> TrustStore:
        roots: list[x509.Certificate] = []
        for path in paths:
            roots.extend(x509.load_pem_x509_certificates(path.read_bytes()))
        return cls(tuple(roots))


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def load_certificate(der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError as exc:
        raise CertificateRefused("certificate_unreadable", "证书无法读取", f"certificate unreadable: {exc}") from exc


def _check_validity(cert: x509.Certificate, now: dt.datetime, *, leaf: bool) -> None:
    who = "证书" if leaf else "颁发者证书"
    if now < cert.not_valid_before_utc:
        raise CertificateRefused("certificate_not_yet_valid", f"{who}尚未生效（请核对电脑时间）",
                                 "certificate not yet valid")
    if now > cert.not_valid_after_utc:
        raise CertificateRefused("certificate_expired", f"{who}已过期，请到 CA 机构办理续期",
                                 "certificate expired")


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def verify_chain(leaf: x509.Certificate, intermediates: Sequence[x509.Certificate], trust: TrustStore,
                 now: dt.datetime) -> None:
    """Check that ``leaf`` chains to a trusted root and that every certificate is valid now."""
    _check_validity(leaf, now, leaf=True)
    current = leaf
    for _ in range(MAX_CHAIN_DEPTH):
        for root in trust.roots:
            if _issued_by(current, root):
                _check_validity(root, now, leaf=False)
                return
        issuer = next((c for c in intermediates if _is_ca(c) and _issued_by(current, c)), None)
        if issuer is None:
            break
        _check_validity(issuer, now, leaf=False)
        current = issuer
    raise CertificateRefused("certificate_untrusted", "证书不是由本系统认可的 CA 颁发的",
                             "certificate does not chain to a configured CA root")


def check_signing_usage(cert: x509.Certificate) -> None:
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return
    if not (usage.digital_signature or usage.content_commitment):
        raise CertificateRefused("key_usage", "该证书不能用于签名登录（密钥用途不符）",
                                 "certificate key usage does not allow signing")


def verify_signature(cert: x509.Certificate, message: bytes, signature: bytes, digest_algorithm: str) -> None:
    if digest_algorithm.lower() != "sha256":
        raise CertificateRefused("digest_unsupported", "不支持的摘要算法", f"unsupported digest {digest_algorithm}")
    key = cert.public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
        else:
            raise CertificateRefused("key_type_unsupported", "不支持的密钥类型", "unsupported key type")
    except (InvalidSignature, ValueError):
        raise CertificateRefused("signature_invalid", "登录签名验证失败：签名与证书不匹配",
                                 "login signature does not match the certificate") from None


# --- identity codes: the same reader as the client's (desktop.domain.cert_identity) -------------

def certificate_credit_code(cert: x509.Certificate) -> str | None:
    return identity_of_certificate(cert.public_bytes(Encoding.DER)).credit_code


def certificate_id_number(cert: x509.Certificate) -> str | None:
    return identity_of_certificate(cert.public_bytes(Encoding.DER)).id_number
