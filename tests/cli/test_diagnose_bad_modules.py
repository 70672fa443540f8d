"""`yucai diagnose` on module paths that are not usable PKCS#11 libraries: each becomes a
finding with a Chinese reason, exit code 1, and never a traceback."""

from __future__ import annotations

import ctypes.util
import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest


def run_diagnose(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "diagnose", *args], capture_output=True,
                          text=True, input=stdin, env={**os.environ, **(env or {})}, timeout=120)


def findings_of(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert "Traceback" not in result.stderr, result.stderr
    document = json.loads(result.stdout)
    return list(document["findings"])


def _pe_i386(path: Path) -> Path:
    header = bytearray(0x100)
    header[0:2] = b"MZ"
    struct.pack_into("<I", header, 0x3C, 0x80)
    header[0x80:0x84] = b"PE\0\0"
    struct.pack_into("<H", header, 0x84, 0x14C)  # IMAGE_FILE_MACHINE_I386
    path.write_bytes(bytes(header))
    return path


def _non_pkcs11_library() -> str:
    name = ctypes.util.find_library("z") or "libz.so.1"
    for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"):
        candidate = Path(folder) / name
        if candidate.exists():
            return str(candidate)
    pytest.skip("no libz on this machine")


@pytest.mark.parametrize("make", ["missing", "directory", "text", "pe32", "not_pkcs11"])
def test_bad_module_becomes_a_finding(tmp_path: Path, make: str) -> None:
    path = {
        "missing": lambda: str(tmp_path / "absent.so"),
        "directory": lambda: str(tmp_path),
        "text": lambda: (tmp_path / "readme.so").write_text("不是驱动") and str(tmp_path / "readme.so"),
        "pe32": lambda: str(_pe_i386(tmp_path / "gm3000_pkcs11.dll")),
        "not_pkcs11": _non_pkcs11_library,
    }[make]()
    result = run_diagnose("--module", path, "--json")
    assert result.returncode == 1, result.stderr
    findings = findings_of(result)
    codes = {f["code"] for f in findings}
    expected = "module_not_found" if make == "missing" else "module_load_failed"
    assert expected in codes
    finding = next(f for f in findings if f["code"] == expected)
    assert finding["module"] == path and finding["remedy"]
    if make == "pe32":
        assert "32" in str(finding["message"]) and "gm3000_pkcs11.dll" in str(finding["message"])


def test_text_report_is_chinese_and_names_the_remedy(tmp_path: Path) -> None:
    result = run_diagnose("--module", str(tmp_path / "absent.so"))
    assert result.returncode == 1
    assert "未找到可用的 key" in result.stdout and "处理办法" in result.stdout


def test_diagnose_loads_neither_qt_nor_pyhanko(tmp_path: Path) -> None:
    module = str(tmp_path / "x.so")
    code = (f"import sys; from desktop.__main__ import main; main(['diagnose', '--module', {module!r}, '--json']);"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyhanko')];"
            "sys.stderr.write('LOADED:' + ','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stderr.strip().endswith("LOADED:"), result.stderr


def test_pin_stdin_without_a_pin_is_a_clear_error(tmp_path: Path) -> None:
    result = run_diagnose("--module", str(tmp_path / "x.so"), "--pin-stdin", stdin="")
    assert result.returncode == 2
    assert "口令" in result.stderr and "PIN" in result.stderr and "Traceback" not in result.stderr
