"""desktop.token.modules: where modules are looked for, and files refused before loading.

Every file here is real (made in tmp_path, or a library of this machine); nothing is mocked.
"""

from __future__ import annotations

import ctypes.util
import os
import platform
import struct
from pathlib import Path

import pytest

from desktop.config import TokenSettings
from desktop.token.errors import ModuleLoadFailed, ModuleNotFound
from desktop.token.modules import (
    KNOWN_MODULES,
    ModuleCandidate,
    candidate_modules,
    check_module_file,
    explain_load_error,
    process_bits,
    read_binary_format,
    vendor_of,
)

X86_64 = platform.machine().lower() in ("x86_64", "amd64") and process_bits() == 64
needs_x86_64 = pytest.mark.skipif(not X86_64, reason="the expectations name a 64-bit x86 process")

IMAGE_FILE_DLL = 0x2000


# --- crafted headers ----------------------------------------------------------------------------

def pe_bytes(machine: int, *, dll: bool = True, e_lfanew: int = 0x80, signature: bytes = b"PE\0\0") -> bytes:
    """A minimal PE image: DOS header, e_lfanew, "PE\\0\\0", COFF header (Machine, Characteristics)
    and the optional header's magic."""
    data = bytearray(e_lfanew + 0x80)
    data[0:2] = b"MZ"
    struct.pack_into("<I", data, 0x3C, e_lfanew)
    data[e_lfanew:e_lfanew + 4] = signature
    struct.pack_into("<H", data, e_lfanew + 4, machine)
    struct.pack_into("<H", data, e_lfanew + 22, 0x0102 | (IMAGE_FILE_DLL if dll else 0))
    struct.pack_into("<H", data, e_lfanew + 24, 0x20B if machine in (0x8664, 0xAA64) else 0x10B)
    return bytes(data)


def elf_bytes(bits: int, machine: int, *, e_type: int = 3) -> bytes:
    """e_ident (class, little-endian, version 1), then e_type and e_machine."""
    ident = b"\x7fELF" + bytes([1 if bits == 32 else 2, 1, 1]) + bytes(9)
    return ident + struct.pack("<HHI", e_type, machine, 1) + bytes(40)


def macho_bytes(cputype: int, filetype: int = 6) -> bytes:
    return b"\xcf\xfa\xed\xfe" + struct.pack("<iiiIII", cputype, 3, filetype, 0, 0, 0) + bytes(16)


def write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return str(path)


def non_pkcs11_library() -> str:
    name = ctypes.util.find_library("z") or "libz.so.1"
    for folder in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib"):
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    pytest.skip("no libz on this machine")


def softhsm_module() -> str:
    from desktop.demo.softhsm import SoftHsmUnavailable, find_module

    try:
        return find_module()
    except SoftHsmUnavailable:
        pytest.skip("SoftHSM2 is not installed")


def refused(path: str, **kwargs: str) -> ModuleLoadFailed:
    with pytest.raises(ModuleLoadFailed) as info:
        check_module_file(path, **kwargs)
    err = info.value
    assert err.path == path and err.reason_zh and err.reason_en
    assert err.code == "module_load_failed"
    return err


# --- check_module_file: not a library at all ---------------------------------------------------

def test_missing_file_is_module_not_found(tmp_path: Path) -> None:
    path = str(tmp_path / "absent_pkcs11.so")
    with pytest.raises(ModuleNotFound) as info:
        check_module_file(path)
    assert info.value.path == path and info.value.code == "module_not_found"


def test_directory_is_refused(tmp_path: Path) -> None:
    err = refused(str(tmp_path))
    assert "文件夹" in err.reason_zh and "directory" in err.reason_en


def test_empty_file_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "gm3000_pkcs11.dll", b""))
    assert "空文件" in err.reason_zh and "gm3000_pkcs11.dll" in err.reason_zh and "empty" in err.reason_en


def test_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "readme.so"
    path.write_text("这不是驱动，请到 CA 网站下载互认版驱动。\n", encoding="utf-8")
    err = refused(str(path))
    assert "不是动态链接库" in err.reason_zh and "文本文件" in err.reason_zh
    assert "not a shared library" in err.reason_en


def test_static_library_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "gm3000_pkcs11.lib", b"!<arch>\n/               0           0     "))
    assert "静态库" in err.reason_zh


def test_truncated_elf_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "cut.so", b"\x7fELF\x02\x01"))
    assert "不完整" in err.reason_zh


def test_elf_object_file_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "module.o", elf_bytes(64, 62, e_type=1)))
    assert "目标文件" in err.reason_zh


def test_dos_program_without_pe_signature_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "old.dll", pe_bytes(0x14C, signature=b"NE\0\0")), platform="win32")
    assert "DOS" in err.reason_zh


# --- check_module_file: a library for another bitness, processor or system ---------------------

@needs_x86_64
def test_32bit_dll_under_64bit_process_names_both_bitnesses(tmp_path: Path) -> None:
    path = write(tmp_path / "Windows" / "SysWOW64" / "gm3000_pkcs11.dll", pe_bytes(0x14C))
    err = refused(path, platform="win32")
    assert "gm3000_pkcs11.dll 是 32 位驱动" in err.reason_zh
    assert "当前程序为 64 位" in err.reason_zh
    assert "System32 下的 64 位驱动" in err.reason_zh
    assert "32-bit" in err.reason_en and "64-bit" in err.reason_en
    assert "PE32 i386" in err.reason_zh


@needs_x86_64
def test_64bit_dll_passes_on_windows(tmp_path: Path) -> None:
    path = write(tmp_path / "gm3000_pkcs11.dll", pe_bytes(0x8664))
    assert check_module_file(path, platform="win32") == "PE32+ x64"


@needs_x86_64
def test_pe_header_far_into_the_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "far.dll", pe_bytes(0x8664, e_lfanew=0x2400))
    assert check_module_file(path, platform="win32") == "PE32+ x64"


@needs_x86_64
def test_arm64_dll_is_the_wrong_processor(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "wdpkcs.dll", pe_bytes(0xAA64)), platform="win32")
    assert "ARM64" in err.reason_zh and "x86-64" in err.reason_zh


@needs_x86_64
def test_windows_program_is_not_a_dll(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "setup.dll", pe_bytes(0x8664, dll=False)), platform="win32")
    assert ".exe" in err.reason_zh


def test_windows_driver_on_linux_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "gm3000_pkcs11.dll", pe_bytes(0x14C))
    err = refused(path, platform="linux")
    assert "Windows 驱动" in err.reason_zh and "Linux" in err.reason_zh
    assert "32 位" in err.reason_zh and "gm3000_pkcs11.dll" in err.reason_zh


@needs_x86_64
def test_32bit_elf_is_refused_with_both_bitnesses(tmp_path: Path) -> None:
    path = write(tmp_path / "libgm3000_pkcs11.so", elf_bytes(32, 3))
    assert read_binary_format(path).description == "ELF 32-bit Intel 80386"
    err = refused(path, platform="linux")
    assert "libgm3000_pkcs11.so 是 32 位驱动" in err.reason_zh and "当前程序为 64 位" in err.reason_zh


@needs_x86_64
def test_elf_for_another_processor_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "libwdpkcs.so", elf_bytes(64, 183))
    err = refused(path, platform="linux")
    assert "ARM64" in err.reason_zh and "x86-64" in err.reason_zh


@needs_x86_64
def test_linux_library_on_windows_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path / "libsofthsm2.so", elf_bytes(64, 62)), platform="win32")
    assert "Linux 驱动" in err.reason_zh and "Windows" in err.reason_zh


@needs_x86_64
def test_macho_dylib_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "libsofthsm2.so", macho_bytes(0x01000007))
    assert check_module_file(path, platform="darwin") == "Mach-O 64-bit x86-64"
    assert "macOS 驱动" in refused(path, platform="linux").reason_zh
    executable = write(tmp_path / "tool", macho_bytes(0x01000007, filetype=2))
    assert "不是动态库" in refused(executable, platform="darwin").reason_zh


# --- check_module_file: real libraries of this machine ------------------------------------------

@needs_x86_64
def test_a_real_library_passes_even_without_pkcs11(tmp_path: Path) -> None:
    # libz IS a shared library; that it has no C_GetFunctionList is found when it is loaded.
    assert check_module_file(non_pkcs11_library(), platform="linux") == "ELF 64-bit x86-64"


@needs_x86_64
def test_real_softhsm_module_passes() -> None:
    assert check_module_file(softhsm_module(), platform="linux") == "ELF 64-bit x86-64"


# --- explain_load_error -------------------------------------------------------------------------

def real_load_error(path: str) -> str:
    """What python-pkcs11 itself says when it cannot load ``path``."""
    import pkcs11

    with pytest.raises(pkcs11.PKCS11Error) as info:
        pkcs11.lib(path)
    return str(info.value)


def test_library_without_c_getfunctionlist_is_not_pkcs11() -> None:
    path = non_pkcs11_library()
    message = real_load_error(path)
    assert message.startswith("OS exception while loading")
    err = explain_load_error(path, message)
    assert isinstance(err, ModuleLoadFailed) and err.path == path
    assert "不是 PKCS#11 驱动" in err.reason_zh and "C_GetFunctionList" in err.reason_zh
    assert "not a PKCS#11 module" in err.reason_en


def test_missing_file_from_the_loader(tmp_path: Path) -> None:
    path = str(tmp_path / "gone.so")
    err = explain_load_error(path, real_load_error(path))
    assert "不存在" in err.reason_zh and "互认版驱动" in err.reason_zh


def test_loader_error_on_a_text_file_uses_what_the_file_says(tmp_path: Path) -> None:
    path = write(tmp_path / "t.so", b"hello")
    err = explain_load_error(path, real_load_error(path))
    assert "文本文件" in err.reason_zh


def test_windows_bitness_message_reads_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "gm3000_pkcs11.dll", pe_bytes(0x14C))
    err = explain_load_error(path, f"OS exception while loading {path}: %1 is not a valid Win32 application.\r\n")
    assert "32 位" in err.reason_zh and "gm3000_pkcs11.dll" in err.reason_zh


def test_windows_bitness_message_without_the_file() -> None:
    path = r"C:\Windows\SysWOW64\eps2003csp11.dll"
    err = explain_load_error(path, f"OS exception while loading {path}: %1 不是有效的 Win32 应用程序。\r\n")
    assert f"当前程序（{process_bits()} 位）" in err.reason_zh and "位数" in err.reason_zh
    assert "不是有效的 Win32 应用程序" in err.reason_zh  # the OS's words stay for the help desk


@pytest.mark.parametrize("os_message", ["The specified module could not be found.\r\n", "找不到指定的模块。\r\n"])
def test_windows_missing_dependency(tmp_path: Path, os_message: str) -> None:
    path = write(tmp_path / "gm3000_pkcs11.dll", pe_bytes(0x8664))
    err = explain_load_error(path, f"OS exception while loading {path}: {os_message}")
    assert "依赖的其他 DLL 缺失" in err.reason_zh and "互认版驱动" in err.reason_zh
    assert "depends on is missing" in err.reason_en


def test_linux_missing_dependency_is_named() -> None:
    path = softhsm_module()
    message = f"OS exception while loading {path}: libbotan-2.so.19: cannot open shared object file: " \
              "No such file or directory"
    err = explain_load_error(path, message)
    assert "libbotan-2.so.19" in err.reason_zh and "缺失" in err.reason_zh


@pytest.mark.parametrize(("os_message", "expected"), [
    ("The specified procedure could not be found.", "入口函数"),
    ("找不到指定的程序。", "入口函数"),
    ("Access is denied.", "权限"),
    ("A dynamic link library (DLL) initialization routine failed.", "初始化失败"),
    ("The application has failed to start because its side-by-side configuration is incorrect.", "运行库"),
    ("This program is blocked by group policy.", "阻止"),
    ("Something nobody has seen before", "拒绝加载"),
])
def test_other_windows_messages(os_message: str, expected: str) -> None:
    path = r"C:\Windows\System32\gm3000_pkcs11.dll"
    err = explain_load_error(path, f"OS exception while loading {path}: {os_message}")
    assert expected in err.reason_zh and os_message in err.reason_zh
    assert err.reason_en.endswith(f"(OS: {os_message})")


# --- candidate_modules --------------------------------------------------------------------------

def test_configured_then_env_and_missing_ones_are_kept(tmp_path: Path) -> None:
    a = write(tmp_path / "a.so", b"")
    b = write(tmp_path / "b.so", b"")
    missing = str(tmp_path / "missing.so")
    settings = TokenSettings(module_paths=(missing, a), env_module=os.pathsep.join([b, "", missing + "2"]),
                             search_known_locations=False)
    assert candidate_modules(settings) == [
        ModuleCandidate(missing, "configured", None),
        ModuleCandidate(a, "configured", None),
        ModuleCandidate(b, "env", None),
        ModuleCandidate(missing + "2", "env", None),
    ]


def test_duplicates_by_real_path_keep_the_first(tmp_path: Path) -> None:
    real = write(tmp_path / "lib" / "libsofthsm2.so", b"")
    link = tmp_path / "link.so"
    link.symlink_to(real)
    settings = TokenSettings(module_paths=(str(link), real), env_module=f"{real}{os.pathsep}{link}",
                             search_known_locations=False)
    assert candidate_modules(settings) == [ModuleCandidate(str(link), "configured", "SoftHSM2")]


def test_vendor_is_named_from_the_file_name() -> None:
    assert vendor_of(r"C:\Windows\System32\GM3000_PKCS11.DLL") == "龙脉 mToken GM3000"
    assert vendor_of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so") == "SoftHSM2"
    assert vendor_of("eps2003csp11v2.dll") == "飞天 ePass2003"
    assert vendor_of("wdpkcs.dll") == "握奇 Watchdata"
    assert vendor_of("/tmp/something.so") is None
    # the table is data: every vendor of the tokens-and-signing.md §7.2 list is present
    dlls = {d.lower() for k in KNOWN_MODULES for d in k.windows_dlls}
    assert {"gm3000_pkcs11.dll", "eps2003csp11.dll", "eps2003csp11v2.dll", "hyp2003pkcs11.dll",
            "shuttlecsp11_3003.dll", "ngp11v211.dll", "wdpkcs.dll", "signaturep11.dll",
            "bjcacsp11_3k.dll", "bjcacsp11_ft11.dll"} <= dlls


def test_linux_known_locations_exist_and_are_deduplicated() -> None:
    module = softhsm_module()
    found = candidate_modules(TokenSettings(), platform="linux")
    assert found, "SoftHSM2 is installed, so at least it must be found"
    assert all(os.path.isfile(c.path) and c.source in ("vendor", "system") for c in found)
    real = [os.path.realpath(c.path) for c in found]
    assert len(real) == len(set(real))
    assert os.path.realpath(module) in real
    softhsm = next(c for c in found if os.path.realpath(c.path) == os.path.realpath(module))
    assert softhsm.vendor == "SoftHSM2" and softhsm.source == "system"
    # vendor drivers (if any) come before the generic modules
    sources = [c.source for c in found]
    assert sources == sorted(sources, key=lambda s: s != "vendor")


def test_search_can_be_switched_off() -> None:
    assert candidate_modules(TokenSettings(search_known_locations=False), platform="linux") == []


@pytest.fixture
def windows_tree(tmp_path: Path) -> dict[str, str]:
    """A fake C:\\ : Windows\\System32, Windows\\SysWOW64, Program Files, SoftHSM2."""
    windows = tmp_path / "Windows"
    files = {
        "gm64": write(windows / "System32" / "gm3000_pkcs11.dll", pe_bytes(0x8664)),
        "gm32": write(windows / "SysWOW64" / "gm3000_pkcs11.dll", pe_bytes(0x14C)),  # shadowed twin
        "eps32": write(windows / "SysWOW64" / "eps2003csp11.dll", pe_bytes(0x14C)),  # only 32-bit
        "wd64": write(windows / "System32" / "wdpkcs.dll", pe_bytes(0x8664)),
        "opensc": write(windows / "System32" / "opensc-pkcs11.dll", pe_bytes(0x8664)),
        "unrelated": write(windows / "System32" / "kernel32.dll", pe_bytes(0x8664)),
        "feitian": write(tmp_path / "Program Files" / "Feitian" / "ePass2003" / "x64" / "eps2003csp11v2.dll",
                         pe_bytes(0x8664)),
        "too_deep": write(tmp_path / "Program Files" / "Feitian" / "a" / "b" / "c" / "ngp11v211.dll",
                          pe_bytes(0x8664)),
        "not_vendor": write(tmp_path / "Program Files" / "Games" / "gm3000_pkcs11.dll", pe_bytes(0x8664)),
        "opensc_pf": write(tmp_path / "Program Files" / "OpenSC Project" / "OpenSC" / "pkcs11" /
                           "opensc-pkcs11.dll", pe_bytes(0x8664)),
        "softhsm": write(tmp_path / "SoftHSM2" / "lib" / "softhsm2-x64.dll", pe_bytes(0x8664)),
        "configured": str(tmp_path / "D" / "my_pkcs11.dll"),  # named by the user, missing
    }
    files["windows"] = str(windows)
    files["program_files"] = str(tmp_path / "Program Files")
    return files


def test_windows_tree_order(windows_tree: dict[str, str]) -> None:
    t = windows_tree
    settings = TokenSettings(module_paths=(t["configured"],), env_module=t["gm64"])  # env duplicates System32
    found = candidate_modules(settings, platform="win32", windows_dir=t["windows"],
                              program_files=[t["program_files"]])
    assert found == [
        ModuleCandidate(t["configured"], "configured", None),
        ModuleCandidate(t["gm64"], "env", "龙脉 mToken GM3000"),
        ModuleCandidate(t["wd64"], "vendor", "握奇 Watchdata"),
        ModuleCandidate(t["eps32"], "vendor", "飞天 ePass2003"),
        ModuleCandidate(t["feitian"], "vendor", "飞天 ePass2003"),
        ModuleCandidate(t["opensc"], "system", "OpenSC"),
        ModuleCandidate(t["opensc_pf"], "system", "OpenSC"),
        ModuleCandidate(t["softhsm"], "system", "SoftHSM2"),
    ]


@needs_x86_64
def test_windows_tree_diagnosis(windows_tree: dict[str, str]) -> None:
    """What the service will hear about each found file, before loading any of them."""
    found = candidate_modules(TokenSettings(), platform="win32", windows_dir=windows_tree["windows"],
                              program_files=[windows_tree["program_files"]])
    verdicts: dict[str, str] = {}
    for candidate in found:
        try:
            verdicts[os.path.basename(candidate.path)] = check_module_file(candidate.path, platform="win32")
        except ModuleLoadFailed as exc:
            verdicts[os.path.basename(candidate.path)] = exc.reason_zh
    assert verdicts["gm3000_pkcs11.dll"] == "PE32+ x64"
    assert verdicts["eps2003csp11.dll"].startswith("eps2003csp11.dll 是 32 位驱动")
    assert "System32 下的 64 位驱动" in verdicts["eps2003csp11.dll"]


def test_windows_without_a_tree_finds_nothing_on_this_machine(tmp_path: Path) -> None:
    assert candidate_modules(TokenSettings(), platform="win32", windows_dir=str(tmp_path / "nowhere")) == []
