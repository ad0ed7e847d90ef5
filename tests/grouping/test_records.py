"""The records: groups know their as-of span; measures compare by value."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from claims.grouping import Group, MeasureKey
from tests.grouping.builders import claim


def test_a_group_spans_its_claims_as_of_dates() -> None:
    key = MeasureKey("killed", None, "russian_forces", "count", "cumulative")
    group = Group(
        key,
        (
            claim("7,000 died.", "7,000", 7000, as_of="2022-03-21"),
            claim("3,500 died.", "3,500", 3500, as_of="2022-02-27"),
        ),
    )
    assert group.as_of_from == datetime.date(2022, 2, 27)
    assert group.as_of_to == datetime.date(2022, 3, 21)


def test_measure_keys_are_equal_by_value_and_frozen() -> None:
    one = MeasureKey("killed", None, "civilians", "count", "event")
    assert one == MeasureKey("killed", None, "civilians", "count", "event")
    assert one != MeasureKey("killed", None, "civilians", "count", "event", "children")
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.period = "cumulative"  # type: ignore[misc]


def test_claims_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        claim("7,000 died.", "7,000", 7000).value = 1  # type: ignore[misc]
