"""The one place where python-pkcs11 exceptions become ``TokenError``s.

Most specific class first; the original exception is chained as ``__cause__`` by callers
(``raise convert(exc, path) from exc``).
"""

from __future__ import annotations

import re

import pkcs11.exceptions as p11

from desktop.domain.errors import UserCancelled, YucaiError
from desktop.token import errors as te

_UNMAPPED = re.compile(r"Unmapped error code (0x[0-9a-fA-F]+)")

_REMOVED = (p11.DeviceRemoved, p11.TokenNotPresent, p11.SessionHandleInvalid, p11.SessionClosed,
            p11.SlotIDInvalid)
_MECHANISM = (p11.MechanismInvalid, p11.MechanismParamInvalid, p11.KeyTypeInconsistent,
              p11.FunctionNotSupported)


def convert(exc: BaseException, module: str, *, mechanism: str = "") -> YucaiError:
    """Map a python-pkcs11 (or OS) exception raised while talking to ``module``."""
    if isinstance(exc, YucaiError):
        return exc
    if isinstance(exc, p11.PinIncorrect):
        return te.PinIncorrect()
    if isinstance(exc, p11.PinLocked):
        return te.PinLocked()
    if isinstance(exc, p11.PinLenRange | p11.PinInvalid):
        return te.PinInvalid()
    if isinstance(exc, p11.UserPinNotInitialized | p11.TokenNotRecognised):
        return te.TokenNotInitialized()
    if isinstance(exc, _REMOVED):
        return te.TokenRemoved()
    if isinstance(exc, _MECHANISM):
        return te.MechanismUnsupported(mechanism or type(exc).__name__)
    if isinstance(exc, p11.UserAlreadyLoggedIn):
        return te.KeyInUse()
    if isinstance(exc, p11.NoSuchToken):
        return te.NoToken()
    if isinstance(exc, p11.FunctionCancelled):
        return UserCancelled()
    if isinstance(exc, p11.PKCS11Error):
        text = str(exc)
        match = _UNMAPPED.search(text)
        if match:
            return te.VendorError(match.group(1).lower(), module, text)
        if text.startswith("OS exception while loading"):
            from desktop.token.modules import explain_load_error

            return explain_load_error(module, text)
        return te.TokenFailure(f"{type(exc).__name__} {text}".strip(), module)
    if isinstance(exc, OSError):
        return te.TokenFailure(f"{type(exc).__name__}: {exc}", module)
    return te.TokenFailure(f"{type(exc).__name__}: {exc}", module)
