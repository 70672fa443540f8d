"""The second stage of a framework agreement (二阶段) and joining an open agreement.

Seed manual 1.3.1.4 (3), 1.3.1.5, 1.3.2; Order No. 110 as gathered in domain-rules.md §A8, §A9
(secondary sources: where the manual is silent these rules are this project's reading, marked).

Who and where (1.3.1.5 "在征集阶段确定的征集范围内的采购人或者服务对象"):

* only a **filed** agreement is used (:func:`desktop.domain.workflow.agreement.require_agreement_filed`);
* the purchaser's 经办岗 (a 采购人 account) of a unit inside the scope: a 集采机构's agreement names a
  region (郑州市 covers every purchaser in it); a 主管预算单位's agreement names none — its scope is
  its own department: the collector and the budget units it supervises (decision, Order No. 110
  Art. 3 case 2 "本部门、本系统");
* within the validity period, when the agreement states one.

How the supplier is chosen (:class:`SecondStageMethod`, fixed at collection — the plan's
``second_stage_method``; none means 直接选定, the Order's default and main method):

* 直接选定: the purchaser picks one of the current suppliers (:func:`select_supplier`);
* 二次竞价 (closed only): the purchaser invites current suppliers (all when none is named) with a
  response deadline and a ceiling — the agreement price (the result announcement's 最高入围价格;
  an invitation may state a lower one, and must state one when the result names none). Each invited
  supplier bids once before the deadline, at most the ceiling (:func:`submit_bid`). After the
  deadline the lowest bid wins (:func:`award_bids`). **Ties** (decision, to be confirmed): the bid
  received first (server time) wins; bids received at the same instant go by the agreement's order
  of suppliers. No bid by the deadline: 竞价失败, the purchaser starts a new procurement.
* 顺序轮候 (closed only): a fixed order — the order of the suppliers on the agreement — and one award
  per supplier per cycle: the next supplier is the first of the order not yet awarded in the current
  cycle; once every supplier has one, a new cycle starts (:class:`Rotation`). The order changes only
  when a supplier is removed (:func:`rotation_remove`); a supplier added by supplementary collection
  joins at the end (:func:`rotation_sync`), never in between.
* Open agreements: always direct choice among the current suppliers (those of the agreement plus
  those admitted since, minus removed ones).

合同备案 (1.3.1.5 "合同备案过程同其他采购方式"): once the supplier is determined, the purchaser's 经办岗
enters the contract (title, amount, date signed) and submits; the purchaser's 内部审核岗 approves
(nobody approves their own submission) or returns it with a reason. Approval publishes the 合同公告
and creates the procurement-plan record (采购计划备案, "二阶段合同备案后，系统自动生成对应的采购计划备案内容").
A 二次竞价 contract may not exceed the winning bid. Warnings (Government Procurement Law Art. 47,
Implementing Regulations Art. 50, domain-rules.md §A11): filing within 7 working days and the
announcement within 2 working days of signing.

Joining an open agreement (§A9): a supplier may apply at any time during the validity period; the
collector reviews within **7 working days** of receipt and, after approval, announces within **2
working days** (:mod:`desktop.domain.workflow.workdays`). The review is the collector's 审核岗
(approve, or refuse with a reason); approval adds the supplier to the agreement and the system
publishes the announcement with it. :func:`join_deadline_warnings` says when either deadline is
missed (the regulator sees the flag).

Removing a shortlisted supplier, the link to 合同在线签订 (the doubly signed PDF as the locked main
document) and 资金支付申请 are :mod:`desktop.domain.workflow.second_stage_extras`; they use
:func:`require_purchaser_handler` from here.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from desktop.domain.workflow import review
from desktop.domain.workflow.agreement import SecondStageMethod, second_stage_method_warnings
from desktop.domain.workflow.common import (
    Actor,
    Category,
    Post,
    Region,
    RuleWarning,
    Transition,
    TransitionRefused,
    UserType,
    WorkflowError,
    WorkflowEvent,
)
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod
from desktop.domain.workflow.review import FlowStatus, ReviewFlow, ReviewStep
from desktop.domain.workflow.suppliers import SupplierInfo
from desktop.domain.workflow.workdays import CHINA_TIME, DEFAULT_CALENDAR, WorkCalendar, local_date

__all__ = [
    "ANNOUNCE_WORKDAYS",
    "CONTRACT_ANNOUNCE_WORKDAYS",
    "CONTRACT_FILING_WORKDAYS",
    "MIN_RESPONSE",
    "REVIEW_WORKDAYS",
    "AgreementTerms",
    "Bid",
    "ContractTerms",
    "JoinApplication",
    "JoinStatus",
    "Purchaser",
    "Rotation",
    "SecondStage",
    "SecondStageState",
    "announce_join",
    "apply_to_join",
    "approve_contract_filing",
    "approve_join",
    "award_bids",
    "award_rotation",
    "contract_warnings",
    "current_suppliers",
    "invite_bids",
    "join_deadline_warnings",
    "method_warnings",
    "new_second_stage",
    "refuse_join",
    "require_in_validity",
    "require_purchaser_handler",
    "require_purchaser_in_scope",
    "require_supplier",
    "return_contract_filing",
    "rotation_award",
    "rotation_remove",
    "rotation_sync",
    "second_stage_method",
    "select_supplier",
    "submit_bid",
    "submit_contract_filing",
    "winning_bid",
]

REVIEW_WORKDAYS = 7
"""An open agreement's collector reviews a join application within 7 working days of receipt."""
ANNOUNCE_WORKDAYS = 2
"""… and announces an admitted supplier within 2 working days of approval."""
CONTRACT_FILING_WORKDAYS = 7
"""Contract filing within 7 working days of signing (Government Procurement Law Art. 47)."""
CONTRACT_ANNOUNCE_WORKDAYS = 2
"""合同公告 within 2 working days of signing (Implementing Regulations Art. 50)."""

_ORDER110 = "财政部令第110号（二手资料整理，待核对原文）"


def _refuse(code: str, message: str, message_en: str) -> TransitionRefused:
    return TransitionRefused(code, message, message_en)


# --- the agreement as the second stage sees it --------------------------------------------------

def second_stage_method(form: AgreementForm, fixed: SecondStageMethod | None) -> SecondStageMethod:
    """The method in force: open agreements choose directly; closed ones use the method fixed at
    collection, 直接选定 when none was fixed."""
    if form is AgreementForm.OPEN or fixed is None:
        return SecondStageMethod.DIRECT_SELECTION
    return fixed


def method_warnings(form: AgreementForm, fixed: SecondStageMethod | None, category: Category | None = None,
                    evaluation_method: EvaluationMethod | None = None) -> tuple[RuleWarning, ...]:
    """Order No. 110 on the fixed method (never a refusal): open agreements choose directly;
    二次竞价 generally for price-priority projects; 顺序轮候 generally for services."""
    if fixed is None:
        return ()
    warnings = list(second_stage_method_warnings(form, fixed))
    if form is AgreementForm.OPEN:
        return tuple(warnings)
    if fixed is SecondStageMethod.SECOND_BIDDING and evaluation_method is EvaluationMethod.QUALITY_PRIORITY:
        warnings.append(RuleWarning("second_bidding_quality_priority", "二次竞价一般适用于采用价格优先法的采购项目",
                                    "second-round bidding is generally for price-priority projects", _ORDER110))
    if fixed is SecondStageMethod.ROTATION and category is Category.GOODS:
        warnings.append(RuleWarning("rotation_for_goods", "顺序轮候一般适用于服务项目",
                                    "rotation is generally for services", _ORDER110))
    return tuple(warnings)


@dataclass(frozen=True)
class AgreementTerms:
    """What the second stage uses of a filed agreement."""

    plan_id: str
    plan_number: str
    project_name: str
    form: AgreementForm
    method: SecondStageMethod
    """The method in force (:func:`second_stage_method`)."""
    collector_unit_id: str
    collector_name: str
    suppliers: tuple[SupplierInfo, ...]
    """The current suppliers, in the agreement's fixed order (:func:`current_suppliers`)."""
    scope: Region | None = None
    """A 集采机构's region; None: the collector's department (see the module text)."""
    price_ceiling: Decimal | None = None
    """The agreement price that caps a 二次竞价 bid: the result announcement's 最高入围价格."""
    category: Category | None = None
    validity_start: dt.date | None = None
    validity_end: dt.date | None = None


def current_suppliers(agreed: Iterable[SupplierInfo], admitted: Iterable[SupplierInfo] = (),
                      removed: Iterable[str] = ()) -> tuple[SupplierInfo, ...]:
    """The agreement's suppliers in their order, then those admitted since (open agreements), minus
    the removed ones; each credit code once."""
    gone = set(removed)
    seen: set[str] = set()
    result: list[SupplierInfo] = []
    for supplier in (*agreed, *admitted):
        if supplier.credit_code in gone or supplier.credit_code in seen:
            continue
        seen.add(supplier.credit_code)
        result.append(supplier)
    return tuple(result)


@dataclass(frozen=True)
class Purchaser:
    """The unit buying in the second stage: its division and its 主管预算单位 (None: it is one)."""

    unit_id: str
    name: str
    region_code: str
    supervising_unit_id: str | None = None


def require_purchaser_in_scope(terms: AgreementTerms, purchaser: Purchaser) -> None:
    """Only purchasers or service objects inside the collection scope use the agreement (1.3.1.5)."""
    if terms.scope is not None:
        if not terms.scope.covers(purchaser.region_code):
            raise WorkflowError("purchaser_outside_scope",
                                f"只有征集范围（{terms.scope.name}）内的采购人或服务对象可以使用此框架协议",
                                "the purchaser is outside the agreement's scope")
        return
    if terms.collector_unit_id not in (purchaser.unit_id, purchaser.supervising_unit_id):
        raise WorkflowError("purchaser_outside_scope",
                            f"只有征集范围（{terms.collector_name}及其所属预算单位）内的采购人或服务对象可以使用此框架协议",
                            "the purchaser is outside the collector's department")


def require_in_validity(terms: AgreementTerms, today: dt.date) -> None:
    if terms.validity_start is not None and today < terms.validity_start:
        raise WorkflowError("agreement_not_in_force",
                            f"框架协议有效期自{terms.validity_start:%Y-%m-%d}开始，尚不能进行二阶段采购",
                            "the agreement's validity period has not started")
    if terms.validity_end is not None and today > terms.validity_end:
        raise WorkflowError("agreement_expired",
                            f"框架协议有效期已于{terms.validity_end:%Y-%m-%d}届满，不能再进行二阶段采购或加入",
                            "the agreement's validity period has ended")


def require_supplier(terms: AgreementTerms, credit_code: str) -> SupplierInfo:
    """The current supplier with this credit code (二阶段只能从入围供应商中确定成交供应商)."""
    for supplier in terms.suppliers:
        if supplier.credit_code == credit_code:
            return supplier
    raise WorkflowError("supplier_not_shortlisted", "二阶段只能从入围供应商中确定成交供应商",
                        "the second-stage supplier must be shortlisted")


def require_purchaser_handler(actor: Actor, unit_id: str, action: str) -> None:
    if actor.user_type is not UserType.PURCHASER:
        raise _refuse("purchaser_account_required", f"{action}需使用采购人账号办理", "a purchaser account is required")
    if actor.unit_id != unit_id:
        raise _refuse("other_unit", "只能办理本单位的二阶段采购", "only the purchaser's own unit")
    if actor.post is not Post.HANDLER:
        raise _refuse("post_not_handler", f"只有经办岗可以{action}", "only a handler post may do this")


# --- the procurement ---------------------------------------------------------------------------

class SecondStageState(enum.StrEnum):
    CHOOSING = "待确定供应商"
    BIDDING = "竞价中"
    BIDDING_FAILED = "竞价失败"
    """No bid by the deadline: the procurement ends (start a new one)."""
    AWARDED = "已确定供应商"
    """Supplier determined; the 合同备案 review (``filing``) runs from here."""


@dataclass(frozen=True)
class Bid:
    credit_code: str
    price: Decimal
    at: dt.datetime
    """Server time of receipt."""


@dataclass(frozen=True)
class ContractTerms:
    """The second-stage contract as filed: its title, amount (yuan) and the day it was signed."""

    title: str
    amount: Decimal
    signed_on: dt.date


@dataclass(frozen=True)
class SecondStage:
    procurement_id: str
    plan_id: str
    method: SecondStageMethod
    purchaser_unit_id: str
    title: str
    filing: ReviewFlow
    """合同备案: 经办岗 submits, 内部审核岗 approves (owner: the purchaser)."""
    state: SecondStageState = SecondStageState.CHOOSING
    invited: tuple[str, ...] = ()
    deadline: dt.datetime | None = None
    ceiling: Decimal | None = None
    bids: tuple[Bid, ...] = ()
    supplier: SupplierInfo | None = None
    award_price: Decimal | None = None
    """二次竞价: the winning bid."""
    awarded_at: dt.datetime | None = None
    rotation_cycle: int | None = None
    """顺序轮候: the cycle the award belongs to."""
    contract: ContractTerms | None = None

    @property
    def filed(self) -> bool:
        return self.filing.status is FlowStatus.APPROVED

    @property
    def state_label(self) -> str:
        if self.state is not SecondStageState.AWARDED:
            return self.state.value
        status = self.filing.status
        if status is FlowStatus.DRAFT:
            return "待合同备案"
        if status is FlowStatus.RETURNED:
            return "合同备案已退回"
        if status is FlowStatus.APPROVED:
            return "已备案"
        return f"合同备案{self.filing.state_label}"


def _event(old: SecondStage, new: SecondStage, action: str, actor: Actor, at: dt.datetime,
           reason: str = "", detail: tuple[tuple[str, str], ...] = ()) -> WorkflowEvent:
    return WorkflowEvent(old.procurement_id, action, old.state_label, new.state_label, actor.account_id,
                         actor.unit_id, at, reason, detail)


def new_second_stage(procurement_id: str, terms: AgreementTerms, purchaser: Purchaser, actor: Actor, title: str,
                     at: dt.datetime) -> Transition[SecondStage]:
    """【合同管理】-【合同备案】 of a framework agreement: a purchaser in the scope starts a procurement."""
    require_purchaser_handler(actor, purchaser.unit_id, "进行二阶段合同备案")
    require_purchaser_in_scope(terms, purchaser)
    require_in_validity(terms, local_date(at))
    if not title.strip():
        raise WorkflowError("title_required", "请填写采购项目名称", "a title is required")
    flow = ReviewFlow(procurement_id, purchaser.unit_id, (ReviewStep.INTERNAL,))
    stage = SecondStage(procurement_id, terms.plan_id, terms.method, purchaser.unit_id, title.strip(), flow)
    created = WorkflowEvent(procurement_id, "create", "", stage.state_label, actor.account_id, actor.unit_id, at,
                            detail=(("method", terms.method.value),))
    return Transition(stage, created)


def _require_method(stage: SecondStage, method: SecondStageMethod, action: str) -> None:
    if stage.method is not method:
        raise _refuse("method_mismatch", f"本框架协议二阶段确定供应商的方式为“{stage.method.value}”，不能{action}",
                      f"the agreement's second-stage method is {stage.method.name}")


def _require_state(stage: SecondStage, state: SecondStageState, action: str) -> None:
    if stage.state is not state:
        raise _refuse("second_stage_state", f"当前状态为“{stage.state_label}”，不能{action}",
                      f"cannot {action} in state {stage.state.name}")


def select_supplier(stage: SecondStage, terms: AgreementTerms, actor: Actor, credit_code: str, at: dt.datetime
                    ) -> Transition[SecondStage]:
    """直接选定: the purchaser picks one of the current suppliers."""
    require_purchaser_handler(actor, stage.purchaser_unit_id, "确定成交供应商")
    _require_method(stage, SecondStageMethod.DIRECT_SELECTION, "直接选定")
    _require_state(stage, SecondStageState.CHOOSING, "确定成交供应商")
    supplier = require_supplier(terms, credit_code)
    new = replace(stage, state=SecondStageState.AWARDED, supplier=supplier, awarded_at=at)
    return Transition(new, _event(stage, new, "select", actor, at, detail=(("supplier", supplier.credit_code),)))


# --- 二次竞价 ---------------------------------------------------------------------------------------

MIN_RESPONSE = dt.timedelta(hours=24)
"""Below this a warning says bidders may lack a reasonable response time (this system's threshold)."""


def invite_bids(stage: SecondStage, terms: AgreementTerms, actor: Actor, credit_codes: Sequence[str],
                deadline: dt.datetime, ceiling: Decimal | None, now: dt.datetime
                ) -> tuple[Transition[SecondStage], tuple[RuleWarning, ...]]:
    """二次竞价: invite current suppliers (all when none is named) to bid by ``deadline``."""
    require_purchaser_handler(actor, stage.purchaser_unit_id, "发起二次竞价")
    _require_method(stage, SecondStageMethod.SECOND_BIDDING, "发起二次竞价")
    _require_state(stage, SecondStageState.CHOOSING, "发起二次竞价")
    codes = tuple(dict.fromkeys(credit_codes)) or tuple(s.credit_code for s in terms.suppliers)
    for code in codes:
        require_supplier(terms, code)
    if not codes:
        raise WorkflowError("no_supplier_to_invite", "没有可邀请的入围供应商", "no supplier to invite")
    if deadline.tzinfo is None or deadline <= now:
        raise WorkflowError("bid_deadline_in_past", "竞价响应截止时间应晚于当前时间",
                            "the response deadline must lie in the future")
    if ceiling is not None and ceiling <= 0:
        raise WorkflowError("ceiling_invalid", "协议价格应大于 0", "the ceiling must be positive")
    if ceiling is not None and terms.price_ceiling is not None and ceiling > terms.price_ceiling:
        raise WorkflowError("ceiling_above_agreement_price",
                            f"二次竞价的最高限价不得高于协议价格（{terms.price_ceiling:f}元）",
                            "the ceiling may not exceed the agreement price")
    effective = ceiling if ceiling is not None else terms.price_ceiling
    if effective is None:
        raise WorkflowError("ceiling_required", "入围结果公告未载明最高入围价格，请填写二次竞价的协议价格（最高限价）",
                            "state the agreement price that caps the bids")
    warnings: list[RuleWarning] = []
    if deadline - now < MIN_RESPONSE:
        warnings.append(RuleWarning("response_time_short",
                                    "二次竞价应给予供应商合理的响应时间（本系统提示：不少于24小时）",
                                    "bidders should get a reasonable response time", _ORDER110))
    if len(codes) < 2:
        warnings.append(RuleWarning("single_bidder", "只邀请了一家入围供应商参加二次竞价，无法形成竞争",
                                    "only one supplier is invited", _ORDER110))
    new = replace(stage, state=SecondStageState.BIDDING, invited=codes, deadline=deadline, ceiling=effective)
    event = _event(stage, new, "invite", actor, now, detail=(("deadline", deadline.isoformat()),))
    return Transition(new, event), tuple(warnings)


def submit_bid(stage: SecondStage, actor: Actor, supplier_credit_code: str, price: Decimal, now: dt.datetime
               ) -> SecondStage:
    """An invited supplier's 经办岗 bids once, before the deadline (server time), at most the ceiling."""
    if actor.user_type is not UserType.SUPPLIER:
        raise _refuse("supplier_account_required", "二次竞价报价需使用供应商账号办理", "a supplier account is required")
    if actor.post is not Post.HANDLER:
        raise _refuse("post_not_handler", "只有经办岗可以报价", "only a handler post may bid")
    if stage.state is not SecondStageState.BIDDING:
        raise _refuse("bidding_not_open", f"当前状态为“{stage.state_label}”，不能报价", "the procurement takes no bids")
    if supplier_credit_code not in stage.invited:
        raise _refuse("supplier_not_invited", "贵单位未被邀请参加本次二次竞价", "the supplier is not invited")
    assert stage.deadline is not None and stage.ceiling is not None
    if now > stage.deadline:
        raise _refuse("bid_deadline_passed",
                      f"已超过竞价响应截止时间（{stage.deadline.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}），不能再报价",
                      "the response deadline has passed")
    if any(b.credit_code == supplier_credit_code for b in stage.bids):
        raise _refuse("bid_already_submitted", "每家供应商只能报价一次，已提交的报价不能修改",
                      "each supplier bids once")
    if price <= 0:
        raise WorkflowError("bid_invalid", "报价应大于 0", "the bid must be positive")
    if price > stage.ceiling:
        raise WorkflowError("bid_above_agreement_price", f"报价不得高于协议价格（{stage.ceiling:f}元）",
                            "the bid may not exceed the agreement price")
    return replace(stage, bids=(*stage.bids, Bid(supplier_credit_code, price, now)))


def winning_bid(bids: Iterable[Bid], order: Sequence[str]) -> Bid | None:
    """Lowest price; ties: received first, then the earlier supplier in ``order``."""
    rank = {code: i for i, code in enumerate(order)}
    ranked = sorted(bids, key=lambda b: (b.price, b.at, rank.get(b.credit_code, len(rank))))
    return ranked[0] if ranked else None


def award_bids(stage: SecondStage, terms: AgreementTerms, actor: Actor, now: dt.datetime
               ) -> Transition[SecondStage]:
    """After the deadline: the lowest bid wins (竞价失败 when nobody bid)."""
    require_purchaser_handler(actor, stage.purchaser_unit_id, "确定二次竞价成交供应商")
    _require_state(stage, SecondStageState.BIDDING, "确定成交供应商")
    assert stage.deadline is not None
    if now <= stage.deadline:
        raise _refuse("bidding_not_closed",
                      f"竞价响应截止时间（{stage.deadline.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}）前不能确定成交供应商",
                      "the response deadline has not passed")
    winner = winning_bid(stage.bids, [s.credit_code for s in terms.suppliers] or list(stage.invited))
    if winner is None:
        failed = replace(stage, state=SecondStageState.BIDDING_FAILED)
        return Transition(failed, _event(stage, failed, "bidding_failed", actor, now,
                                         "截止时间前没有供应商报价"))
    supplier = next((s for s in terms.suppliers if s.credit_code == winner.credit_code), None)
    if supplier is None:  # removed from the agreement after bidding
        raise WorkflowError("supplier_not_shortlisted", "报价最低的供应商已不是入围供应商，请重新发起二次竞价",
                            "the lowest bidder is no longer shortlisted")
    new = replace(stage, state=SecondStageState.AWARDED, supplier=supplier, award_price=winner.price,
                  awarded_at=now)
    return Transition(new, _event(stage, new, "award", actor, now,
                                  detail=(("supplier", supplier.credit_code), ("price", f"{winner.price:f}"))))


# --- 顺序轮候 ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rotation:
    """The rotation of a closed agreement: its fixed order, the cycle, who was awarded in it."""

    order: tuple[str, ...]
    cycle: int = 1
    awarded: tuple[str, ...] = ()

    @property
    def next(self) -> str | None:
        """The first supplier of the order not yet awarded in this cycle."""
        return next((code for code in self.order if code not in self.awarded), None)


def _rolled(rotation: Rotation) -> Rotation:
    """A new cycle once every supplier of the order has had its award."""
    if rotation.order and all(code in rotation.awarded for code in rotation.order):
        return replace(rotation, cycle=rotation.cycle + 1, awarded=())
    return rotation


def rotation_award(rotation: Rotation, credit_code: str) -> Rotation:
    """Award to ``credit_code``, which must be :attr:`Rotation.next` (one award per supplier per cycle)."""
    if credit_code not in rotation.order:
        raise WorkflowError("supplier_not_shortlisted", "二阶段只能从入围供应商中确定成交供应商",
                            "the second-stage supplier must be shortlisted")
    if credit_code in rotation.awarded:
        raise _refuse("rotation_already_awarded",
                      f"顺序轮候每个轮候周期内每家供应商只能获得一次成交（第{rotation.cycle}轮已成交）",
                      "one award per supplier per rotation cycle")
    if credit_code != rotation.next:
        raise _refuse("rotation_not_next", "顺序轮候须按征集文件确定的顺序确定成交供应商，当前应轮到其他供应商",
                      "the rotation order names another supplier next")
    return _rolled(replace(rotation, awarded=(*rotation.awarded, credit_code)))


def rotation_remove(rotation: Rotation, credit_code: str) -> Rotation:
    """A supplier removed from the agreement leaves the order (the only change the order admits)."""
    order = tuple(code for code in rotation.order if code != credit_code)
    awarded = tuple(code for code in rotation.awarded if code != credit_code)
    return _rolled(replace(rotation, order=order, awarded=awarded))


def rotation_sync(rotation: Rotation | None, current: Sequence[str]) -> Rotation:
    """The rotation for the agreement's current suppliers: removed ones leave, new ones (补充征集) join
    at the end; the order of the others never changes."""
    if rotation is None:
        return Rotation(tuple(dict.fromkeys(current)))
    present = set(current)
    for code in rotation.order:
        if code not in present:
            rotation = rotation_remove(rotation, code)
    added = tuple(code for code in dict.fromkeys(current) if code not in rotation.order)
    return replace(rotation, order=(*rotation.order, *added)) if added else rotation


def award_rotation(stage: SecondStage, terms: AgreementTerms, rotation: Rotation, actor: Actor, credit_code: str,
                   at: dt.datetime) -> tuple[Transition[SecondStage], Rotation]:
    """顺序轮候: the supplier the purchaser saw as next gets the award (refused when it is not next)."""
    require_purchaser_handler(actor, stage.purchaser_unit_id, "确定顺序轮候成交供应商")
    _require_method(stage, SecondStageMethod.ROTATION, "按顺序轮候确定成交供应商")
    _require_state(stage, SecondStageState.CHOOSING, "确定成交供应商")
    supplier = require_supplier(terms, credit_code)
    cycle = rotation.cycle
    after = rotation_award(rotation, credit_code)
    new = replace(stage, state=SecondStageState.AWARDED, supplier=supplier, awarded_at=at, rotation_cycle=cycle)
    event = _event(stage, new, "rotation_award", actor, at,
                   detail=(("supplier", credit_code), ("cycle", str(cycle))))
    return Transition(new, event), after


# --- 合同备案 -------------------------------------------------------------------------------------

def submit_contract_filing(stage: SecondStage, actor: Actor, contract: ContractTerms, at: dt.datetime
                           ) -> Transition[SecondStage]:
    """经办岗 fills in the contract and submits the 合同备案 to the 内部审核岗."""
    if stage.state is not SecondStageState.AWARDED:
        raise _refuse("supplier_not_determined", f"当前状态为“{stage.state_label}”，确定成交供应商后才能进行合同备案",
                      "determine the supplier first")
    if not contract.title.strip():
        raise WorkflowError("contract_title_required", "请填写合同名称", "a contract title is required")
    if contract.amount <= 0:
        raise WorkflowError("contract_amount_invalid", "合同金额应大于 0", "the contract amount must be positive")
    if contract.signed_on > local_date(at):
        raise WorkflowError("contract_signed_in_future", "合同签订日期不能晚于今天",
                            "the contract is dated in the future")
    if stage.award_price is not None and contract.amount > stage.award_price:
        raise WorkflowError("contract_above_winning_bid",
                            f"二次竞价成交的合同金额不得高于成交报价（{stage.award_price:f}元）",
                            "the contract may not exceed the winning bid")
    step = review.submit(stage.filing, actor, at)
    new = replace(stage, filing=step.record, contract=replace(contract, title=contract.title.strip()))
    return Transition(new, replace(step.event, action="file", to_state=new.state_label))


def approve_contract_filing(stage: SecondStage, actor: Actor, at: dt.datetime) -> Transition[SecondStage]:
    """内部审核岗 approves: 合同备案完成 (the caller publishes the 合同公告 and the 采购计划备案)."""
    step = review.approve(stage.filing, actor, at)
    new = replace(stage, filing=step.record)
    return Transition(new, replace(step.event, to_state=new.state_label))


def return_contract_filing(stage: SecondStage, actor: Actor, at: dt.datetime, reason: str
                           ) -> Transition[SecondStage]:
    step = review.return_for_changes(stage.filing, actor, at, reason)
    new = replace(stage, filing=step.record)
    return Transition(new, replace(step.event, to_state=new.state_label))


def contract_warnings(contract: ContractTerms, filed_on: dt.date, calendar: WorkCalendar = DEFAULT_CALENDAR
                      ) -> tuple[RuleWarning, ...]:
    """Filing within 7 and the 合同公告 within 2 working days of signing (the announcement is
    published at filing, so both are measured at ``filed_on``)."""
    late = calendar.workdays_between(contract.signed_on, filed_on)
    warnings: list[RuleWarning] = []
    if late > CONTRACT_FILING_WORKDAYS:
        warnings.append(RuleWarning("contract_filing_late",
                                    f"合同应自签订之日起{CONTRACT_FILING_WORKDAYS}个工作日内备案（已过{late}个工作日）",
                                    "contract filing is due within 7 working days of signing",
                                    "《政府采购法》第四十七条"))
    if late > CONTRACT_ANNOUNCE_WORKDAYS:
        warnings.append(RuleWarning("contract_announcement_late",
                                    f"合同公告应自合同签订之日起{CONTRACT_ANNOUNCE_WORKDAYS}个工作日内发布（已过{late}个工作日）",
                                    "the contract announcement is due within 2 working days of signing",
                                    "《政府采购法实施条例》第五十条"))
    return tuple(warnings)


# --- joining an open agreement ---------------------------------------------------------------------

class JoinStatus(enum.StrEnum):
    PENDING = "待审核"
    APPROVED = "已入围"
    REFUSED = "未通过"


@dataclass(frozen=True)
class JoinApplication:
    application_id: str
    plan_id: str
    supplier_unit_id: str
    supplier: SupplierInfo
    received_at: dt.datetime
    review_due: dt.date
    """The last day of the 7-working-day review."""
    status: JoinStatus = JoinStatus.PENDING
    reviewed_at: dt.datetime | None = None
    reviewer_account_id: str = ""
    reason: str = ""
    """Why it was refused (told to the applicant)."""
    announce_due: dt.date | None = None
    """After approval: the last day of the 2-working-day announcement."""
    announced_at: dt.datetime | None = None
    events: tuple[WorkflowEvent, ...] = field(default=())


def apply_to_join(application_id: str, terms: AgreementTerms, actor: Actor, supplier: SupplierInfo,
                  pending: Iterable[str], at: dt.datetime, calendar: WorkCalendar = DEFAULT_CALENDAR
                  ) -> JoinApplication:
    """A supplier applies to join an open agreement (any time within the validity period).

    ``pending``: credit codes with an application under review (one at a time per supplier)."""
    if terms.form is not AgreementForm.OPEN:
        raise _refuse("not_open_agreement", "只有开放式框架协议可以申请加入；封闭式框架协议的入围供应商在征集阶段确定",
                      "only open agreements admit new suppliers")
    if actor.user_type is not UserType.SUPPLIER:
        raise _refuse("supplier_account_required", "申请加入框架协议需使用供应商账号办理",
                      "a supplier account is required")
    if actor.post is not Post.HANDLER:
        raise _refuse("post_not_handler", "只有经办岗可以提交加入申请", "only a handler post may apply")
    require_in_validity(terms, local_date(at))
    if any(s.credit_code == supplier.credit_code for s in terms.suppliers):
        raise _refuse("already_shortlisted", "贵单位已是本框架协议的入围供应商", "already a supplier of the agreement")
    if supplier.credit_code in set(pending):
        raise _refuse("join_application_pending", "贵单位已有待审核的加入申请，请等待征集人审核",
                      "an application is already under review")
    due = calendar.add_workdays(local_date(at), REVIEW_WORKDAYS)
    event = WorkflowEvent(application_id, "apply", "", JoinStatus.PENDING.value, actor.account_id, actor.unit_id, at)
    return JoinApplication(application_id, terms.plan_id, actor.unit_id, supplier, at, due, events=(event,))


def _require_collector_reviewer(application: JoinApplication, terms: AgreementTerms, actor: Actor) -> None:
    if actor.unit_id != terms.collector_unit_id:
        raise _refuse("other_unit", "加入申请由征集人审核", "only the collector reviews join applications")
    if actor.account_id in (e.actor_account_id for e in application.events if e.action == "apply"):
        raise _refuse("own_submission", "不能审核本人提交的事项", "an account cannot approve its own submission")
    if actor.post is not Post.REVIEWER:
        raise _refuse("post_not_reviewer", "只有审核岗可以审核加入申请", "only a reviewer post may review")
    if application.status is not JoinStatus.PENDING:
        raise _refuse("join_already_reviewed", f"该申请已审核（{application.status.value}）",
                      "the application was already reviewed")


def approve_join(application: JoinApplication, terms: AgreementTerms, actor: Actor, at: dt.datetime,
                 calendar: WorkCalendar = DEFAULT_CALENDAR) -> JoinApplication:
    """审核通过: the supplier joins; the announcement is due within 2 working days."""
    _require_collector_reviewer(application, terms, actor)
    if any(s.credit_code == application.supplier.credit_code for s in terms.suppliers):
        raise _refuse("already_shortlisted", "该供应商已是本框架协议的入围供应商", "already a supplier")
    event = WorkflowEvent(application.application_id, "approve", application.status.value,
                          JoinStatus.APPROVED.value, actor.account_id, actor.unit_id, at)
    return replace(application, status=JoinStatus.APPROVED, reviewed_at=at, reviewer_account_id=actor.account_id,
                   announce_due=calendar.add_workdays(local_date(at), ANNOUNCE_WORKDAYS),
                   events=(*application.events, event))


def announce_join(application: JoinApplication, at: dt.datetime) -> JoinApplication:
    """The admission is announced (入围公告, dynamically updated shortlist)."""
    if application.status is not JoinStatus.APPROVED:
        raise _refuse("join_not_approved", "审核通过后才能发布入围公告", "approve the application first")
    return replace(application, announced_at=application.announced_at or at)


def refuse_join(application: JoinApplication, terms: AgreementTerms, actor: Actor, at: dt.datetime, reason: str
                ) -> JoinApplication:
    """审核不通过, always with the reason the applicant is told."""
    _require_collector_reviewer(application, terms, actor)
    text = reason.strip()
    if not text:
        raise _refuse("refusal_reason_required", "审核不通过时必须填写原因", "a refusal needs a reason")
    event = WorkflowEvent(application.application_id, "refuse", application.status.value,
                          JoinStatus.REFUSED.value, actor.account_id, actor.unit_id, at, text)
    return replace(application, status=JoinStatus.REFUSED, reviewed_at=at, reviewer_account_id=actor.account_id,
                   reason=text, events=(*application.events, event))


def _overdue(workdays: int) -> str:
    return f"已逾期{workdays}个工作日" if workdays else "已逾期"


def join_deadline_warnings(application: JoinApplication, now: dt.datetime,
                           calendar: WorkCalendar = DEFAULT_CALENDAR) -> tuple[RuleWarning, ...]:
    """The review (7 wd) and announcement (2 wd) deadlines, as of ``now``: what the regulator sees."""
    warnings: list[RuleWarning] = []
    today = local_date(now)
    reviewed_on = local_date(application.reviewed_at) if application.reviewed_at is not None else today
    if reviewed_on > application.review_due:
        late = calendar.workdays_between(application.review_due, reviewed_on)
        done = "审核" if application.reviewed_at is not None else "尚未审核，"
        warnings.append(RuleWarning(
            "join_review_overdue",
            f"加入申请应在收到之日起{REVIEW_WORKDAYS}个工作日内（{application.review_due:%Y-%m-%d}前）审核，"
            f"{done}{_overdue(late)}",
            "the join application was not reviewed within 7 working days", _ORDER110))
    if application.status is JoinStatus.APPROVED and application.announce_due is not None:
        announced_on = local_date(application.announced_at) if application.announced_at is not None else today
        if announced_on > application.announce_due:
            late = calendar.workdays_between(application.announce_due, announced_on)
            warnings.append(RuleWarning(
                "join_announcement_overdue",
                f"审核通过后应在{ANNOUNCE_WORKDAYS}个工作日内（{application.announce_due:%Y-%m-%d}前）发布入围公告，"
                + _overdue(late),
                "the admission was not announced within 2 working days", _ORDER110))
    due = application.announce_due or application.review_due
    if not calendar.deadline_confirmed(local_date(application.received_at), due):
        warnings.append(RuleWarning(
            "deadline_estimated", f"{due.year}年节假日安排尚未公布，期限按暂定日历计算，仅供参考",
            "the holiday calendar of the year is provisional", "国务院办公厅节假日安排"))
    return tuple(warnings)

