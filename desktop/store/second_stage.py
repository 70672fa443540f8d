"""What the purchaser's 【合同管理】-【合同备案】 of framework agreements reads (issue 7 items 7, 9): the
unit's second-stage procurements, the filed agreements it may buy under (:meth:`FrameworkRecords.filed_agreements`)
and their 入围结果公告 (the agreement price) — through :mod:`desktop.store.framework`'s queries.

A unit runs a few dozen second-stage procurements a year, so each list is one query; the feed
already limits what the account holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.store.framework import ANNOUNCEMENT, Found, FrameworkRecords, select_records

RESULT = "入围结果公告"


@dataclass
class SecondStageRecords(FrameworkRecords):
    def procurements(self, unit_id: str) -> Found:
        """(id, data) of this purchaser unit's second-stage procurements, newest first."""
        return select_records(self.store, "r.kind = 'second_stage' AND json_extract(r.data, '$.purchaser_unit_id')"
                              " = :unit", {"unit": unit_id}, "json_extract(r.data, '$.created_at') DESC, r.id DESC")

    def results(self, plan_ids: Sequence[str]) -> Found:
        """(id, data) of the 入围结果公告 of these plans (the agreement price is on them)."""
        return [(rid, data) for rid, data in self.of_plans(ANNOUNCEMENT, plan_ids) if data.get("kind") == RESULT]
