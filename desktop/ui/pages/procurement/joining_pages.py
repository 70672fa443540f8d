"""The second stage as suppliers and collectors take part in it (issue 7 items 5, 7, 8, 9): a supplier's
二次竞价 (【报价】) and 加入框架协议 (【申请加入】) tabs, and the collector's 加入申请审核 (【审核通过】 /
【审核不通过】), as tabs of the 框架协议采购 page.

:class:`JoiningPages` reads what the tabs list in the background, opens the forms, checks every action
with the domain's rules (a refusal is shown with its reason and nothing is queued) and queues the
command in the outbox (``outbox_did_change``: the main window shows the pending count and syncs soon).
The server's refusals are on the rejected-commands page like every other.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.domain.protocol import AccountInfo, RecordKind
from desktop.domain.roles import UserType
from desktop.domain.second_stage_commands import ApplyToJoin, ApproveJoin, RefuseJoin, SecondStageCommand, SubmitBid
from desktop.sync.engine import SyncEngine
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import joining_rules as rules
from desktop.ui.pages.procurement.bids_dialog import BidDialog
from desktop.ui.pages.procurement.bids_tab import BidsTab
from desktop.ui.pages.procurement.controller import TabController
from desktop.ui.pages.procurement.joining_apply import ApplyDialog
from desktop.ui.pages.procurement.joining_review_tab import JoinReviewTab
from desktop.ui.pages.procurement.joining_service import (
    Application,
    CollectorView,
    Invitation,
    JoiningService,
    OpenAgreement,
    SupplierView,
)
from desktop.ui.pages.procurement.joining_tab import JoiningTab
from desktop.ui.pages.procurement.joining_widgets import ReasonDialog

KINDS = frozenset({RecordKind.SECOND_STAGE.value, RecordKind.SECOND_STAGE_BID.value, RecordKind.AGREEMENT.value,
                   RecordKind.JOIN_APPLICATION.value, RecordKind.UNIT.value})


def is_supplier(account: AccountInfo | None) -> bool:
    return account is not None and account.user_type == UserType.SUPPLIER.value


class JoiningPages(TabController):
    kinds = KINDS
    loaded = Signal()
    """The tabs show what the store held at the last read."""

    def __init__(self, engine: SyncEngine | None, page: QWidget) -> None:
        super().__init__(page)
        self.service = JoiningService(engine) if engine is not None else None
        self.bids = BidsTab()
        self.joining = JoiningTab()
        self.review = JoinReviewTab()
        self.bids.bid_requested.connect(self.open_bid)
        self.joining.apply_requested.connect(self.open_apply)
        self.review.approve_requested.connect(self.approve)
        self.review.refuse_requested.connect(self.refuse)
        self.supplier_view: SupplierView | None = None

    def tabs(self) -> list[tuple[str, QWidget]]:
        return [(self.tr("二次竞价"), self.bids), (self.tr("加入框架协议"), self.joining),
                (self.tr("加入申请审核"), self.review)]

    def hidden(self, account: AccountInfo | None, not_for_suppliers: Iterable[QWidget]) -> set[QWidget]:
        """The page's tabs this account has no business with: a supplier neither files plans nor reviews
        join applications; everyone else neither bids nor applies."""
        if is_supplier(account):
            return {*not_for_suppliers, self.review}
        return {self.bids, self.joining}

    def start_tab(self, account: AccountInfo | None) -> QWidget | None:
        """Where a supplier starts (everyone else keeps the page's own first tab)."""
        return self.bids if is_supplier(account) else None

    # --- account and data ------------------------------------------------------------------

    def set_account(self, account: AccountInfo | None) -> None:
        self.account = account
        self.supplier_view = None
        now = self.service.now() if self.service is not None else self.bids.now
        self.bids.set_rows(account, [], now)
        self.joining.set_rows(account, [], [], now)
        self.review.set_rows(account, [], {}, now)
        self.reload()

    def reload(self) -> None:
        account, service = self.account, self.service
        if account is None or service is None:
            return
        if is_supplier(account):
            Op(self, lambda: service.supplier_view(account)).success(
                lambda view: self._supplier_loaded(account, view)).run()
        else:
            Op(self, lambda: service.collector_view(account)).success(
                lambda view: self._collector_loaded(account, view)).run()

    def _supplier_loaded(self, account: AccountInfo, view: SupplierView) -> None:
        if account is not self.account or self.service is None:
            return
        self.supplier_view = view
        now = self.service.now()
        self.bids.set_rows(account, view.invitations, now)
        self.joining.set_rows(account, view.agreements, view.applications, now)
        self.loaded.emit()

    def _collector_loaded(self, account: AccountInfo, view: CollectorView) -> None:
        if account is not self.account or self.service is None:
            return
        self.review.set_rows(account, view.applications, view.agreements, self.service.now())
        self.loaded.emit()

    # --- plumbing --------------------------------------------------------------------------

    def refused(self, title: str, reason: str) -> QMessageBox:
        return self.refusal_box("joining_refused", title, reason)

    def _queue(self, command: SecondStageCommand, message: str) -> None:
        service = self.service
        if service is not None:
            Op(self, lambda: service.queue(command)).success(lambda _r: self._queued(message)) \
                .failure(self._failed).run()


    # --- 二次竞价 ----------------------------------------------------------------------------

    def open_bid(self, invitation: Invitation) -> QDialog | None:
        """【报价】: refused here with the reason (deadline, already bid, …), else the bid form."""
        service, account = self.service, self.account
        if service is None:
            return None
        refusal = rules.bid_refusal(account, invitation, None, service.now())
        if refusal is not None:
            return self.refused(self.tr("不能报价"), refusal)
        dialog = BidDialog(invitation, lambda price: rules.bid_refusal(account, invitation, price, service.now()),
                           self.page)
        dialog.submitted.connect(lambda pid, price: self._queue(SubmitBid(pid, price), self.tr(
            "报价已提交，联网同步后送达服务器；截止时间以服务器收到报价的时间为准。")))
        return self._show(dialog)

    # --- 加入框架协议 -------------------------------------------------------------------------

    def open_apply(self, agreement: OpenAgreement) -> QDialog | None:
        """【申请加入】: refused here with the reason (already a supplier, waiting for review, …), else the form."""
        service, account = self.service, self.account
        if service is None or account is None:
            return None
        refusal = rules.apply_refusal(account, agreement, None, service.now())
        if refusal is not None:
            return self.refused(self.tr("不能申请加入"), refusal)
        unit = self.supplier_view.unit if self.supplier_view is not None else {}
        earlier = next((a.record for a in agreement.applications if a.record is not None), None)
        prefill = (str(unit.get("address") or (earlier.address if earlier else "")),
                   str(unit.get("contact_person") or ""), str(unit.get("contact_phone") or ""))
        dialog = ApplyDialog(agreement, service.new_id("join"), (account.unit_name, account.credit_code), prefill,
                             lambda form: rules.apply_refusal(account, agreement, form, service.now()), self.page)
        dialog.submitted.connect(lambda form: self._applied(form))
        return self._show(dialog)

    def _applied(self, form: ApplyToJoin) -> None:
        self._queue(form, self.tr("加入申请已提交，联网同步后送达征集人审核。"))

    # --- 加入申请审核 -------------------------------------------------------------------------

    def approve(self, application: Application) -> QMessageBox | None:
        refusal = self.review.refusal_for(application)
        if refusal is not None:
            return self.refused(self.tr("不能审核"), refusal)
        name = application.record.name if application.record is not None else ""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("审核通过"),
                          self.tr("确认“{name}”的加入申请审核通过？").format(name=name),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.dialog_parent())
        box.setObjectName("join_approve_confirm")
        box.setInformativeText(self.tr("通过后该供应商即成为本框架协议的入围供应商，系统自动发布入围公告；"
                                       "审核结果不能撤回。"))
        box.setDefaultButton(QMessageBox.StandardButton.No)  # an admission cannot be taken back
        yes = box.button(QMessageBox.StandardButton.Yes)
        box.buttonClicked.connect(lambda clicked: self._queue(ApproveJoin(application.application_id), self.tr(
            "加入申请已审核通过，联网同步后该供应商成为入围供应商，系统发布入围公告。")) if clicked is yes else None)
        self._show(box)
        return box

    def refuse(self, application: Application) -> QDialog | None:
        refusal = self.review.refusal_for(application)
        if refusal is not None:
            return self.refused(self.tr("不能审核"), refusal)
        name = application.record.name if application.record is not None else ""
        text = self.tr("“{name}”的加入申请审核不通过，请填写原因（供应商可以看到）：").format(name=name)
        dialog = ReasonDialog(self.tr("审核不通过"), text, self.tr("审核不通过"),
                              lambda reason: rules.refusal_reason_problem(application.application_id, reason),
                              self.page, "join_refuse_dialog")
        dialog.accepted.connect(lambda: self._queue(RefuseJoin(application.application_id, dialog.reason), self.tr(
            "加入申请审核不通过，联网同步后供应商可以看到原因。")))
        return self._show(dialog)
