"""The binding client (desktop/sync/binding.py) against a real uvicorn server, with SoftHSM keys
signing the server's nonces: unit-key status and binding (CA 自助绑定), refusals carrying the server's
Chinese message, intermediates shipped with the app, offline, and personal keys (添加 / 续期 / 解绑)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cryptography import x509

from desktop.demo import pki
from desktop.demo.softhsm import Lab
from desktop.domain.workflow.binding import STATUS_EXPLANATIONS, BindingStatus
from desktop.sync.binding import OFFLINE_ZH, BindingService
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from server_stub.demo import DEMO_PASSWORD
from tests.server.fixtures import ApiFor, MakeServer, OpenKey, ServerUnderTest

pytestmark = pytest.mark.softhsm
PURCHASER, AGENCY, SUPPLIER = "采购人", "代理机构", "供应商"


@pytest.fixture
def server(make_server: MakeServer, tmp_path: Path) -> ServerUnderTest:
    """The demo dataset with no key bound yet."""
    return make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}", demo_certificates=())


def intermediate(lab: Lab) -> bytes:
    return pki.der(x509.load_pem_x509_certificate(lab.intermediate_pem.read_bytes()))


def refused(call: Any) -> SyncError:
    with pytest.raises(SyncError) as info:
        call()
    return info.value


def test_status_bind_then_login(server: ServerUnderTest, api_for: ApiFor, open_key: OpenKey) -> None:
    service = BindingService(api_for(server.url))
    key = open_key("unit_rsa", "a001")

    answer = service.status(key.certificate, key.chain, PURCHASER)
    assert (answer.status, answer.can_bind) == (BindingStatus.UNBOUND.value, True)
    assert answer.explanation == STATUS_EXPLANATIONS[BindingStatus.UNBOUND]
    assert answer.unit is not None and answer.unit.name == "河南省郑州市某某局"
    assert answer.credit_code == pki.PURCHASER_CREDIT_CODE and answer.account_status == "正常"
    other = service.status(key.certificate, key.chain, AGENCY)
    assert other.status == BindingStatus.NOT_REGISTERED.value and not other.can_bind

    result = service.bind(key, PURCHASER, " 李娜 ", "13800000001")
    assert (result.status, result.username, result.account_status) == ("未绑定", "zzmmj_jb", "正常")
    assert result.unit.credit_code == pki.PURCHASER_CREDIT_CODE and result.replaced_serial is None

    after = service.status(key.certificate, key.chain, PURCHASER)
    assert after.status == BindingStatus.BOUND.value and not after.can_bind
    assert service.status(key.certificate, key.chain, SUPPLIER).status == BindingStatus.BOUND_TO_OTHER_ROLE.value
    again = refused(lambda: service.bind(key, PURCHASER, "李娜", "13800000001"))
    assert (again.kind, again.code, again.status) == (SyncErrorKind.REJECTED, "binding_bound", 409)
    assert again.message == STATUS_EXPLANATIONS[BindingStatus.BOUND]

    grant = LoginService(api_for(server.url), None).login_with_key(key)
    assert grant.account.username == "zzmmj_jb"


def test_refusals_carry_the_servers_message(server: ServerUnderTest, api_for: ApiFor, open_key: OpenKey,
                                            softhsm_lab: Lab) -> None:
    service = BindingService(api_for(server.url))
    chain = list(open_key("unit_rsa", "a001").chain)
    problems = softhsm_lab.token("problems")

    expired = refused(lambda: service.status(problems.certificate("c001").der, chain, SUPPLIER))
    assert expired.code == "certificate_expired" and "需要续期或新办 key" in expired.message
    personal = refused(lambda: service.status(softhsm_lab.token("unit_rsa").certificate("a002").der, chain,
                                              PURCHASER))
    assert personal.code == "personal_key_as_unit" and "操作人员管理" in personal.message
    assert refused(lambda: service.status(b"junk", (), SUPPLIER)).code == "certificate_unreadable"

    supplier_key = open_key("unit_ec", "b001")
    wrong_type = refused(lambda: service.bind(supplier_key, PURCHASER, "李四", "13800000002"))
    assert wrong_type.code == "binding_not_registered" and "已注册入库" in wrong_type.message
    bad_phone = refused(lambda: service.bind(supplier_key, SUPPLIER, "李四", "电话"))
    assert bad_phone.code == "phone_invalid" and "格式不正确" in bad_phone.message


def test_intermediates_shipped_with_the_app(server: ServerUnderTest, api_for: ApiFor, open_key: OpenKey,
                                            softhsm_lab: Lab) -> None:
    """The 'crowded' token carries no CA certificate: the chain comes from the app's intermediates."""
    key = open_key("crowded", "d001")  # 同步供应商 from the trading centre
    bare = refused(lambda: BindingService(api_for(server.url)).status(key.certificate, key.chain, SUPPLIER))
    assert bare.code == "certificate_untrusted"

    service = BindingService(api_for(server.url), intermediates=[intermediate(softhsm_lab)])
    answer = service.status(key.certificate, key.chain, SUPPLIER)
    assert answer.status == "未绑定" and answer.account_status == "绑定key未启用"
    assert answer.unit is not None and answer.unit.origin == "公共资源交易中心同步"
    result = service.bind(key, SUPPLIER, "王五", "0371-60000008")
    assert (result.username, result.account_status) == ("zytb_jb", "绑定key未启用")


def test_offline_says_binding_needs_the_server(server: ServerUnderTest, api_for: ApiFor,
                                               open_key: OpenKey) -> None:
    service = BindingService(api_for(server.url))
    key = open_key("unit_rsa", "a001")
    server.live.stop()
    error = refused(lambda: service.status(key.certificate, key.chain, PURCHASER))
    assert error.kind is SyncErrorKind.OFFLINE and error.message == OFFLINE_ZH and error.retryable
    assert refused(lambda: service.bind(key, PURCHASER, "李娜", "13800000001")).message == OFFLINE_ZH


def test_personal_keys_add_renew_unbind(server: ServerUnderTest, api_for: ApiFor, open_key: OpenKey,
                                        softhsm_lab: Lab) -> None:
    api = api_for(server.url)
    service = BindingService(api, intermediates=[intermediate(softhsm_lab)])
    assert refused(service.personal_keys).code == "session_missing"
    LoginService(api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    assert service.personal_keys() == []

    zhangsan, lisi = open_key("unit_rsa", "a002"), open_key("unit_ec", "b002")
    mismatch = refused(lambda: service.add_personal_key(lisi, "op-mmj-zhangsan"))
    assert mismatch.code == "id_number_mismatch" and "联系 CA 厂商更新 key 信息" in mismatch.message
    lisi.close()  # one logged-in session per token
    unit_key = refused(lambda: service.add_personal_key(open_key("unit_ec", "b001"), "op-mmj-zhangsan"))
    assert unit_key.code == "unit_key_as_personal"

    added = service.add_personal_key(zhangsan, "op-mmj-zhangsan")
    assert (added.operator_name, added.username, added.active) == ("张三", "zzmmj_sh", True)
    assert added.not_after is not None and added.expiry_warning is None
    assert refused(lambda: service.add_personal_key(zhangsan, "op-mmj-zhangsan")).code == "key_already_bound"

    # 续期 with another certificate carrying 张三's ID number (on a token without CA certificates)
    renewed = service.renew_personal_key(open_key("crowded", "d002"), added.binding_id, "op-mmj-zhangsan")
    assert renewed.active and renewed.binding_id != added.binding_id
    keys = service.personal_keys("op-mmj-zhangsan")
    assert [(k.binding_id, k.active, k.ended_reason) for k in keys] == [
        (added.binding_id, False, "续期"), (renewed.binding_id, True, "")]
    assert service.personal_keys("op-mmj-lina") == []

    unbound = service.unbind_personal_key(renewed.binding_id)
    assert not unbound.active and unbound.ended_reason == "解绑"
    again = refused(lambda: service.unbind_personal_key(renewed.binding_id))
    assert again.code == "binding_not_active" and again.message == "该 key 已解绑"


def test_audit_for_the_regulator_only(server: ServerUnderTest, api_for: ApiFor, open_key: OpenKey) -> None:
    """绑定记录: a bind and a refusal, read page by page and by credit code by a 监管 account; refused to others."""
    service = BindingService(api_for(server.url))
    assert refused(service.audit).code == "session_missing"
    key = open_key("unit_rsa", "a001")
    bound = service.bind(key, PURCHASER, "李娜", "13800000001")
    assert refused(lambda: service.bind(open_key("unit_ec", "b001"), PURCHASER, "李四", "13800000002")).code == \
        "binding_not_registered"

    regulator = BindingService(api_for(server.url))
    LoginService(regulator.api, None).login_with_password("zzczj_jg", DEMO_PASSWORD)
    page = regulator.audit()
    assert not page.has_more and page.next_cursor == page.entries[-1].id
    first, refusal = page.entries
    assert (first.action, first.outcome, first.user_type, first.credit_code) == (
        "绑定", "ok", PURCHASER, pki.PURCHASER_CREDIT_CODE)
    assert (first.certificate_serial, first.fingerprint_sha256) == (bound.certificate_serial,
                                                                   bound.fingerprint_sha256)
    assert (first.operator_name, first.operator_phone, first.account_username, first.unit_name) == (
        "李娜", "13800000001", "zzmmj_jb", "河南省郑州市某某局")
    assert first.actor_username is None  # the self-service binding is anonymous
    assert (refusal.action, refusal.outcome, refusal.operator_name) == ("绑定", "binding_not_registered", "李四")
    assert refusal.account_username is None and "已注册入库" in refusal.message

    one = regulator.audit(limit=1)
    assert one.has_more and [e.id for e in one.entries] == [first.id]
    rest = regulator.audit(one.next_cursor, 1)
    assert not rest.has_more and [e.id for e in rest.entries] == [refusal.id]
    assert [e.id for e in regulator.audit(credit_code=pki.PURCHASER_CREDIT_CODE).entries] == [first.id]

    purchaser = BindingService(api_for(server.url))
    LoginService(purchaser.api, None).login_with_password("zzmmj_jb", DEMO_PASSWORD)
    denied = refused(purchaser.audit)
    assert (denied.kind, denied.code, denied.status) == (SyncErrorKind.AUTH, "audit_regulator_only", 403)
    assert denied.message == "仅监管账号可以查看 CA 绑定记录"

    server.live.stop()
    offline = refused(regulator.audit)
    assert offline.kind is SyncErrorKind.OFFLINE and offline.retryable
