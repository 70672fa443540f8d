"""Shared steps of the 框架协议采购 end-to-end flows (issue 7; tests/e2e/test_framework_*.py).

Every account works on its own client profile — a :class:`~desktop.store.Store` and a
:class:`~desktop.sync.engine.SyncEngine`, logged in as a user would (password, or the unit's CA key
for the supplier that has no password) — against one real uvicorn server with the demo dataset.
Each user action is the real domain command queued in that client's outbox and pushed by a sync;
what a user then sees is read from that client's own store (the records table, the 信息发布 browser
query), never by asking the server. A refusal is read from the client's rejection list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from desktop.domain.agreement_commands import (
    ApproveAgreement,
    ApproveAnnouncement,
    FileAgreement,
    LotForm,
    SaveAgreementFiling,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
)
from desktop.domain.agreement_records import AgreementRecord, AnnouncementRecord, TradingBridgeRecord
from desktop.domain.commands import Command
from desktop.domain.plan_commands import ApprovePlan, PlanForm, PlanItemForm, SavePlan, SubmitPlan
from desktop.domain.plan_records import PlanRecord
from desktop.domain.protocol import RecordKind, RejectReason, from_json
from desktop.domain.second_stage_commands import (
    ApplyToJoin,
    ApproveJoin,
    ApproveSecondStageContract,
    FileSecondStageContract,
)
from desktop.domain.second_stage_records import JoinApplicationRecord, ProcurementPlanRecord, SecondStageRecord
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.common import Category
from desktop.domain.workflow.order110 import AgreementForm, OpenFormGround
from desktop.domain.workflow.plan import AgencyType, CollectorIdentity
from desktop.domain.workflow.review import ReviewStep
from desktop.domain.workflow.workdays import local_date
from desktop.store import Store
from desktop.store.framework import AnnouncementFilter, AnnouncementRow, FrameworkRecords
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine, SyncReport
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD, SUPPLIER2_CREDIT_CODE, SUPPLIER_CREDIT_CODE
from server_stub.services.bridge import BridgeWorker
from tests.server.fixtures import MakeServer, ServerUnderTest

T = TypeVar("T")

NOT_FILED = "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作（合同备案）"
OWN_SUBMISSION = "不能审核本人提交的事项"
ADDRESS = "郑州市金水区文化路1号"
TRADING_PLATFORM = "河南省公共资源交易系统"

# --- who: the demo's accounts ------------------------------------------------------------------


@dataclass(frozen=True)
class Collector:
    """A 征集人: its handler (经办岗) and reviewer (内部审核岗), and who reviews its plans, in order."""

    handler: str
    reviewer: str
    plan_reviews: tuple[tuple[str, ReviewStep], ...]


SUPERVISING_UNIT = Collector("zzjyj_jb", "zzjyj_sh", (("zzjyj_sh", ReviewStep.INTERNAL),))
"""郑州市教育局, 主管预算单位 (410100)."""
CENTRAL_AGENCY = Collector("hncgzx_cgjb", "hncgzx_cgsh", (
    ("hncgzx_cgsh", ReviewStep.INTERNAL), ("hnczt_jg", ReviewStep.REGULATOR_FIRST),
    ("hnczt_sh", ReviewStep.REGULATOR_SECOND)))
"""河南省政府采购中心, 集采机构 (省本级); 河南省财政厅 does the 初核 and 复核."""
SUBORDINATE_UNIT = Collector("zzyz_jb", "zzyz_sh", (
    ("zzyz_sh", ReviewStep.INTERNAL), ("zzjyj_sh", ReviewStep.SUPERVISOR)))
"""郑州市第一中学, a 预算单位 under 郑州市教育局 (410105)."""


@dataclass(frozen=True)
class Purchaser:
    handler: str
    reviewer: str


SCHOOL = Purchaser("zzyz_jb", "zzyz_sh")  # 郑州市第一中学
BUREAU = Purchaser("zzjyj_jb", "zzjyj_sh")  # 郑州市教育局
MMJ = Purchaser("zzmmj_jb", "zzmmj_sh")  # 河南省郑州市某某局 (410100, no supervising unit)

# The demo's suppliers (the first has no password: it logs in with its unit key, unit_ec b001).
YUCAI = SupplierForm("河南豫采示范科技有限公司", SUPPLIER_CREDIT_CODE, "郑州市金水区经三路1号", "李四", "13800000002")
OFFICE = SupplierForm("郑州某某办公设备有限公司", SUPPLIER2_CREDIT_CODE, "郑州市二七区大学路3号", "刘洋", "13800000003")
YUCAI_HANDLER = "hnycsf_jb"
OFFICE_HANDLER = "zzbgsb_jb"
# Entered by hand in the 入围结果公告 (no accounts: they never log in).
LAW_FIRM_A = SupplierForm("河南甲律师事务所", "31410000MD00000116", "郑州市金水区花园路1号", "张律师", "0371-60000011")
LAW_FIRM_B = SupplierForm("河南乙律师事务所", "31410000MD0000022A", "郑州市二七区大学路2号", "王律师", "0371-60000022")
AUDIT_FIRM_A = SupplierForm("河南甲会计师事务所", "91410100MA0000771W", "郑州市金水区农业路7号", "孙会计",
                            "0371-60000077")
AUDIT_FIRM_B = SupplierForm("河南乙会计师事务所", "91410100MA0000882N", "郑州市中原区建设路8号", "周会计",
                            "0371-60000088")

# --- what: the plan forms as a user fills them in -----------------------------------------------

LEGAL = PlanItemForm("C2301", "法律服务")
AUDIT = PlanItemForm("C2302", "审计服务")
DESKTOP_PC = PlanItemForm("A02010104", "台式计算机", in_catalogue=True)


def budget_unit_form(identity: CollectorIdentity, name: str, item: PlanItemForm, today: dt.date, *,
                     open_form: bool = False, **changes: Any) -> PlanForm:
    """A 主管预算单位 or 预算单位 plan: 服务, an item outside the catalogue, 200万, valid one year from today."""
    form = PlanForm(project_name=name, identity=identity, budget_year=today.year, annual_budget="2000000",
                    category=Category.SERVICES, items=[item], validity_start=today.isoformat(),
                    validity_end=(today + dt.timedelta(days=364)).isoformat(), elimination_rate_percent="20")
    if open_form:
        form = dataclasses.replace(form, form=AgreementForm.OPEN, elimination_rate_percent=None,
                                   open_form_ground=OpenFormGround.SERVICE_UNIFORM_FEE)
    return dataclasses.replace(form, **changes)


def central_form(today: dt.date, *, open_form: bool = False, **changes: Any) -> PlanForm:
    """河南省政府采购中心's desktop-PC plan for 郑州市 (货物, a catalogue item, 500万, no 交易平台)."""
    form = PlanForm(project_name="郑州市台式计算机框架协议", identity=CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY,
                    budget_year=today.year, annual_budget="5000000", category=Category.GOODS, items=[DESKTOP_PC],
                    agency_type=AgencyType.CENTRAL_PROCUREMENT, agency_unit_id="cgzx-hn",
                    scope_region_codes=["410100"], validity_start=today.isoformat(),
                    validity_end=(today + dt.timedelta(days=364)).isoformat(), elimination_rate_percent="25")
    if open_form:
        form = dataclasses.replace(form, form=AgreementForm.OPEN, elimination_rate_percent=None,
                                   open_form_ground=OpenFormGround.CATALOGUE_NO_ELIMINATION)
    return dataclasses.replace(form, **changes)


# --- the clients --------------------------------------------------------------------------------


@dataclass
class Client:
    """One user's desktop profile: its own store, engine and session."""

    username: str
    store: Store
    http: httpx.Client
    engine: SyncEngine

    def sync(self) -> SyncReport:
        return self.engine.sync()

    def ok(self, *commands: Command) -> SyncReport:
        """The user's actions, queued in order, then one sync: the server applies every one."""
        for command in commands:
            self.engine.outbox.enqueue(command, self.engine.clock())
        report = self.sync()
        assert not report.rejected, [(r.reason.code, r.reason.message) for r in report.rejected if r.reason]
        assert len(report.applied) == len(commands), report
        return report

    def refused(self, command: Command) -> RejectReason:
        """The action is queued and synced; the server's refusal is what the rejection list shows."""
        envelope = self.engine.outbox.enqueue(command, self.engine.clock())
        report = self.sync()
        assert [r.uuid for r in report.rejected] == [envelope.uuid] and not report.applied, report
        [kept] = [e for e in self.engine.outbox.rejected() if e.envelope.uuid == envelope.uuid]
        assert kept.reason is not None and kept.reason.message, kept
        return kept.reason

    def read(self, kind: RecordKind, record_id: str, cls: type[T]) -> T:
        """A record as this client's store holds it (no network)."""
        found = self.engine.records.get(kind.value, record_id)
        assert found is not None, f"{self.username}: no {kind.value} {record_id} in the local store"
        return from_json(cls, found.data)

    def fetch(self, kind: RecordKind, record_id: str, cls: type[T]) -> T:
        """Sync, then read the record locally (what the user sees after 【同步】)."""
        self.sync()
        return self.read(kind, record_id, cls)

    def wait_for(self, kind: RecordKind, record_id: str, cls: type[T], ready: Callable[[T], bool],
                 timeout: float = 30.0) -> T:
        """Sync until the record is ``ready`` (the trading system answers in the background)."""
        deadline = time.monotonic() + timeout
        while True:
            self.sync()
            found = self.engine.records.get(kind.value, record_id)
            if found is not None and ready(record := from_json(cls, found.data)):
                return record
            assert time.monotonic() < deadline, (kind, record_id, found and found.data)
            time.sleep(0.1)

    def announcements(self, column: str) -> list[AnnouncementRow]:
        """The 信息发布 browser's query of one column (published announcements only)."""
        return FrameworkRecords(self.store).announcements(AnnouncementFilter(column=column))


@dataclass
class Demo:
    """The demo server and a client per account, made (and logged in) on first use."""

    server: ServerUnderTest | None
    """None for a server running elsewhere (the app's embedded demo server): its clock cannot move."""
    root: Path
    clients: dict[str, Client] = field(default_factory=dict)
    bridge: BridgeWorker | None = None
    base_url: str = ""

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else self.base_url

    def __call__(self, username: str, key: Any = None) -> Client:
        """The client of ``username``; a new one logs in with the password, or with ``key`` (its CA key)."""
        if username in self.clients:
            return self.clients[username]
        store = Store.open(self.root / username / "local.sqlite3")
        http = httpx.Client(base_url=self.url, timeout=10)
        engine = SyncEngine(ApiClient(http), store, page_size=200)
        client = self.clients[username] = Client(username, store, http, engine)
        login = LoginService(engine.api, None)
        grant = login.login_with_key(key) if key is not None else login.login_with_password(username, DEMO_PASSWORD)
        assert grant.account.username == username
        client.sync()
        return client

    def today(self) -> dt.date:
        """The server's date (China time): validity periods and signing dates are judged by it."""
        return local_date(self.server.clock() if self.server is not None else dt.datetime.now(dt.UTC))

    def start_bridge(self) -> None:
        """The 互认互通 worker the served app runs (the test server runs without its lifespan), polling fast."""
        assert self.server is not None, "a served app runs its own bridge worker"
        settings = dataclasses.replace(self.server.settings, bridge_poll_seconds=0.05)
        self.bridge = BridgeWorker(self.server.app.state.yucai.db, settings).start()

    def close(self) -> None:
        if self.bridge is not None:
            self.bridge.stop()
        for client in self.clients.values():
            client.http.close()
            client.store.close()


@pytest.fixture
def demo(make_server: MakeServer, tmp_path: Path) -> Iterator[Demo]:
    made = Demo(make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}"), tmp_path / "clients")
    yield made
    made.close()


# --- the collection stage -----------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    plan_id: str
    number: str
    notice_id: str
    result_id: str
    filing_id: str


def numbered_plan(demo: Demo, collector: Collector, plan_id: str, form: PlanForm) -> PlanRecord:
    """【新增】→【保存】→【提交】 by the handler; each reviewer of the chain approves the step it sees."""
    demo(collector.handler).ok(SavePlan(plan_id, form), SubmitPlan(plan_id))
    for username, step in collector.plan_reviews:
        reviewer = demo(username)
        pending = reviewer.fetch(RecordKind.PLAN, plan_id, PlanRecord)
        assert (pending.pending_step, pending.number) == (step.value, None), (username, pending.state_label)
        reviewer.ok(ApprovePlan(plan_id, pending.submission, step))
    plan = demo(collector.handler).fetch(RecordKind.PLAN, plan_id, PlanRecord)
    assert plan.state_label == "已生成计划编号" and plan.number is not None, plan.state_label
    assert [e.step for e in plan.history] == ["", *(step.value for _, step in collector.plan_reviews)]
    return plan


def published(demo: Demo, collector: Collector, save: SaveCollectionNotice | SaveShortlistResult) -> AnnouncementRecord:
    """【保存】→【提交】 by the handler, 审核通过 by the reviewer: the announcement is published."""
    announcement_id = save.notice_id if isinstance(save, SaveCollectionNotice) else save.result_id
    demo(collector.handler).ok(save, SubmitAnnouncement(announcement_id))
    reviewer = demo(collector.reviewer)
    pending = reviewer.fetch(RecordKind.ANNOUNCEMENT, announcement_id, AnnouncementRecord)
    assert pending.pending_step == ReviewStep.INTERNAL.value, pending.state_label
    reviewer.ok(ApproveAnnouncement(announcement_id, pending.submission))
    done = demo(collector.handler).fetch(RecordKind.ANNOUNCEMENT, announcement_id, AnnouncementRecord)
    assert done.state_label == "已发布" and done.published_at is not None, done.state_label
    return done


def collected(demo: Demo, collector: Collector, plan_id: str, form: PlanForm, lots: list[LotForm],
              agreement_price: str, suppliers: list[SupplierForm]) -> Project:
    """Plan filing to its number, 征集公告 and 入围结果公告 published, 框架协议备案 submitted (not approved).

    互认互通 (a 交易平台 chosen): the 分包 come from the trading system (``lots`` is ignored) and the
    ``suppliers`` are picked from the ones it pushes back (their names as pushed)."""
    plan = numbered_plan(demo, collector, plan_id, form)
    assert plan.number is not None and plan.is_interop == (form.trading_platform is not None)
    project = Project(plan_id, plan.number, f"zj-{plan_id}", f"rw-{plan_id}", f"xy-{plan_id}")
    handler = demo(collector.handler)
    if plan.is_interop:
        bridge = handler.wait_for(RecordKind.TRADING_BRIDGE, plan_id, TradingBridgeRecord, lambda b: b.lots_received)
        lots = []
    notice = published(demo, collector, SaveCollectionNotice(project.notice_id, plan_id, ADDRESS, lots))
    assert (notice.kind, notice.column, notice.plan_number) == ("征集公告", "采购公告", plan.number)
    if plan.is_interop:
        assert [lot.name for lot in notice.lots] == [lot.name for lot in bridge.lots] != []
        bridge = handler.wait_for(RecordKind.TRADING_BRIDGE, plan_id, TradingBridgeRecord,
                                  lambda b: b.suppliers_received)
        pushed = {s.credit_code: s for s in bridge.suppliers}
        suppliers = [SupplierForm(pushed[s.credit_code].name, s.credit_code) for s in suppliers]
    result = published(demo, collector, SaveShortlistResult(project.result_id, project.notice_id,
                                                            ShortlistBasis.MAX_PRICE, agreement_price, suppliers))
    assert (result.kind, result.column) == ("入围结果公告", "结果公告")
    assert [s.credit_code for s in result.suppliers] == [s.credit_code for s in suppliers]
    handler.ok(SaveAgreementFiling(project.filing_id, plan_id), FileAgreement(project.filing_id))
    filing = handler.read(RecordKind.AGREEMENT, project.filing_id, AgreementRecord)
    assert filing.pending_step == ReviewStep.INTERNAL.value and filing.filed_at is None, filing.state_label
    assert [s.credit_code for s in filing.suppliers] == [s.credit_code for s in suppliers]  # carried, locked
    return project


def agreement_filed(demo: Demo, collector: Collector, project: Project) -> AgreementRecord:
    """The 内部审核岗 approves the 框架协议备案: second-stage contracts become possible."""
    reviewer = demo(collector.reviewer)
    pending = reviewer.fetch(RecordKind.AGREEMENT, project.filing_id, AgreementRecord)
    reviewer.ok(ApproveAgreement(project.filing_id, pending.submission))
    filing = reviewer.read(RecordKind.AGREEMENT, project.filing_id, AgreementRecord)
    assert filing.filed_at is not None and filing.plan_number == project.number, filing.state_label
    return filing


# --- open agreements: a supplier joins ------------------------------------------------------------


def joined(demo: Demo, collector: Collector, supplier: Client, project: Project, application_id: str
           ) -> JoinApplicationRecord:
    """The supplier finds the agreement in 信息发布 (结果公告) and applies; the collector's 审核岗 approves."""
    supplier.sync()  # what was published since this client last synced
    seen = [a.id for a in supplier.announcements("结果公告")]
    assert project.result_id in seen, seen
    plan_id = supplier.read(RecordKind.ANNOUNCEMENT, project.result_id, AnnouncementRecord).plan_id
    supplier.ok(ApplyToJoin(application_id, plan_id, contact_person="刘洋", phone="13800000003"))
    assert supplier.read(RecordKind.JOIN_APPLICATION, application_id, JoinApplicationRecord).status == "待审核"
    demo(collector.reviewer).sync()
    demo(collector.reviewer).ok(ApproveJoin(application_id))
    approved = supplier.fetch(RecordKind.JOIN_APPLICATION, application_id, JoinApplicationRecord)
    assert approved.status == "已入围" and approved.announcement_id, approved.status
    notice = supplier.read(RecordKind.ANNOUNCEMENT, approved.announcement_id, AnnouncementRecord)
    assert notice.column == "结果公告" and notice.published_at is not None
    return approved


# --- the second stage ---------------------------------------------------------------------------


def contract_filed(demo: Demo, purchaser: Purchaser, procurement_id: str, title: str, amount: str
                   ) -> SecondStageRecord:
    """合同备案: the 经办岗 enters the contract and submits; its own approval is refused; the 内部审核岗
    approves (the 合同公告 is published and the 采购计划备案 made)."""
    handler = demo(purchaser.handler)
    handler.ok(FileSecondStageContract(procurement_id, title, amount, demo.today().isoformat()))
    pending = handler.read(RecordKind.SECOND_STAGE, procurement_id, SecondStageRecord)
    assert pending.pending_step == ReviewStep.INTERNAL.value, pending.state_label
    own = handler.refused(ApproveSecondStageContract(procurement_id, pending.submission))
    assert (own.code, own.message) == ("own_submission", OWN_SUBMISSION)
    reviewer = demo(purchaser.reviewer)
    reviewer.sync()
    reviewer.ok(ApproveSecondStageContract(procurement_id, pending.submission))
    done = handler.fetch(RecordKind.SECOND_STAGE, procurement_id, SecondStageRecord)
    assert done.state_label == "已备案" and done.filed_at is not None, done.state_label
    return done


def check_contract_published(viewer: Client, purchaser: Client, stage: SecondStageRecord, procurement_id: str,
                             supplier: SupplierForm, amount: str, method: str) -> None:
    """The 合同公告 is in the 信息发布 browser's 合同公告 column (of anybody: ``viewer`` syncs first) and the
    purchaser has the 采购计划备案 the filing created."""
    assert (stage.supplier_credit_code, stage.contract_amount, stage.method) == (supplier.credit_code, amount, method)
    viewer.sync()
    rows = {row.id: row for row in viewer.announcements("合同公告")}
    notice = rows.get(stage.announcement_id)
    assert notice is not None, (stage.announcement_id, sorted(rows))
    assert (notice.kind, notice.plan_number, notice.state_label) == ("合同公告", stage.plan_number, "已发布")
    content = viewer.read(RecordKind.ANNOUNCEMENT, stage.announcement_id, AnnouncementRecord).content
    assert supplier.name in content and f"合同金额：{amount}元" in content
    plan = purchaser.read(RecordKind.PROCUREMENT_PLAN, procurement_id, ProcurementPlanRecord)
    assert (plan.number, plan.supplier_credit_code, plan.amount, plan.method, plan.procurement_method,
            plan.announcement_id) == (stage.procurement_plan_number, supplier.credit_code, amount, method,
                                      "框架协议采购", stage.announcement_id)
    assert plan.number.startswith(f"{stage.plan_number}-")
