"""The visible seal: a red round unit seal drawn from the unit name, or a configured image.

Drawn as vector graphics in the signature widget's appearance stream: a ring, the unit name
along the upper arc (each character turned to face outwards, as on a real 公章), a five-pointed
star in the centre, optional horizontal text under the star, and a small caption (signer,
time) under the ring. Text uses the bundled Noto Sans CJK font, embedded as a subset.

The widget rectangle is in the page's user space; on a page with ``/Rotate`` the drawing is
counter-rotated inside it so the seal reads upright in a viewer and on paper.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic, layout
from pyhanko.pdf_utils.content import ResourceType
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.stamp import BaseStamp, BaseStampStyle

from desktop.resources_setup import SEAL_FONT
from desktop.signing.errors import SealImageError
from desktop.signing.fonts import SealFont

__all__ = ["SEAL_RED", "SealDesign", "SealStamp", "SealStampStyle", "caption_lines", "load_seal_image"]

SEAL_RED: tuple[float, float, float] = (0.86, 0.08, 0.08)
_ARC_SPAN_MAX = math.radians(250)  # the unit name never runs further round than this
_ARC_SPAN_MIN = math.radians(150)  # short names are spread out, as on real seals
_CHAR_SQUEEZE = 0.88  # seal characters are slightly condensed (Tz)


@dataclass(frozen=True)
class SealDesign:
    """What the seal shows. Plain values: the UI can build one for a preview."""

    unit_name: str
    """Drawn along the upper arc (单位名称)."""
    caption: tuple[str, ...] = ()
    """Small lines under the ring, e.g. the signer and the signing time."""
    center_text: str = ""
    """Optional horizontal text under the star (e.g. 合同专用章)."""
    seal_image: Path | None = None
    """A PNG/JPEG of the unit's real seal; replaces the drawn ring, name and star."""
    color: tuple[float, float, float] = SEAL_RED
    font_path: Path = field(default=SEAL_FONT)

    def all_text(self) -> str:
        return self.unit_name + self.center_text + "".join(self.caption)


def caption_lines(signer: str, when: dt.datetime) -> tuple[str, ...]:
    """The default caption: who signed and when (local time of the signing machine)."""
    local = when.astimezone()
    return (f"签章人：{signer}", f"时间：{local:%Y-%m-%d %H:%M:%S}")


def load_seal_image(path: Path) -> Any:
    """Open and fully decode a seal image (PIL), or raise :class:`SealImageError`."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError as exc:  # pragma: no cover - image-support extra is a dependency
        raise SealImageError(str(path), "缺少 Pillow") from exc
    try:
        with Image.open(path) as img:
            img.load()
            converted = img.convert("RGBA" if "A" in img.getbands() or img.mode == "P" else "RGB")
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise SealImageError(str(path), str(exc)) from exc
    if converted.width < 8 or converted.height < 8:
        raise SealImageError(str(path), "图片太小")
    return converted


def _n(value: float) -> bytes:
    """A PDF number: short, no exponent."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return (text if text not in ("-0", "") else "0").encode("ascii")


def _nums(*values: float) -> bytes:
    return b" ".join(_n(v) for v in values)


def _circle_path(cx: float, cy: float, r: float) -> bytes:
    """Four Bézier arcs approximating a circle (closed)."""
    k = 0.5522847498 * r
    return b" ".join([
        _nums(cx + r, cy) + b" m",
        _nums(cx + r, cy + k, cx + k, cy + r, cx, cy + r) + b" c",
        _nums(cx - k, cy + r, cx - r, cy + k, cx - r, cy) + b" c",
        _nums(cx - r, cy - k, cx - k, cy - r, cx, cy - r) + b" c",
        _nums(cx + k, cy - r, cx + r, cy - k, cx + r, cy) + b" c",
        b"h",
    ])


def _star_path(cx: float, cy: float, r: float) -> bytes:
    inner = r * math.sin(math.radians(18)) / math.sin(math.radians(126))
    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else inner
        angle = math.radians(90 + 36 * i)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    ops = [_nums(*points[0]) + b" m"] + [_nums(*p) + b" l" for p in points[1:]] + [b"h"]
    return b" ".join(ops)


def _rotation_cm(rotation: int, width: float, height: float) -> bytes:
    """Map the upright seal box onto a widget rectangle of a page turned by ``rotation``.

    ``width``/``height`` are the *upright* seal dimensions. A viewer turns the page clockwise
    by ``rotation``, so the drawing is turned counter-clockwise by the same angle first.
    """
    if rotation == 90:
        return _nums(0, 1, -1, 0, height, 0) + b" cm"
    if rotation == 180:
        return _nums(-1, 0, 0, -1, width, height) + b" cm"
    if rotation == 270:
        return _nums(0, -1, 1, 0, 0, width) + b" cm"
    return b""


@dataclass(frozen=True)
class SealStampStyle(BaseStampStyle):
    """pyHanko stamp style that draws a :class:`SealDesign`."""

    design: SealDesign = field(default_factory=lambda: SealDesign(unit_name=""))
    rotation: int = 0
    """The page's ``/Rotate`` (0/90/180/270) the drawing must counter."""
    border_width: int = 0
    background_opacity: float = 1.0

    def create_stamp(self, writer: BasePdfFileWriter, box: layout.BoxConstraints,
                     text_params: dict[str, Any]) -> SealStamp:
        return SealStamp(writer=writer, style=self, box=box)


class SealStamp(BaseStamp):
    """The appearance stream of one seal."""

    style: SealStampStyle

    def __init__(self, writer: BasePdfFileWriter, style: SealStampStyle, box: layout.BoxConstraints) -> None:
        if not (box.width_defined and box.height_defined):
            raise layout.LayoutError("a seal needs a fixed widget rectangle")
        super().__init__(writer=writer, style=style, box=box)
        self._font: SealFont | None = None
        self._font_ref: Any = None

    # -- text ---------------------------------------------------------------------------------

    def _font_engine(self) -> SealFont:
        if self._font is None:
            design = self.style.design
            self._font = SealFont.for_text(design.font_path, design.all_text())
        return self._font

    def _advance(self, text: str) -> float:
        """Advance width of ``text`` in em (without squeeze)."""
        return self._font_engine().width(text)

    def _show(self, text: str, size: float, matrix: Sequence[float], squeeze: float = 1.0) -> bytes:
        return b" ".join([_nums(*matrix) + b" Tm", b"/FSeal " + _n(size) + b" Tf",
                          _n(squeeze * 100) + b" Tz", self._font_engine().show(text)])

    def _centered_line(self, text: str, size: float, cx: float, baseline: float) -> bytes:
        width = self._advance(text) * size
        return self._show(text, size, (1, 0, 0, 1, cx - width / 2, baseline))

    def _arc_text(self, text: str, cx: float, cy: float, outer: float, diameter: float) -> bytes:
        chars = [c for c in text if not c.isspace()]
        if not chars:
            return b""
        n = len(chars)
        size = diameter * 0.16
        ascent = 0.88
        radius = outer - size * ascent
        step = size * 1.02 / radius
        span = min(_ARC_SPAN_MAX, max(_ARC_SPAN_MIN, step * n)) if n > 1 else 0.0
        if n > 1 and step * n > _ARC_SPAN_MAX:
            # shrink the characters until the name fits the maximal arc
            size = size * _ARC_SPAN_MAX / (step * n)
            radius = outer - size * ascent
            step = size * 1.02 / radius
            span = _ARC_SPAN_MAX
        ops = []
        for i, ch in enumerate(chars):
            phi = math.pi / 2 + span / 2 - (i + 0.5) * span / n if n > 1 else math.pi / 2
            a = phi - math.pi / 2
            cos_a, sin_a = math.cos(a), math.sin(a)
            half = self._advance(ch) * size * _CHAR_SQUEEZE / 2
            bx, by = cx + radius * math.cos(phi), cy + radius * math.sin(phi)
            ox, oy = bx - half * cos_a, by - half * sin_a
            ops.append(self._show(ch, size, (cos_a, sin_a, -sin_a, cos_a, ox, oy), _CHAR_SQUEEZE))
        return b" ".join(ops)

    # -- drawing ------------------------------------------------------------------------------

    def _upright_size(self) -> tuple[float, float]:
        w, h = float(self.box.width), float(self.box.height)
        return (h, w) if self.style.rotation in (90, 270) else (w, h)

    def _image(self, x: float, y: float, side: float) -> bytes:
        from pyhanko.pdf_utils.images import pil_image

        path = self.style.design.seal_image
        assert path is not None
        img = load_seal_image(path)
        assert self.writer is not None
        ref = pil_image(img, self.writer)
        self.set_resource(ResourceType.XOBJECT, generic.pdf_name("/ImSeal"), ref)
        scale = side / max(img.width, img.height)
        w, h = img.width * scale, img.height * scale
        return b"q " + _nums(w, 0, 0, h, x + (side - w) / 2, y + (side - h) / 2) + b" cm /ImSeal Do Q"

    def _drawing(self, width: float, height: float) -> bytes:
        design = self.style.design
        diameter = min(width, height)
        cx, cy = width / 2, height - diameter / 2
        r, g, b = design.color
        out = [_nums(r, g, b) + b" rg", _nums(r, g, b) + b" RG"]
        if design.seal_image is not None:
            out.append(self._image(cx - diameter / 2, cy - diameter / 2, diameter))
        else:
            line = diameter * 0.035
            ring = diameter / 2 - line / 2 - diameter * 0.01
            out.append(_n(line) + b" w " + _circle_path(cx, cy, ring) + b" S")
            out.append(_star_path(cx, cy, diameter * 0.17) + b" f")
            # fill + thin stroke (Tr 2): seal characters are bolder than the regular face
            bold = _n(diameter * 0.004) + b" w 2 Tr"
            text_ops = [bold, self._arc_text(design.unit_name, cx, cy,
                                             ring - line / 2 - diameter * 0.03, diameter)]
            if design.center_text:
                size = diameter * 0.1
                width_em = self._advance(design.center_text)
                size = min(size, diameter * 0.6 / max(width_em, 0.01))
                text_ops.append(self._centered_line(design.center_text, size, cx, cy - diameter * 0.3))
            out.append(b"BT " + b" ".join(t for t in text_ops if t) + b" ET")
        caption_height = height - diameter
        lines = [c for c in design.caption if c]
        if lines and caption_height > 4:
            size = min(diameter * 0.075, caption_height / (len(lines) * 1.25))
            widest = max(self._advance(c) for c in lines)
            size = min(size, width * 0.98 / max(widest, 0.01))
            caption_ops = []
            for i, text in enumerate(lines):
                baseline = caption_height - (i + 1) * size * 1.2 + size * 0.2
                caption_ops.append(self._centered_line(text, size, width / 2, baseline))
            bold = _n(diameter * 0.002) + b" w 2 Tr"
            out.append(b"BT " + bold + b" " + b" ".join(caption_ops) + b" ET")
        return b" ".join(out)

    def render(self) -> bytes:
        width, height = self._upright_size()
        body = self._drawing(width, height)
        if self._font is not None and self._font_ref is None:  # every glyph is known: embed once
            assert self.writer is not None
            self._font_ref = self._font.embed(self.writer)
            self.set_resource(ResourceType.FONT, generic.pdf_name("/FSeal"), self._font_ref)
        rotate = _rotation_cm(self.style.rotation, width, height)
        return b"q " + (rotate + b" " if rotate else b"") + body + b" Q"
