"""The wording of the CA binding pages: the manual's 操作指引, the four read-failure prompts as headings
for the diagnosis findings, the status colours, and what to do after a refusal.

Plain functions over ``QCoreApplication.translate`` (context ``CaBindingTexts``; lupdate needs the
literal call), so every string goes through Qt's translation like the widgets' ``self.tr``.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.domain.errors import YucaiError
from desktop.domain.workflow.binding import BindingStatus

CONTEXT = "CaBindingTexts"
translate = QCoreApplication.translate

GOOD = "#1b5e20", "#e8f5e9", "#a5d6a7"
INFO = "#0d47a1", "#e3f2fd", "#90caf9"
WARN = "#7a4100", "#fff3e0", "#ffb74d"
BAD = "#b71c1c", "#fdecea", "#ef9a9a"
IDLE = "#424242", "#f5f5f5", "#e0e0e0"

STATUS_COLOURS = {
    BindingStatus.UNBOUND.value: GOOD,
    BindingStatus.RENEWAL.value: INFO,
    BindingStatus.BOUND.value: WARN,
    BindingStatus.DUPLICATE.value: BAD,
    BindingStatus.BOUND_TO_OTHER_ROLE.value: BAD,
    BindingStatus.NOT_REGISTERED.value: BAD,
}


def box_style(colours: tuple[str, str, str]) -> str:
    fg, bg, border = colours
    return (f"QLabel {{ color: {fg}; background: {bg}; border: 1px solid {border}; border-radius: 4px;"
            " padding: 8px; }")


def _para(text: str, bold: bool = False) -> str:
    escaped = html.escape(text)
    return f"<p><b>{escaped}</b></p>" if bold else f"<p>{escaped}</p>"


def _items(lines: list[str]) -> str:
    return "<ol style='margin-left:-24px'>" + "".join(f"<li>{html.escape(t)}</li>" for t in lines) + "</ol>"


def guide_html() -> str:
    """操作指引 (seed manual §三 intro, 3.2 步骤一 and 步骤二, 步骤三, 3.3)."""
    return "".join([
        _para(QCoreApplication.translate(
            "CaBindingTexts", "可以供采购人、代理机构、供应商等角色绑定单位 key。"
            "本功能所有操作均为用户经办岗进行自助操作，不需财政部门审核。")),
        _para(QCoreApplication.translate("CaBindingTexts", "相关准备工作"), bold=True),
        _items([
            QCoreApplication.translate(
                "CaBindingTexts", "确保贵单位已注册入库，且注册信息中的统一社会信用代码"
                "与办理单位的 CA 锁时提供的信息一致。"),
            QCoreApplication.translate(
                "CaBindingTexts", "完善备案信息后，打开互认版驱动（若未安装驱动，下载驱动），"
                "并插入机构锁点击【读取证书信息】，确认证书信息是否正确。"),
            QCoreApplication.translate("CaBindingTexts", "若读取的证书信息异常，请联系发锁机构更新升级证书。")]),
        _para(QCoreApplication.translate("CaBindingTexts", "绑定 CA 证书"), bold=True),
        _items([
            QCoreApplication.translate("CaBindingTexts", "选择要绑定的用户类型，填写操作人名称和联系电话。"),
            QCoreApplication.translate(
                "CaBindingTexts", "点击【读取证书信息】按钮，自动读取证书信息和已注册单位信息；如未自动加载，"
                "点击【加载单位信息】。"),
            QCoreApplication.translate(
                "CaBindingTexts", "核对单位信息和绑定状态，勾选确认项，点击【提交绑定】并输入 key 的口令（PIN）。")]),
        _para(QCoreApplication.translate("CaBindingTexts", "注意"), bold=True),
        _items([
            QCoreApplication.translate(
                "CaBindingTexts", "政府采购系统暂不支持一个单位多角色绑定。需一个角色绑定一个 key。"
                "一个 key 只能绑定一个登录账号。"),
            QCoreApplication.translate(
                "CaBindingTexts", "未在政府采购系统注册、但已在河南省公共资源交易中心注册的供应商，可以直接绑定 key，"
                "绑 key 后状态为【绑定 key 未启用】，仅具有临时权限，"
                "需使用 key 登录，维护单位信息并提交后才具有正式功能权限。"),
            QCoreApplication.translate(
                "CaBindingTexts", "个人 key 请使用单位账号登录后，"
                "在【操作人员管理】中点击相应人员的【管理 key】绑定。")]),
    ])


def prompt_title(code: str, *, blocking: bool) -> str:
    """Which of the manual's four prompts (步骤二 2) a diagnosis finding (or a domain refusal) is."""
    if code in ("cert_expired", "certificate_expired"):
        return QCoreApplication.translate("CaBindingTexts", "key 已经到期")
    if code == "cert_not_yet_valid":
        return QCoreApplication.translate("CaBindingTexts", "证书尚未生效")
    if code == "not_unit_key":
        return QCoreApplication.translate("CaBindingTexts", "key 可能不是单位 key")
    if code in ("unit_key_as_personal", "personal_key_without_id"):
        return QCoreApplication.translate("CaBindingTexts", "不是个人 key")
    if code == "id_number_mismatch":
        return QCoreApplication.translate("CaBindingTexts", "身份证号不一致")
    if code == "operator_id_number_missing":
        return QCoreApplication.translate("CaBindingTexts", "未维护身份证号")
    if code in ("credit_code_invalid", "personal_key_id_invalid"):
        return QCoreApplication.translate("CaBindingTexts", "key 信息有问题")
    if not blocking:
        return QCoreApplication.translate("CaBindingTexts", "提醒")
    return QCoreApplication.translate("CaBindingTexts", "key 不可用")


_AGAIN = QT_TRANSLATE_NOOP("CaBindingTexts", "请重新点击【提交绑定】。")
_ONE_ACCOUNT = QT_TRANSLATE_NOOP("CaBindingTexts",
                                 "该操作人员需要有且只有一个登录账号才能绑定个人 key，请联系监管单位处理。")
_REMEDIES: dict[str, object] = {  # QT_TRANSLATE_NOOP returns the text (typed object)
    "binding_bound": QT_TRANSLATE_NOOP("CaBindingTexts", "该 key 已绑定账号，可以直接用该 key 登录，无需再次绑定。"),
    "binding_bound_to_other_role": QT_TRANSLATE_NOOP(
        "CaBindingTexts", "请核对选择的用户类型；一个 key 只能绑定一个登录账号，需绑定其他角色时请使用另一个 key。"),
    "binding_conflict": QT_TRANSLATE_NOOP("CaBindingTexts", "请重新点击【读取证书信息】后再提交。"),
    "nonce_used": _AGAIN,
    "nonce_expired": _AGAIN,
    "nonce_unknown": _AGAIN,
    "operator_account_missing": _ONE_ACCOUNT,
    "operator_account_ambiguous": _ONE_ACCOUNT,
    "session_missing": QT_TRANSLATE_NOOP("CaBindingTexts", "请先用单位账号登录。"),
    "key_already_bound": QT_TRANSLATE_NOOP("CaBindingTexts",
                                           "一个 key 只能绑定一个登录账号：请插入该操作人员自己的个人 key。"),
    "personal_key_unknown": QT_TRANSLATE_NOOP("CaBindingTexts", "请点击【刷新】重新读取已绑定的 key。"),
}


def what_to_do(error: BaseException) -> str:
    """The remedy to show under a refusal (empty when its message already says what to do)."""
    if not isinstance(error, YucaiError):
        return ""
    if error.remedy:
        return error.remedy
    text = _REMEDIES.get(error.code)
    return translate(CONTEXT, str(text)) if text else ""


def error_html(error: BaseException) -> str:
    """A refusal as rich text: the message (the server's Chinese), then 处理办法."""
    message = error.message if isinstance(error, YucaiError) else str(error)
    remedy = what_to_do(error)
    text = html.escape(message)
    if remedy:
        label = QCoreApplication.translate("CaBindingTexts", "处理办法：")
        text += f"<br/><b>{html.escape(label)}</b>{html.escape(remedy)}"
    return text
