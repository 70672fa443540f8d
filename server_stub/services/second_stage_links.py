"""What a second-stage procurement is linked to on the server (issue 7): its 标段 in 合同在线签订 and the
online contract of that lot (seed manual §2.4), and its 资金支付申请.

* :func:`offer_lot`: once the supplier is determined (直接选定 / 二次竞价 / 顺序轮候) and it is a registered
  unit, the 标段 ``ssl-<procurement id>`` is registered through :func:`contracts.add_lot` (purchaser and
  supplier units, the award price or 0 when there is none, result published at the award, project
  code = the plan number): the purchaser may add the contract in 合同在线签订 and both parties sign it.
* :func:`main_document_at_filing`: at 合同备案 a live online contract of the lot must be 供应商已确认; its
  doubly signed PDF becomes the locked 合同主文档.
* :func:`file_online_contract`: at the approval of the 合同备案 the online contract becomes 已备案 (no
  合同公告 of its own: the second stage publishes the one 合同公告).
* :func:`record_fields`: the link and payment fields of the second-stage feed record.

The rules are :mod:`desktop.domain.workflow.second_stage_extras`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.domain.second_stage_records import PaymentEntryRecord
from desktop.domain.workflow import second_stage_extras as extras
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.contract import ContractState
from server_stub.models import (
    Account,
    FrameworkPlan,
    Lot,
    OnlineContract,
    SecondStagePayment,
    SecondStageProcurement,
    Unit,
)
from server_stub.services import contracts
from server_stub.services.command_base import CommandRejected
from server_stub.services.framework import refused

__all__ = ["file_online_contract", "main_document_at_filing", "offer_lot", "online_contract_of", "payments_of",
           "record_fields", "require_main_document_unchanged"]


def online_contract_of(session: Session, lot_id: str | None) -> OnlineContract | None:
    """The live (not deleted) 合同在线签订 record of the lot."""
    if not lot_id:
        return None
    return session.execute(select(OnlineContract).where(OnlineContract.lot_id == lot_id,
                                                        OnlineContract.deleted_at.is_(None))).scalars().first()


def offer_lot(session: Session, row: SecondStageProcurement, plan: FrameworkPlan, at: dt.datetime) -> None:
    """The supplier is determined: its 标段 for 合同在线签订, when the supplier is a registered unit."""
    assert row.supplier is not None
    supplier = session.execute(select(Unit).where(Unit.credit_code == row.supplier["credit_code"])).scalars().first()
    lot_id = extras.lot_id_for(row.id)
    if supplier is None or session.get(Lot, lot_id) is not None:
        return
    contracts.add_lot(session, lot_id, project_id=plan.id, project_code=plan.number or "",
                      project_name=plan.project_name, lot_no="1", lot_name=row.title,
                      purchaser_unit_id=row.purchaser_unit_id, supplier_unit_id=supplier.id,
                      amount=row.award_price or "0", result_published_at=at)
    row.lot_id = lot_id


def main_document_at_filing(session: Session, row: SecondStageProcurement) -> str:
    """The 合同主文档 from 合同在线签订 ("" without a live online contract); refused until both signed."""
    contract = online_contract_of(session, row.lot_id)
    try:
        return extras.main_document(ContractState(contract.state) if contract is not None else None,
                                    contract.supplier_signed_sha256 if contract is not None else None)
    except WorkflowError as exc:
        raise refused(exc) from exc


def require_main_document_unchanged(session: Session, row: SecondStageProcurement) -> None:
    """At the approval: 合同在线签订 still gives the main document the 经办岗 submitted (an online contract
    added or deleted during the review is refused: return the filing and submit it again)."""
    try:
        current: str | None = main_document_at_filing(session, row)
    except CommandRejected:  # an unsigned online contract appeared
        current = None
    if current != (row.document_sha256 or ""):
        raise CommandRejected("online_contract_changed",
                              "合同在线签订数据与合同备案时的合同主文档不一致，请退回后重新备案",
                              "the online contract changed since the filing was submitted")


def file_online_contract(session: Session, row: SecondStageProcurement, now: dt.datetime) -> None:
    """合同备案 approved: the online contract whose PDF is the main document becomes 已备案, filed by the
    经办岗 who submitted the 合同备案 (the agreement is filed: the second stage exists only under one)."""
    contract = online_contract_of(session, row.lot_id)
    if not row.document_sha256 or contract is None or contract.state == ContractState.FILED.value:
        return
    filer = session.get(Account, row.submitter_account_id)
    assert filer is not None
    contracts.mark_filed(session, contract, filer, now, framework_agreement_filed=True)


def payments_of(session: Session, procurement_id: str) -> list[SecondStagePayment]:
    return list(session.execute(select(SecondStagePayment).where(SecondStagePayment.procurement_id == procurement_id)
                                .order_by(SecondStagePayment.requested_at, SecondStagePayment.id)).scalars())


def record_fields(session: Session, row: SecondStageProcurement) -> dict[str, Any]:
    """The 合同在线签订 link and the payments, as :class:`SecondStageRecord` carries them."""
    contract = online_contract_of(session, row.lot_id)
    payments = payments_of(session, row.id)
    names = {a.id: a.username for a in session.execute(select(Account).where(
        Account.id.in_({p.requested_by for p in payments}))).scalars()} if payments else {}
    return {
        "lot_id": row.lot_id or "", "online_contract_id": contract.id if contract is not None else "",
        "online_contract_state": contract.state if contract is not None else "",
        "document_sha256": row.document_sha256 or "",
        "payments": [PaymentEntryRecord(p.id, p.amount, p.requested_at, names.get(p.requested_by, ""))
                     for p in payments],
        "paid_total": format(sum((Decimal(p.amount) for p in payments), Decimal(0)), "f"),
    }
