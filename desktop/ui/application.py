"""QApplication set-up: names, a CJK-capable UI font, translators, the window icon.

Chinese is the source language of every UI string. ``--lang en`` on the command line or
``YUCAI_LANG=en`` in the environment loads the English translation
(``resources/i18n/yucai_en.qm``; refresh it with ``resources/i18n/refresh.sh``).
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.config import RESOURCES

APP_NAME = "yucai"
ORGANIZATION = "Yucai Desktop"
I18N_DIR = RESOURCES / "i18n"
ICON_FILE = RESOURCES / "icons" / "yucai.svg"
BUNDLED_FONT = RESOURCES / "fonts" / "NotoSansCJKsc-Regular.otf"
# Windows first (what the handlers have), then the CJK fonts of Linux and macOS.
UI_FONT_FAMILIES = ("Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
                    "PingFang SC", "WenQuanYi Micro Hei")
UI_FONT_POINT_SIZE = 9  # the Windows UI size; Noto CJK at 9 pt stays legible
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"
LANG_ENV = "YUCAI_LANG"

log = logging.getLogger(__name__)


def choose_language(argv: Sequence[str], environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """The UI language from ``--lang X`` / ``--lang=X`` (wins) or ``YUCAI_LANG``, and ``argv``
    without the switch. Unknown values fall back to Chinese."""
    rest: list[str] = []
    chosen = environ.get(LANG_ENV, "")
    args = iter(argv)
    for arg in args:
        if arg == "--lang":
            chosen = next(args, "")
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    normalized = chosen.strip().replace("-", "_")
    if normalized.lower().startswith("en"):
        return "en", rest
    return DEFAULT_LANGUAGE, rest


def ui_font_family() -> str:
    """The first installed CJK UI font; the bundled Noto Sans CJK SC when there is none."""
    installed = set(QFontDatabase.families())
    for family in UI_FONT_FAMILIES:
        if family in installed:
            return family
    if BUNDLED_FONT.is_file():
        font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
    log.warning("no CJK font found; Chinese text may not render")
    return QFont().family()


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load our translation and Qt's own (standard buttons, file dialogs) for ``language``.

    The translators are children of ``app``, so they live as long as it does.
    """
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    wanted = [("qtbase_zh_CN", qt_dir)] if language == "zh_CN" else [("yucai_en", str(I18N_DIR))]
    for name, directory in wanted:
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
            translator.deleteLater()
    QLocale.setDefault(QLocale("zh_CN" if language == "zh_CN" else "en_US"))
    return installed


def remove_translators(app: QCoreApplication, translators: Sequence[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def configure_application(app: QApplication, language: str = DEFAULT_LANGUAGE) -> list[QTranslator]:
    """Names, font, icon and translators on an existing application (tests reuse one)."""
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setFont(QFont(ui_font_family(), UI_FONT_POINT_SIZE))
    if ICON_FILE.is_file():
        app.setWindowIcon(QIcon(str(ICON_FILE)))
    return install_translators(app, language)


class GarbageCollector(QObject):
    """Python's cycle collector runs on the GUI thread only (after Anki's ``GC``).

    Left automatic, a collection starts in whichever thread happens to allocate — often an
    :class:`~desktop.ui.ops.Op` worker — and may destroy Qt objects of a garbage cycle there, which
    crashes Qt. So automatic collection is off and a timer collects the generations whose counts
    passed their thresholds, on the GUI thread. :meth:`stop` turns automatic collection back on.
    """

    INTERVAL_MS = 1000

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(self.INTERVAL_MS)

    def check(self) -> None:
        counts = gc.get_count()
        if counts[0] > self.threshold[0]:
            generation = 2 if counts[2] > self.threshold[2] else 1 if counts[1] > self.threshold[1] else 0
            gc.collect(generation)

    def stop(self) -> None:
        self.timer.stop()
        gc.enable()


def create_application(argv: Sequence[str], language: str = DEFAULT_LANGUAGE) -> QApplication:
    app = QApplication(list(argv))
    configure_application(app, language)
    GarbageCollector(app)
    return app
