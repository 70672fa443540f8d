"""The filed agreement as the second stage sees it (issue 7): :func:`terms_of` — the method fixed at
collection, the agreement price (the 入围结果公告's 最高入围价格), the current suppliers (the agreement's,
plus those admitted to an open agreement, minus those no longer on 入围供应商管理) — and the flush
that turns a concurrent change into a refusal. Shared by :mod:`second_stage` and :mod:`joining`.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import AgreementFiling, SecondStageAction, SecondStageMethod
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.suppliers import SupplierInfo
from server_stub.models import FrameworkPlan, JoinApplication, ShortlistEntry
from server_stub.services import agreements, announcements
from server_stub.services.command_base import CommandRejected

__all__ = ["filed_terms", "fixed_method", "flush", "terms_of"]


# --- the agreement as the second stage sees it -----------------------------------------------------

def fixed_method(plan: FrameworkPlan) -> SecondStageMethod | None:
    value = plan.form.get("second_stage_method")
    return SecondStageMethod(value) if value else None


def _admitted(session: Session, plan_id: str) -> list[SupplierInfo]:
    rows = session.execute(select(JoinApplication).where(JoinApplication.plan_id == plan_id,
                                                         JoinApplication.status == wf.JoinStatus.APPROVED.value)
                           .order_by(JoinApplication.reviewed_at, JoinApplication.id)).scalars()
    return [SupplierInfo(**row.supplier) for row in rows]


def _removed(session: Session, plan_id: str) -> list[str]:
    """Suppliers no longer on 入围供应商管理 (a removal deactivates the roster row)."""
    return list(session.execute(select(ShortlistEntry.credit_code).where(
        ShortlistEntry.plan_id == plan_id, ShortlistEntry.active.is_(False))).scalars())


def terms_of(session: Session, plan: FrameworkPlan, filing: AgreementFiling) -> wf.AgreementTerms:
    """The filed agreement of ``plan`` as the second stage uses it."""
    result = announcements.shortlist_result_of(session, plan)
    ceiling = (result.basis_value if result is not None and result.basis is ShortlistBasis.MAX_PRICE
               else None)
    suppliers = wf.current_suppliers((s.info for s in filing.suppliers), _admitted(session, plan.id),
                                     _removed(session, plan.id))
    return wf.AgreementTerms(
        plan_id=plan.id, plan_number=plan.number or "", project_name=plan.project_name, form=filing.form,
        method=wf.second_stage_method(filing.form, fixed_method(plan)), collector_unit_id=plan.collector_unit_id,
        collector_name=filing.collector.name, suppliers=suppliers, scope=filing.scope, price_ceiling=ceiling,
        category=filing.category, validity_start=filing.validity_start, validity_end=filing.validity_end)


def filed_terms(session: Session, plan: FrameworkPlan,
                 action: SecondStageAction = SecondStageAction.CONTRACT_FILING) -> wf.AgreementTerms:
    return terms_of(session, plan, agreements.require_agreement_filed(session, plan.id, action))


def flush(session: Session, code: str = "second_stage_changed") -> None:
    try:
        session.flush()
    except (StaleDataError, IntegrityError):
        raise CommandRejected(code, "该事项已被他人同时办理，请同步后重新查看",
                              "the record changed concurrently") from None
