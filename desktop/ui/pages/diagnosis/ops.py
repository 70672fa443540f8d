"""The diagnosis page's background operations, one short factory per action (``verb_noun``)."""

from __future__ import annotations

from concurrent.futures import Future
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject

from desktop.token.inventory import Inventory, LoginCheck
from desktop.token.pin import PinSource
from desktop.token.report import DiagnosisReport
from desktop.ui.ops import Op
from desktop.ui.pages.diagnosis.export import write_report


class KeyService(Protocol):
    """What the page needs of ``desktop.token.service.TokenService``."""

    def scan(self) -> Future[Inventory]: ...

    def poll_changes(self) -> Future[bool]: ...

    def check_login(self, module_path: str, token_serial: str,
                    pin_source: PinSource) -> Future[LoginCheck]: ...


def scan_keys(parent: QObject, service: KeyService) -> Op[Inventory]:
    return Op(parent, service.scan)


def poll_keys(parent: QObject, service: KeyService) -> Op[bool]:
    return Op(parent, service.poll_changes)


def check_pin(parent: QObject, service: KeyService, module_path: str, token_serial: str,
              pin_source: PinSource) -> Op[LoginCheck]:
    return Op(parent, lambda: service.check_login(module_path, token_serial, pin_source))


def export_report(parent: QObject, path: Path, report: DiagnosisReport) -> Op[Path]:
    return Op(parent, lambda: write_report(path, report))
