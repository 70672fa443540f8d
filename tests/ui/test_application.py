"""Application set-up: language choice, CJK font, the composition root's demo switch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from desktop.app import apply_demo_environment
from desktop.ui.application import UI_FONT_FAMILIES, choose_language, ui_font_family


def test_language_from_switch_or_environment() -> None:
    assert choose_language([], {}) == ("zh_CN", [])
    assert choose_language(["--lang", "en", "--demo"], {}) == ("en", ["--demo"])
    assert choose_language(["--lang=en_US"], {}) == ("en", [])
    assert choose_language([], {"YUCAI_LANG": "en"}) == ("en", [])
    assert choose_language(["--lang", "zh_CN"], {"YUCAI_LANG": "en"}) == ("zh_CN", [])
    assert choose_language(["--lang", "fr"], {}) == ("zh_CN", [])


def test_ui_font_can_draw_chinese(qapp: QApplication) -> None:
    family = ui_font_family()
    assert family in UI_FONT_FAMILIES or "CJK" in family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)
    assert QFontInfo(qapp.font()).family() == family
    assert qapp.applicationName() == "yucai"


def test_demo_environment_only_when_nothing_is_configured(tmp_path: Path) -> None:
    demo_dir = tmp_path / "demo-token"
    env = {"SOFTHSM2_CONF": "/etc/softhsm/softhsm2.conf"}
    assert not apply_demo_environment(tmp_path, demo_dir, env)  # no demo token yet
    demo_dir.mkdir()
    assert not apply_demo_environment(tmp_path, demo_dir, env)  # the user's own SoftHSM wins
    assert env == {"SOFTHSM2_CONF": "/etc/softhsm/softhsm2.conf"}
    assert apply_demo_environment(tmp_path, demo_dir, env, force=True)  # `yucai --demo`
    assert env["SOFTHSM2_CONF"] == str(demo_dir / "softhsm2.conf")
    env = {}
    assert apply_demo_environment(tmp_path, demo_dir, env)
    assert env["SOFTHSM2_CONF"] == str(demo_dir / "softhsm2.conf") and env["YUCAI_PKCS11_MODULE"]
