"""States SoftHSM cannot produce (it never locks a PIN, never reports FINAL_TRY, cannot pull a
key out): the mapping is tested with the smallest stand-in at the pkcs11 boundary — real
python-pkcs11 exception classes and flag values, a tiny token object — and the tests say so."""

from __future__ import annotations

from dataclasses import dataclass, field

import pkcs11.exceptions as p11
import pytest
from pkcs11 import TokenFlag

from desktop.domain.errors import UserCancelled
from desktop.token import errors as te
from desktop.token.boundary import convert
from desktop.token.pin import FixedPin, PinRequest
from desktop.token.service import login

READY = TokenFlag.TOKEN_INITIALIZED | TokenFlag.USER_PIN_INITIALIZED | TokenFlag.LOGIN_REQUIRED


@dataclass
class StandinToken:
    """Smallest stand-in for a pkcs11 Token: flags before and after a login, and what open() does."""

    flags_sequence: list[int]
    open_error: Exception | None = None
    label: str = "测试key"
    serial: bytes = b"0001"
    opened_with: list[object] = field(default_factory=list)

    @property
    def flags(self) -> int:
        return self.flags_sequence.pop(0) if len(self.flags_sequence) > 1 else self.flags_sequence[0]

    @property
    def slot(self) -> StandinToken:
        return self

    def get_token(self) -> StandinToken:
        return self

    def open(self, user_pin: object = None) -> str:
        self.opened_with.append(user_pin)
        if self.open_error is not None:
            raise self.open_error
        return "session"


@dataclass
class RecordingPin:
    requests: list[PinRequest] = field(default_factory=list)

    def get_pin(self, request: PinRequest) -> str:
        self.requests.append(request)
        return "123456"


def test_standin_locked_flag_refuses_before_asking_for_a_pin() -> None:
    pins = RecordingPin()
    with pytest.raises(te.PinLocked):
        login(StandinToken([READY | TokenFlag.USER_PIN_LOCKED]), pins, "登录", reset=lambda: None)
    assert pins.requests == []


def test_standin_final_try_flag_is_shown_in_the_pin_request() -> None:
    pins = RecordingPin()
    assert login(StandinToken([READY | TokenFlag.USER_PIN_FINAL_TRY]), pins, "签章", reset=lambda: None)
    assert pins.requests[0].final_try and pins.requests[0].purpose == "签章"


def test_standin_wrong_pin_rereads_flags_and_reports_final_try_without_retrying() -> None:
    resets: list[int] = []
    token = StandinToken([READY | TokenFlag.USER_PIN_COUNT_LOW, READY | TokenFlag.USER_PIN_FINAL_TRY],
                         open_error=p11.PinIncorrect())
    with pytest.raises(te.PinIncorrect) as info:
        login(token, RecordingPin(), "登录", reset=lambda: resets.append(1))
    assert info.value.final_try and "最后一次" in info.value.message
    assert len(token.opened_with) == 1  # never retried
    assert resets == [1]  # the session left by the failed C_Login is cleared


def test_standin_wrong_pin_that_locks_the_key_reports_locked() -> None:
    token = StandinToken([READY, READY | TokenFlag.USER_PIN_LOCKED], open_error=p11.PinIncorrect())
    with pytest.raises(te.PinLocked):
        login(token, RecordingPin(), "登录", reset=lambda: None)


def test_standin_protected_path_does_not_ask_for_a_pin() -> None:
    import pkcs11

    pins = RecordingPin()
    token = StandinToken([READY | TokenFlag.PROTECTED_AUTHENTICATION_PATH])
    login(token, pins, "登录", reset=lambda: None)
    assert pins.requests == [] and token.opened_with == [pkcs11.PROTECTED_AUTH]


@pytest.mark.parametrize(("exc", "expected"), [
    (p11.PinIncorrect(), te.PinIncorrect), (p11.PinLocked(), te.PinLocked),
    (p11.PinLenRange(), te.PinInvalid), (p11.DeviceRemoved(), te.TokenRemoved),
    (p11.TokenNotPresent(), te.TokenRemoved), (p11.SessionHandleInvalid(), te.TokenRemoved),
    (p11.TokenNotRecognised(), te.TokenNotInitialized), (p11.MechanismInvalid(), te.MechanismUnsupported),
    (p11.NoSuchToken(), te.NoToken), (p11.GeneralError(), te.TokenFailure),
])
def test_standin_pkcs11_exceptions_map_to_the_taxonomy(exc: Exception, expected: type) -> None:
    assert isinstance(convert(exc, "/x/module.so"), expected)


def test_standin_vendor_code_keeps_the_raw_hex_and_module() -> None:
    err = convert(p11.PKCS11Error("Unmapped error code 0x8000001A"), "C:/Windows/System32/gm3000_pkcs11.dll")
    assert isinstance(err, te.VendorError)
    assert err.raw_code == "0x8000001a" and "gm3000_pkcs11.dll" in err.message


def test_standin_cancel_on_pinpad_is_user_cancelled() -> None:
    assert isinstance(convert(p11.FunctionCancelled(), "m"), UserCancelled)


def test_fixed_pin_answers_once_and_hides_itself() -> None:
    pin = FixedPin("secret-pin")
    request = PinRequest(token_label="k", token_serial="1")
    assert pin.get_pin(request) == "secret-pin"
    with pytest.raises(UserCancelled):
        pin.get_pin(request)
    assert "secret-pin" not in repr(pin)
