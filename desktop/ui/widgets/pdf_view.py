"""A PDF page viewer that shows the seals in a file and picks where a new seal goes.

QtPdf draws no signature appearances (the seals would be invisible), so pages are rendered by
pdfium (pypdfium2) with the form environment initialised, into a ``QImage``. pdfium is not
thread-safe: every pdfium call runs on one dedicated thread (:data:`_PDFIUM`), never on the GUI
thread; the view asks for a page at a zoom and paints the image when it arrives.

Coordinates: the canvas shows one page at ``zoom`` pixels per PDF point, exactly the *view
space* of :mod:`desktop.signing.placement` (crop box only, turned by ``/Rotate``, origin top
left). A click therefore maps to the seal rectangle with ``seal_rect_from_click`` and the
preview is drawn with ``rect_to_view`` — the same geometry the signing engine uses to clamp the
seal inside the page. Page geometry comes from the signing engine's own reader
(:func:`desktop.signing.pdfinput.open_pdf`), so what the preview shows is where the seal lands.
"""

from __future__ import annotations

import logging
import math
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
)
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from desktop.signing.placement import (
    DEFAULT_SEAL_SIZE,
    PageGeometry,
    Rect,
    rect_to_view,
    seal_rect_from_click,
    view_to_user,
)
from desktop.ui.ops import Op

log = logging.getLogger(__name__)
T = TypeVar("T")

ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
"""Zoom levels in pixels per PDF point (1.0 = one logical pixel per point)."""
MIN_ZOOM, MAX_ZOOM = ZOOM_STEPS[0], ZOOM_STEPS[-1]
PAGE_MARGIN = 12  # pixels around the page inside the scroll area (fit width leaves them free)
BACKGROUND = QColor("#e4e7eb")
SEAL_COLOR = QColor("#d32f2f")
MAX_RENDER_PIXELS = 40_000_000  # ~160 MB of RGB32: refuse zoom x device ratio beyond this

# pdfium keeps global state and is not thread-safe: one thread makes every call, for all views.
_PDFIUM = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdfium")


@dataclass(frozen=True)
class PdfInfo:
    """What the view knows about an open file (read off the GUI thread)."""

    path: Path
    page_count: int
    geometries: tuple[PageGeometry, ...]
    """Crop box and rotation of every page, as the signing engine reads them."""


class _Document:
    """A pdfium document; touched only on the pdfium thread, closed there too.

    pypdfium2 closes a document that became garbage from a finaliser, on whatever thread the
    garbage collector happens to run — possibly while the pdfium thread renders, which crashes
    pdfium. So every open pypdfium2 document stays referenced from :data:`_OPEN` (never garbage)
    until it is closed explicitly on the pdfium thread: by the view when it is replaced, or,
    when the view went away with a file open, by the pdfium thread before its next call.
    """

    def __init__(self, pdf: Any) -> None:
        self.pdf: Any = pdf
        _OPEN[id(pdf)] = pdf

    def close(self) -> None:
        pdf, self.pdf = self.pdf, None
        if pdf is not None:
            _close_now(pdf)

    def __del__(self) -> None:
        # May run inside the garbage collector on any thread, even one holding the executor's
        # locks: only a lock-free append here.
        pdf, self.pdf = self.pdf, None
        if pdf is not None:
            _ORPHANS.append(pdf)


_OPEN: dict[int, Any] = {}
"""Every pypdfium2 document not closed yet (keeps them out of the garbage collector's reach)."""
_ORPHANS: deque[Any] = deque()
"""Documents whose owner went away without closing them; closed on the pdfium thread."""


def _close_now(pdf: Any) -> None:
    try:
        pdf.close()
    except Exception:  # already closed, or pdfium refused: nothing left to free
        log.debug("closing a PDF failed", exc_info=True)
    finally:
        _OPEN.pop(id(pdf), None)


def _close_orphans() -> None:
    while _ORPHANS:
        _close_now(_ORPHANS.popleft())


def _on_pdfium_thread(fn: Callable[..., T], *args: Any) -> T:
    _close_orphans()
    try:
        return fn(*args)
    finally:
        _close_orphans()


def _submit(fn: Callable[..., T], *args: Any) -> Future[T]:
    return _PDFIUM.submit(_on_pdfium_thread, fn, *args)


def _engine_geometries(path: Path, data: bytes) -> tuple[PageGeometry, ...] | None:
    try:
        from desktop.signing.pdfinput import open_pdf

        doc = open_pdf(path, data)
        return tuple(doc.page_geometry(i) for i in range(doc.page_count))
    except Exception:  # the signing engine cannot read it; pdfium may still show it
        log.info("signing engine cannot read %s; using pdfium's page boxes", path, exc_info=True)
        return None


def _pdfium_geometry(page: Any) -> PageGeometry:
    media = Rect.from_corners(*page.get_mediabox())
    crop = Rect.from_corners(*page.get_cropbox())
    return PageGeometry.from_boxes(media, crop, int(page.get_rotation()))


def _load(path: Path) -> tuple[_Document, PdfInfo]:
    """Runs on the pdfium thread: read the file into memory (no lock on it), open, init forms."""
    import pypdfium2 as pdfium

    from desktop.signing.errors import CorruptPdf
    from desktop.signing.pdfinput import read_pdf_bytes

    data = read_pdf_bytes(path)  # clear errors for missing, empty and non-PDF files
    engine = _engine_geometries(path, data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise CorruptPdf(str(path), str(exc)) from exc
    document = _Document(pdf)
    try:
        pdf.init_forms()  # before any page is loaded: signature appearances are form widgets
        count = len(pdf)
        if engine is not None and len(engine) == count:
            geometries = engine
        else:
            own = []
            for index in range(count):
                page = pdf[index]
                try:
                    own.append(_pdfium_geometry(page))
                finally:
                    page.close()
            geometries = tuple(own)
    except BaseException:
        document.close()
        raise
    return document, PdfInfo(path, count, geometries)


def _render(document: _Document, index: int, scale: float) -> QImage:
    """Runs on the pdfium thread: one page at ``scale`` device pixels per point."""
    import pypdfium2.raw as pdfium_c

    if document.pdf is None:
        return QImage()
    page = document.pdf[index]
    try:
        bitmap = page.render(scale=scale, may_draw_forms=True, fill_color=(255, 255, 255, 255),
                             force_bitmap_format=pdfium_c.FPDFBitmap_BGRx)
        try:
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGB32).copy()  # copy: the buffer dies with the bitmap
        finally:
            bitmap.close()
    finally:
        page.close()
    return image


def open_pdf_document(path: Path) -> Future[tuple[_Document, PdfInfo]]:
    return _submit(_load, path)


def render_page(document: _Document, index: int, scale: float) -> Future[QImage]:
    return _submit(_render, document, index, scale)


def close_pdf_document(document: _Document) -> Future[None]:
    return _submit(document.close)


class PageCanvas(QWidget):
    """The page itself: the rendered image plus the seal preview and the chosen seal box."""

    def __init__(self, view: PdfView) -> None:
        super().__init__()
        self._view = view
        self.setObjectName("pdf_page")
        self.setMouseTracking(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._view._paint_canvas(self)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._view._hover(event.position())
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: Any) -> None:
        self._view._hover(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._view._click(event.position())
        elif event.button() == Qt.MouseButton.RightButton:
            self._view.cancel_placement()
        super().mousePressEvent(event)


class PdfView(QScrollArea):
    """One page at a time; pages, zoom (steps or fit width) and seal placement."""

    document_loaded = Signal(object)  # PdfInfo
    load_failed = Signal(object)  # the exception
    page_changed = Signal(int, int)  # 0-based page index, page count
    zoom_changed = Signal(float)
    page_rendered = Signal(int)
    placement_chosen = Signal(int, object)  # 0-based page index, Rect in user space
    placement_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_view")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        # the page sits centred on a grey desk that fills the viewport
        desk = QWidget()
        desk.setObjectName("pdf_desk")
        palette = desk.palette()
        palette.setColor(QPalette.ColorRole.Window, BACKGROUND)
        desk.setPalette(palette)
        desk.setAutoFillBackground(True)
        self.canvas = PageCanvas(self)
        layout = QVBoxLayout(desk)
        layout.setContentsMargins(PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN, PAGE_MARGIN)
        layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        layout.addStretch(1)
        self.setWidget(desk)
        self.canvas.hide()

        self._info: PdfInfo | None = None
        self._document: _Document | None = None
        self._page = 0
        self._zoom = 1.0
        self._fit_width = True
        self._image = QImage()
        self._image_key: tuple[int, float, float] | None = None
        self._generation = 0
        self._pending_render: tuple[int, float, float] | None = None
        self._loading = False
        self._load_generation = 0
        self._armed_size: tuple[float, float] | None = None
        self._hover_point: QPointF | None = None
        self._placed: tuple[int, Rect] | None = None
        self._placed_center: tuple[float, float] | None = None
        self._hint = ""

    # -- state --------------------------------------------------------------------------------

    @property
    def info(self) -> PdfInfo | None:
        return self._info

    @property
    def page_count(self) -> int:
        return self._info.page_count if self._info else 0

    @property
    def current_page(self) -> int:
        return self._page

    @property
    def zoom(self) -> float:
        return self._zoom

    @property
    def fit_width_mode(self) -> bool:
        return self._fit_width

    @property
    def busy(self) -> bool:
        """Loading a file or rendering the current page."""
        return self._loading or self._pending_render is not None

    @property
    def placing(self) -> bool:
        return self._armed_size is not None

    @property
    def placed(self) -> tuple[int, Rect] | None:
        """The chosen seal box: 0-based page and rectangle in user space."""
        return self._placed

    @property
    def placed_center(self) -> tuple[float, float] | None:
        """The user-space point that was clicked (before clamping): what ``SealPlacement.center``
        needs to give exactly :attr:`placed` through ``seal_rect_at``."""
        return self._placed_center

    def geometry_of(self, page_index: int) -> PageGeometry:
        if self._info is None:
            raise LookupError("no document")
        return self._info.geometries[page_index]

    def page_pixel_size(self) -> QSize:
        if self._info is None:
            return QSize(0, 0)
        w, h = self.geometry_of(self._page).view_size
        return QSize(math.ceil(w * self._zoom), math.ceil(h * self._zoom))

    # -- documents ----------------------------------------------------------------------------

    def open(self, path: Path, page: int = 0) -> None:
        """Load ``path`` off the GUI thread; ``document_loaded`` or ``load_failed`` follows."""
        self._load_generation += 1
        generation = self._load_generation
        self._loading = True
        op: Op[tuple[_Document, PdfInfo]] = Op(self, lambda: open_pdf_document(path))
        op.success(lambda loaded: self._loaded(generation, loaded, page)) \
            .failure(lambda exc: self._load_error(generation, exc)) \
            .run()

    def close_document(self) -> None:
        self._load_generation += 1
        self._loading = False
        self._set_document(None, None)
        self.canvas.hide()

    def _loaded(self, generation: int, loaded: tuple[_Document, PdfInfo], page: int) -> None:
        document, info = loaded
        if generation != self._load_generation:  # a newer open() won
            close_pdf_document(document)
            return
        self._loading = False
        self._set_document(document, info)
        self._page = max(0, min(page, info.page_count - 1))
        self.canvas.show()
        if self._fit_width:
            self._zoom = self._fit_zoom()
        self._layout_changed()
        self.document_loaded.emit(info)
        self.page_changed.emit(self._page, info.page_count)
        self.zoom_changed.emit(self._zoom)

    def _load_error(self, generation: int, exc: BaseException) -> None:
        if generation != self._load_generation:
            return
        self._loading = False
        self.load_failed.emit(exc)

    def _set_document(self, document: _Document | None, info: PdfInfo | None) -> None:
        old, self._document = self._document, document
        if old is not None:
            close_pdf_document(old)
        self._info = info
        self._image = QImage()
        self._image_key = None
        self._pending_render = None
        self._placed = None
        self._placed_center = None
        self._armed_size = None
        self._hover_point = None

    # -- pages and zoom -----------------------------------------------------------------------

    def set_page(self, index: int) -> None:
        if self._info is None:
            return
        index = max(0, min(index, self._info.page_count - 1))
        if index == self._page:
            return
        self._page = index
        if self._fit_width:
            self._zoom = self._fit_zoom()
        self._layout_changed()
        self.verticalScrollBar().setValue(0)
        self.page_changed.emit(self._page, self._info.page_count)

    def next_page(self) -> None:
        self.set_page(self._page + 1)

    def previous_page(self) -> None:
        self.set_page(self._page - 1)

    def set_zoom(self, zoom: float) -> None:
        self._fit_width = False
        self._apply_zoom(zoom)

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_STEPS if z > self._zoom + 1e-6), MAX_ZOOM))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_STEPS) if z < self._zoom - 1e-6), MIN_ZOOM))

    def fit_width(self) -> None:
        self._fit_width = True
        self._apply_zoom(self._fit_zoom())

    def _apply_zoom(self, zoom: float) -> None:
        zoom = max(MIN_ZOOM, min(zoom, MAX_ZOOM))
        if abs(zoom - self._zoom) < 1e-9:
            return
        self._zoom = zoom
        self._layout_changed()
        self.zoom_changed.emit(self._zoom)

    def _fit_zoom(self) -> float:
        if self._info is None:
            return self._zoom
        # Always leave room for the vertical scroll bar: a page fitted to the width is usually
        # taller than the window, and a bar that comes and goes would make the zoom oscillate.
        width = (self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
                 - 2 * PAGE_MARGIN)
        page_width = self.geometry_of(self._page).view_size[0]
        return max(MIN_ZOOM, min(MAX_ZOOM, width / page_width)) if width > 0 else self._zoom

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fit_width and self._info is not None:
            self._apply_zoom(self._fit_zoom())

    def _layout_changed(self) -> None:
        self.canvas.setFixedSize(self.page_pixel_size())
        self._request_render()
        self.canvas.update()

    # -- rendering ----------------------------------------------------------------------------

    def _request_render(self) -> None:
        if self._document is None or self._info is None:
            return
        ratio = self.devicePixelRatioF() or 1.0
        key = (self._page, self._zoom, ratio)
        if key == self._image_key or key == self._pending_render:
            return
        w, h = self.geometry_of(self._page).view_size
        scale = self._zoom * ratio
        if w * h * scale * scale > MAX_RENDER_PIXELS:
            scale = math.sqrt(MAX_RENDER_PIXELS / (w * h))
        self._generation += 1
        generation = self._generation
        self._pending_render = key
        document = self._document
        op: Op[QImage] = Op(self, lambda: render_page(document, key[0], scale))
        op.success(lambda image: self._rendered(generation, key, image, ratio)) \
            .failure(lambda exc: self._render_failed(generation, exc)) \
            .run()

    def _rendered(self, generation: int, key: tuple[int, float, float], image: QImage, ratio: float) -> None:
        if generation != self._generation:
            return  # a newer page or zoom was asked for meanwhile
        self._pending_render = None
        image.setDevicePixelRatio(ratio)
        self._image = image
        self._image_key = key
        self.canvas.update()
        self.page_rendered.emit(key[0])

    def _render_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._pending_render = None
        log.warning("page rendering failed", exc_info=exc)
        self.canvas.update()

    def rendered_image(self) -> QImage:
        """The last rendered image of the current page (for tests and screenshots)."""
        return self._image

    # -- seal placement -----------------------------------------------------------------------

    def arm_placement(self, seal_size: tuple[float, float] = DEFAULT_SEAL_SIZE, hint: str = "") -> None:
        """Let the next left click on the page fix the seal box; the preview follows the mouse."""
        self._armed_size = seal_size
        self._placed = None
        self._placed_center = None
        self._hint = hint
        self.canvas.setCursor(Qt.CursorShape.CrossCursor)
        self.canvas.update()
        self.setFocus()

    def cancel_placement(self) -> None:
        was = self._armed_size is not None or self._placed is not None
        self.clear_placement()
        if was:
            self.placement_cancelled.emit()

    def clear_placement(self) -> None:
        self._armed_size = None
        self._placed = None
        self._placed_center = None
        self._hover_point = None
        self.canvas.unsetCursor()
        self.canvas.update()

    def seal_rect_for(self, point: QPointF) -> Rect | None:
        """The seal box a click at canvas ``point`` would give (None when not placing)."""
        if self._armed_size is None or self._info is None:
            return None
        return seal_rect_from_click(self.geometry_of(self._page), point.x(), point.y(), self._zoom,
                                    self._armed_size)

    def _hover(self, point: QPointF | None) -> None:
        if self._armed_size is None:
            return
        self._hover_point = point
        self.canvas.update()

    def _click(self, point: QPointF) -> None:
        rect = self.seal_rect_for(point)
        if rect is None:
            return
        self._armed_size = None
        self._hover_point = None
        self._placed = (self._page, rect)
        self._placed_center = view_to_user(self.geometry_of(self._page), point.x(), point.y(), self._zoom)
        self.canvas.unsetCursor()
        self.canvas.update()
        self.placement_chosen.emit(self._page, rect)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._armed_size is not None:
            self.cancel_placement()
            return
        if event.key() == Qt.Key.Key_PageDown and self.verticalScrollBar().value() \
                >= self.verticalScrollBar().maximum():
            self.next_page()
            return
        if event.key() == Qt.Key.Key_PageUp and self.verticalScrollBar().value() == 0:
            self.previous_page()
            return
        super().keyPressEvent(event)

    # -- painting -----------------------------------------------------------------------------

    def _paint_canvas(self, canvas: QWidget) -> None:
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = QRectF(0, 0, canvas.width(), canvas.height())
        painter.fillRect(target, Qt.GlobalColor.white)
        if not self._image.isNull() and self._image_key is not None and self._image_key[0] == self._page:
            painter.drawImage(target, self._image)  # stale zoom: scaled until the new one arrives
        painter.setPen(QPen(QColor("#b8bec6"), 1))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        if self._info is not None:
            geometry = self.geometry_of(self._page)
            if self._placed is not None and self._placed[0] == self._page:
                self._paint_seal(painter, rect_to_view(geometry, self._placed[1], self._zoom), fixed=True)
            elif self._armed_size is not None and self._hover_point is not None:
                rect = self.seal_rect_for(self._hover_point)
                if rect is not None:
                    self._paint_seal(painter, rect_to_view(geometry, rect, self._zoom), fixed=False)
        painter.end()

    def _paint_seal(self, painter: QPainter, box: Rect, *, fixed: bool) -> None:
        """The seal outline: the box, the round seal at its top, and a hint."""
        outer = QRectF(box.x0, box.y0, box.width, box.height)
        fill = QColor(SEAL_COLOR)
        fill.setAlpha(40 if fixed else 22)
        pen = QPen(SEAL_COLOR, 2 if fixed else 1.5)
        pen.setStyle(Qt.PenStyle.SolidLine if fixed else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(fill)
        painter.drawRect(outer)
        diameter = min(box.width, box.height)
        circle = QRectF(box.x0 + (box.width - diameter) / 2, box.y0, diameter, diameter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(circle.adjusted(3, 3, -3, -3))
        if self._hint and not fixed:
            painter.setPen(SEAL_COLOR)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._hint)
