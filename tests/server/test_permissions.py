"""Permissions: every endpoint × every role (采购人 / 代理机构 / 供应商 / 监管 × 经办岗 / 审核岗), anonymous
callers, and cross-unit access, against a real uvicorn server on SQLite and on PostgreSQL.

The table ``ENDPOINTS`` must name every route the app serves (``test_matrix_covers_every_route``),
so a new endpoint cannot ship without its row here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.domain.commands import AddOperator, RemoveOperator, UpdateOperatorPhone, UpdateUnitContact
from desktop.domain.identity import id_number_check_char
from desktop.domain.protocol import CommandStatus
from desktop.domain.roles import Post, UserType
from server_stub.app import create_app
from server_stub.demo import DEMO_PASSWORD
from server_stub.models import Unit
from server_stub.services import registry
from server_stub.settings import Settings
from tests.server.live import LiveServer, PostgresCluster
from tests.server.test_sync_api import envelope

# role -> (username, unit id); 供应商·审核岗 is not in the demo data: the fixture adds it.
ROLES: dict[str, tuple[str, str]] = {
    "采购人·经办岗": ("zzmmj_jb", "mmj-zz"),
    "采购人·审核岗": ("zzmmj_sh", "mmj-zz"),
    "代理机构·经办岗": ("hncgzx_jb", "cgzx-hn"),
    "代理机构·审核岗": ("hncgzx_sh", "cgzx-hn"),
    "供应商·经办岗": ("zzbgsb_jb", "bgsb"),
    "供应商·审核岗": ("zzbgsb_sh", "bgsb"),
    "监管·经办岗": ("zzczj_jg", "czj-zz"),
    "监管·审核岗": ("zzczj_sh", "czj-zz"),
}
OTHER_UNIT = "jyj-zz"  # 郑州市教育局: none of the roles above belongs to it
OTHER_OPERATOR = "op-jyj-wuqiang"
OTHER_USER = "zzjyj_jb"

# Every route: (method, path) -> needs a session. The public ones answer anyone.
ENDPOINTS: dict[tuple[str, str], bool] = {
    ("GET", "/meta"): False,
    ("GET", "/demo/accounts"): False,
    ("POST", "/auth/challenge"): False,
    ("POST", "/auth/login/ca"): False,
    ("POST", "/auth/login/password"): False,
    ("POST", "/auth/logout"): True,
    ("GET", "/auth/me"): True,
    ("POST", "/sync/push"): True,
    ("GET", "/sync/changes"): True,
    ("GET", "/sync/counts"): True,
    ("POST", "/blobs"): True,
    ("GET", "/blobs/{sha256}/status"): True,
    ("PUT", "/blobs/{sha256}/data"): True,
    ("GET", "/blobs/{sha256}"): True,
    ("POST", "/binding/status"): False,
    ("POST", "/binding/bind"): False,
    ("GET", "/binding/audit"): True,
    ("GET", "/binding/personal"): True,
    ("POST", "/binding/personal"): True,
    ("POST", "/binding/personal/{binding_id}/renew"): True,
    ("POST", "/binding/personal/{binding_id}/unbind"): True,
    ("GET", "/trading/projects"): True,  # the simulated trading system's desk (公共资源交易中心 accounts)
    ("GET", "/trading/projects/{plan_number}"): True,
    ("POST", "/trading/projects/{plan_number}/accept"): True,
    ("POST", "/trading/projects/{plan_number}/shortlist"): True,
}


def _idn(n: int) -> str:
    first17 = f"4101051990011{n % 10}{n:03d}"  # born 1990-01-1x, sequence n
    return first17 + id_number_check_char(first17)


@dataclass
class World:
    url: str
    tokens: dict[str, str]  # role -> bearer token
    other_blob: str  # sha256 of a complete blob uploaded by another unit
    other_partial: str  # sha256 of an unfinished upload of another unit
    app: Any

    def client(self, role: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=10)


def _login(url: str, username: str) -> str:
    answer = httpx.post(f"{url}/auth/login/password", json={"username": username, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


def _upload(client: httpx.Client, data: bytes, *, finish: bool = True) -> str:
    sha = hashlib.sha256(data).hexdigest()
    assert client.post("/blobs", json={"sha256": sha, "size": len(data)}).status_code == 200
    part = data if finish else data[: len(data) // 2]
    answer = client.put(f"/blobs/{sha}/data", params={"offset": 0}, content=part)
    assert answer.status_code == 200, answer.text
    return sha


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    tmp: Path = tmp_path_factory.mktemp("permissions")
    cluster: PostgresCluster | None = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
    else:
        cluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database()
    app = create_app(Settings(db_url=url, demo=True, blob_dir=tmp / "blobs"))
    with app.state.yucai.db.session() as session:
        from server_stub.auth import hash_password

        unit = session.get(Unit, "bgsb")
        assert unit is not None
        registry.add_account(session, "acc-bgsb-sh", "zzbgsb_sh", unit, UserType.SUPPLIER, Post.REVIEWER,
                             password_hash=hash_password(DEMO_PASSWORD))
        for i, (_user, unit_id) in enumerate(ROLES.values()):  # own-unit targets for each role
            registry.add_operator(session, f"t-upd-{i}", unit_id, "测试甲", _idn(10 + i))
            registry.add_operator(session, f"t-rm-{i}", unit_id, "测试乙", _idn(40 + i))
        session.commit()
    live = LiveServer(app).start()
    try:
        tokens = {role: _login(live.url, user) for role, (user, _unit) in ROLES.items()}
        with httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {_login(live.url, OTHER_USER)}"},
                          timeout=10) as other:
            other_blob = _upload(other, b"%PDF-1.7 other unit's signed contract")
            other_partial = _upload(other, b"%PDF-1.7 other unit's unfinished upload", finish=False)
        yield World(live.url, tokens, other_blob, other_partial, app)
    finally:
        live.stop()
        app.state.yucai.db.dispose()
        if cluster is not None:
            cluster.drop_database(url)


def test_matrix_covers_every_route(world: World) -> None:
    paths = httpx.get(f"{world.url}/openapi.json").json()["paths"]
    served = {(method.upper(), path) for path, operations in paths.items() for method in operations}
    missing = served - set(ENDPOINTS)
    assert not missing, f"routes missing from the permission matrix: {sorted(missing)}"
    assert set(ENDPOINTS) <= served


def test_anonymous_and_forged_sessions(world: World) -> None:
    sha = world.other_blob
    paths = {"/blobs/{sha256}/status": f"/blobs/{sha}/status", "/blobs/{sha256}/data": f"/blobs/{sha}/data",
             "/blobs/{sha256}": f"/blobs/{sha}"}
    for caller in (None, "forged"):
        headers = {"Authorization": "Bearer forged-token"} if caller else {}
        with httpx.Client(base_url=world.url, headers=headers, timeout=10) as client:
            for (method, path), needs_session in ENDPOINTS.items():
                if not needs_session:
                    continue
                answer = client.request(method, paths.get(path, path), params={"offset": 0}, json={})
                assert answer.status_code == 401, (caller, method, path, answer.status_code)
                assert answer.json()["code"] in ("session_missing", "session_invalid")
    with httpx.Client(base_url=world.url, timeout=10) as anonymous:
        assert anonymous.get("/meta").status_code == 200
        assert anonymous.post("/auth/challenge").status_code == 200
        refused = anonymous.post("/auth/login/ca", json={"nonce": "x", "certificate": "AA==", "signature": "AA==",
                                                        "chain": []})
        assert refused.status_code in (400, 401, 403) and "token" not in refused.json()
        wrong = anonymous.post("/auth/login/password", json={"username": "zzmmj_jb", "password": "nope"})
        assert wrong.status_code == 401
        # the self-service binding runs before any login: it answers anonymous callers (and refuses junk)
        for path in ("/binding/status", "/binding/bind"):
            junk = anonymous.post(path, json={"nonce": "x", "certificate": "AA==", "signature": "AA==",
                                              "user_type": "供应商", "operator_name": "某", "operator_phone": "x"})
            assert junk.status_code in (400, 403, 422) and "username" not in junk.json(), (path, junk.text)
        ca_only = anonymous.post("/auth/login/password", json={"username": "hnycsf_jb", "password": DEMO_PASSWORD})
        assert ca_only.status_code == 401  # the supplier unit requires a CA key: no password stored at all


ROLE_INDEX = {role: i for i, role in enumerate(ROLES)}


def own_operators(world: World, unit_id: str) -> set[str]:
    from sqlalchemy import select

    from server_stub.models import Operator

    with world.app.state.yucai.db.session() as session:
        return set(session.execute(select(Operator.id).where(Operator.unit_id == unit_id)).scalars())


@pytest.mark.parametrize("role", list(ROLES))
def test_role_matrix(world: World, role: str) -> None:
    """One role against every endpoint that needs a session, with its own unit's and another unit's data."""
    username, unit_id = ROLES[role]
    handler = role.endswith("经办岗")
    i = ROLE_INDEX[role]
    with world.client(role) as client:
        # /auth/me: the caller's own account, nothing else
        me = client.get("/auth/me").json()
        assert (me["username"], me["unit_id"]) == (username, unit_id)
        assert me["post"] == ("经办岗" if handler else "审核岗")

        # /sync/push: handler posts only; own unit only
        commands = {
            "add_operator": AddOperator(operator_id=f"new-{i}", full_name="新增人", id_number=_idn(70 + i)),
            "update_operator_phone": UpdateOperatorPhone(operator_id=f"t-upd-{i}", phone="13800000000"),
            "remove_operator": RemoveOperator(operator_id=f"t-rm-{i}"),
            "update_unit_contact": UpdateUnitContact(contact_person="联系人", contact_phone="0371-60000000"),
            "cross_unit_update": UpdateOperatorPhone(operator_id=OTHER_OPERATOR, phone="13900000000"),
            "cross_unit_remove": RemoveOperator(operator_id=OTHER_OPERATOR),
        }
        envelopes = {name: envelope(command) for name, command in commands.items()}
        answer = client.post("/sync/push", json={"commands": [
            {"uuid": e.uuid, "name": e.name, "payload": e.payload, "created_at": e.created_at.isoformat()}
            for e in envelopes.values()]})
        assert answer.status_code == 200, answer.text
        results = {name: r for name, r in zip(envelopes, answer.json()["results"], strict=True)}
        for name, result in results.items():
            cross = name.startswith("cross_unit")
            if handler and not cross:
                assert result["status"] == CommandStatus.APPLIED.value, (role, name, result)
            else:
                assert result["status"] == CommandStatus.REJECTED.value, (role, name, result)
                expected = {"other_unit"} if handler else {"post_not_handler", "other_unit"}
                assert result["reason"]["code"] in expected, (role, name, result)

        # /sync/changes and /sync/counts: public records plus the caller's own unit's, never another unit's
        seen: dict[tuple[str, str], Any] = {}
        cursor = 0
        while True:
            page = client.get("/sync/changes", params={"cursor": cursor, "limit": 50}).json()
            for change in page["changes"]:
                seen[(change["kind"], change["id"])] = change["data"]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        scoped = {key: data for key, data in seen.items() if key[0] in ("operator", "account") and data}
        assert scoped and all(data["unit_id"] == unit_id for data in scoped.values()), role
        assert ("operator", OTHER_OPERATOR) not in seen
        counts = client.get("/sync/counts").json()["counts"]
        for kind in ("operator", "account"):
            assert counts.get(kind, 0) == sum(1 for k in scoped if k[0] == kind), (role, kind)

        # /blobs: the caller's own uploads, never another unit's
        own = _upload(client, f"%PDF-1.7 contract of {username}".encode())
        assert client.get(f"/blobs/{own}/status").json()["complete"] is True
        assert client.get(f"/blobs/{own}").content == f"%PDF-1.7 contract of {username}".encode()
        for method, path, kwargs in (
                ("GET", f"/blobs/{world.other_blob}/status", {}),
                ("GET", f"/blobs/{world.other_blob}", {}),
                ("GET", f"/blobs/{world.other_partial}/status", {}),
                ("PUT", f"/blobs/{world.other_partial}/data", {"params": {"offset": 0}, "content": b"x"}),
                ("POST", "/blobs", {"json": {"sha256": world.other_blob, "size": 38}})):
            answer = client.request(method, path, **kwargs)
            assert answer.status_code in (403, 404), (role, method, path, answer.status_code)
            assert answer.json()["code"] in ("blob_unknown", "blob_other_unit")

        # /binding/audit: 监管 accounts only (both posts); every other role is refused
        audit = client.get("/binding/audit")
        if role.startswith("监管"):
            assert audit.status_code == 200, (role, audit.text)
            assert set(audit.json()) == {"entries", "next_cursor", "has_more"}
        else:
            assert audit.status_code == 403 and audit.json()["code"] == "audit_regulator_only", role

        # /binding/personal: the caller's own unit's personal keys; changes by its 经办岗 only, own unit only
        listed = client.get("/binding/personal")
        assert listed.status_code == 200, (role, listed.text)
        assert all(k["operator_id"] in own_operators(world, unit_id) for k in listed.json()["keys"]), role
        nonce = client.post("/auth/challenge").json()["nonce"]
        foreign = client.post("/binding/personal", json={"operator_id": OTHER_OPERATOR, "nonce": nonce,
                                                         "certificate": "AA==", "signature": "AA=="})
        assert foreign.status_code == 403, (role, foreign.text)
        assert foreign.json()["code"] in ({"other_unit"} if handler else {"post_not_handler", "other_unit"})
        for verb in ("renew", "unbind"):
            nonce = client.post("/auth/challenge").json()["nonce"]
            gone = client.post(f"/binding/personal/999999/{verb}", json={
                "operator_id": f"t-upd-{i}", "nonce": nonce, "certificate": "AA==", "signature": "AA=="})
            assert gone.status_code == 404 and gone.json()["code"] == "personal_key_unknown", (role, verb)

        # /trading: the trading centre's desk; no role here belongs to a 公共资源交易中心
        for method, path in (("GET", "/trading/projects"), ("POST", "/trading/projects/KJXY-410000-2026-00001/accept")):
            desk = client.request(method, path, json={"lots": [{"number": "1", "name": "甲"}]})
            assert desk.status_code == 403 and desk.json()["code"] == "not_trading_centre", (role, path)


def test_logout_ends_only_that_session(world: World) -> None:
    """/auth/logout revokes the caller's own session; another role's session keeps working."""
    token = _login(world.url, ROLES["采购人·审核岗"][0])  # a second session of that account
    with httpx.Client(base_url=world.url, headers={"Authorization": f"Bearer {token}"}) as client:
        assert client.post("/auth/logout").status_code == 204
        assert client.get("/auth/me").status_code == 401
    for role in ("采购人·审核岗", "监管·经办岗"):  # the fixture's sessions, same account included
        with world.client(role) as still:
            assert still.get("/auth/me").status_code == 200
