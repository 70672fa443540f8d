"""Keep aiohttp out of processes that never go online (a short `yucai sign` / `yucai verify`).

pyHanko 0.38 imports two aiohttp-based modules eagerly: its RFC 3161 client
(``pyhanko.sign.timestamps.aiohttp_client``, re-exported by ``pyhanko.sign.timestamps``) and
pyhanko-certvalidator's OCSP/CRL fetchers (``pyhanko_certvalidator.fetchers.aiohttp_fetchers``,
imported by ``pyhanko.sign.validation.ades``). Importing aiohttp and its dependencies costs about
80 ms, a fifth of a signing process, although signing offline and validating with fetching
disabled never touch them.

:func:`defer_aiohttp` registers stand-ins for exactly those two modules before pyHanko is
imported. Each stand-in class loads the real module the first time it is instantiated and
returns a real instance, so pyHanko's online features (a timestamp server, OCSP fetching)
still work, only loaded when first used. It does nothing once pyHanko or aiohttp is loaded.
The module names are pinned to pyHanko 0.38 / certvalidator 0.33; a version that drops them
just imports normally (the stand-ins are never consulted).
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from typing import Any

__all__ = ["DEFERRED_MODULES", "defer_aiohttp", "load_deferred"]

DEFERRED_MODULES: dict[str, tuple[str, ...]] = {
    "pyhanko.sign.timestamps.aiohttp_client": ("HTTPTimeStamper", "AIOHttpTimeStamper"),
    "pyhanko_certvalidator.fetchers.aiohttp_fetchers": ("AIOHttpFetcherBackend",),
}
DEFERRED_MODULES_LOAD_ORDER = ("pyhanko_certvalidator.fetchers.aiohttp_fetchers",
                               "pyhanko.sign.timestamps.aiohttp_client")
_MARK = "__yucai_deferred__"
_LOCK = threading.RLock()


def _is_stand_in(module: object) -> bool:
    return bool(getattr(module, _MARK, False))


def load_deferred(name: str) -> types.ModuleType:
    """The real module ``name``. All deferred modules are loaded together, certvalidator's
    fetchers first (pyHanko's timestamp client imports them)."""
    with _LOCK:
        for deferred in DEFERRED_MODULES_LOAD_ORDER:
            _load_real(deferred)
        return sys.modules[name]


def _load_real(name: str) -> None:
    current = sys.modules.get(name)
    if current is not None and not _is_stand_in(current):
        return
    sys.modules.pop(name, None)
    try:
        real = importlib.import_module(name)
    except BaseException:
        if current is not None:
            sys.modules[name] = current
        raise
    parent_name, _, child = name.rpartition(".")
    parent = sys.modules.get(parent_name)
    if parent is not None:
        setattr(parent, child, real)
        for attr in DEFERRED_MODULES.get(name, ()):  # re-exports, e.g. timestamps.HTTPTimeStamper
            if _is_stand_in_class(getattr(parent, attr, None)):
                setattr(parent, attr, getattr(real, attr))


def _is_stand_in_class(value: object) -> bool:
    return isinstance(value, type) and bool(getattr(value, _MARK, False))


def _stand_in_class(module_name: str, class_name: str) -> type:
    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(load_deferred(module_name), class_name)(*args, **kwargs)

    return type(class_name, (), {
        "__new__": __new__, "__module__": module_name, _MARK: True,
        "__doc__": f"Stand-in for {module_name}.{class_name}; loads the real class when used.",
    })


def defer_aiohttp() -> bool:
    """Register the stand-ins; True when they are in place (False: too late or not needed)."""
    with _LOCK:
        if "aiohttp" in sys.modules or "pyhanko.sign" in sys.modules:
            return False
        if any(name in sys.modules for name in DEFERRED_MODULES):
            return all(_is_stand_in(sys.modules.get(name)) for name in DEFERRED_MODULES)
        for name, classes in DEFERRED_MODULES.items():
            stand_in = types.ModuleType(name, "Stand-in registered by desktop.signing.lazy_imports.")
            setattr(stand_in, _MARK, True)
            stand_in.__all__ = list(classes)  # type: ignore[attr-defined]
            for class_name in classes:
                setattr(stand_in, class_name, _stand_in_class(name, class_name))
            sys.modules[name] = stand_in
        return True
