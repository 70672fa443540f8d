"""Open the local database: engine with pragmas, real transactions, schema upgrade."""

from __future__ import annotations

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


class Store:
    """The local database of one user profile. Thread-safe: writes are serialised."""

    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._write_lock = threading.Lock()

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
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
