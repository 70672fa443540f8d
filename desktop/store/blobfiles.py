"""Local PDFs addressed by SHA-256, next to the database: what the user added or signed (to
upload) and what was downloaded (to view or sign offline).

``<folder>/ab/<sha256>.pdf``; every file arrives by temporary file + fsync + rename in the same
folder, so a reader sees either no file or the whole verified one. A file is registered in the
``blobs`` table (size, path, whether the server holds it) only after it is in place. Files are
immutable: importing bytes that are already here changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.store.database import Store
from desktop.store.errors import StoreError
from desktop.store.repositories import Blobs, LocalBlob


def default_folder(store: Store) -> Path:
    return store.path.with_name(store.path.stem + "-files")


class BlobFileError(StoreError):
    code = "local_file_error"


@contextlib.contextmanager
def _atomic(target: Path) -> Iterator[BinaryIO]:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(name)
    done = False
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        done = True
    finally:
        if not done:
            with contextlib.suppress(OSError):
                tmp.unlink()


class BlobFiles:
    """The profile's content-addressed file folder and its ``blobs`` rows."""

    def __init__(self, store: Store, folder: Path | None = None) -> None:
        self.folder = folder or default_folder(store)
        self.blobs = Blobs(store)

    def path_for(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.pdf"

    def staging_path(self, name: str = "signed") -> Path:
        """A fresh path in the folder's staging area (a signer writes its output there; then
        :meth:`adopt`). Same file system as the final place, so adopting is a rename."""
        staging = self.folder / "staging"
        staging.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{name}-", suffix=".pdf", dir=staging)
        os.close(fd)
        os.unlink(tmp)
        return Path(tmp)

    def local_path(self, sha256: str) -> Path | None:
        """The file when it is here, complete (its size matches the registered one)."""
        path = self.path_for(sha256)
        try:
            size = path.stat().st_size
        except OSError:
            return None
        known = self.blobs.get(sha256)
        if known is not None and known.size != size:
            return None
        return path

    def get(self, sha256: str) -> LocalBlob | None:
        return self.blobs.get(sha256)

    def import_bytes(self, data: bytes, now: dt.datetime, *, uploaded: bool = False) -> LocalBlob:
        sha256 = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha256)
        if not self._complete(target, len(data)):
            try:
                with _atomic(target) as handle:
                    handle.write(data)
            except OSError as exc:
                raise BlobFileError(f"无法保存合同文件：{exc.strerror or exc}", f"cannot store file: {exc}") from exc
        self.blobs.add(sha256, len(data), str(target), now, uploaded=uploaded)
        return LocalBlob(sha256, len(data), str(target), uploaded)

    def import_file(self, source: Path, now: dt.datetime) -> LocalBlob:
        """Copy ``source`` in (the original is left alone)."""
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise BlobFileError(f"无法读取文件“{source}”：{exc.strerror or exc}", f"cannot read {source}: {exc}") \
                from exc
        return self.import_bytes(data, now)

    def adopt(self, path: Path, now: dt.datetime, *, expected_sha256: str | None = None) -> LocalBlob:
        """Move a finished file (e.g. the signer's output in :meth:`staging_path`) into place."""
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        sha256 = digest.hexdigest()
        if expected_sha256 is not None and sha256 != expected_sha256:
            raise BlobFileError("签章后的文件在保存前被改动，请重新签章", "signed file changed before it was stored")
        size = path.stat().st_size
        target = self.path_for(sha256)
        if self._complete(target, size):
            path.unlink()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
            os.replace(path, target)
        self.blobs.add(sha256, size, str(target), now)
        return LocalBlob(sha256, size, str(target), False)

    def register_download(self, sha256: str, path: Path, now: dt.datetime) -> LocalBlob:
        """A verified download now at :meth:`path_for` (the server holds it by definition)."""
        size = path.stat().st_size
        self.blobs.add(sha256, size, str(path), now, uploaded=True)
        return LocalBlob(sha256, size, str(path), True)

    @staticmethod
    def _complete(path: Path, size: int) -> bool:
        try:
            return path.stat().st_size == size
        except OSError:
            return False
