"""互认互通 (issue 7; seed manual 1.3.1.1 注意, 1.3.1.2) against a real server on SQLite and PostgreSQL:
a numbered 省本级 plan is pushed to the simulated 公共资源交易系统 and accepted, lots come back, the
征集公告 waits for them, published announcements are pushed, shortlisted suppliers come back; pushes
fail and are retried (by the worker, or at once with 【重新推送】) without ever being applied twice,
and the user reads the state with its reason on the ``trading_bridge`` record.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time

from desktop.domain.agreement_commands import (
    LotForm,
    RetryTradingPush,
    SaveCollectionNotice,
    SaveShortlistResult,
    SubmitAnnouncement,
    SupplierForm,
)
from desktop.domain.agreement_records import AnnouncementRecord, TradingBridgeRecord
from desktop.domain.protocol import RecordKind
from desktop.domain.workflow.announcement import ShortlistBasis
from server_stub.demo import SUPPLIER2_CREDIT_CODE, SUPPLIER_CREDIT_CODE
from server_stub.models import TradingSimInbox, TradingSimOutbox, TradingSimProject
from server_stub.services.bridge import BridgeWorker, retry_delay
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import (
    LAW_FIRM_A,
    desk,
    numbered_central_plan,
    numbered_service_plan,
    publish_notice,
    record,
    records,
    run_bridge,
)
from tests.server.test_plans import World, world

BRIDGE = RecordKind.TRADING_BRIDGE
NOTICE_WAITS = "需交易系统将对应的分包信息推送过来后，才可以编辑征集公告内容"


def bridge_record(w: World, plan_id: str, username: str = "hncgzx_cgjb") -> TradingBridgeRecord:
    rec: TradingBridgeRecord = record(w, username, BRIDGE, plan_id, TradingBridgeRecord)
    return rec


def sim_counts(w: World) -> tuple[int, int, int]:
    with w.server.db_session() as session:
        return (session.query(TradingSimProject).count(), session.query(TradingSimInbox).count(),
                session.query(TradingSimOutbox).count())


def test_plan_is_pushed_accepted_and_lots_come_back(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    number = numbered_central_plan(w, "p-hz")
    queued = bridge_record(w, "p-hz")
    assert (queued.state, queued.plan_number, queued.lots_received) == ("待推送", number, False)
    assert [(m.direction, m.subject, m.state) for m in queued.messages] == [("推送", "计划信息", "待推送")]
    assert "p-hz" not in records(w, "zzjyj_jb", BRIDGE)  # the collector's own
    # the 征集公告 cannot be edited until the lots have arrived
    result = w.push("hncgzx_cgjb", SaveCollectionNotice("n-hz", "p-hz", "郑州市郑东新区"))
    assert result.reason is not None and (result.reason.code, result.reason.message) == (
        "lots_not_received", NOTICE_WAITS)

    report = run_bridge(w)
    assert (report.pushed, report.failed, report.received, report.acknowledged) == (1, 0, 1, 1)
    done = bridge_record(w, "p-hz")
    assert (done.state, done.reason, done.lots_received) == ("已接收分包", "", True)
    assert [(lot.number, lot.name) for lot in done.lots] == [("1", "台式计算机")]
    assert [(m.direction, m.subject, m.state, m.attempts) for m in done.messages] == [
        ("推送", "计划信息", "已推送", 1), ("接收", "分包信息", "已接收", 1)]
    (project,) = desk(w, "GET", "/trading/projects").json()
    assert (project["plan_number"], project["status"], project["project_name"]) == (
        number, "已受理", "郑州市台式计算机框架协议")
    assert project["items"] == [{"code": "A02010104", "name": "台式计算机"}]

    # the notice takes the trading system's lots; they cannot be changed here
    w.ok("hncgzx_cgjb", SaveCollectionNotice("n-hz", "p-hz", "郑州市郑东新区"))
    notice = record(w, "hncgzx_cgjb", RecordKind.ANNOUNCEMENT, "n-hz", AnnouncementRecord)
    assert notice.lots_received and [lot.name for lot in notice.lots] == ["台式计算机"] and notice.problems == []
    changed = SaveCollectionNotice("n-hz", "p-hz", "郑州市郑东新区", lots=[LotForm("1", "笔记本电脑")])
    assert w.refused("hncgzx_cgjb", changed) == "lots_from_trading_system"

    # nothing left to do: a pass changes nothing
    revision = w.api("hncgzx_cgjb").meta().revision
    assert run_bridge(w) == type(report)()
    assert w.api("hncgzx_cgjb").meta().revision == revision
    assert sim_counts(w) == (1, 1, 1)


def test_failed_pushes_are_retried_and_the_reason_is_shown(api_for: ApiFor, db_url: str,
                                                           make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.server.settings.trading_faults.fail["plan"] = 2
    numbered_central_plan(w, "p-fail")
    assert run_bridge(w).failed == 1
    failed = bridge_record(w, "p-fail")
    assert failed.state == "推送失败"
    assert "计划信息推送失败（已尝试 1 次）：公共资源交易系统暂时无法访问（连接超时）" in failed.reason
    assert "自动重试" in failed.reason and "【重新推送】" in failed.reason
    assert failed.messages[0].next_attempt_at is not None
    assert sim_counts(w) == (0, 0, 0)  # it never reached the trading system

    assert run_bridge(w).failed == 0  # the retry waits for its time
    w.ok("hncgzx_cgjb", RetryTradingPush("p-fail"))  # 重新推送: due at once
    assert run_bridge(w).failed == 1
    assert bridge_record(w, "p-fail").messages[0].attempts == 2

    w.server.clock.offset += retry_delay(2) + dt.timedelta(seconds=1)  # the worker retries by itself
    report = run_bridge(w)
    assert (report.pushed, report.received) == (1, 1)
    done = bridge_record(w, "p-fail")
    assert (done.state, done.reason) == ("已接收分包", "")
    assert (done.messages[0].attempts, done.messages[0].last_error, done.messages[0].next_attempt_at) == (3, "", None)
    assert sim_counts(w) == (1, 1, 1)
    assert w.refused("hncgzx_cgjb", RetryTradingPush("p-fail")) == "nothing_to_retry"


def test_a_lost_answer_is_retried_without_duplicates(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    """The trading system processed the push but its answer was lost: the retry carries the same
    message id and is recognised; the project, the lots and their delivery exist once."""
    w = world(make_server, api_for, db_url)
    w.server.settings.trading_faults.lose_answer["plan"] = 1
    numbered_central_plan(w, "p-lost")
    report = run_bridge(w)
    assert (report.failed, report.received) == (1, 1)  # the lots came back all the same
    assert bridge_record(w, "p-lost").state == "推送失败"
    w.ok("hncgzx_cgjb", RetryTradingPush("p-lost"))
    report = run_bridge(w)
    assert (report.pushed, report.received) == (1, 0)
    done = bridge_record(w, "p-lost")
    assert done.state == "已接收分包" and [m.subject for m in done.messages] == ["计划信息", "分包信息"]
    assert sim_counts(w) == (1, 1, 1)


def test_incoming_messages_apply_once_when_the_ack_is_lost(api_for: ApiFor, db_url: str,
                                                          make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    faults = w.server.settings.trading_faults
    faults.fail["fetch"] = 1
    numbered_central_plan(w, "p-ack")
    report = run_bridge(w)
    assert report.pushed == 1 and report.received == 0 and "连接超时" in report.fetch_error
    faults.fail["ack"] = 1
    report = run_bridge(w)
    assert (report.received, report.acknowledged) == (1, 0)
    revision = w.api("hncgzx_cgjb").meta().revision
    report = run_bridge(w)  # redelivered, recognised, acknowledged: nothing applied again
    assert (report.received, report.acknowledged) == (0, 1)
    assert w.api("hncgzx_cgjb").meta().revision == revision
    assert run_bridge(w).acknowledged == 0
    assert [m.subject for m in bridge_record(w, "p-ack").messages] == ["计划信息", "分包信息"]


def test_the_trading_centre_accepts_and_shortlists_by_hand(api_for: ApiFor, db_url: str,
                                                          make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    w.server.settings.trading_faults.hold.update({"accept", "shortlist"})
    number = numbered_central_plan(w, "p-desk")
    assert run_bridge(w).pushed == 1
    assert bridge_record(w, "p-desk").state == "已推送"  # waiting for 项目受理
    assert w.push("hncgzx_cgjb", SaveCollectionNotice("n-desk", "p-desk", "郑州市")).reason.code == "lots_not_received"

    # only the trading centre's accounts use its desk
    assert desk(w, "GET", "/trading/projects", username="hncgzx_cgjb").status_code == 403
    assert desk(w, "GET", "/trading/projects/KJXY-410000-2026-09999").status_code == 404
    assert desk(w, "POST", f"/trading/projects/{number}/shortlist",
                {"suppliers": [{"name": "甲", "credit_code": SUPPLIER_CREDIT_CODE}]}).json()["code"] == \
        "trading_project_not_accepted"
    lots = [{"number": "1", "name": "台式计算机（标准型）", "max_unit_price": "5500"},
            {"number": "2", "name": "台式计算机（高性能型）", "max_unit_price": "9000"}]
    answer = desk(w, "POST", f"/trading/projects/{number}/accept", {"lots": lots})
    assert answer.status_code == 200 and answer.json()["status"] == "已受理"
    assert desk(w, "POST", f"/trading/projects/{number}/accept", {"lots": lots}).json()["code"] == \
        "trading_project_accepted"
    assert run_bridge(w).received == 1
    assert [(lot.name, lot.max_unit_price) for lot in bridge_record(w, "p-desk").lots] == [
        ("台式计算机（标准型）", "5500"), ("台式计算机（高性能型）", "9000")]

    # the published 征集公告 goes to the trading system
    publish_notice(w, "hncgzx_cgjb", "hncgzx_cgsh", SaveCollectionNotice("n-desk", "p-desk", "郑州市郑东新区"))
    assert record(w, "zzbgsb_jb", RecordKind.ANNOUNCEMENT, "n-desk", AnnouncementRecord).trading_push == "待推送"
    assert run_bridge(w).pushed == 1
    assert record(w, "zzbgsb_jb", RecordKind.ANNOUNCEMENT, "n-desk", AnnouncementRecord).trading_push == "已推送"
    announcements = desk(w, "GET", f"/trading/projects/{number}").json()["announcements"]
    assert [(a["kind"], a["title"]) for a in announcements] == [
        ("collection_notice", "郑州市台式计算机框架协议征集公告")]

    # before the shortlist arrives, hand-added suppliers are not accepted for a 互认互通 project
    w.ok("hncgzx_cgjb", SaveShortlistResult("r-desk", "n-desk", suppliers=[LAW_FIRM_A]))
    assert w.refused("hncgzx_cgjb", SubmitAnnouncement("r-desk")) == "supplier_not_pushed"
    bad = {"suppliers": [{"name": "乙公司", "credit_code": "91410100MA000000C1"}]}
    assert desk(w, "POST", f"/trading/projects/{number}/shortlist", bad).json()["code"] == \
        "supplier_credit_code_invalid"
    shortlisted = {"suppliers": [{"name": "河南豫采示范科技有限公司", "credit_code": SUPPLIER_CREDIT_CODE,
                                  "address": "郑州市金水区", "contact_person": "李四", "phone": "13800000002"},
                                 {"name": "郑州某某办公设备有限公司", "credit_code": SUPPLIER2_CREDIT_CODE}]}
    assert desk(w, "POST", f"/trading/projects/{number}/shortlist", shortlisted).status_code == 200
    assert run_bridge(w).received == 1
    arrived = bridge_record(w, "p-desk")
    assert arrived.state == "已接收入围供应商"
    assert [s.credit_code for s in arrived.suppliers] == [SUPPLIER_CREDIT_CODE, SUPPLIER2_CREDIT_CODE]
    result = record(w, "hncgzx_cgjb", RecordKind.ANNOUNCEMENT, "r-desk", AnnouncementRecord)
    assert [s.name for s in result.pushed_suppliers] == ["河南豫采示范科技有限公司", "郑州某某办公设备有限公司"]
    picked = SaveShortlistResult("r-desk", "n-desk", ShortlistBasis.MAX_PRICE, "5200",
                                 [SupplierForm("河南豫采示范科技有限公司", SUPPLIER_CREDIT_CODE)])
    w.ok("hncgzx_cgjb", picked)
    chosen = record(w, "hncgzx_cgjb", RecordKind.ANNOUNCEMENT, "r-desk", AnnouncementRecord)
    assert chosen.problems == [] and chosen.suppliers[0].address == "郑州市金水区"  # as pushed


def test_a_failed_announcement_push_shows_on_the_announcement(api_for: ApiFor, db_url: str,
                                                             make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    numbered_central_plan(w, "p-an")
    run_bridge(w)
    w.server.settings.trading_faults.fail["collection_notice"] = 1
    publish_notice(w, "hncgzx_cgjb", "hncgzx_cgsh", SaveCollectionNotice("n-an", "p-an", "郑州市郑东新区"))
    assert run_bridge(w).failed == 1
    assert record(w, "hncgzx_cgjb", RecordKind.ANNOUNCEMENT, "n-an", AnnouncementRecord).trading_push == "推送失败"
    state = bridge_record(w, "p-an")
    assert state.state == "推送失败" and state.reason.startswith("征集公告推送失败")
    w.ok("hncgzx_cgjb", RetryTradingPush("p-an"))
    report = run_bridge(w)
    assert report.pushed == 1 and report.received == 1  # pushed; the shortlist came back
    assert record(w, "hncgzx_cgjb", RecordKind.ANNOUNCEMENT, "n-an", AnnouncementRecord).trading_push == "已推送"
    assert bridge_record(w, "p-an").state == "已接收入围供应商"


def test_only_province_level_interop_plans_take_part(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    numbered_service_plan(w, "p-city")  # 郑州市: no trading platform
    numbered_central_plan(w, "p-prov-plain", interop=False)  # 省本级 without a trading platform
    report = run_bridge(w)
    assert (report.queued, report.pushed) == (0, 0)
    assert records(w, "zzjyj_jb", BRIDGE) == {} and records(w, "hncgzx_cgjb", BRIDGE) == {}
    assert w.refused("zzjyj_jb", RetryTradingPush("p-city")) == "not_interop"
    # a plan of a 互认互通 project answers only to its collector (or its agency)
    numbered_central_plan(w, "p-prov")
    assert w.refused("zzjyj_jb", RetryTradingPush("p-prov")) == "other_unit"
    assert w.refused("hncgzx_cgsh", RetryTradingPush("p-prov")) == "post_not_handler"
    assert w.refused("hncgzx_cgjb", RetryTradingPush("p-prov")) == "nothing_to_retry"
    # the non-interop notice needs no lots from anywhere
    w.ok("zzjyj_jb", SaveCollectionNotice("n-city", "p-city", "郑州市", lots=[LotForm("1", "法律顾问")]))


def test_the_worker_runs_the_bridge_in_the_background(api_for: ApiFor, db_url: str,
                                                     make_server: MakeServer) -> None:
    """What the served app runs (``Settings.bridge_poll_seconds``): the same passes, on a thread."""
    w = world(make_server, api_for, db_url)
    numbered_central_plan(w, "p-bg")
    settings = dataclasses.replace(w.server.settings, bridge_poll_seconds=0.05)
    worker = BridgeWorker(w.server.app.state.yucai.db, settings).start()
    try:
        deadline = time.monotonic() + 20
        while bridge_record(w, "p-bg").state != "已接收分包":
            assert time.monotonic() < deadline, bridge_record(w, "p-bg")
            time.sleep(0.05)
    finally:
        worker.stop()
