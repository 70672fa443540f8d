"""A PDF with its toolbar: pages (上一页/下一页) and zoom, around :class:`PdfView`.

Shared by the signing workbench, the sign dialog and 【查看】. Rendering happens on the view's
pdfium thread; the pane only keeps its buttons in step with the view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.ui.widgets.pdf_view import PdfView


def row_layout(row: QWidget) -> QHBoxLayout:
    """A row of a page. Every sub-layout lives on its own widget, created with its parent:
    a parentless layout handed over with ``addLayout`` leaves PySide 6.12 a wrapper that the
    garbage collector, running on a worker thread, can trip over after the page is deleted."""
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class PdfPane(QWidget):
    """Toolbar (optional leading widgets, pages, zoom) above a framed :class:`PdfView`."""

    def __init__(self, leading: tuple[QWidget, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.previous_button = QPushButton(self.tr("上一页"))
        self.next_button = QPushButton(self.tr("下一页"))
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance("第 888 / 888 页") + 8)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_button = QPushButton("−")
        self.zoom_out_button.setToolTip(self.tr("缩小"))
        self.zoom_in_button = QPushButton("+")
        self.zoom_in_button.setToolTip(self.tr("放大"))
        for small in (self.zoom_out_button, self.zoom_in_button):
            small.setFixedWidth(small.fontMetrics().horizontalAdvance("＋") + 24)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("888%") + 8)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_button = QPushButton(self.tr("适合宽度"))

        self.toolbar = QWidget()
        toolbar = row_layout(self.toolbar)
        toolbar.setSpacing(6)
        groups = tuple(g for g in (leading, (self.previous_button, self.page_label, self.next_button),
                                   (self.zoom_out_button, self.zoom_label, self.zoom_in_button, self.fit_button))
                       if g)
        for number, group in enumerate(groups):
            if number:
                toolbar.addSpacing(18)
            for widget in group:
                toolbar.addWidget(widget)
        toolbar.addStretch(1)

        self.view = PdfView()
        self.frame = QFrame()
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame_layout = QVBoxLayout(self.frame)
        frame_layout.setContentsMargins(0, 0, 0, 0)
        frame_layout.addWidget(self.view)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.frame, 1)

        self.previous_button.clicked.connect(self.view.previous_page)
        self.next_button.clicked.connect(self.view.next_page)
        self.zoom_in_button.clicked.connect(self.view.zoom_in)
        self.zoom_out_button.clicked.connect(self.view.zoom_out)
        self.fit_button.clicked.connect(self.view.fit_width)
        self.view.page_changed.connect(self._page_changed)
        self.view.zoom_changed.connect(self._zoom_changed)
        self.view.document_loaded.connect(lambda _info: self.update_buttons())
        self._locked = False
        self._page_changed(0, 0)
        self._zoom_changed(self.view.zoom)

    def lock_pages(self, locked: bool) -> None:
        """Keep the page still (while signing)."""
        self._locked = locked
        self.update_buttons()

    def update_buttons(self) -> None:
        loaded = self.view.info is not None
        self.previous_button.setEnabled(loaded and self.view.current_page > 0 and not self._locked)
        self.next_button.setEnabled(loaded and self.view.current_page < self.view.page_count - 1
                                    and not self._locked)
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(loaded)

    def _page_changed(self, index: int, count: int) -> None:
        self.page_label.setText(self.tr("第 {n} / {count} 页").format(n=index + 1 if count else 0, count=count))
        self.update_buttons()

    def _zoom_changed(self, zoom: float) -> None:
        self.zoom_label.setText(f"{zoom * 100:.0f}%")
