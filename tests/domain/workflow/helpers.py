"""Builders shared by the workflow tests: valid credit codes, actors, a plan draft per identity."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from desktop.domain.identity import credit_code_check_char, id_number_check_char
from desktop.domain.roles import Post, UserType
from desktop.domain.workflow.common import Actor, Category, Item, Region
from desktop.domain.workflow.plan import AgencyType, CollectorIdentity, Party, PlanDraft

AT = dt.datetime(2025, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))

HENAN = Region("410000", "河南省")
ZHENGZHOU = Region("410100", "郑州市")
LUOYANG = Region("410300", "洛阳市")

PROPERTY_MGMT = Item("C1204", "物业管理服务", in_catalogue=True)
LEGAL_SERVICE = Item("C2301", "法律服务", in_catalogue=False)
AUDIT_SERVICE = Item("C2302", "审计服务", in_catalogue=False)
DESKTOP_PC = Item("A02010104", "台式计算机", in_catalogue=True)
LAB_INSTRUMENT = Item("A0326", "实验仪器", in_catalogue=False)


def credit_code(serial: int, prefix: str = "12410100") -> str:
    """A valid 统一社会信用代码 (GB 32100) with a numeric organisation part."""
    body = f"{prefix}{serial:09d}"
    return body + credit_code_check_char(body)


def id_number(serial: int, birth: str = "19800101") -> str:
    body = f"410102{birth}{serial % 1000:03d}"
    return body + id_number_check_char(body)


def party(unit_id: str, name: str, serial: int) -> Party:
    return Party(unit_id, name, credit_code(serial))


def actor(account: str, unit: str, post: Post = Post.HANDLER, user_type: UserType = UserType.PURCHASER) -> Actor:
    return Actor(account, unit, user_type, post)


def supervising_draft(**changes: object) -> PlanDraft:
    """A 主管预算单位 plan that passes every rule (省本级, legal services, 200万)."""
    base = PlanDraft(
        project_name="河南省司法厅法律顾问服务框架协议",
        identity=CollectorIdentity.SUPERVISING_BUDGET_UNIT,
        collector=party("u-sft", "河南省司法厅", 1),
        region=HENAN,
        category=Category.SERVICES,
        items=(LEGAL_SERVICE,),
        annual_budget=Decimal(2_000_000),
        elimination_rate_percent=Decimal(20),
    )
    return _replace(base, changes)


def subordinate_draft(**changes: object) -> PlanDraft:
    base = supervising_draft(identity=CollectorIdentity.SUBORDINATE_BUDGET_UNIT,
                             collector=party("u-sub", "河南省法律援助中心", 2),
                             supervising_unit=party("u-sft", "河南省司法厅", 1))
    return _replace(base, changes)


def central_draft(**changes: object) -> PlanDraft:
    """A 集采机构 plan for 郑州市 desktop PCs that passes every rule."""
    base = PlanDraft(
        project_name="郑州市台式计算机框架协议",
        identity=CollectorIdentity.CENTRAL_PROCUREMENT_AGENCY,
        collector=party("u-zzjc", "郑州市公共资源交易中心（集采）", 3),
        region=ZHENGZHOU,
        category=Category.GOODS,
        items=(DESKTOP_PC,),
        annual_budget=Decimal(5_000_000),
        agency_type=AgencyType.CENTRAL_PROCUREMENT,
        agency=party("u-zzjc", "郑州市公共资源交易中心（集采）", 3),
        scope=(ZHENGZHOU,),
        elimination_rate_percent=Decimal(25),
    )
    return _replace(base, changes)


def _replace(draft: PlanDraft, changes: dict[str, object]) -> PlanDraft:
    from dataclasses import replace

    return replace(draft, **changes)  # type: ignore[arg-type]
