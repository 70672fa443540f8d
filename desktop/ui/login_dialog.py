"""登录: choose a key and type its PIN (CA login), or an account and password where the unit allows.

The dialog only collects input and shows the outcome. The login itself runs on a worker through
the callables the composition root passes (open the key with the PIN, sign the server's nonce,
present it); the PIN is handed over once, cleared from the field, and never retried.

【CA 自助绑定】 (seed manual §三 3.2 步骤一) opens the binding wizard before any login, through the factory
the window passes; its "用该 key 登录" comes back here with the bound key chosen (:meth:`LoginDialog.use_key`).

Against a demo server the password tab offers the demo dataset's accounts (演示账号: unit, user type and
post), read in the background; choosing one fills in its username and password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserCancelled, YucaiError
from desktop.domain.protocol import DemoAccount, SessionGrant
from desktop.ui.errors import present_error
from desktop.ui.ops import Op


@dataclass(frozen=True)
class KeyChoice:
    """One usable key on an inserted token, as the diagnosis found it."""

    module_path: str
    token_label: str
    token_serial: str
    key_id: str
    holder: str  # unit or person named by the certificate
    code: str  # 统一社会信用代码 or 身份证号码
    not_after: dt.datetime | None = None

    @property
    def title(self) -> str:
        until = f"，有效期至 {self.not_after:%Y-%m-%d}" if self.not_after else ""
        return f"{self.holder}（{self.code}）— {self.token_label}{until}"


KeyLogin = Callable[[KeyChoice, str], SessionGrant]
PasswordLogin = Callable[[str, str], SessionGrant]
BindingWizardFactory = Callable[[QWidget, Callable[[KeyChoice], None]], QDialog]
"""``factory(parent, use_key)``: the CA 自助绑定 dialog; it calls ``use_key`` to log in with the bound key."""
DemoAccounts = Callable[[], Sequence[DemoAccount]]


class LoginDialog(QDialog):
    def __init__(self, keys: Sequence[KeyChoice], login_with_key: KeyLogin,
                 login_with_password: PasswordLogin | None = None, parent: QWidget | None = None, *,
                 binding_wizard: BindingWizardFactory | None = None,
                 demo_accounts: DemoAccounts | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(self.tr("登录豫采桌面"))
        self.setModal(True)
        self.grant: SessionGrant | None = None
        self._keys = list(keys)
        self._login_with_key = login_with_key
        self._login_with_password = login_with_password
        self._binding_wizard = binding_wizard
        self.binding_dialog: QDialog | None = None

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._key_tab(), self.tr("CA 数字证书登录"))
        if login_with_password is not None:
            self.tabs.addTab(self._password_tab(), self.tr("账号密码登录"))
        self.error_label = QLabel(self)
        self.error_label.setObjectName("login_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("login_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #1b5e20;")
        self.notice_label.hide()
        self.busy_label = QLabel(self.tr("正在登录，请稍候……"), self)
        self.busy_label.hide()
        self.login_button = QPushButton(self.tr("登录"), self)
        self.login_button.setObjectName("login_button")
        self.login_button.setDefault(True)
        self.login_button.clicked.connect(self._submit)
        cancel = QPushButton(self.tr("取消"), self)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        if binding_wizard is not None:
            self.binding_button = QPushButton(self.tr("CA 自助绑定"), self)
            self.binding_button.setObjectName("login_binding_button")
            self.binding_button.setToolTip(self.tr("新制 CA 证书或 key 续期后，先将单位 key 绑定到账号，再用 key 登录"))
            self.binding_button.setAutoDefault(False)
            self.binding_button.clicked.connect(self.open_binding)
            buttons.addWidget(self.binding_button)
        buttons.addWidget(self.busy_label)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error_label)
        layout.addWidget(self.notice_label)
        layout.addLayout(buttons)
        self.resize(520, 260)
        self._update_enabled()
        self.demo_accounts: list[DemoAccount] = []
        if login_with_password is not None and demo_accounts is not None:
            # offline or not a demo server: no list, and nothing to report (it is only a convenience)
            Op(self, demo_accounts).success(self._show_demo_accounts).failure(lambda _error: None).run()

    # --- tabs -----------------------------------------------------------------------------

    def _key_tab(self) -> QWidget:
        tab = QWidget(self)
        self.key_combo = QComboBox(tab)
        self.key_combo.setObjectName("login_key")
        for key in self._keys:
            self.key_combo.addItem(key.title)
        self.pin_edit = QLineEdit(tab)
        self.pin_edit.setObjectName("login_pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setPlaceholderText(self.tr("请输入 key 的 PIN 码"))
        self.pin_edit.textChanged.connect(self._update_enabled)
        self.no_key_label = QLabel(self.tr("未检测到可用的 key，请插入 CA 数字证书后重试"), tab)
        self.no_key_label.setVisible(not self._keys)
        form = QFormLayout(tab)
        form.addRow(self.tr("证书"), self.key_combo)
        form.addRow(self.tr("PIN 码"), self.pin_edit)
        form.addRow(self.no_key_label)
        return tab

    def _password_tab(self) -> QWidget:
        tab = QWidget(self)
        self.username_edit = QLineEdit(tab)
        self.username_edit.setObjectName("login_username")
        self.password_edit = QLineEdit(tab)
        self.password_edit.setObjectName("login_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.username_edit, self.password_edit):
            edit.textChanged.connect(self._update_enabled)
        hint = QLabel(self.tr("仅适用于单位允许密码登录的账号；其他账号请使用 CA 数字证书登录。"), tab)
        hint.setWordWrap(True)
        self.demo_combo = QComboBox(tab)
        self.demo_combo.setObjectName("login_demo_account")
        self.demo_combo.activated.connect(self._use_demo_account)
        self.demo_label = QLabel(self.tr("演示账号"), tab)
        form = QFormLayout(tab)
        form.addRow(self.demo_label, self.demo_combo)
        self.demo_label.hide()
        self.demo_combo.hide()
        form.addRow(self.tr("用户名"), self.username_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        form.addRow(hint)
        self.tabs.currentChanged.connect(self._update_enabled)
        return tab

    def _show_demo_accounts(self, accounts: Sequence[DemoAccount]) -> None:
        self.demo_accounts = list(accounts)
        if not self.demo_accounts:
            return
        self.demo_combo.addItem(self.tr("选择演示账号……"))
        for account in self.demo_accounts:
            self.demo_combo.addItem(self.tr("{unit} · {type}{post} · {username}").format(
                unit=account.unit_name, type=account.user_type, post=account.post, username=account.username))
        self.demo_label.show()
        self.demo_combo.show()

    def _use_demo_account(self, index: int) -> None:
        if 1 <= index <= len(self.demo_accounts):
            account = self.demo_accounts[index - 1]
            self.username_edit.setText(account.username)
            self.password_edit.setText(account.password)

    # --- behaviour ------------------------------------------------------------------------

    @property
    def using_key(self) -> bool:
        return self.tabs.currentIndex() == 0

    def _update_enabled(self) -> None:
        if self.using_key:
            ready = bool(self._keys) and bool(self.pin_edit.text())
        else:
            ready = bool(self.username_edit.text().strip()) and bool(self.password_edit.text())
        self.login_button.setEnabled(ready and not self.busy_label.isVisible())

    def open_binding(self) -> QDialog | None:
        """【CA 自助绑定】: the binding wizard over this window."""
        if self._binding_wizard is None:
            return None
        dialog = self._binding_wizard(self, self.use_key)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.binding_dialog = dialog
        dialog.open()
        return dialog

    def use_key(self, choice: KeyChoice) -> None:
        """Choose ``choice`` (the key just bound; added when the last scan did not list it) and ask for its PIN."""
        same = (choice.module_path, choice.token_serial, choice.key_id)
        index = next((i for i, k in enumerate(self._keys) if (k.module_path, k.token_serial, k.key_id) == same), None)
        if index is None:
            self._keys.append(choice)
            self.key_combo.addItem(choice.title)
            index = len(self._keys) - 1
        self.no_key_label.hide()
        self.tabs.setCurrentIndex(0)
        self.key_combo.setCurrentIndex(index)
        self.error_label.hide()
        self.notice_label.setText(self.tr("key 已绑定，请输入该 key 的 PIN 码登录。"))
        self.notice_label.show()
        self.pin_edit.setFocus()
        self._update_enabled()

    def _submit(self) -> None:
        self.error_label.hide()
        self.notice_label.hide()
        if self.using_key:
            choice, pin = self._keys[self.key_combo.currentIndex()], self.pin_edit.text()
            self.pin_edit.clear()  # handed over once; a wrong PIN is typed again by the user
            key_login = self._login_with_key
            op = Op(self, lambda: key_login(choice, pin))
        else:
            assert self._login_with_password is not None
            username, password = self.username_edit.text().strip(), self.password_edit.text()
            self.password_edit.clear()
            password_login = self._login_with_password
            op = Op(self, lambda: password_login(username, password))
        self._set_busy(True)
        op.success(self._logged_in).failure(self._failed).finally_(lambda: self._set_busy(False)).run()

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.tabs.setEnabled(not busy)
        self._update_enabled()

    def _logged_in(self, grant: SessionGrant) -> None:
        self.grant = grant
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, UserCancelled):
            return
        if not isinstance(error, YucaiError):
            present_error(self, error)  # logs the traceback, offers the details
            return
        self.error_label.setText(error.message)
        self.error_label.show()
