"""Commands, change feed, count check, blobs, OpenAPI and migrations on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desktop.domain.commands import AddOperator, RemoveOperator, UpdateUnitContact, command_payload
from desktop.domain.protocol import PROTOCOL_VERSION, CommandEnvelope, CommandStatus, RecordKind, new_command_uuid
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError
from desktop.sync.login import LoginService
from server_stub.db import make_engine, migrate
from server_stub.demo import DEMO_PASSWORD, PERSON2_ID_NUMBER
from server_stub.models import Base, FeedCount, FeedRecord
from server_stub.services import feed
from tests.server.fixtures import ApiFor, MakeServer

NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def logged_in(api_for: ApiFor, url: str, username: str) -> ApiClient:
    api = api_for(url)
    LoginService(api, None).login_with_password(username, DEMO_PASSWORD)
    return api


def envelope(command: object) -> CommandEnvelope:
    return CommandEnvelope(uuid=new_command_uuid(), name=command.name,  # type: ignore[attr-defined]
                           payload=command_payload(command), created_at=NOW)  # type: ignore[arg-type]


def pull_all(api: ApiClient, cursor: int = 0, limit: int = 7) -> tuple[dict[tuple[str, str], dict | None], int]:
    state: dict[tuple[str, str], dict | None] = {}
    while True:
        page = api.changes(cursor, limit)
        for change in page.changes:
            state[(change.kind, change.id)] = change.data
        cursor = page.next_cursor
        if not page.has_more:
            return state, cursor


def test_meta_and_openapi(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    meta = api_for(server.url).meta()
    assert meta.protocol_version == PROTOCOL_VERSION and meta.revision > 0
    assert abs(meta.server_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    schema = httpx.get(f"{server.url}/openapi.json").json()
    for name in ("ChangePage", "CommandEnvelope", "PushResponse", "CaLoginRequest", "SessionGrant", "ErrorBody"):
        assert name in schema["components"]["schemas"]
    push = schema["paths"]["/sync/push"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("PushRequest")


def test_migrations_match_models(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        migrate(engine)
        migrate(engine)  # idempotent
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()


def test_commands_apply_exactly_once_and_feed(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    handler = logged_in(api_for, server.url, "zzmmj_jb")
    reviewer = logged_in(api_for, server.url, "zzmmj_sh")
    supplier = logged_in(api_for, server.url, "zzbgsb_jb")
    state, cursor = pull_all(handler)
    assert state[("unit", "mmj-zz")]["credit_code"] == "11410100MB00000018"
    assert len([k for k in state if k[0] == RecordKind.REGION]) == 22

    add = envelope(AddOperator(operator_id="op-new", full_name="王五", id_number=PERSON2_ID_NUMBER))
    first = handler.push([add])
    assert first.results[0].status is CommandStatus.APPLIED and not first.results[0].repeated
    again = handler.push([add])  # the same UUID: answered from the record, not applied twice
    assert again.results[0].repeated and again.results[0].revision == first.results[0].revision
    assert again.revision == first.revision

    changes, cursor = pull_all(handler, cursor)
    assert changes == {("operator", "op-new"): {"unit_id": "mmj-zz", "name": "王五", "id_number": PERSON2_ID_NUMBER,
                                                "phone": ""}}
    # scoping: another unit never sees this unit's operators
    supplier_state, _ = pull_all(supplier)
    assert ("operator", "op-new") not in supplier_state and ("unit", "mmj-zz") in supplier_state

    # rejected: a reviewer cannot add operators; the reason is kept for a retry too
    bad = envelope(AddOperator(operator_id="op-x", full_name="赵六", id_number=PERSON2_ID_NUMBER))
    result = reviewer.push([bad]).results[0]
    assert result.status is CommandStatus.REJECTED and result.reason is not None
    assert result.reason.code == "post_not_handler" and "经办岗" in result.reason.message
    assert reviewer.push([bad]).results[0].reason == result.reason
    # invalid payload (broken ID number check character)
    wrong_id = PERSON2_ID_NUMBER[:17] + ("0" if PERSON2_ID_NUMBER[17] != "0" else "1")
    invalid = CommandEnvelope(new_command_uuid(), "add_operator",
                              {"operator_id": "op-y", "full_name": "钱七", "id_number": wrong_id}, NOW)
    assert handler.push([invalid]).results[0].reason.code == "identity_code_invalid"  # type: ignore[union-attr]
    unknown = CommandEnvelope(new_command_uuid(), "launch_rocket", {}, NOW)
    assert handler.push([unknown]).results[0].reason.code == "command_unknown"  # type: ignore[union-attr]
    # another account re-using a UUID gets no access to the first answer
    assert reviewer.push([add]).results[0].reason.code == "uuid_conflict"  # type: ignore[union-attr]

    # removal travels as a tombstone; counts follow
    before = handler.counts()
    handler.push([envelope(RemoveOperator(operator_id="op-new")),
                  envelope(UpdateUnitContact(contact_person="李娜", contact_phone="0371-67000009"))])
    changes, cursor = pull_all(handler, cursor)
    assert changes[("operator", "op-new")] is None
    assert changes[("unit", "mmj-zz")]["contact_phone"] == "0371-67000009"
    after = handler.counts()
    assert after.counts["operator"] == before.counts["operator"] - 1 and after.revision == cursor
    live_ops = [k for k, v in pull_all(handler)[0].items() if k[0] == "operator" and v is not None]
    assert len(live_ops) == after.counts["operator"]


def test_push_rejects_duplicate_uuids_in_one_batch(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    api = logged_in(api_for, server.url, "zzmmj_jb")
    add = envelope(AddOperator(operator_id="op-d", full_name="王五", id_number=PERSON2_ID_NUMBER))
    with pytest.raises(SyncError) as info:
        api.push([add, add])
    assert info.value.code == "duplicate_uuid"


def test_sync_needs_a_session(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    response = httpx.get(f"{server.url}/sync/changes", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401 and response.json()["code"] == "session_invalid"


def test_blob_upload_resume_and_download(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    api = logged_in(api_for, server.url, "zzmmj_jb")
    data = bytes(range(256)) * 1000
    sha = hashlib.sha256(data).hexdigest()
    status = api.blob_announce(sha, len(data))
    assert (status.received, status.complete) == (0, False)
    api.blob_put(sha, 0, data[:100_000])
    assert api.blob_announce(sha, len(data)).received == 100_000  # resume point after a break
    with pytest.raises(SyncError) as info:
        api.blob_put(sha, 50, data[50:60])
    assert info.value.code == "blob_offset_conflict"
    done = api.blob_put(sha, 100_000, data[100_000:])
    assert done.complete and done.received == len(data)
    got = httpx.get(f"{server.url}/blobs/{sha}", headers={"Authorization": f"Bearer {api.token}"})
    assert got.content == data
    ranged = httpx.get(f"{server.url}/blobs/{sha}",
                       headers={"Authorization": f"Bearer {api.token}", "Range": "bytes=1000-"})
    assert ranged.status_code == 206 and ranged.content == data[1000:]

    # bytes that do not hash to the announced SHA-256 are refused and dropped
    fake = hashlib.sha256(b"other").hexdigest()
    api.blob_announce(fake, 5)
    with pytest.raises(SyncError) as info:
        api.blob_put(fake, 0, b"wrong")
    assert info.value.code == "blob_corrupt"
    assert api.blob_status(fake).received == 0


def _scanned_counts(session: Any) -> dict[tuple[str, str], int]:
    scope = func.coalesce(FeedRecord.scope_unit_id, "")
    rows = session.execute(select(FeedRecord.kind, scope, func.count()).where(FeedRecord.data.is_not(None))
                           .group_by(FeedRecord.kind, scope)).all()
    return {(k, s): int(n) for k, s, n in rows}


def _kept_counts(session: Any) -> dict[tuple[str, str], int]:
    return {(r.kind, r.scope_unit_id): r.live for r in session.execute(select(FeedCount)).scalars() if r.live}


def test_feed_counts_follow_every_publish_and_the_upgrade(db_url: str) -> None:
    """``feed_counts`` (what the count check reads) equals a scan of the feed after adds, updates,
    tombstones, resurrections and a scope change; migration 0002 fills it from an 0001 database."""
    engine = make_engine(db_url)
    try:
        migrate(engine, "0001")
        with Session(engine) as session:
            session.execute(text("INSERT INTO server_state (id, revision) VALUES (1, 0)")
                            if not session.execute(text("SELECT count(*) FROM server_state")).scalar_one()
                            else text("SELECT 1"))
            for i, (kind, scope, data) in enumerate([("unit", None, {"a": 1}), ("operator", "u1", {"b": 2}),
                                                     ("operator", "u1", None), ("operator", "u2", {"c": 3})]):
                session.execute(text("INSERT INTO feed_records (kind, record_id, scope_unit_id, revision, data) "
                                     "VALUES (:k, :r, :s, :v, :d)"),
                                {"k": kind, "r": f"r{i}", "s": scope, "v": i + 1,
                                 "d": None if data is None else json.dumps(data)})
            session.execute(text("UPDATE server_state SET revision = 4"))
            session.commit()
        migrate(engine)
        with Session(engine) as session:
            assert _kept_counts(session) == _scanned_counts(session) == {
                ("unit", ""): 1, ("operator", "u1"): 1, ("operator", "u2"): 1}
            steps = [("operator", "x", {"n": 1}, "u1"), ("operator", "x", {"n": 2}, "u1"),
                     ("operator", "x", None, "u1"), ("operator", "x", None, "u1"), ("operator", "x", {"n": 3}, "u1"),
                     ("operator", "x", {"n": 4}, "u2"), ("unit", "y", {"n": 5}, None), ("unit", "r0", None, None)]
            for kind, record_id, data, scope in steps:
                feed.publish(session, kind, record_id, data, scope_unit_id=scope)
                assert _kept_counts(session) == _scanned_counts(session), (kind, record_id, data, scope)
            session.commit()
            check = feed.count_live(session, "u2")
            assert check.counts == {"operator": 2, "unit": 1}
    finally:
        engine.dispose()
