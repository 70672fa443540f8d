"""`yucai sign IN.pdf -o OUT.pdf --page N --at X,Y [--module PATH] [--token LABEL] [--key-id HEX]
--pin-stdin`: stamp a visible seal centred at (X, Y) (PDF points, user space) on page N.

Extensions (optional, beyond DESIGN.md): ``--field NAME`` signs an existing empty signature
field instead of --page/--at (needed for documents certified "form filling and signing"),
``--tsa URL`` adds an RFC 3161 timestamp (PAdES B-T), ``--seal-image PNG`` replaces the drawn seal.

Composition: config -> TokenService -> scan -> choose the token and the certificate -> PIN
from stdin -> open the key on the token -> desktop.signing.sign_pdf. The file, the page and
the output folder are checked before the PIN is used, so a typo never costs a PIN try.
pyHanko is imported only when the signature is made (after the login).
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import config
from desktop.cli.main import EXIT_OK, CliError
from desktop.signing.api import SigningKey
from desktop.token.inventory import CertificateInfo, Inventory, ModuleReport, TokenInfo

if TYPE_CHECKING:
    from desktop.signing.sign import SealPlacement, SignResult

_SIGNING_FAMILIES = ("RSA", "EC")


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "sign", help="用 CA key 在 PDF 上签章 (sign a PDF with a visible seal)",
        description="用 CA key 在 PDF 的第 N 页签章，印章中心位于 (X,Y)（PDF 坐标，单位为点，原点在左下角）。"
                    "口令从标准输入读取。原文件不会被修改。")
    p.add_argument("input", metavar="IN.pdf", type=Path, help="要签章的 PDF (the PDF to sign)")
    p.add_argument("-o", "--output", metavar="OUT.pdf", type=Path, required=True,
                   help="签章后的文件 (the signed PDF to write)")
    p.add_argument("--page", type=int, metavar="N", help="页码，从 1 开始 (page, from 1)")
    p.add_argument("--at", metavar="X,Y",
                   help="印章中心，PDF 坐标（点）(seal centre in PDF user-space points)")
    p.add_argument("--field", metavar="NAME",
                   help="签入已有的空白签名域，代替 --page/--at (sign an existing empty signature field)")
    p.add_argument("--module", action="append", default=[], metavar="PATH",
                   help="PKCS#11 驱动路径（可重复）(PKCS#11 module; repeatable)")
    p.add_argument("--token", metavar="LABEL", help="key 的标签 (token label)")
    p.add_argument("--key-id", metavar="HEX", help="证书的 CKA_ID（十六进制）(certificate CKA_ID, hex)")
    p.add_argument("--pin-stdin", action="store_true", help="从标准输入读取口令 (read the PIN from stdin)")
    p.add_argument("--tsa", metavar="URL", help="RFC 3161 时间戳服务器 (timestamp server: PAdES B-T)")
    p.add_argument("--seal-image", metavar="PNG", type=Path,
                   help="印章图片 (seal image instead of the drawn seal)")
    p.set_defaults(run=run)


def parse_point(text: str) -> tuple[float, float]:
    parts = text.replace("，", ",").split(",")
    try:
        if len(parts) != 2:
            raise ValueError(text)
        x, y = float(parts[0]), float(parts[1])
    except ValueError:
        raise CliError(f"--at 应为“X,Y”（PDF 坐标，单位为点），不是“{text}”",
                       f"--at must be X,Y in PDF points, not {text!r}") from None
    if x != x or y != y or abs(x) == float("inf") or abs(y) == float("inf"):
        raise CliError(f"--at 坐标无效：“{text}”", f"invalid --at coordinates {text!r}")
    return x, y


@dataclass(frozen=True)
class Choice:
    module: ModuleReport
    token: TokenInfo
    cert: CertificateInfo


def _signing_certs(token: TokenInfo) -> list[CertificateInfo]:
    return [c for c in token.certificates
            if not c.is_ca and c.can_sign and c.has_private_key is not False
            and c.key_algorithm.split("-")[0] in _SIGNING_FAMILIES]


def choose_key(inventory: Inventory, label: str | None, key_id: str | None,
               now: dt.datetime) -> Choice:
    """The token and certificate to sign with: named by --token/--key-id, or the only one."""
    tokens = [(m, t) for m, t in inventory.tokens() if t.initialized and (label is None or t.label == label)]
    if not tokens:
        problems = [m.error for m in inventory.modules if m.error is not None]
        if label is None and problems and not any(m.loaded for m in inventory.modules):
            raise problems[0]
        where = f"（标签“{label}”）" if label else ""
        raise CliError(f"未检测到 key{where}，请插入 CA 锁",
                       "no token found" + (f" with label {label!r}" if label else ""))
    wanted = key_id.lower().replace(":", "").replace(" ", "") if key_id else None
    choices = [Choice(m, t, c) for m, t in tokens for c in _signing_certs(t)
               if wanted is None or c.key_id == wanted]
    if wanted is not None and not choices:
        raise CliError(f"key 中没有 CKA_ID 为 {wanted} 的签名证书",
                       f"no signing certificate with CKA_ID {wanted}")
    if wanted is None:
        current = [c for c in choices if c.cert.not_before <= now <= c.cert.not_after]
        choices = current or choices
    if not choices:
        raise CliError("key 中没有可用于签章的证书（需要带私钥、可签名的 RSA 或 ECDSA 证书）",
                       "no certificate usable for signing on the token")
    units = [c for c in choices if c.cert.credit_code]
    if len(choices) > 1 and len(units) == 1:
        choices = units  # a seal is the unit's: prefer the one unit certificate (单位证书)
    if len(choices) > 1:
        listed = "，".join(f"{c.token.label}/{c.cert.key_id}（{c.cert.display_name}）"
                          for c in choices)
        raise CliError(f"有多个可用于签章的证书，请用 --token 和 --key-id 指定：{listed}",
                       "several signing certificates: choose one with --token and --key-id")
    choice = choices[0]
    cert = choice.cert
    if now > cert.not_after:
        raise CliError(f"证书已过期（有效期至 {cert.not_after:%Y-%m-%d}），请联系 CA 续期",
                       f"the certificate expired on {cert.not_after:%Y-%m-%d}")
    if now < cert.not_before:
        raise CliError(f"证书尚未生效（生效时间 {cert.not_before:%Y-%m-%d}）",
                       f"the certificate is not valid before {cert.not_before:%Y-%m-%d}")
    return choice


def quiet_libraries() -> None:
    """pyHanko logs warnings with tracebacks; the CLI promises one line, so keep them quiet."""
    import logging

    for name in ("pyhanko", "pyhanko_certvalidator", "fontTools"):
        logging.getLogger(name).addHandler(logging.NullHandler())
        logging.getLogger(name).propagate = False


def run(args: argparse.Namespace) -> int:
    from desktop.signing.lazy_imports import defer_aiohttp

    defer_aiohttp()  # before pyHanko loads: signing offline never needs aiohttp (~80 ms)
    from desktop.signing.atomic import check_output_path
    from desktop.signing.pdfinput import open_pdf

    if not args.pin_stdin:
        raise CliError("请用 --pin-stdin 从标准输入提供口令", "the PIN must be given with --pin-stdin")
    if args.field is None and (args.page is None or args.at is None):
        raise CliError("请用 --page 和 --at 指定签章位置（或用 --field 指定已有的签名域）",
                       "give the seal position with --page and --at (or an existing field with --field)")
    center = parse_point(args.at) if args.at is not None else (0.0, 0.0)
    page = args.page if args.page is not None else 1
    if page < 1:
        raise CliError(f"页码从 1 开始，不是 {page}", f"pages count from 1, not {page}")
    quiet_libraries()
    # everything about the files first: a mistake here must not cost a PIN try
    from desktop.signing.sign import SealPlacement, preflight

    out = check_output_path(args.output, args.input)
    doc = open_pdf(args.input)
    placement = SealPlacement(page - 1, center, field=args.field)
    if args.field is None:
        doc.page_geometry(page - 1)
    if args.seal_image is not None:
        from desktop.signing.appearance import load_seal_image

        load_seal_image(args.seal_image)

    from desktop.cli.pin_stdin import read_pin_stdin
    from desktop.token.service import TokenService

    pin = read_pin_stdin()
    cfg = config.load()
    settings = cfg.token
    if args.module:
        settings = replace(settings, module_paths=tuple(args.module), env_module=None,
                           search_known_locations=False)
    service = TokenService(settings)
    try:
        inventory = service.scan().result()
        choice = choose_key(inventory, args.token, args.key_id, dt.datetime.now(dt.UTC))
        preflight(doc, choice.cert.der, placement)  # 只能签章一次, locked files: before the PIN is used
        key = service.open_signing_key(choice.module.path, choice.token.serial, choice.cert.key_id,
                                       pin).result()
        try:
            result = _sign(args, out, key, placement)
        finally:
            key.close()
    finally:
        service.close()
    print(f"已签章：{result.output}（第 {result.page_index + 1} 页，签名域 {result.field_name}，"
          f"SHA-256 {result.sha256}）")
    return EXIT_OK


def _sign(args: argparse.Namespace, out: Path, key: SigningKey, placement: SealPlacement) -> SignResult:
    from desktop.signing.sign import SignOptions, sign_pdf
    from desktop.signing.trust import bundled_ca

    bundled = bundled_ca(config.RESOURCES / "ca")
    options = SignOptions(timestamp_url=args.tsa, seal_image=args.seal_image,
                          extra_certificates=bundled.intermediates)
    return sign_pdf(args.input, out, key, placement, options)
