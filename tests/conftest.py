"""Shared fixtures: a SoftHSM2 lab of test tokens and its CA.

The lab is built once per test session. SoftHSM reads ``SOFTHSM2_CONF`` only when the module is
first loaded and python-pkcs11 keeps that one loaded library for the whole process, so every
test that talks to SoftHSM must go through ``softhsm_lab`` (which sets the variable) and the
whole session uses the lab's single configuration.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.demo import pki
from desktop.demo.pki import CertProfile, Place, Storage, Usage
from desktop.demo.softhsm import (
    Garbage,
    Lab,
    SoftHsmUnavailable,
    TokenSpec,
    build_lab,
    ensure_ca,
    find_module,
)

DAY = dt.timedelta(days=1)
_X = pki.EXTRA_CREDIT_CODES

# Each certificate has at most one problem; softhsm.expected_problem derives it from the profile.
LAB_TOKENS: tuple[TokenSpec, ...] = (
    TokenSpec("unit_rsa", "采购人测试key", ca_certificate=True, profiles=(
        CertProfile("郑州市某某局单位证书", bytes.fromhex("a001"), "rsa2048", "郑州市某某局", "郑州市某某局",
                    credit_code=pki.PURCHASER_CREDIT_CODE),
        CertProfile("张三个人证书", bytes.fromhex("a002"), "rsa2048", "张三", "郑州市某某局",
                    id_number=pki.PERSON_ID_NUMBER),
    )),
    TokenSpec("unit_ec", "供应商测试key", ca_certificate=True, profiles=(
        # private key visible without login, next to a personal key whose private half is hidden
        CertProfile("河南某某科技有限公司", bytes.fromhex("b001"), "ec256", "河南某某科技有限公司",
                    "河南某某科技有限公司", credit_code=pki.SUPPLIER_CREDIT_CODE,
                    credit_places=(Place.EXT_2023,), storage=Storage.VISIBLE),
        CertProfile("李四个人证书", bytes.fromhex("b002"), "ec256", "李四", "河南某某科技有限公司",
                    id_number=pki.PERSON2_ID_NUMBER, id_places=(Place.SUBJECT_OU,)),
    )),
    TokenSpec("problems", "问题证书key", garbage=(Garbage("损坏的证书", bytes.fromhex("c0ff")),), profiles=(
        CertProfile("已过期证书", bytes.fromhex("c001"), common_name="过期公司", organization="过期公司",
                    credit_code=_X[0], credit_places=(Place.SUBJECT_SERIAL,),
                    not_before=-400 * DAY, not_after=-5 * DAY),
        CertProfile("尚未生效证书", bytes.fromhex("c002"), common_name="未生效公司",
                    organization="未生效公司", credit_code=_X[1], credit_places=(Place.SUBJECT_ORG_ID,),
                    not_before=10 * DAY, not_after=400 * DAY),
        CertProfile("即将过期证书", bytes.fromhex("c003"), common_name="将过期公司",
                    organization="将过期公司", credit_code=_X[2], not_after=10 * DAY),
        CertProfile("无编码证书", bytes.fromhex("c004"), common_name="无编码证书"),
        CertProfile("校验位错误证书", bytes.fromhex("c005"), common_name="校验位错误公司",
                    organization="校验位错误公司", credit_code=pki.WRONG_CHECK_CREDIT_CODE),
        CertProfile("无私钥证书", bytes.fromhex("c006"), common_name="无私钥公司",
                    organization="无私钥公司", credit_code=_X[3], credit_places=(Place.EXT_RSA,),
                    storage=Storage.ABSENT),
        CertProfile("加密证书", bytes.fromhex("c007"), common_name="加密用途公司",
                    organization="加密用途公司", credit_code=_X[4], credit_places=(Place.EXT_WRAPPED,),
                    usage=Usage.ENCIPHERMENT),
    )),
    TokenSpec("empty", "空白key"),
    TokenSpec("crowded", "对象很多的key", data_objects=300, profiles=(
        CertProfile("大量对象单位证书", bytes.fromhex("d001"), common_name="对象很多公司",
                    organization="对象很多公司", credit_code=_X[5], credit_places=(Place.SUBJECT_OU,)),
        CertProfile("大量对象个人证书", bytes.fromhex("d002"), common_name="王五",
                    id_number=pki.PERSON_ID_NUMBER, id_places=(Place.SUBJECT_CN,)),
    )),
)


@dataclass(frozen=True)
class LabCA:
    root_pem: Path
    intermediate_pem: Path
    ca: pki.CA  # with private keys, to issue more certificates in a test


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--softhsm-lab-dir", default=None,
                     help="build the SoftHSM2 test lab in this (empty) directory and keep it")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "softhsm: needs SoftHSM2 (the softhsm_lab fixture)")


@pytest.fixture(scope="session")
def softhsm_lab(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> Iterator[Lab]:
    """The session's SoftHSM2 lab (see LAB_TOKENS); sets SOFTHSM2_CONF for the session."""
    try:
        module = find_module()
    except SoftHsmUnavailable as exc:
        pytest.fail(f"{exc} — scripts/setup.sh installs it")
    loaded = getattr(sys.modules.get("pkcs11"), "_loaded", {})
    if module in loaded:  # too late: SoftHSM already read some other SOFTHSM2_CONF in this process
        pytest.fail("SoftHSM2 was loaded before the softhsm_lab fixture; request the fixture first")
    chosen = pytestconfig.getoption("--softhsm-lab-dir")
    directory = Path(chosen) if chosen else tmp_path_factory.mktemp("softhsm-lab")
    lab = build_lab(directory, LAB_TOKENS, module=module)
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(lab.conf)
    yield lab
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous


@pytest.fixture(scope="session")
def lab_ca(softhsm_lab: Lab) -> LabCA:
    """The CA that issued every lab certificate: PEM paths and the CA itself."""
    return LabCA(root_pem=softhsm_lab.root_pem, intermediate_pem=softhsm_lab.intermediate_pem,
                 ca=ensure_ca(softhsm_lab.directory))
