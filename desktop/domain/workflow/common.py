"""Values shared by the framework-agreement, signing and binding workflows.

Seed manual §一 1.1–1.3 (框架协议采购), §二 (合同在线签订), §三 (CA 自助绑定). Everything here is a
frozen value: a rule either returns a value (a new state, an event, a list of warnings) or raises a
:class:`WorkflowError` whose ``code`` is stable and whose message uses the manual's wording.

Error tree (all under :class:`desktop.domain.errors.YucaiError`)::

    WorkflowError                 a rule of the manual refuses the action (code per instance)
     ├── FormInvalid              a filled-in form breaks one or more rules (.problems)
     ├── FieldLocked              a field carried from elsewhere may not be changed
     └── TransitionRefused        a state-machine action is not allowed now / for this actor

Warnings (Order No. 110 rules the manual does not enforce) are :class:`RuleWarning` values.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from desktop.domain.errors import YucaiError
from desktop.domain.roles import Post, UserType

__all__ = [
    "Actor",
    "AdminLevel",
    "Category",
    "FieldLocked",
    "FormInvalid",
    "Item",
    "Post",
    "Problem",
    "Region",
    "RuleWarning",
    "Transition",
    "TransitionRefused",
    "UserType",
    "WorkflowError",
    "WorkflowEvent",
    "category_of_item_code",
    "require_reason",
]


# --- errors and warnings -----------------------------------------------------------------------

class WorkflowError(YucaiError):
    """A rule of the manual refuses the action. ``code`` is stable; branch on it, not on text."""

    code = "workflow_refused"

    def __init__(self, code: str, message: str, message_en: str, remedy: str = "") -> None:
        super().__init__(message, message_en)
        self.code = code
        if remedy:
            self.remedy = remedy


@dataclass(frozen=True)
class Problem:
    """One violated rule of a form: which field, a stable code, the Chinese and English message."""

    code: str
    field: str
    message: str
    message_en: str


@dataclass(frozen=True)
class RuleWarning:
    """A rule worth telling the user about that does not block (Order No. 110 beyond the manual)."""

    code: str
    message: str
    message_en: str
    source: str = ""
    """Where the rule comes from, e.g. "财政部令第110号（一般规定）"."""


class FormInvalid(WorkflowError):
    """A form breaks one or more rules; all of them are in ``problems`` (the first gives the code)."""

    def __init__(self, form_code: str, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("FormInvalid needs at least one problem")
        message = "；".join(p.message for p in self.problems)
        message_en = "; ".join(p.message_en for p in self.problems)
        super().__init__(form_code, message, message_en)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.problems)


class FieldLocked(WorkflowError):
    """A field carried from an earlier record (plan, result announcement) cannot be changed."""

    def __init__(self, code: str, fields: Iterable[str], message: str, message_en: str, remedy: str = "") -> None:
        super().__init__(code, message, message_en, remedy)
        self.fields: tuple[str, ...] = tuple(fields)


class TransitionRefused(WorkflowError):
    """A state-machine action that the current state or the acting account does not allow."""


def require_reason(reason: str) -> str:
    """A return (退回) always carries a reason."""
    text = reason.strip()
    if not text:
        raise TransitionRefused("return_reason_required", "退回时必须填写退回原因", "a return needs a reason")
    return text


# --- who acts ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    """The logged-in account doing something: its unit, user type and post (岗位)."""

    account_id: str
    unit_id: str
    user_type: UserType
    post: Post
    name: str = ""


# --- events and transitions --------------------------------------------------------------------

S = TypeVar("S")


@dataclass(frozen=True)
class WorkflowEvent:
    """What happened, for the record's history and the change feed. ``at`` is given by the caller."""

    subject_id: str
    action: str
    from_state: str
    to_state: str
    actor_account_id: str
    actor_unit_id: str
    at: dt.datetime
    reason: str = ""
    detail: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Transition(Generic[S]):
    """The result of an allowed action: the record in its new state and the event to store."""

    record: S
    event: WorkflowEvent


# --- what is bought and where --------------------------------------------------------------------

class Category(enum.StrEnum):
    """项目分类 of a framework-agreement project (Order No. 110 Art. 2: goods and services)."""

    GOODS = "货物"
    SERVICES = "服务"


def category_of_item_code(code: str) -> Category | None:
    """The category of a 《政府采购品目分类目录》 code: A… goods, C… services (B… works: none)."""
    head = code.strip()[:1].upper()
    return {"A": Category.GOODS, "C": Category.SERVICES}.get(head)


@dataclass(frozen=True)
class Item:
    """A 品目 of the procurement content. ``in_catalogue``: inside the 集中采购目录 (集采品目)."""

    code: str
    name: str
    in_catalogue: bool

    @property
    def category(self) -> Category | None:
        return category_of_item_code(self.code)


class AdminLevel(enum.StrEnum):
    PROVINCE = "省本级"
    CITY = "市级"
    COUNTY = "县级"


@dataclass(frozen=True)
class Region:
    """An administrative division (GB/T 2260 code), e.g. 410100 郑州市.

    A region covers every division whose code starts with its significant prefix: 郑州市 (410100)
    covers 410102 中原区 and all other purchasers in 郑州市 (manual 1.3.3, 适用采购人或服务对象范围).
    """

    code: str
    name: str

    def __post_init__(self) -> None:
        if len(self.code) != 6 or not self.code.isascii() or not self.code.isdigit():
            raise ValueError(f"region code must have 6 digits: {self.code!r}")

    @property
    def level(self) -> AdminLevel:
        if self.code.endswith("0000"):
            return AdminLevel.PROVINCE
        if self.code.endswith("00"):
            return AdminLevel.CITY
        return AdminLevel.COUNTY

    @property
    def prefix(self) -> str:
        return {AdminLevel.PROVINCE: self.code[:2], AdminLevel.CITY: self.code[:4]}.get(self.level, self.code)

    def covers(self, division_code: str) -> bool:
        return division_code.startswith(self.prefix)

