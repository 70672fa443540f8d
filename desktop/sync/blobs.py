"""Blob transfer by SHA-256: resumable upload and download, verified on arrival."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from desktop.domain.protocol import BLOB_CHUNK_SIZE
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError, SyncErrorKind


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_blob(api: ApiClient, path: Path, chunk_size: int = BLOB_CHUNK_SIZE) -> str:
    """Upload ``path``, continuing from whatever the server already holds; return its SHA-256."""
    sha256, size = file_sha256(path), path.stat().st_size
    status = api.blob_announce(sha256, size)
    with open(path, "rb") as f:
        while not status.complete:
            f.seek(status.received)
            data = f.read(chunk_size)
            if not data and status.received < size:
                raise SyncError(SyncErrorKind.PROTOCOL, "本地文件在上传过程中被改动", "local file shrank")
            try:
                status = api.blob_put(sha256, status.received, data)
            except SyncError as exc:
                if exc.code != "blob_offset_conflict":
                    raise
                status = api.blob_status(sha256)  # resume where the server says it is
    return sha256


def download_blob(api: ApiClient, sha256: str, dest: Path) -> Path:
    """Download into ``dest`` (resuming ``dest.part``), verify the SHA-256, then move into place."""
    partial = dest.with_name(dest.name + ".part")
    offset = partial.stat().st_size if partial.exists() else 0
    with open(partial, "ab") as sink:
        api.blob_download(sha256, offset, sink)
        sink.flush()
        os.fsync(sink.fileno())
    if file_sha256(partial) != sha256:
        partial.unlink()
        raise SyncError(SyncErrorKind.PROTOCOL, "下载的文件校验失败（SHA-256 不符），请重试",
                        "downloaded bytes do not match the SHA-256", code="blob_corrupt")
    os.replace(partial, dest)
    return dest
