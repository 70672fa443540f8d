"""读取证书信息: choose a certificate on an inserted key, see who it names, its validity, and the
preflight — the key layer's diagnosis (the manual's four prompts: key 不可用 / 已经到期 / 可能不是单位 key /
信息有问题) plus the domain's own check of the key's kind (a unit key for CA 自助绑定, the operator's personal
key for 管理 key)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.workflow.binding import BindingRefused, KeyCertificate, key_credit_code
from desktop.domain.workflow.personal_key import Operator, bind_personal_key
from desktop.token.diagnosis import Severity
from desktop.token.inventory import KeyKind
from desktop.ui.pages.ca_binding import texts
from desktop.ui.pages.ca_binding.ops import KeyCandidate


@dataclass(frozen=True)
class Problem:
    title: str
    message: str
    remedy: str
    blocking: bool


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class KeyPanel(QGroupBox):
    """A certificate chooser with its details and preflight. ``operator``: check for that operator's
    personal key (管理 key); None: check for a unit key (CA 自助绑定)."""

    candidate_changed = Signal(object)  # KeyCandidate | None

    def __init__(self, title: str, *, operator: Operator | None = None,
                 clock: Callable[[], dt.datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.operator = operator
        self._clock = clock or _utcnow
        self._candidates: list[KeyCandidate] = []
        self.header = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setObjectName("binding_key_combo")
        self.combo.setMinimumContentsLength(24)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.currentIndexChanged.connect(self._changed)
        self.header.addWidget(self.combo, 1)

        self.holder = QLabel()
        self.code_label = QLabel(self.tr("统一社会信用代码"))
        self.code = QLabel()
        self.serial = QLabel()
        self.validity = QLabel()
        self.token = QLabel()
        for label in (self.holder, self.code, self.serial, self.validity, self.token):
            label.setWordWrap(True)
        self.details = QFormLayout()
        self.details.addRow(self.tr("证书持有者"), self.holder)
        self.details.addRow(self.code_label, self.code)
        self.details.addRow(self.tr("证书编号"), self.serial)
        self.details.addRow(self.tr("有效期"), self.validity)
        self.details.addRow(self.tr("所在 key"), self.token)

        self.preflight = QLabel()
        self.preflight.setObjectName("binding_preflight")
        self.preflight.setWordWrap(True)
        self.empty = QLabel(self.tr("尚未读取证书信息：请插入 key 后点击读取。"))
        self.empty.setStyleSheet("QLabel { color: #666666; }")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(self.header)
        layout.addWidget(self.empty)
        layout.addLayout(self.details)
        layout.addWidget(self.preflight)
        self._show(None)

    def add_button(self, button: QPushButton) -> None:
        """The owner's 【读取】 button, right of the chooser (and kept at the right when there is none)."""
        self.header.addWidget(button, 0, Qt.AlignmentFlag.AlignRight)

    # --- state ---------------------------------------------------------------------------------

    def set_candidates(self, candidates: Sequence[KeyCandidate]) -> None:
        """Fill the chooser after a scan, keeping the chosen key when it is still there; otherwise the
        first key of the wanted kind without errors."""
        previous = self.current()
        wanted = KeyKind.PERSONAL if self.operator is not None else KeyKind.UNIT
        self._candidates = list(candidates)
        self.combo.blockSignals(True)
        self.combo.clear()
        for candidate in self._candidates:
            self.combo.addItem(self._title(candidate))
        index = next((i for i, c in enumerate(self._candidates) if c.same_key(previous)), None)
        if index is None:
            index = next((i for i, c in enumerate(self._candidates)
                          if c.certificate.kind is wanted and not self.problems(c, blocking_only=True)),
                         next((i for i, c in enumerate(self._candidates) if c.certificate.kind is wanted), 0))
        self.combo.setCurrentIndex(index if self._candidates else -1)
        self.combo.blockSignals(False)
        self._changed()

    def current(self) -> KeyCandidate | None:
        index = self.combo.currentIndex()
        return self._candidates[index] if 0 <= index < len(self._candidates) else None

    def blocked(self) -> bool:
        candidate = self.current()
        return candidate is None or bool(self.problems(candidate, blocking_only=True))

    def problems(self, candidate: KeyCandidate, *, blocking_only: bool = False) -> list[Problem]:
        found: list[Problem] = []
        codes = {f.code for f in candidate.findings}
        domain = self._domain_problem(candidate)
        if domain is not None and not (domain[0] == "not_unit_key" and codes & {"not_unit_key", "credit_code_invalid"}):
            found.append(domain[1])  # else the diagnosis says it in the manual's words
        for finding in candidate.findings:
            if finding.code == "not_unit_key" and self.operator is not None:
                continue  # about unit keys; a personal key is checked by the domain rule above
            blocking = finding.severity is Severity.ERROR or finding.code == "not_unit_key"
            title = texts.prompt_title(finding.code, blocking=blocking)
            found.append(Problem(title, finding.message, finding.remedy, blocking))
        return [p for p in found if p.blocking or not blocking_only]

    def _domain_problem(self, candidate: KeyCandidate) -> tuple[str, Problem] | None:
        cert = candidate.certificate
        key = KeyCertificate(serial=cert.fingerprint_sha256, credit_code=cert.credit_code, id_number=cert.id_number)
        if self.operator is None and cert.kind is KeyKind.PERSONAL:
            return "personal_key_as_unit", Problem(
                self.tr("key 可能不是单位 key"),
                self.tr("当前选择的是个人 key（{name}），不能作为单位 key 绑定。").format(name=cert.display_name),
                self.tr("请插入单位 key（机构锁）；个人 key 请使用单位账号登录后，在【操作人员管理】中绑定。"), True)
        try:
            if self.operator is None:
                key_credit_code(key)
            else:
                bind_personal_key(self.operator, key, (), self._clock())
        except BindingRefused as exc:
            return exc.code, Problem(texts.prompt_title(exc.code, blocking=True), exc.message, exc.remedy, True)
        return None

    # --- display -------------------------------------------------------------------------------

    def _title(self, candidate: KeyCandidate) -> str:
        cert = candidate.certificate
        kind = {KeyKind.UNIT: self.tr("单位 key"), KeyKind.PERSONAL: self.tr("个人 key")}.get(
            cert.kind, self.tr("未知类型"))
        code = f"（{candidate.code}）" if candidate.code else ""
        return f"{cert.display_name}{code} — {kind}，{candidate.token_label}"

    def _changed(self) -> None:
        candidate = self.current()
        self._show(candidate)
        self.candidate_changed.emit(candidate)

    def _show(self, candidate: KeyCandidate | None) -> None:
        self.empty.setVisible(candidate is None)
        self.combo.setVisible(bool(self._candidates))
        for row in range(self.details.rowCount()):
            self.details.setRowVisible(row, candidate is not None)
        if candidate is None:
            self.preflight.hide()
            return
        cert = candidate.certificate
        personal = cert.kind is KeyKind.PERSONAL
        self.holder.setText(cert.subject if not cert.display_name else
                            f"{cert.display_name}" + (f"（{cert.organization}）" if personal and cert.organization
                                                      else ""))
        self.holder.setToolTip(cert.subject)
        self.code_label.setText(self.tr("身份证号") if personal else self.tr("统一社会信用代码"))
        self.code.setText(candidate.code or self.tr("（未读到）"))
        self.serial.setText(cert.serial)
        self.validity.setText(self._validity(cert.not_before, cert.not_after))
        self.token.setText(candidate.token_label or candidate.token_serial)
        self._show_preflight(candidate)

    def _validity(self, not_before: dt.datetime, not_after: dt.datetime) -> str:
        span = self.tr("{start} 至 {end}").format(start=f"{not_before:%Y-%m-%d}", end=f"{not_after:%Y-%m-%d}")
        now = self._clock()
        if now > not_after:
            return span + self.tr("（已过期）")
        if now < not_before:
            return span + self.tr("（尚未生效）")
        return span + self.tr("（还有 {days} 天到期）").format(days=(not_after - now).days)

    def _show_preflight(self, candidate: KeyCandidate) -> None:
        problems = self.problems(candidate)
        if not problems:
            self.preflight.setStyleSheet(texts.box_style(texts.GOOD))
            self.preflight.setText(self.tr("证书检查通过。"))
            self.preflight.show()
            return
        blocking = any(p.blocking for p in problems)
        parts = []
        for problem in problems:
            line = f"<b>{html.escape(problem.title)}</b>：{html.escape(problem.message)}"
            if problem.remedy:
                line += f"<br/>{html.escape(self.tr('处理办法：'))}{html.escape(problem.remedy)}"
            parts.append(line)
        self.preflight.setStyleSheet(texts.box_style(texts.BAD if blocking else texts.WARN))
        self.preflight.setText("<br/><br/>".join(parts))
        self.preflight.show()
