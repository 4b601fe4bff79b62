"""The child record's rules: unknown keys, consistency of ID number with the record, a birth
date checked against the day the caller gives."""

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from liushou_cli.core.model import Child
from liushou_cli.core.validators import ValidationDay

from .conftest import valid_id

TODAY = date(2022, 11, 20)


def base(**extra: Any) -> dict[str, Any]:
    return {"id": "c1", "name": "张三", "gender": "男", "class": "七(1)班",
            "left_behind_type": "双亲外出", **extra}


def error_types(data: dict[str, Any], today: date = TODAY) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        Child.model_validate(data, context=ValidationDay(today))
    return [error["type"] for error in caught.value.errors()]


def test_minimal_record_is_valid() -> None:
    child = Child.model_validate(base())
    assert child.active and child.events == []


def test_unknown_key_is_an_error() -> None:
    assert error_types(base(gaurdian={"name": "x"})) == ["extra_forbidden"]


def test_id_number_must_match_birth_date_and_gender() -> None:
    number = valid_id("43052420110315001")  # born 2011-03-15, odd digit: male
    assert Child.model_validate(base(id_number=number, birth_date="2011-03-15"),
                                context=ValidationDay(TODAY))
    assert error_types(base(id_number=number, birth_date="2011-03-16")) == ["id_birth_mismatch"]
    assert error_types(base(id_number=number, gender="女")) == ["id_gender_mismatch"]


def test_unquoted_phone_and_id_numbers_are_accepted_as_text() -> None:
    child = Child.model_validate(base(guardian={"phone": 13912345678}))
    assert child.guardian is not None and child.guardian.phone == "13912345678"


def test_archived_status_needs_date_and_reason() -> None:
    assert error_types(base(status="转出")) == ["status_incomplete"]
    assert Child.model_validate(base(status="转出", status_date="2022-10-01",
                                     status_reason="随父母到东莞就读"))


def test_choices_are_the_words_of_the_form() -> None:
    assert error_types(base(gender="M")) == ["literal_error"]
    assert error_types(base(left_behind_type="父母外出")) == ["literal_error"]


def test_birth_date_is_checked_against_the_day_given() -> None:
    assert error_types(base(birth_date="2022-11-21")) == ["date_future"]
    assert error_types(base(birth_date="2022-11-21"), date(2022, 11, 20)) == ["date_future"]
    child = Child.model_validate(base(birth_date="2022-11-21"),
                                 context=ValidationDay(date(2022, 11, 21)))  # born today
    assert child.birth_date == date(2022, 11, 21)


def test_the_days_a_verdict_holds_on() -> None:
    # What a cache needs to know: valid from the birth date on, invalid until the day before.
    valid = ValidationDay(date(2023, 1, 1))
    Child.model_validate(base(birth_date="2022-12-01"), context=valid)
    assert (valid.first, valid.last) == (date(2022, 12, 1), date.max)
    invalid = ValidationDay(date(2022, 11, 20))
    with pytest.raises(ValidationError):
        Child.model_validate(base(birth_date="2022-12-01"), context=invalid)
    assert (invalid.first, invalid.last) == (date.min, date(2022, 11, 30))
    undated = ValidationDay(date(2022, 11, 20))
    Child.model_validate(base(), context=undated)
    assert (undated.first, undated.last) == (date.min, date.max)


def test_a_birth_date_without_a_day_is_a_programming_error() -> None:
    # Never the machine's clock: a caller that forgets the day is told at once.
    with pytest.raises(TypeError, match="ValidationDay"):
        Child.model_validate(base(birth_date="2011-03-15"))
