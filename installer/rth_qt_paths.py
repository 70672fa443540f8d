"""PyInstaller run-time hook: point Qt at the bundle's plugins without importing PySide6.

PyInstaller's own hook (pyi_rth_pyside6) sets the same variables but also imports PySide6 and
shiboken6 at every start to check for a second Qt binding and for an embedded qt.conf: about
30 ms that every `yucai diagnose|sign|verify` paid for a Qt it never loads. The PyPI PySide6
wheel makes its own qt.conf when it is imported, so the paths below are all the GUI needs.
yucai.spec swaps this hook in for PyInstaller's.
"""

import os
import sys

_qt = os.path.join(sys._MEIPASS, "PySide6", *(() if sys.platform.startswith("win") else ("Qt",)))
os.environ["QT_PLUGIN_PATH"] = os.path.join(_qt, "plugins")
os.environ["QML2_IMPORT_PATH"] = os.path.join(_qt, "qml")
del _qt
