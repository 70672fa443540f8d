"""【选择品目】 for 采购内容: the synced 品目 catalogue (``procurement_item`` records) with a search box and
whether each item is a 集采品目; the picked items come back in catalogue order."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workflow.common import Category, Item

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


def item_text(item: Item, catalogue_label: str, outside_label: str) -> str:
    category = item.category.value if item.category is not None else "—"
    flag = catalogue_label if item.in_catalogue else outside_label
    return f"{item.code}  {item.name}（{category}，{flag}）"


class ItemPickerDialog(QDialog):
    def __init__(self, catalogue: Iterable[Item], chosen: Iterable[str], category: Category | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("item_picker")
        self.setWindowTitle(self.tr("选择品目"))
        self.items = sorted(catalogue, key=lambda i: i.code)
        picked = set(chosen)
        hint = QLabel(self.tr("勾选采购内容中的品目。品目需与项目分类保持一致；集采品目由集中采购机构负责征集，"
                              "主管预算单位只能选择目录以外品目。"))
        hint.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("搜索品目编码或名称"))
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setObjectName("item_list")
        inside, outside = self.tr("集采品目"), self.tr("目录以外")
        for item in self.items:
            row = QListWidgetItem(item_text(item, inside, outside))
            row.setData(CODE_ROLE, item.code)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if item.code in picked else Qt.CheckState.Unchecked)
            if category is not None and item.category is not category:
                row.setForeground(Qt.GlobalColor.gray)
                row.setToolTip(self.tr("该品目不属于所选项目分类“{category}”").format(category=category.value))
            self.list.addItem(row)
        if not self.items:
            self.list.addItem(self.tr("本机尚无品目目录，请联网同步后再选择"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(520, 440)

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for n in range(self.list.count()):
            row = self.list.item(n)
            row.setHidden(bool(needle) and needle not in row.text().casefold())

    def set_checked(self, code: str, checked: bool = True) -> None:
        for n in range(self.list.count()):
            row = self.list.item(n)
            if row.data(CODE_ROLE) == code:
                row.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> list[Item]:
        codes = {self.list.item(n).data(CODE_ROLE) for n in range(self.list.count())
                 if self.list.item(n).checkState() is Qt.CheckState.Checked}
        return [i for i in self.items if i.code in codes]
