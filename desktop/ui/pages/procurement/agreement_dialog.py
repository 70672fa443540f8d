"""【合同管理】-【框架协议备案】 (seed manual 1.3.1.4): 【新增】/【修改】 the filing, and 【查看】/【审核】.

Pick the project (one whose 入围结果公告 is published); 征集人 and 入围供应商 (with their 委托代理商) are
carried by the system and locked — addresses and contacts change in 入围供应商管理 — and only the
validity period is the filer's own (Order No. 110's limits as warnings). 【保存】 goes to the outbox;
the list's 【备案】 sends it to the 内部审核岗, whose approval completes the filing.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_commands import ApproveAgreement, ReturnAgreement, SaveAgreementFiling
from desktop.domain.protocol import AccountInfo
from desktop.ui.errors import present_error
from desktop.ui.ops import Op
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.announcement_view import PAGE_CSS
from desktop.ui.pages.procurement.command_dialog import CommandDialog
from desktop.ui.pages.procurement.framework_service import FrameworkService, Project
from desktop.ui.pages.procurement.framework_widgets import (
    INFO_BOX,
    PENDING_BOX,
    PROBLEM_STYLE,
    RETURN_BOX,
    TITLE_STYLE,
    ReviewBox,
    box,
    history_html,
    locked,
    pending_note,
)
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE


def _date(text: str | None) -> QDate:
    day = dt.date.fromisoformat(text) if text else dt.date.today()
    return QDate(day.year, day.month, day.day)


def suppliers_html(project: Project, title: str) -> str:
    """The carried suppliers and their agents (the filing's, else the roster as it will be)."""
    e = html.escape
    if project.agreement is not None and project.filing_form is None:
        rows = [(s.name, s.credit_code, s.address, s.contact_person, s.phone, "、".join(a.name for a in s.agents))
                for s in project.agreement.suppliers]
    else:
        rows = [(s.info.name, s.info.credit_code, s.info.address, s.info.contact_person, s.info.phone,
                 "、".join(a.name for a in s.agents)) for s, _p in rules.roster(project)]
    cells = "".join("<tr>" + "".join(f"<td{' nowrap' if n == 1 else ''}>{e(v or '—')}</td>" for n, v in enumerate(row))
                    + "</tr>" for row in rows)
    heads = "".join(f"<th>{e(h)}</th>" for h in title.split("|"))
    return f"{PAGE_CSS}<table><tr>{heads}</tr>{cells}</table>"


class AgreementFilingDialog(CommandDialog):
    def __init__(self, service: FrameworkService, candidates: list[Project], project: Project | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("agreement_dialog")
        self.setWindowTitle(self.tr("框架协议备案"))
        self.candidates = [project] if project is not None else candidates
        heading = QLabel(self.tr("框架协议备案编辑") if project is not None else self.tr("新增框架协议备案"))
        heading.setStyleSheet(TITLE_STYLE)
        self.project_combo = QComboBox()
        self.project_combo.setObjectName("agreement_project")
        for p in self.candidates:
            self.project_combo.addItem(f"{p.number}  {p.project_name}", p.plan_id)
        self.project_combo.setEnabled(project is None and bool(self.candidates))
        self.returned = box("", RETURN_BOX, "agreement_returned")
        self.blocked = box("", PENDING_BOX, "agreement_refusal")
        self.collector_edit = locked("", "agreement_collector")
        self.code_edit = locked("", "agreement_collector_code")
        self.form_edit = locked("", "agreement_form")
        self.category_edit = locked("", "agreement_category")
        self.suppliers = QTextBrowser(self)
        self.suppliers.setObjectName("agreement_suppliers")
        self.suppliers.setMinimumHeight(120)
        self.start_edit = QDateEdit()
        self.start_edit.setObjectName("agreement_start")
        self.end_edit = QDateEdit()
        self.end_edit.setObjectName("agreement_end")
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.recheck())
        validity = QHBoxLayout()
        validity.addWidget(self.start_edit)
        validity.addWidget(QLabel(self.tr("至")))
        validity.addWidget(self.end_edit)
        validity.addStretch(1)
        fields = QWidget(self)
        form = QFormLayout(fields)
        form.addRow(self.tr("选择项目："), self.project_combo)
        form.addRow(self.tr("征集人："), self.collector_edit)
        form.addRow(self.tr("统一社会信用代码："), self.code_edit)
        form.addRow(self.tr("框架协议类型："), self.form_edit)
        form.addRow(self.tr("项目分类："), self.category_edit)
        form.addRow(self.tr("入围供应商："), self.suppliers)
        remedy = self.tr("如入围供应商地址以及联系方式有变化，可到“入围供应商管理”功能中进行维护")
        form.addRow("", box(remedy, INFO_BOX))
        form.addRow(self.tr("框架协议有效期："), validity)
        self.problems = QLabel()
        self.problems.setObjectName("agreement_problems")
        self.problems.setWordWrap(True)
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("agreement_save")
        self.save_button.setStyleSheet(BUTTON_STYLE.format(name="agreement_save", colour="#1565c0"))
        self.save_button.setToolTip(self.tr("保存后在列表页面点击【备案】提交内部审核岗审核"))
        cancel = QPushButton(self.tr("取消"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.returned)
        layout.addWidget(self.blocked)
        layout.addWidget(fields, 1)
        layout.addLayout(buttons)
        self.project_combo.currentIndexChanged.connect(lambda _i: self.show_project())
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        self.resize(900, 580)
        self.show_project()

    @property
    def project(self) -> Project | None:
        index = self.project_combo.currentIndex()
        return self.candidates[index] if 0 <= index < len(self.candidates) else None

    def show_project(self) -> None:
        p = self.project
        none = self.tr("没有可以备案的项目：入围结果公告发布后才可以进行框架协议备案")
        self.refusal = rules.filing_refusal(p) if p is not None else none
        self.blocked.setText(self.refusal or "")
        self.blocked.setVisible(self.refusal is not None)
        record, pending = (p.agreement, p.filing_form) if p is not None else (None, None)
        self.returned.setText(self.tr("退回原因：{reason}").format(reason=record.return_reason if record else ""))
        self.returned.setVisible(record is not None and record.status == "已退回")
        self.collector_edit.setText(record.collector_name if record else (p.carried.name if p else ""))
        self.code_edit.setText(record.collector_credit_code if record else (p.collector_credit_code if p else ""))
        self.form_edit.setText(p.form if p else "")
        category = p.plan.form.category if p is not None else None
        self.category_edit.setText(category.value if category is not None else "")
        self.suppliers.setHtml(suppliers_html(p, self.tr("供应商名称|统一社会信用代码|地址|联系人|联系电话|委托代理商"))
                               if p is not None else "")
        start = (pending.validity_start if pending else None) or (record.validity_start if record else None) or \
            (p.plan.form.validity_start if p else None)
        end = (pending.validity_end if pending else None) or (record.validity_end if record else None) or \
            (p.plan.form.validity_end if p else None)
        self.start_edit.setDate(_date(start))
        self.end_edit.setDate(_date(end))
        self.save_button.setEnabled(self.refusal is None)
        self.recheck()

    def _dates(self) -> tuple[dt.date, dt.date]:
        return self.start_edit.date().toPython(), self.end_edit.date().toPython()  # type: ignore[return-value]

    def recheck(self) -> str | None:
        p = self.project
        if p is None:
            return None
        refusal, warnings = rules.check_validity(p, *self._dates())
        lines = ([f"✘ {refusal}"] if refusal else []) + [f"⚠ {w.message}" for w in warnings]
        self.problems.setText("\n".join(lines))
        self.problems.setStyleSheet(PROBLEM_STYLE if refusal else "QLabel { color: #8a5300; }")
        return refusal

    def command(self) -> SaveAgreementFiling | None:
        p = self.project
        if p is None:
            return None
        start, end = self._dates()
        codes = [s.credit_code for s, _p in rules.roster(p)] if p.agreement is None else \
            [s.credit_code for s in p.agreement.suppliers]
        return SaveAgreementFiling(p.filing_id or self._service.new_id("a"), p.plan_id, start.isoformat(),
                                   end.isoformat(), self.collector_edit.text(), codes)

    def save(self) -> None:
        p, command = self.project, self.command()
        if p is None or command is None or self.refusal is not None or self.recheck() is not None:
            return
        message = self.tr("框架协议备案已保存，请在列表页面点击【备案】提交审核。")
        self.queue_and_close(p.plan_id, message, [command], [self.save_button])


class AgreementViewDialog(QDialog):
    """【查看】/【审核】 of a filing: what was filed, its 审核记录, and the 内部审核岗's buttons."""

    acted = Signal(str, str)  # plan id, status message

    def __init__(self, service: FrameworkService, project: Project, account: AccountInfo | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agreement_view")
        self.setWindowTitle(self.tr("框架协议备案"))
        self._service = service
        self.project = project
        self.error_dialog: QWidget | None = None
        record = project.agreement
        pending = project.pending_names(project.filing_id)
        in_review = record is not None and record.pending_step is not None
        self.refusal = rules.review_refusal(project.filing_id or "", project.plan.collector_unit_id, record, account,
                                            pending) if in_review else None
        title = QLabel(html.escape(project.project_name))
        title.setStyleSheet(TITLE_STYLE)
        state = record.state_label if record is not None else self.tr("待备案（未同步）")
        self.state = QLabel(self.tr("计划编号：{number}    状态：{state}").format(number=project.number, state=state))
        self.state.setObjectName("agreement_state")
        self.pending = box(pending_note(pending), PENDING_BOX)
        self.pending.setVisible(bool(pending))
        facts = QWidget(self)
        form = QFormLayout(facts)
        start = record.validity_start if record else None
        end = record.validity_end if record else None
        scope = (record.scope_region_name if record else "") or self.tr("征集人本单位及其所属单位")
        period = self.tr("{start} 至 {end}").format(start=start or "—", end=end or "—")
        for label, value in ((self.tr("征集人："), record.collector_name if record else project.carried.name),
                             (self.tr("框架协议类型："), project.form), (self.tr("适用范围："), scope),
                             (self.tr("框架协议有效期："), period)):
            text = QLabel(value)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, text)
        self.suppliers = QTextBrowser(self)
        heads = self.tr("供应商名称|统一社会信用代码|地址|联系人|联系电话|委托代理商")
        self.suppliers.setHtml(suppliers_html(project, heads))
        self.history = QLabel(history_html(record.history if record else []))
        self.history.setTextFormat(Qt.TextFormat.RichText)
        self.history.setWordWrap(True)
        self.review = ReviewBox(self.refusal, in_review, self)
        self.review.approve_requested.connect(self.approve)
        self.review.return_requested.connect(self.return_)
        close = QPushButton(self.tr("关闭"))
        close.clicked.connect(self.reject)
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(close)
        layout = QVBoxLayout(self)
        for widget in (title, self.state, self.pending, facts):
            layout.addWidget(widget)
        if record is not None and record.status == "已退回":
            layout.addWidget(box(self.tr("退回原因：{reason}").format(reason=record.return_reason), RETURN_BOX))
        layout.addWidget(QLabel(self.tr("入围供应商（系统自动带出）：")))
        layout.addWidget(self.suppliers, 1)
        layout.addWidget(self.history)
        layout.addWidget(self.review)
        layout.addLayout(footer)
        self.resize(860, 620)

    def approve(self) -> None:
        record, service = self.project.agreement, self._service
        if record is None or self.project.filing_id is None:
            return
        command = ApproveAgreement(self.project.filing_id, record.submission)
        message = self.tr("框架协议备案已审核通过，联网同步后备案完成。")
        Op(self, lambda: service.queue(command)).success(lambda _r: self._done(message)).failure(self._failed).run()

    def return_(self, reason: str) -> None:
        record, service = self.project.agreement, self._service
        if record is None or self.project.filing_id is None:
            return
        command = ReturnAgreement(self.project.filing_id, record.submission, reason)
        message = self.tr("框架协议备案已退回经办岗，联网同步后生效。")
        Op(self, lambda: service.queue(command)).success(lambda _r: self._done(message)).failure(self._failed).run()

    def _done(self, message: str) -> None:
        self.acted.emit(self.project.plan_id, message)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.review.set_busy(False)
        self.error_dialog = present_error(self, error)
