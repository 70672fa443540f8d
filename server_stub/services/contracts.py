"""合同在线签订 on the server (seed manual §二; issue 6): lots, the five contract commands, the feed
records, and who may read a contract's PDFs.

The rules are the domain's (:mod:`desktop.domain.workflow.contract`); a :class:`WorkflowError`
becomes a :class:`CommandRejected` with the domain's code and Chinese message. The server adds
what only it can check: the lot and its result announcement, the uploaded PDF (a real, unencrypted
PDF under the size limit), and for a signature the signed file itself
(:mod:`server_stub.services.signed_pdf`) and the key binding of its signer.

Visibility (feed scopes): a lot — its purchaser and its supplier, once its result is published; a
contract — its purchaser, and its supplier once the purchaser has signed (2.2 步骤三); a 合同公告 —
everyone. Concurrency: a contract row is read ``FOR UPDATE`` (PostgreSQL) and written with an
optimistic version check (both backends), so of two signatures on one document exactly one is
accepted; the other is refused with the reason.

A framework agreement's second-stage lot (``ssl-<procurement id>``, issue 7) is signed here as any other
lot, but filed by the second stage's 合同备案 (:func:`mark_filed`, without a 合同公告 of its own); its
own 【合同备案】 is refused, and every change of its contract republishes the second-stage record.
"""

from __future__ import annotations

import datetime as dt
import decimal
import logging
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.domain import commands as c
from desktop.domain.contract_records import ContractNoticeRecord, ContractRecord, LotRecord
from desktop.domain.protocol import RecordKind, to_json
from desktop.domain.roles import Post, UserType, require_handler
from desktop.domain.workflow import contract as wf
from desktop.domain.workflow.common import Actor, WorkflowError
from desktop.domain.workflow.review import FlowStatus
from desktop.domain.workflow.second_stage_extras import (
    is_second_stage_lot,
    refuse_contract_after_filing,
    refuse_online_filing,
)
from server_stub.models import (
    Account,
    Blob,
    CertificateBinding,
    ContractNotice,
    Lot,
    OnlineContract,
    SecondStageProcurement,
    Unit,
)
from server_stub.services import feed
from server_stub.services.blobs import BlobFiles
from server_stub.services.command_base import CommandContext, CommandRejected
from server_stub.services.signed_pdf import NewSignature, accept_signed_upload, check_contract_pdf

__all__ = [
    "add_contract",
    "add_lot",
    "contract_party_may_read",
    "delete_contract",
    "file_contract",
    "mark_filed",
    "publish_lot_result",
    "replace_contract_document",
    "sign_contract",
]

log = logging.getLogger(__name__)


# --- lots ------------------------------------------------------------------------------------------

def _unit(session: Session, unit_id: str) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise ValueError(f"unknown unit {unit_id!r}")
    return unit


def lot_record(session: Session, lot: Lot) -> LotRecord:
    purchaser, supplier = _unit(session, lot.purchaser_unit_id), _unit(session, lot.supplier_unit_id)
    return LotRecord(project_id=lot.project_id, project_code=lot.project_code, project_name=lot.project_name,
                     lot_no=lot.lot_no, lot_name=lot.lot_name, purchaser_unit_id=purchaser.id,
                     purchaser_name=purchaser.name, supplier_unit_id=supplier.id, supplier_name=supplier.name,
                     supplier_credit_code=supplier.credit_code, amount=lot.amount,
                     result_published_at=lot.result_published_at)


def publish_lot(session: Session, lot: Lot) -> int | None:
    """The lot's feed record (purchaser and supplier see it), once its result is published."""
    if lot.result_published_at is None:
        return None
    return feed.publish(session, RecordKind.LOT, lot.id, to_json(lot_record(session, lot)),
                        scope_unit_id=lot.purchaser_unit_id, shared_with=[lot.supplier_unit_id])


def add_lot(session: Session, lot_id: str, *, project_id: str, project_code: str, project_name: str, lot_no: str,
            lot_name: str, purchaser_unit_id: str, supplier_unit_id: str, amount: str,
            result_published_at: dt.datetime | None = None) -> Lot:
    """Register a 标段 and its winning supplier (from the trading system / a framework agreement)."""
    try:
        value = decimal.Decimal(amount)
    except decimal.InvalidOperation:
        raise ValueError(f"amount must be a decimal string: {amount!r}") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"amount must be a non-negative decimal: {amount!r}")
    purchaser, supplier = _unit(session, purchaser_unit_id), _unit(session, supplier_unit_id)
    lot = Lot(id=lot_id, project_id=project_id, project_code=project_code, project_name=project_name,
              lot_no=lot_no, lot_name=lot_name, purchaser_unit_id=purchaser.id, supplier_unit_id=supplier.id,
              amount=amount, result_published_at=result_published_at)
    session.add(lot)
    session.flush()
    publish_lot(session, lot)
    return lot


def publish_lot_result(session: Session, lot_id: str, at: dt.datetime) -> Lot:
    """结果公告 published: from now on the lot is offered when adding a signing record."""
    lot = session.get(Lot, lot_id)
    if lot is None:
        raise ValueError(f"unknown lot {lot_id!r}")
    lot.result_published_at = at
    session.flush()
    publish_lot(session, lot)
    return lot


# --- records -----------------------------------------------------------------------------------------

def contract_record(session: Session, row: OnlineContract) -> ContractRecord:
    lot = session.get(Lot, row.lot_id)
    assert lot is not None
    purchaser, supplier = _unit(session, row.purchaser_unit_id), _unit(session, row.supplier_unit_id)
    return ContractRecord(
        lot_id=row.lot_id, project_name=lot.project_name, lot_name=lot.lot_name, title=row.title,
        purchaser_unit_id=purchaser.id, purchaser_name=purchaser.name, supplier_unit_id=supplier.id,
        supplier_name=supplier.name, supplier_credit_code=row.supplier_credit_code, amount=row.amount,
        state=row.state, file_name=row.file_name, document_sha256=row.document_sha256,
        original_sha256=row.original_sha256, created_at=row.created_at,
        purchaser_signed_at=row.purchaser_signed_at, supplier_signed_at=row.supplier_signed_at,
        filed_at=row.filed_at)


def _supplier_sees(row: OnlineContract) -> bool:
    return row.state != wf.ContractState.AWAITING_SIGNATURES.value


def publish_contract(session: Session, row: OnlineContract) -> int:
    data = None if row.deleted_at is not None else to_json(contract_record(session, row))
    revision = feed.publish(session, RecordKind.CONTRACT, row.id, data, scope_unit_id=row.purchaser_unit_id,
                            shared_with=[row.supplier_unit_id] if _supplier_sees(row) else [])
    if is_second_stage_lot(row.lot_id):  # its second-stage record shows the online contract's state
        from server_stub.services import second_stage  # imported here: second_stage imports this module

        second_stage.republish_lot(session, row.lot_id)
    return revision


def notice_record(session: Session, notice: ContractNotice) -> ContractNoticeRecord:
    row = session.get(OnlineContract, notice.contract_id)
    assert row is not None
    record = contract_record(session, row)
    return ContractNoticeRecord(contract_id=row.id, title=notice.title, project_name=record.project_name,
                                lot_name=record.lot_name, purchaser_name=record.purchaser_name,
                                supplier_name=record.supplier_name, supplier_credit_code=record.supplier_credit_code,
                                amount=record.amount, document_sha256=notice.document_sha256,
                                published_at=notice.published_at)


# --- helpers ----------------------------------------------------------------------------------------

def _actor(account: Account) -> Actor:
    return Actor(account.id, account.unit_id, UserType(account.user_type), Post(account.post))


def _rejected(exc: WorkflowError) -> CommandRejected:
    message = f"{exc.message}（{exc.remedy}）" if exc.remedy else exc.message
    return CommandRejected(exc.code, message, exc.message_en)


def _domain(row: OnlineContract) -> wf.OnlineContract:
    def signature(by: str | None, at: dt.datetime | None, sha: str | None) -> wf.Signature | None:
        return wf.Signature(by, at or row.created_at, sha) if by and sha else None

    return wf.OnlineContract(
        contract_id=row.id, lot_id=row.lot_id, purchaser_unit_id=row.purchaser_unit_id,
        supplier_unit_id=row.supplier_unit_id, supplier_credit_code=row.supplier_credit_code,
        document_sha256=row.document_sha256, state=wf.ContractState(row.state),
        purchaser_signature=signature(row.purchaser_signed_by, row.purchaser_signed_at, row.purchaser_signed_sha256),
        supplier_signature=signature(row.supplier_signed_by, row.supplier_signed_at, row.supplier_signed_sha256))


def _unknown(contract_id: str) -> CommandRejected:
    return CommandRejected("contract_unknown", f"合同签订信息“{contract_id}”不存在或已删除，请同步后再试",
                           f"contract {contract_id} not found")


def _load(session: Session, contract_id: str, account: Account) -> OnlineContract:
    """The live contract, locked for this transaction (PostgreSQL), if the caller's unit is a party."""
    row = session.execute(select(OnlineContract).where(OnlineContract.id == contract_id)
                          .with_for_update()).scalar_one_or_none()
    if row is None or row.deleted_at is not None or account.unit_id not in (row.purchaser_unit_id,
                                                                            row.supplier_unit_id):
        raise _unknown(contract_id)
    return row


def _write(session: Session, row: OnlineContract) -> None:
    """Flush the row under its version check: someone else changed it since we read it -> refused."""
    contract_id = row.id
    try:
        session.flush()
    except StaleDataError as exc:
        raise CommandRejected("contract_changed",
                              "合同刚刚被其他操作更新（例如对方或同事已签章），请同步后查看合同的最新状态",
                              f"contract {contract_id} changed concurrently") from exc


def _blob_files(context: CommandContext) -> BlobFiles:
    return BlobFiles(context.settings.resolved_blob_dir())


def _own_upload(session: Session, context: CommandContext, account: Account, sha256: str, limit: int,
                what: str) -> bytes:
    """The bytes of a complete blob the caller's unit uploaded (within ``limit``)."""
    blob = session.get(Blob, sha256)
    owner = session.get(Account, blob.account_id) if blob is not None else None
    if blob is None or not blob.complete or owner is None or owner.unit_id != account.unit_id:
        raise CommandRejected("document_missing", f"服务器上没有找到{what}（尚未上传完成），请重新同步上传后再保存",
                              f"blob {sha256} is not on the server (complete, uploaded by this unit)")
    if blob.size > limit:
        mb = 1024 * 1024
        raise CommandRejected("pdf_too_large", f"{what}过大（{blob.size / mb:.1f} MB），"
                              f"请上传不超过 {limit / mb:.1f} MB 的 pdf 文件", f"{blob.size} bytes > {limit}")
    return _blob_files(context).final_path(sha256).read_bytes()


def _check_upload(session: Session, context: CommandContext, account: Account, sha256: str) -> None:
    limit = context.settings.contract_pdf_max_bytes
    check_contract_pdf(_own_upload(session, context, account, sha256, limit, "合同文件"), limit)


# --- commands ---------------------------------------------------------------------------------------

def add_contract(session: Session, account: Account, command: c.AddContract, context: CommandContext) -> None:
    """2.1 添加合同签订信息: a lot with a published result, the uploaded PDF checked: 待签章."""
    if session.get(OnlineContract, command.contract_id) is not None:
        raise CommandRejected("contract_exists", f"合同编号“{command.contract_id}”已存在",
                              f"contract {command.contract_id} exists")
    lot = session.get(Lot, command.lot_id)
    if lot is None:
        raise CommandRejected("lot_unknown", "所选的标段不存在，请重新【选择】发布过结果公告的标段",
                              f"lot {command.lot_id} not found")
    supplier = _unit(session, lot.supplier_unit_id)
    try:
        transition = wf.new_online_contract(command.contract_id, lot.id, lot.result_published_at is not None,
                                            lot.purchaser_unit_id, lot.supplier_unit_id, supplier.credit_code,
                                            command.document_sha256, _actor(account), context.now)
        if is_second_stage_lot(lot.id):
            filed = session.execute(select(SecondStageProcurement.id).where(
                SecondStageProcurement.lot_id == lot.id,
                SecondStageProcurement.status == FlowStatus.APPROVED.value)).first()
            refuse_contract_after_filing(filed is not None)
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    taken = CommandRejected("lot_has_contract", f"标段“{lot.lot_name}”已添加过合同签订信息，请勿重复添加",
                            f"lot {lot.id} already has a live contract")
    if session.execute(select(OnlineContract.id).where(OnlineContract.lot_id == lot.id,
                                                       OnlineContract.deleted_at.is_(None))).first():
        raise taken
    _check_upload(session, context, account, command.document_sha256)
    new = transition.record
    row = OnlineContract(id=new.contract_id, lot_id=lot.id, title=command.title.strip(),
                         purchaser_unit_id=new.purchaser_unit_id, supplier_unit_id=new.supplier_unit_id,
                         supplier_credit_code=new.supplier_credit_code, amount=lot.amount, state=new.state.value,
                         file_name=command.file_name.strip(), document_sha256=new.document_sha256,
                         original_sha256=new.document_sha256, created_by=account.id, created_at=context.now)
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # the same lot added concurrently (partial unique index)
        raise taken from exc
    publish_contract(session, row)


def replace_contract_document(session: Session, account: Account, command: c.ReplaceContractDocument,
                              context: CommandContext) -> None:
    """Another PDF before anyone signed."""
    row = _load(session, command.contract_id, account)
    try:
        transition = wf.replace_document(_domain(row), _actor(account), command.document_sha256, context.now)
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    _check_upload(session, context, account, command.document_sha256)
    row.document_sha256 = row.original_sha256 = transition.record.document_sha256
    row.file_name = command.file_name.strip()
    _write(session, row)
    publish_contract(session, row)


def delete_contract(session: Session, account: Account, command: c.DeleteContract, context: CommandContext) -> None:
    """删除: only a record nobody signed (待签章); it leaves the feed as a tombstone."""
    row = _load(session, command.contract_id, account)
    actor = _actor(account)
    if actor.user_type is not UserType.PURCHASER or actor.unit_id != row.purchaser_unit_id:
        raise CommandRejected("not_contract_purchaser", "只有本合同的采购单位可以删除合同签订信息",
                              "only the contract's purchaser may delete it")
    require_handler(actor.post, "删除合同签订信息")
    try:
        wf.require_document_mutable(_domain(row))
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    row.deleted_at = context.now
    _write(session, row)
    publish_contract(session, row)


def sign_contract(session: Session, account: Account, command: c.SignContract, context: CommandContext) -> None:
    """2.2 / 2.3 签章: accept the signed upload (the current PDF plus one seal of the right unit's bound key)."""
    row = _load(session, command.contract_id, account)
    contract = _domain(row)
    party = wf.next_signer(contract)
    try:  # who may sign now: the purchaser first, then this contract's supplier, each once
        transition = wf.sign_contract(contract, _actor(account), command.signed_sha256, context.now)
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    assert party is not None
    if command.base_sha256 != row.document_sha256:
        raise CommandRejected("base_outdated", "签章所用的合同文件不是合同的当前文件（合同文件已更换或已被签章），"
                              "请同步后下载最新的合同文件重新签章",
                              "the signed file was not made from the current document")
    settings = context.settings
    limit = settings.contract_pdf_max_bytes + 2 * settings.contract_signature_max_bytes
    signed = _own_upload(session, context, account, command.signed_sha256, limit, "签章后的合同文件")
    base = _blob_files(context).final_path(row.document_sha256).read_bytes()
    earliest = row.purchaser_signed_at if party is wf.Signer.SUPPLIER else None
    signature = accept_signed_upload(base, signed, context.trust, context.now,
                                     max_growth=settings.contract_signature_max_bytes, earliest=earliest)
    expected_unit = row.purchaser_unit_id if party is wf.Signer.PURCHASER else row.supplier_unit_id
    _require_bound(session, signature, _unit(session, expected_unit), party)
    new = transition.record
    row.state, row.document_sha256 = new.state.value, new.document_sha256
    if party is wf.Signer.PURCHASER:
        row.purchaser_signed_sha256, row.purchaser_signed_by = new.document_sha256, account.id
        row.purchaser_signed_at, row.purchaser_accepted_at = signature.signing_time, context.now
        row.purchaser_certificate_sha256 = signature.fingerprint_sha256
    else:
        row.supplier_signed_sha256, row.supplier_signed_by = new.document_sha256, account.id
        row.supplier_signed_at, row.supplier_accepted_at = signature.signing_time, context.now
        row.supplier_certificate_sha256 = signature.fingerprint_sha256
    _write(session, row)
    publish_contract(session, row)
    log.info("contract %s signed by %s (%s)", row.id, party.name.lower(), signature.fingerprint_sha256[:16])


def _require_bound(session: Session, signature: NewSignature, unit: Unit, party: wf.Signer) -> None:
    """The new seal's certificate is a unit key bound (CA 自助绑定) to an account of ``unit``."""
    who = signature.organization or signature.subject
    binding = session.execute(select(CertificateBinding).where(
        CertificateBinding.fingerprint_sha256 == signature.fingerprint_sha256,
        CertificateBinding.active.is_(True))).scalar_one_or_none()
    bound_account = session.get(Account, binding.account_id) if binding is not None else None
    if binding is None or bound_account is None or not bound_account.active:
        if signature.credit_code == unit.credit_code:
            raise CommandRejected("signer_not_bound",
                                  f"签章所用的 CA 锁（{who}）尚未绑定到{unit.name}的账号。请先通过“CA 自助绑定”"
                                  "绑定该 CA 锁，再重新签章", "the signing certificate is not bound to an account")
        raise _wrong_unit(unit, party, who)
    if bound_account.unit_id != unit.id or (signature.credit_code is not None
                                            and signature.credit_code != unit.credit_code):
        raise _wrong_unit(unit, party, who)
    if binding.kind != "unit":
        raise CommandRejected("signer_personal_key",
                              f"合同签章须使用{unit.name}的单位 CA 锁（单位证书），不能使用个人 key。"
                              "请插入单位 CA 锁重新签章",
                              "a contract is sealed with the unit key, not a personal key")


def _wrong_unit(unit: Unit, party: wf.Signer, who: str) -> CommandRejected:
    return CommandRejected("signer_wrong_unit",
                           f"签章所用的 CA 锁（{who}）不是{party.value}{unit.name}的单位 CA 锁。"
                           f"请插入{unit.name}的 CA 锁，用签章前的合同文件重新签章",
                           f"the signing key is not bound to the {party.name.lower()}'s unit")


def mark_filed(session: Session, row: OnlineContract, filer: Account, now: dt.datetime,
               framework_agreement_filed: bool | None = None) -> None:
    """The contract becomes 已备案 (its doubly signed PDF the locked main document); no 合同公告 here."""
    try:
        transition = wf.file_contract(_domain(row), _actor(filer), now, framework_agreement_filed)
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    row.state, row.filed_by, row.filed_at = transition.record.state.value, filer.id, now
    _write(session, row)
    publish_contract(session, row)


def file_contract(session: Session, account: Account, command: c.FileContract, context: CommandContext) -> None:
    """2.4 合同备案: the doubly signed PDF becomes the locked main document; publishes the 合同公告.
    A framework agreement's second-stage lot is filed by the second stage's 合同备案 instead."""
    row = _load(session, command.contract_id, account)
    try:
        refuse_online_filing(row.lot_id)
    except WorkflowError as exc:
        raise _rejected(exc) from exc
    mark_filed(session, row, account, context.now)
    lot = session.get(Lot, row.lot_id)
    assert lot is not None
    notice = ContractNotice(contract_id=row.id, title=f"{lot.project_name}（{lot.lot_name}）合同公告",
                            document_sha256=row.document_sha256, published_at=context.now)
    session.add(notice)
    session.flush()
    feed.publish(session, RecordKind.CONTRACT_NOTICE, row.id, to_json(notice_record(session, notice)))


# --- blobs -------------------------------------------------------------------------------------------

def contract_party_may_read(session: Session, sha256: str, unit_id: str) -> bool:
    """A document of a live contract (the upload, the purchaser-signed or the doubly signed file) whose
    purchaser is ``unit_id``, or whose supplier is and already sees the contract."""
    document = or_(OnlineContract.original_sha256 == sha256, OnlineContract.purchaser_signed_sha256 == sha256,
                   OnlineContract.supplier_signed_sha256 == sha256)
    party = or_(OnlineContract.purchaser_unit_id == unit_id,
                and_(OnlineContract.supplier_unit_id == unit_id,
                     OnlineContract.state != wf.ContractState.AWAITING_SIGNATURES.value))
    found: Any = session.execute(select(OnlineContract.id).where(
        OnlineContract.deleted_at.is_(None), document, party).limit(1)).first()
    return found is not None
