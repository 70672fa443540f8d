"""Composition root: load the config, build the services, start the Qt application.

The only place that reads the process environment for the GUI and wires the layers together;
everything below receives what it needs through its constructor.

When no server URL is configured, the app starts its own local server (``yucai-server`` on
127.0.0.1 with the demo dataset, a SQLite file under the user data dir, the demo root CA as its
trust root and the demo key certificates bound to the demo accounts) as a child process, and
stops it on exit.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.config import AppConfig
    from desktop.domain.protocol import SessionGrant
    from desktop.sync.login import LoginService
    from desktop.token.service import TokenService
    from desktop.ui.login_dialog import KeyChoice

log = logging.getLogger(__name__)

LOCAL_HOST = "127.0.0.1"
SERVER_START_TIMEOUT = 20.0


def apply_demo_environment(data_dir: Path, demo_token_dir: Path, environ: MutableMapping[str, str],
                           *, force: bool = False) -> bool:
    """Point SoftHSM at the demo token when nothing else is configured.

    Applied when ``SOFTHSM2_CONF`` is unset (or ``force``, from ``--demo``) and the demo token
    exists; ``desktop.demo.token`` is optional (absent from a production build).
    """
    if ("SOFTHSM2_CONF" in environ and not force) or not demo_token_dir.is_dir():
        return False
    try:
        from desktop.demo.token import demo_environment
    except ImportError:
        log.info("demo token support not installed")
        return False
    try:
        values = demo_environment(data_dir)
    except RuntimeError as exc:  # SoftHSM2 itself is not installed
        log.warning("demo token not usable: %s", exc)
        return False
    environ.update({str(k): str(v) for k, v in dict(values).items()})
    return True


# --- the embedded local server ----------------------------------------------------------------

def server_configured(cfg: AppConfig) -> bool:
    """True when ``config.toml`` names a server (then the app never starts its own)."""
    from desktop.config import ServerSettings

    return cfg.server.url.rstrip("/") != ServerSettings().url.rstrip("/")


CLIENT_OPTION = "--client"
CLIENT_ENV = "YUCAI_CLIENT"


def client_name(argv: Sequence[str], environ: Mapping[str, str]) -> tuple[str, list[str]]:
    """``--client NAME`` (or ``YUCAI_CLIENT``): a second local store on the same machine — the demo's
    supplier next to the purchaser — and ``argv`` without the option. "" is the default store."""
    rest: list[str] = []
    name = environ.get(CLIENT_ENV, "")
    args = iter(argv)
    for arg in args:
        if arg == CLIENT_OPTION:
            name = next(args, "")
        elif arg.startswith(CLIENT_OPTION + "="):
            name = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    name = name.strip()
    if name and not all(ch.isalnum() or ch in "-_" for ch in name):
        raise ValueError(f"客户端名称只能包含字母、数字、- 和 _：{name!r} / client names may only use letters, "
                         "digits, - and _")
    return name, rest


def client_store_path(data_dir: Path, client: str) -> Path:
    return data_dir / "clients" / f"{client}.sqlite3" if client else data_dir / "yucai.sqlite3"


def running_server(url: str, timeout: float = 1.0) -> bool:
    """Whether a Yucai server already answers at ``url`` (another window's embedded server)."""
    import httpx

    try:
        answer = httpx.get(url.rstrip("/") + "/meta", timeout=timeout)
        return answer.status_code == 200 and "protocol_version" in answer.json()
    except (httpx.HTTPError, ValueError):
        return False


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if os.name == "posix":  # as uvicorn binds: a closed connection in TIME_WAIT does not block it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOCAL_HOST, port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCAL_HOST, 0))
        return int(sock.getsockname()[1])


def demo_server_files(demo_token_dir: Path) -> tuple[list[Path], list[Path]]:
    """(trust roots, certificates to bind) of the demo key set; empty when it is not there."""
    try:
        from desktop.demo.token import prebound_certificate_files, root_ca_file
    except ImportError:
        return [], []
    root = root_ca_file(demo_token_dir)
    return ([root] if root.is_file() else []), prebound_certificate_files(demo_token_dir)


def embedded_server_command(data_dir: Path, port: int, trust_roots: Sequence[Path], certificates: Sequence[Path],
                            *, python: str = sys.executable, parent_pid: int | None = None,
                            frozen: bool | None = None) -> list[str]:
    # A frozen build (installer/) has no `python -m`: its program runs the server as `yucai serve`.
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    server_dir = data_dir / "server"
    command = [python, *(["serve"] if frozen else ["-m", "server_stub"]),
               "--db", f"sqlite:///{server_dir / 'yucai-server.sqlite3'}", "--host", LOCAL_HOST,
               "--port", str(port), "--demo", "--blob-dir", str(server_dir / "blobs")]
    for root in trust_roots:
        command += ["--trust-root", str(root)]
    for cert in certificates:
        command += ["--demo-cert", str(cert)]
    if parent_pid is not None:
        command += ["--exit-with-parent", str(parent_pid)]
    return command


@dataclass
class EmbeddedServer:
    """``yucai-server`` running as our child process on 127.0.0.1 (restarted if it dies)."""

    command: list[str]
    port: int
    log_file: Path
    cwd: Path
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    _log: IO[bytes] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.port}"

    @classmethod
    def start(cls, data_dir: Path, demo_token_dir: Path, *, preferred_port: int) -> EmbeddedServer:
        roots, certs = demo_server_files(demo_token_dir)
        if not certs:
            log.warning("no demo certificates in %s: key login will not work until "
                        "`python -m desktop.demo.token --ensure` has run", demo_token_dir)
        port = preferred_port if preferred_port and _port_free(preferred_port) else _free_port()
        server_dir = data_dir / "server"
        server_dir.mkdir(parents=True, exist_ok=True)
        server = cls(command=embedded_server_command(data_dir, port, roots, certs, parent_pid=os.getpid()),
                     port=port, log_file=server_dir / "server.log", cwd=server_dir)
        server._spawn()
        return server

    def _spawn(self) -> None:
        if self._log is None:
            self._log = open(self.log_file, "ab")  # noqa: SIM115 (closed in stop())
        log.info("starting the local server on port %d (log: %s)", self.port, self.log_file)
        self.process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=self._log,
                                        stderr=subprocess.STDOUT, cwd=str(self.cwd))

    def wait_ready(self, timeout: float = SERVER_START_TIMEOUT) -> bool:
        """On a worker thread: wait until the server accepts connections, starting it again once
        if it has exited (crashed, or stopped by someone); False if it does not come up in time."""
        with self._lock:
            if self.command and self.process is not None and self.process.poll() is not None:
                log.warning("the local server exited (code %s): starting it again", self.process.returncode)
                self.restarts += 1
                self._spawn()
            process = self.process
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process is not None:
            if process.poll() is not None:
                return False
            try:
                with socket.create_connection((LOCAL_HOST, self.port), timeout=0.5):
                    return True
            except OSError:
                time.sleep(0.1)
        return False

    def stop(self, timeout: float = 5.0) -> None:
        with self._lock:
            process, self.command = self.process, []  # stopped for good: no restart
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout)
            if self._log is not None:
                self._log.close()
                self._log = None


# --- key login -------------------------------------------------------------------------------

def make_key_login(token_service: TokenService, login: LoginService) -> Callable[[KeyChoice, str], SessionGrant]:
    """``login_with_key(choice, pin)`` for the login dialog (runs on a worker): open the chosen key
    with the PIN typed in the dialog (handed over once, never retried), sign the server's nonce
    through :meth:`LoginService.login_with_key`, close the key."""
    from desktop.token.pin import FixedPin

    def login_with_key(choice: KeyChoice, pin: str) -> SessionGrant:
        key = token_service.open_signing_key(choice.module_path, choice.token_serial, choice.key_id,
                                             FixedPin(pin)).result()
        try:
            return login.login_with_key(key)
        finally:
            key.close()

    return login_with_key


def run_gui(argv: list[str]) -> int:
    from desktop import config
    from desktop.ui.application import choose_language, create_application

    language, rest = choose_language(argv, os.environ)
    try:
        client, rest = client_name(rest, os.environ)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    demo = "--demo" in rest
    rest = [a for a in rest if a != "--demo"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    paths = config.AppPaths.default()
    apply_demo_environment(paths.data_dir, paths.demo_token_dir, os.environ, force=demo)
    cfg = config.load(paths)  # after the demo environment: it may name the PKCS#11 module

    import httpx

    from desktop.store.database import Store
    from desktop.sync.client import ApiClient
    from desktop.sync.credentials import CredentialStore
    from desktop.sync.engine import SyncEngine
    from desktop.sync.errors import CredentialsUnavailable
    from desktop.sync.login import LoginService
    from desktop.token.service import TokenService
    from desktop.ui.main_window import MainWindow
    from desktop.ui.sync_controller import SyncWiring

    server: EmbeddedServer | None = None
    url = cfg.server.url
    if not server_configured(cfg) and not running_server(url):  # else: share the other window's server
        port = int(url.rstrip("/").rsplit(":", 1)[1])
        server = EmbeddedServer.start(paths.data_dir, paths.demo_token_dir, preferred_port=port)
        url = server.url
    store = Store.open(client_store_path(paths.data_dir, client))
    http = httpx.Client(base_url=url, timeout=httpx.Timeout(15.0, connect=5.0))
    api = ApiClient(http)
    credential_note = None
    credentials: CredentialStore | None
    try:
        credentials = CredentialStore(url, client=client)
    except CredentialsUnavailable as exc:
        log.warning("session not kept between runs: %s", exc.message_en)
        credentials, credential_note = None, exc.message
    login = LoginService(api, credentials)
    engine = SyncEngine(api, store, auto_full_resync=False)  # the user is asked before a full resync

    app = create_application(["yucai", *rest], language)
    service = TokenService(cfg.token)
    wiring = SyncWiring(engine=engine, login=login, key_login=make_key_login(service, login), server_url=url,
                        wait_ready=server.wait_ready if server is not None else None,
                        credential_note=credential_note,
                        clock=lambda: dt.datetime.now(dt.UTC))
    window = MainWindow(service, cfg.token, sync=wiring, contract_settings=cfg.contracts)
    if client:
        window.setWindowTitle(f"{window.windowTitle()} — {client}")
    try:
        window.show()
        window.start()
        return app.exec()
    finally:
        window.shutdown()
        service.close()
        http.close()
        store.close()
        if server is not None:
            server.stop()
