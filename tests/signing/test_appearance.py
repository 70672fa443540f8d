"""The seal as a viewer shows it: rendered with pdfium (which draws widget appearances), checked
for colour, roundness, centring, uprightness on rotated pages, and the embedded font subset."""

from __future__ import annotations

import math
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from desktop.signing.placement import PageGeometry, Rect, rect_to_view
from desktop.signing.sign import SealPlacement, SignOptions, SignResult, page_geometry, sign_pdf
from desktop.token.service import TokenSigningKey

pytestmark = pytest.mark.softhsm

SCALE = 3.0  # pixels per point


def render(path: Path, page_index: int, scale: float = SCALE) -> Image.Image:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        doc.init_forms()
        image = doc[page_index].render(scale=scale, may_draw_forms=True).to_pil().convert("RGB")
    finally:
        doc.close()
    return image


def is_red(px: tuple[int, int, int]) -> bool:
    r, g, b = px
    return r > 150 and g < 110 and b < 110


def red_points(image: Image.Image, box: Rect) -> list[tuple[int, int]]:
    x0, y0 = math.floor(box.x0), math.floor(box.y0)
    x1, y1 = math.ceil(box.x1), math.ceil(box.y1)
    crop = image.crop((x0, y0, x1, y1))
    data = crop.tobytes()
    w = crop.width
    return [(x0 + i % w, y0 + i // w) for i in range(len(data) // 3)
            if is_red((data[3 * i], data[3 * i + 1], data[3 * i + 2]))]


def seal_view_box(path: Path, result: SignResult) -> tuple[Image.Image, Rect, PageGeometry]:
    geometry = page_geometry(path, result.page_index)
    image = render(path, result.page_index)
    return image, rect_to_view(geometry, result.rect, SCALE), geometry


def check_round_red_upright_seal(image: Image.Image, box: Rect) -> None:
    """In view space: a red ring at the top of the box (upright), star in the centre, caption below."""
    reds = red_points(image, Rect(box.x0 - 3, box.y0 - 3, box.x1 + 3, box.y1 + 3))
    assert len(reds) > 500, "the seal is not red (or not drawn)"
    diameter = box.width
    cx, cy = (box.x0 + box.x1) / 2, box.y0 + diameter / 2
    ring = [p for p in reds if p[1] <= box.y0 + diameter]
    caption = [p for p in reds if p[1] > box.y0 + diameter + 2]
    # everything of the ring lies inside the box: nothing clipped
    assert min(p[0] for p in ring) >= box.x0 - 1 and max(p[0] for p in ring) <= box.x1 + 1
    assert min(p[1] for p in ring) >= box.y0 - 1
    # the ring's extent is a circle of the box's width, centred in the box
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    assert (max(xs) - min(xs)) == pytest.approx(diameter * 0.97, rel=0.05)
    assert (max(ys) - min(ys)) == pytest.approx(diameter * 0.97, rel=0.05)
    assert (max(xs) + min(xs)) / 2 == pytest.approx(cx, abs=3)
    assert (max(ys) + min(ys)) / 2 == pytest.approx(cy, abs=3)
    # round: points on the ring's circle are red in every direction, the box corners are not
    radius = diameter / 2 - 0.035 * diameter / 2 - 0.01 * diameter
    hits = sum(is_red(image.getpixel((round(cx + radius * math.cos(a)), round(cy + radius * math.sin(a)))))
               for a in (i * math.pi / 36 for i in range(72)))
    assert hits >= 68
    for corner in ((box.x0 + 2, box.y0 + 2), (box.x1 - 3, box.y0 + 2)):
        assert not is_red(image.getpixel((round(corner[0]), round(corner[1]))))
    # the star fills the centre
    assert is_red(image.getpixel((round(cx), round(cy))))
    # upright: the caption (signer, time) is *below* the ring on screen
    assert caption, "no caption under the seal"
    assert min(p[1] for p in caption) > cy + diameter / 2 - 2


def test_seal_is_red_round_and_upright(rsa_key: TokenSigningKey, contract: Path, tmp_path: Path) -> None:
    out = tmp_path / "seal.pdf"
    result = sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 420)))
    image, box, _ = seal_view_box(out, result)
    check_round_red_upright_seal(image, box)
    image.crop((int(box.x0) - 20, int(box.y0) - 20, int(box.x1) + 20, int(box.y1) + 20)).save(
        tmp_path / "seal.png")


@pytest.mark.parametrize("page_index", [1, 2], ids=["rotate90-cropped", "rotate270"])
def test_seal_is_upright_on_rotated_pages(page_index: int, ec_key: TokenSigningKey, contract: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "rotated.pdf"
    crop = page_geometry(contract, page_index).crop_box
    result = sign_pdf(contract, out, ec_key, SealPlacement(page_index, crop.center))
    image, box, geometry = seal_view_box(out, result)
    assert geometry.rotation in (90, 270)
    assert box.height > box.width  # upright on screen: taller (caption) than wide
    # the click point (crop centre) is the centre of the seal box on screen
    vw, vh = geometry.view_size
    assert box.center[0] == pytest.approx(vw * SCALE / 2, abs=1)
    assert box.center[1] == pytest.approx(vh * SCALE / 2, abs=1)
    check_round_red_upright_seal(image, box)


def test_long_unit_names_stay_inside_the_ring(rsa_key: TokenSigningKey, contract: Path,
                                              tmp_path: Path) -> None:
    name = "河南省郑州市某某区某某街道办事处某某社区居民委员会某某服务中心"
    out = tmp_path / "long.pdf"
    result = sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 420)), SignOptions(unit_name=name))
    image, box, _ = seal_view_box(out, result)
    check_round_red_upright_seal(image, box)
    assert name in seal_text(out)


def seal_text(path: Path) -> str:
    """The unit name and caption as a PDF text extractor sees them (pdfium, page flattened)."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        doc.init_forms()
        page = doc[0]
        page.flatten()  # widget appearances become page content
        page.close()
        page = doc[0]
        textpage = page.get_textpage()
        text: str = textpage.get_text_range()
        textpage.close()
        page.close()
    finally:
        doc.close()
    return text.replace("\r", "").replace("\n", "").replace(" ", "")


def test_font_is_an_embedded_subset_and_text_is_extractable(rsa_key: TokenSigningKey, contract: Path,
                                                            tmp_path: Path) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader

    out = tmp_path / "font.pdf"
    sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 420)), SignOptions(center_text="合同专用章"))
    with out.open("rb") as handle:
        reader = PdfFileReader(handle)
        page = reader.root["/Pages"]["/Kids"][0]
        annots = [a.get_object() for a in page["/Annots"]]
        widget: Any = next(a for a in annots if a.get("/FT") == "/Sig")
        check_font(widget)
    text = seal_text(out)
    assert "郑州市某某局" in text and "合同专用章" in text and "签章人" in text


def check_font(widget: Any) -> None:
    appearance = widget["/AP"]["/N"]
    font = appearance["/Resources"]["/Font"]["/FSeal"]
    assert font["/Subtype"] == "/Type0"
    assert re.fullmatch(r"/[A-Z]{6}\+.+", str(font["/BaseFont"])), font["/BaseFont"]
    descendant = font["/DescendantFonts"][0]
    program = descendant["/FontDescriptor"]["/FontFile3"]
    assert len(program.data) < 60_000  # a subset, not the 16 MB font


def test_configured_seal_image_replaces_the_drawing(rsa_key: TokenSigningKey, contract: Path,
                                                    tmp_path: Path) -> None:
    from PIL import ImageDraw

    png = tmp_path / "seal.png"
    img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
    ImageDraw.Draw(img).ellipse((10, 10, 290, 290), outline=(220, 0, 0, 255), width=24)
    img.save(png)
    out = tmp_path / "image.pdf"
    result = sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 420)), SignOptions(seal_image=png))
    image, box, _ = seal_view_box(out, result)
    reds = red_points(image, box)
    assert len(reds) > 500
    cx, cy = box.center[0], box.y0 + box.width / 2
    assert not is_red(image.getpixel((round(cx), round(cy))))  # no drawn star: the image has none
    assert b"/ImSeal" in out.read_bytes()
    assert zlib  # (PNG alpha becomes an SMask; pdfium composites it on the white page)


def test_bad_seal_image_is_refused_before_signing(rsa_key: TokenSigningKey, contract: Path,
                                                  tmp_path: Path) -> None:
    from desktop.signing.errors import SealImageError

    bad = tmp_path / "seal.png"
    bad.write_bytes(b"not an image")
    out = tmp_path / "never.pdf"
    with pytest.raises(SealImageError):
        sign_pdf(contract, out, rsa_key, SealPlacement(0, (300, 420)), SignOptions(seal_image=bad))
    assert not out.exists()
