"""CA 自助绑定 of unit keys (seed manual §三; issue 5) against the real server on SQLite and PostgreSQL,
with SoftHSM keys signing the server's nonce: each binding status, each refusal, renewal with
history, the synced supplier (绑定key未启用), two concurrent binds of one key, the regulator's
audit, and CA login with the freshly bound key."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cryptography import x509
from sqlalchemy import select

from desktop.demo import pki
from desktop.demo.softhsm import Lab
from desktop.domain.commands import AddOperator, UpdateOperatorIdNumber, UpdateUnitContact
from desktop.domain.identity import id_number_check_char
from desktop.domain.protocol import CommandStatus, b64, binding_message, login_message, personal_binding_message
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.binding import STATUS_EXPLANATIONS, BindingStatus
from desktop.sync.errors import SyncError
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD
from server_stub.models import BindingAudit, CertificateBinding, Unit
from server_stub.services import registry
from tests.conftest import LabCA
from tests.server.fixtures import ApiFor, MakeServer, OpenKey, ServerUnderTest
from tests.server.test_sync_api import envelope

pytestmark = pytest.mark.softhsm

_IDN = "41010519920101001" + id_number_check_char("41010519920101001")
PURCHASER, AGENCY, SUPPLIER = UserType.PURCHASER.value, UserType.AGENCY.value, UserType.SUPPLIER.value


@dataclass
class Signer:
    """A token key presented with another certificate (a renewal: new serial, same key pair) or with the
    lab's intermediate CA as its chain (tokens that carry no CA certificate)."""

    key: Any
    certificate: bytes
    chain: Sequence[bytes]

    def sign(self, data: bytes, digest: str) -> bytes:
        return bytes(self.key.sign(data, digest))


def with_chain(key: Any, lab: Lab) -> Signer:
    intermediate = x509.load_pem_x509_certificate(lab.intermediate_pem.read_bytes())
    return Signer(key, key.certificate, [pki.der(intermediate)])


def fresh(make_server: MakeServer, db_url: str) -> ServerUnderTest:
    """The demo dataset with no key bound yet."""
    return make_server(db_url, demo_certificates=())


def status(url: str, certificate: bytes, user_type: str, chain: Sequence[bytes] = ()) -> httpx.Response:
    return httpx.post(f"{url}/binding/status", json={"certificate": b64(certificate), "user_type": user_type,
                                                     "chain": [b64(c) for c in chain]}, timeout=30)


def bind(url: str, key: Any, user_type: str, *, name: str = "李娜", phone: str = "13800000001",
         signer: Any = None, nonce: str | None = None, message: Any = binding_message) -> httpx.Response:
    nonce = nonce or httpx.post(f"{url}/auth/challenge").json()["nonce"]
    data = message(nonce, user_type) if message is binding_message else message(nonce)
    signature = (signer or key).sign(data, "sha256")
    return httpx.post(f"{url}/binding/bind", timeout=30, json={
        "nonce": nonce, "certificate": b64(key.certificate), "chain": [b64(c) for c in key.chain],
        "signature": b64(signature), "user_type": user_type, "operator_name": name, "operator_phone": phone})


def code_of(answer: httpx.Response) -> str:
    return str(answer.json()["code"])


def renewed_certificate(lab_ca: LabCA, key: Any, credit_code: str = pki.PURCHASER_CREDIT_CODE) -> Signer:
    public_key = x509.load_der_x509_certificate(key.certificate).public_key()
    profile = pki.CertProfile("郑州市某某局单位证书（续期）", bytes.fromhex("a001"), "rsa2048", "郑州市某某局",
                              "郑州市某某局", credit_code=credit_code)
    certificate = pki.issue_certificate(lab_ca.ca, profile, public_key)  # type: ignore[arg-type]
    return Signer(key, pki.der(certificate), list(key.chain))


def active_bindings(server: ServerUnderTest, account_id: str) -> list[CertificateBinding]:
    with server.db_session() as session:
        return list(session.execute(select(CertificateBinding).where(
            CertificateBinding.account_id == account_id, CertificateBinding.active.is_(True))).scalars())


def test_statuses_bind_and_login(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey) -> None:
    server = fresh(make_server, db_url)
    key = open_key("unit_rsa", "a001")

    # 读取证书信息 → 加载单位信息 → 未绑定
    answer = status(server.url, key.certificate, PURCHASER, key.chain)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["status"] == BindingStatus.UNBOUND.value and body["can_bind"] is True
    assert body["explanation"] == STATUS_EXPLANATIONS[BindingStatus.UNBOUND]
    assert body["unit"]["name"] == "河南省郑州市某某局" and body["unit"]["credit_code"] == pki.PURCHASER_CREDIT_CODE
    assert body["account_status"] == "正常" and len(body["fingerprint_sha256"]) == 64

    # the unit holds no 代理机构 account: 未注册 for that user type, the unit still loaded
    other = status(server.url, key.certificate, AGENCY, key.chain).json()
    assert other["status"] == BindingStatus.NOT_REGISTERED.value and other["can_bind"] is False
    assert other["unit"]["name"] == "河南省郑州市某某局"

    # CA login before binding: refused
    assert LoginService(api_for(server.url), None) is not None
    before = httpx.post(f"{server.url}/auth/challenge").json()["nonce"]
    refused = httpx.post(f"{server.url}/auth/login/ca", json={
        "nonce": before, "certificate": b64(key.certificate), "chain": [b64(c) for c in key.chain],
        "signature": b64(key.sign(login_message(before), "sha256"))})
    assert code_of(refused) == "certificate_not_bound"

    # 提交绑定
    bound = bind(server.url, key, PURCHASER)
    assert bound.status_code == 200, bound.text
    result = bound.json()
    assert (result["status"], result["username"], result["account_status"]) == ("未绑定", "zzmmj_jb", "正常")
    assert result["replaced_serial"] is None

    # now 已绑定 for the same user type, 已绑定其他角色 for another; binding again is refused with the manual's text
    again = status(server.url, key.certificate, PURCHASER, key.chain).json()
    assert again["status"] == BindingStatus.BOUND.value and again["can_bind"] is False
    assert status(server.url, key.certificate, SUPPLIER, key.chain).json()["status"] == "已绑定其他角色"
    twice = bind(server.url, key, PURCHASER)
    assert twice.status_code == 409 and code_of(twice) == "binding_bound"
    assert twice.json()["message"] == STATUS_EXPLANATIONS[BindingStatus.BOUND]
    other_role = bind(server.url, key, AGENCY)
    assert other_role.status_code == 409 and code_of(other_role) == "binding_bound_to_other_role"
    assert "其他用户类型" in other_role.json()["message"]

    # the bound key logs in with the existing CA login
    grant = LoginService(api_for(server.url), None).login_with_key(key)
    assert grant.account.username == "zzmmj_jb" and grant.account.post == Post.HANDLER.value
    assert len(active_bindings(server, "acc-mmj-jb")) == 1


def test_preflight_refusals(db_url: str, make_server: MakeServer, softhsm_lab: Lab, open_key: OpenKey) -> None:
    server = fresh(make_server, db_url)
    problems = softhsm_lab.token("problems")
    chain = list(open_key("unit_rsa", "a001").chain)
    cases = {
        "c001": ("certificate_expired", "需要续期或新办 key"),
        "c002": ("certificate_not_yet_valid", "尚未生效"),
        "c003": ("unit_not_registered", "已注册入库"),  # a valid credit code no unit here is registered with
        "c004": ("not_unit_key", "可能不是单位 key"),  # no credit code at all
        "c005": ("key_information_problem", "老 key 未升级"),  # the credit code fails its check character
        "c007": ("key_usage", "不可用"),  # an encipherment certificate
    }
    for key_id, (code, words) in cases.items():
        answer = status(server.url, problems.certificate(key_id).der, SUPPLIER, chain)
        assert answer.status_code in (404, 422), (key_id, answer.text)
        assert code_of(answer) == code and words in answer.json()["message"], (key_id, answer.json())
    # a personal key offered as a unit key
    personal = status(server.url, softhsm_lab.token("unit_rsa").certificate("a002").der, PURCHASER, chain)
    assert code_of(personal) == "personal_key_as_unit" and "操作人员管理" in personal.json()["message"]
    # user types that cannot bind a unit key here, and junk
    assert code_of(status(server.url, problems.certificate("c003").der, "监管", chain)) == "user_type_invalid"
    assert code_of(status(server.url, b"not a certificate", SUPPLIER)) == "certificate_unreadable"


def test_bind_refusals_are_explained_and_audited(db_url: str, make_server: MakeServer, open_key: OpenKey,
                                                 softhsm_lab: Lab) -> None:
    server = fresh(make_server, db_url)
    key, other = open_key("unit_rsa", "a001"), open_key("unit_ec", "b001")
    expired = with_chain(open_key("problems", "c001"), softhsm_lab)
    personal = with_chain(open_key("crowded", "d002"), softhsm_lab)

    assert code_of(bind(server.url, expired, SUPPLIER)) == "certificate_expired"
    assert code_of(bind(server.url, personal, PURCHASER)) == "personal_key_as_unit"
    # proof of possession: another key's signature, a login signature, a replayed or unknown nonce
    assert code_of(bind(server.url, key, PURCHASER, signer=other)) == "signature_invalid"
    assert code_of(bind(server.url, key, PURCHASER, message=login_message)) == "signature_invalid"
    nonce = httpx.post(f"{server.url}/auth/challenge").json()["nonce"]
    assert code_of(bind(server.url, key, PURCHASER, name="", nonce=nonce)) == "operator_name_required"
    assert code_of(bind(server.url, key, PURCHASER, nonce=nonce)) == "nonce_used"
    assert code_of(bind(server.url, key, PURCHASER, nonce="made-up")) == "nonce_unknown"
    assert code_of(bind(server.url, key, PURCHASER, phone="电话")) == "phone_invalid"
    assert code_of(bind(server.url, key, PURCHASER, phone="")) == "operator_phone_required"
    # the supplier's key chosen as 采购人: the unit has no such account
    wrong_type = bind(server.url, other, PURCHASER)
    assert wrong_type.status_code == 409 and code_of(wrong_type) == "binding_not_registered"
    assert active_bindings(server, "acc-mmj-jb") == []

    with server.db_session() as session:
        rows = list(session.execute(select(BindingAudit).order_by(BindingAudit.id)).scalars())
    assert [r.outcome for r in rows] == [
        "certificate_expired", "personal_key_as_unit", "signature_invalid", "signature_invalid",
        "operator_name_required", "nonce_used", "nonce_unknown", "phone_invalid", "operator_phone_required",
        "binding_not_registered"]
    signed = rows[2]
    assert signed.fingerprint_sha256 is not None and signed.certificate_serial
    assert signed.credit_code == pki.PURCHASER_CREDIT_CODE and signed.user_type == PURCHASER
    assert signed.operator_name == "李娜" and signed.action == "绑定"


def test_duplicate_accounts(db_url: str, make_server: MakeServer, open_key: OpenKey) -> None:
    server = fresh(make_server, db_url)
    with server.db_session() as session:
        unit = session.get(Unit, "mmj-zz")
        registry.add_account(session, "acc-mmj-jb2", "zzmmj_jb2", unit, UserType.PURCHASER, Post.HANDLER)
        session.commit()
    key = open_key("unit_rsa", "a001")
    answer = status(server.url, key.certificate, PURCHASER, key.chain).json()
    assert answer["status"] == BindingStatus.DUPLICATE.value and answer["can_bind"] is False
    refused = bind(server.url, key, PURCHASER)
    assert refused.status_code == 409 and code_of(refused) == "binding_duplicate"
    assert "联系监管单位将多余账号清除" in refused.json()["message"]


def test_renewal_keeps_history(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey,
                               lab_ca: LabCA) -> None:
    server = make_server(db_url)  # the demo seed bound the old certificate of the key to zzmmj_jb
    key = open_key("unit_rsa", "a001")
    renewed = renewed_certificate(lab_ca, key)
    assert status(server.url, renewed.certificate, PURCHASER, renewed.chain).json()["status"] == "续期"
    answer = bind(server.url, renewed, PURCHASER)
    assert answer.status_code == 200, answer.text
    result = answer.json()
    old_serial = format(x509.load_der_x509_certificate(key.certificate).serial_number, "X")
    assert result["status"] == "续期" and result["replaced_serial"] == old_serial
    with server.db_session() as session:
        rows = list(session.execute(select(CertificateBinding).where(
            CertificateBinding.account_id == "acc-mmj-jb", CertificateBinding.kind == "unit")
            .order_by(CertificateBinding.id)).scalars())
    assert [(r.serial_hex, r.active, r.ended_reason) for r in rows] == [
        (old_serial, False, "续期"), (result["certificate_serial"], True, "")]
    assert rows[0].ended_at is not None and rows[1].operator_phone == "13800000001"
    # the new certificate logs in; the replaced one no longer does
    assert LoginService(api_for(server.url), None).login_with_key(renewed).account.username == "zzmmj_jb"
    nonce = httpx.post(f"{server.url}/auth/challenge").json()["nonce"]
    old = httpx.post(f"{server.url}/auth/login/ca", json={
        "nonce": nonce, "certificate": b64(key.certificate), "chain": [b64(c) for c in key.chain],
        "signature": b64(key.sign(login_message(nonce), "sha256"))})
    assert code_of(old) == "certificate_not_bound"


def test_synced_supplier_gets_key_bound_not_enabled(api_for: ApiFor, db_url: str, make_server: MakeServer,
                                                    open_key: OpenKey, softhsm_lab: Lab) -> None:
    server = fresh(make_server, db_url)
    # 河南中原同步供应商有限公司: synced from the trading centre, never registered here
    key = with_chain(open_key("crowded", "d001"), softhsm_lab)
    answer = status(server.url, key.certificate, SUPPLIER, key.chain).json()
    assert answer["status"] == "未绑定" and answer["unit"]["origin"] == "公共资源交易中心同步"
    assert answer["account_status"] == "绑定key未启用"
    bound = bind(server.url, key, SUPPLIER, name="王五", phone="0371-60000008")
    assert bound.status_code == 200, bound.text
    assert bound.json()["account_status"] == "绑定key未启用" and bound.json()["username"] == "zytb_jb"
    api = api_for(server.url)
    grant = LoginService(api, None).login_with_key(key)
    assert grant.account.username == "zytb_jb" and grant.account.key_bound_not_enabled

    # temporary rights only: the unit information first, then everything else
    add = AddOperator(operator_id="op-tb-1", full_name="王五", id_number=_IDN)
    early = api.push([envelope(add)]).results[0]
    assert early.status is CommandStatus.REJECTED and early.reason is not None
    assert early.reason.code == "key_bound_not_enabled" and "维护单位信息" in early.reason.message
    info = UpdateUnitContact(contact_person="王五", contact_phone="0371-60000008")
    assert api.push([envelope(info)]).results[0].status is CommandStatus.APPLIED
    assert status(server.url, key.certificate, SUPPLIER, key.chain).json()["status"] == "已绑定"
    assert not api.me().key_bound_not_enabled
    assert api.push([envelope(add)]).results[0].status is CommandStatus.APPLIED


def _race(url: str, attempts: list[tuple[Any, str]]) -> list[httpx.Response]:
    """Send the binds at the same moment (each with its own fresh nonce, signed beforehand)."""
    prepared = []
    for key, user_type in attempts:
        nonce = httpx.post(f"{url}/auth/challenge").json()["nonce"]
        prepared.append({"nonce": nonce, "certificate": b64(key.certificate), "chain": [b64(c) for c in key.chain],
                         "signature": b64(key.sign(binding_message(nonce, user_type), "sha256")),
                         "user_type": user_type, "operator_name": "李娜", "operator_phone": "13800000001"})
    barrier = threading.Barrier(len(prepared))
    answers: list[httpx.Response | None] = [None] * len(prepared)

    def run(i: int) -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            barrier.wait()
            answers[i] = client.post("/binding/bind", json=prepared[i])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(prepared))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def test_concurrent_binds_exactly_one_wins(db_url: str, make_server: MakeServer, open_key: OpenKey,
                                           lab_ca: LabCA) -> None:
    server = fresh(make_server, db_url)
    key = open_key("unit_rsa", "a001")
    # the same key twice at once
    answers = _race(server.url, [(key, PURCHASER), (key, PURCHASER)])
    assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
    loser = next(a for a in answers if a.status_code == 409)
    assert code_of(loser) in ("binding_bound", "binding_conflict")
    assert len(active_bindings(server, "acc-mmj-jb")) == 1

    # two different certificates of the unit, both renewing the same account at once
    first, second = renewed_certificate(lab_ca, key), renewed_certificate(lab_ca, key)
    assert first.certificate != second.certificate
    answers = _race(server.url, [(first, PURCHASER), (second, PURCHASER)])
    codes = sorted(a.status_code for a in answers)
    winners = [a.json() for a in answers if a.status_code == 200]
    rows = active_bindings(server, "acc-mmj-jb")
    assert len(rows) == 1  # one role, one key: whatever the interleaving
    if codes == [200, 409]:  # overlapping: the second to write loses
        assert code_of(next(a for a in answers if a.status_code == 409)) == "binding_conflict"
        assert rows[0].serial_hex == winners[0]["certificate_serial"]
    else:  # the server happened to run them one after the other: two renewals in a row, a chain of history
        assert codes == [200, 200], [a.text for a in answers]
        old_serial = format(x509.load_der_x509_certificate(key.certificate).serial_number, "X")
        replaced = {w["replaced_serial"] for w in winners}
        serials = {w["certificate_serial"] for w in winners}
        assert old_serial in replaced and len(replaced & serials) == 1 and rows[0].serial_hex in serials - replaced


def test_regulator_reads_the_audit(db_url: str, make_server: MakeServer, open_key: OpenKey,
                                   lab_ca: LabCA) -> None:
    server = fresh(make_server, db_url)
    key = open_key("unit_rsa", "a001")
    assert bind(server.url, key, PURCHASER).status_code == 200
    assert bind(server.url, key, PURCHASER).status_code == 409
    assert bind(server.url, renewed_certificate(lab_ca, key), PURCHASER).status_code == 200

    def login(username: str) -> httpx.Client:
        token = httpx.post(f"{server.url}/auth/login/password",
                           json={"username": username, "password": DEMO_PASSWORD}).json()["token"]
        return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    with login("zzmmj_jb") as purchaser:
        assert code_of(purchaser.get("/binding/audit")) == "audit_regulator_only"
    with login("zzczj_jg") as regulator:
        page = regulator.get("/binding/audit", params={"limit": 2}).json()
        assert page["has_more"] is True and len(page["entries"]) == 2
        rest = regulator.get("/binding/audit", params={"cursor": page["next_cursor"]}).json()
        entries = page["entries"] + rest["entries"]
        assert not rest["has_more"]
        assert [(e["action"], e["outcome"]) for e in entries] == [
            ("绑定", "ok"), ("绑定", "binding_bound"), ("续期", "ok")]
        first = entries[0]
        assert first["account_username"] == "zzmmj_jb" and first["unit_name"] == "河南省郑州市某某局"
        assert first["user_type"] == PURCHASER and first["operator_name"] == "李娜"
        assert first["certificate_serial"] == format(
            x509.load_der_x509_certificate(key.certificate).serial_number, "X")
        assert len(first["fingerprint_sha256"]) == 64
        assert entries[1]["message"] == STATUS_EXPLANATIONS[BindingStatus.BOUND]
        other = regulator.get("/binding/audit", params={"credit_code": pki.SUPPLIER_CREDIT_CODE}).json()
        assert other["entries"] == []
        newest = regulator.get("/binding/audit", params={"limit": 2, "newest_first": True}).json()
        older = regulator.get("/binding/audit", params={"cursor": newest["next_cursor"], "newest_first": True}).json()
        assert newest["has_more"] and not older["has_more"]
        assert [e["id"] for e in newest["entries"] + older["entries"]] == [e["id"] for e in reversed(entries)]


# --- personal keys (操作人员管理 → 管理 key, §3.3) -----------------------------------------------------

def personal(client: httpx.Client, key: Any, operator_id: str, binding_id: int | None = None) -> httpx.Response:
    nonce = client.post("/auth/challenge").json()["nonce"]
    body = {"operator_id": operator_id, "nonce": nonce, "certificate": b64(key.certificate),
            "chain": [b64(c) for c in key.chain],
            "signature": b64(key.sign(personal_binding_message(nonce, operator_id), "sha256"))}
    path = "/binding/personal" if binding_id is None else f"/binding/personal/{binding_id}/renew"
    return client.post(path, json=body)


def test_personal_keys_add_renew_unbind(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey,
                                        softhsm_lab: Lab, lab_ca: LabCA) -> None:
    server = fresh(make_server, db_url)
    zhangsan = open_key("unit_rsa", "a002")  # 张三's personal key
    lisi = open_key("unit_ec", "b002")  # 李四's personal key
    unit_key = with_chain(open_key("crowded", "d001"), softhsm_lab)
    token = httpx.post(f"{server.url}/auth/login/password",
                       json={"username": "zzmmj_jb", "password": DEMO_PASSWORD}).json()["token"]
    with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30) as client:
        assert client.get("/binding/personal").json() == {"keys": []}

        # refusals: a unit key offered as personal, another person's key, an unknown operator
        refused = personal(client, unit_key, "op-mmj-zhangsan")
        assert refused.status_code == 422 and code_of(refused) == "unit_key_as_personal"
        mismatch = personal(client, lisi, "op-mmj-zhangsan")
        assert code_of(mismatch) == "id_number_mismatch" and "联系 CA 厂商更新 key 信息" in mismatch.json()["message"]
        assert code_of(personal(client, zhangsan, "op-nobody")) == "operator_unknown"
        assert code_of(personal(client, lisi, "op-ycsf-lisi")) == "other_unit"

        # 添加 → the operator's account logs in with it
        added = personal(client, zhangsan, "op-mmj-zhangsan")
        assert added.status_code == 200, added.text
        info = added.json()
        assert (info["username"], info["operator_name"], info["active"]) == ("zzmmj_sh", "张三", True)
        assert info["not_after"] is not None and info["expiry_warning"] is None
        assert LoginService(api_for(server.url), None).login_with_key(zhangsan).account.username == "zzmmj_sh"
        assert code_of(personal(client, zhangsan, "op-mmj-zhangsan")) == "key_already_bound"

        # 续期 with a certificate expiring soon: the old binding stays as history, a warning shows
        profile = pki.CertProfile("张三个人证书（续期）", bytes.fromhex("a002"), "rsa2048", "张三", "郑州市某某局",
                                  id_number=pki.PERSON_ID_NUMBER, not_after=dt.timedelta(days=10))
        public_key = x509.load_der_x509_certificate(zhangsan.certificate).public_key()
        renewed = Signer(zhangsan, pki.der(pki.issue_certificate(lab_ca.ca, profile, public_key)),  # type: ignore[arg-type]
                         list(zhangsan.chain))
        renewal = personal(client, renewed, "op-mmj-zhangsan", info["binding_id"])
        assert renewal.status_code == 200, renewal.text
        assert renewal.json()["expiry_warning"].startswith("将于 9 天后过期")
        keys = client.get("/binding/personal").json()["keys"]
        assert [(k["active"], k["ended_reason"]) for k in keys] == [(False, "续期"), (True, "")]
        assert LoginService(api_for(server.url), None).login_with_key(renewed).account.username == "zzmmj_sh"

        # 操作人员管理: an operator's ID number cannot change while a personal key is bound to it
        api = api_for(server.url)
        api.token = token
        change = UpdateOperatorIdNumber(operator_id="op-mmj-zhangsan", id_number=pki.PERSON2_ID_NUMBER)
        held = api.push([envelope(change)]).results[0]
        assert held.reason is not None and held.reason.code == "operator_has_personal_key"

        # 解绑: the key no longer logs in
        unbound = client.post(f"/binding/personal/{renewal.json()['binding_id']}/unbind")
        assert unbound.status_code == 200 and unbound.json()["ended_reason"] == "解绑"
        again = client.post(f"/binding/personal/{renewal.json()['binding_id']}/unbind")
        assert code_of(again) == "binding_not_active"
        with pytest.raises(SyncError) as info_error:
            LoginService(api_for(server.url), None).login_with_key(renewed)
        assert info_error.value.code == "certificate_not_bound"
        assert api.push([envelope(change)]).results[0].status is CommandStatus.APPLIED
        operator = next(c for c in api.changes(0, 500).changes if c.kind == "operator" and c.id == "op-mmj-zhangsan")
        assert operator.data is not None and operator.data["id_number"] == pki.PERSON2_ID_NUMBER

    with server.db_session() as session:
        rows = list(session.execute(select(BindingAudit).order_by(BindingAudit.id)).scalars())
    assert [(r.action, r.outcome) for r in rows] == [
        ("绑定", "unit_key_as_personal"), ("绑定", "id_number_mismatch"), ("绑定", "operator_unknown"),
        ("绑定", "other_unit"), ("绑定", "ok"), ("绑定", "key_already_bound"), ("续期", "ok"), ("解绑", "ok"),
        ("解绑", "binding_not_active")]
    assert {r.actor_account_id for r in rows} == {"acc-mmj-jb"}
    assert rows[4].account_id == "acc-mmj-sh" and rows[4].id_number == pki.PERSON_ID_NUMBER
