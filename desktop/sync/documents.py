"""Contract PDFs between this computer and the server, by SHA-256 (issue 6).

:meth:`ContractDocuments.upload` puts a local file on the server before the command that names it
is pushed: announce, then chunks from wherever the server says it is (an upload cut off by the
network continues there on the next sync), each chunk reported as progress. The file is hashed
first, so a damaged local copy is never sent. :meth:`ContractDocuments.fetch` returns the local
copy of a document, downloading it (resuming a ``.part`` file, verified before it is moved into
place) when it is not here yet: what 【查看】 and 【签章】 open, and what a supplier signs offline.

Failures are :class:`SyncError` (try again later) or :class:`BlobRefused`: the server, or this
computer, can never accept this file, and the command naming it is refused with that reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from desktop.domain.protocol import BLOB_CHUNK_SIZE
from desktop.store.blobfiles import BlobFiles
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError, SyncErrorKind

ByteProgress = Callable[[int, int | None], None]
"""(bytes so far, total bytes or None when unknown)."""

PERMANENT_BLOB_CODES = frozenset({"blob_other_unit", "blob_too_large", "blob_size_conflict", "blob_id_invalid",
                                  "blob_overflow"})
"""Server answers about a blob that no retry can change."""


class BlobRefused(SyncError):
    """This file can never be uploaded (gone from this computer, damaged, refused by the server)."""

    def __init__(self, code: str, message: str, message_en: str = "") -> None:
        super().__init__(SyncErrorKind.REJECTED, message, message_en, code=code)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class _CountingSink:
    def __init__(self, sink: BinaryIO, start: int, progress: ByteProgress | None) -> None:
        self.sink, self.done, self.progress = sink, start, progress

    def write(self, data: bytes) -> int:
        written = self.sink.write(data)
        self.done += len(data)
        if self.progress is not None:
            self.progress(self.done, None)
        return written


class ContractDocuments:
    def __init__(self, api: ApiClient, files: BlobFiles, clock: Callable[[], dt.datetime],
                 chunk_size: int = BLOB_CHUNK_SIZE) -> None:
        self.api = api
        self.files = files
        self.clock = clock
        self.chunk_size = chunk_size

    def local_path(self, sha256: str) -> Path | None:
        return self.files.local_path(sha256)

    def needs_upload(self, sha256: str) -> int:
        """Bytes still to upload for ``sha256`` as far as this computer knows (0: the server has it)."""
        blob = self.files.get(sha256)
        return 0 if blob is None or blob.uploaded else blob.size

    # --- upload ---------------------------------------------------------------------------

    def upload(self, sha256: str, progress: ByteProgress | None = None) -> None:
        """Make sure the server holds ``sha256`` completely; raises :class:`BlobRefused` or SyncError."""
        blob = self.files.get(sha256)
        if blob is not None and blob.uploaded:
            return
        path = self.files.local_path(sha256)
        if path is None:
            self._upload_without_file(sha256)
            return
        if _sha256_of(path) != sha256:
            raise BlobRefused("local_file_corrupt", "本机保存的合同文件已损坏（SHA-256 不符），请重新办理该操作",
                              "the local copy no longer matches its SHA-256")
        size = path.stat().st_size
        if blob is None:
            self.files.blobs.add(sha256, size, str(path), self.clock())
        try:
            status = self.api.blob_announce(sha256, size)
        except SyncError as exc:
            raise self._refusal(exc) from exc
        with open(path, "rb") as f:
            while not status.complete:
                if progress is not None:
                    progress(status.received, size)
                f.seek(status.received)
                data = f.read(self.chunk_size)
                if not data:
                    raise SyncError(SyncErrorKind.PROTOCOL, "本地文件在上传过程中被改动", "local file shrank")
                try:
                    status = self.api.blob_put(sha256, status.received, data)
                except SyncError as exc:
                    if exc.code != "blob_offset_conflict":
                        raise self._refusal(exc) from exc
                    status = self.api.blob_status(sha256)  # continue where the server says it is
        if progress is not None:
            progress(size, size)
        self.files.blobs.mark_uploaded(sha256)

    def _upload_without_file(self, sha256: str) -> None:
        """No local copy: fine if the server has the file already, refused otherwise."""
        try:
            status = self.api.blob_status(sha256)
        except SyncError as exc:
            if exc.retryable or exc.code == "session_missing":
                raise
            status = None
        if status is None or not status.complete:
            raise BlobRefused("local_file_missing", "本机找不到要上传的合同文件（可能已被删除），请重新办理该操作",
                              f"the file {sha256[:12]}… to upload is missing on this computer")

    @staticmethod
    def _refusal(exc: SyncError) -> SyncError:
        if exc.code in PERMANENT_BLOB_CODES or exc.kind is SyncErrorKind.REJECTED:
            return BlobRefused(exc.code, exc.message, exc.message_en)
        return exc

    # --- download -------------------------------------------------------------------------

    def fetch(self, sha256: str, progress: ByteProgress | None = None) -> Path:
        """The local copy of ``sha256``, downloaded first if needed (resumable, verified)."""
        here = self.files.local_path(sha256)
        if here is not None:
            return here
        dest = self.files.path_for(sha256)
        dest.parent.mkdir(parents=True, exist_ok=True)
        partial = dest.with_name(dest.name + ".part")
        offset = partial.stat().st_size if partial.exists() else 0
        try:
            with open(partial, "ab") as sink:
                self.api.blob_download(sha256, offset, _CountingSink(sink, offset, progress))
                sink.flush()
                os.fsync(sink.fileno())
        except SyncError as exc:
            if exc.code == "sync_protocol" and offset:  # the server ignored the Range: start again
                partial.unlink(missing_ok=True)
            raise
        if _sha256_of(partial) != sha256:
            partial.unlink()
            raise SyncError(SyncErrorKind.PROTOCOL, "下载的合同文件校验失败（SHA-256 不符），请重试",
                            "downloaded bytes do not match the SHA-256", code="blob_corrupt")
        os.replace(partial, dest)
        self.files.register_download(sha256, dest, self.clock())
        return dest
