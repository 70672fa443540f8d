"""Background work of the CA binding pages, one short factory per action (``verb_noun``).

Token calls go through the ``TokenService`` futures and network calls through
:class:`~desktop.sync.binding.BindingService`, always inside an :class:`~desktop.ui.ops.Op`: the GUI
thread never waits. A key is opened with the PIN from the page's ``PinSource`` (the same
``open_signing_key`` the CA login and the contract signing use), signs one nonce, and is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from typing import Protocol

from PySide6.QtCore import QObject

from desktop.domain.protocol import BindingAuditPage, BindingStatusAnswer, BindResult, PersonalKeyInfo
from desktop.sync.binding import BindingService
from desktop.token.diagnosis import Finding, Severity
from desktop.token.inventory import CertificateInfo, Inventory, KeyKind
from desktop.token.pin import PinRequest, PinSource
from desktop.token.report import DiagnosisReport, build_report
from desktop.token.service import TokenSigningKey
from desktop.ui.login_dialog import KeyChoice
from desktop.ui.ops import Op, Progress

Ready = Callable[[], None]
"""Waits (on a worker) until the server answers, e.g. the embedded local server starting."""


class BindingKeyService(Protocol):
    """What the binding pages need of ``desktop.token.service.TokenService``."""

    def scan(self) -> Future[Inventory]: ...

    def open_signing_key(self, module_path: str, token_serial: str, key_id: str,
                         pin_source: PinSource) -> Future[TokenSigningKey]: ...


@dataclass(frozen=True)
class KeyCandidate:
    """One end-entity certificate on an inserted key, with what the diagnosis says about it."""

    module: str
    token_label: str
    token_serial: str
    certificate: CertificateInfo
    chain: tuple[bytes, ...] = ()
    """The CA certificates found on the same token (DER)."""
    findings: tuple[Finding, ...] = field(default=())
    """Errors and warnings about this certificate or its token."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def code(self) -> str:
        cert = self.certificate
        return cert.credit_code or cert.id_number or next(iter(cert.invalid_credit_codes), "") or ""

    def key_choice(self) -> KeyChoice:
        cert = self.certificate
        return KeyChoice(module_path=self.module, token_label=self.token_label, token_serial=self.token_serial,
                         key_id=cert.key_id, holder=cert.common_name or cert.organization or cert.label,
                         code=cert.credit_code or cert.id_number or "", not_after=cert.not_after)

    def same_key(self, other: KeyCandidate | None) -> bool:
        return other is not None and (self.module, self.token_serial, self.certificate.key_id) == (
            other.module, other.token_serial, other.certificate.key_id)


def key_candidates(report: DiagnosisReport) -> list[KeyCandidate]:
    """Every end-entity certificate of the scan, unit keys first, with its error and warning findings."""
    found: list[KeyCandidate] = []
    for module, token in report.inventory.tokens():
        chain = tuple(c.der for c in token.certificates if c.is_ca and c.der)
        for cert in token.certificates:
            if cert.is_ca:
                continue
            findings = tuple(f for f in report.findings if f.severity is not Severity.INFO
                             and f.module == module.path and f.token_serial == token.serial
                             and f.key_id in (None, cert.key_id))
            found.append(KeyCandidate(module.path, token.label, token.serial, cert, chain, findings))
    order = {KeyKind.UNIT: 0, KeyKind.PERSONAL: 1, KeyKind.UNKNOWN: 2}
    return sorted(found, key=lambda k: (order[k.certificate.kind], k.certificate.display_name, k.token_label))


class _PinFor:
    """The page's PinSource, telling the user what the PIN is for (绑定 key, not 签章)."""

    def __init__(self, source: PinSource, purpose: str) -> None:
        self._source, self._purpose = source, purpose

    def get_pin(self, request: PinRequest) -> str:
        return self._source.get_pin(replace(request, purpose=self._purpose))


def read_keys(parent: QObject, service: BindingKeyService, now: Callable[[], dt.datetime]) -> Op[list[KeyCandidate]]:
    """读取证书信息: scan the keys (no PIN) and diagnose them."""
    def work() -> list[KeyCandidate]:
        inventory = service.scan().result()
        return key_candidates(build_report(inventory, now=now()))

    return Op(parent, work)


def load_status(parent: QObject, binding: BindingService, key: KeyCandidate, user_type: str,
                ready: Ready | None) -> Op[BindingStatusAnswer]:
    """加载单位信息: the unit registered with the key's credit code and the binding status."""
    def work() -> BindingStatusAnswer:
        if ready is not None:
            ready()
        return binding.status(key.certificate.der, key.chain, user_type)

    return Op(parent, work)


@dataclass(frozen=True)
class KeyTexts:
    """Progress lines and the PIN purpose, translated on the GUI thread before the work starts."""

    purpose: str
    opening_key: str
    sending: str


def _with_key(service: BindingKeyService, key: KeyCandidate, pin_source: PinSource, texts: KeyTexts,
              progress: Progress, ready: Ready | None) -> TokenSigningKey:
    if ready is not None:
        ready()
    progress(texts.opening_key)
    signing_key = service.open_signing_key(key.module, key.token_serial, key.certificate.key_id,
                                           _PinFor(pin_source, texts.purpose)).result()
    progress(texts.sending)
    return signing_key


def submit_binding(parent: QObject, service: BindingKeyService, binding: BindingService, key: KeyCandidate,
                   pin_source: PinSource, user_type: str, operator_name: str, operator_phone: str,
                   texts: KeyTexts, ready: Ready | None) -> Op[BindResult]:
    """提交绑定: open the key with its PIN, sign the binding nonce, close the key."""
    def work(progress: Progress) -> BindResult:
        with _with_key(service, key, pin_source, texts, progress, ready) as signing_key:
            return binding.bind(signing_key, user_type, operator_name, operator_phone)

    return Op.with_progress(parent, work)


def list_personal_keys(parent: QObject, binding: BindingService, operator_id: str | None,
                       ready: Ready | None) -> Op[list[PersonalKeyInfo]]:
    def work() -> list[PersonalKeyInfo]:
        if ready is not None:
            ready()
        return binding.personal_keys(operator_id)

    return Op(parent, work)


def add_personal_key(parent: QObject, service: BindingKeyService, binding: BindingService, key: KeyCandidate,
                     pin_source: PinSource, operator_id: str, texts: KeyTexts,
                     ready: Ready | None) -> Op[PersonalKeyInfo]:
    """添加: the personal key's PIN is verified on the token, then it signs the nonce."""
    def work(progress: Progress) -> PersonalKeyInfo:
        with _with_key(service, key, pin_source, texts, progress, ready) as signing_key:
            return binding.add_personal_key(signing_key, operator_id)

    return Op.with_progress(parent, work)


def renew_personal_key(parent: QObject, service: BindingKeyService, binding: BindingService, key: KeyCandidate,
                       pin_source: PinSource, binding_id: int, operator_id: str, texts: KeyTexts,
                       ready: Ready | None) -> Op[PersonalKeyInfo]:
    """续期: the operator's new certificate replaces the bound one."""
    def work(progress: Progress) -> PersonalKeyInfo:
        with _with_key(service, key, pin_source, texts, progress, ready) as signing_key:
            return binding.renew_personal_key(signing_key, binding_id, operator_id)

    return Op.with_progress(parent, work)


def unbind_personal_key(parent: QObject, binding: BindingService, binding_id: int,
                        ready: Ready | None) -> Op[PersonalKeyInfo]:
    def work() -> PersonalKeyInfo:
        if ready is not None:
            ready()
        return binding.unbind_personal_key(binding_id)

    return Op(parent, work)


def load_audit(parent: QObject, binding: BindingService, cursor: int, limit: int, credit_code: str | None,
               ready: Ready | None) -> Op[BindingAuditPage]:
    """绑定记录: one page of the binding audit after ``cursor``, newest first (a 监管 account)."""
    def work() -> BindingAuditPage:
        if ready is not None:
            ready()
        return binding.audit(cursor, limit, credit_code, newest_first=True)

    return Op(parent, work)


def sort_keys(keys: Sequence[PersonalKeyInfo]) -> list[PersonalKeyInfo]:
    """Active bindings first, then the history, newest first."""
    return sorted(keys, key=lambda k: (not k.active, -k.bound_at.timestamp(), -k.binding_id))
