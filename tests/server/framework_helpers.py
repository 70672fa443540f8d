"""Builders for the framework-agreement server tests after plan filing (issue 7): numbered plans of
the demo collectors, the bridge pass, records of a kind, and the trading centre's desk over HTTP.

Demo collectors: 郑州市教育局 jyj-zz (主管预算单位, 410100: zzjyj_jb / zzjyj_sh, never 互认互通) and
河南省政府采购中心 cgzx-hn (集采机构, 省本级 410000: hncgzx_cgjb / hncgzx_cgsh, reviewed by
hnczt_jg / hnczt_sh; 互认互通 when a trading platform is chosen). The trading centre's desk:
hnjyzx_jg (河南省公共资源交易中心).
"""

from __future__ import annotations

from typing import Any

import httpx

from desktop.domain.agreement_commands import (
    ApproveAnnouncement,
    SaveCollectionNotice,
    SupplierForm,
)
from desktop.domain.identity import credit_code_check_char
from desktop.domain.protocol import RecordKind, from_json
from desktop.domain.workflow.order110 import AgreementForm, OpenFormGround
from server_stub.services import bridge
from server_stub.services.bridge import BridgePass
from tests.server.test_plans import World, central_form, service_form
from tests.server.test_sync_api import pull_all

TRADING_PLATFORM = "河南省公共资源交易系统"


def credit(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


LAW_FIRM_A = SupplierForm("河南甲律师事务所", credit("31410000MD0000011"), "郑州市金水区花园路1号", "张律师",
                          "0371-60000011")
LAW_FIRM_B = SupplierForm("河南乙律师事务所", credit("31410000MD0000022"), "郑州市二七区大学路2号", "王律师",
                          "0371-60000022")
LAW_FIRM_C = SupplierForm("河南丙律师事务所", credit("31410000MD0000033"), "郑州市中原区建设路3号")
AGENT = SupplierForm("郑州丁法律咨询有限公司", credit("91410100MA0000441"), "郑州市管城区", "赵经理", "13900000044")


def run_bridge(w: World) -> BridgePass:
    """One pass of the 互认互通 worker against the simulated trading system."""
    return bridge.run_once(w.server.app.state.yucai.db, w.server.settings)


def records(w: World, username: str, kind: RecordKind) -> dict[str, dict[str, Any]]:
    state, _ = pull_all(w.api(username), limit=500)
    return {rid: data for (k, rid), data in state.items() if k == kind.value and data is not None}


def record(w: World, username: str, kind: RecordKind, record_id: str, cls: type[Any]) -> Any:
    return from_json(cls, records(w, username, kind)[record_id])


def numbered_service_plan(w: World, plan_id: str, **changes: Any) -> str:
    """A 主管预算单位 (郑州市教育局) plan, reviewed to its number; returns the number."""
    w.filed("zzjyj_jb", plan_id, service_form(**changes))
    w.approve("zzjyj_sh", plan_id)
    number = w.plan("zzjyj_jb", plan_id).number
    assert number is not None
    return number


def numbered_central_plan(w: World, plan_id: str, *, interop: bool = True, open_form: bool = True,
                          **changes: Any) -> str:
    """A 集采机构 (河南省政府采购中心, 省本级) plan through 内部审核 / 初核 / 复核; returns the number."""
    options: dict[str, Any] = {"trading_platform": TRADING_PLATFORM if interop else None}
    if open_form:
        options |= {"form": AgreementForm.OPEN, "open_form_ground": OpenFormGround.CATALOGUE_NO_ELIMINATION,
                    "elimination_rate_percent": None}
    w.filed("hncgzx_cgjb", plan_id, central_form(**(options | changes)))
    for reviewer in ("hncgzx_cgsh", "hnczt_jg", "hnczt_sh"):
        w.approve(reviewer, plan_id)
    number = w.plan("hncgzx_cgjb", plan_id).number
    assert number is not None
    return number


def publish_notice(w: World, handler: str, reviewer: str, notice: SaveCollectionNotice) -> None:
    w.ok(handler, notice)
    from desktop.domain.agreement_commands import SubmitAnnouncement

    w.ok(handler, SubmitAnnouncement(notice.notice_id))
    w.ok(reviewer, ApproveAnnouncement(notice.notice_id, 1))


def desk(w: World, method: str, path: str, body: dict[str, Any] | None = None,
         username: str = "hnjyzx_jg") -> httpx.Response:
    """The trading centre's desk (the simulated trading system's own endpoints)."""
    api = w.api(username)
    return api.http.request(method, path, headers={"Authorization": f"Bearer {api.token}"}, json=body)
