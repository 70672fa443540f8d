"""CA 自助绑定 (seed manual §三 3.2) and personal keys (§3.3), client side.

No Qt, no token: the key is reached through :class:`~desktop.sync.login.NonceSigner` (the composition
root or the UI passes a ``TokenSigningKey``), exactly as for the CA login.

* :meth:`BindingService.status` — 读取证书信息 / 加载单位信息: the status binding this certificate would get
  for the chosen user type (未绑定 / 续期 / 已绑定 / 数据重复 / 已绑定其他角色 / 未注册), with the unit found by
  the certificate's credit code. Anonymous.
* :meth:`BindingService.bind` — 提交绑定: a fresh nonce, signed on the key over
  :func:`~desktop.domain.protocol.binding_message`. Anonymous.
* :meth:`BindingService.personal_keys` / ``add_personal_key`` / ``renew_personal_key`` /
  ``unbind_personal_key`` — 操作人员管理 → 管理 key, for the logged-in unit account.
* :meth:`BindingService.audit` — 绑定记录: every bind, renewal, refusal and unbind, page by page, for a
  logged-in 监管 account (others are refused with ``audit_regulator_only``).

Every failure is a :class:`~desktop.sync.errors.SyncError` carrying the server's Chinese message (the
binding refusals include what to do). Binding needs the server: an offline error says so instead of the
sync's "saved locally" wording.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from desktop.domain.protocol import (
    BindingAuditPage,
    BindingStatusAnswer,
    BindingStatusRequest,
    BindRequest,
    BindResult,
    PersonalKeyInfo,
    PersonalKeyRequest,
    b64,
    binding_message,
    personal_binding_message,
)
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import NonceSigner

T = TypeVar("T")
DIGEST = "sha256"
OFFLINE_ZH = "无法连接服务器：CA 绑定需要联网办理，请检查网络连接后重试"


@contextmanager
def _online_only() -> Iterator[None]:
    """Nothing of a binding is queued for later: say so when the server is out of reach."""
    try:
        yield
    except SyncError as exc:
        if exc.kind is SyncErrorKind.OFFLINE:
            raise SyncError(SyncErrorKind.OFFLINE, OFFLINE_ZH, exc.message_en, code=exc.code,
                            status=exc.status) from exc
        raise


class BindingService:
    """Binding calls over an :class:`ApiClient`.

    ``intermediates``: CA certificates shipped with the app (DER), sent along with those found on the
    token so the server can build the chain of a key that carries none.
    """

    def __init__(self, api: ApiClient, intermediates: Sequence[bytes] = ()) -> None:
        self.api = api
        self.intermediates = tuple(intermediates)

    def _chain(self, certificate: bytes, chain: Sequence[bytes]) -> list[str]:
        seen = dict.fromkeys(c for c in (*chain, *self.intermediates) if c and c != certificate)
        return [b64(c) for c in seen]

    def _call(self, call: Callable[[], T]) -> T:
        with _online_only():
            return call()

    # --- unit keys (anonymous: before any login) ---------------------------------------------

    def status(self, certificate: bytes, chain: Sequence[bytes], user_type: str) -> BindingStatusAnswer:
        """读取证书信息 → 加载单位信息: the binding status of this certificate for ``user_type``."""
        request = BindingStatusRequest(certificate=b64(certificate), user_type=user_type,
                                       chain=self._chain(certificate, chain))
        return self._call(lambda: self.api.binding_status(request))

    def bind(self, signer: NonceSigner, user_type: str, operator_name: str, operator_phone: str) -> BindResult:
        """提交绑定: prove possession of the key by signing a fresh nonce for ``user_type``."""
        def run() -> BindResult:
            nonce = self.api.challenge().nonce
            signature = signer.sign(binding_message(nonce, user_type), DIGEST)
            request = BindRequest(nonce=nonce, certificate=b64(signer.certificate), signature=b64(signature),
                                  chain=self._chain(signer.certificate, signer.chain), digest_algorithm=DIGEST,
                                  user_type=user_type, operator_name=operator_name.strip(),
                                  operator_phone=operator_phone.strip())
            return self.api.bind(request)

        return self._call(run)

    # --- personal keys (the unit account, logged in) ---------------------------------------------

    def personal_keys(self, operator_id: str | None = None) -> list[PersonalKeyInfo]:
        """The unit's personal-key bindings (current and past), or one operator's."""
        keys = self._call(self.api.personal_keys).keys
        return [k for k in keys if operator_id is None or k.operator_id == operator_id]

    def _proof(self, signer: NonceSigner, operator_id: str) -> PersonalKeyRequest:
        nonce = self.api.challenge().nonce
        signature = signer.sign(personal_binding_message(nonce, operator_id), DIGEST)
        return PersonalKeyRequest(nonce=nonce, certificate=b64(signer.certificate), signature=b64(signature),
                                  chain=self._chain(signer.certificate, signer.chain), digest_algorithm=DIGEST,
                                  operator_id=operator_id)

    def add_personal_key(self, signer: NonceSigner, operator_id: str) -> PersonalKeyInfo:
        """添加: the inserted personal key (PIN verified when it was opened) signs a fresh nonce."""
        return self._call(lambda: self.api.add_personal_key(self._proof(signer, operator_id)))

    def renew_personal_key(self, signer: NonceSigner, binding_id: int, operator_id: str) -> PersonalKeyInfo:
        """续期: the operator's new certificate replaces the one of ``binding_id`` (kept as history)."""
        return self._call(lambda: self.api.renew_personal_key(binding_id, self._proof(signer, operator_id)))

    def unbind_personal_key(self, binding_id: int) -> PersonalKeyInfo:
        """解绑: the key no longer logs in."""
        return self._call(lambda: self.api.unbind_personal_key(binding_id))

    # --- 绑定记录 (a 监管 account, logged in) ------------------------------------------------------

    def audit(self, cursor: int = 0, limit: int = 100, credit_code: str | None = None,
              newest_first: bool = False) -> BindingAuditPage:
        """One page of the binding audit after ``cursor`` (0: the start), optionally for one credit code."""
        return self._call(lambda: self.api.binding_audit(cursor, limit, credit_code, newest_first))
