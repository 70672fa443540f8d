"""绑定记录 (issue 5 item 7), for a 监管 account: every bind, renewal, refusal and unbind of a unit key or a
personal key — when, what, the outcome, the user type, the unit, the operator, the certificate's serial
number and SHA-256 fingerprint — as the server recorded them.

Read from ``GET /binding/audit`` in the background, one page at a time (newest first;
【加载更多】 fetches the next page), optionally for one 统一社会信用代码, checked with its check character
before the server is asked. Nothing is kept locally: offline, the panel says the records need the server.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import YucaiError
from desktop.domain.identity import InvalidIdentityCode, normalize_code, validate_credit_code
from desktop.domain.protocol import AccountInfo, BindingAuditEntry, BindingAuditPage
from desktop.domain.roles import UserType
from desktop.sync.binding import BindingService
from desktop.sync.errors import SyncError, SyncErrorKind
from desktop.ui.errors import present_error
from desktop.ui.pages.ca_binding import ops, texts

log = logging.getLogger(__name__)

PAGE_SIZE = 100
OK = "ok"
"""The outcome of an accepted action; a refusal carries its code."""
(TIME, ACTION, OUTCOME, USER_TYPE, UNIT, OPERATOR, SERIAL, FINGERPRINT, NOTE) = range(9)
COLUMNS = 9
FULL_TEXT = Qt.ItemDataRole.UserRole
"""The untruncated value of a shortened cell (serial number, fingerprint)."""


def shorten(value: str, keep: int = 6) -> str:
    """``0123ab…89cdef``: the head and tail of a long hex value (the full one goes in the tooltip)."""
    return value if len(value) <= 2 * keep + 1 else f"{value[:keep]}…{value[-keep:]}"


def is_regulator(account: AccountInfo | None) -> bool:
    return account is not None and account.user_type == UserType.REGULATOR.value


class BindingAuditPanel(QWidget):
    def __init__(self, binding: BindingService, *, ready: ops.Ready | None = None, page_size: int = PAGE_SIZE,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("binding_audit_panel")
        self._binding, self._ready, self._page_size = binding, ready, page_size
        self.account: AccountInfo | None = None
        self.entries: list[BindingAuditEntry] = []
        self.credit_code: str | None = None
        """The filter the list shows (normalised and checked), None for every record."""
        self.after = 0
        """The cursor of the next page (the id of the last record shown)."""
        self.has_more = False
        self._generation = 0  # a refresh, a new filter or another account makes older answers stale
        self._busy = 0
        self._stale = True  # load when the tab is first shown
        self._loaded = False

        intro = QLabel(self.tr("单位 key 和个人 key 的每一次绑定、续期、解绑，以及被拒绝的绑定申请，都记录在服务器上，"
                               "按时间先后列出。将鼠标停在证书序列号或指纹上可以看到完整的值。"))
        intro.setWordWrap(True)

        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("audit_credit_code")
        self.code_edit.setPlaceholderText(self.tr("18 位代码，留空查看全部"))
        self.code_edit.setClearButtonEnabled(True)
        self.code_edit.setMaxLength(40)
        self.code_edit.setMinimumWidth(220)
        self.code_edit.returnPressed.connect(self.query)
        self.query_button = QPushButton(self.tr("查询"))
        self.query_button.setObjectName("audit_query")
        self.query_button.clicked.connect(self.query)
        self.reset_button = QPushButton(self.tr("重置"))
        self.reset_button.clicked.connect(self.reset)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("audit_refresh")
        self.refresh_button.setToolTip(self.tr("从服务器重新读取绑定记录"))
        self.refresh_button.clicked.connect(self.refresh)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(100)
        self.busy.setTextVisible(False)
        self.busy.hide()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("统一社会信用代码")))
        bar.addWidget(self.code_edit)
        bar.addWidget(self.query_button)
        bar.addWidget(self.reset_button)
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addWidget(self.refresh_button)

        self.filter_error = QLabel()
        self.filter_error.setObjectName("audit_filter_error")
        self.filter_error.setWordWrap(True)
        self.filter_error.setStyleSheet("QLabel { color: #c62828; }")
        self.filter_error.hide()
        self.code_edit.textEdited.connect(lambda _text: self.filter_error.hide())
        self.notice = QLabel()
        self.notice.setObjectName("audit_notice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([
            self.tr("时间"), self.tr("操作"), self.tr("结果"), self.tr("用户类型"), self.tr("单位/统一社会信用代码"),
            self.tr("操作人员"), self.tr("证书序列号"), self.tr("SHA-256 指纹"), self.tr("说明")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)  # a refusal's 说明 on two lines; the other columns fit their text
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 10)  # date / time, unit / code
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(48)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self._mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        self.empty = QLabel()
        self.empty.setObjectName("audit_empty")
        self.empty.setStyleSheet("QLabel { color: #666666; }")
        self.empty.hide()
        self.count_label = QLabel()
        self.count_label.setObjectName("audit_count")
        self.count_label.setStyleSheet("QLabel { color: #666666; }")
        self.more_button = QPushButton(self.tr("加载更多"))
        self.more_button.setObjectName("audit_more")
        self.more_button.clicked.connect(self.load_more)
        footer = QHBoxLayout()
        footer.addWidget(self.count_label, 1)
        footer.addWidget(self.more_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(bar)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.notice)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(footer)
        self.set_account(None)

    # --- state ---------------------------------------------------------------------------------

    @property
    def allowed(self) -> bool:
        """A 监管 account is logged in: the records may be read."""
        return is_regulator(self.account)

    @property
    def busy_now(self) -> bool:
        return self._busy > 0

    def _update(self) -> None:
        allowed, idle = self.allowed, self._busy == 0
        for widget in (self.code_edit, self.query_button, self.reset_button, self.refresh_button):
            widget.setEnabled(allowed)
        self.more_button.setEnabled(allowed and idle and self.has_more)
        self.more_button.setVisible(self.has_more)
        self.busy.setVisible(not idle)
        if not self._loaded:
            self.count_label.setText(self.tr("正在读取……") if not idle else "")
        elif self.has_more:
            self.count_label.setText(self.tr("已加载 {count} 条记录，点击【加载更多】查看之后的记录").format(
                count=len(self.entries)))
        else:
            self.count_label.setText(self.tr("共 {count} 条记录").format(count=len(self.entries)))

    def _say(self, text_html: str, colours: tuple[str, str, str]) -> None:
        self.notice.setStyleSheet(texts.box_style(colours))
        self.notice.setText(text_html)
        self.notice.show()

    def set_account(self, account: AccountInfo | None) -> None:
        """The logged-in account (None: logged out). Only a 监管 account reads the records."""
        if account is not None and account == self.account:
            return  # the same session told again: keep what is shown
        self.account = account
        self._clear()
        self.code_edit.clear()
        self.credit_code = None
        self.filter_error.hide()
        if account is None:
            self._say(html.escape(self.tr("请先用监管账号登录，登录后可以在这里查看 CA 绑定记录。")), texts.IDLE)
        elif not self.allowed:
            self._say(html.escape(self.tr("仅监管账号可以查看 CA 绑定记录；当前账号的用户类型为{user_type}。").format(
                user_type=self._user_type(account.user_type))), texts.WARN)
        else:
            self.notice.hide()
            self._stale = True
            if self.isVisible():
                self.refresh()
        self._update()

    def _clear(self) -> None:
        self._generation += 1
        self.entries, self.after, self.has_more, self._loaded = [], 0, False, False
        self.table.setRowCount(0)
        self.empty.hide()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.allowed:
            self.refresh()

    # --- loading -------------------------------------------------------------------------------

    def query(self) -> None:
        """【查询】: the 统一社会信用代码 in the field (checked first), or every record when it is empty."""
        raw = self.code_edit.text()
        if not normalize_code(raw):
            code = None
        else:
            try:
                code = validate_credit_code(raw)
            except InvalidIdentityCode as exc:
                self.filter_error.setText(exc.message)
                self.filter_error.show()
                return
            self.code_edit.setText(code)
        self.filter_error.hide()
        self.credit_code = code
        self.refresh()

    def reset(self) -> None:
        """【重置】: no filter, every record."""
        self.code_edit.clear()
        self.filter_error.hide()
        self.credit_code = None
        self.refresh()

    def refresh(self) -> None:
        """【刷新】: read the records again from the first page, with the filter shown."""
        if not self.allowed:
            return
        self._stale = False
        self._clear()
        self.notice.hide()
        self._load()

    def load_more(self) -> None:
        """【加载更多】: the next page after the last record shown."""
        if self.allowed and self.has_more and self._busy == 0:
            self._load()

    def _load(self) -> None:
        generation = self._generation
        self._busy += 1
        self._update()
        ops.load_audit(self, self._binding, self.after, self._page_size, self.credit_code, self._ready) \
            .success(lambda page: self._show_page(generation, page)) \
            .failure(lambda error: self._failed(generation, error)) \
            .finally_(self._done).run()

    def _done(self) -> None:
        self._busy = max(0, self._busy - 1)
        self._update()

    def _show_page(self, generation: int, page: BindingAuditPage) -> None:
        if generation != self._generation:
            return
        first = len(self.entries)
        self.entries.extend(page.entries)
        self.after, self.has_more, self._loaded = page.next_cursor, page.has_more, True
        self.table.setRowCount(len(self.entries))
        for offset, entry in enumerate(page.entries):
            self._fill_row(first + offset, entry)
        if not self.entries:
            self.empty.setText(self.tr("没有统一社会信用代码为 {code} 的绑定记录。").format(code=self.credit_code)
                               if self.credit_code else self.tr("暂无绑定记录。"))
        self.empty.setVisible(not self.entries)
        self._update()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(error, YucaiError):
            present_error(self, error)  # a bug: logged, with the details offered
            return
        self._say(self.error_html(error), texts.BAD)

    def error_html(self, error: YucaiError) -> str:
        """What a failed read says, in plain Chinese, with what to do."""
        if isinstance(error, SyncError) and error.kind is SyncErrorKind.OFFLINE:
            return html.escape(self.tr("无法连接服务器：绑定记录保存在服务器上，需要联网查看。"
                                       "请检查网络连接后点击【刷新】。"))
        if isinstance(error, SyncError) and error.kind is SyncErrorKind.AUTH and error.code != "audit_regulator_only":
            return html.escape(error.message) + "<br/>" + html.escape(
                self.tr("请用监管账号重新登录后点击【刷新】。"))
        if isinstance(error, SyncError) and error.kind is SyncErrorKind.SERVER:
            return html.escape(error.message) + "<br/>" + html.escape(self.tr("请稍后点击【刷新】重试。"))
        return texts.error_html(error)

    # --- rows ----------------------------------------------------------------------------------

    def _user_type(self, value: str) -> str:
        names = {UserType.PURCHASER.value: self.tr("采购人"), UserType.AGENCY.value: self.tr("代理机构"),
                 UserType.SUPPLIER.value: self.tr("供应商"), UserType.REGULATOR.value: self.tr("监管")}
        return names.get(value, value)

    def _action(self, entry: BindingAuditEntry) -> str:
        names = {"绑定": self.tr("绑定"), "续期": self.tr("续期"), "解绑": self.tr("解绑")}
        action = names.get(entry.action, entry.action)
        # the anonymous self-service binding is a unit key's; a logged-in unit account acts on personal keys
        if entry.actor_username:
            return self.tr("{action}（个人 key）").format(action=action)
        return self.tr("{action}（单位 key）").format(action=action)

    def _note(self, entry: BindingAuditEntry) -> tuple[str, str]:
        """The 说明 cell and its tooltip."""
        if entry.outcome != OK:
            text = entry.message or entry.outcome
            return text, self.tr("{message}（代码：{code}）").format(message=text, code=entry.outcome)
        if not entry.account_username:
            return "", ""
        text = self.tr("登录账号：{username}").format(username=entry.account_username)
        if entry.action == "解绑":
            return text, self.tr("该 key 不能再登录账号 {username}").format(username=entry.account_username)
        return text, self.tr("该 key 可以登录账号 {username}").format(username=entry.account_username)

    def _fill_row(self, row: int, entry: BindingAuditEntry) -> None:
        ok = entry.outcome == OK
        unit = entry.unit_name or ""
        code = entry.credit_code or ""
        unit_text = "\n".join(t for t in (unit, code) if t)
        unit_tip = "\n".join(t for t in (unit, code and self.tr("统一社会信用代码：{code}").format(code=code)) if t)
        who = "\n".join(t for t in (entry.operator_name, entry.operator_phone) if t)
        who_tip = who
        if entry.actor_username:
            who_tip = "\n".join(t for t in (who, self.tr("经办账号：{username}").format(
                username=entry.actor_username)) if t)
        serial, fingerprint = entry.certificate_serial or "", entry.fingerprint_sha256 or ""
        note, note_tip = self._note(entry)
        when = entry.at.astimezone()
        cells: list[tuple[str, str, str | None]] = [  # text, tooltip, full value
            (f"{when:%Y-%m-%d}\n{when:%H:%M:%S}", f"{when:%Y-%m-%d %H:%M:%S %Z}", None),
            (self._action(entry), "", None),
            (self.tr("成功") if ok else self.tr("拒绝"), "" if ok else entry.outcome, None),
            (self._user_type(entry.user_type), "", None),
            (unit_text, unit_tip, None),
            (who, who_tip, None),
            (shorten(serial), serial, serial),
            (shorten(fingerprint), fingerprint and self.tr("SHA-256：{fingerprint}").format(
                fingerprint=fingerprint), fingerprint),
            (note, note_tip, None),
        ]
        for column, (text, tip, full) in enumerate(cells):
            item = QTableWidgetItem(text)
            if tip:
                item.setToolTip(tip)
            if full is not None:
                item.setData(FULL_TEXT, full)
                item.setFont(self._mono)
            if column == OUTCOME:
                item.setForeground(Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.red)
            elif column == NOTE and not ok:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.table.setItem(row, column, item)
