"""Certificates from files: trust roots (``--trust``, config, ``resources/ca/roots``) and the
intermediates shipped with the app (``resources/ca/intermediates``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from desktop.signing.errors import TrustRootError

__all__ = ["BundledCa", "bundled_ca", "load_certificates"]

_PEM_BLOCK = re.compile(rb"-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----(.+?)-----END (?:X509 |TRUSTED )?"
                        rb"CERTIFICATE-----", re.S)
_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def _check_der(der: bytes, path: Path) -> bytes:
    from asn1crypto import x509

    try:
        cert = x509.Certificate.load(der)
        cert.native  # noqa: B018 - parse fully
    except (ValueError, TypeError) as exc:
        raise TrustRootError(str(path), f"不是 X.509 证书 (not an X.509 certificate: {exc})") from exc
    return bytes(cert.dump())


def load_certificates(path: Path) -> list[bytes]:
    """Every certificate (DER) in a PEM file (one or more blocks) or a DER file."""
    import base64
    import binascii

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustRootError(str(path), exc.strerror or type(exc).__name__) from exc
    blocks = _PEM_BLOCK.findall(data)
    if blocks:
        out = []
        for block in blocks:
            try:
                der = base64.b64decode(b"".join(block.split()), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise TrustRootError(str(path), "PEM 内容损坏 (bad PEM data)") from exc
            out.append(_check_der(der, path))
        return out
    if data[:1] == b"\x30":
        return [_check_der(data, path)]
    raise TrustRootError(str(path), "不是证书文件 (no certificate found)")


def _certificates_in(folder: Path) -> list[bytes]:
    if not folder.is_dir():
        return []
    out: list[bytes] = []
    for item in sorted(folder.iterdir()):
        if item.is_file() and item.suffix.lower() in _SUFFIXES:
            out.extend(load_certificates(item))
    return out


class BundledCa:
    """Certificates shipped in ``resources/ca``: ``roots/`` are trusted, ``intermediates/`` are
    only embedded in signatures (to complete chains a token does not carry)."""

    def __init__(self, roots: Iterable[bytes], intermediates: Iterable[bytes]) -> None:
        self.roots = tuple(roots)
        self.intermediates = tuple(intermediates)


def bundled_ca(ca_dir: Path) -> BundledCa:
    return BundledCa(_certificates_in(ca_dir / "roots"), _certificates_in(ca_dir / "intermediates"))
