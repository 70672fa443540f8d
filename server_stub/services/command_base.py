"""What every command handler shares: the refusal it raises and the context it runs in.

A handler is ``handler(session, account, command, context)``; it raises :class:`CommandRejected`
(a stable code, a Chinese message the user sees, an English one for logs) to refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.domain.errors import YucaiError
from server_stub.certificates import TrustStore
from server_stub.settings import Settings


class CommandRejected(YucaiError):
    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message, message_en)
        self.code = code


@dataclass(frozen=True)
class CommandContext:
    """What a handler may need beyond the database: the settings (blob folder, limits), the CA
    roots a signature must chain to, and the server's time for this command."""

    settings: Settings
    trust: TrustStore
    now: dt.datetime
