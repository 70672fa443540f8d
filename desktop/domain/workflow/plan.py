"""计划备案: the framework-agreement plan form and its rules (seed manual 1.1, 1.3.1.1, 1.3.3).

Who may collect (征集人, manual 1.1 (二)–(六)):

* 主管预算单位 — non-catalogue items; the project category can only be 服务; may entrust a
  集中采购代理机构 or a 社会采购代理机构;
* 预算单位 (其他预算单位) — only with its 主管预算单位's approval (a review step, see
  :mod:`plan_review`), then the same content rules as a 主管预算单位;
* 集采机构 — chosen through 选择征集人身份; catalogue items only (采购内容只能选择集采品目); agency type
  defaults to 集中采购机构采购 with the entrusted 集采机构 chosen; scope of exactly one region.

For every collector: items match the category; annual budget ≥ the region's 分散采购限额
(:mod:`thresholds`); a trading platform only for 省本级 projects (others: 置为空值).
Order No. 110's extra rules come back as warnings (:mod:`order110`).
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, replace
from decimal import Decimal

from desktop.domain.identity import credit_code_problem, normalize_code
from desktop.domain.roles import UnitKind
from desktop.domain.workflow.common import (
    AdminLevel,
    Category,
    FormInvalid,
    Item,
    Problem,
    Region,
    RuleWarning,
    WorkflowError,
)
from desktop.domain.workflow.order110 import (
    AgreementForm,
    EvaluationMethod,
    OpenFormGround,
    form_warnings,
    planned_elimination_warnings,
    validity_warnings,
)
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdTable, format_yuan

__all__ = [
    "AgencyType",
    "CollectorIdentity",
    "Party",
    "PlanCheck",
    "PlanDraft",
    "check_plan",
    "default_agency_type",
    "identity_choices",
    "plan_problems",
    "plan_warnings",
    "require_identity_allowed",
    "trading_platform_allowed",
    "validate_plan",
    "with_defaults",
]


class CollectorIdentity(enum.StrEnum):
    """征集人身份 (manual 1.1 (二)–(四), 1.3.3 选择征集人身份)."""

    SUPERVISING_BUDGET_UNIT = "主管预算单位"
    SUBORDINATE_BUDGET_UNIT = "预算单位"  # 其他预算单位, with its 主管预算单位's approval
    CENTRAL_PROCUREMENT_AGENCY = "集采机构"

    @property
    def acts_as_supervising_unit(self) -> bool:
        """A subordinate unit approved by its 主管预算单位 is treated like one (manual 1.1 (四))."""
        return self is not CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY


class AgencyType(enum.StrEnum):
    """代理机构类型 (manual 1.1 (六), 1.3.3 填报说明 2)."""

    NONE = "不委托代理机构"
    CENTRAL_PROCUREMENT = "集中采购机构采购"
    ENTRUSTED_CENTRAL_AGENCY = "委托集中采购代理机构"
    ENTRUSTED_SOCIAL_AGENCY = "委托社会采购代理机构"


ALLOWED_AGENCY_TYPES: dict[CollectorIdentity, frozenset[AgencyType]] = {
    CollectorIdentity.SUPERVISING_BUDGET_UNIT: frozenset(
        {AgencyType.NONE, AgencyType.ENTRUSTED_CENTRAL_AGENCY, AgencyType.ENTRUSTED_SOCIAL_AGENCY}),
    CollectorIdentity.SUBORDINATE_BUDGET_UNIT: frozenset(
        {AgencyType.NONE, AgencyType.ENTRUSTED_CENTRAL_AGENCY, AgencyType.ENTRUSTED_SOCIAL_AGENCY}),
    CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY: frozenset({AgencyType.CENTRAL_PROCUREMENT}),
}


def identity_choices(unit_kind: UnitKind, is_supervising_unit: bool) -> tuple[CollectorIdentity, ...]:
    """The choices of 选择征集人身份 for a unit logged in with its 采购人 account (manual 1.3.3).

    A budget unit collects as 主管预算单位 when it is one, else as 预算单位 (needing approval); a
    集中采购机构 may also choose 集采机构. Other unit kinds cannot file a framework-agreement plan.
    """
    own = (CollectorIdentity.SUPERVISING_BUDGET_UNIT if is_supervising_unit
           else CollectorIdentity.SUBORDINATE_BUDGET_UNIT)
    if unit_kind is UnitKind.CENTRAL_PROCUREMENT:
        return (CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY, own)
    if unit_kind is UnitKind.BUDGET_UNIT:
        return (own,)
    return ()


def require_identity_allowed(unit_kind: UnitKind, is_supervising_unit: bool, identity: CollectorIdentity) -> None:
    """Refuse a 征集人身份 the unit cannot take (the server checks the caller's unit with this)."""
    if identity not in identity_choices(unit_kind, is_supervising_unit):
        raise WorkflowError("collector_identity_not_allowed", f"本单位不能以“{identity.value}”身份作为征集人",
                            f"this unit cannot collect as {identity.name}")


def default_agency_type(identity: CollectorIdentity) -> AgencyType:
    """集采机构: 集中采购机构采购 (manual 1.3.3); budget units: no agency until they choose one."""
    if identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY:
        return AgencyType.CENTRAL_PROCUREMENT
    return AgencyType.NONE


@dataclass(frozen=True)
class Party:
    """A unit named on a form: its account-system id, name and 统一社会信用代码."""

    unit_id: str
    name: str
    credit_code: str


@dataclass(frozen=True)
class PlanDraft:
    """What the 经办岗 fills in on the 计划备案 page."""

    project_name: str
    identity: CollectorIdentity
    collector: Party
    region: Region
    """The collector's own division: 410000 for 省本级 units, 410100 for 郑州市本级 ..."""
    category: Category | None
    items: tuple[Item, ...]
    annual_budget: Decimal
    form: AgreementForm = AgreementForm.CLOSED
    supervising_unit: Party | None = None
    agency_type: AgencyType | None = None
    agency: Party | None = None
    scope: tuple[Region, ...] = ()
    """适用采购人或服务对象范围 (required for 集采机构: exactly one region)."""
    trading_platform: str | None = None
    """交易平台; ``None`` is 置为空值. Set only for 省本级 互认互通 projects."""
    validity_start: dt.date | None = None
    validity_end: dt.date | None = None
    evaluation_method: EvaluationMethod | None = None
    elimination_rate_percent: Decimal | None = None
    open_form_ground: OpenFormGround | None = None

    @property
    def is_interop(self) -> bool:
        """与公共资源交易中心互认互通的项目: a trading platform is chosen."""
        return self.trading_platform is not None

    @property
    def effective_agency_type(self) -> AgencyType:
        return self.agency_type if self.agency_type is not None else default_agency_type(self.identity)


def with_defaults(draft: PlanDraft) -> PlanDraft:
    """The form as the page first shows it: the default agency type, and a 集采机构's own region as scope."""
    scope = draft.scope
    if draft.identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY and not scope:
        scope = (draft.region,)
    return replace(draft, agency_type=draft.effective_agency_type, scope=scope)


def trading_platform_allowed(region: Region) -> bool:
    """Only 省本级 is connected to 河南省公共资源交易系统 (manual 1.3.1.1 填报说明 (2))."""
    return region.level is AdminLevel.PROVINCE


# --- problems (errors) ---------------------------------------------------------------------------

def _p(code: str, field: str, message: str, message_en: str) -> Problem:
    return Problem(code, field, message, message_en)


def _party_problems(party: Party | None, field: str, label: str) -> list[Problem]:
    if party is None:
        return []
    problems = []
    if not party.name.strip():
        problems.append(_p(f"{field}_name_required", field, f"{label}名称不能为空", f"{field} name is required"))
    problem = credit_code_problem(normalize_code(party.credit_code))
    if problem:
        problems.append(_p(f"{field}_credit_code_invalid", field,
                           f"{label}统一社会信用代码“{party.credit_code}”无效：{problem[0]}",
                           f"{field} credit code invalid: {problem[1]}"))
    return problems


def _collector_problems(draft: PlanDraft) -> list[Problem]:
    problems = _party_problems(draft.collector, "collector", "征集人")
    if draft.identity is CollectorIdentity.SUBORDINATE_BUDGET_UNIT:
        if draft.supervising_unit is None:
            problems.append(_p("supervising_unit_required", "supervising_unit",
                               "其他预算单位采用框架协议采购，需经其主管预算单位批准，请选择主管预算单位",
                               "a subordinate budget unit needs its supervising unit's approval"))
        else:
            problems += _party_problems(draft.supervising_unit, "supervising_unit", "主管预算单位")
    return problems


def _agency_problems(draft: PlanDraft) -> list[Problem]:
    kind = draft.effective_agency_type
    if kind not in ALLOWED_AGENCY_TYPES[draft.identity]:
        if draft.identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY:
            return [_p("agency_type_not_central", "agency_type", "集采机构作为征集人，代理机构类型为“集中采购机构采购”",
                       "a central procurement agency collects as 集中采购机构采购")]
        return [_p("agency_type_not_allowed", "agency_type",
                   "主管预算单位需要委托代理机构的，可以委托集中采购代理机构或社会采购代理机构",
                   "a budget unit may entrust a central or a social procurement agency")]
    if kind is AgencyType.NONE:
        return []
    if draft.agency is None:
        label = "委托集采机构" if kind is AgencyType.CENTRAL_PROCUREMENT else "委托的代理机构"
        return [_p("agency_required", "agency", f"请选择对应的{label}", "choose the entrusted agency")]
    return _party_problems(draft.agency, "agency", "代理机构")


def _content_problems(draft: PlanDraft) -> list[Problem]:
    problems: list[Problem] = []
    if draft.category is None:
        problems.append(_p("category_required", "category", "请选择框架协议项目分类", "choose the project category"))
    elif draft.identity.acts_as_supervising_unit and draft.category is not Category.SERVICES:
        problems.append(_p("category_must_be_services", "category",
                           "主管预算单位作为征集人，框架协议项目分类只能选择“服务”",
                           "a supervising budget unit may only choose the category services"))
    if not draft.items:
        problems.append(_p("items_required", "items", "请选择采购内容", "choose the procurement content"))
        return problems
    if draft.category is not None:
        wrong = [i for i in draft.items if i.category is not draft.category]
        if wrong:
            names = "、".join(i.name for i in wrong)
            problems.append(_p("item_category_mismatch", "items", f"采购内容中的品目需与项目分类保持一致：{names}",
                               f"items must match the category {draft.category.name.lower()}"))
    if draft.identity.acts_as_supervising_unit:
        inside = [i for i in draft.items if i.in_catalogue]
        if inside:
            problems.append(_p("items_in_catalogue", "items",
                               f"集中采购目录以内品目由集中采购机构负责征集，主管预算单位只能选择目录以外品目："
                               f"{'、'.join(i.name for i in inside)}",
                               "a supervising budget unit may only choose items outside the catalogue"))
    else:
        outside = [i for i in draft.items if not i.in_catalogue]
        if outside:
            problems.append(_p("items_not_in_catalogue", "items",
                               f"集采机构作为征集人，采购内容只能选择集采品目：{'、'.join(i.name for i in outside)}",
                               "a central procurement agency may only choose catalogue items"))
    return problems


def _scope_problems(draft: PlanDraft) -> list[Problem]:
    if draft.identity is not CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY:
        return []
    if not draft.scope:
        return [_p("scope_required", "scope", "请选择适用采购人或服务对象范围", "choose the region of purchasers")]
    if len(draft.scope) > 1:
        return [_p("scope_cross_region", "scope", "暂不支持跨地域范围采购，适用采购人或服务对象范围只能选择一个区域",
                   "one region only: cross-region use is not supported")]
    return []


def _budget_problems(draft: PlanDraft, thresholds: ThresholdTable) -> list[Problem]:
    if draft.annual_budget <= 0:
        return [_p("budget_required", "annual_budget", "请填写年度采购预算金额", "enter the annual budget")]
    if draft.category is None:
        return []
    floor = thresholds.lookup(draft.region, draft.category)
    if draft.annual_budget < floor.amount:
        return [_p("budget_below_threshold", "annual_budget",
                   f"年度采购预算金额需达到本地区分散采购限额（{draft.region.name}{draft.category.value}类"
                   f"{format_yuan(floor.amount)}）",
                   f"annual budget below the decentralized-procurement threshold {floor.amount}")]
    return []


def _platform_problems(draft: PlanDraft) -> list[Problem]:
    if draft.trading_platform is not None and not trading_platform_allowed(draft.region):
        return [_p("trading_platform_not_province", "trading_platform",
                   "目前只有省本级完成政府采购系统与河南省公共资源交易系统的业务对接，"
                   "地市采购单位交易平台请选择“置为空值”",
                   "only province-level projects use the trading platform; leave it empty")]
    return []


def _validity_problems(draft: PlanDraft) -> list[Problem]:
    start, end = draft.validity_start, draft.validity_end
    if start is not None and end is not None and end < start:
        return [_p("validity_end_before_start", "validity_end", "框架协议有效期截止日期不能早于开始日期",
                   "the validity period ends before it starts")]
    return []


def plan_problems(draft: PlanDraft, thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> tuple[Problem, ...]:
    """Every rule of the manual the draft breaks, in form order; empty when it may be submitted."""
    problems: list[Problem] = []
    if not draft.project_name.strip():
        problems.append(_p("project_name_required", "project_name", "请填写项目名称", "enter the project name"))
    problems += _collector_problems(draft)
    problems += _agency_problems(draft)
    problems += _content_problems(draft)
    problems += _scope_problems(draft)
    problems += _budget_problems(draft, thresholds)
    problems += _platform_problems(draft)
    problems += _validity_problems(draft)
    return tuple(problems)


def plan_warnings(draft: PlanDraft) -> tuple[RuleWarning, ...]:
    """Order No. 110 rules the manual does not enforce: closed vs open, validity, elimination."""
    return (form_warnings(draft.form, draft.open_form_ground, draft.items, draft.category)
            + validity_warnings(draft.category, draft.validity_start, draft.validity_end)
            + planned_elimination_warnings(draft.form, draft.evaluation_method, draft.elimination_rate_percent))


@dataclass(frozen=True)
class PlanCheck:
    problems: tuple[Problem, ...]
    warnings: tuple[RuleWarning, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_plan(draft: PlanDraft, thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> PlanCheck:
    """Problems and warnings together, for a form that shows both as the user types."""
    return PlanCheck(plan_problems(draft, thresholds), plan_warnings(draft))


def validate_plan(draft: PlanDraft, thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> tuple[RuleWarning, ...]:
    """Raise :class:`FormInvalid` (code ``plan_invalid``) or return the warnings to show."""
    problems = plan_problems(draft, thresholds)
    if problems:
        raise FormInvalid("plan_invalid", problems)
    return plan_warnings(draft)
