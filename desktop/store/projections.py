"""Indexed projections of feed records that lists query by column (issue 6).

The generic ``records`` table keeps every record as JSON: fine for ``get`` and the count check,
useless for "the newest 100 contracts in state X with supplier Y whose name contains Z" at
100,000 rows. Kinds that back a list get a narrow table with one column per filter and indexes
that match the list's order, written in the same transaction as the record itself
(:meth:`desktop.store.repositories.Records.apply_page`) and rebuilt from ``records`` by the
migration that creates it.

Rows are read straight from the feed's JSON dicts (no dataclass decoding: an initial pull of
100,000 contracts must not pay ~40 µs a record). Timestamps are normalised to UTC ISO text with
microseconds, so text order is time order. A record too malformed to project is skipped (it
stays in ``records``; the list just does not show it).
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sqlalchemy import Connection

log = logging.getLogger(__name__)

CONTRACT_KIND = "contract"
LOT_KIND = "lot"

CONTRACT_COLUMNS = ("id", "revision", "local", "lot_id", "project_name", "lot_name", "title",
                    "purchaser_unit_id", "purchaser_name", "supplier_unit_id", "supplier_name", "state",
                    "file_name", "document_sha256", "created_at", "purchaser_signed_at", "supplier_signed_at",
                    "filed_at", "search")
LOT_COLUMNS = ("id", "revision", "project_code", "project_name", "lot_no", "lot_name", "purchaser_unit_id",
               "purchaser_name", "supplier_unit_id", "supplier_name", "supplier_credit_code", "amount",
               "result_published_at", "search")

_TEXT_CONTRACT = ("lot_id", "project_name", "lot_name", "title", "purchaser_unit_id", "purchaser_name",
                  "supplier_unit_id", "supplier_name", "state", "file_name", "document_sha256")
_TEXT_LOT = ("project_code", "project_name", "lot_no", "lot_name", "purchaser_unit_id", "purchaser_name",
             "supplier_unit_id", "supplier_name", "supplier_credit_code", "amount")

CONTRACT_DDL = (
    "CREATE TABLE contract_index (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0,"
    " lot_id TEXT NOT NULL, project_name TEXT NOT NULL, lot_name TEXT NOT NULL, title TEXT NOT NULL,"
    " purchaser_unit_id TEXT NOT NULL, purchaser_name TEXT NOT NULL, supplier_unit_id TEXT NOT NULL,"
    " supplier_name TEXT NOT NULL, state TEXT NOT NULL, file_name TEXT NOT NULL, document_sha256 TEXT NOT NULL,"
    " created_at TEXT NOT NULL, purchaser_signed_at TEXT, supplier_signed_at TEXT, filed_at TEXT,"
    " search TEXT NOT NULL)",
    # every list query walks one of these in (created_at DESC, id DESC) order and stops after a page
    "CREATE INDEX ix_contract_created ON contract_index (created_at, id)",
    "CREATE INDEX ix_contract_state ON contract_index (state, created_at, id)",
    "CREATE INDEX ix_contract_supplier ON contract_index (supplier_unit_id, created_at, id)",
    "CREATE INDEX ix_contract_purchaser ON contract_index (purchaser_unit_id, created_at, id)",
    "CREATE INDEX ix_contract_lot ON contract_index (lot_id)",
)
LOT_DDL = (
    "CREATE TABLE lot_index (id TEXT PRIMARY KEY, revision INTEGER NOT NULL, project_code TEXT NOT NULL,"
    " project_name TEXT NOT NULL, lot_no TEXT NOT NULL, lot_name TEXT NOT NULL, purchaser_unit_id TEXT NOT NULL,"
    " purchaser_name TEXT NOT NULL, supplier_unit_id TEXT NOT NULL, supplier_name TEXT NOT NULL,"
    " supplier_credit_code TEXT NOT NULL, amount TEXT NOT NULL, result_published_at TEXT, search TEXT NOT NULL)",
    "CREATE INDEX ix_lot_published ON lot_index (purchaser_unit_id, result_published_at, id)",
)

_CONTRACT_UPSERT = (
    f"INSERT INTO contract_index ({', '.join(CONTRACT_COLUMNS)}) VALUES ({', '.join('?' * len(CONTRACT_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in CONTRACT_COLUMNS[1:]))
_LOT_UPSERT = (
    f"INSERT INTO lot_index ({', '.join(LOT_COLUMNS)}) VALUES ({', '.join('?' * len(LOT_COLUMNS))}) "
    "ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in LOT_COLUMNS[1:]))

_UTC = dt.UTC


def utc_text(value: object) -> str | None:
    """An ISO timestamp (or datetime) as UTC text with microseconds; None when absent or unreadable."""
    if type(value) is str and len(value) == 32 and value[26:] == "+00:00" and value[19] == "." \
            and value[4] == value[7] == "-" and value[10] == "T" and value[13] == value[16] == ":":
        # already the form returned below (what the server sends): check it reads, keep the text
        try:
            dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return value
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_UTC)
    return moment.astimezone(_UTC).isoformat(timespec="microseconds")


def parse_utc(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def search_text(*parts: str) -> str:
    """What the search box matches (case-insensitive substring): the parts, lower-cased."""
    return "\n".join(filter(None, parts)).casefold()  # casefold maps code point by code point


_contract_texts = operator.itemgetter(*_TEXT_CONTRACT)
_lot_texts = operator.itemgetter(*_TEXT_LOT)
_STR = frozenset((str,))


def _texts(getter: Callable[[Mapping[str, Any]], tuple[Any, ...]], data: Mapping[str, Any]
           ) -> tuple[str, ...] | None:
    """The named fields of ``data``, all text, or None (a field missing or not a string)."""
    try:
        texts = getter(data)
    except KeyError:
        return None
    if _STR.issuperset(map(type, texts)) or all(isinstance(t, str) for t in texts):
        return texts
    return None


def contract_row(record_id: str, revision: int, data: Mapping[str, Any], *, local: bool = False
                 ) -> tuple[Any, ...] | None:
    """The ``contract_index`` row of one contract record (None when malformed)."""
    texts = _texts(_contract_texts, data)
    created = utc_text(data.get("created_at"))
    if created is None or texts is None:
        log.warning("contract %s not projected: malformed record", record_id)
        return None
    (lot_id, project_name, lot_name, title, purchaser_unit_id, purchaser_name, supplier_unit_id, supplier_name,
     state, file_name, document_sha256) = texts
    return (record_id, revision, int(local), lot_id, project_name, lot_name, title, purchaser_unit_id,
            purchaser_name, supplier_unit_id, supplier_name, state, file_name, document_sha256, created,
            utc_text(data.get("purchaser_signed_at")), utc_text(data.get("supplier_signed_at")),
            utc_text(data.get("filed_at")),
            search_text(project_name, lot_name, title, purchaser_name, supplier_name, file_name))


def lot_row(record_id: str, revision: int, data: Mapping[str, Any]) -> tuple[Any, ...] | None:
    texts = _texts(_lot_texts, data)
    if texts is None:
        log.warning("lot %s not projected: malformed record", record_id)
        return None
    (project_code, project_name, lot_no, lot_name, purchaser_unit_id, purchaser_name, supplier_unit_id,
     supplier_name, credit_code, amount) = texts
    return (record_id, revision, project_code, project_name, lot_no, lot_name, purchaser_unit_id, purchaser_name,
            supplier_unit_id, supplier_name, credit_code, amount, utc_text(data.get("result_published_at")),
            search_text(project_code, project_name, lot_no, lot_name, supplier_name))


def project(conn: Connection, changes: Iterable[tuple[str, str, int, Mapping[str, Any] | None]]) -> None:
    """Write the projections of ``(kind, id, revision, data or None for a tombstone)``."""
    contracts: list[tuple[Any, ...]] = []
    lots: list[tuple[Any, ...]] = []
    gone_contracts: list[tuple[str]] = []
    gone_lots: list[tuple[str]] = []
    for kind, record_id, revision, data in changes:
        if kind == CONTRACT_KIND:
            row = contract_row(record_id, revision, data) if data is not None else None
            if row is None:
                gone_contracts.append((record_id,))
            else:
                contracts.append(row)
        elif kind == LOT_KIND:
            row = lot_row(record_id, revision, data) if data is not None else None
            if row is None:
                gone_lots.append((record_id,))
            else:
                lots.append(row)
    if contracts:
        conn.exec_driver_sql(_CONTRACT_UPSERT, contracts)
    if lots:
        conn.exec_driver_sql(_LOT_UPSERT, lots)
    if gone_contracts:
        conn.exec_driver_sql("DELETE FROM contract_index WHERE id = ?", gone_contracts)
    if gone_lots:
        conn.exec_driver_sql("DELETE FROM lot_index WHERE id = ?", gone_lots)


def upsert_local_contract(conn: Connection, row: tuple[Any, ...]) -> None:
    conn.exec_driver_sql(_CONTRACT_UPSERT, [row])


def forget_local_contracts(conn: Connection, ids: list[str]) -> None:
    """Drop provisional rows (contracts added here that the server refused)."""
    conn.exec_driver_sql("DELETE FROM contract_index WHERE id = ? AND local = 1", [(i,) for i in ids])


def rebuild(conn: Connection) -> None:
    """Fill the projections from ``records`` (the migration that adds them; after a repair)."""
    import json

    conn.exec_driver_sql("DELETE FROM contract_index WHERE local = 0")
    conn.exec_driver_sql("DELETE FROM lot_index")
    batch: list[tuple[str, str, int, Mapping[str, Any] | None]] = []
    result = conn.exec_driver_sql("SELECT kind, id, revision, data FROM records WHERE kind IN (?, ?)",
                                  (CONTRACT_KIND, LOT_KIND))
    for kind, record_id, revision, data in result.fetchall():
        batch.append((kind, record_id, revision, json.loads(data)))
        if len(batch) >= 5000:
            project(conn, batch)
            batch = []
    project(conn, batch)


def forget_synced(conn: Connection) -> None:
    """Before a full resync: drop what came from the server, keep local provisional rows."""
    conn.exec_driver_sql("DELETE FROM contract_index WHERE local = 0")
    conn.exec_driver_sql("DELETE FROM lot_index")
