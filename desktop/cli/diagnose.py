"""`yucai diagnose`: placeholder until the key layer lands."""

from __future__ import annotations

import argparse


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diagnose", help="诊断 CA key (diagnose keys)")
    p.add_argument("--module", action="append", default=[])
    p.add_argument("--json", action="store_true")
    p.add_argument("--pin-stdin", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return 1
