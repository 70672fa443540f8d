"""Entry point of the frozen app (PyInstaller's script): the same ``main`` as the ``yucai`` console script.

Kept outside ``desktop/`` on purpose: the directory of the entry script lands on ``sys.path``
during analysis, and ``desktop/token/`` would shadow the standard library's ``token`` module.
"""

from __future__ import annotations

import multiprocessing
import sys

from desktop.__main__ import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a spawned child of the frozen app re-enters here
    sys.exit(main())
