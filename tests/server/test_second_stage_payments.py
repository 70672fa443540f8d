"""资金支付申请 (request_payment, issue 7; manual 1.3.1.4 (3)) and the periodic overdue worker, against a real
server on SQLite and PostgreSQL.

Payments: the purchaser's 经办岗 only, refused with the manual's wording while the agreement is not
filed (the row is set back by hand: creation is gated already, the payment checks again), refused until
the contract is 已备案, never beyond the contract amount, idempotent by payment id; the procurement's
record lists them. The worker: the served app's lifespan runs ``flag_overdue`` periodically; moving
the server's clock past a join application's review deadline gets it flagged without anyone calling
the function.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from desktop.domain.second_stage_commands import ApplyToJoin, CreateSecondStage, RequestPayment, SelectSupplier
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.workdays import DEFAULT_CALENDAR
from server_stub.models import FrameworkAgreementFiling
from tests.server.fixtures import ApiFor, MakeServer
from tests.server.framework_helpers import LAW_FIRM_B
from tests.server.test_plans import World
from tests.server.test_second_stage import (
    NEWCOMER,
    closed_agreement,
    counts_match,
    filed_contract,
    join,
    message,
    open_agreement,
    register_supplier,
    stage,
    today,
    world,
)

NOT_FILED = "只有完成框架协议备案，才可以进行二阶段的合同备案以及资金支付操作（资金支付）"


def test_payments_against_a_filed_contract(api_for: ApiFor, db_url: str, make_server: MakeServer) -> None:
    w = world(make_server, api_for, db_url)
    closed_agreement(w, "p-d", None)
    w.ok("zzyz_jb", CreateSecondStage("s-1", "p-d", "2027年度法律顾问"))
    assert message(w, "zzyz_jb", RequestPayment("pay-0", "s-1", "1000")) == (
        "contract_not_filed", "当前状态为“待确定供应商”，合同备案完成（已备案）后才能申请资金支付")
    w.ok("zzyz_jb", SelectSupplier("s-1", LAW_FIRM_B.credit_code))
    assert stage(w, "zzyz_jb", "s-1").lot_id == ""  # an unregistered supplier: no 合同在线签订 lot
    assert w.refused("zzyz_jb", RequestPayment("pay-0", "s-1", "1000")) == "contract_not_filed"
    filed_contract(w, "zzyz_jb", "zzyz_sh", "s-1", "2027年度法律顾问服务合同", "175000")
    filed = stage(w, "zzyz_jb", "s-1")
    assert (filed.state_label, filed.document_sha256, filed.online_contract_id) == ("已备案", "", "")

    for username, code in [("zzyz_sh", "post_not_handler"), ("zzjyj_jb", "other_unit"),
                           ("zzmmj_jb", "other_unit"), ("zzbgsb_jb", "purchaser_account_required")]:
        assert w.refused(username, RequestPayment("pay-1", "s-1", "1000")) == code, username
    w.ok("zzyz_jb", RequestPayment("pay-1", "s-1", "100000"))
    w.ok("zzyz_jb", RequestPayment("pay-1", "s-1", "100000"))  # sent again (a new command): recorded once
    assert w.refused("zzyz_jb", RequestPayment("pay-1", "s-1", "1")) == "payment_id_taken"
    assert message(w, "zzyz_jb", RequestPayment("pay-2", "s-1", "75000.01")) == (
        "payment_exceeds_contract", "累计支付金额（175000.01元）不得超过合同金额（175000元），本次最多可申请75000元")
    w.ok("zzyz_jb", RequestPayment("pay-2", "s-1", "75000"))
    paid = stage(w, "zzjyj_jb", "s-1")  # the collector sees the payments too
    assert [(p.payment_id, p.amount, p.requested_by) for p in paid.payments] == [
        ("pay-1", "100000", "zzyz_jb"), ("pay-2", "75000", "zzyz_jb")]
    assert paid.paid_total == "175000"
    assert w.refused("zzyz_jb", RequestPayment("pay-3", "s-1", "0.01")) == "payment_exceeds_contract"

    # the agreement filing set back (data from before the gate): refused with the manual's wording
    with w.server.db_session() as session:
        session.get(FrameworkAgreementFiling, "a-p-d").status = FlowStatus.IN_REVIEW.value
        session.commit()
    assert message(w, "zzyz_jb", RequestPayment("pay-3", "s-1", "0.01")) == ("agreement_not_filed", NOT_FILED)
    for username in ("zzyz_jb", "zzjyj_jb"):
        counts_match(w, username)


def test_the_served_app_flags_overdue_join_applications(api_for: ApiFor, db_url: str,
                                                        make_server: MakeServer) -> None:
    w = World(make_server(db_url, session_ttl=dt.timedelta(days=400), bridge_poll_seconds=None,
                          overdue_poll_seconds=0.05), api_for)
    open_agreement(w)
    register_supplier(w, "dd", "dd_jb", NEWCOMER)
    w.ok("dd_jb", ApplyToJoin("j-1", "p-o"))
    due = dt.date.fromisoformat(join(w, "dd_jb", "j-1").review_due)

    def scenario() -> None:
        time.sleep(0.3)
        assert join(w, "hnczt_jg", "j-1").warnings == []  # within the deadline: nothing to flag
        w.server.clock.offset += dt.timedelta(days=(DEFAULT_CALENDAR.add_workdays(due, 1) - today(w)).days)
        deadline = time.monotonic() + 20
        while not join(w, "hnczt_jg", "j-1").warnings:
            assert time.monotonic() < deadline, "the worker did not flag the application"
            time.sleep(0.1)

    async def served() -> None:  # the app's own lifespan: its workers run until the block ends
        app = w.server.app
        async with app.router.lifespan_context(app):
            await asyncio.to_thread(scenario)

    asyncio.run(served())
    flagged = join(w, "hnczt_jg", "j-1")
    assert flagged.warnings[0].code == "join_review_overdue"
    assert "尚未审核，已逾期1个工作日" in flagged.warnings[0].message
