"""管理 key (seed manual §三 3.3): an operator's personal keys — list with validity and expiry warnings,
【添加】 (the inserted personal key, its PIN verified on the token, signs the server's nonce), 【续期】 and
【解绑】 (after a confirmation)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserCancelled
from desktop.domain.protocol import PersonalKeyInfo
from desktop.domain.workflow.personal_key import Operator
from desktop.sync.binding import BindingService
from desktop.ui.pages.ca_binding import ops, texts
from desktop.ui.pages.ca_binding.key_panel import KeyPanel
from desktop.ui.pin_dialog import QtPinSource

COLUMNS = 6


def _local(value: dt.datetime | None) -> str:
    return f"{value.astimezone():%Y-%m-%d %H:%M}" if value is not None else ""


def _subject_name(subject: str) -> str:
    """The CN of an RFC 4514 subject (the person), else the subject."""
    for part in subject.split(","):
        key, _, value = part.partition("=")
        if key.strip().upper() == "CN" and value:
            return value.strip()
    return subject


class PersonalKeysDialog(QDialog):
    def __init__(self, operator: Operator, username: str, service: ops.BindingKeyService, binding: BindingService,
                 *, ready: ops.Ready | None = None, clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("personal_keys_dialog")
        self.setWindowTitle(self.tr("管理 key — {name}").format(name=operator.name))
        self.operator, self._service, self._binding, self._ready = operator, service, binding, ready
        self._clock = clock
        self.pin_source = QtPinSource(self)
        self.keys: list[PersonalKeyInfo] = []
        self._busy = 0
        self.unbind_box: QMessageBox | None = None

        who = QLabel(self.tr("操作人员：{name}　　身份证号：{id_number}　　登录账号：{username}").format(
            name=operator.name, id_number=operator.id_number or self.tr("（未维护）"),
            username=username or self.tr("（无）")))
        who.setObjectName("personal_keys_operator")
        who.setWordWrap(True)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("personal_keys_table")
        self.table.setHorizontalHeaderLabels([self.tr("证书"), self.tr("证书编号"), self.tr("绑定时间"),
                                              self.tr("有效期至"), self.tr("状态"), self.tr("提示")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(64)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)  # 提示: the expiry warning
        self.table.itemSelectionChanged.connect(self._update)
        self.empty = QLabel(self.tr("该人员尚未绑定个人 key。插入其个人 key，读取后点击【添加】。"))
        self.empty.setStyleSheet("QLabel { color: #666666; }")

        self.key_panel = KeyPanel(self.tr("当前插入的 key"), operator=operator, clock=clock)
        self.read_button = QPushButton(self.tr("读取 key"))
        self.read_button.setObjectName("personal_read")
        self.read_button.clicked.connect(self.read_keys)
        self.key_panel.add_button(self.read_button)
        self.key_panel.candidate_changed.connect(lambda _key: self._update())

        self.refresh_button = QPushButton(self.tr("刷新"))
        self.add_button = QPushButton(self.tr("添加"))
        self.add_button.setObjectName("personal_add")
        self.renew_button = QPushButton(self.tr("续期"))
        self.renew_button.setObjectName("personal_renew")
        self.unbind_button = QPushButton(self.tr("解绑"))
        self.unbind_button.setObjectName("personal_unbind")
        close = QPushButton(self.tr("关闭"))
        self.refresh_button.clicked.connect(self.refresh)
        self.add_button.clicked.connect(self.add_key)
        self.renew_button.clicked.connect(self.renew_key)
        self.unbind_button.clicked.connect(self.confirm_unbind)
        close.clicked.connect(self.reject)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(100)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.progress = QLabel()
        self.progress.setStyleSheet("QLabel { color: #666666; }")
        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.add_button, self.renew_button, self.unbind_button):
            buttons.addWidget(button)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(close)
        self.message = QLabel()
        self.message.setObjectName("personal_message")
        self.message.setWordWrap(True)
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.key_panel)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self._update()

    # --- state ---------------------------------------------------------------------------------

    def selected(self) -> PersonalKeyInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.keys[rows[0].row()] if rows and rows[0].row() < len(self.keys) else None

    def _update(self) -> None:
        idle = self._busy == 0
        key, chosen = self.key_panel.current(), self.selected()
        usable = key is not None and not self.key_panel.blocked()
        active = chosen is not None and chosen.active
        self.read_button.setEnabled(idle)
        self.refresh_button.setEnabled(idle)
        self.add_button.setEnabled(idle and usable)
        other_certificate = key is not None and chosen is not None and (
            key.certificate.fingerprint_sha256.lower() != chosen.fingerprint_sha256.lower())
        self.renew_button.setEnabled(idle and usable and active and other_certificate)
        self.unbind_button.setEnabled(idle and active)

    def _start(self, text: str) -> None:
        self._busy += 1
        self.busy.show()
        self.progress.setText(text)
        self._update()

    def _done(self) -> None:
        self._busy = max(0, self._busy - 1)
        self.busy.setVisible(self._busy > 0)
        if not self._busy:
            self.progress.clear()
        self._update()

    def _say(self, text: str, colours: tuple[str, str, str]) -> None:
        self.message.setStyleSheet(texts.box_style(colours))
        self.message.setText(text)
        self.message.show()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, UserCancelled):
            self._say(texts.error_html(error), texts.BAD)

    # --- list ----------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._start(self.tr("正在读取已绑定的 key……"))
        ops.list_personal_keys(self, self._binding, self.operator.operator_id, self._ready) \
            .success(self._show_keys).failure(self._failed).finally_(self._done).run()

    def _show_keys(self, keys: list[PersonalKeyInfo]) -> None:
        self.keys = ops.sort_keys(keys)
        self.table.setRowCount(len(self.keys))
        for row, info in enumerate(self.keys):
            state = self.tr("有效") if info.active else (
                self.tr("已续期") if info.ended_reason == "续期" else self.tr("已解绑"))
            warning = info.expiry_warning or ""
            cells = (_subject_name(info.subject), info.certificate_serial, _local(info.bound_at),
                     f"{info.not_after:%Y-%m-%d}" if info.not_after else "", state, warning)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(info.subject if column == 0 else text)
                if not info.active:
                    item.setForeground(Qt.GlobalColor.gray)
                elif column == 5 and warning:
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(row, column, item)
        self.empty.setVisible(not self.keys)
        active = next((i for i, k in enumerate(self.keys) if k.active), None)
        if active is not None:
            self.table.selectRow(active)
        self._update()

    def read_keys(self) -> None:
        clock = self._clock or (lambda: dt.datetime.now(dt.UTC))
        self._start(self.tr("正在读取 key……"))
        ops.read_keys(self, self._service, clock).success(self.key_panel.set_candidates) \
            .failure(self._failed).finally_(self._done).run()

    # --- 添加 / 续期 / 解绑 -------------------------------------------------------------------------

    def _texts(self) -> ops.KeyTexts:
        return ops.KeyTexts(purpose=self.tr("绑定个人 key"), opening_key=self.tr("正在验证 key 口令……"),
                            sending=self.tr("正在提交……"))

    def add_key(self) -> None:
        key = self.key_panel.current()
        if key is None or self.key_panel.blocked():
            return
        self.message.hide()
        labels = self._texts()
        self._start(labels.opening_key)
        ops.add_personal_key(self, self._service, self._binding, key, self.pin_source, self.operator.operator_id,
                             labels, self._ready).progress(self.progress.setText) \
            .success(self._added).failure(self._failed).finally_(self._done).run()

    def _added(self, info: PersonalKeyInfo) -> None:
        self._changed(self.tr("添加成功：{name} 的个人 key 已绑定，可用该 key 登录账号“{username}”。").format(
            name=info.operator_name, username=info.username))

    def renew_key(self) -> None:
        key, chosen = self.key_panel.current(), self.selected()
        if key is None or chosen is None or self.key_panel.blocked():
            return
        self.message.hide()
        labels = self._texts()
        self._start(labels.opening_key)
        ops.renew_personal_key(self, self._service, self._binding, key, self.pin_source, chosen.binding_id,
                               self.operator.operator_id, labels, self._ready).progress(self.progress.setText) \
            .success(lambda _info: self._changed(self.tr("续期成功：原证书已停用，新证书可以登录。"))) \
            .failure(self._failed).finally_(self._done).run()

    def confirm_unbind(self) -> QMessageBox | None:
        chosen = self.selected()
        if chosen is None or not chosen.active:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("解绑个人 key"),
                          self.tr("确定解绑 {name} 的个人 key（证书编号 {serial}）吗？").format(
                              name=self.operator.name, serial=chosen.certificate_serial), parent=self)
        box.setObjectName("personal_unbind_confirm")
        box.setInformativeText(self.tr("解绑后该 key 不能再登录账号“{username}”；需要时可以重新添加。").format(
            username=chosen.username))
        self.unbind_yes = box.addButton(self.tr("解绑"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self._unbind_answered(box.clickedButton() is self.unbind_yes, chosen))
        self.unbind_box = box
        box.open()
        return box

    def _unbind_answered(self, yes: bool, chosen: PersonalKeyInfo) -> None:
        self.unbind_box = None
        if not yes:
            return
        self.message.hide()
        self._start(self.tr("正在解绑……"))
        ops.unbind_personal_key(self, self._binding, chosen.binding_id, self._ready) \
            .success(lambda _info: self._changed(self.tr("已解绑：该 key 不能再登录。"))) \
            .failure(self._failed).finally_(self._done).run()

    def _changed(self, text: str) -> None:
        self._say(html.escape(text), texts.GOOD)
        self.refresh()

    def done(self, result: int) -> None:
        self.pin_source.close()
        super().done(result)
