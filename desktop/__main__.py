"""`yucai`: without a subcommand start the desktop app, otherwise run the command line.

Qt is imported only on the GUI path, so `yucai diagnose|sign|verify` never loads it.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in ("--demo", "gui") or args[0].startswith("--lang"):
        from desktop.app import run_gui

        return run_gui(args[1:] if args and args[0] == "gui" else args)
    from desktop.cli.main import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
