"""ApiClient: the server's HTTP API over an injected ``httpx.Client`` (base_url set by the caller).

This is the only place that knows httpx errors: every failure leaves as a :class:`SyncError`.
"""

from __future__ import annotations

import json
import operator
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from desktop.domain.protocol import (
    AccountInfo,
    BindingAuditPage,
    BindingStatusAnswer,
    BindingStatusRequest,
    BindRequest,
    BindResult,
    BlobStatus,
    BlobUpload,
    CaLoginRequest,
    Change,
    ChangePage,
    CommandEnvelope,
    CountCheck,
    DemoAccountList,
    ErrorBody,
    LoginChallenge,
    Meta,
    PasswordLoginRequest,
    PersonalKeyInfo,
    PersonalKeyList,
    PersonalKeyRequest,
    ProtocolError,
    PushRequest,
    PushResponse,
    SessionGrant,
    from_json,
    to_json,
)
from desktop.sync.errors import SyncError, SyncErrorKind

T = TypeVar("T")

_OFFLINE_ZH = "无法连接服务器（离线），操作已保存在本机，联网后会自动同步"


def _error_from_response(response: httpx.Response) -> SyncError:
    status = response.status_code
    body: ErrorBody | None = None
    try:
        body = from_json(ErrorBody, response.json())
    except (ValueError, ProtocolError):
        body = None
    if status in (401, 403):
        kind = SyncErrorKind.AUTH
    elif status in (502, 503, 504) and body is None:  # a proxy or gateway: the server is not reachable
        kind = SyncErrorKind.OFFLINE
    elif status >= 500:
        kind = SyncErrorKind.SERVER
    else:
        kind = SyncErrorKind.REJECTED if body is not None else SyncErrorKind.PROTOCOL
    if body is not None:
        return SyncError(kind, body.message, body.message_en, code=body.code, status=status)
    if kind is SyncErrorKind.OFFLINE:
        return SyncError(kind, _OFFLINE_ZH, f"gateway answered HTTP {status}", status=status)
    return SyncError(kind, f"服务器返回错误（HTTP {status}）", f"server answered HTTP {status}", status=status)


FeedRow = tuple[int, str, str, dict[str, Any] | None]
"""One change of the feed as the pull applies it: (revision, kind, id, data or None for a tombstone)."""


@dataclass(frozen=True, slots=True)
class FeedPage:
    """A ``ChangePage`` as plain rows (no :class:`Change` object per record: the pull's fast path)."""

    rows: list[FeedRow]
    next_cursor: int
    has_more: bool
    revision: int
    lenient: bool = False
    """The page held NaN or Infinity, which Python's JSON reader accepts but JSON has not: its records
    must be re-encoded by the ``json`` module (``Records.apply_rows(json_values=False)``)."""

    def change_page(self) -> ChangePage:
        return ChangePage(changes=[Change(revision=rev, kind=kind, id=rid, data=data)
                                   for rev, kind, rid, data in self.rows],
                          next_cursor=self.next_cursor, has_more=self.has_more, revision=self.revision)


_row_of = operator.itemgetter("revision", "kind", "id", "data")


def _feed_page(body: bytes) -> FeedPage:
    """Decode a ``ChangePage`` answer with the checks of ``from_json(ChangePage, ...)``, written out
    for speed: one tuple per change, no object (the generic decoder costs ~40 µs a change).

    The JSON is read by the ``json`` module, as ``httpx.Response.json`` does: orjson would save
    ~20 ms per 100,000 records but reads an integer beyond 64 bits as a float, silently.
    Raises ``ValueError`` (malformed JSON) or ``ProtocolError`` (valid JSON, wrong shape).
    """
    constants: list[str] = []

    def constant(name: str) -> float:  # NaN, Infinity, -Infinity: read as the json module does
        constants.append(name)
        return float(name)

    data = json.loads(body, parse_constant=constant)
    if not isinstance(data, dict):
        raise ProtocolError("ChangePage: object expected")
    try:
        raw, next_cursor, has_more, revision = data["changes"], data["next_cursor"], data["has_more"], data["revision"]
    except KeyError as exc:
        raise ProtocolError(f"ChangePage.{exc.args[0]} missing") from None
    if not (isinstance(raw, list) and type(next_cursor) is int and type(has_more) is bool
            and type(revision) is int):
        raise ProtocolError("ChangePage: bad field types")
    try:
        rows: list[FeedRow] = list(map(_row_of, raw))
    except (KeyError, TypeError):  # an item that is no object, or a change without "data": one at a time
        rows = [_slow_row(i, item) for i, item in enumerate(raw)]
    for i, (rev, kind, rid, payload) in enumerate(rows):
        if type(rev) is not int or type(kind) is not str or type(rid) is not str or not (
                payload is None or type(payload) is dict):
            raise ProtocolError(f"ChangePage.changes[{i}]: bad change")
    return FeedPage(rows=rows, next_cursor=next_cursor, has_more=has_more, revision=revision,
                    lenient=bool(constants))


def _slow_row(i: int, item: Any) -> FeedRow:
    if not isinstance(item, dict):
        raise ProtocolError(f"ChangePage.changes[{i}]: object expected")
    return (item.get("revision"), item.get("kind"), item.get("id"), item.get("data"))  # type: ignore[return-value]


class ApiClient:
    """Typed calls to the server. ``token`` is the session's bearer token (None: logged out)."""

    def __init__(self, http: httpx.Client, token: str | None = None) -> None:
        self.http = http
        self.token = token

    # --- plumbing ---------------------------------------------------------------------------

    def _headers(self, auth: bool) -> dict[str, str]:
        if not auth:
            return {}
        if not self.token:
            raise SyncError(SyncErrorKind.AUTH, "请先登录", "not logged in", code="session_missing")
        return {"Authorization": f"Bearer {self.token}"}

    @contextmanager
    def _mapped(self) -> Iterator[None]:
        try:
            yield
        except httpx.TimeoutException as exc:
            raise SyncError(SyncErrorKind.OFFLINE, _OFFLINE_ZH, f"timeout: {exc!r}", code="timeout") from exc
        except httpx.TransportError as exc:  # connect, read, write, protocol (connection cut)
            raise SyncError(SyncErrorKind.OFFLINE, _OFFLINE_ZH, f"network error: {exc!r}") from exc
        except httpx.HTTPError as exc:
            raise SyncError(SyncErrorKind.PROTOCOL, "与服务器通信出错", f"HTTP error: {exc!r}") from exc

    def _send(self, method: str, path: str, *, auth: bool = True, **kwargs: Any) -> httpx.Response:
        headers = {**self._headers(auth), **kwargs.pop("headers", {})}
        with self._mapped():
            response = self.http.request(method, path, headers=headers, **kwargs)
        if response.status_code >= 400:
            raise _error_from_response(response)
        return response

    def _call(self, cls: type[T], method: str, path: str, *, auth: bool = True, body: object = None,
              params: dict[str, Any] | None = None) -> T:
        kwargs: dict[str, Any] = {"params": params}
        if body is not None:
            kwargs["json"] = to_json(body)
        response = self._send(method, path, auth=auth, **kwargs)
        try:
            return from_json(cls, response.json())
        except (ValueError, ProtocolError) as exc:
            raise SyncError(SyncErrorKind.PROTOCOL, "服务器返回的数据无法识别", f"bad answer to {path}: {exc}",
                            code="protocol_invalid") from exc

    # --- endpoints --------------------------------------------------------------------------

    def meta(self) -> Meta:
        return self._call(Meta, "GET", "/meta", auth=False)

    def challenge(self) -> LoginChallenge:
        return self._call(LoginChallenge, "POST", "/auth/challenge", auth=False)

    def login_ca(self, request: CaLoginRequest) -> SessionGrant:
        return self._call(SessionGrant, "POST", "/auth/login/ca", auth=False, body=request)

    def login_password(self, username: str, password: str) -> SessionGrant:
        return self._call(SessionGrant, "POST", "/auth/login/password", auth=False,
                          body=PasswordLoginRequest(username=username, password=password))

    def logout(self) -> None:
        self._send("POST", "/auth/logout")

    def me(self) -> AccountInfo:
        return self._call(AccountInfo, "GET", "/auth/me")

    # CA 自助绑定 (anonymous), personal keys (the unit's 经办岗, logged in) and the audit (监管 accounts)

    def binding_status(self, request: BindingStatusRequest) -> BindingStatusAnswer:
        return self._call(BindingStatusAnswer, "POST", "/binding/status", auth=False, body=request)

    def bind(self, request: BindRequest) -> BindResult:
        return self._call(BindResult, "POST", "/binding/bind", auth=False, body=request)

    def demo_accounts(self) -> DemoAccountList:
        """The demo dataset's password accounts; empty unless the server runs ``--demo``."""
        try:
            return self._call(DemoAccountList, "GET", "/demo/accounts", auth=False)
        except SyncError as exc:
            if exc.status == 404:
                return DemoAccountList([])
            raise

    def personal_keys(self) -> PersonalKeyList:
        return self._call(PersonalKeyList, "GET", "/binding/personal")

    def add_personal_key(self, request: PersonalKeyRequest) -> PersonalKeyInfo:
        return self._call(PersonalKeyInfo, "POST", "/binding/personal", body=request)

    def renew_personal_key(self, binding_id: int, request: PersonalKeyRequest) -> PersonalKeyInfo:
        return self._call(PersonalKeyInfo, "POST", f"/binding/personal/{binding_id}/renew", body=request)

    def unbind_personal_key(self, binding_id: int) -> PersonalKeyInfo:
        return self._call(PersonalKeyInfo, "POST", f"/binding/personal/{binding_id}/unbind")

    def binding_audit(self, cursor: int, limit: int, credit_code: str | None = None,
                      newest_first: bool = False) -> BindingAuditPage:
        params: dict[str, Any] = {"cursor": cursor, "limit": limit, "newest_first": newest_first}
        if credit_code:
            params["credit_code"] = credit_code
        return self._call(BindingAuditPage, "GET", "/binding/audit", params=params)

    def push(self, commands: list[CommandEnvelope]) -> PushResponse:
        return self._call(PushResponse, "POST", "/sync/push", body=PushRequest(commands=commands))

    def changes(self, cursor: int, limit: int) -> ChangePage:
        return self.feed_page(cursor, limit).change_page()

    def feed_page(self, cursor: int, limit: int) -> FeedPage:
        """:meth:`changes` as plain rows: what the pull applies."""
        return self.decode_feed(self.fetch_feed(cursor, limit))

    def fetch_feed(self, cursor: int, limit: int) -> bytes:
        """The undecoded answer to ``/sync/changes`` (see :meth:`decode_feed`).

        The pull fetches on a helper thread and decodes on its own: the decoder holds the GIL for
        a whole page, and the thread writing the previous page would wait for it after every row.
        """
        return self._send("GET", "/sync/changes", params={"cursor": cursor, "limit": limit}).content

    @staticmethod
    def decode_feed(body: bytes) -> FeedPage:
        try:
            return _feed_page(body)
        except (ValueError, ProtocolError) as exc:
            raise SyncError(SyncErrorKind.PROTOCOL, "服务器返回的数据无法识别", f"bad answer to /sync/changes: {exc}",
                            code="protocol_invalid") from exc

    def counts(self) -> CountCheck:
        return self._call(CountCheck, "GET", "/sync/counts")

    def blob_announce(self, sha256: str, size: int) -> BlobStatus:
        return self._call(BlobStatus, "POST", "/blobs", body=BlobUpload(sha256=sha256, size=size))

    def blob_status(self, sha256: str) -> BlobStatus:
        return self._call(BlobStatus, "GET", f"/blobs/{sha256}/status")

    def blob_put(self, sha256: str, offset: int, data: bytes) -> BlobStatus:
        response = self._send("PUT", f"/blobs/{sha256}/data", params={"offset": offset}, content=data,
                              headers={"Content-Type": "application/octet-stream"})
        try:
            return from_json(BlobStatus, response.json())
        except (ValueError, ProtocolError) as exc:
            raise SyncError(SyncErrorKind.PROTOCOL, "服务器返回的数据无法识别", str(exc)) from exc

    def blob_download(self, sha256: str, offset: int, sink: Any) -> int:
        """Stream the blob from ``offset`` into ``sink.write``; return the bytes written."""
        headers = {**self._headers(True), **({"Range": f"bytes={offset}-"} if offset else {})}
        written = 0
        with self._mapped(), self.http.stream("GET", f"/blobs/{sha256}", headers=headers) as response:
            if response.status_code >= 400:
                response.read()
                raise _error_from_response(response)
            if offset and response.status_code != 206:
                raise SyncError(SyncErrorKind.PROTOCOL, "服务器不支持断点续传", "server ignored the Range header")
            for chunk in response.iter_bytes():
                sink.write(chunk)
                written += len(chunk)
        return written

