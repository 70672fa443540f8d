"""desktop.demo.pki: the chain verifies, the fixed codes are what they claim to be."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ec

from desktop.demo import pki
from desktop.demo.pki import CertProfile, Storage, Usage
from desktop.demo.softhsm import Problem, expected_problem
from desktop.domain.identity import (
    credit_code_problem,
    id_number_facts,
    is_valid_credit_code,
    is_valid_id_number,
)


def test_fixed_codes() -> None:
    valid = [pki.PURCHASER_CREDIT_CODE, pki.SUPPLIER_CREDIT_CODE, pki.SUPPLIER2_CREDIT_CODE,
             *pki.EXTRA_CREDIT_CODES]
    assert all(is_valid_credit_code(c) for c in valid)
    assert len(set(valid)) == len(valid)
    assert pki.PURCHASER_CREDIT_CODE[2:6] == "4101"
    assert credit_code_problem(pki.WRONG_CHECK_CREDIT_CODE) is not None
    assert pki.WRONG_CHECK_CREDIT_CODE[:17] == pki.SUPPLIER_CREDIT_CODE[:17]
    assert is_valid_id_number(pki.PERSON_ID_NUMBER) and is_valid_id_number(pki.PERSON2_ID_NUMBER)
    assert id_number_facts(pki.PERSON_ID_NUMBER).region == "410105"
    assert not is_valid_id_number(pki.WRONG_CHECK_ID_NUMBER)


def test_chain_verifies_and_pem_is_written(tmp_path: Path) -> None:
    ca = pki.make_ca()
    key = pki.software_key("ec256")
    cert = pki.issue_certificate(ca, CertProfile("x", b"\x01", credit_code=pki.SUPPLIER_CREDIT_CODE),
                                 key.public_key())
    cert.verify_directly_issued_by(ca.intermediate)
    ca.intermediate.verify_directly_issued_by(ca.root)
    ca.root.verify_directly_issued_by(ca.root)
    assert isinstance(ca.root_key, ec.EllipticCurvePrivateKey)
    root, inter = pki.write_ca_pem(ca, tmp_path)
    assert pki.load_ca_pem(root) == ca.root and pki.load_ca_pem(inter) == ca.intermediate
    assert root.read_text().startswith("-----BEGIN CERTIFICATE-----")


def test_validity_is_relative_to_issue_time() -> None:
    ca = pki.make_ca()
    now = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    profile = CertProfile("x", b"\x01", not_before=dt.timedelta(days=-1), not_after=dt.timedelta(days=10))
    cert = pki.issue_certificate(ca, profile, pki.software_key("ec256").public_key(), now=now)
    assert cert.not_valid_before_utc == now - dt.timedelta(days=1)
    assert cert.not_valid_after_utc == now + dt.timedelta(days=10)


def test_expected_problem() -> None:
    code = pki.SUPPLIER_CREDIT_CODE
    unit = CertProfile("x", b"\x01", credit_code=code)
    day = dt.timedelta(days=1)
    assert expected_problem(unit) is None
    cases = {
        Problem.EXPIRED: CertProfile("x", b"\x01", credit_code=code, not_after=-day),
        Problem.NOT_YET_VALID: CertProfile("x", b"\x01", credit_code=code, not_before=day),
        Problem.EXPIRING_SOON: CertProfile("x", b"\x01", credit_code=code, not_after=9 * day),
        Problem.NO_IDENTITY: CertProfile("x", b"\x01"),
        Problem.CREDIT_CODE_INVALID: CertProfile("x", b"\x01", credit_code=pki.WRONG_CHECK_CREDIT_CODE),
        Problem.NO_PRIVATE_KEY: CertProfile("x", b"\x01", credit_code=pki.SUPPLIER_CREDIT_CODE,
                                            storage=Storage.ABSENT),
        Problem.KEY_USAGE: CertProfile("x", b"\x01", credit_code=pki.SUPPLIER_CREDIT_CODE,
                                       usage=Usage.ENCIPHERMENT),
    }
    for problem, profile in cases.items():
        assert expected_problem(profile) is problem
