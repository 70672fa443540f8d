"""Write a file all-or-nothing: a temporary file in the target folder, fsync, rename.

A reader of the target path sees either the old file (or none) or the complete new one; a
failure at any point (exception, cancel, disk full) removes the temporary file. The rename
stays in one folder, hence one file system, so it is atomic on POSIX and on NTFS
(``os.replace``).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from desktop.signing.errors import OutputWriteError, SameInputAndOutput

__all__ = ["atomic_output", "check_output_path"]

_FILE_MODE = 0o644


def check_output_path(output: Path, input_path: Path | None = None) -> Path:
    """The absolute output path, refusing the input itself and a missing target folder."""
    out = output.expanduser().absolute()
    if input_path is not None:
        src = input_path.expanduser().absolute()
        same = out == src
        if not same and out.exists():
            with contextlib.suppress(OSError):
                same = os.path.samefile(out, src)
        if same:
            raise SameInputAndOutput(str(output))
    if out.is_dir():
        raise OutputWriteError(str(output), "这是一个文件夹", "it is a folder")
    if not out.parent.is_dir():
        raise OutputWriteError(str(output), "目标文件夹不存在", "the target folder does not exist")
    return out


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; NTFS journals the rename
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[BinaryIO]:
    """Yield a binary file; on normal exit it replaces ``target``, on an exception it vanishes."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise OutputWriteError.from_os_error(str(target), exc) from exc
    tmp = Path(tmp_name)
    ok = False
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                yield handle
                handle.flush()
                os.fsync(handle.fileno())
            if os.name == "posix":
                os.chmod(tmp, _FILE_MODE)  # mkstemp makes 0600; a signed contract is a normal file
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputWriteError.from_os_error(str(target), exc) from exc
        ok = True
        _fsync_dir(target.parent)
    finally:
        if not ok:
            with contextlib.suppress(OSError):
                tmp.unlink()
