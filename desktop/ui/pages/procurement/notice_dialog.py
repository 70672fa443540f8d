"""征集公告 (seed manual 1.3.1.2 1): the template filled from the numbered plan.

征集人名称、联系人、联系方式 (the unit's 固话) are carried from the plan and locked; 联系地址 is editable;
分包信息 are entered here, or — 互认互通 projects — shown as the trading system pushed them (and nothing
can be edited before they arrive). 【保存】 keeps a draft; 【提交】 saves and sends it to the 内部审核岗,
only when the rules find nothing missing (checked here with the server's own rules). Both work
offline through the outbox.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.agreement_commands import LotForm, SaveCollectionNotice, SubmitAnnouncement
from desktop.ui.pages.procurement import framework_rules as rules
from desktop.ui.pages.procurement.command_dialog import CommandDialog
from desktop.ui.pages.procurement.framework_service import FrameworkService, Project
from desktop.ui.pages.procurement.framework_widgets import (
    INFO_BOX,
    PENDING_BOX,
    PROBLEM_STYLE,
    RETURN_BOX,
    TITLE_STYLE,
    box,
    locked,
)
from desktop.ui.pages.procurement.plan_dialog import BUTTON_STYLE, SUMMARY_OK

BAD_FIELD = "{kind} {{ border: 1px solid #c62828; background: #fff6f6; }}"


class CollectionNoticeDialog(CommandDialog):
    def __init__(self, service: FrameworkService, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.setObjectName("notice_dialog")
        self.setWindowTitle(self.tr("征集公告"))
        self.project = project
        self.notice_id = project.notice_id or service.new_id("n")
        self.refusal = rules.notice_refusal(project)
        record, form, carried = project.notice, project.notice_form, project.carried
        self.interop_lots = rules.bridge_lots(project) if project.is_interop else None

        heading = QLabel(html.escape(self.tr("征集公告编辑：{project}").format(project=project.project_name)))
        heading.setStyleSheet(TITLE_STYLE)
        heading.setWordWrap(True)
        self.returned = box(self.tr("退回原因：{reason}").format(reason=record.return_reason if record else ""),
                            RETURN_BOX, "notice_returned")
        self.returned.setVisible(record is not None and record.status == "已退回")
        self.blocked = box(self.refusal or "", PENDING_BOX, "notice_refusal")
        self.blocked.setVisible(self.refusal is not None)

        default_title = self.tr("{project}征集公告").format(project=project.project_name)
        self.title_edit = QLineEdit((form.title if form else record.title if record else "") or default_title)
        self.title_edit.setObjectName("notice_title")
        self.collector_edit = locked(carried.name, "notice_collector")
        self.contact_edit = locked(carried.contact_person, "notice_contact")
        self.phone_edit = locked(carried.phone, "notice_phone")
        self.address_edit = QLineEdit(form.address if form else carried.address)
        self.address_edit.setObjectName("notice_address")
        self.address_edit.setPlaceholderText(self.tr("带入后可以修改"))

        self.lots = QTableWidget(0, 3, self)
        self.lots.setObjectName("notice_lots")
        self.lots.setHorizontalHeaderLabels([self.tr("分包编号"), self.tr("分包名称"), self.tr("最高限制单价（元）")])
        self.lots.verticalHeader().hide()
        self.lots.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.lots.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.lots.setMinimumHeight(120)
        self.add_lot_button = QPushButton(self.tr("增加分包"))
        self.add_lot_button.setObjectName("notice_add_lot")
        self.remove_lot_button = QPushButton(self.tr("删除分包"))
        self.add_lot_button.clicked.connect(lambda: self.add_lot())
        self.remove_lot_button.clicked.connect(self._remove_lot)
        lot_buttons = QHBoxLayout()
        lot_buttons.addWidget(self.add_lot_button)
        lot_buttons.addWidget(self.remove_lot_button)
        lot_buttons.addStretch(1)
        interop_note = self.tr("互认互通项目：分包信息由公共资源交易系统在项目受理完成后推送，直接进行展示，不可更改。")
        self.lots_note = box(interop_note, INFO_BOX, "notice_lots_note")
        self.lots_note.setVisible(project.is_interop)
        if project.is_interop:
            for pushed in self.interop_lots or ():
                self.add_lot(pushed.number, pushed.name, str(pushed.max_unit_price or ""))
            self.lots.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            self.add_lot_button.hide()
            self.remove_lot_button.hide()
        else:
            for lot in (form.lots if form else (record.lots if record else [])):
                self.add_lot(lot.number, lot.name, lot.max_unit_price or "")
        lots_box = QWidget(self)
        lots_layout = QVBoxLayout(lots_box)
        lots_layout.setContentsMargins(0, 0, 0, 0)
        lots_layout.addWidget(self.lots_note)
        lots_layout.addWidget(self.lots)
        lots_layout.addLayout(lot_buttons)

        self.content_edit = QPlainTextEdit((form.content if form else record.content if record else "")
                                           or self.template())
        self.content_edit.setObjectName("notice_content")
        self.content_edit.setMinimumHeight(110)
        fields = QWidget(self)
        grid = QFormLayout(fields)
        grid.addRow(self.tr("公告标题："), self.title_edit)
        grid.addRow(self.tr("征集人名称："), self.collector_edit)
        grid.addRow(self.tr("联系人："), self.contact_edit)
        grid.addRow(self.tr("联系方式："), self.phone_edit)
        grid.addRow(self.tr("联系地址："), self.address_edit)
        grid.addRow(self.tr("分包信息："), lots_box)
        grid.addRow(self.tr("公告内容："), self.content_edit)

        self.problems = QLabel()
        self.problems.setObjectName("notice_problems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(PROBLEM_STYLE)
        self.problems.hide()
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setObjectName("notice_save")
        self.save_button.setStyleSheet(BUTTON_STYLE.format(name="notice_save", colour="#546e7a"))
        self.submit_button = QPushButton(self.tr("提交"))
        self.submit_button.setObjectName("notice_submit")
        self.submit_button.setStyleSheet(BUTTON_STYLE.format(name="notice_submit", colour="#1565c0"))
        self.submit_button.setToolTip(self.tr("保存并提交，经内部审核岗审核通过后发布在“采购公告”栏目"))
        cancel = QPushButton(self.tr("取消"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        for button in (self.save_button, self.submit_button, cancel):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.returned)
        layout.addWidget(self.blocked)
        layout.addWidget(fields, 1)
        layout.addLayout(buttons)
        for widget in (self.title_edit, self.address_edit, self.lots, self.content_edit, self.add_lot_button,
                       self.remove_lot_button, self.save_button, self.submit_button):
            widget.setEnabled(self.refusal is None)
        self.save_button.clicked.connect(lambda: self.save(submit=False))
        self.submit_button.clicked.connect(lambda: self.save(submit=True))
        cancel.clicked.connect(self.reject)
        self.resize(820, 680)

    def template(self) -> str:
        return self.tr("一、项目基本情况\n项目名称：{project}\n计划编号：{number}\n框架协议类型：{form}\n\n"
                       "二、采购需求（征集内容、数量、服务要求）\n\n三、供应商资格条件\n\n"
                       "四、确定入围供应商的方法及评审标准\n\n五、响应文件提交的截止时间及地点\n").format(
            project=self.project.project_name, number=self.project.number, form=self.project.form)

    # --- lots ------------------------------------------------------------------------------

    def add_lot(self, number: str = "", name: str = "", price: str = "") -> None:
        row = self.lots.rowCount()
        self.lots.insertRow(row)
        for column, value in enumerate((number or str(row + 1), name, price)):
            self.lots.setItem(row, column, QTableWidgetItem(value))

    def _remove_lot(self) -> None:
        rows = sorted({i.row() for i in self.lots.selectedIndexes()}, reverse=True) or \
            ([self.lots.rowCount() - 1] if self.lots.rowCount() else [])
        for row in rows:
            self.lots.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.lots.item(row, column)
        return item.text().strip() if item is not None else ""

    def lot_forms(self) -> list[LotForm]:
        if self.project.is_interop:
            return []  # the trading system's lots are kept
        return [LotForm(self._cell(r, 0), self._cell(r, 1), self._cell(r, 2) or None)
                for r in range(self.lots.rowCount()) if any(self._cell(r, c) for c in range(3))]

    # --- saving ----------------------------------------------------------------------------

    def command(self) -> SaveCollectionNotice:
        carried = self.project.carried
        return SaveCollectionNotice(self.notice_id, self.project.plan_id, self.address_edit.text().strip(),
                                    self.lot_forms(), self.title_edit.text().strip(),
                                    self.content_edit.toPlainText().strip(), carried.name, carried.contact_person,
                                    carried.phone)

    def say(self, lines: list[str], ok: bool = False) -> None:
        self.problems.setText("\n".join(lines))
        self.problems.setStyleSheet(SUMMARY_OK if ok else PROBLEM_STYLE)
        self.problems.setVisible(bool(lines))

    def mark(self, fields: set[str]) -> None:
        """Outline the fields the rules found missing (``Problem.field``: address, lots)."""
        self.address_edit.setStyleSheet(BAD_FIELD.format(kind="QLineEdit") if "address" in fields else "")
        self.lots.setStyleSheet(BAD_FIELD.format(kind="QTableWidget") if "lots" in fields else "")

    def save(self, submit: bool) -> None:
        if self.refusal is not None:
            return
        command = self.command()
        problems, refusal = rules.check_notice(self.project, command)
        if refusal is not None:
            self.say([self.tr("不能保存：{reason}").format(reason=refusal)])
            return
        self.mark({p.field for p in problems} if submit else set())
        if submit and problems:
            self.say([self.tr("不能提交，请先补充以下内容（可以先保存）：")] + [f"✘ {p.message}" for p in problems])
            return
        commands: list[SaveCollectionNotice | SubmitAnnouncement] = [command]
        if submit:
            commands.append(SubmitAnnouncement(self.notice_id))
        message = (self.tr("征集公告已保存并提交，联网同步后流转至内部审核岗审核。") if submit
                   else self.tr("征集公告已保存，联网同步后生效。"))
        self.queue_and_close(self.project.plan_id, message, commands, (self.save_button, self.submit_button))
