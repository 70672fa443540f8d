"""CA 自助绑定 of unit keys on the server (seed manual §三 3.2; issue 5).

The rules are :mod:`desktop.domain.workflow.binding` (``assess_binding``, ``bind_unit_key``,
``account_status``); this module feeds them from the database and keeps the invariants under
concurrency with constraints, not with reads:

* one key, one login account — ``certificate_bindings.fingerprint_sha256`` is unique over all rows;
* one role, one key — at most one active unit key per account (partial unique index);
* a renewal ends the previous binding with ``UPDATE ... WHERE active``: of two concurrent
  renewals of one account only one ends it.

The unit key is bound to the unit's 经办岗 account of the chosen user type ("本功能所有操作均为用户
经办岗进行自助操作"); 审核岗 accounts log in with personal keys (§3.3). A unit is registered once
(``units.credit_code`` is unique), so 数据重复 means several active 经办岗 accounts of that user type.

Every attempt to bind — success, renewal or refusal — is written to ``binding_audit``; a refusal
is written after the failed transaction was rolled back, in its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from cryptography import x509
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from desktop.domain.cert_identity import CertificateFormatError, identity_of_certificate
from desktop.domain.protocol import (
    BindingAuditEntry,
    BindingStatusAnswer,
    BindRequest,
    BindResult,
    PersonalKeyInfo,
    PersonalKeyList,
    PersonalKeyRequest,
    ProtocolError,
    RegisteredUnit,
    binding_message,
    personal_binding_message,
    unb64,
)
from desktop.domain.roles import Post, RoleViolation, UserType, require_handler, require_same_unit
from desktop.domain.workflow.binding import (
    SERVICE_PHONES,
    AccountOrigin,
    BindingAssessment,
    BindingRefused,
    BindingStatus,
    KeyCertificate,
    UnitAccount,
    UnitKeyBinding,
    account_status,
    assess_binding,
    bind_unit_key,
    key_credit_code,
)
from desktop.domain.workflow.common import WorkflowError
from desktop.domain.workflow.personal_key import Operator as DomainOperator
from desktop.domain.workflow.personal_key import (
    PersonalKeyBinding,
    bind_personal_key,
    renew_personal_key,
    unbind_personal_key,
)
from desktop.domain.workflow.suppliers import check_phone
from server_stub.certificates import (
    CertificateRefused,
    TrustStore,
    check_signing_usage,
    fingerprint,
    load_certificate,
    verify_chain,
    verify_signature,
)
from server_stub.models import Account, BindingAudit, CertificateBinding, Operator, Unit

log = logging.getLogger(__name__)

BINDABLE_USER_TYPES = (UserType.PURCHASER, UserType.AGENCY, UserType.SUPPLIER)
UNIT_KIND, PERSONAL_KIND = "unit", "personal"
BIND, RENEW, UNBIND = "绑定", "续期", "解绑"
OK = "ok"

# The four prompts of 步骤二 2 (读取证书相关提示信息解析), as remedies for the diagnosis codes.
_KEY_UNUSABLE = "该提示说明当前插入 key 不可用，检查是否是新办 key，再联系 CA 厂商解决。"
_KEY_EXPIRED = "该提示说明使用的 key 已经到期，需要续期或新办 key 来进行绑定操作。当前 key 不能使用。"
_KEY_INFO = ("该提示说明当前 key 信息有问题，使用证书助手检查相关信息是否正常，如信息完整，有可能是老 key 未升级问题，"
             "联系 CA 厂商进行升级后再试。")
_NOT_UNIT_KEY = (f"该提示说明使用的 key 可能不是单位 key，在证书助手上查看社会统一信用代码，是否与本单位营业执照一样。"
                 f"如不一样联系 CA 厂商进行更新，若一致则联系政府采购系统客服电话咨询（{SERVICE_PHONES}）。")
_CERT_REMEDIES = {
    "certificate_expired": _KEY_EXPIRED,
    "certificate_not_yet_valid": "证书尚未生效：请核对电脑时间，或待证书生效后再绑定。",
    "certificate_untrusted": _KEY_UNUSABLE,
    "certificate_unreadable": _KEY_INFO,
    "key_usage": _KEY_UNUSABLE,
}


class BindingError(Exception):
    """A refused status check or bind: HTTP status, stable code, Chinese (with the remedy) and English."""

    def __init__(self, status: int, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.status, self.code, self.message, self.message_en = status, code, message, message_en


def _refused(exc: BindingRefused, status: int = 409) -> BindingError:
    message = f"{exc.message}{exc.remedy}" if exc.remedy and exc.remedy not in exc.message else exc.message
    return BindingError(status, exc.code, message, exc.message_en)


@dataclass(frozen=True)
class CheckedKey:
    der: bytes
    cert: x509.Certificate
    fingerprint: str
    serial: str
    credit_code: str
    id_number: str | None

    @property
    def key(self) -> KeyCertificate:
        """For the domain rules: the fingerprint identifies the certificate (serials are per issuer)."""
        return KeyCertificate(serial=self.fingerprint, credit_code=self.credit_code, id_number=self.id_number,
                              subject_name=self.cert.subject.rfc4514_string())


@dataclass(frozen=True)
class KeyFacts:
    """What is known of an offered certificate, even a refused one (for the audit)."""

    fingerprint: str | None = None
    serial: str | None = None
    credit_code: str | None = None
    id_number: str | None = None


def parse_user_type(value: str) -> UserType:
    try:
        user_type = UserType(value)
    except ValueError:
        user_type = None
    if user_type not in BINDABLE_USER_TYPES:
        raise BindingError(422, "user_type_invalid", "请选择要绑定的用户类型：采购人、代理机构或供应商",
                           f"user type must be one of 采购人/代理机构/供应商, not {value!r}")
    assert user_type is not None
    return user_type


def _decode(text: str) -> bytes:
    try:
        return unb64(text)
    except ProtocolError as exc:
        raise BindingError(400, "request_malformed", "请求格式错误", exc.detail) from exc


def check_certificate(certificate: str, chain: list[str], trust: TrustStore, now: dt.datetime,
                      facts: dict[str, str | None] | None = None) -> CheckedKey:
    """Preflight (步骤一, 步骤二 2): readable, trusted, valid now, usable for signing, a unit key."""
    der = _decode(certificate)
    intermediates = [_decode(c) for c in chain]
    if facts is not None:
        facts["fingerprint"] = fingerprint(der)
    try:
        cert = load_certificate(der)
        if facts is not None:
            facts["serial"] = format(cert.serial_number, "X")
        verify_chain(cert, [load_certificate(c) for c in intermediates], trust, now)
        check_signing_usage(cert)
    except CertificateRefused as exc:
        remedy = _CERT_REMEDIES.get(exc.code, "")
        raise BindingError(422, exc.code, f"{exc.message}。{remedy}" if remedy else exc.message,
                           exc.message_en) from exc
    try:
        identity = identity_of_certificate(der)
    except CertificateFormatError as exc:
        raise BindingError(422, "key_information_problem", f"证书信息无法解析。{_KEY_INFO}", str(exc)) from exc
    if facts is not None:
        facts["credit_code"] = identity.credit_code
        facts["id_number"] = identity.id_number
    if identity.is_personal:
        raise BindingError(422, "personal_key_as_unit",
                           f"当前插入的 key 是个人 key，不能作为单位 key 绑定。{_NOT_UNIT_KEY}"
                           "个人 key 请使用单位账号登录后在【操作人员管理】中绑定。",
                           "a personal key cannot be bound as a unit key")
    if identity.credit_code is None and identity.invalid_credit_codes:
        raise BindingError(422, "key_information_problem",
                           f"key 中的统一社会信用代码“{identity.invalid_credit_codes[0]}”校验不通过。{_KEY_INFO}",
                           "the credit code in the key fails its check character")
    try:
        code = key_credit_code(KeyCertificate(serial="", credit_code=identity.credit_code))
    except BindingRefused as exc:
        raise _refused(exc, 422) from exc
    return CheckedKey(der, cert, fingerprint(der), format(cert.serial_number, "X"), code, identity.id_number)


# --- loading the rules' inputs ---------------------------------------------------------------

def registered_unit(session: Session, credit_code: str) -> Unit:
    """加载单位信息: the unit registered with this credit code, or the preflight refusal (步骤一 1)."""
    unit = session.execute(select(Unit).where(Unit.credit_code == credit_code)).scalar_one_or_none()
    if unit is None:
        raise BindingError(404, "unit_not_registered",
                           f"未查询到统一社会信用代码为“{credit_code}”的已注册单位。请确保贵单位已注册入库，"
                           "且注册信息中的统一社会信用代码与办理单位的 CA 锁时提供的信息一致。",
                           f"no unit is registered with credit code {credit_code}")
    return unit


def unit_answer(unit: Unit) -> RegisteredUnit:
    return RegisteredUnit(unit_id=unit.id, name=unit.name, credit_code=unit.credit_code, origin=unit.origin)


def _unit_account(account: Account, unit: Unit) -> UnitAccount:
    return UnitAccount(account.id, UserType(account.user_type), unit.credit_code, unit.name,
                       AccountOrigin(unit.origin), unit.info_completed)


def assess(session: Session, key: CheckedKey, user_type: UserType) -> BindingAssessment:
    rows = session.execute(select(Account, Unit).join(Unit, Account.unit_id == Unit.id).where(
        Unit.credit_code == key.credit_code, Account.post == Post.HANDLER.value,
        Account.active.is_(True))).all()
    accounts = [_unit_account(a, u) for a, u in rows]
    ids = [a.account_id for a in accounts]
    bindings = session.execute(select(CertificateBinding, Account).join(
        Account, CertificateBinding.account_id == Account.id).where(
        CertificateBinding.active.is_(True), CertificateBinding.kind == UNIT_KIND,
        (CertificateBinding.fingerprint_sha256 == key.fingerprint) | CertificateBinding.account_id.in_(ids))).all()
    existing = [UnitKeyBinding(b.account_id, UserType(a.user_type), b.credit_code or "", b.fingerprint_sha256,
                               b.bound_at, b.operator_name, b.operator_phone) for b, a in bindings]
    return assess_binding(key.key, user_type, accounts, existing)


def status_answer(session: Session, key: CheckedKey, user_type: UserType) -> BindingStatusAnswer:
    unit = registered_unit(session, key.credit_code)
    assessment = assess(session, key, user_type)
    after = None
    if assessment.account is not None:
        after = account_status(assessment.account, has_active_key=True).value
    return BindingStatusAnswer(
        status=assessment.status.value, explanation=assessment.explanation, can_bind=assessment.status.can_bind,
        user_type=user_type.value, credit_code=key.credit_code, certificate_serial=key.serial,
        fingerprint_sha256=key.fingerprint, subject=key.cert.subject.rfc4514_string(),
        not_after=key.cert.not_valid_after_utc, unit=unit_answer(unit), account_status=after)


# --- binding ---------------------------------------------------------------------------------

def check_operator(name: str, phone: str) -> tuple[str, str]:
    text = name.strip()
    if not text:
        raise BindingError(422, "operator_name_required", "请填写操作人名称", "the operator's name is required")
    if len(text) > 50:
        raise BindingError(422, "operator_name_too_long", "操作人名称过长（最多 50 个字）", "operator name too long")
    if not phone.strip():
        raise BindingError(422, "operator_phone_required", "请填写联系电话", "the operator's phone is required")
    try:
        return text, check_phone(phone)
    except WorkflowError as exc:
        raise BindingError(422, exc.code, exc.message, exc.message_en) from exc


_CONFLICT = BindingError(409, "binding_conflict",
                         "该 key 或该账号刚刚被另一次绑定操作占用，请重新读取证书信息后再试。",
                         "the key or the account was bound concurrently")


def _write(session: Session, key: CheckedKey, assessment: BindingAssessment, request: BindRequest,
           operator: tuple[str, str], now: dt.datetime) -> BindResult:
    try:
        outcome = bind_unit_key(assessment, key.key, operator[0], operator[1], now)
    except BindingRefused as exc:
        raise _refused(exc) from exc
    account = session.get(Account, outcome.binding.account_id)
    assert account is not None
    unit = session.get(Unit, account.unit_id)
    assert unit is not None
    replaced = None
    if outcome.ended is not None:
        old = session.execute(select(CertificateBinding).where(
            CertificateBinding.fingerprint_sha256 == outcome.ended.certificate_serial)).scalar_one()
        replaced = old.serial_hex
        ended = session.execute(update(CertificateBinding).where(
            CertificateBinding.id == old.id, CertificateBinding.active.is_(True)).values(
            active=False, ended_at=now, ended_reason=RENEW)).rowcount  # type: ignore[attr-defined]
        if ended != 1:
            raise _CONFLICT
    values = {"account_id": account.id, "serial_hex": key.serial, "issuer": key.cert.issuer.rfc4514_string(),
              "subject": key.cert.subject.rfc4514_string(), "credit_code": key.credit_code, "id_number": None,
              "active": True, "bound_at": now, "not_after": key.cert.not_valid_after_utc, "kind": UNIT_KIND,
              "operator_id": None, "operator_name": operator[0],
              "operator_phone": operator[1], "ended_at": None, "ended_reason": ""}
    revived = session.execute(update(CertificateBinding).where(
        CertificateBinding.fingerprint_sha256 == key.fingerprint, CertificateBinding.active.is_(False))
        .values(**values)).rowcount  # type: ignore[attr-defined]
    if revived == 0:
        session.add(CertificateBinding(fingerprint_sha256=key.fingerprint, **values))
    session.flush()
    action = RENEW if outcome.ended is not None else BIND
    _audit(session, now, action, OK, "", request.user_type, key_facts(key), operator, account=account)
    return BindResult(status=assessment.status.value, username=account.username, unit=unit_answer(unit),
                      account_status=outcome.account_status.value, certificate_serial=key.serial,
                      fingerprint_sha256=key.fingerprint, bound_at=now, replaced_serial=replaced)


def key_facts(key: CheckedKey) -> KeyFacts:
    return KeyFacts(key.fingerprint, key.serial, key.credit_code, key.id_number)


def bind(session: Session, request: BindRequest, trust: TrustStore, now: dt.datetime) -> BindResult:
    """提交绑定, after the nonce was consumed (and committed). Commits; refusals are audited."""
    facts: dict[str, str | None] = {}
    operator = (request.operator_name.strip()[:50], request.operator_phone.strip()[:20])
    action = BIND
    try:
        user_type = parse_user_type(request.user_type)
        key = check_certificate(request.certificate, request.chain, trust, now, facts)
        try:
            verify_signature(key.cert, binding_message(request.nonce, user_type.value), _decode(request.signature),
                             request.digest_algorithm)
        except CertificateRefused as exc:
            raise BindingError(403, exc.code, f"{exc.message}：请确认插入的 key 与读取的证书一致后重试",
                               exc.message_en) from exc
        operator = check_operator(request.operator_name, request.operator_phone)
        registered_unit(session, key.credit_code)
        assessment = assess(session, key, user_type)
        if assessment.status is BindingStatus.RENEWAL:
            action = RENEW
        try:
            result = _write(session, key, assessment, request, operator, now)
            session.commit()
        except (IntegrityError, OperationalError) as exc:
            session.rollback()
            log.info("concurrent bind of %s lost: %s", key.fingerprint[:16], type(exc).__name__)
            again = assess(session, key, user_type)
            session.rollback()
            if not again.status.can_bind:
                raise _refused(BindingRefused(f"binding_{again.status.name.lower()}", again.explanation,
                                              f"cannot bind: {again.status.name}")) from exc
            raise _CONFLICT from exc
    except BindingError as exc:
        session.rollback()
        f = facts
        _audit(session, now, action, exc.code, exc.message, request.user_type[:10],
               KeyFacts(f.get("fingerprint"), f.get("serial"), f.get("credit_code"), f.get("id_number")), operator)
        session.commit()
        log.info("CA binding refused: %s", exc.code)
        raise
    log.info("CA binding: %s %s -> %s", action, key.fingerprint[:16], result.username)
    return result


def record_refusal(session: Session, request: BindRequest, now: dt.datetime, code: str, message: str) -> None:
    """Audit a bind refused before its certificate was looked at (the nonce); commits."""
    try:
        fp: str | None = fingerprint(unb64(request.certificate))
    except ProtocolError:
        fp = None
    _audit(session, now, BIND, code, message, request.user_type[:10], KeyFacts(fingerprint=fp),
           (request.operator_name.strip()[:50], request.operator_phone.strip()[:20]))
    session.commit()


# --- audit -----------------------------------------------------------------------------------

def _audit(session: Session, now: dt.datetime, action: str, outcome: str, message: str, user_type: str,
           facts: KeyFacts, operator: tuple[str, str], *, account: Account | None = None,
           actor: Account | None = None) -> None:
    session.add(BindingAudit(at=now, action=action, outcome=outcome[:64], message=message, user_type=user_type,
                             credit_code=facts.credit_code, id_number=facts.id_number,
                             certificate_serial=facts.serial, fingerprint_sha256=facts.fingerprint,
                             operator_name=operator[0][:50], operator_phone=operator[1][:20],
                             actor_account_id=actor.id if actor else None,
                             account_id=account.id if account else None,
                             unit_id=account.unit_id if account else None))
    session.flush()


def audit_entries(session: Session, cursor: int, limit: int, credit_code: str | None = None,
                  newest_first: bool = False) -> tuple[list[BindingAuditEntry], bool]:
    """One page after ``cursor`` (an id; 0: from the start), oldest first or, for people reading it, newest first."""
    if newest_first:
        query = select(BindingAudit).where(BindingAudit.id < cursor) if cursor else select(BindingAudit)
        order = BindingAudit.id.desc()
    else:
        query, order = select(BindingAudit).where(BindingAudit.id > cursor), BindingAudit.id.asc()
    if credit_code:
        query = query.where(BindingAudit.credit_code == credit_code)
    rows = list(session.execute(query.order_by(order).limit(limit + 1)).scalars())
    names = {a.id: a.username for a in session.execute(select(Account).where(Account.id.in_(
        {r.account_id for r in rows if r.account_id} | {r.actor_account_id for r in rows if r.actor_account_id}
    ))).scalars()}
    units = {u.id: u.name for u in session.execute(select(Unit).where(Unit.id.in_(
        {r.unit_id for r in rows if r.unit_id}))).scalars()}
    entries = [BindingAuditEntry(
        id=r.id, at=r.at, action=r.action, outcome=r.outcome, message=r.message, user_type=r.user_type,
        credit_code=r.credit_code, certificate_serial=r.certificate_serial, fingerprint_sha256=r.fingerprint_sha256,
        operator_name=r.operator_name, operator_phone=r.operator_phone,
        actor_username=names.get(r.actor_account_id) if r.actor_account_id else None,
        account_username=names.get(r.account_id) if r.account_id else None,
        unit_name=units.get(r.unit_id) if r.unit_id else None) for r in rows[:limit]]
    return entries, len(rows) > limit



# --- personal keys (操作人员管理 → 管理 key; seed manual §三 3.3) --------------------------------

EXPIRY_WARNING_DAYS = 30


def _role_checked(account: Account, unit_id: str) -> None:
    try:
        require_handler(Post(account.post), "管理个人 key")
        require_same_unit(account.unit_id, unit_id)
    except RoleViolation as exc:
        raise BindingError(403, exc.code, exc.message, exc.message_en) from exc


def _operator(session: Session, account: Account, operator_id: str) -> tuple[Operator, DomainOperator]:
    row = session.get(Operator, operator_id)
    if row is None or not row.active:
        raise BindingError(404, "operator_unknown", f"操作人员“{operator_id}”不存在或已删除",
                           f"operator {operator_id} not found")
    _role_checked(account, row.unit_id)
    return row, DomainOperator(row.id, row.unit_id, row.name, row.id_number or None)


def _login_account(session: Session, operator: Operator) -> Account:
    accounts = list(session.execute(select(Account).where(Account.operator_id == operator.id,
                                                          Account.active.is_(True))).scalars())
    if len(accounts) != 1:
        raise BindingError(409, "operator_account_missing" if not accounts else "operator_account_ambiguous",
                           f"操作人员“{operator.name}”{'没有' if not accounts else '有多个'}登录账号，无法绑定个人 key",
                           "the operator needs exactly one login account")
    return accounts[0]


def _checked_personal(request: PersonalKeyRequest, trust: TrustStore, now: dt.datetime,
                      facts: dict[str, str | None]) -> tuple[x509.Certificate, KeyCertificate, str]:
    der = _decode(request.certificate)
    facts["fingerprint"] = fingerprint(der)
    try:
        cert = load_certificate(der)
        facts["serial"] = format(cert.serial_number, "X")
        verify_chain(cert, [load_certificate(_decode(c)) for c in request.chain], trust, now)
        check_signing_usage(cert)
        verify_signature(cert, personal_binding_message(request.nonce, request.operator_id),
                         _decode(request.signature), request.digest_algorithm)
    except CertificateRefused as exc:
        remedy = _CERT_REMEDIES.get(exc.code, "")
        raise BindingError(403 if exc.code == "signature_invalid" else 422, exc.code,
                           f"{exc.message}。{remedy}" if remedy else exc.message, exc.message_en) from exc
    try:
        identity = identity_of_certificate(der)
    except CertificateFormatError as exc:
        raise BindingError(422, "key_information_problem", f"证书信息无法解析。{_KEY_INFO}", str(exc)) from exc
    facts["credit_code"], facts["id_number"] = identity.credit_code, identity.id_number
    key = KeyCertificate(serial=fingerprint(der), credit_code=identity.credit_code, id_number=identity.id_number,
                         subject_name=cert.subject.rfc4514_string())
    return cert, key, format(cert.serial_number, "X")


def _bound_serials(session: Session, fp: str) -> set[str]:
    row = session.execute(select(CertificateBinding.id).where(CertificateBinding.fingerprint_sha256 == fp,
                                                              CertificateBinding.active.is_(True))).first()
    return {fp} if row is not None else set()


def _expiry_warning(not_after: dt.datetime | None, now: dt.datetime) -> str | None:
    if not_after is None:
        return None
    if not_after <= now:
        return "已过期"
    days = (not_after - now).days
    return f"将于 {days} 天后过期，请及时续期" if days < EXPIRY_WARNING_DAYS else None


def personal_info(session: Session, row: CertificateBinding, now: dt.datetime) -> PersonalKeyInfo:
    operator = session.get(Operator, row.operator_id) if row.operator_id else None
    account = session.get(Account, row.account_id)
    return PersonalKeyInfo(
        binding_id=row.id, operator_id=row.operator_id or "", operator_name=operator.name if operator else "",
        username=account.username if account else "", certificate_serial=row.serial_hex,
        fingerprint_sha256=row.fingerprint_sha256, subject=row.subject, bound_at=row.bound_at, active=row.active,
        not_after=row.not_after, ended_at=row.ended_at, ended_reason=row.ended_reason,
        expiry_warning=_expiry_warning(row.not_after, now) if row.active else None)


def list_personal(session: Session, caller_account_id: str, now: dt.datetime) -> PersonalKeyList:
    account = session.get(Account, caller_account_id)
    assert account is not None
    rows = session.execute(select(CertificateBinding).join(Operator, CertificateBinding.operator_id == Operator.id)
                           .where(Operator.unit_id == account.unit_id, CertificateBinding.kind == PERSONAL_KIND)
                           .order_by(CertificateBinding.id)).scalars()
    return PersonalKeyList(keys=[personal_info(session, r, now) for r in rows])


def _store_personal(session: Session, cert: x509.Certificate, key: KeyCertificate, serial: str, id_number: str,
                    operator: Operator, login: Account, now: dt.datetime) -> CertificateBinding:
    values = {"account_id": login.id, "serial_hex": serial, "issuer": cert.issuer.rfc4514_string(),
              "subject": cert.subject.rfc4514_string(), "credit_code": None, "id_number": id_number,
              "active": True, "bound_at": now, "not_after": cert.not_valid_after_utc, "kind": PERSONAL_KIND,
              "operator_id": operator.id, "operator_name": operator.name, "operator_phone": operator.phone,
              "ended_at": None, "ended_reason": ""}
    session.execute(update(CertificateBinding).where(
        CertificateBinding.fingerprint_sha256 == key.serial, CertificateBinding.active.is_(False)).values(**values))
    row = session.execute(select(CertificateBinding).where(
        CertificateBinding.fingerprint_sha256 == key.serial)).scalar_one_or_none()
    if row is None:
        row = CertificateBinding(fingerprint_sha256=key.serial, **values)
        session.add(row)
    session.flush()
    return row


def change_personal(session: Session, caller_account_id: str, request: PersonalKeyRequest | None,
                    binding_id: int | None, trust: TrustStore, now: dt.datetime) -> PersonalKeyInfo:
    """添加 (no ``binding_id``), 续期 (``binding_id`` and a request) or 解绑 (``binding_id`` only). Commits;
    refusals are audited. The nonce of ``request`` was consumed (and committed) by the caller."""
    actor = session.get(Account, caller_account_id)
    assert actor is not None
    action = UNBIND if request is None else (RENEW if binding_id is not None else BIND)
    facts: dict[str, str | None] = {}
    who = ("", "")
    audited_account: Account | None = None
    try:
        old: CertificateBinding | None = None
        if binding_id is not None:
            old = session.get(CertificateBinding, binding_id)
            if old is None or old.kind != PERSONAL_KIND or old.operator_id is None:
                raise BindingError(404, "personal_key_unknown", "未找到该个人 key 的绑定记录",
                                   f"no personal key binding {binding_id}")
            facts.update(fingerprint=old.fingerprint_sha256, serial=old.serial_hex, id_number=old.id_number)
        operator_id = request.operator_id if request is not None else (old.operator_id if old else "")
        operator, domain_operator = _operator(session, actor, operator_id or "")
        who = (operator.name, operator.phone)
        if old is not None and old.operator_id != operator.id:
            raise BindingError(409, "personal_key_other_operator", "该个人 key 绑定在其他操作人员名下",
                               "the binding belongs to another operator")
        login = _login_account(session, operator)
        audited_account = login
        if request is None:
            assert old is not None
            ended = unbind_personal_key(_domain_personal(old), now)
            _end(session, old, ended.ended_reason, now)
            row = old
        else:
            cert, key, serial = _checked_personal(request, trust, now, facts)
            bound = _bound_serials(session, key.serial)
            if old is None:
                binding = bind_personal_key(domain_operator, key, bound, now)
            else:
                closed, binding = renew_personal_key(_domain_personal(old), domain_operator, key, bound, now)
                _end(session, old, closed.ended_reason, now)
            row = _store_personal(session, cert, key, serial, binding.id_number, operator, login, now)
        _audit(session, now, action, OK, "", actor.user_type, _facts_of(facts), who, account=login, actor=actor)
        session.commit()
    except BindingRefused as exc:
        error = _refused(exc, 422)
        _audit_refusal(session, now, action, error, actor, facts, who, audited_account)
        raise error from exc
    except BindingError as exc:
        _audit_refusal(session, now, action, exc, actor, facts, who, audited_account)
        raise
    except IntegrityError as exc:
        _audit_refusal(session, now, action, _CONFLICT, actor, facts, who, audited_account)
        raise _CONFLICT from exc
    log.info("personal key %s: binding %s by %s", action, row.id, actor.username)
    return personal_info(session, row, now)


def _facts_of(facts: dict[str, str | None]) -> KeyFacts:
    return KeyFacts(facts.get("fingerprint"), facts.get("serial"), facts.get("credit_code"), facts.get("id_number"))


def _audit_refusal(session: Session, now: dt.datetime, action: str, error: BindingError, actor: Account,
                   facts: dict[str, str | None], who: tuple[str, str], account: Account | None) -> None:
    session.rollback()
    _audit(session, now, action, error.code, error.message, actor.user_type, _facts_of(facts), who,
           account=account, actor=actor)
    session.commit()
    log.info("personal key %s refused: %s", action, error.code)


def _domain_personal(row: CertificateBinding) -> PersonalKeyBinding:
    return PersonalKeyBinding(row.operator_id or "", "", row.id_number or "", row.fingerprint_sha256, row.bound_at,
                              row.ended_at, row.ended_reason)


def _end(session: Session, row: CertificateBinding, reason: str, now: dt.datetime) -> None:
    ended = session.execute(update(CertificateBinding).where(
        CertificateBinding.id == row.id, CertificateBinding.active.is_(True)).values(
        active=False, ended_at=now, ended_reason=reason)).rowcount  # type: ignore[attr-defined]
    if ended != 1:
        raise _CONFLICT
    session.refresh(row)
