"""``python -m desktop.demo.token --ensure``: builds the demo key set once, then only reports it.

Run as subprocesses with their own SOFTHSM2_CONF: this test process keeps the lab's configuration.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop.config import MODULE_ENV_VAR
from desktop.demo.softhsm import SoftHsmUnavailable, find_module
from desktop.demo.token import DEMO_TOKENS, MARKER, certificate_files, demo_environment, prebound_certificate_files

pytestmark = pytest.mark.softhsm


@pytest.fixture(scope="module", autouse=True)
def _needs_softhsm() -> None:
    try:
        find_module()
    except SoftHsmUnavailable as exc:
        pytest.fail(str(exc))


def run_demo(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "YUCAI_DATA_DIR": str(data_dir), **demo_environment(data_dir)}
    return subprocess.run([sys.executable, "-m", "desktop.demo.token", "--ensure", *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def show_slots(conf: str) -> str:
    return subprocess.run(["softhsm2-util", "--show-slots"], env={**os.environ, "SOFTHSM2_CONF": conf},
                          capture_output=True, text=True, check=True).stdout


def test_demo_environment(tmp_path: Path) -> None:
    env = demo_environment(tmp_path)
    assert env["SOFTHSM2_CONF"] == str(tmp_path / "demo-token" / "softhsm2.conf")
    assert env[MODULE_ENV_VAR] == find_module()


def test_ensure_builds_once_and_is_idempotent(tmp_path: Path) -> None:
    first = run_demo(tmp_path)
    assert first.returncode == 0, first.stderr
    directory = tmp_path / "demo-token"
    summary = json.loads((directory / MARKER).read_text(encoding="utf-8"))
    assert (directory / "root-ca.pem").is_file()
    assert [t["label"] for t in summary["tokens"]] == [s.label for s in DEMO_TOKENS]
    env = demo_environment(tmp_path)
    for line in (f"SOFTHSM2_CONF={env['SOFTHSM2_CONF']}", f"{MODULE_ENV_VAR}={env[MODULE_ENV_VAR]}",
                 "采购人演示key", "供应商演示key", "用户 PIN / user PIN: 123456"):
        assert line in first.stdout
    slots = show_slots(env["SOFTHSM2_CONF"])
    for token in summary["tokens"]:
        assert token["serial"] in slots
    algorithms = [c["algorithm"] for t in summary["tokens"] for c in t["certificates"]]
    assert algorithms == ["RSA-2048", "EC-P256", "EC-P256", "EC-P256", "EC-P256"]
    # the supplier's unit key and its operator's personal key are left for CA 自助绑定
    assert [p.stem.rsplit("-", 1)[0] for p in prebound_certificate_files(directory)] == ["personal", "purchaser"]
    assert len(certificate_files(directory)) == 5

    started = time.monotonic()
    second = run_demo(tmp_path)
    assert second.returncode == 0, second.stderr
    assert "已存在" in second.stdout
    assert json.loads((directory / MARKER).read_text(encoding="utf-8")) == summary
    assert show_slots(env["SOFTHSM2_CONF"]) == slots  # no token added or re-made
    assert time.monotonic() - started < 10


def test_explicit_directory(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    result = run_demo(tmp_path / "data", "--dir", str(target))
    assert result.returncode == 0, result.stderr
    assert (target / MARKER).is_file()
    assert not (tmp_path / "data" / "demo-token").exists()


def test_without_ensure_prints_help(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "desktop.demo.token"], capture_output=True, text=True,
                            timeout=60, check=False, env={**os.environ, "YUCAI_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2 and "--ensure" in result.stdout


def test_shell_output_can_be_evaluated(tmp_path: Path) -> None:
    result = run_demo(tmp_path, "--shell")
    assert result.returncode == 0, result.stderr
    env = demo_environment(tmp_path)
    lines = result.stdout.splitlines()
    assert lines == [f"export SOFTHSM2_CONF={env['SOFTHSM2_CONF']}", f"export {MODULE_ENV_VAR}={env[MODULE_ENV_VAR]}"]
    diagnose = subprocess.run(["bash", "-c", f"eval \"$({sys.executable} -m desktop.demo.token --ensure --shell)\""
                               f" && {sys.executable} -m desktop diagnose --json"],
                              env={**os.environ, "YUCAI_DATA_DIR": str(tmp_path)}, capture_output=True, text=True,
                              timeout=120)
    assert diagnose.returncode == 0, diagnose.stderr
    assert len(json.loads(diagnose.stdout)["usable_keys"]) == sum(len(t.profiles) for t in DEMO_TOKENS)


def test_a_set_from_an_older_version_is_rebuilt(tmp_path: Path) -> None:
    assert run_demo(tmp_path).returncode == 0
    marker = tmp_path / "demo-token" / MARKER
    summary = json.loads(marker.read_text(encoding="utf-8"))
    summary["tokens"] = summary["tokens"][:3]  # as written before the supplier's personal key existed
    marker.write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")
    again = run_demo(tmp_path)
    assert again.returncode == 0, again.stderr
    assert "已创建" in again.stdout
    assert len(json.loads(marker.read_text(encoding="utf-8"))["tokens"]) == len(DEMO_TOKENS)


def test_ca_binding_demo_walkthrough(tmp_path: Path) -> None:
    """Issue 5 "Done when": in the demo a new user binds the supplier's unit key, logs in with it,
    binds 李四's personal key, renews and unbinds it; every refusal says what to do."""
    assert run_demo(tmp_path).returncode == 0
    env = {**os.environ, **demo_environment(tmp_path), "YUCAI_DATA_DIR": str(tmp_path / "data")}
    run = subprocess.run([sys.executable, "-m", "tests.demo.binding_walkthrough", str(tmp_path)], env=env,
                         capture_output=True, text=True, timeout=300, cwd=Path(__file__).parents[2])
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert (out["status_before"], out["bound_username"], out["status_after"]) == ("未绑定", "hnycsf_jb", "已绑定")
    assert "不能再次绑定" in out["bind_again"]
    assert out["login"] == ["hnycsf_jb", "河南豫采示范科技有限公司"]
    assert "身份证" in out["wrong_person"]
    assert out["added"][:2] == ["李四", "hnycsf_jb"] and out["added"][2].startswith("将于")  # expires in 20 days
    assert out["renewed_warning"] is None and out["personal_login"] == "hnycsf_jb"
    assert out["unbound"] == "解绑"
    assert out["history"] == [[False, "续期"], [False, "解绑"]]
