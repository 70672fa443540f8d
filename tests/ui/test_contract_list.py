"""【合同在线签订】 list: lazy pages, filters and search, the per-row buttons for each role, pending
marks, and 【查看】 — real widgets over a real store (no server needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from desktop.domain.commands import SignContract
from desktop.signing.democontract import build_contract
from desktop.store.changes import Changes
from desktop.ui.pages.contracts.list_model import ContractListModel
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.contracts.rules import Action, may_change_document
from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
from tests.ui.contract_env import BASE, PURCHASER, REVIEWER, SUPPLIER, Profile, contract_data, offline_profile, seed

N = 1000


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[Profile]:
    made = offline_profile(tmp_path)
    seed(made.engine, [(f"ct-{i:05d}", contract_data(i)) for i in range(N)])
    yield made
    made.close()


@pytest.fixture
def page(qtbot: QtBot, profile: Profile) -> ContractsPage:
    contracts = ContractsPage(None, engine=profile.engine)
    qtbot.addWidget(contracts)
    contracts.resize(1280, 720)
    contracts.show()
    contracts.set_account(PURCHASER)
    loaded(qtbot, contracts)
    return contracts


def loaded(qtbot: QtBot, page: ContractsPage) -> ContractListModel:
    model = page.list.model
    qtbot.waitUntil(lambda: not model.loading and model.total is not None, timeout=10_000)
    return model


def test_pages_load_lazily_as_the_user_scrolls(qtbot: QtBot, page: ContractsPage) -> None:
    model = page.list.model
    assert model.rowCount() == 100 and model.total == N  # one page, and the count for the label
    assert page.list.count_label.text() == f"共 {N} 条"
    assert model.row_at(0).id == f"ct-{N - 1:05d}"  # newest first
    assert model.canFetchMore()
    page.list.table.scrollToBottom()  # the view asks for the next page itself
    qtbot.waitUntil(lambda: model.rowCount() == 200, timeout=10_000)
    while model.canFetchMore() or model.loading:
        if model.canFetchMore():
            model.fetchMore()
        qtbot.wait(5)
    assert model.rowCount() == N and model.exhausted
    assert len({r.id for r in model.rows}) == N
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert header == ["项目名称", "标段", "合同名称", "采购人", "供应商", "状态", "签章时间", "操作"]


def test_filters_and_search(qtbot: QtBot, page: ContractsPage) -> None:
    lst, model = page.list, page.list.model
    lst.state_combo.setCurrentIndex(lst.state_combo.findData("已备案"))
    loaded(qtbot, page)
    assert model.total == N // 4 and {r.state for r in model.rows} == {"已备案"}

    qtbot.waitUntil(lambda: lst.party_combo.count() == 3, timeout=10_000)  # 全部供应商 + two suppliers
    assert lst.party_combo.itemText(0) == "全部供应商"
    lst.party_combo.setCurrentIndex(lst.party_combo.findData("ycsf"))
    loaded(qtbot, page)
    assert model.total == 0  # 已备案 rows have odd numbers: all 郑州某某办公设备有限公司
    lst.party_combo.setCurrentIndex(lst.party_combo.findData("bgsb"))
    loaded(qtbot, page)
    assert model.total == N // 4
    lst.state_combo.setCurrentIndex(0)
    loaded(qtbot, page)
    assert model.total == N // 2 and {r.supplier_unit_id for r in model.rows} == {"bgsb"}
    lst.party_combo.setCurrentIndex(0)

    lst.date_check.setChecked(True)  # 添加日期: contract i was added i hours after BASE
    first_day = QDate(BASE.year, BASE.month, BASE.day)
    lst.date_from.setDate(first_day.addDays(1))
    lst.date_to.setDate(first_day.addDays(2))
    loaded(qtbot, page)
    local_start = dt.datetime(BASE.year, BASE.month, BASE.day + 1).astimezone()
    expected = [i for i in range(N) if local_start <= BASE + dt.timedelta(hours=i) < local_start + dt.timedelta(2)]
    assert model.total == len(expected) == 48
    assert sorted(int(r.id[3:]) for r in model.rows) == expected
    lst.date_check.setChecked(False)

    resets: list[str] = []
    model.modelReset.connect(lambda: resets.append(model.filter.search))
    for typed in ("合", "合同", "合同0", "合同00123"):  # typing: one query once it stops (debounced)
        lst.search_edit.setText(typed)
    qtbot.waitUntil(lambda: model.filter.search == "合同00123", timeout=5_000)
    assert resets == ["合同00123"]
    loaded(qtbot, page)
    assert [r.id for r in model.rows] == ["ct-00123"]
    lst.search_edit.setText("项目6")
    qtbot.waitUntil(lambda: model.filter.search == "项目6", timeout=5_000)
    loaded(qtbot, page)
    assert model.total == len([i for i in range(N) if i % 7 == 6])
    lst.search_edit.setText("没有这个合同")
    qtbot.waitUntil(lambda: model.filter.search == "没有这个合同" and not model.loading, timeout=5_000)
    loaded(qtbot, page)
    assert model.rowCount() == 0 and lst.empty.isVisible() and "没有符合条件" in lst.empty.text()


def buttons(page: ContractsPage, number: int) -> tuple[Action, ...]:
    return page.list.delegate.actions(page.list.model.index(number, ContractListModel.ACTIONS))


def test_buttons_follow_the_turn_and_the_post(qtbot: QtBot, page: ContractsPage) -> None:
    model = page.list.model
    by_state = {model.row_at(n).state: n for n in range(8)}
    assert buttons(page, by_state["待签章"]) == (Action.SIGN, Action.VIEW)
    assert buttons(page, by_state["采购人已确认"]) == (Action.VIEW,)  # the supplier's turn
    assert buttons(page, by_state["供应商已确认"]) == (Action.VIEW, Action.FILE)
    assert buttons(page, by_state["已备案"]) == (Action.VIEW,)
    assert page.list.add_button.isVisible()
    # 【更换文件】/【删除】 (in 【查看】): the purchaser's 经办岗, before anyone signed
    assert [may_change_document(model.row_at(n), PURCHASER) for n in range(8)] == \
        [model.row_at(n).state == "待签章" for n in range(8)]
    assert not any(may_change_document(model.row_at(n), account) for n in range(8) for account in (REVIEWER, SUPPLIER))

    page.set_account(REVIEWER)  # 审核岗: looks, does not sign, add or file
    assert all(buttons(page, n) == (Action.VIEW,) for n in range(8)) and not page.list.add_button.isVisible()

    page.set_account(SUPPLIER)
    for n in range(8):
        row = model.row_at(n)
        mine = row.state == "采购人已确认" and row.supplier_unit_id == "ycsf"
        assert buttons(page, n) == ((Action.SIGN, Action.VIEW) if mine else (Action.VIEW,))
    assert not page.list.add_button.isVisible() and page.list.party_combo.itemText(0) == "全部采购人"


def test_a_queued_signature_is_marked_and_not_offered_again(qtbot: QtBot, page: ContractsPage,
                                                           profile: Profile) -> None:
    model = page.list.model
    row = next(r for r in model.rows if r.state == "待签章")
    profile.engine.outbox.enqueue(SignContract(contract_id=row.id, base_sha256=row.document_sha256,
                                               signed_sha256="f" * 64), dt.datetime.now(dt.UTC))
    page.data_changed(Changes(outbox=True))
    number = model.rows.index(row)
    qtbot.waitUntil(lambda: model.row_at(number).pending == ("sign_contract",), timeout=5_000)
    index = model.index(number, ContractListModel.STATE)
    assert model.data(index) == "待签章（待同步）"
    assert "待同步：签章" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert buttons(page, number) == (Action.VIEW,)  # 只能签章一次: not while one waits to be synced


def test_view_shows_the_document_with_its_facts(qtbot: QtBot, page: ContractsPage, profile: Profile) -> None:
    blob = profile.engine.files.import_bytes(build_contract(), dt.datetime.now(dt.UTC), uploaded=True)
    seed(profile.engine, [("ct-filed", contract_data(N + 5, state="已备案", document_sha256=blob.sha256))])
    page.data_changed(Changes(ids={"contract": frozenset({"ct-filed"})}))
    model = page.list.model
    qtbot.waitUntil(lambda: bool(model.rows) and model.row_at(0).id == "ct-filed", timeout=10_000)
    where = page.list.button_center("ct-filed", Action.VIEW)
    assert where is not None
    viewport, point = where
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)  # the painted 【查看】 button
    qtbot.waitUntil(lambda: isinstance(page.dialog, ContractViewDialog), timeout=10_000)
    dialog = page.dialog
    assert isinstance(dialog, ContractViewDialog)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.view.info is not None, timeout=30_000)
    assert dialog.values["state"].text() == "已备案" and dialog.values["amount"].text() == "386000.00"
    assert dialog.values["purchaser_signed_at"].text() != "—" and dialog.values["filed_at"].text() != "—"
    assert "不允许修改" in dialog.banner.text() and dialog.banner.isVisible()
    assert dialog.change_bar.isHidden()  # the locked main document: no 【更换文件】, no 【删除】
    assert "还没有签章" in dialog.signatures.summary.text()  # the demo file carries no signature
    assert dialog.view.page_count == 2
    dialog.close()


def test_view_of_a_document_not_downloaded_while_offline_says_so(qtbot: QtBot, page: ContractsPage) -> None:
    row = page.list.model.row_at(0)
    page.view(row)
    qtbot.waitUntil(lambda: page.error_dialog is not None, timeout=10_000)
    assert "尚未下载到本机" in page.error_dialog.text()  # type: ignore[union-attr]
    page.error_dialog.close()  # type: ignore[union-attr]
    assert page.busy_contract is None
