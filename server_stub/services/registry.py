"""Registry writes: regions, units, operators, accounts. Every write also updates the feed."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.identity import validate_credit_code, validate_id_number
from desktop.domain.protocol import RecordKind
from desktop.domain.roles import Post, UnitKind, UserType, check_account_shape
from server_stub.auth import key_bound_not_enabled
from server_stub.models import Account, Operator, Region, Unit
from server_stub.services import feed


def region_data(region: Region) -> dict[str, Any]:
    return {"code": region.code, "name": region.name, "parent_code": region.parent_code}


def unit_data(unit: Unit) -> dict[str, Any]:
    return {"name": unit.name, "credit_code": unit.credit_code, "kind": unit.kind,
            "region_code": unit.region_code, "supervising_unit_id": unit.supervising_unit_id,
            "allow_password_login": unit.allow_password_login,
            "contact_person": unit.contact_person, "contact_phone": unit.contact_phone,
            "temporary_rights": key_bound_not_enabled(unit)}


def operator_data(operator: Operator) -> dict[str, Any]:
    return {"unit_id": operator.unit_id, "name": operator.name, "id_number": operator.id_number,
            "phone": operator.phone}


def account_data(account: Account) -> dict[str, Any]:
    return {"username": account.username, "unit_id": account.unit_id, "user_type": account.user_type,
            "post": account.post, "operator_id": account.operator_id,
            "password_login": account.password_hash is not None}


def publish_region(session: Session, region: Region) -> int:
    return feed.publish(session, RecordKind.REGION, region.code, region_data(region))


def publish_unit(session: Session, unit: Unit) -> int:
    return feed.publish(session, RecordKind.UNIT, unit.id, unit_data(unit))


def publish_operator(session: Session, operator: Operator) -> int:
    data = operator_data(operator) if operator.active else None
    return feed.publish(session, RecordKind.OPERATOR, operator.id, data, scope_unit_id=operator.unit_id)


def publish_account(session: Session, account: Account) -> int:
    data = account_data(account) if account.active else None
    return feed.publish(session, RecordKind.ACCOUNT, account.id, data, scope_unit_id=account.unit_id)


def add_region(session: Session, code: str, name: str, parent_code: str | None = None) -> Region:
    if len(code) != 6 or not code.isdigit():
        raise ValueError(f"GB/T 2260 code has 6 digits: {code!r}")
    region = Region(code=code, name=name, parent_code=parent_code)
    session.add(region)
    session.flush()
    publish_region(session, region)
    return region


def add_unit(session: Session, unit_id: str, name: str, credit_code: str, kind: UnitKind, region_code: str, *,
             supervising_unit_id: str | None = None, allow_password_login: bool = False,
             contact_person: str = "", contact_phone: str = "", origin: str = "政府采购系统注册",
             info_completed: bool = True) -> Unit:
    if supervising_unit_id is not None and kind is not UnitKind.BUDGET_UNIT:
        raise ValueError("only a 预算单位 has a 主管预算单位")
    unit = Unit(id=unit_id, name=name, credit_code=validate_credit_code(credit_code), kind=kind.value,
                region_code=region_code, supervising_unit_id=supervising_unit_id,
                allow_password_login=allow_password_login, contact_person=contact_person,
                contact_phone=contact_phone, origin=origin, info_completed=info_completed)
    session.add(unit)
    session.flush()
    publish_unit(session, unit)
    return unit


def add_operator(session: Session, operator_id: str, unit_id: str, name: str, id_number: str,
                 phone: str = "") -> Operator:
    operator = Operator(id=operator_id, unit_id=unit_id, name=name, id_number=validate_id_number(id_number),
                        phone=phone, active=True)
    session.add(operator)
    session.flush()
    publish_operator(session, operator)
    return operator


def add_account(session: Session, account_id: str, username: str, unit: Unit, user_type: UserType, post: Post,
                *, operator_id: str | None = None, password_hash: str | None = None) -> Account:
    check_account_shape(UnitKind(unit.kind), user_type)
    account = Account(id=account_id, username=username, unit_id=unit.id, user_type=user_type.value,
                      post=post.value, operator_id=operator_id, password_hash=password_hash, active=True)
    session.add(account)
    session.flush()
    publish_account(session, account)
    return account
