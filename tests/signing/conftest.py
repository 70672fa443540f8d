"""Fixtures for the signing tests: real keys on the SoftHSM lab (through TokenService), the lab
CA as trust root, an NSS database for poppler's pdfsig, and test PDFs."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.config import TokenSettings
from desktop.demo.softhsm import Lab
from desktop.signing.trust import load_certificates
from desktop.token.pin import FixedPin
from desktop.token.service import TokenService, TokenSigningKey
from tests.signing.pdfs import PageSpec, build_pdf

RSA_KEY = ("unit_rsa", "a001")  # 郑州市某某局, RSA-2048, purchaser
EC_KEY = ("unit_ec", "b001")  # 河南某某科技有限公司, EC P-256, supplier
PERSONAL_RSA_KEY = ("unit_rsa", "a002")  # 张三 (personal key on the purchaser's token)


@pytest.fixture(scope="session")
def token_service(softhsm_lab: Lab) -> Iterator[TokenService]:
    service = TokenService(TokenSettings(module_paths=(softhsm_lab.module,), search_known_locations=False))
    yield service
    service.close()


def open_key(service: TokenService, lab: Lab, which: tuple[str, str]) -> TokenSigningKey:
    token = lab.token(which[0])
    return service.open_signing_key(lab.module, token.serial, which[1], FixedPin(token.user_pin)).result(60)


@pytest.fixture
def rsa_key(token_service: TokenService, softhsm_lab: Lab) -> Iterator[TokenSigningKey]:
    with open_key(token_service, softhsm_lab, RSA_KEY) as key:
        yield key


@pytest.fixture
def ec_key(token_service: TokenService, softhsm_lab: Lab) -> Iterator[TokenSigningKey]:
    with open_key(token_service, softhsm_lab, EC_KEY) as key:
        yield key


@pytest.fixture(scope="session")
def lab_root(softhsm_lab: Lab) -> bytes:
    return load_certificates(softhsm_lab.root_pem)[0]


@pytest.fixture(scope="session")
def nss_db(softhsm_lab: Lab, tmp_path_factory: pytest.TempPathFactory) -> str:
    """An NSS database trusting the lab root, so pdfsig can say "Certificate is Trusted"."""
    folder = tmp_path_factory.mktemp("nss")
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{folder}"], check=True,
                   capture_output=True)
    subprocess.run(["certutil", "-A", "-n", "yucai-lab-root", "-t", "CT,C,C", "-i", str(softhsm_lab.root_pem),
                    "-d", f"sql:{folder}"], check=True, capture_output=True)
    return f"sql:{folder}"


@pytest.fixture
def contract(tmp_path: Path) -> Path:
    """A three-page contract: portrait, rotated 90 with an offset crop box, rotated 270."""
    path = tmp_path / "contract.pdf"
    path.write_bytes(build_pdf([
        PageSpec(),
        PageSpec(media=(0, 0, 612, 792), crop=(36, 48, 576, 744), rotate=90),
        PageSpec(rotate=270),
    ]))
    return path
