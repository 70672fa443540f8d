"""Logins and sessions: nonces for CA login, scrypt passwords, bearer session tokens.

Only the SHA-256 of a session token is stored; the token itself leaves the server once, in the
login answer. A nonce is consumed by the first login that presents it, whatever the outcome.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.domain.protocol import (
    AccountInfo,
    CaLoginRequest,
    LoginChallenge,
    ProtocolError,
    SessionGrant,
    login_message,
    unb64,
)
from desktop.domain.workflow.binding import AccountOrigin
from server_stub.certificates import (
    CertificateRefused,
    TrustStore,
    certificate_credit_code,
    check_signing_usage,
    fingerprint,
    load_certificate,
    verify_chain,
    verify_signature,
)
from server_stub.models import Account, CertificateBinding, LoginNonce, Operator, SessionToken, Unit


class AuthRefused(Exception):
    """A refused login or session, with an HTTP status and a stable code."""

    def __init__(self, code: str, message: str, message_en: str, status: int = 401) -> None:
        super().__init__(message_en)
        self.code, self.message, self.message_en, self.status = code, message, message_en, status


# --- passwords ------------------------------------------------------------------------------

_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    enc = base64.b64encode
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${enc(salt).decode()}${enc(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(base64.b64decode(digest)))
    except ValueError:
        return False
    return hmac.compare_digest(actual, base64.b64decode(digest))


# --- sessions -------------------------------------------------------------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_info(session: Session, account: Account) -> AccountInfo:
    unit = session.get(Unit, account.unit_id)
    assert unit is not None
    operator = session.get(Operator, account.operator_id) if account.operator_id else None
    return AccountInfo(account_id=account.id, username=account.username, unit_id=unit.id, unit_name=unit.name,
                       credit_code=unit.credit_code, user_type=account.user_type, post=account.post,
                       operator_name=operator.name if operator else None,
                       key_bound_not_enabled=key_bound_not_enabled(unit))


def key_bound_not_enabled(unit: Unit) -> bool:
    """A supplier synced from the trading centre that has not submitted its unit information yet."""
    return unit.origin == AccountOrigin.TRADING_CENTRE.value and not unit.info_completed


def open_session(session: Session, account: Account, method: str, now: dt.datetime, ttl: dt.timedelta) -> SessionGrant:
    token = secrets.token_urlsafe(32)
    expires = now + ttl
    session.add(SessionToken(token_hash=_token_hash(token), account_id=account.id, method=method,
                             created_at=now, expires_at=expires))
    session.flush()
    return SessionGrant(token=token, expires_at=expires, account=account_info(session, account))


def session_account(session: Session, token: str, now: dt.datetime) -> Account:
    row = session.get(SessionToken, _token_hash(token))
    if row is None or row.revoked_at is not None:
        raise AuthRefused("session_invalid", "登录已失效，请重新登录", "session invalid or logged out")
    if now >= row.expires_at:
        raise AuthRefused("session_expired", "登录已过期，请重新登录", "session expired")
    account = session.get(Account, row.account_id)
    if account is None or not account.active:
        raise AuthRefused("account_disabled", "账号已停用", "account disabled")
    return account


def revoke_session(session: Session, token: str, now: dt.datetime) -> None:
    session.execute(update(SessionToken).where(SessionToken.token_hash == _token_hash(token),
                                               SessionToken.revoked_at.is_(None)).values(revoked_at=now))


# --- CA login -------------------------------------------------------------------------------

def issue_nonce(session: Session, now: dt.datetime, ttl: dt.timedelta) -> LoginChallenge:
    nonce = secrets.token_urlsafe(32)
    session.add(LoginNonce(nonce=nonce, expires_at=now + ttl))
    session.flush()
    return LoginChallenge(nonce=nonce, expires_at=now + ttl)


def consume_nonce(session: Session, nonce: str, now: dt.datetime) -> None:
    row = session.get(LoginNonce, nonce)
    if row is None:
        raise AuthRefused("nonce_unknown", "登录请求无效，请重试", "unknown login nonce")
    claimed = session.execute(update(LoginNonce).where(LoginNonce.nonce == nonce, LoginNonce.used_at.is_(None))
                              .values(used_at=now)).rowcount  # type: ignore[attr-defined]
    if claimed != 1:
        raise AuthRefused("nonce_used", "登录请求已被使用过（疑似重放），请重新登录", "login nonce already used")
    if now >= row.expires_at:
        raise AuthRefused("nonce_expired", "登录请求已超时，请重试", "login nonce expired")


@dataclass(frozen=True)
class CaCheck:
    account: Account
    binding: CertificateBinding


def check_ca_login(session: Session, request: CaLoginRequest, trust: TrustStore, now: dt.datetime) -> CaCheck:
    """All checks of a CA login except the nonce (consumed separately, before this)."""
    try:
        leaf_der = unb64(request.certificate)
        chain_der = [unb64(c) for c in request.chain]
        signature = unb64(request.signature)
    except ProtocolError as exc:
        raise AuthRefused("request_malformed", "登录请求格式错误", exc.detail, status=400) from exc
    try:
        leaf = load_certificate(leaf_der)
        chain = [load_certificate(d) for d in chain_der]
        verify_chain(leaf, chain, trust, now)
        check_signing_usage(leaf)
        verify_signature(leaf, login_message(request.nonce), signature, request.digest_algorithm)
    except CertificateRefused as exc:
        raise AuthRefused(exc.code, exc.message, exc.message_en) from exc
    binding = session.execute(select(CertificateBinding).where(
        CertificateBinding.fingerprint_sha256 == fingerprint(leaf_der),
        CertificateBinding.active.is_(True))).scalar_one_or_none()
    if binding is None:
        raise AuthRefused("certificate_not_bound", "该证书尚未绑定账号，请先进行 CA 自助绑定",
                          "certificate is not bound to an account")
    account = session.get(Account, binding.account_id)
    if account is None or not account.active:
        raise AuthRefused("account_disabled", "证书绑定的账号已停用", "bound account disabled")
    if binding.credit_code is not None:
        unit = session.get(Unit, account.unit_id)
        if unit is None or certificate_credit_code(leaf) != unit.credit_code:
            raise AuthRefused("credit_code_mismatch", "证书中的统一社会信用代码与账号所属单位不一致",
                              "certificate credit code differs from the account's unit")
    return CaCheck(account=account, binding=binding)
