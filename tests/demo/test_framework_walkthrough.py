"""The 框架协议采购 demo as a new user runs it (issue 7 "Done when"), against the server the app itself
starts (`EmbeddedServer`: `yucai-server --demo` as a child process, with its real bridge and deadline
workers): a closed agreement run by a 主管预算单位 and an open one by a 集采机构, from plan filing to a
second-stage contract with its 合同公告 — the README's walkthrough, through client stores logged in
with the demo accounts' password. The steps are those of tests/e2e/test_framework_agreements.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import EmbeddedServer
from tests.e2e import test_framework_agreements as flows
from tests.e2e.framework_flow import Demo


@pytest.fixture
def embedded_demo(tmp_path: Path) -> Iterator[Demo]:
    server = EmbeddedServer.start(tmp_path / "data", tmp_path / "no-demo-keys", preferred_port=0)
    demo = Demo(None, tmp_path / "clients", base_url=server.url)
    try:
        assert server.wait_ready(60), "the embedded demo server did not start"
        yield demo
    finally:
        demo.close()
        server.stop()


def test_the_readme_walkthrough_on_the_embedded_demo_server(embedded_demo: Demo) -> None:
    flows.test_supervising_unit_closed_direct_selection(embedded_demo)  # 郑州市教育局, 封闭式, 直接选定
    flows.test_central_agency_open_agreement_a_supplier_joins(embedded_demo)  # 河南省政府采购中心, 开放式
