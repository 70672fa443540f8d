"""单位信息: the logged-in unit as the server registered it, with its contact person and phone.

For a supplier synced from the trading centre whose account is 绑定key未启用 this is the one page
it may use: "需使用 key 登陆政府采购网，维护单位信息并提交后才具有正式功能权限" (seed manual §三
步骤三). 【提交】 queues ``update_unit_contact``; the server grants full rights once applied.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.commands import CommandInvalid, UpdateUnitContact
from desktop.domain.protocol import AccountInfo

UnitLookup = Callable[[str], dict[str, Any] | None]
"""Reads a unit record from the local store by id (called on a worker)."""

BANNER_STYLE = ("QFrame#key_not_enabled { background: #fff4e5; border: 1px solid #f0b45b; border-radius: 4px; }"
                "QFrame#key_not_enabled QLabel { color: #7a4a00; }")


class UnitInfoPage(QWidget):
    """``submitted(command)`` when the user submits valid contact details (the window queues it)."""

    submitted = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unit_info")
        title = QLabel(self.tr("单位信息"))
        title.setStyleSheet("font-size: 15pt; font-weight: bold;")

        self.banner = QFrame()
        self.banner.setObjectName("key_not_enabled")
        self.banner.setStyleSheet(BANNER_STYLE)
        banner_text = QLabel(self.tr(
            "账号状态：绑定key未启用。本单位由公共资源交易中心同步而来，绑定 key 后仅具有临时权限："
            "请核对并维护单位信息，点击【提交】；提交并同步后才具有正式功能权限。"))
        banner_text.setWordWrap(True)
        QHBoxLayout(self.banner).addWidget(banner_text)
        self.banner.hide()

        self.name = QLabel()
        self.credit_code = QLabel()
        self.region = QLabel()
        self.contact_person = QLineEdit()
        self.contact_person.setMaxLength(50)
        self.contact_phone = QLineEdit()
        self.contact_phone.setMaxLength(20)
        self.contact_phone.setPlaceholderText(self.tr("手机或座机，如 0371-65800001"))
        form = QFormLayout()
        form.addRow(self.tr("单位名称："), self.name)
        form.addRow(self.tr("统一社会信用代码："), self.credit_code)
        form.addRow(self.tr("所属区划："), self.region)
        form.addRow(self.tr("联系人："), self.contact_person)
        form.addRow(self.tr("联系电话："), self.contact_phone)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("提交"))
        self.submit_button.setObjectName("submit_unit_info")
        self.submit_button.clicked.connect(self._submit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.submit_button)

        self.empty = QLabel(self.tr("登录并同步后，这里显示本单位在系统中登记的信息。"))
        self.empty.setWordWrap(True)
        self.details = QWidget()
        self.details.setMaximumWidth(720)
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        details.addLayout(form)
        details.addWidget(self.problem)
        details.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(self.details)
        layout.addStretch(1)
        self.show_unit(None, None)

    def show_unit(self, account: AccountInfo | None, unit: dict[str, Any] | None, region_name: str = "") -> None:
        """Show the account's unit (``unit``: its synced record, None before the first sync)."""
        self.banner.setVisible(bool(account and account.key_bound_not_enabled))
        known = account is not None and unit is not None
        self.empty.setVisible(not known)
        self.details.setVisible(known)
        if account is None or unit is None:
            return
        self.name.setText(str(unit.get("name", account.unit_name)))
        self.credit_code.setText(str(unit.get("credit_code", account.credit_code)))
        self.region.setText(region_name or str(unit.get("region_code", "")))
        self.contact_person.setText(str(unit.get("contact_person") or ""))
        self.contact_phone.setText(str(unit.get("contact_phone") or ""))
        self.problem.clear()

    def _submit(self) -> None:
        command = UpdateUnitContact(contact_person=self.contact_person.text(), contact_phone=self.contact_phone.text())
        try:
            command.validate()
        except CommandInvalid as exc:
            self.problem.setText(exc.message)
            return
        self.problem.clear()
        self.submitted.emit(command)
