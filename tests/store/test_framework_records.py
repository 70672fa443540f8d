"""框架协议 records after plan filing in the local store (desktop.store.framework): the numbered plans a
unit runs (as collector or entrusted agency), a project's records by plan id, and the 信息发布
browser's keyset pages by column and search."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.domain.protocol import Change
from desktop.store import Store
from desktop.store.framework import AnnouncementFilter, FrameworkRecords
from desktop.store.repositories import Records

BASE = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


def plan(i: int, unit: str, number: str | None, agency: str | None = None) -> dict[str, Any]:
    return {"project_name": f"项目{i}", "collector_unit_id": unit, "agency_unit_id": agency, "number": number,
            "numbered_at": (BASE + dt.timedelta(days=i)).isoformat() if number else None}


def announcement(i: int, column: str, published: bool = True, plan_id: str = "p1") -> dict[str, Any]:
    at = (BASE + dt.timedelta(hours=i)).isoformat()
    return {"kind": {"采购公告": "征集公告", "结果公告": "入围结果公告"}.get(column, "合同公告"), "column": column,
            "plan_id": plan_id, "plan_number": f"KJXY-410100-2026-{i:05d}", "project_name": f"法律顾问服务{i}",
            "title": f"公告{i}", "collector_name": "郑州市教育局", "owner_name": "郑州市教育局",
            "state_label": "已发布" if published else "编辑中", "status": "审核通过" if published else "待提交",
            "published_at": at if published else None, "updated_at": at}


def test_numbered_plans_and_a_projects_records(store: Store) -> None:
    records = Records(store)
    records.apply_page([
        Change(1, "plan", "p1", plan(1, "jyj-zz", "KJXY-1")), Change(2, "plan", "p2", plan(2, "jyj-zz", None)),
        Change(3, "plan", "p3", plan(3, "yz-zz", "KJXY-3", agency="jyj-zz")),
        Change(4, "plan", "p4", plan(4, "mmj-zz", "KJXY-4")),
        Change(5, "announcement", "n1", announcement(1, "采购公告")),
        Change(6, "announcement", "n3", announcement(3, "采购公告", plan_id="p3")),
        Change(7, "shortlisted_supplier", "ss-1", {"plan_id": "p1", "position": 1}),
        Change(8, "trading_bridge", "p4", {"plan_id": "p4", "state": "推送失败"})], cursor=8)
    framework = FrameworkRecords(store)
    assert [pid for pid, _ in framework.numbered_plans("jyj-zz")] == ["p3", "p1"]  # newest number first
    assert sorted(rid for rid, _ in framework.of_plans("announcement", ["p1", "p3"])) == ["n1", "n3"]
    assert [rid for rid, _ in framework.of_plans("shortlisted_supplier", ["p1"])] == ["ss-1"]
    assert [rid for rid, _ in framework.of_plans("trading_bridge", ["p4"])] == ["p4"]
    assert framework.of_plans("agreement", []) == []


def test_published_announcements_by_column_page_by_page(store: Store) -> None:
    changes = [Change(n, "announcement", f"a{n:03d}", announcement(n, "采购公告" if n % 3 else "结果公告",
                                                                    published=n % 10 != 0))
               for n in range(1, 121)]
    Records(store).apply_page(changes, cursor=120)
    framework = FrameworkRecords(store)
    where = AnnouncementFilter(column="采购公告")
    expected = [f"a{n:03d}" for n in range(120, 0, -1) if n % 3 and n % 10]
    assert framework.count_announcements(where) == len(expected)
    first = framework.announcements(where, None, 50)
    rest = framework.announcements(where, first[-1].cursor, 100)
    assert [r.id for r in first + rest] == expected
    assert first[0].kind == "征集公告" and first[0].published_at is not None
    assert framework.count_announcements(AnnouncementFilter(column="结果公告", search="公告99")) == 1
    everything = AnnouncementFilter(published_only=False)
    assert framework.count_announcements(everything) == 120
