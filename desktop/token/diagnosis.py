"""Help-desk diagnosis: turn a scan (and optional PIN checks) into findings with remedies.

Pure over :mod:`desktop.token.inventory` values: no token access, no Qt. The ``code`` of each
finding is stable (help-desk scripts depend on it); the texts use the manual's wording (seed
manual §三 步骤二 2, the four read-failure prompts) where it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from desktop.token import errors as te
from desktop.token.inventory import (
    CertificateInfo,
    Inventory,
    KeyKind,
    LoginCheck,
    ModuleReport,
    PrivateKeyEvidence,
    TokenInfo,
)

CODES = (
    "module_not_found", "module_load_failed", "no_token", "token_not_initialized", "pin_incorrect",
    "pin_count_low", "pin_final_try", "pin_locked", "no_certificate", "cert_expired",
    "cert_not_yet_valid", "cert_expiring_soon", "not_unit_key", "credit_code_invalid",
    "no_private_key", "key_usage_unsuitable", "mechanism_unsupported", "vendor_error",
)

HOTLINE = "政府采购系统客服电话（0371-65808207、0371-65808480）"

# The manual's four prompts (§三 步骤二 2), verbatim where possible.
KEY_UNUSABLE = "当前插入 key 不可用，检查是否是新办 key，再联系 CA 厂商解决。"
KEY_EXPIRED = "使用的 key 已经到期，需要续期或新办 key 来进行绑定操作。当前 key 不能使用。"
NOT_UNIT_KEY = ("使用的 key 可能不是单位 key，在证书助手上查看社会统一信用代码，是否与本单位营业执照一样。"
                f"如不一样联系 CA 厂商进行更新，若一致则联系{HOTLINE}咨询。")
KEY_INFO_PROBLEM = ("当前 key 信息有问题，使用证书助手检查相关信息是否正常，如信息完整，有可能是老 key 未升级问题，"
                    "联系 CA 厂商进行升级后再试。")
DRIVER = "请安装或重新安装 CA 厂商提供的互认版驱动（华测 CA / 信安 CA），安装后重新插入 key 再试。"
SIGNING_MECHANISMS = {"RSA": ("RSA_PKCS", "SHA256_RSA_PKCS"), "EC": ("ECDSA", "ECDSA_SHA256")}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    remedy: str
    module: str | None = None
    token_label: str | None = None
    token_serial: str | None = None
    key_id: str | None = None
    detail: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class UsableKey:
    module: str
    token_label: str
    token_serial: str
    certificate: CertificateInfo


def _cert_name(cert: CertificateInfo) -> str:
    return cert.display_name


@dataclass(frozen=True)
class _Where:
    module: ModuleReport
    token: TokenInfo
    cert: CertificateInfo


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(self, code: str, severity: Severity, message: str, remedy: str, *,
            module: ModuleReport | None = None, token: TokenInfo | None = None,
            cert: CertificateInfo | None = None, where: _Where | None = None, **detail: str) -> None:
        assert code in CODES, code
        if where is not None:
            module, token, cert = where.module, where.token, where.cert
        self.findings.append(Finding(
            code=code, severity=severity, message=message, remedy=remedy,
            module=module.path if module else None,
            token_label=token.label if token else None,
            token_serial=token.serial if token else None,
            key_id=cert.key_id if cert else detail.pop("key_id", None),
            detail=tuple(sorted((k, v) for k, v in detail.items() if v)),
        ))


def _error_finding(out: _Collector, error: te.TokenError, module: ModuleReport,
                   token: TokenInfo | None = None) -> None:
    """A token-layer error reported while scanning or logging in."""
    if isinstance(error, te.ModuleNotFound):
        out.add("module_not_found", Severity.ERROR, error.message, DRIVER, module=module)
    elif isinstance(error, te.ModuleLoadFailed):
        out.add("module_load_failed", Severity.ERROR, error.message, DRIVER, module=module,
                reason=error.reason_zh)
    elif isinstance(error, te.PinLocked):
        out.add("pin_locked", Severity.ERROR, "key 的口令（PIN）已锁定，当前 key 不能使用。",
                "请携带 key 联系发锁的 CA 厂商解锁口令；不要再尝试输入口令。", module=module, token=token)
    elif isinstance(error, te.PinIncorrect):
        out.add("pin_incorrect", Severity.ERROR, error.message,
                "请确认口令后再试（本程序不会自动重试，以免锁定 key）；忘记口令请联系 CA 厂商。",
                module=module, token=token)
        if error.final_try:
            _final_try(out, module, token)
        elif error.count_low:
            _count_low(out, module, token)
    elif isinstance(error, te.TokenNotInitialized):
        out.add("token_not_initialized", Severity.ERROR, error.message + "。" + KEY_UNUSABLE,
                "请联系 CA 厂商确认 key 是否已发证。", module=module, token=token)
    elif isinstance(error, te.MechanismUnsupported):
        out.add("mechanism_unsupported", Severity.ERROR, error.message, KEY_UNUSABLE,
                module=module, token=token, mechanism=error.mechanism)
    elif isinstance(error, te.VendorError):
        out.add("vendor_error", Severity.ERROR, error.message,
                "请把本诊断报告（含错误码与驱动名称）发给 CA 厂商客服；也可重新安装互认版驱动后再试。",
                module=module, token=token, raw_code=error.raw_code)
    elif isinstance(error, te.NoToken | te.TokenRemoved):
        out.add("no_token", Severity.ERROR, error.message, "请重新插入 key，或换一个 USB 接口后点击刷新。",
                module=module, token=token)
    else:
        out.add("vendor_error", Severity.ERROR, error.message,
                "请把本诊断报告发给 CA 厂商客服。", module=module, token=token, raw_code=error.code)


def _count_low(out: _Collector, module: ModuleReport, token: TokenInfo | None) -> None:
    out.add("pin_count_low", Severity.WARNING, "key 报告口令（PIN）输错次数较多，剩余尝试次数不多。",
            "输入口令前请先确认；多次输错会锁定 key。", module=module, token=token)


def _final_try(out: _Collector, module: ModuleReport, token: TokenInfo | None) -> None:
    out.add("pin_final_try", Severity.ERROR, "口令（PIN）仅剩最后一次尝试机会，再错一次 key 将被锁定。",
            "请务必确认口令后再输入；不确定时请先联系 CA 厂商。", module=module, token=token)


def _token_flags(out: _Collector, module: ModuleReport, token: TokenInfo) -> None:
    if "user_pin_locked" in token.flags:
        _error_finding(out, te.PinLocked(), module, token)
    elif "user_pin_final_try" in token.flags:
        _final_try(out, module, token)
    elif "user_pin_count_low" in token.flags:
        _count_low(out, module, token)


def _certificate(out: _Collector, module: ModuleReport, token: TokenInfo, cert: CertificateInfo,
                 now: dt.datetime, expiry_days: int, other_signing_cert: bool,
                 token_has_unit_cert: bool, expected_credit_code: str | None) -> None:
    where = _Where(module, token, cert)
    name = _cert_name(cert)
    if now < cert.not_before:
        out.add("cert_not_yet_valid", Severity.ERROR,
                f"证书“{name}”尚未生效（生效时间 {cert.not_before:%Y-%m-%d %H:%M} UTC）。",
                "请核对本机日期和时间是否正确；时间无误时请等证书生效或联系 CA 厂商。",
                not_before=cert.not_before.isoformat(), where=where)
    elif now > cert.not_after:
        out.add("cert_expired", Severity.ERROR, f"证书“{name}”已于 {cert.not_after:%Y-%m-%d} 到期。{KEY_EXPIRED}",
                "请联系 CA 厂商办理证书续期或新办 key。", not_after=cert.not_after.isoformat(),
                where=where)
    elif cert.not_after - now <= dt.timedelta(days=expiry_days):
        days = (cert.not_after - now).days
        out.add("cert_expiring_soon", Severity.WARNING,
                f"证书“{name}”将于 {cert.not_after:%Y-%m-%d} 到期（还有 {days} 天）。",
                "请尽快联系 CA 厂商办理证书续期，续期后在系统中重新绑定（续期）。",
                not_after=cert.not_after.isoformat(), where=where)

    if cert.kind is KeyKind.UNIT:
        if cert.credit_code is None:
            out.add("credit_code_invalid", Severity.ERROR,
                    f"证书中的统一社会信用代码“{cert.invalid_credit_codes[0]}”校验位错误。{KEY_INFO_PROBLEM}",
                    "请用 CA 厂商的证书助手查看 key 中的统一社会信用代码，与营业执照不一致时联系 CA 厂商更新。",
                    value=cert.invalid_credit_codes[0], where=where)
        elif expected_credit_code and cert.credit_code != expected_credit_code:
            out.add("not_unit_key", Severity.ERROR,
                    f"证书中的统一社会信用代码 {cert.credit_code} 与本单位注册的 {expected_credit_code} 不一致。"
                    + NOT_UNIT_KEY, "请用证书助手核对统一社会信用代码；不一致时联系 CA 厂商更新 key。",
                    credit_code=cert.credit_code, expected=expected_credit_code,
                    where=where)
    elif cert.kind is KeyKind.PERSONAL:
        if cert.id_number is None and cert.invalid_id_numbers:
            out.add("credit_code_invalid", Severity.ERROR,
                    f"证书中的身份证号码“{cert.invalid_id_numbers[0]}”校验位错误。{KEY_INFO_PROBLEM}",
                    "请用证书助手查看 key 中的身份证号，不正确时联系 CA 厂商更新 key 信息。",
                    field="id_number", value=cert.invalid_id_numbers[0], where=where)
        if not token_has_unit_cert:  # a personal key offered where a unit key is expected
            out.add("not_unit_key", Severity.INFO,
                    f"证书“{name}”是个人 key（身份证号 {cert.id_number or '无效'}），不能作为单位 key 绑定。",
                    "单位 key 在【CA 自助绑定】中绑定；个人 key 请登录后在【操作人员管理】-【管理 key】中添加。",
                    id_number=cert.id_number or "", where=where)
    else:
        out.add("not_unit_key", Severity.WARNING,
                f"证书“{name}”中未读到统一社会信用代码或身份证号码。{NOT_UNIT_KEY}", KEY_INFO_PROBLEM,
                where=where)

    if cert.private_key is PrivateKeyEvidence.NONE:
        out.add("no_private_key", Severity.ERROR, f"key 中没有与证书“{name}”对应的私钥。{KEY_UNUSABLE}",
                "请联系 CA 厂商重新写入证书和密钥。", where=where)
    elif cert.private_key is PrivateKeyEvidence.NOT_CHECKED:
        out.add("no_private_key", Severity.WARNING,
                f"未输入口令时看不到与证书“{name}”对应的私钥或公钥，无法确认私钥是否存在。",
                "请点击【输入口令检查】（命令行加 --pin-stdin）进一步确认。",
                confirmed="false", where=where)

    if not cert.can_sign:
        severity = Severity.INFO if other_signing_cert else Severity.ERROR
        out.add("key_usage_unsuitable", severity,
                f"证书“{name}”的密钥用法（{'、'.join(cert.key_usage)}）不包含数字签名，不能用于签章和登录。",
                "这通常是双证书 key 中的加密证书，可忽略；如 key 中没有签名证书，请联系 CA 厂商。",
                where=where)

    family = cert.key_algorithm.split("-")[0]
    needed = SIGNING_MECHANISMS.get(family)
    if needed is None:
        out.add("mechanism_unsupported", Severity.ERROR,
                f"证书“{name}”使用 {cert.key_algorithm} 算法，本程序暂不支持用它签章。",
                "请向 CA 厂商申请 RSA 或 ECDSA 签名证书（双算法 key 通常同时带有 RSA 证书）。",
                where=where)
    elif token.mechanisms and not any(m in token.mechanisms for m in needed):
        out.add("mechanism_unsupported", Severity.ERROR,
                f"key 不支持 {cert.key_algorithm} 签名所需的算法（{' / '.join(needed)}）。", KEY_UNUSABLE,
                where=where)


def _login_check(out: _Collector, module: ModuleReport, token: TokenInfo, check: LoginCheck) -> None:
    if check.error is not None:
        _error_finding(out, check.error, module, token)
        return
    for key_id, error in check.sign_failures:
        if isinstance(error, te.MechanismUnsupported):
            out.add("mechanism_unsupported", Severity.ERROR, f"私钥（ID {key_id}）试签名失败：{error.message}",
                    KEY_UNUSABLE, module=module, token=token, key_id=key_id)
        else:
            _error_finding(out, error, module, token)


def with_login_checks(inventory: Inventory, login_checks: Iterable[LoginCheck]) -> Inventory:
    """The inventory with each certificate's private-key evidence settled by a successful PIN
    check on its token (found among the private keys after login, or not)."""
    checks = {(c.module, c.token_serial): c for c in login_checks if c.error is None}
    if not checks:
        return inventory

    def settle(module: ModuleReport, token: TokenInfo) -> TokenInfo:
        check = checks.get((module.path, token.serial))
        if check is None:
            return token
        certs = tuple(c if c.is_ca else replace(c, private_key=PrivateKeyEvidence.PRIVATE_KEY
                                                if c.key_id in check.private_key_ids else PrivateKeyEvidence.NONE)
                      for c in token.certificates)
        return replace(token, certificates=certs)

    modules = tuple(replace(m, tokens=tuple(settle(m, t) for t in m.tokens)) for m in inventory.modules)
    return replace(inventory, modules=modules)


def _end_entity(token: TokenInfo) -> list[CertificateInfo]:
    return [c for c in token.certificates if not c.is_ca]


def usable_keys(inventory: Inventory, findings: Sequence[Finding], *,
                login_checks: Iterable[LoginCheck] = ()) -> list[UsableKey]:
    """Certificates that can sign now: valid dates, signing usage, private key present, known
    algorithm — that is, no error finding about the key or its token (a wrong check character,
    a failed test signature and a locked PIN all make a key unusable)."""
    broken = {(f.module, f.token_serial, f.key_id) for f in findings if f.severity is Severity.ERROR}
    found: list[UsableKey] = []
    for module, token in with_login_checks(inventory, login_checks).tokens():
        if (module.path, token.serial, None) in broken:
            continue
        for cert in _end_entity(token):
            if (cert.can_sign and cert.has_private_key and cert.key_algorithm.split("-")[0] in SIGNING_MECHANISMS
                    and (module.path, token.serial, cert.key_id) not in broken):
                found.append(UsableKey(module.path, token.label, token.serial, cert))
    return found


def diagnose(inventory: Inventory, *, now: dt.datetime, login_checks: Sequence[LoginCheck] = (),
             expiry_warning_days: int = 30, expected_credit_code: str | None = None) -> list[Finding]:
    out = _Collector()
    checks = {(c.module, c.token_serial): c for c in login_checks}
    loaded = [m for m in inventory.modules if m.loaded]
    if not inventory.modules:
        out.add("module_not_found", Severity.ERROR, "未检测到证书驱动（PKCS#11 模块）。", DRIVER)
    for module in inventory.modules:
        if module.error is not None:
            _error_finding(out, module.error, module)
    if loaded and not any(m.tokens for m in loaded):
        out.add("no_token", Severity.ERROR, "证书驱动已加载，但未检测到 key。",
                "请插入 key（或换一个 USB 接口）后点击刷新；仍检测不到时，可能是 key 型号不受当前驱动支持，"
                "请联系 CA 厂商。")
    for module, token in with_login_checks(inventory, login_checks).tokens():
        if token.error is not None:
            _error_finding(out, token.error, module, token)
        if not token.initialized or "user_pin_initialized" not in token.flags:
            if token.error is None:
                # No label and no serial: a spare slot some modules always show (SoftHSM's free slot)
                spare = not token.label and not token.serial
                out.add("token_not_initialized", Severity.INFO if spare else Severity.ERROR,
                        f"插槽 {token.slot_id} 中的 key 未初始化或未发证。{KEY_UNUSABLE}",
                        "请联系 CA 厂商确认 key 是否已发证；这也可能是读卡器或驱动自带的空闲插槽，可忽略。",
                        module=module, token=token, slot_id=str(token.slot_id))
            continue
        _token_flags(out, module, token)
        for bad in token.unreadable_certificates:
            out.add("no_certificate", Severity.WARNING,
                    f"key 中的证书对象“{bad.label or bad.key_id}”无法解析：{bad.reason}。{KEY_INFO_PROBLEM}",
                    "请用证书助手检查证书；必要时联系 CA 厂商重新写入证书。", module=module, token=token,
                    key_id=bad.key_id)
        end_entity = _end_entity(token)
        if not end_entity and token.error is None:
            out.add("no_certificate", Severity.ERROR, f"key“{token.label}”中没有证书。{KEY_UNUSABLE}",
                    "请联系 CA 厂商确认 key 是否已写入证书。", module=module, token=token)
        signing = [c for c in end_entity if c.can_sign]
        has_unit = any(c.kind is KeyKind.UNIT for c in end_entity)
        for cert in end_entity:
            others_sign = any(c is not cert for c in signing)
            _certificate(out, module, token, cert, now, expiry_warning_days, others_sign, has_unit,
                         expected_credit_code)
        check = checks.get((module.path, token.serial))
        if check is not None:
            _login_check(out, module, token, check)
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    return sorted(out.findings, key=lambda f: order[f.severity])
