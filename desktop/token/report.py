"""The diagnosis report: one value rendered as JSON (scripts) or Chinese text (help desk)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop.token.diagnosis import Finding, Severity, UsableKey, diagnose, usable_keys
from desktop.token.errors import TokenError
from desktop.token.inventory import CertificateInfo, Inventory, KeyKind, LoginCheck, TokenInfo

KIND_ZH = {KeyKind.UNIT: "单位 key", KeyKind.PERSONAL: "个人 key", KeyKind.UNKNOWN: "未知"}
SEVERITY_ZH = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True)
class DiagnosisReport:
    inventory: Inventory
    findings: tuple[Finding, ...]
    usable_keys: tuple[UsableKey, ...]
    generated_at: dt.datetime

    @property
    def usable_key_found(self) -> bool:
        return bool(self.usable_keys)


def build_report(inventory: Inventory, *, now: dt.datetime, login_checks: Sequence[LoginCheck] = (),
                 expiry_warning_days: int = 30, expected_credit_code: str | None = None) -> DiagnosisReport:
    findings = diagnose(inventory, now=now, login_checks=login_checks,
                        expiry_warning_days=expiry_warning_days, expected_credit_code=expected_credit_code)
    usable = usable_keys(inventory, findings, login_checks=login_checks)
    return DiagnosisReport(inventory, tuple(findings), tuple(usable), now)


# -- JSON --------------------------------------------------------------------------------------

def _error_json(error: TokenError | None) -> dict[str, str] | None:
    if error is None:
        return None
    return {"code": error.code, "message": error.message, "message_en": error.message_en}


def certificate_json(cert: CertificateInfo) -> dict[str, Any]:
    return {
        "key_id": cert.key_id, "label": cert.label, "subject": cert.subject,
        "common_name": cert.common_name, "organization": cert.organization, "issuer": cert.issuer,
        "serial": cert.serial, "not_before": cert.not_before.isoformat(),
        "not_after": cert.not_after.isoformat(), "key_algorithm": cert.key_algorithm,
        "key_usage": list(cert.key_usage), "extended_key_usage": list(cert.extended_key_usage),
        "is_ca": cert.is_ca, "kind": cert.kind.value, "credit_code": cert.credit_code,
        "credit_code_source": cert.credit_code_source,
        "invalid_credit_codes": list(cert.invalid_credit_codes), "id_number": cert.id_number,
        "id_number_source": cert.id_number_source, "invalid_id_numbers": list(cert.invalid_id_numbers),
        "has_private_key": cert.has_private_key, "private_key_evidence": cert.private_key.value,
        "fingerprint_sha256": cert.fingerprint_sha256,
    }


def _token_json(token: TokenInfo) -> dict[str, Any]:
    return {
        "slot_id": token.slot_id, "slot_description": token.slot_description, "label": token.label,
        "serial": token.serial, "manufacturer": token.manufacturer, "model": token.model,
        "initialized": token.initialized, "flags": sorted(token.flags),
        "mechanisms": sorted(token.mechanisms), "object_count": token.object_count,
        "certificates": [certificate_json(c) for c in token.certificates],
        "unreadable_certificates": [{"key_id": u.key_id, "label": u.label, "reason": u.reason}
                                    for u in token.unreadable_certificates],
        "error": _error_json(token.error),
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    return {"code": finding.code, "severity": finding.severity.value, "message": finding.message,
            "remedy": finding.remedy, "module": finding.module, "token_label": finding.token_label,
            "token_serial": finding.token_serial, "key_id": finding.key_id, "detail": dict(finding.detail)}


def report_to_json(report: DiagnosisReport) -> dict[str, Any]:
    return {
        "generated_at": report.generated_at.isoformat(),
        "usable_key_found": report.usable_key_found,
        "usable_keys": [{"module": u.module, "token_label": u.token_label, "token_serial": u.token_serial,
                         "key_id": u.certificate.key_id, "subject": u.certificate.subject,
                         "kind": u.certificate.kind.value, "credit_code": u.certificate.credit_code,
                         "id_number": u.certificate.id_number} for u in report.usable_keys],
        "modules": [{
            "path": m.path, "source": m.source, "vendor": m.vendor, "loaded": m.loaded,
            "manufacturer": m.manufacturer, "description": m.description,
            "library_version": m.library_version, "cryptoki_version": m.cryptoki_version,
            "empty_slots": m.empty_slots, "error": _error_json(m.error),
            "tokens": [_token_json(t) for t in m.tokens],
        } for m in report.inventory.modules],
        "findings": [finding_json(f) for f in report.findings],
    }


# -- text --------------------------------------------------------------------------------------

def _cert_lines(cert: CertificateInfo) -> list[str]:
    key = {True: "有", False: "无", None: "未确认（需输入口令）"}[cert.has_private_key]
    lines = [f"    证书：{cert.subject}",
             f"      类型：{'CA 证书' if cert.is_ca else KIND_ZH[cert.kind]}    算法：{cert.key_algorithm}"
             f"    密钥 ID：{cert.key_id or '（无）'}",
             f"      有效期：{cert.not_before:%Y-%m-%d} 至 {cert.not_after:%Y-%m-%d}"
             + ("" if cert.is_ca else f"    私钥：{key}")]
    credit = cert.credit_code or next((c + "（校验位错误）" for c in cert.invalid_credit_codes), None)
    if credit:
        lines.append(f"      统一社会信用代码：{credit}")
    id_number = cert.id_number or next((c + "（校验位错误）" for c in cert.invalid_id_numbers), None)
    if id_number:
        lines.append(f"      身份证号码：{id_number}")
    lines.append(f"      颁发者：{cert.issuer}    序列号：{cert.serial}")
    return lines


def report_to_text(report: DiagnosisReport) -> str:
    lines = [f"豫采桌面 CA key 诊断报告    {report.generated_at.astimezone():%Y-%m-%d %H:%M:%S}", ""]
    verdict = "已找到可用的 key" if report.usable_key_found else "未找到可用的 key"
    lines += [f"结论：{verdict}", ""]
    for u in report.usable_keys:
        name = u.certificate.display_name
        lines.append(f"  可用：{name}（{u.token_label}，密钥 ID {u.certificate.key_id}）")
    if report.usable_keys:
        lines.append("")
    lines.append("证书驱动与 key：")
    if not report.inventory.modules:
        lines.append("  （未找到任何证书驱动）")
    for m in report.inventory.modules:
        state = "已加载" if m.loaded else "未加载"
        lines.append(f"  驱动：{m.path}（{m.vendor or m.manufacturer or '未知厂商'}，{state}）")
        if m.error is not None:
            lines.append(f"    错误：{m.error.message}")
        for t in m.tokens:
            init = "" if t.initialized else "（未初始化）"
            lines.append(f"  key：{t.label or '（无标签）'}{init}  序列号 {t.serial}  插槽 {t.slot_id}  "
                         f"{t.manufacturer} {t.model}".rstrip())
            for c in t.certificates:
                lines += _cert_lines(c)
            for bad in t.unreadable_certificates:
                lines.append(f"    无法解析的证书对象：{bad.label or bad.key_id}（{bad.reason}）")
    lines += ["", "诊断结果："]
    if not report.findings:
        lines.append("  未发现问题。")
    for i, f in enumerate(report.findings, 1):
        where = "，".join(x for x in (f.token_label and f"key {f.token_label}",
                                      f.key_id and f"密钥 ID {f.key_id}") if x)
        lines.append(f"  {i}. [{SEVERITY_ZH[f.severity]}] {f.code}{'（' + where + '）' if where else ''}")
        lines.append(f"     {f.message}")
        lines.append(f"     处理办法：{f.remedy}")
        for k, v in f.detail:
            lines.append(f"     {k}: {v}")
    return "\n".join(lines) + "\n"
