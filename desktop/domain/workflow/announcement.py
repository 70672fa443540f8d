"""信息发布: 征集公告 and 入围结果公告 (seed manual 1.3.1.2), 合同公告 column (1.3.1.5).

征集公告 (1.3.1.2 1):
  (1) 征集人名称、联系人、联系方式 carried from the filed plan and locked (联系方式 = the unit's 固话);
      联系地址 carried and editable;
  (2)/(5) lots (分包信息): for 互认互通 projects they come from the trading system after 项目受理,
      and the notice cannot be edited until they have arrived;
  (3) 经办岗 edits → 内部审核岗 approves → published;
  (4) shown in the "采购公告" column; (6) 互认互通: pushed to the trading system once published.
入围结果公告 (1.3.1.2 2): only after the 征集公告 is published; 最高入围价格 or 最低入围分值;
  shortlisted suppliers (chosen from those the trading centre pushed, for 互认互通 projects);
  same review; "结果公告" column; 互认互通: pushed once published.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import ClassVar

from desktop.domain.workflow import review
from desktop.domain.workflow.common import (
    Actor,
    FieldLocked,
    FormInvalid,
    Problem,
    RuleWarning,
    Transition,
    TransitionRefused,
    WorkflowError,
)
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod, shortlist_elimination_warnings
from desktop.domain.workflow.plan_review import PlanFiling
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.suppliers import SupplierInfo, check_phone, supplier_info

__all__ = [
    "AnnouncementKind",
    "CollectionNotice",
    "CollectorContact",
    "Column",
    "Lot",
    "ShortlistBasis",
    "ShortlistResult",
    "approve_announcement",
    "collection_needs_tendering",
    "column_for",
    "edit_collection_notice",
    "new_collection_notice",
    "new_shortlist_result",
    "notice_problems",
    "receive_lots",
    "receive_pushed_suppliers",
    "result_problems",
    "result_warnings",
    "return_announcement",
    "submit_collection_notice",
    "submit_shortlist_result",
]


class AnnouncementKind(enum.StrEnum):
    COLLECTION = "征集公告"
    SHORTLIST_RESULT = "入围结果公告"
    CONTRACT = "合同公告"


class Column(enum.StrEnum):
    """河南省政府采购网 columns."""

    PROCUREMENT = "采购公告"
    RESULT = "结果公告"
    CONTRACT = "合同公告"


_COLUMNS = {AnnouncementKind.COLLECTION: Column.PROCUREMENT, AnnouncementKind.SHORTLIST_RESULT: Column.RESULT,
            AnnouncementKind.CONTRACT: Column.CONTRACT}


def column_for(kind: AnnouncementKind) -> Column:
    return _COLUMNS[kind]


@dataclass(frozen=True)
class CollectorContact:
    """征集人信息 as carried from the plan: name, contact person, 固话 and address."""

    name: str
    contact_person: str
    phone: str
    address: str


@dataclass(frozen=True)
class Lot:
    """分包信息; ``max_unit_price`` is the 最高限制单价 where the lot sets one."""

    number: str
    name: str
    max_unit_price: Decimal | None = None


def _publication(subject_id: str, editor_unit_id: str) -> ReviewFlow:
    return ReviewFlow(subject_id, editor_unit_id, (ReviewStep.INTERNAL,))


def _published_label(flow: ReviewFlow) -> str:
    if flow.status is FlowStatus.APPROVED:
        return "已发布"
    return "编辑中" if flow.status is FlowStatus.DRAFT else flow.state_label


class _Published:
    """What every announcement says about its publication (both kinds go through 内部审核)."""

    publication: ReviewFlow
    is_interop: bool

    @property
    def published(self) -> bool:
        return self.publication.status is FlowStatus.APPROVED

    @property
    def state_label(self) -> str:
        return _published_label(self.publication)

    @property
    def push_to_trading_system(self) -> bool:
        """互认互通 projects push a published announcement to the trading system."""
        return self.is_interop and self.published


# --- 征集公告 -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CollectionNotice(_Published):
    notice_id: str
    plan_id: str
    collector: CollectorContact
    is_interop: bool
    publication: ReviewFlow
    lots: tuple[Lot, ...] = ()
    lots_received: bool = False

    kind: ClassVar[AnnouncementKind] = AnnouncementKind.COLLECTION


def new_collection_notice(notice_id: str, plan: PlanFiling, collector: CollectorContact, editor_unit_id: str
                          ) -> CollectionNotice:
    """Open the 项目向导 for a numbered plan; ``editor_unit_id``: the collector or its entrusted agency."""
    if plan.number is None:
        raise TransitionRefused("plan_not_numbered", "计划备案审核完成、生成计划编号后，才可以编辑征集公告",
                                "the plan needs its number before the collection notice")
    carried = replace(collector, phone=check_phone(collector.phone, "联系方式"))
    return CollectionNotice(notice_id, plan.plan_id, carried, plan.is_interop, _publication(notice_id, editor_unit_id))


def _require_editable(notice: CollectionNotice) -> None:
    if not notice.publication.status.editable:
        raise TransitionRefused("announcement_not_editable", f"公告当前状态为“{notice.state_label}”，不能修改",
                                "the announcement is under review or published")
    if notice.is_interop and not notice.lots_received:
        raise TransitionRefused("lots_not_received", "需交易系统将对应的分包信息推送过来后，才可以编辑征集公告内容",
                                "wait for the trading system to push the lots")


def receive_lots(notice: CollectionNotice, lots: tuple[Lot, ...]) -> CollectionNotice:
    """The trading system pushed the lots after 项目受理 (互认互通 projects only)."""
    if not notice.is_interop:
        raise ValueError("only 互认互通 projects receive lots from the trading system")
    if not notice.publication.status.editable:
        raise TransitionRefused("announcement_not_editable", "公告已提交审核或已发布，分包信息不能再更新",
                                "the announcement is under review or published")
    return replace(notice, lots=lots, lots_received=True)


def edit_collection_notice(notice: CollectionNotice, collector: CollectorContact, lots: tuple[Lot, ...]
                           ) -> CollectionNotice:
    """Save the edited notice: the address may change; name, contact person and phone may not."""
    _require_editable(notice)
    old = notice.collector
    locked = [f for f in ("name", "contact_person", "phone")
              if str(getattr(old, f)).strip() != str(getattr(collector, f)).strip()]
    if locked:
        raise FieldLocked("collector_fields_locked", locked, "征集人名称、联系人、联系方式从备案的计划中带入，不可更改",
                          "the collector's name, contact person and phone come from the plan")
    if notice.is_interop and lots != notice.lots:
        raise FieldLocked("lots_from_trading_system", ["lots"], "互认互通项目的分包信息由交易系统推送，不可更改",
                          "the lots of an interop project come from the trading system")
    return replace(notice, collector=replace(old, address=collector.address.strip()), lots=lots)


def notice_problems(notice: CollectionNotice) -> tuple[Problem, ...]:
    """What still blocks 提交 of a 征集公告 (a draft may be saved incomplete)."""
    problems = []
    if not notice.lots:
        problems.append(Problem("lots_required", "lots", "请增加分包信息", "add at least one lot"))
    if not notice.collector.address.strip():
        problems.append(Problem("address_required", "address", "请填写联系地址", "enter the address"))
    return tuple(problems)


def submit_collection_notice(notice: CollectionNotice, actor: Actor, at: dt.datetime
                             ) -> Transition[CollectionNotice]:
    """经办岗 submits the notice to the 内部审核岗."""
    _require_editable(notice)
    problems = notice_problems(notice)
    if problems:
        raise FormInvalid("collection_notice_invalid", problems)
    step = review.submit(notice.publication, actor, at)
    return Transition(replace(notice, publication=step.record), step.event)


# --- 入围结果公告 -----------------------------------------------------------------------------------

class ShortlistBasis(enum.StrEnum):
    MAX_PRICE = "最高入围价格"
    MIN_SCORE = "最低入围分值"


@dataclass(frozen=True)
class ShortlistResult(_Published):
    result_id: str
    plan_id: str
    is_interop: bool
    form: AgreementForm
    publication: ReviewFlow
    basis: ShortlistBasis | None = None
    basis_value: Decimal | None = None
    suppliers: tuple[SupplierInfo, ...] = ()
    pushed_suppliers: tuple[SupplierInfo, ...] = ()
    """互认互通: the suppliers the trading centre pushed, to choose from."""
    responsive_count: int | None = None
    evaluation_method: EvaluationMethod | None = None

    kind: ClassVar[AnnouncementKind] = AnnouncementKind.SHORTLIST_RESULT


def new_shortlist_result(result_id: str, notice: CollectionNotice, form: AgreementForm, editor_unit_id: str
                         ) -> ShortlistResult:
    """征集公告发布完成后才可以发布入围结果公告."""
    if not notice.published:
        raise TransitionRefused("collection_notice_not_published", "征集公告发布完成后才可以发布入围结果公告",
                                "publish the collection notice first")
    return ShortlistResult(result_id, notice.plan_id, notice.is_interop, form, _publication(result_id, editor_unit_id))


def receive_pushed_suppliers(result: ShortlistResult, suppliers: tuple[SupplierInfo, ...]) -> ShortlistResult:
    """The trading centre pushed the shortlisted suppliers (互认互通 projects)."""
    if not result.is_interop:
        raise ValueError("only 互认互通 projects receive suppliers from the trading centre")
    return replace(result, pushed_suppliers=tuple(supplier_info(s.name, s.credit_code, s.address,
                                                                s.contact_person, s.phone) for s in suppliers))


def collection_needs_tendering(form: AgreementForm) -> bool:
    """封闭式: the collection stage runs a tendering process (招标) that scores, ranks and eliminates.

    开放式 (manual 1.3.2 "开放式框架协议采购征集环节不需要进行招标过程"): every supplier accepting the
    terms joins, so the result names no 最低入围分值 (a 最高入围价格, the fee standard, may be given)
    and Order No. 110's elimination rule does not apply.
    """
    return form is AgreementForm.CLOSED


def _basis_problems(result: ShortlistResult) -> list[Problem]:
    if not collection_needs_tendering(result.form):
        if result.basis is ShortlistBasis.MIN_SCORE:
            return [Problem("open_agreement_no_min_score", "basis",
                            "开放式框架协议采购征集环节不需要进行招标过程，不设最低入围分值",
                            "an open agreement has no tendering in its collection stage: no lowest score")]
        if result.basis is None or (result.basis_value is not None and result.basis_value > 0):
            return []
    if result.basis is None:
        return [Problem("shortlist_basis_required", "basis", "请选择最高入围价格或最低入围分值",
                        "choose the highest shortlisted price or the lowest shortlisted score")]
    if result.basis_value is None or result.basis_value <= 0:
        return [Problem("shortlist_basis_value_required", "basis_value", f"请填写{result.basis.value}",
                        "enter the shortlisting price or score")]
    return []


def result_problems(result: ShortlistResult) -> tuple[Problem, ...]:
    problems = _basis_problems(result)
    if not result.suppliers:
        problems.append(Problem("shortlisted_suppliers_required", "suppliers", "请选择入围供应商",
                                "choose the shortlisted suppliers"))
    seen: set[str] = set()
    pushed = {s.credit_code for s in result.pushed_suppliers}
    for s in result.suppliers:
        try:
            info = supplier_info(s.name, s.credit_code, s.address, s.contact_person, s.phone)
        except WorkflowError as exc:  # reported with the other problems, not raised alone
            problems.append(Problem(exc.code, "suppliers", exc.message, exc.message_en))
            continue
        if info.credit_code in seen:
            problems.append(Problem("shortlisted_supplier_duplicate", "suppliers", f"入围供应商“{info.name}”重复",
                                    f"supplier {info.credit_code} listed twice"))
        seen.add(info.credit_code)
        if result.is_interop and info.credit_code not in pushed:
            problems.append(Problem("supplier_not_pushed", "suppliers",
                                    f"互认互通项目的入围供应商需从交易中心推送的供应商中选择：{info.name}",
                                    "choose shortlisted suppliers from those the trading centre pushed"))
    return tuple(problems)


def result_warnings(result: ShortlistResult) -> tuple[RuleWarning, ...]:
    """Order No. 110 elimination rule for closed agreements, when the responsive count is known."""
    if not collection_needs_tendering(result.form) or result.responsive_count is None:
        return ()
    if len(result.suppliers) > result.responsive_count:
        return (RuleWarning("shortlist_exceeds_responsive", "入围供应商数量多于响应供应商数量，请核对",
                            "more suppliers shortlisted than responded"),)
    return shortlist_elimination_warnings(result.responsive_count, len(result.suppliers), result.evaluation_method)


def submit_shortlist_result(result: ShortlistResult, actor: Actor, at: dt.datetime) -> Transition[ShortlistResult]:
    """经办岗 submits the result announcement to the 内部审核岗 (raises :class:`FormInvalid` first)."""
    problems = result_problems(result)
    if problems:
        raise FormInvalid("shortlist_result_invalid", problems)
    suppliers = tuple(supplier_info(s.name, s.credit_code, s.address, s.contact_person, s.phone)
                      for s in result.suppliers)
    step = review.submit(result.publication, actor, at)
    return Transition(replace(result, suppliers=suppliers, publication=step.record), step.event)


# --- review, shared by both -----------------------------------------------------------------------

def approve_announcement(announcement: CollectionNotice | ShortlistResult, actor: Actor, at: dt.datetime
                         ) -> Transition[CollectionNotice | ShortlistResult]:
    """内部审核岗 approves: the announcement is published in its column."""
    step = review.approve(announcement.publication, actor, at)
    new = replace(announcement, publication=step.record)
    return Transition(new, replace(step.event, to_state=new.state_label))


def return_announcement(announcement: CollectionNotice | ShortlistResult, actor: Actor, at: dt.datetime,
                        reason: str) -> Transition[CollectionNotice | ShortlistResult]:
    step = review.return_for_changes(announcement.publication, actor, at, reason)
    return Transition(replace(announcement, publication=step.record), step.event)
