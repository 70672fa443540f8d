"""installer/bundle.py, version.py and yucai.iss without building anything."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.installer.conftest import INSTALLER, REPO, load_installer_module

bundle = load_installer_module("bundle")


def tracked_resources() -> set[Path]:
    done = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "resources"],
                          cwd=REPO, capture_output=True, check=True)
    return {REPO / name for name in done.stdout.decode().split("\0") if name}


def test_every_resource_the_app_reads_is_declared() -> None:
    declared = set(bundle.resource_files())
    sources = {p for p in tracked_resources() if p.suffix in (".ts", ".sh")}
    assert tracked_resources() - sources <= declared, "a file under resources/ is not in bundle.RESOURCE_FILES"
    assert REPO / "resources" / bundle.SEAL_FONT in declared  # gitignored, extracted at set-up
    assert not declared & sources


def test_datas_keep_the_folder_layout() -> None:
    datas = dict(bundle.resource_datas())
    assert datas[str(REPO / "resources" / "fonts" / "NotoSansCJKsc-Regular.otf")] == str(Path("resources/fonts"))
    assert datas[str(REPO / "resources" / "demo" / "contract.pdf")] == str(Path("resources/demo"))


def test_a_missing_required_resource_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "yucai.svg").write_text("<svg/>", encoding="utf-8")
    with pytest.raises(bundle.MissingResource, match="NotoSansCJKsc"):
        bundle.resource_files(tmp_path)


@pytest.mark.parametrize(("dest", "unwanted"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/plugins/platforms/qwindows.dll", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", False),
    ("PySide6/Qt/translations/qtbase_zh_CN.qm", False),
    ("PySide6/translations/qtbase_de.qm", True),
    ("PySide6\\opengl32sw.dll", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
    ("pypdfium2_raw/libpdfium.so", False),
])
def test_qt_files_left_out(dest: str, unwanted: bool) -> None:
    assert bundle.unwanted_qt_file(dest) is unwanted


def test_prune_orphans_drops_only_what_dropped_plugins_alone_needed() -> None:
    links = {"/s/vnc.so": ["libNet.so", "libCore.so"], "/s/net.so": ["libKrb.so", "libCore.so"],
             "/s/krb.so": [], "/s/core.so": [], "/s/ext.so": ["libCore.so", "libShared.so"],
             "/s/shared.so": [], "/s/gtk.so": ["libShared.so", "libGtk.so"], "/s/gtkl.so": [],
             "/s/pdfium.so": []}
    kept = [("libNet.so", "/s/net.so", "BINARY"), ("libKrb.so", "/s/krb.so", "BINARY"),
            ("PySide6/Qt/lib/libCore.so", "/s/core.so", "BINARY"), ("libCore.so", "PySide6/Qt/lib/libCore.so",
                                                                     "SYMLINK"),
            ("ext.so", "/s/ext.so", "EXTENSION"), ("libShared.so", "/s/shared.so", "BINARY"),
            ("libGtk.so", "/s/gtkl.so", "BINARY"), ("pypdfium2_raw/libpdfium.so", "/s/pdfium.so", "BINARY")]
    dropped = [("plugins/vnc.so", "/s/vnc.so", "BINARY"), ("plugins/gtk.so", "/s/gtk.so", "BINARY")]
    left = {entry[0] for entry in bundle.prune_orphans(kept, dropped, lambda src: links.get(src, []))}
    assert left == {"PySide6/Qt/lib/libCore.so", "libCore.so", "ext.so", "libShared.so",
                    "pypdfium2_raw/libpdfium.so"}


def test_dangling_symlinks_are_dropped() -> None:
    entries = [("libA.so", "PySide6/Qt/lib/libA.so", "SYMLINK"), ("libB.so", "PySide6/Qt/lib/libB.so", "SYMLINK"),
               ("PySide6/Qt/lib/libA.so", "/s/a", "BINARY")]
    left = bundle.drop_dangling_symlinks(entries, {"PySide6/Qt/lib/libA.so"})
    assert [e[0] for e in left] == ["libA.so", "PySide6/Qt/lib/libA.so"]


@pytest.mark.parametrize(("version", "numbers"), [
    ("0.1.0", (0, 1, 0, 0)), ("1.2.3rc1", (1, 2, 3, 0)), ("2", (2, 0, 0, 0)), ("1.2.3.4.5", (1, 2, 3, 4)),
])
def test_windows_file_version(version: str, numbers: tuple[int, int, int, int]) -> None:
    assert bundle.windows_file_version(version) == numbers


def test_version_script_reads_pyproject(tmp_path: Path) -> None:
    version = bundle.project_version()
    script = str(INSTALLER / "version.py")
    printed = subprocess.run([sys.executable, script], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == version
    args = subprocess.run([sys.executable, script, "--iscc-args"], capture_output=True, text=True, check=True).stdout
    assert args.split()[0] == f"/DAppVersion={version}"
    include = tmp_path / "version.iss"
    subprocess.run([sys.executable, script, "--iss-include", str(include)], capture_output=True, check=True)
    assert f'#define AppVersion "{version}"' in include.read_text(encoding="utf-8")


def test_inno_setup_script_installs_per_machine_and_keeps_user_data() -> None:
    iss = (INSTALLER / "yucai.iss").read_text(encoding="utf-8-sig")
    lines = [line.strip() for line in iss.splitlines() if line.strip() and not line.lstrip().startswith((";", "//"))]
    assert "PrivilegesRequired=admin" in lines
    assert "DefaultDirName={autopf}\\{#AppNameEn}" in lines
    assert "AppVersion={#AppVersion}" in lines
    assert any(line.startswith('Name: "{group}\\{#AppName}"; Filename: "{app}\\yucai.exe"') for line in lines)
    assert '#include "version.iss"' in lines
    assert "[UninstallDelete]" not in lines  # user data under %LOCALAPPDATA%\yucai survives uninstall
    assert "localappdata" not in "\n".join(lines).lower()  # nothing installed, touched or deleted there
    assert 'DestName: "yucai.com"' in iss
    for dll in ("gm3000_pkcs11.dll", "eps2003csp11.dll", "ShuttleCsp11_3003.dll", "wdpkcs.dll", "bjcacsp11_3k.dll"):
        assert dll in iss


def test_migration_scripts_are_data_files() -> None:
    datas = bundle.server_datas()
    migrations = REPO / "server_stub" / "migrations"
    assert (str(migrations / "env.py"), str(Path("server_stub/migrations"))) in datas
    versions = sorted(p for p in (migrations / "versions").glob("*.py") if p.name != "__init__.py")
    assert versions
    assert [src for src, dest in datas if dest == str(Path("server_stub/migrations/versions"))] == \
        [str(p) for p in versions]


def test_no_migrations_stops_the_build(tmp_path: Path) -> None:
    (tmp_path / "migrations" / "versions").mkdir(parents=True)
    (tmp_path / "migrations" / "env.py").write_text("", encoding="utf-8")
    with pytest.raises(bundle.MissingResource, match="migration"):
        bundle.server_files(tmp_path)


ICU_ENTRIES = [("PySide6/Qt/lib/libicudata.so.73", "/wheel/libicudata.so.73", "BINARY"),
               ("libicudata.so.73", "PySide6/Qt/lib/libicudata.so.73", "SYMLINK"),
               ("PySide6/Qt/lib/libicuuc.so.73", "/wheel/libicuuc.so.73", "BINARY")]


def test_icu_data_is_replaced_by_the_stub(tmp_path: Path) -> None:
    built: list[tuple[int, list[str]]] = []

    def build(major: int, out_dir: Path, compiler: list[str]) -> Path:
        built.append((major, compiler))
        return out_dir / f"libicudata.so.{major}"

    entries, note = bundle.replace_icu_data(ICU_ENTRIES, tmp_path, {"CC": "gcc -m64"}, build)
    assert built == [(73, ["gcc", "-m64"])]
    assert entries == [("PySide6/Qt/lib/libicudata.so.73", str(tmp_path / "libicudata.so.73"), "BINARY"),
                       *ICU_ENTRIES[1:]]
    assert "stub" in note


@pytest.mark.parametrize("environ", [{"YUCAI_KEEP_ICU_DATA": "1", "CC": "gcc"}, {"CC": "/nonexistent/cc"}])
def test_icu_data_is_kept_when_asked_or_when_the_stub_cannot_be_built(tmp_path: Path, environ: dict[str, str]) \
        -> None:
    entries, note = bundle.replace_icu_data(ICU_ENTRIES, tmp_path, environ)
    assert entries == ICU_ENTRIES
    assert "kept" in note
    assert bundle.replace_icu_data(ICU_ENTRIES[2:], tmp_path, {})[0] == ICU_ENTRIES[2:]


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("cc") is None, reason="needs Linux and cc")
def test_icu_stub_library_exports_the_data_entry_point(tmp_path: Path) -> None:
    library = bundle.build_icu_stub(73, tmp_path, ["cc"])
    assert library.name == "libicudata.so.73" and library.stat().st_size < 64 * 1024
    import ctypes

    header = (ctypes.c_ubyte * 36).in_dll(ctypes.CDLL(str(library)), "icudt73_dat")
    assert bytes(header[:4]) == b"\x20\x00\xda\x27"  # headerSize 32, magic 0xda 0x27
    assert bytes(header[12:16]) == b"ToCP" and bytes(header[32:36]) == b"\0\0\0\0"  # a table of contents, empty
