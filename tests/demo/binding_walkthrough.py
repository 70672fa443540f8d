"""The CA 自助绑定 demo as a new user runs it (issue 5 "Done when"), through the same services the
wizard uses: the embedded demo server the app starts, the demo SoftHSM keys, PIN 123456.

Run in its own process (SoftHSM reads SOFTHSM2_CONF once per process):
``python -m tests.demo.binding_walkthrough DATA_DIR`` prints one JSON document of what happened.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import httpx

from desktop.app import EmbeddedServer
from desktop.config import TokenSettings
from desktop.demo.softhsm import USER_PIN, find_module
from desktop.demo.token import demo_dir
from desktop.sync.binding import BindingService
from desktop.sync.client import ApiClient
from desktop.sync.errors import SyncError
from desktop.sync.login import LoginService
from desktop.token.pin import FixedPin
from desktop.token.service import TokenService

T = TypeVar("T")
LISI = "op-ycsf-lisi"


def main(data_dir: Path) -> dict[str, Any]:
    server = EmbeddedServer.start(data_dir / "data", demo_dir(data_dir), preferred_port=0)
    tokens = TokenService(TokenSettings(module_paths=(find_module(),), search_known_locations=False))
    out: dict[str, Any] = {}
    try:
        assert server.wait_ready(60), "the embedded demo server did not start"
        inventory = tokens.scan().result(60)
        serial = {token.label: token.serial for _module, token in inventory.tokens()}

        def with_key(label: str, key_id: str, work: Callable[[Any], T]) -> T:
            key = tokens.open_signing_key(find_module(), serial[label], key_id, FixedPin(USER_PIN)).result(60)
            with key:
                return work(key)

        with httpx.Client(base_url=server.url, timeout=30) as http:
            api = ApiClient(http)
            binding = BindingService(api)
            # CA 自助绑定 of the supplier's unit key, before any login
            answer = with_key("供应商演示key", "0201", lambda k: binding.status(k.certificate, k.chain, "供应商"))
            out["status_before"] = answer.status
            result = with_key("供应商演示key", "0201", lambda k: binding.bind(k, "供应商", "李四", "13800000002"))
            out["bound_username"] = result.username
            out["status_after"] = with_key("供应商演示key", "0201",
                                           lambda k: binding.status(k.certificate, k.chain, "供应商")).status
            try:
                with_key("供应商演示key", "0201", lambda k: binding.bind(k, "供应商", "李四", "13800000002"))
            except SyncError as exc:
                out["bind_again"] = exc.message
            # log in with it, then 操作人员管理 → 管理 key for 李四
            grant = with_key("供应商演示key", "0201", lambda k: LoginService(api, None).login_with_key(k))
            out["login"] = [grant.account.username, grant.account.unit_name]
            try:
                with_key("个人演示key", "0301", lambda k: binding.add_personal_key(k, LISI))
            except SyncError as exc:
                out["wrong_person"] = exc.message
            added = with_key("供应商个人演示key", "0401", lambda k: binding.add_personal_key(k, LISI))
            out["added"] = [added.operator_name, added.username, added.expiry_warning]
            renewed = with_key("供应商个人演示key", "0402",
                               lambda k: binding.renew_personal_key(k, added.binding_id, LISI))
            out["renewed_warning"] = renewed.expiry_warning
            person = with_key("供应商个人演示key", "0402", lambda k: LoginService(api, None).login_with_key(k))
            out["personal_login"] = person.account.username
            api.token = grant.token
            out["unbound"] = binding.unbind_personal_key(renewed.binding_id).ended_reason
            out["history"] = [(k.active, k.ended_reason) for k in binding.personal_keys(LISI)]
    finally:
        tokens.close()
        server.stop()
    return out


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1])), ensure_ascii=False))
