"""Render resources/icons/yucai.svg into a Windows .ico (16-256 px) for the EXE and the installer.

    .venv/bin/python installer/make_icon.py [OUT.ico] [--png-preview OUT.png]

Default output: build/icon/yucai.ico (build/ is not committed; yucai.spec and yucai.iss use it
when it exists). Each size is drawn by Qt's SVG renderer at that size, not scaled down from one
bitmap, so the 16 px icon stays sharp.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SVG = REPO / "resources" / "icons" / "yucai.svg"
ICO = REPO / "build" / "icon" / "yucai.ico"
SIZES = (256, 128, 64, 48, 32, 24, 16)


def render_pngs(svg: Path = SVG, sizes: tuple[int, ...] = SIZES) -> list[bytes]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    pngs = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pngs.append(bytes(data.data()))
    return pngs


def write_ico(pngs: list[bytes], out: Path) -> Path:
    from PIL import Image

    images = [Image.open(io.BytesIO(png)) for png in pngs]
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, format="ICO", sizes=[im.size for im in images], append_images=images[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="yucai.svg -> yucai.ico")
    parser.add_argument("out", nargs="?", type=Path, default=ICO)
    parser.add_argument("--png-preview", type=Path, help="also write the 256 px rendering as PNG")
    args = parser.parse_args(argv)
    pngs = render_pngs()
    print(write_ico(pngs, args.out))
    if args.png_preview:
        args.png_preview.write_bytes(pngs[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
