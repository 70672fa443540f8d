"""Where the PKCS#11 modules are, and whether a file can be one — decided before anything loads it.

Loading a module runs its code inside our process, and the operating system's refusal is a
terse English (or Chinese) sentence. So the file is read first: a directory, an empty or text
file, a static library, a driver for another operating system or — the classic on Windows — a
32-bit DLL under a 64-bit program is named with both bitnesses and a remedy, in Chinese, before
``pkcs11.lib()`` ever sees it. What the loader still says afterwards goes through
:func:`explain_load_error`.

Search order of :func:`candidate_modules`:

1. ``TokenSettings.module_paths`` — named by the user or the installer; kept even when missing
   (the user must hear that the file they named is not there);
2. ``YUCAI_PKCS11_MODULE`` (``os.pathsep``-separated list allowed) — likewise kept;
3. when ``search_known_locations``: the known modules of :data:`KNOWN_MODULES` that exist —
   CA key makers' drivers first (source ``"vendor"``), then the generic ones, SoftHSM2 and
   OpenSC (source ``"system"``).

On Windows, per module kind: ``System32`` first, then ``SysWOW64`` for the DLL names that had no
``System32`` copy, then vendor folders under Program Files, then fixed paths such as
``C:\\SoftHSM2``. A 64-bit process reads the 64-bit copies in ``System32``; a ``SysWOW64`` copy
shadowed by one in ``System32`` is its 32-bit twin and would only add a "wrong bitness" line
to every diagnosis, while a driver installed *only* as 32-bit is listed, so the diagnosis can
say exactly that. Candidates are deduplicated by their resolved real path (first one wins).

No pkcs11 import and no Qt here: this module only looks at files.
"""

from __future__ import annotations

import os
import platform as _platform
import re
import struct
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO

from desktop.config import TokenSettings
from desktop.token.errors import ModuleLoadFailed, ModuleNotFound

REMEDY_ZH = "请重新安装 CA 提供的互认版驱动（证书助手），或联系 CA 客服"
REMEDY_EN = "reinstall the CA's driver package (互认版驱动) or call the CA's support line"


@dataclass(frozen=True)
class ModuleCandidate:
    path: str
    source: str  # "configured" | "env" | "vendor" | "system"
    vendor: str | None  # known vendor / product of this file name, if any


@dataclass(frozen=True)
class KnownModule:
    """One product's PKCS#11 module as it is installed on users' machines (data, not code)."""

    vendor: str
    source: str  # "vendor": a CA key maker's driver; "system": a generic module (SoftHSM2, OpenSC)
    windows_dlls: tuple[str, ...] = ()
    """File names looked for in System32, SysWOW64 and the vendor folders under Program Files."""
    folder_hints: tuple[str, ...] = ()
    """Lower-case fragments of the vendor's folder names under Program Files."""
    windows_paths: tuple[tuple[str, ...], ...] = ()
    """Paths below the system drive's root (``C:\\``), as parts."""
    unix_names: tuple[str, ...] = ()
    """Paths relative to each library directory (``/usr/lib/x86_64-linux-gnu`` ...)."""


# Sources: docs/tokens-and-signing.md §7.2 (Windows DLL names seen in public code; the owners of
# ngp11v211.dll and SignatureP11.dll are unconfirmed) and §5.2 (SoftHSM2 on Windows). Folder
# hints are deliberately loose: only files with one of the known names are ever taken.
KNOWN_MODULES: tuple[KnownModule, ...] = (
    KnownModule("龙脉 mToken GM3000", "vendor",
                windows_dlls=("gm3000_pkcs11.dll", "gm3000_pkcs11_tw.dll"),
                folder_hints=("longmai", "mtoken", "gm3000", "龙脉"),
                unix_names=("libgm3000_pkcs11.so",)),
    KnownModule("飞天 ePass2003", "vendor",
                windows_dlls=("eps2003csp11.dll", "eps2003csp11v2.dll", "HYP2003PKCS11.dll"),
                folder_hints=("feitian", "epass", "飞天", "hypersecu"),
                unix_names=("libcastle.so.1.0.0",)),
    KnownModule("飞天 ePass3003", "vendor",
                windows_dlls=("ShuttleCsp11_3003.dll", "ShuttleCsp11_3003_X64.dll"),
                folder_hints=("feitian", "epass", "飞天")),
    KnownModule("飞天（型号未确认）", "vendor", windows_dlls=("ngp11v211.dll",),
                folder_hints=("feitian", "飞天")),
    KnownModule("握奇 Watchdata", "vendor",
                windows_dlls=("wdpkcs.dll", "SignatureP11.dll"),
                folder_hints=("watchdata", "握奇", "proxkey"),
                unix_names=("libwdpkcs_SignatureP11.so", "libwdpkcs.so")),
    KnownModule("北京 CA（BJCA）", "vendor",
                windows_dlls=("bjcacsp11_3k.dll", "bjcacsp11_ft11.dll"),
                folder_hints=("bjca", "北京数字认证")),
    KnownModule("SoftHSM2", "system",
                windows_dlls=("softhsm2-x64.dll", "softhsm2.dll"),
                folder_hints=("softhsm",),
                windows_paths=(("SoftHSM2", "lib", "softhsm2-x64.dll"), ("SoftHSM2", "lib", "softhsm2.dll")),
                unix_names=("softhsm/libsofthsm2.so", "pkcs11/libsofthsm2.so", "libsofthsm2.so")),
    KnownModule("OpenSC", "system",
                windows_dlls=("opensc-pkcs11.dll",),
                folder_hints=("opensc",),
                unix_names=("opensc-pkcs11.so", "pkcs11/opensc-pkcs11.so")),
)

_MULTIARCH = {"x86_64": "x86_64-linux-gnu", "i386": "i386-linux-gnu", "arm64": "aarch64-linux-gnu",
              "arm": "arm-linux-gnueabihf", "loongarch": "loongarch64-linux-gnu",
              "riscv": "riscv64-linux-gnu", "ppc64": "powerpc64le-linux-gnu", "s390": "s390x-linux-gnu"}
_DARWIN_DIRS = ("/usr/local/lib", "/opt/homebrew/lib", "/Library/OpenSC/lib")
_PROGRAM_FILES_DEPTH = 3


def vendor_of(path: str) -> str | None:
    """The known product whose module has this file name (case-insensitive), if any; a symbolic
    link is also judged by the name of the file it points to."""
    names = {_basename(path).lower()}
    if os.path.islink(path):
        names.add(_basename(os.path.realpath(path)).lower())
    for known in KNOWN_MODULES:
        known_names = known.windows_dlls + tuple(_basename(n) for n in known.unix_names)
        if names & {n.lower() for n in known_names}:
            return known.vendor
    return None


def candidate_modules(settings: TokenSettings, *, platform: str = sys.platform,
                      windows_dir: str | None = None,
                      program_files: Sequence[str] = ()) -> list[ModuleCandidate]:
    """The modules to try, in order: configured, environment, then known locations that exist.

    ``platform``, ``windows_dir`` and ``program_files`` describe the machine; by default the
    running one. Passing ``windows_dir`` describes another tree (a test's, a mounted disk's):
    Program Files folders are then only those given in ``program_files``.
    """
    found: list[ModuleCandidate] = []
    for path in settings.module_paths:
        found.append(ModuleCandidate(_expand(path), "configured", vendor_of(path)))
    if settings.env_module:
        for path in settings.env_module.split(os.pathsep):
            if path.strip():
                found.append(ModuleCandidate(_expand(path.strip()), "env", vendor_of(path)))
    if settings.search_known_locations:
        if platform.startswith("win"):
            if windows_dir is None:
                windows_dir = os.environ.get("SYSTEMROOT") or os.environ.get("WINDIR") or "C:\\Windows"
                if not program_files:
                    program_files = _program_files_from_environment()
            found.extend(_windows_known(windows_dir, program_files))
        else:
            found.extend(_unix_known(platform))
    return _dedupe(found)


def _expand(path: str) -> str:
    return os.path.expandvars(os.path.expanduser(path)) if ("~" in path or "$" in path or "%" in path) \
        else path


def _basename(path: str) -> str:
    return re.split(r"[\\/]", path.rstrip("\\/"))[-1]


def _dedupe(candidates: Sequence[ModuleCandidate]) -> list[ModuleCandidate]:
    seen: set[str] = set()
    kept: list[ModuleCandidate] = []
    for candidate in candidates:
        key = os.path.normcase(os.path.realpath(candidate.path))
        if key not in seen:
            seen.add(key)
            kept.append(candidate)
    return kept


def _program_files_from_environment() -> tuple[str, ...]:
    roots: list[str] = []
    for var in ("PROGRAMW6432", "PROGRAMFILES", "PROGRAMFILES(X86)"):
        value = os.environ.get(var)
        if value and value not in roots:
            roots.append(value)
    return tuple(roots)


def _windows_known(windows_dir: str, program_files: Sequence[str]) -> Iterator[ModuleCandidate]:
    drive_root = os.path.dirname(os.path.normpath(windows_dir))
    for source in ("vendor", "system"):
        group = [k for k in KNOWN_MODULES if k.source == source]
        in_system32: set[str] = set()
        for known in group:
            for dll in known.windows_dlls:
                path = os.path.join(windows_dir, "System32", dll)
                if os.path.isfile(path):
                    in_system32.add(dll.lower())
                    yield ModuleCandidate(path, source, known.vendor)
        for known in group:
            for dll in known.windows_dlls:
                path = os.path.join(windows_dir, "SysWOW64", dll)
                if dll.lower() not in in_system32 and os.path.isfile(path):
                    yield ModuleCandidate(path, source, known.vendor)
        for root in program_files:
            yield from _program_files_known(root, group, source)
        for known in group:
            for parts in known.windows_paths:
                path = os.path.join(drive_root, *parts)
                if os.path.isfile(path):
                    yield ModuleCandidate(path, source, known.vendor)


def _program_files_known(root: str, group: Sequence[KnownModule], source: str) -> Iterator[ModuleCandidate]:
    """Known DLL names in the vendors' folders under one Program Files root (bounded walk)."""
    try:
        entries = sorted(os.listdir(root))
    except OSError:
        return
    names = {dll.lower(): k.vendor for k in group for dll in k.windows_dlls}
    hints = tuple(h for k in group for h in k.folder_hints)
    for entry in entries:
        top = os.path.join(root, entry)
        if not any(h in entry.lower() for h in hints) or not os.path.isdir(top):
            continue
        for folder, dirs, files in os.walk(top):
            dirs.sort()
            if folder[len(top):].count(os.sep) >= _PROGRAM_FILES_DEPTH - 1:
                dirs.clear()
            for file in sorted(files):
                vendor = names.get(file.lower())
                if vendor is not None:
                    yield ModuleCandidate(os.path.join(folder, file), source, vendor)


def _unix_library_dirs(platform: str) -> tuple[str, ...]:
    if platform == "darwin":
        return _DARWIN_DIRS
    arch = _process_arch()
    multiarch = _MULTIARCH.get(arch, f"{_platform.machine()}-linux-gnu")
    return (f"/usr/lib/{multiarch}", f"/lib/{multiarch}", "/usr/lib64", "/usr/lib", "/usr/local/lib",
            "/usr/local/lib64")


def _unix_known(platform: str) -> Iterator[ModuleCandidate]:
    directories = _unix_library_dirs(platform)
    for source in ("vendor", "system"):
        for known in KNOWN_MODULES:
            if known.source != source:
                continue
            for directory in directories:
                for name in known.unix_names:
                    path = os.path.join(directory, name)
                    if os.path.isfile(path):
                        yield ModuleCandidate(path, source, known.vendor)


# --- what a file is --------------------------------------------------------------------------

@dataclass(frozen=True)
class BinaryFormat:
    """What the header of a shared library says about it."""

    kind: str  # "ELF", "PE", "Mach-O"
    bits: int | None  # 32 / 64; None for a universal (fat) Mach-O
    arch: str  # canonical: "x86_64", "i386", "arm64", "arm", ... (or "machine 0x…")
    description: str  # "ELF 64-bit x86-64", "PE32+ x64", "Mach-O universal (x86-64, arm64)"
    archs: tuple[str, ...] = ()  # the architectures of a universal Mach-O
    executable: bool = False  # a PE program (.exe) rather than a DLL

    @property
    def os_name(self) -> str:
        return {"ELF": "Linux", "PE": "Windows", "Mach-O": "macOS"}[self.kind]


# (canonical arch, bits, display name)
_PE_MACHINES = {0x14C: ("i386", 32, "i386"), 0x8664: ("x86_64", 64, "x64"), 0xAA64: ("arm64", 64, "arm64"),
                0x1C4: ("arm", 32, "ARM"), 0x200: ("ia64", 64, "IA-64")}
_ELF_MACHINES = {3: ("i386", "Intel 80386"), 62: ("x86_64", "x86-64"), 183: ("arm64", "ARM aarch64"),
                 40: ("arm", "ARM"), 243: ("riscv", "RISC-V"), 258: ("loongarch", "LoongArch"),
                 8: ("mips", "MIPS"), 20: ("ppc", "PowerPC"), 21: ("ppc64", "PowerPC64"),
                 22: ("s390", "IBM S/390"), 2: ("sparc", "SPARC"), 43: ("sparc64", "SPARC V9")}
_MACHO_CPUS = {7: ("i386", 32, "i386"), 0x01000007: ("x86_64", 64, "x86-64"), 12: ("arm", 32, "arm"),
               0x0100000C: ("arm64", 64, "arm64"), 18: ("ppc", 32, "ppc"), 0x01000012: ("ppc64", 64, "ppc64")}
_MACHINE_ALIASES = {"x86_64": "x86_64", "amd64": "x86_64", "x64": "x86_64", "i386": "i386", "i486": "i386",
                    "i586": "i386", "i686": "i386", "x86": "i386", "aarch64": "arm64", "arm64": "arm64",
                    "armv6l": "arm", "armv7l": "arm", "armv8l": "arm", "arm": "arm",
                    "loongarch64": "loongarch", "riscv64": "riscv", "mips": "mips", "mips64": "mips",
                    "ppc64le": "ppc64", "ppc64": "ppc64", "s390x": "s390", "ia64": "ia64"}
_ARCH_NAMES = {"x86_64": "x86-64", "i386": "x86 (i386)", "arm64": "ARM64", "arm": "ARM"}


def process_bits() -> int:
    return struct.calcsize("P") * 8


def _process_arch() -> str:
    """The architecture this process runs as (a 32-bit Python on x64 Windows is i386)."""
    arch = _MACHINE_ALIASES.get(_platform.machine().lower(), _platform.machine().lower())
    if process_bits() == 32:
        arch = {"x86_64": "i386", "arm64": "arm"}.get(arch, arch)
    return arch


def _os_name(platform: str) -> str:
    if platform.startswith("win"):
        return "Windows"
    if platform == "darwin":
        return "macOS"
    return "Linux" if platform.startswith("linux") else platform


def _expected_kind(platform: str) -> str:
    if platform.startswith("win"):
        return "PE"
    return "Mach-O" if platform == "darwin" else "ELF"


def _fail(path: str, zh: str, en: str) -> ModuleLoadFailed:
    return ModuleLoadFailed(path, zh, en)


def read_binary_format(path: str) -> BinaryFormat:
    """Read the header of ``path``; raise when it is not a shared library at all."""
    name = _basename(path)
    if not os.path.exists(path):
        raise ModuleNotFound(path)
    if os.path.isdir(path):
        raise _fail(path, f"{name} 是文件夹，不是驱动文件；请指定其中的 .dll / .so 驱动文件",
                    f"{name} is a directory, not a library file")
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
            if head[:2] == b"MZ":
                return _pe_format(path, f, head)
    except PermissionError as exc:
        raise _fail(path, f"没有读取 {name} 的权限（{exc.strerror}），请检查文件权限或安全软件",
                    f"no permission to read {name}: {exc.strerror}") from exc
    except OSError as exc:
        raise _fail(path, f"无法读取 {name}：{exc.strerror or exc}", f"cannot read {name}: {exc}") from exc
    if not head:
        raise _fail(path, f"{name} 是空文件（0 字节），驱动可能没有安装完整",
                    f"{name} is empty (0 bytes): the driver installation is incomplete")
    if head[:4] == b"\x7fELF":
        return _elf_format(path, head)
    if head[:4] in (b"\xfe\xed\xfa\xce", b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe"):
        return _macho_format(path, head)
    if head[:4] == b"\xca\xfe\xba\xbe" and len(head) >= 8 and struct.unpack_from(">I", head, 4)[0] < 45:
        return _fat_format(path, head)
    raise _not_a_library(path, head)


def _not_a_library(path: str, head: bytes) -> ModuleLoadFailed:
    name = _basename(path)
    what_zh, what_en = "", ""
    if head.startswith(b"!<arch>\n"):
        what_zh, what_en = "而是静态库或导入库（.a / .lib）", "but a static or import library"
    elif head.startswith(b"PK\x03\x04"):
        what_zh, what_en = "而是压缩包（请先解压或运行其中的安装程序）", "but a zip archive"
    elif head.startswith(b"\xca\xfe\xba\xbe"):
        what_zh, what_en = "而是 Java 类文件", "but a Java class file"
    elif head.startswith(b"#!"):
        what_zh, what_en = "而是脚本文件", "but a script"
    elif _looks_like_text(head):
        what_zh, what_en = "而是文本文件", "but a text file"
    return _fail(path,
                 f"{name} 不是动态链接库{('，' + what_zh) if what_zh else ''}"
                 "（文件开头没有 ELF / PE / Mach-O 标记）；请选择 CA 驱动中的 PKCS#11 模块文件",
                 f"{name} is not a shared library{(' ' + what_en) if what_en else ''}: "
                 "no ELF / PE / Mach-O header")


def _looks_like_text(head: bytes) -> bool:
    sample = head[:1024]
    for encoding in ("utf-8", "gb18030", "utf-16"):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(ch.isprintable() or ch in "\r\n\t\f" for ch in text):
            return True
    return False


def _truncated(path: str) -> ModuleLoadFailed:
    name = _basename(path)
    return _fail(path, f"{name} 的文件头不完整（文件被截断或已损坏），驱动可能没有安装完整",
                 f"{name} has a truncated header: the file is damaged or incomplete")


def _pe_format(path: str, f: IO[bytes], head: bytes) -> BinaryFormat:
    name = _basename(path)
    if len(head) < 0x40:
        raise _truncated(path)
    (e_lfanew,) = struct.unpack_from("<I", head, 0x3C)
    if e_lfanew + 24 <= len(head):
        nt = head[e_lfanew:e_lfanew + 26]
    else:
        f.seek(e_lfanew)
        nt = f.read(26)
    if len(nt) < 6:
        raise _truncated(path)
    if nt[:4] != b"PE\0\0":
        raise _fail(path, f"{name} 是 DOS 程序，不是 Windows 驱动 DLL", f"{name} is a DOS program, not a DLL")
    (machine,) = struct.unpack_from("<H", nt, 4)
    characteristics = struct.unpack_from("<H", nt, 22)[0] if len(nt) >= 24 else 0
    arch, bits, display = _PE_MACHINES.get(machine, (f"machine 0x{machine:04x}", 0, f"machine 0x{machine:04x}"))
    if not bits:
        bits = 64 if len(nt) >= 26 and struct.unpack_from("<H", nt, 24)[0] == 0x20B else 32
    executable = bool(characteristics) and not characteristics & 0x2000  # IMAGE_FILE_DLL
    return BinaryFormat("PE", bits, arch, f"{'PE32+' if bits == 64 else 'PE32'} {display}",
                        executable=executable)


def _elf_format(path: str, head: bytes) -> BinaryFormat:
    if len(head) < 20 or head[4] not in (1, 2) or head[5] not in (1, 2):
        raise _truncated(path)
    bits = 32 if head[4] == 1 else 64
    e_type, e_machine = struct.unpack_from("<HH" if head[5] == 1 else ">HH", head, 16)
    arch, display = _ELF_MACHINES.get(e_machine, (f"machine {e_machine}", f"machine {e_machine}"))
    description = f"ELF {bits}-bit {display}"
    name = _basename(path)
    if e_type == 1:
        raise _fail(path, f"{name} 是目标文件（.o，{description}），不是动态库",
                    f"{name} is a relocatable object ({description}), not a shared library")
    if e_type == 2:
        raise _fail(path, f"{name} 是可执行程序（{description}），不是动态库",
                    f"{name} is an executable ({description}), not a shared library")
    if e_type == 4:
        raise _fail(path, f"{name} 是程序崩溃转储（core），不是驱动", f"{name} is a core dump")
    return BinaryFormat("ELF", bits, arch, description)


def _macho_format(path: str, head: bytes) -> BinaryFormat:
    if len(head) < 16:
        raise _truncated(path)
    endian = ">" if head[:2] == b"\xfe\xed" else "<"
    cputype, _sub, filetype = struct.unpack_from(endian + "iii", head, 4)
    arch, _bits, display = _MACHO_CPUS.get(cputype, (f"cpu {cputype}", 0, f"cpu {cputype}"))
    bits = 64 if head[:4] in (b"\xfe\xed\xfa\xcf", b"\xcf\xfa\xed\xfe") else 32
    description = f"Mach-O {bits}-bit {display}"
    if filetype not in (6, 8):  # MH_DYLIB, MH_BUNDLE
        name = _basename(path)
        raise _fail(path, f"{name} 是 Mach-O 文件（{description}），但不是动态库",
                    f"{name} is a Mach-O file ({description}) but not a dynamic library")
    return BinaryFormat("Mach-O", bits, arch, description)


def _fat_format(path: str, head: bytes) -> BinaryFormat:
    (count,) = struct.unpack_from(">I", head, 4)
    archs: list[str] = []
    displays: list[str] = []
    for i in range(count):
        offset = 8 + 20 * i
        if offset + 4 > len(head):
            raise _truncated(path)
        (cputype,) = struct.unpack_from(">i", head, offset)
        arch, _bits, display = _MACHO_CPUS.get(cputype, (f"cpu {cputype}", 0, f"cpu {cputype}"))
        archs.append(arch)
        displays.append(display)
    return BinaryFormat("Mach-O", None, archs[0] if archs else "", f"Mach-O universal ({', '.join(displays)})",
                        tuple(archs))


def check_module_file(path: str, *, platform: str = sys.platform) -> str:
    """Refuse, with a reason, a file the loader would refuse; return its format description.

    Raises :class:`ModuleNotFound` when ``path`` does not exist and :class:`ModuleLoadFailed`
    when it is a directory, empty, not a shared library, or built for another operating
    system, bitness or processor than this process. A library that passes may still lack
    ``C_GetFunctionList``: that shows when it is loaded (see :func:`explain_load_error`).
    ``platform`` names the operating system the file must suit (default: this one).
    """
    fmt = read_binary_format(path)
    name = _basename(path)
    bits, arch = process_bits(), _process_arch()
    expected = _expected_kind(platform)
    here = _os_name(platform)
    if fmt.kind != expected:
        bits_zh = f"{fmt.bits} 位 " if fmt.bits else ""
        raise _fail(path,
                    f"{name} 是 {bits_zh}{fmt.os_name} 驱动（{fmt.description}），不能在 {here} 上加载；"
                    f"请使用 {here} 版的 PKCS#11 驱动（当前程序为 {bits} 位）",
                    f"{name} is a {fmt.os_name} library ({fmt.description}); it cannot be loaded on {here} "
                    f"(this program is {bits}-bit)")
    if fmt.bits is None:
        if arch not in fmt.archs:
            raise _fail(path, f"{name}（{fmt.description}）不含当前处理器（{_arch_name(arch)}）的版本",
                        f"{name} ({fmt.description}) has no {_arch_name(arch)} slice")
        return fmt.description
    if fmt.bits != bits:
        raise _fail(path, f"{name} 是 {fmt.bits} 位驱动（{fmt.description}），当前程序为 {bits} 位，"
                    + _bitness_hint_zh(platform, path, bits),
                    f"{name} is a {fmt.bits}-bit library ({fmt.description}) but this program is {bits}-bit; "
                    + _bitness_hint_en(platform, bits))
    if fmt.arch != arch:
        raise _fail(path, f"{name} 是为 {_arch_name(fmt.arch)} 处理器编译的驱动（{fmt.description}），"
                    f"当前程序运行在 {_arch_name(arch)} 上；请安装与本机处理器相符的驱动",
                    f"{name} is built for {_arch_name(fmt.arch)} ({fmt.description}) but this program runs on "
                    f"{_arch_name(arch)}")
    if fmt.executable:
        raise _fail(path, f"{name} 是 Windows 程序（.exe），不是驱动 DLL",
                    f"{name} is a Windows program (.exe), not a DLL")
    return fmt.description


def _arch_name(arch: str) -> str:
    return _ARCH_NAMES.get(arch, arch)


def _bitness_hint_zh(platform: str, path: str, bits: int) -> str:
    if platform.startswith("win"):
        if bits == 64:
            where = "System32 下的 64 位驱动" if "syswow64" in path.lower() else "64 位驱动（通常在 System32 下）"
            return f"请使用 {where}；如没有，{REMEDY_ZH}"
        return "请使用 32 位驱动（64 位 Windows 上在 SysWOW64 下），或改用 64 位的豫采桌面"
    return f"请安装 {bits} 位版本的驱动"


def _bitness_hint_en(platform: str, bits: int) -> str:
    if platform.startswith("win"):
        return "use the 64-bit driver in System32" if bits == 64 else "use the 32-bit driver (SysWOW64)"
    return f"install the {bits}-bit driver"


# --- what the loader said ----------------------------------------------------------------------

_LOADER_PREFIX = re.compile(r"^OS exception while loading (.*?): ", re.S)

# (patterns in lower case, kind); the first kind that matches wins.
_LOADER_PATTERNS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("c_getfunctionlist",), "not_pkcs11"),
    (("not a valid win32 application", "不是有效的 win32 应用程序", "wrong elf class", "[winerror 193]",
      "incompatible architecture", "but wrong architecture", "incompatible cpu-subtype"), "bitness"),
    (("invalid elf header", "file too short", "exec format error", "is a directory",
      "cannot dynamically load", "not a mach-o file", "bad exe format", "[winerror 11]",
      "格式不正确"), "not_library"),
    (("the specified module could not be found", "找不到指定的模块", "[winerror 126]",
      "cannot open shared object file", "image not found", "no such file"), "missing"),
    (("the specified procedure could not be found", "找不到指定的程序", "[winerror 127]", "undefined symbol",
      "symbol not found"), "procedure"),
    (("access is denied", "拒绝访问", "permission denied", "[winerror 5]", "operation not permitted"),
     "denied"),
    (("initialization routine failed", "初始化例程失败", "[winerror 1114]"), "init_failed"),
    (("side-by-side", "并行配置不正确", "[winerror 14001]"), "runtime"),
    (("blocked", "阻止", "application control", "[winerror 4551]", "[winerror 225]", "virus"), "blocked"),
)


def loader_detail(path: str, text: str) -> str:
    """The OS's own words, without python-pkcs11's prefix and a repeated ``path:``."""
    detail = text.strip()
    match = _LOADER_PREFIX.match(detail)
    if match:
        detail = detail[match.end():]
    for prefix in (f"{path}: ", f"{match.group(1)}: " if match else None):
        if prefix and detail.startswith(prefix):
            detail = detail[len(prefix):]
    return detail.strip()


def explain_load_error(path: str, os_message: str) -> ModuleLoadFailed:
    """Turn what the loader said (python-pkcs11's "OS exception while loading <path>: <OS message>",
    a ctypes ``OSError`` text, Windows' message in English or Chinese) into a Chinese reason with
    a remedy. Where the file itself tells more (its bitness), that is what is said."""
    detail = loader_detail(path, os_message)
    low = detail.lower()
    kind = next((k for patterns, k in _LOADER_PATTERNS if any(p in low for p in patterns)), "other")
    name = _basename(path)
    bits = process_bits()
    if kind in ("bitness", "not_library") or (kind == "missing" and not os.path.exists(path)):
        try:
            check_module_file(path)
        except ModuleLoadFailed as exc:
            return exc
        except ModuleNotFound:
            if kind == "missing":
                return _fail(path, f"{name} 不存在或无法访问；{REMEDY_ZH}（系统信息：{detail}）",
                             f"{name} does not exist; {REMEDY_EN} (OS: {detail})")
    dependency = _missing_dependency(path, detail)
    zh, en = {
        "not_pkcs11": (f"{name} 不是 PKCS#11 驱动（没有 C_GetFunctionList 入口），可能选成了 SKF 或 CSP 接口的 DLL；"
                       "请选择 CA 驱动中的 PKCS#11 模块",
                       f"{name} is not a PKCS#11 module (no C_GetFunctionList); maybe an SKF or CSP DLL"),
        "bitness": (f"{name} 与当前程序（{bits} 位）的位数或平台不一致；请使用 {bits} 位驱动，{REMEDY_ZH}",
                    f"{name} does not match this {bits}-bit program; use the {bits}-bit driver"),
        "not_library": (f"{name} 不是可加载的动态库；请选择 CA 驱动中的 PKCS#11 模块文件",
                        f"{name} is not a loadable shared library"),
        "missing": ((f"{name} 依赖的 {dependency} 缺失（驱动没有安装完整）；{REMEDY_ZH}", f"{name} needs {dependency},"
                     f" which is missing: the driver installation is incomplete; {REMEDY_EN}") if dependency else
                    (f"{name} 依赖的其他 DLL 缺失（驱动没有安装完整，或缺少 Visual C++ 运行库）；{REMEDY_ZH}",
                     f"a library {name} depends on is missing (incomplete driver installation or missing "
                     f"Visual C++ runtime); {REMEDY_EN}")),
        "procedure": (f"{name} 缺少所需的入口函数：它不是 PKCS#11 驱动，或它依赖的 DLL 版本不匹配；{REMEDY_ZH}",
                      f"{name} lacks an entry point: not a PKCS#11 module, or a dependency has the wrong "
                      f"version; {REMEDY_EN}"),
        "denied": (f"没有权限加载 {name}，或被安全软件拦截；请检查文件权限，把驱动加入安全软件的信任列表",
                   f"permission denied loading {name} (file permissions or security software)"),
        "init_failed": (f"{name} 初始化失败，可能是驱动的后台服务未运行（如龙脉的 mToken IOSVR 服务）；"
                        f"请重新插拔 key、重启电脑；仍不行时{REMEDY_ZH}",
                        f"{name} failed to initialise (is the vendor's service running?); {REMEDY_EN}"),
        "runtime": (f"{name} 需要的 Visual C++ 运行库缺失或版本不对；请安装 VC++ 运行库，或{REMEDY_ZH}",
                    f"{name} needs a missing Visual C++ runtime (side-by-side configuration)"),
        "blocked": (f"{name} 被系统策略或安全软件阻止加载；请把驱动加入信任列表，或联系管理员",
                    f"loading {name} was blocked by policy or security software"),
        "other": (f"操作系统拒绝加载 {name}；{REMEDY_ZH}", f"the OS refused to load {name}; {REMEDY_EN}"),
    }[kind]
    return _fail(path, f"{zh}（系统信息：{detail}）", f"{en} (OS: {detail})")


def _missing_dependency(path: str, detail: str) -> str | None:
    """The dependency a Unix loader names ("libfoo.so.1: cannot open shared object file ...")."""
    match = re.match(r"(\S+?): cannot open shared object file", detail)
    if match and os.path.basename(match.group(1)) != os.path.basename(path):
        return match.group(1)
    match = re.search(r"Library not loaded: (\S+)", detail)
    return match.group(1) if match else None
