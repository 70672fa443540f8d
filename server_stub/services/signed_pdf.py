"""Checks on the contract PDFs the server accepts (合同在线签订, issue 6), with pyHanko directly.

* :func:`check_contract_pdf` — an upload (添加 / 更换合同文件): a real, unencrypted PDF with pages,
  not signed yet, under the configured size.
* :func:`accept_signed_upload` — a signed upload (签章): the exact bytes of the contract's current
  document plus ONE incremental update that adds ONE signature and changes nothing else; every
  signature intact (the earlier ones see only that new signature after them); the new signer's
  certificate chains to the server's CA roots and was valid at signing time. Who the signer must
  be (the purchaser's unit key, then this contract's supplier's) is checked by the caller
  (:mod:`server_stub.services.contracts`) against the key bindings.

Every refusal is a :class:`CommandRejected` whose Chinese message says what to do. pyHanko's
validation runs ``asyncio.run``: this is called from FastAPI's worker threads (sync routes),
which have no running event loop.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.domain.cert_identity import identity_of_certificate
from desktop.domain.protocol import MAX_CLOCK_SKEW
from server_stub.certificates import CertificateRefused, TrustStore, check_signing_usage, verify_chain
from server_stub.services.command_base import CommandRejected

__all__ = ["NewSignature", "accept_signed_upload", "check_contract_pdf", "count_signatures"]

_HEADER_WINDOW = 1024
_MB = 1024 * 1024

RESIGN = "请下载合同的最新文件，重新签章后再保存"
"""The remedy for every upload that is not "the current file plus one seal"."""


def _mb(size: int) -> str:
    return f"{size / _MB:.1f} MB"


# --- reading ------------------------------------------------------------------------------------

def _reader(data: bytes, *, signed: bool) -> Any:
    """A pyHanko reader over ``data``; refuses what is not a readable, unencrypted PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    what = "签章后的合同文件" if signed else "上传的文件"
    invalid = "signed_pdf_unreadable" if signed else "pdf_invalid"
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise CommandRejected(invalid, f"{what}不是 pdf 文件，请上传合同的 pdf 扫描件",
                              "not a PDF file (no %PDF- header)")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        encrypted = reader.encrypted
        if not encrypted:
            pages = reader.root["/Pages"]
            count = int(pages["/Count"])
    except Exception as exc:  # whatever a broken or hostile file makes the parser raise: refused, never a 500
        raise CommandRejected(invalid, f"{what}已损坏，无法作为 pdf 文件读取，请重新生成 pdf 文件后上传",
                              f"unreadable PDF: {type(exc).__name__}") from exc
    if encrypted:
        raise CommandRejected("pdf_encrypted", f"{what}已加密（设置了打开或编辑密码），请上传未加密的 pdf 文件",
                              "the PDF is encrypted")
    if count < 1:
        raise CommandRejected(invalid, f"{what}没有任何页面，请上传合同的 pdf 扫描件", "the PDF has no pages")
    return reader


def _signatures(reader: Any) -> list[Any]:
    try:
        return list(reader.embedded_regular_signatures)
    except Exception as exc:  # a broken AcroForm or signature dictionary
        raise CommandRejected("signed_pdf_unreadable", "合同文件中的签章无法读取（文件已损坏），" + RESIGN,
                              f"unreadable signatures: {type(exc).__name__}") from exc


def count_signatures(data: bytes) -> int:
    return len(_signatures(_reader(data, signed=True)))


def check_contract_pdf(data: bytes, limit: int) -> None:
    """An uploaded contract: under ``limit`` bytes, a real unencrypted PDF with pages, unsigned."""
    if len(data) > limit:
        raise CommandRejected("pdf_too_large",
                              f"合同文件过大（{_mb(len(data))}），请上传不超过 {_mb(limit)} 的 pdf 文件",
                              f"the PDF has {len(data)} bytes, the limit is {limit}")
    reader = _reader(data, signed=False)
    if _signatures(reader):
        raise CommandRejected("pdf_already_signed", "上传的合同文件已带有电子签章，请上传未签章的合同 pdf 文件",
                              "the uploaded PDF is already signed")


# --- the signed upload -------------------------------------------------------------------------

@dataclass(frozen=True)
class NewSignature:
    """The one signature a signed upload adds, checked for integrity, trust and validity."""

    field: str
    certificate: bytes
    """The signer's certificate, DER."""
    fingerprint_sha256: str
    credit_code: str | None
    subject: str
    organization: str | None
    signing_time: dt.datetime
    """The timestamp's time when timestamped, else the time the signer's computer put in the signature."""
    not_after: dt.datetime


def _refuse(code: str, message: str, message_en: str) -> CommandRejected:
    return CommandRejected(code, message, message_en)


_CATALOG_FREE = frozenset({"/AcroForm", "/Extensions", "/Version", "/Metadata", "/DSS"})
_ACROFORM_FREE = frozenset({"/Fields", "/SigFlags", "/DR", "/DA", "/NeedAppearances"})
_PAGE_FREE = frozenset({"/Annots"})
_SIG_FIELD_FREE = frozenset({"/V", "/AP", "/AS"})


def _raw_items(value: Any) -> list[Any] | None:
    from pyhanko.pdf_utils import generic

    if not isinstance(value, generic.ArrayObject):
        return None
    return [value.raw_get(i) for i in range(len(value))]


def _is_seal_widget(value: Any) -> bool:
    """A signature field (merged with its widget, as signers write it) or a widget of one."""
    from pyhanko.pdf_utils import generic

    try:
        obj = value.get_object()
        if not isinstance(obj, generic.DictionaryObject):
            return False
        if _name(obj.get("/FT")) == "/Sig":
            return True
        parent = obj.get("/Parent")
        return (_name(obj.get("/Subtype")) == "/Widget" and isinstance(parent, generic.DictionaryObject)
                and _name(parent.get("/FT")) == "/Sig")
    except Exception:  # an unresolvable entry is not a seal
        return False


def _resolved(value: Any) -> Any:
    from pyhanko.pdf_utils import generic

    return value.get_object() if isinstance(value, generic.IndirectObject) else value  # type: ignore[no-untyped-call]


def _kept(old: Any, new: Any) -> bool:
    """An array (/Fields, /Annots) keeps every old entry and gains only signature fields or widgets."""
    old, new = _resolved(old), _resolved(new)
    old_items, new_items = _raw_items(old), _raw_items(new)
    if new_items is None:
        return old is None and new is None
    if old_items is None:
        if old is not None:
            return False
        old_items = []
    return all(item in new_items for item in old_items) and all(
        _is_seal_widget(item) for item in new_items if item not in old_items)


def _same_except(old: Any, new: Any, free: frozenset[str]) -> bool:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.diff_analysis.commons import compare_dicts

    if not isinstance(old, generic.DictionaryObject) or not isinstance(new, generic.DictionaryObject):
        return False
    if isinstance(old, generic.StreamObject) or isinstance(new, generic.StreamObject):
        return False
    return bool(compare_dicts(old, new, free, raise_exc=False))


def _raw(dictionary: Any, key: str) -> Any:
    from pyhanko.pdf_utils import generic

    if isinstance(dictionary, generic.DictionaryObject) and key in dictionary:
        return dictionary.raw_get(key)
    return None


def _ref(value: Any) -> Any:
    from pyhanko.pdf_utils import generic

    return value.reference if isinstance(value, generic.IndirectObject) else None


def _name(value: Any) -> str:
    return str(value) if value is not None else ""


def _changes_beyond_a_seal(reader: Any, revision: int) -> list[str]:
    """What ``revision`` changes in objects of the earlier revisions beyond adding a signature.

    A seal adds new objects (the signature, its field and widget, the appearance, fonts) and may
    only touch these old ones: the catalog's /AcroForm (and metadata entries), the AcroForm's
    field list, the /Annots of the page the seal is on, document information and XMP metadata,
    and an empty signature field being filled in. Anything else (page contents, resources,
    another annotation) is a change to the contract and is listed.
    """
    from pyhanko.pdf_utils import generic

    xrefs = reader.xrefs
    old, new = reader.get_historical_resolver(revision - 1), reader.get_historical_resolver(revision)
    problems: list[str] = []
    if xrefs.refs_freed_in_revision(revision):
        problems.append("objects deleted")
    old_trailer, new_trailer = old.trailer_view, new.trailer_view
    root_ref = _ref(_raw(old_trailer, "/Root"))
    if root_ref is None or _ref(_raw(new_trailer, "/Root")) != root_ref:
        return [*problems, "document catalog replaced"]
    if "/Encrypt" in new_trailer:
        problems.append("encryption added")
    old_root = old.get_object(root_ref)
    metadata_refs = {_ref(_raw(old_trailer, "/Info")), _ref(_raw(old_root, "/Metadata")),
                     _ref(_raw(old_root, "/Extensions")), _ref(_raw(old_root, "/DSS"))} - {None}
    acroform_ref = _ref(_raw(old_root, "/AcroForm"))
    for ref in xrefs.explicit_refs_in_revision(revision):
        if xrefs.get_introducing_revision(ref) >= revision:
            continue  # a new object: harmless unless the old objects below point to it
        before, after = old.get_object(ref), new.get_object(ref)
        if ref == root_ref:
            ok = _same_except(before, after, _CATALOG_FREE)
        elif ref in metadata_refs:
            ok = True
        elif ref == acroform_ref:
            ok = _same_except(before, after, _ACROFORM_FREE) and _kept(_raw(before, "/Fields"),
                                                                         _raw(after, "/Fields"))
        elif isinstance(before, generic.ArrayObject):
            ok = _kept(before, after)  # the field list or a page's /Annots: only seals added
        elif isinstance(before, generic.DictionaryObject) and _name(before.get("/Type")) == "/Page":
            ok = _same_except(before, after, _PAGE_FREE) and _kept(_raw(before, "/Annots"), _raw(after, "/Annots"))
        elif (isinstance(before, generic.DictionaryObject) and _name(before.get("/FT")) == "/Sig"
              and "/V" not in before):
            ok = _same_except(before, after, _SIG_FIELD_FREE)  # an empty signature field filled in
        else:
            ok = False
        if not ok:
            problems.append(f"object {ref.idnum} {ref.generation} changed")
    new_acroform = _resolved(_raw(new.get_object(root_ref), "/AcroForm"))
    old_acroform = _resolved(_raw(old_root, "/AcroForm"))
    if _raw(new_acroform, "/XFA") is not None and _raw(old_acroform, "/XFA") is None:
        problems.append("XFA form added")  # a viewer would show the XFA form instead of the pages
    return problems


def _usage_constraints() -> Any:
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(key_usage=frozenset({"digital_signature", "non_repudiation"}),
                               match_all_key_usages=False)


async def _validate_all(signatures: Sequence[Any], roots: Sequence[Any]) -> list[Any]:
    """pyHanko's status per signature (None when it could not be checked at all)."""
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    out: list[Any] = []
    for signature in signatures:
        context = ValidationContext(trust_roots=list(roots), allow_fetching=False, revocation_mode="soft-fail")
        try:
            out.append(await async_validate_pdf_signature(signature, signer_validation_context=context,
                                                          key_usage_settings=_usage_constraints()))
        except Exception:  # broken signature data: reported as not intact by the caller
            out.append(None)
    return out


def _intact(status: Any) -> bool:
    return bool(status is not None and status.intact and status.valid)


def _only_the_new_seal_after(status: Any, new_field: str) -> bool:
    """An earlier signature: what changed after it is form filling of the new seal's field only."""
    from pyhanko.sign.diff_analysis import DiffResult, ModificationLevel

    diff = status.diff_result
    if not isinstance(diff, DiffResult):
        return False
    return bool(diff.modification_level <= ModificationLevel.FORM_FILLING
                and set(diff.changed_form_fields) <= {new_field})


def _signing_time(status: Any, now: dt.datetime) -> dt.datetime:
    stamp = status.timestamp_validity
    if stamp is not None:
        return stamp.timestamp  # type: ignore[no-any-return]
    reported = status.signer_reported_dt
    return reported if reported is not None else now


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def accept_signed_upload(base: bytes, signed: bytes, trust: TrustStore, now: dt.datetime, *,
                         max_growth: int, earliest: dt.datetime | None = None) -> NewSignature:
    """Check that ``signed`` is ``base`` plus exactly one valid, trusted signature (see the module doc).

    ``earliest``: the signing time of the signature before this one (a later seal cannot be older).
    """
    if len(signed) - len(base) > max_growth:
        raise _refuse("signed_pdf_too_large",
                      f"签章后的文件比签章前大了 {_mb(len(signed) - len(base))}，超过了一个签章的合理大小"
                      f"（{_mb(max_growth)}）。" + RESIGN, "the signed PDF grew more than one signature may add")
    if not signed.startswith(base):
        raise _refuse("signed_pdf_not_incremental",
                      "签章后的文件不是在合同当前文件上追加签章生成的：签章前的内容被改动或文件被替换。" + RESIGN,
                      "the signed PDF does not start with the exact bytes of the current document")
    base_reader, reader = _reader(base, signed=False), _reader(signed, signed=True)
    before, after = _signatures(base_reader), _signatures(reader)
    added = len(after) - len(before)
    if added <= 0:
        raise _refuse("signed_pdf_no_new_signature", "签章后的文件中没有新加盖的签章，请在合同上签章后再保存",
                      "the signed PDF adds no signature")
    if added > 1:
        raise _refuse("signed_pdf_two_signatures",
                      f"签章后的文件一次新增了 {added} 个签章；每次只能加盖本单位的一个签章。" + RESIGN,
                      f"the signed PDF adds {added} signatures; one is allowed")
    base_revisions = int(base_reader.xrefs.total_revisions)
    if int(reader.xrefs.total_revisions) != base_revisions + 1:
        raise _refuse("signed_pdf_extra_changes",
                      "签章后的文件除加盖签章外还经过了其他修改（多次增量保存）。" + RESIGN,
                      "the signed PDF has more than one incremental update")
    new = next((s for s in after if s.signed_revision == base_revisions), None)
    earlier = [s for s in after if s is not new]
    if new is None or len(earlier) != len(before):
        raise _refuse("signed_pdf_no_new_signature", "签章后的文件中没有新加盖的签章，请在合同上签章后再保存",
                      "no signature signs the new revision")
    try:
        problems = _changes_beyond_a_seal(reader, base_revisions)
    except Exception as exc:  # an object of the new revision that cannot be read: not a plain seal
        raise _refuse("signed_pdf_unreadable", "签章后的合同文件已损坏，无法读取新增的内容。" + RESIGN,
                      f"cannot compare the new revision: {type(exc).__name__}") from exc
    if problems:
        raise _refuse("signed_pdf_content_changed",
                      "签章时合同内容被改动：签章只能加盖印章，不能修改合同的页面或其他内容。" + RESIGN,
                      "the signature's revision changes the document: " + "; ".join(problems[:5]))

    from asn1crypto import x509 as asn1_x509

    roots = [asn1_x509.Certificate.load(root.public_bytes(Encoding.DER)) for root in trust.roots]
    statuses = asyncio.run(_validate_all([*earlier, new], roots))
    new_status = statuses[-1]
    if not _intact(new_status):
        raise _refuse("signed_pdf_tampered",
                      "新加盖的签章校验不通过：文件在签章后被改动，或签名与证书不符（文件可能被篡改）。请重新签章后再保存",
                      "the new signature does not verify (tampered or broken)")
    _require_whole_file(new, len(signed))
    for signature, status in zip(earlier, statuses[:-1], strict=True):
        if not _intact(status) or not _only_the_new_seal_after(status, new.field_name):
            raise _refuse("signed_pdf_earlier_signature_broken",
                          f"合同上原有的签章（{signature.field_name}）校验不通过：文件在该签章之后被改动。" + RESIGN,
                          f"earlier signature {signature.field_name} no longer valid")
    return _check_signer(new, new_status, trust, now, earliest)


def _require_whole_file(new: Any, size: int) -> None:
    try:
        start, _length1, offset2, length2 = (int(v) for v in new.sig_object["/ByteRange"])
    except (KeyError, TypeError, ValueError) as exc:
        raise _refuse("signed_pdf_tampered", "新加盖的签章数据已损坏。请重新签章后再保存",
                      "bad /ByteRange") from exc
    if start != 0 or offset2 + length2 != size:
        raise _refuse("signed_pdf_unsigned_data",
                      "签章后的文件末尾被追加了未经签章的内容（文件可能被篡改）。请重新签章后再保存",
                      "bytes after the new signature's byte range")


def _check_signer(new: Any, status: Any, trust: TrustStore, now: dt.datetime,
                  earliest: dt.datetime | None) -> NewSignature:
    der = new.signer_cert.dump()
    leaf = x509.load_der_x509_certificate(der)
    intermediates = []
    for other in new.other_embedded_certs:
        try:
            intermediates.append(x509.load_der_x509_certificate(other.dump()))
        except ValueError:
            continue
    signing_time = _signing_time(status, now)
    if signing_time > now + MAX_CLOCK_SKEW:
        raise _refuse("signing_time_in_future",
                      f"签章时间（{_local(signing_time)}）晚于服务器时间，请核对电脑的日期和时间后重新签章",
                      "signing time is in the future")
    if earliest is not None and signing_time < earliest - MAX_CLOCK_SKEW:
        raise _refuse("signing_time_too_early",
                      f"签章时间（{_local(signing_time)}）早于上一个签章的时间（{_local(earliest)}），"
                      "请核对电脑的日期和时间后重新签章", "signing time before the previous signature")
    try:
        verify_chain(leaf, intermediates, trust, signing_time)
        check_signing_usage(leaf)
    except CertificateRefused as exc:
        raise _signer_refused(exc, leaf, signing_time) from exc
    identity = identity_of_certificate(der)
    organization = next((str(a.value) for a in leaf.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)),
                        None)
    return NewSignature(field=str(new.field_name), certificate=der, fingerprint_sha256=hashlib.sha256(der).hexdigest(),
                        credit_code=identity.credit_code, subject=leaf.subject.rfc4514_string(),
                        organization=organization, signing_time=signing_time, not_after=leaf.not_valid_after_utc)


def _signer_refused(exc: CertificateRefused, leaf: x509.Certificate, signing_time: dt.datetime) -> CommandRejected:
    at = _local(signing_time)
    if exc.code == "certificate_expired":
        return _refuse("signer_certificate_expired",
                       f"签章所用的 CA 证书在签章时（{at}）已过期（有效期至 {_local(leaf.not_valid_after_utc)}）。"
                       "请到 CA 机构办理证书续期，通过“CA 自助绑定”重新绑定后再签章", exc.message_en)
    if exc.code == "certificate_not_yet_valid":
        return _refuse("signer_certificate_not_yet_valid",
                       f"签章所用的 CA 证书在签章时（{at}）尚未生效，请核对电脑的日期和时间后重新签章", exc.message_en)
    if exc.code == "key_usage":
        return _refuse("signer_key_usage", "签章所用的证书不能用于签名（密钥用途不符），请使用带签章功能的单位 CA 锁",
                       exc.message_en)
    return _refuse("signer_certificate_untrusted",
                   "签章所用的证书不是由本系统认可的 CA 机构颁发的，请使用已在本系统绑定的单位 CA 锁签章",
                   exc.message_en)
