"""Real servers for tests: uvicorn on 127.0.0.1 in a thread (stoppable and restartable on the
same port) and a throwaway PostgreSQL cluster started with initdb/pg_ctl in a tmp dir."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn
from fastapi import FastAPI


class LiveServer:
    """``server_stub`` served by uvicorn in a thread; ``stop()`` then ``start()`` keeps the port."""

    def __init__(self, app: FastAPI, port: int = 0) -> None:
        self.app = app
        self.port = port
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=20)
        self._server = self._thread = None

    @property
    def running(self) -> bool:
        return self._server is not None


class MovableClock:
    """The server's clock in tests: real time plus an offset a test may change."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC) + self.offset


# --- PostgreSQL -------------------------------------------------------------------------------

def _as_postgres_user() -> list[str]:
    """initdb and postgres refuse to run as root: run them as the ``postgres`` user then."""
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise RuntimeError("running as root needs runuser to start PostgreSQL as another user")
    return [runuser, "-u", "postgres", "--"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PostgresCluster:
    directory: Path
    port: int
    databases: list[str] = field(default_factory=list)

    @property
    def socket_dir(self) -> Path:
        return self.directory / "socket"

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.socket_dir}&port={self.port}"

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=str(self.socket_dir), port=self.port, user="postgres", dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[arg-type,unused-ignore]

    def create_database(self) -> str:
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("/")[-1].split("?")[0]
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_postgres() -> PostgresCluster:
    for tool in ("initdb", "pg_ctl", "postgres"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} not found: install PostgreSQL (scripts/setup.sh)")
    directory = Path(tempfile.mkdtemp(prefix="yucai-pg-"))
    (directory / "socket").mkdir()
    prefix = _as_postgres_user()
    if prefix:
        shutil.chown(directory, "postgres")
        shutil.chown(directory / "socket", "postgres")
        directory.chmod(0o755)
    data = directory / "data"
    subprocess.run([*prefix, "initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C", "--no-sync"], check=True, capture_output=True)
    port = _free_port()
    options = f"-k {directory / 'socket'} -p {port} -c listen_addresses='' -c fsync=off"
    subprocess.run([*prefix, "pg_ctl", "-D", str(data), "-l", str(directory / "postgres.log"), "-o", options,
                    "-w", "-t", "60", "start"], check=True, capture_output=True)
    return PostgresCluster(directory=directory, port=port)


def stop_postgres(cluster: PostgresCluster) -> None:
    subprocess.run([*_as_postgres_user(), "pg_ctl", "-D", str(cluster.directory / "data"), "-m", "immediate",
                    "-w", "stop"], check=False, capture_output=True)
    shutil.rmtree(cluster.directory, ignore_errors=True)
