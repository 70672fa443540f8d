"""个人证书绑定 (seed manual §三 3.3): personal keys bound per operator (操作人员管理 → 管理 key).

* The unit account first maintains the operator's 身份证号 (validated with GB 11643).
* 添加: the inserted key must be a personal key (a unit key is refused) and the ID number in the key
  must equal the operator's ("请检查 key 中的身份证号与人员信息中的身份证号是否相同").
* One key, one login account: a certificate already bound anywhere is refused.
* 续期 replaces the certificate (same person, new 证书编号) and keeps the old binding as history;
  解绑 ends the binding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace

from desktop.domain.identity import id_number_problem, normalize_code
from desktop.domain.workflow.binding import BindingRefused, KeyCertificate

__all__ = [
    "Operator",
    "PersonalKeyBinding",
    "bind_personal_key",
    "personal_key_id_number",
    "renew_personal_key",
    "unbind_personal_key",
]

_MISMATCH_REMEDY = "可以借助 CA 助手查看 key 中的身份证号。如 key 中身份证号不正确，联系 CA 厂商更新 key 信息。"


@dataclass(frozen=True)
class Operator:
    operator_id: str
    unit_account_id: str
    name: str
    id_number: str | None = None


@dataclass(frozen=True)
class PersonalKeyBinding:
    operator_id: str
    unit_account_id: str
    id_number: str
    certificate_serial: str
    bound_at: dt.datetime
    ended_at: dt.datetime | None = None
    ended_reason: str = ""

    @property
    def active(self) -> bool:
        return self.ended_at is None


def personal_key_id_number(key: KeyCertificate) -> str:
    """The ID number in a personal key; a unit key offered as personal is refused."""
    number = normalize_code(key.id_number or "")
    if not number:
        if key.credit_code:
            raise BindingRefused("unit_key_as_personal", "当前插入的 key 为单位 key，请插入个人 key",
                                 "a unit key cannot be bound as a personal key",
                                 "单位 key 在 CA 自助绑定功能中绑定；个人 key 在操作人员管理中绑定。")
        raise BindingRefused("personal_key_without_id", "未能从 key 中读取身份证号，请确认当前插入的 key 为个人 key",
                             "no ID number in the key", _MISMATCH_REMEDY)
    if id_number_problem(number) is not None:
        raise BindingRefused("personal_key_id_invalid", f"key 中的身份证号“{number}”无效",
                             "invalid ID number in the key", _MISMATCH_REMEDY)
    return number


def _check_owner(operator: Operator, key: KeyCertificate) -> str:
    if not operator.id_number:
        raise BindingRefused("operator_id_number_missing", "请先维护人员身份证号信息",
                             "maintain the operator's ID number first")
    number = personal_key_id_number(key)
    if number != normalize_code(operator.id_number):
        raise BindingRefused("id_number_mismatch", "key 中的身份证号与人员信息中的身份证号不一致",
                             "the ID number in the key differs from the operator's", _MISMATCH_REMEDY)
    return number


def _check_key_free(key: KeyCertificate, bound_serials: Collection[str]) -> None:
    if key.serial in bound_serials:
        raise BindingRefused("key_already_bound", "当前 key 已绑定账号信息，不能再次绑定",
                             "a key binds one login account only")


def bind_personal_key(operator: Operator, key: KeyCertificate, bound_serials: Collection[str], at: dt.datetime
                      ) -> PersonalKeyBinding:
    """添加: bind the inserted personal key to the operator.

    ``bound_serials``: serials of every active binding (unit and personal), for one key ↔ one account.
    """
    number = _check_owner(operator, key)
    _check_key_free(key, bound_serials)
    return PersonalKeyBinding(operator.operator_id, operator.unit_account_id, number, key.serial, at)


def renew_personal_key(binding: PersonalKeyBinding, operator: Operator, key: KeyCertificate,
                       bound_serials: Collection[str], at: dt.datetime
                       ) -> tuple[PersonalKeyBinding, PersonalKeyBinding]:
    """续期: (the closed old binding, the new one) — same person, a new certificate."""
    if not binding.active:
        raise BindingRefused("binding_not_active", "该 key 已解绑，请重新添加", "the binding has ended")
    if binding.operator_id != operator.operator_id:
        raise ValueError("the binding belongs to another operator")
    if key.serial == binding.certificate_serial:
        raise BindingRefused("renewal_same_certificate", "证书编号未变化，无需续期",
                             "same certificate: nothing to renew")
    number = _check_owner(operator, key)
    _check_key_free(key, bound_serials)
    ended = replace(binding, ended_at=at, ended_reason="续期")
    return ended, PersonalKeyBinding(operator.operator_id, operator.unit_account_id, number, key.serial, at)


def unbind_personal_key(binding: PersonalKeyBinding, at: dt.datetime) -> PersonalKeyBinding:
    """解绑."""
    if not binding.active:
        raise BindingRefused("binding_not_active", "该 key 已解绑", "the key is already unbound")
    return replace(binding, ended_at=at, ended_reason="解绑")
