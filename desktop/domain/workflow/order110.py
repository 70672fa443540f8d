"""Rules of MOF Order No. 110 (财政部令第110号) that the seed manual does not enforce: warnings only.

Where the manual and the Order differ the manual wins (the system lets the action through) and
the Order's extra rules become :class:`RuleWarning` values shown next to the form. Their source
is secondary (docs/domain-rules.md §A3, §A5, §A6; tags [S]/[U]): article numbers beyond Art. 3
are not cited because none could be verified.

* closed is the main form; open only in the Order's listed situations (§A3);
* validity: goods normally ≤ 1 year, services normally ≤ 2 years (§A5, "一般");
* closed agreements eliminate: rate normally ≥ 20 % (≥ 40 % for quality-priority testing and
  laboratory instruments) and at least one supplier eliminated (§A6).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections.abc import Sequence
from decimal import Decimal

from desktop.domain.workflow.common import Category, Item, RuleWarning

__all__ = [
    "AgreementForm",
    "EvaluationMethod",
    "OpenFormGround",
    "add_years",
    "elimination_floor_percent",
    "form_warnings",
    "planned_elimination_warnings",
    "shortlist_elimination_warnings",
    "validity_limit_years",
    "validity_warnings",
]

_SOURCE = "财政部令第110号（二手资料整理，待核对原文）"


class AgreementForm(enum.StrEnum):
    CLOSED = "封闭式"
    OPEN = "开放式"


class EvaluationMethod(enum.StrEnum):
    PRICE_PRIORITY = "价格优先法"
    QUALITY_PRIORITY = "质量优先法"


class OpenFormGround(enum.StrEnum):
    """The situations in which the Order admits the open form (domain-rules.md §A3)."""

    CATALOGUE_NO_ELIMINATION = "集采品目，因执行政府采购政策不宜淘汰供应商"
    CATALOGUE_FEW_SUPPLIERS = "集采品目，受基础设施、行政许可、知识产权等限制，供应商数量在3家以下且不宜淘汰"
    SERVICE_UNIFORM_FEE = "向服务对象提供服务，能确定统一付费标准，且宜由愿意接受协议条件的供应商均入围"


# --- closed vs open --------------------------------------------------------------------------------

def form_warnings(form: AgreementForm, ground: OpenFormGround | None, items: Sequence[Item],
                  category: Category | None) -> tuple[RuleWarning, ...]:
    """Warn when the open form is chosen without one of the Order's grounds, or with one that does not fit."""
    if form is AgreementForm.CLOSED:
        return ()
    if ground is None:
        return (RuleWarning(
            "open_form_without_ground",
            "封闭式框架协议采购是框架协议采购的主要形式；采用开放式须符合财政部令第110号规定的情形，请选择适用情形",
            "the closed form is the main form; the open form needs one of the Order's grounds", _SOURCE),)
    catalogue_only = bool(items) and all(item.in_catalogue for item in items)
    if ground is OpenFormGround.SERVICE_UNIFORM_FEE:
        fits = category is Category.SERVICES and not any(item.in_catalogue for item in items)
    else:
        fits = catalogue_only
    if fits:
        return ()
    return (RuleWarning(
        "open_form_ground_mismatch",
        f"所选开放式适用情形“{ground.value}”与采购内容不符，请核对",
        "the chosen ground for the open form does not fit the procurement content", _SOURCE),)


# --- validity --------------------------------------------------------------------------------------

def validity_limit_years(category: Category) -> int:
    """Goods agreements normally run at most 1 year, services at most 2 (domain-rules.md §A5)."""
    return 1 if category is Category.GOODS else 2


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February in common years."""
    year = day.year + years
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def validity_warnings(category: Category | None, start: dt.date | None, end: dt.date | None
                      ) -> tuple[RuleWarning, ...]:
    """Warn when the period runs past start + 1 year (goods) / + 2 years (services).

    The end date is inclusive and a period ending on the anniversary is tolerated
    (2025-03-01 至 2026-03-01 is read as "one year"); anything later is warned about.
    """
    if category is None or start is None or end is None or end < start:
        return ()
    years = validity_limit_years(category)
    if end <= add_years(start, years):
        return ()
    return (RuleWarning(
        "validity_too_long",
        f"{category.value}类框架协议有效期一般不超过{years}年（{start:%Y-%m-%d}至{end:%Y-%m-%d}）",
        f"a {category.name.lower()} agreement normally runs at most {years} year(s)", _SOURCE),)


# --- elimination -----------------------------------------------------------------------------------

def elimination_floor_percent(method: EvaluationMethod | None) -> Decimal:
    """20 % in general; 40 % for quality-priority (testing / laboratory instruments)."""
    return Decimal(40) if method is EvaluationMethod.QUALITY_PRIORITY else Decimal(20)


def _rate_text(floor: Decimal) -> str:
    return f"{floor:f}%"


def planned_elimination_warnings(form: AgreementForm, method: EvaluationMethod | None,
                                 rate_percent: Decimal | None) -> tuple[RuleWarning, ...]:
    """At plan time: a closed agreement states an elimination rate of at least the floor."""
    if form is AgreementForm.OPEN:
        return ()
    floor = elimination_floor_percent(method)
    if rate_percent is None:
        return (RuleWarning(
            "elimination_rate_missing",
            f"封闭式框架协议应设定淘汰率，淘汰率一般不得低于{_rate_text(floor)}，且至少淘汰一家供应商；"
            "不得采用供应商符合资格条件即入围的方法",
            "a closed agreement states an elimination rate", _SOURCE),)
    if rate_percent < floor:
        return (RuleWarning(
            "elimination_rate_low",
            f"淘汰率{rate_percent:f}%低于{_rate_text(floor)}（封闭式框架协议淘汰率一般不得低于{_rate_text(floor)}）",
            f"elimination rate {rate_percent}% is below {floor}%", _SOURCE),)
    return ()


def shortlist_elimination_warnings(responsive: int, shortlisted: int, method: EvaluationMethod | None = None
                                   ) -> tuple[RuleWarning, ...]:
    """At result time: at least one supplier eliminated and eliminated / responsive ≥ the floor.

    ``responsive``: suppliers whose responses met the requirements; ``shortlisted``: those entering.
    """
    if responsive < 0 or shortlisted < 0 or shortlisted > responsive:
        raise ValueError(f"impossible counts: {shortlisted} shortlisted of {responsive} responsive")
    eliminated = responsive - shortlisted
    warnings: list[RuleWarning] = []
    if eliminated < 1:
        warnings.append(RuleWarning(
            "no_supplier_eliminated",
            f"{responsive}家响应供应商全部入围；封闭式框架协议至少应淘汰一家供应商",
            "every responsive supplier was shortlisted; at least one must be eliminated", _SOURCE))
    floor = elimination_floor_percent(method)
    if responsive and eliminated * 100 < floor * responsive:
        rate = Decimal(eliminated * 100) / responsive
        warnings.append(RuleWarning(
            "elimination_rate_low",
            f"实际淘汰率{rate.quantize(Decimal('0.1'))}%低于{_rate_text(floor)}",
            f"actual elimination rate {rate:.1f}% is below {floor}%", _SOURCE))
    return tuple(warnings)
