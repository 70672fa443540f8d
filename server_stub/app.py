"""FastAPI app factory: no module-level app state."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI

from desktop.domain.protocol import PROTOCOL_VERSION


@dataclass(frozen=True)
class Settings:
    db_url: str = "sqlite:///yucai-server.sqlite3"
    demo: bool = False


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="豫采桌面中心服务 (Yucai server)", version="0.1.0")

    @app.get("/meta")
    def meta() -> dict[str, object]:
        import datetime as dt

        return {"server_time": dt.datetime.now(dt.UTC).isoformat(),
                "protocol_version": PROTOCOL_VERSION, "revision": 0}

    return app
