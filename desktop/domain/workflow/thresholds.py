"""分散采购限额标准: the annual-budget floor of a framework-agreement plan, per region.

Seed manual 1.3.1.1 填报说明 (3): "年度采购预算金额。需达到本地区分散采购限额。" Order No. 110 Art. 3
("采购限额标准以上"). Henan's figures were not captured (docs/domain-rules.md §A12, open question 6),
so the shipped table holds **defaults to be confirmed** (``confirmed=False``); a deployment passes its
own :class:`ThresholdTable`. The lookup takes the most specific entry: county, then city, then
province, then the table's fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from desktop.domain.workflow.common import Category, Region

__all__ = ["DEFAULT_THRESHOLDS", "ThresholdEntry", "ThresholdTable", "format_yuan"]


@dataclass(frozen=True)
class ThresholdEntry:
    """One floor: a region (GB/T 2260 code), a category, the amount in yuan, and where it comes from."""

    region_code: str
    category: Category
    amount: Decimal
    confirmed: bool
    source: str


class ThresholdTable:
    """A lookup of :class:`ThresholdEntry` by region and category, with a fallback per category."""

    def __init__(self, entries: Iterable[ThresholdEntry], fallback: Mapping[Category, ThresholdEntry]) -> None:
        by_key: dict[tuple[str, Category], ThresholdEntry] = {}
        for entry in entries:
            key = (entry.region_code, entry.category)
            if key in by_key:
                raise ValueError(f"two thresholds for {key}")
            if entry.amount < 0:
                raise ValueError(f"negative threshold for {key}")
            by_key[key] = entry
        missing = set(Category) - set(fallback)
        if missing:
            raise ValueError(f"no fallback threshold for {sorted(missing)}")
        self._entries = MappingProxyType(by_key)
        self._fallback = MappingProxyType(dict(fallback))

    @property
    def entries(self) -> tuple[ThresholdEntry, ...]:
        return tuple(self._entries.values())

    def lookup(self, region: Region, category: Category) -> ThresholdEntry:
        """The floor that applies to a region: its own entry, else its city's, else its province's."""
        for code in _ancestors(region.code):
            entry = self._entries.get((code, category))
            if entry is not None:
                return entry
        return self._fallback[category]


def _ancestors(code: str) -> tuple[str, ...]:
    """A division and the divisions above it, most specific first: 410102, 410100, 410000."""
    chain = [code, code[:4] + "00", code[:2] + "0000"]
    return tuple(dict.fromkeys(chain))


def format_yuan(amount: Decimal) -> str:
    """Show an amount the way the forms do: 1000000 → "100万元", 1234.5 → "1,234.50元"."""
    if amount >= 10_000 and amount % 10_000 == 0:
        return f"{int(amount) // 10_000}万元"
    return f"{amount:,.2f}元"


_TO_CONFIRM = ("默认值，待确认：河南省分散采购限额标准未采集（domain-rules.md §A12），"
               "暂按中央预算单位 2020 年版货物、服务 100 万元设置")

DEFAULT_THRESHOLDS = ThresholdTable(
    entries=(
        ThresholdEntry("410000", Category.GOODS, Decimal(1_000_000), False, _TO_CONFIRM),
        ThresholdEntry("410000", Category.SERVICES, Decimal(1_000_000), False, _TO_CONFIRM),
    ),
    fallback={
        Category.GOODS: ThresholdEntry("000000", Category.GOODS, Decimal(1_000_000), False, _TO_CONFIRM),
        Category.SERVICES: ThresholdEntry("000000", Category.SERVICES, Decimal(1_000_000), False, _TO_CONFIRM),
    },
)
"""Defaults to be confirmed against Henan's current 政府集中采购目录及标准 before production."""
