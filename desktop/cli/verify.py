"""`yucai verify FILE.pdf [--trust ROOT.pem]... [--json]`: one entry per signature.

Trust roots: every ``--trust`` file, the config's ``signing.trust_roots`` and the roots shipped
in ``resources/ca/roots``. Exit 0 when the file has signatures and all are intact; 1 when a
signature is not intact or there is none; 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import config
from desktop.cli.main import EXIT_OK, EXIT_PROBLEM

if TYPE_CHECKING:
    from desktop.signing.verify import SignatureReport


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify", help="验证 PDF 中的签章 (verify the signatures in a PDF)",
                       description="逐个列出签章：签章人、统一社会信用代码、签章时间、是否完整、是否可信、"
                                   "是否覆盖整个文件。所有签章完整时退出码为 0。")
    p.add_argument("file", metavar="FILE.pdf", type=Path, help="要验证的 PDF (the PDF to check)")
    p.add_argument("--trust", action="append", default=[], type=Path, metavar="ROOT.pem",
                   help="受信任的根证书（可重复）(trusted root certificate; repeatable)")
    p.add_argument("--json", action="store_true", help="输出 JSON (print one JSON document)")
    p.set_defaults(run=run)


def _yes(value: bool | None) -> str:
    return "未知" if value is None else ("是" if value else "否")


def report_text(reports: tuple[SignatureReport, ...], path: Path) -> str:
    from desktop.signing.verify import CHANGE_LABELS

    lines = [f"文件：{path}", f"签章数：{len(reports)}"]
    for i, r in enumerate(reports, start=1):
        when = r.signing_time.astimezone().strftime("%Y-%m-%d %H:%M:%S %z") if r.signing_time else "未知"
        changes = "；".join(CHANGE_LABELS[c][0] for c in r.modifications) or "无"
        lines += [
            "",
            f"签章 {i}：{r.field}" + ("" if r.valid else "  【有问题】"),
            f"  签章人：{r.signer or '未知'}",
            f"  单位：{r.unit or '—'}",
            f"  统一社会信用代码：{r.credit_code or '证书中未找到'}",
            f"  签章时间：{when}" + ("（时间戳）" if r.timestamped else "（签章电脑时间）"),
            f"  证书有效期：{r.certificate.not_before:%Y-%m-%d} 至 {r.certificate.not_after:%Y-%m-%d}"
            f"（签章时有效：{_yes(r.certificate.valid_at_signing)}）",
            f"  内容完整：{_yes(r.intact)}",
            f"  证书可信：{_yes(r.trusted)}" + (f"（{r.trust_problem}）" if r.trust_problem else ""),
            f"  覆盖整个文件：{_yes(r.covers_whole_document)}",
            f"  之后的修改：{changes}",
        ]
        if r.error:
            lines.append(f"  错误：{r.error}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from desktop.signing.lazy_imports import defer_aiohttp

    defer_aiohttp()  # before pyHanko loads: validation here never fetches (~80 ms saved)
    from desktop.cli.sign import quiet_libraries
    from desktop.signing.pdfinput import open_pdf
    from desktop.signing.trust import bundled_ca, load_certificates
    from desktop.signing.verify import verify_document

    quiet_libraries()
    doc = open_pdf(args.file)  # bad files fail here, before any trust file is read
    cfg = config.load()
    bundled = bundled_ca(config.RESOURCES / "ca")
    roots: list[bytes] = list(bundled.roots)
    for path in (*cfg.trust_roots, *args.trust):
        roots.extend(load_certificates(path))
    reports = verify_document(doc, roots, bundled.intermediates)
    if args.json:
        json.dump([r.to_json() for r in reports], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(report_text(reports, args.file))
    if not reports:
        print("yucai: 文件中没有签章 (the document has no signatures)", file=sys.stderr)
        return EXIT_PROBLEM
    broken = [r.field for r in reports if not r.intact]
    if broken:
        print(f"yucai: 签章已损坏：{'、'.join(broken)} (signature not intact: {', '.join(broken)})",
              file=sys.stderr)
        return EXIT_PROBLEM
    return EXIT_OK
