"""The server's tables (SQLAlchemy 2 declarative). The schema is owned by the Alembic migrations
in ``server_stub/migrations``; a test checks that the two agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    pass


class ServerState(Base):
    """One row: the change-feed revision counter."""

    __tablename__ = "server_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class Region(Base):
    """GB/T 2260 administrative division."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(6), primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), default=None)


class Unit(Base):
    __tablename__ = "units"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    credit_code: Mapped[str] = mapped_column(String(18), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    supervising_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)
    """主管预算单位 of a 预算单位."""
    allow_password_login: Mapped[bool] = mapped_column(Boolean, default=False)
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="")
    origin: Mapped[str] = mapped_column(String(20), default="政府采购系统注册", server_default="政府采购系统注册")
    """政府采购系统注册, or 公共资源交易中心同步 (desktop.domain.workflow.binding.AccountOrigin)."""
    info_completed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    """A synced supplier has submitted its unit information (until then: 绑定key未启用)."""


class Operator(Base):
    """操作人: a person working for a unit, identified by 身份证号码."""

    __tablename__ = "operators"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    id_number: Mapped[str] = mapped_column(String(18))
    phone: Mapped[str] = mapped_column(String(20), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    user_type: Mapped[str] = mapped_column(String(10))
    post: Mapped[str] = mapped_column(String(10))
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operators.id"), default=None)
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


ACTIVE_UNIT_KEY = "active AND kind = 'unit'"


class CertificateBinding(Base):
    """A certificate allowed to log in to an account; ended bindings stay as history.

    One key, one login account: ``fingerprint_sha256`` is unique over all rows (an ended binding
    is reactivated, never duplicated). One role, one key: at most one active unit key per account
    (the partial unique index). Both hold under concurrent binds (issue 5, CA 自助绑定).
    """

    __tablename__ = "certificate_bindings"
    __table_args__ = (
        Index("uq_certificate_bindings_active_unit_key", "account_id", unique=True,
              sqlite_where=text(ACTIVE_UNIT_KEY), postgresql_where=text(ACTIVE_UNIT_KEY)),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    fingerprint_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    serial_hex: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(Text)
    credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    bound_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    kind: Mapped[str] = mapped_column(String(10), default="unit", server_default="unit")
    """unit (单位 key, CA 自助绑定) or personal (个人 key, 操作人员管理)."""
    operator_name: Mapped[str] = mapped_column(String(50), default="", server_default="")
    operator_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    operator_id: Mapped[str | None] = mapped_column(ForeignKey("operators.id"), default=None)
    """Personal keys: the operator (操作人员) whose ID number the key carries."""
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    ended_reason: Mapped[str] = mapped_column(String(10), default="", server_default="")
    """续期 or 解绑."""


class BindingAudit(Base):
    """Every bind, renewal, refusal and unbind of a key (who, when, user type, certificate, outcome)."""

    __tablename__ = "binding_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    action: Mapped[str] = mapped_column(String(10))
    outcome: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text, default="")
    user_type: Mapped[str] = mapped_column(String(10))
    credit_code: Mapped[str | None] = mapped_column(String(18), default=None)
    id_number: Mapped[str | None] = mapped_column(String(18), default=None)
    certificate_serial: Mapped[str | None] = mapped_column(String(64), default=None)
    fingerprint_sha256: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    operator_name: Mapped[str] = mapped_column(String(50), default="")
    operator_phone: Mapped[str] = mapped_column(String(20), default="")
    actor_account_id: Mapped[str | None] = mapped_column(String(64), default=None)
    account_id: Mapped[str | None] = mapped_column(String(64), default=None)
    unit_id: Mapped[str | None] = mapped_column(String(64), default=None)


class LoginNonce(Base):
    __tablename__ = "login_nonces"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class SessionToken(Base):
    """A login session; only the SHA-256 of the bearer token is stored."""

    __tablename__ = "sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class AppliedCommand(Base):
    """Every command UUID the server has answered, with the answer (the idempotency record)."""

    __tablename__ = "applied_commands"
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10))
    revision: Mapped[int | None] = mapped_column(BigInteger, default=None)
    reason_code: Mapped[str | None] = mapped_column(String(64), default=None)
    reason_message: Mapped[str | None] = mapped_column(Text, default=None)
    reason_message_en: Mapped[str | None] = mapped_column(Text, default=None)
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class FeedRecord(Base):
    """The change feed: the latest state of each record, stamped with the revision that made it.

    ``data`` None is a tombstone. ``scope_unit_id`` None means every account may see the record;
    otherwise only accounts of that unit and of the units in ``shared_with`` (a lot or an online
    contract is seen by its purchaser and its supplier; a plan by its reviewers and its agency).
    """

    __tablename__ = "feed_records"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope_unit_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    shared_with: Mapped[str | None] = mapped_column(Text, default=None)
    """More units that see the record, as ``|unit|unit|`` (only with ``scope_unit_id`` set); not
    indexed on purpose, like the first scope: the page query walks the revision index (feed.py)."""
    revision: Mapped[int] = mapped_column(BigInteger, unique=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)


class FeedCount(Base):
    """Live (non-tombstone) feed records per kind and scope, kept by ``feed.publish`` so the count
    check costs a few rows instead of a scan of the feed. ``scope_unit_id`` "" = visible to all.
    A record shared by two units counts once under each of them."""

    __tablename__ = "feed_counts"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    scope_unit_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    live: Mapped[int] = mapped_column(BigInteger, default=0)


class Blob(Base):
    """An uploaded file addressed by its SHA-256; ``complete`` once its bytes were verified."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# --- 合同在线签订 (seed manual §二; issue 6) -------------------------------------------------------

class Lot(Base):
    """标段 with its result (the winning supplier). Lots come from the trading system / framework
    agreements (issue 7); the feed carries a lot once its result announcement is published."""

    __tablename__ = "lots"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    project_id: Mapped[str] = mapped_column(String(64), index=True)
    project_code: Mapped[str] = mapped_column(String(64))
    project_name: Mapped[str] = mapped_column(String(200))
    lot_no: Mapped[str] = mapped_column(String(20))
    lot_name: Mapped[str] = mapped_column(String(200))
    purchaser_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    supplier_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    amount: Mapped[str] = mapped_column(String(32))
    """Award amount in yuan, a decimal string (no float rounding)."""
    result_published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    """When the 结果公告 was published; None: not yet (no contract may be added)."""


LIVE_CONTRACT = "deleted_at IS NULL"


class OnlineContract(Base):
    """One 合同在线签订 record (desktop.domain.workflow.contract.OnlineContract plus who/when).

    ``version`` is the optimistic lock: every UPDATE names the version it read, so of two
    concurrent signatures (or a signature and a replace) exactly one is written.
    """

    __tablename__ = "online_contracts"
    __table_args__ = (
        Index("uq_online_contracts_live_lot", "lot_id", unique=True,
              sqlite_where=text(LIVE_CONTRACT), postgresql_where=text(LIVE_CONTRACT)),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    lot_id: Mapped[str] = mapped_column(ForeignKey("lots.id"))
    title: Mapped[str] = mapped_column(String(200))
    purchaser_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    supplier_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    supplier_credit_code: Mapped[str] = mapped_column(String(18))
    amount: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(String(200))
    document_sha256: Mapped[str] = mapped_column(String(64))
    """The current PDF: the upload, then the purchaser-signed, then the doubly signed file."""
    original_sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    purchaser_signed_sha256: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    purchaser_signed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    purchaser_signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    """The signing time in the signature (accepted by the server at ``purchaser_accepted_at``)."""
    purchaser_accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    purchaser_certificate_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    supplier_signed_sha256: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    supplier_signed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    supplier_signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    supplier_accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    supplier_certificate_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    filed_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    filed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    """删除 of a record nobody signed: kept (the id is never reused), gone from the feed."""

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class ContractNotice(Base):
    """合同公告, published by 合同备案; visible to everyone. One per contract (same id)."""

    __tablename__ = "contract_notices"
    contract_id: Mapped[str] = mapped_column(ForeignKey("online_contracts.id"), primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    document_sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


# --- 框架协议计划备案 (seed manual §一 1.3.1.1, 1.3.3; issue 7) -----------------------------------------

class ProcurementThreshold(Base):
    """分散采购限额 per region and category (desktop.domain.workflow.thresholds). Seeded with the
    defaults by migration 0005; a deployment changes the rows (``plans.set_threshold``).
    ``region_code`` 000000 is the fallback where no region has its own row."""

    __tablename__ = "procurement_thresholds"
    region_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    category: Mapped[str] = mapped_column(String(10), primary_key=True)
    amount: Mapped[str] = mapped_column(String(32))
    """Yuan, a decimal string."""
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(Text, default="")


class ProcurementItem(Base):
    """A 品目 the 【采购内容】 picker offers; ``in_catalogue``: inside the 集中采购目录 (集采品目)."""

    __tablename__ = "procurement_items"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    in_catalogue: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(Text, default="")


class FrameworkPlan(Base):
    """One 计划备案 (desktop.domain.workflow.plan_review.PlanFiling plus the form, who and when).

    ``version`` is the optimistic lock: of two concurrent reviews of one step exactly one is written.
    """

    __tablename__ = "framework_plans"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    collector_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    identity: Mapped[str] = mapped_column(String(10))
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"))
    budget_year: Mapped[int] = mapped_column(Integer)
    project_name: Mapped[str] = mapped_column(String(200))
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    """The :class:`desktop.domain.plan_commands.PlanForm` as last saved (its JSON)."""
    supervising_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)
    regulator_unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)
    status: Mapped[str] = mapped_column(String(10))
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    submission: Mapped[int] = mapped_column(Integer, default=0)
    submitter_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    approved_by: Mapped[list[str]] = mapped_column(JSON)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """What still blocks 提交, as computed at the last save (desktop.domain.plan_records)."""
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """Order No. 110 warnings of the form as last saved (never a refusal)."""
    number: Mapped[str | None] = mapped_column(String(40), unique=True, default=None)
    numbered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    """删除 of a never-submitted draft: kept (the id is never reused), gone from the feed."""

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class FrameworkPlanEvent(Base):
    """The 审核记录 of a plan: every submit, approval and return."""

    __tablename__ = "framework_plan_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    action: Mapped[str] = mapped_column(String(10))
    from_state: Mapped[str] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    actor_unit_id: Mapped[str] = mapped_column(String(64))
    submission: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(20), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class PlanNumberSequence(Base):
    """The last 计划编号 sequence handed out per (region, budget year)."""

    __tablename__ = "plan_number_sequences"
    region_code: Mapped[str] = mapped_column(String(6), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


# --- 框架协议: 信息发布, 入围供应商管理, 框架协议备案, 互认互通 (seed manual §一 1.3.1.2–1.3.1.4; issue 7) ---

NOT_CONTRACT_NOTICE = "kind <> '合同公告'"


class FrameworkAnnouncement(Base):
    """A 征集公告, 入围结果公告 or 合同公告 of a framework-agreement project, with its publication review.

    One 征集公告 and one 入围结果公告 per plan (the partial unique index); 合同公告 come one per
    second-stage contract. ``version`` is the optimistic lock (a review racing an edit or a push).
    """

    __tablename__ = "framework_announcements"
    __table_args__ = (
        Index("uq_framework_announcements_plan_kind", "plan_id", "kind", unique=True,
              sqlite_where=text(NOT_CONTRACT_NOTICE), postgresql_where=text(NOT_CONTRACT_NOTICE)),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    kind: Mapped[str] = mapped_column(String(10))
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), index=True)
    notice_id: Mapped[str | None] = mapped_column(String(64), default=None)
    """入围结果公告: its 征集公告."""
    owner_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    title: Mapped[str] = mapped_column(String(300))
    content: Mapped[str] = mapped_column(Text, default="")
    collector: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    lots: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    lots_received: Mapped[bool] = mapped_column(Boolean, default=False)
    basis: Mapped[str | None] = mapped_column(String(10), default=None)
    basis_value: Mapped[str | None] = mapped_column(String(32), default=None)
    suppliers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    responsive_count: Mapped[int | None] = mapped_column(Integer, default=None)
    evaluation_method: Mapped[str | None] = mapped_column(String(10), default=None)
    status: Mapped[str] = mapped_column(String(10))
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    submission: Mapped[int] = mapped_column(Integer, default=0)
    submitter_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    approved_by: Mapped[list[str]] = mapped_column(JSON)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    published_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class ShortlistEntry(Base):
    """入围供应商管理: one shortlisted supplier of a plan, synced from its saved 入围结果公告."""

    __tablename__ = "shortlisted_suppliers"
    __table_args__ = (Index("uq_shortlisted_suppliers_plan_code", "plan_id", "credit_code", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"))
    credit_code: Mapped[str] = mapped_column(String(18))
    result_id: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    agents: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    """False once a later save of the result announcement dropped the supplier (a tombstone), or once
    the collector removed it (移出入围供应商: ``removed_at`` set)."""
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    removed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    removed_reason: Mapped[str | None] = mapped_column(Text, default=None)
    removed_by: Mapped[str | None] = mapped_column(String(64), default=None)


class FrameworkAgreementFiling(Base):
    """框架协议备案 of a plan (one per plan); collector and suppliers carried, locked."""

    __tablename__ = "framework_agreement_filings"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), unique=True)
    result_id: Mapped[str] = mapped_column(String(64))
    collector_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    collector: Mapped[dict[str, Any]] = mapped_column(JSON)
    suppliers: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    scope_region_code: Mapped[str | None] = mapped_column(String(6), default=None)
    category: Mapped[str | None] = mapped_column(String(10), default=None)
    validity_start: Mapped[str | None] = mapped_column(String(10), default=None)
    validity_end: Mapped[str | None] = mapped_column(String(10), default=None)
    status: Mapped[str] = mapped_column(String(10))
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    submission: Mapped[int] = mapped_column(Integer, default=0)
    submitter_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    approved_by: Mapped[list[str]] = mapped_column(JSON)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    filed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class TradingBridgeProject(Base):
    """互认互通 of one numbered 省本级 plan: what came back from the trading system (None: not yet)."""

    __tablename__ = "trading_bridge_projects"
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), primary_key=True)
    lots: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True), default=None)
    suppliers: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TradingBridgeMessage(Base):
    """A message pushed to (``out``) or received from (``in``) the trading system. ``message_id`` is
    the idempotency key on both sides: made from the subject, so enqueueing twice is a no-op."""

    __tablename__ = "trading_bridge_messages"
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), index=True)
    direction: Mapped[str] = mapped_column(String(3))
    subject: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class TradingSimInbox(Base):
    """The simulated 公共资源交易系统: every message it accepted, by id (a repeated id is answered
    with the stored answer and not processed again)."""

    __tablename__ = "trading_sim_inbox"
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    plan_number: Mapped[str] = mapped_column(String(40), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TradingSimProject(Base):
    """The simulated trading system's project (项目受理), keyed by the plan number."""

    __tablename__ = "trading_sim_projects"
    plan_number: Mapped[str] = mapped_column(String(40), primary_key=True)
    plan_id: Mapped[str] = mapped_column(String(64))
    project_name: Mapped[str] = mapped_column(String(200))
    collector_name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    lots: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True), default=None)
    announcements: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    shortlisted: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON(none_as_null=True), default=None)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


class TradingSimOutbox(Base):
    """Messages the simulated trading system has for the procurement system (lots, shortlisted
    suppliers), kept until acknowledged; redelivered (same id) until then."""

    __tablename__ = "trading_sim_outbox"
    message_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    plan_number: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    acked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)


# --- 框架协议二阶段 and joining an open agreement (seed manual 1.3.1.5, 1.3.2; issue 7) ----------------

PENDING_JOIN = "status = '待审核'"


class SecondStageProcurement(Base):
    """One second-stage procurement under a filed agreement: the award and its 合同备案 review.

    ``version`` is the optimistic lock (an award racing another, a review racing a resubmission)."""

    __tablename__ = "second_stage_procurements"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), index=True)
    purchaser_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"), index=True)
    method: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(10))
    invited: Mapped[list[str]] = mapped_column(JSON)
    deadline: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    ceiling: Mapped[str | None] = mapped_column(String(32), default=None)
    supplier: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    award_price: Mapped[str | None] = mapped_column(String(32), default=None)
    awarded_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    rotation_cycle: Mapped[int | None] = mapped_column(Integer, default=None)
    contract: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)
    status: Mapped[str] = mapped_column(String(10))
    """The 合同备案 review (desktop.domain.workflow.review.FlowStatus)."""
    current_step: Mapped[int] = mapped_column(Integer, default=0)
    submission: Mapped[int] = mapped_column(Integer, default=0)
    submitter_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    approved_by: Mapped[list[str]] = mapped_column(JSON)
    return_reason: Mapped[str] = mapped_column(Text, default="")
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    announcement_id: Mapped[str | None] = mapped_column(String(64), default=None)
    procurement_plan_number: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    filed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    lot_id: Mapped[str | None] = mapped_column(String(64), default=None)
    """The 标段 offered to 合同在线签订 once the supplier (a registered unit) is determined."""
    document_sha256: Mapped[str | None] = mapped_column(String(64), default=None)
    """The 合同主文档: the doubly signed PDF of the lot's online contract, taken at 合同备案."""

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class SecondStagePayment(Base):
    """One 资金支付申请 against a filed second-stage contract (the id is the client's payment id)."""

    __tablename__ = "second_stage_payments"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    procurement_id: Mapped[str] = mapped_column(ForeignKey("second_stage_procurements.id"), index=True)
    amount: Mapped[str] = mapped_column(String(32))
    requested_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    requested_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))


class SecondStageBid(Base):
    """One supplier's 二次竞价 bid (one per supplier per procurement: the unique index)."""

    __tablename__ = "second_stage_bids"
    __table_args__ = (Index("uq_second_stage_bids_supplier", "procurement_id", "credit_code", unique=True),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    procurement_id: Mapped[str] = mapped_column(ForeignKey("second_stage_procurements.id"))
    credit_code: Mapped[str] = mapped_column(String(18))
    supplier_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    price: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SecondStageAgreement(Base):
    """Second-stage state of one filed agreement: the 顺序轮候 rotation and the count of filed contracts
    (the sequence of the 采购计划备案 numbers). ``version`` serialises awards and filings."""

    __tablename__ = "second_stage_agreements"
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    rotation_order: Mapped[list[str] | None] = mapped_column(JSON(none_as_null=True), default=None)
    rotation_cycle: Mapped[int] = mapped_column(Integer, default=1)
    rotation_awarded: Mapped[list[str]] = mapped_column(JSON)
    contracts_filed: Mapped[int] = mapped_column(Integer, default=0)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)


class JoinApplication(Base):
    """A supplier's application to join an open agreement (one pending per supplier and agreement)."""

    __tablename__ = "agreement_join_applications"
    __table_args__ = (
        Index("uq_agreement_join_applications_pending", "plan_id", "credit_code", unique=True,
              sqlite_where=text(PENDING_JOIN), postgresql_where=text(PENDING_JOIN)),
    )
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    plan_id: Mapped[str] = mapped_column(ForeignKey("framework_plans.id"), index=True)
    supplier_unit_id: Mapped[str] = mapped_column(ForeignKey("units.id"))
    credit_code: Mapped[str] = mapped_column(String(18))
    supplier: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    review_due: Mapped[str] = mapped_column(String(10))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    reviewer_account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), default=None)
    reason: Mapped[str] = mapped_column(Text, default="")
    announce_due: Mapped[str | None] = mapped_column(String(10), default=None)
    announced_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, default=None)
    announcement_id: Mapped[str | None] = mapped_column(String(64), default=None)
    flags: Mapped[list[str]] = mapped_column(JSON)
    """Codes of the deadline warnings last published (the sweep republishes when they change)."""
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_by: Mapped[str] = mapped_column(ForeignKey("accounts.id"))

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (SQLAlchemy's declarative hook)
