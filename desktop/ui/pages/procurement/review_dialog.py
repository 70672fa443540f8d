"""计划备案审核 (seed manual 1.3.1.1 第二步–第四步, 1.3.3 第二步–第四步): the plan as filed, its review
chain with the step it is at, the 审核记录, and for the reviewer of that step 【审核通过】 and 【退回】
(a reason is required). The buttons are disabled with the domain's own reason when this account may
not act (its own submission, the wrong unit or post, a step it already approved …); the server
checks the same. Actions go to the outbox and work offline; until synced the plan shows 待同步.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.plan_commands import ApprovePlan, PlanForm, ReturnPlan, SavePlan, SubmitPlan
from desktop.domain.plan_records import PlanRecord
from desktop.domain.protocol import AccountInfo
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import TransitionRefused, require_reason
from desktop.domain.workflow.review import ReviewStep
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement.list_model import yuan
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE
from desktop.ui.pages.procurement.rules import review_refusal
from desktop.ui.pages.procurement.service import PlanService, PlanView

BOX = ("QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border}; border-radius: 4px;"
       " padding: 6px; }}")
PENDING_BOX = BOX.format(fg="#7a4100", bg="#fff3e0", border="#ffb74d")
RETURN_BOX = BOX.format(fg="#b71c1c", bg="#fdecea", border="#ef9a9a")
REFUSAL_STYLE = "QLabel { color: #7a4100; }"


class PlanReviewDialog(QDialog):
    acted = Signal(str, str)  # plan id, status message

    def __init__(self, service: PlanService, plan_id: str, view: PlanView, account: AccountInfo | None,
                 region_names: dict[str, str] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_review")
        self.setWindowTitle(self.tr("计划备案审核"))
        self._service = service
        self.plan_id = plan_id
        self.view = view
        self.record = view.record
        self.region_names = region_names or {}
        self.error_dialog: QWidget | None = None
        record = self.record
        self.refusal = review_refusal(record, plan_id, account, view.pending) if record is not None else \
            self.tr("计划备案尚未同步到服务器，暂不能审核")

        layout = QVBoxLayout(self)
        title = QLabel(html.escape((record.project_name if record else None)
                                   or (view.form.project_name if view.form else "") or self.tr("（未填写项目名称）")))
        title.setStyleSheet("QLabel { font-size: 13pt; font-weight: bold; color: #1f3a5f; }")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.state = QLabel(self._state_text())
        self.state.setObjectName("review_state")
        self.state.setTextFormat(Qt.TextFormat.RichText)
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.pending = QLabel(self._pending_text())
        self.pending.setObjectName("review_pending")
        self.pending.setStyleSheet(PENDING_BOX)
        self.pending.setWordWrap(True)
        self.pending.setVisible(bool(view.pending))
        layout.addWidget(self.pending)
        if record is not None and record.return_reason:
            returned = QLabel(self.tr("退回原因：{reason}").format(reason=record.return_reason))
            returned.setStyleSheet(RETURN_BOX)
            returned.setWordWrap(True)
            layout.addWidget(returned)
        details = QWidget(self)
        self._details(QFormLayout(details))
        layout.addWidget(details)

        layout.addWidget(QLabel(self.tr("审核记录")))
        self.history = QTableWidget(0, 5, self)
        self.history.setObjectName("review_history")
        self.history.setHorizontalHeaderLabels([self.tr("时间"), self.tr("环节"), self.tr("操作"), self.tr("办理人"),
                                                self.tr("退回原因")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.history.horizontalHeader().setStretchLastSection(True)
        self._fill_history()
        layout.addWidget(self.history, 1)

        self.review_area = QWidget(self)
        area = QVBoxLayout(self.review_area)
        area.setContentsMargins(0, 0, 0, 0)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setObjectName("review_reason")
        self.reason_edit.setPlaceholderText(self.tr("审核意见（退回时必须填写退回原因）"))
        self.reason_edit.setMaximumHeight(64)
        self.reason_error = QLabel()
        self.reason_error.setStyleSheet("QLabel { color: #c62828; }")
        self.reason_error.hide()
        self.refusal_label = QLabel(self.tr("不能办理：{reason}").format(reason=self.refusal or ""))
        self.refusal_label.setObjectName("review_refusal")
        self.refusal_label.setStyleSheet(REFUSAL_STYLE)
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setVisible(self.refusal is not None)
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.approve_button.setObjectName("review_approve")
        self.approve_button.setStyleSheet(BUTTON_STYLE.format(name="review_approve", colour="#2e7d32"))
        self.return_button = QPushButton(self.tr("退回"))
        self.return_button.setObjectName("review_return")
        self.return_button.setStyleSheet(BUTTON_STYLE.format(name="review_return", colour="#c62828"))
        close = QPushButton(self.tr("关闭"))
        buttons = QWidget(self)
        row = QHBoxLayout(buttons)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.refusal_label, 1)
        row.addStretch(0 if self.refusal is not None else 1)
        for button in (self.approve_button, self.return_button, close):
            button.setMinimumWidth(96)
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addWidget(self.approve_button)
        row.addWidget(self.return_button)
        row.addWidget(close)
        area.addWidget(self.reason_edit)
        area.addWidget(self.reason_error)
        in_review = record is not None and record.pending_step is not None
        self.reason_edit.setVisible(in_review and self.refusal is None)
        for button in (self.approve_button, self.return_button):
            button.setVisible(in_review)
            button.setEnabled(self.refusal is None)
            if self.refusal is not None:
                button.setToolTip(self.refusal)
        self.refusal_label.setVisible(in_review and self.refusal is not None)
        layout.addWidget(self.review_area)
        layout.addWidget(buttons)
        self.review_area.setVisible(in_review and self.refusal is None)

        self.approve_button.clicked.connect(self.approve)
        self.return_button.clicked.connect(self.return_plan)
        close.clicked.connect(self.reject)
        self.resize(780, 660)

    # --- contents --------------------------------------------------------------------------

    def _state_text(self) -> str:
        record = self.record
        if record is None:
            return html.escape(self.tr("本机保存的计划备案，尚未同步到服务器。"))
        number = record.number or self.tr("未生成")
        steps = [self.tr("经办岗提交"), *record.steps, self.tr("生成计划编号")]
        done = 0
        if record.number:
            done = len(steps)
        elif record.pending_step in record.steps:
            done = 1 + record.steps.index(record.pending_step)
        parts = []
        for n, step in enumerate(steps):
            text = html.escape(step)
            if n < done:
                parts.append(f"<span style='color:#2e7d32'>✔ {text}</span>")
            elif n == done and not record.number and record.status == "审核中":
                parts.append(f"<b style='color:#1565c0'>▶ {text}</b>")
            else:
                parts.append(f"<span style='color:#78909c'>{text}</span>")
        facts = (html.escape(self.tr("计划编号：{number}").format(number=number)) + "&nbsp;" * 6
                 + html.escape(self.tr("状态：{state}").format(state=record.state_label)))
        return facts + "<br>" + html.escape(self.tr("审核流程：")) + " → ".join(parts)

    def _pending_text(self) -> str:
        labels = {SavePlan.name: self.tr("保存"), SubmitPlan.name: self.tr("提交"),
                  ApprovePlan.name: self.tr("审核通过"), ReturnPlan.name: self.tr("退回")}
        names = "、".join(dict.fromkeys(labels.get(e.envelope.name, e.envelope.name) for e in self.view.pending))
        return self.tr("待同步：{actions}。本机已记录，联网同步后提交服务器；被服务器退回时，"
                       "可在“被退回的操作”中查看原因。").format(actions=names)

    def _details(self, form: QFormLayout) -> None:
        record: PlanRecord | None = self.record
        plan: PlanForm | None = self.view.form
        if plan is None:
            return
        items = "、".join(f"{i.name}（{i.code}）" for i in plan.items) or "—"
        agency = record.agency_name if record is not None and record.agency_name else (plan.agency_unit_id or "")
        agency_type = plan.agency_type.value if plan.agency_type else ""
        validity = f"{plan.validity_start} 至 {plan.validity_end}" if plan.validity_start else self.tr("未设定")
        rows = [(self.tr("征集人身份："), plan.identity.value),
                (self.tr("征集人："), record.collector_name if record else ""),
                (self.tr("预算年度："), str(plan.budget_year)),
                (self.tr("框架协议项目分类："), plan.category.value if plan.category else self.tr("未选择")),
                (self.tr("采购内容："), items),
                (self.tr("年度采购预算金额（元）："), yuan(plan.annual_budget)),
                (self.tr("框架协议类型："), plan.form.value),
                (self.tr("二阶段确定成交供应商的方式："), plan.second_stage_method.value if plan.second_stage_method
                 else SecondStageMethod.DIRECT_SELECTION.value),
                (self.tr("代理机构："), f"{agency_type} {agency}".strip() or "—"),
                (self.tr("交易平台："), plan.trading_platform or self.tr("置为空值")),
                (self.tr("框架协议有效期："), validity),
                (self.tr("淘汰率（%）："), plan.elimination_rate_percent or self.tr("未填写"))]
        if record is not None and record.supervising_unit_name:
            rows.insert(2, (self.tr("主管预算单位："), record.supervising_unit_name))
        if record is not None and record.regulator_name:
            rows.insert(2, (self.tr("本级财政（监管）部门："), record.regulator_name))
        if plan.scope_region_codes:
            rows.append((self.tr("适用采购人或服务对象范围："),
                         "、".join(self.region_names.get(c, c) for c in plan.scope_region_codes)))
        for label, value in rows:
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, text)
        if record is not None:
            notes = [f"✘ {p.message}" for p in record.problems] + [f"⚠ {w.message}" for w in record.warnings]
            if notes:
                note = QLabel("\n".join(notes))
                note.setObjectName("review_notes")
                note.setWordWrap(True)
                note.setStyleSheet("QLabel { color: #8a5300; }")
                form.addRow(self.tr("提示："), note)

    def _fill_history(self) -> None:
        record = self.record
        events = record.history if record is not None else []
        actions = {"submit": self.tr("提交"), "approve": self.tr("审核通过"), "return": self.tr("退回")}
        self.history.setRowCount(len(events))
        for row, event in enumerate(events):
            cells = (f"{event.at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}", event.step or self.tr("经办岗填报"),
                     actions.get(event.action, event.action), event.actor_name or event.actor_account_id,
                     event.reason)
            for column, value in enumerate(cells):
                self.history.setItem(row, column, QTableWidgetItem(value))

    # --- actions ---------------------------------------------------------------------------

    def _act(self, work: object, message: str) -> None:
        assert callable(work)
        self.approve_button.setEnabled(False)
        self.return_button.setEnabled(False)
        Op(self, work).success(lambda _r: self._done(message)).failure(self._failed).run()

    def approve(self) -> None:
        record = self.record
        if record is None or record.pending_step is None or self.refusal is not None:
            return
        service, plan_id, step = self._service, self.plan_id, ReviewStep(record.pending_step)
        self._act(lambda: service.approve(plan_id, record.submission, step),
                  self.tr("已审核通过（{step}），联网同步后生效。").format(step=step.value))

    def return_plan(self) -> None:
        record = self.record
        if record is None or record.pending_step is None or self.refusal is not None:
            return
        try:
            reason = require_reason(self.reason_edit.toPlainText())
        except TransitionRefused as exc:
            self.reason_error.setText(exc.message)
            self.reason_error.show()
            self.reason_edit.setFocus()
            return
        service, plan_id, step = self._service, self.plan_id, ReviewStep(record.pending_step)
        self._act(lambda: service.return_plan(plan_id, record.submission, step, reason),
                  self.tr("已退回（{step}），联网同步后生效。").format(step=step.value))

    def _done(self, message: str) -> None:
        self.acted.emit(self.plan_id, message)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.approve_button.setEnabled(self.refusal is None)
        self.return_button.setEnabled(self.refusal is None)
        self.error_dialog = present_error(self, error)
