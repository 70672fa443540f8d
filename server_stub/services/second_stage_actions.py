"""Two commands that act on the second stage from outside its supplier choice (issue 7).

* ``remove_shortlisted_supplier`` (移出入围供应商): :func:`server_stub.services.shortlist.remove` takes the
  supplier off the roster (the collector's 经办岗, with a reason); then the procurements still choosing
  a supplier are republished with the current suppliers and 顺序轮候 next supplier, the removal and its
  reason in their history (:func:`server_stub.services.second_stage.supplier_removed`).
* ``request_payment`` (资金支付申请, manual 1.3.1.4 (3)): the purchaser's 经办岗, only under a filed agreement
  ("只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作", checked again here although creating a
  procurement is gated already) and a filed contract; the running total never exceeds the contract
  amount; idempotent by ``payment_id``. Stored in ``second_stage_payments``; the procurement's record
  lists them (``payments`` / ``paid_total``). A payment touches the procurement row, so two payments
  racing past the total are serialised by its optimistic version.

The rules are :mod:`desktop.domain.workflow.second_stage_extras`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sqlalchemy.orm import Session

from desktop.domain.agreement_commands import RemoveShortlistedSupplier
from desktop.domain.second_stage_commands import RequestPayment
from desktop.domain.workflow.agreement import SecondStageAction
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.second_stage_extras import Payment, request_payment
from server_stub.models import Account, SecondStagePayment
from server_stub.services import agreements, second_stage, shortlist
from server_stub.services import second_stage_links as links
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.framework import actor, refused
from server_stub.services.second_stage_terms import flush

__all__ = ["HANDLERS"]


def remove_shortlisted_supplier(session: Session, account: Account, command: RemoveShortlistedSupplier,
                                context: CommandContext) -> None:
    plan, event = shortlist.remove(session, account, command, context.now)
    agreements.note_removal(session, plan, event, account)
    second_stage.supplier_removed(session, plan, event, account)


def request_payment_(session: Session, account: Account, command: RequestPayment, context: CommandContext) -> None:
    row, plan, terms, stage = second_stage.acting(session, command.procurement_id, SecondStageAction.PAYMENT)
    other = session.get(SecondStagePayment, command.payment_id)
    if other is not None and other.procurement_id != row.id:
        raise CommandRejected("payment_id_taken", f"支付申请编号“{command.payment_id}”已用于另一笔支付",
                              f"payment id {command.payment_id} is taken")
    recorded = [Payment(p.id, Decimal(p.amount), p.requested_at, p.requested_by)
                for p in links.payments_of(session, row.id)]
    try:
        payment = request_payment(stage, agreements.agreement_filed(session, plan.id), actor(account), recorded,
                                  command.payment_id, Decimal(command.amount.strip()), context.now)
    except WorkflowError as exc:
        raise refused(exc) from exc
    if payment is None:  # recorded before with this amount
        return
    session.add(SecondStagePayment(id=payment.payment_id, procurement_id=row.id, amount=format(payment.amount, "f"),
                                   requested_at=payment.requested_at, requested_by=account.id))
    row.updated_at = context.now  # bumps the version: a racing payment is refused, not added past the total
    flush(session, "payment_changed")
    second_stage.publish(session, row, plan, terms)


HANDLERS: dict[str, Callable[..., None]] = {
    RemoveShortlistedSupplier.name: remove_shortlisted_supplier,
    RequestPayment.name: request_payment_,
}
"""Registered in ``apply_command._HANDLERS`` (issue 7)."""
