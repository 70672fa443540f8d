"""入围供应商管理: shortlisted suppliers and their 委托代理商 (seed manual 1.3.1.3, 1.3.1.2 2 (3)).

* Suppliers are synced from the 入围结果公告 when it is saved (:func:`sync_roster`).
* 供应商名称、统一社会信用代码不允许修改; address, contact person and phone may change
  (:func:`edit_supplier`).
* A supplier may have one or more 委托代理商 (Order No. 110: one or more agents, domain-rules.md
  §A7), maintained here (:func:`add_agent`, :func:`update_agent`, :func:`remove_agent`).

Every credit code that enters goes through :func:`desktop.domain.identity.validate_credit_code`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from desktop.domain.identity import InvalidIdentityCode, normalize_code, validate_credit_code
from desktop.domain.workflow.common import FieldLocked, WorkflowError

__all__ = [
    "Agent",
    "ShortlistedSupplier",
    "SupplierInfo",
    "add_agent",
    "check_phone",
    "edit_supplier",
    "remove_agent",
    "supplier_info",
    "sync_roster",
    "update_agent",
]


@dataclass(frozen=True)
class SupplierInfo:
    """A supplier as named on a result announcement, a roster or an agreement."""

    name: str
    credit_code: str
    address: str = ""
    contact_person: str = ""
    phone: str = ""


Agent = SupplierInfo
"""A 委托代理商 carries the same fields as a supplier."""


@dataclass(frozen=True)
class ShortlistedSupplier:
    """One row of 入围供应商管理: the supplier and its 委托代理商."""

    info: SupplierInfo
    agents: tuple[Agent, ...] = ()

    @property
    def credit_code(self) -> str:
        return self.info.credit_code


def check_phone(phone: str, label: str = "联系电话") -> str:
    """An empty or plausible phone number (digits, -, +, spaces, 7–20 characters)."""
    text = phone.strip()
    if text and (not 7 <= len(text) <= 20 or not all(c.isdigit() or c in "-+ " for c in text)):
        raise WorkflowError("phone_invalid", f"{label}“{phone}”格式不正确", f"invalid phone number {phone!r}")
    return text


def supplier_info(name: str, credit_code: str, address: str = "", contact_person: str = "", phone: str = "",
                  label: str = "供应商") -> SupplierInfo:
    """A checked :class:`SupplierInfo`: a name, a valid credit code (normalised), a plausible phone."""
    if not name.strip():
        raise WorkflowError("supplier_name_required", f"{label}名称不能为空", "the supplier name is required")
    try:
        code = validate_credit_code(credit_code)
    except InvalidIdentityCode as exc:
        raise WorkflowError("supplier_credit_code_invalid", f"{label}“{name.strip()}”的{exc.message}",
                            exc.message_en) from exc
    return SupplierInfo(name.strip(), code, address.strip(), contact_person.strip(), check_phone(phone))


def _checked(info: SupplierInfo, label: str = "供应商") -> SupplierInfo:
    return supplier_info(info.name, info.credit_code, info.address, info.contact_person, info.phone, label)


def sync_roster(roster: Iterable[ShortlistedSupplier], announced: Iterable[SupplierInfo]
                ) -> tuple[ShortlistedSupplier, ...]:
    """The roster after the result announcement is saved, in the announcement's order.

    Suppliers already on the roster keep their maintained address, contacts and agents; new ones
    arrive as announced; suppliers no longer announced leave the roster.
    """
    by_code = {normalize_code(s.credit_code): s for s in roster}
    synced: list[ShortlistedSupplier] = []
    for info in announced:
        checked = _checked(info)
        synced.append(by_code.get(checked.credit_code, ShortlistedSupplier(checked)))
    return tuple(synced)


def edit_supplier(supplier: ShortlistedSupplier, changed: SupplierInfo) -> ShortlistedSupplier:
    """Change address, contact person or phone; name and credit code are locked."""
    locked = [f for f in ("name", "credit_code") if _differs(getattr(supplier.info, f), getattr(changed, f))]
    if locked:
        raise FieldLocked("supplier_identity_locked", locked, "供应商名称、统一社会信用代码不允许修改",
                          "the supplier's name and credit code cannot be changed")
    info = replace(supplier.info, address=changed.address.strip(), contact_person=changed.contact_person.strip(),
                   phone=check_phone(changed.phone))
    return replace(supplier, info=info)


def _differs(old: str, new: str) -> bool:
    return normalize_code(old) != normalize_code(new)


def add_agent(supplier: ShortlistedSupplier, agent: Agent) -> ShortlistedSupplier:
    """Add a 委托代理商; the same unit once per supplier, and never the supplier itself."""
    checked = _checked(agent, "委托代理商")
    if checked.credit_code == supplier.credit_code:
        raise WorkflowError("agent_is_supplier", "委托代理商不能是入围供应商本身",
                            "an agent cannot be the supplier itself")
    if any(a.credit_code == checked.credit_code for a in supplier.agents):
        raise WorkflowError("agent_duplicate", f"委托代理商“{checked.name}”已存在",
                            f"agent {checked.credit_code} is already listed")
    return replace(supplier, agents=(*supplier.agents, checked))


def update_agent(supplier: ShortlistedSupplier, agent: Agent) -> ShortlistedSupplier:
    """Change an agent's address or contacts (found by credit code)."""
    checked = _checked(agent, "委托代理商")
    if not any(a.credit_code == checked.credit_code for a in supplier.agents):
        raise WorkflowError("agent_not_found", "未找到该委托代理商", f"no agent {checked.credit_code}")
    agents = tuple(checked if a.credit_code == checked.credit_code else a for a in supplier.agents)
    return replace(supplier, agents=agents)


def remove_agent(supplier: ShortlistedSupplier, credit_code: str) -> ShortlistedSupplier:
    code = normalize_code(credit_code)
    agents = tuple(a for a in supplier.agents if a.credit_code != code)
    if len(agents) == len(supplier.agents):
        raise WorkflowError("agent_not_found", "未找到该委托代理商", f"no agent {code}")
    return replace(supplier, agents=agents)
