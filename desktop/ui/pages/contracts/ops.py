"""The contract page's background operations, one short factory per action (``verb_noun``).

Signing and verifying call pyHanko, which runs ``asyncio.run``: they run on a ``QThreadPool``
thread through :class:`~desktop.ui.ops.Op` (no event loop there), never on the GUI thread nor on
the token service's own thread. The key itself is reached through the service's futures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject

from desktop.signing.lazy_imports import defer_aiohttp
from desktop.signing.sign import SealPlacement, SignOptions, SignResult, preflight, sign_pdf
from desktop.signing.verify import SignatureReport, verify_pdf
from desktop.token.diagnosis import UsableKey
from desktop.token.inventory import Inventory
from desktop.token.pin import PinSource
from desktop.token.service import TokenSigningKey
from desktop.ui.ops import Op, Progress
from desktop.ui.pages.contracts.trust import TrustSettings

# The GUI signs and verifies offline (no timestamp server, no OCSP fetching) unless configured:
# loading aiohttp with pyHanko costs ~40 ms in one C call (an SSL context) that holds the GIL,
# which a worker importing pyHanko would turn into a 40 ms freeze of the window. Online features
# still load it when first used.
defer_aiohttp()


class SigningService(Protocol):
    """What the page needs of ``desktop.token.service.TokenService``."""

    def scan(self) -> Future[Inventory]: ...

    def open_signing_key(self, module_path: str, token_serial: str, key_id: str,
                         pin_source: PinSource) -> Future[TokenSigningKey]: ...


@dataclass(frozen=True)
class SigningTexts:
    """Progress lines, translated on the GUI thread before the work starts."""

    opening_key: str
    signing: str


def signed_output_path(source: Path, suffix: str) -> Path:
    """``合同.pdf`` -> ``合同-已签章.pdf`` next to it; a file already named so (the second party
    signs the first party's output) -> ``合同-已签章(2).pdf``; never an existing file."""
    stem = source.stem
    match = re.fullmatch(rf"(.*{re.escape(suffix)})(?:\((\d+)\))?", stem)
    if match is None:
        base, number = stem + suffix, 1
    else:
        base, number = match.group(1), int(match.group(2) or 1) + 1
    while True:
        name = base if number == 1 else f"{base}({number})"
        candidate = source.with_name(name + ".pdf")
        if not candidate.exists():
            return candidate
        number += 1


def preload_signing(parent: QObject) -> Op[None]:
    """Import the PDF renderer and pyHanko's signer and validator on a worker, once, early (when
    the page is built at start-up): a first import in the middle of 【签章】 holds the GIL in long
    C calls (loading shared libraries, building tables) and would freeze the window for tens of
    milliseconds."""
    def work() -> None:
        import pyhanko.sign.signers
        import pyhanko.sign.validation  # noqa: F401
        import pypdfium2  # noqa: F401

        import desktop.signing.verify  # noqa: F401

    return Op(parent, work)


def scan_keys(parent: QObject, service: SigningService) -> Op[Inventory]:
    return Op(parent, service.scan)


def verify_signatures(parent: QObject, path: Path, trust: TrustSettings) -> Op[tuple[SignatureReport, ...]]:
    return Op(parent, lambda: verify_pdf(path, trust.roots, trust.intermediates))


def check_can_sign(parent: QObject, path: Path, certificate: bytes) -> Op[None]:
    """The engine's refusals before the user places the seal (已签章过, 文件已锁定 ...)."""
    def work() -> None:
        from desktop.signing.pdfinput import open_pdf

        preflight(open_pdf(path), certificate)

    return Op(parent, work)


def sign_contract(parent: QObject, service: SigningService, key: UsableKey, pin_source: PinSource,
                  source: Path, output: Path, placement: SealPlacement, options: SignOptions,
                  texts: SigningTexts) -> Op[SignResult]:
    """Log in to the key (the PIN dialog comes from ``pin_source``), sign, write ``output``."""
    def work(progress: Progress) -> SignResult:
        progress(texts.opening_key)
        signing_key = service.open_signing_key(key.module, key.token_serial, key.certificate.key_id,
                                               pin_source).result()
        with signing_key:
            progress(texts.signing)
            return sign_pdf(source, output, signing_key, placement, options)

    return Op.with_progress(parent, work)


def make_demo_contract(parent: QObject, target: Path) -> Op[Path]:
    """Write the demo contract (``desktop.signing.democontract``) to ``target``, atomically."""
    def work() -> Path:
        from desktop.signing.atomic import atomic_output
        from desktop.signing.democontract import build_contract
        from desktop.signing.errors import OutputWriteError

        data = build_contract()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputWriteError.from_os_error(str(target), exc) from exc
        with atomic_output(target) as handle:
            handle.write(data)
        return target

    return Op(parent, work)


def save_copy(parent: QObject, source: Path, target: Path) -> Op[Path]:
    """Copy the signed file byte for byte (a signed PDF must not be rewritten), atomically."""
    def work() -> Path:
        from desktop.signing.atomic import atomic_output, check_output_path
        from desktop.signing.pdfinput import read_pdf_bytes

        out = check_output_path(target, source)
        data = read_pdf_bytes(source)
        with atomic_output(out) as handle:
            handle.write(data)
        return out

    return Op(parent, work)


def sort_keys(keys: Sequence[UsableKey]) -> list[UsableKey]:
    """Unit keys first (contracts carry the unit's seal), then by name and token."""
    from desktop.token.inventory import KeyKind

    return sorted(keys, key=lambda k: (k.certificate.kind is not KeyKind.UNIT, k.certificate.display_name,
                                       k.token_label, k.certificate.key_id))
