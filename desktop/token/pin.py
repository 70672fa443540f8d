"""How the key layer asks for a PIN without knowing who answers (dialog, stdin, pinpad).

The PIN is an argument to one call: it is never stored, logged, cached or retried. A wrong PIN
raises ``PinIncorrect`` and the caller decides whether to ask the user again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PinRequest:
    """What the PIN prompt should tell the user before they type."""

    token_label: str
    token_serial: str
    purpose: str = "登录"  # 登录 / 签章 / 诊断
    count_low: bool = False
    final_try: bool = False
    protected_path: bool = False  # the reader has a PIN pad: nothing to type here


class PinSource(Protocol):
    def get_pin(self, request: PinRequest) -> str:
        """Return the PIN for this one operation, or raise ``UserCancelled``."""
        ...


@dataclass
class FixedPin:
    """A PIN already known to the caller for one operation (``--pin-stdin``, tests).

    It answers only once, so a caller can never loop on a wrong PIN by accident.
    """

    pin: str
    used: bool = False

    def get_pin(self, request: PinRequest) -> str:
        from desktop.domain.errors import UserCancelled

        if self.used:
            raise UserCancelled()
        self.used = True
        pin, self.pin = self.pin, ""  # forget it as soon as it is handed over
        return pin

    def __repr__(self) -> str:  # never show the PIN in a traceback or log
        return "FixedPin(<hidden>)"
