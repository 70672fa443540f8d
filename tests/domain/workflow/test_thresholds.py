"""分散采购限额 table: most specific region first, defaults marked as unconfirmed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop.domain.workflow.common import Category, Region
from desktop.domain.workflow.thresholds import DEFAULT_THRESHOLDS, ThresholdEntry, ThresholdTable, format_yuan


def _table() -> ThresholdTable:
    return ThresholdTable(
        [ThresholdEntry("410000", Category.SERVICES, Decimal(1_000_000), True, "省"),
         ThresholdEntry("410100", Category.SERVICES, Decimal(600_000), True, "郑州"),
         ThresholdEntry("410102", Category.SERVICES, Decimal(300_000), True, "中原区")],
        {c: ThresholdEntry("000000", c, Decimal(2_000_000), False, "兜底") for c in Category})


def test_lookup_prefers_the_most_specific_region() -> None:
    table = _table()
    assert table.lookup(Region("410102", "中原区"), Category.SERVICES).source == "中原区"
    assert table.lookup(Region("410103", "二七区"), Category.SERVICES).source == "郑州"
    assert table.lookup(Region("410302", "老城区"), Category.SERVICES).source == "省"
    assert table.lookup(Region("420100", "武汉市"), Category.SERVICES).source == "兜底"
    assert table.lookup(Region("410102", "中原区"), Category.GOODS).source == "兜底"


def test_defaults_are_marked_to_be_confirmed() -> None:
    assert DEFAULT_THRESHOLDS.entries
    assert all(not e.confirmed and "待确认" in e.source for e in DEFAULT_THRESHOLDS.entries)


def test_table_refuses_duplicates_negatives_and_missing_fallbacks() -> None:
    entry = ThresholdEntry("410000", Category.GOODS, Decimal(1), True, "")
    fallback = {c: ThresholdEntry("000000", c, Decimal(1), True, "") for c in Category}
    with pytest.raises(ValueError):
        ThresholdTable([entry, entry], fallback)
    with pytest.raises(ValueError):
        ThresholdTable([ThresholdEntry("410000", Category.GOODS, Decimal(-1), True, "")], fallback)
    with pytest.raises(ValueError):
        ThresholdTable([], {Category.GOODS: fallback[Category.GOODS]})


def test_format_yuan() -> None:
    assert format_yuan(Decimal(1_000_000)) == "100万元"
    assert format_yuan(Decimal("1234.5")) == "1,234.50元"
