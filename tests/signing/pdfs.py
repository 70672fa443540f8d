"""Hand-built PDFs for tests: exact control of boxes, rotation, inheritance and form fields."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageSpec:
    media: tuple[float, float, float, float] = (0, 0, 595, 842)
    crop: tuple[float, float, float, float] | None = None
    rotate: int | None = None
    content: bytes = b"BT /F1 24 Tf 72 720 Td (Test contract page) Tj ET"
    extra: dict[str, str] = field(default_factory=dict)


def _arr(box: Sequence[float]) -> str:
    return "[" + " ".join(f"{v:g}" for v in box) + "]"


def build_pdf(pages: Sequence[PageSpec] = (PageSpec(),), *, empty_sig_fields: int = 0,
              inherit_rotate: int | None = None, inherit_media: tuple[float, ...] | None = None) -> bytes:
    """A classic-xref PDF. ``empty_sig_fields`` adds that many unsigned signature fields
    (visible, on page 1); ``inherit_*`` puts /Rotate or /MediaBox on the page tree node."""
    objects: list[str | bytes] = []

    def add(obj: str | bytes) -> int:
        objects.append(obj)
        return len(objects)

    catalog = add("")  # placeholder
    pages_id = add("")
    font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    page_ids = []
    field_ids: list[int] = []
    for spec in pages:
        stream = spec.content
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        parts = [f"/Type /Page /Parent {pages_id} 0 R", f"/Contents {content} 0 R",
                 f"/Resources << /Font << /F1 {font} 0 R >> >>"]
        if inherit_media is None or spec.media != (0, 0, 595, 842):
            parts.append(f"/MediaBox {_arr(spec.media)}")
        if spec.crop is not None:
            parts.append(f"/CropBox {_arr(spec.crop)}")
        if spec.rotate is not None:
            parts.append(f"/Rotate {spec.rotate}")
        parts.extend(f"{k} {v}" for k, v in spec.extra.items())
        page_ids.append(add("<< " + " ".join(parts) + " >>"))
    for i in range(empty_sig_fields):
        y = 100 + 80 * i
        field_ids.append(add(f"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Empty{i + 1}) /F 4 "
                             f"/Rect [400 {y} 520 {y + 60}] /P {page_ids[0]} 0 R >>"))
    if field_ids:
        annots = " ".join(f"{f} 0 R" for f in field_ids)
        first = objects[page_ids[0] - 1]
        assert isinstance(first, str)
        objects[page_ids[0] - 1] = first[:-2] + f"/Annots [{annots}] >>"
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    tree = f"/Type /Pages /Kids [{kids}] /Count {len(page_ids)}"
    if inherit_rotate is not None:
        tree += f" /Rotate {inherit_rotate}"
    if inherit_media is not None:
        tree += f" /MediaBox {_arr(inherit_media)}"
    objects[pages_id - 1] = f"<< {tree} >>"
    cat = f"/Type /Catalog /Pages {pages_id} 0 R"
    if field_ids:
        cat += " /AcroForm << /Fields [" + " ".join(f"{f} 0 R" for f in field_ids) + "] /SigFlags 0 >>"
    objects[catalog - 1] = f"<< {cat} >>"

    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for num, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        body = obj.encode("latin-1") if isinstance(obj, str) else obj
        out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    size = len(objects) + 1
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, catalog, xref)
    return bytes(out)


def marker_content(x: float, y: float, size: float = 6) -> bytes:
    """A filled black square centred on user-space (x, y)."""
    h = size / 2
    return b"0 0 0 rg %g %g %g %g re f" % (x - h, y - h, size, size)
