"""The client's local SQLite store (SQLAlchemy, no Qt): records, the outbox, sync state, blobs."""

from desktop.store.changes import Changes
from desktop.store.database import Store
from desktop.store.errors import StoreError

__all__ = ["Changes", "Store", "StoreError"]
