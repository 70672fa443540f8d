"""操作人员管理 (seed manual §三 3.3), for a unit account logged in: the unit's operators from the local
store (synced record kind ``operator``, with their login accounts), add / edit / remove through outbox
commands, and 【管理 key】 per operator (:class:`~desktop.ui.pages.ca_binding.personal_keys.PersonalKeysDialog`).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.commands import AddOperator, Command, RemoveOperator
from desktop.domain.protocol import AccountInfo, RecordKind
from desktop.domain.roles import Post
from desktop.domain.workflow.personal_key import Operator
from desktop.store.changes import Changes
from desktop.store.outbox import Outbox
from desktop.store.repositories import Records
from desktop.sync.binding import BindingService
from desktop.ui.ops import Op
from desktop.ui.pages.ca_binding import ops, texts
from desktop.ui.pages.ca_binding.operator_dialog import OperatorDialog, OperatorRow
from desktop.ui.pages.ca_binding.personal_keys import PersonalKeysDialog

COLUMNS = 5


def load_operators(records: Records, outbox: Outbox, unit_id: str) -> list[OperatorRow]:
    """The unit's operators as synced, then those added here and still waiting in the outbox."""
    accounts = {str(r.data.get("operator_id")): r.data for r in records.list(RecordKind.ACCOUNT.value)
                if r.data.get("operator_id")}
    rows = []
    for record in records.list(RecordKind.OPERATOR.value):
        data = record.data
        if data.get("unit_id") != unit_id:
            continue
        account = accounts.get(record.id, {})
        rows.append(OperatorRow(record.id, str(data.get("name", "")), str(data.get("id_number") or ""),
                                str(data.get("phone") or ""), str(account.get("username", "")),
                                str(account.get("post", ""))))
    known = {r.operator_id for r in rows}
    for entry in outbox.pending(limit=1000):
        payload = entry.envelope.payload
        if entry.envelope.name == AddOperator.name and payload.get("operator_id") not in known:
            rows.append(OperatorRow(str(payload["operator_id"]), str(payload.get("full_name", "")),
                                    str(payload.get("id_number", "")), str(payload.get("phone", "")), pending=True))
    return sorted(rows, key=lambda r: (r.pending, r.name, r.operator_id))


class OperatorsPanel(QWidget):
    commands_queued = Signal()
    """Commands were written to the outbox: the window syncs now."""

    def __init__(self, records: Records, outbox: Outbox, service: ops.BindingKeyService, binding: BindingService,
                 *, ready: ops.Ready | None = None, clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operators_panel")
        self._records, self._outbox, self._service, self._binding = records, outbox, service, binding
        self._ready = ready
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.account: AccountInfo | None = None
        self.operators: list[OperatorRow] = []
        self.keys_dialog: PersonalKeysDialog | None = None
        self.operator_dialog: OperatorDialog | None = None
        self.remove_box: QMessageBox | None = None

        intro = QLabel(self.tr("个人 key 使用单位账号登录后绑定：首先维护人员身份证号信息，"
                               "然后在操作人员列表中点击相应人员的【管理 key】，插入该人员的个人 key，"
                               "输入密码验证后即可绑定；绑定后可以续期和解绑。"))
        intro.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("operators_notice")
        self.notice.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("operators_table")
        self.table.setHorizontalHeaderLabels([self.tr("姓名"), self.tr("身份证号"), self.tr("联系电话"),
                                              self.tr("登录账号"), self.tr("状态")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(72)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)  # 登录账号
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _index: self.manage_keys())

        self.add_button = QPushButton(self.tr("添加"))
        self.edit_button = QPushButton(self.tr("修改"))
        self.remove_button = QPushButton(self.tr("删除"))
        self.keys_button = QPushButton(self.tr("管理 key"))
        self.keys_button.setObjectName("operators_manage_keys")
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.add_button.clicked.connect(lambda: self.edit_operator(None))
        self.edit_button.clicked.connect(lambda: self.edit_operator(self.selected()))
        self.remove_button.clicked.connect(self.confirm_remove)
        self.keys_button.clicked.connect(self.manage_keys)
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.remove_button, self.keys_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.set_account(None)

    # --- state ---------------------------------------------------------------------------------

    @property
    def can_manage(self) -> bool:
        return self.account is not None and self.account.post == Post.HANDLER.value

    def selected(self) -> OperatorRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.operators[rows[0].row()] if rows and rows[0].row() < len(self.operators) else None

    def _update(self) -> None:
        chosen = self.selected()
        ready = self.can_manage and chosen is not None and not chosen.pending
        self.add_button.setEnabled(self.can_manage)
        self.edit_button.setEnabled(ready)
        self.remove_button.setEnabled(ready)
        self.keys_button.setEnabled(ready)
        self.refresh_button.setEnabled(self.account is not None)

    def _say(self, text: str, colours: tuple[str, str, str]) -> None:
        self.notice.setStyleSheet(texts.box_style(colours))
        self.notice.setText(text)
        self.notice.show()

    def set_account(self, account: AccountInfo | None) -> None:
        """The logged-in account (None: logged out); reloads the list."""
        self.account = account
        if account is None:
            self._say(html.escape(self.tr("请先用单位账号（经办岗）登录，登录后在这里维护操作人员并管理个人 key。")),
                      texts.IDLE)
            self._show([])
            return
        if account.post != Post.HANDLER.value:
            self._say(html.escape(self.tr("仅单位经办岗可以维护操作人员和管理个人 key；当前账号为{post}。").format(
                post=account.post)), texts.WARN)
        elif account.key_bound_not_enabled:
            self._say(html.escape(self.tr("账号状态为【绑定 key 未启用】，仅具有临时权限：请先维护单位信息并提交，"
                                          "提交后才能管理操作人员。")), texts.WARN)
        else:
            self.notice.hide()
        self.refresh()

    def data_changed(self, changes: Changes) -> None:
        if self.account is not None and (changes.full_reset or changes.outbox or changes.kinds & {
                RecordKind.OPERATOR.value, RecordKind.ACCOUNT.value}):
            self.refresh()

    def refresh(self) -> None:
        if self.account is None:
            return
        records, outbox, unit_id = self._records, self._outbox, self.account.unit_id
        Op(self, lambda: load_operators(records, outbox, unit_id)).success(self._show).run()

    def _show(self, operators: list[OperatorRow]) -> None:
        chosen = self.selected()
        self.operators = operators
        self.table.setRowCount(len(operators))
        for row, operator in enumerate(operators):
            state = self.tr("待同步") if operator.pending else self.tr("已同步")
            account = f"{operator.username}（{operator.post}）" if operator.username else self.tr("（无登录账号）")
            cells = (operator.name, operator.id_number or self.tr("（未维护）"), operator.phone, account, state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if operator.pending:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if chosen is not None and chosen.operator_id == operator.operator_id:
                self.table.selectRow(row)
        self._update()

    # --- commands ------------------------------------------------------------------------------

    def edit_operator(self, operator: OperatorRow | None) -> OperatorDialog:
        dialog = OperatorDialog(operator, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.enqueue(dialog.commands))
        self.operator_dialog = dialog
        dialog.open()
        return dialog

    def confirm_remove(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("删除操作人员"),
                          self.tr("确定删除操作人员“{name}”吗？").format(name=chosen.name), parent=self)
        yes = box.addButton(self.tr("删除"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        remove = RemoveOperator(operator_id=chosen.operator_id)
        box.finished.connect(lambda _r: self.enqueue([remove] if box.clickedButton() is yes else []))
        self.remove_box = box
        box.open()
        return box

    def enqueue(self, commands: list[Command]) -> None:
        if not commands:
            return
        outbox, now = self._outbox, self._clock()
        Op(self, lambda: [outbox.enqueue(c, now) for c in commands]).success(self._queued).run()

    def _queued(self, _envelopes: object) -> None:
        self._say(html.escape(self.tr("已保存，正在同步到服务器；服务器退回的操作会在“被退回的操作”中说明原因。")),
                  texts.INFO)
        self.commands_queued.emit()
        self.refresh()

    # --- 管理 key ------------------------------------------------------------------------------

    def manage_keys(self) -> PersonalKeysDialog | None:
        chosen, account = self.selected(), self.account
        if chosen is None or chosen.pending or account is None or not self.can_manage:
            return None
        operator = Operator(chosen.operator_id, account.account_id, chosen.name, chosen.id_number or None)
        dialog = PersonalKeysDialog(operator, chosen.username, self._service, self._binding, ready=self._ready,
                                    clock=self._clock, parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.keys_dialog = dialog
        dialog.open()
        dialog.refresh()
        dialog.read_keys()
        return dialog
