"""Amounts in đồng as people type them: the one parser (``workflow_project.numbers.amount_parse``)
at both sides of each of its boundaries, and the form field and API field that read with it."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from rest_framework import serializers

from workflow_project.api import AmountField as ApiAmountField
from workflow_project.forms import AmountField, AmountInput
from workflow_project.numbers import AMOUNT_MAX, AMOUNT_MAX_LENGTH, amount_parse

MESSAGE = "Enter the amount in đồng, for example 50.000.000 (dots between thousands, no decimals)."
MESSAGE_VI = "Nhập số tiền bằng đồng, ví dụ 50.000.000 (dấu chấm ngăn cách hàng nghìn, không có phần thập phân)."


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# The parser: what it reads.
@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("50.000.000", 50_000_000),
        ("50000000", 50_000_000),
        ("50 000 000", 50_000_000),
        ("50\u00a0000\u00a0000", 50_000_000),  # a non-breaking space, as a word processor pastes it
        ("50\u202f000\u202f000", 50_000_000),  # a narrow one, as a spreadsheet does
        ("  50.000.000 ", 50_000_000),  # spaces around it
        ("0", 0),
        ("7", 7),
        ("999", 999),
        ("1.000", 1_000),  # the shortest grouping
        ("999.999", 999_999),  # a first group of three
        ("1.000.000.000", 1_000_000_000),
        ("007", 7),  # leading zeros in plain digits read the same
        ("49.999.999", 49_999_999),
        (str(AMOUNT_MAX), AMOUNT_MAX),  # the largest the database holds: the range is the fields' to check
    ],
)
def test_an_amount_is_read_plain_or_grouped_by_dots_or_spaces(text, amount):
    assert amount_parse(text) == amount


# The parser: what it refuses, each one step past what it reads.
@pytest.mark.parametrize(
    "text",
    [
        "50.000000",  # what Chromium's number input makes of a typed 50.000.000
        "50.00000",  # a group of five
        "50.0000",  # a group of four
        "50.00",  # a group of two
        "50.0",  # a group of one
        "5000.000",  # a first group of four
        "50.000.00",  # the last group short
        "50,5",  # a decimal comma: đồng have no decimals
        "50,000",  # English thousands: a decimal comma here
        "50,000,000",
        "50.5",
        "50.000,5",
        "50.000 000",  # two separators
        "50 000.000",
        "50  000",  # two spaces
        ".500",
        "500.",
        "0.500",  # a grouped amount starts with no zero: elsewhere, a half
        "050.000",
        "-5",
        "-50.000.000",
        "−5",  # the minus sign
        "+5",
        "5e7",
        "50tr",
        "50.000.000đ",
        "năm mươi triệu",
        "\u0665\u0660",  # digits of another script
        "",
        "   ",
        "1" * (AMOUNT_MAX_LENGTH + 1),
    ],
)
def test_an_ambiguous_or_malformed_amount_is_refused(text):
    with pytest.raises(ValueError):
        amount_parse(text)


def test_the_longest_text_still_read_is_the_limit():
    assert amount_parse("1" * AMOUNT_MAX_LENGTH) == int("1" * AMOUNT_MAX_LENGTH)


@pytest.mark.parametrize("value", [50_000_000, None, 50.0, b"50"])
def test_only_text_is_parsed(value):
    with pytest.raises(ValueError):
        amount_parse(value)


# The screens' form field.
@pytest.mark.parametrize(("typed", "amount"), [("50.000.000", 50_000_000), ("50 000 000", 50_000_000), ("0", 0)])
def test_the_form_field_reads_what_the_parser_reads(typed, amount):
    assert AmountField(required=False).clean(typed) == amount


@pytest.mark.parametrize("typed", ["", "  ", None])
def test_the_form_field_takes_nothing_typed_for_no_amount(typed):
    assert AmountField(required=False).clean(typed) is None


@pytest.mark.parametrize("typed", ["50.000000", "50,5", "-5", "abc"])
def test_the_form_field_refuses_with_the_expected_form_in_the_message(typed):
    with pytest.raises(ValidationError) as refused:
        AmountField(required=False).clean(typed)
    assert refused.value.messages == [MESSAGE]


def test_the_message_is_in_vietnamese_for_vietnamese_screens():
    with translation.override("vi"):
        with pytest.raises(ValidationError) as refused:
            AmountField(required=False).clean("50.000000")
        assert refused.value.messages == [MESSAGE_VI]


def test_the_form_field_refuses_more_than_the_database_holds():
    field = AmountField(required=False)
    assert field.clean(str(AMOUNT_MAX)) == AMOUNT_MAX
    with pytest.raises(ValidationError) as refused:
        field.clean(str(AMOUNT_MAX + 1))
    assert [error.code for error in refused.value.error_list] == ["max_value"]


def test_the_input_is_text_with_a_digit_keyboard_never_a_number_input():
    html = AmountInput().render("support_amount", 50_000_000)

    assert 'type="text"' in html
    assert 'type="number"' not in html
    assert 'inputmode="numeric"' in html
    assert "data-amount" in html
    assert 'value="50.000.000"' in html


def test_the_input_shows_what_was_typed_when_it_is_refused():
    assert 'value="50.000000"' in AmountInput().render("support_amount", "50.000000")


# The API's field.
class Amounts(serializers.Serializer):
    amount = ApiAmountField(required=False, allow_null=True)


def api_read(value):
    serializer = Amounts(data={"amount": value})
    return serializer.validated_data["amount"] if serializer.is_valid() else serializer.errors["amount"]


@pytest.mark.parametrize(
    ("value", "amount"),
    [
        (50_000_000, 50_000_000),  # a JSON integer
        (0, 0),
        (AMOUNT_MAX, AMOUNT_MAX),
        ("50.000.000", 50_000_000),
        ("50 000 000", 50_000_000),
        ("50000000", 50_000_000),
        (None, None),
        ("", None),
    ],
)
def test_the_api_field_reads_an_integer_or_the_screens_forms(value, amount):
    assert api_read(value) == amount


@pytest.mark.parametrize("value", ["50.000000", "50,5", "-5", -1, 50.5, 50_000_000.0, True, False, [5], {"a": 5}])
def test_the_api_field_refuses_what_is_ambiguous_or_no_whole_amount(value):
    assert api_read(value) == [MESSAGE]


def test_the_api_field_refuses_more_than_the_database_holds():
    assert api_read(AMOUNT_MAX + 1) == [f"Ensure this value is less than or equal to {AMOUNT_MAX}."]
    assert api_read(str(AMOUNT_MAX + 1)) == [f"Ensure this value is less than or equal to {AMOUNT_MAX}."]
