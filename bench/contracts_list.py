"""合同在线签订 benchmark: the list at 100,000 contracts, and the GUI's longest stall while signing
and uploading.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/contracts_list.py [--rows 100000] [--runs 7]
        [--upload-mb 15]

1. Opening the list: a real ``ContractsPage`` over a real store holding N contracts (written as a
   pull writes them), from construction until the first page is on screen (the model's first
   keyset page arrived; the count runs separately and is timed too). Median of R opens at
   100 rows and at N rows, and the ratio. Target < 2x.
2. The longest GUI event-loop stall, measured with a 5 ms ``QTimer`` heartbeat (the largest gap
   between two ticks, minus the interval):
   a. signing in the sign dialog's workbench: a real SoftHSM key (a throwaway lab), the demo
      contract opened and rendered, the key checked, the seal placed, the PIN supplied by a
      ``PinSource``, pyHanko signing, the signature verified;
   b. uploading: ``add_contract`` with a PDF of ``--upload-mb`` MB (checked, hashed, copied) and
      ``SyncEngine.sync()`` pushing it in chunks to the real server (``python -m server_stub`` on
      loopback), both on workers as the app runs them.
   Target < 50 ms.

Prints the figures; exits 0 whatever they are (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.domain.protocol import AccountInfo, Change  # noqa: E402
from desktop.store import Store  # noqa: E402

PURCHASER = AccountInfo(account_id="acc-mmj-jb", username="zzmmj_jb", unit_id="mmj-zz", unit_name="河南省郑州市某某局",
                        credit_code="11410100MB00000018", user_type="采购人", post="经办岗")
STATES = ("待签章", "采购人已确认", "供应商已确认", "已备案")
BASE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
HEARTBEAT_MS = 5


def contract(i: int) -> dict[str, Any]:
    state = STATES[i % 4]
    return {"lot_id": f"lot-{i}", "project_name": f"郑州市某某局办公设备采购项目{i % 997}",
            "lot_name": f"第{i % 5 + 1}标段", "title": f"办公设备采购合同{i:06d}", "purchaser_unit_id": "mmj-zz",
            "purchaser_name": "河南省郑州市某某局",
            "supplier_unit_id": f"sup-{i % 300}", "supplier_name": f"河南某某供应商{i % 300}有限公司",
            "supplier_credit_code": "91410100MA000000C0", "amount": "386000.00", "state": state,
            "file_name": f"合同{i}.pdf", "document_sha256": hashlib.sha256(b"%d" % i).hexdigest(),
            "original_sha256": hashlib.sha256(b"o%d" % i).hexdigest(),
            "created_at": (BASE + dt.timedelta(minutes=i)).isoformat(),
            "purchaser_signed_at": None if state == "待签章" else (BASE + dt.timedelta(minutes=i + 3)).isoformat()}


def seeded_store(folder: Path, n: int) -> Store:
    from desktop.store.repositories import Records

    store = Store.open(folder / "local.sqlite3")
    records = Records(store)
    for start in range(0, n, 5000):
        page = [Change(i + 1, "contract", f"ct-{i:06d}", contract(i)) for i in range(start, min(n, start + 5000))]
        records.apply_page(page, page[-1].revision)
    return store


def wait(app: Any, done: Callable[[], bool], timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit("timed out")
        app.processEvents()
        time.sleep(0.0005)


class Heartbeat:
    """A 5 ms timer on the GUI thread; the longest gap between two ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst: dict[str, float] = {}
        self.phase = ""

    def _tick(self) -> None:
        now = time.perf_counter()
        self.worst[self.phase] = max(self.worst.get(self.phase, 0.0), now - self.last)
        self.last = now

    def start(self, phase: str = "") -> None:
        self.phase = phase
        self.last = time.perf_counter()
        self.worst = {}
        self.timer.start()

    def stop(self) -> dict[str, float]:
        """The longest stall (seconds) per phase."""
        self.timer.stop()
        return {phase: max(0.0, gap - HEARTBEAT_MS / 1000) for phase, gap in self.worst.items()}


# --- 1. opening the list -------------------------------------------------------------------------

def open_times(app: Any, store: Store, runs: int) -> tuple[list[float], list[float]]:
    import httpx
    from PySide6.QtCore import QThreadPool

    from desktop.sync.client import ApiClient
    from desktop.sync.engine import SyncEngine
    from desktop.ui.pages.contracts.page import ContractsPage

    http = httpx.Client(base_url="http://127.0.0.1:9")
    engine = SyncEngine(ApiClient(http), store)
    firsts, counts = [], []
    for _ in range(runs + 1):  # the first open warms SQLite's page cache and Qt: not counted
        start = time.perf_counter()
        page = ContractsPage(None, engine=engine)
        page.set_account(PURCHASER)
        page.resize(1280, 760)
        page.show()
        model = page.list.model
        wait(app, lambda m=model: m.rowCount() > 0 and not m.loading)  # type: ignore[misc]
        first = time.perf_counter() - start
        wait(app, lambda m=model: m.total is not None)  # type: ignore[misc]
        firsts.append(first)
        counts.append(time.perf_counter() - start)
        page.close()
        page.deleteLater()
        QThreadPool.globalInstance().waitForDone()  # the counterparties of the filter, read after the page
        app.processEvents()
    http.close()
    return firsts[1:], counts[1:]


# --- 2a. signing --------------------------------------------------------------------------------

class AnswerPin:
    def __init__(self, pin: str) -> None:
        self.pin = pin

    def get_pin(self, request: object) -> str:
        return self.pin


def signing_stall(app: Any, work: Path) -> tuple[dict[str, float], float]:
    """The purchaser's 【签章】 from the list, as the app runs it, after the app has started."""
    import httpx
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from desktop.config import TokenSettings
    from desktop.demo.softhsm import USER_PIN, build_lab
    from desktop.demo.token import DEMO_TOKENS
    from desktop.signing.democontract import build_contract
    from desktop.signing.placement import user_to_view
    from desktop.signing.trust import load_certificates
    from desktop.store.changes import Changes
    from desktop.sync.client import ApiClient
    from desktop.sync.engine import SyncEngine
    from desktop.ui.pages.contracts.page import ContractsPage
    from desktop.ui.pages.contracts.rules import Action
    from desktop.ui.pages.contracts.sign_dialog import SignContractDialog
    from desktop.ui.pages.contracts.trust import TrustSettings
    from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
    from desktop.ui.pages.contracts.workbench import State

    lab = build_lab(work / "lab", DEMO_TOKENS[:1])
    os.environ["SOFTHSM2_CONF"] = str(lab.conf)
    from desktop.token.service import TokenService

    service = TokenService(TokenSettings(module_paths=(lab.module,), search_known_locations=False))
    trust = TrustSettings(roots=tuple(load_certificates(lab.root_pem)))
    store = Store.open(work / "profile" / "local.sqlite3")
    http = httpx.Client(base_url="http://127.0.0.1:9")  # offline: signing needs no server
    engine = SyncEngine(ApiClient(http), store)
    blob = engine.files.import_bytes(build_contract(), dt.datetime.now(dt.UTC), uploaded=True)
    data = contract(1) | {"state": "待签章", "supplier_unit_id": "ycsf", "document_sha256": blob.sha256,
                          "purchaser_signed_at": None}
    engine.records.apply_page([Change(1, "contract", "ct-1", data)], 1)

    beat = Heartbeat()
    beat.start("app start: the page, its list, the key scan, the signing stack preloaded")
    started = time.perf_counter()
    page = ContractsPage(service, AnswerPin(USER_PIN), engine=engine, trust=trust)
    page.resize(1280, 800)
    page.show()
    page.set_account(PURCHASER)
    scanned: list[object] = []
    service.scan().add_done_callback(scanned.append)  # what the diagnosis page does at start-up
    wait(app, lambda: page.preloaded and bool(scanned) and page.list.model.rowCount() == 1)
    started_app = time.perf_counter() - started

    beat.phase = "【签章】 on the row: the sign dialog, the PDF rendered and verified, the key scan"
    started = time.perf_counter()
    page.act(Action.SIGN, page.list.model.row_at(0))
    wait(app, lambda: isinstance(page.dialog, SignContractDialog))
    dialog = page.dialog
    assert isinstance(dialog, SignContractDialog)
    bench = dialog.workbench
    wait(app, lambda: bool(bench.keys.keys) and not bench.busy_now and bench.view.info is not None)
    bench.view.set_page(1)
    wait(app, lambda: not bench.view.busy)
    beat.phase = "【签章】 in the dialog: the key checked"
    bench.start_signing()
    wait(app, lambda: bench.state is State.PLACING)
    beat.phase = "the seal placed with a click"
    vx, vy = user_to_view(bench.view.geometry_of(1), 160.0, 470.0, bench.view.zoom)
    bench.view.ensureVisible(int(vx), int(vy), 200, 200)
    QTest.mouseClick(bench.view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(vx), int(vy)))
    bench.confirm_placed()
    wait(app, lambda: bench.confirm_sign_button is not None)
    assert bench.confirm_sign_button is not None
    beat.phase = "【保存】: PIN, key, pyHanko; the signed PDF kept, sign_contract queued"
    bench.confirm_sign_button.click()
    wait(app, lambda: dialog.signed_sha256 is not None and not dialog.isVisible())
    beat.phase = "【查看】: the signed file rendered and verified"
    page.data_changed(Changes(outbox=True))
    wait(app, lambda: page.list.model.row_at(0).pending == ("sign_contract",) and page.busy_contract is None)
    page.act(Action.VIEW, page.list.model.row_at(0))
    wait(app, lambda: isinstance(page.dialog, ContractViewDialog) and not page.dialog.busy
         and len(page.dialog.signatures.reports) == 1)
    elapsed = time.perf_counter() - started
    stalls = beat.stop()
    stalls = {f"{phase} ({started_app:.1f} s)" if phase.startswith("app start") else phase: stall
              for phase, stall in stalls.items()}
    page.dialog.close()
    page.close()
    service.close()
    http.close()
    store.close()
    return stalls, elapsed


# --- 2b. uploading ------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def big_pdf(path: Path, megabytes: int) -> Path:
    """A valid two-page PDF of about ``megabytes`` MB (an incompressible comment in its content)."""
    from tests.signing.pdfs import PageSpec, build_pdf

    filler = os.urandom(megabytes * 1024 * 1024 // 2).hex().encode()
    path.write_bytes(build_pdf([PageSpec(content=b"BT /F1 24 Tf 72 720 Td (Contract) Tj ET\n% " + filler),
                                PageSpec()]))
    return path


def upload_stall(app: Any, work: Path, megabytes: int) -> tuple[dict[str, float], float, int]:
    import httpx

    from desktop.store.contracts import Lots
    from desktop.sync.client import ApiClient
    from desktop.sync.engine import SyncEngine
    from desktop.sync.login import LoginService
    from desktop.ui.ops import Op
    from desktop.ui.pages.contracts.service import ContractService
    from server_stub.demo import DEMO_PASSWORD

    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "server_stub", "--db", f"sqlite:///{work / 'server.sqlite3'}",
                               "--port", str(port), "--demo", "--blob-dir", str(work / "blobs")], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    http = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                http.get("/meta")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise SystemExit("server did not start") from None
                time.sleep(0.1)
        store = Store.open(work / "client" / "local.sqlite3")
        engine = SyncEngine(ApiClient(http), store)
        LoginService(engine.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
        engine.sync()
        lot = Lots(store).get("lot-mmj-2026-001-1")
        assert lot is not None, "the demo lots are missing"
        pdf = big_pdf(work / "合同.pdf", megabytes)
        service = ContractService(engine, max_pdf_bytes=(megabytes + 2) * 1024 * 1024)
        done: list[object] = []
        beat = Heartbeat()
        beat.start("check, hash and keep the PDF; sync: upload in chunks, push, pull")
        started = time.perf_counter()
        from PySide6.QtCore import QObject

        parent = QObject()  # what the page is for the ops: their results come back to it
        Op(parent, lambda: service.add_contract(lot, "台式计算机采购合同", pdf)) \
            .success(lambda _cid: Op(parent, engine.sync).success(done.append).failure(done.append).run()) \
            .failure(done.append).run()
        wait(app, lambda: bool(done), timeout=300)
        elapsed = time.perf_counter() - started
        stalls = beat.stop()
        report = done[0]
        if isinstance(report, BaseException):
            raise report
        uploaded = sum(1 for b in engine.files.blobs.not_uploaded()) == 0
        store.close()
        return stalls, elapsed, pdf.stat().st_size if uploaded else -1
    finally:
        http.close()
        server.terminate()
        server.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--upload-mb", type=int, default=15)
    args = parser.parse_args()

    from desktop.ui.application import create_application

    app = create_application(["bench"], "zh_CN")
    work = Path(tempfile.mkdtemp(prefix="yucai-bench-contracts-"))
    try:
        signing = signing_stall(app, work / "sign")  # first, in a fresh process: cold imports included
        print(f"1. opening the contract list (median of {args.runs}; first page on screen, then the count)")
        results = {}
        for n in (100, args.rows):
            folder = work / f"list-{n}"
            folder.mkdir()
            started = time.perf_counter()
            store = seeded_store(folder, n)
            seeded = time.perf_counter() - started
            firsts, counts = open_times(app, store, args.runs)
            store.close()
            results[n] = statistics.median(firsts)
            count = statistics.median(counts)
            print(f"   {n:>7} rows: first page {results[n] * 1000:7.1f} ms   count {count * 1000:7.1f} ms"
                  f"   (store filled in {seeded:.1f} s)")
        ratio = results[args.rows] / results[100]
        print(f"   ratio {args.rows} / 100 rows: {ratio:.2f}x  (target < 2x)")

        print(f"2. longest GUI stall (heartbeat every {HEARTBEAT_MS} ms; target < 50 ms)")
        stalls, elapsed = signing
        print(f"   signing, {elapsed:.2f} s from 【签章】 to 【查看】: longest stall"
              f" {max(v for k, v in stalls.items() if not k.startswith('app start')) * 1000:.1f} ms")
        for phase, stall in stalls.items():
            print(f"      {stall * 1000:6.1f} ms  {phase}")
        stalls, elapsed, size = upload_stall(app, work / "upload", args.upload_mb)
        print(f"   uploading {size / 1024 / 1024:.1f} MB, {elapsed:.1f} s in all: longest stall"
              f" {max(stalls.values()) * 1000:.1f} ms")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
