"""CA login and password login against the real server (SQLite and PostgreSQL), keys on SoftHSM."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from desktop.demo.softhsm import Lab
from desktop.domain.protocol import CaLoginRequest, b64, login_message
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.sync.login import LoginService
from server_stub.certificates import fingerprint
from server_stub.demo import DEMO_PASSWORD
from server_stub.models import CertificateBinding
from tests.server.fixtures import ApiFor, MakeServer, OpenKey

pytestmark = pytest.mark.softhsm


def refused(call: object) -> SyncError:
    with pytest.raises(SyncError) as info:
        call()  # type: ignore[operator]
    return info.value


@pytest.mark.parametrize(("token", "key_id", "username", "post"), [
    ("unit_rsa", "a001", "zzmmj_jb", "经办岗"),   # purchaser unit key, RSA
    ("unit_rsa", "a002", "zzmmj_sh", "审核岗"),   # personal key of 张三
    ("unit_ec", "b001", "hnycsf_jb", "经办岗"),   # supplier unit key, EC
])
def test_ca_login_with_each_demo_key(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey,
                                     token: str, key_id: str, username: str, post: str) -> None:
    server = make_server(db_url)
    api = api_for(server.url)
    grant = LoginService(api, None).login_with_key(open_key(token, key_id))
    assert grant.account.username == username and grant.account.post == post
    assert api.me().username == username
    assert grant.expires_at - server.clock() <= server.settings.session_ttl


def test_ca_login_refusals(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey,
                           softhsm_lab: Lab) -> None:
    server = make_server(db_url)
    api = api_for(server.url)
    rsa_key, ec_key = open_key("unit_rsa", "a001"), open_key("unit_ec", "b001")

    def request(certificate: bytes, signer: object, nonce: str | None = None) -> CaLoginRequest:
        nonce = nonce or api.challenge().nonce
        return CaLoginRequest(nonce=nonce, certificate=b64(certificate), chain=[b64(c) for c in rsa_key.chain],
                              signature=b64(signer.sign(login_message(nonce), "sha256")))  # type: ignore[attr-defined]

    # wrong key: the purchaser's certificate with the supplier's signature
    assert refused(lambda: api.login_ca(request(rsa_key.certificate, ec_key))).code == "signature_invalid"

    # unbound certificate: valid, trusted, but no account has it
    crowded = open_key("crowded", "d001")
    assert refused(lambda: api.login_ca(request(crowded.certificate, crowded))).code == "certificate_not_bound"

    # expired certificate, even when bound
    expired_cert = softhsm_lab.token("problems").certificate("c001")
    with server.db_session() as session:
        session.add(CertificateBinding(account_id="acc-bgsb-jb", fingerprint_sha256=fingerprint(expired_cert.der),
                                       serial_hex=expired_cert.serial, issuer="", subject="", bound_at=server.clock()))
        session.commit()
    expired = open_key("problems", "c001")
    error = refused(lambda: api.login_ca(request(expired.certificate, expired)))
    assert error.code == "certificate_expired" and error.kind is SyncErrorKind.AUTH
    assert "过期" in error.message

    # replayed nonce: a good login, then the same request again
    good = request(rsa_key.certificate, rsa_key)
    assert api.login_ca(good).account.username == "zzmmj_jb"
    assert refused(lambda: api.login_ca(good)).code == "nonce_used"

    # a nonce the server never issued, and one that timed out
    assert refused(lambda: api.login_ca(request(rsa_key.certificate, rsa_key, nonce="made-up"))).code \
        == "nonce_unknown"
    late = request(rsa_key.certificate, rsa_key)
    server.clock.offset = server.settings.nonce_ttl + dt.timedelta(seconds=1)
    assert refused(lambda: api.login_ca(late)).code == "nonce_expired"


def test_untrusted_root_refused(api_for: ApiFor, db_url: str, make_server: MakeServer, open_key: OpenKey,
                                tmp_path: Path) -> None:
    from desktop.demo import pki

    other_root = tmp_path / "other"
    pki.write_ca_pem(pki.make_ca(), other_root)
    server = make_server(db_url, trust_roots=(other_root / "root-ca.pem",))
    error = refused(lambda: LoginService(api_for(server.url), None).login_with_key(open_key("unit_rsa", "a001")))
    assert error.code == "certificate_untrusted"


def test_password_login_logout_and_expiry(api_for: ApiFor, db_url: str, make_server: MakeServer,
                                          caplog: pytest.LogCaptureFixture) -> None:
    server = make_server(db_url)
    api = api_for(server.url)
    login = LoginService(api, None)
    with caplog.at_level(logging.INFO):
        grant = login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
        token = grant.token
        assert api.me().unit_name == "河南省郑州市某某局"
        # the token and the password never reach a log line
        assert token not in caplog.text and DEMO_PASSWORD not in caplog.text

    assert refused(lambda: login.login_with_password("zzmmj_jb", "wrong")).code == "password_incorrect"
    assert refused(lambda: login.login_with_password("nobody", "wrong")).code == "password_incorrect"
    # the supplier unit requires CA login (its accounts have no password at all)
    assert refused(lambda: login.login_with_password("hnycsf_jb", DEMO_PASSWORD)).code == "password_incorrect"

    login.logout()
    stale = ApiClient(api.http, token=token)
    assert refused(stale.me).code == "session_invalid"

    login.login_with_password("zzmmj_jb", DEMO_PASSWORD)
    server.clock.offset = server.settings.session_ttl + dt.timedelta(seconds=1)
    assert refused(api.me).code == "session_expired"


def test_unit_forbidding_password_login(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    server = make_server(db_url)
    from server_stub.auth import hash_password
    from server_stub.models import Account

    with server.db_session() as session:
        session.get(Account, "acc-ycsf-jb").password_hash = hash_password("x")
        session.commit()
    error = refused(lambda: LoginService(api_for(server.url), None).login_with_password("hnycsf_jb", "x"))
    assert error.code == "password_login_not_allowed" and "CA" in error.message
