"""框架协议备案 and the second-stage gate (seed manual 1.3.1.4, 1.3.1.5).

* A filing starts from a published 入围结果公告; 征集人 and 入围供应商 are carried by the system
  and locked ("不允许进行修改"); supplier addresses and contacts change in 入围供应商管理 and are
  refreshed into a filing that is still editable (:func:`refresh_suppliers`).
* 经办岗 clicks 备案 → 内部审核岗 reviews → 框架协议备案完成.
* Only a filed agreement allows 二阶段的合同备案以及资金支付 (:func:`require_agreement_filed`), by
  purchasers or service objects inside the collection scope (:func:`require_in_scope`).
* Closed agreements choose the second-stage supplier by 直接选定, 二次竞价 or 顺序轮候; open ones by
  直接选定 (Order No. 110, domain-rules.md §A8–§A9: a warning only).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace

from desktop.domain.workflow import review
from desktop.domain.workflow.announcement import ShortlistResult
from desktop.domain.workflow.common import (
    Actor,
    Category,
    FieldLocked,
    Region,
    RuleWarning,
    Transition,
    TransitionRefused,
    WorkflowError,
)
from desktop.domain.workflow.order110 import AgreementForm, validity_warnings
from desktop.domain.workflow.plan import Party
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.suppliers import ShortlistedSupplier, sync_roster

__all__ = [
    "AgreementFiling",
    "SecondStageAction",
    "SecondStageMethod",
    "agreement_warnings",
    "approve_agreement",
    "edit_agreement",
    "file_agreement",
    "new_agreement_filing",
    "refresh_suppliers",
    "require_agreement_filed",
    "require_in_scope",
    "return_agreement",
    "second_stage_method_warnings",
]


class SecondStageAction(enum.StrEnum):
    CONTRACT_FILING = "合同备案"
    PAYMENT = "资金支付"


class SecondStageMethod(enum.StrEnum):
    DIRECT_SELECTION = "直接选定"
    SECOND_BIDDING = "二次竞价"
    ROTATION = "顺序轮候"


@dataclass(frozen=True)
class AgreementFiling:
    filing_id: str
    plan_id: str
    result_id: str
    form: AgreementForm
    collector: Party
    suppliers: tuple[ShortlistedSupplier, ...]
    flow: ReviewFlow
    scope: Region | None = None
    """适用采购人或服务对象范围; ``None`` when the plan named none (no scope check)."""
    category: Category | None = None
    validity_start: dt.date | None = None
    validity_end: dt.date | None = None

    @property
    def filed(self) -> bool:
        return self.flow.status is FlowStatus.APPROVED

    @property
    def state_label(self) -> str:
        if self.filed:
            return "已备案"
        return "待备案" if self.flow.status is FlowStatus.DRAFT else self.flow.state_label


def new_agreement_filing(filing_id: str, result: ShortlistResult, collector: Party,
                         roster: tuple[ShortlistedSupplier, ...], owner_unit_id: str,
                         scope: Region | None = None, category: Category | None = None) -> AgreementFiling:
    """新增 a filing for the project of a published result; collector and suppliers are carried."""
    if not result.published:
        raise TransitionRefused("shortlist_result_not_published", "入围结果公告发布后，才可以进行框架协议备案",
                                "publish the shortlist result announcement first")
    suppliers = sync_roster(roster, result.suppliers)
    flow = ReviewFlow(filing_id, owner_unit_id, (ReviewStep.INTERNAL,))
    return AgreementFiling(filing_id, result.plan_id, result.result_id, result.form, collector, suppliers, flow,
                           scope, category)


_LOCKED_REMEDY = "如入围供应商地址以及联系方式有变化，可到“入围供应商管理”功能中进行维护"


def _require_editable(filing: AgreementFiling) -> None:
    if not filing.flow.status.editable:
        raise TransitionRefused("agreement_not_editable", f"框架协议备案当前状态为“{filing.state_label}”，不能修改",
                                "the filing is under review or filed")


def edit_agreement(filing: AgreementFiling, collector: Party, suppliers: tuple[ShortlistedSupplier, ...],
                   validity_start: dt.date | None, validity_end: dt.date | None) -> AgreementFiling:
    """Save the form: only the agreement's own fields change; collector and suppliers are locked."""
    _require_editable(filing)
    locked = [name for name, same in (("collector", collector == filing.collector),
                                      ("suppliers", suppliers == filing.suppliers)) if not same]
    if locked:
        raise FieldLocked("agreement_parties_locked", locked, "征集人、入围供应商信息系统自动带出，不允许进行修改",
                          "the collector and the shortlisted suppliers are carried and cannot be changed",
                          _LOCKED_REMEDY)
    if validity_start and validity_end and validity_end < validity_start:
        raise WorkflowError("validity_end_before_start", "框架协议有效期截止日期不能早于开始日期",
                            "the validity period ends before it starts")
    return replace(filing, validity_start=validity_start, validity_end=validity_end)


def refresh_suppliers(filing: AgreementFiling, roster: tuple[ShortlistedSupplier, ...]) -> AgreementFiling:
    """Take the addresses, contacts and agents maintained in 入围供应商管理 (while still editable)."""
    _require_editable(filing)
    by_code = {s.credit_code: s for s in roster}
    return replace(filing, suppliers=tuple(by_code.get(s.credit_code, s) for s in filing.suppliers))


def agreement_warnings(filing: AgreementFiling) -> tuple[RuleWarning, ...]:
    return validity_warnings(filing.category, filing.validity_start, filing.validity_end)


def file_agreement(filing: AgreementFiling, actor: Actor, at: dt.datetime) -> Transition[AgreementFiling]:
    """经办岗 clicks 备案: the filing goes to the collector's 内部审核岗."""
    step = review.submit(filing.flow, actor, at)
    return Transition(replace(filing, flow=step.record), replace(step.event, action="file"))


def approve_agreement(filing: AgreementFiling, actor: Actor, at: dt.datetime) -> Transition[AgreementFiling]:
    """内部审核岗 approves: 框架协议备案完成."""
    step = review.approve(filing.flow, actor, at)
    new = replace(filing, flow=step.record)
    return Transition(new, replace(step.event, to_state=new.state_label))


def return_agreement(filing: AgreementFiling, actor: Actor, at: dt.datetime, reason: str
                     ) -> Transition[AgreementFiling]:
    step = review.return_for_changes(filing.flow, actor, at, reason)
    return Transition(replace(filing, flow=step.record), step.event)


# --- second stage ------------------------------------------------------------------------------

def require_agreement_filed(filing: AgreementFiling | None, action: SecondStageAction) -> AgreementFiling:
    """只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作 (manual 1.3.1.4 (3))."""
    if filing is None or not filing.filed:
        raise WorkflowError("agreement_not_filed",
                            f"只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作（{action.value}）",
                            f"file the framework agreement before second-stage {action.name.lower()}")
    return filing


def require_in_scope(filing: AgreementFiling, purchaser_division_code: str, supplier_credit_code: str) -> None:
    """The purchaser is inside the collection scope and the supplier is shortlisted (manual 1.3.1.5)."""
    if filing.scope is not None and not filing.scope.covers(purchaser_division_code):
        raise WorkflowError("purchaser_outside_scope",
                            f"只有征集范围（{filing.scope.name}）内的采购人或服务对象可以使用此框架协议",
                            "the purchaser is outside the agreement's scope")
    if all(s.credit_code != supplier_credit_code for s in filing.suppliers):
        raise WorkflowError("supplier_not_shortlisted", "二阶段只能从入围供应商中确定成交供应商",
                            "the second-stage supplier must be shortlisted")


def second_stage_method_warnings(form: AgreementForm, method: SecondStageMethod) -> tuple[RuleWarning, ...]:
    """Open agreements: the purchaser chooses directly among all shortlisted suppliers (§A9)."""
    if form is AgreementForm.OPEN and method is not SecondStageMethod.DIRECT_SELECTION:
        return (RuleWarning("open_agreement_direct_selection",
                            "开放式框架协议的第二阶段一般由采购人或服务对象从入围供应商中直接选定",
                            "open agreements use direct selection in the second stage",
                            "财政部令第110号（二手资料整理，待核对原文）"),)
    return ()
