"""【项目向导】 (seed manual 1.3.1.2–1.3.1.4): one numbered project's steps after plan filing — 征集公告 →
入围结果公告 → 入围供应商 → 框架协议备案 — each with its state, why it cannot go on yet, and its buttons;
for 互认互通 projects the state of the bridge to the 公共资源交易系统 with the failure reason and
【重新推送】. The dialog only shows and asks (``action``); :class:`FrameworkPages` acts.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_records import BridgeState
from desktop.domain.protocol import AccountInfo
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.framework_service import Project
from desktop.ui.pages.procurement.framework_widgets import (
    INFO_BOX,
    NOTE_STYLE,
    PENDING_BOX,
    RETURN_BOX,
    TITLE_STYLE,
    box,
    pending_note,
)

STEP_STYLE = "QFrame#wizard_step { background: #f7f9fc; border: 1px solid #d5dde8; border-radius: 6px; }"
DONE = "color:#2e7d32"
WAITING = "color:#1565c0"
STOPPED = "color:#78909c"


class ProjectWizardDialog(QDialog):
    action = Signal(str)
    """notice_edit / notice_submit / notice_view / result_edit / result_submit / result_view /
    suppliers / agreement / retry."""

    STEPS = ("notice", "result", "suppliers", "agreement")

    def __init__(self, project: Project, account: AccountInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("project_wizard")
        self.setWindowTitle(self.tr("项目向导"))
        self.project = project
        self.account = account
        self.title = QLabel()
        self.title.setStyleSheet(TITLE_STYLE)
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.bridge = box("", INFO_BOX, "wizard_bridge")
        self.bridge.setTextFormat(Qt.TextFormat.RichText)
        self.retry_button = QPushButton(self.tr("重新推送"))
        self.retry_button.setObjectName("wizard_retry")
        self.retry_button.clicked.connect(lambda: self.action.emit("retry"))
        bridge_row = QWidget(self)
        row = QHBoxLayout(bridge_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bridge, 1)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignTop)
        self.bridge_row = bridge_row

        titles = {"notice": self.tr("① 征集公告"), "result": self.tr("② 入围结果公告"),
                  "suppliers": self.tr("③ 入围供应商"), "agreement": self.tr("④ 框架协议备案")}
        self.states: dict[str, QLabel] = {}
        self.hints: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        steps = QWidget(self)
        column = QVBoxLayout(steps)
        column.setContentsMargins(0, 0, 0, 0)
        for key in self.STEPS:
            frame = QFrame()
            frame.setObjectName("wizard_step")
            frame.setStyleSheet(STEP_STYLE)
            grid = QGridLayout(frame)
            name = QLabel(titles[key])
            name.setStyleSheet("QLabel { font-weight: bold; color: #1f3a5f; }")
            name.setMinimumWidth(130)
            state = QLabel()
            state.setObjectName(f"step_{key}_state")
            state.setTextFormat(Qt.TextFormat.RichText)
            hint = QLabel()
            hint.setObjectName(f"step_{key}_hint")
            hint.setWordWrap(True)
            hint.setStyleSheet(NOTE_STYLE)
            self.states[key], self.hints[key] = state, hint
            grid.addWidget(name, 0, 0)
            grid.addWidget(state, 0, 1)
            grid.addWidget(hint, 1, 0, 1, 2)
            actions = QHBoxLayout()
            actions.addStretch(1)
            for suffix, text in self._step_buttons(key):
                button = QPushButton(text)
                button.setObjectName(f"wizard_{key}_{suffix}")
                button.setMinimumWidth(84)
                button.clicked.connect(lambda _c=False, a=f"{key}_{suffix}": self.action.emit(a))
                self.buttons[f"{key}_{suffix}"] = button
                actions.addWidget(button)
            grid.addLayout(actions, 0, 2, 2, 1)
            grid.setColumnStretch(1, 1)
            column.addWidget(frame)
        self.pending = box("", PENDING_BOX, "wizard_pending")
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(bridge_row)
        layout.addWidget(steps)
        layout.addWidget(self.pending)
        layout.addStretch(1)
        layout.addLayout(footer)
        self.set_project(project, account)
        self.resize(840, max(440, self.sizeHint().height()))

    def _step_buttons(self, key: str) -> tuple[tuple[str, str], ...]:
        if key in ("notice", "result"):
            return (("edit", self.tr("编辑")), ("submit", self.tr("提交")), ("view", self.tr("查看")))
        if key == "suppliers":
            return (("open", self.tr("供应商管理")),)
        return (("open", self.tr("框架协议备案")),)

    # --- contents --------------------------------------------------------------------------

    def set_project(self, project: Project, account: AccountInfo | None) -> None:
        self.project, self.account = project, account
        plan = project.plan
        self.title.setText(html.escape(project.project_name))
        interop = self.tr("是（省本级）") if project.is_interop else self.tr("否")
        facts = self.tr("计划编号：{number}    征集人：{collector}    框架协议类型：{form}    互认互通：{interop}")
        self.facts.setText(facts.format(number=project.number, collector=plan.collector_name, form=project.form,
                                        interop=interop))
        handler = rules.handler_refusal(account, project)
        self._bridge(project, handler)
        self._announcement("notice", project.notice_id, project.notice, project.notice_form is not None,
                           rules.notice_refusal(project), handler)
        self._announcement("result", project.result_id, project.result, project.result_form is not None,
                           rules.result_refusal(project), handler)
        if project.is_interop and project.notice is None and rules.bridge_lots(project) is None:
            self._state("notice", self.tr("等待交易系统推送分包信息"), STOPPED)
            self.hints["notice"].setText(rules.NOTICE_WAITS)
        self._suppliers(project)
        self._agreement(project)
        names = tuple(e.envelope.name for e in project.pending)
        self.pending.setText(pending_note(names))
        self.pending.setVisible(bool(names))

    def _bridge(self, project: Project, handler: str | None) -> None:
        self.bridge_row.setVisible(project.is_interop)
        if not project.is_interop:
            return
        record = project.bridge
        state = record.state if record is not None else BridgeState.PENDING.value
        text = self.tr("互认互通状态：<b>{state}</b>").format(state=html.escape(state))
        if record is not None and record.reason:
            text += "<br>" + html.escape(record.reason)
        elif state == BridgeState.PENDING.value:
            waiting = self.tr("计划信息生成编号之后，采购系统会将计划信息推送至交易系统，进行项目受理。")
            text += "<br>" + html.escape(waiting)
        elif state == BridgeState.PUSHED.value:
            text += "<br>" + html.escape(self.tr("交易系统项目受理完成后，会将分包信息推送过来。"))
        self.bridge.setText(text)
        self.bridge.setStyleSheet(RETURN_BOX if state == BridgeState.FAILED.value else INFO_BOX)
        retrying = "retry_trading_push" in project.pending_names(f"bridge:{project.plan_id}")
        failed = state == BridgeState.FAILED.value
        self.retry_button.setVisible(failed or retrying)
        self.retry_button.setEnabled(failed and handler is None and not retrying)
        self.retry_button.setToolTip(handler or (self.tr("已重新推送，等待同步到服务器") if retrying else ""))

    def _state(self, key: str, text: str, style: str) -> None:
        self.states[key].setText(f"<span style='{style}'>{html.escape(text)}</span>")

    def _announcement(self, key: str, announcement_id: str | None, record: object, draft_here: bool,
                      refusal: str | None, handler: str | None) -> None:
        state = getattr(record, "state_label", None)
        if state is None:
            state = self.tr("编辑中（未同步）") if draft_here else self.tr("未编辑")
        published = getattr(record, "published_at", None) is not None
        self._state(key, state, DONE if published else (WAITING if record is not None or draft_here else STOPPED))
        reason = getattr(record, "return_reason", "") if getattr(record, "status", "") == "已退回" else ""
        hint = refusal if refusal is not None and not published else ""
        if reason:
            hint = self.tr("退回原因：{reason}").format(reason=reason)
        elif published:
            hint = self.tr("已发布在河南省政府采购网“{column}”栏目，可在【信息发布】中查看。").format(
                column=getattr(record, "column", ""))
        elif handler is not None and not hint and not published:
            hint = handler
        self.hints[key].setText(hint)
        self.hints[key].setVisible(bool(hint))
        editable = handler is None and refusal is None
        self.buttons[f"{key}_edit"].setEnabled(editable)
        self.buttons[f"{key}_edit"].setToolTip(refusal or handler or "")
        self.buttons[f"{key}_submit"].setEnabled(editable and (record is not None or draft_here))
        self.buttons[f"{key}_submit"].setVisible(handler is None)
        view = self.buttons[f"{key}_view"]
        view.setEnabled(record is not None)
        owner = getattr(record, "owner_unit_id", self.project.owner_unit_id)
        pending = self.project.pending_names(announcement_id)
        can_review = announcement_id is not None and getattr(record, "pending_step", None) is not None and \
            rules.review_refusal(announcement_id, owner, record, self.account, pending) is None  # type: ignore[arg-type]
        view.setText(self.tr("审核") if can_review else self.tr("查看"))

    def _suppliers(self, project: Project) -> None:
        agents = sum(len(r.agents) for _i, r in project.roster)
        if project.roster:
            counts = self.tr("{n} 家入围供应商，{m} 家委托代理商").format(n=len(project.roster), m=agents)
            self._state("suppliers", counts, DONE)
            hint = self.tr("从入围结果公告同步。供应商地址、联系人、联系电话有变更时，"
                           "可在【供应商管理】中修改，并维护委托代理商。")
        else:
            self._state("suppliers", self.tr("暂无"), STOPPED)
            hint = self.tr("入围结果公告保存后，入围供应商信息会直接同步至入围供应商管理模块中。")
        self.hints["suppliers"].setText(hint)
        self.buttons["suppliers_open"].setEnabled(bool(project.roster))

    def _agreement(self, project: Project) -> None:
        record = project.agreement
        if record is not None:
            self._state("agreement", record.state_label, DONE if record.filed else WAITING)
        elif project.filing_form is not None:
            self._state("agreement", self.tr("待备案（未同步）"), WAITING)
        else:
            self._state("agreement", self.tr("未备案"), STOPPED)
        if record is not None and record.status == "已退回":
            hint = self.tr("退回原因：{reason}").format(reason=record.return_reason)
        elif not project.result_published:
            hint = rules.FILING_WAITS
        elif record is not None and record.filed:
            hint = self.tr("框架协议备案完成，可以进行二阶段的合同备案以及资金支付操作。")
        else:
            hint = self.tr("在【合同管理】-【框架协议备案】中选择项目，征集人、入围供应商信息系统自动带出。")
        self.hints["agreement"].setText(hint)
        self.buttons["agreement_open"].setEnabled(project.result_published or project.filing_id is not None)
