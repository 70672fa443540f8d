"""The 计划备案 form (seed manual 1.3.1.1 信息填报内容说明, 1.3.3 填报说明): the fields of
:class:`desktop.domain.plan_commands.PlanForm`, each with a line under it for what the rules say.

Problems (the manual's rules: they block 提交) are red, Order No. 110's warnings amber; both come
from :meth:`FormContext.check`, the server's own rules run here, and appear for the fields the user
has touched, or for all of them once he asked to save or submit.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.plan_commands import MAX_BUDGET_YEAR, MIN_BUDGET_YEAR, PlanForm, PlanItemForm
from desktop.domain.workflow.agreement import SecondStageMethod
from desktop.domain.workflow.common import AdminLevel, Category
from desktop.domain.workflow.order110 import AgreementForm, EvaluationMethod, OpenFormGround
from desktop.domain.workflow.plan import ALLOWED_AGENCY_TYPES, AgencyType, CollectorIdentity, default_agency_type
from desktop.ui.pages.procurement.fields import FieldRow, row_of
from desktop.ui.pages.procurement.item_picker import ItemPickerDialog, item_text
from desktop.ui.pages.procurement.rules import PROBLEM_FIELDS, WARNING_FIELDS
from desktop.ui.pages.procurement.service import FormContext, PlanCheck

HINT_STYLE = "QLabel { color: #5f6b7a; }"
TRADING_PLATFORM = "河南省公共资源交易系统"
_AGENCY_ORDER = (AgencyType.NONE, AgencyType.CENTRAL_PROCUREMENT, AgencyType.ENTRUSTED_CENTRAL_AGENCY,
                 AgencyType.ENTRUSTED_SOCIAL_AGENCY)


class PlanFormWidget(QWidget):
    changed = Signal()

    def __init__(self, context: FormContext, identity: CollectorIdentity, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_form")
        self.context = context
        self.identity = identity
        self.items: list[PlanItemForm] = []
        self.touched: set[str] = set()
        self.reveal = False
        self.rows: dict[str, FieldRow] = {}
        self._forms: list[QFormLayout] = []
        self.picker: ItemPickerDialog | None = None
        self._loading = False
        self._build()

    # --- building --------------------------------------------------------------------------

    def _field(self, key: str, form: QFormLayout, label: str, widget: QWidget) -> None:
        row = FieldRow(widget, self)
        row.setObjectName(f"field_{key}")
        self.rows[key] = row
        form.addRow(label, row)

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        group = QGroupBox(title, self)
        form = QFormLayout(group)
        self._forms.append(form)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return group, form

    def _build(self) -> None:
        context, central = self.context, self.identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY
        self.general = FieldRow(QWidget(self), self)
        self.rows["general"] = self.general

        collector_box, collector = self._group(self.tr("征集人信息"))
        self.identity_label = QLabel(self.identity.value)
        self.collector_label = QLabel(context.collector.name if context.collector else "—")
        self._field("identity", collector, self.tr("征集人身份："), self.identity_label)
        collector.addRow(self.tr("征集人："), self.collector_label)
        if self.identity is CollectorIdentity.SUBORDINATE_BUDGET_UNIT:
            name = context.supervising_unit.name if context.supervising_unit else self.tr("（未登记）")
            collector.addRow(self.tr("主管预算单位："), QLabel(name))
        collector.addRow(self.tr("所属区域："), QLabel(context.region.name if context.region else "—"))

        project_box, project = self._group(self.tr("项目信息"))
        self.project_edit = QLineEdit()
        self.project_edit.setObjectName("plan_project_name")
        self.project_edit.setMaxLength(200)
        self.project_edit.setPlaceholderText(self.tr("例如：郑州市教育局法律顾问服务框架协议"))
        self._field("project_name", project, self.tr("项目名称："), self.project_edit)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(MIN_BUDGET_YEAR, MAX_BUDGET_YEAR)
        self.year_spin.setValue(QDate.currentDate().year())
        project.addRow(self.tr("预算年度："), row_of(self, self.year_spin))
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("plan_category")
        self.category_combo.addItem(self.tr("请选择"), None)
        for category in Category:
            self.category_combo.addItem(category.value, category.value)
        self._field("category", project, self.tr("框架协议项目分类："), row_of(self, self.category_combo))
        self.items_list = QListWidget()
        self.items_list.setObjectName("plan_items")
        self.items_list.setMaximumHeight(84)
        self.pick_button = QPushButton(self.tr("选择品目"))
        self.remove_item_button = QPushButton(self.tr("移除"))
        buttons = QWidget(self)
        column = QVBoxLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.pick_button)
        column.addWidget(self.remove_item_button)
        column.addStretch(1)
        self._field("items", project, self.tr("采购内容："), row_of(self, self.items_list, buttons, stretch=0))
        self.budget_edit = QLineEdit()
        self.budget_edit.setObjectName("plan_budget")
        self.budget_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,13}(\.\d{0,2})?"), self))
        self.budget_edit.setPlaceholderText(self.tr("需达到本地区分散采购限额"))
        self._field("annual_budget", project, self.tr("年度采购预算金额（元）："), self.budget_edit)

        agreement_box, agreement = self._group(self.tr("框架协议"))
        self.form_combo = QComboBox()
        self.form_combo.setObjectName("plan_form_kind")
        for shape in AgreementForm:
            self.form_combo.addItem(shape.value, shape.value)
        self._field("form", agreement, self.tr("框架协议类型："), row_of(self, self.form_combo))
        self.ground_combo = QComboBox()
        self.ground_combo.addItem(self.tr("请选择"), None)
        for ground in OpenFormGround:
            self.ground_combo.addItem(ground.value, ground.value)
        self.ground_row = FieldRow(self.ground_combo, self)
        agreement.addRow(self.tr("开放式适用情形："), self.ground_row)
        self.ground_label = agreement.labelForField(self.ground_row)
        self.stage_combo = QComboBox()  # 封闭式 only: fixed at collection, used in the second stage
        self.stage_combo.setObjectName("plan_second_stage_method")
        for stage_method in SecondStageMethod:
            self.stage_combo.addItem(stage_method.value, stage_method.value)
        self.stage_combo.setToolTip(self.tr("封闭式框架协议在征集阶段确定二阶段确定成交供应商的方式：直接选定、二次竞价或顺序轮候；"
                                            "开放式框架协议由采购人直接选定"))
        self.stage_row = FieldRow(self.stage_combo, self)
        agreement.addRow(self.tr("二阶段确定成交供应商的方式："), self.stage_row)
        self.stage_label = agreement.labelForField(self.stage_row)
        self.method_combo = QComboBox()
        self.method_combo.addItem(self.tr("未确定"), None)
        for method in EvaluationMethod:
            self.method_combo.addItem(method.value, method.value)
        agreement.addRow(self.tr("评审方法："), row_of(self, self.method_combo))
        self.rate_edit = QLineEdit()
        self.rate_edit.setObjectName("plan_elimination_rate")
        self.rate_edit.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,3}(\.\d{0,2})?"), self))
        self.rate_edit.setMaximumWidth(120)
        self._field("elimination_rate", agreement, self.tr("淘汰率（%）："), row_of(self, self.rate_edit))
        self.validity_check = QCheckBox(self.tr("设定"))
        self.start_edit, self.end_edit = QDateEdit(), QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.start_edit.setDate(QDate(self.year_spin.value(), 1, 1))
        self.end_edit.setDate(QDate(self.year_spin.value(), 12, 31))
        self._field("validity", agreement, self.tr("框架协议有效期："),
                    row_of(self, self.validity_check, self.start_edit, QLabel(self.tr("至")), self.end_edit))

        agency_box, agency = self._group(self.tr("代理机构与适用范围"))
        self.agency_type_combo = QComboBox()
        self.agency_type_combo.setObjectName("plan_agency_type")
        for kind in _AGENCY_ORDER:
            if kind in ALLOWED_AGENCY_TYPES[self.identity]:
                self.agency_type_combo.addItem(kind.value, kind.value)
        self._field("agency_type", agency, self.tr("代理机构类型："), row_of(self, self.agency_type_combo))
        self.agency_combo = QComboBox()
        self.agency_combo.setObjectName("plan_agency")
        self.agency_combo.setMinimumContentsLength(16)
        self._field("agency", agency, self.tr("委托集采机构：") if central else self.tr("委托代理机构："),
                    row_of(self, self.agency_combo))
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("plan_scope")
        for region in context.scope_choices():
            self.scope_combo.addItem(f"{region.name}（{region.code}）", region.code)
        if central:
            self._field("scope", agency, self.tr("适用采购人或服务对象范围："), row_of(self, self.scope_combo))
        self.platform_combo = QComboBox()
        self.platform_combo.setObjectName("plan_platform")
        self.platform_combo.addItem(self.tr("置为空值"), None)
        self.platform_combo.addItem(TRADING_PLATFORM, TRADING_PLATFORM)
        self.platform_hint = QLabel(self.tr("目前只有省本级完成政府采购系统与河南省公共资源交易系统的业务对接，"
                                            "地市采购单位交易平台选择“置为空值”。"))
        self.platform_hint.setWordWrap(True)
        self.platform_hint.setStyleSheet(HINT_STYLE)
        platform = QWidget(self)
        stack = QVBoxLayout(platform)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(row_of(self, self.platform_combo))
        stack.addWidget(self.platform_hint)
        self._field("trading_platform", agency, self.tr("交易平台："), platform)

        self._align_labels()
        layout = QVBoxLayout(self)
        layout.addWidget(self.general)
        for box in (collector_box, project_box, agreement_box, agency_box):
            layout.addWidget(box)
        layout.addStretch(1)
        self._connect()
        self._sync_enabled()

    def _align_labels(self) -> None:
        """One label column for every group (each QFormLayout sizes its own otherwise)."""
        labels: list[QWidget] = []
        for form in self._forms:
            for r in range(form.rowCount()):
                item = form.itemAt(r, QFormLayout.ItemRole.LabelRole)
                label = item.widget() if item is not None else None
                if label is not None:
                    labels.append(label)
        width = max((label.sizeHint().width() for label in labels), default=0)
        for label in labels:
            label.setMinimumWidth(width)

    def _touch(self, key: str) -> None:
        if not self._loading:
            self.touched.add(key)
            self._sync_enabled()
            self.changed.emit()

    def _connect(self) -> None:
        touch = self._touch
        self.project_edit.textChanged.connect(lambda _t: touch("project_name"))
        self.year_spin.valueChanged.connect(lambda _v: touch("budget_year"))
        self.category_combo.currentIndexChanged.connect(lambda _i: touch("category"))
        self.budget_edit.textChanged.connect(lambda _t: touch("annual_budget"))
        self.form_combo.currentIndexChanged.connect(lambda _i: touch("form"))
        self.ground_combo.currentIndexChanged.connect(lambda _i: touch("form"))
        self.stage_combo.currentIndexChanged.connect(lambda _i: touch("form"))
        self.method_combo.currentIndexChanged.connect(lambda _i: touch("elimination_rate"))
        self.rate_edit.textChanged.connect(lambda _t: touch("elimination_rate"))
        self.validity_check.toggled.connect(lambda _c: touch("validity"))
        self.start_edit.dateChanged.connect(lambda _d: touch("validity"))
        self.end_edit.dateChanged.connect(lambda _d: touch("validity"))
        self.agency_type_combo.currentIndexChanged.connect(self._agency_type_changed)
        self.agency_combo.currentIndexChanged.connect(lambda _i: touch("agency"))
        self.scope_combo.currentIndexChanged.connect(lambda _i: touch("scope"))
        self.platform_combo.currentIndexChanged.connect(lambda _i: touch("trading_platform"))
        self.pick_button.clicked.connect(self.pick_items)
        self.remove_item_button.clicked.connect(self._remove_item)
        self.items_list.itemSelectionChanged.connect(self._sync_enabled)

    def _agency_type_changed(self, _index: int) -> None:
        self._fill_agencies()
        self._touch("agency_type")

    def _fill_agencies(self) -> None:
        kind = AgencyType(self.agency_type_combo.currentData() or AgencyType.NONE.value)
        wanted = self.agency_combo.currentData()
        blocker = self.agency_combo.blockSignals(True)
        self.agency_combo.clear()
        self.agency_combo.addItem(self.tr("请选择"), None)
        for party in self.context.agencies_for(kind):
            self.agency_combo.addItem(party.name, party.unit_id)
        found = self.agency_combo.findData(wanted) if wanted else -1
        self.agency_combo.setCurrentIndex(max(0, found))
        self.agency_combo.blockSignals(blocker)

    def _sync_enabled(self) -> None:
        is_open = self.form_combo.currentData() == AgreementForm.OPEN.value
        self.ground_row.setVisible(is_open)
        if self.ground_label is not None:
            self.ground_label.setVisible(is_open)
        self.stage_row.setVisible(not is_open)
        if self.stage_label is not None:
            self.stage_label.setVisible(not is_open)
        for edit in (self.start_edit, self.end_edit):
            edit.setEnabled(self.validity_check.isChecked())
        self.agency_combo.setEnabled(self.agency_type_combo.currentData() != AgencyType.NONE.value)
        province = self.context.region is not None and self.context.region.level is AdminLevel.PROVINCE
        self.platform_combo.setEnabled(province or self.platform_combo.currentData() is not None)
        self.platform_hint.setVisible(not province)
        self.remove_item_button.setEnabled(bool(self.items_list.selectedItems()))

    # --- items -----------------------------------------------------------------------------

    def pick_items(self) -> ItemPickerDialog:
        category = self.category_combo.currentData()
        picker = ItemPickerDialog(self.context.catalogue.values(), [i.code for i in self.items],
                                  Category(category) if category else None, self)
        picker.accepted.connect(lambda: self.set_items([PlanItemForm(i.code, i.name, i.in_catalogue)
                                                        for i in picker.chosen()]))
        self.picker = picker
        picker.open()
        return picker

    def set_items(self, items: list[PlanItemForm]) -> None:
        self.items = list(items)
        self.items_list.clear()
        inside, outside = self.tr("集采品目"), self.tr("目录以外")
        for entry in self.items:
            known = self.context.catalogue.get(entry.code)
            if known is not None:
                self.items_list.addItem(item_text(known, inside, outside))
            else:
                self.items_list.addItem(self.tr("{code}  {name}（不在本机品目目录中）").format(
                    code=entry.code, name=entry.name))
        self._touch("items")

    def _remove_item(self) -> None:
        rows = sorted((self.items_list.row(i) for i in self.items_list.selectedItems()), reverse=True)
        items = list(self.items)
        for row in rows:
            del items[row]
        self.set_items(items)

    # --- the form --------------------------------------------------------------------------

    @staticmethod
    def _choose(combo: QComboBox, value: object) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def load(self, form: PlanForm | None) -> None:
        """Show ``form`` (None: a new plan with the identity's defaults)."""
        self._loading = True
        try:
            if form is None:
                self._choose(self.agency_type_combo, default_agency_type(self.identity).value)
                self._fill_agencies()
                if self.context.region is not None:
                    self._choose(self.scope_combo, self.context.region.code)
                return
            self.project_edit.setText(form.project_name)
            self.year_spin.setValue(form.budget_year)
            self._choose(self.category_combo, form.category.value if form.category else None)
            self.budget_edit.setText(form.annual_budget if form.annual_budget.strip() not in ("", "0") else "")
            self._choose(self.form_combo, form.form.value)
            self._choose(self.ground_combo, form.open_form_ground.value if form.open_form_ground else None)
            self._choose(self.stage_combo, (form.second_stage_method or SecondStageMethod.DIRECT_SELECTION).value)
            self._choose(self.method_combo, form.evaluation_method.value if form.evaluation_method else None)
            self.rate_edit.setText(form.elimination_rate_percent or "")
            has_validity = form.validity_start is not None or form.validity_end is not None
            self.validity_check.setChecked(has_validity)
            for edit, value in ((self.start_edit, form.validity_start), (self.end_edit, form.validity_end)):
                if value:
                    edit.setDate(QDate.fromString(value, "yyyy-MM-dd"))
            kind = form.agency_type or default_agency_type(self.identity)
            self._choose(self.agency_type_combo, kind.value)
            self._fill_agencies()
            self._choose(self.agency_combo, form.agency_unit_id)
            if form.scope_region_codes:
                self._choose(self.scope_combo, form.scope_region_codes[0])
            self._choose(self.platform_combo, form.trading_platform)
            self.set_items(list(form.items))
        finally:
            self._loading = False
            self._sync_enabled()

    @staticmethod
    def _date(edit: QDateEdit) -> str:
        day = edit.date()
        return dt.date(day.year(), day.month(), day.day()).isoformat()

    def form(self) -> PlanForm:
        category = self.category_combo.currentData()
        kind = self.agency_type_combo.currentData()
        agency = self.agency_combo.currentData() if kind != AgencyType.NONE.value else None
        central = self.identity is CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY
        scope = self.scope_combo.currentData() if central else None
        is_open = self.form_combo.currentData() == AgreementForm.OPEN.value
        ground = self.ground_combo.currentData() if is_open else None
        stage = None if is_open else SecondStageMethod(self.stage_combo.currentData())
        method = self.method_combo.currentData()
        validity = self.validity_check.isChecked()
        budget = self.budget_edit.text().strip().rstrip(".")
        rate = self.rate_edit.text().strip().rstrip(".")
        return PlanForm(
            project_name=self.project_edit.text(), identity=self.identity, budget_year=self.year_spin.value(),
            annual_budget=budget or "0", category=Category(category) if category else None, items=list(self.items),
            form=AgreementForm(self.form_combo.currentData()), agency_type=AgencyType(kind) if kind else None,
            agency_unit_id=agency or None, scope_region_codes=[scope] if scope else [],
            trading_platform=self.platform_combo.currentData() or None,
            validity_start=self._date(self.start_edit) if validity else None,
            validity_end=self._date(self.end_edit) if validity else None,
            evaluation_method=EvaluationMethod(method) if method else None,
            elimination_rate_percent=rate or None, open_form_ground=OpenFormGround(ground) if ground else None,
            second_stage_method=stage)

    def show_check(self, check: PlanCheck) -> None:
        problems: dict[str, list[str]] = {}
        warnings: dict[str, list[str]] = {}
        for p in check.problems:
            problems.setdefault(PROBLEM_FIELDS.get(p.field, "general"), []).append(p.message)
        for w in check.warnings:
            warnings.setdefault(WARNING_FIELDS.get(w.code, "general"), []).append(w.message)
        for found in (problems, warnings):
            for key in [k for k in found if k not in self.rows]:
                found.setdefault("general", []).extend(found.pop(key))
        for key, row in self.rows.items():
            shown = self.reveal or key in self.touched or key == "general"
            row.say(problems.get(key, []) if shown else [], warnings.get(key, []) if shown else [])
