"""QApplication set-up (placeholder until the GUI shell lands)."""

from __future__ import annotations

import sys

from desktop.config import AppConfig


def run(cfg: AppConfig, argv: list[str]) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0], *argv])
    win = QMainWindow()
    win.setWindowTitle("豫采桌面")
    win.show()
    return app.exec()
