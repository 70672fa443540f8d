"""The pull's fast path (issue 4): the page decoder, set-based apply with orjson, the bulk-write
settings, the paused garbage collector and the page sizes, each against the slow path it replaces."""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import random
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from desktop.domain.protocol import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Change
from desktop.store import Store
from desktop.store import database as store_database
from desktop.store.projections import search_text, utc_text
from desktop.store.repositories import Records
from desktop.sync.client import ApiClient, FeedPage
from desktop.sync.engine import SyncEngine, collector_paused
from desktop.sync.errors import SyncError, SyncErrorKind


def body(changes: list[dict[str, Any]], *, next_cursor: int = 9, has_more: bool = False, revision: int = 9) -> bytes:
    return json.dumps({"changes": changes, "next_cursor": next_cursor, "has_more": has_more, "revision": revision},
                      ensure_ascii=False).encode()


def contract(i: int, **extra: Any) -> dict[str, Any]:
    return {"lot_id": f"lot-{i}", "project_name": "办公设备采购项目", "lot_name": "第1标段", "title": f"合同{i}",
            "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局", "supplier_unit_id": "sup-1",
            "supplier_name": "河南某某供应商有限公司", "state": "待签章", "file_name": f"合同{i}.pdf",
            "document_sha256": "ab" * 32, "created_at": f"2026-11-27T08:00:{i % 60:02d}.000123+00:00",
            "purchaser_signed_at": None, **extra}


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = Store.open(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


def dump(store: Store) -> list[Any]:
    with store.reading() as session:
        records = [(k, i, r, json.loads(d)) for k, i, r, d in
                   session.execute(text("SELECT kind, id, revision, data FROM records ORDER BY 1, 2")).all()]
        projected = [session.execute(text(f"SELECT * FROM {t} ORDER BY id")).all()
                     for t in ("contract_index", "lot_index")]
        cursor = session.execute(text("SELECT value FROM sync_state WHERE key = 'cursor'")).scalar_one()
    return [records, projected, cursor]


# --- decoding -------------------------------------------------------------------------------------

def test_decoder_reads_rows_and_tombstones() -> None:
    page = ApiClient.decode_feed(body([{"revision": 1, "kind": "unit", "id": "u1", "data": {"name": "甲"}},
                                       {"revision": 2, "kind": "unit", "id": "u2", "data": None},
                                       {"revision": 3, "kind": "unit", "id": "u3"}], has_more=True))
    assert page == FeedPage(rows=[(1, "unit", "u1", {"name": "甲"}), (2, "unit", "u2", None), (3, "unit", "u3", None)],
                            next_cursor=9, has_more=True, revision=9, lenient=False)
    assert page.change_page().changes == [Change(1, "unit", "u1", {"name": "甲"}), Change(2, "unit", "u2"),
                                          Change(3, "unit", "u3")]


@pytest.mark.parametrize("answer", [
    b"[]", b'{"changes": [], "next_cursor": 1, "revision": 1}',
    b'{"changes": {}, "next_cursor": 1, "has_more": false, "revision": 1}',
    b'{"changes": [1], "next_cursor": 1, "has_more": false, "revision": 1}',
    body([{"revision": True, "kind": "unit", "id": "u1", "data": None}]),
    body([{"revision": 1, "kind": "unit", "id": 7, "data": None}]),
    body([{"revision": 1, "kind": "unit", "id": "u1", "data": []}]),
    body([{"revision": 1, "kind": "unit", "id": "u1", "data": None}])[:-9], b"",
])
def test_decoder_refuses_what_the_protocol_does_not_allow(answer: bytes) -> None:
    with pytest.raises(SyncError) as info:
        ApiClient.decode_feed(answer)
    assert info.value.kind is SyncErrorKind.PROTOCOL and info.value.code == "protocol_invalid"


def test_lenient_json_is_kept_as_the_json_module_wrote_it(store: Store) -> None:
    raw = b'{"changes": [{"revision": 1, "kind": "unit", "id": "u1", "data": {"x": NaN, "big": ' \
          b'123456789012345678901234567890}}], "next_cursor": 1, "has_more": false, "revision": 1}'
    page = ApiClient.decode_feed(raw)
    assert page.lenient
    Records(store).apply_rows(page.rows, page.next_cursor, json_values=not page.lenient)
    with store.reading() as session:
        stored = session.execute(text("SELECT data FROM records")).scalar_one()
    assert stored == json.dumps({"x": math.nan, "big": 123456789012345678901234567890})


def test_integers_beyond_64_bits_survive_the_fast_encoder(store: Store) -> None:
    page = ApiClient.decode_feed(body([{"revision": 1, "kind": "unit", "id": "u1", "data": {"big": 2 ** 70}}]))
    assert not page.lenient
    Records(store).apply_rows(page.rows, 1)
    assert Records(store).get("unit", "u1").data == {"big": 2 ** 70}  # type: ignore[union-attr]


# --- applying -------------------------------------------------------------------------------------

def test_fast_apply_writes_what_the_exact_path_writes(tmp_path: Path) -> None:
    rng = random.Random(4)
    pages: list[list[Change]] = []
    revision = 0
    for _ in range(4):
        page = []
        for _ in range(60):
            revision += 1
            kind = rng.choice(["unit", "contract", "lot"])
            rid = f"{kind}-{rng.randrange(40)}"
            data: dict[str, Any] | None
            if rng.random() < 0.15:
                data = None
            elif kind == "contract":
                data = contract(revision, purchaser_signed_at=rng.choice([None, "2026-11-28T01:02:03+08:00"]))
            elif kind == "lot":
                data = {name: f"{name}{revision}" for name in (
                    "project_code", "project_name", "lot_no", "lot_name", "purchaser_unit_id", "purchaser_name",
                    "supplier_unit_id", "supplier_name", "supplier_credit_code", "amount")}
                data["result_published_at"] = "2026-11-27T08:00:00.5+00:00"
            else:
                data = {"name": f"单位{revision}", "n": revision, "ok": True, "f": 1.5, "list": [1, "二", None]}
            page.append(Change(revision, kind, rid, data))  # the same record several times in a page, too
        pages.append(page)
    exact, fast = Store.open(tmp_path / "exact.sqlite3"), Store.open(tmp_path / "fast.sqlite3")
    try:
        for page in pages:
            cursor = page[-1].revision
            expected = Records(exact).apply_page(page, cursor)
            got = Records(fast).apply_rows([(c.revision, c.kind, c.id, c.data) for c in page], cursor)
            assert got == expected
        assert dump(fast) == dump(exact)
    finally:
        exact.close()
        fast.close()


def test_a_record_deleted_then_recreated_in_one_page_stays(store: Store) -> None:
    records = Records(store)
    records.apply_rows([(1, "unit", "u1", {"v": 1})], 1)
    changes = records.apply_rows([(2, "unit", "u1", None), (3, "unit", "u1", {"v": 3}), (4, "unit", "u2", {"v": 4}),
                                  (5, "unit", "u2", None)], 5)
    assert records.get("unit", "u1").data == {"v": 3}  # type: ignore[union-attr]
    assert records.get("unit", "u2") is None
    assert changes.ids == {"unit": {"u1", "u2"}} and changes.revision == 5


def test_utc_text_fast_path_matches_the_general_one() -> None:
    def general(value: str) -> str | None:
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")

    rng = random.Random(7)
    samples = ["2026-11-27T09:10:11.123456+00:00", "2026-13-27T09:10:11.123456+00:00",
               "2026-02-30T09:10:11.123456+00:00", "2026-11-27 09:10:11.123456+00:00",
               "2026-11-27T09:10:11.123456-00:00", "2026-11-27T09:10:11+08:00", "2026-11-27T09:10:11"]
    for _ in range(3000):
        moment = dt.datetime(rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                             rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999999), tzinfo=dt.UTC)
        canonical = list(moment.isoformat(timespec="microseconds"))
        samples.append("".join(canonical))
        canonical[rng.randrange(len(canonical))] = rng.choice("0123456789-:T.+ x٣")
        samples.append("".join(canonical))
    assert [utc_text(s) for s in samples] == [general(s) for s in samples]
    assert utc_text(None) is None and utc_text("") is None


def test_search_text_folds_each_part() -> None:
    assert search_text("ΟΔΟΣ", "", "Straße", "ABC") == "οδοσ\nstrasse\nabc"


# --- bulk writes, the collector -------------------------------------------------------------------

def test_bulk_writes_change_the_writer_settings_and_restore_them(store: Store) -> None:
    def setting() -> tuple[int, int]:
        with store.transaction() as session:
            conn = session.connection()
            return (int(conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar_one()),
                    int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one()))

    assert setting() == (1000, -2000)
    with store.bulk():
        with store.bulk():
            assert setting() == (16384, -65536)
        assert setting() == (16384, -65536)
        Records(store).apply_rows([(n, "unit", f"u{n}", {"n": n, "pad": "x" * 200}) for n in range(1, 2001)], 2000)
        size = store.path.stat().st_size
    assert store.path.stat().st_size > size + 2000 * 200  # the WAL was copied into the database at the end
    assert setting() == (1000, -2000)
    assert store_database.BULK_SETTINGS != store_database.DEFAULT_SETTINGS


def test_collector_paused_nests_and_restores() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


# --- page sizes -----------------------------------------------------------------------------------

class FakeFeed(ApiClient):
    """``n`` unit records served from memory; records the limits asked for."""

    def __init__(self, n: int) -> None:
        super().__init__(httpx.Client(), token="t")
        self.n = n
        self.limits: list[int] = []

    def fetch_feed(self, cursor: int, limit: int) -> bytes:
        self.limits.append(limit)
        last = min(self.n, cursor + limit)
        changes = [{"revision": r, "kind": "unit", "id": f"u{r}", "data": {"r": r}}
                   for r in range(cursor + 1, last + 1)]
        return body(changes, next_cursor=last, has_more=last < self.n, revision=self.n)


@pytest.mark.parametrize(("page_size", "expected"), [
    (None, [DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_PAGE_SIZE]),
    (400, [400] * 17),
])
def test_pages_grow_while_catching_up_unless_the_size_is_given(store: Store, page_size: int | None,
                                                               expected: list[int]) -> None:
    n = DEFAULT_PAGE_SIZE + MAX_PAGE_SIZE + 1200
    api = FakeFeed(n)
    engine = SyncEngine(api, store, page_size=page_size)
    progress: list[int] = []
    changes, pulled = engine.pull(lambda p: progress.append(p.done))
    assert api.limits == expected and pulled == n and engine.state.cursor == n
    assert changes.ids == {"unit": {f"u{r}" for r in range(1, n + 1)}} and changes.revision == n
    assert progress[-1] == n and len(progress) == len(expected)
    assert engine.records.counts() == {"unit": n}
    api.http.close()
