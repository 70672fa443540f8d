"""Order No. 110 warnings: validity and elimination (docs/domain-rules.md §A5, §A6)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.workflow.common import Category
from desktop.domain.workflow.order110 import (
    AgreementForm,
    EvaluationMethod,
    add_years,
    planned_elimination_warnings,
    shortlist_elimination_warnings,
    validity_warnings,
)


def test_add_years_handles_29_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


@pytest.mark.parametrize(("category", "end", "warned"), [
    (Category.GOODS, dt.date(2026, 3, 1), False),
    (Category.GOODS, dt.date(2026, 3, 2), True),
    (Category.SERVICES, dt.date(2027, 3, 1), False),
    (Category.SERVICES, dt.date(2027, 3, 2), True),
])
def test_validity_limits(category: Category, end: dt.date, warned: bool) -> None:
    warnings = validity_warnings(category, dt.date(2025, 3, 1), end)
    assert bool(warnings) == warned
    if warned:
        assert warnings[0].message.startswith(f"{category.value}类框架协议有效期一般不超过")


def test_validity_without_dates_is_silent() -> None:
    assert validity_warnings(Category.GOODS, None, dt.date(2030, 1, 1)) == ()
    assert validity_warnings(None, dt.date(2020, 1, 1), dt.date(2030, 1, 1)) == ()


def test_planned_elimination() -> None:
    assert planned_elimination_warnings(AgreementForm.OPEN, None, None) == ()
    assert planned_elimination_warnings(AgreementForm.CLOSED, None, Decimal(20)) == ()
    low = planned_elimination_warnings(AgreementForm.CLOSED, EvaluationMethod.QUALITY_PRIORITY, Decimal(30))
    assert [w.code for w in low] == ["elimination_rate_low"]
    assert "40%" in low[0].message


def test_shortlist_examples_from_the_exam_bank() -> None:
    # 12 respondents, all 12 shortlisted: illegal (domain-rules.md §A6)
    assert [w.code for w in shortlist_elimination_warnings(12, 12)] == ["no_supplier_eliminated",
                                                                        "elimination_rate_low"]
    assert shortlist_elimination_warnings(10, 8) == ()
    assert [w.code for w in shortlist_elimination_warnings(10, 9)] == ["elimination_rate_low"]
    assert [w.code for w in shortlist_elimination_warnings(10, 7, EvaluationMethod.QUALITY_PRIORITY)] == [
        "elimination_rate_low"]


def test_impossible_counts_are_a_bug() -> None:
    with pytest.raises(ValueError):
        shortlist_elimination_warnings(3, 4)


@given(st.integers(min_value=1, max_value=500).flatmap(
    lambda n: st.tuples(st.just(n), st.integers(min_value=0, max_value=n))))
def test_shortlist_is_silent_exactly_when_one_fifth_and_one_supplier_are_eliminated(counts: tuple[int, int]) -> None:
    responsive, shortlisted = counts
    eliminated = responsive - shortlisted
    silent = shortlist_elimination_warnings(responsive, shortlisted) == ()
    assert silent == (eliminated >= 1 and 5 * eliminated >= responsive)
