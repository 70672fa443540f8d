"""计划备案 list (issue 7): plan records read straight from ``records`` with SQLite's JSON functions.

Plans are few next to contracts (a unit files a handful a year; a regulator sees its region's), so
they get no projection table: a page is one query over ``records`` (kind ``plan``) that pulls the
list's columns out of the JSON, ordered newest first by keyset (``created_at``, ``id``). Each row
carries the names of this user's commands about the plan still waiting in the outbox (the list
marks them 待同步), and a plan saved here that the server has not seen yet shows as a provisional
(``local``) row built from its latest pending ``save_plan``: it disappears if the server refuses it
(the refusal is on the rejected-commands page) and is replaced by the server's record once synced.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from desktop.store.database import Store

KIND = "plan"
SAVE = "save_plan"

_J = "json_extract(r.data, '$.{0}')"
_COLUMNS = ", ".join([
    "r.id", _J.format("number"), _J.format("project_name"), _J.format("collector_name"),
    _J.format("form.category"),
    "(SELECT group_concat(json_extract(i.value, '$.name'), '、') FROM json_each(r.data, '$.form.items') i)",
    _J.format("form.annual_budget"), _J.format("status"), _J.format("state_label"), _J.format("pending_step"),
    _J.format("identity"), _J.format("collector_unit_id"), _J.format("submission"), _J.format("created_at"),
    "(SELECT group_concat(o.name, ',') FROM outbox o WHERE o.subject = r.id AND o.status = 'pending') AS pending",
])
_CREATED = _J.format("created_at")
_SEARCH = ("lower(coalesce(" + _J.format("number") + ", '') || ' ' || " + _J.format("project_name") + " || ' ' || "
           + _J.format("collector_name") + " || ' ' || coalesce((SELECT group_concat(json_extract(i.value, '$.name')"
           " || json_extract(i.value, '$.code')) FROM json_each(r.data, '$.form.items') i), ''))")
_LOCAL = ("SELECT o.subject, o.payload, o.created_at, (SELECT min(f.created_at) FROM outbox f"
          " WHERE f.subject = o.subject AND f.name = :save AND f.status = 'pending'),"
          " (SELECT group_concat(p.name, ',') FROM outbox p"
          " WHERE p.subject = o.subject AND p.status = 'pending') FROM outbox o WHERE o.name = :save"
          " AND o.status = 'pending' AND o.subject IS NOT NULL AND NOT EXISTS (SELECT 1 FROM records x"
          " WHERE x.kind = :kind AND x.id = o.subject) AND o.seq = (SELECT max(m.seq) FROM outbox m"
          " WHERE m.subject = o.subject AND m.name = :save AND m.status = 'pending')")


@dataclass(frozen=True)
class PlanRow:
    """One line of the 计划备案 list."""

    id: str
    number: str | None
    project_name: str
    collector_name: str
    category: str | None
    items: str
    """品目 names, joined with 、."""
    annual_budget: str
    status: str
    """待提交 / 审核中 / 已退回 / 审核通过."""
    state_label: str
    pending_step: str | None
    identity: str
    collector_unit_id: str
    submission: int
    created_at: dt.datetime
    local: bool = False
    """Saved here, not on the server yet (a provisional row)."""
    pending: tuple[str, ...] = ()
    """Names of this user's commands about the plan still waiting to be synced, oldest first."""

    @property
    def cursor(self) -> tuple[str, str]:
        return (self.created_at.isoformat(), self.id)


def _when(value: object) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return dt.datetime.fromtimestamp(0, dt.UTC)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _row(values: Sequence[Any]) -> PlanRow:
    (pid, number, name, collector, category, items, budget, status, label, step, identity, unit, submission,
     created, pending) = values
    return PlanRow(str(pid), number, str(name or ""), str(collector or ""), category, str(items or ""),
                   str(budget or ""), str(status or ""), str(label or ""), step, str(identity or ""), str(unit or ""),
                   int(submission or 0), _when(created), pending=tuple(pending.split(",")) if pending else ())


@dataclass(frozen=True)
class ReviewerScope:
    """Who the user is, for 待我审核: the steps this account may take (its unit, post and user type)."""

    account_id: str
    unit_id: str
    internal: bool
    """A 审核岗 采购人 account: 内部审核岗审核 of its unit's plans and 主管预算单位审核 of its subordinates'."""
    regulator: bool
    """A 监管 account: 监管部门初核 / 复核 of its region's plans."""


@dataclass(frozen=True)
class PlanFilter:
    status: str | None = None
    """A FlowStatus value, or None for every plan."""
    search: str = ""
    """Substring of the number, project name, collector or an item's name or code."""
    to_review: ReviewerScope | None = None
    """Only plans whose pending step this reviewer may take (and has not yet taken)."""

    def where(self) -> tuple[str, dict[str, Any]]:
        clauses = ["r.kind = :kind"]
        params: dict[str, Any] = {"kind": KIND}
        if self.status:
            clauses.append(_J.format("status") + " = :status")
            params["status"] = self.status
        needle = self.search.strip().casefold()
        if needle:
            clauses.append(f"instr({_SEARCH}, :needle) > 0")
            params["needle"] = needle
        scope = self.to_review
        if scope is not None:
            steps = ["0"]
            if scope.internal:
                steps.append(f"({_J.format('pending_step')} = '内部审核岗审核' AND "
                             f"{_J.format('collector_unit_id')} = :me_unit)")
                steps.append(f"({_J.format('pending_step')} = '主管预算单位审核' AND "
                             f"{_J.format('supervising_unit_id')} = :me_unit)")
            if scope.regulator:
                steps.append(f"({_J.format('pending_step')} IN ('监管部门初核', '监管部门复核') AND "
                             f"coalesce({_J.format('regulator_unit_id')}, :me_unit) = :me_unit)")
            clauses.append(f"({' OR '.join(steps)})")
            clauses.append(f"coalesce({_J.format('submitter_account_id')}, '') <> :me")
            clauses.append("NOT EXISTS (SELECT 1 FROM json_each(r.data, '$.approved_by') a WHERE a.value = :me)")
            params.update(me=scope.account_id, me_unit=scope.unit_id)
        return " AND ".join(clauses), params

    @property
    def shows_local(self) -> bool:
        """Provisional rows are drafts: shown unfiltered, under 待提交, and when they match the search."""
        return self.to_review is None and self.status in (None, "待提交")


def _local_row(subject: str, payload: str, first_saved: str | None, pending: str | None,
               collector_name: str, unit_id: str) -> PlanRow | None:
    try:
        form = json.loads(payload)["form"]
        items = "、".join(str(i["name"]) for i in form.get("items", []))
        return PlanRow(subject, None, str(form.get("project_name", "")), collector_name, form.get("category"), items,
                       str(form.get("annual_budget", "")), "待提交", "待提交", None, str(form.get("identity", "")),
                       unit_id, 0, _when(first_saved), local=True,
                       pending=tuple(pending.split(",")) if pending else ())
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _matches(row: PlanRow, needle: str) -> bool:
    return not needle or needle in f"{row.project_name} {row.collector_name} {row.items}".casefold()


@dataclass
class Plans:
    """Queries over the synced plans and the provisional rows of plans saved here."""

    store: Store
    page_size: int = 100
    collector: tuple[str, str] = field(default=("", ""))
    """(unit id, name) of the logged-in unit: a provisional row's collector."""

    def local_rows(self, where: PlanFilter = PlanFilter()) -> list[PlanRow]:
        if not where.shows_local:
            return []
        unit_id, name = self.collector
        with self.store.reading() as session:
            found = session.execute(text(_LOCAL), {"save": SAVE, "kind": KIND}).all()
        rows = [_local_row(s, p, f, pending, name, unit_id) for s, p, _c, f, pending in found]
        needle = where.search.strip().casefold()
        return sorted((r for r in rows if r is not None and _matches(r, needle)),
                      key=lambda r: r.cursor, reverse=True)

    def page(self, where: PlanFilter = PlanFilter(), after: tuple[str, str] | None = None,
             limit: int | None = None) -> list[PlanRow]:
        """Up to ``limit`` synced rows after the keyset ``after``; the first page (``after`` None)
        starts with the provisional rows, which do not count against the limit."""
        clause, params = where.where()
        if after is not None:
            clause += f" AND ({_CREATED}, r.id) < (:after_created, :after_id)"
            params.update(after_created=after[0], after_id=after[1])
        params["limit"] = limit or self.page_size
        sql = f"SELECT {_COLUMNS} FROM records r WHERE {clause} ORDER BY {_CREATED} DESC, r.id DESC LIMIT :limit"
        with self.store.reading() as session:
            rows = [_row(r) for r in session.execute(text(sql), params).all()]
        return (self.local_rows(where) + rows) if after is None else rows

    def count(self, where: PlanFilter = PlanFilter()) -> int:
        clause, params = where.where()
        with self.store.reading() as session:
            synced = int(session.execute(text(f"SELECT count(*) FROM records r WHERE {clause}"), params).scalar_one())
        return synced + len(self.local_rows(where))

    def get(self, plan_id: str) -> PlanRow | None:
        sql = f"SELECT {_COLUMNS} FROM records r WHERE r.kind = :kind AND r.id = :id"
        with self.store.reading() as session:
            row = session.execute(text(sql), {"kind": KIND, "id": plan_id}).first()
        if row is not None:
            return _row(row)
        return next((r for r in self.local_rows() if r.id == plan_id), None)

    def units_of_kinds(self, kinds: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
        """(id, data) of the synced units of these kinds (the agencies a plan may entrust), by name."""
        if not kinds:
            return []
        marks = ", ".join(f":k{n}" for n in range(len(kinds)))
        sql = (f"SELECT r.id, r.data FROM records r WHERE r.kind = 'unit' AND json_extract(r.data, '$.kind')"
               f" IN ({marks}) ORDER BY json_extract(r.data, '$.name'), r.id")
        with self.store.reading() as session:
            found = session.execute(text(sql), {f"k{n}": k for n, k in enumerate(kinds)}).all()
        return [(str(i), json.loads(d)) for i, d in found]
