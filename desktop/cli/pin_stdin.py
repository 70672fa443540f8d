"""The CLI's PinSource: the PIN comes from standard input (``--pin-stdin``), once."""

from __future__ import annotations

import sys

from desktop.cli.main import CliError
from desktop.token.pin import FixedPin


def read_pin_stdin() -> FixedPin:
    """Read one line from stdin; the PIN is never echoed, logged or kept beyond the call."""
    line = sys.stdin.readline()
    pin = line.rstrip("\r\n")
    if not pin:
        raise CliError("标准输入中没有口令（--pin-stdin）", "no PIN on standard input (--pin-stdin)")
    return FixedPin(pin)
