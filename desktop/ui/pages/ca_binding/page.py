"""CA 绑定与诊断: the working 密钥诊断 tab, and the self-service binding still to come."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.widgets.placeholder import PlaceholderPanel


class CaBindingPage(QWidget):
    def __init__(self, diagnosis: DiagnosisPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagnosis = diagnosis
        self.binding = PlaceholderPanel(
            self.tr("CA 自助绑定"),
            self.tr("采购人、代理机构和供应商将在这里自助绑定单位 key，无需财政部门审核。"),
            [self.tr("新制 CA 证书绑定，原有 key 更新绑定，同步供应商直接绑定"),
             self.tr("读取证书信息并核对单位的统一社会信用代码"),
             self.tr("查看绑定状态：未绑定、续期、已绑定、数据重复、已绑定其他角色"),
             self.tr("个人 key 的绑定、续期与解绑（操作人员管理）")],
            self.tr("该功能正在开发中。绑定前可先用【密钥诊断】确认 key 是否可用。"),
        )
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.diagnosis, self.tr("密钥诊断"))
        self.tabs.addTab(self.binding, self.tr("自助绑定"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
