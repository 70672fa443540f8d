"""The signature panel: one green or red card per signature in the shown PDF.

It renders :class:`desktop.signing.verify.SignatureReport` values (a broken signature is a
report, not an exception): who signed, the unit and its 统一社会信用代码, when, and whether the
signed content is intact, the certificate trusted and the whole file covered.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.signing.verify import Change, SignatureReport

GOOD_CARD = ("QFrame#signature_row { background: #eef8ef; border: 1px solid #a5d6a7; border-radius: 6px; }"
             " QLabel { background: transparent; border: none; }"
             " QLabel#row_title { color: #1b5e20; font-weight: bold; font-size: 10pt; }"
             " QLabel#check_ok { color: #1b5e20; } QLabel#check_failed { color: #b71c1c; font-weight: bold; }")
BAD_CARD = ("QFrame#signature_row { background: #fdecea; border: 1px solid #ef9a9a; border-radius: 6px; }"
            " QLabel { background: transparent; border: none; }"
            " QLabel#row_title { color: #b71c1c; font-weight: bold; font-size: 10pt; }"
            " QLabel#row_problem { color: #b71c1c; }"
            " QLabel#check_ok { color: #1b5e20; } QLabel#check_failed { color: #b71c1c; font-weight: bold; }")
SUMMARY_STYLE = "QLabel { color: #37474f; font-weight: bold; padding: 2px 0 4px 0; }"
KEY_STYLE = "QLabel { color: #5f6b7a; }"


class SignatureRow(QFrame):
    """One signature."""

    def __init__(self, number: int, report: SignatureReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.valid = report.valid
        self.setObjectName("signature_row")
        self.setStyleSheet(GOOD_CARD if self.valid else BAD_CARD)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        mark = "✔" if self.valid else "✖"
        verdict = self.tr("有效") if self.valid else self.tr("有问题")
        who = report.unit or report.signer or self.tr("未知签章人")
        self.title = QLabel(self.tr("{mark} 签章 {n}：{who}（{verdict}）").format(
            mark=mark, n=number, who=who, verdict=verdict))
        self.title.setObjectName("row_title")
        self.title.setWordWrap(True)

        facts = QWidget()
        grid = QGridLayout(facts)  # on its own widget: see page._row_layout
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(3)
        grid.setColumnStretch(1, 1)
        self.values: dict[str, QLabel] = {}
        badges = QWidget()
        checks = QHBoxLayout(badges)
        checks.setContentsMargins(0, 0, 0, 0)
        checks.setSpacing(14)
        for name, check, passed in (("intact", self.tr("内容完整"), report.intact),
                                    ("trusted", self.tr("证书可信"), report.trusted),
                                    ("covers", self.tr("覆盖整个文件"), report.covers_whole_document)):
            badge = QLabel(("✔ " if passed else "✖ ") + check)
            badge.setObjectName("check_ok" if passed else "check_failed")
            checks.addWidget(badge)
            self.values[name] = badge
        checks.addStretch(1)
        for key, caption, value, tip in self._facts(report):
            label = QLabel(caption)
            label.setStyleSheet(KEY_STYLE)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            shown = QLabel(value)
            shown.setToolTip(tip)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row = grid.rowCount()
            grid.addWidget(label, row, 0)
            grid.addWidget(shown, row, 1)
            self.values[key] = shown

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(badges)
        layout.addWidget(facts)
        problems = [p for p in (report.trust_problem, report.error) if p]
        self.problem = QLabel("；".join(problems))
        self.problem.setObjectName("row_problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problems))
        layout.addWidget(self.problem)

    def _facts(self, r: SignatureReport) -> list[tuple[str, str, str, str]]:
        """(key, caption, value, tooltip) per line; the unit is in the title already."""
        if r.signing_time is not None:
            when = f"{r.signing_time.astimezone():%Y-%m-%d %H:%M:%S}"
            if r.timestamped:
                when += self.tr("（时间戳）")
                when_tip = self.tr("时间来自时间戳服务器")
            else:
                when_tip = self.tr("签章人电脑上的时间（没有时间戳）")
        else:
            when, when_tip = self.tr("未知"), ""
        changes = "；".join(self._change_text(c) for c in r.modifications) or self.tr("无")
        validity = self.tr("证书有效期：{start} 至 {end}").format(
            start=f"{r.certificate.not_before.astimezone():%Y-%m-%d}",
            end=f"{r.certificate.not_after.astimezone():%Y-%m-%d}")
        return [
            ("signer", self.tr("签章人"), r.signer or self.tr("未知"), r.issuer),
            ("credit_code", self.tr("统一社会信用代码"), r.credit_code or self.tr("证书中未找到"), validity),
            ("signing_time", self.tr("签章时间"), when, when_tip),
            ("changes", self.tr("之后的修改"), changes, ""),
        ]

    def _change_text(self, change: Change) -> str:
        labels = {
            Change.SIGNATURE: self.tr("之后有其他签章"),
            Change.FORM_FILLING: self.tr("之后填写了表单"),
            Change.ANNOTATIONS: self.tr("之后添加或修改了批注"),
            Change.OTHER: self.tr("之后有其他修改，内容可能被篡改"),
            Change.UNSIGNED_DATA: self.tr("文件末尾有未签名的数据"),
        }
        return labels.get(change, str(change))

    def text(self) -> str:
        """Everything the card says, one fact a line (for tests and the help desk)."""
        lines = [self.title.text()]
        lines += [f"{k}={label.text()}" for k, label in self.values.items()]
        if self.problem.text():
            lines.append(self.problem.text())
        return "\n".join(lines)


class SignaturesPanel(QWidget):
    """The list of signatures of the file on screen, with a one-line summary above it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatures_panel")
        self.summary = QLabel()
        self.summary.setObjectName("signatures_summary")
        self.summary.setStyleSheet(SUMMARY_STYLE)
        self.summary.setWordWrap(True)

        self._list = QWidget()
        self._list.setObjectName("signatures_list")
        self._rows_layout = QVBoxLayout(self._list)
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self._rows_layout.setSpacing(8)
        self._rows_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self._list)
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.rows: list[SignatureRow] = []
        self.reports: tuple[SignatureReport, ...] = ()
        self.show_nothing()

    def _clear(self) -> None:
        for row in self.rows:
            self._rows_layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        self.reports = ()

    def show_nothing(self) -> None:
        self._clear()
        self.summary.setText(self.tr("打开合同后，这里显示文件中每个签章的验证结果。"))

    def show_checking(self) -> None:
        self._clear()
        self.summary.setText(self.tr("正在验证签章……"))

    def show_failed(self, message: str) -> None:
        self._clear()
        self.summary.setText(self.tr("无法验证签章：{reason}").format(reason=message))

    def show_reports(self, reports: Sequence[SignatureReport]) -> None:
        self._clear()
        self.reports = tuple(reports)
        bad = sum(1 for r in reports if not r.valid)
        if not reports:
            self.summary.setText(self.tr("该文件还没有签章。"))
        elif bad == 0:
            self.summary.setText(self.tr("共 {n} 个签章，全部有效。").format(n=len(reports)))
        else:
            self.summary.setText(self.tr("共 {n} 个签章，其中 {bad} 个有问题。").format(n=len(reports), bad=bad))
        for number, report in enumerate(reports, start=1):
            row = SignatureRow(number, report)
            self._rows_layout.insertWidget(self._rows_layout.count() - 1, row)
            self.rows.append(row)
