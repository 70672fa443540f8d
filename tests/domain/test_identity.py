"""统一社会信用代码 and 身份证号码: worked examples from docs/domain-rules.md §(c) and properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain import identity as ident
from desktop.domain.identity import InvalidIdentityCode

VALID_CREDIT_CODES = ["91110000101623741K", "911101066976941872", "91410100MA000000C0",
                      "91410100MA000000NY"]
VALID_ID_NUMBERS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("code", VALID_CREDIT_CODES)
def test_credit_code_worked_examples_are_valid(code: str) -> None:
    assert ident.validate_credit_code(code) == code
    assert ident.credit_code_check_char(code[:17]) == code[17]


def test_credit_code_weights_are_the_standard_ones() -> None:
    assert ident._CREDIT_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


@pytest.mark.parametrize(("code", "expected"), [("91310115MA1H8R7C6D", "7"),
                                                ("91350211M0000XUF46", "R")])
def test_credit_code_negative_vectors_name_the_expected_check(code: str, expected: str) -> None:
    with pytest.raises(InvalidIdentityCode) as info:
        ident.validate_credit_code(code)
    assert f"“{expected}”" in info.value.message
    assert info.value.code == "identity_code_invalid"


@pytest.mark.parametrize("raw", ["  91110000101623741k ", "９１１１００００１０１６２３７４１Ｋ",
                                 "9111 0000 1016 2374 1K"])
def test_credit_code_input_is_normalised(raw: str) -> None:
    assert ident.validate_credit_code(raw) == "91110000101623741K"


@pytest.mark.parametrize("raw", ["", "91110000101623741", "91110000101623741KK",
                                 "9111000010162374IK", "91AB0000101623741K", "9111000010162374OK"])
def test_credit_code_bad_shapes_are_rejected(raw: str) -> None:
    assert not ident.is_valid_credit_code(raw)
    with pytest.raises(InvalidIdentityCode):
        ident.validate_credit_code(raw)


def test_credit_code_unusual_category_is_a_warning_only() -> None:
    code = "77410100MA000000" + "0"
    code = code[:17] + ident.credit_code_check_char(code[:17])
    assert ident.is_valid_credit_code(code)
    assert ident.credit_code_warnings(code)
    assert not ident.credit_code_warnings("91110000101623741K")


@pytest.mark.parametrize("number", VALID_ID_NUMBERS)
def test_id_number_worked_examples_are_valid(number: str) -> None:
    assert ident.validate_id_number(number) == number


def test_id_number_lower_case_x_is_stored_upper_case() -> None:
    assert ident.validate_id_number("11010519491231002x") == "11010519491231002X"


@pytest.mark.parametrize("raw", ["110105194912310021", "11010519491331002X", "11010519490230002X",
                                 "1101051949123100", "A1010519491231002X", ""])
def test_id_number_bad_values_are_rejected(raw: str) -> None:
    assert not ident.is_valid_id_number(raw)


def test_id_number_facts() -> None:
    facts = ident.id_number_facts("11010519491231002X")
    assert (facts.region, facts.birth_date.isoformat(), facts.male) == ("110105", "1949-12-31", False)


credit_bodies = st.tuples(
    st.text(alphabet=ident.CREDIT_CODE_ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ident.CREDIT_CODE_ALPHABET, min_size=9, max_size=9),
).map("".join)


@given(credit_bodies)
def test_credit_code_with_computed_check_is_valid(body: str) -> None:
    assert ident.is_valid_credit_code(body + ident.credit_code_check_char(body))


@given(credit_bodies, st.integers(min_value=0, max_value=16), st.data())
def test_credit_code_single_substitution_is_detected(body: str, pos: int, data: st.DataObject) -> None:
    code = body + ident.credit_code_check_char(body)
    other = data.draw(st.sampled_from([c for c in ident.CREDIT_CODE_ALPHABET if c != code[pos]]))
    if 2 <= pos < 8 and not other.isdigit():
        other = str((int(code[pos]) + 1) % 10)
    changed = code[:pos] + other + code[pos + 1:]
    assert not ident.is_valid_credit_code(changed)


@given(credit_bodies)
def test_credit_code_full_width_input_normalises(body: str) -> None:
    code = body + ident.credit_code_check_char(body)
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in code)
    assert ident.validate_credit_code(full_width) == code


id_bodies = st.tuples(
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.dates(min_value=__import__("datetime").date(1900, 1, 1)).map(lambda d: d.strftime("%Y%m%d")),
    st.text(alphabet="0123456789", min_size=3, max_size=3),
).map("".join)


@given(id_bodies)
def test_id_number_with_computed_check_is_valid(body: str) -> None:
    assert ident.is_valid_id_number(body + ident.id_number_check_char(body))


@given(id_bodies, st.integers(min_value=0, max_value=16), st.integers(min_value=1, max_value=9))
def test_id_number_single_digit_error_is_detected(body: str, pos: int, delta: int) -> None:
    number = body + ident.id_number_check_char(body)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1:]
    assert not ident.is_valid_id_number(changed)
