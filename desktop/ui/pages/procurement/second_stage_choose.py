"""【确定成交供应商】 of a second-stage procurement by the agreement's method (seed manual 1.3.1.5): 直接选定
(pick a current supplier, 【确定】); 二次竞价 (【发起竞价】: a deadline in 北京时间, an optional ceiling at
most the agreement price, all or some suppliers invited; after the deadline 【确定成交供应商】 opens the
bids); 顺序轮候 (the next supplier of the rotation, 【确定】). Refusals and warnings are the domain's.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.protocol import AccountInfo
from desktop.domain.second_stage_commands import AwardBids, AwardRotation, InviteBids, SelectSupplier
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.second_stage import SecondStageState
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.pages.procurement import second_stage_rules as rules
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, TITLE_STYLE, box
from desktop.ui.pages.procurement.second_stage_dialogs import QueueingDialog, china_time
from desktop.ui.pages.procurement.second_stage_service import Procurement, SecondStageService, decimal


class ChooseSupplierDialog(QueueingDialog):
    """【确定成交供应商】 by the procurement's method."""

    def __init__(self, service: SecondStageService, procurement: Procurement, account: AccountInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("second_stage_choose")
        self.setWindowTitle(self.tr("确定成交供应商"))
        self.procurement, self.account = procurement, account
        r = procurement.record
        assert r is not None
        self.method = SecondStageMethod(r.method)
        heading = QLabel(html.escape(r.title))
        heading.setStyleSheet(TITLE_STYLE)
        facts = QLabel(self.tr("{project}（计划编号 {number}）    确定成交供应商的方式：{method}    状态：{state}")
                       .format(project=r.project_name, number=r.plan_number, method=r.method, state=r.state_label))
        facts.setObjectName("second_stage_facts")
        facts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(facts)
        self.buttons: dict[str, QPushButton] = {}
        if self.method is SecondStageMethod.DIRECT_SELECTION:
            self._direct(layout)
        elif self.method is SecondStageMethod.ROTATION:
            self._rotation(layout)
        elif r.state == SecondStageState.BIDDING.value:
            self._bidding(layout)
        else:
            self._invite(layout)
        layout.addStretch(1)
        layout.addLayout(self.footer(*self.buttons.values()))
        self.resize(760, max(320, self.sizeHint().height()))

    def _now(self) -> dt.datetime:
        return self._service.engine.clock()

    # --- 直接选定 ----------------------------------------------------------------------------------

    def _direct(self, layout: QVBoxLayout) -> None:
        r = self.procurement.record
        assert r is not None
        self.supplier_combo = QComboBox()
        self.supplier_combo.setObjectName("second_stage_supplier")
        for s in r.suppliers:
            self.supplier_combo.addItem(f"{s.name}（{s.credit_code}）", s.credit_code)
        form = QFormLayout()
        form.addRow(self.tr("成交供应商："), self.supplier_combo)
        layout.addLayout(form)
        layout.addWidget(box(self.tr("从框架协议当前的入围供应商中直接选定成交供应商。"), INFO_BOX))
        button = self.buttons.setdefault("select", self.primary(self.tr("确定"), "second_stage_select"))
        button.clicked.connect(self.select)

    def select(self) -> None:
        code = str(self.supplier_combo.currentData() or "")
        if self.refuse(rules.select_refusal(self.procurement, self.account, code, self._now())):
            return
        self.queue(self.buttons["select"], self.procurement.procurement_id,
                   self.tr("已直接选定成交供应商，联网同步后进行合同备案。"),
                   SelectSupplier(self.procurement.procurement_id, code))

    # --- 顺序轮候 ----------------------------------------------------------------------------------

    def _rotation(self, layout: QVBoxLayout) -> None:
        r = self.procurement.record
        assert r is not None
        order = rules.rotation(r)
        names = {s.credit_code: s.name for s in r.suppliers}
        self.next_code = order.next or ""
        lines = []
        for n, code in enumerate(order.order, 1):
            mark = self.tr("（本轮已成交）") if code in order.awarded else (
                self.tr("← 下一家") if code == self.next_code else "")
            lines.append(f"{n}. {html.escape(names.get(code, code))}  {code}  <b>{mark}</b>")
        self.order_label = QLabel("<br>".join(lines))
        self.order_label.setObjectName("second_stage_rotation")
        self.order_label.setTextFormat(Qt.TextFormat.RichText)
        self.next_label = QLabel(self.tr("第 {cycle} 轮轮候，下一家成交供应商：{name}").format(
            cycle=order.cycle, name=names.get(self.next_code, "—")))
        self.next_label.setObjectName("second_stage_next")
        self.next_label.setStyleSheet("QLabel { font-weight: bold; }")
        layout.addWidget(QLabel(self.tr("轮候顺序（征集文件确定，供应商退出时才变动）：")))
        layout.addWidget(self.order_label)
        layout.addWidget(self.next_label)
        rule = self.tr("顺序轮候每个轮候周期内每家供应商只能成交一次；服务器按最新的轮候顺序核对。")
        layout.addWidget(box(rule, INFO_BOX))
        button = self.buttons.setdefault("rotation", self.primary(self.tr("确定"), "second_stage_rotation_award"))
        button.clicked.connect(self.award_rotation)
        self.refuse(rules.rotation_refusal(self.procurement, self.account, self.next_code, self._now()))

    def award_rotation(self) -> None:
        if self.refuse(rules.rotation_refusal(self.procurement, self.account, self.next_code, self._now())):
            return
        self.queue(self.buttons["rotation"], self.procurement.procurement_id,
                   self.tr("已按顺序轮候确定成交供应商，联网同步后进行合同备案。"),
                   AwardRotation(self.procurement.procurement_id, self.next_code))

    # --- 二次竞价 ----------------------------------------------------------------------------------

    def _invite(self, layout: QVBoxLayout) -> None:
        r, agreement = self.procurement.record, self.procurement.agreement
        assert r is not None
        ceiling = agreement.ceiling if agreement is not None else None
        start = (self._now() + dt.timedelta(days=3)).astimezone(CHINA_TIME)
        self.deadline_edit = QDateTimeEdit(QDateTime(start.replace(tzinfo=None, second=0, microsecond=0)))
        self.deadline_edit.setObjectName("second_stage_deadline")
        self.deadline_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.deadline_edit.setCalendarPopup(True)
        self.ceiling_edit = QLineEdit()
        self.ceiling_edit.setObjectName("second_stage_ceiling")
        self.ceiling_edit.setPlaceholderText(
            self.tr("不填写则以协议价格 {price} 元为最高限价").format(price=f"{ceiling:f}") if ceiling is not None
            else self.tr("入围结果公告未载明最高入围价格，请填写"))
        self.all_radio = QRadioButton(self.tr("邀请全部入围供应商"))
        self.some_radio = QRadioButton(self.tr("邀请部分入围供应商"))
        group = QButtonGroup(self)
        group.addButton(self.all_radio)
        group.addButton(self.some_radio)
        self.all_radio.setChecked(True)
        self.invited = QListWidget()
        self.invited.setObjectName("second_stage_invited")
        for s in r.suppliers:
            item = QListWidgetItem(f"{s.name}（{s.credit_code}）")
            item.setData(Qt.ItemDataRole.UserRole, s.credit_code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.invited.addItem(item)
        self.invited.setMaximumHeight(110)
        who = QHBoxLayout()
        who.addWidget(self.all_radio)
        who.addWidget(self.some_radio)
        who.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("竞价响应截止时间（北京时间）："), self.deadline_edit)
        form.addRow(self.tr("最高限价（元）："), self.ceiling_edit)
        form.addRow(self.tr("邀请供应商："), who)
        form.addRow("", self.invited)
        layout.addLayout(form)
        layout.addWidget(box(self.tr("报价不得高于最高限价，截止时间后报价最低的供应商成交；截止时间以服务器时间为准。"),
                             INFO_BOX))
        button = self.buttons.setdefault("invite", self.primary(self.tr("发起竞价"), "second_stage_invite"))
        button.clicked.connect(self.invite)
        self.deadline_edit.dateTimeChanged.connect(lambda _d: self.check_invite())
        self.ceiling_edit.textChanged.connect(lambda _t: self.check_invite())
        self.all_radio.toggled.connect(lambda _c: self.check_invite())
        self.invited.itemChanged.connect(lambda _i: self.check_invite())
        self.check_invite()

    def invitation(self) -> tuple[InviteBids | None, str | None]:
        """The command as typed, or why it cannot be made."""
        text = self.ceiling_edit.text().strip()
        ceiling = decimal(text)
        if text and ceiling is None:
            return None, self.tr("最高限价“{text}”不是有效的金额").format(text=text)
        every = self.all_radio.isChecked()
        self.invited.setEnabled(not every)
        codes = [] if every else [str(self.invited.item(n).data(Qt.ItemDataRole.UserRole))
                                  for n in range(self.invited.count())
                                  if self.invited.item(n).checkState() is Qt.CheckState.Checked]
        if not every and not codes:
            return None, self.tr("请勾选要邀请的供应商")
        local = self.deadline_edit.dateTime().toPython()
        assert isinstance(local, dt.datetime)
        deadline = local.replace(tzinfo=CHINA_TIME)
        return InviteBids(self.procurement.procurement_id, deadline, codes, f"{ceiling:f}" if ceiling else None), None

    def check_invite(self) -> bool:
        command, why = self.invitation()
        if command is None:
            return not self.refuse(why)
        refusal, warnings = rules.invite_check(
            self.procurement, self.account, command.credit_codes, command.deadline, decimal(command.ceiling),
            self._now())
        return not self.refuse(refusal, [w.message for w in warnings])

    def invite(self) -> None:
        command, _why = self.invitation()
        if command is None or not self.check_invite():
            return
        self.queue(self.buttons["invite"], self.procurement.procurement_id,
                   self.tr("已发起二次竞价，联网同步后受邀供应商可以报价。"), command)

    def _bidding(self, layout: QVBoxLayout) -> None:
        r = self.procurement.record
        assert r is not None
        names = {s.credit_code: s.name for s in r.suppliers}
        form = QFormLayout()
        form.addRow(self.tr("竞价响应截止时间（北京时间）："), QLabel(china_time(r.deadline)))
        form.addRow(self.tr("最高限价（元）："), QLabel(r.ceiling or "—"))
        invited = QLabel("、".join(names.get(c, c) for c in r.invited))
        invited.setWordWrap(True)
        form.addRow(self.tr("受邀供应商："), invited)
        self.bids_label = QLabel(self.tr("已收到 {n} 份报价，截止时间后开启。").format(n=r.bid_count))
        self.bids_label.setObjectName("second_stage_bid_count")
        form.addRow(self.tr("报价："), self.bids_label)
        layout.addLayout(form)
        layout.addWidget(box(self.tr("截止时间后点击【确定成交供应商】：报价最低的供应商成交，各家报价按排名公开；"
                                     "无人报价则竞价失败。"), INFO_BOX))
        button = self.buttons.setdefault("award", self.primary(self.tr("确定成交供应商"), "second_stage_award"))
        button.clicked.connect(self.award_bids)
        self.refuse(rules.award_bids_refusal(self.procurement, self.account, self._now()))

    def award_bids(self) -> None:
        if self.refuse(rules.award_bids_refusal(self.procurement, self.account, self._now())):
            return
        self.queue(self.buttons["award"], self.procurement.procurement_id,
                   self.tr("已确定二次竞价成交供应商，联网同步后查看报价排名并进行合同备案。"),
                   AwardBids(self.procurement.procurement_id))
