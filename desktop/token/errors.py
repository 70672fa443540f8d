"""The key layer's error taxonomy.

python-pkcs11 exceptions are converted into this tree at the boundary (``service.py``) and
nowhere else; callers branch on the class or on ``code``, never on message text. The codes
are the diagnosis codes of ``diagnosis.py`` where one applies.

Tree::

    TokenError (YucaiError)
     ├── ModuleNotFound          module_not_found
     ├── ModuleLoadFailed        module_load_failed    (path, reason; wrong bitness named)
     ├── NoToken                 no_token
     ├── TokenRemoved            token_removed         (pulled out mid-operation)
     ├── TokenNotInitialized     token_not_initialized
     ├── PinIncorrect            pin_incorrect         (count_low, final_try, tries_left)
     ├── PinLocked               pin_locked
     ├── PinInvalid              pin_invalid           (wrong length / characters)
     ├── KeyNotFound             no_private_key
     ├── MechanismUnsupported    mechanism_unsupported
     ├── VendorError             vendor_error          (raw hex code, module)
     └── TokenFailure            unknown
"""

from __future__ import annotations

from desktop.domain.errors import YucaiError


class TokenError(YucaiError):
    """Root of every failure of the key layer."""

    code = "unknown"


class ModuleNotFound(TokenError):
    code = "module_not_found"
    remedy = "请安装 CA 厂商提供的互认版驱动（华测 CA / 信安 CA）后重新插入 key。"

    def __init__(self, path: str = "") -> None:
        where = f"：{path}" if path else ""
        super().__init__(f"未找到证书驱动（PKCS#11 模块）{where}",
                         f"PKCS#11 module not found{': ' + path if path else ''}")
        self.path = path


class ModuleLoadFailed(TokenError):
    code = "module_load_failed"
    remedy = "请重新安装 CA 厂商提供的互认版驱动（64 位程序需 64 位驱动）。"

    def __init__(self, path: str, reason_zh: str, reason_en: str) -> None:
        super().__init__(f"证书驱动加载失败：{path}：{reason_zh}",
                         f"cannot load PKCS#11 module {path}: {reason_en}")
        self.path = path
        self.reason_zh = reason_zh
        self.reason_en = reason_en


class NoToken(TokenError):
    code = "no_token"
    remedy = "请插入 key，或换一个 USB 接口后再试。"

    def __init__(self, detail: str = "") -> None:
        super().__init__("未检测到 key，请插入 CA 锁" + (f"（{detail}）" if detail else ""),
                         "no token present" + (f" ({detail})" if detail else ""))


class TokenRemoved(TokenError):
    code = "token_removed"
    remedy = "请重新插入 key，然后重新操作。"

    def __init__(self) -> None:
        super().__init__("操作过程中 key 被拔出，请重新插入后再试",
                         "the token was removed during the operation")


class TokenNotInitialized(TokenError):
    code = "token_not_initialized"
    remedy = "请联系 CA 厂商确认 key 是否已发证。"

    def __init__(self, label: str = "") -> None:
        super().__init__(f"key{('“' + label + '”') if label else ''}未初始化或未发证",
                         "the token is not initialised")


class PinIncorrect(TokenError):
    code = "pin_incorrect"
    remedy = "请确认口令后再试；多次输错会锁定 key，忘记口令请联系 CA 厂商。"

    def __init__(self, *, count_low: bool = False, final_try: bool = False,
                 tries_left: int | None = None) -> None:
        if final_try:
            extra, extra_en = "，仅剩最后一次机会，再错将锁定 key", "; one try left before the key locks"
        elif tries_left is not None:
            extra, extra_en = f"，还可尝试 {tries_left} 次", f"; {tries_left} tries left"
        elif count_low:
            extra, extra_en = "，剩余尝试次数不多，请谨慎输入", "; few tries left"
        else:
            extra, extra_en = "", ""
        super().__init__(f"口令（PIN）错误{extra}", f"incorrect PIN{extra_en}")
        self.count_low = count_low
        self.final_try = final_try
        self.tries_left = tries_left


class PinLocked(TokenError):
    code = "pin_locked"
    remedy = "请携带 key 联系发锁的 CA 厂商解锁口令，不要再尝试输入。"

    def __init__(self) -> None:
        super().__init__("口令（PIN）已锁定，请联系 CA 厂商解锁", "the PIN is locked")


class PinInvalid(TokenError):
    code = "pin_invalid"

    def __init__(self) -> None:
        super().__init__("口令（PIN）长度或格式不符合 key 的要求", "PIN has an invalid length or format")


class KeyInUse(TokenError):
    """The token is already logged in (PKCS#11 logs in per application, not per session): another
    operation of this program still holds the key open."""

    code = "key_in_use"
    remedy = "请先完成或关闭正在使用该 key 的操作（如签章、绑定窗口）后再试；仍不行时拔出 key 重新插入。"

    def __init__(self) -> None:
        super().__init__("该 key 正被本程序的另一项操作使用", "the key is in use by another operation of this program")


class KeyNotFound(TokenError):
    code = "no_private_key"

    def __init__(self, key_id: str) -> None:
        super().__init__(f"key 中没有与证书（ID {key_id}）对应的私钥",
                         f"no private key with CKA_ID {key_id}")
        self.key_id = key_id


class MechanismUnsupported(TokenError):
    code = "mechanism_unsupported"

    def __init__(self, mechanism: str) -> None:
        super().__init__(f"key 不支持所需的签名算法（{mechanism}）",
                         f"the token does not support mechanism {mechanism}")
        self.mechanism = mechanism


class VendorError(TokenError):
    code = "vendor_error"
    remedy = "请把错误码和驱动名称告诉 CA 厂商客服；也可重新安装互认版驱动后再试。"

    def __init__(self, raw_code: str, module: str, detail: str = "") -> None:
        super().__init__(f"证书驱动返回厂商错误码 {raw_code}（{module}）",
                         f"vendor error {raw_code} from {module}" + (f": {detail}" if detail else ""))
        self.raw_code = raw_code
        self.module = module


class TokenFailure(TokenError):
    """Any other failure reported by the module; keeps the module's own words."""

    code = "unknown"

    def __init__(self, detail: str, module: str = "") -> None:
        super().__init__(f"读取 key 失败：{detail}", f"token failure: {detail}")
        self.detail = detail
        self.module = module
