"""Blob files on disk, addressed by SHA-256; partial uploads resume at the byte the server holds."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class BlobFiles:
    def __init__(self, root: Path) -> None:
        self.root = root

    def final_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def partial_path(self, sha256: str) -> Path:
        return self.root / "partial" / f"{sha256}.part"

    def partial_size(self, sha256: str) -> int:
        path = self.partial_path(sha256)
        return path.stat().st_size if path.exists() else 0

    def append(self, sha256: str, offset: int, data: bytes) -> int:
        """Write ``data`` at ``offset`` (truncating anything after it); return the new size."""
        path = self.partial_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "r+b" if path.exists() else "wb") as f:
            f.truncate(offset)
            f.seek(offset)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        return offset + len(data)

    def finish(self, sha256: str) -> bool:
        """Verify the partial file; move it into place when its hash matches, else delete it."""
        path = self.partial_path(sha256)
        digest = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            path.unlink()
            return False
        final = self.final_path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, final)
        return True
