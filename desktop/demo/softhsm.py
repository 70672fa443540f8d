"""Build SoftHSM2 tokens ("labs") holding the demo/test PKI's keys and certificates.

A lab is a directory with its own ``softhsm2.conf`` and token directory; the system's SoftHSM
configuration is never read or written.

Why the work on the token happens in a child process: SoftHSM reads ``SOFTHSM2_CONF`` once, when
the module is loaded, and python-pkcs11 keeps one loaded library per path for the whole process.
Writing the tokens in a fresh (spawned) process leaves the caller free to load the module
whenever it likes, with the lab's configuration, exactly once. SoftHSM also scans its token
directory only in ``C_Initialize``: a token added later (:meth:`Lab.add_token`) becomes visible
to an already-loaded module only after ``lib.reinitialize()``.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.demo import pki
from desktop.demo.pki import CertProfile, Storage, Usage
from desktop.domain.identity import is_valid_credit_code, is_valid_id_number
from desktop.token.inventory import KeyKind

MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    r"C:\SoftHSM2\lib\softhsm2-x64.dll",
)
USER_PIN = "123456"
SO_PIN = "12345678"
EXPIRY_WARNING = dt.timedelta(days=30)


class SoftHsmUnavailable(RuntimeError):
    """SoftHSM2 (module or softhsm2-util) is not installed."""


class Problem(StrEnum):
    """The one thing wrong with a lab certificate, as a diagnosis should find it."""

    EXPIRED = "expired"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRING_SOON = "expiring_soon"
    NO_IDENTITY = "no_identity_code"
    CREDIT_CODE_INVALID = "credit_code_invalid"
    NO_PRIVATE_KEY = "no_private_key"
    KEY_USAGE = "key_usage"
    UNREADABLE = "certificate_unreadable"


def find_module() -> str:
    """Path of libsofthsm2 (``SOFTHSM2_MODULE`` overrides the known locations)."""
    override = os.environ.get("SOFTHSM2_MODULE")
    for path in ((override,) if override else ()) + MODULE_CANDIDATES:
        if os.path.isfile(path):
            return path
    raise SoftHsmUnavailable("未找到 SoftHSM2 模块（libsofthsm2.so），请安装 softhsm2"
                             " / SoftHSM2 module not found")


def _util() -> str:
    path = shutil.which("softhsm2-util")
    if path is None:
        raise SoftHsmUnavailable("未找到 softhsm2-util，请安装 softhsm2 / softhsm2-util not found")
    return path


def expected_problem(profile: CertProfile) -> Problem | None:
    """The diagnosis a profile is built to trigger (each lab certificate has at most one)."""
    if profile.not_before > dt.timedelta(0):
        return Problem.NOT_YET_VALID
    if profile.not_after < dt.timedelta(0):
        return Problem.EXPIRED
    if profile.storage is Storage.ABSENT:
        return Problem.NO_PRIVATE_KEY
    if profile.usage is Usage.ENCIPHERMENT:
        return Problem.KEY_USAGE
    if profile.credit_code is not None and not is_valid_credit_code(profile.credit_code):
        return Problem.CREDIT_CODE_INVALID
    if profile.credit_code is None and profile.id_number is None:
        return Problem.NO_IDENTITY
    if profile.not_after < EXPIRY_WARNING:
        return Problem.EXPIRING_SOON
    return None


# --- what to build ------------------------------------------------------------------------

@dataclass(frozen=True)
class Garbage:
    """A certificate object whose CKA_VALUE is not a certificate."""

    label: str
    key_id: bytes
    value: bytes = b"\x30\x82\x01\x00 this is not a certificate"


@dataclass(frozen=True)
class TokenSpec:
    name: str  # short handle used by tests ("unit_rsa", "empty" ...)
    label: str  # CKA token label, may be Chinese (at most 32 UTF-8 bytes)
    profiles: tuple[CertProfile, ...] = ()
    ca_certificate: bool = False  # also store the intermediate CA certificate (no key)
    garbage: tuple[Garbage, ...] = ()
    data_objects: int = 0
    user_pin: str = USER_PIN
    so_pin: str = SO_PIN


# --- what was built -----------------------------------------------------------------------

@dataclass(frozen=True)
class LabCertificate:
    """Expected facts about one certificate object on a lab token."""

    label: str
    key_id: str  # hex
    key_type: str
    key_algorithm: str  # as read_certificate reports it: "RSA-2048", "EC-P256"
    common_name: str
    organization: str | None
    kind: KeyKind
    credit_code: str | None  # the valid credit code the parser must find
    credit_code_source: str | None
    invalid_credit_code: str | None  # a credit code failing its check character
    id_number: str | None
    id_number_source: str | None
    storage: Storage
    usage: Usage
    problem: Problem | None
    serial: str  # upper-case hex
    not_before: dt.datetime
    not_after: dt.datetime
    der: bytes = field(repr=False)


@dataclass(frozen=True)
class LabGarbage:
    label: str
    key_id: str  # hex
    problem: Problem = Problem.UNREADABLE


@dataclass(frozen=True)
class LabToken:
    name: str
    label: str
    serial: str
    user_pin: str
    so_pin: str
    certificates: tuple[LabCertificate, ...]
    garbage: tuple[LabGarbage, ...]
    ca_certificate: bool
    data_objects: int

    def certificate(self, label_or_key_id: str) -> LabCertificate:
        for cert in self.certificates:
            if label_or_key_id in (cert.label, cert.key_id):
                return cert
        raise KeyError(label_or_key_id)

    @property
    def public_object_count(self) -> int:
        """Objects visible without login: certificates, public keys, data, CKA_PRIVATE=False keys."""
        certs = len(self.certificates) + len(self.garbage) + int(self.ca_certificate)
        keys = sum(1 + (c.storage is Storage.VISIBLE)
                   for c in self.certificates if c.storage is not Storage.ABSENT)
        return certs + keys + self.data_objects

    @property
    def object_count(self) -> int:
        """Objects visible after a user login."""
        hidden = sum(1 for c in self.certificates if c.storage is Storage.PRIVATE)
        return self.public_object_count + hidden


@dataclass
class Lab:
    directory: Path
    module: str
    conf: Path
    tokendir: Path
    root_pem: Path
    intermediate_pem: Path
    tokens: dict[str, LabToken] = field(default_factory=dict)  # present when the lab was built
    added: dict[str, LabToken] = field(default_factory=dict)  # "inserted" later by add_token

    @property
    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf), "YUCAI_PKCS11_MODULE": self.module}

    def token(self, name: str) -> LabToken:
        return self.tokens[name] if name in self.tokens else self.added[name]

    def add_token(self, spec: TokenSpec) -> LabToken:
        """Create one more token in this lab (a key "inserted" later). A module already loaded in
        this process sees it only after ``lib.reinitialize()``."""
        built = build_tokens(self.directory, [spec], module=self.module)[0]
        self.added[spec.name] = built
        return built


# --- building -----------------------------------------------------------------------------

def write_conf(directory: Path) -> tuple[Path, Path]:
    """Write ``softhsm2.conf`` and create the token directory; return both paths."""
    tokendir = directory / "tokens"
    tokendir.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokendir}\nobjectstore.backend = file\n"
                    "log.level = ERROR\nslots.removable = false\n", encoding="utf-8")
    return conf, tokendir


def init_token(conf: Path, label: str, user_pin: str = USER_PIN, so_pin: str = SO_PIN) -> None:
    """``softhsm2-util --init-token --free`` with the lab's configuration (not the system's)."""
    env = dict(os.environ, SOFTHSM2_CONF=str(conf))
    result = subprocess.run(
        [_util(), "--init-token", "--free", "--label", label, "--pin", user_pin, "--so-pin", so_pin],
        env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = result.stderr.strip() or result.stdout.strip()
        raise RuntimeError(f"softhsm2-util failed for {label!r}: {detail}")


def _ca_files(directory: Path) -> dict[str, Path]:
    return {"root": directory / "root-ca.pem", "intermediate": directory / "intermediate-ca.pem",
            "root_key": directory / "root-ca.key", "intermediate_key": directory / "intermediate-ca.key"}


def ensure_ca(directory: Path) -> pki.CA:
    """Load the lab's CA from ``directory`` or make and save one (keys are demo-only, unencrypted)."""
    files = _ca_files(directory)
    if all(p.is_file() for p in files.values()):
        def key(p: Path) -> pki.PrivateKey:
            loaded = serialization.load_pem_private_key(p.read_bytes(), password=None)
            assert isinstance(loaded, pki.PrivateKey)
            return loaded
        return pki.CA(root_key=key(files["root_key"]), root=pki.load_ca_pem(files["root"]),
                      intermediate_key=key(files["intermediate_key"]),
                      intermediate=pki.load_ca_pem(files["intermediate"]))
    ca = pki.make_ca()
    pki.write_ca_pem(ca, directory)
    for name, k in (("root_key", ca.root_key), ("intermediate_key", ca.intermediate_key)):
        files[name].write_bytes(k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                serialization.NoEncryption()))
    return ca


def build_lab(directory: Path, specs: Sequence[TokenSpec], *, module: str | None = None) -> Lab:
    """Create a lab in ``directory`` (which should be empty) with one token per spec."""
    module = module or find_module()
    directory.mkdir(parents=True, exist_ok=True)
    conf, tokendir = write_conf(directory)
    ensure_ca(directory)
    files = _ca_files(directory)
    lab = Lab(directory=directory, module=module, conf=conf, tokendir=tokendir,
              root_pem=files["root"], intermediate_pem=files["intermediate"])
    for token in build_tokens(directory, specs, module=module):
        lab.tokens[token.name] = token
    return lab


def build_tokens(directory: Path, specs: Sequence[TokenSpec], *, module: str) -> list[LabToken]:
    """Initialise the tokens, then fill them in a spawned child process (see module docstring)."""
    conf = directory / "softhsm2.conf"
    for spec in specs:
        init_token(conf, spec.label, spec.user_pin, spec.so_pin)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(fill_tokens, str(directory), module, list(specs)).result()


def fill_tokens(directory: str, module: str, specs: list[TokenSpec]) -> list[LabToken]:
    """Write keys and objects into already-initialised tokens. Loads the module, so call it only
    in a process that has not loaded SoftHSM with another configuration."""
    os.environ["SOFTHSM2_CONF"] = str(Path(directory) / "softhsm2.conf")
    import pkcs11

    ca = ensure_ca(Path(directory))
    lib = pkcs11.lib(module)
    return [_fill_token(lib, ca, spec) for spec in specs]


def _fill_token(lib: Any, ca: pki.CA, spec: TokenSpec) -> LabToken:
    token = lib.get_token(token_label=spec.label)
    serial = token.serial.decode("ascii") if isinstance(token.serial, bytes) else str(token.serial)
    certs: list[LabCertificate] = []
    with token.open(rw=True, user_pin=spec.user_pin) as session:
        for profile in spec.profiles:
            public_key = _generate_key(session, profile)
            cert = pki.issue_certificate(ca, profile, public_key)
            _store_certificate(session, cert, label=profile.label, key_id=profile.key_id)
            certs.append(_expected(profile, cert))
        if spec.ca_certificate:
            _store_certificate(session, ca.intermediate, label=pki.INTERMEDIATE_NAME, key_id=b"")
        for bad in spec.garbage:
            _store_raw_certificate(session, bad.value, label=bad.label, key_id=bad.key_id)
        for i in range(spec.data_objects):
            _store_data(session, i)
    return LabToken(name=spec.name, label=spec.label, serial=serial, user_pin=spec.user_pin,
                    so_pin=spec.so_pin, certificates=tuple(certs),
                    garbage=tuple(LabGarbage(g.label, g.key_id.hex()) for g in spec.garbage),
                    ca_certificate=spec.ca_certificate, data_objects=spec.data_objects)


def _generate_key(session: Any, profile: CertProfile) -> pki.PublicKey:
    """Generate the key pair on the token and return its public half as a cryptography key."""
    from pkcs11 import Attribute, KeyType
    from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
    from pkcs11.util.rsa import encode_rsa_public_key

    store = profile.storage is not Storage.ABSENT  # ABSENT: session objects, gone at logout
    public_template = {Attribute.PRIVATE: False, Attribute.TOKEN: store}
    private_template = {Attribute.PRIVATE: profile.storage is not Storage.VISIBLE, Attribute.TOKEN: store,
                        Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False}
    common = {"id": profile.key_id, "label": profile.label, "store": store,
              "public_template": public_template, "private_template": private_template}
    if profile.key_type == "rsa2048":
        public, _ = session.generate_keypair(KeyType.RSA, 2048, **common)
        der = encode_rsa_public_key(public)
    else:
        params = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True)
        public, _ = params.generate_keypair(**common)
        der = encode_ec_public_key(public)
    loaded = serialization.load_der_public_key(der)
    assert isinstance(loaded, pki.PublicKey)
    return loaded


def _store_certificate(session: Any, cert: x509.Certificate, *, label: str, key_id: bytes) -> None:
    # No CKA_CERTIFICATE_CATEGORY: python-pkcs11 0.9.5 cannot pack it, and CKA_TRUSTED needs the SO.
    from pkcs11 import Attribute

    _store_raw_certificate(session, pki.der(cert), label=label, key_id=key_id, extra={
        Attribute.SUBJECT: cert.subject.public_bytes(),
        Attribute.ISSUER: cert.issuer.public_bytes(),
        Attribute.SERIAL_NUMBER: bytes(asn1_core.Integer(cert.serial_number).dump()),
    })


def _store_raw_certificate(session: Any, value: bytes, *, label: str, key_id: bytes,
                           extra: dict[Any, Any] | None = None) -> None:
    from pkcs11 import Attribute, CertificateType, ObjectClass

    template: dict[Any, Any] = {
        Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True, Attribute.PRIVATE: False, Attribute.VALUE: value, Attribute.LABEL: label,
        Attribute.ID: key_id,
        Attribute.SUBJECT: b"\x30\x00",  # SoftHSM requires CKA_SUBJECT; an empty Name for garbage
    }
    template.update(extra or {})
    session.create_object(template)


def _store_data(session: Any, index: int) -> None:
    from pkcs11 import Attribute, ObjectClass

    session.create_object({
        Attribute.CLASS: ObjectClass.DATA, Attribute.TOKEN: True, Attribute.PRIVATE: False,
        Attribute.LABEL: f"数据对象{index:03d}", Attribute.APPLICATION: "yucai-lab",
        Attribute.VALUE: f"filler {index}".encode(),
    })


def _expected(profile: CertProfile, cert: x509.Certificate) -> LabCertificate:
    code = profile.credit_code
    credit = code if code and is_valid_credit_code(code) else None
    invalid = profile.credit_code if profile.credit_code and credit is None else None
    idn = profile.id_number if profile.id_number and is_valid_id_number(profile.id_number) else None
    kind = KeyKind.UNIT if profile.credit_code else KeyKind.PERSONAL if profile.id_number else KeyKind.UNKNOWN
    return LabCertificate(
        label=profile.label, key_id=profile.key_id_hex, key_type=profile.key_type,
        key_algorithm="RSA-2048" if profile.key_type == "rsa2048" else "EC-P256",
        common_name=str(cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value),
        organization=profile.organization, kind=kind,
        credit_code=credit,
        credit_code_source=pki.expected_source(profile.credit_places, credit=True) if credit else None,
        invalid_credit_code=invalid, id_number=idn,
        id_number_source=pki.expected_source(profile.id_places, credit=False) if idn else None,
        storage=profile.storage, usage=profile.usage, problem=expected_problem(profile),
        serial=format(cert.serial_number, "X"), not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc, der=pki.der(cert),
    )
