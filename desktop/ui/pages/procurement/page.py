"""框架协议采购: placeholder until the procurement workflow lands."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.widgets.placeholder import PlaceholderPanel


class ProcurementPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = PlaceholderPanel(
            self.tr("框架协议采购"),
            self.tr("封闭式和开放式框架协议采购的全过程将在这里办理。"),
            [self.tr("征集计划备案，以及主管预算单位、财政部门的审核"),
             self.tr("征集公告的发布与查看"),
             self.tr("入围供应商名单与框架协议备案"),
             self.tr("第二阶段合同的确定与备案"),
             self.tr("与河南省公共资源交易系统的对接")],
            self.tr("该功能正在开发中，将在后续版本提供。"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
