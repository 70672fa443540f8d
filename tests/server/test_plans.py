"""框架协议计划备案 and its review chains (issue 7; seed manual 1.3.1.1, 1.3.3) against a real server
on SQLite and PostgreSQL: each collector identity to a numbered plan, every refusal, returns with
reasons, separation of duties, who sees a plan, and the reference data the rules use.

Demo units: 郑州市教育局 jyj-zz (主管预算单位, 410100) with 郑州市第一中学 yz-zz (410105) under it;
河南省政府采购中心 cgzx-hn (集采机构, 410000); regulators 郑州市财政局 czj-zz (410100) and 河南省财政厅
czt-hn (410000).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest

from desktop.domain.commands import command_payload
from desktop.domain.plan_commands import (
    ApprovePlan,
    DeletePlan,
    PlanForm,
    PlanItemForm,
    ReturnPlan,
    SavePlan,
    SubmitPlan,
)
from desktop.domain.plan_records import PlanRecord, ThresholdRecord, threshold_table_from_records
from desktop.domain.protocol import (
    CommandEnvelope,
    CommandResult,
    CommandStatus,
    RecordKind,
    from_json,
    new_command_uuid,
)
from desktop.domain.workflow.common import Category, Region
from desktop.domain.workflow.order110 import AgreementForm
from desktop.domain.workflow.plan import AgencyType, CollectorIdentity
from desktop.domain.workflow.review import ReviewStep
from desktop.sync.client import ApiClient
from server_stub.services import plans
from tests.server.fixtures import ApiFor, MakeServer, ServerUnderTest
from tests.server.test_sync_api import envelope, logged_in, pull_all

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

LEGAL = PlanItemForm("C2301", "法律服务")
AUDIT = PlanItemForm("C2302", "审计服务")
PROPERTY = PlanItemForm("C1204", "物业管理服务", in_catalogue=True)
DESKTOP_PC = PlanItemForm("A02010104", "台式计算机", in_catalogue=True)
LAB_INSTRUMENT = PlanItemForm("A0326", "实验仪器")


def service_form(**changes: Any) -> PlanForm:
    """A 主管预算单位 plan (legal services, 200万) that passes every rule."""
    base = PlanForm(project_name="郑州市教育局法律顾问服务框架协议", identity=CollectorIdentity.SUPERVISING_BUDGET_UNIT,
                    budget_year=2026, annual_budget="2000000", category=Category.SERVICES, items=[LEGAL, AUDIT],
                    elimination_rate_percent="20")
    return dataclasses.replace(base, **changes)


def subordinate_form(**changes: Any) -> PlanForm:
    base = {"project_name": "郑州市第一中学审计服务框架协议", "identity": CollectorIdentity.SUBORDINATE_BUDGET_UNIT,
            "items": [AUDIT]}
    return service_form(**(base | changes))


def central_form(**changes: Any) -> PlanForm:
    """A 集采机构 plan for 郑州市 desktop PCs (500万) that passes every rule."""
    base = PlanForm(project_name="郑州市台式计算机框架协议", identity=CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY,
                    budget_year=2026, annual_budget="5000000", category=Category.GOODS, items=[DESKTOP_PC],
                    agency_type=AgencyType.CENTRAL_PROCUREMENT, agency_unit_id="cgzx-hn",
                    scope_region_codes=["410100"], elimination_rate_percent="25")
    return dataclasses.replace(base, **changes)


class World:
    """Logged-in clients by demo username, and one-command helpers."""

    def __init__(self, server: ServerUnderTest, api_for: ApiFor) -> None:
        self.server = server
        self._api_for = api_for
        self._clients: dict[str, ApiClient] = {}

    def api(self, username: str) -> ApiClient:
        if username not in self._clients:
            self._clients[username] = logged_in(self._api_for, self.server.url, username)
        return self._clients[username]

    def push(self, username: str, command: object) -> CommandResult:
        return self.api(username).push([envelope(command)]).results[0]

    def ok(self, username: str, command: object) -> CommandResult:
        result = self.push(username, command)
        assert result.status is CommandStatus.APPLIED, result.reason
        return result

    def refused(self, username: str, command: object) -> str:
        result = self.push(username, command)
        assert result.status is CommandStatus.REJECTED and result.reason is not None, result
        assert result.reason.message, result.reason
        return result.reason.code

    def plans(self, username: str) -> dict[str, PlanRecord]:
        state, _ = pull_all(self.api(username), limit=500)
        return {rid: from_json(PlanRecord, data) for (kind, rid), data in state.items()
                if kind == RecordKind.PLAN and data is not None}

    def plan(self, username: str, plan_id: str) -> PlanRecord:
        return self.plans(username)[plan_id]

    def approve(self, username: str, plan_id: str) -> CommandResult:
        record = self.plan(username, plan_id)
        assert record.pending_step is not None, record.state_label
        return self.ok(username, ApprovePlan(plan_id, record.submission, ReviewStep(record.pending_step)))

    def filed(self, username: str, plan_id: str, form: PlanForm) -> PlanRecord:
        self.ok(username, SavePlan(plan_id, form))
        self.ok(username, SubmitPlan(plan_id))
        return self.plan(username, plan_id)


def world(make_server: MakeServer, api_for: ApiFor, db_url: str) -> World:
    return World(make_server(db_url), api_for)


# --- each collector identity to a numbered plan ----------------------------------------------------

def test_supervising_unit_chain_to_a_number(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.ok("zzjyj_jb", SavePlan("p-jyj", service_form()))
    draft = w.plan("zzjyj_jb", "p-jyj")
    assert (draft.state_label, draft.submission, draft.problems, draft.number) == ("待提交", 0, [], None)
    assert draft.collector_name == "郑州市教育局" and draft.region_code == "410100"
    assert draft.steps == ["内部审核岗审核"]
    assert "p-jyj" not in w.plans("zzczj_jg")  # a draft is the collector's own

    w.ok("zzjyj_jb", SubmitPlan("p-jyj"))
    pending = w.plan("zzjyj_jb", "p-jyj")
    assert (pending.state_label, pending.pending_step, pending.submission) == ("待内部审核岗审核", "内部审核岗审核", 1)
    assert pending.regulator_name == "郑州市财政局"
    # filed (备案) with 本级财政部门: the regulator sees it, units outside do not
    assert w.plan("zzczj_jg", "p-jyj").state_label == "待内部审核岗审核"
    for outsider in ("zzmmj_jb", "zzyz_jb", "zzbgsb_jb", "hnczt_jg"):
        assert "p-jyj" not in w.plans(outsider), outsider

    w.approve("zzjyj_sh", "p-jyj")
    done = w.plan("zzjyj_jb", "p-jyj")
    assert done.number == "KJXY-410100-2026-00001" and done.state_label == "已生成计划编号"
    assert done.status == "审核通过" and done.numbered_at is not None and done.pending_step is None
    assert [(e.action, e.actor_name, e.to_state) for e in done.history] == [
        ("submit", "zzjyj_jb", "待内部审核岗审核"), ("approve", "zzjyj_sh", "已生成计划编号")]
    assert w.plan("zzczj_jg", "p-jyj").number == done.number
    # a numbered plan is final: no more edits, approvals or deletion
    assert w.refused("zzjyj_jb", SavePlan("p-jyj", service_form())) == "plan_not_editable"
    assert w.refused("zzjyj_sh", ApprovePlan("p-jyj", 1, ReviewStep.INTERNAL)) == "plan_changed"
    assert w.refused("zzjyj_jb", DeletePlan("p-jyj")) == "plan_submitted"


def test_subordinate_unit_chain_through_its_supervising_unit(api_for: ApiFor, db_url: str,
                                                             make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    record = w.filed("zzyz_jb", "p-yz", subordinate_form())
    assert record.steps == ["内部审核岗审核", "主管预算单位审核"]
    assert record.supervising_unit_id == "jyj-zz" and record.supervising_unit_name == "郑州市教育局"
    assert w.plan("zzjyj_sh", "p-yz").state_label == "待内部审核岗审核"  # the 主管预算单位 sees it
    # the 主管预算单位 acts only at its own step
    assert w.refused("zzjyj_sh", ApprovePlan("p-yz", 1, ReviewStep.INTERNAL)) == "other_unit"

    w.approve("zzyz_sh", "p-yz")
    assert w.plan("zzyz_jb", "p-yz").state_label == "待主管预算单位审核"
    assert w.refused("zzjyj_jb", ApprovePlan("p-yz", 1, ReviewStep.SUPERVISOR)) == "post_not_reviewer"
    assert w.refused("zzyz_sh", ApprovePlan("p-yz", 1, ReviewStep.SUPERVISOR)) == "already_reviewed"
    assert w.refused("zzmmj_sh", ApprovePlan("p-yz", 1, ReviewStep.SUPERVISOR)) == "other_unit"
    w.approve("zzjyj_sh", "p-yz")
    done = w.plan("zzyz_jb", "p-yz")
    assert done.number == "KJXY-410105-2026-00001"
    assert [e.step for e in done.history] == ["", "内部审核岗审核", "主管预算单位审核"]
    assert w.plan("zzjyj_jb", "p-yz").number == done.number


def test_central_procurement_agency_chain_with_regulator_reviews(api_for: ApiFor, db_url: str,
                                                                 make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    record = w.filed("hncgzx_cgjb", "p-cg", central_form())
    assert record.steps == ["内部审核岗审核", "监管部门初核", "监管部门复核"]
    assert record.regulator_unit_id == "czt-hn" and record.agency_name == "河南省政府采购中心"
    assert "p-cg" not in w.plans("zzczj_jg")  # 郑州市财政局 is not the 本级 regulator of a provincial 集采机构

    w.approve("hncgzx_cgsh", "p-cg")
    assert w.plan("hnczt_jg", "p-cg").state_label == "待监管部门初核"
    assert w.refused("hncgzx_cgsh", ApprovePlan("p-cg", 1, ReviewStep.REGULATOR_FIRST)) == "already_reviewed"
    assert w.refused("hncgzx_cgjb", ApprovePlan("p-cg", 1, ReviewStep.REGULATOR_FIRST)) == "own_submission"
    assert w.refused("zzjyj_sh", ApprovePlan("p-cg", 1, ReviewStep.REGULATOR_FIRST)) == "not_regulator"
    assert w.refused("zzczj_sh", ApprovePlan("p-cg", 1, ReviewStep.REGULATOR_FIRST)) == "other_unit"
    w.approve("hnczt_jg", "p-cg")
    assert w.plan("hncgzx_cgjb", "p-cg").state_label == "待监管部门复核"
    # 初核 and 复核 by different people
    assert w.refused("hnczt_jg", ApprovePlan("p-cg", 1, ReviewStep.REGULATOR_SECOND)) == "already_reviewed"
    w.approve("hnczt_sh", "p-cg")
    done = w.plan("hncgzx_cgjb", "p-cg")
    assert done.number == "KJXY-410000-2026-00001" and done.approved_by == [
        "acc-cgzx-cg-sh", "acc-czt-jg", "acc-czt-sh"]

    # the sequence counts per (division, budget year)
    w.filed("hncgzx_cgjb", "p-cg2", central_form(project_name="郑州市便携式计算机框架协议"))
    for reviewer in ("hncgzx_cgsh", "hnczt_jg", "hnczt_sh"):
        w.approve(reviewer, "p-cg2")
    assert w.plan("hncgzx_cgjb", "p-cg2").number == "KJXY-410000-2026-00002"
    w.filed("hncgzx_cgjb", "p-cg3", central_form(budget_year=2027))
    for reviewer in ("hncgzx_cgsh", "hnczt_jg", "hnczt_sh"):
        w.approve(reviewer, "p-cg3")
    assert w.plan("hnczt_sh", "p-cg3").number == "KJXY-410000-2027-00001"


def test_a_central_agency_may_also_collect_as_a_supervising_unit(api_for: ApiFor, db_url: str,
                                                                 make_server: MakeServer) -> None:
    """选择征集人身份 offers a 集采机构 both identities; as 主管预算单位 its chain is internal review only."""
    w = world(make_server, api_for, db_url)
    record = w.filed("hncgzx_cgjb", "p-cg-svc", service_form(project_name="省采购中心审计服务框架协议"))
    assert record.steps == ["内部审核岗审核"]
    w.approve("hncgzx_cgsh", "p-cg-svc")
    assert w.plan("hncgzx_cgjb", "p-cg-svc").number == "KJXY-410000-2026-00001"


# --- returns --------------------------------------------------------------------------------------

def test_every_step_can_return_with_a_reason(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.filed("hncgzx_cgjb", "p-r", central_form())
    reviewers = ["hncgzx_cgsh", "hnczt_jg", "hnczt_sh"]
    for depth, returner in enumerate(reviewers):
        for reviewer in reviewers[:depth]:
            w.approve(reviewer, "p-r")
        record = w.plan("hncgzx_cgjb", "p-r")
        step = ReviewStep(record.pending_step or "")
        # no reason, no return: refused by the command's own rule (client and server)
        blank = CommandEnvelope(new_command_uuid(), ReturnPlan.name,
                                command_payload(ReturnPlan("p-r", record.submission, step, "x")) | {"reason": "  "},
                                NOW)
        result = w.api(returner).push([blank]).results[0]
        assert result.reason is not None and result.reason.code == "return_reason_required"
        assert "退回原因" in result.reason.message
        reason = f"第{depth + 1}步：采购内容需细化到品目"
        w.ok(returner, ReturnPlan("p-r", record.submission, step, reason))
        returned = w.plan("hncgzx_cgjb", "p-r")
        assert (returned.state_label, returned.return_reason, returned.approved_by) == ("已退回", reason, [])
        assert returned.history[-1].action == "return" and returned.history[-1].reason == reason
        assert returned.history[-1].step == step.value
        # a stale approval of the returned round is refused, not applied to the next round
        assert w.refused(reviewers[0], ApprovePlan("p-r", record.submission, ReviewStep.INTERNAL)) == "plan_changed"
        # the 经办岗 edits and resubmits: the chain starts again at step 1
        w.ok("hncgzx_cgjb", SavePlan("p-r", central_form(annual_budget=str(5_000_000 + depth))))
        w.ok("hncgzx_cgjb", SubmitPlan("p-r"))
        again = w.plan("hncgzx_cgjb", "p-r")
        assert (again.state_label, again.submission, again.return_reason) == (
            "待内部审核岗审核", record.submission + 1, "")
    assert w.plan("hncgzx_cgjb", "p-r").form.annual_budget == "5000002"


def test_return_refusals(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.filed("zzjyj_jb", "p-ret", service_form())
    assert w.refused("zzjyj_jb", ReturnPlan("p-ret", 1, ReviewStep.INTERNAL, "自己退回")) == "own_submission"
    assert w.refused("zzmmj_sh", ReturnPlan("p-ret", 1, ReviewStep.INTERNAL, "别人退回")) == "other_unit"
    assert w.refused("zzczj_sh", ReturnPlan("p-ret", 1, ReviewStep.INTERNAL, "监管退回")) == "other_unit"
    assert w.refused("zzjyj_sh", ReturnPlan("p-ret", 2, ReviewStep.INTERNAL, "轮次不对")) == "plan_changed"
    w.ok("zzjyj_sh", ReturnPlan("p-ret", 1, ReviewStep.INTERNAL, "预算金额有误"))
    assert w.refused("zzjyj_sh", ReturnPlan("p-ret", 1, ReviewStep.INTERNAL, "再退一次")) == "plan_changed"


# --- the form's rules -----------------------------------------------------------------------------

SUBMIT_REFUSALS: list[tuple[str, str, PlanForm, str]] = [
    ("主管预算单位 may only choose 服务", "zzjyj_jb",
     service_form(category=Category.GOODS, items=[LAB_INSTRUMENT]), "category_must_be_services"),
    ("subordinate units follow the 主管预算单位 rules", "zzyz_jb",
     subordinate_form(category=Category.GOODS, items=[LAB_INSTRUMENT]), "category_must_be_services"),
    ("主管预算单位: items outside the catalogue only", "zzjyj_jb", service_form(items=[PROPERTY]),
     "items_in_catalogue"),
    ("集采机构: 集采品目 only (the server's catalogue decides)", "hncgzx_cgjb",
     central_form(items=[dataclasses.replace(LAB_INSTRUMENT, in_catalogue=True)]), "items_not_in_catalogue"),
    ("items match the category", "zzjyj_jb", service_form(items=[LEGAL, LAB_INSTRUMENT]), "item_category_mismatch"),
    ("one region only", "hncgzx_cgjb", central_form(scope_region_codes=["410100", "410300"]), "scope_cross_region"),
    ("a 集采机构 needs a scope", "hncgzx_cgjb", central_form(scope_region_codes=[]), "scope_required"),
    ("annual budget ≥ 分散采购限额", "zzjyj_jb", service_form(annual_budget="999999.99"), "budget_below_threshold"),
    ("annual budget given", "zzjyj_jb", service_form(annual_budget="0"), "budget_required"),
    ("trading platform only for 省本级", "zzjyj_jb", service_form(trading_platform="河南省公共资源交易系统"),
     "trading_platform_not_province"),
    ("a 集采机构 chooses its entrusted 集采机构", "hncgzx_cgjb", central_form(agency_unit_id=None), "agency_required"),
    ("a 集采机构 collects as 集中采购机构采购", "hncgzx_cgjb",
     central_form(agency_type=AgencyType.ENTRUSTED_SOCIAL_AGENCY, agency_unit_id="zyzb"), "agency_type_not_central"),
    ("project name", "zzjyj_jb", service_form(project_name=" "), "project_name_required"),
    ("validity ends after it starts", "zzjyj_jb",
     service_form(validity_start="2026-03-01", validity_end="2026-02-01"), "validity_end_before_start"),
]

SAVE_REFUSALS: list[tuple[str, str, PlanForm, str]] = [
    ("a 主管预算单位 cannot choose 集采机构", "zzjyj_jb", central_form(), "collector_identity_not_allowed"),
    ("a subordinate unit is not a 主管预算单位", "zzyz_jb", service_form(), "collector_identity_not_allowed"),
    ("a 主管预算单位 is not a subordinate", "zzjyj_jb", subordinate_form(), "collector_identity_not_allowed"),
    ("items come from the catalogue", "zzjyj_jb", service_form(items=[PlanItemForm("C9999", "太空服务")]),
     "item_unknown"),
    ("the agency matches its type", "zzjyj_jb",
     service_form(agency_type=AgencyType.ENTRUSTED_SOCIAL_AGENCY, agency_unit_id="cgzx-hn"), "agency_kind_mismatch"),
    ("an agency that exists", "zzjyj_jb",
     service_form(agency_type=AgencyType.ENTRUSTED_SOCIAL_AGENCY, agency_unit_id="nobody"), "agency_unknown"),
    ("no agency without entrusting one", "zzjyj_jb", service_form(agency_unit_id="zyzb"), "agency_not_expected"),
    ("scope regions exist", "hncgzx_cgjb", central_form(scope_region_codes=["419999"]), "region_unknown"),
    ("payload shape: budget", "zzjyj_jb", service_form(annual_budget="两百万"), "number_invalid"),
    ("payload shape: budget year", "zzjyj_jb", service_form(budget_year=1999), "budget_year_invalid"),
    ("payload shape: dates", "zzjyj_jb", service_form(validity_start="2026/03/01"), "date_invalid"),
]


def test_form_rules_refuse_with_the_manual_wording(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    for n, (label, username, form, code) in enumerate(SUBMIT_REFUSALS):
        plan_id = f"p-bad-{n}"
        w.ok(username, SavePlan(plan_id, form))  # a draft may be saved incomplete ...
        draft = w.plan(username, plan_id)
        assert [p.code for p in draft.problems] == [code], label  # ... and shows what blocks it
        result = w.push(username, SubmitPlan(plan_id))
        assert result.status is CommandStatus.REJECTED and result.reason is not None, label
        assert result.reason.code == code, (label, result.reason)
        assert result.reason.message.startswith("计划备案信息不符合要求：") and draft.problems[0].message in \
            result.reason.message, label
        assert w.plan(username, plan_id).state_label == "待提交", label
    for label, username, form, code in SAVE_REFUSALS:
        assert w.refused(username, SavePlan(f"p-save-{code}", form)) == code, label
    # the manual's wording reaches the user
    bad = w.push("zzjyj_jb", SubmitPlan("p-bad-0")).reason
    assert bad is not None and "主管预算单位作为征集人，框架协议项目分类只能选择“服务”" in bad.message
    low = w.push("zzjyj_jb", SubmitPlan("p-bad-7")).reason
    assert low is not None and "需达到本地区分散采购限额（郑州市服务类100万元）" in low.message
    platform = w.push("zzjyj_jb", SubmitPlan("p-bad-9")).reason
    assert platform is not None and "置为空值" in platform.message


def test_order_110_rules_are_warnings_on_the_record(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    form = service_form(form=AgreementForm.OPEN, validity_start="2026-01-01", validity_end="2028-06-30",
                        elimination_rate_percent=None)
    record = w.filed("zzjyj_jb", "p-warn", form)  # submitted despite the warnings
    assert record.state_label == "待内部审核岗审核"
    assert [x.code for x in record.warnings] == ["open_form_without_ground", "validity_too_long"]
    assert all(x.message and "110" in x.source for x in record.warnings)
    closed = w.filed("zzjyj_jb", "p-warn2", service_form(elimination_rate_percent="15"))
    assert [x.code for x in closed.warnings] == ["elimination_rate_low"]


# --- who may do what ------------------------------------------------------------------------------

def test_permissions_per_role(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    # only a 采购人 经办岗 fills in a plan
    for username, code in [("zzbgsb_jb", "plan_needs_purchaser_account"), ("hncgzx_jb", "plan_needs_purchaser_account"),
                           ("zzczj_jg", "plan_needs_purchaser_account"), ("zyzb_jb", "plan_needs_purchaser_account"),
                           ("zzjyj_sh", "post_not_handler"), ("hnczt_sh", "post_not_handler")]:
        assert w.refused(username, SavePlan(f"p-{username}", service_form())) == code, username

    w.ok("hncgzx_cgjb", SavePlan("p-perm", central_form()))
    # another unit's plan: not even its id can be taken over
    assert w.refused("zzjyj_jb", SavePlan("p-perm", service_form())) == "plan_id_taken"
    assert w.refused("zzjyj_jb", SubmitPlan("p-perm")) == "other_unit"
    assert w.refused("zzjyj_jb", DeletePlan("p-perm")) == "other_unit"
    assert w.refused("hncgzx_cgsh", SubmitPlan("p-perm")) == "post_not_handler"
    assert w.refused("hncgzx_jb", SubmitPlan("p-perm")) == "plan_needs_purchaser_account"
    assert w.refused("hncgzx_cgsh", ApprovePlan("p-perm", 1, ReviewStep.INTERNAL)) == "plan_changed"  # a draft
    w.ok("hncgzx_cgjb", SubmitPlan("p-perm"))
    assert w.refused("hncgzx_cgjb", SubmitPlan("p-perm")) == "not_editable"
    assert w.refused("hncgzx_cgjb", SavePlan("p-perm", central_form())) == "plan_not_editable"
    assert w.refused("hncgzx_cgjb", SavePlan("p-perm", service_form())) == "plan_not_editable"

    internal = ApprovePlan("p-perm", 1, ReviewStep.INTERNAL)
    expected = {
        "hncgzx_cgjb": "own_submission",  # nobody approves their own submission
        "hncgzx_jb": "post_not_reviewer",  # same unit, 经办岗
        "hncgzx_sh": "plan_needs_purchaser_account",  # same unit, 审核岗, but its 代理机构 account
        "zzjyj_sh": "other_unit", "zzbgsb_jb": "other_unit", "hnczt_jg": "other_unit",
    }
    for username, code in expected.items():
        assert w.refused(username, internal) == code, username
    assert w.refused("hnczt_jg", ApprovePlan("p-perm", 1, ReviewStep.REGULATOR_FIRST)) == "plan_changed"
    assert w.refused("zzjyj_jb", ApprovePlan("nope", 1, ReviewStep.INTERNAL)) == "plan_unknown"

    # who sees the submitted plan: the collector and the regulator of its region, nobody else
    seen = {u: "p-perm" in w.plans(u) for u in ("hncgzx_cgjb", "hncgzx_jb", "hnczt_jg", "hnczt_sh", "zzczj_jg",
                                                 "zzjyj_jb", "zzbgsb_jb", "zyzb_jb")}
    assert seen == {"hncgzx_cgjb": True, "hncgzx_jb": True, "hnczt_jg": True, "hnczt_sh": True, "zzczj_jg": False,
                    "zzjyj_jb": False, "zzbgsb_jb": False, "zyzb_jb": False}
    for username in ("hnczt_jg", "zzbgsb_jb"):
        counts = w.api(username).counts().counts
        assert counts.get("plan", 0) == len(w.plans(username)), username


def test_drafts_can_be_deleted_until_submitted(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.ok("zzjyj_jb", SavePlan("p-del", service_form()))
    assert w.api("zzjyj_jb").counts().counts["plan"] == 1
    w.ok("zzjyj_jb", DeletePlan("p-del"))
    state, _ = pull_all(w.api("zzjyj_jb"), limit=500)
    assert state[(RecordKind.PLAN.value, "p-del")] is None  # a tombstone
    assert "plan" not in w.api("zzjyj_jb").counts().counts
    assert w.refused("zzjyj_jb", SubmitPlan("p-del")) == "plan_unknown"
    assert w.refused("zzjyj_jb", SavePlan("p-del", service_form())) == "plan_id_taken"  # ids are never reused
    w.filed("zzjyj_jb", "p-kept", service_form())
    w.ok("zzjyj_sh", ReturnPlan("p-kept", 1, ReviewStep.INTERNAL, "补充说明"))
    assert w.refused("zzjyj_jb", DeletePlan("p-kept")) == "plan_submitted"


def test_commands_apply_once(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.filed("zzjyj_jb", "p-once", service_form())
    approve = envelope(ApprovePlan("p-once", 1, ReviewStep.INTERNAL))
    first = w.api("zzjyj_sh").push([approve]).results[0]
    again = w.api("zzjyj_sh").push([approve]).results[0]
    assert first.status is CommandStatus.APPLIED and again.repeated and again.revision == first.revision
    assert w.plan("zzjyj_jb", "p-once").number == "KJXY-410100-2026-00001"
    w.filed("zzjyj_jb", "p-twice", service_form())
    w.approve("zzjyj_sh", "p-twice")
    assert w.plan("zzjyj_jb", "p-twice").number == "KJXY-410100-2026-00002"  # no number was spent twice


def test_concurrent_final_approvals_get_distinct_numbers(api_for: ApiFor, db_url: str,
                                                        make_server: MakeServer) -> None:
    """The sequence row lock serialises final approvals: no number is handed out twice, none skipped."""
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serialises every writer; the row lock matters on PostgreSQL")
    w = world(make_server, api_for, db_url)
    plan_ids = [f"p-c{n}" for n in range(6)]
    for plan_id in plan_ids:
        w.filed("zzjyj_jb", plan_id, service_form())
    clients = [logged_in(api_for, w.server.url, "zzjyj_sh") for _ in plan_ids]
    barrier = threading.Barrier(len(plan_ids))

    def approve(client: ApiClient, plan_id: str) -> CommandResult:
        command = envelope(ApprovePlan(plan_id, 1, ReviewStep.INTERNAL))
        barrier.wait()
        return client.push([command]).results[0]

    with ThreadPoolExecutor(len(plan_ids)) as pool:
        results = list(pool.map(approve, clients, plan_ids))
    assert all(r.status is CommandStatus.APPLIED for r in results), results
    numbers = sorted(w.plan("zzjyj_jb", p).number or "" for p in plan_ids)
    assert numbers == [f"KJXY-410100-2026-{n:05d}" for n in range(1, 7)]


# --- reference data -------------------------------------------------------------------------------

def test_thresholds_and_catalogue_are_public_and_configurable(api_for: ApiFor, db_url: str,
                                                              make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    state, _ = pull_all(w.api("zzbgsb_jb"), limit=500)  # anyone sees them, for offline checks
    rows = [from_json(ThresholdRecord, d) for (k, _i), d in state.items() if k == RecordKind.THRESHOLD and d]
    table = threshold_table_from_records(rows)
    assert table.lookup(Region("410100", "郑州市"), Category.SERVICES).amount == Decimal(1_000_000)
    assert all(not r.confirmed and "待确认" in r.source for r in rows)
    items = {i: d for (k, i), d in state.items() if k == RecordKind.PROCUREMENT_ITEM}
    assert items["A02010104"] == {"code": "A02010104", "name": "台式计算机", "in_catalogue": True,
                                  "source": items["A02010104"]["source"]}
    assert items["C2301"]["in_catalogue"] is False

    with w.server.db_session() as session:  # a deployment configures 郑州市's services threshold
        assert plans.publish_reference_data(session) == 0  # idempotent at start-up
        plans.set_threshold(session, "410100", Category.SERVICES, Decimal(3_000_000), "郑州市财政局公布")
        session.commit()
    w.ok("zzjyj_jb", SavePlan("p-thr", service_form()))
    assert [p.code for p in w.plan("zzjyj_jb", "p-thr").problems] == ["budget_below_threshold"]
    assert w.refused("zzjyj_jb", SubmitPlan("p-thr")) == "budget_below_threshold"
    state, _ = pull_all(w.api("zzjyj_jb"), limit=500)
    assert state[(RecordKind.THRESHOLD.value, "410100/services")]["amount"] == "3000000"
    # the fallback is unchanged: 洛阳市 keeps 100万 (no row of its own)
    with w.server.db_session() as session:
        table = plans.threshold_table(session)
    assert table.lookup(Region("410300", "洛阳市"), Category.SERVICES).amount == Decimal(1_000_000)
