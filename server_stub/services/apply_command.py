"""Apply pushed commands exactly once.

Each command runs in its own transaction. Its UUID is the key of ``applied_commands``: a UUID
seen before gets its stored answer back (``repeated=True``) and nothing runs again. A rejected
command rolls back whatever it touched and is recorded as rejected, so a retry is answered the
same way. Two concurrent pushes of one UUID collide on the primary key; the loser reads the
winner's answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.domain import commands as c
from desktop.domain.commands import CommandInvalid, parse_command
from desktop.domain.identity import validate_id_number
from desktop.domain.protocol import CommandEnvelope, CommandResult, CommandStatus, RejectReason
from desktop.domain.roles import Post, RoleViolation, require_handler, require_same_unit
from server_stub.auth import key_bound_not_enabled
from server_stub.models import Account, AppliedCommand, CertificateBinding, Operator, Unit
from server_stub.services import (
    agreements,
    announcements,
    bridge,
    contracts,
    feed,
    plans,
    registry,
    second_stage_actions,
    shortlist,
)
from server_stub.services import second_stage as second_stage_services
from server_stub.services.command_base import CommandContext, CommandRejected

__all__ = ["CommandContext", "CommandRejected", "apply_envelope"]

log = logging.getLogger(__name__)


def _stored_result(row: AppliedCommand, repeated: bool) -> CommandResult:
    reason = None
    if row.reason_code is not None:
        reason = RejectReason(code=row.reason_code, message=row.reason_message or "",
                              message_en=row.reason_message_en or "")
    return CommandResult(uuid=row.uuid, status=CommandStatus(row.status), revision=row.revision, reason=reason,
                         repeated=repeated)


def apply_envelope(session: Session, account: Account, envelope: CommandEnvelope, context: CommandContext
                   ) -> CommandResult:
    """Apply one command in its own transaction (the session must have none open) and commit."""
    now = context.now
    existing = session.get(AppliedCommand, envelope.uuid)
    if existing is not None:
        if existing.account_id != account.id:
            result = CommandResult(uuid=envelope.uuid, status=CommandStatus.REJECTED, reason=RejectReason(
                "uuid_conflict", "操作编号与其他账号的操作重复", "command UUID already used by another account"))
        else:
            result = _stored_result(existing, repeated=True)
        session.rollback()
        return result
    try:
        command = parse_command(envelope.name, envelope.payload)
        _check_rights(session, account, envelope.name)
        _HANDLERS[envelope.name](session, account, command, context)
        revision = feed.current_revision(session)
        row = AppliedCommand(uuid=envelope.uuid, account_id=account.id, name=envelope.name,
                             status=CommandStatus.APPLIED.value, revision=revision, applied_at=now)
    except (CommandInvalid, RoleViolation, CommandRejected) as exc:
        session.rollback()
        log.info("command %s (%s) rejected: %s", envelope.uuid, envelope.name, exc.code)
        row = AppliedCommand(uuid=envelope.uuid, account_id=account.id, name=envelope.name,
                             status=CommandStatus.REJECTED.value, reason_code=exc.code, reason_message=exc.message,
                             reason_message_en=exc.message_en, applied_at=now)
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same UUID committed concurrently
        session.rollback()
        winner = session.get(AppliedCommand, envelope.uuid)
        if winner is None:
            raise
        result = _stored_result(winner, repeated=True)
        session.rollback()
        return result
    return _stored_result(row, repeated=False)


# --- handlers -------------------------------------------------------------------------------

def _check_rights(session: Session, account: Account, name: str) -> None:
    """绑定key未启用: "仅具有临时权限" — only the unit information may be maintained (seed manual §三 步骤三)."""
    unit = session.get(Unit, account.unit_id)
    if unit is not None and key_bound_not_enabled(unit) and name != c.UpdateUnitContact.name:
        raise CommandRejected("key_bound_not_enabled",
                              "账号状态为“绑定key未启用”，仅具有临时权限：请先维护单位信息并提交，提交后才具有正式功能权限",
                              "key bound, not enabled: submit the unit information first")


def _own_operator(session: Session, account: Account, operator_id: str) -> Operator:
    operator = session.get(Operator, operator_id)
    if operator is None or not operator.active:
        raise CommandRejected("operator_unknown", f"操作人“{operator_id}”不存在或已删除",
                              f"operator {operator_id} not found")
    require_same_unit(account.unit_id, operator.unit_id)
    return operator


def _add_operator(session: Session, account: Account, command: c.AddOperator,
                  _context: CommandContext) -> None:
    require_handler(Post(account.post), "添加操作人")
    if session.get(Operator, command.operator_id) is not None:
        raise CommandRejected("operator_exists", f"操作人编号“{command.operator_id}”已存在",
                              f"operator id {command.operator_id} exists")
    registry.add_operator(session, command.operator_id, account.unit_id, command.full_name.strip(),
                          command.id_number, command.phone.strip())


def _update_operator_phone(session: Session, account: Account, command: c.UpdateOperatorPhone,
                           _context: CommandContext) -> None:
    require_handler(Post(account.post), "修改操作人信息")
    operator = _own_operator(session, account, command.operator_id)
    operator.phone = command.phone.strip()
    registry.publish_operator(session, operator)


def _update_operator_id_number(session: Session, account: Account, command: c.UpdateOperatorIdNumber,
                               _context: CommandContext) -> None:
    require_handler(Post(account.post), "修改操作人身份证号码")
    operator = _own_operator(session, account, command.operator_id)
    new_number = validate_id_number(command.id_number)
    if new_number == operator.id_number:
        return
    bound = session.query(CertificateBinding).filter(CertificateBinding.operator_id == operator.id,
                                                     CertificateBinding.active.is_(True)).count()
    if bound:
        raise CommandRejected("operator_has_personal_key",
                              f"操作人“{operator.name}”已绑定个人 key，请先在【管理 key】中解绑，再修改身份证号码",
                              "unbind the operator's personal keys before changing the ID number")
    operator.id_number = new_number
    registry.publish_operator(session, operator)


def _remove_operator(session: Session, account: Account, command: c.RemoveOperator,
                     _context: CommandContext) -> None:
    require_handler(Post(account.post), "删除操作人")
    operator = _own_operator(session, account, command.operator_id)
    in_use = session.query(Account).filter(Account.operator_id == operator.id, Account.active.is_(True)).count()
    if in_use:
        raise CommandRejected("operator_has_account", f"操作人“{operator.name}”仍关联着登录账号，不能删除",
                              "operator still linked to an active account")
    operator.active = False
    registry.publish_operator(session, operator)


def _update_unit_contact(session: Session, account: Account, command: c.UpdateUnitContact,
                         _context: CommandContext) -> None:
    require_handler(Post(account.post), "修改单位联系人")
    unit = session.get(Unit, account.unit_id)
    assert unit is not None
    unit.contact_person, unit.contact_phone = command.contact_person.strip(), command.contact_phone.strip()
    if key_bound_not_enabled(unit):
        unit.info_completed = True  # the synced supplier submitted its unit information: full rights
    registry.publish_unit(session, unit)


_HANDLERS: dict[str, Callable[..., None]] = {
    c.AddOperator.name: _add_operator,
    c.UpdateOperatorPhone.name: _update_operator_phone,
    c.UpdateOperatorIdNumber.name: _update_operator_id_number,
    c.RemoveOperator.name: _remove_operator,
    c.UpdateUnitContact.name: _update_unit_contact,
    c.AddContract.name: contracts.add_contract,
    c.ReplaceContractDocument.name: contracts.replace_contract_document,
    c.DeleteContract.name: contracts.delete_contract,
    c.SignContract.name: contracts.sign_contract,
    c.FileContract.name: contracts.file_contract,
    **plans.HANDLERS,  # 计划备案 (issue 7)
    **announcements.HANDLERS, **shortlist.HANDLERS, **agreements.HANDLERS, **bridge.HANDLERS,  # issue 7
    **second_stage_services.HANDLERS,  # 二阶段 and joining an open agreement (issue 7)
    **second_stage_actions.HANDLERS,  # 移出入围供应商, 资金支付申请 (issue 7)
}
