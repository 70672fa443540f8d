"""What a scan of the PKCS#11 modules found: plain values, shared by the CLI, the GUI and
the diagnosis. Nothing here talks to a token."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from desktop.token.errors import TokenError


class KeyKind(StrEnum):
    UNIT = "unit"  # 单位 key: carries a 统一社会信用代码
    PERSONAL = "personal"  # 个人 key: carries a 身份证号码
    UNKNOWN = "unknown"


class PrivateKeyEvidence(StrEnum):
    """Why we believe a certificate does or does not have its private key on the token."""

    PRIVATE_KEY = "private_key"  # a private key with the same CKA_ID is visible
    PUBLIC_KEY = "public_key"  # only a public key with the same CKA_ID (private hidden until login)
    NONE = "none"  # nothing with that CKA_ID, even after login
    NOT_CHECKED = "not_checked"  # nothing visible without login and no PIN was given


@dataclass(frozen=True)
class CertificateInfo:
    """One X.509 certificate object on a token, with the identity fields read from it."""

    key_id: str  # CKA_ID in lower-case hex ("" when the object has none)
    label: str
    subject: str  # RFC 4514 string
    common_name: str | None
    organization: str | None
    issuer: str
    serial: str  # upper-case hex
    not_before: dt.datetime  # timezone-aware UTC
    not_after: dt.datetime
    key_algorithm: str  # "RSA-2048", "EC-P256", "SM2", ...
    key_usage: tuple[str, ...]  # "digital_signature", "non_repudiation", "key_encipherment", ...
    extended_key_usage: tuple[str, ...]
    is_ca: bool
    kind: KeyKind
    credit_code: str | None  # a valid 统一社会信用代码 found in the certificate
    credit_code_source: str | None  # where it was found, e.g. "ext:1.2.156.10260.4.1.4", "subject:OU"
    invalid_credit_codes: tuple[str, ...]  # 18-character candidates failing the check character
    id_number: str | None  # a valid 身份证号码 found in the certificate
    id_number_source: str | None
    invalid_id_numbers: tuple[str, ...]
    fingerprint_sha256: str
    private_key: PrivateKeyEvidence = PrivateKeyEvidence.NOT_CHECKED
    der: bytes = field(default=b"", repr=False, compare=False)

    @property
    def has_private_key(self) -> bool | None:
        """True/False when known; None when it could not be told without a PIN."""
        if self.private_key in (PrivateKeyEvidence.PRIVATE_KEY, PrivateKeyEvidence.PUBLIC_KEY):
            return True
        if self.private_key is PrivateKeyEvidence.NONE:
            return False
        return None

    @property
    def display_name(self) -> str:
        """The person for a personal key, otherwise the unit."""
        first = (self.common_name, self.organization)
        if self.kind is not KeyKind.PERSONAL:
            first = (self.organization, self.common_name)
        return next((n for n in (*first, self.label, self.key_id) if n), "证书")

    @property
    def can_sign(self) -> bool:
        """Key usage allows signing (no key usage extension at all means unrestricted)."""
        if not self.key_usage:
            return True
        return "digital_signature" in self.key_usage or "non_repudiation" in self.key_usage


@dataclass(frozen=True)
class UnreadableCertificate:
    """A certificate object whose value is not a parsable X.509 certificate."""

    key_id: str
    label: str
    reason: str


@dataclass(frozen=True)
class TokenInfo:
    slot_id: int
    slot_description: str
    label: str
    serial: str
    manufacturer: str
    model: str
    flags: frozenset[str]  # lower-case TokenFlag names: "token_initialized", "user_pin_locked"...
    mechanisms: frozenset[str]  # Mechanism names: "RSA_PKCS", "SHA256_RSA_PKCS", "ECDSA", ...
    certificates: tuple[CertificateInfo, ...] = ()
    unreadable_certificates: tuple[UnreadableCertificate, ...] = ()
    object_count: int = 0
    error: TokenError | None = None  # the token could not be read completely

    @property
    def initialized(self) -> bool:
        return "token_initialized" in self.flags


@dataclass(frozen=True)
class ModuleReport:
    path: str
    source: str  # "configured", "env", "vendor", "system"
    vendor: str | None  # known vendor/product name for this file, if any
    loaded: bool
    manufacturer: str = ""
    description: str = ""
    library_version: str = ""
    cryptoki_version: str = ""
    empty_slots: int = 0
    tokens: tuple[TokenInfo, ...] = ()
    error: TokenError | None = None


@dataclass(frozen=True)
class Inventory:
    modules: tuple[ModuleReport, ...]
    taken_at: dt.datetime

    def tokens(self) -> list[tuple[ModuleReport, TokenInfo]]:
        return [(m, t) for m in self.modules for t in m.tokens]


@dataclass(frozen=True)
class LoginCheck:
    """What a PIN login on one token proved about its keys."""

    module: str
    token_serial: str
    private_key_ids: frozenset[str]  # CKA_IDs (hex) of the private keys visible after login
    sign_failures: tuple[tuple[str, TokenError], ...] = ()  # (key_id, error) of a test signature
    error: TokenError | None = None  # the login itself failed (wrong PIN, locked ...)
