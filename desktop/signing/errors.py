"""The signing layer's error taxonomy.

pyHanko (and PDF parsing) exceptions are converted into this tree at the boundary of
``desktop.signing`` (``sign.py``, ``verify.py``, ``pdfinput.py``) and nowhere else. Key-layer
errors raised by a :class:`~desktop.signing.api.SigningKey` (wrong PIN, key removed ...) are
already ``YucaiError`` values and pass through unchanged.

Tree::

    SigningError (YucaiError)
     ├── InputFileError            input_unreadable      (missing, unreadable)
     │    ├── NotAPdf              not_a_pdf             (empty file, no %PDF header)
     │    ├── CorruptPdf           pdf_corrupt           (truncated, broken xref ...)
     │    └── EncryptedPdf         pdf_encrypted
     ├── PageOutOfRange            page_out_of_range
     ├── AlreadySigned             already_signed        (this certificate signed it already)
     ├── DocumentLocked            document_locked       (a certification signature forbids changes)
     │    └── NewFieldNotAllowed   new_field_not_allowed (certified for form filling: sign a given field)
     ├── FieldUnavailable          field_unavailable     (no such empty signature field)
     ├── UnsupportedKey            key_unsupported       (SM2 and other algorithms pyHanko lacks)
     ├── SealImageError            seal_image_invalid
     ├── TimestampFailed           timestamp_failed      (TSA unreachable or bad answer)
     ├── OutputWriteError          output_unwritable     (disk full, no permission ...)
     │    └── SameInputAndOutput   output_is_input
     ├── TrustRootError            trust_root_invalid    (a --trust file that is no certificate)
     └── SignatureFailed           signing_failed        (anything else pyHanko refused)
"""

from __future__ import annotations

import errno

from desktop.domain.errors import YucaiError


class SigningError(YucaiError):
    """Root of every failure of the signing layer."""

    code = "signing_failed"


class InputFileError(SigningError):
    code = "input_unreadable"

    def __init__(self, path: str, reason_zh: str = "无法读取", reason_en: str = "cannot be read") -> None:
        super().__init__(f"文件“{path}”{reason_zh}", f"file {path} {reason_en}")
        self.path = path


class NotAPdf(InputFileError):
    code = "not_a_pdf"

    def __init__(self, path: str, empty: bool = False) -> None:
        if empty:
            super().__init__(path, "是空文件，不是 PDF", "is empty, not a PDF")
        else:
            super().__init__(path, "不是 PDF 文件", "is not a PDF file")


class CorruptPdf(InputFileError):
    code = "pdf_corrupt"

    def __init__(self, path: str, detail: str = "") -> None:
        suffix = f"：{detail}" if detail else ""
        super().__init__(path, f"已损坏或不完整（可能下载未完成）{suffix}",
                         f"is damaged or truncated{': ' + detail if detail else ''}")
        self.detail = detail


class EncryptedPdf(InputFileError):
    code = "pdf_encrypted"

    def __init__(self, path: str) -> None:
        super().__init__(path, "已加密，无法签章或验证，请使用未加密的合同文件",
                         "is encrypted; signing and verifying encrypted PDFs is not supported")


class PageOutOfRange(SigningError):
    code = "page_out_of_range"

    def __init__(self, page: int, page_count: int) -> None:
        super().__init__(f"页码 {page} 超出范围（文件共 {page_count} 页）",
                         f"page {page} is out of range (the document has {page_count} pages)")
        self.page = page
        self.page_count = page_count


class AlreadySigned(SigningError):
    """The manual's rule 只能签章一次: one certificate signs one document once."""

    code = "already_signed"

    def __init__(self, field: str, signer: str) -> None:
        super().__init__(f"该证书（{signer}）已在此文件上签章（签名域“{field}”），每方只能签章一次",
                         f"this certificate ({signer}) already signed this document (field {field}); "
                         "each party signs only once")
        self.field = field
        self.signer = signer


class DocumentLocked(SigningError):
    """The author certified the document with "no changes allowed" (DocMDP level 1)."""

    code = "document_locked"

    def __init__(self, field: str) -> None:
        super().__init__(f"该文件已由签章“{field}”锁定，不允许再修改或签章，请向对方索取未锁定的合同文件",
                         f"the document is locked by the certification signature {field}: "
                         "no further changes or signatures are allowed")
        self.field = field


class NewFieldNotAllowed(DocumentLocked):
    """Certified with "form filling and signing" (DocMDP 2): only the existing empty signature
    fields may be signed; a new seal field would break the author's certification."""

    code = "new_field_not_allowed"

    def __init__(self, field: str, empty_fields: tuple[str, ...]) -> None:
        names = "、".join(empty_fields)
        SigningError.__init__(
            self,
            f"该文件已由签章“{field}”认证，只能在已有的空白签名域中签章" + (f"：{names}" if names else
                                                                  "，但文件中没有空白签名域"),
            f"the document is certified by {field}: sign one of its empty signature fields"
            + (f" ({', '.join(empty_fields)})" if empty_fields else " (it has none)"))
        self.field = field
        self.empty_fields = empty_fields


class FieldUnavailable(SigningError):
    code = "field_unavailable"

    def __init__(self, field: str) -> None:
        super().__init__(f"签名域“{field}”不存在或已经签章", f"no empty signature field named {field}")
        self.field = field


class UnsupportedKey(SigningError):
    code = "key_unsupported"

    def __init__(self, algorithm: str) -> None:
        super().__init__(f"暂不支持该证书的密钥算法（{algorithm}），目前仅支持 RSA 和 ECDSA",
                         f"key algorithm {algorithm} is not supported (RSA and ECDSA only)")
        self.algorithm = algorithm


class SealImageError(SigningError):
    code = "seal_image_invalid"

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(f"印章图片“{path}”无法使用{('：' + detail) if detail else ''}",
                         f"seal image {path} cannot be used{(': ' + detail) if detail else ''}")
        self.path = path


class TimestampFailed(SigningError):
    code = "timestamp_failed"

    def __init__(self, url: str, detail: str = "") -> None:
        super().__init__(f"时间戳服务器“{url}”无法使用{('：' + detail) if detail else ''}",
                         f"timestamp server {url} failed{(': ' + detail) if detail else ''}")
        self.url = url


class OutputWriteError(SigningError):
    code = "output_unwritable"

    def __init__(self, path: str, detail_zh: str = "", detail_en: str = "") -> None:
        super().__init__(f"无法写入输出文件“{path}”{('：' + detail_zh) if detail_zh else ''}",
                         f"cannot write output file {path}{(': ' + detail_en) if detail_en else ''}")
        self.path = path

    @classmethod
    def from_os_error(cls, path: str, exc: OSError) -> OutputWriteError:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return cls(path, "磁盘空间不足或超出文件大小限制", "disk full or file size limit exceeded")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return cls(path, "没有写入权限", "permission denied")
        if exc.errno == errno.ENOENT:
            return cls(path, "目标文件夹不存在", "the target folder does not exist")
        return cls(path, exc.strerror or type(exc).__name__, exc.strerror or type(exc).__name__)


class SameInputAndOutput(OutputWriteError):
    code = "output_is_input"

    def __init__(self, path: str) -> None:
        super().__init__(path, "输出文件不能与输入文件相同（原文件不会被修改）",
                         "the output must differ from the input (the input is never modified)")


class TrustRootError(SigningError):
    code = "trust_root_invalid"

    def __init__(self, path: str, detail: str = "") -> None:
        super().__init__(f"根证书文件“{path}”无法读取{('：' + detail) if detail else ''}",
                         f"trust root {path} cannot be read{(': ' + detail) if detail else ''}")
        self.path = path


class SignatureFailed(SigningError):
    """pyHanko refused for a reason we have no finer class for; keeps its words."""

    code = "signing_failed"

    def __init__(self, detail: str) -> None:
        super().__init__(f"签章失败：{detail}", f"signing failed: {detail}")
        self.detail = detail
