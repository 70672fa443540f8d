"""合同在线签订 records as the change feed carries them (issue 6), shared by client and server.

Kinds (:class:`desktop.domain.protocol.RecordKind`):

* ``lot`` — a 标段 whose result announcement (结果公告) is published, with its winning supplier: what
  【选择】 offers when a purchaser adds a signing record. Visible to the lot's purchaser and supplier.
* ``contract`` — one online-signing record; ``document_sha256`` is the current PDF (the upload, then
  the purchaser-signed, then the doubly signed file), a blob both parties may download. The
  purchaser sees it from creation, the supplier once the purchaser has signed (seed manual 2.2).
* ``contract_notice`` — the 合同公告 published by 合同备案; visible to everyone.

Record ids are the feed ids; ``from_json(ContractRecord, change.data)`` reads one back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class LotRecord:
    project_id: str
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
    """Award amount in yuan as a decimal string (no float rounding)."""
    result_published_at: dt.datetime | None = None

    @property
    def result_published(self) -> bool:
        return self.result_published_at is not None


@dataclass(frozen=True)
class ContractRecord:
    lot_id: str
    project_name: str
    lot_name: str
    title: str
    purchaser_unit_id: str
    purchaser_name: str
    supplier_unit_id: str
    supplier_name: str
    supplier_credit_code: str
    amount: str
    state: str
    """A :class:`desktop.domain.workflow.contract.ContractState` value (待签章 … 已备案)."""
    file_name: str
    document_sha256: str
    original_sha256: str
    """The unsigned upload the signatures were applied to."""
    created_at: dt.datetime
    purchaser_signed_at: dt.datetime | None = None
    supplier_signed_at: dt.datetime | None = None
    filed_at: dt.datetime | None = None


@dataclass(frozen=True)
class ContractNoticeRecord:
    """合同公告, published when the contract is filed (合同备案)."""

    contract_id: str
    title: str
    project_name: str
    lot_name: str
    purchaser_name: str
    supplier_name: str
    supplier_credit_code: str
    amount: str
    document_sha256: str
    published_at: dt.datetime
