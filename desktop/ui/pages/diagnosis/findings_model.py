"""Table of diagnosis findings: severity, problem with its remedy, and which key it is about.

The message and remedy texts come from the key layer (Chinese, the manual's wording) and are
shown as data.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from desktop.token.diagnosis import Finding, Severity

Index = QModelIndex | QPersistentModelIndex

BACKGROUND = {Severity.ERROR: QColor("#fdecea"), Severity.WARNING: QColor("#fff4e0"),
              Severity.INFO: QColor("#eaf2fb")}
FOREGROUND = {Severity.ERROR: QColor("#b71c1c"), Severity.WARNING: QColor("#8a4b00"),
              Severity.INFO: QColor("#0d47a1")}
_ICONS = {Severity.ERROR: QStyle.StandardPixmap.SP_MessageBoxCritical,
          Severity.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Severity.INFO: QStyle.StandardPixmap.SP_MessageBoxInformation}
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Column(int, Enum):
    SEVERITY = 0
    PROBLEM = 1
    WHERE = 2


class FindingsTableModel(QAbstractTableModel):
    FindingRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        self._headers = (self.tr("级别"), self.tr("问题与处理办法"), self.tr("涉及的 key"))
        self._severity = {Severity.ERROR: self.tr("错误"), Severity.WARNING: self.tr("警告"),
                          Severity.INFO: self.tr("提示")}

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Errors first, then warnings, then notes; within each, findings about no key in
        particular (drivers) first, then by key and key ID, so a rescan keeps the order."""
        self.beginResetModel()
        self._findings = sorted(findings, key=lambda f: (
            _ORDER[f.severity], f.token_serial is not None, f.token_label or "", f.token_serial or "",
            f.key_id or ""))
        self.endResetModel()

    def findings(self) -> list[Finding]:
        return list(self._findings)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def severity_text(self, severity: Severity) -> str:
        return self._severity[severity]

    def problem_text(self, finding: Finding) -> str:
        return finding.message + "\n" + self.tr("处理办法：") + finding.remedy

    def where_text(self, finding: Finding) -> str:
        parts = []
        if finding.token_label or finding.token_serial:
            parts.append(finding.token_label or finding.token_serial or "")
        elif finding.token_serial is not None:
            parts.append(self.tr("（无标签的 key）"))
        if finding.key_id:
            parts.append(self.tr("密钥 ID {key_id}").format(key_id=finding.key_id))
        return "\n".join(parts)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        finding = self._findings[index.row()]
        column = Column(index.column())
        if role == self.FindingRole:
            return finding
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.SEVERITY:
                return self._severity[finding.severity]
            if column is Column.PROBLEM:
                return self.problem_text(finding)
            return self.where_text(finding)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{finding.code}\n{finding.module or ''}".strip()
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(BACKGROUND[finding.severity])
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.SEVERITY:
            return QBrush(FOREGROUND[finding.severity])
        if role == Qt.ItemDataRole.DecorationRole and column is Column.SEVERITY:
            return _icon(finding.severity)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


def _icon(severity: Severity) -> QIcon:
    style = QApplication.style()
    return style.standardIcon(_ICONS[severity])
