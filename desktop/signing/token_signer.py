"""A pyHanko ``Signer`` whose private-key operation happens on the token.

pyHanko builds the CMS structure (signed attributes, certificates, PAdES attributes); the one
raw signature it needs is delegated to :meth:`SigningKey.sign`, which hashes and signs on the
token (RSA PKCS#1 v1.5, or ECDSA returning a DER ``ECDSA-Sig-Value``). The certificate chain
(intermediates from the token plus any shipped with the app) goes into the CMS so a verifier
that trusts only the root can build the path.

``SigningKey.sign`` blocks. Run pyHanko's synchronous API on a worker thread that is *not*
the token service's own thread (it waits on that thread) and has no running event loop.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from asn1crypto import x509
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.signing.api import SigningKey
from desktop.signing.errors import UnsupportedKey

__all__ = ["TokenSigner", "load_certificate"]

_SUPPORTED_DIGESTS = frozenset({"sha256", "sha384", "sha512"})


def load_certificate(der: bytes) -> x509.Certificate:
    cert = x509.Certificate.load(der)
    cert.native  # noqa: B018 - force a full parse so a broken certificate fails here
    return cert


def _max_signature_size(cert: x509.Certificate) -> int:
    """An upper bound of the raw signature length, for pyHanko's size estimate (dry run)."""
    info = cert.public_key
    if info.algorithm == "rsa":
        return (int(info.bit_size) + 7) // 8
    # DER SEQUENCE of two INTEGERs, each at most one byte longer than the field size
    field_bytes = (int(info.bit_size) + 7) // 8
    return 2 * (field_bytes + 1 + 2) + 4


class TokenSigner(Signer):
    """pyHanko signer backed by a :class:`SigningKey` (the key never leaves the token)."""

    def __init__(self, key: SigningKey, extra_certificates: Sequence[bytes] = ()) -> None:
        cert = load_certificate(key.certificate)
        algorithm = cert.public_key.algorithm
        if algorithm not in ("rsa", "ec"):
            raise UnsupportedKey(key.key_algorithm or str(algorithm))
        others = []
        seen = {cert.sha256}
        for der in (*key.chain, *extra_certificates):
            other = load_certificate(der)
            if other.sha256 not in seen:
                seen.add(other.sha256)
                others.append(other)
        store: Any = SimpleCertificateStore  # unannotated constructor in pyhanko-certvalidator
        registry = store()
        registry.register_multiple(others)
        super().__init__(
            prefer_pss=False,  # PKCS#1 v1.5: what Chinese CA keys and verifiers expect
            embed_roots=True,
            signing_cert=cert,
            cert_registry=registry,
        )
        self._key = key
        self._dry_run_size = _max_signature_size(cert)
        self._embedded_size = len(cert.dump()) + sum(len(c.dump()) for c in others)

    @property
    def key(self) -> SigningKey:
        return self._key

    def reserved_hex_size(self) -> int:
        """Room for the CMS in ``/Contents`` (hex digits) without a timestamp token.

        pyHanko would otherwise build a whole dummy CMS first just to measure it (a third of the
        in-process signing time). The CMS is the certificates, the raw signature and a bounded
        set of signed attributes (content type, digest, signing time, signing certificate v2,
        algorithm protection: well under 1 KB); 4 KB of slack covers any DER length growth.
        """
        return 2 * (self._embedded_size + self._dry_run_size + 4096)

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        if dry_run:  # pyHanko estimates the signature size first
            return bytes(self._dry_run_size)
        digest = digest_algorithm.lower().replace("-", "")
        if digest not in _SUPPORTED_DIGESTS:
            raise UnsupportedKey(f"{self._key.key_algorithm}/{digest_algorithm}")
        return self._key.sign(data, digest)
