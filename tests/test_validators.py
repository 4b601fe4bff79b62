"""The identifier checks teachers rely on: 身份证号 check character, phones, dates."""

from datetime import date

import pytest

from liushou_cli.core.validators import (
    id_birth_date,
    id_check_char,
    id_gender,
    id_number_problem,
    is_phone,
    parse_day,
)


def test_check_character_of_published_example() -> None:
    # The worked example of GB 11643: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    assert id_number_problem("11010519491231002X") is None


def test_wrong_check_character_is_reported() -> None:
    assert id_number_problem("110105194912310021") == "id_check"


def test_malformed_and_impossible_birth_dates() -> None:
    assert id_number_problem("1101051949123100") == "id_shape"
    assert id_number_problem("11010519491231002x") == "id_shape"
    # Digits of another script are not an ID number's (int() reads them: the check held).
    assert id_number_problem("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X") == "id_shape"
    first17 = "11010520110230001"  # 30 February
    assert id_number_problem(first17 + id_check_char(first17)) == "id_birth"


def test_birth_date_and_gender_inside_the_number() -> None:
    assert id_birth_date("11010519491231002X") == date(1949, 12, 31)
    assert id_gender("11010519491231002X") == "女"
    assert id_gender("110105194912310010") == "男"


def test_phones() -> None:
    assert is_phone("13812345678")
    assert is_phone("0739-2345678")
    assert is_phone("07392345678")
    assert not is_phone("12812345678")
    assert not is_phone("1381234567")
    assert not is_phone("123")


def test_dates_as_teachers_write_them() -> None:
    for text in ("2022-09-01", "2022/9/1", "2022.9.1", "2022年9月1日", "20220901"):
        assert parse_day(text) == date(2022, 9, 1), text
    assert parse_day("2022-02-30") is None
    assert parse_day("九月一日") is None


@pytest.mark.parametrize("text", ["２０２２－０９－０１", "2022－9－1", "2022／9／1", "２０２２．９．１",
                                  "２０２２年９月１日", "　2022-09-01　"])
def test_dates_typed_full_width(text: str) -> None:
    # A Chinese input method types the marks between a date's parts full width too: the
    # digits were read, the marks made "not a valid date" (on the command line and in files).
    assert parse_day(text) == date(2022, 9, 1)


def test_iso_dates_take_the_quick_way_to_the_same_answer() -> None:
    # Every date of a cached record is ISO: parse_day takes it without the patterns, and
    # must answer exactly as they do, on each side of every edge.
    cases = {"2024-02-29": date(2024, 2, 29), "2022-02-29": None, "2022-02-28": date(2022, 2, 28),
             "2022-12-31": date(2022, 12, 31), "2022-13-01": None, "2022-00-10": None,
             "2022-01-00": None, "2022-01-31": date(2022, 1, 31), "2022-01-32": None,
             "0000-01-01": None, "0001-01-01": date(1, 1, 1), "9999-12-31": date(9999, 12, 31),
             "2022-W01-1": None, "2022-+1-01": None, " 2022-01-05 ": date(2022, 1, 5),
             "２０２２-01-05": date(2022, 1, 5), "2022-1-05": date(2022, 1, 5)}
    for text, day in cases.items():
        assert parse_day(text) == day, text
