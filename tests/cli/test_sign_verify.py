"""`yucai sign` and `yucai verify` as whole processes on the SoftHSM2 lab: the DESIGN.md contract,
exit codes, one-line Chinese + English errors, no traceback, never a partial output file."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.softhsm import Lab
from tests.signing.conftest import nss_db  # noqa: F401 - the NSS database fixture (pdfsig trust)
from tests.signing.pdfs import PageSpec, build_pdf
from tests.signing.pdfsig import signed_entries

pytestmark = pytest.mark.softhsm

JSON_KEYS = {"field", "signer", "credit_code", "signing_time", "intact", "trusted", "covers_whole_document",
             "modifications"}


@pytest.fixture(scope="module")
def env(softhsm_lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("home")
    return {**os.environ, **softhsm_lab.env, "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "YUCAI_DATA_DIR": str(home / "yucai")}


def yucai(env: dict[str, str], *args: str, stdin: str = "",
          limit_file_size: int | None = None) -> subprocess.CompletedProcess[str]:
    def limits() -> None:  # runs in the child: a real "disk full" (EFBIG) for files we write
        if limit_file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    done = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                          input=stdin, env=env, timeout=120,
                          preexec_fn=limits if limit_file_size is not None else None)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def one_line_error(done: subprocess.CompletedProcess[str], *words: str) -> str:
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    line = lines[0]
    assert line.startswith("yucai: ")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in line), line  # Chinese
    assert "(" in line and any(ch.isascii() and ch.isalpha() for ch in line.split("(", 1)[1]), line  # English
    for word in words:
        assert word in line, line
    return line


def sign_args(lab: Lab, source: Path, out: Path, token: str, *extra: str, page: int = 1,
              at: str = "300,300") -> list[str]:
    return ["sign", str(source), "-o", str(out), "--page", str(page), "--at", at, "--module", lab.module,
            "--token", lab.token(token).label, *extra, "--pin-stdin"]


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    path = tmp_path / "合同.pdf"
    path.write_bytes(build_pdf([PageSpec(), PageSpec(rotate=90)]))
    return path


def test_sign_twice_then_verify(env: dict[str, str], softhsm_lab: Lab, contract: Path, tmp_path: Path,
                                nss_db: str) -> None:  # noqa: F811
    pin = softhsm_lab.token("unit_rsa").user_pin + "\n"
    before = hashlib.sha256(contract.read_bytes()).hexdigest()
    first = tmp_path / "采购人已签.pdf"
    done = yucai(env, *sign_args(softhsm_lab, contract, first, "unit_rsa", "--key-id", "a001"), stdin=pin)
    assert done.returncode == 0, done.stderr
    assert "已签章" in done.stdout and done.stderr == ""
    assert hashlib.sha256(contract.read_bytes()).hexdigest() == before

    second = tmp_path / "双方已签.pdf"
    pin2 = softhsm_lab.token("unit_ec").user_pin + "\n"
    # no --key-id: the token holds a unit and a personal certificate; the unit one is chosen
    done = yucai(env, *sign_args(softhsm_lab, first, second, "unit_ec", page=2, at="200,500"), stdin=pin2)
    assert done.returncode == 0, done.stderr

    entries = signed_entries(second, nss_db)
    assert entries["YucaiSeal1"].valid and entries["YucaiSeal1"].trusted
    assert entries["YucaiSeal2"].valid and entries["YucaiSeal2"].trusted
    assert entries["YucaiSeal2"].signer == softhsm_lab.token("unit_ec").certificate("b001").common_name

    done = yucai(env, "verify", str(second), "--trust", str(softhsm_lab.root_pem), "--json")
    assert done.returncode == 0, done.stderr
    reports: list[dict[str, Any]] = json.loads(done.stdout)
    assert len(reports) == 2 and all(set(r) >= JSON_KEYS for r in reports)
    expected_codes = [softhsm_lab.token("unit_rsa").certificate("a001").credit_code,
                      softhsm_lab.token("unit_ec").certificate("b001").credit_code]
    assert [r["credit_code"] for r in reports] == expected_codes
    assert all(r["intact"] and r["trusted"] and r["covers_whole_document"] for r in reports)
    assert reports[0]["modifications"] == ["signature"] and reports[1]["modifications"] == []

    done = yucai(env, "verify", str(second))  # no roots: intact but not trusted, text report
    assert done.returncode == 0
    for words in ("内容完整：是", "证书可信：否", "未配置受信任的根证书"):
        assert words in done.stdout

    again = tmp_path / "again.pdf"
    done = yucai(env, *sign_args(softhsm_lab, second, again, "unit_rsa", "--key-id", "a001"), stdin=pin)
    assert done.returncode == 2
    one_line_error(done, "只能签章一次", "only once")
    assert not again.exists()


def test_wrong_pin_leaves_nothing(env: dict[str, str], softhsm_lab: Lab, contract: Path,
                                  tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    args = sign_args(softhsm_lab, contract, out, "unit_rsa", "--key-id", "a001")
    done = yucai(env, *args, stdin="000000\n")
    assert done.returncode == 2
    one_line_error(done, "口令", "PIN")
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_disk_full_leaves_nothing(env: dict[str, str], softhsm_lab: Lab, contract: Path,
                                  tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    pin = softhsm_lab.token("unit_rsa").user_pin + "\n"
    done = yucai(env, *sign_args(softhsm_lab, contract, out, "unit_rsa", "--key-id", "a001"), stdin=pin,
                 limit_file_size=4096)
    assert done.returncode == 2
    one_line_error(done, "磁盘空间不足")
    assert not out.exists() and not list(tmp_path.glob(".*.part"))


@pytest.mark.parametrize(("content", "words"), [
    (b"", "空文件"),
    (b"hello, not a pdf", "不是 PDF"),
    (None, "损坏或不完整"),
])
def test_bad_input_files(content: bytes | None, words: str, env: dict[str, str], softhsm_lab: Lab,
                         tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(content if content is not None else build_pdf()[:400])
    out = tmp_path / "out.pdf"
    done = yucai(env, *sign_args(softhsm_lab, bad, out, "unit_rsa", "--key-id", "a001"), stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, words)
    assert not out.exists()
    done = yucai(env, "verify", str(bad), "--json")
    assert done.returncode == 2 and done.stdout == ""
    one_line_error(done, words)


def test_encrypted_input(env: dict[str, str], softhsm_lab: Lab, tmp_path: Path) -> None:
    from tests.signing.test_bad_files import _encrypted

    enc = tmp_path / "enc.pdf"
    enc.write_bytes(_encrypted("secret"))
    done = yucai(env, *sign_args(softhsm_lab, enc, tmp_path / "o.pdf", "unit_rsa"), stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, "已加密", "encrypted")
    done = yucai(env, "verify", str(enc))
    assert done.returncode == 2
    one_line_error(done, "已加密")


@pytest.mark.parametrize(("args", "words"), [
    (["--at", "1;2"], "--at"),
    (["--at", "x,y"], "--at"),
    (["--page", "0"], "页码"),
    (["--page", "9"], "超出范围"),
])
def test_argument_errors(args: list[str], words: str, env: dict[str, str], softhsm_lab: Lab, contract: Path,
                         tmp_path: Path) -> None:
    base = sign_args(softhsm_lab, contract, tmp_path / "o.pdf", "unit_rsa", "--key-id", "a001")
    for i in range(0, len(args), 2):
        base[base.index(args[i]) + 1] = args[i + 1]
    done = yucai(env, *base, stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, words)
    assert not (tmp_path / "o.pdf").exists()


def test_pin_must_come_from_stdin(env: dict[str, str], softhsm_lab: Lab, contract: Path,
                                  tmp_path: Path) -> None:
    args = sign_args(softhsm_lab, contract, tmp_path / "o.pdf", "unit_rsa")
    args.remove("--pin-stdin")
    done = yucai(env, *args)
    assert done.returncode == 2
    one_line_error(done, "--pin-stdin")


def test_key_choice_errors(env: dict[str, str], softhsm_lab: Lab, contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.pdf"
    done = yucai(env, *sign_args(softhsm_lab, contract, out, "problems"), stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, "多个可用于签章的证书", "--key-id")
    done = yucai(env, *sign_args(softhsm_lab, contract, out, "problems", "--key-id", "c001"),
                 stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, "证书已过期")
    done = yucai(env, *sign_args(softhsm_lab, contract, out, "problems", "--key-id", "c006"),
                 stdin=softhsm_lab.token("problems").user_pin + "\n")
    assert done.returncode == 2
    one_line_error(done, "私钥")
    done = yucai(env, *sign_args(softhsm_lab, contract, out, "unit_rsa", "--key-id", "ffff"),
                 stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, "ffff")
    args = sign_args(softhsm_lab, contract, out, "unit_rsa")
    args[args.index("--token") + 1] = "没有这个key"
    done = yucai(env, *args, stdin="123456\n")
    assert done.returncode == 2
    one_line_error(done, "未检测到 key")
    assert not out.exists()


def test_verify_exit_codes(env: dict[str, str], softhsm_lab: Lab, contract: Path, tmp_path: Path) -> None:
    done = yucai(env, "verify", str(contract), "--json")
    assert done.returncode == 1 and json.loads(done.stdout) == []
    one_line_error(done, "没有签章")

    signed = tmp_path / "signed.pdf"
    pin = softhsm_lab.token("unit_rsa").user_pin + "\n"
    assert yucai(env, *sign_args(softhsm_lab, contract, signed, "unit_rsa", "--key-id", "a001"),
                 stdin=pin).returncode == 0
    data = bytearray(signed.read_bytes())
    data[data.index(b"Test contract page") + 1] ^= 0x01
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    done = yucai(env, "verify", str(tampered), "--trust", str(softhsm_lab.root_pem), "--json")
    assert done.returncode == 1
    (report,) = json.loads(done.stdout)
    assert report["intact"] is False and report["trusted"] is False
    one_line_error(done, "签章已损坏", "not intact")

    appended = tmp_path / "appended.pdf"
    appended.write_bytes(signed.read_bytes() + b"%% more\n")
    done = yucai(env, "verify", str(appended), "--trust", str(softhsm_lab.root_pem), "--json")
    (report,) = json.loads(done.stdout)
    assert report["intact"] is True and report["covers_whole_document"] is False
    assert "unsigned_data" in report["modifications"]

    bad_root = tmp_path / "root.pem"
    bad_root.write_text("nope")
    done = yucai(env, "verify", str(signed), "--trust", str(bad_root))
    assert done.returncode == 2
    one_line_error(done, "根证书")


def imported_modules(importtime: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in importtime.splitlines() if line.startswith("import time")}


def test_offline_sign_process_never_loads_aiohttp(env: dict[str, str], softhsm_lab: Lab, contract: Path,
                                                  tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    args = sign_args(softhsm_lab, contract, out, "unit_rsa", "--key-id", "a001")
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop", *args],
                          input=softhsm_lab.token("unit_rsa").user_pin + "\n", capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    imported = imported_modules(done.stderr)
    assert "pyhanko.sign.signers.pdf_signer" in imported
    assert not {m for m in imported if m.split(".")[0] in ("aiohttp", "fontTools")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop", "verify", str(out)],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0
    imported = imported_modules(done.stderr)
    assert "pyhanko.sign.validation" in imported and "aiohttp" not in imported


def test_timestamp_server_gives_pades_b_t(env: dict[str, str], softhsm_lab: Lab, contract: Path,
                                         tmp_path: Path) -> None:
    from tests.signing.pki import SoftPki, make_tsa
    from tests.signing.tsa import tsa_server

    pki = SoftPki.create("CLI Timestamp")
    tsa_root = tmp_path / "tsa-root.pem"
    tsa_root.write_bytes(pki.root.pem)
    out = tmp_path / "bt.pdf"
    with tsa_server(make_tsa(pki.intermediate), [pki.intermediate, pki.root]) as url:
        args = sign_args(softhsm_lab, contract, out, "unit_rsa", "--key-id", "a001", "--tsa", url)
        done = yucai(env, *args, stdin=softhsm_lab.token("unit_rsa").user_pin + "\n")
    assert done.returncode == 0, done.stderr
    done = yucai(env, "verify", str(out), "--trust", str(softhsm_lab.root_pem), "--trust", str(tsa_root),
                 "--json")
    (report,) = json.loads(done.stdout)
    assert report["timestamped"] is True and report["trusted"] is True and report["intact"] is True


def test_sign_an_existing_field(env: dict[str, str], softhsm_lab: Lab, tmp_path: Path) -> None:
    source = tmp_path / "prepared.pdf"
    source.write_bytes(build_pdf([PageSpec()], empty_sig_fields=2))
    out = tmp_path / "signed.pdf"
    pin = softhsm_lab.token("unit_ec").user_pin + "\n"
    base = ["sign", str(source), "-o", str(out), "--module", softhsm_lab.module,
            "--token", softhsm_lab.token("unit_ec").label, "--pin-stdin"]
    done = yucai(env, *base, stdin=pin)
    assert done.returncode == 2
    one_line_error(done, "--page", "--at")
    done = yucai(env, *base, "--field", "Empty2", stdin=pin)
    assert done.returncode == 0, done.stderr
    done = yucai(env, "verify", str(out), "--trust", str(softhsm_lab.root_pem), "--json")
    (report,) = json.loads(done.stdout)
    assert report["field"] == "Empty2" and report["intact"] and report["trusted"]
    done = yucai(env, *base, "--field", "Nope", stdin=pin)
    assert done.returncode == 2
    one_line_error(done, "Nope")
