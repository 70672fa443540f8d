"""Blobs (signed PDFs): announce, upload in resumable chunks, download with Range.

A blob belongs to the unit of the account that announced it: only that unit's accounts may
continue its upload. Reading (status, download) is also open to the parties of an online contract
whose document it is (the upload, the purchaser-signed or the doubly signed PDF): its purchaser,
and its supplier once the contract is visible to it (after the purchaser signed). Everyone else
gets 403 ``blob_other_unit``: knowing a SHA-256 grants nothing.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse
from sqlalchemy.orm import Session

from desktop.domain.protocol import BlobStatus, BlobUpload, is_sha256_hex
from server_stub.deps import ApiError, Caller, CurrentCaller, DbSession, State
from server_stub.models import Account, Blob
from server_stub.services.blobs import BlobFiles
from server_stub.services.contracts import contract_party_may_read

router = APIRouter(prefix="/blobs", tags=["blobs"])
MAX_BLOB_SIZE = 200 * 1024 * 1024


def _status(blob: Blob) -> BlobStatus:
    return BlobStatus(sha256=blob.sha256, size=blob.size, received=blob.received, complete=blob.complete)


def _check_sha(sha256: str) -> None:
    if not is_sha256_hex(sha256):
        raise ApiError(400, "blob_id_invalid", "文件编号不是 SHA-256", "blob id must be lower-case SHA-256 hex")


def _owned(session: Session, blob: Blob, caller: Caller) -> bool:
    owner = session.get(Account, blob.account_id)
    return owner is not None and owner.unit_id == caller.unit_id


def _readable(session: Session, blob: Blob, caller: Caller) -> bool:
    return _owned(session, blob, caller) or (blob.complete and contract_party_may_read(session, blob.sha256,
                                                                                        caller.unit_id))


def _other_unit() -> ApiError:
    return ApiError(403, "blob_other_unit", "该文件由其他单位上传，无权访问", "the blob belongs to another unit")


def _blob(session: Session, sha256: str, caller: Caller, *, write: bool = False) -> Blob:
    _check_sha(sha256)
    blob = session.get(Blob, sha256)
    if blob is None:
        raise ApiError(404, "blob_unknown", "服务器上没有这个文件", "unknown blob")
    if not (_owned(session, blob, caller) if write else _readable(session, blob, caller)):
        raise _other_unit()
    return blob


@router.post("")
def announce(upload: BlobUpload, caller: CurrentCaller, state: State, session: DbSession) -> BlobStatus:
    _check_sha(upload.sha256)
    if not 0 <= upload.size <= MAX_BLOB_SIZE:
        raise ApiError(413, "blob_too_large", "文件过大", "blob too large")
    blob = session.get(Blob, upload.sha256)
    if blob is None:
        blob = Blob(sha256=upload.sha256, size=upload.size, received=0, complete=False,
                    account_id=caller.account_id, created_at=state.settings.clock())
        session.add(blob)
    elif not _owned(session, blob, caller):
        if blob.complete and blob.size == upload.size and _readable(session, blob, caller):
            status = _status(blob)  # a contract document the caller already may read: nothing to upload
            session.rollback()
            return status
        raise _other_unit()
    if blob.size != upload.size:
        raise ApiError(409, "blob_size_conflict", "文件大小与已登记的不一致", "size differs from the announced one")
    files = BlobFiles(state.settings.resolved_blob_dir())
    if not blob.complete:
        blob.received = min(blob.received, files.partial_size(upload.sha256))
        if blob.size == 0:
            blob.received = files.append(upload.sha256, 0, b"")
            blob.complete = files.finish(upload.sha256)
    session.commit()
    return _status(blob)


@router.get("/{sha256}/status")
def status(sha256: str, caller: CurrentCaller, session: DbSession) -> BlobStatus:
    return _status(_blob(session, sha256, caller))


@router.put("/{sha256}/data")
async def upload(sha256: str, request: Request, caller: CurrentCaller, state: State, session: DbSession,
                 offset: Annotated[int, Query(ge=0)]) -> BlobStatus:
    data = await request.body()
    blob = _blob(session, sha256, caller, write=True)
    if blob.complete:
        return _status(blob)
    if offset != blob.received:
        raise ApiError(409, "blob_offset_conflict", "上传位置与服务器不一致，请从服务器已收到的位置继续",
                       f"offset {offset} but the server holds {blob.received} bytes")
    if offset + len(data) > blob.size:
        raise ApiError(400, "blob_overflow", "上传的数据超过了文件大小", "more bytes than the announced size")
    files = BlobFiles(state.settings.resolved_blob_dir())
    blob.received = files.append(sha256, offset, data)
    if blob.received == blob.size:
        if not files.finish(sha256):
            blob.received = 0
            session.commit()
            raise ApiError(422, "blob_corrupt", "文件校验失败（SHA-256 不符），请重新上传",
                           "uploaded bytes do not match the SHA-256")
        blob.complete = True
    session.commit()
    return _status(blob)


@router.get("/{sha256}", response_class=FileResponse)
def download(sha256: str, caller: CurrentCaller, state: State, session: DbSession) -> FileResponse:
    blob = _blob(session, sha256, caller)
    if not blob.complete:
        raise ApiError(409, "blob_incomplete", "文件尚未上传完整", "blob upload not complete")
    path = BlobFiles(state.settings.resolved_blob_dir()).final_path(sha256)
    return FileResponse(path, media_type="application/octet-stream")
