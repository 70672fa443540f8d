"""UI fixtures: real widgets (offscreen), the real TokenService on the SoftHSM lab."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from desktop.config import TokenSettings
from desktop.demo.softhsm import Lab
from desktop.ui.application import GarbageCollector, configure_application, remove_translators


@pytest.fixture(scope="session", autouse=True)
def _configured_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application set up as the real one is (names, CJK font, garbage collected on the GUI
    thread), in Chinese."""
    translators = configure_application(qapp, "zh_CN")
    collector = GarbageCollector(qapp)
    yield qapp
    collector.stop()
    remove_translators(qapp, translators)


@pytest.fixture
def lab_settings(softhsm_lab: Lab) -> TokenSettings:
    return TokenSettings(module_paths=(softhsm_lab.module,), search_known_locations=False,
                         poll_seconds=0.3)


@pytest.fixture
def token_service(lab_settings: TokenSettings) -> Iterator[object]:
    from desktop.token.service import TokenService

    service = TokenService(lab_settings)
    yield service
    service.close()
