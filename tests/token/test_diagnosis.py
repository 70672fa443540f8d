"""diagnose() over inventory values: the states a SoftHSM lab cannot show (locked PINs, vendor
errors, missing drivers, SM2 keys) built as plain values, plus the exit-code rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.token import errors as te
from desktop.token.diagnosis import CODES, Severity, diagnose, usable_keys
from desktop.token.inventory import (
    CertificateInfo,
    Inventory,
    KeyKind,
    LoginCheck,
    ModuleReport,
    PrivateKeyEvidence,
    TokenInfo,
)
from desktop.token.report import build_report, report_to_json, report_to_text

NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=dt.UTC)
READY = frozenset({"token_initialized", "user_pin_initialized", "login_required"})
MODULE = "C:/Windows/System32/gm3000_pkcs11.dll"


def cert(**changes: object) -> CertificateInfo:
    base = CertificateInfo(
        key_id="01", label="签名证书", subject="CN=郑州市某某局", common_name="郑州市某某局",
        organization="郑州市某某局", issuer="CN=HNCA", serial="0A", not_before=NOW - dt.timedelta(days=100),
        not_after=NOW + dt.timedelta(days=300), key_algorithm="RSA-2048",
        key_usage=("digital_signature", "non_repudiation"), extended_key_usage=(), is_ca=False,
        kind=KeyKind.UNIT, credit_code="11410100MB00000018", credit_code_source="ext:1.2.156.10260.4.1.4",
        invalid_credit_codes=(), id_number=None, id_number_source=None, invalid_id_numbers=(),
        fingerprint_sha256="00", private_key=PrivateKeyEvidence.PUBLIC_KEY)
    return replace(base, **changes)  # type: ignore[arg-type]


def inventory(*certs: CertificateInfo, flags: frozenset[str] = READY, module_error: te.TokenError | None = None,
              mechanisms: frozenset[str] = frozenset({"RSA_PKCS", "SHA256_RSA_PKCS", "ECDSA"}),
              serial: str = "GM3000-0001") -> Inventory:
    token = TokenInfo(slot_id=1, slot_description="USB", label="采购人key", serial=serial, manufacturer="Longmai",
                      model="GM3000", flags=flags, mechanisms=mechanisms, certificates=certs)
    module = ModuleReport(path=MODULE, source="vendor", vendor="龙脉 mToken GM3000", loaded=module_error is None,
                          tokens=() if module_error else (token,), error=module_error)
    return Inventory(modules=(module,), taken_at=NOW)


def codes(inv: Inventory, **kwargs: object) -> dict[str, Severity]:
    return {f.code: f.severity for f in diagnose(inv, now=NOW, **kwargs)}  # type: ignore[arg-type]


def test_healthy_key_has_no_findings_and_is_usable() -> None:
    inv = inventory(cert())
    assert diagnose(inv, now=NOW) == []
    assert [u.certificate.key_id for u in usable_keys(inv, [])] == ["01"]


@pytest.mark.parametrize(("flag", "code"), [("user_pin_locked", "pin_locked"),
                                            ("user_pin_final_try", "pin_final_try"),
                                            ("user_pin_count_low", "pin_count_low")])
def test_pin_flags_become_findings(flag: str, code: str) -> None:
    inv = inventory(cert(), flags=READY | {flag})
    assert code in codes(inv)


def test_locked_key_is_not_usable() -> None:
    inv = inventory(cert(), flags=READY | {"user_pin_locked"})
    assert not build_report(inv, now=NOW).usable_key_found


def test_no_driver_at_all() -> None:
    assert codes(Inventory(modules=(), taken_at=NOW)) == {"module_not_found": Severity.ERROR}


def test_module_load_failure_keeps_the_module_path() -> None:
    error = te.ModuleLoadFailed(MODULE, "32 位驱动", "32-bit module")
    (finding,) = diagnose(inventory(module_error=error), now=NOW)
    assert finding.code == "module_load_failed" and finding.module == MODULE and "互认版驱动" in finding.remedy


def test_loaded_module_without_keys() -> None:
    inv = Inventory(modules=(ModuleReport(path=MODULE, source="vendor", vendor=None, loaded=True,
                                          empty_slots=4),), taken_at=NOW)
    assert codes(inv) == {"no_token": Severity.ERROR}


def test_real_uninitialised_key_is_an_error_but_a_spare_slot_is_not() -> None:
    real = inventory(flags=frozenset(), serial="GM3000-0002")
    spare = replace(real, modules=(replace(real.modules[0], tokens=(
        replace(real.modules[0].tokens[0], label="", serial=""),)),))
    assert codes(real)["token_not_initialized"] is Severity.ERROR
    assert codes(spare)["token_not_initialized"] is Severity.INFO


def test_vendor_error_keeps_the_raw_code_and_module() -> None:
    check = LoginCheck(module=MODULE, token_serial="GM3000-0001", private_key_ids=frozenset(),
                       error=te.VendorError("0x8000001a", MODULE))
    (finding,) = diagnose(inventory(cert()), now=NOW, login_checks=[check])
    assert finding.code == "vendor_error" and ("raw_code", "0x8000001a") in finding.detail


def test_wrong_pin_with_final_try_after_a_login_check() -> None:
    check = LoginCheck(module=MODULE, token_serial="GM3000-0001", private_key_ids=frozenset(),
                       error=te.PinIncorrect(final_try=True))
    assert {"pin_incorrect", "pin_final_try"} <= set(codes(inventory(cert()), login_checks=[check]))


def test_login_check_settles_the_private_key_question() -> None:
    unknown = cert(private_key=PrivateKeyEvidence.NOT_CHECKED)
    assert codes(inventory(unknown))["no_private_key"] is Severity.WARNING
    missing = LoginCheck(module=MODULE, token_serial="GM3000-0001", private_key_ids=frozenset())
    assert codes(inventory(unknown), login_checks=[missing])["no_private_key"] is Severity.ERROR
    present = LoginCheck(module=MODULE, token_serial="GM3000-0001", private_key_ids=frozenset({"01"}))
    assert "no_private_key" not in codes(inventory(unknown), login_checks=[present])
    assert usable_keys(inventory(unknown), [], login_checks=[present])


def test_sm2_certificate_is_explained_not_crashed() -> None:
    assert codes(inventory(cert(key_algorithm="SM2")))["mechanism_unsupported"] is Severity.ERROR


def test_token_without_signing_mechanisms() -> None:
    inv = inventory(cert(), mechanisms=frozenset({"SHA256"}))
    assert "mechanism_unsupported" in codes(inv)


def test_failed_test_signature_makes_the_key_unusable() -> None:
    check = LoginCheck(module=MODULE, token_serial="GM3000-0001", private_key_ids=frozenset({"01"}),
                       sign_failures=(("01", te.MechanismUnsupported("RSA_PKCS")),))
    report = build_report(inventory(cert()), now=NOW, login_checks=[check])
    assert not report.usable_key_found and "mechanism_unsupported" in {f.code for f in report.findings}


def test_credit_code_of_another_unit() -> None:
    found = codes(inventory(cert()), expected_credit_code="91410100MA000000C0")
    assert found["not_unit_key"] is Severity.ERROR


def test_encryption_certificate_beside_a_signing_one_is_only_a_hint() -> None:
    enc = cert(key_id="02", key_usage=("key_encipherment",))
    assert codes(inventory(cert(), enc))["key_usage_unsuitable"] is Severity.INFO
    assert codes(inventory(enc))["key_usage_unsuitable"] is Severity.ERROR


def test_every_finding_code_is_in_the_contract_and_reports_render() -> None:
    inv = inventory(cert(not_after=NOW - dt.timedelta(days=1)), cert(key_id="03", kind=KeyKind.UNKNOWN,
                                                                     credit_code=None),
                    flags=READY | {"user_pin_count_low"})
    report = build_report(inv, now=NOW)
    assert {f.code for f in report.findings} <= set(CODES)
    assert report_to_json(report)["findings"][0]["severity"] == "error"  # errors first
    text = report_to_text(report)
    assert "已找到可用的 key" in text and "cert_expired" in text and "处理办法" in text
