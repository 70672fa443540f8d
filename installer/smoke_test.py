"""Smoke test of the frozen app: the program in ``dist/yucai`` does its three jobs without the venv.

    .venv/bin/python installer/smoke_test.py dist/yucai [--work DIR] [--report report.json]

Run it with the project's Python (it builds its SoftHSM2 test token with ``desktop.demo``); the
frozen program itself runs with an environment stripped of the venv and of every ``PYTHON*``
variable, from a scratch working directory, with its own data and config directories.

1. ``yucai diagnose --json --module M`` on a fresh SoftHSM2 token finds the usable unit key
   (exit 0, the credit code read from the certificate);
2. ``yucai sign`` stamps the demo contract shipped *in the bundle* (``resources/demo``) with
   that key, using the bundled seal font, and ``yucai verify --trust ROOT --json`` reports one
   intact, trusted signature covering the whole file (and poppler's ``pdfsig`` agrees, when
   it is installed);
3. the embedded server, started with the very command line the app uses when frozen
   (``desktop.app.embedded_server_command``: ``yucai serve ...``), migrates its SQLite file, loads
   the demo data and answers ``GET /meta`` on 127.0.0.1 with our protocol version, then ends on
   SIGTERM;
4. the GUI, started with ``QT_QPA_PLATFORM=offscreen``, draws its main window: Qt's own
   ``qt.widgets.painting`` log says it flushed the widget named ``main_window`` to its window
   (the app needs no smoke-test switch), it stays up, loads the SVG icon engine, finds Qt's
   Chinese translation and our English one, and ends on SIGTERM without a traceback. Meanwhile
   the local server the GUI started itself answers ``GET /meta`` (its port is in the app's log),
   and it goes away once the GUI has ended (``--exit-with-parent``, POSIX).

Exit 0 when every check passes, 1 when one fails, 2 when the test cannot run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:  # the repository root (never desktop/ itself): desktop.demo builds the token
    sys.path.insert(0, str(REPO))

TOKEN_LABEL = "冒烟测试key"
UNIT_NAME = "河南豫采冒烟测试有限公司"
KEY_ID = "5101"
# What Qt logs (category qt.widgets.painting, debug) when the main window's pixels reach its window.
# qt.core.library says which plugin files Qt loaded: the SVG icon engine draws every icon we ship.
QT_LOGGING_RULES = "qt.widgets.painting.debug=true;qt.core.library.debug=true"
MAIN_WINDOW_DRAWN = re.compile(r'Flushing .* of MainWindow\(0x[0-9a-f]+, name="main_window"\)')
SVG_ICONS_LOADED = re.compile(r'qsvgicon[^"/\\]*" loaded library')
GUI_STAYS_UP_SECONDS = 2.0
LOCAL_HOST = "127.0.0.1"
# desktop.app logs this (INFO, on stderr) when it starts its embedded server.
SERVER_STARTED = re.compile(r"starting the local server on port (\d+)")
SERVER_READY_SECONDS = 60.0  # migrations and the demo data on a cold, busy machine
TERMINATED = (0, 1) if os.name == "nt" else (0, -signal.SIGTERM)  # a clean exit, or ended by our signal


class CannotRun(RuntimeError):
    pass


class CheckFailed(AssertionError):
    pass


@dataclass
class Report:
    program: str
    checks: dict[str, str] = field(default_factory=dict)  # name -> "ok" or the failure
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(v == "ok" for v in self.checks.values())


# --- the frozen program and its environment ---------------------------------------------------

def find_program(dist: Path) -> Path:
    """``dist/yucai`` (the folder) or the program itself -> the program to run."""
    if dist.is_file():
        return dist
    for name in ("yucai-console.exe", "yucai.exe", "yucai"):
        candidate = dist / name
        if candidate.is_file():
            return candidate
    raise CannotRun(f"no frozen yucai program in {dist} (build it with installer/build_linux.sh)")


def gui_program(program: Path) -> Path:
    windowed = program.with_name("yucai.exe")
    return windowed if program.name == "yucai-console.exe" and windowed.is_file() else program


def bundle_resources(program: Path) -> Path:
    for candidate in (program.parent / "_internal" / "resources", program.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise CheckFailed(f"no resources/ folder next to {program}")


def clean_environment(home: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a user who never saw our venv: no PYTHON*, no venv on PATH, own dirs."""
    venv_bin = str(Path(sys.prefix) / ("Scripts" if os.name == "nt" else "bin"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "YUCAI_", "SOFTHSM2_", "XDG_"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin)
    env.update({"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CACHE_HOME": str(home / "cache"), "YUCAI_DATA_DIR": str(home / "yucai")})
    if os.name == "nt":
        env.update({"LOCALAPPDATA": str(home / "AppData" / "Local"), "APPDATA": str(home / "AppData" / "Roaming")})
    env.update(extra or {})
    return env


def run(cmd: list[str], env: Mapping[str, str], cwd: Path, *, stdin: str = "",
        timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=dict(env), cwd=cwd, input=stdin, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout, check=False)
    return done, time.perf_counter() - start


def expect(condition: bool, message: str, done: subprocess.CompletedProcess[str] | None = None) -> None:
    if not condition:
        detail = f"\n  exit {done.returncode}\n  stdout: {done.stdout[-2000:]}\n  stderr: {done.stderr[-2000:]}" \
            if done is not None else ""
        raise CheckFailed(message + detail)


# --- the test token ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TestToken:
    module: str
    conf: Path
    root_pem: Path
    label: str
    pin: str
    credit_code: str


def build_token(directory: Path) -> TestToken:
    """One SoftHSM2 token with an RSA-2048 unit key and its certificate (issued by a fresh demo CA)."""
    from desktop.demo import pki
    from desktop.demo.softhsm import SoftHsmUnavailable, TokenSpec, build_lab, find_module

    try:
        module = find_module()
    except SoftHsmUnavailable as exc:
        raise CannotRun(str(exc)) from exc
    spec = TokenSpec("smoke", TOKEN_LABEL, ca_certificate=True, profiles=(
        pki.CertProfile(f"{UNIT_NAME}单位证书", bytes.fromhex(KEY_ID), "rsa2048", UNIT_NAME, UNIT_NAME,
                        credit_code=pki.PURCHASER_CREDIT_CODE),))
    lab = build_lab(directory, [spec], module=module)
    token = lab.token("smoke")
    return TestToken(module=module, conf=lab.conf, root_pem=lab.root_pem, label=token.label,
                     pin=token.user_pin, credit_code=pki.PURCHASER_CREDIT_CODE)


# --- the checks -------------------------------------------------------------------------------

def check_resources(program: Path) -> None:
    spec = importlib.util.spec_from_file_location("yucai_installer_build_cache", HERE / "build_cache.py")
    assert spec is not None and spec.loader is not None
    build_cache = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_cache)
    bundle = build_cache.load_bundle()  # installer/bundle.py: the declared resource list
    shipped = bundle_resources(program)
    expected = [p.relative_to(bundle.RESOURCES) for p in bundle.resource_files()]
    missing = [str(p) for p in expected if not (shipped / p).is_file()]
    expect(not missing, f"resources missing from the bundle: {missing}")


def check_diagnose(program: Path, env: Mapping[str, str], cwd: Path, token: TestToken, report: Report) -> None:
    done, report.seconds["diagnose"] = run([str(program), "diagnose", "--json", "--module", token.module], env, cwd)
    expect(done.returncode == 0, "diagnose --json should exit 0 (a usable key is present)", done)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise CheckFailed(f"diagnose --json printed no JSON: {exc}: {done.stdout[:500]}") from exc
    expect(report.get("usable_key_found") is True, "diagnose: usable_key_found is not true", done)
    text = json.dumps(report.get("usable_keys"), ensure_ascii=False)
    expect(token.credit_code in text, f"diagnose: the unit's credit code {token.credit_code} is not reported", done)
    expect("Traceback" not in done.stderr, "diagnose wrote a traceback", done)


def check_sign_and_verify(program: Path, env: Mapping[str, str], cwd: Path, token: TestToken,
                          report: Report) -> None:
    contract = bundle_resources(program) / "demo" / "contract.pdf"
    signed = cwd / "采购人已签.pdf"
    done, report.seconds["sign"] = run(
        [str(program), "sign", str(contract), "-o", str(signed), "--page", "2", "--at", "160,520",
         "--module", token.module, "--token", token.label, "--key-id", KEY_ID, "--pin-stdin"],
        env, cwd, stdin=token.pin + "\n")
    expect(done.returncode == 0 and signed.is_file(), "sign: the demo contract was not signed", done)
    expect("Traceback" not in done.stderr, "sign wrote a traceback", done)

    done, report.seconds["verify"] = run(
        [str(program), "verify", str(signed), "--trust", str(token.root_pem), "--json"], env, cwd)
    expect(done.returncode == 0, "verify --json should exit 0 for an intact signature", done)
    entries = json.loads(done.stdout)
    signatures = entries.get("signatures", entries) if isinstance(entries, dict) else entries
    expect(isinstance(signatures, list) and len(signatures) == 1, f"verify: expected one signature: {entries}")
    entry = signatures[0]
    for key in ("intact", "trusted", "covers_whole_document"):
        expect(entry.get(key) is True, f"verify: {key} is not true: {entry}")
    expect(entry.get("credit_code") == token.credit_code, f"verify: wrong credit code: {entry}")

    pdfsig = shutil.which("pdfsig")
    if pdfsig:  # an independent reader of the same file (trust needs an NSS db; integrity is enough here)
        done, _ = run([pdfsig, str(signed)], env, cwd)
        expect("Signature is Valid" in done.stdout, "pdfsig does not call the signature valid", done)


# --- the embedded server ----------------------------------------------------------------------

def get_meta(port: int, timeout: float = 2.0) -> dict[str, Any]:
    """``GET /meta`` on 127.0.0.1 (never through a proxy)."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(f"http://{LOCAL_HOST}:{port}/meta", timeout=timeout) as response:
        body = json.loads(response.read().decode("utf-8"))
    if not isinstance(body, dict):
        raise CheckFailed(f"GET /meta: not a JSON object: {body!r}")
    return body


def wait_for_meta(port: int, alive: Callable[[], bool], seconds: float = SERVER_READY_SECONDS) -> dict[str, Any]:
    """Poll ``GET /meta`` until the server answers; CheckFailed if it ends or stays silent."""
    from desktop.domain.protocol import PROTOCOL_VERSION

    deadline = time.monotonic() + seconds
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            meta = get_meta(port)
        except urllib.error.HTTPError as exc:  # it is up but the request failed: no point in waiting
            raise CheckFailed(f"GET /meta on port {port}: HTTP {exc.code}: {exc.read()[:500]!r}") from exc
        except (OSError, ValueError) as exc:  # not listening yet
            last = exc
            if not alive():
                raise CheckFailed(f"the server ended before answering GET /meta on port {port}") from exc
            time.sleep(0.1)
            continue
        expect(meta.get("protocol_version") == PROTOCOL_VERSION and isinstance(meta.get("revision"), int)
               and bool(meta.get("server_time")), f"GET /meta: unexpected answer {meta}")
        return meta
    raise CheckFailed(f"GET /meta on port {port} did not answer within {seconds:.0f} s: {last}")


def port_closed(port: int, seconds: float) -> bool:
    """Whether nothing accepts connections on 127.0.0.1:port within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection((LOCAL_HOST, port), timeout=0.5):
                pass
        except OSError:
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCAL_HOST, 0))
        return int(sock.getsockname()[1])


def check_server(program: Path, env: Mapping[str, str], work: Path, token: TestToken, report: Report) -> None:
    """The app's own command line for its embedded server, run with the frozen program."""
    from desktop.app import embedded_server_command

    data_dir = work / "server-data"
    (data_dir / "server").mkdir(parents=True, exist_ok=True)
    port = free_port()
    command = embedded_server_command(data_dir, port, [token.root_pem], [], python=str(program),
                                      parent_pid=os.getpid(), frozen=True)
    expect(command[1] == "serve", f"the frozen app's server command is not `yucai serve`: {command}")
    log_file = data_dir / "server" / "server.log"
    start = time.perf_counter()
    with open(log_file, "wb") as log:
        proc = subprocess.Popen(command, env=dict(env), cwd=data_dir / "server", stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_meta(port, lambda: proc.poll() is None)
            report.seconds["server_to_meta"] = time.perf_counter() - start
        except CheckFailed as exc:
            raise CheckFailed(f"{exc}\n  server log: {log_file.read_text(errors='replace')[-3000:]}") from None
        finally:
            if proc.poll() is None:
                proc.terminate()
            try:
                returncode = proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                returncode = proc.wait()
    output = log_file.read_text(encoding="utf-8", errors="replace")
    expect("Traceback" not in output, f"the server wrote a traceback:\n{output[-3000:]}")
    expect(returncode in (0, *TERMINATED), f"the server ended with exit {returncode} on SIGTERM:\n{output[-3000:]}")
    expect(port_closed(port, 5), f"port {port} still answers after the server ended")


# --- the GUI ----------------------------------------------------------------------------------

@dataclass
class GuiRun:
    seconds_to_window: float | None
    returncode: int | None
    stderr: str
    alive_after_window: bool
    on_window_error: str | None = None  # what ``on_window`` raised (CheckFailed), if anything


def run_gui(program: Path, env: Mapping[str, str], cwd: Path, *, args: tuple[str, ...] = (),
            timeout: float = 60.0, stay_up: float = GUI_STAYS_UP_SECONDS,
            on_window: Callable[[Callable[[], str]], None] | None = None) -> GuiRun:
    """Start the GUI offscreen, wait until Qt says the main window was drawn, then SIGTERM it.

    ``on_window(stderr_so_far)`` runs once the window is drawn, before the ``stay_up`` wait (the
    GUI is still running); a CheckFailed it raises is kept in ``GuiRun.on_window_error``.
    Returns the seconds from process start to the main window's first flush (None if it never
    came), and what the process said and how it ended.
    """
    gui_env = dict(env, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES=QT_LOGGING_RULES)
    lines: list[str] = []
    seen = threading.Event()
    start = time.perf_counter()
    drawn_at: list[float] = []
    proc = subprocess.Popen([str(program), *args], env=gui_env, cwd=cwd, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                            errors="replace")

    def reader() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.append(line)
            if not seen.is_set() and MAIN_WINDOW_DRAWN.search(line):
                drawn_at.append(time.perf_counter() - start)
                seen.set()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = start + timeout
    while not seen.is_set() and proc.poll() is None and time.perf_counter() < deadline:
        seen.wait(0.01)
    alive = False
    on_window_error: str | None = None
    if seen.is_set():
        if on_window is not None:
            try:
                on_window(lambda: "".join(lines))
            except CheckFailed as exc:
                on_window_error = str(exc)
        time.sleep(stay_up)
        alive = proc.poll() is None
    if proc.poll() is None:
        proc.terminate()  # SIGTERM; TerminateProcess on Windows
    try:
        returncode: int | None = proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        returncode = proc.wait()
    thread.join(timeout=5)
    return GuiRun(drawn_at[0] if drawn_at else None, returncode, "".join(lines), alive, on_window_error)


def check_gui(program: Path, env: Mapping[str, str], cwd: Path, report: Report, language: str) -> None:
    # `yucai` alone starts the GUI in Chinese; options need the explicit `gui` subcommand.
    args: tuple[str, ...] = () if language == "zh_CN" else ("gui", "--lang", language)
    translation = "qtbase_zh_CN" if language == "zh_CN" else f"yucai_{language}"
    ports: list[int] = []

    def embedded_server_answers(stderr_so_far: Callable[[], str]) -> None:
        """The local server the GUI started (no server is configured here) answers GET /meta."""
        deadline = time.monotonic() + SERVER_READY_SECONDS
        while not (started := SERVER_STARTED.search(stderr_so_far())) and time.monotonic() < deadline:
            time.sleep(0.1)
        if started is None:
            raise CheckFailed("the GUI did not log `starting the local server on port N`")
        ports.append(int(started.group(1)))
        start = time.perf_counter()
        wait_for_meta(ports[0], lambda: True, seconds=max(1.0, deadline - time.monotonic()))
        report.seconds[f"gui_{language}_server_to_meta"] = time.perf_counter() - start

    result = run_gui(program, env, cwd, args=args, on_window=embedded_server_answers)
    tail = "\n  stderr: " + result.stderr[-3000:]
    if result.seconds_to_window is None:
        raise CheckFailed(f"the main window was never drawn (exit {result.returncode}){tail}")
    expect(result.alive_after_window, f"the process ended right after showing its window{tail}")
    expect("Traceback" not in result.stderr, f"a traceback on stderr{tail}")
    expect(f"translation {translation} not found" not in result.stderr,
           f"translation {translation} is not in the bundle{tail}")
    expect(result.returncode in TERMINATED, f"exit {result.returncode} on SIGTERM{tail}")
    expect(bool(SVG_ICONS_LOADED.search(result.stderr)), f"Qt's SVG icon engine was not loaded from the bundle{tail}")
    server_log = env.get("YUCAI_DATA_DIR", "") and Path(env["YUCAI_DATA_DIR"]) / "server" / "server.log"
    server_tail = (f"\n  server log: {server_log.read_text(errors='replace')[-3000:]}"
                   if server_log and server_log.is_file() else "")
    expect(result.on_window_error is None, f"the embedded server: {result.on_window_error}{server_tail}{tail}")
    if os.name == "posix" and ports:  # --exit-with-parent: the server notices its parent is gone (1 s polls)
        expect(port_closed(ports[0], 10), f"the embedded server (port {ports[0]}) outlived the GUI{server_tail}")
    report.seconds[f"gui_{language}_to_main_window"] = result.seconds_to_window


def smoke(dist: Path, work: Path, *, gui: bool = True) -> Report:
    program = find_program(dist.resolve())
    report = Report(program=str(program))
    home = work / "home"
    cwd = work / "cwd"
    cwd.mkdir(parents=True, exist_ok=True)
    token = build_token(work / "token")
    env = clean_environment(home, {"SOFTHSM2_CONF": str(token.conf)})

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("every declared resource is in the bundle", lambda: check_resources(program)),
        ("diagnose --json finds the usable key", lambda: check_diagnose(program, env, cwd, token, report)),
        ("sign the bundled demo contract, verify it", lambda: check_sign_and_verify(program, env, cwd, token, report)),
        ("yucai serve (the embedded server) answers GET /meta",
         lambda: check_server(program, env, work, token, report)),
    ]
    if gui:
        gui_env = dict(env, YUCAI_PKCS11_MODULE=token.module)
        steps += [(f"GUI draws its main window offscreen ({language})",
                   lambda language=language: check_gui(gui_program(program), gui_env, cwd, report, language))
                  for language in ("zh_CN", "en")]
    for name, step in steps:
        try:
            step()
        except CheckFailed as exc:
            report.checks[name] = f"FAILED: {exc}"
        else:
            report.checks[name] = "ok"
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("dist", type=Path, help="the one-folder build (dist/yucai) or the program in it")
    parser.add_argument("--work", type=Path, help="scratch directory (default: a temporary one, removed)")
    parser.add_argument("--report", type=Path, help="also write the report as JSON here")
    parser.add_argument("--no-gui", action="store_true", help="skip the GUI check")
    args = parser.parse_args(argv)
    try:
        if args.work:
            args.work.mkdir(parents=True, exist_ok=True)
            report = smoke(args.dist, args.work, gui=not args.no_gui)
        else:
            with tempfile.TemporaryDirectory(prefix="yucai-smoke-") as tmp:
                report = smoke(args.dist, Path(tmp), gui=not args.no_gui)
    except CannotRun as exc:
        print(f"smoke test cannot run: {exc}", file=sys.stderr)
        return 2
    for name, verdict in report.checks.items():
        print(f"{'ok ' if verdict == 'ok' else 'FAIL'} {name}" + ("" if verdict == "ok" else f"\n     {verdict}"))
    for name, seconds in report.seconds.items():
        print(f"     {name}: {seconds:.2f} s")
    if args.report:
        args.report.write_text(json.dumps(asdict(report) | {"ok": report.ok}, ensure_ascii=False, indent=2),
                               encoding="utf-8")
    print("smoke test passed" if report.ok else "smoke test FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
