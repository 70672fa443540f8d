"""Add or edit an operator (操作人员管理, seed manual §三 3.3: "首先维护人员身份证号信息").

The dialog only collects and checks input; it yields the outbox commands (AddOperator, or
UpdateOperatorIdNumber / UpdateOperatorPhone for what changed), each validated with the domain rules
before it is offered — the server validates them again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.domain.commands import (
    AddOperator,
    Command,
    CommandInvalid,
    UpdateOperatorIdNumber,
    UpdateOperatorPhone,
)
from desktop.domain.errors import YucaiError
from desktop.domain.identity import normalize_code


@dataclass(frozen=True)
class OperatorRow:
    """An operator as the local store has it (record kind ``operator``), with its login account."""

    operator_id: str
    name: str
    id_number: str
    phone: str
    username: str = ""
    post: str = ""
    pending: bool = False
    """Added here and not yet confirmed by the server (still in the outbox)."""


def new_operator_id() -> str:
    return f"op-{uuid.uuid4().hex[:16]}"


class OperatorDialog(QDialog):
    """``operator`` None: 添加; otherwise 修改 its 身份证号 and 联系电话."""

    def __init__(self, operator: OperatorRow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("operator_dialog")
        self.operator = operator
        self.commands: list[Command] = []
        self.setWindowTitle(self.tr("添加操作人员") if operator is None else self.tr("修改操作人员"))
        self.name_edit = QLineEdit(operator.name if operator else "")
        self.name_edit.setObjectName("operator_name")
        self.name_edit.setMaxLength(50)
        self.name_edit.setReadOnly(operator is not None)
        self.id_edit = QLineEdit(operator.id_number if operator else "")
        self.id_edit.setObjectName("operator_id_number")
        self.id_edit.setMaxLength(18)
        self.id_edit.setPlaceholderText(self.tr("18 位居民身份证号码"))
        self.phone_edit = QLineEdit(operator.phone if operator else "")
        self.phone_edit.setObjectName("operator_phone")
        self.phone_edit.setMaxLength(20)
        self.error = QLabel()
        self.error.setObjectName("operator_error")
        self.error.setStyleSheet("QLabel { color: #c62828; }")
        self.error.setWordWrap(True)
        self.error.hide()
        note = QLabel(self.tr("个人 key 只能绑定到身份证号与 key 中身份证号一致的人员。"))
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color: #666666; }")
        form = QFormLayout()
        form.addRow(self.tr("姓名"), self.name_edit)
        form.addRow(self.tr("身份证号"), self.id_edit)
        form.addRow(self.tr("联系电话"), self.phone_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("保存"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(420, 0)

    def _save(self) -> None:
        try:
            commands = self._commands()
            for command in commands:
                command.validate()
        except YucaiError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        self.commands = commands
        self.accept()

    def _commands(self) -> list[Command]:
        name, phone = self.name_edit.text().strip(), self.phone_edit.text().strip()
        id_number = normalize_code(self.id_edit.text())
        if self.operator is None:
            return [AddOperator(operator_id=new_operator_id(), full_name=name, id_number=id_number, phone=phone)]
        commands: list[Command] = []
        if id_number != normalize_code(self.operator.id_number):
            commands.append(UpdateOperatorIdNumber(operator_id=self.operator.operator_id, id_number=id_number))
        if phone != self.operator.phone.strip():
            if not phone:
                raise CommandInvalid(self.tr("联系电话不能为空"), "phone required", "field_required")
            commands.append(UpdateOperatorPhone(operator_id=self.operator.operator_id, phone=phone))
        if not commands:
            raise CommandInvalid(self.tr("没有需要保存的修改"), "nothing changed", "nothing_changed")
        return commands
