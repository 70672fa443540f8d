"""Units, user types and posts from the manual, and the separation-of-duty rules over them.

A unit (单位) has a kind; each kind admits certain user types (采购人/代理机构/供应商/监管);
an account of a unit holds one post: 经办岗 (handler: fills in and submits) or 审核岗 (reviewer:
approves inside the unit). The same account never approves its own submission.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from desktop.domain.errors import YucaiError


class UnitKind(enum.StrEnum):
    BUDGET_UNIT = "预算单位"
    CENTRAL_PROCUREMENT = "集中采购机构"
    SOCIAL_AGENCY = "社会代理机构"
    SUPPLIER = "供应商"
    FINANCE = "财政部门"
    REGULATOR = "监管部门"
    TRADING_CENTER = "公共资源交易中心"


class UserType(enum.StrEnum):
    PURCHASER = "采购人"
    AGENCY = "代理机构"
    SUPPLIER = "供应商"
    REGULATOR = "监管"


class Post(enum.StrEnum):
    HANDLER = "经办岗"
    REVIEWER = "审核岗"


USER_TYPES_BY_UNIT_KIND: Mapping[UnitKind, frozenset[UserType]] = {
    UnitKind.BUDGET_UNIT: frozenset({UserType.PURCHASER}),
    # 集采机构 file plans with their unit's 采购人 account (manual 1.3.3) and run projects as agency
    UnitKind.CENTRAL_PROCUREMENT: frozenset({UserType.AGENCY, UserType.PURCHASER}),
    UnitKind.SOCIAL_AGENCY: frozenset({UserType.AGENCY}),
    UnitKind.SUPPLIER: frozenset({UserType.SUPPLIER}),
    UnitKind.FINANCE: frozenset({UserType.REGULATOR}),
    UnitKind.REGULATOR: frozenset({UserType.REGULATOR}),
    UnitKind.TRADING_CENTER: frozenset({UserType.REGULATOR}),
}


class RoleViolation(YucaiError):
    """An action or an account shape the roles do not allow."""

    code = "role_violation"

    def __init__(self, message: str, message_en: str, code: str | None = None) -> None:
        super().__init__(message, message_en)
        if code:
            self.code = code


def check_account_shape(unit_kind: UnitKind, user_type: UserType) -> None:
    """Raise :class:`RoleViolation` when a unit of this kind cannot hold this user type."""
    if user_type not in USER_TYPES_BY_UNIT_KIND[unit_kind]:
        raise RoleViolation(f"{unit_kind.value}不能开设“{user_type.value}”类型的账号",
                            f"a {unit_kind.name} unit cannot hold a {user_type.name} account",
                            "account_type_not_allowed")


def require_handler(post: Post, action_zh: str) -> None:
    if post is not Post.HANDLER:
        raise RoleViolation(f"只有经办岗可以{action_zh}", f"only a handler post may do this ({action_zh})",
                            "post_not_handler")


def require_reviewer(post: Post, action_zh: str) -> None:
    if post is not Post.REVIEWER:
        raise RoleViolation(f"只有审核岗可以{action_zh}", f"only a reviewer post may do this ({action_zh})",
                            "post_not_reviewer")


def require_not_own_submission(reviewer_account_id: str, submitter_account_id: str) -> None:
    """Separation of duties: an account never approves what it submitted."""
    if reviewer_account_id == submitter_account_id:
        raise RoleViolation("不能审核本人提交的事项", "an account cannot approve its own submission",
                            "own_submission")


def require_same_unit(actor_unit_id: str, record_unit_id: str) -> None:
    if actor_unit_id != record_unit_id:
        raise RoleViolation("只能办理本单位的事项", "only records of the caller's own unit", "other_unit")
