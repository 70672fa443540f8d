"""Wire shapes shared by the sync client (``desktop.sync``) and the server (``server_stub``).

One module both sides import (style.md §3.14): every request and response body is a frozen
dataclass here, turned into JSON by :func:`to_json` and read back by :func:`from_json`. The
server hands the same dataclasses to FastAPI as typed request/response models, so the
OpenAPI document and the client agree by construction.

A sync, as the client runs it::

    GET  /meta                       -> Meta (server time for the clock-skew gate, version, revision)
    POST /sync/push   PushRequest    -> PushResponse (one CommandResult per command, in order)
    GET  /sync/changes?cursor=N      -> ChangePage (repeated while has_more)
    GET  /sync/counts                -> CountCheck (per-kind counts at a revision)

Commands carry a client-made UUID: the server applies each one exactly once and answers a
repeated UUID with the stored result. The change feed holds the latest state of each record
with the revision that produced it; a deleted or withdrawn record is a tombstone
(``data is None``). Counts are of live records the caller may see.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
import uuid as _uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from desktop.domain.errors import YucaiError

PROTOCOL_VERSION = 1
MAX_CLOCK_SKEW = dt.timedelta(minutes=5)
"""Beyond this difference between the local clock and the server's, the client warns."""
DEFAULT_PAGE_SIZE = 500
MAX_PAGE_SIZE = 5000
LOGIN_CONTEXT = "yucai-ca-login/v1"
BLOB_CHUNK_SIZE = 1 << 20

T = TypeVar("T")


class ProtocolError(YucaiError):
    """A body that does not have the shape this protocol version defines."""

    code = "protocol_invalid"

    def __init__(self, detail: str) -> None:
        super().__init__(f"服务器数据格式不符合协议：{detail}", f"protocol violation: {detail}")
        self.detail = detail


# --- record kinds and the change feed -----------------------------------------------------

class RecordKind(enum.StrEnum):
    """Kinds of record the change feed carries (workflow kinds join as they are built)."""

    REGION = "region"
    UNIT = "unit"
    ACCOUNT = "account"
    OPERATOR = "operator"
    LOT = "lot"
    CONTRACT = "contract"
    CONTRACT_NOTICE = "contract_notice"
    PLAN = "plan"  # 计划备案 (issue 7; desktop.domain.plan_records)
    THRESHOLD = "threshold"
    PROCUREMENT_ITEM = "procurement_item"
    ANNOUNCEMENT = "announcement"  # 征集公告 / 入围结果公告 / 合同公告 (desktop.domain.agreement_records)
    SHORTLISTED_SUPPLIER = "shortlisted_supplier"
    AGREEMENT = "agreement"
    TRADING_BRIDGE = "trading_bridge"
    SECOND_STAGE = "second_stage"  # 二阶段 (desktop.domain.second_stage_records)
    SECOND_STAGE_BID = "second_stage_bid"
    PROCUREMENT_PLAN = "procurement_plan"  # 采购计划备案, made by the second-stage 合同备案
    JOIN_APPLICATION = "join_application"  # 开放式框架协议: a supplier's application to join


@dataclass(frozen=True)
class Meta:
    server_time: dt.datetime
    protocol_version: int
    revision: int

    def clock_skew(self, local_now: dt.datetime) -> dt.timedelta:
        """Local clock minus server clock (positive: the local clock is ahead)."""
        return local_now - self.server_time

    def clock_skew_too_large(self, local_now: dt.datetime) -> bool:
        return abs(self.clock_skew(local_now)) > MAX_CLOCK_SKEW


@dataclass(frozen=True)
class Change:
    """The latest state of one record, or its tombstone when ``data`` is None."""

    revision: int
    kind: str
    id: str
    data: dict[str, Any] | None = None

    @property
    def deleted(self) -> bool:
        return self.data is None


@dataclass(frozen=True)
class ChangePage:
    changes: list[Change]
    next_cursor: int
    """Pass this as ``cursor`` for the next page (the highest revision in this page)."""
    has_more: bool
    revision: int
    """The server's revision when the page was read."""


@dataclass(frozen=True)
class CountCheck:
    """Live records per kind the caller may see, at ``revision`` (the sanity check)."""

    revision: int
    counts: dict[str, int]

    def mismatches(self, local: dict[str, int]) -> dict[str, tuple[int, int]]:
        """Kinds whose local count differs: kind -> (local, server)."""
        kinds = set(self.counts) | {k for k, v in local.items() if v}
        return {k: (local.get(k, 0), self.counts.get(k, 0)) for k in sorted(kinds)
                if local.get(k, 0) != self.counts.get(k, 0)}


# --- commands -----------------------------------------------------------------------------

def new_command_uuid() -> str:
    return str(_uuid.uuid4())


@dataclass(frozen=True)
class CommandEnvelope:
    """One user action from the outbox. ``uuid`` is the idempotency key."""

    uuid: str
    name: str
    payload: dict[str, Any]
    created_at: dt.datetime


class CommandStatus(enum.StrEnum):
    APPLIED = "applied"
    REJECTED = "rejected"


@dataclass(frozen=True)
class RejectReason:
    """Why the server refused a command, in Chinese (shown to the user) and English (logs)."""

    code: str
    message: str
    message_en: str = ""


@dataclass(frozen=True)
class CommandResult:
    uuid: str
    status: CommandStatus
    revision: int | None = None
    """The revision the command produced (APPLIED), None when rejected."""
    reason: RejectReason | None = None
    repeated: bool = False
    """True when this UUID had been seen before and the stored result is returned."""


@dataclass(frozen=True)
class PushRequest:
    commands: list[CommandEnvelope]


@dataclass(frozen=True)
class PushResponse:
    results: list[CommandResult]
    revision: int


# --- login --------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginChallenge:
    nonce: str
    expires_at: dt.datetime


def login_message(nonce: str) -> bytes:
    """The bytes the key signs for a CA login: a fixed context, then the server's nonce."""
    return f"{LOGIN_CONTEXT}\n{nonce}".encode()


@dataclass(frozen=True, kw_only=True)
class KeyProof:
    """A key's signature over a fresh server nonce: CA login, binding and personal keys all send
    one (each signs its own message, so a proof for one purpose is useless for another)."""

    nonce: str
    certificate: str
    """The signer's certificate, DER in base64."""
    signature: str
    """Signature over the purpose's message (base64): PKCS#1 v1.5 for RSA, DER ECDSA for EC."""
    chain: list[str] = field(default_factory=list)
    """Intermediate CA certificates found on the token (DER in base64)."""
    digest_algorithm: str = "sha256"


@dataclass(frozen=True, kw_only=True)
class CaLoginRequest(KeyProof):
    """CA login: the key signs :func:`login_message`."""


@dataclass(frozen=True)
class PasswordLoginRequest:
    username: str
    password: str

    def __repr__(self) -> str:  # never show the password in a traceback or log
        return f"PasswordLoginRequest(username={self.username!r}, password=<hidden>)"


@dataclass(frozen=True)
class AccountInfo:
    account_id: str
    username: str
    unit_id: str
    unit_name: str
    credit_code: str
    user_type: str
    post: str
    operator_name: str | None = None
    key_bound_not_enabled: bool = False
    """绑定key未启用: a supplier synced from the trading centre that has not submitted its unit
    information yet; it has temporary rights only (the unit-information page)."""


@dataclass(frozen=True)
class SessionGrant:
    token: str
    expires_at: dt.datetime
    account: AccountInfo

    def __repr__(self) -> str:
        return f"SessionGrant(token=<hidden>, expires_at={self.expires_at!r}, account={self.account!r})"


@dataclass(frozen=True)
class ErrorBody:
    """The body of every non-2xx answer the server means to give."""

    code: str
    message: str
    message_en: str = ""


# --- CA 自助绑定 (seed manual §三; issue 5) ----------------------------------------------------

BINDING_CONTEXT = "yucai-ca-bind/v1"


def binding_message(nonce: str, user_type: str) -> bytes:
    """The bytes the key signs to prove possession when binding: a context distinct from login, the
    server's nonce (from ``POST /auth/challenge``) and the user type chosen on the page."""
    return f"{BINDING_CONTEXT}\n{nonce}\n{user_type}".encode()


@dataclass(frozen=True)
class BindingStatusRequest:
    """读取证书信息 / 加载单位信息, before any login: which status would binding this key get?"""

    certificate: str
    """The key's certificate, DER in base64."""
    user_type: str
    """The user type chosen on the page: 采购人 / 代理机构 / 供应商."""
    chain: list[str] = field(default_factory=list)
    """Intermediate CA certificates found on the token (DER in base64)."""


@dataclass(frozen=True)
class RegisteredUnit:
    """The registered unit found by the certificate's credit code (加载单位信息)."""

    unit_id: str
    name: str
    credit_code: str
    origin: str
    """政府采购系统注册 or 公共资源交易中心同步."""


@dataclass(frozen=True)
class BindingStatusAnswer:
    status: str
    """未绑定 / 续期 / 已绑定 / 数据重复 / 已绑定其他角色 / 未注册 (desktop.domain.workflow.binding)."""
    explanation: str
    """The manual's explanation of the status (绑定状态说明)."""
    can_bind: bool
    user_type: str
    credit_code: str
    certificate_serial: str
    """证书编号, upper-case hex."""
    fingerprint_sha256: str
    subject: str
    not_after: dt.datetime
    unit: RegisteredUnit | None = None
    account_status: str | None = None
    """After binding: 正常, or 绑定key未启用 for a supplier synced from the trading centre."""


@dataclass(frozen=True, kw_only=True)
class BindRequest(KeyProof):
    """提交绑定: the key signs :func:`binding_message` over a fresh nonce (proof of possession)."""

    user_type: str
    operator_name: str
    operator_phone: str


@dataclass(frozen=True)
class BindResult:
    status: str
    """The status the key had when bound: 未绑定 (new binding) or 续期 (renewal)."""
    username: str
    """The login account now bound to the key."""
    unit: RegisteredUnit
    account_status: str
    """正常, or 绑定key未启用 (temporary rights until the unit information is submitted)."""
    certificate_serial: str
    fingerprint_sha256: str
    bound_at: dt.datetime
    replaced_serial: str | None = None
    """续期: the serial of the certificate the renewal replaced (kept as history)."""


@dataclass(frozen=True)
class BindingAuditEntry:
    """One bind, renewal, refusal or unbind, as the regulator reads it."""

    id: int
    at: dt.datetime
    action: str
    """绑定 / 续期 / 解绑 / 拒绝."""
    outcome: str
    """"ok" or the refusal's code."""
    message: str
    user_type: str
    credit_code: str | None
    certificate_serial: str | None
    fingerprint_sha256: str | None
    operator_name: str
    operator_phone: str
    actor_username: str | None = None
    """The logged-in account that acted (None for the anonymous self-service binding)."""
    account_username: str | None = None
    """The account the key was (or would have been) bound to."""
    unit_name: str | None = None


@dataclass(frozen=True)
class BindingAuditPage:
    entries: list[BindingAuditEntry]
    next_cursor: int
    """Pass this as ``cursor`` for the next page (the last id in this page)."""
    has_more: bool


# --- personal keys (操作人员管理 → 管理 key; seed manual §三 3.3) ---------------------------------

def personal_binding_message(nonce: str, operator_id: str) -> bytes:
    """What a personal key signs (PIN verified on the token) to be bound to, or renew, an operator."""
    return f"{BINDING_CONTEXT}\n{nonce}\npersonal\n{operator_id}".encode()


@dataclass(frozen=True, kw_only=True)
class PersonalKeyRequest(KeyProof):
    """添加 (or 续期): the personal key signs :func:`personal_binding_message` over a fresh nonce."""

    operator_id: str


@dataclass(frozen=True)
class PersonalKeyInfo:
    binding_id: int
    operator_id: str
    operator_name: str
    username: str
    """The operator's login account the key logs in to."""
    certificate_serial: str
    fingerprint_sha256: str
    subject: str
    bound_at: dt.datetime
    active: bool
    not_after: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    ended_reason: str = ""
    """续期 or 解绑."""
    expiry_warning: str | None = None
    """已过期 / 将于 N 天后过期 (within 30 days), None otherwise."""


@dataclass(frozen=True)
class PersonalKeyList:
    keys: list[PersonalKeyInfo]


# --- the demo ------------------------------------------------------------------------------

@dataclass(frozen=True)
class DemoAccount:
    """A password account of the demo dataset, offered in the login dialog (``GET /demo/accounts``,
    served only by a server started with ``--demo``; the password is the dataset's public one)."""

    username: str
    unit_name: str
    user_type: str
    post: str
    password: str


@dataclass(frozen=True)
class DemoAccountList:
    accounts: list[DemoAccount]


# --- blobs --------------------------------------------------------------------------------

@dataclass(frozen=True)
class BlobUpload:
    """Announce an upload: the server answers with how much of it it already holds."""

    sha256: str
    size: int


def is_sha256_hex(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


@dataclass(frozen=True)
class BlobStatus:
    """How much of the blob with this SHA-256 the server holds; complete ones are verified."""

    sha256: str
    size: int
    received: int
    complete: bool


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise ProtocolError(f"invalid base64: {exc}") from None


# --- JSON ---------------------------------------------------------------------------------

def to_json(value: Any) -> Any:
    """A protocol dataclass (or list/dict of them) as JSON-ready Python values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ProtocolError("naive datetime")
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(cls: type[T], data: Any) -> T:
    """Read a protocol dataclass from JSON values; raises :class:`ProtocolError` on a bad shape."""
    return typing.cast(T, _decode(cls, data, cls.__name__))


def from_json_or_none(cls: type[T], data: Any) -> T | None:
    """:func:`from_json`, or None for a record of a shape this version cannot read (a newer server's)."""
    try:
        return from_json(cls, data)
    except ProtocolError:
        return None


@functools.cache
def _fields_of(tp: type) -> tuple[tuple[str, Any, bool], ...]:
    """(name, resolved type, required) per field; resolving the hints once per class keeps a
    100,000-change pull from spending its time in typing.get_type_hints."""
    hints = typing.get_type_hints(tp)
    return tuple((f.name, hints[f.name],
                  f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
                 for f in dataclasses.fields(tp))


def _decode(tp: Any, data: Any, where: str) -> Any:
    if tp is Any:
        return data
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise ProtocolError(f"{where}: unsupported union")
        return _decode(inner[0], data, where)
    if origin is list:
        if not isinstance(data, list):
            raise ProtocolError(f"{where}: list expected")
        (item,) = typing.get_args(tp)
        return [_decode(item, v, f"{where}[{i}]") for i, v in enumerate(data)]
    if origin is dict:
        if not isinstance(data, dict):
            raise ProtocolError(f"{where}: object expected")
        _, item = typing.get_args(tp)
        return {str(k): _decode(item, v, f"{where}.{k}") for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(data, dict):
            raise ProtocolError(f"{where}: object expected")
        kwargs = {}
        for name, hint, required in _fields_of(tp):
            if name in data:
                kwargs[name] = _decode(hint, data[name], f"{where}.{name}")
            elif required:
                raise ProtocolError(f"{where}.{name} missing")
        return typing.cast(Any, tp)(**kwargs)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        try:
            return tp(data)
        except ValueError:
            raise ProtocolError(f"{where}: unknown value {data!r}") from None
    if tp is dt.datetime:
        if not isinstance(data, str):
            raise ProtocolError(f"{where}: timestamp expected")
        try:
            parsed = dt.datetime.fromisoformat(data)
        except ValueError:
            raise ProtocolError(f"{where}: bad timestamp {data!r}") from None
        if parsed.tzinfo is None:
            raise ProtocolError(f"{where}: timestamp without time zone")
        return parsed
    if tp is bool:
        if not isinstance(data, bool):
            raise ProtocolError(f"{where}: boolean expected")
        return data
    if tp is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise ProtocolError(f"{where}: integer expected")
        return data
    if tp is float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            raise ProtocolError(f"{where}: number expected")
        return float(data)
    if tp is str:
        if not isinstance(data, str):
            raise ProtocolError(f"{where}: string expected")
        return data
    raise ProtocolError(f"{where}: unsupported type {tp!r}")
