"""Seal placement geometry: properties over any crop box, rotation and zoom, plus a check of
the view convention against a real renderer (pdfium)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop.signing.placement import (
    DEFAULT_SEAL_SIZE,
    PageGeometry,
    Rect,
    normalize_rotation,
    rect_to_view,
    seal_rect_at,
    seal_rect_from_click,
    user_to_view,
    view_to_user,
)

TOL = 1e-6

coords = st.floats(min_value=-2000, max_value=2000, allow_nan=False, allow_infinity=False)
sizes = st.floats(min_value=20, max_value=3000, allow_nan=False, allow_infinity=False)
rotations = st.sampled_from([0, 90, 180, 270, -90, 450, 720, -270])
zooms = st.floats(min_value=0.05, max_value=20, allow_nan=False, allow_infinity=False)
seal_sizes = st.tuples(st.floats(min_value=5, max_value=400), st.floats(min_value=5, max_value=400))


@st.composite
def pages(draw: st.DrawFn) -> PageGeometry:
    x0, y0 = draw(coords), draw(coords)
    w, h = draw(sizes), draw(sizes)
    return PageGeometry(Rect(x0, y0, x0 + w, y0 + h), normalize_rotation(draw(rotations)))


@st.composite
def clicks(draw: st.DrawFn, page: PageGeometry, zoom: float) -> tuple[float, float]:
    vw, vh = page.view_size
    vx = draw(st.floats(min_value=0, max_value=vw * zoom))
    return vx, draw(st.floats(min_value=0, max_value=vh * zoom))


def close(a: float, b: float, scale: float = 1.0) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6 * max(1.0, scale))


@given(pages(), zooms, st.data())
def test_view_user_round_trip(page: PageGeometry, zoom: float, data: st.DataObject) -> None:
    vx, vy = data.draw(clicks(page, zoom))
    x, y = view_to_user(page, vx, vy, zoom)
    bx, by = user_to_view(page, x, y, zoom)
    assert close(bx, vx, vx) and close(by, vy, vy)
    assert page.crop_box.contains(Rect(x, y, x, y), tolerance=1e-6 * max(1.0, abs(x), abs(y)))


@given(pages(), zooms)
def test_view_corners_are_crop_corners(page: PageGeometry, zoom: float) -> None:
    vw, vh = page.view_size
    c = page.crop_box
    corners = {(c.x0, c.y0), (c.x0, c.y1), (c.x1, c.y0), (c.x1, c.y1)}
    seen = set()
    for vx, vy in ((0, 0), (vw * zoom, 0), (0, vh * zoom), (vw * zoom, vh * zoom)):
        x, y = view_to_user(page, vx, vy, zoom)
        match = min(corners, key=lambda p: abs(p[0] - x) + abs(p[1] - y))
        assert close(match[0], x, abs(x)) and close(match[1], y, abs(y))
        seen.add(match)
    assert seen == corners


@given(pages(), zooms)
def test_top_of_view_is_the_rotated_edge(page: PageGeometry, zoom: float) -> None:
    """Rotate 90 (clockwise): the page's left edge is on top; 180: its bottom; 270: its right."""
    vw, _ = page.view_size
    c = page.crop_box
    x, y = view_to_user(page, vw * zoom / 2, 0, zoom)
    expected = {0: ("y", c.y1), 90: ("x", c.x0), 180: ("y", c.y0), 270: ("x", c.x1)}[page.rotation]
    assert close(x if expected[0] == "x" else y, expected[1], abs(expected[1]))


@given(pages(), zooms, seal_sizes, st.data())
def test_seal_stays_inside_the_crop_box(page: PageGeometry, zoom: float, seal: tuple[float, float],
                                        data: st.DataObject) -> None:
    vx, vy = data.draw(clicks(page, zoom))
    rect = seal_rect_from_click(page, vx, vy, zoom, seal)
    c = page.crop_box
    assert c.contains(rect, tolerance=1e-6 * max(1.0, abs(c.x0), abs(c.x1), abs(c.y0), abs(c.y1)))


@given(pages(), zooms, seal_sizes, st.data())
def test_seal_is_centred_on_the_click_away_from_the_edges(page: PageGeometry, zoom: float,
                                                          seal: tuple[float, float],
                                                          data: st.DataObject) -> None:
    vw, vh = page.view_size
    sw, sh = seal
    assume(sw < vw and sh < vh)
    # a click at least half a seal away from every edge (in view space: the seal is upright there)
    vx = data.draw(st.floats(min_value=sw / 2, max_value=vw - sw / 2)) * zoom
    vy = data.draw(st.floats(min_value=sh / 2, max_value=vh - sh / 2)) * zoom
    rect = seal_rect_from_click(page, vx, vy, zoom, seal)
    cx, cy = view_to_user(page, vx, vy, zoom)
    scale = max(abs(cx), abs(cy), 1.0)
    assert close(rect.center[0], cx, scale * 10) and close(rect.center[1], cy, scale * 10)
    # seen on screen the seal is upright: seal width across, seal height down, scaled by zoom
    view = rect_to_view(page, rect, zoom)
    assert math.isclose(view.width, sw * zoom, rel_tol=1e-6, abs_tol=1e-5 * scale * zoom)
    assert math.isclose(view.height, sh * zoom, rel_tol=1e-6, abs_tol=1e-5 * scale * zoom)
    vcx, vcy = view.center
    assert math.isclose(vcx, vx, abs_tol=1e-5 * scale * zoom)
    assert math.isclose(vcy, vy, abs_tol=1e-5 * scale * zoom)


@given(pages(), seal_sizes, coords, coords)
def test_clamping_moves_the_least_possible(page: PageGeometry, seal: tuple[float, float], x: float,
                                           y: float) -> None:
    """When the seal fits, its centre is the point of the allowed centre region nearest to (x, y)."""
    sw, sh = seal
    w, h = (sh, sw) if page.swaps_axes else (sw, sh)
    c = page.crop_box
    assume(w <= c.width and h <= c.height)
    rect = seal_rect_at(page, x, y, seal)
    ex = min(max(x, c.x0 + w / 2), c.x1 - w / 2)
    ey = min(max(y, c.y0 + h / 2), c.y1 - h / 2)
    scale = max(abs(c.x0), abs(c.x1), abs(c.y0), abs(c.y1), 1.0)
    assert math.isclose(rect.center[0], ex, abs_tol=1e-6 * scale)
    assert math.isclose(rect.center[1], ey, abs_tol=1e-6 * scale)
    assert math.isclose(rect.width, w, abs_tol=1e-6 * scale)
    assert math.isclose(rect.height, h, abs_tol=1e-6 * scale)


@given(pages(), seal_sizes)
def test_a_seal_larger_than_the_page_shrinks_to_fit(page: PageGeometry, seal: tuple[float, float]) -> None:
    sw, sh = seal
    big = (sw * 50, sh * 50)
    rect = seal_rect_at(page, *page.crop_box.center, seal_size=big)
    c = page.crop_box
    scale = max(abs(c.x0), abs(c.x1), abs(c.y0), abs(c.y1), 1.0)
    assert c.contains(rect, tolerance=1e-6 * scale)
    w, h = (big[1], big[0]) if page.swaps_axes else big
    assert math.isclose(rect.width / rect.height, w / h, rel_tol=1e-6)


def test_rotation_normalisation() -> None:
    assert [normalize_rotation(r) for r in (0, 90, -90, 180, 270, 360, 450, -450)] == [0, 90, 270, 180, 270,
                                                                                    0, 90, 270]
    with pytest.raises(ValueError):
        normalize_rotation(45)


def test_crop_box_is_clipped_to_media_box() -> None:
    page = PageGeometry.from_boxes(Rect(0, 0, 600, 800), Rect(-50, 100, 700, 900), 0)
    assert page.crop_box == Rect(0, 100, 600, 800)
    assert PageGeometry.from_boxes(Rect(0, 0, 600, 800)).crop_box == Rect(0, 0, 600, 800)


def test_default_seal_is_a_42mm_round_seal_with_a_caption() -> None:
    w, h = DEFAULT_SEAL_SIZE
    assert math.isclose(w / 72 * 25.4, 42.3, abs_tol=0.5) and h > w


# --- against a real renderer -------------------------------------------------------------------

@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
@settings(deadline=None, max_examples=12)
@given(fx=st.floats(min_value=0.1, max_value=0.9), fy=st.floats(min_value=0.1, max_value=0.9),
       zoom=st.sampled_from([0.5, 1.0, 1.5, 2.0]))
def test_view_convention_matches_pdfium(rotate: int, fx: float, fy: float, zoom: float) -> None:
    """Draw a marker at a user-space point, render with pdfium, find it where user_to_view says."""
    import pypdfium2 as pdfium

    from tests.signing.pdfs import PageSpec, build_pdf, marker_content

    crop = (40.0, 60.0, 440.0, 660.0)
    x = crop[0] + fx * (crop[2] - crop[0])
    y = crop[1] + fy * (crop[3] - crop[1])
    data = build_pdf([PageSpec(media=(0, 0, 500, 700), crop=crop, rotate=rotate,
                               content=marker_content(x, y, size=8))])
    doc = pdfium.PdfDocument(data)
    try:
        bitmap = doc[0].render(scale=zoom)
        image = bitmap.to_pil().convert("L")
    finally:
        doc.close()
    page = PageGeometry.from_boxes(Rect(0, 0, 500, 700), Rect(*crop), rotate)
    assert image.size == (round(page.view_size[0] * zoom), round(page.view_size[1] * zoom))
    pixels = image.tobytes()
    dark = [(i % image.width, i // image.width) for i, v in enumerate(pixels) if v < 128]
    assert dark, "marker not rendered"
    mx = sum(p[0] for p in dark) / len(dark) + 0.5
    my = sum(p[1] for p in dark) / len(dark) + 0.5
    ex, ey = user_to_view(page, x, y, zoom)
    assert abs(mx - ex) <= 1.0 and abs(my - ey) <= 1.0
