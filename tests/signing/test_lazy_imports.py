"""aiohttp stays out of offline signing processes, and pyHanko's online classes still work when
first used (the stand-ins load the real modules)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent("""
    import sys
    from desktop.signing.lazy_imports import defer_aiohttp
    assert defer_aiohttp()
    import pyhanko.sign.signers.pdf_signer, pyhanko.sign.validation, pyhanko.sign.validation.ades
    assert "aiohttp" not in sys.modules, "aiohttp imported by pyHanko despite the stand-ins"
    from pyhanko.sign.timestamps import HTTPTimeStamper
    stamper = HTTPTimeStamper("http://127.0.0.1:9/tsa", timeout=1)
    assert type(stamper).__module__ == "pyhanko.sign.timestamps.aiohttp_client"
    assert not getattr(type(stamper), "__yucai_deferred__", False) and "aiohttp" in sys.modules
    import pyhanko.sign.timestamps as ts
    assert ts.HTTPTimeStamper is type(stamper)
    from pyhanko_certvalidator.fetchers import _default_fetcher_backend
    backend = _default_fetcher_backend()
    assert type(backend).__name__ == "AIOHttpFetcherBackend"
    assert not getattr(type(backend), "__yucai_deferred__", False)
    assert defer_aiohttp() is False
    print("ok")
""")


def test_stand_ins_defer_and_then_load_the_real_modules() -> None:
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_too_late_is_a_no_op() -> None:
    code = ("import pyhanko.sign\n"
            "from desktop.signing.lazy_imports import defer_aiohttp\nprint(defer_aiohttp())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "False", done.stderr
