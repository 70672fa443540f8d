"""Sign a PDF with a visible seal: PAdES B-B (B-T with a timestamp server), incremental update.

One call, :func:`sign_pdf`: read the input into memory, refuse what must not be signed (bad
file, page out of range, a certificate that already signed this document), build the seal and
the PAdES signature with the key on the token, then write the result atomically. The input is
never modified; on any failure no output file (not even a partial one) is left behind.

Blocking: the key operation waits for the token. Call from a worker thread that has no
running asyncio loop and is not the token service's own thread (pyHanko runs ``asyncio.run``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.errors import UserCancelled, YucaiError
from desktop.resources_setup import SEAL_FONT
from desktop.signing.api import SigningKey
from desktop.signing.atomic import atomic_output, check_output_path
from desktop.signing.errors import (
    AlreadySigned,
    DocumentLocked,
    FieldUnavailable,
    NewFieldNotAllowed,
    SignatureFailed,
    TimestampFailed,
)
from desktop.signing.identity import certificate_identity
from desktop.signing.pdfinput import PdfDocument, open_pdf, read_pdf_bytes
from desktop.signing.placement import DEFAULT_SEAL_SIZE, PageGeometry, Rect, seal_rect_at

__all__ = ["EmptyField", "ExistingSigner", "SealPlacement", "SignOptions", "SignResult",
           "empty_signature_fields", "existing_signers", "page_geometry", "preflight", "sign_pdf"]

FIELD_PREFIX = "YucaiSeal"


@dataclass(frozen=True)
class SealPlacement:
    """Where the seal goes: its centre in PDF user space on one page.

    A GUI click becomes ``center`` through :func:`desktop.signing.placement.view_to_user`; the
    CLI's ``--at X,Y`` is ``center`` directly. The seal is moved inside the page if the centre
    is too close to an edge (see :func:`desktop.signing.placement.seal_rect_at`).
    """

    page_index: int
    """0-based page number."""
    center: tuple[float, float]
    size: tuple[float, float] = DEFAULT_SEAL_SIZE
    """Upright width and height of the seal box in points (round seal + caption)."""
    field: str | None = None
    """Sign this existing empty signature field instead (its own page and rectangle are used;
    ``page_index``/``center``/``size`` are then ignored). Required for documents certified with
    "form filling and signing" (see :func:`empty_signature_fields`)."""

    @classmethod
    def in_field(cls, field: EmptyField) -> SealPlacement:
        rect = field.rect or Rect(0, 0, 0, 0)
        return cls(field.page_index or 0, rect.center, (rect.width, rect.height), field=field.name)


@dataclass(frozen=True)
class SignOptions:
    """How to sign; defaults give an offline PAdES B-B signature with a drawn seal."""

    unit_name: str | None = None
    """Text along the seal's arc; defaults to the certificate's O, else its CN."""
    center_text: str = ""
    """Optional horizontal text under the star (e.g. 合同专用章)."""
    seal_image: Path | None = None
    """A configured seal image used instead of the drawn seal."""
    caption: bool = True
    """Show signer and time under the seal."""
    timestamp_url: str | None = None
    """RFC 3161 timestamp server: PAdES B-T when set; no network access otherwise."""
    timestamp_timeout: float = 10.0
    reason: str | None = None
    location: str | None = None
    extra_certificates: tuple[bytes, ...] = ()
    """Intermediate CA certificates (DER) shipped with the app, embedded with the token's."""
    font_path: Path = field(default=SEAL_FONT)


@dataclass(frozen=True)
class SignResult:
    output: Path
    field_name: str
    page_index: int
    rect: Rect
    """The seal's rectangle in user space, after clamping to the page."""
    signing_time: dt.datetime
    sha256: str
    """Of the output file: signed PDFs are immutable blobs addressed by their SHA-256."""
    size: int
    timestamped: bool


def page_geometry(path: Path, page_index: int) -> PageGeometry:
    """Crop box and rotation of one page (for a viewer that places the seal)."""
    return open_pdf(path).page_geometry(page_index)


def _field_names(doc: PdfDocument) -> set[str]:
    """All fully qualified form field names (so a new seal field never clashes)."""
    names: set[str] = set()

    def walk(fields: object, prefix: str, depth: int) -> None:
        if depth > 32 or not isinstance(fields, list):
            return
        for ref in fields:
            try:
                node = ref.get_object()
                own = str(node.get("/T", ""))
            except Exception:  # a broken field must not stop signing; skip it
                continue
            full = f"{prefix}.{own}" if prefix and own else (own or prefix)
            if full:
                names.add(full)
            kids = node.get("/Kids")
            if kids is not None:
                walk(kids, full, depth + 1)

    with contextlib.suppress(Exception):  # no AcroForm, or an unreadable one
        walk(doc.reader.root["/AcroForm"]["/Fields"], "", 0)
    return names


def _new_field_name(doc: PdfDocument) -> str:
    taken = _field_names(doc)
    n = 1
    while f"{FIELD_PREFIX}{n}" in taken:
        n += 1
    return f"{FIELD_PREFIX}{n}"


@dataclass(frozen=True)
class EmptyField:
    """An unsigned signature field already in the document (a place prepared for a seal)."""

    name: str
    page_index: int | None
    """0-based page of its widget (None when the widget names no page)."""
    rect: Rect | None
    """Its widget rectangle in user space (None for an invisible field)."""


def _page_index_of(doc: PdfDocument, page_ref: object) -> int | None:
    target = getattr(page_ref, "reference", None)
    if target is None:
        return None
    reader: object = doc.reader
    for index in range(doc.page_count):
        with contextlib.suppress(Exception):
            ref, _ = reader.find_page_for_modification(index)  # type: ignore[attr-defined]
            if ref.reference == target:
                return index
    return None


def empty_signature_fields(doc: PdfDocument) -> list[EmptyField]:
    """The document's unsigned signature fields, with where their widgets are."""
    from pyhanko.sign.fields import enumerate_sig_fields

    out: list[EmptyField] = []
    with contextlib.suppress(Exception):
        for name, _, field_ref in enumerate_sig_fields(doc.reader, filled_status=False):
            field = field_ref.get_object()
            widget = field
            if "/Rect" not in field and "/Kids" in field:
                widget = field["/Kids"][0].get_object()
            rect = None
            with contextlib.suppress(Exception):
                box = Rect.from_corners(*(float(v) for v in widget["/Rect"]))
                rect = box if box.width > 0 and box.height > 0 else None
            out.append(EmptyField(str(name), _page_index_of(doc, widget.raw_get("/P")) if "/P" in widget
                                  else None, rect))
    return out


@dataclass(frozen=True)
class ExistingSigner:
    field: str
    certificate: bytes
    name: str


def existing_signers(doc: PdfDocument) -> Iterator[ExistingSigner]:
    """The signer certificate of every readable signature already in the document."""
    try:
        embedded = list(doc.reader.embedded_regular_signatures)
    except Exception:  # an unreadable signature cannot be ours; pyHanko validates later
        return
    for sig in embedded:
        try:
            der = bytes(sig.signer_cert.dump())
            who = certificate_identity(der)
        except Exception:
            continue
        yield ExistingSigner(str(sig.field_name), der, who.organization or who.common_name or who.subject)


def preflight(doc: PdfDocument, certificate: bytes, placement: SealPlacement | None = None) -> None:
    """Refuse before the token is touched: this certificate signed already (只能签章一次), an
    author's certification forbids any change, or allows only the existing signature fields
    and ``placement`` names none of them."""
    for signer in existing_signers(doc):
        if signer.certificate == certificate:
            raise AlreadySigned(signer.field, signer.name)
    from pyhanko.sign.fields import MDPPerm
    from pyhanko.sign.validation.pdf_embedded import read_certification_data

    try:
        certification = read_certification_data(doc.reader)
    except Exception:  # unreadable DocMDP data: pyHanko decides while signing
        certification = None
    if certification is not None and certification.permission == MDPPerm.NO_CHANGES:
        raise DocumentLocked(_certifier_field(doc))
    empty = empty_signature_fields(doc)
    if placement is not None and placement.field is not None:
        if placement.field not in {f.name for f in empty}:
            raise FieldUnavailable(placement.field)
    elif certification is not None and certification.permission == MDPPerm.FILL_FORMS:
        raise NewFieldNotAllowed(_certifier_field(doc), tuple(f.name for f in empty))


def _certifier_field(doc: PdfDocument) -> str:
    with contextlib.suppress(Exception):
        for sig in doc.reader.embedded_regular_signatures:
            if sig.docmdp_level is not None:
                return str(sig.field_name)
    return "?"


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise UserCancelled()


def _unit_name(identity_org: str | None, identity_cn: str | None, options: SignOptions) -> str:
    return options.unit_name or identity_org or identity_cn or ""


def _sign_in_memory(doc: PdfDocument, key: SigningKey, placement: SealPlacement, rect: Rect,
                    geometry: PageGeometry, field_name: str, options: SignOptions,
                    now: dt.datetime) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner

    from desktop.signing.appearance import SealDesign, SealStampStyle, caption_lines
    from desktop.signing.token_signer import TokenSigner

    identity = certificate_identity(key.certificate)
    signer_name = identity.common_name or identity.display_name
    design = SealDesign(
        unit_name=_unit_name(identity.organization, identity.common_name, options),
        caption=caption_lines(signer_name, now) if options.caption else (),
        center_text=options.center_text,
        seal_image=options.seal_image,
        font_path=options.font_path,
    )
    signer = TokenSigner(key, options.extra_certificates)
    timestamper = None
    if options.timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(options.timestamp_url, timeout=options.timestamp_timeout)
    meta = PdfSignatureMetadata(
        field_name=field_name,
        subfilter=SigSeedSubFilter.PADES,  # pyHanko's default is adbe.pkcs7.detached, not PAdES
        md_algorithm="sha256",
        reason=options.reason,
        location=options.location,
        use_pades_lta=False,
    )
    new_field = None
    if placement.field is None:
        new_field = SigFieldSpec(field_name, on_page=placement.page_index,
                                 box=rect.as_tuple())  # type: ignore[arg-type]
    pdf_signer = PdfSigner(
        meta, signer,
        timestamper=timestamper,
        stamp_style=SealStampStyle(design=design, rotation=geometry.rotation),
        new_field_spec=new_field,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(doc.data), strict=False)
    out = io.BytesIO()
    # with a timestamp server the token's size is unknown: let pyHanko measure a dummy CMS
    reserved = None if timestamper is not None else signer.reserved_hex_size()
    pdf_signer.sign_pdf(writer, output=out, bytes_reserved=reserved,
                        existing_fields_only=placement.field is not None)
    return out.getvalue()


def _convert(exc: Exception, options: SignOptions) -> YucaiError:
    """pyHanko's and the PDF layer's exceptions -> our tree (our own pass through)."""
    if isinstance(exc, YucaiError):
        return exc
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    if isinstance(exc, TimestampRequestError) and options.timestamp_url:
        cause = exc.__cause__
        return TimestampFailed(options.timestamp_url, str(cause or exc))
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return SignatureFailed(f"{type(exc).__name__}: {detail[:200]}")


def sign_pdf(input_path: Path, output_path: Path, key: SigningKey, placement: SealPlacement,
             options: SignOptions = SignOptions(), *,
             cancelled: Callable[[], bool] | None = None) -> SignResult:
    """Sign ``input_path`` into ``output_path`` with ``key``, a visible seal at ``placement``.

    Raises a :class:`~desktop.domain.errors.YucaiError`: a ``SigningError`` subclass for the
    file and the signature, the key layer's own errors from ``key.sign``, ``UserCancelled``
    when ``cancelled()`` turned true. Nothing is written unless everything succeeded.
    """
    out_path = check_output_path(output_path, input_path)
    data = read_pdf_bytes(input_path)
    doc = open_pdf(input_path, data)
    preflight(doc, key.certificate, placement)
    if placement.field is not None:
        target = next(f for f in empty_signature_fields(doc) if f.name == placement.field)
        page_index = target.page_index if target.page_index is not None else placement.page_index
        placement = SealPlacement(page_index, placement.center, placement.size, placement.field)
        geometry = doc.page_geometry(page_index)
        rect = target.rect or Rect(0, 0, 0, 0)
        field_name = target.name
    else:
        geometry = doc.page_geometry(placement.page_index)
        rect = seal_rect_at(geometry, placement.center[0], placement.center[1], placement.size)
        field_name = _new_field_name(doc)
    if options.seal_image is not None:
        from desktop.signing.appearance import load_seal_image

        load_seal_image(options.seal_image)  # fail before touching the token
    if not options.font_path.is_file():
        raise SignatureFailed(f"印章字体文件不存在（seal font missing: {options.font_path}）")
    _check(cancelled)
    now = dt.datetime.now(dt.UTC)
    try:
        signed = _sign_in_memory(doc, key, placement, rect, geometry, field_name, options, now)
    except YucaiError:
        raise
    except Exception as exc:  # pyHanko's exceptions are converted at this boundary only
        raise _convert(exc, options) from exc
    _check(cancelled)
    with atomic_output(out_path) as handle:
        handle.write(signed)
        _check(cancelled)
    return SignResult(
        output=out_path, field_name=field_name, page_index=placement.page_index, rect=rect,
        signing_time=now, sha256=hashlib.sha256(signed).hexdigest(), size=len(signed),
        timestamped=bool(options.timestamp_url),
    )

