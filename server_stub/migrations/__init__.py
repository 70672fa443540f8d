"""Alembic migrations of the server schema (run by server_stub.db.migrate)."""
