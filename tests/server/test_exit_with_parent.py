"""``yucai-server --exit-with-parent PID``: the embedded server ends when the app that started it is
killed (POSIX: it notices being re-parented). Real processes, SIGKILL on the parent."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the POSIX watch (Windows waits on a process handle)")

PARENT = """
import subprocess, sys
child = subprocess.Popen([sys.executable, "-m", "server_stub", "--db", sys.argv[1], "--port", sys.argv[2],
                          "--blob-dir", sys.argv[3], "--exit-with-parent", str(__import__("os").getpid())])
print(child.pid, flush=True)
child.wait()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")  # a zombie has exited (nobody reaped it yet)


def test_the_server_exits_when_its_parent_is_killed(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    parent = subprocess.Popen([sys.executable, "-c", PARENT, f"sqlite:///{tmp_path / 's.sqlite3'}",
                               str(free_port()), str(tmp_path / "blobs")], cwd=root, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True)
    assert parent.stdout is not None
    server_pid = int(parent.stdout.readline())
    try:
        time.sleep(0.5)
        assert running(server_pid)
        parent.send_signal(signal.SIGKILL)  # no chance to stop its child
        parent.wait(10)
        deadline = time.monotonic() + 15
        while running(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not running(server_pid)
    finally:
        parent.stdout.close()
        if running(server_pid):
            os.kill(server_pid, signal.SIGKILL)
