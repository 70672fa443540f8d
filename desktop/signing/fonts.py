"""The seal's CJK font: cut to the characters of one seal and embedded as a CIDFont subset.

Noto Sans CJK SC is a 16 MB CID-keyed OpenType/CFF font. pyHanko's own route
(``GlyphAccumulator``) parses it with fontTools (a third of a second per signature, plus
~50 ms to import fontTools). Here HarfBuzz's C subsetter cuts it to the few dozen glyphs a
seal needs in a few milliseconds, HarfBuzz shapes the text, and the subset's CFF program is
embedded directly (``/FontFile3 /CIDFontType0C``) in a ``Type0`` font with ``Identity-H``
encoding, widths and a ``ToUnicode`` map (so the text can be searched and copied).
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.signing.errors import SignatureFailed

__all__ = ["SealFont", "subset_font"]

# Layout, vertical-metrics and signature tables play no part in drawing single CJK glyphs.
_DROPPED_TABLES = ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG", "vhea", "vmtx", "DSIG", "MATH")


def subset_font(font_path: Path, text: str) -> bytes:
    """An OpenType font (bytes) holding just the glyphs for ``text`` (plus .notdef)."""
    import uharfbuzz as hb

    try:
        face = hb.Face(hb.Blob.from_file_path(str(font_path)))
    except (OSError, hb.HarfBuzzError) as exc:
        raise SignatureFailed(f"印章字体无法读取（seal font unreadable）：{font_path}: {exc}") from exc
    if face.glyph_count == 0:
        raise SignatureFailed(f"印章字体无法读取（seal font unreadable）：{font_path}")
    wanted = hb.SubsetInput()
    for ch in set(text):
        wanted.unicode_set.add(ord(ch))
    dropped = wanted.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in _DROPPED_TABLES:
        dropped.add(int.from_bytes(tag.encode("ascii"), "big"))
    wanted.flags = hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING
    result = hb.subset(face, wanted)
    if result is None:
        raise SignatureFailed(f"印章字体子集化失败（font subsetting failed）：{font_path}")
    return bytes(result.blob.data)


# --- just enough OpenType / CFF reading ------------------------------------------------------

def _tables(otf: bytes) -> dict[str, bytes]:
    (count,) = struct.unpack_from(">H", otf, 4)
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", otf, 12 + 16 * i)
        out[tag.decode("latin-1")] = otf[offset:offset + length]
    return out


def _index(data: bytes, pos: int) -> tuple[list[bytes], int]:
    """A CFF INDEX at ``pos``: its items and the position after it."""
    (count,) = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    offsets = [int.from_bytes(data[pos + 3 + i * size: pos + 3 + (i + 1) * size], "big")
               for i in range(count + 1)]
    base = pos + 3 + (count + 1) * size - 1
    return [data[base + offsets[i]: base + offsets[i + 1]] for i in range(count)], base + offsets[-1]


def _dict(data: bytes) -> dict[int, list[float]]:
    """A CFF DICT: operator (12 x -> 1200 + x) -> operands."""
    out: dict[int, list[float]] = {}
    operands: list[float] = []
    i = 0
    while i < len(data):
        b = data[i]
        if b <= 21:
            op = 1200 + data[i + 1] if b == 12 else b
            i += 2 if b == 12 else 1
            out[op], operands = operands, []
        elif b == 28:
            operands.append(struct.unpack_from(">h", data, i + 1)[0])
            i += 3
        elif b == 29:
            operands.append(struct.unpack_from(">i", data, i + 1)[0])
            i += 5
        elif b == 30:  # real number: nibbles up to 0xf (value not needed here)
            i += 1
            while i < len(data) and (data[i] & 0x0F) != 0x0F and (data[i] >> 4) != 0x0F:
                i += 1
            i += 1
            operands.append(0.0)
        elif 32 <= b <= 246:
            operands.append(b - 139)
            i += 1
        elif 247 <= b <= 250:
            operands.append((b - 247) * 256 + data[i + 1] + 108)
            i += 2
        elif 251 <= b <= 254:
            operands.append(-(b - 251) * 256 - data[i + 1] - 108)
            i += 2
        else:
            raise ValueError(f"bad CFF DICT byte {b}")
    return out


def _glyph_cids(cff: bytes) -> list[int]:
    """CID of every glyph of a CID-keyed CFF (glyph index -> CID), from its charset."""
    pos = cff[2]  # header size
    _, pos = _index(cff, pos)  # Name INDEX
    top_dicts, _ = _index(cff, pos)
    top = _dict(top_dicts[0])
    if 1230 not in top:  # ROS: not CID-keyed
        raise ValueError("the seal font is not a CID-keyed CFF font")
    glyphs = len(_index(cff, int(top[17][0]))[0])
    offset = int(top.get(15, [0])[0])
    cids = [0]
    fmt = cff[offset]
    p = offset + 1
    if fmt == 0:
        cids += list(struct.unpack_from(f">{glyphs - 1}H", cff, p))
    else:
        width = 1 if fmt == 1 else 2
        while len(cids) < glyphs:
            (first,) = struct.unpack_from(">H", cff, p)
            left = int.from_bytes(cff[p + 2:p + 2 + width], "big")
            cids += range(first, first + left + 1)
            p += 2 + width
    return cids[:glyphs]


def _generic() -> Any:
    """pyHanko's PDF object classes (unannotated constructors, hence ``Any``)."""
    from pyhanko.pdf_utils import generic

    return generic


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


@dataclass
class SealFont:
    """One seal's font: shape text into CID strings; embed the subset once at the end."""

    otf: bytes
    ps_name: str
    cids: list[int]
    units_per_em: int
    advances: dict[int, int]  # glyph index -> advance (font units)
    hb_font: Any = field(repr=False)
    to_unicode: dict[int, str] = field(default_factory=dict)

    @classmethod
    def for_text(cls, font_path: Path, text: str) -> SealFont:
        import uharfbuzz as hb

        otf = subset_font(font_path, text or " ")
        face = hb.Face(otf)
        font = hb.Font(face)
        try:
            cids = _glyph_cids(_tables(otf)["CFF "])
        except (KeyError, ValueError, IndexError, struct.error) as exc:
            detail = f"{font_path}: {exc}"
            raise SignatureFailed(f"印章字体格式不受支持（unsupported seal font）：{detail}") from exc
        name = face.get_name(hb.OTNameIdPredefined.POSTSCRIPT_NAME) or font_path.stem
        return cls(otf=otf, ps_name=name.replace(" ", ""), cids=cids, units_per_em=face.upem,
                   advances={}, hb_font=font)

    def _shape(self, text: str) -> list[tuple[int, int]]:
        """(glyph index, advance in font units) per glyph; records the ToUnicode mapping."""
        import uharfbuzz as hb

        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(self.hb_font, buf)
        out = []
        infos = buf.glyph_infos
        for n, (info, pos) in enumerate(zip(infos, buf.glyph_positions, strict=True)):
            gid = info.codepoint
            end = infos[n + 1].cluster if n + 1 < len(infos) else len(text)
            chars = text[info.cluster:end] if end > info.cluster else text[info.cluster:info.cluster + 1]
            if gid and chars:
                self.to_unicode.setdefault(self.cids[gid], chars)
            self.advances[gid] = pos.x_advance
            out.append((gid, pos.x_advance))
        return out

    def width(self, text: str) -> float:
        """Advance width of ``text`` in em."""
        return sum(adv for _, adv in self._shape(text)) / self.units_per_em

    def show(self, text: str) -> bytes:
        """A ``Tj`` showing ``text`` (codes are CIDs, Identity-H)."""
        codes = "".join(f"{self.cids[gid]:04X}" for gid, _ in self._shape(text))
        return b"<" + codes.encode("ascii") + b"> Tj"

    def _widths(self) -> list[Any]:
        generic = _generic()

        scale = 1000 / self.units_per_em
        items: list[Any] = []
        for gid, adv in sorted(self.advances.items(), key=lambda kv: self.cids[kv[0]]):
            items += [generic.NumberObject(self.cids[gid]),
                      generic.ArrayObject([generic.NumberObject(round(adv * scale))])]
        return items

    def _cmap(self) -> bytes:
        lines = [f"<{cid:04X}> <{_utf16_hex(text)}>" for cid, text in sorted(self.to_unicode.items())]
        chunks = [lines[i:i + 100] for i in range(0, len(lines), 100)]
        body = "".join(f"{len(c)} beginbfchar\n" + "\n".join(c) + "\nendbfchar\n" for c in chunks)
        return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
                f"{body}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")

    def _metrics(self) -> tuple[list[int], int, int]:
        tables = _tables(self.otf)
        scale = 1000 / self.units_per_em
        x0, y0, x1, y1 = struct.unpack_from(">hhhh", tables["head"], 36)
        ascent, descent = struct.unpack_from(">hh", tables["hhea"], 4)
        bbox = [round(v * scale) for v in (x0, y0, x1, y1)]
        return bbox, round(ascent * scale), round(descent * scale)

    def subset_tag(self) -> str:
        digest = hashlib.sha256(repr(sorted(self.to_unicode.items())).encode("utf-8")).digest()
        return "".join(chr(ord("A") + b % 26) for b in digest[:6])

    def embed(self, writer: Any) -> Any:
        """Write the font objects into ``writer``; return the reference of the Type0 font."""
        generic = _generic()

        name = generic.NameObject(f"/{self.subset_tag()}+{self.ps_name}")
        program = generic.StreamObject({generic.pdf_name("/Subtype"): generic.pdf_name("/CIDFontType0C")},
                                       stream_data=_tables(self.otf)["CFF "])
        program.compress()
        bbox, ascent, descent = self._metrics()
        descriptor = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/FontDescriptor"),
            generic.pdf_name("/FontName"): name,
            generic.pdf_name("/Flags"): generic.NumberObject(4),  # symbolic
            generic.pdf_name("/FontBBox"): generic.ArrayObject(generic.NumberObject(v) for v in bbox),
            generic.pdf_name("/ItalicAngle"): generic.NumberObject(0),
            generic.pdf_name("/Ascent"): generic.NumberObject(ascent),
            generic.pdf_name("/Descent"): generic.NumberObject(descent),
            generic.pdf_name("/CapHeight"): generic.NumberObject(ascent),
            generic.pdf_name("/StemV"): generic.NumberObject(80),
            generic.pdf_name("/FontFile3"): writer.add_object(program),
        })
        cid_font = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/CIDFontType0"),
            generic.pdf_name("/BaseFont"): name,
            generic.pdf_name("/CIDSystemInfo"): generic.DictionaryObject({
                generic.pdf_name("/Registry"): generic.TextStringObject("Adobe"),
                generic.pdf_name("/Ordering"): generic.TextStringObject("Identity"),
                generic.pdf_name("/Supplement"): generic.NumberObject(0),
            }),
            generic.pdf_name("/FontDescriptor"): writer.add_object(descriptor),
            generic.pdf_name("/DW"): generic.NumberObject(1000),
            generic.pdf_name("/W"): generic.ArrayObject(self._widths()),
        })
        to_unicode = generic.StreamObject(stream_data=self._cmap())
        to_unicode.compress()
        type0 = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type0"),
            generic.pdf_name("/BaseFont"): name,
            generic.pdf_name("/Encoding"): generic.pdf_name("/Identity-H"),
            generic.pdf_name("/DescendantFonts"): generic.ArrayObject([writer.add_object(cid_font)]),
            generic.pdf_name("/ToUnicode"): writer.add_object(to_unicode),
        })
        return writer.add_object(type0)
