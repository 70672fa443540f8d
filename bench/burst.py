"""Simultaneous first requests against one server process: the database pool vs the request threads.

```
.venv/bin/python bench/burst.py [--clients 150]
```

Every client asks ``GET /meta`` (which takes a database session) at the same moment, as a room of
desktops does when the server comes back. The same burst runs against a server with SQLAlchemy's
default pool (5 + 10 connections) — the baseline — and with ours (:data:`server_stub.db.POOL`, more
connections than anyio's 40 request threads); it prints how many requests succeeded, failed, and
their latencies.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.sync import Server, build_server_db  # noqa: E402

DEFAULT_POOL = "{'pool_size': 5, 'max_overflow': 10}"


def burst(url: str, clients: int) -> tuple[list[float], list[str]]:
    barrier = threading.Barrier(clients)
    latencies: list[float] = []
    errors: list[str] = []

    def one() -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            httpx.get(f"{url}/meta", timeout=120).raise_for_status()
            latencies.append(time.perf_counter() - started)
        except httpx.HTTPError as exc:
            errors.append(repr(exc))

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies), errors


def run(db: Path, clients: int, pool: str | None) -> str:
    server = Server(db, pool=pool)
    try:
        latencies, errors = burst(server.url, clients)
    finally:
        server.stop()
    if not latencies:
        return f"ok 0, failed {len(errors)}"
    return (f"ok {len(latencies)}, failed {len(errors)}, p50 {latencies[len(latencies) // 2] * 1000:,.0f} ms, "
            f"max {latencies[-1] * 1000:,.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=150)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="yucai-bench-burst-") as tmp:
        db = Path(tmp) / "server.sqlite3"
        build_server_db(db, 0)
        print(f"{args.clients} simultaneous GET /meta, one server process (SQLite)")
        print(f"  baseline, SQLAlchemy's default pool 5 + 10: {run(db, args.clients, DEFAULT_POOL)}")
        print(f"  ours, server_stub.db.POOL:                {run(db, args.clients, None)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
