"""Files that must be refused with a clear error (and no output) by sign and verify."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.signing.errors import (
    CorruptPdf,
    EncryptedPdf,
    InputFileError,
    NotAPdf,
    OutputWriteError,
    SigningError,
    TrustRootError,
)
from desktop.signing.sign import SealPlacement, sign_pdf
from desktop.signing.trust import load_certificates
from desktop.signing.verify import verify_pdf
from desktop.token.service import TokenSigningKey
from tests.signing.pdfs import build_pdf


def _encrypted(user_password: str) -> bytes:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.pdf_utils.writer import copy_into_new_writer

    writer = copy_into_new_writer(PdfFileReader(io.BytesIO(build_pdf())))
    writer.encrypt("owner-secret", user_password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _truncated(fraction: float) -> Callable[[], bytes]:
    def make() -> bytes:
        data = build_pdf()
        return data[: int(len(data) * fraction)]
    return make


BAD_FILES: dict[str, tuple[Callable[[], bytes], type[SigningError], str]] = {
    "empty": (lambda: b"", NotAPdf, "空文件"),
    "whitespace": (lambda: b"\n\n  \n", NotAPdf, "空文件"),
    "text": (lambda: "这不是 PDF，只是一段文字。\n".encode() * 20, NotAPdf, "不是 PDF"),
    "png": (lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), NotAPdf, "不是 PDF"),
    "truncated-half": (_truncated(0.5), CorruptPdf, "损坏或不完整"),
    "truncated-tail": (_truncated(0.97), CorruptPdf, "损坏或不完整"),
    "header-only": (lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", CorruptPdf, "损坏或不完整"),
    "encrypted": (lambda: _encrypted("user-secret"), EncryptedPdf, "已加密"),
    "encrypted-open": (lambda: _encrypted(""), EncryptedPdf, "已加密"),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_verify_refuses_bad_files(name: str, tmp_path: Path) -> None:
    make, error, words = BAD_FILES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    with pytest.raises(error) as info:
        verify_pdf(path)
    assert words in info.value.message and str(path) in info.value.message
    assert "\n" not in info.value.one_line()


@pytest.mark.softhsm
@pytest.mark.parametrize("name", BAD_FILES)
def test_sign_refuses_bad_files(name: str, rsa_key: TokenSigningKey, tmp_path: Path) -> None:
    make, error, words = BAD_FILES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    before = path.read_bytes()
    out = tmp_path / "out.pdf"
    with pytest.raises(error) as info:
        sign_pdf(path, out, rsa_key, SealPlacement(0, (100, 100)))
    assert words in info.value.message
    assert not out.exists() and path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as info:
        verify_pdf(tmp_path / "nothing.pdf")
    assert "不存在" in info.value.message
    with pytest.raises(InputFileError) as info:
        verify_pdf(tmp_path)
    assert "文件夹" in info.value.message


@pytest.mark.softhsm
def test_output_folder_must_exist(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    with pytest.raises(OutputWriteError) as info:
        sign_pdf(contract, tmp_path / "no" / "such" / "out.pdf", rsa_key, SealPlacement(0, (100, 100)))
    assert "目标文件夹不存在" in info.value.message


@pytest.mark.softhsm
def test_unwritable_output_folder(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(OutputWriteError) as info:
            sign_pdf(contract, locked / "out.pdf", rsa_key, SealPlacement(0, (100, 100)))
        assert "权限" in info.value.message
    finally:
        locked.chmod(0o700)


def test_trust_root_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")
    with pytest.raises(TrustRootError):
        load_certificates(bad)
    junk = tmp_path / "junk.pem"
    junk.write_text("hello")
    with pytest.raises(TrustRootError):
        load_certificates(junk)
    with pytest.raises(TrustRootError):
        load_certificates(tmp_path / "missing.pem")


def test_unsigned_document_has_no_reports(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(build_pdf(empty_sig_fields=1))
    assert verify_pdf(path) == ()
