"""What signing needs from the key layer, as protocols (signing never imports desktop.token).

The composition root (``desktop.app`` / ``desktop.cli``) passes an object from the
TokenService that satisfies :class:`SigningKey`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class SigningKey(Protocol):
    """A private key on a token, logged in for one signing operation."""

    @property
    def certificate(self) -> bytes:
        """The signer's certificate (DER)."""
        ...

    @property
    def chain(self) -> Sequence[bytes]:
        """Intermediate CA certificates (DER) found on the token, possibly empty."""
        ...

    @property
    def key_algorithm(self) -> str:
        """"RSA-<bits>" or "EC-<curve>"."""
        ...

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        """Hash ``data`` with ``digest_algorithm`` ("sha256") and sign it on the token.

        Returns a PKCS#1 v1.5 signature for RSA and a DER-encoded ECDSA-Sig-Value for EC.
        Raises a ``YucaiError`` subclass (from the key layer) on failure.
        """
        ...
