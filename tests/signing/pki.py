"""A throw-away PKI for signing tests that need a *foreign* signer (a third party's signature)
or an unusual certificate. The project's own keys live on SoftHSM (``softhsm_lab``); this
module is never a stand-in for them in the round-trip tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import core
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import NameOID, ObjectIdentifier

CREDIT_CODE_OID = "1.2.156.10260.4.1.4"
_NOW = dt.datetime.now(dt.UTC)


@dataclass
class Issued:
    key: CertificateIssuerPrivateKeyTypes
    cert: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(cn: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN")]
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def new_key(kind: str) -> CertificateIssuerPrivateKeyTypes:
    if kind == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def make_ca(cn: str, issuer: Issued | None = None, kind: str = "rsa") -> Issued:
    key = new_key(kind)
    signer_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder()
               .subject_name(_name(cn))
               .issuer_name(issuer.cert.subject if issuer else _name(cn))
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(_NOW - dt.timedelta(days=30))
               .not_valid_after(_NOW + dt.timedelta(days=3650))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False),
                              critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),  # type: ignore[arg-type]
            critical=False)
    return Issued(key, builder.sign(signer_key, hashes.SHA256()))  # type: ignore[arg-type]


def make_leaf(cn: str, org: str | None, issuer: Issued, kind: str = "rsa", credit_code: str | None = None,
              not_after: dt.datetime | None = None) -> Issued:
    key = new_key(kind)
    builder = (x509.CertificateBuilder()
               .subject_name(_name(cn, org))
               .issuer_name(issuer.cert.subject)
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(_NOW - dt.timedelta(days=1))
               .not_valid_after(not_after or (_NOW + dt.timedelta(days=365)))
               .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                              critical=True)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   issuer.key.public_key()), critical=False))  # type: ignore[arg-type]
    if credit_code:
        value = core.PrintableString(credit_code).dump()
        builder = builder.add_extension(
            x509.UnrecognizedExtension(ObjectIdentifier(CREDIT_CODE_OID), value), critical=False)
    return Issued(key, builder.sign(issuer.key, hashes.SHA256()))  # type: ignore[arg-type]


class SoftKey:
    """A SigningKey with the private key in memory (third-party signers, odd certificates)."""

    def __init__(self, leaf: Issued, chain: Sequence[Issued] = ()) -> None:
        self._leaf = leaf
        self._chain = [c.der for c in chain]
        self.sign_calls = 0

    @property
    def certificate(self) -> bytes:
        return self._leaf.der

    @property
    def chain(self) -> Sequence[bytes]:
        return self._chain

    @property
    def key_algorithm(self) -> str:
        return "RSA-2048" if isinstance(self._leaf.key, rsa.RSAPrivateKey) else "EC-P256"

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        self.sign_calls += 1
        algos = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha512": hashes.SHA512()}
        algo = algos[digest_algorithm]
        key = self._leaf.key
        if isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), algo)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        return key.sign(data, ec.ECDSA(algo))


@dataclass
class SoftPki:
    root: Issued
    intermediate: Issued

    @classmethod
    def create(cls, name: str = "Third Party") -> SoftPki:
        root = make_ca(f"{name} Root CA")
        return cls(root, make_ca(f"{name} Issuing CA", root))

    def key(self, cn: str, org: str | None = None, kind: str = "rsa", credit_code: str | None = None,
            not_after: dt.datetime | None = None) -> SoftKey:
        leaf = make_leaf(cn, org, self.intermediate, kind, credit_code, not_after)
        return SoftKey(leaf, [self.intermediate])


def make_tsa(issuer: Issued, cn: str = "Test TSA") -> Issued:
    """A timestamping certificate (critical EKU timeStamping, as RFC 3161 requires)."""
    key = new_key("rsa")
    cert = (x509.CertificateBuilder()
            .subject_name(_name(cn))
            .issuer_name(issuer.cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_NOW - dt.timedelta(days=1))
            .not_valid_after(_NOW + dt.timedelta(days=365))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                issuer.key.public_key()), critical=False)  # type: ignore[arg-type]
            .sign(issuer.key, hashes.SHA256()))  # type: ignore[arg-type]
    return Issued(key, cert)
