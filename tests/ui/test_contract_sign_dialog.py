"""2.2/2.3 【签章】 from the list: the sign dialog over the contract's current PDF, a real SoftHSM key,
the real PIN dialog (through the PinSource), a real signature; 【保存】 keeps the signed PDF and
queues ``sign_contract`` — all offline; then the supplier signs the purchaser's output the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.demo.softhsm import Lab
from desktop.domain.commands import SignContract
from desktop.signing.democontract import build_contract
from desktop.signing.trust import load_certificates
from desktop.signing.verify import verify_pdf
from desktop.ui.pages.contracts.page import ContractsPage
from desktop.ui.pages.contracts.rules import Action
from desktop.ui.pages.contracts.sign_dialog import SignContractDialog
from desktop.ui.pages.contracts.trust import TrustSettings
from desktop.ui.pages.contracts.view_dialog import ContractViewDialog
from desktop.ui.pages.contracts.workbench import SigningWorkbench, State
from desktop.ui.pin_dialog import QtPinSource
from tests.ui.contract_env import PURCHASER, SUPPLIER, Profile, contract_data, offline_profile, seed
from tests.ui.test_contract_signing import PURCHASER_SEAL, SUPPLIER_SEAL, PinAnswers, click_point

pytestmark = pytest.mark.softhsm
PURCHASER_KEY = ("unit_rsa", "a001")
SUPPLIER_KEY = ("unit_ec", "b001")


@pytest.fixture
def trust(softhsm_lab: Lab) -> TrustSettings:
    return TrustSettings(roots=tuple(load_certificates(softhsm_lab.root_pem)))


@pytest.fixture
def profiles(tmp_path: Path) -> Iterator[dict[str, Profile]]:
    made = {name: offline_profile(tmp_path / name) for name in ("purchaser", "supplier")}
    yield made
    for profile in made.values():
        profile.close()


def open_page(qtbot: QtBot, profile: Profile, token_service: object, trust: TrustSettings,
              account: object) -> tuple[ContractsPage, PinAnswers]:
    host = QWidget()
    qtbot.addWidget(host)
    source = QtPinSource(host)
    page = ContractsPage(token_service, source, engine=profile.engine, trust=trust, parent=host)  # type: ignore[arg-type]
    host.resize(1200, 760)
    page.resize(1200, 760)
    host.show()
    page.set_account(account)
    qtbot.waitUntil(lambda: page.list.model.total is not None and not page.list.model.loading, timeout=10_000)
    return page, PinAnswers(qtbot, source)


def click_button(qtbot: QtBot, page: ContractsPage, contract_id: str, action: Action) -> None:
    where = page.list.button_center(contract_id, action)
    assert where is not None, f"no {action} button on {contract_id}"
    viewport, point = where
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=point)


def sign_in_dialog(qtbot: QtBot, page: ContractsPage, pins: PinAnswers, lab: Lab, key: tuple[str, str],
                   seal: tuple[float, float]) -> SignContractDialog:
    qtbot.waitUntil(lambda: isinstance(page.dialog, SignContractDialog), timeout=15_000)
    dialog = page.dialog
    assert isinstance(dialog, SignContractDialog)
    bench: SigningWorkbench = dialog.workbench
    qtbot.waitUntil(lambda: bool(bench.keys.keys) and not bench.busy_now and bench.view.info is not None,
                    timeout=60_000)
    assert not bench.open_button.isVisible() and not bench.save_button.isEnabled()
    bench.view.set_page(1)  # 甲方/乙方（盖章） are on page 2
    qtbot.waitUntil(lambda: not bench.view.busy, timeout=15_000)
    bench.select_key(lab.token(key[0]).serial, key[1])
    qtbot.mouseClick(bench.sign_button, Qt.MouseButton.LeftButton)  # 【签章】: the key is checked first
    qtbot.waitUntil(lambda: bench.state is State.PLACING, timeout=15_000)
    point = click_point(bench, seal)  # type: ignore[arg-type]
    qtbot.mouseClick(bench.view.canvas, Qt.MouseButton.LeftButton, pos=point)
    assert bench.state is State.PLACED and bench.save_button.isEnabled()
    assert "【保存】" in bench.hint.text()
    qtbot.mouseClick(bench.save_button, Qt.MouseButton.LeftButton)  # 【保存】
    box = bench.confirm_box
    assert box is not None and box.informativeText() == "只能签章一次，请谨慎操作。"
    pins.pins.append(lab.token(key[0]).user_pin)
    with qtbot.waitSignal(dialog.signed, timeout=60_000):
        assert bench.confirm_sign_button is not None
        bench.confirm_sign_button.click()
    assert pins.asked >= 1
    return dialog


def test_purchaser_signs_then_supplier_signs_offline(qtbot: QtBot, profiles: dict[str, Profile], token_service: object,
                                                     softhsm_lab: Lab, trust: TrustSettings) -> None:
    now = dt.datetime.now(dt.UTC)
    buyer = profiles["purchaser"].engine
    original = buyer.files.import_bytes(build_contract(), now, uploaded=True)
    seed(buyer, [("ct-1", contract_data(1, state="待签章", supplier="ycsf", document_sha256=original.sha256))])
    page, pins = open_page(qtbot, profiles["purchaser"], token_service, trust, PURCHASER)
    click_button(qtbot, page, "ct-1", Action.SIGN)
    dialog = sign_in_dialog(qtbot, page, pins, softhsm_lab, PURCHASER_KEY, PURCHASER_SEAL)

    [entry] = buyer.outbox.pending()
    assert entry.envelope.name == SignContract.name
    signed_sha = entry.envelope.payload["signed_sha256"]
    assert entry.envelope.payload == {"contract_id": "ct-1", "base_sha256": original.sha256,
                                      "signed_sha256": signed_sha}
    assert dialog.signed_sha256 == signed_sha
    signed_path = buyer.files.local_path(signed_sha)
    assert signed_path is not None and not buyer.files.get(signed_sha).uploaded  # type: ignore[union-attr]
    assert signed_path.read_bytes().startswith(Path(original.path).read_bytes())  # an incremental update
    [report] = verify_pdf(signed_path, trust.roots)
    assert report.unit == "郑州市某某局" and report.intact and report.trusted
    assert list(buyer.files.folder.glob("staging/*")) == []  # the signer's output was moved, not copied

    model = page.list.model
    qtbot.waitUntil(lambda: model.row_at(0).pending == ("sign_contract",), timeout=10_000)
    assert page.list.delegate.actions(model.index(0, model.ACTIONS)) == (Action.VIEW,)  # once only
    click_button(qtbot, page, "ct-1", Action.VIEW)  # 【查看】 shows the file signed here, not yet synced
    qtbot.waitUntil(lambda: isinstance(page.dialog, ContractViewDialog) and not page.dialog.busy, timeout=30_000)
    view = page.dialog
    assert isinstance(view, ContractViewDialog) and view.document == signed_path
    assert "尚未同步" in view.banner.text()
    assert len(view.signatures.rows) == 1 and view.signatures.rows[0].valid
    view.close()

    # the supplier, offline, with the purchaser-signed document downloaded earlier
    seller = profiles["supplier"].engine
    seller.files.import_bytes(signed_path.read_bytes(), now, uploaded=True)
    signed_at = (now - dt.timedelta(minutes=5)).isoformat()
    seed(seller, [("ct-1", contract_data(1, state="采购人已确认", supplier="ycsf", document_sha256=signed_sha,
                                         purchaser_signed_at=signed_at))])
    other, other_pins = open_page(qtbot, profiles["supplier"], token_service, trust, SUPPLIER)
    click_button(qtbot, other, "ct-1", Action.SIGN)
    sign_in_dialog(qtbot, other, other_pins, softhsm_lab, SUPPLIER_KEY, SUPPLIER_SEAL)
    [entry] = seller.outbox.pending()
    assert entry.envelope.payload["base_sha256"] == signed_sha
    final = seller.files.local_path(entry.envelope.payload["signed_sha256"])
    assert final is not None
    reports = verify_pdf(final, trust.roots)
    assert [r.unit for r in reports] == ["郑州市某某局", "河南某某科技有限公司"]
    assert all(r.intact and r.trusted for r in reports)


def test_closing_the_dialog_before_saving_signs_nothing(qtbot: QtBot, profiles: dict[str, Profile],
                                                        token_service: object, trust: TrustSettings,
                                                        softhsm_lab: Lab) -> None:
    buyer = profiles["purchaser"].engine
    original = buyer.files.import_bytes(build_contract(), dt.datetime.now(dt.UTC), uploaded=True)
    seed(buyer, [("ct-2", contract_data(2, state="待签章", document_sha256=original.sha256))])
    page, _pins = open_page(qtbot, profiles["purchaser"], token_service, trust, PURCHASER)
    page.act(Action.SIGN, page.list.model.row_at(0))
    qtbot.waitUntil(lambda: isinstance(page.dialog, SignContractDialog), timeout=15_000)
    dialog = page.dialog
    assert isinstance(dialog, SignContractDialog)
    qtbot.waitUntil(lambda: not dialog.workbench.busy_now and dialog.workbench.view.info is not None, timeout=60_000)
    dialog.reject()
    assert buyer.outbox.pending() == [] and list(buyer.files.folder.glob("staging/*")) == []
    assert page.busy_contract is None
