"""Who signed, as the signing layer reports it: identity codes through the shared domain parser,
names and facts through asn1crypto, on every certificate of the SoftHSM lab."""

from __future__ import annotations

import pytest

from desktop.demo.softhsm import Lab
from desktop.signing.identity import certificate_identity
from desktop.signing.trust import load_certificates


@pytest.mark.softhsm
def test_lab_certificates(softhsm_lab: Lab) -> None:
    checked = 0
    for token in softhsm_lab.tokens.values():
        for cert in token.certificates:
            who = certificate_identity(cert.der)
            assert (who.codes.credit_code, who.codes.credit_code_source) == (
                cert.credit_code, cert.credit_code_source), cert.label
            assert (who.codes.id_number, who.codes.id_number_source) == (
                cert.id_number, cert.id_number_source), cert.label
            assert who.organization == cert.organization
            assert who.common_name == cert.common_name
            assert who.serial == cert.serial
            assert who.key_algorithm == cert.key_algorithm
            assert (who.not_before, who.not_after) == (cert.not_before, cert.not_after)
            assert who.subject.startswith(f"CN={cert.common_name},")
            checked += 1
    assert checked >= 10


@pytest.mark.softhsm
def test_ca_certificate_has_no_codes(softhsm_lab: Lab) -> None:
    root = certificate_identity(load_certificates(softhsm_lab.root_pem)[0])
    assert root.credit_code is None and root.subject == root.issuer
    assert root.display_name == root.organization
