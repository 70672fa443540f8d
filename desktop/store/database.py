"""Open the local database: engine with pragmas, real transactions, schema upgrade."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from desktop.store import migrations
from desktop.store.errors import StoreError

log = logging.getLogger(__name__)


def _engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        # let SQLAlchemy, not pysqlite, start transactions (so DDL is transactional too)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


DEFAULT_SETTINGS = ("wal_autocheckpoint=1000", "cache_size=-2000")
"""SQLite's defaults: the WAL is copied into the database once a commit leaves it over ~4 MB; a
page cache of 2 MB."""
BULK_SETTINGS = ("wal_autocheckpoint=16384", "cache_size=-65536")
"""During :meth:`Store.bulk`: checkpoints every ~64 MB of WAL and a 64 MB page cache for the writer.
A pull of 100,000 contracts writes ~150 MB of WAL; a checkpoint after every 5,000-record page (two
fsyncs each, the pages written again) and index pages read back again and again (the projection's
indexes take a page at random per row) cost a third of its writing time."""


class Store:
    """The local database of one user profile. Thread-safe: writes are serialised."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_lock = threading.Lock()
        self._bulk_lock = threading.Lock()
        self._bulk = 0

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) and upgrade the database at ``path``."""
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = _engine(path)
        try:
            with engine.begin() as conn:
                migrations.upgrade(conn)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"本地数据库无法打开：{path}：{exc}", f"cannot open local database {path}: {exc}") from exc
        except StoreError:
            engine.dispose()
            raise
        return cls(path, engine)

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return migrations.schema_version(conn)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One write transaction (committed on success, rolled back on error)."""
        with self._write_lock, self._sessions() as session, session.begin():
            conn = session.connection()
            settings = BULK_SETTINGS if self._bulk else DEFAULT_SETTINGS
            if conn.info.get("settings", DEFAULT_SETTINGS) is not settings:  # the connection keeps them
                for pragma in settings:
                    conn.exec_driver_sql(f"PRAGMA {pragma}")
                conn.info["settings"] = settings
            yield session

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many write transactions in a row (a pull): checkpoint the WAL rarely, and once at the end.

        Every transaction stays a transaction (atomic, and after a crash either there or not);
        only the copying of the WAL into the database file is put off (WAL mode keeps the database
        consistent whatever the WAL holds; with ``synchronous=NORMAL`` a power cut may lose the
        latest commits, never half of one, as it may at any time). Nests; thread-safe.
        """
        with self._bulk_lock:
            self._bulk += 1
        try:
            yield
        finally:
            with self._bulk_lock:
                self._bulk -= 1
                last = self._bulk == 0
            if last:
                self.checkpoint()

    def checkpoint(self) -> None:
        """Copy what the WAL holds into the database file, without waiting for readers (PASSIVE)."""
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()  # the connection is in autocommit mode (see _engine): no transaction open
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
            cursor.close()
        except sqlite3.Error as exc:  # e.g. the disk is full: the commits are safe in the WAL all the same
            log.warning("WAL checkpoint failed: %s", exc)
        finally:
            raw.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
