"""Composition root: load the config, build the services, start the Qt application."""

from __future__ import annotations


def run_gui(argv: list[str]) -> int:
    from desktop import config
    from desktop.ui.application import run

    return run(config.load(), argv)
