"""Small readers over the real widgets and models (no stand-ins)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.qtbot import QtBot

from desktop.ui.pages.diagnosis.page import DiagnosisPage
from desktop.ui.pages.diagnosis.tree_model import Column, KeyTreeModel, Node, NodeKind


def walk(model: KeyTreeModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        yield index
        yield from walk(model, index)


def nodes(model: KeyTreeModel, kind: NodeKind) -> list[tuple[QModelIndex, Node]]:
    found = []
    for index in walk(model):
        node = model.node(index)
        if node is not None and node.kind is kind:
            found.append((index, node))
    return found


def cell(model: KeyTreeModel, index: QModelIndex, column: Column, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    return model.data(index.siblingAtColumn(column), role)


def certificate_row(model: KeyTreeModel, token_serial: str, key_id: str) -> QModelIndex:
    for index, node in nodes(model, NodeKind.CERTIFICATE):
        assert node.token is not None and node.certificate is not None
        if node.token.serial == token_serial and node.certificate.key_id == key_id:
            return index
    raise AssertionError(f"no certificate {key_id} on token {token_serial}")


def wait_for_scan(qtbot: QtBot, page: DiagnosisPage, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: page.report is not None and not page.busy_now, timeout=timeout)
