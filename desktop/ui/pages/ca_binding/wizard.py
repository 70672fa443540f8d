"""CA 自助绑定 (seed manual §三 3.2): 操作指引, 填写备案信息, 读取证书信息, 加载单位信息, 绑定状态, 提交绑定.

Works before any login (the login window's 【CA 自助绑定】 opens it in a :class:`BindingWizardDialog`) and
in the 自助绑定 tab. Scans and the key's PIN go through the token service and the page's ``PinSource``;
the status and the binding through :class:`~desktop.sync.binding.BindingService`; all in ops.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserCancelled
from desktop.domain.protocol import BindingStatusAnswer, BindResult
from desktop.domain.roles import UserType
from desktop.domain.workflow.binding import AccountStatus
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.suppliers import check_phone
from desktop.sync.binding import BindingService
from desktop.token.errors import TokenError
from desktop.token.pin import PinSource
from desktop.ui.pages.ca_binding import ops, texts
from desktop.ui.pages.ca_binding.key_panel import KeyPanel

USER_TYPES = (UserType.PURCHASER, UserType.AGENCY, UserType.SUPPLIER)
GUIDE_WIDTH = 330


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class BindingWizard(QWidget):
    login_requested = Signal(object)  # KeyChoice of the key just bound
    bound = Signal(object)  # BindResult

    def __init__(self, service: ops.BindingKeyService, binding: BindingService, pin_source: PinSource, *,
                 ready: ops.Ready | None = None, clock: Callable[[], dt.datetime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("binding_wizard")
        self._service, self._binding, self._pin_source = service, binding, pin_source
        self._ready, self._clock = ready, clock or _utcnow
        self._busy = 0  # ops running
        self._status: tuple[ops.KeyCandidate, str, BindingStatusAnswer] | None = None
        self.result: BindResult | None = None
        self._bound_key: ops.KeyCandidate | None = None

        guide = QLabel(texts.guide_html())
        guide.setObjectName("binding_guide")
        guide.setWordWrap(True)
        guide.setTextFormat(Qt.TextFormat.RichText)
        guide.setAlignment(Qt.AlignmentFlag.AlignTop)
        guide_box = QGroupBox(self.tr("操作指引"))
        guide_layout = QVBoxLayout(guide_box)
        guide_layout.addWidget(scrolled(guide))
        guide_box.setFixedWidth(GUIDE_WIDTH)

        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.addWidget(self._form_box())
        self.key_panel = KeyPanel(self.tr("证书信息"), clock=self._clock)
        self.read_button = QPushButton(self.tr("读取证书信息"))
        self.read_button.setObjectName("binding_read")
        self.read_button.clicked.connect(self.read_certificates)
        self.key_panel.add_button(self.read_button)
        self.key_panel.candidate_changed.connect(self._key_changed)
        layout.addWidget(self.key_panel)
        layout.addWidget(self._unit_box())
        layout.addLayout(self._submit_row())
        self.message = QLabel()
        self.message.setObjectName("binding_message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.login_button = QPushButton(self.tr("用该 key 登录"))
        self.login_button.setObjectName("binding_login")
        self.login_button.clicked.connect(self._login)
        self.login_button.hide()
        layout.addWidget(self.message)
        layout.addWidget(self.login_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addStretch(1)

        self.area = scrolled(column)
        outer = QHBoxLayout(self)
        outer.addWidget(guide_box)
        outer.addWidget(self.area, 1)
        self._show_status()

    # --- layout --------------------------------------------------------------------------------

    def _form_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("填写备案信息"))
        self.user_type = QComboBox()
        self.user_type.setObjectName("binding_user_type")
        names = {UserType.PURCHASER: self.tr("采购人"), UserType.AGENCY: self.tr("代理机构"),
                 UserType.SUPPLIER: self.tr("供应商")}
        for user_type in USER_TYPES:
            self.user_type.addItem(names[user_type], user_type.value)  # the data is the server's value
        self.user_type.currentIndexChanged.connect(self._user_type_changed)
        self.operator_name = QLineEdit()
        self.operator_name.setObjectName("binding_operator_name")
        self.operator_name.setMaxLength(50)
        self.operator_name.setPlaceholderText(self.tr("办理绑定的经办人姓名"))
        self.operator_phone = QLineEdit()
        self.operator_phone.setObjectName("binding_operator_phone")
        self.operator_phone.setMaxLength(20)
        self.operator_phone.setPlaceholderText(self.tr("手机或座机，如 0371-65808207"))
        self.form_error = QLabel()
        self.form_error.setObjectName("binding_form_error")
        self.form_error.setStyleSheet("QLabel { color: #c62828; }")
        self.form_error.setWordWrap(True)
        self.form_error.hide()
        form = QFormLayout(box)
        form.addRow(self.tr("用户类型"), self.user_type)
        form.addRow(self.tr("操作人名称"), self.operator_name)
        form.addRow(self.tr("联系电话"), self.operator_phone)
        form.addRow(self.form_error)
        return box

    def _unit_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("单位信息与绑定状态"))
        self.load_button = QPushButton(self.tr("加载单位信息"))
        self.load_button.setObjectName("binding_load")
        self.load_button.clicked.connect(lambda: self.load_unit())
        self.unit_name, self.unit_code, self.unit_origin = QLabel(), QLabel(), QLabel()
        self.status_label = QLabel()
        self.status_label.setObjectName("binding_status")
        self.status_label.setWordWrap(True)
        self.unit_hint = QLabel(self.tr("读取证书信息后自动加载已注册的单位信息。"))
        self.unit_hint.setStyleSheet("QLabel { color: #666666; }")
        self.unit_hint.setWordWrap(True)
        self.unit_form = QFormLayout()
        self.unit_form.addRow(self.tr("单位名称"), self.unit_name)
        self.unit_form.addRow(self.tr("统一社会信用代码"), self.unit_code)
        self.unit_form.addRow(self.tr("单位来源"), self.unit_origin)
        header = QHBoxLayout()
        header.addWidget(self.unit_hint, 1)
        header.addStretch(0)
        header.addWidget(self.load_button, 0, Qt.AlignmentFlag.AlignRight)
        layout = QVBoxLayout(box)
        layout.addLayout(header)
        layout.addLayout(self.unit_form)
        layout.addWidget(self.status_label)
        return box

    def _submit_row(self) -> QVBoxLayout:
        self.confirm = QCheckBox(self.tr("已核对以上证书信息和单位信息，将该 key 绑定到本单位账号"))
        self.confirm.setObjectName("binding_confirm")
        self.confirm.toggled.connect(lambda _checked: self._update())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.progress = QLabel()
        self.progress.setStyleSheet("QLabel { color: #666666; }")
        self.submit_button = QPushButton(self.tr("提交绑定"))
        self.submit_button.setObjectName("binding_submit")
        self.submit_button.clicked.connect(self.submit)
        row = QHBoxLayout()
        row.addWidget(self.busy)
        row.addWidget(self.progress, 1)
        row.addWidget(self.submit_button)
        column = QVBoxLayout()
        column.addWidget(self.confirm)
        column.addLayout(row)
        return column

    # --- state ---------------------------------------------------------------------------------

    @property
    def chosen_user_type(self) -> str:
        return str(self.user_type.currentData())

    @property
    def status(self) -> BindingStatusAnswer | None:
        """The status shown, when it belongs to the chosen key and user type."""
        key = self.key_panel.current()
        if self._status is None or key is None or not self._status[0].same_key(key) \
                or self._status[1] != self.chosen_user_type:
            return None
        return self._status[2]

    @property
    def busy_now(self) -> bool:
        return self._busy > 0

    def _start(self, text: str) -> None:
        self._busy += 1
        self.busy.show()
        self.progress.setText(text)
        self._update()

    def _done(self) -> None:
        self._busy = max(0, self._busy - 1)
        self.busy.setVisible(self.busy_now)
        if not self.busy_now:
            self.progress.clear()
        self._update()

    def _update(self) -> None:
        key = self.key_panel.current()
        status = self.status
        usable = key is not None and not self.key_panel.blocked()
        self.read_button.setEnabled(not self.busy_now)
        self.user_type.setEnabled(not self.busy_now)
        self.load_button.setEnabled(not self.busy_now and usable)
        self.confirm.setEnabled(status is not None and status.can_bind)
        self.submit_button.setEnabled(not self.busy_now and usable and status is not None and status.can_bind
                                      and self.confirm.isChecked())

    def _show_message(self, text: str, colours: tuple[str, str, str]) -> None:
        self.message.setStyleSheet(texts.box_style(colours))
        self.message.setText(text)
        self.message.show()
        QTimer.singleShot(0, self, self._reveal_message)  # once the layout has made room for it

    def _reveal_message(self) -> None:
        self.area.ensureWidgetVisible(self.login_button if self.login_button.isVisible() else self.message, 0, 8)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserCancelled):
            return
        self._show_message(texts.error_html(error), texts.BAD)

    # --- 读取证书信息 / 加载单位信息 ---------------------------------------------------------------------

    def read_certificates(self) -> None:
        self.message.hide()
        self._start(self.tr("正在读取证书信息……"))
        ops.read_keys(self, self._service, self._clock).success(self._keys_read).failure(self._failed) \
            .finally_(self._done).run()

    def _keys_read(self, candidates: list[ops.KeyCandidate]) -> None:
        self.key_panel.set_candidates(candidates)
        if not candidates:
            self.key_panel.empty.setText(self.tr("未检测到证书：请安装互认版驱动并插入机构锁后重新读取。"))
        elif not self.key_panel.blocked():
            self.load_unit()  # 加载证书信息完成后，会自动加载单位信息

    def load_unit(self, *, keep_message: bool = False) -> None:
        key = self.key_panel.current()
        if key is None or self.key_panel.blocked():
            return
        user_type = self.chosen_user_type
        if not keep_message:
            self.message.hide()
        self._start(self.tr("正在加载单位信息……"))
        ops.load_status(self, self._binding, key, user_type, self._ready) \
            .success(lambda answer: self._status_loaded(key, user_type, answer)) \
            .failure(lambda error: self._status_failed(key, user_type, error)).finally_(self._done).run()

    def _still_chosen(self, key: ops.KeyCandidate, user_type: str) -> bool:
        return key.same_key(self.key_panel.current()) and user_type == self.chosen_user_type

    def _status_loaded(self, key: ops.KeyCandidate, user_type: str, answer: BindingStatusAnswer) -> None:
        if self._still_chosen(key, user_type):  # else a later choice's answer is on its way
            self._status = (key, user_type, answer)
            self._show_status()

    def _status_failed(self, key: ops.KeyCandidate, user_type: str, error: BaseException) -> None:
        if self._still_chosen(key, user_type):
            self._status = None
            self._show_status()
            self._failed(error)

    def _show_status(self) -> None:
        status = self.status
        for row in range(self.unit_form.rowCount()):
            self.unit_form.setRowVisible(row, status is not None and status.unit is not None)
        self.unit_hint.setVisible(status is None)
        self.status_label.setVisible(status is not None)
        if status is None:
            self.confirm.setChecked(False)
            self._update()
            return
        if status.unit is not None:
            self.unit_name.setText(status.unit.name)
            self.unit_code.setText(status.unit.credit_code)
            self.unit_origin.setText(status.unit.origin)
        line = self.tr("绑定状态：{status}").format(status=status.status)
        text = f"<b>{html.escape(line)}</b><br/>{html.escape(status.explanation)}"
        if status.account_status == AccountStatus.KEY_BOUND_NOT_ENABLED.value and status.can_bind:
            text += "<br/>" + html.escape(self.tr(
                "该单位由公共资源交易中心同步：绑定后账号状态为【绑定 key 未启用】，仅具有临时权限，"
                "需使用 key 登录，维护单位信息并提交后才具有正式功能权限。"))
        self.status_label.setStyleSheet(texts.box_style(texts.STATUS_COLOURS.get(status.status, texts.IDLE)))
        self.status_label.setText(text)
        if not status.can_bind:
            self.confirm.setChecked(False)
        self._update()

    def _key_changed(self, _key: object) -> None:
        self._show_status()

    def _user_type_changed(self) -> None:
        if self._status is not None and self.key_panel.current() is not None:
            self.load_unit()  # the status depends on the user type
        else:
            self._show_status()

    # --- 提交绑定 ------------------------------------------------------------------------------------

    def _validated(self) -> tuple[str, str] | None:
        name, phone = self.operator_name.text().strip(), self.operator_phone.text().strip()
        problem = ""
        if not name:
            problem = self.tr("请填写操作人名称")
        elif not phone:
            problem = self.tr("请填写联系电话")
        else:
            try:
                phone = check_phone(phone)
            except WorkflowError as exc:
                problem = exc.message
        self.form_error.setText(problem)
        self.form_error.setVisible(bool(problem))
        return None if problem else (name, phone)

    def submit(self) -> None:
        key, status, form = self.key_panel.current(), self.status, self._validated()
        if key is None or status is None or not status.can_bind or form is None:
            return
        texts_ = ops.KeyTexts(purpose=self.tr("绑定 key"), opening_key=self.tr("正在验证 key 口令……"),
                              sending=self.tr("正在提交绑定……"))
        self.message.hide()
        self.login_button.hide()
        self._start(texts_.opening_key)
        ops.submit_binding(self, self._service, self._binding, key, self._pin_source, status.user_type, *form,
                           texts=texts_, ready=self._ready) \
            .progress(lambda text: self.progress.setText(text)) \
            .success(lambda result: self._bound(key, result)).failure(self._submit_failed) \
            .finally_(self._done).run()

    def _submit_failed(self, error: BaseException) -> None:
        self._failed(error)
        if not isinstance(error, UserCancelled | TokenError):
            self.load_unit(keep_message=True)  # the server refused: show the status it has now

    def _bound(self, key: ops.KeyCandidate, result: BindResult) -> None:
        self.result, self._bound_key = result, key
        what = self.tr("续期成功") if result.status == "续期" else self.tr("绑定成功")
        lines = [self.tr("{what}：key 已绑定到 {unit} 的账号“{username}”。").format(
            what=what, unit=result.unit.name, username=result.username),
            self.tr("账号状态：{status}").format(status=result.account_status)]
        if result.account_status == AccountStatus.KEY_BOUND_NOT_ENABLED.value:
            lines.append(self.tr("仅具有临时权限：请用该 key 登录，维护单位信息并提交后才具有正式功能权限。"))
        else:
            lines.append(self.tr("现在可以用该 key 登录。"))
        self._show_message("<br/>".join(html.escape(line) for line in lines), texts.GOOD)
        self.login_button.show()
        self.confirm.setChecked(False)
        self.bound.emit(result)
        self.load_unit(keep_message=True)  # the status is now 已绑定

    def _login(self) -> None:
        if self._bound_key is not None:
            self.login_requested.emit(self._bound_key.key_choice())
