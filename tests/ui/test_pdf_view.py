"""The PDF view: pdfium rendering off the GUI thread, pages, zoom and seal placement by click."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from desktop.config import RESOURCES
from desktop.signing.errors import NotAPdf
from desktop.signing.placement import DEFAULT_SEAL_SIZE, rect_to_view, seal_rect_from_click
from desktop.signing.sign import page_geometry
from desktop.ui.widgets.pdf_view import ZOOM_STEPS, PdfView
from tests.signing.pdfs import PageSpec, build_pdf

DEMO_CONTRACT = RESOURCES / "demo" / "contract.pdf"


@pytest.fixture
def view(qtbot: QtBot) -> Iterator[PdfView]:
    widget = PdfView()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.close_document()


@pytest.fixture
def odd_pages(tmp_path: Path) -> Path:
    """Portrait; rotated 90 with a crop box that does not start at the origin; rotated 270."""
    path = tmp_path / "odd.pdf"
    path.write_bytes(build_pdf([
        PageSpec(),
        PageSpec(media=(0, 0, 612, 792), crop=(36, 48, 576, 744), rotate=90),
        PageSpec(rotate=270),
    ]))
    return path


def open_and_wait(qtbot: QtBot, view: PdfView, path: Path) -> None:
    with qtbot.waitSignal(view.document_loaded, timeout=15_000):
        view.open(path)
    qtbot.waitUntil(lambda: not view.busy and not view.rendered_image().isNull(), timeout=15_000)


def dark_pixels(view: PdfView) -> int:
    image = view.rendered_image()
    step = 3
    return sum(1 for y in range(0, image.height(), step) for x in range(0, image.width(), step)
               if image.pixelColor(x, y).lightness() < 100)


def test_renders_pages_off_the_gui_thread_with_page_navigation(qtbot: QtBot, view: PdfView) -> None:
    open_and_wait(qtbot, view, DEMO_CONTRACT)
    assert view.page_count == 2 and view.current_page == 0
    image = view.rendered_image()
    w, h = view.geometry_of(0).view_size
    assert abs(image.width() / image.devicePixelRatio() - w * view.zoom) <= 1.5
    assert abs(image.height() / image.devicePixelRatio() - h * view.zoom) <= 1.5
    assert dark_pixels(view) > 200  # the Chinese text is drawn

    with qtbot.waitSignal(view.page_changed) as changed:
        view.next_page()
    assert changed.args == [1, 2]
    qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
    view.next_page()  # already on the last page: stays
    assert view.current_page == 1
    view.previous_page()
    view.previous_page()
    assert view.current_page == 0


def test_zoom_steps_and_fit_width(qtbot: QtBot, view: PdfView) -> None:
    open_and_wait(qtbot, view, DEMO_CONTRACT)
    assert view.fit_width_mode
    page_width = view.canvas.width()
    assert view.viewport().width() - 2 * 12 - page_width <= view.verticalScrollBar().sizeHint().width() + 2
    assert view.horizontalScrollBar().maximum() == 0  # fitted: no horizontal scrolling

    view.set_zoom(1.0)
    view.zoom_in()
    assert view.zoom == 1.1 and not view.fit_width_mode
    view.zoom_out()
    view.zoom_out()
    assert view.zoom == 0.9
    for _ in range(len(ZOOM_STEPS) + 2):
        view.zoom_out()
    assert view.zoom == ZOOM_STEPS[0]
    qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
    assert abs(view.rendered_image().width() / view.rendered_image().devicePixelRatio()
               - 595 * ZOOM_STEPS[0]) <= 1.5

    view.resize(900, 600)
    view.fit_width()
    qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
    assert view.fit_width_mode and view.canvas.width() > page_width


@pytest.mark.parametrize(("page", "zoom"), [(0, 1.0), (1, 1.5), (2, 0.75)],
                         ids=["portrait", "rotate90-cropped-zoom150", "rotate270-zoom75"])
def test_a_click_gives_the_engines_seal_box(qtbot: QtBot, view: PdfView, odd_pages: Path,
                                            page: int, zoom: float) -> None:
    open_and_wait(qtbot, view, odd_pages)
    view.set_page(page)
    view.set_zoom(zoom)
    qtbot.waitUntil(lambda: not view.busy, timeout=15_000)
    geometry = page_geometry(odd_pages, page)
    assert view.geometry_of(page) == geometry  # the engine's own reading of the page boxes
    w, h = geometry.view_size
    assert (view.canvas.width(), view.canvas.height()) == (pytest.approx(w * zoom, abs=1),
                                                           pytest.approx(h * zoom, abs=1))

    view.arm_placement()
    assert view.placing
    click = QPoint(int(view.canvas.width() * 0.3), int(view.canvas.height() * 0.6))
    view.ensureVisible(click.x(), click.y())
    qtbot.mouseMove(view.canvas, click)
    preview = view.seal_rect_for(click.toPointF())
    with qtbot.waitSignal(view.placement_chosen) as chosen:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=click)
    expected = seal_rect_from_click(geometry, click.x(), click.y(), zoom, DEFAULT_SEAL_SIZE)
    assert chosen.args == [page, expected]
    assert view.placed == (page, expected) and preview == expected
    assert not view.placing
    # upright on screen whatever /Rotate says: as wide as the seal, at this zoom
    on_screen = rect_to_view(geometry, expected, zoom)
    assert on_screen.width == pytest.approx(DEFAULT_SEAL_SIZE[0] * zoom)
    assert on_screen.height == pytest.approx(DEFAULT_SEAL_SIZE[1] * zoom)


def test_a_click_near_the_edge_is_clamped_inside_the_page(qtbot: QtBot, view: PdfView, odd_pages: Path) -> None:
    open_and_wait(qtbot, view, odd_pages)
    view.set_page(1)
    view.set_zoom(1.0)
    geometry = view.geometry_of(1)
    view.arm_placement()
    with qtbot.waitSignal(view.placement_chosen) as chosen:
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    rect = chosen.args[1]
    assert geometry.crop_box.contains(rect)
    assert rect == seal_rect_from_click(geometry, 2, 2, 1.0)


def test_escape_and_right_click_cancel_placement(qtbot: QtBot, view: PdfView) -> None:
    open_and_wait(qtbot, view, DEMO_CONTRACT)
    view.arm_placement()
    with qtbot.waitSignal(view.placement_cancelled):
        qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert not view.placing and view.placed is None
    view.arm_placement()
    with qtbot.waitSignal(view.placement_cancelled):
        qtbot.mouseClick(view.canvas, Qt.MouseButton.RightButton, pos=QPoint(50, 50))
    with qtbot.assertNotEmitted(view.placement_chosen):
        qtbot.mouseClick(view.canvas, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))


def test_a_file_that_is_no_pdf_fails_with_a_clear_error(qtbot: QtBot, view: PdfView, tmp_path: Path) -> None:
    bad = tmp_path / "合同.pdf"
    bad.write_bytes(b"this is not a PDF at all")
    with qtbot.waitSignal(view.load_failed, timeout=15_000) as failed:
        view.open(bad)
    assert isinstance(failed.args[0], NotAPdf)
    assert not view.busy and view.info is None
