"""Which certificates the contract page trusts when it checks signatures.

The roots shipped in ``resources/ca/roots`` (read by :func:`desktop.signing.trust.bundled_ca`),
the config's ``signing.trust_roots`` files, and — when the demo key set exists in the user data
folder — the demo root CA, so a contract signed with the demo keys shows as trusted. The
intermediates in ``resources/ca/intermediates`` are embedded when signing and offered to the
validator as untrusted helpers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop.config import RESOURCES
from desktop.signing.errors import TrustRootError
from desktop.signing.trust import bundled_ca, load_certificates

log = logging.getLogger(__name__)

DEMO_ROOT_NAME = "root-ca.pem"  # written by desktop.demo.softhsm next to the demo tokens


@dataclass(frozen=True)
class TrustSettings:
    roots: tuple[bytes, ...] = ()
    """Trusted root certificates (DER)."""
    intermediates: tuple[bytes, ...] = ()
    """Helpers for chain building (DER), embedded in new signatures; never trusted alone."""


def load_trust(*, ca_dir: Path = RESOURCES / "ca", demo_token_dir: Path | None = None,
               extra_roots: Iterable[Path] = ()) -> TrustSettings:
    """Read the trust roots; a broken file is logged and skipped (verification says untrusted)."""
    roots: list[bytes] = []
    intermediates: list[bytes] = []
    try:
        bundled = bundled_ca(ca_dir)
        roots.extend(bundled.roots)
        intermediates.extend(bundled.intermediates)
    except TrustRootError:
        log.warning("bundled CA certificates unreadable in %s", ca_dir, exc_info=True)
    files = list(extra_roots)
    if demo_token_dir is not None and (demo_token_dir / DEMO_ROOT_NAME).is_file():
        files.append(demo_token_dir / DEMO_ROOT_NAME)
    for path in files:
        try:
            roots.extend(load_certificates(path))
        except TrustRootError:
            log.warning("trust root %s unreadable", path, exc_info=True)
    return TrustSettings(tuple(dict.fromkeys(roots)), tuple(dict.fromkeys(intermediates)))
