"""框架协议采购 → 计划备案 in the main window against a real uvicorn server (issue 7 item 9): each user
is a real MainWindow with its own local store and sync engine, logged in with the demo password.

* a 主管预算单位's 经办岗 (zzjyj_jb) sees the manual's refusal next to the field as he types (category
  货物), fixes it, 【保存】, syncs, 【提交】 from the list; he cannot approve his own submission; the
  regulator sees the plan (备案) but has no step; the 内部审核岗 (zzjyj_sh) approves in 待我审核; the
  plan shows its 计划编号 everywhere;
* a 集采机构 (hncgzx_cgjb) chooses 选择征集人身份 → 集采机构 and 【提交】 while the server is down (待同步,
  then synced); 内部审核岗 approves; the regulator's 初核 returns it (a reason is required); the
  经办岗 edits and resubmits; a second regulator's stale 初核 is refused and shown on the rejected-commands
  page; 初核 and 复核 need two people; the plan gets KJXY-410000-….

Screenshots go to $YUCAI_SCREENSHOTS (scripts/screenshots) or /tmp/yucai-shots.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import make_key_login
from desktop.config import TokenSettings
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.plan import CollectorIdentity
from desktop.store import Store
from desktop.store.plans import PlanRow
from desktop.sync.client import ApiClient
from desktop.sync.engine import Backoff, ConnectionState, SyncEngine
from desktop.sync.login import LoginService
from desktop.ui.main_window import MainWindow, Page, SyncWiring
from desktop.ui.pages.procurement.identity_dialog import IdentityDialog
from desktop.ui.pages.procurement.page import ProcurementPage
from desktop.ui.pages.procurement.plan_dialog import PlanDialog
from desktop.ui.pages.procurement.review_dialog import PlanReviewDialog
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import ServerUnderTest, lab_certificates, make_server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.softhsm
SHOTS = Path(os.environ.get("YUCAI_SCREENSHOTS", "/tmp/yucai-shots"))
WAIT = 30_000
LEFT = Qt.MouseButton.LeftButton


class User:
    """One desktop: its own store, sync engine and main window, logged in as ``username``."""

    def __init__(self, qtbot: QtBot, url: str, folder: Path, token_service: Any, settings: TokenSettings,
                 username: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.qtbot = qtbot
        self.store = Store.open(folder / "client.sqlite3")
        self.http = httpx.Client(base_url=url, timeout=5)
        self.api = ApiClient(self.http)
        login = LoginService(self.api, None)
        self.engine = SyncEngine(self.api, self.store, auto_full_resync=False)
        wiring = SyncWiring(engine=self.engine, login=login, key_login=make_key_login(token_service, login),
                            server_url=url, interval_ms=60_000, backoff=Backoff(base=0.2, maximum=0.5))
        self.window = MainWindow(token_service, settings, sync=wiring)
        qtbot.addWidget(self.window)
        self.window.resize(1200, 760)
        self.window.show()
        dialog = self.window.open_login()
        assert dialog is not None
        dialog.tabs.setCurrentIndex(1)
        dialog.username_edit.setText(username)
        dialog.password_edit.setText(DEMO_PASSWORD)
        qtbot.mouseClick(dialog.login_button, LEFT)
        qtbot.waitUntil(lambda: self.window.account is not None, timeout=WAIT)
        self.synced()
        self.window.show_page(Page.PROCUREMENT)
        qtbot.waitUntil(lambda: self.page.context is not None and self.page.context.ready, timeout=WAIT)

    @property
    def page(self) -> ProcurementPage:
        return self.window.procurement

    def synced(self, state: ConnectionState = ConnectionState.ONLINE) -> None:
        """The last sync is over with ``state``; online, the outbox has drained too."""
        sync = self.window.sync
        assert sync is not None
        outbox = self.engine.outbox

        def settled() -> bool:
            if sync.running or sync.status.state is not state:
                return False
            return state is not ConnectionState.ONLINE or outbox.pending_count() == 0

        self.qtbot.waitUntil(settled, timeout=WAIT)

    def done(self, dialog: QWidget) -> None:
        """The dialog has queued its commands and closed, and they have reached the server."""
        self.qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
        self.synced()

    def sync(self) -> None:
        assert self.window.sync is not None
        self.window.sync.sync_now()
        self.synced()

    def row(self, project: str) -> PlanRow | None:
        return next((r for r in self.page.plans.model.rows if r.project_name == project), None)

    def wait_row(self, project: str, **expected: Any) -> PlanRow:
        def ready() -> bool:
            row = self.row(project)
            return row is not None and all(getattr(row, k) == v for k, v in expected.items())

        self.qtbot.waitUntil(ready, timeout=WAIT)
        row = self.row(project)
        assert row is not None
        return row

    def select(self, project: str) -> None:
        row = self.wait_row(project)
        assert self.page.plans.select_plan(row.id)

    def open_review(self, project: str) -> PlanReviewDialog:
        self.select(project)
        self.qtbot.mouseClick(self.page.plans.view_button, LEFT)
        self.qtbot.waitUntil(lambda: isinstance(self.page.dialog, PlanReviewDialog), timeout=WAIT)
        dialog = self.page.dialog
        assert isinstance(dialog, PlanReviewDialog)
        return dialog

    def new_plan(self, identity: CollectorIdentity | None = None) -> PlanDialog:
        """【新增】 → the prompt (选择征集人身份 when there is a choice) → 【确定】 → the form."""
        self.qtbot.mouseClick(self.page.plans.add_button, LEFT)
        prompt = self.page.dialog
        assert isinstance(prompt, IdentityDialog)
        if identity is not None:
            prompt.choose(identity)
        self.qtbot.mouseClick(prompt.ok_button, LEFT)
        dialog = self.page.dialog
        assert isinstance(dialog, PlanDialog)
        return dialog

    def close(self) -> None:
        self.window.shutdown()
        self.http.close()
        self.store.close()


@pytest.fixture
def server(make_server: Any, tmp_path: Path) -> ServerUnderTest:  # noqa: F811
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")


@pytest.fixture
def users(qtbot: QtBot, server: ServerUnderTest, tmp_path: Path, token_service: Any,
          lab_settings: TokenSettings) -> Iterator[Any]:
    opened: list[User] = []

    def login(username: str) -> User:
        opened.append(User(qtbot, server.url, tmp_path / username, token_service, lab_settings, username))
        return opened[-1]

    yield login
    for user in opened:
        user.close()


def shot(qtbot: QtBot, window: QWidget, name: str, dialog: QWidget | None = None) -> Path:
    """The window (dimmed, with ``dialog`` drawn over it and a plain title bar: offscreen has no
    window manager) saved as ``name``."""
    qtbot.wait(150)
    SHOTS.mkdir(parents=True, exist_ok=True)
    base = window.grab()
    if dialog is not None:
        picture = dialog.grab()
        painter = QPainter(base)
        painter.fillRect(base.rect(), QColor(0, 0, 0, 110))
        x, y = (base.width() - picture.width()) // 2, max(0, (base.height() - picture.height() - 30) // 2)
        painter.fillRect(QRect(x - 1, y - 1, picture.width() + 2, picture.height() + 32), QColor("#4a5a6e"))
        painter.fillRect(QRect(x, y, picture.width(), 30), QColor("#e8edf3"))
        painter.setPen(QColor("#1f2d3d"))
        painter.drawText(QRect(x + 12, y, picture.width(), 30), int(Qt.AlignmentFlag.AlignVCenter),
                         dialog.windowTitle())
        painter.drawPixmap(QPoint(x, y + 30), picture)
        painter.end()
    path = SHOTS / name
    assert isinstance(base, QPixmap) and base.save(str(path))
    return path


def pick(qtbot: QtBot, dialog: PlanDialog, *codes: str) -> None:
    """【选择品目】: tick exactly ``codes`` and 【确定】."""
    picker = dialog.form.pick_items()
    for item in picker.items:
        picker.set_checked(item.code, item.code in codes)
    picker.accept()
    assert [i.code for i in dialog.form.items] == sorted(codes)


def closed(widget: QWidget) -> bool:
    """Hidden, or already deleted (the dialogs delete themselves on close)."""
    try:
        return not widget.isVisible()
    except RuntimeError:
        return True


def choose(combo: Any, value: object) -> None:
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


PROJECT = "郑州市教育局法律顾问服务框架协议"
CENTRAL = "郑州市台式计算机框架协议"


def test_supervising_unit_files_a_plan_and_its_reviewer_numbers_it(qtbot: QtBot, users: Any) -> None:
    handler: User = users("zzjyj_jb")
    assert handler.page.plans.add_button.isEnabled()
    dialog = handler.new_plan()  # a 主管预算单位 has one identity: the prompt only asks 【确定】
    form = dialog.form
    assert form.identity is CollectorIdentity.SUPERVISING_BUDGET_UNIT
    assert form.collector_label.text() == "郑州市教育局"
    assert not form.platform_combo.isEnabled() and form.platform_hint.isVisible()  # 郑州市: 置为空值

    form.project_edit.setText(PROJECT)
    choose(form.category_combo, "货物")
    pick(qtbot, dialog, "A0326")
    shown = dialog.problem_texts
    assert "主管预算单位作为征集人，框架协议项目分类只能选择“服务”" in shown["category"]
    assert "annual_budget" not in shown  # not touched yet
    qtbot.mouseClick(dialog.submit_button, LEFT)  # refused here, before anything is queued
    assert dialog.isVisible() and "不能提交" in dialog.summary.text()
    assert "请填写年度采购预算金额" in dialog.problem_texts["annual_budget"]
    assert handler.engine.outbox.pending_count() == 0
    shot(qtbot, handler.window, "procurement-plan-form.png", dialog)

    choose(form.category_combo, "服务")
    pick(qtbot, dialog, "C2301", "C2302")
    form.budget_edit.setText("2000000")
    form.rate_edit.setText("15")
    assert "淘汰率15%低于20%" in dialog.problem_texts["elimination_rate"]  # Order 110: a warning only
    assert "category" not in dialog.problem_texts and "符合要求" in dialog.summary.text()
    form.rate_edit.setText("20")
    assert form.stage_row.isVisible() and form.form().second_stage_method is SecondStageMethod.DIRECT_SELECTION
    choose(form.stage_combo, SecondStageMethod.ROTATION.value)  # fixed at collection (封闭式 only)
    assert form.form().second_stage_method is SecondStageMethod.ROTATION
    qtbot.mouseClick(dialog.save_button, LEFT)
    handler.done(dialog)
    row = handler.wait_row(PROJECT, status="待提交", pending=(), local=False)
    assert row.category == "服务" and row.items == "法律服务、审计服务"

    handler.select(PROJECT)  # 【提交】 from the list
    qtbot.mouseClick(handler.page.plans.submit_button, LEFT)
    handler.wait_row(PROJECT, status="审核中", pending=())
    handler.synced()
    model = handler.page.plans.model
    number = next(n for n, r in enumerate(model.rows) if r.project_name == PROJECT)
    assert model.data(model.index(number, model.STEP)) == "内部审核岗审核"
    own = handler.open_review(PROJECT)  # nobody approves their own submission
    assert not own.approve_button.isEnabled() and "不能审核本人提交的事项" in own.refusal_label.text()
    own.reject()

    regulator: User = users("zzczj_jg")  # 备案 with 郑州市财政局: it sees the plan, no step of its own
    regulator.page.plans.state_combo.setCurrentIndex(0)
    seen = regulator.open_review(PROJECT)
    assert not seen.approve_button.isEnabled() and "只能审核本单位的事项" in seen.refusal_label.text()
    seen.reject()

    reviewer: User = users("zzjyj_sh")
    assert reviewer.page.plans.state_combo.currentData() == "to_review"  # 待我审核
    review = reviewer.open_review(PROJECT)
    assert review.approve_button.isEnabled() and review.history.rowCount() == 1
    assert review.history.item(0, 3).text() == "zzjyj_jb"
    assert "顺序轮候" in [label.text() for label in review.findChildren(QLabel)]  # the method the reviewer approves
    shot(qtbot, reviewer.window, "procurement-plan-review.png", review)
    qtbot.mouseClick(review.approve_button, LEFT)
    reviewer.done(review)
    done = reviewer.page.plans
    qtbot.waitUntil(lambda: done.model.total == 0, timeout=WAIT)  # nothing left to review
    handler.sync()
    row = handler.wait_row(PROJECT, number="KJXY-410100-2026-00001")
    assert row.status == "审核通过"
    regulator.sync()
    regulator.wait_row(PROJECT, number="KJXY-410100-2026-00001")
    handler.page.plans.table.clearSelection()
    shot(qtbot, handler.window, "procurement-plans.png")


def test_central_agency_files_offline_and_goes_through_the_regulator(qtbot: QtBot, users: Any,
                                                                    server: ServerUnderTest) -> None:
    handler: User = users("hncgzx_cgjb")
    dialog = handler.new_plan(CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY)  # 选择征集人身份
    form = dialog.form
    assert form.agency_type_combo.count() == 1 and form.agency_type_combo.currentText() == "集中采购机构采购"
    assert form.platform_combo.isEnabled()  # 省本级
    form.project_edit.setText(CENTRAL)
    choose(form.category_combo, "货物")
    pick(qtbot, dialog, "A02010104")
    form.budget_edit.setText("5000000")
    form.rate_edit.setText("25")
    assert [p.code for p in dialog.check.problems] == ["agency_required"] and "agency" not in dialog.problem_texts
    qtbot.mouseClick(dialog.submit_button, LEFT)  # untouched fields show their problems once asked
    assert "请选择对应的委托集采机构" in dialog.problem_texts["agency"]
    choose(form.agency_combo, "cgzx-hn")
    choose(form.scope_combo, "410100")
    assert dialog.check.problems == ()
    bar = dialog.scroll_area.verticalScrollBar()
    bar.setValue(bar.maximum())
    shot(qtbot, handler.window, "procurement-plan-form-central.png", dialog)

    server.live.stop()  # offline: 【提交】 waits in the outbox
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(lambda: closed(dialog), timeout=WAIT)
    handler.synced(ConnectionState.OFFLINE)
    row = handler.wait_row(CENTRAL, local=True)
    assert row.pending == ("save_plan", "submit_plan") or set(row.pending) == {"save_plan", "submit_plan"}
    model = handler.page.plans.model
    cells = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert cells[0] == "（未同步）" and cells[model.STATUS] == "待提交（待同步）"
    handler.page.plans.table.clearSelection()
    shot(qtbot, handler.window, "procurement-plans-offline.png")
    server.live.start()
    handler.sync()
    handler.wait_row(CENTRAL, status="审核中", local=False, pending=())

    internal: User = users("hncgzx_cgsh")
    review = internal.open_review(CENTRAL)
    qtbot.mouseClick(review.approve_button, LEFT)
    internal.done(review)

    first: User = users("hnczt_jg")  # 监管部门初核 returns it: a reason is required
    review = first.open_review(CENTRAL)
    assert "▶ 监管部门初核" in review.state.text()
    qtbot.mouseClick(review.return_button, LEFT)
    assert review.isVisible() and review.reason_error.text() == "退回时必须填写退回原因"
    review.reason_edit.setPlainText("适用范围请核实")
    qtbot.mouseClick(review.return_button, LEFT)
    first.done(review)

    handler.sync()
    handler.wait_row(CENTRAL, status="已退回")
    handler.select(CENTRAL)
    qtbot.mouseClick(handler.page.plans.edit_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(handler.page.dialog, PlanDialog), timeout=WAIT)
    edit = handler.page.dialog
    assert isinstance(edit, PlanDialog) and "适用范围请核实" in edit.returned.text()
    assert edit.form.scope_combo.currentData() == "410100" and edit.form.budget_edit.text() == "5000000"
    edit.form.budget_edit.setText("5200000")
    qtbot.mouseClick(edit.submit_button, LEFT)
    handler.done(edit)
    handler.wait_row(CENTRAL, status="审核中", pending=())

    internal.sync()
    review = internal.open_review(CENTRAL)
    qtbot.mouseClick(review.approve_button, LEFT)
    internal.done(review)
    first.sync()
    second: User = users("hnczt_sh")  # both regulators see 初核 pending; the first to sync wins
    review = first.open_review(CENTRAL)
    late = second.open_review(CENTRAL)
    assert late.approve_button.isEnabled()
    qtbot.mouseClick(review.approve_button, LEFT)
    first.done(review)
    qtbot.mouseClick(late.approve_button, LEFT)  # approves the 初核 it saw: refused, shown with the reason
    second.done(late)
    status = second.window.sync_status
    qtbot.waitUntil(lambda: status.rejected_button.isVisible(), timeout=WAIT)
    qtbot.mouseClick(status.rejected_button, LEFT)
    rejections = second.window.rejections.model
    qtbot.waitUntil(lambda: rejections.rowCount() == 1, timeout=WAIT)
    assert rejections.data(rejections.index(0, 0)) == "计划备案审核通过"
    assert "已不是您审核时的状态" in rejections.data(rejections.index(0, 2))
    second.window.show_page(Page.PROCUREMENT)

    first.page.plans.state_combo.setCurrentIndex(0)
    again = first.open_review(CENTRAL)  # 初核 and 复核 by different people
    assert "待监管部门复核" in again.state.text() and not again.approve_button.isEnabled()
    assert "初核与复核须由不同人员办理" in again.refusal_label.text()
    again.reject()

    review = second.open_review(CENTRAL)
    assert [review.history.item(n, 2).text() for n in range(review.history.rowCount())] == [
        "提交", "审核通过", "退回", "提交", "审核通过", "审核通过"]
    qtbot.mouseClick(review.approve_button, LEFT)
    second.done(review)
    handler.sync()
    handler.wait_row(CENTRAL, number="KJXY-410000-2026-00001", status="审核通过")
