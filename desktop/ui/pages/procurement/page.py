"""框架协议采购 (seed manual §一): the 计划备案 list and its review chains, offline-capable; the steps
after numbering (项目向导, 入围供应商管理, 框架协议备案, 信息发布) are :class:`FrameworkPages`' tabs.

The page opens what the list asks for — 【新增】 (选择征集人身份, then the form), 【修改】, 【提交】,
【删除】, 【查看】 / 【审核】 — with the registry read from the local store
(:meth:`PlanService.context`, in the background), and turns what the user did into commands in the
outbox; ``outbox_did_change`` tells the main window to show the pending count and sync soon. Sync
results arrive through :meth:`ProcurementPage.data_changed`; refused commands are on the
rejected-commands page like every other.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from desktop.domain.protocol import AccountInfo, RecordKind
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.plan import CollectorIdentity
from desktop.store.changes import Changes
from desktop.store.plans import PlanRow
from desktop.sync.engine import SyncEngine
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import rules
from desktop.ui.pages.procurement.framework_pages import FrameworkPages
from desktop.ui.pages.procurement.identity_dialog import IdentityDialog
from desktop.ui.pages.procurement.joining_pages import JoiningPages
from desktop.ui.pages.procurement.plan_dialog import PlanDialog
from desktop.ui.pages.procurement.plan_list import PlanListPage
from desktop.ui.pages.procurement.review_dialog import PlanReviewDialog
from desktop.ui.pages.procurement.second_stage_pages import SecondStagePages
from desktop.ui.pages.procurement.service import FormContext, PlanService, PlanView

CONTEXT_KINDS = frozenset({RecordKind.UNIT.value, RecordKind.REGION.value, RecordKind.PROCUREMENT_ITEM.value,
                           RecordKind.THRESHOLD.value})


class ProcurementPage(QWidget):
    status_message = Signal(str)
    outbox_did_change = Signal()
    """A command was queued here: update the pending count and sync soon."""

    def __init__(self, engine: SyncEngine | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("procurement_page")
        self.engine = engine
        self.service = PlanService(engine) if engine is not None else None
        self.account: AccountInfo | None = None
        self.context: FormContext | None = None
        self.dialog: QWidget | None = None
        self.error_dialog: QWidget | None = None

        self.plans = PlanListPage()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.plans, self.tr("计划备案"))
        self.framework = FrameworkPages(engine, self)  # 项目向导, 入围供应商管理, 框架协议备案, 信息发布
        for title, tab in self.framework.tabs():
            self.tabs.addTab(tab, title)
        self.framework.status_message.connect(self.status_message)
        self.framework.outbox_did_change.connect(self.outbox_did_change)
        self.second_stage = SecondStagePages(engine, self)  # 合同备案 (二阶段, purchasers in the scope)
        for title, tab in self.second_stage.tabs():
            self.tabs.addTab(tab, title)
        self.second_stage.status_message.connect(self.status_message)
        self.second_stage.outbox_did_change.connect(self.outbox_did_change)
        self.joining = JoiningPages(engine, self)  # 二次竞价, 加入框架协议 (suppliers), 加入申请审核 (collectors)
        for title, tab in self.joining.tabs():
            self.tabs.addTab(tab, title)
        self.joining.status_message.connect(self.status_message)
        self.joining.outbox_did_change.connect(self.outbox_did_change)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.plans.add_requested.connect(self.add_plan)
        self.plans.edit_requested.connect(self.edit_plan)
        self.plans.submit_requested.connect(self.submit_plan)
        self.plans.delete_requested.connect(self.delete_plan)
        self.plans.view_requested.connect(self.view_plan)
        self._show_account(None)
        if self.service is not None:
            service = self.service
            Op(self, service.remembered_account).success(self._remembered).run()

    # --- account and data ------------------------------------------------------------------

    def _remembered(self, account: AccountInfo | None) -> None:
        if self.account is None and account is not None:
            self._show_account(account)

    def set_account(self, account: object) -> None:
        """The logged-in account (None after logging out)."""
        self._show_account(account if isinstance(account, AccountInfo) else None)

    def _note(self, account: AccountInfo | None) -> str:
        if account is None:
            return self.tr("请先登录。计划备案由征集人经办岗填报，内部审核岗审核；集采机构还需监管部门初核、复核。")
        refusal = rules.handler_refusal(account)
        if refusal is None:
            return self.tr("经办岗填报计划备案并提交，流转至单位内部审核岗审核；审核完成后系统生成计划编号。")
        if account.user_type == UserType.REGULATOR.value:
            return self.tr("监管部门：办理本级框架协议计划备案的初核、复核，在“待我审核”中查看。")
        if account.post == Post.REVIEWER.value:
            return self.tr("审核岗：审核本单位及下属单位提交的计划备案，在“待我审核”中查看。")
        return self.tr("框架协议计划备案需使用本单位的采购人账号登录办理（集采机构也使用其单位的采购人账号）。")

    def _show_account(self, account: AccountInfo | None) -> None:
        self.account = account
        self.context = None
        self.framework.set_account(account)
        self.second_stage.set_account(account)
        self.joining.set_account(account)
        self._show_tabs(account)
        self.plans.set_account(account, self._note(account))
        self.plans.add_button.setToolTip(self._add_tooltip())
        if self.service is None:
            return
        self.service.plans.collector = (account.unit_id, account.unit_name) if account is not None else ("", "")
        self.plans.set_source(self.service.plans if account is not None else None)
        if account is not None:
            if rules.handler_refusal(account) is not None:
                self.plans.show_to_review()
            self._load_context()

    def _show_tabs(self, account: AccountInfo | None) -> None:
        """Only the tabs this account works in: a supplier bids and joins, it files no plans."""
        fw = self.framework
        hidden = self.joining.hidden(account, (self.plans, fw.announce, fw.suppliers, fw.agreements,
                                                      self.second_stage.tab))
        for index in range(self.tabs.count()):
            self.tabs.setTabVisible(index, self.tabs.widget(index) not in hidden)
        start = self.joining.start_tab(account)
        if start is not None:
            self.tabs.setCurrentWidget(start)
        elif self.tabs.currentWidget() in hidden:
            self.tabs.setCurrentWidget(self.plans)

    def _add_tooltip(self) -> str:
        refusal = rules.handler_refusal(self.account)
        if refusal is None:
            return self.tr("新增框架协议计划备案")
        if refusal is rules.HandlerRefusal.NOT_LOGGED_IN:
            return self.tr("请先登录")
        if refusal is rules.HandlerRefusal.NOT_HANDLER:
            return self.tr("只有经办岗可以填报计划备案")
        return self.tr("框架协议计划备案需使用本单位的采购人账号登录办理")

    def _load_context(self) -> None:
        account, service = self.account, self.service
        if account is None or service is None:
            return
        Op(self, lambda: service.context(account)).success(self._context_loaded).run()

    def _context_loaded(self, context: FormContext) -> None:
        if context.account is self.account:
            self.context = context

    def data_changed(self, changes: Changes) -> None:
        if self.account is None:
            return
        self.framework.data_changed(changes)
        self.second_stage.data_changed(changes)
        self.joining.data_changed(changes)
        if changes.full_reset:
            self.plans.model.reload()
        elif RecordKind.PLAN.value in changes.ids:
            self.plans.model.refresh(changes.ids[RecordKind.PLAN.value])
        elif changes.outbox:  # applied or refused commands: the 待同步 marks change
            self.plans.model.reload()
        if changes.full_reset or changes.kinds & CONTEXT_KINDS:
            self._load_context()

    def _queued(self, plan_id: str | None, message: str) -> None:
        self.plans.keep_selection(plan_id)
        self.plans.model.reload()
        self.status_message.emit(message)
        self.outbox_did_change.emit()

    def _show(self, dialog: QDialog) -> None:
        """Keep the open dialog (tests and screenshots reach it here) until it closes."""
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._forget(dialog))

    def _forget(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _failed(self, error: BaseException) -> None:
        self.error_dialog = present_error(self, error)

    def _ready(self) -> FormContext | None:
        """The registry for the form, or a message why it is not here yet."""
        if self.context is not None and self.context.ready:
            return self.context
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("计划备案"),
                          self.tr("本机尚未同步单位和区域信息，请联网同步后再填报计划备案。"),
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._show(box)
        box.open()
        return None

    # --- actions ---------------------------------------------------------------------------

    def add_plan(self) -> IdentityDialog | None:
        """【新增】: confirm (and 选择征集人身份 when the unit has a choice), then the form."""
        if self.service is None or rules.handler_refusal(self.account) is not None:
            return None
        context = self._ready()
        if context is None:
            return None
        if not context.identities:
            self.status_message.emit(self.tr("本单位不能作为框架协议采购的征集人"))
            return None
        dialog = IdentityDialog(context.identities, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.open_form(context, dialog.chosen))
        self._show(dialog)
        dialog.open()
        return dialog

    def open_form(self, context: FormContext, identity: CollectorIdentity, plan_id: str | None = None,
                  view: PlanView | None = None) -> PlanDialog | None:
        if self.service is None:
            return None
        reason = view.record.return_reason if view is not None and view.record is not None else ""
        dialog = PlanDialog(self.service, context, identity, plan_id, view.form if view is not None else None,
                            reason, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        self._show(dialog)
        dialog.open()
        return dialog

    def _saved(self, plan_id: str, submitted: bool) -> None:
        self._queued(plan_id, self.tr("计划备案已保存并提交，联网同步后流转至内部审核岗审核。") if submitted
                     else self.tr("计划备案已保存，联网同步后生效。"))

    def _with_view(self, row: PlanRow, then: Callable[[PlanView], None]) -> None:
        service = self.service
        if service is None:
            return
        Op(self, lambda: service.view(row.id)).success(then).failure(self._failed).run()

    def edit_plan(self, row: PlanRow) -> None:
        """【修改】 a draft or a returned plan (the form as last saved, here or on the server)."""
        context = self._ready() if rules.editable(row) and rules.handler_refusal(self.account) is None else None
        if context is None:
            return

        def opened(view: PlanView) -> None:
            if view.form is not None:
                self.open_form(context, view.form.identity, row.id, view)

        self._with_view(row, opened)

    def submit_plan(self, row: PlanRow) -> None:
        """【提交】 from the list: checked here first; problems send the user to 【修改】."""
        context = self._ready() if rules.editable(row) and rules.handler_refusal(self.account) is None else None
        service = self.service
        if context is None or service is None:
            return

        def checked(view: PlanView) -> None:
            if view.form is None:
                return
            problems = context.check(view.form).problems
            if problems:
                box = QMessageBox(QMessageBox.Icon.Warning, self.tr("不能提交"),
                                  self.tr("计划备案信息不符合要求，请点击【修改】按提示修改后再提交："),
                                  QMessageBox.StandardButton.Ok, self)
                box.setObjectName("plan_submit_refused")
                box.setInformativeText("\n".join(f"• {p.message}" for p in problems))
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                self._show(box)
                box.open()
                return
            Op(self, lambda: service.submit(row.id)).success(lambda _n: self._queued(row.id, self.tr(
                "计划备案已提交，联网同步后流转至内部审核岗审核。"))).failure(self._failed).run()

        self._with_view(row, checked)

    def delete_plan(self, row: PlanRow) -> QMessageBox | None:
        """【删除】 a draft never submitted (after a confirmation)."""
        service = self.service
        if service is None or not rules.deletable(row) or rules.handler_refusal(self.account) is not None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除计划备案"),
                          self.tr("删除计划备案《{name}》？").format(name=row.project_name or row.id),
                          QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("plan_delete_confirm")
        yes = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is yes:
                Op(self, lambda: service.delete(row.id)).success(lambda _n: self._queued(None, self.tr(
                    "计划备案已删除，联网同步后生效。"))).failure(self._failed).run()

        box.finished.connect(answered)
        self._show(box)
        box.open()
        return box

    def view_plan(self, row: PlanRow) -> None:
        """【查看】 / 【审核】: the plan, its chain and history, and the review buttons."""
        service = self.service
        if service is None:
            return

        def opened(view: PlanView) -> None:
            regions = {code: r.name for code, r in self.context.regions.items()} if self.context else {}
            dialog = PlanReviewDialog(service, row.id, view, self.account, regions, self)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.acted.connect(lambda plan_id, message: self._queued(plan_id, message))
            self._show(dialog)
            dialog.open()

        self._with_view(row, opened)
