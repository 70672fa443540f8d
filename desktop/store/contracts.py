"""合同在线签订 lists: contracts and lots from their indexed projections (:mod:`.projections`).

Pages are read by keyset (``created_at``, ``id`` strictly below the last row seen), newest first,
so the 50th page costs what the first does. Each row carries the names of the user's commands
about it that have not reached the server yet (``pending``: the list marks them 待同步), and a
contract the user added offline shows as a provisional (``local``) row until the server's record
replaces it; if the server refuses the addition, the row is deleted with the rejection
(:meth:`desktop.store.outbox.Outbox.record_results`), so every row here is listed and a count
needs no more than an index.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from desktop.store import projections
from desktop.store.changes import Changes
from desktop.store.database import Store
from desktop.store.projections import parse_utc, utc_text

AWAITING_SIGNATURE = ("待签章", "采购人已确认")
"""States in which somebody still has to sign (desktop.domain.workflow.contract.ContractState)."""

_ROW_COLUMNS = ", ".join(f"c.{name}" for name in projections.CONTRACT_COLUMNS[:-1])
_PENDING = ("(SELECT group_concat(o.name, ',') FROM outbox o WHERE o.subject = c.id AND o.status = 'pending')"
            " AS pending")


@dataclass(frozen=True)
class ContractRow:
    id: str
    revision: int
    local: bool
    """Added on this computer and not yet confirmed by the server."""
    lot_id: str
    project_name: str
    lot_name: str
    title: str
    purchaser_unit_id: str
    purchaser_name: str
    supplier_unit_id: str
    supplier_name: str
    state: str
    file_name: str
    document_sha256: str
    created_at: dt.datetime
    purchaser_signed_at: dt.datetime | None
    supplier_signed_at: dt.datetime | None
    filed_at: dt.datetime | None
    pending: tuple[str, ...] = ()
    """Names of this user's commands about the contract still waiting to be synced, oldest first."""

    @property
    def signed_at(self) -> dt.datetime | None:
        """The latest signing time (签章时间)."""
        times = [t for t in (self.purchaser_signed_at, self.supplier_signed_at) if t is not None]
        return max(times) if times else None

    @property
    def cursor(self) -> tuple[str, str]:
        return (utc_text(self.created_at) or "", self.id)


def _contract(row: Sequence[Any]) -> ContractRow:
    (cid, revision, local, lot_id, project_name, lot_name, title, purchaser_unit_id, purchaser_name,
     supplier_unit_id, supplier_name, state, file_name, sha, created, p_signed, s_signed, filed, pending) = row
    return ContractRow(cid, revision, bool(local), lot_id, project_name, lot_name, title, purchaser_unit_id,
                       purchaser_name, supplier_unit_id, supplier_name, state, file_name, sha,
                       dt.datetime.fromisoformat(created), parse_utc(p_signed), parse_utc(s_signed),
                       parse_utc(filed), tuple(pending.split(",")) if pending else ())


@dataclass(frozen=True)
class ContractFilter:
    state: str | None = None
    created_from: dt.datetime | None = None
    """Inclusive lower bound of 添加日期."""
    created_before: dt.datetime | None = None
    """Exclusive upper bound."""
    purchaser_unit_id: str | None = None
    supplier_unit_id: str | None = None
    search: str = ""
    """Case-insensitive substring of project, lot, title, either party or the file name."""

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["1 = 1"]
        params: dict[str, Any] = {}
        if self.state:
            clauses.append("c.state = :state")
            params["state"] = self.state
        if self.created_from is not None:
            clauses.append("c.created_at >= :created_from")
            params["created_from"] = utc_text(self.created_from)
        if self.created_before is not None:
            clauses.append("c.created_at < :created_before")
            params["created_before"] = utc_text(self.created_before)
        if self.purchaser_unit_id:
            clauses.append("c.purchaser_unit_id = :purchaser")
            params["purchaser"] = self.purchaser_unit_id
        if self.supplier_unit_id:
            clauses.append("c.supplier_unit_id = :supplier")
            params["supplier"] = self.supplier_unit_id
        needle = self.search.strip().casefold()
        if needle:
            clauses.append("instr(c.search, :needle) > 0")
            params["needle"] = needle
        return " AND ".join(clauses), params


@dataclass(frozen=True)
class Counterparty:
    unit_id: str
    name: str
    contracts: int


@dataclass(frozen=True)
class LotRow:
    id: str
    project_code: str
    project_name: str
    lot_no: str
    lot_name: str
    purchaser_unit_id: str
    purchaser_name: str
    supplier_unit_id: str
    supplier_name: str
    supplier_credit_code: str
    amount: str
    result_published_at: dt.datetime | None
    contracts: int = 0
    """Online-signing records already made for this lot (visible to this user)."""


@dataclass(frozen=True)
class LotFilter:
    purchaser_unit_id: str | None = None
    search: str = ""
    published_only: bool = True
    without_contract: bool = False
    """Only lots no (visible, live) online-signing record names yet: the server takes one per lot."""

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["1 = 1"]
        params: dict[str, Any] = {}
        if self.published_only:
            clauses.append("l.result_published_at IS NOT NULL")
        if self.without_contract:
            clauses.append("NOT EXISTS (SELECT 1 FROM contract_index c WHERE c.lot_id = l.id)")
        if self.purchaser_unit_id:
            clauses.append("l.purchaser_unit_id = :purchaser")
            params["purchaser"] = self.purchaser_unit_id
        needle = self.search.strip().casefold()
        if needle:
            clauses.append("instr(l.search, :needle) > 0")
            params["needle"] = needle
        return " AND ".join(clauses), params


_LOT_COLUMNS = ", ".join(f"l.{name}" for name in projections.LOT_COLUMNS if name not in ("revision", "search"))


def _lot(row: Sequence[Any]) -> LotRow:
    (lot_id, code, project, lot_no, lot_name, purchaser_id, purchaser, supplier_id, supplier, credit, amount,
     published, contracts) = row
    return LotRow(lot_id, code, project, lot_no, lot_name, purchaser_id, purchaser, supplier_id, supplier, credit,
                  amount, parse_utc(published), int(contracts or 0))


@dataclass
class Contracts:
    """Queries over ``contract_index`` (and provisional rows written by :meth:`add_local`)."""

    store: Store
    page_size: int = 100

    def page(self, where: ContractFilter = ContractFilter(), after: tuple[str, str] | None = None,
             limit: int | None = None) -> list[ContractRow]:
        """Up to ``limit`` rows after the keyset ``after`` (a row's :attr:`ContractRow.cursor`)."""
        clause, params = where.where()
        if after is not None:
            clause += " AND (c.created_at, c.id) < (:after_created, :after_id)"
            params.update(after_created=after[0], after_id=after[1])
        params["limit"] = limit or self.page_size
        sql = (f"SELECT {_ROW_COLUMNS}, {_PENDING} FROM contract_index c WHERE {clause}"
               " ORDER BY c.created_at DESC, c.id DESC LIMIT :limit")
        with self.store.reading() as session:
            return [_contract(r) for r in session.execute(text(sql), params).all()]

    def count(self, where: ContractFilter = ContractFilter()) -> int:
        clause, params = where.where()
        with self.store.reading() as session:
            return int(session.execute(text(f"SELECT count(*) FROM contract_index c WHERE {clause}"),
                                       params).scalar_one())

    def get(self, contract_id: str) -> ContractRow | None:
        sql = f"SELECT {_ROW_COLUMNS}, {_PENDING} FROM contract_index c WHERE c.id = :id"
        with self.store.reading() as session:
            row = session.execute(text(sql), {"id": contract_id}).first()
        return _contract(row) if row is not None else None

    def counterparties(self, *, suppliers: bool) -> list[Counterparty]:
        """The suppliers (for a purchaser) or purchasers (for a supplier) of the listed contracts."""
        unit, name = ("supplier_unit_id", "supplier_name") if suppliers else ("purchaser_unit_id", "purchaser_name")
        # the counts come from the unit index alone; one name per unit is looked up afterwards
        sql = (f"SELECT u, (SELECT {name} FROM contract_index WHERE {unit} = u LIMIT 1) AS n, k FROM"
               f" (SELECT {unit} AS u, count(*) AS k FROM contract_index GROUP BY {unit}) ORDER BY n, u")
        with self.store.reading() as session:
            return [Counterparty(u, n, int(k)) for u, n, k in session.execute(text(sql)).all()]

    def documents_to_fetch(self, limit: int, window: int = 500) -> list[tuple[str, str]]:
        """(contract id, document SHA-256) of contracts still to be signed whose current PDF is not
        on this computer, newest first, among the newest ``window`` still to be signed: fetched
        after a pull so that signing works offline. (``+c.state`` keeps SQLite on the date index,
        so the query reads about ``window`` rows, not every contract waiting for a signature.)"""
        marks = ", ".join(f"'{s}'" for s in AWAITING_SIGNATURE)
        sql = ("SELECT w.id, w.sha FROM (SELECT c.id AS id, c.document_sha256 AS sha, c.created_at AS t"
               f" FROM contract_index c WHERE c.local = 0 AND +c.state IN ({marks})"
               " ORDER BY c.created_at DESC, c.id DESC LIMIT :window) w"
               " WHERE NOT EXISTS (SELECT 1 FROM blobs b WHERE b.sha256 = w.sha)"
               " ORDER BY w.t DESC, w.id DESC LIMIT :limit")
        with self.store.reading() as session:
            rows = session.execute(text(sql), {"limit": limit, "window": window}).all()
            return [(str(i), str(s)) for i, s in rows]

    def add_local(self, contract_id: str, lot: LotRow, title: str, file_name: str, document_sha256: str,
                  now: dt.datetime) -> Changes:
        """The provisional row of a contract added offline (state 待签章), until the server's record."""
        data = {"lot_id": lot.id, "project_name": lot.project_name, "lot_name": lot.lot_name, "title": title,
                "purchaser_unit_id": lot.purchaser_unit_id, "purchaser_name": lot.purchaser_name,
                "supplier_unit_id": lot.supplier_unit_id, "supplier_name": lot.supplier_name, "state": "待签章",
                "file_name": file_name, "document_sha256": document_sha256, "created_at": now.isoformat()}
        row = projections.contract_row(contract_id, 0, data, local=True)
        assert row is not None
        with self.store.transaction() as session:
            projections.upsert_local_contract(session.connection(), row)
        return Changes(ids={projections.CONTRACT_KIND: frozenset((contract_id,))})


@dataclass
class Lots:
    """标段 with a published result announcement, for 【选择】 when adding a contract."""

    store: Store

    def page(self, where: LotFilter = LotFilter(), offset: int = 0, limit: int = 200) -> list[LotRow]:
        clause, params = where.where()
        params.update(offset=offset, limit=limit)
        sql = (f"SELECT {_LOT_COLUMNS}, (SELECT count(*) FROM contract_index c WHERE c.lot_id = l.id) "
               f"FROM lot_index l WHERE {clause} ORDER BY l.result_published_at DESC, l.id DESC"
               " LIMIT :limit OFFSET :offset")
        with self.store.reading() as session:
            return [_lot(r) for r in session.execute(text(sql), params).all()]

    def count(self, where: LotFilter = LotFilter()) -> int:
        clause, params = where.where()
        with self.store.reading() as session:
            return int(session.execute(text(f"SELECT count(*) FROM lot_index l WHERE {clause}"), params).scalar_one())

    def get(self, lot_id: str) -> LotRow | None:
        sql = (f"SELECT {_LOT_COLUMNS}, (SELECT count(*) FROM contract_index c WHERE c.lot_id = l.id) "
               "FROM lot_index l WHERE l.id = :id")
        with self.store.reading() as session:
            row = session.execute(text(sql), {"id": lot_id}).first()
        return _lot(row) if row is not None else None
