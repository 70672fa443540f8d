"""The session token in the OS keyring (``keyring``), never in a plain file.

Tests pass a backend explicitly (keyrings.alt's file backend in a tmp dir). Without one, the
default OS backend is used, and a plaintext or failing backend is refused.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from desktop.domain.protocol import SessionGrant
from desktop.sync.errors import CredentialsUnavailable

SERVICE = "yucai-desktop"


@dataclass(frozen=True)
class StoredSession:
    token: str
    expires_at: dt.datetime
    username: str

    def __repr__(self) -> str:
        return f"StoredSession(token=<hidden>, expires_at={self.expires_at!r}, username={self.username!r})"

    def valid_at(self, now: dt.datetime) -> bool:
        return now < self.expires_at


def _insecure(backend: KeyringBackend) -> str | None:
    module = type(backend).__module__
    name = type(backend).__name__
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return f"{module}.{name}"
    if module.startswith("keyrings.alt"):  # plaintext/obfuscated files: tests only, chosen explicitly
        return f"{module}.{name}"
    return None


class CredentialStore:
    def __init__(self, server_url: str, backend: KeyringBackend | None = None, *, client: str = "") -> None:
        """``client``: the local store's name (``yucai --client``), so two stores keep two sessions."""
        if backend is None:
            backend = keyring.get_keyring()
            problem = _insecure(backend)
            if problem:
                raise CredentialsUnavailable(problem)
        self._backend = backend
        self._account = server_url.rstrip("/") + (f"#{client}" if client else "")

    def save(self, grant: SessionGrant) -> None:
        value = json.dumps({"token": grant.token, "expires_at": grant.expires_at.isoformat(),
                            "username": grant.account.username})
        try:
            self._backend.set_password(SERVICE, self._account, value)
        except KeyringError as exc:
            raise CredentialsUnavailable(str(exc)) from exc

    def load(self) -> StoredSession | None:
        try:
            value = self._backend.get_password(SERVICE, self._account)
        except KeyringError as exc:
            raise CredentialsUnavailable(str(exc)) from exc
        if not value:
            return None
        try:
            raw = json.loads(value)
            return StoredSession(token=str(raw["token"]), expires_at=dt.datetime.fromisoformat(raw["expires_at"]),
                                 username=str(raw.get("username", "")))
        except (ValueError, KeyError, TypeError):
            return None

    def clear(self) -> None:
        try:
            if self._backend.get_password(SERVICE, self._account) is not None:
                self._backend.delete_password(SERVICE, self._account)
        except KeyringError as exc:
            raise CredentialsUnavailable(str(exc)) from exc
