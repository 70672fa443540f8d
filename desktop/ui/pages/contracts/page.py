"""合同在线签订: placeholder until contract signing lands."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop.ui.widgets.placeholder import PlaceholderPanel


class ContractsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.panel = PlaceholderPanel(
            self.tr("合同在线签订"),
            self.tr("采购人和供应商将在这里用各自的 CA key 对同一份合同 PDF 签章。"),
            [self.tr("查看待签订的合同，预览合同 PDF"),
             self.tr("在页面上点击选择签章位置，用 CA key 签章（采购人先签，供应商后签）"),
             self.tr("验证合同中每个签章的签署单位、统一社会信用代码和签署时间"),
             self.tr("签章完成的 PDF 自动作为合同备案的主文档，不允许修改")],
            self.tr("该功能正在开发中，将在后续版本提供。"),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel)
