"""计划备案 commands and records (issue 7): payload shapes, the form → draft mapping both sides use,
the extra scope rule, and the feed records' round trip."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.commands import COMMANDS, CommandInvalid, command_payload, parse_command
from desktop.domain.plan_commands import (
    PLAN_COMMANDS,
    ApprovePlan,
    DeletePlan,
    PlanContext,
    PlanForm,
    PlanItemForm,
    ReturnPlan,
    SavePlan,
    SubmitPlan,
    extra_problems,
    form_problems,
    form_warnings,
    plan_draft,
    unknown_items,
)
from desktop.domain.plan_records import (
    CatalogueItemRecord,
    PlanEventRecord,
    PlanRecord,
    PlanWarningRecord,
    ThresholdRecord,
    catalogue_from_records,
    threshold_id,
    threshold_table_from_records,
)
from desktop.domain.protocol import from_json, to_json
from desktop.domain.workflow.common import Category, Item, Region
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod, OpenFormGround
from desktop.domain.workflow.plan import AgencyType, CollectorIdentity
from desktop.domain.workflow.review import ReviewStep
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS

from .workflow.helpers import HENAN, LUOYANG, ZHENGZHOU, party

CATALOGUE = {"A02010104": Item("A02010104", "台式计算机", True), "A0326": Item("A0326", "实验仪器", False),
             "C2301": Item("C2301", "法律服务", False)}


def central(**changes: object) -> PlanForm:
    base = PlanForm(project_name="台式计算机框架协议", identity=CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY,
                    budget_year=2026, annual_budget="5000000.00", category=Category.GOODS,
                    items=[PlanItemForm("A02010104", "台式计算机", True)], agency_type=AgencyType.CENTRAL_PROCUREMENT,
                    agency_unit_id="u-cg", scope_region_codes=["410100"], elimination_rate_percent="25")
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def context(region: Region = HENAN, scope: tuple[Region, ...] = (ZHENGZHOU,)) -> PlanContext:
    unit = party("u-cg", "河南省政府采购中心", 4)
    return PlanContext(collector=unit, region=region, agency=unit, scope=scope, catalogue=CATALOGUE)


def test_every_plan_command_round_trips_and_is_registered() -> None:
    commands = [SavePlan("p-1", central()), SubmitPlan("p-1"), ApprovePlan("p-1", 2, ReviewStep.REGULATOR_FIRST),
                ReturnPlan("p-1", 1, ReviewStep.INTERNAL, "预算不足"), DeletePlan("p-1")]
    for command in commands:
        assert parse_command(command.name, command_payload(command)) == command
    assert {c.name for c in PLAN_COMMANDS} <= set(COMMANDS)
    assert command_payload(commands[0])["form"]["identity"] == "集采机构"


@pytest.mark.parametrize(("command", "code"), [
    (SavePlan(" ", central()), "field_required"),
    (SavePlan("p", central(annual_budget="abc")), "number_invalid"),
    (SavePlan("p", central(annual_budget="NaN")), "number_invalid"),
    (SavePlan("p", central(annual_budget="1.001")), "number_invalid"),
    (SavePlan("p", central(budget_year=2100)), "budget_year_invalid"),
    (SavePlan("p", central(items=[PlanItemForm("", "无编码")])), "field_required"),
    (SavePlan("p", central(items=[PlanItemForm("A0326", "实验仪器")] * 2)), "item_duplicate"),
    (SavePlan("p", central(scope_region_codes=["4101"])), "region_code_invalid"),
    (SavePlan("p", central(validity_end="2026-02-30")), "date_invalid"),
    (SavePlan("p", central(elimination_rate_percent="120")), "number_invalid"),
    (SavePlan("p", central(project_name="长" * 201)), "field_too_long"),
    (ApprovePlan("p", 0, ReviewStep.INTERNAL), "submission_invalid"),
    (ReturnPlan("p", 1, ReviewStep.INTERNAL, " \n"), "return_reason_required"),
    (ReturnPlan("p", 1, ReviewStep.INTERNAL, "因" * 501), "field_too_long"),
])
def test_payload_refusals(command: object, code: str) -> None:
    with pytest.raises(CommandInvalid) as info:
        command.validate()  # type: ignore[attr-defined]
    assert info.value.code == code and info.value.message


def test_a_draft_may_be_incomplete() -> None:
    SavePlan("p", central(project_name="", annual_budget="0", category=None, items=[])).validate()


def test_the_catalogue_decides_names_and_catalogue_flags() -> None:
    claimed = central(items=[PlanItemForm("A0326", "我说是集采品目", True)])
    draft = plan_draft(claimed, context())
    assert draft.items == (Item("A0326", "实验仪器", False),)
    assert [p.code for p in form_problems(draft)] == ["items_not_in_catalogue"]
    # without a catalogue (a client that has not synced one yet) the form's own flags are used
    trusting = plan_draft(claimed, dataclasses.replace(context(), catalogue=None))
    assert trusting.items == (Item("A0326", "我说是集采品目", True),)
    assert unknown_items(central(items=[PlanItemForm("C9", "x")]), CATALOGUE) == ("C9",)
    assert unknown_items(central(items=[PlanItemForm("C9", "x")]), None) == ()


def test_form_to_draft() -> None:
    form = central(validity_start="2026-01-01", validity_end="2026-12-31",
                   evaluation_method=EvaluationMethod.PRICE_PRIORITY, trading_platform=" 河南省公共资源交易系统 ")
    draft = plan_draft(form, context())
    assert draft.annual_budget == Decimal("5000000.00") and draft.elimination_rate_percent == Decimal(25)
    assert draft.validity_start == dt.date(2026, 1, 1) and draft.trading_platform == "河南省公共资源交易系统"
    assert draft.scope == (ZHENGZHOU,) and draft.region == HENAN and draft.is_interop
    assert form_problems(draft) == () and form_warnings(draft) == ()


def test_scope_stays_within_the_collectors_region() -> None:
    city_agency = context(region=ZHENGZHOU, scope=(LUOYANG,))
    problems = extra_problems(plan_draft(central(), city_agency))
    assert [p.code for p in problems] == ["scope_outside_region"]
    assert "洛阳市" in problems[0].message and "郑州市" in problems[0].message
    assert extra_problems(plan_draft(central(), context(region=ZHENGZHOU, scope=(ZHENGZHOU,)))) == ()
    assert extra_problems(plan_draft(central(), context(region=HENAN, scope=(LUOYANG,)))) == ()


def test_threshold_records_make_the_rules_table() -> None:
    records = [ThresholdRecord(e.region_code, e.category, format(e.amount, "f"), e.confirmed, e.source)
               for e in DEFAULT_THRESHOLDS.entries]
    records += [ThresholdRecord("000000", c, "1000000", False, "fallback") for c in Category]
    records.append(ThresholdRecord("410100", Category.SERVICES, "3000000", True, "郑州市"))
    table = threshold_table_from_records(records)
    assert table.lookup(Region("410105", "金水区"), Category.SERVICES).amount == Decimal(3_000_000)
    assert table.lookup(Region("410105", "金水区"), Category.GOODS).amount == Decimal(1_000_000)
    assert table.lookup(Region("510100", "成都市"), Category.GOODS).source == "fallback"
    assert threshold_id("410100", Category.SERVICES) == "410100/services"
    with pytest.raises(ValueError, match="fallback"):
        threshold_table_from_records(records[:2])
    assert catalogue_from_records([CatalogueItemRecord("C2301", "法律服务", False)]) == {"C2301": CATALOGUE["C2301"]}


def test_plan_record_round_trips() -> None:
    at = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    record = PlanRecord(form=central(), project_name="台式计算机框架协议", identity="集采机构", collector_unit_id="u",
                        collector_name="中心", region_code="410000", region_name="河南省", budget_year=2026,
                        status="审核中", state_label="待监管部门初核", steps=["内部审核岗审核", "监管部门初核"],
                        submission=1, created_at=at, updated_at=at, pending_step="监管部门初核",
                        warnings=[PlanWarningRecord("w", "提示")],
                        history=[PlanEventRecord(at, "submit", "待提交", "待内部审核岗审核", "a", "u", 1)])
    assert from_json(PlanRecord, to_json(record)) == record
    assert not record.editable


@given(st.builds(PlanForm, project_name=st.text(max_size=20), identity=st.sampled_from(CollectorIdentity),
                 budget_year=st.integers(2000, 2099),
                 annual_budget=st.decimals(0, 10**9, places=2, allow_nan=False).map(str),
                 category=st.none() | st.sampled_from(Category),
                 items=st.lists(st.builds(PlanItemForm, code=st.sampled_from(sorted(CATALOGUE)),
                                          name=st.just("品目"), in_catalogue=st.booleans()),
                                max_size=3, unique_by=lambda i: i.code),
                 form=st.sampled_from(AgreementForm), agency_type=st.none() | st.sampled_from(AgencyType),
                 scope_region_codes=st.lists(st.sampled_from(["410000", "410100", "410300"]), max_size=2),
                 open_form_ground=st.none() | st.sampled_from(OpenFormGround)))
def test_any_well_formed_form_round_trips_and_checks_without_error(form: PlanForm) -> None:
    command = SavePlan("p", form)
    command.validate()
    assert parse_command(SavePlan.name, command_payload(command)) == command
    scope = tuple({"410000": HENAN, "410100": ZHENGZHOU, "410300": LUOYANG}[c] for c in form.scope_region_codes)
    draft = plan_draft(form, context(scope=scope))
    problems = form_problems(draft)
    assert all(p.message and p.code for p in problems)
    assert all(i.in_catalogue == CATALOGUE[i.code].in_catalogue for i in draft.items)
