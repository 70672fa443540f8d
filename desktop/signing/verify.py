"""Check the signatures in a PDF: one :class:`SignatureReport` per signature, never an exception
for a bad signature (a broken file is an exception: :mod:`desktop.signing.errors`).

For each signature: who signed (name, unit, 统一社会信用代码 from the certificate), when, whether
the signed bytes are intact, whether the certificate chains to a configured root, whether the
whole file is covered by signatures, and what changed in later revisions.

*Covers the whole document* is stricter than pyHanko's bottom line: bytes appended after the
last signed revision (a tampering trick that keeps every signature mathematically valid) make
it false for every signature, and it is named as :attr:`Change.UNSIGNED_DATA`. A signature
followed by another party's signature still covers the whole document: the later signature
covers everything up to the end of the file, and :attr:`Change.SIGNATURE` says what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from desktop.signing.identity import CertificateIdentity, certificate_identity
from desktop.signing.pdfinput import PdfDocument, open_pdf

__all__ = [
    "CHANGE_LABELS",
    "CertificateValidity",
    "Change",
    "SignatureReport",
    "verify_document",
    "verify_pdf",
]


class Change(StrEnum):
    """What happened to the document after a signature."""

    SIGNATURE = "signature"
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    OTHER = "other"
    UNSIGNED_DATA = "unsigned_data"


CHANGE_LABELS: dict[Change, tuple[str, str]] = {
    Change.SIGNATURE: ("之后有其他签章", "signed again later"),
    Change.FORM_FILLING: ("之后填写了表单", "form fields filled in later"),
    Change.ANNOTATIONS: ("之后添加或修改了批注", "annotations added or changed later"),
    Change.OTHER: ("之后有其他修改，内容可能被篡改", "other changes later: content may have been altered"),
    Change.UNSIGNED_DATA: ("文件末尾有未签名的数据", "unsigned data after the last signature"),
}


@dataclass(frozen=True)
class CertificateValidity:
    not_before: dt.datetime
    not_after: dt.datetime
    valid_at_signing: bool | None
    """None when the signing time is unknown."""
    valid_now: bool


@dataclass(frozen=True)
class SignatureReport:
    """Everything a user or the help desk needs to know about one signature."""

    field: str
    signer: str
    """The certificate's common name (or its subject when it has none)."""
    unit: str | None
    """The certificate's organisation (单位名称)."""
    credit_code: str | None
    credit_code_source: str | None
    id_number: str | None
    issuer: str
    certificate_serial: str
    certificate_fingerprint: str
    key_algorithm: str
    certificate: CertificateValidity
    signing_time: dt.datetime | None
    """The timestamp token's time when there is one, else the time the signer's computer claimed."""
    timestamped: bool
    intact: bool
    """The signed bytes are unchanged and the signature value checks against the certificate."""
    trusted: bool
    """The certificate chains to a configured root and was valid (at the timestamp, if any)."""
    trust_problem: str | None
    """Why not trusted, in Chinese (None when trusted)."""
    covers_whole_document: bool
    revision: int
    """1-based revision of the file this signature signed."""
    later_revisions: int
    modifications: tuple[Change, ...]
    pades: bool
    """The signature uses the PAdES subfilter (ETSI.CAdES.detached)."""
    error: str | None = None
    """The signature could not be checked at all (broken signature data)."""

    @property
    def valid(self) -> bool:
        """Intact, trusted, nothing unsigned or suspicious afterwards."""
        bad_changes = {Change.OTHER, Change.ANNOTATIONS, Change.UNSIGNED_DATA}
        return (self.intact and self.trusted and self.covers_whole_document
                and not bad_changes.intersection(self.modifications))

    def to_json(self) -> dict[str, Any]:
        def iso(value: dt.datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "field": self.field,
            "signer": self.signer,
            "unit": self.unit,
            "credit_code": self.credit_code,
            "credit_code_source": self.credit_code_source,
            "id_number": self.id_number,
            "issuer": self.issuer,
            "certificate_serial": self.certificate_serial,
            "certificate_sha256": self.certificate_fingerprint,
            "key_algorithm": self.key_algorithm,
            "certificate_not_before": iso(self.certificate.not_before),
            "certificate_not_after": iso(self.certificate.not_after),
            "certificate_valid_at_signing": self.certificate.valid_at_signing,
            "certificate_valid_now": self.certificate.valid_now,
            "signing_time": iso(self.signing_time),
            "timestamped": self.timestamped,
            "intact": self.intact,
            "trusted": self.trusted,
            "trust_problem": self.trust_problem,
            "covers_whole_document": self.covers_whole_document,
            "revision": self.revision,
            "later_revisions": self.later_revisions,
            "modifications": [m.value for m in self.modifications],
            "pades": self.pades,
            "valid": self.valid,
            "error": self.error,
        }


# --- pyHanko boundary -------------------------------------------------------------------------

_TRUST_PROBLEMS = {
    "NO_CERTIFICATE_CHAIN_FOUND": "无法建立到受信任根证书的证书链（根证书未配置或缺少中间证书）",
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": "证书链校验失败",
    "CHAIN_CONSTRAINTS_FAILURE": "证书链不满足约束（用途或策略不符）",
    "SIG_CONSTRAINTS_FAILURE": "证书用途不允许签名",
    "EXPIRED": "证书已过期",
    "OUT_OF_BOUNDS_NO_POE": "签章时证书不在有效期内",
    "OUT_OF_BOUNDS_NOT_REVOKED": "证书不在有效期内",
    "NOT_YET_VALID": "证书尚未生效",
    "REVOKED": "证书已被吊销",
    "REVOKED_NO_POE": "证书已被吊销",
    "REVOKED_CA_NO_POE": "签发机构证书已被吊销",
    "CRYPTO_CONSTRAINTS_FAILURE": "签名算法强度不足",
    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE": "签名算法强度不足",
}
NO_ROOTS = "未配置受信任的根证书（--trust 或配置文件 signing.trust_roots）"


@dataclass(frozen=True)
class _Checked:
    field: str
    signed_revision: int
    byte_range_end: int
    sig_bytes: int
    status: Any  # PdfSignatureStatus
    identity: CertificateIdentity | None
    error: str | None
    subfilter: str = ""


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _byte_range_end(sig_object: Any) -> int:
    try:
        values = [int(v) for v in sig_object["/ByteRange"]]
        return values[2] + values[3]
    except (KeyError, TypeError, ValueError, IndexError):
        return -1


async def _check_all(doc: PdfDocument, roots: Sequence[Any], others: Sequence[Any],
                     now: dt.datetime | None) -> list[_Checked]:
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko_certvalidator import ValidationContext

    usage = KeyUsageConstraints(key_usage=frozenset({"digital_signature", "non_repudiation"}),
                                match_all_key_usages=False)
    checked: list[_Checked] = []
    try:
        fields = list(enumerate_sig_fields(doc.reader, filled_status=True))
    except Exception:  # an unreadable AcroForm: treat as unsigned rather than crash
        fields = []
    for fq_name, sig_obj, sig_field in fields:
        name = str(fq_name)
        subfilter = ""
        try:
            obj = sig_obj.get_object()
            if str(obj.get("/Type", "/Sig")) == "/DocTimeStamp":
                continue  # document timestamps (PAdES LTA) are not signatures of a party
            subfilter = str(obj.get("/SubFilter", ""))
            emb = EmbeddedPdfSignature(doc.reader, sig_field, name)
        except Exception as exc:
            checked.append(_Checked(name, -1, -1, 0, None, None, _short(exc), subfilter))
            continue
        identity = None
        try:
            identity = certificate_identity(emb.signer_cert.dump())
        except Exception:
            identity = None
        context = ValidationContext(trust_roots=list(roots), other_certs=list(others), allow_fetching=False,
                                    revocation_mode="soft-fail", moment=now)
        end = _byte_range_end(emb.sig_object)
        try:
            status = await async_validate_pdf_signature(emb, signer_validation_context=context,
                                                        key_usage_settings=usage)
        except Exception as exc:
            checked.append(_Checked(name, emb.signed_revision, end, len(emb.pkcs7_content),
                                    None, identity, _short(exc), subfilter))
            continue
        checked.append(_Checked(name, emb.signed_revision, end, len(emb.pkcs7_content),
                                status, identity, None, subfilter))
    checked.sort(key=lambda c: c.signed_revision)
    return checked


def _changes(item: _Checked, later_fields: set[str], unsigned_tail: bool) -> tuple[Change, ...]:
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    changes: list[Change] = []
    status = item.status
    if status is None:
        return (Change.OTHER,)
    if later_fields:
        changes.append(Change.SIGNATURE)
    diff = status.diff_result
    if isinstance(diff, DiffResult):
        level = diff.modification_level
        if set(diff.changed_form_fields) - later_fields:
            changes.append(Change.FORM_FILLING)
        if level == ModificationLevel.ANNOTATIONS:
            changes.append(Change.ANNOTATIONS)
        elif level == ModificationLevel.OTHER:
            changes.append(Change.OTHER)
        elif level == ModificationLevel.FORM_FILLING and not later_fields and not changes:
            changes.append(Change.FORM_FILLING)
    elif diff is not None:  # SuspiciousModification: pyHanko could not explain the changes
        changes.append(Change.OTHER)
    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        changes.append(Change.OTHER)
    if unsigned_tail:
        changes.append(Change.UNSIGNED_DATA)
    return tuple(dict.fromkeys(changes))


def _trust_problem(status: Any, intact: bool, have_roots: bool) -> str | None:
    if status is None:
        return "签名数据无法解析"
    if not intact:
        return "签名已损坏，无法判断证书是否可信"
    if status.trusted:
        return None
    if not have_roots:
        return NO_ROOTS
    indic = status.trust_problem_indic
    if indic is None:
        return "证书无法验证"
    return _TRUST_PROBLEMS.get(getattr(indic, "name", ""), f"证书无法验证（{getattr(indic, 'name', indic)}）")


def _report(item: _Checked, checked: list[_Checked], file_size: int, total_revisions: int,
            now: dt.datetime, have_roots: bool) -> SignatureReport:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = item.status
    intact = bool(status is not None and status.intact and status.valid)
    # the whole file is signed when an intact signature's byte range reaches the end of the file
    reaches_eof = any(c.status is not None and c.status.intact and c.status.valid
                      and c.byte_range_end == file_size for c in checked)
    coverage = status.coverage if status is not None else None
    whole = bool(intact and reaches_eof and coverage is not None
                 and coverage >= SignatureCoverageLevel.ENTIRE_REVISION)
    later_fields = {c.field for c in checked if c.signed_revision > item.signed_revision}
    # bytes after the end of every signature's byte range: appended, not signed by anyone
    unsigned_tail = max((c.byte_range_end for c in checked), default=file_size) < file_size
    identity = item.identity
    signing_time = None
    timestamped = False
    if status is not None:
        ts = status.timestamp_validity
        if ts is not None:
            timestamped = True
            signing_time = ts.timestamp
        else:
            signing_time = status.signer_reported_dt
    if identity is not None:
        nb, na = identity.not_before, identity.not_after
        validity = CertificateValidity(
            not_before=nb, not_after=na,
            valid_at_signing=(nb <= signing_time <= na) if signing_time else None,
            valid_now=nb <= now <= na)
    else:
        epoch = dt.datetime.fromtimestamp(0, dt.UTC)
        validity = CertificateValidity(epoch, epoch, None, False)
    trusted = bool(status is not None and status.trusted and intact)
    return SignatureReport(
        field=item.field,
        signer=(identity.common_name or identity.subject) if identity else "",
        unit=identity.organization if identity else None,
        credit_code=identity.codes.credit_code if identity else None,
        credit_code_source=identity.codes.credit_code_source if identity else None,
        id_number=identity.codes.id_number if identity else None,
        issuer=identity.issuer if identity else "",
        certificate_serial=identity.serial if identity else "",
        certificate_fingerprint=identity.fingerprint_sha256 if identity else "",
        key_algorithm=identity.key_algorithm if identity else "",
        certificate=validity,
        signing_time=signing_time,
        timestamped=timestamped,
        intact=intact,
        trusted=trusted,
        trust_problem=None if trusted else _trust_problem(status, intact, have_roots),
        covers_whole_document=whole,
        revision=item.signed_revision + 1,
        later_revisions=max(0, total_revisions - 1 - item.signed_revision) if item.signed_revision >= 0
        else 0,
        modifications=_changes(item, later_fields, unsigned_tail),
        pades=item.subfilter == "/ETSI.CAdES.detached",
        error=item.error,
    )


def verify_document(doc: PdfDocument, trust_roots: Sequence[bytes] = (),
                    other_certificates: Sequence[bytes] = (),
                    now: dt.datetime | None = None) -> tuple[SignatureReport, ...]:
    """Reports for every signature in an opened document, in signing order."""
    import asyncio

    from asn1crypto import x509

    roots = [x509.Certificate.load(der) for der in trust_roots]
    others = [x509.Certificate.load(der) for der in other_certificates]
    checked = asyncio.run(_check_all(doc, roots, others, now))
    moment = now or dt.datetime.now(dt.UTC)
    try:
        total = int(doc.reader.xrefs.total_revisions)
    except Exception:
        total = 1
    size = len(doc.data)
    return tuple(_report(item, checked, size, total, moment, bool(roots)) for item in checked)


def verify_pdf(path: Path, trust_roots: Sequence[bytes] = (), other_certificates: Sequence[bytes] = (),
               now: dt.datetime | None = None) -> tuple[SignatureReport, ...]:
    """Open ``path`` and check every signature against ``trust_roots`` (DER certificates).

    Runs ``asyncio.run``: call from a thread without a running event loop. Raises a
    ``SigningError`` only when the file itself cannot be read (not a PDF, damaged, encrypted).
    """
    return verify_document(open_pdf(path), trust_roots, other_certificates, now)
