"""计划备案 commands (issue 7; seed manual 1.3.1.1, 1.3.3): the plan form as it travels, and the
review-chain commands.

* ``save_plan``    经办岗 新增 / 修改 a plan (a draft, or one returned for changes). A draft may be
                   incomplete: its problems and warnings travel on the record; nothing is refused
                   but a payload of the wrong shape or a collector the unit cannot be.
* ``submit_plan``  经办岗 提交: the saved form must pass :func:`desktop.domain.workflow.plan.validate_plan`
                   (plus :func:`extra_problems`); the chain its 征集人身份 needs starts.
* ``approve_plan`` 审核通过 of the pending step (内部审核岗 / 主管预算单位 / 监管部门初核 / 复核); the last
                   approval makes the 计划编号.
* ``return_plan``  退回 of the pending step, always with a reason.
* ``delete_plan``  删除 of a draft that was never submitted.

``approve_plan`` and ``return_plan`` name the round (``submission``, how many times the plan was
submitted) and the step the reviewer saw: a reviewer working offline never approves a later round
or another step than the one on the screen.

The rules run on both sides with the same code: :func:`plan_draft` turns a :class:`PlanForm` plus
what the registry knows (collector, region, supervising unit, agency, scope, catalogue) into a
:class:`~desktop.domain.workflow.plan.PlanDraft`; the client builds that context from its synced
records, the server from its tables. :meth:`PlanForm.check_shape` is what needs no context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import (
    Category,
    Item,
    Problem,
    Region,
    RuleWarning,
    TransitionRefused,
    require_reason,
)
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod, OpenFormGround
from desktop.domain.workflow.plan import (
    AgencyType,
    CollectorIdentity,
    Party,
    PlanDraft,
    plan_problems,
    plan_warnings,
)
from desktop.domain.workflow.review import ReviewStep
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdTable

__all__ = [
    "PLAN_COMMANDS",
    "ApprovePlan",
    "DeletePlan",
    "PlanContext",
    "PlanForm",
    "PlanItemForm",
    "ReturnPlan",
    "SavePlan",
    "SubmitPlan",
    "extra_problems",
    "form_problems",
    "form_warnings",
    "plan_draft",
]

MIN_BUDGET_YEAR = 2000
MAX_BUDGET_YEAR = 2099


def _invalid(message: str, message_en: str, code: str) -> Exception:
    # Imported here: desktop.domain.commands imports this module to register the commands.
    from desktop.domain.commands import CommandInvalid

    return CommandInvalid(message, message_en, code)


def _text(value: str, label_zh: str, label_en: str, limit: int, required: bool = True) -> str:
    text = value.strip()
    if required and not text:
        raise _invalid(f"{label_zh}不能为空", f"{label_en} is required", "field_required")
    if len(text) > limit:
        raise _invalid(f"{label_zh}过长（最多 {limit} 个字）", f"{label_en} too long", "field_too_long")
    return text


def _decimal(value: str, label_zh: str, label_en: str, places: int = 2) -> Decimal:
    try:
        number = Decimal(value.strip())
    except InvalidOperation:
        raise _invalid(f"{label_zh}“{value}”不是有效的数字", f"{label_en}: not a number", "number_invalid") from None
    if not number.is_finite():
        raise _invalid(f"{label_zh}“{value}”不是有效的数字", f"{label_en}: not a number", "number_invalid")
    exponent = number.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -places:
        raise _invalid(f"{label_zh}最多保留{places}位小数", f"{label_en}: at most {places} decimals",
                       "number_invalid")
    return number


def _date(value: str | None, label_zh: str, label_en: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _invalid(f"{label_zh}“{value}”不是有效的日期（应为 年-月-日）", f"{label_en}: YYYY-MM-DD expected",
                       "date_invalid") from None


def _region_code(code: str) -> str:
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        raise _invalid(f"区域代码“{code}”格式不正确（应为 6 位数字）", f"region code {code!r}: 6 digits expected",
                       "region_code_invalid")
    return code


# --- the form ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanItemForm:
    """A 品目 of 采购内容 as picked from the catalogue (the server reads name and 集采品目 from its own)."""

    code: str
    name: str
    in_catalogue: bool = False


@dataclass(frozen=True)
class PlanForm:
    """What the 经办岗 fills in on the 计划备案 page; the collector is the caller's own unit."""

    project_name: str
    identity: CollectorIdentity
    """选择征集人身份 (集采机构 units choose; budget units get their own)."""
    budget_year: int
    """年度 of the 年度采购预算; the plan number carries it."""
    annual_budget: str
    """年度采购预算金额 in yuan, a decimal string (no float rounding)."""
    category: Category | None = None
    items: list[PlanItemForm] = field(default_factory=list)
    form: AgreementForm = AgreementForm.CLOSED
    agency_type: AgencyType | None = None
    """None: the identity's default (集采机构: 集中采购机构采购; budget units: 不委托代理机构)."""
    agency_unit_id: str | None = None
    """The entrusted 集中采购代理机构 / 社会采购代理机构 (or 委托集采机构)."""
    scope_region_codes: list[str] = field(default_factory=list)
    """适用采购人或服务对象范围 (集采机构: exactly one region within its own; others: unused)."""
    trading_platform: str | None = None
    """交易平台; None is 置为空值 (every project that is not 省本级)."""
    validity_start: str | None = None
    """YYYY-MM-DD."""
    validity_end: str | None = None
    evaluation_method: EvaluationMethod | None = None
    elimination_rate_percent: str | None = None
    open_form_ground: OpenFormGround | None = None
    second_stage_method: SecondStageMethod | None = None
    """二阶段确定供应商的方式 fixed at collection (closed agreements; None: 直接选定, the Order's default)."""

    def check_shape(self) -> None:
        """The checks that need no context: lengths, numbers, dates, codes (raises CommandInvalid)."""
        _text(self.project_name, "项目名称", "project name", 200, required=False)
        if not MIN_BUDGET_YEAR <= self.budget_year <= MAX_BUDGET_YEAR:
            raise _invalid(f"预算年度“{self.budget_year}”不正确", f"budget year {self.budget_year} out of range",
                           "budget_year_invalid")
        _decimal(self.annual_budget, "年度采购预算金额", "annual budget")
        if len(self.items) > 200:
            raise _invalid("采购内容品目过多（最多 200 个）", "too many items", "field_too_long")
        codes = [_text(i.code, "品目编码", "item code", 32) for i in self.items]
        for item in self.items:
            _text(item.name, "品目名称", "item name", 100)
        if len(set(codes)) != len(codes):
            raise _invalid("采购内容中有重复的品目", "an item is listed twice", "item_duplicate")
        if self.agency_unit_id is not None:
            _text(self.agency_unit_id, "代理机构", "agency", 64)
        if len(self.scope_region_codes) > 50:
            raise _invalid("适用范围区域过多", "too many scope regions", "field_too_long")
        for code in self.scope_region_codes:
            _region_code(code)
        if self.trading_platform is not None:
            _text(self.trading_platform, "交易平台", "trading platform", 100)
        _date(self.validity_start, "框架协议有效期开始日期", "validity start")
        _date(self.validity_end, "框架协议有效期截止日期", "validity end")
        if self.elimination_rate_percent is not None:
            rate = _decimal(self.elimination_rate_percent, "淘汰率", "elimination rate")
            if not 0 <= rate <= 100:
                raise _invalid("淘汰率应在 0 到 100 之间", "elimination rate out of range", "number_invalid")

    @property
    def budget(self) -> Decimal:
        return Decimal(self.annual_budget.strip())


# --- context and the draft ------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanContext:
    """What the registry knows about the form's parties and regions (client: synced records;
    server: its tables). ``catalogue`` maps 品目 codes to the catalogue's item; None trusts the form."""

    collector: Party
    region: Region
    """The collector unit's own division."""
    supervising_unit: Party | None = None
    agency: Party | None = None
    scope: tuple[Region, ...] = ()
    catalogue: Mapping[str, Item] | None = None


def unknown_items(form: PlanForm, catalogue: Mapping[str, Item] | None) -> tuple[str, ...]:
    """Codes of the form's 品目 the catalogue does not know (none when there is no catalogue)."""
    if catalogue is None:
        return ()
    return tuple(i.code.strip() for i in form.items if i.code.strip() not in catalogue)


def plan_draft(form: PlanForm, context: PlanContext) -> PlanDraft:
    """The domain draft for ``form``: the collector is the context's, items come from the catalogue."""
    items = []
    for entry in form.items:
        code = entry.code.strip()
        known = context.catalogue.get(code) if context.catalogue is not None else None
        items.append(known if known is not None else Item(code, entry.name.strip(), entry.in_catalogue))
    rate = form.elimination_rate_percent
    return PlanDraft(
        project_name=form.project_name.strip(),
        identity=form.identity,
        collector=context.collector,
        region=context.region,
        category=form.category,
        items=tuple(items),
        annual_budget=form.budget,
        form=form.form,
        supervising_unit=context.supervising_unit,
        agency_type=form.agency_type,
        agency=context.agency,
        scope=context.scope,
        trading_platform=form.trading_platform.strip() if form.trading_platform is not None else None,
        validity_start=_date(form.validity_start, "框架协议有效期开始日期", "validity start"),
        validity_end=_date(form.validity_end, "框架协议有效期截止日期", "validity end"),
        evaluation_method=form.evaluation_method,
        elimination_rate_percent=Decimal(rate.strip()) if rate is not None else None,
        open_form_ground=form.open_form_ground,
    )


def extra_problems(draft: PlanDraft) -> tuple[Problem, ...]:
    """Rules beyond :func:`plan_problems`: a 集采机构's scope lies within its own region (manual 1.3.3:
    "选择相应的区域 … 暂不支持跨地域范围采购"; a 郑州市 集采机构 cannot serve 开封市)."""
    if draft.identity is not CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY:
        return ()
    outside = [r for r in draft.scope if not draft.region.covers(r.code)]
    if not outside:
        return ()
    names = "、".join(r.name for r in outside)
    return (Problem("scope_outside_region", "scope",
                    f"适用采购人或服务对象范围只能选择本地区（{draft.region.name}）内的区域：{names}",
                    "the scope must lie within the collector's own region"),)


def form_problems(draft: PlanDraft, thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> tuple[Problem, ...]:
    """Every rule the draft breaks (empty: it may be submitted)."""
    return plan_problems(draft, thresholds) + extra_problems(draft)


def form_warnings(draft: PlanDraft) -> tuple[RuleWarning, ...]:
    """Order No. 110's rules as warnings, carried on the record (never a refusal)."""
    return plan_warnings(draft)


# --- commands -------------------------------------------------------------------------------------

def _plan_id(value: str) -> str:
    return _text(value, "计划备案编号", "plan id", 64)


@dataclass(frozen=True)
class SavePlan:
    """【新增】/【修改】→【保存】 by the collector's 经办岗 (a draft or a returned plan)."""

    name: ClassVar[str] = "save_plan"
    plan_id: str
    form: PlanForm

    def validate(self) -> None:
        _plan_id(self.plan_id)
        self.form.check_shape()


@dataclass(frozen=True)
class SubmitPlan:
    """提交 (备案) by the collector's 经办岗: the saved form goes to the first review step."""

    name: ClassVar[str] = "submit_plan"
    plan_id: str

    def validate(self) -> None:
        _plan_id(self.plan_id)


def _round(submission: int) -> None:
    if submission < 1:
        raise _invalid("审核轮次不正确", "submission round starts at 1", "submission_invalid")


@dataclass(frozen=True)
class ApprovePlan:
    """审核通过 of ``step`` in round ``submission`` (as the reviewer saw it)."""

    name: ClassVar[str] = "approve_plan"
    plan_id: str
    submission: int
    step: ReviewStep

    def validate(self) -> None:
        _plan_id(self.plan_id)
        _round(self.submission)


@dataclass(frozen=True)
class ReturnPlan:
    """退回 of ``step`` in round ``submission``, with the reason the 经办岗 will read."""

    name: ClassVar[str] = "return_plan"
    plan_id: str
    submission: int
    step: ReviewStep
    reason: str

    def validate(self) -> None:
        _plan_id(self.plan_id)
        _round(self.submission)
        try:
            require_reason(self.reason)
        except TransitionRefused as exc:  # the domain's wording, as a command refusal
            raise _invalid(exc.message, exc.message_en, exc.code) from exc
        _text(self.reason, "退回原因", "return reason", 500)


@dataclass(frozen=True)
class DeletePlan:
    """删除 of a draft that was never submitted; it leaves the feed as a tombstone."""

    name: ClassVar[str] = "delete_plan"
    plan_id: str

    def validate(self) -> None:
        _plan_id(self.plan_id)


PLAN_COMMANDS: tuple[type[SavePlan], type[SubmitPlan], type[ApprovePlan], type[ReturnPlan], type[DeletePlan]] = (
    SavePlan, SubmitPlan, ApprovePlan, ReturnPlan, DeletePlan)
