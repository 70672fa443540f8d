"""What the purchaser's 【合同管理】-【合同备案】 of framework agreements reads (issue 7 items 7, 9): the
unit's second-stage procurements, the filed agreements it may buy under, their 入围结果公告 (the agreement
price) and the 采购计划备案 each filing created — straight from ``records`` with SQLite's JSON
functions, as :mod:`desktop.store.framework` does.

A unit runs a few dozen second-stage procurements a year, so each list is one query; the feed
already limits what the account holds.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from desktop.store.database import Store

FILED = "审核通过"
RESULT = "入围结果公告"

Found = list[tuple[str, dict[str, Any]]]


@dataclass
class SecondStageRecords:
    store: Store

    def _select(self, where: str, params: dict[str, Any], order: str) -> Found:
        sql = f"SELECT r.id, r.data FROM records r WHERE {where} ORDER BY {order}"
        with self.store.reading() as session:
            return [(str(i), json.loads(d)) for i, d in session.execute(text(sql), params).all()]

    def procurements(self, unit_id: str) -> Found:
        """(id, data) of this purchaser unit's second-stage procurements, newest first."""
        return self._select("r.kind = 'second_stage' AND json_extract(r.data, '$.purchaser_unit_id') = :unit",
                            {"unit": unit_id}, "json_extract(r.data, '$.created_at') DESC, r.id DESC")

    def filed_agreements(self) -> Found:
        """(id, data) of every filed framework agreement (public once filed), newest filing first."""
        return self._select("r.kind = 'agreement' AND json_extract(r.data, '$.status') = :status",
                            {"status": FILED}, "json_extract(r.data, '$.filed_at') DESC, r.id DESC")

    def results(self, plan_ids: Sequence[str]) -> Found:
        """(id, data) of the 入围结果公告 of these plans (the agreement price is on them)."""
        ids = list(dict.fromkeys(plan_ids))
        found: Found = []
        for start in range(0, len(ids), 500):  # SQLite's variable limit
            chunk = ids[start:start + 500]
            marks = ", ".join(f":p{n}" for n in range(len(chunk)))
            where = (f"r.kind = 'announcement' AND json_extract(r.data, '$.kind') = :kind"
                     f" AND json_extract(r.data, '$.plan_id') IN ({marks})")
            params: dict[str, Any] = {"kind": RESULT, **{f"p{n}": p for n, p in enumerate(chunk)}}
            found += self._select(where, params, "r.id")
        return found
