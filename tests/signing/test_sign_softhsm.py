"""Signing round trips with the keys on the SoftHSM lab (through TokenService), each produced file
checked by our verifier and independently by poppler's pdfsig."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from pyhanko.sign.fields import MDPPerm

from desktop.demo.softhsm import Lab
from desktop.domain.errors import UserCancelled
from desktop.signing.errors import (
    AlreadySigned,
    DocumentLocked,
    FieldUnavailable,
    NewFieldNotAllowed,
    PageOutOfRange,
    SameInputAndOutput,
    TimestampFailed,
)
from desktop.signing.pdfinput import open_pdf
from desktop.signing.placement import Rect
from desktop.signing.sign import SealPlacement, SignOptions, empty_signature_fields, page_geometry, sign_pdf
from desktop.signing.verify import Change, verify_pdf
from desktop.token.service import TokenService, TokenSigningKey
from tests.signing.conftest import EC_KEY, PERSONAL_RSA_KEY, RSA_KEY, open_key
from tests.signing.pdfs import PageSpec, build_pdf
from tests.signing.pdfsig import pdfsig, signed_entries
from tests.signing.pki import SoftPki, make_tsa
from tests.signing.tsa import tsa_server

pytestmark = pytest.mark.softhsm


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.mark.parametrize("which", [RSA_KEY, EC_KEY], ids=["rsa", "ecdsa"])
def test_round_trip(which: tuple[str, str], token_service: TokenService, softhsm_lab: Lab, lab_root: bytes,
                    nss_db: str, contract: Path, tmp_path: Path) -> None:
    expected = softhsm_lab.token(which[0]).certificate(which[1])
    before = sha256(contract)
    out = tmp_path / "signed.pdf"
    with open_key(token_service, softhsm_lab, which) as key:
        result = sign_pdf(contract, out, key, SealPlacement(0, (300, 200)))
    assert sha256(contract) == before  # the input is never modified
    assert result.sha256 == sha256(out) and result.size == out.stat().st_size
    assert result.field_name == "YucaiSeal1" and not result.timestamped
    assert leftovers(tmp_path) == []

    (report,) = verify_pdf(out, [lab_root])
    assert report.intact and report.trusted and report.covers_whole_document and report.valid
    assert report.pades and report.modifications == () and report.error is None
    assert report.signer == expected.common_name and report.unit == expected.organization
    assert report.credit_code == expected.credit_code
    assert report.key_algorithm == expected.key_algorithm
    assert report.certificate.valid_at_signing and report.certificate.valid_now
    assert report.signing_time is not None
    assert abs((report.signing_time - result.signing_time).total_seconds()) < 2

    entry = signed_entries(out, nss_db)["YucaiSeal1"]
    assert entry.valid and entry.trusted and entry.total_document_signed
    assert entry.signature_type == "ETSI.CAdES.detached"
    assert entry.signer == expected.common_name


def test_two_signers_by_incremental_update(rsa_key: TokenSigningKey, ec_key: TokenSigningKey, lab_root: bytes,
                                           nss_db: str, contract: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "purchaser.pdf", tmp_path / "both.pdf"
    sign_pdf(contract, first, rsa_key, SealPlacement(0, (150, 150)))
    sign_pdf(first, second, ec_key, SealPlacement(0, (450, 150)))
    data = second.read_bytes()
    assert data.startswith(first.read_bytes())  # an incremental update: revision 1 untouched

    one, two = verify_pdf(second, [lab_root])
    assert (one.field, two.field) == ("YucaiSeal1", "YucaiSeal2")
    assert one.intact and one.trusted and two.intact and two.trusted
    assert one.modifications == (Change.SIGNATURE,) and two.modifications == ()
    assert one.covers_whole_document and two.covers_whole_document
    assert one.later_revisions == 1 and two.later_revisions == 0
    assert one.valid and two.valid

    entries = signed_entries(second, nss_db)
    assert entries["YucaiSeal1"].valid and entries["YucaiSeal1"].trusted
    assert entries["YucaiSeal2"].valid and entries["YucaiSeal2"].trusted
    assert entries["YucaiSeal1"].total_document_signed is False  # pdfsig: the first covers its revision
    assert entries["YucaiSeal2"].total_document_signed is True


def test_the_same_certificate_signs_only_once(rsa_key: TokenSigningKey, ec_key: TokenSigningKey,
                                              contract: Path, tmp_path: Path) -> None:
    once = tmp_path / "once.pdf"
    sign_pdf(contract, once, rsa_key, SealPlacement(0, (150, 150)))
    both = tmp_path / "both.pdf"
    sign_pdf(once, both, ec_key, SealPlacement(0, (450, 150)))
    for source in (once, both):
        again = tmp_path / f"again-{source.name}"
        with pytest.raises(AlreadySigned) as info:
            sign_pdf(source, again, rsa_key, SealPlacement(1, (300, 300)))
        assert info.value.field == "YucaiSeal1"
        assert "只能签章一次" in info.value.message and "郑州市某某局" in info.value.message
        assert not again.exists()
    assert leftovers(tmp_path) == []


def test_personal_key_reports_an_id_number(token_service: TokenService, softhsm_lab: Lab, lab_root: bytes,
                                           contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "personal.pdf"
    with open_key(token_service, softhsm_lab, PERSONAL_RSA_KEY) as key:
        sign_pdf(contract, out, key, SealPlacement(0, (300, 300)))
    (report,) = verify_pdf(out, [lab_root])
    expected = softhsm_lab.token(PERSONAL_RSA_KEY[0]).certificate(PERSONAL_RSA_KEY[1])
    assert report.intact and report.trusted
    assert report.credit_code is None and report.id_number == expected.id_number


@pytest.mark.parametrize("page_index", [1, 2], ids=["rotate90-cropped", "rotate270"])
def test_rotated_pages(page_index: int, ec_key: TokenSigningKey, lab_root: bytes, nss_db: str, contract: Path,
                       tmp_path: Path) -> None:
    geometry = page_geometry(contract, page_index)
    assert geometry.rotation in (90, 270)
    out = tmp_path / "rotated.pdf"
    c = geometry.crop_box
    result = sign_pdf(contract, out, ec_key, SealPlacement(page_index, (c.x0 + 10, c.y1 - 10)))  # a corner
    assert c.contains(result.rect)
    # on a page turned by 90/270 the upright seal (taller than wide) is wider than tall in user space
    assert result.rect.width > result.rect.height
    assert page_geometry(out, page_index) == geometry  # the page itself is untouched
    (report,) = verify_pdf(out, [lab_root])
    assert report.valid
    assert signed_entries(out, nss_db)["YucaiSeal1"].valid


def test_seal_is_clamped_inside_the_crop_box(rsa_key: TokenSigningKey, contract: Path,
                                             tmp_path: Path) -> None:
    result = sign_pdf(contract, tmp_path / "edge.pdf", rsa_key, SealPlacement(1, (-500, 5000)))
    crop = page_geometry(contract, 1).crop_box
    assert crop.contains(result.rect)
    assert result.rect.x0 == pytest.approx(crop.x0) and result.rect.y1 == pytest.approx(crop.y1)


def test_document_with_empty_signature_fields(rsa_key: TokenSigningKey, lab_root: bytes, nss_db: str,
                                              tmp_path: Path) -> None:
    source = tmp_path / "fields.pdf"
    source.write_bytes(build_pdf([PageSpec(), PageSpec()], empty_sig_fields=2))
    out = tmp_path / "signed.pdf"
    result = sign_pdf(source, out, rsa_key, SealPlacement(0, (200, 600)))
    assert result.field_name == "YucaiSeal1"
    (report,) = verify_pdf(out, [lab_root])
    assert report.valid
    entries = {e.field: e for e in pdfsig(out, nss_db)}
    assert not entries["Empty1"].signed and not entries["Empty2"].signed
    assert entries["YucaiSeal1"].valid and entries["YucaiSeal1"].trusted


def test_a_field_name_already_taken_is_skipped(rsa_key: TokenSigningKey, tmp_path: Path) -> None:
    source = tmp_path / "taken.pdf"
    data = build_pdf([PageSpec()], empty_sig_fields=1).replace(b"(Empty1)", b"(YucaiSeal1)")
    source.write_bytes(data)
    result = sign_pdf(source, tmp_path / "out.pdf", rsa_key, SealPlacement(0, (200, 600)))
    assert result.field_name == "YucaiSeal2"


def _third_party_sign(source: Path, target: Path, pki: SoftPki, certify: MDPPerm | None = None) -> None:
    """A signature made elsewhere: plain pyHanko, legacy adbe.pkcs7.detached, software key;
    optionally a certification (DocMDP) signature."""
    from asn1crypto import keys
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigFieldSpec
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    soft = pki.key("Other Party Ltd", "Other Party Ltd")
    leaf = soft._leaf
    key_der = leaf.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())
    signer = signers.SimpleSigner(ax509.Certificate.load(leaf.der), keys.PrivateKeyInfo.load(key_der),
                                  SimpleCertificateStore.from_certs([ax509.Certificate.load(pki.intermediate.der)]))
    out = io.BytesIO()
    meta = signers.PdfSignatureMetadata(field_name="ThirdParty", certify=certify is not None,
                                        docmdp_permissions=certify or MDPPerm.FILL_FORMS)
    signers.PdfSigner(meta, signer,
                      new_field_spec=SigFieldSpec("ThirdParty", on_page=0, box=(50, 50, 200, 100))
                      ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(source.read_bytes())), output=out)
    target.write_bytes(out.getvalue())


def test_document_already_signed_by_a_third_party(ec_key: TokenSigningKey, lab_root: bytes, nss_db: str,
                                                  contract: Path, tmp_path: Path) -> None:
    pki = SoftPki.create("Other CA")
    theirs = tmp_path / "theirs.pdf"
    _third_party_sign(contract, theirs, pki)
    ours = tmp_path / "ours.pdf"
    sign_pdf(theirs, ours, ec_key, SealPlacement(0, (400, 400)))
    their_report, our_report = verify_pdf(ours, [lab_root])
    assert their_report.field == "ThirdParty" and not their_report.pades
    assert their_report.intact and not their_report.trusted and their_report.trust_problem
    assert their_report.modifications == (Change.SIGNATURE,) and their_report.covers_whole_document
    assert our_report.valid
    both = verify_pdf(ours, [lab_root, pki.root.der])
    assert all(r.trusted and r.intact for r in both)
    entries = signed_entries(ours, nss_db)
    assert entries["ThirdParty"].valid and entries["YucaiSeal1"].valid and entries["YucaiSeal1"].trusted


def test_certified_document(ec_key: TokenSigningKey, lab_root: bytes, nss_db: str, tmp_path: Path) -> None:
    """An author certification with "no changes" locks the file; with "form filling and
    signing" only the prepared empty signature fields may be signed."""
    source = tmp_path / "prepared.pdf"
    source.write_bytes(build_pdf([PageSpec(), PageSpec()], empty_sig_fields=2))
    pki = SoftPki.create("Certifier CA")
    locked, fillable = tmp_path / "locked.pdf", tmp_path / "fillable.pdf"
    _third_party_sign(source, locked, pki, certify=MDPPerm.NO_CHANGES)
    _third_party_sign(source, fillable, pki, certify=MDPPerm.FILL_FORMS)
    never = tmp_path / "never.pdf"
    with pytest.raises(DocumentLocked) as info:
        sign_pdf(locked, never, ec_key, SealPlacement(0, (300, 300)))
    assert info.value.field == "ThirdParty"
    with pytest.raises(NewFieldNotAllowed) as refused:
        sign_pdf(fillable, never, ec_key, SealPlacement(0, (300, 300)))
    assert refused.value.empty_fields == ("Empty1", "Empty2") and "Empty1" in refused.value.message
    assert not never.exists()

    fields = {f.name: f for f in empty_signature_fields(open_pdf(fillable))}
    out = tmp_path / "sealed.pdf"
    result = sign_pdf(fillable, out, ec_key, SealPlacement.in_field(fields["Empty2"]))
    assert result.field_name == "Empty2" and result.rect == fields["Empty2"].rect == Rect(400, 180, 520, 240)
    certifier, ours = verify_pdf(out, [lab_root, pki.root.der])
    assert (certifier.field, ours.field) == ("ThirdParty", "Empty2")
    assert certifier.valid and ours.valid and certifier.modifications == (Change.SIGNATURE,)
    entries = signed_entries(out, nss_db)
    assert entries["ThirdParty"].valid and entries["Empty2"].valid and entries["Empty2"].trusted


def test_signing_a_prepared_field(rsa_key: TokenSigningKey, lab_root: bytes, tmp_path: Path) -> None:
    source = tmp_path / "fields.pdf"
    source.write_bytes(build_pdf([PageSpec(), PageSpec()], empty_sig_fields=2))
    out = tmp_path / "signed.pdf"
    result = sign_pdf(source, out, rsa_key, SealPlacement(1, (0, 0), field="Empty1"))
    assert result.field_name == "Empty1" and result.page_index == 0
    (report,) = verify_pdf(out, [lab_root])
    assert report.valid and report.field == "Empty1"
    assert [f.name for f in empty_signature_fields(open_pdf(out))] == ["Empty2"]
    with pytest.raises(FieldUnavailable):
        sign_pdf(source, tmp_path / "x.pdf", rsa_key, SealPlacement(0, (0, 0), field="Nope"))


def test_chain_from_the_token_lets_a_root_only_verifier_validate(
        token_service: TokenService, softhsm_lab: Lab, lab_root: bytes, nss_db: str, contract: Path,
        tmp_path: Path) -> None:
    """The 'crowded' token carries no CA certificate: without shipped intermediates the path
    cannot be built; with them (SignOptions.extra_certificates) a root-only verifier succeeds."""
    from desktop.signing.trust import load_certificates

    intermediate = load_certificates(softhsm_lab.intermediate_pem)[0]
    bare, completed = tmp_path / "bare.pdf", tmp_path / "completed.pdf"
    with open_key(token_service, softhsm_lab, ("crowded", "d001")) as key:
        assert list(key.chain) == []
        sign_pdf(contract, bare, key, SealPlacement(0, (300, 300)))
        sign_pdf(contract, completed, key, SealPlacement(0, (300, 300)),
                 SignOptions(extra_certificates=(intermediate,)))
    (report,) = verify_pdf(bare, [lab_root])
    assert report.intact and not report.trusted and "证书链" in (report.trust_problem or "")
    (report,) = verify_pdf(completed, [lab_root])
    assert report.intact and report.trusted
    assert signed_entries(completed, nss_db)["YucaiSeal1"].trusted


def test_timestamped_signature_is_pades_b_t(rsa_key: TokenSigningKey, lab_root: bytes, nss_db: str,
                                            contract: Path, tmp_path: Path) -> None:
    pki = SoftPki.create("Timestamp")
    tsa = make_tsa(pki.intermediate)
    out = tmp_path / "bt.pdf"
    with tsa_server(tsa, [pki.intermediate, pki.root]) as url:
        result = sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 300)),
                          SignOptions(timestamp_url=url))
    assert result.timestamped
    (report,) = verify_pdf(out, [lab_root, pki.root.der])
    assert report.timestamped and report.valid and report.signing_time is not None
    assert signed_entries(out, nss_db)["YucaiSeal1"].valid


def test_unreachable_timestamp_server_leaves_no_output(rsa_key: TokenSigningKey, contract: Path,
                                                       tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = tmp_path / "never.pdf"
    with pytest.raises(TimestampFailed) as info:
        sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 300)),
                 SignOptions(timestamp_url=f"http://127.0.0.1:{port}/tsa", timestamp_timeout=3))
    assert "时间戳" in info.value.message
    assert not out.exists() and leftovers(tmp_path) == []


# --- tampering --------------------------------------------------------------------------------

@pytest.fixture
def signed_twice(rsa_key: TokenSigningKey, ec_key: TokenSigningKey, contract: Path, tmp_path: Path) -> Path:
    first, second = tmp_path / "one.pdf", tmp_path / "two.pdf"
    sign_pdf(contract, first, rsa_key, SealPlacement(0, (150, 150)))
    sign_pdf(first, second, ec_key, SealPlacement(0, (450, 150)))
    return second


def test_flipped_byte_is_detected(signed_twice: Path, lab_root: bytes, nss_db: str, tmp_path: Path) -> None:
    data = bytearray(signed_twice.read_bytes())
    data[data.index(b"Test contract page") + 2] ^= 0x20  # "Test" -> "TeSt" inside revision 1
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    reports = verify_pdf(tampered, [lab_root])
    assert [r.intact for r in reports] == [False, False]
    assert not any(r.trusted or r.valid or r.covers_whole_document for r in reports)
    assert Change.UNSIGNED_DATA not in reports[0].modifications
    entries = signed_entries(tampered, nss_db)
    assert not entries["YucaiSeal1"].valid and not entries["YucaiSeal2"].valid
    assert "Mismatch" in (entries["YucaiSeal1"].signature_validation or "")


def test_flipped_byte_in_the_second_revision_spares_the_first(signed_twice: Path, lab_root: bytes,
                                                              nss_db: str, tmp_path: Path) -> None:
    data = bytearray(signed_twice.read_bytes())
    first_end = len((signed_twice.parent / "one.pdf").read_bytes())
    where = data.index(b"/YucaiSeal2", first_end) if b"/YucaiSeal2" in data[first_end:] else \
        data.index(b"YucaiSeal2", first_end)
    data[where + 1] ^= 0x01
    tampered = tmp_path / "tampered2.pdf"
    tampered.write_bytes(bytes(data))
    reports = {r.field: r for r in verify_pdf(tampered, [lab_root])}
    assert not any(r.intact for f, r in reports.items() if f != "YucaiSeal1")
    entries = signed_entries(tampered, nss_db)
    assert entries["YucaiSeal1"].valid
    assert all(not e.valid for f, e in entries.items() if f != "YucaiSeal1")


def test_appended_bytes_are_detected(signed_twice: Path, lab_root: bytes, nss_db: str,
                                     tmp_path: Path) -> None:
    tampered = tmp_path / "appended.pdf"
    tampered.write_bytes(signed_twice.read_bytes() + b"\n% appended after signing\n")
    reports = verify_pdf(tampered, [lab_root])
    assert all(r.intact and r.trusted for r in reports)  # mathematically the signatures still hold
    assert not any(r.covers_whole_document or r.valid for r in reports)
    assert all(Change.UNSIGNED_DATA in r.modifications for r in reports)
    entries = signed_entries(tampered, nss_db)
    assert entries["YucaiSeal2"].valid and entries["YucaiSeal2"].total_document_signed is False


def test_an_unsigned_later_revision_is_reported(signed_twice: Path, lab_root: bytes, tmp_path: Path) -> None:
    """Someone adds an unsigned incremental update (here: a new page content stream)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_twice.read_bytes()))
    stream = generic.StreamObject(stream_data=b"BT /F1 40 Tf 100 100 Td (PAID) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream))
    out = io.BytesIO()
    writer.write(out)
    tampered = tmp_path / "later.pdf"
    tampered.write_bytes(out.getvalue())
    reports = verify_pdf(tampered, [lab_root])
    assert all(r.intact for r in reports)
    assert all(Change.OTHER in r.modifications and not r.valid for r in reports)
    assert not any(r.covers_whole_document for r in reports)


# --- refusals and safe output ----------------------------------------------------------------

def test_page_out_of_range(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    with pytest.raises(PageOutOfRange) as info:
        sign_pdf(contract, tmp_path / "x.pdf", rsa_key, SealPlacement(3, (100, 100)))
    assert info.value.page == 4 and info.value.page_count == 3
    assert not (tmp_path / "x.pdf").exists()


def test_output_may_not_be_the_input(rsa_key: TokenSigningKey, contract: Path) -> None:
    before = sha256(contract)
    with pytest.raises(SameInputAndOutput):
        sign_pdf(contract, contract, rsa_key, SealPlacement(0, (100, 100)))
    assert sha256(contract) == before


def test_cancel_leaves_no_output(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "cancelled.pdf"
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) >= 3  # let it sign, cancel while writing

    with pytest.raises(UserCancelled):
        sign_pdf(contract, out, rsa_key, SealPlacement(0, (100, 100)), cancelled=cancelled)
    assert not out.exists() and leftovers(tmp_path) == []


def test_existing_output_survives_a_failure(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "previous.pdf"
    out.write_bytes(b"previous version")
    with pytest.raises(UserCancelled):
        sign_pdf(contract, out, rsa_key, SealPlacement(0, (100, 100)), cancelled=lambda: True)
    assert out.read_bytes() == b"previous version"


def test_key_gone_before_signing_leaves_no_output(token_service: TokenService, softhsm_lab: Lab,
                                                  contract: Path, tmp_path: Path) -> None:
    """The session ends (key pulled / service closed the session): the key layer's error comes
    through unchanged and nothing is written."""
    from desktop.token.errors import TokenError

    key = open_key(token_service, softhsm_lab, RSA_KEY)
    key.close()
    out = tmp_path / "gone.pdf"
    with pytest.raises(TokenError):
        sign_pdf(contract, out, key, SealPlacement(0, (100, 100)))
    assert not out.exists() and leftovers(tmp_path) == []


def test_seal_rect_reported_in_user_space(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    result = sign_pdf(contract, tmp_path / "r.pdf", rsa_key, SealPlacement(0, (300, 400), size=(100, 100)))
    assert result.rect == Rect(250, 350, 350, 450)
