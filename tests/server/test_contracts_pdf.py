"""The server's checks of contract PDFs (server_stub/services/signed_pdf.py), without a server or a
token: software keys from a throw-away CA, PDFs built by hand, signing through desktop.signing or
pyHanko directly for the uploads a real client would never make."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from desktop.demo import pki
from desktop.signing.pdfinput import open_pdf
from desktop.signing.sign import SealPlacement, empty_signature_fields, sign_pdf
from server_stub.certificates import TrustStore
from server_stub.services.command_base import CommandRejected
from server_stub.services.signed_pdf import accept_signed_upload, check_contract_pdf, count_signatures
from tests.server.contract_helpers import (
    SoftKey,
    contract_pdf,
    encrypted_pdf,
    lab_key,
    pyhanko_signer,
    sign,
    sign_changing_content,
)
from tests.signing.pdfs import PageSpec, build_pdf

PURCHASER_CODE = "11410100MB00000018"
SUPPLIER_CODE = "91410100MA000000C0"
GROWTH = 5 * 1024 * 1024


@pytest.fixture(scope="module")
def ca() -> pki.CA:
    return pki.make_ca()


@pytest.fixture(scope="module")
def trust(ca: pki.CA) -> TrustStore:
    return TrustStore((ca.root,))


@pytest.fixture(scope="module")
def purchaser(ca: pki.CA) -> SoftKey:
    return lab_key(ca, "采购人单位证书", PURCHASER_CODE, "郑州市某某局")


@pytest.fixture(scope="module")
def supplier(ca: pki.CA) -> SoftKey:
    return lab_key(ca, "供应商单位证书", SUPPLIER_CODE, "河南豫采示范科技有限公司")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def refused(code: str, base: bytes, signed: bytes, trust: TrustStore, **kwargs: object) -> str:
    with pytest.raises(CommandRejected) as info:
        accept_signed_upload(base, signed, trust, now(), max_growth=GROWTH, **kwargs)  # type: ignore[arg-type]
    assert info.value.code == code, (info.value.code, info.value.message_en)
    return info.value.message


def test_two_parties_sign_in_turn(purchaser: SoftKey, supplier: SoftKey, trust: TrustStore, tmp_path: Path) -> None:
    base = contract_pdf("turns")
    check_contract_pdf(base, 1 << 20)
    first = sign(purchaser, base, tmp_path, (150, 150))
    accepted = accept_signed_upload(base, first, trust, now(), max_growth=GROWTH)
    assert (accepted.field, accepted.credit_code, accepted.organization) == ("YucaiSeal1", PURCHASER_CODE,
                                                                           "郑州市某某局")
    assert accepted.certificate == purchaser.certificate
    assert abs(accepted.signing_time - now()) < dt.timedelta(minutes=1)
    second = sign(supplier, first, tmp_path, (450, 150))
    later = accept_signed_upload(first, second, trust, now(), max_growth=GROWTH, earliest=accepted.signing_time)
    assert (later.field, later.credit_code) == ("YucaiSeal2", SUPPLIER_CODE)
    assert count_signatures(second) == 2
    # the growth limit, and a seal claiming a time before the previous one
    with pytest.raises(CommandRejected) as info:
        accept_signed_upload(first, second, trust, now(), max_growth=100)
    assert info.value.code == "signed_pdf_too_large"
    assert "早于上一个签章" in refused("signing_time_too_early", first, second, trust,
                                       earliest=now() + dt.timedelta(hours=1))


def test_sealing_prepared_empty_fields(purchaser: SoftKey, supplier: SoftKey, trust: TrustStore,
                                       tmp_path: Path) -> None:
    """A contract with empty signature fields (甲方 / 乙方 places): each party fills one."""
    base = build_pdf([PageSpec()], empty_sig_fields=2)
    check_contract_pdf(base, 1 << 20)
    (tmp_path / "base.pdf").write_bytes(base)
    fields = empty_signature_fields(open_pdf(tmp_path / "base.pdf"))
    sign_pdf(tmp_path / "base.pdf", tmp_path / "one.pdf", purchaser, SealPlacement.in_field(fields[0]))
    first = (tmp_path / "one.pdf").read_bytes()
    assert accept_signed_upload(base, first, trust, now(), max_growth=GROWTH).field == "Empty1"
    sign_pdf(tmp_path / "one.pdf", tmp_path / "two.pdf", supplier, SealPlacement.in_field(fields[1]))
    second = (tmp_path / "two.pdf").read_bytes()
    assert accept_signed_upload(first, second, trust, now(), max_growth=GROWTH).field == "Empty2"


def _sign_with(key: SoftKey, data: bytes, change: str) -> bytes:
    """Sign with pyHanko in an incremental update that also makes ``change``."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if change == "annotation":
        page = writer.root["/Pages"]["/Kids"][0]
        note = writer.add_object(generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.NumberObject(v) for v in (50, 50, 300, 90)]),
            generic.NameObject("/Contents"): generic.TextStringObject("金额改为 9999999 元"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g")}))
        page["/Annots"] = generic.ArrayObject([note])
        writer.update_container(page)
    elif change == "xfa":
        writer.root["/AcroForm"] = writer.add_object(generic.DictionaryObject({
            generic.NameObject("/Fields"): generic.ArrayObject(),
            generic.NameObject("/XFA"): writer.add_object(generic.StreamObject(stream_data=b"<xdp:xdp/>"))}))
        writer.update_root()
    elif change == "open_action":
        writer.root["/OpenAction"] = generic.DictionaryObject({
            generic.NameObject("/S"): generic.NameObject("/JavaScript"),
            generic.NameObject("/JS"): generic.TextStringObject("app.alert('x')")})
        writer.update_root()
    out = io.BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Seal", subfilter=fields.SigSeedSubFilter.PADES),
                     signer=pyhanko_signer(key), output=out,
                     new_field_spec=fields.SigFieldSpec("Seal", on_page=0, box=(400, 50, 500, 150)))
    return out.getvalue()


@pytest.mark.parametrize("change", ["annotation", "open_action", "xfa", "page_content"])
def test_a_seal_may_not_change_the_contract(change: str, purchaser: SoftKey, trust: TrustStore) -> None:
    base = contract_pdf(f"change {change}")
    plain = _sign_with(purchaser, base, "none")
    accept_signed_upload(base, plain, trust, now(), max_growth=GROWTH)  # pyHanko's own seal is fine
    signed = sign_changing_content(purchaser, base) if change == "page_content" else _sign_with(purchaser, base, change)
    assert "不能修改" in refused("signed_pdf_content_changed", base, signed, trust)


def test_one_incremental_update_only(purchaser: SoftKey, trust: TrustStore, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    base = contract_pdf("extra revision")
    writer = IncrementalPdfFileWriter(io.BytesIO(base))
    writer.root["/Lang"] = generic.TextStringObject("zh-CN")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)  # an unsigned update first, then the seal
    assert out.getvalue().startswith(base) and out.getvalue() != base
    signed = sign(purchaser, out.getvalue(), tmp_path)
    refused("signed_pdf_extra_changes", base, signed, trust)


def test_signer_certificate_problems(ca: pki.CA, trust: TrustStore, tmp_path: Path) -> None:
    base = contract_pdf("certificates")
    early = lab_key(ca, "尚未生效", PURCHASER_CODE, "郑州市某某局", not_before=dt.timedelta(days=2),
                    not_after=dt.timedelta(days=300))
    assert "尚未生效" in refused("signer_certificate_not_yet_valid", base, sign(early, base, tmp_path), trust)
    expired = lab_key(ca, "已过期", PURCHASER_CODE, "郑州市某某局", not_before=dt.timedelta(days=-300),
                      not_after=dt.timedelta(days=-1))
    assert "续期" in refused("signer_certificate_expired", base, sign(expired, base, tmp_path), trust)
    encipher = lab_key(ca, "加密证书", PURCHASER_CODE, "郑州市某某局", usage=pki.Usage.ENCIPHERMENT)
    assert "密钥用途" in refused("signer_key_usage", base, sign(encipher, base, tmp_path), trust)
    foreign = lab_key(pki.make_ca(), "其他 CA", PURCHASER_CODE, "郑州市某某局")
    refused("signer_certificate_untrusted", base, sign(foreign, base, tmp_path), trust)
    refused("signer_certificate_untrusted", base, sign(foreign, base, tmp_path), TrustStore(()))


def test_uploaded_contracts(purchaser: SoftKey, tmp_path: Path) -> None:
    good = contract_pdf("upload")
    check_contract_pdf(good, len(good))
    cases = {
        "pdf_too_large": (good, len(good) - 1),
        "pdf_invalid": (b"", 1000),
        "pdf_encrypted": (encrypted_pdf(), 1 << 20),
        "pdf_already_signed": (sign(purchaser, good, tmp_path), 1 << 20),
    }
    for code, (data, limit) in cases.items():
        with pytest.raises(CommandRejected) as info:
            check_contract_pdf(data, limit)
        assert info.value.code == code
    no_pages = build_pdf([PageSpec()]).replace(b"/Count 1", b"/Count 0")
    with pytest.raises(CommandRejected) as info:
        check_contract_pdf(no_pages, 1 << 20)
    assert info.value.code == "pdf_invalid"
