"""TokenService: every PKCS#11 call runs on one worker thread per loaded module.

Many vendor modules misbehave when several threads or sessions touch them, so each module gets
a :class:`_ModuleWorker` that owns the library object and every session on it (Electrum's
single device thread). Callers get ``concurrent.futures.Future`` objects; the GUI waits on them
off its own thread, the CLI simply calls ``.result()``.

A PIN is asked through a :class:`PinSource` for exactly one login, never kept, never retried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, TypeVar

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass, TokenFlag
from pkcs11.util.ec import encode_ecdsa_signature

from desktop.config import TokenSettings
from desktop.domain.errors import YucaiError
from desktop.token import errors as te
from desktop.token.boundary import convert
from desktop.token.certificates import CertificateUnreadable, read_certificate
from desktop.token.inventory import (
    CertificateInfo,
    Inventory,
    LoginCheck,
    ModuleReport,
    PrivateKeyEvidence,
    TokenInfo,
    UnreadableCertificate,
)
from desktop.token.modules import ModuleCandidate, candidate_modules, check_module_file
from desktop.token.pin import PinRequest, PinSource
from desktop.token.serial import SerialExecutor

T = TypeVar("T")

# Flags we report by name; anything else stays internal.
_REPORTED_FLAGS = {
    TokenFlag.TOKEN_INITIALIZED: "token_initialized",
    TokenFlag.USER_PIN_INITIALIZED: "user_pin_initialized",
    TokenFlag.LOGIN_REQUIRED: "login_required",
    TokenFlag.PROTECTED_AUTHENTICATION_PATH: "protected_authentication_path",
    TokenFlag.USER_PIN_COUNT_LOW: "user_pin_count_low",
    TokenFlag.USER_PIN_FINAL_TRY: "user_pin_final_try",
    TokenFlag.USER_PIN_LOCKED: "user_pin_locked",
    TokenFlag.USER_PIN_TO_BE_CHANGED: "user_pin_to_be_changed",
    TokenFlag.WRITE_PROTECTED: "write_protected",
}

# DER DigestInfo prefixes for CKM_RSA_PKCS when the token lacks the hashing RSA mechanisms.
_DIGEST_INFO = {
    "sha256": bytes.fromhex("3031300d060960864801650304020105000420"),
    "sha384": bytes.fromhex("3041300d060960864801650304020205000430"),
    "sha512": bytes.fromhex("3051300d060960864801650304020305000440"),
}
_RSA_HASHING = {"sha256": Mechanism.SHA256_RSA_PKCS, "sha384": Mechanism.SHA384_RSA_PKCS,
                "sha512": Mechanism.SHA512_RSA_PKCS}


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def flag_names(flags: int) -> frozenset[str]:
    return frozenset(name for flag, name in _REPORTED_FLAGS.items() if flags & flag)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.rstrip(b"\0 ").decode("utf-8", errors="replace").strip()
    return str(value).strip()


def _attr(obj: Any, attribute: Attribute, default: Any = None) -> Any:
    """Read one attribute; tokens may refuse any of them (sensitive, invalid, bad encoding)."""
    try:
        return obj[attribute]
    except (pkcs11.exceptions.PKCS11Error, UnicodeDecodeError, ValueError, KeyError):
        return default


class _ModuleWorker:
    """Owns one PKCS#11 library and all its sessions; every method named ``_on_worker_*`` runs on
    the worker thread only."""

    def __init__(self, candidate: ModuleCandidate) -> None:
        self.candidate = candidate
        name = os.path.basename(candidate.path) or "module"
        self._executor = SerialExecutor(f"pkcs11-{name}")
        self._lib: Any = None
        self._thread_id: int | None = None
        self._open_sessions = 0
        self._last_state: frozenset[tuple[int, str, str]] | None = None

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        def call() -> T:
            self._thread_id = threading.get_ident()
            return fn(*args)

        return self._executor.submit(call)

    def on_worker_thread(self) -> bool:
        return threading.get_ident() == self._thread_id

    def shutdown(self, timeout: float) -> bool:
        return self._executor.shutdown(timeout)

    # -- library --------------------------------------------------------------------------

    def _on_worker_lib(self, refresh: bool) -> Any:
        """Load the module once; later calls re-initialise it (the cure for modules that
        snapshot the slot list at C_Initialize) unless a session is open."""
        path = self.candidate.path
        if self._lib is None:
            check_module_file(path)
            try:
                self._lib = pkcs11.lib(path)
            except Exception as exc:
                raise convert(exc, path) from exc
        elif refresh and self._open_sessions == 0:
            try:
                self._lib.reinitialize()
            except Exception as exc:
                raise convert(exc, path) from exc
        return self._lib

    # -- scanning ---------------------------------------------------------------------------

    def on_worker_scan(self, refresh: bool) -> ModuleReport:
        c = self.candidate
        try:
            lib = self._on_worker_lib(refresh)
            slots = lib.get_slots(token_present=False)
        except YucaiError as exc:
            return ModuleReport(path=c.path, source=c.source, vendor=c.vendor, loaded=False,
                                error=exc if isinstance(exc, te.TokenError) else None)
        except Exception as exc:
            err = convert(exc, c.path)
            return ModuleReport(path=c.path, source=c.source, vendor=c.vendor, loaded=self._lib is not None,
                                error=err if isinstance(err, te.TokenError) else None)
        tokens: list[TokenInfo] = []
        empty = 0
        for slot in slots:
            if not slot.flags & pkcs11.SlotFlag.TOKEN_PRESENT:
                empty += 1
                continue
            tokens.append(self._on_worker_read_token(slot))
        self._last_state = self._state_of(tokens)
        return ModuleReport(
            path=c.path, source=c.source, vendor=c.vendor, loaded=True,
            manufacturer=_text(lib.manufacturer_id), description=_text(lib.library_description),
            library_version="{}.{}".format(*lib.library_version),
            cryptoki_version="{}.{}".format(*lib.cryptoki_version),
            empty_slots=empty, tokens=tuple(tokens),
        )

    @staticmethod
    def _state_of(tokens: Sequence[TokenInfo]) -> frozenset[tuple[int, str, str]]:
        return frozenset((t.slot_id, t.serial, t.label) for t in tokens)

    def _on_worker_read_token(self, slot: Any) -> TokenInfo:
        path = self.candidate.path
        try:
            token = slot.get_token()
            flags = int(token.flags)
            base = TokenInfo(
                slot_id=int(slot.slot_id), slot_description=_text(slot.slot_description),
                label=_text(token.label), serial=_text(token.serial),
                manufacturer=_text(token.manufacturer_id), model=_text(token.model),
                flags=flag_names(flags), mechanisms=self._mechanism_names(slot),
            )
        except Exception as exc:
            err = convert(exc, path)
            return TokenInfo(slot_id=int(getattr(slot, "slot_id", -1)), slot_description="", label="",
                             serial="", manufacturer="", model="", flags=frozenset(), mechanisms=frozenset(),
                             error=err if isinstance(err, te.TokenError) else None)
        if not flags & TokenFlag.TOKEN_INITIALIZED:
            return base
        try:
            with token.open() as session:
                return self._on_worker_read_objects(session, base)
        except Exception as exc:
            err = convert(exc, path)
            return replace(base, error=err if isinstance(err, te.TokenError) else None)

    @staticmethod
    def _mechanism_names(slot: Any) -> frozenset[str]:
        try:
            return frozenset(m.name if isinstance(m, Mechanism) else f"0x{int(m):08x}"
                             for m in slot.get_mechanisms())
        except Exception:  # a token that cannot list mechanisms still gets diagnosed
            return frozenset()

    def _on_worker_read_objects(self, session: Any, base: TokenInfo) -> TokenInfo:
        # Collect first: calling other functions while an object iterator is open raises
        # OperationActive.
        objects = list(session.get_objects())
        private_ids: set[str] = set()
        public_ids: set[str] = set()
        cert_objects: list[Any] = []
        for obj in objects:
            cls = _attr(obj, Attribute.CLASS)
            if cls == ObjectClass.CERTIFICATE:
                cert_objects.append(obj)
            elif cls == ObjectClass.PRIVATE_KEY:
                private_ids.add(bytes(_attr(obj, Attribute.ID, b"") or b"").hex())
            elif cls == ObjectClass.PUBLIC_KEY:
                public_ids.add(bytes(_attr(obj, Attribute.ID, b"") or b"").hex())
        certificates: list[CertificateInfo] = []
        unreadable: list[UnreadableCertificate] = []
        for obj in cert_objects:
            key_id = bytes(_attr(obj, Attribute.ID, b"") or b"").hex()
            label = _text(_attr(obj, Attribute.LABEL, "") or "")
            if key_id in private_ids:
                evidence = PrivateKeyEvidence.PRIVATE_KEY
            elif key_id in public_ids:
                evidence = PrivateKeyEvidence.PUBLIC_KEY
            else:
                evidence = PrivateKeyEvidence.NOT_CHECKED
            value = _attr(obj, Attribute.VALUE)
            try:
                if not value:
                    raise CertificateUnreadable("证书对象没有内容")
                certificates.append(read_certificate(bytes(value), key_id=key_id, label=label,
                                                     private_key=evidence))
            except CertificateUnreadable as exc:
                unreadable.append(UnreadableCertificate(key_id=key_id, label=label, reason=exc.message))
        return replace(base, certificates=tuple(certificates), unreadable_certificates=tuple(unreadable),
                       object_count=len(objects))

    def on_worker_poll(self) -> bool:
        """Re-initialise and compare the present tokens with the last scan or poll."""
        before = self._last_state
        try:
            lib = self._on_worker_lib(refresh=True)
            present = lib.get_slots(token_present=True)
            state = frozenset((int(s.slot_id), _text(s.get_token().serial), _text(s.get_token().label))
                              for s in present)
        except Exception:
            state = frozenset()
        self._last_state = state
        return before is not None and state != before

    # -- login ------------------------------------------------------------------------------

    def _on_worker_find_token(self, serial: str) -> Any:
        lib = self._on_worker_lib(refresh=False)
        try:
            for slot in lib.get_slots(token_present=True):
                token = slot.get_token()
                if _text(token.serial) == serial:
                    return token
        except Exception as exc:
            raise convert(exc, self.candidate.path) from exc
        raise te.NoToken(f"序列号 {serial}")

    def on_worker_login(self, serial: str, pin_source: PinSource, purpose: str) -> Any:
        """Open a logged-in session. A failed login re-initialises the module so the session
        python-pkcs11 leaves open behind a failed C_Login is closed too."""
        token = self._on_worker_find_token(serial)
        return login(token, pin_source, purpose, reset=self._on_worker_reset)

    def _on_worker_reset(self) -> None:
        if self._lib is not None and self._open_sessions == 0:
            try:
                self._lib.reinitialize()
            except Exception:  # the module is in trouble; the next call reports it
                self._lib = None

    def on_worker_check_login(self, serial: str, pin_source: PinSource) -> LoginCheck:
        path = self.candidate.path
        try:
            session = self.on_worker_login(serial, pin_source, "诊断")
        except te.TokenError as exc:
            return LoginCheck(module=path, token_serial=serial, private_key_ids=frozenset(), error=exc)
        try:
            keys = [k for k in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY})]
            ids = {bytes(_attr(k, Attribute.ID, b"") or b"").hex(): k for k in keys}
            failures: list[tuple[str, te.TokenError]] = []
            for key_id, key in ids.items():
                try:
                    sign_with_key(key, b"yucai diagnosis", "sha256", path)
                except te.TokenError as exc:
                    failures.append((key_id, exc))
            return LoginCheck(module=path, token_serial=serial, private_key_ids=frozenset(ids),
                              sign_failures=tuple(failures))
        except Exception as exc:
            err = convert(exc, path)
            return LoginCheck(module=path, token_serial=serial, private_key_ids=frozenset(),
                              error=err if isinstance(err, te.TokenError) else te.TokenFailure(str(err), path))
        finally:
            session.close()

    def on_worker_open_key(self, serial: str, key_id: str, pin_source: PinSource) -> TokenSigningKey:
        path = self.candidate.path
        session = self.on_worker_login(serial, pin_source, "签章")
        try:
            wanted = bytes.fromhex(key_id)
            keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: wanted}))
            if not keys:
                raise te.KeyNotFound(key_id)
            certs = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
            own: bytes | None = None
            others: list[bytes] = []
            for cert in certs:
                value = bytes(_attr(cert, Attribute.VALUE, b"") or b"")
                if bytes(_attr(cert, Attribute.ID, b"") or b"") == wanted and own is None:
                    own = value
                elif value:
                    others.append(value)
            if own is None:
                raise te.KeyNotFound(key_id)
            info = read_certificate(own, key_id=key_id, label="", private_key=PrivateKeyEvidence.PRIVATE_KEY)
            chain = tuple(v for v in others if _is_ca(v))
            self._open_sessions += 1
            return TokenSigningKey(self, session, keys[0], own, chain, info.key_algorithm)
        except BaseException as exc:
            session.close()
            if isinstance(exc, YucaiError):
                raise
            raise convert(exc, path) from exc

    def on_worker_close_session(self, session: Any) -> None:
        try:
            session.close()
        except Exception:  # a removed key has no session to close
            pass
        finally:
            self._open_sessions = max(0, self._open_sessions - 1)


def _is_ca(der: bytes) -> bool:
    try:
        return read_certificate(der, key_id="", label="", private_key=PrivateKeyEvidence.NONE).is_ca
    except CertificateUnreadable:
        return False


def login(token: Any, pin_source: PinSource, purpose: str, *, reset: Callable[[], None]) -> Any:
    """Read the PIN flags, ask once, log in once; after a failure read the flags again.

    ``token`` is a python-pkcs11 Token (or the smallest stand-in with ``flags``, ``label``,
    ``serial``, ``slot.get_token()`` and ``open`` in the tests of states SoftHSM cannot produce).
    """
    flags = int(token.flags)
    if flags & TokenFlag.USER_PIN_LOCKED:
        raise te.PinLocked()
    if not flags & TokenFlag.TOKEN_INITIALIZED:
        raise te.TokenNotInitialized(_text(token.label))
    protected = bool(flags & TokenFlag.PROTECTED_AUTHENTICATION_PATH)
    request = PinRequest(token_label=_text(token.label), token_serial=_text(token.serial), purpose=purpose,
                         count_low=bool(flags & TokenFlag.USER_PIN_COUNT_LOW),
                         final_try=bool(flags & TokenFlag.USER_PIN_FINAL_TRY), protected_path=protected)
    pin: Any = pkcs11.PROTECTED_AUTH if protected else pin_source.get_pin(request)
    try:
        return token.open(user_pin=pin)
    except pkcs11.exceptions.PKCS11Error as exc:
        del pin
        try:  # fresh flags (a Token object caches its own), read before the reset
            after = int(token.slot.get_token().flags)
        except pkcs11.exceptions.PKCS11Error:
            after = 0
        reset()  # closes the session a failed C_Login leaves behind
        error = convert(exc, "")
        if isinstance(error, te.PinIncorrect):
            if after & TokenFlag.USER_PIN_LOCKED:
                raise te.PinLocked() from exc
            raise te.PinIncorrect(count_low=bool(after & TokenFlag.USER_PIN_COUNT_LOW),
                                  final_try=bool(after & TokenFlag.USER_PIN_FINAL_TRY)) from exc
        raise error from exc


def sign_with_key(key: Any, data: bytes, digest_algorithm: str, module: str) -> bytes:
    """Sign on the token: RSA PKCS#1 v1.5 (hashing on the token when it can) or ECDSA with the
    hash computed here (SoftHSM 2.6 and many USB keys lack CKM_ECDSA_SHA256)."""
    algorithm = digest_algorithm.lower().replace("-", "")
    if algorithm not in _DIGEST_INFO:
        raise te.MechanismUnsupported(digest_algorithm)
    digest = hashlib.new(algorithm, data).digest()
    try:
        key_type = key.key_type
        if key_type == KeyType.RSA:
            try:
                return bytes(key.sign(data, mechanism=_RSA_HASHING[algorithm]))
            except pkcs11.exceptions.MechanismInvalid:
                return bytes(key.sign(_DIGEST_INFO[algorithm] + digest, mechanism=Mechanism.RSA_PKCS))
        if key_type == KeyType.EC:
            return bytes(encode_ecdsa_signature(key.sign(digest, mechanism=Mechanism.ECDSA)))
        raise te.MechanismUnsupported(f"key type {key_type!r}")
    except YucaiError:
        raise
    except Exception as exc:
        mechanism = "RSA_PKCS" if getattr(key, "key_type", None) == KeyType.RSA else "ECDSA"
        raise convert(exc, module, mechanism=mechanism) from exc


class TokenSigningKey:
    """A logged-in private key, usable from any thread; satisfies ``desktop.signing.api.SigningKey``.

    Close it (or use ``with``) to end the session; nothing of the PIN is kept here.
    """

    def __init__(self, worker: _ModuleWorker, session: Any, key: Any, certificate: bytes,
                 chain: tuple[bytes, ...], key_algorithm: str) -> None:
        self._worker = worker
        self._session: Any = session
        self._key = key
        self._certificate = certificate
        self._chain = chain
        self._key_algorithm = key_algorithm

    @property
    def certificate(self) -> bytes:
        return self._certificate

    @property
    def chain(self) -> Sequence[bytes]:
        return self._chain

    @property
    def key_algorithm(self) -> str:
        return self._key_algorithm

    def sign(self, data: bytes, digest_algorithm: str) -> bytes:
        if self._session is None:
            raise te.TokenFailure("签名会话已关闭", self._worker.candidate.path)
        if self._worker.on_worker_thread():  # would deadlock waiting on itself
            return sign_with_key(self._key, data, digest_algorithm, self._worker.candidate.path)
        return self._worker.submit(sign_with_key, self._key, data, digest_algorithm,
                                   self._worker.candidate.path).result()

    def close(self) -> None:
        session, self._session = self._session, None
        if session is not None:
            self._worker.submit(self._worker.on_worker_close_session, session).result()

    def __enter__(self) -> TokenSigningKey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TokenService:
    """Finds the PKCS#11 modules, scans them, logs in and signs — all off the caller's thread."""

    def __init__(self, settings: TokenSettings, *, clock: Callable[[], dt.datetime] | None = None) -> None:
        self._settings = settings
        self._clock = clock or _utcnow
        self._workers: dict[str, _ModuleWorker] = {}
        self._lock = threading.Lock()
        self._coordinator = SerialExecutor("token-service")
        self._scanned_once = False

    def _worker_for(self, candidate: ModuleCandidate) -> _ModuleWorker:
        key = os.path.realpath(candidate.path)
        with self._lock:
            worker = self._workers.get(key)
            if worker is None:
                worker = self._workers[key] = _ModuleWorker(candidate)
            return worker

    def _worker_by_path(self, module_path: str) -> _ModuleWorker:
        key = os.path.realpath(module_path)
        with self._lock:
            worker = self._workers.get(key)
        if worker is None:
            worker = self._worker_for(ModuleCandidate(path=module_path, source="configured", vendor=None))
        return worker

    def candidates(self) -> list[ModuleCandidate]:
        return candidate_modules(self._settings)

    def scan(self) -> Future[Inventory]:
        """Every module, slot, token and certificate visible without a PIN."""
        def run() -> Inventory:
            refresh = self._scanned_once
            self._scanned_once = True
            futures = [self._worker_for(c).submit(self._worker_for(c).on_worker_scan, refresh)
                       for c in self.candidates()]
            return Inventory(modules=tuple(f.result() for f in futures), taken_at=self._clock())

        return self._coordinator.submit(run)

    def poll_changes(self) -> Future[bool]:
        """True when a key was inserted or removed since the last scan or poll."""
        def run() -> bool:
            with self._lock:
                workers = list(self._workers.values())
            known = {os.path.realpath(c.path) for c in self.candidates()}
            if known != {os.path.realpath(w.candidate.path) for w in workers}:
                return True  # a module appeared or vanished (driver installed / removed)
            results = [w.submit(w.on_worker_poll) for w in workers]
            return any([f.result() for f in results])

        return self._coordinator.submit(run)

    def check_login(self, module_path: str, token_serial: str, pin_source: PinSource) -> Future[LoginCheck]:
        """Log in once with a PIN from ``pin_source`` and test every private key with a signature."""
        worker = self._worker_by_path(module_path)
        return worker.submit(worker.on_worker_check_login, token_serial, pin_source)

    def open_signing_key(self, module_path: str, token_serial: str, key_id: str,
                         pin_source: PinSource) -> Future[TokenSigningKey]:
        """Log in and hold the private key with CKA_ID ``key_id`` (hex) for signing."""
        worker = self._worker_by_path(module_path)
        return worker.submit(worker.on_worker_open_key, token_serial, key_id.lower(), pin_source)

    def close(self, timeout: float = 5.0) -> bool:
        """Stop the threads; a call stuck in a vendor driver is waited for at most ``timeout``
        seconds (then left behind: the daemon thread does not keep the program from exiting).
        True when every thread has ended."""
        ended = self._coordinator.shutdown(timeout)
        with self._lock:
            workers = list(self._workers.values())
            self._workers.clear()
        return all([worker.shutdown(timeout) for worker in workers]) and ended
