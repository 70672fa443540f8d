"""The local store: schema upgrade from saved files, records by page, the outbox."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.domain.commands import AddOperator, CommandInvalid, UpdateUnitContact
from desktop.domain.protocol import Change, CommandResult, CommandStatus, RejectReason
from desktop.domain.second_stage_commands import ApplyToJoin, CreateSecondStage, RefuseJoin, SelectSupplier
from desktop.store import Store
from desktop.store.errors import SchemaTooNew
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.outbox import Outbox, OutboxStatus
from desktop.store.repositories import Blobs, Records, SyncState

DB_FIXTURES = Path(__file__).resolve().parent.parent / "data" / "db"
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = Store.open(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


@pytest.mark.parametrize("saved", sorted(DB_FIXTURES.glob("v*.sqlite")), ids=lambda p: p.stem)
def test_saved_database_upgrades(saved: Path, tmp_path: Path) -> None:
    copy = tmp_path / saved.name
    shutil.copy(saved, copy)
    store = Store.open(copy)
    try:
        assert store.schema_version == SCHEMA_VERSION
        assert Records(store).get("unit", "mmj-zz").data["credit_code"] == "11410100MB00000018"  # type: ignore[union-attr]
        assert SyncState(store).cursor == 7
        pending = Outbox(store).pending()
        assert [e.envelope.name for e in pending] == ["update_unit_contact"]
        assert pending[0].attempts == 0 and pending[0].reason is None
        assert Blobs(store).not_uploaded() == []
    finally:
        store.close()
    assert Store.open(copy).schema_version == SCHEMA_VERSION  # opening again changes nothing


def test_newer_schema_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaTooNew) as info:
        Store.open(path)
    assert "升级" in info.value.message


def test_apply_pages_and_tombstones(store: Store) -> None:
    records = Records(store)
    changes = records.apply_page([Change(1, "unit", "u1", {"name": "甲"}), Change(2, "unit", "u2", {"name": "乙"}),
                                  Change(3, "operator", "o1", {"name": "王五"})], cursor=3)
    assert changes.kinds == {"unit", "operator"} and changes.revision == 3
    records.apply_page([Change(4, "unit", "u1", {"name": "甲2"}), Change(5, "operator", "o1", None)], cursor=5)
    assert records.get("unit", "u1").data == {"name": "甲2"}  # type: ignore[union-attr]
    assert records.get("operator", "o1") is None
    assert records.counts() == {"unit": 2}
    assert SyncState(store).cursor == 5
    reset = records.reset()
    assert reset.full_reset and records.counts() == {} and SyncState(store).cursor == 0


def test_outbox_order_results_and_dismiss(store: Store) -> None:
    outbox = Outbox(store)
    first = outbox.enqueue(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000001"), NOW)
    second = outbox.enqueue(AddOperator(operator_id="op-1", full_name="王五", id_number="41010519900307123X"), NOW)
    with pytest.raises(CommandInvalid):
        outbox.enqueue(AddOperator(operator_id="op-2", full_name="王五", id_number="410105199003071230"), NOW)
    assert [e.envelope.uuid for e in outbox.pending()] == [first.uuid, second.uuid]
    assert outbox.pending_count() == 2
    outbox.note_attempt([first.uuid])
    reason = RejectReason("post_not_handler", "只有经办岗可以添加操作人", "handler only")
    outbox.record_results([CommandResult(first.uuid, CommandStatus.APPLIED, revision=9),
                           CommandResult(second.uuid, CommandStatus.REJECTED, reason=reason)], NOW)
    assert outbox.pending_count() == 0
    entry = outbox.get(first.uuid)
    assert entry is not None and entry.status is OutboxStatus.APPLIED and entry.attempts == 1
    [rejected] = outbox.rejected()
    assert rejected.reason == reason and rejected.envelope.payload["full_name"] == "王五"
    outbox.dismiss(second.uuid)
    assert outbox.rejected() == []


CODE = "91410100MA000000C0"


def test_follow_up_of_a_refused_creation_is_put_away(store: Store) -> None:
    """Only the creation's refusal is shown; what failed because the record never came to be is not."""
    outbox = Outbox(store)
    create = outbox.enqueue(CreateSecondStage("s-1", "p-1", "2027年度法律顾问"), NOW)
    select_ = outbox.enqueue(SelectSupplier("s-1", CODE), NOW)
    apply_ = outbox.enqueue(ApplyToJoin("j-1", "p-1"), NOW)
    refuse = outbox.enqueue(RefuseJoin("j-1", "资质不符"), NOW)
    assert create.payload["plan_id"] == "p-1"
    assert [e.envelope.uuid for e in outbox.for_subject("s-1")] == [create.uuid, select_.uuid]  # not the plan's
    not_filed = RejectReason("agreement_not_filed", "只有完成框架协议备案，才可以进行二阶段的合同备案", "")
    unknown = RejectReason("second_stage_unknown", "二阶段采购“s-1”不存在", "")
    outbox.record_results([CommandResult(create.uuid, CommandStatus.REJECTED, reason=not_filed),
                           CommandResult(select_.uuid, CommandStatus.REJECTED, reason=unknown),
                           CommandResult(apply_.uuid, CommandStatus.APPLIED, revision=3),
                           CommandResult(refuse.uuid, CommandStatus.REJECTED,
                                         reason=RejectReason("join_application_unknown", "加入申请不存在", ""))], NOW)
    assert [e.envelope.uuid for e in outbox.rejected()] == [create.uuid, refuse.uuid]  # j-1 was created
    dismissed = outbox.get(select_.uuid)
    assert dismissed is not None and dismissed.status is OutboxStatus.DISMISSED and dismissed.reason == unknown
