"""Before the form (seed manual 1.3.1.1 第一步, 1.3.3): 【新增】 asks whether to file a framework-agreement
plan (【确定】 / 【取消】) and, when the unit can collect as more than one identity (a 集中采购机构 may
act as 集采机构 or as a budget unit), 选择征集人身份. The choices are the domain's
(:func:`desktop.domain.workflow.plan.identity_choices`)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workflow.plan import CollectorIdentity


class IdentityDialog(QDialog):
    def __init__(self, choices: Sequence[CollectorIdentity], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("identity_dialog")
        self.setWindowTitle(self.tr("选择征集人身份") if len(choices) > 1 else self.tr("计划备案"))
        self.choices = tuple(choices)
        explanations = {
            CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY: self.tr(
                "集中采购目录以内品目，由集中采购机构负责征集程序和订立框架协议；经本级财政部门初核、复核后实施。"),
            CollectorIdentity.SUPERVISING_BUDGET_UNIT: self.tr(
                "集中采购目录以外品目，由主管预算单位负责征集程序和订立框架协议，项目分类只能选择“服务”。"),
            CollectorIdentity.SUBORDINATE_BUDGET_UNIT: self.tr(
                "其他预算单位确有需要，经其主管预算单位批准，可以采用框架协议采购方式采购。"),
        }
        layout = QVBoxLayout(self)
        question = QLabel(self.tr("是否进行框架协议采购计划备案？选择【确定】进入框架协议业务填报页面。")
                          if len(self.choices) == 1 else self.tr("请选择本次框架协议采购的征集人身份："))
        question.setWordWrap(True)
        layout.addWidget(question)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        for number, identity in enumerate(self.choices):
            button = QRadioButton(identity.value)
            button.setObjectName(f"identity_{number}")
            self.group.addButton(button, number)
            self.buttons.append(button)
            note = QLabel(explanations[identity])
            note.setWordWrap(True)
            note.setStyleSheet("QLabel { color: #5f6b7a; margin-left: 22px; }")
            layout.addWidget(button)
            layout.addWidget(note)
            button.setVisible(len(self.choices) > 1)
        if self.buttons:
            self.buttons[0].setChecked(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("确定"))
        box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.resize(460, 0)

    def choose(self, identity: CollectorIdentity) -> None:
        self.buttons[self.choices.index(identity)].setChecked(True)

    @property
    def chosen(self) -> CollectorIdentity:
        return self.choices[max(0, self.group.checkedId())]
