"""Who a certificate names: 统一社会信用代码 and 身份证号码 read from an X.509 certificate.

Shared by the key layer (diagnosis), signing (who signed a PDF) and the server (binding, CA
login), so it lives in the domain and uses the standard library only: a small DER reader walks
the subject and the extensions; nothing else of the certificate is interpreted here.

Chinese CAs put the codes in GM/T 0015 extensions, CA-private extensions or subject fields; the
places are searched in the order of docs/domain-rules.md §C3, kept as data
(:data:`CREDIT_CODE_RULES`, :data:`ID_NUMBER_RULES`). Only candidates passing the check
character become codes; well-formed candidates failing it are reported as invalid.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from desktop.domain.identity import (
    CREDIT_CODE_ALPHABET,
    credit_code_problem,
    id_number_problem,
    normalize_code,
)


class Where(Enum):
    EXTENSION = "ext"  # a certificate extension whose value is a DER string
    SUBJECT = "subject"  # one subject attribute type
    ANY_DN = "dn"  # any 18-character token anywhere in the subject


@dataclass(frozen=True)
class IdentityRule:
    where: Where
    oid: str  # extension or attribute OID ("" for ANY_DN)
    name: str  # short name used in the reported source, e.g. "OU"
    meaning: str  # what the issuing standard / CA says the field holds

    @property
    def source(self) -> str:
        if self.where is Where.EXTENSION:
            return f"ext:{self.oid}"
        if self.where is Where.SUBJECT:
            return f"subject:{self.name}"
        return "subject:any"

    @property
    def specific(self) -> bool:
        """True when the field is meant for exactly this kind of code (not a generic DN field)."""
        return self.where is Where.EXTENSION


OU, SERIAL_NUMBER, ORGANIZATION_IDENTIFIER = "2.5.4.11", "2.5.4.5", "2.5.4.97"

# Order of domain-rules.md §C3: 2023 OID, 2012 OIDs, RSA-style OIDs, subject fields, any DN token.
CREDIT_CODE_RULES: tuple[IdentityRule, ...] = (
    IdentityRule(Where.EXTENSION, "1.2.156.10260.4.4", "", "GM/T 0015-2023 统一社会信用代码"),
    IdentityRule(Where.EXTENSION, "1.2.156.10260.4.1.4", "", "GM/T 0015-2012 组织机构代码（多作信用代码）"),
    IdentityRule(Where.EXTENSION, "1.2.156.10260.4.1.3", "", "GM/T 0015-2012 工商注册号"),
    IdentityRule(Where.EXTENSION, "1.2.86.11.7.4", "", "RSA 证书 统一社会信用代码"),
    IdentityRule(Where.EXTENSION, "1.2.86.11.7.3", "", "RSA 证书 营业执照号"),
    IdentityRule(Where.SUBJECT, OU, "OU", "主题 OU（常放机构代码）"),
    IdentityRule(Where.SUBJECT, SERIAL_NUMBER, "serialNumber", "主题 serialNumber"),
    IdentityRule(Where.SUBJECT, ORGANIZATION_IDENTIFIER, "organizationIdentifier", "主题 organizationIdentifier"),
    IdentityRule(Where.ANY_DN, "", "any", "主题中任意 18 位字符"),
)

ID_NUMBER_RULES: tuple[IdentityRule, ...] = (
    IdentityRule(Where.EXTENSION, "1.2.156.10260.4.1.1.1", "", "GM/T 0015-2023 居民身份证号码"),
    IdentityRule(Where.EXTENSION, "1.2.156.10260.4.1.1", "", "GM/T 0015-2012 身份证号码"),
    IdentityRule(Where.EXTENSION, "1.2.86.11.7.1", "", "RSA 证书 身份证号码"),
    IdentityRule(Where.SUBJECT, OU, "OU", "主题 OU（常放身份证号）"),
    IdentityRule(Where.SUBJECT, SERIAL_NUMBER, "serialNumber", "主题 serialNumber"),
    IdentityRule(Where.ANY_DN, "", "any", "主题中任意 18 位字符"),
)

_TOKEN = re.compile(r"[0-9A-Z]+")
_ORG_ID_PREFIX = re.compile(r"^[A-Z]{3}[A-Z]{2}[-:]?")  # "NTRCN-", ETSI EN 319 412-1 style
_CREDIT_SHAPE = re.compile(f"^[{CREDIT_CODE_ALPHABET}]{{2}}[0-9]{{6}}[{CREDIT_CODE_ALPHABET}]{{10}}$")
_ID_SHAPE = re.compile(r"^[1-9][0-9]{16}[0-9X]$")


@dataclass(frozen=True)
class CertificateTexts:
    """The texts of a certificate that may carry identity codes."""

    subject: tuple[tuple[str, str], ...]  # (attribute OID, text) in DER order
    extensions: Mapping[str, tuple[str, ...]]  # extension OID -> strings inside its value


@dataclass(frozen=True)
class IdentityCodes:
    credit_code: str | None = None
    credit_code_source: str | None = None
    invalid_credit_codes: tuple[str, ...] = ()
    id_number: str | None = None
    id_number_source: str | None = None
    invalid_id_numbers: tuple[str, ...] = ()

    @property
    def is_unit(self) -> bool:
        return bool(self.credit_code or self.invalid_credit_codes)

    @property
    def is_personal(self) -> bool:
        return not self.is_unit and bool(self.id_number or self.invalid_id_numbers)


class CertificateFormatError(ValueError):
    """The bytes are not a DER X.509 certificate this reader can walk."""


# --- a minimal DER reader ------------------------------------------------------------------

@dataclass(frozen=True)
class _Tlv:
    tag: int  # the whole identifier octet (class, constructed bit, number)
    value: bytes
    end: int

    @property
    def number(self) -> int:
        return self.tag & 0x1F

    @property
    def constructed(self) -> bool:
        return bool(self.tag & 0x20)


def _read(data: bytes, offset: int = 0) -> _Tlv:
    if offset + 2 > len(data):
        raise CertificateFormatError("truncated DER")
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise CertificateFormatError("high tag numbers are not used in certificates")
    length = data[offset + 1]
    pos = offset + 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or pos + count > len(data):
            raise CertificateFormatError("bad DER length")
        length = int.from_bytes(data[pos:pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise CertificateFormatError("truncated DER")
    return _Tlv(tag, data[pos:pos + length], pos + length)


def _children(data: bytes) -> Iterator[_Tlv]:
    offset = 0
    while offset < len(data):
        tlv = _read(data, offset)
        yield tlv
        offset = tlv.end


def _oid(value: bytes) -> str:
    if not value:
        raise CertificateFormatError("empty OID")
    first = value[0]
    parts = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    number = 0
    for byte in value[1:]:
        number = (number << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(number)
            number = 0
    return ".".join(str(p) for p in parts)


_STRING_CODECS = {12: "utf-8", 18: "ascii", 19: "utf-8", 20: "utf-8", 22: "utf-8", 26: "utf-8",
                  30: "utf-16-be", 28: "utf-32-be"}


def _string(tlv: _Tlv) -> str | None:
    """Text of an ASN.1 string; UTF-8 bytes mislabelled as T61/Printable are recovered."""
    codec = _STRING_CODECS.get(tlv.number) if not tlv.constructed else None
    if codec is None:
        return None
    try:
        return tlv.value.decode(codec)
    except UnicodeDecodeError:
        return tlv.value.decode("latin-1")


def strings_in_extension(data: bytes, depth: int = 0) -> Iterator[str]:
    """Strings inside an extension value: a DER string, possibly wrapped in an OCTET STRING or a
    SEQUENCE; raw text (no DER) is accepted as a last resort."""
    try:
        items = list(_children(data))
    except CertificateFormatError:
        items = []
    if not items:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return
        if text.isprintable():
            yield text
        return
    for tlv in items:
        found = _string(tlv)
        if found is not None:
            yield found
        elif depth < 4 and (tlv.number == 4 or tlv.constructed):  # OCTET STRING, SEQUENCE, SET
            yield from strings_in_extension(tlv.value, depth + 1)


def certificate_texts(der: bytes) -> CertificateTexts:
    """Subject attribute texts and extension strings of a DER certificate."""
    cert = _read(der)
    tbs = next(_children(cert.value))
    fields = list(_children(tbs.value))
    if fields and fields[0].tag == 0xA0:  # [0] EXPLICIT version
        fields = fields[1:]
    if len(fields) < 6:
        raise CertificateFormatError("tbsCertificate is incomplete")
    subject: list[tuple[str, str]] = []
    for rdn in _children(fields[4].value):
        for atv in _children(rdn.value):
            parts = list(_children(atv.value))
            if len(parts) == 2:
                text = _string(parts[1])
                if text is not None:
                    subject.append((_oid(parts[0].value), text))
    extensions: dict[str, tuple[str, ...]] = {}
    for extra in fields[6:]:
        if extra.tag != 0xA3:  # [3] EXPLICIT extensions
            continue
        for ext in _children(next(_children(extra.value)).value):
            parts = list(_children(ext.value))
            oid = _oid(parts[0].value)
            if oid not in extensions:  # first occurrence wins
                extensions[oid] = tuple(strings_in_extension(parts[-1].value))
    return CertificateTexts(tuple(subject), extensions)


# --- choosing the codes ----------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).upper())


def _candidates(rule: IdentityRule, texts: CertificateTexts) -> Iterator[str]:
    """Normalised candidate codes a rule finds, in order."""
    if rule.where is Where.EXTENSION:
        for text in texts.extensions.get(rule.oid, ()):
            code = normalize_code(text)
            yield from ([code] if len(code) == 18 else [t for t in _tokens(text) if len(t) == 18])
        return
    for oid, text in texts.subject:
        if rule.where is Where.SUBJECT and oid != rule.oid:
            continue
        for token in _tokens(text):
            if oid == ORGANIZATION_IDENTIFIER and len(token) > 18:
                token = _ORG_ID_PREFIX.sub("", token)
            if len(token) == 18:
                yield token


def _looks_like_id_number(code: str) -> bool:
    """An invalid 18-digit DN token is taken as an ID number when its birth date is a real date."""
    if not _ID_SHAPE.match(code):
        return False
    try:
        dt.date(int(code[6:10]), int(code[10:12]), int(code[12:14]))
    except ValueError:
        return False
    return 1900 <= int(code[6:10]) <= 2100


def find_identity(texts: CertificateTexts, *, credit_rules: Sequence[IdentityRule] = CREDIT_CODE_RULES,
                  id_rules: Sequence[IdentityRule] = ID_NUMBER_RULES) -> IdentityCodes:
    credit = credit_source = idn = idn_source = None
    bad_credit: list[str] = []
    bad_idn: list[str] = []
    for rule in credit_rules:
        for code in _candidates(rule, texts):
            if not rule.specific and (id_number_problem(code) is None or _looks_like_id_number(code)):
                continue  # a generic DN token that reads as an ID number is not a credit code
            if credit_code_problem(code) is None:
                if credit is None:
                    credit, credit_source = code, rule.source
            elif _CREDIT_SHAPE.match(code) and code not in bad_credit:
                bad_credit.append(code)
    for rule in id_rules:
        for code in _candidates(rule, texts):
            if id_number_problem(code) is None:
                if idn is None and code != credit:
                    idn, idn_source = code, rule.source
            elif ((rule.specific or _looks_like_id_number(code)) and _ID_SHAPE.match(code)
                  and code not in bad_idn and code not in bad_credit):
                bad_idn.append(code)
    return IdentityCodes(credit, credit_source, tuple(bad_credit), idn, idn_source, tuple(bad_idn))


def identity_of_certificate(der: bytes) -> IdentityCodes:
    """The identity codes of a DER certificate; raises :class:`CertificateFormatError`."""
    try:
        return find_identity(certificate_texts(der))
    except (StopIteration, IndexError) as exc:
        raise CertificateFormatError("not an X.509 certificate") from exc
