"""Helpers for the 合同在线签订 server tests: a logged-in party (upload, push, pull, counts, download),
signing a PDF with a key (SoftHSM through desktop.signing, or a software key), keys the server
must refuse, and hand-made bad uploads."""

from __future__ import annotations

import hashlib
import io
import subprocess
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from desktop.demo import pki
from desktop.domain.protocol import CommandResult, CommandStatus
from desktop.signing.sign import SealPlacement, sign_pdf
from desktop.sync.client import ApiClient
from tests.server.test_sync_api import envelope
from tests.signing.pdfs import PageSpec, build_pdf


def contract_pdf(label: str, pages: int = 2) -> bytes:
    """A small unsigned contract PDF; ``label`` makes its bytes (and SHA-256) unique."""
    text = f"BT /F1 18 Tf 72 720 Td (Contract {label}) Tj ET".encode()
    return build_pdf([PageSpec(content=text) for _ in range(pages)])


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Party:
    """One logged-in account, talking to the live server like the client does."""

    name: str
    api: ApiClient
    url: str

    def upload(self, data: bytes) -> str:
        digest = sha(data)
        status = self.api.blob_announce(digest, len(data))
        if not status.complete:
            self.api.blob_put(digest, status.received, data[status.received:])
        return digest

    def push(self, *commands: object) -> list[CommandResult]:
        return self.api.push([envelope(c) for c in commands]).results

    def push_one(self, command: object) -> CommandResult:
        (result,) = self.push(command)
        return result

    def pull(self) -> dict[tuple[str, str], dict[str, Any] | None]:
        state: dict[tuple[str, str], dict[str, Any] | None] = {}
        cursor = 0
        while True:
            page = self.api.changes(cursor, 500)
            for change in page.changes:
                state[(change.kind, change.id)] = change.data
            cursor = page.next_cursor
            if not page.has_more:
                return state

    def live(self, kind: str) -> dict[str, dict[str, Any]]:
        return {rid: data for (k, rid), data in self.pull().items() if k == kind and data is not None}

    def counts(self) -> dict[str, int]:
        return dict(self.api.counts().counts)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any
                ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.api.token}", **(headers or {})}
        return httpx.request(method, f"{self.url}{path}", headers=headers, timeout=30, **kwargs)


def applied(result: CommandResult) -> None:
    assert result.status is CommandStatus.APPLIED, result.reason


def refused(result: CommandResult, code: str) -> str:
    """Assert the command was rejected with ``code``; return its Chinese message."""
    assert result.status is CommandStatus.REJECTED, f"expected {code}, got applied"
    assert result.reason is not None
    assert result.reason.code == code, (result.reason.code, result.reason.message)
    assert result.reason.message and result.reason.message_en
    return result.reason.message


# --- signing -------------------------------------------------------------------------------------

def sign(key: Any, data: bytes, folder: Path, at: tuple[float, float] = (300, 200), page: int = 0) -> bytes:
    """``data`` signed by ``key`` (a SigningKey) with a visible seal, by incremental update."""
    name = uuid.uuid4().hex[:8]
    source, out = folder / f"in-{name}.pdf", folder / f"out-{name}.pdf"
    source.write_bytes(data)
    sign_pdf(source, out, key, SealPlacement(page, at))
    return out.read_bytes()


class SoftKey:
    """A SigningKey with the private key in memory: certificates the tests need beyond the tokens."""

    def __init__(self, key: Any, certificate: x509.Certificate, chain: Sequence[x509.Certificate] = ()) -> None:
        self.key = key
        self.cert = certificate
        self._chain = [pki.der(c) for c in chain]

    @property
    def certificate(self) -> bytes:
        return pki.der(self.cert)

    @property
    def chain(self) -> Sequence[bytes]:
        return self._chain

    @property
    def key_algorithm(self) -> str:
        return "RSA-2048" if isinstance(self.key, rsa.RSAPrivateKey) else "EC-P256"

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        assert digest_algorithm == "sha256"
        if isinstance(self.key, rsa.RSAPrivateKey):
            return bytes(self.key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
        return bytes(self.key.sign(data, ec.ECDSA(hashes.SHA256())))


def lab_key(ca: pki.CA, label: str, credit_code: str, organization: str, **offsets: Any) -> SoftKey:
    """A software key with a certificate from the lab CA (trusted by the server), not bound to anyone."""
    private = pki.software_key("ec256")
    profile = pki.CertProfile(label, uuid.uuid4().bytes[:2], "ec256", organization, organization,
                              credit_code=credit_code, **offsets)
    certificate = pki.issue_certificate(ca, profile, private.public_key())  # type: ignore[arg-type]
    return SoftKey(private, certificate, [ca.intermediate])


def pyhanko_signer(key: SoftKey) -> Any:
    from asn1crypto import keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    der = key.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return signers.SimpleSigner(signing_cert=asn1_x509.Certificate.load(key.certificate),
                                signing_key=keys.PrivateKeyInfo.load(der),
                                cert_registry=SimpleCertificateStore.from_certs(
                                    [asn1_x509.Certificate.load(c) for c in key.chain]))


def sign_changing_content(key: SoftKey, data: bytes) -> bytes:
    """Sign ``data`` in an incremental update that ALSO replaces page 1's content (the forbidden kind)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    page = writer.root["/Pages"]["/Kids"][0]
    page["/Contents"] = writer.add_object(generic.StreamObject(
        stream_data=b"BT /F1 18 Tf 72 720 Td (Amount: 9999999.00) Tj ET"))
    writer.update_container(page)
    out = io.BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Evil", subfilter=fields.SigSeedSubFilter.PADES),
                     signer=pyhanko_signer(key), output=out,
                     new_field_spec=fields.SigFieldSpec("Evil", on_page=0, box=(20, 20, 120, 120)))
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pyhanko.pdf_utils.writer import PdfFileWriter

    writer = PdfFileWriter()
    writer.encrypt("owner-secret", "user-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def flip(data: bytes, position: int) -> bytes:
    changed = bytearray(data)
    changed[position] ^= 0x01
    return bytes(changed)


def nss_trusting(root_pem: Path, folder: Path) -> str:
    """An NSS database trusting ``root_pem``, so pdfsig can say "Certificate is Trusted"."""
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{folder}"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-n", "yucai-lab-root", "-t", "CT,C,C", "-i", str(root_pem),
                    "-d", f"sql:{folder}"], check=True, capture_output=True)
    return f"sql:{folder}"
