"""The buttons at the right of each row (【签章】【查看】【合同备案】), painted by a delegate: a
widget per row would cost 100,000 widgets; painting costs nothing for rows off screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.domain.protocol import AccountInfo
from desktop.store.contracts import ContractRow
from desktop.ui.pages.contracts.list_model import ContractListModel
from desktop.ui.pages.contracts.rules import Action, row_actions

_COLOURS = {Action.SIGN: QColor("#c62828"), Action.VIEW: QColor("#1565c0"), Action.FILE: QColor("#2e7d32")}
_PAD, _GAP = 10, 6

_Index = QModelIndex | QPersistentModelIndex


class ActionsDelegate(QStyledItemDelegate):
    triggered = Signal(object, object)  # Action, ContractRow

    def __init__(self, account: Callable[[], AccountInfo | None], view: QWidget,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._account = account
        self._view = view
        self.labels = {Action.SIGN: self.tr("签章"), Action.VIEW: self.tr("查看"), Action.FILE: self.tr("合同备案")}

    def actions(self, index: _Index) -> tuple[Action, ...]:
        row = index.data(ContractListModel.RowRole)
        return row_actions(row, self._account()) if isinstance(row, ContractRow) else ()

    def button_rects(self, cell: QRect, index: _Index, option: QStyleOptionViewItem | None = None
                     ) -> list[tuple[Action, QRect]]:
        metrics = option.fontMetrics if option is not None else self._view.fontMetrics()
        height = min(cell.height() - 6, metrics.height() + 8)
        x = cell.left() + _GAP
        rects = []
        for action in self.actions(index):
            width = metrics.horizontalAdvance(self.labels[action]) + 2 * _PAD
            rects.append((action, QRect(x, cell.top() + (cell.height() - height) // 2, width, height)))
            x += width + _GAP
        return rects

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for action, rect in self.button_rects(option.rect, index, option):
            colour = _COLOURS[action]
            fill = QColor(colour)
            fill.setAlpha(22)
            painter.setPen(QPen(colour, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(rect.adjusted(0, 0, -1, -1), 3, 3)
            painter.setPen(colour)
            painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.labels[action])
        painter.restore()

    def width_for(self, actions: tuple[Action, ...]) -> int:
        metrics = self._view.fontMetrics()
        return sum(metrics.horizontalAdvance(self.labels[a]) + 2 * _PAD + _GAP for a in actions) + _GAP + 4

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        metrics = option.fontMetrics
        width = sum(metrics.horizontalAdvance(t) + 2 * _PAD + _GAP for t in self.labels.values()) + _GAP
        return QSize(width, metrics.height() + 14)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: _Index) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            point = event.position().toPoint()
            for action, rect in self.button_rects(option.rect, index, option):
                if rect.contains(point):
                    self.triggered.emit(action, index.data(ContractListModel.RowRole))
                    return True
        return super().editorEvent(event, model, option, index)
