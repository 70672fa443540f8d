"""Sync errors: one class with a kind, like Anki's ``SyncError(kind)``.

Tree::

    YucaiError
     └── SyncError (kind: OFFLINE | AUTH | SERVER | PROTOCOL | REJECTED)
          └── CredentialsUnavailable (kind AUTH): no secure OS keyring

Only ``desktop.sync.client`` turns httpx exceptions into these.
"""

from __future__ import annotations

import enum

from desktop.domain.errors import YucaiError


class SyncErrorKind(enum.StrEnum):
    OFFLINE = "offline"  # no connection, timeout, connection cut: try again later
    AUTH = "auth"  # not logged in, session expired or revoked, login refused
    SERVER = "server"  # the server failed (5xx): try again later
    PROTOCOL = "protocol"  # an answer this client does not understand, or a failed data check
    REJECTED = "rejected"  # the server refused a request with a reason (4xx)


class SyncError(YucaiError):
    code = "sync_error"

    def __init__(self, kind: SyncErrorKind, message: str, message_en: str = "", *, code: str | None = None,
                 status: int | None = None) -> None:
        super().__init__(message, message_en)
        self.kind = kind
        self.status = status
        self.code = code or f"sync_{kind.value}"

    @property
    def retryable(self) -> bool:
        return self.kind in (SyncErrorKind.OFFLINE, SyncErrorKind.SERVER)


class CredentialsUnavailable(SyncError):
    def __init__(self, detail: str) -> None:
        super().__init__(SyncErrorKind.AUTH, "系统中没有可用的安全凭据存储，登录信息无法保存",
                         f"no secure keyring available: {detail}", code="keyring_unavailable")
