"""The outbox: user actions waiting to reach the server, in order, each with its UUID.

A command stays ``pending`` until the server answers for its UUID: ``applied`` or ``rejected``
(with the server's reason, kept for the user to read; nothing is dropped silently). One exception
to showing a rejection: a later command about a record whose creation was refused (a contract the
user deleted, replaced or signed, a second-stage procurement or a join application acted on before
it reached the server) is refused only because the record never came to be; the creation's
rejection says why, so the follow-up is kept as ``dismissed`` (:data:`CREATED_BY`). A push that
fails on the network leaves it pending; the next push sends the same UUID again and the server
answers from its record instead of applying it twice.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.commands import Command, command_payload
from desktop.domain.protocol import CommandEnvelope, CommandResult, CommandStatus, RejectReason, new_command_uuid
from desktop.store import projections
from desktop.store.changes import Changes
from desktop.store.database import Store
from desktop.store.models import OutboxRow


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    APPLIED = "applied"
    REJECTED = "rejected"
    DISMISSED = "dismissed"  # a rejection the user has read and put away


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    envelope: CommandEnvelope
    status: OutboxStatus
    attempts: int
    reason: RejectReason | None
    finished_at: dt.datetime | None


SUBJECT_FIELDS = ("contract_id", "procurement_id", "application_id", "plan_id")
"""The most specific id first: a second-stage command names its plan too, but concerns the procurement."""

CREATED_BY = {"contract_unknown": "add_contract", "second_stage_unknown": "create_second_stage",
              "join_application_unknown": "apply_to_join_agreement"}
"""The server's "no such record" refusal → the command that creates that record (same subject)."""


def command_subject(payload: dict[str, object]) -> str | None:
    """The record a command concerns (the first of :data:`SUBJECT_FIELDS` in its payload)."""
    for name in SUBJECT_FIELDS:
        value = payload.get(name)
        if isinstance(value, str) and value:
            return value
    return None


def _entry(row: OutboxRow) -> OutboxEntry:
    reason = (RejectReason(row.reason_code, row.reason_message or "", row.reason_message_en or "")
              if row.reason_code else None)
    envelope = CommandEnvelope(uuid=row.uuid, name=row.name, payload=json.loads(row.payload),
                               created_at=dt.datetime.fromisoformat(row.created_at))
    return OutboxEntry(seq=row.seq, envelope=envelope, status=OutboxStatus(row.status), attempts=row.attempts,
                       reason=reason, finished_at=dt.datetime.fromisoformat(row.finished_at) if row.finished_at
                       else None)


class Outbox:
    def __init__(self, store: Store) -> None:
        self._store = store

    def enqueue(self, command: Command, now: dt.datetime) -> CommandEnvelope:
        """Validate ``command`` with the domain rules and queue it; raises ``CommandInvalid``."""
        command.validate()
        envelope = CommandEnvelope(uuid=new_command_uuid(), name=command.name, payload=command_payload(command),
                                   created_at=now)
        with self._store.transaction() as session:
            session.add(OutboxRow(uuid=envelope.uuid, name=envelope.name,
                                  payload=json.dumps(envelope.payload, ensure_ascii=False),
                                  created_at=now.isoformat(), status=OutboxStatus.PENDING.value,
                                  subject=command_subject(envelope.payload)))
        return envelope

    def for_subject(self, subject: str) -> list[OutboxEntry]:
        """Every command about one record (a contract), oldest first, whatever its status."""
        with self._store.reading() as session:
            rows = session.execute(select(OutboxRow).where(OutboxRow.subject == subject)
                                   .order_by(OutboxRow.seq)).scalars()
            return [_entry(r) for r in rows]

    def pending(self, limit: int = 100) -> list[OutboxEntry]:
        with self._store.reading() as session:
            rows = session.execute(select(OutboxRow).where(OutboxRow.status == OutboxStatus.PENDING.value)
                                   .order_by(OutboxRow.seq).limit(limit)).scalars()
            return [_entry(r) for r in rows]

    def pending_count(self) -> int:
        with self._store.reading() as session:
            return int(session.execute(select(func.count()).select_from(OutboxRow)
                                       .where(OutboxRow.status == OutboxStatus.PENDING.value)).scalar_one())

    def rejected(self) -> list[OutboxEntry]:
        with self._store.reading() as session:
            rows = session.execute(select(OutboxRow).where(OutboxRow.status == OutboxStatus.REJECTED.value)
                                   .order_by(OutboxRow.seq)).scalars()
            return [_entry(r) for r in rows]

    def get(self, uuid: str) -> OutboxEntry | None:
        with self._store.reading() as session:
            row = session.execute(select(OutboxRow).where(OutboxRow.uuid == uuid)).scalar_one_or_none()
            return _entry(row) if row else None

    def note_attempt(self, uuids: list[str]) -> None:
        with self._store.transaction() as session:
            for row in session.execute(select(OutboxRow).where(OutboxRow.uuid.in_(uuids))).scalars():
                row.attempts += 1

    def record_results(self, results: list[CommandResult], now: dt.datetime) -> Changes:
        refused: list[str] = []
        with self._store.transaction() as session:
            for result in results:
                row = session.execute(select(OutboxRow).where(OutboxRow.uuid == result.uuid)).scalar_one_or_none()
                if row is None or row.status != OutboxStatus.PENDING.value:
                    continue
                row.status = result.status.value
                row.finished_at = now.isoformat()
                row.revision = result.revision
                if result.status is CommandStatus.REJECTED and result.reason is not None:
                    row.reason_code = result.reason.code
                    row.reason_message = result.reason.message
                    row.reason_message_en = result.reason.message_en
                if result.status is CommandStatus.REJECTED and row.name == "add_contract" and row.subject:
                    refused.append(row.subject)
                elif result.status is CommandStatus.REJECTED and row.subject and row.reason_code in CREATED_BY \
                        and self._creation_refused(session, row.subject, CREATED_BY[row.reason_code]):
                    row.status = OutboxStatus.DISMISSED.value
            if refused:  # the provisional row of a contract the server will never have
                projections.forget_local_contracts(session.connection(), refused)
        if refused:
            return Changes(ids={projections.CONTRACT_KIND: frozenset(refused)}, outbox=True)
        return Changes(outbox=True)

    @staticmethod
    def _creation_refused(session: Session, subject: str, creator: str) -> bool:
        return session.execute(select(OutboxRow.seq).where(
            OutboxRow.subject == subject, OutboxRow.name == creator,
            OutboxRow.status.in_((OutboxStatus.REJECTED.value, OutboxStatus.DISMISSED.value))).limit(1)).first() \
            is not None

    def dismiss(self, uuid: str) -> Changes:
        with self._store.transaction() as session:
            row = session.execute(select(OutboxRow).where(OutboxRow.uuid == uuid)).scalar_one_or_none()
            if row is not None and row.status == OutboxStatus.REJECTED.value:
                row.status = OutboxStatus.DISMISSED.value
        return Changes(outbox=True)
