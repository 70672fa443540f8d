"""Reading a PDF we are asked to sign or verify, with clear errors for bad files.

The whole file is read into memory once: the input is never opened for writing, and a file
changed by someone else while we sign cannot produce a mixed result. Contracts are small.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic, misc
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.signing.errors import CorruptPdf, EncryptedPdf, InputFileError, NotAPdf, PageOutOfRange
from desktop.signing.placement import PageGeometry, Rect

__all__ = ["PdfDocument", "open_pdf", "read_pdf_bytes"]

_HEADER_WINDOW = 1024  # the header may follow some junk (ISO 32000 implementation note)


def read_pdf_bytes(path: Path) -> bytes:
    """The file's bytes, or an error naming what is wrong with it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputFileError(str(path), "不存在", "does not exist") from exc
    except IsADirectoryError as exc:
        raise InputFileError(str(path), "是文件夹，不是文件", "is a folder") from exc
    except PermissionError as exc:
        raise InputFileError(str(path), "没有读取权限", "is not readable (permission denied)") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputFileError(str(path), f"无法读取：{reason}", f"cannot be read: {reason}") from exc
    if not data.strip():
        raise NotAPdf(str(path), empty=True)
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise NotAPdf(str(path))
    return data


def _box(value: Any) -> Rect | None:
    try:
        nums = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    if len(nums) != 4:
        return None
    return Rect.from_corners(*nums)


class PdfDocument:
    """A parsed, unencrypted PDF held in memory."""

    def __init__(self, path: Path, data: bytes, reader: PdfFileReader) -> None:
        self.path = path
        self.data = data
        self.reader = reader

    @property
    def page_count(self) -> int:
        try:
            return int(self.reader.root["/Pages"]["/Count"])
        except (KeyError, TypeError, ValueError, misc.PdfError) as exc:
            raise CorruptPdf(str(self.path), "页面目录损坏 (broken page tree)") from exc

    def page_geometry(self, page_index: int) -> PageGeometry:
        """Crop box and rotation of page ``page_index`` (0-based), inherited values resolved."""
        count = self.page_count
        if not 0 <= page_index < count:
            raise PageOutOfRange(page_index + 1, count)
        try:
            reader: Any = self.reader  # pyHanko leaves this helper unannotated
            page_ref, _ = reader.find_page_for_modification(page_index)
            node = page_ref.get_object()
            media = crop = rotate = None
            depth = 0
            while isinstance(node, generic.DictionaryObject) and depth < 64:
                if media is None and "/MediaBox" in node:
                    media = _box(node["/MediaBox"])
                if crop is None and "/CropBox" in node:
                    crop = _box(node["/CropBox"])
                if rotate is None and "/Rotate" in node:
                    rotate = int(node["/Rotate"])
                parent = node.get("/Parent")
                node = parent.get_object() if parent is not None else None
                depth += 1
        except (misc.PdfError, KeyError, TypeError, ValueError) as exc:
            raise CorruptPdf(str(self.path), f"第 {page_index + 1} 页无法读取 (page unreadable)") from exc
        media = media or Rect(0, 0, 612, 792)  # ISO 32000: MediaBox is required; Letter if absent
        try:
            return PageGeometry.from_boxes(media, crop, rotate or 0)
        except ValueError as exc:
            raise CorruptPdf(str(self.path), f"第 {page_index + 1} 页尺寸无效 (bad page box)") from exc


def open_pdf(path: Path, data: bytes | None = None) -> PdfDocument:
    """Read and parse ``path``; refuse encrypted, damaged and non-PDF files with a clear error."""
    data = read_pdf_bytes(path) if data is None else data
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            raise EncryptedPdf(str(path))
        reader.root  # noqa: B018 - the catalog must resolve
        _ = reader.root["/Pages"]
    except EncryptedPdf:
        raise
    except (misc.PdfError, KeyError, TypeError, ValueError, IndexError, AttributeError,
            RecursionError) as exc:
        raise CorruptPdf(str(path), _short(exc)) from exc
    return PdfDocument(path, data, reader)


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
