"""The steps after plan filing (issue 7 item 9; seed manual 1.3.1.2–1.3.1.4) as tabs of the 框架协议采购
page: 采购公告发布 (【项目向导】), 入围供应商管理 (【供应商管理】), 框架协议备案 (【新增】 【修改】 【备案】
【查看】/【审核】) and the 信息发布 browser.

:class:`FrameworkPages` reads the unit's projects in the background, opens the dialogs the tabs and
the wizard ask for, and turns what the user did into commands in the outbox (``outbox_did_change``:
the main window shows the pending count and syncs soon). Refusals are shown with their reason
before anything is queued; the server's are on the rejected-commands page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.domain.agreement_commands import (
    AgreementCommand,
    FileAgreement,
    LotForm,
    RetryTradingPush,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
)
from desktop.domain.protocol import AccountInfo, RecordKind
from desktop.domain.roles import Post
from desktop.domain.workflow.announcement import ShortlistBasis
from desktop.domain.workflow.order110 import EvaluationMethod
from desktop.store.changes import Changes
from desktop.sync.engine import SyncEngine
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.agreement_dialog import AgreementFilingDialog, AgreementViewDialog
from desktop.ui.pages.procurement.announcement_view import AnnouncementDialog
from desktop.ui.pages.procurement.announcements_tab import AnnouncementsTab
from desktop.ui.pages.procurement.controller import TabController
from desktop.ui.pages.procurement.framework_service import FrameworkService, Project
from desktop.ui.pages.procurement.notice_dialog import CollectionNoticeDialog
from desktop.ui.pages.procurement.projects_tab import Mode, ProjectsTab
from desktop.ui.pages.procurement.result_dialog import ShortlistResultDialog
from desktop.ui.pages.procurement.suppliers_dialog import SupplierManagementDialog
from desktop.ui.pages.procurement.wizard_dialog import ProjectWizardDialog

KINDS = frozenset({RecordKind.PLAN.value, RecordKind.ANNOUNCEMENT.value, RecordKind.SHORTLISTED_SUPPLIER.value,
                   RecordKind.AGREEMENT.value, RecordKind.TRADING_BRIDGE.value, RecordKind.UNIT.value})


class FrameworkPages(TabController):
    kinds = KINDS
    projects_loaded = Signal()

    def __init__(self, engine: SyncEngine | None, page: QWidget) -> None:
        super().__init__(page)
        self.service = FrameworkService(engine) if engine is not None else None
        self.projects: list[Project] | None = None
        self.wizard: ProjectWizardDialog | None = None
        self.announce = ProjectsTab(Mode.WIZARD)
        self.suppliers = ProjectsTab(Mode.SUPPLIERS)
        self.agreements = ProjectsTab(Mode.AGREEMENT)
        self.browser = AnnouncementsTab()
        self.announce.wizard_requested.connect(self.open_wizard)
        self.suppliers.suppliers_requested.connect(self.open_suppliers)
        self.agreements.add_requested.connect(self.add_agreement)
        self.agreements.edit_requested.connect(self.edit_agreement)
        self.agreements.file_requested.connect(self.file_agreement)
        self.agreements.view_requested.connect(self.view_agreement)
        self.browser.view_requested.connect(self.view_published)
        self.set_account(None)

    def tabs(self) -> list[tuple[str, QWidget]]:
        return [(self.tr("采购公告发布"), self.announce), (self.tr("入围供应商管理"), self.suppliers),
                (self.tr("框架协议备案"), self.agreements), (self.tr("信息发布"), self.browser)]

    # --- account and data ------------------------------------------------------------------

    def set_account(self, account: AccountInfo | None) -> None:
        self.account = account
        handler = account is not None and account.post == Post.HANDLER.value
        if account is None:
            notes = [self.tr("请先登录")] * 3
        elif handler:
            notes = [self.tr("找到对应的征集项目，点击【项目向导】进入公告编辑环节；公告经内部审核岗审核通过后发布。"),
                     self.tr("找到对应的项目信息，点击【供应商管理】按钮维护入围供应商及其委托代理商。"),
                     self.tr("点击【新增】选择项目填报，保存后点击【备案】提交内部审核岗审核。")]
        else:
            notes = [self.tr("审核岗：在【项目向导】中审核本单位提交的征集公告和入围结果公告。"),
                     self.tr("入围供应商由征集人经办岗维护，审核岗可以查看。"),
                     self.tr("审核岗：选择已提交备案的框架协议，点击【查看/审核】。")]
        for tab, note in zip((self.announce, self.suppliers, self.agreements), notes, strict=True):
            tab.set_note(note, handler)
        self.browser.set_service(self.service if account is not None else None)
        self.projects = None
        for tab in (self.announce, self.suppliers, self.agreements):
            tab.set_projects(None)
        self.reload()

    def data_changed(self, changes: Changes) -> None:
        super().data_changed(changes)
        if self.account is not None and (changes.full_reset or RecordKind.ANNOUNCEMENT.value in changes.kinds):
            self.browser.model.reload()

    def reload(self) -> None:
        account, service = self.account, self.service
        if account is None or service is None:
            return
        Op(self, lambda: service.projects(account)).success(lambda found: self._loaded(account, found)).run()

    def _loaded(self, account: AccountInfo, projects: list[Project]) -> None:
        if account is not self.account:
            return
        self.projects = projects
        for tab in (self.announce, self.suppliers, self.agreements):
            tab.set_projects(projects)
        by_id = {p.plan_id: p for p in projects}
        wizard = self.wizard
        if wizard is not None and wizard.project.plan_id in by_id:
            wizard.set_project(by_id[wizard.project.plan_id], account)
        dialog = self.dialog
        if isinstance(dialog, SupplierManagementDialog) and dialog.project.plan_id in by_id:
            dialog.set_project(by_id[dialog.project.plan_id])
        self.projects_loaded.emit()

    def project(self, plan_id: str) -> Project | None:
        return next((p for p in self.projects or [] if p.plan_id == plan_id), None)

    # --- plumbing --------------------------------------------------------------------------

    def dialog_parent(self) -> QWidget:
        return self.wizard if self.wizard is not None else self.page

    def _forget(self, dialog: QDialog) -> None:
        super()._forget(dialog)
        if self.wizard is dialog:
            self.wizard = None

    def _queue(self, command: AgreementCommand, message: str) -> None:
        service = self.service
        if service is not None:
            Op(self, lambda: service.queue(command)).success(lambda _r: self._queued(message)) \
                .failure(self._failed).run()

    def refuse(self, title: str, text: str, reasons: list[str]) -> QMessageBox:
        return self.refusal_box("framework_refused", title, text, "\n".join(f"• {r}" for r in reasons))

    # --- 项目向导 ---------------------------------------------------------------------------

    def open_wizard(self, project: Project) -> ProjectWizardDialog:
        wizard = ProjectWizardDialog(project, self.account, self.page)
        wizard.action.connect(self._wizard_action)
        self._show(wizard)
        self.wizard = wizard
        return wizard

    def _wizard_action(self, action: str) -> None:
        wizard = self.wizard
        if wizard is None or self.service is None:
            return
        project = self.project(wizard.project.plan_id) or wizard.project
        actions: dict[str, Callable[[Project], object]] = {
            "notice_edit": self.edit_notice, "result_edit": self.edit_result,
            "notice_submit": lambda p: self.submit_announcement(p, notice=True),
            "result_submit": lambda p: self.submit_announcement(p, notice=False),
            "notice_view": lambda p: self.view_announcement(p, notice=True),
            "result_view": lambda p: self.view_announcement(p, notice=False),
            "suppliers_open": self.open_suppliers, "agreement_open": self.open_agreement, "retry": self.retry_push}
        actions[action](project)

    def edit_notice(self, project: Project) -> CollectionNoticeDialog | None:
        if self.service is None:
            return None
        dialog = CollectionNoticeDialog(self.service, project, self.dialog_parent())
        dialog.saved.connect(lambda _p, message: self._queued(message))
        self._show(dialog)
        return dialog

    def edit_result(self, project: Project) -> ShortlistResultDialog | None:
        if self.service is None:
            return None
        dialog = ShortlistResultDialog(self.service, project, self.dialog_parent())
        dialog.saved.connect(lambda _p, message: self._queued(message))
        self._show(dialog)
        return dialog

    def _saved_notice(self, project: Project) -> SaveCollectionNotice | None:
        if project.notice_form is not None:
            return project.notice_form
        r = project.notice
        if r is None or project.notice_id is None:
            return None
        lots = [] if project.is_interop else [LotForm(lot.number, lot.name, lot.max_unit_price) for lot in r.lots]
        c = r.collector or project.carried
        return SaveCollectionNotice(project.notice_id, project.plan_id, c.address, lots, r.title, r.content)

    def _saved_result(self, project: Project) -> SaveShortlistResult | None:
        if project.result_form is not None:
            return project.result_form
        r = project.result
        if r is None or project.result_id is None:
            return None
        return SaveShortlistResult(
            project.result_id, project.notice_id or "", ShortlistBasis(r.basis) if r.basis else None, r.basis_value,
            [SupplierForm(s.name, s.credit_code, s.address, s.contact_person, s.phone) for s in r.suppliers],
            r.responsive_count, EvaluationMethod(r.evaluation_method) if r.evaluation_method else None, r.title)

    def submit_announcement(self, project: Project, notice: bool) -> None:
        """【提交】 from the wizard: the saved announcement is checked here first."""
        refusal = rules.handler_refusal(self.account, project) or (
            rules.notice_refusal(project) if notice else rules.result_refusal(project))
        announcement_id = project.notice_id if notice else project.result_id
        if refusal is not None or announcement_id is None:
            return
        problems: list[str] = []
        if notice:
            saved = self._saved_notice(project)
            if saved is not None:
                found, why = rules.check_notice(project, saved)
                problems = [why] if why else [p.message for p in found]
        else:
            result = self._saved_result(project)
            if result is not None:
                found_r, _w, why = rules.check_result(project, result)
                problems = [why] if why else [p.message for p in found_r]
        if problems:
            text = self.tr("公告信息不符合要求，请点击【编辑】按提示修改后再提交：")
            self.refuse(self.tr("不能提交"), text, problems)
            return
        self._queue(SubmitAnnouncement(announcement_id), self.tr("公告已提交，联网同步后流转至内部审核岗审核。"))

    def view_announcement(self, project: Project, notice: bool) -> AnnouncementDialog | None:
        record = project.notice if notice else project.result
        announcement_id = project.notice_id if notice else project.result_id
        if self.service is None or record is None or announcement_id is None:
            return None
        dialog = AnnouncementDialog(self.service, announcement_id, record, self.account,
                                    project.pending_names(announcement_id), parent=self.dialog_parent())
        dialog.acted.connect(self._queued)
        self._show(dialog)
        return dialog

    def retry_push(self, project: Project) -> None:
        """【重新推送】: the failed pushes of the project are retried at once (by the server's bridge)."""
        if rules.handler_refusal(self.account, project) is None:
            self._queue(RetryTradingPush(project.plan_id), self.tr("已重新推送，联网同步后交易系统接口将立即重试。"))

    # --- 入围供应商管理 ------------------------------------------------------------------------

    def open_suppliers(self, project: Project) -> SupplierManagementDialog | None:
        if self.service is None:
            return None
        dialog = SupplierManagementDialog(self.service, project, self.account, self.dialog_parent())
        dialog.queued.connect(lambda _p, message: self._queued(message))
        self._show(dialog)
        return dialog

    # --- 框架协议备案 ---------------------------------------------------------------------------

    def open_agreement(self, project: Project) -> QDialog | None:
        """From the wizard: the form for the 经办岗 while the filing may change, else 查看/审核."""
        editable = rules.handler_refusal(self.account, project, collector_only=True) is None and \
            rules.filing_refusal(project) is None
        return self.edit_agreement(project) if editable else self.view_agreement(project)

    def add_agreement(self) -> AgreementFilingDialog | None:
        """【新增】: choose among the projects whose 入围结果公告 is published and that have no filing."""
        candidates = [p for p in self.projects or [] if p.filing_id is None and p.result_published
                      and rules.handler_refusal(self.account, p, collector_only=True) is None]
        return self._filing_dialog(candidates, None)

    def edit_agreement(self, project: Project) -> AgreementFilingDialog | None:
        refusal = rules.handler_refusal(self.account, project, collector_only=True)
        if refusal is not None:
            self.refuse(self.tr("不能修改"), self.tr("框架协议备案不能修改："), [refusal])
            return None
        return self._filing_dialog([project], project)

    def _filing_dialog(self, candidates: list[Project], project: Project | None) -> AgreementFilingDialog | None:
        if self.service is None:
            return None
        dialog = AgreementFilingDialog(self.service, candidates, project, self.dialog_parent())
        dialog.saved.connect(lambda plan_id, message: self._filing_saved(plan_id, message))
        self._show(dialog)
        return dialog

    def _filing_saved(self, plan_id: str, message: str) -> None:
        self._queued(message)
        self.projects_loaded.connect(lambda: self.agreements.select(plan_id), Qt.ConnectionType.SingleShotConnection)

    def file_agreement(self, project: Project) -> None:
        """列表页面的【备案】: to the 内部审核岗 (refused here with the reason when it cannot go)."""
        refusal = rules.handler_refusal(self.account, project, collector_only=True) or rules.filing_refusal(project)
        if refusal is None and project.filing_id is None:
            refusal = self.tr("请先点击【新增】填报框架协议备案")
        if refusal is not None:
            self.refuse(self.tr("不能备案"), self.tr("框架协议备案不能提交："), [refusal])
            return
        assert project.filing_id is not None
        self._queue(FileAgreement(project.filing_id), self.tr("框架协议已备案，联网同步后流转至内部审核岗审核。"))

    def view_agreement(self, project: Project) -> AgreementViewDialog | None:
        if self.service is None:
            return None
        dialog = AgreementViewDialog(self.service, project, self.account, self.dialog_parent())
        dialog.acted.connect(lambda _p, message: self._queued(message))
        self._show(dialog)
        return dialog

    # --- 信息发布 ----------------------------------------------------------------------------

    def view_published(self, announcement_id: str) -> None:
        service = self.service
        if service is None:
            return

        def opened(record: object) -> None:
            if service is not None and record is not None:
                dialog = AnnouncementDialog(service, announcement_id, record, self.account,  # type: ignore[arg-type]
                                            internal=False, parent=self.page)
                self._show(dialog)

        Op(self, lambda: service.announcement(announcement_id)).success(opened).failure(self._failed).run()
