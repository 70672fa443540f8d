"""Shared pieces of the 合同在线签订 UI tests: a real store and sync engine for one profile (no
server: the API points at a closed port, so any network call fails as offline), demo accounts,
records shaped as the server's feed sends them, and PDF files in the profile's file folder."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from desktop.domain.protocol import AccountInfo, Change
from desktop.store import Store
from desktop.sync.client import ApiClient
from desktop.sync.engine import SyncEngine

BASE = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
STATES = ("待签章", "采购人已确认", "供应商已确认", "已备案")
PURCHASER = AccountInfo(account_id="acc-mmj-jb", username="zzmmj_jb", unit_id="mmj-zz", unit_name="河南省郑州市某某局",
                        credit_code="11410100MB00000018", user_type="采购人", post="经办岗", operator_name="李娜")
REVIEWER = AccountInfo(account_id="acc-mmj-sh", username="zzmmj_sh", unit_id="mmj-zz", unit_name="河南省郑州市某某局",
                       credit_code="11410100MB00000018", user_type="采购人", post="审核岗")
SUPPLIER = AccountInfo(account_id="acc-ycsf-jb", username="hnycsf_jb", unit_id="ycsf",
                       unit_name="河南豫采示范科技有限公司", credit_code="91410100MA000000C0", user_type="供应商",
                       post="经办岗", operator_name="李四")


@dataclass
class Profile:
    store: Store
    http: httpx.Client
    engine: SyncEngine

    def close(self) -> None:
        self.http.close()
        self.store.close()


def offline_profile(folder: Path) -> Profile:
    store = Store.open(folder / "local.sqlite3")
    http = httpx.Client(base_url="http://127.0.0.1:9", timeout=2)  # discard port: connection refused
    return Profile(store, http, SyncEngine(ApiClient(http, token="t"), store))


def contract_data(i: int, *, state: str | None = None, supplier: str | None = None,
                  document_sha256: str | None = None, **overrides: Any) -> dict[str, Any]:
    state = state or STATES[i % 4]
    supplier_id = supplier or ("ycsf" if i % 2 == 0 else "bgsb")
    supplier_name = "河南豫采示范科技有限公司" if supplier_id == "ycsf" else "郑州某某办公设备有限公司"
    signed = BASE + dt.timedelta(hours=i, minutes=30)
    data: dict[str, Any] = {
        "lot_id": f"lot-{i}", "project_name": f"郑州市某某局办公设备采购项目{i % 7}", "lot_name": f"第{i % 3 + 1}标段",
        "title": f"办公设备采购合同{i:05d}", "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局",
        "supplier_unit_id": supplier_id, "supplier_name": supplier_name,
        "supplier_credit_code": "91410100MA000000C0", "amount": "386000.00", "state": state,
        "file_name": f"办公设备采购合同{i:05d}.pdf",
        "document_sha256": document_sha256 or hashlib.sha256(f"doc{i}".encode()).hexdigest(),
        "original_sha256": hashlib.sha256(f"orig{i}".encode()).hexdigest(),
        "created_at": (BASE + dt.timedelta(hours=i)).isoformat(),
        "purchaser_signed_at": signed.isoformat() if state != "待签章" else None,
        "supplier_signed_at": (signed + dt.timedelta(hours=1)).isoformat()
        if state in ("供应商已确认", "已备案") else None,
        "filed_at": (signed + dt.timedelta(days=1)).isoformat() if state == "已备案" else None}
    data.update(overrides)
    return data


def lot_data(i: int, *, published: bool = True) -> dict[str, Any]:
    return {"project_id": f"prj-{i}", "project_code": f"ZZMMJ-2026-{i:03d}",
            "project_name": f"郑州市某某局采购项目{i}", "lot_no": "1", "lot_name": f"第{i}标段",
            "purchaser_unit_id": "mmj-zz", "purchaser_name": "河南省郑州市某某局",
            "supplier_unit_id": "ycsf", "supplier_name": "河南豫采示范科技有限公司",
            "supplier_credit_code": "91410100MA000000C0", "amount": f"{i * 1000}.00",
            "result_published_at": (BASE + dt.timedelta(days=i)).isoformat() if published else None}


def seed(engine: SyncEngine, contracts: list[tuple[str, dict[str, Any]]] = (),  # type: ignore[assignment]
         lots: list[tuple[str, dict[str, Any]]] = (), batch: int = 5000) -> None:  # type: ignore[assignment]
    """Write records as a pull would (one page per ``batch``)."""
    changes = [Change(0, "contract", cid, data) for cid, data in contracts] + \
              [Change(0, "lot", lid, data) for lid, data in lots]
    revision = engine.state.cursor
    for start in range(0, len(changes), batch):
        page = []
        for change in changes[start:start + batch]:
            revision += 1
            page.append(Change(revision, change.kind, change.id, change.data))
        engine.records.apply_page(page, revision)
