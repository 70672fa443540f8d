"""`yucai diagnose [--module PATH]... [--json] [--pin-stdin] [--token LABEL]`.

Lists modules, slots, tokens and certificates with their identity fields, and one finding per
problem with its remedy. Exit 0 only when a usable key is found. Imports neither Qt nor pyhanko.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING

from desktop.cli.main import EXIT_OK, EXIT_PROBLEM, CliError

if TYPE_CHECKING:  # the key layer is imported when the command runs, not when `yucai sign` parses
    from desktop.token.inventory import Inventory, LoginCheck, ModuleReport, TokenInfo


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diagnose", help="诊断 CA key：驱动、key、证书与问题 (diagnose keys)",
                       description="列出 PKCS#11 驱动、key 与证书，并对每个问题给出处理办法。"
                                   "找到可用的 key 时退出码为 0。")
    p.add_argument("--module", action="append", default=[], metavar="PATH",
                   help="只检查这个 PKCS#11 驱动（可重复）(only this PKCS#11 module; repeatable)")
    p.add_argument("--json", action="store_true", help="输出 JSON (print one JSON document)")
    p.add_argument("--pin-stdin", action="store_true",
                   help="从标准输入读取口令，登录后确认私钥可用 (read the PIN from stdin and check keys)")
    p.add_argument("--token", metavar="LABEL", help="配合 --pin-stdin 选择 key (token label for --pin-stdin)")
    p.set_defaults(run=run)


def _login_target(inventory: Inventory, label: str | None) -> tuple[ModuleReport, TokenInfo]:
    """The one token a PIN is meant for: trying a PIN on the wrong key uses up its tries."""
    candidates = [(m, t) for m, t in inventory.tokens() if t.initialized and t.certificates
                  and (label is None or t.label == label)]
    if not candidates:
        raise CliError("没有可以输入口令检查的 key" + (f"（标签“{label}”）" if label else ""),
                       "no token to check with a PIN" + (f" (label {label!r})" if label else ""))
    if len(candidates) > 1:
        raise CliError("插入了多个 key，请用 --token 指定要输入口令的 key",
                       "several tokens present: choose one with --token")
    return candidates[0]


def run(args: argparse.Namespace) -> int:
    from desktop import config
    from desktop.cli.pin_stdin import read_pin_stdin
    from desktop.token.report import build_report, report_to_json, report_to_text
    from desktop.token.service import TokenService

    cfg = config.load()
    settings = cfg.token
    if args.module:
        settings = replace(settings, module_paths=tuple(args.module), env_module=None,
                           search_known_locations=False)
    pin = read_pin_stdin() if args.pin_stdin else None
    service = TokenService(settings)
    try:
        inventory = service.scan().result()
        checks: list[LoginCheck] = []
        if pin is not None:
            module, token = _login_target(inventory, args.token)
            checks.append(service.check_login(module.path, token.serial, pin).result())
    finally:
        service.close()
    report = build_report(inventory, now=dt.datetime.now(dt.UTC), login_checks=checks,
                          expiry_warning_days=settings.expiry_warning_days)
    if args.json:
        json.dump(report_to_json(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report_to_text(report))
    return EXIT_OK if report.usable_key_found else EXIT_PROBLEM
