"""The frozen app for the installer tests: built once with installer/yucai.spec, cached by content
(installer/build_cache.py: ``build/frozen/<hash>/yucai``, ~30 s when the tree changed)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
INSTALLER = REPO / "installer"


def load_installer_module(name: str) -> ModuleType:
    """installer/<name>.py, imported by path (installer/ is no package; `installer` is also a PyPI name)."""
    qualified = f"yucai_installer_{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    spec = importlib.util.spec_from_file_location(qualified, INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[qualified] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def frozen_app() -> Path:
    """``build/frozen/<hash>/yucai``: the frozen one-folder app of the current tree."""
    if importlib.util.find_spec("PyInstaller") is None:
        pytest.fail("PyInstaller is not installed: it is in the test extra (pip install -e '.[test]')")
    build_cache = load_installer_module("build_cache")
    try:
        return build_cache.frozen_app()
    except build_cache.BuildFailed as exc:
        pytest.fail(str(exc))
