"""Where the seal goes: pure geometry between a rendered page and PDF user space.

Conventions
-----------
* **User space**: PDF points, origin bottom-left of the page's coordinate system, y up. The
  visible area is the *crop box* (the media box when there is none), which need not start at
  ``(0, 0)``.
* **View space**: pixels of the page as a viewer renders it (pdfium, QtPdf, ``pdftoppm``): only
  the crop box, turned clockwise by the page's ``/Rotate``, scaled by ``zoom`` pixels per point,
  origin top-left, y down.

A click in view space becomes a seal rectangle in user space, centred on the click, clamped
inside the crop box. On a page turned by 90/270 degrees the upright seal's width runs along
user-space y, so the rectangle's sides are swapped; the appearance counter-rotates its
drawing (see ``appearance.py``) so the seal reads upright on screen and on paper.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_SEAL_SIZE",
    "PageGeometry",
    "Rect",
    "normalize_rotation",
    "rect_to_view",
    "seal_rect_at",
    "seal_rect_from_click",
    "user_to_view",
    "view_to_user",
]

DEFAULT_SEAL_SIZE: tuple[float, float] = (120.0, 138.0)
"""Upright seal box in points: a 42 mm round seal (the usual unit-seal size) plus a caption."""


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle with ``x0 <= x1`` and ``y0 <= y1``."""

    x0: float
    y0: float
    x1: float
    y1: float

    def __post_init__(self) -> None:
        if self.x0 > self.x1 or self.y0 > self.y1:
            raise ValueError(f"not a normalised rectangle: {self}")

    @classmethod
    def from_corners(cls, ax: float, ay: float, bx: float, by: float) -> Rect:
        return cls(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def center(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def as_tuple(self) -> tuple[float, float, float, float]:
        return self.x0, self.y0, self.x1, self.y1

    def contains(self, other: Rect, tolerance: float = 1e-6) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)

    def intersect(self, other: Rect) -> Rect | None:
        x0, y0 = max(self.x0, other.x0), max(self.y0, other.y0)
        x1, y1 = min(self.x1, other.x1), min(self.y1, other.y1)
        if x0 > x1 or y0 > y1:
            return None
        return Rect(x0, y0, x1, y1)


def normalize_rotation(rotate: int) -> int:
    """A page's ``/Rotate`` as 0, 90, 180 or 270 (negative and > 360 values are legal PDF)."""
    if rotate % 90:
        raise ValueError(f"/Rotate must be a multiple of 90, not {rotate}")
    return rotate % 360


@dataclass(frozen=True)
class PageGeometry:
    """What the geometry needs to know about one page."""

    crop_box: Rect
    """The visible area in user space (crop box clipped to the media box)."""
    rotation: int = 0
    """Clockwise display rotation: 0, 90, 180 or 270."""

    def __post_init__(self) -> None:
        if self.rotation not in (0, 90, 180, 270):
            raise ValueError(f"rotation must be 0, 90, 180 or 270, not {self.rotation}")
        if self.crop_box.width <= 0 or self.crop_box.height <= 0:
            raise ValueError(f"empty crop box {self.crop_box}")

    @classmethod
    def from_boxes(cls, media_box: Rect, crop_box: Rect | None = None, rotate: int = 0) -> PageGeometry:
        visible = media_box if crop_box is None else (crop_box.intersect(media_box) or media_box)
        return cls(crop_box=visible, rotation=normalize_rotation(rotate))

    @property
    def swaps_axes(self) -> bool:
        return self.rotation in (90, 270)

    @property
    def view_size(self) -> tuple[float, float]:
        """Width and height of the page as displayed, in points."""
        w, h = self.crop_box.width, self.crop_box.height
        return (h, w) if self.swaps_axes else (w, h)


def view_to_user(page: PageGeometry, vx: float, vy: float, zoom: float = 1.0) -> tuple[float, float]:
    """The user-space point under pixel ``(vx, vy)`` of the page rendered at ``zoom`` px/pt."""
    if zoom <= 0:
        raise ValueError("zoom must be positive")
    c = page.crop_box
    u, v = vx / zoom, vy / zoom  # points, in the displayed (rotated) frame, y down
    if page.rotation == 0:
        return c.x0 + u, c.y1 - v
    if page.rotation == 90:
        return c.x0 + v, c.y0 + u
    if page.rotation == 180:
        return c.x1 - u, c.y0 + v
    return c.x1 - v, c.y1 - u  # 270


def user_to_view(page: PageGeometry, x: float, y: float, zoom: float = 1.0) -> tuple[float, float]:
    """The pixel of the page rendered at ``zoom`` px/pt that shows user-space point ``(x, y)``."""
    if zoom <= 0:
        raise ValueError("zoom must be positive")
    c = page.crop_box
    if page.rotation == 0:
        u, v = x - c.x0, c.y1 - y
    elif page.rotation == 90:
        u, v = y - c.y0, x - c.x0
    elif page.rotation == 180:
        u, v = c.x1 - x, y - c.y0
    else:  # 270
        u, v = c.y1 - y, c.x1 - x
    return u * zoom, v * zoom


def _clamp(low: float, value: float, high: float) -> float:
    return max(low, min(value, high))


def seal_rect_at(page: PageGeometry, x: float, y: float,
                 seal_size: tuple[float, float] = DEFAULT_SEAL_SIZE) -> Rect:
    """The user-space rectangle of an upright ``seal_size`` (width, height in points, as seen on
    screen) centred at user-space ``(x, y)``, moved (and, if the page is smaller than the seal,
    shrunk) so that it lies inside the crop box."""
    sw, sh = seal_size
    if sw <= 0 or sh <= 0:
        raise ValueError("the seal size must be positive")
    w, h = (sh, sw) if page.swaps_axes else (sw, sh)
    c = page.crop_box
    scale = min(1.0, c.width / w, c.height / h)
    w, h = w * scale, h * scale
    x0 = _clamp(c.x0, x - w / 2, c.x1 - w)
    y0 = _clamp(c.y0, y - h / 2, c.y1 - h)
    return Rect(x0, y0, min(x0 + w, c.x1), min(y0 + h, c.y1))


def seal_rect_from_click(page: PageGeometry, vx: float, vy: float, zoom: float = 1.0,
                         seal_size: tuple[float, float] = DEFAULT_SEAL_SIZE) -> Rect:
    """A click at pixel ``(vx, vy)`` of the rendered page -> the seal rectangle in user space."""
    x, y = view_to_user(page, vx, vy, zoom)
    return seal_rect_at(page, x, y, seal_size)


def rect_to_view(page: PageGeometry, rect: Rect, zoom: float = 1.0) -> Rect:
    """A user-space rectangle as pixels of the rendered page (for drawing a preview frame)."""
    ax, ay = user_to_view(page, rect.x0, rect.y0, zoom)
    bx, by = user_to_view(page, rect.x1, rect.y1, zoom)
    return Rect.from_corners(ax, ay, bx, by)
