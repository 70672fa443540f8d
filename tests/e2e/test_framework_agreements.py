"""框架协议采购 end to end (issue 7): each collector identity × closed/open, from plan filing to a
second-stage contract with its 合同公告 and 采购计划备案 (tests/e2e/framework_flow.py has the shared steps).

One real server with the demo dataset per flow; every account on its own client profile, logged in
as its user would (password ``Yucai@2026``; 河南豫采示范科技有限公司 has no password and logs in with its
unit key). Each action is queued in that client's outbox and synced; results and refusals are read
from that client's store and rejection list. A 二次竞价 deadline passes by moving the server's clock.

Demo walkthrough — the steps every flow shares (accounts per flow below):

A. 计划备案: the collector's 经办岗 【框架协议计划备案】【新增】 (选择征集人身份 where the unit may choose),
   fills in the form (项目名称, 年度采购预算金额, 项目分类, 选择品目, 框架协议类型, 有效期 from today,
   确定成交供应商的方式 for closed agreements), 【保存】【提交】; each reviewer of the chain, in order,
   opens it (【查看/审核】) and 【审核通过】; the last approval makes the 计划编号.
B. 【项目向导】: the 经办岗 fills in the 征集公告 (联系地址 ``郑州市金水区文化路1号``, one 分包) 【保存】【提交】;
   the collector's 内部审核岗 【审核通过】 → published in 信息发布 / 采购公告.
C. 【项目向导】: the 经办岗 fills in the 入围结果公告 (最高入围价格, 自行添加入围供应商 with name and
   统一社会信用代码) 【保存】【提交】; the 内部审核岗 【审核通过】 → 结果公告; the suppliers appear in
   【入围供应商管理】.
D. 【框架协议备案】【新增】 选择项目 【保存】, then 【备案】 in the list; the 内部审核岗 【审核通过】.
E. The purchaser's 经办岗: 【合同备案】（框架协议）【新增】 on the filed agreement, determines the supplier
   (per flow), enters the contract (合同名称, 合同金额, today) and submits the 合同备案; its own
   【审核通过】 is refused "不能审核本人提交的事项"; the purchaser's 内部审核岗 【审核通过】 → the 合同公告 is
   in 信息发布 / 合同公告 for everybody, and the purchaser has the 采购计划备案（系统自动生成）.
F. Open agreements: the supplier (郑州某某办公设备有限公司, zzbgsb_jb) finds the project in 信息发布 /
   结果公告, 【申请加入框架协议】【提交申请】; the collector's 内部审核岗 【加入申请审核】【审核通过】 (the
   dynamic 入围 announcement is published); the purchaser then chooses it by 直接选定.

Suppliers entered by hand: 河南甲律师事务所 31410000MD00000116, 河南乙律师事务所 31410000MD0000022A,
河南甲会计师事务所 91410100MA0000771W, 河南乙会计师事务所 91410100MA0000882N; the demo suppliers
河南豫采示范科技有限公司 91410100MA000000C0 and 郑州某某办公设备有限公司 91410100MA000000NY.

1. 主管预算单位, closed, 直接选定 — 郑州市教育局 zzjyj_jb / zzjyj_sh: 服务, 法律服务, 200万, 淘汰率 20%;
   chain: zzjyj_sh (内部审核岗审核); 最高入围价格 280000, 河南甲/乙律师事务所. Before step D's approval
   郑州市第一中学 zzyz_jb 【新增】 is refused "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作
   （合同备案）". Purchaser 郑州市第一中学 zzyz_jb / zzyz_sh: 直接选定 河南乙律师事务所; a 资金支付 before the
   合同备案 is refused; contract 180000; then 资金支付 60000, and 120000.01 more is refused (over the
   contract amount).
2. 主管预算单位, open — 郑州市教育局: 开放式 (情形: 能确定统一付费标准…), 法律服务, 最高入围价格 50000,
   河南甲律师事务所; 河南省郑州市某某局 zzmmj_jb is refused (outside 郑州市教育局及其所属预算单位);
   zzbgsb_jb joins (reviewed by zzjyj_sh); purchaser 郑州市教育局 zzjyj_jb / zzjyj_sh chooses
   郑州某某办公设备有限公司, contract 48000.
3. 集采机构, closed, 二次竞价, 互认互通 — 河南省政府采购中心 hncgzx_cgjb / hncgzx_cgsh (征集人身份 集采机构,
   集中采购机构采购 by itself, 适用范围 郑州市, 交易平台 河南省公共资源交易系统): 货物, 台式计算机, 500万,
   淘汰率 25%; chain: hncgzx_cgsh, 河南省财政厅 hnczt_jg (监管部门初核), hnczt_sh (监管部门复核). After the
   number the plan is pushed to the trading system and its 分包 come back (【同步】 until they do); the
   征集公告 carries them; once it is published the shortlisted suppliers come back: the 入围结果公告 (最高
   入围价格 5200) picks both demo suppliers from them (选择入围供应商). hncgzx_cgjb's own 【新增】 is
   refused (outside 郑州市). Purchaser 河南省郑州市某某局 zzmmj_jb 【发起竞价】 (all shortlisted, deadline in
   10 minutes); hnycsf_jb (unit key) bids 5000; zzbgsb_jb bids 5300 (refused: above 5200) then 4800;
   【确定成交供应商】 before the deadline is refused, after it 郑州某某办公设备有限公司 wins at 4800 (a late
   bid is refused); contract 4800, reviewed by zzmmj_sh.
4. 集采机构, open — 河南省政府采购中心: 开放式 (情形: 集采品目，因执行政府采购政策不宜淘汰供应商),
   交易平台 置为空值 (suppliers entered by hand), 最高入围价格 5200, 河南豫采示范科技有限公司; zzmmj_jb's
   【新增】 before the agreement's approval is refused (the manual's wording); zzbgsb_jb joins (reviewed
   by hncgzx_cgsh); zzmmj_jb chooses 郑州某某办公设备有限公司, contract 15600, reviewed by zzmmj_sh.
5. 预算单位 with its 主管预算单位's approval, closed, 顺序轮候 — 郑州市第一中学 zzyz_jb / zzyz_sh: 服务,
   审计服务; chain: zzyz_sh (内部审核岗审核), zzjyj_sh (主管预算单位审核); 最高入围价格 90000, 河南甲/乙
   会计师事务所 (that order). zzyz_jb: choosing 河南乙会计师事务所 first is refused (not its turn); 顺序轮候确定
   河南甲会计师事务所, contract 85000; the next procurement shows 河南乙会计师事务所 as next.
6. 预算单位, open — 郑州市第一中学: 开放式, 审计服务, 最高入围价格 30000, 河南甲会计师事务所; zzbgsb_jb joins
   (reviewed by zzyz_sh); its 主管预算单位 郑州市教育局 zzjyj_jb is refused (outside 郑州市第一中学及其所属
   预算单位); zzyz_jb chooses 郑州某某办公设备有限公司, contract 28000.
"""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.domain.agreement_commands import LotForm
from desktop.domain.protocol import RecordKind
from desktop.domain.second_stage_commands import (
    AwardBids,
    AwardRotation,
    CreateSecondStage,
    InviteBids,
    RequestPayment,
    SelectSupplier,
    SubmitBid,
)
from desktop.domain.second_stage_records import SecondStageRecord
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.plan import CollectorIdentity
from tests.e2e.framework_flow import (
    AUDIT,
    AUDIT_FIRM_A,
    AUDIT_FIRM_B,
    BUREAU,
    CENTRAL_AGENCY,
    LAW_FIRM_A,
    LAW_FIRM_B,
    LEGAL,
    MMJ,
    NOT_FILED,
    OFFICE,
    OFFICE_HANDLER,
    SCHOOL,
    SUBORDINATE_UNIT,
    SUPERVISING_UNIT,
    TRADING_PLATFORM,
    YUCAI,
    YUCAI_HANDLER,
    Demo,
    agreement_filed,
    budget_unit_form,
    central_form,
    check_contract_published,
    collected,
    contract_filed,
    joined,
)
from tests.server.fixtures import OpenKey

pytestmark = pytest.mark.softhsm
MINUTE = dt.timedelta(minutes=1)


def outside_scope(collector_name: str) -> str:
    return f"只有征集范围（{collector_name}）内的采购人或服务对象可以使用此框架协议"


# --- 主管预算单位: 郑州市教育局 --------------------------------------------------------------------------

def test_supervising_unit_closed_direct_selection(demo: Demo) -> None:
    """Closed legal-services agreement, 直接选定; 郑州市第一中学 (a unit it supervises) buys."""
    form = budget_unit_form(CollectorIdentity.SUPERVISING_BUDGET_UNIT, "郑州市教育局法律顾问服务框架协议", LEGAL,
                            demo.today())
    project = collected(demo, SUPERVISING_UNIT, "jyj-legal", form, [LotForm("1", "法律顾问")], "280000",
                        [LAW_FIRM_A, LAW_FIRM_B])
    assert project.number.startswith(f"KJXY-410100-{demo.today().year}-")

    school = demo(SCHOOL.handler)
    early = school.refused(CreateSecondStage("yz-legal-0", project.plan_id, "2027年度法律顾问"))
    assert (early.code, early.message) == ("agreement_not_filed", NOT_FILED)
    agreement_filed(demo, SUPERVISING_UNIT, project)

    school.ok(CreateSecondStage("yz-legal-1", project.plan_id, "2027年度法律顾问"))
    stage = school.read(RecordKind.SECOND_STAGE, "yz-legal-1", SecondStageRecord)
    assert (stage.method, stage.form, stage.state_label) == ("直接选定", "封闭式", "待确定供应商")
    assert [s.credit_code for s in stage.suppliers] == [LAW_FIRM_A.credit_code, LAW_FIRM_B.credit_code]
    school.ok(SelectSupplier("yz-legal-1", LAW_FIRM_B.credit_code))
    unfiled = school.refused(RequestPayment("pay-yz-0", "yz-legal-1", "60000"))
    assert (unfiled.code, unfiled.message) == (
        "contract_not_filed", "当前状态为“待合同备案”，合同备案完成（已备案）后才能申请资金支付")
    done = contract_filed(demo, SCHOOL, "yz-legal-1", "2027年度法律顾问服务合同", "180000")
    check_contract_published(demo(OFFICE_HANDLER), school, done, "yz-legal-1", LAW_FIRM_B, "180000", "直接选定")

    # 资金支付申请 against the filed contract, never beyond its amount
    school.ok(RequestPayment("pay-yz-1", "yz-legal-1", "60000"))
    beyond = school.refused(RequestPayment("pay-yz-2", "yz-legal-1", "120000.01"))
    assert (beyond.code, beyond.message) == (
        "payment_exceeds_contract", "累计支付金额（180000.01元）不得超过合同金额（180000元），本次最多可申请120000元")
    paid = school.read(RecordKind.SECOND_STAGE, "yz-legal-1", SecondStageRecord)
    assert ([p.payment_id for p in paid.payments], paid.paid_total) == (["pay-yz-1"], "60000")


def test_supervising_unit_open_agreement_a_supplier_joins(demo: Demo) -> None:
    """Open legal-services agreement; 郑州某某办公设备有限公司 joins and 郑州市教育局 itself chooses it."""
    form = budget_unit_form(CollectorIdentity.SUPERVISING_BUDGET_UNIT, "郑州市教育局法律咨询服务框架协议", LEGAL,
                            demo.today(), open_form=True)
    project = collected(demo, SUPERVISING_UNIT, "jyj-open", form, [LotForm("1", "法律咨询")], "50000", [LAW_FIRM_A])
    agreement_filed(demo, SUPERVISING_UNIT, project)

    outsider = demo(MMJ.handler).refused(CreateSecondStage("mmj-open-1", project.plan_id, "法律咨询"))
    assert (outsider.code, outsider.message) == (
        "purchaser_outside_scope", outside_scope("郑州市教育局及其所属预算单位"))
    joined(demo, SUPERVISING_UNIT, demo(OFFICE_HANDLER), project, "join-jyj-1")

    bureau = demo(BUREAU.handler)
    bureau.ok(CreateSecondStage("jyj-open-1", project.plan_id, "2027年度法律咨询"),
              SelectSupplier("jyj-open-1", OFFICE.credit_code))
    assert bureau.read(RecordKind.SECOND_STAGE, "jyj-open-1", SecondStageRecord).form == "开放式"
    done = contract_filed(demo, BUREAU, "jyj-open-1", "2027年度法律咨询服务合同", "48000")
    check_contract_published(demo(OFFICE_HANDLER), bureau, done, "jyj-open-1", OFFICE, "48000", "直接选定")


# --- 集采机构: 河南省政府采购中心 ------------------------------------------------------------------------

def test_central_agency_closed_second_bidding(demo: Demo, open_key: OpenKey) -> None:
    """Closed 互认互通 desktop-PC agreement for 郑州市, 二次竞价: both demo suppliers bid from their own clients."""
    demo.start_bridge()
    form = central_form(demo.today(), second_stage_method=SecondStageMethod.SECOND_BIDDING,
                        trading_platform=TRADING_PLATFORM)
    project = collected(demo, CENTRAL_AGENCY, "cgzx-pc", form, [], "5200", [YUCAI, OFFICE])
    assert project.number.startswith(f"KJXY-410000-{demo.today().year}-")
    agreement_filed(demo, CENTRAL_AGENCY, project)

    provincial = demo(CENTRAL_AGENCY.handler).refused(CreateSecondStage("cg-pc-1", project.plan_id, "台式计算机"))
    assert (provincial.code, provincial.message) == ("purchaser_outside_scope", outside_scope("郑州市"))
    purchaser = demo(MMJ.handler)
    assert demo.server is not None
    deadline = demo.server.clock() + 10 * MINUTE
    purchaser.ok(CreateSecondStage("mmj-pc-1", project.plan_id, "办公台式计算机"),
                 InviteBids("mmj-pc-1", deadline))

    yucai = demo(YUCAI_HANDLER, key=open_key("unit_ec", "b001"))  # no password: its unit key
    office = demo(OFFICE_HANDLER)
    for supplier in (yucai, office):  # the invitation reaches each supplier's client
        invited = supplier.read(RecordKind.SECOND_STAGE, "mmj-pc-1", SecondStageRecord)
        assert (invited.state_label, invited.ceiling, invited.deadline) == ("竞价中", "5200", deadline)
    too_high = office.refused(SubmitBid("mmj-pc-1", "5300"))
    assert (too_high.code, too_high.message) == ("bid_above_agreement_price", "报价不得高于协议价格（5200元）")
    yucai.ok(SubmitBid("mmj-pc-1", "5000"))
    office.ok(SubmitBid("mmj-pc-1", "4800"))
    assert purchaser.refused(AwardBids("mmj-pc-1")).code == "bidding_not_closed"

    demo.server.clock.offset += 11 * MINUTE  # the response deadline passes on the server's clock
    assert yucai.refused(SubmitBid("mmj-pc-1", "4700")).code == "bid_deadline_passed"
    purchaser.ok(AwardBids("mmj-pc-1"))
    won = purchaser.read(RecordKind.SECOND_STAGE, "mmj-pc-1", SecondStageRecord)
    assert (won.state_label, won.supplier_credit_code, won.award_price) == ("待合同备案", OFFICE.credit_code, "4800")
    assert [(b.rank, b.credit_code) for b in won.bids] == [(1, OFFICE.credit_code), (2, YUCAI.credit_code)]
    done = contract_filed(demo, MMJ, "mmj-pc-1", "办公台式计算机采购合同", "4800")
    check_contract_published(yucai, purchaser, done, "mmj-pc-1", OFFICE, "4800", "二次竞价")


def test_central_agency_open_agreement_a_supplier_joins(demo: Demo) -> None:
    """Open desktop-PC agreement for 郑州市: 郑州某某办公设备有限公司 joins; 河南省郑州市某某局 chooses it."""
    project = collected(demo, CENTRAL_AGENCY, "cgzx-open", central_form(demo.today(), open_form=True),
                        [LotForm("1", "台式计算机")], "5200", [YUCAI])
    purchaser = demo(MMJ.handler)
    early = purchaser.refused(CreateSecondStage("mmj-open-0", project.plan_id, "办公台式计算机"))
    assert (early.code, early.message) == ("agreement_not_filed", NOT_FILED)
    agreement_filed(demo, CENTRAL_AGENCY, project)

    joined(demo, CENTRAL_AGENCY, demo(OFFICE_HANDLER), project, "join-cgzx-1")
    purchaser.ok(CreateSecondStage("mmj-open-1", project.plan_id, "办公台式计算机"))
    offered = purchaser.read(RecordKind.SECOND_STAGE, "mmj-open-1", SecondStageRecord).suppliers
    assert [s.credit_code for s in offered] == [YUCAI.credit_code, OFFICE.credit_code]
    purchaser.ok(SelectSupplier("mmj-open-1", OFFICE.credit_code))
    done = contract_filed(demo, MMJ, "mmj-open-1", "办公台式计算机采购合同", "15600")
    check_contract_published(demo(SUPERVISING_UNIT.handler), purchaser, done, "mmj-open-1", OFFICE, "15600",
                             "直接选定")


# --- 预算单位 with its 主管预算单位's approval: 郑州市第一中学 -------------------------------------------------

def test_subordinate_unit_closed_rotation(demo: Demo) -> None:
    """Closed audit-services agreement reviewed by 郑州市教育局, 顺序轮候: the order decides the supplier."""
    form = budget_unit_form(CollectorIdentity.SUBORDINATE_BUDGET_UNIT, "郑州市第一中学审计服务框架协议", AUDIT,
                            demo.today(), second_stage_method=SecondStageMethod.ROTATION)
    project = collected(demo, SUBORDINATE_UNIT, "yz-audit", form, [LotForm("1", "财务审计")], "90000",
                        [AUDIT_FIRM_A, AUDIT_FIRM_B])
    assert project.number.startswith(f"KJXY-410105-{demo.today().year}-")
    agreement_filed(demo, SUBORDINATE_UNIT, project)

    school = demo(SCHOOL.handler)
    school.ok(CreateSecondStage("yz-audit-1", project.plan_id, "2026年度财务审计"))
    first = school.read(RecordKind.SECOND_STAGE, "yz-audit-1", SecondStageRecord)
    assert (first.method, first.rotation_next) == ("顺序轮候", AUDIT_FIRM_A.credit_code)
    skipped = school.refused(AwardRotation("yz-audit-1", AUDIT_FIRM_B.credit_code))
    assert (skipped.code, skipped.message) == (
        "rotation_not_next", "顺序轮候须按征集文件确定的顺序确定成交供应商，当前应轮到其他供应商")
    school.ok(AwardRotation("yz-audit-1", AUDIT_FIRM_A.credit_code))
    done = contract_filed(demo, SCHOOL, "yz-audit-1", "2026年度财务审计服务合同", "85000")
    check_contract_published(demo(SUPERVISING_UNIT.handler), school, done, "yz-audit-1", AUDIT_FIRM_A, "85000",
                             "顺序轮候")
    school.ok(CreateSecondStage("yz-audit-2", project.plan_id, "2026年度专项审计"))  # the next one's turn
    assert school.read(RecordKind.SECOND_STAGE, "yz-audit-2", SecondStageRecord).rotation_next == \
        AUDIT_FIRM_B.credit_code


def test_subordinate_unit_open_agreement_a_supplier_joins(demo: Demo) -> None:
    """Open audit-services agreement of 郑州市第一中学; its 主管预算单位 is outside its scope."""
    form = budget_unit_form(CollectorIdentity.SUBORDINATE_BUDGET_UNIT, "郑州市第一中学审计咨询框架协议", AUDIT,
                            demo.today(), open_form=True)
    project = collected(demo, SUBORDINATE_UNIT, "yz-open", form, [LotForm("1", "审计咨询")], "30000",
                        [AUDIT_FIRM_A])
    agreement_filed(demo, SUBORDINATE_UNIT, project)
    joined(demo, SUBORDINATE_UNIT, demo(OFFICE_HANDLER), project, "join-yz-1")

    above = demo(BUREAU.handler).refused(CreateSecondStage("jyj-yz-1", project.plan_id, "审计咨询"))
    assert (above.code, above.message) == ("purchaser_outside_scope", outside_scope("郑州市第一中学及其所属预算单位"))
    school = demo(SCHOOL.handler)
    school.ok(CreateSecondStage("yz-open-1", project.plan_id, "2026年度审计咨询"),
              SelectSupplier("yz-open-1", OFFICE.credit_code))
    done = contract_filed(demo, SCHOOL, "yz-open-1", "2026年度审计咨询服务合同", "28000")
    check_contract_published(demo(MMJ.handler), school, done, "yz-open-1", OFFICE, "28000", "直接选定")


def test_a_procurement_started_before_a_supplier_joins_offers_it_afterwards(demo: Demo) -> None:
    project = collected(demo, CENTRAL_AGENCY, "cgzx-open", central_form(demo.today(), open_form=True),
                        [LotForm("1", "台式计算机")], "5200", [YUCAI])
    agreement_filed(demo, CENTRAL_AGENCY, project)
    purchaser = demo(MMJ.handler)
    purchaser.ok(CreateSecondStage("mmj-open-1", project.plan_id, "办公台式计算机"))
    not_yet = purchaser.refused(SelectSupplier("mmj-open-1", OFFICE.credit_code))
    assert (not_yet.code, not_yet.message) == ("supplier_not_shortlisted", "二阶段只能从入围供应商中确定成交供应商")
    joined(demo, CENTRAL_AGENCY, demo(OFFICE_HANDLER), project, "join-cgzx-1")
    offered = purchaser.fetch(RecordKind.SECOND_STAGE, "mmj-open-1", SecondStageRecord).suppliers
    assert OFFICE.credit_code in [s.credit_code for s in offered]  # what 直接选定 offers the user
