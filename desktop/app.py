"""Composition root: load the config, build the services, start the Qt application.

The only place that reads the process environment for the GUI and wires the layers together;
everything below receives what it needs through its constructor.
"""

from __future__ import annotations

import logging
import os
from collections.abc import MutableMapping
from pathlib import Path

log = logging.getLogger(__name__)


def apply_demo_environment(data_dir: Path, demo_token_dir: Path, environ: MutableMapping[str, str],
                           *, force: bool = False) -> bool:
    """Point SoftHSM at the demo token when nothing else is configured.

    Applied when ``SOFTHSM2_CONF`` is unset (or ``force``, from ``--demo``) and the demo token
    exists; ``desktop.demo.token`` is optional (absent from a production build).
    """
    if ("SOFTHSM2_CONF" in environ and not force) or not demo_token_dir.is_dir():
        return False
    try:
        from desktop.demo.token import demo_environment
    except ImportError:
        log.info("demo token support not installed")
        return False
    try:
        values = demo_environment(data_dir)
    except RuntimeError as exc:  # SoftHSM2 itself is not installed
        log.warning("demo token not usable: %s", exc)
        return False
    environ.update({str(k): str(v) for k, v in dict(values).items()})
    return True


def run_gui(argv: list[str]) -> int:
    from desktop import config
    from desktop.ui.application import choose_language, create_application

    language, rest = choose_language(argv, os.environ)
    demo = "--demo" in rest
    rest = [a for a in rest if a != "--demo"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    paths = config.AppPaths.default()
    apply_demo_environment(paths.data_dir, paths.demo_token_dir, os.environ, force=demo)
    cfg = config.load(paths)  # after the demo environment: it may name the PKCS#11 module

    from desktop.token.service import TokenService
    from desktop.ui.main_window import MainWindow

    app = create_application(["yucai", *rest], language)
    service = TokenService(cfg.token)
    window = MainWindow(service, cfg.token)
    try:
        window.show()
        window.start()
        return app.exec()
    finally:
        window.shutdown()
        service.close()
