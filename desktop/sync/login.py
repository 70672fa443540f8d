"""CA login and password login. The token is reached through :class:`NonceSigner`; the
composition root passes a ``TokenSigningKey`` (desktop.sync never imports desktop.token)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from desktop.domain.protocol import CaLoginRequest, SessionGrant, b64, login_message
from desktop.sync.client import ApiClient
from desktop.sync.credentials import CredentialStore
from desktop.sync.errors import SyncError, SyncErrorKind


class NonceSigner(Protocol):
    """A logged-in key on a token that can sign the login nonce."""

    @property
    def certificate(self) -> bytes: ...

    @property
    def chain(self) -> Sequence[bytes]: ...

    def sign(self, data: bytes, digest_algorithm: str) -> bytes: ...


class LoginService:
    """Logs in and out, keeping ``api.token`` and the keyring entry in step."""

    def __init__(self, api: ApiClient, credentials: CredentialStore | None) -> None:
        self.api = api
        self.credentials = credentials

    def _accept(self, grant: SessionGrant) -> SessionGrant:
        self.api.token = grant.token
        if self.credentials is not None:
            self.credentials.save(grant)
        return grant

    def login_with_key(self, signer: NonceSigner) -> SessionGrant:
        """Ask for a nonce, sign it on the token, present certificate + signature."""
        challenge = self.api.challenge()
        signature = signer.sign(login_message(challenge.nonce), "sha256")
        request = CaLoginRequest(nonce=challenge.nonce, certificate=b64(signer.certificate),
                                 signature=b64(signature), chain=[b64(c) for c in signer.chain])
        return self._accept(self.api.login_ca(request))

    def login_with_password(self, username: str, password: str) -> SessionGrant:
        return self._accept(self.api.login_password(username, password))

    def restore(self, now: dt.datetime) -> bool:
        """Reuse the session kept in the keyring if it has not expired (the server may still refuse it)."""
        stored = self.credentials.load() if self.credentials is not None else None
        if stored is None or not stored.valid_at(now):
            return False
        self.api.token = stored.token
        return True

    def logout(self) -> None:
        """Revoke the session on the server when reachable; forget it locally in any case."""
        try:
            if self.api.token:
                self.api.logout()
        except SyncError as exc:
            if exc.kind not in (SyncErrorKind.OFFLINE, SyncErrorKind.AUTH, SyncErrorKind.SERVER):
                raise
        finally:
            self.api.token = None
            if self.credentials is not None:
                self.credentials.clear()
