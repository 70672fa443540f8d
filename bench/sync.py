"""Sync benchmark: the real server process on loopback, the real client engine and store.

    .venv/bin/python bench/sync.py [--records 100000] [--runs 7] [--clients 100] [--rounds 10]
        [--kind operator|contract]

1. Initial sync of N records server -> client (``SyncEngine.sync()`` with the app's page sizes:
   meta, push, pull in pages, count check) in records/s, beside a plain ``sqlite3``
   ``executemany`` of the same rows into the same table shape, same pragmas, in the same run (the
   local limit). Target >= 100,000 records/s end to end. ``--kind contract``: the records are
   online contracts, which the client also writes to their indexed projection.
2. Incremental sync of one change after N records vs after none (the demo data only): median of
   R runs of ``SyncEngine.sync()`` each bringing one new change. Target ratio < 2x.
3. C concurrent clients (asyncio + httpx, one session each) pulling the demo feed from cursor 0,
   ``--rounds`` times each: p50/p99 request latency and requests/s.

The server is ``python -m server_stub`` on 127.0.0.1 (one uvicorn process, a SQLite file), its
database built beforehand with the Alembic schema, the demo seed and N feed rows inserted in bulk.
Prints the figures and ratios; exits 0 whatever the figures are (a benchmark, not a test).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import insert, update  # noqa: E402

from desktop.domain.commands import UpdateUnitContact  # noqa: E402
from desktop.store import Store  # noqa: E402
from desktop.sync.client import ApiClient  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from desktop.sync.login import LoginService  # noqa: E402
from server_stub import demo  # noqa: E402
from server_stub.db import Database, migrate  # noqa: E402
from server_stub.models import FeedRecord, ServerState  # noqa: E402
from server_stub.services import feed  # noqa: E402

USER = "zzmmj_jb"
UNIT = "mmj-zz"


STATES = ("待签章", "采购人已确认", "供应商已确认", "已备案")
BASE = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def operator_data(i: int) -> dict[str, Any]:
    return {"unit_id": UNIT, "name": f"操作人{i}", "id_number": demo.PERSON2_ID_NUMBER, "phone": f"138{i:08d}"}


def contract_data(i: int) -> dict[str, Any]:
    """An online contract as the server publishes it (the client also writes its projection)."""
    state = STATES[i % 4]

    def at(minutes: int) -> str:
        return (BASE + dt.timedelta(minutes=minutes, microseconds=i % 1000 + 1)).isoformat()

    return {"id": f"ct-{i:06d}", "lot_id": f"lot-{i}", "project_name": f"郑州市某某局办公设备采购项目{i % 997}",
            "lot_name": f"第{i % 5 + 1}标段", "title": f"办公设备采购合同{i:06d}", "purchaser_unit_id": UNIT,
            "purchaser_name": "河南省郑州市某某局", "supplier_unit_id": f"sup-{i % 300}",
            "supplier_name": f"河南某某供应商{i % 300}有限公司", "supplier_credit_code": "91410100MA000000C0",
            "amount": "386000.00", "state": state, "file_name": f"合同{i}.pdf",
            "document_sha256": hashlib.sha256(b"%d" % i).hexdigest(),
            "original_sha256": hashlib.sha256(b"o%d" % i).hexdigest(), "created_at": at(i),
            "purchaser_signed_at": None if state == "待签章" else at(i + 3),
            "supplier_signed_at": at(i + 5) if state in STATES[2:] else None,
            "filed_at": at(i + 9) if state == "已备案" else None}


def bench_rows(n: int, first_revision: int, kind: str = "operator") -> list[dict[str, Any]]:
    data = contract_data if kind == "contract" else operator_data
    return [{"kind": kind, "record_id": f"bench-{i:06d}", "scope_unit_id": UNIT, "revision": first_revision + i,
             "data": data(i)} for i in range(n)]


def build_server_db(path: Path, n: int, kind: str = "operator") -> list[dict[str, Any]]:
    """Schema + demo seed + ``n`` feed rows (one transaction); returns the rows inserted."""
    db = Database(f"sqlite:///{path}")
    migrate(db.engine)
    with db.session() as session:
        demo.seed(session, (), dt.datetime.now(dt.UTC))
    rows: list[dict[str, Any]] = []
    if n:
        with db.session() as session:
            start = feed.current_revision(session) + 1
            rows = bench_rows(n, start, kind)
            session.execute(insert(FeedRecord), rows)
            session.execute(update(ServerState).where(ServerState.id == 1).values(revision=start + n - 1))
            feed.rebuild_counts(session)  # the rows went in without feed.publish
            session.commit()
    db.dispose()
    return rows


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, db: Path, pool: str | None = None) -> None:
        """``pool``: a dict literal replacing ``server_stub.db.POOL`` (bench/burst.py's baseline)."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(db.with_suffix(".log"), "wb")  # noqa: SIM115 - closed in stop()
        start = ["-m", "server_stub"] if pool is None else [
            "-c", f"import sys, server_stub.db as d; d.POOL.clear(); d.POOL.update({pool}); "
                  "from server_stub.__main__ import main; sys.exit(main(sys.argv[1:]))"]
        self.process = subprocess.Popen([sys.executable, *start, "--db", f"sqlite:///{db}",
                                         "--port", str(self.port), "--blob-dir", str(db.parent / "blobs")],
                                        cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"server failed to start, see {self.log.name}")
            try:
                httpx.get(f"{self.url}/meta", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
        self.log.close()


def client(url: str, db: Path) -> tuple[SyncEngine, httpx.Client]:
    http = httpx.Client(base_url=url, timeout=120)
    engine = SyncEngine(ApiClient(http), Store.open(db))  # the app's page sizes
    LoginService(engine.api, None).login_with_password(USER, demo.DEMO_PASSWORD)
    return engine, http


def plain_executemany(rows: list[dict[str, Any]], path: Path) -> float:
    """The same rows into the same table shape with the stdlib driver: seconds."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE records (kind TEXT NOT NULL, id TEXT NOT NULL, revision INTEGER NOT NULL, "
                 "data TEXT NOT NULL, PRIMARY KEY (kind, id))")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO records (kind, id, revision, data) VALUES (?, ?, ?, ?)",
                         [(r["kind"], r["record_id"], r["revision"], json.dumps(r["data"], ensure_ascii=False))
                          for r in rows])
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def incremental(engine: SyncEngine, writer: SyncEngine, runs: int) -> list[float]:
    """Each run: another client pushes one change, then ``engine.sync()`` brings it (timed)."""
    times = []
    for i in range(runs):
        writer.outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone=f"0371-6700{i:04d}"),
                              dt.datetime.now(dt.UTC))
        writer.push()
        started = time.perf_counter()
        report = engine.sync()
        times.append(time.perf_counter() - started)
        assert report.pulled >= 1, "the change did not arrive"
    return times


async def concurrent_pulls(url: str, clients: int, rounds: int) -> tuple[list[float], float]:
    tokens = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as login:
        for _ in range(clients):  # one session per client (scrypt on the server: sequential, untimed)
            answer = await login.post("/auth/login/password", json={"username": USER, "password": demo.DEMO_PASSWORD})
            tokens.append(answer.json()["token"])
    latencies: list[float] = []
    errors: list[str] = []
    connected = 0
    all_connected, start_gate = asyncio.Event(), asyncio.Event()

    async def one(token: str) -> None:
        nonlocal connected
        limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
        async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits,
                                     headers={"Authorization": f"Bearer {token}"}) as http:
            await http.get("/meta")  # connect before the clock starts
            connected += 1
            if connected == len(tokens):
                all_connected.set()
            await start_gate.wait()
            for _ in range(rounds):
                t0 = time.perf_counter()
                try:
                    answer = await http.get("/sync/changes", params={"cursor": 0, "limit": 500})
                    await answer.aread()
                except httpx.TransportError as exc:
                    errors.append(repr(exc))
                    continue
                latencies.append(time.perf_counter() - t0)
                if answer.status_code != 200:
                    errors.append(f"HTTP {answer.status_code}")

    tasks = [asyncio.create_task(one(t)) for t in tokens]
    gate = asyncio.create_task(all_connected.wait())
    await asyncio.wait([gate, *tasks], return_when=asyncio.FIRST_COMPLETED)
    if not all_connected.is_set():  # a client failed before the start: say so rather than wait forever
        gate.cancel()
        failed = next(t for t in tasks if t.done())
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise SystemExit(f"a client could not connect: {failed.exception()!r}")
    started = time.perf_counter()
    start_gate.set()
    await asyncio.gather(*tasks)
    if errors:
        print(f"   {len(errors)} failed requests, e.g. {errors[0]}")
    return latencies, time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kind", choices=("operator", "contract"), default="operator",
                        help="the records of the initial sync: operators (records only) or online contracts "
                             "(each also written to the indexed contract_index projection)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="yucai-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"building the server databases ({args.records:,} {args.kind} feed records) ...", flush=True)
        rows = build_server_db(tmp / "big.sqlite3", args.records, args.kind)
        build_server_db(tmp / "small.sqlite3", 0)
        big, small = Server(tmp / "big.sqlite3"), Server(tmp / "small.sqlite3")
        try:
            # 1. initial sync vs executemany
            engine, http = client(big.url, tmp / "client-big.sqlite3")
            started = time.perf_counter()
            report = engine.sync()
            initial = time.perf_counter() - started
            local = plain_executemany(rows, tmp / "plain.sqlite3")
            n = report.pulled
            print("\n1. initial sync, server -> client")
            print(f"   SyncEngine.sync():      {n:>9,} records in {initial:7.2f} s = {n / initial:>10,.0f} records/s")
            print(f"   sqlite3 executemany:    {len(rows):>9,} rows    in {local:7.2f} s = "
                  f"{len(rows) / local:>10,.0f} rows/s")
            print(f"   ratio (sync / local limit): {initial / local:.1f}x slower; target >= 100,000 records/s: "
                  f"{'met' if n / initial >= 100_000 else 'NOT met'}")

            # 2. incremental: one change after N vs after none
            writer_big, writer_big_http = client(big.url, tmp / "writer-big.sqlite3")
            engine_small, http_small = client(small.url, tmp / "client-small.sqlite3")
            writer_small, writer_small_http = client(small.url, tmp / "writer-small.sqlite3")
            engine_small.sync()
            after_n = incremental(engine, writer_big, args.runs)
            after_none = incremental(engine_small, writer_small, args.runs)
            m_n, m_0 = statistics.median(after_n), statistics.median(after_none)
            print(f"\n2. incremental sync of one change (median of {args.runs})")
            print(f"   after {args.records:,} records: {m_n * 1000:7.1f} ms")
            print(f"   after none (demo data):  {m_0 * 1000:7.1f} ms")
            print(f"   ratio: {m_n / m_0:.2f}x (target < 2x: {'met' if m_n / m_0 < 2 else 'NOT met'})")
            for h in (http, writer_big_http, http_small, writer_small_http):
                h.close()
            for e in (engine, writer_big, engine_small, writer_small):
                e.store.close()

            # 3. concurrent clients
            latencies, wall = asyncio.run(concurrent_pulls(small.url, args.clients, args.rounds))
            print(f"\n3. {args.clients} concurrent clients x {args.rounds} pulls of the demo feed (cursor 0), loopback")
            print(f"   p50 {pct(latencies, 0.50) * 1000:7.1f} ms   p99 {pct(latencies, 0.99) * 1000:7.1f} ms   "
                  f"max {max(latencies) * 1000:7.1f} ms   {len(latencies) / wall:,.0f} requests/s")
        finally:
            big.stop()
            small.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
