"""信息发布 (issue 7; seed manual 1.3.1.2) against a real server on SQLite and PostgreSQL: the 征集公告
from the template (collector fields carried and locked, address editable, lots), the 入围结果公告 only
after it (最高入围价格 / 最低入围分值, suppliers checked), publication through internal review into the
columns, who sees what, and the 入围供应商管理 sync on save.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from desktop.domain.agreement_commands import (
    ApproveAnnouncement,
    LotForm,
    ReturnAnnouncement,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    UpdateShortlistedSupplier,
)
from desktop.domain.agreement_records import AnnouncementRecord, ShortlistedSupplierRecord
from desktop.domain.commands import CommandInvalid, command_payload
from desktop.domain.plan_commands import SavePlan, SubmitPlan
from desktop.domain.protocol import CommandEnvelope, RecordKind, from_json, new_command_uuid
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.order110 import EvaluationMethod
from desktop.domain.workflow.plan import AgencyType
from server_stub.services import announcements
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import (
    LAW_FIRM_A,
    LAW_FIRM_B,
    LAW_FIRM_C,
    numbered_central_plan,
    numbered_service_plan,
    publish_notice,
    record,
    records,
    run_bridge,
)
from tests.server.test_plans import NOW, World, service_form, world

ANN = RecordKind.ANNOUNCEMENT
ADDRESS = "郑州市金水区文化路1号"
LOTS = [LotForm("1", "法律顾问服务", "300000"), LotForm("2", "专项法律服务")]


def notice(w: World, username: str, notice_id: str) -> AnnouncementRecord:
    rec: AnnouncementRecord = record(w, username, ANN, notice_id, AnnouncementRecord)
    return rec


def published_notice(w: World, plan_id: str = "p-1", notice_id: str = "n-1") -> None:
    numbered_service_plan(w, plan_id)
    publish_notice(w, "zzjyj_jb", "zzjyj_sh", SaveCollectionNotice(notice_id, plan_id, ADDRESS, LOTS))


def test_collection_notice_from_the_template(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.filed("zzjyj_jb", "p-1", service_form())  # submitted, not numbered yet
    refused = w.push("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS)).reason
    assert refused is not None and (refused.code, refused.message) == (
        "plan_not_numbered", "计划备案审核完成、生成计划编号后，才可以编辑征集公告")
    w.approve("zzjyj_sh", "p-1")

    w.ok("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ""))  # the 项目向导 opens an incomplete draft
    draft = notice(w, "zzjyj_jb", "n-1")
    assert (draft.kind, draft.column, draft.state_label, draft.plan_number) == (
        "征集公告", "采购公告", "编辑中", "KJXY-410100-2026-00001")
    assert draft.collector is not None and (draft.collector.name, draft.collector.contact_person,
                                            draft.collector.phone) == ("郑州市教育局", "吴强", "0371-67170001")
    assert draft.title == "郑州市教育局法律顾问服务框架协议征集公告" and not draft.is_interop
    assert [p.code for p in draft.problems] == ["lots_required", "address_required"]
    refused = w.push("zzjyj_jb", SubmitAnnouncement("n-1")).reason
    assert refused is not None and refused.message == "公告信息不符合要求：请增加分包信息；请填写联系地址"
    # 征集人名称、联系人、联系方式 are locked; the address is not
    locked = w.push("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS, contact_person="别人",
                                                     phone="0371-11111111")).reason
    assert locked is not None and (locked.code, locked.message) == (
        "collector_fields_locked", "征集人名称、联系人、联系方式从备案的计划中带入，不可更改")
    w.ok("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS, collector_name="郑州市教育局",
                                          contact_person="吴强", phone="0371-67170001", content="征集内容……"))
    saved = notice(w, "zzjyj_jb", "n-1")
    assert saved.collector is not None and saved.collector.address == ADDRESS and saved.problems == []
    assert [(lot.number, lot.name, lot.max_unit_price) for lot in saved.lots] == [
        ("1", "法律顾问服务", "300000"), ("2", "专项法律服务", None)]
    # a draft is seen by the editing unit only
    for outsider in ("zzbgsb_jb", "zzczj_jg", "zzmmj_jb"):
        assert "n-1" not in records(w, outsider, ANN), outsider
    # one 征集公告 per project; ids are not reused across projects
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-2", "p-1", ADDRESS, LOTS)) == "collection_notice_exists"
    numbered_service_plan(w, "p-2", project_name="郑州市教育局审计服务框架协议", items=[service_form().items[1]])
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-1", "p-2", ADDRESS, LOTS)) == "announcement_id_taken"
    # the payload's own checks, before it is queued
    for bad, code in [([LotForm("1", "甲"), LotForm("1", "乙")], "lot_number_duplicate"),
                      ([LotForm("1", "甲", "-5")], "number_invalid"), ([LotForm("", "甲")], "field_required")]:
        try:
            SaveCollectionNotice("n-x", "p-1", ADDRESS, bad).validate()
        except CommandInvalid as exc:
            assert exc.code == code
        else:
            raise AssertionError(code)


def test_publishing_goes_through_internal_review(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    numbered_service_plan(w, "p-1")
    w.ok("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS))
    assert w.refused("zzjyj_sh", SubmitAnnouncement("n-1")) == "post_not_handler"
    assert w.refused("zzmmj_jb", SubmitAnnouncement("n-1")) == "other_unit"
    w.ok("zzjyj_jb", SubmitAnnouncement("n-1"))
    pending = notice(w, "zzjyj_jb", "n-1")
    assert (pending.state_label, pending.submission, pending.pending_step) == ("待内部审核岗审核", 1, "内部审核岗审核")
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", "别处", LOTS)) == "announcement_not_editable"
    expected = {"zzjyj_jb": "own_submission", "zzmmj_sh": "other_unit", "zzczj_sh": "account_type_not_allowed",
                "zzbgsb_jb": "account_type_not_allowed"}
    for username, code in expected.items():
        assert w.refused(username, ApproveAnnouncement("n-1", 1)) == code, username
    assert w.refused("zzjyj_sh", ApproveAnnouncement("n-1", 2)) == "announcement_changed"
    blank = CommandEnvelope(new_command_uuid(), ReturnAnnouncement.name,
                            command_payload(ReturnAnnouncement("n-1", 1, "x")) | {"reason": " "}, NOW)
    reason = w.api("zzjyj_sh").push([blank]).results[0].reason
    assert reason is not None and reason.code == "return_reason_required"
    w.ok("zzjyj_sh", ReturnAnnouncement("n-1", 1, "联系地址请写到门牌号"))
    returned = notice(w, "zzjyj_jb", "n-1")
    assert (returned.state_label, returned.return_reason) == ("已退回", "联系地址请写到门牌号")
    w.ok("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS + "（教育大厦）", LOTS))
    w.ok("zzjyj_jb", SubmitAnnouncement("n-1"))
    assert w.refused("zzjyj_sh", ApproveAnnouncement("n-1", 1)) == "announcement_changed"  # a stale round
    w.ok("zzjyj_sh", ApproveAnnouncement("n-1", 2))
    # published in 采购公告: everyone sees it
    for username in ("zzbgsb_jb", "zzczj_jg", "hncgzx_cgjb", "zzjyj_jb"):
        published = notice(w, username, "n-1")
        assert (published.state_label, published.column, published.trading_push) == ("已发布", "采购公告", "")
    assert published.published_at is not None
    assert [(e.action, e.actor_name) for e in published.history] == [
        ("submit", "zzjyj_jb"), ("return", "zzjyj_sh"), ("submit", "zzjyj_jb"), ("approve", "zzjyj_sh")]
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS)) == "announcement_not_editable"
    assert w.refused("zzjyj_sh", ApproveAnnouncement("n-1", 2)) == "announcement_changed"
    for username in ("zzbgsb_jb", "zzjyj_jb"):
        counts = w.api(username).counts().counts
        assert counts.get("announcement", 0) == len(records(w, username, ANN)), username


def test_an_entrusted_agency_edits_and_publishes(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    """征集人或委托的代理机构: the agency's 经办岗 edits, its own 内部审核岗 approves; the collector sees the draft."""
    w = world(make_server, api_for, db_url)
    numbered_service_plan(w, "p-ag", agency_type=AgencyType.ENTRUSTED_CENTRAL_AGENCY, agency_unit_id="cgzx-hn")
    w.ok("hncgzx_jb", SaveCollectionNotice("n-ag", "p-ag", ADDRESS, LOTS))
    draft = notice(w, "zzjyj_jb", "n-ag")
    assert (draft.owner_name, draft.collector_name) == ("河南省政府采购中心", "郑州市教育局")
    assert draft.collector is not None and draft.collector.name == "郑州市教育局"  # the collector's, not the agency's
    assert "n-ag" not in records(w, "zzbgsb_jb", ANN)
    assert w.refused("zzjyj_jb", SubmitAnnouncement("n-ag")) == "other_unit"  # the editing unit submits
    assert w.refused("zyzb_jb", SaveCollectionNotice("n-zy", "p-ag", ADDRESS, LOTS)) == "other_unit"
    w.ok("hncgzx_jb", SubmitAnnouncement("n-ag"))
    assert w.refused("zzjyj_sh", ApproveAnnouncement("n-ag", 1)) == "other_unit"
    w.ok("hncgzx_sh", ApproveAnnouncement("n-ag", 1))
    assert notice(w, "zzbgsb_jb", "n-ag").state_label == "已发布"


def test_shortlist_result_after_the_notice(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    numbered_service_plan(w, "p-1")
    w.ok("zzjyj_jb", SaveCollectionNotice("n-1", "p-1", ADDRESS, LOTS))
    refused = w.push("zzjyj_jb", SaveShortlistResult("r-1", "n-1")).reason
    assert refused is not None and (refused.code, refused.message) == (
        "collection_notice_not_published", "征集公告发布完成后才可以发布入围结果公告")
    w.ok("zzjyj_jb", SubmitAnnouncement("n-1"))
    w.ok("zzjyj_sh", ApproveAnnouncement("n-1", 1))

    w.ok("zzjyj_jb", SaveShortlistResult("r-1", "n-1"))
    empty = notice(w, "zzjyj_jb", "r-1")
    assert (empty.kind, empty.column, empty.notice_id, empty.needs_tendering) == (
        "入围结果公告", "结果公告", "n-1", True)
    assert [p.code for p in empty.problems] == ["shortlist_basis_required", "shortlisted_suppliers_required"]
    reason = w.push("zzjyj_jb", SubmitAnnouncement("r-1")).reason
    assert reason is not None and "请选择最高入围价格或最低入围分值" in reason.message
    # hand-added suppliers: every credit code is checked before anything is saved
    last = "1" if LAW_FIRM_A.credit_code.endswith("0") else "0"
    wrong = dataclasses.replace(LAW_FIRM_A, credit_code=LAW_FIRM_A.credit_code[:-1] + last)
    bad = w.push("zzjyj_jb", SaveShortlistResult("r-1", "n-1", suppliers=[wrong])).reason
    assert bad is not None and bad.code == "supplier_credit_code_invalid" and "河南甲律师事务所" in bad.message
    score = SaveShortlistResult("r-1", "n-1", ShortlistBasis.MIN_SCORE, None, [LAW_FIRM_A, LAW_FIRM_A])
    w.ok("zzjyj_jb", score)
    assert [p.code for p in notice(w, "zzjyj_jb", "r-1").problems] == [
        "shortlist_basis_value_required", "shortlisted_supplier_duplicate"]

    full = SaveShortlistResult("r-1", "n-1", ShortlistBasis.MAX_PRICE, "280000.00", [LAW_FIRM_A, LAW_FIRM_B],
                               responsive_count=2, evaluation_method=EvaluationMethod.PRICE_PRIORITY)
    w.ok("zzjyj_jb", full)
    saved = notice(w, "zzjyj_jb", "r-1")
    assert saved.problems == [] and (saved.basis, saved.basis_value) == ("最高入围价格", "280000.00")
    assert [x.code for x in saved.warnings] == ["no_supplier_eliminated", "elimination_rate_low"]  # Order 110
    # saved: the suppliers are in 入围供应商管理 at once
    roster = {r["credit_code"]: from_json(ShortlistedSupplierRecord, r)
              for r in records(w, "zzjyj_jb", RecordKind.SHORTLISTED_SUPPLIER).values()}
    assert [(r.position, r.name) for r in sorted(roster.values(), key=lambda r: r.position)] == [
        (1, "河南甲律师事务所"), (2, "河南乙律师事务所")]
    assert records(w, "zzbgsb_jb", RecordKind.SHORTLISTED_SUPPLIER) == {}
    w.ok("zzjyj_jb", UpdateShortlistedSupplier("p-1", LAW_FIRM_B.credit_code,
                                               dataclasses.replace(LAW_FIRM_B, phone="0371-69999999")))
    # a later save re-syncs: 甲 leaves, 丙 arrives, 乙 keeps its maintained phone
    w.ok("zzjyj_jb", dataclasses.replace(full, suppliers=[LAW_FIRM_B, LAW_FIRM_C], responsive_count=5))
    rows = sorted((from_json(ShortlistedSupplierRecord, r)
                   for r in records(w, "zzjyj_jb", RecordKind.SHORTLISTED_SUPPLIER).values()),
                  key=lambda r: r.position)
    assert [(r.name, r.phone) for r in rows] == [("河南乙律师事务所", "0371-69999999"), ("河南丙律师事务所", "")]
    assert w.api("zzjyj_jb").counts().counts["shortlisted_supplier"] == 2
    assert notice(w, "zzjyj_jb", "r-1").warnings == []

    assert w.refused("zzjyj_jb", SaveShortlistResult("r-2", "n-1")) == "shortlist_result_exists"
    w.ok("zzjyj_jb", SubmitAnnouncement("r-1"))
    w.ok("zzjyj_sh", ApproveAnnouncement("r-1", 1))
    published = notice(w, "zzczj_jg", "r-1")
    assert (published.state_label, published.column) == ("已发布", "结果公告")
    assert [s.name for s in published.suppliers] == ["河南乙律师事务所", "河南丙律师事务所"]
    assert w.refused("zzjyj_jb", full) == "announcement_not_editable"


def test_open_agreements_skip_tendering(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    """开放式框架协议采购征集环节不需要进行招标过程: no 最低入围分值, no basis needed, no elimination warnings."""
    w = world(make_server, api_for, db_url)
    numbered_central_plan(w, "p-open", interop=False)
    publish_notice(w, "hncgzx_cgjb", "hncgzx_cgsh",
                   SaveCollectionNotice("n-open", "p-open", "郑州市郑东新区", [LotForm("1", "台式计算机")]))
    w.ok("hncgzx_cgjb", SaveShortlistResult("r-open", "n-open", ShortlistBasis.MIN_SCORE, "80", [LAW_FIRM_A]))
    scored = notice(w, "hncgzx_cgjb", "r-open")
    assert not scored.needs_tendering and scored.form == "开放式"
    assert [(p.code, p.message) for p in scored.problems] == [
        ("open_agreement_no_min_score", "开放式框架协议采购征集环节不需要进行招标过程，不设最低入围分值")]
    w.ok("hncgzx_cgjb", SaveShortlistResult("r-open", "n-open", suppliers=[LAW_FIRM_A, LAW_FIRM_B],
                                            responsive_count=2))
    plain = notice(w, "hncgzx_cgjb", "r-open")
    assert plain.problems == [] and plain.warnings == []
    w.ok("hncgzx_cgjb", SubmitAnnouncement("r-open"))
    w.ok("hncgzx_cgsh", ApproveAnnouncement("r-open", 1))
    assert notice(w, "zzbgsb_jb", "r-open").state_label == "已发布"


def test_contract_announcements_are_published_in_their_column(api_for: ApiFor, db_url: str,
                                                              make_server: MakeServer) -> None:
    """The hook the second-stage contract filing calls: a 合同公告 in the 合同公告 column, for everyone."""
    w = world(make_server, api_for, db_url)
    numbered_service_plan(w, "p-1")
    with w.server.db_session() as session:
        announcements.publish_contract_announcement(session, "c-1", "p-1", "郑州市第一中学法律顾问服务合同公告",
                                                    "yz-zz", "合同金额：12 万元", NOW + dt.timedelta(days=30))
        announcements.publish_contract_announcement(session, "c-1", "p-1", "重复", "yz-zz", "", NOW)  # a no-op
        session.commit()
    contract = notice(w, "zzbgsb_jb", "c-1")
    assert (contract.kind, contract.column, contract.state_label, contract.title) == (
        "合同公告", "合同公告", "已发布", "郑州市第一中学法律顾问服务合同公告")
    assert w.refused("zzyz_jb", SubmitAnnouncement("c-1")) == "other_unit"
    run_bridge(w)  # nothing to push for a non-interop project
    assert records(w, "zzjyj_jb", RecordKind.TRADING_BRIDGE) == {}


def test_plans_are_checked_when_the_notice_starts(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-x", "nope", ADDRESS, LOTS)) == "plan_unknown"
    w.ok("zzjyj_jb", SavePlan("p-draft", service_form()))
    assert w.refused("zzjyj_jb", SaveCollectionNotice("n-x", "p-draft", ADDRESS, LOTS)) == "plan_not_numbered"
    w.ok("zzjyj_jb", SubmitPlan("p-draft"))
    assert w.refused("zzbgsb_jb", SaveCollectionNotice("n-x", "p-draft", ADDRESS, LOTS)) == \
        "account_type_not_allowed"
    assert w.refused("zzjyj_jb", SaveShortlistResult("r-x", "nope")) == "collection_notice_unknown"
    assert w.refused("zzjyj_jb", SubmitAnnouncement("nope")) == "announcement_unknown"
    assert w.refused("zzjyj_sh", ApproveAnnouncement("nope", 1)) == "announcement_unknown"
