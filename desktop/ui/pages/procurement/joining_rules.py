"""Who may bid, apply to join or review an application, and why not — the domain's own functions
(:mod:`desktop.domain.workflow.second_stage`) run here on the synced records, so a refusal is shown with
the server's wording before anything is queued. The server still decides (its clock, its roster).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication

from desktop.domain.agreement_records import AgreementRecord
from desktop.domain.commands import CommandInvalid
from desktop.domain.protocol import AccountInfo
from desktop.domain.second_stage_commands import ApplyToJoin, RefuseJoin, SubmitBid
from desktop.domain.second_stage_records import JoinApplicationRecord
from desktop.domain.workflow import second_stage as wf
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import RuleWarning, WorkflowError, WorkflowEvent
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.review import ReviewFlow, ReviewStep
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.ui.pages.procurement.framework_rules import actor_of
from desktop.ui.pages.procurement.joining_service import Application, Invitation, OpenAgreement

translate = QCoreApplication.translate
REVIEW_NAMES = ("approve_join_application", "refuse_join_application")


def _login(account: AccountInfo | None) -> str | None:
    return translate("JoiningRules", "请先登录") if account is None or actor_of(account) is None else None


def _decimal(text: str | None) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


# --- 二次竞价 ------------------------------------------------------------------------------------------

def stage_of(invitation: Invitation, credit_code: str) -> wf.SecondStage:
    """The procurement as the domain sees it, with this supplier's own bid (synced or queued) if any."""
    r = invitation.record
    price = _decimal(invitation.price)
    own = (wf.Bid(credit_code, price, r.updated_at),) if price is not None else ()
    return wf.SecondStage(
        invitation.procurement_id, r.plan_id, SecondStageMethod(r.method), r.purchaser_unit_id, r.title,
        ReviewFlow(invitation.procurement_id, r.purchaser_unit_id, (ReviewStep.INTERNAL,)),
        state=wf.SecondStageState(r.state), invited=tuple(r.invited), deadline=r.deadline,
        ceiling=_decimal(r.ceiling), bids=own)


def bid_refusal(account: AccountInfo | None, invitation: Invitation, price_text: str | None,
                now: dt.datetime) -> str | None:
    """Why this bid (or, ``price_text`` None, any bid) cannot be made now; None: it can."""
    refusal = _login(account)
    if refusal is not None or account is None:
        return refusal
    actor = actor_of(account)
    assert actor is not None
    stage = stage_of(invitation, account.credit_code)
    if price_text is None:
        price = stage.ceiling or Decimal(1)
    else:
        try:
            SubmitBid(invitation.procurement_id, price_text.strip()).validate()
        except CommandInvalid as exc:
            return exc.message
        price = Decimal(price_text.strip())
    if stage.state is wf.SecondStageState.BIDDING and (stage.deadline is None or stage.ceiling is None):
        return translate("JoiningRules", "竞价信息尚未同步完整，请同步后再报价")
    try:
        wf.submit_bid(stage, actor, account.credit_code, price, now)
    except WorkflowError as exc:
        return exc.message
    return None


def bid_result(invitation: Invitation, credit_code: str, now: dt.datetime) -> str:
    """竞价中 / 已截止 / 竞价失败 / 已成交 / 未成交, as this supplier reads it."""
    r = invitation.record
    if r.state == wf.SecondStageState.BIDDING.value:
        if r.deadline is not None and now > r.deadline:
            return translate("JoiningRules", "已截止，等待采购人确定成交供应商")
        return translate("JoiningRules", "竞价中")
    if r.state == wf.SecondStageState.BIDDING_FAILED.value:
        return translate("JoiningRules", "竞价失败")
    if r.supplier_credit_code == credit_code:
        return translate("JoiningRules", "已成交（成交价 {price} 元）").format(price=r.award_price or "")
    return translate("JoiningRules", "未成交")


# --- joining an open agreement ----------------------------------------------------------------------

def terms_of(agreement: AgreementRecord, admitted: tuple[str, ...] = ()) -> wf.AgreementTerms:
    """The agreement as the joining rules use it: its suppliers plus those known to be admitted since."""
    suppliers = tuple(SupplierInfo(s.name, s.credit_code) for s in agreement.suppliers)
    suppliers += tuple(SupplierInfo(code, code) for code in admitted)
    start = dt.date.fromisoformat(agreement.validity_start) if agreement.validity_start else None
    end = dt.date.fromisoformat(agreement.validity_end) if agreement.validity_end else None
    return wf.AgreementTerms(agreement.plan_id, agreement.plan_number, agreement.project_name,
                             AgreementForm(agreement.form), SecondStageMethod.DIRECT_SELECTION,
                             agreement.collector_unit_id, agreement.collector_name, suppliers,
                             validity_start=start, validity_end=end)


def application_of(application_id: str, r: JoinApplicationRecord) -> wf.JoinApplication:
    events = tuple(WorkflowEvent(application_id, e.action, e.from_state, e.to_state, e.actor_account_id,
                                 e.actor_unit_id, e.at, e.reason) for e in r.history)
    return wf.JoinApplication(
        application_id, r.plan_id, r.supplier_unit_id,
        SupplierInfo(r.name, r.credit_code, r.address, r.contact_person, r.phone), r.received_at,
        dt.date.fromisoformat(r.review_due), wf.JoinStatus(r.status), r.reviewed_at, "", r.reason,
        dt.date.fromisoformat(r.announce_due) if r.announce_due else None, r.announced_at, events)


def apply_refusal(account: AccountInfo | None, agreement: OpenAgreement, form: ApplyToJoin | None,
                  now: dt.datetime) -> str | None:
    """Why this supplier cannot apply to join (``form`` None: whether it may apply at all)."""
    refusal = _login(account)
    if refusal is not None or account is None:
        return refusal
    actor = actor_of(account)
    assert actor is not None
    if form is not None:
        try:
            form.validate()
        except CommandInvalid as exc:
            return exc.message
    apps = agreement.applications
    approved = wf.JoinStatus.APPROVED.value
    admitted = tuple(account.credit_code for a in apps if a.record is not None and a.record.status == approved)
    waiting = [account.credit_code for a in apps
               if a.record is None or a.record.status == wf.JoinStatus.PENDING.value]
    supplier = SupplierInfo(account.unit_name, account.credit_code)
    try:
        wf.apply_to_join("check", terms_of(agreement.record, admitted), actor, supplier, waiting, now)
    except WorkflowError as exc:
        return exc.message
    return None


def review_refusal(account: AccountInfo | None, application: Application,
                   agreement: AgreementRecord | None, now: dt.datetime) -> str | None:
    """Why this account cannot 审核通过 / 审核不通过 the application now (None: it can)."""
    refusal = _login(account)
    if refusal is not None or account is None:
        return refusal
    if application.record is None:
        return translate("JoiningRules", "尚未同步到服务器，暂不能审核")
    if any(n in REVIEW_NAMES for n in application.pending):
        return translate("JoiningRules", "已办理本环节，等待同步到服务器")
    actor = actor_of(account)
    assert actor is not None
    record = application.record
    terms = terms_of(agreement) if agreement is not None else wf.AgreementTerms(
        record.plan_id, record.plan_number, record.project_name, AgreementForm.OPEN,
        SecondStageMethod.DIRECT_SELECTION, record.collector_unit_id, record.collector_name, ())
    try:
        wf.approve_join(application_of(application.application_id, record), terms, actor, now)
    except WorkflowError as exc:
        return exc.message
    return None


def refusal_reason_problem(application_id: str, reason: str) -> str | None:
    """审核不通过时必须填写原因 (the command's own check)."""
    try:
        RefuseJoin(application_id, reason).validate()
    except CommandInvalid as exc:
        return exc.message
    return None


DEADLINE_CODES = frozenset({"join_review_overdue", "join_announcement_overdue", "deadline_estimated"})
"""What :func:`desktop.domain.workflow.second_stage.join_deadline_warnings` computes (again, for today)."""


def deadline_warnings(application: Application, now: dt.datetime) -> tuple[RuleWarning, ...]:
    """The review / announcement deadlines recomputed for today (not as of the server's last flag),
    after the server's other warnings (a supplier removed before applying again)."""
    record = application.record
    if record is None:
        return ()
    kept = tuple(RuleWarning(w.code, w.message, "", w.source) for w in record.warnings
                 if w.code not in DEADLINE_CODES)
    return kept + wf.join_deadline_warnings(application_of(application.application_id, record), now)
