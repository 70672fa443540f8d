"""`yucai`: without a subcommand start the desktop app, otherwise run the command line.

Qt is imported only on the GUI path, so `yucai diagnose|sign|verify` never loads it.

`yucai serve [yucai-server options]` is internal and not in `--help`: the same program as
`yucai-server`, for the frozen build (installer/), where ``sys.executable`` is the `yucai` program
itself and `python -m server_stub` is impossible. The app starts its embedded local server this
way when frozen (``desktop.app.embedded_server_command``).
"""

from __future__ import annotations

import os
import sys

SERVE = "serve"


def _serve(args: list[str]) -> int:
    """`yucai serve ...` = `yucai-server ...` (the embedded server of a frozen build)."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # a windowed program (yucai.exe) started without standard handles
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 (lives as long as we do)
    from server_stub.__main__ import main as server_main

    return server_main(args)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("--demo", "gui") or args[0].startswith(("--lang", "--client")):
        from desktop.app import run_gui

        return run_gui(args[1:] if args and args[0] == "gui" else args)
    if args[0] == SERVE:
        return _serve(args[1:])
    from desktop.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
