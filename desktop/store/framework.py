"""框架协议 records after plan filing (issue 7): what the 项目向导, 入围供应商管理, 框架协议备案 and
信息发布 pages read, straight from ``records`` with SQLite's JSON functions (as :mod:`desktop.store.plans`).

A unit runs a handful of framework projects a year, so a project's records (its announcements,
shortlisted suppliers, agreement filing and 互认互通 state) are read by plan id in one query per
kind. Published announcements are everyone's: the 信息发布 browser pages them by keyset, newest
first, one column (采购公告 / 结果公告 / 合同公告) at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from desktop.store.database import Store

ANNOUNCEMENT = "announcement"
FILED = "审核通过"
"""The status of an approved 框架协议备案."""

_J = "json_extract(r.data, '$.{0}')"
_WHEN = f"coalesce({_J.format('published_at')}, {_J.format('updated_at')})"
_COLUMNS = ", ".join([
    "r.id", _J.format("kind"), _J.format("column"), _J.format("title"), _J.format("project_name"),
    _J.format("plan_number"), _J.format("collector_name"), _J.format("owner_name"), _J.format("state_label"),
    _J.format("status"), _J.format("published_at"), _WHEN,
])
_SEARCH = (f"lower(coalesce({_J.format('title')}, '') || ' ' || coalesce({_J.format('project_name')}, '') || ' ' ||"
           f" coalesce({_J.format('plan_number')}, '') || ' ' || coalesce({_J.format('collector_name')}, ''))")


def _when(value: object) -> dt.datetime | None:
    if value is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class AnnouncementRow:
    """One line of the 信息发布 browser."""

    id: str
    kind: str
    """征集公告 / 入围结果公告 / 合同公告."""
    column: str
    title: str
    project_name: str
    plan_number: str
    collector_name: str
    owner_name: str
    state_label: str
    status: str
    published_at: dt.datetime | None
    sort_key: str
    """published_at (or updated_at) as stored: the keyset."""

    @property
    def cursor(self) -> tuple[str, str]:
        return (self.sort_key, self.id)


def _row(values: Sequence[Any]) -> AnnouncementRow:
    (rid, kind, column, title, project, number, collector, owner, label, status, published, when) = values
    return AnnouncementRow(str(rid), str(kind or ""), str(column or ""), str(title or ""), str(project or ""),
                           str(number or ""), str(collector or ""), str(owner or ""), str(label or ""),
                           str(status or ""), _when(published), str(when or ""))


@dataclass(frozen=True)
class AnnouncementFilter:
    column: str | None = None
    """采购公告 / 结果公告 / 合同公告, or None for every column."""
    search: str = ""
    """Substring of the title, project name, plan number or collector."""
    published_only: bool = True

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["r.kind = :kind"]
        params: dict[str, Any] = {"kind": ANNOUNCEMENT}
        if self.column:
            clauses.append(_J.format("column") + " = :column")
            params["column"] = self.column
        if self.published_only:
            clauses.append(_J.format("published_at") + " IS NOT NULL")
        needle = self.search.strip().casefold()
        if needle:
            clauses.append(f"instr({_SEARCH}, :needle) > 0")
            params["needle"] = needle
        return " AND ".join(clauses), params


Found = list[tuple[str, dict[str, Any]]]
"""(record id, its data) pairs."""


def select_records(store: Store, where: str, params: dict[str, Any], order: str = "r.id") -> Found:
    """(id, data) of the ``records r`` matching ``where``, in ``order`` (the framework pages' one query)."""
    sql = f"SELECT r.id, r.data FROM records r WHERE {where} ORDER BY {order}"
    with store.reading() as session:
        return [(str(i), json.loads(d)) for i, d in session.execute(text(sql), params).all()]


@dataclass
class FrameworkRecords:
    """Queries over the synced records of framework projects after plan filing."""

    store: Store

    def numbered_plans(self, unit_id: str) -> Found:
        """(id, data) of the numbered plans this unit collects or runs as the entrusted agency, newest first."""
        return select_records(self.store, "r.kind = 'plan' AND json_extract(r.data, '$.number') IS NOT NULL AND"
                              " (json_extract(r.data, '$.collector_unit_id') = :unit"
                              " OR json_extract(r.data, '$.agency_unit_id') = :unit)", {"unit": unit_id},
                              "json_extract(r.data, '$.numbered_at') DESC, r.id DESC")

    def of_plans(self, kind: str, plan_ids: Sequence[str]) -> Found:
        """(id, data) of the records of ``kind`` that belong to these plans (``data.plan_id``)."""
        found: Found = []
        ids = list(dict.fromkeys(plan_ids))
        for start in range(0, len(ids), 500):  # SQLite's variable limit
            chunk = ids[start:start + 500]
            marks = ", ".join(f":p{n}" for n in range(len(chunk)))
            params: dict[str, Any] = {"kind": kind, **{f"p{n}": p for n, p in enumerate(chunk)}}
            found += select_records(self.store, f"r.kind = :kind AND json_extract(r.data, '$.plan_id') IN ({marks})",
                                    params)
        return found

    def filed_agreements(self, form: str | None = None) -> Found:
        """(id, data) of the filed framework agreements (public once filed; of one 框架协议类型 when
        ``form`` is given), newest filing first."""
        where, params = "r.kind = 'agreement' AND json_extract(r.data, '$.status') = :status", {"status": FILED}
        if form is not None:
            where, params = where + " AND json_extract(r.data, '$.form') = :form", {**params, "form": form}
        return select_records(self.store, where, params, "json_extract(r.data, '$.filed_at') DESC, r.id DESC")

    def announcements(self, where: AnnouncementFilter = AnnouncementFilter(), after: tuple[str, str] | None = None,
                      limit: int = 100) -> list[AnnouncementRow]:
        """Up to ``limit`` announcements after the keyset ``after``, newest first."""
        clause, params = where.where()
        if after is not None:
            clause += f" AND ({_WHEN}, r.id) < (:after_when, :after_id)"
            params.update(after_when=after[0], after_id=after[1])
        params["limit"] = limit
        sql = f"SELECT {_COLUMNS} FROM records r WHERE {clause} ORDER BY {_WHEN} DESC, r.id DESC LIMIT :limit"
        with self.store.reading() as session:
            return [_row(r) for r in session.execute(text(sql), params).all()]

    def count_announcements(self, where: AnnouncementFilter = AnnouncementFilter()) -> int:
        clause, params = where.where()
        with self.store.reading() as session:
            return int(session.execute(text(f"SELECT count(*) FROM records r WHERE {clause}"), params).scalar_one())
