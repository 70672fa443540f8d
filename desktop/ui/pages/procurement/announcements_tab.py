"""【信息发布】: the published announcements as 河南省政府采购网 shows them, by column — 采购公告 (征集公告),
结果公告 (入围结果公告), 合同公告 (second-stage contracts) — with a search, a lazy list read in the
background (keyset pages as the user scrolls) and a read-only 【查看】."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workflow.announcement import Column
from desktop.domain.workflow.workdays import CHINA_TIME
from desktop.store.framework import AnnouncementFilter, AnnouncementRow
from desktop.ui.pages.procurement.framework_service import FrameworkService
from desktop.ui.pages.procurement.framework_widgets import NOTE_STYLE
from desktop.ui.pages.procurement.plan_list import TITLE_STYLE
from desktop.ui.widgets.lazy_table import PAGE_SIZE, Index, LazyTableModel


class AnnouncementListModel(LazyTableModel[AnnouncementRow, AnnouncementFilter]):
    TITLE, KIND, NUMBER, COLLECTOR, PUBLISHED = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(AnnouncementFilter(column=Column.PROCUREMENT.value), None, PAGE_SIZE, parent)
        self.set_headers(self.tr("公告标题"), self.tr("公告类型"), self.tr("计划编号"), self.tr("征集人"),
                         self.tr("发布时间"))

    @property
    def service(self) -> FrameworkService | None:
        return self._source  # type: ignore[no-any-return]

    def read_page(self, source: FrameworkService, where: AnnouncementFilter, after: tuple[str, str] | None,
                  limit: int) -> list[AnnouncementRow]:
        return source.announcement_page(where, after, limit)

    def read_count(self, source: FrameworkService, where: AnnouncementFilter) -> int:
        return source.announcement_count(where)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        when = f"{row.published_at.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}" if row.published_at else "—"
        return (row.title, row.kind, row.plan_number, row.collector_name, when)[index.column()]


class AnnouncementsTab(QWidget):
    view_requested = Signal(str)  # announcement id

    COLUMNS = (Column.PROCUREMENT, Column.RESULT, Column.CONTRACT)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("announcements_tab")
        self.model = AnnouncementListModel(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.apply_filter)
        title = QLabel(self.tr("信息发布"))
        title.setStyleSheet(TITLE_STYLE)
        note = QLabel(self.tr("已发布的公告：征集公告在“采购公告”栏目，入围结果公告在“结果公告”栏目，"
                              "二阶段合同公告在“合同公告”栏目。"))
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addSpacing(16)
        heading.addWidget(note, 1)
        self.columns = QTabBar()
        self.columns.setObjectName("announcement_columns")
        for column in self.COLUMNS:
            self.columns.addTab(self._column_title(column))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索公告标题、项目名称、计划编号或征集人"))
        self.count_label = QLabel()
        self.view_button = QPushButton(self.tr("查看"))
        self.view_button.setObjectName("announcement_view_button")
        bar = QHBoxLayout()
        bar.addWidget(self.columns)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count_label)
        bar.addWidget(self.view_button)
        self.table = QTableView()
        self.table.setObjectName("announcements_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(AnnouncementListModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for number, width in ((AnnouncementListModel.KIND, 110), (AnnouncementListModel.NUMBER, 190),
                              (AnnouncementListModel.COLLECTOR, 180), (AnnouncementListModel.PUBLISHED, 140)):
            self.table.setColumnWidth(number, width)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet(NOTE_STYLE)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        self.columns.currentChanged.connect(lambda _i: self.apply_filter())
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.view_button.clicked.connect(self._view)
        self.table.doubleClicked.connect(lambda _i: self._view())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update())
        self.model.modelReset.connect(self._update)
        self.model.count_changed.connect(self._counted)
        self._counted(None)

    def _column_title(self, column: Column) -> str:
        return {Column.PROCUREMENT: self.tr("采购公告"), Column.RESULT: self.tr("结果公告"),
                Column.CONTRACT: self.tr("合同公告")}[column]

    def set_service(self, service: FrameworkService | None) -> None:
        self.model.filter = self.filter()
        self.model.set_source(service)

    def filter(self) -> AnnouncementFilter:
        return AnnouncementFilter(column=self.COLUMNS[max(0, self.columns.currentIndex())].value,
                                  search=self.search.text())

    def show_column(self, column: Column) -> None:
        self.columns.setCurrentIndex(self.COLUMNS.index(column))

    def apply_filter(self) -> None:
        self._timer.stop()
        self.model.set_filter(self.filter())

    def _counted(self, total: object) -> None:
        if self.model.service is None:
            self.count_label.clear()
            self.empty.setText(self.tr("请先登录，登录并同步后在这里查看已发布的公告"))
            self.empty.show()
            return
        self.count_label.setText(self.tr("正在读取……") if total is None else self.tr("共 {n} 条").format(n=total))
        self.empty.setText(self.tr("本栏目暂无已发布的公告"))
        self.empty.setVisible(total == 0)

    def selected(self) -> AnnouncementRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows and rows[0].row() < len(self.model.rows) else None

    def _update(self) -> None:
        self.view_button.setEnabled(self.selected() is not None)

    def _view(self) -> None:
        row = self.selected()
        if row is not None:
            self.view_requested.emit(row.id)
