"""`yucai-server [--db URL] [--host 127.0.0.1] [--port N] [--demo]`."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="yucai-server", description="豫采桌面中心服务")
    parser.add_argument("--db", default="sqlite:///yucai-server.sqlite3")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--demo", action="store_true")
    args = parser.parse_args(argv)
    import uvicorn

    from server_stub.app import Settings, create_app

    uvicorn.run(create_app(Settings(db_url=args.db, demo=args.demo)), host=args.host, port=args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
