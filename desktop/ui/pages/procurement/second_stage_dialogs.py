"""【新增】 a second-stage procurement (pick a filed framework agreement the purchaser is inside the scope
of — the others are listed with the domain's reason — and a title), and the base of the second-stage
dialogs that queue a command: refusals are shown next to the buttons before anything is queued.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.second_stage_commands import (
    CreateSecondStage,
    SecondStageCommand,
)
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement.framework_widgets import INFO_BOX, PROBLEM_STYLE, TITLE_STYLE, box, locked
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE
from desktop.ui.pages.procurement.second_stage_service import (
    AgreementOption,
    SecondStageService,
)

WARN_STYLE = "QLabel { color: #8a5300; }"


def china_time(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}" if moment is not None else "—"


class QueueingDialog(QDialog):
    """A dialog whose main button queues commands, then closes (``acted``: procurement id, message)."""

    acted = Signal(str, str)

    def __init__(self, service: SecondStageService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self.error_dialog: QWidget | None = None
        self.busy: QPushButton | None = None
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(PROBLEM_STYLE)

    def primary(self, text: str, name: str, colour: str = "#1565c0") -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setStyleSheet(BUTTON_STYLE.format(name=name, colour=colour))
        button.setMinimumWidth(110)
        return button

    def footer(self, *buttons: QPushButton) -> QHBoxLayout:
        cancel = QPushButton(self.tr("取消"))
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.problems, 1)
        for button in (*buttons, cancel):
            row.addWidget(button)
        return row

    def refuse(self, reason: str | None, warnings: Sequence[str] = ()) -> bool:
        """Show the refusal (True: refused) or the warnings next to the buttons."""
        lines = ([f"✘ {reason}"] if reason else []) + [f"⚠ {w}" for w in warnings]
        self.problems.setText("\n".join(lines))
        self.problems.setStyleSheet(PROBLEM_STYLE if reason else WARN_STYLE)
        return reason is not None

    def queue(self, button: QPushButton, procurement_id: str, message: str, *commands: SecondStageCommand) -> None:
        service = self._service
        button.setEnabled(False)
        self.busy = button
        Op(self, lambda: service.queue(*commands)).success(lambda _r: self._done(procurement_id, message)) \
            .failure(self._failed).run()

    def _done(self, procurement_id: str, message: str) -> None:
        self.acted.emit(procurement_id, message)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if self.busy is not None:
            self.busy.setEnabled(True)
        self.error_dialog = present_error(self, error)


class NewProcurementDialog(QueueingDialog):
    """【新增】: the filed agreements this purchaser may use (the others listed with the reason)."""

    def __init__(self, service: SecondStageService, agreements: list[AgreementOption],
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("second_stage_new")
        self.setWindowTitle(self.tr("合同备案"))
        self.usable = [a for a in agreements if a.refusal is None]
        others = [a for a in agreements if a.refusal is not None]
        heading = QLabel(self.tr("新增二阶段采购（框架协议）"))
        heading.setStyleSheet(TITLE_STYLE)
        self.agreement_combo = QComboBox()
        self.agreement_combo.setObjectName("second_stage_agreement")
        for a in self.usable:
            self.agreement_combo.addItem(f"{a.record.plan_number}  {a.record.project_name}", a.plan_id)
        self.collector_edit = locked("", "second_stage_collector")
        self.form_edit = locked("", "second_stage_form")
        self.scope_edit = locked("", "second_stage_scope")
        self.validity_edit = locked("", "second_stage_validity")
        self.price_edit = locked("", "second_stage_price")
        self.suppliers = QLabel()
        self.suppliers.setWordWrap(True)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("second_stage_title")
        self.title_edit.setPlaceholderText(self.tr("例如：2027年度法律顾问服务"))
        form = QFormLayout()
        form.addRow(self.tr("选择框架协议："), self.agreement_combo)
        form.addRow(self.tr("征集人："), self.collector_edit)
        form.addRow(self.tr("框架协议类型："), self.form_edit)
        form.addRow(self.tr("适用范围："), self.scope_edit)
        form.addRow(self.tr("框架协议有效期："), self.validity_edit)
        form.addRow(self.tr("协议价格（最高入围价格）："), self.price_edit)
        form.addRow(self.tr("入围供应商："), self.suppliers)
        form.addRow(self.tr("采购项目名称："), self.title_edit)
        method = self.tr("确定成交供应商的方式为征集阶段确定的方式（直接选定、二次竞价或顺序轮候），"
                         "开放式框架协议直接选定。")
        self.others = box("", INFO_BOX, "second_stage_others")
        lines = [self.tr("以下框架协议不适用于本单位：")] + [
            f"• {a.record.project_name}：{a.refusal}" for a in others]
        self.others.setText("\n".join(lines))
        self.others.setVisible(bool(others))
        self.save_button = self.primary(self.tr("保存"), "second_stage_save")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(box(method, INFO_BOX))
        layout.addWidget(self.others)
        layout.addStretch(1)
        layout.addLayout(self.footer(self.save_button))
        self.agreement_combo.currentIndexChanged.connect(lambda _i: self.show_agreement())
        self.save_button.clicked.connect(self.save)
        self.resize(760, max(360, self.sizeHint().height()))
        self.show_agreement()

    @property
    def agreement(self) -> AgreementOption | None:
        index = self.agreement_combo.currentIndex()
        return self.usable[index] if 0 <= index < len(self.usable) else None

    def choose(self, plan_id: str) -> bool:
        index = self.agreement_combo.findData(plan_id)
        self.agreement_combo.setCurrentIndex(index)
        return index >= 0

    def show_agreement(self) -> None:
        a = self.agreement
        r = a.record if a is not None else None
        self.collector_edit.setText(r.collector_name if r else "")
        self.form_edit.setText(r.form if r else "")
        self.scope_edit.setText((r.scope_region_name or self.tr("{name}及其所属预算单位").format(name=r.collector_name))
                                if r else "")
        self.validity_edit.setText(self.tr("{start} 至 {end}").format(start=r.validity_start or "—",
                                                                       end=r.validity_end or "—") if r else "")
        self.price_edit.setText(self.tr("{price} 元").format(price=f"{a.ceiling:f}") if a and a.ceiling else "—")
        self.suppliers.setText("、".join(s.name for s in r.suppliers) if r else "")
        self.save_button.setEnabled(a is not None)
        self.refuse(None if a is not None else self.tr("没有本单位可以使用的已备案框架协议"))

    def save(self) -> None:
        a = self.agreement
        if a is None:
            return
        if not self.title_edit.text().strip():
            self.refuse(self.tr("请填写采购项目名称"))
            return
        command = CreateSecondStage(self._service.new_id("s"), a.plan_id, self.title_edit.text().strip())
        message = self.tr("二阶段采购已新增，联网同步后确定成交供应商。")
        self.queue(self.save_button, command.procurement_id, message, command)
