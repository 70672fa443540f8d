"""计划备案 form rules (seed manual 1.3.1.1 填报说明, 1.3.3 填报说明) and their warnings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workflow.common import Category, FormInvalid, Item
from desktop.domain.workflow.order110 import AgreementForm, OpenFormGround
from desktop.domain.workflow.plan import (
    AgencyType,
    CollectorIdentity,
    check_plan,
    default_agency_type,
    plan_problems,
    trading_platform_allowed,
    validate_plan,
    with_defaults,
)
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdEntry, ThresholdTable

from .helpers import (
    AUDIT_SERVICE,
    DESKTOP_PC,
    HENAN,
    LAB_INSTRUMENT,
    LEGAL_SERVICE,
    LUOYANG,
    PROPERTY_MGMT,
    ZHENGZHOU,
    central_draft,
    party,
    subordinate_draft,
    supervising_draft,
)


def codes(draft: object, thresholds: ThresholdTable = DEFAULT_THRESHOLDS) -> tuple[str, ...]:
    return tuple(p.code for p in plan_problems(draft, thresholds))  # type: ignore[arg-type]


def test_the_sample_drafts_pass() -> None:
    for draft in (supervising_draft(), subordinate_draft(), central_draft()):
        assert plan_problems(draft) == ()
        assert validate_plan(draft) == ()


# --- 主管预算单位 ----------------------------------------------------------------------------------

def test_supervising_unit_may_only_choose_services() -> None:
    problems = plan_problems(supervising_draft(category=Category.GOODS, items=(LAB_INSTRUMENT,)))
    assert problems[0].code == "category_must_be_services"
    assert problems[0].message == "主管预算单位作为征集人，框架协议项目分类只能选择“服务”"
    assert problems[0].field == "category"


def test_supervising_unit_may_not_choose_catalogue_items() -> None:
    problems = plan_problems(supervising_draft(items=(LEGAL_SERVICE, PROPERTY_MGMT)))
    assert [p.code for p in problems] == ["items_in_catalogue"]
    assert "物业管理服务" in problems[0].message and "法律服务" not in problems[0].message


def test_subordinate_unit_follows_the_supervising_rules_and_names_its_supervisor() -> None:
    assert codes(subordinate_draft(category=Category.GOODS, items=(LAB_INSTRUMENT,))) == (
        "category_must_be_services",)
    problems = plan_problems(subordinate_draft(supervising_unit=None))
    assert [p.code for p in problems] == ["supervising_unit_required"]
    assert "需经其主管预算单位批准" in problems[0].message


@pytest.mark.parametrize("agency_type", [AgencyType.ENTRUSTED_CENTRAL_AGENCY, AgencyType.ENTRUSTED_SOCIAL_AGENCY])
def test_supervising_unit_may_entrust_a_central_or_social_agency(agency_type: AgencyType) -> None:
    draft = supervising_draft(agency_type=agency_type, agency=party("u-ag", "河南某招标代理有限公司", 9))
    assert plan_problems(draft) == ()
    assert codes(supervising_draft(agency_type=agency_type)) == ("agency_required",)


def test_supervising_unit_cannot_use_the_central_procurement_type() -> None:
    assert codes(supervising_draft(agency_type=AgencyType.CENTRAL_PROCUREMENT,
                                   agency=party("a", "集采", 5))) == ("agency_type_not_allowed",)


# --- 集采机构 ------------------------------------------------------------------------------------

def test_central_agency_only_catalogue_items() -> None:
    problems = plan_problems(central_draft(items=(DESKTOP_PC, LAB_INSTRUMENT)))
    assert [p.code for p in problems] == ["items_not_in_catalogue"]
    assert problems[0].message == "集采机构作为征集人，采购内容只能选择集采品目：实验仪器"


def test_central_agency_type_defaults_and_needs_the_entrusted_agency() -> None:
    assert default_agency_type(CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY) is AgencyType.CENTRAL_PROCUREMENT
    assert default_agency_type(CollectorIdentity.SUPERVISING_BUDGET_UNIT) is AgencyType.NONE
    problems = plan_problems(central_draft(agency_type=None, agency=None))
    assert [p.message for p in problems] == ["请选择对应的委托集采机构"]
    assert codes(central_draft(agency_type=AgencyType.ENTRUSTED_SOCIAL_AGENCY)) == ("agency_type_not_central",)


def test_central_agency_scope_is_exactly_one_region() -> None:
    assert codes(central_draft(scope=())) == ("scope_required",)
    problems = plan_problems(central_draft(scope=(ZHENGZHOU, LUOYANG)))
    assert [p.code for p in problems] == ["scope_cross_region"]
    assert "暂不支持跨地域范围采购" in problems[0].message


def test_with_defaults_fills_agency_type_and_scope() -> None:
    draft = with_defaults(central_draft(agency_type=None, scope=()))
    assert draft.agency_type is AgencyType.CENTRAL_PROCUREMENT
    assert draft.scope == (ZHENGZHOU,)
    assert with_defaults(supervising_draft()).scope == ()


def test_region_scope_covers_every_purchaser_in_it() -> None:
    assert ZHENGZHOU.covers("410102") and ZHENGZHOU.covers("410100")
    assert not ZHENGZHOU.covers("410302")
    assert HENAN.covers("410302")


# --- content, budget, platform --------------------------------------------------------------------

def test_items_must_match_the_category() -> None:
    problems = plan_problems(central_draft(category=Category.SERVICES, items=(DESKTOP_PC, PROPERTY_MGMT)))
    assert [p.code for p in problems] == ["item_category_mismatch"]
    assert problems[0].message == "采购内容中的品目需与项目分类保持一致：台式计算机"


def test_category_and_items_are_required() -> None:
    assert codes(supervising_draft(category=None)) == ("category_required",)
    assert codes(supervising_draft(items=())) == ("items_required",)


def test_budget_below_the_regional_threshold_is_refused() -> None:
    problems = plan_problems(supervising_draft(annual_budget=Decimal(999_999)))
    assert [p.code for p in problems] == ["budget_below_threshold"]
    assert problems[0].message == "年度采购预算金额需达到本地区分散采购限额（河南省服务类100万元）"
    assert codes(supervising_draft(annual_budget=Decimal(0))) == ("budget_required",)


def test_a_deployment_table_overrides_the_defaults() -> None:
    table = ThresholdTable(
        [ThresholdEntry("410100", Category.GOODS, Decimal(500_000), True, "郑州市标准")],
        {c: ThresholdEntry("000000", c, Decimal(2_000_000), True, "兜底") for c in Category})
    assert codes(central_draft(annual_budget=Decimal(600_000)), table) == ()
    assert codes(central_draft(annual_budget=Decimal(400_000)), table) == ("budget_below_threshold",)
    assert codes(supervising_draft(), table) == ()  # 2,000,000 meets the fallback exactly


@given(st.integers(min_value=1, max_value=10**9))
def test_budget_rule_is_exactly_the_threshold(budget: int) -> None:
    floor = DEFAULT_THRESHOLDS.lookup(HENAN, Category.SERVICES).amount
    refused = "budget_below_threshold" in codes(supervising_draft(annual_budget=Decimal(budget)))
    assert refused == (budget < floor)


def test_trading_platform_only_for_province_level() -> None:
    assert trading_platform_allowed(HENAN) and not trading_platform_allowed(ZHENGZHOU)
    assert supervising_draft(trading_platform="河南省公共资源交易系统").is_interop
    assert codes(supervising_draft(trading_platform="河南省公共资源交易系统")) == ()
    problems = plan_problems(central_draft(trading_platform="河南省公共资源交易系统"))
    assert [p.code for p in problems] == ["trading_platform_not_province"]
    assert "置为空值" in problems[0].message


def test_credit_codes_of_the_parties_are_checked() -> None:
    bad = party("u-sft", "河南省司法厅", 1)
    bad = type(bad)(bad.unit_id, bad.name, bad.credit_code[:-1] + ("0" if bad.credit_code[-1] != "0" else "1"))
    problems = plan_problems(supervising_draft(collector=bad))
    assert [p.code for p in problems] == ["collector_credit_code_invalid"]
    assert "征集人统一社会信用代码" in problems[0].message


def test_validate_plan_raises_all_problems_at_once() -> None:
    with pytest.raises(FormInvalid) as info:
        validate_plan(supervising_draft(project_name=" ", category=Category.GOODS, annual_budget=Decimal(10)))
    assert info.value.code == "plan_invalid"
    assert info.value.codes == ("project_name_required", "category_must_be_services", "item_category_mismatch",
                                "budget_below_threshold")
    assert info.value.message.startswith("请填写项目名称；")


# --- Order No. 110 warnings -----------------------------------------------------------------------

def test_open_form_without_ground_is_a_warning_not_an_error() -> None:
    check = check_plan(supervising_draft(form=AgreementForm.OPEN, elimination_rate_percent=None))
    assert check.ok
    assert [w.code for w in check.warnings] == ["open_form_without_ground"]


def test_open_form_ground_must_fit_the_content() -> None:
    fitting = supervising_draft(form=AgreementForm.OPEN, open_form_ground=OpenFormGround.SERVICE_UNIFORM_FEE)
    assert check_plan(fitting).warnings == ()
    wrong = central_draft(form=AgreementForm.OPEN, open_form_ground=OpenFormGround.SERVICE_UNIFORM_FEE)
    assert [w.code for w in check_plan(wrong).warnings] == ["open_form_ground_mismatch"]
    catalogue = central_draft(form=AgreementForm.OPEN, open_form_ground=OpenFormGround.CATALOGUE_FEW_SUPPLIERS)
    assert check_plan(catalogue).warnings == ()


def test_closed_plan_without_an_elimination_rate_warns() -> None:
    warnings = check_plan(supervising_draft(elimination_rate_percent=None)).warnings
    assert [w.code for w in warnings] == ["elimination_rate_missing"]
    assert [w.code for w in check_plan(supervising_draft(elimination_rate_percent=Decimal(15))).warnings] == [
        "elimination_rate_low"]


def test_validity_end_before_start_is_an_error_but_long_validity_a_warning() -> None:
    import datetime as dt

    start = dt.date(2025, 3, 1)
    assert codes(supervising_draft(validity_start=start, validity_end=dt.date(2025, 2, 1))) == (
        "validity_end_before_start",)
    goods = central_draft(validity_start=start, validity_end=dt.date(2026, 6, 1))
    assert [w.code for w in validate_plan(goods)] == ["validity_too_long"]
    services = supervising_draft(validity_start=start, validity_end=dt.date(2027, 3, 1))
    assert validate_plan(services) == ()


def test_audit_and_legal_services_can_share_a_plan() -> None:
    assert plan_problems(supervising_draft(items=(LEGAL_SERVICE, AUDIT_SERVICE))) == ()


def test_item_category_comes_from_the_catalogue_code() -> None:
    assert Item("A02", "x", False).category is Category.GOODS
    assert Item("c99", "x", False).category is Category.SERVICES
    assert Item("B01", "工程", False).category is None


def test_identity_choices_follow_the_unit_kind() -> None:
    from desktop.domain.roles import UnitKind
    from desktop.domain.workflow.common import WorkflowError
    from desktop.domain.workflow.plan import identity_choices, require_identity_allowed

    assert identity_choices(UnitKind.BUDGET_UNIT, True) == (CollectorIdentity.SUPERVISING_BUDGET_UNIT,)
    assert identity_choices(UnitKind.BUDGET_UNIT, False) == (CollectorIdentity.SUBORDINATE_BUDGET_UNIT,)
    assert CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY in identity_choices(UnitKind.CENTRAL_PROCUREMENT, False)
    assert identity_choices(UnitKind.SUPPLIER, False) == ()
    require_identity_allowed(UnitKind.CENTRAL_PROCUREMENT, False, CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY)
    with pytest.raises(WorkflowError) as info:
        require_identity_allowed(UnitKind.BUDGET_UNIT, True, CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY)
    assert info.value.code == "collector_identity_not_allowed"
