"""The demo key set: ``python -m desktop.demo.token --ensure [--dir D]``.

Creates, once, SoftHSM2 tokens a user can try the app with (purchaser unit key, supplier unit
key, personal key) under ``AppPaths.default().demo_token_dir`` (``YUCAI_DATA_DIR`` moves it),
plus the demo root CA. Running it again only prints what is there. The certificates on the
tokens are also exported as PEM files under ``certs/`` (:func:`export_certificates`), so the
embedded demo server (``yucai-server --demo --demo-cert FILE``) can bind them to its accounts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from desktop.config import MODULE_ENV_VAR, AppPaths
from desktop.demo import pki
from desktop.demo.pki import CertProfile
from desktop.demo.softhsm import SO_PIN, USER_PIN, Lab, SoftHsmUnavailable, TokenSpec, build_lab, find_module

MARKER = "demo-token.json"  # written last: its presence means the set is complete
CERTS_DIR = "certs"  # the end-entity certificates of the tokens, one PEM file each
ROOT_CA_FILE = "root-ca.pem"

PURCHASER_UNIT = "河南省郑州市某某局"
SUPPLIER_UNIT = "河南豫采示范科技有限公司"
PERSON_NAME = "张三"
SUPPLIER_PERSON_NAME = "李四"

DEMO_TOKENS: tuple[TokenSpec, ...] = (
    TokenSpec("purchaser", "采购人演示key", ca_certificate=True, profiles=(
        CertProfile(f"{PURCHASER_UNIT}单位证书", bytes.fromhex("0101"), "rsa2048", PURCHASER_UNIT,
                    PURCHASER_UNIT, credit_code=pki.PURCHASER_CREDIT_CODE),)),
    TokenSpec("supplier", "供应商演示key", ca_certificate=True, profiles=(
        CertProfile(f"{SUPPLIER_UNIT}单位证书", bytes.fromhex("0201"), "ec256", SUPPLIER_UNIT, SUPPLIER_UNIT,
                    credit_code=pki.SUPPLIER_CREDIT_CODE),)),
    TokenSpec("personal", "个人演示key", ca_certificate=True, profiles=(
        CertProfile(f"{PERSON_NAME}个人证书", bytes.fromhex("0301"), "ec256", PERSON_NAME, PURCHASER_UNIT,
                    id_number=pki.PERSON_ID_NUMBER),)),
    TokenSpec("supplier_personal", "供应商个人演示key", ca_certificate=True, profiles=(
        CertProfile(f"{SUPPLIER_PERSON_NAME}个人证书", bytes.fromhex("0401"), "ec256", SUPPLIER_PERSON_NAME,
                    SUPPLIER_UNIT, id_number=pki.PERSON2_ID_NUMBER, not_after=dt.timedelta(days=20)),
        # the certificate the CA issues at renewal (续期): same person, a new serial and validity
        CertProfile(f"{SUPPLIER_PERSON_NAME}个人证书（续期）", bytes.fromhex("0402"), "ec256", SUPPLIER_PERSON_NAME,
                    SUPPLIER_UNIT, id_number=pki.PERSON2_ID_NUMBER, not_before=dt.timedelta(days=-1),
                    not_after=dt.timedelta(days=3 * 365)),)),
)
PREBOUND_TOKENS = ("purchaser", "personal")
"""The demo server binds these keys to their accounts at start. The supplier's unit key and its
operator's personal key stay unbound: the demo walks through CA 自助绑定 with them (issue 5)."""


def demo_dir(data_dir: Path) -> Path:
    return AppPaths(data_dir=data_dir, config_file=data_dir / "config.toml").demo_token_dir


def demo_environment(data_dir: Path) -> dict[str, str]:
    """The environment the app needs to use the demo keys. Raises SoftHsmUnavailable."""
    return {"SOFTHSM2_CONF": str(demo_dir(data_dir) / "softhsm2.conf"), MODULE_ENV_VAR: find_module()}


def ensure(directory: Path) -> tuple[dict[str, object], bool]:
    """Build the demo set in ``directory`` unless complete; return (summary, created).

    Also exports the token certificates to ``certs/``.
    """
    marker = directory / MARKER
    if marker.is_file() and (directory / "softhsm2.conf").is_file() and any((directory / "tokens").glob("*")) \
            and certificate_files(directory):
        summary = json.loads(marker.read_text(encoding="utf-8"))
        built = [(t["label"], [c["label"] for c in t["certificates"]]) for t in summary["tokens"]]
        if built == [(t.label, [p.label for p in t.profiles]) for t in DEMO_TOKENS]:
            return summary, False
        # a set from an older version (other keys): rebuild it
    shutil.rmtree(directory / "tokens", ignore_errors=True)  # a half-built set from an interrupted run
    shutil.rmtree(directory / CERTS_DIR, ignore_errors=True)
    lab = build_lab(directory, DEMO_TOKENS)
    export_certificates(directory, [(f"{t.name}-{c.key_id}", c.der) for t in lab.tokens.values()
                                    for c in t.certificates])
    summary = _summary(lab)
    marker.write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    return summary, True


def certificate_files(directory: Path) -> list[Path]:
    """The exported certificates of the demo set in ``directory`` (empty when not exported)."""
    return sorted((directory / CERTS_DIR).glob("*.pem"))


def prebound_certificate_files(directory: Path) -> list[Path]:
    """The exported certificates the demo server binds at start (:data:`PREBOUND_TOKENS`)."""
    return [path for path in certificate_files(directory) if path.stem.rsplit("-", 1)[0] in PREBOUND_TOKENS]


def root_ca_file(directory: Path) -> Path:
    return directory / ROOT_CA_FILE


def export_certificates(directory: Path, certificates: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write each (name, DER) as ``certs/<name>.pem``; written to a temp dir, then moved in place."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    target = directory / CERTS_DIR
    staging = directory / (CERTS_DIR + ".tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for name, der in certificates:
        pem = x509.load_der_x509_certificate(der).public_bytes(Encoding.PEM)
        (staging / f"{name}.pem").write_bytes(pem)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return certificate_files(directory)


def _summary(lab: Lab) -> dict[str, object]:
    tokens = []
    for token in lab.tokens.values():
        certs = [{"label": c.label, "key_id": c.key_id, "subject_cn": c.common_name,
                  "algorithm": c.key_algorithm, "credit_code": c.credit_code, "id_number": c.id_number,
                  "not_after": c.not_after.isoformat()} for c in token.certificates]
        tokens.append({"label": token.label, "serial": token.serial, "certificates": certs})
    return {"directory": str(lab.directory), "root_ca": str(lab.root_pem), "user_pin": USER_PIN,
            "so_pin": SO_PIN, "tokens": tokens, "env": lab.env}


def _print(summary: dict[str, object], created: bool) -> None:
    head = ("已创建演示 key / demo tokens created" if created
            else "演示 key 已存在 / demo tokens already exist")
    print(f"{head}: {summary['directory']}")
    for token in summary["tokens"]:  # type: ignore[attr-defined]
        print(f"  {token['label']}（序列号 serial {token['serial']}）")
        for cert in token["certificates"]:
            code = (f"统一社会信用代码 credit code {cert['credit_code']}" if cert["credit_code"]
                    else f"身份证号码 ID number {cert['id_number']}")
            until = cert["not_after"][:10]
            print(f"    {cert['subject_cn']}  {code}  {cert['algorithm']}  有效期至 valid until {until}")
    print(f"用户 PIN / user PIN: {summary['user_pin']}    管理员 PIN / SO PIN: {summary['so_pin']}")
    print(f"演示根证书 / demo root CA: {summary['root_ca']}")
    print(f"演示证书（供演示服务器绑定）/ demo certificates for the demo server: "
          f"{Path(str(summary['directory'])) / CERTS_DIR}")
    print("应用需要的环境变量 / environment for the app:")
    for key, value in summary["env"].items():  # type: ignore[attr-defined]
        print(f"  {key}={value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.demo.token",
                                     description="创建演示用 SoftHSM2 key / create the demo SoftHSM2 tokens")
    parser.add_argument("--ensure", action="store_true", help="创建（若不存在）/ create if absent")
    parser.add_argument("--dir", type=Path, default=None,
                        help="目录 / directory (default: the app's data dir)")
    parser.add_argument("--shell", action="store_true",
                        help="只输出 export 语句，供 eval 使用 / print only `export` lines for eval")
    args = parser.parse_args(argv)
    if not args.ensure:
        parser.print_help()
        return 2
    directory = args.dir or AppPaths.default().demo_token_dir
    try:
        summary, created = ensure(directory)
    except SoftHsmUnavailable as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (OSError, RuntimeError) as exc:
        print(f"创建演示 key 失败 / cannot create the demo tokens: {exc}", file=sys.stderr)
        return 1
    if args.shell:
        for key, value in summary["env"].items():  # type: ignore[attr-defined]
            print(f"export {key}={shlex.quote(str(value))}")
        return 0
    _print(summary, created)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
