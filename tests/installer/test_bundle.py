"""installer/bundle.py, version.py and yucai.iss without building anything."""

from __future__ import annotations

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
