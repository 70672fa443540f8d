"""The demo dataset (``yucai-server --demo``): Henan regions, units of every kind, accounts with
both posts, operators, and bindings for the demo token certificates.

The purchaser, supplier and personal identity codes are the ones the demo tokens carry
(``python -m desktop.demo.token --ensure``), so their certificates match these units. The
certificates themselves are fresh on every token build: the seed binds the ones it is given
(``Settings.demo_certificates``) by fingerprint, to the account whose unit has the certificate's
credit code, or whose operator has its ID number.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.domain.identity import credit_code_check_char, id_number_check_char
from desktop.domain.roles import Post, UnitKind, UserType
from desktop.domain.workflow.binding import AccountOrigin
from server_stub.auth import hash_password
from server_stub.certificates import (
    certificate_credit_code,
    certificate_id_number,
    fingerprint,
    load_certificate,
)
from server_stub.demo_contracts import seed_lots
from server_stub.models import Account, CertificateBinding, Operator, Unit
from server_stub.services import registry

log = logging.getLogger(__name__)

DEMO_PASSWORD = "Yucai@2026"


def _credit(first17: str) -> str:
    return first17 + credit_code_check_char(first17)


def _idn(first17: str) -> str:
    return first17 + id_number_check_char(first17)


# The codes on the demo tokens (desktop/demo/pki.py).
PURCHASER_CREDIT_CODE = _credit("11410100MB0000001")
SUPPLIER_CREDIT_CODE = "91410100MA000000C0"
SUPPLIER2_CREDIT_CODE = "91410100MA000000NY"
SYNCED_SUPPLIER_CREDIT_CODE = _credit("91410107MA000007X")  # the SoftHSM lab's "crowded" unit key d001
PERSON_ID_NUMBER = _idn("41010519900307123")  # 张三
PERSON2_ID_NUMBER = _idn("41010519851120004")  # 李四

REGIONS = (
    ("410000", "河南省", None), ("410100", "郑州市", "410000"), ("410200", "开封市", "410000"),
    ("410300", "洛阳市", "410000"), ("410400", "平顶山市", "410000"), ("410500", "安阳市", "410000"),
    ("410600", "鹤壁市", "410000"), ("410700", "新乡市", "410000"), ("410800", "焦作市", "410000"),
    ("410900", "濮阳市", "410000"), ("411000", "许昌市", "410000"), ("411100", "漯河市", "410000"),
    ("411200", "三门峡市", "410000"), ("411300", "南阳市", "410000"), ("411400", "商丘市", "410000"),
    ("411500", "信阳市", "410000"), ("411600", "周口市", "410000"), ("411700", "驻马店市", "410000"),
    ("419001", "济源市", "410000"),
    ("410102", "中原区", "410100"), ("410103", "二七区", "410100"), ("410105", "金水区", "410100"),
)

# id, name, credit code, kind, region, supervising unit, password login allowed, contact, phone
UNITS = (
    ("czt-hn", "河南省财政厅", _credit("11410000MB0000011"), UnitKind.FINANCE, "410000", None, True,
     "王建国", "0371-65800001"),
    ("czj-zz", "郑州市财政局", _credit("11410100MB0000021"), UnitKind.FINANCE, "410100", None, True,
     "赵敏", "0371-67180001"),
    ("jyzx-hn", "河南省公共资源交易中心", _credit("12410000MB0000031"), UnitKind.TRADING_CENTER, "410000", None,
     True, "孙磊", "0371-65900001"),
    ("cgzx-hn", "河南省政府采购中心", _credit("12410000MB0000041"), UnitKind.CENTRAL_PROCUREMENT, "410000", None,
     True, "周洁", "0371-65810001"),
    ("jyj-zz", "郑州市教育局", _credit("11410100MB0000051"), UnitKind.BUDGET_UNIT, "410100", None, True,
     "吴强", "0371-67170001"),
    ("yz-zz", "郑州市第一中学", _credit("12410100MB0000061"), UnitKind.BUDGET_UNIT, "410105", "jyj-zz", True,
     "郑红", "0371-63910001"),
    ("mmj-zz", "河南省郑州市某某局", PURCHASER_CREDIT_CODE, UnitKind.BUDGET_UNIT, "410100", None, True,
     "李娜", "0371-67000001"),
    ("zyzb", "河南中原招标代理有限公司", _credit("91410100MA0000007"), UnitKind.SOCIAL_AGENCY, "410105", None, True,
     "陈晨", "0371-60000007"),
    ("ycsf", "河南豫采示范科技有限公司", SUPPLIER_CREDIT_CODE, UnitKind.SUPPLIER, "410105", None, False,
     "李四", "13800000002"),
    ("bgsb", "郑州某某办公设备有限公司", SUPPLIER2_CREDIT_CODE, UnitKind.SUPPLIER, "410103", None, True,
     "刘洋", "13800000003"),
)

# Suppliers synced from 河南省公共资源交易中心, never registered here: they bind their key directly and
# get 绑定key未启用 until they submit their unit information (seed manual §三 步骤三).
SYNCED_UNITS = (
    ("jyzx-tb", "河南中原同步供应商有限公司", SYNCED_SUPPLIER_CREDIT_CODE, UnitKind.SUPPLIER, "410102"),
)

# operator id, unit, name, ID number
OPERATORS = (
    ("op-mmj-lina", "mmj-zz", "李娜", _idn("41010219880512002")),
    ("op-mmj-zhangsan", "mmj-zz", "张三", PERSON_ID_NUMBER),
    ("op-ycsf-lisi", "ycsf", "李四", PERSON2_ID_NUMBER),
    ("op-jyj-wuqiang", "jyj-zz", "吴强", _idn("41010319790203001")),
    ("op-czj-zhaomin", "czj-zz", "赵敏", _idn("41010519820915002")),
)

# account id, username, unit, user type, post, operator
ACCOUNTS = (
    ("acc-mmj-jb", "zzmmj_jb", "mmj-zz", UserType.PURCHASER, Post.HANDLER, "op-mmj-lina"),
    ("acc-mmj-sh", "zzmmj_sh", "mmj-zz", UserType.PURCHASER, Post.REVIEWER, "op-mmj-zhangsan"),
    ("acc-jyj-jb", "zzjyj_jb", "jyj-zz", UserType.PURCHASER, Post.HANDLER, "op-jyj-wuqiang"),
    ("acc-jyj-sh", "zzjyj_sh", "jyj-zz", UserType.PURCHASER, Post.REVIEWER, None),
    ("acc-yz-jb", "zzyz_jb", "yz-zz", UserType.PURCHASER, Post.HANDLER, None),
    ("acc-cgzx-jb", "hncgzx_jb", "cgzx-hn", UserType.AGENCY, Post.HANDLER, None),
    ("acc-cgzx-sh", "hncgzx_sh", "cgzx-hn", UserType.AGENCY, Post.REVIEWER, None),
    ("acc-zyzb-jb", "zyzb_jb", "zyzb", UserType.AGENCY, Post.HANDLER, None),
    ("acc-ycsf-jb", "hnycsf_jb", "ycsf", UserType.SUPPLIER, Post.HANDLER, "op-ycsf-lisi"),
    ("acc-bgsb-jb", "zzbgsb_jb", "bgsb", UserType.SUPPLIER, Post.HANDLER, None),
    ("acc-czj-jg", "zzczj_jg", "czj-zz", UserType.REGULATOR, Post.HANDLER, "op-czj-zhaomin"),
    ("acc-czj-sh", "zzczj_sh", "czj-zz", UserType.REGULATOR, Post.REVIEWER, None),
    ("acc-czt-jg", "hnczt_jg", "czt-hn", UserType.REGULATOR, Post.HANDLER, None),
    ("acc-jyzx-jg", "hnjyzx_jg", "jyzx-hn", UserType.REGULATOR, Post.HANDLER, None),
    ("acc-jyzx-tb-jb", "zytb_jb", "jyzx-tb", UserType.SUPPLIER, Post.HANDLER, None),
    # 计划备案 (issue 7): a 集采机构 files plans with its 采购人 accounts (manual 1.3.3); the subordinate
    # unit's 内部审核岗; a second provincial regulator so 初核 and 复核 are done by different people.
    ("acc-cgzx-cg-jb", "hncgzx_cgjb", "cgzx-hn", UserType.PURCHASER, Post.HANDLER, None),
    ("acc-cgzx-cg-sh", "hncgzx_cgsh", "cgzx-hn", UserType.PURCHASER, Post.REVIEWER, None),
    ("acc-yz-sh", "zzyz_sh", "yz-zz", UserType.PURCHASER, Post.REVIEWER, None),
    ("acc-czt-sh", "hnczt_sh", "czt-hn", UserType.REGULATOR, Post.REVIEWER, None),
)


def seed(session: Session, certificates: Iterable[bytes], now: dt.datetime) -> None:
    """Create the dataset once (skipped when units exist) and bind ``certificates``; commits."""
    if session.execute(select(func.count()).select_from(Unit)).scalar_one() == 0:
        _create(session)
        log.info("demo dataset created")
    seed_lots(session, now)  # 合同在线签订 demo lots (server_stub/demo_contracts.py), idempotent
    for der in certificates:
        bind_certificate(session, der, now)
    session.commit()


def _create(session: Session) -> None:
    for code, name, parent in REGIONS:
        registry.add_region(session, code, name, parent)
    for uid, name, credit, kind, region, supervisor, pw, person, phone in UNITS:
        registry.add_unit(session, uid, name, credit, kind, region, supervising_unit_id=supervisor,
                          allow_password_login=pw, contact_person=person, contact_phone=phone)
    for uid, name, credit, kind, region in SYNCED_UNITS:
        registry.add_unit(session, uid, name, credit, kind, region, origin=AccountOrigin.TRADING_CENTRE.value,
                          info_completed=False)
    for oid, unit_id, name, idn in OPERATORS:
        registry.add_operator(session, oid, unit_id, name, idn)
    password = hash_password(DEMO_PASSWORD)
    for aid, username, unit_id, user_type, post, operator in ACCOUNTS:
        unit = session.get(Unit, unit_id)
        assert unit is not None
        registry.add_account(session, aid, username, unit, user_type, post, operator_id=operator,
                             password_hash=password if unit.allow_password_login else None)


def bind_certificate(session: Session, der: bytes, now: dt.datetime) -> Account | None:
    """Bind a demo certificate to the matching demo account (None when nothing matches)."""
    cert = load_certificate(der)
    fp = fingerprint(der)
    if session.execute(select(CertificateBinding).where(CertificateBinding.fingerprint_sha256 == fp)).first():
        return None
    idn = certificate_id_number(cert)
    credit = None if idn else certificate_credit_code(cert)
    account: Account | None = None
    if idn:
        account = session.execute(select(Account).join(Operator, Account.operator_id == Operator.id)
                                  .where(Operator.id_number == idn, Account.active.is_(True))).scalars().first()
    elif credit:
        account = session.execute(select(Account).join(Unit, Account.unit_id == Unit.id)
                                  .where(Unit.credit_code == credit, Account.post == Post.HANDLER.value)
                                  .order_by(Account.id)).scalars().first()
    if account is None:
        log.warning("demo certificate %s matches no demo account", fp[:16])
        return None
    if not idn:  # a rebuilt demo key replaces the account's unit key, as a 续期 would
        for old in session.execute(select(CertificateBinding).where(
                CertificateBinding.account_id == account.id, CertificateBinding.kind == "unit",
                CertificateBinding.active.is_(True))).scalars():
            old.active, old.ended_at, old.ended_reason = False, now, "续期"
        session.flush()
    session.add(CertificateBinding(account_id=account.id, fingerprint_sha256=fp,
                                   serial_hex=format(cert.serial_number, "X"), issuer=cert.issuer.rfc4514_string(),
                                   subject=cert.subject.rfc4514_string(), credit_code=credit,
                                   id_number=idn, bound_at=now, kind="personal" if idn else "unit",
                                   not_after=cert.not_valid_after_utc,
                                   operator_id=account.operator_id if idn else None))
    session.flush()
    return account
