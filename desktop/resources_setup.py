"""Prepare resources that cannot be committed as-is (run by scripts/setup.sh).

pyhanko/fontTools embed OpenType fonts as subsets but reject ``.ttc`` collections, and Debian
ships Noto Sans CJK only as a collection. We extract the Simplified Chinese face into
``resources/fonts/`` once. Noto Sans CJK is licensed under the SIL Open Font License 1.1
(see resources/fonts/LICENSE-NotoSansCJK.txt).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.config import RESOURCES

SEAL_FONT = RESOURCES / "fonts" / "NotoSansCJKsc-Regular.otf"
SYSTEM_COLLECTIONS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"),
)
WANTED_FAMILY = "Noto Sans CJK SC"


def extract_seal_font(target: Path = SEAL_FONT) -> Path:
    if target.is_file():
        return target
    from fontTools.ttLib import TTCollection

    source = next((p for p in SYSTEM_COLLECTIONS if p.is_file()), None)
    if source is None:
        raise SystemExit("未找到 Noto CJK 字体 (fonts-noto-cjk is not installed)")
    collection = TTCollection(str(source), lazy=True)
    chosen = collection.fonts[0]
    for font in collection.fonts:
        if font["name"].getDebugName(1) == WANTED_FAMILY:
            chosen = font
            break
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    chosen.save(str(tmp))
    os.replace(tmp, target)
    return target


if __name__ == "__main__":
    print(f"== 印章字体 (seal font): {extract_seal_font()}", file=sys.stderr)
