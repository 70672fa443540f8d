"""A demo second-stage contract (框架协议采购 合同) to sign in the demo and the benchmark.

``python -m desktop.signing.democontract OUT.pdf`` writes it; ``resources/demo/contract.pdf`` is
its committed output. Two A4 pages of Chinese text with a signature block, the CJK font
embedded as a subset.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

from desktop.resources_setup import SEAL_FONT

__all__ = ["CONTRACT_PAGES", "build_contract"]

A4 = (0.0, 0.0, 595.0, 842.0)

CONTRACT_PAGES: tuple[tuple[tuple[float, str], ...], ...] = (
    (
        (20, "框架协议采购第二阶段合同"),
        (11, "合同编号：YC-KJ-2026-0001"),
        (11, ""),
        (11, "采购人（甲方）：郑州市某某局"),
        (11, "统一社会信用代码：11410100MB00000018"),
        (11, "供应商（乙方）：河南某某科技有限公司"),
        (11, "统一社会信用代码：91410100MA000000C0"),
        (11, ""),
        (11, "根据《政府采购框架协议采购方式管理暂行办法》及框架协议的约定，"),
        (11, "甲乙双方就以下货物的采购达成一致，订立本合同。"),
        (11, ""),
        (13, "第一条  采购内容"),
        (11, "1. 台式计算机 20 台，单价 4,800.00 元，合计 96,000.00 元；"),
        (11, "2. 激光打印机 5 台，单价 1,900.00 元，合计 9,500.00 元。"),
        (11, "合同总金额：人民币壹拾萬伍仟伍佰元整（¥105,500.00）。"),
        (11, ""),
        (13, "第二条  交付与验收"),
        (11, "乙方应于合同签订之日起 15 日内将货物送达甲方指定地点，并配合甲方验收。"),
        (11, ""),
        (13, "第三条  付款方式"),
        (11, "验收合格后 10 个工作日内，甲方一次性支付合同款项。"),
    ),
    (
        (13, "第四条  质量保证"),
        (11, "乙方提供自验收合格之日起三年的免费保修服务。"),
        (11, ""),
        (13, "第五条  违约责任"),
        (11, "任何一方违约，应按照框架协议和相关法律法规承担违约责任。"),
        (11, ""),
        (13, "第六条  其他"),
        (11, "本合同经双方使用 CA 数字证书电子签章后生效，签章后的文件为合同正本。"),
        (11, ""),
        (11, ""),
        (12, "甲方（盖章）：                              乙方（盖章）："),
        (11, ""),
        (11, ""),
        (11, ""),
        (11, ""),
        (11, ""),
        (11, ""),
        (11, "日期：                                      日期："),
    ),
)

_LEFT = 72.0
_TOP = 770.0


def build_contract(font_path: Path = SEAL_FONT) -> bytes:
    """The demo contract PDF as bytes."""
    from pyhanko.pdf_utils import generic as pdf_generic
    from pyhanko.pdf_utils import writer as pdf_writer

    from desktop.signing.fonts import SealFont

    generic: Any = pdf_generic  # pyHanko's constructors are unannotated
    pdf: Any = pdf_writer

    footers = [f"第 {n} 页 共 {len(CONTRACT_PAGES)} 页" for n in range(1, len(CONTRACT_PAGES) + 1)]
    text = "".join(line for page in CONTRACT_PAGES for _, line in page) + "".join(footers)
    writer = pdf.PdfFileWriter(stream_xrefs=False)
    font = SealFont.for_text(font_path, text)
    page_bodies = []
    for number, page in enumerate(CONTRACT_PAGES, start=1):
        ops = [b"BT"]
        y = _TOP
        for size, line in page:
            if line:
                width = font.width(line) * size
                x = (A4[2] - width) / 2 if size >= 20 else _LEFT
                ops.append(b"/F1 %g Tf 1 0 0 1 %g %g Tm %s" % (size, x, y, font.show(line)))
            y -= size * 2.0
        footer = footers[number - 1]
        width = font.width(footer) * 9
        ops.append(b"/F1 9 Tf 1 0 0 1 %g 45 Tm %s" % ((A4[2] - width) / 2, font.show(footer)))
        ops.append(b"ET")
        ops.append(b"0.6 0.6 0.6 RG 0.5 w 72 60 m 523 60 l S")
        page_bodies.append(b" ".join(ops))
    font_ref = font.embed(writer)  # after all the text: widths and ToUnicode are complete
    for body in page_bodies:
        stream = generic.StreamObject(stream_data=body)
        stream.compress()
        resources = generic.DictionaryObject({
            generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): font_ref})})
        writer.insert_page(pdf.PageObject(writer.add_object(stream), A4, resources))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m desktop.signing.democontract OUT.pdf", file=sys.stderr)
        return 2
    Path(argv[0]).write_bytes(build_contract())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
