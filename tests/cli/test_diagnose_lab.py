"""`yucai diagnose` as a whole process on the SoftHSM2 lab: every case of the issue is reported
with its stable code, the JSON has the contracted fields, exit codes tell usable from not."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.demo.pki import CertProfile
from desktop.demo.softhsm import Lab, Problem, TokenSpec, build_lab

DAY = dt.timedelta(days=1)
PROBLEM_CODES = {
    Problem.EXPIRED: "cert_expired", Problem.NOT_YET_VALID: "cert_not_yet_valid",
    Problem.EXPIRING_SOON: "cert_expiring_soon", Problem.NO_IDENTITY: "not_unit_key",
    Problem.CREDIT_CODE_INVALID: "credit_code_invalid", Problem.NO_PRIVATE_KEY: "no_private_key",
    Problem.KEY_USAGE: "key_usage_unsuitable", Problem.UNREADABLE: "no_certificate",
}


def diagnose(lab_env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **lab_env}
    return subprocess.run([sys.executable, "-m", "desktop", "diagnose", "--module", lab_env["YUCAI_PKCS11_MODULE"],
                           *args], capture_output=True, text=True, input=stdin, env=env, timeout=120)


@pytest.fixture(scope="module")
def lab_report(softhsm_lab: Lab) -> tuple[int, dict[str, Any]]:
    result = diagnose(softhsm_lab.env, "--json")
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, json.loads(result.stdout)


def _tokens(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["label"]: t for m in document["modules"] for t in m["tokens"]}


def test_every_lab_problem_has_its_finding(softhsm_lab: Lab, lab_report: tuple[int, dict[str, Any]]) -> None:
    _, document = lab_report
    found = {(f["token_serial"], f["key_id"], f["code"]) for f in document["findings"]}
    for token in softhsm_lab.tokens.values():
        for cert in token.certificates:
            if cert.problem is not None:
                assert (token.serial, cert.key_id, PROBLEM_CODES[cert.problem]) in found, cert.label
        for garbage in token.garbage:
            assert (token.serial, garbage.key_id, "no_certificate") in found
    empty = softhsm_lab.token("empty")
    assert (empty.serial, None, "no_certificate") in found
    assert any(f["code"] == "token_not_initialized" for f in document["findings"])  # SoftHSM's free slot


def test_json_carries_the_contracted_certificate_fields(softhsm_lab: Lab,
                                                        lab_report: tuple[int, dict[str, Any]]) -> None:
    code, document = lab_report
    assert code == 0 and document["usable_key_found"] is True
    tokens = _tokens(document)
    for lab_token in softhsm_lab.tokens.values():
        certs = {c["key_id"]: c for c in tokens[lab_token.label]["certificates"]}
        for expected in lab_token.certificates:
            got = certs[expected.key_id]
            assert got["credit_code"] == expected.credit_code
            assert got["id_number"] == expected.id_number
            assert got["kind"] == expected.kind.value
            assert got["not_after"].startswith(expected.not_after.strftime("%Y-%m-%d"))
            assert got["has_private_key"] in (True, None) if expected.storage.value != "absent" else (
                got["has_private_key"] is None)
    for finding in document["findings"]:
        assert finding["message"] and finding["remedy"] and finding["severity"] in ("error", "warning", "info")


def test_keys_with_errors_are_not_usable(softhsm_lab: Lab, lab_report: tuple[int, dict[str, Any]]) -> None:
    _, document = lab_report
    usable = {(u["token_serial"], u["key_id"]) for u in document["usable_keys"]}
    problems = softhsm_lab.token("problems")
    for key_id in ("c001", "c002", "c005", "c006", "c007"):
        assert (problems.serial, key_id) not in usable
    assert (softhsm_lab.token("unit_rsa").serial, "a001") in usable
    assert (softhsm_lab.token("unit_ec").serial, "b001") in usable


def test_pin_check_confirms_the_missing_private_key(softhsm_lab: Lab) -> None:
    problems = softhsm_lab.token("problems")
    result = diagnose(softhsm_lab.env, "--json", "--pin-stdin", "--token", problems.label,
                      stdin=problems.user_pin + "\n")
    findings = json.loads(result.stdout)["findings"]
    missing = [f for f in findings if f["code"] == "no_private_key" and f["key_id"] == "c006"]
    assert missing and missing[0]["severity"] == "error"
    assert problems.user_pin not in result.stdout + result.stderr


def test_wrong_pin_is_a_finding_and_never_retried(softhsm_lab: Lab) -> None:
    token = softhsm_lab.token("crowded")
    result = diagnose(softhsm_lab.env, "--json", "--pin-stdin", "--token", token.label, stdin="999999\n")
    codes = [f["code"] for f in json.loads(result.stdout)["findings"] if f["token_serial"] == token.serial]
    assert codes.count("pin_incorrect") == 1 and "pin_count_low" in codes
    assert "999999" not in result.stdout + result.stderr


def test_pin_stdin_with_several_keys_asks_which_one(softhsm_lab: Lab) -> None:
    result = diagnose(softhsm_lab.env, "--pin-stdin", stdin="123456\n")
    assert result.returncode == 2 and "--token" in result.stderr


def test_text_report_is_readable_chinese(softhsm_lab: Lab) -> None:
    result = diagnose(softhsm_lab.env)
    assert result.returncode == 0
    assert "已找到可用的 key" in result.stdout and "问题证书key" in result.stdout
    assert "cert_expired" in result.stdout and "处理办法" in result.stdout


def test_only_broken_keys_exit_non_zero(tmp_path: Path, softhsm_lab: Lab) -> None:
    spec = TokenSpec("broken", "只有过期证书的key", profiles=(
        CertProfile("过期单位证书", bytes.fromhex("f001"), common_name="过期单位", organization="过期单位",
                    credit_code="91410100MA000000C0", not_before=-400 * DAY, not_after=-3 * DAY),))
    other = build_lab(tmp_path / "lab", [spec], module=softhsm_lab.module)
    result = diagnose(other.env, "--json")
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document["usable_key_found"] is False
    assert "cert_expired" in {f["code"] for f in document["findings"]}
