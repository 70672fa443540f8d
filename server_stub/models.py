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
    otherwise only accounts of that unit.
    """

    __tablename__ = "feed_records"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scope_unit_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    revision: Mapped[int] = mapped_column(BigInteger, unique=True)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True), default=None)


class FeedCount(Base):
    """Live (non-tombstone) feed records per kind and scope, kept by ``feed.publish`` so the count
    check costs a few rows instead of a scan of the feed. ``scope_unit_id`` "" = visible to all."""

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
