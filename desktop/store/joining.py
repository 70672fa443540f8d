"""What suppliers and collectors read of the second stage (issue 7 items 5, 7, 8): the 二次竞价
invitations a supplier received and its own bids, the filed open agreements it may join, and the join
applications (the applicant's own, or those to a collector's agreements) — straight from ``records``
with SQLite's JSON functions, as :mod:`desktop.store.framework` does.

The feed already limits what an account holds (a supplier sees only the procurements it is invited
to and its own bids); these queries only pick the rows a tab lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.store.framework import Found, FrameworkRecords, select_records

BIDDING = "二次竞价"
OPEN_FORM = "开放式"


@dataclass
class JoiningRecords(FrameworkRecords):
    def _select(self, where: str, params: dict[str, Any], order: str = "r.id DESC") -> Found:
        return select_records(self.store, where, params, order)

    def invitations(self, credit_code: str) -> Found:
        """(id, data) of the 二次竞价 procurements that invite ``credit_code``, newest first."""
        where = ("r.kind = 'second_stage' AND json_extract(r.data, '$.method') = :method AND EXISTS"
                 " (SELECT 1 FROM json_each(r.data, '$.invited') AS i WHERE i.value = :code)")
        return self._select(where, {"method": BIDDING, "code": credit_code},
                            "json_extract(r.data, '$.created_at') DESC, r.id DESC")

    def bids(self, credit_code: str) -> Found:
        """This supplier's own bids (the feed carries no one else's)."""
        return self._select("r.kind = 'second_stage_bid' AND json_extract(r.data, '$.credit_code') = :code",
                            {"code": credit_code})

    def open_agreements(self) -> Found:
        """The filed open agreements (public once filed), newest filing first."""
        return self.filed_agreements(OPEN_FORM)

    def join_applications(self, *, supplier_unit_id: str | None = None,
                          collector_unit_id: str | None = None) -> Found:
        """Applications by this supplier unit, or to this collector's agreements, newest first."""
        clauses, params = ["r.kind = 'join_application'"], {}
        if supplier_unit_id is not None:
            clauses.append("json_extract(r.data, '$.supplier_unit_id') = :supplier")
            params["supplier"] = supplier_unit_id
        if collector_unit_id is not None:
            clauses.append("json_extract(r.data, '$.collector_unit_id') = :collector")
            params["collector"] = collector_unit_id
        return self._select(" AND ".join(clauses), params,
                            "json_extract(r.data, '$.received_at') DESC, r.id DESC")
