"""Chinese identity codes: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

Both carry a check character in the last position. Input is normalised first (trim, full-width
to half-width, upper case); letters are never "corrected" (I/O stay invalid, not 1/0).
"""

from __future__ import annotations

import datetime as _dt
import unicodedata
from dataclasses import dataclass
from enum import Enum

from desktop.domain.errors import YucaiError

# GB 32100-2015: 31 symbols, digits then upper-case letters without I, O, S, V, Z.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}
_CREDIT_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

# GB 11643-1999: ISO 7064 MOD 11-2.
_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"

# (registration authority, organisation category) pairs listed by public validators; an
# unknown pair is only a warning because old codes outside the list reportedly exist.
KNOWN_CATEGORY_PAIRS = frozenset({
    "11", "12", "13", "19", "21", "29", "31", "32", "33", "34", "35", "39", "41", "49",
    "51", "52", "53", "59", "61", "62", "69", "71", "72", "79", "81", "89", "91", "92", "93",
    "A1", "A9", "N1", "N2", "N3", "N9", "Y1",
})


class CodeKind(Enum):
    CREDIT_CODE = "credit_code"
    ID_NUMBER = "id_number"


class InvalidIdentityCode(YucaiError):
    """A credit code or ID number that fails its format or check character."""

    code = "identity_code_invalid"

    def __init__(self, kind: CodeKind, value: str, reason_zh: str, reason_en: str) -> None:
        label = "统一社会信用代码" if kind is CodeKind.CREDIT_CODE else "身份证号码"
        super().__init__(f"{label}“{value}”无效：{reason_zh}", f"invalid {kind.value} {value!r}: {reason_en}")
        self.kind = kind
        self.value = value


def normalize_code(raw: str) -> str:
    """Trim, fold full-width characters to half-width (NFKC), drop inner spaces, upper-case."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(folded.split()).upper()


# --- 统一社会信用代码 -----------------------------------------------------------------------

def credit_code_check_char(first17: str) -> str:
    """The check character for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise ValueError("a credit code body has 17 characters")
    try:
        total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} is not in the GB 32100 alphabet") from None
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> tuple[str, str] | None:
    """Why ``code`` (already normalised) is not a valid credit code, in Chinese and English."""
    if len(code) != 18:
        return f"应为 18 位，实际 {len(code)} 位", f"must have 18 characters, has {len(code)}"
    bad = [c for c in code if c not in _CREDIT_VALUE]
    if bad:
        return f"含有不允许的字符“{bad[0]}”", f"character {bad[0]!r} is not allowed"
    if not code[2:8].isdigit():
        return "第 3–8 位行政区划码应为数字", "positions 3-8 (region code) must be digits"
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return (f"校验位应为“{expected}”，实际为“{code[17]}”",
                f"check character should be {expected!r}, not {code[17]!r}")
    return None


def is_valid_credit_code(raw: str) -> bool:
    return credit_code_problem(normalize_code(raw)) is None


def validate_credit_code(raw: str) -> str:
    """Return the normalised credit code or raise :class:`InvalidIdentityCode`."""
    code = normalize_code(raw)
    problem = credit_code_problem(code)
    if problem:
        raise InvalidIdentityCode(CodeKind.CREDIT_CODE, code, *problem)
    return code


def credit_code_warnings(code: str) -> list[str]:
    """Soft checks (Chinese): an unusual registration-authority/category pair."""
    if code[:2] not in KNOWN_CATEGORY_PAIRS:
        return [f"登记管理部门/机构类别代码“{code[:2]}”不在常见范围内，请核对"]
    return []


# --- 居民身份证号码 -------------------------------------------------------------------------

def id_number_check_char(first17: str) -> str:
    """The check character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise ValueError("an ID number body has 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number_problem(number: str) -> tuple[str, str] | None:
    """Why ``number`` (already normalised) is not a valid ID number, in Chinese and English."""
    if len(number) != 18:
        return f"应为 18 位，实际 {len(number)} 位", f"must have 18 characters, has {len(number)}"
    if not (number[:17].isascii() and number[:17].isdigit()) or number[17] not in "0123456789X":
        return "前 17 位应为数字，末位为数字或 X", "17 digits and a digit or X expected"
    try:
        born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return f"出生日期“{number[6:14]}”不存在", f"birth date {number[6:14]} does not exist"
    if born.year < 1800:
        return f"出生日期“{number[6:14]}”不合理", f"birth date {number[6:14]} is implausible"
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        return (f"校验位应为“{expected}”，实际为“{number[17]}”",
                f"check character should be {expected!r}, not {number[17]!r}")
    return None


def is_valid_id_number(raw: str) -> bool:
    return id_number_problem(normalize_code(raw)) is None


def validate_id_number(raw: str) -> str:
    """Return the normalised ID number (upper-case X) or raise :class:`InvalidIdentityCode`."""
    number = normalize_code(raw)
    problem = id_number_problem(number)
    if problem:
        raise InvalidIdentityCode(CodeKind.ID_NUMBER, number, *problem)
    return number


@dataclass(frozen=True)
class IdNumberFacts:
    region: str
    birth_date: _dt.date
    male: bool


def id_number_facts(number: str) -> IdNumberFacts:
    """Region code, birth date and sex encoded in a valid ID number."""
    number = validate_id_number(number)
    born = _dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return IdNumberFacts(region=number[:6], birth_date=born, male=int(number[16]) % 2 == 1)
