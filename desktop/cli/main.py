"""Dispatch of `yucai <command>`: one-line Chinese + English errors, never a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from desktop.domain.errors import UserCancelled, YucaiError

EXIT_OK = 0
EXIT_PROBLEM = 1  # the command ran and found a problem (no usable key, a bad signature)
EXIT_ERROR = 2  # the command could not run (bad input, unreadable file)


class CliError(YucaiError):
    code = "cli_error"


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="yucai", description="豫采桌面命令行 (Yucai Desktop)")
    sub = parser.add_subparsers(dest="command", required=True)
    from desktop.cli import diagnose

    diagnose.add_parser(sub)
    for name in ("sign", "verify"):
        try:
            module = __import__(f"desktop.cli.{name}", fromlist=["add_parser"])
        except ImportError:  # command not built yet in this checkout
            continue
        module.add_parser(sub)
    return parser


def main(argv: list[str]) -> int:
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed usage
        return EXIT_OK if exc.code == 0 else EXIT_ERROR
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        return run(args)
    except UserCancelled:
        print("yucai: 操作已取消 (cancelled)", file=sys.stderr)
        return EXIT_ERROR
    except YucaiError as exc:
        print(f"yucai: {exc.one_line()}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: still one line, never a traceback
        print(f"yucai: 内部错误 (internal error): {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR
