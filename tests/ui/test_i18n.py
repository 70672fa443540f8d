"""Every UI string has an English translation, and the compiled .qm matches the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.config import RESOURCES

TS = RESOURCES / "i18n" / "yucai_en.ts"
QM = RESOURCES / "i18n" / "yucai_en.qm"
ROOT = RESOURCES.parent
BIN = Path(sys.executable).parent


def _untranslated(ts: Path) -> list[str]:
    missing = []
    for message in ET.parse(ts).getroot().iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete") \
                or not (translation.text or "").strip():
            missing.append(source)
    return missing


def test_translation_file_is_complete() -> None:
    root = ET.parse(TS).getroot()
    assert (root.get("sourcelanguage"), root.get("language")) == ("zh_CN", "en")
    assert _untranslated(TS) == []


@pytest.mark.skipif(not (BIN / "pyside6-lupdate").exists(), reason="pyside6-lupdate not installed")
def test_every_ui_string_is_in_the_translation_file(tmp_path: Path) -> None:
    copy = tmp_path / "yucai_en.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), *sources, "-source-language", "zh_CN",
                    "-target-language", "en", "-no-obsolete", "-locations", "none", "-ts", str(copy)],
                   check=True, capture_output=True)
    assert _untranslated(copy) == [], "run resources/i18n/refresh.sh and translate the new strings"


@pytest.mark.skipif(not (BIN / "pyside6-lrelease").exists(), reason="pyside6-lrelease not installed")
def test_compiled_translation_is_up_to_date(tmp_path: Path) -> None:
    fresh = tmp_path / "yucai_en.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(fresh)], check=True, capture_output=True)
    assert fresh.read_bytes() == QM.read_bytes(), "run resources/i18n/refresh.sh"
