"""Two local stores on one machine (``yucai --client NAME``, the demo's supplier next to the
purchaser): separate databases, separate sessions in the keyring, one shared local server."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from keyrings.alt.file import PlaintextKeyring

from desktop.app import client_name, client_store_path, running_server
from desktop.domain.protocol import AccountInfo, SessionGrant
from desktop.sync.credentials import CredentialStore
from tests.server.fixtures import MakeServer


def grant(username: str) -> SessionGrant:
    account = AccountInfo(account_id=username, username=username, unit_id="u", unit_name="单位", credit_code="",
                          user_type="采购人", post="经办岗")
    return SessionGrant(token=f"token-{username}", expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
                        account=account)


def test_client_option_and_environment() -> None:
    assert client_name(["--client", "supplier", "--lang", "en"], {}) == ("supplier", ["--lang", "en"])
    assert client_name(["--client=gys_2"], {}) == ("gys_2", [])
    assert client_name([], {"YUCAI_CLIENT": "supplier"}) == ("supplier", [])
    assert client_name([], {}) == ("", [])
    with pytest.raises(ValueError, match="客户端名称"):
        client_name(["--client", "../x"], {})
    data = Path("/data")
    assert client_store_path(data, "") == data / "yucai.sqlite3"
    assert client_store_path(data, "supplier") == data / "clients" / "supplier.sqlite3"


def test_each_client_keeps_its_own_session(tmp_path: Path) -> None:
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    purchaser = CredentialStore("http://127.0.0.1:8765", backend=backend)
    supplier = CredentialStore("http://127.0.0.1:8765/", backend=backend, client="supplier")
    purchaser.save(grant("zzmmj_jb"))
    assert supplier.load() is None
    supplier.save(grant("hnycsf_jb"))
    stored = (purchaser.load(), supplier.load())
    assert [s.username for s in stored if s is not None] == ["zzmmj_jb", "hnycsf_jb"]
    supplier.clear()
    assert supplier.load() is None and purchaser.load() is not None


def test_a_second_window_finds_the_running_local_server(make_server: MakeServer, tmp_path: Path) -> None:
    server = make_server(f"sqlite:///{tmp_path / 'server.sqlite3'}")
    assert running_server(server.url)
    assert not running_server("http://127.0.0.1:9", timeout=0.5)
