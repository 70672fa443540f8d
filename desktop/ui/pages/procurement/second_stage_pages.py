"""【合同管理】-【合同备案】 of framework agreements (issue 7 items 7, 9; seed manual 1.3.1.5) as a tab of the
框架协议采购 page, for purchasers inside an agreement's scope.

:class:`SecondStagePages` reads the unit's second-stage procurements and the filed agreements in the
background, opens the dialogs the tab asks for — 【新增】, 【确定成交供应商】 (by the agreement's method),
【合同备案】, 【资金支付】, 【查看】/【审核】 — and queues what the user did (``outbox_did_change``: the main
window shows the pending count and syncs soon). A step that cannot be done is refused with the
domain's reason before anything is queued; the server's refusals are on the rejected-commands page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.domain.protocol import AccountInfo, RecordKind
from desktop.domain.roles import Post
from desktop.domain.second_stage_records import ProcurementPlanRecord
from desktop.sync.engine import SyncEngine
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import second_stage_rules as rules
from desktop.ui.pages.procurement.controller import TabController
from desktop.ui.pages.procurement.second_stage_choose import ChooseSupplierDialog
from desktop.ui.pages.procurement.second_stage_contract import ContractFilingDialog, PaymentDialog
from desktop.ui.pages.procurement.second_stage_dialogs import NewProcurementDialog, QueueingDialog
from desktop.ui.pages.procurement.second_stage_service import Procurement, SecondStageData, SecondStageService
from desktop.ui.pages.procurement.second_stage_tab import SecondStageTab
from desktop.ui.pages.procurement.second_stage_view import SecondStageViewDialog

KINDS = frozenset({RecordKind.SECOND_STAGE.value, RecordKind.AGREEMENT.value, RecordKind.ANNOUNCEMENT.value,
                   RecordKind.PROCUREMENT_PLAN.value, RecordKind.UNIT.value})


class SecondStagePages(TabController):
    kinds = KINDS
    loaded = Signal()

    def __init__(self, engine: SyncEngine | None, page: QWidget) -> None:
        super().__init__(page)
        self.service = SecondStageService(engine) if engine is not None else None
        self.data: SecondStageData | None = None
        self.tab = SecondStageTab()
        self.tab.add_requested.connect(self.add)
        self.tab.choose_requested.connect(self.choose)
        self.tab.file_requested.connect(self.file)
        self.tab.pay_requested.connect(self.pay)
        self.tab.view_requested.connect(self.view)
        self.set_account(None)

    def tabs(self) -> list[tuple[str, QWidget]]:
        return [(self.tr("合同备案"), self.tab)]

    # --- account and data ------------------------------------------------------------------

    def set_account(self, account: AccountInfo | None) -> None:
        self.account = account
        refusal = rules.account_refusal(account, handler=False)
        handler = refusal is None and account is not None and account.post == Post.HANDLER.value
        if refusal is not None:
            note = refusal
        elif handler:
            note = self.tr("点击【新增】选择已备案的框架协议，确定成交供应商后点击【合同备案】提交内部审核岗审核。")
        else:
            note = self.tr("审核岗：选择已提交合同备案的二阶段采购，点击【查看/审核】。")
        self.tab.set_note(note, handler)
        self.data = None
        self.tab.set_procurements(None if account is None else [])  # not a purchaser: the note says why
        self.reload()

    def reload(self) -> None:
        account, service = self.account, self.service
        if account is None or service is None or rules.account_refusal(account, handler=False) is not None:
            return
        Op(self, lambda: service.load(account)).success(lambda data: self._loaded(account, data)).run()

    def _loaded(self, account: AccountInfo, data: SecondStageData) -> None:
        if account is not self.account:
            return
        self.data = data
        self.tab.set_procurements(data.procurements)
        self.loaded.emit()

    def procurement(self, procurement_id: str) -> Procurement | None:
        return next((p for p in self.data.procurements if p.procurement_id == procurement_id), None) \
            if self.data is not None else None

    # --- plumbing --------------------------------------------------------------------------

    def _show(self, dialog: QDialog) -> QDialog:
        if isinstance(dialog, QueueingDialog):
            dialog.acted.connect(self._acted)
        return super()._show(dialog)

    def _acted(self, procurement_id: str, message: str) -> None:
        self.loaded.connect(lambda: self.tab.select(procurement_id), Qt.ConnectionType.SingleShotConnection)
        self._queued(message)

    def refuse(self, title: str, text: str, reason: str) -> QMessageBox:
        return self.refusal_box("second_stage_refused", title, text, f"• {reason}")

    # --- actions ---------------------------------------------------------------------------

    def add(self) -> QDialog | None:
        """【新增】: the filed agreements this purchaser is in the scope of, and a title."""
        service, data = self.service, self.data
        refusal = rules.account_refusal(self.account)
        if refusal is None and (data is None or not data.unit_known):
            refusal = self.tr("本机尚未同步本单位和框架协议信息，请联网同步后再办理")
        if refusal is not None or service is None or data is None:
            return self.refuse(self.tr("不能新增"), self.tr("不能新增二阶段采购："), refusal or "")
        return self._show(NewProcurementDialog(service, data.agreements, self.page))

    def choose(self, p: Procurement) -> QDialog | None:
        """【确定成交供应商】 by the agreement's method (直接选定 / 二次竞价 / 顺序轮候)."""
        refusal = rules.choose_refusal(p, self.account)
        if refusal is not None or self.service is None:
            return self.refuse(self.tr("不能确定成交供应商"), self.tr("不能确定成交供应商："), refusal or "")
        return self._show(ChooseSupplierDialog(self.service, p, self.account, self.page))

    def file(self, p: Procurement) -> QDialog | None:
        """【合同备案】 once the supplier is determined (again after a return)."""
        service = self.service
        refusal = rules.filing_refusal(p, self.account, None, service.engine.clock()) if service else ""
        if refusal is not None or service is None:
            return self.refuse(self.tr("不能合同备案"), self.tr("不能进行合同备案："), refusal or "")
        return self._show(ContractFilingDialog(service, p, self.account, self.page))

    def pay(self, p: Procurement) -> QDialog | None:
        """【资金支付】 of a filed contract."""
        refusal = rules.payment_refusal(p, self.account)
        if refusal is not None or self.service is None:
            return self.refuse(self.tr("不能资金支付"), self.tr("不能申请资金支付："), refusal or "")
        return self._show(PaymentDialog(self.service, p, self.account, self.page))

    def view(self, p: Procurement) -> None:
        """【查看】/【审核】 with the 采购计划备案 read in the background."""
        service = self.service
        if service is None:
            return

        def opened(plan: ProcurementPlanRecord | None) -> None:
            current = self.procurement(p.procurement_id) or p
            self._show(SecondStageViewDialog(service, current, self.account, plan, self.page))

        Op(self, lambda: service.procurement_plan(p.procurement_id)).success(opened).failure(self._failed).run()

