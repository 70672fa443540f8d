"""密钥诊断 page: scan the keys, show modules → keys → certificates and the findings with their
remedies, check a PIN on request, copy or export the report.

Every token call goes through the ``TokenService`` futures inside :class:`~desktop.ui.ops.Op`;
the page only ever reacts to results on the GUI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from desktop.config import TokenSettings
from desktop.token.diagnosis import Severity
from desktop.token.inventory import Inventory, LoginCheck, ModuleReport, TokenInfo
from desktop.token.pin import PinSource
from desktop.token.report import DiagnosisReport, build_report, report_to_text
from desktop.ui.errors import present_error
from desktop.ui.pages.diagnosis import ops
from desktop.ui.pages.diagnosis.findings_model import FindingsTableModel
from desktop.ui.pages.diagnosis.tree_model import Column, KeyTreeModel

log = logging.getLogger(__name__)

SUMMARY_OK = "QLabel { color: #1b5e20; background: #e8f5e9; border: 1px solid #a5d6a7;" \
             " border-radius: 4px; padding: 8px; font-size: 10pt; font-weight: bold; }"
SUMMARY_BAD = "QLabel { color: #b71c1c; background: #fdecea; border: 1px solid #ef9a9a;" \
              " border-radius: 4px; padding: 8px; font-size: 10pt; font-weight: bold; }"
SUMMARY_IDLE = "QLabel { color: #424242; background: #f5f5f5; border: 1px solid #e0e0e0;" \
               " border-radius: 4px; padding: 8px; font-size: 10pt; }"
# When the tree is too narrow these columns give way first, down to these widths (elided text
# keeps its tooltip).
COLUMN_FLOORS = {Column.CODE: 170, Column.NAME: 190, Column.HOLDER: 140}
SUMMARY_NAMES = 3  # unit or holder names listed in the summary line


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _boxed(box: QGroupBox, view: QWidget) -> None:
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 6, 4, 4)
    layout.addWidget(view)


class DiagnosisPage(QWidget):
    """The help desk's view of every key; owns its models, its poll timer and its ops."""

    report_did_change = Signal(object)  # DiagnosisReport
    status_message = Signal(str)

    def __init__(self, service: ops.KeyService, settings: TokenSettings, pin_source: PinSource, *,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._settings = settings
        self._pin_source = pin_source
        self._clock = clock or _utcnow
        self._inventory: Inventory | None = None
        self._report: DiagnosisReport | None = None
        self._login_checks: dict[tuple[str, str], LoginCheck] = {}
        self._scanning = False
        self._checking = False
        self._polling = False
        self._rescan_wanted = False

        self.tree_model = KeyTreeModel(self)
        self.findings_model = FindingsTableModel(self)
        self._build()
        self._poll_timer = QTimer(self)
        self._poll_timer.setInterval(max(250, int(settings.poll_seconds * 1000)))
        self._poll_timer.timeout.connect(self._poll)
        self._update_buttons()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.summary = QLabel(self.tr("正在检测 key……"))
        self.summary.setObjectName("diagnosis_summary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(SUMMARY_IDLE)

        self.refresh_button = QPushButton(self.tr("刷新"))
        self.check_pin_button = QPushButton(self.tr("输入口令检查"))
        self.copy_button = QPushButton(self.tr("复制诊断报告"))
        self.export_button = QPushButton(self.tr("导出诊断报告"))
        self.refresh_button.setToolTip(self.tr("重新检测证书驱动、key 和证书"))
        self.check_pin_button.setToolTip(self.tr("对选中的 key 输入口令，确认私钥可以签名"))
        self.refresh_button.clicked.connect(self.refresh)
        self.check_pin_button.clicked.connect(self.check_pin)
        self.copy_button.clicked.connect(self.copy_report)
        self.export_button.clicked.connect(self._ask_export_path)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(140)
        self.busy.setTextVisible(False)
        self.busy.setVisible(False)
        self.scan_time = QLabel()
        self.scan_time.setStyleSheet("QLabel { color: #666666; }")

        buttons = QHBoxLayout()
        for button in (self.refresh_button, self.check_pin_button, self.copy_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.scan_time)

        self.tree = QTreeView()
        self.tree.setObjectName("key_tree")
        self.tree.setModel(self.tree_model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setIndentation(16)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        keys_box = QGroupBox(self.tr("证书驱动、key 与证书"))
        _boxed(keys_box, self.tree)

        self.findings = QTableView()
        self.findings.setObjectName("findings_table")
        self.findings.setModel(self.findings_model)
        self.findings.setWordWrap(True)
        self.findings.setShowGrid(False)
        self.findings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings.verticalHeader().setVisible(False)
        header = self.findings.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.findings.resizeRowsToContents())
        findings_box = QGroupBox(self.tr("诊断结果"))
        _boxed(findings_box, self.findings)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(keys_box)
        splitter.addWidget(findings_box)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)

    # -- public ---------------------------------------------------------------------------------

    @property
    def report(self) -> DiagnosisReport | None:
        return self._report

    @property
    def pin_source(self) -> PinSource:
        return self._pin_source

    @property
    def busy_now(self) -> bool:
        return self._scanning or self._checking

    def start(self) -> None:
        """First scan, then watch for keys being inserted or removed."""
        self.refresh()
        self._poll_timer.start()

    def stop(self) -> None:
        self._poll_timer.stop()

    @property
    def watching(self) -> bool:
        """True while the page polls for keys being inserted or removed."""
        return self._poll_timer.isActive()

    def refresh(self) -> None:
        if self._checking:
            return
        if self._scanning:
            self._rescan_wanted = True
            return
        self._scanning = True
        self._update_buttons()
        (ops.scan_keys(self, self._service)
            .success(self.show_inventory)
            .failure(self._scan_failed)
            .finally_(self._scan_done)
            .run())

    def show_inventory(self, inventory: Inventory) -> None:
        """Diagnose a scan and show it (PIN checks of keys still present are kept)."""
        present = {(m.path, t.serial) for m, t in inventory.tokens()}
        self._login_checks = {k: v for k, v in self._login_checks.items() if k in present}
        self._inventory = inventory
        self._rediagnose()

    def check_pin(self) -> None:
        if self.busy_now:
            return
        target = self.login_target()
        if target is None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("输入口令检查"),
                              self.tr("插入了多个 key，请先在上方列表中选中要输入口令的 key。"),
                              QMessageBox.StandardButton.Ok, self)
            box.open()
            return
        module, token = target
        self._checking = True
        self._update_buttons()
        self.status_message.emit(self.tr("请在弹出的窗口中输入 key“{label}”的口令").format(label=token.label))
        (ops.check_pin(self, self._service, module.path, token.serial, self._pin_source)
            .success(self._show_login_check)
            .finally_(self._check_done)
            .run())

    def login_target(self) -> tuple[ModuleReport, TokenInfo] | None:
        """The selected key (or its certificate's key); else the only key that has certificates."""
        node = self.tree_model.node(self.tree.currentIndex())
        if node is not None and node.token is not None:
            return node.module, node.token
        candidates = self._pin_candidates()
        return candidates[0] if len(candidates) == 1 else None

    def _pin_candidates(self) -> list[tuple[ModuleReport, TokenInfo]]:
        if self._inventory is None:
            return []
        return [(m, t) for m, t in self._inventory.tokens() if t.initialized and t.certificates]

    def select_token(self, serial: str) -> bool:
        for row in range(self.tree_model.rowCount()):
            module_index = self.tree_model.index(row, 0)
            for token_row in range(self.tree_model.rowCount(module_index)):
                index = self.tree_model.index(token_row, 0, module_index)
                node = self.tree_model.node(index)
                if node is not None and node.token is not None and node.token.serial == serial:
                    self.tree.setCurrentIndex(index)
                    return True
        return False

    def report_text(self) -> str:
        return report_to_text(self._report) if self._report is not None else ""

    def copy_report(self) -> None:
        if self._report is None:
            return
        QGuiApplication.clipboard().setText(self.report_text())
        self.status_message.emit(self.tr("诊断报告已复制到剪贴板"))

    def export_report(self, path: Path) -> None:
        """Write the report (``.json`` or text) off the GUI thread."""
        if self._report is None:
            return
        (ops.export_report(self, path, self._report)
            .success(lambda written: self.status_message.emit(
                self.tr("诊断报告已导出到 {path}").format(path=str(written))))
            .run())

    # -- results --------------------------------------------------------------------------------

    def _rediagnose(self) -> None:
        assert self._inventory is not None
        checks = tuple(self._login_checks.values())
        report = build_report(self._inventory, now=self._clock(), login_checks=checks,
                              expiry_warning_days=self._settings.expiry_warning_days)
        selected = self.login_target()
        self._report = report
        self.tree_model.set_inventory(self._inventory, checks, report.generated_at)
        self.tree.expandAll()
        self._fit_columns()
        if selected is not None:
            self.select_token(selected[1].serial)
        self.findings_model.set_findings(report.findings)
        self.findings.resizeRowsToContents()
        self._show_summary(report)
        self.scan_time.setText(self.tr("检测时间 {time}").format(
            time=f"{self._inventory.taken_at.astimezone():%H:%M:%S}"))
        self._update_buttons()
        self.report_did_change.emit(report)

    def _fit_columns(self) -> None:
        for column in Column:
            self.tree.resizeColumnToContents(column)
        overflow = sum(self.tree.columnWidth(c) for c in Column) - self.tree.viewport().width()
        for column, floor in COLUMN_FLOORS.items():
            if overflow <= 0:
                break
            width = self.tree.columnWidth(column)
            cut = min(overflow, max(0, width - floor))
            self.tree.setColumnWidth(column, width - cut)
            overflow -= cut

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._report is not None:
            self._fit_columns()

    def _show_summary(self, report: DiagnosisReport) -> None:
        counts = {s: sum(1 for f in report.findings if f.severity is s) for s in Severity}
        tally = self.tr("错误 {errors} 项，警告 {warnings} 项，提示 {infos} 项").format(
            errors=counts[Severity.ERROR], warnings=counts[Severity.WARNING], infos=counts[Severity.INFO])
        if report.usable_key_found:
            names = list(dict.fromkeys(u.certificate.organization or u.certificate.common_name
                                       or u.token_label for u in report.usable_keys))
            shown = self.tr("、").join(names[:SUMMARY_NAMES])
            if len(names) > SUMMARY_NAMES:
                shown = self.tr("{names} 等 {count} 个").format(names=shown, count=len(names))
            text = self.tr("✔ 已找到可用的 key：{names}").format(names=shown)
            style = SUMMARY_OK
        else:
            text = self.tr("✘ 未找到可用的 key，请按下方诊断结果处理")
            style = SUMMARY_BAD
        self.summary.setText(self.tr("{verdict}　（{tally}）").format(verdict=text, tally=tally))
        self.summary.setStyleSheet(style)

    def _show_login_check(self, check: LoginCheck) -> None:
        self._login_checks[(check.module, check.token_serial)] = check
        if check.error is None:
            self.status_message.emit(self.tr("口令正确，key 中有 {count} 个私钥").format(
                count=len(check.private_key_ids)))
        else:
            self.status_message.emit(self.tr("口令检查未通过：{message}").format(message=check.error.message))
        if self._inventory is not None:
            self._rediagnose()

    def _scan_failed(self, error: BaseException) -> None:
        self.summary.setText(self.tr("检测 key 时出错，请点击【刷新】重试"))
        self.summary.setStyleSheet(SUMMARY_BAD)
        present_error(self, error)

    def _scan_done(self) -> None:
        self._scanning = False
        self._update_buttons()
        if self._rescan_wanted:
            self._rescan_wanted = False
            self.refresh()

    def _check_done(self) -> None:
        self._checking = False
        self._update_buttons()

    # -- watching -------------------------------------------------------------------------------

    def _poll(self) -> None:
        if self._polling or self.busy_now or self._inventory is None:
            return
        self._polling = True
        (ops.poll_keys(self, self._service)
            .success(self._poll_result)
            .failure(lambda exc: log.warning("polling for keys failed: %s", exc))
            .finally_(self._poll_done)
            .run())

    def _poll_result(self, changed: bool) -> None:
        if changed:
            self.status_message.emit(self.tr("检测到 key 插入或拔出，正在重新检测……"))
            self.refresh()

    def _poll_done(self) -> None:
        self._polling = False

    def _update_buttons(self) -> None:
        busy = self.busy_now
        self.busy.setVisible(busy)
        self.refresh_button.setEnabled(not busy)
        self.check_pin_button.setEnabled(not busy and bool(self._pin_candidates()))
        self.copy_button.setEnabled(self._report is not None)
        self.export_button.setEnabled(self._report is not None)

    def _ask_export_path(self) -> None:
        if self._report is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = self.tr("key诊断报告-{time}.txt").format(
            time=f"{self._report.generated_at.astimezone():%Y%m%d-%H%M%S}")
        text_filter, json_filter = self.tr("文本文件 (*.txt)"), self.tr("JSON 文件 (*.json)")
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("导出诊断报告"), str(Path(folder) / name),
                                                   f"{text_filter};;{json_filter}")
        if not path:
            return
        target = Path(path)
        if chosen == json_filter and target.suffix.lower() != ".json":
            target = target.with_suffix(".json")
        self.export_report(target)

