"""What goes into the frozen app: resources, excluded modules, the version. Read by ``yucai.spec``.

Kept as a plain module (no PyInstaller import) so the test can check the declared file list
against the repository, and ``version.py`` / ``bench/frozen.py`` can share the paths.

Every data file is named here, the way Vorta's ``package/vorta.spec`` lists its ``.ui`` files:
a resource the app reads but the spec forgets only shows up as a broken frozen app. Resources land
under ``resources/`` in the bundle, next to the ``desktop`` package (``_internal/desktop`` and
``_internal/resources`` in a one-folder build), where ``desktop.config.RESOURCES`` —
``Path(desktop/config.py).parent.parent / "resources"`` — finds them.
"""

from __future__ import annotations

import posixpath
import re
import shlex
import shutil
import subprocess
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESOURCES = REPO / "resources"
APP_NAME = "yucai"

SEAL_FONT = "fonts/NotoSansCJKsc-Regular.otf"
CA_SUFFIXES = (".pem", ".crt", ".cer", ".der")


@dataclass(frozen=True)
class Resource:
    pattern: str  # a path or glob below resources/
    required: bool  # the build fails without at least one match
    why: str


# The app's read sites: desktop/ui/application.py (font, icon, i18n), desktop/ui/main_window.py
# (icons), desktop/resources_setup.py (seal font for pyhanko), desktop/signing/trust.py (ca/),
# README of resources/demo (the demo contract). Sources that only build these (i18n/*.ts,
# i18n/refresh.sh) stay out.
RESOURCE_FILES: tuple[Resource, ...] = (
    Resource(SEAL_FONT, True, "seal text and the UI font fallback; `python -m desktop.resources_setup` extracts it"),
    Resource("fonts/LICENSE-NotoSansCJK.txt", True, "the SIL OFL 1.1 requires the licence next to the font"),
    Resource("i18n/*.qm", True, "compiled translations (English build)"),
    Resource("icons/*.svg", True, "window and navigation icons"),
    Resource("ca/README.md", True, "what belongs in ca/ and where it came from"),
    *(Resource(f"ca/{sub}/*{suffix}", False, "CA certificates shipped with the app")
      for sub in ("roots", "intermediates") for suffix in CA_SUFFIXES),
    Resource("demo/contract.pdf", True, "the demo contract to sign"),
    Resource("demo/README.md", True, "how to use the demo contract"),
)


class MissingResource(RuntimeError):
    pass


def resource_files(resources: Path = RESOURCES) -> list[Path]:
    """Every resource file the bundle ships, sorted; raises MissingResource for a required one."""
    found: set[Path] = set()
    for item in RESOURCE_FILES:
        matches = sorted(p for p in resources.glob(item.pattern) if p.is_file())
        if item.required and not matches:
            raise MissingResource(f"resources/{item.pattern} is missing ({item.why})")
        found.update(matches)
    return sorted(found)


def resource_datas(resources: Path = RESOURCES) -> list[tuple[str, str]]:
    """PyInstaller ``datas``: (source file, destination folder in the bundle), one per file."""
    return [(str(path), str(Path("resources") / path.parent.relative_to(resources)))
            for path in resource_files(resources)]


def project_version(pyproject: Path = REPO / "pyproject.toml") -> str:
    return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])


def windows_file_version(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` / ``1.2.3rc1`` -> (0, 1, 0, 0) / (1, 2, 3, 0) for the EXE's VERSIONINFO."""
    match = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", version)
    if match is None:
        raise ValueError(f"version {version!r} does not start with a number")
    major, minor, patch, build = (int(group or 0) for group in match.groups())
    return major, minor, patch, build


# The embedded local server (``yucai serve``, see desktop/__main__.py) is in the bundle: the app
# starts it when no server is configured. Alembic loads its migrations from files, not by import:
# they ship as data files next to ``server_stub/db.pyc`` (``server_stub.db.MIGRATIONS``).
SERVER_PACKAGE = REPO / "server_stub"
SERVER_DATA_FILES: tuple[str, ...] = ("migrations/env.py", "migrations/versions/*.py")


def server_files(package: Path = SERVER_PACKAGE) -> list[Path]:
    """The migration scripts Alembic reads from ``server_stub/migrations`` (``__init__`` files excepted)."""
    found = {p for pattern in SERVER_DATA_FILES for p in package.glob(pattern)
             if p.is_file() and p.name != "__init__.py"}
    if not any(p.parent.name == "versions" for p in found):
        raise MissingResource(f"no migration scripts in {package / 'migrations' / 'versions'}")
    return sorted(found)


def server_datas(package: Path = SERVER_PACKAGE) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` for :func:`server_files`: ``server_stub/migrations[/versions]`` in the bundle."""
    return [(str(path), str(Path("server_stub") / path.parent.relative_to(package)))
            for path in server_files(package)]


# Packages the desktop app never imports. Most are only in the venv for the tests or the tooling;
# PyInstaller would not follow them anyway, but naming them protects the bundle from an accidental
# import (a stray `import pytest` would pull in hundreds of modules).
EXCLUDED_PACKAGES: tuple[str, ...] = (
    # PostgreSQL is for a central server; the embedded one is SQLite only.
    "psycopg", "psycopg_binary", "psycopg2",
    "pytest", "_pytest", "pytestqt", "hypothesis", "mypy", "ruff", "importlinter", "grimp", "keyrings.alt",
    "PyInstaller", "pip", "wheel",
    "tkinter", "_tkinter", "IPython", "matplotlib", "numpy", "pydoc_data", "lib2to3", "idlelib",
    # httpx's own command line (httpx._main: rich, pygments, markdown-it); httpx imports it in a try.
    "httpx._main", "rich", "pygments", "markdown_it", "mdurl",
    # Server side: the pydantic 1 compatibility layer (FastAPI imports it in a try) and the SQLAlchemy
    # dialects neither SQLite nor Alembic's PostgreSQL support imports (Alembic names them for typing only).
    "pydantic.v1", "sqlalchemy.dialects.mysql", "sqlalchemy.dialects.mssql", "sqlalchemy.dialects.oracle",
    "sqlalchemy.connectors.pyodbc", "sqlalchemy.connectors.aioodbc",
    # The pure-Python decimal (the C _decimal is there) and the Japanese, Korean and Big5 codecs
    # (Chinese GB2312/GBK/GB18030 stay: _codecs_cn).
    "_pydecimal", "_codecs_jp", "_codecs_kr", "_codecs_tw", "_codecs_hk", "_codecs_iso2022",
    # cffi's Python side (oscrypto then uses ctypes; cryptography needs only _cffi_backend, which stays).
    "cffi", "pycparser",
    # The C speed-ups of aiohttp and its helpers (pyhanko's occasional OCSP/CRL/timestamp requests):
    # each falls back to its pure-Python twin on ImportError. (multidict has no fallback: it stays.)
    "aiohttp._http_parser", "aiohttp._http_writer", "aiohttp._websocket.mask", "aiohttp._websocket.reader_c",
    "frozenlist._frozenlist", "propcache._helpers_c", "yarl._quoting_c",
    # Build-time tools: only cffi's compiler shim (ffi.compile, never called) imports setuptools, and
    # with it PyInstaller adds pkg_resources and a run-time hook that imports it at every start.
    "setuptools", "pkg_resources", "distutils", "_distutils_hack", "cffi._shimmed_dist_utils",
    "doctest", "unittest", "pdb", "pydoc",
    # lxml: pyhanko's XMP code and fontTools need lxml.etree only (hook-lxml would take all of it).
    "lxml.objectify", "lxml.html", "lxml.isoschematron", "lxml.sax", "lxml.cssselect", "lxml.doctestcompare",
)

# Qt: the app uses QtCore, QtGui and QtWidgets (QtSvg through the SVG icon plugin). Everything else
# PySide6-Essentials ships is excluded, as Electrum's contrib/build-wine/pyinstaller.spec does.
QT_USED: tuple[str, ...] = ("QtCore", "QtGui", "QtWidgets", "QtSvg")
QT_EXCLUDED: tuple[str, ...] = (
    "QtConcurrent", "QtDBus", "QtDesigner", "QtHelp", "QtNetwork", "QtOpenGL", "QtOpenGLWidgets", "QtPdf",
    "QtPdfWidgets", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D", "QtQuickControls2", "QtQuickWidgets",
    "QtSql", "QtSvgWidgets", "QtTest", "QtUiTools", "QtXml", "QtStateMachine", "QtGraphs", "QtGraphsWidgets",
    "QtCharts", "QtDataVisualization", "QtMultimedia", "QtMultimediaWidgets", "QtWebChannel", "QtWebSockets",
    "QtWebEngineCore", "QtWebEngineWidgets", "QtWebEngineQuick", "QtNetworkAuth", "QtPositioning",
    "QtLocation", "QtBluetooth", "QtNfc", "QtSensors", "QtSerialPort", "QtSerialBus", "QtRemoteObjects",
    "QtScxml", "QtTextToSpeech", "QtHttpServer", "QtSpatialAudio", "Qt3DCore", "Qt3DRender", "Qt3DInput",
    "Qt3DLogic", "Qt3DAnimation", "Qt3DExtras", "QtAxContainer",
)


def excludes() -> list[str]:
    return [*EXCLUDED_PACKAGES, *(f"PySide6.{name}" for name in QT_EXCLUDED), *PIL_EXCLUDED]


# Qt files the PySide6 hooks collect for the modules we do use, but the app never loads. What is
# kept: the platform plugins for Windows, X11 and macOS plus offscreen/minimal (tests, smoke
# test, remote sessions), the SVG/ICO/JPEG/GIF image readers, the SVG icon engine, the widget
# styles (Windows 11 look), input contexts (ibus/compose: Chinese input methods on Linux) and
# Qt's own Chinese translation. Libraries that only a dropped file needed go too (prune_orphans).
QT_DROPPED_PLUGIN_TYPES = frozenset({
    "generic", "platformthemes", "egldeviceintegrations", "xcbglintegrations", "wayland-shell-integration",
    "wayland-graphics-integration-client", "wayland-decoration-client", "wayland-graphics-integration-server",
    "networkinformation", "tls", "qmltooling", "sqldrivers", "printsupport",
})
QT_KEPT_PLUGINS = {
    "platforms": frozenset({"qwindows", "qxcb", "qcocoa", "qoffscreen", "qminimal"}),
    "imageformats": frozenset({"qsvg", "qico", "qjpeg", "qgif"}),
}
QT_DROPPED_LIBRARIES = frozenset({"opengl32sw", "d3dcompiler_47"})  # software OpenGL / Direct3D: no GL here
QT_KEPT_TRANSLATIONS = frozenset({"qt_zh_CN.qm", "qtbase_zh_CN.qm"})
# Python modules of optional Pillow codecs (AVIF, WebP), its Tk bridge, its text drawing (FreeType,
# HarfBuzz: ~2.5 MB of libraries) and its colour management (LittleCMS: only for LAB conversions).
# A seal image is only opened and converted to RGB(A) (desktop/signing/appearance.py); text is pyhanko's.
PIL_EXCLUDED = ("PIL._avif", "PIL.AvifImagePlugin", "PIL._webp", "PIL.WebPImagePlugin", "PIL._imagingtk",
                "PIL.ImageTk", "PIL.ImageQt", "PIL.ImageFont", "PIL._imagingft", "PIL.ImageDraw",
                "PIL.ImageDraw2", "PIL.ImageText", "PIL.FontFile", "PIL.BdfFontFile", "PIL.PcfFontFile",
                "PIL.ImageCms", "PIL._imagingcms")


def _stem(filename: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` / ``libQt6Network.so.6`` -> ``qxcb`` / ``qwindows`` / ``Qt6Network``."""
    name = filename.split(".", 1)[0]
    return name[3:] if name.startswith("lib") else name


def unwanted_qt_file(dest: str) -> bool:
    """Whether a bundle path (``PySide6/Qt/plugins/platforms/libqvnc.so``) is one we leave out."""
    parts = dest.replace("\\", "/").split("/")
    if not parts or parts[0] != "PySide6":
        return False
    filename = parts[-1]
    if "translations" in parts[:-1] and filename.endswith(".qm"):
        return filename not in QT_KEPT_TRANSLATIONS
    if "plugins" in parts[:-2]:
        plugin_type = parts[parts.index("plugins") + 1]
        if plugin_type in QT_DROPPED_PLUGIN_TYPES:
            return True
        kept = QT_KEPT_PLUGINS.get(plugin_type)
        return kept is not None and _stem(filename) not in kept
    return _stem(filename).lower() in QT_DROPPED_LIBRARIES


Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination, source, typecode)


def prune_orphans(kept: list[Entry], dropped: list[Entry], needs: Callable[[str], list[str]]) -> list[Entry]:
    """Remove from ``kept`` the shared libraries that only ``dropped`` binaries needed.

    ``needs(source)`` lists the file names a binary links against. Only libraries reachable from a
    dropped binary are candidates, so nothing loaded by other means (ctypes, a Python extension,
    PyInstaller's own choice) is ever removed unless a dropped plugin was its only user.
    """
    def key(entry: Entry) -> str:
        return entry[0].replace("\\", "/").rsplit("/", 1)[-1].lower()

    by_name = {key(entry): entry for entry in kept if entry[2] != "SYMLINK"}

    def closure(start: list[Entry]) -> set[str]:
        seen: set[str] = set()
        todo = [name.lower() for entry in start for name in needs(entry[1])]
        while todo:
            name = todo.pop()
            if name in seen or name not in by_name:
                continue
            seen.add(name)
            todo.extend(n.lower() for n in needs(by_name[name][1]))
        return seen

    candidates = closure(dropped)
    roots = [entry for entry in kept if key(entry) not in candidates and entry[2] != "SYMLINK"]
    still_needed = closure(roots)
    return [entry for entry in kept if entry[2] == "SYMLINK" or key(entry) not in candidates
            or key(entry) in still_needed]


def drop_dangling_symlinks(entries: list[Entry], files: set[str]) -> list[Entry]:
    """Remove the SYMLINK entries (PyInstaller links top-level ``libX.so`` names to the copy in
    the package's folder) whose target is no longer among ``files`` (bundle paths)."""
    def target(entry: Entry) -> str:
        return posixpath.normpath(posixpath.join(posixpath.dirname(entry[0].replace("\\", "/")),
                                                 entry[1].replace("\\", "/")))

    return [entry for entry in entries if entry[2] != "SYMLINK" or target(entry) in files]


# --- ICU data on Linux --------------------------------------------------------------------------
# The Linux PySide6 wheel's QtCore links ICU, and libicudata.so.NN is 31 MB of locale data (the
# Windows wheel uses the system's ICU and ships none). A widgets app needs none of it: without the
# data, ICU lookups fail and Qt falls back to its own code (QCollator compares code points,
# QLocale uses its compiled-in CLDR data, case mapping and normalisation are compiled into
# libicuuc). So the Linux build replaces it with ICU's "stub data" library (as ICU's own
# stubdata/stubdata.cpp: a valid common-data header with no entries, a few KB), compiled from the
# source below with the system's C compiler. Without a compiler, or with YUCAI_KEEP_ICU_DATA=1
# in the environment of the build, the full data stays in.
ICU_DATA_NAME = re.compile(r"^libicudata\.so\.(\d+)$")
KEEP_ICU_DATA_ENV = "YUCAI_KEEP_ICU_DATA"
ICU_STUB_SOURCE = r"""
/* ICU stub data: a common-data header ("ToCP", no entries) under ICU's entry point symbol. */
#include <stdint.h>
struct icu_stub_header {
    uint16_t header_size; uint8_t magic1, magic2;                       /* MappedData */
    uint16_t size, reserved_word; uint8_t big_endian, charset_family, sizeof_uchar, reserved_byte;
    uint8_t data_format[4], format_version[4], data_version[4];        /* UDataInfo */
    uint8_t padding[8];
    uint32_t count, reserved;
    uint64_t fake_name_and_data[4];
};
__attribute__((visibility("default"), aligned(16)))
const struct icu_stub_header ICU_ENTRY_POINT = {
    32, 0xda, 0x27,
    20, 0, 0 /* little endian */, 0 /* ASCII */, 2, 0,
    {0x54, 0x6f, 0x43, 0x50}, {1, 0, 0, 0}, {0, 0, 0, 0},
    {0}, 0, 0, {0, 0, 0, 0}};
"""


def icu_data_library(entries: list[Entry]) -> tuple[Entry, int] | None:
    """The bundle's ``libicudata.so.NN`` (a binary, not the top-level symlink) and its ICU major version."""
    for entry in entries:
        match = ICU_DATA_NAME.match(entry[0].replace("\\", "/").rsplit("/", 1)[-1])
        if match and entry[2] != "SYMLINK":
            return entry, int(match.group(1))
    return None


def build_icu_stub(major: int, out_dir: Path, compiler: list[str]) -> Path:
    """Compile ICU's stub data library ``libicudata.so.<major>`` into ``out_dir``; raises on failure."""
    out_dir.mkdir(parents=True, exist_ok=True)
    source = out_dir / "icudata_stub.c"
    source.write_text(ICU_STUB_SOURCE, encoding="ascii")
    library = out_dir / f"libicudata.so.{major}"
    subprocess.run([*compiler, "-shared", "-fPIC", "-O2", "-nostdlib", f"-DICU_ENTRY_POINT=icudt{major}_dat",
                    f"-Wl,-soname,{library.name}", "-Wl,-z,noexecstack", "-o", str(library), str(source)],
                   check=True, capture_output=True, text=True)
    return library


def keep_icu_data(environ: Mapping[str, str]) -> bool:
    return environ.get(KEEP_ICU_DATA_ENV, "") not in ("", "0")


def c_compiler(environ: Mapping[str, str]) -> list[str]:
    """``$CC`` split into words, else the first of cc/gcc/clang on PATH; [] when there is none."""
    return shlex.split(environ.get("CC", "")) or [name for name in ("cc", "gcc", "clang") if shutil.which(name)][:1]


def replace_icu_data(entries: list[Entry], out_dir: Path, environ: Mapping[str, str],
                     build: Callable[[int, Path, list[str]], Path] = build_icu_stub) -> tuple[list[Entry], str]:
    """``entries`` with the ICU data library swapped for the stub, and what was done (for the build log)."""
    found = icu_data_library(entries)
    if found is None:
        return entries, "no bundled ICU data library"
    (dest, _source, typecode), major = found
    if keep_icu_data(environ):
        return entries, f"{dest}: kept ({KEEP_ICU_DATA_ENV} is set)"
    compiler = c_compiler(environ)
    if not compiler:
        return entries, f"{dest}: kept (no C compiler to build ICU's stub data; set CC)"
    try:
        stub = build(major, out_dir, compiler)
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", "") or exc
        return entries, f"{dest}: kept (building ICU's stub data failed: {detail})"
    return [(dest, str(stub), typecode) if entry[0] == dest else entry for entry in entries], \
        f"{dest}: replaced by ICU's stub data ({stub})"
