"""Alembic environment: the connection comes from server_stub.db.migrate (config attribute)."""

from __future__ import annotations

from alembic import context

from server_stub.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the programmatic path is supported
    raise RuntimeError("run migrations through server_stub.db.migrate(engine)")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
