"""计划备案 without a server: the form's rules run on the synced registry (a subordinate unit, a
configured threshold), the provisional list row of a plan saved offline, and who may review which
step — the same domain code the server runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.identity import credit_code_check_char
from desktop.domain.plan_commands import PlanForm, PlanItemForm
from desktop.domain.plan_records import PlanRecord
from desktop.domain.protocol import AccountInfo, Change
from desktop.domain.workflow.common import Category
from desktop.domain.workflow.plan import CollectorIdentity
from desktop.domain.workflow.review import ReviewStep
from desktop.store.plans import PlanFilter
from desktop.ui.pages.procurement.rules import review_refusal
from desktop.ui.pages.procurement.service import PlanService
from tests.ui.contract_env import Profile, offline_profile

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
YZ_HANDLER = AccountInfo(account_id="acc-yz-jb", username="zzyz_jb", unit_id="yz-zz", unit_name="郑州市第一中学",
                         credit_code="12410100MB0000061X", user_type="采购人", post="经办岗")
YZ_REVIEWER = AccountInfo(account_id="acc-yz-sh", username="zzyz_sh", unit_id="yz-zz", unit_name="郑州市第一中学",
                          credit_code="12410100MB0000061X", user_type="采购人", post="审核岗")
JYJ_REVIEWER = AccountInfo(account_id="acc-jyj-sh", username="zzjyj_sh", unit_id="jyj-zz", unit_name="郑州市教育局",
                           credit_code="11410100MB00000518", user_type="采购人", post="审核岗")


def unit(name: str, first17: str, region: str, supervisor: str | None = None) -> dict[str, Any]:
    return {"name": name, "credit_code": first17 + credit_code_check_char(first17), "kind": "预算单位",
            "region_code": region, "supervising_unit_id": supervisor}


REGISTRY = [
    ("region", "410000", {"code": "410000", "name": "河南省", "parent_code": None}),
    ("region", "410100", {"code": "410100", "name": "郑州市", "parent_code": "410000"}),
    ("region", "410105", {"code": "410105", "name": "金水区", "parent_code": "410100"}),
    ("unit", "jyj-zz", unit("郑州市教育局", "11410100MB0000051", "410100")),
    ("unit", "yz-zz", unit("郑州市第一中学", "12410100MB0000061", "410105", "jyj-zz")),
    ("procurement_item", "C2302", {"code": "C2302", "name": "审计服务", "in_catalogue": False, "source": ""}),
    ("procurement_item", "A0326", {"code": "A0326", "name": "实验仪器", "in_catalogue": False, "source": ""}),
    ("threshold", "000000/goods", {"region_code": "000000", "category": "货物", "amount": "1000000",
                                   "confirmed": False, "source": ""}),
    ("threshold", "000000/services", {"region_code": "000000", "category": "服务", "amount": "1000000",
                                      "confirmed": False, "source": ""}),
    ("threshold", "410100/services", {"region_code": "410100", "category": "服务", "amount": "3000000",
                                      "confirmed": True, "source": "郑州市财政局公布"}),
]


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    p = offline_profile(tmp_path)
    p.engine.records.apply_page([Change(n + 1, k, i, d) for n, (k, i, d) in enumerate(REGISTRY)], len(REGISTRY))
    yield p
    p.close()


def audit_form(**changes: Any) -> PlanForm:
    base = {"project_name": "郑州市第一中学审计服务框架协议", "identity": CollectorIdentity.SUBORDINATE_BUDGET_UNIT,
            "budget_year": 2026, "annual_budget": "2000000", "category": Category.SERVICES,
            "items": [PlanItemForm("C2302", "审计服务")], "elimination_rate_percent": "20"}
    return PlanForm(**(base | changes))


def test_the_form_is_checked_offline_with_the_synced_registry(profile: Profile) -> None:
    service = PlanService(profile.engine)
    context = service.context(YZ_HANDLER)
    assert context.ready and context.identities == (CollectorIdentity.SUBORDINATE_BUDGET_UNIT,)
    assert context.supervising_unit is not None and context.supervising_unit.name == "郑州市教育局"
    # the synced threshold (3,000,000 for 郑州市 services) applies to a 金水区 unit too
    low = context.check(audit_form())
    assert [p.code for p in low.problems] == ["budget_below_threshold"]
    assert "需达到本地区分散采购限额（金水区服务类300万元）" in low.problems[0].message
    goods = context.check(audit_form(annual_budget="3000000", category=Category.GOODS,
                                     items=[PlanItemForm("A0326", "实验仪器")]))
    assert [p.code for p in goods.problems] == ["category_must_be_services"]
    unknown = context.check(audit_form(annual_budget="3000000", items=[PlanItemForm("C9999", "太空服务")]))
    assert "item_unknown" in [p.code for p in unknown.problems]
    assert context.check(audit_form(annual_budget="3000000")).problems == ()


def test_a_plan_saved_offline_is_listed_until_the_server_answers(profile: Profile) -> None:
    service = PlanService(profile.engine)
    service.plans.collector = ("yz-zz", "郑州市第一中学")
    plan_id = service.save(service.new_plan_id(), audit_form(), submit=True)
    rows = service.plans.page(PlanFilter())
    assert [(r.id, r.local, r.status, set(r.pending)) for r in rows] == [
        (plan_id, True, "待提交", {"save_plan", "submit_plan"})]
    assert service.plans.count(PlanFilter(status="待提交")) == 1
    assert service.plans.count(PlanFilter(status="审核中")) == 0
    assert service.plans.page(PlanFilter(search="审计"))[0].id == plan_id
    assert service.plans.page(PlanFilter(search="物业")) == []
    view = service.view(plan_id)
    assert view.record is None and view.form == audit_form() and len(view.pending) == 2


def record(**changes: Any) -> PlanRecord:
    base: dict[str, Any] = {
        "form": audit_form(), "project_name": "郑州市第一中学审计服务框架协议", "identity": "预算单位",
        "collector_unit_id": "yz-zz", "collector_name": "郑州市第一中学", "region_code": "410105",
        "region_name": "金水区", "budget_year": 2026, "status": "审核中", "state_label": "待主管预算单位审核",
        "steps": ["内部审核岗审核", "主管预算单位审核"], "submission": 1, "created_at": NOW, "updated_at": NOW,
        "pending_step": "主管预算单位审核", "submitter_account_id": "acc-yz-jb", "approved_by": ["acc-yz-sh"],
        "supervising_unit_id": "jyj-zz", "regulator_unit_id": "czj-zz"}
    return PlanRecord(**(base | changes))


def test_who_may_review_which_step(profile: Profile) -> None:
    at_supervisor = record()
    assert review_refusal(at_supervisor, "p", JYJ_REVIEWER) is None  # 主管预算单位审核
    assert "重复审核" in (review_refusal(at_supervisor, "p", YZ_REVIEWER) or "")
    assert "本人提交" in (review_refusal(at_supervisor, "p", YZ_HANDLER) or "")
    internal = record(state_label="待内部审核岗审核", pending_step="内部审核岗审核", approved_by=[])
    assert review_refusal(internal, "p", YZ_REVIEWER) is None
    assert "本单位" in (review_refusal(internal, "p", JYJ_REVIEWER) or "")  # the supervisor waits for its step
    # an approval queued here (not yet synced) disables the buttons for that round and step
    service = PlanService(profile.engine)
    service.approve("p", 1, ReviewStep.SUPERVISOR)
    pending = tuple(profile.engine.outbox.for_subject("p"))
    assert "等待同步" in (review_refusal(at_supervisor, "p", JYJ_REVIEWER, pending) or "")
