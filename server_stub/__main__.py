"""`yucai-server [--db URL] [--host 127.0.0.1] [--port N] [--demo] [--trust-root PEM]... [--demo-cert FILE]...`.

``--exit-with-parent PID`` (used by the desktop app's embedded server) makes the server exit
when the process that started it is gone, even if that process was killed: on POSIX by noticing
that it was re-parented, on Windows by waiting on the parent's process handle.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import threading
import time
from pathlib import Path

from server_stub.settings import DEFAULT_DB_URL


def _read_certificate(path: Path) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    data = path.read_bytes()
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data).public_bytes(Encoding.DER)
    return data


def _parent_gone(parent_pid: int) -> None:
    logging.getLogger(__name__).warning("parent process %d is gone: exiting", parent_pid)
    os._exit(0)


def _exit_with_parent(parent_pid: int, poll_seconds: float = 1.0) -> None:
    """Exit this process once ``parent_pid`` has ended."""
    if sys.platform == "win32":  # os.getppid() never changes there: wait on the parent's handle
        import ctypes

        synchronize, infinite = 0x00100000, 0xFFFFFFFF
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(synchronize, False, parent_pid)
        if not handle:  # already gone (or not ours to watch): nothing started us that still runs
            _parent_gone(parent_pid)

        def wait_for_handle() -> None:
            kernel32.WaitForSingleObject(handle, infinite)
            _parent_gone(parent_pid)

        threading.Thread(target=wait_for_handle, name="parent-watch", daemon=True).start()
        return

    def watch() -> None:  # POSIX: a dead parent's children are re-parented
        while os.getppid() == parent_pid:
            time.sleep(poll_seconds)
        _parent_gone(parent_pid)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yucai-server", description="豫采桌面中心服务 / Yucai central server")
    parser.add_argument("--db", default=DEFAULT_DB_URL,
                        help="SQLAlchemy URL (SQLite file by default; postgresql+psycopg://... for PostgreSQL)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--demo", action="store_true", help="seed the demo Henan dataset / 载入演示数据")
    parser.add_argument("--trust-root", type=Path, action="append", default=[],
                        help="PEM file of a CA root trusted for CA login (repeatable) / 信任的 CA 根证书")
    parser.add_argument("--demo-cert", type=Path, action="append", default=[],
                        help="with --demo: a certificate (PEM or DER) to bind to its demo account (repeatable)")
    parser.add_argument("--blob-dir", type=Path, default=None)
    parser.add_argument("--contract-pdf-max-mb", type=float, default=20.0,
                        help="largest contract PDF a purchaser may upload, in MB / 合同文件大小上限（MB）")
    parser.add_argument("--exit-with-parent", type=int, default=None, metavar="PID",
                        help="exit when process PID (the app that started this server) is gone")
    args = parser.parse_args(argv)
    if args.exit_with_parent is not None:
        _exit_with_parent(args.exit_with_parent)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    import uvicorn
    from sqlalchemy.exc import SQLAlchemyError

    from server_stub.app import create_app
    from server_stub.settings import Settings

    try:
        settings = Settings(db_url=args.db, demo=args.demo, trust_roots=tuple(args.trust_root),
                            demo_certificates=tuple(_read_certificate(p) for p in args.demo_cert),
                            blob_dir=args.blob_dir,
                            contract_pdf_max_bytes=int(args.contract_pdf_max_mb * 1024 * 1024))
        app = create_app(settings)
    except (OSError, ValueError, SQLAlchemyError) as exc:
        print(f"服务器无法启动 / cannot start the server: {exc}", file=sys.stderr)
        return 1
    if args.demo:
        from server_stub.demo import DEMO_PASSWORD

        print(f"演示数据已载入；可用密码登录的演示账号密码 / demo password: {DEMO_PASSWORD}")
    uvicorn.run(app, host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
