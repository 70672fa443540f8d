"""Tree of PKCS#11 modules → tokens (keys) → certificates, read from an ``Inventory``."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.token.diagnosis import with_login_checks
from desktop.token.inventory import (
    CertificateInfo,
    Inventory,
    KeyKind,
    LoginCheck,
    ModuleReport,
    TokenInfo,
    UnreadableCertificate,
)

ERROR_COLOR = QColor("#b71c1c")
WARNING_COLOR = QColor("#9a5b00")
OK_COLOR = QColor("#1b5e20")
MUTED_COLOR = QColor("#757575")
Index = QModelIndex | QPersistentModelIndex


class Column(int, Enum):
    NAME = 0
    KIND = 1
    HOLDER = 2
    CODE = 3
    VALIDITY = 4
    PRIVATE_KEY = 5
    KEY_ID = 6


class NodeKind(Enum):
    MODULE = "module"
    TOKEN = "token"
    CERTIFICATE = "certificate"
    UNREADABLE = "unreadable"


@dataclass(eq=False)
class Node:
    kind: NodeKind
    module: ModuleReport
    token: TokenInfo | None = None
    certificate: CertificateInfo | None = None
    unreadable: UnreadableCertificate | None = None
    parent: Node | None = None
    children: list[Node] = field(default_factory=list)
    row: int = 0

    def add(self, child: Node) -> Node:
        child.parent, child.row = self, len(self.children)
        self.children.append(child)
        return child


def build_nodes(inventory: Inventory, login_checks: Iterable[LoginCheck] = ()) -> list[Node]:
    roots: list[Node] = []
    for module in with_login_checks(inventory, login_checks).modules:
        m = Node(NodeKind.MODULE, module, row=len(roots))
        roots.append(m)
        # slot ids change between scans; a stable order keeps the user's place in the tree
        for token in sorted(module.tokens, key=lambda t: (not t.initialized, t.label, t.serial)):
            t = m.add(Node(NodeKind.TOKEN, module, token))
            for cert in sorted(token.certificates, key=lambda c: (c.is_ca, c.label, c.key_id)):
                t.add(Node(NodeKind.CERTIFICATE, module, token, cert))
            for bad in token.unreadable_certificates:
                t.add(Node(NodeKind.UNREADABLE, module, token, unreadable=bad))
    return roots


class KeyTreeModel(QAbstractItemModel):
    """Read-only; replaced as a whole after every scan or PIN check."""

    NodeRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots: list[Node] = []
        self._now = dt.datetime.now(dt.UTC)
        self._headers = (self.tr("名称"), self.tr("类型"), self.tr("单位名称 / 姓名"),
                         self.tr("统一社会信用代码 / 身份证号"), self.tr("有效期"), self.tr("私钥"),
                         self.tr("密钥 ID"))

    def set_inventory(self, inventory: Inventory | None, login_checks: Iterable[LoginCheck] = (),
                      now: dt.datetime | None = None) -> None:
        self.beginResetModel()
        self._roots = build_nodes(inventory, login_checks) if inventory is not None else []
        self._now = now or dt.datetime.now(dt.UTC)
        self.endResetModel()

    # -- structure ------------------------------------------------------------------------------

    def node(self, index: Index) -> Node | None:
        if not index.isValid():
            return None
        node = index.internalPointer()
        return node if isinstance(node, Node) else None

    def _children(self, parent: Index) -> list[Node]:
        node = self.node(parent)
        return self._roots if node is None else node.children

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        children = self._children(parent)
        if not (0 <= row < len(children) and 0 <= column < len(self._headers)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        node = self.node(index)
        if node is None or node.parent is None:
            return QModelIndex()
        return self.createIndex(node.parent.row, 0, node.parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children(parent))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def token_count(self) -> int:
        return sum(len(m.children) for m in self._roots)

    # -- data -----------------------------------------------------------------------------------

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        node = self.node(index)
        if node is None:
            return None
        if role == self.NodeRole:
            return node
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(node, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(node)
        if role == Qt.ItemDataRole.ForegroundRole:
            color = self._color(node, column)
            return QBrush(color) if color is not None else None
        return None

    def _text(self, node: Node, column: Column) -> str:
        if node.kind is NodeKind.MODULE:
            return self._module_text(node.module, column)
        if node.kind is NodeKind.TOKEN:
            assert node.token is not None
            return self._token_text(node.token, column)
        if node.kind is NodeKind.UNREADABLE:
            assert node.unreadable is not None
            bad = node.unreadable
            return {Column.NAME: bad.label or self.tr("（无标签）"), Column.KIND: self.tr("无法解析"),
                    Column.KEY_ID: bad.key_id}.get(column, "")
        assert node.certificate is not None
        return self._cert_text(node.certificate, node.certificate.has_private_key, column)

    def _module_text(self, module: ModuleReport, column: Column) -> str:
        if column is Column.NAME:
            return module.vendor or os.path.basename(module.path) or module.path
        if column is Column.KIND:
            return self.tr("证书驱动") if module.loaded else self.tr("证书驱动（未加载）")
        if column is Column.HOLDER:
            return module.manufacturer or module.description
        return ""

    def _token_text(self, token: TokenInfo, column: Column) -> str:
        if column is Column.NAME:
            return self.tr("{label}（{serial}）").format(label=token.label or self.tr("（无标签）"),
                                                       serial=token.serial or "?")
        if column is Column.KIND:
            if "user_pin_locked" in token.flags:
                return self.tr("key（口令已锁定）")
            return "key" if token.initialized else self.tr("key（未初始化）")
        return ""

    def _cert_text(self, cert: CertificateInfo, has_key: bool | None, column: Column) -> str:
        if column is Column.NAME:
            return cert.label or cert.common_name or cert.key_id
        if column is Column.KIND:
            if cert.is_ca:
                return self.tr("CA 证书")
            return {KeyKind.UNIT: self.tr("单位"), KeyKind.PERSONAL: self.tr("个人")}.get(
                cert.kind, self.tr("未知"))
        if column is Column.HOLDER:
            return cert.organization or cert.common_name or ""
        if column is Column.CODE:
            return self._code_text(cert)
        if column is Column.VALIDITY:
            return self.tr("{start} 至 {end}").format(start=f"{cert.not_before.astimezone():%Y-%m-%d}",
                                                      end=f"{cert.not_after.astimezone():%Y-%m-%d}")
        if column is Column.PRIVATE_KEY:
            if cert.is_ca:
                return ""
            return {True: self.tr("有"), False: self.tr("无")}.get(has_key, self.tr("未确认"))  # type: ignore[arg-type]
        if column is Column.KEY_ID:
            return cert.key_id
        return ""

    def _code_text(self, cert: CertificateInfo) -> str:
        if cert.credit_code:
            return cert.credit_code
        if cert.id_number:
            return cert.id_number
        bad = cert.invalid_credit_codes or cert.invalid_id_numbers
        if bad:
            return self.tr("{code}（校验位错误）").format(code=bad[0])
        return ""

    def _color(self, node: Node, column: Column) -> QColor | None:
        if node.kind is NodeKind.MODULE:
            return ERROR_COLOR if node.module.error is not None else None
        if node.kind is NodeKind.TOKEN:
            assert node.token is not None
            if node.token.error is not None or "user_pin_locked" in node.token.flags:
                return ERROR_COLOR
            return None if node.token.initialized else MUTED_COLOR
        if node.kind is NodeKind.UNREADABLE:
            return ERROR_COLOR
        cert = node.certificate
        assert cert is not None
        if column is Column.VALIDITY:
            if not cert.not_before <= self._now <= cert.not_after:
                return ERROR_COLOR
            return OK_COLOR
        if column is Column.PRIVATE_KEY:
            known = cert.has_private_key
            return WARNING_COLOR if known is None else OK_COLOR if known else ERROR_COLOR
        if column is Column.CODE and not (cert.credit_code or cert.id_number):
            return ERROR_COLOR
        if cert.is_ca:
            return MUTED_COLOR
        return None

    def _tooltip(self, node: Node) -> str:
        if node.kind is NodeKind.MODULE:
            text = node.module.path
            if node.module.error is not None:
                text += "\n" + node.module.error.message
            return text
        if node.kind is NodeKind.TOKEN:
            token = node.token
            assert token is not None
            text = self.tr("序列号：{serial}\n厂商：{maker}\n型号：{model}\n插槽：{slot}").format(
                serial=token.serial, maker=token.manufacturer, model=token.model,
                slot=token.slot_description or token.slot_id)
            return text + ("\n" + token.error.message if token.error is not None else "")
        if node.kind is NodeKind.UNREADABLE:
            assert node.unreadable is not None
            return node.unreadable.reason
        assert node.certificate is not None
        cert = node.certificate
        return self.tr("主题：{subject}\n颁发者：{issuer}\n序列号：{serial}\n算法：{algorithm}").format(
            subject=cert.subject, issuer=cert.issuer, serial=cert.serial, algorithm=cert.key_algorithm)
