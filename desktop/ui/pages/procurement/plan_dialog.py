"""框架协议计划备案填报 (seed manual 1.3.1.1 第一步, 1.3.3 第一步): the form, checked as the user types
with the server's own rules, and 【保存】 / 【提交】 through the outbox.

【保存】 keeps a draft even with problems (the server accepts an incomplete draft and lists what still
blocks it); 【提交】 first saves, and only when nothing blocks: the problems are shown next to their
fields instead. Order No. 110's warnings never block. Both work offline: the commands wait in the
outbox and the list marks the plan 待同步.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.plan_commands import PlanForm
from desktop.domain.workflow.plan import CollectorIdentity
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement.plan_form import PlanFormWidget
from desktop.ui.pages.procurement.service import FormContext, PlanCheck, PlanService

BUTTON_STYLE = ("QPushButton#{name} {{ background: {colour}; color: white; font-weight: bold; padding: 5px 18px;"
                " border-radius: 4px; border: none; }} QPushButton#{name}:disabled {{ background: #a9bcd3; }}")
SUMMARY_BAD = "QLabel { color: #c62828; }"
SUMMARY_OK = "QLabel { color: #2e7d32; }"


class PlanDialog(QDialog):
    saved = Signal(str, bool)  # plan id, submitted too

    def __init__(self, service: PlanService, context: FormContext, identity: CollectorIdentity,
                 plan_id: str | None = None, form: PlanForm | None = None, return_reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_dialog")
        self.setWindowTitle(self.tr("框架协议计划备案"))
        self._service = service
        self.plan_id = plan_id or service.new_plan_id()
        self.is_new = plan_id is None
        self.check = PlanCheck()
        self.error_dialog: QWidget | None = None
        self._saving = False

        heading = QLabel(self.tr("计划备案信息填报") if self.is_new else self.tr("修改计划备案"))
        heading.setStyleSheet("QLabel { font-size: 12pt; font-weight: bold; color: #1f3a5f; }")
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("plan_save")
        self.save_button.setStyleSheet(BUTTON_STYLE.format(name="plan_save", colour="#546e7a"))
        self.save_button.setToolTip(self.tr("保存为草稿，可以稍后修改再提交"))
        self.submit_button = QPushButton(self.tr("提交"))
        self.submit_button.setObjectName("plan_submit")
        self.submit_button.setStyleSheet(BUTTON_STYLE.format(name="plan_submit", colour="#1565c0"))
        self.submit_button.setToolTip(self.tr("保存并提交，流转至单位内部审核岗审核"))
        cancel = QPushButton(self.tr("取消"))
        top = QWidget(self)
        bar = QHBoxLayout(top)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(heading)
        bar.addStretch(1)
        for button in (self.save_button, self.submit_button, cancel):
            bar.addWidget(button)

        self.returned = QLabel(self.tr("退回原因：{reason}").format(reason=return_reason))
        self.returned.setObjectName("plan_return_reason")
        self.returned.setWordWrap(True)
        self.returned.setStyleSheet("QLabel { color: #b71c1c; background: #fdecea; border: 1px solid #ef9a9a;"
                                    " border-radius: 4px; padding: 6px; }")
        self.returned.setVisible(bool(return_reason))
        self.form = PlanFormWidget(context, identity, self)
        self.scroll_area = scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary = QLabel()
        self.summary.setObjectName("plan_summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(top)
        layout.addWidget(self.returned)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.summary)
        self.resize(780, 640)

        self.form.load(form)
        if form is not None:
            self.form.reveal = True  # a saved plan: show what still blocks it at once
        self.form.changed.connect(self.recheck)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        cancel.clicked.connect(self.reject)
        self.recheck()

    # --- checking --------------------------------------------------------------------------

    def recheck(self) -> PlanCheck:
        """Run the rules on the form as it stands (pure and fast: on the GUI thread)."""
        self.check = self.form.context.check(self.form.form())
        self.form.show_check(self.check)
        problems, warnings = len(self.check.problems), len(self.check.warnings)
        if problems:
            text = self.tr("还有 {n} 项不符合要求，修改后才能提交（可以先保存）。").format(n=problems)
            self.summary.setStyleSheet(SUMMARY_BAD)
        else:
            text = self.tr("填报信息符合要求，可以提交。")
            self.summary.setStyleSheet(SUMMARY_OK)
        if warnings:
            text += self.tr(" 另有 {n} 项财政部令第110号的提示，不影响提交。").format(n=warnings)
        self.summary.setText(text)
        return self.check

    @property
    def problem_texts(self) -> dict[str, str]:
        """What each field row shows now (empty rows left out): for tests and screenshots."""
        return {key: row.text for key, row in self.form.rows.items() if row.text}

    # --- saving ----------------------------------------------------------------------------

    def save(self, submit: bool) -> None:
        if self._saving:
            return
        self.form.reveal = True
        check = self.recheck()
        shape = [p for p in check.problems if p.field == "form"]
        if shape or (submit and check.problems):
            self.summary.setStyleSheet(SUMMARY_BAD)
            self.summary.setText(self.tr("不能提交：请先修改标红的 {n} 项内容。").format(n=len(check.problems))
                                 if not shape else self.tr("不能保存：{reason}").format(reason=shape[0].message))
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.submit_button.setEnabled(False)
        service, plan_id, form = self._service, self.plan_id, self.form.form()
        Op(self, lambda: service.save(plan_id, form, submit)) \
            .success(lambda _id: self._saved(submit)).failure(self._failed).run()

    def _saved(self, submitted: bool) -> None:
        self._saving = False
        self.saved.emit(self.plan_id, submitted)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.submit_button.setEnabled(True)
        self.error_dialog = present_error(self, error)
