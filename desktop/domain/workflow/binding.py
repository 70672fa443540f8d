"""CA 自助绑定 of unit keys (seed manual §三 3.2; domain-rules.md §C4).

The binding status of the inserted key is computed from plain values: the key's credit code and
certificate serial (证书编号), the user type chosen on the page, the existing accounts and the
existing bindings (:func:`assess_binding`). Statuses, with the manual's explanations
(3.2 步骤二 4 绑定状态说明):

* 未绑定 — 当前 key 未绑定，用户可以进行绑定操作;
* 续期 — 当前 key 已绑定，证书编号不一致视为续期 (the new certificate replaces the old one; the old
  binding is kept as history);
* 已绑定 — 当前 key 已绑定账号信息，不能再次绑定;
* 数据重复 — several accounts of the chosen user type carry the key's credit code;
* 已绑定其他角色 — the key is bound to an account of another user type;
* 未注册 — (not a manual status) no account of that type carries the credit code: 步骤一 1.

Invariants (3 CA 自助绑定 intro): no unit binds several roles with one key, one role one key, one
key one login account. Self-service by the 经办岗; no finance approval. Suppliers synced from the
trading centre get 绑定key未启用 (temporary rights) until they complete their unit information.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace

from desktop.domain.identity import credit_code_problem, normalize_code
from desktop.domain.workflow.common import UserType, WorkflowError

__all__ = [
    "SERVICE_PHONES",
    "STATUS_EXPLANATIONS",
    "AccountOrigin",
    "AccountStatus",
    "BindingAssessment",
    "BindingOutcome",
    "BindingRefused",
    "BindingStatus",
    "KeyCertificate",
    "UnitAccount",
    "UnitKeyBinding",
    "account_status",
    "assess_binding",
    "bind_unit_key",
    "complete_unit_information",
    "has_full_rights",
    "key_credit_code",
    "unbind_unit_key",
]

SERVICE_PHONES = "0371-65808207、0371-65808480"


class BindingStatus(enum.StrEnum):
    UNBOUND = "未绑定"
    RENEWAL = "续期"
    BOUND = "已绑定"
    DUPLICATE = "数据重复"
    BOUND_TO_OTHER_ROLE = "已绑定其他角色"
    NOT_REGISTERED = "未注册"

    @property
    def can_bind(self) -> bool:
        return self in (BindingStatus.UNBOUND, BindingStatus.RENEWAL)


STATUS_EXPLANATIONS: dict[BindingStatus, str] = {
    BindingStatus.UNBOUND: "当前 key 未绑定，用户可以进行绑定操作。",
    BindingStatus.RENEWAL: "当前 key 已绑定，证书编号不一致视为续期。",
    BindingStatus.BOUND: "当前 key 已绑定账号信息，不能再次绑定。",
    BindingStatus.DUPLICATE: ("根据 key 中统一社会信用代码，在选择的用户类型中查询到多条记录，视为重复，"
                              "联系监管单位将多余账号清除后再绑定。"),
    BindingStatus.BOUND_TO_OTHER_ROLE: "当前 key 已经绑定了其他用户类型的账号，不能进行绑定操作。",
    BindingStatus.NOT_REGISTERED: ("未查询到已注册的单位信息：请确保贵单位已注册入库，且注册信息中的统一社会信用代码"
                                   "与办理单位的 CA 锁时提供的信息一致。"),
}


class BindingRefused(WorkflowError):
    """The key cannot be bound (or renewed, unbound) now; ``code`` names the status or the reason."""


class AccountOrigin(enum.StrEnum):
    REGISTERED = "政府采购系统注册"
    TRADING_CENTRE = "公共资源交易中心同步"


class AccountStatus(enum.StrEnum):
    NORMAL = "正常"
    KEY_BOUND_NOT_ENABLED = "绑定key未启用"
    NOT_ENABLED = "未启用"


@dataclass(frozen=True)
class UnitAccount:
    account_id: str
    user_type: UserType
    credit_code: str
    unit_name: str
    origin: AccountOrigin = AccountOrigin.REGISTERED
    unit_information_completed: bool = True
    """For accounts synced from the trading centre: the unit information was maintained and submitted."""


@dataclass(frozen=True)
class KeyCertificate:
    """What 读取证书信息 found on the inserted key (see desktop.domain.cert_identity)."""

    serial: str
    """证书编号."""
    credit_code: str | None = None
    id_number: str | None = None
    subject_name: str = ""


@dataclass(frozen=True)
class UnitKeyBinding:
    account_id: str
    user_type: UserType
    credit_code: str
    certificate_serial: str
    bound_at: dt.datetime
    operator_name: str
    operator_phone: str
    ended_at: dt.datetime | None = None
    ended_reason: str = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None


def key_credit_code(key: KeyCertificate) -> str:
    """The key's credit code, normalised; refuse a key that is probably not a unit key (3.2 步骤二 2)."""
    code = normalize_code(key.credit_code or "")
    if not code or credit_code_problem(code) is not None:
        raise BindingRefused(
            "not_unit_key", "该提示说明使用的 key 可能不是单位 key", "the key is probably not a unit key",
            f"在证书助手上查看社会统一信用代码，是否与本单位营业执照一样。如不一样联系 CA 厂商进行更新，"
            f"若一致则联系政府采购系统客服电话咨询（{SERVICE_PHONES}）。")
    return code


@dataclass(frozen=True)
class BindingAssessment:
    status: BindingStatus
    credit_code: str
    user_type: UserType
    account: UnitAccount | None = None
    current: UnitKeyBinding | None = None
    """The binding the status refers to: the one to renew, or the one already holding the key."""

    @property
    def explanation(self) -> str:
        return STATUS_EXPLANATIONS[self.status]


def assess_binding(key: KeyCertificate, user_type: UserType, accounts: Iterable[UnitAccount],
                   bindings: Iterable[UnitKeyBinding]) -> BindingAssessment:
    """The status shown after 读取证书信息 / 加载单位信息 for the chosen user type."""
    code = key_credit_code(key)
    active = [b for b in bindings if b.active]
    holding = [b for b in active if b.certificate_serial == key.serial]
    for b in holding:
        if b.user_type is not user_type:
            return BindingAssessment(BindingStatus.BOUND_TO_OTHER_ROLE, code, user_type, current=b)
    if holding:
        return BindingAssessment(BindingStatus.BOUND, code, user_type, current=holding[0])
    candidates = [a for a in accounts if a.user_type is user_type and normalize_code(a.credit_code) == code]
    if len(candidates) > 1:
        return BindingAssessment(BindingStatus.DUPLICATE, code, user_type)
    if not candidates:
        return BindingAssessment(BindingStatus.NOT_REGISTERED, code, user_type)
    account = candidates[0]
    existing = next((b for b in active if b.account_id == account.account_id), None)
    status = BindingStatus.RENEWAL if existing is not None else BindingStatus.UNBOUND
    return BindingAssessment(status, code, user_type, account, existing)


@dataclass(frozen=True)
class BindingOutcome:
    binding: UnitKeyBinding
    ended: UnitKeyBinding | None
    """The previous certificate's binding, closed by a renewal (kept as history)."""
    account_status: AccountStatus


def bind_unit_key(assessment: BindingAssessment, key: KeyCertificate, operator_name: str, operator_phone: str,
                  at: dt.datetime) -> BindingOutcome:
    """提交绑定: bind (未绑定) or renew (续期); every other status is refused with its explanation."""
    if not assessment.status.can_bind or assessment.account is None:
        raise BindingRefused(f"binding_{assessment.status.name.lower()}", assessment.explanation,
                             f"cannot bind: {assessment.status.name}")
    if not operator_name.strip() or not operator_phone.strip():
        raise BindingRefused("operator_required", "请填写操作人名称和联系电话", "enter the operator's name and phone")
    if key_credit_code(key) != assessment.credit_code:
        raise ValueError("the assessment was made for another key")
    account = assessment.account
    binding = UnitKeyBinding(account.account_id, account.user_type, assessment.credit_code, key.serial, at,
                             operator_name.strip(), operator_phone.strip())
    ended = None
    if assessment.current is not None:
        ended = replace(assessment.current, ended_at=at, ended_reason="续期")
    return BindingOutcome(binding, ended, account_status(account, has_active_key=True))


def unbind_unit_key(binding: UnitKeyBinding, at: dt.datetime) -> UnitKeyBinding:
    if not binding.active:
        raise BindingRefused("binding_not_active", "该 key 已解绑", "the key is already unbound")
    return replace(binding, ended_at=at, ended_reason="解绑")


def account_status(account: UnitAccount, has_active_key: bool) -> AccountStatus:
    """Synced suppliers: 未启用 → (bind) 绑定key未启用, temporary rights → (complete unit info) 正常."""
    if account.origin is AccountOrigin.REGISTERED or account.unit_information_completed:
        return AccountStatus.NORMAL
    return AccountStatus.KEY_BOUND_NOT_ENABLED if has_active_key else AccountStatus.NOT_ENABLED


def has_full_rights(status: AccountStatus) -> bool:
    """绑定key未启用: "仅具有临时权限"; only 正常 has the formal rights."""
    return status is AccountStatus.NORMAL


def complete_unit_information(account: UnitAccount) -> UnitAccount:
    """The synced supplier logged in with its key, maintained its unit information and submitted it."""
    return replace(account, unit_information_completed=True)
