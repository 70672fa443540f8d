"""Server settings: one frozen dataclass built by the CLI (or a test) and passed to create_app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///yucai-server.sqlite3"


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class TradingFaults:
    """Failures and delays of the simulated 公共资源交易系统 (server_stub.services.trading_sim), set on
    demand by tests (mutable on purpose). Operations: ``plan`` / ``collection_notice`` /
    ``shortlist_result`` (pushes), ``fetch`` and ``ack`` (the bridge collecting what comes back)."""

    fail: dict[str, int] = field(default_factory=dict)
    """operation -> how many of its next calls fail before reaching the trading system."""
    lose_answer: dict[str, int] = field(default_factory=dict)
    """operation -> how many of its next calls are processed but their answer is lost."""
    hold: set[str] = field(default_factory=set)
    """``accept`` / ``shortlist``: the trading system waits for its operator (项目受理 with lots,
    入围供应商) instead of answering by itself."""
    reason: str = "公共资源交易系统暂时无法访问（连接超时）"


@dataclass(frozen=True)
class Settings:
    db_url: str = DEFAULT_DB_URL
    """SQLAlchemy URL: a SQLite file by default, ``postgresql+psycopg://...`` for PostgreSQL."""
    demo: bool = False
    """Seed the demo Henan dataset (idempotent) at start-up."""
    trust_roots: tuple[Path, ...] = ()
    """PEM files of the CA roots a login certificate must chain to (several certificates per file allowed)."""
    demo_certificates: tuple[bytes, ...] = ()
    """DER certificates the demo seed binds to its accounts (matched by credit code / ID number)."""
    blob_dir: Path | None = None
    """Where uploaded files live; default: beside the SQLite file, else ``./yucai-blobs``."""
    session_ttl: dt.timedelta = dt.timedelta(hours=2)
    nonce_ttl: dt.timedelta = dt.timedelta(minutes=2)
    page_size_limit: int = 5000
    contract_pdf_max_bytes: int = 20 * 1024 * 1024
    """合同在线签订: the largest contract PDF a purchaser may upload (添加 / 更换合同文件)."""
    contract_signature_max_bytes: int = 5 * 1024 * 1024
    """How much one signature (seal image, embedded font subset, certificates) may add to the PDF."""
    clock: Callable[[], dt.datetime] = field(default=utc_now, compare=False)
    """The server's notion of now (tests move it to check expiry)."""
    trading_faults: TradingFaults = field(default_factory=TradingFaults, compare=False)
    """互认互通: failures and delays the simulated trading system injects (tests)."""
    bridge_poll_seconds: float | None = 2.0
    """How often the 互认互通 bridge worker runs when the app is served with its lifespan (None: never;
    tests run :func:`server_stub.services.bridge.run_once` themselves)."""
    overdue_poll_seconds: float | None = 600.0
    """How often the worker flags join applications whose review / announcement deadline passed
    (:func:`server_stub.services.joining.flag_overdue`) when the app is served with its lifespan;
    it also runs once at start-up (None: never; the flags are day-granular, minutes are plenty)."""

    def resolved_blob_dir(self) -> Path:
        if self.blob_dir is not None:
            return self.blob_dir
        prefix = "sqlite:///"
        if self.db_url.startswith(prefix) and self.db_url[len(prefix):] not in ("", ":memory:"):
            return Path(self.db_url[len(prefix):] + ".blobs")
        return Path("yucai-blobs")
