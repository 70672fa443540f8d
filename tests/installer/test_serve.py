"""`yucai serve`: how a frozen app starts its embedded server (no `python -m` there), checked from the venv."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.__main__ import main
from desktop.app import embedded_server_command
from tests.installer.conftest import load_installer_module

smoke = load_installer_module("smoke_test")
VENV_YUCAI = Path(sys.prefix) / ("Scripts/yucai.exe" if os.name == "nt" else "bin/yucai")


def test_the_command_depends_on_whether_the_program_is_frozen(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    frozen = embedded_server_command(tmp_path, 8765, [], [], python="/opt/yucai/yucai", frozen=True)
    venv = embedded_server_command(tmp_path, 8765, [], [], python="/venv/bin/python", frozen=False)
    assert frozen[:2] == ["/opt/yucai/yucai", "serve"]
    assert venv[:3] == ["/venv/bin/python", "-m", "server_stub"]
    assert frozen[2:] == venv[3:]  # the same yucai-server options either way
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # what PyInstaller's bootloader sets
    assert embedded_server_command(tmp_path, 8765, [], [], python="/opt/yucai/yucai")[1] == "serve"
    monkeypatch.delattr(sys, "frozen")
    assert embedded_server_command(tmp_path, 8765, [], [])[1:3] == ["-m", "server_stub"]


def test_serve_is_yucai_server_and_stays_out_of_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--help"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.startswith("usage: yucai-server")
    try:
        main(["--help"])  # the command line prints its help (and returns or exits 0)
    except SystemExit as exc:
        assert exc.code == 0
    help_text = capsys.readouterr().out
    assert "diagnose" in help_text and "serve" not in help_text


@pytest.mark.slow
def test_yucai_serve_answers_meta(tmp_path: Path) -> None:
    """The app's own frozen-style command, run with the venv's `yucai` program, migrates and serves."""
    if not VENV_YUCAI.is_file():
        pytest.skip(f"{VENV_YUCAI} not installed (pip install -e .)")
    port = smoke.free_port()
    command = embedded_server_command(tmp_path, port, [], [], python=str(VENV_YUCAI), parent_pid=os.getpid(),
                                      frozen=True)
    (tmp_path / "server").mkdir()
    log = tmp_path / "server" / "server.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                cwd=tmp_path / "server")
        try:
            meta = smoke.wait_for_meta(port, lambda: proc.poll() is None)
        except smoke.CheckFailed as exc:
            pytest.fail(f"{exc}\n{log.read_text(errors='replace')[-3000:]}")
        finally:
            proc.terminate()
            proc.wait(timeout=15)
    assert isinstance(meta["revision"], int)
    assert (tmp_path / "server" / "yucai-server.sqlite3").is_file()
    assert "Traceback" not in log.read_text(errors="replace")
